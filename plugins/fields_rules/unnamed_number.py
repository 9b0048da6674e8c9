"""The invoice number when no known label names it, read from the page's structure (issue 13).

:func:`~.numbers.invoice_number` reads a number after the labels of ``labels/*.toml``; an invoice whose label
wording was never written there (« Nº de la pièce », « Beleg-Nr. », a lone « # »), or that prints
no label at all (« Relevé de facturation  RF-2025-0042 », the number under the title, or only in the payment's
words), gets nothing. This fallback reads it from what any invoice's page shows in general:

- the document's title: the largest type of page 1's head, a few words with no digit; a code printed on its line
  after it, or alone just under it, is the document's number (:func:`_title_cands`);
- a number sign (« N° », « Nº », « No. », « Nr. », « # », « Numéro », « Number », « Réf. »…) in a label whose other
  words name nothing but the document (:func:`~.numbers.thing_said`: no rival, no noun of its own: « Beleg-Nr. »,
  « N° de la pièce »), with a code after it in its cell, beside it or under it (:func:`_sign_cands`);
- the one code of a line about paying (``payment_reference``), asked to be quoted with the payment
  (:func:`_payment_cands`);
- the page printing that code again elsewhere (a payment's words, a footer « … – 1/1 »): a confirmation.

Every candidate is code-shaped (a digit, and a letter or a separator or five digits; no date, amount or company
identifier). Its score stays under the labelled readings', and drops under the conversion's floor when two codes of
the same kind of evidence disagree (:data:`AMBIGUOUS_SCORE`): a person picks, nothing is written from a guess.
"""

from __future__ import annotations

import re

from guichet.core.parsing.regex_store import compiled
from guichet.core.parsing.text import Word
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.blocks import cells
from guichet.plugins.fields_rules.lines import Cand, Line, amounts, fold
from guichet.plugins.fields_rules.numbers import (
    PAGE_HEAD,
    RIVAL,
    YEAR,
    code_key,
    joined_code,
    label_words,
    line_thing_said,
    number_token,
    other_identifier,
    own_word,
    printed_again,
    read_on,
    thing_said,
    title_sized,
    title_words,
    under_title,
    unsigned,
    usual_height,
)
from guichet.plugins.fields_rules.totals import is_table_header

#: How many words a label may hold before its value (« Merci de rappeler la référence » is five).
_LABEL_WORDS = 6
#: A period on a title's line (« Relevé mensuel 2024-04 », « 04/2024 »): a year and a month, no document's number.
_YEAR_MONTH = compiled(r"(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])[-/.](?:19|20)\d\d")
#: Scores: a code beside the title, after a number sign in the head, after one lower on the page; a code printed
#: again elsewhere adds :data:`_REPEATED`; two codes of the same kind of evidence that disagree: :data:`AMBIGUOUS_SCORE`.
_TITLE_SCORE = 0.55
_SIGN_SCORE = 0.45
_LOW_SIGN_SCORE = 0.4
_PAYMENT_SCORE = 0.45
_REPEATED = 0.1
AMBIGUOUS_SCORE = 0.25


def unnamed_number(lines: list[Line], nouns: set[str] | None = None) -> Cand | None:
    """The invoice number read from the page's structure when no known label names it, or None.

    A code beside the title is the document's; so is the one code a line about paying asks to quote (« Merci de
    rappeler la référence … sur votre virement »), read under the conversion's floor unless the page prints it
    again (a payment's code may be a method's or a mandate's). One after a number sign is only when printed again
    (a payment's words, a footer): a label of words never written may name a rival as well (« N° adhérent »,
    « Policy no. »), and a code printed once after one is none. ``nouns``: the title's (:func:`title_nouns`), when
    the caller has them already."""
    def confirmed(cands: list[Cand], alone: float | None = None) -> list[Cand]:
        for cand in cands:
            if printed_again(lines, cand.value):
                cand.score += _REPEATED  # printed again: in the payment's words, a footer
            elif alone is not None:
                cand.score = min(cand.score, alone)
        return cands

    title = confirmed(_title_cands(lines))
    if title:
        return max(title, key=lambda c: c.score)
    nouns = title_nouns(lines) if nouns is None else nouns
    signed = _sign_cands(lines, nouns)
    for kind in ("titled", "payment", "signed", "asked"):  # in turn: each confirms (and caps) its own candidates
        if kind == "titled":  # after a sign and a noun of the title's (« Quittance n° »): the document's, unconfirmed;
            titled = [c for c in signed if names_title(fold(c.label or ""), nouns)]  # a rival's noun only if printed again
            cands = (confirmed([c for c in titled if own_titled(fold(c.label or ""), nouns)])
                     + confirmed([c for c in titled if not own_titled(fold(c.label or ""), nouns)], AMBIGUOUS_SCORE))
        elif kind == "payment":
            cands = confirmed(_payment_cands(lines), AMBIGUOUS_SCORE)
        elif kind == "signed":
            cands = [c for c in confirmed(signed, AMBIGUOUS_SCORE) if c.score > AMBIGUOUS_SCORE]
        else:  # a code asked as the payment's reference on a line with no word of paying: shown, never written
            cands = _payment_cands(lines, asked=True)
            for cand in cands:
                cand.score = AMBIGUOUS_SCORE
        if len({code_key(c.value) for c in cands}) == 1:
            return max(cands, key=lambda c: c.score)
    return None


def code_value(word: Word) -> str | None:
    """The code ``word`` holds (its sign and punctuation off), or None: a digit, and a letter or a separator or
    five digits, three digits at least (a document's sequence); no date, amount, bare year or year and month (a
    period: « 2024-04 », « 04/2024 »)."""
    text = unsigned(word.text.strip(".,;:()"))
    if (not number_token(text, word.text) or YEAR.fullmatch(text) or re.fullmatch(r"\d{1,4}", text)
            or sum(c.isdigit() for c in text) < 3 or _YEAR_MONTH.fullmatch(text)):
        return None  # (a method's or a term's code, « MP05 », « TP02 », holds no document's sequence)
    return text


def _rival_said(said: str) -> bool:
    """True when a label's words name another identifier or a date: ``not_own_number`` (a customer, a contract, an
    order, a delivery, a meter, a VAT number, a page…) or a date's label."""
    return bool(L.NOT_OWN_NUMBER.search(said) or L.ISSUE_DATE.strong().search(said) or L.DUE_DATE.search(said)
                or L.NOT_ISSUE_DATE.search(said) or L.IBAN_LABEL.search(said))


def _cand(lines: list[Line], line: Line, word: Word, label: str, score: float) -> Cand | None:
    """The code that starts at ``word``, read on as :func:`~.numbers.invoice_number` reads a labelled one: a short
    capital prefix apart (« FA 2024/0012 »), pieces cut at separators or digit groups (« FA 2024 86786 »)."""
    index = line.words.index(word)
    start, end = line.spans[index]
    parts = [word]
    text = word.text.strip(".,;:()")
    if index + 1 < len(line.words):
        joined = joined_code(word.text, text, line.text[end:line.spans[index + 1][0]], line.words[index + 1].text)
        if joined:
            text, end, parts = joined, line.spans[index + 1][1], [word, line.words[index + 1]]
    tokens = [(w, a, b) for w, (a, b) in zip(line.words, line.spans, strict=True)][index + len(parts):]
    text, end, parts = read_on(line, tokens, text, end, parts)
    if len(parts) == 1:
        text = code_value(word)
    elif code_value(Word(text.replace(" ", ""), word.box, word.confidence)) is None:
        return None
    if text is None or other_identifier(text, line, start, lines):
        return None
    return Cand(text, line, start, end, score, label, parts)


# ---------------------------------------------------------------------------
# The document's title
# ---------------------------------------------------------------------------


def _height(word: Word) -> float:
    return word.box[3] - word.box[1]


def _other_numbered(said: str, *, rivals: bool = False) -> bool:
    """True when a head in a title's type (folded) is a number's label naming another thing than the document: a
    number sign and a noun that is no word of the document's (« Nº de seguimiento », « Bestellnummer »: a marketplace's
    order or parcel printed bigger than the title), not « Factura nº », « Credit note No. », « Storno Nr. ». A noun no
    table names is another thing's only when the sign opens the head (« Nº de seguimiento »: the number OF something;
    a document's title names itself first: « Nota de cargo nº »); a rival's noun is the title's in ``rivals`` mode, as
    :func:`_title_cell` allows it (« Folio N° »)."""
    if not L.NUMBER_SIGN.search(said) or L.TITLE_WORDS.search(said) or L.BILL_TITLE.search(said):
        return False
    thing = thing_said(label_words(L.NUMBER_SIGN.sub(" ", said)), set())
    if thing is None:
        return False
    if thing == RIVAL:
        return not rivals
    return bool(L.NUMBER_SIGN.match(said.lstrip()))


def _title_cell(lines: list[Line], *, rivals: bool = False) -> tuple[Line, list[Word], list[Word]] | None:
    """Page 1's title: (its line, its words, the words after it in its cell), the cell of its head in the largest
    type, taller than the page's usual type, whose first words (one to four, no digit, a word of three letters
    at least) name no other document (« Bon de livraison ») nor party; ``rivals``: a title naming what the tables
    call a rival's (« Folio »), or of six words (« Avis des sommes à payer »), too."""
    usual = usual_height(lines)
    if usual is None:
        return None
    best = None
    for line in lines:
        if line.page != 1 or line.top > PAGE_HEAD:
            continue
        for cell in cells(line):
            head = []
            for word in cell:
                if any(c.isdigit() for c in word.text):
                    break
                head.append(word)
            if len(head) > 1 and len(head) < len(cell) and re.fullmatch(r"[A-Z]{1,4}", head[-1].text):
                head.pop()  # « Facture FA 2024 86786 »: the number's capital prefix, not a word of the title
            if not head or len(head) > (6 if rivals else 4) or not any(sum(c.isalpha() for c in w.text) >= 3 for w in head):
                continue
            tall = max(_height(w) for w in head)
            said = fold(" ".join(w.text for w in head))
            if (not any(title_sized(w, usual) for w in head) or (L.NOT_OWN_NUMBER.search(said) and not rivals)
                    or L.BUYER_BLOCK.search(said) or _other_numbered(said, rivals=rivals)):
                continue
            if best is None or tall > best[0]:
                best = (tall, line, head, cell[len(head):])
    return best[1:] if best else None


#: Words that join a title's head to its complement (« Quittance de loyer », « Avis des sommes à payer », « Note de
#: séjour », « Statement of account », « Rechnung über »): the document's own noun is before them.
_TITLE_LINKS = {"de", "des", "du", "of", "for", "von", "der", "uber", "zur", "del", "di", "della", "dei", "et", "and",
                "und", "y", "e", "pour", "per", "para", "a"}


class TitleNouns(set):
    """The nouns of the document's title (:func:`title_nouns`); ``bill``: the title says it is a bill or asks for payment
    (an invoice's, a credit note's or a payment's word, ``bill_title``: « Facture-relevé », « Avis des sommes à
    payer »)."""

    bill = False


def title_nouns(lines: list[Line]) -> TitleNouns:
    """What the document calls itself: the words (folded) of page 1's title (:func:`_title_cell`) before a word that
    joins it to its complement, its first word and the invoice's or bill's words (« Quittance de loyer » → quittance,
    « Facture-relevé » → facture, relevé, « Titre exécutoire » → titre, « Guest bill » → guest, bill)."""
    found = _title_cell(lines, rivals=True)
    nouns = TitleNouns()
    if found:
        said = fold(" ".join(w.text for w in found[1] + found[2]))
        nouns.bill = bool(L.TITLE_WORDS.search(said) or L.PAYMENT_REFERENCE.search(said) or L.BILL_TITLE.search(said)
                          or any(own_word(w, set()) for w, _p in label_words(said)))
    for index, word in enumerate(found[1] if found else []):
        text = fold(word.text)
        parts = re.findall(r"[^\W\d_]{2,}", text)
        if not parts or parts[0] in _TITLE_LINKS or re.match(r"[dl]\W", text):
            break
        if index == 0 or L.TITLE_WORDS.search(text):  # a word after the first: a bill's word (« Guest bill »), not
            nouns.update(parts)  # a complement (« Facture vendeur »: « Réf. du vendeur » numbers the seller)
    return nouns


def names_title(label: str, nouns: set[str]) -> bool:
    """True when a label's words (folded), its « number » signs and links off, are the title's nouns (:func:`title_nouns`)
    or their abbreviations (« Quitt. n° », « Tit. n° » under « Quittance », « Titre »): the document's own number,
    whatever else the tables say the noun may name (« N° de l'avis » under « Avis des sommes à payer »)."""
    named = [(w, p) for w, p in label_words(L.NUMBER_SIGN.sub(" ", label)) if w not in L.NUMBER_GLUE]
    return bool(named) and all(w in nouns or any(abbreviates(w, p, n) for n in nouns) for w, p in named)


def abbreviates(word: str, mark: str, noun: str) -> bool:
    """True when ``word`` (folded, ``mark`` the sign after it, « . » or none) is an abbreviation of ``noun`` read by its
    letters: cut after its head and marked (« Quitt. », « Fact. »), or contracted, its first letter and others in order
    (« Rg. » / « Re. » of Rechnung, « Fra. » of factura, « Fct. » of facture), marked, or unmarked when it keeps the
    noun's last letter, as French contractions do (« Qtce » of quittance)."""
    if len(word) < 2 or word == noun or word[0] != noun[0]:
        return False
    if mark and len(word) >= 3 and noun.startswith(word):
        return True
    rest = iter(noun[1:])
    contracted = all(letter in rest for letter in word[1:])  # each letter found after the previous one
    return contracted and len(word) < len(noun) and (bool(mark) or (len(word) >= 3 and word[-1] == noun[-1]))


def own_titled(label: str, nouns: set[str]) -> bool:
    """True when a label (folded) names the title's noun (:func:`names_title`) and that title is the document's own: its
    noun is no rival's the tables name (« Contrat d'entretien », « Commande », « Dossier sinistre », « Livraison »,
    « Devis accepté » head a page about another document: « Contrat n° » numbers the contract), or the title says it
    is a bill or asks for payment (:class:`TitleNouns`: « Avis des sommes à payer », « Avis de paiement »)."""
    if not names_title(label, nouns):
        return False
    said = L.NUMBER_SIGN.sub(" ", label)  # (the tables of :func:`~.numbers.thing_said`: « Relevé » names no rival)
    return not (L.NOT_OWN_NUMBER.search(said) or L.BUYER_BLOCK.search(said)) or getattr(nouns, "bill", False)


def title_code(lines: list[Line]) -> Cand | None:
    """The code printed beside page 1's title or alone just under it (:func:`_title_cands`), or None: what a bare
    « N° » elsewhere on the page must not outweigh."""
    return max(_title_cands(lines), key=lambda c: c.score, default=None)


def _title_cands(lines: list[Line]) -> list[Cand]:
    """A code after the title on its line (its cell, or the next one), or alone in the cell just under it."""
    found = _title_cell(lines)
    if found is None:
        return []
    line, head, rest = found
    label = " ".join(w.text for w in head)
    if L.OTHER_DOCUMENT.search(fold(label)):
        return []
    after = rest or next((c for c in cells(line) if c[0].box[0] > head[-1].box[2]), [])
    if after and after[0].box[0] - head[-1].box[2] < 0.25:
        cand = _cand(lines, line, after[0], label, _TITLE_SCORE)
        return [cand] if cand is not None and len(after) <= len(cand.words) + 1 else []  # no sentence after it
    bottom = max(w.box[3] for w in head)
    for other, cell in under_title(lines, line, head, 2)[:1]:
        if len(cell) == 1 and cell[0].box[1] - bottom < 0.03:
            cand = _cand(lines, other, cell[0], label, _TITLE_SCORE)
            return [cand] if cand is not None else []
    return []


# ---------------------------------------------------------------------------
# A number sign in a label of words never written in the tables
# ---------------------------------------------------------------------------


def _sign_cands(lines: list[Line], nouns: set[str]) -> list[Cand]:
    """A code after a label holding a number sign and naming nothing but the document (:func:`~.numbers.thing_said`,
    the invoice number's own test of a weak label: « N° de police », « N° abonné » are a rival's, known or not; a noun
    of the title's, ``nouns``, is the document's: :func:`names_title`): in its cell, in the next cell, or under it."""
    titled = title_words(lines)
    out = []
    for line in lines:
        head = line.page == 1 and line.top <= PAGE_HEAD
        if is_table_header(line) or (not head and amounts(line)):
            continue  # the lines' table and its rows: an article's reference
        row = cells(line)
        for index, cell in enumerate(row):
            digit = next((i for i, w in enumerate(cell) if any(c.isdigit() for c in w.text)), len(cell))
            head_words = cell[:digit]
            said = fold(" ".join(w.text for w in head_words))
            if not head_words or len(head_words) > _LABEL_WORDS or not L.NUMBER_SIGN.search(said):
                continue
            unsigned_said = L.NUMBER_SIGN.sub(" ", said)  # (the sign itself names no rival: « Referenz »)
            if not names_title(said, nouns) and (_rival_said(unsigned_said)
                                                 or line_thing_said(line, label_words(unsigned_said), titled)):
                continue
            label = " ".join(w.text for w in head_words)
            score = _SIGN_SCORE if head else _LOW_SIGN_SCORE
            if digit < len(cell):
                value = cell[digit]
            elif (index + 1 < len(row) and row[index + 1][0].box[0] - cell[-1].box[2] < 0.3
                  and any(c.isdigit() for c in row[index + 1][0].text)):
                value = row[index + 1][0]  # a panel's row: the value in the next cell
            else:
                value = _under(lines, line, cell)
                if value is None:
                    continue
                line_of = next(other for other in lines if value in other.words)
                cand = _cand(lines, line_of, value, label, score)
                if cand is not None:
                    out.append(cand)
                continue
            cand = _cand(lines, line, value, label, score)
            if cand is not None and (head or re.search(r"[A-Za-z/\-.]", str(cand.value))):
                out.append(cand)
    return out


def _under(lines: list[Line], line: Line, cell: list[Word]) -> Word | None:
    """The first word of the cell just under a label cell, in its column (a header grid's value under its label)."""
    x0, x1 = cell[0].box[0], cell[-1].box[2]
    index = lines.index(line)
    for other in lines[index + 1:index + 3]:
        if other.page != line.page:
            return None
        under = next((c for c in cells(other) if c[0].box[0] < x1 + 0.01 and c[-1].box[2] > x0 - 0.01), None)
        if under is not None:
            return under[0] if any(ch.isdigit() for ch in under[0].text) else None
    return None


def _payment_cands(lines: list[Line], *, asked: bool = False) -> list[Cand]:
    """The one code of a line about paying (``payment_reference``: « virement », « payment », « Überweisung »,
    « transferencia », « bonifico »), asked to be quoted with the payment; not on a line naming a rival (a customer,
    a mandate, an account: ``not_own_number``), nor on a row with an amount, nor on a bank's line (an IBAN's).

    A code the words after it ask quoted as the payment's reference (``payment_reference.asked``: « Please quote
    2025/01585 as the reference of your transfer », « … als Verwendungszweck an ») is that one, unless a word before
    it names a rival; « quote » just before it is the verb asking for it (no quotation's), the words after it name the
    payment (« your transfer » is no customer's reference). ``asked``: only the lines with no word of paying that such words
    name a code on (read for a person to check, :data:`AMBIGUOUS_SCORE`), instead of the lines about paying."""
    out = []
    for line in lines:
        paying = L.PAYMENT_REFERENCE.search(line.norm)
        if (paying if asked else not paying) or amounts(line) or L.IBAN_LABEL.search(line.norm):
            continue  # (a bank's line: the groups of its IBAN, « BOFI 9288 », are no reference)
        found = [c for w in line.words if (c := _cand(lines, line, w, "", _PAYMENT_SCORE)) is not None]
        if len(found) != 1:
            continue
        named = _asked_for(line, found[0])
        said = line.norm
        if named:  # the words before the code (the words after name the payment: « of your transfer »), but the
            # English verb « quote » just before it, which the rival's noun (a quotation) spells alike; any other word
            # there is kept: « indiquer la commande PO-2025-4411 en référence » names an order's number
            said = re.sub(r"\bquote\s*$", "", line.norm[:found[0].start])
        if (asked and not named) or L.NOT_OWN_NUMBER.search(said):
            continue
        found[0].label = line.text[:found[0].start].strip(" :")
        out.extend(found)
    return out


def _asked_for(line: Line, cand: Cand) -> bool:
    """True when the words just after ``cand`` on its line ask it quoted as the payment's reference (« as the
    reference », « als Verwendungszweck », « comme référence »)."""
    after = line.norm[cand.end:].lstrip(" ,")
    match = L.PAYMENT_ASKED.search(after)
    return match is not None and match.start() == 0


def structure_cands(lines: list[Line], nouns: set[str]) -> list[tuple[str, Cand]]:
    """Every code the page's structure offers, with where it was found: beside the title (``title``), after a number
    sign (``sign``), on a line about paying (``payment``), and every other code-shaped word of the page (``token``):
    the learnt ranking's candidates no label reached (``number_ranker``)."""
    found = [("title", c) for c in _title_cands(lines)] + [("sign", c) for c in _sign_cands(lines, nouns)]
    found += [("payment", c) for c in _payment_cands(lines)]
    for line in lines:
        found += [("token", c) for w in line.words if (c := _cand(lines, line, w, "", 0.0)) is not None]
    return found
