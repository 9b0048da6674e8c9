"""Parsed TOML files kept between processes, for the package files every command that reads a page parses.

:mod:`tomllib` is written in Python: the field rules' five label files (``labels/*.toml``, 90 KB) took 50-100 ms
CPU to parse in each new process, and the shipped settings (``defaults.toml``) some 15 ms more; ``guichet extract``
of a text PDF spends under 0.4 s in all. The parsed tables are kept in the user's cache folder (beside the
compiled patterns, :mod:`guichet.core.parsing.regex_store`) as JSON (read in about a millisecond), one file
per ``name`` and digest of the texts they were parsed from (``toml-labels-<digest>.json``): a changed file, another
Python, a broken or foreign cache file are parsed again. The cache folder is the user's, shared by the installed
versions that run as this user (the web service and the worker while one is upgraded, the worktrees of a
developer): each version keeps its own file, so that none parses again what another just replaced; the
:data:`KEPT_VERSIONS` most recently written files of a name are kept, older ones removed.

Only TOML's plain values are kept (tables, arrays, strings, numbers, booleans: JSON keeps them as they are, an
integer apart from a float): a text holding a date is parsed every time, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

#: Bumped when what a file holds changes.
_FORMAT = 1

#: How many versions' files of one name are kept (the most recently written).
KEPT_VERSIONS = 4


def _path(name: str, digest: str) -> Path:
    from guichet.core.plugin_index import cache_dir

    return cache_dir() / f"toml-{re.sub(r'[^a-z0-9_]', '_', name.lower())}-{digest[:16]}.json"


def _drop_old(path: Path) -> None:
    """Removes the files of ``path``'s name but the :data:`KEPT_VERSIONS` most recently written."""
    name = path.name.rsplit("-", 1)[0]

    def written(kept: Path) -> float:
        try:
            return kept.stat().st_mtime
        except OSError:  # removed by another process meanwhile
            return 0.0

    for old in sorted(path.parent.glob(f"{name}-*.json"), key=written, reverse=True)[KEPT_VERSIONS:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _digest(texts: tuple[str, ...]) -> str:
    head = f"{_FORMAT}|{sys.version}"
    return hashlib.sha256("\x00".join((head, *texts)).encode()).hexdigest()


def parsed(name: str, texts: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each of ``texts`` parsed by :func:`tomllib.loads`, from what an earlier process kept under ``name`` when the
    texts are the same (else parsed and kept for the next). Each call returns new tables: the caller may change them."""
    digest = _digest(texts)
    path = _path(name, digest)
    with contextlib.suppress(Exception):  # no file yet, unreadable, another version: parsed below
        kept_digest, tables = json.loads(path.read_bytes())
        if kept_digest == digest and isinstance(tables, list) and len(tables) == len(texts):
            return tables
    import tomllib  # its import compiles patterns: only when parsing

    tables = [tomllib.loads(text) for text in texts]
    with contextlib.suppress(Exception):  # a read-only home, a full disk, a date (JSON keeps none): parsed again
        data = json.dumps([digest, tables], ensure_ascii=False, allow_nan=False).encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        _drop_old(path)
    return tables
