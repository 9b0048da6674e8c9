"""OCR confusions where digits are expected (plugins/fields_rules/ocr_noise.py), and their use by the rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from guichet.core.parsing.text import Page, Word
from guichet.plugins.fields_rules.lines import amounts, dates, make_lines
from guichet.plugins.fields_rules.ocr_noise import legal_form_read, misread_digit, read_digits


@pytest.mark.parametrize(("read", "meant"), [
    ("1.2S4,56", "1.254,56"), ("2O21-1O-12", "2021-10-12"), ("12O,00E", "120,00 €"), ("l23,45", "123,45"),
    ("3B7,50", "387,50"), ("3B7,5O", "3B7,5O"), ("O1 53 50 56 27", "01 53 50 56 27"),
])
def test_letters_among_digits_are_the_digits_ocr_mistook(read, meant):
    assert read_digits(read) == meant


@pytest.mark.parametrize("word", ["FA090839", "INV-2024", "SIREN", "DE123456789", "10%", "B2B", "Total", "2O", "ISO"])
def test_words_and_references_stay_as_read(word):
    assert read_digits(word) == word


def _line(*texts: str, confidence: float) -> list:
    words = [Word(text, (0.1 + 0.12 * i, 0.5, 0.2 + 0.12 * i, 0.52), confidence) for i, text in enumerate(texts)]
    return make_lines([Page(1, 1654, 2339, words, unit="px")])


def test_the_rules_read_the_amounts_and_dates_of_ocr_words():
    line = _line("Total", "TTC", "1.2S4,56", "le", "2O21-1O-12", confidence=0.8)[0]
    assert [str(c.value) for c in amounts(line)] == ["1254.56"]
    assert [str(c.value) for c in dates(line)] == ["2021-10-12"]
    assert line.words[2].text == "1.2S4,56"  # the word keeps what OCR read (the coding screen shows it)


def test_a_text_layer_is_never_respelt():
    line = _line("Total", "1.2S4,56", confidence=1.0)[0]
    assert "1254.56" not in [str(c.value) for c in amounts(line)]


@pytest.mark.parametrize(("read", "meant", "misread"), [
    ("12.08", "12.03", True), ("1566.20", "1556.20", True), ("17.50", "11.50", True), ("-2.08", "-2.03", True),
    ("12.08", "12.01", False),  # 8 and 1 look nothing alike
    ("102.08", "12.08", False),  # a digit more is no misread digit
    ("12.88", "12.33", False),  # two digits apart
    ("2.08", "-2.03", False),  # the sign is no digit
])
def test_one_digit_misread_as_a_digit_that_looks_like_it(read, meant, misread):
    assert misread_digit(Decimal(read), Decimal(meant)) is misread


@pytest.mark.parametrize(("read", "meant"), [
    ("91:57", "91,57"), ("185:97", "185,97"), ("1,185:97", "1,185.97"), ("1.234:56€", "1.234,56€"), ("24:10", "24,10"),
    ("12:30", "12:30"), ("9:05", "9:05"), ("Total:", "Total:"), ("12:3", "12:3"),  # times of day and words stay
])
def test_a_colon_before_the_cents_is_the_decimal_separator_ocr_misread(read, meant):
    assert read_digits(read) == meant


def test_the_rules_read_an_amount_whose_separator_ocr_read_as_a_colon():
    line = _line("Livraison", "25", "91:57", "2289,25", confidence=0.8)[0]
    assert [str(c.value) for c in amounts(line)] == ["91.57", "2289.25"]
    assert [str(c.value) for c in amounts(_line("Passage", "à", "12:30", confidence=0.8)[0])] == []


@pytest.mark.parametrize(("read", "meant"), [
    ("21799;53", "21799,53"), ("1.185;97", "1.185,97"),  # a semicolon before the cents
    ("19:555,65", "19.555,65"), ("1;234.56", "1,234.56"), ("1 234:567,89", "1 234 567,89"),  # thousands
    ("19:555", "19:555"), ("12:30:45", "12:30:45"), ("Réf;", "Réf;"),  # no cents: left as read
])
def test_a_colon_or_semicolon_for_an_amounts_separator_is_that_separator(read, meant):
    assert read_digits(read) == meant


def test_the_rules_read_a_total_whose_thousands_separator_ocr_read_as_a_colon():
    assert [str(c.value) for c in amounts(_line("Total", "HT", "19:555,65", "€", confidence=0.8)[0])] == ["19555.65"]
    assert [str(c.value) for c in amounts(_line("Montant", "HT", "21799;53", confidence=0.8)[0])] == ["21799.53"]


def test_el_ending_a_name_is_the_legal_form_ei_and_a_spanish_el_stays():
    assert legal_form_read("Faure", "El", None) == "EI"  # the name's end
    assert legal_form_read("Perrin", "El", "·") == "EI"  # a footer's separator follows
    assert legal_form_read("Calle", "El", "Prado") == "El"  # a word follows in its cell
    assert legal_form_read("de", "El", None) == "El"  # after no capitalised word
    line = _line("Hugo", "Faure", "El", confidence=0.9)[0]
    assert line.text.endswith("El")  # the line keeps what OCR read: only a party's name is spelt again (form_as_read)
    assert _line("El", "Corte", "Inglés", confidence=0.9)[0].text == "El Corte Inglés"
    assert _line("Hugo", "Faure", "El", confidence=1.0)[0].text.endswith("El")  # a text layer says what it prints


def test_a_british_plc_whose_c_ocr_read_e_is_plc_at_the_names_end():
    assert legal_form_read("BRIGHT", "ple.", None) == "plc."
    assert legal_form_read("O'CONNOR", "ple", "·") == "plc"
    assert legal_form_read("BRIGHT", "ple.", "Company") == "plc."  # a footer's sentence follows: no word is « ple »
    assert legal_form_read("la", "ple", None) == "ple"  # after no capitalised word


@pytest.mark.parametrize(("before", "read", "meant"), [
    ("Rossi", "Sri", "Srl"), ("ROSSI", "SRI", "SRL"), ("Bianchi", "S.r.i.", "S.r.l."), ("Bianchi", "S.r.I.", "S.r.l."),
    ("Bianchi", "Sr1", "Srl"), ("DUPONT", "SARI", "SARL"), ("Dupont", "Sari", "Sarl"), ("Martin", "SARI.", "SARL."),
    ("Acme", "Ine.", "Inc."), ("Talleres", "S.I.", "S.L."), ("Foo", "S.p.A.", "S.p.A."),
    ("Forniture", "S.ri.", "S.r.l."), ("Forniture", "S.rl.", "S.r.l."),  # a point between two letters lost too
    ("Forniture", "S.r.l", "S.r.l."), ("Forniture", "S.r.1", "S.r.l."),  # or the last one
])
def test_a_legal_form_whose_stroke_or_c_ocr_misread_is_read_by_the_known_forms(before, read, meant):
    # one upright stroke for another (l, i, I, 1), an e for a c: the one known form it can be, in the word's case
    assert legal_form_read(before, read, None) == meant


def test_words_near_a_legal_form_stay_as_read_where_a_name_goes_on_or_two_forms_fit():
    assert legal_form_read("Rossi", "Sri", "Via") == "Sri"  # a word follows in its cell: not the name's end
    assert legal_form_read("rue", "Sri", None) == "Sri"  # after no capitalised word
    assert legal_form_read("Conseil", "SI", None) == "SI"  # two letters in capitals: « SI » is meant as often
    assert legal_form_read("Jean", "Eli", None) == "Eli"  # no known form
    assert legal_form_read("Müller", "GmbH", None) == "GmbH"  # a form already
    # a word of the name two glyphs or a case away from a form stays (« Fleur Sel » no SCI, « Maison Pic » no PLC)
    assert [legal_form_read(before, word, None) for before, word in (("Fleur", "Sel"), ("Maison", "Pic"),
            ("Kouign", "Lie"), ("Apple", "Pie"))] == ["Sel", "Pic", "Lie", "Pie"]
    # the line keeps what OCR read: « Apple Pie », « Maison Pic », « Fleur Sel » are words there, no PLC or SCI
    assert [_line(*words, confidence=0.9)[0].text for words in (("Rossi", "Trasporti", "Sri"), ("Apple", "Pie"),
            ("Maison", "Pic"), ("Fleur", "Sel"))] == ["Rossi Trasporti Sri", "Apple Pie", "Maison Pic", "Fleur Sel"]


def test_a_name_read_by_ocr_ends_with_its_legal_form_spelt_again():
    from guichet.plugins.fields_rules.lines import Cand
    from guichet.plugins.fields_rules.names import form_as_read

    lines = _line("Luc", "Ménard", "El", confidence=0.9)
    cand = Cand("Luc Ménard El", lines[0], 0, 13, 0.8, words=lines[0].words)
    form_as_read(lines, cand)
    assert cand.value == "Luc Ménard EI" and lines[0].words[2].text == "El"
    lines = _line("Calle", "El", "Prado", confidence=0.9)  # « El » no form where a word follows it: it stays
    cand = Cand("Calle El", lines[0], 0, 8, 0.8, words=lines[0].words[:2])
    form_as_read(lines, cand)
    assert cand.value == "Calle El"
    lines = _line("Rossi", "Trasporti", "Sri", confidence=0.9)
    cand = Cand("Rossi Trasporti Sri", lines[0], 0, 19, 0.8, words=lines[0].words)
    form_as_read(lines, cand)
    assert cand.value == "Rossi Trasporti Srl"
    lines = _line("Rossi", "Trasporti", "Sri", confidence=1.0)  # a text layer prints what it means
    cand = Cand("Rossi Trasporti Sri", lines[0], 0, 19, 0.8, words=lines[0].words)
    form_as_read(lines, cand)
    assert cand.value == "Rossi Trasporti Sri"


def test_nr_whose_r_and_dot_ocr_read_as_an_e_is_the_number_label():
    # « RgNr. » in small type read « RgNe » (the r's arm and the dot close an e's loop): the number's label was lost.
    from guichet.core.parsing.fields import SOURCE_OCR
    from guichet.plugins.fields_rules import propose
    from guichet.plugins.fields_rules.ocr_noise import number_abbreviation

    assert [number_abbreviation(w, "R2024-9673") for w in ("RgNe", "Ne", "Re.-Ne:", "ne", "Une", "RgXe", "Nett")] == [
        3, 1, 5, None, None, None, None]

    def number(label: str, confidence: float = 0.64) -> str | None:
        words = [Word("Zahlungsbestätigung", (0.1, 0.10, 0.3, 0.11), 0.8, 1, 0.11),
                 Word(label, (0.1, 0.13, 0.14, 0.14), confidence, 1, 0.14),
                 Word("R2024-9673", (0.2, 0.13, 0.28, 0.14), 0.92 if confidence < 1 else 1.0, 1, 0.14)]
        return propose([Page(1, 1654, 2339, words, unit="px")], None, SOURCE_OCR).values().get("invoice_number")

    assert number("RgNe") == number("RgNr.") == "R2024-9673"
    assert number("RgXe") is None  # no label there


@pytest.mark.parametrize(("texts", "label"), [
    (("Rechnung", "Ne", "2026-7"), "rechnung nr 2026-7"),  # a number follows in its cell
    (("RgNe", ":", "2026-7"), "rgnr : 2026-7"),  # a colon follows
    (("Rechnung", "Ne:", "R-2026"), "rechnung nr: r-2026"),  # a colon ends it
])
def test_ne_before_a_number_or_a_colon_is_the_number_label(texts, label):
    assert _line(*texts, confidence=0.7)[0].norm == label


@pytest.mark.parametrize("texts", [
    ("Ne", "pas", "jeter", "sur", "la", "voie", "publique"),  # a sentence's « Ne »
    ("Jean", "Ne"),  # a name
    ("Jean", "Ne", "Dupont"),
    ("Ne",),
])
def test_ne_where_no_number_follows_stays_as_read(texts):
    assert _line(*texts, confidence=0.7)[0].norm == " ".join(texts).lower()


def test_ne_is_the_label_only_before_a_number_or_a_colon():
    from guichet.plugins.fields_rules.ocr_noise import number_abbreviation

    assert [number_abbreviation("Ne", after) for after in ("2026-7", ":", ":2026", "pas", "Dupont", None)] == [
        1, 1, 1, None, None, None]
    assert number_abbreviation("Ne:", None) == 1  # its colon ends it


@pytest.mark.parametrize(("read", "meant"), [
    ("—659,47", "-659,47"), ("–548,20€", "-548,20€"), ("—1.234,56", "-1.234,56"),  # a minus read as a dash
    ("—2024", "—2024"), ("—12:30", "—12:30"), ("10–12,00", "10–12,00"), ("—", "—"),  # no amount after it: as read
])
def test_a_dash_glued_before_an_amount_is_its_minus_sign(read, meant):
    assert read_digits(read) == meant


def test_the_rules_read_a_credit_note_s_total_whose_minus_ocr_read_as_a_dash():
    assert [str(c.value) for c in amounts(_line("Montant", "TTC", "—659,47", "€", confidence=0.8)[0])] == ["-659.47"]
    assert [str(c.value) for c in amounts(_line("Montant", "TTC", "—659,47", "€", confidence=1.0)[0])] == ["659.47"]


@pytest.mark.parametrize(("read", "meant"), [
    ("Ttal", "Total"), ("TTAL:", "TOTAL:"), ("Tottal", "Total"), ("Gsamt", "Gesamt"), ("Sume", "Summe"), ("Mntant", "Montant"),
    # the words themselves, a letter changed (other words: « Somme », « tonal »), an inflection's ending, short words
    ("Total", None), ("Totale", None), ("Somme", None), ("Tonal", None), ("Totals", None), ("Summen", None), ("Tot", None),
    ("12,00", None),
])
def test_a_total_s_word_ocr_read_a_letter_short_or_long_is_respelt(read, meant):
    from guichet.plugins.fields_rules.ocr_noise import respelt_word
    from guichet.plugins.fields_rules.vocabulary import OCR_TOTAL_WORDS

    assert respelt_word(read, OCR_TOTAL_WORDS) == meant


def test_a_total_s_word_is_respelt_only_starting_a_row_of_ocr_words_with_an_amount():
    assert _line("Ttal", "TTC", "72,80", "€", confidence=0.8)[0].text == "Total TTC 72,80 €"
    assert _line("Ttal", "TTC", confidence=0.8)[0].text == "Ttal TTC"  # no amount on its row
    assert _line("Ttal", "TTC", "72,80", "€", confidence=1.0)[0].text.startswith("Ttal ")  # a text layer: as printed
    inside = _line("Nettoyage", "Ttal", "72,80", confidence=0.8)[0]  # inside its cell: an article's words
    assert "Ttal" in inside.text


def test_the_rules_read_a_grand_total_whose_label_ocr_read_a_letter_short():
    # without its label the total is only the sum of the net and the tax (a guess's confidence); with it, a labelled total
    from guichet.plugins.fields_rules import propose

    words = []
    for row, texts in enumerate([["Atelier", "Martin", "SARL"], ["Facture", "n°", "F-2024-12"], ["Date", ":", "05/03/2024"],
                                 ["Montant", "HT", "60,00"], ["TVA", "12,00"], ["Ttal", "à", "payer", "72,00"]]):
        words += [Word(text, (0.1 + 0.12 * i, 0.1 + 0.03 * row, 0.2 + 0.12 * i, 0.115 + 0.03 * row), 0.8)
                  for i, text in enumerate(texts)]
    total = propose([Page(1, 1654, 2339, words, unit="px")]).fields["total_with_tax"]
    assert (total.value, total.label) == ("72.00", "Total à payer") and total.confidence > 0.9


@pytest.mark.parametrize(("read", "meant", "doubt"), [
    ("INV-1O23", "INV-1023", False), ("F2024-I05", "F2024-105", False), ("2O24-0012", "2024-0012", False),
    ("FAC/2026/0O417", "FAC/2026/00417", False),
    # a letter at the body's end or beside another, a word's letters, a number as printed: as read, no doubt
    ("F2024-105B", "F2024-105B", False), ("F2024-IO5", "F2024-IO5", False), ("FI2024", "FI2024", False),
    ("INV-2024", "INV-2024", False), ("2024-SO12", "2024-SO12", False),
    # a 1 or an l among the prefix's capitals: « SI » or a series « S1 », nothing tells: a doubt
    ("S1/2024/04308", "S1/2024/04308", True), ("lNV-2024", "lNV-2024", True), ("SI/2024/04308", "SI/2024/04308", False),
    # a 1 that opens the digits glued to the prefix is the body's first digit (« TEST1234 », « RE10045 »), no capital
    ("TEST1234", "TEST1234", False), ("RE10045", "RE10045", False), ("A1B-2024", "A1B-2024", True),
])
def test_an_ocr_reference_s_digit_body_is_read_as_digits_and_a_one_among_its_capitals_is_a_doubt(read, meant, doubt):
    from guichet.plugins.fields_rules.ocr_noise import reference_read

    assert reference_read(read) == (meant, doubt)


def test_the_rules_read_an_ocr_number_s_body_as_digits_and_doubt_a_one_among_its_capitals():
    from guichet.plugins.fields_rules import propose

    def number(value: str, confidence: float):
        rows = [["Atelier", "Martin", "SARL"], ["Facture", "n°", value], ["Total", "TTC", "72,80"]]
        words = [Word(text, (0.1 + 0.12 * i, 0.1 + 0.03 * row, 0.2 + 0.12 * i, 0.115 + 0.03 * row), confidence)
                 for row, texts in enumerate(rows) for i, text in enumerate(texts)]
        return propose([Page(1, 1654, 2339, words, unit="px")]).fields["invoice_number"]

    assert number("INV-1O23", 0.8).value == "INV-1023"
    assert number("INV-1O23", 1.0).value == "INV-1O23"  # a text layer prints what it means
    sure, doubted = number("SI/2024/04308", 0.8), number("S1/2024/04308", 0.8)
    assert sure.confidence > 0.5 and doubted.value == "S1/2024/04308" and doubted.confidence < 0.3
