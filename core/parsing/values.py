"""Read amounts, dates and rates as printed on invoices (French, English, German, Spanish, Italian formats).

Written by hand: the libraries that parse dates (dateparser) pull in large
dependencies and guess too freely; an invoice field must never be invented, so
these parsers accept only unambiguous, complete forms and return None otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "janvier january jan janv januar jänner enero ene gennaio gen",
        "février fevrier february feb fév fev févr fevr februar febrero febbraio",
        "mars march mar märz maerz mrz marzo",
        "avril april apr avr abril abr aprile",
        "mai may mayo maggio mag",
        "juin june jun juni junio giugno giu",
        "juillet july jul juil juli julio luglio lug",
        "août aout august aug aoû agosto ago",
        "septembre september sep sept septiembre setiembre settembre set",
        "octobre october oct oktober okt octubre ottobre ott",
        "novembre november nov noviembre",
        "décembre decembre december dec déc dez dezember diciembre dicembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number
        MONTHS["".join(c for c in unicodedata.normalize("NFD", _name) if not unicodedata.combining(c))] = _number

#: The days of the week in the five languages (folded, a regex alternation), as a label may print one before its date.
WEEKDAYS = (r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
            r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|miercoles|jueves|viernes|sabado|domingo|"
            r"lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica")

_CURRENCY = re.compile(r"(?i)(€|eur(?:os?)?|\$|usd|£|gbp|chf)")
_AMOUNT = re.compile(
    r"""^[-−+]?
    (?:\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+|\d+)   # integer part, maybe grouped
    (?:[.,]\d{1,3})?                               # decimals
    -?$""",
    re.X,
)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    text = _CURRENCY.sub("", text).strip().strip(":").strip()
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def parse_amount(text: str | None) -> Decimal | None:
    """An amount from its printed form: ``1 234,56``, ``1.234,56``, ``1,234.56``, ``€12.50``, ``-3,00``.

    A single separator followed by exactly three digits (``1.234``) is read as a
    thousands separator only when another separator shows it; alone it is
    ambiguous and refused unless it is a comma or dot with 1–2 decimals.
    """
    if not text:
        return None
    raw = _clean(text)
    if not raw or not _AMOUNT.match(raw) or not any(c.isdigit() for c in raw):
        return None
    negative = raw.startswith(("-", "−")) or raw.endswith("-")
    body = raw.strip("-−+").replace(" ", "").replace("'", "").replace("’", "")
    seps = [c for c in body if c in ".,"]
    if seps:
        last = body.rfind(seps[-1])
        decimals = len(body) - last - 1
        if len(seps) == 1 and decimals == 3:
            return None  # "1.234" or "1,234": thousands or decimals? refuse
        if len(set(seps)) == 2 or (len(seps) > 1 and decimals == 3):
            if decimals == 3 and len(set(seps)) == 1:
                body = body.replace(seps[0], "")  # 1.234.567
                decimals = 0
            else:
                integer = re.sub(r"[.,]", "", body[:last])
                body = f"{integer}.{body[last + 1:]}"
        elif len(seps) > 1:
            return None
        else:
            body = body.replace(",", ".")
    try:
        value = Decimal(body)
    except InvalidOperation:
        return None
    return -value if negative else value


_NUMERIC_DATE = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})\.?$")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def _make(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    if not 1990 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):  # a day or month of more digits than a C int (« 37208113500011 mars 2026 »)
        return None


#: A day's ordinal mark after its number (« 1º de marzo » once normalised, « 1° marzo »); what parts a written date's
#: words; an English ordinal day (« 5th »); a rate's digits (:func:`parse_rate`). Compiled once: read for every date.
_ORDINAL_MARK = re.compile(r"(?<=\d)(?:°|o(?=\s))")
_DATE_PARTS = re.compile(r"[\s,./-]+")
_ENGLISH_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)")
_RATE_TEXT = re.compile(r"\d{1,2}(?:\.\d{1,2})?")


def parse_date(text: str | None, *, month_first: bool = False) -> dt.date | None:
    """A date from ``05/03/2018``, ``05.03.18``, ``2018-03-05``, ``5 mars 2018``, ``March 5, 2018``, ``5 de marzo de 2018``,
    ``05-déc.-26``, ``5th December 2026``, ``1º de marzo del 2024``, ``1° marzo 2024``, ``5. Mrz. 2024``.

    Numeric dates are day first (French and European use) unless ``month_first``.
    """
    if not text:
        return None
    raw = unicodedata.normalize("NFKC", text).strip().strip(",;:()").lower()
    match = _ISO_DATE.match(raw)
    if match:
        return _make(int(match[1]), int(match[2]), int(match[3]))
    match = _NUMERIC_DATE.match(raw)
    if match:
        a, b, year = int(match[1]), int(match[2]), int(match[3])
        day, month = (b, a) if month_first else (a, b)
        return _make(year, month, day)
    raw = _ORDINAL_MARK.sub("", raw.replace("1er", "1"))  # « 1º de marzo » (º is o once normalised), « 1° marzo »
    raw = "".join(c for c in unicodedata.normalize("NFD", raw) if not unicodedata.combining(c))  # « Mär. », « déc. »
    tokens = [t for t in _DATE_PARTS.split(raw) if t and t not in ("de", "del")]
    if tokens and _ENGLISH_ORDINAL.fullmatch(tokens[0]):
        tokens[0] = tokens[0][:-2]  # "5th December 2026"
    if len(tokens) == 3:
        if tokens[0].isdigit() and tokens[1] in MONTHS and tokens[2].isdigit():
            return _make(int(tokens[2]), MONTHS[tokens[1]], int(tokens[0]))
        day = tokens[1].rstrip("stndrh") if tokens[0] in MONTHS else ""
        if tokens[0] in MONTHS and day.isdigit() and tokens[2].isdigit():
            return _make(int(tokens[2]), MONTHS[tokens[0]], int(day))
    return None


def parse_rate(text: str | None) -> Decimal | None:
    """A VAT rate in percent from ``20%``, ``20,0 %``, ``5.5%``; None beyond 0–100."""
    if not text:
        return None
    raw = unicodedata.normalize("NFKC", text).replace("%", "").replace(" ", "").replace(",", ".").strip()
    if not _RATE_TEXT.fullmatch(raw):
        return None
    value = Decimal(raw)
    return Decimal(int(value)) if value == value.to_integral() else value.normalize()


_NUMERIC_IN_TEXT = re.compile(r"(?<![\d/.-])(\d{1,2})[./-](\d{1,2})[./-](?:\d{4}|\d{2})(?!\d)")


def month_first_order(texts: list[str]) -> bool | None:
    """How a document writes numeric dates: True month first (11/17/2017), False day first, None unknown.

    Decided by the dates that can be read one way only (a first number above 12
    is a day; a second number above 12 is a day written second).
    """
    day_first = month_first = False
    for text in texts:
        for match in _NUMERIC_IN_TEXT.finditer(text):
            a, b = int(match[1]), int(match[2])
            day_first |= a > 12 >= b
            month_first |= b > 12 >= a
    if month_first and not day_first:
        return True
    if day_first and not month_first:
        return False
    return None


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus ``years`` calendar years, or minus when ``years`` is negative (29 February becomes 28 February):
    the archive's retention end and the paper gate's « more than ten years back » both count this way."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
