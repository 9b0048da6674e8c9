"""General rules of the field proposer: credit notes, column headers, OCR reading order."""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.core.fields import SOURCE_OCR
from guichet.plugins.fields_rules import propose


def test_a_credit_note_title_gives_its_number():
    values = propose([page_from(["Au bon moulin SARL", "Avoir AV-2017-0005", "Date : 16/11/2017"])]).values()
    assert values["invoice_number"] == "AV-2017-0005"
    values = propose([page_from(["Muster GmbH", "Gutschrift G-778", "Datum : 16.11.2017"])]).values()
    assert values["invoice_number"] == "G-778"


def test_the_verb_avoir_is_no_number_label():
    values = propose([page_from(["Vous pouvez avoir une remise", "Total TTC  12,00"])]).values()
    assert values.get("invoice_number") is None


def test_negative_totals_of_a_credit_note_add_up():
    page = page_from([
        "Avoir AV-1",
        "Total HT  -218,48 €",
        "Total TTC  -233,47 €",
    ])
    values = propose([page]).values()
    assert values["total_without_tax"] == "-218.48"
    assert values["total_with_tax"] == "-233.47"


def test_vat_total_printed_without_its_sign_takes_the_sign_of_the_totals():
    page = page_from([
        "Rechnungskorrektur Nr. RK1",
        "Rechnungssumme ohne USt.  -7,67",
        "EUR  -",
        "Steuerbetrag in",
        "1,12",
        "Bruttosumme  -8,79",
    ])
    values = propose([page]).values()
    assert values["total_with_tax"] == "-8.79"
    assert values["total_tax"] == "-1.12"


def test_no_vat_total_without_a_printed_difference():
    page = page_from(["Facture F1", "Total HT  100,00", "Total TTC  120,00"])
    values = propose([page]).values()
    assert values["total_with_tax"] == "120.00"
    assert values.get("total_tax") is None  # 20,00 is printed nowhere: not invented


def test_a_due_date_column_is_not_the_issue_date():
    page = page_from([
        "Invoice INV-42",
        "February 17, 2026",
        "Your Reference  Salesperson  Due Date  Payment Terms",
        "Detlef Hembrock  March 3, 2026  14 days",
    ])
    values = propose([page]).values()
    assert values["issue_date"] == "2026-02-17"
    assert values["due_date"] == "2026-03-03"


def test_an_issue_date_column_is_read():
    page = page_from(["Invoice INV-42", "Customer  Invoice Date", "ACME  17/02/2026"])
    assert propose([page]).values()["issue_date"] == "2026-02-17"


def test_ocr_source_keeps_rules():
    page = page_from(["Avoir AV-2017-0005", "Total HT  -10,00", "Total TTC  -12,00"], confidence=0.9)
    values = propose([page], None, SOURCE_OCR).values()
    assert values["invoice_number"] == "AV-2017-0005"
    assert values["total_with_tax"] == "-12.00"
