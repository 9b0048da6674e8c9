"""The never-tuned family of generated invoices (tests/invoice_generator_blind.py).

It must be deterministic, print every truth value on the page, carry identifiers with valid
keys, and share no label wording with tests/invoice_generator.py (the family the rules were
tuned on): otherwise it would not measure how the readings generalise.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import invoice_generator_blind as blind
import pytest
from family_checks import UNAVOIDABLE, fold, generator_strings, pdf_text, printed_amount, squeeze
from stdnum import iban
from stdnum.eu import vat
from stdnum.fr import siren
import itertools

MAIN_GENERATOR = Path(__file__).with_name("invoice_generator.py")


def test_no_label_wording_is_shared_with_the_main_generator():
    mine = {fold(label): label for label in blind.label_strings()}
    assert len(mine) > 500
    shared = set(mine) & generator_strings(MAIN_GENERATOR)
    assert shared <= UNAVOIDABLE, sorted(mine[key] for key in shared - UNAVOIDABLE)
    assert not set(blind.LAYOUTS + blind.KIND_LAYOUTS + blind.BUYER_LAYOUTS + blind.FORM_LAYOUTS + blind.NUMBER_LAYOUTS
                   + blind.DATE_LAYOUTS + blind.SELLER_LAYOUTS) & generator_strings(MAIN_GENERATOR)


def test_same_seed_same_invoice():
    for seed in range(6):
        first, again = blind.make_invoice(seed), blind.make_invoice(seed)
        assert first.html == again.html and first.truth == again.truth
    assert blind.make_invoice(1).html != blind.make_invoice(2).html
    assert pdf_text(blind.make_invoice(3).pdf()) == pdf_text(blind.make_invoice(3).pdf())


def test_the_family_is_varied_and_its_truth_adds_up():
    truths = [blind.make_invoice(seed).truth for seed in range(150)]
    assert {t.layout for t in truths} == set(blind.LAYOUTS)
    assert {t.language for t in truths} == set(blind.LANGUAGES)
    assert any(t.document_type_code == "381" for t in truths)
    assert any(len(t.vat_rates) > 1 for t in truths) and any(t.vat_rates == ["0"] for t in truths)
    assert any(t.amount_due for t in truths) and any(t.due_date is None for t in truths)
    for t in truths:
        assert Decimal(t.total_without_tax) + Decimal(t.total_tax) == Decimal(t.total_with_tax)
        assert t.part == "blind" and t.invoice_number and t.seller_name and t.buyer_name
        assert t.seller_vat_id is None or vat.is_valid(t.seller_vat_id)
        assert iban.is_valid(t.iban)
        if t.seller_siren:
            assert siren.is_valid(t.seller_siren)
            assert t.seller_vat_id is None or t.seller_vat_id.endswith(t.seller_siren)
        assert t.due_date is None or t.due_date >= t.issue_date


def _date(printed: str, language: str) -> str:
    """The ISO form of a printed date, numeric or written."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", printed):
        return printed
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", printed):
        day, month, year = (int(g) for g in m.groups())
        if month > 12:  # an American date, month first (« 11/26/2024 »)
            day, month = month, day
        return f"{year if year > 99 else 2000 + year:04d}-{month:02d}-{day:02d}"
    words = printed.casefold()
    month = max((len(name) if name.casefold() in words else 3 if re.search(rf"\b{name[:3].casefold()}\b", words)
                 else 0, i + 1) for i, name in enumerate(blind.MONTHS[language]))[1]
    day = int(re.search(r"\b(\d{1,2})(?:er|st|nd|rd|th|\.)?\b", printed).group(1))
    year = int(re.search(r"\b(\d{4})\b", printed).group(1))
    return f"{year:04d}-{month:02d}-{day:02d}"


def test_the_kinds_of_documents_are_drawn_from_their_seeds_on_and_the_seeds_before_keep_their_layouts():
    kinds = {blind.make_invoice(seed).truth.layout for seed in range(blind.KINDS_FROM, blind.KINDS_FROM + 60)}
    assert kinds == set(blind.KIND_LAYOUTS)
    assert {blind.make_invoice(seed).truth.layout for seed in range(40)} <= set(blind.LAYOUTS)
    assert blind.make_invoice(blind.KINDS_FROM, layout="avoir_grille").truth.document_type_code == "381"


def test_the_buyer_layouts_are_drawn_from_their_seeds_on_and_print_the_buyer_block_s_truth():
    start = blind.BUYERS_FROM
    assert {blind.make_invoice(seed).truth.layout for seed in range(start, start + 40)} == set(blind.BUYER_LAYOUTS)
    assert {blind.make_invoice(seed).truth.layout for seed in range(blind.KINDS_FROM, blind.KINDS_FROM + 30)} <= set(
        blind.KIND_LAYOUTS)
    countries, kinds = set(), set()
    for seed in range(start, start + 60):
        invoice = blind.make_invoice(seed)
        page = squeeze(pdf_text(invoice.pdf()))
        truth = invoice.context["buyer_truth"]
        countries.add(truth["country"])
        kinds.add(blind._buyer_party(seed, invoice.truth.language, None)["kind"])
        assert truth["name"] == invoice.truth.buyer_name
        for value in (truth["postcode"], truth["city"], *truth["address_lines"]):
            assert squeeze(value) in page, (seed, value)
    assert len(countries) >= 8 and {"person", "capitals", "wrapped"} <= kinds


def test_the_number_layouts_are_drawn_from_their_seeds_on_and_the_kinds_keep_their_seeds():
    layouts = {blind.make_invoice(seed).truth.layout for seed in range(blind.NUMBER_FROM, blind.NUMBER_FROM + 40)}
    assert layouts == set(blind.NUMBER_LAYOUTS)
    assert {blind.make_invoice(seed).truth.layout for seed in range(blind.KINDS_FROM, blind.KINDS_FROM + 20)} \
        <= set(blind.KIND_LAYOUTS)
    assert blind.make_invoice(blind.NUMBER_FROM, layout="avoir_titre").truth.document_type_code == "381"


def test_the_date_layouts_are_drawn_from_their_seeds_on_and_the_number_layouts_keep_their_seeds():
    layouts = {blind.make_invoice(seed).truth.layout for seed in range(blind.DATES_FROM, blind.DATES_FROM + 30)}
    assert layouts == set(blind.DATE_LAYOUTS)
    assert {blind.make_invoice(seed).truth.layout for seed in range(blind.NUMBER_FROM, blind.NUMBER_FROM + 20)} \
        <= set(blind.NUMBER_LAYOUTS)
    countries = {blind.make_invoice(seed, layout="pied_etranger").context["foreign"]["country"] for seed in range(120)}
    assert countries == set(blind.FOREIGN)
    styles = set()
    for seed in range(blind.DATES_FROM, blind.DATES_FROM + 24):  # every form of date these layouts print
        invoice = blind.make_invoice(seed)
        truth, ctx = invoice.truth, invoice.context
        page = squeeze(pdf_text(invoice.pdf()))
        styles.add(ctx["date_style"])
        assert squeeze(ctx["issue_printed"]) in page and _date(ctx["issue_printed"], truth.language) == truth.issue_date
        if truth.due_date:
            assert squeeze(ctx["due_printed"]) in page and _date(ctx["due_printed"], truth.language) == truth.due_date
    assert len(styles) >= 5, styles


def test_the_seller_layouts_are_drawn_from_their_seeds_on_and_print_the_legal_name_beside_the_trading_name():
    invoices = [blind.make_invoice(seed) for seed in range(blind.SELLERS_FROM, blind.SELLERS_FROM + 30)]
    assert {i.truth.layout for i in invoices} == set(blind.SELLER_LAYOUTS)
    assert sum(i.truth.language in ("en", "es") for i in invoices) >= 15  # English and Spanish first
    assert {blind.make_invoice(seed).truth.layout for seed in range(blind.DATES_FROM, blind.DATES_FROM + 20)} \
        <= set(blind.DATE_LAYOUTS)
    for invoice in invoices[:8]:
        page = squeeze(pdf_text(invoice.pdf()))
        brand = invoice.context["brand"]
        assert squeeze(brand) in page and squeeze(invoice.truth.seller_name) in page
        assert squeeze(brand) not in squeeze(invoice.truth.seller_name)  # the trading name is not the legal name


@pytest.mark.parametrize("layout", blind.LAYOUTS + blind.KIND_LAYOUTS + blind.BUYER_LAYOUTS + blind.FORM_LAYOUTS
                         + blind.NUMBER_LAYOUTS + blind.DATE_LAYOUTS + blind.SELLER_LAYOUTS)
def test_every_truth_value_is_printed_on_the_page(layout):
    for seed in (11, 12):
        invoice = blind.make_invoice(seed, layout=layout)
        truth, ctx = invoice.truth, invoice.context
        page = squeeze(pdf_text(invoice.pdf()))
        issue, due = ctx.get("issue_printed", ctx["issue"]), ctx.get("due_printed", ctx["due"])
        for value in (truth.invoice_number, truth.seller_name, truth.buyer_name, issue):
            assert squeeze(value) in page, (layout, seed, value)
        assert _date(issue, truth.language) == truth.issue_date
        if truth.due_date:
            assert squeeze(due) in page and _date(due, truth.language) == truth.due_date
        for name in ("total_without_tax", "total_tax", "total_with_tax"):
            printed = blind.amount(Decimal(getattr(truth, name)), ctx["style"])
            if name == "total_tax" and squeeze(printed) not in page:  # only the tax of each rate is printed
                taxes = [blind.amount(tax, ctx["style"]) for _rate, _base, tax in ctx["breakdown"]]
                assert all(squeeze(tax) in page for tax in taxes), (layout, seed, taxes)
                assert sum(map(printed_amount, taxes)) == Decimal(truth.total_tax)
                continue
            assert squeeze(printed) in page, (layout, seed, name, printed)
            assert printed_amount(printed) == Decimal(getattr(truth, name))
        if truth.seller_vat_id:
            assert truth.seller_vat_id[2:].casefold() in page.replace(" ", ""), (layout, seed)


def _printed_buyer_truths(invoices: list) -> set[str]:
    """Asserts that each invoice prints its buyer's block truth (name, postcode, town, address lines) and that the truth's
    name is the invoice's buyer; returns the buyers' countries."""
    countries = set()
    for invoice in invoices:
        page = squeeze(pdf_text(invoice.pdf()))
        truth = invoice.context["buyer_truth"]
        countries.add(truth["country"])
        assert truth["name"] == invoice.truth.buyer_name
        for value in (truth["name"], truth["postcode"], truth["city"], *truth["address_lines"]):
            assert squeeze(value) in page, (invoice.truth.seed, value)
    return countries


def test_the_buyer2_layouts_are_drawn_from_their_seeds_on_and_print_the_buyer_block_s_truth():
    import invoice_generator_blind_buyers as buyers

    start = buyers.BUYER2_FROM
    invoices = [blind.make_invoice(seed) for seed in range(start, start + 25)]
    assert {i.truth.layout for i in invoices} == set(buyers.LAYOUTS)
    assert blind.make_invoice(69_999).truth.layout in blind.SELLER_LAYOUTS  # the seeds before the new ranges keep theirs
    assert len(_printed_buyer_truths(invoices[:12])) >= 3


def test_the_small_print_seller_layouts_have_their_seeds_and_print_the_registered_name():
    import invoice_generator_blind_sellers as sellers2

    mine = {fold(text): text for text in blind.wordings(sellers2.SELLER2_LABELS)}
    # « name »: a key of the buyer's truth in the main generator, not a wording printed there
    assert not (set(mine) & generator_strings(MAIN_GENERATOR)) - UNAVOIDABLE - {"name"}
    invoices = [blind.make_invoice(seed) for seed in range(sellers2.SELLERS2_FROM, sellers2.SELLERS2_FROM + 30)]
    assert {i.truth.layout for i in invoices} == set(sellers2.SELLER2_LAYOUTS)
    # the seeds around the new ranges keep the earlier letterheads (90000 on are other modules' ranges)
    after = max(after for _first, after, _module, _language in blind.LAYOUT_MODULES)
    assert {blind.make_invoice(seed).truth.layout for seed in (69_999, after)} <= set(blind.SELLER_LAYOUTS)
    forms = {form for words in sellers2.FORMS2.values() for form in words}
    companies = [i for i in invoices if i.truth.layout != "autonomo"]  # a self-employed person has no legal form
    assert sum(any(i.truth.seller_name.endswith(form) for form in forms) for i in companies) >= len(companies) - 4
    for layout in sellers2.SELLER2_LAYOUTS:
        for seed in (11, 12):
            invoice = sellers2.make_invoice(seed, layout=layout)
            page = squeeze(pdf_text(invoice.pdf()))
            for value in (invoice.truth.invoice_number, invoice.truth.seller_name, invoice.truth.buyer_name):
                assert squeeze(value) in page, (layout, seed, value)
            assert sellers2.make_invoice(seed, layout=layout).html == invoice.html  # same seed, same invoice


def test_the_rival_identifier_pages_have_their_seeds_and_print_their_number_among_others():
    import invoice_generator_blind_rivals as rivals

    mine = {fold(text): text for text in rivals.label_strings()}
    links = {fold(word) for parts in rivals.RIVAL_PARTS.values() for word in parts["rv_of"]} | {"{}"}  # « de », « {} # »
    assert not (set(mine) & generator_strings(MAIN_GENERATOR)) - UNAVOIDABLE - links
    invoices = [blind.make_invoice(seed) for seed in range(rivals.RIVALS_FROM, rivals.RIVALS_FROM + 24)]
    assert {i.truth.layout for i in invoices} == {rivals.RIVALS_LAYOUT}
    assert blind.make_invoice(rivals.RIVALS_TO).truth.layout != rivals.RIVALS_LAYOUT  # the seeds after keep theirs
    assert sum(i.truth.language == "fr" for i in invoices) >= 6
    for invoice in invoices[:10]:
        text = pdf_text(invoice.pdf())
        assert squeeze(invoice.truth.invoice_number) in squeeze(text)
        numbers = re.findall(r"(?<![\w/.-])[A-Z]{0,4}\d[\w/-]{3,}", text.split("\n", 12)[-1][:1500])
        assert len(set(numbers)) >= 4, (invoice.truth.seed, numbers)  # the invoice's number and its rivals


def test_the_parties_layouts_are_drawn_from_their_seeds_on_and_print_the_buyer_block_s_truth():
    import invoice_generator_blind_parties as parties

    start = parties.PARTIES_FROM
    invoices = [blind.make_invoice(seed) for seed in range(start, start + 30)]
    assert {i.truth.layout for i in invoices} == set(parties.LAYOUTS)
    assert blind.make_invoice(parties.PARTIES_TO).truth.layout not in set(parties.LAYOUTS)  # the seeds after are not its
    assert len(_printed_buyer_truths(invoices[:14])) >= 4
    assert parties.make_invoice(start + 3).html == blind.make_invoice(start + 3).html  # same seed, same invoice


def test_the_vat_breakdown_layout_has_its_seeds_and_its_breakdown_adds_up_to_the_printed_totals():
    import invoice_generator_blind_vat as vat_module

    labels = {language: {key: words for key, words in table.items() if key not in vat_module.WORDS}
              for language, table in vat_module.VAT_LABELS.items()}  # the single words of VAT apart (« TVA », « MwSt. »)
    mine = {fold(text): text for text in blind.wordings(labels)}
    assert not (set(mine) & generator_strings(MAIN_GENERATOR)) - UNAVOIDABLE
    invoices = [blind.make_invoice(seed) for seed in range(vat_module.VAT_FROM, vat_module.VAT_FROM + 30)]
    assert {i.truth.layout for i in invoices} == set(vat_module.VAT_LAYOUTS)
    assert blind.make_invoice(vat_module.VAT_TO).truth.layout not in vat_module.VAT_LAYOUTS  # the seeds after keep theirs
    assert len({i.context["v_shape"] for i in invoices}) == len(set(vat_module.SHAPES))
    assert any(len(i.context["vat_truth"]) > 1 for i in invoices)
    for invoice in invoices[:10]:
        truth, rows = invoice.truth, invoice.context["vat_truth"]
        assert sum(base for _rate, base, _tax in rows) == Decimal(truth.total_without_tax)
        assert sum(tax for _rate, _base, tax in rows) == Decimal(truth.total_tax)
        assert all(base and abs(base * rate / 100 - tax) <= Decimal("0.005") for rate, base, tax in rows)
        assert [str(rate.normalize()) for rate, _b, _t in rows] == [str(Decimal(r).normalize()) for r in truth.vat_rates]
        page = squeeze(pdf_text(invoice.pdf()))
        assert squeeze(truth.invoice_number) in page


def test_the_ranges_of_the_layout_modules_do_not_overlap_and_the_seeds_around_them_keep_the_family_s_layouts():
    bounds = sorted((first, after) for first, after, _module, _language in blind.LAYOUT_MODULES)
    assert all(after <= following for (_first, after), (following, _end) in itertools.pairwise(bounds))
    assert {blind.make_invoice(seed).truth.layout for seed in (69_999, bounds[-1][1])} <= set(blind.SELLER_LAYOUTS)


def test_the_french_number_pages_have_their_seeds_and_print_their_number_among_rivals_of_many_kinds():
    import invoice_generator_blind_numfr as numfr

    mine = {fold(text): text for text in numfr.label_strings()}
    links = {fold(word) for word in numfr.NUMFR_PARTS["fr"]["nf_of"]} | {"{}", ""}
    assert not (set(mine) & generator_strings(MAIN_GENERATOR)) - UNAVOIDABLE - links, sorted(
        mine[k] for k in (set(mine) & generator_strings(MAIN_GENERATOR)) - UNAVOIDABLE - links)
    invoices = [blind.make_invoice(seed) for seed in range(numfr.NUMFR_FROM, numfr.NUMFR_FROM + 40)]
    assert all(i.truth.layout.startswith(numfr.NUMFR_LAYOUT) and i.truth.language == "fr" for i in invoices)
    assert len({i.truth.layout for i in invoices}) >= 7  # many kinds of documents
    assert not blind.make_invoice(numfr.NUMFR_TO).truth.layout.startswith(numfr.NUMFR_LAYOUT)  # the seeds after keep theirs
    assert blind.make_invoice(numfr.NUMFR_FROM + 5).html == numfr.make_invoice(numfr.NUMFR_FROM + 5).html
    for invoice in invoices[:10]:
        text = pdf_text(invoice.pdf())
        assert squeeze(invoice.truth.invoice_number) in squeeze(text)
        numbers = re.findall(r"(?<![\w/.-])[A-Z]{0,4}\d[\w/.-]{2,}", text.split("\n", 9)[-1][:1500])
        assert len(set(numbers)) >= 3, (invoice.truth.seed, numbers)  # the document's number and its rivals


def test_the_number_shape_pages_have_their_seeds_and_print_their_number_as_its_truth_says():
    import invoice_generator_blind_numshape as numshape

    mine = {fold(text): text for text in numshape.label_strings()}
    # links to the number's date (« du », « vom ») and page counters (« Page {} of {} ») are every invoice's words
    links = {fold(word) for parts in numshape.NUMSHAPE_PARTS.values() for key in ("ns_of", "ns_dated", "ns_page")
             for word in parts[key]} | {"{}", ""}
    shared = (set(mine) & generator_strings(MAIN_GENERATOR)) - UNAVOIDABLE - links
    assert not shared, sorted(mine[k] for k in shared)  # the family's wordings are none of the main generator's
    invoices = [blind.make_invoice(seed) for seed in range(numshape.NUMSHAPE_FROM, numshape.NUMSHAPE_FROM + 24)]
    assert {i.truth.layout for i in invoices} == {numshape.NUMSHAPE_LAYOUT}
    assert blind.make_invoice(numshape.NUMSHAPE_TO).truth.layout != numshape.NUMSHAPE_LAYOUT  # the seeds after keep theirs
    assert sum(i.truth.language == "fr" for i in invoices) >= 6
    assert sum(" " in i.truth.invoice_number for i in invoices) >= 3  # spaced groups, a prefix set apart
    for invoice in invoices[:10]:
        assert squeeze(invoice.truth.invoice_number) in squeeze(pdf_text(invoice.pdf()))
    assert numshape.make_invoice(numshape.NUMSHAPE_FROM + 3).html == invoices[3].html  # same seed, same invoice


def test_the_totals_layout_has_its_seeds_and_its_grand_total_is_net_vat_and_the_lines_outside_vat():
    import invoice_generator_blind_totals as totals

    invoices = [blind.make_invoice(seed) for seed in range(totals.TOTALS_FROM, totals.TOTALS_FROM + 60)]
    assert {i.truth.layout for i in invoices} == set(totals.TOTALS_LAYOUTS)
    assert blind.make_invoice(totals.TOTALS_TO).truth.layout not in totals.TOTALS_LAYOUTS
    assert {i.context["k_shape"] for i in invoices} == {*totals.SHAPES, "included"}
    assert any(i.truth.amount_due for i in invoices)
    assert any(Decimal(i.truth.total_with_tax) != Decimal(i.truth.total_without_tax) + Decimal(i.truth.total_tax)
               for i in invoices)  # a line outside VAT in the grand total
    for invoice in invoices[:8]:
        truth = invoice.truth
        assert sum(tax for _r, _b, tax in invoice.context["breakdown"]) == Decimal(truth.total_tax)
        assert abs(Decimal(truth.total_with_tax)) >= abs(Decimal(truth.total_without_tax) + Decimal(truth.total_tax))
        page = squeeze(pdf_text(invoice.pdf()))
        assert squeeze(truth.invoice_number) in page


def test_the_numwild_pages_have_their_seeds_and_print_their_number_in_every_place_among_labelled_rivals():
    import invoice_generator_blind_numwild as numwild

    invoices = [blind.make_invoice(seed) for seed in range(numwild.NUMWILD_FROM, numwild.NUMWILD_FROM + 40)]
    assert {i.truth.layout for i in invoices} == set(numwild.LAYOUTS)
    assert blind.make_invoice(numwild.NUMWILD_TO).truth.layout not in numwild.LAYOUTS  # the seeds after keep theirs
    assert blind.make_invoice(numwild.NUMWILD_FROM - 1).truth.layout not in numwild.LAYOUTS
    assert sum(i.truth.language == "fr" for i in invoices) >= 12
    assert numwild.make_invoice(numwild.NUMWILD_FROM + 3).html == invoices[3].html  # same seed, same invoice
    for invoice in invoices[:14]:
        text = pdf_text(invoice.pdf())
        number = invoice.truth.invoice_number
        assert not number.startswith("#") and squeeze(number) in squeeze(text), (invoice.truth.seed, number)
        codes = re.findall(r"(?<![\w/.-])[A-Z]{0,4}\d[\w/-]{3,}", text.split("\n", 6)[-1][:1500])
        assert len(set(codes)) >= 3, (invoice.truth.seed, codes)  # the number and its rivals
        if invoice.truth.layout == "nw_paiement":  # no label: the number printed once, in the payment sentence
            assert squeeze(text).count(squeeze(number)) == 1


def test_the_country_pages_have_their_seeds_and_print_the_buyer_s_phone_or_domain_often_without_a_country_line():
    import invoice_generator_blind_country as country

    invoices = [blind.make_invoice(seed) for seed in range(country.COUNTRY_FROM, country.COUNTRY_FROM + 12)]
    assert {i.truth.layout for i in invoices} <= set(country.LAYOUTS)
    assert any(not i.context["buyer_truth"]["country_printed"] for i in invoices)
    for invoice in invoices[:4]:
        page = squeeze(pdf_text(invoice.pdf()))
        assert squeeze(invoice.truth.buyer_name) in page and squeeze(invoice.context["buyer_truth"]["city"]) in page
    assert blind.make_invoice(country.COUNTRY_FROM).html == invoices[0].html  # same seed, same invoice


def test_the_dateswild_pages_have_their_seeds_and_print_their_issue_date_among_other_dates():
    import invoice_generator_blind_dateswild as dateswild

    from guichet.core.parsing.on_page import dates_on_page

    invoices = [blind.make_invoice(seed) for seed in range(dateswild.DATESWILD_FROM, dateswild.DATESWILD_FROM + 40)]
    assert {i.truth.layout for i in invoices} == set(dateswild.LAYOUTS)
    assert blind.make_invoice(dateswild.DATESWILD_FROM - 1).truth.layout not in dateswild.LAYOUTS
    assert sum(i.truth.language == "fr" for i in invoices) >= 12
    assert dateswild.make_invoice(dateswild.DATESWILD_FROM + 3).html == invoices[3].html  # same seed, same invoice
    for invoice in invoices[:14]:
        text = pdf_text(invoice.pdf())
        printed = dates_on_page(text)  # « 22-Feb-2024  27-Feb-2024 » on one line: both
        issue = dt.date.fromisoformat(invoice.truth.issue_date)
        assert issue in printed and len(printed) >= 2, (invoice.truth.seed, printed)  # the issue date among others
        if invoice.truth.due_date:
            assert dt.date.fromisoformat(invoice.truth.due_date) in printed


def test_the_shuffle_pages_have_their_seeds_and_print_the_truth_in_programs_blocks_shuffled():
    import invoice_generator_blind_shuffle as shuffle

    invoices = [blind.make_invoice(seed) for seed in range(shuffle.SHUFFLE_FROM, shuffle.SHUFFLE_FROM + 60)]
    assert {i.truth.layout for i in invoices} == set(shuffle.LAYOUTS)
    assert blind.make_invoice(shuffle.SHUFFLE_TO).truth.layout not in shuffle.LAYOUTS  # the seeds after keep theirs
    assert blind.make_invoice(shuffle.SHUFFLE_FROM - 1).truth.layout not in shuffle.LAYOUTS
    assert sum(i.truth.language == "fr" for i in invoices) >= 25
    assert shuffle.make_invoice(shuffle.SHUFFLE_FROM + 3).html == invoices[3].html  # same seed, same invoice
    assert len({i.html.index(i.truth.buyer_name) * 10 // len(i.html) for i in invoices}) >= 3  # blocks in many places
    for invoice in invoices[:12]:
        page = squeeze(pdf_text(invoice.pdf()))
        for value in (invoice.truth.invoice_number, invoice.truth.seller_name, invoice.truth.buyer_name):
            assert squeeze(value) in page, (invoice.truth.seed, value)


def test_the_folio_pages_have_their_seeds_and_print_their_number_and_issue_date_among_the_stay_s_and_the_till_s():
    import invoice_generator_blind_folio as folio

    from guichet.core.parsing.on_page import dates_on_page

    invoices = [blind.make_invoice(seed) for seed in range(folio.FOLIO_FROM, folio.FOLIO_FROM + 40)]
    assert {i.truth.layout for i in invoices} == set(folio.LAYOUTS)
    assert blind.make_invoice(folio.FOLIO_FROM - 1).truth.layout not in folio.LAYOUTS
    assert blind.make_invoice(folio.FOLIO_TO).truth.layout not in folio.LAYOUTS  # the seeds after keep theirs
    assert sum(i.truth.language == "fr" for i in invoices) >= 16
    assert folio.make_invoice(folio.FOLIO_FROM + 3).html == invoices[3].html  # same seed, same invoice
    for invoice in invoices[:16]:
        text = pdf_text(invoice.pdf())
        assert squeeze(invoice.truth.invoice_number) in squeeze(text), invoice.truth.seed
        printed = dates_on_page(text)
        assert dt.date.fromisoformat(invoice.truth.issue_date) in printed, (invoice.truth.seed, printed)
        if invoice.truth.layout in ("fo_sejour", "fo_boutique", "fo_grille"):  # the stay's dates besides the issue date
            assert len(printed) >= 2, invoice.truth.seed
        if invoice.truth.due_date:
            assert dt.date.fromisoformat(invoice.truth.due_date) in printed
        # rival codes: at least two other numbers than the invoice's on the page's head
        codes = set(re.findall(r"\b[A-Z]*\d{2,}\b", text)) - {invoice.truth.invoice_number}
        assert len(codes) >= 2, invoice.truth.seed


def test_the_frsoft_pages_have_their_seeds_and_print_the_truth_as_french_invoicing_software_does():
    import invoice_generator_blind_frsoft as frsoft

    invoices = [blind.make_invoice(seed) for seed in range(frsoft.FRSOFT_FROM, frsoft.FRSOFT_FROM + 40)]
    assert {i.truth.layout for i in invoices} == set(frsoft.LAYOUTS)
    assert blind.make_invoice(frsoft.FRSOFT_TO).truth.layout not in frsoft.LAYOUTS  # the seeds after keep theirs
    assert blind.make_invoice(frsoft.FRSOFT_FROM - 1).truth.layout not in frsoft.LAYOUTS
    assert all(i.truth.language == "fr" for i in invoices)
    assert frsoft.make_invoice(frsoft.FRSOFT_FROM + 3).html == invoices[3].html  # same seed, same invoice
    for invoice in invoices[:15]:
        page = squeeze(pdf_text(invoice.pdf()))
        truth = invoice.truth
        for value in (truth.invoice_number, truth.seller_name, truth.buyer_name, truth.seller_vat_id, truth.seller_siren):
            assert value is None or squeeze(value) in page, (truth.seed, value)
        amounts = {printed_amount(m) for m in re.findall(r"-?\d[\d .\u202f\u00a0]*,\d\d", pdf_text(invoice.pdf()))}
        assert Decimal(truth.total_with_tax) in amounts, truth.seed
