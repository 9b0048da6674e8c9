"""Compiled regular expressions remembered between processes: the label vocabularies' start-up.

Python compiles a pattern with Python code (its parser and code generator). The field rules'
label vocabularies, some forty patterns of seventy labels each and the labels themselves, cost
about 110 ms of CPU at the first page each ``guichet extract`` reads: four times the reading of a
text page. What the compiler makes is a list of integers for the regex engine; this module keeps
it in the user's cache folder (beside the plugin index, :func:`guichet.core.plugin_index.cache_dir`),
keyed by the pattern, and hands it to the engine (``_sre.compile``, what ``re.compile`` itself ends
with), so that a later process parses no pattern twice.

The file is named after this very Python (version, engine magic): another interpreter keeps its
own. The engine checks the code it is given; a file that is damaged, foreign or unreadable, or
an engine that refuses an entry, and the pattern is compiled as usual. New patterns are written
when the process ends (merged with what other processes wrote meanwhile); nothing is written
when the folder cannot be.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import json
import logging
import os
import re
import sys
import threading
from array import array
from typing import Any

log = logging.getLogger(__name__)

#: Entries kept at most: past it a process writes only the patterns it used (vocabularies change over versions).
MAX_ENTRIES = 20000

#: The array type of the engine's code units (``_sre.CODESIZE`` bytes each).
_CODE_TYPE = "I"

_lock = threading.Lock()
#: (pattern, flags) -> [flags, code (base64 of unsigned ints), groups, groupindex, indexgroup], as in the file.
_known: dict[tuple[str, int], list[Any]] | None = None
_new: dict[tuple[str, int], list[Any]] = {}
_used: set[tuple[str, int]] = set()
_writer_pid: int | None = None


def _engine() -> tuple[Any, Any, Any] | None:
    """The regex engine and the standard library's parser and code generator, or None on another Python."""
    try:
        import _sre
        from re import _compiler, _parser
    except ImportError:
        return None
    if not all(hasattr(m, n) for m, n in ((_sre, "compile"), (_sre, "MAGIC"), (_sre, "CODESIZE"), (_parser, "parse"),
                                          (_compiler, "_code"))) or array(_CODE_TYPE).itemsize != _sre.CODESIZE:
        return None
    return _sre, _parser, _compiler


def path() -> str | None:
    """The file of this Python's compiled patterns, or None when patterns cannot be kept."""
    engine = _engine()
    if engine is None:
        return None
    from guichet.core.plugin_index import cache_dir

    tag = hashlib.sha256(f"{sys.version}|{sys.implementation.cache_tag}|{engine[0].MAGIC}|{engine[0].CODESIZE}"
                         .encode()).hexdigest()[:16]
    return str(cache_dir() / f"regex-{tag}.json")


def _read(file: str | None) -> dict[tuple[str, int], list[Any]]:
    """The file's entries by (pattern, flags); empty when it is missing or not as written here."""
    if file is None:
        return {}
    try:
        with open(file, encoding="utf-8") as stream:
            rows = json.load(stream)
        return {(row[0], row[1]): row[2:] for row in rows if isinstance(row, list) and len(row) == 7}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def _parts(pattern: str, flags: int) -> list[Any]:
    """What ``re.compile`` hands the engine for ``pattern`` (as ``re._compiler.compile`` builds it), the code
    as base64 of its unsigned ints."""
    _sre, parser, compiler = _engine()  # type: ignore[misc]
    parsed = parser.parse(pattern, flags)
    code = array(_CODE_TYPE, compiler._code(parsed, flags))  # noqa: SLF001 - what re.compile runs, see _engine
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return [flags | parsed.state.flags, base64.b64encode(code.tobytes()).decode("ascii"), parsed.state.groups - 1,
            groupindex, indexgroup]


def _from_parts(engine: Any, pattern: str, parts: list[Any]) -> re.Pattern[str]:
    final_flags, code, groups, groupindex, indexgroup = parts
    ops = array(_CODE_TYPE)
    ops.frombytes(base64.b64decode(code))
    return engine.compile(pattern, final_flags, ops.tolist(), groups, dict(groupindex), tuple(indexgroup))


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the code a former process kept when there is one."""
    global _known  # noqa: PLW0603 - the file is read once, at the first pattern
    engine = _engine()
    if engine is None or not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    if _known is None:
        with _lock:
            if _known is None:
                _known = _read(path())
    parts = _known.get(key) or _new.get(key)
    if parts is not None:
        try:
            compiled = _from_parts(engine[0], pattern, parts)
        except Exception:  # noqa: BLE001 - an entry the engine refuses: compiled anew
            log.debug("kept pattern refused, compiled anew: %r", pattern)
        else:
            _used.add(key)
            return compiled
    try:
        parts = _parts(pattern, int(flags))
        compiled = _from_parts(engine[0], pattern, parts)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - internals of another shape: the usual way
        return re.compile(pattern, flags)
    _remember(key, parts)
    return compiled


def _remember(key: tuple[str, int], parts: list[Any]) -> None:
    global _writer_pid  # noqa: PLW0603 - one exit handler per process
    with _lock:
        _new[key] = parts
        _used.add(key)
        if _writer_pid != os.getpid():
            _writer_pid = os.getpid()
            atexit.register(write)


def write() -> None:
    """Keep the patterns this process compiled (merged with the file as other processes left it); silent on failure."""
    if not _new or _writer_pid != os.getpid():
        return  # nothing new, or a forked child: its parent writes
    file = path()
    if file is None:
        return
    merged = _read(file)
    if len(merged) + len(_new) > MAX_ENTRIES:
        merged = {key: parts for key, parts in merged.items() if key in _used}
    merged.update(_new)
    tmp = f"{file}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(file), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as stream:
            json.dump([[*key, *parts] for key, parts in merged.items()], stream, separators=(",", ":"))
        os.replace(tmp, file)
    except (OSError, ValueError, TypeError) as exc:  # a read-only home: patterns are compiled at each start
        log.debug("compiled patterns not kept: %s", exc)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    _new.clear()
