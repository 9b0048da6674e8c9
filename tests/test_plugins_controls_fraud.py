"""Fraud signals: history scoped to the company, skipped without one."""

from __future__ import annotations

import datetime as dt

from controls_samples import OTHER_IBAN, french_invoice
from guichet.core.model.models import Document
from guichet.core.storage.records import store_invoice
from guichet.core.model.states import State
from guichet.plugins.controls_fraud import check_fraud, supplier_history


def store(company, invoice, state, n):
    document = Document.create(company=company, sha256=f"{n:064d}", blob_key=f"k{n}", filename="f.xml", size=1,
                               channel="upload", state=str(state))
    store_invoice(document, invoice, source="xml")


def codes(invoice, company):
    return {p.code for p in check_fraud(invoice, company).problems}


def test_stateless_runs_only_what_needs_no_history():
    invoice = french_invoice()
    assert codes(invoice, None) == set()
    invoice.seller.vat_id = None
    assert codes(invoice, None) == {"FRAUD-SELLER-NOT-VAT"}


def test_history_is_scoped_to_the_company(rt, company, other_company):
    store(other_company, french_invoice(), State.CHECKED, 1)
    assert supplier_history(company, french_invoice()) == []
    assert codes(french_invoice(), company) == {"FRAUD-NEW-SUPPLIER"}


def test_rejected_and_the_document_being_checked_are_not_history(rt, company):
    store(company, french_invoice(), State.REJECTED, 1)
    store(company, french_invoice(), State.EXTRACTED, 2)  # the invoice itself, stored at the read stage
    assert supplier_history(company, french_invoice()) == []


def test_iban_of_an_unconfirmed_invoice_does_not_count(rt, company):
    first = french_invoice(number="A-1", issue=dt.date(2026, 9, 1))
    first.payment_means[0].iban = OTHER_IBAN
    store(company, first, State.TO_REVIEW, 1)
    assert "FRAUD-IBAN-CHANGE" not in codes(french_invoice(), company)  # nothing confirmed yet
    store(company, french_invoice(number="A-2", issue=dt.date(2026, 9, 2)), State.CHECKED, 2)
    changed = french_invoice()
    changed.payment_means[0].iban = OTHER_IBAN
    assert "FRAUD-IBAN-CHANGE" in codes(changed, company)


def test_only_the_first_iban_seen_is_the_baseline(rt, company):
    store(company, french_invoice(number="A-1", issue=dt.date(2026, 9, 1)), State.CHECKED, 1)
    changed = french_invoice(number="A-2", issue=dt.date(2026, 9, 2))
    changed.payment_means[0].iban = OTHER_IBAN
    assert "FRAUD-IBAN-CHANGE" in codes(changed, company)
    store(company, changed, State.CHECKED, 2)  # accepted in review: its IBAN is still not confirmed
    again = french_invoice(number="A-3", issue=dt.date(2026, 9, 3))
    again.payment_means[0].iban = OTHER_IBAN
    assert "FRAUD-IBAN-CHANGE" in codes(again, company)
    assert "FRAUD-IBAN-CHANGE" not in codes(french_invoice(number="A-4"), company)  # the baseline


def test_duplicate_needs_the_same_year(rt, company):
    store(company, french_invoice(number="FA-1", issue=dt.date(2025, 10, 15)), State.CHECKED, 1)
    assert "LEG-DUPLICATE" not in codes(french_invoice(number="FA-1"), company)
    assert "LEG-DUPLICATE" in codes(french_invoice(number="FA 1", issue=dt.date(2025, 12, 1)), company)


def test_sales_invoices_skip_supplier_controls(rt, company):
    invoice = french_invoice()
    invoice.seller, invoice.buyer = invoice.buyer, invoice.seller
    assert codes(invoice, company) == set()


def test_franchise_seller_charging_vat(rt, company):
    invoice = french_invoice()
    invoice.notes.append(type(invoice.notes[0])("TVA non applicable, art. 293 B du CGI"))
    assert "FRAUD-SELLER-NOT-VAT" in codes(invoice, company)
