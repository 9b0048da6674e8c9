"""The blind family's pages where the invoice's number competes with the page's other references
(tests/invoice_generator_blind_concur.py)."""

from __future__ import annotations

import invoice_generator_blind as blind
import invoice_generator_blind_concur as concur
import pytest
from family_checks import pdf_text, squeeze


def test_the_pages_are_drawn_from_their_seeds_on_and_the_seeds_around_keep_theirs():
    truths = [blind.make_invoice(seed).truth for seed in range(concur.CONCUR_FROM, concur.CONCUR_FROM + 60)]
    assert {t.layout for t in truths} == set(concur.THEMES)
    assert sum(t.language == "fr" for t in truths) >= 20  # French about half
    assert {t.language for t in truths} >= {"fr", "en", "de", "es", "it"}
    assert blind.make_invoice(concur.CONCUR_FROM - 1).truth.layout not in concur.THEMES
    assert concur.CONCUR_FROM < concur.HOLDOUT_FROM < concur.CONCUR_TO
    first, again = blind.make_invoice(concur.CONCUR_FROM + 5), blind.make_invoice(concur.CONCUR_FROM + 5)
    assert first.html == again.html and first.truth == again.truth


def test_the_module_s_wordings_are_its_own_table_s():
    """Its wordings are its own table's (keys « cc_ »), added to the family's without changing another's."""
    assert len(concur.label_strings()) > 200
    assert all(key.startswith("cc_") for words in concur.CONCUR_LABELS.values() for key in words)


@pytest.mark.parametrize("seed", range(concur.CONCUR_FROM, concur.CONCUR_FROM + 16))
def test_the_truth_s_number_is_printed_among_rival_references(seed):
    invoice = blind.make_invoice(seed)
    truth = invoice.truth
    page = squeeze(pdf_text(invoice.pdf()))
    assert squeeze(truth.invoice_number) in page, (seed, truth.invoice_number)
    for value in (truth.seller_name, truth.buyer_name):
        assert squeeze(value) in page, (seed, value)
    assert truth.document_type_code in ("380", "381")
