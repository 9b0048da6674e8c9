"""Deliveries of sales invoices: the ``distribute`` follow-up stage's work, and the deliveries' states.

:func:`distribute` is the run of the follow-up stage ``distribute`` (declared by the plugin
``plugins/distribution.py``, after ``archive``, for sales invoices). For one archived sales
invoice it learns the customer (:func:`guichet.core.sales.customers.learn`), picks the
first usable channel (the customer's channel, then its fall-backs; else every channel in
its automatic order, :func:`guichet.core.sales.channels.candidates`), and hands the
invoice over:

- nothing usable: the delivery is "à compléter" with what each channel lacks; the run
  waits; editing the customer (:func:`reopen_for`) runs it again;
- the channel cannot be reached (:class:`~guichet.core.sales.channels.ChannelUnavailable`
  or any error): the delivery is "en erreur" with the reason, and the follow-up machinery
  retries the run with back-off (:mod:`guichet.core.pipeline.followups`);
- the channel refuses the invoice for good (:class:`~guichet.core.sales.channels.DeliveryRefused`):
  "en erreur", and the next usable channel is tried;
- the other side may have it, nothing proves it (:class:`~guichet.core.sales.channels.MaybeHanded`,
  e.g. an AS2 receipt that does not verify): "en erreur", retried on that channel only; no
  other channel is ever tried for that invoice (a person decides once the retries are spent);
- handed over: "envoyée" (or "remise"), committed at once; a delivery handed over is
  NEVER sent again: a later run (a retry, a crash) only polls it (Chorus Pro statuses).

Every change of a delivery's state is an event ``delivery.state`` in the company's chain;
a state never goes back (:data:`~guichet.core.model.sales_models.DELIVERY_RANK`) except
from "en erreur" to another try.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from guichet.core.errors import StageRefused
from guichet.core.model import events
from guichet.core.model.models import Document, db, utcnow
from guichet.core.model.sales_models import DELIVERY_LABELS, DELIVERY_RANK, Customer, Delivery, DeliveryState
from guichet.core.model.states import Progress, State
from guichet.core.pipeline import followups
from guichet.core.pipeline.stages import Step
from guichet.core.sales import channels, customers
from guichet.core.storage.records import load_invoice

if TYPE_CHECKING:
    from guichet.core.model.invoice import Invoice
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

#: The follow-up stage's name (stable: it keys the queue task and the progress rows).
STAGE = "distribute"
#: ``Delivery.channel`` of a delivery that has no usable channel yet.
NO_CHANNEL = "-"


def set_state(delivery: Delivery, state: str, *, reason: str | None = None, external_id: str | None = None,
              data: dict[str, Any] | None = None, user_id: int | None = None, force: bool = False) -> bool:
    """Move ``delivery`` to ``state`` with its event; False when that would go back (a late, lesser news).

    Call inside a transaction. ``force`` allows going back (a person's retry).
    """
    old = delivery.state
    if not force and old != state and DELIVERY_RANK.get(state, 0) < DELIVERY_RANK.get(old, 0):
        return False
    delivery.state = state
    delivery.reason = reason
    if external_id:
        delivery.external_id = external_id
    if data:
        delivery.data = {**(delivery.data or {}), **data}
    if state == DeliveryState.SENT and delivery.sent_at is None:
        delivery.sent_at = utcnow()
    delivery.updated_at = utcnow()
    delivery.save()
    if old != state or reason:
        events.record("delivery.state", company_id=delivery.company_id, document_id=delivery.document_id,
                      user_id=user_id, data={"delivery": delivery.id, "channel": delivery.channel, "from": old,
                                             "to": state, "reason": reason})
    return True


def deliveries_of(document_id: int) -> list[Delivery]:
    """The deliveries of a document, oldest first."""
    return list(Delivery.select().where(Delivery.document == document_id).order_by(Delivery.id))


def first_handed(rows: list[Delivery]) -> Delivery | None:
    """The delivery of ``rows`` already handed over (``sent`` or later), if any: it is never sent again."""
    return next((d for d in rows if DELIVERY_RANK.get(d.state, 0) >= DELIVERY_RANK[DeliveryState.SENT]), None)


def _row(document: Document, customer: Customer, channel_id: str, rows: list[Delivery]) -> Delivery:
    """The delivery row of ``channel_id`` (reusing the "à compléter" row), created when missing."""
    found = next((d for d in rows if d.channel == channel_id), None)
    if found is None:
        found = next((d for d in rows if d.channel == NO_CHANNEL), None)
        if found is not None:
            found.channel = channel_id
    if found is None:
        found = Delivery.create(document=document.id, company=document.company_id, customer=customer.id,
                                channel=channel_id, state=DeliveryState.TO_SEND, data={})
        rows.append(found)
    found.customer = customer.id
    return found


def _apply(delivery: Delivery, handed: channels.Handed) -> None:
    data = {**handed.data, "recheck": handed.recheck_after}
    # A refusal seen later (a platform's rejection) goes back: a person's retry sends it again.
    set_state(delivery, handed.state, reason=handed.reason, external_id=handed.external_id, data=data,
              force=handed.state == DeliveryState.ERROR)


def _poll(rt: Runtime, delivery: Delivery, job: channels.DeliveryJob) -> Step:
    channel = channels.registered(rt.pm).get(delivery.channel)
    label = DELIVERY_LABELS.get(delivery.state, delivery.state)
    if channel is None or not (delivery.data or {}).get("recheck"):
        return Step(Progress.DONE, f"{label} ({delivery.channel})")
    news = channel.poll(rt, job)
    if news is not None:
        with db.atomic():
            _apply(delivery, news)
    if delivery.state == DeliveryState.ERROR:
        raise StageRefused(delivery.reason or "refusée par le destinataire")
    recheck = (delivery.data or {}).get("recheck")
    label = DELIVERY_LABELS.get(delivery.state, delivery.state)
    if recheck:
        return Step(Progress.WAITING, f"{label} ({delivery.channel}) : {delivery.reason or 'suivi en cours'}",
                    recheck_after=int(recheck))
    return Step(Progress.DONE, f"{label} ({delivery.channel})")


def distribute(rt: Runtime, document: Document) -> Step:
    """The ``distribute`` follow-up stage: deliver one archived sales invoice (see the module's docstring)."""
    invoice = load_invoice(document)
    if invoice is None:
        raise StageRefused("aucune facture lue pour ce document : rien à distribuer")
    rows = deliveries_of(document.id)
    customer = next((Customer.get_or_none(Customer.id == d.customer_id) for d in rows if d.customer_id), None)
    if customer is None:
        with db.atomic():
            customer = customers.learn(document, invoice)
    if customer is None:
        raise StageRefused("la facture ne nomme pas son client (BG-7) : rien à distribuer")
    handed = first_handed(rows)
    if handed is not None:
        return _poll(rt, handed, _job(handed, document, invoice, customer))
    return _send(rt, document, invoice, customer, rows)


def _job(delivery: Delivery, document: Document, invoice: Invoice, customer: Customer) -> channels.DeliveryJob:
    return channels.DeliveryJob(delivery=delivery, document=document, invoice=invoice, customer=customer,
                                company=document.company)


def _send(rt: Runtime, document: Document, invoice: Invoice, customer: Customer, rows: list[Delivery]) -> Step:
    candidates = channels.candidates(rt, customer)
    refused = {d.channel for d in rows if d.state == DeliveryState.ERROR and (d.data or {}).get("refused")}
    usable = [c for c, missing in candidates if not missing and c.id not in refused]
    maybe = next((d for d in rows if d.state == DeliveryState.ERROR and (d.data or {}).get("maybe_handed")), None)
    if maybe is not None:  # the other side may have it already: that channel again, never another
        usable = [c for c in usable if c.id == maybe.channel]
        if not usable:
            raise StageRefused(f"peut-être déjà remise par le canal {maybe.channel} ({maybe.reason}) : "
                               "ce canal n'est plus utilisable pour ce client, une personne doit vérifier "
                               "avant tout autre envoi")
    if not usable:
        return _to_complete(document, customer, rows, candidates, refused)
    reasons = []
    for channel in usable:
        with db.atomic():
            delivery = _row(document, customer, channel.id, rows)
            delivery.attempts += 1
            delivery.save()
        try:
            handed = channel.send(rt, _job(delivery, document, invoice, customer))
        except channels.DeliveryRefused as exc:
            with db.atomic():
                set_state(delivery, DeliveryState.ERROR, reason=f"refusée : {exc}",
                          data={"refused": True, "maybe_handed": False}, force=True)
            reasons.append(f"{channel.label} : {exc}")
            continue
        except Exception as exc:
            maybe_handed = isinstance(exc, channels.MaybeHanded)
            with db.atomic():
                set_state(delivery, DeliveryState.ERROR, reason=f"nouvel essai prévu : {exc}",
                          data={"maybe_handed": True} if maybe_handed else None, force=True)
            raise
        with db.atomic():
            _apply(delivery, handed)
        label = DELIVERY_LABELS.get(delivery.state, delivery.state)
        if handed.recheck_after:
            return Step(Progress.WAITING, f"{label} ({channel.label})", data={"delivery": delivery.id},
                        recheck_after=handed.recheck_after)
        return Step(Progress.DONE, f"{label} ({channel.label})", data={"delivery": delivery.id})
    refused |= {c.id for c in usable}
    if any(missing for _c, missing in candidates):
        # Another channel would do once the customer's record is completed: wait for it.
        return _to_complete(document, customer, rows, candidates, refused)
    raise StageRefused("aucun canal n'a accepté la facture : " + " ; ".join(reasons))


def _to_complete(document: Document, customer: Customer, rows: list[Delivery],
                 candidates: list[tuple[channels.DeliveryChannel, list[str]]], refused: set[str]) -> Step:
    lacks = [f"{c.label} : {', '.join(m)}" for c, m in candidates if m]
    lacks += [f"{c.label} : a refusé la facture" for c, _ in candidates if c.id in refused]
    reason = "à compléter — " + ("; ".join(lacks) if lacks else "aucun canal de distribution installé")
    with db.atomic():
        delivery = next((d for d in rows if d.channel == NO_CHANNEL), None)
        if delivery is None:
            delivery = Delivery.create(document=document.id, company=document.company_id, customer=customer.id,
                                       channel=NO_CHANNEL, state=DeliveryState.TO_COMPLETE, data={})
        set_state(delivery, DeliveryState.TO_COMPLETE, reason=reason, force=True)
    return Step(Progress.WAITING, reason)


def reopen_for(rt: Runtime, customer: Customer) -> int:
    """Run again the waiting deliveries of ``customer`` ("à compléter"), after its record changed; how many."""
    ids = [d.document_id for d in Delivery.select(Delivery.document).where(
        (Delivery.customer == customer.id) & (Delivery.state == DeliveryState.TO_COMPLETE))]
    count = 0
    for document_id in ids:
        if followups.settle(rt, document_id, STAGE, Progress.PENDING, reason="fiche client complétée"):
            count += 1
            try:
                rt.enqueue(document_id, State.ARCHIVED)
            except Exception:  # noqa: BLE001 - committed: the worker's periodic resume picks it up
                log.warning("document %s: distribution not queued; the worker will resume it", document_id)
    return count


def mark_document(document_id: int, state: str, *, reason: str | None = None, data: dict[str, Any] | None = None,
                  user_id: int | None = None) -> int:
    """Move the handed-over deliveries of a document to ``state`` (opened, paid); how many moved."""
    return mark_documents({document_id: reason}, state, data=data, user_id=user_id)


def mark_documents(reasons: dict[int, str | None], state: str, *, data: dict[str, Any] | None = None,
                   user_id: int | None = None) -> int:
    """:func:`mark_document` for many documents (keys of ``reasons``, each with its reason), one query
    per 500 documents; how many deliveries moved."""
    moved = 0
    ids = sorted(reasons)
    with db.atomic():
        for start in range(0, len(ids), 500):
            for delivery in Delivery.select().where(Delivery.document.in_(ids[start:start + 500]) & Delivery.state.in_(
                    [DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.OPENED])).order_by(Delivery.id):
                moved += set_state(delivery, state, reason=reasons[delivery.document_id], data=data, user_id=user_id)
    return moved
