"""Open items: what is still due on each archived invoice, purchase and sales.

An open item is made for every archived invoice whose direction is known
(:func:`track`, called when a document reaches ``archived``; :func:`sync` catches up
on anything missed, in one query). Its amount is the amount due for payment (BT-115,
else the total with VAT, BT-112); a credit note's amount is negative. Its due date is
BT-9, else the issue date + 30 days (the legal default term, L441-10). What was paid,
allocated or written off is in its :class:`~guichet.core.model.payment_models.Settlement`
rows; ``settled`` and ``outstanding`` are kept by :mod:`.settlements` in the same transaction.

States: à payer / à encaisser (``open``), partiellement réglée (``partial``), réglée
(``paid``), en litige (``disputed``: the network said 207 "En litige", :func:`disputed_documents`).
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from typing import TYPE_CHECKING

from peewee import JOIN

from guichet.core.model import models
from guichet.core.model.identifiers import compact, creditor_reference
from guichet.core.model.payment_models import ItemState, OpenItem
from guichet.core.model.states import Direction, State

if TYPE_CHECKING:
    from collections.abc import Iterable

    from guichet.core.model.models import Company, Document

ZERO = Decimal("0")
#: UNTDID 1001 codes of credit notes (EN 16931 BT-3): their open item is negative.
CREDIT_NOTE_TYPES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})
#: Document states whose invoices are open items.
TRACKED_STATES = (str(State.ARCHIVED),)
#: Days from the issue date to the due date when the invoice gives none (L441-10: 30 days by default).
DEFAULT_TERM_DAYS = 30
#: The lifecycle status that puts an invoice "en litige" (XP Z12-012: 207 En litige).
DISPUTE_CODE = "207"


#: Width of the ``party_key`` columns (OpenItem, SupplierAccount, customers): a longer name is cut.
PARTY_KEY_WIDTH = 255


def party_key(siren: str | None, vat_id: str | None, name: str | None) -> str:
    """How a counterparty is recognised across invoices: SIREN, else VAT number, else its name (cut to the
    columns' width, :data:`PARTY_KEY_WIDTH`)."""
    if siren:
        key = f"siren:{siren}"
    elif vat_id:
        key = f"vat:{compact(vat_id)}"
    else:
        key = f"name:{' '.join((name or '').lower().split())}"
    return key[:PARTY_KEY_WIDTH]


def signed_amount(type_code: str | None, amount_due: Decimal | None, total: Decimal | None) -> Decimal | None:
    """The open item's amount: BT-115 (else BT-112), negative for a credit note."""
    value = amount_due if amount_due is not None else total
    if value is None:
        return None
    return -abs(value) if (type_code or "") in CREDIT_NOTE_TYPES else value


def state_for(amount: Decimal, settled: Decimal, *, disputed: bool) -> str:
    """The state of an item from its amounts (a settled item is réglée even when it was disputed)."""
    outstanding = amount - settled
    if outstanding == 0:
        return ItemState.PAID
    if disputed:
        return ItemState.DISPUTED
    return ItemState.PARTIAL if settled != 0 else ItemState.OPEN


# ---------------------------------------------------------------------------
# The network's lifecycle statuses (the seam with the e-invoicing network)
# ---------------------------------------------------------------------------


def _network_models():  # noqa: ANN202 - a module or None
    try:
        return importlib.import_module("guichet.core.model.network_models")
    except ImportError:
        return None


def disputed_documents(company_id: int, document_ids: Iterable[int] | None = None) -> set[int]:
    """Documents of ``company_id`` whose last lifecycle status is 207 "En litige".

    THE one place that derives "en litige". It reads the network's status table
    (``guichet.core.model.network_models.NetworkDocument.last_code``, written by the
    network plugin for statuses received and sent); on an instance without the network
    tables it returns an empty set, so that no invoice is ever "en litige" by guess.
    """
    network = _network_models()
    if network is None:
        return set()
    table = network.NetworkDocument
    query = table.select(table.document).where((table.company == company_id) & (table.last_code == DISPUTE_CODE))
    if document_ids is not None:
        query = query.where(table.document.in_(list(document_ids)))
    return {row.document_id for row in query}


# ---------------------------------------------------------------------------
# Making and refreshing open items
# ---------------------------------------------------------------------------


def _invoice_rows(company_id: int, document_ids: list[int] | None = None, *, missing_only: bool = False) -> list[dict]:
    """Archived invoices with a known direction, with their counterparty (one query)."""
    inv, doc = models.Invoice, models.Document
    seller, buyer = models.Party.alias(), models.Party.alias()
    query = (
        inv.select(inv.document, inv.number, inv.type_code, inv.issue_date, inv.due_date, inv.currency,
                   inv.amount_due, inv.total_with_tax, inv.iban, doc.direction,
                   seller.name.alias("seller_name"), seller.siren.alias("seller_siren"),
                   seller.vat_id.alias("seller_vat"), buyer.name.alias("buyer_name"),
                   buyer.siren.alias("buyer_siren"), buyer.vat_id.alias("buyer_vat"))
        .join(doc, on=(doc.id == inv.document))
        .join(seller, JOIN.LEFT_OUTER, on=((seller.invoice == inv.id) & (seller.role == "seller")))
        .join(buyer, JOIN.LEFT_OUTER, on=((buyer.invoice == inv.id) & (buyer.role == "buyer")))
        .where((inv.company == company_id) & doc.state.in_(TRACKED_STATES)
               & doc.direction.in_([str(Direction.PURCHASE), str(Direction.SALES)]))
    )
    if missing_only:
        query = (query.join(OpenItem, JOIN.LEFT_OUTER, on=(OpenItem.document == inv.document))
                 .where(OpenItem.id.is_null()))
    if document_ids is not None:
        query = query.where(inv.document.in_(document_ids))
    return list(query.dicts())


def _fields(row: dict) -> dict | None:
    amount = signed_amount(row["type_code"], row["amount_due"], row["total_with_tax"])
    if amount is None:
        return None
    sales = row["direction"] == Direction.SALES
    prefix = "buyer" if sales else "seller"
    name = row[f"{prefix}_name"] or ""
    return {
        "document": row["document"], "direction": row["direction"], "number": row["number"],
        "type_code": row["type_code"], "counterparty": name[:255],
        "party_key": party_key(row[f"{prefix}_siren"], row[f"{prefix}_vat"], name),
        "iban": compact(row["iban"]) or None, "issue_date": row["issue_date"],
        "due_date": row["due_date"] or (row["issue_date"] + dt.timedelta(days=DEFAULT_TERM_DAYS)
                                        if row["issue_date"] else None),
        "currency": row["currency"] or "EUR", "amount": amount,
        "reference": creditor_reference(row["number"]) if sales else None,
    }


def track(document: Document) -> OpenItem | None:
    """Make (or refresh) the open item of an archived invoice; None when it is not one. Call in a transaction."""
    rows = _invoice_rows(document.company_id, [document.id])
    fields = _fields(rows[0]) if rows else None
    if fields is None:
        return None
    item = OpenItem.get_or_none(OpenItem.document == document.id)
    disputed = document.id in disputed_documents(document.company_id, [document.id])
    if item is None:
        return OpenItem.create(company=document.company_id, settled=ZERO, outstanding=fields["amount"],
                               state=state_for(fields["amount"], ZERO, disputed=disputed), disputed=disputed,
                               **fields)
    for name, value in fields.items():
        setattr(item, name, value)
    refresh(item, disputed=disputed)
    return item


def sync(company: Company | int) -> int:
    """Make the open items missing for ``company`` and refresh the "en litige" flags; returns how many were made.

    Cheap when nothing is missing (one anti-join), so every entry point calls it.
    """
    from guichet.core.model.models import db

    company_id = company if isinstance(company, int) else company.id
    if _complete(company_id):
        return 0
    made = 0
    with db.atomic():
        rows = [f for f in (_fields(r) for r in _invoice_rows(company_id, missing_only=True)) if f]
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            OpenItem.insert_many([{**f, "company": company_id, "settled": ZERO, "outstanding": f["amount"],
                                   "state": state_for(f["amount"], ZERO, disputed=False), "disputed": False}
                                  for f in chunk]).execute()
            made += len(chunk)
        _sync_disputes(company_id)
    return made


def _complete(company_id: int) -> bool:
    """True when every tracked invoice has its open item and none is "en litige" (two counts, no join)."""
    doc = models.Document
    invoices = (doc.select().where((doc.company == company_id) & doc.state.in_(TRACKED_STATES)
                                   & doc.direction.in_([str(Direction.PURCHASE), str(Direction.SALES)])).count())
    items = OpenItem.select().where(OpenItem.company == company_id).count()
    if _network_models() is None:  # no lifecycle statuses on this instance: nothing is ever "en litige"
        return invoices <= items
    return invoices <= items and not disputed_documents(company_id) and not OpenItem.select().where(
        (OpenItem.company == company_id) & OpenItem.disputed).exists()


def _sync_disputes(company_id: int) -> None:
    disputed = disputed_documents(company_id)
    flagged = {row.document_id for row in OpenItem.select(OpenItem.document)
               .where((OpenItem.company == company_id) & OpenItem.disputed)}
    for document_id in disputed ^ flagged:
        item = OpenItem.get_or_none(OpenItem.document == document_id)
        if item is not None:
            refresh(item, disputed=document_id in disputed)


def refresh(item: OpenItem, *, disputed: bool | None = None) -> OpenItem:
    """Recompute ``settled``, ``outstanding`` and ``state`` from the settlements. Call in a transaction."""
    from guichet.core.model.payment_models import Settlement

    amounts = [row.amount for row in Settlement.select(Settlement.amount).where(Settlement.item == item.id)]
    item.settled = sum(amounts, ZERO)
    item.outstanding = item.amount - item.settled
    if disputed is not None:
        item.disputed = disputed
    item.state = state_for(item.amount, item.settled, disputed=item.disputed)
    item.save()
    return item


def items_of(company: Company | int, direction: str | None = None):  # noqa: ANN201 - a peewee query
    """The open items of a company (a query; the caller scopes ``company`` to what the person may see)."""
    company_id = company if isinstance(company, int) else company.id
    query = OpenItem.select().where(OpenItem.company == company_id)
    if direction:
        query = query.where(OpenItem.direction == direction)
    return query
