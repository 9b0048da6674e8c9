"""Folder sync to the firm: each company's files pushed to the firm's server, incrementally.

Tree, per company::

    <SIREN>/<année>/<achats|ventes>/<numéro>.pdf    the sealed Factur-X (or the archived file)
    <SIREN>/<année>/<SIREN>FEC<année>1231.txt       the entries file of the year (or the chosen format)
    <SIREN>/SHA256SUMS                               the manifest: « sha256  path » of every file sent

Targets: an SFTP server (paramiko client, the server's host key pinned, key or password; the
connection goes to the address :mod:`guichet.core.access.outbound` checked) or a local folder
under the declared roots (:mod:`guichet.core.access.host_paths`); both configured by the firm
admin only. Every file is written under a temporary name, then renamed: nothing is ever half-
written under its final name. What was sent is recorded file by file (:class:`SyncFile`), so
an interrupted run resumes where it stopped and an unchanged file is never sent again.

``guichet sync run --company SIREN`` runs it now; ``guichet sync set`` configures it; the
worker runs every configured company when its period (``every_minutes``) has passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import click

from guichet.core import hookimpl
from guichet.core.ops.cli_instance import fail as _fail
from guichet.core.ops.cli_instance import runtime_and_company
from guichet.core.ops.task_declarations import periodic_task, task
from guichet.core.model.models import paris_today

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from guichet.core.model.models import Company, User
    from guichet.core.ops.runtime import Runtime
    from guichet.core.settings import Settings

KINDS = ("sftp", "folder")
MANIFEST = "SHA256SUMS"
DEFAULT_EVERY_MINUTES = 60


class SyncRefused(ValueError):
    """A sync that cannot be configured or run (French message)."""


@dataclass
class SyncReport:
    """What one run sent."""

    target: str
    sent: list[str] = field(default_factory=list)
    unchanged: int = 0
    error: str | None = None


@dataclass
class Planned:
    """A file of the tree: its path, its SHA-256 when known before reading it, and its bytes."""

    path: str
    load: Callable[[], bytes]
    sha256: str | None = None
    document_id: int | None = None


# ---------------------------------------------------------------------------
# Configuration (firm admin only)
# ---------------------------------------------------------------------------


def configure(settings: Settings, company: Company, values: dict[str, Any], *, user: User | None) -> dict[str, Any]:
    """Check and store ``company``'s sync target; secrets encrypted. ``user`` None: the instance's administrator."""
    from guichet.core import connector_vault
    from guichet.core.access import host_paths, outbound
    from guichet.core.errors import HostPathRefused, OutboundRefused
    from guichet.core.model import events
    from guichet.core.model.models import db

    if user is not None and not (user.firm_id == company.firm_id and user.firm_role == "admin"):
        msg = "seul l'administrateur du cabinet configure la synchronisation"
        raise SyncRefused(msg)
    kind = str(values.get("kind") or "")
    if kind not in KINDS:
        msg = f"type de cible inconnu : « {kind} » (sftp ou folder)"
        raise SyncRefused(msg)
    try:
        every = int(values.get("every_minutes") or DEFAULT_EVERY_MINUTES)
    except ValueError:
        every = 0
    if every < 5:
        msg = "période de synchronisation : au moins 5 minutes"
        raise SyncRefused(msg)
    chosen = values.get("format") or ((company.settings or {}).get("export") or {}).get("format") or "fec"
    stored: dict[str, Any] = {"kind": kind, "every_minutes": every, "format": str(chosen)}
    try:
        if kind == "folder":
            stored["folder"] = str(host_paths.confine_folder(settings, values.get("folder")))
        else:
            host = str(values.get("host") or "").strip()
            port = int(values.get("port") or 22)
            if not 0 < port < 65536:
                msg = f"port {port} invalide"
                raise SyncRefused(msg)
            outbound.check_host(settings, host, port)
            root = str(values.get("root") or "").strip() or "."
            if ".." in PurePosixPath(root).parts or "\x00" in root:
                msg = f"dossier distant « {root} » refusé"
                raise SyncRefused(msg)
            username = str(values.get("username") or "").strip()
            if not username:
                msg = "utilisateur SFTP obligatoire"
                raise SyncRefused(msg)
            host_key = str(values.get("host_key") or "").strip()
            _parse_host_key(host_key)
            stored.update({"host": host, "port": port, "root": root, "username": username, "host_key": host_key})
            private_key = str(values.get("private_key") or "").strip()
            password = str(values.get("password") or "")
            if not private_key and not password:
                msg = "clé privée ou mot de passe SFTP obligatoire"
                raise SyncRefused(msg)
            if private_key:
                _load_private_key(private_key)
                stored["private_key"] = connector_vault.encrypt_text(settings, private_key)
            if password:
                stored["password"] = connector_vault.encrypt_text(settings, password)
    except (HostPathRefused, OutboundRefused) as exc:
        raise SyncRefused(str(exc)) from exc
    current = dict(company.settings or {})
    current["sync"] = stored
    company.settings = current
    with db.atomic():
        company.save(only=["settings"])
        events.record("sync.configured", company_id=company.id, user_id=user.id if user else None,
                      data={k: v for k, v in stored.items() if k not in ("private_key", "password")})
    return stored


def _parse_host_key(text: str) -> Any:
    import base64

    import paramiko

    parts = text.split()
    if len(parts) < 2:
        msg = "clé d'hôte du serveur obligatoire (« ssh-ed25519 AAAA... », comme dans known_hosts)"
        raise SyncRefused(msg)
    try:
        return paramiko.PKey.from_type_string(parts[0], base64.b64decode(parts[1]))
    except (ValueError, paramiko.SSHException) as exc:
        msg = f"clé d'hôte illisible : {exc}"
        raise SyncRefused(msg) from exc


def _load_private_key(pem: str) -> Any:
    import paramiko

    for kind in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return kind.from_private_key(io.StringIO(pem))
        except (paramiko.SSHException, ValueError):
            continue
    msg = "clé privée SFTP illisible (OpenSSH ou PEM, sans phrase de passe)"
    raise SyncRefused(msg)


# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------


class FolderTarget:
    """A local folder under the declared roots (resolved again at each run)."""

    def __init__(self, settings: Settings, folder: str) -> None:
        from guichet.core.access import host_paths
        from guichet.core.errors import HostPathRefused

        try:
            self.root = host_paths.confine_folder(settings, folder)
        except HostPathRefused as exc:
            raise SyncRefused(str(exc)) from exc
        self.label = str(self.root)

    def write(self, path: str, data: bytes) -> None:
        """Write under a temporary name in the same folder, fsync, rename."""
        final = self.root / path
        final.parent.mkdir(parents=True, exist_ok=True)
        if not final.resolve().is_relative_to(self.root):
            msg = f"{path} sort du dossier cible"
            raise OSError(msg)
        handle, temporary = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            Path(temporary).replace(final)
        finally:
            Path(temporary).unlink(missing_ok=True)

    def close(self) -> None:
        """Nothing to close."""


class SftpTarget:
    """The firm's SFTP server: pinned host key, key or password, the outbound-checked address."""

    def __init__(self, settings: Settings, config: dict[str, Any]) -> None:
        import socket

        import paramiko

        from guichet.core import connector_vault
        from guichet.core.access import outbound
        from guichet.core.errors import OutboundRefused

        host, port = config["host"], int(config.get("port") or 22)
        self.label = f"sftp://{config['username']}@{host}:{port}/{config.get('root') or ''}".rstrip("/")
        try:
            address = outbound.connect_address(settings, host, port)
        except OutboundRefused as exc:
            raise SyncRefused(str(exc)) from exc
        expected = _parse_host_key(config["host_key"])
        sock = socket.create_connection((address, port), timeout=30)
        self.transport = paramiko.Transport(sock)
        try:
            self.transport.start_client(timeout=30)
            offered = self.transport.get_remote_server_key()
            if offered.get_name() != expected.get_name() or offered.asbytes() != expected.asbytes():
                msg = f"clé d'hôte de {host} différente de celle enregistrée : connexion refusée"
                raise SyncRefused(msg)
            secret_key = connector_vault.decrypt_value(settings, config.get("private_key"))
            if secret_key:
                self.transport.auth_publickey(config["username"], _load_private_key(secret_key))
            else:
                self.transport.auth_password(config["username"], connector_vault.decrypt_value(settings, config.get("password")))
            self.sftp = paramiko.SFTPClient.from_transport(self.transport)
        except BaseException:
            self.transport.close()
            raise
        self.root = PurePosixPath(config.get("root") or ".")
        self._made: set[str] = set()

    def _mkdirs(self, folder: PurePosixPath) -> None:
        current = PurePosixPath(folder.parts[0]) if folder.is_absolute() else PurePosixPath()
        for part in folder.parts[1 if folder.is_absolute() else 0:]:
            current = current / part
            key = str(current)
            if key in self._made:
                continue
            try:
                self.sftp.stat(key)
            except OSError:
                self.sftp.mkdir(key)
            self._made.add(key)

    def write(self, path: str, data: bytes) -> None:
        """``put`` to ``.<name>.part`` then ``posix-rename`` over the final name."""
        final = self.root / path
        self._mkdirs(final.parent)
        temporary = final.parent / f".{final.name}.part"
        self.sftp.putfo(io.BytesIO(data), str(temporary), file_size=len(data), confirm=True)
        self.sftp.posix_rename(str(temporary), str(final))

    def close(self) -> None:
        """End the session."""
        self.transport.close()


def open_target(settings: Settings, config: dict[str, Any]) -> FolderTarget | SftpTarget:
    """The target of a stored configuration."""
    if config.get("kind") == "folder":
        return FolderTarget(settings, config.get("folder") or "")
    if config.get("kind") == "sftp":
        return SftpTarget(settings, config)
    msg = "aucune synchronisation configurée pour ce dossier"
    raise SyncRefused(msg)


# ---------------------------------------------------------------------------
# The tree
# ---------------------------------------------------------------------------


def plan(rt: Runtime, company: Company, entries_format: str = "fec") -> Iterator[Planned]:
    """The company's files: archived invoices per year and direction, then the entries files.

    The FEC is one file a year (the law's); another format follows the dossier's export rhythm
    (``settings["export"]["schedule"]``: ``monthly``, ``quarterly`` or ``yearly``), one file per
    period begun.
    """
    from guichet.core.money import exports

    years: set[int] = set()
    for item in exports.archived_files(company):
        years.add(int(item.path.split("/", 1)[0]))
        yield Planned(f"{company.siren}/{item.path}", (lambda key=item.blob_key: rt.blobs.get(key)), sha256=item.sha256,
                      document_id=item.document_id)
    schedule = "yearly" if entries_format == "fec" else \
        str(((company.settings or {}).get("export") or {}).get("schedule") or "yearly")
    for year in sorted(years):
        for label, start, end in periods(year, schedule):
            yield _entries_file(rt, company, year, label, start, end, entries_format)


def periods(year: int, schedule: str, today: dt.date | None = None) -> list[tuple[str, dt.date, dt.date]]:
    """The periods of ``year`` begun by ``today``: (label, first day, last day)."""
    today = today or paris_today()
    if schedule == "monthly":
        found = [(f"{year}-{m:02d}", dt.date(year, m, 1),
                  (dt.date(year + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))) for m in range(1, 13)]
    elif schedule == "quarterly":
        found = [(f"{year}-T{q}", dt.date(year, 3 * q - 2, 1),
                  (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1))) for q in range(1, 5)]
    else:
        found = [(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))]
    return [period for period in found if period[1] <= today] or found[:1]


def _entries_file(rt: Runtime, company: Company, year: int, label: str, start: dt.date, end: dt.date,
                  fmt_name: str) -> Planned:
    """The entries of one period (FEC: the year), generated without marking anything exported in that format."""
    from guichet.core.money import exports

    fmt = exports.formats(rt.pm).get(fmt_name)
    if fmt is None:
        msg = f"format d'écritures inconnu pour la synchronisation : {fmt_name}"
        raise SyncRefused(msg)
    name = f"{company.siren}FEC{end:%Y%m%d}.txt" if fmt.name == "fec" else f"ecritures-{label}.{fmt.extension}"
    options = ((company.settings or {}).get("export") or {}).get("options", {}).get(fmt.name, {})
    out = io.BytesIO()
    exports.run(rt.pm, rt.settings, company, fmt.name, start, end, out, record=False, again=True, options=options)
    data = out.getvalue()
    return Planned(f"{company.siren}/{year}/{name}", lambda: data, sha256=hashlib.sha256(data).hexdigest())


# ---------------------------------------------------------------------------
# A run
# ---------------------------------------------------------------------------


def run(rt: Runtime, company: Company, *, target: FolderTarget | SftpTarget | None = None) -> SyncReport:
    """Send what changed since the last run; record each file as soon as it is on the target."""
    from guichet.core.model import events
    from guichet.core.model.export_models import ExportMark, SyncFile
    from guichet.core.model.models import db, utcnow

    config = (company.settings or {}).get("sync") or {}
    if target is None:
        try:
            target = open_target(rt.settings, config)
        except SyncRefused:
            raise
        except Exception as exc:  # the firm's server down or refusing: reported, the next period retries
            if not isinstance(exc, (OSError, EOFError)) and not type(exc).__module__.startswith("paramiko"):
                raise
            label = config.get("folder") or f"sftp://{config.get('host')}:{config.get('port') or 22}"
            report = SyncReport(target=str(label), error=f"serveur du cabinet injoignable : {exc}")
            with db.atomic():
                events.record("sync.run", company_id=company.id,
                              data={"target": report.target, "sent": 0, "unchanged": 0, "error": report.error})
            return report
    report = SyncReport(target=target.label)
    sent_document_ids: list[int | None] = []
    sent_before = {row.path: row.sha256 for row in SyncFile.select().where(SyncFile.company == company)}
    try:
        for item in plan(rt, company, str(config.get("format") or "fec")):
            if item.sha256 is not None and sent_before.get(item.path) == item.sha256:
                report.unchanged += 1
                continue
            data = item.load()
            digest = hashlib.sha256(data).hexdigest()
            if sent_before.get(item.path) == digest:
                report.unchanged += 1
                continue
            target.write(item.path, data)
            with db.atomic():
                SyncFile.insert(company=company, path=item.path, sha256=digest, size=len(data), sent_at=utcnow()).on_conflict(
                    conflict_target=[SyncFile.company, SyncFile.path],
                    update={SyncFile.sha256: digest, SyncFile.size: len(data), SyncFile.sent_at: utcnow()}).execute()
                if item.document_id is not None:
                    ExportMark.insert(document=item.document_id, target="sync", exported_at=utcnow()).on_conflict(
                        conflict_target=[ExportMark.document, ExportMark.target],
                        update={ExportMark.exported_at: utcnow()}).execute()
            sent_before[item.path] = digest
            report.sent.append(item.path)
            sent_document_ids.append(item.document_id)
        manifest = "".join(f"{sha}  {path}\n" for path, sha in sorted(sent_before.items())
                           if path != f"{company.siren}/{MANIFEST}").encode("utf-8")
        manifest_path = f"{company.siren}/{MANIFEST}"
        digest = hashlib.sha256(manifest).hexdigest()
        if report.sent or sent_before.get(manifest_path) != digest:
            target.write(manifest_path, manifest)
            with db.atomic():
                SyncFile.insert(company=company, path=manifest_path, sha256=digest, size=len(manifest),
                                sent_at=utcnow()).on_conflict(
                    conflict_target=[SyncFile.company, SyncFile.path],
                    update={SyncFile.sha256: digest, SyncFile.size: len(manifest), SyncFile.sent_at: utcnow()}).execute()
            report.sent.append(manifest_path)
    except (OSError, EOFError) as exc:
        report.error = f"{type(exc).__name__} : {exc}"
    except Exception as exc:  # paramiko's SSHException and the like: the run stops, what was sent stays recorded
        if type(exc).__module__.startswith("paramiko"):
            report.error = f"{type(exc).__name__} : {exc}"
        else:
            raise
    finally:
        target.close()
    sent_documents = [doc_id for doc_id in sent_document_ids if doc_id is not None]
    if sent_documents:
        rt.pm.hook.documents_exported(company=company, document_ids=sent_documents, target="sync")
    with db.atomic():
        events.record("sync.run", company_id=company.id,
                      data={"target": report.target, "sent": len(report.sent), "unchanged": report.unchanged,
                            "error": report.error})
    return report


def due_companies(now: dt.datetime | None = None) -> list[int]:
    """Companies with a sync configured whose period has passed since their last run."""
    from guichet.core.model.models import Company, Event, utcnow

    now = now or utcnow()
    due = []
    for company in Company.select(Company.id, Company.settings):
        config = (company.settings or {}).get("sync")
        if not config or config.get("kind") not in KINDS:
            continue
        last = (Event.select(Event.created_at).where((Event.kind == "sync.run") & (Event.company_id == company.id))
                .order_by(Event.id.desc()).first())
        every = int(config.get("every_minutes") or DEFAULT_EVERY_MINUTES)
        if last is None or last.created_at <= now - dt.timedelta(minutes=every):
            due.append(company.id)
    return due


@task(name="guichet.sync.run", runtime=True)
def sync_company_task(rt: Runtime, company_id: int) -> dict[str, Any]:
    """Run one company's sync (a failure is reported in the event, the next period retries)."""
    from guichet.core.model.models import Company

    with rt.database.connection_context():
        try:
            report = run(rt, Company.get_by_id(company_id))
        except SyncRefused as exc:
            return {"company": company_id, "error": str(exc)}
    return {"company": company_id, "sent": len(report.sent), "error": report.error}


@periodic_task(name="guichet.sync.poll", minute="*/5", once_per=300, runtime=True)
def poll_sync_task(rt: Runtime) -> int:
    """Every 5 minutes, enqueue the sync of every company whose period has passed."""
    with rt.database.connection_context():
        due = due_companies()
    for company_id in due:
        sync_company_task(company_id)
    return len(due)


# ---------------------------------------------------------------------------
# guichet sync
# ---------------------------------------------------------------------------


def register(cli: click.Group) -> None:
    """The ``sync`` group."""

    @cli.group("sync")
    def sync() -> None:
        """Synchronisation des dossiers vers le serveur du cabinet (SFTP ou dossier monté)."""

    @sync.command("run")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.pass_context
    def sync_run(ctx: click.Context, siren: str) -> None:
        """Synchroniser maintenant et afficher ce qui a été envoyé."""
        rt, company = runtime_and_company(siren, ctx)
        with rt.database.connection_context():
            try:
                report = run(rt, company)
            except SyncRefused as exc:
                _fail(str(exc), 2)
        for path in report.sent:
            click.echo(f"envoyé : {path}")
        click.echo(f"{len(report.sent)} fichier(s) envoyé(s), {report.unchanged} déjà à jour → {report.target}")
        if report.error:
            _fail(f"synchronisation interrompue : {report.error} (elle reprendra où elle s'est arrêtée)", 1)

    @sync.command("set")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.option("--kind", type=click.Choice(KINDS), required=True, help="sftp ou folder (dossier monté).")
    @click.option("--folder", help="Dossier local (sous les dossiers autorisés).")
    @click.option("--host", help="Serveur SFTP du cabinet.")
    @click.option("--port", type=int, default=22, show_default=True)
    @click.option("--username", help="Utilisateur SFTP.")
    @click.option("--root", help="Dossier distant.")
    @click.option("--host-key", help="Clé publique du serveur (« ssh-ed25519 AAAA... »).")
    @click.option("--private-key-file", type=click.Path(dir_okay=False), help="Clé privée du client (OpenSSH).")
    @click.option("--password-env", help="Variable d'environnement contenant le mot de passe SFTP.")
    @click.option("--every-minutes", type=int, default=DEFAULT_EVERY_MINUTES, show_default=True)
    @click.option("--format", "entries_format", default="fec", show_default=True, help="Format du fichier d'écritures.")
    @click.pass_context
    def sync_set(ctx: click.Context, siren: str, kind: str, folder: str | None, host: str | None, port: int,
                 username: str | None, root: str | None, host_key: str | None, private_key_file: str | None,
                 password_env: str | None, every_minutes: int, entries_format: str) -> None:
        """Configurer la cible de synchronisation du dossier (administrateur de l'instance)."""
        rt, company = runtime_and_company(siren, ctx)
        values = {"kind": kind, "folder": folder, "host": host, "port": port, "username": username, "root": root,
                  "host_key": host_key, "every_minutes": every_minutes, "format": entries_format,
                  "private_key": Path(private_key_file).read_text("utf-8") if private_key_file else None,
                  "password": os.environ.get(password_env, "") if password_env else None}
        with rt.database.connection_context():
            try:
                stored = configure(rt.settings, company, values, user=None)
            except SyncRefused as exc:
                _fail(str(exc), 2)
        click.echo(f"synchronisation {stored['kind']} configurée pour {company.name}, toutes les {stored['every_minutes']} min")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``guichet sync run|set``."""
    register(cli)
