"""Invoice number, issue date and due date: how invoicing programs and letters print them in general.

Each page is written by hand the way a kind of invoice prints (a references table under its header
row, a letter's subject line, a date cut by a narrow cell), in the five languages read.
"""

from __future__ import annotations

import pytest
from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose


def read(lines: list[str]) -> dict:
    return propose([page_from(lines)]).values()


@pytest.mark.parametrize(("label", "number"), [
    ("N° du document", "FAC2025-1629"),
    ("N° pièce", "FA 1013/25"),
    ("Pièce comptable n°", "F250317"),
    ("Nº doc.", "A2026-7066"),
    ("Número fra.", "A/2025/05457"),
    ("Serie/número", "A2024-1230"),
    ("N. del documento", "N-24-07235"),
    ("Vorgangsnummer", "RE2024-5851"),
    ("Doc. number", "IN2024-2436"),
    ("Invoice reference no.", "CN250848"),
    # an ERP grid's abbreviated labels
    ("Doc. n°", "505732"),
    ("Document ref.", "2024-274"),
    ("Núm. doc.", "FV-2025-0412"),
    ("N. doc.", "2420680"),
    ("Doc. num.", "2024-869"),
])
def test_a_document_number_label_of_accounting_software_names_the_number(label, number):
    # beside the value, and as the head of a references table over its row
    assert read(["Atelier Martin", f"{label} {number}", "Total TTC  12,00 €"])["invoice_number"] == number
    assert read(["Atelier Martin", f"{label}  Date  Client", f"{number}  05/03/2024  C123",
                 "Total TTC  12,00 €"])["invoice_number"] == number


def test_a_header_cell_s_value_may_stand_anywhere_in_its_column_up_to_the_next_cell():
    values = read([
        "Joly Électricité EURL",
        "N° fact.             Date fact.  Votre réf. client",
        "       FA2024-5425   05/07/24    C20729",
        "Total TTC  12,00 €",
    ])
    assert values["invoice_number"] == "FA2024-5425"
    assert values["issue_date"] == "2024-07-05"


@pytest.mark.parametrize(("subject", "number"), [
    ("Objet : Facture client 005973", "005973"),
    ("Objet : Note d'honoraires 001042", "001042"),
    ("Betreff: Rechnung (Original) 001542", "001542"),
    ("Oggetto: Fattura accompagnatoria FT/2025/08697", "FT/2025/08697"),
    ("Oggetto: FATTURA FT 8883/25", "FT 8883/25"),
    ("Facture de vente 009651", "009651"),
])
def test_the_number_ending_a_title_or_a_letter_s_subject_is_the_invoice_s(subject, number):
    assert read(["Perrin Peinture SARL", "Lyon, le 21/02/2026", subject, "Total TTC  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize("subject", [
    "Objet : Avoir sur facture 202602-9472",  # the invoice a credit note corrects
    "Objet : Facture commande 4471",  # an order's number
    "Objet : Facture de vente 009651 pour les travaux du mois",  # a sentence goes on after the number
    "En référence à la facture 202602-9472",  # the invoice a credit note corrects, said in a sentence
    "Bezugnehmend auf Rechnung 202602-9472",
    "Relativa alla fattura 202602-9472",
])
def test_a_title_number_said_of_another_document_or_in_a_sentence_is_not_read(subject):
    values = read(["Perrin Peinture SARL", "N° pièce  Date", "AV-77  05/03/2024", subject, "Total TTC  12,00 €"])
    assert values["invoice_number"] == "AV-77"


def test_a_number_word_after_a_number_label_is_the_number_s_prefix_and_a_glued_n_is_no_label():
    assert read(["Fatt. n.  Data del documento", "N 3537/26  2026-05-10", "Totale  12,00 €"])["invoice_number"] == "N 3537/26"
    assert read(["Pièce comptable n°F 3482/24", "Total TTC  12,00 €"])["invoice_number"] == "F 3482/24"
    assert read(["Oggetto: FATTURA N2026-2263", "Totale  12,00 €"])["invoice_number"] == "N2026-2263"


def test_a_lone_n_after_a_label_that_names_the_number_anywhere_is_the_number_s_prefix():
    # « Numero della fattura » says « number » before its invoice word: the « N » after it is no second label
    assert read(["Numero della fattura : N 5325/24", "Totale  12,00 €"])["invoice_number"] == "N 5325/24"
    assert read(["Invoice number: N 5325/24", "Total  12.00 €"])["invoice_number"] == "N 5325/24"


def test_a_capital_n_glued_to_a_label_s_word_starts_the_value():
    # a text layer joins two cells: « fattura » then « N 3645/26 »; the capital after lower-case letters is no « n »
    assert read(["La tua bolletta  Numero della fatturaN 3645/26", "Totale  12,00 €"])["invoice_number"] == "N 3645/26"
    # a label written « Fattura n » in lower case stays a label
    assert read(["Fattura n 3645/26", "Totale  12,00 €"])["invoice_number"] == "3645/26"
    # a glued « Nr. » or « No » is the label's own abbreviation
    assert read(["RechnungsNr. 2024-118", "Gesamtbetrag  12,00 €"])["invoice_number"] == "2024-118"
    assert read(["InvoiceNo 2024-118", "Total  12.00 €"])["invoice_number"] == "2024-118"


def test_the_words_before_a_bare_number_label_are_read_whole():
    # « Cuenta de estancia nº »: 15 characters before the « nº » cut « cuenta » (an account) to « enta »
    assert read(["Sylvane S.L.", "Cuenta de estancia nº 195555", "TOTAL A PAGAR (€) 1.860,13 €"]).get("invoice_number") is None
    values = read(["Nº doc. F/2026/06536", "Cuenta de estancia nº 195555", "TOTAL A PAGAR (€) 1.860,13 €"])
    assert values["invoice_number"] == "F/2026/06536"


def test_an_amount_or_the_day_of_a_date_after_an_invoice_word_is_no_number():
    values = read([
        "Garage Martin",
        "Factura número  18 de abril de 2023",
        "Total HT de la facture  39 328,01 €",
        "Total TTC  47 193,61 €",
    ])
    assert values.get("invoice_number") is None
    assert values["issue_date"] == "2023-04-18"


def test_a_weak_label_with_dot_leaders_heads_its_cell():
    values = read(["Patel Supplies plc  Our ref. ...........  To", "                    FC202510399  Wilson Ltd",
                   "Total due  £12.00"])
    assert values["invoice_number"] == "FC202510399"


def test_the_day_of_the_week_may_stand_between_a_date_label_and_its_date():
    values = read([
        "Re.-Nr.  RE2025-5009",
        "Rechnung ausgestellt am  Sonntag, 22. Juni 2025",
        "Fällig spätestens am  Dienstag, 22. Juli 2025",
        "Gesamtbetrag  12,00 €",
    ])
    assert values["issue_date"] == "2025-06-22"
    assert values["due_date"] == "2025-07-22"


def test_a_year_wrapped_under_its_day_and_month_completes_the_date():
    values = read([
        "N° PIÈCE      DATE FACT.         CODE TIERS",
        "F/2026/08541  dimanche 12 avril  41146202",
        "              2026",
        "Total TTC  12,00 €",
    ])
    assert values["invoice_number"] == "F/2026/08541"
    assert values["issue_date"] == "2026-04-12"


def test_a_due_date_label_in_the_cell_before_a_date_makes_it_no_issue_date():
    values = read([
        "Numéro de pièce  004470",
        "Date de votre facture  26/08/2026",
        "Payable au plus tard le  25/09/2026",
        "Total TTC  12,00 €",
    ])
    assert values["issue_date"] == "2026-08-26"
    assert values["due_date"] == "2026-09-25"


@pytest.mark.parametrize("other", [
    "Ursprungsrechnung RG 4676/24 vom 2024-07-01",  # the corrected invoice, its label far before its date
    "Réf. facture initiale 202602-9472 du 01/07/2024",  # "initiale" said between label and number
    "En référence à la facture 009697 du 01/07/2024",
    "Relates to invoice SI/2024/07789 dated 1 July 2024",
    "Bezugnehmend auf Rechnung RG 4676/24 vom 01.07.2024",
    "Bezüglich der Rechnung RG 4676/24 vom 01.07.2024",
    "En referencia a la factura F-4676 del 01/07/2024",
    "Relativa alla fattura n. 4676 del 01/07/2024",
])
def test_the_date_of_another_document_is_not_the_issue_date(other):
    values = read(["Gutschrift  GS240885", "Beleg vom  Datum", "02.08.2024", other, "Summe  12,00 €"])
    assert values["issue_date"] == "2024-08-02"


@pytest.mark.parametrize(("label", "date", "iso"), [
    ("Payable au plus tard le", "07/04/2026", "2026-04-07"),
    ("À acquitter avant le", "26 novembre 2024", "2024-11-26"),
    ("Fälligkeit der Zahlung :", "23.03.2024", "2024-03-23"),
    ("Zahlung bis spätestens :", "11.01.2025", "2025-01-11"),
    ("Zahlbar bis spätestens", "25.04.2024", "2024-04-25"),
    ("Lastschrifteinzug am", "20. Juli 2024", "2024-07-20"),
    ("Settle by", "28 May 2025", "2025-05-28"),
    ("Payment required by", "2024-03-01", "2024-03-01"),
    ("Will be collected on", "2024-09-07", "2024-09-07"),
    ("Vencimientos", "01/02/2024", "2024-02-01"),
    ("Vto. factura", "20/11/2025", "2025-11-20"),
    ("Fecha de pago :", "09-07-2023", "2023-07-09"),
    ("Scade il", "27/07/2025", "2025-07-27"),
    ("Data pagamento", "26/04/2020", "2020-04-26"),
    ("Addebito diretto il", "14/06/2026", "2026-06-14"),
    # the day a Spanish electricity bill is charged to the account (« Fecha de cobro », « Fecha prevista de cobro »)
    ("Fecha de cobro", "21/02/2025", "2025-02-21"),
    ("Fecha prevista de cobro", "21/02/2025", "2025-02-21"),
])
def test_due_date_labels_of_the_five_languages(label, date, iso):
    values = read(["Atelier Martin", "Facture n° F-12", "Date de facture : 05/01/2020", f"{label}  {date}", "Total TTC  12,00 €"])
    assert values["due_date"] == iso
    assert values["issue_date"] == "2020-01-05"


@pytest.mark.parametrize(("other", "due"), [
    ("Scadenza condizioni economiche", "Pagare entro il"),  # ARERA's bill: the day its prices end, the day to pay
    ("Échéance du contrat", "Date limite de paiement"),
    ("Vencimiento del contrato", "Fecha de cargo"),
])
def test_a_due_label_said_of_a_contract_or_an_offer_dates_no_payment(other, due):
    # stacked labels over their values, as a bill's data box prints them: the contract's day comes first
    values = read(["Energia Srl", "Fattura n. 2024-117", "Data emissione  28/10/2024", "",
                   other, "27/01/2026", due, "11/11/2024", "", "Totale da pagare  12,00 €"])
    assert values["due_date"] == "2024-11-11"


@pytest.mark.parametrize(("first", "second"), [("Date limite de", "paiement"), ("Date de", "prélèvement")])
def test_a_due_label_wrapped_in_its_cell_reads_the_date_beside_it(first, second):
    # a bill's data box: the label cut over two lines of its narrow cell, the value beside its second line
    values = read(["Régie des Eaux", "", "Date de facturation   14/08/2025", first, f"{second}              03/09/2025",
                   "", "Total à payer  2014,99 €"])
    assert values["due_date"] == "2025-09-03"
    assert values["issue_date"] == "2025-08-14"


def test_a_sequence_with_a_year_and_a_dash_is_no_vat_number_though_its_key_passes():
    # "SI20257775" passes the Slovenian VAT key; printed "SI2025-7775" it is an invoice number
    values = read(["Our invoice no.  Issued on", "SI2025-7775  23/04/2025", "Total due  €12.00"])
    assert values["invoice_number"] == "SI2025-7775"


@pytest.mark.parametrize(("subject", "number"), [
    ("Re: VAT Invoice IN250118", "IN250118"),
    ("Ref.: Factura completa FV-25-08293", "FV-25-08293"),
])
def test_a_subject_may_qualify_its_title_word_and_be_a_reference_line(subject, number):
    values = read(["Kelly Facilities Limited", subject, "Customer no.: CL01211", "Total due  €12.00"])
    assert values["invoice_number"] == number


def test_a_title_followed_by_a_date_label_holds_no_number():
    values = read(["Rechnung ausgestellt am2025-02-24", "Summe  12,00 €"])
    assert values.get("invoice_number") is None


def test_a_label_glued_to_its_reference_in_the_text_layer_is_cut():
    page = page_from(["Votre facture en bref  N° du documentFA2024-1617", "Total TTC  12,00 €"])
    assert propose([page]).values()["invoice_number"] == "FA2024-1617"


def test_a_header_label_wrapped_in_its_cell_still_heads_its_value():
    values = read([
        "Nº FRA.       FECHA DE EXPEDICIÓN DE LA  VENCIMIENTO EL",
        "A/2024/08670  FACTURA                    10/4/2024",
        "              11/3/2024",
        "Total  12,00 €",
    ])
    assert values["issue_date"] == "2024-03-11"
    assert values["due_date"] == "2024-04-10"


@pytest.mark.parametrize("place", ["Verona lì 01.09.2024", "En Málaga a 01.09.2024", "Ulm – 01.09.2024", "Erfurt den 01.09.2024"])
def test_a_letter_s_place_and_date_without_a_comma(place):
    values = read(["Tellis Trasporti S.r.l.", place, "N. del documento NC240987", "Rif. fattura 202408-8297 del 05.08.2024",
                   "Totale  12,00 €"])
    assert values["issue_date"] == "2024-09-01"


def test_a_reference_wrapped_at_its_separator_in_a_narrow_cell_is_joined():
    values = read([
        "N° du document  Édité le",
        "  FAC/          2026-01-01",
        "2026/04948",
        "Total TTC  12,00 €",
    ])
    assert values["invoice_number"] == "FAC/2026/04948"


@pytest.mark.parametrize("other", [
    "Storno fattura n. FT/2026/05631 del 10.03.2026",  # the invoice a credit note reverses
    "Factura rectificada A250351 de fecha 25 de febrero de 2025",  # the invoice a corrective invoice corrects
])
def test_the_number_of_the_invoice_a_credit_note_corrects_is_not_its_own(other):
    values = read(["Num. doc. : NC/2026/03964", other, "Totale  12,00 €"])
    assert values["invoice_number"] == "NC/2026/03964"


@pytest.mark.parametrize(("line", "iso"), [
    ("Factura emitida el21 de mayo de 2025", "2025-05-21"),
    ("Invoice issue date28-Jun-2025", "2025-06-28"),
    ("Date raised  25/07/2025", "2025-07-25"),
])
def test_a_date_label_glued_to_its_date_in_the_text_layer_or_said_raised(line, iso):
    assert read(["Doc. number  CN2025-0468", line, "Total  12,00 €"])["issue_date"] == iso


def test_a_word_glued_to_digits_that_start_no_date_stays_whole():
    from guichet.plugins.fields_rules.lines import make_lines

    assert make_lines([page_from(["Lecteur mp3  Format A4  Version2"])])[0].text == "Lecteur mp3  Format A4  Version2"


@pytest.mark.parametrize("meter", ["PDL n° 09876543210987", "Compteur n° 123456789", "Meter no. 123456789", "Zähler-Nr. 123456789",
                                   "CUPS nº ES0021000000000000AA", "POD n. IT001E12345678"])
def test_a_meter_or_delivery_point_number_is_not_the_invoice_s(meter):
    values = read(["Énergie du Sud", meter, "N° 2024-0042", "Total TTC  12,00 €"])
    assert values["invoice_number"] == "2024-0042"


def test_payment_terms_in_days_with_no_printed_date_give_no_due_date():
    values = read(["Facture n° F-12", "Date de facture : 05/01/2024", "Paiement à 30 jours fin de mois", "Total TTC  12,00 €"])
    assert values.get("due_date") is None


def _placed(cells: list[tuple]) -> list:
    """A text-layer page from cells placed by hand: (top, left, text) or (top, left, text, height), 0.012 high
    unless said, 0.008 per character at that height (wider in proportion for a taller cell: a title)."""
    from guichet.core.parsing.text import Page, Word

    words = []
    for top, left, text, *rest in cells:
        height = rest[0] if rest else 0.012
        per_char = 0.008 * height / 0.012
        x = left
        for chunk in text.split(" "):
            words.append(Word(chunk, (x, top, x + len(chunk) * per_char, top + height), 1.0))
            x += (len(chunk) + 1) * per_char
    return [Page(1, 595, 842, sorted(words, key=lambda w: (w.box[1], w.box[0])))]


#: A key-value panel of an invoicing program: narrow label cells wrap (« Numéro de » / « facture »), so do the
#: values (a reference cut at its separator, a date in words cut after its month), each centred on its label.
PANEL = [
    (0.05, 0.06, "Menuiserie Lefort SARL"), (0.07, 0.06, "FACTURE"),
    (0.100, 0.06, "Numéro de"), (0.100, 0.20, "FAC/"), (0.100, 0.40, "Hôtel des Pins"),
    (0.118, 0.06, "facture"), (0.118, 0.20, "2026/00417"), (0.118, 0.40, "0508"),
    (0.137, 0.06, "N° de bon de"), (0.146, 0.20, "CMD-7781"), (0.155, 0.06, "commande"),
    (0.176, 0.06, "Date de"), (0.176, 0.20, "9 novembre"), (0.176, 0.40, "12 avenue Foch"),
    (0.194, 0.06, "facture"), (0.194, 0.20, "2025"),
    (0.215, 0.20, "24"), (0.224, 0.06, "Date"), (0.233, 0.20, "décembre"), (0.242, 0.06, "d'échéance"),
    (0.251, 0.20, "2025"),
    (0.30, 0.06, "Total TTC"), (0.30, 0.40, "120,00 €"),
]


def test_a_panel_s_wrapped_label_reads_its_wrapped_value_centred_beside_it():
    values = propose(_placed(PANEL)).values()
    assert values["invoice_number"] == "FAC/2026/00417"
    assert values["issue_date"] == "2025-11-09"


def test_a_single_line_label_reads_a_date_wrapped_around_its_line():
    # « 16 mai » above the label's line and « 2025 » below it: the value centred on a one-line label
    cells = [(0.05, 0.06, "Menuiserie Lefort SARL"), (0.100, 0.06, "Facture n° F-2025-118"),
             (0.126, 0.20, "16 mai"), (0.134, 0.06, "Date de facture"), (0.142, 0.20, "2025"),
             (0.160, 0.06, "Date"), (0.160, 0.20, "31 mai"), (0.178, 0.06, "d'échéance"), (0.178, 0.20, "2025"),
             (0.21, 0.06, "Total TTC"), (0.21, 0.40, "120,00 €")]
    assert propose(_placed(cells)).values()["issue_date"] == "2025-05-16"


@pytest.mark.parametrize(("label", "day", "rest", "iso"), [
    ("Fecha de la factura:", "15", "de noviembre de 2023", "2023-11-15"),
    ("Date de facturation :", "26", "janvier 2024", "2024-01-26"),
    ("Rechnungsdatum:", "3.", "März 2025", "2025-03-03"),
])
def test_a_date_wrapped_under_its_label_reads_whole(label, day, rest, iso):
    cells = [(0.05, 0.06, "Menuiserie Lefort SARL"), (0.100, 0.55, label), (0.113, 0.55, day), (0.126, 0.55, rest),
             (0.20, 0.06, "Total"), (0.20, 0.40, "120,00 €")]
    assert propose(_placed(cells)).values()["issue_date"] == iso


@pytest.mark.parametrize(("line", "number"), [
    ("Facture N° 2026 0042", "2026 0042"),  # digit groups that end the cell, after a strong label
    ("Facture n° : F 2026 /0042", "F 2026/0042"),  # cut at its separators (spaces OCR or the print put)
    ("Rechnungsnummer: RE-2026- 0042", "RE-2026-0042"),
    ("Invoice No. 2026 0042 dated 12/03/2026", "2026 0042"),
])
def test_a_number_cut_into_pieces_in_its_cell_is_read_whole(line, number):
    assert read(["Menuiserie Lefort SARL", line, "Total  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize(("line", "number"), [
    ("FACTURE N° 2024-001 - DUPLICATA", "2024-001"),  # a separator alone between spaces ends the number
    ("Facture n° 123 - Client Dupont", "123"),
    ("Facture n° FA-2024-12 / Page 1", "FA-2024-12"),
    ("Invoice No. 4512 - Order 7781", "4512"),
    ("Rechnung Nr. 4512 - Seite 1", "4512"),
    ("Facture n° : F-2026-0142 - Duplicata", "F-2026-0142"),
    ("Facture n° 2024-15 / 2", "2024-15"),
    ("Rechnung Nr. 4512 -Seite 1", "4512"),  # the piece after a separator holds a digit: a word is a title
    ("Facture n° 12 03", "12"),  # digit groups join after a first one of a year's four digits only
    ("Facture n° NO.4512", "NO.4512"),  # after a full label, « NO. » is the number's own prefix
])
def test_what_follows_a_number_after_a_spaced_separator_is_no_part_of_it(line, number):
    assert read(["Menuiserie Lefort SARL", line, "Date : 05/03/2024", "Total  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize("line", ["Facture n° 42 12 mars 2026", "N° 2026 0042 rue des Lilas"])
def test_digit_groups_followed_by_words_are_no_number_s(line):
    # the day of a date after the number; digits after a weak label (« N° ») never join
    assert read(["Menuiserie Lefort SARL", line, "Total  12,00 €"]).get("invoice_number") in ("42", "2026", None)


def test_the_value_under_a_header_cell_is_the_one_most_under_it():
    # a date wider than its header « Date » reaches under the next header « N° facture »
    values = read(["Menuiserie Lefort SARL", "Date  N° facture  Code client", "12/03/2026  FA-0042  C-778",
                   "Total TTC  12,00 €"])
    assert values["invoice_number"] == "FA-0042"
    assert values["issue_date"] == "2026-03-12"


@pytest.mark.parametrize("title", ["FACTURE n.9812", "Invoice #9812", "Facture N°9812"])
def test_a_number_sign_glued_to_the_number_is_no_part_of_it(title):
    assert read(["Menuiserie Lefort SARL", title, "Total  12,00 €"])["invoice_number"] == "9812"


def test_a_header_cell_ending_its_row_heads_the_date_under_it_not_the_next_row_s_first():
    # « Date de facture » ends the header row: the date starting the next row is under « Date d'échéance »
    values = read(["Menuiserie Lefort SARL", "Facture N° FA-42", "Date d'échéance  Date de facture",
                   "11/04/2026       12/03/2026", "Total  12,00 €"])
    assert values["issue_date"] == "2026-03-12"
    assert values["due_date"] == "2026-04-11"


@pytest.mark.parametrize(("label", "number"), [
    ("No. de facture", "FA-0042"), ("N. facture", "FA-0042"), ("No. Factura", "A-0042"), ("Dokument-Nr.", "RE-0042"),
    ("Nr. documento", "42/2026"), ("Reference No.", "INV-0042"),
])
def test_abbreviated_number_labels_head_their_column_and_stand_over_their_value(label, number):
    # a header row over its row of values, and a label over its value (stacked), as well as beside it
    assert read(["Atelier Martin", f"{label}  Date", f"{number.ljust(len(label))}  12/03/2026",
                 "Total  12,00 €"])["invoice_number"] == number
    assert read(["Atelier Martin", label, number, "Total  12,00 €"])["invoice_number"] == number
    assert read(["Atelier Martin", f"{label} : {number}", "Total  12,00 €"])["invoice_number"] == number


def test_a_date_wrapped_from_the_line_above_onto_its_label_s_line_reads_whole():
    # « 14 » on the line above, « luglio 2023 » level with « Data fattura: »: a right cell too narrow for the date
    cells = [(0.05, 0.06, "Esposito Sud SNC"), (0.100, 0.55, "Numero fattura:"), (0.100, 0.72, "20230714-70"),
             (0.131, 0.72, "14"), (0.143, 0.55, "Data fattura:"), (0.143, 0.72, "luglio 2023"),
             (0.175, 0.55, "Data di"), (0.175, 0.72, "12"), (0.187, 0.55, "scadenza:"), (0.187, 0.72, "settembre 2023"),
             (0.25, 0.06, "Totale"), (0.25, 0.40, "120,00 €")]
    values = propose(_placed(cells)).values()
    assert values["issue_date"] == "2023-07-14"
    assert values["invoice_number"] == "20230714-70"


@pytest.mark.parametrize(("day", "month_year", "iso"), [("24.", "Dezember 2023", "2023-12-24"), ("5", "mars 2026", "2026-03-05"),
                                                         ("12", "March 2026", "2026-03-12")])
def test_a_day_wrapped_over_its_month_and_year_completes_the_date(day, month_year, iso):
    # the label glued to its value (no column gap), the day alone on the line above, over the month
    cells = [(0.05, 0.06, "Fischer Rhein GmbH"), (0.100, 0.55, "Rechnungsnummer: 31103"), (0.131, 0.735, day),
             (0.143, 0.55, "Rechnungsdatum:"), (0.143, 0.735, month_year), (0.25, 0.06, "Gesamt"), (0.25, 0.40, "120,00 €")]
    assert propose(_placed(cells)).values()["issue_date"] == iso


def test_a_number_label_in_a_header_row_is_no_title_over_a_date():
    values = read(["Atelier Martin", "INVOICE", "Order Date    Invoice No.   Date          Delivery Note",
                   "01/03/2026    FA-0042       12/03/2026    BL-5512", "Total  12,00 €"])
    assert values["invoice_number"] == "FA-0042"
    assert values["issue_date"] == "2026-03-12"


def test_a_date_label_ending_its_line_over_a_date_is_another_document_s_when_it_says_so():
    values = read(["Atelier Martin", "Order No.", "CMD-7781", "Order Date", "01/03/2026", "Invoice No.", "FA-0042", "Date",
                   "12/03/2026", "Total  12,00 €"])
    assert values["issue_date"] == "2026-03-12"


def test_a_header_grid_s_wrapped_date_label_heads_the_date_under_it_not_the_next_column_s():
    # « Datum » / « Rechnung » wrapped in a header row: the date level with « Rechnung » is under « Fällig zum »
    cells = [(0.05, 0.06, "Müller Nord GmbH"), (0.096, 0.52, "RE-Nr."), (0.096, 0.66, "Datum"), (0.096, 0.80, "Fällig zum"),
             (0.108, 0.52, "RE-2022-07"), (0.108, 0.66, "Rechnung"), (0.108, 0.80, "06.07.2022"), (0.120, 0.66, "06.06.2022"),
             (0.25, 0.06, "Gesamt"), (0.25, 0.40, "120,00 €")]
    assert propose(_placed(cells)).values()["issue_date"] == "2022-06-06"


def test_a_weak_date_label_whole_over_two_lines_heads_the_date_under_it():
    # « Date de » / « création » over its date; « Règlement au plus tard » / « le » over the due date
    cells = [(0.05, 0.06, "Hugo Dubois EI"), (0.095, 0.55, "Pièce n°"), (0.095, 0.775, "Date de"), (0.107, 0.55, "450-20"),
             (0.107, 0.775, "création"), (0.120, 0.775, "2020-06-19"), (0.138, 0.55, "Règlement au plus tard"),
             (0.138, 0.775, "Compte client"), (0.151, 0.55, "le"), (0.151, 0.775, "C75846"), (0.163, 0.55, "2020-08-03"),
             (0.25, 0.06, "Total TTC"), (0.25, 0.40, "120,00 €")]
    assert propose(_placed(cells)).values()["issue_date"] == "2020-06-19"


@pytest.mark.parametrize(("lines", "number"), [
    (["AVOIR", "Réf. facture  N° avoir  Date", "FA-42         AV-12     05/03/2024"], "AV-12"),
    (["Credit Note", "Invoice No.  FA-42", "Credit Note No.  CN-12"], "CN-12"),
    (["Gutschrift", "Rechnungsnummer: RE-118", "Gutschriftsnummer: GS-12"], "GS-12"),
    (["Nota di credito", "Numero fattura: 118/2024", "Numero nota di credito: NC-12"], "NC-12"),
    (["Atelier Martin", "AVOIR", "Réf. facture : FA-0042", "Avoir n° : AV-0012"], "AV-0012"),
])
def test_a_credit_note_s_own_number_wins_over_the_number_of_the_invoice_it_corrects(lines, number):
    assert read(["Atelier Martin", *lines, "Total  12,00 €"])["invoice_number"] == number


def test_an_invoice_that_deducts_a_credit_note_keeps_its_own_number():
    values = read(["Atelier Martin", "Facture n° FA-0042", "Désignation  Montant", "Maintenance  120,00",
                   "Déduction de l'avoir n° AV-0012  -20,00", "Total TTC  100,00 €"])
    assert values["invoice_number"] == "FA-0042"


def test_a_title_naming_the_original_invoice_holds_no_number_of_its_own():
    values = read(["Pérez SL", "Factura rectificativa", "Número: R-12", "Factura original: F24-118", "Total  12,00 €"])
    assert values["invoice_number"] == "R-12"


def test_a_works_contract_s_number_is_not_the_deposit_invoice_s():
    values = read(["BTP Martin", "Facture d'acompte n° FA-2024-018", "Situation n° 3", "Marché n° 2023-12",
                   "Total TTC  12 000,00 €"])
    assert values["invoice_number"] == "FA-2024-018"


@pytest.mark.parametrize(("lines", "number"), [
    (["Atelier Martin", "AVOIR", "Réf. avoir  Facture initiale  Date", "AV-12       FA-42             05/03/2024"], "AV-12"),
    (["Atelier Martin", "AVOIR", "N° de l'avoir  Date", "AV-12          05/03/2024"], "AV-12"),
    (["Atelier Martin", "Avoir client n° AV-12"], "AV-12"),
    (["Nota di credito", "Rif. fattura n.  N. cliente  N. nota credito", "FE240792         50857      NC-24-05082"], "NC-24-05082"),
])
def test_a_credit_note_s_own_number_labels(lines, number):
    assert read([*lines, "Total TTC  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize(("lines", "number"), [
    (["VC  Facture de situation FA2024-3713", "Marché n°  Situation n°  Devis n°", "2024-23    6            D2024-122"],
     "FA2024-3713"),  # the title beside the logo's initials; « acompte » names no account
    (["Facture d'acompte FAC-26-00068", "Réf. devis  Situation n°", "D2026-056   9"], "FAC-26-00068"),
    (["TD  Anzahlungsrechnung RE2024-0998", "Angebot Nr. : D2024-070", "Bauvorhaben Nr. : 2024-01"], "RE2024-0998"),
    (["Schlussrechnung R-24-07367", "Projekt-Nr.  2024-94"], "R-24-07367"),
])
def test_a_deposit_or_progress_invoice_s_title_number_beats_its_works_quote_and_project_numbers(lines, number):
    assert read(["BTP Martin", *lines, "Total TTC  12 000,00 €"])["invoice_number"] == number


@pytest.mark.parametrize(("lines", "number"), [
    (["Zimmer  Abreise     Folio-Nr.  Rechnungs-Nr.  Buchungsnummer", "210     27.06.2026  18754      RE-2026-48     4380225"],
     "RE-2026-48"),
    (["Booking ref.  Room No.  Folio No.  Invoice No.   Date", "85956724      311       18754      SI2024-1439   27/08/2024"],
     "SI2024-1439"),
    (["Folio n° 18754  Chambre 214", "N° : FA-2024-0311"], "FA-2024-0311"),
    (["Room  339", "Booking ref.  581509864", "Invoice  SI250831", "Registered in Ireland – CRO number 9954"], "SI250831"),
    (["Table number : 32", "Bill # : INV241008"], "INV241008"),
])
def test_the_folio_room_booking_and_table_numbers_are_not_the_invoice_s(lines, number):
    assert read(["Hôtel du Lac", *lines, "Total  212,00 €"])["invoice_number"] == number


def test_a_header_cell_naming_the_invoice_s_date_is_no_title_over_a_number():
    # the customer reference, wider than its header, reaches under the next header cell
    values = read(["Régie des Eaux", "N° du document  FA250758", "Référence client  Facture émise le",
                   "44991617449916174  19/07/2025", "Total TTC  12,00 €"])
    assert values["invoice_number"] == "FA250758"


def test_a_number_wrapped_at_its_separator_beside_its_label_is_read_whole():
    values = read(["Régie des Eaux", "Compteur n°  N° pièce F/  Date", "K63957596             2025/05111  23/10/2025",
                   "Total TTC  12,00 €"])
    assert values["invoice_number"] == "F/2025/05111"


def test_a_number_wrapped_after_its_prefix_s_dot_in_a_narrow_cell_is_read_whole():
    # a right-aligned narrow cell beside the seller's name: « Invoice #: FAC. » over « 04654 », then the dates
    values = read(["Invoice #: FAC.  Brown Print Works", "          04654", "Created: July 18, 2024",
                   "Total  12.00"])
    assert values["invoice_number"] == "FAC.04654"


@pytest.mark.parametrize(("lines", "number"), [
    (["FC-2025-57479  Agence Nguyen SAS", "22 mai 2025    119 impasse du Moulin"], "FC-2025-57479"),
    (["202301616  Suministros Romero", "15/11/2023  Calle Mayor 12"], "202301616"),
])
def test_a_reference_with_no_label_alone_over_the_date_is_the_number(lines, number):
    assert read(["Hoarau du Sud  contact@hoarau.example", *lines, "Total  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize("lines", [
    ["36074  Agence Nguyen SAS", "22 mai 2025"],  # five digits alone: a postcode's, a count's
    ["Agence Nguyen FC-2025-57479", "22 mai 2025"],  # in a cell with other words
])
def test_no_unlabelled_number_without_its_shape_or_alone_in_its_cell(lines):
    assert read(["Hoarau du Sud", *lines, "Total  12,00 €"]).get("invoice_number") is None


@pytest.mark.parametrize(("lines", "number"), [
    (["FACTURE", "Numéro de série INV/2023/845"], "INV/2023/845"),  # a serial number of invoices, by the title
    (["INVOICE  Serial No. 2023-845"], "2023-845"),
    (["Número de Crédito 2023/7244", "Número de Orden 37039"], "2023/7244"),
    (["CREDITO", "Numero Credito  49869", "Numero d'ordine 0748"], "49869"),
])
def test_the_number_labels_of_translated_invoicing_programs(lines, number):
    assert read(["Maison Roussel SAS", *lines, "Total  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize(("lines", "number"), [
    # laravel-invoices' « serial » among the references by the issue date's label, away from the title
    (["Vendeur", "Atelier Dupuis SAS", "Acheteur", "Garage du Port", "Code : C9051",
      "Numéro de série : FAC-06436", "Date de facturation : 02/05/2025"], "FAC-06436"),
    (["Numéro de série  Code  Date de facturation", "2025-7833  CL-217302  19/09/25", "Acheteur"], "2025-7833"),
    (["Fecha de la factura 7/4/2026", "No. Serial F/2026/09121", "Vendedor"], "F/2026/09121"),
    (["Serial No. : INV-06669", "Invoice date : 29/06/2025", "Buyer"], "INV-06669"),
    # Bagisto's invoice-pdf « invoice-id », Sylius' « invoice_id »
    (["Facturé à", "Garage du Port", "Date de la facture", "05/12/2025", "ID de la facture", "F/2025/06036",
      "ID de la commande", "CMD-052757"], "F/2025/06036"),
    (["ID de Factura", "A260633", "ID de Pedido", "A352451"], "A260633"),
    (["ID Fattura", "INV-07107", "Data Fattura", "16/07/2025"], "INV-07107"),
])
def test_the_number_labels_of_invoicing_programs_away_from_the_title(lines, number):
    assert read(["Maison Roussel SAS", "", "", "", *lines, "Total  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize("lines", [
    ["FACTURE", "Date de facture : 02/03/2026", "Désignation  Quantité  Montant HT",
     "Onduleur Numéro de série : SN48213  1  120,00"],
    ["FACTURE", "Date de facture : 02/03/2026", "N° de série : SN48213"],
    ["FACTURE", "Date de facture : 02/03/2026", "Numéro de série : S/N 0412-77"],
    ["FACTURE", "Date de facture : 02/03/2026", "Désignation  Quantité  Montant HT", "Climatiseur réversible  1  120,00",
     "Numéro de série : 4412-7781"],  # under the lines' table: the product's
    ["INVOICE", "Invoice date: 02/03/2026", "Description  Qty  Amount", "UPS unit Serial No.: SN48213  1  120.00"],
    ["INVOICE", "Customer No: C12345"],  # a bare « No » after another party's word: that party's number
])
def test_a_product_s_serial_number_is_never_the_invoice_s(lines):
    assert read(["Maison Roussel SAS", *lines, "Total  144,00 €"]).get("invoice_number") is None


def test_the_next_header_cell_s_label_over_its_value_is_no_reference_wrapped_at_its_dot():
    values = read(["Rechnung", "                  RE-Nr.    Kunden-Nr.", "Rechnungssteller  25-69166  C25983",
                   "Gesamtbetrag  12,00 €"])
    assert values["invoice_number"] == "25-69166"


_SERVICE_PERIOD_PAGE = [
    "Atelier Roussel SAS",
    "12 rue des Lilas",
    "69003 Lyon",
    "FACTURE",
    "Facture n° : F-2026-0142",
    "{dates}",
    "Désignation   Quantité   Prix unitaire HT   Montant HT",
    "Maintenance annuelle   1   120,00   120,00",
    "Total HT   620,00 €",
    "TVA 20 %   124,00 €",
    "Total TTC   744,00 €",
]


@pytest.mark.parametrize("dates", ["01/03/2026 au 31/03/2026", "Date : 01/03/2026 au 31/03/2026",
                                   "Période : 01/03/2026 - 31/03/2026 Date : 01/03/2026 au 31/03/2026"])
def test_the_start_of_a_period_is_never_a_sure_issue_date(dates):
    # « 01/03/2026 au 31/03/2026 » under the number: a service period as often as the document's date. Its end
    # is no date « said to be another » unless its start is; its start is never made a sure issue date.
    fields = propose([page_from([line.format(dates=dates) for line in _SERVICE_PERIOD_PAGE])]).fields
    assert "issue_date" not in fields or fields["issue_date"].confidence < 0.7


def test_the_one_unlabelled_date_of_the_header_stays_sure():
    fields = propose([page_from([line.format(dates="01/03/2026") for line in _SERVICE_PERIOD_PAGE])]).fields
    assert str(fields["issue_date"].value) == "2026-03-01" and fields["issue_date"].confidence >= 0.7


@pytest.mark.parametrize(("label", "date", "iso"), [
    ("Fecha fra.", "miércoles, 8 de octubre de 2025", "2025-10-08"),
    ("Fecha", "miércoles, 8 de octubre de 2025", "2025-10-08"),
    ("Data", "mercoledì, 8 ottobre 2025", "2025-10-08"),
])
def test_a_long_day_of_the_week_between_a_date_label_and_its_date_is_no_distance(label, date, iso):
    fields = propose([page_from(["Factura n° FV-25-07249", f"{label}  {date}", "Total  12,00 €"])]).fields
    assert str(fields["issue_date"].value) == iso and fields["issue_date"].label == label


def test_the_end_of_a_due_date_label_is_no_issue_date_label():
    # « Pagar antes del  viernes, 7 de noviembre »: the weekday hid the due label from what is said before the
    # date, and its « del » was read as an issue-date label.
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.numbers import issue_date

    page = page_from(["Factura", "N° doc.  FV-25-07249", "Pagar antes del  viernes, 7 de noviembre de 2025", "Total  12,00 €"])
    found = issue_date(make_lines([page]))
    assert found is None or found.label is None  # at most the fallback's unlabelled date
    assert propose([page]).fields["issue_date"].confidence < 0.7  # printed under a due-date label only


@pytest.mark.parametrize("cell", ["Contrat n° CT-2291", "Paiement à réception", "Client depuis 2019"])
def test_another_cell_s_words_do_not_hide_the_header_s_unlabelled_date(cell):
    # The unlabelled fallback skipped a line with a not-an-issue-date word anywhere on it: only the date's own
    # cell and the one said before it tell what the date is.
    values = read(["Atelier Roussel SAS", "12 rue des Lilas 69003 Lyon", "FACTURE F-2026-0142",
                   f"14/03/2026          {cell}", "Désignation   Qté   Montant HT", "Maintenance   1   120,00",
                   "Total TTC   144,00 €"])
    assert values["issue_date"] == "2026-03-14"


@pytest.mark.parametrize("line", ["Période  01/03/2026", "01/03/2026 (date de début)", "Livraison  01/03/2026"])
def test_an_unlabelled_date_said_of_in_its_own_cell_is_still_no_issue_date(line):
    values = read(["Atelier Roussel SAS", "FACTURE F-2026-0142", line, "Total TTC   144,00 €"])
    assert values.get("issue_date") != "2026-03-01"


def test_dot_leaders_join_number_date_and_totals_to_their_labels_and_a_blank_dotted_field_takes_nothing():
    # Dot leaders are no distance between a label and its value (lines.labelled): a form's long leaders read
    # their values; a blank dotted field (« Bon de commande n° : ....... ») reads no other cell's value.
    dots = "." * 90
    values = read(["Atelier Roussel SAS", f"Facture n° {dots} FA-2024-0117", f"Date {dots} 05/03/2024",
                   "Désignation   Qté   Montant HT", "Maintenance   1   620,00", f"Total HT {dots} 620,00",
                   f"TVA 20 % {dots} 124,00", f"Total TTC {dots} 744,00"])
    assert (values["invoice_number"], values["issue_date"], values["total_without_tax"], values["total_tax"],
            values["total_with_tax"]) == ("FA-2024-0117", "2024-03-05", "620.00", "124.00", "744.00")
    values = read(["Atelier Roussel SAS", "FACTURE FA-2024-0117", "Date : 05/03/2024",
                   f"Bon de commande n° : {dots}     Code client CL-2291", f"Total HT : {dots}", "Montant   620,00",
                   "TVA 20 %   124,00", "Total TTC   744,00"])
    assert (values["invoice_number"], values["total_without_tax"]) == ("FA-2024-0117", "620.00")


@pytest.mark.parametrize(("till", "own", "number"), [
    ("Reçu n° : 8074-1167", "Pièce comptable n° : F-24-05432", "F-24-05432"),
    ("Ticket n° : 0042-118", "N° de facture : FA-2025-0311", "FA-2025-0311"),
    ("Receipt no. 2291-0042", "Doc. number INV-24-06036", "INV-24-06036"),
    ("Bon-Nr. 7781-22", "Beleg-Nr. RE-2025-118", "RE-2025-118"),
])
def test_a_till_receipt_s_number_gives_way_to_the_invoice_s_own_label(till, own, number):
    # A card payment's receipt printed on the invoice: the till's or terminal's number is ranked after every strong label.
    assert read(["Atelier Roussel SAS", till, own, "Total TTC   144,00 €"])["invoice_number"] == number
    assert read(["Atelier Roussel SAS", till, "Total TTC   144,00 €"])["invoice_number"] == till.split()[-1]


@pytest.mark.parametrize(("header", "values", "number"), [
    ("Vous a servi  N° de table  Couverts  N° de note  Exigible le", "Thierry       20          2         F251159     18/01/26", "F251159"),
    ("Serveur  Table  Note de restaurant n°  Couverts", "Solène   13     FAC2024-6044           8", "FAC2024-6044"),
    ("Date  Ticket de caisse n°  Table servie", "26/05/2025  202505-5622  22", "202505-5622"),
    ("Fecha  Ticket de caja nº  Mesa", "26/05/2025  T-2025-5622  22", "T-2025-5622"),
    ("Data  Scontrino fiscale n.  Tavolo", "26/05/2025  2025-5622  22", "2025-5622"),
    ("Server  Table number  Check #      Guests", "Aoife   30            SI2024-8926  2", "SI2024-8926"),
])
def test_a_restaurant_bill_s_number_is_its_note_s_or_check_s_not_the_table_s(header, values, number):
    # In French a restaurant's or a hotel's bill is a « note », in English a « check »; « N° de table » is not the bill's.
    assert read(["Brasserie du Port SARL", header, values, "Total TTC   144,00 €"])["invoice_number"] == number
    # and stacked in a panel, one label a line
    assert read(["Brasserie du Port SARL", "N° de table : 20", "N° de note : 202508-8112", "Nb couverts : 4",
                 "Total TTC   144,00 €"])["invoice_number"] == "202508-8112"


@pytest.mark.parametrize("cell", ["Rm.", "Pers."])
def test_a_header_cell_abbreviated_with_a_point_is_no_reference_wrapped_at_its_point(cell):
    # « Rm. » (a room) over « 119 » beside the « Doc. number » header: the next column's label and value.
    values = read(["Harbour View Hotel Ltd",
                   f"Folio ref.  Doc. number   {cell:5}  Arrival date",
                   "997028      INV-24-06036  119    17/01/2024",
                   "Total   144,00 €"])
    assert values["invoice_number"] == "INV-24-06036"


def test_a_panel_s_values_far_right_of_their_labels_are_theirs_across_the_gap():
    # A key-value panel with its values right-aligned far from their labels: the gap is the panel's, and a strong
    # label's value there outranks a weak « nº » of another line.
    values = read(["Hotel Miramar S.L.",
                   "Localizador                    1388958",
                   "Nº doc.                   F/2026/06536",
                   "Cuenta de estancia nº           195555",
                   "Habitación nº                      438",
                   "Total   144,00 €"])
    assert values["invoice_number"] == "F/2026/06536"


@pytest.mark.parametrize(("header", "values", "number"), [
    ("Número de rectificativa  Factura original nº  Cliente nº", "R 6843/25                F-25-05854          70062", "R 6843/25"),
    ("Date raised  Adjustment note no.  Against invoice no.", "20/08/2025   CN2025-8483          INV250779", "CN2025-8483"),
])
def test_a_credit_note_s_own_number_label_reads_its_number_not_the_corrected_invoice_s(header, values, number):
    assert read(["Talleres Torres S.L.", header, values, "Total   -144,00 €"])["invoice_number"] == number


@pytest.mark.parametrize(("line", "number"), [
    ("Numero della fattura : N 5325/24", "N 5325/24"),
    ("Num. doc.  N 8454/24", "N 8454/24"),
    ("Numero della fatturaN 3645/26", "N 3645/26"),  # a text layer that lost the space before the number's prefix
])
def test_an_uppercase_n_after_a_label_that_says_number_is_the_number_s_prefix(line, number):
    assert read(["Cantina Colle Verde S.r.l.", line, "Totale documento  163,12 €"])["invoice_number"] == number


def test_an_unlabelled_number_over_its_date_across_a_line_of_another_column():
    # The buyer's name wrapped in its own column puts a line between the number and its date.
    values = read(["Inès Garnier EI                          contact@garnier.fr",
                   "F-435-25                                 Holzbau Schmidt GmbH & Co.",
                   "                                         KG",
                   "07.04.2025",
                   "Article  Qty  Montant", "Maintenance  1  120,00 €", "Total général  144,00 €"])
    assert values["invoice_number"] == "F-435-25"


@pytest.mark.parametrize(("label", "number"), [
    ("Num. facture", "FA-2025-0311"),
    ("Bill #", "B-2025-0311"),
    ("Faktura-Nr.", "2025-0311"),
    ("Nro. factura", "A-2025-0311"),
    ("Número de la factura", "A-2025-0311"),
    ("Referencia factura", "A-2025-0311"),
    ("Nr. der Rechnung", "2025-0311"),
    ("Rechnungs-ID", "2025-0311"),
    ("Numero doc.", "FT-2025-0311"),
    ("Facture d'acompte n°", "FA-2025-0311"),
    ("Facture de situation n°", "FA-2025-0311"),
])
def test_more_usual_wordings_of_the_invoice_number_label(label, number):
    # read as a strong label (a weak « facture », « Nr. », « # » reads it too, less surely: a page's other reference may
    # win); printed low on the page, where no title's bonus helps
    found = propose([page_from(["Atelier Martin", *[""] * 25, "Code client : C-2291", f"{label} {number}",
                                "Total TTC  12,00 €"])]).fields
    assert (found["invoice_number"].value, found["invoice_number"].confidence >= 0.7) == (number, True)


@pytest.mark.parametrize(("title", "label"), [("FATTURA", "Numero di serie"), ("RECHNUNG", "Seriennummer")])
def test_a_serial_number_label_beside_the_title_is_the_invoice_s_and_a_product_s_elsewhere(title, label):
    # translated invoicing programs print the invoice's number as a « serial number » beside the title
    assert read([f"{label} INV202400426", title, "Adriatica S.r.l.", "Totale  12,00 €"])["invoice_number"] == "INV202400426"
    assert read(["Adriatica S.r.l.", title, "Fattura n. FT-2024-12", "", "", "", "", "", "", "", "",
                 f"{label} : SN48213", "Totale  12,00 €"])["invoice_number"] == "FT-2024-12"


def test_a_cheque_paid_with_is_no_bill_s_check_number():
    values = read(["Harbour Diner LLC", "No: 2024-118", "Paid by check # 1042-77", "Total   44.00"])
    assert values["invoice_number"] == "2024-118"


@pytest.mark.parametrize("title", ["Facture d'acompte", "Factura", "Fattura", "Rechnung"])
@pytest.mark.parametrize("head", ["N°", "Nr.", "Numero"])
def test_a_title_over_the_table_s_head_is_no_label_wrapped_over_two_lines(title, head):
    # « Fattura » over « N°  Descrizione … »: the title and the head of the lines' article column, no « Fattura N° » label
    page = page_from([title, f"{head}  Désignation  Qté  Prix HT  Montant HT", "A100  Pain de campagne  10  2,50  25,00"])
    assert propose([page]).values().get("invoice_number") is None


def test_a_date_label_ending_in_n_is_no_number_label():
    # « Fecha de expedición de la factura »: the « n de la factura » of its tail is no « Nº de la factura »
    values = read(["Hostal La Alameda S.L.", "Número de factura  A-25-03807", "Fecha de expedición de la factura  47001 Valladolid",
                   "Total  12,00 €"])
    assert values["invoice_number"] == "A-25-03807"


# ---------------------------------------------------------------------------
# Where invoices print their number (issue 13, fourteenth session): in the title line, in a header grid among other
# references, alone under the title, in a « Document / Référence / Date » table, in shapes of their own.
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["Facture N° 2024-11-14-603", "Rechnung Nr. 2024-03-15-001"])
def test_a_number_that_starts_with_a_date_and_goes_on_is_no_date(line):
    # the day it was issued, then its rank in the day: a reference, not a date (« 2024-11-14 » alone would be one)
    assert read(["Atelier Martin", line, "Total TTC  12,00 €"])["invoice_number"] == line.split()[-1]


@pytest.mark.parametrize(("line", "number"), [
    ("Facture de solde 2025041400069980 en date du 14/04/25", "2025041400069980"),
    # digit groups are read on only to the end of a cell or to a date's words: these must be known
    ("Factura FV 2024 00117 con fecha 05/03/2024", "FV 2024 00117"),
    ("Rechnung RE 2024 00117 v. 05.03.2024", "RE 2024 00117"),
    ("Fattura FT 2024 00117 in data 05/03/2024", "FT 2024 00117"),
])
def test_the_title_s_number_may_be_followed_by_the_words_of_its_date(line, number):
    assert read(["Atelier Martin", line, "Total TTC  12,00 €"])["invoice_number"] == number


def test_a_number_printed_in_digit_groups_is_read_whole_under_its_header_and_after_a_title_word():
    assert read(["Atelier Martin", "N° pièce       Date", "FC 2024 89722  05/03/2026",
                 "Total TTC  12,00 €"])["invoice_number"] == "FC 2024 89722"
    assert read(["Atelier Martin", *[""] * 30, "Facture  FC 2024 89722", "Total TTC  12,00 €"])["invoice_number"] == "FC 2024 89722"


@pytest.mark.parametrize(("lines", "number"), [
    (["Référence 20240042 15 du 05/03/2024"], "20240042"),  # after a weak label: 15, a quantity or a day
    (["Facture 20240042 15 du 05/03/2024"], "20240042"),  # in the title
    (["Facture n°  Date", "2024001 45 05/03/2024"], "2024001"),  # under its header, a single-spaced row
])
def test_a_digit_group_of_two_after_the_number_is_no_part_of_it(lines, number):
    assert read(["Atelier Martin", "", *lines, "", "Total TTC  12,00 €"])["invoice_number"] == number


def test_a_digit_group_further_than_a_space_is_no_part_of_the_number():
    # a scan's row « 2024001   45120 » whose gap is under a column break but wider than a space
    page = page_from(["Atelier Martin", "", "Facture n°", "2024001 45120", "", "Total TTC  12,00 €"], confidence=0.9)
    far = next(w for w in page.words if w.text == "45120")
    far.box = (far.box[0] + 0.005, far.box[1], far.box[2] + 0.005, far.box[3])
    assert propose([page]).values()["invoice_number"] == "2024001"
    near = page_from(["Atelier Martin", "", "Facture n°", "2024001 45120", "", "Total TTC  12,00 €"], confidence=0.9)
    assert propose([near]).values()["invoice_number"] == "2024001 45120"


#: A « Document / Référence / Date » table: the invoice's row among the rows of the documents it follows.
_DOCUMENTS = ["Type de pièce      N° pièce       Daté du",
              "Proposition       DE2024-111     14 février 2024",
              "Bon de livraison  LS47014        14 février 2024",
              "Facture           FC 2024 89722  14 février 2024"]


def test_a_references_table_s_rows_of_other_documents_are_not_the_invoice_s():
    assert read(["Sylvane EURL", *_DOCUMENTS, "Total TTC  12,00 €"])["invoice_number"] == "FC 2024 89722"
    # a header row's value row whose first cell is a label of an order with its value is no document's row
    values = read(["Sylvane EURL", "Référence commande  N° de facture", "Commande n° :      2017-TEST-01",
                   "Total TTC  12,00 €"])
    assert values["invoice_number"] == "2017-TEST-01"


def test_the_number_alone_under_a_title_beside_the_seller_s_block():
    # the seller's address lines, in their column, come between the title and its number in the next column
    values = read(["Orvane Arredamenti S.p.A.  Fattura differita",
                   "Via Garibaldi 4",
                   "38122 Trento               FT-2025-9691",
                   "Totale  12,00 €"])
    assert values["invoice_number"] == "FT-2025-9691"


@pytest.mark.parametrize("title", ["Sammelrechnung", "Progress invoice", "Factura de anticipo N.º"])
def test_a_title_of_an_invoice_s_kind_heads_the_number_under_it(title):
    assert read(["Sylvane GmbH", title, "2025120500052733", "Total  12,00 €"])["invoice_number"] == "2025120500052733"


def test_an_abbreviated_word_after_a_label_is_the_label_s():
    assert read(["Atelier Martin", "N° pièce fact. : 217/2026", "Total TTC  12,00 €"])["invoice_number"] == "217/2026"
    assert read(["Atelier Martin", "N° pièce fact.  Date", "217/2026        05/03/2026",
                 "Total TTC  12,00 €"])["invoice_number"] == "217/2026"


@pytest.mark.parametrize(("label", "number"), [
    ("Fact. No", "FA25/53316"), ("Réf. pièce", "476/24"), ("Inv. ref.", "771/2025"), ("Fra. núm.", "329/2024")])
def test_abbreviated_invoice_words_with_their_number_word(label, number):
    assert read(["Atelier Martin", *[""] * 25, f"{label}  Client", f"{number}  C123",
                 "Total TTC  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize(("title", "number"), [
    ("Avoir de régularisation Nº", "AV25/03288"), ("Nota di variazione n.", "20249363A")])
def test_a_credit_note_s_title_carries_its_number(title, number):
    # « régularisation » is no registration number's « reg. »; « nota di variazione » corrects an invoice
    values = read(["Atelier Martin", f"{title} {number}", "Rif. ns. fattura  FT/2024/05719", "Total  12,00 €"])
    assert values["invoice_number"] == number


@pytest.mark.parametrize(("title", "kind"), [
    ("Nota di variazione in diminuzione", "381"), ("Nota di variazione in aumento", None), ("Nota di variazione", None)])
def test_only_a_variation_note_that_lowers_the_amount_is_a_credit_note(title, kind):
    # « in aumento » raises the invoice's amount (a debit note); a bare « nota di variazione » says neither way
    values = read(["Atelier Rossi S.r.l.", f"{title} n. 20249363A", "Totale  12,00 €"])
    assert values["invoice_number"] == "20249363A"
    assert values.get("document_type_code") == kind


@pytest.mark.parametrize("label", ["Bolletta n.", "Numero bolletta", "N. bolletta"])
def test_an_italian_utility_s_bill_number(label):
    # « bolletta »: the bill of a water, power, gas or telephone supplier, an invoice
    assert read(["Acquedotto Pugliese S.p.A.", *[""] * 20, "Codice cliente : 1029384", f"{label} 2024/0117",
                 "Totale  12,00 €"])["invoice_number"] == "2024/0117"


@pytest.mark.parametrize(("label", "language_line"), [
    ("Notre référence", "Votre référence"), ("Nuestra referencia", "Su referencia")])
def test_our_reference_heads_the_seller_s_number_beside_the_buyer_s(label, language_line):
    # a letter's « Votre référence / Notre référence » header row: the buyer's reference, then the seller's own number
    values = read(["Brasserie SARL", "", f"{language_line}  {label}  Date", "ABC-12" + " " * (len(language_line) - 4)
                   + "FA-2024-0117" + " " * (len(label) - 10) + "05/03/2024", "Total  12,00 €"])
    assert values["invoice_number"] == "FA-2024-0117"


def test_a_wrapped_header_label_reads_the_day_over_its_month_and_year_beside_a_due_date_cell():
    """A header grid whose narrow cells wrap both the labels (« Facture établie » / « le ») and the dates in words
    (« mardi 15 » / « juillet 2025 »): the issue date starts under its label; the weak « le » ending the label is not
    the « le » inside the due-date cell's « règlement »."""
    cells = [(0.05, 0.06, "Vitrerie Martin SARL"), (0.07, 0.06, "AVOIR"),
             (0.100, 0.06, "Référence de"), (0.100, 0.25, "Facture établie"), (0.100, 0.45, "Date limite de"),
             (0.111, 0.06, "l'avoir"), (0.111, 0.25, "le"), (0.111, 0.45, "règlement"),
             (0.126, 0.06, "AV-2031"), (0.126, 0.25, "mardi 15"), (0.126, 0.45, "jeudi 14 août"),
             (0.138, 0.25, "juillet 2025"), (0.138, 0.45, "2025"),
             (0.20, 0.06, "Total TTC"), (0.20, 0.40, "120,00 €")]
    values = propose(_placed(cells)).values()
    assert values["issue_date"] == "2025-07-15"
    assert values["due_date"] == "2025-08-14"


@pytest.mark.parametrize("footer", ["Joly Traiteur SA – Via Nassa 64, 6900 Lugano – N° IDE CHE-116.281.710 MWST",
                                    "Joly Traiteur SA – Immatriculée sous le n° 24611124"])
def test_a_swiss_uid_or_a_register_entry_after_a_bare_number_sign_is_no_invoice_number(footer):
    """« N° IDE CHE-116.281.710 » is the Swiss enterprise number (its key checks), « Immatriculée sous le n° » a
    register's entry: a bare « N° » before them labels no invoice number."""
    assert read(["Joly Traiteur SA", "FACTURE", "Réf. :  FAC241002", "Total TTC  120,00 €", footer]).get(
        "invoice_number") == "FAC241002"


@pytest.mark.parametrize(("line", "iso"), [
    ("Invoiced on : 29 December 2024", "2024-12-29"),
    ("Fecha de emisión de la factura  29/12/2024", "2024-12-29"),
    ("Data emissione fattura  29/12/2024", "2024-12-29"),
])
def test_issue_labels_naming_the_invoice_in_english_spanish_italian(line, iso):
    from guichet.plugins.fields_rules.lines import fold
    from guichet.plugins.fields_rules.vocabulary import ISSUE_DATE

    label = line.split(" :")[0].split("  ")[0]
    assert ISSUE_DATE.strong().search(fold(label)).group() == fold(label)
    assert read(["Quantia Joinery Ltd", "Invoice reference no. : 202412-4875", "Service period : from 1 November 2024",
                 "to 30 November 2024", line, "Total  120,00 €"])["issue_date"] == iso


def test_a_number_chosen_among_close_rivals_without_an_invoice_s_label_is_uncertain():
    # two references under labels that do not name the invoice: which one is its number is a guess
    rivals = propose([page_from(["Atelier Martin", "", "Référence : R-2024-117", "N° : 4455-A", "",
                                 "Total TTC  12,00 €"])]).fields["invoice_number"]
    assert rivals.confidence < 0.3
    # the invoice's own label settles it, whatever else the header prints
    named = propose([page_from(["Atelier Martin", "", "Facture n° : F-2024-117", "Référence : 4455-A", "",
                                "Total TTC  12,00 €"])]).fields["invoice_number"]
    assert named.value == "F-2024-117" and named.confidence >= 0.8


def test_a_value_level_with_its_label_is_read_with_it_though_another_column_s_row_stands_just_above():
    # an address block beside a references block: the right column's rows stand lower than the left one's, the
    # value (larger type) a little higher than its smaller label; the value is read with its label, not with the
    # address's row above
    from guichet.core.parsing.text import Page, Word

    words = [Word("Achatéo", (0.06, 0.05, 0.14, 0.062), 1.0),
             Word("8", (0.06, 0.102, 0.07, 0.115), 1.0), Word("rue", (0.075, 0.102, 0.10, 0.115), 1.0),
             Word("Lamartine", (0.105, 0.102, 0.19, 0.115), 1.0),
             Word("Commande", (0.50, 0.109, 0.585, 0.120), 1.0), Word("n°", (0.589, 0.109, 0.605, 0.120), 1.0),
             Word(":", (0.61, 0.109, 0.615, 0.120), 1.0), Word("246557468156", (0.62, 0.107, 0.752, 0.120), 1.0),
             Word("29000", (0.06, 0.117, 0.10, 0.130), 1.0), Word("Quimper", (0.105, 0.117, 0.17, 0.130), 1.0),
             Word("N°", (0.50, 0.124, 0.52, 0.135), 1.0), Word("de", (0.524, 0.124, 0.54, 0.135), 1.0),
             Word("la", (0.544, 0.124, 0.56, 0.135), 1.0), Word("facture", (0.564, 0.124, 0.62, 0.135), 1.0),
             Word(":", (0.624, 0.124, 0.628, 0.135), 1.0), Word("FR8659HLSF438", (0.634, 0.122, 0.77, 0.135), 1.0),
             Word("Total", (0.50, 0.30, 0.55, 0.312), 1.0), Word("TTC", (0.555, 0.30, 0.59, 0.312), 1.0),
             Word("120,00", (0.65, 0.30, 0.70, 0.312), 1.0)]
    assert propose([Page(1, 595, 842, words)]).values()["invoice_number"] == "FR8659HLSF438"


@pytest.mark.parametrize(("label", "number"), [
    ("N° de facture", "769 840 5455"), ("Bill no.", "288 419 687 918"), ("Rechnungsnummer", "354 534 4535"),
])
def test_a_long_number_printed_in_groups_of_three_digits_is_read_whole(label, number):
    assert read(["Régie des Eaux", f"{label} {number}", "Total TTC  12,00 €"])["invoice_number"] == number


def test_three_digits_and_one_more_group_are_no_number_in_groups():
    assert read(["Régie des Eaux", "Facture n° 125 2024", "Total TTC  12,00 €"])["invoice_number"] == "125"


@pytest.mark.parametrize(("label", "number"), [
    ("Numéro de votre facture", "FA731249273"), ("Votre facture n°", "10012345678"),
    ("Abrechnungsnummer", "W26-1339769"), ("Abrechnungs-Nr.", "7004123"),
    ("Folio No.", "SI/2025/09840"), ("N° de folio", "H9-384067"), ("Folionummer", "26-96906"), ("Folio nº", "975359"),
    ("N. folio", "2024/814761"),
])
def test_a_utility_s_and_a_hotel_s_own_wordings_name_the_invoice_number(label, number):
    assert read(["Hôtel des Pins", f"{label}  {number}", "Chambre  214", "Total TTC  12,00 €"])["invoice_number"] == number


def test_a_hotel_folio_s_number_gives_way_to_the_invoice_s():
    values = read(["Hôtel des Pins", "Folio n°  48213", "Facture n°  FA-2024-0117", "Total TTC  12,00 €"])
    assert values["invoice_number"] == "FA-2024-0117"


def test_a_date_read_under_the_lines_table_s_date_column_is_no_issue_date():
    # a hotel folio's ledger: « Date opér. » heads the nights' dates; the first night is no date of the invoice
    values = read(["Hôtel des Pins", "Note n°  48213", "Arrivée le  11/01/2024   Départ le  13/01/2024",
                   "Date opér.  Libellé  Montant HT", "11/01/2024  Nuitée chambre double  120,00",
                   "12/01/2024  Nuitée chambre double  120,00", "Total TTC  264,00 €"])
    assert values.get("issue_date") not in ("2024-01-11", "2024-01-12")


@pytest.mark.parametrize(("sentence", "number"), [
    ("Factura 197 635 1654 emitida el 14/06/2024", "197 635 1654"),
    ("Bolletta n. 209 784 5212 emessa il 14.06.2024", "209 784 5212"),
    ("Facture n° 100 123 456 émise le 14/06/2024", "100 123 456"),
    ("Invoice 3001 4587 issued on 14/06/2024", "3001 4587"),
    ("Facture n° 2561 5596 8242 établie le 14/06/2024", "2561 5596 8242"),
    ("Facture n° 44 9104 9243 établie le 14/06/2024", "44 9104 9243"),
    # the words that bring the date in after the participle (ARERA's and the CNMC's model bills)
    ("Fattura n. 980 835 307 916 emessa in data 14/06/2024", "980 835 307 916"),
    ("Factura nº 197 635 1654 emitida con fecha 14/06/2024", "197 635 1654"),
])
def test_a_number_in_groups_ends_where_the_sentence_says_it_was_issued(sentence, number):
    values = read(["Régie des Eaux", sentence, "Total TTC  12,00 €"])
    assert values["invoice_number"] == number
    assert values["issue_date"] == "2024-06-14"


def test_a_period_whose_end_is_cut_after_its_day_opens_no_issue_date():
    # a narrow cell: « du jeudi 1er août 2024 au samedi 31 » / « août 2024 », the issue date in the next cell
    values = read(["Opaline Serrurerie SASU", "Fact. n°  Période de prestation  Émis le",
                   "009260  du jeudi 1er août 2024 au samedi 31  lundi 9 septembre 2024", "        août 2024",
                   "Total TTC  1 299,50 €"])
    assert values["issue_date"] == "2024-09-09"


@pytest.mark.parametrize(("kind", "value"), [("Type de pièce", "Facture"), ("Document type", "Invoice"),
                                             ("Belegart", "Rechnung"), ("Tipo de documento", "Factura"),
                                             ("Tipo documento", "Fattura"), ("Type pièce", "Facture"),
                                             ("Type doc.", "Facture"), ("Belegtyp", "Rechnung"),
                                             ("Vorgangsart", "Rechnung"), ("Clase de documento", "Factura"),
                                             ("Tipologia documento", "Fattura")])
def test_the_document_s_kind_in_a_grid_cell_is_no_label_of_the_next_cell_s_value(kind, value):
    # the kind under its header, then the next cells' values: « Facture » is no label of « GD/802 » (our reference)
    head, row = ([f"{cell:<20}" for cell in cells] for cells in ([kind, "N/Réf.", "Doc. n°", "Date"],
                                                                           [value, "GD/802", "505732", "18/06/2024"]))
    assert read(["Atelier Martin", "".join(head), "".join(row), "Total TTC  12,00 €"])["invoice_number"] == "505732"
    # the kind on the left of its value in the same row
    assert read(["Atelier Martin", f"{kind}  {value}  N/Réf.  GD/802", "Doc. n°  505732  Date  18/06/2024",
                 "Total TTC  12,00 €"])["invoice_number"] == "505732"


def test_an_invoice_word_ending_a_phrase_is_no_label():
    # « R.D. vista fattura » (payment on sight of the invoice) is a payment term's value
    assert read(["Atelier Martin", "Num. doc.  Data", "2024-869  13/01/2024",
                 "Pagamento  R.D. vista fattura  825127", "Totale  12,00 €"])["invoice_number"] == "2024-869"
    # a sign after the phrase still ends a label: « Facture d'avoir n° #AV 2026 63662 »
    assert read(["Atelier Martin  Facture d'avoir n° #AV 2026 63662 du 27 juillet 2026",
                 "Total TTC  12,00 €"])["invoice_number"] == "AV 2026 63662"


@pytest.mark.parametrize("label", ["OR n°", "Ordre de réparation n°", "RO no.", "Repair order no.",
                                   "Werkstattauftrag Nr.", "Orden de reparación nº", "OdR n."])
def test_a_repair_order_s_number_beside_the_invoice_s_is_not_its_own(label):
    # the invoice's own value far from its label (a wide cell): the repair order's, next to its label, is still not it
    assert read(["Garage Martin", f"{label}  258914  N° fact.{' ' * 16}675124", "Total TTC  12,00 €"])["invoice_number"] \
        == "675124"


def test_the_day_of_a_date_wrapped_in_the_next_cell_is_no_number_under_its_label():
    # « 09 » in the gap between the label's own words and the next column, « août » and « 2024 » under it
    assert read(["Atelier Martin", "Référence facture            Édité le",
                 "                     09", "2024-330             août", "                     2024",
                 "Total TTC  12,00 €"])["invoice_number"] == "2024-330"


@pytest.mark.parametrize(("label", "date", "iso"), [("Date doc.", "05/03/2024", "2024-03-05"),
                                                    ("Dat. doc.", "05/03/2024", "2024-03-05"),
                                                    ("Dat. pièce", "05/03/2024", "2024-03-05"),
                                                    ("Beleg-Dat.", "05.03.2024", "2024-03-05"),
                                                    ("Fch. doc.", "05/03/2024", "2024-03-05"),
                                                    ("Dt. doc.", "05/03/2024", "2024-03-05"),
                                                    ("Dt. emiss.", "05/03/2024", "2024-03-05"),
                                                    ("Doc. date", "05/03/2024", "2024-03-05"),
                                                    ("Belegdat.", "05.03.2024", "2024-03-05"),
                                                    ("Fecha doc.", "05/03/2024", "2024-03-05"),
                                                    ("Data emiss.", "05/03/2024", "2024-03-05")])
def test_an_erp_grid_s_abbreviated_document_date_label_is_the_issue_date_s(label, date, iso):
    # beside a due date under its own label: the document's date is the issue date
    values = read(["Atelier Martin", f"{'Échéance':<20}{label:<20}N° pièce", f"{'04/04/2024':<20}{date:<20}FA-1013",
                   "Total TTC  12,00 €"])
    assert values["issue_date"] == iso


def _scanned(words: list[tuple], size: tuple[int, int] = (1701, 2371)) -> list:
    """An OCR page (200 dpi) from words placed in pixels: (text, x0, y0, x1, y1), and their line's baseline (its y)
    when it is not the word's foot."""
    from guichet.core.parsing.text import Page, Word

    width, height = size
    return [Page(1, width, height, [Word(text, (x0 / width, y0 / height, x1 / width, y1 / height), 0.95, 1,
                                         (rest[0] if rest else y1) / height)
                                    for text, x0, y0, x1, y1, *rest in words])]


#: A scan's header: the invoice's reference in a box, the customer's number in small type on the seller's line, its
#: « N° » and « client » set a little apart; the customer's number under them.
_CUSTOMER_BOX = [("FACTURE", 153, 150, 400, 180),
                 ("Référence", 153, 218, 260, 232), ("Date", 400, 218, 450, 232),
                 ("39392", 153, 238, 215, 252), ("24/10/2022", 400, 238, 520, 252),
                 ("Brasserie", 153, 266, 353, 290), ("Chevalier", 377, 266, 579, 290), ("SAS", 603, 267, 668, 290),
                 ("N°", 938, 276, 954, 287), ("client", 969, 276, 1031, 287),
                 ("c82699", 938, 292, 1010, 303),
                 ("Total", 153, 600, 210, 614), ("TTC", 220, 600, 260, 614), ("120,00", 900, 600, 970, 614)]


def test_a_scan_s_number_sign_and_the_lower_case_word_after_it_are_one_label():
    # OCR's boxes hug the small « N° » and the narrow letters of « client »: their space reached a column break's width,
    # and a bare « N° » ending its cell took the customer's number under it for the invoice's
    from guichet.plugins.fields_rules.lines import make_lines

    pages = _scanned(_CUSTOMER_BOX)
    assert any(line.text.endswith("N° client") for line in make_lines(pages))
    assert propose(pages).values()["invoice_number"] == "39392"
    # a capital after the sign starts another cell (« N°  Désignation » heading a table's columns), and so does a word
    # further than a column's gap
    header = _scanned([("N°", 153, 276, 169, 287), ("Désignation", 190, 276, 306, 287)])
    assert make_lines(header)[0].text == "N°  Désignation"
    far = _scanned([("N°", 153, 276, 169, 287), ("client", 200, 276, 262, 287)])
    assert make_lines(far)[0].text == "N°  client"


def test_a_colon_a_scan_read_as_a_middle_dot_stands_between_the_label_and_its_number():
    # OCR read the colon's upper dot alone, above the baseline: a middle dot (« Bill # · INV241008 »)
    pages = _scanned([("Doyle", 137, 200, 200, 218), ("Ltd", 210, 200, 250, 218),
                      ("Bill", 137, 669, 162, 687), ("#", 169, 671, 179, 686), ("·", 187, 674, 189, 677, 687),
                      ("INV241008", 199, 669, 300, 687), ("Total", 137, 900, 200, 918), ("120.00", 600, 900, 680, 918)],
                     size=(1673, 2351))
    assert propose(pages).values()["invoice_number"] == "INV241008"


def test_a_scan_s_header_row_never_moves_into_the_marks_its_table_rules_left_under_it():
    # the stubs of the table's vertical rules under the header, read as « | » at each cell's left edge: no label's
    # wrapped line; the header stays whole over its values
    from guichet.plugins.fields_rules.lines import make_lines

    header = [("Vorgangsnummer", 156, 614, 335, 635, 630), ("Kd.-Nr.", 379, 609, 454, 640, 630),
              ("Auftragsdatum", 825, 608, 978, 638, 629), ("Rechnungsdatum", 1048, 608, 1209, 638, 629)]
    stubs = [("|", x, 640, x + 2, 642) for x in (369, 815, 1038)]
    values = [("006899", 157, 654, 242, 674), ("41169044", 379, 654, 494, 674), ("20.04.2025", 826, 653, 956, 674),
              ("03.05.2025", 1049, 653, 1179, 673)]
    seller = [("Vogel", 156, 200, 240, 220), ("GmbH", 250, 200, 330, 220)]
    pages = _scanned(seller + header + stubs + values, size=(1693, 2365))
    assert "Vorgangsnummer  Kd.-Nr.  Auftragsdatum  Rechnungsdatum" in [line.text for line in make_lines(pages)]
    assert propose(pages).values()["issue_date"] == "2025-05-03"


@pytest.mark.parametrize(("head", "dated", "due", "issued"), [
    ("FACTURE N° FA-2024-0117", "du 05/03/2024 – page 1", "À régler avant le 04/04/2024", "2024-03-05"),
    ("RECHNUNG 4711", "vom 12.03.2024 – Seite 1", "Zahlbar bis 26.03.2024", "2024-03-12"),
    ("FACTURA 4711", "del 12/03/2024 – página 1", "Vencimiento 11/04/2024", "2024-03-12"),
    ("FATTURA N. 4711", "del 12/03/2024 – pagina 1", "Scadenza 11/04/2024", "2024-03-12"),
])
def test_a_page_number_after_a_dash_ends_no_period(head, dated, due, issued):
    # « – page 1 » after the document's date is a page's number, not a period's end cut after its day
    values = read(["Martin Bâtiment SARL", head, dated, "Client : Société Démo SAS", due, "Total TTC  1 200,00 €"])
    assert values["issue_date"] == issued


@pytest.mark.parametrize("line", ["Facture n° 482 125 250", "Rechnung Nr. 482 125 250", "Invoice no. 482 125 250  ",
                                  "Factura nº 482 125 250"])
def test_three_digits_and_two_groups_of_three_ending_the_cell_are_no_number_in_groups(line):
    # as likely a number, a quantity and a price: read whole only with a four-digit group or a date after it
    assert read(["Régie des Eaux", line, "Total TTC  12,00 €"])["invoice_number"] == "482"


@pytest.mark.parametrize(("line", "number"), [("N.ro fattura 2024/118", "2024/118"),
                                              ("Facture de vente numéro FV-2024-118", "FV-2024-118")])
def test_a_number_abbreviation_or_word_after_a_phrase_still_labels_the_number(line, number):
    # « N.ro » is no repair order's « RO »; « numéro » after « Facture de vente » is the number's own label
    assert read(["Atelier Martin", line, "Totale  12,00 €"])["invoice_number"] == number


def test_a_part_s_date_is_no_issue_date_label():
    # « Pièce du … » in a repair's line is a part's date (a part of the engine, under warranty), not the document's
    assert read(["Garage Martin", "Facture n° F-2024-117", "Date : 05/03/2024", "Désignation   Montant",
                 "Pièce du 12/02/2024 sous garantie   0,00", "Total TTC  12,00 €"])["issue_date"] == "2024-03-05"


@pytest.mark.parametrize(("line", "number"), [
    ("Copia de factura F-2024-0031", "F-2024-0031"),
    ("Kopie der Rechnung 2024-0117", "2024-0117"),
    ("Copie de facture FA-2024-0117", "FA-2024-0117"),
    ("Payable upon receipt of invoice INV-2041", "INV-2041"),
])
def test_an_invoice_word_after_words_that_are_no_payment_term_still_labels_the_number(line, number):
    # a copy of the invoice names its number; so does a payment term whose invoice word has its number in its cell
    assert read(["Atelier Martin", line, "Date: 05/03/2024", "Total  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize("term", ["Paiement à réception de facture", "Payable upon receipt of invoice",
                                  "Zahlbar nach Erhalt der Rechnung", "Pago a la recepción de la factura",
                                  "Pagamento al ricevimento della fattura", "R.D. vista fattura"])
def test_a_payment_term_ending_in_the_invoice_word_is_no_label_of_the_next_cell(term):
    assert read(["Atelier Martin", "Num. doc.  Data", "2024-869  13/01/2024", f"Conditions  {term}  825127",
                 "Totale  12,00 €"])["invoice_number"] == "2024-869"


_DE = ["Müller Haustechnik GmbH", "Hauptstr. 5, 10115 Berlin"]
_DE_TAIL = ["Kunde:", "Schmidt AG", "Beschreibung   Menge   Preis   Betrag", "Wartung   1   100,00   100,00",
            "Nettobetrag   100,00", "MwSt 19%   19,00", "Gesamtbetrag   119,00 €"]
_ES = ["Aguas del Sur S.A.", "C/ Mayor 3, 41001 Sevilla"]
_ES_TAIL = ["Cliente:", "Bodegas Peñalba S.L.", "Base imponible   100,00", "IVA 21%   21,00", "Total factura   121,00 €"]
_IT = ["Acqua Pura S.p.A.", "Via Roma 10, 20121 Milano"]
_IT_TAIL = ["Cliente:", "Bar Centrale S.n.c.", "Imponibile   100,00", "IVA 22%   22,00", "Totale documento   122,00 €"]


@pytest.mark.parametrize(("lines", "number"), [
    (_DE + ["Gutschrift Nr. GS-2024-015", "Datum: 12.03.2024"] + _DE_TAIL, "GS-2024-015"),
    (_DE + ["Rechnungskorrektur Nr. RK-2024-007", "zu Rechnung Nr. 2024-0117 vom 01.03.2024", "Datum: 12.03.2024"]
     + _DE_TAIL, "RK-2024-007"),
    (_DE + ["Rechnungskorrektur zu Rechnung 2024-0117", "Belegnummer: RK-2024-007", "Datum: 12.03.2024"] + _DE_TAIL,
     "RK-2024-007"),
    (_DE + ["Storno zu Rechnung 2024-0117", "Storno-Nr. ST-2024-003", "Datum: 12.03.2024"] + _DE_TAIL, "ST-2024-003"),
    (_DE + ["Stornorechnung Nr. ST-2024-003 vom 12.03.2024"] + _DE_TAIL, "ST-2024-003"),
    (_DE + ["Beleg-Nr. 2024-0117   Belegdatum 12.03.2024"] + _DE_TAIL, "2024-0117"),
    (_DE + ["Belegart   Beleg-Nr.   Datum", "Gutschrift   GS-2024-015   12.03.2024"] + _DE_TAIL, "GS-2024-015"),
    (_DE + ["Belegart: Gutschrift   Beleg-Nr.: GS-2024-015   Datum: 12.03.2024"] + _DE_TAIL, "GS-2024-015"),
    (_DE + ["Kopie der Rechnung Nr. 2024-0117 vom 12.03.2024"] + _DE_TAIL, "2024-0117"),
    (_DE + ["Rechnung Nr. 2024-0117 vom 12.03.2024"] + _DE_TAIL, "2024-0117"),
    (_DE + ["Gutschrift GS-2024-015 zur Rechnung 2024-0117", "Datum: 12.03.2024"] + _DE_TAIL, "GS-2024-015"),
    (_DE + ["Rechnung Nr. 2024-0117", "Datum: 12.03.2024", "Zahlbar sofort nach Erhalt der Rechnung"] + _DE_TAIL,
     "2024-0117"),
    (_IT + ["Nota di credito n. NC-2024-015 del 12/03/2024", "Rif. fattura n. 2024/117"] + _IT_TAIL, "NC-2024-015"),
    (_IT + ["Copia fattura n. 2024/118", "Data: 12/03/2024"] + _IT_TAIL, "2024/118"),
    (_IT + ["Storno fattura n. 2024/117", "Nota di credito n. NC-2024-015", "Data: 12/03/2024"] + _IT_TAIL,
     "NC-2024-015"),
    (_ES + ["Factura rectificativa nº R-2024-007", "Rectifica a la factura nº F-2024-0031", "Fecha: 05/03/2024"]
     + _ES_TAIL, "R-2024-007"),
    (_ES + ["Abono nº AB-2024-015", "Fecha: 05/03/2024", "Factura de referencia: F-2024-0031"] + _ES_TAIL,
     "AB-2024-015"),
    (_ES + ["Tipo de documento   Nº documento   Fecha", "Factura   F-2024-0031   05/03/2024"] + _ES_TAIL, "F-2024-0031"),
])
def test_credit_note_and_invoice_headers_of_general_usage_keep_their_number(lines, number):
    # the phrase rule and the document-kind rule leave these headers as they were read before them
    assert read(lines)["invoice_number"] == number


@pytest.mark.parametrize(("lines", "number"), [
    (["N. bolletta 6507 2826 10"], "6507 2826 10"),  # a utility's long number, its last group short
    (["Ihre Rechnung Nr. 2240 4215 23 vom 04.05.2024"], "2240 4215 23"),  # before the date's words
    (["Kundennr.      N° de facture      Montant", "4842927729    8180 2364 42      12,00 €"], "8180 2364 42"),
    (["Référence 20240042 15 du 05/03/2024"], "20240042"),  # one group alone: 15 is a quantity or a day
    (["Facture n° 2024 0042 12 mars 2024"], "2024"),  # a date's day, words follow: no group read on
])
def test_a_short_group_ending_the_cell_after_groups_of_four_digits_is_the_number_s_last(lines, number):
    assert read(["Régie des Eaux", "", *lines, "", "Total TTC  12,00 €"])["invoice_number"] == number


@pytest.mark.parametrize(("lines", "number"), [
    (["N° de facture 24 0123 456789"], "24 0123 456789"),  # a year's two digits, then groups: a utility's number
    (["Factura nº 24 0023899"], "24 0023899"),
    (["Facture n° FA 24 00123"], "FA 24 00123"),  # a prefix, a year's two digits, a sequence
    (["Rechnung Nr. 2024 11 0045"], "2024 11 0045"),  # a year, its month, a sequence
    (["Facture n° FV 2025 11 8713 du 12/03/2025"], "FV 2025 11 8713"),
    (["N° de facture 12 345"], "12"),  # one short group after a short lead: no long number
    (["N° de facture 12 2024"], "12"),  # a month and its year
    (["Facture n° 2024 12 15"], "2024"),  # a date's day ends it: no sequence after the month
])
def test_spaced_groups_after_a_short_lead_are_one_number_only_when_they_make_a_long_one(lines, number):
    assert read(["Régie des Eaux", "", *lines, "", "Total TTC  12,00 €"])["invoice_number"] == number


def _confidence(lines: list[str]) -> tuple:
    found = propose([page_from(["Régie des Eaux", "", *lines, "", "Total TTC  12,00 €"])])
    return found.values().get("invoice_number"), found.confidence().get("invoice_number")


def test_groups_after_a_short_lead_that_make_a_siren_or_a_siret_are_not_the_number_s():
    # « 552 100 554 » is a checksum-valid SIREN, « 732 829 320 00074 » a SIRET: another identifier after the number
    assert read(["Facture n° 12 552 100 554"])["invoice_number"] == "12"
    assert read(["Facture n° 12 732 829 320 00074"])["invoice_number"] == "12"


def test_groups_joined_to_a_short_lead_on_spaces_alone_are_unsure_and_a_phone_s_shape_under_the_floor():
    for line, number in (("N° de facture 24 1123 456789", "24 1123 456789"), ("Facture n° FA 24 00123", "FA 24 00123"),
                         ("Facture n° 38 356 293 752", "38 356 293 752")):
        value, confidence = _confidence([line])
        assert value == number and 0.3 < confidence <= 0.5, (line, value, confidence)
    value, confidence = _confidence(["Facture n° 12 0145 678 901"])  # ten digits, a 0: a telephone number's shape
    assert confidence is None or confidence < 0.3, (value, confidence)


@pytest.mark.parametrize(("line", "number"), [
    ("FACTURE 636 216 2129 1/2", "636 216 2129"),  # a page counter ends the line
    ("Facture réf. 650 168 6720 Ctr numéro 8036683052", "650 168 6720"),  # another cell's label and value
    ("Credit Memo 2025 792233 Ccy : EUR", "2025 792233"),
])
def test_a_page_counter_a_currency_or_another_label_after_a_number_end_it(line, number):
    assert read(["Atelier Martin", line, "", "Total TTC  12,00 €"])["invoice_number"] == number


def test_a_number_sign_glued_before_a_prefix_set_apart_by_a_separator_is_no_part_of_the_number():
    assert read(["Atelier Martin", "Factura No.FV.2026.07.0318", "", "Total  12,00 €"])["invoice_number"] == "FV.2026.07.0318"


def test_a_value_wider_than_its_label_starts_at_its_cell_s_start_not_under_the_label():
    page = _placed([(0.05, 0.1, "Atelier Martin"), (0.2, 0.1, "Réf. client"), (0.2, 0.3, "Facture n°"), (0.2, 0.45, "Date"),
                    (0.22, 0.1, "C-004512"), (0.22, 0.27, "FA 24 00123"), (0.22, 0.45, "12/03/2024"),
                    (0.5, 0.1, "Total TTC"), (0.5, 0.4, "12,00 €")])
    assert propose(page).values()["invoice_number"] == "FA 24 00123"  # « FA » left of « Facture », « 24 » under it


@pytest.mark.parametrize(("lines", "number"), [
    (["Supply number 96758058856697", "Your bill no. 29949962868 of 27-Aug-2026"], "29949962868"),
    (["Supply number   43880868140024", "Bill reference   723700776"], "723700776"),
    (["N° du contrat   1084506407", "Référence de votre facture   174299839173"], "174299839173"),
    (["Kundennummer   5947143967", "Ihre Rechnung Nr. 453/94722/2026 vom 15. Juli 2026"], "453/94722/2026"),
])
def test_the_customer_s_own_bill_said_with_your_is_the_invoice_s_number_not_a_supply_point_s(lines, number):
    assert read(["Régie des Eaux", "", *lines, "", "Total TTC  12,00 €"])["invoice_number"] == number


def test_your_order_s_number_is_still_another_document_s():
    assert read(["Atelier Martin", "Your order no. 4512", "Invoice no. 2024-0042", "Total  12.00"])["invoice_number"] == "2024-0042"


def test_a_bill_named_alone_before_its_number_and_date_is_the_invoice_s():
    lines = ["Bill to", "Atlantic Seafoods", "Bill 288419687918 dated 2025-11-23", "MPRN        84209921088201"]
    assert read(["Byrne Engineering Limited", "", *lines, "", "Total to pay  12.00"])["invoice_number"] == "288419687918"


@pytest.mark.parametrize("sentence", [
    "This is your bill 8204960923 dated 02/03/2024",
    "Nous vous adressons votre facture n° 8204960923 émise le 02/03/2024",
])
def test_the_date_a_sentence_gives_its_number_is_the_issue_date_and_sure(sentence):
    from guichet.plugins.fields_rules import propose as prop

    fields = prop([page_from(["Régie des Eaux", "", sentence, "Consumo del 01/01/2024 al 28/02/2024", "",
                              "Total TTC  12,00 €"])]).fields
    assert fields["issue_date"].value == "2024-03-02"
    assert fields["issue_date"].confidence >= 0.8


@pytest.mark.parametrize(("rival", "own"), [
    ("Línea núm.  8508889427", "N°  INV74307"),
    ("Adhérent n° : T8908", "N° : T8791"),
    ("Gast Nr.  T013560", "#  T973861"),
    ("Réf. dev. : 04932554", "Référence : 20269941"),
    ("Del. number : 32652", "# : 32448"),
])
def test_a_number_whose_label_names_another_thing_is_never_the_invoice_s(rival, own):
    # composed or unknown, a noun beside the « number » word names what the number is of: the sign alone is the page's
    head = ["Atelier Martin", "", rival]
    assert read([*head, own, "", "Total  12,00 €"])["invoice_number"] == own.split()[-1]
    alone = propose([page_from([*head, own.split()[0], "", "Total  12,00 €"])]).fields.get("invoice_number")
    # a noun no table names, the only number read: read, its label's penalty kept (review of 13e, 4)
    assert alone.value == rival.split()[-1] and alone.confidence < 0.3
    known = read(["Atelier Martin", "", rival.replace(rival.split()[0], "Client"), own.split()[0], "", "Total  12,00 €"])
    assert known.get("invoice_number") is None  # a rival the tables name: never the document's


@pytest.mark.parametrize("label", ["Relevé n°", "Quittance n°", "Mémoire n°", "Vente n°", "Bon n°", "Honoraires n°",
                                   "Transaction n°", "Opération n°"])
def test_a_document_s_own_noun_under_a_weak_label_is_read_when_no_other_number_is(label):
    # unknown to the tables, the noun may be the document's own: read (penalised), not dropped (review of 13e, 4)
    found = propose([page_from(["Atelier Martin", "", f"{label}  V-2024-118", "", "Total  12,00 €"])]).fields["invoice_number"]
    assert found.value == "V-2024-118" and found.confidence < 0.3  # unsure: the conversion refuses, a person checks
    with_own = read(["Atelier Martin", "", f"{label}  V-2024-118", "Facture n° FA-2024-0042", "", "Total  12,00 €"])
    assert with_own["invoice_number"] == "FA-2024-0042"


@pytest.mark.parametrize("line", ["N° : 20240312104512", "Reference: 20240312104512"])
def test_a_14_digit_number_is_the_invoice_s_unless_the_page_names_a_supply_point(line):
    # a time stamp's 14 digits are a supply point's shape: that shape counts only beside a supply point (review of 13e, 5)
    assert read(["Atelier Martin", "", line, "", "Total  12,00 €"])["invoice_number"] == "20240312104512"
    assert read(["Régie des Eaux", "Point de livraison (PDL)", line, "", "Total  12,00 €"]).get("invoice_number") is None
    assert read(["Atelier Martin", line, "Facture n° FA-2024-0042", "", "Total  12,00 €"])["invoice_number"] == "FA-2024-0042"


@pytest.mark.parametrize(("line", "number"), [
    ("Facture de vente n°  2024-117", "2024-117"),
    ("Règlement : rappeler la référence 2459115", "2459115"),
    ("Payment reference: 2024/53885", "2024/53885"),
])
def test_a_label_that_names_the_document_or_its_payment_keeps_its_number(line, number):
    assert read(["Atelier Martin", "", line, "", "Total  12,00 €"])["invoice_number"] == number


def test_a_supply_point_s_identifier_is_no_invoice_number_unless_an_invoice_s_label_names_it():
    page = ["Régie des Eaux", "Point de livraison", "Référence : 27379128786003", "", "Total  12,00 €"]
    assert read(page).get("invoice_number") is None
    assert read(["Régie des Eaux", "", "Facture n° 20240315000123", "", "Total  12,00 €"])["invoice_number"] == "20240315000123"


@pytest.mark.parametrize("label", ["Rectificativa nº", "Nº rectificativa"])
def test_a_corrective_invoice_s_own_label_names_the_document_beside_a_supply_point(label):
    # « Rectificativa » alone is the Spanish corrective invoice (« factura rectificativa »), as « abono » is: the
    # 14 digits under it are the document's, not a supply point's, on a bill that names its CUPS
    page = ["Comercializadora del Ebro S.L.", "Factura de abono", f"{label}  97202513040651",
            "CUPS  ES0714573333858506DT0F", "", "Total importe factura  -723,22 EUR"]
    assert read(page)["invoice_number"] == "97202513040651"


@pytest.mark.parametrize(("title", "origin"), [
    ("Nota di credito", "Storno fattura n. FE-23-09570 del 12.12.2023"),
    ("Gutschrift", "Storno zu Rechnung Nr. FE-23-09570 vom 12.12.2023"),
])
def test_the_invoice_a_credit_note_reverses_is_not_its_own_number(title, origin):
    # « storno »: the reversal of the invoice named after it; the note's own number not read, none is written
    page = ["Energia Srl", "", title, "Data  06.01.2024", "", "Totale  -12,00 €", origin]
    assert read(page).get("invoice_number") != "FE-23-09570"


def test_a_label_of_another_thing_is_the_document_s_when_its_title_names_that_thing():
    from guichet.core.parsing.text import Page, Word

    def page(title: str) -> Page:
        big = [Word(title, (0.05, 0.03, 0.2, 0.06))]  # the title's letters, twice as high as the others'
        rows = ["Hôtel du Port", "Folio n° : RS-2025-4524", "Réf. BL : RS-3257-5642", "Total  12,00 €"]
        return Page(1, 595, 842, big + page_from(rows).words)

    titled = propose([page("Folio")]).fields["invoice_number"]
    assert titled.value == "RS-2025-4524" and titled.confidence >= 0.6
    assert propose([page("Facture")]).fields["invoice_number"].confidence < 0.3  # the folio's number on an invoice


def test_a_value_under_another_label_of_a_merged_grid_is_not_the_label_s_on_its_left():
    # « Shipment » heads « 31/013727 »: the invoice's number is the one under its own label
    rows = ["Atelier Martin", "", "             Shipment", "INVOICE NO.  31/013727", "2024/53885", "", "Total  12.00"]
    assert read(rows)["invoice_number"] == "2024/53885"


@pytest.mark.parametrize("sign", ["N°", "Nº", "N.º", "No.", "Nr.", "N.", "Num.", "Nro.", "#"])
def test_one_number_sign_is_read_the_same_by_every_rule(sign):
    """The « number » sign is one pattern (``vocabulary.NUMBER_SIGN``): a label that ends with it says « number », a
    label that holds it says « number », and glued to a value it is taken off the value, whatever its spelling."""
    from guichet.core.parsing.on_page import fold
    from guichet.plugins.fields_rules import vocabulary as labels_of
    from guichet.plugins.fields_rules.numbers import unsigned

    assert labels_of.NUMBER_SIGN_END.search(fold(f"Facture {sign}"))
    assert labels_of.says_number(fold(f"{sign} de la facture"))
    assert unsigned(f"{sign}2024-0012") == "2024-0012"
    assert unsigned(f"{sign}FA-42") == "FA-42"
    assert unsigned(f"{sign}2024-0012", numbered=True) == (f"{sign}2024-0012" if sign != "#" else "2024-0012")
    assert labels_of.sign_word(sign)


def test_a_reference_word_or_a_code_s_letters_are_no_number_sign():
    from guichet.plugins.fields_rules import vocabulary as labels_of
    from guichet.plugins.fields_rules.numbers import unsigned

    assert not labels_of.says_number("ref. client") and labels_of.NUMBER_SIGN.search("ref. client").lastgroup == "reference"
    assert not labels_of.NUMBER_SIGN_END.search("reference")
    assert unsigned("NO4512") == "NO4512" and unsigned("Nr2026") == "Nr2026"  # no mark: a code's own letters
    assert not labels_of.says_number("nombre du client") and not labels_of.says_number("annonce")


@pytest.mark.parametrize("separator", ["–", "—", "-", ":"])
def test_a_dash_between_a_label_and_its_value_is_a_separator_like_a_colon(separator):
    values = read(["Menuiserie Lefort SARL", "FACTURE", f"Pièce n° {separator} PC-2024-0117", f"Date {separator} 05/03/2024"])
    assert values["invoice_number"] == "PC-2024-0117"


def test_a_sign_wrapped_under_its_header_word_is_that_thing_s_number_not_the_page_s():
    # « Couverts » over « # » in a header grid wrapped on two lines: the covers' count under it, not the bill's number;
    # the cell reads whole (« Couverts # ») like its neighbours « Date du » / « document ».
    cells = [(0.05, 0.06, "Brasserie du Port SARL"), (0.05, 0.60, "NOTE", 0.02),
             (0.095, 0.06, "Date du"), (0.095, 0.20, "Couverts"), (0.095, 0.35, "Table"), (0.095, 0.50, "Exigible le"),
             (0.107, 0.06, "document"), (0.107, 0.20, "#"), (0.107, 0.35, "servie"),
             (0.125, 0.06, "2024-09-19"), (0.125, 0.20, "420"), (0.125, 0.35, "12"), (0.125, 0.50, "2024-10-04"),
             (0.25, 0.06, "Total TTC"), (0.25, 0.40, "120,00 €")]
    assert propose(_placed(cells)).values().get("invoice_number") != "420"
    cells[7] = (0.107, 0.20, "n°")  # a sign with its letters: the same
    assert propose(_placed(cells)).values().get("invoice_number") != "420"


def test_a_header_row_s_abbreviated_word_is_no_reference_wrapped_over_the_grid_s_values():
    # « Réf. CDE. » in a header row of four cells (no digit), the grid's values under it: « CDE. » is the label's
    # abbreviation (the order's), « FA68-7097 » its column's own value, not the rest of a reference « CDE.FA68-7097 ».
    cells = [(0.05, 0.06, "Tellis SA"), (0.05, 0.60, "FACTURE", 0.02),
             (0.095, 0.06, "Date"), (0.095, 0.20, "# du devis"), (0.095, 0.35, "Réf. CDE."), (0.095, 0.50, "Échéance"),
             (0.108, 0.06, "10/05/2025"), (0.108, 0.20, "2025-7786"), (0.108, 0.35, "FA68-7097"), (0.108, 0.50, "24/06/2025"),
             (0.25, 0.06, "Total TTC"), (0.25, 0.40, "120,00 €")]
    assert propose(_placed(cells)).values().get("invoice_number") != "CDE.FA68-7097"


@pytest.mark.parametrize("row", ["Facture n° 2025/7 1080", "Facture n° 2025/7 1080  Date : 05/03/2024",
                                 "Facture n° FA-2025-01 255"])
def test_a_scan_s_number_cut_at_a_one_is_left_to_a_person(row):
    # OCR reads a « 1 » with a gap as wide as a space: « 2025/7 1080 » may be one code cut after its « 7 », or two
    # things. Read from a scan, the number is under the conversion's floor (0.3); from a text layer the space is real.
    rows = ["Atelier Martin SARL", row, "Date : 05/03/2024", "Total TTC  12,00 €"]
    scanned = propose([page_from(rows, confidence=0.9)])
    assert scanned.confidence()["invoice_number"] <= 0.25
    assert propose([page_from(rows)]).confidence()["invoice_number"] > 0.3
    # digits after it with no « 1 » at the cut, or a page count: kept
    kept = propose([page_from([*rows[:1], "Facture n° 2025/7 2080  1 page", *rows[2:]], confidence=0.9)])
    assert kept.confidence()["invoice_number"] > 0.3


@pytest.mark.parametrize(("title", "label"), [("FACTURE", "Fct. n°"), ("QUITTANCE", "Qtce n°"), ("FACTURE", "Fc. n°"),
                                              ("AVIS DES SOMMES À PAYER", "Av. num.")])
def test_a_sign_after_the_title_s_noun_contracted_names_the_document_s_own_number(title, label):
    # An abbreviation read by its letters against the title's noun (its first letter, then others in order; marked by a
    # dot, or unmarked keeping the noun's last letter as French contractions do): the document's own number, sure.
    cells = [(0.05, 0.06, "Atelier Martin SARL"), (0.05, 0.60, title, 0.02), (0.10, 0.06, "Client : Garage Dumont"),
             (0.13, 0.06, f"{label} 4821-25"), (0.13, 0.40, "Date 05.03.2024"), (0.25, 0.06, "Total TTC"),
             (0.25, 0.40, "12,00 €")]
    found = propose(_placed(cells))
    assert found.values()["invoice_number"] == "4821-25"
    assert found.confidence()["invoice_number"] > 0.3
    cells[3] = (0.13, 0.06, "Cde n° 4821-25")  # an order's abbreviation: none of the title's letters in order
    assert propose(_placed(cells)).values().get("invoice_number") is None


def test_a_series_a_year_and_a_sequence_set_apart_by_spaces_are_one_number_even_inside_a_sentence():
    # « F 2026 00042 » as invoicing programs print a series, a year and a sequence; words after it do not cut it
    page = ["Atelier Martin", "Total TTC  12,00 €", "Merci d'indiquer la référence F 2026 00042 lors de votre virement."]
    assert read(page)["invoice_number"] == "F 2026 00042"
    assert read(["Atelier Martin", "Please include invoice number INV 2025 52461 with your payment.", "Total  12.00"])[
        "invoice_number"] == "INV 2025 52461"


def test_a_number_in_spaced_groups_wrapped_in_its_narrow_header_cell_is_read_whole():
    # the grid's cell is too narrow for « F 2026 00042 »: its last group goes under its first, at its left edge
    page = ["Atelier Martin", "N° de facture  Numéro de client  Date", "F 2026         C-0042            05/03/2026",
            "00042", "Désignation  Qté  Montant", "Pose  1  12,00", "Total TTC  12,00 €"]
    assert read(page)["invoice_number"] == "F 2026 00042"
    # a number that fits its cell is not joined to the line under it
    fits = ["Atelier Martin", "N° de facture                 Date", "F 2026 00042                  05/03/2026",
            "00043", "Total TTC  12,00 €"]
    assert read(fits)["invoice_number"] == "F 2026 00042"


def test_a_number_cut_at_the_end_of_its_line_is_read_as_the_page_prints_it_again_whole():
    # the number's last group wrapped at the end of its line; the payment sentence prints it whole
    page = ["Atelier Martin", "Numéro de facture : F 2026", "Date : 05/03/2026", "Total TTC  12,00 €",
            "Paiement pour la facture F 2026 00042"]
    assert read(page)["invoice_number"] == "F 2026 00042"


@pytest.mark.parametrize(("label", "number"), [("Facture #", "FA-2026-0042"), ("Fattura #", "FT-2026-0042"),
                                               ("Factura #", "FV-2026-0042")])
def test_the_document_s_noun_and_a_number_sign_are_one_label_of_its_number(label, number):
    # « Facture #:id » (Paymenter's and Invoice Ninja's translations): the whole label names the number, as « Invoice # »
    found = propose([page_from(["Atelier Martin", f"Numéro de client : C-0042  {label} {number}", "Total TTC  12,00 €"])])
    assert (found.fields["invoice_number"].value, found.fields["invoice_number"].label) == (number, label)


def test_a_label_s_second_line_in_its_cell_starts_no_label_of_its_own():
    # « N° de » / « référence » is one cell, « Facture » / « # » the next: « référence Facture » is no label
    page = ["Atelier Martin", "N° de", "référence  R-3852-43839", "Facture", "#  FAC-2025-02958", "Total TTC  12,00 €"]
    assert read(page)["invoice_number"] == "FAC-2025-02958"


def test_a_label_under_a_row_with_its_value_is_a_label_of_its_own():
    # « Date  05/03/2026 » over « n° facture »: two rows of a panel, not a label wrapped in its cell
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.numbers import _label_goes_on

    lines = make_lines([page_from(["Atelier Martin", "Date  05/03/2026", "n° facture  FA-2026-0042"])])
    cell = [w for w in lines[2].words if w.text in ("n°", "facture")]
    assert not _label_goes_on(lines[1], cell, cell[0].box[3] - cell[0].box[1])
    wrapped = make_lines([page_from(["Atelier Martin", "N° de", "référence  R-3852-43839"])])
    cell = [wrapped[2].words[0]]
    assert _label_goes_on(wrapped[1], cell, cell[0].box[3] - cell[0].box[1])


def test_a_law_s_number_in_a_sentence_about_paying_is_no_rival_of_the_header_s_number():
    # French invoices print the law on late payments (« La loi n° 92-1442 du 31 décembre 1992 ... conditions de
    # paiement »); its word of paying is a dozen words after the law's number: it does not make that number the
    # payment's reference, a rival of the header's « nº 2023-6013 » (read below the floor before, not written)
    law = ("La loi n°92/1442 du 31 décembre 1992 nous fait l'obligation de vous indiquer que le non-respect des "
           "conditions de paiement entraine des intérêts de retard")
    value, confidence = _confidence(["FACTURE", "20/09/2023", "nº 2023-6013", "", law])
    assert value == "2023-6013" and confidence >= 0.5, (value, confidence)
    # a word of paying a few words after the number still makes it the payment's reference (the document's)
    value, confidence = _confidence(["Merci de rappeler le n° 2025/01585 sur votre virement"])
    assert value == "2025/01585" and confidence >= 0.3, (value, confidence)


@pytest.mark.parametrize(("label", "number"), [("Nº factura vendedor :", "202511824285"),
                                               ("N° facture fournisseur :", "FA-2024-0117"),
                                               ("Invoice no. seller:", "INV-ES-933480652")])
def test_the_seller_named_after_an_invoice_number_label_is_whose_invoice_not_the_value(label, number):
    # a marketplace's page: the seller's invoice under the marketplace's order (« whose invoice » said after the label)
    values = read(["Mercavia", "Número de pedido : 151779935501", f"{label} {number}", "Total  101,33 €"])
    assert values["invoice_number"] == number


def test_a_noun_the_page_dates_does_not_make_its_number_the_invoice_s():
    """Review: any noun dated like the invoice (« Relevé n° » by « Date du relevé », « Shipment number » by « Shipment
    date ») made its number the invoice's at 0.6: on a water bill « relevé » is the meter's reading. A noun no table
    names stays an unknown thing's number, shown and never written; English utilities' own noun is a label
    (« Statement number »: labels/en.toml)."""
    for page in (["Régie des Eaux", "FACTURE D'EAU", "Facture du 14/03/2025", "Relevé n° 889214", "Date du relevé 12/03/2025",
                  "Total TTC  102,40 €"],
                 ["Northgate Freight", "Shipment number  4471", "Shipment date  12/03/2025", "Total charges  102,40 €"]):
        assert propose([page_from(page)]).confidence().get("invoice_number", 0) < 0.3, page

def test_a_utility_s_statement_number_is_its_bill_s():
    # English utilities and operators call their bill a statement (« Statement number », « Your energy statement »)
    values = propose([page_from(["Northgate Energy", "Your electricity bill", "Statement number  W24-6235754",
                                 "Meter ID  6570376398", "Bill date  10 May 2026", "Total charges  102,40 €"])])
    assert values.value("invoice_number") == "W24-6235754"
    assert values.confidence()["invoice_number"] >= 0.3


def test_a_number_in_groups_ends_at_a_dash_standing_alone():
    # a second page's running head: « Facture n° 90 7812 9395 - suite »: what follows the dash is no part of it
    values = read(["Régie des Eaux", "Facture n° 90 7812 9395 - suite", "Total TTC  12,00 €"])
    assert values["invoice_number"] == "90 7812 9395"


def _boxed(words: list[tuple[str, float, float, float, float]]) -> list:
    """A text-layer page from words with their boxes as a PDF's text layer gave them (text, x0, y0, x1, y1)."""
    from guichet.core.parsing.text import Page, Word

    return [Page(1, 595, 842, [Word(text, (x0, y0, x1, y1), 1.0) for text, x0, y0, x1, y1 in words])]


def test_a_rival_s_name_wrapped_over_a_bare_sign_in_a_grid_of_cells_wrapped_at_other_heights_names_its_number():
    # A hotel's header grid (blind 70220, its words as the text layer gave them): « Rm » over « no. » over « 614 », its
    # neighbours' labels wrapped at other heights (« Date » / « raised » start higher), so « Rm » is on a line above
    # the one holding « no. »: the room's number, never the bill's.
    words = [("Hotel", 0.700, 0.0300, 0.760, 0.0460), ("Invoice", 0.770, 0.0300, 0.860, 0.0460),
             ("Company", 0.088, 0.1493, 0.143, 0.1580), ("Date", 0.791, 0.1490, 0.818, 0.1578),
             ("Settle", 0.869, 0.1490, 0.903, 0.1578), ("Riverside", 0.088, 0.1578, 0.157, 0.1681),
             ("Creche", 0.162, 0.1578, 0.213, 0.1681), ("DAC", 0.218, 0.1578, 0.250, 0.1681),
             ("Departure", 0.393, 0.1540, 0.454, 0.1628), ("Arrival", 0.473, 0.1540, 0.514, 0.1628),
             ("Rm", 0.554, 0.1591, 0.574, 0.1678), ("raised", 0.791, 0.1576, 0.827, 0.1663),
             ("by", 0.869, 0.1576, 0.883, 0.1663), ("108", 0.088, 0.1678, 0.114, 0.1781),
             ("Main", 0.119, 0.1678, 0.154, 0.1781), ("Street", 0.158, 0.1678, 0.200, 0.1781),
             ("Clerk", 0.279, 0.1634, 0.311, 0.1721), ("Nights", 0.341, 0.1634, 0.379, 0.1721),
             ("date", 0.393, 0.1626, 0.418, 0.1714), ("date", 0.473, 0.1626, 0.498, 0.1714),
             ("no.", 0.554, 0.1677, 0.572, 0.1764), ("Reservation", 0.595, 0.1634, 0.664, 0.1721),
             ("Folio", 0.689, 0.1634, 0.717, 0.1721), ("number", 0.721, 0.1634, 0.768, 0.1721),
             ("8", 0.791, 0.1660, 0.800, 0.1763), ("8", 0.869, 0.1660, 0.878, 0.1763),
             ("D02", 0.088, 0.1779, 0.117, 0.1882), ("XY45", 0.121, 0.1779, 0.159, 0.1882),
             ("Dublin", 0.164, 0.1779, 0.212, 0.1882), ("2", 0.216, 0.1779, 0.225, 0.1882),
             ("Ciaran", 0.279, 0.1718, 0.326, 0.1821), ("5", 0.341, 0.1718, 0.349, 0.1821),
             ("08-", 0.393, 0.1711, 0.417, 0.1814), ("03-", 0.473, 0.1711, 0.497, 0.1814),
             ("614", 0.554, 0.1761, 0.580, 0.1864), ("694332671", 0.595, 0.1718, 0.674, 0.1821),
             ("SI-24-06498", 0.689, 0.1718, 0.776, 0.1821), ("February", 0.791, 0.1761, 0.855, 0.1864),
             ("April", 0.869, 0.1761, 0.903, 0.1864), ("Total", 0.600, 0.3000, 0.640, 0.3100),
             ("charges", 0.645, 0.3000, 0.700, 0.3100), ("12,368.74", 0.800, 0.3000, 0.870, 0.3100)]
    assert propose(_boxed(words)).values().get("invoice_number") != "614"


def test_the_next_cell_s_day_whose_month_is_two_rows_down_is_no_number_beside_its_label():
    # « Numéro de la » / « note » and, in the next narrow cell, « 26 » / « mai » / « 2025 » (blind 70011, its words as
    # the text layer gave them): « 26 » is on the label's line, « mai » two lines down, other cells' rows between
    # them; the note's number is the one under its label, never the day.
    words = [("Note", 0.700, 0.0300, 0.760, 0.0460),
             ("Entreprise", 0.068, 0.1777, 0.119, 0.1875), ("Date", 0.895, 0.1746, 0.918, 0.1844),
             ("Restaurant", 0.068, 0.1889, 0.137, 0.2005), ("Le", 0.140, 0.1889, 0.156, 0.2005),
             ("Galion", 0.159, 0.1889, 0.200, 0.2005), ("Nombre", 0.371, 0.1875, 0.411, 0.1973),
             ("Réf.", 0.425, 0.1875, 0.446, 0.1973), ("N°", 0.666, 0.1875, 0.680, 0.1973),
             ("de", 0.683, 0.1875, 0.695, 0.1973), ("Numéro", 0.804, 0.1875, 0.843, 0.1973),
             ("de", 0.846, 0.1875, 0.859, 0.1973), ("la", 0.862, 0.1875, 0.871, 0.1973),
             ("fact.", 0.895, 0.1856, 0.916, 0.1954), ("de", 0.371, 0.1985, 0.384, 0.2083),
             ("nuits", 0.387, 0.1985, 0.410, 0.2083), ("réservation", 0.425, 0.1985, 0.481, 0.2083),
             ("Arrivé", 0.498, 0.1930, 0.527, 0.2028), ("le", 0.530, 0.1930, 0.539, 0.2028),
             ("chambre", 0.666, 0.1985, 0.709, 0.2083), ("Parti", 0.724, 0.1930, 0.747, 0.2028),
             ("le", 0.750, 0.1930, 0.758, 0.2028), ("note", 0.804, 0.1985, 0.825, 0.2083),
             ("26", 0.895, 0.1968, 0.909, 0.2083), ("125", 0.068, 0.2019, 0.090, 0.2134),
             ("rue", 0.094, 0.2019, 0.113, 0.2134), ("Lamartine", 0.117, 0.2019, 0.175, 0.2134),
             ("23/05/2025", 0.498, 0.2043, 0.564, 0.2158), ("26/05/2025", 0.724, 0.2043, 0.789, 0.2158),
             ("57000", 0.068, 0.2148, 0.105, 0.2263), ("Metz", 0.109, 0.2148, 0.137, 0.2263),
             ("3", 0.371, 0.2098, 0.379, 0.2213), ("84988061", 0.425, 0.2098, 0.484, 0.2213),
             ("211", 0.666, 0.2098, 0.687, 0.2213), ("2025/776088", 0.804, 0.2098, 0.880, 0.2213),
             ("mai", 0.895, 0.2098, 0.916, 0.2213), ("2025", 0.895, 0.2227, 0.924, 0.2342),
             ("Total", 0.600, 0.3000, 0.640, 0.3100), ("TTC", 0.645, 0.3000, 0.680, 0.3100),
             ("9", 0.800, 0.3000, 0.810, 0.3100), ("452,39", 0.812, 0.3000, 0.860, 0.3100)]
    assert propose(_boxed(words)).values().get("invoice_number") != "26"


def test_a_label_across_a_column_gap_between_two_rows_of_a_wrapped_grid_is_no_label():
    # blind 70127, its words as the text layer gave them: « Intestatario fattura » (the billed party's heading) and the
    # next cell's « N. » of « N. » / « notti », a third of a line lower, fall on one line: « fattura  N. » is two cells,
    # no invoice label over the room's « 530 ».
    words = [("Nota", 0.700, 0.0300, 0.750, 0.0460), ("di", 0.755, 0.0300, 0.775, 0.0460),
             ("credito", 0.780, 0.0300, 0.860, 0.0460),
             ("Intestatario", 0.078, 0.1464, 0.135, 0.1557), ("fattura", 0.138, 0.1464, 0.171, 0.1557),
             ("N.", 0.466, 0.1501, 0.478, 0.1594), ("Documento", 0.769, 0.1501, 0.827, 0.1594),
             ("Scadenza", 0.852, 0.1456, 0.899, 0.1548), ("Officina", 0.078, 0.1555, 0.129, 0.1664),
             ("Meccanica", 0.133, 0.1555, 0.201, 0.1664), ("Rossi", 0.205, 0.1555, 0.240, 0.1664),
             ("Stanza", 0.335, 0.1547, 0.368, 0.1639), ("Arrivo", 0.382, 0.1547, 0.415, 0.1639),
             ("il", 0.419, 0.1547, 0.425, 0.1639), ("notti", 0.466, 0.1592, 0.489, 0.1685),
             ("Partenza", 0.504, 0.1547, 0.547, 0.1639), ("il", 0.550, 0.1547, 0.557, 0.1639),
             ("N.", 0.587, 0.1547, 0.600, 0.1639), ("folio", 0.603, 0.1547, 0.626, 0.1639),
             ("Prenotazione", 0.689, 0.1547, 0.754, 0.1639), ("del", 0.769, 0.1592, 0.784, 0.1685),
             ("del", 0.852, 0.1547, 0.867, 0.1639), ("Corso", 0.078, 0.1662, 0.114, 0.1771),
             ("Vittorio", 0.117, 0.1662, 0.164, 0.1771), ("62", 0.244, 0.1662, 0.260, 0.1771),
             ("530", 0.335, 0.1637, 0.357, 0.1746), ("15/11/2024", 0.382, 0.1637, 0.451, 0.1746),
             ("1", 0.466, 0.1683, 0.473, 0.1792), ("16/11/2024", 0.504, 0.1637, 0.573, 0.1746),
             ("NC2024-6923", 0.587, 0.1637, 0.674, 0.1746), ("47862244", 0.689, 0.1637, 0.749, 0.1746),
             ("16/11/2024", 0.769, 0.1683, 0.838, 0.1792), ("pagamento", 0.852, 0.1637, 0.907, 0.1730),
             ("Totale", 0.600, 0.3000, 0.650, 0.3100), ("documento", 0.655, 0.3000, 0.730, 0.3100),
             ("3.025,36", 0.800, 0.3000, 0.870, 0.3100)]
    assert propose(_boxed(words)).values().get("invoice_number") != "530"


def test_a_day_and_its_month_wrapped_beside_a_grid_label_are_no_reference_wrapped_at_its_point():
    # blind 70071, its words as the text layer gave them: « 06. » over « Januar » (the arrival's date wrapped in its
    # cell) is no « 06.Januar » reference for « Folionummer »: its number is the one under it.
    words = [("Gastrechnung", 0.700, 0.0300, 0.860, 0.0460),
             ("Firma", 0.068, 0.1784, 0.105, 0.1887), ("Abreise", 0.308, 0.1750, 0.357, 0.1853),
             ("Anreise", 0.672, 0.1750, 0.720, 0.1853), ("Pension", 0.068, 0.1899, 0.134, 0.2020),
             ("Seeblick", 0.138, 0.1899, 0.207, 0.2020), ("am", 0.308, 0.1863, 0.328, 0.1966),
             ("am", 0.672, 0.1863, 0.692, 0.1966), ("Bitte", 0.838, 0.1883, 0.866, 0.1986),
             ("zahlbar", 0.870, 0.1883, 0.917, 0.1986), ("Zi.", 0.266, 0.1939, 0.282, 0.2042),
             ("08.", 0.308, 0.1977, 0.332, 0.2099), ("Folionummer", 0.374, 0.1939, 0.457, 0.2042),
             ("Gastkonto", 0.472, 0.1939, 0.537, 0.2042), ("Übernachtungen", 0.552, 0.1939, 0.657, 0.2042),
             ("06.", 0.672, 0.1977, 0.695, 0.2099), ("Beleg", 0.737, 0.1939, 0.774, 0.2042),
             ("vom", 0.778, 0.1939, 0.805, 0.2042), ("bis", 0.838, 0.1995, 0.856, 0.2098),
             ("Lindenweg", 0.068, 0.2032, 0.150, 0.2153), ("52", 0.154, 0.2032, 0.173, 0.2153),
             ("416", 0.266, 0.2054, 0.294, 0.2175), ("26-96906", 0.374, 0.2054, 0.445, 0.2175),
             ("8267653", 0.472, 0.2054, 0.537, 0.2175), ("2", 0.552, 0.2054, 0.561, 0.2175),
             ("2026-01-08", 0.737, 0.2054, 0.823, 0.2175), ("89073", 0.068, 0.2164, 0.115, 0.2286),
             ("Ulm", 0.120, 0.2164, 0.150, 0.2286), ("Januar", 0.308, 0.2110, 0.360, 0.2231),
             ("Januar", 0.672, 0.2110, 0.723, 0.2231), ("2026-02-22", 0.838, 0.2110, 0.924, 0.2231),
             ("2026", 0.308, 0.2243, 0.346, 0.2364), ("2026", 0.672, 0.2243, 0.709, 0.2364),
             ("Gesamtsumme", 0.600, 0.3000, 0.690, 0.3100), ("EUR", 0.760, 0.3000, 0.790, 0.3100),
             ("4.347,81", 0.800, 0.3000, 0.870, 0.3100)]
    assert propose(_boxed(words)).values().get("invoice_number") != "06.Januar"


def test_on_a_credit_note_the_invoice_named_after_the_credit_note_s_word_is_the_one_it_corrects():
    # « AVOIR » titled in a cell beside the logo; « Avoir sur facture n° 202605-5224 du 15/06/2026 »: the invoice the
    # credit note corrects, never its own number (blind 113128)
    values = read(["AS        AVOIR", "Altivea Serrurerie SA", "Note numéro : 2784", "Le : 27-06-2026",
                   "Total TTC  4 217,47 €", "Avoir sur facture n° 202605-5224 du 15/06/2026"])
    assert values.get("invoice_number") != "202605-5224"


@pytest.mark.parametrize("rows", [["Re.-Nr.: 202606-6331   Kasse: 1", "Es bediente Sie: Uwe   Beleg-Nr.: 125229"],
                                  ["Beleg-Nr.: 125229   Tisch-Nr.: 21", "Rg.-Nr.: 202606-6331"]])
def test_a_restaurant_s_invoice_number_is_its_invoice_s_abbreviated_label_s_not_the_till_voucher_s(rows):
    # a « Bewirtungsrechnung » prints the invoice's « Re.-Nr. » and the till's « Beleg-Nr. » (blind 113102): the
    # invoice's own word outranks a voucher's, as « Facture n° » outranks « Pièce n° »
    assert read(_DE + ["Bewirtungsrechnung", *rows] + _DE_TAIL)["invoice_number"] == "202606-6331"


def test_the_next_header_cell_s_value_one_space_after_the_number_is_not_read_on_with_it():
    # a hotel's narrow header grid (blind 113433, its words as the text layer gave them, the last column drawn a little
    # closer, one space after the number as on that page): « IN110862 » under « N° Facture »
    # and, one space after it, « 427 » at the left edge of « N° ch. »: the room's, not a group of the number
    words = [("Note", 0.700, 0.0300, 0.760, 0.0460),
             ("Nuitées", 0.073, 0.2279, 0.125, 0.2387), ("Le", 0.161, 0.2279, 0.176, 0.2387),
             ("Départ", 0.263, 0.2279, 0.309, 0.2387), ("le", 0.314, 0.2279, 0.326, 0.2387),
             ("Compte", 0.366, 0.2279, 0.419, 0.2387), ("Résa", 0.453, 0.2279, 0.485, 0.2387),
             ("n°", 0.489, 0.2279, 0.505, 0.2387), ("N°", 0.550, 0.2279, 0.567, 0.2387),
             ("Facture", 0.571, 0.2279, 0.621, 0.2387), ("N°", 0.633, 0.2279, 0.649, 0.2387),
             ("ch.", 0.654, 0.2279, 0.674, 0.2387), ("Date", 0.726, 0.2279, 0.758, 0.2387),
             ("3", 0.073, 0.2405, 0.083, 0.2532), ("12/06/2024", 0.161, 0.2405, 0.252, 0.2532),
             ("12/06/2024", 0.263, 0.2405, 0.354, 0.2532), ("303876", 0.366, 0.2405, 0.426, 0.2532),
             ("W2109818", 0.453, 0.2405, 0.539, 0.2532), ("IN110862", 0.550, 0.2405, 0.627, 0.2532),
             ("427", 0.633, 0.2405, 0.663, 0.2532), ("d'entrée", 0.726, 0.2403, 0.782, 0.2511),
             ("09/06/2024", 0.726, 0.2528, 0.817, 0.2656),
             ("Total", 0.600, 0.4000, 0.640, 0.4100), ("TTC", 0.645, 0.4000, 0.680, 0.4100),
             ("5", 0.800, 0.4000, 0.810, 0.4100), ("185,67", 0.812, 0.4000, 0.860, 0.4100)]
    assert propose(_boxed(words)).values().get("invoice_number") == "IN110862"


# Dolibarr's models (crabe, sponge) head the number « Réf. : » under the title, among « Réf. client », « Code client »
# and linked objects' references, and end the page with a legal footer run on in one line (« … - N° TVA : FR … »).
_DOLIBARR_HEAD = [
    "Le Goff Formation EURL                       Facture",
    "                                             Réf. : FA2405-7542",
    "                                             Réf. client : Chantier 701",
    "                                             Date facturation : 20/08/2025",
    "                                             Code client : CU2508-3392",
    "Total HT  10,00",
    "Total TTC  12,00",
]


def test_a_vat_number_printed_in_groups_after_a_bare_number_sign_is_no_invoice_number():
    footer = "EURL au capital de 10000,00 € - SIRET : 73104609000825 - RCS/RM : Caen B 731 046 090 - N° TVA : FR 01 731 046 090"
    assert read([*_DOLIBARR_HEAD, footer])["invoice_number"] == "FA2405-7542"


def test_the_page_counter_after_a_label_wrapped_at_the_end_of_its_line_is_no_invoice_number():
    footer = ["SA au capital de 10 000,00 € - SIRET : 494 945 991 00664 - RCS/RM : Valence B 494 945 991 - N°  1/1",
              "TVA : FR09494945991"]
    assert read([*_DOLIBARR_HEAD, *footer])["invoice_number"] == "FA2405-7542"


def test_the_invoice_a_credit_note_corrects_is_not_its_number():
    # Dolibarr's credit note (bills.lang « Correction facture » for the invoice it corrects)
    values = read([
        "Le Goff Formation EURL                       Facture avoir",
        "                                             Réf. : AV2601-8390",
        "                                             Date facturation : 20/01/2026",
        "                                             Correction facture : FA2601-7939",
        "Total TTC  -12,00",
    ])
    assert values.get("invoice_number") == "AV2601-8390"


def test_dolibarr_s_date_facturation_is_a_strong_issue_date_label():
    # Dolibarr's bills.lang DateInvoice « Date facturation » (no « de »), under « Réf. : » beside « Date échéance »
    fields = propose([page_from([*_DOLIBARR_HEAD[:3], "                                             Date échéance : 19/09/2025",
                                 *_DOLIBARR_HEAD[3:]])]).fields
    assert fields["issue_date"].value == "2025-08-20" and fields["issue_date"].confidence >= 0.8


def test_a_number_cut_short_on_its_line_is_taken_whole_from_where_it_is_read_whole():
    # a second page's running head cut to its lead (« continued » after it), the number whole in the reference panel
    values = read(["Northgate Energy", "Invoice no.  65 9774 7494", "Total charges  102,40 €",
                   "Invoice no. 65 9774 7494 continued"])
    assert values["invoice_number"] == "65 9774 7494"


@pytest.mark.parametrize("theirs", ["Ihr Schreiben vom", "Ihre Nachricht vom", "Ihre Anfrage vom"])
def test_the_date_of_the_customer_s_letter_in_a_german_information_block_is_not_the_issue_date(theirs):
    # DIN 5008: the block beside the address window dates the letter it answers, then the letter itself
    values = read(["Brévalis Logistik AG", "Kassenzeichen 8.8207.593463.6", f"{theirs} Montag, 6. Oktober 2025",
                   "Ansprechpartner Frau Krämer", "Datum Freitag, 24. Oktober 2025",
                   "Ihre Rechnung Nr. 45 9612 6882 vom Freitag, 24. Oktober 2025", "Rechnungsbetrag 5.234,94 €"])
    assert values["issue_date"] == "2025-10-24"


def test_a_folio_s_number_is_the_invoice_s_when_no_invoice_number_label_and_no_other_code_is_on_the_page():
    # a hotel's invoice numbered by its folio alone (blind 70108): no « Invoice no. » anywhere, the folio's the one code
    rows = ["Hotel Invoice", "Doyle & Sons Limited", "Occupant : Niamh Byrne", "Folio number  H9-732651",
            "Arrival date  14/02/26", "Tax point date  18/02/2026", "Total charges  € 1339.67"]
    found = propose([page_from(rows)]).fields["invoice_number"]
    assert found.value == "H9-732651" and found.confidence >= 0.3
    # an invoice's own number printed too: the folio's is the stay's account, never written as the invoice's
    other = propose([page_from(rows[:3] + ["Invoice no.  IN-2041"] + rows[3:])]).fields["invoice_number"]
    assert other.value == "IN-2041" or other.confidence < 0.3


@pytest.mark.parametrize(("lines", "number"), [
    (["Hostal La Alameda", "FACTURA RECTIFICATIVA", "21/02/2026", "#AB017018",
      "Número de factura  Fecha de factura  Referencia del pedido  Fecha del pedido",
      "#AB017018  21/02/2026  IVVUSMTMP  21/02/2026", "Factura de origen : #FA090928", "Total (IVA incl.)  94,38 €"],
     "AB017018"),
    (["Ferramenta Rossi S.r.l.", "NOTA DI CREDITO", "03/08/2026", "#NC007558",
      "Numero fattura  Data fattura  Rif. ordine  Data dell'ordine",
      "#NC007558  03/08/2026  KXQWEPLMN  01/08/2026", "Fattura di origine : #FT064557", "Totale (IVA incl.)  94,38 €"],
     "NC007558"),
])
def test_the_invoice_of_origin_a_credit_slip_names_is_another_document(lines, number):
    """A shop's credit slip (PrestaShop's « Factura de origen », « Fattura di origine ») names the invoice it corrects
    by a number of the same shape as its own: that number is the other document's."""
    assert read(lines)["invoice_number"] == number


@pytest.mark.parametrize(("lines", "number"), [
    (["Vitaméa Joinery Limited", "Order Number: 30776", "Date ordered: 13/05/2024", "Invoice Number: 8",
      "Invoice Date: 16/05/2024", "Total  €12.00"], "8"),
    (["Atelier Martin", "Numéro de facture : 3", "Date de facture : 05/03/2024", "Total TTC  12,00 €"], "3"),
    (["Schreinerei Vogel", "Rechnungsnummer: 5", "Bestellnummer: 10452", "Gesamtsumme  12,00 €"], "5"),
])
def test_a_first_invoice_s_one_digit_number_after_a_strong_label_is_read(lines, number):
    """A new shop's first invoices are numbered 1, 2, 3… (WooCommerce PDF Invoices' counter starts at 1)."""
    assert read(lines)["invoice_number"] == number


def test_a_lone_digit_after_a_weak_label_or_before_more_words_is_no_invoice_number():
    assert read(["Atelier Martin", "Facture FA-2024-0117", "N° 1", "Total TTC  12,00 €"])["invoice_number"] == "FA-2024-0117"
    assert read(["Atelier Martin", "Numéro de facture : 1 sur 2", "Total TTC  12,00 €"])["invoice_number"] != "1"


@pytest.mark.parametrize("said", ["Tipo de factura: Ordinaria (no rectificativa)", "Serie: A   Rectificativa: No"])
def test_an_invoice_that_says_it_is_no_corrective_one_stays_an_invoice(said):
    # an ERP prints its « rectificativa » field on every invoice: « No » there is an ordinary invoice (380), not 381
    page = ["Distribuciones Ruiz S.L.", "CIF: B12345674", "FACTURA Nº 2024-0117", "Fecha de factura: 05/03/2024", said,
            "Base imponible          25,00 €", "IVA 21 %   25,00   5,25 €", "Total factura         30,25 €"]
    assert read(page)["document_type_code"] == "380"


@pytest.mark.parametrize(("line", "number"), [
    # a certified till's small print (NF525 in France, the TSE in Germany, the RT in Italy, VeriFactu in Spain)
    ("Logiciel Caissa Pro 4.2 – Certificat NF525 n° 655-25 – Empreinte 1713DF7CD502C99E", "4420"),
    ("Software Caissa Pro 4.2 – Certificate no. 870-21 – Signature CEE1CDF99A26", "4420"),
    ("Kassensoftware TillMaster 7.1 – TSE-Seriennr. 492-85 – TSE-Signatur 275DBFAD", "4420"),
    ("Software di cassa Restoflow 3.0.8 – Matricola RT 894-80 – Sigillo 77682C54", "4420"),
    ("Programa de caja Restoflow 3.0.8 – Código VeriFactu n° 894-80 – Firma 77682C54", "4420"),
    # the register's closing (« Z ») report the ticket falls in
    ("Clôture n° 457", "4420"), ("Z report no. 457", "4420"), ("Chiusura n. 457", "4420"), ("Cierre Z nº 457", "4420"),
])
def test_a_till_s_certificate_signature_and_closing_numbers_are_not_the_bill_s(line, number):
    values = read(["Brasserie du Port", "ADDITION", "Note numéro  4420", "Table  12   Couverts  4", "Total TTC  46,88 €", line])
    assert values["invoice_number"] == number


@pytest.mark.parametrize(("label", "number"), [
    # a till's or a restaurant's own number, worded as tills print it (uniCenta / Chromis « Ticket # », « Scontrino # »)
    ("Note numéro", "9395"), ("Note #", "9395"), ("Ticket numéro", "661024"), ("Folio numéro", "68755/5"),
    ("Bill #", "9395"), ("Belegnummer", "34760"), ("Beleg-Nr.:", "34760"), ("Tique nº", "4491"), ("Ticket #", "4491"),
])
def test_a_till_s_own_number_labels_name_the_bill_s_number(label, number):
    values = read(["Brasserie du Port", f"{label}  {number}", "Table  12   Couverts  4", "Total TTC  46,88 €"])
    assert values["invoice_number"] == number


def test_an_italian_pms_s_english_invoice_line_names_its_number():
    # HotelDruid's English template: « Invoice n. [number] released on [date] », a till's certificate at the foot
    values = read(["Hotel Doyle", "Invoice n. 433 released on 2026-03-18", "Invoice total  € 1113.77",
                   "Software HotelDesk 12.4 – Certificate no. 998-13 – Signature 5BC0B6044983"])
    assert values["invoice_number"] == "433"


@pytest.mark.parametrize(("lines", "number"), [
    # a till's slip: the receipt's number, the till's register below it
    (["Receipt No: 9827", "Date: 05/01/2025 18:02", "Till no. 01", "Served by: Ciarán", "Table: 9"], "9827"),
    (["Ticket n° T1181570", "Le 2024-10-19 18:54", "Caisse n° 02", "Opérateur Aurélie"], "T1181570"),
    (["Kassen-Nr. 02", "Bon-Nr. 34760", "Tisch 12"], "34760"),
    (["Cassa n. 05", "Scontrino n. 32469", "Tavolo n. 4"], "32469"),
    (["Caja nº 3", "Ticket # 4491", "Mesa núm. 5"], "4491"),
])
def test_a_till_s_register_number_is_not_its_ticket_s(lines, number):
    assert read(["Brasserie du Port", *lines, "Total TTC  46,88 €"])["invoice_number"] == number


def test_a_ticket_de_caisse_label_still_names_the_ticket_s_number():
    assert read(["Brasserie du Port", "Ticket de caisse n° 4478", "Total TTC  46,88 €"])["invoice_number"] == "4478"


def test_a_tax_invoice_s_number_is_the_invoice_s_beside_a_till_receipt_s():
    # « Tax invoice » is the invoice's own title in English-speaking countries, no tax's identifier
    values = read(["Sylvane Facilities DAC", "Tax invoice no.  FC373931", "Receipt # T3154836", "Total due  €6,644.14"])
    assert values["invoice_number"] == "FC373931"


def test_a_french_invoice_number_abbreviated_n_dot_is_read():
    values = read(["Brévalis Couverture SAS", "Restaurant Le Galion EURL", "Facture n. 2091 du 13-01-2026",
                   "Montant total de la facture  15 082,36 €"])
    assert values["invoice_number"] == "2091"


@pytest.mark.parametrize("lines", [
    ["Sales receipt: 9827", "Date: 05/01/2025 18:02", "Till no. 01", "Served by: Ciarán", "Table: 9"],
    ["Date : 19/10/2024", "Caisse n° 02", "Opérateur Aurélie"],
    ["Date: 19/10/2024", "Till no. 01", "Served by: Ciarán"],
    ["Datum: 19.10.2024", "Kassen-Nr. 02"],
])
def test_a_till_s_register_number_is_never_written_as_the_bill_s(lines):
    assert read(["Brasserie du Port", *lines, "Total TTC  46,88 €"]).get("invoice_number") not in ("01", "02")


@pytest.mark.parametrize(("sentence", "iso"), [
    # the due date said in the closing sentence of a letter-like invoice, no label of its own
    ("Die Rechnung ist zahlbar zum 25.02.2025 rein netto ohne Abzug.", "2025-02-25"),
    ("Der Betrag ist zahlbar am 03.04.2025 ohne Abzug.", "2025-04-03"),
    ("This invoice is payable on 25/02/2025 by bank transfer.", "2025-02-25"),
    # what is paid said between the verb and the day
    ("Bitte überweisen Sie den Rechnungsbetrag bis zum 25.02.2025 auf unser Konto.", "2025-02-25"),
    ("Merci de régler cette facture avant le 25/02/2025.", "2025-02-25"),
    ("Please pay this invoice no later than 25/02/2025.", "2025-02-25"),
    ("Rogamos abonen el importe antes del 25/02/2025.", "2025-02-25"),
])
def test_a_due_date_said_in_a_sentence_of_payment(sentence, iso):
    values = read(["Muster GmbH", "Rechnung Nr. R-12", "Rechnungsdatum 18.02.2025", "Gesamtbetrag  9,90 €", sentence])
    assert values["due_date"] == iso
    assert values["issue_date"] == "2025-02-18"
