"""Totals (HT, TVA, TTC) chosen so that they add up, and the VAT breakdown."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import product

from guichet.core.parsing.fields import money
from guichet.core.parsing.text import FieldValue, VatRow, union_box
from guichet.core.parsing.values import parse_rate
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.lines import _RATE_RE, Cand, Line, amounts, label_hits, labelled


def totals(lines: list[Line], rows: list[tuple[VatRow, Line]] | None = None) -> dict[str, Cand]:
    """HT, TVA and TTC: labelled candidates, combined so that HT + TVA = TTC when possible.

    ``rows`` (the VAT breakdown, :func:`vat_rows`) is a second cross-check: a HT that is the sum
    of its bases and a VAT total that is the sum of its taxes are confirmed.
    """
    pools = {
        "total_without_tax": labelled(lines, L.TOTAL_WITHOUT_TAX, amounts, below_last=True),
        "total_tax": labelled(lines, L.TOTAL_TAX, amounts, take_last=True, below_last=True),
        "total_with_tax": labelled(lines, L.TOTAL_WITH_TAX, amounts, below_last=True),
    }
    for name, pool in pools.items():  # a column of the lines' table ("TVA", "Total HT" over each line) holds no total
        pools[name] = [c for c in pool if c.label_line is None or not is_table_header(c.label_line)]
    if not any(c.value for c in labelled(lines, L.PREPAID, amounts)):
        # Nothing paid in advance: the amount due ("Zahlbetrag", "amount due") is the grand total,
        # weaker than a grand-total label (OCR may have lost that line).
        for cand in labelled(lines, L.AMOUNT_DUE, amounts):
            cand.score *= 0.8
            pools["total_with_tax"].append(cand)
    last_page = max((ln.page for ln in lines), default=1)
    for pool in pools.values():
        for cand in pool:
            cand.score += 0.02 * (cand.line.page == last_page)
    # Unlabelled evidence: a + b = c with b/a a usual VAT rate.
    every = [c for ln in lines for c in amounts(ln) if c.value > 0]
    values = {c.value: c for c in every}
    for a, b in product(list(values), repeat=2):
        if a <= b or b <= 0 or a < 1:
            continue  # under 1.00 the cents' rounding fits any rate: no evidence
        c = a + b
        if c in values and any(abs(a * r - b) <= Decimal("0.011") * max(1, a / 100) for r in _RATES):
            for name, value in (("total_without_tax", a), ("total_tax", b), ("total_with_tax", c)):
                cand = values[value]
                pools[name].append(Cand(value, cand.line, cand.start, cand.end, 0.35))
    # Labelled HT + labelled TVA printed elsewhere as an unlabelled amount (several VAT rates: no usual rate).
    for ht in sorted(pools["total_without_tax"], key=lambda c: -c.score)[:3]:
        for tva in sorted(pools["total_tax"], key=lambda c: -c.score)[:8]:
            total = ht.value + tva.value
            if tva.value and total in values and abs(tva.value) < abs(ht.value):
                cand = values[total]
                pools["total_with_tax"].append(Cand(total, cand.line, cand.start, cand.end, 0.4))
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
    ranked = {n: sorted(p, key=lambda c: -c.score)[:5] + [None] for n, p in pools.items()}
    best_combo, best_score = None, -1.0
    for ht, tva, ttc in product(ranked["total_without_tax"], ranked["total_tax"], ranked["total_with_tax"]):
        score = sum(c.score for c in (ht, tva, ttc) if c)
        if ht and tva and ttc:
            if ht.value + tva.value == ttc.value:
                score += 1.2
            else:
                score -= 0.6
        elif ht and ttc:
            # same sign, TTC at least HT in size (a credit note prints both negative)
            score += 0.3 if ttc.value * ht.value >= 0 and abs(ttc.value) >= abs(ht.value) else -0.8
        if base_sum is not None and len(rows or []) > 1:  # one row only repeats the totals: no second check
            score += 0.25 * sum((ht is not None and ht.value == base_sum, tva is not None and tva.value == tax_sum))
        if score > best_score:
            best_combo, best_score = (ht, tva, ttc), score
    result = {}
    if best_combo and best_combo[1] is None and best_combo[0] and best_combo[2]:
        best_combo = (best_combo[0], _tax_from_difference(best_combo[0], best_combo[2], every, pools["total_tax"]),
                      best_combo[2])
    if best_combo:
        consistent = all(best_combo) and best_combo[0].value + best_combo[1].value == best_combo[2].value
        for name, cand in zip(("total_without_tax", "total_tax", "total_with_tax"), best_combo, strict=True):
            if cand is not None:
                cand.score = min(0.99, cand.score + (0.12 if consistent else 0.0))
                result[name] = cand
    if "total_with_tax" not in result and "total_without_tax" in result and "total_tax" in result:
        found = _total_lost_separator(lines, result["total_without_tax"].value + result["total_tax"].value)
        if found is not None:
            result["total_with_tax"] = found
    return result


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
    return None


#: The grand totals' own labels: "Total prestations HT" names a total, not the table's description column.
_TOTAL_LABELS = L.TOTAL_WITHOUT_TAX.strong() + L.TOTAL_WITH_TAX.strong() + L.TOTAL_TAX.strong()


def is_table_header(line: Line) -> bool:
    """True for the header row of the lines' table (a description column and an amount column).

    A row of total labels ("Total prestations HT  TVA  Total dû") is no table header, though
    a total's label may hold a description word ("prestations", "Waren", "merce").
    """
    if not (L.TABLE_DESCRIPTION.search(line.norm) and L.TABLE_AMOUNT.search(line.norm)):
        return False
    return bool(L.TABLE_DESCRIPTION.search(_TOTAL_LABELS.sub(" ", line.norm)))


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
        return None
    where = max(printed, key=lambda c: c.score)
    return Cand(diff, where.line, where.start, where.end, max(0.5, where.score - 0.1), where.label)


_RATES = [Decimal(r) for r in ("0.2", "0.1", "0.055", "0.021", "0.085", "0.19", "0.07", "0.16", "0.05",
                                "0.21", "0.06", "0.22", "0.04", "0.25", "0.17", "0.08", "0.077", "0.13")]


def vat_rows(lines: list[Line]) -> list[tuple[VatRow, Line]]:
    """Lines with a rate and two amounts where tax ≈ base × rate."""
    rows: dict[Decimal, tuple[VatRow, Line]] = {}
    for line in lines:
        for match in _RATE_RE.finditer(line.text):
            rate = parse_rate(match.group(1))
            if rate is None:
                continue
            found = amounts(line)
            for base, tax in product(found, repeat=2):
                if base is tax or base.value <= 0:
                    continue
                expected = base.value * rate / 100
                if abs(expected - tax.value) <= max(Decimal("0.011"), abs(tax.value) * Decimal("0.001")):
                    box = union_box(line.words_in(base.start, base.end) + line.words_in(tax.start, tax.end))
                    rows.setdefault(rate, (VatRow(str(rate), money(base.value), money(tax.value), 0.8,
                                                  line.page, box), line))
                    break
    return list(rows.values())


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


