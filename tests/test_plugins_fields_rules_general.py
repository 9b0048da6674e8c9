"""General rules of the field proposer: credit notes, column headers, OCR reading order."""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.core.parsing.fields import SOURCE_OCR
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


def test_ocr_misread_label_words_are_recognised():
    page = page_from(["Lieferant GmbH", "Rechoungsnummer  471102", "Rechaungsdatum  05.03.2013",
                      "Bruttosumme  10,00"], confidence=0.8)
    values = propose([page], None, SOURCE_OCR).values()
    assert values["invoice_number"] == "471102"
    assert values["issue_date"] == "2013-03-05"


def test_short_or_exact_text_layer_words_are_not_respelt():
    # "Facturx" is 7 letters: too short to be read as "facture"; a text layer is never respelt.
    page = page_from(["Standard  Facturx 1.0", "Total TTC  10,00"], confidence=0.8)
    assert propose([page], None, SOURCE_OCR).values().get("invoice_number") is None
    page = page_from(["Rechoungsnummer  471102", "Total TTC  10,00"])
    assert propose([page]).values().get("invoice_number") is None


def test_a_date_after_the_invoice_number_is_the_issue_date():
    page = page_from([
        "Software-Version : 2.1  vom 24.03.2020",
        "Rechnung Nr. 471102  13.11.2019",
        "Liefer- und Leistungsdatum : 12.11.2019",
    ])
    values = propose([page]).values()
    assert values["invoice_number"] == "471102"
    assert values["issue_date"] == "2019-11-13"


def test_a_version_date_is_no_fallback_issue_date():
    page = page_from(["Stylesheet-Version 2.0  18.10.2018", "ACME Ltd", "Invoice", "01.02.2019"])
    assert propose([page]).values()["issue_date"] == "2019-02-01"


def test_cents_are_no_evidence_of_totals():
    page = page_from([
        "Rechnungsrabatt  0,06",
        "Rechnungsrabatt  0,02",
        "Rabatt gesamt  0,08",
        "Rechnungssumme ohne USt.  -7,67",
        "Bruttosumme  -8,79",
    ])
    values = propose([page]).values()
    assert values["total_without_tax"] == "-7.67"
    assert values["total_with_tax"] == "-8.79"


def test_a_legal_form_ending_with_a_dot_ends_a_two_line_name():
    page = page_from([
        "Rechnung Nr. 12  vom 06.12.2018",
        "Verkäufer:",
        "MVM Musterhafter",
        "Versicherungsverein Musterstadt a.G.",
        "Musterstr. 12",
        "Käufer:",
        "Max Mustermann",
    ])
    assert propose([page]).values()["seller_name"] == "MVM Musterhafter Versicherungsverein Musterstadt a.G."


def test_the_amount_due_is_the_grand_total_when_nothing_was_prepaid():
    page = page_from(["Rechnung Nr. 5", "Rechnungssumme ohne USt.  -7,67", "Zahlbetrag  -8,79"])
    assert propose([page]).values()["total_with_tax"] == "-8.79"
    prepaid = page_from(["Rechnung Nr. 5", "Rechnungssumme ohne USt.  100,00", "Anzahlung  50,00",
                         "Zahlbetrag  70,00"])
    assert propose([prepaid]).values().get("total_with_tax") is None  # 70,00 is what is left to pay
