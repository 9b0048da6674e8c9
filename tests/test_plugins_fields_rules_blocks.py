"""Field rules on the parties' address blocks and on dates written in words, as common layouts print them.

Pages written by hand from how invoices are laid out (an information band in columns, a window
envelope's addressee, a one-line letterhead), not copied from generated samples.
"""

from __future__ import annotations

import pytest
from test_plugins_fields_rules import page_from

from guichet.core.parsing.text import FieldProposal, FieldValue, proposal_invoice
from guichet.core.parsing.values import parse_date
from guichet.plugins.fields_rules import propose


def test_the_buyer_is_read_under_its_heading_cell_in_a_band_of_columns():
    proposal = propose([page_from([
        "FACTURE",
        "Atelier Giraud SARL       Adresse de facturation      N° facture  FA-2024-0117",
        "12 rue des Lilas          Transports Fontaine SAS     Date  05/03/2024",
        "69003 Lyon                114 boulevard Voltaire",
        "                          30137 Dijon",
        "Total HT  100,00",
        "TVA  20,00",
        "Total TTC  120,00 €",
    ])])
    values = proposal.values()
    assert values["buyer_name"] == "Transports Fontaine SAS"
    assert values["seller_name"] == "Atelier Giraud SARL"
    assert proposal.value("seller_address") == "12 rue des Lilas"
    assert (proposal.value("seller_postcode"), proposal.value("seller_city")) == ("69003", "Lyon")


def test_with_no_heading_the_buyer_is_the_other_address_block():
    values = propose([page_from([
        "Menuiserie Perrin EURL",
        "8 allée des Tilleuls",
        "35000 Rennes",
        "",
        "                              Garage Colin SARL",
        "                              3 rue de la République",
        "                              44000 Nantes",
        "Facture n° 2024-118",
        "Date : 12/03/2024",
        "Total TTC  120,00 €",
    ])]).values()
    assert values["seller_name"] == "Menuiserie Perrin EURL"
    assert values["buyer_name"] == "Garage Colin SARL"


def test_the_buyer_may_follow_its_label_on_the_line():
    values = propose([page_from([
        "Imprimerie Colin SAS",
        "Facture n° F-0042",
        "Client : Boulangerie Roussel SARL",
        "Code client  C0042",
        "Total TTC  60,00 €",
    ])]).values()
    assert values["buyer_name"] == "Boulangerie Roussel SARL"


def test_a_one_line_letterhead_gives_the_sellers_address():
    proposal = propose([page_from([
        "Atelier Giraud SARL",
        "12 rue des Lilas · 69003 Lyon · Tél. 04 72 00 00 00",
        "Facture n° F-0042",
        "Total TTC  60,00 €",
    ])])
    assert proposal.value("seller_address") == "12 rue des Lilas"
    assert proposal.value("seller_city") == "Lyon"


def test_the_sellers_address_reaches_the_invoice_model():
    proposal = FieldProposal(fields={name: FieldValue(value, 0.7) for name, value in (
        ("seller_name", "Atelier Giraud SARL"), ("seller_address", "12 rue des Lilas"),
        ("seller_postcode", "69003"), ("seller_city", "Lyon"))})
    address = proposal_invoice(proposal).seller.address
    assert (address.line1, address.postcode, address.city) == ("12 rue des Lilas", "69003", "Lyon")


@pytest.mark.parametrize(("label", "printed", "iso"), [
    ("Date de facture :", "05-déc.-26", "2026-12-05"),
    ("Date de facture :", "5 déc. 2026", "2026-12-05"),
    ("Invoice date:", "5th December 2026", "2026-12-05"),
    ("Invoice date:", "05-Dec-2026", "2026-12-05"),
    ("Rechnungsdatum:", "5. Dez. 2026", "2026-12-05"),
    ("Fecha de factura:", "05-dic-2026", "2026-12-05"),
    ("Data fattura:", "5 giu. 2026", "2026-06-05"),
    ("Date d'émission :", "2026-12-05", "2026-12-05"),
])
def test_dates_with_abbreviated_months_ordinals_and_short_years_are_read(label, printed, iso):
    values = propose([page_from(["Facture n° F-0042", f"{label} {printed}", "Total TTC  60,00 €"])]).values()
    assert values["issue_date"] == iso


def test_a_month_abbreviation_alone_is_no_date():
    assert parse_date("set 2026") is None
    assert parse_date("05-xyz-26") is None


def test_the_sellers_vat_number_in_a_footer_beside_the_page_number_is_read():
    values = propose([page_from([
        "Atelier Giraud SARL",
        "Facture n° F-0042",
        "Total TTC  60,00 €",
        "SARL au capital de 10 000 € – RCS Lyon 365 308 642 – N° TVA",
        "intracommunautaire : FR53365308642  1/1",
    ])]).values()
    assert values["seller_vat_id"] == "FR53365308642"


def test_a_vat_number_under_its_label_in_the_buyers_block_is_the_buyers():
    values = propose([page_from([
        "Atelier Giraud SARL",
        "12 rue des Lilas                Client",
        "69003 Lyon                      Transports Fontaine SAS",
        "                                N° TVA intracommunautaire : FR21212076632",
        "Facture n° F-0042",
        "Total TTC  60,00 €",
        "N° TVA FR53365308642",
    ])]).values()
    assert values["seller_vat_id"] == "FR53365308642"
    assert values["buyer_vat_id"] == "FR21212076632"


def test_a_british_vat_number_is_read_with_its_key():
    values = propose([page_from(["Oakwood Supplies Ltd", "Invoice No. 1042", "Total due  €64.80",
                                 "VAT Reg. No. GB 650 7007 62"])]).values()
    assert values["seller_vat_id"] == "GB650700762"
    good = propose([page_from(["Invoice No. 1042", "VAT Reg. No. GB650700762"])]).fields["seller_vat_id"]
    bad = propose([page_from(["Invoice No. 1042", "VAT Reg. No. GB650700763"])]).fields["seller_vat_id"]
    assert bad.confidence < good.confidence  # a wrong key: kept as read, but doubted


def test_an_identifier_heading_of_the_buyer_is_no_name_and_an_envelope_sender_line_no_block_line():
    values = propose([page_from([
        "Schneider UG",
        "Rechnung Nr.  Rechnungsdatum  Kundennummer",
        "25-32099  25.08.2025  C6032",
        "Schneider UG · 61 Bahnhofstraße · 14127 München",
        "Logistik Fischer AG",
        "41 Bahnhofstraße",
        "05938 München",
        "Gesamtbetrag  119,00 €",
    ])]).values()
    assert values["buyer_name"] == "Logistik Fischer AG"


def test_a_due_date_label_may_name_the_payment():
    values = propose([page_from([
        "Facture n° F-0042",
        "Date d'émission ......... 06.12.2020",
        "Échéance de paiement .... 04.02.2021",
        "Total TTC  60,00 €",
    ])]).values()
    assert values["due_date"] == "2021-02-04"


def test_a_name_under_its_buyer_heading_may_read_like_a_label():
    values = propose([page_from(["Atelier Roussel SAS", "Client :", "Société A", "5 avenue Foch", "75016 Paris",
                                 "Facture n° : F-2026-0142", "Total TTC  744,00 €"])]).values()
    assert values["buyer_name"] == "Société A"


def test_the_seller_may_be_known_only_by_the_address_block_that_is_not_the_buyers():
    rows = ["Invoice", "Invoice No.  1042", "Issue date  05/03/2024"] + [""] * 14 + [
        "Maison Perrin                 Bill to",
        "8 allée des Tilleuls          Garage Colin",
        "35000 Rennes                  44000 Nantes",
        "Total due  €64.80"]
    values = propose([page_from(rows)]).values()
    assert values["seller_name"] == "Maison Perrin"
    assert values["buyer_name"] == "Garage Colin"


@pytest.mark.parametrize("sentence", ["Règlement par virement sous 45 jours.", "Paiement à réception de facture.",
                                      "Net 30", "Zahlbar sofort ohne Abzug", "Pago: transferencia a 30 días",
                                      "Rimessa diretta vista fattura"])
def test_payment_terms_are_read_from_their_sentence(sentence):
    values = propose([page_from(["Facture n° F-1", sentence, "Total TTC  60,00 €"])]).values()
    assert values["payment_terms"] == sentence


@pytest.mark.parametrize(("row", "terms"), [
    ("Délai de paiement : 30 jours fin de mois", "30 jours fin de mois"), ("Zahlungsfrist: 14 Tage", "14 Tage"),
    # no payment terms: an amount after « net », a rental's days
    ("Total net 30 000,00", None), ("Noleggio gru 2 giorni", None),
])
def test_payment_terms_label_and_what_is_no_term(row, terms):
    values = propose([page_from(["Facture n° F-1", row, "Total TTC  60,00 €"])]).values()
    assert values.get("payment_terms") == terms


def _buyer_block(lines: list[str]) -> tuple[str | None, ...]:
    proposal = propose([page_from(["Menuiserie Perrin EURL", "8 allée des Tilleuls", "35000 Rennes", "", *lines,
                                   "Facture n° 2024-118", "Date : 12/03/2024", "Total TTC  120,00 €"])])
    return tuple(proposal.value(name) for name in ("buyer_name", "buyer_address", "buyer_postcode", "buyer_city",
                                                   "buyer_country"))


@pytest.mark.parametrize("heading", ["Commanditaire :", "Mieter:", "Établi pour", "PREPARED FOR", "Ausgestellt für",
                                     "Locataire", "Identité de l'adhérent"])
def test_a_heading_of_words_never_told_opens_the_buyer_s_block_and_is_no_name(heading):
    """A label alone with its colon, a participle and its preposition, one word or a frame in lower case over the name:
    the block's heading, whatever its words; the name is the line under it."""
    assert _buyer_block([f"                              {heading}", "                              Garage Colin SARL",
                         "                              3 rue de la République", "                              44000 Nantes",
                         "                              ITALIE"]) == (
        "Garage Colin SARL", "3 rue de la République", "44000", "Nantes", "IT")


def test_a_word_over_a_name_that_repeats_it_is_the_party_s_brand_not_a_heading():
    assert _buyer_block(["                              Nexora", "                              Nexora Conseil",
                         "                              3 rue de la République",
                         "                              44000 Nantes"])[0] == "Nexora"


def test_a_party_on_one_line_after_any_label_with_dashes_between_its_parts():
    assert _buyer_block(["Preneur : Garage Colin SARL – Landstraße 13 – A-6320 LINZ – Österreich"]) == (
        "Garage Colin SARL", "Landstraße 13", "6320", "LINZ", "AT")


@pytest.mark.parametrize("grid", [
    ["Nominativo                Via                   Località", "Garage Colin SARL         3 rue Neuve           44000 Nantes"],
    ["Nom client                Adresse postale       Code postal / Ville", "Garage Colin SARL         3 rue Neuve           44000 Nantes"],
    ["Client        Garage Colin SARL", "Adresse       3 rue Neuve", "CP Ville      44000 Nantes"],
])
def test_a_grid_gives_the_buyer_and_its_address_from_its_header_row_or_its_label_column(grid):
    assert _buyer_block(grid)[:4] == ("Garage Colin SARL", "3 rue Neuve", "44000", "Nantes")


def test_a_department_of_the_buyer_named_for_its_suppliers_is_inside_its_block():
    assert _buyer_block(["                              Hôtel Huet", "                              Service fournisseurs",
                         "                              23 rue des Acacias",
                         "                              56100 Lorient"])[:2] == ("Hôtel Huet", "23 rue des Acacias")


def test_the_street_is_read_over_a_second_address_line_and_an_italian_civility_is_no_name():
    assert _buyer_block(["                              Gent.ma", "                              Manon Collet",
                         "                              15, avenue Victor Hugo",
                         "                              Résidence du Parc, apt B",
                         "                              44000 Nantes"])[:3] == ("Manon Collet", "15, avenue Victor Hugo", "44000")


def test_a_contact_in_a_site_block_makes_it_no_buyer_s_block():
    assert _buyer_block(["Commanditaire :                 LIEU DE POSE",
                         "Menuiserie Picard SAS           Cabinet Huet & Masson",
                         "103 rue de la Gare              Attn. M. B. Noël",
                         "16688 Rennes                    44 allée du Moulin",
                         "                                95392 Mulhouse"])[0] != "Cabinet Huet & Masson"


def _buyer_and_footer(lines: list[str], footer: list[str] = ()) -> tuple[str | None, float | None]:
    """The buyer's name and its confidence on a page of ``lines`` in its head and ``footer`` at its foot."""
    proposal = propose([page_from(["Menuiserie Perrin EURL", "8 allée des Tilleuls", "35000 Rennes", "", *lines,
                                   "Facture n° 2024-118", "Date : 12/03/2024", "Total TTC  120,00 €",
                                   *[""] * (34 - len(lines)), *footer])])
    buyer = proposal.fields.get("buyer_name")
    return (buyer.value, buyer.confidence) if buyer is not None else (None, None)


@pytest.mark.parametrize("lines, footer", [
    ([], ["Siège social : Morel Holding SAS, 3 rue de la Paix, 75002 Paris"]),
    (["Transporteur : Geodis SA, 5 rue Garibaldi, 69003 Lyon"], []),
    (["Head office: Morel Holding Ltd, 3 Mill Road, 75002 Paris"], []),
    (["Expéditeur : Morel Holding SAS, 3 rue de la Paix, 75002 Paris"], []),
    (["Transporteur          Adresse               Ville", "Geodis SA             5 rue Garibaldi       69003 Lyon"], []),
    (["Spediteur             Adresse               Ville", "Geodis SA             5 rue Garibaldi       69003 Lyon"], []),
])
def test_another_party_on_a_labelled_line_or_in_a_grid_is_never_the_buyer(lines, footer):
    """A head office, a carrier, a sender named on one line after its label, or in a grid under its heading: another
    party than the buyer; a line of the page's lower half is never the buyer's."""
    assert _buyer_and_footer(lines, footer)[0] not in ("Morel Holding SAS", "Morel Holding Ltd", "Geodis SA")


@pytest.mark.parametrize("lines", [["Preneur : Garage Colin SARL, 12 rue des Lilas, 44000 Nantes"],
                                   ["Nominativo            Via                   Località",
                                    "Garage Colin SARL     3 rue Neuve           44000 Nantes"]])
def test_a_buyer_from_a_label_of_no_buyer_s_word_stays_under_the_gate_s_floor(lines):
    """« Preneur », « Nominativo » name no buyer's role: the name is read, but too unsure for the gate to write it."""
    from guichet.plugins.validate_en16931.convert import PAPER_MIN_CONFIDENCE
    name, confidence = _buyer_and_footer(lines)
    assert name == "Garage Colin SARL" and confidence < PAPER_MIN_CONFIDENCE


@pytest.mark.parametrize("block, expected", [
    (["Boulanger", "Jean Martin", "5 avenue Foch", "75016 Paris"], ("Boulanger", "5 avenue Foch", "75016", "Paris")),
    (["Boulanger", "M. Jean Martin", "5 avenue Foch", "75016 Paris"], ("Boulanger", "5 avenue Foch", "75016", "Paris")),
    (["Client :", "Boulanger", "Jean Martin", "5 avenue Foch", "75016 Paris"],
     ("Boulanger", "5 avenue Foch", "75016", "Paris")),
    (["STUDIO PLAN A", "5 avenue Foch", "75016 Paris"], ("STUDIO PLAN A", "5 avenue Foch", "75016", "Paris")),
])
def test_a_one_word_name_over_its_contact_and_a_name_in_capitals_ending_in_a_are_names(block, expected):
    """A one-word company over its contact person is the name (no heading without its colon, unless the line under it
    holds a legal form the word has not); « A » closing a name in capitals is no preposition of a heading."""
    assert _buyer_block([" " * 30 + line for line in block])[:4] == expected


@pytest.mark.parametrize("block", [
    ["Chantier Naval du Rhône SAS", "5 quai Perrache", "69002 Lyon"],
    ["Cantiere Navale Rossi Srl", "Via Roma 5", "16121 Genova"],
    ["Obra Social Caja Sur", "Calle Mayor 5", "28013 Madrid"],
    ["Site de Production Nord SAS", "ZI des Peupliers", "59000 Lille"],
    ["EARL Dumas", "Lieu dit Les Granges", "24200 Sarlat"],
])
def test_a_name_or_an_address_line_that_begins_with_a_place_s_word_is_no_delivery_heading(block):
    """« Chantier », « Cantiere », « Obra », « Site de », « Lieu dit », « Place of » open names and address lines: a
    place's word heads a delivery or a site block only as a whole heading or before a colon."""
    assert _buyer_block([" " * 30 + line for line in block])[0] == block[0]


@pytest.mark.parametrize("heading", ["Lieu d'intervention :", "Site de pose", "Adresse du chantier", "CHANTIER", "Site address", "Baustelle:",
                                     "Luogo di installazione", "Indirizzo del cantiere", "Dirección de obra:"])
def test_a_site_s_heading_makes_its_block_no_buyer_s(heading):
    from guichet.plugins.fields_rules import vocabulary
    from guichet.plugins.fields_rules.lines import fold

    assert vocabulary.DELIVERY_BLOCK.search(fold(heading))
    assert _buyer_block(["Facturé à :                     " + heading,
                         "Garage Colin SARL               Résidence Les Pins",
                         "3 rue Neuve                     12 allée du Moulin",
                         "44000 Nantes                    95392 Mulhouse"])[:3] == ("Garage Colin SARL", "3 rue Neuve", "44000")


@pytest.mark.parametrize("text", ["Place of supply: France", "Lieudit La Combe", "Website: www.colin.fr",
                                  "Mano de obra: 3 h", "Chantier Naval du Rhône SAS", "Cantiere Navale Rossi Srl"])
def test_a_place_s_word_inside_a_line_is_no_delivery_heading(text):
    from guichet.plugins.fields_rules import vocabulary
    from guichet.plugins.fields_rules.lines import fold

    assert not vocabulary.DELIVERY_BLOCK.search(fold(text))


def test_a_block_headed_by_the_buyer_s_role_word_gives_its_address_when_its_street_is_taken_for_the_name():
    """The FNFE samples (reels 5, 26, 30): « LE CLIENT » over « 58 rue de la mer », the reading cannot tell the name
    from the heading and shows the street as the name (0.25); the block is the buyer's by its heading all the same."""
    _name, street, postcode, city, _country = _buyer_block(["                              LE CLIENT",
                                                           "                              58 rue de la mer",
                                                           "                              Buyer line 2",
                                                           "                              06000 NICE, FR"])
    assert (street, postcode, city) == ("58 rue de la mer", "06000", "NICE")


@pytest.mark.parametrize("title", ["Votre facture Internet et TV", "Votre facture Box Fibre et Mobile"])
def test_a_bill_titled_to_its_reader_is_no_heading_over_the_buyer_s_block(title):
    # « Votre » heads the buyer's references (« Votre référence »); « Votre facture … » is the bill's title, the
    # offer's name after it (a telecom operator's bill): the buyer is the block in the window
    rows = ["Orvane SAS", "82 quai de la Fosse", "57000 Metz", "", "                                  Garage du Rond-Point",
            "                                  Parc d'activités du Moulin", "                                  30000 Nîmes", "",
            title, "Référence facture  C596-893563", "Montant total TTC  6 988,96 €"]
    assert propose([page_from(rows)]).values()["buyer_name"] == "Garage du Rond-Point"


def test_a_delivery_heading_ocr_misspelt_by_a_letter_still_heads_its_block():
    """OCR drops a letter of the delivery block's heading (« Lvraison : » for « Livraison : »): the heading read as
    its word, the name under it stays a delivery place's, never the seller's. A text layer's words stay as printed."""
    from test_plugins_fields_rules import page_from

    from guichet.plugins.fields_rules import propose

    def seller(head: str, confidence: float) -> str | None:
        rows = ["FACTURE N° F-2025-12", "Date : 05/03/2025", "", "Client :", "Hôtel des Dunes", "2 allée des Pins",
                "44500 La Baule", "", head, "Entrepôt Nord", "12 rue du Port", "44000 Nantes", "", "Total HT  100,00",
                "TVA 20 %  20,00", "Total TTC  120,00"]
        return propose([page_from(rows, confidence=confidence)]).values().get("seller_name")

    assert seller("Livraison : adresse", 0.9) is None
    assert seller("Lvraison : adresse", 0.9) is None
    assert seller("Lvraison : adresse", 1.0) == "Entrepôt Nord"  # printed so: no heading word


#: A band of two columns whose right column's heading, a delivery place's, shares its line with the left column's
#: (« Vos références  Livraison : adresse »), the block's lines indented a little under it (FNFE-MPE's Factur-X
#: layout sets them so).
_INDENTED_DELIVERY = [
    "FACTURE N° FA-2026-0031",
    "Date : 05/03/2026",
    "Client :",
    "Hôtel des Remparts SAS",
    "4 place du Marché",
    "68000 Colmar",
    "",
    "Vos références                Livraison : adresse",
    "Commande : PO-2026-17           Entrepôt Nord",
    "Projet : P-12                   ZA des Trois Chênes",
    "Compte : C-411                  56000 Vannes",
    "Total HT  100,00",
    "TVA 20 %  20,00",
    "Total TTC  120,00 €",
]


def test_a_heading_a_little_left_of_its_indented_block_opens_it():
    from guichet.plugins.fields_rules.blocks import address_blocks
    from guichet.plugins.fields_rules.lines import make_lines

    blocks = address_blocks(make_lines([page_from(_INDENTED_DELIVERY)]))
    delivery = next(b for b in blocks if b.postcode == "56000")
    assert delivery.texts()[0] == "Livraison : adresse"


def test_the_name_of_a_delivery_block_under_an_indented_heading_is_no_seller():
    proposal = propose([page_from(_INDENTED_DELIVERY)])
    assert proposal.value("seller_name") is None  # the page names no seller; never the delivery place
    assert proposal.value("buyer_name") == "Hôtel des Remparts SAS"


@pytest.mark.parametrize("contact", ["Julie Martin, Service achats", "Contact Acheteur"])
def test_a_contact_over_the_buyer_s_name_is_skipped_when_a_line_of_the_other_column_comes_between(contact):
    """OCR reads the rows of two columns by their baselines: a line of the seller's block, set a little lower, may come
    between the buyer's contact line and its name; the contact is still no name."""
    proposal = propose([page_from([
        "FACTURE N° FA-2026-0052",
        "Date : 05/03/2026",
        "Atelier Giraud SARL          Adresse du client",
        f"                             {contact}",
        "12 rue des Lilas",
        "                             Hôtel des Remparts SAS",
        "69003 Lyon                   4 place du Marché",
        "                             68000 Colmar",
        "Total HT  100,00",
        "TVA 20 %  20,00",
        "Total TTC  120,00 €",
    ], confidence=0.9)], None, "ocr")
    assert proposal.value("buyer_name") == "Hôtel des Remparts SAS"


def test_the_heading_right_over_a_block_of_five_lines_still_opens_it():
    """A delivery block of five lines (name, two address lines, a building's line, the town): its heading over it is
    still its own, whatever the cap on a block's lines."""
    page = [*_INDENTED_DELIVERY[:7],
            "Vos références                Livraison : adresse",
            "Commande : PO-2026-17           Entrepôt Nord",
            "Projet : P-12                   Quai 4",
            "Compte : C-411                  ZA des Trois Chênes",
            "Contrat : CT-9                  Bâtiment B",
            "                                56000 Vannes",
            *_INDENTED_DELIVERY[-3:]]
    from guichet.plugins.fields_rules.blocks import address_blocks
    from guichet.plugins.fields_rules.lines import make_lines

    delivery = next(b for b in address_blocks(make_lines([page_from(page)])) if b.postcode == "56000")
    assert delivery.texts()[0] == "Livraison : adresse"
    assert propose([page_from(page)]).value("seller_name") is None  # never « Entrepôt Nord »
