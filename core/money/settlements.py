"""The one place that settles open items: payments, transfers, credit notes allocated, write-offs.

:func:`settle` writes a :class:`~guichet.core.model.payment_models.Settlement` and updates
its open item in the caller's transaction. Once that transaction committed, the caller
calls :func:`announce` with the payments made, which tells the plugins through the
``payments_recorded`` hook, once per company with the whole list (the network sends 211/212,
the distribution marks deliveries "payée").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING

from iso4217 import Currency

from guichet.core.formatting import number
from guichet.core.model import events
from guichet.core.model.database import is_postgres
from guichet.core.model.models import Company, Document, db, paris_today, utcnow
from guichet.core.model.payment_models import OpenItem, Settlement
from guichet.core.money import open_items
from guichet.core.plugins import hooks_for

if TYPE_CHECKING:
    import pluggy

#: Kinds of settlement; the first two are money that moved (told to ``payments_recorded``).
PAYMENT = "payment"  # a bank line matched to the invoice
TRANSFER = "transfer"  # a validated batch paying the (purchase) invoice
CREDIT_NOTE = "credit_note"  # a credit note allocated to the invoice
WRITE_OFF = "write_off"  # the rest given up, with a reason
KIND_LABELS = {PAYMENT: "Paiement", TRANSFER: "Virement émis", CREDIT_NOTE: "Avoir imputé", WRITE_OFF: "Passé en perte"}


class SettlementRefused(ValueError):  # a refusal with a French reason, not a programming error
    """A settlement that would pay more than is due, or in the wrong direction."""


@dataclass(frozen=True)
class Paid:
    """A payment to announce after commit."""

    document_id: int
    company_id: int
    amount: Decimal
    date: dt.date


@cache
def minor_units(currency: str | None) -> int:
    """How many decimals an amount in ``currency`` may have (ISO 4217: 2 for EUR, 0 for JPY, 3 for BHD; 2 when
    the code is unknown or has none)."""
    try:
        exponent = Currency(currency or "").exponent
    except ValueError:
        return 2
    return 2 if exponent is None else exponent


def checked_amount(amount: Decimal | str, currency: str | None) -> Decimal:
    """``amount`` as a positive Decimal that the currency can pay (no NaN or infinity, nothing below its
    minor unit: a write-off of 0,001 € would leave 999,999 € due that no transfer can pay).

    :raises SettlementRefused: otherwise, in French.
    """
    try:
        value = abs(Decimal(amount))
    except (InvalidOperation, ValueError, TypeError):
        value = Decimal("NaN")
    if not value.is_finite():
        msg = f"montant invalide : {amount}"
        raise SettlementRefused(msg)
    places = minor_units(currency)
    exponent = value.normalize().as_tuple().exponent  # 850.000 → 85E+1: trailing zeros are no finer
    if isinstance(exponent, int) and -exponent > places:
        digits = "aucune décimale" if places == 0 else f"au plus {places} décimale{'s' if places > 1 else ''}"
        msg = f"montant {number(value)} : {digits} en {currency or 'EUR'}"
        raise SettlementRefused(msg)
    return value


def _lock(item: OpenItem) -> OpenItem:
    """The item read again inside the transaction (row lock on PostgreSQL; SQLite holds the write lock)."""
    query = OpenItem.select().where(OpenItem.id == item.id)
    if is_postgres():
        query = query.for_update()
    return query.get()


def settle(item: OpenItem, amount: Decimal, date: dt.date, kind: str, *, bank_line_id: int | None = None,
           batch_payment_id: int | None = None, credit_note_id: int | None = None, reason: str = "",
           user_id: int | None = None, automatic: bool = False) -> tuple[Settlement, Paid | None]:
    """Reduce ``item`` by ``amount`` (positive, in the item's currency). Call in a transaction.

    :returns: The settlement and, for money that moved, what to :func:`announce` after commit.
    :raises SettlementRefused: for a zero amount, one that is not a number or finer than the currency's minor
        unit (:func:`checked_amount`), or more than the outstanding amount.
    """
    if not db.in_transaction():
        msg = "settle() must run inside the caller's transaction"
        raise RuntimeError(msg)
    item = _lock(item)
    amount = checked_amount(amount, item.currency)
    if amount == 0:
        msg = "montant nul"
        raise SettlementRefused(msg)
    if amount > abs(item.outstanding):
        msg = (f"{amount} dépasse le reste dû de la facture {item.number or item.document_id} "
               f"({abs(item.outstanding)} {item.currency})")
        raise SettlementRefused(msg)
    signed = amount if item.amount >= 0 else -amount
    row = Settlement.create(company=item.company_id, item=item, kind=kind, amount=signed, date=date,
                            bank_line_id=bank_line_id, batch_payment_id=batch_payment_id,
                            credit_note_id=credit_note_id, reason=reason, automatic=automatic, user_id=user_id)
    item.settled += signed  # the row is locked: adding is the same as re-summing (open_items.refresh)
    item.outstanding = item.amount - item.settled
    item.state = open_items.state_for(item.amount, item.settled, disputed=item.disputed)
    item.updated_at = utcnow()
    item.save()
    paid = Paid(item.document_id, item.company_id, amount, date) if kind in (PAYMENT, TRANSFER) else None
    return row, paid


@dataclass(frozen=True)
class Allocation:
    """One settlement of a bulk run (:func:`settle_many`)."""

    item: OpenItem
    amount: Decimal  # positive, in the item's currency
    date: dt.date
    bank_line_id: int | None = None
    reason: str = ""


def bulk_insert(model: type, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts keyed by field name) with one prepared statement: peewee's multi-row INSERT
    builds its SQL in Python, which costs seconds on a 5,000-line statement."""
    if not rows:
        return
    fields = [model._meta.fields[name] for name in rows[0]]  # peewee's public metadata
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([db.param] * len(fields))
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'  # noqa: S608 - our own names
    db.cursor().executemany(sql, [tuple(f.db_value(row[f.name]) for f in fields) for row in rows])


def settle_many(allocations: list[Allocation], kind: str, *, automatic: bool,
                user_id: int | None = None) -> list[Paid | None]:
    """:func:`settle` for many items at once (the reconciliation of a whole statement). Call in a transaction.

    The caller read the items inside this transaction (locked with ``FOR UPDATE`` on PostgreSQL;
    SQLite holds the write lock) and checked each amount against what remains due: the settlements
    are inserted together and each item's totals are written with one prepared statement.
    """
    if not db.in_transaction():
        msg = "settle_many() must run inside the caller's transaction"
        raise RuntimeError(msg)
    rows, updates, paid = [], {}, []
    now = utcnow()
    for entry in allocations:
        item = entry.item
        amount = checked_amount(entry.amount, item.currency)
        if amount == 0 or amount > abs(item.outstanding):
            msg = f"{amount} dépasse le reste dû de la facture {item.number or item.document_id}"
            raise SettlementRefused(msg)
        signed = amount if item.amount >= 0 else -amount
        rows.append({"company": item.company_id, "item": item.id, "kind": kind, "amount": signed, "date": entry.date,
                     "bank_line_id": entry.bank_line_id, "batch_payment_id": None, "credit_note_id": None,
                     "reason": entry.reason, "automatic": automatic, "user_id": user_id, "created_at": now})
        item.settled += signed
        item.outstanding = item.amount - item.settled
        item.state = open_items.state_for(item.amount, item.settled, disputed=item.disputed)
        updates[item.id] = item
        paid.append(Paid(item.document_id, item.company_id, amount, entry.date) if kind in (PAYMENT, TRANSFER)
                    else None)
    bulk_insert(Settlement, rows)
    sql = ("UPDATE open_item SET settled = %s, outstanding = %s, state = %s, updated_at = %s WHERE id = %s"
           .replace("%s", db.param))
    field = OpenItem.settled
    cursor = db.cursor()
    cursor.executemany(sql, [(field.db_value(i.settled), field.db_value(i.outstanding), i.state, now, i.id)
                             for i in updates.values()])
    return paid


def allocate_credit_note(credit_note: OpenItem, invoice: OpenItem, amount: Decimal, *,
                         user_id: int | None = None) -> None:
    """Allocate (part of) a credit note to an invoice of the same counterparty and currency."""
    if credit_note.amount >= 0 or invoice.amount <= 0:
        msg = "il faut un avoir (montant négatif) et une facture (montant positif)"
        raise SettlementRefused(msg)
    if (credit_note.company_id, credit_note.direction, credit_note.currency) != (
            invoice.company_id, invoice.direction, invoice.currency):
        msg = "l'avoir et la facture doivent être du même dossier, du même sens et de la même devise"
        raise SettlementRefused(msg)
    if credit_note.party_key != invoice.party_key:
        msg = (f"l'avoir {credit_note.number or credit_note.document_id} ({credit_note.counterparty}) n'est pas du "
               f"même {'client' if invoice.direction == 'sales' else 'fournisseur'} que la facture "
               f"{invoice.number or invoice.document_id} ({invoice.counterparty})")
        raise SettlementRefused(msg)
    today = paris_today()
    with db.atomic():
        settle(invoice, amount, today, CREDIT_NOTE, credit_note_id=credit_note.id, user_id=user_id,
               reason=f"avoir {credit_note.number or credit_note.document_id}")
        settle(credit_note, amount, today, CREDIT_NOTE, credit_note_id=invoice.id, user_id=user_id,
               reason=f"imputé sur {invoice.number or invoice.document_id}")
        events.record("payment.credit_note", company_id=invoice.company_id, document_id=invoice.document_id,
                      user_id=user_id, data={"credit_note": credit_note.document_id, "amount": str(amount)})


def counterparts(item: OpenItem) -> list[OpenItem]:
    """What ``item`` may be set against: the open credit notes of an invoice, or the open invoices of a credit note.

    Same company, direction, currency and counterparty (:func:`allocate_credit_note` holds to it).
    """
    same = ((OpenItem.company == item.company_id) & (OpenItem.direction == item.direction)
            & (OpenItem.currency == item.currency) & (OpenItem.party_key == item.party_key) & (OpenItem.id != item.id))
    rows = OpenItem.select().where(same).order_by(OpenItem.issue_date, OpenItem.id)
    # signs compared here: amounts are TEXT on SQLite, where "<" in SQL would compare strings
    return [row for row in rows if row.outstanding != 0 and (row.amount < 0) == (item.amount > 0)]


def write_off(item: OpenItem, amount: Decimal, reason: str, *, user_id: int | None = None) -> None:
    """Give up (part of) what is due, with a reason (required)."""
    if not reason.strip():
        msg = "un motif est obligatoire pour passer un reste en perte"
        raise SettlementRefused(msg)
    with db.atomic():
        settle(item, amount, paris_today(), WRITE_OFF, reason=reason.strip(), user_id=user_id)
        events.record("payment.write_off", company_id=item.company_id, document_id=item.document_id,
                      user_id=user_id, data={"amount": str(amount), "reason": reason.strip()})


@dataclass(frozen=True)
class RecordedPayment:
    """One invoice's payment as told to the plugins (``payments_recorded``)."""

    document: Document  # the invoice (``direction`` says sales or purchase)
    amount: Decimal  # positive, in the invoice's currency: what this change settled on that date
    date: dt.date  # booking date, or the batch's execution date


def announce(pm: pluggy.PluginManager, paid: list[Paid | None]) -> None:
    """Tell the plugins about payments that committed (``payments_recorded``): one call per company with
    every invoice and date of the change, so that a plugin reads its rows for the whole list at once."""
    if not rt_has_listeners(pm):
        return
    merged: dict[tuple[int, dt.date], Decimal] = {}
    companies: dict[int, int] = {}
    for entry in paid:
        if entry is None:
            continue
        key = (entry.document_id, entry.date)
        merged[key] = merged.get(key, Decimal("0")) + entry.amount
        companies[entry.document_id] = entry.company_id
    documents: dict[int, Document] = {}
    ids = sorted({document_id for document_id, _ in merged})
    for start in range(0, len(ids), 500):
        documents.update({d.id: d for d in Document.select().where(Document.id.in_(ids[start:start + 500]))})
    per_company: dict[int, list[RecordedPayment]] = {}
    for (document_id, date), amount in merged.items():
        per_company.setdefault(companies[document_id], []).append(
            RecordedPayment(documents[document_id], amount, date))
    for company in Company.select().where(Company.id.in_(sorted(per_company))).order_by(Company.id):
        hook = hooks_for(pm, company)  # the plugins the firm turned off for the company are not told
        hook.payments_recorded(company=company, payments=per_company[company.id], hook=hook)


def rt_has_listeners(pm: pluggy.PluginManager) -> bool:
    """True when a plugin implements ``payments_recorded`` (nothing to look up otherwise)."""
    return bool(pm.hook.payments_recorded.get_hookimpls())
