"""A watched folder, polled (network shares and USB sticks do not deliver inotify events).

Each poll lists the folder; a file is taken once it is complete: its size and
modification time have not changed since the previous poll, or it was last
modified more than ``stable_seconds`` ago. Temporary names (``.part``, ``.tmp``,
a leading dot) are never taken. Once stored by intake, a file moves to the
``processed`` sub-folder (dated), so nothing is taken twice and nothing is lost.

The folder and its processed sub-folder are host paths: the core confines them under
the roots the firm admin declares (``[connectors] allowed_roots``) and resolves them
before every run (core/access/host_paths.py); only firm staff configure this connector.
Links are never followed: a file or sub-folder that is a symbolic link is skipped,
and files are opened with ``O_NOFOLLOW``.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.connectors import IncomingFile, SettingField
from guichet.core.errors import ConnectorError
from guichet.core.access.host_paths import is_inside
from guichet.core.model.states import Channel
from guichet.core.storage.dropped_files import is_temporary, move_into

if TYPE_CHECKING:
    from collections.abc import Iterator

class WatchedFolderConnector:
    """Takes the complete files of a folder; stateless (sizes seen live in the cursor)."""

    id = "watched_folder"
    label = "Dossier surveillé (partage réseau)"
    version = "1.0"
    channel = Channel.SCANNER
    directions = frozenset({"inbound"})
    settings_fields = (
        SettingField("path", "Dossier", kind="folder", required=True,
                     help="chemin monté sur le serveur (NFS, SMB...), sous un dossier autorisé par le cabinet"),
        SettingField("stable_seconds", "Délai de stabilité (secondes)", kind="int", default=60,
                     help="un fichier inchangé depuis ce délai est considéré comme complet"),
        SettingField("processed_folder", "Sous-dossier des fichiers traités", kind="subfolder", within="path",
                     default="traites"),
        SettingField("recursive", "Inclure les sous-dossiers", kind="bool", default=False),
    )

    def check(self, settings: dict[str, Any]) -> list[str]:
        """The folder must exist and be writable (files are moved once taken)."""
        path = Path(str(settings.get("path") or ""))
        if not settings.get("path"):
            return ["« Dossier » est obligatoire"]
        if not path.is_dir():
            return [f"le dossier {path} n'existe pas ou n'est pas monté"]
        return []

    def fetch(self, settings: dict[str, Any], cursor: dict[str, Any]) -> Iterator[IncomingFile]:
        """Yield each complete file, then move it to the processed folder.

        ``settings["path"]`` and ``settings["processed_folder"]`` arrive resolved and
        confined by the core; files are still checked to resolve inside the folder.
        """
        problems = self.check(settings)
        if problems:
            raise ConnectorError("; ".join(problems))
        root = Path(settings["path"])
        processed = Path(settings.get("processed_folder") or root / "traites")
        stable = float(settings.get("stable_seconds") if settings.get("stable_seconds") is not None else 60)
        now = time.time()
        seen: dict[str, list[int]] = cursor.get("seen", {})
        current: dict[str, list[int]] = {}
        for path in _files(root, processed, recursive=bool(settings.get("recursive"))):
            relative = str(path.relative_to(root))
            try:
                st = path.lstat()
            except FileNotFoundError:
                continue
            mark = [st.st_size, st.st_mtime_ns]
            if seen.get(relative) != mark and now - st.st_mtime < stable:
                current[relative] = mark  # still moving: look again next time
                continue
            data = _read_no_follow(path, root)
            if data is None:
                continue
            yield IncomingFile(data, path.name, None, {"path": relative, "folder": str(root), "size": st.st_size})
            # Stored by intake when we get here.
            move_into(path, processed / dt.date.today().isoformat() / path.parent.relative_to(root))
        cursor["seen"] = current


def _files(root: Path, processed: Path, *, recursive: bool) -> list[Path]:
    """Regular files of ``root`` (and its sub-folders), never through a link, never the processed ones."""
    found = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if recursive and not (here / d).is_symlink()
                         and here / d != processed and not is_temporary(d))
        for name in sorted(names):
            path = here / name
            if not is_temporary(name) and not path.is_symlink() and path.is_file():
                found.append(path)
    return found


def _read_no_follow(path: Path, root: Path) -> bytes | None:
    """The bytes of a regular file inside ``root``; None for a link or anything swapped meanwhile."""
    if not is_inside(path, root):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read()


class UsbDropFolderConnector(WatchedFolderConnector):
    """A USB stick or disk used as a drop folder (mounted by the appliance's udev rule)."""

    id = "usb_drop"
    label = "Clé ou disque USB (dossier de dépôt)"
    settings_fields = (
        SettingField("path", "Point de montage", kind="folder", required=True, default="/media/guichet",
                     help="dossier où la clé USB est montée"),
        *WatchedFolderConnector.settings_fields[1:],
    )

    def check(self, settings: dict[str, Any]) -> list[str]:
        """An absent stick is normal: report it, the next poll will find it."""
        problems = super().check(settings)
        return [p.replace("n'est pas monté", "n'est pas branchée ou pas montée") for p in problems]

    def fetch(self, settings: dict[str, Any], cursor: dict[str, Any]) -> Iterator[IncomingFile]:
        """Nothing while no stick is mounted (not an error); otherwise as a watched folder."""
        if not Path(str(settings.get("path") or "")).is_dir():
            return
        yield from super().fetch(settings, cursor)


class StatementFolderConnector(WatchedFolderConnector):
    """A folder where the bank's software drops statements (camt.053/054, CFONB 120) for one company.

    Its files are not invoices: ``delivers`` tells the runner to hand them to the statement
    import (core/money/statements.py), which keeps the original, refuses a malformed file with
    its line and reason, skips a statement seen before and reconciles the new lines.
    """

    id = "statement_folder"
    label = "Dossier de relevés bancaires (camt, CFONB 120)"
    delivers = "bank_statement"


@hookimpl
def register_connectors() -> list[type]:
    """The watched folder, the USB drop folder and the statement folder."""
    return [WatchedFolderConnector, UsbDropFolderConnector, StatementFolderConnector]
