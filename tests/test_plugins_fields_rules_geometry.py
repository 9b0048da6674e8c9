"""Field rules on label/value geometry and cross-checks met in the widened generated set.

Each page is written by hand the way a kind of invoice prints (header rows, envelope letters,
tables whose columns bear total-like headers), not copied from a generated sample.
"""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose


def test_a_number_label_ending_in_a_dot_heads_its_column():
    values = propose([page_from([
        "Bright Supplies Ltd",
        "Invoice ref.  Date of invoice  Customer ID",
        "INV.23812  March 25, 2022  C87696",
        "VAT No. GB856418445",
        "Total due  €64.80",
    ])]).values()
    assert values["invoice_number"] == "INV.23812"


def test_the_day_of_a_date_is_no_number_and_a_date_label_holds_no_number_label():
    values = propose([page_from([
        "Atelier Nguyen",
        "Facture",
        "Date de la facture  26 avril 2021",
        "Total TTC  466,01 €",
    ])]).values()
    assert values.get("invoice_number") is None
    assert values["issue_date"] == "2021-04-26"


def test_a_column_of_the_lines_table_holds_no_total():
    values = propose([page_from([
        "Fattura n. 052032",
        "Descrizione  Q.tà  Importo  IVA",
        "Consulenza  1  4000,00  880,00",
        "Trasporto  1  1000,00  100,00",
        "Manodopera  1  2000,00  440,00",
        "Forniture  1  1000,00  40,00",
        "Imponibile  8000,00",
        "IVA  1460,00",
        "Totale fattura IVA inclusa  € 9460,00",
    ])]).values()
    assert values["total_tax"] == "1460.00"
    assert values["total_with_tax"] == "9460.00"  # the label's own ending stands between label and value


def test_a_grand_total_label_may_end_with_its_due_wording():
    values = propose([page_from([
        "Avoir n° AV016389",
        "Total HT  -145.765,31 €",
        "TVA  -4.989,47 €",
        "Total TTC à payer  -150.754,78 €",
    ])]).values()
    assert values["total_with_tax"] == "-150754.78"


def test_the_recipient_under_an_envelope_sender_line_is_not_the_seller():
    values = propose([page_from([
        "                                                  Garage Horizon",
        "                                                  12 rue des Lilas",
        "                                                  35000 Rennes",
        "Garage Horizon · 12 rue des Lilas · 35000 Rennes",
        "Ferme Da Silva SARL",
        "4 place du Marché",
        "69001 Lyon",
        "FACTURE N° F-1",
        "Date : 05/03/2024",
        "Total TTC  12,00 €",
        "RCS Rennes 732 829 320",
    ])]).values()
    assert values["seller_name"] == "Garage Horizon"


def test_a_logo_s_initials_or_the_title_after_the_name_are_no_part_of_it():
    values = propose([page_from([
        "Menuiserie des Alpes SASU  MDA",
        "FACTURE N° F-1",
        "Total TTC  12,00 €",
    ])]).values()
    assert values["seller_name"] == "Menuiserie des Alpes SASU"
    values = propose([page_from(["Lieferant", "Süd Holzbau RECHNUNG", "Rechnung Nr. 12", "Gesamtbetrag  12,00 €"])]).values()
    assert values["seller_name"] == "Süd Holzbau"


def test_an_ocr_read_name_in_large_capitals_stays_one_name():
    """OCR boxes hug the letters: the spaces of a large bold name are as wide as its capitals are tall."""
    from guichet.core.parsing.fields import SOURCE_OCR
    from guichet.core.parsing.text import Page, Word

    def word(text, x0, x1, top, bottom):
        return Word(text, (x0, top, x1, bottom), 0.93)

    head = [word("PATEL", 0.0899, 0.1581, 0.0704, 0.0831), word("EVANS", 0.1752, 0.2428, 0.07, 0.0831),
            word("BAKERY", 0.261, 0.3439, 0.0704, 0.0827), word("Limited", 0.3616, 0.4568, 0.0696, 0.0831)]
    rest = [word("Invoice", 0.09, 0.15, 0.2, 0.208), word("No.", 0.155, 0.18, 0.2, 0.208),
            word("INV-12", 0.19, 0.25, 0.2, 0.208), word("Total", 0.09, 0.13, 0.3, 0.308),
            word("due", 0.135, 0.16, 0.3, 0.308), word("12.00", 0.5, 0.55, 0.3, 0.308)]
    page = Page(1, 1673, 2351, head + rest, unit="px")
    values = propose([page], None, SOURCE_OCR).values()
    assert values["seller_name"] == "PATEL EVANS BAKERY Limited"
    assert values["invoice_number"] == "INV-12"


def test_an_ocr_read_number_has_digits_where_its_letters_stand_among_digits():
    from guichet.core.parsing.fields import SOURCE_OCR

    for printed, read in (("INVO17561", "INV017561"), ("RO21960", "R021960"), ("FA-2O24-12I5", "FA-2024-1215")):
        page = page_from([f"Facture n° {printed}", "Total TTC  12,00 €"], confidence=0.9)
        assert propose([page], None, SOURCE_OCR).values()["invoice_number"] == read
    page = page_from(["Facture n° PROJ-12", "Total TTC  12,00 €"], confidence=0.9)
    assert propose([page], None, SOURCE_OCR).values()["invoice_number"] == "PROJ-12"  # an O before a letter stays


def test_an_ocr_read_name_loses_a_trailing_speck_and_its_legal_form_its_misread_one():
    from guichet.core.parsing.fields import SOURCE_OCR
    from guichet.core.parsing.text import Page

    page = page_from(["ROMANO SUD S.r.1.", "Fattura n. 12", "Totale fattura  12,00 €"], confidence=0.9)
    assert propose([page], None, SOURCE_OCR).values()["seller_name"] == "ROMANO SUD S.r.l."
    page = page_from(["ELEKTROTECHNIK HOFFMANN UG ee", "Rechnung Nr. 12", "Gesamtbetrag  12,00 €"], confidence=0.9)
    page.words[3].confidence = 0.2  # "ee": a speck read as letters
    page = Page(1, page.width, page.height, page.words)
    assert propose([page], None, SOURCE_OCR).values()["seller_name"] == "ELEKTROTECHNIK HOFFMANN UG"


def test_a_grand_total_whose_comma_ocr_lost_is_taken_when_ht_plus_vat_give_its_digits():
    from guichet.core.parsing.fields import SOURCE_OCR

    page = page_from(["Facture n° F-1", "Sous-total HT  8632,01 EUR", "Total TVA  1566,18 EUR",
                      "Net à payer  1019819 EUR"], confidence=0.9)
    assert propose([page], None, SOURCE_OCR).values()["total_with_tax"] == "10198.19"
    page = page_from(["Facture n° F-1", "Sous-total HT  8632,01 EUR", "Total TVA  1566,18 EUR",
                      "Net à payer  1019820 EUR"], confidence=0.9)
    assert propose([page], None, SOURCE_OCR).values().get("total_with_tax") is None  # other digits: no total


def test_a_number_prefix_ocr_set_apart_from_its_sequence_is_one_number():
    from guichet.core.parsing.fields import SOURCE_OCR

    page = page_from(["N° de facture  Date", "INV /2022/904  14/04/22", "Total TTC  12,00 €"], confidence=0.9)
    assert propose([page], None, SOURCE_OCR).values()["invoice_number"] == "INV/2022/904"
    page = page_from(["Facture n° FA -2024-001", "Total TTC  12,00 €"], confidence=0.9)
    assert propose([page], None, SOURCE_OCR).values()["invoice_number"] == "FA-2024-001"
    page = page_from(["Invoice ref.  Date of invoice", "INV. 23812  March 25, 2022", "Total due  12.00"], confidence=0.9)
    assert propose([page], None, SOURCE_OCR).values()["invoice_number"] == "INV.23812"


def test_a_letter_s_place_and_date_is_the_issue_date_and_a_header_row_s_date_column_is_not():
    values = propose([page_from([
        "Atelier Colin",
        "Numéro  Date d'échéance  Réf. client",
        "FA/2022/695  23/01/2023  C39347",
        "Rennes, le 24/11/2022",
        "Total TTC  12,00 €",
    ])]).values()
    assert values["invoice_number"] == "FA/2022/695"
    assert values["issue_date"] == "2022-11-24"
    values = propose([page_from(["Rechnung Nr. 12", "Köln, den 12.03.2024", "Gesamtbetrag  12,00 €"])]).values()
    assert values["issue_date"] == "2024-03-12"


def test_a_name_wrapped_over_three_lines_of_a_narrow_column_is_whole():
    from guichet.core.parsing.text import Page, Word

    def word(text, x0, top, size=0.018):
        return Word(text, (x0, top, x0 + len(text) * size * 0.7, top + size))

    words = [word("FACTURE", 0.6, 0.05),
             word("BOULANGERIE", 0.08, 0.105), word("118", 0.37, 0.11, 0.012), word("chemin", 0.4, 0.11, 0.012),
             word("BRETAGNE", 0.08, 0.123), word("02099", 0.37, 0.128, 0.012), word("Lille", 0.42, 0.128, 0.012),
             word("SERVICES", 0.08, 0.141),
             word("Total", 0.08, 0.5, 0.012), word("TTC", 0.13, 0.5, 0.012), word("12,00", 0.5, 0.5, 0.012)]
    values = propose([Page(1, 595, 842, words)]).values()
    assert values["seller_name"] == "BOULANGERIE BRETAGNE SERVICES"


def test_a_header_row_wrapped_in_narrow_cells_is_read_whole_on_a_scan_too():
    # OCR words (boxes hugging the letters, confidences under 1): the labels of a header row wrap
    # in their narrow cells ("Numéro de / facture") over the row of values, as on a text layer.
    from guichet.core.parsing.text import Page, Word

    rows = [["Numéro de", "Date", "Échéance de", "Réf."], ["facture", "d'émission", "paiement", "client"],
            ["2023-29919", "2023-08-02", "2023-09-16", "C67031"]]
    words = []
    for r, row in enumerate(rows):
        top = 0.10 + r * 0.016
        for c, cell in enumerate(row):
            x = 0.40 + c * 0.14
            for text in cell.split(" "):
                words.append(Word(text, (x, top, x + 0.008 * len(text), top + 0.012), 0.93, 1, top + 0.012))
                x += 0.008 * (len(text) + 1)
    words += [Word("Total", (0.5, 0.4, 0.55, 0.412), 0.95, 1, 0.412), Word("TTC", (0.56, 0.4, 0.59, 0.412), 0.95, 1, 0.412),
              Word("48,64", (0.7, 0.4, 0.75, 0.412), 0.95, 1, 0.412)]
    values = propose([Page(1, 1654, 2339, words, unit="px")]).values()
    assert values["invoice_number"] == "2023-29919"
    assert values["issue_date"] == "2023-08-02"
    assert values["due_date"] == "2023-09-16"



def _page_of(words: list[tuple[str, float, float, float, float]]) -> object:
    """A text layer's page of these words (text and box), a total under them."""
    from guichet.core.parsing.text import Page, Word

    words = [*words, ("Total", 0.5, 0.4, 0.55, 0.41), ("TTC", 0.56, 0.4, 0.59, 0.41), ("48,64", 0.7, 0.4, 0.75, 0.41)]
    return Page(1, 595, 842, [Word(text, box) for text, *box in words])


def test_a_header_cell_that_wraps_alone_reads_whole_and_its_row_heads_the_values():
    # An invoicing program's reference grid (sparksuite's template, Invoice Ninja's « N° de Bon de Commande »), its
    # labels centred in their cells: « N° de / Bon de / Commande » wraps over three lines, the others over one or two,
    # so its end is alone on a row between the header's row and the values'. Before, the header stood two rows over
    # its values and the issue date was read from the due date's label.
    page = _page_of([
        ("Date", 0.1849, 0.2013, 0.2175, 0.2111), ("Date", 0.3019, 0.2013, 0.3345, 0.2111), ("de", 0.3426, 0.2013, 0.3589, 0.2111),
        ("N°", 0.4188, 0.1965, 0.4353, 0.2063), ("de", 0.4434, 0.1965, 0.4597, 0.2063),
        ("Facture", 0.0786, 0.2061, 0.1355, 0.2159), ("n°", 0.1437, 0.2061, 0.16, 0.2159),
        ("d'échéance", 0.1849, 0.2109, 0.2663, 0.2207), ("facture", 0.3019, 0.2109, 0.3589, 0.2207),
        ("Bon", 0.419, 0.2061, 0.4434, 0.2159), ("de", 0.4515, 0.2061, 0.4678, 0.2159),
        ("Commande", 0.419, 0.2157, 0.4841, 0.2255),
        ("2025-7187", 0.0786, 0.2297, 0.1647, 0.2412), ("10-05-2025", 0.1849, 0.2297, 0.2806, 0.2412),
        ("10-04-2025", 0.3019, 0.2297, 0.3977, 0.2412), ("081294", 0.419, 0.2297, 0.4764, 0.2412)])
    values = propose([page]).values()
    assert values["issue_date"] == "2025-04-10"
    assert values["due_date"] == "2025-05-10"
    assert values["invoice_number"] == "2025-7187"


def test_a_name_over_its_legal_form_beside_labels_is_no_wrapped_header():
    # An end under one cell of a row of three, but no row of values one per label under it (a block, not a header's
    # row): nothing joined.
    from guichet.plugins.fields_rules.lines import make_lines

    page = _page_of([("Menuiserie", 0.08, 0.2, 0.16, 0.21), ("Date", 0.3, 0.2, 0.33, 0.21), ("Échéance", 0.45, 0.2, 0.51, 0.21),
                     ("SARL", 0.08, 0.212, 0.12, 0.222), ("12", 0.08, 0.224, 0.095, 0.234), ("rue", 0.1, 0.224, 0.12, 0.234)])
    assert [line.text for line in make_lines([page])][:2] == ["Menuiserie  Date  Échéance", "SARL"]
