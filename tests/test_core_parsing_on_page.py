"""What a page prints (core.parsing.on_page): one set of patterns for the gate, the completion and the rules."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest

from guichet.core.parsing import on_page


def test_the_gate_the_completion_and_the_rules_share_one_set_of_page_patterns():
    import importlib

    from guichet.core.parsing import on_page
    from guichet.core.pipeline import completion
    from guichet.plugins.validate_en16931 import convert

    propose = importlib.import_module("guichet.plugins.fields_rules.propose")

    assert convert.dates_on_page is on_page.dates_on_page
    assert completion.printed is on_page.printed
    assert completion._AMOUNT_ON_PAGE is on_page.AMOUNT and completion._RATE_ON_PAGE is on_page.RATE
    assert propose.on_page is on_page


def test_the_day_and_month_of_a_numeric_date_are_no_amount():
    from guichet.core.parsing.on_page import AMOUNT

    assert [m.group() for m in AMOUNT.finditer("Bezahlt am 12.11.2024  le 05.03.26  EUR 546,64  1.234,56.")] \
        == ["546,64", "1.234,56"]


def test_an_amount_grouped_by_commas_with_its_decimals_after_a_point_is_one_amount():
    """« EUR -29,875.96 » (English grouping) is one amount, as ``printed`` and ``parse_amount`` read it: it was none
    (neither « 29,87 » nor « 875.96 » stands alone), so a deduction printed so went unseen by the completion."""
    from guichet.core.parsing.on_page import AMOUNT

    assert [m.group() for m in AMOUNT.finditer("Budget plan payments made  EUR -29,875.96  1,234,567.89  3,50  12.50")] \
        == ["-29,875.96", "1,234,567.89", "3,50", "12.50"]
    assert [m.group() for m in AMOUNT.finditer("1,234,56  12,345,6  1,23.45")] == []


def test_dates_amounts_and_currencies_on_a_page():
    from guichet.core.parsing.on_page import currencies_on_page, dates_on_page, printed

    page = "Facture du 05/03/2026\nLivraison : 2026-02-27\nÉchéance 4 avril 2026\nRéf. 12/345"
    assert dates_on_page(page) == {dt.date(2026, 3, 5), dt.date(2026, 2, 27), dt.date(2026, 4, 4)}
    assert printed(D("1234.50"), "Acompte versé 1 234,50 €") and printed(D("-12.00"), "Remise 12.00")
    assert not printed(D("1234.05"), "Total 1 234,50")
    assert currencies_on_page("Total 1 234,56 EUR\nSoit 1 300,00 $", {"EUR", "USD"}) == {"EUR", "USD"}
    assert currencies_on_page("Razem 100,00 zł", frozenset()) == {"PLN"}


@pytest.mark.parametrize(("wording", "pro_forma"), [
    ("Atelier Martin\nFACTURE PRO FORMA N° PF-2024-12\nDate : 05/03/2024", True),
    ("Atelier Martin\nPro forma invoice  PF-12", True),
    ("Atelier Martin\nProforma-Rechnung Nr. 2024-117", True),
    ("Atelier Martin\nFattura pro-forma n. 12/2024", True),
    ("Atelier Martin\nFACTURE N° F-2024-12\nSuivant facture pro forma n° PF-2024-12", False),  # the invoice after it
    ("Atelier Martin\nFACTURE N° F-2024-12\nProformation : 3 jours", False),
])
def test_a_pro_forma_is_told_by_its_title(wording, pro_forma):
    from guichet.core.parsing import on_page

    assert on_page.pro_forma_title(wording) is pro_forma


def test_fold_keeps_no_page_s_wording_in_its_memo():
    """A whole page's wording is folded once per reading: kept, it would hold a company's invoices in a worker."""
    from guichet.core.parsing import on_page

    page = "Facture n° F-2026-0142 Société Élan " * 20
    assert on_page.fold(page) == page.lower().replace("é", "e").replace("É".lower(), "e")
    assert page not in on_page._FOLDED
    assert on_page.fold("Société Élan") == "societe elan" and "Société Élan" in on_page._FOLDED


def test_every_date_of_a_line_is_on_the_page_even_one_word_dates_before_others():
    """« 22-Feb-2024 » (Invoice Ninja's d-M-Y) is one word: it was found only when it ended its line, so a line of three
    such dates gave one, and the gate (`_date_alone`, `_date_doubt`) could believe the page printed one date."""
    from guichet.core.parsing.on_page import dates_on_page

    assert dates_on_page("22-Feb-2024  27-Feb-2024  02-Feb-2024") \
        == {dt.date(2024, 2, 22), dt.date(2024, 2, 27), dt.date(2024, 2, 2)}
    assert dates_on_page("Date 05-déc.-26 Échéance 04-janv.-27 Total 1 234,50") \
        == {dt.date(2026, 12, 5), dt.date(2027, 1, 4)}
    assert dates_on_page("Réf. 12-2024  Mars-2026  Qté 3  v1.2.3") == set()


@pytest.mark.parametrize("wording", [
    "Aliquota IVA 22 %",  # Italian: the VAT rate, not a quote
    "Border Logistics Ltd",  # a name holding « order »
    "Devise : EUR",  # the currency, not a quote (« devis »)
    "Envoi recommandé avec accusé de réception",  # « commande » inside « recommandé »
    "Auftraggeber: Stadtwerke Nord",  # the client, not an order (« auftrag »)
    "Lieferant-Nr. 4471",  # the supplier, not a delivery (« liefer »)
    "Remplacement de la pompe",  # a line item's work, not an invoice replaced
    "Estimated consumption 412 kWh", "Subordine 3",
])
def test_other_document_words_start_a_word(wording):
    """Another document's words (an order, a quote) are words of their own, not letters inside others: « aliquota »
    is no quote, « Devise » no « devis », « recommandé » no order."""
    assert on_page.OTHER_DOCUMENT.search(on_page.fold(wording)) is None


@pytest.mark.parametrize("wording", ["Commande n° 4471 du 02/03/2026", "Devis DV-2026-11", "Order date", "Quotation no. 12",
                                     "Kundenauftrag 4471", "Lieferschein 88", "Remplace la facture F-12", "Ordine n. 7",
                                     "Purchase-order 4471", "Facture initiale FA-2026-3"])
def test_other_document_words_still_found(wording):
    assert on_page.OTHER_DOCUMENT.search(on_page.fold(wording)) is not None


@pytest.mark.parametrize("line", ["Vorausbezahiter Betrag 14,90 €",  # the l of « bezahlter » read as i on a scan
                                  "Vorausbezah1ter Betrag 14,90 €", "Montant dejà payé 10,00 €", "Amount pald 10,00",
                                  "Already pa1d 10,00", "Geleistete Abschiage  100,00"])
def test_a_label_of_an_amount_paid_is_found_with_its_strokes_misread(line):
    """OCR reads one upright stroke for another (a small l, an i, a 1, a bar): the label of an amount already paid is
    found as the rules and the completion both look for it (:data:`on_page.PREPAID`, one place)."""
    import importlib

    vocabulary = importlib.import_module("guichet.plugins.fields_rules.vocabulary")

    assert on_page.prepaid_label(line)
    assert vocabulary.PREPAID.search(on_page.fold(line))


@pytest.mark.parametrize("line", ["Vorausbezahlter Betrag 14,90 €", "Bezahlter Betrag 14,90 €", "Amount paid 10,00"])
def test_a_label_of_an_amount_paid_as_printed_is_still_found(line):
    assert on_page.prepaid_label(line)


@pytest.mark.parametrize("line", ["Bezahlbar bis 12.11.2024", "Zahlbetrag 14,90 €", "Painted walls 10,00", "Total TTC 14,90"])
def test_words_one_stroke_from_nothing_paid_are_no_label_of_an_amount_paid(line):
    assert on_page.prepaid_label(line) is None


@pytest.mark.parametrize("line", ["Pagato 11,50 €", "Pagata 1l,50 €", "Pagado el 03/03/2026"])
def test_a_short_function_word_of_a_paid_label_is_not_stroke_tolerant(line):
    """Only the letters of words of four letters or more match any stroke: Italian « pagato il » (paid on) does not
    match « Pagato 11,50 » (the amount's digits read as « il »); the Spanish « pagado el » keeps its own words."""
    match = on_page.prepaid_label(line)
    assert match is None or "el" in match.group(), match


def test_ocr_tolerant_leaves_short_words_as_written():
    assert on_page.ocr_tolerant(r"pagat[oa]\s*(?:il|con)") == r"pagat[oa]\s*(?:il|con)"
    assert on_page.ocr_tolerant(r"bezahlt") == rf"bezah[{re.escape(on_page.OCR_STROKES)}]t"


@pytest.mark.parametrize(("line", "paid"), [
    ("Art (Kategorie)  Warenwert  Zu-/Abschlag  Basisbetrag  Steuersatz [%]", False),  # a charge or an allowance
    ("Art (Kategorie)  Warenwert  Zu-/Abschiag  Basisbetrag", False),  # the same, read on a scan
    ("Zu- und Abschlag  0,00", False), ("Auf-/Abschlag  12,00", False),
    ("Art  Warenwert  Zu- / Abschlag  Basisbetrag", False), ("Zu- oder Abschlag  0,00", False),  # spaced, « oder »
    ("Rabatt / Abschlag  5,00", False),
    ("Abschlag  100,00", True), ("abzüglich Abschlag vom 01.03.  100,00", True),
])
def test_the_german_pair_of_a_charge_and_an_allowance_is_no_amount_paid(line, paid):
    """« Abschlag » alone is an instalment already paid (a yearly bill's); « Zu-/Abschlag » heads the charges and
    allowances (BG-20, BG-21) of a VAT breakdown: no payment."""
    assert bool(on_page.prepaid_label(line)) is paid


def test_one_set_of_ocr_strokes_for_labels_and_legal_forms():
    """The glyphs OCR reads for one another (an upright stroke) are written once, in core (:data:`on_page.OCR_STROKES`),
    and the field rules' legal-form reading builds its set from it."""
    import importlib

    ocr_noise = importlib.import_module("guichet.plugins.fields_rules.ocr_noise")

    assert ocr_noise._STROKES == frozenset(on_page.OCR_STROKES)
    assert on_page.prepaid_label("Vorausbezah!ter Betrag 14,90 €")
