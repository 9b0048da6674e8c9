"""The blind family's ERP pages with header grids of many boxes (tests/invoice_generator_blind_erp.py).

Deterministic, drawn from ERP_FROM on (the seeds around keep their invoices), every truth value printed on the page
among the grid's rival numbers and dates.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import invoice_generator_blind as blind
import invoice_generator_blind_erp as erp
import pytest
from family_checks import generator_strings, pdf_text, printed_amount, squeeze

MAIN_GENERATOR = Path(__file__).with_name("invoice_generator.py")


def test_the_layouts_names_are_the_module_s_own():
    """The wordings are the programs' own (many are the main generator's too: « Total HT », « Code client »); the
    family is kept apart from the never-seen one by tests/test_invoice_generator_unseen.py."""
    assert len(erp.label_strings()) > 150
    assert not set(erp.LAYOUTS) & generator_strings(MAIN_GENERATOR)


def test_the_layouts_are_drawn_from_their_seeds_on_and_the_seeds_around_keep_theirs():
    truths = [blind.make_invoice(seed).truth for seed in range(erp.ERP_FROM, erp.ERP_FROM + 60)]
    assert {t.layout for t in truths} == set(erp.LAYOUTS)
    assert sum(t.language == "fr" for t in truths) >= 30  # French mostly
    assert {t.language for t in truths} >= {"fr", "en", "de", "es", "it"}
    assert blind.make_invoice(erp.ERP_TO).truth.layout not in erp.LAYOUTS
    assert blind.make_invoice(erp.ERP_FROM - 1).truth.layout not in erp.LAYOUTS
    first, again = blind.make_invoice(erp.ERP_FROM + 3), blind.make_invoice(erp.ERP_FROM + 3)
    assert first.html == again.html and first.truth == again.truth
    assert erp.ERP_FROM < erp.HOLDOUT_FROM < erp.ERP_TO
    assert any(t.due_date for t in truths) and any(t.due_date is None for t in truths)


@pytest.mark.parametrize("seed", range(erp.ERP_FROM, erp.ERP_FROM + 20))
def test_every_truth_value_is_printed_on_the_page_among_the_grid_s_rivals(seed):
    invoice = blind.make_invoice(seed)
    truth, ctx = invoice.truth, invoice.context
    text = pdf_text(invoice.pdf())
    page = squeeze(text)
    assert squeeze(truth.invoice_number) in page, (seed, truth.invoice_number)
    for value in (truth.seller_name, truth.buyer_name):
        assert squeeze(value) in page, (seed, value)
    issue = blind.dt.date.fromisoformat(truth.issue_date)
    printed = {squeeze(d) for d in (issue.isoformat(), *(blind.date_text(issue, truth.language, "num", v) for v in range(6)))}
    assert any(d in page for d in printed), (seed, truth.issue_date)
    if truth.due_date:
        due = blind.dt.date.fromisoformat(truth.due_date)
        assert any(squeeze(d) in page for d in (due.isoformat(), *(blind.date_text(due, truth.language, "num", v)
                                                                  for v in range(6)))), (seed, truth.due_date)
    assert Decimal(truth.total_without_tax) + Decimal(truth.total_tax) == Decimal(truth.total_with_tax)
    for name in ["total_with_tax"] + (["amount_due"] if truth.amount_due else []):
        shown = blind.amount(Decimal(getattr(truth, name)), ctx["style"])
        assert squeeze(shown) in page, (seed, name, shown)
        assert printed_amount(shown) == Decimal(getattr(truth, name))
    # rivals: codes of digits beside the number (customer, order, delivery, project, document…)
    codes = {c for c in re.findall(r"(?<![\w])[A-Z]{0,5}[-/ ]?\d[\w/-]{3,}", text) if squeeze(c) != squeeze(truth.invoice_number)}
    assert len(codes) >= 2, (seed, codes)


def test_the_grids_hold_six_to_twelve_boxes_and_some_are_two_lines_high():
    grids = [blind.make_invoice(seed) for seed in range(erp.ERP_FROM, erp.ERP_FROM + 80)]
    counts = [len(re.findall(r"<td style=\"border:", i.html)) for i in grids if i.truth.layout in ("erp_axelor", "erp_sap")]
    assert counts and min(counts) >= 5
    assert any("<br>" in cell for i in grids for cell in re.findall(r"<td style=\"border:[^>]*>(.*?)</td>", i.html))
