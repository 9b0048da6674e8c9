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
import pypdfium2 as pdfium
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
    assert designs.part_of("kimai/default") == designs.TUNING_PART
    assert designs.part_of("kimai/service-date") == designs.UNSEEN_PART
    assert designs.part_of("frappebooks/Basic") == designs.TUNING_PART
    assert designs.part_of("frappebooks/Business") == designs.TUNING_PART
    assert designs.part_of("frappebooks/Minimal") == designs.UNSEEN_PART
    assert designs.part_of("laravelinvoices/default") == designs.TUNING_PART
    for design in ("paymenter/invoice", "fossbilling/default-invoice", "sparksuite/invoice",  # added 2026-12-06
                   "suitecrm/smpl_Invoice_Sample", "suitecrm/smpl_Invoice_Group_Sample", "bagisto/pdf"):
        assert designs.part_of(design) == designs.TUNING_PART
    for design in ("sylius/pdf", "killbill/HtmlInvoiceTemplate", "anvil/invoice", "invoicerr/base", "cashierstripe/invoice",
                   "cashiermollie/receipt"):
        assert designs.part_of(design) == designs.UNSEEN_PART
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


def test_twig_reads_as_jinja_with_the_programs_filters():
    source = ("{# a comment #}<p>{{ 'invoice.to'|trans }} {{ invoice['customer.vat_id'] }}</p>"
              "{% if invoice['customer.vat_id'] is not empty %}<b>{{ 'vat_id'|trans }}</b>{% endif %}"
              "{% if invoice['template.country'] is not null %}<i>{{ invoice['template.country']|country_name('fr') }}</i>"
              "{% endif %}{% if invoice['customer.number'] is empty %}<u>none</u>{% endif %}"
              "<style>{{ css('x')|raw }}</style>{{ 'export.page_of'|trans({'%page%': '{PAGENO}', '%pages%': '{nb}'}) }}")
    template = designs.twig_environment().from_string(designs.twig_to_jinja(source))
    labels = {"invoice.to": "À", "vat_id": "ID de TVA", "export.page_of": "Page %page% sur %pages%"}

    def trans(key, params=None):
        text = labels[key]
        for placeholder, value in (params or {}).items():
            text = text.replace(placeholder, value)
        return text

    page = template.render(invoice={"customer.vat_id": "FR12", "template.country": "DE", "customer.number": ""},
                           trans=trans, country_name=lambda code, lang: {"DE": "Allemagne"}[code],
                           css=lambda _name: "b > i {}")
    assert page.startswith("<p>À FR12</p><b>ID de TVA</b><i>Allemagne</i><u>none</u><style>b > i {}</style>")
    assert "comment" not in page and page.endswith("Page {PAGENO} sur {nb}")
    paged = designs.mpdf_to_css_paged("<!--mpdf\n<htmlpagefooter name='f'><p>Page {PAGENO} / {nb}</p></htmlpagefooter>"
                                      "<sethtmlpagefooter name='f' value='on' />\nmpdf--><p>body</p>")
    assert '<div class="mpdf-footer"><p>Page <span class="mpdf-pageno"></span> / <span class="mpdf-nb"></span>' in paged
    assert "sethtml" not in paged and "mpdf--" not in paged and paged.endswith("<p>body</p>")


def test_vue_templates_render_with_their_javascript_expressions():
    source = ("<main :style=\"{ 'font-family': print.font, backgroundColor: print.color }\">"
              "<h3>{{ doc.entryType === 'SalesInvoice' ? 'To' : 'From' }}</h3><p>{{ t`Item` }} {{ doc?.time }}</p>"
              "<img v-if=\"print.displayLogo\" :src=\"print.logo\" /><b v-else>{{ print.companyName }}</b>"
              "<div v-for=\"row in doc.items\" :key=\"row.name\" class=\"flex w-3/12\">{{ row.item }} &amp; co</div>"
              "<i v-if=\"doc.totalDiscount && !doc.discountAfterTax\">{{ doc.totalDiscount ?? '' }}</i></main>")
    js = designs._JsObject
    scope = {"doc": js(entryType="SalesInvoice", items=[js(item="A<B"), js(item="C")], totalDiscount="5,00 €",
                       discountAfterTax=False),
             "print": js(font="Inter", color="#112B42", displayLogo=False, companyName="ACME"),
             "t": {"Item": "Article"}.get}
    page = designs._vue_render(designs._vue_tree(source), scope)
    assert page == ('<main style="font-family: Inter; background-color: #112B42"><h3>To</h3><p>Article </p>'
                    '<b>ACME</b><div class="flex w-3/12">A&lt;B &amp; co</div><div class="flex w-3/12">C &amp; co</div>'
                    "<i>5,00 €</i></main>")
    css = designs.tailwind_css({"flex", "w-3/12", "px-12", "text-lg", "text-gray-800", "-mx-3", "unknown"},
                               "fontSize: { lg: '14px' }, spacing: { 7: '1.75rem' }", {"gray": {"200": "#EDEDED",
                                                                                            "800": "#383838"}})
    assert ".w-3\\/12 { width: 25.0000%; }" in css and ".px-12 { padding-left: 3rem; padding-right: 3rem; }" in css
    assert ".text-lg { font-size: 14px; }" in css and ".text-gray-800 { color: #383838; }" in css
    assert ".-mx-3 { margin-left: -0.75rem; margin-right: -0.75rem; }" in css and "unknown" not in css


def test_mustache_sections_lists_and_escapes_as_kill_bill_uses_them():
    source = ("<p>{{text.title}} #{{invoice.number}}</p>{{#invoice.items}}<i>{{name}}{{#end}} - {{end}}{{/end}}</i>"
              "{{/invoice.items}}{{#account.city}}{{account.city}}<br>{{/account.city}}{{^invoice.paid}}due{{/invoice.paid}}"
              "<!-- {{#text.properties}}key{{/text.properties}} -->")
    page = designs.mustache(source, {"text": {"title": "Facture"}, "account": {"city": ""},
                                     "invoice": {"number": 12, "paid": False,
                                                 "items": [{"name": "A&B", "end": "31/01"}, {"name": "C"}]}})
    assert page == "<p>Facture #12</p><i>A&amp;B - 31/01</i><i>C</i>due<!--  -->"
    handlebars = ("{{#each items}}<td>{{../currency}} {{price}}</td>{{/each}}{{#if note}}<p>{{{note}}}</p>{{else}}"
                  "<p>none</p>{{/if}}{{#if vat}}<b>{{vat}}</b>{{/if}}")
    assert designs.mustache(handlebars, {"currency": "EUR", "items": [{"price": "1.50"}], "note": "a<br>b", "vat": ""}) \
        == "<td>EUR 1.50</td><p>a<br>b</p>"


def test_ternaries_and_yaml_keys_read_as_the_programs_read_them():
    assert designs._ternaries("{% set x = a + (n > 0 ? h : 0) + ((d|default(0) > 0) ? h : 0) %}") == (
        "{% set x = a + ((h) if (n > 0) else (0)) + ((h) if ((d|default(0) > 0)) else (0)) %}")
    assert designs._ternaries("{{ !n ? __('a') : __('b') }} {{ (t ?? '') }}") == (
        "{{ (__('a')) if (!n) else (__('b')) }} {{ (t  or  '') }}")
    # PyYAML reads « no: 'N°' » and « yes: 'Oui' » with boolean keys (YAML 1.1); Symfony keeps them as words.
    assert designs._flatten({"ui": {True: "Oui", False: "N°", "tax": {"rate": "Taux"}}}) == {
        "ui.yes": "Oui", "ui.no": "N°", "ui.tax.rate": "Taux"}


def test_amounts_in_words_as_php_numberformatter_spells_them():
    if designs._icu() is None:
        assert designs.spell_out(96, "fr") == "96"  # without ICU the digits stay
        return
    assert designs.spell_out(171296, "fr") == "cent soixante-et-onze mille deux cent quatre-vingt-seize"
    assert designs.spell_out(80, "fr") == "quatre-vingts" and designs.spell_out(68, "en") == "sixty-eight"
    assert designs.spell_out(21, "es") == "veintiuno"


def test_xliff_translations_read_by_resname(tmp_path):
    path = tmp_path / "messages.fr.xlf"
    path.write_text('''<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file source-language="en" target-language="fr">
<body><trans-unit id="a" resname="invoice.to"><source>invoice.to</source><target>À</target></trans-unit>
<trans-unit id="b"><source>date</source><target state="translated">Date</target></trans-unit>
<trans-unit id="c" resname="empty"><source>empty</source><target></target></trans-unit></body></file></xliff>''', "utf-8")
    assert designs._xliff(path) == {"invoice.to": "À", "date": "Date"}


def test_php_language_files_read_at_their_top_level():
    text = """<?php
if (!defined('sugarEntry') || !sugarEntry) die('Not A Valid Entry Point');
return [
    'invoice' => 'Facture|Factures', // a comment's 'quote'
    'empty' => ['invoice' => 'Aucune facture', 'items' => "Pas d'articles"],
    "due" => 'Date d\\'échéance',
];
$lang = array('total' => 'Total TTC', 'nested' => array('total' => 'no'));
"""
    assert designs._php_array(text) == {"invoice": "Facture|Factures", "due": "Date d'échéance", "total": "Total TTC"}
    assert designs._php_array(text, nested=True) == {
        "invoice": "Facture|Factures", "empty.invoice": "Aucune facture", "empty.items": "Pas d'articles",
        "due": "Date d'échéance", "total": "Total TTC", "nested.total": "no"}


def test_php_concatenation_leaves_the_dots_inside_strings():
    assert designs._php_expression("'sales.methods.' . $invoice->method . '.title'", set()) == (
        "'sales.methods.' ~ invoice.method ~ '.title'")
    assert designs._php_expression("$item->name.' ('.$item->percent.'%)'", set()) == "item.name~' ('~item.percent~'%)'"


@needs_designs
def test_the_truth_adds_up_and_its_keys_hold():
    truths = [designs.make_invoice(seed, part).truth for part in designs.PARTS for seed in range(60)]
    assert {t.language for t in truths} == {"fr", "en", "de", "es", "it"}
    assert any(len(t.vat_rates) > 1 for t in truths) and any(t.amount_due for t in truths)
    assert any(t.due_date is None for t in truths) and any(t.due_date for t in truths)
    for t in truths:
        assert Decimal(t.total_without_tax) + Decimal(t.total_tax) == Decimal(t.total_with_tax)
        assert t.iban is None or iban.is_valid(t.iban)
        if t.seller_vat_id is None:  # a design that prints no seller identifier (Kill Bill)
            assert not getattr(designs.RENDERERS[t.layout.split("/")[0]], "prints_seller_ids", True)
            continue
        assert (gb_vat if t.seller_vat_id.startswith("GB") else vat).is_valid(t.seller_vat_id)
        if t.language == "fr":
            assert siren.is_valid(t.seller_siren) and t.seller_vat_id.endswith(t.seller_siren)
        assert t.due_date is None or t.due_date >= t.issue_date


@needs_designs
@pytest.mark.parametrize("design", designs.all_designs() or ["none"])
def test_every_truth_value_is_printed_on_the_page(design):
    for seed in (0, 7):
        invoice = designs.make_invoice(seed, designs.part_of(design), design=design)
        truth, data = invoice.truth, invoice.context["data"]
        renderer = designs.RENDERERS[design.split("/")[0]]
        date, amount = getattr(renderer, "date_text", designs.date), getattr(renderer, "amount_text", designs.amount)
        page = squeeze(pdf_text(invoice.pdf()))
        for value in (truth.invoice_number, truth.seller_name, truth.buyer_name, date(data, data.issue)):
            assert squeeze(value) in page, (design, seed, value)
        if truth.due_date:
            assert squeeze(date(data, data.due)) in page, (design, seed)
        total = amount(data, data.ttc)
        assert squeeze(total) in page and printed_amount(total) == Decimal(truth.total_with_tax), (design, seed)
        taxes = [amount(data, tax) for _rate, _base, tax in data.bases]
        if not getattr(renderer, "tax_breakdown", True):
            taxes = [amount(data, data.tva)]  # the design prints the total tax only
        assert all(squeeze(tax) in page for tax in taxes), (design, seed, taxes)
        assert sum(map(printed_amount, taxes)) == Decimal(truth.total_tax)
        ht = amount(data, data.ht)
        if squeeze(ht) not in page and getattr(renderer, "prints_ht", True):
            # InvoiceShelf and the copied HTML templates print the subtotal and the discount, not their difference
            printed = [amount(data, v) for v in (data.subtotal, data.discount)]
            assert data.discount and all(squeeze(p) in page for p in printed), (design, seed)
        if truth.amount_due:
            assert squeeze(amount(data, Decimal(truth.amount_due))) in page, (design, seed)
        if not getattr(renderer, "prints_seller_ids", True):  # Kill Bill: the tenant's name and address only
            assert truth.seller_vat_id is None and truth.seller_siren is None
            continue
        assert truth.seller_vat_id.casefold() in page, (design, seed)
        if truth.iban:
            assert squeeze(truth.iban) in page.replace(" ", ""), (design, seed)
        if truth.seller_siren:
            assert luhn.is_valid(truth.seller_siren) and truth.seller_siren in page.replace(" ", ""), (design, seed)


@needs_designs
def test_credit_notes_and_long_invoices_are_drawn_and_printed_as_such():
    # Invoice Ninja prints credits with the same designs (its credit labels, amounts positive); Frappe Books prints
    # a return with the invoice's template, every amount negative. Both: type 381, no due date, no deposit.
    credits = {}
    for design in ("invoiceninja/clean", "frappebooks/Basic"):
        if design in designs.all_designs():
            credits[design] = next(invoice for seed in range(200) if (invoice := designs.make_invoice(
                seed, designs.part_of(design), design=design)).context["data"].credit)
    assert credits
    for design, invoice in credits.items():
        truth, data = invoice.truth, invoice.context["data"]
        assert designs.RENDERERS[design.split("/")[0]].credits
        assert truth.document_type_code == "381" and truth.due_date is None and truth.amount_due is None
        assert Decimal(truth.total_without_tax) + Decimal(truth.total_tax) == Decimal(truth.total_with_tax)
        page = squeeze(pdf_text(invoice.pdf()))
        assert squeeze(truth.invoice_number) in page and squeeze(designs.amount(data, data.ttc)) in page
        if design.startswith("invoiceninja"):
            assert squeeze(designs.InvoiceNinja.texts(data.language)["credit_number"]) in page
            assert Decimal(truth.total_with_tax) > 0
        else:
            assert Decimal(truth.total_with_tax) < 0 and all(line.amount < 0 for line in data.lines)
    kinds = [designs.make_invoice(seed, designs.UNSEEN_PART) for seed in range(40)]
    assert all(i.truth.document_type_code == ("381" if i.context["data"].credit else "380") for i in kinds)
    long = next(invoice for seed in range(200) if len((invoice := designs.make_invoice(
        seed, designs.TUNING_PART)).context["data"].lines) >= designs.LONG_LINES[0])
    pdf = long.pdf()
    assert long.truth.pages > 1, long.truth.layout
    assert squeeze(designs.amount(long.context["data"], long.context["data"].ttc)) in squeeze(pdf_text(pdf))


@needs_designs
def test_a_discount_rate_prints_as_the_program_prints_it():
    # InvoiceShelf prints « ({{ $invoice->discount }}%) »: « (10%) », never Decimal's « (1E+1%) ».
    design = "invoiceshelf/invoice1"
    invoice = next(invoice for seed in range(300) if (invoice := designs.make_invoice(
        seed, designs.part_of(design), design=design)).context["data"].discount_pct == 10)
    page = pdf_text(invoice.pdf())
    assert "(10%)" in page and "E+" not in page


@needs_designs
def test_kimai_repeats_its_page_header_and_footer_on_every_page():
    design = "kimai/default"
    if design not in designs.all_designs():
        pytest.skip(f"no {design} under {designs.DESIGNS} (a set rebuilt before it was added)")
    for seed in range(200):
        invoice = designs.make_invoice(seed, designs.part_of(design), design=design)
        if len(invoice.context["data"].lines) >= designs.LONG_LINES[0]:
            break
    pdf = invoice.pdf()
    document = pdfium.PdfDocument(pdf)
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    assert invoice.truth.pages >= 2 and invoice.truth.due_date
    texts = designs.Kimai.texts(invoice.truth.language)
    for number, page in enumerate(pages[:invoice.truth.pages], start=1):
        assert designs.INVOICE_TITLE[invoice.truth.language] in page  # the header
        assert texts["export.page_of"].replace("%page%", str(number)).replace("%pages%", str(invoice.truth.pages)) \
            in page  # the footer, with its page counters


def test_the_reading_bench_scores_each_program_apart():
    import bench_readings

    truth = {"invoice_number": "F-1", "issue_date": "2024-01-02", "total_with_tax": "12.00", "seller_name": "ACME"}

    def row(layout, number):
        return {"kind": "text", "language": "fr", "layout": layout, "ms": 1.0, "cpu_ms": 1.0, "truth": truth,
                "got": {**truth, "invoice_number": number}}

    rows = [row("kimai/default", "F-1"), row("kimai/service-date", "F-2"), row("frappebooks/Basic", "F-1")]
    lines = {metric: value for metric, value, _target in bench_readings.table(rows, "modèles")}
    assert lines["modèles text «kimai» (2) : 3 champs / vendeur"] == "50% / 100%"
    assert lines["modèles text «frappebooks» (1) : 3 champs / vendeur"] == "100% / 100%"
    assert lines["modèles text <kimai/service-date> (1) : 3 champs / vendeur"] == "0% / 100%"
    plain = [metric for metric, _v, _t in bench_readings.table([{**rows[0], "layout": "classic"}])]
    assert not any("«" in metric for metric in plain)  # the generated families' layouts have no program


@pytest.mark.parametrize("bench", ["bench_readings.py", "bench_convert_paper.py"])
def test_the_benches_refuse_to_show_the_misses_of_the_never_tuned_designs(bench):
    done = subprocess.run([sys.executable, str(Path(__file__).with_name(bench)), "--part", designs.UNSEEN_PART,
                           "--misses", "--count", "1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "refusé" in done.stderr and "modèles inédits" in done.stderr
    assert not done.stdout.strip()
