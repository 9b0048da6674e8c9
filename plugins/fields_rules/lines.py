"""Lines of words, candidate values and the label-then-value search shared by every field rule."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise
from dataclasses import dataclass, field
from collections.abc import Callable, Iterator
from typing import Any

from guichet.core.parsing.countries import STREET_OPENERS, STREET_SUFFIXES
from guichet.core.parsing.fields import SOURCE_OCR
from guichet.core.parsing.on_page import LABEL_PIECE, fold, wrapped_label
from guichet.core.parsing.regex_store import compiled
from guichet.core.parsing.text import FieldValue, Page, Word, text_lines, union_box
from guichet.core.parsing.values import MONTHS, WEEKDAYS, month_first_order, parse_amount, parse_date
from guichet.plugins.fields_rules.ocr_noise import (number_abbreviation, read_digits,
                                                     respelt_word)
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.vocabulary import Labels


@dataclass(eq=False)  # compared by identity: lines.index(line) must not compare every field
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
        """Top of the line (its words never change: read once)."""
        found = self.__dict__.get("_top")
        if found is None:
            found = self.__dict__["_top"] = min(w.box[1] for w in self.words)
        return found

    def _bounds(self) -> tuple[list[int], list[int]] | None:
        """The words' first and last characters (``spans`` cut in two, read once), or None when the spans do not follow
        one another (a line made by hand): then the words are scanned one by one."""
        found = self.__dict__.get("_bounds_found")
        if found is None:
            starts, ends = [a for a, _b in self.spans], [b for _a, b in self.spans]
            ordered = len(self.spans) == len(self.words) and all(
                a < b for a, b in self.spans) and all(b <= a for b, a in zip(ends[:-1], starts[1:], strict=True))
            found = self.__dict__["_bounds_found"] = ((starts, ends),) if ordered else (None,)
        return found[0]

    def words_in(self, start: int, end: int) -> list[Word]:
        """Words overlapping the characters ``start:end``."""
        bounds = self._bounds()
        if bounds is None:
            return [w for w, (a, b) in zip(self.words, self.spans, strict=True) if a < end and b > start]
        # the spans follow one another: the words ending after ``start`` and starting before ``end`` are one run
        return self.words[bisect_right(bounds[1], start):bisect_left(bounds[0], end)]

    def x_of(self, pos: int) -> float:
        """Left edge (page fraction) of the word at character ``pos``."""
        bounds = self._bounds()
        if bounds is not None:
            at = bisect_right(bounds[1], pos)  # the first word ending after ``pos``
            return self.words[at].box[0] if at < len(self.words) else self.words[-1].box[2]
        for word, (a, b) in zip(self.words, self.spans, strict=True):
            if b > pos:
                return word.box[0]
        return self.words[-1].box[2]


@dataclass(eq=False)
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
    label_line: Line | None = None  # for a value read under a column header: the header's line
    confirmed_by: str | None = None  # what else than its label makes the value sure (FieldValue.confirmed_by)

    def field_value(self, text: str | None, confidence: float) -> FieldValue:
        """As a proposal entry."""
        words = self.words or self.line.words_in(self.start, self.end)
        return FieldValue(value=text, confidence=round(min(0.99, max(0.01, confidence)), 3),
                          page=self.line.page, box=union_box(words), label=self.label, confirmed_by=self.confirmed_by)


_RULE = compiled(r"[|¦!\[\]_—–\-=~]+")
_WEEKDAYS = WEEKDAYS  # the days of the week (core.parsing.values), as a label may print one before its date
#: Words that may stand between a label and its value without making them two things: the label's
#: own ending ("Total TTC à payer", "Totale fattura IVA inclusa"), a currency, dot leaders.
_GAP_FILLER = compiled(
    r"\b(?:a\s*(?:payer|regler)|to\s*pay|zu\s*zahlen|a\s*pagar|da\s*pagare|(?:iva|mwst|ust|vat|tax)\s*(?:inclus[ao]|incluido|"
    r"included|inkl\.?)|(?:incl|inkl|including)\.?\s*(?:vat|tax|mwst|ust)\.?|con\s*iva|ivato|brutto|eur(?:os?)?|ttc|"
    # the day of the week before a date ("Rechnung vom Sonntag, 22. Juni 2025", "émise le mardi 5 mars 2024")
    rf"{_WEEKDAYS})\b"
    # the document the total is of: "Total HT de la facture", "Total of this invoice", "Totale imponibile documento";
    # a works invoice's progress stage or period: "Montant TTC de la situation", "Total this valuation", "Imponibile SAL"
    r"|\b(?:(?:of\s*(?:this|the|your)|this|d[eu]\s*(?:la|l\W?|ce(?:tte)?|votre)?|des|der|dieser|ihrer|del(?:la)?|de\s*(?:la|su)|della\s*sua)\s*)?"
    r"(?:facture|avoir|document[io]?|invoice|rechnung|gutschrift|factura|fattura"
    r"|situation|periode|period|valuation|application|abschlagsrechnung|certificacion|sal)\b"
    # the label's own "overall" said after it: "Nettobetrag gesamt", "Importe neto total", "IVA complessiva"
    r"|^\s*(?:gesamt|insgesamt|total[e]?|global[e]?|general[e]?|complessiv[oa])\b")


def make_lines(pages: list[Page]) -> list[Line]:
    """Every page's lines, words joined by one space (two across a wide gap: a column break)."""
    lines = []
    for page in pages:
        # A text layer's rows; OCR's are text_lines' (by baselines), whose wrapped header labels join too.
        text_layer = bool(page.words) and all(w.confidence >= 1.0 for w in page.words)
        rows = _join_wrapped_headers([_split_glued(_join_spaced_letters(row)) for row in _text_rows(page)], page) if text_layer \
            else _join_wrapped_headers(text_lines(page), page)
        _join_wrapped_amount_labels(rows, page)
        for index, line_words in enumerate(rows):
            # A table's rules read by OCR ("|", "_", "—") are column breaks, not words.
            words = [w for w in line_words if not (w.confidence < 1.0 and _RULE.fullmatch(w.text))]
            if not words:
                continue
            rules = [w for w in line_words if w.confidence < 1.0 and _RULE.fullmatch(w.text)]
            parts, spans, pos = [], [], 0
            for i, word in enumerate(words):
                if i:
                    prev = words[i - 1]
                    ruled = any(prev.box[2] <= w.box[0] and w.box[2] <= word.box[0] for w in rules)
                    sep = "  " if ruled or _column_gap(prev, word, page) else " "
                    parts.append(sep)
                    pos += len(sep)
                shown = read_digits(word.text) if word.confidence < 1.0 else word.text  # OCR: "12O,00" is 120,00
                if word.confidence < 1.0 and (not i or parts[-1] == "  "):
                    shown = _ocr_total_word(shown, words[i + 1:])
                parts.append(shown)
                spans.append((pos, pos + len(shown)))
                pos += len(shown)
            text = "".join(parts)
            norm = fold(text)
            for i, (word, (a, b)) in enumerate(zip(words, spans, strict=True)):
                if word.confidence < 1.0:
                    norm = _ocr_label_word(norm, a, b)
                    after = words[i + 1].text if i + 1 < len(words) else None  # its value may stand a column on
                    at = number_abbreviation(word.text, after) if b - a == len(word.text) else None
                    if at is not None:  # « RgNe »: « RgNr. » misread, spelt as the label it is
                        norm = norm[:a + at] + "r" + norm[a + at + 1:]
            lines.append(Line(page.number, words, text, norm, spans, index))
    return lines


def _ocr_total_word(shown: str, after: list[Word]) -> str:
    """An OCR word starting its cell, spelt as the total's word (:data:`~vocabulary.OCR_TOTAL_WORDS`) it is one letter
    off (« Ttal impuestos  3,69 € » is « Total impuestos »), when an amount follows it on its line: a total's row.
    Elsewhere (a word of a sentence, an article's name, a row with no amount) it stays as read."""
    spelt = respelt_word(shown, L.OCR_TOTAL_WORDS)
    if spelt is None or not any(_AMOUNT_RE.search(read_digits(w.text)) for w in after):
        return shown
    return spelt


def _text_rows(page: Page) -> list[list[Word]]:
    """A text layer's words in rows: each row anchored on its highest word, so that rows do not drift.

    ``text_lines`` follows a row's running centre: across an information band whose columns print
    their lines at other heights (a name in larger type beside smaller ones) the centre walks down
    and one row swallows the next column's rows. A text layer's boxes span the type's whole
    height, so a word belongs to the row whose first word's centre is within half their smaller
    height (OCR boxes hug the letters: they keep ``text_lines``).
    """
    rows: list[list[Word]] = []
    anchors: list[Word] = []
    for word in sorted(page.words, key=lambda w: (w.cy, w.box[0])):
        height = max(word.box[3] - word.box[1], 1e-4)
        if rows:
            anchor = anchors[-1]
            if abs(word.cy - anchor.cy) < 0.5 * min(height, max(anchor.box[3] - anchor.box[1], 1e-4)):
                rows[-1].append(word)
                continue
        rows.append([word])
        anchors.append(word)
    _settle(rows, anchors)
    return [sorted(row, key=lambda w: w.box[0]) for row in rows]


def _level(word: Word, anchor: Word) -> float | None:
    """How far ``word``'s centre stands from a row's ``anchor``'s, or None when it is not level with it."""
    height = min(max(word.box[3] - word.box[1], 1e-4), max(anchor.box[3] - anchor.box[1], 1e-4))
    gap = abs(word.cy - anchor.cy)
    return gap if gap < 0.5 * height else None


def _settle(rows: list[list[Word]], anchors: list[Word]) -> None:
    """Move a word to the next row when it stands level with that row's anchor and nearer than to its own row's.

    Words are taken top to bottom by their centres: where two columns print their rows a little apart (an address
    block beside a references block, labels in smaller type than their values), a column's value whose centre falls
    just above its own label's joined the other column's row (« 8 rue Lamartine  246557468156 » over
    « Commande n° : » alone). A word moves when no word of the next row stands over it (two words of one printed
    row never overlap across) and no word of its own row is right beside it (a value is read with its label)."""
    for index in range(len(rows) - 1):
        row, following, anchor = rows[index], rows[index + 1], anchors[index + 1]
        for word in sorted((w for w in row if w is not anchors[index]), key=lambda w: w.box[0]):
            near = _level(word, anchor)
            if (near is None or near >= abs(word.cy - anchors[index].cy)
                    or any(w.box[0] < word.box[2] and word.box[0] < w.box[2] for w in following)
                    or any(w is not word and abs(w.box[2] - word.box[0]) < 0.5 * (word.box[3] - word.box[1])
                           for w in row)):
                continue
            row.remove(word)
            following.append(word)


#: A label glued to the reference after it in a text layer ("N° du documentFA240788": two spans with no space):
#: a lower-case word, then an upper-case prefix and digits.
_GLUED = compiled(r"(.*[a-zà-ÿ]{4})([A-Z]{1,5}[-/]?\d[\w/.-]*)")
#: ... or to a date ("Factura emitida el21 de mayo de 2025", "Invoice issue date28-Jun-2025"): cut when a date starts there.
_GLUED_DATE = compiled(r"(.*[a-zà-ÿ]{2})(\d{1,2}(?:[./-].*)?)")


def _split_glued(row: list[Word]) -> list[Word]:
    """Words of a row with a label glued to its reference or its date cut in two, the box shared by character count."""
    if not any(_GLUED.fullmatch(w.text) or _GLUED_DATE.fullmatch(w.text) for w in row):
        return row
    out = []
    for index, word in enumerate(row):
        match = _GLUED.fullmatch(word.text)
        if match is None:
            match = _GLUED_DATE.fullmatch(word.text)
            said = " ".join([match.group(2), *(w.text for w in row[index + 1:index + 5])]) if match else ""
            if match is not None and not (_DATE_RE.match(fold(said)) and parse_date(_DATE_RE.match(fold(said)).group())):
                match = None
        if match is None:
            out.append(word)
            continue
        x0, y0, x1, y1 = word.box
        cut = x0 + (x1 - x0) * len(match.group(1)) / len(word.text)
        out += [Word(match.group(1), (x0, y0, cut, y1), word.confidence, word.page),
                Word(match.group(2), (cut, y0, x1, y1), word.confidence, word.page)]
    return out


def _join_spaced_letters(row: list[Word]) -> list[Word]:
    """A letter-spaced phrase ("N° DE FACTURE" set with CSS letter-spacing) as one word, its words spaced once.

    A text layer gives such a label as its letters ("N", "°", "D", "E", "FA", "C"...), and the wider gaps
    between its words looked like column breaks. A run of at least four pieces of one or two characters
    (a word of three letters or more is never split so otherwise), each gap under 1.5 type heights, is
    one phrase: its narrowest gap is the letters' spacing, a gap clearly wider is a space.
    """
    out: list[Word] = []
    index = 0
    while index < len(row):
        end = index
        height = max(row[index].box[3] - row[index].box[1], 1e-4)
        while (end + 1 < len(row) and len(row[end + 1].text) <= 2 and len(row[end].text) <= 2
               and 0 <= row[end + 1].box[0] - row[end].box[2] < 1.5 * height):
            end += 1
        if end - index + 1 < 4:
            out.append(row[index])
            index += 1
            continue
        run = row[index:end + 1]
        gaps = [b.box[0] - a.box[2] for a, b in pairwise(run)]
        spacing = min(gaps)
        text = run[0].text
        for gap, word in zip(gaps, run[1:], strict=True):
            text += (" " if gap > spacing + 0.3 * height else "") + word.text  # a space: wider by a space than a letter gap
        box = (run[0].box[0], min(w.box[1] for w in run), run[-1].box[2], max(w.box[3] for w in run))
        out.append(Word(text, box, run[0].confidence, run[0].page))
        index = end + 1
    return out


def _cells_of(words: list[Word], page: Page) -> list[list[Word]]:
    """The words of a line cut at its column gaps."""
    out: list[list[Word]] = []
    for i, word in enumerate(words):
        if i and not _column_gap(words[i - 1], word, page):
            out[-1].append(word)
        else:
            out.append([word])
    return out


def _aligned(one: list[Word], other: list[Word]) -> bool:
    """True when two cells share their left edge, centre or right edge (a column, however aligned)."""
    a0, a1, b0, b1 = one[0].box[0], one[-1].box[2], other[0].box[0], other[-1].box[2]
    return abs(a0 - b0) < 0.006 or abs(a1 - b1) < 0.006 or abs((a0 + a1) - (b0 + b1)) < 0.012


#: A street's line, folded: its kind's word first, maybe after its number (« 12 rue des Lilas », « 9 bis place des
#: Écoles », « Via Roma 5 »), or one
#: word ending with a German street's (« Hauptstrasse 5 »). The seller's name rules and the address blocks share it.
#: Its words are the core's (:data:`~guichet.core.parsing.countries.STREET_OPENERS`, ``STREET_SUFFIXES``).
STREET_LINE = (r"^\W*(?:\d+\w?(?:\s+(?:bis|ter|quater))?\s*,?\s*)?(?:" + "|".join(STREET_OPENERS) + r")\b"
               r"|^\W*\w+(?:" + "|".join(re.escape(s) for s in STREET_SUFFIXES) + r")\W*(?:\d+\w?)?\W*$")
#: The heading of a party's block (seller, buyer, delivery): set over a name (a capital first), it never wraps with it.
_PARTY_HEADING = L.SELLER_BLOCK + L.BUYER_BLOCK + L.DELIVERY_BLOCK
#: A letter's « from » or « to » word alone over a party's block (« From » / « For », « Von » / « Für », « De » /
#: « Pour », « Da » / « Per »): two such cells side by side on one row head the two parties' blocks, no table's header
#: wrapped over its next row.
_ADDRESSING_WORD = re.compile(r"(?:from|von|de|da|to|for|fur|pour|para|per|an|a)\s*:?", re.IGNORECASE)


#: A line that heads a block whatever its words (« Commanditaire : », « Angaben des Mieters: », « Établi pour », « Prepared
#: for », « Ausgestellt für »): a label alone, its colon last, no digit; or a few words ending with a letter's preposition
#: (« à », « pour », « to », « for », « para », « per »; « für » after a participle: « Gesellschaft für » wraps a name),
#: lower case as printed (« Studio Plan A » is a name) or the whole line in capitals (« ÉTABLI À »).
LABEL_ALONE = compiled(r"^\s*[^\W\d_][^\d:@]{1,45}:\s*$")
_ADDRESSED = compiled(r"^\s*(?:[^\W\d_][\w'’.-]*\s+){1,3}(?:à|a|pour|to|for|para|per|(?<=t\s)für)\s*:?\s*$")


def block_heading(text: str) -> bool:
    """True when ``text`` (a line over an address block) is its heading, known words or not (see :data:`LABEL_ALONE`)."""
    if LABEL_ALONE.match(text) and len(text.split()) <= 6:
        return True
    # in capitals, an unaccented « A » closing the line ends a name (« STUDIO PLAN A »), no heading (« ÉTABLI À »)
    return bool(_ADDRESSED.match(text) or (text.isupper() and _ADDRESSED.match(text.lower())
                                           and not re.search(r"\sA\s*:?\s*$", text)))


def _join_wrapped_headers(rows: list[list[Word]], page: Page) -> list[list[Word]]:
    """A header row whose labels wrap in narrow cells ("N° de / pièce", "Date de la / facture") as one row.

    Cells of a row that hold short text and stand right above a text cell of the same column
    (same left edge, no blank between) are moved down into that lower row, so that each label
    reads whole on the row just above its values. Only when two cells of the row wrap so (a
    table's header, not a name over its legal form); a cell with a digit, or followed by one (a
    label and its value), never moves.
    """
    rows = [list(row) for row in rows]
    known: dict[int, list[list[Word]]] = {}  # each row's cells, cut once (until words move into or out of it)

    def cells_of(at: int) -> list[list[Word]]:
        found = known.get(at)
        if found is None:
            found = known[at] = _cells_of(rows[at], page)
        return found

    for index in range(len(rows) - 2):
        _join_lone_fragment(rows, index, cells_of, known)
    for index, row in enumerate(rows):
        moves = []
        row_cells = cells_of(index)
        for position, cell in enumerate(row_cells):
            text = " ".join(w.text for w in cell)
            following = " ".join(w.text for w in row_cells[position + 1]) if position + 1 < len(row_cells) else ""
            if len(cell) > 3 or any(c.isdigit() for c in text + following):
                continue  # a cell with a digit, or a label whose value follows on its row
            bottom, height = max(w.box[3] for w in cell), max(w.box[3] - w.box[1] for w in cell)
            for lower_index in range(index + 1, min(index + 3, len(rows))):
                lower = next((c for c in cells_of(lower_index) if _aligned(c, cell)), None)
                if lower is None:
                    continue
                lower_text = " ".join(w.text for w in lower)
                gap = min(w.box[1] for w in lower) - bottom
                if (len(lower) <= 3 and not any(c.isdigit() for c in lower_text) and -0.2 * height < gap < 0.5 * height
                        # words under it, not a scan's table rules read as marks (« | | | » under a header row); a
                        # number sign is a word (« Couverts » over « # »: the covers' count, no number of the page's)
                        and (any(c.isalpha() for c in lower_text) or L.sign_word(lower_text))
                        # a party's heading over its name (« Votre fournisseur » / « Serrurerie Vasseur SASU »)
                        and not (lower_text[:1].isupper() and (_PARTY_HEADING.search(fold(text)) or block_heading(text)
                                                                 or _ADDRESSING_WORD.fullmatch(fold(text))))):
                    moves.append((cell, lower_index, lower))
                break
        if len({lower_index for _c, lower_index, _l in moves}) != 1 or len(moves) < 2:
            continue
        for cell, lower_index, lower in moves:
            for word in cell:
                row.remove(word)
            at = rows[lower_index].index(lower[0])
            rows[lower_index][at:at] = cell
            known.pop(lower_index, None)
        known.pop(index, None)
        _join_centred_values(rows, index, moves[0][1], [cell for cell, _i, _l in moves], known)
    return [row for row in rows if row]


def _join_centred_values(rows: list[list[Word]], upper: int, lower: int, moved: list[list[Word]],
                         known: dict[int, list[list[Word]]]) -> None:
    """The values of a grid whose labels wrapped on two lines beside them (« Número de / documento  202490875 »), read
    on the labels' row: a value centred on its two-line box stands between the label's two lines, a row of its own
    between the header's pieces; it joins the row the labels were read whole on (``lower``), each word before the
    first word right of it, so that each label reads with its value after it. Only a row all of whose words stand within the
    height of the labels' two lines: a row of the page above or below them is not the labels'."""
    top = min(w.box[1] for cell in moved for w in cell)
    bottom = max(w.box[3] for w in rows[lower])
    for between in range(upper + 1, lower):
        words = rows[between]
        if words and all(top < (w.box[1] + w.box[3]) / 2 < bottom for w in words):
            joined = rows[lower]
            for word in sorted(words, key=lambda w: w.box[0]):  # before the first word right of it: a label's pieces
                # keep their order (its lower piece may start left of its upper one's last word)
                at = next((i for i, other in enumerate(joined) if other.box[0] > word.box[0]), len(joined))
                joined.insert(at, word)
            rows[between] = []
            known.pop(between, None)
            known.pop(lower, None)


#: The labels of an amount paid or due whose cell may wrap around or above the amount (« Importo » / « € 835,82 » /
#: « pagato », « Importo  € » / « Dovuto  1.950,24 »): read whole only on the amount's row.
_WRAPPED_AMOUNT_LABELS = (L.PREPAID, L.AMOUNT_DUE)


def _label_piece(cell: list[Word]) -> bool:
    return LABEL_PIECE.fullmatch(" ".join(w.text for w in cell)) is not None


def _joined_label(first: list[Word], second: list[Word]) -> bool:
    """True when two cells' words read a label of an amount paid or due together and neither does alone."""
    return wrapped_label(" ".join(w.text for w in first), " ".join(w.text for w in second), *_WRAPPED_AMOUNT_LABELS)


def _join_wrapped_amount_labels(rows: list[list[Word]], page: Page) -> None:
    """A label of an amount paid or due (:data:`_WRAPPED_AMOUNT_LABELS`) wrapped in its narrow cell, joined on its
    amount's row: its two pieces, left-aligned one right under the other, stand around that row (« Importo » over
    the row of « € 835,82 », « pagato » under it, nothing in the label's column there) or the second beside the
    amount (« Importo  € » over « Dovuto  1.950,24 »). Only when the pieces read such a label together and neither
    does alone: a column of labels each whole on its row is left as it is."""
    for index in range(len(rows) - 1):
        cells = _cells_of(rows[index], page) if rows[index] else []
        pieces = [(c, n) for n, c in enumerate(cells) if _label_piece(c)
                  and all(not any(ch.isalnum() for w in after for ch in w.text) for after in cells[n + 1:])]
        for cell, _n in pieces[:1]:
            x0, x1 = cell[0].box[0], cell[-1].box[2]
            bottom, height = max(w.box[3] for w in cell), max(w.box[3] - w.box[1] for w in cell)
            nxt = rows[index + 1]
            beside = next((c for c in _cells_of(nxt, page) if abs(c[0].box[0] - x0) < 0.006), None)
            if beside is not None:  # the second piece beside the amount, right under the first
                at = nxt.index(beside[0])
                after = nxt[at + len(beside):]
                if (_label_piece(beside) and min(w.box[1] for w in beside) - bottom < 0.5 * height
                        and any(ch.isdigit() for w in after for ch in w.text) and _joined_label(cell, beside)):
                    for word in cell:
                        rows[index].remove(word)
                    nxt[at:at] = cell
                continue
            if index + 2 >= len(rows) or any(w.box[2] > x0 and w.box[0] < x1 for w in nxt) \
                    or not any(ch.isdigit() for w in nxt if w.box[0] >= x1 for ch in w.text):
                continue
            under = _cells_of(rows[index + 2], page)
            last = next((c for c in under if abs(c[0].box[0] - x0) < 0.006), None)
            if (last is None or (last is not under[-1] and any(ch.isalnum() for c in under[under.index(last) + 1:]
                                                              for w in c for ch in w.text))
                    or not _label_piece(last) or min(w.box[1] for w in last) - bottom > 2.5 * height
                    or not _joined_label(cell, last)):
                continue
            for word in cell:
                rows[index].remove(word)
            for word in last:
                rows[index + 2].remove(word)
            at = next((n for n, w in enumerate(nxt) if w.box[0] >= x1), len(nxt))
            nxt[at:at] = [*cell, *last]
    rows[:] = [row for row in rows if row]


def _join_lone_fragment(rows: list[list[Word]], index: int, cells_of: Callable[[int], list[list[Word]]],
                        known: dict[int, list[list[Word]]]) -> None:
    """The end of the one label of header row ``index`` that wrapped alone (« N° de Bon de » / « Commande »,
    « Número de » / « Orden ») joined to its cell, so that the whole label reads on the row just above its value.

    The header: three labels or more, no digit (a table's header, not a name over its legal form, nor a label
    and its value); the row under it: that end alone, a few words of letters in the cell's column, right under
    it; the row after: the values, one per label, digits among them."""
    header, lower = cells_of(index), cells_of(index + 1)
    if len(header) < 3 or len(lower) != 1 or len(lower[0]) > 3:
        return
    end = lower[0]
    end_text = " ".join(w.text for w in end)
    if any(c.isdigit() for cell in header for w in cell for c in w.text) or not end_text.replace(" ", "").isalpha():
        return
    values = cells_of(index + 2)
    if len(values) != len(header) or not any(c.isdigit() for cell in values for w in cell for c in w.text):
        return
    cell = next((c for c in header if _aligned(c, end)), None)
    if cell is None:
        return
    bottom, height = max(w.box[3] for w in cell), max(w.box[3] - w.box[1] for w in cell)
    if not -0.2 * height < min(w.box[1] for w in end) - bottom < 0.5 * height:
        return
    rows[index + 1] = []
    at = rows[index].index(cell[-1]) + 1
    rows[index][at:at] = end
    known.pop(index, None)
    known.pop(index + 1, None)


#: OCR: a gap between two words wider than this share of the taller word's box is a column break.
OCR_COLUMN_GAP = 1.0  # measured on the tuning part's 200-dpi scans: 0.64 (as before) → 1.0, sellers 69 → 88 %
#: ... and wider than this many of their mean letter widths (wide capitals space their words widely;
#: 1.5 there: sellers 80 → 84 % on 70 tuning scans, key fields unchanged).
OCR_COLUMN_LETTERS = 1.5


def _column_gap(prev: Word, word: Word, page: Page) -> bool:
    """True when the gap between two words of a line is a column break, not a space.

    A text layer's boxes span the type's whole height: a gap under 0.9 of the word's box
    (x and y both as fractions of the page, as tuned) is a space. An OCR box hugs the
    letters, so a capital or bold name's spaces ("PATEL  EVANS") looked like column breaks:
    there the gap is compared in pixels with the taller of the two boxes and with the words'
    mean letter width.
    """
    gap = word.box[0] - prev.box[2]
    if word.confidence >= 1.0 or not page.width or not page.height:
        return gap >= 0.9 * max(word.box[3] - word.box[1], 1e-4)
    height = max(word.box[3] - word.box[1], prev.box[3] - prev.box[1]) * page.height
    letter = ((word.box[2] - word.box[0]) + (prev.box[2] - prev.box[0])) * page.width / max(
        1, len(word.text) + len(prev.text))
    gap *= page.width
    if L.sign_word(prev.text) and _GO_ON_WORD.match(word.text) and gap < OCR_SIGN_REACH * max(height, 1e-4):
        return False  # « N°  client », « Nº  de factura »: the label's own words, one cell
    return gap >= OCR_COLUMN_GAP * max(height, 1e-4) and gap >= OCR_COLUMN_LETTERS * letter


#: OCR: a number sign (« N° », « Nº », « No. », « Nr. », « N. »: :func:`~.vocabulary.sign_word`) as read, a label's
#: first word ...
#: ... and a word in lower case after it: what it is the number of (« N° client », « Nº de factura », « N. fattura »,
#: « No. of pages »). A cell never starts so (a column's heading, a value start with a capital or a digit), but OCR's
#: boxes hug the small sign and the label's narrow letters: the space between them, in the small type of a reference
#: box, reached a column break's width (« N°  client » read as a bare « N° » ending its cell, the customer's number
#: under it taken for the invoice's).
_GO_ON_WORD = compiled(r"^[a-zà-ÿ][a-zà-ÿ'’]*[.:]?$")
#: ... up to this many type heights apart (a column break further: « N° » heading a column, a lower-case unit beyond).
OCR_SIGN_REACH = 2.5


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


_AMOUNT_RE = compiled(
    r"(?<![\d.,/])[-−]?(?:\d{1,3}(?:[ .,'’]\d{3})+|\d+)[.,]\d{2}(?![.,]?\d)(?!\s?%)(?:\s?-(?!\d))?"
)
#: A period's opening word before its first date (« du 01/03 au 31/03 », « from », « vom », « von », « del », « dal »,
#: « desde »), folded; the weak issue-date labels « du », « vom », « del », « dal » are such words too.
PERIOD_OPENER = compiled(r"(?:du|from|vom|von|del|dal|desde)")
_MONTH_NAMES = "|".join(sorted({fold(m) for m in MONTHS}, key=len, reverse=True))
_DATE_RE = compiled(
    # year first with "-", "/" or "." ("2024/03/05": Asian and some accounting software), else day (or month) first
    r"(?<![\d/.-])(?:\d{4}([-/.])\d{1,2}\1\d{1,2}(?![\d])|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?![\d]))"
    # "5 mars 2018", "5 de marzo de 2018", "5th December 2026", "5. Dez. 2026", "05-déc.-26", "05-Dec-2026",
    # "1º de marzo del 2024", "1° marzo 2024"
    rf"|\b\d{{1,2}}(?:er|st|nd|rd|th|º|°)?\.?(?:\s{{1,2}}(?:de\s|of\s)?(?:{_MONTH_NAMES})\.?,?\s{{1,2}}(?:del?\s)?\d{{4}}"
    rf"|\s?-\s?(?:{_MONTH_NAMES})\.?\s?-\s?(?:\d{{4}}|\d{{2}}))\b"
    rf"|\b(?:{_MONTH_NAMES})\.?\s{{1,2}}\d{{1,2}}(?:st|nd|rd|th)?,?\s{{1,2}}\d{{4}}\b"
)
_RATE_RE = compiled(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
_NUMBER_TOKEN = compiled(r"^[A-Za-z0-9][A-Za-z0-9/_.\-]*[A-Za-z0-9]$|^\d+$")
#: Separators between a number's label and its value. « · » is a colon a scan lost the lower dot of (« Bill # : INV241008 »
#: read « Bill # · INV241008 »: OCR's lone raised dot is a middle dot); « ° » a sign's mark set apart from its « N ».
_LABEL_SEPARATORS = frozenset(":-–—°·")


def label_token(folded: str) -> bool:
    """True when ``folded`` (a word, folded) stands between a number's label and its value: a separator or the label's
    own « number » sign (:data:`~.vocabulary.NUMBER_SIGN`'s ``number`` group: « n° », « nº », « no. », « nr », « num »,
    « numero », « number », « nummer », « # »; not a reference word, « réf. », which names its own code)."""
    if folded in _LABEL_SEPARATORS:
        return True
    sign = L.NUMBER_SIGN.fullmatch(folded)
    return sign is not None and sign.lastgroup == "number"


#: OCR: a space read after the decimal separator ("949, 60"), the cents ending their cell (column gap,
#: currency or end of line): an amount, not a list of numbers ("articles 12, 15 et 18").
_OCR_SPACED_AMOUNT = compiled(
    r"(?<![\d.,/])[-−]?(?:\d{1,3}(?:[ .,'’]\d{3})+|\d+)[.,] \d{2}(?=\s*(?:€|eur\b|EUR\b)|  |\s*$)")


def amounts(line: Line) -> list[Cand]:
    """Amounts with two decimals on ``line`` (never a rate, never part of a date).

    Read once per line (the rules ask some three times per line and field): fresh candidates each
    call, since the rules set their score and label.
    """
    spots = line.__dict__.get("_amounts")
    if spots is None:
        spots = line.__dict__["_amounts"] = [(c.value, c.start, c.end) for c in _read_amounts(line)]
    return [Cand(value, line, start, end) for value, start, end in spots]

#: OCR: a space read after the thousands separator ("37, 622.38", "3. 986,69"): the separator is not the
#: decimal one, three digits and the cents follow, the amount is its whole cell (a column gap, a colon or the line's
#: start before it, the cell's end after it). Not a list ("12, 15"), a price whose cents were spaced ("10, 63": two
#: digits), nor a count or a position before an amount in one cell (« Pos. 3. 450,00 », « Rooms 2, 150.00 »).
_OCR_SPACED_THOUSANDS = compiled(
    r"(?:^|(?<=  )|(?<=: ))[-−]?\d{1,3}(?P<sep>[.,]) \d{3}(?!(?P=sep))[.,]\d{2}(?=\s*(?:€|eur\b|EUR\b)|  |\s*$)")


def _read_amounts(line: Line) -> list[Cand]:
    found = []
    for match in _AMOUNT_RE.finditer(line.text):
        value = parse_amount(re.sub(r"\s+-$", "-", match.group().replace("−", "-")))  # "1,12 -": a trailing sign
        if value is not None:
            found.append(Cand(value, line, match.start(), match.end()))
    if line.words[0].confidence < 1.0 and (", " in line.text or ". " in line.text):
        for match in _OCR_SPACED_AMOUNT.finditer(line.text):
            if not any(c.start < match.end() and match.start() < c.end for c in found):
                value = parse_amount(_close_decimal(match.group()))
                if value is not None:
                    found.append(Cand(value, line, match.start(), match.end()))
        found.sort(key=lambda c: c.start)
    if line.words[0].confidence < 1.0 and (", " in line.text or ". " in line.text):
        found = _thousands_joined(line, found)
    return found


def _thousands_joined(line: Line, found: list[Cand]) -> list[Cand]:
    """``found`` with an amount whose thousands OCR spaced apart (:data:`_OCR_SPACED_THOUSANDS`) read whole:
    « Subtotal  37, 622.38 » is 37 622,38, not 622,38."""
    for match in _OCR_SPACED_THOUSANDS.finditer(line.text):
        value = parse_amount(match.group().replace(" ", "").replace("−", "-"))
        if value is not None:
            found = [c for c in found if not (c.start < match.end() and match.start() < c.end)]
            found.append(Cand(value, line, match.start(), match.end()))
    return sorted(found, key=lambda c: c.start)


def _close_decimal(text: str) -> str:
    """ "949, 60" → "949,60": the space after the decimal separator removed."""
    return re.sub(r"([.,]) (\d{2})$", r"\1\2", text.replace("−", "-"))


def month_first(lines: list[Line]) -> bool:
    """True when the document writes numeric dates month first (a date like 11/17/2017, none like 17/11)."""
    return bool(month_first_order([line.text for line in lines]))


def dates(line: Line, *, us: bool = False) -> list[Cand]:
    """Dates on ``line`` (numeric ones month first when ``us``).

    Read once per line and order (the date rules ask again for every label near it): fresh candidates each call.
    """
    key = "_dates_us" if us else "_dates"
    spots = line.__dict__.get(key)
    if spots is None:
        spots = line.__dict__[key] = []
        for match in _DATE_RE.finditer(line.norm):
            value = parse_date(re.sub(r"(?<=\d)(?:st|nd|rd|th)?\s+of\s", " ", match.group()), month_first=us)  # "5th of March"
            if value is not None:
                spots.append((value, match.start(), match.end()))
    return [Cand(value, line, start, end) for value, start, end in spots]


#: A cell of a line: its words with single spaces between them, column gaps (two spaces or more) around; one pattern
#: for every rule that walks a line's cells (names.py, numbers.py).
CELL = compiled(r"\S+(?: \S+)*")


def cell_span(text: str, start: int, stop: int | None = None) -> tuple[int, int]:
    """Where the cell of a line's ``text`` holding ``start`` begins and ends (its columns are parted by two spaces or
    more): from the column gap before ``start`` to ``stop``, or to the next column gap after ``start`` when none."""
    first = text.rfind("  ", 0, start) + 1
    if stop is None:
        stop = text.find("  ", start)
        stop = len(text) if stop < 0 else stop
    return first, stop


def label_hits(line: Line, patterns: Labels) -> list[tuple[int, re.Match[str]]]:
    """Every label of ``patterns`` on ``line``, with its rank.

    Searched once per line and vocabulary (the totals' rules ask for the same labels on every line
    some five times): each call gets its own list.
    """
    memo = line.__dict__.get("_hits")
    if memo is None:
        memo = line.__dict__["_hits"] = {}
    found = memo.get(id(patterns))
    if found is None or found[0] is not patterns:  # the vocabulary itself kept: its id is never another's
        hits: list[tuple[int, re.Match[str]]] = []
        norm = line.norm
        if patterns.search(norm):  # one pass over the line for the whole vocabulary first
            for rank, pattern, prefix in patterns.prefixed:
                if prefix in norm:  # a label whose first letters the line lacks is not on it
                    for match in pattern.finditer(norm):
                        hits.append((rank, match))
        found = memo[id(patterns)] = (patterns, hits)
    return list(found[1]) if found[1] else []


def below(lines: list[Line], line: Line, x0: float, x1: float, depth: int = 3) -> list[Line]:
    """Lines under ``line`` on the same page whose words overlap the column ``x0..x1``."""
    out = []
    start = lines.index(line)
    for other in lines[start + 1:start + 1 + depth]:
        if other.page != line.page:
            break
        if any(w.box[0] < x1 + 0.02 and w.box[2] > x0 - 0.02 for w in other.words):
            out.append(other)
    return out


#: The type's body (what a text layer boxes: ascent and descent, about 1.15 em) over its capitals' height (what OCR
#: boxes from a word's top to its baseline, about 0.7 em).
_BODY_OVER_CAPITALS = 1.6


def _capitals_height(word: Word) -> float | None:
    """An OCR word's height from its top to its baseline (a descender, « Apex », « Spiel », makes no larger type);
    None with no baseline inside its box (a text layer's word)."""
    if word.baseline is not None and word.box[1] < word.baseline <= word.box[3] + 1e-9:
        return word.baseline - word.box[1]
    return None


def letter_height(word: Word) -> float:
    """The height of ``word``'s type, to compare two words' type: its box's on a text layer (the font's size); on OCR,
    whose box hugs the letters, its capitals' height (:func:`_capitals_height`)."""
    capitals = _capitals_height(word)
    return word.box[3] - word.box[1] if capitals is None else capitals


def body_height(word: Word) -> float:
    """The height of ``word``'s type as a text layer boxes it: its box's; on OCR, whose box hugs the letters, its
    capitals' height (:func:`_capitals_height`) times :data:`_BODY_OVER_CAPITALS`, so that a blank line is told the
    same."""
    capitals = _capitals_height(word)
    return word.box[3] - word.box[1] if capitals is None else capitals * _BODY_OVER_CAPITALS


def block_under(lines: list[Line], line: Line, column: Callable[[Line], list[Word]], bottom: float, height: float,
                gap: float, depth: int) -> Iterator[tuple[Line, list[Word]]]:
    """The lines of the block ``line`` opens, each with its words in the block's column (``column`` picks them): of
    the ``depth`` lines after ``line`` on its page, those where ``column`` picks words (a line of another column only
    is passed over), until a blank line: the column's words start more than ``gap`` times ``height`` under the
    ``bottom`` of those above (at first, the name's). One walk for the rules that read a block under a name
    (``parties.in_block_under``, ``names.start_lost``)."""
    index = lines.index(line)
    for other in lines[index + 1:index + 1 + depth]:
        if other.page != line.page:
            return
        words = column(other)
        if not words:
            continue  # a line of another column only
        if min(w.box[1] for w in words) - bottom > gap * height:
            return  # a blank line: the block has ended
        yield other, words
        bottom = max(w.box[3] for w in words)


#: Dot leaders between a label and its value (« Date .................... 13.12.2025 »), or the day of the week
#: before a date (« Fecha fra.  miércoles, 8 de octubre de 2025 »): no distance.
_LEADER = compiled(rf"(?:\.\s?){{3,}}|…+|\b(?:{_WEEKDAYS})\b,?")


def labelled(lines: list[Line], patterns: Labels, finder: Any, *, take_last: bool = False,
             max_gap: int = 80, below_last: bool = False, wrap: bool = False) -> list[Cand]:
    """Values found after a label on the same line, or under it in the same column."""
    cands: list[Cand] = []
    for line in lines:
        memo = line.__dict__.get("_hits")
        known = memo.get(id(patterns)) if memo is not None else None
        if known is not None and known[0] is patterns and not known[1]:
            continue  # no label of ``patterns`` on the line, as :func:`label_hits` found before (most lines)
        for rank, match in label_hits(line, patterns):
            weight = 1.0 - rank * 0.02
            same = [c for c in finder(line) if c.start >= match.end()
                    and len(_LEADER.sub("", line.norm[match.end():c.start])) <= max_gap]
            if same:
                chosen = same[-1] if take_last else same[0]
                gap_text = _GAP_FILLER.sub("", re.sub(r"\([^)]*\)", "", line.norm[match.end():chosen.start]))
                if take_last or not re.search(r"[a-z]{4,}", gap_text):
                    chosen.score, chosen.label = 0.9 * weight, line.text[match.start():match.end()]
                    cands.append(chosen)
                    continue
            words = line.words_in(match.start(), match.end())
            if not words or same or (finder(line)[-1:] and finder(line)[-1].start > match.end()):
                continue  # a value follows on the line: not a column header
            if "  " in line.norm[match.start():match.end()].strip():
                continue  # the words of two header cells (« Dte règlement reçu  Le »): neither column's label
            label_text = line.text[match.start():match.end()]
            index = lines.index(line)
            if wrap and not line.text[match.end():].strip(" :") and index + 1 < len(lines):
                following = lines[index + 1]
                first = finder(following)[:1]
                if following.page == line.page and first and first[0].start == 0 and (
                        "  " not in line.norm.strip() or following.words[0].box[2] > words[0].box[0]):
                    # a sentence wrapped after its label; a header row's cells have their values under them
                    first[0].score, first[0].label = 0.7 * weight, label_text  # "... du" / "05/03/2018"
                    cell = line.norm.rfind("  ", 0, match.start())
                    first[0].heading, first[0].label_line = line.norm[cell + 1 if cell >= 0 else 0:], line  # « Order Date »
                    cands.append(first[0])
                    continue
            x0, label_x1 = words[0].box[0], words[-1].box[2]
            x1 = max(label_x1, x0 + 0.12)
            column: list[Cand] = []
            for other in below(lines, line, x0, x1, depth=4 if below_last else 2):
                under = [c for c in finder(other) if other.x_of(c.start) < x1 + 0.02
                         and (other.words_in(c.start, c.end) or [Word("", (1, 0, 1, 0))])[-1].box[2] > x0 - 0.02]
                if not under:
                    tail = [w for w in other.words if w.box[0] < label_x1 and w.box[2] > x0]
                    if not column and 0 < len(tail) <= 3 and all(w.text.isalpha() for w in tail):
                        continue  # the label's own last words wrapped in its cell ("Fecha de expedición de la / factura")
                    break
                cell = max(under, key=lambda c, o=other: _overlap(o, c, x0, label_x1))
                if column and abs(cell.value) < abs(column[-1].value) and _paid_at(lines, other):
                    break  # "Acompte : 20,00" under the totals' row: a part paid ends the column
                column.append(cell)
                if not below_last:
                    break
            if column:
                chosen = column[-1]
                chosen.score, chosen.label = 0.75 * weight, label_text
                cell = line.norm.rfind("  ", 0, match.start())
                cell_end = line.norm.find("  ", match.end())
                chosen.heading = line.norm[cell + 1 if cell >= 0 else 0:cell_end if cell_end >= 0 else len(line.norm)]
                chosen.label_line = line
                cands.append(chosen)
    return cands


def _paid_at(lines: list[Line], other: Line) -> bool:
    """An amount paid labelled on ``other`` (« Acompte :  20,00 ») or on the line just above it with no amount of
    its own (« Montant déjà payé : » / « 10,00 »): a part paid is no total of a header row above."""
    index = lines.index(other)
    above = lines[index - 1] if index else None
    return bool(L.PREPAID.search(other.norm)) or (
        above is not None and above.page == other.page and bool(L.PREPAID.search(above.norm)) and not amounts(above))


def _overlap(line: Line, cand: Cand, x0: float, x1: float) -> tuple[float, float]:
    """How a value sits under a label spanning ``x0..x1``: its shared width, then nearness (a header row's
    columns are close: a short label's widened column may reach its neighbour's value)."""
    words = line.words_in(cand.start, cand.end)
    if not words:
        return (0.0, 0.0)
    a, b = words[0].box[0], words[-1].box[2]
    return (max(0.0, min(b, x1) - max(a, x0)), -abs(a - x0))


def best(cands: list[Cand]) -> Cand | None:
    """The highest-scoring candidate."""
    return max(cands, key=lambda c: c.score, default=None)


def cand_confidence(cand: Cand, source: str) -> float:
    words = cand.words or cand.line.words_in(cand.start, cand.end)
    if source == SOURCE_OCR and words:
        ocr = min(w.confidence for w in words)
        return cand.score * (0.55 + 0.45 * ocr)
    return cand.score

