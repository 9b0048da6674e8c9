"""Arithmetic and VAT controls: EN 16931 rounding, French rates by date and territory, payment terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from controls_samples import french_invoice
from guichet.core.model.invoice import Address
from guichet.plugins.controls_arithmetic import (
    CORSICA, DOM, MAINLAND, NO_VAT, allowed_rates, check_arithmetic, money, payment_limit, territory,
)

D = Decimal


def codes(invoice):
    return [(p.code, str(p.severity)) for p in check_arithmetic(invoice).problems]


def test_valid_invoice():
    assert codes(french_invoice()) == []


def test_rounding_is_half_up():
    assert money(D("0.125")) == D("0.13")
    assert money(D("-20.475")) == D("-20.48")


def test_rates_by_date_and_territory():
    assert D("19.6") in allowed_rates(MAINLAND, dt.date(2013, 12, 31))
    assert D("19.6") not in allowed_rates(MAINLAND, dt.date(2014, 1, 1))
    assert D("7") in allowed_rates(MAINLAND, dt.date(2012, 6, 1))
    assert D("7") not in allowed_rates(MAINLAND, dt.date(2011, 6, 1))
    assert {D("13"), D("0.9"), D("20")} <= allowed_rates(CORSICA, dt.date(2026, 1, 1))
    assert allowed_rates(DOM, dt.date(2026, 1, 1)) == {D("8.5"), D("2.1"), D("1.75"), D("1.05")}
    assert territory(Address(postcode="20000", country="FR")) == CORSICA
    assert territory(Address(postcode="97400", country="FR")) == DOM
    assert territory(Address(country="GF")) == NO_VAT
    assert territory(None) == MAINLAND


def test_rate_of_another_territory_is_a_warning():
    invoice = french_invoice()
    invoice.delivery.address = Address("rue du stade", city="Saint-Denis", postcode="97400", country="RE")
    assert ("VAT-RATE-ALLOWED", "warning") in codes(invoice)


def test_historical_rate_after_its_end_is_a_warning():
    invoice = french_invoice()
    invoice.lines[0].vat_rate = invoice.allowances_charges[0].vat_rate = D("19.6")
    invoice.vat_breakdown[0].rate = D("19.6")
    invoice.vat_breakdown[0].tax_amount = D("23.52")
    invoice.totals.tax_total, invoice.totals.tax_inclusive, invoice.totals.amount_due = D("31.52"), D("231.52"), D("231.52")
    assert codes(invoice) == [("VAT-RATE-ALLOWED", "warning"), ("VAT-RATE-ALLOWED", "warning")]


def test_vat_category_and_currency():
    invoice = french_invoice()
    invoice.vat_breakdown[1].category = "L"
    invoice.lines[1].vat_category = "L"
    assert ("VAT-CATEGORY", "fatal") in codes(invoice)
    invoice = french_invoice()
    invoice.currency = "USD"
    assert codes(invoice) == [("VAT-CURRENCY", "fatal")]


def test_document_totals_are_the_validators_and_decimals():
    """BR-CO-10..16 live in the validator (issue 12 item 7): this control does not repeat them."""
    invoice = french_invoice()
    invoice.totals.prepaid = D("32.00")  # BT-115 no longer equals BT-112 - BT-113 (BR-CO-16)
    invoice.totals.tax_total = D("1.00")  # nor BT-110 the sum of the VAT per rate (BR-CO-14)
    assert codes(invoice) == []
    invoice = french_invoice()
    invoice.lines[0].net_amount = D("125.001")
    assert ("ARI-DECIMALS", "fatal") in codes(invoice)


def test_rounded_unit_price_is_tolerated():
    invoice = french_invoice()  # 50 × 4.095 = 204.75 written with a unit price rounded to 4.10
    line = invoice.lines[0]
    line.quantity, line.net_price, line.net_amount = D("50"), D("4.10"), D("204.75")
    assert "ARI-LINES" not in {c for c, _ in codes(invoice)}


def test_payment_limit():
    assert payment_limit(dt.date(2026, 1, 31)) == dt.date(2026, 4, 1)  # 60 days (longer here)
    assert payment_limit(dt.date(2026, 3, 1)) == dt.date(2026, 5, 15)  # end of March + 45 days
    invoice = french_invoice()
    invoice.due_date = dt.date(2027, 1, 31)
    assert codes(invoice) == [("PAY-TERMS", "warning")]
    invoice.due_date, invoice.payment_terms = None, None
    assert codes(invoice) == [("PAY-TERMS", "warning")]
