"""Legal mentions: French sellers only; 2026 mentions from the reform date; notes by code or wording."""

from __future__ import annotations

import datetime as dt

from controls_samples import french_invoice
from guichet.core.model.invoice import Address, Note, VatBreakdown
from guichet.core.model.models import Company
from guichet.plugins.controls_legal import check_legal


def codes(invoice, company=None):
    return [(p.code, str(p.severity)) for p in check_legal(invoice, company).problems]


def test_valid_invoice():
    assert codes(french_invoice()) == []


def test_foreign_seller_is_out_of_scope():
    invoice = french_invoice()
    invoice.seller.address = Address(country="DE")
    invoice.seller.vat_id = "DE811569869"
    invoice.seller.legal_id = None
    invoice.seller.identifiers = []
    invoice.notes = []
    assert codes(invoice) == []


def test_notes_block_after_the_reform_and_warn_before():
    invoice = french_invoice()
    invoice.notes = [Note("Escompte : néant. Pénalités de retard : 3 fois le taux légal.")]
    assert codes(invoice) == [("LEG-NOTES-PMT-PMD-AAB", "fatal")]
    invoice.issue_date, invoice.due_date = dt.date(2025, 3, 3), dt.date(2025, 4, 2)
    assert codes(invoice) == [("LEG-NOTES-PMT-PMD-AAB", "warning")]
    invoice.notes.append(Note("Indemnité forfaitaire de 40 € pour frais de recouvrement"))
    assert codes(invoice) == []  # recognised by their wording, without subject codes


def test_reform_mentions_follow_the_company_reform_date():
    invoice = french_invoice()
    invoice.process_id = None
    invoice.buyer.legal_id = None
    assert {c for c, _ in codes(invoice)} == {"LEG-NATURE", "LEG-SIREN-BUYER"}
    pme = Company(siren="552081317", settings={"controls": {"options": {"reform_date": "2027-09-01"}}})
    assert codes(invoice, pme) == []


def test_vat_on_debits_option_of_the_company():
    invoice = french_invoice()
    invoice.seller.legal_id.value = "552081317"
    invoice.seller.identifiers = []
    invoice.seller.vat_id = "FR03552081317"
    company = Company(siren="552081317", settings={"controls": {"options": {"vat_on_debits": True}}})
    assert codes(invoice, company) == [("LEG-VAT-DEBITS", "warning")]
    invoice.vat_point_date_code = "5"
    assert codes(invoice, company) == []


def test_exemption_intra_eu_and_doctype():
    invoice = french_invoice()
    invoice.vat_breakdown.append(VatBreakdown("K", None, invoice.totals.line_total * 0, invoice.totals.line_total * 0))
    invoice.buyer.vat_id = None
    assert {c for c, _ in codes(invoice)} == {"LEG-EXEMPTION", "LEG-VATID"}
    invoice = french_invoice()
    invoice.type_code = "384"
    assert codes(invoice) == [("LEG-DOCTYPE", "fatal")]
    invoice.type_code = "999"
    assert codes(invoice) == [("LEG-DOCTYPE", "fatal")]


def test_consumer_buyer_needs_no_siren():
    invoice = french_invoice()
    invoice.buyer.legal_id = None
    invoice.buyer.vat_id = None
    invoice.notes.append(Note("B2C", "BAR"))
    assert codes(invoice) == []


def test_invoice_without_vat_needs_the_exemption_wording():
    from decimal import Decimal

    invoice = french_invoice()
    invoice.vat_breakdown = []
    invoice.totals.tax_total = Decimal("0.00")
    assert codes(invoice) == [("LEG-EXEMPTION", "fatal")]
    invoice.notes.append(Note("TVA non applicable, art. 293 B du CGI"))
    assert codes(invoice) == []
