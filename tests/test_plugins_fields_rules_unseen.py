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


def test_abbreviated_number_labels():
    cases = [
        (["RECHNUNG", "Dok.-Nr. 40123", "Datum 05.03.2024"], "40123"),
        (["RECHNUNG", "Rech.-Nr. 40123"], "40123"),
        (["RECHNUNG", "Fakt.-Nr. 40123"], "40123"),
        (["RECHNUNG", "Rechnung-Nr. 40123"], "40123"),
        (["FATTURA", "Fatt. n. 40123"], "40123"),
        (["FATTURA", "N.ro fattura 40123"], "40123"),
        (["FATTURA", "Nr. fattura 40123"], "40123"),
        (["FACTURA", "Fra. nº 40123"], "40123"),
        (["FACTURA", "Nº Fra. 40123"], "40123"),  # the label's "Fra." is no prefix of the number
        (["FACTURE", "Fact. n° 40123"], "40123"),
        (["FACTURE", "N° fact. 40123"], "40123"),
        (["INVOICE", "Invoice Nbr 40123"], "40123"),
        (["FACTURE", "Pièce  VT000123", "Date : 05/03/2024"], "VT000123"),
    ]
    for lines, number in cases:
        assert _values(lines).get("invoice_number") == number, lines


def test_a_number_with_a_space_after_its_prefix():
    for lines, number in ((["Facture", "N° facture : FA 2024/0012"], "FA 2024/0012"),
                          (["Invoice", "Invoice no: INV 0042"], "INV 0042"),
                          (["FACTURE", "N° de facture :  FA 2024/0012"], "FA 2024/0012")):
        assert _values(lines).get("invoice_number") == number, lines


def test_another_identifier_after_a_bare_number_label_is_no_invoice_number():
    assert _values(["Facture", "N° client : 10042   N° TVA : FR44732829320"]).get("invoice_number") is None
    assert _values(["FACTURE", "Votre n° TVA : FR44732829320"]).get("invoice_number") is None
    assert _values(["FACTURE", "N° FR76 3000 6000 0112 3456 7890 189"]).get("invoice_number") is None
    lines = ["FACTURE", "N° 732829320", "SIREN 732 829 320 - RCS Lyon"]
    assert _values(lines).get("invoice_number") is None


def test_the_invoice_a_credit_note_corrects_is_another_document():
    cases = [
        (["AVOIR", "Avoir n°  AV-12", "Avoir sur facture n°  F-2024-0001"], "AV-12", None),
        (["NOTA DI CREDITO", "Nota di credito n.  NC-12", "storno della fattura n. 4521"], "NC-12", None),
        (["NOTA DI CREDITO", "Nota di credito n. NC-7/2024", "Data: 05/03/2024", "storno della fattura n. 1/2024 del 01/02/2024"],
         "NC-7/2024", "2024-03-05"),
        (["FACTURA RECTIFICATIVA", "Rectificativa nº  R-12", "en rectificación de la factura A-4521"], "R-12", None),
    ]
    for lines, number, day in cases:
        values = _values(lines)
        assert values.get("invoice_number") == number, lines
        if day:
            assert values.get("issue_date") == day, lines


def test_due_date_phrases_and_direct_debits():
    head = {"fr": ["FACTURE", "Facture n° F-12", "Date de facture : 05/03/2024"],
            "de": ["RECHNUNG", "Rechnungsnummer: 12", "Rechnungsdatum: 05.03.2024"],
            "it": ["FATTURA", "Fattura n. 12", "Data: 05/03/2024"],
            "es": ["FACTURA", "Factura nº 12", "Fecha: 05/03/2024"],
            "en": ["INVOICE", "Invoice No. 12", "Invoice date: 05/03/2024"]}
    cases = [
        ("fr", "Le montant sera prélevé le 20/03/2024 sur votre compte", "2024-03-20"),
        ("fr", "Date de prélèvement : 20/03/2024", "2024-03-20"),
        ("de", "Der Betrag wird am 20.03.2024 per Lastschrift eingezogen", "2024-03-20"),
        ("de", "Lastschrift am 20.03.2024", "2024-03-20"),
        ("it", "Addebito in conto il 20/03/2024", "2024-03-20"),
        ("es", "Fecha de cargo: 20/03/2024", "2024-03-20"),
        ("es", "Se cargará en su cuenta el 20/03/2024", "2024-03-20"),
        ("es", "Pagadera antes del 04/04/2024", "2024-04-04"),
        ("en", "Direct debit on 20/03/2024", "2024-03-20"),
        ("en", "Due  04/04/2024", "2024-04-04"),
    ]
    for language, line, day in cases:
        values = _values(head[language] + [line])
        assert (values.get("due_date"), values.get("issue_date")) == (day, "2024-03-05"), line


def test_a_street_line_under_a_title_is_no_number():
    # a banner: the title and the number on one row, their labels above; the seller's street under the title
    lines = [" " * 20 + "N°" + " " * 12 + "Date", "FACTURE" + " " * 13 + "FA-2024-0012  05/03/2024", "Atelier Moreau SARL",
             "14 avenue Jean Jaurès", "69007 Lyon"]
    values = _values(lines)
    assert (values.get("invoice_number"), values.get("issue_date")) == ("FA-2024-0012", "2024-03-05")


def test_a_civility_names_an_addressee_not_the_seller():
    lines = ["VOLTIS" + " " * 30 + "M. Jean Dupont", " " * 36 + "3 rue de la Paix", " " * 36 + "75002 Paris",
             "Facture d'électricité", "Facture n° 10012345678", "Date : 05/03/2024", "Montant TTC  120,00 €"]
    assert _values(lines).get("seller_name") != "M. Jean Dupont"


def test_a_till_receipt_number():
    cases = [(["THE CORNER CAFE", "VAT RECEIPT", "Receipt No: 004512", "VAT No. GB123456789", "TOTAL  6.00"], "004512"),
             (["BAR CENTRALE", "Scontrino n. 0045-0012", "P.IVA 00743110157", "TOTALE  6,00"], "0045-0012"),
             (["BÄCKEREI WAGNER", "Bon-Nr. 4512", "SUMME EUR  6,00"], "4512")]
    for lines, number in cases:
        assert _values(lines).get("invoice_number") == number, lines


def test_a_receipt_is_dated_the_day_it_was_paid():
    lines = ["Reçu", "Numéro de facture  7C1E2D3A-0001", "Numéro de reçu  2345-6789", "Date de paiement  5 mars 2024",
             "Acme Cloud SAS", "Description  Qté  Prix unitaire  Montant", "Forfait Pro (5 mars – 5 avr. 2024)  1  100,00  100,00",
             "Total  120,00 €"]
    values = _values(lines)
    assert (values.get("invoice_number"), values.get("issue_date")) == ("7C1E2D3A-0001", "2024-03-05")


def test_a_bare_no_before_its_colon():
    assert _values(["FACTURE", "No : F-99"]).get("invoice_number") == "F-99"
    assert _values(["INVOICE", "No: INV-99"]).get("invoice_number") == "INV-99"


def test_buyer_headings_of_several_words():
    for heading in ("Coordonnées client", "Titulaire du contrat", "Vos coordonnées", "Customer details", "Billing address",
                    "Kundenanschrift", "Cliente / Destinatario", "Dati cliente", "Destinatario fattura", "Cessionario/Committente"):
        lines = ["Atelier Moreau SARL", "14 avenue Jean Jaurès", "69007 Lyon", "", heading, "Boulangerie Petit",
                 "3 rue de la Paix", "75002 Paris", "", "Facture n° F-12", "Date : 05/03/2024"]
        assert _values(lines).get("buyer_name") == "Boulangerie Petit", heading


def test_a_recipient_block_beside_rows_of_another_column():
    # DIN 5008: the recipient's block at top left; the letterhead's rows at the right fall between its lines
    from guichet.core.parsing.text import Page, Word

    def row(text: str, x: float, y: float, size: float = 0.012) -> list[Word]:
        out, pos = [], x
        for chunk in text.split(" "):
            out.append(Word(chunk, (pos, y, pos + len(chunk) * 0.010, y + size)))
            pos += (len(chunk) + 1) * 0.010
        return out

    words = (row("Schneider Haustechnik GmbH · Hauptstraße 12 · 50667 Köln", 0.05, 0.05)
             + row("Bäckerei Wagner", 0.05, 0.07) + row("Schneider Haustechnik GmbH", 0.6, 0.075, 0.02)
             + row("Lindenweg 3", 0.05, 0.085) + row("Hauptstraße 12", 0.6, 0.097)
             + row("80331 München", 0.05, 0.1) + row("50667 Köln", 0.6, 0.112)
             + row("Rechnung", 0.05, 0.2) + row("Rechnungsnummer: 12", 0.05, 0.22) + row("Datum: 05.03.2024", 0.05, 0.24))
    assert propose([Page(1, 595, 842, words)]).values().get("buyer_name") == "Bäckerei Wagner"


def test_a_letter_spaced_label():
    # CSS letter-spacing: a text layer gives the label letter by letter, its word gaps as wide as columns
    from guichet.core.parsing.text import Page, Word

    words, x, y = [], 0.08, 0.17
    for word in ("N°", "DE", "FACTURE"):
        for piece in (["N", "°"] if word == "N°" else ["FA", "C", "T", "U", "R", "E"] if word == "FACTURE" else list(word)):
            words.append(Word(piece, (x, y, x + 0.006 * len(piece), y + 0.0085)))
            x += 0.006 * len(piece) + 0.0025
        x += 0.0063
    words.append(Word("FA-2024-0012", (x + 0.002, y - 0.002, x + 0.09, y + 0.01)))
    words += [Word("FACTURE", (0.08, 0.1, 0.2, 0.125)), Word("Total", (0.08, 0.3, 0.12, 0.312)),
              Word("TTC", (0.125, 0.3, 0.15, 0.312)), Word("120,00", (0.3, 0.3, 0.35, 0.312))]
    assert propose([Page(1, 595, 842, words)]).values().get("invoice_number") == "FA-2024-0012"
