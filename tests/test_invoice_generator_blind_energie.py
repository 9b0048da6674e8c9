"""The blind family's energy, water and telecom bills of four countries (tests/invoice_generator_blind_energie.py).

Deterministic, drawn from ENERGIE_FROM on (the seeds after keep their invoices), each country's bill in its language,
the number, the issue date, the due date and the total printed on the page among the supply's identifiers.
"""

from __future__ import annotations

import re
from decimal import Decimal

import invoice_generator_blind as blind
import invoice_generator_blind_energie as energie
from family_checks import pdf_text, printed_amount, squeeze


def test_the_bills_are_drawn_from_their_seeds_and_print_their_truth_among_the_supplys_identifiers():
    invoices = [blind.make_invoice(seed) for seed in range(energie.ENERGIE_FROM, energie.ENERGIE_FROM + 40)]
    assert {i.truth.layout for i in invoices} == set(energie.LAYOUTS)
    assert all(i.truth.language == energie.LANGUAGE[i.truth.layout] for i in invoices)
    assert blind.make_invoice(energie.ENERGIE_TO).truth.layout not in energie.LAYOUTS
    assert blind.make_invoice(energie.ENERGIE_FROM - 1).truth.layout not in energie.LAYOUTS
    again = blind.make_invoice(energie.ENERGIE_FROM + 5)
    assert again.html == invoices[5].html and again.truth == invoices[5].truth
    for invoice in invoices[:10]:
        truth = invoice.truth
        text = pdf_text(invoice.pdf())
        assert squeeze(truth.invoice_number) in squeeze(text), truth.seed
        amounts = {printed_amount(m) for m in re.findall(r"-?\d[\d .,\u202f\u00a0]*[.,]\d{2}(?!\d)", text)}
        assert Decimal(truth.total_with_tax) in amounts, truth.seed
        assert truth.due_date > truth.issue_date, truth.seed
        # long identifiers beside the number: ten characters or more, other than it
        codes = {c for c in (squeeze(m) for m in re.findall(r"[A-Z0-9][A-Z0-9 ]{8,}[0-9]", text))
                 if c != squeeze(truth.invoice_number)}
        assert codes, truth.seed


def test_a_german_bill_sets_its_instalments_against_the_total():
    """§ 40 EnWG: the instalments paid (Abschläge) are set against the bill; what is left, or the credit, follows."""
    seeds = [s for s in range(energie.ENERGIE_FROM, energie.ENERGIE_FROM + 80) if energie.draw(s)[0] == "eg_rechnung"][:4]
    assert seeds
    for seed in seeds:
        invoice = blind.make_invoice(seed)
        if invoice.truth.document_type_code == "381":
            continue
        assert any(word in invoice.html for word in ENERGIE_WORDS["de"]), seed
        assert invoice.truth.amount_due is not None and Decimal(invoice.truth.amount_due) < Decimal(invoice.truth.total_with_tax)


ENERGIE_WORDS = {"de": energie.ENERGIE_LABELS["de"]["eg_paid"]}
