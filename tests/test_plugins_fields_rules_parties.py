"""Seller and buyer: whose block, whose VAT number, names wrapped in narrow columns (issue 13).

Each page is invented, written the way invoices print in general: a thank-you sentence over a legal
footer wrapped over two lines, two address blocks side by side each with its VAT number and no heading,
a name wrapped in a narrow column with its legal form on the second line, a block set with wide spacing,
an identifier printed bare inside a block, a seller heading sharing its line with other cells.
"""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.core.parsing.text import Page, Word
from guichet.plugins.fields_rules import propose


def _values(lines: list[str]) -> dict:
    return propose([page_from(lines)]).values()


def _two_columns(rows: list[tuple[str, str]], at: int = 40) -> list[str]:
    """Rows of two columns, the right one starting at the character ``at``."""
    return [f"{left:<{at}}{right}".rstrip() if right else left for left, right in rows]


def _row(text: str, x: float, y: float, size: float) -> list[Word]:
    """The words of ``text`` set from ``x`` in type of height ``size`` (a space narrower than the type's height)."""
    out, pos = [], x
    for chunk in text.split(" "):
        out.append(Word(chunk, (pos, y, pos + len(chunk) * 0.006, y + size)))
        pos += len(chunk) * 0.006 + 0.004
    return out


def test_a_thank_you_sentence_is_no_buyer_heading_over_a_wrapped_legal_footer():
    # « votre » is a buyer word in a heading (« Votre référence »), not in a sentence; the second line of
    # the legal footer belongs to the seller's mentions like the first
    lines = ["Atelier Morel SARL", "4 rue du Port", "56100 Lorient", "", "Client :", "Garage Lebon", "9 rue Haute",
             "29000 Quimper", "", "Facture n° F-1", "Date : 05/03/2024", "Total TTC  120,00", "",
             "Merci de votre confiance.",
             "Atelier Morel SARL – SARL au capital de 5 000 € – SIRET 73282932000074 – RCS",
             "Lorient 732 829 320 – TVA intracommunautaire FR44732829320. Pénalités de retard : trois fois"]
    values = _values(lines)
    assert values.get("seller_vat_id") == "FR44732829320"
    assert values.get("buyer_vat_id") is None
    assert values.get("seller_siren") == "732829320"


def test_a_line_opening_with_a_dash_goes_on_with_the_mentions_above():
    # a word printed over the footer (« Notes ») on its second line is no company's name
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.names import _footer_names

    lines = ["Facture n° F-1", "Date : 05/03/2024", "Total TTC  120,00", "",
             "Atelier Morel SARL – SARL au capital de 37 000 €",
             "– Notes SIRET 73282932000074 – RCS Lorient 732 829 320 – TVA FR44732829320"]
    assert [c.value for c in _footer_names(make_lines([page_from(lines)]), None)] == ["Atelier Morel SARL"]
    assert _values(lines).get("seller_name") == "Atelier Morel SARL"


def test_a_buyer_name_wrapped_under_its_heading_ends_with_its_legal_form():
    lines = ["Atelier Morel SARL", "4 rue du Port", "56100 Lorient", "", "Facturé à", "Menuiserie", "Girard SARL",
             "8 rue des Lilas", "44000 Nantes", "", "Facture n° F-1", "Date : 05/03/2024"]
    assert _values(lines).get("buyer_name") == "Menuiserie Girard SARL"


def test_a_contact_under_the_buyer_name_is_not_joined_to_it():
    lines = ["Atelier Morel SARL", "4 rue du Port", "56100 Lorient", "", "Facturé à", "Menuiserie Girard",
             "Jean Girard", "8 rue des Lilas", "44000 Nantes", "", "Facture n° F-1", "Date : 05/03/2024"]
    assert _values(lines).get("buyer_name") == "Menuiserie Girard"


def test_two_blocks_side_by_side_each_with_its_vat_number():
    # no heading: the seller's name is its legal mentions'; each VAT number is the party's whose block holds it
    lines = _two_columns([("Conseil Barbier EURL", "Patel Bakery Ltd"), ("FR44732829320", "GB769948208"),
                          ("12 rue de la Paix", "119 Station Road"), ("21000 Dijon", "LS4 3EN Leeds"), ("", ""),
                          ("Facture n° F-1", ""), ("Date : 05/03/2024", ""), ("Total TTC  120,00", ""), ("", ""),
                          ("Conseil Barbier EURL – RCS Dijon 732 829 320", "")])
    values = _values(lines)
    assert values.get("seller_name") == "Conseil Barbier EURL"
    assert values.get("seller_vat_id") == "FR44732829320"
    assert values.get("buyer_vat_id") == "GB769948208"


def test_a_bare_number_inside_a_block_does_not_end_it():
    # the buyer's block at the left prints its customer number and VAT number with no label under its name
    lines = _two_columns([("Lopez Consultoria S.A.", "Transportes Ruiz SL"), ("3635", "Calle del Sol 79"),
                          ("ESB17771130", "05778 Valencia"), ("Avenida de la", ""), ("Constitucion 35", ""), ("07048 Bilbao", ""),
                          ("", ""), ("Factura n.º 12", ""), ("Fecha: 05/03/2024", ""),
                          ("Transportes Ruiz SL – Registro Mercantil de Valencia – NIF B12345674", "")])
    assert _values(lines).get("buyer_name") == "Lopez Consultoria S.A."


def test_a_block_set_with_wide_spacing_is_one_block():
    # every line of the block 1.3 times its type's height apart, as far as a blank line of tight type
    size, pitch = 0.011, 0.025
    words = _row("Atelier Morel SARL", 0.1, 0.05, 0.02) + _row("4 rue du Port", 0.1, 0.075, size)
    words += _row("56100 Lorient", 0.1, 0.09, size)
    y = 0.2
    for text in ("Facturer à", "Suministros Navarro SL", "15 Avenida de la Paz", "12264 Madrid", "España"):
        words += _row(text, 0.1, y, size)
        y += pitch
    words += _row("Facture n° F-1", 0.1, 0.4, size) + _row("Date : 05/03/2024", 0.1, 0.42, size)
    fields = propose([Page(1, 595, 842, words)]).fields
    assert fields["buyer_name"].value == "Suministros Navarro SL"
    assert fields["buyer_address"].value == "15 Avenida de la Paz"  # the block reaches the name over the street
    assert fields["buyer_city"].value == "Madrid"


def test_a_seller_heading_in_one_cell_of_its_line():
    # « Issued by » over the seller's name wrapped in a narrow column, its legal form alone on the next line;
    # « To » over the buyer's block at the right
    lines = _two_columns([("Issued by", "To"), ("Harper Riverside", "Studio Wilson plc"), ("LLP", "101 Station Road"),
                          ("96 Church Lane", "M1 2AB Manchester"), ("LS4 3EN Leeds", ""), ("", ""),
                          ("Invoice No. 12", ""), ("Date: 05/03/2024", ""), ("Total  120.00", "")])
    values = _values(lines)
    assert values.get("seller_name") == "Harper Riverside LLP"
    assert values.get("buyer_name") == "Studio Wilson plc"


SIRENE_PAGE = ["ÉLECTRA", "12 rue des Lilas", "69003 Lyon", "", "Client :", "Garage Lebon", "9 rue Haute", "29000 Quimper",
               "", "FACTURE N° F-12", "Date : 05/03/2024", "Total TTC  12,00 €", "",
               "SIREN 732 829 320 – RCS Lyon – TVA FR44732829320"]


def _read_given(rt, lines: list[str]):
    from test_plugins_fields_rules_generated import _read

    from guichet.core.pipeline.paper import read_paper

    return _read(rt, read_paper, [page_from(lines)]).proposal


def test_the_registered_name_of_the_seller_siren_is_its_legal_name(rt):
    # the page prints a brand in large type; the local Sirene copy knows the legal name of the SIREN read
    from guichet.core.model.registry_models import SireneUnit

    assert _read_given(rt, SIRENE_PAGE).value("seller_name") == "ÉLECTRA"
    SireneUnit.create(siren="732829320", state="A", name="ELECTRICITE RHONE ALPES")
    proposal = _read_given(rt, SIRENE_PAGE)
    assert proposal.value("seller_name") == "ELECTRICITE RHONE ALPES"
    assert proposal.fields["seller_name"].origin == "sirene"


def test_the_name_read_stays_as_printed_when_it_is_the_registered_one(rt):
    from guichet.core.model.registry_models import SireneUnit

    SireneUnit.create(siren="732829320", state="A", name="ELECTRA")
    page = ["Électra SARL", *SIRENE_PAGE[1:]]
    assert _read_given(rt, page).value("seller_name") == "Électra SARL"


def test_a_siren_registered_under_the_buyer_name_read_does_not_rename_the_seller(rt):
    # the registered name is the one read for the buyer: that SIREN is the buyer's, the seller's name stays
    from guichet.core.model.registry_models import SireneUnit

    SireneUnit.create(siren="732829320", state="A", name="GARAGE LEBON")
    assert _read_given(rt, SIRENE_PAGE).value("seller_name") == "ÉLECTRA"


def test_buyer_headings_of_each_language():
    # « sold to », « purchaser », the Spanish and Italian acquirer, « bill to » as some
    # Spanish and Italian invoices translate it (« Cobrar a, », « Fattura a, » alone in their cell)
    for heading in ("Vendu à :", "Purchaser", "Adquirente", "Cobrar a,", "Acquirente", "Fattura a,"):
        lines = ["Atelier Moreau SARL", "14 avenue Jean Jaurès", "69007 Lyon", "", heading, "Boulangerie Petit",
                 "3 rue de la Paix", "75002 Paris", "", "Facture n° F-12", "Date : 05/03/2024"]
        buyer = propose([page_from(lines)]).fields.get("buyer_name")
        assert buyer is not None and buyer.value == "Boulangerie Petit", heading
        assert buyer.label == heading, heading  # read under its heading, not as the other block


def test_an_invoice_sentence_is_no_buyer_heading():
    from guichet.plugins.fields_rules import vocabulary

    assert vocabulary.BUYER_BLOCK.search("fattura a,") and not vocabulary.BUYER_BLOCK.search("pagamento della fattura a 30 giorni")


def _identifiers(text: str, *, confidence: float = 1.0) -> list[tuple[str, str]]:
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.parties import identifiers

    return [(kind, value) for kind, value, _c, _w in identifiers(make_lines([page_from([text], confidence=confidence)]))]


def test_a_vat_number_misread_by_ocr_is_read_when_its_key_checks():
    # a country code's I read as 1, a digit 5 read as S, the code stuck to its label: the key decides
    assert ("vat", "IE2190206E") in _identifiers("Doyle Electrical Ltd  VAT Reg. No. 1E2190206E  Pg.1of1")
    assert ("vat", "IE5387289J") in _identifiers("Walsh Engineering DAC  VAT registration number IES387289J")
    assert ("vat", "FR44493523336") in _identifiers("Formation Perrin SAS  N° TVAFR 44 493 523 336  Page 1/1")
    # a number whose key does not check stays unread, whatever its letters might have been
    assert not [v for k, v in _identifiers("Walsh Engineering DAC  VAT registration number IES387289K") if k == "vat"]


def test_identifiers_whose_groups_ocr_set_two_spaces_apart():
    found = _identifiers("Orvane SA  R.C.S.  Quimper B 298  123  159  TVA intracom.  FR 01 298 123  159  Feuille 1",
                         confidence=0.9)
    assert ("siren", "298123159") in found
    assert ("vat", "FR01298123159") in found


def test_a_text_layer_s_column_gap_never_joins_a_siren_to_the_next_cell_s_digits():
    # Two spaces on a text layer's line are a column gap: a SIREN then a postcode is no SIRET (its key may check by
    # chance: 732 829 320 75001 does), and the SIREN before five digits of another cell is still read.
    found = _identifiers("Atelier Martin SARL  RCS Paris 732 829 320  75001 Paris")
    assert ("siren", "732829320") in found and not [v for k, v in found if k == "siret"]
    found = _identifiers("Atelier Martin SARL  SIREN 732 829 320  12345 articles")
    assert ("siren", "732829320") in found
    # A SIRET printed whole is one, and OCR still reads a SIREN whose groups it set two spaces apart.
    assert ("siret", "73282932000074") in _identifiers("Atelier Martin SARL  SIRET 732 829 320 00074")
    assert ("siren", "732829320") in _identifiers("Atelier Martin SARL  SIREN 732  829  320", confidence=0.9)


def test_a_block_line_ending_with_an_ampersand_is_no_name():
    # a heading cut in two cells by a wide gap (« Deliver & » / « invoice to »): the name is under it
    lines = _two_columns([("Walsh Engineering DAC", ""), ("62 Main Street", ""), ("T12 K8AF Cork", ""), ("", ""),
                          ("Invoice Nbr IN240839", ""), ("Invoice issue date 2024-08-17", ""), ("", ""),
                          ("Deliver &", "invoice to"), ("Greenfield Dental Practice", ""), ("90 Main Street", ""),
                          ("X91 F8WD Waterford", "")], at=12)
    assert _values(lines).get("buyer_name") == "Greenfield Dental Practice"


def test_the_dossier_company_name_wrapped_with_its_legal_form_on_the_next_line():
    # a purchase invoice of the dossier: its name printed in a narrow column, « SARL » under it
    from guichet.core.model.models import Company

    company = Company(name="Lambert Garage SARL", siren="732829320", vat_id=None, settings={})
    lines = ["Luc Perrin EI", "4 rue du Port", "56100 Lorient", "", "Facturer à", "Lambert Garage", "SARL",
             "8 rue des Lilas", "44000 Nantes", "", "Facture n° F-1", "Date : 05/03/2024"]
    fields = propose([page_from(lines)], company).fields
    assert fields["buyer_name"].value == "Lambert Garage SARL"
    assert fields["seller_name"].value == "Luc Perrin EI"


def _footer_page(footer: list[str]) -> dict:
    """A seller's letterhead, a buyer's block, the invoice's header and total, then ``footer`` far below."""
    return _values(["Werkstatt Brandt GmbH", "Hafenweg 4", "20457 Hamburg", "", "Rechnung an:", "Kaiser Logistik KG",
                    "Ringstraße 9", "80331 München", "", "Rechnung Nr. 2024-117", "Datum: 05.03.2024",
                    "Gesamtbetrag  119,00", "", "", "", "", "", "", *footer])


def test_a_german_trade_register_entry_and_tax_number_are_the_sellers_bt30_and_bt32():
    values = _footer_page(["Werkstatt Brandt GmbH – Amtsgericht Hamburg, HRB 123456 B – Steuernummer 22/815/08150"
                           " – Geschäftsführer: Jan Brandt"])
    assert values.get("seller_legal_id") == "HRB 123456B"
    assert values.get("seller_tax_id") == "22/815/08150"
    # a VAT number's label is no tax number's (« USt-IdNr. »), a number of the wrong shape is none
    values = _footer_page(["Werkstatt Brandt GmbH – USt-IdNr. DE136695976 – Steuernummer 22/815"])
    assert values.get("seller_tax_id") is None and values.get("seller_vat_id") == "DE136695976"
    # HRB before a number in groups: not one register number (a phone, a SIREN-like group)
    assert _footer_page(["Werkstatt Brandt GmbH – HRB 123 456 789"]).get("seller_legal_id") is None


def test_a_british_company_number_is_the_sellers_legal_registration():
    lines = ["Patel Bakery Ltd", "5 High Street", "London EC1A 1BB", "", "Bill to:", "Jones Wholesale plc",
             "1 Low Road", "Leeds LS1 1AA", "", "Invoice 1234", "Date: 05/03/2024", "Total  120.00", "", "", "", "", "", "",
             "Patel Bakery Ltd. Registered in England and Wales No. 01234567. Registered office: 5 High Street"]
    assert _values(lines).get("seller_legal_id") == "01234567"
    lines[-1] = "Patel Bakery Ltd – Company Reg. No. SC123456"
    assert _values(lines).get("seller_legal_id") == "SC123456"
    lines[-1] = "Patel Bakery Ltd – Order No. 01234567"  # another number's label
    assert _values(lines).get("seller_legal_id") is None


def test_an_italian_codice_fiscale_is_checked_by_its_key():
    lines = ["Studio Rossi", "Via Roma 1", "20121 Milano", "", "Fattura n. 12", "Data 05/03/2024", "Totale  100,00",
             "", "", "", "", "Studio Rossi – C.F. RSSMRA85T10A562S"]
    assert _values(lines).get("seller_tax_id") == "RSSMRA85T10A562S"
    lines[-1] = "Studio Rossi – C.F. RSSMRA85T10A562T"  # a wrong key
    assert _values(lines).get("seller_tax_id") is None


def test_the_sellers_registrations_go_to_bt30_and_bt32_of_the_invoice():
    from guichet.core.parsing.text import invoice_from_fields

    invoice = invoice_from_fields({"seller_name": "Werkstatt Brandt GmbH", "seller_legal_id": "HRB 123456",
                                   "seller_tax_id": "22/815/08150"})
    assert (invoice.seller.legal_id.value, invoice.seller.legal_id.scheme) == ("HRB 123456", None)
    assert invoice.seller.tax_registration_id == "22/815/08150"
    # a SIREN read is the legal registration (scheme 0002) before any other
    invoice = invoice_from_fields({"seller_siren": "732829320", "seller_legal_id": "HRB 123456"})
    assert (invoice.seller.legal_id.value, invoice.seller.legal_id.scheme) == ("732829320", "0002")


def test_vat_numbers_out_of_the_eus_list_are_read_with_their_keys():
    lines = ["Patel Bakery Ltd", "5 High Street", "London EC1A 1BB", "", "Bill to:", "Jones Wholesale plc",
             "1 Low Road", "Leeds LS1 1AA", "", "Invoice 1234", "Date: 05/03/2024", "Total  120.00", "", "", "", "", "", "",
             "Patel Bakery Ltd – VAT Reg. No. 980 7806 84"]
    assert _values(lines).get("seller_vat_id") == "GB980780684"  # the British prefix put back: its key checks
    lines[-1] = "Patel Bakery Ltd – VAT Reg. No. 980 7806 85"
    assert _values(lines).get("seller_vat_id") is None  # a wrong key
    lines[-1] = "Uhrwerk AG – CHE-107.787.577 MWST"
    assert _values(lines).get("seller_vat_id") == "CHE107787577MWST"
    lines[-1] = "Fjord Data AS – Org.nr. NO 995 525 828 MVA"
    assert _values(lines).get("seller_vat_id") == "NO995525828MVA"


def test_other_national_registers_are_the_sellers_legal_registration():
    # BT-30 of sellers out of France and Germany, each under its register's own label: the Dutch KvK (eight digits), the
    # Belgian enterprise number (its key checked), the Austrian Firmenbuch, the Italian REA, the Swiss UID alone
    for footer, legal in (("Bakkerij Jansen B.V. – KvK-nummer: 12345678", "12345678"),
                          ("Bakkerij Jansen B.V. – Kamer van Koophandel 12345678", "12345678"),
                          ("Boulangerie Dupont SRL – BCE 0403.170.701", "0403170701"),
                          ("Bakkerij Peeters BV – RPR Gent 0403.170.701", "0403170701"),
                          ("Bakkerij Peeters BV – Ondernemingsnummer 0403 170 701", "0403170701"),
                          ("Holzbau Gruber GmbH – Firmenbuch FN 123456a, Landesgericht Linz", "FN 123456a"),
                          ("Holzbau Gruber GmbH – FN 123456 a – Handelsgericht Wien", "FN 123456a"),
                          ("Studio Rossi S.r.l. – R.E.A. MI 1234567", "MI-1234567"),
                          ("Uhrwerk AG – UID CHE-107.787.577", "CHE107787577")):
        assert _footer_page([footer]).get("seller_legal_id") == legal, footer
    # a wrong key, a register's label over another number, a Swiss UID with the tax's name (the VAT number)
    for footer in ("Bakkerij Peeters BV – BCE 0403.170.702", "Holzbau Gruber GmbH – Kundennummer FN 4711",
                   "Studio Rossi S.r.l. – REA 1234567", "Uhrwerk AG – UID CHE-107.787.578"):
        assert _footer_page([footer]).get("seller_legal_id") is None, footer
    values = _footer_page(["Uhrwerk AG – UID CHE-107.787.577 MWST"])
    assert values.get("seller_legal_id") is None and values.get("seller_vat_id") == "CHE107787577MWST"


def test_a_swiss_vat_number_after_the_tax_s_name_as_its_label():
    assert _footer_page(["Uhrwerk AG – MWST-Nr. CHE-107.787.577"]).get("seller_vat_id") == "CHE107787577MWST"
    assert _footer_page(["Horlogerie SA – N° TVA CHE-107.787.577"]).get("seller_vat_id") == "CHE107787577TVA"
    assert _footer_page(["Uhrwerk AG – MWST-Nr. CHE-107.787.578"]).get("seller_vat_id") is None  # a wrong key


def test_a_vat_number_whose_country_code_a_dash_sets_apart():
    assert _footer_page(["Talleres Ruiz S.L. – NIF ES-B58378431"]).get("seller_vat_id") == "ESB58378431"
    assert _footer_page(["Werkstatt Brandt GmbH – USt-IdNr. DE-136695976"]).get("seller_vat_id") == "DE136695976"
    # a reference with a country's code and a dash is no VAT number (its shape is not one)
    assert _footer_page(["Werkstatt Brandt GmbH – Auftrag DE-2024-00117"]).get("seller_vat_id") is None


def test_a_steuernummer_under_an_english_tax_label():
    values = _footer_page(["Werkstatt Brandt GmbH – VAT No. DE136695976 – Tax No. 22/815/08150"])
    assert (values.get("seller_vat_id"), values.get("seller_tax_id")) == ("DE136695976", "22/815/08150")
    # the regional forms of Baden-Württemberg and Hesse
    assert _footer_page(["Werkstatt Brandt GmbH – Steuernummer 93815/08152"]).get("seller_tax_id") == "93815/08152"
    assert _footer_page(["Werkstatt Brandt GmbH – St.-Nr. 013 815 08153"]).get("seller_tax_id") == "013 815 08153"
    # an English « Tax No. » before digits alone says nothing of which tax number they are
    assert _footer_page(["Werkstatt Brandt GmbH – Tax No. 2281508150"]).get("seller_tax_id") is None


def test_a_registration_whose_label_ends_a_wrapped_footer_line():
    # the footer wrapped after the label: its number starts the line under it
    values = _footer_page(["Werkstatt Brandt GmbH · Geschäftsführer: Jan Brandt · Amtsgericht Hamburg HRB 12345 · Steuernummer",
                           "22/815/08150"])
    assert (values.get("seller_legal_id"), values.get("seller_tax_id")) == ("HRB 12345", "22/815/08150")
    values = _footer_page(["Bakkerij Jansen B.V. · Dorpsstraat 1 · 1234 AB Utrecht · KvK", "12345678"])
    assert values.get("seller_legal_id") == "12345678"
    # a footer set in columns, each label over its value
    footer = [f"{a:<28}{b:<30}{c:<38}{d}" for a, b, c, d in (
        ("Werkstatt Brandt GmbH", "Geschäftsführer:", "Sparkasse Hamburg", "Amtsgericht Hamburg"),
        ("Hafenweg 4", "Jan Brandt", "IBAN DE89 3704 0044 0532 0130 00", "HRB 12345"),
        ("20457 Hamburg", "Tel. 040 123456", "BIC COBADEFFXXX", "Steuernummer:"),
        ("Deutschland", "info@brandt.de", "", "22/815/08150"))]
    values = _footer_page(footer)
    assert (values.get("seller_legal_id"), values.get("seller_tax_id")) == ("HRB 12345", "22/815/08150")
    footer[-1] = footer[-1].replace("22/815/08150", "").rstrip()  # nothing under the label: no number of another cell
    assert _footer_page(footer).get("seller_tax_id") is None
    # far below, or a number that goes on: not the label's
    assert _footer_page(["Werkstatt Brandt GmbH · Steuernummer", "", "", "22/815/08150"]).get("seller_tax_id") is None


def test_a_british_crn_is_the_company_number_under_its_register_s_country():
    lines = ["Patel Bakery Ltd", "5 High Street", "London EC1A 1BB", "", "Bill to:", "Jones Wholesale plc",
             "1 Low Road", "Leeds LS1 1AA", "", "Invoice 1234", "Date: 05/03/2024", "Total  120.00", "", "", "", "", "", "",
             "Registered in England and Wales", "CRN 09876543"]
    assert _values(lines).get("seller_legal_id") == "09876543"
    lines[-2] = "Thank you for your business"  # « CRN » alone: a customer's reference as often
    assert _values(lines).get("seller_legal_id") is None


def test_the_sellers_siren_and_siret_are_those_its_vat_number_holds():
    # a public buyer's SIRET printed with its Chorus Pro references, left of the buyer's block with no heading: the
    # seller's SIREN is the one its VAT number and its RCS mention agree on; the other SIRET is not the seller's
    lines = _two_columns([("Altivea Informatique SA", ""), ("108 route de Sallanches", ""), ("51100 Reims", ""),
                          ("", ""), ("Service exécutant : DAF60", "Communauté d'agglomération de Rennes"),
                          ("SIRET : 21599872500232", "1 place de la Mairie"), ("", "35000 Rennes"), ("", ""),
                          ("Facture n° FAC-24-09349", ""), ("Date : 14/10/2024", ""), ("Total TTC  120,00", ""),
                          ("", ""), ("", ""), ("", ""), ("", ""),
                          ("Altivea Informatique SA – RCS Reims 531 391 449 – TVA intracommunautaire FR 20 531 391 449",
                           "")], at=50)
    values = _values(lines)
    assert (values.get("seller_vat_id"), values.get("seller_siren")) == ("FR20531391449", "531391449")
    assert values.get("seller_siret") is None
    # the seller's SIRET printed in its mentions is the one kept
    lines[-1] = "Altivea Informatique SA – SIRET 531 391 449 00471 – TVA intracommunautaire FR 20 531 391 449"
    values = _values(lines)
    assert (values.get("seller_siren"), values.get("seller_siret")) == ("531391449", "53139144900471")


def test_a_siret_cut_by_its_legal_mention_s_wrap_is_read_across_the_two_lines():
    found = _identifiers_of(["Altivea SA – RCS Reims 531 391 449 – Siret n° 531 391 449  Feuille 1",
                             "00471 – TVA intracommunautaire FR 20 531 391 449  sur 2"])
    assert ("siret", "53139144900471") in found
    found = _identifiers_of(["Orvane EURL – Siret n° 171", "279 482 00573 – Identifiant TVA FR 67 171 279 482"])
    assert ("siret", "17127948200573") in found
    # no SIRET label on the line: the digits under a SIREN are not its SIRET's
    found = _identifiers_of(["Altivea SA – RCS Reims 531 391 449", "00471 articles"])
    assert not [v for k, v in found if k == "siret"]


def test_a_vat_number_under_the_buyer_s_number_in_the_box_of_references_is_the_seller_s_when_alone():
    # the invoice's box of references (number, customer's number, date, VAT number): the customer's number with its
    # value heads no buyer's block; the only VAT number printed is the seller's (a seller must print its own), and so
    # is the tax number under it
    rows = [("Werkstatt Brandt GmbH", ""), ("Hafenweg 4", ""), ("20457 Hamburg", ""), ("", ""),
            ("Kaiser Logistik KG", "Rechnungsnummer: 2024-117"), ("Ringstraße 9", "Kundennummer: 4711"),
            ("80331 München", "Datum: 05.03.2024"), ("", "Steuernummer: 22/815/08150"), ("", "USt-IdNr.: DE136695976"),
            ("", ""), ("Gesamtbetrag  119,00", "")]
    values = _values(_two_columns(rows, at=50))
    assert (values.get("seller_vat_id"), values.get("buyer_vat_id")) == ("DE136695976", None)
    assert values.get("seller_tax_id") == "22/815/08150"
    # with the seller's own VAT number elsewhere on the page, the one in the box stays the buyer's
    values = _values(_two_columns([*rows, ("", ""), ("Werkstatt Brandt GmbH · USt-IdNr. DE811569869", "")], at=50))
    assert (values.get("seller_vat_id"), values.get("buyer_vat_id")) == ("DE811569869", "DE136695976")
    # a buyer's heading above it still says whose it is
    rows[5] = ("Ringstraße 9", "Kunde:")
    values = _values(_two_columns(rows, at=50))
    assert values.get("seller_vat_id") is None


def test_a_siren_under_a_siret_label_over_a_postcode_is_no_siret():
    # « SIRET : » printed over a SIREN alone, the next line « 75010 Paris »: the postcode is no SIRET's last digits
    found = _identifiers_of(["Altivea SA – SAS au capital de 10 000 € – Siret 531 391 449",
                             "75010 Paris – contact@altivea.fr"])
    assert not [v for k, v in found if k == "siret"]
    lines = ["Altivea SA", "SIRET : 531 391 449", "75010 Paris", "", "Facturé à :", "Garage Colin SARL",
             "12 rue des Lilas", "44000 Nantes", "", "Facture n° F-2024-118", "Date : 05/03/2024", "Total TTC  120,00"]
    assert _values(lines).get("seller_siret") is None
    # a legal mention after the five digits still closes the SIRET
    found = _identifiers_of(["Altivea SA – SAS au capital de 10 000 € – Siret 531 391 449", "00471 RCS Reims"])
    assert ("siret", "53139144900471") in found


def test_a_foreign_buyer_s_vat_number_in_the_box_of_references_is_not_the_seller_s():
    # an intra-EU sale: a German seller printing only its Steuernummer, the French buyer's VAT number in the box of
    # references under the customer's number; its country is not the seller's, it stays the buyer's (and its SIREN too)
    rows = [("Werkstatt Brandt GmbH", ""), ("Hafenweg 4", ""), ("20457 Hamburg", ""), ("", ""),
            ("Atelier Morel SARL", "Rechnungsnummer: 2024-117"), ("12 rue des Lilas", "Kundennummer: 4711"),
            ("44000 Nantes", "Datum: 05.03.2024"), ("Frankreich", "USt-IdNr.: FR44732829320"),
            ("", ""), ("Gesamtbetrag  119,00", ""), ("", ""), ("Werkstatt Brandt GmbH · Steuernummer 22/815/08150", "")]
    values = _values(_two_columns(rows, at=50))
    assert (values.get("seller_vat_id"), values.get("buyer_vat_id")) == (None, "FR44732829320")
    assert values.get("seller_siren") is None
    # a German number there: the seller's (its country is the seller's), with no SIREN; labelled as the buyer's, not
    rows[7] = ("Frankreich", "USt-IdNr.: DE136695976")
    values = _values(_two_columns(rows, at=50))
    assert (values.get("seller_vat_id"), values.get("buyer_vat_id")) == ("DE136695976", None)
    rows[7] = ("Frankreich", "Ihre USt-IdNr.: DE136695976")
    assert _values(_two_columns(rows, at=50)).get("seller_vat_id") is None


def test_a_number_wrapped_over_a_blank_column_takes_no_other_column_s_cell():
    # a block set right, its VAT number at the end of a line; the line under it has a cell on the left only
    right = ["Lumenor Peinture SAS", "ZA des Trois Chênes, lot 44", "64000 Pau", "TVA intracommunautaire: FR 42 838 933"]
    lines = [f"{text:>90}" for text in right]
    tail = ["Date : 04/09/2024", "", "Facturée au nom de", "Crèche Les Petits Loups", "119 impasse des Tisserands",
            "56000 Vannes", "", "Total TTC  120,00"]
    for under in ("125  avenue de la Gare", "125"):
        assert _values([*lines, under, *tail]).get("seller_vat_id") != "FR42838933125"


def test_a_vat_number_wrapped_in_a_block_set_right_goes_on_in_the_cell_under_it():
    # the seller's block set right: its VAT number wrapped to the next line's last cell, a header's cells on its left
    right = ["Lumenor Peinture SAS", "ZA des Trois Chênes, lot 44", "64000 Pau", "TVA intracommunautaire: FR 42 838 933"]
    lines = [f"{text:>90}" for text in right]
    lines.append(f"{'N° du document  F2024-3470':<60}{'125':>30}")
    lines += ["Date : 04/09/2024", "", "Facturée au nom de", "Crèche Les Petits Loups", "119 impasse des Tisserands",
              "56000 Vannes", "", "Total TTC  120,00"]
    assert _values(lines).get("seller_vat_id") == "FR42838933125"


def test_a_marketplace_s_vat_number_is_not_the_seller_s():
    # a marketplace invoices in the seller's name: the VAT number of its own mention is not the seller's; the one its
    # label says is the seller's is
    lines = ["Mercavia", "Venditore: Opaline Impianti S.n.c.", "Via Garibaldi 54, 41121 Modena",
             "P.IVA del venditore : 27711950983", "", "Documento n. FT/2025/08697", "Data del documento 16/11/2025", "",
             "Indirizzo di fatturazione", "Cantina Colle Verde", "Via Garibaldi 128", "06121 Perugia", "",
             "Totale  120,00", "", "", "Mercavia S.r.l. – P.IVA IT08955720910"]
    assert _values(lines).get("seller_vat_id") == "IT27711950983"
    lines = ["Vendu par Nathalie Lacroix", "4 rue du Port", "56100 Lorient", "", "Facture n° F-1",
             "Date : 05/03/2024", "", "Client :", "Mehdi Le Goff", "8 rue des Lilas", "44000 Nantes", "",
             "Total TTC  120,00", "", "Mercavia SAS agit en qualité d'intermédiaire ; la présente facture est celle du vendeur.",
             "", "Mercavia SAS – N° TVA FR59543147862"]
    assert _values(lines).get("seller_vat_id") is None


def test_a_french_vat_number_whose_key_checks_is_read_though_its_siren_is_a_specimen():
    # Real invoicing software's sample pages print « FR 32 123 456 789 »: its key is the one its nine digits give,
    # their Luhn digit is off (no registered SIREN). Printed whole and checked by its own key, it is the seller's
    # number as other countries' specimens are (read, shown unsure); the seller's country follows from it (BT-40).
    lines = ["Ma société SA", "35 rue d'ici", "75018 Paris", "", "Client :", "Garage Lebon", "9 rue Haute",
             "29000 Quimper", "", "Facture n° F-1", "Date : 05/03/2024", "Total TTC  120,00", "", "", "", "", "", "",
             "Ma société SA – N° TVA : FR 32 123 456 789"]
    values = _values(lines)
    assert values.get("seller_vat_id") == "FR32123456789"
    assert values.get("seller_siren") is None  # no SIREN taken from it: its Luhn digit fails
    lines[-1] = "Ma société SA – N° TVA : FR 33 123 456 789"  # a key its digits do not give: no VAT number
    assert _values(lines).get("seller_vat_id") is None
    lines[-1] = "Ma société SA – N° TVA : FR 32 123 456 798"  # two digits swapped: the key no longer checks
    assert _values(lines).get("seller_vat_id") is None


# Buyer blocks where the conversion refused the buyer (issue 13, buyer3-13f): pages written by hand.
BLOCK_PAGE = [
    "Atelier Ravel SARL                        FACTURE",
    "8 rue des Forges                          N° facture  F-2026-0311",
    "69002 Lyon                                Date  05/03/2026",
    "",
    "{heading}",
    "                                          {name}",
    "{inner}",
    "                                          14 avenue Jean Jaurès",
    "                                          38000 Grenoble",
    "Total HT  100,00",
    "TVA 20 %  20,00",
    "Total TTC  120,00 €",
]


def _block_page(name: str, heading: str = "", inner: str = "") -> Page:
    lines = [ln.format(heading=" " * 42 + heading if heading else "", name=name,
                       inner=" " * 42 + inner if inner else "") for ln in BLOCK_PAGE]
    return page_from([ln for ln in lines if ln.strip() or ln == ""])


def test_a_contact_after_the_name_on_its_line_is_left_out_of_the_name():
    for line in ("Garage Morel SARL – à l'attention de M. Roy", "Garage Morel SARL, Attn: Paul Roy",
                 "Garage Morel SARL (z. Hd. Frau Lange)"):
        proposal = propose([_block_page(line, "Client :")])
        assert proposal.value("buyer_name") == "Garage Morel SARL", line
        assert proposal.value("buyer_address") == "14 avenue Jean Jaurès"


def test_floor_and_room_lines_do_not_push_the_name_out_of_its_block():
    page = page_from([
        "Atelier Ravel SARL                        FACTURE",
        "8 rue des Forges                          N° facture  F-2026-0311",
        "69002 Lyon                                Date  05/03/2026",
        "",
        "                                          Client :",
        "                                          Garage Morel SARL",
        "                                          Zimmer 154",
        "                                          5. Stock",
        "                                          z. Hd. Frau Lange",
        "                                          Bahnhofring 122",
        "                                          Eingang 2",
        "                                          10115 Berlin",
        "Total HT  100,00",
        "TVA 20 %  20,00",
        "Total TTC  120,00 €",
    ])
    proposal = propose([page])
    assert proposal.value("buyer_name") == "Garage Morel SARL"
    assert proposal.value("buyer_postcode") == "10115"


def _sized_page(heading_height: float) -> Page:
    """A buyer's block under a one-word heading set ``heading_height`` high (the block's lines are 0.012 high)."""
    rows = [("Atelier Ravel SARL", 0.05, 0.012), ("8 rue des Forges", 0.07, 0.012), ("69002 Lyon", 0.09, 0.012),
            ("FACTURE N° F-2026-0311", 0.13, 0.012), ("Date : 05/03/2026", 0.15, 0.012),
            ("preneur", 0.20, heading_height), ("Sandrine Guérin", 0.22, 0.012), ("14 avenue Jean Jaurès", 0.24, 0.012),
            ("38000 Grenoble", 0.26, 0.012), ("Total TTC  120,00 €", 0.32, 0.012)]
    words = []
    for text, top, height in rows:
        x = 0.55 if top in (0.20, 0.22, 0.24, 0.26) else 0.05
        for chunk in text.split(" "):
            if chunk:
                words.append(Word(chunk, (x, top, x + len(chunk) * 0.01, top + height)))
            x += (len(chunk) + 1) * 0.01
    return Page(1, 595, 842, words)


def test_a_one_word_heading_in_smaller_type_over_a_person_is_no_name():
    assert propose([_sized_page(0.010)]).value("buyer_name") == "Sandrine Guérin"
    # in the type of the block's lines the word may be a company's over its contact: not taken for a heading
    assert propose([_sized_page(0.012)]).value("buyer_name") != "Sandrine Guérin"


def test_identifiers_in_a_box_headed_in_the_second_person_are_the_buyers():
    # the invoice speaks to its buyer (« Vos identifiants », « Your details », « Ihre Angaben »): its box is the
    # buyer's; the seller's own box speaks in the first person (« Nos références »)
    for yours, ours in (("Vos identifiants", "Nos références"), ("Your details", "Our details"),
                        ("Ihre Angaben", "Unsere Angaben"), ("Sus datos", "Nuestros datos"),
                        ("I vostri dati", "I nostri dati")):
        proposal = propose([page_from([
            "Atelier Ravel SARL                           FACTURE N° FA-2026-031",
            "8 rue Neuve, 69003 Lyon                      Date 05/03/2026",
            "",
            f"{ours:<45}{yours}",
            "N° TVA : FR 40 303 265 045                   N° TVA : FR 83 404 833 048",
            "",
            "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €",
        ])])
        assert proposal.value("buyer_vat_id") == "FR83404833048", yours
        assert proposal.value("seller_vat_id") == "FR40303265045", yours


def test_the_buyers_identifiers_one_a_line_in_its_second_person_box_are_no_legal_mentions():
    """« Vos identifiants » over « SIREN / SIRET : … » then « N° TVA : … », one identifier a line alone in their column:
    the buyer's box, though a registration line over a VAT line reads as a wrapped paragraph of legal mentions (old
    code: the buyer's VAT number taken for the seller's mentions, dropped)."""
    proposal = propose([page_from([
        "Atelier Ravel SARL                           FACTURE N° FA-2026-031",
        "8 rue Neuve, 69003 Lyon                      Date 05/03/2026",
        "N° TVA : FR 40 303 265 045",
        "",
        "Nos références                               Vos identifiants",
        "N° de client : C-0042                        GLN : 3654789851",
        "                                             SIREN / SIRET : 404 833 048 00022",
        "                                             N° TVA : FR 83 404 833 048",
        "",
        "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €",
    ])])
    assert proposal.value("buyer_vat_id") == "FR83404833048"
    assert proposal.value("seller_vat_id") == "FR40303265045"


def _identifiers_of(lines: list[str], *, confidence: float = 1.0) -> list[tuple[str, str]]:
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.parties import identifiers

    return [(kind, value) for kind, value, _c, _w in identifiers(make_lines([page_from(lines, confidence=confidence)]))]


def test_ocr_a_vat_number_whose_country_code_ocr_set_two_spaces_from_its_digits():
    found = _identifiers("Atelier Morel SARL  Identifiant TVA FR  44  732  829  320  sur  1", confidence=0.9)
    assert ("vat", "FR44732829320") in found


def test_ocr_a_page_number_after_a_column_gap_does_not_go_on_with_the_vat_number():
    # « 1/1 » is the page's number in the next cell, not a digit more of the VAT number
    found = _identifiers("Code NAF 84.49C  TVA intracommunautaire FR 44 732  829 320  1/1", confidence=0.9)
    assert ("vat", "FR44732829320") in found


def test_ocr_a_vat_number_cut_or_missing_digits_is_the_siren_s_when_its_key_agrees():
    registry = "Atelier Morel SARL  RCS Lorient 732 829 320  SIRET 732 829 320 00074"
    # the end of the number lost under the page's number, or two digits the scan lost: the key read (44) is the one
    # of the SIREN the page prints, the digits read are the SIREN's in their order
    for vat_line in ("TVA intracom. FR 44 732829  Feuille 1 sur", "TVA intracom.  FR 44  732  9 320  £"):
        assert ("vat", "FR44732829320") in _identifiers_of([registry, vat_line], confidence=0.9)
    # the footer wrapped after its VAT label (« … TVA » / « intracom. FR 44 … »)
    assert ("vat", "FR44732829320") in _identifiers_of([registry + "  TVA", "int racom.  FR 44  732  9 320"], confidence=0.9)
    assert not [v for k, v in _identifiers_of([registry, "Réf. dossier  FR 44  732  9 320"], confidence=0.9) if k == "vat"]
    # a 0 of the key read as an O, the label ending the line above
    assert ("vat", "FR01298123159") in _identifiers_of(["Orvane SA  SIRET 29812315900017  RCS Quimper 298 123 159  TVA intracommunautaire",
                                                         "FRO1298123159. En cas de retard de paiement"], confidence=0.9)
    # a key that is not the SIREN's, digits not the SIREN's, or a text layer (printed as read): nothing repaired
    for vat_line, confidence in (("TVA intracom. FR 45 732829  Feuille 1 sur", 0.9),
                                 ("TVA intracom. FR 44 738229  Feuille 1 sur", 0.9),
                                 ("TVA intracom. FR 44 732829  Feuille 1 sur", 1.0)):
        assert not [v for k, v in _identifiers_of([registry, vat_line], confidence=confidence) if k == "vat"]


def test_a_vat_number_labelled_as_the_seller_s_stays_the_seller_s_under_the_buyer_s_block():
    # a marketplace's invoice: the seller named and its VAT number set right under the buyer's block (no blank line),
    # the marketplace's own VAT number in the footer
    lines = ["Facture n° F-2026-0311", "Date : 05/03/2026", "", "Adresse de facturation", "Garage Lebon SARL",
             "9 rue Haute", "29000 Quimper", "Vendu par Atelier Morel SARL", "4 rue du Port, 56100 Lorient",
             "TVA vendeur : FR 44 732 829 320", "", "Total TTC  120,00 €", "",
             "Placeo SAS – TVA intracommunautaire FR01298123159"]
    values = _values(lines)
    assert values.get("seller_vat_id") == "FR44732829320"
    assert values.get("buyer_vat_id") is None


def test_of_two_vat_numbers_on_the_seller_s_side_the_one_of_the_seller_s_registered_siren():
    # the buyer's block beside the seller's, its name unread: its VAT number on the same line as the seller's; the
    # legal footer registers the seller's SIREN, the VAT number of that SIREN is the seller's
    lines = _two_columns([("5073", "73282932000074"), ("FR01298123159", "FR44732829320"), ("28 rue des Lilas", "4 rue du Port"),
                          ("89348 Rennes", "56100 Lorient")])
    lines += ["", "Facture n° F-2026-0311", "Date : 05/03/2026", "Total TTC  120,00 €", "",
              "Atelier Morel SARL au capital de 5 000 €  SIRET 73282932000074  RCS Lorient 732 829 320"]
    assert _values(lines).get("seller_vat_id") == "FR44732829320"


def test_a_second_person_heading_naming_the_seller_heads_the_seller_s_box():
    # « Votre fournisseur » speaks to the buyer of the seller: the party's word decides, not the pronoun
    for heading in ("Votre fournisseur", "Your supplier"):
        proposal = propose([page_from([
            "Atelier Ravel SARL                           FACTURE N° FA-2026-031",
            "8 rue Neuve, 69003 Lyon                      Date 05/03/2026", "", heading, "N° TVA : FR 40 303 265 045", "",
            "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"])])
        assert (proposal.value("seller_vat_id"), proposal.value("buyer_vat_id")) == ("FR40303265045", None), heading


# The buyer's name, address and country on any page (issue 13, acheteur-15): pages written by hand as posts' norms,
# public bodies and foreign buyers print them; the twins' rows from the word boxes of a generated page's text layer.
SELLER_HEAD = ["Atelier Ravel SARL                        FACTURE",
               "8 rue des Forges                          N° facture  F-2026-0311",
               "69002 Lyon                                Date  05/03/2026",
               ""]
TOTALS = ["", "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €"]


def _window(block: list[str], at: int = 42) -> Page:
    return page_from(SELLER_HEAD + [" " * at + line for line in block] + TOTALS)


def test_a_foreign_buyers_country_is_its_vat_numbers_prefix_when_no_country_line_is_printed():
    # four digits fit Belgium, Luxembourg, Austria, Switzerland…: the block's VAT number (its check digits hold) says
    # Belgium (Directive 2006/112/EC art. 215: the number carries the issuing State's prefix)
    page = _window(["Client :", "Brunet Imprimerie", "Rue Royale 13", "5000 Namur", "TVA : BE0727189303"])
    proposal = propose([page])
    assert proposal.value("buyer_name") == "Brunet Imprimerie"
    assert proposal.value("buyer_country") == "BE"
    # a number whose check digits fail, or a postcode of another shape than the number's country's, tells nothing
    page = _window(["Client :", "Brunet Imprimerie", "Rue Royale 13", "5000 Namur", "TVA : BE0727189304"])
    assert propose([page]).value("buyer_country") is None
    page = _window(["Client :", "Brunet Imprimerie", "Rue Royale 13", "50000 Namur", "TVA : BE0727189303"])
    assert propose([page]).value("buyer_country") is None


def test_a_department_line_over_the_buyers_name_is_no_name():
    for department in ("Direction financière", "Service comptabilité fournisseurs"):
        page = _window(["ADRESSE DU DESTINATAIRE :", department, "Agence Masson & Giraud SARL", "86 avenue du Moulin",
                        "21000 Dijon"])
        proposal = propose([page])
        assert proposal.value("buyer_name") == "Agence Masson & Giraud SARL", department
        assert proposal.value("buyer_address") == "86 avenue du Moulin"


def test_a_german_department_holding_the_word_rechnung_stays_inside_the_window_block():
    # DIN 5008's address field: the department under the name (« Rechnungswesen », « Zentrale
    # Rechnungseingangsstelle »), its « Rechnung » no title over the block
    for department in ("Rechnungswesen", "Zentrale Rechnungseingangsstelle"):
        page = page_from(["Nexora Haustechnik AG                     RECHNUNG", "Industriestraße 47", "99084 Erfurt", "",
                          " " * 50 + "Landratsamt Kiel", " " * 50 + department, " " * 50 + "Am Schloss 27",
                          " " * 50 + "24103 Kiel", "", "Rechnungsnummer  RE-25-03174", "Rechnungsdatum  06.01.2025",
                          "Gesamtbetrag  634,16 EUR"])
        proposal = propose([page])
        assert proposal.value("buyer_name") == "Landratsamt Kiel", department
        assert proposal.value("buyer_address") == "Am Schloss 27"
        assert proposal.value("buyer_city") == "Kiel"


def test_the_street_is_the_numbered_line_over_a_suites_or_a_localitys_line():
    for street, unit in (("146 Wine Street", "Suite A"), ("12 RUE DES LILAS", "LIEU DIT LA FORGE"),
                         ("Herengracht 7", "Résidence du Parc, apt A")):
        page = _window(["Client :", "Hughes Printing", street, unit, "29000 Quimper"])
        assert propose([page]).value("buyer_address") == street, street


def test_an_italian_province_sign_and_an_italian_street_tell_the_buyers_country():
    page = _window(["Client :", "M. Fabio Conti", "Viale Mazzini, 108", "73100 LECCE LE"])
    proposal = propose([page])
    assert proposal.value("buyer_country") == "IT"
    assert proposal.value("buyer_city") == "LECCE"
    # the sign alone is one sign: a French street under it leaves the country unknown
    page = _window(["Client :", "M. Fabio Conti", "12 rue Pasteur", "73100 LECCE LE"])
    assert propose([page]).value("buyer_country") is None


def test_from_and_for_over_two_blocks_side_by_side_stay_headings():
    # a generated page's text layer (blind 123029): « From » and « For » in smaller type tight over both names
    rows = [("From", 0.0685, 0.066, 0.0087), ("For", 0.5012, 0.066, 0.0087),
            ("Opaline Electrical DAC", 0.0685, 0.0761, 0.0103), ("Lozano Panadería S.A.", 0.5012, 0.0761, 0.0103),
            ("Unit 103, Ballymount Business Park", 0.0685, 0.0879, 0.0103), ("Avenida Direita, 134", 0.5012, 0.0879, 0.0103),
            ("T12 K8AF Cork", 0.0685, 0.0997, 0.0103), ("2153-058 ÉVORA", 0.5012, 0.0997, 0.0103),
            ("Tel. +353 1 61 5730", 0.0685, 0.1114, 0.0103), ("Portugal", 0.5012, 0.1114, 0.0103),
            ("Sales Invoice", 0.0672, 0.1634, 0.0154), ("Invoice no. : IN/2026/06191", 0.0672, 0.1938, 0.0103),
            ("Invoice date : 2026-09-19", 0.0672, 0.2056, 0.0103), ("Total due : 120.00", 0.0672, 0.2408, 0.0103)]
    words = [w for text, x, y, size in rows for w in _row(text, x, y, size)]
    proposal = propose([Page(1, 595, 842, words)])
    assert proposal.value("buyer_name") == "Lozano Panadería S.A."
    assert proposal.value("buyer_country") == "PT"


def test_a_role_heading_over_a_department_line_then_the_name_stays_a_heading():
    # the department between the heading and the name hides nothing: one word over a name with its legal form
    # (« Bénéficiaire » / « Service achats » / « FAURE STUDIO SARL ») or a frame around the role in capitals
    for heading, name in (("Bénéficiaire", "FAURE STUDIO SARL"), ("DATOS DEL ARRENDATARIO", "Imprenta Prieto S.L."),
                          ("NOMBRE Y DIRECCIÓN DEL TITULAR", "Brunet Imprimerie")):
        page = _window([heading, "Service achats", name, "69 allée Pasteur", "38000 Grenoble"])
        assert propose([page]).value("buyer_name") == name, heading
    page = _window(["NOMBRE Y DIRECCIÓN DEL TITULAR", "Brunet Imprimerie", "Rue Royale 13", "5000 Namur"])
    assert propose([page]).value("buyer_name") == "Brunet Imprimerie"
    # a company in capitals over its contact stays the name (« GARAGE DU CENTRE » / « Jean Martin »)
    page = _window(["GARAGE DU CENTRE", "Jean Martin", "12 rue Pasteur", "38000 Grenoble"])
    assert propose([page]).value("buyer_name") == "GARAGE DU CENTRE"


def test_a_long_name_cut_after_its_preposition_goes_on_on_the_line_in_small_letters():
    # « … pour » closing a line reads like a heading (« Établi pour »), but the line under it opens with an article in
    # small letters and ends with a capital: the rest of the name the block's width cut
    page = _window(["Facturer à", "Association Départementale pour", "la Formation des Artisans",
                    "142, boulevard du Général Leclerc", "36000 Lorient"])
    assert propose([page]).value("buyer_name") == "Association Départementale pour la Formation des Artisans"
    page = _window(["Établi pour", "Garage Morel SARL", "142, boulevard du Général Leclerc", "36000 Lorient"])
    assert propose([page]).value("buyer_name") == "Garage Morel SARL"


def test_a_site_of_dispatch_block_with_its_contact_is_no_buyers_block():
    # « Site d'expédition » heads a place of the goods (as « Lieu d'intervention »): its contact (« Attn. … ») names no
    # buyer; the billing block beside it, with no heading, is the buyer's
    rows = [("Joly Paysages EURL", ""), ("ZA des Trois Chênes, lot 102", ""), ("87000 Limoges", ""), ("", ""),
            ("Site d'expédition", "M. Yannick Morel"), ("Chevalier Pharmacie", "128 bis chemin du Moulin"),
            ("Attn. Madame O. Masson", "50982 Nancy"), ("49 place Pasteur", ""), ("27844 Rennes", ""), ("", ""),
            ("Avoir n° AV-2026-0042", ""), ("Date : 05/03/2026", ""), ("Total TTC  120,00 €", "")]
    proposal = propose([page_from(_two_columns(rows))])
    assert proposal.value("buyer_name") == "M. Yannick Morel"
    assert proposal.value("buyer_postcode") == "50982"

def _boxed(*rows: list[tuple[str, tuple[float, float, float, float]]]) -> list[Word]:
    """Words from (text, box) pairs as a PDF's text layer gives them."""
    return [Word(text, box) for row in rows for text, box in row]


#: The foot of a French water board's bill as its PDF sets it (word boxes of the page), centred and wrapped inside its
#: VAT label: « … – N° TVA » / « intracommunautaire FR 55 189 100 803 », a page number at the right.
_REGIE_FOOT = [
    [("Barbier", (0.179, 0.9463, 0.2284, 0.9548)), ("Électricité", (0.2354, 0.9463, 0.313, 0.9548)),
     ("SARL", (0.3201, 0.9463, 0.3483, 0.9548)), ("–", (0.3554, 0.9463, 0.3624, 0.9548)),
     ("Capital", (0.3695, 0.9463, 0.4189, 0.9548)), ("social", (0.4259, 0.9463, 0.4683, 0.9548)),
     (":", (0.4753, 0.9463, 0.4824, 0.9548)), ("37.000,00", (0.4894, 0.9463, 0.5529, 0.9548)),
     ("€", (0.5596, 0.9463, 0.567, 0.9548)), ("–", (0.5741, 0.9463, 0.5811, 0.9548)), ("RCS", (0.5882, 0.9463, 0.6094, 0.9548)),
     ("Annecy", (0.6164, 0.9463, 0.6588, 0.9548)), (":", (0.6658, 0.9463, 0.6729, 0.9548)),
     ("189", (0.6799, 0.9463, 0.7011, 0.9548)), ("100", (0.7081, 0.9463, 0.7293, 0.9548)),
     ("803", (0.7364, 0.9463, 0.7575, 0.9548)), ("–", (0.7646, 0.9463, 0.7716, 0.9548)), ("N°", (0.7787, 0.9463, 0.7928, 0.9548)),
     ("TVA", (0.7999, 0.9463, 0.821, 0.9548)), ("Feuille", (0.8748, 0.9456, 0.9277, 0.9547)), ("1", (0.9353, 0.9456, 0.9429, 0.9547))],
    [("intracommunautaire", (0.373, 0.9546, 0.5, 0.9631)), ("FR", (0.5071, 0.9546, 0.5212, 0.9631)),
     ("55", (0.5282, 0.9546, 0.5423, 0.9631)), ("189", (0.5494, 0.9546, 0.5706, 0.9631)), ("100", (0.5776, 0.9546, 0.5988, 0.9631)),
     ("803", (0.6058, 0.9546, 0.627, 0.9631)), ("sur", (0.9051, 0.9545, 0.9277, 0.9636)), ("1", (0.9353, 0.9545, 0.9429, 0.9636))],
]


def test_a_centred_footer_wrapped_inside_its_vat_label_is_the_sellers():
    # the payment slip's « Coupon à joindre à votre chèque » (a buyer's word) stands above the footer's second line,
    # which starts further right than the first (centred): the line still goes on with the mentions above it
    size = 0.0127
    words = _row("Barbier Électricité SARL", 0.0685, 0.0458, 0.0134) + _row("127 rue Lamartine", 0.0685, 0.065, size)
    words += _row("74000 Annecy", 0.0685, 0.08, size) + _row("M. Jean Dupont", 0.55, 0.1, size)
    words += _row("3 rue des Lilas", 0.55, 0.115, size) + _row("74100 Annemasse", 0.55, 0.13, size)
    words += _row("Facture n° 2025-91606", 0.0672, 0.3, size) + _row("Date : 09/06/2025", 0.0672, 0.32, size)
    words += _row("Montant à payer TTC", 0.55, 0.71, size) + _row("5.241,08 €", 0.8, 0.71, size)
    words += _row("Coupon à joindre à votre chèque", 0.0672, 0.8059, size)
    words += _boxed(*_REGIE_FOOT)
    values = propose([Page(1, 595, 842, words)]).values()
    assert values.get("seller_vat_id") == "FR55189100803"
    assert values.get("buyer_vat_id") is None


def test_partita_iva_wrapped_over_a_centred_footers_two_lines_labels_its_number():
    # « … – Partita » / « IVA 02889410185 »: the Italian VAT number without its prefix, its label cut by the line's end
    size = 0.0127
    words = _row("F.lli Marino S.r.l.s.", 0.0685, 0.0458, 0.0134) + _row("Via dell'Artigianato 58", 0.0685, 0.065, size)
    words += _row("06121 Perugia", 0.0685, 0.08, size) + _row("Studio Dentistico Sorriso", 0.55, 0.065, size)
    words += _row("Via Roma 3", 0.55, 0.08, size) + _row("37121 Verona", 0.55, 0.095, size)
    words += _row("Fattura n. 2026/787190043", 0.0672, 0.3, size) + _row("Data 09/09/2026", 0.0672, 0.32, size)
    words += _row("Totale da pagare € 1.413,80", 0.0672, 0.34, size)
    words += _boxed(
        [("F.lli", (0.1578, 0.9463, 0.1931, 0.9548)), ("Marino", (0.2002, 0.9463, 0.2425, 0.9548)),
         ("S.r.l.s.", (0.2495, 0.9463, 0.306, 0.9548)), ("–", (0.313, 0.9463, 0.3201, 0.9548)), ("Cap.", (0.3272, 0.9463, 0.3554, 0.9548)),
         ("Soc.", (0.3624, 0.9463, 0.3907, 0.9548)), ("EUR", (0.3977, 0.9463, 0.4189, 0.9548)),
         ("5.000,00", (0.4259, 0.9463, 0.4824, 0.9548)), ("i.v.", (0.4894, 0.9463, 0.5177, 0.9548)), ("–", (0.5247, 0.9463, 0.5318, 0.9548)),
         ("Perugia", (0.5388, 0.9463, 0.5882, 0.9548)), ("–", (0.5953, 0.9463, 0.6023, 0.9548)),
         ("R.E.A.", (0.6094, 0.9463, 0.6517, 0.9548)), ("Perugia", (0.6588, 0.9463, 0.7081, 0.9548)), ("n.", (0.7152, 0.9463, 0.7293, 0.9548)),
         ("69483", (0.7364, 0.9463, 0.7716, 0.9548)), ("–", (0.7787, 0.9463, 0.7858, 0.9548)),
         ("Partita", (0.7928, 0.9463, 0.8422, 0.9548)), ("Foglio", (0.8785, 0.9456, 0.9238, 0.9547))],
        [("IVA", (0.4471, 0.9546, 0.4683, 0.9631)), ("02889410185", (0.4753, 0.9546, 0.5529, 0.9631)),
         ("1/2", (0.9011, 0.9545, 0.9238, 0.9636))])
    assert propose([Page(1, 595, 842, words)]).values().get("seller_vat_id") == "IT02889410185"


def test_a_tax_number_in_a_bills_supply_box_yields_to_the_legal_mentions():
    # a Spanish electricity bill: the customer's NIF (a DNI) in the supply data with no party's word, the supplier's
    # NIF in the mentions that name it at the page's foot (Real Decreto 1619/2012, art. 6: both parties' NIF)
    lines = _two_columns([("Hermanos Navarro S.L.U.", "Hostal La Alameda S.L.U."), ("Polígono Los Llanos, nave 139", "Polígono Los Llanos, nave 2"),
                          ("30001 Murcia", "30001 Murcia"), ("", ""),
                          ("Datos de la factura", "Datos del suministro"),
                          ("Nº factura  24202480649454", "CUPS  ES0957285660371400YU1P"),
                          ("Fecha emisión factura  30-12-2024", "NIF/CIF  12345678Z"),
                          ("Importe total de la factura  22.024,11€", ""), ("", ""),
                          ("Hermanos Navarro S.L.U. – R. M. Murcia, hoja MU-1739 – NIF B38810677", "")], at=60)
    assert _values(lines).get("seller_vat_id") == "ESB38810677"
    # with no mentions naming the seller, the box's number is the only one read: kept
    assert _values(lines[:-1]).get("seller_vat_id") == "ES12345678Z"



def test_a_vat_prefix_gives_no_country_over_a_printed_sign_nor_france_for_monaco():
    # review 1 F2: Monaco's firms hold French VAT numbers (980xx is La Poste's code for the Principality, a French
    # shape); a +377 phone under the town is Monaco's sign, the FR prefix does not override it
    block = ["Client :", "Riviera Yachting SAM", "7 avenue de Grande-Bretagne", "98000 Monaco"]
    assert propose([_window(block + ["TVA : FR44732829320"])]).value("buyer_country") is None
    proposal = propose([_window(block + ["Tél. +377 93 25 12 34", "TVA : FR44732829320"])])
    assert proposal.value("buyer_country") == "MC"
    # a French buyer's own number still tells France under a French town
    page = _window(["Client :", "Garage Dupont SARL", "12 rue Torteron", "50000 Saint-Lô", "TVA : FR44732829320"])
    assert propose([page]).value("buyer_country") == "FR"


def test_a_vat_numbers_country_comes_from_the_vat_models_one_helper():
    # review 1 F8: one prefix map (core.model.vat): Greece's « EL », Northern Ireland's « XI » (United Kingdom)
    from guichet.core.model.vat import vat_country as model_vat_country
    from guichet.plugins.fields_rules.blocks import vat_country
    assert (model_vat_country("EL094259216"), model_vat_country("XI123456782")) == ("GR", "GB")
    assert vat_country("ΑΦΜ EL094259216") == model_vat_country("EL094259216")


def test_a_firm_named_after_a_trade_over_its_contact_is_the_buyer():
    # review 1 F4: « Comptabilité », « Ragioneria », « Direction » open a firm's name as well as a department's: a
    # department is the whole line (« Comptabilité fournisseurs ») or a department's words (« Direction financière »)
    for firm, person, street, town in (("Comptabilité Conseil Durand", "Paul Durand", "4 avenue Foch", "69006 Lyon"),
                                       ("Ragioneria Bianchi", "Marco Bianchi", "Via Roma 5", "56127 Pisa"),
                                       ("Direction Rénovation Habitat", "Marc Lefèvre", "4 avenue Foch", "69006 Lyon")):
        page = _window(["Client :", firm, person, street, town])
        assert propose([page]).value("buyer_name") == firm, firm
    page = _window(["Client :", "Direction financière", "Garage Morel SARL", "4 avenue Foch", "69006 Lyon"])
    assert propose([page]).value("buyer_name") == "Garage Morel SARL"


def test_a_heading_ending_with_its_preposition_is_never_glued_to_the_name_under_it():
    # review 1 F5: « Adressée à » is a heading; the name in small letters under it is no rest of it (refused rather
    # than written with the heading)
    for heading in ("Adressée à", "Établi pour", "Prepared for"):
        page = _window([heading, "la Mairie de Vernon", "4 avenue Foch", "27200 Vernon"])
        assert propose([page]).value("buyer_name") != f"{heading} la Mairie de Vernon", heading


def test_a_french_towns_last_word_is_no_italian_province_sign_without_an_italian_street():
    # review 1 F7: « SAINT LO » ends with Lodi's sign: only a bracketed sign or an Italian street makes it one
    page = _window(["Client :", "Garage Dupont SARL", "12 rue Torteron", "50000 SAINT LO", "contact@garage-dupont.fr"])
    proposal = propose([page])
    assert (proposal.value("buyer_country"), proposal.value("buyer_city")) == ("FR", "SAINT LO")
    from guichet.core.parsing.countries import province_sign, town_without_province
    assert province_sign("Pisa (PI)", "56127") == ("PI", True)
    assert province_sign("LECCE LE", "73100") == ("LE", False)
    assert town_without_province("SAINT LO", "50000", None) == "SAINT LO"
    assert town_without_province("LECCE LE", "73100", "IT") == "LECCE"
