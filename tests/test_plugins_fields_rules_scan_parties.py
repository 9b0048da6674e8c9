"""Which party is the seller on a scanned page (issue 13): what OCR changes on the page must not swap the parties.

Each page is written by hand: OCR reads a window envelope's middle dots as other marks, boxes a word's letters (a
descender makes its box taller, not its type larger), and a footer prints the managing director's name under the
company's. None is copied from a sample.
"""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.core.parsing.fields import SOURCE_OCR
from guichet.core.parsing.text import Page, Word
from guichet.plugins.fields_rules import propose


def _scanned(words: list[tuple], size: tuple[int, int] = (1654, 2339)) -> list[Page]:
    """An OCR page (200 dpi) from words placed in pixels: (text, x0, y0, x1, y1, baseline); the baseline is the foot
    of the letters without descender (a « p », a « g » reach under it)."""
    width, height = size
    return [Page(1, width, height, [Word(text, (x0 / width, y0 / height, x1 / width, y1 / height), 0.95, 1,
                                         base / height) for text, x0, y0, x1, y1, base in words], unit="px")]


def test_the_managing_director_named_in_the_footer_is_not_the_seller():
    # HGB § 35a: a GmbH's letters name its managing directors (« Geschäftsführer », « GF »); the person is no party
    lines = ["Kessler GmbH", "Hafenweg 17", "12345 Papierfeld", "Kessler GmbH - Hafenweg 17 - 12345 Papierfeld",
             "Hansen Verlag KG", "Helga Brandt", "Am Hafen 2", "20457 Hamburg", "",
             "Rechnungsnummer: 2024-117  Rechnungsdatum: 05.03.2024", "Rechnungssumme brutto  1.190,00",
             *[""] * 30, "Kessler GmbH  Sitz der Gesellschaft  Postbank München", "USt-IdNr",
             "GF Paul Kessler  München HRB 999999  DE123456789  IBAN DE89370400440532013000"]
    values = propose([page_from(lines, confidence=0.92)], None, SOURCE_OCR).values()
    assert values["seller_name"] == "Kessler GmbH"
    assert values["buyer_name"] == "Hansen Verlag KG"


def test_a_sender_line_whose_middle_dots_ocr_read_as_a_colon_and_a_dash():
    # « Muster GmbH · Musterstraße 17 · 12345 Musterort » over the window: OCR reads the dots as « : » and « - »; the
    # name in the window under it is still the recipient's, the sender the seller
    lines = ["Nord Kälte GmbH : Eisweg 17 - 24103 Kiel", "Paul Peter  Rechnungsnummer: NK-1234",
             "Mercedesstr. 24  Rechnungsdatum: 18.02.2025", "70188 Stuttgart", "Deutschland", "Rechnung",
             "Gesamtbetrag Brutto  14,90 €"]
    values = propose([page_from(lines, confidence=0.92)], None, SOURCE_OCR).values()
    assert values["seller_name"] == "Nord Kälte GmbH"
    assert values["buyer_name"] == "Paul Peter"


def test_a_descender_makes_a_scanned_word_s_box_taller_not_its_type_larger():
    # « Apex » boxed to the foot of its « p »: the same type as « Solutions Ltd. », the name is whole
    pages = _scanned([("Oakridge", 160, 430, 300, 455, 450), ("Solutions", 312, 430, 460, 450, 450),
                      ("Ltd.", 472, 430, 530, 450, 450), ("·", 545, 438, 549, 442, 450),
                      ("12", 562, 430, 590, 450, 450), ("Mill", 602, 430, 650, 450, 450), ("Road", 662, 430, 730, 450, 450),
                      ("·", 745, 438, 749, 442, 450), ("EC1A", 762, 430, 830, 450, 450), ("1BB", 842, 430, 890, 450, 450),
                      ("London", 902, 430, 1000, 450, 450),
                      ("Innovatech", 160, 480, 330, 502, 502), ("Corp.", 342, 480, 420, 506, 502),
                      ("Invoice", 1000, 480, 1110, 502, 502), ("no.", 1122, 480, 1170, 502, 502),
                      ("INV-2023-789", 1182, 480, 1400, 502, 502),
                      ("456", 160, 520, 210, 542, 542), ("Harbour", 222, 520, 340, 542, 542), ("Drive", 352, 520, 430, 542, 542),
                      ("10001", 160, 560, 250, 582, 582), ("New", 262, 560, 320, 582, 582), ("York", 332, 560, 400, 582, 582),
                      ("Total", 160, 1500, 240, 1522, 1522), ("due", 252, 1500, 310, 1522, 1522),
                      ("144.59", 1300, 1500, 1400, 1522, 1522)])
    assert propose(pages, None, SOURCE_OCR).values()["seller_name"] == "Oakridge Solutions Ltd."


def _row(x: int, y: int, text: str, size: int = 22) -> list[tuple]:
    """One printed line of words from ``x`` at ``y`` (pixels), letters ``size`` high, the baseline at their foot."""
    out = []
    for word in text.split(" "):
        width = 15 * len(word)
        out.append((word, x, y, x + width, y + size, y + size))
        x += width + 12
    return out


def test_the_identifiers_a_blank_line_under_the_buyer_s_scanned_block_are_the_buyer_s():
    # OCR boxes hug the letters (the cap height, not the type's body): the blank line between the buyer's block and its
    # VAT number and SIRET is no wider than the block's type allows; the seller's VAT number, in small type in the
    # footer, was not read
    words = [*_row(134, 480, "Hôtel Miramar"), *_row(134, 520, "8 rue Haute"), *_row(134, 560, "75001 Paris"),
             *_row(134, 600, "France"), *_row(134, 640, "contact@miramar.fr"),
             *_row(1100, 720, "Verdier SARL"), *_row(1100, 760, "27 rue Lepic"), *_row(1100, 800, "75018 Paris"),
             *_row(1100, 840, "France"), *_row(1100, 919, "TVA : FR44732829320"),
             *_row(1100, 959, "SIRET : 73282932000074"),
             *_row(1300, 300, "FACTURE"), *_row(1300, 340, "N° 2023-6013"), *_row(1300, 380, "20/09/2023"),
             *_row(134, 1500, "Total TTC"), *_row(1300, 1500, "1.368,84 €"),
             *_row(134, 2200, "SASU au capital de 200000 € SIRET 55208131766522 RCS Paris 552 081 317")]
    values = propose(_scanned(words), None, SOURCE_OCR).values()
    assert values.get("buyer_vat_id") == "FR44732829320"
    assert values.get("seller_vat_id") is None


def test_a_tax_number_printed_with_its_cii_scheme_code():
    # a page printed from a Factur-X / ZUGFeRD XML shows each tax registration with its schemeID (UNTDID 1153: « FC »
    # the tax number, BT-32; « VA » the VAT number, BT-31)
    lines = ["INVOICE I/00017", "Apr 01, 2015", "From:  To:", "Brandt Handel GmbH  Weber, Anna", "Hafenstraße 3  Lindenweg 4",
             "20457 Hamburg  20459 Hamburg", "Tax ID(s):  Tax ID(s):", "FC: 201/113/40209  Not applicable",
             "Total: 632.00 EUR"]
    values = propose([page_from(lines)]).values()
    assert values.get("seller_tax_id") == "201/113/40209"


def test_a_scanned_letterhead_block_in_small_type_is_one_block():
    # OCR boxes the capitals of small type (14 px at 200 dpi): the lines of the letterhead's address, 36 px apart,
    # are no blank line apart; the block is the seller's, with its postcode and town
    words = [*_row(1250, 340, "Kranich Werkzeuge GmbH", 14), *_row(1250, 376, "Ecke 12", 14),
             *_row(1250, 412, "12345 Stadthausen", 14),
             *_row(200, 600, "Rechnung Nr. RE-2015/4 vom 29.10.2015"), *_row(200, 1400, "Gesamtbetrag: 569,82 €")]
    fields = propose(_scanned(words), None, SOURCE_OCR).fields
    assert fields["seller_name"].value == "Kranich Werkzeuge GmbH"
    assert fields["seller_postcode"].value == "12345"
    assert fields["seller_city"].value == "Stadthausen"


def test_the_recipient_s_scanned_block_stops_under_a_sender_line_whose_dots_ocr_read_as_dashes():
    # the dashes dropped as a table's rules, the sender line's name stands in a cell of its own over the window: it is
    # no first line of the recipient's block, whose address stays the buyer's
    words = [*_row(134, 300, "Nord Kälte GmbH - Eisweg 17 - 24103 Kiel", 16),
             *_row(134, 346, "Hansen Verlag KG"), *_row(134, 386, "Helga Brandt"), *_row(134, 426, "Am Hafen 2"),
             *_row(134, 466, "20457 Hamburg"),
             *_row(134, 700, "Rechnungsnummer: NK-1234  Rechnungsdatum: 18.02.2025"),
             *_row(134, 1400, "Gesamtbetrag Brutto 14,90 €")]
    fields = propose(_scanned(words), None, SOURCE_OCR).fields
    assert fields["seller_name"].value == "Nord Kälte GmbH"
    assert fields["buyer_name"].value == "Hansen Verlag KG"
    assert fields["buyer_postcode"].value == "20457"
    assert "seller_postcode" not in fields or fields["seller_postcode"].value != "20457"


def test_the_cii_tax_scheme_code_is_no_invoice_number_prefix():
    # « FC » is UNTDID 1153's code in capitals, before a Steuernummer in its regional form; « Facture FC: 5012345678 »
    # (a French invoice's number, its own prefix) or « fc: 201/113/40209 » say no tax number
    base = ["Atelier Giraud SARL", "12 rue des Lilas", "69003 Lyon", "", "Date : 12/03/2024", "Total TTC 120,00 €"]
    for line in ("Facture FC: 5012345678", "Facture fc: 201/113/40209", "Facture FC: 2024000123"):
        values = propose([page_from([*base[:4], line, *base[4:]])]).values()
        assert values.get("seller_tax_id") is None, line


def test_a_one_line_buyer_row_under_its_heading_is_no_sender_line():
    # a sender line is printed over the recipient's window; the same « name  street  postcode town » row under a buyer's
    # heading (« Rechnungsempfänger: ») is the buyer's block on one line, its columns set apart by spaces on OCR
    lines = ["                                   Rechnung Nr. 2024-0815", "Rechnungsempfänger:",
             "Bäckerei Sommer KG   Hauptstr. 3   51063 Köln", "", "Datum: 15.11.2024", "Pos  Bezeichnung  Menge  Betrag",
             "1  Brot  1  100,00", "Nettobetrag 100,00", "USt 19 % 19,00", "Gesamtbetrag 119,00 EUR", "",
             "Schreinerei Vogt GmbH · Lindenallee 7 · 50667 Köln · USt-IdNr. DE136695976"]
    values = propose([page_from(lines, confidence=0.9)], None, SOURCE_OCR).values()
    assert values.get("seller_name") == "Schreinerei Vogt GmbH"
    # the same row beside its heading, on one line
    lines[1:3] = ["Rechnungsempfänger:   Bäckerei Sommer KG   Hauptstr. 3   51063 Köln"]
    values = propose([page_from(lines, confidence=0.9)], None, SOURCE_OCR).values()
    assert values.get("seller_name") == "Schreinerei Vogt GmbH"
