"""Which hooks each entry-point plugin implements, remembered between processes (lazy loading).

A one-shot command that calls few hooks (``guichet extract``: format detection, XML, text
layer or OCR, field rules) need not import the fifty plugins of the web UI, connectors and
network: importing them all costs about half a second of CPU before any work. After a full
load, :func:`write` records per plugin the hooks it implements, and the files of every module
the plugins imported with their size and modification time. :func:`read` trusts that index
only when the entry points are the same (names, modules, distributions and versions) and none
of those files changed; otherwise the caller loads every plugin, as without an index.

The index lives in the user's cache folder (``$XDG_CACHE_HOME/guichet``, else
``~/.cache/guichet``); when it cannot be written, every command simply loads every plugin.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

log = logging.getLogger(__name__)

VERSION = 1


def cache_dir() -> Path:
    """The folder of the index (``$XDG_CACHE_HOME/guichet`` or ``~/.cache/guichet``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "guichet"


def fingerprint(entry_points: Iterable[Any]) -> str:
    """A digest of the entry points (name, module, distribution, version) and of this Python."""
    rows = sorted(
        (ep.name, ep.value, getattr(ep.dist, "name", "") or "", getattr(ep.dist, "version", "") or "")
        for ep in entry_points
    )
    text = json.dumps([VERSION, sys.version, sys.prefix, rows])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _path(key: str) -> Path:
    return cache_dir() / f"plugin-hooks-{key}.json"


def _stamp(path: str) -> list[int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def read(entry_points: Iterable[Any]) -> dict[str, list[str]] | None:
    """The hooks of each plugin (entry-point name) if the index is still true, else None."""
    path = _path(fingerprint(entry_points))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files")
    plugins = data.get("plugins")
    if not isinstance(files, dict) or not isinstance(plugins, dict):
        return None
    for file, stamp in files.items():
        if _stamp(file) != stamp:
            return None
    return {str(name): [str(h) for h in hooks] for name, hooks in plugins.items()}


def module_files(names: Iterable[str]) -> list[str]:
    """The source files of the modules ``names`` (those that have one)."""
    out = []
    for name in names:
        file = getattr(sys.modules.get(name), "__file__", None)
        if file:
            out.append(file)
    return sorted(set(out))


def write(entry_points: Iterable[Any], plugins: dict[str, list[str]], files: Iterable[str]) -> None:
    """Record ``plugins`` (entry-point name -> hook names) and the stamps of ``files``; silent on failure."""
    stamps = {file: stamp for file in files if (stamp := _stamp(file)) is not None}
    path = _path(fingerprint(entry_points))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"plugins": plugins, "files": stamps}), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:  # a read-only home: every command loads every plugin
        log.debug("plugin index not written: %s", exc)
