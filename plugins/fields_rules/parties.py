"""The parties: identifiers (VAT number, SIRET, SIREN, IBAN, BIC) and names, seller or buyer by their place."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from guichet.core.model import identifiers as ids
from guichet.core.parsing.regex_store import compiled
from guichet.core.parsing.text import FieldValue, Word
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.lines import (
    Cand,
    STREET_LINE,
    Line,
    block_under,
    body_height,
    cand_confidence,
    fold,
    label_hits,
)
from guichet.plugins.fields_rules.vocabulary import Labels

if TYPE_CHECKING:
    from guichet.core.model.models import Company

_NAME_LABEL = Labels([(0, compiled(r"^\s*(?:" + "|".join(p.pattern for _r, p in L.NAME_LABEL) + r")\s*:"))])
#: A seller's heading alone in its cell, maybe after a word saying « the data of » (« Datos del emisor », « Dati del
#: cedente », « Coordonnées de l'émetteur », « Angaben zum Rechnungssteller »), another heading's word and a slash
#: (« Cedente/prestatore »), or before « details » or a word in brackets (« Supplier details », « … (fornitore) »).
_DATA_OF = r"(?:(?:datos|dati|donnees|coordonnees|identite|angaben|daten|details|information|anagrafica)\s+(?:[^\W\d_]+\W?\s*){0,3}?)"
_SELLER_HEADING = compiled(rf"^\s*(?:{_DATA_OF}|[^\W\d_]+\s*/\s*)?(?:" + "|".join(p.pattern for _r, p in L.SELLER_BLOCK)
                             + r")(?![a-z])(?:\s*(?:details|information|data)|\s*\([^)]*\))?\s*:?\s*$")
#: Header lines that are no seller name: a quote's title, a page number, a copy's mention.
_NOT_A_NAME = compiled(r"devis|quote|\(c\)|©|copyright|\bpage\b|\bseite\b|original|duplicata|copie|copy|^\W*(?:france|deutschland|germany"
                         r"|italia|italy|espana|spain|belgique|belgium|suisse|schweiz|osterreich|austria|nederland"
                         r"|united\s*kingdom|luxembourg)\W*$"
                         # a street: the address under the name, its number read apart
                         rf"|{STREET_LINE}"
                         r"|^\W*(?:gln|gtin|ean|iln|duns|no|nr|n°|num|fr|de|be|lu|ch|at|es|it|nl|gb|uk)\W*$"  # an identifier's name
                         # a section's heading: the references, a tax representative, the e-invoice profile
                         r"|^\W*(?:nos|vos|our|your|unsere|ihre)\s+(?:references?|refs?|zeichen)\W*$"
                         r"|representant\s+fiscal|fiscal\s+representative|steuerlicher?\s+vertreter"
                         r"|\bprofil(?:e)?\s+(?:minimum|basic|en\s?16931|extended|comfort)|factur-?x|zugferd|xrechnung")


_VAT_RE = compiled(r"\b(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)"
                     r"[ .-]?([0-9A-Z][0-9A-Z .]{7,16})")
_IBAN_RE = compiled(r"\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){10,30})")
#: A VAT number's country code, also stuck to its label by OCR (« N° TVAFR 44 493 523 336 »).
_VAT_ANY = compiled(r"(?:\b|(?<=TVA)|(?<=VAT)|(?<=IVA)|(?<=UST)|(?<=BTW))" + _VAT_RE.pattern[2:])
#: SIRET and SIREN, their groups set apart by a space or a dot; a SIREN is no SIRET's start (« 732 829 320 00074 »).
_SIRET_RE = compiled(r"(?<!\d)(\d{3}[ .]?\d{3}[ .]?\d{3}[ .]?\d{5})(?!\d)")
_SIREN_RE = compiled(r"(?<!\d)(\d{3}[ .]?\d{3}[ .]?\d{3})(?![\d]| ?\d{5})")
#: The same read by OCR, which widens a space to two (« 298  123  159 »). Only there: two spaces on a text layer's
#: line are a column gap (« RCS Paris 732 829 320  75001 Paris »: a SIREN, then a postcode, no SIRET).
_SIRET_OCR = compiled(_SIRET_RE.pattern.replace("[ .]?", "(?:[ .]|  )?"))
_SIREN_OCR = compiled(_SIREN_RE.pattern.replace("[ .]?", "(?:[ .]|  )?"))
#: A VAT number as OCR reads it: its country code may stand two spaces from its digits (« FR  18  554  941  658 »).
_VAT_OCR = compiled(_VAT_ANY.pattern.replace(r")[ .-]?(", r")(?:[ .-]|  )?(", 1))
_BIC_RE = compiled(r"\b([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")


@lru_cache(maxsize=4096)  # the rules ask again for the same text (a page's VAT number is read four times)
def _vat_number(raw: str) -> tuple[str, float] | None:
    """The longest valid prefix of ``raw`` as an EU (or British) VAT number, with a confidence."""
    from stdnum.eu import vat as eu_vat
    from stdnum.exceptions import InvalidChecksum, ValidationError
    from stdnum.gb import vat as gb_vat

    text = ids.compact(raw)
    for end in range(len(text), 9, -1):
        candidate = text[:end]
        try:
            # python-stdnum's EU list left GB out (2021); British suppliers still print "VAT Reg. No. GB…"
            (gb_vat if candidate.startswith("GB") else eu_vat).validate(candidate)
        except InvalidChecksum:
            if not candidate.startswith("FR") or _fr_key_checks(candidate):
                return candidate, 0.75  # right shape, wrong key: a specimen or a misprint
            continue
        except ValidationError:
            continue
        return candidate, 0.95
    return None


def _fr_key_checks(text: str) -> bool:
    """True when a French VAT number ``text`` (compact) that python-stdnum refuses has a key its nine digits give (key
    = (digits·100 + 12) mod 97): a specimen's SIREN whose Luhn digit is off (« FR 32 123 456 789 »), printed whole
    and checked by its own key, which no changed digit nor swapped pair passes. A French number with a wrong key
    stays refused: the digits of a SIRET or a phone after « TVA », not a VAT number."""
    body = text[4:]
    return (len(text) == 13 and text[2:4].isdigit() and body.isdigit()
            and int(text[2:4]) == (int(body) * 100 + 12) % 97)


#: A national number that is the VAT number once its country's prefix is put before it: a Spanish NIF / CIF
#: ("NIF B43555036", "NIF-IVA A44815587"), an Italian partita IVA ("P. IVA 18648440776"), the label maybe saying
#: whose ("P.IVA del venditore : 27711950983", "NIF del proveedor").
_NATIONAL_VAT = compiled(r"\b(?:(?P<es>N\.?\s?I\.?\s?F\.?(?:[\s-]*IVA)?|C\.?\s?I\.?\s?F\.?)|(?P<it>P(?:ARTITA|\.)\s?IVA))"
                           r"(?P<whose>\s+DE(?:L|LLA|LLO)?\s+[A-Z]{4,12})?[\s.:nN°º-]{0,6}(?P<number>(?:[A-Z]\d{7}[0-9A-Z]|\d{8}[A-Z]|\d{11}))?(?![0-9A-Z])")


_VAT_WORD = compiled(r"TVA|VAT|UST|IVA|MWST|BTW|IDNR|INTRA")
#: A VAT label, then a country's prefix and maybe the first digits, at the end of a cell.
_VAT_AT_END = compiled(r"(?:TVA|VAT|UST|IVA|MWST|BTW|IDNR|INTRA\w*)\W.{0,25}?\b" + _VAT_RE.pattern[2:_VAT_RE.pattern.index(")") + 1]
                         + r"[ .]?((?:\d[\d .]{0,10})?)\s*$")


#: What may follow the last digits of a SIRET wrapped to the next line, in that line's cell: nothing, a separator then
#: another legal mention, or that mention (« 00471 – TVA intracommunautaire … », « 00471 RCS Reims »); never a town
#: (« 75010 Paris » under a SIREN is a postcode).
_SIRET_TAIL = compiled(r"\s*(?:$|[-–—|·•,;/]?\s*(?:$|(?:(?:tva|vat|identifiant|numero|rcs|r\.c\.s|ape|naf|code|capital|siren|rm|iban|bic|tel|fax)\b|n[°º])))")


def _continued(lines: list[Line], line: Line, end: int) -> str:
    """The cell of the line under ``line`` in the column of ``line``'s cell that ends at ``end`` ("" when no cell of
    that line overlaps the column: another column's cell does not go on this one's number):
    a footer wrapped in the middle of a number ("TVA intracom. FR 94 166 533" / "281"), or a block set right, its
    number wrapped to the next line's last cell ("TVA intracommunautaire: FR 42 838 933" / "125")."""
    from guichet.plugins.fields_rules.blocks import cells

    if line.text[end:end + 2].strip() and end < len(line.text):
        return ""
    index = lines.index(line)
    if index + 1 >= len(lines):
        return ""
    under = lines[index + 1]
    if under.page != line.page or under.top - line.top > 0.025:
        return ""
    start = line.text.rfind("  ", 0, end)
    own = line.words_in(start + 2 if start >= 0 else 0, end)
    if own:
        x0, x1 = own[0].box[0], own[-1].box[2]
        for cell in cells(under):
            if cell[0].box[0] < x1 and cell[-1].box[2] > x0:
                return " ".join(w.text for w in cell)
        return ""
    return under.text.split("  ")[0].strip()


#: A delivery term's words on a line: its « CIF » is an Incoterm (cost, insurance, freight).
_INCOTERM = compiled(r"INCOTERM|LIVRAISON|DELIVERY|LIEFER|ENTREGA|CONSEGNA|\bRESA\b|\b(?:FOB|EXW|DAP|DDP|FCA|CFR|CPT|CIP|FAS)\b")


def _national_vats(lines: list[Line], line: Line, upper: str) -> list[tuple[str, int, int]]:
    """(VAT number, start, end) of the national numbers of ``upper`` labelled as VAT numbers (:data:`_NATIONAL_VAT`)."""
    from stdnum.eu import vat as eu_vat

    out = []
    for match in _NATIONAL_VAT.finditer(upper):
        if re.fullmatch(r"C\.?\s?I\.?\s?F\.?", match.group("es") or "") and _INCOTERM.search(upper):
            continue  # « Incoterm : CIF Rotterdam »: a delivery term, no Spanish tax number
        number = match.group("number")
        if number is None:
            label_end = match.end("es") if match.group("es") else match.end("it")
            number = ids.compact(_continued(lines, line, label_end).upper())
            if not re.fullmatch(r"[A-Z]\d{7}[0-9A-Z]|\d{8}[A-Z]|\d{11}", number):
                continue
        if match.group("whose") and not L.SELLER_BLOCK.search(match.group("whose").lower()):
            continue  # another party's (« P.IVA del cliente »): not read here
        vat = ("ES" if match.group("es") else "IT") + number
        if eu_vat.is_valid(vat):
            # labelled as the seller's: its place starts at the number, so that its label says whose it is
            out.append((vat, match.start("number") if match.group("whose") and match.group("number") else match.start(),
                        match.end()))
    for match in _IVA_WRAPPED.finditer(upper):
        if _PARTITA_AT_END.search(_above_cell_text(lines, line, match.start()).upper()) and eu_vat.is_valid("IT" + match.group(1)):
            out.append(("IT" + match.group(1), match.start(), match.end()))
    return out


#: The second half of « Partita IVA » wrapped over two lines, opening a cell: « … – Partita » / « IVA 02889410185 ».
_IVA_WRAPPED = compiled(r"(?:^|(?<=  ))\s*IVA[\s.:nN°º-]{0,6}(\d{11})(?![0-9A-Z])")
_PARTITA_AT_END = compiled(r"\bPARTITA\s*$")


def _above_cell_text(lines: list[Line], line: Line, pos: int) -> str:
    """The text of the cell just above the character ``pos`` of ``line``, on the line set just above it (the same
    page, as close as :func:`_continued` asks), up to its column gap: where a label wrapped before its number ends."""
    index = lines.index(line)
    if index == 0 or not line.words:
        return ""
    above = lines[index - 1]
    if above.page != line.page or line.top - above.top > 0.025:
        return ""
    x = line.x_of(pos)
    over = [(w, span) for w, span in zip(above.words, above.spans, strict=False) if w.box[2] > x - 0.1 and w.box[0] < x + 0.1]
    if not over:
        return ""
    end = above.text.find("  ", over[0][1][0])
    start = above.text.rfind("  ", 0, over[0][1][0])
    return above.text[start + 2 if start >= 0 else 0:end if end >= 0 else None]


#: VAT numbers out of the EU's list: the Swiss one, its UID with the tax's name after it (« CHE-107.787.577 MWST ») or
#: before it as its label (« MWST-Nr. CHE-107.787.577 », « N° TVA CHE-107.787.577 »), the
#: Norwegian one (« NO 995 525 828 MVA »), and a British one printed without its prefix after its label (« VAT Reg.
#: No. 980 7806 84 »: the prefix is put back when the key checks).
_OTHER_VAT = compiled(
    r"(?<![0-9A-Z])(?P<ch>CHE[-\s]?\d{3}[.\s]?\d{3}[.\s]?\d{3}\s?(?:MWST|TVA|IVA))(?![0-9A-Z])"
    r"|(?<![0-9A-Z])(?P<tax>MWST|TVA|IVA)(?:[-\s]?(?:NR\b\.?|NO\b\.?|N[°º]|NUMMER|NUMERO))?\s*[.:]?\s*"
    r"(?P<chl>CHE[-\s]?\d{3}[.\s]?\d{3}[.\s]?\d{3})(?!\s?(?:MWST|TVA|IVA)|[0-9A-Z])"
    r"|(?<![0-9A-Z])(?P<no>NO\s?\d{3}\s?\d{3}\s?\d{3}\s?MVA)(?![0-9A-Z])"
    r"|\bVAT\s*(?:REG(?:ISTRATION|ISTERED|\.)?\s*)?(?:NO\b\.?|NUMBER|N[°º]|#)\s*[.:]?\s*"
    r"(?P<gb>\d{3}\s?\d{4}\s?\d{2})(?![0-9A-Z])")


def _other_vats(upper: str) -> list[tuple[str, int, int]]:
    """(VAT number, start, end) of the VAT numbers of :data:`_OTHER_VAT` in ``upper``, their keys checked."""
    if "CHE" not in upper and "NO" not in upper and "VAT" not in upper:
        return []  # each of the pattern's numbers holds one of these words (its lookbehinds are slow on every line)
    from stdnum.ch import vat as ch_vat
    from stdnum.gb import vat as gb_vat
    from stdnum.no import mva

    out = []
    for match in _OTHER_VAT.finditer(upper):
        if match.group("ch"):
            number = ch_vat.compact(match.group("ch")) if ch_vat.is_valid(match.group("ch")) else None
        elif match.group("chl"):  # the tax's name as the label: the number as written with it after (« CHE…MWST »)
            written = f"{match.group('chl')} {match.group('tax')}"
            number = ch_vat.compact(written) if ch_vat.is_valid(written) else None
        elif match.group("no"):
            number = "NO" + mva.compact(match.group("no")) if mva.is_valid(match.group("no")) else None
        else:
            number = "GB" + ids.compact(match.group("gb")) if gb_vat.is_valid(match.group("gb")) else None
        if number:
            out.append((number, match.start(), match.end()))
    return out


#: A line that says what a bare SIREN or SIRET is: a registration or VAT label.
_REGISTRATION_LABEL = compiled(r"siren|siret|rcs|tva|vat|ust|iva|nif|cif|registr")


#: The Swiss enterprise identification number (UID/IDE/IDI, « CHE-123.456.789 »), a VAT number when « MWST »,
#: « TVA » or « IVA » follows it: a company's identifier, checked by its key.
_SWISS_UID = compiled(r"(?<![A-Z])CHE[-\s.]?\d{3}[.\s]?\d{3}[.\s]?\d{3}(?!\d)")


def company_identifier(text: str, line: Line, lines: list[Line]) -> bool:
    """True when ``text`` is a company's identifier, checked by its key: a VAT number with its country prefix
    (« GB423011614 », « FR59912389905 »), a Swiss UID (« CHE-123.456.789 »), or a 9 or 14-digit SIREN or SIRET that the page also prints on
    another line with a registration or VAT label (« RCS Lyon 912 389 905 »): a bare 9-digit order or
    invoice number passes Luhn's key one time in ten. ``line`` is the line ``text`` stands on.
    """
    from stdnum import vatin
    from stdnum.ch import uid

    swiss = _SWISS_UID.search(text.upper())
    if swiss and uid.is_valid(swiss.group()):
        return True  # « IDE CHE-123.456.789 », « UID CHE-123.456.789 MWST »: the Swiss enterprise number
    compact = re.sub(r"[\s.\-/]", "", text).upper()
    if re.fullmatch(r"[A-Z]{2}[0-9A-Z]{8,13}", compact):
        # printed whole or in groups, never with a year and a dash inside (« SI2025-7775 »: a sequence)
        return not re.search(r"\d[-/]\d", text) and vatin.is_valid(compact)
    if not (ids.valid_siren(compact) if len(compact) == 9 else ids.valid_siret(compact) if len(compact) == 14 else None):
        return False
    said = "".join(re.sub(r"[\s.\-]", "", other.norm) for other in lines
                   if other is not line and _REGISTRATION_LABEL.search(other.norm))
    return compact[:9] in said


#: Letters OCR reads as digits in a VAT number's country code (« 1E2190206E »), and digits it reads as letters
#: among its digits (« IES387289J »).
_AS_LETTER = {"1": "I", "0": "O", "5": "S", "8": "B", "2": "Z"}
_AS_DIGIT = {"I": "1", "L": "1", "O": "0", "S": "5", "B": "8", "Z": "2", "D": "0", "G": "6"}
#: A token after a VAT label: two letters (or a digit OCR may have read for one), then digits and letters.
_VAT_TOKEN = compiled(r"(?<![0-9A-Z])([0-9A-Z]{2}[0-9A-Z]*(?:[ .]\d[0-9A-Z]*)*)")


def _misread_vats(line: Line, upper: str) -> list[tuple[str, str, float, Cand]]:
    """The VAT number after a VAT label that OCR misread by a letter or a digit (« VAT Reg. No. 1E2190206E »): the
    reading whose country code and key check, the fewest characters changed first. A word after the label is tried
    only when one of its first two characters is a letter, and only a number whose key checks is kept."""
    from stdnum import vatin

    label = _VAT_WORD.search(upper)
    out: list[tuple[str, str, float, Cand]] = []
    for match in _VAT_TOKEN.finditer(upper, label.end() if label else 0):
        raw = match.group(1).split("  ")[0].rstrip(" .")
        compact = ids.compact(raw).upper()
        if not (compact[:1].isalpha() or compact[1:2].isalpha()) or len(compact) < 8 or sum(c.isdigit() for c in compact) < 4:
            continue
        prefix = "".join(_AS_LETTER.get(c, c) for c in compact[:2])
        body = compact[2:]
        places = [i for i, c in enumerate(body) if c in _AS_DIGIT]
        if not prefix.isalpha() or len(places) > 3:
            continue
        for changes in sorted(range(1 << len(places)), key=lambda m: bin(m).count("1")):
            chars = list(body)
            for bit, i in enumerate(places):
                if changes >> bit & 1:
                    chars[i] = _AS_DIGIT[chars[i]]
            candidate = prefix + "".join(chars)
            if vatin.is_valid(candidate) and _VAT_RE.fullmatch(candidate):
                out.append(("vat", candidate, 0.85, Cand(candidate, line, match.start(1), match.start(1) + len(raw))))
                return out
    return out


def _up_to_gap(raw: str, length: int) -> str:
    """``raw`` up to its ``length``-th letter or digit, and on while no column gap comes: what follows two spaces
    after the number's last character is the next cell (« FR 44 732  829 320  1/1 »: a page's number)."""
    count = 0
    for i, char in enumerate(raw):
        count += char.isalnum()
        if count == length:
            return raw[:i + 1] if raw[i + 1:i + 3] == "  " else raw
    return raw


#: A French VAT number after a VAT label as OCR read it: its key, then the SIREN's digits, maybe cut by the line's
#: end or a cell over it, maybe with a digit or two the scan lost (« TVA intracom. FR 94 166533 », « FR 04 804 6 877 »),
#: a 0 of its key read as an O (« FRO0430999417 »).
_FR_VAT_READ = compiled(r"(?<![0-9A-Z])FR\s{0,2}([\dO])\s?([\dO])((?:\s{0,2}\d){3,9})(?!\s{0,2}\d)")


def _in_order(read: str, meant: str) -> bool:
    """True when the digits of ``read`` are those of ``meant`` in their order, some maybe lost (« 166533 » and
    « 8046877 » in « 804216877 »)."""
    rest = iter(meant)
    return all(digit in rest for digit in read)


def _vats_of_siren(lines: list[Line], found: list[tuple[str, str, float, Cand]]) -> list[tuple[str, str, float, Cand]]:
    """The French VAT numbers OCR read cut or with digits lost, after a VAT label, whose key checks with a SIREN the
    page prints under a registration label (its own key checked): « FR 94 166533 » beside « RCS … 166 533 281 » is
    FR94166533281. The key read must be the SIREN's (one chance in 97 for another number's) and the digits read
    the SIREN's, in their order, five at least; one SIREN only may fit. Only on OCR lines (a text layer prints what
    it holds) where no VAT number was read, at a lower confidence than a number read whole."""
    sirens = {value if kind == "siren" else value[:9] for kind, value, _c, _w in found if kind in ("siren", "siret")}
    read_on = {id(w.line) for kind, _v, _c, w in found if kind == "vat"}
    out = []
    for index, line in enumerate(lines):
        if id(line) in read_on or not sirens or not all(w.confidence < 1.0 for w in line.words):
            continue
        upper = line.text.upper()
        label = _VAT_WORD.search(upper)
        above = lines[index - 1] if index else None
        if label is None and not (above is not None and above.page == line.page and abs(line.top - above.top) < 0.025
                                  and _VAT_WORD.search(above.text.upper().rstrip()[-25:])):
            continue  # no VAT label on the line, nor at the end of the line above (« … TVA  Page 1 » / « intracom. FR … »)
        for match in _FR_VAT_READ.finditer(upper, label.end() if label else 0):
            key, digits = (match.group(1) + match.group(2)).replace("O", "0"), re.sub(r"\s", "", match.group(3))
            fits = {siren for siren in sirens if len(digits) >= 5 and f"{int(siren + '12') % 97:02d}" == key
                    and _in_order(digits, siren)}
            if len(fits) == 1 and (vat := ids.fr_vat_from_siren(fits.pop())) is not None:
                out.append(("vat", vat, 0.8, Cand(vat, line, match.start(), match.end())))
                break
    return out


#: The trade register's mention, dotted or not (« RCS », « R.C.S. », « R. C. S. »).
_RCS_WORD = r"rcs|\br\.\s?c\.\s?s\b"
_RCS = compiled(_RCS_WORD)

#: A French SIREN after its registration's mention (« RCS Lyon B 123 456 789 », « SIREN : … », « SIRET … »: group
#: ``siren``) or a French VAT number (« FR 32 123456789 »: groups ``key`` and ``vat``), in folded text.
FRENCH_REGISTRATION = compiled(rf"(?:(?:\b(?:{_RCS_WORD})|\bsiren|\bsiret)\D{{0,30}}?(?P<siren>\d{{3}}\s?\d{{3}}\s?\d{{3}})"
                               r"(?:\s?\d{5})?|\bfr\s?(?P<key>[0-9a-hj-np-z]{2})\s?(?P<vat>\d{3}\s?\d{3}\s?\d{3}))(?!\d)")


def identifiers(lines: list[Line]) -> list[tuple[str, str, float, Cand]]:
    """Every validated identifier: (kind, value, confidence, where) with kind vat, siret, siren, iban."""
    found = []
    for line in lines:
        upper = line.text.upper()
        iban_spans = [m.span() for m in _IBAN_RE.finditer(upper) if any(
            ids.valid_iban(ids.compact(m.group(1))[:end]) for end in range(15, len(ids.compact(m.group(1))) + 1))]
        pos = 0
        ocr = all(w.confidence < 1.0 for w in line.words)
        while (match := (_VAT_OCR if ocr else _VAT_ANY).search(upper, pos)) is not None:
            body = match.group(2).split("  ")[0]  # not across a column gap (a page number after the footer)
            pos = match.start(2) + max(1, len(body))  # the next cell may hold another VAT number (two blocks side by side)
            if any(a <= match.start() < b for a, b in iban_spans):
                continue  # "DE21 8600 ..." is an IBAN, not a VAT number
            vat = _vat_number(match.group(1) + body)
            if vat is None or vat[1] < 0.9:
                # groups that OCR set two spaces apart (« FR 01 298 123  159 »): one number when its key checks
                wide = re.match(r"[0-9A-Z](?:[0-9A-Z.]| {1,2}(?=\d)){7,20}", upper[match.start(2):])
                widened = _vat_number(match.group(1) + wide.group()) if wide else None
                if widened is not None and widened[1] >= 0.9:
                    vat, body = widened, _up_to_gap(wide.group(), len(widened[0]) - len(match.group(1)))
            if vat is None or (vat[1] < 0.9 and len(ids.compact(body)) < 8):
                below = _continued(lines, line, match.start(2) + len(body.rstrip()))
                if below and re.fullmatch(r"[0-9A-Z .]{1,8}", below.upper()):
                    vat = _vat_number(match.group(1) + body + below.upper()) or vat
            rest = ids.compact(match.group(1) + body)[len(vat[0]):] if vat else ""
            if vat and rest[:1].isdigit():
                continue  # the number goes on: a longer identifier
            if vat:
                length = len(match.group(1)) + len(body)
                found.append(("vat", vat[0], vat[1], Cand(vat[0], line, match.start(), match.start() + length)))
        if _VAT_WORD.search(upper) and not any(kind == "vat" and w.line is line for kind, _v, _c, w in found):
            found += _misread_vats(line, upper)
        start = 0
        cut = _VAT_WORD.search(upper) is not None
        for cell in upper.split("  ") if cut else ():  # a VAT number cut by the line's end: "TVA intracom. FR 75" / "820 543 197"
            end = start + len(cell)
            wrapped = _VAT_AT_END.search(cell)
            if wrapped and not any(kind == "vat" and w.line is line and start <= w.start < end for kind, _v, _c, w in found):
                below = _continued(lines, line, end)
                vat = _vat_number(wrapped.group(1) + wrapped.group(2) + below.upper()) if below else None
                if vat and re.fullmatch(r"[0-9A-Z .]{1,14}", below.upper()):
                    found.append(("vat", vat[0], vat[1], Cand(vat[0], line, start + wrapped.start(1), end)))
            start = end + 2
        for vat, start, end in _other_vats(upper):
            if not any(kind == "vat" and value == vat for kind, value, _c, _w in found):
                found.append(("vat", vat, 0.85, Cand(vat, line, start, end)))
        if "IVA" in upper or "IF" in upper or "I.F" in upper or "I. F" in upper:  # NIF, N.I.F., CIF, P.IVA
            for vat, start, end in _national_vats(lines, line, upper):
                if not any(kind == "vat" and value == vat for kind, value, _c, _w in found):
                    found.append(("vat", vat, 0.9, Cand(vat, line, start, end)))
        for match in _IBAN_RE.finditer(upper):
            text = ids.compact(match.group(1))
            for end in range(len(text), 14, -1):
                if ids.valid_iban(text[:end]):
                    found.append(("iban", text[:end], 0.97, Cand(text[:end], line, match.start(), match.end())))
                    break
        registry = _RCS.search(line.norm) is not None
        context = "siret" in line.norm or "siren" in line.norm or registry or "immatricul" in line.norm
        for match in (_SIRET_OCR if ocr else _SIRET_RE).finditer(line.text):
            if ids.valid_siret(match.group(1)) and context:
                found.append(("siret", ids.compact(match.group(1)), 0.95, Cand(None, line, match.start(), match.end())))
        # a legal mention wrapped inside its SIRET (« Siret n° 531 391 449 » / « 00471 – TVA … »): the cell ends with
        # the SIREN's digits, the line under it starts with the rest
        label = line.norm.find("siret")
        ends = [m.end() for m in re.finditer(r"\d(?=  |\s*$)", line.text) if m.start() > label] if label >= 0 else []
        below = _continued(lines, line, ends[0]) if ends else ""
        if below[:1].isdigit():
            for match in (_SIRET_OCR if ocr else _SIRET_RE).finditer(f"{line.text[:ends[0]]} {below}"):
                rest = below[max(0, match.end() - ends[0] - 1):]
                if (match.start() < ends[0] < match.end() and ids.valid_siret(match.group(1))
                        and _SIRET_TAIL.match(fold(rest))):
                    found.append(("siret", ids.compact(match.group(1)), 0.9, Cand(None, line, match.start(), ends[0])))
        for match in (_SIREN_OCR if ocr else _SIREN_RE).finditer(line.text):
            if ids.valid_siren(match.group(1)) and ("siren" in line.norm or registry):
                found.append(("siren", ids.compact(match.group(1)), 0.9, Cand(None, line, match.start(), match.end())))
    return found + _vats_of_siren(lines, found)


#: A company's entry in a trade register other than the French RCS, with its number: the German Handelsregister
#: (« Amtsgericht München HRB 12345 », « HRA 987 B »; Austria's Firmenbuch numbers « FN 123456a » are not read here,
#: and the entry's country is the completion's to conclude, not this shape's), the British and Irish companies registers
#: (« Company No. 01234567 », « Registered in England and Wales No. SC123456 », « CRO number 654321 »). No key to
#: check: the register's own label must stand just before the number (not « CRN », also a customer reference).
_REGISTER = compiled(
    r"(?<![0-9A-Za-z])(?P<de>HR[AB])\s?(?:Nr\.?\s?)?:?\s?(?P<de_number>\d{1,6}(?:\s?[A-Z]{1,2}(?![0-9A-Za-z]))?)(?!\s?[0-9])"
    r"|(?:\bcompany\s*(?:reg(?:istration|istered|\.)?\s*)?(?:no\b\.?|number|n[°º]|#)"
    r"|\bregistered\s+(?:in\s+(?:england(?:\s*(?:and|&)\s*wales)?|wales|scotland|northern\s+ireland|ireland)\s*)?"
    r"(?:(?:under\s+)?(?:company\s+)?(?:no\b\.?|number|n[°º]))"
    r"|\bCRO\s*(?:no\b\.?|number)?)"
    r"\s*[.:#]?\s*(?P<uk_number>(?:SC|NI|OC|SO|NC|R0|FC)\d{6}|\d{5,8})(?![0-9A-Za-z])",
    re.IGNORECASE)
#: Other national registers' entries (BT-30), the register's own label just before the number: the Dutch Kamer van
#: Koophandel (« KvK 12345678 »: eight digits, no key), the Belgian enterprise number (« BCE 0403.170.701 »,
#: « Ondernemingsnummer », « RPM Liège 0403.170.701 »: ten digits, checked by their key), the Austrian Firmenbuch
#: (« FN 123456a », « Firmenbuchnummer 123456 a »), the Italian REA (« REA MI-1234567 »: the province, then the entry)
#: and the Swiss enterprise number with no tax's name after it (« UID CHE-116.281.710 », checked by its key; with
#: « MWST » it is the VAT number, :data:`_OTHER_VAT`).
_NATIONAL_REGISTER = compiled(
    r"(?<![0-9A-Za-z])(?:"
    r"(?:kvk|k\.\s?v\.\s?k\.|kamer\s+van\s+koophandel)(?:[\s-]*(?:nummer|nr\b\.?|no\b\.?))?\s*[.:]?\s*"
    r"(?P<nl>\d{8})"
    r"|(?:bce|kbo|rpm|rpr|ondernemingsnummer|unternehmensnummer|n(?:um[ée]ro|°|o\.?)\s+d'\s?entreprise)"
    r"(?:\s?/\s?(?:rpm|rpr|tva|btw))?(?:\s+[^\W\d_]{3,}){0,2}?\s*[.:]?\s*(?P<be>(?:BE\s?)?0?\d{3}[.\s]?\d{3}[.\s]?\d{3})"
    r"|(?:firmenbuch(?:nummer)?\s*[.:]?\s*(?:FN\s?)?|FN\s?)(?P<at>\d{1,6}\s?[a-z])"
    r"|(?:r\.\s?e\.\s?a\.|rea)\s*(?:nr\.?|n\.|n°)?\s*[.:]?\s*(?P<it>[A-Z]{2}\s?-?\s?\d{4,7})"
    r"|(?:uid|ide|idi|unternehmens-?identifikationsnummer)(?:-?nr\.?)?\s*[.:]?\s*"
    r"(?P<ch>CHE[-\s.]?\d{3}[.\s]?\d{3}[.\s]?\d{3})(?!\s?(?:MWST|TVA|IVA))"
    r")(?![0-9A-Za-z])",
    re.IGNORECASE)
#: A tax number that is not a VAT number (BT-32, « tax registration identifier »): the German Steuernummer
#: (« Steuernummer 201/113/40209 », « St.-Nr. 21/815/08150 ») and the Italian codice fiscale (« C.F.
#: RSSMRA85T10A562S »), the Steuernummer also under an English label in its regional form (« Tax No. 143/214/50123 »)
#: and in the regional forms of Baden-Württemberg (« 93815/08152 ») and Hesse (« 013 815 08153 »), and in the federal
#: 13-digit form grouped as ELSTER prints it (« 22 00 0 001 00001 »: Land and office, 0, district, number and key);
#: and after the code « FC: » that a page printed from a Factur-X / ZUGFeRD XML shows (the schemeID of BT-32,
#: UNTDID 1153 « fiscal number »): the code in capitals, then the Steuernummer in a regional form with its separators
#: only (« FC: 201/113/40209 »); bare digits after « FC: » are an invoice's number as often (« Facture FC: 5012345678 »),
#: and python-stdnum takes most runs of 10 or 11 digits for a Steuernummer.
#: Their shapes are checked by python-stdnum (the Steuernummer's regional forms, the codice
#: fiscale's key); the label must stand just before the number (« USt-IdNr. » is the VAT number, not this).
_TAX_NUMBER = compiled(
    r"(?<![0-9A-Za-z])(?:(?P<de>steuer-?\s?(?:nummer|nr\b\.?)|st\.?\s?-?\s?nr\b\.?|stnr\b\.?|(?P<fc>(?-i:FC)(?=\s?:))"
    r"|(?P<en>tax\s?(?:reg(?:istration|\.)?\s?)?(?:no\b\.?|number|n[°º]|id\b)))"
    r"|(?P<it>c\.\s?f\.|cod(?:ice|\.)\s?fisc(?:ale|\.)?))"
    r"\s*[.:]?\s*(?P<number>\d{2,3}/\d{3,4}/\d{4,5}|\d{5}/\d{5}|\d{3}\s\d{3}\s\d{5}|\d{2}\s\d{2}\s\d\s\d{3}\s\d{5}|\d{10,13}|[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z])(?![0-9A-Za-z/])",
    re.IGNORECASE)


#: The British companies register's short label (« CRN 01234567 »): the register's entry only when the line or the
#: line above says where the company is registered (« Registered in England and Wales »); alone, it is also a customer
#: reference number.
_CRN = compiled(r"(?<![0-9A-Za-z])CRN\s*[.:#]?\s*(?P<number>(?:SC|NI|OC|SO|NC|R0|FC)\d{6}|\d{5,8})(?![0-9A-Za-z])")
_REGISTERED_IN = compiled(r"\bregistered\s+in\s+(?:england|wales|scotland|northern\s+ireland|ireland)\b")


def registrations(lines: list[Line]) -> list[tuple[str, str, float, Cand]]:
    """A company's registration numbers other than the SIREN and the VAT number: (kind, value, confidence, where),
    kind ``legal`` (a trade register's entry, BT-30: « HRB 12345 », « 01234567 ») or ``tax`` (a tax number that is
    not a VAT number, BT-32: « 201/113/40209 »). A label that ends a line whose number starts the line under it (a
    footer wrapped: « … · Steuernummer » / « 22/815/08150 »), or ends a cell whose number is in the cell under it (a
    footer set in columns, each label over its value), is read across the two lines."""
    found = []
    for at, line in enumerate(lines):
        for cut, text in _over_cells_below(lines, at):
            for kind, value, confidence, start, end in _registered(text):
                if start < cut < end:
                    found.append((kind, value, confidence, Cand(value, line, start, cut)))
        for match in _CRN.finditer(line.text):
            above = lines[at - 1] if at and lines[at - 1].page == line.page else None
            if _REGISTERED_IN.search(line.norm) or (above is not None and _REGISTERED_IN.search(above.norm)):
                value = match.group("number")
                found.append(("legal", value, 0.8, Cand(value, line, match.start(), match.end())))
        for kind, value, confidence, start, end in _registered(line.text):
            found.append((kind, value, confidence, Cand(value, line, start, end)))
        cut = len(line.text.rstrip())
        below = _continued(lines, line, cut)
        if below:
            for kind, value, confidence, start, end in _registered(f"{line.text[:cut]} {below}"):
                if start < cut < end:
                    found.append((kind, value, confidence, Cand(value, line, start, cut)))
    return found


def _over_cells_below(lines: list[Line], at: int) -> list[tuple[int, str]]:
    """Each cell of ``lines[at]`` ending in a label-like word (no digit at its end) joined to the cell under it, on the
    next line of the page in the same column (starting where it starts): (the cell's end, the cell's text then the
    text under it)."""
    from guichet.plugins.fields_rules.blocks import cells

    line = lines[at]
    under = lines[at + 1] if at + 1 < len(lines) else None
    if under is None or under.page != line.page or not line.words or under.top - line.top > 0.03:
        return []
    out, start = [], 0
    for cell in line.text.split("  "):
        end = start + len(cell)
        words = line.words_in(start, end) if cell.strip() and not cell.rstrip()[-1:].isdigit() else []
        if words:
            below = [c for c in cells(under) if abs(c[0].box[0] - words[0].box[0]) < 0.01]
            if below:
                shown = line.text[:end].rstrip()
                out.append((len(shown), f"{shown} {' '.join(w.text for w in below[0])}"))
        start = end + 2
    return out


def _registered(text: str) -> list[tuple[str, str, float, int, int]]:
    """(kind, value, confidence, start, end) of the registration numbers in ``text`` (:func:`registrations`)."""
    from stdnum.de import stnr
    from stdnum.it import codicefiscale

    found = []
    for match in _REGISTER.finditer(text):
        if match.group("de"):
            value = f"{match.group('de').upper()} {ids.compact(match.group('de_number')).upper()}"
            found.append(("legal", value, 0.85, match.start(), match.end()))
        else:
            found.append(("legal", match.group("uk_number").upper(), 0.8, match.start(), match.end()))
    for match in _NATIONAL_REGISTER.finditer(text):
        value = _national_register(match)
        if value:
            found.append(("legal", value, 0.8, match.start(), match.end()))
    for match in _TAX_NUMBER.finditer(text):
        number = match.group("number").upper()
        if (match.group("en") or match.group("fc")) and not re.search(r"[/\s]", number):
            continue  # an English « Tax No. », a CII code: only the Steuernummer's regional form says it is one
        valid = stnr.is_valid(number) if match.group("de") else codicefiscale.is_valid(number)
        if valid and (match.group("de") or not number.isdigit()):  # an 11-digit codice fiscale is the partita IVA
            found.append(("tax", number, 0.85, match.start(), match.end()))
    return found


def _national_register(match: re.Match) -> str | None:
    """The entry a :data:`_NATIONAL_REGISTER` match holds, as registers write it, when its key checks (or its
    shape, for the registers whose numbers have no key)."""
    from stdnum.at import businessid
    from stdnum.be import vat as be_vat
    from stdnum.ch import uid

    if match.group("nl"):
        return match.group("nl")
    if match.group("be"):
        number = be_vat.compact(match.group("be"))
        return number if be_vat.is_valid(number) else None
    if match.group("at"):
        number = businessid.compact(match.group("at"))
        return f"FN {number}" if businessid.is_valid(number) else None
    if match.group("it"):
        entry = match.group("it")
        return re.sub(r"[\s-]+", "-", entry) if entry[:2].isupper() else None  # its province's code, in capitals
    number = uid.compact(match.group("ch"))
    return number if uid.is_valid(number) else None


def _cell_left(cand: Cand) -> float:
    """The left edge of ``cand``'s cell (its words up to two spaces before it): where its label starts."""
    cell = cand.line.text.rfind("  ", 0, cand.start)
    return cand.line.x_of(cell + 2) if cell >= 0 else cand.line.words[0].box[0]


#: The buyer's number in the document's box of references, with its value (« Kundennummer: 4711 », « N° client :
#: C-0042 », « Customer No. 4711 »): a reference of the invoice, not the heading of the buyer's block (folded text).
_CUSTOMER_REFERENCE = compiled(
    r"(?:\bkunden?\s*-?\s*(?:nummer|nr\b)|\bcustomer\s*(?:no\b|number|id\b|#|code|ref)|\bclient\s*(?:no\b|n°|number|id\b|#|code)"
    r"|\b(?:n°|no\b|num(?:ero)?\b|code|cod(?:ice)?\b)\.?\s*(?:de\s*|du\s*)?client)\w*\W{0,4}[a-z0-9/-]*\d")


def role(cand: Cand, lines: list[Line], *, references: bool = True) -> str:
    """``buyer`` when a buyer label is on the line before the value or just above it (same column), or a heading
    speaking to the buyer with no party's word (« Vos identifiants »); else ``seller``, the default.

    ``references=False``: the lines above that hold only the buyer's number in the invoice's box of references
    (« Kundennummer: 4711 ») say nothing of whose the value is (:data:`_CUSTOMER_REFERENCE`)."""
    before = cand.line.norm[:cand.start]
    if L.BUYER_BLOCK.search(before) or L.DELIVERY_BLOCK.search(before):
        return "buyer"
    if L.SELLER_BLOCK.search(before):
        return "seller"
    cell_start = cand.line.norm.rfind("  ", 0, cand.start)
    cell_end = cand.line.norm.find("  ", cand.end)
    cell = cand.line.norm[cell_start + 1 if cell_start >= 0 else 0:cell_end if cell_end >= 0 else None]
    if L.LEGAL_FOOTER.count(cell) >= 2:
        return "seller"  # a cell of legal mentions ("RCS … – SIRET … – TVA …"): the issuer's
    words = cand.line.words_in(cand.start, cand.end)
    if not words:
        return "seller"
    if (L.LEGAL_FOOTER.search(cell) and _in_legal_paragraph(lines, cand.line)) or _continues_mentions(lines, cand):
        # a line of the legal mentions' paragraph: the issuer's; but one identifier on its line in the head of the page,
        # in a box headed in the second person (« Vos identifiants » / « SIREN : … » / « N° TVA : … »): the buyer's,
        # whose identifiers the invoice prints back to it, one a line as the seller's own box does (« Nos références »)
        return "buyer" if cand.line.top < _HEAD and _box_heading(cand, lines, references) == "your" else "seller"
    heading = _box_heading(cand, lines, references)
    return "buyer" if heading in ("buyer", "your") else "seller"


#: The head of page 1, as a fraction of its height: where the parties' boxes stand.
_HEAD = 0.5


def _box_heading(cand: Cand, lines: list[Line], references: bool = True) -> str | None:
    """What heads the box of ``cand`` in its column, up to eight lines above: « seller » (a seller's word: « Votre
    fournisseur », « Ihr Ansprechpartner »), « buyer » (a buyer's or a delivery's word), « your » (a heading in the
    second person naming no party, the invoice speaking to its buyer: « Vos identifiants », « Your details », « Ihre
    Angaben »), « our » (in the first, the seller speaking of itself: « Nos références »), or None.
    ``references``: as :func:`role`'s."""
    # The left edge of the value's cell: a block's label ("N° TVA : FR..") starts where its heading does.
    x0 = _cell_left(cand)
    index = lines.index(cand.line)
    for other in reversed(lines[max(0, index - 8):index]):
        if other.page != cand.line.page or cand.line.top - other.top > 0.2:
            break
        column = " ".join(fold(w.text) for w in other.words if abs(w.box[0] - x0) < 0.2)
        if _SENTENCE.search(column):
            continue  # a sentence ("Merci de votre confiance."), not a block's heading
        if not references and _CUSTOMER_REFERENCE.search(column) and not L.BUYER_BLOCK.search(
                _CUSTOMER_REFERENCE.sub("", column)):
            continue
        if L.SELLER_BLOCK.search(column):
            return "seller"
        if L.BUYER_BLOCK.search(column) or L.DELIVERY_BLOCK.search(column):
            return "buyer"
        if column and len(column.split()) <= 4 and not re.search(r"\d", column):
            if L.YOUR_HEADING.search(column):
                return "your"
            if L.OUR_HEADING.search(column):
                return "our"
    return None


#: A sentence: three words or more ending with a full stop or an exclamation mark ("Merci de votre confiance.",
#: "Thank you for your business!"). A block's heading is a few words, maybe with a colon, never a sentence.
_SENTENCE = compiled(r"^\s*(?:\S+\s+){2,}\S*[a-z)][.!]\s*$")


def _in_legal_paragraph(lines: list[Line], line: Line) -> bool:
    """True when the line above, in the same paragraph (same page, set just above), holds legal mentions:
    a footer wrapped over several lines (« … au capital de 5 000 € – SIRET … – RCS » / « Lyon 289 759 060 –
    TVA intracommunautaire FR… »)."""
    index = lines.index(line)
    if index == 0:
        return False
    above = lines[index - 1]
    height = max(w.box[3] - w.box[1] for w in line.words)
    return (above.page == line.page and line.top - above.top < 2.5 * height
            and abs(above.words[0].box[0] - line.words[0].box[0]) < 0.02 and L.LEGAL_FOOTER.count(above.norm) >= 2)


def _cell_words(line: Line, pos: int) -> list[Word]:
    """The words of ``line``'s cell (its words between two column gaps) holding the character ``pos``."""
    start = line.text.rfind("  ", 0, pos)
    end = line.text.find("  ", pos)
    return line.words_in(start + 2 if start >= 0 else 0, end if end >= 0 else len(line.text))


def _continues_mentions(lines: list[Line], cand: Cand) -> bool:
    """True when ``cand``'s cell goes on with the legal mentions of the line just above, a footer wrapped over two
    lines: set just under them (the same page, within two lines and a half) on the same left edge, axis or right edge
    (a centred footer's lines share only their axis), and the two cells read together hold two mentions, one of them
    ending in or made by ``cand``'s cell: a label wrapped with its number (« … – N° TVA » / « intracommunautaire FR 55
    189 100 803 », « … – Partita » / « IVA 02889410185 »)."""
    index = lines.index(cand.line)
    own = _cell_words(cand.line, cand.start)
    if index == 0 or not own:
        return False
    above = lines[index - 1]
    height = max(w.box[3] - w.box[1] for w in own)
    if above.page != cand.line.page or cand.line.top - above.top >= 2.5 * height or not above.words:
        return False
    x0, x1 = own[0].box[0], own[-1].box[2]
    over = [w for w in above.words if w.box[0] < x1 and w.box[2] > x0]
    if not over:
        return False
    at = above.words.index(over[0])
    cell = _cell_words(above, above.spans[at][0])
    a0, a1 = cell[0].box[0], cell[-1].box[2]
    if min(abs(a0 - x0), abs((a0 + a1) / 2 - (x0 + x1) / 2), abs(a1 - x1)) >= 0.02:
        return False
    text = fold(" ".join(w.text for w in cell))
    mine = re.sub(r"[\w.]+\s*/\s*(?=[\w.])", "", fold(" ".join(w.text for w in own)))  # « NIF/CIF »: one label
    return (L.LEGAL_FOOTER.search(text) is not None and L.LEGAL_FOOTER.count(text + " " + mine) >= 2
            and L.LEGAL_FOOTER.search(text[-30:] + " " + mine) is not None)


def in_legal_mentions(cand: Cand, lines: list[Line], seller: Cand | None) -> bool:
    """True when ``cand`` stands among the page's legal mentions, the issuer's by law (art. 242 nonies A of the CGI's
    annex II, art. 6 of the Spanish Real Decreto 1619/2012, art. 21 of the Italian DPR 633/1972: the invoice states
    who issues it): a cell of two legal mentions or more (« RCS … – SIRET … – TVA … »), a line of their paragraph,
    or a cell that names the seller beside the number (« Suministros Molina S.A. – R. M. Málaga … – NIF A66456971 »)."""
    norm = cand.line.norm
    start = norm.rfind("  ", 0, cand.start)
    end = norm.find("  ", cand.end)
    # the label's other name before a slash is no other mention (« NIF/CIF » labels one number)
    before = re.sub(r"[\w.]+\s*/\s*$", "", norm[start + 1 if start >= 0 else 0:cand.start])
    cell = before + norm[cand.start:end if end >= 0 else None]
    if (L.LEGAL_FOOTER.count(cell) >= 2 or (L.LEGAL_FOOTER.search(cell) and _in_legal_paragraph(lines, cand.line))
            or _continues_mentions(lines, cand)):
        return True
    name = fold(seller.value) if seller is not None and isinstance(seller.value, str) else ""
    return len(name) >= 4 and L.LEGAL_FOOTER.search(cell) is not None and name in cell


def company_ids(company: Company | None) -> set[str]:
    if company is None:
        return set()
    out = {company.siren}
    if company.vat_id:
        out.add(ids.compact(company.vat_id))
    return out


def in_block_under(cand: Cand, name: Cand | None, lines: list[Line]) -> bool:
    """True when ``cand`` stands in the block the party's ``name`` opens: in its column, on one of the lines
    that follow it with no blank line between (« Patel Bakery Ltd » / « 5310 » / « GB769948208 »)."""
    if name is None:
        return False
    own = name.words or name.line.words_in(name.start, name.end)
    if not cand.line.words or not own or cand.line.page != name.line.page or cand.line.top <= name.line.top:
        return False
    x0 = own[0].box[0]
    if abs(_cell_left(cand) - x0) >= 0.03:  # the left edge of the value's cell: its label's (« VAT Reg. No. GB… »)
        return False
    height = max(body_height(w) for w in own)
    bottom = max(w.box[3] for w in own)
    return any(other is cand.line for other, _column in block_under(
        lines, name.line, lambda other: [w for w in other.words if abs(w.box[0] - x0) < 0.03], bottom, height, 2, 8))


def in_payee_block(cand: Cand, payee: Cand | None, lines: list[Line]) -> bool:
    """True when ``cand`` stands in the block of the payee's name (the factor's: « Nom : X » / « SIREN : … » /
    « IBAN … »): on one of the three lines under it, on its page, starting where the name's line starts (or ending where it
    ends: a block set right)."""
    if payee is None or cand.line.page != payee.line.page or not cand.line.words or not payee.line.words:
        return False
    at, name_at = lines.index(cand.line), lines.index(payee.line)
    x0 = _cell_left(cand)
    right = max(w.box[2] for w in cand.line.words_in(cand.start, cand.end) or cand.line.words)
    return name_at < at <= name_at + 3 and (abs(x0 - payee.line.words[0].box[0]) < 0.03  # a block set left or right
                                            or abs(right - payee.line.words[-1].box[2]) < 0.03)


def _intermediary_s(cand: Cand, lines: list[Line], seller: Cand | None) -> bool:
    """True when ``cand`` stands in a cell opened by the name of a company the page says invoices in another's name
    (« Mercavia SAS agit en qualité d'intermédiaire » … « Mercavia SAS – N° TVA FR… »), a name that is not the seller's
    read."""
    start = cand.line.norm.rfind("  ", 0, cand.start)
    opening = re.match(r"\W*([a-z0-9]{4,})", cand.line.norm[start + 2 if start >= 0 else 0:cand.start])
    if opening is None or (seller is not None and isinstance(seller.value, str) and opening.group(1) in fold(seller.value)):
        return False
    for line in lines:
        behalf = L.ON_BEHALF.search(line.norm)
        if behalf is not None and line is not cand.line and opening.group(1) in line.norm[:behalf.start()].split():
            return True
    return False


def _buyer_s_label(cand: Cand) -> bool:
    """True when the label of ``cand``'s cell says the number is the buyer's (« Ihre USt-IdNr. », « TVA client »)."""
    norm = cand.line.norm
    label = norm[norm.rfind("  ", 0, cand.start) + 1:cand.start]
    return L.BUYER_BLOCK.search(label) is not None or L.YOUR_HEADING.search(label) is not None


def _vat_country_prefix(vat: str) -> str:
    """The ISO country of a VAT number's prefix (Greece's « EL » is GR)."""
    return {"EL": "GR"}.get(vat[:2].upper(), vat[:2].upper())


def _seller_country(fields: dict[str, FieldValue], seller: Cand | None) -> str | None:
    """The seller's country as its address read places it (a country line, a phone's code), else its legal form with
    its postcode's shape (« Brandt GmbH », « 20457 »: DE); None when nothing places it."""
    from guichet.core.parsing.countries import country_of_legal_form

    if fields.get("seller_country") is not None and fields["seller_country"].value:
        return str(fields["seller_country"].value).upper()
    postcode = fields.get("seller_postcode")
    name = str(seller.value) if seller is not None and seller.value else None
    return country_of_legal_form(name, str(postcode.value) if postcode is not None else None)


def parties(lines: list[Line], company: Company | None, fields: dict[str, FieldValue], source: str,
            names: tuple[Cand | None, Cand | None] = (None, None), payee: Cand | None = None) -> None:
    """Seller and buyer identifiers, IBAN and BIC.

    ``names``: the seller's and the buyer's names as read. A VAT number with no heading to tell whose it is,
    printed in the buyer's block under its name (and not in the seller's), is the buyer's: two blocks side by
    side at the top of the page, each with its VAT number. ``payee``: the factor's
    name as read (:func:`~guichet.plugins.fields_rules.names.factor_payee`); an identifier in its block is the payee's.
    """
    seller, buyer = names
    own = company_ids(company)
    chosen: dict[str, tuple[float, FieldValue]] = {}
    seller_vats: list[tuple[float, FieldValue]] = []  # every VAT number offered as the seller's
    seller_registrations: list[tuple[str, float, FieldValue]] = []  # every SIREN and SIRET offered as the seller's
    unsaid: dict[str, bool] = {}  # each VAT number offered as the seller's: True when nothing but the default said so
    mentioned: dict[str, float] = {}  # the seller's VAT numbers read in its legal mentions, with their confidence
    registered: set[str] = set()  # the SIRENs the page prints on the seller's side under a registration label
    by_reference: list[tuple[str, float, Cand]] = []  # VAT numbers the buyer's only because a customer number is above
    said_vats: dict[str, FieldValue] = {}  # the VAT numbers labelled as the seller's in their own cell

    def offer(name: str, value: str, confidence: float, cand: Cand) -> FieldValue:
        fv = cand.field_value(value, cand_confidence(Cand(value, cand.line, cand.start, cand.end, confidence), source))
        current = chosen.get(name)
        if name == "seller_vat_id":
            seller_vats.append((fv.confidence, fv))
        if name in ("seller_siren", "seller_siret"):
            seller_registrations.append((name, fv.confidence, fv))
        if current is None or fv.confidence > current[0] + 0.05:
            chosen[name] = (fv.confidence, fv)
        return fv

    for kind, value, confidence, cand in identifiers(lines):
        siren = value[:9] if kind == "siret" else value if kind == "siren" else ids.siren_from_fr_vat(value)
        mine = value in own or (siren is not None and siren in own)
        placed = role(cand, lines)
        side = "buyer" if mine else placed
        # labelled as the seller's in its own cell (« TVA vendeur : », « USt-IdNr. des Verkäufers »), not in another column's
        said = L.SELLER_BLOCK.search(cand.line.norm[cand.line.norm.rfind("  ", 0, cand.start) + 1:cand.start]) is not None
        if side == "seller" and not said and in_block_under(cand, buyer, lines) and not in_block_under(cand, seller, lines):
            side = "buyer"  # the VAT number in the buyer's block, no heading above either block
        if kind == "iban":
            if side != "buyer" or not mine:
                offer("iban", value, confidence, cand)
            continue
        if in_payee_block(cand, payee, lines):  # the factor's identifier (BT-60/BT-61), never the seller's
            if siren:
                offer("payee_siren", siren, confidence, cand)
            continue
        if (kind == "vat" and side == placed == "buyer" and not mine and role(cand, lines, references=False) == "seller"
                and not _buyer_s_label(cand)):
            by_reference.append((value, confidence, cand))
        if side == "seller" and kind == "vat" and _intermediary_s(cand, lines, seller):
            continue  # the mention of the company that invoices in the seller's name (a marketplace's footer)
        key = {"vat": f"{side}_vat_id", "siret": f"{side}_siret", "siren": f"{side}_siren"}[kind]
        if key == "buyer_siret":
            continue  # not a contract field
        if key == "seller_vat_id":
            if in_legal_mentions(cand, lines, seller):
                mentioned[value] = max(confidence, mentioned.get(value, 0.0))
            else:
                # a national tax number printed without its country's prefix (« NIF/CIF 12345678Z », « P. IVA … »), the
                # number every person and firm has, not the VAT identifier a seller prints as such (« N° TVA : FR… »)
                national = not re.sub(r"[^0-9A-Z]", "", cand.line.text[cand.start:cand.end].upper()).startswith(value[:2])
                bare = national and not said and not L.SELLER_BLOCK.search(cand.line.norm[:cand.start]) and not in_block_under(
                    cand, seller, lines)
                unsaid[value] = unsaid.get(value, True) and bare
        offered = offer(key, value, confidence, cand)
        if key == "seller_vat_id" and said:
            said_vats[value] = offered
        if side == "seller" and kind in ("siren", "siret"):
            registered.add(siren)
        if siren and kind != "siren":
            offer(f"{side}_siren", siren, confidence - 0.05, cand)
    for kind, value, confidence, cand in registrations(lines):
        if in_payee_block(cand, payee, lines):
            if kind == "legal":
                offer("payee_legal_id", value, confidence, cand)
            continue
        # the buyer's number above it in the box of references says nothing: EN 16931 gives no buyer these numbers
        if role(cand, lines, references=False) == "seller" and not (in_block_under(cand, buyer, lines)
                                                                    and not in_block_under(cand, seller, lines)):
            offer("seller_legal_id" if kind == "legal" else "seller_tax_id", value, confidence, cand)
    for line in lines:
        for _rank, match in label_hits(line, L.BIC_LABEL):
            found = _BIC_RE.search(line.text.upper(), match.end())
            if found and found.start() - match.end() < 12:
                from stdnum import bic

                if bic.is_valid(found.group(1)):
                    offer("bic", found.group(1), 0.9, Cand(found.group(1), line, found.start(), found.end()))
    # Two VAT numbers on the seller's side (the buyer's block unread beside the seller's, « FR71…  FR81… »): the French
    # one of the SIREN the page registers as the seller's (« SIRET 574 738 506 08820 », « RCS Rennes 574 738 506 »).
    current = chosen.get("seller_vat_id")
    if current is not None and registered and ids.siren_from_fr_vat(current[1].value) not in registered:
        agree = [(c, fv) for c, fv in seller_vats if ids.siren_from_fr_vat(fv.value) in registered]
        if agree:
            chosen["seller_vat_id"] = max(agree, key=lambda item: item[0])
    # A national tax number read in a box with nothing to say whose (« NIF/CIF 12345678Z » among a Spanish bill's supply
    # data, the customer's) yields to a VAT number that the page's legal mentions print: those are the issuer's.
    current = chosen.get("seller_vat_id")
    if (current is not None and unsaid.get(current[1].value) and mentioned and current[1].value not in mentioned
            and ids.siren_from_fr_vat(current[1].value) not in registered):
        agree = [(c, fv) for c, fv in seller_vats if fv.value in mentioned]
        if agree:
            chosen["seller_vat_id"] = max(agree, key=lambda item: item[0])
    # One VAT number labelled as the seller's in words (« P.IVA del venditore », « USt-IdNr. des Verkäufers ») is the
    # seller's, over a number with no label to say whose (an intermediary's in the page's footer).
    if len(said_vats) == 1:
        fv = next(iter(said_vats.values()))
        chosen["seller_vat_id"] = (fv.confidence, fv)
    # A seller prints its VAT number (or its tax number) on every invoice, the buyer's only now and then: with no other
    # VAT number on the seller's side, the one printed in the box of references under the buyer's number alone
    # (« Kundennummer: 4711 » / « USt-IdNr.: DE… ») is the seller's, when its country is the one the seller's address
    # and legal form place it in (an intra-EU sale prints the foreign buyer's number there). Its SIREN is not read as
    # the seller's: the reading rests on the box's layout alone.
    values = {value for value, _c, _w in by_reference}
    if "seller_vat_id" not in chosen and len(values) == 1:
        value, confidence, cand = max(by_reference, key=lambda item: item[1])
        if _vat_country_prefix(value) == _seller_country(fields, seller):
            offer("seller_vat_id", value, confidence - 0.1, cand)
            siren = ids.siren_from_fr_vat(value)
            for name, held in (("buyer_vat_id", value), ("buyer_siren", siren)):
                if held and chosen.get(name) is not None and chosen[name][1].value == held:
                    del chosen[name]
    # The seller's SIREN and SIRET are those its French VAT number holds (FR, its key, its SIREN) when the page prints
    # them too: another SIRET on the seller's side of the page (a public buyer's, printed with its Chorus Pro service
    # code over its own address block) yields to the one the VAT number agrees with, or is dropped when none does.
    current = chosen.get("seller_vat_id")
    held = ids.siren_from_fr_vat(current[1].value) if current is not None else None
    for name in ("seller_siren", "seller_siret") if held else ():
        current = chosen.get(name)
        if current is not None and current[1].value[:9] != held:
            agree = [(c, fv) for n, c, fv in seller_registrations if n == name and fv.value[:9] == held]
            if agree:
                chosen[name] = max(agree, key=lambda item: item[0])
            else:
                del chosen[name]
    for name, (_c, fv) in chosen.items():
        fields[name] = fv


def buyer_name(lines: list[Line], company: Company | None) -> Cand | None:
    """The company's name where it is written (the dossier's company is the buyer of a purchase).

    As the dossier spells it; else a cell with the same name written otherwise (legal form before
    or after, capitals, accents: « SARL MARTIN » for « Martin SARL »); else the name of the address
    block over the company's VAT number or SIREN.
    """
    if company is None:
        return None
    from guichet.plugins.fields_rules.blocks import _form_below, _name_of, address_blocks, block_over, cells
    from guichet.plugins.fields_rules.names import name_key

    own = fold(company.name)
    for line in lines:
        pos = line.norm.find(own)
        if pos >= 0:
            return Cand(line.text[pos:pos + len(own)], line, pos, pos + len(own), 0.8)
    key = name_key(company.name)
    if len(key) >= 4:
        for line in lines:
            for cell in cells(line):
                text = " ".join(w.text for w in cell)
                if name_key(text) == key:
                    end = _form_below(lines, line, cell)  # its legal form wrapped to the column's next line
                    if end:
                        text, cell = f"{text} {' '.join(w.text for w in end)}", cell + end
                    return Cand(text, line, 0, 0, 0.75, "dossier", cell)
    mine = company_ids(company)
    blocks = None
    for kind, value, _confidence, cand in identifiers(lines):
        siren = value if kind == "siren" else value[:9] if kind == "siret" else ids.siren_from_fr_vat(value)
        if value in mine or (siren is not None and siren in mine):
            blocks = address_blocks(lines) if blocks is None else blocks
            block = block_over(cand.line, cand.start, blocks)
            named = _name_of(block) if block is not None else None
            if named is not None:
                return Cand(named[0], named[1], 0, 0, 0.7, "dossier", named[2])
    return None
