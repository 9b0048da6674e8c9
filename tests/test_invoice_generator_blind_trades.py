"""Trades' invoices of the blind family (tests/invoice_generator_blind_trades.py): utility bills, hotel folios,
marketplace orders, drawn for their seeds only, with every truth value printed and no wording of the main generator."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import invoice_generator_blind as blind
import invoice_generator_blind_trades as trades
import pytest
from family_checks import UNAVOIDABLE, fold, generator_strings, pdf_text, printed_amount, squeeze

MAIN_GENERATOR = Path(__file__).with_name("invoice_generator.py")


def test_no_label_wording_or_layout_name_is_shared_with_the_main_generator():
    mine = {fold(label): label for label in trades.label_strings()}
    assert len(mine) > 400
    theirs = generator_strings(MAIN_GENERATOR)
    assert set(mine) & theirs <= UNAVOIDABLE, sorted(mine[key] for key in set(mine) & theirs - UNAVOIDABLE)
    assert not set(trades.TRADE_LAYOUTS) & theirs


def test_the_trades_are_drawn_for_their_seeds_only():
    truths = [blind.make_invoice(seed).truth for seed in range(trades.TRADES_FROM, trades.TRADES_FROM + 40)]
    assert {t.layout for t in truths} == set(trades.TRADE_LAYOUTS)
    assert {t.language for t in truths} == set(blind.LANGUAGES)
    assert all(t.part == "blind" and t.seed >= trades.TRADES_FROM for t in truths)
    assert blind.make_invoice(trades.TRADES_FROM + 3).html == blind.make_invoice(trades.TRADES_FROM + 3).html
    assert blind.make_invoice(trades.TRADES_FROM - 1).truth.layout in blind.SELLER_LAYOUTS


#: The seeds just below the trades' range as main printed them before it (6f6b44b): the letterhead range's
#: layout, number and the page's HTML (sha256, first 16 hex digits).
BELOW_THE_TRADES = {69998: ("raison_sociale", "SI/2024/03973", "3332dfd321dba962"),
                    69999: ("raison_sociale", "A2025-6506", "91e0a64f862d02fe")}


@pytest.mark.parametrize("seed", sorted(BELOW_THE_TRADES))
def test_the_seeds_just_below_the_trades_keep_main_s_invoice(seed):
    invoice = blind.make_invoice(seed)
    digest = hashlib.sha256(invoice.html.encode()).hexdigest()[:16]
    assert seed < trades.TRADES_FROM
    assert (invoice.truth.layout, invoice.truth.invoice_number, digest) == BELOW_THE_TRADES[seed]


@pytest.mark.parametrize("layout", trades.TRADE_LAYOUTS)
def test_every_truth_value_is_printed_on_the_page(layout):
    seeds = [seed for seed in range(trades.TRADES_FROM, trades.TRADES_FROM + 60) if trades.draw(seed)[0] == layout][:4]
    for seed in seeds:
        invoice = blind.make_invoice(seed)
        truth, ctx = invoice.truth, invoice.context
        page = squeeze(pdf_text(invoice.pdf()))
        assert truth.invoice_number == ctx["number"]
        for value in (truth.invoice_number, truth.seller_name, truth.buyer_name, ctx["issue"]):
            assert squeeze(value) in page, (seed, value)
        for name in ("total_without_tax", "total_with_tax", "amount_due"):
            if getattr(truth, name) is None or (name == "amount_due" and Decimal(truth.amount_due) == 0):
                continue
            printed = blind.amount(Decimal(getattr(truth, name)), ctx["style"])
            assert squeeze(printed) in page and printed_amount(printed) == Decimal(getattr(truth, name)), (seed, name)
        assert Decimal(truth.total_without_tax) + Decimal(truth.total_tax) == Decimal(truth.total_with_tax)
        assert truth.due_date is None or truth.due_date >= truth.issue_date
