"""The flat field set of ``guichet extract --json``: the contract other tools rely on.

Keys and their order are stable. Amounts are decimal strings, dates ISO
(YYYY-MM-DD), unknown values null. ``confidence`` gives, per field, a number in
[0, 1] (1.0 for values read from structured XML).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from guichet.core.model.invoice import Invoice

FIELD_NAMES: tuple[str, ...] = (
    "invoice_number",
    "issue_date",
    "due_date",
    "document_type_code",
    "currency",
    "seller_name",
    "seller_vat_id",
    "seller_siren",
    "seller_siret",
    "buyer_name",
    "buyer_vat_id",
    "buyer_siren",
    "total_without_tax",
    "total_tax",
    "total_with_tax",
    "amount_due",
    "iban",
)

#: Sources of extracted data.
SOURCE_XML = "xml"
SOURCE_TEXT = "text layer"
SOURCE_OCR = "ocr"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def money(value: Decimal | None) -> str | None:
    """An amount as a decimal string with at least two decimals ("197.65", "100.00")."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return str(value)


def invoice_fields(invoice: Invoice) -> dict[str, str | None]:
    """Project the invoice model onto :data:`FIELD_NAMES`."""
    totals = invoice.totals
    return {
        "invoice_number": _text(invoice.number),
        "issue_date": invoice.issue_date.isoformat() if invoice.issue_date else None,
        "due_date": invoice.due_date.isoformat() if invoice.due_date else None,
        "document_type_code": _text(invoice.type_code),
        "currency": _text(invoice.currency),
        "seller_name": _text(invoice.seller.name),
        "seller_vat_id": _text(invoice.seller.vat_id),
        "seller_siren": invoice.seller.siren,
        "seller_siret": invoice.seller.siret,
        "buyer_name": _text(invoice.buyer.name),
        "buyer_vat_id": _text(invoice.buyer.vat_id),
        "buyer_siren": invoice.buyer.siren,
        "total_without_tax": money(totals.tax_exclusive),
        "total_tax": money(totals.tax_total),
        "total_with_tax": money(totals.tax_inclusive),
        "amount_due": money(totals.amount_due),
        "iban": _text(invoice.iban),
    }


def extraction_record(
    invoice: Invoice | None,
    source: str | None,
    confidence: dict[str, float] | None = None,
) -> dict[str, Any]:
    """The full JSON object: the fields, ``source`` and per-field ``confidence``.

    :param invoice: The invoice read, or None when nothing could be read.
    :param source: ``xml``, ``text layer`` or ``ocr``.
    :param confidence: Per-field confidence; defaults to 1.0 for every known field.
    """
    values = invoice_fields(invoice) if invoice else dict.fromkeys(FIELD_NAMES)
    if confidence is None:
        confidence = {name: 1.0 for name, value in values.items() if value is not None}
    record: dict[str, Any] = dict(values)
    record["source"] = source
    record["confidence"] = {name: confidence.get(name) if values[name] is not None else None
                            for name in FIELD_NAMES}
    return record
