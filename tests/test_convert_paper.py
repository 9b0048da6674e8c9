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
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from invoice_generator import make_invoice


def _guichet(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guichet.core", *args], capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    """Two French invoices of the generator's tuning part as text-layer PDFs: seed 28 fully legible,
    seed 7 whose buyer name the reading does not find."""
    folder = tmp_path_factory.mktemp("papers")
    out = {}
    for seed in (28, 7):
        invoice = make_invoice(seed, language="fr", max_lines=2)
        path = folder / f"facture-{seed}.pdf"
        path.write_bytes(invoice.pdf())
        out[seed] = (path, invoice.truth)
    return out


@pytest.mark.parametrize(("target", "name"), [("facturx", "out.pdf"), ("ubl", "out.xml"), ("cii", "out.cii.xml")])
def test_paper_invoice_converts_to_a_valid_file(papers, tmp_path, target, name):
    source, truth = papers[28]
    out = tmp_path / name
    done = _guichet("convert", str(source), "--to", target, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert _guichet("validate", str(out)).returncode == 0
    read = json.loads(_guichet("extract", "--json", str(out)).stdout)
    assert (read["invoice_number"], read["issue_date"], read["total_with_tax"]) == \
        (truth.invoice_number, truth.issue_date, truth.total_with_tax)
    assert read["source"] == "xml"


def test_paper_invoice_missing_a_field_is_refused_naming_it(papers, tmp_path):
    source, _truth = papers[7]
    out = tmp_path / "out.pdf"
    done = _guichet("convert", str(source), "--to", "facturx", "-o", str(out))
    assert done.returncode == 1
    assert "champs que la lecture n'a pas pu établir : nom de l'acheteur (BT-44)" in done.stderr
    assert "BR-07 (non établi par la lecture)" in done.stderr
    assert "BR-CO-10" not in done.stderr and "BR-16" not in done.stderr  # the lines hold by construction
    assert not out.exists()
