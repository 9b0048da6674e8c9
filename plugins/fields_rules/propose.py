"""The whole proposal of a document, plus its payment terms, currency and table lines."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from guichet.core.parsing import on_page
from guichet.core.parsing.fields import SOURCE_OCR, money
from guichet.core.parsing.text import FieldProposal, FieldValue, LineItem, Page, union_box
from guichet.core.parsing.values import parse_amount, parse_rate
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.blocks import (
    buyer_address,
    buyer_by_identifier,
    buyer_from_blocks,
    buyer_under_heading,
    seller_address,
)
from guichet.plugins.fields_rules.lines import (
    Cand,
    Line,
    amounts,
    best,
    cand_confidence,
    fold,
    dates,
    label_hits,
    labelled,
    make_lines,
    month_first,
)
from guichet.plugins.fields_rules.names import seller_name
from guichet.plugins.fields_rules.numbers import (
    _least_confused,
    due_date,
    invoice_number,
    issue_date,
)
from guichet.plugins.fields_rules.parties import buyer_name, parties
from guichet.plugins.fields_rules.totals import tax_from_rows, totals, vat_rows

if TYPE_CHECKING:
    from guichet.core.model.models import Company

#: A line of the totals ends the table of lines.
_TOTALS = L.TOTAL_WITHOUT_TAX.strong() + L.TOTAL_WITH_TAX.strong()


def payment_terms(lines: list[Line]) -> Cand | None:
    """The sentence after a payment-terms label (or the sentence holding a ``paiement à 30 jours``)."""
    for patterns, after in ((L.PAYMENT_TERMS, True), (L.PAYMENT_TERMS_SENTENCE, False)):
        for line in lines:
            for _rank, match in label_hits(line, patterns):
                text = line.text[match.end():].strip(" :") if after else line.text.strip()
                if len(text) >= 3:
                    start = match.end() if after else 0
                    return Cand(text[:200], line, start, len(line.text), 0.7, line.text[match.start():match.end()])
    return None


def currency(lines: list[Line]) -> Cand | None:
    """The currency most written on the page (symbol or ISO code)."""
    counts: dict[str, list[Cand]] = {}
    for line in lines:
        for match in re.finditer(r"€|\bEUR\b|\bUSD\b|US\$|\$|£|\bGBP\b|\bCHF\b", line.text):
            code = on_page.CURRENCY_SIGNS.get(match.group(), match.group())
            counts.setdefault(code, []).append(Cand(code, line, match.start(), match.end(), 0.85))
    if not counts:
        return None
    code, found = max(counts.items(), key=lambda item: len(item[1]))
    return found[0]


def table_lines(lines: list[Line]) -> list[LineItem]:
    """Rows under a table header (description + quantity/price/amount columns) up to the totals."""
    header = None
    for line in lines:
        if L.TABLE_DESCRIPTION.search(line.norm) and L.TABLE_AMOUNT.search(line.norm):
            header = line
            break
    if header is None:
        return []
    items = []
    start = lines.index(header)
    for line in lines[start + 1:]:
        if line.page != header.page and items and re.search(r"total|summe|netto", line.norm):
            break
        if _TOTALS.search(line.norm):
            break
        found = amounts(line)
        if not found:
            continue
        desc_end = found[0].start
        desc = re.sub(r"^\s*\d+([.,]\d+)?\s+", "", line.text[:desc_end]).strip(" €")
        desc = re.sub(r"\s+\d+([.,]\d+)?\s*[A-Za-z()]*\s*$", "", desc).strip() or desc
        if not re.search(r"[A-Za-z]{3}", desc):
            continue
        rate = on_page.RATE.search(line.text)
        qty = re.match(r"^\s*(\d+(?:[.,]\d+)?)\s", line.text)
        items.append(LineItem(
            description=desc[:200],
            quantity=str(parse_amount(qty.group(1)) or qty.group(1)) if qty else None,
            unit_price=money(found[-2].value) if len(found) >= 2 else None,
            amount=money(found[-1].value),
            vat_rate=str(parse_rate(rate.group(1))) if rate else None,
            confidence=0.6,
            page=line.page,
            box=union_box(line.words),
        ))
    return items[:200]


#: The confidence of an issue date that the page prints under a due-date label and under no issue-date
#: label: most likely the due date taken for the issue date. Below what a conversion with no person
#: accepts (``PAPER_MIN_CONFIDENCE`` of ``guichet convert``): a person checks it.
DUE_DATE_TAKEN_CONFIDENCE = 0.2


def _printed_as_due_date_only(lines: list[Line], iso: str) -> bool:
    """True when the date ``iso`` is printed under a due-date label and under no strong issue-date label
    (a date payable on receipt is printed under both)."""
    us = month_first(lines)

    def finder(line: Line) -> list[Cand]:
        return dates(line, us=us)

    due = {c.value.isoformat() for c in labelled(lines, L.DUE_DATE, finder, max_gap=40)}
    if iso not in due:
        return False
    return iso not in {c.value.isoformat() for c in labelled(lines, L.ISSUE_DATE.strong(), finder, max_gap=40)}


def propose(pages: list[Page], company: Company | None = None, source: str = "text layer") -> FieldProposal:
    """Every field the rules can support, with confidence, page and box."""
    lines = make_lines(pages)
    proposal = FieldProposal()
    fields = proposal.fields
    if not lines:
        return proposal

    def put(name: str, cand: Cand | None, text: str | None = None) -> None:
        if cand is not None:
            fields[name] = cand.field_value(text if text is not None else str(cand.value), cand_confidence(cand, source))

    number = invoice_number(lines)
    if number is not None and source == SOURCE_OCR:
        number.value = _least_confused(str(number.value), lines)
    put("invoice_number", number)
    due = due_date(lines)
    found = issue_date(lines, number, due.value if due is not None and due.score >= 0.7 else None)
    put("issue_date", found, found.value.isoformat() if found else None)
    if found is not None and _printed_as_due_date_only(lines, found.value.isoformat()):
        fields["issue_date"].confidence = min(fields["issue_date"].confidence, DUE_DATE_TAKEN_CONFIDENCE)
    if due and (fields.get("issue_date") is None or due.value.isoformat() >= fields["issue_date"].value):
        put("due_date", due, due.value.isoformat())
    rows = vat_rows(lines)
    found_totals = totals(lines, rows)
    for name, cand in found_totals.items():
        put(name, cand, money(cand.value))
    due = best(labelled(lines, L.AMOUNT_DUE, amounts))
    prepaid = any(L.PREPAID.search(ln.norm) for ln in lines)
    if due is not None and (prepaid or "total_with_tax" not in found_totals
                            or due.value == found_totals["total_with_tax"].value):
        put("amount_due", due, money(due.value))
    elif "total_with_tax" in found_totals and not prepaid:
        ttc = found_totals["total_with_tax"]
        fields["amount_due"] = ttc.field_value(money(ttc.value), cand_confidence(ttc, source) * 0.9)
    put("currency", currency(lines))
    parties(lines, company, fields, source)
    seller = seller_name(lines, company, source)
    put("seller_name", seller)
    for name, cand in seller_address(lines, seller).items():
        put(name, cand)
    own = fold(company.name) if company is not None else None
    buyer = (buyer_name(lines, company) or buyer_under_heading(lines) or buyer_by_identifier(lines)
             or buyer_from_blocks(lines, seller, own))
    put("buyer_name", buyer)
    for name, cand in buyer_address(lines, buyer, seller).items():
        put(name, cand)
    put("payment_terms", payment_terms(lines))
    credit = any(L.CREDIT_NOTE.search(ln.norm) for ln in lines[:15])
    invoice_word = next((ln for ln in lines if L.INVOICE_WORD.search(ln.norm)), None)
    if credit or invoice_word:
        line = invoice_word or lines[0]
        fields["document_type_code"] = FieldValue("381" if credit else "380", 0.7, line.page, union_box(line.words))
    proposal.vat_breakdown = [row for row, _line in rows]
    tax_from_rows(fields, rows)
    proposal.lines = table_lines(lines)
    return proposal


