"""The ``check`` stage: every control on the invoice, the findings stored, blocking ones to review.

An invoice received through the e-invoicing network (channel "réseau") is not held in review:
it is the legal original, archived with its findings, and the buyer answers the supplier.

The controls are plugins (``check_invoice``); the firm's per-company severities are
applied here (:func:`guichet.core.pipeline.controls.apply_overrides`). One of the
core's own plugins (:data:`guichet.core.plugins.CORE_PLUGINS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.hookspecs import hookimpl
from guichet.core.model import models
from guichet.core.model.models import Document, Finding
from guichet.core.model.states import Channel, Severity, State
from guichet.core.pipeline.controls import apply_overrides
from guichet.core.pipeline.stages import Outcome, Stage
from guichet.core.plugins import hooks_for
from guichet.core.settings import settings_for
from guichet.core.storage.records import load_invoice

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime


def check_stage(rt: Runtime, document: Document) -> Outcome:
    """Run every control (``check_invoice``) and store the findings."""
    invoice = load_invoice(document)
    if invoice is None:
        return Outcome(State.REJECTED, "aucune donnée de facture à contrôler")
    xml_key = models.Invoice.get(models.Invoice.document == document).xml_key
    xml = rt.blobs.get(xml_key) if xml_key else None
    hook = hooks_for(rt.pm, document.company).check_invoice  # not the plugins turned off for the company
    settings = settings_for(rt.settings, document.company)
    problems = [p for batch in hook(invoice=invoice, company=document.company, xml=xml, settings=settings)
                for p in batch or []]
    problems = apply_overrides(problems, document.company)  # the firm's per-company severities
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

    # An invoice received through the e-invoicing network is the legal original the company must keep:
    # it is archived whatever its findings, which stay on it and suggest the buyer's answer (207, 210:
    # core/model/lifecycle.py); a person answers the supplier instead of holding it in review (issue 15).
    held = bool(blocking) and document.channel != Channel.NETWORK
    state = State.TO_REVIEW if held else State.CHECKED
    return Outcome(
        state,
        reason=("; ".join(p.message for p in blocking) or None) if held else None,
        apply=apply,
        data={"findings": len(problems), "blocking": [p.code for p in blocking]},
    )


@hookimpl
def register_stages() -> list[Stage]:
    """The ``check`` stage: extracted → checked, to_review (blocking findings) or rejected."""
    return [Stage("check", check_stage, takes=State.EXTRACTED,
                  leaves={State.CHECKED, State.TO_REVIEW, State.REJECTED}, after="extract")]
