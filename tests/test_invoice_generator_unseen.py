"""The never-tuned family « inédit » (tests/invoice_generator_unseen.py).

It must be deterministic, print every truth value on the page as a person reads it, carry
identifiers with valid keys, and share no label wording with the two families the rules are
tuned on (tests/invoice_generator.py and tests/invoice_generator_blind.py): otherwise it would
not measure how the readings hold on invoices never seen.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import invoice_generator_unseen as unseen
import pytest
from family_checks import UNAVOIDABLE, fold, generator_strings, pdf_text, printed_amount, squeeze
from stdnum import iban
from stdnum.eu import vat
from stdnum.fr import siren, siret

OTHER_GENERATORS = [Path(__file__).with_name("invoice_generator.py"), Path(__file__).with_name("invoice_generator_blind.py"),
                    *sorted(Path(__file__).parent.glob("invoice_generator_blind_*.py"))]  # the blind family's added modules
#: The few national wordings the brief of this family names as the ones real invoices print
#: (German invoice number and date of supply, Spanish number, base and VAT quota, Italian number,
#: base and document total): a family without them would not look like the invoices of those countries.
NAMED_BY_THE_BRIEF = {fold(text) for text in ("Rechnungsnummer", "Leistungsdatum", "Nº de factura", "Base imponible",
                                               "Cuota IVA", "Fattura n.", "Imponibile", "Totale documento")}


def test_no_label_wording_is_shared_with_the_tuned_families():
    mine = {fold(label): label for label in unseen.label_strings()}
    assert len(mine) > 700
    for path in OTHER_GENERATORS:
        theirs = generator_strings(path)
        shared = set(mine) & theirs
        assert shared <= UNAVOIDABLE | NAMED_BY_THE_BRIEF, (path.name, sorted(mine[key] for key in shared - UNAVOIDABLE))
        assert not {fold(name) for name in unseen.LAYOUTS} & theirs, path.name


def test_same_seed_same_invoice():
    for seed in range(5):
        first, again = unseen.make_invoice(seed), unseen.make_invoice(seed)
        assert first.html == again.html and first.truth == again.truth
    assert unseen.make_invoice(1).html != unseen.make_invoice(2).html
    assert pdf_text(unseen.make_invoice(3).pdf()) == pdf_text(unseen.make_invoice(3).pdf())


def test_the_family_is_varied_and_its_truth_adds_up():
    truths = [unseen.make_invoice(seed).truth for seed in range(300)]
    assert {t.layout for t in truths} == set(unseen.LAYOUTS)
    languages = Counter(t.language for t in truths)
    assert set(languages) == set(unseen.LANGUAGES)
    assert 0.45 < languages["fr"] / len(truths) < 0.65
    assert any(t.document_type_code == "381" for t in truths)
    assert any(len(t.vat_rates) > 1 for t in truths) and any(t.vat_rates == ["0"] for t in truths)
    assert any(t.amount_due for t in truths) and any(t.due_date is None for t in truths)
    assert any(t.iban is None for t in truths) and any(t.seller_vat_id is None for t in truths)
    for t in truths:
        assert Decimal(t.total_without_tax) + Decimal(t.total_tax) == Decimal(t.total_with_tax)
        assert t.part == "inedit" and t.invoice_number and t.seller_name and t.buyer_name
        assert t.seller_vat_id is None or vat.is_valid(t.seller_vat_id), t.seller_vat_id
        assert t.iban is None or iban.is_valid(t.iban), t.iban
        if t.seller_siren:
            assert siren.is_valid(t.seller_siren)
            assert t.seller_vat_id is None or t.seller_vat_id.endswith(t.seller_siren)
        assert t.due_date is None or t.due_date >= t.issue_date
        assert t.amount_due is None or Decimal(t.amount_due) < Decimal(t.total_with_tax)


def test_the_sirets_printed_carry_their_key():
    for seed in range(40):
        invoice = unseen.make_invoice(seed, language="fr")
        number = invoice.context["seller"]["siret"]
        if number:
            assert siret.is_valid(number) and number.startswith(invoice.truth.seller_siren)


def _date(printed: str, language: str) -> str:
    """The ISO form of a printed date, numeric or with the month in words (full or abbreviated)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", printed):
        return printed
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", printed):
        day, month, year = (int(g) for g in m.groups())
        return f"{year if year > 99 else 2000 + year:04d}-{month:02d}-{day:02d}"
    months = [fold(name) for name in unseen.MONTHS[language]]
    words = [word for word in re.findall(r"[^\W\d_]+", fold(printed)) if len(word) >= 3]
    found = {i + 1 for word in words for i, name in enumerate(months) if name == word}
    found = found or {i + 1 for word in words for i, name in enumerate(months) if name.startswith(word)}
    assert len(found) == 1, printed
    day = int(re.search(r"\b(\d{1,2})(?:er)?\b(?!\d)", re.sub(r"\d{4}", "", printed)).group(1))
    year = int(re.search(r"\b(\d{4})\b", printed).group(1))
    return f"{year:04d}-{found.pop():02d}-{day:02d}"


@pytest.mark.parametrize("layout", unseen.LAYOUTS)
def test_every_truth_value_is_printed_on_the_page(layout):
    for seed in (11, 12, 13):
        invoice = unseen.make_invoice(seed, layout=layout)
        truth, ctx = invoice.truth, invoice.context
        page = squeeze(pdf_text(invoice.pdf()))
        for value in (truth.invoice_number, truth.seller_name, truth.buyer_name, ctx["issue"]):
            assert squeeze(value) in page, (layout, seed, value)
        assert _date(ctx["issue"], truth.language) == truth.issue_date
        if truth.due_date:
            assert squeeze(ctx["due"]) in page and _date(ctx["due"], truth.language) == truth.due_date, (layout, seed)
        for name in ("total_without_tax", "total_tax", "total_with_tax", "amount_due"):
            if getattr(truth, name) is None:
                continue
            printed = [unseen.amount(Decimal(getattr(truth, name)), ctx["style"], currency=currency) for currency in (True, False)]
            if not any(squeeze(p) in page for p in printed):
                assert name == "total_tax", (layout, seed, name, printed)  # only the tax of each rate is printed
                taxes = [unseen.amount(tax, ctx["style"], currency=False) for _rate, _base, tax in ctx["breakdown"]]
                assert all(squeeze(tax) in page for tax in taxes), (layout, seed, taxes)
                assert sum(map(printed_amount, taxes)) == Decimal(truth.total_tax)
                continue
            assert printed_amount(printed[0]) == Decimal(getattr(truth, name))
        if truth.seller_vat_id:
            assert truth.seller_vat_id[2:].casefold() in page, (layout, seed)
        if truth.iban:
            assert truth.iban.casefold() in page, (layout, seed)
        if truth.seller_siren:
            assert truth.seller_siren in re.sub(r"\D", "", page), (layout, seed)


@pytest.mark.parametrize("bench", ["bench_readings.py", "bench_convert_paper.py"])
def test_the_benches_refuse_to_show_the_misses_of_this_family(bench):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(Path(__file__).with_name(bench)), "--part", unseen.PART, "--misses",
                           "--count", "1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "refusé" in done.stderr and "inédit" in done.stderr
    assert "seed" not in done.stdout and not done.stdout.strip()
