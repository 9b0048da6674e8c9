"""Which hooks each entry-point plugin implements, remembered between processes (lazy loading).

A one-shot command that calls few hooks (``guichet extract``: format detection, XML, text
layer or OCR, field rules) need not import the fifty plugins of the web UI, connectors and
network: importing them all costs about half a second of CPU before any work. After a full
load, :func:`write` records per plugin the hooks it implements, and the files of every module
the plugins imported with their size and modification time. :func:`read` trusts that index
only when the entry points are the same (names, modules, distributions and versions) and none
of those files changed; otherwise the caller loads every plugin, as without an index.

A plugin that adds one-shot commands may say which hooks each calls, in a module attribute
``COMMAND_HOOKS`` (command name -> hook names, e.g. ``{"validate": {"detect_format", ...}}``):
the index remembers it with the plugin's name, so that ``guichet validate`` imports that plugin
and the plugins implementing those hooks only (no stages, no database layer).

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

VERSION = 2

#: Module attribute where a plugin declares its commands' hooks (see above).
COMMAND_HOOKS = "COMMAND_HOOKS"


def cache_dir() -> Path:
    """The folder of the index (``$XDG_CACHE_HOME/guichet`` or ``~/.cache/guichet``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "guichet"


def fingerprint(entry_points: Iterable[Any]) -> str:
    """A digest of the entry points (name, module, distribution, version) and of this Python.

    Each distribution's name and version are read once: every access parses its metadata file again
    (the fifty entry points of one distribution cost some 50 ms of every command's start-up).
    """
    dists: dict[int, tuple[Any, str, str]] = {}

    def named(dist: Any) -> tuple[str, str]:
        known = dists.get(id(dist))
        if known is None or known[0] is not dist:
            known = dists[id(dist)] = (dist, getattr(dist, "name", "") or "", getattr(dist, "version", "") or "")
        return known[1], known[2]

    rows = sorted((ep.name, ep.value, *named(ep.dist)) for ep in entry_points)
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


def _read(entry_points: Iterable[Any]) -> dict[str, Any] | None:
    path = _path(fingerprint(entry_points))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files, plugins, commands = data.get("files"), data.get("plugins"), data.get("commands")
    if not isinstance(files, dict) or not isinstance(plugins, dict) or not isinstance(commands, dict):
        return None
    for file, stamp in files.items():
        if _stamp(file) != stamp:
            return None
    return data


def read(entry_points: Iterable[Any]) -> dict[str, list[str]] | None:
    """The hooks of each plugin (entry-point name) if the index is still true, else None."""
    data = _read(entry_points)
    if data is None:
        return None
    return {str(name): [str(h) for h in hooks] for name, hooks in data["plugins"].items()}


def read_command(entry_points: Iterable[Any], command: str) -> tuple[str, frozenset[str]] | None:
    """``(plugin, hooks)`` for a plugin command whose plugin declared its hooks, if the index is still true."""
    data = _read(entry_points)
    entry = data["commands"].get(command) if data is not None else None
    if not isinstance(entry, dict) or not isinstance(entry.get("plugin"), str):
        return None
    return entry["plugin"], frozenset(str(h) for h in entry.get("hooks", []))


def declared_commands(plugins: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The commands the plugins (name -> module) declare in ``COMMAND_HOOKS``: command -> plugin and hooks.

    A command declared by two plugins is left out (its command line loads every plugin).
    """
    found: dict[str, dict[str, Any]] = {}
    twice: set[str] = set()
    for name, module in plugins.items():
        declared = getattr(module, COMMAND_HOOKS, None)
        if not isinstance(declared, dict):
            continue
        for command, hooks in declared.items():
            if command in found:
                twice.add(command)
            found[str(command)] = {"plugin": name, "hooks": sorted(str(h) for h in hooks)}
    return {command: entry for command, entry in found.items() if command not in twice}


def module_files(names: Iterable[str]) -> list[str]:
    """The source files of the modules ``names`` (those that have one)."""
    out = []
    for name in names:
        file = getattr(sys.modules.get(name), "__file__", None)
        if file:
            out.append(file)
    return sorted(set(out))


def write(entry_points: Iterable[Any], plugins: dict[str, list[str]], files: Iterable[str],
          commands: dict[str, dict[str, Any]] | None = None) -> None:
    """Record ``plugins`` (entry-point name -> hook names), ``commands`` (:func:`declared_commands`)
    and the stamps of ``files``; silent on failure."""
    stamps = {file: stamp for file in files if (stamp := _stamp(file)) is not None}
    path = _path(fingerprint(entry_points))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"plugins": plugins, "commands": commands or {}, "files": stamps}), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:  # a read-only home: every command loads every plugin
        log.debug("plugin index not written: %s", exc)
