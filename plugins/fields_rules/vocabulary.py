"""The label vocabularies of ``labels/*.toml``, one file per language, merged for the rules.

A :class:`Labels` list holds ``(rank, pattern)`` pairs: a strong label ranks by its place
in its language's list (0 for the first), a weak one from :data:`WEAK_RANK` on, so that a
language's own order counts and no language outweighs another by its length.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from guichet.core import toml_store
from guichet.core.parsing import on_page, regex_store

#: Languages read, in this order (a missing file is skipped).
LANGUAGES = ("fr", "en", "de", "es", "it")
#: Rank of the first weak label (strong ranks stay below).
WEAK_RANK = 12
#: Rank of a field's ``till`` labels (a till receipt's, a restaurant bill's number): strong, but after every other strong
#: label of every language (their ranks stop at ``WEAK_RANK - 1``), so that a page printing both reads the invoice's own.
TILL_RANK = WEAK_RANK - 0.5
#: Texts whose search a vocabulary keeps (:meth:`Labels.search`): past it the memo starts again.
SEARCHES_KEPT = 1024


class Pattern:
    """A label pattern compiled on first use.

    The vocabularies hold some 300 patterns: compiling them all when the module is imported
    cost 0.3-0.45 s at every ``guichet`` start, also for commands and files (XML) that never
    read a page. A field's patterns are compiled when a line first shows one of its labels
    (:meth:`Labels.search` runs one combined pattern first), so a document pays only for the
    vocabularies its lines use.
    """

    __slots__ = ("_compiled", "_prefix", "pattern", "source")

    def __init__(self, pattern: str, source: str | None = None) -> None:
        self.pattern = pattern
        self.source = source or pattern  # as written in labels/*.toml (``pattern`` may wrap it)
        self._compiled: re.Pattern[str] | None = None
        self._prefix: str | None = None

    @property
    def prefix(self) -> str:
        """Letters every match starts with (:func:`literal_prefix`): a text without them holds no match."""
        if self._prefix is None:
            self._prefix = literal_prefix(self.source)
        return self._prefix

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = regex_store.compiled(self.pattern)  # kept between processes, as the combined ones
        return self._compiled

    def finditer(self, text: str):  # noqa: ANN201 - an iterator of matches, as re.Pattern.finditer
        return self.compiled.finditer(text)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.search(text, *args)


def _top_level_bar(body: str) -> bool:
    """True when ``body`` holds an alternative at its top level (a ``|`` outside groups and classes)."""
    depth, escaped, in_class = 0, False, False
    for char in body:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def _leading_letter(pattern: str) -> str | None:
    """The letter or digit every match starts with, read from the text of a plain pattern, else None.

    Most labels are written "word\\s*word" (maybe after a ``\\b``): their first character is known
    without parsing, when no alternative at the top level and no quantifier on that character.
    """
    body = pattern[2:] if pattern.startswith(r"\b") else pattern
    if len(body) < 2 or not (body[0].isalnum() and body[0].isascii()) or body[1] in "?*{|" or _top_level_bar(body):
        return None
    return body[0]


def literal_prefix(pattern: str) -> str:
    """The plain letters, digits and spaces every match of ``pattern`` starts with ("" when unknown).

    Read from the text of the pattern (maybe after a ``\\b``): its first characters up to anything else,
    a character followed by a quantifier left out; nothing when an alternative stands at the top level.
    ``"total\\s*ttc"`` starts with ``"total"``, ``"(?:total|montant)"`` with nothing known. The label
    search tries a label only on a line that holds its prefix (a substring test instead of a regex run).
    """
    body = pattern[2:] if pattern.startswith(r"\b") else pattern
    if _top_level_bar(body):
        return ""
    out = []
    for index, char in enumerate(body):
        if not ((char.isascii() and char.isalnum()) or char == " ") or body[index + 1:index + 2] in ("?", "*", "+", "{"):
            break
        out.append(char)
    return "".join(out)


@cache
def first_chars(pattern: str) -> frozenset[str] | None:
    """Every character a match of ``pattern`` can start with, or None when that is not known.

    Read from the parsed pattern (the standard library's own parser, ``re._parser``): literals,
    classes, alternatives, groups and repeats; anchors and lookarounds take no character. None for
    anything wider (``.``, ``\\w``, a negated class, a pattern that can match nothing at all).
    """
    starts = first_starts(pattern)
    return starts if starts is not None and all(len(start) == 1 for start in starts) else None


#: The characters ``\s`` matches in a text (``str.isspace``'s): a label may start with its blank.
_SPACES = frozenset(" \t\n\r\f\v\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _class_chars(items, constants, *, widest: int, digits: bool) -> set[str] | None:  # noqa: ANN001 - the parser's
    """The characters a parsed class lists: its literals, its ranges narrower than ``widest``, the blanks of ``\\s``
    and, when ``digits``, those of ``\\d`` (0 to 9); None when it holds anything else (a negation, ``\\w``)."""
    out: set[str] = set()
    for sub_op, sub_av in items:
        if sub_op is constants.LITERAL:
            out.add(chr(sub_av))
        elif sub_op is constants.RANGE and sub_av[1] - sub_av[0] < widest:
            out.update(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
        elif sub_op is constants.CATEGORY and digits and sub_av is constants.CATEGORY_DIGIT:
            out.update("0123456789")
        elif sub_op is constants.CATEGORY and sub_av is constants.CATEGORY_SPACE:
            out.update(_SPACES)
        else:
            return None
    return out


#: The categories of a class written back as text (:func:`first_starts`).
_CATEGORY_TEXT = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                  "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


@cache
def first_starts(pattern: str) -> frozenset[str] | None:
    """What a match of ``pattern`` can start with: characters (one-character strings) and, where a class is too wide
    to list (``\\W``, ``[^\\w\\s]``: a label's leading punctuation), that class as a pattern's text (« [^\\w\\s] »).
    None when not known (``.``, a pattern that can match nothing at all): :func:`first_chars`, classes kept whole."""
    letter = _leading_letter(pattern)
    if letter is not None:
        return frozenset(letter)
    try:
        from re import _constants as C  # the regex opcodes, named as in CPython
        from re import _parser
    except ImportError:  # another Python's internals: no gate, same matches
        return None

    def chars_of(item) -> set[str] | None:  # noqa: ANN001 - an (opcode, argument) pair of the parser
        op, av = item
        if op is C.LITERAL:
            return {chr(av)}
        if op is C.IN:
            listed = _class_chars(av, C, widest=300, digits=True)
            return class_text(av) if listed is None else listed
        if op is C.NOT_LITERAL:
            return {f"[^{re.escape(chr(av))}]"}
        return None

    def class_text(items) -> set[str] | None:  # noqa: ANN001 - a class's items as parsed
        negated = bool(items) and items[0][0] is C.NEGATE
        parts = []
        for sub_op, sub_av in items[1:] if negated else items:
            if sub_op is C.LITERAL:
                parts.append(re.escape(chr(sub_av)))
            elif sub_op is C.RANGE:
                parts.append(f"{re.escape(chr(sub_av[0]))}-{re.escape(chr(sub_av[1]))}")
            elif sub_op is C.CATEGORY and str(sub_av) in _CATEGORY_TEXT:
                parts.append(_CATEGORY_TEXT[str(sub_av)])
            else:
                return None
        return {f"[{'^' if negated else ''}{''.join(parts)}]"} if parts else None

    def first(seq) -> tuple[set[str] | None, bool]:  # noqa: ANN001 - a parsed sequence
        out: set[str] = set()
        for op, av in seq:
            if op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
                continue  # takes no character
            if op is C.BRANCH:
                found, nullable = set(), False
                for branch in av[1]:
                    chars, empty = first(branch)
                    if chars is None:
                        return None, False
                    found |= chars
                    nullable = nullable or empty
            elif op is C.SUBPATTERN:
                found, nullable = first(av[3])
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
                found, nullable = first(av[2])
                nullable = nullable or av[0] == 0
            else:
                found, nullable = chars_of((op, av)), False
            if found is None:
                return None, False
            out |= found
            if not nullable:
                return out, False
        return out, True

    try:
        chars, nullable = first(_parser.parse(pattern))
    except Exception:  # noqa: BLE001 - an opcode this reader does not know: no gate
        return None
    return None if chars is None or nullable else frozenset(chars)


class Labels(list[tuple[int, Pattern]]):
    """Ranked label patterns of one field; :meth:`search` tells whether any occurs in a text."""

    @cached_property
    def _any(self) -> re.Pattern[str]:
        """Every label as one pattern, behind a look-ahead on the characters a label can start with.

        Python's regex engine tries each of the ~70 alternatives at every place of a line; the
        look-ahead turns the places where no label can start into one test (the rules search
        every line for each field: this was a third of their time). Compiled once for all processes
        (:func:`combined_labels`).
        """
        # The labels as written, without the word-end test of ``labels(whole=True)``: a few more places
        # pass this first test, and label_hits then checks each label itself (a smaller pattern to compile).
        return combined_labels(tuple(getattr(p, "source", p.pattern) for _rank, p in self))

    @cached_property
    def prefixed(self) -> list[tuple[float, Pattern, str]]:
        """Each label with its rank and the letters every match of it starts with (:attr:`Pattern.prefix`; "" when
        unknown), read once: ``lines.label_hits`` tries a label only on a line that holds them."""
        return [(rank, pattern, getattr(pattern, "prefix", "")) for rank, pattern in self]

    def search(self, text: str) -> re.Match[str] | None:
        """The first place in ``text`` where one of the labels occurs.

        Kept per text (a match never changes): the rules ask a vocabulary about the same line several times
        (some 40 % of the calls on a page), and the combined pattern was their largest single cost.
        """
        found = self.__dict__.get("_found")
        if found is None:
            found = self.__dict__["_found"] = {}
        if text in found:
            return found[text]
        if len(found) >= SEARCHES_KEPT:
            found.clear()  # another document's lines: the memo stays the size of a few pages
        match = found[text] = self._any.search(text)
        return match

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every place in ``text`` where a label occurs, apart from one another, from left to right."""
        return self._any.finditer(text)

    def fullmatch(self, text: str) -> bool:
        """True when one of the labels is the whole of ``text``.

        A label that is the whole text also starts it, so the combined pattern finds it: a text in
        which :meth:`search` finds none (most texts) needs no label tried one by one.
        """
        return self.search(text) is not None and any(
            getattr(p, "prefix", "") in text and getattr(p, "compiled", p).fullmatch(text) for _rank, p in self)

    def count(self, text: str) -> int:
        """How many labels occur in ``text`` (apart from one another)."""
        return len(self._any.findall(text))

    def sub(self, repl: str, text: str) -> str:
        """``text`` with every label replaced by ``repl``."""
        return self._any.sub(repl, text)

    def strong(self) -> Labels:
        """Only the strong labels."""
        return Labels(item for item in self if item[0] < WEAK_RANK)

    def __add__(self, other: list) -> Labels:  # type: ignore[override]
        return Labels(list(self) + list(other))


#: More start strings than this for one label: none said (a look-ahead that long would cost what it saves).
_MAX_STARTS = 200


@cache
def start_pairs(pattern: str) -> frozenset[str] | None:
    """Texts of one or two characters one of which every match of ``pattern`` starts with, or None when not known.

    Read from the parsed pattern (the standard library's own parser, as :func:`first_starts`): literals, small
    classes, ``\\s``, groups, alternatives and repeats; anchors and lookarounds take no character; an optional part
    gives its own starts and lets what follows it start the match too. « \\bfacture\\b » starts with « fa », « n[°º] »
    with « n° » or « nº », « \\s*client » with a blank or « cl ». The field rules search every line for the labels
    of each field: a look-ahead on these pairs (:func:`_pair_gate`) spares most places where a label's first letter
    stands but no label starts."""
    try:
        from re import _constants as C  # the regex opcodes, named as in CPython
        from re import _parser

        parsed = _parser.parse(pattern)
    except Exception:  # noqa: BLE001 - another Python's internals, a pattern this reader cannot parse: no gate
        return None
    if parsed.state.flags & (C.SRE_FLAG_IGNORECASE | C.SRE_FLAG_VERBOSE):
        return None

    def item(op, av) -> tuple[set[str], set[str]] | None:  # noqa: ANN001 - an (opcode, argument) pair of the parser
        """(starts that may go on, starts complete) of one item, or None."""
        if op is C.LITERAL:
            return {chr(av)}, set()
        if op is C.IN:
            chars = _class_chars(av, C, widest=40, digits=False)  # \d: any script's digits, not listed
            return (chars, set()) if chars else None
        if op is C.SUBPATTERN:
            return None if av[1] or av[2] else sequence(av[3])  # a group that sets flags: not read
        if op is C.BRANCH:
            found = [sequence(branch) for branch in av[1]]
            if any(f is None for f in found):
                return None
            return set().union(*(f[0] for f in found)), set().union(*(f[1] for f in found))
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):  # at least once (optional parts are read by ``sequence``)
            inner = sequence(av[2])
            if inner is None:
                return None
            return inner if av[0] == av[1] == 1 else (set(), inner[0] | inner[1])
        return None

    def sequence(seq) -> tuple[set[str], set[str]] | None:  # noqa: ANN001 - a parsed sequence
        """(starts shorter than two characters that what follows extends, starts complete) of every match."""
        going, done = {""}, set()
        for op, av in seq:
            if not going:
                break
            if op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
                continue  # takes no character
            if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] == 0:
                inner = sequence(av[2])
                if inner is None:
                    return None
                done |= {(s + t)[:2] for s in going for t in inner[0] | inner[1]}  # with it (then: not read)
                continue  # or without it
            found = item(op, av)
            if found is None:
                if "" in going:
                    return None
                done |= going  # what follows is not read: the starts so far
                going = set()
                break
            longer = {(s + t)[:2] for s in going for t in found[0]}
            done |= {(s + t)[:2] for s in going for t in found[1]} | {s for s in longer if len(s) == 2}
            going = {s for s in longer if len(s) < 2}
            if len(going) + len(done) > _MAX_STARTS:
                return None
        return going, done

    found = sequence(parsed)
    if found is None:
        return None
    starts = found[0] | found[1]
    return None if not starts or "" in starts else frozenset(starts)


def _pair_gate(sources: tuple[str, ...]) -> str:
    """A look-ahead on the one or two characters every label of ``sources`` starts with (:func:`start_pairs`): each
    first character, then the second ones it goes on with; "" when a label does not say."""
    starts: set[str] = set()
    for source in sources:
        found = start_pairs(source)
        if found is None:
            return ""
        starts |= found
    singles = {s for s in starts if len(s) == 1}
    seconds: dict[str, set[str]] = {}
    for pair in starts:
        if len(pair) == 2 and pair[0] not in singles:  # a start of one character says all it can
            seconds.setdefault(pair[0], set()).add(pair[1])
    ways = ["[" + "".join(re.escape(c) for c in sorted(singles)) + "]"] if singles else []
    ways += [re.escape(first) + "[" + "".join(re.escape(c) for c in sorted(then)) + "]"
             for first, then in sorted(seconds.items())]
    return f"(?={'|'.join(ways)})" if ways else ""


def _combined_text(sources: tuple[str, ...]) -> str:
    """The text of :attr:`Labels._any`: the labels ``sources`` as alternatives, behind a look-ahead on the two
    characters they can start with (:func:`_pair_gate`) when each says which, then one on the first character
    (:func:`first_starts`)."""
    return _pair_gate(sources) + _first_gated(sources)


def _first_gated(sources: tuple[str, ...]) -> str:
    """The labels ``sources`` as alternatives, behind a look-ahead on the characters they can start with
    (:func:`first_starts`) when each says which."""
    body = "|".join(f"(?:{source})" for source in sources) or r"(?!)"
    starts = [first_starts(source) for source in sources]
    if sources and all(starts):
        every = set().union(*starts)
        gate = "".join(re.escape(c) for c in sorted(c for c in every if len(c) == 1))
        classes = sorted(c for c in every if len(c) > 1)  # a class too wide to list (a label's leading punctuation)
        if not classes:
            return f"(?=[{gate}])(?:{body})"
        # Labels that may start with punctuation stand where their own text says (« ^ », « (?:^|(?<=\s\s)) »: a
        # line's or a cell's start): their gate asks for that place too, the others' for their characters.
        anchored: dict[str, set[str]] = {}
        for source, start in zip(sources, starts, strict=True):
            place = None if _top_level_bar(source) else _PLACE.match(source)
            anchored.setdefault(place.group() if place else "", set()).update(start)
        alternatives = []
        for place, chars in sorted(anchored.items()):
            listed = "".join(re.escape(c) for c in sorted(c for c in chars if len(c) == 1))
            wide = sorted(c for c in chars if len(c) > 1)
            ahead = "|".join(([f"[{listed}]"] if listed else []) + wide)
            alternatives.append(f"{place}(?:{ahead})" if place else ahead)
        return f"(?={'|'.join(alternatives)})(?:{body})"
    return body


#: Where a label's text says it starts, before its first character: a line's start, or a cell's (after two spaces).
_PLACE = regex_store.compiled(r"\^(?![*+?{])|\(\?:\^\|\(\?<=\\s\\s\)\)(?![*+?{])")


#: This module's source: part of the key of a kept pattern, so that a change in how the combined text is built
#: (:func:`_combined_text`, :func:`first_chars`) is never masked by a pattern an earlier version kept.
_BUILDER = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def combined_labels(sources: tuple[str, ...]) -> re.Pattern[str]:
    """:func:`_combined_text` of ``sources`` compiled, from the compiled code kept by an earlier process when there
    is one (:mod:`guichet.core.parsing.regex_store`): the ~50 combined patterns cost 0.2-0.25 s CPU to build and
    compile, a third of what ``guichet extract`` spends outside the OCR on a scanned page."""
    key = hashlib.sha256("\x00".join((_BUILDER, *sources)).encode()).hexdigest()
    found = regex_store.load(key)
    if found is not None:
        return found
    return regex_store.compile_and_keep(key, _combined_text(sources))


def _files() -> dict[str, dict]:
    """Each language's label file, parsed (kept parsed between processes: :mod:`~guichet.core.toml_store`)."""
    folder = resources.files("guichet.plugins.fields_rules") / "labels"
    texts = {}
    for language in LANGUAGES:
        entry = folder / f"{language}.toml"
        if entry.is_file():
            texts[language] = entry.read_text(encoding="utf-8")
    return dict(zip(texts, toml_store.parsed("labels", tuple(texts.values())), strict=True))


_DATA = _files()


#: After a label that ends in a letter, no letter: a label is whole words ("factura num" is no label
#: of "Factura número", and the regex tries the longer alternative instead).
_WORD_END = r"(?!(?<=[a-z])[a-z])"


def labels(field: str, key: str = "strong", *, weak: bool = True, whole: bool = False) -> Labels:
    """Every language's labels of ``field`` (``strong`` first, then ``till``, then ``weak``).

    ``whole``: a label must end at a word's end (labels before a value; not for the word
    stems that only tell a context, such as ``livraison`` or ``bestell``).
    """
    out = Labels()
    seen: set[str] = set()
    tiers = [(key, 0)] + ([("till", TILL_RANK), ("weak", WEAK_RANK)] if weak and key == "strong" else [])
    for tier, base in tiers:
        for data in _DATA.values():
            for index, pattern in enumerate(data.get(field, {}).get(tier, [])):
                if pattern not in seen:
                    seen.add(pattern)
                    rank = base + min(index, WEAK_RANK - 1) if base == 0 else base if base == TILL_RANK else base + index
                    out.append((rank, Pattern(f"(?:{pattern}){_WORD_END}" if whole else pattern, pattern)))
    return out


def core_labels(table: dict[str, tuple[str, ...]]) -> Labels:
    """A vocabulary the core keeps (one language's labels after another, ranked as :func:`labels` ranks
    strong labels): for words the core's checks read as the rules do (:data:`on_page.PREPAID_LABELS`)."""
    out = Labels()
    seen: set[str] = set()
    for patterns in table.values():
        for index, pattern in enumerate(patterns):
            if pattern not in seen:
                seen.add(pattern)
                out.append((min(index, WEAK_RANK - 1), Pattern(pattern)))
    return out


def words(field: str, key: str) -> list[str]:
    """A plain list (legal forms, OCR words) from every language."""
    out: list[str] = []
    for data in _DATA.values():
        out += [w for w in data.get(field, {}).get(key, []) if w not in out]
    return out


INVOICE_NUMBER = labels("invoice_number", whole=True)
#: A serial number's label: the invoice's beside the document's title, a product's anywhere else.
SERIAL_NUMBER = labels("invoice_number", "serial", whole=True)
ISSUE_DATE = labels("issue_date", whole=True)
DUE_DATE = labels("due_date", whole=True)
#: What a due label's cell may say it is of besides the payment: a contract, an offer, their conditions.
DUE_OF_OTHER = labels("due_date", "other", weak=False)
#: Another document's words (the core's: the conversion's gate reads dates with the same) and the date's own.
OTHER_DOCUMENT = core_labels(on_page.OTHER_DOCUMENT_LABELS)
NOT_ISSUE_DATE = labels("not_issue_date") + OTHER_DOCUMENT
TOTAL_WITH_TAX = labels("total_with_tax", whole=True)
TOTAL_WITHOUT_TAX = labels("total_without_tax", whole=True)
TOTAL_TAX = labels("total_tax", whole=True)
AMOUNT_DUE = labels("amount_due", whole=True)
#: A VAT word beside a word excluding it (« hors TVA », « IVA esclusa », « ohne MwSt. »): the amount is without the
#: VAT, so the label is a net's, never a VAT's.
VAT_EXCLUDED = labels("vat_excluded")
#: Words in a total's label naming another amount than this invoice's (a contract's total, progress to date, invoices before).
NOT_THIS_TOTAL = labels("not_this_total")
#: A levy a hotel collects for the town, outside the VAT (« Taxe de séjour », « Kurtaxe », « Imposta di soggiorno »).
LOCAL_LEVY = labels("local_levy", weak=False)
#: An amount withheld from the total to pay (a works retention): as a deposit paid, the net after it is no total.
WITHHELD = labels("withheld")
#: The header of a grid's cell holding the document's kind (« Type de pièce », « Document type », « Belegart »).
DOCUMENT_KIND = labels("document_kind")
#: Amounts already paid: the core's vocabulary (the completion reads the page with the same words).
PREPAID = core_labels(on_page.PREPAID_LABELS)
SELLER_BLOCK = labels("seller_block")
#: The phrase a seller's name follows in its cell with no colon (« Receipt from », « Vendu par », « Pay to »).
SELLER_PHRASE = labels("seller_phrase")
#: The label of a bank account's holder (« Account name », « Kontoinhaber », « Titular de la cuenta »): next to an IBAN,
#: the payee.
ACCOUNT_HOLDER = labels("account_holder")
#: Words of a direct debit (« Prélèvement », « Lastschrift », « Domiciliación »): the account near them is the payer's.
DIRECT_DEBIT = labels("direct_debit")
#: Words saying that a company invoices in another's name (« au nom et pour le compte », « on behalf of »).
ON_BEHALF = labels("on_behalf")
#: A trading name's statement: the trading name before it, the legal name owning it after (« … is a trading name of … »).
TRADING_OWNER = labels("trading_owner")
#: The legal name before it, the trading name after (« Walsh Ltd t/a Nexora », « trading as »).
TRADING_AS = labels("trading_as")
#: Labels of the seller's legal name (« Razón social », « Registered name ») and of its trading name (« Nombre comercial »).
LEGAL_NAME = labels("legal_name")
TRADING_NAME = labels("trading_name")
BUYER_BLOCK = labels("buyer_block")
#: A box's heading in the second person (« Vos identifiants », « Your details », « Ihre Angaben »): the buyer's box; in
#: the first person (« Nos références », « Our details »): the seller's.
YOUR_HEADING = labels("person_heading", "yours")
OUR_HEADING = labels("person_heading", "ours")
#: A delivery address's heading ("Livré à", "Ship to"): the block is no buyer's, no seller's.
DELIVERY_BLOCK = labels("delivery_block")
#: A party that is neither buyer nor seller on its own label (« Siège social », « Transporteur », « Head office »,
#: « Spediteur »): a name after it is no buyer's.
OTHER_PARTY = labels("other_party")
#: The payment terms' labels and sentences: the core's (the conversion's gate reads a term's days with the same).
PAYMENT_TERMS = core_labels(on_page.PAYMENT_TERMS_LABELS)
PAYMENT_TERMS_SENTENCE = core_labels(on_page.PAYMENT_TERMS_SENTENCES)
CREDIT_NOTE = labels("credit_note")
INVOICE_WORD = labels("invoice_word")
#: A note varying an invoice either way (it « nota di variazione »): a title, neither an invoice's nor a credit note's.
VARIATION_NOTE = labels("variation_note")
TITLE_WORDS = INVOICE_WORD + CREDIT_NOTE + VARIATION_NOTE
TABLE_DESCRIPTION = labels("table_description")
TABLE_AMOUNT = labels("table_amount")
TABLE_QUANTITY = labels("table_quantity")
TABLE_CARRIED = labels("table_carried")
#: The header of a VAT breakdown's rate column ("Taux", "Satz", "Aliquota"): the numbers under it are rates.
VAT_RATE_COLUMN = labels("vat_rate_column")
NOT_OWN_NUMBER = labels("not_own_number") + OTHER_DOCUMENT
#: Words that say a title is a bill asking for payment (« Avis des sommes à payer », « Avis d'échéance »).
BILL_TITLE = labels("bill_title", weak=False)
NOT_ISSUE_CONTEXT = labels("not_issue_context")
NAME_LABEL = labels("name_label")
LEGAL_FOOTER = labels("legal_footer")
REGISTRY_CITY = labels("registry_city")
IBAN_LABEL = Labels([(0, Pattern(r"\biban\b"))])
#: Words of paying (« virement », « payment », « Überweisung »): a line that asks the payer to quote a code.
PAYMENT_REFERENCE = labels("payment_reference", weak=False)
#: Words after a code that ask it quoted as the payment's reference (« 2025/01585 as the reference », « … als
#: Verwendungszweck », « … comme référence »): the code just before them is the one the line asks for.
PAYMENT_ASKED = labels("payment_reference", "asked", weak=False)
#: A means of payment's words (« virement », « card », « Überweisung », « tarjeta », « bonifico »; folded, a word's start):
#: a name read where a payee's stands that is one of these is none.
PAYMENT_MEANS = labels("payment_means", weak=False)
#: Words of an invoice sold to a factor (« affacturage », « subrogation », « Factoring », « abgetreten », « ceduto »):
#: the payee named beside them is the factor (BT-59), not the seller.
FACTORING = labels("factoring", weak=False)
#: A number label's own words (folded, plain words): its « number » words (« numéro », « Nr », « ref »), a code's words
#: (« code », « id »), links and articles; any other word beside a weak « N° » names the thing numbered.
NUMBER_SIGNS = words("number_label", "signs")
NUMBER_GLUE = frozenset(NUMBER_SIGNS + words("number_label", "codes") + words("number_label", "links"))
#: The « number » sign, one pattern for every rule that looks for it (folded text: lower case, accents off; « ° », « º »,
#: « . » and « # » kept). Group ``number``: a word or a mark that says « number » (« n° », « nº », « n.º », « n. », « no. »,
#: « nr », « nro », « num. », « numéro », « number », « # »: the tables' signs that start with an « n », as the word does
#: in the five languages; a bare « n »); ``compound``: a « number » word ending a compound (« beleg-nr. »,
#: « rechnungsnummer », « invoicenumber »: the noun before it stays, the thing numbered); ``reference``: the tables'
#: other signs (« réf. », « referenz », « rif. »), which point at a code without saying it counts.
_SIGN_NUMBER = (r"n\s?\.?\s?[°º]\.?|#|(?:" + "|".join(sorted((w for w in NUMBER_SIGNS if w.startswith("n")), key=len, reverse=True))
                + r"|n)(?![a-z])\.?")
_SIGN_COMPOUND = r"-?nr\b\.?|-?nummer|-?number"
_SIGN_REFERENCE = r"(?:" + "|".join(w for w in NUMBER_SIGNS if not w.startswith("n")) + r")(?![a-z])\.?"
NUMBER_SIGN = regex_store.compiled(rf"(?<![a-z0-9])(?P<number>{_SIGN_NUMBER})|(?<=[a-z])(?P<compound>{_SIGN_COMPOUND})"
                         rf"|(?<![a-z0-9])(?P<reference>{_SIGN_REFERENCE})")
#: A label ending with a sign that says « number » (« Facture n° », « Rechnungsnummer », « Invoice # », « Fatt. n »).
NUMBER_SIGN_END = regex_store.compiled(rf"(?:(?<![a-z0-9])(?:{_SIGN_NUMBER})|(?<=[a-z])(?:{_SIGN_COMPOUND}))\s*$")
#: Words that name the document itself beside a number's or a date's label (« Pièce », « Beleg », « Fra. »).
OWN_DOCUMENT_WORDS = words("number_label", "own")
#: A utility's supply point or meter named on the page (PDL/PRM/PCE, CUPS, POD, MPAN).
SUPPLY_POINT = labels("supply_point", weak=False)
BIC_LABEL = Labels([(0, Pattern(r"\bbic\b")), (1, Pattern(r"\bswift\b"))])
#: Legal forms of companies (SARL, GmbH, Ltd, S.L., S.r.l. ...) as one pattern.
LEGAL_FORMS = regex_store.compiled(r"\b(?:" + "|".join(sorted(words("legal_forms", "forms"), key=len, reverse=True))
                         + r")(?![a-z0-9])\.?")
#: A name's label in a payee's block (« Nom : », « Name: », « Firma: », « Razón social: », « Ragione sociale: »; folded
#: text): the label's words and the colon after them, the name following.
PAYEE_NAME_LABEL = regex_store.compiled(r"^\s*(?:" + "|".join(words("payee_name_label", "words")) + r")\s*:\s*")
#: Label words an OCR reading may misspell by a letter or two ("Rechoungsnummer"): an OCR word of the
#: same length that differs from one of these by one letter (two from 12 letters on) is read as it.
OCR_LABEL_WORDS = words("ocr_words", "words")
#: The short words a total's label starts with (« Total », « Montant », « Gesamt », « Summe », « Totale »): an OCR word
#: one letter off (dropped, added or changed: « Ttal ») is read as it where a total's row stands (lines.py).
OCR_TOTAL_WORDS = words("ocr_total_words", "words")


def says_number(text: str) -> bool:
    """``text`` (folded) holds a sign that says « number » (:data:`NUMBER_SIGN`, not a mere reference word)."""
    return any(sign.lastgroup != "reference" for sign in NUMBER_SIGN.finditer(text))


def sign_word(text: str) -> re.Match[str] | None:
    """The « number » sign ``text`` (a word as read) opens, written with its mark (« N° », « Nº », « No. », « Nr. »,
    « N. », « Num. », « # »): a sign glued to a value (« n.9812 », « N°FA-42 », « #9812 ») or a word of its own
    (« N°  client »); a bare « No » or « Nr » may be a code's letters. Its span is the word's own (one-for-one fold)."""
    sign = NUMBER_SIGN.match(on_page.fold(text))
    return sign if sign and sign.lastgroup == "number" and sign.group()[-1] in "°º.#" else None
