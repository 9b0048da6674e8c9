"""Words, lines and proposals: the data the coding screen draws."""

from __future__ import annotations

from decimal import Decimal

from guichet.core.parsing.fields import FIELD_NAMES
from guichet.core.parsing.text import (
    FieldProposal,
    FieldValue,
    Page,
    TextResult,
    VatRow,
    Word,
    invoice_from_fields,
    merge_proposals,
    proposal_invoice,
    text_lines,
)


def _page() -> Page:
    words = [
        Word("Total", (0.60, 0.800, 0.66, 0.812)),
        Word("TTC", (0.67, 0.801, 0.71, 0.813)),
        Word("120,00", (0.80, 0.799, 0.86, 0.811)),
        Word("Facture", (0.10, 0.100, 0.18, 0.112)),
        Word("F-12", (0.19, 0.101, 0.24, 0.113), confidence=0.8),
    ]
    return Page(1, 595, 842, words)


def test_words_are_grouped_in_reading_order():
    lines = text_lines(_page())
    assert [[w.text for w in line] for line in lines] == [["Facture", "F-12"], ["Total", "TTC", "120,00"]]
    assert _page().text == "Facture F-12\nTotal TTC 120,00"


def test_ocr_words_are_grouped_by_their_baseline():
    # Page of 2400 px: a sender column beside a framed table. "Tel. 05 22" stands on y 274 px, the
    # table's value row on 284 px: half a letter lower, which chained both rows when centres were
    # compared. The invoice number's box reaches down to the cell's frame (295 px), the due date is
    # in small letters: neither moves its baseline.
    h = 2400

    def word(text, x0, x1, top, bottom, base):
        return Word(text, (x0, top / h, x1, bottom / h), 0.9, 1, base / h)

    words = [
        word("Tel.", 0.08, 0.11, 254, 274, 274), word("05", 0.12, 0.13, 254, 274, 274), word("22", 0.14, 0.15, 254, 274, 274),
        word("FA-368-24", 0.53, 0.60, 264, 295, 284), word("2024-01-09", 0.62, 0.70, 263, 284, 284),
        word("payée", 0.72, 0.78, 270, 290, 284.5),
        # A label and its amount in larger type on one baseline.
        word("Total", 0.08, 0.12, 305, 325, 325), word("1", 0.60, 0.61, 296, 326, 326.5),
        word("234,44", 0.62, 0.70, 296, 330, 326),
    ]
    lines = [[w.text for w in line] for line in text_lines(Page(1, 1700, h, words, unit="px"))]
    assert lines == [["Tel.", "05", "22"], ["FA-368-24", "2024-01-09", "payée"], ["Total", "1", "234,44"]]
    # Compared by their centres (no baselines), the date's row chained to "Tel." and lost its number.
    centred = [Word(w.text, w.box, w.confidence, w.page) for w in words]
    assert [w.text for w in text_lines(Page(1, 1700, h, centred, unit="px"))[0]] == ["Tel.", "05", "22", "2024-01-09"]
    # A table row's cells set centred: a small label beside a large amount, baselines apart, centres level.
    centred = [word("Total", 0.5, 0.55, 500, 516, 516), word("TTC", 0.56, 0.6, 500, 516, 516),
               word("1 234,44", 0.7, 0.8, 490, 526, 526)]
    assert [[w.text for w in line] for line in text_lines(Page(1, 1700, h, centred, unit="px"))] == [
        ["Total", "TTC", "1 234,44"]]
    # The baseline survives the JSON the coding screen stores; a text layer's words carry none.
    result = TextResult.from_dict(TextResult(pages=[Page(1, 1700, h, words, unit="px")], source="ocr",
                                             engine="t").to_dict())
    assert result.pages[0].words[0].baseline == 274 / h
    assert "baseline" not in TextResult(pages=[_page()], source="text", engine="t").to_dict()["pages"][0]["words"][0]


def test_a_line_begun_by_a_higher_neighbouring_column_keeps_its_own_cells_words_together():
    # A buyer's name a few pixels higher than the panel row beside it begins the line: held at its baseline,
    # « Numéro de » joined it and « facture », 0.3 px lower, did not (the label lost its last word).
    h = 2339

    def word(text, x0, x1, base):
        return Word(text, (x0, (base - 17.5) / h, x1, base / h), 0.9, 1, base / h)

    words = [word("Librairie", 0.05, 0.10, 328.2), word("Rolland", 0.11, 0.15, 328.6), word("SA", 0.16, 0.17, 328.9),
             word("Numéro", 0.29, 0.34, 333.1), word("de", 0.34, 0.36, 333.4), word("facture", 0.36, 0.40, 333.7),
             word("2026/28153", 0.45, 0.52, 333.4), word("7750", 0.05, 0.08, 350.0)]
    lines = [[w.text for w in line] for line in text_lines(Page(1, 1654, h, words, unit="px"))]
    assert lines == [["Librairie", "Rolland", "SA", "Numéro", "de", "facture", "2026/28153"], ["7750"]]


def test_text_result_and_proposal_round_trip_through_json():
    result = TextResult(pages=[_page()], source="ocr", engine="test")
    again = TextResult.from_dict(result.to_dict())
    assert again.pages[0].words[4].confidence == 0.8
    assert again.pages[0].words[0].box == (0.60, 0.800, 0.66, 0.812)
    proposal = FieldProposal(fields={"invoice_number": FieldValue("F-12", 0.9, 1, (0.19, 0.1, 0.24, 0.11))},
                             vat_breakdown=[VatRow("20", "100.00", "20.00", 0.8)])
    back = FieldProposal.from_dict(proposal.to_dict())
    assert back.fields["invoice_number"].box == (0.19, 0.1, 0.24, 0.11)
    assert back.vat_breakdown[0].tax_amount == "20.00"


def test_merge_keeps_the_most_confident_supported_value():
    low = FieldProposal(fields={"invoice_number": FieldValue("A", 0.5), "currency": FieldValue("EUR", 0.8)})
    high = FieldProposal(fields={"invoice_number": FieldValue("B", 0.9), "currency": FieldValue(None, 0.99)})
    merged = merge_proposals([low, None, high])
    assert merged.value("invoice_number") == "B"
    assert merged.value("currency") == "EUR"


def test_invoice_from_fields_keeps_only_valid_identifiers():
    invoice = invoice_from_fields({
        "invoice_number": "F-12", "issue_date": "2024-03-05", "seller_name": "ACME SAS",
        "seller_siren": "552081318",  # bad key
        "seller_vat_id": "FR03552081317", "total_with_tax": "120.00", "iban": "FR76 3000 6000 0112 3456 7890 189",
    }, vat_breakdown=[VatRow("20", "100.00", "20.00")])
    assert invoice.seller.legal_id is None
    assert invoice.seller.siren == "552081317"  # from the VAT number
    assert invoice.totals.tax_inclusive == Decimal("120.00")
    assert invoice.iban == "FR7630006000011234567890189"
    assert invoice.vat_breakdown[0].rate == Decimal(20)


def test_proposal_invoice_has_every_contract_field_or_none():
    from guichet.core.parsing.fields import invoice_fields

    values = invoice_fields(proposal_invoice(FieldProposal()))
    assert set(values) == set(FIELD_NAMES)
    assert all(v is None for v in values.values())
