"""The blind family's ERP grids, works invoices and repair orders (tests/invoice_generator_blind_works.py).

Deterministic, drawn from WORKS_FROM on (the seeds before keep their invoices), every truth value printed on the page
(the net to pay after a retention too), and no label wording shared with the main generator.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import invoice_generator_blind as blind
import invoice_generator_blind_works as works
import pytest
from family_checks import UNAVOIDABLE, fold, generator_strings, pdf_text, printed_amount, squeeze

MAIN_GENERATOR = Path(__file__).with_name("invoice_generator.py")


def test_no_label_wording_is_shared_with_the_main_generator():
    mine = {fold(label): label for label in works.label_strings()}
    shared = set(mine) & generator_strings(MAIN_GENERATOR)
    assert shared <= UNAVOIDABLE, sorted(mine[key] for key in shared - UNAVOIDABLE)
    assert not set(works.WORKS_LAYOUTS) & generator_strings(MAIN_GENERATOR)


def test_the_layouts_are_drawn_from_their_seeds_on_and_the_seeds_before_keep_theirs():
    truths = [blind.make_invoice(seed).truth for seed in range(works.WORKS_FROM, works.WORKS_FROM + 30)]
    assert {t.layout for t in truths} == set(works.WORKS_LAYOUTS)
    assert {t.language for t in truths} >= {"fr", "en", "de", "es", "it"} - {"en"}
    # the family's seeds before this session's ranges (70000 on) keep their invoices exactly: 69999's page as it was
    below = blind.make_invoice(69999)
    assert below.truth.layout == "raison_sociale"
    assert hashlib.sha256(below.html.encode()).hexdigest()[:16] == "91e0a64f862d02fe"
    assert blind.make_invoice(works.WORKS_TO).truth.layout not in works.WORKS_LAYOUTS
    first, again = blind.make_invoice(works.WORKS_FROM + 3), blind.make_invoice(works.WORKS_FROM + 3)
    assert first.html == again.html and first.truth == again.truth
    # A progress invoice with a retention: the net to pay is not the invoice's total
    assert any(t.amount_due and Decimal(t.amount_due) < Decimal(t.total_with_tax) for t in truths if t.layout == "situation_chantier")


@pytest.mark.parametrize("seed", range(works.WORKS_FROM, works.WORKS_FROM + 16))
def test_every_truth_value_is_printed_on_the_page(seed):
    invoice = blind.make_invoice(seed)
    truth, ctx = invoice.truth, invoice.context
    page = squeeze(pdf_text(invoice.pdf()))
    for value in (truth.invoice_number, truth.seller_name, truth.buyer_name, ctx["issue"], *filter(None, [ctx["due"]])):
        assert squeeze(value) in page, (seed, value)
    assert Decimal(truth.total_without_tax) + Decimal(truth.total_tax) == Decimal(truth.total_with_tax)
    names = ["total_without_tax", "total_with_tax"] + (["amount_due"] if truth.amount_due else [])
    for name in names:
        printed = blind.amount(Decimal(getattr(truth, name)), ctx["style"])
        assert squeeze(printed) in page, (seed, name, printed)
        assert printed_amount(printed) == Decimal(getattr(truth, name))
