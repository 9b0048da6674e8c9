"""Running the stages the plugins declared: one state stage, or one follow-up attempt, at a time.

The stages and their order come from the plugins (``register_stages``,
:func:`guichet.core.pipeline.stages.stage_plan`). A state stage runs when the
document is in the state it takes. Its work is done outside any transaction; its
result is committed by :func:`~guichet.core.pipeline.transitions.transition` in one
transaction with a compare-and-set on the state, together with the state's event.
So a stage that runs twice (a retried task, two workers, a restart after a crash)
commits once. Follow-up stages (after ``archive``) run from their own progress rows
(:mod:`guichet.core.pipeline.followups`).

The worker runs one stage per queue task (:mod:`guichet.core.ops.tasks` calls
:func:`run_stage`); ``guichet import`` runs :func:`run_to_rest`, which calls the very
same :func:`advance` and :func:`guichet.core.pipeline.followups.run`.
"""

from __future__ import annotations

import functools
import logging
import time
from typing import TYPE_CHECKING

import peewee

from guichet.core.errors import LimitExceeded, StopPipeline, UnreadableInput
from guichet.core.model.models import Document
from guichet.core.model.states import Progress, State, can_transition
from guichet.core.pipeline import followups, leases
from guichet.core.pipeline.stages import Outcome, Stage, StagePlan, stage_plan
from guichet.core.pipeline.transitions import transition
from guichet.core.plugins import make_plugin_manager

if TYPE_CHECKING:
    import pluggy

    from guichet.core.ops.runtime import Runtime

__all__ = ["advance", "core_plan", "pending_documents", "ready_stages", "run_stage", "run_to_rest", "transition"]

log = logging.getLogger(__name__)


def advance(
    rt: Runtime,
    document_id: int,
    stage_name: str | None = None,
    *,
    company_limit: int | None = None,
) -> State | None:
    """Run the state stage that fits the document's state; return the new state, or None if nothing ran.

    The stage runs under the document's lease (:mod:`guichet.core.pipeline.leases`):
    when another worker holds it, nothing runs and None is returned.

    :param stage_name: Run only if the fitting stage has this name (a queue task
        for stage X must not run stage Y).
    :param company_limit: Leases the document's company may hold while other
        companies wait (the queue's fairness); None for no limit.
    :raises leases.CompanyBusy: the company is at ``company_limit`` (run it later).
    """
    document = Document.get_or_none(Document.id == document_id)
    if document is None:
        return None
    plan = stage_plan(rt.pm)
    stage = plan.for_state(document.state)
    if stage is None or (stage_name is not None and stage.name != stage_name):
        return None
    seconds = float(rt.settings.get("limits.lease_seconds", 30))
    try:
        with leases.hold(document.id, document.company_id, stage.name, seconds=seconds,
                         company_limit=company_limit, waiting_states=[str(s) for s in plan.automatic_states]):
            return _run_held(rt, Document.get_by_id(document_id), stage, plan)
    except leases.DocumentBusy as busy:
        log.info("document %s skipped: %s", document_id, busy)
        return None


def _run_held(rt: Runtime, document: Document, stage: Stage, plan: StagePlan) -> State | None:
    """Run ``stage`` on ``document`` (whose lease is held) and commit its outcome."""
    if plan.for_state(document.state) is not stage:
        return None  # the previous holder moved it on before we got the lease
    started = time.perf_counter()  # run time goes in the event (core/ops/health.py metrics)
    try:
        outcome = stage.run(rt, document)
        if outcome.state not in stage.leaves | {State.REJECTED}:
            msg = f"l'étape a rendu l'état « {outcome.state} », qu'elle ne déclare pas"
            raise ValueError(msg)  # handled below as a plugin bug
    except (UnreadableInput, StopPipeline) as exc:
        state = State(exc.state) if isinstance(exc, StopPipeline) else State.REJECTED
        outcome = Outcome(state, str(exc.reason if isinstance(exc, StopPipeline) else exc))
    except LimitExceeded as exc:
        # Over its time or memory limit: a person codes it from the image when the state allows, else rejected.
        state = State.TO_CODE if can_transition(document.state, State.TO_CODE) else State.REJECTED
        outcome = Outcome(state, str(exc), data={"limit": exc.limit})
    except (peewee.DatabaseError, OSError):
        raise  # infrastructure: the task is retried
    except Exception as exc:  # a plugin bug on odd input rejects this document only
        log.exception("stage %s failed on document %s", stage.name, document.id)
        rt.pm.hook.pipeline_failed(document=document, stage=stage.name, error=exc)
        outcome = Outcome(State.REJECTED, f"erreur interne à l'étape « {stage.name} » : {type(exc).__name__}: {exc}")
    ok = transition(
        document,
        outcome.state,
        reason=outcome.reason,
        updates=outcome.updates,
        data={"stage": stage.name, "seconds": round(time.perf_counter() - started, 4), **outcome.data},
        apply=outcome.apply,
        pm=rt.pm,
    )
    return outcome.state if ok else None


def run_stage(rt: Runtime, document_id: int, stage_name: str, *,
              company_limit: int | None = None) -> State | Progress | None:
    """Run the stage ``stage_name`` on the document if it fits (what one queue task does).

    Returns the document's new state (state stage), the run's new progress
    (follow-up), or None when nothing ran.

    :param company_limit: The queue's fairness for state stages (see :func:`advance`).
    :raises leases.CompanyBusy: a state stage whose company is at ``company_limit``.
    """
    stage = stage_plan(rt.pm).by_name(stage_name)
    if stage is None:
        log.warning("no stage named %s (plugin disabled?): document %s left as it is", stage_name, document_id)
        return None
    if stage.follow_up:
        return followups.run(rt, document_id, stage_name)
    return advance(rt, document_id, stage_name, company_limit=company_limit)


def ready_stages(plan: StagePlan, document_id: int, state: State | str) -> list[str]:
    """Names of the stages that may run now on a document in ``state`` (what to enqueue)."""
    stage = plan.for_state(state)
    if stage is not None:
        return [stage.name]
    return followups.runnable(plan, document_id)


def run_to_rest(rt: Runtime, document_id: int) -> Document:
    """Run stage after stage until the document waits for a person, for the outside, or is done.

    The state stages first; then each follow-up that can run, once (a failure waits
    for its back-off, which the worker honours; a follow-up that comes after it
    runs in the same call once it is done).
    """
    while advance(rt, document_id) is not None:
        pass
    plan = stage_plan(rt.pm)
    tried: set[str] = set()
    while True:
        names = [name for name in followups.runnable(plan, document_id) if name not in tried]
        if not names:
            break
        for name in names:
            tried.add(name)
            followups.run(rt, document_id, name)
    return Document.get_by_id(document_id)


@functools.cache
def core_plan() -> StagePlan:
    """The stages of the core's own plugins alone (read, extract, check, seal, archive)."""
    return stage_plan(make_plugin_manager(load_entrypoints=False))


def pending_documents(pm: pluggy.PluginManager | None = None) -> list[int]:
    """Ids of documents waiting for an automatic stage (to resume after a crash).

    Documents in a state that a state stage takes, and documents with a follow-up
    that may run now. Without ``pm``, the core's own stages say which.
    """
    plan = stage_plan(pm) if pm is not None else core_plan()
    states = [str(state) for state in plan.automatic_states]
    query = Document.select(Document.id).where(Document.state.in_(states)).order_by(Document.id)
    due = [doc_id for doc_id in followups.due_documents() if followups.runnable(plan, doc_id)]
    return sorted({row.id for row in query} | set(due))
