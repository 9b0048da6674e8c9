"""Blind-family pages whose invoice number comes in many shapes, with rival identifiers shaped alike (issue 13,
branch numshape-13f).

A number's label is easy to find; where its VALUE starts and ends is the hard part: « FA 24 00123 » (a prefix and
spaced groups), « 24 0123 456789 » (groups as utilities print them), « RE-2024.11.0042 », « INV/2024/11/0007 »,
« 0000123 », « 12345/A », « FAC_2024_12 », « A-123-B », « N°FA0123 » (the sign glued), « (2024-18) » (in brackets),
followed on its line by its date, a page counter (« 1/2 »), a currency or another label. This module composes
numbers from parts (prefix, year, month, sequence, suffix; the separator between them; the case) and prints them:

- with a label composed from parts (the document's noun or its abbreviation, a « number » word before or after it,
  a separator, the case), beside the value, above it (a grid, blocks, a panel) or in the title line;
- on a line of its own that goes on with a date, a page counter, a currency or another label and value, after one
  space or after a gap; or on a line of several labels and values;
- among 2 to 5 rival identifiers shaped like it (customer, order, delivery note, contract, quote, the buyer's VAT
  number, an IBAN's first groups).

Drawn for seeds NUMSHAPE_FROM..NUMSHAPE_TO by ``invoice_generator_blind.make_invoice`` (a lazy import), French about
half: ``bench_readings.py --part blind --start 102000``. Seeds 102000–103499 tune, 103500–103999 are held out.
The truth is the number as printed (its spaces kept: what BT-1 carries; the bench compares without spaces), without
a number sign glued before it or the brackets around it.
"""

from __future__ import annotations

import random
import re

import invoice_generator_blind as blind
from invoice_generator_blind import _bank, _buyer_block, _digits, _e, _lines, _logo, _mentions, _recap, _seller_block, _terms, _totals
from invoice_generator_blind_rivals import _cased  # a label's case: as written, capitalised, in capitals

NUMSHAPE_FROM = 102_000
NUMSHAPE_TO = 104_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 103_500
NUMSHAPE_LAYOUT = "formes_numero"
LANGUAGE_WEIGHTS = {"fr": 0.5, "en": 0.2, "de": 0.1, "es": 0.1, "it": 0.1}

#: The parts labels are composed of, per language (keys start with « ns_ »; none of the family's does).
#: ``ns_own``: « noun|abbreviation » of the document; ``ns_before`` / ``ns_after``: « number » words said before /
#: after a noun (« {} » stands for it); ``ns_of``: the words that join them; ``ns_rivals``: « noun|abbreviation|kind »
#: of another identifier (its kind shapes its value); ``ns_page``: a page counter's word; ``ns_dated``: the word before
#: a number's date; ``ns_currency``: a currency's label.
NUMSHAPE_PARTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "ns_own": ["facture|fact.", "pièce|pce", "document|doc."],
        "ns_before": ["N° {}", "n° {}", "No {}", "Numéro {}", "Num. {}", "Réf. {}"],
        "ns_after": ["{} n°", "{} N°", "{} no", "{} numéro", "{} réf."],
        "ns_of": ["de", ""],
        "ns_rivals": ["client|cli.|code", "commande|cde|code", "bon de livraison|BL|code", "contrat|ctr|long", "devis|dev.|code",
                      "TVA intracom.|TVA|vat", "IBAN||iban", "affaire|aff.|code", "lot||short"],
        "ns_page": ["Page {}/{}", "p. {}/{}", "{}/{}", "Page {} sur {}"],
        "ns_dated": ["du", "émise le", "en date du", ""],
        "ns_currency": ["Devise", "Monnaie"],
    },
    "en": {
        "ns_own": ["invoice|inv.", "document|doc.", "bill|"],
        "ns_before": ["No. {}", "Number {}", "Ref. {}"],
        "ns_after": ["{} no.", "{} No", "{} number", "{} #", "{} ref."],
        "ns_of": [""],
        "ns_rivals": ["customer|cust.|code", "purchase order|PO|code", "delivery note|DN|code", "contract|contr.|long",
                      "quotation|quote|code", "VAT reg.|VAT|vat", "IBAN||iban", "project|proj.|code", "batch||short"],
        "ns_page": ["Page {} of {}", "p. {}/{}", "{}/{}", "Page {}/{}"],
        "ns_dated": ["dated", "of", ""],
        "ns_currency": ["Currency", "Ccy"],
    },
    "de": {
        "ns_own": ["Rechnungs|Rg.", "Beleg|Bel.", "Dokument|Dok."],
        "ns_before": ["Nr. {}", "Nummer {}"],
        "ns_after": ["{}-Nr.", "{}nummer", "{}-Nummer", "{} Nr."],
        "ns_of": [""],
        "ns_rivals": ["Kunden|Kd.|code", "Bestell|Best.|code", "Lieferschein|LS|code", "Vertrags|Vertr.|long", "Angebots|Ang.|code",
                      "USt-IdNr.||vat", "IBAN||iban", "Projekt|Proj.|code", "Charge||short"],
        "ns_page": ["Seite {} von {}", "S. {}/{}", "{}/{}", "Blatt {}/{}"],
        "ns_dated": ["vom", "v.", ""],
        "ns_currency": ["Währung", "Whrg."],
    },
    "es": {
        "ns_own": ["factura|fra.", "documento|doc."],
        "ns_before": ["Nº {}", "N.º {}", "Núm. {}", "Número {}"],
        "ns_after": ["{} nº", "{} n.º", "{} núm."],
        "ns_of": ["de", ""],
        "ns_rivals": ["cliente|cli.|code", "pedido|ped.|code", "albarán|alb.|code", "contrato|contr.|long", "presupuesto|presup.|code",
                      "NIF-IVA|NIF|vat", "IBAN||iban", "obra||code", "lote||short"],
        "ns_page": ["Página {} de {}", "Pág. {}/{}", "{}/{}", "Hoja {}/{}"],
        "ns_dated": ["de fecha", "del", ""],
        "ns_currency": ["Moneda", "Divisa"],
    },
    "it": {
        "ns_own": ["fattura|fatt.", "documento|doc."],
        "ns_before": ["N. {}", "Nr. {}", "Numero {}", "Num. {}"],
        "ns_after": ["{} n.", "{} nr.", "{} num."],
        "ns_of": ["di", ""],
        "ns_rivals": ["cliente|cli.|code", "ordine|ord.|code", "DDT||code", "contratto|contr.|long", "preventivo|prev.|code",
                      "P. IVA||vat", "IBAN||iban", "commessa|comm.|code", "lotto||short"],
        "ns_page": ["Pagina {} di {}", "Pag. {}/{}", "{}/{}", "Foglio {}/{}"],
        "ns_dated": ["del", "emessa il", ""],
        "ns_currency": ["Valuta", "Divisa"],
    },
}
blind.add_labels(NUMSHAPE_PARTS)

#: Prefixes of numbers, per language and shared (a prefix is an issuer's choice: a series, a journal, a site).
PREFIXES = {"fr": ["F", "FA", "FAC", "FC", "VT", "N"], "en": ["INV", "IN", "SI", "S"], "de": ["RE", "R", "RG", "AR"],
            "es": ["FV", "FRA", "A", "E"], "it": ["FT", "FPR", "V", "FE"]}
SHARED_PREFIXES = ["A", "B", "X", "T", "P", "K", "H", "M", "SO", "AB", "ZA"]
CREDIT_PREFIXES = {"fr": ["AV", "AC"], "en": ["CR", "CN"], "de": ["GU", "GS"], "es": ["AB", "R"], "it": ["NC", "NDC"]}


#: A « number » word or sign in a label (then no sign is glued before the value: « N° facture : N°FA12 » is not printed).
_NUMBER_SAID = re.compile(r"n[°º.]|\bn\b|\bno\b|\bnr|num|#|ref|réf")


def label_strings() -> set[str]:
    """Every label part of this module (for the tests that none is shared with another family)."""
    return blind.wordings(NUMSHAPE_PARTS)


def draw(seed: int) -> str:
    """The language of ``seed``'s page, French about half."""
    return blind.module_language("numshape", seed, LANGUAGE_WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [NUMSHAPE_FROM, NUMSHAPE_TO)): the family's draws, this module's page and number."""
    return blind.numbered_invoice(seed, draw(seed), NUMSHAPE_LAYOUT)


def _say(ctx: dict, key: str) -> str:
    return ctx["rng"].choice(NUMSHAPE_PARTS[ctx["language"]][key])


def _label(ctx: dict, noun: str) -> str:
    """A label composed from a noun: « N° de facture », « Facture n° », « Rg.-Nr. », « Inv. no. », « Fattura »…"""
    rng, language = ctx["rng"], ctx["language"]
    full, short = noun.split("|")[:2]
    word = short if short and rng.random() < ctx.get("ns_short", 0.35) else full
    shape = rng.random()
    if language == "de" and shape < 0.75:
        label = _say(ctx, "ns_after").format(word.rstrip(".") + ("." if word.endswith(".") else ""))
        label = label.replace("..", ".").replace(".nummer", "nummer").replace(".-", ".-")
    elif shape < 0.45:
        joined = "" if word == short or language in ("en", "de") else _say(ctx, "ns_of")
        label = _say(ctx, "ns_before").format(" ".join(part for part in (joined, word) if part))
    elif shape < ctx.get("ns_named", 0.9):
        label = _say(ctx, "ns_after").format(word)
    else:
        label = word
    return _cased(rng, label)


def _separated(rng: random.Random, label: str) -> str:
    """A label and its separator: a colon, a spaced colon, nothing."""
    return label + rng.choice([" :", ":", ":", "", ""]) if not label.endswith("#") else label


def _sequence(rng: random.Random) -> str:
    """A sequence of 3 to 7 digits, often zero-padded."""
    width = rng.randint(3, 7)
    value = rng.randint(1, 10 ** rng.randint(2, width) - 1)
    return f"{value:0{width}d}" if rng.random() < 0.7 else str(value)


def _shape(ctx: dict) -> tuple[str, str]:
    """(the number as printed on the page, its truth): composed from a prefix, a year, a month, a sequence and a
    suffix with separators drawn, or a shape of its own (spaced groups, bare zero-padded digits, in brackets, a
    number sign glued before it)."""
    rng, day, language = ctx["rng"], ctx["issue_day"], ctx["language"]
    yyyy, yy, mm = str(day.year), f"{day.year % 100:02d}", f"{day.month:02d}"
    prefixes = CREDIT_PREFIXES[language] if ctx["credit"] else PREFIXES[language] + SHARED_PREFIXES
    kind = rng.random()
    if kind < 0.55:  # composed from parts
        parts = []
        if rng.random() < 0.7:
            parts.append(rng.choice(prefixes))
        if rng.random() < 0.75:
            parts.append(rng.choice([yyyy, yyyy, yy]))
            if rng.random() < 0.3:
                parts.append(mm)
        parts.append(_sequence(rng))
        if rng.random() < 0.12:
            parts.append(rng.choice("ABCDRX"))
        sep = rng.choice(["-", "-", "/", "/", ".", "_", " ", ""])
        text = sep.join(parts)
        if sep == "" and parts[0].isalpha() is False and len(parts) > 1 and rng.random() < 0.5:
            text = "-".join(parts)  # digits glued to digits read as one: a separator where they meet, at times
        if rng.random() < 0.15 and parts[0].isalpha():  # the prefix apart, the rest glued or separated alike
            text = parts[0] + rng.choice([" ", "-", "/"]) + rng.choice(["", "-", "/"]).join(parts[1:])
    elif kind < 0.67:  # spaced digit groups (utilities, public bills, banks)
        text = rng.choice([f"{yy} {_digits(rng, 4)} {_digits(rng, 6)}", f"{yyyy} {mm} {_digits(rng, 4)}",
                           f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}", f"{_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 2)}",
                           f"{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}", f"{yyyy} {_digits(rng, 6)}"])
        if rng.random() < 0.25:
            text = f"{rng.choice(prefixes)} {text}"
    elif kind < 0.75:  # bare digits, zero-padded
        text = rng.choice([f"{rng.randint(1, 99999):07d}", f"{rng.randint(1, 9999):06d}", _digits(rng, rng.randint(5, 9))])
    elif kind < 0.85:  # a sequence and a letter, or letters around digits
        text = rng.choice([f"{_digits(rng, 5)}/{rng.choice('ABCD')}", f"{rng.choice('ABCK')}-{rng.randint(10, 999)}-{rng.choice('ABCXZ')}",
                           f"{rng.randint(100, 9999)}{rng.choice('ABCR')}", f"{rng.choice(prefixes)}{rng.randint(10, 99)}-{_digits(rng, 4)}/{yy}",
                           f"{rng.randint(1, 999)}/{yyyy}", f"{rng.randint(1, 999)}/{yy}-{rng.choice(prefixes)}"])
    else:  # dots and slashes of a year, a month and a sequence
        head = rng.choice(prefixes)
        text = rng.choice([f"{head}-{yyyy}.{mm}.{_digits(rng, 4)}", f"{head}/{yyyy}/{mm}/{_digits(rng, 4)}",
                           f"{yyyy}.{mm}.{_digits(rng, 3)}", f"{head}.{yy}.{_digits(rng, 5)}", f"{head}{yy}.{mm}-{_digits(rng, 3)}"])
    return text, text


def _printed(ctx: dict, text: str, *, said: bool) -> str:
    """The number as printed: as it is, in brackets, or (when no « number » word is said before it) with a number
    sign glued before it (« N°FA0123 », « #2024-118 »)."""
    rng = ctx["rng"]
    wrap = rng.random()
    if wrap < 0.08 and " " not in text:
        return f"({text})"
    if wrap < 0.3 and not said and " " not in text:
        return rng.choice(["N°", "Nº", "No.", "n°", "#"]) + text
    return text


def _rival_value(ctx: dict, kind: str) -> str:
    """A rival's value: shaped like the invoice's number (other digits), or like its own kind."""
    rng, own = ctx["rng"], ctx["number"]
    if kind == "vat":
        return ctx["buyer_vat"] or blind.vat_id(ctx["language"], rng)
    if kind == "iban":
        return " ".join(blind.iban(ctx["language"], rng)[i:i + 4] for i in range(0, 12, 4)) + " …"
    if kind == "long":
        return rng.choice([_digits(rng, 10), f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}", f"CT-{_digits(rng, 6)}"])
    if kind == "short":
        return rng.choice([str(rng.randint(1, 99)), f"{rng.choice('ABL')}{rng.randint(1, 99)}"])
    shaped = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in own)  # the invoice's shape, other digits
    return rng.choice([shaped, shaped, f"{rng.choice(['C', 'CL', 'PO', 'BL', 'CMD', 'DV', 'Q', ''])}{_digits(rng, rng.randint(4, 8))}",
                       f"{_digits(rng, 3)}-{_digits(rng, 5)}", f"{rng.randint(1, 9999):06d}"])


def _trailer(ctx: dict) -> str:
    """What follows the number on its line: nothing, its date, a page counter, a currency, another label and value;
    after one space or after a gap (the HTML of it)."""
    rng = ctx["rng"]
    draw = rng.random()
    if draw < 0.3:
        return ""
    if draw < 0.55:
        word = _say(ctx, "ns_dated")
        text = f"{word} {ctx['issue']}".strip()
        ctx["date_said"] = True
    elif draw < 0.72:
        pages = rng.choice([1, 1, 2, 3])
        text = _say(ctx, "ns_page").format(1, pages)
    elif draw < 0.82:
        text = f"{_say(ctx, 'ns_currency')} : EUR" if rng.random() < 0.6 else rng.choice(["EUR", "(EUR)", "€"])
    else:
        noun = rng.choice(NUMSHAPE_PARTS[ctx["language"]]["ns_rivals"][:5])
        text = f"{_separated(rng, _label(ctx, noun))} {_rival_value(ctx, noun.rsplit('|', 1)[1])}"
    if rng.random() < 0.5:
        return " " + _e(text)
    return f'<span style="margin-left:{rng.choice([4, 8, 15])}mm">{_e(text)}</span>'


def _layout_formes_numero(ctx: dict) -> str:
    """Seller and title, the buyer, the invoice's number in one of its places (a references block among rivals, a line
    of its own that goes on, the title line, a line of several labels), its rivals, then lines and totals."""
    rng = ctx["rng"]
    _printed_shape, ctx["number"] = _shape(ctx)
    nouns = NUMSHAPE_PARTS[ctx["language"]]["ns_own"]
    own_noun = nouns[1 + rng.randrange(len(nouns) - 1)] if ctx["credit"] or rng.random() < 0.3 else nouns[0]
    ctx["ns_short"], ctx["ns_named"] = 0.15, 0.95  # the invoice's own label: its noun in full more often
    label = _label(ctx, own_noun)
    ctx["ns_short"], ctx["ns_named"] = 0.35, 0.9
    said = _NUMBER_SAID.search(label.lower()) is not None
    rivals = []
    for noun in rng.sample(NUMSHAPE_PARTS[ctx["language"]]["ns_rivals"], rng.randint(2, 5)):
        rivals.append((_label(ctx, noun) if noun.split("|")[2] not in ("vat", "iban") or rng.random() < 0.5
                       else noun.split("|")[0], _rival_value(ctx, noun.rsplit("|", 1)[1])))
    title = ctx["title"]
    date = (blind._pick(ctx, "date"), ctx["issue"])
    if ctx["due"]:
        rivals.append((blind._pick(ctx, "due"), ctx["due"]))
    place = rng.choice(["refs", "refs", "line", "line", "title", "multi"])
    ctx["date_said"] = False
    head = f'<div style="font-size:{rng.choice([15, 17, 20])}pt" class="accent strong">{_e(title)}</div>'
    refs = ""
    if place == "refs":
        pairs = [*rivals, (label, _printed(ctx, ctx["number"], said=said)), date]
        rng.shuffle(pairs)
        refs = blind._refs(ctx, pairs)
    elif place == "line":
        line = f'<p style="margin-top:4mm" class="strong">{_e(_separated(rng, label))} {_e(_printed(ctx, ctx["number"], said=said))}{_trailer(ctx)}</p>'
        more = rivals if ctx["date_said"] else [*rivals, date]
        refs = line + blind._refs(ctx, more)
    elif place == "title":
        sign = rng.choice(["", "", "N°", "No.", "Nr.", "nº", "n.", "#"])
        text = " ".join(part for part in (title, sign, _printed(ctx, ctx["number"], said=bool(sign))) if part)
        head = (f'<div style="font-size:{rng.choice([14, 16, 18])}pt" class="accent strong">{_e(text.upper() if rng.random() < 0.2 else text)}'
                f'{_trailer(ctx)}</div>')
        refs = blind._refs(ctx, rivals if ctx["date_said"] else [*rivals, date])
    else:  # several labels and values on one line
        pairs = [*rivals[:2], (label, _printed(ctx, ctx["number"], said=said)), date]
        rng.shuffle(pairs)
        gap = rng.choice([5, 8, 12])
        cells = "".join(f'<span style="margin-right:{gap}mm;white-space:nowrap">{_e(_separated(rng, k))} {_e(v)}</span>' for k, v in pairs)
        refs = f'<p style="margin-top:4mm">{cells}</p>' + (blind._refs(ctx, rivals[2:]) if rivals[2:] else "")
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right">{head}</td></tr></table>
<div style="margin:5mm 0 0 95mm">{_buyer_block(ctx)}</div>{refs}
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


blind.RENDER[NUMSHAPE_LAYOUT] = _layout_formes_numero
