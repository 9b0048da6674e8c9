"""The invoice number, the issue date and the due date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import statistics

from guichet.core.model import identifiers as ids
from guichet.core.parsing import on_page
from guichet.core.parsing.regex_store import compiled
from guichet.core.parsing.text import Word
from guichet.core.parsing.values import parse_date
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.parties import company_identifier
from guichet.plugins.fields_rules.ocr_noise import reference_read
from guichet.plugins.fields_rules.vocabulary import Labels, Pattern
from guichet.plugins.fields_rules.lines import (
    _AMOUNT_RE,
    _DATE_RE,
    _MONTH_NAMES,
    _WEEKDAYS,
    _NUMBER_TOKEN,
    PERIOD_OPENER,
    label_token,
    CELL,
    Cand,
    Line,
    amounts,
    below,
    best,
    cell_span,
    dates,
    fold,
    label_hits,
    labelled,
    month_first,
)

_TITLE = compiled(r"^\W*(?:" + "|".join(p.pattern for _r, p in L.TITLE_WORDS) + ")")


def number_token(text: str, word_text: str) -> bool:
    """True for a token that can be an invoice number: has a digit, is no date and no amount."""
    return bool(_NUMBER_TOKEN.match(text) and any(c.isdigit() for c in text) and 2 <= len(text) <= 30
                and not _AMOUNT_RE.fullmatch(text) and not re.fullmatch(r"\(\d+\)", word_text)
                and not parse_date(text))


#: Abbreviated label words: "Nº Fra. 123" and "Rechn.-Nr. 123" end their label with one of these and a
#: point; it is the label's tail, not a prefix of the number ("Fra.123" was read).
_LABEL_TAILS = {"nr", "no", "n", "num", "nro", "nbr", "fra", "fact", "fatt", "doc", "dok", "ref", "rif", "beleg"}
#: The abbreviated "number" words; a label that ends with its "number" word.
_NUMBER_WORDS = {"n", "no", "nr"}


def _unglued(line: Line, match: re.Match[str]) -> re.Match[str]:
    """A label hit whose « n » is a lone capital glued to the lower-case end of the word before and followed by
    a space and digits (« fatturaN 3645/26 »), cut before that capital: a text layer's join of two cells, the
    label's own word then the value's prefix, read with the value (« N 3645/26 ») as a glued word's capitals are.
    A glued « Nr. » or « No » stays a label (« RechnungsNr. 123 », « InvoiceNo 12 »). Else ``match``."""
    first = match.end() - 1
    if (first <= match.start() or line.text[first] != "N" or not line.text[first - 1].islower()
            or not re.match(r" \d", line.text[match.end():match.end() + 2])):
        return match
    return re.compile(re.escape(line.norm[match.start():first])).match(line.norm, match.start()) or match


#: Words an uppercase prefix can not be: what follows a bare "N°" of another identifier ("N° TVA 123").
_NOT_PREFIX = {"tva", "vat", "ust", "iva", "nif", "cif", "siret", "siren", "rcs", "tel", "fax", "iban", "bic", "page", "art",
               "ref", "no", "nr", "n", "du", "vom", "del", "of", "le", "am", "cs", "bp", "rc"}


def unsigned(text: str, *, numbered: bool = False) -> str:
    """A number read without the "number" sign glued before it (« n.9812 » → « 9812 »).

    ``numbered``: the label before already says "number" (« Facture n° NO.4512 »): a sign in letters after it is
    the number's own prefix, kept; only « # » is still a sign.
    """
    sign = L.sign_word(text)
    if not sign or not re.match(r"[A-Za-z]{0,4}[-/._]?\d", text[sign.end():]):
        return text
    return text[sign.end():] if not numbered or sign.group() == "#" else text


def joined_code(word_text: str, text: str, gap: str, following: str, *, numbered: bool = False) -> str | None:
    """A prefix and the sequence after it read as one number, or None.

    "INV /2022/904", "INV. 23812" (OCR set the prefix apart): joined as they read; "FA 2024/0012",
    "INV 0042" (a short uppercase prefix, a space, a sequence with digits): kept with their space.
    ``numbered``: the label before already says "number" ("Fatt. n.", "N° de pièce"), so an uppercase
    "N" or "NR" after it is the number's own prefix ("N 3537/26"), not a second "numéro".
    """
    if gap != " " or not text.isalpha() or len(text) > 5 or not any(c.isdigit() for c in following):
        return None
    if word_text.endswith(".") and (fold(text) in _LABEL_TAILS or _ABBREVIATION.fullmatch(word_text)):
        return None  # « Num. cont. 7364… »: a label's abbreviated word (« cont. »), not a prefix (« INV. 23812 »)
    if word_text[-1:] in "/-." or following[:1] in "/-.":
        return word_text.strip(",;:()") + following.strip(".,;:()")
    after = following.strip(".,;:()")
    if (text.isupper() and len(text) <= 4 and (fold(text) not in _NOT_PREFIX or (numbered and fold(text) in _NUMBER_WORDS))
            and word_text == text
            and _NUMBER_TOKEN.match(after) and not parse_date(after) and not _AMOUNT_RE.fullmatch(after)):
        return f"{text} {after}"
    return None


#: The words that say a date follows a number (« Facture 0042 du 12/03/2026 », « … en date du », « Rechnung 117 v. »).
_DATED = (r"(?:(?:du|vom|von|del|de|of|dated|le|am|il|el|en\s+date\s+du|(?:con|de)\s+fecha|in\s+data"
          # or said issued (« Factura 197 635 1654 emitida el », « Bolletta n. 209 784 5212 emessa il », « Facture n°
          # 2561 5596 8242 établie le »), with any of the words that bring a date in (« Fattura n. 980 835 307 916
          # emessa in data 3/11/2025 », « Factura 197 635 1654 emitida con fecha », as ARERA's and the CNMC's model bills
          # say it)
          r"|(?:emise?|etablie?|emitida|emessa)\s+(?:le|el|il|in\s+data|(?:con|en)\s+fecha|en\s+date\s+du)"
          r"|issued(?:\s+on)?|ausgestellt\s+am)\b|v\.(?=\s))")
#: What may follow a number on its line after one space and is no part of it: a page counter that ends the line
#: (« 1/2 », « Page 1 sur 2 », « S. 1/3 »), a currency that ends it (« EUR », « (€) »), another cell's label and value
#: (« Client : C0042 », « Ccy : EUR », « Ctr n° 8036683052 »: up to three words, then a colon or a « number » word).
_TRAILER = (r"(?:(?:[a-z]{1,7}\.?\s*)?\d{1,3}\s*(?:/|[a-z]{2,3})\s*\d{1,3}\s*$|\(?(?:eur|€|usd|gbp|chf)\)?\s*$"
            r"|(?:[a-z][\w.'-]*\s+){0,2}[a-z][\w.'-]*\s?:|(?:[a-z][\w.'-]*\s+){1,2}(?:n[°º]|no\.?|nr\.?|num[eé]ro|number|nummer|#)\s)")
#: A dash or a bar standing alone between spaces: what follows is another thing (« Facture n° 90 7812 9395 - suite »,
#: a running head's « - page 2 »).
_APART = r"\s+[-–—|]\s"
#: After the pieces of a number read on: the end of its cell, or a date and its label (« … 0042 du 12/03/2026 »),
#: or what follows a number and is none of it (:data:`_TRAILER`, :data:`_APART`).
_NUMBER_END = compiled(rf"(?:\s{{2}}|\s*$|\s+{_DATED}|\s+\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2}}|\s+{_TRAILER}|{_APART})")
#: The words that date a number, in the gap between it and its date.
_DATED_GAP = compiled(_DATED)
#: After a number read on: a sentence that goes on with its date (« … 100 123 456 émise le 14/06/2024 »).
_DATED_AFTER = compiled(rf"\s+(?:{_DATED}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2}})")


def _date_at(line: Line, start: int, end: int) -> bool:
    """True when a date starts the token at ``start``..``end`` and it is no longer reference's head: a token that
    goes on past the date with a separator and more characters (« 2024-03-15-001 », « 20240315-01 ») is a number
    whose sequence follows its day."""
    found = _DATE_RE.match(line.norm, start)
    return found is not None and not (found.end() < end and re.match(r"[-/.]\w", line.norm[found.end():end]))


def read_on(line: Line, tokens: list[tuple[Word, int, int]], text: str, end: int,
             parts: list[Word]) -> tuple[str, int, list[Word]]:
    """A number the print or OCR cut into pieces, read on in its cell: at its separators (« 2026- 0042 »,
    « F 2026 / 0042 »: joined without the spaces) or into digit groups that end the cell (« 2026 0042 »,
    « FC 2024 89722 »: kept with their space), after any label, under a header or in a title. Pieces of
    another kind end it; digit groups
    that are followed by more words are no number's (« n° 42 12 mars »: a date's day), nor are groups after a
    first one shorter than three digits (« n° 12 03 »), nor one group alone after three (« 125 2024 »; two are a
    utility's long number: « 769 840 5455 »), nor two groups of three after three at the end of a cell (« n° 482 125
    250 »: a number and a quantity and a price as well; read whole when the last has four digits, three groups
    follow or a date: « 100 123 456 émise le 14/06/2024 »). A separator standing alone between spaces ends
    the number (« 2024-001 - DUPLICATA », « FA-2024-12 / Page 1 »: what follows is a title or another
    reference); the piece after a separator holds a digit (a word without any is a title: « 4512 -Seite »).
    A digit group is the number's only when it is justified: three digits or more (two are a quantity or a day:
    « 20240042 15 du … », « 2024001 45 05/03/2024 ») and after a plain space (:func:`_plain_space`); but a short
    group that ends the cell or comes before the date's words after groups of four digits or more is a long number's
    last (:data:`_FOUR_GROUPS`: « Ihre Rechnung Nr. 2240 4215 23 vom 04.05.2024 »)."""
    read, read_end, read_parts = text, end, list(parts)
    grouped = False
    # A head of three digits starts a number in groups only when two groups follow (« 769 840 5455 », as utilities
    # print their long numbers): one group after it is a quantity's or a price's (« 125 2024 »), and two groups of
    # three ending the cell are as likely a quantity's and a price's (« 482 125 250 »).
    short_head = re.search(r"(?<!\d)\d{3}$", read) is not None
    # A lead of one or two digits, alone or after a letter prefix (« 24 0123 456789 », « FA 24 00123 »: a year's two
    # digits, then the sequence): groups follow it only when they make a long number (:func:`_long_after_lead`).
    short_lead = SHORT_LEAD.fullmatch(read) is not None
    for index, (word, a, b) in enumerate(tokens[:4]):
        piece = word.text.rstrip(",;:()")
        if line.text[read_end:a] != " " or not re.fullmatch(r"[/\-.]?[A-Za-z0-9]+[/\-.]?", piece):
            break  # a separator alone between spaces (« 2024-001 - DUPLICATA ») ends the number
        if read[-1:] in "/-." or piece[:1] in "/-.":
            if _DATE_RE.match(line.norm, a) or _AMOUNT_RE.match(line.text, a) or not any(c.isdigit() for c in piece):
                break
            read += piece
        elif read[-1:].isdigit() and piece.isdigit() and len(piece) >= 3 and _plain_space(read_parts[-1], word) and (
                grouped or short_lead or re.search(r"(?<!\d)\d{3,}$", read)):
            read, grouped = f"{read} {piece}", True
        elif (re.fullmatch(r"0[1-9]|1[0-2]", piece) and re.search(r"(?:^|[A-Za-z] )(?:\d{2}|(?:19|20)\d\d)$", read)
              and _plain_space(read_parts[-1], word) and index + 1 < len(tokens) and tokens[index + 1][0].text.isdigit()
              and len(tokens[index + 1][0].text) >= 3 and line.text[b:tokens[index + 1][1]] == " "
              and _plain_space(word, tokens[index + 1][0])):
            read, grouped = f"{read} {piece}", True  # « 2024 11 0045 », « FV 2025 11 8713 »: a year, its month, a sequence
        elif (piece.isdigit() and len(piece) <= 2 and _FOUR_GROUPS.fullmatch(read) and _plain_space(read_parts[-1], word)
              and _NUMBER_END.match(line.norm, b)):
            read_end, read_parts = b, [*read_parts, word]  # « 6507 2826 10 »: the short last group of a long number
            read = f"{read} {piece}"
            break
        else:
            break
        read_end, read_parts = b, [*read_parts, word]
    read = read.rstrip("/-.")
    groups = read.count(" ") - text.count(" ")
    if read == text or (grouped and not _NUMBER_END.match(line.norm, read_end) and not _SERIES_YEAR.fullmatch(read)) or (short_lead and grouped and not _long_after_lead(text, read)) or (short_head and grouped and (
            groups < 2 or (groups == 2 and len(read) - read.rfind(" ") <= 4
                           and not _DATED_AFTER.match(line.norm, read_end)))):
        return text, end, parts
    return read, read_end, read_parts


#: A series' capitals, a year and a sequence of four digits or more, set apart by single spaces (« F 2026 00042 »,
#: « INV 2025 52461 »): one number even when words follow it in a sentence (« Merci d'indiquer la référence F 2026
#: 00042 lors de votre virement »), where a day and a month's name may not be (« n° 42 12 mars »).
_SERIES_YEAR = compiled(r"[A-Z]{1,4} (?:19|20)\d\d \d{4,6}")
#: A number's lead of one or two digits, alone or after a letter prefix (« 24 », « FA 24 »): digit groups after it are
#: its own only when they make a long number (:func:`_long_after_lead`).
SHORT_LEAD = compiled(r"(?:[A-Za-z]{1,4} )?\d{1,2}")
#: The score at most of a number read on from a short lead into the digit groups after it (« 24 0123 456789 »): those
#: groups are joined on single spaces alone, as another number printed after a short one would be.
LEAD_JOIN_SCORE = 0.5
#: ... and when the groups joined are shaped as a telephone number (:func:`_lead_joined`): under the conversion's floor.
LEAD_PHONE_SCORE = 0.25


def _lead_joined(score: float, lead: str, read: str) -> float:
    """The score of a number ``read`` on from ``lead``: at most :data:`LEAD_JOIN_SCORE` when digit groups were joined
    to a short lead (:data:`SHORT_LEAD`) on single spaces alone; under the conversion's floor when those groups are
    shaped as a French telephone number (ten digits, a 0 then a non-zero digit: « 12 0145 678 901 »), as a zero-padded
    sequence may be too (« 24 0123 456789 »): a person checks."""
    if read == lead or not SHORT_LEAD.fullmatch(lead):
        return score
    if re.fullmatch(r"0[1-9]\d{8}", re.sub(r"\D", "", read[len(lead):])):
        return min(score, LEAD_PHONE_SCORE)
    return min(score, LEAD_JOIN_SCORE)


def _identifier_groups(digits: str) -> bool:
    """True when digit groups read after a short lead are, on their own, a company's identifier: a checksum-valid SIREN
    or SIRET (« Facture n° 12 552 100 554 »)."""
    return bool((len(digits) == 9 and ids.valid_siren(digits)) or (len(digits) == 14 and ids.valid_siret(digits)))


def _long_after_lead(text: str, read: str) -> bool:
    """True when the digit groups read on after a short lead (``text``: « 24 », « FA 24 ») make a long number: after a
    letter prefix, five digits or more in all, the last group of three or more (« FA 24 00123 », « T 24 077 »); after bare digits, one group of six or
    more (« 24 0023899 ») or two groups or more (« 38 356 293 752 », « 24 0123 456789 »). Fewer is a quantity's, a
    price's or a date's run (« n° 12 345 », « 12 2024 »)."""
    added = read[len(text):].split()
    if _identifier_groups("".join(added)):
        return False
    digits = sum(len(group) for group in re.findall(r"\d+", read))
    if not text[:1].isdigit():
        return digits >= 5 and len(added[-1]) >= 3
    return (len(added) >= 2 or len(added[0]) >= 6) and len(added[-1]) >= 3 and not YEAR.fullmatch(added[-1])


#: A long number in groups of four digits or more (« 6507 2826 »): a short group that ends its cell after it is its
#: last (« 6507 2826 10 », as utilities group their invoices' and customers' numbers), and so is one before the date's
#: words (« … 2240 4215 23 vom 04.05.2024 »); after one group alone, or after
#: groups of three, a short group is a quantity's or a day's (« 20240042 15 », « n° 12 03 »).
_FOUR_GROUPS = compiled(r"\d{4,}(?: \d{4,})+")


#: The widest gap between a number's digit groups, in their mean character widths: a space is about half a digit's
#: width in a proportional type, a whole one in a monospaced type; wider is a table's row running on into its next
#: column (« 2024001    45 »), where a line's column break (0.9 of the type's height) is not reached yet.
_GROUP_GAP = 1.2


def _plain_space(prev: Word, word: Word) -> bool:
    """True when the gap between two digit groups is no wider than one space of their type."""
    letter = ((prev.box[2] - prev.box[0]) + (word.box[2] - word.box[0])) / max(1, len(prev.text) + len(word.text))
    return word.box[0] - prev.box[2] <= _GROUP_GAP * letter


#: A VAT number's country code then its digit groups, each after one space (« FR 44 630 903 078 »).
_GROUPED_VAT = compiled(r"[A-Z]{2}(?:[ \u00a0\u202f][0-9A-Z]{1,6})+")


def other_identifier(text: str, line: Line, start: int, lines: list[Line]) -> bool:
    """True when ``text`` is another identifier: a company's (:func:`parties.company_identifier`: a VAT number,
    the page's SIREN or SIRET) or an IBAN's start, read on from the value to the end of its line."""
    from stdnum import iban

    if company_identifier(text, line, lines):
        return True
    # a VAT number printed in groups after a bare « N° » (« N° TVA : FR 44 630 903 078 »): its groups read on
    groups = _GROUPED_VAT.match(line.text[start:])
    if groups and not re.search(r"\d[-/]\d", text):
        parts = groups.group().split()
        if any(company_identifier("".join(parts[:n]), line, lines) for n in range(2, len(parts) + 1)):
            return True
    rest = re.sub(r"[^0-9A-Za-z]", "", line.text[start:]).upper()
    return (not re.search(r"\d[-/]\d", text) and re.match(r"[A-Z]{2}\d{2}", rest) is not None
            and any(iban.is_valid(rest[:n]) for n in range(14, min(34, len(rest)) + 1)))


def _across_rows(line: Line, match: re.Match[str]) -> bool:
    """True when a label's match spans a column gap between words of different rows: a header grid whose cells wrap
    at other heights gathers several rows on one line (« Intestatario fattura » at the left, « N. » of the next
    cell's « N. » / « notti » a third of a line lower): two cells' words, no label. A label's own words stand level:
    their tops or their feet agree (a word of small letters, « n », starts lower than « fattura » beside it on the same
    baseline; a word with a descender ends lower on the same top), so both must differ."""
    if "  " not in line.norm[match.start():match.end()]:
        return False
    words = line.words_in(match.start(), match.end())
    if len(words) < 2:
        return False
    height = min(w.box[3] - w.box[1] for w in words)
    return all(max(w.box[edge] for w in words) - min(w.box[edge] for w in words) > 0.25 * height for edge in (1, 3))


def _label_said(line: Line, match: re.Match[str]) -> str:
    """The label and the words said just before it in its own cell (up to 15 characters, after a column gap); a
    word the 15 characters cut is said whole (« Cuenta de estancia nº »: the stay's account, not « enta »)."""
    cell = line.norm.rfind("  ", 0, match.start())
    start = max(0, match.start() - 15, cell + 1)
    while start > cell + 1 and line.norm[start - 1].isalnum():
        start -= 1
    return line.norm[start:match.end()]


#: « Your » said of the bill itself (« Your bill no. », « Votre facture n° », « Ihre Rechnung Nr. », « Su factura nº »,
#: « La sua bolletta n. »): the customer's own invoice, as utilities word it, not another party's document.
_YOUR_BILL = compiled(r"\b(?:your|votre|ihre|su|sua)\s+(?=(?:bill|invoice|facture|rechnung|abrechnung|factura|bolletta|fattura)\b)")


def _not_own_label(line: Line, match: re.Match[str]) -> bool:
    return bool(L.NOT_OWN_NUMBER.search(_YOUR_BILL.sub("", _label_said(line, match))))


#: The words of a payment term before the invoice's own word (folded text): « Paiement à réception de facture »,
#: « Payable upon receipt of invoice », « zahlbar nach Erhalt der Rechnung », « Pago a la recepción de la factura »,
#: « Pagamento al ricevimento della fattura », « R.D. vista fattura ».
_TERM_BEFORE_INVOICE = compiled(r"(?:reception|receipt|erhalt|eingang|recepcion|ricevimento|ricezione|vista)"
                                  r"\s*(?:of|der|des|de|di|del|della|dell\W?)?\s*(?:l\W?|la|the)?\s*$")


def _in_phrase(line: Line, match: re.Match[str]) -> bool:
    """True when ``match``, the invoice's own word, ends a payment term in its cell (« R.D. vista fattura »,
    « Paiement à réception de facture ») and its cell ends there: no label of the next cell's number. « Copia de
    factura », « Kopie der Rechnung », « Sales Invoice » label it."""
    if not _TITLE.fullmatch(match.group().strip()):
        return False  # only the invoice's own word: « numéro », « n° », « # » end their label (« Facture de vente numéro »)
    first, stop = cell_span(line.norm, match.start())
    if line.norm[match.end():stop].strip(" :"):
        return False  # a number in the same cell names this invoice (« Payable upon receipt of invoice INV-2041 »)
    before = line.norm[first:match.start()]
    return bool(_TERM_BEFORE_INVOICE.search(before) or L.PAYMENT_TERMS.search(before)
                or L.PAYMENT_TERMS_SENTENCE.search(before))


def _kind_value(lines: list[Line], line: Line, match: re.Match[str]) -> bool:
    """True when the words of ``match`` are the value of a grid's document-kind cell (« Facture » under or after
    « Type de pièce », « Invoice » beside « Document type »): the document's kind, no label of the next cell's value.
    Only the invoice's own word: a credit note's (« Gutschrift » under « Belegart ») still labels its number."""
    from guichet.plugins.fields_rules.blocks import cells

    words = line.words_in(match.start(), match.end())
    if not words or not L.INVOICE_WORD.search(match.group()):
        return False
    row = cells(line)
    own = next((i for i, cell in enumerate(row) if words[0] in cell), None)
    if own is None or row[own][0] is not words[0]:
        return False  # the word does not open its cell: « N° facture », a label of its own
    if own and L.DOCUMENT_KIND.search(fold(" ".join(w.text for w in row[own - 1]))):
        return True
    x0, x1 = words[0].box[0], words[-1].box[2]
    index = lines.index(line)
    for other in lines[max(0, index - 2):index][::-1]:
        if other.page != line.page:
            continue
        above = [cell for cell in cells(other) if cell[0].box[0] < x1 and cell[-1].box[2] > x0]
        if above:
            return any(L.DOCUMENT_KIND.search(fold(" ".join(w.text for w in cell))) for cell in above)
    return False


#: A serial number label's rank among the weak labels (its score is a weak label's).
_SERIAL_RANK = 9
#: How far from the document's title a serial number label may stand and still be the invoice's (a fraction of the page).
_SERIAL_BESIDE_TITLE = 0.03


def _beside_title(lines: list[Line], line: Line) -> bool:
    """True when ``line`` is in the head of page 1, on the document's title row or just by it."""
    return line.page == 1 and line.top < 0.35 and any(
        other.page == 1 and abs(other.top - line.top) <= _SERIAL_BESIDE_TITLE and _TITLE.match(other.norm)
        for other in lines if other.top < 0.4)


#: How far from the issue date's own label a serial number label may stand and still be the invoice's (a fraction of
#: the page: a few rows of the references block).
_SERIAL_BESIDE_DATE = 0.06


def _beside_issue_date(lines: list[Line], line: Line) -> bool:
    """True when ``line`` is in the upper half of page 1 with the issue date's own label (a strong one: « Date de
    facturation », not « Date ») on it or a few rows from it: the document's references, where invoicing programs
    print their serial number of invoices (laravel-invoices' ``serial``: « Numéro de série » by « Date de
    facturation »). A product's serial number stands in a line or a repair's header, away from that label."""
    from guichet.plugins.fields_rules.totals import is_table_header

    if line.page != 1 or line.top >= 0.5:
        return False
    index = lines.index(line)
    if any(other.page == 1 and is_table_header(other) for other in lines[:index]):
        return False  # under the lines' table header: a line's (a product's) serial number
    return any(other.page == 1 and abs(other.top - line.top) <= _SERIAL_BESIDE_DATE
               and any(rank < L.WEAK_RANK for rank, _match in label_hits(other, L.ISSUE_DATE)) for other in lines)


def _first_counts(text: str, line: Line, end: int, rank: int) -> bool:
    """A one-digit number that ends its line after a strong label of the invoice's number (« Invoice Number: 8 »).

    Numbering starts at 1: a new shop's or a new firm's first invoices (WooCommerce PDF Invoices' counter, a
    program's default sequence) carry one digit. :func:`number_token` asks two characters, for a lone digit beside a
    weak « N° » is a page's or a line's; a strong label saying whose number it is, with nothing after the digit,
    names the invoice's own."""
    return rank < L.WEAK_RANK and bool(re.fullmatch(r"[1-9]", text)) and not line.text[end:].strip()


def _number_score(line: Line, match: re.Match[str], rank: int) -> float:
    score = (0.92 - rank * 0.02) - 0.03 * (line.page - 1)
    cell = line.norm.rfind("  ", 0, match.start())  # the label's own cell: after a column gap
    if _not_own_label(line, match) or L.NOT_ISSUE_CONTEXT.search(line.norm[max(0, match.start() - 25, cell + 1):match.start()]):
        score -= 0.4  # the number of an order, an original invoice, a customer...; "en référence à la facture 12"
    elif line.page == 1 and line.top < 0.35 and _TITLE.search(line.norm[:match.start() + 1]):
        score += 0.1  # the document's title: "Avoir AV-2017-0005", "Rechnung Nr. 12"
    return score


#: How many lines under a header label may hold its value; and how many rows of other documents may come first.
_ROWS_BELOW = 3
_OTHER_ROWS = 4


def _other_document_row(line: Line, x0: float) -> bool:
    """True when ``line`` is a row of a references table whose first cell, left of the value's column at ``x0``,
    names another document (« Bon de livraison », « Commande », « Devis », « Lieferschein », « Albarán »): the
    reference in that row is that document's."""
    from guichet.plugins.fields_rules.blocks import cells

    found = cells(line)
    first = fold(" ".join(w.text for w in found[0])) if found else ""
    return (len(found) > 1 and found[0][-1].box[2] < x0 - 0.005 and bool(L.OTHER_DOCUMENT.search(first))
            and not re.search(r"[:\d]", first) and not L.says_number(first))
    # (« Commande No :  CDE234 »: a label and its value, the row of a header grid, not a document's name)


def _cell_left(line: Line, word: Word) -> float:
    """Where the cell before ``word``'s cell ends on its line (0: none): ``word``'s cell is its words one space
    apart (« Cde numéro  No de pièce »: « No de pièce » ends where « numéro » does)."""
    index = line.words.index(word)
    while index > 0 and line.text[line.spans[index - 1][1]:line.spans[index][0]] == " ":
        index -= 1
    return line.words[index - 1].box[2] if index > 0 else 0.0


def _cell_start(line: Line, index: int, left: float) -> int:
    """The first word of the value whose word ``index`` is under a label: the words before it one space apart and
    not under the cell before the label's (``left``: where it ends): a value wider than its label starts left of it
    (« FA 24 00123 » centred under « Facture n° », « B 25 0592 » under « No de pièce »: its « 25 » under « pièce »)."""
    while (index > 0 and line.text[line.spans[index - 1][1]:line.spans[index][0]] == " "
           and line.words[index - 1].box[0] > left + 0.005):
        index -= 1
    return index


def _number_below(lines: list[Line], line: Line, match: re.Match[str], rank: int) -> Cand | None:
    """The number printed under a label that ends its cell (a header row, a label above its value)."""
    words = line.words_in(match.start(), match.end())
    if not words:
        return None
    x0, x1 = words[0].box[0], max(words[-1].box[2], words[0].box[0] + 0.1)
    following = [w for w in line.words if w.box[0] > words[-1].box[2] and not re.fullmatch(r"[.…]+", w.text)]
    if following:
        # A header cell's column reaches to the next cell: its value may be centred or right-aligned in it
        # ("N° fact." over a wide "FA2024-5425" cell).
        x1 = max(x1, min(w.box[0] for w in following) - 0.01)
    start, skipped = lines.index(line), 0
    for other in below(lines, line, x0, x1, depth=_ROWS_BELOW + _OTHER_ROWS):
        if lines.index(other) - start > _ROWS_BELOW + skipped:
            break
        if _other_document_row(other, x0):
            skipped += 1  # « Bon de livraison  BL-12  …» under « Type  N° pièce  Date »: that document's row
            continue
        under = [w for w in other.words if w.box[0] < x1 + 0.01 and w.box[2] > x0 - 0.01]
        if len(under) > 1 and under[0].box[0] < x0 - 0.01 and (parse_date(under[0].text.strip(".,;:()"))
                                                              or under[0].box[2] < words[0].box[0] + 0.01):
            # the previous column's value reaching under the label (a date wider than its header « Date », a long
            # code that ends where the label starts): the word most under the label's own words first
            under.sort(key=lambda w: -(min(w.box[2], words[-1].box[2]) - max(w.box[0], x0)))
        rest = _wrapped_rest(lines, other, under[0]) if under and re.fullmatch(r"\w+[/-]", under[0].text) else None
        if rest is not None:  # "FAC/" over "2026/04948": a reference wrapped at its separator in a narrow cell
            start, end = other.spans[other.words.index(under[0])]
            return Cand(under[0].text + rest.text, other, start, end, _number_score(line, match, rank) - 0.05,
                        line.text[match.start():match.end()], [under[0], rest])
        if not under or not any(c.isdigit() for w in under for c in w.text):
            continue  # another block's words, or the rest of a header row, between the label and its value
        word = under[0]
        if _wrapped_day(lines, other, word):
            continue  # « 09 » over « août » over « 2024 »: a date wrapped in its narrow cell, beside the number's column
        index = _cell_start(other, other.words.index(word), _cell_left(line, words[0]))
        word = other.words[index]
        text, (start, end), parts = word.text.strip(".,;:()"), other.spans[index], [word]
        if word.text.isdigit() and re.match(r" [^\W\d_]{3,}", other.text[end:]):
            return None  # "14 avenue Jean Jaurès", "69007 Lyon": an address line under the label, not its value
        if index + 1 < len(other.words):
            after, (_a, after_end) = other.words[index + 1], other.spans[index + 1]
            joined = joined_code(word.text, text, other.text[end:other.spans[index + 1][0]], after.text,
                             numbered=bool(L.NUMBER_SIGN_END.search(match.group())) or L.says_number(match.group()))
            if joined:
                text, end, parts = joined, after_end, [word, after]  # "INV /2022/904", "INV. 23812", "FA 2024/0012"
        tokens = [(w, a, b) for w, (a, b) in zip(other.words, other.spans, strict=True)][index + len(parts):]
        # a word at the left edge of a header cell after the label's is that column's value (« IN110862 » one space
        # from « 427 » under « N° ch. » in a narrow grid), never the rest of this one
        heads = [w.box[0] for w in following]
        column = next((k for k, (w, _a, _b) in enumerate(tokens) if any(abs(w.box[0] - x) < 0.004 for x in heads)), None)
        tokens = tokens if column is None else tokens[:column]
        lead = text
        text, end, parts = read_on(other, tokens, text, end, parts)  # « FC 2024 89722 »
        rest = _wrapped_group(lines, other, parts, x1)
        if rest is not None:  # « F 2026 » over « 00042 »: a number in spaced groups wrapped in its narrow cell
            text, parts = f"{text} {rest.text}", [*parts, rest]
        if number_token(text.replace(" ", ""), word.text) and not other_identifier(text, other, start, lines):
            score = _lead_joined(_number_score(line, match, rank) - 0.05, lead, text)
            return Cand(text, other, start, end, score, line.text[match.start():match.end()], parts)
        return None
    return None


_MONTH_WORD = compiled(rf"(?:{_MONTH_NAMES})\.?")


def _wrapped_day(lines: list[Line], line: Line, word: Word) -> bool:
    """True when ``word`` is a day of the month (one or two digits) with a month's name just under it: a date wrapped
    in a narrow cell (« 09 » / « août » / « 2024 »), no number. The month may sit on a line or two further down when
    other cells' rows are interleaved (a header grid whose cells wrap at different heights): just under the day's
    bottom, less than a line's height below it."""
    if not (word.text.isdigit() and len(word.text) <= 2):
        return False
    index = lines.index(line)
    height = word.box[3] - word.box[1]
    return any(
        other.page == line.page and any(
            _MONTH_WORD.fullmatch(fold(w.text)) and w.box[0] < word.box[2] + 0.02 and w.box[2] > word.box[0] - 0.02
            and (offset == 1 or 0 <= w.box[1] - word.box[3] < height)
            for w in other.words)
        for offset, other in enumerate(lines[index + 1:index + 4], 1))


#: A number's letters and separator alone, the rest of it wrapped under them (« FT/ » over « 2026/05348 »).
_PREFIX_CUT = compiled(r"[A-Za-z]{1,5}[/-]|[A-Z]{2,5}\.")


def _wrapped_rest(lines: list[Line], line: Line, word: Word) -> Word | None:
    """The rest of a reference wrapped after its separator: the word just under ``word``, at its left edge, with a digit.

    A word cut at a dot is an abbreviation's when it is a grid's header row's (three cells or more, no digit) over a
    row of values, or when the word under it starts with letters: « RÉF. CHANT. » over « FA68-7097 » is a label, that
    column's value no rest of it; « FAC. » over « 04654 » is a prefix."""
    from guichet.plugins.fields_rules.blocks import cells

    index = lines.index(line)
    dotted = word.text.endswith(".")
    header = dotted and len(cells(line)) >= 3 and not any(c.isdigit() for c in line.text)
    for other in lines[index + 1:index + 3]:
        if other.page != line.page or (header and len(cells(other)) >= 3):
            return None
        for candidate in other.words:
            aligned = min(abs(candidate.box[0] - word.box[0]), abs(candidate.box[2] - word.box[2]),
                          abs(candidate.box[0] + candidate.box[2] - word.box[0] - word.box[2]) / 2) < 0.012
            if aligned and any(c.isdigit() for c in candidate.text) and not (dotted and candidate.text[:1].isalpha()) \
                    and _NUMBER_TOKEN.match(candidate.text) and not parse_date(candidate.text):
                return candidate
    return None


def _wrapped_group(lines: list[Line], line: Line, parts: list[Word], right: float) -> Word | None:
    """The last digit group of a number in spaced groups that its narrow cell wrapped (« F 2026 » over « 00042 »):
    the word of three digits or more on one of the two lines under ``parts``, at their left edge, that would not have
    fitted on the value's line before the cell's right edge ``right`` (the next column's start, less the cells'
    padding); None when the value does not end its cell there, or has no letter and space (a lone sequence over
    another row's is no wrap)."""
    first, last = parts[0], parts[-1]
    text = " ".join(w.text for w in parts)
    if " " not in text or not any(c.isalpha() for c in text):
        return None
    space = (last.box[2] - first.box[0]) / max(1, len(text))
    after = [w.box[0] for w in line.words if w.box[0] > last.box[2] and w not in parts]
    if after and min(after) - last.box[2] < 2 * space:
        return None  # the value's cell goes on after it: no wrap
    right = min([right, *after])
    index = lines.index(line)
    for other in lines[index + 1:index + 3]:
        if other.page != line.page:
            return None
        for word in other.words:
            if abs(word.box[0] - first.box[0]) < 0.012 and word.text.isdigit() and len(word.text) >= 3:
                # the cell's right edge is the next column's start, its padding before it (two letters each side)
                fits = last.box[2] + space + (word.box[2] - word.box[0]) <= right - 4 * space
                inside = [w for w in other.words if first.box[0] - 0.012 < w.box[0] < word.box[2] + 2 * space]
                return word if not fits and inside == [word] else None
    return None


def _panel_row(lines: list[Line], line: Line, value: Word) -> bool:
    """True when ``line`` is a row of a key-value panel whose values stand in a column far right of their labels: a
    line next to it (up to two lines away, same page) starts at the same left edge with a label alone in its cell (no
    digit) and has its next cell at ``value``'s left or right edge (« Localizador   1388958 » / « Nº doc.   F/2026/06536 »).
    There, a wide gap between a label and its value is the panel's, not a sign of another block's number."""
    from guichet.plugins.fields_rules.blocks import cells

    index = lines.index(line)
    for other in lines[max(0, index - 2):index] + lines[index + 1:index + 3]:
        found = cells(other) if other.page == line.page else []
        if (len(found) >= 2 and abs(found[0][0].box[0] - line.words[0].box[0]) < 0.01
                and not any(c.isdigit() for w in found[0] for c in w.text)
                and (abs(found[1][0].box[0] - value.box[0]) < 0.01 or abs(found[1][-1].box[2] - value.box[2]) < 0.01)):
            return True
    return False


def _whole_cell(line: Line, match: re.Match[str]) -> bool:
    """True when a weak label ("Numéro", "N°") is all its cell holds (a header cell), and no title word."""
    left = line.norm.rfind("  ", 0, match.start())
    right = line.norm.find("  ", match.end())
    cell = line.norm[left + 1 if left >= 0 else 0:right if right >= 0 else len(line.norm)].strip(" :.…")  # dot leaders
    return cell == match.group().strip(" :.") and not L.TITLE_WORDS.search(cell)


_STRONG_ISSUE_DATE = L.ISSUE_DATE.strong()
_STRONG_NUMBER = L.INVOICE_NUMBER.strong()
#: The weak issue-date labels of several words (« Date de création », « émise le »): whole when wrapped in a cell.
_WEAK_ISSUE_DATE = Labels(item for item in L.ISSUE_DATE if item[0] >= L.WEAK_RANK and r"\s" in item[1].source)


def _in_date_label(line: Line, match: re.Match[str]) -> bool:
    """True when a weak number label is a word of a date label ("Date de la facture", "Rechnungsdatum")."""
    return any(hit.start() <= match.start() and match.end() <= hit.end()
               for patterns in (_STRONG_ISSUE_DATE, L.DUE_DATE) for _rank, hit in label_hits(line, patterns))


#: A letter's subject line: "Objet :", "Betreff:", "Oggetto:", "Asunto:", "Subject:", "Re:".
_SUBJECT = compiled(r"\W*(?:objet|oggetto|betreff|betrifft|asunto|subject|re|ref|rif)\.?\s*:\s*")
_QUALIFIER = compiled(r"[a-z]{2,5}\s+")  # "Re: VAT Invoice 12", "Objet : Votre facture 12"
#: A title word at a cell's start; a German one may end a compound (« Anzahlungsrechnung », « Sammelrechnung »), an
#: English one may follow the invoice's kind (« Progress invoice », « Final invoice »; a pro forma is no invoice:
#: :func:`~guichet.core.parsing.on_page.pro_forma_title`).
_TITLE_AT = compiled(r"\W*(?:[a-z]{3,}-?(?=rechnung|gutschrift)|(?:progress|final|interim|deposit|tax|vat|sales"
                       r"|commercial)\s+(?=invoice|credit))?(?:" + "|".join(p.pattern for _r, p in L.TITLE_WORDS) + ")")
#: The party a document is for, said right after its title: a "facture client" is a sales invoice.
_SALES_KIND = {"client", "clients", "customer", "kunde", "kunden", "cliente", "clienti"}


#: How high on page 1 a title may stand in a later cell of its line, beside the seller's name or logo.
_TITLE_BESIDE_TOP = 0.3


def _title_number(line: Line, lines: list[Line]) -> Cand | None:
    """The number a page-1 title or a letter's subject ends with, a few words after its title word.

    "Facture de vente 009651", "Objet : Facture client 005973", "Betreff: Rechnung (Original) 001542",
    "Oggetto: Fattura differita FT251184": up to three words of one cell describe the document between
    its title word and its number, which may stand in the next cell after its number sign (« Handelsrechnung (380)
    Nr. 471102 vom 15.11.2024 »: the title, its type code, then the number's cell); a word naming another document or party ("Avoir sur facture 12",
    "Facture commande 4471") means the number is not this document's.
    """
    if line.page != 1 or line.top > 0.5:
        return None
    subject = _SUBJECT.match(line.norm)
    title = _TITLE_AT.match(line.norm, subject.end() if subject else 0)
    qualifier = _QUALIFIER.match(line.norm, subject.end()) if subject and title is None else None
    if qualifier is not None:
        title = _TITLE_AT.match(line.norm, qualifier.end())
    if title is None and line.top < _TITLE_BESIDE_TOP:
        # the title in a cell of its own beside the seller's name or logo (« VC  Facture de situation FA2024-3713 »)
        title = next((t for gap in re.finditer(r"\s{2,}", line.norm) if (t := _TITLE_AT.match(line.norm, gap.end()))), None)
    if title is None:
        return None
    described = 0
    for index, (word, (a, b)) in enumerate(zip(line.words, line.spans, strict=True)):
        if a < title.end():
            continue
        cells = re.split(r"\s{2,}", line.norm[title.end():a])
        if len(cells) > 2 or (len(cells) == 2 and not label_token((cells[1] or fold(word.text)).rstrip(" :"))):
            return None  # another cell; but the number's own cell after the title's (« Rechnung (380)  Nr. 123 »)
        said = re.sub(r"^\s*(?:" + "|".join(_SALES_KIND) + r")\b|\([^)]*\)", "", line.norm[title.end():a])
        if L.NOT_OWN_NUMBER.search(said) or L.NOT_ISSUE_CONTEXT.search(line.norm[:a]) \
                or L.OTHER_DOCUMENT.search(line.norm[title.start():a]):
            return None  # "Avoir sur facture 12", "Facture commande 4471", "Factura original 12", "en référence à la facture 12"
        if _STRONG_ISSUE_DATE.search(line.norm[title.start():b]) or L.DUE_DATE.search(line.norm[title.start():b]):
            return None  # "Rechnung ausgestellt am…", "Facture établie le…": a date's label, its date follows
        if re.fullmatch(r"\(\d{3}\)", word.text):
            continue  # the document's type code in brackets after its title (UNTDID 1001: « Rechnung (380) »)
        text = unsigned(word.text.strip(".,;:()"))
        folded = fold(text)
        following = line.words[index + 1] if index + 1 < len(line.words) else None
        prefix = following and joined_code(word.text, text, line.text[b:line.spans[index + 1][0]], following.text)
        if not any(c.isdigit() for c in text) and not prefix:
            if label_token(folded) or re.fullmatch(r"\(\w+\)", word.text):
                continue  # "Facture de vente n° 12": the number label's own words; "(Original)", "(copie)": a mention
            described += 1
            if described > 3 or not text.replace("'", "").replace("’", "").isalpha():
                return None
            continue
        if _date_at(line, a, b) or parse_date(text):
            return None  # "Facture du 5 mars 2024": a date, no number
        parts = [word]
        if prefix and following is not None:  # "Oggetto: FATTURA FT 8883/25"
            text, b, parts = prefix, line.spans[index + 1][1], [word, following]
        tokens = [(w, a, b) for w, (a, b) in zip(line.words, line.spans, strict=True)][index + len(parts):]
        lead = text
        text, b, parts = read_on(line, tokens, text, b, parts)  # « Avoir n° CR 2024 28026 »
        if not number_token(text.replace(" ", ""), word.text) or other_identifier(text, line, a, lines):
            return None
        rest = line.norm[b:].strip(" .")
        if rest and not line.norm[b:].startswith("  ") and not re.match(_DATED, rest) and not re.match(_TRAILER, rest):
            return None  # more words after the number: a sentence, not a title (a page counter, a currency, another
            # cell's label may follow it: « Facture FA-12 1/2 », « Credit Memo 2025 792233 Ccy : EUR »)
        return Cand(text, line, a, b, _lead_joined(0.8, lead, text), line.text[title.start():title.end()].strip(" :"), parts)
    return None


#: How a value printed just under the document's title, in its column, with no label of its own, scores: the
#: title is its label (« FACTURE » / « 2024-0012 » / « 05/03/2024 »), below a label on the value's line.
TITLE_BLOCK_SCORE = 0.75


def _title_cells(line: Line) -> list[list[Word]]:
    """The cells of a page-1 line, in its upper half, that are the document's title alone: a title word first
    (« FACTURE », « Invoice », « Facture d'avoir », « Rechnung (Kopie) »), at most three words, no digit,
    nothing of another document."""
    from guichet.plugins.fields_rules.blocks import cells

    if line.page != 1 or line.top > 0.5:
        return []
    out = []
    for cell in cells(line):
        text = fold(" ".join(w.text for w in cell))
        if (_TITLE_AT.match(text) and not re.search(r"\d", text) and len(L.NUMBER_SIGN_END.sub("", text).split()) <= 3
                and not L.NOT_OWN_NUMBER.search(text) and not _STRONG_NUMBER.search(text)
                and not L.ISSUE_DATE.search(text) and not L.DUE_DATE.search(text)):
            # « Invoice No. », « Invoice Date », « Facture émise le »: a header row's labels
            out.append(cell)
    return out


def under_title(lines: list[Line], line: Line, title: list[Word], depth: int) -> list[tuple[Line, list[Word]]]:
    """The cell most under a title cell on each of the next ``depth`` lines that reach its column."""
    from guichet.plugins.fields_rules.blocks import cells

    x0, x1 = title[0].box[0], title[-1].box[2]
    index = lines.index(line)
    out = []
    for other in lines[index + 1:index + 1 + depth]:
        if other.page != line.page:
            break
        reach = [c for c in cells(other) if c[0].box[0] < x1 + 0.02 and c[-1].box[2] > x0 - 0.02]
        if reach:  # the cell most under the title (a long code of the column before may reach under its edge)
            out.append((other, max(reach, key=lambda c: min(c[-1].box[2], x1) - max(c[0].box[0], x0))))
    return out


#: How far under the title's bottom (a fraction of the page) its number may start.
_TITLE_BLOCK_GAP = 0.03


def _title_block_number(line: Line, lines: list[Line]) -> Cand | None:
    """The number printed alone (maybe after « N° », « # ») on the line under the document's title, in its
    column: « FACTURE » / « 2024-0012 ». An identifier, a date, an amount or one to three digits is none."""
    for title in _title_cells(line):
        # the first cell under the title in its column (the lines of a block beside it may come between:
        # « Orvane S.p.A.  Fattura » / « Via Garibaldi 4 » / « 38122 Trento  FT-2025-9691 »), just under it
        bottom = max(w.box[3] for w in title)
        for other, cell in [found for found in under_title(lines, line, title, 3)
                            if found[1][0].box[1] - bottom < _TITLE_BLOCK_GAP][:1]:
            words = [w for w in cell if not label_token(fold(w.text).strip(":"))]
            if len(words) != 1:
                continue
            word = words[0]
            index = other.words.index(word)
            start, end = other.spans[index]
            text = word.text.strip(".,;:()")
            if (number_token(text, word.text) and not re.fullmatch(r"\d{1,3}", text)
                    and not other_identifier(text, other, start, lines)):
                label = " ".join(w.text for w in title)
                return Cand(text, other, start, end, TITLE_BLOCK_SCORE, label, [word])
    return None


#: How a number printed with no label at all scores, alone in its cell over the document's date: below any labelled one.
UNLABELLED_SCORE = 0.5
#: How high on page 1 an unlabelled number over its date may stand.
_UNLABELLED_TOP = 0.3


def _unlabelled_number(line: Line, lines: list[Line]) -> Cand | None:
    """A reference printed with no label, alone in the first cell of its line near the top of page 1, right over a
    date that starts the next line of its column at the same left edge (« FC-2025-57479 » / « 22 mai 2025 »): the document's number
    and date block of a template that prints neither label nor title. It holds a digit and a letter or separator, or
    six digits at least (« 36074 » alone is a postcode's, a count's); an identifier or an amount is none."""
    if line.page != 1 or line.top > _UNLABELLED_TOP or line.text[:1].isspace():
        return None
    first = line.words[0]
    end = line.spans[0][1]
    if len(line.words) > 1 and line.text[end:line.spans[1][0]] == " ":
        return None  # more words in its cell: a name, an address, a sentence
    text = first.text.strip(".,;:()")
    if (len(text) < 5 or not (re.search(r"[A-Za-z/\-.]", text) or len(text) >= 6) or not number_token(text, first.text)
            or other_identifier(text, line, 0, lines)):
        return None
    index = lines.index(line)
    # the next line of its column: another column's lines may come between (« F-435-25   Holzbau GmbH & Co. » /
    # « KG » / « 07.04.2025 »: the buyer's name wrapped in its own column)
    nxt = next((other for other in lines[index + 1:index + 4] if other.words[0].box[0] < first.box[2]), None)
    if nxt is None or nxt.page != line.page or abs(nxt.words[0].box[0] - first.box[0]) > 0.012:
        return None
    cell_end = nxt.norm.find("  ")
    if not any(c.start == 0 and (cell_end < 0 or c.end >= cell_end) for c in dates(nxt, us=month_first(lines))):
        return None
    return Cand(text, line, 0, end, UNLABELLED_SCORE, None, [first])


#: How a value beside a label wrapped over two lines of its cell scores: a strong label, read whole.
WRAPPED_LABEL_SCORE = 0.85
#: Words a label cell of a key-value panel may hold (« N° de la pièce comptable » is six).
_PANEL_LABEL_WORDS = 6


def _box(cells: list[list[Word]]) -> tuple[float, float, float, float]:
    words = [w for cell in cells for w in cell]
    return (min(w.box[0] for w in words), min(w.box[1] for w in words), max(w.box[2] for w in words),
            max(w.box[3] for w in words))


def _folded_cell(line: Line, cell: list[Word]) -> str:
    """The folded text of one of :func:`~.blocks.cells`'s cells of ``line`` (kept on the line: the panel's labels are
    looked for twice a page, for the number and for the dates)."""
    kept = line.__dict__.setdefault("_folded_cells", {})
    found = kept.get(id(cell))
    if found is None or found[0] is not cell:  # the cell itself kept: its id is never another's
        found = kept[id(cell)] = (cell, fold(" ".join(w.text for w in cell)))
    return found[1]


def _panel_labels(lines: list[Line], patterns: Labels, wrapped: Labels | None = None) -> list[tuple[str, list[tuple[Line, list[Word]]]]]:
    """The labels of ``patterns`` that fill a cell of a key-value panel, alone or wrapped over up to three lines of
    it (« Numéro de » / « facture », « Date de » / « facturation : »): the cell and the ones under it at the same
    left edge, with no digit, read as one label that the first cell is not alone. Labels of ``wrapped`` count when
    wrapped only (« Date de » / « création »: a weak label whole over two lines, where « Date » alone says too
    little). Each with its cells, top first."""
    out = []
    for texts, stack in _panel_stacks(lines):
        for depth, said in texts:
            if patterns.fullmatch(said) or (depth > 1 and wrapped is not None and wrapped.fullmatch(said)):
                out.append((" ".join(w.text for _l, c in stack[:depth] for w in c), stack[:depth]))
                break
    return out


#: The last page's panel stacks (:func:`_panel_stacks`): the number's and the dates' rules ask for the same lines.
_LAST_STACKS: list[tuple[list[Line], list] | None] = [None]


def _panel_stacks(lines: list[Line]) -> list[tuple[list[tuple[int, str]], list[tuple[Line, list[Word]]]]]:
    """Every cell that may open a panel's label, with the cells under it that may go on with it (:func:`_panel_labels`)
    and the texts the label may read as, each after how many of them (the label wrapped over one, two or more
    lines); the same for every vocabulary, found once per page."""
    from guichet.plugins.fields_rules.blocks import cells
    from guichet.plugins.fields_rules.totals import is_table_header

    last = _LAST_STACKS[0]
    if last is not None and last[0] is lines:
        return last[1]
    out = []
    for index, line in enumerate(lines):
        for cell in cells(line):
            if len(cell) > _PANEL_LABEL_WORDS:
                continue
            text = _folded_cell(line, cell)
            if _DIGIT.search(text):
                continue
            stack = [(line, cell)]
            height = max(w.box[3] - w.box[1] for w in cell)
            if index and _label_goes_on(lines[index - 1], cell, height):
                continue  # « N° de » / « référence »: the rest of the label above, no label of its own
            texts: list[tuple[int, str]] = []
            for under in range(index, min(len(lines), index + 4)):
                if under > index:
                    other = lines[under]
                    bottom = max(w.box[3] for w in stack[-1][1])
                    tail = next((c for c in cells(other) if abs(c[0].box[0] - cell[0].box[0]) < 0.01), None)
                    if other.page != line.page or (tail is not None and tail[0].box[1] - bottom > 2.5 * height):
                        break
                    if tail is None:
                        continue  # another column's line between two of the cell's
                    if is_table_header(other):
                        break  # « Facture d'acompte » over « N°  Désignation  Qté  Montant »: the title over the table's head
                    if len(tail) > _PANEL_LABEL_WORDS:
                        break
                    rest = _folded_cell(other, tail)
                    if _DIGIT.search(rest):
                        break
                    text = f"{text} {rest}"
                    stack.append((other, tail))
                texts.append((len(stack), text.strip(" :.#")))
            out.append((texts, stack))
    _LAST_STACKS[0] = (lines, out)
    return out


def _label_goes_on(above: Line, cell: list[Word], height: float) -> bool:
    """True when ``cell`` is the second line of a label wrapped in its cell: it starts in small letters (« référence »,
    « de Commande »), just under a cell of the line ``above`` at its left edge, with no digit and no colon ending it
    (« N° de »), nor any digit after it on its line (a value: a row of its own), the gap between them less than a
    line's (a cell's own lines, where a panel's rows are set apart)."""
    from guichet.plugins.fields_rules.blocks import cells

    if not cell[0].text[:1].islower() or above.page != cell[0].page:
        return False
    row = cells(above)
    head = next((c for c in row if abs(c[0].box[0] - cell[0].box[0]) < 0.01), None)
    if head is None or any(_DIGIT.search(w.text) for c in row if c[0].box[0] >= head[0].box[0] for w in c):
        return False  # « Date  05/03/2026 » over « n° facture »: a row of its own with its value, no label cut
    return not head[-1].text.endswith(":") and cell[0].box[1] - max(w.box[3] for w in head) < 0.8 * height


def _panel_values(lines: list[Line], stack: list[tuple[Line, list[Word]]]) -> list[list[tuple[Line, list[Word]]]]:
    """The cells that may hold the value of a panel's label, best first: one to three cells of one column, one
    under the other, in the next cell to its right, centred on the label (the usual row of a panel) or level
    with one of its lines or across its middle; else under the label at its left edge (a label over its value). Centred runs first,
    then the longer."""
    from guichet.plugins.fields_rules.blocks import cells

    first, last = lines.index(stack[0][0]), lines.index(stack[-1][0])
    x0, top, right, bottom = _box([c for _l, c in stack])
    height = max(w.box[3] - w.box[1] for _l, c in stack for w in c)
    beside, under = [], []
    for other in lines[max(0, first - 4):last + 5]:
        if other.page != stack[0][0].page:
            continue
        found = next((c for c in cells(other) if c[0].box[0] > right + 0.003), None)
        if found is not None and found[0].box[0] - right < 0.3 and top - 2 * height < found[0].box[1] < bottom + height:
            beside.append((other, found))
        found = next((c for c in cells(other) if abs(c[0].box[0] - x0) < 0.012), None)
        if found is not None and bottom - 0.2 * height < found[0].box[1] < bottom + 4 * height:
            under.append((other, found))
    # A header row's other cells on the label's first line: a value aligned under one of them is that column's (« RE-Nr.  Datum
    # Fällig zum » over « … Rechnung  06.07.2022 »: the due date beside the wrapped « Datum » / « Rechnung »).
    headers = [c for c in cells(stack[0][0]) if c[0].box[0] > right and not re.search(r"\d", " ".join(w.text for w in c))]
    runs = []
    for kind, column in enumerate((beside, under)):
        column.sort(key=lambda item: item[1][0].box[1])
        for start, head in enumerate(column):
            run = [head]
            for nxt in column[start + 1:]:
                prev = run[-1][1]
                gap = nxt[1][0].box[1] - max(w.box[3] for w in prev)
                if len(run) == 3 or gap >= height:
                    break
                if gap > -0.2 * height and (abs(nxt[1][0].box[0] - prev[0].box[0]) < 0.012
                                            or abs(nxt[1][-1].box[2] - prev[-1].box[2]) < 0.012):
                    run.append(nxt)
            for length in range(1, len(run) + 1):
                part = run[:length]
                _x, run_top, _r, run_bottom = _box([c for _l, c in part])
                if kind == 1:
                    if start == 0 and run_top - bottom < height:
                        runs.append((2, -length, part))
                    continue
                run_x0, run_x1 = min(c[0].box[0] for _l, c in part), max(c[-1].box[2] for _l, c in part)
                if kind == 0 and run_top > top + 0.3 * height and any(
                        abs(c[0].box[0] - run_x0) < 0.012 or abs(c[-1].box[2] - run_x1) < 0.012 for c in headers):
                    continue
                centred = abs((run_top + run_bottom) - (top + bottom)) / 2 <= 0.5 * height
                level = run_bottom <= bottom + 0.5 * height and any(
                    abs(run_top - min(w.box[1] for w in cell)) <= 0.3 * height for _l, cell in stack)
                covers = length > 1 and run_top <= (top + bottom) / 2 <= run_bottom  # « 14 » / « luglio 2023 » at « Data: »
                if centred or level or covers:
                    runs.append((0 if centred else 1, -length, part))
    runs.sort(key=lambda item: item[:2])
    return [part for _c, _l, part in runs]


#: A word abbreviated with a point, not all capitals (« Rm. », « Qté. », « Tel. »): a label's, where a reference's prefix cut
#: at its point is capitals (« INV. » / « 23812 »).
_ABBREVIATION = compiled(r"(?=[A-Za-z]*[a-z])[A-Za-z]{1,5}\.")


def _panel_number(lines: list[Line], label: str, run: list[tuple[Line, list[Word]]]) -> Cand | None:
    """The number a run of value cells holds: one word, or a reference wrapped at its separators
    (« INV/ » / « 2023/845 »)."""
    if any(len(cell) != 1 for _l, cell in run):
        return None
    text = run[0][1][0].text
    if len(run) > 1 and (L.NOT_OWN_NUMBER.search(fold(text)) or L.INVOICE_NUMBER.search(fold(text))
                         or _ABBREVIATION.fullmatch(text)):
        return None  # « Kunden-Nr. » / « C25983 », « Rm. » / « 119 »: the next header cell's label over its value
    for _line, cell in run[1:]:
        piece = cell[0].text
        if not (text[-1:] in "/-._" or piece[:1] in "/-._") or _MONTH_WORD.fullmatch(fold(piece)):
            return None  # « 06. » over « Januar »: a date wrapped in its cell, no reference
        text += piece
    line, word = run[0][0], run[0][1][0]
    start, end = line.spans[line.words.index(word)]
    text = text.strip(".,;:()")
    if number_token(text, text) and not re.fullmatch(r"\d{1,3}", text) and not other_identifier(text, line, start, lines):
        return Cand(text, line, start, end, WRAPPED_LABEL_SCORE, label, [c[0] for _l, c in run])
    return None


def _panel_date(label: str, run: list[tuple[Line, list[Word]]], us: bool) -> Cand | None:
    """The date a run of value cells holds, read as one (« 9 novembre » / « 2023 »)."""
    text = " ".join(w.text for _l, cell in run for w in cell)
    if not _DATE_RE.fullmatch(fold(text)):
        return None
    value = parse_date(text, month_first=us)
    if value is None:
        return None
    line, word = run[0][0], run[0][1][0]
    start = line.spans[line.words.index(word)][0]
    end = line.spans[line.words.index(run[0][1][-1])][1]
    return Cand(value, line, start, end, WRAPPED_LABEL_SCORE, label, [w for _l, c in run for w in c])


def _panel_cands(lines: list[Line], patterns: Labels, read, wrapped: Labels | None = None) -> list[Cand]:  # noqa: ANN001 - a run's reader
    """The values of a key-value panel whose label or value wraps in its cell: for each label, the first run
    of value cells ``read`` reads (a single-line label's value on its own line is the line rules' to read)."""
    out = []
    for label, stack in _panel_labels(lines, patterns, wrapped):
        for run in _panel_values(lines, stack):
            if len(stack) == 1 and len(run) == 1:
                continue
            found = read(label, run)
            if found is not None:
                out.append(found)
                break
    return out


#: A bare year (« 2025 »): after a weak label or the title, the year of a date wrapped in its cell (« Fecha de » /
#: « Factura 2025 ») or of the period billed, no number; after a strong label (« Facture n° 2025 ») it is one.
YEAR = compiled(r"(?:19|20)\d\d")


def _thing_of(lines: list[Line], found: Cand, line: Line, match: re.Match[str], rank: float, titled: set[str]) -> str | None:
    """What a number read after a weak label is said of besides the document (:func:`thing_said`): :data:`RIVAL`,
    :data:`UNKNOWN`, or None (the document's own)."""
    from guichet.plugins.fields_rules.blocks import in_party_form

    if rank < L.WEAK_RANK:
        return None
    if found.line is line and in_party_form(lines, line):
        return RIVAL  # « Verkäufer » / « Nummer: 549910 »: the party's own number, under its heading in a form
    between = fold(line.text[match.end():found.start]) if found.line is line else _wrapped_label(lines, line, match, found)
    return _other_thing_said(line, match, titled, between, found.end if found.line is line else None)


def _wrapped_label(lines: list[Line], line: Line, match: re.Match[str], found: Cand) -> str:
    """The words (folded) of a label's cell wrapped on the lines next to it in its narrow column, for a value read
    under it: the line just above the label and those down to the value (« Doss. » over « numéro », « Numéro » over
    « exp. : »), words with no digit over the label's own (a header grid's cell, its value under it)."""
    label = line.words_in(match.start(), match.end())
    if not label or found.line is line or found.line.page != line.page:
        return ""
    x0, x1 = min(w.box[0] for w in label), max(w.box[2] for w in label)
    height = label[0].box[3] - label[0].box[1]
    top = min(w.box[1] for w in label)
    # each word by its own top: a header grid's cells wrap at different heights, so a line gathers words of
    # several rows (« Rm » over « no. » is on the line above the label's, whose top is another cell's)
    bottom = min(w.box[1] for w in found.words) if found.words else found.line.top
    near = [other for other in lines if other.page == line.page and other is not line and other.top < found.line.top]
    return " ".join(fold(w.text) for other in near for w in other.words
                    if w.box[0] < x1 and w.box[2] > x0 and top - 1.6 * height <= w.box[1] < bottom
                    and not any(c.isdigit() for c in w.text))


def _titled_thing_bonus(found: Cand, titled: set[str]) -> float:
    """What a number after a rival's label (« Folio n° », « N° de note ») gets back when that thing is the document's
    title (:func:`_titled_thing`): the document's own number."""
    label = fold(found.label or "")
    return _TITLED_THING_BONUS if L.NOT_OWN_NUMBER.search(label) and _titled_thing(label, titled) else 0.0


def invoice_number(lines: list[Line], seen: list[Seen] | None = None) -> Cand | None:
    """The token after an invoice-number label (same line, or under a label that ends its cell).

    ``seen``: when given, every candidate weighed is added to it with how it was found (:class:`Seen`): the
    learnt ranking's input (``number_ranker``); what is read does not change."""
    from guichet.plugins.fields_rules.totals import is_table_header

    cands = []
    no_year = []  # found after a weak label or the title: a bare year there is a date's, no number
    from guichet.plugins.fields_rules.unnamed_number import title_nouns  # (it imports this module's helpers)

    # what the document calls itself: its title's head (« Note » of « Note de séjour »: « Séjour n° » is the booking's)
    nouns = title_nouns(lines)  # (once per page: the fallback below reads the same)
    titled_words = nouns or title_words(lines)
    rivals = []  # numbers said of a rival the tables name (a customer, a contract, a meter): never the document's
    unknown = []  # numbers said of a noun no table names (« Relevé n° », « Gast Nr. »): the document's only if alone
    for line in lines:
        if is_table_header(line):
            continue  # the lines' table: "Réf." / "N°" head each line's article code, not the invoice's number
        titled_serial = _beside_title(lines, line)
        hits = label_hits(line, L.INVOICE_NUMBER)
        if titled_serial:  # « FACTURE » beside « Numéro de série 60365 »: a serial number of invoices
            hits += [(L.WEAK_RANK + _SERIAL_RANK, match) for _rank, match in label_hits(line, L.SERIAL_NUMBER)]
        elif (serial := label_hits(line, L.SERIAL_NUMBER)) and _beside_issue_date(lines, line):
            # among the references, by the issue date's label: the invoices' serial number (a value that calls
            # itself a serial number, « SN48213 », « S/N 0412 », is a product's)
            serial = [(L.WEAK_RANK, match) for _rank, match in serial
                      if not re.match(r"\W*(?:s\W?n|serial)\b|\W*sn\d", line.norm[match.end():])]
            titled_serial = bool(serial)
            hits += serial
        for rank, match in hits:
            if _across_rows(line, match):
                continue  # « Intestatario fattura » and the next cell's « N. » (of « N. » / « notti ») fused in one line
            if rank >= L.WEAK_RANK and (_in_date_label(line, match) or _not_own_label(line, match)
                                        or _kind_value(lines, line, match) or _in_phrase(line, match)):
                continue  # a bare "No:" after "Customer": that number's own label, not the invoice's
            if not titled_serial and L.SERIAL_NUMBER.search(_label_said(line, match)):
                continue  # « Numéro de série : SN48213 » in a line or a repair's header: a product's serial number
            if re.search(r"(?<![a-z])(?:n|nr|no)$", match.group()) and line.norm[match.end():match.end() + 1].isdigit():
                continue  # "FATTURA N2026-2263": the N is the number's own prefix, not an abbreviated "numéro"
            if _sign_of_headed_value(lines, line, match):
                continue  # « #314423766 » in a header grid's row: the order's own sign, its label the header over it
            match = _unglued(line, match)  # "Numero della fatturaN 3645/26": the glued capital starts the value
            # a word across the label's end holds the value's start: "N° du documentFA240788", "Pièce n°F 3482/24"
            tokens = [(w, a, b) for w, (a, b) in zip(line.words, line.spans, strict=True) if a >= match.end()
                      or (a < match.end() < b and (b - match.end() > 2 or line.text[match.end():b].isupper()))]
            numbered = bool(L.NUMBER_SIGN_END.search(match.group()))
            # The label says « number » anywhere (« Numero della fattura : N 5325/24 »): a lone « N » is the value's prefix.
            says_number = numbered or L.says_number(match.group())
            rest = line.norm[match.end():]
            tail = re.match(r" ?([a-z]{1,5})\.", rest)  # in the label's cell: no column gap before it
            if tail and tail.group(1) in _LABEL_TAILS:
                rest = rest[tail.end():]  # the label's own abbreviated word (« N° pièce fact. »)
            # The label ends its cell: nothing follows, or a column gap does (after ":", "#" or the "." of "Ref.").
            ends_cell = not rest.strip(" :#.") or re.match(r"[\s:#.]*\s{2}", rest)
            found = None
            for skipped, (word, a, b) in enumerate(tokens):
                text = word.text.strip(".,;:()")
                shown = word.text
                if a < match.end():
                    text = shown = line.text[match.end():b].strip(".,;:() ")
                else:
                    text = unsigned(text, numbered=numbered)  # "Facture n.9812", "Invoice #9812": the number's sign glued to it
                following = tokens[skipped + 1] if skipped + 1 < len(tokens) else None
                glued = a < match.end()  # letters glued to a whole label are the value's: "Numero della fatturaN 3645/26"
                prefix = joined_code(shown, text, line.text[b:following[1]], following[0].text,
                                 numbered=says_number or glued) \
                    if following and (says_number or glued) and fold(text) in _NUMBER_WORDS else None
                if (label_token(fold(text)) and not prefix) or not text:
                    continue
                if skipped == 0 and word.text.endswith(".") and fold(text) in _LABEL_TAILS:
                    continue  # the label's own abbreviated word after it (« N° pièce fact. : 217/2026 »)
                if skipped == 0 and rank < L.WEAK_RANK and text.isalpha() and L.SELLER_BLOCK.fullmatch(fold(text)):
                    continue  # whose invoice, said after its label (« Nº factura vendedor : 2025118 »): the seller's
                if skipped == 0 and len(text) <= 3 and text.isalpha() and word.text.endswith(":") is False and any(
                        w.text == ":" or w.text.startswith(":") for w, _a, _b in tokens[1:2]):
                    continue  # an abbreviation OCR misread ("Rechnung Ne :") before its colon
                if skipped > 3 or parse_date(text) or (re.fullmatch(r"\(?\d{3}\)?", text) and rank >= L.WEAK_RANK) \
                        or _date_at(line, a, b) or _DAY_OF_MONTH.match(line.norm, a):  # the day of a date ("26 avril 2021")
                    break
                if _page_counter(text, line, lines):
                    break  # « … - N°  1/2 »: the page's counter beside a label wrapped at the end of its line
                if fold(text) in ("du", "vom", "von", "date", "dated") or any(
                        m.start() <= a < m.end() for m in _AMOUNT_RE.finditer(line.text)):
                    break  # a date's label, or an amount ("Total HT de la facture  39 328,01 €")
                if a >= match.end() and _wrapped_day(lines, line, word):
                    break  # « 26 » over « mai » / « 2025 »: the next cell's date wrapped in it, beside the label
                parts = [word]
                joined = joined_code(shown, text, line.text[b:following[1]], following[0].text,
                                 numbered=says_number or glued) if following else None
                if joined and following is not None:
                    # a prefix apart from its sequence ("INV /2022/904", "INV. 23812", "FA 2024/0012"): one number
                    text, b, parts = joined, following[2], [word, following[0]]
                lead = text
                text, b, parts = read_on(line, tokens[skipped + len(parts):], text, b, parts)
                rest = _wrapped_rest(lines, line, word) if len(parts) == 1 and _PREFIX_CUT.fullmatch(word.text) else None
                if rest is not None:  # « N° pièce F/ » over « 2025/05111 »: the number wrapped at its separator in its cell
                    text, parts = word.text + rest.text, [word, rest]
                if other_identifier(text, line, a, lines):
                    break  # another identifier after a bare "N°": a VAT number, an IBAN, the SIREN
                if number_token(text.replace(" ", ""), word.text) or _first_counts(text, line, b, rank):
                    found = Cand(text, line, a, b, _lead_joined(_number_score(line, match, rank), lead, text),
                                 line.text[match.start():match.end()], parts)
                    label_end = max(w.box[2] for w in line.words_in(match.start(), match.end()) or [word])
                    if word.box[0] - label_end > 0.12 and "  " in line.text[match.end():a] \
                            and not _panel_row(lines, line, word):
                        found.score -= 0.15  # across a wide gap: maybe another block's number (a postcode)
                        below_found = _number_below(lines, line, match, rank) if ends_cell else None
                        if below_found is not None and below_found.score > found.score:
                            found = below_found
                    elif ends_cell and _headed_elsewhere(lines, line, word):
                        found = _number_below(lines, line, match, rank) or found  # a merged grid: the value under it
                break  # another word stands between the label and the value: not this label's value
            if found is None and ends_cell and (rank < L.WEAK_RANK or _whole_cell(line, match)):
                found = _number_below(lines, line, match, rank)
            if found is not None:
                thing = _thing_of(lines, found, line, match, rank, titled_words)
                if thing is not None:
                    found.score -= _OTHER_THING_PENALTY
                    (rivals if thing == RIVAL else unknown).append(found)
                else:
                    found.score += _titled_thing_bonus(found, titled_words)
                cands.append(found)
                if seen is not None:
                    seen.append(Seen(found, "label", rank, thing))
                if rank >= L.WEAK_RANK:
                    no_year.append(found)
        titled = _title_number(line, lines) or _title_block_number(line, lines) or _unlabelled_number(line, lines)
        if titled is not None:
            cands.append(titled)
            no_year.append(titled)
            if seen is not None:
                seen.append(Seen(titled, "title"))
    panel = _panel_cands(lines, _STRONG_NUMBER, lambda label, run: _panel_number(lines, label, run))
    cands += panel
    if seen is not None:
        seen.extend(Seen(cand, "panel") for cand in panel)
    _credit_note_own(lines, cands)
    rivals += _credit_note_origin(lines, cands)
    cands = [c for c in cands if not gs1_key(c)]
    rivals += _supply_points(lines, cands, rivals + unknown)
    # By the label's kind, not the score: a strong label's score falls with its rank and a wide gap.
    cands = [c for c in cands if not (YEAR.fullmatch(str(c.value)) and any(c is n for n in no_year))]
    found = best(cands)
    _folio_alone(lines, found, cands)
    own = [c for c in cands if not _among(c, rivals + unknown)]
    if found is not None and (_among(found, rivals) or (_among(found, unknown) and own)):
        found = None  # the best is another thing's number: the invoice's own was not read (a wrong number is worse)
    if found is not None and _bare_sign(found.label):
        from guichet.plugins.fields_rules.unnamed_number import title_code

        beside = title_code(lines)  # « Titre de recettes R/2024/674 » over a header's « N° » / « BORD. » / « 358 »
        if beside is not None and code_key(beside.value) != code_key(found.value):
            found = beside
    if found is None or _among(found, unknown):  # no known label names it: the page's structure may (title, a number
        # sign, a code printed again); a number said of an unknown noun only when nothing else is read.
        # (a local import: unnamed_number imports this module's helpers at its top)
        from guichet.plugins.fields_rules.unnamed_number import own_titled, unnamed_number

        fallback = unnamed_number(lines, nouns)
        if fallback is None and found is not None:  # a noun no table names, its number the only one read: unsure,
            found.score = min(found.score, _RIVALLED_SCORE)  # read for a person to check, never written alone
        found = fallback or found
        # « Quittance n° » under the title « Quittance de loyer »: the label names the document, no rival's is close
        titled = fallback is not None and own_titled(fold(fallback.label or ""), nouns)
    else:
        titled = False
    whole = _printed_whole(lines, found) if found is not None else None
    if whole is not None:
        found.value = whole
    longer = _read_whole_elsewhere(found, cands) if found is not None else None
    if longer is not None:  # « Invoice no. 65 9774 7494 continued » cut to « 65 », read whole in the panel
        found.value, found.score = longer.value, min(found.score, longer.score)
    if not titled and _rivalled(found, cands):
        found.score = min(found.score, _RIVALLED_SCORE)
    if found is not None and any(w.confidence < 1.0 for w in found.words or found.line.words_in(found.start, found.end)):
        found.value, doubt = reference_read(str(found.value))  # OCR: « INV-1O23 » is INV-1023; « S1/2024 » a doubt
        if doubt or _cut_at_a_one(found):
            found.score = min(found.score, _RIVALLED_SCORE)
    return found


#: A hotel folio's number label (« Folio number », « N. folio », « Nº folio »): a till label of every table.
_FOLIO_LABEL = compiled(r"\bfolio\b")


def _folio_alone(lines: list[Line], found: Cand | None, cands: list[Cand]) -> None:
    """Lifts the folio's number (a till label, lowered as another thing's: beside an invoice's number it is the stay's
    account) when it is the page's own: no label of the invoice's number (ranked before the till's) anywhere on the
    page, and every number weighed is this one code."""
    if found is None or not _FOLIO_LABEL.search(fold(found.label or "")):
        return
    if any(code_key(c.value) != code_key(found.value) for c in cands):
        return
    if any(rank < L.TILL_RANK for line in lines for rank, _m in label_hits(line, L.INVOICE_NUMBER)):
        return
    found.score = max(found.score, 0.5)


#: A GS1 key's name just before its value (« GLN : », « EAN Artikel », « Code GTIN »), a word or three after it.
_GS1_NAME = compiled(r"\b(?:gln|gtin|ean|iln|upc)(?:\s*-?\s*1[34])?\b(?:\s+[a-z']+){0,3}\W*$")


def gs1_digits(text: str) -> bool:
    """True when ``text`` is a GS1 key (GTIN-8/12/13/14, GLN): 8, 12, 13 or 14 digits whose last is their check digit."""
    from stdnum import ean

    digits = re.sub(r"\s", "", text)
    return digits.isdigit() and ean.is_valid(digits)


def gs1_key(cand: Cand) -> bool:
    """True when ``cand`` is a location's or a product's GS1 key printed under its name (« GLN : 3012345678902 »,
    « EAN 4006381333931 »): a key with a valid check digit, the key's name just before it; never an invoice's number."""
    return gs1_digits(str(cand.value)) and _GS1_NAME.search(fold(cand.line.text[:cand.start])) is not None


def _printed_whole(lines: list[Line], found: Cand) -> str | None:
    """The number ``found`` read cut where its line or its cell ends (« FACTURE N° F 2026 » in a title's box that
    wrapped « 89675 » onto the next line) when another line prints it going on with a digit group (« Paiement pour la
    facture F 2026 89675 »): that longer code, else None. Only for a code of letters and digits set apart by spaces:
    where a cut is possible and another code is unlikely to start with the same letters and year."""
    value = str(found.value)
    if " " not in value or not any(c.isalpha() for c in value) or not re.match(r"\s*(?:\s\s|$)", found.line.text[found.end:]):
        return None
    pattern = re.compile(r"(?<![\w/.-])" + re.escape(value) + r" (\d{3,})(?![\w/.,-])")
    for line in lines:
        again = pattern.search(line.text) if line is not found.line else None
        if again is not None:
            return f"{value} {again.group(1)}"
    return None


def _read_whole_elsewhere(found: Cand, cands: list[Cand]) -> Cand | None:
    """The candidate that reads ``found``'s number whole when ``found`` was cut short on its line: its digit groups
    go on there after it (a running head « Invoice no. 65 9774 7494 continued », read « 65 ») exactly as another
    candidate read them (« 65 9774 7494 » in the reference panel); else None."""
    value = str(found.value)
    going_on = found.line.text[found.end:]
    for cand in cands:
        other = str(cand.value)
        if other.startswith(value + " ") and re.fullmatch(r"[\d ]+", other[len(value):]) \
                and going_on.startswith(other[len(value):]) and not going_on[len(other) - len(value):][:1].isalnum():
            return cand
    return None


@dataclasses.dataclass
class Seen:
    """A candidate :func:`invoice_number` weighed: how it was found (``label``, ``title``, ``panel``), its label's
    rank in ``labels/*.toml`` and the other thing its label names (``RIVAL``, ``UNKNOWN``), if any."""

    cand: Cand
    origin: str
    rank: int | None = None
    thing: str | None = None


def _cut_at_a_one(found: Cand) -> bool:
    """True when OCR may have cut the number read at a « 1 »: digits alone follow it one word-space on, and a « 1 »
    stands on either side of that space (« 2025/7 1080 », « R20251 1255 »). A « 1 » is narrow, and its side bearing
    makes a gap as wide as a space: one code or two, the page does not say; a person reads it."""
    words = found.words or found.line.words_in(found.start, found.end)
    line = found.line
    if not words or words[-1] not in line.words:
        return False
    at = line.words.index(words[-1])
    if at + 1 >= len(line.words):
        return False
    after = line.words[at + 1].text.rstrip(".,;:")
    between = line.text[line.spans[at][1]:line.spans[at + 1][0]]
    value = str(found.value)
    return (between == " " and after.isdigit() and len(after) >= 2 and (value[-1:].isdigit() or value[-1:] in "/-.")
            and (value.endswith("1") or after.startswith("1")))


#: How near another number's score may come to the best one's before the choice between them is a guess.
_RIVAL_MARGIN = 0.1
#: The score of a number chosen among close rivals with no label naming the invoice: under the conversion's floor
#: (``PAPER_MIN_CONFIDENCE``, 0.3): a person picks, nothing is written from a guess.
_RIVALLED_SCORE = 0.25


def _bare_sign(label: str | None) -> bool:
    """True for a label that is a « number » sign and nothing else (« N° », « # », « No : »): it says whose number
    follows no more than the page around it does."""
    said = fold(label or "")
    return bool(L.NUMBER_SIGN.search(said)) and not label_words(L.NUMBER_SIGN.sub(" ", said))


def _rivalled(found: Cand | None, cands: list[Cand]) -> bool:
    """True when ``found`` was chosen with no label naming the invoice (:func:`_names_the_invoice`, or one of the
    strong labels of its number: « N° fact. », « Nº fra. »; so after a weak label, in the title's block, with no
    label) over another number scored within :data:`_RIVAL_MARGIN`: a header of several references (client, order,
    delivery note), where the one taken may be any of them."""
    if found is None or _names_the_invoice(found.label) or _STRONG_NUMBER.search(fold(found.label or "")):
        return False
    own = re.sub(r"\W", "", str(found.value))
    for cand in cands:
        other = re.sub(r"\W", "", str(cand.value))
        if cand.score >= found.score - _RIVAL_MARGIN and other and other not in own and own not in other:
            return True
    return False


#: How much a number loses when its label names another thing than the document (:func:`_other_thing_said`).
_OTHER_THING_PENALTY = 0.3
#: What a weak number label is said of besides the document (:func:`thing_said`): a rival the tables name (a
#: customer, a contract, an order, a meter: ``not_own_number``, another document's words, a party's words), or a noun
#: no table names.
RIVAL, UNKNOWN = "rival", "unknown"
#: How far down page 1 the document's head reaches (a fraction of the page), and how much taller than the page's
#: usual type a title's is, at least.
PAGE_HEAD = 0.5
TITLE_RATIO = 1.3


def usual_height(lines: list[Line]) -> float | None:
    """The usual height of page 1's words (their median), or None for an empty page."""
    heights = [w.box[3] - w.box[1] for line in lines if line.page == 1 for w in line.words]
    return statistics.median(heights) if heights else None


def title_sized(word: Word, usual: float) -> bool:
    """True when ``word`` is printed in a title's type: :data:`TITLE_RATIO` times the page's usual height at least."""
    return word.box[3] - word.box[1] >= TITLE_RATIO * usual


def title_words(lines: list[Line]) -> set[str]:
    """The words (folded) printed in a title's type (:func:`title_sized`) in the head of page 1: the document's
    title (« Facture », « Note », « Addition », « Folio », « Guest bill », « Cuenta »)."""
    usual = usual_height(lines)
    if usual is None:
        return set()
    return {fold(w.text).strip(".,;:()") for line in lines if line.page == 1 and line.top < PAGE_HEAD
            for w in line.words if title_sized(w, usual) and w.text.isalpha()}


def label_words(text: str) -> list[tuple[str, str]]:
    """The words (two letters at least) of a label's folded ``text``, each with its point (« dev. ») or ''. The
    ordinal signs « º », « ª » are letters to Unicode, not to a label: « nº » is the number sign « n » and a mark."""
    return re.findall(r"([^\W\d_ºª]{2,})(\.?)", text)


def own_word(word: str, titled: set[str]) -> bool:
    """True when a label's ``word`` (folded) names the document or its payment: its kind (``number_label.own``:
    « Pièce », « Beleg »), an invoice's or credit note's word, a word of paying, a word of the document's title but a
    party's (« Facture client »: the customer's number is still the customer's)."""
    return (word in L.OWN_DOCUMENT_WORDS or (word in titled and not L.BUYER_BLOCK.search(word)) or bool(L.TITLE_WORDS.search(word))
            or bool(L.PAYMENT_REFERENCE.search(word)))


def thing_said(words: list[tuple[str, str]], titled: set[str]) -> str | None:
    """What a number label's ``words`` (:func:`label_words`, its « number » word off) say it numbers besides the
    document: :data:`RIVAL` when a rival's table names it (``not_own_number``, another document, a party: « N° client »,
    « N° abonné »), :data:`UNKNOWN` for a noun no table names (« Relevé n° », « Gast Nr. », « Línea núm. », « Réf.
    dev. »), None when they name only the document or its payment (« Facture de vente n° », « Payment reference »,
    « Note n° » under the title « Note ») or are a sentence (more than four words)."""
    if len(words) > 4 or any(own_word(w, titled) for w, _p in words):
        return None
    others = [w for w, point in words if _other_thing(w, titled, abbreviated=bool(point))]
    if not others:
        return None
    said = " ".join(w for w, _p in words)
    return RIVAL if L.NOT_OWN_NUMBER.search(said) or L.BUYER_BLOCK.search(said) else UNKNOWN


def line_thing_said(line: Line, words: list[tuple[str, str]], titled: set[str], cell: str | None = None) -> str | None:
    """What a number label's ``words`` on ``line`` say it numbers besides the document (:func:`thing_said`); on a line
    about paying (``payment_reference``: « Merci de rappeler la référence … sur votre virement »), nothing: the
    payment's reference, the document's. ``cell``: the label's cell (folded), what is asked instead of the whole
    line (a header row's « Date limite de règlement » says nothing of « Doss. numéro » cells away)."""
    return None if L.PAYMENT_REFERENCE.search(line.norm if cell is None else cell) else thing_said(words, titled)


def _other_thing_said(line: Line, match: re.Match[str], titled: set[str], between: str = "",
                      value_end: int | None = None) -> str | None:
    """What a weak number label is said of besides the document (:func:`thing_said`): the words of its cell before it,
    and ``between``, what the line says from the label to its value (« Réf. dev. : », « Ref. del. : »), the thing's
    name said after the « number » word. A label that is itself a noun (« Copia de factura », « your bill ») is none.

    ``value_end``: where the value ends on the label's line. A word of paying then says the number is the payment's
    reference only within :data:`_CLAUSE_WORDS` words after it (« rappeler le n° 2025/01585 sur votre virement »), not
    from the far end of a sentence of legal mentions (« La loi n° 92/1442 du 31 décembre 1992 nous fait l'obligation
    … des conditions de paiement »: a law's number)."""
    if any(w not in L.NUMBER_GLUE for w, _p in label_words(match.group())):
        return None  # the label names the document itself (« Copia de factura », « This is your bill », « Beleg »)
    first, end = cell_span(line.norm, match.start())
    if thing_said(label_words(between), titled) == RIVAL and not L.PAYMENT_REFERENCE.search(between):
        return RIVAL  # the thing named right after the « number » word (« N° TVA : », « Réf. client : »), whatever a
        # long run of small print says before it (a legal footer's « … - RCS Lyon B 912 389 905 - N° TVA : »)
    if value_end is not None and value_end < end:
        after = list(re.finditer(r"\S+", line.norm[value_end:end]))
        if len(after) > _CLAUSE_WORDS:
            end = value_end + after[_CLAUSE_WORDS - 1].end()
    return line_thing_said(line, label_words(line.norm[first:match.start()]) + label_words(between), titled,
                           line.norm[first:end] + " " + between)


#: How many words after a number a word of paying still speaks of it (:func:`_other_thing_said`): a clause's.
_CLAUSE_WORDS = 6


def _other_thing(word: str, titled: set[str], *, abbreviated: bool = False) -> bool:
    """True when a label's ``word`` (folded) names another thing than the document (:func:`thing_said`);
    ``abbreviated``: printed with a point (« del. », « dev. »): a noun cut short, no article."""
    if word in L.NUMBER_GLUE and not (abbreviated and len(word) > 2 and word not in _LABEL_TAILS):
        return False
    return not own_word(word, titled) and word not in _LABEL_TAILS


def _among(cand: Cand, cands: list[Cand]) -> bool:
    return any(cand is other for other in cands)


#: What a label of another thing (« Folio n° », « N° de note ») gets back when that thing is the document's title.
_TITLED_THING_BONUS = 0.4


def _titled_thing(label: str, titled: set[str]) -> bool:
    """True when the only things a label (folded) names besides its « number » words are words of the document's
    title: « Folio n° » under the title « Folio », « Note n° » under « Note »: the document's own number."""
    words = [w for w, _p in label_words(label) if w not in L.NUMBER_GLUE]
    return bool(words) and all(w in titled for w in words)


#: The size of identifiers of a supply point or a meter (folded, without spaces): a French PDL/PRM or PCE in
#: 14 digits, a PCE « GI » and 6 digits, a Spanish CUPS, an Italian POD.
_SUPPLY_POINT = compiled(r"\d{14}|GI\d{6}|ES\d{16}[A-Z]{2}|IT\d{3}E\d{8}")


def _supply_point(text: str) -> bool:
    """True when ``text`` has the shape of a supply point's identifier (:data:`_SUPPLY_POINT`)."""
    return _SUPPLY_POINT.fullmatch(re.sub(r"\s", "", text)) is not None


def _supply_points(lines: list[Line], cands: list[Cand], said_of_things: list[Cand]) -> list[Cand]:
    """The numbers of a supply point's shape (:func:`_supply_point`) under a label that names no invoice, when the page
    names a supply point (``supply_point``: PDL, PCE, CUPS, POD…) or another number has an own label: they lose
    :data:`_OTHER_THING_PENALTY` and are returned (never the document's). Else a 14-digit number is as likely the
    invoice's (a time stamp « 20240312104512 »)."""
    shaped = [c for c in cands if _supply_point(str(c.value)) and not _names_the_invoice(c.label)
              and not _among(c, said_of_things)]
    if not shaped:
        return []
    owned = any(not _among(c, shaped + said_of_things) for c in cands)
    if not owned and not any(L.SUPPLY_POINT.search(line.norm) for line in lines):
        return []
    for cand in shaped:
        cand.score -= _OTHER_THING_PENALTY
    return shaped


def _headed_elsewhere(lines: list[Line], line: Line, word: Word) -> bool:
    """True when a value on a label's line stands under another label: the line just above holds a cell with no digit
    starting or ending at the value's edges (a header grid whose rows the page merged: « Shipment … » over « INVOICE NO.
    31/013727 », the label's own value under it)."""
    return _cell_header_above(lines, line, word) is not None


def _cell_header_above(lines: list[Line], line: Line, word: Word) -> str | None:
    """The text of the digit-free cell just above ``word`` on ``line``, starting at its left edge (its header in a grid
    whose rows the page merged), or None."""
    from guichet.plugins.fields_rules.blocks import cells

    index = lines.index(line)
    above = lines[index - 1] if index else None
    if above is None or above.page != line.page or line.top - above.top > 3 * (word.box[3] - word.box[1]):
        return None
    for cell in cells(above):
        said = " ".join(w.text for w in cell)
        if abs(cell[0].box[0] - word.box[0]) < 0.008 and not re.search(r"\d", said):
            return said
    return None


def _sign_of_headed_value(lines: list[Line], line: Line, match: re.Match[str]) -> bool:
    """True when a label hit is a bare number sign (« # », « N° ») glued to the digits of the word it starts
    (« #314423766 ») and that word stands under a header cell naming another thing than the document (:func:`thing_said`: « Order »,
    « Bestell-Nr. », not « Invoice », « Rechnung »): the value's own sign, as marketplaces print their orders'
    numbers; the header over its cell says whose number it is."""
    if not _bare_sign(line.text[match.start():match.end()]):
        return False
    for word, (a, b) in zip(line.words, line.spans, strict=True):
        if a <= match.start() and match.end() < b:
            if not line.text[match.end():match.end() + 1].isdigit():
                return False
            header = _cell_header_above(lines, line, word)
            # The header names another thing (« Order », « Bestell-Nr. »), not the document (« Invoice », « Facture »).
            return header is not None and thing_said(label_words(L.NUMBER_SIGN.sub(" ", fold(header))), set()) is not None
    return False


#: The fewest letters and digits a code needs for its being printed again to say anything (« 118 » may be a count).
_REPEAT_LEAST = 5


def code_key(value: object) -> str:
    """A code's letters and digits, folded: « FA-2024/0012 » and « fa 2024 0012 » are one code."""
    return re.sub(r"\W|_", "", fold(str(value)))


_NOT_CODE = compiled(r"[\W_]+")


def _squeezed(line: Line) -> str:
    """``line.norm`` without what :func:`code_key` drops (kept on the line: asked for every code of the page)."""
    found = line.__dict__.get("_squeezed")
    if found is None:
        found = line.__dict__["_squeezed"] = _NOT_CODE.sub("", line.norm)
    return found


def printed_again(lines: list[Line], value: object) -> bool:
    """True when two lines of the document or more print the code ``value`` (:func:`code_key`: spaces and separators
    aside; five letters and digits at least): the invoice's number repeated as the payment's reference, in a slip or a
    footer."""
    key = code_key(value)
    if len(key) < _REPEAT_LEAST:
        return False
    # A line printing the code holds its letters and digits in a row once the others are dropped: the pattern (one
    # compile per code, ~1 ms) is built only when two lines do (most codes are printed once).
    if sum(1 for line in lines if key in _squeezed(line)) < 2:
        return False
    pattern = re.compile(r"(?<![0-9a-z])" + r"[\W_]*".join(map(re.escape, key)) + r"(?![0-9a-z])")
    return sum(1 for line in lines if pattern.search(line.norm)) > 1


#: A credit note's title at the start of a line (« AVOIR », « Credit note », « Gutschrift », « Nota di credito »).
_CREDIT_TITLE = compiled(r"^\W*(?:" + "|".join(p.pattern for _r, p in L.CREDIT_NOTE) + ")")
#: How much a number whose label names an invoice loses on a credit note that labels its own number.
_CREDIT_OWN_PENALTY = 0.3


def _page_counter(text: str, line: Line, lines: list[Line]) -> bool:
    """True when ``text`` is the page's counter « k/n »: k the page ``line`` stands on, n the document's pages."""
    counter = re.fullmatch(r"(\d{1,3})/(\d{1,3})", text)
    return counter is not None and int(counter.group(1)) == line.page \
        and int(counter.group(2)) == max(other.page for other in lines)


def _credit_note_own(lines: list[Line], cands: list[Cand]) -> None:
    """On a credit note, the number under a credit-note label (« N° d'avoir », « Credit note no. », « Gutschrift-Nr. »)
    is the document's own: one under an invoice's label (« N° facture », « Invoice No. », « Rechnungsnummer ») is the
    invoice it corrects, and loses. A credit note is told by its title starting a line in page 1's upper half, or by
    the credit-note label itself starting its line (an invoice that deducts a credit note names it lower, in a sentence)."""
    def credit(cand: Cand) -> bool:
        return bool(cand.label and L.CREDIT_NOTE.search(fold(cand.label)))

    own = [c for c in cands if credit(c)]
    if not own:
        return
    titled = any(line.page == 1 and line.top < 0.5 and _CREDIT_TITLE.match(line.norm) for line in lines)
    if not titled and not any(c.line.page == 1 and _CREDIT_TITLE.match(c.line.norm) for c in own):
        return
    for cand in cands:
        if not credit(cand) and cand.label and L.INVOICE_WORD.search(fold(cand.label)):
            cand.score -= _CREDIT_OWN_PENALTY


def _credit_note_origin(lines: list[Line], cands: list[Cand]) -> list[Cand]:
    """On a credit note (its title starting a cell in page 1's upper half), the numbers under an invoice's label said
    in the same cell after the credit note's own word (« Avoir sur facture n° 2024-118 du 15/06/2024 », « Credit note
    against invoice no. »), or after a reversal's word (:data:`_REVERSAL`: « Storno fattura n. FE-23-09570 del
    12.12.2023 », « Storno zu Rechnung Nr. 4711 »): the invoice it corrects, never the credit note's own number."""
    from guichet.plugins.fields_rules.blocks import cells

    if not any(line.page == 1 and line.top < 0.5 and any(_CREDIT_TITLE.match(_folded_cell(line, cell)) for cell in cells(line))
               for line in lines):
        return []
    out = []
    for cand in cands:
        label = fold(cand.label or "")
        if not label or not L.INVOICE_WORD.search(label) or L.CREDIT_NOTE.search(label):
            continue
        at = cand.line.norm.rfind(label, 0, cand.start)
        before = cand.line.norm[cand.line.norm.rfind("  ", 0, at) + 1:at]
        if at > 0 and (L.CREDIT_NOTE.search(before) or _REVERSAL.search(before)):
            out.append(cand)
    return out


#: The word of a reversal (Italian and German « storno »): said before an invoice's number on a credit note, it names
#: the invoice the note reverses.
_REVERSAL = compiled(r"\bstorno\b")


_CONFUSABLE = str.maketrans("OoQDIl|SBZ", "0000111582")


def _least_confused(value: str, lines: list[Line]) -> str:
    """Among the page's spellings of an OCRed number (O/0, S/5, l/1...), the one with most digits."""
    key = value.translate(_CONFUSABLE)
    spellings = {w.text.strip(".,;:()") for ln in lines for w in ln.words
                 if len(w.text) >= len(value) - 1 and w.text.strip(".,;:()").translate(_CONFUSABLE) == key}
    chosen = max(spellings | {value}, key=lambda s: (sum(c.isdigit() for c in s), s == value))
    return _digits_in_context(chosen)


#: Letters OCR reads for digits, replaced where digits surround them: an O, o or Q before a digit
#: after a letter or a digit ("INVO17561" → "INV017561", "RO21960"), an l, I or | between digits.
_O_BEFORE_DIGIT = compiled(r"(?<=[A-Za-z0-9])[OoQ](?=\d)")
_ONE_BETWEEN_DIGITS = compiled(r"(?<=\d)[lI|](?=\d)")


def _digits_in_context(value: str) -> str:
    """An OCRed number with the letters that stand among its digits read as digits.

    An invoice number's prefix is letters and its sequence digits; a letter O at the seam
    (or a capital I between digits) is in practice a misread 0 (1): Tesseract confuses them
    in most typefaces without a slashed zero.
    """
    if not any(c.isdigit() for c in value):
        return value
    return _ONE_BETWEEN_DIGITS.sub("1", _O_BEFORE_DIGIT.sub("0", value))



#: A letter's place before its date, framed so that no word of it can be an event's: « Fait à Lyon le », a town and a
#: comma and maybe "le", "ce", "den", "lì", "addì", "a" (« Paris, le », « Berlin, den », « Milano, lì », « Madrid, a »).
_TOWN = r"[a-z][a-z' -]{1,30}?"
_PLACE_FRAMED = rf"fait\s*a\s*{_TOWN}\s(?:le)?|(?:en\s*)?{_TOWN},\s*(?:le|ce|den|am|li|addi|a|el)?"
_DAY_NAMED = rf"(?:(?:{_WEEKDAYS}),?\s*)?"  # « Tours, le samedi 25 juillet 2026 »
_PLACE_FRAME = compiled(rf"\s*(?:{_PLACE_FRAMED})\s*{_DAY_NAMED}")
#: What stands before a letter's date: a place framed (:data:`_PLACE_FRAME`), a town then "lì", "addì", "a", "den"; or
#: a town of at most three words and a dash ("Ulm –", "Aix en Provence -"), no label ("Date de mise en service –").
_PLACE_DATE = compiled(rf"\s*(?:{_PLACE_FRAMED}|(?:en\s*)?{_TOWN}\s(?:li|addi|a|den)"
                         rf"|[a-z][a-z'-]*(?:\s[a-z][a-z'-]*){{0,2}}\s*[–-])\s*{_DAY_NAMED}")
#: A date's label word: what it stands after is a label, not a place.
_DATE_WORD = compiled(r"\b(?:date|datum|fecha|data)\b")
#: A letter's place with no comma before its date (« Pau le 6 mai 2026 », « Berlin den 12.03.2024 », the Spanish « En
#: Málaga a 10/04/2024 », its « En » no part of the town), a town then the
#: word of a letter's date: taken for a place only when the page prints that town after a postcode (:func:`_letter_place`).
_TOWN_THEN_DATE = compiled(rf"\s*(?:fait\s*a\s*|en\s+)?(?P<town>[a-z][a-z' -]{{1,30}}?)\s+(?:le|ce|den|am|li|addi|a|el|il)\s*"
                             rf"{_DAY_NAMED}")


#: A postcode then a town's name, capital first, as printed (« 64000 Pau », « D-18055 Rostock »; not the « 8297 del » of
#: « Rif. fattura 202408-8297 del »).
_POSTCODE_TOWN = compiled(r"(?:(?<![\w/.-])|\b[A-Z]{1,2}-)\d{4,5}\s+[A-ZÀ-Ý]")


def _letter_place(place: str, lines: list[Line]) -> bool:
    """True when ``place`` (folded, what stands before a date on its line) is a letter's place: framed by a comma or a
    dash (:data:`_PLACE_DATE`: « Paris, le », « Ulm – »), or a town and a letter's date word with no comma
    (:data:`_TOWN_THEN_DATE`: « Pau le », « Erfurt den ») that the page prints after a postcode (« 64000 Pau »: the
    sender's or the addressee's address), whatever the town. With no comma, words the page's addresses do not hold are
    no town when the page prints addresses with postcodes (« Versandt den », « Livré le »: the shipping's, the
    delivery's day); on a page with none, « Erfurt den » stays a place."""
    if _WEEKDAY.fullmatch(place.strip()):
        return False  # a day of the week alone before its date (« Donnerstag, 7. März 2024 »), no town
    place = _END_WEEKDAY.sub(" ", place)  # its comma frames no place (« Trabajos realizados el Lunes, 20 de julio »)
    match = _TOWN_THEN_DATE.fullmatch(place)
    if match is None or _PLACE_FRAME.fullmatch(place) or len(match.group("town").strip()) < 3:
        return bool(_PLACE_DATE.fullmatch(place))
    town = re.compile(rf"(?<![\w])\d{{4,5}}\s+{re.escape(match.group('town').strip())}(?![\w'-])")
    if any(town.search(line.norm) for line in lines):
        return True
    return bool(_PLACE_DATE.fullmatch(place)) and not any(_POSTCODE_TOWN.search(line.text) for line in lines)


#: A letter's place with no comma (« Besançon le 20/09/2024 », « Perugia li 31 marzo 2026 »): a town's words, capital
#: first (joined by « en », « sur », « sous », « de », « lès »…), then « le », or the Italian letter's « lì », « addì ».
_BARE_TOWN_LE = compiled(r"(?P<town>[A-ZÀ-Ý][\w'’-]*(?:\s+(?:(?:en|sur|sous|de|du|des|la|les|l[eè]s|aux?)\s+)?[A-ZÀ-Ý][\w'’-]*){0,3})"
                         r"\s+(?:le|l[iì]|add[iì])\s*$")
#: The end of a French or Italian past participle or of a French common noun (« Livré », « Expédiées », « Intervention »,
#: « Paiement », « Passage », « Facture », « Consegnato »), never a town's: the word names an event before its date.
_EVENT_WORD_END = compiled(r"(?:ée?s?|ie?|ies|(?:m|pr|qu)is|ue?s?|tion|sion|ment|age|ure|ison|(?:at|it|ut)[oaie])$", re.IGNORECASE)


#: A day of the week ending what stands before a date, its comma with it (« Arbeiten ausgeführt am Freitag, »): the date's
#: own, no comma of a place's.
_END_WEEKDAY = compiled(rf"(?<![a-z])(?:{_WEEKDAYS}),?\s*$")


def _bare_letter_town(line: Line, cand: Cand) -> bool:
    """True when ``cand`` is a letter's date after its town with no comma (« Besançon le 20/09/2024 »), the town
    printed in no address of the page: the line holds nothing else, the town's words are capitalised as a place's
    name is, its last word ends as no participle nor common noun does (« Livré le », « Intervention le » name events),
    and no label of any date, party or document reads in it."""
    printed = line.text[:cand.start]
    weekday = _END_WEEKDAY.search(line.norm, 0, cand.start)  # « Perugia li martedì 31 marzo 2026 »
    match = _BARE_TOWN_LE.fullmatch(printed[:weekday.start() if weekday else cand.start].strip())
    if match is None or line.norm[cand.end:].strip(" ."):
        return False
    town = fold(match.group("town"))
    if _EVENT_WORD_END.search(match.group("town").split()[-1]):
        return False
    return not any(pattern.search(town) for pattern in (
        L.ISSUE_DATE, L.DUE_DATE, L.NOT_ISSUE_DATE, L.NOT_ISSUE_CONTEXT, L.TITLE_WORDS, _OWN_DOCUMENT, _PURCHASE, _DATE_WORD))


#: The labels of the day a receipt (:func:`~guichet.core.parsing.on_page.receipt_title`) was paid or charged,
#: written here: they only matter on a receipt. A direct debit's day (« Date de prélèvement », « Fecha de cargo »,
#: « Data di addebito ») is a due date's label (``labels/*.toml``), never one of these; « Fecha del cargo », « Data
#: dell'addebito » (the charge made) are. « Addebitato il » names both: a receipt's past charge, an invoice's debit.
_PAID = Labels([(0, Pattern(p)) for p in (
    r"date\s*(?:de|du)\s*(?:paiement|reglement|debit)", r"paye\s*le", r"regle\s*le", r"debite\s*le",
    r"date\s*paid", r"paid\s*on", r"payment\s*date", r"date\s*charged", r"charged\s*on", r"charge\s*date",
    r"bezahlt\s*am", r"zahlungsdatum", r"belastet\s*am", r"abgebucht\s*am",
    r"fecha\s*de(?:l)?\s*(?:pago|cobro)", r"fecha\s*del\s*cargo", r"pagado\s*el", r"cobrado\s*el", r"cargado\s*el",
    r"data\s*(?:di\s*|del\s*|dell\W?\s*)?pagamento", r"data\s*dell\W?\s*addebito", r"pagato\s*il",
    r"addebitato\s*il")])


def is_receipt(lines: list[Line]) -> bool:
    """True when the page is a receipt (:func:`~guichet.core.parsing.on_page.receipt_title`: its title, no invoice's
    title, nothing printed as still to pay): never an invoice that prints a support ticket's number."""
    return on_page.receipt_title("\n".join(line.text for line in lines))


def receipt_paid_date(lines: list[Line], found: Cand) -> bool:
    """True when ``found`` is a receipt's date of payment (« Date de paiement » on a « Reçu de paiement »): the
    receipt's own date, though its label also names a due date on an invoice."""
    return bool(found.label) and bool(_PAID.search(fold(found.label))) and is_receipt(lines)


def _other_document(line: Line, end: int, start: int = 0) -> bool:
    """True when a number label of another document (an order, the invoice a credit note corrects) stands
    on ``line`` before ``end`` (from ``start`` on: after the date's own label, when it has one); a date after it is
    that document's."""
    for _rank, match in label_hits(line, L.INVOICE_NUMBER):
        if match.start() < start:
            continue
        # said before the label ("commande n° 12 du ...") or between it and its number ("Réf. facture initiale 12 du ..."),
        # not in the date's own label after the number (« Rechnungsnummer: 2014-03  Liefer- und Rechnungsdatum: »)
        digit = re.search(r"\d", line.norm[match.end():end]) if match.end() <= end else None  # a number between them
        if digit and L.NOT_OWN_NUMBER.search(line.norm[max(0, match.start() - 15):match.end() + digit.start()]):
            return True
    return False


#: A possessive alone (« your bill », « votre facture », « Ihre Rechnung »): the reader's copy of this document, no other.
_POSSESSIVE = compiled(r"\s*(?:your|votre|vos|ihre?|su|sus|vostr[aoie]|tu)\s*")


def _corrected_document(number: Cand, end: int) -> bool:
    """True when the number read stands after another document's words (:func:`_other_document`) that open before its
    label and say more than a possessive (« Avoir sur facture n° F250228 du », « Storno fattura n. 12 del »; not « This
    is your bill 82 dated », nor « VAT Invoice no. 12 of », the words of its own label): a date after it is the date of
    the document corrected or referred to."""
    line = number.line
    label_at = line.norm.find(fold(number.label or "").strip())
    return _other_document(line, end) and any(not _POSSESSIVE.fullmatch(match.group()) and match.start() < label_at
                                              for match in L.NOT_OWN_NUMBER.finditer(line.norm[:end]))


#: Two labels joined into one (« Liefer- und Rechnungsdatum », « date de livraison et de facture »).
_JOINED = compiled(r"[a-z]-?\s+(?:und|and|et|y|e|&)\s+(?:de\s+|la\s+)?[a-z]|[a-z]-?\s?/\s?[a-z]")


def _joint_label(said: str) -> bool:
    """A cell that names the issue date jointly with another date (delivery, service): the one date printed is
    the issue date too."""
    return bool(L.ISSUE_DATE.search(said) and _JOINED.search(said))


def _joint_cands(lines: list[Line], finder) -> list[Cand]:  # noqa: ANN001 - a line's date reader
    """Dates after a strong issue-date label joined to another date's label before the value (« Date de facture /
    Date de livraison : 03/03/2024 », « Invoice date / Tax point: »): the one date printed is the issue date too.
    :func:`~.lines.labelled` leaves them, the other label's words standing between the label and its value."""
    out = []
    for line in lines:
        for rank, match in label_hits(line, _STRONG_ISSUE_DATE):
            after = [c for c in finder(line) if c.start >= match.end()]
            if after and after[0].start - match.end() <= 40 and _joint_label(line.norm[match.start():after[0].start]):
                after[0].score, after[0].label = 0.9 * (1.0 - rank * 0.02), line.text[match.start():after[0].start].strip(" :")
                out.append(after[0])
    return out


def _said_before(cand: Cand) -> str:
    """What the line says just before a date: the last cell that says something (a label's cell may stand
    before the date's own), from the previous date on, at most 50 characters ("Ursprungsrechnung RG
    4676/24 vom 2024-07-01": "ursprungsrechnung" is said of it; "Payable au plus tard le  25/09/2026")."""
    norm = cand.line.norm
    start = max(0, cand.start - 50)
    for match in _DATE_RE.finditer(norm, start, cand.start):
        start = max(start, match.end())
    cells = [cell for cell in re.split(r"\s{2,}", norm[start:cand.start]) if cell.strip(" :.")]
    return cells[-1] if cells else ""


#: The words a date's label says besides what it names: the date's own word (abbreviated too), articles and
#: prepositions (« Date du », « Date of », « Fecha de la », « Data dell' »).
_DATE_FILLER = compiled(r"\b(?:dates?|dte|dt|dat|datum|fecha|fch|f|data|du|de|des|d|la|le|les|l|of|the|on|at|am|den|vom|fait|a"
                          r"|von|der|el|del|il|di|della|dell|in|en|ce|con|jour|day|tag|giorno|dia)\b|[^a-z]+")
#: Words that name the document itself in a date's label, besides its title's (« Date d'émission », « Dte pièce »,
#: « Issue date », « Belegdatum », « Fecha emisión », « Data documento »).
_OWN_DOCUMENT = compiled(r"\b(?:" + "|".join(L.OWN_DOCUMENT_WORDS) + r"|emission|emis|edition|issue|issued|billing|"
                           r"ausstellung|emision|emissione|emessa|emitida|facturado|fatturato|invoiced|billed|"
                           r"etablie?|emise?|editee?|raised|ausgestellt|erstellt|berechnet|fakturiert|expedida|emesso|"
                           r"created|creation|creee?|creada|creacion|creata|creazione)\b")


#: A purchase's words in a date's label (« Date d'achat », « Achat du », « Purchase date », « Kaufdatum », « Fecha de
#: compra », « Data di acquisto »): a shop's invoice or a till receipt is dated by its purchase, no other event's date
#: (the paper gate alone doubts it, when the page prints other dates).
_PURCHASE = compiled(r"\b(?:achats?|purchased?|kauf|kaufdatum|gekauft|compra|acquisto)\b")


#: The score of a date whose label names another event as well (« Parti le », « Date de réception »), read when no other
#: date is the document's (unlabelled ones included): the page's only date still, unsure, under the conversion's floor
#: (``PAPER_MIN_CONFIDENCE``, 0.3): a person checks it, nothing is written from it.
ANOTHER_EVENT_SCORE = 0.25


#: A day of the week, which a label may print before its date (« Établie le mardi 24 mars 2026 »).
_WEEKDAY_NAME = compiled(rf"\b(?:{_WEEKDAYS})\b")
#: A token with a digit: a number, an identifier, never a label's word.
_IDENTIFIER = compiled(r"\S*\d\S*")


def _names_another(said: str, label: str, titled: frozenset[str] | set[str] = frozenset()) -> bool:
    """True when the cell of a weak issue-date label (« Date », « Le », « Fecha ») names something else as well: words
    that are neither the label's nor a date's filler and name no document (« Parti le », « DATE OF PAYMENT », « Fecha
    del presupuesto », « Date du jour d'impression »). Whatever the event or object, known or not: its date, not the
    issue date. A word of the page's title (``titled``: :func:`title_words`, « CREDIT » over « CREDIT DATE ») names the
    document itself."""
    if _PLACE_FRAME.fullmatch(_END_WEEKDAY.sub(" ", _IDENTIFIER.sub(" ", said))) and not _DATE_WORD.search(said):
        return False  # a letter's place and date (« Paris, le », « Fait à Lyon, le », « 10115 Berlin, den »): no event
    rest = _IDENTIFIER.sub(" ", said.replace(fold(label).strip(), " ", 1) if label else said)  # « FAC.54921 » is no word
    rest = _WEEKDAY_NAME.sub(" ", rest)  # « Établie le mardi »: the date's own day, no event
    if titled and any(word in titled for word in re.findall(r"[a-z]+", rest)):
        return False
    if L.TITLE_WORDS.search(rest) or _OWN_DOCUMENT.search(rest) or _STRONG_ISSUE_DATE.search(rest) or _PURCHASE.search(rest):
        return False
    return bool(re.search(r"[a-z]{3,}", _DATE_FILLER.sub(" ", rest)))


#: A date's own word in a label, abbreviated too (« Dte », « Dt. », « Dat. », « Fch. »).
_DATE_OWN_WORD = compiled(r"\b(?:dates?|dte|dt|dat|datum|fecha|fch|data)\b")
#: The score of a date whose label is composed of a date's word and the document's (« Dte fact. », « Dt. fattura »,
#: « Date du jour pièce »): as sure as a strong label read under its column.
COMPOSED_LABEL_SCORE = 0.85


def _names_the_document(said: str) -> bool:
    """True when a label's cell says a date's word and the document's (its title's word or a word of its own: « Dte
    fact. », « Dt. fattura », « Fecha emisión »), and nothing else: the issue date's label, however abbreviated."""
    if not _DATE_OWN_WORD.search(said) or not (L.TITLE_WORDS.search(said) or _OWN_DOCUMENT.search(said)):
        return False
    rest = _DATE_FILLER.sub(" ", _OWN_DOCUMENT.sub(" ", L.TITLE_WORDS.sub(" ", said)))
    return not re.search(r"[a-z]{3,}", rest)


def _composed_cands(lines: list[Line], finder) -> list[Cand]:  # noqa: ANN001 - a line's date reader
    """Dates whose own cell (close before them) or grid header (just above) is a label composed of a date's word and the
    document's (:func:`_names_the_document`), which no label list needs to hold."""
    out = []
    for line in lines:
        for cand in finder(line):
            beside, over = _cell_beside(line, cand) or _colon_label(cand), _header_over(lines, line, cand)
            said = beside if beside and _names_the_document(beside) else over if over and _names_the_document(over) else ""
            if said:
                cand.score, cand.label = COMPOSED_LABEL_SCORE, said
                out.append(cand)
    return out


def _colon_label(cand: Cand) -> str:
    """The cell before a date when its colon ends it (« Dte pièce :        28 mar. 2025 », a box's two columns): a label
    a column away from its value, whatever the gap."""
    said = _said_before(cand)
    return said if said.rstrip().endswith(":") else ""


def _label_cell(cand: Cand) -> str:
    """The cell holding a date's label: its column header's for a value read under it, else the cell before it."""
    return cand.heading if cand.label_line is not None else _said_before(cand)


def _before_label(said: str, label: str | None) -> str:
    """What a cell says up to the end of its strong label (« Expédié en date du »): the words after it are its own."""
    at = said.find(fold(label or "").strip())
    return said[:at + len(fold(label or "").strip())] if at >= 0 else ""


def _weakly_labelled(cand: Cand) -> bool:
    """True for a date read after a weak issue-date label only (« Date », « Le », « vom »)."""
    return bool(cand.label) and not _STRONG_ISSUE_DATE.search(fold(cand.label))


def _header_over(lines: list[Line], line: Line, cand: Cand) -> str:
    """The header cell over a date of a grid's value row: the words of the line just above, on its page and with no
    digit (a header row), that overlap the date's width, with the rest of their cell over no other value of the row,
    folded (« Date du jour d'impression » over « 18.04.24 »: the print run its last word names is past the date's width)."""
    index = lines.index(line)
    words = line.words_in(cand.start, cand.end)
    if not index or not words or lines[index - 1].page != line.page or _DIGIT.search(lines[index - 1].norm):
        return ""
    x0, x1 = words[0].box[0], words[-1].box[2]
    above = lines[index - 1]
    over = [at for at, w in enumerate(above.words) if w.box[0] < x1 and w.box[2] > x0 - 0.01]
    if not over:
        return ""
    # the whole header cell of those words (« Date du jour d'impression » over « 18.04.24 », narrower than its label),
    # never a word over another value of the row (a header row with no column gap is no cell)
    row = [line.words_in(cell.start(), cell.end()) for cell in CELL.finditer(line.norm)]
    others = [(v[0].box[0], v[-1].box[2]) for v in row if v and (v[-1].box[2] < x0 or v[0].box[0] > x1)]
    first = cell_span(above.norm, above.spans[over[0]][0])[0]
    stop = cell_span(above.norm, above.spans[over[-1]][1] - 1)[1]
    kept = [w for at, w in enumerate(above.words) if at in over or (
        first <= above.spans[at][0] and above.spans[at][1] <= stop
        and not any(w.box[0] < b and w.box[2] > a for a, b in others))]
    return fold(" ".join(w.text for w in kept))


#: The widest gap (a fraction of the page's width) between a label and its date in one cell or a box's two
#: columns (« Expédié le : 05/03/2024 »); farther, the words before are another column's.
_LABEL_GAP = 0.06


def _said_of_another(lines: list[Line], line: Line, cand: Cand, titled: frozenset[str] | set[str] = frozenset()) -> bool:
    """True when an unlabelled date's own cell, or the header cell over it, names something besides a date
    (« ARRIVED ON: 18/07/2026 », « Travaux commencés ce : 14.10.25 », « Printed » over a grid's value), or is another
    date's label though it says the document's word too (« Order raised on » over it): another event's date, known or
    not, never the document's."""
    return any(said and (_names_another(said, "", titled) or (L.NOT_ISSUE_DATE.search(said) and not _joint_label(said)))
               for said in (_cell_beside(line, cand), _header_over(lines, line, cand)))


def _cell_beside(line: Line, cand: Cand) -> str:
    """What the cell just before a date says (:func:`_said_before`) when its words stand close to the date: a far
    column's words (« 12 rue des Lilas      05/03/2024 ») say nothing of it."""
    words = line.words_in(cand.start, cand.end)
    at = line.words.index(words[0]) if words else 0
    near = at > 0 and words[0].box[0] - line.words[at - 1].box[2] <= _LABEL_GAP
    return _said_before(cand) if near else ""


#: A date in words whose year ends its cell on the next line: "dimanche 12 avril" / "2026", "lunes, 16 de febrero de" / "2026".
_DATE_HEAD = compiled(rf"(?:\b(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s{{1,2}}(?:de\s|of\s)?(?P<month>{_MONTH_NAMES})\.?"
                        rf"|\b(?P<month_first>{_MONTH_NAMES})\.?\s{{1,2}}(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?),?(?:\s{{1,2}}de)?"
                        r"(?=\s*$|\s{2})")
_DIGIT = compiled(r"\d")
#: The day of a date in words whose month follows ("18 de abril", "5. Dezember"): no invoice number.
_DAY_OF_MONTH = compiled(rf"\d{{1,2}}(?:er|st|nd|rd|th)?\.?\s{{1,2}}(?:de\s|of\s)?(?:{_MONTH_NAMES})\b")


#: A day of the week written before the day of the month (« mardi 15 », « Tuesday 15 », « Dienstag, 15. »).
_WEEKDAY = compiled(rf"(?:{_WEEKDAYS}),?")
#: A month and year whose day a narrow cell wrapped onto the line above or below (« 24. » / « Dezember 2023 »).
_MONTH_YEAR = compiled(rf"(?<![\d.])(?<!\d\s)(?<!\d\.\s)\b(?P<month>{_MONTH_NAMES})\.?\s{{1,2}}(?P<year>(?:19|20)\d\d)\b")


def _day_cand(value: dt.date, line: Line, day: Word, words: list[Word]) -> Cand:
    """The date ``value`` whose day ``day`` (and the day of the week just before it) stands on ``line``, its month
    and year on the line under it: a candidate on the day's line, where the date starts."""
    at = line.words.index(day)
    start, end = line.spans[at]
    if at and _WEEKDAY.fullmatch(fold(line.words[at - 1].text)) and day.box[0] - line.words[at - 1].box[2] < 0.02:
        start = line.spans[at - 1][0]
    return Cand(value, line, start, end, words=words)


#: The lines last searched and what was found, one tuple (issue and due date read the same lines one after the other).
_LAST_WRAPPED: list[tuple[list[Line], dict[int, list[Cand]]] | None] = [None]


def _wrapped_dates(lines: list[Line]) -> dict[int, list[Cand]]:
    """Dates in words cut by a narrow cell, the year wrapped under the day and month, or the day over or under the
    month and year: by ``id`` of the line of their month."""
    last = _LAST_WRAPPED[0]
    if last is not None and last[0] is lines:
        return last[1]
    out: dict[int, list[Cand]] = {}
    for index, line in enumerate(lines[:-1]):
        for match in _DATE_HEAD.finditer(line.norm) if _DIGIT.search(line.norm) else ():
            words = line.words_in(match.start(), match.end())
            cell = line.norm.rfind("  ", 0, match.start())
            left = line.words_in(cell + 2, match.start() + 1)[0].box[0] if cell >= 0 else line.words[0].box[0]
            if not words:
                continue
            day, month = match.group("day") or match.group("day_after"), match.group("month") or match.group("month_first")
            for nxt in lines[index + 1:index + 4]:  # the next line of this column (another column's lines may come between)
                under = [w for w in nxt.words if left - 0.01 <= w.box[0] <= words[-1].box[2]]
                if nxt.page != line.page or under:
                    break
            else:
                continue
            year = next((w for w in under[:2] if re.fullmatch(r"(?:19|20)\d\d", w.text)), None)
            value = parse_date(f"{day} {month} {year.text}") if year is not None and nxt.page == line.page else None
            if value is not None:
                out.setdefault(id(line), []).append(Cand(value, line, match.start(), match.end(), words=[*words, year]))
    for index, line in enumerate(lines):
        for match in _MONTH_YEAR.finditer(line.norm) if _DIGIT.search(line.norm) else ():
            words = line.words_in(match.start(), match.end())
            if not words or _DATE_RE.match(line.norm, max(0, match.start() - 4)):
                continue
            for above, other in ((True, lines[index - 1] if index else None),
                                 (False, lines[index + 1] if index + 1 < len(lines) else None)):
                if other is None or other.page != line.page:
                    continue
                day = [w for w in other.words if abs(w.box[0] - words[0].box[0]) < 0.012 or abs(w.box[2] - words[0].box[2]) < 0.012]
                if day and _WEEKDAY.fullmatch(fold(day[0].text)):  # « mardi 15 » over « juillet 2025 »: its day
                    after = other.words[other.words.index(day[0]) + 1:other.words.index(day[0]) + 2]
                    day = after if after and after[0].box[0] - day[0].box[2] < 0.02 else day
                if len(day) == 1 and re.fullmatch(r"\d{1,2}\.?", day[0].text):
                    value = parse_date(f"{day[0].text.rstrip('.')} {match.group('month')} {match.group('year')}")
                    if value is not None:
                        out.setdefault(id(line), []).append(Cand(value, line, match.start(), match.end(), words=[day[0], *words]))
                        if above:
                            # the day on the line above: the date starts there, as a header cell's value under its
                            # label (« Facture établie le » / « mardi 15 » / « juillet 2025 »): found there too
                            out.setdefault(id(other), []).append(_day_cand(value, other, day[0], [day[0], *words]))
                        break
    for index, line in enumerate(lines):  # a date in words a narrow cell wrapped over three lines
        if not _DIGIT.search(line.norm):
            continue
        read = dates(line)
        for cell in CELL.finditer(line.norm):
            if any(c.start < cell.end() and c.end > cell.start() for c in [*read, *out.get(id(line), [])]):
                continue
            stacked = _stacked(lines, index, line, cell)
            if stacked is not None:
                out.setdefault(id(line), []).append(stacked)
    _LAST_WRAPPED[0] = (lines, out)
    return out


def _stacked(lines: list[Line], index: int, line: Line, cell: re.Match[str]) -> Cand | None:
    """A date in words that a narrow cell wrapped over two or three lines, each part at the cell's left edge (« viernes,
    5 de » / « diciembre de » / « 2025 »): the day opens the cell, the year ends the last part. Found on the first line."""
    words = line.words_in(cell.start(), cell.end())
    if not words:
        return None
    x0, joined, parts = words[0].box[0], cell.group(), list(words)
    for other in lines[index + 1:index + 3]:
        if other.page != line.page:
            return None
        # the first word at the cell's left edge (by place: Word compares its fields, a slow list.index)
        at = next((i for i, w in enumerate(other.words) if abs(w.box[0] - x0) < 0.006), None)
        if at is None:
            return None
        piece = CELL.match(other.norm, other.spans[at][0])
        joined, parts = f"{joined} {piece.group()}", parts + other.words_in(piece.start(), piece.end())
        match = _DATE_RE.search(joined)
        if match is not None and match.start() < len(cell.group()) and match.end() >= len(joined) - 1:
            value = parse_date(match.group())
            return Cand(value, line, cell.start(), cell.end(), words=parts) if value is not None else None
    return None


def _fresh(wrapped: dict[int, list[Cand]], line: Line) -> list[Cand]:
    """The wrapped dates of ``line`` (:func:`_wrapped_dates`), fresh candidates each call as :func:`~.lines.dates`
    gives: a label that scores one must not rescore the candidate another label took (« Facture établie le » over
    a wrapped date, then the weak « le » of its last word)."""
    return [dataclasses.replace(cand) for cand in wrapped.get(id(line), [])]


#: The score of an issue date read after a weak label (« Date », « Le », « Fecha ») when every other date on
#: the page is said by its own label to be another one: as sure as a date under a strong label.
SURE_ISSUE_DATE = 0.8
#: Between the two dates of a period (« du 01/03/2024 au 31/03/2024 », « 01.03.–31.03.2024 », « March 1 to 31 »).
_RANGE_GAP = compiled(r"\s*(?:-|–|—|/|au|a|to|till|until|through|bis|al|hasta|fino\s*al)\s*")
#: The same gap when the period's last day prints its day of the week (« samedi 25 juillet 2026 - lundi 24 août 2026 »,
#: « vom Montag, 1. Juli 2024 bis Mittwoch, 31. Juli 2024 »): a date candidate starts at its day's number.
_RANGE_GAP_DAY = compiled(rf"\s*(?:-|–|—|/|au|a|to|till|until|through|bis|al|hasta|fino\s*al)\s*(?:(?:{_WEEKDAYS}),?\s*)?")


def _closes_range(line: Line, previous: Cand | None, cand: Cand) -> bool:
    """True when ``cand`` is the last day of a period whose first day ``previous`` is, just before it on ``line``."""
    return previous is not None and bool(_RANGE_GAP_DAY.fullmatch(line.norm[previous.end:cand.start]))


def _others_explained(lines: list[Line], found: Cand, due: dt.date | None, us: bool) -> bool:
    """True when every date the page prints besides ``found`` and the due date is said to be another date:
    after or under a due-date label or a label of another date (delivery, period, order, a service's day),
    or the end of a period whose start is one or is ``found``'s or the due date's value (a subscription's
    « Mar 5, 2024 – Apr 5, 2024 » on a receipt paid on March 5); never when ``found`` itself opens a period.
    Then a weakly labelled issue date has no rival: an invoice prints its issue date, and no other date on the
    page can be it. Dates the line reader does not parse
    but the page prints (:func:`~guichet.core.parsing.on_page.dates_on_page`) leave it unsure."""
    from guichet.core.parsing.on_page import dates_on_page

    def finder(line: Line) -> list[Cand]:
        return dates(line, us=us)

    if _opens_range(found, finder(found.line)):
        return False  # « 01/03/2026 au 31/03/2026 »: a period's start, as often a service's as the document's
    explained = {(id(c.line), c.start) for patterns in (L.DUE_DATE, L.NOT_ISSUE_DATE)
                 for c in labelled(lines, patterns, finder, max_gap=40)}
    seen = {found.value, due}
    for line in lines:
        on_line = finder(line)
        for index, cand in enumerate(on_line):
            seen.add(cand.value)
            if cand.value in (found.value, due):
                explained.add((id(line), cand.start))  # no rival; a period it opens ends on no rival either
            if (id(line), cand.start) in explained:
                continue
            said = _said_before(cand)
            previous = on_line[index - 1] if index else None
            if (L.NOT_ISSUE_DATE.search(said) or L.DUE_DATE.search(said) or _in_lines_table(lines, line)
                    or L.NOT_ISSUE_CONTEXT.search(said) or _other_document(line, cand.start)
                    or (not amounts(line) and (_said_of_another(lines, line, cand) or _labels_another_event(said)))):
                # (or said of another document: « En référence à la facture 12 du 30/04/2026 »; or, on a line with no
                # amount (a row of lines or of instalments says what it sells or paid, not what its date is), its own
                # cell, the header over it, or a label its colon ends a column away names another event, whatever its
                # words: « Parti le », « CHECKED IN ON », « Tiré ce :      20/08/2024 »)
                explained.add((id(line), cand.start))
            elif previous is not None and (id(line), previous.start) in explained and _closes_range(line, previous, cand):
                explained.add((id(line), cand.start))  # the end of a period whose start is explained
            elif _ends_wrapped_period(lines, line, cand, finder, explained):
                explained.add((id(line), cand.start))  # « du 01/07/2025 au » / « 31/07/2025 » in a narrow cell
            else:
                return False
    return dates_on_page("\n".join(line.text for line in lines)) <= seen


def _labels_another_event(said: str) -> bool:
    """True when ``said`` (:func:`_said_before`) is a label its colon ends (« Tiré ce : », a column away from its value)
    whose words name another event than the document's, an issue-date label in it set aside (« Encaissé en date du : »:
    the cashing's day, « en date du » only says a date follows)."""
    if not said.rstrip().endswith(":"):
        return False
    label = _STRONG_ISSUE_DATE.search(said)
    return _names_another(said[:label.start()] + " " + said[label.end():] if label else said, "")


def _ends_wrapped_period(lines: list[Line], line: Line, cand: Cand, finder, explained: set) -> bool:  # noqa: ANN001
    """True when ``cand`` opens its cell under the cell of an explained date of the line above that ends on a period's
    word (« du 01/07/2025 au » / « 31/07/2025 »): the end of a period a narrow cell wrapped."""
    index = lines.index(line)
    before = line.norm[:cand.start]
    if not index or lines[index - 1].page != line.page or (before.strip() and not before.endswith("  ")):
        return False
    above, x = lines[index - 1], line.x_of(cand.start)

    def cell_x(c: Cand) -> float:
        gap = above.norm.rfind("  ", 0, c.start)
        return above.x_of(gap + 2 if gap >= 0 else 0)

    return any((id(above), c.start) in explained and _RANGE_CUT.match(above.norm, c.end) and abs(cell_x(c) - x) < 0.03
               for c in finder(above))


#: A payment term's days just before an issue-date label's words (« 15 jours » / « date de facture », « 30 gg data
#: fattura », « 60 días fecha factura », « 30 days invoice date »): the term counts from the invoice's date.
#: Two cells' left edges this close (a page fraction) stand in one column.
_SAME_COLUMN = 0.01
_TERM_DAYS_END = compiled(r"\d{1,3}\s*(?:jours?|j|days?|tagen?|dias|giorni|gg)\.?\s*(?:nets?|netto|netos?|net)?\s*$")


def _term_counted_from(lines: list[Line], cand: Cand) -> bool:
    """True when the issue-date label ``cand`` was read after is the end of a payment term (« Virement à 30 jours date
    de facture », « 30 gg data fattura »): the date the term counts from, named, not printed there; the date after
    it is the next cell's (in an ERP's grid, the due date's box beside the terms'). The term may wrap in its narrow
    box, its days ending the line above the label's words."""
    line = cand.label_line or cand.line
    label = fold(cand.label or "").strip()
    at = line.norm.rfind(label, 0, cand.start if line is cand.line else len(line.norm)) if label else -1
    if at < 0:
        return False
    cell = re.split(r"\s{2,}", line.norm[:at])[-1]
    if cell.strip():
        return bool(_TERM_DAYS_END.search(cell))
    # the label opens its cell: the term's days may end the cell above it, in its column
    above = lines[line.index - 1] if 0 < line.index <= len(lines) and lines[line.index - 1].index == line.index - 1 else None
    if above is None or above.page != line.page:
        return False
    left = line.x_of(at)
    for found in re.finditer(r"\S+(?:\s\S+)*", above.norm):
        if abs(above.x_of(found.start()) - left) < _SAME_COLUMN and _wrapped_term_head(found.group()):
            return True
    return False


#: The most words the first line of a payment term wrapped in its narrow box holds (« 45 jours », « 30 jours net »).
_WRAPPED_TERM_WORDS = 3


def _wrapped_term_head(chunk: str) -> bool:
    """True when ``chunk``, the cell above an issue-date label in its column, can be the first line of a payment term
    wrapped in its box (« 15 jours » over « date de facture »): a few words ending with the term's days, no colon.
    A complete « label: value » cell (« Conditions de paiement : 30 jours », « Zahlungsziel: 14 Tage ») or a whole
    sentence of a term (« Pagamento a 30 gg ») is a cell of its own: the label under it opens the next cell."""
    return (":" not in chunk and len(chunk.split()) <= _WRAPPED_TERM_WORDS
            and bool(_TERM_DAYS_END.fullmatch(chunk.strip())))


def _tail_of_another_label(cand: Cand) -> bool:
    """True when the issue-date label ``cand`` was read after is the end of a due-date or another date's label
    on its line (« Pagar antes del  viernes, 7 de noviembre », « Payable le »): a weekday between them hides it
    from :func:`_said_before`."""
    line = cand.label_line or cand.line
    label = fold(cand.label or "").strip()
    if line is cand.line or not cand.heading.strip():
        at = line.norm.rfind(label, 0, cand.start if line is cand.line else len(line.norm)) if label else -1
    else:  # a header's label: in its own cell, not anywhere on the header row (« le » in « règlement »)
        cell = line.norm.find(cand.heading.strip())
        at = line.norm.find(label, cell) if label and cell >= 0 else -1
    return at >= 0 and any(match.start() <= at < match.end() for pattern in (L.DUE_DATE, L.NOT_ISSUE_DATE)
                           for match in pattern.finditer(line.norm))


#: A period's closing word ending its cell: its end date wrapped under it (« du 01/07/2025 au » / « 31/07/2025 »),
#: or, after a closing word (never a bare dash, which also opens « – page 1 », « – Seite 1 »), cut after its weekday
#: and day (« du jeudi 1er août 2024 au samedi 31 » / « août 2024 »).
_RANGE_CUT = compiled(r"\s*(?:(?:au|to|till|until|bis|al|hasta|fino\s*al)\s*"
                        rf"(?:(?:(?:{_WEEKDAYS}),?\s+)?\d{{1,2}}(?:er|st|nd|rd|th|\.)?\s*)?|[-–]\s*)(?:$|\s{{2}})")


def _period_start(cand: Cand, finder) -> bool:  # noqa: ANN001 - a line's date reader
    """True when ``cand`` was read after a period's opening word only (« du », « from », « vom ») and opens a period:
    another date follows after « au », « to », « bis » (:func:`_opens_range`), or that word ends its cell, the end date
    wrapped under it. « Période : du 01/07/2025 au 31/07/2025 » is a service's or a subscription's, not the issue's."""
    if not PERIOD_OPENER.fullmatch(fold(cand.label or "").strip()) or cand.label_line is not None:
        return False
    return _opens_range(cand, finder(cand.line)) or bool(_RANGE_CUT.match(cand.line.norm, cand.end))


def _opens_range(found: Cand, on_line: list[Cand]) -> bool:
    """True when ``found`` is the first date of a period printed on its line (« 01/03/2026 au 31/03/2026 »,
    « 1.3.–31.3.2026 »): the start of a service or billing period, never surely the document's own date."""
    after = [c for c in on_line if c.start >= found.end]
    return bool(after) and bool(_RANGE_GAP.fullmatch(found.line.norm[found.end:min(after, key=lambda c: c.start).start]))


def _in_lines_table(lines: list[Line], line: Line) -> bool:
    """True when ``line`` is a row of the lines' table whose header has a date column (« Date  Description
    Quantité  Prix total », a hotel folio's « Date  Libellé  Montant »): it holds an amount, and the nearest
    table header above it on its page names a date, with no total's label between them. The date of such a
    row is a line's (a service, a night, a delivery), never the document's.

    A row that opens with its date under any table header is one too, whatever the word heading that column: a
    folio's or a timesheet's day (« Jour  Désignation  Qté  Montant », « Tag  Artikel / Leistung  Anz. », « Day »,
    « Día », « Giorno »), the row's first cell, under the header's first column (:func:`_opens_with_date`). Measured on the gate's calibration (``tests/bench_gate_calibration.py``,
    blind 70000-70299): folio pages whose issue date, weakly labelled (« Établie le ») or alone in a grid, stayed
    unsure only because of their nights' dates under « Jour » or « Tag »."""
    from guichet.plugins.fields_rules.totals import TOTAL_LABELS, is_table_header

    if not amounts(line):
        return False
    for other in reversed(lines[:lines.index(line)]):
        if other.page != line.page:
            return False
        if is_table_header(other):
            return bool(_DATE_WORD.search(other.norm)) or _opens_with_date(line, other)
        if TOTAL_LABELS.search(other.norm):
            return False
    return False


def _opens_with_date(line: Line, header: Line) -> bool:
    """True when ``line``'s first words are a date (« 03/05/2025  Hébergement … », « 06. Januar 2026  Logis … ») under
    the ``header``'s first column: it starts no further left than the header's first word (a page whose side banner
    prints « Beleg vom » / « 18. Juli 2025 » left of the table sets that date on a row's line, outside the table)."""
    first = min(w.box[0] for w in header.words)
    height = min(w.box[3] - w.box[1] for w in header.words)
    for us in (False, True):
        for cand in dates(line, us=us):
            words = line.words_in(cand.start, cand.end)
            if cand.start == len(line.norm) - len(line.norm.lstrip()) and words and words[0].box[0] >= first - height:
                return True
    return False


#: How surely the invoice number must be read for a date label beside it to be the invoice's date.
_SURE_NUMBER = 0.8


def _names_the_invoice(label: str | None) -> bool:
    """True for a number label that names the document itself (« FACTURE N° », « Invoice No. », « Rechnung
    Nr. »), not another document's number (« N° de commande », « Facture d'origine n° »)."""
    said = fold(label or "")
    return bool(L.TITLE_WORDS.search(said)) and not L.NOT_OWN_NUMBER.search(said)


def _in_number_block(lines: list[Line], found: Cand, number: Cand | None) -> bool:
    """True when a labelled date stands in the invoice number's own block: on the number's line (« Facture
    n° 12  Date : 05/03/2024 », a header row's value row), or its label just above or below the number's
    label or value, their left edges aligned (a stacked block « N° : 12 » / « Date : 05/03/2024 »). A date
    label there dates the document the number is of; the number itself must have been read surely."""
    if number is None or found.line.page != number.line.page or (
            number.score < _SURE_NUMBER and not _names_the_invoice(number.label)):
        return False
    if found.line is number.line or (found.label_line is not None and found.label_line is number.line):
        return True
    label_line = found.label_line or found.line
    try:
        gap = abs(lines.index(label_line) - lines.index(number.line))
    except ValueError:
        return False
    if not 0 < gap <= 2:
        return False
    label_at = fold(found.label or "")
    place = label_line.norm.find(label_at) if label_at else -1
    date_x = label_line.x_of(place) if place >= 0 else label_line.x_of(found.start)
    number_label = number.line.norm.find(fold(number.label or ""))
    number_xs = {number.line.x_of(number.start)} | ({number.line.x_of(number_label)} if number.label and number_label >= 0 else set())
    return any(abs(date_x - x) < 0.02 for x in number_xs)


#: How far down page 1 (a fraction of its height) an unlabelled date stands in the document's header.
_HEADER_ZONE = 0.35
#: The least score of a date under a strong issue-date label that :func:`_strong_and_alone` makes sure: a value
#: under its label's column or wrapped after it; not one found after another document's words (a penalty of 0.5).
_STRONG_FLOOR = 0.5


#: The label of the VAT point date (EN 16931 BT-7, « Value added tax point date »; a UK invoice's « Tax point »).
_TAX_POINT = compiled(r"\btax\s*point\b")


def _without_tax_point(cands: list[Cand]) -> list[Cand]:
    """The candidates less the dates printed after a tax point's label (« Tax Point Date  14/03/2026 ») when another
    candidate, printed elsewhere after a label of its own, gives another day (« Date  26/03/2026 »): the page then
    prints the VAT point date (EN 16931 BT-7) apart from the issue date (BT-2). A tax point alone, or on the issue
    date's day (« Date/Tax point »), is the issue date too (HMRC: the invoice's date is its tax point when issued
    within 14 days)."""
    places = {(id(c.line), c.start) for c in cands if _TAX_POINT.search(fold(c.label or ""))}
    if not places:
        return cands
    days = {c.value for c in cands if (id(c.line), c.start) in places}
    others = [c for c in cands if (id(c.line), c.start) not in places and c.label and c.value not in days]
    return [c for c in cands if (id(c.line), c.start) not in places] if others else cands


def _strong_and_alone(found: Cand, cands: list[Cand]) -> bool:
    """True when ``found`` follows a strong issue-date label (« Date de facture », « Invoice date », « Rechnungsdatum »)
    and no other candidate under a strong label gives another date: the page names its issue date, and once. A
    strong label far down its language's list (« Date d'établissement », « Raised on ») ranks lower among
    candidates, it is no less sure."""
    if found.score < _STRONG_FLOOR or not _STRONG_ISSUE_DATE.search(fold(found.label or "")):
        return False
    return all(c.value == found.value for c in cands
               if c.label and c.score >= _STRONG_FLOOR and _STRONG_ISSUE_DATE.search(fold(c.label)))


def _own_label_at(cand: Cand) -> int:
    """Where the issue-date label a date was read after opens on its line, when it is a cell of its own that names the
    document's date (a strong label, or a weak one in its own cell with a word of the document's issue: « Émise le »):
    what stands before it (« N° TVA client : FR26666800347  Date de facture : 27/01/2026 », a buyer's VAT number a
    column before) says nothing of the date. 0 otherwise (« Facture d'origine 12 du 02/01/2024 »)."""
    own = fold(cand.label or "").strip()
    at = cand.line.norm.rfind(own, 0, cand.start) if own and cand.label_line is None else -1
    if at <= 0:
        return 0
    strong = _STRONG_ISSUE_DATE.search(own)
    return at if strong or (_OWN_DOCUMENT.search(own) and cand.line.norm[:at].endswith("  ")) else 0


def issue_date(lines: list[Line], number: Cand | None = None, due: dt.date | None = None) -> Cand | None:
    """The date after an issue-date label, else the first unlabelled date at the top of page 1.

    A date that follows the invoice number on its line ("Rechnung Nr. 471102 13.11.2019", the
    "du"/"vom" lost by OCR) counts as labelled.
    """
    us = month_first(lines)
    wrapped = _wrapped_dates(lines)

    def finder(line: Line) -> list[Cand]:
        return dates(line, us=us) + _fresh(wrapped, line)

    cands = [c for c in labelled(lines, L.ISSUE_DATE, finder, max_gap=12, wrap=True)
             if not _tail_of_another_label(c) and not _period_start(c, finder) and not _term_counted_from(lines, c)
             and not any((L.NOT_ISSUE_DATE.search(said) and not _joint_label(said)) or L.DUE_DATE.search(said)
                         for said in (_said_before(c), c.heading))]
    # a label whose cell names another event as well (« Parti le », « DATE OF PAYMENT »): its date, the last resort
    # (a value under its header's label: the header cell is its label, the cell before it on its row another column)
    titled = title_words(lines)
    last_resort = [c for c in cands if _names_another(_label_cell(c) if _weakly_labelled(c) else _before_label(_label_cell(c), c.label),
                                                      c.label, titled)
                   and not _joint_label(_label_cell(c))]  # « Liefer- und Rechnungsdatum »: the invoice's date too
    cands = [c for c in cands if c not in last_resort]
    elsewhere = set()  # said, in their own cell, of another document or a print run: never made sure
    cands += _joint_cands(lines, finder)
    cands += _composed_cands(lines, finder)
    # a panel's label or date wrapped in its cell (« Date de » / « facture », « 9 novembre » / « 2023 »)
    cands += _panel_cands(lines, _STRONG_ISSUE_DATE, lambda label, run: _panel_date(label, run, us), _WEAK_ISSUE_DATE)
    for cand in cands:
        before = cand.line.norm[:cand.start]
        if L.TITLE_WORDS.search(before):
            cand.score += 0.1  # "Facture n° 12 du 05/03/2018"
        # "storno della fattura n. 1/2024 del 01/02/2024"; not a buyer's VAT number a column before the date's own label
        other = _other_document(cand.line, cand.start, _own_label_at(cand))
        if L.NOT_ISSUE_CONTEXT.search(before) or other:  # a print run, a version, a page's number on the line
            cand.score -= 0.5
            if other or L.NOT_ISSUE_CONTEXT.search(_said_before(cand)):  # « En référence à la facture 12 du »
                elsewhere.add(id(cand))
    for line in lines:  # a letter's place and date: "Lyon, le 5 mars 2024", "Köln, den 12.03.2024"
        for cand in finder(line):
            place = line.norm[:cand.start]
            if ((_letter_place(place, lines) or _bare_letter_town(line, cand)) and not _DATE_WORD.search(place)
                    and not line.norm[cand.end:].strip(" .")
                    and not (L.NOT_ISSUE_DATE.search(place) or L.DUE_DATE.search(place))):
                cand.score, cand.label = 0.8, line.text[:cand.start].strip()
                cands.append(cand)
    if number is not None and fold(number.label or "") in number.line.norm:  # not a number read under its header
        # (a date a due-date label heads is the due date, whatever number its cell follows in a wrapped grid)
        due_places = {c.start for c in labelled(lines, L.DUE_DATE, finder, max_gap=40) if c.line is number.line}
        for cand in finder(number.line):
            gap = number.line.norm[number.end:cand.start]
            if cand.start in due_places or _corrected_document(number, cand.start):
                continue  # (« Avoir sur facture n° F250228 du 14/02/2025 »: the number read is another document's)
            # (the words that date a number are no other words: « … 0042 de fecha 05/03/2024 », « … dated … », « … of
            # Tuesday, 28 April 2026 »: its weekday is the date's)
            if cand.start >= number.end and len(gap) <= 20 and not re.search(r"[a-z]{4,}", _DATED_GAP.sub("", _WEEKDAY_NAME.sub("", gap))):
                cand.score, cand.label = 0.7, number.label
                cands.append(cand)
                break
    for line in lines:  # a date alone under the document's title, in its column (« FACTURE » / « 2024-0012 » / « 05/03/2024 »)
        for title in _title_cells(line):
            for other, cell in under_title(lines, line, title, 3):
                text = fold(" ".join(w.text for w in cell))
                alone = [c for c in finder(other) if other.norm[c.start:c.end].strip() == text.strip(" .:")]
                said = _said_before(alone[0]) if alone else ""
                if L.NOT_ISSUE_DATE.search(said) or L.DUE_DATE.search(said):
                    break  # a panel's value beside its own label (« Expédiée le  20/02/2024 », « Date commande »)
                if alone:
                    alone[0].score, alone[0].label = TITLE_BLOCK_SCORE, " ".join(w.text for w in title)
                    cands.append(alone[0])
                    break
                if not re.search(r"\d", text):
                    break  # a label or a header row under the title: the values under it are its own (« Échéance »)
    # A row of the lines' table under a header that names a date (a hotel folio's « Date opér.  Libellé  Montant »)
    # dates a line (a night, a service), never the document, whichever label (the header's « Date ») it was read under.
    cands = [c for c in cands if not _in_lines_table(lines, c.line)]
    cands = _without_tax_point(cands)
    if due is not None:
        # An invoice falls due on or after its issue: a later date is another one (a delivery announced, a due date).
        cands = [c for c in cands if c.value <= due] or cands
    # (a date said of another document keeps its lowered score among the others: taking any other first wrote a wrong
    # date on a page of real software, measured on the never-tuned reels)
    found = best(cands)
    if found:
        if found.score < SURE_ISSUE_DATE and found.label and id(found) not in elsewhere \
                and not _opens_range(found, finder(found.line)) and (
                # (a tax point's label, :data:`_TAX_POINT`, is never enough: the issue date's by HMRC's practice only, an
                # invoice issued within 14 days of the supply)
                (not _TAX_POINT.search(fold(found.label)) and (
                    _strong_and_alone(found, cands) or _in_number_block(lines, found, number)))
                or _others_explained(lines, found, due, us)):
            found.score = SURE_ISSUE_DATE  # the document's date beside its number, or the one date not said to be another
        return found
    if is_receipt(lines):
        # A receipt is issued when it is paid: its payment date ("Date paid", "Payé le") is its date.
        found = best(labelled(lines, _PAID, finder, max_gap=12))
        if found:
            found.score = SURE_ISSUE_DATE if _others_explained(lines, found, due, us) else 0.5
            return found
    spare = None  # the first unlabelled date whose own cell names another event: a last resort too
    for line in lines:
        if line.page != 1 or L.NOT_ISSUE_CONTEXT.search(line.norm) or _in_lines_table(lines, line):
            continue  # (a row of the lines' table under a date column dates a line)
        on_line = finder(line)
        for index, cand in enumerate(on_line):
            if (index and _closes_range(line, on_line[index - 1], cand)) or _other_document(line, cand.start):
                continue  # a period's last day (« Invoicing period » over « March 27, 2026 - April 26, 2026 »), another
                # document's date (« Avoir sur facture n° 12 du 02/01/2024 »)
            cell = re.match(r".*?(?=\s{2}|$)", line.norm[cand.end:]).group()
            if L.NOT_ISSUE_DATE.search(line.norm[:cand.start]) or L.NOT_ISSUE_DATE.search(cell):
                break  # said to be another date (« Bon de retour  RT-12  01/03/2026 », « 01/03/2026 (livraison) »)
            # (the cells after its own, « 14/03/2026    Contrat n° CT-12 », say nothing of it)
            if _said_of_another(lines, line, cand, titled) or (not amounts(line) and _labels_another_event(_said_before(cand))):
                spare = spare or cand
                continue  # its own cell names another event (« Expédié le », « DATE OF PAYMENT » over it, « TIRÉ CE : » a
                # column away)
            cand.score = 0.45
            if line.top < _HEADER_ZONE and not amounts(line) and _others_explained(lines, cand, due, us):
                cand.score = SURE_ISSUE_DATE  # the one date of the header that no label says is another
            return cand
    last_resort = [c for c in last_resort + ([spare] if spare is not None else []) if not _in_lines_table(lines, c.line)]
    for cand in last_resort:
        cand.score = ANOTHER_EVENT_SCORE
    return last_resort[0] if last_resort else None  # the first printed: the page's only date, at most, unsure


def _column_header(lines: list[Line], line: Line, words: list[Word]) -> str:
    """The words of the header cell right above ``words`` (a value in a grid of header cells over their values): the
    words of the rows above, up to three, whose centre lies in the value's cell (halfway to the values beside it on
    its row), from the nearest row up to the first row with none there."""
    x0, x1 = words[0].box[0], words[-1].box[2]
    top = min(w.box[1] for w in words)
    height = max(w.box[3] for w in words) - top
    row = [w for w in line.words if w not in words]
    left = max((w.box[2] for w in row if w.box[2] <= x0 + 0.002), default=None)
    right = min((w.box[0] for w in row if w.box[0] >= x1 - 0.002), default=None)
    lo, hi = (x0 - height if left is None else (left + x0) / 2), (x1 + height if right is None else (x1 + right) / 2)
    above = sorted((other for other in lines if other.page == line.page and other.top < top - 0.5 * height),
                   key=lambda other: -other.top)
    found: list[Word] = []
    for other in above[:3]:
        cell = [w for w in other.words if lo <= w.cx <= hi and x0 - height < w.box[2] and w.box[0] < x1 + height]
        if not cell or top - other.top > 5 * height:
            break
        found = cell + found
    return " ".join(w.text for w in found)


def under_issue_date_header(lines: list[Line], cand: Cand) -> bool:
    """True when a date read after a due-date label stands in a grid under a header cell naming the issue date and no
    due date (« Édité le » over « 22/04/2024 », beside « À régler / avant le » wrapped over two rows whose own value is
    on the row below): a folio's header grid wraps its labels over rows, so a wrapped due label's last words come
    beside the issue date's cell; that cell's date is the invoice's date, not the date to pay by."""
    words = cand.words or cand.line.words_in(cand.start, cand.end)
    last = fold(cand.label or "").split()[-1:]
    if not words or not last or fold(cand.line.norm[:cand.start]).rstrip(" :.-").endswith(last[0]):
        return False  # the due label printed before its date on the date's own line (« Due  04/04/2024 »)
    header = fold(_column_header(lines, cand.line, words))
    # a header cell is words: a date or a number over the date is another row of values (« Invoice date: 05/03/2024 »)
    # and it names the issue date: a strong label in it, or a weak one as the whole cell (not « plus tard le », the
    # due label's own words cut by the cell's bounds)
    return bool(header) and not _DIGIT.search(header) and L.DUE_DATE.search(header) is None \
        and (L.ISSUE_DATE.strong().search(header) is not None or L.ISSUE_DATE.fullmatch(header.rstrip(" :")))


def due_date(lines: list[Line], scheduled: bool = True) -> Cand | None:
    """The date after a due-date label; not one under a label whose cell says it is a contract's or an offer's
    (:data:`~.vocabulary.DUE_OF_OTHER`: ARERA's bill prints « Scadenza condizioni economiche », the day its prices
    end, beside « Da pagare entro il »): on the label's own line, words between the label and the date already
    refuse it; nor a date under an issue date's header cell (:func:`under_issue_date_header`).

    A label wrapped in a narrow cell of a bill's data box (« Date limite de » / « paiement  03/09/2025 », « Sera
    prélevé à partir » / « du » / « 04/04/26 ») is read as the issue date's are (:func:`_panel_cands`), when no
    label whole on its line gave a date; else (``scheduled``) the one date of the schedule of amounts to pay printed
    under the payment terms (:func:`scheduled_due_date`)."""
    us = month_first(lines)
    wrapped = _wrapped_dates(lines)
    cands = labelled(lines, L.DUE_DATE, lambda line: dates(line, us=us) + _fresh(wrapped, line), max_gap=40)
    cands = [c for c in cands if not (c.heading and L.DUE_OF_OTHER.search(c.heading)) and not under_issue_date_header(lines, c)]
    if not cands:
        cands = [c for c in _panel_cands(lines, _STRONG_DUE_DATE, lambda label, run: _panel_date(label, run, us))
                 if not L.DUE_OF_OTHER.search(fold(c.label or ""))]
    found = best(cands)
    return found if found is not None or not scheduled else scheduled_due_date(lines)


def scheduled_due_date(lines: list[Line]) -> Cand | None:
    """:func:`_scheduled_due_date` with the page's order of day and month. Read with no label of its own, it never
    constrains the issue date: the caller drops it when it comes before the issue date read without it."""
    return _scheduled_due_date(lines, month_first(lines))


_STRONG_DUE_DATE = L.DUE_DATE.strong()


#: The heading of a schedule of amounts to pay: a date column and an amount column, nothing else (« Date  Montant »,
#: « Datum  Betrag », « Fecha  Importe », « Data  Importo », « Date  Amount »).
_SCHEDULE_HEAD = compiled(r"\s*(?:date|datum|fecha|data)\s*:?\s{2,}(?:montant|amount|betrag|importe|importo)\s*:?\s*")
#: The labels of the payment TERMS (BT-20: when to pay), not of the means of payment: the schedule under « Mode de
#: règlement », « Zahlungsweise », « Forma de pago », « Modalità di pagamento » is that of the payments received
#: (their dates come before the invoice's), not of the amounts to pay. Tryton prints « Condition de paiement »,
#: « Zahlungsbedingung », « Plazo de pago » (account_invoice fr/de/es .po).
_TERMS_NOT_MEANS = compiled(r"conditions?\s*de\s*(?:paiement|reglement)|termes?\s*de\s*paiement|delais?\s*de\s*(?:paiement|reglement)"
                            r"|payment\s*terms?|terms\s*of\s*payment|\bterms\b\s*:|zahlungsbedingung(?:en)?|zahlungsziel|zahlungsfrist"
                            r"|condiciones\s*de\s*pago|plazo\s*de\s*pago|condizioni\s*di\s*pagamento|termin[ei]\s*di\s*pagamento")
#: A schedule's heading lies this many lines at most under the payment terms' label.
_SCHEDULE_REACH = 3
#: The score of a due date read as the one row of a schedule under the payment terms: a due date's (no label of one).
SCHEDULED_DUE_SCORE = 0.7


def _scheduled_due_date(lines: list[Line], us: bool) -> Cand | None:
    """The due date an invoice prints as the one row of its schedule of amounts to pay: under the payment terms'
    label (« Conditions de paiement », « Zahlungsbedingung », « Plazo de pago »), a heading of a date and an amount
    (« Date  Montant »), then one row of a date and an amount. Tryton's invoice report (account_invoice invoice.fodt)
    prints the payment term so: its lines to pay, each with its maturity date and its amount. The date of the
    amount to pay is the due date (EN 16931 BT-9: the date by which payment is due). Several rows (instalments) name
    no one due date: none is read; nor is a row whose amount is missing (a dated line of another table); nor a table
    under a means of payment's label (:data:`_TERMS_NOT_MEANS`)."""
    for index, line in enumerate(lines):
        if not _TERMS_NOT_MEANS.search(line.norm):
            continue
        for at in range(index + 1, min(index + 1 + _SCHEDULE_REACH, len(lines))):
            head = lines[at]
            if head.page != line.page or not _SCHEDULE_HEAD.fullmatch(head.norm):
                continue
            rows = []
            for row in lines[at + 1:at + 4]:
                found = dates(row, us=us)
                if len(found) != 1 or not amounts(row) or found[0].start > amounts(row)[0].start:
                    break
                rows.append(found[0])
            if len(rows) != 1:
                return None
            rows[0].score, rows[0].label = SCHEDULED_DUE_SCORE, head.text
            return rows[0]
    return None

