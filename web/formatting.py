"""French display formats for the templates: the one place every page takes them from.

Filters (registered in ``web/app.py``, documented in ``docs/web-ui.md``):

- ``money`` ``1234.5`` → ``1 234,50`` (``money("EUR")`` → ``1 234,50 €``)
- ``number`` ``Decimal("2.5000")`` → ``2,5``; ``number(2)`` → ``2,50``
- ``percent`` ``20.00`` → ``20 %``, ``5.5`` → ``5,5 %``
- ``date_fr`` ``2026-03-05`` → ``05/03/2026``
- ``datetime_fr`` a UTC timestamp (as stored) → ``05/03/2026 15:02`` in Europe/Paris time
- ``label(kind)`` a code → its French words (:mod:`guichet.web.labels`)
- ``french`` an English library or schematron message → French (:mod:`guichet.web.messages`)

Missing values become ``—``, never ``None``; the Jinja environment also prints
``None`` as an empty string (``finalize``), so a forgotten filter cannot show it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

NARROW_NBSP = "\u202f"  # French thousands separator (and before %, €)
#: Times are stored in UTC and shown in the firm's time zone.
PARIS = ZoneInfo("Europe/Paris")
MISSING = "—"


def _decimal(value: object) -> Decimal | None:
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
    amount = _decimal(value)
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
    if _decimal(value) is None:
        return MISSING
    text = number(value, 2)
    if currency:
        text += f"{NARROW_NBSP}€" if currency == "EUR" else f" {currency}"
    return text


def percent(value: Decimal | float | str | None) -> str:
    """A VAT rate: ``20.00`` → ``20 %``, ``5.5`` → ``5,5 %``."""
    if _decimal(value) is None:
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


def local_time(value: dt.datetime) -> dt.datetime:
    """A stored timestamp (naive = UTC) in Europe/Paris time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(PARIS)


def datetime_fr(value: dt.datetime | str | None, *, seconds: bool = False) -> str:
    """A UTC timestamp as Paris time: ``05/03/2026 15:02`` (summer and winter time handled)."""
    if not value:
        return MISSING
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, dt.datetime):
        return date_fr(value)
    return local_time(value).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def iso_local(value: dt.datetime | None) -> str:
    """A stored timestamp as ISO 8601 with the Paris offset (``datetime`` attributes of ``<time>``)."""
    return local_time(value).isoformat(timespec="seconds") if value else ""


def finalize(value: object) -> object:
    """Jinja's ``finalize``: ``None`` prints as nothing, never as the word ``None``."""
    return "" if value is None else value


def input_fr(value: object, kind: str = "text") -> str:
    """A value put back in a form field, written the French way (operators type it so).

    ``amount`` ``"104.00"`` → ``104,00``; ``date`` ``"2016-01-19"`` → ``19/01/2016``;
    ``rate`` ``"20.00"`` → ``20``; anything unparsable is returned as typed.
    """
    if value is None:
        return ""
    text = str(value)
    if kind == "amount" and _decimal(text) is not None and "," not in text:
        return number(text, 2).replace(NARROW_NBSP, "")
    if kind == "rate" and _decimal(text) is not None:
        return number(text)
    if kind == "date" and len(text) >= 10 and text[4] == "-":
        return date_fr(text)
    return text
