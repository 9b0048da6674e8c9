"""The queue (huey) and its tasks: one task per pipeline stage, with stable names.

The huey object is created here at import (its decorators need it) with
in-memory storage; :func:`configure_queue` points it at the configured backend
(SQLite file in the data dir, or Redis) when the process starts. The stages come
from the plugins, so their tasks are registered when the process starts
(:func:`register_stage_tasks`, called by :func:`guichet.core.ops.runtime.start`),
before a worker consumes anything. Task names are explicit
(``guichet.stage.read``...) so that queued work survives upgrades.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from guichet.core.model.models import Document, utcnow
from guichet.core.model.states import Progress, State
from guichet.core.ops import task_declarations
from guichet.core.ops.context import current
from guichet.core.ops.scheduling import once_per_period
from guichet.core.pipeline import followups, leases, pipeline
from guichet.core.pipeline.stages import stage_plan

if TYPE_CHECKING:
    from guichet.core.pipeline.stages import StagePlan
    from guichet.core.settings import Settings

log = logging.getLogger(__name__)

huey = Huey("guichet", storage_class=MemoryStorage, utc=True)

#: Huey keys a queued task by ``<function's module>.<task name>``. This module was
#: ``guichet.core.tasks`` before the core was grouped into rooms; its tasks keep that
#: module in their key so that work queued by an older version still finds its task.
QUEUE_MODULE = "guichet.core.tasks"


def _keep_queue_key(func: Any) -> Any:
    func.__module__ = QUEUE_MODULE
    return func


def configure_queue(settings: Settings) -> Huey:
    """Point :data:`huey` at the backend named by ``queue.backend``."""
    backend = settings.get("queue.backend", "sqlite")
    name = settings.get("queue.name", "guichet")
    huey.name = name
    if backend == "memory":
        huey.storage_class, huey.storage_kwargs = MemoryStorage, {}
        huey.immediate_use_memory = True
        huey.immediate = True
    elif backend == "redis":
        huey.storage_class = RedisStorage
        huey.storage_kwargs = {"url": settings.get("queue.redis_url")}
        huey.immediate = False
    elif backend == "sqlite":
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": str(settings.data_dir / "queue.db")}
        huey.immediate = False
    else:
        msg = f"file d'attente inconnue : {backend}"
        raise ValueError(msg)
    huey.storage = huey.create_storage()
    return huey


#: Seconds before a task put off for fairness (its company holds its share) is tried again.
FAIRNESS_RETRY_SECONDS = 3


def _run_stage(stage_name: str, document_id: int) -> str | None:
    rt = current()
    # In immediate mode (tests, memory queue) tasks run inline: nobody else waits for a worker.
    limit = None if huey.immediate else int(rt.settings.get("limits.company_parallel", 1))
    with rt.database.connection_context():
        try:
            result = pipeline.run_stage(rt, document_id, stage_name, company_limit=limit)
        except leases.CompanyBusy as busy:
            # Its company holds its share of the workers while others wait: back of the queue.
            log.info("document %s put off: %s", document_id, busy)
            stage_task(stage_name).schedule((document_id,), delay=FAIRNESS_RETRY_SECONDS)
            return None
        if result is None:
            return None
        document = Document.get_by_id(document_id)
        due = followups.next_time(document_id, stage_name) if isinstance(result, Progress) else None
    submit(document_id, document.state)  # the next state stage, or the follow-ups now free to run
    if due is not None:
        stage_task(stage_name).schedule((document_id,), eta=due)  # a retry's back-off, a recheck
    return str(result)


def stage_task(stage_name: str) -> Any:
    """The queue task of the stage ``stage_name`` (``guichet.stage.<name>``), registered on first use."""
    task = STAGE_TASKS.get(stage_name)
    if task is None:

        def run_stage(document_id: int) -> str | None:
            return _run_stage(stage_name, document_id)

        run_stage.__name__ = run_stage.__qualname__ = f"stage_{stage_name}"
        _keep_queue_key(run_stage)
        task = STAGE_TASKS[stage_name] = huey.task(name=f"guichet.stage.{stage_name}", retries=3,
                                                   retry_delay=5)(run_stage)
    return task


#: One queue task per pipeline stage, by stage name (filled by :func:`register_stage_tasks`).
STAGE_TASKS: dict[str, Any] = {}


def register_stage_tasks(plan: StagePlan) -> None:
    """Register the queue task of every stage of ``plan`` (before a consumer starts)."""
    for stage in plan.stages:
        stage_task(stage.name)


# The core's own stages have their tasks from import on: a process that only enqueues
# (a script, a test) finds them before any runtime starts.
register_stage_tasks(pipeline.core_plan())


def submit(document_id: int, state: State | str) -> bool:
    """Enqueue the stages that may run now on a document in ``state``; False when it waits for nobody."""
    names = pipeline.ready_stages(stage_plan(current().pm), document_id, State(state))
    for name in names:
        stage_task(name)(document_id)
    return bool(names)


def resume_pending() -> int:
    """Enqueue every document that waits for an automatic stage; return how many.

    A document whose lease is alive is being processed: it is not enqueued now,
    only checked again just after its lease ends (it then runs only if its worker died).
    """
    rt = current()
    count = 0
    plan = stage_plan(rt.pm)
    with rt.database.connection_context():
        rows = list(Document.select(Document.id, Document.state).where(
            Document.id.in_(pipeline.pending_documents(rt.pm))))
        held = leases.live_leases(row.id for row in rows)
        now = utcnow()
        for doc in rows:
            stage = plan.for_state(doc.state)
            if doc.id in held and stage is not None:
                delay = max(1.0, (held[doc.id] - now).total_seconds() + 1)
                stage_task(stage.name).schedule((doc.id,), delay=delay)
                continue
            count += submit(doc.id, doc.state)
    return count


def _with_runtime(func: Any) -> Any:
    """``func`` called with the process's runtime first (tasks declared with ``runtime=True``)."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        return func(current(), *args, **kwargs)

    return run


def _register_declared(declared: task_declarations.DeclaredTask) -> None:
    """Register a task declared by a plugin (:mod:`guichet.core.ops.task_declarations`) with huey."""
    func, name = declared.declared_func, declared.declared_name
    if declared.declared_runtime:
        func = _with_runtime(func)
    if declared.declared_crontab is None:
        declared.declared_task = huey.task(name=name, **declared.declared_options)(func)
        return
    if declared.declared_once_per:
        func = once_per_period(huey, name, declared.declared_once_per)(func)
    declared.declared_task = huey.periodic_task(crontab(**declared.declared_crontab), name=name)(func)


for _declared in task_declarations.DECLARED:
    _register_declared(_declared)
task_declarations._register = _register_declared  # noqa: SLF001 - the one registrar of declared tasks


@huey.periodic_task(crontab(minute="*/5"), name="guichet.resume_pending")
@once_per_period(huey, "guichet.resume_pending", 300)  # every worker enqueues it; one runs it
@_keep_queue_key
def resume_pending_task() -> int:
    """Every five minutes, pick up documents left behind by a crashed worker."""
    return resume_pending()
