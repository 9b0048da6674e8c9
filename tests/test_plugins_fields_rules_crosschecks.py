"""Field rules that choose among candidates by cross-checks and page geometry (issue 13, « readings that
hold on invoices never seen »): what else the page says of its other dates and identifiers, not wording.

Each page is written by hand the way an invoice prints; none is copied from a generated sample.
"""

from __future__ import annotations

import pytest

from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose
from guichet.plugins.fields_rules.numbers import SURE_ISSUE_DATE

#: What a conversion with no person needs of an issue date when the page prints other dates
#: (``PAPER_SURE_DATE`` of ``guichet convert``).
PAPER_SURE_DATE = 0.7


def _issue(rows: list[str]) -> tuple[str | None, float]:
    field = propose([page_from(rows)]).fields.get("issue_date")
    return (field.value, field.confidence) if field is not None else (None, 0.0)


def test_the_paper_gate_s_bar_is_the_one_the_rule_clears():
    from guichet.plugins.validate_en16931 import convert

    assert convert.PAPER_SURE_DATE == PAPER_SURE_DATE < SURE_ISSUE_DATE


def test_a_date_after_a_bare_date_label_is_sure_when_the_other_dates_are_said_to_be_others():
    """« Date : » alone is a weak label; the delivery date and the due date have their own labels, so the
    one date left is the invoice's: sure enough to convert with no person."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Facture n° FA-2031",
        "Date de livraison : 02/03/2024",
        "Date : 05/03/2024",
        "Échéance : 04/04/2024",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05" and confidence >= PAPER_SURE_DATE


def test_the_end_of_a_period_whose_start_is_labelled_is_explained_too():
    value, confidence = _issue([
        "Régie des eaux du Val",
        "Facture n° 2024-88812",
        "Période de consommation : 01/01/2024 au 31/03/2024",
        "Date : 10/04/2024",
        "Total TTC  57,30 €",
    ])
    assert value == "2024-04-10" and confidence >= PAPER_SURE_DATE


def test_a_date_nothing_explains_leaves_a_bare_date_label_unsure():
    """A date in the lines' table says nothing of what it is: it could be the invoice's, the weak label's
    date stays below the paper gate's bar."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Facture n° FA-2031",
        "Client : Garage Dumont",
        "12 rue des Lilas",
        "Date : 05/03/2024",
        "Désignation  Jour  Montant",
        "Forfait  01/03/2024  100,00",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05" and confidence < PAPER_SURE_DATE


def test_a_bare_date_label_stacked_under_the_number_s_label_dates_the_invoice():
    """« N° facture » then « Date » at the same left edge: the number's block; its date is the invoice's
    even though a date of the table says nothing of itself."""
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "N° facture : FA-2031",
        "Date : 05/03/2024",
        "Désignation  Jour  Montant",
        "Forfait  01/03/2024  100,00",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05" and confidence >= PAPER_SURE_DATE


def test_a_bare_date_label_away_from_the_number_s_block_stays_unsure():
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "N° facture : FA-2031",
        "Client : Garage Dumont",
        "12 rue des Lilas",
        "                                  Date : 05/03/2024",
        "Désignation  Jour  Montant",
        "Forfait  01/03/2024  100,00",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05" and confidence < PAPER_SURE_DATE


def _buyer(rows: list[str]) -> str | None:
    return propose([page_from(rows)]).values().get("buyer_name")


#: A letter: the seller's letterhead block at the top left, the addressee in a window on the right, and
#: another address lower on the page with no heading (where the work was done): rows 2 % of a page apart.
WINDOW_LETTER = [
    "Plomberie Arnaud",
    "4 rue du Four",
    "69001 Lyon",
    "", "", "",
    "                                             Garage Dumont",
    "                                             12 avenue Foch",
    "                                             75016 Paris",
    "",
    "Facture n° FA-2031",
    "Date de facture : 05/03/2024",
    "Désignation  Montant",
    "Remplacement chauffe-eau  1000,00",
    "Total HT  1000,00 €",
    "TVA 20 %  200,00 €",
    "Total TTC  1200,00 €",
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "Résidence Les Tilleuls",
    "8 chemin des Vignes",
    "69230 Saint-Genis-Laval",
    "",
    "Plomberie Arnaud – SIRET 732 829 320 00074",
]


def test_the_block_in_the_envelope_window_is_the_buyer_s_among_several():
    assert _buyer(WINDOW_LETTER) == "Garage Dumont"


def test_two_blocks_in_the_window_band_name_no_buyer():
    rows = list(WINDOW_LETTER)
    rows[6:9] = ["Résidence Les Tilleuls" + " " * 23 + "Garage Dumont",
                 "8 chemin des Vignes" + " " * 26 + "12 avenue Foch",
                 "69230 Saint-Genis-Laval" + " " * 22 + "75016 Paris"]
    rows[32:35] = ["", "", ""]
    assert _buyer(rows) is None


def test_a_stay_s_arrival_and_departure_are_no_issue_date_and_explain_themselves():
    """A hotel's bill: the stay's dates head their own columns; the bare « Date » is the bill's."""
    value, confidence = _issue([
        "Hôtel du Parc",
        "Facture n° H-2024-1187",
        "Client : Garage Dumont",
        "12 avenue Foch",
        "Arrivée  Départ  Nuits",
        "03/03/2024  05/03/2024  2",
        "Date : 06/03/2024",
        "Total TTC  240,00 €",
    ])
    assert value == "2024-03-06" and confidence >= PAPER_SURE_DATE


def _number(rows: list[str]) -> tuple[str | None, float]:
    field = propose([page_from(rows)]).fields.get("invoice_number")
    return (field.value, field.confidence) if field is not None else (None, 0.0)


#: The document's title block at the top right: the title alone, its number, then its date, no labels.
TITLE_BLOCK = [
    "Atelier Bernard SARL",
    "12 rue des Lilas",
    "69001 Lyon",
    "                         FACTURE",
    "                         2024-0012",
    "                         05/03/2024",
    "Client : C-1234",
    "Livraison du 01/03/2024",
    "Total TTC  120,00 €",
]


def test_the_number_and_the_date_alone_under_the_title_are_the_invoice_s():
    assert _number(TITLE_BLOCK)[0] == "2024-0012"
    value, confidence = _issue(TITLE_BLOCK)
    assert value == "2024-03-05" and confidence >= PAPER_SURE_DATE


def test_under_the_title_a_number_sign_may_open_the_number_but_an_address_is_none():
    rows = list(TITLE_BLOCK)
    rows[3:6] = ["                         INVOICE", "                         # INV-2024-0012", "                         March 5, 2024"]
    assert _number(rows)[0] == "INV-2024-0012"
    rows[3:6] = ["                         FACTURE", "                         12 rue des Lilas", "                         69001 Lyon"]
    assert _number(rows)[0] is None
    rows[3:6] = ["                         FACTURE", "                         12", "                         Lyon"]
    assert _number(rows)[0] is None  # one to three digits: a street or a page number


def test_a_number_label_wrapped_in_its_cell_reads_whole_and_its_value_is_beside_it():
    """« Numéro de » / « facture » in a narrow label cell, the number centred beside them; the buyer's block
    in the next column prints a number on the label's last line, and a date's year wraps under « Date de »."""
    rows = [
        "Plomberie Chevalier SA",
        "FACTURE",
        "Numéro de               Garage Dumont",
        "               R20241106-67",
        "facture                 3348",
        "                        12 avenue Foch",
        "Date de       6 novembre",
        "facture       2024      75016 Paris",
        "Total TTC  120,00 €",
    ]
    assert _number(rows)[0] == "R20241106-67"
    rows[2:5] = ["Invoice                 Garage Dumont", "               F202635826", "Number                  3348"]
    assert _number(rows)[0] == "F202635826"


def test_a_bare_year_after_a_weak_label_is_no_number():
    rows = [
        "Plomberie Chevalier SA",
        "Fecha de",
        "Factura 2025",
        "Total  120,00 €",
    ]
    assert _number(rows)[0] is None


@pytest.mark.parametrize(("label", "number"), [
    ("Credit note number:", "2031"),  # a strong label of a late rank: its score falls under 0.85
    ("Bill No:", "1987"),
    ("Invoice number", "1987"),  # across a wide gap: -0.15
])
def test_a_number_that_looks_like_a_year_after_a_strong_label_is_kept(label, number):
    gap = " " * 30 if label == "Invoice number" else " "
    assert _number(["Plomberie Chevalier SA", f"{label}{gap}{number}", "Total  120,00 €"])[0] == number


def _seller(rows: list[str]) -> str | None:
    return propose([page_from(rows)]).values().get("seller_name")


#: An invoicing program's layout: the seller's name over its VAT number at the top left, its address in the
#: next column; the buyer's block with a legal form under it; the seller again in a one-line footer.
PROGRAM_LAYOUT = [
    "JJAH S.r.l.      78 Via Dante",
    "IT79633500875    22343 Torino",
    "                 Italia",
    "",
    "Forniture Bianchi S.n.c.     Numero Fattura  2023-3623",
    "58 Piazza Verdi              Data Fattura  28/12/2023",
    "54487 Napoli",
    "Descrizione  Totale",
    "Manodopera  106,14 €",
    "Subtotale  106,14 €",
    "IVA 22%  23,35 €",
    "Totale  129,49 €",
    "JJAH S.r.l. · 78 Via Dante · 22343 Torino · IT79633500875",
]


def test_the_owner_of_the_vat_number_that_ends_a_one_line_address_is_the_seller():
    assert _seller(PROGRAM_LAYOUT) == "JJAH S.r.l."


def test_a_name_over_its_vat_number_is_a_name_and_a_postcode_line_is_none():
    rows = [
        "OLIVER O'CONNOR   30 High Street",
        "GB423011614       LS7 9HJ London",
        "                  United Kingdom",
        "",
        "Anna Hoffmann       Invoice Number  FC/2023/784",
        "96 Hauptstraße      Invoice Date  January 4, 2023",
        "22463 Leipzig",
        "Germany",
        "Total  52.42 EUR",
    ]
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.names import _letterhead

    names = [c.value for c in _letterhead(make_lines([page_from(rows)]), None)]
    assert "OLIVER O'CONNOR" in names and "LS7 9HJ London" not in names
    assert _seller([*rows, "OLIVER O'CONNOR · 30 High Street · LS7 9HJ London · GB423011614"]) == "OLIVER O'CONNOR"


def test_a_vat_cell_on_each_line_of_the_table_is_no_vat_total():
    """Each article line prints its tax (« TVA 20 % ») before its amount, as invoicing programs do: the label
    repeated down a column is a cell of the lines, and the VAT total is the one under the subtotal."""
    rows = ["Pépinières Lumière SARL", "FACTURE N° INV-04", "Article  Coût unitaire  Quantité  Taxe  Total"]
    rows += [f"Article {n}  {n},00 €  {n}  TVA 20 %  {n * n},00 €" for n in range(2, 9)]
    rows += ["Sous-total  203,00 €", "TVA 20%  40,60 €", "Total  243,60 €"]
    values = propose([page_from(rows)]).values()
    assert (values["total_without_tax"], values.get("total_tax"), values["total_with_tax"]) == ("203.00", "40.60", "243.60")


def test_a_date_under_a_header_row_below_the_title_is_that_header_s_not_the_title_s():
    """The title over a header row (« N° de pièce  Date  Échéance ») whose due-date column lies under it: the
    date there is the due date; the issue date is the one under « Date »."""
    value, _confidence = _issue([
        "7B Maison                                   FACTURE",
        "50 chemin des Vignes",
        "88132 Paris       N° de pièce  Date        Échéance    Réf. client",
        "Tél. 02 42 63 70 24  74980     2020-09-22  2020-10-22  C18951",
        "Total TTC  64 465,03 EUR",
    ])
    assert value == "2020-09-22"


def test_a_line_s_vat_cell_gives_its_rate_and_is_no_unit_price():
    """« Qté  Prix  Taxe  Montant » with the line's VAT in its own column: the rate is the one VAT ÷ amount
    gives to the cent, the unit price the cell before it; a row « qty  price  amount » keeps its price."""
    from guichet.plugins.fields_rules.lines import make_lines

    rows = [
        "Désignation   Quantité   Prix   Taxe   Montant",
        "Papier A4 80 g   5   183,48 €   91,74 €   917,40 €",
        "Formation bureautique   11,5   68,26 €   16,48 €   784,99 €",
        "Crayons   10   2,00   20,00",
        "Total HT   1 722,39",
    ]
    from guichet.plugins.fields_rules.propose import table_lines

    items = table_lines(make_lines([page_from(rows)]))
    assert [(i.vat_rate, i.unit_price, i.amount) for i in items] == [
        ("10", "183.48", "917.40"), ("2.1", "68.26", "784.99"), (None, "2.00", "20.00")]


#: A bill whose lines' table has a date column (a service's day on each row), its date beside the title.
DATED_ROWS = [
    "Facture                                          Date : 28/06/2023",
    "Atelier Bernard SARL",
    "12 rue des Lilas",
    "69001 Lyon",
    "Numéro de facture : FA-2031",
    "Échéance : 13/07/2023",
    "Date        Description        Quantité   Prix total",
    "25/06/2023  Câble 3G2,5        4          7 288,80 €",
    "27/06/2023  Réparation moteur  2          666,46 €",
    "Total HT  7 955,26 €",
    "TVA 20 %  1 591,05 €",
    "Total TTC  9 546,31 €",
]


def test_the_dates_of_a_lines_table_with_a_date_column_are_the_lines_own():
    """Each row of a table whose header has a « Date » column dates that line (a day of service, a
    night): the one date left, after a bare « Date » label, is the invoice's."""
    value, confidence = _issue(DATED_ROWS)
    assert value == "2023-06-28" and confidence >= PAPER_SURE_DATE


def test_a_dated_row_after_the_totals_is_no_line_of_the_table():
    """Below the totals, a dated row with an amount (an instalment, a payment) belongs to no line: unsure."""
    rows = ["Atelier Bernard SARL                             Date : 28/06/2023", *DATED_ROWS[2:]]
    assert _issue(rows)[1] >= PAPER_SURE_DATE
    value, confidence = _issue([*rows, "Acompte reçu  15/06/2023  500,00 €"])
    assert value == "2023-06-28" and confidence < PAPER_SURE_DATE


def test_a_date_the_due_date_repeats_is_still_the_issue_date_when_read_surely():
    """Payable on receipt: « Échéance » prints the issue date again; a date read surely under its own label
    elsewhere is no due date taken for the issue date."""
    rows = list(DATED_ROWS)
    rows[5] = "Échéance : 28/06/2023"
    value, confidence = _issue(rows)
    assert value == "2023-06-28" and confidence >= PAPER_SURE_DATE


def test_a_bare_date_label_under_the_invoice_s_titled_number_label_dates_it():
    """« FACTURE N° : » then « Date : » at the same left edge, their values far right: the invoice's block,
    even when the number's label is read a little weakly (its value far from it)."""
    value, confidence = _issue([
        "LE FOURNISSEUR                 FACTURE N° :                          F20260026",
        "                               Date :                                31/01/2026",
        "35 rue d'ici  75018 Paris",
        "DATE DE LIVRAISON : 28/01/2026",
        "Forfait  01/01/2026 au 31/01/2026  100,00",
        "Date début : 01/01/2026",
        "Total TTC  120,00 €",
    ])
    assert value == "2026-01-31" and confidence >= PAPER_SURE_DATE


@pytest.mark.parametrize("start, end", [
    ("Date de début de prestation", "Date de fin de prestation"), ("Start date", "End date"),
    ("Leistungsbeginn", "Enddatum"), ("Fecha de inicio", "Fecha de fin"), ("Data di inizio", "Data di fine")])
def test_the_bounds_of_a_period_are_not_the_issue_date(start, end):
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Client : Garage Dumont",
        "12 rue des Lilas",
        "Facture FA-2031",
        "                                  Date : 31/01/2026",
        f"{start} : 01/01/2026",
        f"{end} : 31/12/2026",
        "Total TTC  120,00 €",
    ])
    assert value == "2026-01-31" and confidence >= PAPER_SURE_DATE


def test_dot_leaders_between_a_label_and_its_date_are_no_distance():
    value, confidence = _issue([
        "Menuiserie Atlantique SARL                  Facture",
        "115 avenue Jean Jaurès      Facture n° ................ 2025/747",
        "09476 Nantes                Date .................... 13.12.2025",
        "                            Date de livraison ....... 06.12.2025",
        "                            Date d'échéance ......... 11.02.2026",
        "Total TTC ................. 424,18 EUR",
    ])
    assert value == "2025-12-13" and confidence >= PAPER_SURE_DATE


def test_a_hotel_folio_s_nights_under_debit_and_credit_columns_are_the_lines_own():
    value, confidence = _issue([
        "HÔTEL DU PARC",
        "12 avenue Foch 75016 Paris",
        "Client : Garage Dumont",
        "                                      Date : 12/03/2024",
        "Chambre : 214",
        "Date        Libellé                 Débit      Crédit",
        "10/03/2024  Hébergement             120,00",
        "11/03/2024  Petit-déjeuner          15,00",
        "Total TTC  135,00 €",
    ])
    assert value == "2024-03-12" and confidence >= PAPER_SURE_DATE


@pytest.mark.parametrize("row", [
    "Devis n° D-2024-012 du 12/02/2024 accepté le 15/02/2024", "Retour reçu le 01/03/2024",
    "Index au 30/11/2023 : 1180", "Début des travaux prévu le 01/04/2024",
    "Accepted on 15/02/2024", "Unterschrieben am 15.02.2024",
    # the next bill, a balance, a contract, a guarantee, a customer since, a price list's day
    "Prochaine facture vers le 05/05/2024", "Next invoice on 05/05/2024", "Client depuis le 01/01/2019",
    "Votre contrat du 01/01/2020", "Solde au 01/03/2024 : 0,00", "Garantie jusqu'au 01/03/2026", "Stand: 01.03.2024",
    "Saldo al 01/03/2024", "Válido hasta el 30/04/2024", "Tarifs en vigueur au 01/01/2024"])
def test_a_date_said_of_an_acceptance_a_return_a_reading_or_a_plan_is_no_issue_date(row):
    value, confidence = _issue([
        "Maçonnerie Dubois SARL",
        "Client : Garage Dumont",
        "12 rue des Lilas",
        "Facture FA-2024-031",
        "                                  Date : 05/03/2024",
        row,
        "Total TTC  3 300,00 €",
    ])
    assert value == "2024-03-05" and confidence >= PAPER_SURE_DATE


def test_a_date_after_a_strong_label_joined_to_another_by_a_spaced_slash_is_the_issue_date():
    value, confidence = _issue([
        "Facture",
        "Vendu par : Shop SARL",
        "Date de la commande : 01/03/2024",
        "Date de facture / Date de livraison : 03/03/2024",
        "Total TTC  30,00 €",
    ])
    assert value == "2024-03-03" and confidence >= PAPER_SURE_DATE


@pytest.mark.parametrize("label", ["Date d'établissement", "Raised on"])
def test_a_strong_label_low_in_its_list_is_sure_when_no_other_strong_label_says_otherwise(label):
    value, confidence = _issue([
        "Atelier Bernard SARL",
        "Client : Garage Dumont",
        "12 rue des Lilas",
        "Facture FA-2031",
        f"                                  Livraison     {label}",
        "                                  02/03/2024    05/03/2024",
        "Désignation  Jour  Montant",
        "Forfait  01/03/2024  100,00",
        "Total TTC  120,00 €",
    ])
    assert value == "2024-03-05" and confidence >= PAPER_SURE_DATE


def test_a_receipt_s_payment_date_is_sure_when_the_other_dates_are_a_period():
    value, confidence = _issue([
        "Receipt",
        "Acme Cloud Ltd",
        "Receipt number  2231-0098",
        "Date paid  March 5, 2024",
        "Pro plan  Mar 5, 2024 – Apr 5, 2024  20.00",
        "Total  24.00",
    ])
    assert value == "2024-03-05" and confidence >= PAPER_SURE_DATE


def test_the_one_unlabelled_date_of_the_header_is_sure_when_the_others_are_said_to_be_others():
    rows = [
        "Atelier Bernard SARL",
        "12 rue des Lilas                                05/03/2024",
        "Facture FA-2031",
        "Date de livraison : 02/03/2024",
        "Total TTC  120,00 €",
    ]
    value, confidence = _issue(rows)
    assert value == "2024-03-05" and confidence >= PAPER_SURE_DATE
    rows.insert(4, "Forfait  01/03/2024  100,00")  # a date nothing explains: unsure again
    assert _issue(rows)[1] < PAPER_SURE_DATE
