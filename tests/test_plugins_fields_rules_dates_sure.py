"""The issue date among several dates as invoicing software prints them (issue 13, branch datesure-13h).

Each page is written by hand the way an invoice prints; none is copied from a generated sample.
"""

from __future__ import annotations

from test_plugins_fields_rules_dates import PAPER_SURE_DATE, _issue


def test_a_seller_s_limited_company_name_is_no_date_limit_s_label():
    """« Byrne & Sons Limited  April 28, 2026 »: « Limited » (a legal form) holds the letters of « limite » (« Date
    limite », a due date's label) but is no label; the unlabelled date beside it is the invoice's, and the last day
    of the invoicing period under its header is not."""
    value, confidence = _issue([
        "INVOICE",
        "004971",
        "Byrne & Sons Limited                          April 28, 2026",
        "Unit 50, Ballymount Business Park",
        "Invoicing period                   Payment due",
        "March 27, 2026 - April 26, 2026    May 28, 2026",
        "Labour (hours)  1  16.44  23%  16.44",
        "Total of this invoice  20.22",
    ])
    assert value == "2026-04-28" and confidence >= PAPER_SURE_DATE


def test_an_unlabelled_period_s_last_day_is_never_the_issue_date():
    """No date of the page but a period's under its header: its last day (after « - ») is no more the invoice's than
    its first."""
    value, confidence = _issue([
        "INVOICE",
        "004971",
        "Byrne & Sons Ltd",
        "Invoicing period                   Payment due",
        "March 27, 2026 - April 26, 2026    May 28, 2026",
        "Labour (hours)  1  16.44  23%  16.44",
        "Total of this invoice  20.22",
    ])
    assert value != "2026-04-26" or confidence < PAPER_SURE_DATE


def test_a_period_whose_last_day_prints_its_weekday_leaves_the_date_under_the_title_sure():
    """« samedi 25 juillet 2026 - lundi 24 août 2026 » under « Période de facturation »: the period's last day, its
    weekday printed, is explained as the period's; the one date under the title is the invoice's."""
    value, confidence = _issue([
        "Facture",
        "FAC-26-04807",
        "mardi 25 août 2026",
        "Garage Martin SARL",
        "Date du paiement     Date d'échéance            Période de facturation",
        "lundi 24 août 2026   mercredi 9 septembre 2026  samedi 25 juillet 2026 - lundi 24 août 2026",
        "Plateau repas  1  1 672,80  5,5 %  1 672,80",
        "Total TTC  1 764,80",
    ])
    assert value == "2026-08-25" and confidence >= PAPER_SURE_DATE


def test_a_tax_point_printed_apart_from_the_invoice_date_is_not_it():
    """« Date » and « Tax Point Date » (EN 16931 BT-7) on two days: the tax point is the VAT's, the date the
    invoice's."""
    value, _confidence = _issue([
        "INVOICE",
        "Invoice Number  202603-3524",
        "Date            26/03/2026",
        "Tax Point Date  14/03/2026",
        "Due Date        25/04/2026",
        "Labour (hours)  1  16.44  23%  16.44",
        "Total of this invoice  20.22",
    ])
    assert value == "2026-03-26"


def test_a_tax_point_alone_is_the_invoice_s_date():
    """« Date/Tax point » or a tax point alone: the one date is the invoice's (unchanged)."""
    value, _confidence = _issue([
        "INVOICE",
        "Invoice Number  202603-3524",
        "Tax Point Date  14/03/2026",
        "Labour (hours)  1  16.44  23%  16.44",
        "Total of this invoice  20.22",
    ])
    assert value == "2026-03-14"


def test_a_weekday_before_a_date_is_no_letter_s_place():
    """« Donnerstag, 7. März 2024 » under « Fälligkeit der Zahlung »: the day of the week is no town (« Köln, den »);
    the date under « Datum » is the invoice's."""
    value, _confidence = _issue([
        "RECHNUNG",
        "Rechnung Nr.      Datum                         Bestelldatum",
        "RE/2024/00597     Donnerstag, 22. Februar 2024  Donnerstag, 18. Januar 2024",
        "Fälligkeit der Zahlung",
        "Donnerstag, 7. März 2024",
        "Palettenversand  5,9  44,78  264,20",
        "Gesamtbetrag  314,40",
    ])
    assert value == "2024-02-22"


def test_a_tax_point_beside_other_dates_is_not_made_sure_by_its_label():
    """« Tax Point Date » (EN 16931 BT-7) beside a payment's and a delivery's days, the invoice's own date under a
    header the reading does not pair: the tax point is the issue date by HMRC's practice only (an invoice issued within
    14 days), never surely so while other dates of the page are left unexplained."""
    value, confidence = _issue([
        "INVOICE",
        "Invoice #       Paid Date     Due Date",
        "INV-24-08572    15-Jun-2024   30-Jul-2024",
        "Quote Date      Tax Point Date",
        "21-Apr-2024     05-Jun-2024",
        "Issued 15-Jun-2024 at 10:12",
        "Site survey  6  4.79  28.74",
        "Total of this invoice  28.74",
    ])
    assert value != "2024-06-05" or confidence < PAPER_SURE_DATE



def test_a_tax_point_beside_the_invoice_number_is_not_made_sure_by_its_place():
    """A header grid « Invoice Number  Date  Due Date  Tax Point Date »: the tax point's value stands in the number's
    block, but its label names the VAT point date (BT-7), not surely the invoice's."""
    value, confidence = _issue([
        "INVOICE",
        "Invoice Number    Tax Point Date    Due Date",
        "IN/2025/01385     03/10/2025        21/10/2025",
        "Issued 07/10/2025 at 10:12",
        "Site survey  6  4.79  28.74",
        "Total of this invoice  28.74",
    ])
    assert value != "2025-10-03" or confidence < PAPER_SURE_DATE


def test_a_not_issue_date_stem_never_matches_inside_another_word():
    """The stems saying « this date is not the invoice's » are merged across languages: a stem that starts a word
    (« vence », « entro », « operation », « signed », « impres ») matched inside a town's, a company's or another
    language's word (« Provence », « Centro », « Cooperation », « Designed », « Impresa »), and the letter's date
    beside it was taken for another date. Each label still says what it says."""
    from guichet.core.parsing.on_page import fold
    from guichet.plugins.fields_rules import vocabulary

    for name in ("Aix-en-Provence, le 28 avril 2026", "Centro Servizi Rossi srl", "Harbour Cooperation Ltd",
                 "Designed by Studio Nord", "Impresa Edile Bianchi", "Byrne & Sons Limited"):
        assert vocabulary.NOT_ISSUE_DATE.search(fold(name)) is None, name
    for label in ("Date d'échéance", "Fecha de vencimiento", "Data di scadenza", "Due date", "Fälligkeitsdatum",
                  "Leistungszeitraum", "Période de facturation", "Fecha de impresión", "Date d'expédition", "Entro il"):
        assert vocabulary.NOT_ISSUE_DATE.search(fold(label)), label


def test_a_town_holding_a_due_date_s_stem_is_no_label():
    """« Aix-en-Provence, le 28 avril 2026 »: the place and date of a letter; « Provence » holds « vence » (« vence el »,
    a Spanish due date's words) but is no label: the date is the invoice's, not the due date under its label."""
    value, confidence = _issue([
        "FACTURE",
        "N° 004971",
        "Atelier Martin SARL",
        "Aix-en-Provence, le 28 avril 2026",
        "Date d'échéance : 28 mai 2026",
        "Main d'œuvre  1  16,44  20 %  16,44",
        "Total TTC  19,73",
    ])
    assert value == "2026-04-28" and confidence >= PAPER_SURE_DATE
