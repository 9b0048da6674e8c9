"""The invoice number, the issue date and the due date."""

from __future__ import annotations

import re

from guichet.core.values import parse_date
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.lines import (
    _AMOUNT_RE,
    _NUMBER_TOKEN,
    _SKIP_TOKENS,
    Cand,
    Line,
    best,
    dates,
    fold,
    label_hits,
    labelled,
    month_first,
)

_TITLE = re.compile(r"^\W*(?:" + "|".join(p.pattern for _r, p in L.TITLE_WORDS) + ")")


def invoice_number(lines: list[Line]) -> Cand | None:
    """The token after an invoice-number label: has a digit, is no date and no amount."""
    cands = []
    for line in lines:
        for rank, match in label_hits(line, L.INVOICE_NUMBER):
            tokens = [(w, a, b) for w, (a, b) in zip(line.words, line.spans, strict=True) if a >= match.end()
                      or (a < match.end() < b and b - match.end() > 2)]
            for skipped, (word, a, b) in enumerate(tokens):
                text = word.text.strip(".,;:()")
                if a < match.end():
                    text = line.text[match.end():b].strip(".,;:() ")
                if fold(text) in _SKIP_TOKENS or not text:
                    continue
                if skipped > 3 or parse_date(text) or re.fullmatch(r"\(?\d{3}\)?", text) and rank >= L.WEAK_RANK:
                    break
                if (_NUMBER_TOKEN.match(text) and any(c.isdigit() for c in text) and 2 <= len(text) <= 30
                        and not _AMOUNT_RE.fullmatch(text) and not re.fullmatch(r"\(\d+\)", word.text)):
                    score = (0.92 - rank * 0.02) - 0.03 * (line.page - 1)
                    cell = line.norm.rfind("  ", 0, match.start())  # the label's own cell: after a column gap
                    before = line.norm[max(0, match.start() - 15, cell + 1):match.end()]
                    if L.NOT_OWN_NUMBER.search(before):
                        score -= 0.4  # the number of an order, an original invoice, a customer...
                    elif line.page == 1 and line.top < 0.35 and _TITLE.search(line.norm[:match.start() + 1]):
                        score += 0.1  # the document's title: "Avoir AV-2017-0005", "Rechnung Nr. 12"
                    if fold(text) in ("du", "vom", "von", "date", "dated"):
                        break
                    cands.append(Cand(text, line, a, b, score, line.text[match.start():match.end()], [word]))
                    break
                break  # another word stands between the label and the value: not this label's value
    return best(cands)


_CONFUSABLE = str.maketrans("OoQDIl|SBZ", "0000111582")


def _least_confused(value: str, lines: list[Line]) -> str:
    """Among the page's spellings of an OCRed number (O/0, S/5, l/1...), the one with most digits."""
    key = value.translate(_CONFUSABLE)
    spellings = {w.text.strip(".,;:()") for ln in lines for w in ln.words
                 if len(w.text) >= len(value) - 1 and w.text.strip(".,;:()").translate(_CONFUSABLE) == key}
    return max(spellings | {value}, key=lambda s: (sum(c.isdigit() for c in s), s == value))



def issue_date(lines: list[Line], number: Cand | None = None) -> Cand | None:
    """The date after an issue-date label, else the first unlabelled date at the top of page 1.

    A date that follows the invoice number on its line ("Rechnung Nr. 471102 13.11.2019", the
    "du"/"vom" lost by OCR) counts as labelled.
    """
    us = month_first(lines)

    def finder(line: Line) -> list[Cand]:
        return dates(line, us=us)

    cands = [c for c in labelled(lines, L.ISSUE_DATE, finder, max_gap=12, wrap=True)
             if not (L.NOT_ISSUE_DATE.search(c.line.norm[max(0, c.start - 30):c.start])
                     or L.NOT_ISSUE_DATE.search(c.heading))]
    for cand in cands:
        before = cand.line.norm[:cand.start]
        if L.TITLE_WORDS.search(before):
            cand.score += 0.1  # "Facture n° 12 du 05/03/2018"
        if L.NOT_ISSUE_CONTEXT.search(before):  # a print run, a version
            cand.score -= 0.5
    if number is not None:
        for cand in finder(number.line):
            gap = number.line.norm[number.end:cand.start]
            if cand.start >= number.end and len(gap) <= 20 and not re.search(r"[a-z]{4,}", gap):
                cand.score, cand.label = 0.7, number.label
                cands.append(cand)
                break
    found = best(cands)
    if found:
        return found
    for line in lines:
        if line.page != 1 or L.NOT_ISSUE_DATE.search(line.norm) or L.NOT_ISSUE_CONTEXT.search(line.norm):
            continue
        for cand in finder(line):
            cand.score = 0.45
            return cand
    return None


def due_date(lines: list[Line]) -> Cand | None:
    """The date after a due-date label."""
    us = month_first(lines)
    return best(labelled(lines, L.DUE_DATE, lambda line: dates(line, us=us), max_gap=40))

