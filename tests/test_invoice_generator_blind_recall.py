"""The blind family's numbers with no known label (tests/invoice_generator_blind_recall.py).

Deterministic, drawn from RECALL_FROM on (the seeds before keep their invoices), the number printed on the page, its
label composed (many wordings), and no label part shared with the main generator.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import invoice_generator_blind as blind
import invoice_generator_blind_recall as recall
import pytest
from family_checks import UNAVOIDABLE, fold, generator_strings, pdf_text, squeeze

MAIN_GENERATOR = Path(__file__).with_name("invoice_generator.py")


def test_no_label_phrase_nor_layout_is_shared_with_the_main_generator():
    theirs = generator_strings(MAIN_GENERATOR) - UNAVOIDABLE
    pieces = {piece for label in recall.label_strings() for piece in label.split("|")} | set(recall.RECALL_LAYOUTS)
    assert not [piece for piece in sorted(pieces) if fold(piece) in theirs]


def test_the_layouts_are_drawn_from_their_seeds_on_and_vary_their_labels():
    truths = [blind.make_invoice(seed).truth for seed in range(recall.RECALL_FROM, recall.RECALL_FROM + 40)]
    assert {t.layout for t in truths} == set(recall.RECALL_LAYOUTS)
    languages = Counter(t.language for t in truths)
    assert set(languages) == set(blind.LANGUAGES) and languages["fr"] >= 12
    assert blind.make_invoice(recall.RECALL_FROM - 1).truth.layout not in recall.RECALL_LAYOUTS
    assert blind.make_invoice(recall.RECALL_TO).truth.layout not in recall.RECALL_LAYOUTS
    first, again = blind.make_invoice(recall.RECALL_FROM + 5), blind.make_invoice(recall.RECALL_FROM + 5)
    assert first.html == again.html and first.truth == again.truth


@pytest.mark.parametrize("seed", range(recall.RECALL_FROM, recall.RECALL_FROM + 12))
def test_the_number_and_the_date_are_printed_on_the_page(seed):
    invoice = blind.make_invoice(seed)
    page = squeeze(pdf_text(invoice.pdf()))
    assert squeeze(invoice.truth.invoice_number) in page
    assert squeeze(invoice.context["issue"]) in page
