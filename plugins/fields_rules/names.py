"""The seller's name, from several kinds of evidence that must agree.

Candidates: a name under a seller heading (``Vendeur :``), a name with a legal form
(``… SARL``, ``… GmbH``), the letterhead (the largest type at the top of page 1, a name
wrapped over two lines joined), the legal footer (the name before ``au capital de``,
``RCS``, ``Amtsgericht`` …) and the name of a postal address block no buyer heading opens. A candidate that another kind of evidence repeats gains; the
buyer's block, labels, addresses and a logo's initials are never a name.

Two kinds of evidence weigh most, as they hold for issuers never seen: the name that opens legal
mentions printing a registration or VAT number is the issuer's (a utility bill's window address at
the top of the page is its customer's), and the block over a VAT number labelled as the customer's
(« P.IVA cliente », « Ihre USt-IdNr. ») is the buyer's. A street line is never part of a name, and
a name also printed with its legal form is read with it.
"""

from __future__ import annotations

import re
from itertools import islice, pairwise
from typing import TYPE_CHECKING

from guichet.core.model import identifiers as ids
from guichet.core.parsing.regex_store import compiled
from guichet.core.parsing.values import WEEKDAYS
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.blocks import (
    _LONE_TO,
    _POSTCODE_TOWN,
    sender_parts,
    sender_parts_from,
    under_party_heading,
    _SENDER_TOWN_PART,
    _UK_TOWN,
    _cell_at,
    cells,
    name_goes_on,
    type_height,
)
from guichet.plugins.fields_rules.ocr_noise import legal_form_read
from guichet.plugins.fields_rules.lines import (_AMOUNT_RE, _DATE_RE, CELL, PERIOD_OPENER, Cand, Line, best,
                                                block_under, dates, fold, label_hits, letter_height)
from guichet.plugins.fields_rules.parties import (
    FRENCH_REGISTRATION,
    _NAME_LABEL,
    _NOT_A_NAME,
    _SELLER_HEADING,
    company_identifier,
    role,
)

if TYPE_CHECKING:
    from guichet.core.model.models import Company

#: A name opening a window envelope's sender line (:func:`_sender_line_names`).
SENDER_LINE_SCORE = 0.85
#: OCR word confidence under which a word cannot start or make a name (a logo read as letters).
SURE_WORD = 0.5
_SEPARATORS = r"\s[-–|•●·]\s|  |,\s|\s–\s"
#: Any label of the vocabularies: a line holding one is no name.
_LABELS = (L.INVOICE_NUMBER + L.ISSUE_DATE.strong() + L.DUE_DATE + L.BUYER_BLOCK + L.DELIVERY_BLOCK + L.SELLER_BLOCK + L.TITLE_WORDS
           + L.TOTAL_WITH_TAX.strong() + L.TOTAL_WITHOUT_TAX.strong() + L.TOTAL_TAX.strong() + L.PAYMENT_TERMS
           + L.LEGAL_FOOTER)
_CONTACT = compiled(r"@|www\.|https?:|\b(?:tel|tél|fax|phone|telefon|telefono|iban|bic|swift)\b", re.I)


#: A cell ending like an identifier's label ("Bestell-Nr", "Kunden-Nr.", "Liefer-Datum").
_ID_LABEL = compiled(r"(?:\b|-)(?:nr|no|n°|datum|date|id|ref)\b\.?\s*$")


#: What a name's key drops (:func:`name_key`).
_NOT_KEY = compiled(r"[^a-z0-9]")


def name_key(text: str) -> str:
    """A name compared without case, accents, punctuation and legal form."""
    return _NOT_KEY.sub("", L.LEGAL_FORMS.sub("", fold(text)))


def _segment(line: Line, start: int, end: int) -> tuple[int, int]:
    """The part of the line around ``start:end`` between separators (-, |, •, ●, comma, wide gaps)."""
    seps = [m.end() for m in re.finditer(_SEPARATORS, line.text[:start])]
    left = seps[-1] if seps else 0
    right_match = re.search(_SEPARATORS, line.text[end:])
    right = end + right_match.start() if right_match else len(line.text)
    return left, right


#: A weekday alone (« Samstag », « jueves »): a written date's first word, cut from it by its comma.
_WEEKDAY_ONLY = compiled(rf"\W*(?:{WEEKDAYS})\W*")


def name_like(text: str) -> bool:
    """Letters, few digits, no label, no contact detail, no postcode and town (« LS7 9HJ London »), no weekday."""
    norm = fold(text)
    return (len(re.findall(r"[a-z]", norm)) >= 2 and not re.search(r"\d{3}|:|^\d+[\s,]|\s\d{1,4}[a-z]?$", text)
            and not _WEEKDAY_ONLY.fullmatch(norm)
            and not _CONTACT.search(text)
            and not _LABELS.search(norm) and not _NOT_A_NAME.search(norm) and not _only_name_label(norm)
            and not _UK_TOWN.match(text.strip()) and not _POSTCODE_TOWN.match(text.strip()))


def _only_name_label(norm: str) -> bool:
    """A name's label with nothing of a name beside it but a legal form (« Raison sociale », « SAS Société-A »):
    « Société Hôtelière du Pacano » starts with the word and is a name."""
    match = L.NAME_LABEL.search(norm)
    return match is not None and not re.search(r"[a-z]{3}", re.sub(L.LEGAL_FORMS, " ", norm[:match.start()] + " "
                                                                 + norm[match.end():]))


#: A value alone in its cell: a date, an amount, a code with a digit ("C83681", "2020-4781", "FA.123").
_CODE = compiled(r"[A-Za-z]{0,5}[-/.#]?\d[\w/.\-]*")


def _value_cell(text: str) -> bool:
    """True when a cell's text is a value (date, amount, code with a digit), not words."""
    text = text.strip(" :€")
    folded = fold(text)
    date = _DATE_RE.match(folded)
    return bool(text) and bool((date and date.end() >= len(folded) - 1) or _AMOUNT_RE.fullmatch(text) or _CODE.fullmatch(text))


#: A period's opening word and its space before the first date (« du 01/01/2026 au … »).
_OPENS_PERIOD = compiled(rf"^{PERIOD_OPENER.pattern}\s+")


def _labels_a_value(lines: list[Line], line: Line, end: int, words: list) -> bool:
    """True for a cell that labels a value: the next cell of its line, or the cell just under it, is a value.

    "Date de création  16 août 2020", or a header cell "Fecha de pago" over "11/09/2025": a label,
    not a name (a letterhead's name is followed by its address, never by a lone date or code).
    """
    rest = line.text[end:]
    if rest.startswith("  ") and _value_cell(rest.strip().split("  ")[0]):
        return True
    if not words:
        return False
    x0, x1 = words[0].box[0], words[-1].box[2]
    height = max(w.box[3] - w.box[1] for w in words)
    index = lines.index(line)
    for other in (lines[index - 1] if index else None, lines[index + 1] if index + 1 < len(lines) else None):
        # a panel's row whose value cell sits half a line higher or lower than its label (« Prestation réalisée »
        # beside « du 01/01/2026 au 31/01/2026 », each vertically centred in its own cell)
        if other is None or other.page != line.page or abs(other.top - line.top) >= height:
            continue
        beside = [w for w in other.words if x1 < w.box[0] < x1 + 0.3]
        # the value's cell is centred on its label's row: half its own height apart at most, not a line in smaller type
        # under a letterhead's name set large (« Boulangerie Dupont » beside « FACTURE » over « FA-2024-0042 »)
        if beside and abs((beside[0].box[1] + beside[0].box[3]) - (words[0].box[1] + words[0].box[3])) / 2 \
                >= 0.75 * min(height, beside[0].box[3] - beside[0].box[1]):
            beside = []
        if beside:
            start, _end = other.spans[other.words.index(beside[0])]
            cell = other.text[start:].split("  ")[0]
            if _value_cell(cell) or _DATE_RE.match(_OPENS_PERIOD.sub("", fold(cell))):
                return True  # a value, or a date opening its cell, maybe a period's (« du 01/01/2026 au … »)
    for other in lines[index + 1:index + 3]:
        if other.page != line.page or other.top - max(w.box[3] for w in words) > 1.5 * height:
            break
        under = [w for w in other.words if w.box[0] < x1 and w.box[2] > x0]
        if under:
            start, _end = other.spans[other.words.index(under[0])]
            cell = other.text[start:].split("  ")[0]
            if company_identifier(cell, other, lines):
                return False  # a company's name over its VAT number or SIREN (a letterhead), not a label over its value
            return _value_cell(cell) or bool(_DATE_RE.match(fold(cell)))  # a value, or a date opening its cell
    return False


def _column_words(line: Line, x0: float) -> list:
    """The words of ``line`` from the one starting at ``x0`` up to the next wide gap (one cell)."""
    start = next((i for i, w in enumerate(line.words) if abs(w.box[0] - x0) < 0.015), None)
    if start is None:
        return []
    out = [line.words[start]]
    for index in range(start + 1, len(line.words)):
        if line.text[line.spans[index - 1][1]:line.spans[index][0]] != " ":
            break  # a column gap, as the line was made (lines.make_lines)
        out.append(line.words[index])
    return out


def _wrapped_above(lines: list[Line], line: Line, words: list) -> tuple[str, list] | None:
    """The lines just above in the same type and column, when a name wraps ("Menuiserie / Giraud SARL").

    Up to two lines: a long name in a narrow column wraps over three ("BOULANGERIE / BRETAGNE /
    SERVICES").
    """
    first = _one_wrapped_above(lines, line, words)
    if first is None:
        return None
    text, part, above = first
    second = _one_wrapped_above(lines, above, part)
    if second is not None:
        return f"{second[0]} {text}", second[1] + part
    return text, part


#: A name's first word that starts with a digit (« 6D » over « TRAITEUR », « 3M »), unlike an address's numbers.
_DIGIT_LED = compiled(r"\d{1,2}[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ&-]*")


def _one_wrapped_above(lines: list[Line], line: Line, words: list) -> tuple[str, list, Line] | None:
    """The one line just above ``words`` in their type and column, with that line."""
    index = lines.index(line)
    if index == 0 or not words:
        return None
    x0, x1 = words[0].box[0], words[-1].box[2]
    # The nearest line above with words in this column (another block's line may sit between).
    above = next((ln for ln in reversed(lines[max(0, index - 3):index])
                  if ln.page == line.page and any(w.box[0] < x1 and w.box[2] > x0 for w in ln.words)), None)
    if above is None:
        return None
    part = _column_words(above, x0)
    if not part:
        return None
    height = type_height(words)
    gap = words[0].box[1] - max(w.box[3] for w in part)
    text = " ".join(w.text for w in part)
    ocr = min(w.confidence for w in part + words) < 1.0  # OCR boxes follow ascenders and descenders
    if (abs(type_height(part) - height) > (0.35 if ocr else 0.15) * height or gap > (1.0 if ocr else 0.8) * height
            or not (name_like(text) or _DIGIT_LED.fullmatch(text))
            or (re.search(r"\d", text) and not _DIGIT_LED.fullmatch(text)) or _is_initials_of(text, " ".join(w.text for w in words)) or _LONE_TO.match(fold(text))):
        return None
    return text, part, above


def _paragraph_tail_above(lines: list[Line], line: Line, words: list) -> tuple[str, list] | None:
    """The first words of a name that a paragraph of mentions wrapped at the end of the line above (« NIF B… · Calle
    Mayor, 3 · Brévalis » / « Climatización S.L.U. · … »): the last part of that line after a separator, capitalised
    words with no digit, no label and no contact, in the same type just above."""
    index = lines.index(line)
    if not words:
        return None
    x0, x1 = line.words[0].box[0], line.words[-1].box[2]
    above = next((ln for ln in reversed(lines[max(0, index - 3):index])
                  if ln.page == line.page and ln.words[0].box[0] < x1 and ln.words[-1].box[2] > x0), None)
    if above is None:
        return None
    height = type_height(words)
    if words[0].box[1] - max(w.box[3] for w in above.words) > 0.8 * height or abs(type_height(above.words) - height) > 0.15 * height:
        return None
    own = next((c for c in cells(line) if words[0] in c), line.words)  # the paragraph's cell, not a page number beside
    other = cells(above)[-1] if cells(above) else above.words
    x0, x1, a0, a1 = own[0].box[0], own[-1].box[2], other[0].box[0], other[-1].box[2]
    if abs(a0 - x0) > 0.02 and abs((a0 + a1) - (x0 + x1)) / 2 > 0.03:
        return None  # a paragraph's lines share their left edge or their centre: another column's block is no part of it
    seps = [m.end() for m in re.finditer(_SEPARATORS, above.text)]
    tail = above.text[seps[-1]:].strip() if seps else ""
    if (not tail or re.search(r"[\d:@]", tail) or not tail[:1].isupper() or len(tail.split()) > 4 or not name_like(tail)
            or re.search(L.LEGAL_FORMS, fold(tail))):
        return None
    return tail, above.words_in(seps[-1], len(above.text))


def _first_lines(lines: list[Line], where: Line | object) -> bool:
    """True for the first name-like line of page 1 (or a word of it): where the letterhead is."""
    first = next((ln for ln in lines if ln.page == 1 and name_like(re.split(_SEPARATORS, ln.text)[0])
                  and ln.words[0].confidence >= SURE_WORD), None)
    if first is None:
        return False
    if isinstance(where, Line):
        return where is first
    return where in first.words


def _same_type_start(line: Line, left: int, end: int) -> int:
    """Where the name ending at ``end`` starts: the words before it in another type size are not of it.

    A title set in larger type just before the name ("Tankabrechnung  Vogel Haustechnik AG") shares
    its line but not its type.
    """
    words = line.words_in(left, end)
    if len(words) < 2:
        return left
    height = letter_height(words[-1])
    first = 0
    for index in range(len(words) - 1, -1, -1):
        if abs(letter_height(words[index]) - height) > 0.25 * height:
            first = index + 1
            break
    if first == 0 or first >= len(words):
        return left
    return line.spans[line.words.index(words[first])][0]


#: A tax's name just after a word that reads as a legal form (« inc VAT »): an abbreviation of « including ».
_TAX_AFTER = compiled(r"\.?\s*(?:vat|tax|gst|tva|iva|mwst|ust)\b")


def _legal_form_names(lines: list[Line], own: str | None) -> list[Cand]:
    cands = []
    for line in lines:
        for match in L.LEGAL_FORMS.finditer(line.norm):
            if _TAX_AFTER.match(line.norm[match.end():]):
                continue  # « Total inc VAT », « Price inc. tax »: « including », no company's « Inc »
            left, _right = _segment(line, match.start(), match.end())
            left = _same_type_start(line, left, match.end())
            left += _after_label(line.text[left:match.start()])  # "Siège social : ACME SAS": the label is no name
            left += _after_sentence(line.text[left:match.start()])  # « … paiement anticipé. Atelier Roussel SAS »
            text = line.text[left:match.end()].strip(" :-,")
            text = re.sub(r"^(?:name|nom|raison sociale|firma)\s*:\s*", "", text, flags=re.I)
            if len(text) < 4 or not re.search(r"[A-Za-z]{2}", text[: max(1, len(text) - len(match.group()))]):
                continue
            if L.LEGAL_FOOTER.search(fold(text)) or _CONTACT.search(text) or _NOT_A_NAME.search(fold(text)):
                continue
            cand = Cand(text, line, left, match.end(), 0.55 + (0.1 if line.page == 1 and line.top < 0.25 else 0))
            cand.words = line.words_in(left, match.end())
            wrapped = (_wrapped_above(lines, line, cand.words) or _paragraph_tail_above(lines, line, cand.words)) \
                if left == 0 else None
            if wrapped:
                cand.value, cand.words = f"{wrapped[0]} {text}", wrapped[1] + cand.words
            cand.score += 0.1 if _first_lines(lines, cand.words[0]) else 0
            if (own and (own in fold(cand.value) or fold(cand.value) in own)) or role(cand, lines) == "buyer":
                continue
            cand.label = "forme juridique"
            cands.append(cand)
    return cands


def _labelled_names(lines: list[Line], own: str | None) -> list[Cand]:
    """A ``Name:`` under a seller heading, or the first line under a seller heading."""
    cands = []
    for line in lines:
        for _rank, match in label_hits(line, _NAME_LABEL):
            # the value's own cell: a box beside prints the other party's (« Firma: Wagner KG  Firma: Pension Seeblick »)
            gap = line.text.find("  ", match.end() + len(line.text[match.end():]) - len(line.text[match.end():].lstrip()))
            end = gap if gap >= 0 else len(line.text)
            cand = Cand(line.text[match.end():end].strip(), line, match.end(), end, 0.0, "Name")
            if cand.value and role(cand, lines) == "seller" and not (own and fold(cand.value) in own):
                index = lines.index(line)
                above = " ".join(ln.norm for ln in lines[max(0, index - 4):index])
                if L.SELLER_BLOCK.search(above):
                    cand.score = 0.95
                    cands.append(cand)
    for line in lines:  # the name right of its heading in one cell (« From: Das Company  To: … »)
        for cell in cells(line):
            named = _after_heading(line, cell)
            if named is not None and role(named, lines) != "buyer" and not (own and fold(named.value) in own):
                cands.append(named)
    for line in lines:
        # the heading's cell: the whole line, or one cell of it (« Issued by  Reference … INV038973  To »)
        heading = next((cell for cell in cells(line) if _SELLER_HEADING.match(fold(" ".join(w.text for w in cell)))), None)
        if heading is None:
            continue
        x0 = heading[0].box[0]
        index = lines.index(line)
        for other in lines[index + 1:index + 4]:
            # a cell's first word at the heading's left edge ("87 boulevard Voltaire" holds no cell at a right-aligned heading's)
            start = next((w for i, w in enumerate(other.words) if abs(w.box[0] - x0) < 0.02
                          and (i == 0 or other.text[other.spans[i - 1][1]:other.spans[i][0]] != " ")), None)
            if start is None:
                continue  # a word of another column (the title "Facture" beside the heading): not its block
            part = _column_words(other, start.box[0])
            text = " ".join(w.text for w in part)
            if ":" in text:
                continue
            if re.search(r"\d{3}|\b(?:gln|gtin|nr|no|id|num\w*)\b", fold(text)):
                continue  # an identifier line that lost its colon (OCR)
            if _SELLER_HEADING.match(fold(text)):
                continue  # the heading again in another language (« Vendeur » / « Seller »): a heading, the name under it
            if re.match(r"^[A-Za-zÀ-ÿ]", text) and len(re.findall(r"[A-Za-zÀ-ÿ]", text)) >= 3:
                following = lines[lines.index(other) + 1] if lines.index(other) + 1 < len(lines) else None
                # the next line with a cell in this column (a line of another column may come between)
                end = next((cell for ln in lines[lines.index(other) + 1:lines.index(other) + 4] if ln.page == other.page
                            for cell in [_cell_at(ln, start.box[0])] if cell is not None), None)
                if (following is not None and following.page == other.page and not re.search(L.LEGAL_FORMS, fold(text))
                        and re.search(L.LEGAL_FORMS, following.norm) and not re.search(r"\d|:", following.text)):
                    part = part + following.words  # a name on two lines: "MVM Musterhafter / Versicherungsverein a.G."
                    text = f"{text} {following.text.strip()}"
                elif end is not None and name_goes_on(part, end):  # its column's next cell ("Harper Riverside" / "LLP")
                    part, text = part + end, f"{text} {' '.join(w.text for w in end)}"
                cands.append(Cand(text, other, 0, len(other.text), 0.9, line.text.strip(), part))
            break
    return cands



def _sender_line_names(lines: list[Line], own: str | None) -> list[Cand]:
    """The name that opens a window envelope's sender line (« Name · street · 12345 Town »), printed over the
    recipient's address at the top of page 1: the sender is the seller."""
    out = []
    for line in lines:
        if line.page != 1 or line.top > 0.35:
            continue
        for cell in cells(line):
            parts = sender_parts_from(line, cell)
            name = parts[0].strip()
            if (len(parts) >= 3 and _SENDER_TOWN_PART.match(parts[-1]) and name_like(name)
                    and not (own and fold(name) in own) and not under_party_heading(lines, line, cell)):
                count = len(name.split())
                index = next(k for k, w in enumerate(line.words) if w is cell[0])
                start, end = line.spans[index][0], line.spans[index + count - 1][1]
                out.append(Cand(name, line, start, end, SENDER_LINE_SCORE, "ligne d'expéditeur", cell[:count]))
    return out


def _sentence_around(whole: str, part: str) -> bool:
    """The words ``whole`` adds to ``part`` make a sentence (« Sie erreichen uns unter Muster GmbH »): two
    lowercase words or more, where a name's added words are capitalised (« Pépinières Garnier SA »)."""
    added = whole.replace(part, " ").split()
    return sum(1 for w in added if len(w) >= 3 and w.isalpha() and w.islower()) >= 2


#: Where a name ends inside a cell: a separator, then an address, an identifier or a sentence goes on.
_NAME_END = compiled(r"\s[-–|•·,]\s|,\s(?=\S*\d)|\s\(")
#: A phrase's score: the page says in words whose name it is (« Receipt from », « Vendu par »).
PHRASE_SCORE = 0.97
#: A means of payment (folded), no payee: « Payment to Visa ending 4242 », « Bénéficiaire : prélèvement SEPA »: the words
#: of :data:`~vocabulary.PAYMENT_MEANS` (labels/*.toml) and a direct debit's, :data:`~vocabulary.DIRECT_DEBIT`'s (stems:
#: the word goes on to its end).
_PAYMENT_MEANS = compiled(r"(?:" + "|".join(p.source for _rank, p in L.PAYMENT_MEANS) + r")\b"
                            r"|(?:" + "|".join(p.source for _rank, p in L.DIRECT_DEBIT) + r")\w*\b")


def phrase_names(lines: list[Line], own: str | None = None) -> list[Cand]:
    """The name that follows a seller phrase in its cell, with no colon (« Receipt from Tellis Ltd », « Vendu par
    ACME SARL », « Pay to Doyle Ltd »): a receipt's heading, a marketplace's third-party seller, a payee.

    Not a name a sentence goes on after (« Reçu de M. Martin la somme de … »), nor a company the line says
    invoices in another's name (:data:`~vocabulary.ON_BEHALF`).
    """
    out = []
    for line in lines:
        if not L.SELLER_PHRASE.search(line.norm) or L.ON_BEHALF.search(line.norm):
            continue
        for cell in cells(line):
            norm = " ".join(fold(w.text) for w in cell)
            match = _phrase_at_start(norm)
            if match is None:
                continue
            skip = len(norm[:match.end()].split())
            rest = cell[skip:]
            if rest and rest[0].text in (":", "-", "–"):
                rest = rest[1:]
            text = " ".join(w.text for w in rest).lstrip(": ")
            end = _NAME_END.search(text)
            if end is not None:
                text = text[:end.start()]
                rest = rest[:len(text.split())]
            if (not rest or not text[:1].isupper() or len(rest) > 8 or not name_like(text) or _CIVILITY.match(fold(text))
                    or _sentence_around(text, text.split()[0]) or (own and fold(text) in own)
                    or _PAYMENT_MEANS.match(fold(text))):
                continue
            index = next(k for k, w in enumerate(line.words) if w is rest[0])
            start, stop = line.spans[index][0], line.spans[index + len(rest) - 1][1]
            if L.ISSUE_DATE.search(fold(text)) or L.DUE_DATE.search(fold(text)) or _labels_a_value(lines, line, stop, rest):
                continue  # a label of its value (« Paid to Date  15.73 EUR »), no phrase naming a company
            text = without_full_stop(text.rstrip(" ,;"))
            out.append(Cand(text, line, start, stop, PHRASE_SCORE, norm[:match.end()], rest))
    return out


#: A means of payment's word anywhere in a cell (folded): the cell beside a holder's heading that holds one is the
#: payment's means (« MOYEN DE PAIEMENT : VIREMENT », its colon read as a dot by OCR), no holder's name.
_MEANS_WORD = compiled(r"\b(?:" + "|".join(p.source for _rank, p in L.PAYMENT_MEANS) + r")\b")
#: The score of a holder's name read under its heading after a name's label (« Bénéficiaire » / « Nom : Giraud »): the
#: payee, most often the seller; less sure than a holder's label on the name's own line (BG-10 may name another), and
#: below a registered name the legal mentions print.
HOLDER_UNDER_SCORE = 0.6


#: A party's role words (« fournisseur », « client », « livraison »): a label's own, which a name's label may still
#: introduce as the name (« Nom : LE FOURNISSEUR »).
_ROLE_WORDS = L.SELLER_BLOCK + L.BUYER_BLOCK + L.DELIVERY_BLOCK


def _named_after_label(text: str) -> bool:
    """True when ``text``, read after a name's label (« Nom : », « Name: »), is a name: :func:`name_like`, a party's
    role word allowed in it (the label says the words are a name, « Nom : LE FOURNISSEUR »), no other label's."""
    if name_like(text):
        return True
    norm = fold(text)
    for _rank, pattern in _ROLE_WORDS:
        norm = pattern.compiled.sub(" ", norm)
    return (len(re.findall(r"[a-z]", fold(text))) >= 2 and not re.search(r"\d{3}|:", text) and not _CONTACT.search(text)
            and not _LABELS.search(norm) and not _NOT_A_NAME.search(norm))


def _column_cells(lines: list[Line], index: int, heading: list) -> list[tuple[Line, list]]:
    """The cells of the two lines under ``lines[index]`` (on its page) in the column of a holder's heading cell: set
    where it starts, or indented a little (a holder's block: « Bénéficiaire » / « NOM : … » / « SIREN : … »)."""
    from guichet.plugins.fields_rules.blocks import _INDENT

    line = lines[index]
    return [(other, cell) for other in lines[index + 1:index + 3] if other.page == line.page
            for cell in cells(other) if -0.012 < cell[0].box[0] - heading[0].box[0] < _INDENT]


def _labelled_under(lines: list[Line], index: int, heading: list, own: str | None) -> Cand | None:
    """The name after a name's label (« Nom : », « Name: ») on one of the two lines under a holder's heading cell, in its
    column (:func:`_column_cells`): the account's holder, the seller only when the page says so (:func:`_payee_is_seller`)."""
    from guichet.plugins.fields_rules.blocks import _NAME_LABEL_RE

    for other, cell in _column_cells(lines, index, heading):
        text = " ".join(w.text for w in cell)
        label = _NAME_LABEL_RE.match(fold(text))
        if label is None:
            continue
        words = cell[len(fold(text)[:label.end()].split()):]
        name = " ".join(w.text for w in words).lstrip(": ")
        if not words or not _named_after_label(name) or _CIVILITY.match(fold(name)) or _MEANS_WORD.search(fold(name)) \
                or (own and fold(name) in own):
            return None
        at = lines.index(other)
        if _own_registration_under(lines, at, heading) or not _payee_is_seller(lines, name, lines[index:at + 3]):
            return None
        start = other.spans[other.words.index(words[0])][0]
        stop = other.spans[other.words.index(words[-1])][1]
        return Cand(without_full_stop(name), other, start, stop, HOLDER_UNDER_SCORE, "titulaire du compte", words)
    return None


def _payee_is_seller(lines: list[Line], name: str, block: list[Line]) -> bool:
    """True when the page gives a reason to take the payee ``name`` (BG-10, read in the payment's ``block``) for the
    seller: it prints that name elsewhere, not as the buyer's (:func:`role`: the letterhead, the seller's block, the
    legal mentions), and says nowhere that the invoice is factored (:data:`~vocabulary.FACTORING`: « subrogation »,
    « affacturage », « créance cédée », « abgetreten »; then the payee is the factor, BT-59). A payee printed only in
    the payment's block may be anyone paid on the seller's behalf."""
    if any(L.FACTORING.search(ln.norm) for ln in lines):
        return False
    folded = fold(without_full_stop(name))
    for other in lines:
        start = other.norm.find(folded) if other not in block else -1
        if start >= 0 and role(Cand(name, other, start, start + len(folded), 0.0, ""), lines) != "buyer":
            return True
    return False


#: A registration or tax number after its label in a holder's block (« SIREN : 303 656 847 », « SIRET : … », « N° TVA :
#: FR… »): nine digits at least once spaces are dropped.
_HOLDER_REGISTRATION = compiled(r"\b(?:siren|siret|tva|vat|ust|iva|nif|rcs|kvk|hrb)\b[^:]{0,20}:?\s*(?:[a-z]{2})?\s*\d[\d .]{7,}\d")


def _own_registration_under(lines: list[Line], index: int, heading: list) -> bool:
    """True when one of the two lines under a holder's name (in the heading's column, :func:`_column_cells`) prints a
    registration number the page prints nowhere else: the payee's own (BT-61), another party than the seller, whose
    numbers the page prints with its address or its legal mentions."""
    under = [ln for ln in lines[index + 1:index + 3] if ln.page == lines[index].page]
    for other, cell in _column_cells(lines, index, heading):
        match = _HOLDER_REGISTRATION.search(fold(" ".join(w.text for w in cell)))
        if match is None:
            continue
        digits = re.sub(r"\D", "", match.group())[:9]
        elsewhere = [ln for ln in lines if ln.page == other.page and ln is not other and ln not in under]
        if not any(digits in re.sub(r"\D", "", ln.text) for ln in elsewhere):
            return True
    return False


#: An IBAN (or its label) printed near a holder's label: the lines are the bank details.
_IBAN_NEAR = compiled(r"\biban\b|\b[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){3,}")
#: A copyright line's owner (« © 2025 Walsh Ltd. All rights reserved », « Copyright © 2024–2025 Kerlan S.r.l. »).
_COPYRIGHT = compiled(r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\s*,?\s*)?", re.I)
#: The score of a copyright line's owner that is not sure (a brand, maybe a program's publisher): a name among others.
COPYRIGHT_SCORE = 0.5


def payee_names(lines: list[Line], own: str | None = None) -> list[Cand]:
    """The names the payment details and the copyright line give as the page's owner: a bank account's holder after its
    label (« Account name: Walsh Ltd », « Kontoinhaber  Wagner KG ») with an IBAN near, the owner of « © 2025 Walsh Ltd ».

    The seller is paid into its own account; a direct debit's account (« Compte débité », « Lastschrift ») is the
    buyer's. A copyright line names the company that owns the document; it says the registered name when it prints a
    legal form, and only then is it sure (a brand's « © Nexora » is no legal name).
    """
    out = []
    for index, line in enumerate(lines):
        # the bank details' block around the label: an IBAN in it, no direct debit's word (its heading, its mandate)
        near = " ".join(ln.norm for ln in lines[max(0, index - 3):index + 4] if ln.page == line.page)
        if L.ACCOUNT_HOLDER.search(line.norm) and _IBAN_NEAR.search(near) and not L.DIRECT_DEBIT.search(near):
            for cell_index, cell in enumerate(cell_list := cells(line)):
                norm = " ".join(fold(w.text) for w in cell)
                match = next((m for _rank, p in L.ACCOUNT_HOLDER if (m := p.compiled.match(norm))), None)
                if match is None:
                    continue
                rest = cell[len(norm[:match.end()].split()):]
                if rest and rest[0].text in (":", "-", "–"):
                    rest = rest[1:]
                alone = not rest
                if not rest and cell_index + 1 < len(cell_list):
                    rest = cell_list[cell_index + 1]  # the label in its cell, the name in the next (« Kontoinhaber  Wagner KG »)
                text = " ".join(w.text for w in rest).lstrip(": ")
                beyond = cell_list[cell_index + 2] if alone and cell_index + 2 < len(cell_list) else []
                if rest and _MEANS_WORD.search(fold(" ".join(w.text for w in [*rest, *beyond]))):
                    rest = []  # « Bénéficiaire  MOYEN DE PAIEMENT : VIREMENT »: the payment's means beside the heading
                    # (its colon lost by OCR, the means in a cell of its own: the cell is its label)
                if alone and not (rest and name_like(text)):
                    under = _labelled_under(lines, index, cell, own)
                    if under is not None:
                        out.append(under)
                    continue
                if not rest or not name_like(text) or _CIVILITY.match(fold(text)) or (own and fold(text) in own):
                    continue
                start = line.spans[line.words.index(rest[0])][0]
                stop = line.spans[line.words.index(rest[-1])][1]
                out.append(Cand(without_full_stop(text), line, start, stop, PHRASE_SCORE, "titulaire du compte", rest))
        for match in _COPYRIGHT.finditer(line.text):
            if match.group().lower().startswith("(c)") and not re.search(r"\d{4}", match.group()):
                continue  # a list's item « (c) », no copyright without its year
            tail = line.text[match.end():]
            form = re.search(L.LEGAL_FORMS, fold(tail))
            if form is not None and not re.search(rf"{_SEPARATORS}|\.\s", tail[:form.start()]):
                name = tail[:form.end()].strip()  # the name ends with its legal form (« GmbH & Co. KG », « S.r.l. »)
            else:  # up to a sentence's full stop, a separator or a column gap
                name = re.split(r"\.\s|\s[-–·|•]\s|,\s|\s{2}|\.$", tail)[0].strip()
            name = without_full_stop(name) if re.search(L.LEGAL_FORMS, fold(name)) else name.rstrip(".")
            if not name[:1].isupper() or not name_like(name) or len(name.split()) > 8 or (own and fold(name) in own):
                continue
            start = match.end() + tail.index(name)
            sure = re.search(L.LEGAL_FORMS, fold(name)) is not None
            out.append(Cand(name, line, start, start + len(name), PHRASE_SCORE if sure else COPYRIGHT_SCORE,
                            "copyright" if sure else "copyright (marque)", line.words_in(start, start + len(name))))
    return out


def _copyright_owner(lines: list[Line], groups: list[list[Cand]], payees: list[Cand], footers: list[Cand]) -> None:
    """A « © » line's owner with a legal form is sure (:func:`payee_names`) only when the page names it elsewhere (the
    footer's legal mentions give the same name, an e-mail or web domain printed on another line spells it) or when no
    other rule names anyone: else it may be the invoicing program's publisher (« Logiciel de facturation © 2024 Sage
    SAS », « Erstellt mit … © Haufe-Lexware GmbH & Co. KG »), as likely as a brand."""
    owners = [c for c in payees if c.label == "copyright"]
    if not owners:
        return
    footer = {name_key(c.value) for c in footers}
    others = any(c not in owners for group in groups for c in group)
    for cand in owners:
        if others and name_key(cand.value) not in footer \
                and not _named_by_domain(cand.value, _domains([ln for ln in lines if ln is not cand.line])):
            cand.score, cand.label = COPYRIGHT_SCORE, "copyright (éditeur ?)"



#: The score of a legal name a trading-name statement or a legal name's label gives (« … is a trading name of Walsh Ltd »,
#: « Razón social: Walsh S.L. »): the page says in words which of its names is the registered one.
TRADING_SCORE = 0.97


def trading_names(lines: list[Line], own: str | None = None) -> tuple[list[Cand], set[str]]:
    """The seller's legal names the page tells from its trading names, and the trading names' keys.

    BT-27 is « the full formal name by which the Seller is registered »; a trading name is BT-28. A statement tells
    them apart: the owner after « Nexora is a trading name of Walsh Ltd », « … es una marca de … », « … ist eine Marke
    der … »; the legal name before « Walsh Ltd t/a Nexora », « trading as »; the value of a legal name's label
    (« Razón social: », « Registered name: ») against a trading name's (« Nombre comercial: », « Trading name: »).
    """
    legal, brands = [], set()
    for line in lines:
        for cell in cells(line):
            first = next(k for k, w in enumerate(line.words) if w is cell[0])
            begin, stop = line.spans[first][0], line.spans[first + len(cell) - 1][1]
            norm, text = line.norm[begin:stop], line.text[begin:stop]
            found, labelled = [], False
            if (match := L.TRADING_OWNER.search(norm)) is not None:
                found = [(text[match.end():], match.end(), "after"), (text[:match.start()], 0, "brand")]
            elif (match := L.TRADING_AS.search(norm)) is not None:
                found = [(text[:match.start()], 0, "before"), (text[match.end():], match.end(), "brand")]
            elif (match := L.LEGAL_NAME.search(norm)) is not None and norm[match.end():].lstrip().startswith(":"):
                found, labelled = [(text[match.end():], match.end(), "after")], True
            elif (match := L.TRADING_NAME.search(norm)) is not None and norm[match.end():].lstrip().startswith(":"):
                found, labelled = [(text[match.end():], match.end(), "brand")], True
            for part, offset, kind in found:
                name = _owned_name(part, from_end=kind == "before")
                if name is None:
                    continue
                if kind == "brand":
                    brands.add(name_key(name))
                    continue
                start = begin + offset + part.index(name)
                cand = Cand(name, line, start, start + len(name), TRADING_SCORE, "raison sociale",
                            line.words_in(start, start + len(name)))
                # a label may stand in the buyer's block too; a trading-name statement is always the issuer's
                if cand.words and not (labelled and role(cand, lines) == "buyer") and not (own and fold(name) in own):
                    _wrapped_on(lines, cand, cell[0].box[0])
                    legal.append(cand)
    return legal, brands - {name_key(c.value) for c in legal}


def _wrapped_on(lines: list[Line], cand: Cand, x0: float) -> None:
    """Add to ``cand`` the end of its name a narrow cell wrapped under it (« Druckerei Wagner UG » / « (haftungs-
    beschränkt) »): the next line's cell at its cell's left edge ``x0``, when it ends the name (:func:`~blocks.name_goes_on`)."""
    from guichet.plugins.fields_rules.blocks import _cell_at, name_goes_on

    index = lines.index(cand.line)
    below = lines[index + 1] if index + 1 < len(lines) and lines[index + 1].page == cand.line.page else None
    under = _cell_at(below, x0) if below is not None else None
    if not under:
        return
    joined = f"{cand.value} {' '.join(w.text for w in under)}"
    # a legal form that begins on the name's line and ends on the next (« UG » / « (haftungsbeschränkt) »)
    forms = list(re.finditer(L.LEGAL_FORMS, fold(joined)))
    if name_goes_on(cand.words, under) or (forms and forms[-1].start() < len(cand.value) < forms[-1].end()
                                           and not fold(joined)[forms[-1].end():].strip(" .)")):
        cand.value, cand.words = joined, cand.words + under


def form_as_read(lines: list[Line], cand: Cand | None) -> None:
    """OCR: the legal form ending the party's name ``cand`` as OCR misread it, spelt again (« Luc Ménard El » → « … EI »,
    « Rossi Sri » → « … Srl »: :func:`~.ocr_noise.legal_form_read`). Only in a party's name: elsewhere the same
    glyphs are words (« Apple Pie » is no « Apple PLC »), so the lines keep what OCR read (the coding screen shows it)."""
    if cand is None or not cand.words or cand.words[-1].confidence >= 1.0 or len(cand.words) < 2:
        return
    last = cand.words[-1]
    for line in (cand.line, *lines):
        index = next((i for i, word in enumerate(line.words) if word is last), None)
        if index is not None:
            # the next word of its cell (None: a column break or the line's end comes first)
            after = line.words[index + 1].text if index + 1 < len(line.words) \
                and line.text[line.spans[index][1]:line.spans[index + 1][0]] == " " else None
            shown = legal_form_read(cand.words[-2].text, last.text, after)
            if shown != last.text and cand.value.endswith(last.text):
                cand.value = cand.value[:-len(last.text)] + shown
            return


def _form_wrapped(lines: list[Line], cand: Cand) -> None:
    """Give ``cand`` the end of its legal form a narrow column wrapped onto the next line (« Druckerei Wagner UG » /
    « (haftungsbeschränkt) », « Wagner GmbH & Co. » / « KG »): its cell's text from the name on, then the next line's
    cell at the same left edge, when a legal form begins on the name's line, ends on the next and closes the name."""
    from guichet.plugins.fields_rules.blocks import _cell_at

    if not cand.words or cand.line not in lines:
        return
    start = lines.index(cand.line)
    # the line of the name's last word: a name the block already joined over two lines ends on the second
    last = next((ln for ln in lines[start:start + 3] if cand.words[-1] in ln.words), None)
    if last is None:
        return
    cell = next((c for c in cells(last) if cand.words[-1] in c), None)
    if cell is None:
        return
    index = lines.index(last)
    # the next line with a cell in this column (a line of another column, a page number, may come between)
    under = next((found for ln in lines[index + 1:index + 3] if ln.page == last.page and ln.top - last.top < 0.03
                  for found in [_cell_at(ln, cell[0].box[0])] if found), None)
    first = next(w for w in cand.words if w in cell)
    own = [w for w in cand.words if w not in cell] + cell[cell.index(first):]
    following = lines[index + 1] if index + 1 < len(lines) and lines[index + 1].page == last.page else None
    if under is None and following is not None and cell[-1] is cand.words[-1] and following.top - last.top < 0.03:
        # a paragraph of mentions wrapped inside the legal form: its end opens the next line, up to a separator
        # (« … – Wagner Dachdeckerei UG » / « (haftungsbeschränkt) – Handelsregister … »)
        end = re.search(_SEPARATORS, following.text)
        under = following.words_in(0, end.start() if end else len(following.text)) or None
    text = " ".join(w.text for w in own)
    if not under or not fold(text).startswith(fold(str(cand.value)).rstrip(".")) or len(text) > len(str(cand.value)) + 8:
        return
    stop = re.search(r"\s[-–|•●·]\s|,\s", " ".join(w.text for w in under))  # the mentions that go on after the form
    if stop is not None:
        under = under[:len(" ".join(w.text for w in under)[:stop.start()].split())]
    joined = f"{text} {' '.join(w.text for w in under)}"
    forms = list(re.finditer(L.LEGAL_FORMS, fold(joined)))
    if forms and forms[-1].start() < len(text) < forms[-1].end() and not fold(joined)[forms[-1].end():].strip(" .)"):
        cand.value, cand.words = joined, own + under


def _owned_name(part: str, *, from_end: bool) -> str | None:
    """The name in ``part`` next to a trading-name statement: its words up to a separator, an opening bracket or a
    sentence's end (after the statement), or from the last separator on (before it), up to a legal form's end."""
    # an opening bracket ends the name, but for a legal form's own (« UG (haftungsbeschränkt) »)
    pieces = [p for p in re.split(rf"{_SEPARATORS}|:\s|\((?![^()]*\)\s*$)(?![Hh]aftungsbeschr)", part) if p.strip()]
    if not pieces:
        return None
    name = (pieces[-1] if from_end else pieces[0]).strip(" :;,")
    if name.count("(") != name.count(")"):
        name = name.strip("()")
    if (form := re.search(L.LEGAL_FORMS, fold(name))) is not None and not from_end:
        name = name[:form.end()].rstrip(" ,")
    name = without_full_stop(name)
    if re.search(r"[\d@]", name) or len(name.split()) > 8 or not name_like(name):
        return None
    return name


def without_full_stop(text: str) -> str:
    """``text`` without a sentence's full stop, a dotted legal form's kept (« S.A. », « Inc. »)."""
    if text.endswith(".") and not re.search(r"(?:^|\s)(?:\w{1,3}\.){2,}$|\s\w{1,4}\.$", text):
        return text[:-1]
    return text


def _phrase_at_start(norm: str) -> re.Match[str] | None:
    """A seller phrase that opens the cell's folded text (« recu de », « sold by »)."""
    for _rank, pattern in L.SELLER_PHRASE:
        match = pattern.compiled.match(norm)
        if match is not None:
            return match
    return None


def _after_heading(line: Line, cell: list) -> Cand | None:
    """The name that follows a seller heading and its colon in the same cell (« From: Das Company »)."""
    for i, word in enumerate(cell[:-1]):
        if word.text.endswith(":") and _SELLER_HEADING.match(fold(" ".join(w.text for w in cell[:i + 1]))):
            rest = cell[i + 1:]
            text = " ".join(w.text for w in rest)
            if not name_like(text):
                return None
            index = next(k for k, w in enumerate(line.words) if w is rest[0])
            start, end = line.spans[index][0], line.spans[index + len(rest) - 1][1]
            return Cand(text, line, start, end, 0.95, " ".join(w.text for w in cell[:i + 1]), rest)
    return None


def _letterhead(lines: list[Line], own: str | None) -> list[Cand]:
    """Cells of the lines at the top of page 1, scored by their type size (the letterhead is the largest)."""
    if not any(L.TITLE_WORDS.search(line.norm) for line in lines):
        return []  # only on a page that calls itself an invoice or a credit note
    table = next((ln for ln in lines if L.TABLE_DESCRIPTION.search(ln.norm) and L.TABLE_AMOUNT.search(ln.norm)), None)
    top = [ln for ln in lines if ln.page == 1 and ln.top < 0.3 and (table is None or ln.index < table.index
                                                                    or ln.page != table.page)
           and not (L.TABLE_DESCRIPTION.search(ln.norm) and L.TABLE_AMOUNT.search(ln.norm))]
    cells = []
    for line in top:
        if any(_LETTER_PLACE.match(line.norm[:d.start]) for d in dates(line)):
            continue  # a letter's place and date (« Issy les Moulineaux, le 31 octobre 2017 »): the town is no name
        start = 0
        for part in re.split(f"({_SEPARATORS})", line.text):
            end = start + len(part)
            rest = line.text[end:].lstrip()
            after_postcode = re.search(r"\b\d{4,5}\s*$", line.text[:start])  # "64962  München": a city
            if (part.strip() and not re.fullmatch(_SEPARATORS, part) and name_like(part) and not rest.startswith(":")
                    and not after_postcode
                    and not _ID_LABEL.search(fold(part)) and not (own and fold(part) in own)):
                words = line.words_in(start, end)
                if words and min(w.confidence for w in words) >= SURE_WORD and not re.search(L.LEGAL_FORMS, fold(part)) \
                        and _labels_a_value(lines, line, end, words):
                    words = []  # a label over or before its value ("Date de création  16 août 2020")
                if words and min(w.confidence for w in words) >= SURE_WORD:
                    cells.append((line, start, end, part.strip(), words))
            start = end
    if not cells:
        return []
    tallest = max(type_height(words) for *_rest, words in cells)
    out = []
    for line, start, end, text, words in cells:
        cand = Cand(text, line, start, end, 0.0, "en-tête", words)
        if role(cand, lines) == "buyer" or _under_nameless_sender(lines, line, words):
            continue
        wrapped = _wrapped_above(lines, line, words) if start == 0 or len(line.words) == len(words) else None
        if wrapped:
            cand.value, cand.words = f"{wrapped[0]} {text}", wrapped[1] + words
        ratio = type_height(words) / tallest
        cand.score = 0.3 + 0.3 * ratio ** 2 + (0.1 if _first_lines(lines, cand.words[0]) else 0)
        out.append(cand)
    return out


def _under_nameless_sender(lines: list[Line], line: Line, words: list) -> bool:
    """True when the cell ``words`` heads an address block that prints no name (its street right under it, in its
    column) and comes under another nameless address (street, postcode and town, then only its phone and web lines: a
    letterhead whose name is a logo's image): a letterhead's name heads its own address; a name under the sender's
    address, over another one, is the recipient's."""
    from guichet.plugins.fields_rules.blocks import _name_of, address_blocks

    at, x0 = lines.index(line), words[0].box[0]
    blocks = [b for b in address_blocks(lines) if b.cells[0][0].page == line.page and _name_of(b) is None]
    if not any(at < b.cells[0][0].index <= at + 2 and abs(b.cells[0][1][0].box[0] - x0) <= 0.02 for b in blocks):
        return False
    for block in blocks:
        last = block.cells[-1][0]
        between = [ln for ln in lines[last.index + 1:at] if ln.page == line.page]
        if last.index < at and len(between) <= 3 and all(
                _CONTACT.search(ln.text) or re.fullmatch(r"[\d\s+().-]{6,}", ln.text.strip()) for ln in between):
            return True
    return False


#: A label and its number alone (« NIF B12345678 », « USt-IdNr. DE123456789 », « P.IVA 01234567890 »).
_LABELLED_NUMBER = compiled(r"[^\d:]{2,40}?[:\s]\s*[A-Z]{0,3}[\s.-]?\d[\d\s.A-Z-]{4,}")


def _footer_names(lines: list[Line], own: str | None) -> list[Cand]:
    """The name that opens a legal-mentions line ("ACME SARL – capital 10 000 € – RCS Lyon …")."""
    out = []
    for index, line in enumerate(lines):
        parts = re.split(_SEPARATORS, line.text)
        # A legal mention, or a one-line address that ends with its company's VAT number or SIREN (« JJAH S.r.l. ·
        # 78 Via Dante · 22343 Torino · IT79633500875 »): the identifier's owner opens it; or the one-line address
        # just over the legal mentions (« Atelier Roux - 12 rue Haute - 74000 Annecy » over « SIRET : … »).
        if not L.LEGAL_FOOTER.search(line.norm) and not (len(parts) >= 3 and company_identifier(parts[-1], line, lines)) \
                and not _address_over_mentions(lines, index, parts):
            continue
        if re.match(r"\s*[-–|•●·]\s", line.text):
            continue  # a line that goes on with the mentions of the line above ("– RCS Lyon …"): no name opens it
        first, offset = parts[0], 0
        if len(parts) >= 2 and _LABELLED_NUMBER.fullmatch(first.strip()) and L.LEGAL_FOOTER.search(fold(first)):
            # « NIF B12345678 · Reformas Ortega S.L.U. · … », « P.IVA 01234567890 – … »: the identifier opens the line
            offset = line.text.index(parts[1], len(first))
            first = parts[1]
        start = _after_label(first)  # "Siège social : ACME SAS, 12 rue …": the name after its label
        mention = L.LEGAL_FOOTER.search(fold(first[start:]))
        if mention and mention.start() > 0:  # "ACME SA au capital de 10 000 €": the name ends at the mention
            first = first[:start + mention.start()]
        first = _SENTENCE_VERB.sub("", first[start:].strip(" ,;-–")).strip(" ,;-–")  # "ACME Ltd is registered in"
        start += offset
        cut = _after_sentence(first)  # « … Pas d'escompte pour paiement anticipé. Atelier Roussel SAS, capital … »
        if cut:
            first = first[cut:]
            start = max(line.text.find(first, start), start)
        if _PERSON_TITLE.match(fold(first)) and not re.search(L.LEGAL_FORMS, fold(first)):
            continue  # « GF Paul Kraxi », « Gérant Jean Dupont »: the managing director the mentions name, no company
        if first and name_like(first) and not (own and fold(first) in own) and len(first) < 80 and first[0] != "(":
            cand = Cand(first, line, start, start + len(first), 0.5, "mentions légales",
                        line.words_in(start, start + len(first)))
            if L.BUYER_BLOCK.search(line.norm[:start]) or L.DELIVERY_BLOCK.search(line.norm[:start]):
                continue  # the customer's line of identifiers after its label (« Receptor: Bodegas Peñalba · NIF … »)
            out.append(cand)
    return out


def _address_over_mentions(lines: list[Line], index: int, parts: list[str]) -> bool:
    """True when ``lines[index]`` is a one-line address (« name - street - postcode town »: three parts or more, its
    last holding a postcode) just over a line of legal mentions in the page's lower part: the footer's first line."""
    line = lines[index]
    if len(parts) < 3 or not re.search(r"\b\d{4,5}\b", parts[-1]) or line.top < 0.75 or index + 1 >= len(lines):
        return False
    height = max((w.box[3] - w.box[1] for w in line.words), default=0.0)
    return any(below.page == line.page and 0 < below.top - line.top < 2 * height and L.LEGAL_FOOTER.search(below.norm)
               for below in lines[index + 1:index + 4])


#: The end of a sentence: a full stop after a lowercase word, then a capital (« … anticipé. Atelier »).
_SENTENCE_END = compiled(r"(?<=[a-zà-ÿ]{3}[.!?])\s+(?=[A-ZÀ-Ý0-9])")


def _after_sentence(text: str) -> int:
    """Where the text after the last sentence that opens ``text`` starts (« Pas d'escompte pour paiement anticipé.
    Atelier Roussel SAS »: the name), else 0. A sentence holds two lowercase words or more; a name's own dot (« Rossi
    srl. ») ends none."""
    cut = 0
    for end in _SENTENCE_END.finditer(text):
        if sum(1 for w in text[cut:end.start()].split() if len(w) >= 3 and w.strip(".,;:!?'’").isalpha()
               and w.islower()) >= 2:
            cut = end.end()
    return cut


#: The verb of a legal sentence after the company's name: "ACME Ltd is registered in", "ACME SARL est immatriculée".
_SENTENCE_VERB = compiled(r"\s+(?:is|are|est|ist|e|è|es)(?:\s+(?:a|an|une?|eine?|una?)(?:\s+(?:private\s+limited\s+|limited\s+)?"
                            r"(?:company|société|entreprise|gesellschaft|unternehmen|sociedad|empresa|società|impresa))?)?\s*$", re.I)


#: Labels of a person, not of the company: "Geschäftsführer: Max Muster", "Gérant : Jean Dupont".
_PERSON_LABEL = compiled(r"gerant|directeur|director|president|ceo|inhaber|geschaftsfuhr|vorstand|amministrator|administrador"
                           r"|representant|responsable|contact|owner|proprietaire|titolare")


#: A person's title opening a footer's cell, with or without its colon: the company's managing director or owner
#: (HGB § 35a and GmbHG § 35a: « Geschäftsführer », abbreviated « GF »; « Gérant », « Inhaber », « Managing Director »).
_PERSON_TITLE = compiled(r"\s*(?:gf|gesch(?:aftsfuhr(?:er|ung)(?:in)?|\.?\s*-?\s*fuhrer(?:in)?)|inhaber(?:in)?|gerante?|ceo"
                         r"|managing\s*director|directeur\s*general|president(?:e)?|vorstand)\b[.:]?\s")


def _after_label(text: str) -> int:
    """Where the text after a short label and its colon starts ("Siège social : ACME SAS"), else 0.

    Not after a legal mention's or a person's label ("Geschäftsführer: Max Muster", "RCS : …")."""
    match = re.match(r"^\s*[^\W\d][^:\d]{0,24}:\s*", text)
    if match is None or len(text) <= match.end():
        return 0
    label = fold(match.group())
    return 0 if L.LEGAL_FOOTER.search(label) or _PERSON_LABEL.search(label) else match.end()


#: A registration number or a VAT number after a legal mention: the footer identifies its company.
_REGISTRATION = compiled(r"\d(?:[ .]?\d){4,}|\b[A-Z]{2}[ .]?\d[0-9A-Z .]{7,14}")


def _identified(lines: list[Line], cand: Cand) -> bool:
    """True for a footer name followed, on its line or the next, by a registration or VAT number.

    "Nexora SA au capital de … – RCS Quimper B 478 028 939 – N° TVA FR…": the company whose
    identifiers the legal mentions print is the one that issued the page (a window address at the
    top of a utility bill is its customer's).
    """
    rest = cand.line.text[cand.end:] + " " + cand.line.text[:cand.start]  # the number may open the line, before the name
    index = lines.index(cand.line)
    if index + 1 < len(lines) and lines[index + 1].page == cand.line.page and lines[index + 1].top - cand.line.top < 0.03:
        rest += " " + lines[index + 1].text  # a footer wrapped over two lines
    return bool(_REGISTRATION.search(rest)) and not _template_ids(lines, rest)


def _french_ids(text: str) -> list[tuple[str, str, bool]]:
    """The French SIRENs ``text`` prints, after their registration's mention or inside a French VAT number: (kind
    « siren » or « vat », SIREN, whether its number passes its key: the SIREN's Luhn, the VAT number's key)."""
    out = []
    for match in FRENCH_REGISTRATION.finditer(fold(text)):
        if match.group("siren"):
            siren = match.group("siren").replace(" ", "")
            out.append(("siren", siren, ids.valid_siren(siren) is not None))
        else:
            siren = match.group("vat").replace(" ", "")
            out.append(("vat", siren, ids.valid_fr_vat("FR" + match.group("key") + siren) is not None))
    return out


def _placeholder(number: str) -> bool:
    """True for a number no register gives: one digit repeated (« 000 000 000 ») or a run of consecutive digits
    (« 123 456 789 », « 987 654 321 »): a sample's or a template's."""
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(number)}
    return len(steps) == 1 and steps <= {0, 1, 9}


def _template_ids(lines: list[Line], text: str) -> bool:
    """True when the legal mentions ``text`` print a template's French identifiers, not a company's: none passes its key
    and, as positive sign of a placeholder, one is a run or a repeated digit (« RCS MAVILLE 123 456 789 »), or a SIREN
    and a VAT number both fail while the page prints its own valid ones, other. A lone SIREN failing its key is one
    misprinted or misread digit (a scan's 0 read 8): the footer still names its company."""
    found = _french_ids(text)
    if not found or any(valid for _kind, _siren, valid in found):
        return False
    if any(_placeholder(siren) for _kind, siren, _valid in found):
        return True
    if {kind for kind, _siren, _valid in found} != {"siren", "vat"}:
        return False
    own = {siren for line in lines for _kind, siren, valid in _french_ids(line.text) if valid}
    return bool(own) and not own & {siren for _kind, siren, _valid in found}


def _registry_towns(lines: list[Line]) -> set[str]:
    """Towns named by the registration mentions ("RCS Lyon", "Amtsgericht Köln", "REA Milano"), folded."""
    towns = set()
    for line in lines:
        for _rank, match in label_hits(line, L.REGISTRY_CITY):
            for word in re.findall(r"[a-z][a-z'-]+", line.norm[match.end():match.end() + 30])[:2]:
                if len(word) >= 3 and word not in ("sous", "the", "and", "numero", "der", "von"):
                    towns.add(word)
                    break
    return towns


#: A letter's place before its date: "À Toulouse, le", "Köln, den", "Milano, lì" (folded).
_LETTER_PLACE = compiled(r"^\s*(?:fait\s*a\s*|a\s+|en\s+)?([a-z][a-z' -]{1,30}?),\s*(?:le|den|am|li|a|el)?\s*$")


def _letter_town(lines: list[Line]) -> str | None:
    """The town a letter is written from (its date line): where the sender is, folded."""
    for line in lines:
        if line.page != 1:
            break
        for cand in dates(line):
            match = _LETTER_PLACE.match(line.norm[:cand.start])
            if match and not line.norm[cand.end:].strip(" ."):
                return match.group(1).strip()
    return None


def _block_town(lines: list[Line], cand: Cand) -> str | None:
    """The town of the postcode line in the candidate's address block (folded), if it has one."""
    match = re.search(r"\b\d{4,5}\s+([a-z][a-z' -]{1,30})", _block_text(lines, cand))
    return match.group(1).strip() if match else None


def _block_text(lines: list[Line], cand: Cand, depth: int = 3) -> str:
    """The candidate's line after it and the lines under it in its column: its address block, folded."""
    words = cand.words or cand.line.words_in(cand.start, cand.end)
    if not words:
        return ""
    x0, x1 = words[0].box[0] - 0.02, max(w.box[2] for w in words) + 0.1
    index = lines.index(cand.line)
    parts = [cand.line.norm[cand.end:]]
    for other in lines[index + 1:index + 1 + depth]:
        if other.page != cand.line.page:
            break
        parts.append(" ".join(fold(w.text) for w in other.words if w.box[0] < x1 and w.box[2] > x0))
    return " ".join(parts)


def _after_sender_line(lines: list[Line], cand: Cand) -> bool:
    """True under a window envelope's sender line ("Name · street · 12345 Town"): the recipient's block."""
    from guichet.plugins.fields_rules.blocks import _LONE_TO

    index = lines.index(cand.line)
    above = lines[index - 1] if index else None
    if above is not None and index >= 2 and _LONE_TO.match(above.norm):
        above = lines[index - 2]  # "Herrn" / "Firma" on its own line between the sender line and the name
    if above is None or above.page != cand.line.page:
        return False
    words = cand.words or cand.line.words_in(cand.start, cand.end)
    start = next((i for i, w in enumerate(above.words) if words and abs(w.box[0] - words[0].box[0]) < 0.05), None)
    if start is None:
        return False
    text = above.text[above.spans[start][0]:]
    if all(w.confidence >= 1.0 for w in above.words):  # OCR's dash dropped as a rule leaves a column break in the line
        text = text.split("  ")[0]  # the sender line's own cell, from the column's left
    return len(sender_parts(text, above.words[start:])) >= 3 and bool(re.search(r"\b\d{4,5}\b", text))


#: An e-mail address's or a website's domain (« billing@tellis.example », « www.tellis-software.fr »).
_DOMAIN = compiled(r"(?:@|\bwww\.|https?://)([a-z0-9][a-z0-9-]{2,40})\.", re.I)
#: Domains of mail providers and payment processors: they name no seller.
_COMMON_DOMAINS = compiled(r"gmail|yahoo|hotmail|outlook|orange|free|wanadoo|laposte|sfr|icloud|gmx|web|t-online|libero"
                             r"|stripe|paypal|paddle|mail")


def _domains(lines: list[Line]) -> set[str]:
    """The domains the page prints (letters and digits only), but for mail providers' and payment processors'."""
    return {re.sub(r"[^a-z0-9]", "", m.group(1).lower()) for line in lines if _may_print_domain(line.text)
            for m in _DOMAIN.finditer(line.text) if not _COMMON_DOMAINS.fullmatch(m.group(1).lower())}


def _may_print_domain(text: str) -> bool:
    """False when ``text`` holds none of the marks :data:`_DOMAIN` needs (« @ », « :// », « www. »): its search, case
    aside, is slow on every line."""
    return "@" in text or "://" in text or "www." in text.lower()


def _named_by_domain(name: str, domains: set[str]) -> bool:
    """True when a domain is the name's first word of four letters or more, or the name's letters whole."""
    key, words = name_key(name), name.split()
    first = re.sub(r"[^a-z0-9]", "", fold(words[0])) if words else ""
    return any(domain == key or (len(first) >= 4 and domain.startswith(first)) for domain in domains)


#: "Ltd" whose t OCR read as i, l or 1, ending a name.
_OCR_LTD = compiled(r"(?<=\s)L[il1]d\.?$")
#: A dotted legal form whose l OCR read as 1 ("S.r.1.", "S.1.").
_OCR_FORM_ONE = compiled(r"(?<![\w.])(?:[A-Za-z]\.){1,2}1\.?(?!\w)")


def _trim(cand: Cand) -> None:
    """Drop a title word or a logo's initials printed after the name on its line ("Süd Holzbau RECHNUNG"), a
    seller phrase before it (« Receipt from »), and the sender's « From / Von / De » word before it (see
    :func:`~blocks.addressing_word`)."""
    from guichet.plugins.fields_rules.blocks import FROM_WORD, addressing_word

    if addressing_word(cand.line, cand.words, FROM_WORD) and cand.value.startswith(cand.words[0].text + " "):
        cand.value, cand.words = cand.value[len(cand.words[0].text) + 1:], cand.words[1:]
    cand.value = _OCR_FORM_ONE.sub(lambda m: m.group().replace("1", "l"), cand.value)  # "S.r.1." read for "S.r.l."
    if cand.words and min(w.confidence for w in cand.words) < 1.0:
        cand.value = _OCR_LTD.sub("Ltd", cand.value)  # "Lid" read for "Ltd" at the end of an OCR-read name
    phrase = _phrase_at_start(fold(cand.value))
    if phrase is not None:  # « Receipt from Tellis Ltd » read whole from its line: the name after the phrase
        skip = len(fold(cand.value)[:phrase.end()].split())
        parts = cand.value.split()
        if len(parts) > skip:
            if len(cand.words) == len(parts):
                cand.words = cand.words[skip:]
            cand.value = " ".join(parts[skip:]).lstrip(": ")
    head, _, last = cand.value.rpartition(" ")
    if not head or len(cand.words) < 2:
        return
    if cand.words[-1].confidence < SURE_WORD and cand.words[-1].text == last:
        cand.value, cand.words = head, cand.words[:-1]  # a speck OCR read after the name ("UG ee")
    elif L.TITLE_WORDS.search(fold(last)) and fold(last).strip(".:") == L.TITLE_WORDS.search(fold(last)).group().strip():
        cand.value, cand.words = head.rstrip(" -–,"), cand.words[:-1]
    elif 2 <= len(last) <= 4 and last.isupper() and _initials(head).startswith(fold(last)) and cand.words[-1].text == last:
        cand.value, cand.words = head, cand.words[:-1]


def _initials(text: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", fold(text)) if w[:1].isalpha())


def _is_initials_of(short: str, name: str) -> bool:
    """True when ``short`` is a logo's initials of ``name`` ("ML" over "Maison Lefèvre")."""
    short = short.strip()
    return 2 <= len(short) <= 4 and short.isupper() and " " not in short and _initials(name).startswith(fold(short))


def _without_logo(cand: Cand) -> None:
    """Drop a logo's initials printed before the name they abbreviate ("ML Maison Lefèvre")."""
    first, _, rest = cand.value.partition(" ")
    if len(cand.words) < 2 or cand.words[0].text != first:
        return
    logo, name = cand.words[0], cand.words[1:]
    apart = (abs(type_height([logo]) - type_height(name)) > 0.2 * type_height(name)
             or name[0].box[0] - logo.box[2] > 1.5 * type_height(name))  # another type, or set apart
    if 2 <= len(first) <= 4 and first.isupper() and apart and _initials(rest).startswith(fold(first)):
        cand.value, cand.words = rest, name


def _unlabelled_blocks(blocks: list) -> list[tuple[Line, str, list]]:
    """The named address blocks of page 1 that no heading opens: (name's line, name, words), from the top."""
    from guichet.plugins.fields_rules.blocks import _HEADING_CELL, _name_of

    out = []
    for block in blocks:
        named = _name_of(block)
        first = fold(block.texts()[0])
        if named is None or block.page != 1 or _HEADING_CELL.match(first) or L.SELLER_BLOCK.search(first) \
                or L.DELIVERY_BLOCK.search(first):
            continue
        text, line, words = named
        out.append((line, text, words))
    return sorted(out, key=lambda item: item[0].top)


def _under_stacked_headings(blocks: list, own: str | None) -> list[Cand]:
    """The name of a page-1 block whose name line holds a seller's word under the seller's heading (« SELLER TRADE
    NAME » / « LE FOURNISSEUR » / street): the first line under a seller's heading, as :func:`_labelled_names` reads
    it under a heading alone (which reads no name holding a heading's word)."""
    from guichet.plugins.fields_rules.blocks import _name_of

    out = []
    for block in blocks:
        named = _name_of(block)
        if named is None or block.page != 1 or not L.SELLER_BLOCK.search(fold(named[0])):
            continue
        text, line, words = named
        # its heading's word makes it no ``name_like`` text: letters, no digit, no colon
        if len(re.findall(r"[a-z]", fold(text))) >= 3 and not re.search(r"\d|:", text) and not (own and fold(text) in own):
            start = line.text.find(text)
            out.append(Cand(text, line, max(start, 0), max(start, 0) + len(text), 0.9, block.texts()[0], words))
    return out


def _block_names(lines: list[Line], own: str | None, blocks: list[tuple[Line, str, list]],
                 buyer: Cand | None) -> list[Cand]:
    """The name of a postal address block of page 1 that no buyer heading opens (``buyer``, the name under one): the
    other party's block."""
    buyer_key = name_key(str(buyer.value)) if buyer is not None else None
    out = []
    for line, text, words in blocks:
        if not name_like(text) or name_key(text) == buyer_key or (own and fold(text) in own):
            continue
        cand = Cand(text, line, 0, 0, 0.42 + (0.08 if line.top < 0.4 else 0), "bloc adresse", words)
        if role(cand, lines) != "buyer":
            out.append(cand)
    return out


#: A civility before a person's name (after a letter's « À / To / An » word, if any): how a letter addresses its
#: recipient, not how a business names itself.
_CIVILITY = compiled(r"^\s*(?:(?:a|to|an|para|per)\s+)?(?:m\.|mme\b|mlle\b|monsieur\b|madame\b|mr\.?\s|mrs\.?\s|ms\.?\s|miss\b|herrn?\b|frau\b|"
                       r"sr\.?\s|sra\.?\s|srta\.?\s|don\b|dona\b|sig\.?\s|sig\.?\s*ra\b|signor[ae]?\b|dott\.?(?:ssa)?\s|egr\.?\s|gent\.?\s)")


def civility(norm: str) -> bool:
    """True when a folded line is a person's name after its civility (« m. jean dupont », « frau anna weber »)."""
    match = _CIVILITY.match(norm)
    return match is not None and re.search(r"[a-z]{2}", norm[match.end():]) is not None


#: The words a block heading holds at most: a longer line is a sentence or a row, no heading.
_HEADING_WORDS = 6


def _factor_named(lines: list[Line], cand: Cand) -> bool:
    """True when ``cand`` is the factor an invoice sold to it names as its payee (BT-59), not the seller: a name that is
    only the factor's role (« AFFACTUREUR », « FACTOR »), a name on a line whose other words say the invoice is
    factored (« … à l'ordre de X, qui le reçoit par subrogation », « an die X abgetreten »), a name such a line names
    (the account's holder under the clause; not the letterhead's nor the legal mentions' name, :func:`_issuer_place`),
    or a name in a block headed by such words
    (« Bénéficiaire - AFFACTUREUR » / « NOM : X »). The seller's own name holding the word (a factoring company's
    invoice: « X Factoring GmbH ») is not the factor's."""
    words = [w for w in re.split(r"[^a-z0-9]+", fold(str(cand.value))) if w]
    if words and all(L.FACTORING.search(w) for w in words):
        return True
    line = cand.line
    outside = fold(line.text[:cand.start] + " " + line.text[cand.end:]) if cand.end > cand.start else ""
    if outside and L.FACTORING.search(outside):
        return True
    if not _issuer_place(cand) and len(value := fold(str(cand.value))) >= 5:  # named in a line saying it is factored
        for other in lines:
            if other is not line and value in other.norm and L.FACTORING.search(other.norm.replace(value, " ")):
                return True
    from guichet.plugins.fields_rules.blocks import _cell_at

    at = line.index
    words = cand.words or line.words_in(cand.start, cand.end)
    for above in lines:
        if above.page == line.page and at - 4 <= above.index < at and len(above.words) <= _HEADING_WORDS \
                and L.FACTORING.search(above.norm):
            # the heading of the name's column (« Bénéficiaire - AFFACTUREUR »), not a title beside it in another
            # column (« LOGO LE FOURNISSEUR  AFFACTUREE N° … » over the seller's block)
            cell = _cell_at(above, words[0].box[0], words[-1].box[2]) if words else None
            if cell is None or L.FACTORING.search(fold(" ".join(w.text for w in cell))):
                return True
    return False


#: The top of page 1 where the letterhead stands: a name printed there is the issuer's, even when a factoring clause
#: names it too (« Vasseur SARL a cédé sa créance à … »).
_LETTERHEAD_TOP = 0.25


def _issuer_place(cand: Cand) -> bool:
    """True when ``cand`` stands where only the issuer prints its name: the letterhead (top of page 1) or a legal
    mentions line (« Vasseur SARL – capital 10 000 € – RCS Lille … »). A clause naming that name is the assignor's
    (« Vasseur SARL a cédé sa créance à Centrale Finance »), not the factor's."""
    return (cand.line.page == 1 and cand.line.top < _LETTERHEAD_TOP) or L.LEGAL_FOOTER.search(cand.line.norm) is not None


def _without_factor(lines: list[Line], groups: list[list[Cand]]) -> None:
    """The factor out of every group (:func:`_factor_named`), and its name wherever else the page prints it (the
    account's holder under the clause that names it), unless the letterhead or a legal mentions line prints that name
    (:func:`_issuer_place`)."""
    factors = {name_key(str(c.value)) for group in groups for c in group if _factor_named(lines, c)}
    factors -= {name_key(str(c.value)) for group in groups for c in group
                if _issuer_place(c) and not _factor_named(lines, c)}
    factors.discard("")
    for group in groups:
        group[:] = [c for c in group if name_key(str(c.value)) not in factors and not _factor_named(lines, c)
                    and not _factoring_sentence(str(c.value))]


def _factoring_sentence(value: str) -> bool:
    """True for a factoring clause read as a name (« Vasseur SARL a cédé sa créance à … d'affacturage. »): a value
    longer than a heading holding the clause's words. A factoring company's own name (« Nord Factoring GmbH ») is short."""
    return len(value.split()) > _HEADING_WORDS and L.FACTORING.search(fold(value)) is not None


#: How far right (page widths) of the left edge its block's lines share under it a name OCR read may start before its
#: first words are taken for lost: « Fils EURL » over « 25 impasse du Moulin » / « Tél. … » was « Lefèvre & Fils EURL ».
_LOST_START = 0.03
#: The score of a seller's name OCR read without its first words: shown to the operator, never written.
LOST_START_SCORE = 0.25


def start_lost(lines: list[Line], cand: Cand) -> bool:
    """True when OCR lost the first words of the name ``cand``: the two next lines of its block (the cells under it,
    no blank line between) start at one left edge, and the name, first in its cell, starts well right of it
    (:data:`_LOST_START`). A text layer prints its words whole; a block centred or set right starts its lines at
    different places; a name after its label (« Vendu par … ») starts where the label ends."""
    words = cand.words or cand.line.words_in(cand.start, cand.end)
    if not words or any(w.confidence >= 1.0 for w in words):
        return False
    if any(cell[0] is not words[0] and any(w is words[0] for w in cell) for cell in cells(cand.line)):
        return False  # read after a label in its cell (« Vendu par Altivéa SA », « Verkäufer: … »): nothing lost before it
    x0, x1 = words[0].box[0], words[-1].box[2]
    height = max(w.box[3] - w.box[1] for w in words)
    bottom = max(w.box[3] for w in words)
    under = block_under(lines, cand.line, lambda other: next(
        (c for c in cells(other) if c[0].box[0] < x1 and c[-1].box[2] > x0), []), bottom, height, 2.5, 7)
    starts = [cell[0].box[0] for _other, cell in islice(under, 2)]  # the cells under the name in its column
    return len(starts) == 2 and abs(starts[0] - starts[1]) < 0.005 and x0 - max(starts) > _LOST_START


#: A factoring clause's cell holds this many words at least (a heading « Bénéficiaire - AFFACTUREUR » is none).
_CLAUSE_WORDS = 4
#: The factor's name as payee (BT-59): shown to the operator only, unless a clause says the invoice is factored.
FACTOR_SHOWN = 0.25
#: The factor's name as payee when a factoring clause is on the page too: written.
FACTOR_WRITTEN = 0.7


def _factor_clauses(lines: list[Line], heading: tuple[Line, int] | None, name: Cand) -> list[str]:
    """The cells of a factoring clause (folded): words that say the invoice is factored, in a cell of
    :data:`_CLAUSE_WORDS` words at least (« … qui le reçoit par subrogation », « … an die X abgetreten », « MENTION
    SUBROGATION - CONTRAT N° 123 »), other than the factor's heading and its name."""
    out = []
    for line in lines:
        for cell in CELL.finditer(line.text):
            if (line, cell.start()) == heading or (line is name.line and cell.start() <= name.start < cell.end()):
                continue
            if len(cell.group().split()) >= _CLAUSE_WORDS and L.FACTORING.search(folded := fold(cell.group())):
                out.append(folded)
    return out


def factor_payee(lines: list[Line]) -> Cand | None:
    """The factor an invoice sold to it names as its payee (BG-10, BT-59), or None.

    Its name stands in a block of its own: under a short heading with factoring words (« Bénéficiaire -
    AFFACTUREUR » / « Nom : X »), or as a company name :func:`_factor_named` gives as the factor, on a line that is no
    sentence. The score is :data:`FACTOR_SHOWN` (shown, never written) unless the name stands under its factoring
    heading and a factoring clause (:func:`_factor_clauses`) is on the page too: then the page says who is paid, and
    the score is :data:`FACTOR_WRITTEN`. A name a clause only names may be the assignor's, the seller's own
    (« Vasseur SARL a cédé sa créance à Centrale Finance SA »): shown only."""
    found: list[Cand] = []
    headings: dict[int, tuple[Line, int]] = {}  # a name read under a heading: that heading's line and cell
    for index, line in enumerate(lines):
        for head in CELL.finditer(line.text):  # a heading's cell (« Bénéficiaire - AFFACTUREUR »), a column beside
            if len(head.group().split()) > _HEADING_WORDS or not L.FACTORING.search(fold(head.group())):
                continue
            x0, x1 = line.x_of(head.start()), line.words_in(head.start(), head.end())[-1].box[2]
            for below in lines[index + 1:index + 3]:
                cell = next((c for c in CELL.finditer(below.text) if abs(below.x_of(c.start()) - x0) < 0.03
                             or abs(below.words_in(c.start(), c.end())[-1].box[2] - x1) < 0.03), None)  # set left or right
                if below.page != line.page:
                    break
                if cell is None:
                    continue
                label = L.PAYEE_NAME_LABEL.match(fold(cell.group()))
                text = cell.group()[label.end() if label else 0:].strip(" :-,")
                if label or L.LEGAL_FORMS.search(fold(text)):
                    start = cell.start() + cell.group().find(text)
                    cand = Cand(text, below, start, start + len(text), FACTOR_SHOWN, "affactureur")
                    cand.words = below.words_in(cand.start, cand.end)
                    headings[id(cand)] = (line, head.start())
                    found.append(cand)
                    break
    for cand in _legal_form_names(lines, None):
        if len(cand.line.words) <= _HEADING_WORDS and _factor_named(lines, cand) \
                and not all(L.FACTORING.search(w) for w in re.split(r"[^a-z0-9]+", fold(cand.value)) if w) \
                and not _issuer_place(cand):  # the letterhead's, the legal mentions' name is the seller's
            if label := L.PAYEE_NAME_LABEL.match(fold(cand.value)):
                cand.value, cand.start = cand.value[label.end():], cand.start + label.end()
            cand.score = FACTOR_SHOWN
            found.append(cand)
    found = [c for c in found if len(fold(c.value)) >= 4]
    if not found:
        return None
    best = found[0]
    key = fold(best.value)
    heading = headings.get(id(best))
    clauses = _factor_clauses(lines, heading, best)
    if heading and any(L.FACTORING.search(cell.replace(key, " ")) for cell in clauses):
        best.score = FACTOR_WRITTEN  # its block headed as the factor's, and a clause on the page
    return best


def seller_name(lines: list[Line], company: Company | None, source: str) -> Cand | None:
    """The seller's name: the best-supported candidate (see the module docstring)."""
    return seller_names(lines, company, source)[0]


#: The confidence of a trading name (BT-28) told from the registered name: shown and written, never a key field.
TRADING_NAME_SCORE = 0.6
#: The label of a trading name the page calls one (« Nexora is a trading name of … », « Nombre comercial: »).
STATED_TRADING_NAME = "nom commercial déclaré"


def _trading_name(lines: list[Line], chosen: Cand | None, heads: list[tuple[Cand, float]], brands: set[str],
                  sure: bool, avoid: set[str]) -> Cand | None:
    """The seller's trading name (BT-28) beside its registered name ``chosen`` (BT-27), or None.

    EN 16931: BT-27 is « the full formal name by which the Seller is registered », BT-28 « a name by which the Seller is
    known, other than Seller name (also known as Business name) ». Only when the page tells the registered name for sure
    (``sure``: the name opening the legal mentions with a registration or VAT number, or the owner in a trading-name
    statement) with its legal form, and prints another name: the one a statement calls a trading name (``brands``), else
    the one name in the letterhead's largest type (``heads``: a letterhead cell and its type size against the largest,
    1.0 the largest) on the first lines of page 1 that has no legal form of its own (another company's name), is no
    spelling nor initials of the registered name, is no title and is not a name in ``avoid`` (the buyer's, an
    intermediary's). Two such names: none (which one is the brand?).
    """
    if chosen is None or not sure or not re.search(L.LEGAL_FORMS, fold(chosen.value)):
        return None
    key = name_key(chosen.value)
    found: dict[str, Cand] = {}
    for cand, ratio in heads:
        other = name_key(cand.value)
        if not other or other == key or other in key or key in other or other in avoid:
            continue
        if re.search(L.LEGAL_FORMS, fold(cand.value)) or L.TITLE_WORDS.search(cand.line.norm[cand.start:cand.end]):
            continue
        if _is_initials_of(cand.value, chosen.value) or len(str(cand.value).split()) > 5:
            continue
        if other in brands or (ratio >= 0.999 and cand.line.page == 1 and _first_lines(lines, cand.line)):
            found.setdefault(other, cand)
    if len(found) != 1:
        return None
    key, cand = next(iter(found.items()))
    label = STATED_TRADING_NAME if key in brands else "nom commercial"
    return Cand(cand.value, cand.line, cand.start, cand.end, TRADING_NAME_SCORE, label, cand.words)


#: Articles alone (folded): no name, whatever reads them as one (an OCR speck « LA », « LE » cut from its name's line).
_ARTICLES_ONLY = compiled(r"\W*(?:(?:le|la|les|l|un|une|the|an?|der|die|das|den|dem|des|el|los|las|il|lo|gli|i|het|de)\W*)+")


def _name_label_alone(text: str) -> bool:
    """True when ``text`` is a name's label alone (« Name », « Nom : », « Raison sociale »: a form's label cell whose
    value OCR lost), no name."""
    from guichet.plugins.fields_rules.blocks import name_label_alone

    return name_label_alone(text)


def _named_elsewhere_in_form(lines: list[Line], chosen: Cand) -> bool:
    """True when the page prints its seller as a form (a seller's heading alone on its line, then within four lines a
    row whose first cell is a name's label: « Verkäufer » / « Name:  Lieferant GmbH ») and the name chosen is not on
    that row: the form names the seller there (OCR may have lost its value), a name read elsewhere is not it."""
    row = _seller_form_row(lines)
    return row is not None and row is not chosen.line


def _seller_form_row(lines: list[Line]) -> Line | None:
    """The row of a seller's form whose first cell is a name's label (see :func:`_named_elsewhere_in_form`), or None."""
    from guichet.plugins.fields_rules.blocks import _HEADING_CELL, cells

    for index, line in enumerate(lines):
        row = cells(line)
        norm = fold(line.text)
        if len(row) != 1 or ":" in norm or not L.SELLER_BLOCK.search(norm) or _HEADING_CELL.match(norm):
            continue
        for other in lines[index + 1:index + 5]:
            first = cells(other)[0] if other.page == line.page and other.words else None
            if first is not None and len(cells(other)) >= 2 and _name_label_alone(" ".join(w.text for w in first)):
                return other
    return None


def seller_names(lines: list[Line], company: Company | None, source: str) -> tuple[Cand | None, Cand | None]:
    """The seller's name (:func:`seller_name`) and its trading name (BT-28, :func:`_trading_name`)."""
    from guichet.plugins.fields_rules.blocks import _name_of, address_blocks, buyer_by_identifier, buyer_id_block, \
        buyer_under_heading

    own = fold(company.name) if company else None
    every_block = address_blocks(lines)
    blocks = _unlabelled_blocks(every_block)
    heading_buyer = buyer_under_heading(lines)
    # Each group bound to its name (the filters below change the lists in place, never replace them).
    labelled_names, heads, footers = _labelled_names(lines, own), _letterhead(lines, own), _footer_names(lines, own)
    phrases = phrase_names(lines, own)
    groups = [labelled_names, _legal_form_names(lines, own), heads, footers,
              _block_names(lines, own, blocks, heading_buyer), _sender_line_names(lines, own), phrases]
    legal_names, trading = trading_names(lines, own)
    groups.append(legal_names)
    head_sizes = _letterhead_sizes(heads)
    # The buyer the page labels is no payee: an account's holder of that name is the customer's (a refund, a debit
    # whose words the block does not print), never the seller's.
    read_buyer = heading_buyer or buyer_by_identifier(lines)
    read_key = name_key(str(read_buyer.value)) if read_buyer is not None else None
    payees = [c for c in payee_names(lines, own) if not read_key or name_key(c.value) != read_key]
    stacked = _under_stacked_headings(every_block, own)
    groups += [payees, stacked]
    _copyright_owner(lines, groups, payees, footers)
    _without_factor(lines, groups)
    # The street line of an address block is no name, nor the end of one ("Parc d'activités du Moulin, bât. 3").
    streets = {id(w) for block in every_block if block.street for w in block.cells[block.street_at][1]}
    for group in groups:
        group[:] = [c for c in group if not any(id(w) in streets for w in c.words) and not _name_label_alone(str(c.value))]
    # The block over a VAT number labelled as the customer's ("P.IVA cliente : IT…") is the buyer's.
    buyer_block = buyer_id_block(lines, every_block)
    buyer_named = _name_of(buyer_block) if buyer_block is not None else None
    buyer_key = name_key(buyer_named[0]) if buyer_named else None
    # Two address blocks and no heading to tell them: a letter's sender is written first, at the top of
    # the page; the recipient's block comes under it (in its window, with the date line).
    first_key = name_key(blocks[0][1]) if len(blocks) >= 2 and blocks[0][0].index < blocks[1][0].index else None
    cands = [c for group in groups for c in group]
    for cand in cands:
        _without_logo(cand)
        _trim(cand)
        _form_wrapped(lines, cand)
    # A company that invoices in another's name (« … émise par Marketly SAS au nom et pour le compte du vendeur »):
    # a marketplace or an agent; the seller is the one it names (« Vendu par … »).
    intermediaries = {name_key(c.value) for c in cands if (behalf := L.ON_BEHALF.search(c.line.norm)) is not None
                      and behalf.start() >= c.start}
    # The names that open legal mentions with a registration or VAT number: the issuer's.
    identified = {name_key(c.value) for c in footers if _identified(lines, c) and role(c, lines) != "buyer"}
    registered = identified | {name_key(c.value) for c in legal_names}  # told registered: BT-27 for sure
    # The page names its seller in words (« Vendu par », « Receipt from »): that name is as sure as the footer's
    # (a marketplace's footer name loses by its « au nom et pour le compte » words, see ``intermediaries``).
    identified |= {name_key(c.value) for c in phrases}
    # The account the page is paid into, the owner of its copyright with a legal form: the seller's, as sure.
    identified |= {name_key(c.value) for c in payees if c.score >= PHRASE_SCORE}
    towns = _registry_towns(lines)
    letter_town = _letter_town(lines)
    domains = _domains(lines)
    # The first line of a name wrapped over two lines is not a name of its own; but a name read under its label or
    # heading ends where that reading ended it (``name_goes_on``): the line the letterhead joins to it is its block's
    # next line, an address (« From: » / « Das Company » / « ZUG Business Center »).
    labelled = {id(c) for c in labelled_names + stacked}
    cands = [c for c in cands if id(c) in labelled or not any(o.value.startswith(c.value + " ")
                                                              and o.words[:1] == c.words[:1] for o in cands if o is not c)]
    keys = [(i, name_key(c.value)) for i, group in enumerate(groups) for c in group]
    for cand in cands:
        key = name_key(cand.value)
        if not key or _ARTICLES_ONLY.fullmatch(fold(cand.value)):
            cand.score = 0.0  # no letters of a name; an article alone (« LA », « LE » a speck or a cut name OCR read)
            continue
        sources = {i for i, other in keys if other and (other == key or (len(key) >= 5 and len(other) >= 5
                                                                          and (key in other or other in key)))}
        cand.score += 0.12 * (len(sources) - 1)
        block_town = _block_town(lines, cand)
        if towns and (any(block_town.startswith(town) for town in towns) if block_town else any(
                re.search(rf"\b{re.escape(town)}\b", _block_text(lines, cand)) for town in towns)):
            cand.score += 0.15  # its address is in the town of the seller's registration (RCS, Amtsgericht...)
        elif towns and block_town:
            cand.score -= 0.1  # an address block in another town than the seller's registration
        if letter_town and block_town and block_town.startswith(letter_town):
            cand.score += 0.1  # the letter is dated from the sender's town ("À Toulouse, le ...")
        if domains and _named_by_domain(cand.value, domains):
            cand.score += 0.05  # the page's e-mail or web domain spells the name: a weak hint, a domain may be anyone's
        if first_key and key == first_key:
            cand.score += 0.12
        if key in identified:
            cand.score += 0.35
        if buyer_key and key == buyer_key:
            cand.score -= 0.5
        if key in intermediaries:
            cand.score -= 0.6
        if key in trading or L.TRADING_OWNER.search(fold(cand.value)) or L.TRADING_AS.search(fold(cand.value)):
            cand.score -= 0.6  # a trading name (BT-28), or a statement holding both names: the legal name is BT-27
        if _after_sender_line(lines, cand):
            cand.score -= 0.3  # the recipient of a window envelope
        words = cand.words or cand.line.words_in(cand.start, cand.end)
        if words:
            cand.score *= 0.5 + 0.5 * min(w.confidence for w in words)  # an OCR misreading is no name
        if _CIVILITY.match(fold(cand.value)):
            cand.score -= 0.25  # "M. Jean Dupont", "Frau Weber", "Sig.ra Rossi": an addressee, not a seller's trade name
        # A logo's initials ("GDS" over "Garnier-Da Silva SARL") are not the name.
        letters = re.sub(r"[^a-z]", "", fold(cand.value))
        if len(letters) <= 4 and " " not in cand.value.strip() and any(
                _initials(o.value).startswith(letters) and len(o.value) > len(cand.value) + 3 for o in cands):
            cand.score -= 0.4
    chosen = best([c for c in cands if c.score > 0.2])
    if chosen is not None:
        # A part of the name (a footer line cut by a line break, "Garnier SA") gives way to the whole
        # name printed at the top of page 1 ("Pépinières Garnier SA") when both are about as likely.
        key = name_key(chosen.value)
        whole = [c for c in cands if c is not chosen and len(key) >= 5 and key in name_key(c.value)
                 and len(name_key(c.value)) > len(key) and c.line.page == 1 and c.line.top < 0.3
                 and c.score >= chosen.score - 0.15 and not _sentence_around(c.value, str(chosen.value))]
        chosen = best(whole) or chosen
        # The same name with its legal form ("Sylvane Asesoría" as a logo, "Sylvane Asesoría S.L.U." in the
        # address block or the footer) is the legal name the invoice needs.
        if not re.search(L.LEGAL_FORMS, fold(chosen.value)):
            key = name_key(chosen.value)
            said = chosen in phrases  # named by a phrase (« Receipt from Mailvia »): its legal name anywhere
            formal = [c for c in cands if name_key(c.value) == key and re.search(L.LEGAL_FORMS, fold(c.value))
                      and (c.score >= chosen.score - 0.3 or (said and c.score > 0))]
            chosen = best(formal) or chosen
        if start_lost(lines, chosen):
            chosen.score = min(chosen.score, LOST_START_SCORE)  # « Fils EURL » for « Lefèvre & Fils EURL »: never written
        if _named_elsewhere_in_form(lines, chosen):
            # the seller's form names it in its own row: the name read there, if any (an account's holder is a
            # person's, the form's « Firmenname » the seller's); else not this one
            row = _seller_form_row(lines)
            on_row = best([c for c in cands if c.line is row and c.score > 0.2])
            if on_row is not None:
                chosen = on_row
            else:
                chosen.score = min(chosen.score, LOST_START_SCORE)
    if chosen is None:
        return None, None
    key = name_key(chosen.value)
    sure = chosen.score >= 0.6 and key in registered
    # A page naming its seller in words (« Vendu par », « Sold by ») or an intermediary (« au nom et pour le compte »):
    # the letterhead is a marketplace's or an agent's, no name the seller is known by.
    head_cands = [] if phrases or intermediaries else [(c, head_sizes.get(id(c), 0.0)) for c in heads if c in cands]
    brand_heads = [(c, 0.0) for c in cands if c not in heads and name_key(c.value) in trading]
    trading_name = _trading_name(lines, chosen, head_cands + brand_heads, trading, sure,
                                 {k for k in (buyer_key, read_key) if k} | intermediaries)
    return chosen, trading_name


def _letterhead_sizes(heads: list[Cand]) -> dict[int, float]:
    """Each letterhead cell's type size against the largest of them (1.0: set in the letterhead's largest type)."""
    sizes = {id(c): type_height(c.words) for c in heads if c.words}
    tallest = max(sizes.values(), default=0.0)
    return {k: v / tallest for k, v in sizes.items()} if tallest else {}
