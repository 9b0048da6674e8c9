"""The FEC (fichier des écritures comptables), article A47 A-1 of the LPF.

One header line with the 18 columns in the order of the article, then one record per entry
line; separator tab (or « | »), ISO 8859-15, dates AAAAMMJJ, amounts with a decimal comma and
no thousands separator, Debit and Credit both written (0,00 on the other side). File name
``<SIREN>FEC<AAAAMMJJ>.txt``, the date being the closing date of the period (L47 A-I).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.plugins.exports.text import amount, plain, ymd

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator

    from guichet.core.money.exports import ExportContext, NumberedEntry

COLUMNS = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
           "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
           "ValidDate", "Montantdevise", "Idevise")
ENCODING = "iso-8859-15"
SEPARATORS = {"tab": "\t", "pipe": "|", "\t": "\t", "|": "|"}


def file_name(siren: str, closing: dt.date) -> str:
    """``<SIREN>FEC<AAAAMMJJ>.txt`` (closing date of the period)."""
    return f"{siren}FEC{closing:%Y%m%d}.txt"


def write(items: Iterable[NumberedEntry], context: ExportContext) -> Iterator[bytes]:
    """The FEC's bytes, header first, one entry at a time."""
    separator = SEPARATORS.get(str(context.options.get("separator") or "tab"), "\t")
    forbidden = "\t\r\n|"

    def text(value: str | None) -> str:
        return plain(value, ENCODING, forbidden=forbidden)

    yield (separator.join(COLUMNS) + "\r\n").encode(ENCODING)
    for item in items:
        entry = item.entry
        rows = []
        for line in entry.lines:
            aux_label = line.aux_label or context.labels.get(line.aux_account, "") or line.aux_account
            rows.append(separator.join((
                text(entry.journal), text(entry.journal_label), item.number, ymd(entry.date), text(line.account),
                text(context.account_label(line.account)), text(line.aux_account),
                text(aux_label) if line.aux_account else "", text(entry.piece), ymd(entry.piece_date),
                text(line.label or entry.label), amount(line.debit), amount(line.credit), "", "", ymd(item.valid_date),
                "", "")))
        yield ("\r\n".join(rows) + "\r\n").encode(ENCODING)
