"""Archived sales invoices with their customer details, for the distribution tests and benchmarks.

``sales_invoice`` stores an archived sales invoice as the pipeline leaves it: the document,
the invoice rows, the open item (with its RF reference) and an archive record whose file is a
real Factur-X of the corpus (standing for the sealed copy), so that channels attach real bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.invoice import Address, Contact, Identifier, Invoice, Party, PaymentMeans, Totals
from guichet.core.model.models import Document, db
from guichet.core.model.states import State
from guichet.core.money import open_items
from guichet.core.pipeline import followups
from guichet.core.storage.records import store_invoice

import pytest
from support import CORPUS

#: Checksum-valid identifiers of real French public and private entities.
BUYER_SIREN = "542107651"
PUBLIC_SIRET = "11000201100044"  # a State service (valid Luhn)
COMPANY_IBAN = "FR7630001007941234567890185"
PDF = CORPUS / "EN16931_Einfach.pdf"

_counter = [0]


def sales_invoice(rt, company, *, number: str = "FV-2026-001", amount: str = "1200.00",
                  buyer: str = "Client Durand SARL", buyer_siren: str | None = BUYER_SIREN,
                  buyer_siret: str | None = None, email: str | None = "compta@durand.example",
                  address: Address | None = None, issue: dt.date | None = None, due: dt.date | None = None,
                  buyer_reference: str | None = None, order_reference: str | None = None,
                  currency: str = "EUR") -> Document:
    """Store an archived sales invoice of ``company`` to ``buyer``, with an archived PDF."""
    _counter[0] += 1
    issue = issue or dt.date(2026, 11, 2)
    amount = Decimal(amount)
    identifiers = [Identifier(buyer_siret, "0009")] if buyer_siret else []
    party = Party(name=buyer, legal_id=Identifier(buyer_siren, "0002") if buyer_siren else None,
                  identifiers=identifiers,
                  address=address or Address(line1="12 rue des Lilas", postcode="69002", city="Lyon", country="FR"),
                  contact=Contact(email=email) if email else None)
    seller = Party(name=company.name, legal_id=Identifier(company.siren, "0002"), vat_id=company.vat_id,
                   address=Address(line1="1 place de la Gare", postcode="75010", city="Paris", country="FR"))
    invoice = Invoice(number=number, issue_date=issue, due_date=due or issue + dt.timedelta(days=30),
                      type_code="380", currency=currency, seller=seller, buyer=party,
                      buyer_reference=buyer_reference, order_reference=order_reference,
                      payment_means=[PaymentMeans(type_code="58", iban=COMPANY_IBAN)],
                      totals=Totals(tax_exclusive=(amount / Decimal("1.2")).quantize(Decimal("0.01")),
                                    tax_inclusive=amount, amount_due=amount))
    if not PDF.is_file():  # as conftest's ``corpus`` fixture: the corpus is beside the checkout, not in it
        pytest.skip(f"corpus missing: {CORPUS}")
    pdf = PDF.read_bytes()
    key = rt.blobs.put(pdf)
    digest = hashlib.sha256(f"{company.id}-{number}-{_counter[0]}".encode()).hexdigest()
    with db.atomic():
        document = Document.create(company=company, sha256=digest, blob_key=key, filename=f"{number}.pdf",
                                   size=len(pdf), channel="test", direction="sales", state="archived",
                                   format="facturx")
        store_invoice(document, invoice, source="xml")
        ArchiveRecord.create(document=document, company=company, kind="pdf", file_key=key,
                             sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf),
                             original_sha256=hashlib.sha256(pdf).hexdigest(), original_size=len(pdf))
        open_items.track(document)
        followups.open_runs(rt.pm, document, State.ARCHIVED)  # as transition() does on reaching archived
    return document
