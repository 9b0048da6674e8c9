"""A page that prints its parties as a form: a heading, then one labelled row per field (« Name: », « Anschrift: »), the
address's lines going on under its label's value (the layout of XML renderings such as the German « Visualisierung
eRechnung », and of many ERP prints). Synthetic pages only."""

from __future__ import annotations

import pytest
from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose

FORM = [
    "Rechnung Nr. 2024-0815 vom 15.11.2024",
    "",
    "Verkäufer",
    "Nummer:            7781",
    "Name:              Schreinerei Vogt GmbH",
    "Ansprechpartner:   Jonas Verkäufer",
    "Anschrift:         Lindenallee 7",
    "                   DE 50667 Köln",
    "Telefon:           0221 998877",
    "",
    "Käufer",
    "Nummer:            4410",
    "Name:              Bäckerei Sommer KG",
    "Anschrift:         Käufer-Str. 3",
    "                   AT 1010 Wien",
    "",
    "Rechnungsbetrag brutto    119,00 EUR",
]


_FIELDS = ("seller_name", "seller_address", "seller_postcode", "seller_city", "seller_country", "buyer_name",
           "buyer_address", "buyer_postcode", "buyer_city", "buyer_country", "invoice_number", "issue_date")


def _values(lines: list[str]) -> dict:
    proposal = propose([page_from(lines)])
    return {name: proposal.value(name) for name in _FIELDS}


def test_a_form_s_address_goes_on_under_its_label_and_its_country_is_read_from_the_postcode_s_prefix():
    values = _values(FORM)
    assert (values.get("seller_address"), values.get("seller_postcode"), values.get("seller_city"),
            values.get("seller_country")) == ("Lindenallee 7", "50667", "Köln", "DE")
    assert (values.get("buyer_name"), values.get("buyer_address"), values.get("buyer_postcode"), values.get("buyer_city"),
            values.get("buyer_country")) == ("Bäckerei Sommer KG", "Käufer-Str. 3", "1010", "Wien", "AT")


@pytest.mark.parametrize(("printed", "postcode", "country"), [
    ("DE 80333 München", "80333", "DE"), ("D-80333 München", "80333", "DE"), ("F-75001 Paris", "75001", "FR"),
    ("CH-8001 Zürich", "8001", "CH"), ("BE 1000 Bruxelles", "1000", "BE"),
])
def test_the_country_prefixed_postal_notation_gives_the_country(printed, postcode, country):
    values = _values(["Rechnung Nr. 2024-0815 vom 15.11.2024", "", "Schreinerei Vogt GmbH", "Lindenallee 7", printed,
                      "", "                              Kunde:", "                              Bäckerei Sommer KG",
                      "                              Hauptstraße 3", "                              51063 Köln", "",
                      "Rechnungsbetrag brutto    119,00 EUR"])
    assert (values.get("seller_postcode"), values.get("seller_country")) == (postcode, country)


def test_a_country_code_in_lower_case_or_not_a_country_s_is_no_prefix():
    from guichet.plugins.fields_rules.blocks import _POSTCODE_TOWN

    assert _POSTCODE_TOWN.match("de 80333 München") is None
    assert _POSTCODE_TOWN.match("HRB 12345 Stuttgart") is None


def test_an_identifier_with_its_scheme_in_brackets_and_a_street_named_with_a_title_word_stay_in_the_block():
    """« 4000001123452 (GLN) » over the name is an identifier's line, no name; « Rechnungsstraße 12 » a street's line,
    no title; « Käufer-Str. 3 » a street's, no buyer's heading."""
    values = _values(["Schreinerei Vogt GmbH", "Lindenallee 7", "50667 Köln", "",
                      "                              4000001123452 (GLN)", "                              Bäckerei Sommer KG",
                      "                              Rechnungsstraße 12", "                              51063 Köln", "",
                      "Rechnung Nr. 2024-0815 vom 15.11.2024", "Rechnungsbetrag brutto    119,00 EUR"])
    assert (values["buyer_name"], values["buyer_address"], values["buyer_postcode"]) == (
        "Bäckerei Sommer KG", "Rechnungsstraße 12", "51063")
    values = _values(["Schreinerei Vogt GmbH", "Lindenallee 7", "50667 Köln", "",
                      "                              Bäckerei Sommer KG", "                              Käufer-Str. 3",
                      "                              51063 Köln", "",
                      "Rechnung Nr. 2024-0815 vom 15.11.2024", "Rechnungsbetrag brutto    119,00 EUR"])
    assert (values["buyer_name"], values["buyer_address"], values["buyer_postcode"]) == (
        "Bäckerei Sommer KG", "Käufer-Str. 3", "51063")


@pytest.mark.parametrize("title", ["Handelsrechnung (380)  Nr. 123  vom  15.11.2024",
                                   "Rechnung (380)  Nr. 2024-0815  vom  15.11.2024"])
def test_the_title_s_number_stands_in_its_own_cell_after_the_type_code(title):
    """« Handelsrechnung (380)  Nr. 123  vom 15.11.2024 »: the title, its UNTDID 1001 type code, then the number's own
    cell; a party's « Nummer: » under its heading is that party's."""
    number = title.split("Nr. ")[1].split()[0]
    values = _values([title, "", *FORM[2:]])
    assert (values["invoice_number"], values["issue_date"]) == (number, "2024-11-15")


@pytest.mark.parametrize(("row", "category"), [
    ("Umsatzsteuer (Z)     1.000,00     0         0,00", "Z"),
    ("Umsatzsteuer (S)     1.000,00     19 %      190,00", "S"),
    ("VAT (E)              1.000,00     0 %       0,00", "E"),
    ("Umsatzsteuer (Z)     1.000,00     19 %      190,00", None),  # a zero rate's code beside a positive rate: none
])
def test_the_category_code_in_brackets_after_the_tax_s_name_is_the_row_s(row, category):
    proposal = propose([page_from(["Rechnung Nr. 2024-0815 vom 15.11.2024", "",
                                   "Art (Kategorie)      Basisbetrag  Steuersatz  Steuerbetrag", row])])
    assert [r.category for r in proposal.vat_breakdown] == [category]


def test_the_number_row_under_the_seller_s_heading_is_the_seller_s_identifier_and_reaches_the_invoice():
    from guichet.core.parsing.text import proposal_invoice

    proposal = propose([page_from(FORM)])
    assert (proposal.value("seller_identifier"), proposal.value("seller_identifier_scheme")) == ("7781", None)
    assert [(i.value, i.scheme) for i in proposal_invoice(proposal).seller.identifiers] == [("7781", None)]


@pytest.mark.parametrize(("printed", "read"), [("4000001123452 (GLN)", ("4000001123452", "0088")),
                                               ("4000001123453 (GLN)", (None, None))])  # its check digit fails
def test_a_global_number_with_its_scheme_is_read_when_its_check_digit_holds(printed, read):
    lines = [*FORM[:3], f"Globale Nummer:    {printed}", *FORM[4:]]
    proposal = propose([page_from(lines)])
    assert (proposal.value("seller_identifier"), proposal.value("seller_identifier_scheme")) == read


def test_a_number_row_under_the_buyer_s_heading_is_no_seller_s_identifier():
    lines = ["Rechnung Nr. 2024-0815 vom 15.11.2024", "", "Schreinerei Vogt GmbH", "Lindenallee 7", "50667 Köln", "",
             *FORM[10:]]
    assert propose([page_from(lines)]).value("seller_identifier") is None


def test_the_federal_form_of_a_steuernummer_is_read_grouped_as_printed():
    lines = [*FORM[:9], "Steuernummer:      22 00 0 001 00001", *FORM[9:]]
    assert propose([page_from(lines)]).value("seller_tax_id") == "22 00 0 001 00001"


def test_a_number_row_in_a_party_s_form_is_never_the_invoice_s_number():
    """« Verkäufer » / « Nummer: 7781 », « Käufer » / « Nummer: 4410 »: the parties' own numbers; with no number of
    its own printed, the invoice's is not read (a wrong number is worse than none)."""
    values = _values(["Rechnung vom 15.11.2024", "", *FORM[2:]])
    assert values["invoice_number"] not in ("7781", "4410")


def test_a_seller_s_form_whose_name_row_lost_its_value_gives_no_other_name_surely():
    """« Verkäufer » / « Name   GmbH » (OCR lost the name, and the colons): a name read elsewhere on the page (a
    label of the header) is not the seller's, never sure enough to be written; « Name » alone is no name."""
    lines = ["Stylesheet-Version     2.6 vom 10.11.2025", "Rechnung (380)  Nr. 2024-0815  vom  15.11.2024", "",
             "Verkäufer", "Nummer             7781", "Name                  GmbH", "Anschrift          Lindenallee 7",
             "                   DE 50667 Köln", "", *FORM[10:]]
    proposal = propose([page_from(lines)])
    seller = proposal.fields.get("seller_name")
    assert seller is None or (seller.value != "Name" and seller.confidence < 0.3)


def test_a_name_before_a_colon_under_a_seller_s_heading_is_no_form_s_row():
    # The name is the label of its row (« Vogt GmbH : Tischlerei »), not a « Name: » row's value: no form, no crash.
    values = _values(["Verkäufer", "Schreinerei Vogt GmbH : Tischlerei", "Lindenallee 7", "50667 Köln", "",
                      "Rechnung Nr. 2024-0815 vom 15.11.2024", "Rechnungsbetrag brutto    119,00 EUR"])
    assert values.get("invoice_number") == "2024-0815"


def test_a_client_s_labelled_rows_under_the_seller_s_letterhead_are_not_the_seller_s_address():
    # the seller's name alone, then the client's form (« Client : » / « Adresse : » / « CP / Ville : »): those rows are
    # the client's; the seller's labelled rows are only those of its own section, under its heading
    read = _values(["Dupont Électricité SARL", "Client :        Boulangerie Martin", "Adresse :       5 rue Foch",
                    "CP / Ville :    75016 Paris", "", "Facture N° F-2024-12      Date : 12/03/2024",
                    "Total TTC   120,00 €"])
    assert read["seller_name"] == "Dupont Électricité SARL" and read["buyer_postcode"] == "75016"
    assert read["seller_address"] is None and read["seller_postcode"] is None and read["seller_city"] is None


def test_a_number_row_after_a_party_s_name_and_address_is_the_invoice_s_number():
    # « Rechnungsempfänger » / Name / Anschrift / « Nummer: 2024-0815 » / « Datum: … »: the party's own numbers open its
    # section above its name (« Verkäufer » / « Nummer: 7781 » / « Name: … »); a number row after its address is the
    # document's
    read = _values(["Schreinerei Vogt GmbH", "Lindenallee 7", "50667 Köln", "", "Rechnungsempfänger",
                    "Name:       Bäckerei Sommer KG", "Anschrift:  Hauptstr. 3", "            51063 Köln",
                    "Nummer:     2024-0815", "Datum:      15.11.2024", "", "Rechnungsbetrag brutto    119,00 EUR"])
    assert read["invoice_number"] == "2024-0815" and read["buyer_name"] == "Bäckerei Sommer KG"
    # the form's own numbers above the names stay the parties' (FORM: « Nummer: 7781 », « Nummer: 4410 »)
    assert _values(FORM)["invoice_number"] == "2024-0815"
    numbered = ["Verkäufer", "Nummer:            7781", "Name:              Schreinerei Vogt GmbH",
                "Anschrift:         Lindenallee 7", "                   DE 50667 Köln", "", "Rechnungsbetrag 119,00 EUR"]
    assert _values(numbered)["invoice_number"] is None


def test_a_seller_s_form_row_names_the_seller_over_an_account_holder_elsewhere():
    """« Informationen zum Verkäufer » / « Firmenname:  Tischlerei Vogt » (no legal form), and further down a transfer's
    « Kontoinhaber:  Anna Vogt »: the form's row names the seller, the account's holder (a person) is not it."""
    lines = ["Informationen zum Käufer", "Name:  Pension Seeblick  Ländercode:  DE", "Adresszeile 1:  Seestraße 4",
             "PLZ:  82319", "", "Informationen zum Verkäufer", "Firmenname:  Tischlerei Vogt  Ländercode:  DE",
             "Adresszeile 1:  Lindenallee 7", "PLZ:  50667", "Ort:  Köln", "", "Rechnungsnummer:  2024-0815",
             "Rechnungsdatum:  15.11.2024", "Gesamtsumme  119,00", "", "Überweisung",
             "Kontoinhaber:  Anna Vogt  BIC:  ABZODEFFXXX", "IBAN:  DE89370400440532013000"]
    assert _values(lines)["seller_name"] == "Tischlerei Vogt"
