"""Totals (HT, TVA, TTC) chosen so that they add up, and the VAT breakdown."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from itertools import combinations, pairwise, product

from guichet.core.model import vat
from guichet.core.parsing import on_page
from guichet.core.parsing.fields import money
from guichet.core.parsing.regex_store import compiled
from guichet.core.parsing.text import FieldValue, LineItem, VatRow, union_box
from guichet.core.parsing.values import parse_rate
from guichet.core.parsing.vat_bases import KNOWN_RATES, fits, split_bases
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.ocr_noise import misread_digit
from guichet.plugins.fields_rules.lines import _RATE_RE, Cand, Line, amounts, cell_span, fold, label_hits, labelled


def totals(lines: list[Line], rows: list[tuple[VatRow, Line]] | None = None,
           items: list[LineItem] | None = None) -> dict[str, Cand]:
    """HT, TVA and TTC: labelled candidates, combined so that HT + TVA = TTC when possible.

    ``rows`` (the VAT breakdown, :func:`vat_rows`) is a second cross-check: a HT that is the sum
    of its bases and a VAT total that is the sum of its taxes are confirmed. ``items`` (the lines' table) tell the
    invoice's currency's amounts from a conversion's printed beside them (:func:`converted_cells`).
    """
    pools = {
        "total_without_tax": labelled(lines, L.TOTAL_WITHOUT_TAX, amounts, below_last=True),
        "total_tax": labelled(lines, L.TOTAL_TAX, amounts, take_last=True, below_last=True),
        "total_with_tax": labelled(lines, L.TOTAL_WITH_TAX, amounts, below_last=True),
    }
    for name, labels in (("total_without_tax", L.TOTAL_WITHOUT_TAX), ("total_tax", L.TOTAL_TAX),
                         ("total_with_tax", L.TOTAL_WITH_TAX)):
        wrapped = beside_wrapped(lines, labels) + _wrapped_thousands(lines, labels)
        beside = {id(c.label_line) for c in wrapped}  # the label's value wrapped beside it: none under it
        pools[name] = [c for c in pools[name] if c.label_line is None or id(c.label_line) not in beside] + wrapped
        pools[name] += _thousands_above(lines, pools[name])
    pools["total_tax"] = [_before_next_label(lines, c) for c in pools["total_tax"] if not _vat_excluded(c)]
    pools["total_without_tax"] += _excluded_vat_nets(lines, pools["total_without_tax"])
    for name, pool in pools.items():  # a column of the lines' table ("TVA", "Total HT" over each line) holds no total
        pools[name] = [c for c in pool if (c.label_line is None or not is_table_header(c.label_line))
                       and not _code_head(c)]
    for pool in pools.values():  # a contract's total, the progress to date, the invoices before: not this invoice's
        for cand in pool:
            if L.NOT_THIS_TOTAL.search(label_cell(cand)):
                cand.score *= NOT_THIS_TOTAL_COST
    _levy_added(lines, pools["total_with_tax"])
    prepaid, withheld = paid_and_withheld(lines)
    paid = {c.value for c in prepaid + withheld if c.value}
    if not paid:
        # Nothing paid in advance: the amount due ("Zahlbetrag", "amount due") is the grand total,
        # weaker than a grand-total label (OCR may have lost that line).
        for cand in labelled(lines, L.AMOUNT_DUE, amounts):
            cand.score *= 0.8
            pools["total_with_tax"].append(cand)
    else:
        # A deposit paid: « Net à payer » that is another total less it is no grand total nor net total; that other
        # total may be printed under a label of no total's (« Total this period », a yearly bill's instalments off it).
        printed = {abs(c.value) for ln in lines for c in amounts(ln)}
        for name in ("total_without_tax", "total_with_tax"):
            others = {c.value for c in pools[name]} | printed
            for cand in pools[name]:
                if (cand.label and L.AMOUNT_DUE.search(fold(cand.label))
                        and any(abs(cand.value) + abs(p) in {abs(v) for v in others} for p in paid)):
                    cand.score *= PAID_DUE_COST
                elif any(w.line.page == cand.line.page and w.line.index < cand.line.index
                         and abs(cand.value) + abs(w.value) in printed for w in withheld):
                    cand.score *= PAID_DUE_COST  # under a retention, the total printed less it: the net to pay
    for pool in pools.values():
        _demote_row_cells(pool)
    last_page = max((ln.page for ln in lines), default=1)
    for pool in pools.values():
        for cand in pool:
            cand.score += 0.02 * (cand.line.page == last_page)
    # The VAT of each rate printed with no base and no VAT total ("dont TVA 20 % : 116,62",
    # "Plus VAT at 9%", "Umsatzsteuer 7 %"): with several rates, each is no VAT total, their sum is.
    foreign = converted_cells(lines, items or [])
    if foreign:  # the same totals converted into another currency: the invoice's amount beside each
        pools = _without_converted(pools, foreign)
    per_rate = rate_taxes(lines, set(foreign))
    if len(per_rate) > 1:
        one_rate = {(id(c.line), c.start) for c in per_rate.values()}
        for cand in pools["total_tax"]:
            if (id(cand.line), cand.start) in one_rate:
                cand.score *= 0.5
        total = sum((c.value for c in per_rate.values()), Decimal(0))
        last = max(per_rate.values(), key=lambda c: (c.line.page, c.line.index))
        pools["total_tax"].append(Cand(total, last.line, last.start, last.end, 0.6, "TVA par taux",
                                       [w for c in per_rate.values() for w in c.line.words_in(c.start, c.end)]))
    column = _columns(lines)  # once per page: every a + b = c below asks its grand total's column
    largest = _column_largest(column)
    # Unlabelled evidence: a + b = c with b/a a usual VAT rate.
    # an amount wrapped in a narrow cell is read whole (« 16 » / « 327,48 » / « € »), not as its last piece
    printed = [joined_above(lines, c) or c for ln in lines for c in amounts(ln)]
    every = [c for c in printed if c.value > 0]
    values = {c.value: c for c in every}
    for a, b in product(list(values), repeat=2):
        if a <= b or b <= 0 or a < 1:
            continue  # under 1.00 the cents' rounding fits any rate: no evidence
        c = a + b
        if c in values and any(abs(a * r - b) <= Decimal("0.011") * max(1, a / 100) for r in _RATES) and (
                not _below_its_column(largest, values[c]) and not _paid_by([values[a], values[b], values[c]])):
            for name, value in (("total_without_tax", a), ("total_tax", b), ("total_with_tax", c)):
                cand = values[value]
                pools[name].append(Cand(value, cand.line, cand.start, cand.end, 0.35))
    for name, cand in _totals_row(lines, every) + _written_sum(lines) + _vat_included(lines):
        pools[name].append(cand)
    for name, cand in _column_triple(column, _said_totals(pools, rows)):
        pools[name].append(cand)
    # Labelled HT + labelled TVA printed elsewhere as an unlabelled amount (several VAT rates: no usual rate).
    signed = {c.value: c for c in printed}  # a credit note's totals are negative
    for ht in sorted(pools["total_without_tax"], key=lambda c: -c.score)[:3]:
        for tva in sorted(pools["total_tax"], key=lambda c: -c.score)[:8]:
            total = ht.value + tva.value
            if tva.value and total in signed and abs(tva.value) < abs(ht.value):
                cand = signed[total]
                pools["total_with_tax"].append(Cand(total, cand.line, cand.start, cand.end, 0.4))
    # Labelled TTC − labelled TVA printed elsewhere: the HT under a label the vocabulary does not know.
    for ttc in sorted(pools["total_with_tax"], key=lambda c: -c.score)[:3]:
        for tva in sorted(pools["total_tax"], key=lambda c: -c.score)[:8]:
            net = ttc.value - tva.value
            if tva.value and net in signed and abs(tva.value) < abs(ttc.value) and net * ttc.value > 0:
                cand = signed[net]
                pools["total_without_tax"].append(Cand(net, cand.line, cand.start, cand.end, 0.4))
    pools["total_without_tax"] += _net_after_adjustment(lines, pools)
    # No VAT total printed: labelled VAT rows (one a rate) that add up to a labelled TTC − a labelled HT.
    printed_tax = {c.value for c in pools["total_tax"]}
    for ht in sorted(pools["total_without_tax"], key=lambda c: -c.score)[:3]:
        for ttc in sorted(pools["total_with_tax"], key=lambda c: -c.score)[:3]:
            diff = ttc.value - ht.value
            if diff > 0 and diff not in printed_tax and (summed := _tax_rows_summing(diff, pools["total_tax"])):
                pools["total_tax"].append(summed)
                printed_tax.add(diff)
    base_sum = tax_sum = None
    if rows:
        base_sum = sum((Decimal(row.taxable_amount) for row, _line in rows), Decimal(0))
        tax_sum = sum((Decimal(row.tax_amount) for row, _line in rows), Decimal(0))
        # The breakdown's sums printed as unlabelled amounts are evidence too (totals in a box with no labels).
        for name, value in (("total_without_tax", base_sum), ("total_tax", tax_sum),
                            ("total_with_tax", base_sum + tax_sum)):
            if value in values and value:
                cand = values[value]
                pools[name].append(Cand(value, cand.line, cand.start, cand.end, 0.4))
        if len(rows) > 1 and base_sum + tax_sum in {c.value for c in pools["total_with_tax"] if c.label}:
            # Several rates whose bases and taxes add up to the labelled grand total, no net or VAT total printed
            # (« Base imponible  Tipo  Cuota » rows, then « Total »): the breakdown's sums are the two totals.
            words = [w for _row, line in rows for w in line.words]
            last = rows[-1][1]
            for name, value in (("total_without_tax", base_sum), ("total_tax", tax_sum)):
                if value not in values:
                    pools[name].append(Cand(value, last, 0, len(last.norm), BREAKDOWN_SUM, "ventilation de TVA", words))
    _misread_repairs(pools, lines)
    if foreign:  # the unlabelled evidence read in the converted column too
        pools = _without_converted(pools, foreign)
    ranked = {n: sorted(p, key=lambda c: -c.score)[:5] + [None] for n, p in pools.items()}
    best_combo, best_score = None, -1.0
    order = _amounts_in_order(lines)
    explained: set[tuple[int, int, int]] = set()  # combos whose grand total lines outside VAT explain
    for ht, tva, ttc in product(ranked["total_without_tax"], ranked["total_tax"], ranked["total_with_tax"]):
        score = _combo_score(ht, tva, ttc)
        if ht and tva and ttc and ht.value + tva.value != ttc.value and _outside_vat(order, ht, tva, ttc):
            score += OUTSIDE_VAT_SUM
            explained.add((id(ht), id(tva), id(ttc)))
        if base_sum is not None and len(rows or []) > 1:  # one row only repeats the totals: no second check
            score += 0.25 * sum((ht is not None and ht.value == base_sum, tva is not None and tva.value == tax_sum))
        if score > best_score:
            best_combo, best_score = (ht, tva, ttc), score
    result = {}
    if best_combo and best_combo[1] is None and best_combo[0] and best_combo[2]:
        best_combo = (best_combo[0], _tax_from_difference(best_combo[0], best_combo[2], every, pools["total_tax"]),
                      best_combo[2])
    if best_combo:
        consistent = all(best_combo) and (best_combo[0].value + best_combo[1].value == best_combo[2].value
                                          or tuple(id(c) for c in best_combo) in explained)
        for name, cand in zip(("total_without_tax", "total_tax", "total_with_tax"), best_combo, strict=True):
            if cand is not None:
                cand.score = min(0.99, cand.score + (0.12 if consistent else 0.0))
                result[name] = cand
    if "total_with_tax" not in result and "total_without_tax" in result and "total_tax" in result:
        found = _total_lost_separator(lines, result["total_without_tax"].value + result["total_tax"].value)
        if found is not None:
            result["total_with_tax"] = found
    _no_vat_said(lines, result, rows)
    return result


#: The share of its total's score a total deduced from the page's no-VAT mention keeps (« TVA non applicable, art.
#: 293 B du CGI » under « Total 1 200,00 »: the net is that total, the VAT 0,00).
NO_VAT_SAID_COST = 0.85


def _no_vat_said(lines: list[Line], result: dict[str, Cand], rows: list[tuple[VatRow, Line]] | None) -> None:
    """No VAT total read, no taxed breakdown row, and the page says why no VAT is charged (a franchise, an exemption,
    a reverse charge, an intra-EU supply, an export: :data:`vat.WORDING`, art. 226 of directive 2006/112/EC): the VAT
    total is 0,00 and the net the grand total (the one of them the page prints, or both when they are equal). Not
    for a supply said outside the scope of VAT (category O, « débours non soumis à la TVA »): a page says it of one
    of its lines beside taxed ones as often as of the whole invoice."""
    if "total_tax" in result or any(Decimal(row.rate) for row, _line in rows or []):
        return
    ht, ttc = result.get("total_without_tax"), result.get("total_with_tax")
    if (ht is None and ttc is None) or (ht is not None and ttc is not None and ht.value != ttc.value):
        return
    text = vat.folded(" ".join(line.text for line in lines))
    if not (any(vat.said(word, text) for category, _code, words in vat.WORDING if category != "O" for word in words)
            or vat.german_exemption(text)):
        return
    shown = ttc or ht
    score = shown.score * NO_VAT_SAID_COST
    if ht is None:
        result["total_without_tax"] = Cand(shown.value, shown.line, shown.start, shown.end, score, "sans TVA", shown.words)
    if ttc is None:
        result["total_with_tax"] = Cand(shown.value, shown.line, shown.start, shown.end, score, "sans TVA", shown.words)
    result["total_tax"] = Cand(Decimal("0.00"), shown.line, shown.start, shown.end, score, "sans TVA", shown.words)


#: Another total's label (net, grand total, amount due): a VAT label's value stands before it on their line.
_OTHER_TOTALS = L.TOTAL_WITHOUT_TAX + L.TOTAL_WITH_TAX + L.AMOUNT_DUE


def _before_next_label(lines: list[Line], cand: Cand) -> Cand:
    """A VAT total read as the last amount after its label on its line, or the last amount before another total's
    label that follows it there, when one stands between them: « dont TVA 20 % 166,67, soit HT 833,33 », « Total HT
    1 000,00 + TVA 0,00 = Total TTC 1 000,00 » print the VAT's value before the next label, not last."""
    line = cand.line
    if cand.label_line is not None or not cand.label:
        return cand
    label_end = line.text.rfind(cand.label, 0, cand.start)
    if label_end < 0:
        return cand
    label_end += len(cand.label)
    nexts = [m.start() for _rank, m in label_hits(line, _OTHER_TOTALS) if label_end <= m.start() < cand.start]
    if not nexts:
        return cand
    before = [c for c in amounts(line) if label_end <= c.start and c.end <= min(nexts)]
    if not before:
        return cand
    found = before[-1]
    return Cand(found.value, line, found.start, found.end, cand.score, cand.label, heading=cand.heading)


def _vat_excluded(cand: Cand) -> bool:
    """True when every VAT word of a VAT candidate's label cell has a word excluding it beside it (« Importo IVA
    esclusa », « Total hors TVA »): the amount is without the VAT, the label a net's."""
    cell = label_cell(cand)
    return bool(L.VAT_EXCLUDED.search(cell)) and not L.TOTAL_TAX.search(L.VAT_EXCLUDED.sub(" ", cell))


def _excluded_vat_nets(lines: list[Line], nets: list[Cand]) -> list[Cand]:
    """Amounts under a label excluding the VAT that no net label reads (« Importo IVA esclusa », « Somme hors
    TVA »): net candidates at a weak label's score (a unit price may say it too; the totals' sums decide)."""
    known = {(id(c.line), c.start) for c in nets}
    found = [c for c in labelled(lines, L.VAT_EXCLUDED, amounts, below_last=True) if (id(c.line), c.start) not in known]
    for cand in found:
        cand.score *= WEAK_LABEL_SHARE
    return found


#: A weak label's score against a strong one's (:func:`labels` ranks weak labels :data:`L.WEAK_RANK` down, 0.02 each).
WEAK_LABEL_SHARE = 1 - L.WEAK_RANK * 0.02


#: The score of each amount of a sum written out on one line (« 1 000,00 + 0,00 = 1 000,00 »).
WRITTEN_SUM_SCORE = 0.6
#: « a + b = c » on a line: the plus and the equals sign between the amounts (labels may stand between them too).
_PLUS = compiled(r"(?<![\w+])\+(?![\w+])")
_EQUALS = compiled(r"(?<![=<>!])=(?!=)")


def _written_sum(lines: list[Line]) -> list[tuple[str, Cand]]:
    """Net, VAT and grand total written as a sum on one line: « Total HT 1 000,00 € + TVA 0,00 € = Total TTC
    1 000,00 € », « 1 000,00 + 200,00 = 1 200,00 » (a franchise or an exemption prints its VAT of 0,00 so): three
    amounts, a plus sign between the first two and an equals sign between the last two, adding up to the cent, the VAT
    of the net's sign (or zero) and at most :data:`MAX_RATE` of it."""
    found: list[tuple[str, Cand]] = []
    for line in lines:
        cells = amounts(line)
        for a, b, c in zip(cells, cells[1:], cells[2:], strict=False):
            if not (_PLUS.search(line.text, a.end, b.start) and _EQUALS.search(line.text, b.end, c.start)
                    and not _EQUALS.search(line.text, a.end, b.start) and not _PLUS.search(line.text, b.end, c.start)):
                continue
            if (a.value + b.value == c.value and abs(a.value) >= 1 and b.value * a.value >= 0
                    and abs(b.value) <= abs(a.value) * MAX_RATE):
                found += [(name, Cand(cell.value, line, cell.start, cell.end, WRITTEN_SUM_SCORE, "a + b = c"))
                          for name, cell in zip(_TOTALS, (a, b, c), strict=True)]
    return found


#: A currency printed beside an amount: an ISO code or a sign (a page printing two holds a conversion).
_CURRENCY = compiled(r"€|\$|£|¥|\b(?:EUR|USD|GBP|CHF|JPY|CNY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|HUF|RON|BGN|TRY|MAD|TND|DZD"
                       r"|XOF|XAF|XPF|AED|INR|BRL|MXN)\b")
#: Two amounts of a conversion's row: the second the first at the page's exchange rate, to this much (the cent each
#: conversion rounds to, and the rate's own error read off the largest row).
_CONVERSION_SLACK = Decimal("0.011")


def converted_cells(lines: list[Line], items: list[LineItem]) -> dict[tuple[int, int], Cand]:
    """The amounts of the totals printed again in another currency ((id of its line, start) → the invoice's amount
    beside it): rows of a total's label and two amounts (« Total TTC  1 234,00 EUR  1 158,34 CHF », a converted column
    beside the invoice's) whose second is the first at one exchange rate on every such row (two rows at least, not at
    a VAT rate nor 1), on a page that prints two currencies, and every row of two amounts at that rate. The invoice's amounts are the column of which a row is
    the lines' running sum (``items``: the lines are priced in the invoice's currency; a subtotal, or the net with no
    discount). None when that sum tells neither column."""
    if len({on_page.CURRENCY_SIGNS.get(m.group(), m.group()) for ln in lines for m in _CURRENCY.finditer(ln.text)}) < 2:
        return {}
    labels = L.TOTAL_WITHOUT_TAX + L.TOTAL_WITH_TAX + L.TOTAL_TAX + L.AMOUNT_DUE
    pairs = []
    for line in lines:
        hits = label_hits(line, labels)
        found = amounts(line)
        # no number between the two (a line of the table, « Cuota mensual  1 063,94  4 %  2 127,88 », prints its rate)
        if (hits and len(found) == 2 and found[0].start >= min(m.end() for _rank, m in hits)
                and not re.search(r"\d", line.text[found[0].end:found[1].start])):
            pairs.append((found[0], found[1]))
    rated = [(a, b) for a, b in pairs if a.value and b.value]
    if len(rated) < 2:
        return {}
    top = max(rated, key=lambda pair: abs(pair[0].value))
    rate = top[1].value / top[0].value
    if rate <= 0 or abs(rate - 1) < Decimal("0.001") or any(abs(rate - r / 100) < Decimal("0.0005")
                                                             or abs(rate - 1 - r / 100) < Decimal("0.0005")
                                                             for r in KNOWN_RATES):
        return {}
    if not all(abs(b.value - a.value * rate) <= _CONVERSION_SLACK for a, b in pairs):
        return {}
    # the rows of no total's label at that rate too (« Suma conceptos », « Remise 15 % »): the conversion's rows
    pairs = [(found[0], found[1]) for line in lines if len(found := amounts(line)) == 2
             and abs(found[1].value - found[0].value * rate) <= _CONVERSION_SLACK]
    rated = [(a, b) for a, b in pairs if a.value and b.value]
    running, sums = Decimal(0), set()
    for item in items:
        if item.amount:
            running += Decimal(item.amount)
            sums.add(running)
    first = any(a.value in sums for a, _b in rated)
    second = any(b.value in sums for _a, b in rated)
    if first == second:
        return {}
    own = 0 if first else 1
    return {(id(pair[1 - own].line), pair[1 - own].start): pair[own] for pair in pairs}


def _without_converted(pools: dict[str, list[Cand]], foreign: dict[tuple[int, int], Cand]) -> dict[str, list[Cand]]:
    """The pools with no amount of a converted column (:func:`converted_cells`): a labelled one gives way to the
    invoice's amount beside it, an unlabelled one is dropped."""
    return {name: [_own_amount(c, foreign) for c in pool if (id(c.line), c.start) not in foreign or c.label]
            for name, pool in pools.items()}


def _own_amount(cand: Cand, foreign: dict[tuple[int, int], Cand]) -> Cand:
    """A labelled total read in the converted currency (:func:`converted_cells`): the invoice's amount beside it."""
    own = foreign.get((id(cand.line), cand.start))
    if own is None:
        return cand
    return Cand(own.value, own.line, own.start, own.end, cand.score, cand.label, heading=cand.heading,
                label_line=cand.label_line)


#: The score of each amount of a grand total printed before the VAT it includes and the net (:func:`_vat_included`).
VAT_INCLUDED_SCORE = 0.5


def _vat_included(lines: list[Line]) -> list[tuple[str, Cand]]:
    """Prices VAT included: the grand total first, then the VAT it holds, then the net, one after the other in reading
    order (on one line: « Totale documento € 1.220,00 (di cui IVA 22% € 220,00, imponibile € 1.000,00) », or on rows
    of their own): the VAT's cell names the VAT, VAT + net = grand total to the cent, the VAT likely the net's
    (:func:`_likely_vat`: zero, its rate printed, or a known rate of it). The net is the last amount, not the VAT."""
    cells = [c for line in lines for c in amounts(line)]
    found: list[tuple[str, Cand]] = []
    for gross, tax, net in zip(cells, cells[1:], cells[2:], strict=False):
        if (tax.value + net.value == gross.value and abs(net.value) >= 1 and tax.value * net.value >= 0
                and abs(tax.value) <= abs(net.value) * MAX_RATE and _tax_cell(tax) and _likely_vat(net, [tax]) == 2):
            found += [(name, Cand(cell.value, cell.line, cell.start, cell.end, VAT_INCLUDED_SCORE))
                      for name, cell in zip(_TOTALS, (net, tax, gross), strict=True)]
    return found


#: What a reading whose grand total is its net + VAT + the lines outside VAT printed between them gains (the -0.6 of a
#: sum missed back, and the +1.2 of a sum met, :func:`_combo_score`).
OUTSIDE_VAT_SUM = 1.8


def _amounts_in_order(lines: list[Line]) -> list[tuple[tuple[int, int, int], Decimal, bool]]:
    """Every amount of the page in reading order, with whether its line is one of VAT: a line that prints a rate or
    names the VAT (« VAT 2.1%: 764,16 ») holds another rate's VAT, never a line outside VAT."""
    order = []
    for ln in lines:
        found = amounts(ln)
        vat = bool(found) and bool(_RATE_RE.search(ln.text) or label_hits(ln, L.TOTAL_TAX))
        order += [((ln.page, ln.index, c.start), c.value, vat) for c in found]
    return sorted(order)


def _outside_vat(order: list[tuple[tuple[int, int, int], Decimal, bool]], ht: Cand, tva: Cand, ttc: Cand) -> bool:
    """True when the amounts printed after the VAT total and before the grand total (``order``: every amount of the
    page, in reading order) are lines outside VAT that the grand total holds and the net does not (disbursements, a
    stamp duty, an eco-fee): net + VAT + them = grand total to the cent, one or :data:`MAX_OUTSIDE` of them, each of
    the net's sign and smaller than it, none on a line of VAT (a rate printed, a VAT label: ``order``'s flag)."""
    start, end = (tva.line.page, tva.line.index, tva.start), (ttc.line.page, ttc.line.index, ttc.start)
    between = [value for where, value, _vat in order if start < where < end]
    if any(vat for where, _value, vat in order if start < where < end):
        return False
    return (0 < len(between) <= MAX_OUTSIDE and ht.value + tva.value + sum(between, Decimal(0)) == ttc.value
            and all(v * ht.value > 0 and abs(v) < abs(ht.value) for v in between))


#: No VAT rate is above this share of the net (27 %, Hungary's, the highest in the EU).
MAX_RATE = Decimal("0.27")


def _combo_score(ht: Cand | None, tva: Cand | None, ttc: Cand | None) -> float:
    """The score of one reading of the three totals: its candidates' scores, the triple's sum checked (or the pair's
    plausibility), less :data:`SWAP_COST` when HT and TVA look swapped (:func:`_swapped`)."""
    score = sum(c.score for c in (ht, tva, ttc) if c)
    if ht and tva and ttc:
        score += 1.2 if ht.value + tva.value == ttc.value else -0.6
    elif ht and ttc:
        # same sign, TTC at least HT in size (a credit note prints both negative)
        score += 0.3 if ttc.value * ht.value >= 0 and abs(ttc.value) >= abs(ht.value) else -0.8
    elif tva and ttc:
        score += _tax_of_total(tva.value, ttc.value)
    if ht and tva and _swapped(ht.value, tva.value):
        score -= SWAP_COST
    return score


#: What a HT and a TVA read swapped (« TVA  Montant HT » columns) cost a reading.
SWAP_COST = 1.5


def _swapped(ht: Decimal, tva: Decimal) -> bool:
    """A VAT above every rate of the net (:data:`MAX_RATE`) whose net, read as the VAT of the other amount, is within
    every rate: the two read swapped. Not on a net under 1.00 (cents fit any rate) nor when the swap explains nothing
    (a net lowered by an exempt negative line or a deducted deposit: 100,00 and 40,00 either way above every rate).
    Within, not at one rate: the VAT of several rates is no rate's (286,15 at 9 % and 3 602,82 at 23 %)."""
    return abs(ht) >= 1 and abs(tva) > abs(ht) * MAX_RATE and abs(ht) <= abs(tva) * MAX_RATE
#: A total whose label names another amount than this invoice's (:data:`L.NOT_THIS_TOTAL`) weighs this much of its score.
NOT_THIS_TOTAL_COST = 0.3


def _levy_added(lines: list[Line], pool: list[Cand]) -> None:
    """Lowers a grand total that is another grand total of the page plus a tourist tax printed on the page
    (:data:`L.LOCAL_LEVY`, collected for the town outside the VAT): « Total facture  18 912,50 », « Taxe de séjour
    20,00 », « Montant à régler  18 932,50 » — the invoice's total is the first, the second is what the guest pays."""
    levies = {c.value for c in labelled(lines, L.LOCAL_LEVY, amounts) if c.value and c.value > 0}
    if not levies:
        return
    values = {c.value for c in pool}
    for cand in pool:
        if any(cand.value - levy in values for levy in levies):
            cand.score *= NOT_THIS_TOTAL_COST


def label_cell(cand: Cand) -> str:
    """The folded text of the cell a total's label stands in: the header over it, or its line's cell before the value
    (« total cumule ht » before « 36 767,38 »)."""
    if cand.label_line is not None:
        return cand.heading or cand.label_line.norm
    before = cand.line.norm[:cand.start].rstrip(" :€")
    return before[cell_span(before, len(before))[0]:]


def paid_and_withheld(lines: list[Line]) -> tuple[list[Cand], list[Cand]]:
    """The amounts printed under a label of an amount paid (:data:`L.PREPAID`: a deposit, a payment on account) and
    under one of an amount withheld (:data:`L.WITHHELD`: a works retention): both taken off the total to pay."""
    return labelled(lines, L.PREPAID, amounts), labelled(lines, L.WITHHELD, amounts)


def balance_after_payment(lines: list[Line], ttc: Cand) -> Cand | None:
    """The amount left to pay printed under a payment whose label no vocabulary knows (« Votre virement du 12/03 »,
    « Assegno n. 123 incassato »): the first row of one amount after the grand total's is a deduction (printed
    negative), the next row of one amount is the grand total less it, to the cent. Under no VAT label (« dont TVA »,
    then the net: the grand total less its VAT too); a payment printed positive is kept only when the balance's row
    names an amount due."""
    index = next((n for n, line in enumerate(lines) if line is ttc.line), None)
    if index is None or not ttc.value:
        return None
    rows = [line for line in lines[index + 1:index + 8] if amounts(line)][:2]
    if len(rows) < 2 or any(len(amounts(line)) != 1 or label_hits(line, L.TOTAL_TAX) or _RATE_RE.search(line.text)
                            for line in rows):
        return None
    paid, left = amounts(rows[0])[0], amounts(rows[1])[0]
    if not (0 < abs(paid.value) < abs(ttc.value) and ttc.value > 0 and left.value == ttc.value - abs(paid.value)):
        return None
    if paid.value > 0 and not label_hits(rows[1], L.AMOUNT_DUE):
        return None
    return Cand(left.value, left.line, left.start, left.end, BALANCE_SCORE, left.line.text[:left.start].strip())


#: The score of an amount due read as the grand total less a payment printed under it (:func:`balance_after_payment`).
BALANCE_SCORE = 0.75


#: A word of two letters or more, and the currency codes an amount may print (:func:`_totals_row`'s rows of amounts).
_WORDY = compiled(r"[^\W\d_]{2,}")
_CODES = compiled(r"\b(?:eur|chf|usd|gbp)\b")
#: Base, tax and grand total side by side on one unlabelled row (:func:`_totals_row`).
TOTALS_ROW_SCORE = 0.7
#: With an amount paid printed, a total under an amount-due label (« Net à payer ») that is another total less the
#: amount paid weighs this much of its score.
PAID_DUE_COST = 0.5
#: A labelled total OCR read and mended by one digit (:func:`_misread_repairs`) scores this much less than as read...
MENDED_COST = 0.1
#: ... and this much back when the mended VAT total is the net total at a usual rate (a second cross-check).
MENDED_RATE = 0.06
#: The score of a net or VAT total that no line prints, the sum of a breakdown of several rates adding up to
#: the labelled grand total.
BREAKDOWN_SUM = 0.5
#: The score of a VAT row of its rate (no VAT label) that mends a total as the VAT total.
RATED_TAX = 0.45


def _totals_row(lines: list[Line], every: list[Cand]) -> list[tuple[str, Cand]]:
    """Base, tax and total side by side on one row (a VAT table's only row, or its totals row under
    « Base  Tax  Total » with no label on the row): a + b = c (or a + b + the cells outside VAT between them, at most
    :data:`MAX_OUTSIDE`, = c) and c the largest amount of the page (rows of a lines' table add up too, but none to
    the grand total); b a usual rate of a, or the rows of each rate above it adding up to it (several rates). A
    grid's row of amounts alone (the labels in the row above, no rate): c the largest amount printed down to it (a share
    capital in the footer is none) and b within :data:`MAX_RATE` of a is enough."""
    rated: list[tuple[Cand, Cand, Cand]] = []
    found: list[tuple[str, Cand]] = []
    for line in lines:
        cells = amounts(line)
        # a grid's row: amounts only (a rate table's row prints its rate)
        bare = len(cells) > 2 and not _WORDY.search(_CODES.sub("", line.norm)) and not _RATE_RE.search(line.text)
        # the largest amount of the page, or for a grid's row printed down to it (a share capital under it is none)
        top = max((c.value for c in every if not bare or (c.line.page, c.line.index) <= (line.page, line.index)),
                  default=None)
        for first, outside in product(range(len(cells)), range(MAX_OUTSIDE + 1)):
            if first + 2 + outside >= len(cells):
                continue
            a, b, c = cells[first], cells[first + 1], cells[first + 2 + outside]
            extra = sum((x.value for x in cells[first + 2:first + 2 + outside]), Decimal(0))
            if not (a.value >= 1 and 0 < b.value < a.value and a.value + b.value + extra == c.value) or any(
                    not 0 < x.value < a.value for x in cells[first + 2:first + 2 + outside]):
                continue  # after the VAT, amounts outside VAT (disbursements, stamp duty) the grand total holds
            usual = any(abs(a.value * r - b.value) <= Decimal("0.011") * max(1, a.value / 100) for r in _RATES)
            summed = len(rated) > 1 and all(sum((row[i].value for row in rated), Decimal(0)) == cell.value
                                            for i, cell in enumerate((a, b)))
            if c.value == top and (usual or summed or (bare and b.value <= a.value * MAX_RATE)):
                found = [(name, Cand(cell.value, line, cell.start, cell.end, TOTALS_ROW_SCORE)) for name, cell in
                         zip(("total_without_tax", "total_tax", "total_with_tax"), (a, b, c), strict=True)]
            elif usual and not outside:
                rated.append((a, b, c))
    return found  # the last such row: a table's totals come after its rows


#: The score of each amount of a totals column's triple (:func:`_column_triple`): above the unlabelled triple at a
#: usual rate (0.35), under a labelled total.
COLUMN_TRIPLE_SCORE = 0.5


def _columns(lines: list[Line]) -> dict[tuple[int, int], list[tuple[float, float, Cand]]]:
    """The page's amounts by column: right-aligned ones (their right edge within half a percent of the page's width)
    together, each as (top, height, candidate)."""
    column: dict[tuple[int, int], list[tuple[float, float, Cand]]] = {}
    for line in lines:
        for cand in amounts(line):
            words = line.words_in(cand.start, cand.end)
            if not words:
                continue
            box = words[-1].box
            column.setdefault((line.page, round(box[2] * 200)), []).append((box[1], box[3] - box[1], cand))
    for (page, key), cells in list(column.items()):  # an edge rounded across two keys: one column
        if (page, key + 1) in column and len(column[(page, key + 1)]) >= len(cells):
            column[(page, key + 1)] += cells
            del column[(page, key)]
    return column


def _column_largest(column: dict[tuple[int, int], list[tuple[float, float, Cand]]]) -> dict[tuple[int, int], Decimal]:
    """(id of its line, start) of each amount of the page's columns (:func:`_columns`) → the largest amount (in size)
    of its column."""
    out: dict[tuple[int, int], Decimal] = {}
    for cells in column.values():
        top = max(abs(cell[2].value) for cell in cells)
        for cell in cells:
            out.setdefault((id(cell[2].line), cell[2].start), top)
    return out


def _below_its_column(largest: dict[tuple[int, int], Decimal], cand: Cand) -> bool:
    """True when an amount of ``cand``'s column is larger than it: no grand total (a lines' column's chance sum).
    ``largest``: :func:`_column_largest` of the page."""
    top = largest.get((id(cand.line), cand.start))
    return top is not None and top > abs(cand.value)


def _said_totals(pools: dict[str, list[Cand]], rows: list[tuple[VatRow, Line]] | None) -> dict[str, set[Decimal]]:
    """The values each total is said to have elsewhere on the page: under a label of that total (not one naming
    another amount, :data:`L.NOT_THIS_TOTAL`), or as the sums of the VAT breakdown's rows."""
    said = {name: {c.value for c in pool if c.label and not L.NOT_THIS_TOTAL.search(label_cell(c))}
            for name, pool in pools.items()}
    if rows:
        base = sum((Decimal(row.taxable_amount) for row, _line in rows), Decimal(0))
        tax = sum((Decimal(row.tax_amount) for row, _line in rows), Decimal(0))
        for name, value in (("total_without_tax", base), ("total_tax", tax), ("total_with_tax", base + tax)):
            said[name].add(value)
    return said


#: The score of each amount of a totals column's triple when another such triple of the page disagrees with it and
#: nothing said elsewhere tells which is the totals: with the bonus of a triple that adds up (0.12), still under
#: the conversion's floor (0.3).
COLUMN_DOUBT_SCORE = 0.15


def _column_triple(column: dict[tuple[int, int], list[tuple[float, float, Cand]]],
                   said: dict[str, set[Decimal]]) -> list[tuple[str, Cand]]:
    """The totals stacked in one column whatever their labels say: on the page, amounts right-aligned one under the
    other with no other amount of that column between them (a totals block: each row its label, its amount at the
    column's edge), where the net, the VAT (one row, or one row per rate each printing its rate: « dont TVA 5,5 % »)
    and the grand total follow one another and add up to the cent, the VAT of one sign with the net and at most
    :data:`MAX_RATE` of it, the gross the largest amount of its column. A run with a means of payment on its net's or
    VAT's row (a payments column, « Arrhes  Carte  Reçu », :func:`_paid_by`) is none, unless one of its amounts is
    said elsewhere as that total (``said``, :func:`_said_totals`).

    The last such triple of the document (the totals come after the lines' table, whose column may hold a chance
    one, and a rate table's rows beside them are no column of them), when the page's triples agree. Triples that
    disagree (a works situation's progress recap that adds up too: « Antérieur  Ce mois  Cumul »): those whose labels
    name another amount (:func:`_names_other_amount`) give way to the others; of those left, the one whose amounts
    are said elsewhere when only it is; else each at :data:`COLUMN_DOUBT_SCORE`, for the other evidence to choose.

    Lines outside VAT may stand between the VAT and the grand total (:func:`_vat_then_outside`); of two runs chained
    (one's gross the other's net: charges before the net, a rounding after the gross), the one whose VAT is likelier
    (:func:`_likely_vat`) stays."""
    runs: dict[tuple[tuple[int, float], int, int], tuple[Cand, list[Cand], Cand, bool]] = {}
    for (page, _key), cells in column.items():
        cells.sort(key=lambda cell: cell[0])
        for first in range(len(cells) - 2):
            a = cells[first][2]
            if abs(a.value) < 1:
                continue
            for last in range(first + 2, min(len(cells), first + 6)):
                top, _height, c = cells[last]
                run = cells[first:last + 1]
                if any(nxt[0] - prev[0] > 4 * max(prev[1], 0.004) for prev, nxt in pairwise(run)):
                    break  # a gap: another block
                if any(abs(cell[2].value) > abs(c.value) for cell in cells):
                    continue  # an amount of its column larger than it: no grand total (a lines' column)
                found = _vat_then_outside(a, [cell[2] for cell in cells[first + 1:last]], c)
                if found is None:
                    continue
                tax = sum((b.value for b in found), Decimal(0))
                said_so = (a.value in said["total_without_tax"] or tax in said["total_tax"]
                           or c.value in said["total_with_tax"])
                if _paid_by([cell[2] for cell in run]) and not said_so:
                    continue  # a payments column
                # the same grand total: the shortest run
                runs[((page, top), id(c.line), c.start)] = (a, found, c,
                                                            _names_other_amount([cell[2] for cell in run]) and not said_so)
    # Two runs chained, one's grand total the other's net (goods + charges = net, then net + VAT = gross; or gross +
    # a rounding = the amount due): the one whose VAT is the likelier VAT stays (round 2 of vat-13f).
    dropped = set()
    for (one, (a1, b1, c1, _o1)), (other, (a2, b2, _c2, _o2)) in product(runs.items(), repeat=2):
        if (id(c1.line), c1.start) == (id(a2.line), a2.start):
            dropped.add(one if _likely_vat(a1, b1) < _likely_vat(a2, b2) else other)
    runs = {where: run for where, run in runs.items() if where not in dropped}
    by_values: dict[tuple[Decimal, Decimal, Decimal], tuple[Cand, list[Cand], Cand, bool]] = {}
    for _where, (a, between, c, other) in sorted(runs.items(), key=lambda item: item[0][0]):
        by_values[(a.value, sum((b.value for b in between), Decimal(0)), c.value)] = (a, between, c, other)  # the last
    if len(by_values) > 1 and any(not run[3] for run in by_values.values()):
        by_values = {key: run for key, run in by_values.items() if not run[3]}  # a progress recap gives way
    if len(by_values) > 1:
        confirmed = {key: run for key, run in by_values.items()
                     if any(value in said[name] for name, value in zip(_TOTALS, key, strict=True))}
        if len(confirmed) == 1:
            by_values = confirmed
    score = COLUMN_TRIPLE_SCORE if len(by_values) == 1 else COLUMN_DOUBT_SCORE
    out: list[tuple[str, Cand]] = []
    for a, between, c, _other in by_values.values():
        tax = sum((b.value for b in between), Decimal(0))
        last_b = between[-1]
        words = [w for b in between for w in b.line.words_in(b.start, b.end)]
        out += [("total_without_tax", Cand(a.value, a.line, a.start, a.end, score)),
                ("total_tax", Cand(tax, last_b.line, last_b.start, last_b.end, score, None,
                                   words if len(between) > 1 else [])),
                ("total_with_tax", Cand(c.value, c.line, c.start, c.end, score))]
    return out


_TOTALS = ("total_without_tax", "total_tax", "total_with_tax")


def _names_other_amount(run: list[Cand]) -> bool:
    """True when a label of a column's run (:func:`_column_triple`) names another amount than this invoice's totals:
    progress to date, invoices before, a retention (:data:`L.NOT_THIS_TOTAL`, :data:`L.WITHHELD`). Only against
    another run: alone, « Cumul des TVA » is the sum of this invoice's, and the words meet other languages' (« quote »)."""
    return any(L.NOT_THIS_TOTAL.search(label) or L.WITHHELD.search(label) for label in map(_label_before, run))


def _paid_by(run: list[Cand]) -> bool:
    """True when a means of payment (:data:`L.PAYMENT_MEANS`) labels a row of a run above its last (the grand total's):
    no net nor VAT is a payment (a receipt may say its grand total paid by card). Not a deposit's words
    (:data:`L.PREPAID`): a deposit invoice's own totals name the deposit (« Imponibile acconto », « Acompte HT »)."""
    return any(L.PAYMENT_MEANS.search(_label_before(cand)) for cand in run[:-1])


def _label_before(cand: Cand) -> str:
    """The folded text of an amount's line between the amount before it (or the line's start) and it."""
    start = max((c.end for c in amounts(cand.line) if c.end <= cand.start), default=0)
    return cand.line.norm[start:cand.start]


#: A VAT under this share of its net is unlikely (the lowest rates are 2,1 % and 3 %): a rounding, a fee.
MIN_LIKELY_RATE = Decimal("0.01")


def _likely_vat(net: Cand, taxes: list[Cand]) -> int:
    """How likely the amounts ``taxes`` are the VAT of ``net`` in a column run (:func:`_column_triple`): 2 when zero (a
    VAT row said so), printing their rate, or at a known rate of the net; 1 when at least :data:`MIN_LIKELY_RATE` of
    it; else 0."""
    tax = sum((b.value for b in taxes), Decimal(0))
    if not tax or any(_RATE_RE.search(_cell_before(b)[1]) for b in taxes) or any(
            abs(net.value * rate / 100 - tax) <= Decimal("0.011") * max(1, abs(net.value) / 100) for rate in KNOWN_RATES):
        return 2
    return 1 if abs(tax) >= abs(net.value) * MIN_LIKELY_RATE else 0


#: At most this many amounts outside VAT (disbursements, a stamp duty) between the VAT and the grand total.
MAX_OUTSIDE = 2


def _vat_then_outside(a: Cand, between: list[Cand], c: Cand) -> list[Cand] | None:
    """The VAT cells of a column run from the net ``a`` to the grand total ``c`` (:func:`_column_triple`), or None:
    the VAT (one row, or one row per rate each printing its rate, maybe followed by their sum), then at most
    :data:`MAX_OUTSIDE` amounts outside VAT (disbursements, stamp duty: in the grand total, not in the net), such that
    net + VAT + those amounts = grand total to the cent. Each amount of the net's sign, the VAT at most
    :data:`MAX_RATE` of the net, the lines outside VAT printing no rate and smaller than the net; the net's own cell
    prints no rate (a VAT row of one rate, the rows under it its fellows). A tourist tax (:data:`L.LOCAL_LEVY`) is
    collected for the town outside the VAT: never the VAT's row (« Total facture  18 912,50 », « Taxe de séjour
    20,00 », « Montant à régler  18 932,50 » add up, but the invoice's total is the first)."""
    if _RATE_RE.search(_cell_before(a)[1]):
        return None
    for outside in range(min(MAX_OUTSIDE, len(between) - 1) + 1):
        taxes, extra = between[:len(between) - outside], between[len(between) - outside:]
        if any(x.value * a.value <= 0 or abs(x.value) >= abs(a.value) or _RATE_RE.search(_cell_before(x)[1])
               for x in extra):
            continue
        if any(L.LOCAL_LEVY.search(fold(_cell_before(b)[1])) for b in taxes):
            continue  # a tourist tax collected for the town: outside the VAT, never its row
        rated = taxes
        if len(taxes) > 1 and sum((b.value for b in taxes[:-1]), Decimal(0)) == taxes[-1].value:
            rated = taxes[:-1]  # the VAT of each rate, then their sum
        if len(taxes) > 1 and not all(_RATE_RE.search(_cell_before(b)[1]) for b in rated):
            continue  # several amounts: the VAT of each rate, each saying its rate
        tax = sum((b.value for b in rated), Decimal(0))
        rest = sum((x.value for x in extra), Decimal(0))
        if tax == 0 and len(taxes) == 1 and not extra and a.value == c.value and _tax_cell(taxes[0]):
            return taxes  # no VAT (exemption, reverse charge) said so on the VAT's own row: « IVA 0%  0,00 »
        if (tax and a.value + tax + rest == c.value and all(b.value * a.value > 0 for b in taxes)
                and abs(tax) <= abs(a.value) * MAX_RATE):
            return taxes if rated is taxes else taxes[-1:]
    return None


def _cell_before(cand: Cand) -> tuple[int, str]:
    """Where the cell just before an amount on its line starts, and its text (its label: « dont TVA 5,5 % » before
    « 12,40 »), a currency sign between them aside; not the cells of another column further left."""
    before = cand.line.text[:cand.start].rstrip(" :€$£")
    if before.endswith("EUR"):
        before = before[:-3].rstrip()
    first = before.rfind("  ") + 1
    return first, before[first:]


def _tax_cell(cand: Cand) -> bool:
    """True when the cell just before an amount holds a VAT label (:data:`L.TOTAL_TAX`): the amount is a VAT's."""
    first = _cell_before(cand)[0]
    return any(match.start() >= first and match.end() <= cand.start for _rank, match in label_hits(cand.line, L.TOTAL_TAX))


@lru_cache(maxsize=4096)  # asked for every pair of candidates of the combinations (a value's result never changes)
def _tax_of_total(tax: Decimal, total: Decimal) -> float:
    """How a VAT total and a grand total read with no net total fit: a VAT as large as the grand total is
    none of it (-0.8); a VAT that is a usual rate of the grand total less it is (+0.3); else nothing said.

    A right-aligned amount cell that wrapped at its thousands (« 35 » over « 664,90 € ») gave the grand
    total's cut end, 664,90, beside a VAT of 5 944,15: the cut was kept, no check telling it wrong.
    """
    if not tax or tax * total < 0 or abs(tax) >= abs(total):
        return -0.8 if tax and abs(tax) >= abs(total) else 0.0
    net = total - tax
    tolerance = _CENT_AND_A_TENTH * max(1, abs(net) / 100)
    return 0.3 if any(abs(net * rate - tax) <= tolerance for rate in _RATES) else 0.0


_CENT_AND_A_TENTH = Decimal("0.011")


def _misread_repairs(pools: dict[str, list[Cand]], lines: list[Line]) -> None:
    """Labelled totals OCR misread by one digit, mended where HT + TVA = TTC says which digit.

    Tesseract takes a digit for one that looks like it (3/8, 5/6, 1/7: :data:`ocr_noise.CONFUSED_DIGITS`):
    « Total HT 10,15 » « TVA 2,08 » « Total TTC 12,18 » does not add up, and line amounts that add up by
    chance then won. For the best labelled candidates of the three totals (OCR words only: a text layer
    is read as printed) that do not add up, the one total that the other two set at a value one
    confused digit away from its reading is added, mended, as a candidate: the combination's own
    cross-check then chooses it over readings that add up by chance, never over labelled ones that add up.
    The VAT may be a row of its rate under no VAT label (« Taux 20 %  1 502,85 »: :func:`_rated_taxes`).
    """
    top = {name: [c for c in sorted(pool, key=lambda c: -c.score)[:4] if c.label and _read_by_ocr(c)]
           for name, pool in pools.items()}
    mended: dict[str, list[Cand]] = {name: [] for name in pools}
    seen: set[tuple[str, int, Decimal]] = set()
    for ht, ttc in product(top["total_without_tax"], top["total_with_tax"]):
        rated = [tva for tva in _rated_taxes(lines, ht.value) if all(tva.value != c.value for c in top["total_tax"])]
        for tva in top["total_tax"] + rated:
            if ht.value + tva.value == ttc.value or not tva.value or _gap_printed(lines, (ht, tva, ttc)):
                continue
            if (whole := _net_cut_short(lines, pools, (ht, tva, ttc))) is not None:
                mended["total_without_tax"].append(whole)  # the grand total is right as read: the net is short
                continue
            fixes = (("total_with_tax", ttc, ht.value + tva.value), ("total_tax", tva, ttc.value - ht.value),
                     ("total_without_tax", ht, ttc.value - tva.value))
            for name, cand, meant in fixes[:1] if tva in rated else fixes:
                if (name, id(cand), meant) in seen or not misread_digit(cand.value, meant):
                    continue
                seen.add((name, id(cand), meant))
                net, tax = (meant, tva.value) if name == "total_without_tax" else (
                    (ht.value, meant) if name == "total_tax" else (ht.value, tva.value))
                rated_ok = any(abs(net * rate - tax) <= Decimal("0.011") for rate in _RATES)
                mended[name].append(Cand(meant, cand.line, cand.start, cand.end,
                                         cand.score - MENDED_COST + MENDED_RATE * rated_ok, cand.label,
                                         cand.words, cand.heading, cand.label_line))
                if tva in rated and all(c is not tva for c in mended["total_tax"]):
                    tva.score, tva.label = RATED_TAX, tva.line.text[:tva.start].strip()
                    mended["total_tax"].append(tva)  # the VAT row that says which digit: the VAT total
    for name, found in mended.items():
        pools[name].extend(found)


def _net_cut_short(lines: list[Line], pools: dict[str, list[Cand]], totals: tuple[Cand, Cand, Cand]) -> Cand | None:
    """The net total whole when OCR lost its leading digits, the grand total being right as read; else None.

    A thousands digit standing apart (« 3 986,69 ») is a small word OCR may drop: « Total HT 986,69 »,
    « TVA 797,34 », « Total TTC 4 784,03 » do not add up, and mending the grand total by one digit (4 → 1)
    gave 1 784,03, a wrong total that adds up. TTC − TVA ends with the net's reading and the page says it
    is the net: an amount printed on the totals' page (the VAT breakdown's base) of which the VAT is a
    usual rate, or the sum of the breakdown's bases (a net candidate already: several rates).
    """
    ht, tva, ttc = totals
    net = ttc.value - tva.value
    if net <= ht.value or not f"{net:.2f}".endswith(f"{ht.value:.2f}"):
        return None
    pages = {c.line.page for c in totals}
    rated = any(abs(net * rate - tva.value) <= Decimal("0.011") for rate in _RATES)
    if not any(c.value == net for c in pools["total_without_tax"]) and not (rated and any(
            cand.value == net for line in lines if line.page in pages for cand in amounts(line))):
        return None
    return Cand(net, ht.line, ht.start, ht.end, ht.score - MENDED_COST + MENDED_RATE, ht.label, ht.words,
                ht.heading, ht.label_line)


def _gap_printed(lines: list[Line], totals: tuple[Cand, Cand, Cand]) -> bool:
    """True when TTC − (HT + TVA) is itself an amount printed on the totals' page: an amount outside VAT
    (« Débours (non soumis à TVA) 60,00 », « Port non soumis 0,80 », a stamp) that the grand total includes,
    among the totals or as a line of the table. The totals are then right as read: nothing to mend, a
    mended grand total would be a wrong one that every cross-check confirms.
    """
    ht, tva, ttc = totals
    gap = ttc.value - ht.value - tva.value
    pages = {c.line.page for c in totals}
    own = {(id(c.line), c.start) for c in totals}
    return any(cand.value == gap and (id(line), cand.start) not in own
               for line in lines if line.page in pages for cand in amounts(line))


def _rated_taxes(lines: list[Line], net: Decimal) -> list[Cand]:
    """Amounts that are ``net`` at a usual VAT rate printed on their own line (« Taux 20 %  1 502,85 € »), OCR read."""
    found = []
    for line in lines:
        rates = {parse_rate(m.group(1)) for m in _RATE_RE.finditer(line.text)}
        for cand in amounts(line):
            if cand.value and _read_by_ocr(cand) and any(
                    rate and abs(net * rate / 100 - cand.value) <= Decimal("0.011") for rate in rates if rate is not None):
                found.append(cand)
    return found


def _read_by_ocr(cand: Cand) -> bool:
    words = cand.words or cand.line.words_in(cand.start, cand.end)
    return bool(words) and all(w.confidence < 1.0 for w in words)


#: The head of an amount cut at its thousands (« 35 »), and the piece after it that ends the amount (« 664,90 »).
_THOUSANDS_HEAD = compiled(r"\d{1,3}")
_LAST_GROUP = compiled(r"-?\d{3}[.,]\d{2}")


def _wrapped_thousands(lines: list[Line], patterns: L.Labels) -> list[Cand]:
    """Amounts of a narrow cell wrapped at their thousands space: « 35 » ending a labelled line, « 664,90 € »
    the next words under it in that column (a left column may run beside), for 35 664,90. Only candidates:
    the totals' cross-check (HT + TVA = TTC) chooses them over the cut « 664,90 »."""
    found = []
    for index, line in enumerate(lines):
        head = line.words[-1]
        if not _THOUSANDS_HEAD.fullmatch(head.text):
            continue  # the cheap test first: most lines end with no cut thousands
        hits = [(rank, m) for rank, m in label_hits(line, patterns) if line.spans[-1][0] >= m.end()]
        if not hits or (amounts(line)[-1:] and (
                amounts(line)[-1].end > line.spans[-1][0])):
            continue
        last_of_page = index + 1 < len(lines) and lines[index + 1].page != line.page
        for other in lines[index + 1:index + 4]:
            if other.page != line.page and not (last_of_page and other.page == line.page + 1):
                break  # the cell may go on at the top of the next page when its line ends the page
            column = [w for w in other.words if w.box[2] > head.box[0] - 0.01 and w.box[0] < head.box[2] + 0.01]
            if not column:
                continue
            tail = [c for c in amounts(other) if re.fullmatch(r"\d{3}[.,]\d{2}", other.text[c.start:c.end].strip())
                    and other.x_of(c.start) <= head.box[2] and other.words_in(c.start, c.end)[-1].box[2] >= head.box[0] - 0.05]
            if len(tail) == 1:
                rank, match = hits[0]
                value = Decimal(head.text) * 1000 + tail[0].value
                found.append(Cand(value, other, tail[0].start, tail[0].end, 0.6 * (1.0 - rank * 0.02),
                                  line.text[match.start():match.end()], [head, *other.words_in(tail[0].start, tail[0].end)],
                                  label_line=line))
            break
    return found


def joined_above(lines: list[Line], cand: Cand, left: float | None = None) -> Cand | None:
    """The whole amount of a narrow cell wrapped at each of its spaces when ``cand`` is its last piece
    (« 281,96 »): the digit groups stand on the lines just above, each alone in the amount's column and left- or
    right-aligned with it, the first of one to three digits, the others of three (« 23 » / « 281,96 » / « EUR »,
    the cell centred beside its label). ``left``: the label's left edge, no word of those lines right of it
    but the group (a left column may run beside). None when no group stands above."""
    line = cand.line
    if not _LAST_GROUP.fullmatch(line.text[cand.start:cand.end].strip()):
        return None
    words = line.words_in(cand.start, cand.end)
    if not words:
        return None
    x0, x1, height = words[0].box[0], words[-1].box[2], words[0].box[3] - words[0].box[1]
    groups: list = []  # the digit groups' words, first to last
    index = lines.index(line)
    above = line
    for other in reversed(lines[max(0, index - 3):index]):
        if other.page != line.page or above.top - other.top > 2 * height:
            break
        column = [w for w in other.words if w.box[2] > (x0 - 0.005 if left is None else left - 0.005)]
        if len(column) != 1 or column[0] is not other.words[-1] or not re.fullmatch(r"\d{1,3}", column[0].text) or not (
                abs(column[0].box[0] - x0) < 0.01 or abs(column[0].box[2] - x1) < 0.01):
            break
        groups.insert(0, column[0])
        above = other
        if len(column[0].text) < 3:
            break  # the amount's first group
    if not groups or any(len(w.text) != 3 for w in groups[1:]):
        return None
    whole = Decimal("".join(w.text for w in groups)) * 1000 + abs(cand.value)
    return Cand(-whole if cand.value < 0 else whole, line, cand.start, cand.end, cand.score, cand.label,
                [*groups, *words], label_line=cand.label_line)


def _thousands_above(lines: list[Line], pool: list[Cand]) -> list[Cand]:
    """Labelled amounts of a narrow cell wrapped at their spaces (:func:`joined_above`). The joined amount takes
    the cut one's place and score, the cut one is kept, weaker: the cut pieces add up as the whole ones do
    (24 150,14 + 3 490,55 = 27 640,69 and 150,14 + 490,55 = 640,69), the cross-check cannot choose."""
    found = []
    for cand in pool:
        label_at = cand.line.text.rfind(cand.label or "\0", 0, cand.start)
        if cand.label_line is not None or label_at < 0:
            continue
        joined = joined_above(lines, cand, cand.line.x_of(label_at))
        if joined is not None:
            joined.score = cand.score + 0.01
            cand.score *= 0.5
            found.append(joined)
    return found


def _code_head(cand: Cand) -> bool:
    """True when the candidate's label is the head of a reference glued to it by a hyphen and digits (« NET-980 »,
    « TOTAL-2 »): an article's code, not a total's label."""
    where = cand.label_line or cand.line
    return bool(cand.label) and bool(re.search(re.escape(cand.label) + r"-\d", where.text))


def beside_wrapped(lines: list[Line], patterns: L.Labels) -> list[Cand]:
    """Amounts of a narrow totals column that wrapped in their cell: the label alone on its line (nothing after
    it), the amount on the line just above or below, right of the label, alone in that column (its currency
    wrapped to the other side: « 67,72 » / « Sous-total » / « € »). A left column (notes) may run beside."""
    found = []
    for index, line in enumerate(lines):
        for rank, match in label_hits(line, patterns):
            words = line.words_in(match.start(), match.end())
            if not words or line.text[match.end():].strip(" :") or amounts(line):
                continue
            x0, x1, height = words[0].box[0], words[-1].box[2], words[0].box[3] - words[0].box[1]
            for other in (lines[index - 1] if index else None, lines[index + 1] if index + 1 < len(lines) else None):
                if other is None or other.page != line.page or abs(other.top - line.top) > 2 * height:
                    continue
                if any(w.box[2] > x0 and w.box[0] < x1 for w in other.words):
                    continue  # a word over the label's column: another row
                right = [c for c in amounts(other) if other.x_of(c.start) >= x1]
                if len(right) == 1 and not re.search(r"[^\W\d_]{4,}", other.text[right[0].end:]):
                    cand = right[0]
                    cand.score, cand.label = 0.75 * (1.0 - rank * 0.02), line.text[match.start():match.end()]
                    cand.label_line = line
                    found.append(cand)
                    break
    return found


def _net_after_adjustment(lines: list[Line], pools: dict[str, list[Cand]]) -> list[Cand]:
    """The net total not printed: a subtotal, then one row of one amount (a discount, a charge) between it and
    the grand total, when subtotal ± that amount = labelled TTC − labelled VAT (« Sous-total  30 793,59 »,
    « Remise (10 %)  -3 079,36 », « TVA 20 %  5 542,85 », « Total  33 257,08 »: 27 714,23 by three cross-checked
    printed amounts). A nil VAT (« Taxe 0,00 », a franchise) makes the net that grand total.

    The subtotal before that row is then neither the net nor the grand total: its candidates in both pools lose
    :data:`BEFORE_ADJUSTMENT_COST` of their score (« Sous-total » also reads as a « total »)."""
    found = []
    order = {id(ln): n for n, ln in enumerate(lines)}
    before = set()
    for ttc in sorted(pools["total_with_tax"], key=lambda c: -c.score)[:3]:
        for tva in sorted(pools["total_tax"], key=lambda c: -c.score)[:4]:
            net = ttc.value - tva.value
            if (not tva.value and not tva.label) or abs(tva.value) >= abs(ttc.value) or net * ttc.value <= 0:
                continue
            for sub in sorted(pools["total_without_tax"], key=lambda c: -c.score)[:3]:
                first, last = order.get(id(sub.line)), order.get(id(ttc.line))
                if first is None or last is None or first >= last or sub.value == net:
                    continue
                # a row after the VAT's is outside the VAT base (débours, a stamp, a withholding): no net of it
                last = min(last, order.get(id(tva.line), last) if order.get(id(tva.line), -1) > first else last)
                for line in lines[first + 1:last]:
                    one = amounts(line)
                    if (len(one) != 1 or line is tva.line or not one[0].value or label_hits(line, L.TOTAL_TAX)
                            or not _label_under(sub, line, one[0].start)):
                        continue  # a labelled row of the totals, not a VAT row (nor a VAT amount whose label wrapped)
                    if net in (sub.value + one[0].value, sub.value - abs(one[0].value)):
                        found.append(Cand(net, one[0].line, one[0].start, one[0].end, 0.45, sub.label))
                        before.add((id(sub.line), sub.value))
    for name in ("total_without_tax", "total_with_tax"):
        for cand in pools[name]:
            if (id(cand.line), cand.value) in before:
                cand.score *= BEFORE_ADJUSTMENT_COST
    return found


#: The share of its score a subtotal keeps as the net or the grand total when a discount or a charge printed after it
#: leads to the net that the grand total and the VAT cross-check (:func:`_net_after_adjustment`).
BEFORE_ADJUSTMENT_COST = 0.5


def _label_under(sub: Cand, line: Line, end: int) -> bool:
    """True when ``line`` holds, before ``end``, a word with letters starting where the label of ``sub`` starts
    (a row of the same totals column: a left column of notes running beside is no label of it)."""
    where = sub.label_line or sub.line
    starts = [where.words_in(m.start(), m.end())[0].box[0] for _rank, m in label_hits(where, L.TOTAL_WITHOUT_TAX)
              if where.words_in(m.start(), m.end())]
    return any(re.search(r"[^\W\d_]", w.text) and any(abs(w.box[0] - x) <= _ALIGN for x in starts)
               for w in line.words_in(0, end))


def _total_lost_separator(lines: list[Line], total: Decimal) -> Cand | None:
    """HT + TVA printed on a grand-total line whose decimal separator OCR lost ("1019819" for 10198,19).

    The digits must be exactly those of the sum, on a line labelled as the grand total or the
    amount due: the cross-check stands for the comma OCR dropped.
    """
    digits = f"{abs(total):.2f}".replace(".", "")
    for line in lines:
        if not (label_hits(line, L.TOTAL_WITH_TAX) or label_hits(line, L.AMOUNT_DUE)):
            continue
        for word, (start, end) in zip(line.words, line.spans, strict=True):
            if re.sub(r"[\s.,'’]", "", word.text.strip("€-")) == digits:
                return Cand(total, line, start, end, 0.6, "HT + TVA", [word])
        # the separator read as a space: "EUR 3,994 01" (two words), digits only after the last label
        hits = label_hits(line, L.TOTAL_WITH_TAX) + label_hits(line, L.AMOUNT_DUE)
        after = max(match.end() for _rank, match in hits)
        tail = re.sub(r"(?i)\b(?:eur|euros?)\b|[€\s.,'’():-]", "", line.text[after:])
        if tail == digits:
            words = line.words_in(after, len(line.text))
            numbers = [w for w in words if re.search(r"\d", w.text)]
            return Cand(total, line, line.spans[line.words.index(numbers[0])][0], len(line.text), 0.55, "HT + TVA",
                        numbers)
    return None


#: The grand totals' own labels: "Total prestations HT" names a total, not the table's description column.
TOTAL_LABELS = L.TOTAL_WITHOUT_TAX.strong() + L.TOTAL_WITH_TAX.strong() + L.TOTAL_TAX.strong()


#: Lines with several amounts that bear the same label before it is a column of the lines' table, not a total.
ROW_CELL_LINES = 4


def _demote_row_cells(pool: list[Cand]) -> None:
    """Halve the candidates read after a label that is a cell of each line of the table: the same label on
    :data:`ROW_CELL_LINES` lines or more that each hold several amounts (« Vis inox  6,04 €  1  TVA 20 %  6,04 € »,
    one line an article). A total's line holds its label and its amount; a VAT breakdown has a line a rate."""
    rows: dict[str, list[Cand]] = {}
    for cand in pool:
        if cand.label and cand.line is not None and len(amounts(cand.line)) >= 2:
            rows.setdefault(fold(cand.label), []).append(cand)
    for same in rows.values():
        if len({id(c.line) for c in same}) >= ROW_CELL_LINES:
            for cand in same:
                cand.score *= 0.5


def is_table_header(line: Line) -> bool:
    """True for the header row of the lines' table (a description column and an amount column).

    A row of total labels ("Total prestations HT  TVA  Total dû") is no table header, though
    a total's label may hold a description word ("prestations", "Waren", "merce").
    """
    if not (L.TABLE_DESCRIPTION.search(line.norm) and L.TABLE_AMOUNT.search(line.norm)):
        return False
    return bool(L.TABLE_DESCRIPTION.search(TOTAL_LABELS.sub(" ", line.norm)))


def _tax_from_difference(ht: Cand, ttc: Cand, every: list[Cand], labelled_tax: list[Cand]) -> Cand | None:
    """The VAT total as TTC − HT when that difference is printed on the page (sign aside).

    Credit notes often lose the minus sign of the VAT total (printed unsigned, or the sign
    wrapped to another line); the printed amount supports the value, the totals give its sign.
    """
    diff = ttc.value - ht.value
    if diff == 0:
        return None
    printed = [c for c in labelled_tax + every if abs(c.value) == abs(diff)]
    if not printed:
        return _tax_rows_summing(diff, labelled_tax)
    where = max(printed, key=lambda c: c.score)
    return Cand(diff, where.line, where.start, where.end, max(0.5, where.score - 0.1), where.label)


def _tax_rows_summing(diff: Decimal, labelled_tax: list[Cand]) -> Cand | None:
    """The VAT total as the sum of two to four VAT rows (one a line) that add up to TTC − HT, when one set
    does: a VAT row per rate and no VAT total printed."""
    by_line: dict[int, Cand] = {}
    for cand in sorted(labelled_tax, key=lambda c: -c.score):
        if cand.value > 0 and cand.label:
            by_line.setdefault(id(cand.label_line or cand.line), cand)
    rows = list(by_line.values())[:8]
    sets = [found for size in range(2, min(4, len(rows)) + 1) for found in combinations(rows, size)
            if sum((c.value for c in found), Decimal(0)) == diff]
    if len(sets) != 1:
        return None
    last = max(sets[0], key=lambda c: (c.line.page, c.line.index))
    return Cand(diff, last.line, last.start, last.end, 0.6, "TVA par taux",
                [w for c in sets[0] for w in c.line.words_in(c.start, c.end)])


#: The usual VAT rates as shares of the net (:data:`KNOWN_RATES`, the one list of them).
_RATES = tuple(rate / 100 for rate in KNOWN_RATES)


def vat_rows(lines: list[Line]) -> list[tuple[VatRow, Line]]:
    """Lines with a rate and two amounts where tax ≈ base × rate (the rate with its « % », or a number
    under a rate column's header: « Taux  Base HT  TVA » over « 20,00  1 000,00  200,00 »)."""
    rows: dict[Decimal, tuple[VatRow, Line]] = {}
    for line in lines:
        for match in _RATE_RE.finditer(line.text):
            rate = parse_rate(match.group(1))
            if rate is not None:
                _pair(rows, line, rate, (match.start(), match.end()))
    for line, rate, span in _rates_under_header(lines):
        if rate not in rows:
            _pair(rows, line, rate, span)
    return list(rows.values())


def _pair(rows: dict[Decimal, tuple[VatRow, Line]], line: Line, rate: Decimal, span: tuple[int, int]) -> None:
    """The row of ``rate`` when ``line`` holds a base and, after it, its VAT (the rate's own text aside)."""
    found = [c for c in amounts(line) if c.end <= span[0] or c.start >= span[1]]
    for base, tax in product(found, repeat=2):
        if base.start >= tax.start or base.value == 0 or base.value * tax.value < 0:
            continue  # the base is printed before its VAT; a credit note's rows are negative, both
        expected = base.value * rate / 100
        if abs(expected - tax.value) <= max(Decimal("0.011"), abs(tax.value) * Decimal("0.001")):
            if _ends_on_another_rate(line, tax, span):
                return
            box = union_box(line.words_in(base.start, base.end) + line.words_in(tax.start, tax.end))
            before = line.words_in(0, span[0])
            category = _printed_category(line.text[:span[0]], rate, ocr=bool(before) and before[-1].confidence < 1.0)
            code = vat.VATEX_CODE.search(line.text) if category in vat.NEEDS_REASON else None
            rows.setdefault(rate, (VatRow(str(rate), money(base.value), money(tax.value), 0.8, line.page, box, category,
                                          vat.vatex_read(code.group().upper()) if code else None), line))
            return


def _ends_on_another_rate(line: Line, tax: Cand, span: tuple[int, int]) -> bool:
    """True when the line ends on another rate printed after the would-be VAT: the row of a table whose last
    column is the VAT rate (« CHARGE : FRAIS DEPLACEMENT  10,00% sur 100,00 EUR  10,00  20,00% »), where the
    first rate is a charge's or a discount's percentage of a base and the amount after it that rate's result,
    no VAT. A breakdown row ends on its VAT, or on a second row beside it (« 5,5 % 200,00 11,00  20 % … »)."""
    last = None
    for last in _RATE_RE.finditer(line.text):
        pass
    return (last is not None and last.start() >= max(tax.end, span[1])
            and not line.text[last.end():].strip())


#: The UNCL 5305 codes a breakdown prints in its category column, each with the rates it goes with: « S » a
#: positive rate; « Z », « E », « AE », « K », « G », « O » a zero rate (« L », « M », « B »: local or rare, not read).
_ZERO_CATEGORIES = vat.NEEDS_REASON | {"Z"}
#: A cell ending with a digit: an amount, whose currency sign follows it.
_AMOUNT_END = compiled(r"\d$")


#: The signs OCR reads for a category letter printed alone in its cell: the E of an exemption as a euro sign, the S of
#: the standard rate as a dollar sign (« VATEX-EU-D  VAT EXEMP  €  0,00% », « $  20,00% »; Tesseract, any typeface).
_OCR_CATEGORY = {"€": "E", "$": "S", "s": "S"}


#: The tax's name opening a breakdown's row, its category code in brackets after it (« Umsatzsteuer (S) », « TVA (E) »,
#: « VAT (Z) », « IVA (AE) »: the UNCL 5305 code as renderings of EN 16931 invoices print it).
_NAMED_CATEGORY = compiled(r"^\W*(?:t\.?v\.?a|v\.?a\.?t|mwst|u\.?st|i\.?v\.?a|btw|tax|\w*steuer|imposta|impuesto)\w*\s*"
                             r"\((?P<code>(?-i:S|Z|E|AE|K|G|O))\)", re.I)


def _printed_category(before: str, rate: Decimal, *, ocr: bool = False) -> str | None:
    """The category code printed in its own cell just before the row's rate (« VATEX-EU-IC  K  0,00 % »,
    « S  20,00 % »), or in brackets after the tax's name that opens the row (« Umsatzsteuer (Z)  3.273,00  0  0,00 »),
    when it goes with that rate; else None (the completion proposes one).

    ``ocr``: the cell was read by OCR, whose signs for a letter alone (:data:`_OCR_CATEGORY`) are read as the letter
    unless they end an amount (« 60,00 €  0,00 % » is a base and its currency, no category).
    """
    named = _NAMED_CATEGORY.match(before)
    if named is not None:  # « Umsatzsteuer (Z)  3.273,00  0  0,00 »: the code in brackets after the tax's name
        code = named.group("code")
        return code if (code == "S" and rate > 0) or (code in _ZERO_CATEGORIES and rate == 0) else None
    cells = before.split()
    code = cells[-1] if cells else ""
    if ocr and code in _OCR_CATEGORY and not (len(cells) > 1 and _AMOUNT_END.search(cells[-2])):
        code = _OCR_CATEGORY[code]
    if (code == "S" and rate > 0) or (code in _ZERO_CATEGORIES and rate == 0):
        return code
    return None


#: A VAT word in a header row: the rate column of that row is a VAT rate's (« Taux  Base HT  TVA »,
#: « Tipo  Base  Cuota », « Satz  Netto  MwSt »).
_VAT_HEADER_WORD = compiled(r"\b(?:t\.?v\.?a|v\.?a\.?t|mwst|u\.?st|i\.?v\.?a|btw|tax|steuer\w*|cuota|imposta|impuesto"
                              r"|aliquota)\b")
#: A rate column that is no VAT rate's: a discount's, an hourly rate, an interest or exchange rate.
_OTHER_RATE_HEADER = compiled(r"remise|rabais|ristourne|reduction|escompte|discount|rebate|rabatt|nachlass|skonto|sconto"
                                r"|descuento|horaire|hourly|stunde|orari|hora|interet|interest|zins|interes|change|exchange"
                                r"|wechsel|cambio|commission|provision")


def _rates_under_header(lines: list[Line]) -> list[tuple[Line, Decimal, tuple[int, int]]]:
    """Numbers with no « % » under a VAT rate column's header, with their line and characters.

    The header row names VAT (in the rate's cell or another column's: « Taux TVA », « Taux  Base  TVA »),
    the rate's cell names no other rate (« Taux remise », « Hourly rate »), and the number is a usual
    VAT rate (or 0): a discount's « 10 » under « Taux remise » is no VAT rate.
    """
    from guichet.plugins.fields_rules.blocks import cell_words

    out = []
    for index, line in enumerate(lines):
        hits = label_hits(line, L.VAT_RATE_COLUMN)
        if not hits or amounts(line) or not _VAT_HEADER_WORD.search(line.norm):
            continue
        header = None
        for _rank, match in sorted(hits, key=lambda hit: hit[1].start()):
            words = line.words_in(match.start(), match.end())
            if not words:
                continue
            cell = cell_words(line, line.words.index(words[0]))
            if not _OTHER_RATE_HEADER.search(fold(" ".join(w.text for w in cell))):
                header = words
                break
        if header is None:
            continue
        x0, x1 = header[0].box[0], header[-1].box[2]
        for other in lines[index + 1:index + 8]:
            if other.page != line.page:
                break
            under = [(w, span) for w, span in zip(other.words, other.spans, strict=True)
                     if w.box[0] < x1 + 0.015 and w.box[2] > x0 - 0.015 and re.fullmatch(r"\d{1,2}(?:[.,]\d{1,2})?", w.text)]
            rate = parse_rate(under[0][0].text) if under else None
            if rate is None or (rate and rate not in KNOWN_RATES):
                continue
            out.append((other, rate, under[0][1]))
    return out


#: A rate as OCR may space it from its sign ("10  %": read as a column gap).
_RATE_LOOSE = compiled(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s{0,2}%")


#: A line's price that OCR misread so that no amount is left (« 51,71 € » read « b1:71€ »): figures glued to a
#: currency sign. Before a VAT label, it says the line is one of the table, as a price read right does.
_MISREAD_PRICE = compiled(r"\d\S*[€$£]|[€$£]\S*\d")


def rate_taxes(lines: list[Line], converted: set[tuple[int, int]] | None = None) -> dict[Decimal, Cand]:
    """The VAT amount of each rate printed alone after a VAT label and the rate ("dont TVA 20 % : 116,62",
    "IVA aliquota 22% € 703,38", "Plus VAT at 9% € 3082.75"): one amount after the rate, no base.

    A row with two amounts after its rate (base and VAT) is a breakdown row (:func:`vat_rows`).
    The first row of each rate counts (a page may repeat its breakdown). When the page prints total rows,
    only the VAT rows whose label starts where a total's label starts count, when some do
    (:func:`_total_label_edges`): a table whose lines each print their tax (« TVA 10 %  4 125,60 ») holds
    no VAT amount of a rate; nor does a line with an amount before its label (the line's price).
    """
    edges = _total_label_edges(lines)
    found: dict[Decimal, Cand] = {}
    aligned: dict[Decimal, Cand] = {}
    for line in lines:
        hits = label_hits(line, L.TOTAL_TAX)
        if not hits:
            continue
        label_ends = [match.end() for _rank, match in hits]
        for match in _RATE_LOOSE.finditer(line.text, min(label_ends)):
            # the rate said right after the label ("TVA au taux de 20 %"), not a table row's rate column
            if not any(end <= match.start() and len(line.text[end:match.start()]) <= 20
                       and not re.search(r"\d", line.text[end:match.start()]) for end in label_ends):
                continue
            rate = parse_rate(match.group(1))
            after = [c for c in amounts(line) if c.start >= match.end() and (id(line), c.start) not in (converted or ())]
            if rate is None or not rate or len(after) != 1 or _RATE_RE.search(line.text, match.end(), after[0].start):
                continue
            cand = after[0]
            label = max((m for _rank, m in hits if m.end() <= match.start()), key=lambda m: m.end())
            if ((any(c.end <= label.start() for c in amounts(line)) or _MISREAD_PRICE.search(line.text, 0, label.start()))
                    and not any(m.end() <= label.start() for _rank, m in label_hits(line, L.TOTAL_WITH_TAX))):
                break  # a price before the tax cell: a line of the table (« Vis  65,07  36,5  TVA 20 %  2375,06 »),
                # not a grand total saying its VAT (« Total TTC  699,72  dont TVA 20 %  116,62 »)
            row = Cand(cand.value, line, cand.start, cand.end, 0.6, line.text[:match.end()].strip())
            found.setdefault(rate, row)
            if edges and _lines_up(line, label.start(), label.end(), edges):
                aligned.setdefault(rate, row)
            break
    for rate, row in _wrapped_rate_taxes(lines):
        found.setdefault(rate, row)
        hits = label_hits(row.label_line, L.TOTAL_TAX) if row.label_line is not None else []
        if edges and hits and _lines_up(row.label_line, hits[0][1].start(), hits[0][1].end(), edges):
            aligned.setdefault(rate, row)
    for rate, row in _header_rate_taxes(lines):
        found.setdefault(rate, row)
    return aligned or found


def _header_rate_taxes(lines: list[Line]) -> list[tuple[Decimal, Cand]]:
    """The VAT of each rate in a totals table laid out across: a header row naming the totals, each VAT cell with
    its rate (« Total HT  TVA 20 %  TVA 5,5 %  Total TTC », « Subtotal  MwSt. 19 %  MwSt. 7 %  Gesamtbetrag »), the
    amounts in the row under it, each under its cell. The header row prints no amount and names a net or grand
    total besides the VAT (an item table's header « Qté  Prix  TVA 20 % » is none: its row under is an item's)."""
    out: list[tuple[Decimal, Cand]] = []
    for index, line in enumerate(lines):
        hits = label_hits(line, L.TOTAL_TAX)
        if not hits or amounts(line) or not (label_hits(line, L.TOTAL_WITHOUT_TAX) or label_hits(line, L.TOTAL_WITH_TAX)):
            continue
        cells = []
        for _rank, match in hits:
            rate = _RATE_LOOSE.match(line.text[match.end():].lstrip(" .:"))
            value = parse_rate(rate.group(1)) if rate else None
            if not value:
                continue
            end = len(line.text) - len(line.text[match.end():].lstrip(" .:")) + rate.end()
            words = line.words_in(match.start(), end)
            if words:
                cells.append((value, words[0].box[0], words[-1].box[2]))
        under = next((other for other in lines[index + 1:index + 3] if other.page == line.page and amounts(other)), None)
        if not cells or under is None:
            continue
        for rate, x0, x1 in cells:
            below = [c for c in amounts(under) if (words := under.words_in(c.start, c.end))
                     and words[0].box[0] < x1 and words[-1].box[2] > x0]
            if len(below) == 1:
                out.append((rate, Cand(below[0].value, under, below[0].start, below[0].end, 0.6, line.text.strip())))
    return out


#: A rate alone in its cell, wrapped under (or over) its VAT label: « (2.1%) », « 20 % ».
_RATE_ALONE = compiled(r"\(?\s*(\d{1,2}(?:[.,]\d{1,2})?)\s?%\s*\)?")


def _wrapped_rate_taxes(lines: list[Line]) -> list[tuple[Decimal, Cand]]:
    """VAT rows of a narrow totals column whose label wrapped: « TVA » alone on its line, its amount beside it
    (:func:`beside_wrapped`), its rate alone in the label's column on the line just above or below, the other
    side of the amount (« TVA » / « 1,00 € » / « (2.1%) »)."""
    out = []
    order = {id(ln): n for n, ln in enumerate(lines)}
    for cand in beside_wrapped(lines, L.TOTAL_TAX):
        label_line = cand.label_line
        index = order.get(id(label_line))
        if label_line is None or index is None:
            continue
        words = [w for _rank, m in label_hits(label_line, L.TOTAL_TAX) for w in label_line.words_in(m.start(), m.end())]
        if not words:
            continue
        x0, x1 = min(w.box[0] for w in words), max(w.box[2] for w in words)
        side = 1 if order.get(id(cand.line), index) > index else -1
        other = lines[index + 2 * side] if 0 <= index + 2 * side < len(lines) else None
        if other is None or other.page != label_line.page:
            continue
        cell = [w for w in other.words if w.box[2] > x0 - 0.01 and w.box[0] < x1 + 0.05]
        match = _RATE_ALONE.fullmatch(" ".join(w.text for w in cell)) if cell else None
        rate = parse_rate(match.group(1)) if match else None
        if rate:
            cand.score = 0.6
            out.append((rate, cand))
    return out


#: How far apart (page fraction) two labels' edges may be and still stand in one column.
_ALIGN = 0.008


def _total_label_edges(lines: list[Line]) -> list[tuple[int, float]]:
    """(page, left edge) of the labels of grand-total and net-total rows (label then amount on one line).

    The totals block stacks its rows under one another: their labels share a left edge.
    """
    edges = []
    for line in lines:
        for _rank, match in label_hits(line, L.TOTAL_WITH_TAX) + label_hits(line, L.TOTAL_WITHOUT_TAX):
            words = line.words_in(match.start(), match.end())
            if words and any(c.start >= match.end() for c in amounts(line)) and not is_table_header(line):
                edges.append((line.page, words[0].box[0]))
    return edges


def _lines_up(line: Line, start: int, end: int, edges: list[tuple[int, float]]) -> bool:
    """True when the label at ``start:end`` of ``line`` starts where a total's label starts."""
    words = line.words_in(start, end)
    return bool(words) and any(page == line.page and abs(words[0].box[0] - left) <= _ALIGN for page, left in edges)


def rows_from_rate_taxes(lines: list[Line], ht: Decimal | None, items: list[LineItem]) -> list[tuple[VatRow, Line]]:
    """Breakdown rows for VAT amounts printed per rate with no base (:func:`rate_taxes`).

    The base of a rate is the sum of the table's lines at that rate when base × rate gives the
    printed VAT (to the cent, half a cent more per line rounded apart); the other rates share the
    rest of the HT (:func:`guichet.core.parsing.vat_bases.split_bases`). All rates get a base, adding up to the HT, or none.
    """
    per_rate = rate_taxes(lines)
    if not per_rate:
        return []
    by_rate: dict[Decimal, list[Decimal]] = {}
    for item in items:
        rate = parse_rate(item.vat_rate) if item.vat_rate else None
        if rate is not None and item.amount is not None:
            by_rate.setdefault(rate, []).append(Decimal(item.amount))
    bases: dict[Decimal, Decimal] = {}
    for rate, cand in per_rate.items():
        amounts_at = by_rate.get(rate)
        if amounts_at and fits(sum(amounts_at, Decimal(0)), rate, cand.value, len(amounts_at)):
            bases[rate] = sum(amounts_at, Decimal(0))
    missing = [rate for rate in per_rate if rate not in bases]
    if ht is not None and missing:
        unrated = [Decimal(item.amount) for item in items if item.amount is not None and not item.vat_rate]
        found = split_bases({rate: per_rate[rate].value for rate in missing}, ht - sum(bases.values(), Decimal(0)),
                            unrated)
        bases.update(found.bases if found else {})
    if len(bases) != len(per_rate) or (ht is not None and sum(bases.values(), Decimal(0)) != ht):
        return []
    _rate_the_lines(per_rate, bases, items)
    out = []
    for rate, cand in per_rate.items():
        box = union_box(cand.line.words_in(cand.start, cand.end))
        out.append((VatRow(str(rate), money(bases[rate]), money(cand.value), 0.7, cand.line.page, box), cand.line))
    return out


def _rate_the_lines(per_rate: dict[Decimal, Cand], bases: dict[Decimal, Decimal], items: list[LineItem]) -> None:
    """The lines read with no rate get theirs when they share out into the bases in one way only."""
    if not items or any(item.vat_rate or item.amount is None for item in items):
        return
    amounts = [Decimal(item.amount) for item in items]
    split = split_bases({rate: cand.value for rate, cand in per_rate.items()}, sum(bases.values(), Decimal(0)),
                        amounts, every_line=True)
    if split is not None and split.line_rates is not None and split.bases == bases:
        for item, rate in zip(items, split.line_rates, strict=True):
            item.vat_rate = str(rate)


def row_from_totals(lines: list[Line], fields: dict[str, FieldValue]) -> VatRow | None:
    """One row when no breakdown is printed: the HT at the one rate that turns it into the VAT total
    (the completion's rule, :func:`guichet.core.pipeline.completion.certain_rate`: the rate printed on
    the page when there is one; 0 % when no VAT and the page prints no VAT rate)."""
    from guichet.core.pipeline.completion import certain_rate

    ht, tva, ttc = (fields.get(n) for n in ("total_without_tax", "total_tax", "total_with_tax"))
    if ht is None or not Decimal(ht.value):
        return None
    base = Decimal(ht.value)
    if tva is not None:
        tax = Decimal(tva.value)
    elif ttc is not None and Decimal(ttc.value) == base:
        tax = Decimal(0)  # no VAT printed and HT = TTC: exemption, franchise, reverse charge
    else:
        return None
    if ttc is not None and base + tax != Decimal(ttc.value):
        return None
    rate = certain_rate(base, tax, "\n".join(line.text for line in lines))
    if rate is None:
        return None
    where = tva or ht
    return VatRow(str(rate), money(base), money(tax), 0.6, where.page, where.box)


#: A 0 % rate printed on the page (« 0 % », « 0,00% », « 0.0 % »).
_ZERO_RATE = compiled(r"(?<![\d.,])0(?:[.,]0{1,2})?\s?%")


def untaxed_row(lines: list[Line], fields: dict[str, FieldValue], breakdown: list[VatRow],
                items: list[LineItem]) -> VatRow | None:
    """The 0 % row a breakdown leaves out: its rows' VAT is the VAT total but their bases fall short of the net total,
    and the gap is the lines at 0 % (their amounts sum to it) or printed on a line beside a 0 % rate. Without it the
    breakdown does not add up to the net (BR-CO-13); its category (Z or E, with its reason) is the completion's."""
    ht, tva = fields.get("total_without_tax"), fields.get("total_tax")
    if ht is None or tva is None or not breakdown or any(
            row.rate is None or not Decimal(row.rate) or row.taxable_amount is None or row.tax_amount is None
            for row in breakdown):
        return None
    bases = sum((Decimal(row.taxable_amount) for row in breakdown), Decimal(0))
    taxes = sum((Decimal(row.tax_amount) for row in breakdown), Decimal(0))
    gap = Decimal(ht.value) - bases
    if taxes != Decimal(tva.value) or not gap or gap * Decimal(ht.value) < 0 or abs(gap) >= abs(Decimal(ht.value)):
        return None
    zero = [item for item in items if item.vat_rate is not None and item.amount is not None
            and not Decimal(item.vat_rate)]
    if zero and sum((Decimal(item.amount) for item in zero), Decimal(0)) == gap:
        confidence = 0.8
    elif any(_ZERO_RATE.search(line.text) and on_page.printed(gap, line.text) for line in lines):
        confidence = 0.6
    else:
        return None
    return VatRow("0", money(gap), "0.00", confidence, ht.page, ht.box)


def tax_from_rows(fields: dict[str, FieldValue], rows: list[tuple[VatRow, Line]]) -> None:
    """Total VAT from the breakdown rows when no total VAT is printed (or it does not add up)."""
    if not rows:
        return
    total = sum((Decimal(row.tax_amount) for row, _line in rows), Decimal(0))
    ht, ttc, tva = (fields.get(n) for n in ("total_without_tax", "total_with_tax", "total_tax"))
    adds_up = ht is not None and ttc is not None and Decimal(ht.value) + total == Decimal(ttc.value)
    current_ok = (tva is not None and ht is not None and ttc is not None
                  and Decimal(ht.value) + Decimal(tva.value) == Decimal(ttc.value))
    if current_ok or (tva is not None and not adds_up):
        return
    if adds_up or len(rows) == 1:
        boxes = [row.box for row, _line in rows if row.box]
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
               max(b[3] for b in boxes)) if boxes else None
        fields["total_tax"] = FieldValue(money(total), 0.85 if adds_up else 0.6, rows[0][0].page, box,
                                         "ventilation TVA")


