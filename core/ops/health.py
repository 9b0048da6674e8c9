"""Health checks and Prometheus metrics, for ``/healthz``, ``/metrics`` and the CLI.

:func:`health` answers "can this instance work right now?" by touching the
database, the queue storage and the blob store. :func:`metrics_text` renders the
Prometheus text exposition format (version 0.0.4) from the database and the
queue, so that every process (web, workers on other hosts) reports the same
numbers. The format is a few lines of text; it is written here rather than
through ``prometheus_client``, whose registry is per process and would only see
the web process's own counters.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from guichet.core.ops.logs import redact

if TYPE_CHECKING:
    from collections.abc import Callable

    from guichet.core.settings import Settings

#: How many recent stage events the task-duration summaries look at.
DURATION_WINDOW = 5000


def _timed(check: Callable[[], Any]) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        detail = check()
    except Exception as exc:  # noqa: BLE001 - a failing dependency is the answer, not a crash
        return {"ok": False, "error": redact(f"{type(exc).__name__}: {exc}"),
                "ms": round((time.perf_counter() - start) * 1000, 1)}
    result: dict[str, Any] = {"ok": True, "ms": round((time.perf_counter() - start) * 1000, 1)}
    if detail is not None:
        result["detail"] = detail
    return result


def _check_database(settings: Settings) -> str:
    from guichet.core.model.database import open_database
    from guichet.core.model.models import db

    if db.obj is not None:
        with db.connection_context():
            db.execute_sql("SELECT 1")
        return type(db.obj).__name__
    database = open_database(settings.database_url)
    try:
        database.connect()
        database.execute_sql("SELECT 1")
    finally:
        database.close()
    return type(database).__name__


def _check_queue(settings: Settings) -> dict[str, Any]:
    from guichet.core.ops import tasks

    if settings.get("queue.backend", "sqlite") != "memory" and tasks.huey.storage.__class__.__name__ == "MemoryStorage":
        tasks.configure_queue(settings)
    return {"backend": settings.get("queue.backend", "sqlite"), "pending": tasks.huey.pending_count()}


def _check_blobs(settings: Settings) -> str:
    from guichet.core.storage.blobs import LocalBlobStore, open_blob_store

    store = open_blob_store(settings)
    check = getattr(store, "check", None)
    if callable(check):  # other backends (S3...) say how they are reached
        check()
        return type(store).__name__
    if isinstance(store, LocalBlobStore):
        # Write-probe the folder without storing a blob (blobs are never deleted).
        fd, probe = tempfile.mkstemp(dir=store.root, prefix=".healthz-")
        os.close(fd)
        os.unlink(probe)
    return type(store).__name__


def health(settings: Settings) -> dict[str, Any]:
    """Check the database, the queue and the blob store.

    :param settings: The instance's settings.
    :returns: ``{"status": "ok" | "error", "checks": {name: {"ok", "ms", ...}}}``;
        error messages have their credentials masked.
    """
    checks = {
        "database": _timed(lambda: _check_database(settings)),
        "queue": _timed(lambda: _check_queue(settings)),
        "blobs": _timed(lambda: _check_blobs(settings)),
    }
    status = "ok" if all(item["ok"] for item in checks.values()) else "error"
    return {"status": status, "checks": checks}


# ---------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------


def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _family(lines: list[str], name: str, kind: str, help_text: str, samples: list[tuple[dict[str, str], float]]) -> None:
    lines.append(f"# HELP {name} {help_text}")
    lines.append(f"# TYPE {name} {kind}")
    for labels, value in samples:
        suffix = ""
        if labels:
            suffix = "{" + ",".join(f'{key}="{_escape(val)}"' for key, val in labels.items()) + "}"
        lines.append(f"{name}{suffix} {_number(value)}")


def _number(value: float) -> str:
    if value != value:  # noqa: PLR0124 - NaN: the queue could not be read
        return "NaN"
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _documents_by_state() -> list[tuple[dict[str, str], float]]:
    from peewee import fn

    from guichet.core.model.models import Document
    from guichet.core.model.states import State

    counts = {str(state): 0 for state in State}
    for row in Document.select(Document.state, fn.COUNT(Document.id).alias("n")).group_by(Document.state):
        counts[row.state] = row.n
    return [({"state": state}, n) for state, n in sorted(counts.items())]


def _stage_durations() -> tuple[list[tuple[dict[str, str], float]], list[tuple[dict[str, str], float]]]:
    """Sum and count of stage run times, from the ``seconds`` the pipeline writes in its events."""
    from guichet.core.model.models import Event

    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    recent = (Event.select(Event.data).where(Event.kind.in_(["document.state", "document.stage"]))
              .order_by(Event.id.desc()).limit(DURATION_WINDOW))
    for event in recent:
        data = event.data or {}
        stage, seconds = data.get("stage"), data.get("seconds")
        if stage and isinstance(seconds, (int, float)):
            sums[stage] += float(seconds)
            counts[stage] += 1
    stages = sorted(counts)
    return ([({"stage": s}, round(sums[s], 6)) for s in stages], [({"stage": s}, counts[s]) for s in stages])


def _stage_runs() -> list[tuple[dict[str, str], float]]:
    """Follow-up stage runs per stage and progress (``failed`` ones wait for a person)."""
    from peewee import fn

    from guichet.core.model.stage_models import StageRun

    query = (StageRun.select(StageRun.stage, StageRun.status, fn.COUNT(StageRun.id).alias("n"))
             .group_by(StageRun.stage, StageRun.status))
    return sorted((({"stage": row.stage, "status": row.status}, row.n) for row in query),
                  key=lambda item: (item[0]["stage"], item[0]["status"]))


def _connector_errors() -> list[tuple[dict[str, str], float]]:
    """Events of kind ``connector.error`` (or ``connector.<id>.error``), per connector."""
    from peewee import fn

    from guichet.core.model.models import Event

    samples: dict[str, float] = defaultdict(float)
    query = (Event.select(Event.kind, fn.COUNT(Event.id).alias("n"))
             .where(Event.kind.startswith("connector.") & Event.kind.endswith("error"))
             .group_by(Event.kind))
    for row in query:
        parts = row.kind.split(".")
        connector = parts[1] if len(parts) > 2 else "unknown"  # connector.<id>.error
        samples[connector] += row.n
    return [({"connector": name}, n) for name, n in sorted(samples.items())]


def metrics_text(settings: Settings | None = None) -> str:
    """The instance's metrics in the Prometheus text format.

    Call with the database bound (inside ``connection_context`` or a request).

    :param settings: Used only to label the queue backend (optional).
    :returns: Text ending with a newline; serve it as ``text/plain; version=0.0.4``.
    """
    from guichet.core.ops import tasks

    lines: list[str] = []
    backend = settings.get("queue.backend", "sqlite") if settings is not None else ""
    queue_labels = {"queue": tasks.huey.name, **({"backend": backend} if backend else {})}
    pending = scheduled = float("nan")
    with contextlib.suppress(Exception):
        pending = tasks.huey.pending_count()
    with contextlib.suppress(Exception):
        scheduled = tasks.huey.scheduled_count()
    _family(lines, "guichet_queue_depth", "gauge", "Tasks waiting in the queue.", [(queue_labels, pending)])
    _family(lines, "guichet_queue_scheduled", "gauge", "Tasks scheduled for later (retries, delays).",
            [(queue_labels, scheduled)])
    _family(lines, "guichet_documents", "gauge", "Documents per pipeline state.", _documents_by_state())
    sums, counts = _stage_durations()
    help_text = f"Run time of pipeline stages over the last {DURATION_WINDOW} transitions."
    lines.append(f"# HELP guichet_stage_duration_seconds {help_text}")
    lines.append("# TYPE guichet_stage_duration_seconds summary")
    for labels, value in sums:
        lines.append(f'guichet_stage_duration_seconds_sum{{stage="{_escape(labels["stage"])}"}} {_number(value)}')
    for labels, value in counts:
        lines.append(f'guichet_stage_duration_seconds_count{{stage="{_escape(labels["stage"])}"}} {_number(value)}')
    _family(lines, "guichet_stage_runs", "gauge", "Follow-up stage runs per stage and progress.", _stage_runs())
    _family(lines, "guichet_connector_errors_total", "counter", "Connector errors recorded in the audit log.",
            _connector_errors())
    return "\n".join(lines) + "\n"
