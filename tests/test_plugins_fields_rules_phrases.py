"""The parties named in words (issue 13, 2026-12-06): a receipt « from » its seller, a marketplace's invoice « sold
by » a third party, an account holder, a heading and its name set on one line, labels of references that are no
buyer's heading.

Each page is written by hand the way such documents print in general; none is copied from a generated sample.
"""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose
from guichet.plugins.fields_rules.lines import make_lines
from guichet.plugins.fields_rules.names import _footer_names, phrase_names


def _values(lines: list[str]) -> dict:
    return propose([page_from(lines)]).values()


CARD_RECEIPT = [
    "Receipt from Tellis Software Ltd",
    "€24.60",
    "Invoice number  INV-0042",
    "Date paid  March 5, 2024",
    "Payment method  Visa ending in 4242",
    "",
    "Invoiced customer",
    "Niamh Kelly",
    "12 Harcourt Street",
    "D02 XY45 Dublin 2",
    "",
    "Description  Qty  Amount",
    "Pro plan  1  20.00",
    "Subtotal  20.00",
    "VAT 23%  4.60",
    "Total  24.60",
    "Questions? Contact us at billing@tellis.example",
]


def test_a_receipt_names_its_seller_after_from_and_its_buyer_under_its_heading():
    values = _values(CARD_RECEIPT)
    assert values["seller_name"] == "Tellis Software Ltd"
    assert values["buyer_name"] == "Niamh Kelly"


def test_the_receipt_s_brand_gives_way_to_the_same_name_with_its_legal_form():
    lines = ["Recibo de Orvane"] + CARD_RECEIPT[1:] + ["", "Orvane S.L.U. · Calle Mayor, 12 · 50001 Zaragoza"]
    assert _values(lines)["seller_name"] == "Orvane S.L.U."


def test_a_marketplace_invoice_is_the_seller_s_it_names_not_the_marketplace_s():
    lines = ["marketly  Facture",
             "Vendu et expédié par Kerlan Paysages SAS",
             "12 rue Lamartine, 74000 Annecy",
             "N° de facture  F2024-0117",
             "Date de facture  05/03/2024",
             "",
             "Adresse de facturation  Expédié à",
             "Aurélie Colin  Aurélie Colin",
             "4 impasse des Tisserands  4 impasse des Tisserands",
             "56000 Vannes  56000 Vannes",
             "",
             "Désignation  Qté  Montant HT",
             "Tonte et taille de haies  1  100,00",
             "Total HT  100,00",
             "TVA 20 %  20,00",
             "Total TTC  120,00",
             "", "", "",
             "Facture émise par Marketly SAS au nom et pour le compte du vendeur.",
             "Marketly SAS – RCS Paris 732 829 320 – N° TVA FR44732829320"]
    values = _values(lines)
    assert values["seller_name"] == "Kerlan Paysages SAS"
    assert values["buyer_name"] == "Aurélie Colin"


def test_a_phrase_followed_by_a_sentence_or_an_addressee_names_no_seller():
    lines = ["Reçu de M. Martin la somme de cent euros", "Reçu de la part de nos services", "Sold by weight"]
    assert phrase_names(make_lines([page_from(lines)])) == []


def test_a_buyer_heading_and_its_name_on_one_line_and_invoiced_to_headings():
    rows = ["Rechnung", "Rechnung Nr.  RE-2024-118", "Datum  05.03.2024", "",
            "Rechnungsanschrift des Kunden Uwe Lehmann", "Lindenweg 3", "79098 Freiburg", "",
            "Beschreibung  Menge  Betrag", "Wartung  1  100,00", "Gesamt brutto  119,00"]
    assert _values(rows)["buyer_name"] == "Uwe Lehmann"
    for heading in ("Titular del contrato", "Abgerechnet an", "Fatturato a", "Facturée au nom de"):
        rows = ["Factura", "Factura nº  A-118", "Fecha  05/03/2024", "", heading, "Hostal La Alameda", "Calle Mayor, 4",
                "50001 Zaragoza", "", "Concepto  Cantidad  Importe", "Mantenimiento  1  100,00", "Total  121,00"]
        assert _values(rows)["buyer_name"] == "Hostal La Alameda", heading


def test_labels_of_references_beside_their_values_are_no_buyer_heading():
    """« Identifiant client  C91439 » labels a value; the row under it is another reference, no buyer's name."""
    rows = ["Facture", "N° fact.  F2024-6764", "Établie le  09/09/24", "Identifiant client  C91439",
            "N° commande  BC437780", "", "Destinataire de la facture", "Domaine de la Garenne", "64 quai de la Fosse",
            "57000 Metz", "", "Désignation  Qté  Montant HT", "Nettoyage  1  100,00", "Total TTC  120,00"]
    assert _values(rows)["buyer_name"] == "Domaine de la Garenne"


def test_a_page_that_addresses_its_parties_with_to_and_from_reads_the_names_after_them():
    rows = ["Rechnung  Datum: 16.09.2024", "An Marie Hoffmann  Von Hoffmann Alpen GmbH", "78 Hauptstraße  69 Hauptstraße",
            "35682 Leipzig  80889 Köln", "", "Rechnungsnummer: R-2024-08", "Beschreibung  Menge  Betrag",
            "Arbeitszeit  1  100,00", "Rechnungsendbetrag  107,00 EUR"]
    values = _values(rows)
    assert (values["seller_name"], values["buyer_name"]) == ("Hoffmann Alpen GmbH", "Marie Hoffmann")


def test_a_buyer_label_with_its_name_beside_it_and_a_name_written_surname_first():
    rows = ["Druckerei Rhein e.K.", "Gartenweg 21, 57190 Köln", "", "Invoice  INV084769", "Customer  Beaumont Librairie SAS",
            "", "Item  Qty  Amount", "Printing  1  100.00", "Total  119.00"]
    assert _values(rows)["buyer_name"] == "Beaumont Librairie SAS"
    rows = ["INVOICE I/00000", "From: Das Company  To: Steel, Laura", "ZUG Business Center  429 Seventh Av.",
            "BE-9000 Ghent  BE-9000 Ghent", "Item  Qty  Total", "Mug  1  8.00", "Total  9.68"]
    assert _values(rows)["buyer_name"] == "Steel, Laura"


def test_the_page_s_mail_domain_tips_the_balance_between_two_names_as_likely():
    rows = ["Facture  N° F-12", "Altivéa SARL  Kerlan Paysages SAS", "Date  05/03/2024", "Désignation  Qté  Montant",
            "Tonte  1  100,00", "Total TTC  120,00"]
    assert _values(rows)["seller_name"] == "Altivéa SARL"  # the first of two names as likely
    assert _values(rows + ["Contact : bonjour@kerlan-paysages.example"])["seller_name"] == "Kerlan Paysages SAS"
    assert _values(rows + ["Contact : kerlan.paysages@gmail.com"])["seller_name"] == "Altivéa SARL"  # a mailbox's provider


def test_a_phrase_that_labels_an_amount_names_no_seller():
    lines = ["Paid to Date  15.73 EUR", "Payable to Date  15.73", "Pay to  100.00"]
    assert phrase_names(make_lines([page_from(lines)])) == []


def test_two_headings_side_by_side_are_no_label_and_its_value():
    rows = ["8B Agence SARL", "71 place du Marché", "12778 Grenoble", "", "Facture  Numéro  F2303317", "",
            "Facturer à  Expédier à", "", "Atelier Nguyen SA", "100 rue des Lilas", "63565 Toulouse", "",
            "Désignation  Qté  Montant", "Conseil  1  100,00", "Total TTC  120,00"]
    assert _values(rows)["buyer_name"] == "Atelier Nguyen SA"


def test_a_bank_account_s_holder_is_no_buyer():
    rows = ["Hoffmann Alpen GmbH", "Hauptstraße 69", "80889 Köln", "", "Rechnung Nr.  R-2024-08", "Datum  16.09.2024", "",
            "Beschreibung  Menge  Betrag", "Arbeitszeit  1  100,00", "Gesamtbetrag  107,00 EUR", "",
            "Kontoinhaber  Hoffmann Alpen GmbH", "IBAN  DE22 8105 0609 1329 6548 98"]
    assert _values(rows).get("buyer_name") != "Hoffmann Alpen GmbH"


def test_a_means_of_payment_is_no_payee_and_a_phrase_adds_to_the_footer_s_name():
    rows = ["Tellis Software Ltd", "12 Harcourt Street, Dublin 2", "", "Receipt  INV-0042", "Date paid  March 5, 2024",
            "Payment by Visa ending 4242", "", "Description  Qty  Amount", "Pro plan  1  20.00", "Subtotal  20.00",
            "VAT 23%  4.60", "Total  24.60", "", "Tellis Software Ltd – Registered in Ireland 654321 – VAT IE6543210T"]
    assert _values(rows)["seller_name"] == "Tellis Software Ltd"
    debit = [r.replace("Payment by Visa ending 4242", "Payment by Direct Debit") for r in rows]
    assert _values(debit)["seller_name"] == "Tellis Software Ltd"
    means = ["Payment to Visa ending 4242", "Paid to Mastercard", "Payable to PayPal", "Bénéficiaire Prélèvement SEPA",
             "Payment to Direct Debit", "Payment by Tellis Software Ltd"]
    assert phrase_names(make_lines([page_from(means)])) == []
    assert [c.value for c in phrase_names(make_lines([page_from(["Payment to Tellis Software Ltd"])]))] == [
        "Tellis Software Ltd"]


def test_a_to_or_from_word_that_opens_a_real_name_is_kept():
    rows = ["De Vries Bouw BV", "Keizersgracht 12, 1015 CX Amsterdam", "", "À Monsieur Paul Girard", "8 rue des Lilas",
            "75011 Paris", "", "Facture N° F-2024-12  Date 05/03/2024", "Désignation  Qté  Montant",
            "Travaux  1  100,00", "Total TTC  120,00"]
    assert _values(rows)["seller_name"] == "De Vries Bouw BV"
    rows = ["Von Roll Schweiz AG", "Passwangstrasse 20, 4226 Breitenbach", "", "An Herrn Jonas Keller", "Hauptstraße 3",
            "80331 München", "", "Rechnung Nr. R-2024-08  Datum 16.09.2024", "Beschreibung  Menge  Betrag",
            "Arbeitszeit  1  100,00", "Gesamtbetrag  107,00 EUR"]
    assert _values(rows)["seller_name"] == "Von Roll Schweiz AG"
    rows = ["Atelier Roussel SAS", "3 rue Victor Hugo", "69002 Lyon", "", "à Lyon, le 5 mars 2024", "",
            "A Toute Vitesse SARL", "12 avenue Foch", "75016 Paris", "", "Facture N° F-2024-12",
            "Désignation  Qté  Montant", "Coursier  1  100,00", "Total TTC  120,00"]
    values = _values(rows)
    assert (values["seller_name"], values["buyer_name"]) == ("Atelier Roussel SAS", "A Toute Vitesse SARL")


def test_a_footer_s_name_after_a_sentence_on_its_line_is_read_without_the_sentence():
    rows = ["FACTURE", "Facture n° : F-2026-0142", "Date de facture : 02/03/2026", "Désignation  Montant HT",
            "Maintenance annuelle  120,00", "Total HT  120,00 €", "TVA 20 %  24,00 €", "Total TTC  144,00 €",
            "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire pour frais",
            "de recouvrement : 40 €. Pas d'escompte pour paiement anticipé. Atelier Roussel SAS, capital 10 000 €,",
            "RCS Lyon 380 129 866."]
    assert _values(rows)["seller_name"] == "Atelier Roussel SAS"
    rows[-2] = "Rossi srl. Capitale sociale 10.000 € – REA MI-123456"
    assert _values(rows)["seller_name"] == "Rossi srl."
    footer = "Pas d'escompte pour paiement anticipé. Atelier Roussel, capital 10 000 €, RCS Lyon 380 129 866."
    assert [c.value for c in _footer_names(make_lines([page_from(["Facture", footer])]), None)] == ["Atelier Roussel"]


def test_a_company_heading_over_the_name_is_no_part_of_it_and_a_name_may_start_with_a_digit():
    rows = ["Invoice Number: FA081836", "Fecha de Factura: 10 de enero de 2026", "{h}", "{n1}", "{n2}", "106 Calle Mayor",
            "78410 Madrid", "España", "Cliente", "Consultoría García SL", "28 Calle Mayor", "91878 Valencia",
            "# Producto Cantidad Total", "1 Mano de obra 2x 26,45 € 52,90 €", "Total: 919,85 €"]
    for heading, first, second, seller in [("Empresa", "NMP NORTE S.A.", "", "NMP NORTE S.A."),
                                           ("Azienda", "Trasporti Sud S.r.l.", "", "Trasporti Sud S.r.l."),
                                           ("Company", "Giulia Rossi", "", "Giulia Rossi"),
                                           ("FACTURE", "6D", "TRAITEUR", "6D TRAITEUR"),
                                           ("FACTURE", "4D", "Transports SARL", "4D Transports SARL")]:
        page = [r.format(h=heading, n1=first, n2=second) for r in rows]
        assert _values([r for r in page if r])["seller_name"] == seller, heading
