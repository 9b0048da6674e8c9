"""Reminders (relances) of unpaid sales invoices, by the channel the invoice went out by.

Each company has its steps, in days from the due date (``Company.settings["distribution"]
["reminders"]``, default :data:`DEFAULT_STEPS`: three days before, then 7, 15 and 30 days
after). Every day (:func:`send_due`, a periodic task of ``plugins/distribution.py``), each
sales invoice still open (not paid, not "en litige") whose delivery went out gets the
latest step it reached, once: an earlier step missed (the instance was off) is recorded
as skipped, never sent late in a burst. Payment stops them: a paid invoice is no longer open.

After the due date a reminder states the late-payment penalties accrued (ECB rate + 10
points, :mod:`guichet.core.money.penalties`) and, for a professional customer (known by
its SIREN or VAT number), the 40 € recovery indemnity (D441-5).

A reminder row is written BEFORE the message is handed to its channel (unique per
invoice and step), so two workers never send the same reminder; a failure is kept on the
row (state ``error``) for a person to see.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import peewee

from guichet.core.errors import GuichetError
from guichet.core.model import events
from guichet.core.model.models import Company, Document, db, paris_today
from guichet.core.model.payment_models import ItemState, OpenItem
from guichet.core.model.sales_models import DELIVERY_RANK, Customer, Delivery, DeliveryState, Reminder
from guichet.core.formatting import date_fr, money
from guichet.core.money.penalties import INDEMNITY
from guichet.core.money.penalties import from_settings as penalty_rates
from guichet.core.sales import channels, company_settings
from guichet.core.storage.records import load_invoice

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

DEFAULT_STEPS = (-3, 7, 15, 30)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Notice:
    """What one reminder says (the channel words it)."""

    step: int
    due_date: dt.date
    today: dt.date
    outstanding: Decimal
    penalties: Decimal
    indemnity: Decimal
    currency: str

    @property
    def late(self) -> bool:
        """True after the due date."""
        return self.today > self.due_date

    @property
    def total(self) -> Decimal:
        """What the customer owes today in the invoice's currency: still due + penalties, + the indemnity
        when the invoice is in euros (the indemnity is set in euros by D441-5: never added to another currency)."""
        return self.outstanding + self.penalties + (self.indemnity if self.currency == "EUR" else ZERO)


def wording(notice: Notice, number: str, company_name: str, *, link: str | None = None,
            reference: str | None = None) -> tuple[str, list[str]]:
    """What a reminder says, whatever carries it (e-mail, letter): its subject and its paragraphs."""
    amount = lambda value: money(value, notice.currency)  # noqa: E731 - one currency for the whole text
    if notice.late:
        lines = [f"Sauf erreur de notre part, la facture {number} échue le {date_fr(notice.due_date)} "
                 f"reste impayée : {amount(notice.outstanding)}."]
        if notice.penalties or notice.indemnity:
            lines.append(f"Conformément à l'article L441-10 du Code de commerce, s'y ajoutent des pénalités de retard "
                         f"de {amount(notice.penalties)} au {date_fr(notice.today)}"
                         + (f" et l'indemnité forfaitaire pour frais de recouvrement de {money(notice.indemnity, 'EUR')} "
                            "(article D441-5)." if notice.indemnity else "."))
            apart = (f", plus l'indemnité de {money(notice.indemnity, 'EUR')}"
                     if notice.indemnity and notice.currency != "EUR" else "")
            lines.append(f"Total dû à ce jour : {amount(notice.total)}{apart}.")
        subject = f"Relance : facture {number} impayée — {company_name}"
    else:
        lines = [f"Pour mémoire, la facture {number} de {amount(notice.outstanding)} arrive à échéance le "
                 f"{date_fr(notice.due_date)}."]
        subject = f"Rappel : facture {number} à échéance le {date_fr(notice.due_date)} — {company_name}"
    if link:
        lines.append(f"Pour la régler par virement ou par carte bancaire : {link}")
    elif reference:
        lines.append(f"Référence à indiquer sur votre virement : {reference}")
    lines.append("Si vous avez réglé cette facture entre-temps, merci de ne pas tenir compte de ce message.")
    return subject, lines


def steps_of(company: Company) -> tuple[int, ...]:
    """The company's reminder steps (days from the due date), sorted; the default when unset or unreadable."""
    raw = ((company.settings or {}).get("distribution") or {}).get("reminders")
    if raw is None:
        return DEFAULT_STEPS
    try:
        steps = tuple(sorted({int(s) for s in raw}))
    except (TypeError, ValueError):
        log.warning("company %s: unreadable reminder steps %r, default used", company.id, raw)
        return DEFAULT_STEPS
    return tuple(s for s in steps if company_settings.FIRST_STEP <= s <= company_settings.LAST_STEP)


def _handed(document_id: int) -> Delivery | None:
    rows = Delivery.select().where(Delivery.document == document_id).order_by(Delivery.id)
    return next((d for d in rows if DELIVERY_RANK.get(d.state, 0) >= DELIVERY_RANK[DeliveryState.SENT]
                 and d.state != DeliveryState.PAID), None)


def due(company: Company, today: dt.date) -> list[tuple[OpenItem, int, list[int]]]:
    """The open sales items of ``company`` due a reminder today: (item, step, earlier steps to skip)."""
    steps = steps_of(company)
    if not steps:
        return []
    first = today - dt.timedelta(days=max(steps))
    last = today - dt.timedelta(days=min(steps))
    items = list(OpenItem.select().where(
        (OpenItem.company == company.id) & (OpenItem.direction == "sales")
        & OpenItem.state.in_([ItemState.OPEN, ItemState.PARTIAL]) & (OpenItem.outstanding > 0)
        & OpenItem.due_date.is_null(False) & (OpenItem.due_date <= last)))
    found = []
    sent = {}
    for row in Reminder.select(Reminder.document, Reminder.step).where(Reminder.company == company.id):
        sent.setdefault(row.document_id, set()).add(row.step)
    for item in items:
        days = (today - item.due_date).days
        reached = [s for s in steps if s <= days]
        if not reached or item.due_date < first - dt.timedelta(days=366):
            continue
        latest = reached[-1]
        done = sent.get(item.document_id, set())
        if latest in done:
            continue
        found.append((item, latest, [s for s in reached[:-1] if s not in done]))
    return found


def notice_for(rt: Runtime, item: OpenItem, step: int, customer: Customer | None, today: dt.date) -> Notice:
    """The amounts of a reminder: still due, penalties accrued by ``today``, indemnity for a professional."""
    late = today > item.due_date
    penalties = penalty_rates(rt.settings).interest(item.outstanding, item.due_date, today) if late else ZERO
    professional = customer is not None and bool(customer.siren or customer.vat_id)
    return Notice(step=step, due_date=item.due_date, today=today, outstanding=item.outstanding,
                  penalties=penalties, indemnity=INDEMNITY if late and professional else ZERO,
                  currency=item.currency)


def send_due(rt: Runtime, today: dt.date | None = None, company_ids: list[int] | None = None) -> int:
    """Send every reminder due ``today`` (all companies, or those given); how many were sent."""
    today = today or paris_today()
    query = Company.select()
    if company_ids is not None:
        query = query.where(Company.id.in_(company_ids))
    sent = 0
    for company in query:
        for item, step, skipped in due(company, today):
            sent += _send_one(rt, company, item, step, skipped, today)
    return sent


def _send_one(rt: Runtime, company: Company, item: OpenItem, step: int, skipped: list[int], today: dt.date) -> int:
    delivery = _handed(item.document_id)
    if delivery is None:
        return 0  # the invoice has not gone out (yet): nothing to remind of
    customer = Customer.get_or_none(Customer.id == delivery.customer_id) if delivery.customer_id else None
    notice = notice_for(rt, item, step, customer, today)
    found = channels.registered(rt.pm)
    channel = found.get(delivery.channel)
    if channel is None or not channel.can_remind(rt, customer):
        channel = next((c for c in found.values() if customer is not None and c.can_remind(rt, customer)), None)
    try:
        with db.atomic():
            for earlier in skipped:
                Reminder.create(document=item.document_id, company=company.id, step=earlier, state="skipped",
                                outstanding=item.outstanding, penalties=ZERO, indemnity=ZERO,
                                reason="étape dépassée avant l'envoi")
            row = Reminder.create(document=item.document_id, company=company.id, step=step,
                                  channel=channel.id if channel else "", state="sending",
                                  outstanding=notice.outstanding, penalties=notice.penalties,
                                  indemnity=notice.indemnity)
    except peewee.IntegrityError:
        return 0  # another worker took this reminder
    state, reason = "sent", None
    if channel is None or customer is None:
        state, reason = "error", "aucun canal ne peut porter une relance à ce client (adresse e-mail ?)"
    else:
        document = Document.get_by_id(item.document_id)
        job = channels.DeliveryJob(delivery=delivery, document=document, invoice=load_invoice(document),
                                   customer=customer, company=company)
        try:
            channel.remind(rt, job, notice)
        except Exception as exc:  # noqa: BLE001 - kept on the reminder for a person; the others go on
            # A channel's own refusal is French already; anything else is named by its type.
            state, reason = "error", str(exc) if isinstance(exc, GuichetError) else f"{type(exc).__name__}: {exc}"
    with db.atomic():
        Reminder.update(state=state, reason=reason).where(Reminder.id == row.id).execute()
        events.record("reminder." + state, company_id=company.id, document_id=item.document_id,
                      data={"step": step, "channel": row.channel, "outstanding": str(notice.outstanding),
                            "penalties": str(notice.penalties), "indemnity": str(notice.indemnity), "currency": notice.currency,
                            "reason": reason})
    return int(state == "sent")
