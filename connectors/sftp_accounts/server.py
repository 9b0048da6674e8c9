"""An SFTP server for office scanners: one jailed inbox per company account.

Scanners push files with SFTP (paramiko server side). Each account belongs to one
company (connector ``sftp_server`` configured per company: user name, password
and/or public keys) and sees only its own inbox. A file is taken once it is
complete: when the client closes it under its final name, when it is renamed
from a temporary name (``.part``, ``.tmp``, a leading dot), or, for files left
behind (server stopped mid-way), once its size has been stable for a while.
Taken files go through intake, then move to ``processed/`` beside the inbox. A
transfer cut off mid-way is moved to ``interrupted/``, never taken.

Run it with ``guichet sftp-server``; the accounts' connector and the command live in
:mod:`guichet.connectors.sftp_accounts` (the plugin), so that paramiko is imported
only by the server process.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import os
import socket
import threading
import time
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

import paramiko
from paramiko import SFTPAttributes, SFTPHandle, SFTPServer, SFTPServerInterface
from paramiko.sftp import SFTP_FAILURE, SFTP_OK, SFTP_OP_UNSUPPORTED, SFTP_PERMISSION_DENIED

from guichet.connectors.sftp_accounts import SftpServerConnector, public_keys
from guichet.core.model.states import Channel
from guichet.core.storage.dropped_files import is_temporary, move_into

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

#: Seconds during which a taken file still answers ``stat`` (clients confirm an upload that way).
TAKEN_MEMORY = 60.0


# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------


class Account:
    """An authenticated account: its company and its folders."""

    def __init__(self, config_id: int, company_id: int, username: str, root: Path) -> None:
        """Folders are ``<root>/<username>/{inbox,processed,interrupted}``; ``username`` is a checked name."""
        from guichet.core.access import account_names

        if not account_names.is_valid(username):  # never a path: no "/", no "..", never absolute
            msg = f"identifiant SFTP invalide : {username!r}"
            raise ValueError(msg)
        self.config_id, self.company_id, self.username = config_id, company_id, username
        self.home = root / username
        self.inbox = self.home / "inbox"
        for folder in (self.inbox, self.home / "processed", self.home / "interrupted"):
            folder.mkdir(parents=True, exist_ok=True)


def find_account(rt: Runtime, username: str) -> tuple[Any, dict[str, Any]] | None:
    """The enabled configuration holding the account ``username`` and its clear settings, or None.

    Names are looked up in the instance-wide register of account names
    (:mod:`guichet.core.access.account_names`): a malformed name never matches, and a
    name has one owner only.
    """
    from guichet.core.access import account_names
    from guichet.core.ops.connector_runs import clear_settings

    if not account_names.is_valid(username):
        return None
    with rt.database.connection_context():
        config = account_names.owner(SftpServerConnector.id, username)
        if config is None or not config.enabled or config.company_id is None:
            return None
        values = clear_settings(rt, config, SftpServerConnector())
    if values.get("username") != username:
        return None
    return config, values


class Lockout:
    """Wrong SFTP passwords, counted three ways within a sliding window of ``window`` seconds.

    - one account from one address: after ``per_pair`` failures, that account is refused
      from that address (a scanner left with a wrong password locks itself only);
    - one account from any address (a guess spread over many addresses): after
      ``per_account`` failures the account is refused, except from the addresses where
      it logged in successfully in the last ``trusted_days`` days;
    - one address for any account (names tried one after the other): after
      ``per_address`` failures the address is refused, except for the accounts that
      logged in successfully from it.

    So the scanners behind one office NAT keep working while one of them types wrong
    passwords, and nobody elsewhere can lock a working scanner out. Refused attempts are
    not counted. Kept in the server process's memory (a restart forgets it).
    """

    def __init__(self, per_pair: int = 5, window: float = 900.0, *, per_account: int | None = None,
                 per_address: int | None = None, trusted_days: float = 30.0) -> None:
        """Limits: ``per_pair`` failures per account and address; 4× for an account, 6× for an address."""
        self.per_pair = max(1, per_pair)
        self.per_account = per_account or 4 * self.per_pair
        self.per_address = per_address or 6 * self.per_pair
        self.window = window
        self.trusted_for = trusted_days * 86400
        self._failures: dict[tuple[str, ...], deque[float]] = {}
        self._trusted: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Any) -> Lockout:
        """Limits from ``[connectors] sftp_max_failures`` and ``sftp_lockout_minutes``."""
        return cls(int(settings.get("connectors.sftp_max_failures", 5)),
                   float(settings.get("connectors.sftp_lockout_minutes", 15)) * 60)

    def _recent(self, key: tuple[str, ...], now: float) -> int:
        times = self._failures.get(key)
        while times and now - times[0] >= self.window:
            times.popleft()
        return len(times) if times else 0

    def refused(self, account: str, address: str) -> bool:
        """True when ``account`` may not try a password from ``address`` now."""
        account, now = account[:64], time.monotonic()
        with self._lock:
            if self._recent(("pair", account, address), now) >= self.per_pair:
                return True
            known = now - self._trusted.get((account, address), -self.trusted_for) < self.trusted_for
            if known:
                return False
            return (self._recent(("account", account), now) >= self.per_account
                    or self._recent(("address", address), now) >= self.per_address)

    def failed(self, account: str, address: str) -> str | None:
        """Count one wrong password; the scope it just locked (``account+address``, ``account``, ``address``)."""
        account, now = account[:64], time.monotonic()
        locked = None
        with self._lock:
            for key, limit, scope in ((("pair", account, address), self.per_pair, "account+address"),
                                      (("account", account), self.per_account, "account"),
                                      (("address", address), self.per_address, "address")):
                count = self._recent(key, now) + 1
                self._failures.setdefault(key, deque()).append(now)
                if count == limit and locked is None:
                    locked = scope
            if len(self._failures) > 10000:  # a spray of made-up names: forget what has expired
                for key in [k for k in self._failures if not self._recent(k, now)]:
                    del self._failures[key]
        return locked

    def succeeded(self, account: str, address: str) -> None:
        """Remember that ``account`` logs in from ``address``; its failures there are forgotten."""
        account, now = account[:64], time.monotonic()
        with self._lock:
            self._trusted[(account, address)] = now
            self._failures.pop(("pair", account, address), None)
            if len(self._trusted) > 10000:
                self._trusted = {k: t for k, t in self._trusted.items() if now - t < self.trusted_for}


class AuthServer(paramiko.ServerInterface):
    """Checks passwords and keys against the companies' SFTP accounts."""

    def __init__(self, server: SftpIntakeServer, peer: str = "") -> None:
        """Authenticate for ``server`` a client connecting from ``peer`` (its IP address)."""
        self.server = server
        self.peer = peer
        self.account: Account | None = None

    def get_allowed_auths(self, username: str) -> str:
        """Password and public key."""
        return "password,publickey"

    def check_auth_password(self, username: str, password: str) -> int:
        """Compare in constant time with the stored (decrypted) password; repeated failures lock out.

        Failures are counted per account and source address, per account and per address
        (:class:`Lockout`): a scanner with a wrong password never locks the others behind
        the same office NAT.
        """
        if self.server.lockout.refused(username, self.peer):
            log.warning("SFTP: %s from %s refused (too many wrong passwords)", username, self.peer)
            return paramiko.AUTH_FAILED
        found = find_account(self.server.rt, username)
        stored = (found[1].get("password") or "") if found else ""
        if found and stored and hmac.compare_digest(stored.encode(), password.encode()):
            self.server.lockout.succeeded(username, self.peer)
            return self._accept(found, username)
        self.server.failed(self.peer, username, found[0] if found else None)
        return paramiko.AUTH_FAILED

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        """Accept a key listed in the account's public keys."""
        if self.server.lockout.refused(username, self.peer):
            return paramiko.AUTH_FAILED
        found = find_account(self.server.rt, username)
        if found and key.get_base64() in public_keys(found[1].get("public_keys")):
            self.server.lockout.succeeded(username, self.peer)
            return self._accept(found, username)
        return paramiko.AUTH_FAILED

    def _accept(self, found: tuple[Any, dict[str, Any]], username: str) -> int:
        config = found[0]
        self.account = Account(config.id, config.company_id, username, self.server.root)
        return paramiko.AUTH_SUCCESSFUL

    def check_channel_request(self, kind: str, chanid: int) -> int:
        """Sessions only (for the sftp subsystem); no shell, no forwarding."""
        return paramiko.OPEN_SUCCEEDED if kind == "session" else paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


# ---------------------------------------------------------------------------
# The jailed file system
# ---------------------------------------------------------------------------


class InboxHandle(SFTPHandle):
    """An open file; closing a written file under a final name hands it to intake."""

    def __init__(self, flags: int, jail: JailedSftp, path: Path, writing: bool) -> None:
        """Remember where the file is and whether it is being written."""
        super().__init__(flags)
        self.jail, self.path, self.writing = jail, path, writing

    def stat(self) -> Any:
        """Attributes of the open file."""
        try:
            return SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)

    def chattr(self, attr: Any) -> int:
        """Accepted and ignored (clients set times after an upload)."""
        return SFTP_OK

    def write(self, offset: int, data: bytes) -> int:
        """Write, unless the file would grow past the configured maximum (a full disk stops intake)."""
        if offset + len(data) > self.jail.server.max_bytes:
            self.too_big = True
            return SFTP_FAILURE
        return super().write(offset, data)

    def close(self) -> None:
        """Close; take the file when the client closed it (not when the session broke)."""
        super().close()
        if not self.writing:
            return
        if getattr(self, "too_big", False):
            self.jail.server.set_aside(self.jail.account, self.path)
        elif self.jail.ended:
            self.jail.server.set_aside(self.jail.account, self.path)
        elif not is_temporary(self.path.name):
            self.jail.server.take(self.jail.account, self.path)


class JailedSftp(SFTPServerInterface):
    """The account's inbox as the whole file system: no way out, no links."""

    def __init__(self, server: paramiko.ServerInterface, *args: Any, **kwargs: Any) -> None:
        """Bind to the authenticated account of ``server`` (an :class:`AuthServer`)."""
        super().__init__(server, *args, **kwargs)
        self.server: SftpIntakeServer = server.server
        self.account: Account = server.account
        self.ended = False

    def session_ended(self) -> None:
        """Files still open now were cut off: they will be set aside, not taken."""
        self.ended = True

    def _real(self, path: str) -> Path:
        return self.account.inbox / self.canonicalize(path).lstrip("/")

    def canonicalize(self, path: str) -> str:
        """Absolute, normalised, inside ``/`` (``..`` cannot climb out)."""
        return os.path.normpath("/" + path.replace("\\", "/")).replace("//", "/")

    def list_folder(self, path: str) -> Any:
        """The entries of a folder of the inbox."""
        real = self._real(path)
        try:
            out = []
            for name in sorted(os.listdir(real)):
                attr = SFTPAttributes.from_stat(os.lstat(real / name))
                attr.filename = name
                out.append(attr)
            return out
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)

    def stat(self, path: str) -> Any:
        """Attributes of a path; a file taken a moment ago still answers (clients check the size)."""
        real = self._real(path)
        try:
            return SFTPAttributes.from_stat(os.lstat(real))
        except OSError as exc:
            recent = self.server.recently_taken(real)
            return recent if recent is not None else SFTPServer.convert_errno(exc.errno)

    lstat = stat

    def open(self, path: str, flags: int, attr: Any) -> Any:
        """Open for reading or writing (never through a link)."""
        real = self._real(path)
        if real.is_symlink():
            return SFTP_PERMISSION_DENIED
        try:
            fd = os.open(real, flags | getattr(os, "O_NOFOLLOW", 0), 0o640)
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)
        writing = bool(flags & (os.O_WRONLY | os.O_RDWR))
        if flags & os.O_WRONLY:
            mode = "ab" if flags & os.O_APPEND else "wb"
        elif flags & os.O_RDWR:
            mode = "a+b" if flags & os.O_APPEND else "r+b"
        else:
            mode = "rb"
        handle = InboxHandle(flags, self, real, writing)
        handle.readfile = handle.writefile = os.fdopen(fd, mode)
        return handle

    def remove(self, path: str) -> int:
        """Delete a file of the inbox."""
        try:
            os.remove(self._real(path))
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)
        return SFTP_OK

    def rename(self, oldpath: str, newpath: str) -> int:
        """Rename; renaming a temporary name to a final one completes the upload."""
        old, new = self._real(oldpath), self._real(newpath)
        try:
            os.rename(old, new)
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)
        if new.is_file() and is_temporary(old.name) and not is_temporary(new.name):
            self.server.take(self.account, new)
        return SFTP_OK

    posix_rename = rename

    def mkdir(self, path: str, attr: Any) -> int:
        """Create a sub-folder of the inbox."""
        try:
            os.mkdir(self._real(path), 0o750)
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)
        return SFTP_OK

    def rmdir(self, path: str) -> int:
        """Remove an empty sub-folder."""
        try:
            os.rmdir(self._real(path))
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)
        return SFTP_OK

    def chattr(self, path: str, attr: Any) -> int:
        """Accepted and ignored."""
        return SFTP_OK

    def symlink(self, target_path: str, path: str) -> int:
        """Links are refused (they could point out of the jail)."""
        return SFTP_OP_UNSUPPORTED

    def readlink(self, path: str) -> int:
        """Links are refused."""
        return SFTP_OP_UNSUPPORTED


# ---------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------


def load_host_key(path: Path) -> paramiko.PKey:
    """The server's Ed25519 host key, created (mode 0600) on first start."""
    if not path.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption())
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
    return paramiko.Ed25519Key(filename=str(path))


class SftpIntakeServer:
    """Accepts SFTP connections and hands complete files to intake."""

    def __init__(self, rt: Runtime, *, host: str = "127.0.0.1", port: int = 0, root: Path | None = None,
                 host_key: Path | None = None, stable_seconds: float = 60.0, max_mb: int | None = None) -> None:
        """Bind ``host:port`` (0: any free port, see :attr:`port`)."""
        self.rt = rt
        self.max_bytes = int(max_mb or rt.settings.get("connectors.sftp_max_file_mb", 512)) * 1024 * 1024
        self.lockout = Lockout.from_settings(rt.settings)
        data_dir = rt.settings.data_dir
        self.root = Path(root or rt.settings.get("connectors.sftp_root") or data_dir / "sftp")
        self.root.mkdir(parents=True, exist_ok=True)
        self.host_key = load_host_key(Path(host_key or rt.settings.get("connectors.sftp_host_key")
                                           or data_dir / "sftp_host_key"))
        self.stable_seconds = stable_seconds
        self.sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.listen(32)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sizes: dict[Path, tuple[int, int, float]] = {}
        self._taken: dict[Path, tuple[SFTPAttributes, float]] = {}

    # -- connections --------------------------------------------------------

    def serve_forever(self) -> None:
        """Accept connections until :meth:`stop`; sweep left-over files every few seconds."""
        self.sock.settimeout(1.0)
        last_sweep = 0.0
        while not self._stop.is_set():
            if time.monotonic() - last_sweep > min(self.stable_seconds, 10):
                self.sweep()
                last_sweep = time.monotonic()
            try:
                conn, _addr = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def start(self) -> threading.Thread:
        """Serve in a background thread (tests, embedding)."""
        thread = threading.Thread(target=self.serve_forever, daemon=True, name="guichet-sftp")
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop accepting connections."""
        self._stop.set()
        self.sock.close()

    def _session(self, conn: socket.socket) -> None:
        transport = paramiko.Transport(conn)
        try:
            transport.add_server_key(self.host_key)
            transport.set_subsystem_handler("sftp", SFTPServer, JailedSftp)
            auth = AuthServer(self, conn.getpeername()[0])
            transport.start_server(server=auth)
            channel = transport.accept(60)
            while channel is not None and transport.is_active() and not self._stop.is_set():
                time.sleep(0.2)
        except Exception:  # one bad client never stops the server
            log.warning("SFTP session failed", exc_info=True)
        finally:
            transport.close()

    def failed(self, peer: str, username: str, config: Any = None) -> None:
        """Count a wrong password from ``peer``; record an event when it locks something."""
        log.warning("SFTP: wrong password for %s from %s", username, peer)
        locked = self.lockout.failed(username, peer)
        if locked:
            from guichet.core.model import events
            from guichet.core.model.models import db

            with self.rt.database.connection_context(), db.atomic():
                events.record("sftp.locked", company_id=config.company_id if config is not None else None,
                              data={"account": username[:64], "address": peer, "scope": locked,
                                    "minutes": round(self.lockout.window / 60)})

    # -- intake --------------------------------------------------------------

    def take(self, account: Account, path: Path) -> bool:
        """Hand a complete file to intake, then move it to ``processed/``. False on failure."""
        from guichet.core.ops import tasks
        from guichet.core.pipeline import intake
        from guichet.core.model.models import Company

        with self._lock:
            if not path.is_file():
                return False
            try:
                attrs = SFTPAttributes.from_stat(path.stat())
                with self.rt.database.connection_context(), path.open("rb") as data:  # copied in chunks
                    company = Company.get_by_id(account.company_id)
                    relative = str(path.relative_to(account.inbox))
                    document, created = intake.receive(
                        self.rt, company, data, path.name, channel=str(Channel.SCANNER),
                        context={"connector": SftpServerConnector.id, "config_id": account.config_id,
                                 "sftp_user": account.username, "path": relative})
                    if created:
                        tasks.submit(document.id, document.state)
                    self._record(account.config_id, created, None)
            except Exception as exc:  # the file stays in the inbox; the sweep retries
                log.exception("SFTP file %s could not be taken", path)
                with self.rt.database.connection_context():
                    self._record(account.config_id, False, f"{type(exc).__name__}: {exc}")
                return False
            move_into(path, account.home / "processed" / dt.date.today().isoformat())
            self._sizes.pop(path, None)
            now = time.monotonic()
            self._taken = {p: v for p, v in self._taken.items() if now - v[1] < TAKEN_MEMORY}
            self._taken[path] = (attrs, now)
            return True

    def recently_taken(self, path: Path) -> SFTPAttributes | None:
        """The attributes of ``path`` if it was taken less than a minute ago."""
        found = self._taken.get(path)
        return found[0] if found and time.monotonic() - found[1] < TAKEN_MEMORY else None

    def set_aside(self, account: Account, path: Path) -> None:
        """Move a transfer that was cut off to ``interrupted/`` (never taken)."""
        if path.is_file():
            move_into(path, account.home / "interrupted")

    def _record(self, config_id: int, created: bool, error: str | None) -> None:
        from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
        from guichet.core.model.models import utcnow

        now = utcnow()
        fields: dict[Any, Any] = {ConnectorConfig.last_run_at: now, ConnectorConfig.updated_at: now}
        if error:
            fields.update({ConnectorConfig.status: ConnectorStatus.ERROR, ConnectorConfig.last_error: error})
        else:
            fields.update({ConnectorConfig.status: ConnectorStatus.OK, ConnectorConfig.last_error: None,
                           ConnectorConfig.last_success_at: now,
                           ConnectorConfig.files_received: ConnectorConfig.files_received + int(created)})
        ConnectorConfig.update(fields).where(ConnectorConfig.id == config_id).execute()

    def sweep(self, now: float | None = None) -> int:
        """Take files left in inboxes whose size and time have not moved for ``stable_seconds``."""
        from guichet.core.model.connector_models import ConnectorConfig

        now = time.time() if now is None else now
        taken = 0
        for home in sorted(p for p in self.root.iterdir() if (p / "inbox").is_dir()):
            found = find_account(self.rt, home.name)
            if found is None:
                continue
            config: ConnectorConfig = found[0]
            account = Account(config.id, config.company_id, home.name, self.root)
            for path in sorted(p for p in account.inbox.rglob("*") if p.is_file() and not p.is_symlink()):
                if is_temporary(path.name):
                    continue
                st = path.stat()
                previous = self._sizes.get(path)
                if previous and previous[:2] == (st.st_size, st.st_mtime_ns) and now - previous[2] >= self.stable_seconds:
                    taken += self.take(account, path)
                elif not previous or previous[:2] != (st.st_size, st.st_mtime_ns):
                    self._sizes[path] = (st.st_size, st.st_mtime_ns, now)
        return taken
