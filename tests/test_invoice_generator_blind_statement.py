"""The blind family's operators' statements (tests/invoice_generator_blind_statement.py).

Deterministic, drawn from STATEMENT_FROM on (the seeds after keep their invoices), the number, the due date and the
total printed on the page among the rivals' codes (the never-seen family's test keeps its wordings apart).
"""

from __future__ import annotations

import re
from decimal import Decimal

import invoice_generator_blind as blind
import invoice_generator_blind_statement as statement
from family_checks import pdf_text, printed_amount, squeeze


def test_the_statements_are_drawn_from_their_seeds_and_print_their_truth_among_rival_codes():
    invoices = [blind.make_invoice(seed) for seed in range(statement.STATEMENT_FROM, statement.STATEMENT_FROM + 24)]
    assert {i.truth.layout for i in invoices} == set(statement.STATEMENT_LAYOUTS)
    assert sum(i.truth.language == "fr" for i in invoices) >= 6
    assert blind.make_invoice(statement.STATEMENT_TO).truth.layout not in statement.STATEMENT_LAYOUTS
    again = blind.make_invoice(statement.STATEMENT_FROM + 5)
    assert again.html == invoices[5].html and again.truth == invoices[5].truth
    for invoice in invoices[:8]:
        text = pdf_text(invoice.pdf())
        assert squeeze(invoice.truth.invoice_number) in squeeze(text), invoice.truth.seed
        amounts = {printed_amount(m) for m in re.findall(r"-?\d[\d .,\u202f\u00a0]*[.,]\d{2}(?!\d)", text)}
        assert Decimal(invoice.truth.total_with_tax) in amounts, invoice.truth.seed
        # the customer's, the account's or the contract's code beside it: ten digits or more, other than the number
        codes = {c for c in (squeeze(m) for m in re.findall(r"\d[\d ]{8,}\d", text))
                 if c != squeeze(invoice.truth.invoice_number)}
        assert codes, invoice.truth.seed


def test_a_german_statement_prints_its_letters_information_block_beside_the_window():
    """DIN 5008: the references of the correspondence, the clerk, a public body's or a utility's codes."""
    seeds = [s for s in range(statement.STATEMENT_FROM, statement.STATEMENT_FROM + 60)
             if blind.make_invoice(s).truth.language == "de"][:4]
    assert seeds
    for seed in seeds:
        invoice = blind.make_invoice(seed)
        words = {word for words in statement.DIN_BLOCK.values() for word in words}
        assert sum(word in invoice.html for word in words) >= 3, seed
        assert squeeze(invoice.truth.invoice_number) in squeeze(pdf_text(invoice.pdf())), seed
    french = next(blind.make_invoice(s) for s in range(statement.STATEMENT_FROM, statement.STATEMENT_TO)
                  if blind.make_invoice(s).truth.language == "fr")
    assert not any(word in french.html for word in ("Kassenzeichen", "Sachbearbeitung", "Ansprechpartner"))
