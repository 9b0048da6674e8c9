"""Run heavy work (OCR, rendering) in a child process under a wall-clock and a memory limit.

:func:`run_limited` calls a function in a new child process whose address space
is capped with ``resource.setrlimit(RLIMIT_AS)``, waits for its answer at most
``seconds``, and kills it when the time is up. Whatever goes wrong in the child
(too slow, out of memory, a crash in a C library), the caller gets
:class:`~guichet.core.errors.LimitExceeded` with a French reason and the worker
goes on; an exception raised by the function itself is raised again in the
caller. Plugins call it through the core (``guichet.core.ops.limited``), never
through each other.

Why our own code and not ``concurrent.futures`` or a pool library: a pool cannot
kill one task that overruns, and none sets a memory limit per task; this is one
process per call, about sixty lines on the standard library.

Children come from a *forkserver*: a clean, single-threaded process started on
first use that forks each child (and ends with the worker; its children then die too,
``PR_SET_PDEATHSIG``). Forking the multi-threaded worker itself could
copy a lock held by another thread into the child and hang it. Modules named with
:func:`preload` (the heavy libraries of the plugins) are imported once by the
forkserver, so each child starts in milliseconds.

A one-shot command (``guichet extract``, ``guichet convert``) calls :func:`one_shot`: its
children are then forked from the command's own process while it has a single thread. Starting
a forkserver costs a new interpreter plus the preloaded libraries (about 0.5-1 s CPU) that one
call never pays back; the danger the forkserver avoids (a lock held by another thread) does not
exist in a single-threaded process.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from pathlib import Path
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from guichet.core.errors import LimitExceeded
from guichet.core.parsing import images

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection

    from guichet.core.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")
_MB = 1024 * 1024
_PR_SET_PDEATHSIG = 1  # prctl(2), Linux
_lock = threading.Lock()
_context: Any = None
_preload: list[str] = []
_one_shot = False
#: In a limited child: the connection to the caller, for :func:`report` (None elsewhere).
_reporter: Connection | None = None
_report_lock = threading.Lock()


@dataclass(frozen=True)
class Limits:
    """The ``[limits]`` of heavy work (config/defaults.toml)."""

    seconds: float = 120.0  # wall-clock time of one call (one batch of pages, one rendering)
    memory_mb: int = 1024  # address space the child's work may add to what it inherits
    pages_per_batch: int = 5  # pages read by OCR in one call
    max_image_megapixels: float = images.DEFAULT_MAX_MEGAPIXELS  # largest image decoded

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Limits:
        """The limits of ``settings``, else of the running process, else the defaults."""
        if settings is None:
            from guichet.core.ops.context import current  # not ops.runtime: it imports the database layer

            try:
                settings = current().settings
            except RuntimeError:  # a stateless command without an instance
                return cls()
        default = cls()
        return cls(
            seconds=float(settings.get("limits.seconds", default.seconds)),
            memory_mb=int(settings.get("limits.memory_mb", default.memory_mb)),
            pages_per_batch=max(1, int(settings.get("limits.pages_per_batch", default.pages_per_batch))),
            max_image_megapixels=float(settings.get("limits.max_image_megapixels", default.max_image_megapixels)),
        )

    @property
    def max_image_pixels(self) -> int:
        """:attr:`max_image_megapixels` in pixels."""
        return int(self.max_image_megapixels * 1_000_000)


def preload(*modules: str) -> None:
    """Have the forkserver import ``modules`` once (call at import time, before the first child)."""
    with _lock:
        _preload.extend(m for m in modules if m not in _preload)
        if _context is not None:
            _context.set_forkserver_preload([__name__, *_preload])  # used if the server restarts


def _get_context() -> Any:
    global _context  # noqa: PLW0603 - one forkserver per process, started on first use
    with _lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__, *_preload])
            _context = context
        return _context


def one_shot(enabled: bool = True) -> None:
    """This process runs one command and exits: fork children from it directly (while single-threaded)."""
    global _one_shot  # noqa: PLW0603 - a property of the whole process
    _one_shot = enabled


def _context_for_call() -> Any:
    """Plain fork for a single-threaded one-shot command, else the forkserver."""
    if _one_shot and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return _get_context()


def stop_server() -> None:
    """End the forkserver now (it holds the preloaded libraries, about 100 MB resident).

    For a one-shot command whose heavy work is done before another memory-hungry step
    (``guichet convert`` validates its output with the XSLT engine after rendering): the
    command's process tree then stays within its memory budget. The next :func:`run_limited`
    starts a new server. Uses the standard library's own stop (``ForkServer._stop``, there
    for its tests): no public call ends a forkserver.
    """
    with _lock:
        if _context is None:
            return
        from multiprocessing import forkserver

        with contextlib.suppress(Exception):  # already gone, or another Python's internals: nothing to free
            forkserver._forkserver._stop()  # noqa: SLF001 - see the docstring


def _die_with_parent() -> None:
    """Be killed when the forkserver ends (that is, when the worker that asked ends, even by SIGKILL)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the forkserver was already gone
        os._exit(1)


def report(value: Any) -> None:
    """From inside a limited child: hand ``value`` to the caller's ``on_progress`` now (no-op elsewhere).

    For work that takes a while (OCR of several pages): the caller shows where it stands.
    ``value`` must pickle. Safe from the child's threads.
    """
    if _reporter is None:
        return
    with _report_lock, contextlib.suppress(OSError, ValueError):
        _reporter.send(("progress", value))


def _inherited_address_space() -> int:
    """The address space this process holds now, in bytes (``/proc/self/statm``'s first field; 0 if unknown).

    A forked child starts with its parent's mappings (copy-on-write: no memory of its own yet); in a one-shot
    command, or a test process, they can already come near ``memory_mb``, and a cap on the whole address space
    then leaves the work nothing, even to load a library (« failed to map segment from shared object »). The
    limit is what the work may add to them.
    """
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def _child(conn: Connection, memory_bytes: int, func: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    """Body of the child process: cap the memory it may add to what it inherits (``memory_bytes``), call ``func``,
    send back ("ok"|"error"|"memory", value)."""
    global _reporter  # noqa: PLW0603 - this process's own connection to its caller
    _reporter = conn
    os.setsid()  # its own process group: a kill also stops the programs it runs (tesseract, ghostscript)
    _die_with_parent()
    cap = _inherited_address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        answer: tuple[str, Any] = ("ok", func(*args, **kwargs))
    except MemoryError:
        answer = ("memory", None)
    except Exception as exc:  # noqa: BLE001 - handed to the caller, which raises it again
        answer = ("error", exc)
    _reporter = None
    try:
        conn.send(answer)
    except MemoryError:
        conn.send(("memory", None))
    except Exception as exc:  # noqa: BLE001 - an answer that does not pickle
        conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def run_limited(
    func: Callable[..., T],
    *args: Any,
    what: str,
    limits: Limits | None = None,
    seconds: float | None = None,
    on_progress: Callable[[Any], None] | None = None,
    **kwargs: Any,
) -> T:
    """Call ``func(*args, **kwargs)`` in a child process under ``limits``; return its result.

    :param func: A module-level function (it is pickled by name); its arguments
        and result must pickle.
    :param what: What is being done, in French, for the reason (``"OCR des pages 1 à 5"``).
    :param limits: Default: the running process's ``[limits]``.
    :param seconds: Overrides ``limits.seconds`` for this call.
    :param on_progress: Called in the caller with each value the child gives :func:`report`
        (its failure is logged, never fatal).
    :raises LimitExceeded: the child went over its time or memory, or died.
    """
    limits = limits or Limits.from_settings()
    timeout = limits.seconds if seconds is None else seconds
    context = _context_for_call()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, limits.memory_mb * _MB, func, args, kwargs),
                              name=f"guichet-limited-{func.__name__}")
    process.start()
    sender.close()
    deadline = time.monotonic() + timeout
    try:
        while True:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                msg = f"{what} : durée maximale dépassée ({timeout:g} s), traitement arrêté"
                raise LimitExceeded(msg, "time")
            try:
                kind, value = receiver.recv()
            except EOFError:  # the child died without answering (the kernel, or a crash in a C library)
                process.join(5)
                msg = (f"{what} : le traitement s'est arrêté brutalement (code {process.exitcode}), "
                       f"probablement faute de mémoire ({limits.memory_mb} Mo au plus)")
                raise LimitExceeded(msg, "crash") from None
            if kind != "progress":
                break
            if on_progress is not None:
                try:
                    on_progress(value)
                except Exception:  # showing progress must never stop the work
                    log.exception("progress of %s not shown", what)
        process.join(5)  # it answered: let it exit by itself
    finally:
        if process.exitcode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                process.kill()  # in case it had not made its own group yet
        process.join()
        receiver.close()
    if kind == "memory":
        msg = f"{what} : mémoire maximale dépassée ({limits.memory_mb} Mo), traitement arrêté"
        raise LimitExceeded(msg, "memory")
    if kind == "error":
        raise value
    return value
