"""The issue date among the other dates of a page, and its printed forms (issue 13, branch dates-13b).

Each page is written by hand the way an invoice prints; none is copied from a generated sample.
"""

from __future__ import annotations

import pytest

from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose
from guichet.plugins.validate_en16931.convert import PAPER_MIN_CONFIDENCE

#: What a conversion with no person needs of an issue date when the page prints other dates.
PAPER_SURE_DATE = 0.7


def _issue(rows: list[str]) -> tuple[str | None, float]:
    field = propose([page_from(rows)]).fields.get("issue_date")
    return (field.value, field.confidence) if field is not None else (None, 0.0)


@pytest.mark.parametrize(("title", "label", "date", "expected"), [
    ("Justificatif de paiement", "Date de débit", "16/06/2024", "2024-06-16"),
    ("Payment confirmation", "Date charged", "June 16, 2024", "2024-06-16"),
    ("Zahlungsbestätigung", "Belastet am", "16.06.2024", "2024-06-16"),
    ("Justificante de pago", "Fecha del cargo", "16 de junio de 2024", "2024-06-16"),
    ("Conferma di pagamento", "Data dell'addebito", "16/06/2024", "2024-06-16"),
])
def test_a_payment_s_proof_is_dated_by_its_payment(title: str, label: str, date: str, expected: str):
    """A payment's proof or confirmation is a receipt: the day it was paid or charged is its date."""
    value, confidence = _issue([
        "Cloudora SAS",
        title,
        "N° FE-24-0687",
        f"{label}  {date}",
        "Visa •••• 5316",
        "Abonnement Pro  1  20,00  20,00",
        "Total TTC  24,00",
    ])
    assert value == expected and confidence >= PAPER_SURE_DATE


@pytest.mark.parametrize(("printed", "expected"), [
    ("1º de marzo del 2024", "2024-03-01"),  # Spanish: an ordinal first day, « del » before the year
    ("15 de marzo del 2024", "2024-03-15"),
    ("1° marzo 2024", "2024-03-01"),  # Italian: the first of the month with a degree sign
    ("5. Mrz. 2024", "2024-03-05"),  # German: March abbreviated « Mrz »
    ("5. Mär. 2024", "2024-03-05"),
])
def test_dates_in_words_of_five_languages(printed: str, expected: str):
    from guichet.core.parsing.on_page import dates_on_page
    from guichet.core.parsing.values import parse_date

    assert str(parse_date(printed)) == expected
    assert {str(d) for d in dates_on_page(f"Date :  {printed}")} == {expected}
    value, _confidence = _issue(["Atelier Bernard SARL", "Facture n° FA-2031", f"Date de facture :  {printed}",
                                 "Total TTC  120,00 €"])
    assert value == expected


def test_a_date_under_a_due_date_label_beside_the_number_is_not_the_issue_date():
    """A date following the invoice number on its line is taken as its date (« Rechnung Nr. 4711 13.11.2019 »),
    but not when a due-date label heads it (a header grid whose cells share a line)."""
    value, _confidence = _issue([
        "Climatización Navarro S.L.",
        "Fecha  8 de noviembre de 2025",
        "                      Vencimiento el",
        "Nº doc. A/2025/06624  23 de noviembre de 2025",
        "Total  120,00 €",
    ])
    assert value == "2025-11-08"


def test_a_date_said_of_another_document_is_never_made_sure():
    """« En référence à la facture 005641 du 4 juin 2025 »: the one date of the page, but another invoice's; what
    makes a weakly labelled date sure (no other date on the page) does not apply to it."""
    _value, confidence = _issue([
        "Atelier Bernard SARL",
        "Avoir n° AV-2031",
        "Forfait  1  100,00  100,00",
        "Total TTC  120,00 €",
        "En référence à la facture 005641 du mercredi 4 juin 2025",
    ])
    assert confidence < PAPER_SURE_DATE
    # A page's number elsewhere on the date's line says nothing of the date in its own cell.
    assert _issue(["Atelier Bernard SARL", "Facture n° FA-2031", "Page 1/2     Date : 05/03/2024",
                   "Date de livraison : 02/03/2024", "Total TTC  120,00 €"]) == ("2024-03-05", 0.8)


def test_a_day_of_the_week_and_its_day_over_the_month_and_year_of_a_narrow_cell():
    """« mardi 15 » over « juillet 2025 »: a date in words a narrow header cell wrapped after its day (its header cell
    read whole, « Date de l'avoir » names the document: a composed label's score)."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Avoir n° AV-2031",
        "Date de l'avoir        Échéance",
        "mardi 15               jeudi 14 août",
        "juillet 2025           2025",
        "Total TTC  120,00 €",
    ])
    assert value == "2025-07-15" and confidence >= 0.8


def _due(rows: list[str]) -> str | None:
    field = propose([page_from(rows)]).fields.get("due_date")
    return field.value if field is not None else None


@pytest.mark.parametrize("label", ["Date limite :", "Veuillez payer avant le :", "PAIEMENT DÛ :", "Fecha límite:",
                                   "Payment deadline:", "Zahlungsfrist bis", "Termine di pagamento:", "Data limite:",
                                   "Pagabile entro il"])
def test_a_payment_deadline_is_the_due_date(label: str):
    """A deadline to pay, said without the words « de paiement » (« Date limite », « Fecha límite »), or as a
    request (« Veuillez payer avant le »), a software's translated « Payment due » (« Paiement dû »)."""
    assert _due(["Atelier Bernard SARL", "Facture n° FA-2031", "Date de facture : 05/03/2024",
                 f"{label}  04/04/2024", "Total TTC  120,00 €"]) == "2024-04-04"


def test_a_receipt_s_payment_date_is_its_date_though_its_label_names_a_due_date_on_an_invoice():
    """« Date de paiement » heads a due date on an invoice; on a receipt it is the day the receipt was issued."""
    rows = ["Reçu de paiement", "Le Goff Maçonnerie SAS", "Reçu n° 0113-6945", "Date de paiement : 26/07/2025",
            "Forfait  1  100,00  100,00", "Total TTC  120,00 €"]
    assert _issue(rows) == ("2025-07-26", 0.8)
    assert _issue(["Facture n° FA-0113", rows[1], *rows[3:]])[1] < PAPER_SURE_DATE  # on an invoice: its due date


@pytest.mark.parametrize(("title", "line", "label"), [
    ("FACTURE N° F-2026-0042", "Ticket n° 4521 (support)", "Date de paiement :"),
    ("FACTURE N° F-2026-0042", "Reçu par : M. Dupont", "Date de paiement :"),
    ("FACTURA Nº F-2026-0042", "Ticket nº 4521 (soporte)", "Fecha de cargo:"),
    ("FATTURA N. F-2026-0042", "Ticket n° 4521 (assistenza)", "Data di addebito:"),
])
def test_an_invoice_that_prints_a_receipt_s_word_is_not_dated_by_its_payment_s_day(title: str, line: str, label: str):
    """An invoice printing a support ticket's number or who received it is no receipt: the day it is to be paid or
    debited (« Date de paiement », « Fecha de cargo », « Data di addebito ») is its due date, never its issue date."""
    value, confidence = _issue([title, "Atelier Bernard SARL", line, f"{label} 30/03/2026",
                                "Forfait  1  100,00  100,00", "Total TTC  120,00 €"])
    assert value != "2026-03-30" or confidence < PAPER_SURE_DATE
    # A receipt's charge made (« Fecha del cargo », « Data dell'addebito ») dates it.
    assert _issue(["Justificante de pago", "Atelier Bernard SARL", "Fecha del cargo: 30/03/2026",
                   "Total  120,00 €"])[0] == "2026-03-30"


def test_a_date_said_of_another_document_is_explained_so_the_weakly_labelled_one_is_sure():
    """The other date of the page is the corrected invoice's (« En référence à la facture 006836 du »): it is no
    rival of the date under the weak label « Date : »."""
    value, confidence = _issue([
        "Avoir n° AV-2031",
        "Atelier Bernard SARL",
        "12 rue des Lilas",
        "75011 Paris",
        "Date : 10/06/2026",
        "Forfait  1  100,00  100,00",
        "Total TTC  120,00 €",
        "En référence à la facture 006836 du 30/04/2026",
    ])
    assert value == "2026-06-10" and confidence >= PAPER_SURE_DATE


def test_a_period_opened_by_du_is_no_issue_date_though_du_labels_one():
    """« du 01/07/2025 au » / « 31/07/2025 » under « Période de prestation »: the weak « du » opens a period (its end
    wrapped under it, or on the line), the issue date is the one under « Émis le »."""
    for rows in (["Menuiserie Lefort SARL", "FACTURE N° FA-25-05986",
                  "Période de prestation  Émis le", "du 01/07/2025 au  31/08/2025", "31/07/2025", "Total TTC  120,00 €"],
                 ["Menuiserie Lefort SARL", "FACTURE N° FA-25-05986", "Prestations du 01/07/2025 au 31/07/2025",
                  "Émis le 31/08/2025", "Total TTC  120,00 €"]):
        assert _issue(rows)[0] == "2025-08-31", rows


@pytest.mark.parametrize("label", ["Date d'émission de la facture", "Date d'établissement de l'avoir",
                                   "Facture établie le", "Facture émise le", "Erstellungsdatum"])
def test_an_issue_label_that_names_the_invoice_is_strong_and_read_whole(label):
    """A label naming the invoice's issue in full (« Date d'émission de la facture », « Facture établie le »,
    « Erstellungsdatum ») is a strong issue-date label, read to its end: its value follows it within the labels' gap."""
    from guichet.plugins.fields_rules.vocabulary import ISSUE_DATE
    from guichet.plugins.fields_rules.lines import fold

    match = ISSUE_DATE.strong().search(fold(label))
    assert match is not None and match.group() == fold(label)


@pytest.mark.parametrize("dateline", ["Chambéry, ce 03/09/2024", "Bergamo, addì 3 settembre 2024"])
def test_a_letter_s_town_and_date_with_ce_or_addi_and_an_order_abbreviated_cde(dateline):
    """« Chambéry, ce 03/09/2024 » dates a letter as « Chambéry, le … » does; « Cde du : 26/07/2024 » is the order's
    date (« Cde » for « commande »), never the invoice's."""
    assert _issue(["Kerlan SAS", "47 route de Sallanches", dateline, "Objet : Facture client 202409-419",
                   "Cde du : 26/07/2024", "Total TTC  829,50 €"])[0] == "2024-09-03"


def test_a_letter_s_town_and_date_with_its_weekday_beats_a_shipping_date_after_le():
    """« Tours, ce samedi 25 juillet 2026 » dates the letter (the weekday between the town and the date); « Expédiée le
    : jeudi 23 juillet 2026 » is the shipping's date, never the invoice's."""
    assert _issue(["Ets Vasseur & Fils SARL", "124 rue Lamartine", "37000 Tours", "Tours, ce samedi 25 juillet 2026",
                   "Objet : Facture 004368", "Expédiée le : jeudi 23 juillet 2026", "Total TTC  5 195,82 €"])[0] == "2026-07-25"


def test_a_date_under_the_title_beside_its_own_label_is_that_label_s():
    """A references panel under the title: « Expédiée le  20/02/2024 » is a labelled shipping date, not a date alone
    under the title; the issue date is the one « Émis le » labels."""
    assert _issue(["Ets Marchand & Fils SARL                Facture",
                   "Bahnhofstrasse 88          N° fact.     007169",
                   "CH-6900 Lugano             Expédiée le  20/02/2024",
                   "Téléphone 0450413236       Émis le      28/02/2024",
                   "Total TTC  120,00 €"])[0] == "2024-02-28"


@pytest.mark.parametrize("label", ["Facturada el :", "Factura fechada el"])
def test_spanish_issue_labels_beside_the_goods_shipping_date(label):
    """« Facturada el », « Factura fechada el » date the invoice; « Fecha de expedición de la mercancía » is the goods'
    shipping (« expedición » alone is the invoice's issue in Spanish law)."""
    assert _issue(["Hermanos Ortega S.L.U.", "Factura nº : A2026-5272", "Fecha de expedición de la mercancía : 2026-02-18",
                   f"{label}  2026-02-22", "Total  120,00 €"])[0] == "2026-02-22"


def test_a_date_in_words_a_narrow_cell_wrapped_over_three_lines():
    """« viernes, 5 de » / « diciembre de » / « 2025 » in a header grid's narrow cell: one date, under its label."""
    assert _issue(["Asesoría Molina S.L.",
                   "Nº fra.     Fecha de emisión de factura   Pedido con fecha",
                   "A2025-027   viernes, 5 de                 viernes, 14 de",
                   "            diciembre de                  noviembre de",
                   "            2025                          2025",
                   "Total  120,00 €"])[0] == "2025-12-05"


@pytest.mark.parametrize(("label", "date", "iso"), [
    ("Paiement attendu le", "3 décembre 2025", "2025-12-03"),
    ("Due for payment by", "03/12/2025", "2025-12-03"),
    ("Zahlungsfrist :", "03.12.2025", "2025-12-03"),
    ("Vence con fecha :", "03/12/2025", "2025-12-03"),
])
def test_due_date_labels_that_say_when_payment_is_expected(label, date, iso):
    assert _due(["Facture n° F-12", "Date : 05/11/2025", f"{label}  {date}", "Total  120,00 €"]) == iso


def test_the_end_of_a_period_wrapped_under_its_start_is_explained_so_a_weak_issue_label_is_sure():
    """« du 01/07/2025 au » / « 31/07/2025 » under « Période de prestation »: both the period's; « Émis le » over
    31/08/2025 is then the one date said to be the invoice's, read surely (the paper gate writes it)."""
    value, confidence = _issue(["Menuiserie Lefort SARL", "FACTURE N° FA-25-05986",
                                "Période de prestation  Échéance   Émis le",
                                "du 01/07/2025 au       15/10/2025  31/08/2025",
                                "31/07/2025", "Total TTC  120,00 €"])
    assert (value, confidence) == ("2025-08-31", 0.8)


@pytest.mark.parametrize("label", ["Date d'achat :", "Achat du", "Purchase date:", "Kaufdatum:", "Fecha de compra:",
                                   "Data di acquisto:"])
def test_a_shop_invoice_dated_by_its_purchase_is_read(label: str):
    """A shop's invoice or a till receipt dates itself by the purchase (« Date d'achat : 05/03/2024 »): the purchase
    is the invoice's day, no other document's nor another event's (no last resort under the conversion's floor). Only
    the paper gate doubts it, when the page prints other dates."""
    value, confidence = _issue(["Quincaillerie Martin SARL", "12 rue des Forges 69003 Lyon", "Facture n° T-20418",
                                f"{label} 05/03/2024", "Perceuse  1  89,90  89,90", "Total TTC  89,90 €"])
    assert value == "2024-03-05" and confidence >= PAPER_MIN_CONFIDENCE


@pytest.mark.parametrize(("rival", "rival_date"), [
    ("Embarqué le", "28/02/2024"),  # a participle no label list holds: the boarding's day, not the invoice's
    ("Date de tournage", "28/02/2024"),  # « Date » with another noun
    ("DATE OF SURVEY", "28/02/2024"),
    ("Fecha del encargo", "28/02/2024"),
    ("Vendangé en date du", "28/02/2024"),  # a strong label's words after another event's
])
def test_a_date_label_naming_another_event_loses_to_the_document_s_bare_date(rival: str, rival_date: str):
    """Whatever the event a date's label names besides the date (known or not), that date is not the issue date."""
    value, _confidence = _issue([
        "Atelier Bernard SARL",
        "Facture n° FA-2031",
        f"{rival} :  {rival_date}      Date :  05/03/2024",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05"


def test_an_unlabelled_header_date_is_not_one_whose_grid_header_names_another_event():
    """A grid's value row: the date under « Tournage » is the shooting's; the one under no label but the document's
    words is the invoice's (the first date of the row no more wins)."""
    value, _confidence = _issue([
        "Atelier Bernard SARL",
        "Facture",
        "Réf.        Tournage      Émise",
        "FA-2031     28/02/2024    05/03/2024",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05"


@pytest.mark.parametrize("label", ["Dte fact.", "Dt. fattura", "Fch. emisión", "Date du jour pièce"])
def test_a_label_composed_of_a_date_s_word_and_the_document_s_is_the_issue_date_s(label: str):
    """However abbreviated, a date's word with the document's word names the issue date, beside rival dates."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "N° FA-2031",
        "Expédié le : 28/02/2024",
        f"{label} : 05/03/2024",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05" and confidence >= PAPER_SURE_DATE


@pytest.mark.parametrize(("dateline", "iso"), [
    ("Paris, le 12/03/2024", "2024-03-12"),
    ("Fait à Lyon, le 12/03/2024", "2024-03-12"),
    ("Fait à Lyon le 12 mars 2024", "2024-03-12"),
    ("Berlin, den 12.03.2024", "2024-03-12"),
    ("Milano, lì 12/03/2024", "2024-03-12"),
    ("Madrid, a 12 de marzo de 2024", "2024-03-12"),
    ("75008 Paris, le mardi 12 mars 2024", "2024-03-12"),
])
def test_a_letter_s_place_before_its_date_is_a_frame_not_another_event(dateline: str, iso: str):
    """« Paris, le », « Fait à Lyon, le », « Berlin, den », « Milano, lì », « Madrid, a »: the town frames the letter's
    date (beside the seller's address, on its row), it names no event; the date is the invoice's, surely, though the
    page prints a delivery's date and a due date."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Facture n° FA-2024-001",
        f"12 rue des Lilas                {dateline}",
        "Livraison effectuée le 01/03/2024",
        "Échéance : 11/04/2024",
        "Total TTC  120,00 €",
    ])
    assert value == iso and confidence >= PAPER_SURE_DATE


@pytest.mark.parametrize(("address", "dateline", "iso"), [
    ("5 rue Lamartine – 64000 Pau", "Pau le 6 mai 2026", "2026-05-06"),
    ("12 rue des Lilas, 69002 Lyon", "Lyon le mardi 12 mars 2024", "2024-03-12"),
    ("Hauptstraße 5, 10115 Berlin", "Berlin den 12.03.2024", "2024-03-12"),
    ("Via Roma 5, 20121 Milano", "Milano lì 12/03/2024", "2024-03-12"),
    # the Spanish letter's date: « En Málaga a 10/04/2024 », the town printed after « 29001 Málaga »
    ("Polígono Los Llanos, nave 24 – 29001 Málaga", "En Málaga a 10/04/2024", "2024-04-10"),
])
def test_a_letter_s_place_with_no_comma_is_a_town_the_page_prints_after_a_postcode(address: str, dateline: str,
                                                                                   iso: str):
    """« Pau le 6 mai 2026 »: no comma frames the town, but the page prints « 64000 Pau » in an address: the words
    before « le » are a place, not an event; the letter's date is the invoice's, surely, beside a delivery's and a
    due date."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        address,
        dateline,
        "Facture n° FA-2024-001",
        "Livraison effectuée le 01/03/2024",
        "Échéance : 11/04/2026",
        "Total TTC  120,00 €",
    ])
    assert value == iso and confidence >= PAPER_SURE_DATE


def test_an_event_s_participle_before_le_is_no_place_though_the_page_prints_addresses():
    """« Livré le 01/03/2024 »: « Livré » is no town an address of the page holds: still another event's date."""
    value, confidence = _issue(["Atelier Bernard SARL", "5 rue Lamartine – 64000 Pau", "Facture n° FA-2031",
                                "Livré le 01/03/2024", "Échéance : 30/05/2024", "Total TTC  120,00 €"])
    assert value == "2024-03-01" and confidence < PAPER_MIN_CONFIDENCE
    # « Versandt den »: the shipping's day, no town of the page; the bare « Datum » is the invoice's
    value, confidence = _issue(["Dachdeckerei Schäfer UG", "Industriestraße 73", "18055 Rostock",
                                "Rechnungsnummer R/2025/01295", "Versandt den 27.10.2025", "Fällig am 18.11.2025",
                                "DATUM 04.11.2025", "Summe  120,00 €"])
    assert value == "2025-11-04"


@pytest.mark.parametrize(("label", "date"), [
    ("Établie le :  mardi", "24 mars 2026"),
    ("Issued on  Tuesday,", "March 24, 2026"),
    ("Emitida el  martes,", "24 de marzo de 2026"),
    ("Ausgestellt am  Dienstag,", "24. März 2026"),
    ("Emessa il  martedì", "24/03/2026"),
])
def test_a_day_of_the_week_after_an_issue_label_names_no_other_event(label: str, date: str):
    """« Établie le :  mardi 24 mars 2026 »: the day of the week in the value's cell is the date's own, not another event
    named beside the label; beside an order's and a due date, the date is the invoice's, surely."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Pièce comptable n° FA/2026/02953",
        "Date de commande 24-03-2026",
        f"{label} {date}",
        "Payable au plus tard le samedi 23 mai 2026",
        "Total TTC  120,00 €",
    ])
    assert value == "2026-03-24" and confidence >= PAPER_SURE_DATE


@pytest.mark.parametrize("label", ["Created:", "Créée le :", "Creada el:", "Creata il:"])
def test_the_day_the_document_was_created_is_its_date(label: str):
    """« Created: 4 janvier 2023 » (an invoicing template's header): the document's creation names no other event; its
    date is the invoice's, surely, beside the due date."""
    value, confidence = _issue(["Moreau & Fils SAS", "Invoice #: F202351922", f"{label} 04/01/2023", "Due: 05/03/2023",
                                "Total TTC  120,00 €"])
    assert value == "2023-01-04" and confidence >= PAPER_SURE_DATE


def test_a_word_of_the_page_s_title_in_a_date_s_label_names_the_document():
    """« CREDIT DATE » under the title « CREDIT » printed large: the label names the document by its title's word, not
    another event; the one date of the page is its date."""
    from guichet.core.parsing.text import Page, Word

    page = page_from(["Emma Hughes Ltd", "73 High Street", "", "", "", "CREDIT NUMBER: 23-07163  CREDIT DATE: 11/11/2023",
                      "Consulting  1  100,00  100,00", "Total  120,00 €"])
    title = Word("CREDIT", (0.05, 0.110, 0.25, 0.150), 1.0)  # in a title's type, between the address and the grid
    field = propose([Page(1, 595, 842, [*page.words, title])]).fields["issue_date"]
    assert field.value == "2023-11-11" and field.confidence >= PAPER_SURE_DATE


def test_dates_whose_labels_name_other_events_leave_the_invoice_s_date_without_rival():
    """Every other date of the page is said, by its own label, to be another event's, whatever its words (« Parti le »,
    « Arrivé ce », « Encaissé en date du : » a column from its value): the date labelled by the document is the
    invoice's, surely, though no label list knows those events."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Pièce comptable n° F240162",
        "Parti le 21/01/2024",
        "Arrivé ce 17/01/2024",
        "Le : 22/01/2024",
        "Encaissé en date du :          12/01/2024",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-01-22" and confidence >= PAPER_SURE_DATE


def test_a_joint_delivery_and_invoice_date_beside_the_number_is_the_invoice_s():
    """« Rechnungsnummer: 2014-03  Liefer- und Rechnungsdatum: 11. Juli 2014 »: the date's own label names the delivery
    jointly with the invoice; it neither makes the date another event's (a last resort) nor the number's line another
    document's (« Liefer » is said after the number, of the date)."""
    value, confidence = _issue(["Kraxi GmbH", "Flugzeugallee 17", "12345 Papierfeld",
                                "Rechnungsnummer: 2014-03  Liefer- und Rechnungsdatum: 11. Juli 2014",
                                "Kundennummer: 987-654", "Rechnungssumme netto 845,00"])
    assert value == "2014-07-11" and confidence >= PAPER_SURE_DATE


def test_a_date_said_of_another_event_only_is_read_under_the_conversion_s_floor():
    """« Date de réception » names the receipt's day: read when the page gives no other, as a last resort a person
    checks (under ``PAPER_MIN_CONFIDENCE``), never written by a conversion with no person."""
    value, confidence = _issue(["Atelier Bernard SARL", "Facture n° FA-2031", "Date de réception : 02/05/2024",
                                "Échéance : 30/05/2024", "Total TTC  120,00 €"])
    assert value == "2024-05-02" and confidence < PAPER_MIN_CONFIDENCE


@pytest.mark.parametrize(("header", "row"), [
    ("Réf.        Commande émise le   Édition", "FA-2031     28/02/2024          05/03/2024"),
    ("Ref.        Order issued on   Document", "FA-2031     28/02/2024        05/03/2024"),
])
def test_a_grid_header_naming_another_document_dates_it_though_it_says_the_document_s_word(header: str, row: str):
    """« Commande émise le » over a grid's value: the order's date, though « émise » is a word the invoice's own date
    says too; the first unlabelled date of the row is not the invoice's then."""
    value, _confidence = _issue(["Atelier Bernard SARL", "Facture", header, row, "Total TTC  120,00 €"])
    assert value == "2024-03-05"


def test_a_print_date_narrower_than_its_header_cell_is_not_the_invoice_s():
    """« Date du tirage » over « 18/03/24 »: the value is narrower than its header cell, whose last word (the print run)
    says what it dates; the date under « Date » is the invoice's."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Facture",
        "Réf.     Date du tirage  Date        Échéance",
        "FA-2031  18/03/24        05/03/2024  04/04/2024",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05" and confidence >= PAPER_SURE_DATE


def test_a_header_label_across_two_cells_explains_neither_column_s_date():
    """« Colis reçu  Le »: the words of two header cells read as one label (« reçu le ») do not say the date under
    « Le » is another event's; that date stays a rival of the weakly labelled one, which is not made sure."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Facture",
        "Date : 05/03/2024",
        "Réf. client  Colis reçu  Le",
        "C-118        2           28/02/2024",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05" and confidence < PAPER_SURE_DATE


def test_a_box_s_label_a_column_away_composed_of_a_date_s_word_and_the_document_s_dates_the_invoice():
    """« Dte pièce :          28/03/2025 » in a box whose labels and values are two columns: the composed label names
    the invoice's date however far its value; the print date « Tiré ce : » above it is not the invoice's."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Facture",
        "Tiré ce :            30/03/2025",
        "Dte pièce :          28/03/2025",
        "Échéance :           30/04/2025",
        "Total TTC  120,00 €",
    ])
    assert value == "2025-03-28" and confidence >= PAPER_SURE_DATE


def test_an_unlabelled_date_after_a_label_a_column_away_naming_another_event_is_not_the_first_date_taken():
    """« Tiré ce :          30/03/2025 »: the colon ends a label a column away that names the print run; the page's
    unlabelled date is the invoice's."""
    value, _confidence = _issue([
        "Atelier Bernard SARL",
        "Facture",
        "Tiré ce :            30/03/2025",
        "28/03/2025",
        "Total TTC  120,00 €",
    ])
    assert value == "2025-03-28"


@pytest.mark.parametrize("place", ["Besançon le 20/09/2024", "Aix en Provence le 20 septembre 2024",
                                   "Perugia li venerdì 20 settembre 2024"])
def test_a_letter_s_town_with_no_comma_dates_it_though_no_address_prints_the_town(place):
    """A letter's place line with no comma (« Besançon le », « Perugia li »), its town printed in no address of the page
    (the firm's seat elsewhere): the letter's date, surely, when every other date is said to be another's."""
    value, confidence = _issue(["Vitrerie Lemaire SARL", "69 route de Sallanches", "26000 Valence", "",
                                "Clinique des Tilleuls", "87000 Limoges", "", place, "Objet : Facture n° FAC 449/24",
                                "Travaux réalisés le 14/09/2024.", "Total TTC  120,00 €"])
    assert value == "2024-09-20" and confidence >= PAPER_SURE_DATE


@pytest.mark.parametrize("event", ["Livré le 20/09/2024", "Intervention le 20/09/2024", "Parti le 20/09/2024",
                                   "Consegnato li 20/09/2024"])
def test_an_event_s_word_before_le_is_no_letter_s_town(event):
    """« Livré le », « Intervention le »: a participle's or a common noun's ending names an event, never a town: its date is
    not made the letter's."""
    _value, confidence = _issue(["Vitrerie Lemaire SARL", "69 route de Sallanches", "26000 Valence", "",
                                "Clinique des Tilleuls", "87000 Limoges", "", event, "Objet : Facture n° FAC 449/24",
                                "Total TTC  120,00 €"])
    assert confidence < PAPER_SURE_DATE


def test_a_buyer_s_vat_number_a_column_before_the_date_s_label_makes_it_no_other_document_s():
    """« N° TVA client : FR26666800347  Date de facture : 27/01/2026 » (a marketplace's page: the buyer's block left, the
    order's box right): the VAT number is no document the date belongs to; the shipping date under it is not the
    invoice's."""
    value, confidence = _issue(["Nexora Chauffage SASU", "25000 Besançon", "",
                                "Domaine de la Garenne  Numéro de facture :  AV-26-05478",
                                "73000 Chambéry  Commande passée le :  vendredi 16 janvier 2026",
                                "N° TVA client : FR26666800347  Date de facture :  mardi 27 janvier 2026",
                                "Expédiée le :  jeudi 29 janvier 2026", "Total TTC  538,08 €"])
    assert value == "2026-01-27" and confidence >= PAPER_SURE_DATE


def test_the_date_after_a_corrected_invoice_s_number_is_not_the_credit_note_s():
    """A credit note's own date alone at the top; « Avoir sur facture n° F250228 du 14/02/2025 » lower: the number there
    is the corrected invoice's, and so is its date."""
    value, _confidence = _issue(["22 mars 2025", "Couverture Aubert SA", "30000 Nîmes", "AVOIR",
                                 "Crèche Les Petits Loups", "26000 Valence", "Total TTC  -394,73 €",
                                 "Avoir sur facture n° F250228 du 14/02/2025"])
    assert value == "2025-03-22"


@pytest.mark.parametrize("done", ["Trabajos realizados el Lunes, 20 de julio de 2026.",
                                  "Arbeiten ausgeführt am Montag, 20. Juli 2026."])
def test_a_weekday_s_comma_frames_no_letter_s_place(done):
    """« Trabajos realizados el Lunes, 20 de julio »: the comma is the weekday's, no place's; the work's day is not the
    letter's, and the date alone at the top is the invoice's."""
    value, _confidence = _issue(["Domingo, 26 de julio de 2026", "Talleres Ruiz S.L.", "50001 Zaragoza",
                                 "Factura n.º FV260797", done, "Total  120,00 €"])
    assert value == "2026-07-26"


def test_a_weekday_between_the_number_and_its_date_in_the_title():
    """« VAT Invoice no. SI2026-1413 of Tuesday, 28 April 2026 »: the title dates its number, weekday and all."""
    value, confidence = _issue(["Walsh Logistics Limited", "D02 XY45 Dublin 2", "",
                                "VAT Invoice no. SI2026-1413 of Tuesday, 28 April 2026",
                                "Work carried out on Sunday, 26 April 2026.", "Total  120.00"])
    assert value == "2026-04-28" and confidence >= PAPER_SURE_DATE


def test_the_italian_invoicing_date_label_names_the_issue_date_among_an_order_s_dates():
    """« Data di fatturazione » is the Italian invoicing date (as « Date de facturation », « Fecha de facturación »): on a
    marketplace's page it is the issue date, not « Data acquisto » (the purchase) nor « Consegnato il » (blind 70021 wrote
    the purchase's date)."""
    value, _confidence = _issue(["Mercavia", "Fattura / Ricevuta", "Consegnato il : 26/04/2024", "Fattura num. : IT-80660397",
                                 "Numero ordine : A4209967432", "Data di fatturazione : 24 apr 2024", "Data acquisto : 23/04/2024",
                                 "Totale ordine 2.354,75 €"])
    assert str(value) == "2024-04-24"


def test_a_bill_date_is_the_issue_date():
    """« Bill date » (Zoho Books', Tally's templates, a utility's bill) is the bill's issue date, as « Billing date »:
    a bare « date » in it (read as another event's) left the right date under what a conversion accepts."""
    value, confidence = _issue([
        "Gallagher Print Works Ltd",
        "22 Harcourt Street",
        "Invoice addressed to",
        "Atlantic Seafoods",
        "121 Mill Road  Bill number  FA850976472",
        "Bill date  December 4, 2025",
        "Billing period  04-Nov-2025 to 30-Nov-2025",
        "Total to pay :  EUR 1,886.13",
        "due by 03-Jan-2026",
        "Read date  Opening read  Present reading",
        "30-Nov-2025  23970  29096",
    ])
    assert value == "2025-12-04" and confidence >= PAPER_SURE_DATE


#: A folio's header grid (word boxes of a generated hotel note, blind 70256): « Édité le » over the note's date, and
#: « À régler / avant le » wrapped over two rows, its second row beside that date, its own value on the row below.
_FOLIO_GRID = [
    ("Thierry", 0.174, 0.171, 0.217, 0.183),
    ("Lemaire", 0.221, 0.171, 0.270, 0.183),
    ("Client", 0.088, 0.172, 0.117, 0.182),
    ("hébergé", 0.121, 0.172, 0.164, 0.182),
    (":", 0.167, 0.172, 0.170, 0.182),
    ("Numéro", 0.335, 0.187, 0.377, 0.198),
    ("de", 0.380, 0.187, 0.393, 0.198),
    ("Réf.", 0.418, 0.187, 0.439, 0.198),
    ("Compte", 0.501, 0.187, 0.542, 0.198),
    ("Date", 0.556, 0.187, 0.581, 0.198),
    ("de", 0.584, 0.187, 0.597, 0.198),
    ("Date", 0.624, 0.187, 0.649, 0.198),
    ("N°", 0.693, 0.187, 0.706, 0.198),
    ("de", 0.709, 0.187, 0.722, 0.198),
    ("À", 0.836, 0.187, 0.844, 0.198),
    ("régler", 0.847, 0.187, 0.877, 0.198),
    ("Société", 0.088, 0.189, 0.126, 0.200),
    ("facturée", 0.130, 0.189, 0.172, 0.200),
    ("Nuits", 0.294, 0.192, 0.321, 0.203),
    ("Édité", 0.752, 0.192, 0.779, 0.203),
    ("le", 0.782, 0.192, 0.791, 0.203),
    ("la", 0.335, 0.197, 0.344, 0.208),
    ("note", 0.347, 0.197, 0.370, 0.208),
    ("réservation", 0.418, 0.197, 0.475, 0.208),
    ("n°", 0.501, 0.197, 0.512, 0.208),
    ("sortie", 0.556, 0.197, 0.585, 0.208),
    ("d'entrée", 0.624, 0.197, 0.666, 0.208),
    ("chambre", 0.693, 0.197, 0.738, 0.208),
    ("avant", 0.836, 0.197, 0.864, 0.208),
    ("le", 0.867, 0.197, 0.876, 0.208),
    ("Crèche", 0.088, 0.199, 0.134, 0.211),
    ("Les", 0.138, 0.199, 0.162, 0.211),
    ("Petits", 0.166, 0.199, 0.203, 0.211),
    ("Loups", 0.207, 0.199, 0.248, 0.211),
    ("1", 0.294, 0.202, 0.302, 0.214),
    ("22/04/2024", 0.752, 0.202, 0.821, 0.214),
    ("H8-387288", 0.335, 0.207, 0.403, 0.219),
    ("745621225", 0.418, 0.207, 0.487, 0.219),
    ("58932", 0.501, 0.207, 0.539, 0.219),
    ("22/04/24", 0.556, 0.207, 0.610, 0.219),
    ("21/04/24", 0.624, 0.207, 0.678, 0.219),
    ("411", 0.693, 0.207, 0.715, 0.219),
    ("07/05/2024", 0.836, 0.207, 0.905, 0.219),
    ("115", 0.088, 0.211, 0.111, 0.223),
    ("route", 0.114, 0.211, 0.145, 0.223),
    ("de", 0.149, 0.211, 0.165, 0.223),
    ("Sallanches", 0.168, 0.211, 0.236, 0.223),
    ("86000", 0.088, 0.223, 0.126, 0.235),
    ("Poitiers", 0.130, 0.223, 0.175, 0.235),
]


def test_a_date_under_the_issue_date_s_header_is_not_the_due_date():
    """The date under « Édité le » beside a wrapped « À régler avant le » is the note's date, not the date to pay by:
    the due date is the wrapped label's own cell's (07/05/2024), and the note's date, printed under no due date's
    header, is not lowered as a due date taken for the issue date."""
    from guichet.core.parsing.text import Page, Word

    page = Page(1, 595, 842, [Word(text, (x0, y0, x1, y1), 1.0) for text, x0, y0, x1, y1 in _FOLIO_GRID])
    fields = propose([page]).fields
    assert fields["due_date"].value == "2024-05-07"
    assert fields["issue_date"].value == "2024-04-22" and fields["issue_date"].confidence > 0.2
