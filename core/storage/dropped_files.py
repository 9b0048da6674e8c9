"""Files that scanners and shares drop into folders: names of a copy in progress, moving a file aside.

Shared by the connectors that take files from a folder (watched folder, USB drop folder,
the SFTP inbox of office scanners): they import this, never each other.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

TEMPORARY_SUFFIXES = (".part", ".tmp", ".temp", ".crdownload", ".filepart", ".partial", "~")


def is_temporary(name: str) -> bool:
    """True for names used while a copy is in progress."""
    return name.startswith((".", "~$")) or name.lower().endswith(TEMPORARY_SUFFIXES)


def move_into(path: Path, folder: Path) -> Path:
    """Move ``path`` into ``folder`` without overwriting (``name (2).ext``...)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    n = 2
    while target.exists():
        target = folder / f"{path.stem} ({n}){path.suffix}"
        n += 1
    shutil.move(str(path), target)
    return target
