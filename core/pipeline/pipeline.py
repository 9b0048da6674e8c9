"""The document pipeline: an explicit list of stages, each one hook call and one transition.

A stage runs when the document is in the stage's ``from_state``. Its work is done
outside any transaction; its result is committed in one transaction with a
compare-and-set on the state, together with the state's event. So a stage that
runs twice (a retried task, two workers, a restart after a crash) commits once.

The worker runs one stage per queue task (:mod:`guichet.core.ops.tasks`); ``guichet
import`` runs :func:`run_to_rest`, which calls the very same :func:`advance`.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import peewee

from guichet.core.model import models
from guichet.core.pipeline import archive_stages, extraction, leases
from guichet.core.pipeline.controls import apply_overrides
from guichet.core.errors import LimitExceeded, StopPipeline, UnreadableInput
from guichet.core.parsing import images
from guichet.core.parsing.fields import SOURCE_XML
from guichet.core.model.models import Document, Finding, db
from guichet.core.pipeline.reading import read_file
from guichet.core.storage.records import load_invoice, store_invoice
from guichet.core.model.states import Format, Severity, State, can_transition

# The state machine's writes live in core/pipeline/transitions.py; they are part of this module's API.
from guichet.core.pipeline.transitions import Outcome, Stage, direction_for, transition

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

__all__ = ["STAGES", "Outcome", "Stage", "advance", "direction_for", "run_to_rest", "transition"]

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------


def read_stage(rt: Runtime, document: Document) -> Outcome:
    """Detect the format and read the structured invoice, if there is one."""
    limit_mb = int(rt.settings.get("intake.max_file_mb", 50))
    if document.size > limit_mb * 1024 * 1024:
        size_mb = document.size / 1024 / 1024
        return Outcome(State.REJECTED, f"fichier trop volumineux ({size_mb:.0f} Mo, maximum {limit_mb} Mo)")
    data = rt.blobs.get(document.blob_key)
    result = read_file(rt.pm, data, document.filename)
    updates: dict[str, Any] = {"format": str(result.format)}
    if result.format == Format.IMAGE:
        _check_image_size(rt, data)
    if result.invoice is None:
        return Outcome(State.TO_EXTRACT, updates=updates)
    invoice = result.invoice
    updates["direction"] = str(direction_for(invoice, document.company))
    xml_key = rt.blobs.put(result.xml) if result.xml is not None else None

    def apply() -> None:
        store_invoice(document, invoice, source=SOURCE_XML, xml_key=xml_key)

    return Outcome(
        State.EXTRACTED,
        updates=updates,
        apply=apply,
        data={"number": invoice.number, "syntax": invoice.syntax},
    )


def _check_image_size(rt: Runtime, data: bytes) -> None:
    """Refuse an image with more pixels than ``[limits] max_image_megapixels``, from its header alone.

    Raises :class:`~guichet.core.parsing.images.ImageTooLarge` (the reason in French).
    A JPEG counts at the size it will be decoded to (the size OCR needs).
    """
    from guichet.core.ops.limited import Limits  # ops sits above the pipeline

    images.open_image(data, max_pixels=Limits.from_settings(rt.settings).max_image_pixels,
                      longest_side=images.OCR_LONGEST_SIDE).close()


def check_stage(rt: Runtime, document: Document) -> Outcome:
    """Run every control (``check_invoice``) and store the findings."""
    invoice = load_invoice(document)
    if invoice is None:
        return Outcome(State.REJECTED, "aucune donnée de facture à contrôler")
    xml_key = models.Invoice.get(models.Invoice.document == document).xml_key
    xml = rt.blobs.get(xml_key) if xml_key else None
    hook = rt.pm.hook.check_invoice
    problems = [p for batch in hook(invoice=invoice, company=document.company, xml=xml) for p in batch or []]
    problems = apply_overrides(problems, document.company)  # the firm's per-company severities (core/pipeline/controls.py)
    blocking = [p for p in problems if p.severity == Severity.FATAL]

    def apply() -> None:
        Finding.delete().where(Finding.document == document).execute()
        for problem in problems:
            Finding.create(
                document=document,
                code=problem.code,
                severity=str(problem.severity),
                message=problem.message,
                field=problem.field,
                origin=problem.origin,
            )

    state = State.TO_REVIEW if blocking else State.CHECKED
    return Outcome(
        state,
        reason="; ".join(p.message for p in blocking) or None,
        apply=apply,
        data={"findings": len(problems), "blocking": [p.code for p in blocking]},
    )


#: The stages, in pipeline order. Later capabilities (text extraction, sealing,
#: archiving) add their stage here; plugins act inside stages through hooks.
STAGES: tuple[Stage, ...] = (
    Stage("read", State.RECEIVED, read_stage),
    Stage("extract", State.TO_EXTRACT, extraction.extract_stage),
    Stage("check", State.EXTRACTED, check_stage),
    Stage("seal", State.CHECKED, archive_stages.seal_stage),
    Stage("archive", State.SEALED, archive_stages.archive_stage),
)

STAGE_BY_STATE: dict[State, Stage] = {stage.from_state: stage for stage in STAGES}


# ---------------------------------------------------------------------------
# Running stages
# ---------------------------------------------------------------------------


def advance(
    rt: Runtime,
    document_id: int,
    stage_name: str | None = None,
    *,
    company_limit: int | None = None,
) -> State | None:
    """Run the stage that fits the document's state; return the new state, or None if nothing ran.

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
    stage = STAGE_BY_STATE.get(State(document.state))
    if stage is None or (stage_name is not None and stage.name != stage_name):
        return None
    seconds = float(rt.settings.get("limits.lease_seconds", 30))
    try:
        with leases.hold(document.id, document.company_id, stage.name, seconds=seconds,
                         company_limit=company_limit, waiting_states=[str(s) for s in STAGE_BY_STATE]):
            return _run_held(rt, Document.get_by_id(document_id), stage)
    except leases.DocumentBusy as busy:
        log.info("document %s skipped: %s", document_id, busy)
        return None


def _run_held(rt: Runtime, document: Document, stage: Stage) -> State | None:
    """Run ``stage`` on ``document`` (whose lease is held) and commit its outcome."""
    if stage is not STAGE_BY_STATE.get(State(document.state)):
        return None  # the previous holder moved it on before we got the lease
    try:
        started = time.perf_counter()  # run time goes in the event (core/ops/health.py metrics)
        outcome = stage.run(rt, document)
    except (UnreadableInput, StopPipeline) as exc:
        state = State(exc.state) if isinstance(exc, StopPipeline) else State.REJECTED
        outcome = Outcome(state, str(exc.reason if isinstance(exc, StopPipeline) else exc))
    except LimitExceeded as exc:
        # Over its time or memory limit: a person codes it from the image when the state allows, else rejected.
        state = State.TO_CODE if can_transition(document.state, State.TO_CODE) else State.REJECTED
        outcome = Outcome(state, str(exc), data={"limit": exc.limit})
    except (peewee.DatabaseError, OSError):
        raise  # infrastructure: the task is retried
    except Exception as exc:  # noqa: BLE001 - a plugin bug on odd input rejects this document only
        log.exception("stage %s failed on document %s", stage.name, document.id)
        rt.pm.hook.pipeline_failed(document=document, stage=stage.name, error=exc)
        outcome = Outcome(State.REJECTED, f"erreur interne à l'étape « {stage.name} » : {type(exc).__name__}: {exc}")
    old = document.state
    with db.atomic() as txn:
        ok = transition(
            document,
            outcome.state,
            reason=outcome.reason,
            updates=outcome.updates,
            data={"stage": stage.name, "seconds": round(time.perf_counter() - started, 4), **outcome.data},
        )
        if not ok:
            txn.rollback()
            return None
        if outcome.apply:
            outcome.apply()
    rt.pm.hook.document_state_changed(document=document, old=old, new=str(outcome.state))
    return outcome.state


def run_to_rest(rt: Runtime, document_id: int) -> Document:
    """Run stage after stage until the document waits for a person or is done."""
    while advance(rt, document_id) is not None:
        pass
    return Document.get_by_id(document_id)


def pending_documents() -> list[int]:
    """Ids of documents waiting for an automatic stage (to resume after a crash)."""
    states = [str(state) for state in STAGE_BY_STATE]
    query = Document.select(Document.id).where(Document.state.in_(states)).order_by(Document.id)
    return [row.id for row in query]
