"""Store an invoice model in the database (the one place that writes Invoice rows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model import models
from guichet.core.model.identifiers import valid_iban

if TYPE_CHECKING:
    from guichet.core.model.invoice import Invoice
    from guichet.core.model.models import Document


def store_invoice(
    document: Document,
    invoice: Invoice,
    *,
    source: str,
    confidence: dict[str, float] | None = None,
    xml_key: str | None = None,
) -> models.Invoice:
    """Create (or replace) the invoice rows of ``document``. Call inside a transaction."""
    models.Invoice.delete().where(models.Invoice.document == document).execute()
    totals = invoice.totals
    row = models.Invoice.create(
        document=document,
        company=document.company_id,
        number=invoice.number,
        type_code=invoice.type_code,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        total_without_tax=totals.tax_exclusive,
        total_tax=totals.tax_total,
        total_with_tax=totals.tax_inclusive,
        amount_due=totals.amount_due,
        iban=valid_iban(invoice.iban) or invoice.iban,
        profile=invoice.profile,
        syntax=invoice.syntax,
        xml_key=xml_key,
        source=source,
        data=invoice.to_dict(),
        confidence=confidence or {},
    )
    for role, party in (("seller", invoice.seller), ("buyer", invoice.buyer), ("payee", invoice.payee)):
        if party is None:
            continue
        models.Party.create(
            invoice=row,
            role=role,
            name=party.name,
            siren=party.siren,
            siret=party.siret,
            vat_id=party.vat_id,
            country=party.address.country if party.address else None,
        )
    for position, line in enumerate(invoice.lines, start=1):
        models.Line.create(
            invoice=row,
            position=position,
            line_id=line.id,
            name=line.name,
            quantity=line.quantity,
            unit_code=line.unit_code,
            net_price=line.net_price,
            net_amount=line.net_amount,
            vat_category=line.vat_category,
            vat_rate=line.vat_rate,
        )
    for vat in invoice.vat_breakdown:
        models.VatBreakdown.create(
            invoice=row,
            category=vat.category,
            rate=vat.rate,
            taxable_amount=vat.taxable_amount,
            tax_amount=vat.tax_amount,
            exemption_reason=vat.exemption_reason,
            exemption_code=vat.exemption_code,
        )
    return row


def load_invoice(document: Document) -> Invoice | None:
    """The invoice model stored for ``document``, or None."""
    from guichet.core.model.invoice import Invoice

    row = models.Invoice.get_or_none(models.Invoice.document == document)
    return Invoice.from_dict(row.data) if row else None
