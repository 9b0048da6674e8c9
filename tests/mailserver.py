"""A real Dovecot (IMAP + LMTP) on loopback for the mail connector tests.

Started from Debian's ``dovecot`` binary with its own configuration, passwd-file
and free ports chosen at run time (shared/docs/dependencies.md §2). Mail is
delivered through LMTP, as a real MTA would, or appended over IMAP.
"""

from __future__ import annotations

import os
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

CONF = """\
protocols = imap lmtp
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 100
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
  unix_listener lmtp {{
    mode = 0600
  }}
}}
protocol lmtp {{
  postmaster_address = postmaster@example.test
}}
"""


#: Accounts created per prefix at start-up.
USERS = 60


def free_port() -> int:
    """A loopback port free right now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class MailServer:
    """A running Dovecot: add accounts, deliver mail, and read the log."""

    root: Path
    imap_port: int
    lmtp_port: int
    used: int = 0

    def add_user(self, prefix: str = "boite") -> str:
        """A fresh mailbox account (password ``secret``), taken from those created at start.

        Dovecot re-reads its passwd-file only when the mtime changes (1 s resolution),
        so accounts are written once at start-up.
        """
        self.used += 1
        return f"{prefix}{self.used}@example.test"

    def deliver(self, recipient: str, message: bytes) -> None:
        """Deliver ``message`` to ``recipient`` over LMTP."""
        with smtplib.LMTP("127.0.0.1", self.lmtp_port) as lmtp:
            lmtp.sendmail("expediteur@example.test", [recipient], message)

    def client(self, user: str, password: str = "secret"):
        """A logged-in IMAPClient for ``user``."""
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=self.imap_port, ssl=False)
        client.login(user, password)
        return client

    def settings_for(self, user: str, **extra: object) -> dict[str, object]:
        """Connector settings for ``user`` on this server."""
        return {"host": "127.0.0.1", "port": self.imap_port, "security": "none",
                "username": user, "password": "secret", **extra}


@pytest.fixture(scope="module")
def mailserver():
    """A Dovecot for the module; skipped when Dovecot is not installed or we are not root."""
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(binary).exists() or os.geteuid() != 0:
        pytest.skip("dovecot (Debian dovecot-imapd, dovecot-lmtpd) needs to run as root")
    root = Path(tempfile.mkdtemp(prefix="guichet-dovecot-"))
    root.chmod(0o755)
    (root / "mail").mkdir()
    os.chown(root / "mail", 65534, 65534)
    (root / "passwd").write_text("".join(
        f"{prefix}{n}@example.test:{{PLAIN}}secret\n"
        for prefix in ("boite", "factures", "twice", "html", "rules", "catchall", "bad", "good")
        for n in range(1, USERS + 1)))
    server = MailServer(root, free_port(), free_port())
    conf = root / "dovecot.conf"
    conf.write_text(CONF.format(root=root, imap_port=server.imap_port, lmtp_port=server.lmtp_port))
    subprocess.run([binary, "-c", str(conf)], check=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", server.imap_port), timeout=1).close()
                socket.create_connection(("127.0.0.1", server.lmtp_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail(f"dovecot did not start: {(root / 'dovecot.log').read_text(errors='replace')}")
        yield server
    finally:
        subprocess.run([binary, "-c", str(conf), "stop"], check=False)
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)
