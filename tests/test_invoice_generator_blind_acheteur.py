"""The blind family's buyers by the posts' norms, on one line, service first, twins, abroad, public
(tests/invoice_generator_blind_acheteur.py).

Deterministic, drawn from ACHETEUR_FROM on (the seeds after keep their invoices); the buyer's truth (name, address
lines, postcode, town, and the country's sign when it must be read) printed on the page.
"""

from __future__ import annotations

import re

import invoice_generator_blind as blind
import invoice_generator_blind_acheteur as acheteur
from family_checks import fold, pdf_text, squeeze
from stdnum.eu import vat


def _seeds(count: int) -> range:
    return range(acheteur.ACHETEUR_FROM, acheteur.ACHETEUR_FROM + count)


def test_the_buyers_are_drawn_from_their_seeds_in_every_layout():
    invoices = [blind.make_invoice(seed) for seed in _seeds(40)]
    assert {i.truth.layout for i in invoices} == set(acheteur.LAYOUTS)
    assert sum(i.truth.language == "fr" for i in invoices) >= 10
    assert blind.make_invoice(acheteur.ACHETEUR_TO).truth.layout not in acheteur.LAYOUTS
    assert blind.make_invoice(acheteur.ACHETEUR_FROM - 1).truth.layout not in acheteur.LAYOUTS
    again = blind.make_invoice(acheteur.ACHETEUR_FROM + 7)
    assert again.html == invoices[7].html and again.truth == invoices[7].truth
    assert acheteur.ACHETEUR_FROM < acheteur.HOLDOUT_FROM < acheteur.ACHETEUR_TO


def test_each_buyers_truth_is_printed_on_its_page():
    for seed in _seeds(18):
        invoice = blind.make_invoice(seed)
        truth, text = invoice.context["buyer_truth"], fold(pdf_text(invoice.pdf()))
        assert truth["name"] == invoice.truth.buyer_name
        assert fold(truth["name"]) in text, seed
        for line in truth["address_lines"]:
            assert fold(line).replace(",", "") in text.replace(",", ""), (seed, line)
        assert squeeze(truth["postcode"]) in squeeze(text), seed
        assert fold(truth["city"]) in text, seed


def test_a_foreign_buyer_without_a_country_line_shows_its_country_by_its_vat_number_or_its_postcode():
    found = 0
    for seed in _seeds(200):
        invoice = blind.make_invoice(seed)
        if invoice.truth.layout != "ach_etranger":
            continue
        truth, text = invoice.context["buyer_truth"], pdf_text(invoice.pdf())
        assert truth["country"] != blind.COUNTRY[invoice.truth.language] and truth["country_printed"]
        numbers = [m for m in re.findall(r"\b[A-Z]{2}[0-9A-Z]{8,13}\b", text) if vat.is_valid(m)]
        assert any(n.startswith(truth["country"]) for n in numbers) or truth["country"] in acheteur.SHAPED, seed
        found += 1
    assert found >= 5


def test_the_postal_norm_block_has_no_heading_and_the_french_town_line_in_capitals():
    found = 0
    for seed in _seeds(200):
        invoice = blind.make_invoice(seed)
        truth = invoice.context["buyer_truth"]
        if invoice.truth.layout != "ach_norme_postale" or truth["country"] != "FR":
            continue
        assert f"{truth['postcode']} {truth['city']}" in invoice.html, seed
        assert truth["city"] == truth["city"].upper()
        found += 1
    assert found >= 3


def test_a_public_buyer_prints_its_platforms_identifiers():
    words = {"fr": "engagement juridique", "de": "Leitweg-ID", "it": "Codice Univoco Ufficio", "es": "Unidad tramitadora",
             "en": "Purchase Order"}
    found = set()
    for seed in _seeds(300):
        invoice = blind.make_invoice(seed)
        if invoice.truth.layout == "ach_public":
            assert words[invoice.truth.language] in pdf_text(invoice.pdf()), seed
            found.add(invoice.truth.language)
    assert {"fr", "de"} <= found
