"""Archived invoices for the hand-over tests (entries, exports, sync, pull API).

``archived`` stores an archived invoice as the pipeline leaves it (document, invoice rows), with
its VAT breakdown built from ``rows`` (category, rate, base), so that entry and export tests do
not run the whole pipeline. ``archived_from_file`` reads a real file (corpus Factur-X) with
the reading code and stores it the same way, its bytes in the blob store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from guichet.core.model import events
from guichet.core.model.invoice import Address, Identifier, Invoice, Line, Party, Totals, VatBreakdown
from guichet.core.model.models import Document, db
from guichet.core.pipeline.reading import read_file
from guichet.core.storage.records import store_invoice

_counter = [0]
CENT = Decimal("0.01")


def archived(company, *, direction: str, number: str, rows=(("S", "20", "100.00"),), issue: dt.date = dt.date(2026, 3, 15),
             party: str = "Fournisseur Alpha SARL", party_siren: str | None = None, country: str = "FR",
             type_code: str = "380", currency: str = "EUR", accounting_ref: str | None = None,
             rounding: str | None = None, total: str | None = None, blobs=None, data: bytes | None = None) -> Document:
    """An archived invoice of ``company``: purchase (``party`` sells) or sales (``party`` buys)."""
    _counter[0] += 1
    own = Party(name=company.name, legal_id=Identifier(company.siren, "0002"),
                address=Address(city="Paris", country="FR"))
    other = Party(name=party, legal_id=Identifier(party_siren, "0002") if party_siren else None,
                  address=Address(line1="12 rue des Lilas", postcode="69002", city="Lyon", country=country))
    seller, buyer = (other, own) if direction == "purchase" else (own, other)
    breakdown, lines = [], []
    for position, (category, rate, base) in enumerate(rows, start=1):
        base_d, rate_d = Decimal(base), Decimal(rate)
        tax = (base_d * rate_d / 100).quantize(CENT, rounding=ROUND_HALF_UP) if category == "S" else Decimal("0.00")
        breakdown.append(VatBreakdown(category=category, rate=rate_d, taxable_amount=base_d, tax_amount=tax))
        lines.append(Line(id=str(position), quantity=Decimal("1"), net_amount=base_d, net_price=base_d,
                          vat_category=category, vat_rate=rate_d, name=f"Article {position}", accounting_ref=accounting_ref))
    without = sum((b.taxable_amount for b in breakdown), Decimal("0"))
    tax_total = sum((b.tax_amount for b in breakdown), Decimal("0"))
    with_tax = Decimal(total) if total is not None else without + tax_total
    round_amount = Decimal(rounding) if rounding else None
    due = with_tax + (round_amount or 0)
    invoice = Invoice(number=number, issue_date=issue, type_code=type_code, currency=currency, seller=seller, buyer=buyer,
                      lines=lines, vat_breakdown=breakdown,
                      totals=Totals(line_total=without, tax_exclusive=without, tax_total=tax_total, tax_inclusive=with_tax,
                                    rounding=round_amount, amount_due=due))
    payload = data if data is not None else f"{company.id}-{number}-{_counter[0]}".encode()
    digest = hashlib.sha256(payload).hexdigest()
    key = blobs.put(payload) if blobs is not None else digest
    with db.atomic():
        document = Document.create(company=company, sha256=digest, blob_key=key, filename=f"{number}.pdf",
                                   size=len(payload), channel="test", direction=direction, state="archived", format="pdf")
        store_invoice(document, invoice, source="xml")
        events.record("document.transition", company_id=company.id, document_id=document.id,
                      data={"from": "sealed", "to": "archived"})
    return document


def archived_from_file(rt, company, path, *, direction: str = "purchase") -> Document | None:
    """A real invoice file read by the reading code, stored archived (None when it has no XML)."""
    data = path.read_bytes()
    result = read_file(rt.pm, data, path.name)
    if result.invoice is None:
        return None
    key = rt.blobs.put(data)
    with db.atomic():
        document = Document.create(company=company, sha256=hashlib.sha256(data).hexdigest(), blob_key=key,
                                   filename=path.name, size=len(data), channel="test", direction=direction,
                                   state="archived", format=str(result.format))
        store_invoice(document, result.invoice, source="xml")
    return document


def _vat(siren: str) -> str:
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"  # the French VAT key


def cii_invoice(pm, number: str, *, seller: tuple[str, str], buyer: tuple[str, str], base: str, rate: str = "20",
                issue: dt.date = dt.date(2026, 3, 10)) -> bytes:
    """A complete EN 16931 CII invoice (French mentions included), written by Guichet's own writer."""
    from guichet.core.model.invoice import Note, PaymentMeans

    base_d = Decimal(base)
    tax = (base_d * Decimal(rate) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    invoice = Invoice(
        number=number, issue_date=issue, type_code="380", currency="EUR", due_date=issue + dt.timedelta(days=30),
        process_id="S1",
        notes=[Note("Indemnité forfaitaire de 40 € pour frais de recouvrement", "PMT"),
               Note("Pénalités de retard : taux BCE + 10 points", "PMD"),
               Note("Pas d'escompte pour paiement anticipé", "AAB")],
        seller=Party(name=seller[0], legal_id=Identifier(seller[1], "0002"), vat_id=_vat(seller[1]),
                     address=Address(line1="12 rue des Lilas", postcode="69002", city="Lyon", country="FR")),
        buyer=Party(name=buyer[0], legal_id=Identifier(buyer[1], "0002"), vat_id=_vat(buyer[1]),
                    address=Address(line1="1 place du Marché", postcode="75001", city="Paris", country="FR")),
        payment_means=[PaymentMeans(type_code="58", iban="FR7630006000011234567890189")],
        totals=Totals(line_total=base_d, tax_exclusive=base_d, tax_total=tax, tax_inclusive=base_d + tax,
                      amount_due=base_d + tax),
        vat_breakdown=[VatBreakdown(category="S", rate=Decimal(rate), taxable_amount=base_d, tax_amount=tax)],
        lines=[Line(id="1", quantity=Decimal("1"), unit_code="C62", net_amount=base_d, net_price=base_d,
                    vat_category="S", vat_rate=Decimal(rate), name="Prestation")])
    return pm.hook.write_invoice(invoice=invoice, syntax="cii", profile="en16931")
