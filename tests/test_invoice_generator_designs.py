"""The family drawn with real invoice designs of open-source software (tests/invoice_generator_designs.py).

Its designs are fetched data (``../shared/designs``, rebuilt by tests/data/designs/rebuild.py): the tests
that render them skip when the set is absent (CI has no network). The split of designs between the
tuning part and the never-tuned one, and the Blade translation, are tested without it.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import invoice_generator_designs as designs
import jinja2
import pytest
from family_checks import pdf_text, printed_amount, squeeze
from stdnum import iban, luhn
from stdnum.eu import vat
from stdnum.fr import siren
from stdnum.gb import vat as gb_vat

needs_designs = pytest.mark.skipif(not designs.available(), reason=f"no designs under {designs.DESIGNS} "
                                   "(tests/data/designs/rebuild.py rebuilds them from fetched mirrors)")


def test_the_split_is_a_fixed_hash_of_the_design_name():
    # The same on every machine and run: a design never moves between the tuning and the never-tuned part.
    assert designs.part_of("invoiceninja/clean") == designs.TUNING_PART
    assert designs.part_of("invoiceninja/bold") == designs.UNSEEN_PART
    assert designs.part_of("invoiceshelf/invoice2") == designs.UNSEEN_PART
    assert designs.part_of("akaunting/default") == designs.TUNING_PART
    assert designs.part_of("akaunting/classic") == designs.UNSEEN_PART
    names = [f"source/design{i}" for i in range(400)]
    share = sum(designs.part_of(name) == designs.TUNING_PART for name in names) / len(names)
    assert 0.53 < share < 0.67


def test_blade_reads_as_jinja():
    source = ("@php $index = 1 @endphp<h1>@lang('pdf_invoice_label')</h1>@foreach ($invoice->items as $item)"
              "<p>{{$index}} {{ $item->name.' ('.$item->percent.'%)' }} {!! money($item->total) !!}</p>"
              "@php $index += 1 @endphp @endforeach @if($invoice->discount > 0 && $invoice->kind === 'fixed')"
              "<b>x</b>@elseif (count($invoice->items) > 1)<i>{{ $invoice->note }}</i>@else<u>z</u>@endif"
              "@if ($a !== '<br />')<s>y</s>@endif")
    jinja = designs.blade_to_jinja(source, lambda _view: "")
    obj = designs._Obj
    items = [obj(name="A&B", percent="20", total=Decimal("1.50")), obj(name="C", percent="5.5", total=Decimal(2))]
    page = jinja2.Environment(autoescape=True).from_string(jinja).render(
        invoice=obj(items=items, discount=0, kind="fixed", note="<n>"), a="<br />",
        lang=lambda key: {"pdf_invoice_label": "Facture"}[key], money=lambda value: f"<em>{value}</em>")
    assert page.startswith("<h1>Facture</h1>")
    assert "<p>1 A&amp;B (20%) <em>1.50</em></p>" in page and "<p>2 C (5.5%) <em>2</em></p>" in page
    assert "<i>&lt;n&gt;</i>" in page and "<b>" not in page and "<u>" not in page and "<s>" not in page


@needs_designs
def test_there_are_designs_in_both_parts_and_same_seed_gives_the_same_invoice():
    tuning, unseen = designs.designs_of(designs.TUNING_PART), designs.designs_of(designs.UNSEEN_PART)
    assert tuning and unseen and not set(tuning) & set(unseen)
    for part in designs.PARTS:
        first, again = designs.make_invoice(3, part), designs.make_invoice(3, part)
        assert first.html == again.html and first.truth == again.truth and first.truth.part == part
    assert designs.TUNING.make_invoice(1).html != designs.TUNING.make_invoice(2).html


def test_php_language_files_read_at_their_top_level():
    text = """<?php
return [
    'invoice' => 'Facture|Factures', // a comment's 'quote'
    'empty' => ['invoice' => 'Aucune facture', 'items' => "Pas d'articles"],
    "due" => 'Date d\\'échéance',
];
$lang = array('total' => 'Total TTC', 'nested' => array('total' => 'no'));
"""
    assert designs._php_array(text) == {"invoice": "Facture|Factures", "due": "Date d'échéance", "total": "Total TTC"}


@needs_designs
def test_the_truth_adds_up_and_its_keys_hold():
    truths = [designs.make_invoice(seed, part).truth for part in designs.PARTS for seed in range(60)]
    assert {t.language for t in truths} == {"fr", "en", "de", "es", "it"}
    assert any(len(t.vat_rates) > 1 for t in truths) and any(t.amount_due for t in truths)
    assert any(t.due_date is None for t in truths) and any(t.due_date for t in truths)
    for t in truths:
        assert Decimal(t.total_without_tax) + Decimal(t.total_tax) == Decimal(t.total_with_tax)
        assert (gb_vat if t.seller_vat_id.startswith("GB") else vat).is_valid(t.seller_vat_id)
        assert t.iban is None or iban.is_valid(t.iban)
        if t.language == "fr":
            assert siren.is_valid(t.seller_siren) and t.seller_vat_id.endswith(t.seller_siren)
        assert t.due_date is None or t.due_date >= t.issue_date


@needs_designs
@pytest.mark.parametrize("design", designs.all_designs() or ["none"])
def test_every_truth_value_is_printed_on_the_page(design):
    for seed in (0, 7):
        invoice = designs.make_invoice(seed, designs.part_of(design), design=design)
        truth, data = invoice.truth, invoice.context["data"]
        page = squeeze(pdf_text(invoice.pdf()))
        for value in (truth.invoice_number, truth.seller_name, truth.buyer_name, designs.date(data, data.issue)):
            assert squeeze(value) in page, (design, seed, value)
        if truth.due_date:
            assert squeeze(designs.date(data, data.due)) in page, (design, seed)
        total = designs.amount(data, data.ttc)
        assert squeeze(total) in page and printed_amount(total) == Decimal(truth.total_with_tax), (design, seed)
        taxes = [designs.amount(data, tax) for _rate, _base, tax in data.bases]
        assert all(squeeze(tax) in page for tax in taxes), (design, seed, taxes)
        assert sum(map(printed_amount, taxes)) == Decimal(truth.total_tax)
        ht = designs.amount(data, data.ht)
        if squeeze(ht) not in page:  # InvoiceShelf prints the subtotal and the discount, not their difference
            printed = [designs.amount(data, v) for v in (data.subtotal, data.discount)]
            assert data.discount and all(squeeze(p) in page for p in printed), (design, seed)
        if truth.amount_due:
            assert squeeze(designs.amount(data, Decimal(truth.amount_due))) in page, (design, seed)
        assert truth.seller_vat_id.casefold() in page, (design, seed)
        if truth.iban:
            assert squeeze(truth.iban) in page.replace(" ", ""), (design, seed)
        if truth.seller_siren:
            assert luhn.is_valid(truth.seller_siren) and truth.seller_siren in page.replace(" ", ""), (design, seed)


@pytest.mark.parametrize("bench", ["bench_readings.py", "bench_convert_paper.py"])
def test_the_benches_refuse_to_show_the_misses_of_the_never_tuned_designs(bench):
    done = subprocess.run([sys.executable, str(Path(__file__).with_name(bench)), "--part", designs.UNSEEN_PART,
                           "--misses", "--count", "1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "refusé" in done.stderr and "modèles inédits" in done.stderr
    assert not done.stdout.strip()
