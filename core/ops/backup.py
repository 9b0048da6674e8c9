"""Consistent backups of an instance, and their restore.

A backup is a folder::

    guichet-backup-20260127T221500Z/
        MANIFEST.json        what is inside, with the SHA-256 and size of every file
        database.sqlite3     SQLite online backup (embedded default), or
        database.pgdump      ``pg_dump --format=custom`` (scale-out)
        files/...            the instance folder: blobs/, archive/, secret_key, guichet.toml...

Order matters: the database is copied first, the files after. Blobs are written
(and fsynced) before the rows that name them and are never deleted, so every blob
the database copy refers to is in the files copy. The queue (``queue.db`` or
Redis) is not saved: after a restore the worker re-enqueues pending documents
(:func:`guichet.core.ops.tasks.resume_pending`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from guichet.core.settings import Settings

FORMAT_VERSION = 1
MANIFEST = "MANIFEST.json"
#: Files of the instance folder that are not copied as files: the database (copied
#: through the backup API) and the queue (rebuilt at start).
_SKIP_NAMES = ("guichet.db", "guichet.db-wal", "guichet.db-shm", "guichet.db-journal",
               "queue.db", "queue.db-wal", "queue.db-shm", "queue.db-journal")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is French and says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1])


def _pg_args(url: str) -> tuple[list[str], dict[str, str]]:
    """``pg_dump``/``pg_restore`` connection options and environment for a postgresql:// URL."""
    parts = urlsplit(url)
    args = ["--host", parts.hostname or "127.0.0.1", "--port", str(parts.port or 5432)]
    if parts.username:
        args += ["--username", unquote(parts.username)]
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)  # never on the command line
    return args, env


def _pg_dbname(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {done.stderr.strip()[:500]}")


def _is_skipped(relative: Path, destination: Path | None, source_root: Path) -> bool:
    if len(relative.parts) == 1 and relative.name in _SKIP_NAMES:
        return True
    if relative.name.startswith(".tmp-"):  # an unfinished blob write
        return True
    return destination is not None and (source_root / relative).resolve().is_relative_to(destination)


def backup(settings: Settings, destination: str | os.PathLike[str]) -> Path:
    """Write a backup of the instance into a new folder under ``destination``; return that folder.

    :param settings: The instance to save.
    :param destination: Parent folder (created if missing).
    :raises BackupError: when the database cannot be copied.
    """
    now = dt.datetime.now(dt.UTC)
    target = Path(destination).resolve() / f"guichet-backup-{now:%Y%m%dT%H%M%S%fZ}"
    target.mkdir(parents=True)
    url = settings.database_url
    if url.startswith("sqlite"):
        if not _sqlite_path(url).is_file():
            target.rmdir()
            raise BackupError(f"aucune base à sauvegarder : {_sqlite_path(url)}")
        db_file = target / "database.sqlite3"
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(db_file)
        try:
            with copy:
                source.backup(copy)  # online: consistent even while workers write
        finally:
            copy.close()
            source.close()
        kind = "sqlite"
    else:
        db_file = target / "database.pgdump"
        args, env = _pg_args(url)
        _run(["pg_dump", "--format=custom", "--no-owner", *args, "--file", str(db_file), _pg_dbname(url)], env)
        kind = "postgresql"
    data_dir = settings.data_dir
    files_root = target / "files"
    files_root.mkdir()
    entries: list[dict[str, Any]] = []
    dest_resolved = target.resolve()
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if not path.is_file() or path.is_symlink() or _is_skipped(relative, dest_resolved, data_dir):  # no sockets
            continue
        out = files_root / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, out)
        entries.append({"path": str(relative), "size": out.stat().st_size, "sha256": _sha256(out)})
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": now.isoformat(timespec="seconds"),
        "database": {"kind": kind, "file": db_file.name, "sha256": _sha256(db_file),
                     "schema_versions": _schema_versions()},
        "files": entries,
        "guichet_version": _version(),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
    return target


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("guichet")
    except PackageNotFoundError:
        return "unknown"


def _schema_versions() -> list[int]:
    from guichet.core.model.models import SchemaVersion, db

    if db.obj is None:
        return []
    with db.connection_context():
        return sorted(row.version for row in SchemaVersion.select())


def verify(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """Check a backup folder against its manifest; return the manifest.

    :raises BackupError: naming the first missing or altered file.
    """
    root = Path(folder)
    manifest_file = root / MANIFEST
    if not manifest_file.is_file():
        raise BackupError(f"{root} n'est pas une sauvegarde Guichet (pas de {MANIFEST})")
    manifest = json.loads(manifest_file.read_text("utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"format de sauvegarde inconnu : {manifest.get('format')}")
    database = manifest["database"]
    if _sha256(root / database["file"]) != database["sha256"]:
        raise BackupError(f"sauvegarde altérée : {database['file']}")
    for entry in manifest["files"]:
        path = root / "files" / entry["path"]
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            raise BackupError(f"sauvegarde altérée ou incomplète : {entry['path']}")
    return manifest


def restore(settings: Settings, folder: str | os.PathLike[str], *, force: bool = False) -> dict[str, Any]:
    """Put the backup in ``folder`` back into the instance described by ``settings``.

    Stop the web and the workers first. The database is replaced; the files are
    copied back (blobs already present are kept, as they are identical by name).

    :param settings: The instance to restore into (its database URL and folder).
    :param folder: A folder written by :func:`backup`.
    :param force: Replace an instance that already has data.
    :returns: The manifest of the restored backup.
    :raises BackupError: when the backup is altered, of another kind, or the instance is not empty.
    """
    root = Path(folder)
    manifest = verify(root)
    url = settings.database_url
    kind = "sqlite" if url.startswith("sqlite") else "postgresql"
    if manifest["database"]["kind"] != kind:
        raise BackupError(f"sauvegarde {manifest['database']['kind']}, instance {kind} : "
                          "restaurez dans une instance du même type puis migrez")
    data_dir = settings.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        db_path = _sqlite_path(url)
        if db_path.exists() and not force:
            raise BackupError(f"{db_path} existe déjà : ajoutez --force pour le remplacer")
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        source = sqlite3.connect(root / manifest["database"]["file"])
        target = sqlite3.connect(db_path)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        args, env = _pg_args(url)
        command = ["pg_restore", "--no-owner", "--single-transaction", *args, "--dbname", _pg_dbname(url)]
        if force:
            command[1:1] = ["--clean", "--if-exists"]
        _run([*command, str(root / manifest["database"]["file"])], env)
    for entry in manifest["files"]:
        source_file = root / "files" / entry["path"]
        out = data_dir / entry["path"]
        if out.exists() and out.stat().st_size == entry["size"] and _sha256(out) == entry["sha256"]:
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.chmod(0o600)
            out.unlink()
        shutil.copy2(source_file, out)
    return manifest
