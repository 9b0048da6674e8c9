"""``guichet convert`` from paper (issue 13): a valid file with exit 0, or exit 1 naming what was not read.

A PDF without XML (text layer or scan) is read, completed into an EN 16931 invoice
(:mod:`guichet.core.pipeline.completion`: lines per VAT rate, categories,
countries) and only then judged by the official artefacts; it is written only when
valid and when it reads back to the same number, date and total.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from paper_samples import TRUTH, paper_pdf, scanned

#: The buyer's SIREN printed under its address: registered in France (R.123-221), hence BT-55 = FR.
BUYER_SIREN = "552081317"


def _guichet(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guichet.core", *args], capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    """The fixed French invoice (tests/paper_samples.py) with its buyer's SIREN as a text-layer PDF and
    as a 200-dpi scan, without its buyer (a field no reading can establish), and without the buyer's
    SIREN (« 75016 Paris » alone does not say the buyer is in France: five digits fit Germany too)."""
    folder = tmp_path_factory.mktemp("papers")
    pdf = paper_pdf(buyer_siren=BUYER_SIREN)
    out = {"text": pdf, "scan": scanned(pdf), "no-buyer": paper_pdf(buyer=False), "no-country": paper_pdf()}
    paths = {}
    for name, data in out.items():
        paths[name] = folder / f"facture-{name}.pdf"
        paths[name].write_bytes(data)
    return paths


@pytest.mark.parametrize(("source", "target", "name"), [("text", "facturx", "out.pdf"), ("text", "ubl", "out.xml"),
                                                        ("text", "cii", "out.cii.xml"), ("scan", "facturx", "out.pdf")])
def test_paper_invoice_converts_to_a_valid_file(papers, tmp_path, source, target, name):
    out = tmp_path / name
    done = _guichet("convert", str(papers[source]), "--to", target, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert _guichet("validate", str(out)).returncode == 0
    read = json.loads(_guichet("extract", "--json", str(out)).stdout)
    assert (read["invoice_number"], read["issue_date"], read["total_with_tax"]) == \
        (TRUTH["invoice_number"], TRUTH["issue_date"], TRUTH["total_with_tax"])
    assert read["source"] == "xml"


def test_paper_invoice_missing_a_field_is_refused_naming_it(papers, tmp_path):
    out = tmp_path / "out.pdf"
    done = _guichet("convert", str(papers["no-buyer"]), "--to", "facturx", "-o", str(out))
    assert done.returncode == 1
    assert "champs que la lecture n'a pas pu établir : nom de l'acheteur (BT-44)" in done.stderr
    assert "BR-07 (non établi par la lecture)" in done.stderr
    assert "BR-CO-10" not in done.stderr and "BR-16" not in done.stderr  # the lines hold by construction
    assert not out.exists()


def test_a_buyer_whose_country_is_not_printed_is_refused_naming_it(papers, tmp_path):
    out = tmp_path / "out.pdf"
    done = _guichet("convert", str(papers["no-country"]), "--to", "facturx", "-o", str(out))
    assert done.returncode == 1
    assert "champs que la lecture n'a pas pu établir : pays de l'acheteur (BT-55)" in done.stderr
    assert not out.exists()


def test_a_key_field_read_too_weakly_is_refused_and_named():
    """A number taken from a lone reference (no label, no cross-check) is not written with no person:
    a wrong number in a valid Factur-X would be worse than a refusal naming it."""
    from guichet.plugins.validate_en16931 import convert

    weak = convert._uncertain({"invoice_number": 0.24, "issue_date": 0.45, "total_with_tax": 0.99})
    assert weak == ["numéro de facture (BT-1) (lecture incertaine)"]
    assert convert._uncertain({"invoice_number": 0.9, "issue_date": 0.45}) == []
    written = convert.Conversion(output=b"%PDF-", paper=True)
    assert written.ok
    held = convert.Conversion(output=b"%PDF-", paper=True, uncertain=weak)
    assert not held.ok and held.missing == weak


def test_a_weakly_read_issue_date_is_refused_when_the_page_shows_other_dates():
    """A date read without an issue-date label may be the delivery or order date printed beside it."""
    import datetime as dt

    from guichet.plugins.validate_en16931 import convert

    page = "Livraison : 06-09-2020\nLe 14 septembre 2020\nÉchéance 14/10/2020"
    assert convert.dates_on_page(page) == {dt.date(2020, 9, 6), dt.date(2020, 9, 14), dt.date(2020, 10, 14)}
    record = {"issue_date": "2020-09-14", "due_date": "2020-10-14"}
    assert convert._date_doubt(record, {"issue_date": 0.45}, page) == [
        "date de facture (BT-2) (lecture incertaine : d'autres dates figurent sur la page)"]
    assert convert._date_doubt(record, {"issue_date": 0.99}, page) == []  # read after its label
    alone = "Le 14 septembre 2020\nÉchéance 14/10/2020"
    assert convert._date_doubt(record, {"issue_date": 0.45}, alone) == []  # the one date besides the due date


def test_an_ocr_number_cut_in_two_is_refused_and_named():
    """« Numéro de facture : 2025/7 1080 »: the OCR put a space inside the number; the reading took its first part."""
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue, Page, TextResult, Word
    from guichet.plugins.validate_en16931 import convert

    def reading(next_word: str, gap: float, source: str = "ocr") -> SimpleNamespace:
        words = [Word("2025/7", (0.40, 0.20, 0.46, 0.215)), Word(next_word, (0.46 + gap, 0.20, 0.50 + gap, 0.215))]
        proposal = FieldProposal()
        proposal.fields["invoice_number"] = FieldValue("2025/7", 0.8, 1, (0.40, 0.20, 0.46, 0.215))
        return SimpleNamespace(proposal=proposal, text=TextResult([Page(1, 1654, 2339, words, "px")], source, "t"))

    assert convert._number_doubt(reading("1080", 0.008)) == [
        "numéro de facture (BT-1) (lecture incertaine : « 2025/7 » suivi de « 1080 »)"]
    assert convert._number_doubt(reading("09/08/2025", 0.008)) == []  # a date in the next column
    assert convert._number_doubt(reading("du", 0.008)) == []  # « Facture R2025-63 du 05/02/2025 »
    assert convert._number_doubt(reading("C10302", 0.10)) == []  # far: another field
    assert convert._number_doubt(reading("1080", 0.008, "text layer")) == []  # a text layer's words are as written
