"""Wordings and layouts of invoices the rules were never tuned on, each on a built page (issue 13).

Written from how invoices are worded in general (not from any sample): address lines with a
province or a country, British postcodes, less common buyer headings, a delivery address beside
the billing one, abbreviated or bare number labels, a number with a space, the original invoice
named on a credit note.
"""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose


def _values(lines: list[str]) -> dict:
    return propose([page_from(lines)]).values()


def test_an_address_line_with_a_province_or_a_country_ends_a_block():
    for town, buyer in (("10128 Torino (TO)", "Panificio Bianchi"), ("46021 Valencia, España", "Panadería López"),
                        ("80331 München, Deutschland", "Bäckerei Wagner")):
        lines = ["Rossi Impianti S.r.l.", "Via Roma 10", "20121 Milano", "", buyer, "Corso Italia 4", town, "",
                 "Fattura n. 12", "Data: 05/03/2024", "Totale documento  122,00"]
        assert _values(lines).get("buyer_name") == buyer, town


def test_a_british_postcode_line_ends_a_block():
    lines = ["Harper Digital Ltd", "21 King Street", "Manchester M2 4LQ", "", "Blue Fern Studio", "8 Mill Lane",
             "BS1 5TH Bristol", "", "Invoice No. 12", "Date: 05/03/2024", "Total  120.00"]
    assert _values(lines).get("buyer_name") == "Blue Fern Studio"


def test_less_common_buyer_headings():
    for heading, buyer in (("An:", "Bäckerei Wagner"), ("Sr./Sra.", "Panadería López"), ("Spett.le Ditta", "Panificio Bianchi")):
        lines = ["Schneider Haustechnik GmbH", "Hauptstraße 12", "50667 Köln", "", heading, buyer, "Lindenweg 3",
                 "80331 München", "", "Rechnungsnummer: 12", "Datum: 05.03.2024"]
        assert _values(lines).get("buyer_name") == buyer, heading


def test_a_delivery_address_is_not_the_buyer():
    lines = ["Atelier Moreau SARL", "14 avenue Jean Jaurès", "69007 Lyon", "",
             *(f"{left:<20}{right}" for left, right in (("Livré à :", "Facturé à :"), ("Entrepôt Nord", "Boulangerie Petit"),
                                                         ("2 rue du Port", "3 rue de la Paix"), ("59000 Lille", "75002 Paris"))),
             "", "Facture n° F-12", "Date : 05/03/2024"]
    assert _values(lines).get("buyer_name") == "Boulangerie Petit"
