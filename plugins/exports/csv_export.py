"""A configurable CSV of the entries: columns, separator, encoding, decimal sign, date format.

Options (command line or the company's ``settings["export"]["csv"]``): ``columns`` (names
below, comma-separated), ``separator`` (default « ; »), ``encoding`` (default UTF-8),
``decimal`` (« , » or « . »), ``date_format`` (strftime, default JJ/MM/AAAA), ``header``.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from guichet.plugins.exports.text import amount, plain

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from guichet.core.money.exports import ExportContext, NumberedEntry

DEFAULT_COLUMNS = ("journal", "date", "number", "account", "aux_account", "piece", "label", "debit", "credit")
COLUMN_HEADERS = {
    "journal": "Journal", "journal_label": "Libellé journal", "number": "N° écriture", "date": "Date",
    "account": "Compte", "account_label": "Libellé compte", "aux_account": "Compte auxiliaire",
    "aux_label": "Libellé auxiliaire", "piece": "Pièce", "piece_date": "Date pièce", "label": "Libellé",
    "debit": "Débit", "credit": "Crédit", "amount": "Montant", "sense": "Sens", "currency": "Devise",
    "document": "Document", "link": "Lien Factur-X", "valid_date": "Date de validation",
}
OPTIONS = {
    "columns": f"colonnes, séparées par des virgules, parmi : {', '.join(COLUMN_HEADERS)}",
    "separator": "séparateur de champs (défaut « ; », « tab » pour une tabulation)",
    "encoding": "encodage (défaut utf-8 ; cp1252, iso-8859-15...)",
    "decimal": "signe décimal (défaut « , »)",
    "date_format": "format des dates (défaut %d/%m/%Y)",
}


class CsvOptionsRefused(ValueError):
    """An option that cannot be used (French message)."""


def settings_from(options: dict) -> tuple[list[str], str, str, str, str]:
    """Checked columns, separator, encoding, decimal sign and date format."""
    columns = [c.strip() for c in str(options.get("columns") or ",".join(DEFAULT_COLUMNS)).split(",") if c.strip()]
    unknown = [c for c in columns if c not in COLUMN_HEADERS]
    if unknown:
        msg = f"colonne(s) inconnue(s) : {', '.join(unknown)} (possibles : {', '.join(COLUMN_HEADERS)})"
        raise CsvOptionsRefused(msg)
    separator = str(options.get("separator") or ";")
    separator = "\t" if separator in ("tab", "\\t") else separator
    if len(separator) != 1:
        msg = f"séparateur « {separator} » : un seul caractère attendu"
        raise CsvOptionsRefused(msg)
    encoding = str(options.get("encoding") or "utf-8")
    try:
        "é".encode(encoding)
    except LookupError as exc:
        msg = f"encodage inconnu : {encoding}"
        raise CsvOptionsRefused(msg) from exc
    except UnicodeEncodeError:
        pass  # ASCII: accents are folded by plain()
    decimal_sign = str(options.get("decimal") or ",")
    if decimal_sign not in (",", "."):
        msg = "signe décimal : « , » ou « . »"
        raise CsvOptionsRefused(msg)
    if decimal_sign == separator:
        msg = "le signe décimal ne peut pas être le séparateur"
        raise CsvOptionsRefused(msg)
    return columns, separator, encoding, decimal_sign, str(options.get("date_format") or "%d/%m/%Y")


def write(items: Iterable[NumberedEntry], context: ExportContext) -> Iterator[bytes]:
    """The CSV's bytes, header first."""
    columns, separator, encoding, decimal_sign, date_format = settings_from(context.options)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def flush() -> bytes:
        data = buffer.getvalue().encode(encoding, errors="replace")
        buffer.seek(0)
        buffer.truncate()
        return data

    def day(value) -> str:  # noqa: ANN001 - a date or None
        return value.strftime(date_format) if value else ""

    link: Callable[[int], str] = context.links or (lambda _doc: "")
    writer.writerow([COLUMN_HEADERS[c] for c in columns])
    yield flush()
    for item in items:
        entry = item.entry
        for line in entry.lines:
            value = line.debit or line.credit
            cells = {
                "journal": entry.journal, "journal_label": entry.journal_label, "number": item.number,
                "date": day(entry.date), "account": line.account, "account_label": context.account_label(line.account),
                "aux_account": line.aux_account, "aux_label": line.aux_label if line.aux_account else "",
                "piece": entry.piece, "piece_date": day(entry.piece_date), "label": line.label or entry.label,
                "debit": amount(line.debit, decimal_sign), "credit": amount(line.credit, decimal_sign),
                "amount": amount(value, decimal_sign), "sense": "D" if line.debit else "C", "currency": "EUR",
                "document": str(entry.document_id), "link": link(entry.document_id), "valid_date": day(item.valid_date),
            }
            writer.writerow([plain(cells[c], encoding, forbidden="\r\n") for c in columns])
        yield flush()
