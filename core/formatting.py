"""French text for amounts, numbers and dates: the one place pages, e-mails and letters take them from.

:mod:`guichet.web.formatting` registers them as the templates' filters; the sales e-mails and
reminders (:mod:`guichet.connectors.delivery_email`, :mod:`guichet.core.sales.reminders`) write
with them too, so an amount reads the same on a page, in a mail and on paper.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

NARROW_NBSP = "\u202f"  # French thousands separator (and before %, €)
MISSING = "—"


def to_decimal(value: object) -> Decimal | None:
    """A number as typed or stored (``1 234,5``, ``1234.5``) as a Decimal; None when it is not one."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).strip().replace(" ", "").replace(NARROW_NBSP, "").replace(",", "."))
    except InvalidOperation:
        return None


def _group(whole: str) -> str:
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return NARROW_NBSP.join(groups) or "0"


def number(value: Decimal | float | str | None, places: int | None = None) -> str:
    """A decimal number the French way: ``1 234,5``; ``places`` fixes the decimals (else as few as needed)."""
    amount = to_decimal(value)
    if amount is None:
        return MISSING if value in (None, "") else str(value)
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places))
        text = f"{abs(amount):.{places}f}"
    else:
        text = f"{abs(amount.normalize()):f}"
    whole, _, frac = text.partition(".")
    sign = "-" if amount < 0 else ""
    return sign + _group(whole) + ("," + frac if frac else "")


def money(value: Decimal | str | None, currency: str | None = None) -> str:
    """``1234.5`` → ``1 234,50`` (with the currency when given)."""
    if to_decimal(value) is None:
        return MISSING
    text = number(value, 2)
    if currency:
        text += f"{NARROW_NBSP}€" if currency == "EUR" else f" {currency}"
    return text


def percent(value: Decimal | float | str | None) -> str:
    """A VAT rate: ``20.00`` → ``20 %``, ``5.5`` → ``5,5 %``."""
    if to_decimal(value) is None:
        return MISSING
    return f"{number(value)}{NARROW_NBSP}%"


def date_fr(value: dt.date | str | None) -> str:
    """``2026-03-05`` → ``05/03/2026``."""
    if not value:
        return MISSING
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")
