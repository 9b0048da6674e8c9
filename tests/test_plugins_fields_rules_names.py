"""Seller and buyer names and their identifiers on invoices of issuers never seen (issue 13).

Each page is written by hand the way a kind of invoice prints: a utility bill whose window address
is the customer's and whose legal footer names the issuer, address blocks aligned right or with a
logo's initials over them, buyer headings of several words, VAT numbers cut by a footer's line
break or printed as the national number. None is copied from a generated sample.
"""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.core.parsing.text import Page, Word
from guichet.plugins.fields_rules import propose


def _values(lines: list[str]) -> dict:
    return propose([page_from(lines)]).values()


def _footer(*lines: str) -> list[str]:
    """Blank rows down to the foot of the page, then ``lines``."""
    return [""] * 8 + list(lines)


UTILITY_BILL = [
    "Boulangerie Petit SARL",
    "3 rue de la Paix",
    "75002 Paris",
    "ÉLECTRA",
    "Facture",
    "Votre facture en bref  N° de facture  F-2024-118",
    "Date de facture  05/03/2024",
    "Désignation  Quantité  Montant HT",
    "Abonnement  1  100,00",
    "Total HT  100,00",
    "TVA 20 %  20,00",
    "Total TTC  120,00",
]


def test_the_legal_footer_with_its_registration_names_the_seller_of_a_utility_bill():
    """The window address at the top is the customer's; the company whose RCS and VAT number the
    footer prints is the issuer, though its logo has no legal form and no address block."""
    fields = propose([page_from(UTILITY_BILL + ["Électra SA – 5 quai Perrache, 69002 Lyon"] + _footer(
        "Électra SA au capital de 1 000 000 € – RCS Lyon B 732 829 320 – N° TVA FR44732829320"))]).fields
    values = {name: field.value for name, field in fields.items()}
    assert values["seller_name"] == "Électra SA"
    assert (values["seller_address"], values["seller_postcode"], values["seller_city"]) == ("5 quai Perrache", "69002", "Lyon")
    assert values["buyer_name"] == "Boulangerie Petit SARL"
    assert values["seller_vat_id"] == "FR44732829320"


def test_a_block_over_a_vat_number_labelled_as_the_customer_s_is_the_buyer_s():
    lines = ["Cantina Colle Verde S.r.l.", "Piazza Cavour 12", "06121 Perugia", "P.IVA cliente : IT00743110157",
             "", "Fattura n. 12", "Data 05/03/2024", "Totale documento  122,00",
             *_footer("Impianti Rossi S.r.l. – Iscritta al Registro Imprese di Torino – Partita IVA 00488410010")]
    values = _values(lines)
    assert values["buyer_name"] == "Cantina Colle Verde S.r.l."
    assert values["seller_name"] == "Impianti Rossi S.r.l."
    assert values["buyer_vat_id"] == "IT00743110157"
    assert values["seller_vat_id"] == "IT00488410010"


def test_the_street_line_of_a_block_is_no_part_of_the_name():
    lines = ["Atelier Roux", "ZA des Pins, lot 12", "73000 Chambéry", "", "Facture n° F-12", "Date : 05/03/2024",
             "Total TTC  12,00 €", *_footer("Atelier Roux – RCS Chambéry 732 829 320")]
    assert _values(lines)["seller_name"] == "Atelier Roux"


def test_a_name_printed_also_with_its_legal_form_is_read_with_it():
    lines = ["Ferme Duval", "", "Facture n° F-12", "Date : 05/03/2024", "Total TTC  12,00 €",
             "Ferme Duval SARL – 4 place du Marché – 69001 Lyon"]
    assert _values(lines)["seller_name"] == "Ferme Duval SARL"
    lines = ["Lumen Haustechnik UG (haftungsbeschränkt)", "Am Markt 3", "33602 Bielefeld", "", "Rechnung Nr. 12",
             "Datum 05.03.2024", "Gesamtbetrag  12,00 €"]
    assert _values(lines)["seller_name"] == "Lumen Haustechnik UG (haftungsbeschränkt)"


def test_a_title_in_larger_type_beside_the_name_is_no_part_of_it():
    def word(text: str, x0: float, top: float, height: float) -> Word:
        return Word(text, (x0, top, x0 + 0.012 * len(text), top + height), 1.0)

    head = [word("Tankabrechnung", 0.05, 0.1, 0.03), word("Vogel", 0.226, 0.11, 0.012),
            word("Haustechnik", 0.295, 0.11, 0.012), word("AG", 0.435, 0.11, 0.012)]
    rest = [word("Rechnung", 0.05, 0.2, 0.012), word("Nr.", 0.16, 0.2, 0.012), word("RG-12", 0.21, 0.2, 0.012),
            word("Gesamtbetrag", 0.05, 0.3, 0.012), word("12,00", 0.5, 0.3, 0.012)]
    values = propose([Page(1, 595, 842, head + rest)]).values()
    assert values["seller_name"] == "Vogel Haustechnik AG"


def test_buyer_headings_of_several_words_and_titles_that_are_none():
    for heading in ("Adresse de facturation du client", "Client / facturation", "Destinataire de la facture"):
        lines = ["Atelier Moreau SARL", "14 avenue Jean Jaurès", "69007 Lyon", "", heading, "Boulangerie Petit",
                 "3 rue de la Paix", "75002 Paris", "", "Facture n° F-12", "Date : 05/03/2024"]
        assert _values(lines).get("buyer_name") == "Boulangerie Petit", heading
    for heading, buyer in (("Invoice addressed to", "Blue Fern Studio"), ("Fattura intestata a", "Panificio Bianchi"),
                           ("Invoice address", "Atlantic Seafoods")):
        lines = ["Harper Digital Ltd", "21 King Street", "Manchester M2 4LQ", "", heading, buyer, "8 Mill Lane",
                 "Bristol BS1 5TH", "", "Invoice No. 12", "Date: 05/03/2024"]
        assert _values(lines).get("buyer_name") == buyer, heading
    # A title naming the kind of invoice and an identifier's column header head no buyer's name.
    lines = ["Facture client", "N° de facture  F-12", "Date : 05/03/2024"]
    assert _values(lines).get("buyer_name") is None
    lines = ["Invoice", "Customer account  Invoice date", "C28169  05/03/2024"]
    assert _values(lines).get("buyer_name") is None


def test_the_other_block_is_the_buyer_s_beside_a_logo_s_initials_a_right_aligned_block_or_an_eircode():
    lines = [f"{'':44}{'Restaurant Le Galion':>26}", f"{'AL':<44}{'23 impasse des Tisserands':>26}",
             f"{'Aurélie Lemaire':<44}{'87000 Limoges':>26}", "ZA des Chênes, lot 5", "73000 Chambéry", "",
             "Facture n° F-12", "Date : 05/03/2024", "Total TTC  12,00 €",
             *_footer("Aurélie Lemaire – RCS Chambéry 732 829 320")]
    values = _values(lines)
    assert values["seller_name"] == "Aurélie Lemaire"
    assert values["buyer_name"] == "Restaurant Le Galion"
    lines = ["Greenfield Dental Practice", "31 Main Street", "D02 XY45 Dublin 2", "", "VAT Invoice", "Invoice no.  SI-12",
             "Date  05/03/2024", "Total inc VAT  € 123.00",
             "Doyle Electrical DAC – 134 Main Street, V94 T9PX Limerick",
             *_footer("Doyle Electrical DAC – CRO number 60580 – VAT Reg. No. IE6388047V")]
    values = _values(lines)
    assert values["seller_name"] == "Doyle Electrical DAC"
    assert propose([page_from(lines)]).fields["seller_city"].value == "Limerick"
    assert values["buyer_name"] == "Greenfield Dental Practice"
    assert propose([page_from(lines)]).fields["buyer_city"].value == "Dublin 2"


def test_a_vat_number_wrapped_by_the_footer_or_printed_as_the_national_number():
    lines = ["Atelier Moreau SARL", "14 avenue Jean Jaurès", "69007 Lyon", "Facture n° F-12", "Date : 05/03/2024",
             "Coordonnées bancaires – IBAN FR76 3000 6000 0112 3456 7890 189",
             "Atelier Moreau SARL – RCS Lyon 732 829 320 – SIRET 732 829 320 00074 – TVA intracom. FR 44  Page 1 /",
             "732 829 320  1"]
    assert _values(lines)["seller_vat_id"] == "FR44732829320"
    lines = ["Gráficas Delgado S.A.", "Calle Mayor 3", "47001 Valladolid", "Factura nº 12", "Fecha 05/03/2024",
             "Gráficas Delgado S.A. – Inscrita en el Registro Mercantil de Valladolid – NIF A28015865"]
    assert _values(lines)["seller_vat_id"] == "ESA28015865"
    lines[-1] = lines[-1].replace("NIF", "N.I.F.")
    assert _values(lines)["seller_vat_id"] == "ESA28015865"
    lines = ["Impianti Rossi S.r.l.", "Via Roma 10", "10121 Torino", "Vs. P.IVA : IT00743110157", "Fattura n. 12",
             "Data 05/03/2024", "Impianti Rossi S.r.l. – Registro Imprese di Torino – P. IVA  Pag. 1 di",
             "00488410010  1"]
    values = _values(lines)
    assert values["seller_vat_id"] == "IT00488410010"
    assert values["buyer_vat_id"] == "IT00743110157"


def test_a_row_label_under_an_identifier_heading_and_a_heading_without_its_colon_are_no_buyer():
    rows = (("Romero Levante SL", "Facturado a"), ("28 Calle Mayor", "Transportes Torres S.L."),
            ("52640 Madrid", "67 Calle Mayor"), ("", "45031 Sevilla"))
    lines = ["FACTURA", "N.º cliente  C80029", "Su pedido  956436", "", *(f"{a:<30}{b}" for a, b in rows),
             "Fecha 05/03/2024"]
    assert _values(lines)["buyer_name"] == "Transportes Torres S.L."
    lines = ["Fattura numero  FA.35069", "Codice cliente  C81811", "Ordine  55928", "Data  31/10/2021"]
    assert _values(lines).get("buyer_name") is None
    lines = [f"{a:<30}{b}" for a, b in (("BROWN-PATEL plc", "To"), ("17 High Street", "Studio O'Connor Ltd"),
                                        ("London SW1A 1AA", "86 Victoria Road"), ("", "Bristol BS1 5TH"))]
    assert _values(["INVOICE", "Invoice no.  R-519", *lines, "Date 05/03/2024"])["buyer_name"] == "Studio O'Connor Ltd"


def test_the_dossier_company_is_the_buyer_however_the_page_spells_it(company):
    """The dossier's company (« Société A », SIREN 552081317) bought: its name written otherwise, or
    only its VAT number under its block, still tells its block."""
    seller = ["Fournil SAS", "4 place du Marché", "69001 Lyon", ""]
    tail = ["", "Facture n° F-12", "Date : 05/03/2024", "Total TTC  12,00 €"]
    lines = ["SAS SOCIETE-A", "3 rue de la Paix", "75002 Paris", ""] + seller + tail
    values = propose([page_from(lines)], company, "text layer").values()
    assert values["seller_name"] == "Fournil SAS"
    assert values["buyer_name"] == "SAS SOCIETE-A"
    lines = seller + ["Les Ateliers Réunis", "3 rue de la Paix", "75002 Paris", "TVA : FR03552081317"] + tail
    values = propose([page_from(lines)], company, "text layer").values()
    assert values["buyer_name"] == "Les Ateliers Réunis"
    assert values["buyer_vat_id"] == "FR03552081317"


def test_a_buyer_heading_over_the_party_s_identifiers_then_its_name():
    """A structured print of an e-invoice (a viewer's layout): the party's number and global number
    under its heading, then its name, bare or after « Name: »."""
    for name_line in ("MUSTER-KUNDE GMBH", "Name:  MUSTER-KUNDE GMBH"):
        lines = ["Rechnung Nr. 471102 vom 05.03.2024", "", "Verkäufer:", "Nummer:  549910", "Lieferant GmbH",
                 "Musterstr. 99", "99199 Musterhausen", "", "Käufer/Leistungsempfänger:", "Nummer:  9314110911",
                 "Globale Nummer:  4304171000002 (GLN)", name_line, "Kundenweg 88", "40235 Düsseldorf"]
        assert _values(lines)["buyer_name"] == "MUSTER-KUNDE GMBH", name_line
    lines = ["Lieferant  Käufer  RECHNUNG", "GLN 4333741000005  GLN 4304171000002", "Lieferant GmbH  MUSTER-KUNDE GMBH",
             "Bahnhofstr. 9  Kundenweg 88", "99199 Musterhausen  40235 Düsseldorf", "Rechnung Nr. 471102"]
    lines = [f"{a:<30}{b}" for a, b in (line.split("  ", 1) for line in lines[:-1])] + lines[-1:]
    assert _values(lines)["buyer_name"] == "MUSTER-KUNDE GMBH"


def test_the_contact_named_for_attention_is_not_the_buyer_when_the_block_names_a_company():
    seller = ["Atelier Moreau SARL", "14 avenue Jean Jaurès", "69007 Lyon", ""]
    tail = ["", "Facture n° F-12", "Date : 05/03/2024", "Total TTC  12,00 €"]
    for block, buyer in ((["Boulangerie Petit SARL", "À l'attention de M. Jean Martin"], "Boulangerie Petit SARL"),
                         (["À l'attention de M. Jean Martin", "Boulangerie Petit SARL"], "Boulangerie Petit SARL"),
                         (["Bäckerei Wagner GmbH", "z. Hd. Herrn Jan Roth"], "Bäckerei Wagner GmbH"),
                         (["À l'attention de M. Jean Martin"], "M. Jean Martin")):  # a private buyer: the person
        fields = propose([page_from(seller + block + ["3 rue de la Paix", "75002 Paris"] + tail)]).fields
        assert fields["buyer_name"].value == buyer, block
        assert fields["buyer_city"].value == "Paris", block


def test_a_civility_or_firma_on_its_own_line_over_the_recipient_s_name():
    """German letters set « Herrn » or « Firma » on the line over the recipient's name (DIN 5008)."""
    for first, name in (("Herrn", "Max Mustermann"), ("Firma", "Bäckerei Wagner GmbH")):
        lines = ["Schreinerei Holz GmbH · Hauptstr. 5 · 50667 Köln", first, name, "Lindenweg 3", "80331 München", "",
                 "Rechnung Nr. 12", "Datum 05.03.2024", "Gesamtbetrag  12,00 €"]
        assert _values(lines)["buyer_name"] == name, first


def test_the_name_under_a_window_envelope_s_sender_line_is_the_buyer_however_spaced_its_address():
    lines = ["Bei Spiel GmbH", "Ecke 12", "Bei Spiel GmbH  ●  Ecke 12  ●  12345 Stadthausen", "Theodor Est", "",
             "Bahnstr. 42", "", "", "88802 Spielkreis", "", "Rechnung Nr. RE-502 vom 03.07.2014", "Summe brutto: 12,00 €"]
    assert _values(lines)["buyer_name"] == "Theodor Est"


def test_a_legal_form_wrapped_alone_on_the_next_line_ends_the_name():
    rows = (("AHFC UG", "Auftraggeber"), ("Bahnhofstraße 6", "Beratung Schmidt GmbH & Co."), ("06859 München", "KG"),
            ("", "Gartenweg 63"), ("", "10874 Hamburg"))
    lines = ["Rechnung", *(f"{a:<40}{b}" for a, b in rows), "Rechnungsnummer: RE-12", "Datum: 05.03.2024"]
    fields = propose([page_from(lines)]).fields
    assert fields["buyer_name"].value == "Beratung Schmidt GmbH & Co. KG"
    assert fields["buyer_city"].value == "Hamburg"


def test_an_ocr_read_ltd_ending_the_footer_s_name_is_ltd():
    from guichet.core.parsing.fields import SOURCE_OCR

    lines = ["Greenfield Dental Practice Ltd", "31 Main Street", "H91 E2K3 Galway", "DOYLE ELECTRICAL", "", "VAT Invoice",
             "Invoice no.  SI-12", "Date  05/03/2024", "Total inc VAT  € 123.00",
             *_footer("Doyle Electrical Lid  CRO number 60580  VAT Reg. No. IE6388047V")]
    values = propose([page_from(lines, confidence=0.9)], None, SOURCE_OCR).values()
    assert values["seller_name"] == "Doyle Electrical Ltd"


def test_two_party_columns_each_with_its_national_vat_number():
    rows = (("Emisor:", "Cliente:"), ("Reformas García S.L.", "Panadería López S.A."), ("Calle Mayor 3", "Avenida del Puerto 8"),
            ("46001 Valencia", "28001 Madrid"), ("NIF: B12345674", "NIF: A28015865"))
    lines = ["FACTURA", *(f"{a:<40}{b}" for a, b in rows), "Nº factura: 2024/012", "Fecha: 05/03/2024", "Total  121,00"]
    values = _values(lines)
    assert (values["seller_name"], values["buyer_name"]) == ("Reformas García S.L.", "Panadería López S.A.")
    assert (values["seller_vat_id"], values["buyer_vat_id"]) == ("ESB12345674", "ESA28015865")


def test_the_name_in_a_legal_sentence_or_after_a_registered_office_label():
    """« Siège social : X SAS, … », « X Ltd is registered in … » name the issuer; a subscription line
    (« Abonnement ») is no subscriber's heading, and a manager's name after its label is no company's."""
    lines = ["NEXOR", "Facture n° F-2024-12", "Date : 05/03/2024", f"{'':40}Boulangerie Martin", f"{'':40}3 rue de la Paix",
             f"{'':40}75002 Paris", "Désignation  Montant HT", "Abonnement  100,00", "Total TTC  120,00",
             "Siège social : Nexor Services SAS, 12 rue des Lilas, 69003 Lyon - RCS Lyon 732 829 320 - TVA FR44732829320"]
    values = _values(lines)
    assert (values["seller_name"], values["seller_vat_id"]) == ("Nexor Services SAS", "FR44732829320")
    assert values["buyer_name"] == "Boulangerie Martin"
    lines = ["INVOICE #1024", "Harbour Cafe Ltd", "4 Quay Street", "Hull HU1 2AA", "Date: 05/03/2024", "Total due  £120.00",
             *_footer("Bright Supplies Ltd is registered in England and Wales, company number 01234567.")]
    assert _values(lines)["seller_name"] == "Bright Supplies Ltd"
    lines = ["Rechnung Nr. 12", "Datum 05.03.2024", "Gesamtbetrag  119,00 €",
             *_footer("Geschäftsführer: Marie Fischer – Amtsgericht Köln HRB 1234", "Holzbau Meier GmbH – USt-IdNr. DE136695976")]
    assert _values(lines)["seller_name"] == "Holzbau Meier GmbH"


def test_cedente_and_cessionario_columns_each_with_its_partita_iva():
    """« Committente » holds « mittente » (sender): the buyer's heading must not read as the seller's."""
    rows = (("Cedente/Prestatore", "Cessionario/Committente"), ("Rossi Impianti S.r.l.", "Albergo Sole S.r.l."),
            ("Via Roma 10", "Via Mare 1"), ("20121 Milano (MI)", "47921 Rimini (RN)"), ("P.IVA 00488410010", "P.IVA 00743110157"))
    values = _values(["FATTURA n. 5 del 05/03/2024", *(f"{a:<40}{b}" for a, b in rows), "Totale documento  122,00"])
    assert (values["seller_vat_id"], values["buyer_vat_id"]) == ("IT00488410010", "IT00743110157")
    assert (values["seller_name"], values["buyer_name"]) == ("Rossi Impianti S.r.l.", "Albergo Sole S.r.l.")


def test_a_buyer_heading_followed_by_the_whole_address_on_one_line():
    lines = ["Rechnung", "Kunde: Bäckerei Korn GmbH, Lindenweg 3, 80331 München", "Rechnungsnummer: 12", "Datum: 05.03.2024",
             "Gesamtbetrag  119,00 €", "Holzbau Meier GmbH · Amtsgericht Freiburg HRB 7788 · USt-IdNr. DE136695976"]
    values = _values(lines)
    assert (values["seller_name"], values["buyer_name"]) == ("Holzbau Meier GmbH", "Bäckerei Korn GmbH")
    # an identifier's heading without a colon is no buyer heading with a name after it
    lines = ["CREDIT NOTE", "Credit Note No.  Customer ID", "2020/238  C31248", "Votre réf. client 41130536", "Total  12.00"]
    assert _values(lines).get("buyer_name") is None


def test_a_marketplace_s_seller_under_sold_by_not_the_platform_of_the_footer():
    lines = ["Facture", "Vendu par :", "Librairie du Centre", "3 rue Haute", "35000 Rennes", "", "Adresse de facturation",
             "Jean Dupont", "3 rue de la Paix", "75002 Paris", "Numéro de facture FR-12", "Date de la facture 05/03/2024",
             "Total à payer  25,00 €",
             *_footer("Place de Marché SAS au capital de 10 000 € - RCS Lyon 732 829 320 - TVA intracom. FR44732829320")]
    values = _values(lines)
    assert (values["seller_name"], values["buyer_name"]) == ("Librairie du Centre", "Jean Dupont")


def test_a_bare_nine_digit_number_passing_the_siren_key_is_no_company_identifier_without_its_label():
    # The same check as the invoice number's (parties.company_identifier): a 9-digit order or reference
    # number passes Luhn's key one time in ten; it is the company's SIREN only when the page labels it so.
    body = ["FACTURE N° F-2024-12", "Date : 05/03/2024", "Client : Garage Dumont", "Désignation  Montant",
            "Réparation  100,00 €", "Total TTC  120,00 €"]
    assert _values(body + ["Commande express · Livraison 03/03 · 732829320"]).get("seller_name") is None
    assert _values(body + ["Commande express · Livraison 03/03 · 732829320", "RCS Paris 732 829 320"]).get(
        "seller_name") == "Commande express"  # labelled elsewhere on the page: the footer's owner opens it
    letterhead = ["Plomberie Chevalier SA", "12 rue de la Paix", "75002 Paris", "FACTURE N° F-2024-12",
                  "Date : 05/03/2024", "Bon de commande", "732829320", "Total TTC  120,00 €"]
    assert _values(letterhead).get("seller_name") == "Plomberie Chevalier SA"  # a label over its value, no name


def test_a_panel_label_beside_a_value_half_a_line_higher_is_no_seller_name():
    """A references panel at the right of the seller's block: « Prestation réalisée » beside its value « du 01/01/2026
    au 31/01/2026 », each centred in its cell so the value's line is half a line above: a label, not the seller."""
    cells = [(0.080, 0.06, "Facture"), (0.094, 0.55, "Commande enregistrée le"), (0.094, 0.80, "09/01/2026"),
             (0.102, 0.06, "Lumenor Traiteur SARL"), (0.102, 0.80, "du 01/01/2026 au 31/01/2026"),
             (0.109, 0.55, "Prestation réalisée"), (0.115, 0.06, "Stationsplein 45"),
             (0.123, 0.06, "3011 AD Rotterdam"), (0.123, 0.55, "Facture établie le"), (0.123, 0.80, "08/02/2026"),
             (0.174, 0.06, "Client / adresse de facturation"), (0.184, 0.06, "Fromagerie Bastide SASU"),
             (0.197, 0.06, "12 rue du Port"), (0.209, 0.06, "57000 Metz"),
             (0.30, 0.06, "Total TTC"), (0.30, 0.40, "120,00 €")]
    from test_plugins_fields_rules_numbers import _placed

    assert propose(_placed(cells)).values()["seller_name"] == "Lumenor Traiteur SARL"


TRADING_HEAD = ["Nexora", "14 King Street", "Leeds LS1 2HL", "INVOICE", "Invoice No: SI-2031", "Date: 05/03/2024",
                "Bill to:", "Carrow Foods Ltd", "2 Mill Lane", "York YO1 7HH", "Total  1,200.00"]


def test_a_trading_name_statement_gives_the_legal_name_not_the_trading_name():
    """BT-27 is the name the seller is registered under; a trading name (BT-28) printed as the letterhead is not it.
    The page says which is which: « Nexora is a trading name of … », « … t/a … », « … es una marca de … »."""
    footer = _footer("Nexora is a trading name of Harper Wells Ltd – Registered in England No. 01234567")
    assert _values(TRADING_HEAD + footer)["seller_name"] == "Harper Wells Ltd"
    short = TRADING_HEAD[:1] + ["Harper Wells Ltd t/a Nexora"] + TRADING_HEAD[1:]
    assert _values(short)["seller_name"] == "Harper Wells Ltd"
    spanish = ["Pixelkraft", "Calle Mayor 12", "28013 Madrid", "FACTURA", "Nº factura: A-2024-12",
               "Fecha: 05/03/2024", "Cliente:", "Talleres El Cruce", "Calle Real 3", "29001 Málaga",
               "Total  1.200,00", *_footer("Pixelkraft es una marca de Gráficas Castillo S.A. – CIF A58818501")]
    assert _values(spanish)["seller_name"] == "Gráficas Castillo S.A."


def test_the_legal_name_s_label_gives_it_and_the_trading_name_s_label_takes_its_value_out():
    """« Razón social: … » against « Nombre comercial: … », « Registered name » against « Trading name »."""
    page = ["Pixelkraft", "Nombre comercial: Pixelkraft", "Razón social: Gráficas Castillo S.A.", "Calle Mayor 12",
            "28013 Madrid", "FACTURA", "Nº factura: A-2024-12", "Fecha: 05/03/2024", "Cliente:", "Talleres El Cruce",
            "Calle Real 3", "29001 Málaga", "Total  1.200,00"]
    assert _values(page)["seller_name"] == "Gráficas Castillo S.A."
    german = ["Tellis", "Firmierung: Druckerei Wagner UG", "(haftungsbeschränkt)", "Hauptstraße 5", "50667 Köln",
              "RECHNUNG", "Rechnungsnummer: RE-2024-12", "Datum: 05.03.2024", "Kunde:", "Bäckerei Moos", "Ringstraße 3",
              "80331 München", "Gesamtbetrag  1.200,00"]
    assert _values(german)["seller_name"] == "Druckerei Wagner UG (haftungsbeschränkt)"  # its legal form wrapped


def test_a_letterhead_name_set_large_beside_the_number_in_smaller_type_is_the_seller():
    """Found by review: a letterhead's name in large type, with the invoice number on the next, smaller line to its
    right, was taken for a label over its value (the half-line test of a panel row used the name's own height)."""
    from guichet.core.parsing.text import Page, Word

    words = []
    for top, left, text, height, width in [
            (0.050, 0.06, "Boulangerie Dupont", 0.022, 0.014), (0.052, 0.55, "FACTURE", 0.012, 0.008),
            (0.068, 0.55, "FA-2024-0042", 0.012, 0.008), (0.085, 0.55, "Date : 05/03/2024", 0.012, 0.008),
            (0.15, 0.06, "Client : Martin SAS", 0.012, 0.008), (0.162, 0.06, "4 avenue Foch", 0.012, 0.008),
            (0.174, 0.06, "75008 Paris", 0.012, 0.008), (0.30, 0.06, "Total TTC", 0.012, 0.008),
            (0.30, 0.40, "120,00 €", 0.012, 0.008), (0.95, 0.06, "12 rue des Lilas - 69003 Lyon", 0.012, 0.008)]:
        x = left
        for chunk in text.split(" "):
            words.append(Word(chunk, (x, top, x + len(chunk) * width, top + height), 1.0))
            x += (len(chunk) + 1) * width
    page = Page(1, 595, 842, sorted(words, key=lambda w: (w.box[1], w.box[0])))
    values = propose([page]).values()
    assert (values["seller_name"], values["invoice_number"]) == ("Boulangerie Dupont", "FA-2024-0042")


def test_the_line_under_a_name_read_under_its_heading_is_its_address_not_the_name_s_end():
    """Under « From: », the block's first line is the whole name: the next line (a building, no legal form) is the
    start of its address, though the letterhead would join it as a name wrapped over two lines."""
    lines = ["                              INVOICE 2024-118", "                              March 5, 2024", "",
             "From:                  Bill to:",
             "Northwind Traders      Harbour Cafe",
             "Riverside Plaza        12 Quay Street",
             "Unit 4",
             "NL-1011 Amsterdam      NL-3011 Rotterdam",
             "VAT: NL123456789B01", "",
             "Item  Qty  Price  Total", "Coffee beans  2  10.00  20.00", "",
             "Total  24.20 EUR"]
    assert _values(lines)["seller_name"] == "Northwind Traders"


def test_ocr_a_seller_s_name_that_starts_right_of_its_block_s_edge_lost_its_first_words():
    def name_read(first: str) -> tuple[str | None, float]:
        lines = [first, "25 impasse du Moulin", "14095 Nantes", "", "Facture n° F-2026-0311", "Date : 05/03/2026",
                 "", "Client :", "Garage Lebon SARL", "9 rue Haute", "29000 Quimper", "", "Total TTC  120,00 €"]
        field = propose([page_from(lines, confidence=0.9)], source="ocr").fields.get("seller_name")
        return (field.value, field.confidence) if field else (None, 0.0)

    # « Lefèvre & Fils EURL » whose first words the scan lost: « Fils EURL » starts right of the lines under it
    value, confidence = name_read("          Fils EURL")
    assert value == "Fils EURL" and confidence <= 0.25
    # after its label in its cell, the name starts where the label ends: nothing lost
    value, confidence = name_read("Vendu par Fils EURL")
    assert value == "Fils EURL" and confidence > 0.3
    # the whole name starts where its block's lines do: as sure as read
    value, confidence = name_read("Lefèvre & Fils EURL")
    assert value == "Lefèvre & Fils EURL" and confidence > 0.3


BRANDED_HEAD = ["Lumen", "5 quai Perrache", "69002 Lyon", "FACTURE", "Facture n° F-2024-118", "Date : 05/03/2024",
                "Client :", "Boulangerie Petit SARL", "3 rue de la Paix", "75002 Paris",
                "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00"]
BRANDED_FOOT = _footer("Ateliers Perrache SAS au capital de 10 000 € – RCS Lyon 732 829 320 – N° TVA FR44732829320")


def test_the_registered_name_of_the_legal_footer_is_bt27_and_the_letterhead_s_other_name_bt28():
    """EN 16931: BT-27 is the name the seller is registered under, BT-28 « a name by which the Seller is known, other
    than Seller name ». The footer prints the registered name with its legal form and RCS, the letterhead another name
    over an address: BT-27 stays the registered name, the letterhead's name is BT-28 and its address the seller's
    (BG-5); the CII writer carries BT-28 as SpecifiedLegalOrganization/TradingBusinessName, UBL as PartyName."""
    from lxml import etree

    from guichet.core.parsing.text import proposal_invoice
    from guichet.plugins.cii_writer import write_cii
    from guichet.plugins.ubl_writer import write_ubl

    proposal = propose([page_from(BRANDED_HEAD + BRANDED_FOOT)])
    values = proposal.values()
    assert (values["seller_name"], values["seller_trading_name"]) == ("Ateliers Perrache SAS", "Lumen")
    assert (proposal.value("seller_postcode"), proposal.value("seller_city")) == ("69002", "Lyon")
    invoice = proposal_invoice(proposal)
    assert (invoice.seller.name, invoice.seller.trading_name) == ("Ateliers Perrache SAS", "Lumen")
    cii = etree.fromstring(write_cii(invoice))
    ns = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
    seller = cii.find(".//ram:SellerTradeParty", ns)
    assert seller.findtext("ram:Name", namespaces=ns) == "Ateliers Perrache SAS"
    assert seller.findtext("ram:SpecifiedLegalOrganization/ram:TradingBusinessName", namespaces=ns) == "Lumen"
    ubl = etree.fromstring(write_ubl(invoice))
    cac = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
           "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
    party = ubl.find("cac:AccountingSupplierParty/cac:Party", cac)
    assert party.findtext("cac:PartyName/cbc:Name", namespaces=cac) == "Lumen"
    assert party.findtext("cac:PartyLegalEntity/cbc:RegistrationName", namespaces=cac) == "Ateliers Perrache SAS"


def test_no_trading_name_from_a_recipient_s_window_nor_from_the_registered_name_s_own_spelling():
    """The name at the top that is the buyer's (a window address over the letter) is no trading name of the seller's;
    a letterhead spelling the registered name (« ÉLECTRA » over « Électra SA ») is the same name, not another one."""
    footer = _footer("Électra SA au capital de 1 000 000 € – RCS Lyon B 732 829 320 – N° TVA FR44732829320")
    window = ["Boulangerie Petit", *UTILITY_BILL[1:], "5 quai Perrache, 69002 Lyon"]
    assert "seller_trading_name" not in propose([page_from(window + footer)]).fields
    assert "seller_trading_name" not in propose([page_from(UTILITY_BILL + footer)]).fields
    # the registered name told by no legal mention (a footer without its registration): no trading name
    plain = BRANDED_HEAD + _footer("Ateliers Perrache SAS – merci de votre confiance")
    assert "seller_trading_name" not in propose([page_from(plain)]).fields


def test_a_stated_trading_name_is_bt28_and_a_marketplace_s_logo_over_the_seller_s_block_is_not():
    """« Nexora » over « Nexora is a trading name of Harper Wells Ltd » and its address: the page says which name is the trading
    one (BT-28), even with the registered name printed in the block. A marketplace's logo over the seller's block
    (« Kompraz » / « Comprado en Kompraz.fr » / « Nexora Instalaciones S.L. ») is no name of the seller's; the block's
    address is still the seller's (BG-5)."""
    stated = ["Nexora", "Nexora is a trading name of Harper Wells Ltd", "14 King Street", "Leeds LS1 2HL", "INVOICE",
              "Invoice No: SI-2031", "Date: 05/03/2024", "Bill to:", "Carrow Foods Ltd", "2 Mill Lane", "York YO1 7HH",
              "Total  1,200.00", *_footer("Harper Wells Ltd – Registered in England No. 01234567")]
    def large_first_line(lines: list[str]) -> list[Page]:
        """The page with its first line in large type (a brand's or a logo's) over the small print."""
        words = [Word(w.text, (w.box[0], 0.02, w.box[0] + 3 * (w.box[2] - w.box[0]), 0.062), w.confidence)
                 if w.box[1] == 0.05 else w for w in page_from(lines).words]
        return [Page(1, 595, 842, words)]

    values = propose(large_first_line(stated)).values()
    assert (values["seller_name"], values["seller_trading_name"]) == ("Harper Wells Ltd", "Nexora")
    market = ["Kompraz", "Nexora Instalaciones S.L.", "Calle Mayor, 59", "50001 Zaragoza",
              "Factura", "Nº factura: ES8081", "Fecha: 07/02/2024", "Cliente / Destinatario", "Clínica Dental Sonrisa",
              "Avda. de la Constitución, 2", "03001 Alicante", "Total  1.210,00 €",
              *_footer("Nexora Instalaciones S.L. – Inscrita en el Registro Mercantil de Zaragoza, hoja B-67594 – "
                       "NIF ESB32415465")]
    fields = propose(large_first_line(market)).fields
    assert fields["seller_name"].value == "Nexora Instalaciones S.L." and "seller_trading_name" not in fields
    assert (fields["seller_address"].value, fields["seller_postcode"].value) == ("Calle Mayor, 59", "50001")



def _printed(top: float, x0: float, text: str, size: float) -> list[Word]:
    """The words of a line as a PDF prints them: from ``x0`` on, ``size`` wide a character, a space between words."""
    words = []
    for chunk in text.split():
        words.append(Word(chunk, (x0, top, x0 + len(chunk) * size, top + 1.6 * size)))
        x0 += (len(chunk) + 0.6) * size
    return words


def test_the_one_line_address_over_the_legal_mentions_names_the_seller():
    """Dolibarr's and Odoo's footers print the company's name and address on a line of their own over its legal
    mentions: a person's name there is the seller, though the customer's block under the letterhead has a legal form."""
    lines = [(0.106, 0.067, "Nathalie Renaud", 0.006), (0.115, 0.067, "14 route de Sallanches", 0.006),
             (0.125, 0.067, "87000 Limoges", 0.006), (0.175, 0.562, "Garage du Rond-Point SA", 0.0065),
             (0.186, 0.562, "107 impasse des Tisserands", 0.0065), (0.197, 0.562, "25000 Besançon", 0.0065),
             (0.948, 0.364, "Nathalie Renaud - 14 route de Sallanches - 87000 Limoges", 0.0049),
             (0.952, 0.887, "Page : 1 / 1", 0.0049),
             (0.956, 0.383, "SIRET : 875 747 099 00880 - NAF-APE : 83.73B", 0.0049)]
    page = Page(1, 595, 842, [word for top, x0, text, size in lines for word in _printed(top, x0, text, size)])
    values = propose([page]).values()
    assert values["seller_name"] == "Nathalie Renaud"


def test_a_street_holding_a_party_s_word_and_a_name_holding_one_under_the_seller_s_heading():
    """A street line never heads a block, whatever word it holds (« 12, rue du Vendeur »); a block has one heading, so
    a line holding a seller's word under the seller's heading is the block's name (a sample layout whose seller is
    « L'Émetteur »)."""
    lines = ["Vendeur agréé  Facture n° F-2024-12", "L'ÉMETTEUR  Date : 05/03/2024", "12, rue du Vendeur",
             "69002 Lyon", "SIREN : 732 829 320", "", "Désignation  Montant HT", "Conseil  100,00",
             "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00"]
    assert _values(lines)["seller_name"] == "L'ÉMETTEUR"


def test_legal_mentions_whose_french_numbers_all_fail_their_keys_name_no_seller():
    """A template's footer (« RCS VILLE 123 456 789 », « FR32 123 456 789 »: neither passes its key) identifies no
    company: the name under the seller's heading is the seller's, not the footer's."""
    lines = ["Vendeur", "Atelier Roux", "8 avenue Foch", "73000 Chambéry", "", "Facture n° F-12", "Date : 05/03/2024",
             "Total TTC  12,00 €",
             *_footer("Groupe Modèle SA au capital de 10 000 € – RCS VILLE 123 456 789",
                      "N° TVA : FR32 123 456 789")]
    assert _values(lines)["seller_name"] == "Atelier Roux"


def test_legal_mentions_with_one_number_passing_its_key_still_identify_the_seller():
    lines = ["Vendeur", "Atelier Roux", "8 avenue Foch", "73000 Chambéry", "", "Facture n° F-12", "Date : 05/03/2024",
             "Total TTC  12,00 €", *_footer("Électra SA au capital de 10 000 € – RCS Lyon 732 829 320",
                                            "N° TVA : FR32 123 456 789")]
    assert _values(lines)["seller_name"] == "Électra SA"


MISREAD_FOOTER = ["Boulangerie du Coin", "8 avenue Foch", "73000 Chambéry", "", "Facture n° F-2025-12", "Date : 05/03/2025",
                  "Désignation  Montant HT", "Conseil  100,00", "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00",
                  *_footer("Dupont Boulangerie SARL au capital de 10 000 € – RCS Chambéry 732 829 321")]


def test_legal_mentions_whose_lone_siren_fails_its_key_by_one_digit_still_identify_the_seller():
    """One misprinted or misread digit (a scan's 0 read 1) makes a SIREN fail its key: no sign of a template's
    placeholder (a run « 123 456 789 », a repeated digit, or a SIREN and a VAT number that both fail and contradict the
    page's own): the footer's registered company is still the seller, over the letterhead's trade name."""
    for confidence in (1.0, 0.9):
        fields = propose([page_from(MISREAD_FOOTER, confidence=confidence)]).fields
        assert fields["seller_name"].value == "Dupont Boulangerie SARL", confidence


def test_legal_mentions_whose_siren_and_vat_fail_and_contradict_the_page_s_own_name_no_seller():
    """The footer's SIREN and VAT number both fail their keys and differ from the valid ones the seller's block prints:
    a template's company, not the seller's."""
    lines = ["Vendeur", "Atelier Roux", "8 avenue Foch", "73000 Chambéry", "SIRET : 732 829 320 00074", "",
             "Facture n° F-12", "Date : 05/03/2024", "Total TTC  12,00 €",
             *_footer("Groupe Modèle SA au capital de 10 000 € – RCS VILLE 552 100 555", "N° TVA : FR17 552 100 555")]
    assert _values(lines)["seller_name"] == "Atelier Roux"


def test_stacked_bilingual_seller_headings_over_the_name_are_both_headings():
    """« Vendeur » over « Seller » (« Verkäufer » / « Seller »): one heading printed in two languages, the name is the
    line under them; a heading word alone is no name (« LE FOURNISSEUR » under « SELLER TRADE NAME » is one: its
    article makes it a name's line)."""
    body = ["", "Facture n° F-2025-12", "Date : 05/03/2025", "Désignation  Montant HT", "Conseil  100,00",
            "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00"]
    assert _values(["Vendeur", "Seller", "DUPONT SARL", "12 rue des Lilas", "75001 Paris", *body])["seller_name"] \
        == "DUPONT SARL"
    german = ["Verkäufer", "Seller", "Schreinerei Vogt GmbH", "Lindenallee 7", "50667 Köln", "", "Rechnung Nr. 2024-0815",
              "Datum: 15.11.2024", "Gesamtsumme  119,00"]
    assert _values(german)["seller_name"] == "Schreinerei Vogt GmbH"
    fnfe = ["SELLER TRADE NAME", "LE FOURNISSEUR", "35 rue d'ici", "75001 Paris", *body]
    assert _values(fnfe)["seller_name"] == "LE FOURNISSEUR"


def test_a_name_under_a_nameless_sender_s_address_and_over_its_own_is_the_recipient_s():
    """A letterhead whose name is a logo's image prints its address, phone and web alone; the name under them, heading
    another address (a window envelope's), is the customer's: no seller's name."""
    lines = ["FACTURE", "N° 2024-118", "Date : 05/03/2024", "38 rue Carnot", "75013 PARIS", "+33 1 02 03 04 05",
             "www.exemple-conseil.fr", " " * 50 + "BOULANGERIE MARTIN", "", " " * 50 + "54 av de Toulouse",
             " " * 50 + "34080 MONTPELLIER", "", "Description  Total", "Conseil  100,00", "Total HT  100,00",
             "TVA 20 %  20,00", "Total TTC  120,00"]
    assert _values(lines).get("seller_name") is None


def test_a_factored_invoice_s_title_beside_the_seller_s_block_makes_no_factor_of_the_seller():
    """« FACTURE AFFACTURÉE N° … » in the title's column, over the seller's block in the other: the block's name is the
    seller's, no factor's (the factor is named under its own heading, « Bénéficiaire - affactureur »)."""
    lines = ["Vendeur" + " " * 40 + "FACTURE AFFACTURÉE N° F-12", "Atelier Roux" + " " * 35 + "Date : 05/03/2024",
             "8 avenue Foch", "73000 Chambéry", "", "Désignation  Montant HT", "Conseil  100,00", "Total HT  100,00",
             "TVA 20 %  20,00", "Total TTC  120,00"]
    assert _values(lines).get("seller_name") == "Atelier Roux"


def _placed(rows: list[tuple[str, float, float]], confidence: float = 0.9) -> Page:
    """A page of OCR words: each row's text at its left edge and top (a row of another column may sit between two)."""
    words = []
    for text, x, top in rows:
        col = 0
        for chunk in text.split(" "):
            if chunk:
                x0 = x + col * 0.010
                words.append(Word(chunk, (x0, top, x0 + len(chunk) * 0.010, top + 0.012), confidence))
            col += len(chunk) + 1
    return Page(1, 595, 842, words)


def test_stacked_seller_headings_with_another_column_s_row_between_them_still_head_the_name():
    """OCR sets a row of the other column (« Buyer dep ») between the seller's heading « SELLER TRADE NAME » and its
    name « LE FOURNISSEUR »: the lines of another column do not part the name from its heading."""
    rows = [("FACTURE N° F-2026-24", 0.05, 0.03), ("SELLER TRADE NAME", 0.05, 0.080), ("CLIENT :", 0.55, 0.080),
            ("Buyer dep", 0.55, 0.093), ("LE FOURNISSEUR", 0.05, 0.099), ("35 rue d'ici", 0.05, 0.113),
            ("LE CLIENT", 0.55, 0.110), ("75018 PARIS", 0.05, 0.126), ("58 rue de la mer", 0.55, 0.123),
            ("06000 NICE", 0.55, 0.136), ("Date : 31/01/2026", 0.05, 0.2), ("Total HT  100,00", 0.05, 0.3),
            ("TVA 20 %  20,00", 0.05, 0.32), ("Total TTC  120,00", 0.05, 0.34),
            ("FOURNISSEUR F SARL au capital de 1 000 € – RCS MAVILLE 732 829 320", 0.05, 0.9)]
    assert propose([_placed(rows)]).values().get("seller_name") == "LE FOURNISSEUR"
