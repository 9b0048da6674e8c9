"""« Envoyer la sélection » : send chosen archived sales invoices through distribution, each at most once.

The distribution of an archived sales invoice is the follow-up stage ``distribute``
(:mod:`guichet.core.sales.deliveries`), which runs by itself after ``archive``. A person
asks to send again the ones whose run failed or waits for a retry: each goes back to
``pending`` through :func:`guichet.core.pipeline.decisions.retry` (the right to manage the
company is checked there, per document) and is queued. What was already handed to a
channel is NEVER sent again (refused here, and ``distribute`` itself only polls it); a
run already queued or running is not queued twice; an invoice whose customer record
lacks what every channel needs is refused with what is missing (completing the record
sends it: :func:`~guichet.core.sales.deliveries.reopen_for`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from guichet.core.access import access
from guichet.core.errors import PermissionDenied
from guichet.core.model.sales_models import DELIVERY_LABELS, DeliveryState
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import STATE_LABELS, Direction, Progress, State
from guichet.core.pipeline import decisions
from guichet.core.sales import channels
from guichet.core.sales.deliveries import STAGE, deliveries_of, first_handed

if TYPE_CHECKING:
    from guichet.core.model.models import Document, User
    from guichet.core.ops.runtime import Runtime


@dataclass
class SendSummary:
    """What « envoyer la sélection » did: the documents queued, and each refusal in French."""

    queued: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def sentences(self) -> list[str]:
        """The summary for the person, in French (queued first, then refusals)."""
        out = []
        if self.queued:
            out.append(f"{len(self.queued)} facture(s) mise(s) en file d'envoi : {', '.join(self.queued[:10])}"
                       + (" …" if len(self.queued) > 10 else "") + ".")
        if self.refused:
            out.append(f"{len(self.refused)} facture(s) non envoyée(s).")
        return out


def _why_not(rt: Runtime, document: Document) -> str | None:
    """Why ``document`` cannot be sent now (French), or None when its distribution may run again."""
    if document.direction != Direction.SALES:
        return "ce n'est pas une facture de vente"
    if document.state != State.ARCHIVED:
        return f"pas encore archivée ({STATE_LABELS[State(document.state)].lower()})"
    rows = deliveries_of(document.id)
    handed = first_handed(rows)
    if handed is not None:
        channel = channels.labels(rt.pm).get(handed.channel, handed.channel)
        return f"déjà envoyée, jamais deux fois ({DELIVERY_LABELS[handed.state].lower()}, {channel})"
    run = StageRun.get_or_none((StageRun.document == document.id) & (StageRun.stage == STAGE))
    if run is None:
        return "aucune distribution prévue pour ce document (distribution désactivée pour ce dossier ?)"
    if run.status in (Progress.PENDING, Progress.RUNNING):
        return "envoi déjà en file d'attente ou en cours"
    if run.status == Progress.DONE:
        return "distribution déjà terminée"
    waiting = next((d for d in rows if d.state == DeliveryState.TO_COMPLETE), None)
    if run.status == Progress.WAITING and waiting is not None:
        return f"fiche client à compléter ({waiting.reason or 'aucun canal utilisable'})"
    return None


def send_selected(rt: Runtime, user: User, documents: list[Document]) -> SendSummary:
    """Queue the distribution of each of ``documents`` that may go; a refusal never stops the others."""
    summary = SendSummary()
    for document in documents:
        name = document.filename
        if not access.can(user, document.company, "manage"):  # before saying anything of its distribution
            summary.refused.append(f"{name} : vous n'avez pas le droit d'envoyer les factures de ce dossier.")
            continue
        reason = _why_not(rt, document)
        if reason is not None:
            summary.refused.append(f"{name} : {reason}.")
            continue
        try:
            decisions.retry(rt, user, document.id, stage=STAGE, context={"via": "envoyer la sélection"})
        except PermissionDenied:
            summary.refused.append(f"{name} : vous n'avez pas le droit d'envoyer les factures de ce dossier.")
        except decisions.DecisionError as exc:
            summary.refused.append(f"{name} : {exc}")
        else:
            summary.queued.append(name)
    return summary
