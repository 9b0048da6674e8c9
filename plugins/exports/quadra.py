"""Quadratus (QuadraCOMPTA) ASCII import: fixed-position « M » records, one per entry line.

Written from the published layout of the QuadraCOMPTA ASCII file (QC_ASC, type M):
position (1-based) and width — 1/1 type « M »; 2/8 account; 10/2 journal; 12/3 folio « 000 »;
15/6 date JJMMAA; 21/1 label code; 22/20 label; 42/1 sense D/C; 43/13 amount in cents, signed
(« + » then 12 digits); 56/8 counter-account; 64/6 due date; 70/2 lettering; 72/3 statistics;
75/5 piece number (5); 80/10 business code; 90/10 quantity; 100/8 piece number (8); 108/3
currency; 111/3 journal (3); 114/1 VAT flag; 115/1 VAT code; 116/1 VAT method; 117/30 label
(30); 147/2 VAT code (2); 149/10 piece number (10). ISO 8859-15, CR LF. Accounts are 8
characters in Quadra: an auxiliary account is written in place of its collective account, and
one longer than 8 characters becomes a stable 8-character code (its first 5 characters and 3
characters of its SHA-256 in base 36), so that two counterparties never share an account by
being cut at the same length.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from guichet.plugins.exports.text import fixed, plain

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from guichet.core.money.exports import ExportContext, NumberedEntry

ENCODING = "iso-8859-15"
#: (start position 1-based, width) of each field written.
LAYOUT = {"type": (1, 1), "account": (2, 8), "journal": (10, 2), "folio": (12, 3), "date": (15, 6),
          "label_code": (21, 1), "label20": (22, 20), "sense": (42, 1), "amount": (43, 13),
          "counter": (56, 8), "due": (64, 6), "letter": (70, 2), "stats": (72, 3), "piece5": (75, 5),
          "business": (80, 10), "quantity": (90, 10), "piece8": (100, 8), "currency": (108, 3),
          "journal3": (111, 3), "vat_flag": (114, 1), "vat_code": (115, 1), "vat_method": (116, 1),
          "label30": (117, 30), "vat_code2": (147, 2), "piece10": (149, 10)}
RECORD_WIDTH = 158


_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def account_code(number: str) -> str:
    """``number`` when it fits in 8 characters, else its first 5 characters and a 3-character hash."""
    if len(number) <= 8:
        return number
    value = int.from_bytes(hashlib.sha256(number.encode("utf-8")).digest()[:8], "big")
    tail = ""
    for _ in range(3):
        value, digit = divmod(value, 36)
        tail += _BASE36[digit]
    return number[:5] + tail


def record(fields: dict[str, str]) -> str:
    """One fixed-position record from field values (missing ones are spaces)."""
    chars = [" "] * RECORD_WIDTH
    for name, value in fields.items():
        start, width = LAYOUT[name]
        chars[start - 1:start - 1 + width] = fixed(value, width)
    return "".join(chars)


def write(items: Iterable[NumberedEntry], context: ExportContext) -> Iterator[bytes]:  # noqa: ARG001 - no options
    """The ASCII file's bytes."""
    for item in items:
        entry = item.entry
        records = []
        for line in entry.lines:
            cents = int((line.debit or line.credit) * 100)
            label = plain(line.label or entry.label, ENCODING)
            piece = plain(entry.piece, ENCODING)
            records.append(record({
                "type": "M", "account": account_code(plain(line.aux_account or line.account, ENCODING)), "journal": entry.journal[:2],
                "folio": "000", "date": entry.date.strftime("%d%m%y") if entry.date else "", "label20": label,
                "sense": "D" if line.debit else "C", "amount": f"+{cents:012d}", "piece5": piece[-5:],
                "piece8": piece[-8:], "currency": "EUR", "journal3": entry.journal[:3], "label30": label,
                "piece10": piece[-10:]}))
        yield ("\r\n".join(records) + "\r\n").encode(ENCODING, errors="replace")
