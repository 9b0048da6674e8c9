"""The dashboard's figures: receivables and payables by due-date bucket, DSO/DPO, largest items, exposure.

Everything is computed from the open items (:mod:`.open_items`), in one pass over the
items still due of each company, so that a company with 50,000 open items answers in
well under a second. Euro totals hold euro items only; every other currency is kept
apart (``other_currencies``) and never added to euros. Buckets are those of the
brochure: échu > 90 j, 61–90, 31–60, 1–30, à échoir 0–30, 31–60, > 60 (days from
the due date; "à échoir 0–30" includes invoices due today).

Each figure comes with the filter that lists the invoices behind it
(:func:`bucket_bounds`), so that a page can link every number to its invoices.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from guichet.core.model.payment_models import ItemState, OpenItem
from guichet.core.money import open_items
from guichet.core.money.penalties import INDEMNITY, PenaltyRates
from guichet.core.model.models import paris_today

if TYPE_CHECKING:
    from collections.abc import Iterable

ZERO = Decimal("0")
EURO = "EUR"
DIRECTIONS = ("sales", "purchase")
DIRECTION_LABELS = {"sales": "À encaisser (clients)", "purchase": "À payer (fournisseurs)"}

#: Bucket keys, in the dashboard's order, with their French labels.
BUCKETS: tuple[tuple[str, str], ...] = (
    ("overdue_90", "Échu > 90 j"),
    ("overdue_61_90", "Échu 61–90 j"),
    ("overdue_31_60", "Échu 31–60 j"),
    ("overdue_1_30", "Échu 1–30 j"),
    ("due_0_30", "À échoir 0–30 j"),
    ("due_31_60", "À échoir 31–60 j"),
    ("due_60", "À échoir > 60 j"),
)
BUCKET_LABELS = dict(BUCKETS)
#: The other figures of a side, each with the list of its invoices (:func:`items_query`).
FIGURE_LABELS = {"all_due": "Tout ce qui reste dû", "overdue": "Échu", "disputed": "En litige",
                 "other_currencies": "Hors euros"}
OVERDUE = ("overdue_90", "overdue_61_90", "overdue_31_60", "overdue_1_30")


def bucket_of(due: dt.date | None, today: dt.date) -> str:
    """The bucket of an item due on ``due`` (no due date: à échoir 0–30)."""
    if due is None:
        return "due_0_30"
    late = (today - due).days
    if late > 90:
        return "overdue_90"
    if late > 60:
        return "overdue_61_90"
    if late > 30:
        return "overdue_31_60"
    if late >= 1:
        return "overdue_1_30"
    ahead = -late
    if ahead <= 30:
        return "due_0_30"
    return "due_31_60" if ahead <= 60 else "due_60"


def bucket_bounds(bucket: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Due dates of ``bucket`` as ``(first, last)`` inclusive bounds (None: open-ended)."""
    day = dt.timedelta
    bounds = {
        "overdue_90": (None, today - day(91)),
        "overdue_61_90": (today - day(90), today - day(61)),
        "overdue_31_60": (today - day(60), today - day(31)),
        "overdue_1_30": (today - day(30), today - day(1)),
        "due_0_30": (today, today + day(30)),
        "due_31_60": (today + day(31), today + day(60)),
        "due_60": (today + day(61), None),
    }
    return bounds[bucket]


@dataclass
class Side:
    """One direction of one company (or of the whole firm): euro figures and other currencies apart."""

    direction: str
    buckets: dict[str, Decimal] = field(default_factory=lambda: {key: ZERO for key, _ in BUCKETS})
    counts: dict[str, int] = field(default_factory=lambda: {key: 0 for key, _ in BUCKETS})
    total: Decimal = ZERO
    count: int = 0
    overdue: Decimal = ZERO
    disputed: Decimal = ZERO
    penalties: Decimal = ZERO  # interest accrued by law on the overdue euro items
    indemnities: Decimal = ZERO  # 40 € per overdue invoice
    window_total: Decimal = ZERO  # euro amount issued in the DSO/DPO window
    days_ratio: Decimal | None = None  # DSO (sales) or DPO (purchase), in days
    other_currencies: dict[str, Decimal] = field(default_factory=dict)
    largest: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly: amounts as strings."""
        return {
            "direction": self.direction,
            "buckets": [{"bucket": key, "label": label, "amount": str(self.buckets[key]),
                         "count": self.counts[key]} for key, label in BUCKETS],
            "total": str(self.total), "count": self.count, "overdue": str(self.overdue),
            "disputed": str(self.disputed), "late_penalties": str(self.penalties),
            "recovery_indemnities": str(self.indemnities),
            "days_ratio": None if self.days_ratio is None else str(self.days_ratio),
            "other_currencies": {cur: str(amount) for cur, amount in sorted(self.other_currencies.items())},
            "largest": [{**row, "outstanding": str(row["outstanding"])} for row in self.largest],
        }


@dataclass
class Dashboard:
    """Both directions of a company (or of the firm), as of ``today``."""

    today: dt.date
    sides: dict[str, Side]
    window_days: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly, in the order sales then purchases."""
        return {"today": self.today.isoformat(), "currency": EURO, "window_days": self.window_days,
                **{direction: self.sides[direction].as_dict() for direction in DIRECTIONS}}


def _scan(sql: str, ids: list[int], *extra: object) -> list[tuple]:
    """Rows of a raw query over ``ids`` (peewee's row objects cost more than the work on 50,000 items)."""
    from guichet.core.model.models import db

    marks = ", ".join([db.param] * len(ids))
    return db.execute_sql(sql.replace("{ids}", marks).replace("%s", db.param), [*ids, *extra]).fetchall()


def exact_sum(column: Any = "outstanding") -> Any:
    """SQL adding ``column`` (raw SQL text, or a peewee field) exactly: PostgreSQL's NUMERIC sums exactly;
    SQLite keeps amounts as TEXT, whose SUM would be a float, so they are concatenated there and added as
    Decimals by :func:`exact_total`."""
    from peewee import fn

    from guichet.core.model.database import is_postgres

    if isinstance(column, str):
        return f"SUM({column})" if is_postgres() else f"GROUP_CONCAT({column}, ' ')"
    return (fn.SUM(column) if is_postgres() else fn.GROUP_CONCAT(column, " ")).coerce(False)


def exact_total(value: object) -> Decimal:
    """The Decimal of an :func:`exact_sum` (None: no row)."""
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else sum(map(Decimal, str(value).split()), ZERO)


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _accumulate(sides: dict[str, Side], ids: list[int], today: dt.date, rates: PenaltyRates,
                window_days: int) -> dict[str, list[tuple[Decimal, int]]]:
    """Fill ``sides`` in one pass over the items still due; returns the ten largest euro items each way."""
    # Credit notes (negative) are grouped apart from invoices: every figure adds both, as its list shows
    # them, but penalties and the 40 € indemnity run on the overdue invoices only.
    credit = "CAST(outstanding AS DOUBLE PRECISION) < 0"  # the sign only (exact for any non-zero amount)
    grouped: dict[tuple[str, str, object, bool, bool], list] = {}
    for direction, currency, due, disputed, negative, count, amounts in _scan(
            f"SELECT direction, currency, due_date, disputed, {credit}, COUNT(*), {exact_sum()}"  # noqa: S608
            " FROM open_item WHERE company_id IN ({ids}) AND state <> %s"
            f" GROUP BY direction, currency, due_date, disputed, {credit}", ids, ItemState.PAID):
        grouped[(direction, currency, due, bool(disputed), bool(negative))] = [exact_total(amounts), count]
    largest = {direction: _top(ids, direction) for direction in DIRECTIONS}
    for (direction, currency, due, disputed, negative), (amount, count) in grouped.items():
        side = sides[direction]
        if currency != EURO:
            side.other_currencies[currency] = side.other_currencies.get(currency, ZERO) + amount
            continue
        day = _day(due)
        bucket = bucket_of(day, today)
        side.buckets[bucket] += amount
        side.counts[bucket] += count
        side.total += amount
        side.count += count
        if disputed:
            side.disputed += amount
        if bucket in OVERDUE:  # "Échu" is the sum of the overdue buckets, as its list (credit notes included)
            side.overdue += amount
            if not negative:
                side.indemnities += INDEMNITY * count
                side.penalties += amount * rates.factor(day, today)
    since = today - dt.timedelta(days=window_days)
    issued = _scan("SELECT direction, amount FROM open_item WHERE company_id IN ({ids}) AND currency = %s"
                   " AND issue_date > %s AND issue_date <= %s", ids, EURO, since, today)
    for direction, amount in issued:
        sides[direction].window_total += amount if isinstance(amount, Decimal) else Decimal(amount)
    return largest


def _top(ids: list[int], direction: str, limit: int = 10) -> list[tuple[Decimal, int]]:
    """The largest euro items still due, as ``(amount, id)`` (ordered numerically: amounts are TEXT on SQLite)."""
    rows = (OpenItem.select(OpenItem.id, OpenItem.outstanding)
            .where(OpenItem.company.in_(ids) & (OpenItem.direction == direction) & (OpenItem.state != ItemState.PAID)
                   & (OpenItem.currency == EURO))
            .order_by(OpenItem.outstanding.cast("DOUBLE PRECISION").desc()).limit(limit).tuples())
    return [(amount, item_id) for item_id, amount in rows]


def _largest(top: list[tuple[Decimal, int]]) -> list[dict[str, Any]]:
    """The rows of the largest items, biggest first."""
    ranked = sorted(top, key=lambda pair: (-pair[0], pair[1]))
    rows = {r.id: r for r in OpenItem.select().where(OpenItem.id.in_([i for _, i in ranked]))} if ranked else {}
    return [{"item": r.id, "company": r.company_id, "document": r.document_id, "number": r.number,
             "counterparty": r.counterparty, "due_date": r.due_date.isoformat() if r.due_date else None,
             "outstanding": r.outstanding, "state": r.state} for r in (rows[i] for _, i in ranked)]


def dashboard(company_ids: Iterable[int], *, today: dt.date | None = None, rates: PenaltyRates,
              window_days: int = 90, sync: bool = True) -> Dashboard:
    """The dashboard of one company (one id) or of several (the firm-wide view), as of ``today``.

    The caller passes only the companies the person may see.
    """
    ids = list(company_ids)
    today = today or paris_today()
    if sync:
        for company_id in ids:
            open_items.sync(company_id)
    sides = {direction: Side(direction) for direction in DIRECTIONS}
    largest = _accumulate(sides, ids, today, rates, window_days) if ids else {}
    for direction, side in sides.items():
        side.penalties = side.penalties.quantize(Decimal("0.01"))
        if side.window_total > 0:
            side.days_ratio = (side.total / side.window_total * window_days).quantize(Decimal("0.1"))
        side.largest = _largest(largest.get(direction, []))
    return Dashboard(today=today, sides=sides, window_days=window_days)


def revenue(company_ids: Iterable[int], start: dt.date, end: dt.date, direction: str = "sales") -> list[dict]:
    """Invoiced amounts per counterparty and currency over ``[start, end]`` (credit notes deducted).

    ``sales``: the company's revenue per customer; ``purchase``: what it bought from each supplier.
    """
    totals: dict[tuple[str, str, str], list] = {}
    rows = (OpenItem.select(OpenItem.party_key, OpenItem.counterparty, OpenItem.currency, OpenItem.amount)
            .where(_invoiced_within(company_ids, start, end, direction)).tuples())
    for key, name, currency, amount in rows:
        entry = totals.setdefault((key, currency, name), [ZERO, 0])
        entry[0] += amount
        entry[1] += 1
    out = [{"counterparty": name, "party_key": key, "currency": currency, "amount": str(total), "invoices": n}
           for (key, currency, name), (total, n) in totals.items()]
    return sorted(out, key=lambda row: (row["currency"] != EURO, -Decimal(row["amount"])))


def _invoiced_within(company_ids: Iterable[int], start: dt.date, end: dt.date, direction: str) -> Any:
    """The items of :func:`revenue`: one direction, invoice dates within ``[start, end]``."""
    return (OpenItem.company.in_(list(company_ids)) & (OpenItem.direction == direction)
            & (OpenItem.issue_date >= start) & (OpenItem.issue_date <= end))


def revenue_items(company_ids: Iterable[int], start: dt.date, end: dt.date, direction: str,  # noqa: ANN201 - a peewee query
                  party_key: str, currency: str | None = None):
    """The invoices behind one figure of :func:`revenue` (one counterparty, one currency), oldest first."""
    query = OpenItem.select().where(_invoiced_within(company_ids, start, end, direction)
                                    & (OpenItem.party_key == party_key))
    if currency:
        query = query.where(OpenItem.currency == currency)
    return query.order_by(OpenItem.issue_date, OpenItem.id)


def items_query(company_ids: Iterable[int], direction: str, *, bucket: str | None = None,  # noqa: ANN201 - a peewee query
                today: dt.date | None = None, state: str | None = None):
    """The items behind a figure: one direction, one bucket (or all still due), one state."""
    today = today or paris_today()
    query = OpenItem.select().where(OpenItem.company.in_(list(company_ids)) & (OpenItem.direction == direction))
    if state:
        query = query.where(OpenItem.state == state)
    elif bucket != "all":
        query = query.where(OpenItem.state != ItemState.PAID)
    if bucket == "all_due":  # the euro total of the dashboard
        query = query.where(OpenItem.currency == EURO)
    elif bucket == "overdue":  # "Échu", and the invoices the penalties run on
        query = query.where((OpenItem.currency == EURO) & (OpenItem.due_date < today))
    elif bucket == "disputed":
        query = query.where((OpenItem.currency == EURO) & (OpenItem.disputed == True))  # noqa: E712 - SQL
    elif bucket == "other_currencies":
        query = query.where(OpenItem.currency != EURO)
    if bucket and bucket in BUCKET_LABELS:
        first, last = bucket_bounds(bucket, today)
        within = OpenItem.currency == EURO
        if first is not None:
            within &= OpenItem.due_date >= first
        if last is not None:
            within &= OpenItem.due_date <= last
        if bucket == "due_0_30":  # items without any date count as due soon (bucket_of)
            within |= (OpenItem.currency == EURO) & OpenItem.due_date.is_null()
        query = query.where(within)
    return query.order_by(OpenItem.due_date, OpenItem.id)


def listed_totals(query: Any) -> dict[str, Decimal]:
    """What the items of an :func:`items_query` still owe, per currency (credit notes deducted): the figure the
    list is behind, shown with it."""
    rows = (query.select(OpenItem.currency, exact_sum(OpenItem.outstanding)).group_by(OpenItem.currency)
            .order_by(OpenItem.currency).tuples())
    return {currency: exact_total(amounts) for currency, amounts in rows}
