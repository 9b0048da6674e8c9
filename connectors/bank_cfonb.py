"""CFONB 120 bank statements ("relevé de compte sur support informatique", AFB 120 characters).

The layout is the CFONB's (brochure "Relevé de compte sur support informatique", 2004, and
"Évolutions du relevé de compte 120 caractères pour les opérations de virement", 2007).
Written by hand: no maintained Python reader exists, and the format is fixed-width. Records
of 120 characters (positions below are 1-based, as the brochure gives them):

- all records: 1-2 code, 3-7 bank, 8-11 internal operation code (04/05), 12-16 branch,
  17-19 currency, 20 number of decimals, 22-32 account number, 35-40 date (DDMMYY),
  91-104 amount (the last character carries the sign and the last digit: ``{`` ``A``-``I``
  positive 0-9, ``}`` ``J``-``R`` negative 0-9);
- ``01`` previous balance (its date and amount), ``07`` new balance;
- ``04`` movement: 33-34 interbank operation code, 41-42 rejection code, 43-48 value date,
  49-79 label, 82-88 entry number, 105-120 reference;
- ``05`` complement of the movement before it: 46-48 qualifier (``LIB`` free label, ``LCC``/``LC2``
  unstructured label, ``NPY`` payer's name, ``NBE`` beneficiary's name, ``RCN`` client
  reference, ``REF`` bank reference, ``IPY``/``IBE`` identifiers...), 49-118 information.

A file may hold several statements (one 01…07 block per account and period). Every record is
checked: a wrong length, an unknown code, a record out of its block, an unreadable date or
amount, or a new balance that is not the previous one plus the movements refuses the whole file,
naming the line.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.errors import UnreadableInput
from guichet.core.model.banking import ParsedLine, ParsedStatement

if TYPE_CHECKING:
    from collections.abc import Iterator

WIDTH = 120
CODES = {"01", "04", "05", "07"}
_SIGN = {**{c: (1, str(i)) for i, c in enumerate("{ABCDEFGHI")}, **{c: (-1, str(i)) for i, c in enumerate("}JKLMNOPQR")}}
_RF = re.compile(r"RF\d{2}[0-9A-Z]{1,21}")


def _records(data: bytes) -> list[tuple[int, str]]:
    text = data.decode("latin-1")
    rows = text.splitlines() if "\n" in text or "\r" in text else [text[i:i + WIDTH] for i in range(0, len(text), WIDTH)]
    return [(n, row) for n, row in enumerate(rows, start=1) if row.strip()]


def looks_like(data: bytes) -> bool:
    """True for a file whose first record looks like a CFONB 120 "previous balance" (01 + a 5-digit bank code).

    A first record of the wrong length is still taken as CFONB, so that the refusal names it.
    """
    records = _records(data[:4096])
    if not records:
        return False
    first = records[0][1].rstrip("\r")
    return first[:2] == "01" and first[2:7].isdigit() and abs(len(first) - WIDTH) <= 10


def _fail(number: int, reason: str) -> UnreadableInput:
    return UnreadableInput(f"ligne {number} : {reason}")


def _date(number: int, text: str, what: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d%m%y").date()  # a calendar date, no time zone
    except ValueError:
        raise _fail(number, f"{what} illisible : {text!r} (JJMMAA attendu)") from None


def _amount(number: int, record: str) -> Decimal:
    field, decimals = record[90:104], record[19]
    if not decimals.isdigit():
        raise _fail(number, f"nombre de décimales illisible : {decimals!r}")
    sign = _SIGN.get(field[-1:])
    digits = field[:-1]
    if sign is None or not digits.isdigit():
        raise _fail(number, f"montant illisible : {field!r}")
    return sign[0] * Decimal(digits + sign[1]).scaleb(-int(decimals))


def _account(record: str) -> tuple[str, str, str, str]:
    return record[2:7], record[11:16], record[21:32], record[16:19]


def _iban(bank: str, branch: str, account: str) -> str | None:
    """The French IBAN of a RIB (bank, branch, account): the RIB key, then the IBAN check digits."""
    letters = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")
    digits = (bank + branch + account).upper().translate(letters)
    if not digits.isdigit() or len(digits) != 21:
        return None
    key = 97 - (89 * int(digits[:5]) + 15 * int(digits[5:10]) + 3 * int(digits[10:])) % 97
    bban = f"{bank}{branch}{account}{key:02d}".upper()
    from stdnum import iban

    numeric = "".join(str(int(c, 36)) for c in bban + "FR00")
    check = 98 - int(numeric) % 97
    value = f"FR{check:02d}{bban}"
    return value if iban.is_valid(value) else None


def _statements(data: bytes) -> Iterator[ParsedStatement]:
    current: dict | None = None
    last: ParsedLine | None = None
    for number, raw in _records(data):
        record = raw.rstrip("\r")
        if len(record) != WIDTH:
            raise _fail(number, f"enregistrement de {len(record)} caractères (120 attendus)")
        code = record[:2]
        if code not in CODES:
            raise _fail(number, f"code enregistrement inconnu : {code!r}")
        if code == "01":
            if current is not None:
                raise _fail(number, "nouveau relevé (01) avant le nouveau solde (07) du précédent")
            current = {"account": _account(record), "from": _date(number, record[34:40], "date de l'ancien solde"),
                       "opening": _amount(number, record), "lines": [], "first": number}
            last = None
            continue
        if current is None:
            raise _fail(number, f"enregistrement {code} hors d'un relevé (01 attendu d'abord)")
        if _account(record) != current["account"]:
            raise _fail(number, "compte différent de celui de l'ancien solde (01)")
        if code == "04":
            label = record[48:79].strip()
            reference = record[104:120].strip()
            last = ParsedLine(booking_date=_date(number, record[34:40], "date d'opération"),
                              value_date=_date(number, record[42:48], "date de valeur") if record[42:48].strip() else None,
                              amount=_amount(number, record), currency=current["account"][3],
                              remittance=label, bank_reference=reference or None, source_line=number)
            current["lines"].append(last)
        elif code == "05":
            if last is None:
                raise _fail(number, "complément (05) sans mouvement (04) avant lui")
            _complement(last, record[45:48], record[48:118].strip())
        else:
            closing = _amount(number, record)
            moved = sum((line.amount for line in current["lines"]), Decimal("0"))
            if current["opening"] + moved != closing:
                raise _fail(number, f"nouveau solde {closing} ≠ ancien solde {current['opening']} + mouvements {moved}")
            bank, branch, account, currency = current["account"]
            to_date = _date(number, record[34:40], "date du nouveau solde")
            iban = _iban(bank, branch, account)
            for line in current["lines"]:
                found = _RF.search(line.remittance.replace(" ", "").upper())
                if line.reference is None and found:
                    line.reference = found.group(0)
            yield ParsedStatement(
                format="cfonb120", account=iban or f"{bank} {branch} {account}", currency=currency,
                identity=f"cfonb120:{bank}{branch}{account}{currency}:{current['from']}:{to_date}:"
                         f"{current['opening']}:{closing}:{len(current['lines'])}",
                statement_id=f"{current['from']:%Y%m%d}-{to_date:%Y%m%d}", from_date=current["from"],
                to_date=to_date, opening_balance=current["opening"], closing_balance=closing, lines=current["lines"])
            current, last = None, None
    if current is not None:
        raise _fail(current["first"], "relevé sans nouveau solde (07) : fichier tronqué ?")


def _complement(line: ParsedLine, qualifier: str, text: str) -> None:
    if not text:
        return
    if (qualifier == "NPY" and line.amount > 0) or (qualifier == "NBE" and line.amount < 0):
        line.counterparty = text[:140]
    elif qualifier in ("NPY", "NBE", "NPO", "NBU"):
        return
    elif qualifier in ("LIB", "LCC", "LC2", "LCS", "RCN"):
        line.remittance = f"{line.remittance} {text}".strip()[:2000]
        if qualifier == "RCN" and line.end_to_end_id is None:
            line.end_to_end_id = text[:35].strip() or None
    elif qualifier == "REF":
        line.bank_reference = line.bank_reference or text[:35]


def read(data: bytes) -> list[ParsedStatement] | None:
    """The statements of a CFONB 120 file, or None when ``data`` is not one."""
    if not looks_like(data):
        return None
    return list(_statements(data))


@hookimpl
def read_bank_statement(data: bytes) -> list[ParsedStatement] | None:
    """CFONB 120 "relevé de compte"."""
    return read(data)
