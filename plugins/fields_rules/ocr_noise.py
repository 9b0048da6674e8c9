"""OCR confusions where digits are expected: letters read for digits, a euro sign read as E.

Tesseract, in most typefaces without a slashed zero, reads a 0 as O, a 1 as l or I, a 5 as S,
an 8 as B, a 2 as Z, and a euro sign glued to an amount as E. Inside a token made of digits
and separators ("1.2S4,56", "2O21-10-12", "12O,00E") those letters can only be digits. Only
letters standing between two digits or separators are read again, and only in a token whose
characters are mostly digits: an invoice number's prefix ("FA090839", "INV-2024") and words
stay as read. Called by :func:`guichet.plugins.fields_rules.lines.make_lines` on OCR words
(never on a text layer); the words themselves (shown on the coding screen) keep the OCR spelling.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import product

from guichet.plugins.fields_rules import vocabulary as L

from guichet.core.parsing import on_page
from guichet.core.parsing.regex_store import compiled

#: Letter → the digit OCR mistook it for.
DIGIT_FOR = {"O": "0", "o": "0", "Q": "0", "D": "0", "l": "1", "I": "1", "|": "1", "i": "1", "S": "5", "s": "5",
             "B": "8", "Z": "2"}
_SEPARATORS = frozenset(".,-/ '")
#: An amount with two decimals followed by an E that stands for the euro sign ("120,00E").
_EURO_AS_E = compiled(r"^([-−]?\d[\d.,' ]*[.,]\d{2})E$")


def _digit_like(char: str) -> bool:
    return char.isdigit() or char in _SEPARATORS


#: An amount whose decimal separator OCR read as a colon or a semicolon ("91:57", "1.185:97", "21799;53"): the
#: cents, two digits, end it.
_COLON_CENTS = compiled(r"^([-−]?\d[\d.,' ]*)([:;])(\d{2})(€?)$")
#: An amount whose thousands separator OCR read as a colon or a semicolon ("19:555,65", "1;234.56"): groups of
#: three digits after one to three, then the cents.
_COLON_THOUSANDS = compiled(r"^[-−]?\d{1,3}(?:[.,' :;]\d{3})+([.,])\d{2}€?$")


def _colon_as_separator(token: str) -> str:
    """``token`` with the colon or semicolon OCR read for an amount's separator read as that separator, unless
    it is a time of day.

    ``"91:57"`` → ``"91,57"``, ``"1,185:97"`` → ``"1,185.97"``, ``"21799;53"`` → ``"21799,53"``; a thousands
    separator: ``"19:555,65"`` → ``"19.555,65"``, ``"1;234.56"`` → ``"1,234.56"``; ``"12:30"`` (hours and
    minutes) unchanged. A dot and a comma are what a colon and a semicolon lose their upper dot to.
    """
    thousands = _COLON_THOUSANDS.match(token)
    if thousands is not None and (":" in token or ";" in token):
        printed = [c for c in token[:thousands.start(1)] if c in ".,' "]  # the other groups' own separator
        separator = printed[0] if printed else ("." if thousands.group(1) == "," else ",")
        return token[:thousands.start(1)].replace(":", separator).replace(";", separator) + token[thousands.start(1):]
    match = _COLON_CENTS.match(token)
    if match is None:
        return token
    whole, mark, cents, euro = match.groups()
    if mark == ":" and whole.isdigit() and len(whole) <= 2 and int(whole) <= 23 and int(cents) <= 59:
        return token  # a time of day
    return f"{whole}{'.' if ',' in whole else ','}{cents}{euro}"


#: An amount whose minus sign OCR read as a dash (« —19,45 », « –548,20 € »: a credit note's lines and totals): the
#: dash glued to the figures, the cents ending them.
_DASH_MINUS = compiled(r"^[—–‒―](?=\d[\d.,' ]*[.,]\d{2}(?:€|E)?$)")


def read_digits(token: str) -> str:
    """``token`` with the letters standing among its digits read as the digits OCR mistook.

    ``"1.2S4,56"`` → ``"1.254,56"``, ``"2O21-1O-12"`` → ``"2021-10-12"``, ``"12O,00E"`` →
    ``"120,00 €"``, ``"91:57"`` → ``"91,57"``, ``"19:555,65"`` → ``"19.555,65"`` (:func:`_colon_as_separator`),
    ``"—659,47"`` → ``"-659,47"`` (:data:`_DASH_MINUS`); ``"FA090839"``, ``"SIREN"``, ``"10%"``, ``"12:30"`` unchanged.
    """
    token = _colon_as_separator(_DASH_MINUS.sub("-", token))
    euro = _EURO_AS_E.match(token.translate(str.maketrans({k: v for k, v in DIGIT_FOR.items() if k != "E"})))
    body, suffix = (token[:-1], " €") if euro else (token, "")
    digits = sum(c.isdigit() for c in body)
    letters = [i for i, c in enumerate(body) if c in DIGIT_FOR]
    if digits < 2 or not letters or len(letters) > max(1, digits // 3):
        return token if not euro else body + suffix
    if sum(c.isalpha() for c in body) > len(letters):
        return token  # other letters: a word or a reference, not a number
    chars = list(body)
    for i in letters:
        before = chars[i - 1] if i > 0 else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        fits = (not before or _digit_like(before)) and (not after or _digit_like(after))
        if fits and (before.isdigit() or after.isdigit()):
            chars[i] = DIGIT_FOR[chars[i]]
    return "".join(chars) + suffix


#: « Nr. » whose « r. » OCR read as one « e » (in small type the r's arm and the dot close its loop), alone or glued
#: to an abbreviation: « Rechnung Ne », « RgNe R2024-9673 ».
_NR_READ_NE = compiled(r"^(?:[A-Z][a-z]{0,4}[.-]{0,2})?N(e)[.:]?$")


def number_abbreviation(word: str, after: str | None) -> int | None:
    """Where (index in ``word``) the « e » OCR read for the « r. » of « Nr. » stands, or None.

    A capital N then an e ending the word, alone or after a capitalised abbreviation (« RgNe »); the
    caller spells it « nr » in the line's folded text (same length), where the number labels look.
    Only where a number's label stands: a colon ends the word or follows it, or the next word of the
    line (``after``, None at the line's end; in its cell or the next column's, where a label's value
    stands: « RgNe  R2024-9673 ») holds a digit (« Rechnung Ne 2026-7 », « RgNe : 2026-7 »). « Ne »
    starting a sentence (« Ne pas jeter sur la voie publique ») or in a name (« Jean Ne ») stays as read.
    """
    match = _NR_READ_NE.match(word)
    if match is None:
        return None
    labelled = word.endswith(":") or (after is not None and (after.startswith(":") or any(c.isdigit() for c in after)))
    return match.start(1) if labelled else None


#: Separators a sender line or a legal footer prints after a name (« Luc Perrin EI · 11 rue … »).
_AFTER_NAME = frozenset("·•-–—,|")


#: Glyphs OCR takes for one another in a legal form's letters: one upright stroke (a capital I and a small l are one
#: stroke in most sans-serif type, a 1 and a bar nearly; the one set, :data:`~guichet.core.parsing.on_page.OCR_STROKES`),
#: a c whose opening the scan's blur closed (read e).
_STROKES = frozenset(on_page.OCR_STROKES)
_FORM_GLYPHS = {**dict.fromkeys(_STROKES, _STROKES), "c": frozenset("ce"), "e": frozenset("ce")}


def legal_form_read(before: str, word: str, after: str | None) -> str:
    """``word`` as the legal form OCR misread (one of :data:`~.vocabulary.LEGAL_FORMS`, the five countries' forms, once
    its look-alike glyphs are read again: :data:`_FORM_GLYPHS`): « Rossi Sri » is « … Srl », « S.r.i. » « S.r.l. »,
    « DUPONT SARI » « … SARL », « Hugo Faure El » « … EI », « JLJV BRIGHT ple. » « … plc. »; a dotted form whose
    point between two letters or after the last one the scan lost too (« S.ri. », « S.r.l » are « S.r.l. »).

    Only after a capitalised word, at the name's end: nothing, a column break or a separator follows (``after``: the
    next word, None when a column break or the line's end comes first), or the word ends with a point (« ple. Company
    registered in … »: a footer's sentence goes on); Spanish « El » starts a name or a phrase (« El Corte Inglés »): a
    word follows it in its cell. One form only may fit, else the word stays as read.
    """
    if not before[:1].isupper() or len(word) > 12 or L.LEGAL_FORMS.fullmatch(word.lower()):
        return word
    if after is not None and after not in _AFTER_NAME and not word.endswith("."):
        return word
    reads = [word]
    if _DOTTED.search(word):
        apart = _LETTERS_APART.sub(".", word)
        reads += [apart, apart.rstrip(".") + "."]
    forms = {form for read in reads if (form := _form_spelt(read)) is not None}
    return forms.pop() if len(forms) == 1 else word


#: A form's letters set apart by points (« S.r.l. »), and the place between two letters where a point may be lost.
_DOTTED = compiled(r"[^\W_]\.[^\W_]")
_LETTERS_APART = compiled(r"(?<=[^\W_])(?=[^\W_])")


def _form_spelt(read: str) -> str | None:
    """``read`` spelt as the one legal form it is once its look-alike glyphs are read again, or None. A word of two
    letters only as a capital then an l (« El »: « SI » or « Si » may be meant). The glyph read again takes the case of
    the word's other letters: capitals if all are (« SARL », « EI »), else small but where it starts the word (« Inc »).
    """
    folded = read.lower()
    if L.LEGAL_FORMS.fullmatch(folded):
        return read
    at = [i for i, glyph in enumerate(folded) if glyph in _FORM_GLYPHS]
    if not at or len(at) > 3 or (len(read.rstrip(".")) < 3 and not re.fullmatch(r"[A-Z]l\.?", read)):
        return None
    forms = {spelt for variant in product(*(sorted(_FORM_GLYPHS[folded[i]]) for i in at))
             if L.LEGAL_FORMS.fullmatch(spelt := _respelt(folded, at, variant))}
    if len(forms) != 1:
        return None
    capitals = all(c.isupper() for i, c in enumerate(read) if c.isalpha() and i not in at)
    form = forms.pop()
    spelt = "".join(c if i not in at else form[i].upper() if capitals or (i == 0 and c.isupper()) else form[i]
                    for i, c in enumerate(read))
    # One glyph misread, the others as printed, case too: « Sri » is « Srl », « SARI » « SARL »; a word of the name
    # is no form of two glyphs away or of another case (« Fleur Sel » no « SCI », « Maison Pic » no « PLC »).
    changed = [i for i, (a, b) in enumerate(zip(read, spelt, strict=True)) if a.lower() != b.lower()]
    if len(changed) > 1 or any(a != b for i, (a, b) in enumerate(zip(read, spelt, strict=True)) if i not in changed):
        return None
    return spelt


def _respelt(folded: str, at: list[int], glyphs: tuple[str, ...]) -> str:
    chars = list(folded)
    for i, glyph in zip(at, glyphs, strict=True):
        chars[i] = glyph
    return "".join(chars)


#: Digits Tesseract takes for one another in print: a loop closed or opened (3/8, 5/6, 6/8, 8/9, 0/8, 0/6,
#: 0/9, 3/9, 5/8), a stroke lost or added (1/7, 1/4, 2/7, 3/5).
CONFUSED_DIGITS = frozenset(frozenset(pair) for pair in (
    "38", "56", "68", "89", "08", "06", "09", "39", "58", "17", "14", "27", "35"))


def misread_digit(read: Decimal, meant: Decimal) -> bool:
    """True when ``meant`` is ``read`` with one digit misread as one it looks like (:data:`CONFUSED_DIGITS`).

    Same sign, same number of digits, one position apart: ``12,08`` for ``12,03``, ``1 566,20`` for
    ``1 556,20``; ``12,08`` for ``12,01`` (0/1 unlike) or ``102,08`` for ``12,08`` (a digit more) are not.
    """
    if (read < 0) != (meant < 0):
        return False
    one, other = f"{abs(read):.2f}", f"{abs(meant):.2f}"
    if len(one) != len(other):
        return False
    apart = [frozenset((a, b)) for a, b in zip(one, other, strict=True) if a != b]
    return len(apart) == 1 and apart[0] in CONFUSED_DIGITS


def one_letter_off(one: str, other: str) -> bool:
    """True when ``one`` is ``other`` with one letter dropped, or one added inside it (« ttal », « tottal » for
    « total »).

    A letter changed is no such slip here: it makes other words of the languages read (« Somme » is French's own
    word, one letter from German « Summe »; « tonal » from « total »); nor is a letter added at the end, an
    inflection's (« Totals », « Summen », « Gesamte »).
    """
    if len(one) == len(other) + 1:
        return any(one[:i] + one[i + 1:] == other for i in range(len(one) - 1))
    return len(other) == len(one) + 1 and any(other[:i] + other[i + 1:] == one for i in range(len(other)))


#: A word of letters, then what may end it in a label (« Ttal: », « Ttal. »).
_LETTERS_WORD = compiled(r"^([^\W\d_]{4,})([.:]?)$")


def respelt_word(word: str, meant: list[str]) -> str | None:
    """``word`` spelt as the one word of ``meant`` (folded, lower case) it is one letter off (:func:`one_letter_off`),
    capitalised as read, with its ending stop or colon (« Ttal: » → « Total: »), or None: no word of ``meant`` is, or
    two are, or the word is one of them already (« Totale » is Italian's own word). Four letters at least."""
    from guichet.core.parsing.on_page import fold

    match = _LETTERS_WORD.match(word)
    if match is None:
        return None
    folded = fold(match.group(1))
    near = [m for m in meant if one_letter_off(folded, m)]
    if folded in meant or len(near) != 1:
        return None
    spelt = near[0].upper() if match.group(1).isupper() else near[0].capitalize() if word[0].isupper() else near[0]
    return spelt + match.group(2)


#: An OCR'd reference: a prefix of capitals (maybe with a separator), then a body of digits and separators where OCR
#: may have read a 0 as an O and a 1 as an I, an l or a bar (« INV-1O23 », « F2024-I05 »).
_REFERENCE = compiled(r"^([A-Z]{1,5}[-/._]?)?([\d\-/._OoIl|]+)$")
#: Letters of a reference's body → the digits they stand for there.
_BODY_DIGITS = {"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"}
#: A digit 1 or a small l among a reference's prefix capitals (« S1/2024/04308 », « lNV-2024 »): a capital I read
#: so, or a series' own digit; nothing on the page tells which. A 1 followed by more digits (« TEST1234 ») opens the
#: digit body: no prefix's letter.
_ONE_IN_PREFIX = compiled(r"^(?:[A-Z]+[1l](?:[A-Z]+[-/._]?|[-/._])|[1l][A-Z]+[-/._]?)\d")


def reference_read(value: str) -> tuple[str, bool]:
    """An invoice number OCR read, with the O, I, l or bar standing inside its digit body read as the digit they
    are there (« INV-1O23 » → « INV-1023 », « F2024-I05 » → « F2024-105 »), and whether a doubt remains.

    Only where the number's shape makes it certain: a prefix of capitals (or none), then a body of digits and
    separators holding three digits or more, each letter between two of its digits or separators and no more than
    one for three digits. A 1 or an l among the prefix's capitals (« S1/2024/04308 »: « SI » or a series « S1 »)
    is a doubt: the value stays as read, the caller does not trust it. Anything else stays as read, no doubt.
    """
    if _ONE_IN_PREFIX.match(value):
        return value, True
    match = _REFERENCE.match(value)
    if match is None:
        return value, False
    start, body = match.start(2), match.group(2)
    letters = [i for i, c in enumerate(body) if c in _BODY_DIGITS]
    digits = sum(c.isdigit() for c in body)
    if not letters or digits < 3 or len(letters) > max(1, digits // 3):
        return value, False
    if any(i == 0 or i == len(body) - 1 or not (body[i - 1].isdigit() or body[i + 1].isdigit())
           or body[i - 1] in _BODY_DIGITS or body[i + 1] in _BODY_DIGITS for i in letters):
        return value, False  # a letter at the body's end or beside another: maybe the reference's own
    chars = list(body)
    for i in letters:
        chars[i] = _BODY_DIGITS[chars[i]]
    return value[:start] + "".join(chars), False
