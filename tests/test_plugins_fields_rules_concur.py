"""The invoice's number among the page's other references (issue 13, branch numbers): a number sign glued to a value
in a header grid's row is that value's own sign, not a label; the value's label is the header over its cell."""

from __future__ import annotations

from guichet.core.parsing.text import Page, Word
from guichet.plugins.fields_rules import numbers
from guichet.plugins.fields_rules.lines import make_lines


def _page(words: list[tuple[str, float, float, float, float]]) -> Page:
    return Page(1, 595, 842, [Word(text, box) for text, *box in words])


def _grid(heads: list[str], values: list[str], title: str) -> list[tuple[str, float, float, float, float]]:
    """A title, then a header grid: one label per column over its value, left-aligned in its cell."""
    words = [(title, 0.08, 0.06, 0.25, 0.08)]
    for column, (head, value) in enumerate(zip(heads, values, strict=True)):
        x = 0.08 + 0.18 * column
        words.append((head, x, 0.20, x + 0.09, 0.21))
        words.append((value, x, 0.22, x + 0.012 * len(value), 0.235))
    return words


def test_a_number_sign_glued_to_an_order_s_value_under_its_header_is_no_label():
    # Before: « #314423766 » was read as « # » (a number's label) and its value, the order's, over the bare « Nummer »
    # of the document's header grid whose value is the invoice's.
    for heads, values, title, own in (
            (["Nummer", "Datum", "Bestell-Nr."], ["656713", "17.07.2024", "#314423766"], "RECHNUNG", "656713"),
            (["N°", "Établie le", "Commande n°"], ["2025/33047", "03/01/2025", "#752053290"], "FACTURE", "2025/33047"),
            (["No.", "Date", "Order #"], ["INV-4471", "03/01/2025", "#402118765"], "INVOICE", "INV-4471")):
        found = numbers.invoice_number(make_lines([_page(_grid(heads, values, title))]))
        assert found is not None and found.value == own, (title, found and found.value)


def test_a_number_sign_apart_from_its_value_is_still_a_label():
    rows = [("FACTURE", 0.08, 0.06, 0.25, 0.08), ("#", 0.08, 0.20, 0.095, 0.21), ("4471", 0.10, 0.20, 0.15, 0.21)]
    found = numbers.invoice_number(make_lines([_page(rows)]))
    assert found is not None and found.value == "4471"


def test_a_bigger_label_of_another_thing_s_number_is_no_title():
    # Before: « Nº de seguimiento 11910761858567 » (a parcel's tracking number), printed bigger than « FACTURA », was
    # taken for the page's title and its number for the invoice's over the bare « Nº » of the header grid.
    words = [("FACTURA", 0.08, 0.05, 0.20, 0.065),
             ("Nº", 0.08, 0.08, 0.11, 0.10), ("de", 0.12, 0.08, 0.15, 0.10), ("seguimiento", 0.16, 0.08, 0.32, 0.10),
             ("11910761858567", 0.34, 0.08, 0.55, 0.10)]
    for column, (head, value) in enumerate((("Nº", "25080843"), ("Fecha", "12/08/2025"), ("Nº cliente", "44587700"))):
        x = 0.08 + 0.18 * column
        words += [(part, x + 0.04 * i, 0.20, x + 0.04 * i + 0.035, 0.21) for i, part in enumerate(head.split())]
        words.append((value, x, 0.22, x + 0.012 * len(value), 0.235))
    found = numbers.invoice_number(make_lines([_page(words)]))
    assert found is not None and found.value == "25080843", found and found.value


def test_a_title_naming_the_document_with_its_number_sign_is_still_the_title():
    words = [("Factura", 0.08, 0.05, 0.22, 0.075), ("nº", 0.23, 0.05, 0.27, 0.075), ("F-2025-118", 0.28, 0.05, 0.45, 0.075),
             ("Fecha", 0.08, 0.20, 0.13, 0.21), ("12/08/2025", 0.14, 0.20, 0.22, 0.21)]
    found = numbers.invoice_number(make_lines([_page(words)]))
    assert found is not None and found.value == "F-2025-118"


def test_a_number_sign_glued_to_the_invoice_s_value_under_its_own_header_is_still_read():
    # Review F1: the header over « #4471 » names the document itself: the sign is the value's, the cell the invoice's.
    for heads, values, own in ((["Invoice", "Date", "Order"], ["#4471", "03/01/2025", "PO-88213"], "4471"),
                               (["Facture", "Date", "Client"], ["#2025-118", "03/01/2025", "C-0042"], "2025-118"),
                               (["Rechnung", "Datum", "Kunde"], ["#656713", "17.07.2024", "K-10293"], "656713")):
        found = numbers.invoice_number(make_lines([_page(_grid(heads, values, "ACME Ltd"))]))
        assert found is not None and found.value == own, (heads, found and found.value)


def test_a_reference_line_does_not_outweigh_the_invoice_s_own_signed_cell():
    # Review F1: with the invoice's cell lost, « Reference: R-2025-0042 » was taken instead.
    words = _grid(["Invoice", "Date", "Order"], ["#4471", "03/01/2025", "PO-88213"], "ACME Ltd") + [
        ("Reference:", 0.08, 0.30, 0.15, 0.31), ("R-2025-0042", 0.16, 0.30, 0.26, 0.31)]
    found = numbers.invoice_number(make_lines([_page(words)]))
    assert found is not None and found.value == "4471", found and found.value


def test_the_document_s_own_titles_with_a_number_sign_are_no_other_thing_s_number():
    # Review F2: a credit note's, a folio's, a fee note's, a cancellation's or a debit note's title in large type is the
    # document's title, its noun the document's own; a tracking or an order number's label is not.
    from guichet.plugins.fields_rules.lines import fold
    from guichet.plugins.fields_rules.unnamed_number import _other_numbered

    for head in ("Credit note No.", "Nota di credito n.", "Folio N°", "Note d'honoraires n°", "Storno Nr.",
                 "Nota de cargo nº", "Facture n°", "Rechnung Nr."):
        assert not _other_numbered(fold(head), rivals=True), head
    for head in ("Credit note No.", "Nota di credito n.", "Note d'honoraires n°", "Storno Nr.", "Nota de cargo nº"):
        assert not _other_numbered(fold(head)), head
    for head in ("Nº de seguimiento", "Bestellnummer", "Order #"):
        assert _other_numbered(fold(head)), head


def _row(text: str, y: float, size: float) -> list[tuple[str, float, float, float, float]]:
    """A line's words from x = 0.08, each as wide as its letters in type of ``size``."""
    out, x = [], 0.08
    for part in text.split():
        width = size * 0.55 * len(part)
        out.append((part, x, y, x + width, y + size))
        x += width + size * 0.3
    return out


def test_a_credit_note_s_title_in_large_type_keeps_its_nouns_and_code():
    # Review F2: « CREDIT NOTE No. 58213 » in title type: the document's nouns and its title's code, as before.
    from guichet.plugins.fields_rules.unnamed_number import title_code, title_nouns

    for title, noun in (("CREDIT NOTE No. 58213", "credit"), ("FOLIO N° 58213", "folio"),
                        ("NOTE D'HONORAIRES N° 58213", "note"), ("STORNO Nr. 58213", "storno"),
                        ("NOTA DI CREDITO n. 58213", "nota"), ("NOTA DE CARGO nº 58213", "nota")):
        words = _row("Hôtel du Lac SARL", 0.04, 0.012) + _row(title, 0.12, 0.030) + _row("Total TTC 1 200,00 €", 0.60, 0.012)
        lines = make_lines([_page(words)])
        nouns = title_nouns(lines)
        assert noun in nouns, (title, nouns)
        if noun != "folio":  # (a folio's title code: not given on trial either, « Folio » a rival's noun there)
            code = title_code(lines)
            assert code is not None and code.value == "58213", (title, code)
