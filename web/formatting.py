"""French display formats for the templates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

NARROW_NBSP = "\u202f"  # French thousands separator


def money(value: Decimal | str | None, currency: str | None = None) -> str:
    """``1234.5`` → ``1 234,50`` (with the currency when given)."""
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    whole, frac = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sign + NARROW_NBSP.join(groups) + "," + frac
    if currency:
        text += " €" if currency == "EUR" else f" {currency}"
    return text


def date_fr(value: dt.date | str | None) -> str:
    """``2026-03-05`` → ``05/03/2026``."""
    if not value:
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def datetime_fr(value: dt.datetime | None) -> str:
    """A UTC timestamp as ``05/03/2026 14:02 UTC``."""
    if not value:
        return "—"
    return value.strftime("%d/%m/%Y %H:%M UTC")
