"""Every decision a person takes on a document, in one place: the web, the API and the CLI call these.

- :func:`accept`: to_review → checked (event ``document.review_override``); when it overrides
  FRAUD-IBAN-CHANGE, the invoice's IBAN is confirmed for its supplier by that person
  (:func:`guichet.core.money.supplier_ibans.record_confirmation`, as in a payment batch)
- :func:`send_back`: to_review → to_code (``document.recode``)
- :func:`reject`: to_code or to_review → rejected (``document.rejected_by_operator``)
- :func:`split`: to_code → split, one new document a part (``document.split``)
- :func:`retry`: rejected → received (``document.retry``); or a follow-up stage that
  failed or waits → pending, the document staying where it is (``document.stage``)
- :func:`validate_coding`: to_code → extracted (``document.coded``)
- :func:`answer_stage`: a follow-up stage that waits → done, failed, waiting or pending
  (``document.stage``)

Each decision checks the person's right on the document's company ("manage"; the CLI
acts as the instance's administrator with ``user=None``), checks the state, takes
and ends the coding claim where there is one, then makes one
:func:`~guichet.core.pipeline.transitions.transition`: the state, its event and the
decision's writes in one transaction, with a compare-and-set so that of two people
deciding at once one wins and the other gets :class:`DecisionError`. Every plugin
hears of the change once committed (``document_state_changed``: webhooks, the
network). Then the stages that may run next are queued (``enqueue=False`` leaves
that to the caller). ``context`` goes into the event: who decided when no person is
logged in (``{"origin": "cli"}``, the API token).

- :func:`answer_network_status`: the company, as buyer, answers an invoice received through
  the e-invoicing network (204 Prise en charge … 210 Refusée, 211 Paiement transmis), with
  the reason the specification requires (``network.status``); the status waits
  (``pending``) until :func:`guichet.core.network.sending.send_pending` hands it to the platform.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

from guichet.core.access import access
from guichet.core.errors import PermissionDenied, StopPipeline
from guichet.core.model import lifecycle
from guichet.core.model.identifiers import compact
from guichet.core.model.models import Document, Finding, Invoice, Party, db
from guichet.core.model.network_models import Delivery, NetworkDocument, NetworkStatus, Route
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Format, Progress, Severity, State
from guichet.core.money import open_items, supplier_ibans
from guichet.core.network import statuses as network_statuses
from guichet.core.pipeline import claims, followups
from guichet.core.pipeline.extraction import coded_invoice, complete_for, read_lines, store_coding
from guichet.core.pipeline.splitting import announce, cut_parts, record_parts, split_reason
from guichet.core.pipeline.stages import stage_plan
from guichet.core.pipeline.transitions import direction_for, transition

if TYPE_CHECKING:
    from collections.abc import Callable

    from guichet.core.model import models
    from guichet.core.model.models import User
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

#: Event kinds of the decisions.
OVERRIDE_EVENT = "document.review_override"
RECODE_EVENT = "document.recode"
REJECT_EVENT = "document.rejected_by_operator"
SPLIT_EVENT = "document.split"
RETRY_EVENT = "document.retry"
CODED_EVENT = "document.coded"

#: The message when someone else decided first.
CHANGED = "Ce document a déjà été traité par ailleurs."


class DecisionError(ValueError):
    """The decision cannot be taken (wrong state, missing reason, someone was first); French message."""


# ---------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------


def _document(user: User | None, document_id: int) -> Document:
    """The document, if ``user`` may manage its company (None: the instance's administrator)."""
    if user is not None:
        return access.document_for(user, document_id, needed="manage")
    document = Document.get_or_none(Document.id == document_id)
    if document is None:
        raise DecisionError(f"Document {document_id} introuvable.")
    return document


def _expect(document: Document, *states: State, message: str | None = None) -> None:
    if State(document.state) not in states:
        raise DecisionError(message or CHANGED)


def _reason(reason: str | None, missing: str | None) -> str | None:
    text = " ".join((reason or "").split())[:500] or None
    if text is None and missing is not None:
        raise DecisionError(missing)
    return text


def _hold_claim(document: Document, user: User | None) -> None:
    """The coding claim is ``user``'s (taken now if free); another operator's claim refuses."""
    held = claims.holder(document)
    if held is not None and (user is None or held.user_id != user.id):
        raise DecisionError("Un autre opérateur code ce document.")
    if held is None and user is not None and not claims.claim(document, user):
        raise DecisionError("Un autre opérateur code ce document.")


def _enqueue(rt: Runtime, document_id: int, state: State | str) -> None:
    """Queue what runs next; the decision is committed, so a queue outage only delays it."""
    try:
        rt.enqueue(document_id, state)
    except Exception:  # the worker's periodic resume picks the document up
        log.warning("document %s: next stages not queued; the worker will resume them", document_id, exc_info=True)


def _decide(
    rt: Runtime,
    document: Document,
    new: State,
    user: User | None,
    *,
    kind: str,
    reason: str | None = None,
    updates: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    apply: Callable[[], None] | None = None,
    enqueue: bool = True,
    context: dict[str, Any] | None = None,
) -> Document:
    done = transition(document, new, reason=reason, user_id=user.id if user else None, kind=kind,
                      updates=updates, data={**(data or {}), **(context or {})}, apply=apply, pm=rt.pm)
    if not done:
        raise DecisionError(CHANGED)
    if enqueue:
        _enqueue(rt, document.id, new)
    return document


# ---------------------------------------------------------------------------
# Review: a document with blocking findings
# ---------------------------------------------------------------------------


def accept(rt: Runtime, user: User | None, document_id: int, reason: str, *, enqueue: bool = True,
           context: dict[str, Any] | None = None) -> Document:
    """Accept a document despite its blocking findings: ``to_review`` → ``checked``.

    :param user: The acting person; needs the "manage" right on the document's company.
    :param reason: Why the findings are accepted (required; stored in the event).

    Overriding FRAUD-IBAN-CHANGE confirms the invoice's IBAN for the supplier, in the same
    transaction: later invoices carrying it are not flagged, and under four eyes this person
    counts as its confirmer (:func:`guichet.core.access.payment_rights.check_four_eyes`).
    :raises PermissionDenied: When ``user`` may not manage the document's company.
    :raises DecisionError: When the reason is empty or the document is not (or no longer) to review.
    :returns: The document, now ``checked``.
    """
    document = _document(user, document_id)
    text = _reason(reason, "Indiquez la raison pour laquelle les anomalies sont acceptées.")
    _expect(document, State.TO_REVIEW, message=f"Le document n'est pas à revoir (état : {document.state}).")
    blocking = [
        f.code for f in Finding.select(Finding.code)
        .where((Finding.document == document) & (Finding.severity == str(Severity.FATAL)))
        .order_by(Finding.id)
    ]
    return _decide(rt, document, State.CHECKED, user, kind=OVERRIDE_EVENT, reason=text,
                   data={"overridden": blocking}, enqueue=enqueue, context=context,
                   apply=(lambda: _confirm_iban(document, user, text)) if supplier_ibans.IBAN_CHANGE in blocking
                   else None)


def _confirm_iban(document: Document, user: User | None, reason: str) -> None:
    """Accepting FRAUD-IBAN-CHANGE confirms the invoice's IBAN for its supplier, as a payment batch would."""
    invoice = Invoice.get_or_none(Invoice.document == document.id)
    iban = compact(invoice.iban) if invoice else ""
    if not iban:
        return
    seller = Party.get_or_none((Party.invoice == invoice.id) & (Party.role == "seller"))
    key = open_items.party_key(seller.siren if seller else None, seller.vat_id if seller else None,
                               seller.name if seller else None)
    supplier_ibans.record_confirmation(document.company_id, key, iban, user_id=user.id if user else None,
                                       note=reason, document_id=document.id, data={"review": document.id})


def can_accept(user: User, document: Document) -> bool:
    """True when ``user`` may accept ``document`` despite its findings (for the pages)."""
    try:
        return document.state == State.TO_REVIEW and access.can(user, document.company, "manage")
    except PermissionDenied:
        return False


def send_back(rt: Runtime, user: User | None, document_id: int, reason: str = "", *,
              enqueue: bool = True, context: dict[str, Any] | None = None) -> Document:
    """Send a document under review back to the coding queue: ``to_review`` → ``to_code``."""
    document = _document(user, document_id)
    _expect(document, State.TO_REVIEW)
    return _decide(rt, document, State.TO_CODE, user, kind=RECODE_EVENT, reason=_reason(reason, None),
                   enqueue=enqueue, context=context)


# ---------------------------------------------------------------------------
# Coding: a document read from paper
# ---------------------------------------------------------------------------


def reject(rt: Runtime, user: User | None, document_id: int, reason: str, *, enqueue: bool = True,
           context: dict[str, Any] | None = None) -> Document:
    """Refuse the document with a French reason (not an invoice, illegible...): → ``rejected``.

    From the coding screen (the operator's claim ends) or from review.
    """
    document = _document(user, document_id)
    text = _reason(reason, "Indiquez le motif du rejet.")
    _expect(document, State.TO_CODE, State.TO_REVIEW)
    coding = document.state == State.TO_CODE
    if coding:
        _hold_claim(document, user)
    return _decide(rt, document, State.REJECTED, user, kind=REJECT_EVENT, reason=text, enqueue=enqueue,
                   context=context, apply=(lambda: claims.finish(document, user, "rejected")) if coding else None)


def validate_coding(
    rt: Runtime,
    user: User | None,
    document_id: int,
    fields: dict[str, Any],
    *,
    vat_breakdown: list[dict[str, Any]] = (),
    lines: list[dict[str, Any]] = (),
    summary: bool | None = None,
    enqueue: bool = True,
    context: dict[str, Any] | None = None,
) -> models.Invoice:
    """Store the invoice an operator coded, feed the supplier memory: ``to_code`` → ``extracted``.

    What the paper gives is completed into an EN 16931 invoice
    (:mod:`guichet.core.pipeline.completion`): the dossier's company as buyer, a VAT
    category per rate, the lines kept when they add up to the VAT bases, else one
    summary line per rate; the event says what was added.

    :param fields: Flat values keyed like ``guichet extract --json`` (plus ``bic``,
        ``payment_terms``); amounts as decimal strings, dates ISO.
    :param vat_breakdown: Rows with ``rate``, ``taxable_amount``, ``tax_amount`` and optionally
        ``category``, ``exemption_code``, ``exemption_reason``.
    :param lines: Rows with ``description``, ``quantity``, ``unit_price``, ``amount``, ``vat_rate``
        and optionally ``vat_category``, ``unit_code``; none given: the lines the reading found.
    :param summary: True: one summary line per VAT rate instead of ``lines``; None: only when
        the lines do not add up to the VAT bases.
    :param user: The operator (recorded on the event and the coding time).
    :raises DecisionError: when the document is not waiting for coding (another
        operator validated it first) or another operator holds it.
    :returns: The stored invoice row.
    """
    document = _document(user, document_id)
    _expect(document, State.TO_CODE, message=f"Le document n'attend pas de codage (état {document.state}).")
    _hold_claim(document, user)
    if not lines and summary is not True:
        lines = read_lines(document)  # the lines the reading found, unless the operator gave others
    completion = complete_for(document, coded_invoice(fields, vat_breakdown=vat_breakdown, lines=lines), rt.pm,
                              summary=summary)
    invoice = completion.invoice
    stored = []

    def apply() -> None:
        claims.finish(document, user, "validated")
        stored.append(store_coding(document, invoice, fields))

    _decide(rt, document, State.EXTRACTED, user, kind=CODED_EVENT, apply=apply, enqueue=enqueue, context=context,
            updates={"direction": str(direction_for(invoice, document.company))},
            data={"number": invoice.number, "stage": "coding", "completed": completion.said})
    return stored[0]


def split(rt: Runtime, user: User | None, document_id: int, groups: list[list[int]], *,
          enqueue: bool = True, context: dict[str, Any] | None = None) -> list[Document]:
    """Cut a PDF into several documents (one per group of pages); the original → ``split``.

    The same path as the extract stage's automatic split (:mod:`guichet.core.pipeline.splitting`):
    each part enters as a new document of the same company and channel.
    :returns: The new documents.
    """
    document = _document(user, document_id)
    _expect(document, State.TO_CODE)
    if document.format == Format.IMAGE or len(groups) < 2:  # a split makes two parts or more
        raise DecisionError("Seul un PDF peut être scindé, en deux parties au moins.")
    _hold_claim(document, user)
    try:
        cut = cut_parts(rt, document, groups, label="partie")
    except StopPipeline as exc:
        raise DecisionError(exc.reason[:1].upper() + exc.reason[1:] + ".") from exc
    with db.atomic():  # the parts exist only if the original moves to "split": a refusal leaves no orphan
        parts, new = record_parts(document, cut, user_id=user.id if user else None)
        _decide(rt, document, State.SPLIT, user, kind=SPLIT_EVENT, reason=split_reason(parts),
                data={"parts": [p.id for p in parts]}, apply=lambda: claims.finish(document, user, "split"),
                enqueue=False, context=context)
    announce(rt, new)
    if enqueue:
        for part in parts:
            _enqueue(rt, part.id, part.state)
    return parts


# ---------------------------------------------------------------------------
# Retries and answers
# ---------------------------------------------------------------------------


def retry(rt: Runtime, user: User | None, document_id: int, *, stage: str | None = None,
          enqueue: bool = True, context: dict[str, Any] | None = None) -> Document:
    """Run again: a rejected document from the start (→ ``received``), or one follow-up stage.

    :param stage: A follow-up stage's name whose run failed, waits for a retry or for
        an answer: it goes back to ``pending`` and runs now, from its first attempt;
        the document's state does not change.
    """
    document = _document(user, document_id)
    if stage is None:
        _expect(document, State.REJECTED, message="Seul un document rejeté peut être relancé.")
        return _decide(rt, document, State.RECEIVED, user, kind=RETRY_EVENT, enqueue=enqueue, context=context)
    run = StageRun.get_or_none((StageRun.document == document.id) & (StageRun.stage == stage))
    if run is None or run.status not in (Progress.FAILED, Progress.RETRY, Progress.WAITING):
        raise DecisionError(f"L'étape « {stage} » n'attend pas de nouvel essai sur ce document.")
    if not followups.settle(rt, document.id, stage, Progress.PENDING, reason="relancé",
                            user_id=user.id if user else None, context=context):
        raise DecisionError(CHANGED)
    if enqueue:
        _enqueue(rt, document.id, document.state)
    return document


def answer_stage(
    rt: Runtime,
    user: User | None,
    document_id: int,
    stage: str,
    status: Progress | str,
    reason: str,
    *,
    data: dict[str, Any] | None = None,
    enqueue: bool = True,
    context: dict[str, Any] | None = None,
) -> Document:
    """A person answers for a follow-up stage that waits (e.g. confirms a delivery by hand).

    :param status: ``done``, ``failed``, ``waiting`` or ``pending`` (run it again).
    :param reason: Required, kept on the run and its event.
    """
    document = _document(user, document_id)
    text = _reason(reason, "Indiquez la raison de cette réponse.")
    known = stage_plan(rt.pm).by_name(stage)
    if known is None or not known.follow_up:
        raise DecisionError(f"Aucune étape de suite ne s'appelle « {stage} ».")
    if not followups.settle(rt, document.id, stage, Progress(status), reason=text, data=data,
                            user_id=user.id if user else None, context=context):
        raise DecisionError(CHANGED)
    if enqueue:
        _enqueue(rt, document.id, document.state)
    return document


# ---------------------------------------------------------------------------
# The e-invoicing network: the buyer's answers
# ---------------------------------------------------------------------------

#: After these statuses the buyer has nothing more to say but 211 Paiement transmis.
_CLOSED = frozenset({"205", "210", "213"})


def answer_network_status(
    rt: Runtime,
    user: User | None,
    document_id: int,
    code: str,
    *,
    reason: str | None = None,
    message: str | None = None,
    context: dict[str, Any] | None = None,
) -> NetworkStatus:
    """The company answers, as buyer, an invoice it received through the network.

    :param code: 204, 205, 206, 207, 208, 210 or 211 (:data:`~guichet.core.model.lifecycle.BUYER_ANSWERS`).
    :param reason: The reason code (:data:`~guichet.core.model.lifecycle.REASONS`), required for
        206, 207, 208 and 210.
    :param message: Free text sent with it (MDT-114).
    :returns: The status recorded, ``pending`` until the platform took it.
    :raises DecisionError: (French) not a received invoice, a status a buyer does not send, a
        missing or unknown reason, an invoice already refused or approved.
    """
    document = _document(user, document_id)
    code = str(code).strip()
    place = NetworkDocument.get_or_none(NetworkDocument.document == document.id)
    if place is None or place.route != Route.RECEIVED:
        raise DecisionError("Seule une facture reçue par le réseau peut recevoir une réponse de l'acheteur.")
    if code not in lifecycle.BUYER_ANSWERS:
        allowed = ", ".join(f"{c} {lifecycle.label(c)}" for c in lifecycle.BUYER_ANSWERS)
        raise DecisionError(f"Statut « {code} » : l'acheteur répond par {allowed}.")
    reason = (reason or "").strip().upper() or None
    if lifecycle.needs_reason(code) and not reason:
        raise DecisionError(f"Le statut {code} {lifecycle.label(code)} exige un motif (liste des motifs).")
    if reason and reason not in lifecycle.REASONS:
        raise DecisionError(f"Motif « {reason} » inconnu ; motifs admis : {', '.join(lifecycle.REASONS)}.")
    if place.last_code in _CLOSED and code != "211":
        raise DecisionError(f"Facture déjà au statut {place.last_code} {lifecycle.label(place.last_code)} : "
                            "plus de réponse possible (sauf 211 Paiement transmis).")
    recorded = network_statuses.record(
        rt.pm, document, code, origin="buyer", delivery=Delivery.PENDING, reason=reason,
        message=" ".join((message or "").split())[:1000] or None, tracking_id=f"ga-{uuid.uuid4().hex[:30]}",
        user_id=user.id if user else None, data=context)
    if recorded is None:
        raise DecisionError(CHANGED)
    return recorded
