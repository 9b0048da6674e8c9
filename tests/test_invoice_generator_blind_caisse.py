"""The blind family's till receipts, restaurant notes and hotel folios (tests/invoice_generator_blind_caisse.py).

Deterministic, drawn from CAISSE_FROM on (the seeds after keep their invoices), the number, the date and the total
printed on the page among the till's and the stay's rival codes and amounts.
"""

from __future__ import annotations

import re
from decimal import Decimal

import invoice_generator_blind as blind
import invoice_generator_blind_caisse as caisse
from family_checks import pdf_text, printed_amount, squeeze


def test_the_tills_pages_are_drawn_from_their_seeds_and_print_their_truth():
    invoices = [blind.make_invoice(seed) for seed in range(caisse.CAISSE_FROM, caisse.CAISSE_FROM + 30)]
    assert {i.truth.layout for i in invoices} == set(caisse.LAYOUTS)
    assert sum(i.truth.language == "fr" for i in invoices) >= 10
    assert blind.make_invoice(caisse.CAISSE_TO).truth.layout not in caisse.LAYOUTS
    assert blind.make_invoice(caisse.CAISSE_FROM - 1).truth.layout not in caisse.LAYOUTS
    again = blind.make_invoice(caisse.CAISSE_FROM + 7)
    assert again.html == invoices[7].html and again.truth == invoices[7].truth
    for invoice in invoices[:10]:
        text = pdf_text(invoice.pdf())
        assert squeeze(invoice.truth.invoice_number) in squeeze(text), invoice.truth.seed
        amounts = {printed_amount(m) for m in re.findall(r"-?\d[\d .,\u202f\u00a0]*[.,]\d{2}(?!\d)", text)}
        assert Decimal(invoice.truth.total_with_tax) in amounts, invoice.truth.seed
        assert Decimal(invoice.truth.total_without_tax) in amounts, invoice.truth.seed


def test_a_till_slip_prints_its_rival_codes_and_amounts():
    """The ticket's number beside the invoice's, the cash tendered above the total, the city tax after it."""
    seen = {"ticket": 0, "tendered": 0, "city": 0}
    for seed in range(caisse.CAISSE_FROM, caisse.CAISSE_FROM + 80):
        invoice = blind.make_invoice(seed)
        labels = caisse.CAISSE_LABELS[invoice.truth.language]
        html = invoice.html
        seen["ticket"] += invoice.truth.layout == "ca_ticket" and any(w in html for w in labels["ca_ticket"])
        seen["tendered"] += any(w in html for w in labels["ca_tendered"])
        seen["city"] += any(blind._e(w) in html for w in labels["ca_city_tax"])
    assert all(seen.values()), seen


def test_the_lines_with_their_vat_add_up_to_each_rates_total():
    for seed in range(caisse.CAISSE_FROM, caisse.CAISSE_FROM + 40):
        ctx = blind.make_invoice(seed).context
        lines = caisse._ttc_lines(ctx)
        gross = sum(lines, Decimal(0))
        assert gross - caisse._discount_ttc(ctx, lines) == ctx["ttc"], seed
        if not ctx["discount_pct"]:
            assert gross == ctx["ttc"], seed
