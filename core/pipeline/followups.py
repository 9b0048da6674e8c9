"""Follow-up stages at work: their progress rows, one attempt, retries with back-off, answers.

A follow-up stage (:class:`~guichet.core.pipeline.stages.Stage` with ``leaves={takes}``)
works on a document without moving it. Its progress on each document is one
:class:`~guichet.core.model.stage_models.StageRun` row, a small state machine of its own:

    (document enters ``takes``) ─► pending ─► running ─► done
                                                   ├──► waiting ─► (settle) done | failed
                                                   ├──► retry ─► (at next_at) running ...
                                                   └──► failed ─► (a person) pending

Every write is a compare-and-set on the row's ``version``, made in one transaction
with its event (``document.stage``) and the step's own writes; listeners hear of it
through ``document_stage_changed`` once committed. ``running`` is a lease (no event):
a worker that dies leaves it to expire, then the run is due again. Follow-ups never
wait for each other unless one is declared ``after`` the other.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING, Any

import peewee

from guichet.core.errors import StageRefused
from guichet.core.model import events
from guichet.core.model.models import Document, db, utcnow
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress
from guichet.core.pipeline.stages import Step, stage_plan
from guichet.core.plugins import enabled_for, hooks_for

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.states import State
    from guichet.core.ops.runtime import Runtime
    from guichet.core.pipeline.stages import Stage, StagePlan

log = logging.getLogger(__name__)

#: Kind of the events written for follow-up progress.
EVENT = "document.stage"
#: Statuses whose run goes on by itself (when due).
OPEN = (Progress.PENDING, Progress.RUNNING, Progress.WAITING, Progress.RETRY)


def _due(row: StageRun, now: dt.datetime) -> bool:
    status = Progress(row.status)
    if status == Progress.PENDING:
        return True
    if status in (Progress.RETRY, Progress.WAITING):
        return row.next_at is not None and row.next_at <= now
    if status == Progress.RUNNING:
        return row.lease_until is None or row.lease_until <= now
    return False


def _write(
    pm: pluggy.PluginManager | None,
    row: StageRun,
    new: Progress,
    *,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
    next_at: dt.datetime | None = None,
    user_id: int | None = None,
    event_data: dict[str, Any] | None = None,
    old: str | None = None,
    restart: bool = False,
) -> bool:
    """Compare-and-set ``row`` (at its loaded version) to ``new`` with its event; notify once committed.

    Call inside a transaction. False (nothing written) when someone changed the row first.
    ``restart`` counts the attempts from zero again.
    """
    kept = {**(row.data or {}), **(data or {})}
    now = utcnow()
    fields = {"status": str(new), "reason": reason, "data": kept, "next_at": next_at, "lease_until": None,
              "version": StageRun.version + 1, "updated_at": now}
    if restart:
        fields["attempts"] = row.attempts = 0
    changed = (
        StageRun.update(**fields)
        .where((StageRun.id == row.id) & (StageRun.version == row.version))
        .execute()
    )
    if changed != 1:
        return False
    before = row.status if old is None else old
    row.status, row.reason, row.data, row.next_at, row.version = str(new), reason, kept, next_at, row.version + 1
    document = row.document
    event = events.record(
        EVENT,
        company_id=document.company_id,
        document_id=document.id,
        user_id=user_id,
        data={"stage": row.stage, "from": before, "to": str(new), "reason": reason, "attempt": row.attempts,
              **(event_data or {})},
    )
    if pm is not None:
        hook = hooks_for(pm, document.company)
        events.when_committed(event, lambda: hook.document_stage_changed(
            document=document, stage=row.stage, old=before, new=str(new)))
    return True


# ---------------------------------------------------------------------------
# Opening runs when a document enters a state
# ---------------------------------------------------------------------------


def open_runs(pm: pluggy.PluginManager, document: Document, state: State) -> list[str]:
    """Create (or restart) the runs of the follow-ups that take ``state`` and apply to ``document``.

    Called by :func:`guichet.core.pipeline.transitions.transition` inside its
    transaction. A follow-up whose ``applies`` raises gets a ``failed`` run with the
    error as reason (visible, and retried by a person), never a silent send.
    Returns the names of the runs opened.
    """
    opened = []
    for stage in stage_plan(pm).follow_ups(state):
        if stage.plugin and not enabled_for(pm, stage.plugin, document.company):
            continue  # the firm turned this plugin off for the company
        status, reason = Progress.PENDING, None
        try:
            if stage.applies is not None and not stage.applies(pm, document):
                continue
        except Exception as exc:  # a plugin bug must not block the transition
            log.exception("applies() of stage %s failed on document %s", stage.name, document.id)
            status, reason = Progress.FAILED, f"erreur interne (applies) : {type(exc).__name__}: {exc}"
        row = StageRun.get_or_none((StageRun.document == document.id) & (StageRun.stage == stage.name))
        if row is None:
            row = StageRun.create(document=document.id, stage=stage.name, status="", version=0)
        row.document = document
        _write(pm, row, status, reason=reason, restart=True)
        opened.append(stage.name)
    return opened


# ---------------------------------------------------------------------------
# What can run, and running one attempt
# ---------------------------------------------------------------------------


def runnable(plan: StagePlan, document_id: int, now: dt.datetime | None = None) -> list[str]:
    """Names of the follow-ups that may run now on the document, in plan order.

    Due (pending; retry or waiting whose time has come; running whose lease expired)
    and every follow-up it comes after is done or does not apply to the document.
    """
    now = now or utcnow()
    rows = {row.stage: row for row in StageRun.select().where(StageRun.document == document_id)}
    names = []
    for stage in plan.follow_ups():
        row = rows.get(stage.name)
        if row is None or not _due(row, now):
            continue
        before = [rows.get(p.name) for p in plan.predecessors(stage)]
        if all(r is None or r.status == Progress.DONE for r in before):
            names.append(stage.name)
    return names


def due_documents(now: dt.datetime | None = None) -> list[int]:
    """Ids of documents with a follow-up run that is due (to resume after a crash or a back-off)."""
    now = now or utcnow()
    query = StageRun.select(StageRun.document).where(
        (StageRun.status == str(Progress.PENDING))
        | (StageRun.status.in_([str(Progress.RETRY), str(Progress.WAITING)]) & (StageRun.next_at <= now))
        | ((StageRun.status == str(Progress.RUNNING)) & (StageRun.lease_until <= now))
    ).distinct()
    return sorted(row.document_id for row in query)


def _claim(stage: Stage, row: StageRun) -> bool:
    now = utcnow()
    changed = (
        StageRun.update(status=str(Progress.RUNNING), attempts=StageRun.attempts + 1,
                        lease_until=now + dt.timedelta(seconds=stage.lease), version=StageRun.version + 1,
                        updated_at=now)
        .where((StageRun.id == row.id) & (StageRun.version == row.version))
        .execute()
    )
    if changed != 1:
        return False
    row.attempts, row.version = row.attempts + 1, row.version + 1
    return True


def run(rt: Runtime, document_id: int, stage_name: str) -> Progress | None:
    """Run one attempt of a follow-up on a document; the progress committed, or None if it did not run.

    Nothing runs when the stage is unknown, not due, waits for another, or another
    worker claimed it first. A :class:`~guichet.core.errors.StageRefused` fails the
    run; any other exception (the network down, a plugin bug) schedules a retry
    with back-off until ``max_attempts``; a database error is raised (the lease
    expires and the run is due again).
    """
    plan = stage_plan(rt.pm)
    stage = plan.by_name(stage_name)
    if stage is None or not stage.follow_up or stage_name not in runnable(plan, document_id):
        return None
    row = StageRun.get((StageRun.document == document_id) & (StageRun.stage == stage_name))
    before = row.status
    if not _claim(stage, row):
        return None
    document = Document.get_by_id(document_id)
    row.document = document
    started = time.perf_counter()
    next_at = None
    step = None
    try:
        step = stage.run(rt, document)
        if not isinstance(step, Step):
            msg = f"l'étape {stage.name} a rendu {type(step).__name__} au lieu d'un Step"
            raise TypeError(msg)  # handled below as a plugin bug
    except peewee.DatabaseError:
        raise
    except StageRefused as exc:
        new, reason = Progress.FAILED, str(exc)
    except Exception as exc:  # noqa: BLE001 - a failing follow-up is retried, the document goes on
        log.warning("stage %s failed on document %s (attempt %s): %s", stage.name, document_id, row.attempts, exc)
        rt.pm.hook.pipeline_failed(document=document, stage=stage.name, error=exc)
        reason = f"{type(exc).__name__}: {exc}"
        if row.attempts < stage.max_attempts:
            new = Progress.RETRY
            next_at = utcnow() + dt.timedelta(seconds=stage.retry_in(row.attempts))
        else:
            new, reason = Progress.FAILED, f"abandon après {row.attempts} essais : {reason}"
        step = None
    else:
        new, reason = step.status, step.reason
        if step.status == Progress.WAITING and step.recheck_after is not None:
            next_at = utcnow() + dt.timedelta(seconds=max(1, step.recheck_after))  # never due at once: no busy loop
    with db.atomic() as txn:
        ok = _write(rt.pm, row, new, reason=reason, data=step.data if step else None, next_at=next_at,
                    old=before, event_data={"seconds": round(time.perf_counter() - started, 4)})
        if not ok:
            txn.rollback()
            return None
        if step is not None and step.apply is not None:
            step.apply()
    return new


def next_time(document_id: int, stage_name: str) -> dt.datetime | None:
    """When the run of ``stage_name`` on the document is due next (retry or recheck), or None."""
    row = StageRun.get_or_none((StageRun.document == document_id) & (StageRun.stage == stage_name))
    if row is None or row.status not in (Progress.RETRY, Progress.WAITING):
        return None
    return row.next_at


# ---------------------------------------------------------------------------
# Answers from outside and people's retries
# ---------------------------------------------------------------------------


def settle(
    rt: Runtime,
    document_id: int,
    stage_name: str,
    status: Progress,
    *,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
    recheck_after: int | None = None,
    user_id: int | None = None,
    context: dict[str, Any] | None = None,
) -> bool:
    """Record an answer for a follow-up run: a network status, a delivery receipt, a person's reply.

    :param status: ``done``, ``failed``, ``waiting`` (still waiting; ``recheck_after``
        seconds before the stage looks again) or ``pending`` (run it again now).
    :param context: Added to the event (who answered, from where).
    :returns: False when the run does not exist, is already done, or changed meanwhile.
    """
    return settle_run(rt.pm, document_id, stage_name, status, reason=reason, data=data, recheck_after=recheck_after,
                      user_id=user_id, context=context)


def settle_run(
    pm: pluggy.PluginManager,
    document_id: int,
    stage_name: str,
    status: Progress,
    *,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
    recheck_after: int | None = None,
    user_id: int | None = None,
    context: dict[str, Any] | None = None,
) -> bool:
    """:func:`settle` with the plugin manager alone (a hook implementation gets ``pm``, not the runtime)."""
    status = Progress(status)
    if status in (Progress.RUNNING, Progress.RETRY):
        msg = f"une réponse ne met pas une étape dans l'état « {status} »"
        raise ValueError(msg)
    row = StageRun.get_or_none((StageRun.document == document_id) & (StageRun.stage == stage_name))
    if row is None or row.status == Progress.DONE:
        return False
    row.document = Document.get_by_id(document_id)
    next_at = utcnow() + dt.timedelta(seconds=recheck_after) if recheck_after is not None else None
    with db.atomic() as txn:
        ok = _write(pm, row, status, reason=reason, data=data, next_at=next_at, user_id=user_id,
                    restart=status == Progress.PENDING, event_data=context)
        if not ok:
            txn.rollback()
    return ok


def runs_of(document_id: int) -> list[StageRun]:
    """The follow-up runs of a document, oldest first (for pages and the API)."""
    return list(StageRun.select().where(StageRun.document == document_id).order_by(StageRun.id))
