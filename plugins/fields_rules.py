"""Rules-first field proposal from the words of a page (text layer or OCR).

General rules, not templates: labels in French, English and German find values
on the same line (to their right) or just below (same column); amounts and dates
are read in French and international formats; identifiers are accepted only
when python-stdnum validates them (a checksum error on a foreign VAT number
lowers the confidence); the totals combination where HT + TVA = TTC wins over
totals that do not add up. A field with no support is left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.model import identifiers as ids
from guichet.core.parsing.fields import SOURCE_OCR, money
from guichet.core.parsing.text import FieldProposal, FieldValue, LineItem, Page, VatRow, Word, text_lines, union_box
from guichet.core.parsing.values import MONTHS, month_first_order, parse_amount, parse_date, parse_rate
from guichet.plugins import fields_labels as L

if TYPE_CHECKING:
    from guichet.core.model.models import Company


def fold(text: str) -> str:
    """Lower-case without accents, one character for one (offsets stay valid)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].lower()
        out.append(base[0] if base else " ")
    return "".join(out)


@dataclass
class Line:
    """A line of words with its text; ``spans`` gives each word's characters in ``text``."""

    page: int
    words: list[Word]
    text: str
    norm: str
    spans: list[tuple[int, int]]
    index: int = 0  # position among the page's lines

    @property
    def top(self) -> float:
        """Top of the line."""
        return min(w.box[1] for w in self.words)

    def words_in(self, start: int, end: int) -> list[Word]:
        """Words overlapping the characters ``start:end``."""
        return [w for w, (a, b) in zip(self.words, self.spans, strict=True) if a < end and b > start]

    def x_of(self, pos: int) -> float:
        """Left edge (page fraction) of the word at character ``pos``."""
        for word, (a, b) in zip(self.words, self.spans, strict=True):
            if b > pos:
                return word.box[0]
        return self.words[-1].box[2]


@dataclass
class Cand:
    """A value found on a line, with the words it came from."""

    value: Any
    line: Line
    start: int
    end: int
    score: float = 0.0
    label: str | None = None
    words: list[Word] = field(default_factory=list)
    heading: str = ""  # for a value read under a column header: the header cell holding the label

    def field_value(self, text: str | None, confidence: float) -> FieldValue:
        """As a proposal entry."""
        words = self.words or self.line.words_in(self.start, self.end)
        return FieldValue(value=text, confidence=round(min(0.99, max(0.01, confidence)), 3),
                          page=self.line.page, box=union_box(words), label=self.label)


def make_lines(pages: list[Page]) -> list[Line]:
    """Every page's lines, words joined by one space (two across a wide gap: a column break)."""
    lines = []
    for page in pages:
        for index, words in enumerate(text_lines(page)):
            parts, spans, pos = [], [], 0
            for i, word in enumerate(words):
                if i:
                    prev = words[i - 1]
                    height = max(word.box[3] - word.box[1], 1e-4)
                    sep = " " if (word.box[0] - prev.box[2]) < 0.9 * height else "  "
                    parts.append(sep)
                    pos += len(sep)
                parts.append(word.text)
                spans.append((pos, pos + len(word.text)))
                pos += len(word.text)
            text = "".join(parts)
            norm = fold(text)
            for word, (a, b) in zip(words, spans, strict=True):
                if word.confidence < 1.0:
                    norm = _ocr_label_word(norm, a, b)
            lines.append(Line(page.number, words, text, norm, spans, index))
    return lines


_OCR_WORDS: dict[int, list[str]] = {}
for _word in L.OCR_LABEL_WORDS:
    _OCR_WORDS.setdefault(len(_word), []).append(_word)


def _ocr_label_word(norm: str, start: int, end: int) -> str:
    """``norm`` with the OCR word at ``start:end`` spelt as the label word it misreads by a letter or two.

    Only letters are compared and only same-length words (one character for one), so the
    offsets of every word stay valid; the text shown keeps the OCR spelling.
    """
    match = re.search(r"[a-z]+", norm[start:end])
    if not match or len(match.group()) < 8:
        return norm
    token = match.group()
    allowed = 1 if len(token) < 12 else 2
    for label in _OCR_WORDS.get(len(token), ()):
        if token != label and sum(x != y for x, y in zip(token, label, strict=True)) <= allowed:
            pos = start + match.start()
            return norm[:pos] + label + norm[pos + len(label):]
    return norm


# ---------------------------------------------------------------------------
# Value finders
# ---------------------------------------------------------------------------

_AMOUNT_RE = re.compile(
    r"(?<![\d.,/])[-−]?(?:\d{1,3}(?:[ .,'’]\d{3})+|\d+)[.,]\d{2}(?![.,]?\d)(?!\s?%)(?:\s?-(?!\d))?"
)
_MONTH_NAMES = "|".join(sorted({fold(m) for m in MONTHS}, key=len, reverse=True))
_DATE_RE = re.compile(
    r"(?<![\d/.-])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?![\d]))"
    rf"|\b\d{{1,2}}(?:er)?\.?\s(?:{_MONTH_NAMES})\.?\s\d{{4}}\b"
    rf"|\b(?:{_MONTH_NAMES})\.?\s\d{{1,2}}(?:st|nd|rd|th)?,?\s\d{{4}}\b"
)
_RATE_RE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
_NUMBER_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.\-]*[A-Za-z0-9]$|^\d+$")
_SKIP_TOKENS = {":", "n°", "no", "no.", "nr", "nr.", "#", "number", "numero", "numéro", "-", "n", "°", "nummer", "num"}


def amounts(line: Line) -> list[Cand]:
    """Amounts with two decimals on ``line`` (never a rate, never part of a date)."""
    found = []
    for match in _AMOUNT_RE.finditer(line.text):
        value = parse_amount(match.group().replace("−", "-"))
        if value is not None:
            found.append(Cand(value, line, match.start(), match.end()))
    return found


def month_first(lines: list[Line]) -> bool:
    """True when the document writes numeric dates month first (a date like 11/17/2017, none like 17/11)."""
    return bool(month_first_order([line.text for line in lines]))


def dates(line: Line, *, us: bool = False) -> list[Cand]:
    """Dates on ``line`` (numeric ones month first when ``us``)."""
    found = []
    for match in _DATE_RE.finditer(line.norm):
        value = parse_date(match.group(), month_first=us)
        if value is not None:
            found.append(Cand(value, line, match.start(), match.end()))
    return found


def _labels(line: Line, patterns: list[str]) -> list[tuple[int, re.Match[str]]]:
    hits = []
    for rank, pattern in enumerate(patterns):
        for match in re.finditer(pattern, line.norm):
            hits.append((rank, match))
    return hits


def _below(lines: list[Line], line: Line, x0: float, x1: float, depth: int = 3) -> list[Line]:
    """Lines under ``line`` on the same page whose words overlap the column ``x0..x1``."""
    out = []
    start = lines.index(line)
    for other in lines[start + 1:start + 1 + depth]:
        if other.page != line.page:
            break
        if any(w.box[0] < x1 + 0.02 and w.box[2] > x0 - 0.02 for w in other.words):
            out.append(other)
    return out


def labelled(lines: list[Line], patterns: list[str], finder: Any, *, take_last: bool = False,
             max_gap: int = 80, below_last: bool = False, wrap: bool = False) -> list[Cand]:
    """Values found after a label on the same line, or under it in the same column."""
    cands: list[Cand] = []
    for line in lines:
        for rank, match in _labels(line, patterns):
            weight = 1.0 - min(rank, 20) * 0.02
            same = [c for c in finder(line) if c.start >= match.end() and c.start - match.end() <= max_gap]
            if same:
                chosen = same[-1] if take_last else same[0]
                gap_text = re.sub(r"\([^)]*\)", "", line.norm[match.end():chosen.start])
                if take_last or not re.search(r"[a-z]{4,}", gap_text):
                    chosen.score, chosen.label = 0.9 * weight, line.text[match.start():match.end()]
                    cands.append(chosen)
                    continue
            words = line.words_in(match.start(), match.end())
            if not words or same or finder(line)[-1:] and finder(line)[-1].start > match.end():
                continue  # a value follows on the line: not a column header
            label_text = line.text[match.start():match.end()]
            index = lines.index(line)
            if wrap and not line.text[match.end():].strip(" :") and index + 1 < len(lines):
                following = lines[index + 1]
                first = finder(following)[:1]
                if following.page == line.page and first and first[0].start == 0:
                    first[0].score, first[0].label = 0.7 * weight, label_text  # "... du" / "05/03/2018"
                    cands.append(first[0])
                    continue
            x0, x1 = words[0].box[0], max(words[-1].box[2], words[0].box[0] + 0.12)
            column: list[Cand] = []
            for other in _below(lines, line, x0, x1, depth=4 if below_last else 2):
                under = [c for c in finder(other) if other.x_of(c.start) < x1 + 0.02
                         and (other.words_in(c.start, c.end) or [Word("", (1, 0, 1, 0))])[-1].box[2] > x0 - 0.02]
                if not under:
                    break
                column.append(under[0])
                if not below_last:
                    break
            if column:
                chosen = column[-1]
                chosen.score, chosen.label = 0.75 * weight, label_text
                cell = line.norm.rfind("  ", 0, match.start())
                chosen.heading = line.norm[cell + 1 if cell >= 0 else 0:match.end()]
                cands.append(chosen)
    return cands


def best(cands: list[Cand]) -> Cand | None:
    """The highest-scoring candidate."""
    return max(cands, key=lambda c: c.score, default=None)


def _conf(cand: Cand, source: str) -> float:
    words = cand.words or cand.line.words_in(cand.start, cand.end)
    if source == SOURCE_OCR and words:
        ocr = min(w.confidence for w in words)
        return cand.score * (0.55 + 0.45 * ocr)
    return cand.score


# ---------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------


_NOT_OWN_NUMBER = (r"origin|ursprung|preceding|precedent|initial|commande|order|bestell|avis|kunde|client|customer"
                   r"|contrat|contract|vertrag|lieferschein|bon\s*de|delivery|mandat|referenz|reference\s*client"
                   r"|liee|related|hrb|handelsregister|rcs|steuer|tva|vat|siret|siren|tel|fax|compte|konto|blz"
                   r"|account|auftrag|reklamation|police|versicherungsschein|page|seite")
_TITLE = r"^\W*(?:facture|avoir|invoice|credit\s*note|rechnung|gutschrift|handelsrechnung|rechnungskorrektur|note)"


def invoice_number(lines: list[Line]) -> Cand | None:
    """The token after an invoice-number label: has a digit, is no date and no amount."""
    cands = []
    for line in lines:
        for rank, match in _labels(line, L.INVOICE_NUMBER):
            tokens = [(w, a, b) for w, (a, b) in zip(line.words, line.spans, strict=True) if a >= match.end()
                      or (a < match.end() < b and b - match.end() > 2)]
            for skipped, (word, a, b) in enumerate(tokens):
                text = word.text.strip(".,;:()")
                if a < match.end():
                    text = line.text[match.end():b].strip(".,;:() ")
                if fold(text) in _SKIP_TOKENS or not text:
                    continue
                if skipped > 3 or parse_date(text) or re.fullmatch(r"\(?\d{3}\)?", text) and rank >= 15:
                    break
                if (_NUMBER_TOKEN.match(text) and any(c.isdigit() for c in text) and 2 <= len(text) <= 30
                        and not _AMOUNT_RE.fullmatch(text) and not re.fullmatch(r"\(\d+\)", word.text)):
                    score = (0.92 - min(rank, 20) * 0.02) - 0.03 * (line.page - 1)
                    before = line.norm[max(0, match.start() - 15):match.end()]
                    if re.search(_NOT_OWN_NUMBER, before):
                        score -= 0.4  # the number of an order, an original invoice, a customer...
                    elif line.page == 1 and line.top < 0.35 and re.search(_TITLE, line.norm[:match.start() + 1]):
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


# Dates of the software or the print run, not of the invoice.
_NOT_ISSUE_CONTEXT = r"version|stylesheet|imprime|printed|gedruckt|seite|page"


def issue_date(lines: list[Line], number: Cand | None = None) -> Cand | None:
    """The date after an issue-date label, else the first unlabelled date at the top of page 1.

    A date that follows the invoice number on its line ("Rechnung Nr. 471102 13.11.2019", the
    "du"/"vom" lost by OCR) counts as labelled.
    """
    us = month_first(lines)

    def finder(line: Line) -> list[Cand]:
        return dates(line, us=us)

    cands = [c for c in labelled(lines, L.ISSUE_DATE, finder, max_gap=12, wrap=True)
             if not any(re.search(p, c.line.norm[max(0, c.start - 30):c.start]) or re.search(p, c.heading)
                        for p in L.NOT_ISSUE_DATE)]
    for cand in cands:
        before = cand.line.norm[:cand.start]
        if any(re.search(p, before) for p in L.INVOICE_WORD + L.CREDIT_NOTE):
            cand.score += 0.1  # "Facture n° 12 du 05/03/2018"
        if re.search(_NOT_ISSUE_CONTEXT, before):
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
        if (line.page != 1 or any(re.search(p, line.norm) for p in L.NOT_ISSUE_DATE)
                or re.search(_NOT_ISSUE_CONTEXT, line.norm)):
            continue
        for cand in finder(line):
            cand.score = 0.45
            return cand
    return None


def due_date(lines: list[Line]) -> Cand | None:
    """The date after a due-date label."""
    us = month_first(lines)
    return best(labelled(lines, L.DUE_DATE, lambda line: dates(line, us=us), max_gap=40))


def _totals(lines: list[Line]) -> dict[str, Cand]:
    """HT, TVA and TTC: labelled candidates, combined so that HT + TVA = TTC when possible."""
    pools = {
        "total_without_tax": labelled(lines, L.TOTAL_WITHOUT_TAX, amounts, below_last=True),
        "total_tax": labelled(lines, L.TOTAL_TAX, amounts, take_last=True, below_last=True),
        "total_with_tax": labelled(lines, L.TOTAL_WITH_TAX, amounts, below_last=True),
    }
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
    return result


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


# -- identifiers --------------------------------------------------------------

_VAT_RE = re.compile(r"\b(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)"
                     r"[ .]?([0-9A-Z][0-9A-Z .]{7,16})")
_IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){10,30})")
_SIRET_RE = re.compile(r"(?<!\d)(\d{3}[ .]?\d{3}[ .]?\d{3}[ .]?\d{5})(?!\d)")
_SIREN_RE = re.compile(r"(?<!\d)(\d{3}[ .]?\d{3}[ .]?\d{3})(?![\d]| ?\d{5})")
_BIC_RE = re.compile(r"\b([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")


def _vat_number(raw: str) -> tuple[str, float] | None:
    """The longest valid prefix of ``raw`` as an EU VAT number, with a confidence."""
    from stdnum.eu import vat as eu_vat
    from stdnum.exceptions import InvalidChecksum, ValidationError

    text = ids.compact(raw)
    for end in range(len(text), 9, -1):
        candidate = text[:end]
        try:
            eu_vat.validate(candidate)
        except InvalidChecksum:
            if not candidate.startswith("FR"):
                return candidate, 0.75  # right shape, wrong key: a specimen or a misprint
            continue
        except ValidationError:
            continue
        return candidate, 0.95
    return None


def identifiers(lines: list[Line]) -> list[tuple[str, str, float, Cand]]:
    """Every validated identifier: (kind, value, confidence, where) with kind vat, siret, siren, iban."""
    found = []
    for line in lines:
        upper = line.text.upper()
        iban_spans = [m.span() for m in _IBAN_RE.finditer(upper) if any(
            ids.valid_iban(ids.compact(m.group(1))[:end]) for end in range(15, len(ids.compact(m.group(1))) + 1))]
        for match in _VAT_RE.finditer(upper):
            if any(a <= match.start() < b for a, b in iban_spans):
                continue  # "DE21 8600 ..." is an IBAN, not a VAT number
            vat = _vat_number(match.group(1) + match.group(2))
            rest = ids.compact(match.group(1) + match.group(2))[len(vat[0]):] if vat else ""
            if vat and rest[:1].isdigit():
                continue  # the number goes on: a longer identifier
            if vat:
                length = len(match.group(1)) + len(match.group(2))
                found.append(("vat", vat[0], vat[1], Cand(vat[0], line, match.start(), match.start() + length)))
        for match in _IBAN_RE.finditer(upper):
            text = ids.compact(match.group(1))
            for end in range(len(text), 14, -1):
                if ids.valid_iban(text[:end]):
                    found.append(("iban", text[:end], 0.97, Cand(text[:end], line, match.start(), match.end())))
                    break
        context = "siret" in line.norm or "siren" in line.norm or "rcs" in line.norm or "immatricul" in line.norm
        for match in _SIRET_RE.finditer(line.text):
            if ids.valid_siret(match.group(1)) and context:
                found.append(("siret", ids.compact(match.group(1)), 0.95, Cand(None, line, match.start(), match.end())))
        for match in _SIREN_RE.finditer(line.text):
            if ids.valid_siren(match.group(1)) and ("siren" in line.norm or "rcs" in line.norm):
                found.append(("siren", ids.compact(match.group(1)), 0.9, Cand(None, line, match.start(), match.end())))
    return found


def _role(cand: Cand, lines: list[Line]) -> str:
    """``buyer`` when a buyer label is on the line before the value or just above it (same column)."""
    before = cand.line.norm[:cand.start]
    if any(re.search(p, before) for p in L.BUYER_BLOCK):
        return "buyer"
    if any(re.search(p, before) for p in L.SELLER_BLOCK):
        return "seller"
    words = cand.line.words_in(cand.start, cand.end)
    if not words:
        return "seller"
    x0 = words[0].box[0]
    index = lines.index(cand.line)
    for other in reversed(lines[max(0, index - 8):index]):
        if other.page != cand.line.page or cand.line.top - other.top > 0.2:
            break
        column = " ".join(fold(w.text) for w in other.words if abs(w.box[0] - x0) < 0.2)
        if any(re.search(p, column) for p in L.SELLER_BLOCK):
            return "seller"
        if any(re.search(p, column) for p in L.BUYER_BLOCK):
            return "buyer"
    return "seller"


def _company_ids(company: Company | None) -> set[str]:
    if company is None:
        return set()
    out = {company.siren}
    if company.vat_id:
        out.add(ids.compact(company.vat_id))
    return out


def parties(lines: list[Line], company: Company | None, fields: dict[str, FieldValue], source: str) -> None:
    """Seller and buyer identifiers, IBAN and BIC."""
    own = _company_ids(company)
    chosen: dict[str, tuple[float, FieldValue]] = {}

    def offer(name: str, value: str, confidence: float, cand: Cand) -> None:
        fv = cand.field_value(value, _conf(Cand(value, cand.line, cand.start, cand.end, confidence), source))
        current = chosen.get(name)
        if current is None or fv.confidence > current[0] + 0.05:
            chosen[name] = (fv.confidence, fv)

    for kind, value, confidence, cand in identifiers(lines):
        siren = value[:9] if kind == "siret" else value if kind == "siren" else ids.siren_from_fr_vat(value)
        mine = value in own or (siren is not None and siren in own)
        role = "buyer" if mine else _role(cand, lines)
        if kind == "iban":
            if role != "buyer" or not mine:
                offer("iban", value, confidence, cand)
            continue
        key = {"vat": f"{role}_vat_id", "siret": f"{role}_siret", "siren": f"{role}_siren"}[kind]
        if key == "buyer_siret":
            continue  # not a contract field
        offer(key, value, confidence, cand)
        if siren and kind != "siren":
            offer(f"{role}_siren", siren, confidence - 0.05, cand)
    for line in lines:
        for _rank, match in _labels(line, L.BIC_LABEL):
            found = _BIC_RE.search(line.text.upper(), match.end())
            if found and found.start() - match.end() < 12:
                from stdnum import bic

                if bic.is_valid(found.group(1)):
                    offer("bic", found.group(1), 0.9, Cand(found.group(1), line, found.start(), found.end()))
    for name, (_c, fv) in chosen.items():
        fields[name] = fv


def _segment(line: Line, start: int, end: int) -> tuple[int, int]:
    """The part of the line around ``start:end`` between separators (-, |, •, ●, comma, wide gaps)."""
    seps = [m.end() for m in re.finditer(r"\s[-–|•●·]\s|  |,\s", line.text[:start])]
    left = seps[-1] if seps else 0
    right_match = re.search(r"\s[-–|•●·]\s|  |,\s", line.text[end:])
    right = end + right_match.start() if right_match else len(line.text)
    return left, right


def seller_name(lines: list[Line], company: Company | None, source: str) -> Cand | None:
    """The seller's name: a ``Name:`` under a seller heading, a name with a legal form, or the header."""
    own = fold(company.name) if company else None
    cands: list[Cand] = []
    counts: dict[str, int] = {}
    for line in lines:
        for match in re.finditer(L.LEGAL_FORMS, line.norm):
            left, right = _segment(line, match.start(), match.end())
            text = line.text[left:match.end()].strip(" :-,")
            text = re.sub(r"^(?:name|nom|raison sociale|firma)\s*:\s*", "", text, flags=re.I)
            if len(text) < 4 or not re.search(r"[A-Za-z]{2}", text[: max(1, len(text) - len(match.group()))]):
                continue
            cand = Cand(text, line, left, match.end())
            if own and (fold(text) in own or own in fold(text)):
                continue
            if _role(cand, lines) == "buyer":
                continue
            key = fold(text)
            counts[key] = counts.get(key, 0) + 1
            cand.score = 0.6 + (0.1 if line.page == 1 and line.top < 0.2 else 0) + (0.05 if line.top > 0.85 else 0)
            cands.append(cand)
    for line in lines:
        for _rank, match in _labels(line, [r"^\s*(?:name|nom|raison\s*sociale)\s*:"]):
            cand = Cand(line.text[match.end():].strip(), line, match.end(), len(line.text), 0.0, "Name")
            if cand.value and _role(cand, lines) == "seller" and not (own and fold(cand.value) in own):
                index = lines.index(line)
                above = " ".join(ln.norm for ln in lines[max(0, index - 4):index])
                if any(re.search(p, above) for p in L.SELLER_BLOCK):
                    cand.score = 0.85
                    cands.append(cand)
    for line in lines:
        heading = re.match(r"^\s*(?:" + "|".join(L.SELLER_BLOCK) + r")\s*:?\s*$", line.norm)
        if not heading:
            continue
        x0 = line.words[0].box[0]
        index = lines.index(line)
        for other in lines[index + 1:index + 4]:
            part = [w for w in other.words if abs(w.box[0] - x0) < 0.02 or w.box[0] > x0 - 0.01]
            text = " ".join(w.text for w in part)
            if ":" in text:
                continue
            if re.search(r"\d{3}|\b(?:gln|gtin|nr|no|id|num\w*)\b", fold(text)):
                continue  # an identifier line that lost its colon (OCR)
            if re.match(r"^[A-Za-zÀ-ÿ]", text) and len(re.findall(r"[A-Za-zÀ-ÿ]", text)) >= 3:
                following = lines[lines.index(other) + 1] if lines.index(other) + 1 < len(lines) else None
                if (following is not None and following.page == other.page and not re.search(L.LEGAL_FORMS, fold(text))
                        and re.search(L.LEGAL_FORMS, following.norm) and not re.search(r"\d|:", following.text)):
                    part = part + following.words  # a name on two lines: "MVM Musterhafter / Versicherungsverein a.G."
                    text = f"{text} {following.text.strip()}"
                cands.append(Cand(text, other, 0, len(other.text), 0.8, line.text.strip(), part))
            break
    for cand in cands:
        cand.score += 0.05 * min(3, counts.get(fold(cand.value), 1) - 1)
    if not cands:
        cands = _header_name(lines, own)
    return best(cands)


def _header_name(lines: list[Line], own: str | None) -> list[Cand]:
    """Last resort: the line in the largest type at the top of page 1 (the letterhead), weakly.

    Only on a page that calls itself an invoice or a credit note.
    """
    if not any(re.search(p, line.norm) for line in lines for p in L.INVOICE_WORD + L.CREDIT_NOTE):
        return []
    found = []
    for line in lines:
        if line.page != 1 or line.top > 0.2:
            continue
        text = line.text.strip()
        if (":" in text or re.search(r"\d{2}", text) or len(re.findall(r"[A-Za-zÀ-ÿ]", text)) < 3
                or any(re.search(p, line.norm) for p in L.INVOICE_WORD + L.CREDIT_NOTE
                       + [r"devis", r"quote", r"\bpage\b", r"\bseite\b", r"original", r"duplicata", r"copie"])
                or (own and fold(text) in own)):
            continue
        height = sum(w.box[3] - w.box[1] for w in line.words) / len(line.words)
        cand = Cand(text, line, 0, len(line.text), 0.3 + min(0.1, height * 2))
        if _role(cand, lines) != "buyer":
            found.append((height, cand))
    return [max(found, key=lambda item: item[0])[1]] if found else []


def buyer_name(lines: list[Line], company: Company | None) -> Cand | None:
    """The company's name where it is written, else the line under a buyer heading."""
    if company is not None:
        own = fold(company.name)
        for line in lines:
            pos = line.norm.find(own)
            if pos >= 0:
                return Cand(line.text[pos:pos + len(own)], line, pos, pos + len(own), 0.8)
    for line in lines:
        for _rank, match in _labels(line, [r"^\s*(?:client|customer|bill\s*to|facture\s*a|kunde|kaufer|buyer"
                                           r"|acheteur|destinataire|invoice\s*to)\s*:?\s*$"]):
            words = line.words_in(match.start(), match.end())
            if not words:
                continue
            for other in _below(lines, line, words[0].box[0], words[0].box[0] + 0.3, depth=1):
                part = [w for w in other.words if abs(w.box[0] - words[0].box[0]) < 0.25]
                if part:
                    text = " ".join(w.text for w in part)
                    return Cand(text, other, 0, 0, 0.55, words=part)
    return None


def payment_terms(lines: list[Line]) -> Cand | None:
    """The sentence after a payment-terms label (or the sentence holding a ``paiement à 30 jours``)."""
    for line in lines:
        for rank, match in _labels(line, L.PAYMENT_TERMS):
            text = line.text[match.end():].strip(" :") if rank < 7 else line.text.strip()
            if len(text) >= 3:
                start = match.end() if rank < 7 else 0
                return Cand(text[:200], line, start, len(line.text), 0.7, line.text[match.start():match.end()])
    return None


def currency(lines: list[Line]) -> Cand | None:
    """The currency most written on the page (symbol or ISO code)."""
    counts: dict[str, list[Cand]] = {}
    for line in lines:
        for match in re.finditer(r"€|\bEUR\b|\bUSD\b|US\$|\$|£|\bGBP\b|\bCHF\b", line.text):
            code = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP"}.get(match.group(), match.group())
            counts.setdefault(code, []).append(Cand(code, line, match.start(), match.end(), 0.85))
    if not counts:
        return None
    code, found = max(counts.items(), key=lambda item: len(item[1]))
    return found[0]


def table_lines(lines: list[Line]) -> list[LineItem]:
    """Rows under a table header (description + quantity/price/amount columns) up to the totals."""
    header = None
    for line in lines:
        has_desc = re.search(r"designation|description|libelle|article|produit|bezeichnung|artikel|beschreibung"
                             r"|produkt|leistung|item", line.norm)
        has_amount = re.search(r"montant|amount|total|betrag|prix|price|preis|netto|gesamt", line.norm)
        if has_desc and has_amount:
            header = line
            break
    if header is None:
        return []
    items = []
    start = lines.index(header)
    for line in lines[start + 1:]:
        if line.page != header.page and items and re.search(r"total|summe|netto", line.norm):
            break
        if any(re.search(p, line.norm) for p in L.TOTAL_WITHOUT_TAX[:12] + L.TOTAL_WITH_TAX[:10]):
            break
        found = amounts(line)
        if not found:
            continue
        desc_end = found[0].start
        desc = re.sub(r"^\s*\d+([.,]\d+)?\s+", "", line.text[:desc_end]).strip(" €")
        desc = re.sub(r"\s+\d+([.,]\d+)?\s*[A-Za-z()]*\s*$", "", desc).strip() or desc
        if not re.search(r"[A-Za-z]{3}", desc):
            continue
        rate = _RATE_RE.search(line.text)
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


# ---------------------------------------------------------------------------
# The hook
# ---------------------------------------------------------------------------


def propose(pages: list[Page], company: Company | None = None, source: str = "text layer") -> FieldProposal:
    """Every field the rules can support, with confidence, page and box."""
    lines = make_lines(pages)
    proposal = FieldProposal()
    fields = proposal.fields
    if not lines:
        return proposal

    def put(name: str, cand: Cand | None, text: str | None = None) -> None:
        if cand is not None:
            fields[name] = cand.field_value(text if text is not None else str(cand.value), _conf(cand, source))

    number = invoice_number(lines)
    if number is not None and source == SOURCE_OCR:
        number.value = _least_confused(str(number.value), lines)
    put("invoice_number", number)
    found = issue_date(lines, number)
    put("issue_date", found, found.value.isoformat() if found else None)
    found = due_date(lines)
    if found and (fields.get("issue_date") is None or found.value.isoformat() >= fields["issue_date"].value):
        put("due_date", found, found.value.isoformat())
    totals = _totals(lines)
    for name, cand in totals.items():
        put(name, cand, money(cand.value))
    due = best(labelled(lines, L.AMOUNT_DUE, amounts))
    prepaid = any(re.search(p, ln.norm) for ln in lines for p in L.PREPAID)
    if due is not None and (prepaid or "total_with_tax" not in totals or due.value == totals["total_with_tax"].value):
        put("amount_due", due, money(due.value))
    elif "total_with_tax" in totals and not prepaid:
        ttc = totals["total_with_tax"]
        fields["amount_due"] = ttc.field_value(money(ttc.value), _conf(ttc, source) * 0.9)
    put("currency", currency(lines))
    parties(lines, company, fields, source)
    put("seller_name", seller_name(lines, company, source))
    put("buyer_name", buyer_name(lines, company))
    put("payment_terms", payment_terms(lines))
    credit = any(re.search(p, ln.norm) for ln in lines[:15] for p in L.CREDIT_NOTE)
    invoice_word = next((ln for ln in lines if any(re.search(p, ln.norm) for p in L.INVOICE_WORD)), None)
    if credit or invoice_word:
        line = invoice_word or lines[0]
        fields["document_type_code"] = FieldValue("381" if credit else "380", 0.7, line.page, union_box(line.words))
    rows = vat_rows(lines)
    proposal.vat_breakdown = [row for row, _line in rows]
    _tax_from_rows(fields, rows)
    proposal.lines = table_lines(lines)
    return proposal


def _tax_from_rows(fields: dict[str, FieldValue], rows: list[tuple[VatRow, Line]]) -> None:
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


@hookimpl
def propose_fields(pages: list[Page], company: Company | None, source: str) -> FieldProposal | None:
    """Rules-first proposal (see the module docstring)."""
    return propose(pages, company, source)
