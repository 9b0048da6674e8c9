"""Compiled regular expressions kept between processes, for the large patterns every command that reads a page builds.

Python compiles a pattern with its own parser and compiler, written in Python: the label vocabularies' combined
patterns (:attr:`guichet.plugins.fields_rules.vocabulary.Labels._any`, some 50 alternations of 20 to 150 labels) cost
0.2-0.25 s CPU to compile in each new process, a third of what ``guichet extract`` spends outside the OCR on a scanned
page. The compiler's output (the engine's code: a list of integers, the groups' names) is kept in a JSON file of the
user's cache folder (beside the plugin index, :func:`guichet.core.plugin_index.cache_dir`), keyed by the caller's key,
and handed back to the engine (``_sre.compile``, what :func:`re.compile` ends with) by the next process. The
modules of the field rules compile their own patterns the same way (:func:`compiled`, some 300 patterns: 0.1 s CPU
of each ``guichet extract``, a fifth of what it spends outside the OCR on a text PDF). The code is kept as the bytes
of its integers (base64): a list of numbers in JSON took 40 ms to read for 170 patterns, the bytes take a few.

The file's name holds the Python version, the engine's code version (``_sre.MAGIC``: another Python compiles
again) and the folder the package is installed in. The cache folder is the user's, shared by every installed version
run as this user (a developer's worktrees, an appliance's services while one is upgraded): with one file for all,
each process read every version's patterns (2000 kept, 8-10 MB of JSON, some 30 ms CPU, a whole text page's worth)
and versions evicted each other's. Each installation now keeps its own (some 1100 patterns for all that one version
compiles: text, OCR, conversion), and an upgrade in place keeps only the most recently used. Anything unexpected (no folder, a broken file, an engine refusing the code: it checks the code it is given)
falls back to :func:`re.compile`; the file is written once, when the process ends, and replaced whole.
"""

from __future__ import annotations

import array
import atexit
import base64
import contextlib
import hashlib
import json
import os
import re
import sys
import threading
from typing import Any

#: How many patterns the file keeps, the most recently used: one version's worth of all the field rules compile (some
#: 1100 over text, OCR and conversion runs: 50 combined label patterns, 250 labels, the modules' patterns, the
#: patterns built per page), with room for the changed label patterns of an edit or an upgrade in place.
KEPT_PATTERNS = 1500

_lock = threading.Lock()
_entries: dict[str, dict[str, Any]] | None = None
_dirty = False


def _installation() -> str:
    """The folder the package is installed in (``guichet/``: two levels above this module's ``core/parsing``)."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _path() -> str | None:
    import _sre

    from guichet.core.plugin_index import cache_dir

    # "bytes": the code kept as bytes (:func:`_code_bytes`); files of the earlier lists of numbers are left alone.
    version = hashlib.sha256(
        f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|bytes|{_installation()}".encode()).hexdigest()[:12]
    return str(cache_dir() / f"regex-{version}.json")


def _load_all() -> dict[str, dict[str, Any]]:
    global _entries  # noqa: PLW0603 - read once per process
    if _entries is None:
        _entries = {}
        with contextlib.suppress(Exception):  # no file yet, unreadable, not ours: compile as usual
            path = _path()
            if path is not None:
                with open(path, encoding="utf-8") as file:
                    found = json.load(file)
                if isinstance(found, dict):
                    _entries = found
    return _entries


def load(key: str) -> re.Pattern[str] | None:
    """The pattern kept under ``key`` by an earlier process, or None."""
    import _sre

    with _lock:
        entries = _load_all()
        entry = entries.pop(key, None)
        if entry is None:
            return None
        entries[key] = entry  # the most recently used last: the file keeps the last KEPT_PATTERNS
    if not isinstance(entry, dict):
        return None
    try:
        return _sre.compile(entry["text"], entry["flags"], _code_list(entry["code"]), entry["groups"],
                            entry["groupindex"], tuple(entry["indexgroup"]))
    except Exception:  # noqa: BLE001 - another engine's code, a hand-edited file: compiled again by the caller
        return None


def compiled(text: str, flags: int = 0) -> re.Pattern[str]:
    """:func:`re.compile` of ``text`` with ``flags``, from the code an earlier process kept when there is one (else
    compiled and kept for the next): for the patterns a module compiles when it is imported."""
    if not isinstance(text, str):  # a pattern already compiled, bytes: as re.compile takes them
        return re.compile(text, flags)
    flags = int(flags)  # re.I and the like: their number
    key = hashlib.sha256(f"{flags}\x00{text}".encode()).hexdigest()[:32]
    found = load(key)
    if found is not None:
        return found
    return compile_and_keep(key, text, flags)


def compile_and_keep(key: str, text: str, flags: int = 0) -> re.Pattern[str]:
    """``text`` compiled as :func:`re.compile` does, its compiled code kept under ``key`` for the next processes."""
    import _sre
    from re import _compiler, _parser

    try:
        parsed = _parser.parse(text, flags)
        code = _compiler._code(parsed, flags)  # noqa: SLF001 - the compiler's output, as re.compile hands it to _sre
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = {"text": text, "flags": flags | parsed.state.flags, "code": _code_bytes(code),
                 "groups": parsed.state.groups - 1, "groupindex": groupindex, "indexgroup": indexgroup}
        compiled = _sre.compile(text, entry["flags"], code, entry["groups"], groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - another Python's internals: the plain way, nothing kept
        return re.compile(text, flags)
    global _dirty  # noqa: PLW0603 - written when the process ends
    with _lock:
        _load_all()[key] = entry
        if not _dirty:
            _dirty = True
            atexit.register(_write)
    return compiled


def _typecode() -> str:
    """The array type whose items are the engine's code units (``_sre.CODESIZE`` bytes)."""
    import _sre

    return next(code for code in "ILQ" if array.array(code).itemsize == _sre.CODESIZE)


def _code_bytes(code: list[int]) -> str:
    """The engine's code as the text kept in the file: its integers' bytes, base64."""
    return base64.b64encode(array.array(_typecode(), code).tobytes()).decode("ascii")


def _code_list(kept: str) -> list[int]:
    """The engine's code from :func:`_code_bytes`'s text."""
    return array.array(_typecode(), base64.b64decode(kept, validate=True)).tolist()


def _write() -> None:
    """The kept patterns to the cache file, replaced whole (a process writing at the same time loses nothing it needs:
    the next one compiles what is missing)."""
    with contextlib.suppress(Exception):  # a read-only home, a full disk: the next process compiles again
        path = _path()
        if path is None or _entries is None:
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = f"{path}.{os.getpid()}.tmp"
        kept = dict(list(_entries.items())[-KEPT_PATTERNS:])  # older label sets (an earlier version's) drop out
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(kept, file)
        os.replace(temporary, path)
