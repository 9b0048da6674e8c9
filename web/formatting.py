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
from zoneinfo import ZoneInfo

# Amounts, numbers and dates are shared with the e-mails and letters (core); re-exported for the templates.
from guichet.core.formatting import MISSING, NARROW_NBSP, date_fr, money, number, percent, to_decimal  # noqa: F401

#: Times are stored in UTC and shown in the firm's time zone.
PARIS = ZoneInfo("Europe/Paris")


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
    if kind == "amount" and to_decimal(text) is not None and "," not in text:
        return number(text, 2).replace(NARROW_NBSP, "")
    if kind == "rate" and to_decimal(text) is not None:
        return number(text)
    if kind == "date" and len(text) >= 10 and text[4] == "-":
        return date_fr(text)
    return text
