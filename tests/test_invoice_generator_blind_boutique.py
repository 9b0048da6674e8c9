"""The blind family's online shops' pages (tests/invoice_generator_blind_boutique.py).

Deterministic, drawn from BOUTIQUE_FROM on (the seeds around keep their invoices), the truth printed on the page among
the order's number and date that rival the invoice's.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import invoice_generator_blind as blind
import invoice_generator_blind_boutique as boutique
from family_checks import pdf_text, printed_amount, squeeze

from guichet.core.parsing.on_page import dates_on_page


def test_the_shop_pages_are_drawn_from_their_seeds_and_print_their_truth_among_the_order_s_number_and_date():
    invoices = [blind.make_invoice(seed) for seed in range(boutique.BOUTIQUE_FROM, boutique.BOUTIQUE_FROM + 40)]
    assert {i.truth.layout for i in invoices} == set(boutique.LAYOUTS)
    assert blind.make_invoice(boutique.BOUTIQUE_FROM - 1).truth.layout not in boutique.LAYOUTS
    assert blind.make_invoice(boutique.BOUTIQUE_TO).truth.layout not in boutique.LAYOUTS  # the seeds after keep theirs
    languages = {i.truth.language for i in invoices}
    assert {"fr", "de", "en"} <= languages
    again = boutique.make_invoice(boutique.BOUTIQUE_FROM + 3)
    assert again.html == invoices[3].html and again.truth == invoices[3].truth  # same seed, same invoice
    for invoice in invoices[:16]:
        text = pdf_text(invoice.pdf())
        truth = invoice.truth
        page = squeeze(text)
        for value in (truth.invoice_number, truth.seller_name, truth.buyer_name, truth.iban):
            assert value is None or squeeze(value) in page or squeeze(blind.grouped(value)) in page, (truth.seed, value)
        vat = truth.seller_vat_id
        assert vat is None or squeeze(vat[2:]) in page, (truth.seed, vat)  # Spain's and Italy's footers drop « ES », « IT »
        assert truth.due_date is None
        amounts = {printed_amount(m) for m in re.findall(r"-?\d[\d .,\u202f\u00a0]*[.,]\d{2}(?!\d)", text)}
        assert Decimal(truth.total_with_tax) in amounts, truth.seed
        printed = dates_on_page(text)
        assert dt.date.fromisoformat(truth.issue_date) in printed, (truth.seed, printed)
        # the order's number beside the invoice's: another counter of digits or capitals on the page's head
        codes = set(re.findall(r"\b[A-Z]*\d{3,}\b|\b[A-Z]{9}\b", text)) - {truth.invoice_number}
        assert codes, truth.seed


def test_the_family_s_words_are_its_programs_and_its_numbers_take_their_shapes():
    texts = {blind.make_invoice(seed).truth.layout: blind.make_invoice(seed) for seed in range(boutique.BOUTIQUE_FROM,
                                                                                                boutique.BOUTIQUE_FROM + 60)}
    presta = texts["bq_presta"]
    assert re.fullmatch(r"[A-Z]{2}\d{6}", presta.truth.invoice_number)
    assert f"#{presta.truth.invoice_number}" in presta.html  # PrestaShop's prefix keeps its « # »
    magento = texts["bq_magento"]
    assert re.fullmatch(r"\d{9}", magento.truth.invoice_number)
    shopware = texts["bq_shopware"]
    assert any(word in shopware.html for word in ("Bestell-Nr.", "Order no."))
    assert "Bestellung vom" in texts["bq_oxid"].html
    assert "Bitte bei Zahlung angeben:" in boutique.label_strings()
