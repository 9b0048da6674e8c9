"""The legal archive: a write-once store of sealed files, retention, refused deletions.

Layout, the same in every backend and independent of the database::

    <siren>/<fiscal year>/<sha256>.<ext>        the archived file (sealed PDF, or an XML original)
    <siren>/<fiscal year>/<sha256>.<ext>.tsr    RFC 3161 time-stamp response over its SHA-256
    <siren>/<fiscal year>/<sha256>.<ext>.json   sidecar manifest: hashes, token, retention end

The local backend keeps read-only files under ``<data dir>/archive/``; the S3
backend puts objects with an object-lock retention date, so the storage itself
refuses an early deletion. Retention end = the later of ten years after the end
of the fiscal year (Code de commerce L123-22) and the firm's setting. Deleting
before that is refused at every layer and the attempt is logged as an event.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from guichet.core.model import events
from guichet.core.parsing.values import add_years
from guichet.core.storage.blobs import write_read_only
from guichet.core.model.models import db, utcnow

if TYPE_CHECKING:
    from guichet.core.model.archive_models import ArchiveRecord
    from guichet.core.model.models import Company, Event
    from guichet.core.settings import Settings

#: Legal minimum: ten years from the end of the fiscal year (Code de commerce L123-22).
LEGAL_RETENTION_YEARS = 10
#: Where the last verification run is kept, inside the data dir.
VERIFICATION_FILE = "archive-verification.json"


class RetentionError(PermissionError):
    """Deleting an archived file before its retention end."""


class ArchiveConflictError(RuntimeError):
    """A different content was about to be written where a file is already archived."""


# ---------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------


def fiscal_year_end(day: dt.date, month_day: str = "12-31") -> dt.date:
    """The end of the fiscal year that contains ``day``, for a year ending on ``month_day`` (MM-DD)."""
    month, dom = (int(part) for part in month_day.split("-"))

    def end_in(year: int) -> dt.date:
        try:
            return dt.date(year, month, dom)
        except ValueError:  # 02-29 in a common year: the last day of February
            return dt.date(year, month, dom - 1)

    end = end_in(day.year)
    return end if day <= end else end_in(day.year + 1)


def retention_for(company: Company, day: dt.date, settings: Settings) -> tuple[dt.date, dt.date]:
    """(end of the fiscal year of ``day``, retention end) for a document of ``company``.

    The fiscal year end comes from the company's settings (``fiscal_year_end``,
    MM-DD), else ``archive.fiscal_year_end``; the retention is the later of the
    legal ten years and the firm's ``archive.retention_years``.
    """
    month_day = (company.settings or {}).get("fiscal_year_end") or settings.get("archive.fiscal_year_end", "12-31")
    fy_end = fiscal_year_end(day, month_day)
    firm_years = int(settings.get("archive.retention_years", LEGAL_RETENTION_YEARS))
    legal = add_years(fy_end, LEGAL_RETENTION_YEARS)
    firm = add_years(fy_end, firm_years)
    return fy_end, max(legal, firm)


def today() -> dt.date:
    """Today in UTC (the archive's clock)."""
    return utcnow().date()


# ---------------------------------------------------------------------------
# Stores
# ---------------------------------------------------------------------------


@runtime_checkable
class ArchiveStore(Protocol):
    """Write-once storage of archived files under relative paths (see the module layout).

    Implementations SHALL make ``put`` durable before returning, SHALL refuse to
    replace a stored file with different bytes, and SHALL refuse ``delete``
    before ``retain_until`` with :class:`RetentionError`.
    """

    def put(self, path: str, data: bytes, retain_until: dt.date) -> None:
        """Store ``data`` at ``path`` (no-op when the same bytes are there)."""
        ...

    def get(self, path: str) -> bytes:
        """The bytes at ``path``; KeyError when absent."""
        ...

    def exists(self, path: str) -> bool:
        """True when ``path`` is stored."""
        ...

    def delete(self, path: str, retain_until: dt.date, on: dt.date) -> None:
        """Delete ``path``; RetentionError when ``on`` is before ``retain_until``."""
        ...

    def list(self, prefix: str) -> list[str]:
        """The stored paths that start with the folder ``prefix`` (e.g. ``chain/``), sorted."""
        ...


def check_path(path: str) -> str:
    """``path`` when it is a relative path without empty, ``.`` or ``..`` parts; else ValueError."""
    parts = path.split("/")
    if not path or path.startswith("/") or any(part in {"", ".", ".."} for part in parts):
        msg = f"chemin d'archive invalide : {path!r}"
        raise ValueError(msg)
    return path


class LocalArchiveStore:
    """Read-only files under ``root``, each written through a temporary file and fsynced."""

    def __init__(self, root: Path) -> None:
        """Use ``root`` (created if missing)."""
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def local_path(self, path: str) -> Path:
        """The file for the relative ``path``."""
        return self.root / check_path(path)

    def put(self, path: str, data: bytes, retain_until: dt.date) -> None:  # the sidecar carries it
        """Write ``data`` once; the file is made read-only (0440: never world-readable)."""
        target = self.local_path(path)
        if target.exists():
            if hashlib.sha256(target.read_bytes()).digest() != hashlib.sha256(data).digest():
                msg = f"{path} est déjà archivé avec un autre contenu"
                raise ArchiveConflictError(msg)
            return
        write_read_only(target, data)

    def get(self, path: str) -> bytes:
        """Read ``path``."""
        try:
            return self.local_path(path).read_bytes()
        except FileNotFoundError:
            raise KeyError(path) from None

    def exists(self, path: str) -> bool:
        """True when the file is present."""
        return self.local_path(path).exists()

    def delete(self, path: str, retain_until: dt.date, on: dt.date) -> None:
        """Remove ``path`` after its retention end; the sidecar's date wins when it is later."""
        sidecar = self.local_path(path + ".json") if not path.endswith(".json") else None
        if sidecar is not None and sidecar.exists():
            recorded = json.loads(sidecar.read_text("utf-8")).get("retention_end")
            if recorded:
                retain_until = max(retain_until, dt.date.fromisoformat(recorded))
        if on < retain_until:
            msg = f"{path} est conservé jusqu'au {retain_until.isoformat()} : suppression refusée"
            raise RetentionError(msg)
        with contextlib.suppress(FileNotFoundError):
            self.local_path(path).unlink()

    def list(self, prefix: str) -> list[str]:
        """Relative paths of the files under the folder ``prefix``."""
        folder = self.root / check_path(prefix.rstrip("/"))
        if not folder.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in folder.rglob("*") if p.is_file())


def open_archive_store(settings: Settings, pm: Any = None) -> ArchiveStore:
    """The archive store named by ``archive.backend``: ``local`` here, any other from a plugin.

    :param pm: The plugin manager, whose ``archive_store`` hook opens the other backends
        (``s3``: connectors/archive_s3.py, which talks to the bucket).
    """
    backend = settings.get("archive.backend", "local")
    if backend == "local":
        return LocalArchiveStore(settings.data_dir / "archive")
    store = pm.hook.archive_store(settings=settings) if pm is not None else None
    if store is None:
        msg = f"stockage d'archive inconnu : {backend} (extension absente ?)"
        raise ValueError(msg)
    return store


# ---------------------------------------------------------------------------
# Archiving a record
# ---------------------------------------------------------------------------


def archive_path(siren: str, year: int, sha256: str, extension: str) -> str:
    """The relative path of an archived file: ``<siren>/<year>/<sha256>.<ext>``."""
    return f"{siren}/{year}/{sha256}.{extension}"


def sidecar(record: ArchiveRecord, path: str, *, original_is_prefix: bool = False,
            sealed_event: Event | None = None) -> dict[str, Any]:
    """The manifest written beside an archived file (deterministic: a retry writes the same bytes).

    :param original_is_prefix: The received file is the first ``original_size``
        bytes of the archived one (a sealed copy made by incremental update).
    :param sealed_event: The event of the document's sealing: its id and hash are
        written, so that the write-once archive holds the chain up to it (a
        rewritten or truncated event chain then contradicts the archive).
    """
    manifest = {
        "format": "guichet-archive/1",
        "file": path.rsplit("/", 1)[-1],
        "sha256": record.sha256,
        "size": record.size,
        "kind": record.kind,
        "sealed": bool(record.sealed),
        "timestamp_token": path.rsplit("/", 1)[-1] + ".tsr" if record.tst else None,
        "timestamp_token_sha256": hashlib.sha256(bytes(record.tst)).hexdigest() if record.tst else None,
        "original_sha256": record.original_sha256,
        "original_size": record.original_size,
        "original_is_prefix": original_is_prefix,
        "company_siren": record.company.siren,
        "document_id": record.document_id,
        "fiscal_year_end": record.fiscal_year_end.isoformat() if record.fiscal_year_end else None,
        "retention_end": record.retention_end.isoformat() if record.retention_end else None,
        "sealed_at": record.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if sealed_event is not None:
        manifest["sealed_event"] = {"id": sealed_event.id, "hash": sealed_event.hash}
    return manifest


def write_archive(store: ArchiveStore, record: ArchiveRecord, data: bytes, *,
                  sealed_event: Event | None = None) -> str:
    """Write the file, its token and its sidecar to ``store``; return the file's relative path.

    ``record.retention_end`` and ``record.fiscal_year_end`` must be set. Safe to
    call again after a crash: identical bytes are a no-op. ``sealed_event``: see :func:`sidecar`.
    """
    if hashlib.sha256(data).hexdigest() != record.sha256:
        msg = f"le fichier à archiver ne correspond pas à son empreinte {record.sha256}"
        raise ArchiveConflictError(msg)
    path = archive_path(record.company.siren, record.fiscal_year_end.year, record.sha256, record.extension)
    until = record.retention_end
    store.put(path, data, until)
    if record.tst:
        store.put(path + ".tsr", bytes(record.tst), until)
    prefix = hashlib.sha256(data[: record.original_size]).hexdigest() == record.original_sha256
    manifest = json.dumps(sidecar(record, path, original_is_prefix=prefix, sealed_event=sealed_event),
                          ensure_ascii=False, indent=2, sort_keys=True)
    manifest += "\n"
    store.put(path + ".json", manifest.encode("utf-8"), until)
    return path


def delete_archived(
    store: ArchiveStore,
    record: ArchiveRecord,
    *,
    user_id: int | None = None,
    on: dt.date | None = None,
    origin: str = "api",
) -> None:
    """Delete an archived file and its proofs, only after its retention end.

    Before that, the attempt is logged (event ``archive.delete_refused``) and
    :class:`RetentionError` is raised. ``origin`` says which layer asked (api, cli, admin).
    """
    on = on or today()
    until = record.retention_end or dt.date.max
    data = {"path": record.archive_path, "retention_end": until.isoformat(), "origin": origin}
    if on < until:
        with db.atomic():
            events.record("archive.delete_refused", company_id=record.company_id,
                          document_id=record.document_id, user_id=user_id, data=data)
        msg = f"document {record.document_id} : conservé jusqu'au {until.isoformat()}, suppression refusée"
        raise RetentionError(msg)
    path = record.archive_path
    if path:
        for suffix in (".json", ".tsr", ""):
            if suffix == "" or store.exists(path + suffix):
                store.delete(path + suffix, until, on)
    with db.atomic():
        events.record("archive.deleted", company_id=record.company_id,
                      document_id=record.document_id, user_id=user_id, data=data)
        record.delete_instance()


# ---------------------------------------------------------------------------
# Verification runs (shown by the admin page)
# ---------------------------------------------------------------------------


@dataclass
class VerificationRun:
    """The result of one ``guichet archive verify``."""

    started_at: str
    finished_at: str
    ok: bool
    files: int
    seals: int
    tokens: int
    events: int
    chain_stamps: int
    problems: list[str]
    scope: dict[str, Any]
    chain_anchors: int = 0  # signed chain heads of the archive checked


def save_verification(settings: Settings, run: VerificationRun) -> None:
    """Keep ``run`` as the last verification (a JSON file in the data dir)."""
    target = settings.data_dir / VERIFICATION_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(run.__dict__, ensure_ascii=False, indent=2), "utf-8")
    os.replace(tmp, target)


def last_verification(settings: Settings) -> VerificationRun | None:
    """The last verification run, or None when none ran yet."""
    target = settings.data_dir / VERIFICATION_FILE
    if not target.is_file():
        return None
    return VerificationRun(**json.loads(target.read_text("utf-8")))


# ---------------------------------------------------------------------------
# A verification asked for from the web: claimed once, queued, its progress
# ---------------------------------------------------------------------------

#: The progress of the verification asked for last (state, steps done, who asked), in the data dir.
PROGRESS_FILE = "archive-verification-progress.json"
#: Held from the request until the task ends: a second request is refused meanwhile.
CLAIM_FILE = "archive-verification.claim"
#: A claim older than this is a worker that died mid-run: it no longer blocks a new request.
CLAIM_STALE_SECONDS = 6 * 3600
PROGRESS_LABELS = {"queued": "En file d'attente", "running": "En cours", "done": "Terminée", "failed": "Échec"}


def claim_verification(settings: Settings, who: str) -> bool:
    """Claim the right to queue a verification (atomic: O_EXCL); False when one is queued or running."""
    claim = settings.data_dir / CLAIM_FILE
    with contextlib.suppress(FileNotFoundError):
        if dt.datetime.now().timestamp() - claim.stat().st_mtime > CLAIM_STALE_SECONDS:
            claim.unlink()
    try:
        fd = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    save_verification_progress(settings, {"state": "queued", "by": who, "steps": [],
                                          "queued_at": utcnow().isoformat(timespec="seconds") + "Z"})
    return True


def release_verification(settings: Settings) -> None:
    """The task ended (or could not be queued): a new request may come."""
    with contextlib.suppress(FileNotFoundError):
        (settings.data_dir / CLAIM_FILE).unlink()


def verification_claimed(settings: Settings) -> bool:
    """True while a requested verification is queued or running."""
    return (settings.data_dir / CLAIM_FILE).exists()


def save_verification_progress(settings: Settings, progress: dict[str, Any]) -> None:
    """Keep ``progress`` (``state``, ``steps``, ``by``, ``queued_at``) for the admin page."""
    target = settings.data_dir / PROGRESS_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(progress, ensure_ascii=False), "utf-8")
    os.replace(tmp, target)


def verification_progress(settings: Settings) -> dict[str, Any] | None:
    """The progress of the verification asked for last, or None."""
    target = settings.data_dir / PROGRESS_FILE
    try:
        return json.loads(target.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
