"""EBP ASCII import of entries: comma-separated records, one per entry line.

Written from the published layout of the EBP entries text file: movement number (5, right-
aligned), date JJMMAAAA, journal code, account (15, padded, without commas), an empty
automatic label, the label (40, quoted), the piece number (15, quoted), the amount (13
characters, decimal point, zero-padded), « D » or « C », the due date JJMMAAAA, an empty
currency. Code page 850 (EBP's DOS import), CR LF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.plugins.exports.text import fixed, plain

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from guichet.core.money.exports import ExportContext, NumberedEntry

ENCODING = "cp850"


def _quoted(value: str, width: int) -> str:
    """A quoted text zone; commas become points (« TVA 5,5 % » → « TVA 5.5 % ») so that no importer splits it."""
    return '"' + fixed(plain(value, ENCODING, forbidden='\t\r\n"').replace(",", "."), width) + '"'


def write(items: Iterable[NumberedEntry], context: ExportContext) -> Iterator[bytes]:  # noqa: ARG001 - no options
    """The text file's bytes."""
    for item in items:
        entry = item.entry
        day = entry.date.strftime("%d%m%Y") if entry.date else ""
        records = []
        for line in entry.lines:
            value = line.debit or line.credit
            account = plain(line.aux_account or line.account, ENCODING).replace(",", "")
            records.append(",".join((
                f"{item.sequence:>5}"[-5:], day, entry.journal, fixed(account, 15), "",
                _quoted(line.label or entry.label, 40), _quoted(entry.piece, 15), f"{value:013.2f}",
                "D" if line.debit else "C", day, "")))
        yield ("\r\n".join(records) + "\r\n").encode(ENCODING, errors="replace")
