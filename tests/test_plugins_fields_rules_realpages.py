"""Readings as real invoices of other issuers print them (issue 13, the « réelles » set's tuning part).

Each page is invented; it only takes the layout of a kind of invoice: a header row of totals whose values sit
lower beside the footer's legal text, totals printed only in a VAT table, a combined date label, the
seller's name in a sender line or after « From: », the parties' blocks in two columns.
"""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose
from guichet.plugins.fields_rules.lines import make_lines
from guichet.plugins.fields_rules.names import _letterhead, name_like, _sender_line_names, _sentence_around


def test_a_deposit_under_a_row_of_total_labels_is_no_grand_total():
    # the labels on one row, their values two lines lower beside left-column legal text, then a deposit
    values = propose([page_from([
        "FACTURE N° FA-31",
        "Désignation  Qté  PU HT  Montant HT",
        "Maintenance annuelle  1  250,00  250,00",
        "Déplacement  2  25,00  50,00",
        "Pénalités de retard au taux légal                            TOTAL HT  TOTAL TVA  TOTAL TTC",
        "majoré de trois points.",
        "Aucun escompte pour paiement anticipé.                       300,00    60,00      360,00",
        "                                                             Acompte :            50,00",
        "Échéance : 30/06/2024                                        NET A PAYER          310,00 EUR",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == (
        "300.00", "60.00", "360.00")


def test_after_a_deposit_the_net_to_pay_is_no_total_even_with_no_vat():
    values = propose([page_from([
        "FACTURE N° FA-32",
        "Prestation exonérée  1  80,00  80,00",
        "Pénalités de retard au taux légal                            TOTAL HT  TOTAL TVA  TOTAL TTC",
        "majoré de trois points.",
        "Aucun escompte pour paiement anticipé.                       80,00     0,00       80,00",
        "                                                             Montant déjà payé :",
        "                                                                                  15,00",
        "Échéance : 30/06/2024                                        NET A PAYER          65,00 EUR",
    ])]).values()
    assert (values["total_without_tax"], values["total_with_tax"], values["amount_due"]) == ("80.00", "80.00", "65.00")


def test_totals_printed_only_as_the_unlabelled_row_of_a_vat_table():
    values = propose([page_from([
        "                                                            INVOICE 2024/78",
        "From: Camp Gear BV  To: Jansen, Piet",
        "Item:  Price:  Qty: Subtotal:  VAT:  Total:",
        "Camping chair  30.00  2  60.00  21.00  72.60",
        "Lantern  12.00  4  48.00  21.00  58.08",
        "Tent  13.00  1  13.00  21.00  15.73",
        "Stove  4.00  3  12.00  21.00  14.52",
        "TAX:  % Base amount:  Tax amount:  Total:  Curr.:",
        "    VAT  21.00  133.00  27.93  160.93 EUR",
        "                       133.00  27.93  160.93 EUR",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == (
        "133.00", "27.93", "160.93")
    values = propose([page_from([  # two rates: the totals row is the sum of the rows above it
        "INVOICE 2024/77",
        "Item:  Price:  Qty:  Subtotal:  VAT:  Total:",
        "Camping chair  30.00  2  60.00  21.00  72.60",
        "Lantern  12.50  4  50.00  21.00  60.50",
        "Tent pegs  2.00  10  20.00  6.00  21.20",
        "TAX:  %  Base amount:  Tax amount:  Total:  Curr.:",
        "VAT  6.00  20.00  1.20  21.20  EUR",
        "VAT  21.00  110.00  23.10  133.10  EUR",
        "                130.00  24.30  154.30  EUR",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == (
        "130.00", "24.30", "154.30")


def test_a_label_naming_the_delivery_and_the_issue_date_gives_the_issue_date():
    values = propose([page_from([
        "Holzwerk Sommer GmbH",
        "Rechnungsnummer: 2023-118  Liefer- und Rechnungsdatum: 3. März 2023",
        "Gesamtbetrag  119,00 EUR",
    ])]).values()
    assert values["issue_date"] == "2023-03-03"
    values = propose([page_from([
        "Joinery Dupont Ltd",
        "INVOICE No. 2023-119   Delivery and invoice date: 7 April 2023",
        "Total due  240.00 GBP",
    ])]).values()
    assert values["issue_date"] == "2023-04-07"


def test_the_seller_is_the_name_right_of_from_and_not_the_line_under_it():
    values = propose([page_from([
        "                                                  INVOICE 55/0012",
        "From: Larkspur Outdoor  To: Moreau, Anne",
        "Harbour Business Park  12 Quay Street",
        "Dock Road 4",
        "BE-2000 Antwerpen  BE-9000 Gent",
        "Item:  Price:  Qty:  Total:",
        "Rope  10.00  2  20.00",
        "Total due:  24.20 EUR",
    ])]).values()
    assert values["seller_name"] == "Larkspur Outdoor"


def test_the_sender_line_over_the_window_names_the_seller_not_a_sentence_ending_with_it():
    lines = make_lines([page_from([
        "Kessel & Sohn GmbH · Hafenweg 3 · 281950 Bremen  Lieferanschrift  Fragen? Sie erreichen uns unter",
        "Anna Berger  Hauptstraße 9  Kessel & Sohn GmbH",
        "Rechnung R-2207",
    ])])
    assert [c.value for c in _sender_line_names(lines, None)] == ["Kessel & Sohn GmbH"]
    assert _sentence_around("Sie erreichen uns unter Kessel & Sohn GmbH", "Kessel & Sohn GmbH")
    assert not _sentence_around("Pépinières Garnier SA", "Garnier SA")


def test_a_section_heading_a_profile_or_a_country_code_is_no_name():
    for heading in ("Représentant Fiscal", "Nos références", "Factur-X 1.0 Profil BASIC", "FR", "No"):
        assert not name_like(heading), heading
    assert name_like("Atelier Verdier")


def test_a_name_starting_with_societe_is_a_name_and_the_block_with_the_ids_under_it_the_buyer():
    values = propose([page_from([
        "                                                                  FACTURE",
        "                                                                  n° 2024-311",
        "Société Nautique du Lac",
        "5, quai des Brumes",
        "74000 Annecy",
        "+33 450000000",
        "contact@nautique-du-lac.fr",
        "                                                  Quadrant Conseil SAS",
        "                                                  12, rue Molière",
        "                                                  69006 Lyon",
        "                                                  TVA : FR44732829320",
        "                                                  SIRET : 73282932000074",
        "Description  Quantité  Prix Unitaire HT  TVA  Total HT",
        "Location de voilier  2  150,00 €  20 %  300,00 €",
        "Total TVA  60,00 €",
        "Montant Total TTC  360,00 €",
    ])]).values()
    assert (values["seller_name"], values["buyer_name"]) == ("Société Nautique du Lac", "Quadrant Conseil SAS")


def test_a_recipient_name_wrapped_over_two_lines_under_the_sender_line():
    values = propose([page_from([
        "                                                            Holm Werkzeuge GmbH",
        "Holm Werkzeuge GmbH  ●  Am Anger 4  ●  34117 Kassel",
        "Nordlicht Planung und  fon  (0561) 10 20 30",
        "Beratung GmbH  fax  (0561) 10 20 31",
        "Jens Albers",
        "Kieler Str. 12  info@holm.example",
        "                                                            http://holm.example/",
        "24103 Kiel",
        "Rechnung # RE-4471 von 03.05.2024",
        "Menge  Produkt  USt.  Preis  Gesamtbetrag",
        "2  Zange  19 %  10,00  20,00",
        "Gesamtbetrag  23,80",
    ])]).values()
    assert values["buyer_name"] == "Nordlicht Planung und Beratung GmbH"


def test_a_letter_s_place_and_date_line_gives_no_name():
    lines = make_lines([page_from([
        "                              Saint-Genis les Ollières, le 12 mars 2024",
        "                              FACTURE",
        "Commande No :  CDE-88",
    ])])
    assert all("Genis" not in c.value for c in _letterhead(lines, None))
