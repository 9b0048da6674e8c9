"""Progress of long readings, told by the plugin doing the work and shown by the web pages (issue 19).

A plugin that reads several pages (OCR) calls :func:`report` (``step``, ``done``, ``total``)
as it goes; whoever runs it decides where that goes with :func:`reporting`. The extract stage
records it per document (:class:`~guichet.core.model.progress_models.ReadingProgress`, see
:func:`recorded`); the one-shot ``guichet extract`` records nothing. The sink is a context
variable: each worker thread follows its own document.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)

_sink: contextvars.ContextVar[Callable[[str, int, int], None] | None] = contextvars.ContextVar(
    "guichet_progress_sink", default=None)


@contextlib.contextmanager
def reporting(sink: Callable[[str, int, int], None]) -> Iterator[None]:
    """Send what :func:`report` is told, in this context, to ``sink(step, done, total)``."""
    token = _sink.set(sink)
    try:
        yield
    finally:
        _sink.reset(token)


def report(step: str, done: int, total: int) -> None:
    """``done`` of ``total`` units of ``step`` are done (``"ocr"``: pages read). Never raises."""
    sink = _sink.get()
    if sink is None:
        return
    try:
        sink(step, done, total)
    except Exception:  # progress is for people watching: it never stops the work
        log.exception("progress not recorded")


def _record(document_id: int, step: str, done: int, total: int) -> None:
    from guichet.core.model.models import utcnow
    from guichet.core.model.progress_models import ReadingProgress

    ReadingProgress.insert(document_id=document_id, step=step, done=done, total=total,
                           updated_at=utcnow()).on_conflict(
        conflict_target=[ReadingProgress.document_id],
        update={ReadingProgress.step: step, ReadingProgress.done: done, ReadingProgress.total: total,
                ReadingProgress.updated_at: utcnow()},
    ).execute()


@contextlib.contextmanager
def recorded(document_id: int) -> Iterator[None]:
    """Record the progress reported in this context for ``document_id``; the record goes when it ends."""
    from guichet.core.model.progress_models import ReadingProgress

    with reporting(lambda step, done, total: _record(document_id, step, done, total)):
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                ReadingProgress.delete().where(ReadingProgress.document_id == document_id).execute()


def current(document_id: int) -> tuple[str, int, int] | None:
    """The recorded ``(step, done, total)`` of ``document_id``, or None."""
    from guichet.core.model.progress_models import ReadingProgress

    row = ReadingProgress.get_or_none(ReadingProgress.document_id == document_id)
    return (row.step, row.done, row.total) if row else None
