"""The parties' postal addresses the field rules propose, and the country each block prints (issue 13).

Pages written by hand from how invoices address a foreign buyer (a country sign before the
postcode, a country line under the town), not copied from generated samples.
"""

from __future__ import annotations

import pytest
from test_plugins_fields_rules import page_from

from guichet.core.parsing.countries import (
    country_of_name,
    country_of_phone,
    country_of_postcode,
    country_of_prefix,
    postcode_fits,
    town_without_province,
)
from guichet.core.parsing.text import Page, Word, proposal_invoice
from guichet.plugins.fields_rules import propose
from guichet.plugins.fields_rules.blocks import address_blocks, buyer_under_heading, comma_address, one_line_party
from guichet.plugins.fields_rules.lines import make_lines

HOTEL = [
    "Hôtel des Remparts SAS                    FACTURE",
    "4 place du Marché                         N° facture  H-2026-0412",
    "68000 Colmar                              Date  05/03/2026",
    "",
    "                                          Client :",
    "                                          Müller GmbH",
    "                                          Hauptstr. 5",
    "                                          {town}",
    "{country}",
    "Total HT  100,00",
    "TVA 10 %  10,00",
    "Total TTC  110,00 €",
]


def test_country_prefixes_are_the_postal_distinguishing_signs():
    assert [country_of_prefix(p) for p in ("D", "I", "E", "B", "L", "A", "CH", "F", "NL", "P", "IRL")] == \
        ["DE", "IT", "ES", "BE", "LU", "AT", "CH", "FR", "NL", "PT", "IE"]
    assert country_of_prefix("DE") == "DE" and country_of_prefix("Tel") is None
    assert [country_of_name(n) for n in ("ALLEMAGNE", "Germany", "Deutschland", "España", "Italia")] == \
        ["DE", "DE", "DE", "ES", "IT"]
    assert country_of_name("FACTURE") is None


def test_a_postcode_shape_only_rules_a_country_out():
    assert not postcode_fits("FR", "1000") and not postcode_fits("BE", "10115")
    assert postcode_fits("FR", "10115") and postcode_fits("DE", "10115")  # five digits choose nothing
    assert postcode_fits(None, "10115") and postcode_fits("FR", None)


def test_the_buyer_address_and_its_country_sign_are_proposed():
    proposal = propose([page_from([ln.format(town="D-10115 Berlin", country="") for ln in HOTEL])])
    assert proposal.value("buyer_name") == "Müller GmbH"
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city", "buyer_country")] == \
        ["Hauptstr. 5", "10115", "Berlin", "DE"]
    buyer = proposal_invoice(proposal).buyer
    assert (buyer.address.line1, buyer.address.postcode, buyer.address.city, buyer.address.country) == \
        ("Hauptstr. 5", "10115", "Berlin", "DE")


def test_the_sign_may_be_spaced_and_a_country_line_may_follow():
    spaced = propose([page_from([ln.format(town="I - 20121 Milano", country="") for ln in HOTEL])])
    assert (spaced.value("buyer_postcode"), spaced.value("buyer_city"), spaced.value("buyer_country")) == \
        ("20121", "Milano", "IT")
    lines = [ln.format(town="28001 Madrid", country=" " * 42 + "ESPAGNE") for ln in HOTEL]
    named = propose([page_from(lines)])
    assert (named.value("buyer_postcode"), named.value("buyer_city"), named.value("buyer_country")) == \
        ("28001", "Madrid", "ES")


def test_a_postcode_without_sign_or_country_line_gives_no_country():
    proposal = propose([page_from([ln.format(town="10115 Berlin", country="") for ln in HOTEL])])
    assert (proposal.value("buyer_postcode"), proposal.value("buyer_city")) == ("10115", "Berlin")
    assert proposal.value("buyer_country") is None


def test_a_phone_in_international_form_under_the_town_tells_the_country_its_postcode_fits():
    phone = " " * 42 + "Tel. +49 30 2847 1190"
    proposal = propose([page_from([ln.format(town="10115 Berlin", country=phone) for ln in HOTEL])])
    assert (proposal.value("buyer_postcode"), proposal.value("buyer_city"), proposal.value("buyer_country")) == \
        ("10115", "Berlin", "DE")
    # written: « Hauptstr. » and « GmbH » agree with the phone (alone, it is only shown: see the test below)
    assert proposal.confidence()["buyer_country"] == 0.7
    # a code whose country's postcodes have another shape gives none (« +41 » over five digits: one of them is misread)
    other = " " * 42 + "Tel. +41 61 222 33 44"
    assert propose([page_from([ln.format(town="10115 Berlin", country=other) for ln in HOTEL])]).value("buyer_country") is None
    # a national number tells nothing
    national = " " * 42 + "Tel. 030 2847 1190"
    assert propose([page_from([ln.format(town="10115 Berlin", country=national) for ln in HOTEL])]).value("buyer_country") is None


def test_a_phone_or_a_domain_under_the_town_tells_the_country_when_the_block_s_words_agree():
    def country(town: str, street: str, *under: str) -> tuple[str | None, float | None]:
        lines = [ln.replace("Hauptstr. 5", street).format(town=town, country="\n".join(" " * 42 + u for u in under))
                 for ln in HOTEL]
        proposal = propose([page_from("\n".join(lines).split("\n"))])
        return proposal.value("buyer_country"), proposal.confidence().get("buyer_country")

    assert country("01069 Dresden", "Lindenstraße 5", "Tel. +49 351 4471 20") == ("DE", 0.7)  # the street, the form
    assert country("01069 Dresden", "Lindenstraße 5", "www.linden.de") == ("DE", 0.7)
    assert country("01069 Dresden", "Lindenstraße 5", "Tel. +49 351 4471 20", "info@linden.de") == ("DE", 0.7)
    # a German phone under a French street: shown, never written (the phone alone, as before)
    assert country("75011 Paris", "12 rue des Lilas", "Tel. +49 30 2847 1190")[1] < 0.3
    # a Spanish street under a German legal form: they disagree, nothing
    assert country("48001 Bilbao", "Calle Mayor 95", "info@penalba.es")[0] is None
    # a generic domain tells nothing
    assert country("01069 Dresden", "Lindenstraße 5", "www.linden.com")[0] is None
    # a postcode of one country's shape has the last word over a phone (here one no plan allots): written
    assert country("Leeds LS18 1EH", "46 Station Close", "Tel. +44 29 52 26 73 45") == ("GB", 0.7)
    assert country("1012 AB Amsterdam", "Kerkstraat 5", "Tel. +49 30 2847 1190") == ("NL", 0.7)


def test_the_country_code_of_a_phone_is_read_with_its_postcode():
    assert country_of_phone("Tél. +33 1 45 67 89 00", "75016") == "FR"
    assert country_of_phone("0049 89 1234 567", "80331") == "DE"
    assert country_of_phone("Phone +353 91 123 4567", "H91 E2K3") == "IE"
    assert country_of_phone("+352 27 12 34 56", "1234") == "LU"
    assert country_of_phone("+49 89 1234 567", "1234") is None  # a German number over a four-digit postcode
    assert country_of_phone("IBAN FR76 3000 6000 0112 3456 7890 189", "75016") is None
    assert country_of_phone("Réf. 0033 1234", "75016") is None
    assert country_of_phone("Konto 0049 1234 5678", "80331") is None  # no phone's label: an account, a reference


def test_a_cedex_stays_in_the_town():
    proposal = propose([page_from([ln.format(town="75008 Paris Cedex 08", country="") for ln in HOTEL])])
    assert (proposal.value("buyer_postcode"), proposal.value("buyer_city")) == ("75008", "Paris Cedex 08")


def test_the_seller_country_is_its_block_country_line():
    proposal = propose([page_from([
        "Weingut Fischer GmbH                      RECHNUNG",
        "Weinstraße 12                             Rechnungsnummer  R-2026-118",
        "67433 Neustadt                            Datum  05.03.2026",
        "DEUTSCHLAND",
        "",
        "                                          Rechnung an:",
        "                                          Cave Lambert SARL",
        "                                          3 quai des Chartrons",
        "                                          F-33000 Bordeaux",
        "Gesamtbetrag  119,00 €",
    ])])
    assert proposal.value("seller_name") == "Weingut Fischer GmbH"
    assert (proposal.value("seller_postcode"), proposal.value("seller_country")) == ("67433", "DE")
    assert (proposal.value("buyer_city"), proposal.value("buyer_country")) == ("Bordeaux", "FR")


def test_a_province_or_a_country_after_the_town():
    for town, city, country in (("46021 Valencia, España", "Valencia", "ES"), ("10128 Torino (TO)", "Torino", None),
                                ("42000 Saint-Etienne", "Saint-Etienne", None)):
        proposal = propose([page_from([ln.format(town=town, country="") for ln in HOTEL])])
        assert (proposal.value("buyer_city"), proposal.value("buyer_country")) == (city, country), town


def test_a_code_after_the_town_is_no_country():
    # « DE » is Delaware's and Germany's code, « MT » Montana's and Malta's: two letters after the town tell no
    # country (the one issuer printing « 06000 NICE, FR » in the tuning parts is no rule); a country line does
    footer = "Expédié à Wilmington, Delaware, USA"
    for town, extra in (("19801 Wilmington, DE", footer), ("59601 Helena, MT", ""), ("10115 BERLIN, DE", ""),
                        ("10001 New York, NY", ""), ("46021 Valencia - ES", "")):
        lines = [ln.format(town=town, country="") for ln in HOTEL] + [extra]
        assert propose([page_from(lines)]).value("buyer_country") is None, town
    for town, city in (("33000 Bordeaux-Le", "Bordeaux-Le"), ("10115 Berlin", "Berlin")):
        proposal = propose([page_from([ln.format(town=town, country="") for ln in HOTEL])])
        assert (proposal.value("buyer_city"), proposal.value("buyer_country")) == (city, None), town


def test_digits_alone_never_give_a_country():
    assert country_of_postcode("10115") is None and country_of_postcode("1000") is None
    assert "country" not in comma_address("48 rue de la République, Grenoble, 22429")
    assert "country" not in comma_address("Hauptstr. 5, 10115 Berlin")
    proposal = propose([page_from([ln.format(town="10115 Berlin", country="") for ln in HOTEL])])
    assert proposal.value("buyer_postcode") == "10115" and proposal.value("buyer_country") is None


def test_a_country_line_may_add_a_region_code():
    assert country_of_name("Vereinigte Staaten - NY") == "US" and country_of_name("United States, CA") == "US"
    assert country_of_name("Paris - FR") is None
    lines = [ln.format(town="10001 New York", country=" " * 42 + "United States - NY") for ln in HOTEL]
    assert propose([page_from(lines)]).value("buyer_country") == "US"


def test_a_block_beside_a_longer_one_keeps_its_lines_across_the_row_it_leaves_empty():
    proposal = propose([page_from([
        "FACTURE  N° FA-2026-031  Date 05/03/2026",
        "",
        "Atelier Ravel SARL               Client : Dubois Conseil SAS",
        "Parc des Érables                 8 rue Neuve",
        "Bâtiment C",
        "69003 Lyon                       B-1000 Bruxelles",
        "",
        "Total TTC  120,00 €",
    ])])
    assert proposal.value("buyer_name") == "Dubois Conseil SAS"
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city", "buyer_country")] == \
        ["8 rue Neuve", "1000", "Bruxelles", "BE"]


def test_a_table_row_beside_a_block_does_not_carry_it_up_to_the_labels_above():
    # the seller's block under a customer number, a table's rows beside it: a row of several cells is no address line
    lines = [
        "FACTURA  F2026-8303",
        "",
        "Nº cliente                       Descripción        Unidades  Importe",
        "CL38583                          Alquiler           1         1.660,89",
        "                                 Portes             1         1.126,00",
        "Hermanos Castillo S.L.U.         Mantenimiento      2         15,30",
        "Avda. de la Constitución, 77",
        "03001 Alicante",
    ]
    assert [b.texts() for b in address_blocks(make_lines([page_from(lines)]))] == \
        [["Hermanos Castillo S.L.U.", "Avda. de la Constitución, 77", "03001 Alicante"]]


def test_the_block_under_the_buyers_name_is_its_address_when_more_lines_come_between():
    proposal = propose([page_from([
        "Hôtel des Remparts SAS                    FACTURE",
        "4 place du Marché                         N° facture  H-2026-0412",
        "68000 Colmar                              Date  05/03/2026",
        "",
        "                                          Client :",
        "                                          Dubois Conseil SAS",
        "                                          Service comptabilité",
        "                                          Mme Claire Roux",
        "                                          Bâtiment B, 2e étage",
        "                                          8 rue Neuve",
        "                                          B-1000 Bruxelles",
        "",
        "Total TTC  110,00 €",
    ])])
    assert proposal.value("buyer_name") == "Dubois Conseil SAS"
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city", "buyer_country")] == \
        ["8 rue Neuve", "1000", "Bruxelles", "BE"]
    assert proposal.value("seller_postcode") == "68000"


def test_a_one_line_address_under_the_buyers_name_in_any_order_of_its_parts():
    proposal = propose([page_from([
        "Atelier Ravel SARL",
        "12 allée des Érables, 69003 Lyon",
        "",
        "Facture  FA-2026-031",
        "Date  05/03/2026",
        "Client  Dubois Conseil SAS",
        "        8 rue Neuve, Bruxelles, Belgique, 1000",
        "",
        "Total TTC  120,00 €",
    ])])
    assert proposal.value("buyer_name") == "Dubois Conseil SAS"
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city", "buyer_country")] == \
        ["8 rue Neuve", "1000", "Bruxelles", "BE"]
    assert comma_address("Via Roma 5, 20121 Milano, Italia") == \
        {"street": "Via Roma 5", "postcode": "20121", "city": "Milano", "country": "IT"}
    assert comma_address("Paris, le 3 mai 2024, merci") is None and comma_address("Pain, beurre, 12 oeufs") is None


def test_the_sellers_address_printed_only_in_its_footer_is_read_from_it():
    # the seller's name opens the footer, its address is one part of it with no separator between street and postcode
    lines = ["FACTURE", "", "Facture n° F-2024-117", "Date : 05/03/2024", "", "Client :", "Garage Lebon", "9 rue Haute",
             "29000 Quimper", "", "Total TTC  120,00", "", "", "", "", "",
             "Atelier Morel SARL – 4 rue du Port 56100 Lorient – SIRET 73282932000074 – TVA FR44732829320"]
    proposal = propose([page_from(lines)])
    assert [proposal.value(n) for n in ("seller_address", "seller_postcode", "seller_city")] == [
        "4 rue du Port", "56100", "Lorient"]
    lines[-1] = "Hafen Werkstatt GmbH – Hafenweg 4 20457 Hamburg – USt-IdNr. DE136695976"  # the number after the street
    proposal = propose([page_from(lines)])
    assert [proposal.value(n) for n in ("seller_address", "seller_postcode", "seller_city")] == [
        "Hafenweg 4", "20457", "Hamburg"]
    lines[-1] = "Atelier Morel SARL – SARL au capital de 5 000 € – RCS Lorient 732 829 320"  # no address part: none
    assert propose([page_from(lines)]).value("seller_address") is None


def test_a_postcode_shape_of_one_country_only_gives_it():
    assert [country_of_postcode(p) for p in ("D02 XY45", "V94 T9PX", "SW1A 1AA", "BS1 5TH")] == ["IE", "IE", "GB", "GB"]
    assert country_of_postcode("JE2 3AB") is None and country_of_postcode("10115") is None  # Jersey; five digits
    for town, country in (("D02 XY45 Dublin 2", "IE"), ("Bristol BS1 5TH", "GB"), ("10115 Berlin", None)):
        proposal = propose([page_from([ln.format(town=town, country="") for ln in HOTEL])])
        assert proposal.value("buyer_country") == country, town


def test_a_labelled_one_line_address_may_wrap_its_country_and_end_with_a_british_postcode():
    proposal = propose([page_from([
        "FACTURE  N° FA-2026-031  Date 05/03/2026",
        "",
        "Vendeur                                    Acheteur",
        "Atelier Ravel SARL                         Lukas Hoffmann",
        "Adresse: 12 rue Neuve, 69003 Lyon,         Adresse: 71 Gartenweg, 20095 Hamburg,",
        "France                                     Allemagne",
        "",
        "Total TTC  120,00 €",
    ])])
    assert proposal.value("buyer_name") == "Lukas Hoffmann"
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city", "buyer_country")] == \
        ["71 Gartenweg", "20095", "Hamburg", "DE"]
    assert comma_address("119 Station Road, Leeds, Royaume-Uni, LS4 3EN") == \
        {"street": "119 Station Road", "city": "Leeds", "country": "GB", "postcode": "LS4 3EN"}


# ---------------------------------------------------------------------------
# Buyers' blocks as invoices print them (issue 13): post office boxes, identifiers and contacts inside the block,
# foreign postcode shapes, a civility on its own line, a delivery block repeating the name, unknown headings.
# ---------------------------------------------------------------------------

def _buyer_page(block: list[str], *, column: int = 44) -> list[str]:
    """A seller's letterhead at the left, the buyer's block in the window at ``column``, then the invoice."""
    pad = " " * column
    return ["Atelier Giraud SARL", "12 rue des Lilas", "69003 Lyon", "", *(pad + line for line in block), "",
            "Facture n° FA-2026-0117", "Date : 05/03/2026", "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"]


def test_a_post_office_box_is_the_buyers_address_line():
    proposal = propose([page_from(_buyer_page(["Adresse de facturation", "Domaine de la Garenne", "BP 40123",
                                                "74001 Annecy Cedex"]))])
    assert proposal.value("buyer_name") == "Domaine de la Garenne"
    assert proposal.value("buyer_address") == "BP 40123"
    assert proposal.value("buyer_postcode") == "74001"


def test_a_labelled_customer_number_inside_the_block_neither_ends_it_nor_is_its_street():
    proposal = propose([page_from(_buyer_page(["Fromagerie Bastide SA", "Code client : 85044", "CS 11515",
                                                "30000 Nîmes"]))])
    assert proposal.value("buyer_name") == "Fromagerie Bastide SA"
    assert (proposal.value("buyer_address"), proposal.value("buyer_postcode")) == ("CS 11515", "30000")
    lines = make_lines([page_from(_buyer_page(["Fromagerie Bastide SA", "N° client : 85044", "7 quai de la Fosse",
                                               "30000 Nîmes"]))])
    block = next(b for b in address_blocks(lines) if b.postcode == "30000")
    assert block.texts() == ["Fromagerie Bastide SA", "7 quai de la Fosse", "30000 Nîmes"]


def test_foreign_postcode_shapes_make_an_address_block_and_some_tell_the_country():
    for block, postcode, city, country in (
            (["Nowak Serwis Sp. z o.o.", "ul. Długa 118", "00-950 Warszawa"], "00-950", "Warszawa", "PL"),
            (["Van Dijk Installaties B.V.", "Keizersgracht 12", "1012 AB Amsterdam"], "1012 AB", "Amsterdam", "NL"),
            (["Sousa & Filhos, Lda.", "Rua Augusta, 45", "1000-001 Lisboa"], "1000-001", "Lisboa", "PT"),
            (["Lindqvist Bygg AB", "Drottninggatan 45", "114 55 Stockholm", "Suède"], "114 55", "Stockholm", "SE")):
        proposal = propose([page_from(_buyer_page(["Facturé à :", *block]))])
        assert proposal.value("buyer_name") == block[0]
        assert (proposal.value("buyer_postcode"), proposal.value("buyer_city")) == (postcode, city), block
        assert proposal.value("buyer_address") == block[1]
        assert proposal.value("buyer_country") == country, block


def test_postcodes_of_one_countrys_shape_tell_it_and_shared_shapes_do_not():
    assert [country_of_postcode(p) for p in ("1012 AB", "1000-001", "00-950", "114 55")] == ["NL", "PT", "PL", None]


def test_a_contact_line_above_or_under_the_company_is_not_its_name():
    for block in (["FAO Ms Niamh Walsh", "Hermanos Pardo S.L.", "Calle Sierpes, 8", "08002 Barcelona"],
                  ["Hermanos Pardo S.L.", "Att. D. Andrés Ortega", "Calle Sierpes, 8", "08002 Barcelona"]):
        assert propose([page_from(_buyer_page(block))]).value("buyer_name") == "Hermanos Pardo S.L.", block
    under_heading = ["Rechnung an", "z. Hd. Herrn Jens Becker", "Pension Seeblick GmbH & Co. KG", "Lindenweg 87",
                     "33602 Bielefeld"]
    assert propose([page_from(_buyer_page(under_heading))]).value("buyer_name") == "Pension Seeblick GmbH & Co. KG"


def test_a_civility_on_its_own_line_over_a_private_buyer_is_not_the_name():
    for civility in ("Mme", "Ms", "Dña."):
        block = ["Facturé à", civility, "Solène Marino", "Corso Buenos Aires 105", "20121 Milano MI", "Italie"]
        assert propose([page_from(_buyer_page(block))]).value("buyer_name") == "Solène Marino", civility


def test_the_billing_block_gives_the_buyers_address_when_a_delivery_block_beside_it_repeats_the_name():
    proposal = propose([page_from([
        "Atelier Giraud SARL",
        "12 rue des Lilas",
        "69003 Lyon",
        "",
        "Adresse de livraison            Adresse de facturation",
        "Hôtel des Remparts SAS          Hôtel des Remparts SAS",
        "ZA des Trois Chênes, lot 81     96 impasse des Tisserands",
        "56000 Vannes                    30000 Nîmes",
        "",
        "Facture n° FA-2026-0117",
        "Date : 05/03/2026",
        "Total TTC  120,00 €",
    ])])
    assert proposal.value("buyer_name") == "Hôtel des Remparts SAS"
    assert (proposal.value("buyer_address"), proposal.value("buyer_postcode")) == ("96 impasse des Tisserands", "30000")


def test_a_short_heading_ending_with_a_to_word_is_no_part_of_the_name():
    block = ["Post to", "Galli Trasporti S.n.c.", "Corso Buenos Aires 116", "20121 Milano"]
    assert propose([page_from(_buyer_page(block))]).value("buyer_name") == "Galli Trasporti S.n.c."


def test_a_name_ending_with_a_capitalised_to_word_is_still_a_name():
    """« An », « A » written with a capital end names (« Nguyen Van An », « Studio Plan A »): only « to » in any case and
    the other to-words in lower case make a heading."""
    for name in ("Nguyen Van An", "Studio Plan A"):
        proposal = propose([page_from(_buyer_page([name, "14 rue Lamartine", "29000 Quimper"]))])
        assert (proposal.value("buyer_name"), proposal.value("buyer_address")) == (name, "14 rue Lamartine"), name
    proposal = propose([page_from(_buyer_page(["Client :", "Société A", "5 avenue Foch", "75016 Paris"]))])
    assert (proposal.value("buyer_name"), proposal.value("buyer_postcode")) == ("Société A", "75016")
    for heading in ("Bill To", "Liefern an", "FACTURÉ A", "LIEFERN AN", "INTESTATO A", "Facturar A"):
        block = [heading, "Galli Trasporti S.n.c.", "Corso Buenos Aires 116", "20121 Milano"]
        assert propose([page_from(_buyer_page(block))]).value("buyer_name") == "Galli Trasporti S.n.c.", heading


def test_a_service_or_contact_label_with_a_buyer_word_is_no_buyer_heading():
    """« Conseiller client : Julien Mercier » under the seller's address is the seller's contact, not the buyer."""
    for contact in ("Conseiller client : Julien Mercier", "Service client : Mme Durand", "Customer service: Help Desk",
                    "Atención al cliente: Laura Gómez", "Billing contact: Sarah Jones"):
        page = ["Atelier Roussel SAS", "12 rue des Lilas", "69003 Lyon", contact, "",
                *(" " * 44 + line for line in ("Invoice to:", "Société A", "5 avenue Foch", "75016 Paris")), "",
                "Facture n° : F-2026-0142", "Date : 02/03/2026", "Total TTC  120,00 €"]
        proposal = propose([page_from(page)])
        assert (proposal.value("buyer_name"), proposal.value("buyer_postcode")) == ("Société A", "75016"), contact
        assert propose([page_from(page[:4] + page[-3:])]).value("buyer_name") is None, contact
    for label in ("Billing contact", "Service client"):  # a label alone over the company's name is no name
        block = [label, "Atlantic Seafoods Limited", "14 Quay Street", "H91 E2K3 Galway"]
        assert propose([page_from(_buyer_page(block))]).value("buyer_name") == "Atlantic Seafoods Limited", label
    block = ["Espace beauté", "14 rue Lamartine", "29000 Quimper"]  # a shop's name, no label
    assert propose([page_from(_buyer_page(block))]).value("buyer_name") == "Espace beauté"


def test_an_invoice_recipient_heading_is_no_title():
    proposal = propose([page_from([
        "Sales Invoice",
        "Kelly Facilities Ltd",
        "93 Mill Road",
        "T12 K8AF Cork",
        "Invoice recipient                Delivery address",
        "Harbour View Hotel Limited       Harbour View Hotel Limited",
        "139 Harcourt Street              Unit 111, Ballymount Business Park",
        "D02 XY45 Dublin 2                H91 E2K3 Galway",
        "Invoice no. INV2026-5896",
        "Total  120.00",
    ])])
    assert (proposal.value("buyer_name"), proposal.value("buyer_postcode")) == ("Harbour View Hotel Limited", "D02 XY45")


def test_a_name_cut_after_its_article_does_not_go_on_into_an_address_line():
    for block in (["Mme Li DU", "Résidence Les Pins", "29000 Quimper"], ["Wei DU", "Chemin des Vignes", "29000 Quimper"]):
        assert propose([page_from(_buyer_page(block))]).value("buyer_name") == block[0], block


def test_a_headings_own_words_up_to_its_colon_are_no_part_of_the_name():
    block = ["Facturado a nombre de: Clínica Dental Sonrisa S.A.", "A la atención de Dña. Lucía Castillo",
             "Polígono Los Llanos, nave 131", "48001 Bilbao"]
    proposal = propose([page_from(_buyer_page(block))])
    assert proposal.value("buyer_name") == "Clínica Dental Sonrisa S.A."
    assert proposal.value("buyer_address") == "Polígono Los Llanos, nave 131"


def test_the_parties_headings_set_just_over_their_names_are_no_wrapped_table_header():
    def row(texts: list[tuple[float, str]], top: float, height: float) -> list[Word]:
        words = []
        for x0, text in texts:
            for word in text.split():
                words.append(Word(word, (x0, top, x0 + 0.008 * len(word), top + height)))
                x0 += 0.008 * len(word) + 0.004
        return words

    words = (row([(0.08, "Votre fournisseur"), (0.50, "À facturer à")], 0.1001, 0.0108)
             + row([(0.08, "Serrurerie Vasseur SASU"), (0.50, "SCI Les Marronniers")], 0.1125, 0.0127)
             + row([(0.08, "2 quai de la Fosse"), (0.50, "7 rue Lamartine")], 0.1250, 0.0127)
             + row([(0.08, "64000 Pau"), (0.50, "29000 Quimper")], 0.1375, 0.0127))
    lines = make_lines([Page(1, 595, 842, words)])
    assert [ln.text.split("  ") for ln in lines[:2]] == [["Votre fournisseur", "À facturer à"],
                                                         ["Serrurerie Vasseur SASU", "SCI Les Marronniers"]]


def test_a_department_line_with_an_invoice_word_stays_inside_the_block():
    block = ["AUTOHAUS SÜD", "z. H. Frau Katrin Hoffmann", "Abt. Rechnungswesen", "Lindenweg 110", "18055 Rostock"]
    proposal = propose([page_from(_buyer_page(block))])
    assert proposal.value("buyer_name") == "AUTOHAUS SÜD"
    assert proposal.value("buyer_address") == "Lindenweg 110"


def test_an_abbreviated_attention_line_over_the_company_is_its_contact():
    block = ["À l'att. de Mme Aurélie Vasseur", "Nowak Serwis Sp. z o.o.", "Service achats", "al. Jerozolimskie 133",
             "00-950 Warszawa", "Pologne"]
    assert propose([page_from(_buyer_page(block))]).value("buyer_name") == "Nowak Serwis Sp. z o.o."


def test_a_contact_heading_beside_another_columns_line_gives_the_company_under_it():
    proposal = propose([page_from([
        "Lumenor SAS",
        "47 rue Lamartine",
        "49000 Angers",
        "À l'attention de Mme Solène Perrin          Tél. 02 97 59 71 84",
        "Brennan Foods",
        "Limited",
        "Direction administrative et financière",
        "91 Patrick Street",
        "T12 K8AF Cork",
        "Irlande",
        "Facture n° FA-2026-0117",
        "Date : 05/03/2026",
        "Total TTC  120,00 €",
    ])])
    assert proposal.value("buyer_name") == "Brennan Foods Limited"


def test_a_sender_line_with_an_eircode_is_no_line_of_the_addressees_block():
    proposal = propose([page_from([
        "                                             Kelly Logistics Limited",
        "                                             16 Main Street",
        "Kelly Logistics Limited · 16 Main Street · T12 K8AF Cork",
        "Harbour View Hotel",
        "130 Harcourt Street",
        "R95 A39F Kilkenny",
        "Invoice no. INV2026-6890",
        "Total  120.00",
    ])])
    assert proposal.value("buyer_name") == "Harbour View Hotel"
    assert (proposal.value("buyer_address"), proposal.value("buyer_postcode")) == ("130 Harcourt Street", "R95 A39F")


def test_a_labels_second_line_under_a_buyer_word_is_no_name():
    lines = make_lines([page_from(["Customer", "account  Doc. number", "CL40109  INV 439/26"])])
    assert buyer_under_heading(lines) is None


def test_a_contact_line_under_the_sender_line_is_not_the_addressee():
    proposal = propose([page_from([
        "Ardéco Maçonnerie SAS",
        "Ardéco Maçonnerie SAS · 113 route de Sallanches · 74000 Annecy",
        "À l'att. de Mme Solène Tessier",
        "SCI Les Marronniers",
        "104 rue Lamartine",
        "30000 Nîmes",
        "Facture n° FA-2026-0117",
        "Total TTC  120,00 €",
    ])])
    assert proposal.value("buyer_name") == "SCI Les Marronniers"


def test_a_name_whose_line_ends_with_an_article_goes_on_on_the_next_line():
    block = ["À facturer à : CLINIQUE VÉTÉRINAIRE DES", "TILLEULS", "120 impasse des Tisserands", "29000 Quimper"]
    proposal = propose([page_from(_buyer_page(block))])
    assert proposal.value("buyer_name") == "CLINIQUE VÉTÉRINAIRE DES TILLEULS"
    assert proposal.value("buyer_address") == "120 impasse des Tisserands"
def test_dutch_portuguese_polish_and_swedish_postcodes_are_read_and_the_first_three_tell_their_country():
    """« 1015 CJ Amsterdam », « 1100-053 Lisboa », « 00-950 Warszawa »: postcodes of one country only (its letters or
    its dash); « 111 51 Stockholm » is read whole (Sweden, Czechia, Slovakia and Greece share its shape)."""
    assert [country_of_postcode(p) for p in ("1015 CJ", "1100-053", "00-950", "111 51", "1000")] == \
        ["NL", "PT", "PL", None, None]
    for town, postcode, city, country in (("1015 CJ Amsterdam", "1015 CJ", "Amsterdam", "NL"),
                                          ("1100-053 Lisboa", "1100-053", "Lisboa", "PT"),
                                          ("00-950 Warszawa", "00-950", "Warszawa", "PL"),
                                          ("111 51 Stockholm", "111 51", "Stockholm", None),
                                          ("9000 St Gallen", "9000", "St Gallen", None)):
        proposal = propose([page_from([ln.format(town=town, country="") for ln in HOTEL])])
        assert [proposal.value(n) for n in ("buyer_postcode", "buyer_city", "buyer_country")] == [postcode, city, country]


def test_a_footer_s_registered_office_label_is_no_part_of_the_street():
    lines = ["FACTURE", "", "Facture n° F-2024-117", "Date : 05/03/2024", "", "Client :", "Garage Lebon", "9 rue Haute",
             "29000 Quimper", "", "Total TTC  120,00", "", "", "", "", "",
             "Nexora Engineering Ltd – Registered office: ul. Marszałkowska 13, 00-950 Warszawa – VAT PL7546215298"]
    proposal = propose([page_from(lines)])
    assert [proposal.value(n) for n in ("seller_address", "seller_postcode", "seller_city")] == [
        "ul. Marszałkowska 13", "00-950", "Warszawa"]


def test_a_name_label_of_a_few_words_under_the_buyer_heading_gives_its_value():
    for rows in (["Nom / raison sociale  Hôtel des Remparts", "Adresse postale  13 rue Lamartine"],
                 ["Nombre del cliente: Talleres El Cruce S.L.", "Domicilio: Calle Mayor, 63"]):
        page = ["Atelier Giraud SARL", "12 rue des Lilas", "69003 Lyon", "", "Facturé à", *rows, "",
                "Facture n° FA-2026-0117", "Total TTC  120,00 €"]
        assert propose([page_from(page)]).value("buyer_name") == rows[0].split(": ")[-1].split("  ")[-1], rows


def test_a_forms_labelled_rows_under_the_buyers_name_give_its_address():
    proposal = propose([page_from(["Atelier Giraud SARL", "12 rue des Lilas", "69003 Lyon", "", "Facturé à",
                                   "Nom / raison sociale : Domaine de la Garenne", "Adresse postale : 13 rue Lamartine",
                                   "CP / Ville : 49000 Angers", "Pays du client : France", "",
                                   "Facture n° FA-2026-0117", "Total TTC  120,00 €"])])
    assert proposal.value("buyer_name") == "Domaine de la Garenne"
    assert [proposal.value(f"buyer_{k}") for k in ("address", "postcode", "city", "country")] == [
        "13 rue Lamartine", "49000", "Angers", "FR"]


def test_a_town_with_polish_letters_and_a_block_with_contact_and_department_lines_keep_their_name():
    block = ["Wiśniewski Transport Sp. z o.o.", "z. Hd. Frau Katrin Vogel", "Contabilidad", "al. Jerozolimskie 87",
             "80-831 Gdańsk", "Polen"]
    proposal = propose([page_from(_buyer_page(["Rechnung an", *block]))])
    assert proposal.value("buyer_name") == "Wiśniewski Transport Sp. z o.o."
    assert (proposal.value("buyer_postcode"), proposal.value("buyer_city"), proposal.value("buyer_country")) == (
        "80-831", "Gdańsk", "PL")


def _buyer_fields(page: list[str]) -> list[str | None]:
    proposal = propose([page_from(page)])
    return [proposal.value(n) for n in ("buyer_name", "buyer_address", "buyer_postcode", "buyer_city", "buyer_country")]


def test_a_british_or_irish_town_over_its_postcode_ends_the_buyers_block():
    # The Royal Mail and An Post ask the town on its line (often in capitals), the postcode alone on the last line.
    assert _buyer_fields(_buyer_page(["Bill to", "Northgate Supplies Ltd", "Unit 52, Riverside Park", "EDINBURGH",
                                      "EH2 2BY", "UNITED KINGDOM"])) == \
        ["Northgate Supplies Ltd", "Unit 52, Riverside Park", "EH2 2BY", "EDINBURGH", "GB"]
    assert _buyer_fields(_buyer_page(["Harbour View Hotel", "26 Main Street", "Cork", "T12 K8AF"]))[2:] == \
        ["T12 K8AF", "Cork", "IE"]
    # the town first with a Dublin district, on one line
    assert _buyer_fields(_buyer_page(["BILL TO", "Riverside Crèche", "23 Mill Road", "Dublin 2 D02 XY45"]))[2:] == \
        ["D02 XY45", "Dublin 2", "IE"]
    # a reference under a word is no postcode (an Eircode holds a letter after its routing key)
    assert address_blocks(make_lines([page_from(["Ref", "A12 3456"])])) == []


def test_the_whole_address_on_the_names_line_after_or_under_its_heading():
    for page, name in (
            (["Client : Clinique vétérinaire des Tilleuls SASU, Parc d'activités du Moulin, bât. 52, 30000 Nîmes"],
             "Clinique vétérinaire des Tilleuls SASU"),
            (["Rechnung an", "Janssens & Co BV, Meir 76, 1000 Bruxelles, BELGIQUE"], "Janssens & Co BV"),
            (["Customer", "Atlantic Seafoods DAC, Unit 114, Ballymount Business Park, Waterford X91 F8WD"],
             "Atlantic Seafoods DAC"),
            (["Cliente: Sousa & Filhos, Lda., Rua Augusta, 12, 1000-001 Lisboa, Portugal"], "Sousa & Filhos, Lda.")):
        fields = _buyer_fields(_buyer_page(page, column=0))
        assert fields[0] == name, page
        assert fields[2] and fields[1] and fields[3], page
    assert _buyer_fields(_buyer_page(["Facturar a: Talleres El Cruce, Avda. de la Constitución, 84, 08002 Barcelona"],
                                     column=0))[:4] == \
        ["Talleres El Cruce", "Avda. de la Constitución, 84", "08002", "Barcelona"]
    # a sentence with commas and a town is no party's line
    assert one_line_party("Livraison à Lyon, quai de Saône, le matin") is None


def test_an_italian_province_sign_after_the_town_is_no_part_of_it():
    assert _buyer_fields(_buyer_page(["Spett.le", "Albergo Belvedere", "Via Roma 5", "00184 ROMA RM"]))[3] == "ROMA"
    assert town_without_province("Milano MI", "20121", "IT") == "Milano"
    assert town_without_province("Paris Cedex 08", "75008", "FR") == "Paris Cedex 08"
    assert town_without_province("Bruxelles BE", "1000", "IT") == "Bruxelles BE"  # four digits: no Italian CAP
    assert town_without_province("Milano XY", "20121", "IT") == "Milano XY"  # no province's sign


def test_a_town_ending_with_a_word_like_a_province_sign_stays_whole_out_of_italy():
    # French towns whose last word is also an Italian province's sign (Lodi LO, Reggio Emilia RE, Lecce LE)
    assert town_without_province("SAINT LO", "50000", None) == "SAINT LO"
    assert town_without_province("SAINT MARTIN DE RE", "17410", "FR") == "SAINT MARTIN DE RE"
    assert _buyer_fields(_buyer_page(["Client :", "Laiterie du Cotentin SARL", "12 rue Havin", "50000 SAINT LO"]))[3] \
        == "SAINT LO"
    assert _buyer_fields(_buyer_page(["Client :", "Camping Les Dunes", "4 route des Salines",
                                      "17410 SAINT MARTIN DE RE"]))[3] == "SAINT MARTIN DE RE"
    assert one_line_party("Laiterie du Cotentin SARL, 12 rue Havin, 50000 SAINT LO")["city"] == "SAINT LO"
    # in Italy the sign goes: the country line or the country's prefix tells it, or the Italian street above
    assert _buyer_fields(_buyer_page(["Spett.le", "Alfa Impianti S.r.l.", "Centro Direzionale, Isola G1",
                                      "80143 NAPOLI NA", "ITALIA"]))[3:] == ["NAPOLI", "IT"]
    assert _buyer_fields(_buyer_page(["Client :", "Alfa Impianti S.r.l.", "Centro Direzionale, Isola G1",
                                      "I-80143 NAPOLI NA"]))[3:] == ["NAPOLI", "IT"]
    assert _buyer_fields(_buyer_page(["Cliente", "Bar Centrale S.n.c.", "Corso Vittorio Emanuele II 12",
                                      "26900 LODI LO"]))[3] == "LODI"
    assert one_line_party("Bar Centrale S.n.c., Piazza della Vittoria 3, 26900 Lodi LO")["city"] == "Lodi"


def test_words_that_look_like_a_vat_number_after_a_staff_label_make_no_buyer_block():
    # « Chargé de clientèle : Sophie Marchand » beside the buyer's block: « DES TILLEULS » is no VAT number, the
    # seller's staff is no buyer's heading
    page = ["Ardéco SAS", "12 rue des Lilas", "56000 Vannes", "Tél. 02 97 80 83 97",
            "Chargé de clientèle : Sophie Marchand              Clinique vétérinaire des Tilleuls",
            "Ligne directe : 02 97 80 83 97                     47 rue Lamartine",
            "                                                   25000 Besançon",
            "Facture n° FA-2026-0117", "Date : 05/03/2026", "Total TTC  120,00 €"]
    assert _buyer_fields(page)[:3] == ["Clinique vétérinaire des Tilleuls", "47 rue Lamartine", "25000"]


def test_the_block_holding_the_buyers_very_name_is_its_address_not_another_repeating_it():
    # the delivery block beside, under a heading of its own, repeats the name with more words (« … – Reims »)
    page = ["Hoarau Nettoyage SASU", "36 quai de la Fosse", "25000 Besançon", "",
            "Déposer chez                             ADRESSE DE FACTURATION",
            "Dupont Services SRL – Reims              Dupont Services SRL",
            "112 rue Lamartine                        Boulevard d'Avroy 66",
            "51100 Reims                              4000 LIÈGE",
            "                                         BELGIQUE",
            "Facture n° FA-2026-0117", "Total TTC  120,00 €"]
    # « Services », a table's header word, in a company's name under its heading: its legal form says a name
    assert _buyer_fields(page) == ["Dupont Services SRL", "Boulevard d'Avroy 66", "4000", "LIÈGE", "BE"]


def test_a_block_aligned_on_the_right_margin_keeps_its_country_line_and_its_name_under_the_heading():
    page = ["Hermanos Castillo S.L.                                                  Facturación a",
            "Polígono Los Llanos, nave 89                                         Meier Druck GmbH",
            "03001 Alicante                                                           Contabilidad",
            "                                                                    Bahnhofstrasse 51",
            "                                                                          CH-3011 Bern",
            "                                                                                SUIZA",
            "Nº fra.  007050", "Total  120,00"]
    assert _buyer_fields(page) == ["Meier Druck GmbH", "Bahnhofstrasse 51", "3011", "Bern", "CH"]
    page = ["Lumenor Catering Limited", "102 Mill Road                                                  Ciarán Ryan",
            "X91 F8WD Waterford                                                Kungsgatan 45",
            "Tel. +353 1 77 9666                                            114 55 Stockholm",
            "                                                                         SWEDEN",
            "Invoice no. 009787", "Total  120.00"]
    assert _buyer_fields(page)[4] == "SE"
    assert not postcode_fits("IE", "114 55") and postcode_fits("IE", "D02 XY45")  # no Irish address without its country


def test_a_heading_in_the_name_of_over_a_forms_rows():
    page = ["Hermanos Castillo S.L.", "Polígono Los Llanos, nave 67", "48001 Bilbao", "Facturado a nombre de",
            "Razón social del cliente    Bodegas Peñalba", "Dirección postal            Avda. de la Constitución, 101",
            "Código postal y población   47001 Valladolid", "Nación                      España", "Nº fra.  202511-848",
            "Total  120,00"]
    assert _buyer_fields(page) == ["Bodegas Peñalba", "Avda. de la Constitución, 101", "47001", "Valladolid", "ES"]


def test_a_country_line_set_as_wide_as_the_blocks_lines_or_after_a_row_of_another_column():
    # the block keeps a wide gap between its lines: its country line keeps it too
    page = page_from(["Atelier Giraud SARL", "12 rue des Lilas", "69003 Lyon", "", "Facturer à", "Colombo Officina S.n.c.",
                      "92 Corso Garibaldi", "89131 Napoli", "Italie", "", "Facture n° FA-2026-0117", "Total TTC  120,00 €"])
    # lines 0.012 high every 0.0265 (a gap of more than 1.2 line heights)
    wide = Page(1, 595, 842, [Word(w.text, (w.box[0], 0.05 + (w.box[1] - 0.05) * 1.325, w.box[2],
                                             0.062 + (w.box[1] - 0.05) * 1.325), 1.0) for w in page.words])
    proposal = propose([wide])
    assert [proposal.value(n) for n in ("buyer_postcode", "buyer_city", "buyer_country")] == ["89131", "Napoli", "IT"]


def test_prepared_for_heads_the_buyers_block():
    for heading, name in (("Prepared For", "Studio Smith Ltd"), ("Préparé pour", "Menuiserie Colin SA"),
                          ("Erstellt für", "Bäckerei Korn GmbH"), ("Preparado para", "Bodegas Peñalba S.L."),
                          ("Preparato per", "Albergo Belvedere S.r.l.")):
        page = _buyer_page([f"{heading} {name}", "12 Mill Road", "75011 Paris"])
        assert propose([page_from(page)]).value("buyer_name") == name, heading


def test_a_name_wrapped_in_a_block_aligned_on_the_right_margin():
    left = ["Ardéco Serrurerie SAS", "ZA des Trois Chênes, lot 59", "26000 Valence", "Tél. 0450271866", "", ""]
    right = ["", "À facturer à", "Restaurant Le", "Galion SA", "74 quai de la Fosse", "37000 Tours"]
    page = [f"{a:<40}{b:>46}" for a, b in zip(left, right, strict=True)] + ["N° du document : FAC250714", "Total TTC  120,00 €"]
    assert _buyer_fields(page)[:3] == ["Restaurant Le Galion SA", "74 quai de la Fosse", "37000"]


def test_issued_to_heads_the_buyers_block_when_it_ends_its_cell():
    for heading, name in (("Issued to", "Harbour View Hotel Ltd"), ("Ausgestellt auf", "Fischer Bäckerei UG"),
                          ("Emitida a", "Sánchez Suministros S.L."), ("Emessa a:", "Albergo Belvedere S.r.l."),
                          ("Émise à", "Menuiserie Colin SA")):
        page = ["Atelier Giraud SARL", "12 rue des Lilas", "69003 Lyon", "", f"{heading:<30}Total TTC  120,00 €", name,
                "12 Mill Road", "75011 Paris", "Facture n° FA-2026-0117"]
        assert propose([page_from(page)]).value("buyer_name") == name, heading
    # a sentence that goes on after the words is no heading
    from guichet.plugins.fields_rules.vocabulary import BUYER_BLOCK

    assert not BUYER_BLOCK.search("facture emise a lyon le 3 mars")


def test_a_customers_code_before_the_buyers_name_is_neither_the_name_nor_the_invoice_number():
    for heading in ("Facturé à : CL09630", "Client : C0042 –", "Invoice to: 10234", "Rechnung an: 4711 /", "Cliente: 30374 /"):
        page = ["Atelier Giraud SARL", "12 rue des Lilas", "69003 Lyon", "",
                f"{'':<44}{heading} Hôtel des Remparts", f"{'':<44}4 place du Marché", f"{'':<44}68000 Colmar", "",
                "N° de facture    Date        Code client", "FA250747         05/03/2026  CL09630",
                "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"]
        proposal = propose([page_from(page)])
        assert [proposal.value(n) for n in ("buyer_name", "buyer_postcode", "invoice_number")] == \
            ["Hôtel des Remparts", "68000", "FA250747"], heading
    # a company's name that opens with a few digits keeps them (« 3M France »)
    page = _buyer_page(["Client : 3M France SAS", "4 place du Marché", "68000 Colmar"])
    assert propose([page_from(page)]).value("buyer_name") == "3M France SAS"


def test_a_heading_in_capitals_over_a_name_in_small_letters_is_no_part_of_it():
    """A role's heading the rules do not know, in capitals with no colon, over the party's name set in small letters:
    two lines set apart by their case, not one name wrapped (issue 13, buyer-13f). A company in capitals over a
    contact in small letters stays the name, and a name wrapped in one case stays whole. (A heading over a name with no
    legal form, « ADRESSE PRENEUR » / « Carpintería Lozano », « Dati Proprietario » / « Fabio Conti », is set like a
    company over its contact: no longer told apart since the list of frames' first words, taken from a generator's
    headings, was removed.)"""
    for heading, name in (("MAÎTRE D'OUVRAGE", "Dubois Conseil SAS"), ("BAUHERR UND EIGENTÜMER", "Dubois Conseil SAS"),
                          ("PROPRIÉTAIRE", "Dubois Conseil SAS"),
                          ("ASSURÉ", "Veterinary Brennan")):
        proposal = propose([page_from(_buyer_page([heading, name, "14 rue Lamartine", "29000 Quimper"]))])
        assert (proposal.value("buyer_name"), proposal.value("buyer_address")) == (name, "14 rue Lamartine"), heading
    # over a person addressed by a civility, one word in capitals may be a company over its contact as well as a role:
    # it stays the name (« PROPRIÉTAIRE » / « M. Jean Dupont » is read wrong, as before)
    for block, name in ((["GARAGE COLIN", "Jean Martin", "14 rue Lamartine", "29000 Quimper"], "GARAGE COLIN"),
                        (["DECATHLON", "M. Jean Martin", "14 rue Lamartine", "29000 Quimper"], "DECATHLON"),
                        (["CARREFOUR", "Mme Sophie Durand", "14 rue Lamartine", "29000 Quimper"], "CARREFOUR"),
                        (["GARAGE COLIN", "M. Jean Martin", "14 rue Lamartine", "29000 Quimper"], "GARAGE COLIN"),
                        (["SNCF", "Jean Martin", "14 rue Lamartine", "29000 Quimper"], "SNCF"),
                        (["Boulanger", "Jean Martin", "14 rue Lamartine", "29000 Quimper"], "Boulanger"),
                        (["TRANSPORTS ROUTIERS DU", "MORBIHAN SAS", "14 rue Lamartine", "29000 Quimper"],
                         "TRANSPORTS ROUTIERS DU MORBIHAN SAS")):
        assert propose([page_from(_buyer_page(block))]).value("buyer_name") == name, block


def test_a_building_line_under_a_framed_name_is_the_address_not_the_name():
    """« Syndicat des copropriétaires » reads like a frame's words (lower case after its first) but the line under it
    opens an address (« Résidence Les Pins »): the first line is the name."""
    for heading in ("CLIENT", "Facturé à :", "Maître d'ouvrage"):
        block = [heading, "Syndicat des copropriétaires", "Résidence Les Pins", "14 rue Lamartine", "29000 Quimper"]
        proposal = propose([page_from(_buyer_page(block))])
        assert proposal.value("buyer_name") == "Syndicat des copropriétaires", heading
        assert proposal.value("buyer_postcode") == "29000", heading


def test_a_country_named_in_any_of_the_five_languages_ends_a_one_line_party():
    assert [country_of_name(n) for n in ("Vereinigtes Königreich", "Grande-Bretagne", "Roumanie", "Kroatien", "Malta",
                                         "Norwegen")] == ["GB", "GB", "RO", "HR", "MT", "NO"]
    party = one_line_party("Northgate Supplies Ltd, 4 Baker Street, LONDON SW1A 1AA, Vereinigtes Königreich")
    assert party is not None and (party["name"], party["postcode"], party["country"]) == ("Northgate Supplies Ltd", "SW1A 1AA", "GB")


def test_the_street_line_of_the_readers_is_drawn_from_the_core_street_words():
    from guichet.core.parsing.countries import STREET_OPENERS, STREET_SUFFIXES, STREET_WORDS, street_excludes
    from guichet.plugins.fields_rules.lines import STREET_LINE

    every = {word for words in STREET_WORDS.values() for word in words}
    assert set(STREET_OPENERS) <= every and {s.rstrip(".") for s in STREET_SUFFIXES} <= every
    import re

    assert all(re.search(STREET_LINE, text) for text in ("12 rue des lilas", "via roma 5", "lindenweg 3", "poligono norte 4",
                                                         "9 bis place des ecoles"))
    assert not re.search(STREET_LINE, "plaza hotel") and not re.search(STREET_LINE, "atelier giraud")
    assert street_excludes("DE", "Ctra. de Valencia, km 7") and not street_excludes("ES", "Ctra. de Valencia, km 7")


def test_a_heading_whose_cell_ends_with_its_colon_holds_no_name():
    block = ["CLIENT FINAL :", "Rolland Cabinet SAS", "104 bis chemin des Acacias", "94181 RENNES"]
    proposal = propose([page_from(_buyer_page(block))])
    assert (proposal.value("buyer_name"), proposal.value("buyer_postcode")) == ("Rolland Cabinet SAS", "94181")


def test_a_street_numbered_bis_over_a_second_address_line_is_the_buyers_address():
    block = ["Facturé à :", "Rolland Cabinet SAS", "9 bis place des Écoles", "Escalier B", "94181 Rennes"]
    proposal = propose([page_from(_buyer_page(block))])
    assert (proposal.value("buyer_address"), proposal.value("buyer_postcode")) == ("9 bis place des Écoles", "94181")


#: A template that prints each party's address on one line with commas and no heading over the buyer's (a name, right
#: aligned, over « street, town, country, postcode »).
COMMA_PARTIES = [
    "Atelier Girard SARL  atelier@girard.example          12 impasse des Tilleuls, Dijon, France, 21000",
    "",
    "FACTURE",
    "N° FA-7731                                                                        Brasserie du Port SAS",
    "Date 14/02/2025                                           8 quai des Chartrons, Bordeaux, France, 33000",
    "",
    "Désignation   Qté   Prix unitaire   Montant HT",
    "Maintenance   1   100,00   100,00",
    "Total HT  100,00",
    "TVA 20 %  20,00",
    "Total TTC  120,00 €",
]


def test_the_name_over_a_one_line_address_with_no_heading_is_the_buyer():
    proposal = propose([page_from(COMMA_PARTIES)])
    assert proposal.value("buyer_name") == "Brasserie du Port SAS"
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city", "buyer_country")] == \
        ["8 quai des Chartrons", "33000", "Bordeaux", "FR"]


def test_the_seller_over_its_one_line_address_is_no_buyer():
    # only the seller's name stands over a one-line address: no buyer is read from it
    page = [line for line in COMMA_PARTIES if "Brasserie" not in line and "Chartrons" not in line]
    assert propose([page_from(page)]).value("buyer_name") in (None, "")


def test_a_country_sign_in_a_one_line_address_names_its_country_when_the_postcode_has_its_shape():
    assert comma_address("Rua Direita 32, P-4554-326 Faro") == \
        {"street": "Rua Direita 32", "postcode": "4554-326", "city": "Faro", "country": "PT"}
    assert comma_address("Kalverstraat 1, NL-1012 AB Amsterdam")["country"] == "NL"
    assert comma_address("12 rue des Lilas, F-75001 Paris, France")["country"] == "FR"
    assert comma_address("12 rue des Lilas, F-75001 Paris, Italia") is None  # two countries: no address
    # a German postcode has five digits: « D-1234 » is misread somewhere, and no country is said
    assert country_of_prefix("D", "1234") is None and country_of_prefix("D", "50667") == "DE"
    assert [country_of_prefix(p, c) for p, c in (("I", "20100"), ("E", "28001"), ("L", "1234"), ("B", "1000"),
                                                 ("CH", "8001"), ("NL", "1012 AB"), ("P", "4554-326"))] == \
        ["IT", "ES", "LU", "BE", "CH", "NL", "PT"]
    assert "country" not in comma_address("Hauptstr. 5, D-1234 Köln")


def test_a_block_whose_sign_does_not_fit_its_postcode_keeps_its_address_but_no_country():
    proposal = propose([page_from([ln.format(town="D-1234 Köln", country="") for ln in HOTEL])])
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city")] == ["Hauptstr. 5", "1234", "Köln"]
    assert proposal.value("buyer_country") in (None, "")


def test_a_heading_in_capitals_over_a_name_in_capitals_is_told_by_the_firm_under_it():
    """Both lines in capitals (« CLIENT » / « SARL DUPONT BTP »): the heading holds no legal form and the line under it
    is a firm (a legal form, partners joined by « & »), maybe after a contact's line; a one-word company over its
    contact stays the name."""
    for block, name in (
            (["DONNEUR D'ORDRE", "DUPONT BTP SARL", "14 rue Lamartine", "29000 Quimper"], "DUPONT BTP SARL"),
            (["COMMETTANT", "LIBRAIRIE MOREL & FILS", "14 rue Lamartine", "29000 Quimper"], "LIBRAIRIE MOREL & FILS"),
            (["ANSCHRIFT AUFTRAGGEBER", "z. Hd. Frau Lange", "HOFMANN DRUCK KG", "Lindenweg 4", "50667 Köln"],
             "HOFMANN DRUCK KG"),
            (["GARAGE COLIN", "JEAN MARTIN", "14 rue Lamartine", "29000 Quimper"], "GARAGE COLIN")):
        assert propose([page_from(_buyer_page(block))]).value("buyer_name") == name, block


def test_a_one_line_address_wrapped_in_its_column_still_names_the_buyer_over_it():
    page = COMMA_PARTIES[:4] + [
        "Date 14/02/2025                                                 8 quai des Chartrons, Bordeaux, France,",
        "                                                                                                  33000",
    ] + COMMA_PARTIES[5:]
    proposal = propose([page_from(page)])
    assert proposal.value("buyer_name") == "Brasserie du Port SAS"
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city")] == \
        ["8 quai des Chartrons", "33000", "Bordeaux"]


def test_a_town_ending_with_a_country_name_keeps_it_unless_the_postcode_is_that_country_s():
    """A town's last word names a country only when the postcode has that country's shape (review of issue 13):
    « Villanueva de la Cañada » is a town near Madrid, not Canada; « Sarreguemines Ecosse » is no British address;
    « 10115 Berlin Allemagne » is Germany's."""
    def block_of(last: str) -> tuple[str, str, str | None]:
        page = _buyer_page(["Facturé à :", "Construcciones Ruiz SL", "Calle Mayor 5", last])
        block = [b for b in address_blocks(make_lines([page_from(page)])) if b.postcode == last.split(maxsplit=1)[0]][0]
        return block.postcode, block.city, block.country

    assert block_of("28691 Villanueva de la Cañada") == ("28691", "Villanueva de la Cañada", None)
    assert block_of("57200 Sarreguemines Ecosse") == ("57200", "Sarreguemines Ecosse", None)
    assert block_of("10115 Berlin Allemagne") == ("10115", "Berlin", "DE")


@pytest.mark.parametrize("top", ["Riverside Depot, Attn: Goods In", "Harbour Joinery Ltd, Attn: Credit Control"])
def test_a_line_naming_its_contact_gives_way_to_the_buyer_s_heading(top):
    # a delivery point's or the seller's own « Name, Attn: … » line above « Customer: … » is not the buyer
    rows = ["Harbour Joinery Ltd                                   INVOICE",
            "4 Dock Road, Bristol BS1 5TH                          Invoice No.  INV-2031",
            "                                                      Date  05/03/2026",
            top,
            "Customer: Mill Lane Homes Ltd",
            "12 Mill Lane, Bath BA1 1AA",
            "Joinery works                  1   2,000.00   2,000.00",
            "Total                                 2,400.00"]
    assert propose([page_from(rows)]).value("buyer_name") == "Mill Lane Homes Ltd"


def test_a_line_naming_its_contact_with_no_heading_is_only_shown():
    rows = ["Harbour Joinery Ltd                                   INVOICE",
            "4 Dock Road, Bristol BS1 5TH                          Invoice No.  INV-2031",
            "Harbour Joinery Ltd, Attn: Credit Control",
            "Joinery works                  1   2,000.00   2,000.00",
            "Total                                 2,400.00"]
    proposal = propose([page_from(rows)])
    assert proposal.value("buyer_name") in (None, "Harbour Joinery Ltd")
    assert proposal.value("buyer_name") is None or proposal.confidence()["buyer_name"] < 0.3


def test_an_iso_code_after_the_town_and_a_comma_is_the_country_where_no_region_has_it():
    # the UPU ends a foreign address with its country; some invoicing software prints its ISO code after the town:
    # a European country's code that no US state or Canadian province has, with that country's postcode shape
    for town, city, country in (("06000 NICE, FR", "NICE", "FR"), ("1000 Bruxelles, BE", "Bruxelles", "BE"),
                                ("8010 Graz, AT", "Graz", "AT"), ("1000 Bruxelles, FR", "Bruxelles", None),
                                ("02134 Boston, MA", "Boston", None), ("10115 BERLIN, DE", "BERLIN", None)):
        proposal = propose([page_from([ln.format(town=town, country="") for ln in HOTEL])])
        assert (proposal.value("buyer_city"), proposal.value("buyer_country")) == (city, country), town
    # a country line under the town has the last word
    lines = [ln.format(town="06000 NICE, FR", country=" " * 42 + "Italie") for ln in HOTEL]
    assert propose([page_from(lines)]).value("buyer_country") == "IT"


def test_a_contact_line_first_in_the_block_is_not_the_buyer():
    lines = ["Hôtel des Remparts SAS                    FACTURE",
             "4 place du Marché                         N° facture  H-2026-0412",
             "68000 Colmar                              Date  05/03/2026",
             "",
             "                                          Adresse du client",
             "                                          Julie Martin, Service achats",
             "                                          Dubois Conseil SAS",
             "                                          LES ATELIERS DUBOIS",
             "                                          12 rue des Lilas",
             "                                          Bâtiment B",
             "                                          06000 NICE, FR",
             "",
             "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"]
    proposal = propose([page_from(lines)])
    assert proposal.value("buyer_name") == "Dubois Conseil SAS"
    assert [proposal.value(n) for n in ("buyer_postcode", "buyer_city", "buyer_country")] == ["06000", "NICE", "FR"]
    # a name written surname first, its street under it, stays the name
    lines[5:7] = ["                                          Heiniger, Julia"]
    assert propose([page_from(lines)]).value("buyer_name") == "Heiniger, Julia"


def test_a_numbered_address_line_is_no_heading():
    lines = ["Hôtel des Remparts SAS                    FACTURE",
             "4 place du Marché                         N° facture  H-2026-0412",
             "68000 Colmar                              Date  05/03/2026",
             "",
             "                                          Facturé à :",
             "                                          Dubois Conseil SAS",
             "                                          12 rue des Lilas",
             "                                          Client line 2",
             "                                          69003 Lyon",
             "",
             "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"]
    proposal = propose([page_from(lines)])
    assert [proposal.value(n) for n in ("buyer_name", "buyer_address", "buyer_postcode")] == \
        ["Dubois Conseil SAS", "12 rue des Lilas", "69003"]


def test_a_line_under_the_heading_over_another_party_word_is_no_sure_name():
    # « Service achats » over « Le client » under the heading: which line names the buyer is not known, shown only
    lines = ["Hôtel des Remparts SAS                    FACTURE",
             "4 place du Marché                         N° facture  H-2026-0412",
             "68000 Colmar                              Date  05/03/2026",
             "",
             "                                          Client :",
             "                                          Compta fournisseurs",
             "                                          Le client",
             "                                          12 rue des Lilas",
             "                                          69003 Lyon",
             "",
             "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"]
    lines_ = make_lines([page_from(lines)])
    found = buyer_under_heading(lines_)
    assert found is not None and found.score < 0.3
    # a contact's line under the name is the block's own: the name stays sure
    lines[5:7] = ["                                          Dubois Conseil SAS",
                  "                                          À l'attention de M. Roy"]
    found = buyer_under_heading(make_lines([page_from(lines)]))
    assert found is not None and (found.value, found.score) == ("Dubois Conseil SAS", 0.6)


def _headed_block(block: list[str], heading: str = "Client :", indent: int = 0) -> list[str]:
    """A seller's letterhead at the left, the buyer's ``heading`` at column 42 beside it, ``block`` under it."""
    pad = " " * (42 + indent)
    return ["Hôtel des Remparts SAS                    FACTURE",
            "4 place du Marché                         N° facture  H-2026-0412",
            "68000 Colmar                              Date  05/03/2026",
            "",
            " " * 42 + heading,
            *(pad + line for line in block),
            "",
            "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"]


@pytest.mark.parametrize("department", ["Finance dept", "Purchasing Dept.", "Accounting department", "Achats dép.",
                                        "Einkaufsabteilung", "Buyers dept"])
def test_a_department_named_by_its_trade_then_its_word_over_the_name_is_no_name(department):
    """NF Z10-011 puts the mail's inner address (a department) on the line under the company's name; some layouts
    print it first under the heading. A short line ending with a department's word or its abbreviation is that line
    (old code: the department read as the buyer's name, and written)."""
    found = buyer_under_heading(make_lines([page_from(_headed_block(
        [department, "Maison Rivière", "12 rue des Lilas", "69003 Lyon"]))]))
    assert found is not None and (found.value, found.score) == ("Maison Rivière", 0.6)


@pytest.mark.parametrize("body", ["Northside Fire Dept.", "Westfield Police Department"])
def test_a_public_bodys_name_ending_with_dept_is_the_name_not_a_department(body):
    """Only a trade's word before « Dept. » names a department (« Finance dept »): « Northside Fire Dept. » is a public
    buyer's own name, the line under it its unit (old code: « Headquarters » read as the buyer's name)."""
    lines = ["Harbour Tools Ltd", "5 High Street", "London EC1A 1BB", "", "Invoice 1234", "Date: 05/03/2024", "",
             "Bill to:", body, "Headquarters", "100 Main Street", "Leeds LS1 1AA", "", "Total  120.00"]
    assert propose([page_from(lines)]).values().get("buyer_name") == body


def test_a_name_that_reads_like_a_heading_under_the_blocks_heading_is_the_name():
    """A block has one heading: under « Client : » the line « Le Bon Client » (a role's word last, as a heading has
    it) is the name, over a department or a contact line as well (old code: the department or the contact read, unsure)."""
    for first in ("Compta dept", "Julie Martin, Service achats", "Contact achats"):
        found = buyer_under_heading(make_lines([page_from(_headed_block(
            [first, "Le Bon Client", "12 rue des Lilas", "69003 Lyon"]))]))
        assert found is not None and (found.value, found.score) == ("Le Bon Client", 0.6)
    # a heading under the heading with its colon, though, is no name: the name stays unsure
    found = buyer_under_heading(make_lines([page_from(_headed_block(
        ["Compta dept", "Client final :", "Dubois Conseil SAS", "69003 Lyon"]))]))
    assert found is None or found.value != "Client final :"


def test_the_trade_name_or_the_name_again_under_the_name_leaves_it_sure():
    """Under the name, a line holding a buyer's word leaves unsure which line names the buyer, unless it is the
    party's trade name said so (« … nom commercial », BT-45) or the name printed again in other letters (old code:
    0.25, never written)."""
    for under in ("Client nom commercial", "LE BON CLIENT"):
        found = buyer_under_heading(make_lines([page_from(_headed_block(
            ["Le Bon Client", under, "12 rue des Lilas", "69003 Lyon"], heading="Adresse du client"))]))
        assert found is not None and (found.value, found.score) == ("Le Bon Client", 0.6)


def test_a_block_indented_under_its_heading_with_the_sellers_lines_between_is_its_block():
    """The buyer's lines set two characters right of their heading (« Adresse du client » /
    «   Dubois Conseil SAS »), the seller's block beside them printing its own lines in between: the name is the first
    line under the heading in its column (old code: the indent or the seller's lines lost the block)."""
    lines = ["Hôtel des Remparts SAS                    Adresse du client",
             "4 place du Marché",
             "68000 Colmar",
             "                                            Dubois Conseil SAS",
             "                                            12 rue des Lilas",
             "                                            69003 Lyon",
             "",
             "Facture n° H-2026-0412", "Date  05/03/2026", "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"]
    found = buyer_under_heading(make_lines([page_from(lines)]))
    assert found is not None and (found.value, found.score) == ("Dubois Conseil SAS", 0.6)


def test_a_long_name_cut_before_an_article_or_a_conjunction_goes_on_on_the_next_line():
    """A column's width cuts a long name before its article or its conjunction (« Consorzio di Bonifica » / « della
    Pianura Padana »): the second line, opening in small letters with that word, is the name's end, not its street."""
    for first, rest in (("Consorzio di Bonifica", "della Pianura Padana"),
                        ("Moran Brothers Engineering", "and Fabrication Services"),
                        ("Association Départementale", "pour la Formation des Artisans")):
        block = ["Facturé à :", first, rest, "Corso Dante 123", "43121 Parma"]
        proposal = propose([page_from(_buyer_page(block))])
        assert proposal.value("buyer_name") == f"{first} {rest}"
        assert proposal.value("buyer_address") == "Corso Dante 123"
    # a contact's line in small letters is no end of the name
    proposal = propose([page_from(_buyer_page(["Facturé à :", "Garage Morel SARL", "c/o Cabinet Huet",
                                                "12 rue de la Gare", "35000 Rennes"]))])
    assert proposal.value("buyer_name") == "Garage Morel SARL"


def test_a_street_cut_after_its_article_by_a_narrow_column_is_the_two_lines():
    block = ["Client", "Serrurerie Moreau SARL", "50 allée des", "Tilleuls", "88020 Nantes"]
    proposal = propose([page_from(_buyer_page(block))])
    assert proposal.value("buyer_address") == "50 allée des Tilleuls"
    assert proposal.value("buyer_city") == "Nantes"


def test_blocks_side_by_side_whose_towns_share_a_line_are_no_grid_row():
    """Three blocks in a row (the seller's, the billing and the shipping ones): the seller's name, the billing town and
    the shipping town on one line are three blocks' lines, not one grid row « name | street | town »."""
    page = ["                         Fattura a                  Spedire a",
            "                         Libreria De Luca           Carpintería Vázquez Lda.",
            "                         Corso Mazzini, 10          Avenida do Carmo, 27",
            "Kerlan Arredamenti       52500 BRESCIA BS           5894-132 BRAGA",
            "S.p.A.                                              Portogallo",
            "Piazza Cavour 122",
            "37121 Verona",
            "", "Fattura n. 2025-0117", "Data : 05/03/2026", "Totale imponibile  100,00", "IVA 22 %  22,00",
            "Totale  122,00 €"]
    proposal = propose([page_from(page)])
    assert proposal.value("buyer_name") == "Libreria De Luca"
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city")] == \
        ["Corso Mazzini, 10", "52500", "BRESCIA"]


def test_a_north_american_town_line_ends_the_block_its_region_and_code_telling_the_country():
    """« Austin, TX 78701 », « Montréal (QC) H2X 1Y4 » (Canada Post's code, one country's shape): the town first, the
    region's code, the postcode; the country line under it has the last word, else the region and the code's shape
    tell it. A two-letter code of no region (« Berlin, XX 10115 ») makes no block."""
    assert country_of_postcode("H2X 1Y4") == "CA" and country_of_name("Cechia") == "CZ"
    for town_line, country_line, want in (("Austin, TX 78701", "ÉTATS-UNIS", ["Austin", "78701", "US"]),
                                          ("Montréal (QC) H2X 1Y4", "", ["Montréal", "H2X 1Y4", "CA"]),
                                          ("Toronto ON M5H 2N2", "Canada", ["Toronto", "M5H 2N2", "CA"]),
                                          ("Denver, CO 80202", "", ["Denver", "80202", "US"])):
        block = ["Facturé à :", "Kestrel Logistics Inc.", "961 Main St.", town_line, *([country_line] if country_line else [])]
        proposal = propose([page_from(_buyer_page(block))])
        assert proposal.value("buyer_name") == "Kestrel Logistics Inc."
        assert [proposal.value(n) for n in ("buyer_address", "buyer_city", "buyer_postcode", "buyer_country")] == \
            ["961 Main St.", *want]
    proposal = propose([page_from(_buyer_page(["Facturé à :", "Kestrel Logistics", "961 Main St.", "Berlin, XX 10115"]))])
    assert proposal.value("buyer_postcode") is None and proposal.value("buyer_country") is None
    # a state's code that is also an Italian province's or a European country's, with no USPS comma: no US (review)
    for town_line in ("Varese VA 21100", "Modena MO 41121", "Berlin DE 10115", "Ref CA 12345"):
        proposal = propose([page_from(_buyer_page(["Facturé à :", "Libreria De Luca", "Via Roma 10", town_line]))])
        assert proposal.value("buyer_country") != "US", town_line


def test_a_reference_with_its_dotted_leader_or_a_wrapped_date_beside_a_town_makes_no_grid_row():
    """The seller's block, a column of references with dotted leaders, the buyer's block: the seller's name, a reference
    (or a date's end wrapped in its column) and the buyer's town on one line are no grid row « name | street | town »."""
    for middle in ("Réf. commande ........... 151097", "juin-24"):
        page = ["LES BRASSERIES           N° Facture ........... 202409271        Client facturé",
                "                         Facturé le .......... 2024-01-17       Pépinières Ménard SNC",
                "PROVENCE                 Compte client ........... C77130       109 boulevard Voltaire",
                f"ÉQUIPEMENT SARL          {middle:<34}     06298 Toulouse",
                "61 rue des Lilas", "40787 Paris", "", "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"]
        proposal = propose([page_from(page)])
        assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city")] == \
            ["109 boulevard Voltaire", "06298", "Toulouse"], middle


def test_the_street_over_a_buildings_line_is_the_address_line_that_tells_a_foreign_country():
    """« Via Dante, 33 » over « Bâtiment 3 » over « 39365 Pisa » on a French seller's page: the street is the address's
    main line (BT-50), so its Italian words keep the completion from taking the buyer for a French one."""
    block = ["Facturé à :", "Pharmacies Chevalier", "Via Dante, 33", "Bâtiment 3", "39365 Pisa"]
    proposal = propose([page_from(_buyer_page(block))])
    assert [proposal.value(n) for n in ("buyer_address", "buyer_postcode", "buyer_city")] == ["Via Dante, 33", "39365", "Pisa"]
    # the street's number cut off on the line under it (« Piazza Cavour » / « 29 »): the street whole
    proposal = propose([page_from(_buyer_page(["Facturé à :", "Cantina Colle Verde", "Piazza Cavour", "29", "37121 Verona"]))])
    assert proposal.value("buyer_address") == "Piazza Cavour 29"


def test_a_tagline_or_an_on_behalf_line_under_the_buyer_s_name_is_no_part_of_it():
    """Review F3: a second line in small letters opening with an article goes on the name only when it ends as a name
    does (« della Pianura Padana »): a tagline (« la passion du pain ») or an on-behalf line is no part of it."""
    for second in ("la passion du pain", "pour le compte de SCI Les Pins"):
        block = ["Facturé à :", "Boulangerie Martin", second, "12 rue Haute", "29000 Quimper"]
        assert propose([page_from(_buyer_page(block))]).value("buyer_name") == "Boulangerie Martin", second


def test_a_care_of_word_cuts_a_name_only_after_a_person_addressed():
    """Review F4: « bei », « presso » end the name only after a person addressed by a civility (« Herrn Sergio Herrera
    bei Estudio Gil »); « Alte Apotheke bei St. Anna » is a pharmacy's whole name."""
    block = ["Rechnungsempfänger:", "Alte Apotheke bei St. Anna", "Hauptstraße 5", "80331 München"]
    assert propose([page_from(_buyer_page(block))]).value("buyer_name") == "Alte Apotheke bei St. Anna"


def test_a_door_number_under_a_numbered_street_is_not_joined_to_it():
    """Review F5: « 12 rue Haute » / « 3 »: the street has its number; the line under it is no part of it (only
    « Piazza Cavour » / « 29 », a street whose number was cut off, takes it)."""
    block = ["Facturé à :", "Boulangerie Martin", "12 rue Haute", "3", "29000 Quimper"]
    assert propose([page_from(_buyer_page(block))]).value("buyer_address") != "12 rue Haute 3"
