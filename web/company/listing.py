"""The document list of a company: search, date range, sorting (issue 19).

``q`` finds a document by its file name, invoice number, seller or buyer name, a
SIREN/SIRET of either party, or an amount (``1 234,50``, ``1234.5``: any of the
totals); ``du``/``au`` bound the invoice date (``05/03/2026`` or ISO); ``tri`` and
``ordre`` sort by a column. Every query starts from the company the caller was
allowed to open: nothing here widens what a person sees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from peewee import JOIN, Case

from guichet.core.model.models import Document, Invoice, Party
from guichet.core.model.states import State
from guichet.core.parsing.values import parse_amount, parse_date

if TYPE_CHECKING:
    from collections.abc import Mapping

    from guichet.core.model.models import Company

STATES = [str(s) for s in State]
DIRECTIONS = ("purchase", "sales", "unknown")
#: Sortable columns: URL name → (label, what to order by).
SORTS: dict[str, str] = {
    "recu": "Reçu le", "etat": "État", "tiers": "Tiers", "numero": "Numéro", "date": "Date", "ttc": "TTC",
}
#: The filters a list URL may carry (and a saved filter keeps).
FILTER_KEYS = ("q", "state", "direction", "du", "au", "tri", "ordre")


@dataclass(frozen=True)
class Filters:
    """What the person asked for, checked (unknown values dropped)."""

    q: str = ""
    state: str = ""
    direction: str = ""
    du: str = ""
    au: str = ""
    tri: str = "recu"
    ordre: str = "desc"

    def as_args(self, **changes: str) -> dict[str, str]:
        """The filters as URL arguments (defaults left out), with ``changes`` applied."""
        values = {k: getattr(self, k) for k in FILTER_KEYS} | changes
        defaults = Filters()
        return {k: v for k, v in values.items() if v and v != getattr(defaults, k)}

    def sort_args(self, column: str) -> dict[str, str]:
        """URL arguments sorting by ``column`` (a second click reverses the order)."""
        order = "asc" if self.tri == column and self.ordre == "desc" else "desc"
        return self.as_args(tri=column, ordre=order)


def read_filters(args: Mapping[str, str]) -> Filters:
    """The list's filters from the request's arguments."""
    state = args.get("state", "")
    direction = args.get("direction", "")
    tri = args.get("tri", "recu")
    return Filters(
        q=args.get("q", "").strip()[:200],
        state=state if state in STATES else "",
        direction=direction if direction in DIRECTIONS else "",
        du=args.get("du", "").strip()[:20],
        au=args.get("au", "").strip()[:20],
        tri=tri if tri in SORTS else "recu",
        ordre="asc" if args.get("ordre") == "asc" else "desc",
    )


def _date(text: str) -> dt.date | None:
    return parse_date(text) if text else None


def _amount(text: str) -> Decimal | None:
    """An amount typed in the search box (digits with one decimal separator, maybe €)."""
    if not re.fullmatch(r"[-\d\s\u202f\u00a0.,]+\s*(€|EUR)?", text, re.I) or not any(c.isdigit() for c in text):
        return None
    return parse_amount(text)


def documents_query(company: Company, filters: Filters) -> Any:
    """The company's documents with invoice, seller and buyer, filtered and sorted."""
    seller, buyer = Party.alias(), Party.alias()
    query = (
        Document.select(Document, Invoice, seller, buyer)
        .join(Invoice, JOIN.LEFT_OUTER, on=(Invoice.document == Document.id), attr="inv")
        .join(seller, JOIN.LEFT_OUTER, on=((seller.invoice == Invoice.id) & (seller.role == "seller")), attr="seller")
        .join_from(Invoice, buyer, JOIN.LEFT_OUTER, on=((buyer.invoice == Invoice.id) & (buyer.role == "buyer")),
                   attr="buyer")
        .where(Document.company == company)
    )
    if filters.state:
        query = query.where(Document.state == filters.state)
    if filters.direction:
        query = query.where(Document.direction == filters.direction)
    if (since := _date(filters.du)) is not None:
        query = query.where(Invoice.issue_date >= since)
    if (until := _date(filters.au)) is not None:
        query = query.where(Invoice.issue_date <= until)
    if filters.q:
        query = query.where(_search(filters.q, seller, buyer))
    return query.order_by(*_order(filters, seller, buyer))


def _search(text: str, seller: Any, buyer: Any) -> Any:
    """Where ``text`` may be: names and numbers, identifiers, amounts."""
    condition = (Document.filename.contains(text) | Invoice.number.contains(text)
                 | seller.name.contains(text) | buyer.name.contains(text))
    digits = re.sub(r"[\s.]", "", text)
    if digits.isdigit() and len(digits) in (9, 14):
        siren = digits[:9]
        condition |= ((seller.siren == siren) | (buyer.siren == siren)
                      | seller.siret.startswith(siren) | buyer.siret.startswith(siren))
    amount = _amount(text)
    if amount is not None:
        written = amount_spellings(amount)
        condition |= (Invoice.total_with_tax.in_(written) | Invoice.total_without_tax.in_(written)
                      | Invoice.amount_due.in_(written))
    return condition


def amount_spellings(amount: Decimal) -> list[str]:
    """The ways an amount may be stored (``MoneyField`` keeps the invoice's own decimals: 12, 12.0, 12.00...)."""
    spellings = {f"{amount:.{places}f}" for places in range(5)}
    return sorted(s for s in spellings if Decimal(s) == amount)


def counterparty(document: Any) -> Any:
    """The other party of a listed document: the buyer of a sales invoice, else the seller (None when unread)."""
    inv = getattr(document, "inv", None)
    if inv is None or not inv.id:
        return None
    party = getattr(inv, "buyer" if document.direction == "sales" else "seller", None)
    return party if party is not None and party.name else None


def _order(filters: Filters, seller: Any, buyer: Any) -> list[Any]:
    other = Case(None, [(Document.direction == "sales", buyer.name)], seller.name)  # as :func:`counterparty`
    column = {
        "recu": Document.created_at, "etat": Document.state, "tiers": other, "numero": Invoice.number,
        "date": Invoice.issue_date, "ttc": Invoice.total_with_tax.cast("REAL"),  # TEXT on SQLite: sort as numbers
    }[filters.tri]
    first = column.asc(nulls="LAST") if filters.ordre == "asc" else column.desc(nulls="LAST")
    return [first, Document.id.desc()]
