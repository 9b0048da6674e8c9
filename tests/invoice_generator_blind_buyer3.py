"""The buyer's block where ``guichet convert`` refuses it (issue 13, branch buyer3-13f): blind seeds 108000–108999.

What a buyer's block looks like when its heading, its contact or its neighbour hides its name and address: a one-word
heading in small letters and plain type over the block (« Preneur » / « Sandrine Guérin »), a name followed on its line
by its contact (« Garage Morel SARL Attn: Paul Roy »), the block beside the seller's at the top of the page at the same
height, a block whose name is followed by a department's, a floor's or a building's lines. A foreign buyer's block may
print no country line, its country told by its VAT number or its phone's international prefix. The block's lines come
from the parties family's drawing (:func:`invoice_generator_blind_parties._party`), then are set apart here.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [BUYER3_FROM, BUYER3_TO) by a lazy import; the
invoice is the blind family's (same seed, same lines and totals), its buyer drawn here (``blind-buyer3-{seed}``).
Seeds 108000–108749 are for tuning, 108750–108999 the hold-out (measured, its misses never read).
"""

from __future__ import annotations

import random

import invoice_generator_blind_parties as parties
from invoice_generator_blind_buyer2 import _header, _lines_html
from invoice_generator import Invoice
from invoice_generator_blind import RENDER, _buyer_tail, _e, _logo, _seller_block, module_draw

BUYER3_FROM = 108_000
BUYER3_TO = 108_999 + 1
LAYOUTS = ("b3_minuscule", "b3_contact_joint", "b3_cote_a_cote", "b3_services")
#: French about half, the others alike.
WEIGHTS = (4, 1, 1, 1, 1)

#: One word naming the party the invoice is for, as a heading in small letters (a salutation in Italian letters).
ONE_WORD = {
    "fr": ["Preneur", "Client", "Destinataire", "Acquéreur", "Commanditaire", "Facturé"],
    "en": ["Customer", "Buyer", "Recipient", "Addressee", "Invoicee"],
    "de": ["Kunde", "Empfänger", "Käufer", "Besteller", "Rechnungsanschrift"],
    "es": ["Cliente", "Comprador", "Destinatario", "Adquiriente"],
    "it": ["Cliente", "Spett.le", "Acquirente", "Destinatario", "Committente"],
}
#: A contact printed after the name on its line, between separators (the name's truth is what comes before).
JOINED_CONTACT = {
    "fr": ["{name} – à l'attention de {who}", "{name}, à l'att. de {who}", "{name} (Attn : {who})", "{name} / {who}"],
    "en": ["{name} Attn: {who}", "{name}, FAO {who}", "{name} (Attention: {who})", "{name} – {who}"],
    "de": ["{name}, z. Hd. {who}", "{name} – zu Händen {who}", "{name} (Ansprechpartner: {who})"],
    "es": ["{name} – Att. {who}", "{name}, a la att. de {who}", "{name} (Contacto: {who})"],
    "it": ["{name} – c.a. {who}", "{name}, alla c.a. {who}", "{name} (Referente: {who})"],
}
#: Lines of an organisation inside the block between the name and the street: a department, an office, a floor.
SERVICE_LINES = {
    "fr": ["Service comptabilité fournisseurs", "Direction administrative et financière", "Département achats",
           "Comptabilité – factures", "Bureau {n}", "Pôle gestion"],
    "en": ["Accounts Payable", "Finance Department", "Procurement Office", "Invoice processing", "Room {n}"],
    "de": ["Abt. Rechnungswesen", "Kreditorenbuchhaltung", "Zentraleinkauf", "Rechnungseingang", "Zimmer {n}"],
    "es": ["Dpto. de Contabilidad", "Administración y finanzas", "Central de compras", "Despacho {n}"],
    "it": ["Ufficio Amministrazione", "Contabilità fornitori", "Ufficio acquisti", "Stanza {n}"],
}
#: A floor's, a wing's or a building's line (part of the postal address: BT-51).
FLOOR_LINES = {
    "fr": ["{n}e étage", "Bâtiment {b} – {n}e étage", "Aile {b}", "Tour {b}, niveau {n}"],
    "en": ["Floor {n}", "Level {n}, Block {b}", "Wing {b}"],
    "de": ["{n}. Stock", "Gebäude {b}, {n}. Etage", "Trakt {b}"],
    "es": ["Planta {n}ª", "Edificio {b}, planta {n}", "Puerta {b}"],
    "it": ["{n}° piano", "Edificio {b}, piano {n}", "Ala {b}"],
}
#: A phone's international prefix per country (ITU-T E.164), printed in place of a country line.
DIAL = {"FR": "33", "IE": "353", "GB": "44", "DE": "49", "AT": "43", "CH": "41", "ES": "34", "IT": "39", "BE": "32",
        "NL": "31", "LU": "352", "PT": "351"}
PHONE_WORD = {"fr": "Tél.", "en": "Tel.", "de": "Tel.", "es": "Tel.", "it": "Tel."}


def _who(rng: random.Random, language: str) -> str:
    female = rng.random() < 0.5
    given = rng.choice(parties.GIVEN[language][0 if female else 1])
    surname = rng.choice(parties.SURNAMES[language])
    if rng.random() < 0.5:
        return f"{rng.choice(parties.CIVILITY[language][0 if female else 1])} {surname}"
    return f"{given} {surname}"


def _phone_instead_of_country(rng: random.Random, language: str, party: dict) -> None:
    """A foreign block printed with no country line, its phone in international form closing it."""
    country = party["country"]
    if party["printed"] is None or country == parties.blind.COUNTRY[language] or rng.random() < 0.5:
        return
    lines = [line for line in party["lines"] if line not in (party["printed"], party["printed"].upper())]
    number = f"{rng.randint(1, 9)}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    lines.append(f"{PHONE_WORD[language]} +{DIAL[country]} {number}")
    truth = {**party["truth"], "country_printed": False}
    party.update(lines=lines, truth=truth, printed=None)


def _party(rng: random.Random, language: str, layout: str) -> dict:
    """The parties family's buyer, then set apart by the layout's shape."""
    party = parties._party(rng, language)
    lines, truth = list(party["lines"]), dict(party["truth"])
    at = lines.index(party["name"])
    if layout == "b3_contact_joint" and not party["person"]:
        lines[at] = rng.choice(JOINED_CONTACT[language]).format(name=party["name"], who=_who(rng, language))
    if layout == "b3_services":
        inner = [rng.choice(SERVICE_LINES[language]).format(n=rng.randint(2, 420))]
        floor = rng.choice(FLOOR_LINES[language]).format(n=rng.randint(1, 9), b=rng.choice("ABCDE"))
        street = party["address"][-1] if len(party["address"]) == 1 else party["address"][0]
        place = rng.random()
        if place < 0.4:
            inner.append(floor)
            truth["address_lines"] = [floor, *truth["address_lines"]]
        lines[at + 1:at + 1] = inner
        if place >= 0.7 and street in lines:
            lines.insert(lines.index(street) + 1, floor)
            truth["address_lines"] = [*truth["address_lines"], floor]
    party.update(lines=lines, truth=truth)
    _phone_instead_of_country(rng, language, party)
    return party


#: The buyer drawn for the invoice being rendered: set by :func:`make_invoice` around the family's.
_PENDING: dict = {}


def _layout_minuscule(ctx: dict) -> str:
    """One word in small letters and plain type over the block, no colon, at the right or the left."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    word = rng.choice(ONE_WORD[ctx["language"]])
    word = word.lower() if rng.random() < 0.3 else word
    head = f'<div class="muted" style="font-size:{rng.choice(["0.85em", "1em"])}">{_e(word)}</div>'
    block = f"<div>{head}{_lines_html(party['lines'], bold=party['name'] if rng.random() < 0.4 else '')}</div>"
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.6 else "margin-top:8mm;width:55%"
    return f"""{_header(ctx)}<div style="{where}">{block}</div>{_buyer_tail(ctx)}"""


def _layout_contact_joint(ctx: dict) -> str:
    """The block with no heading or a short one, its name's line carrying the contact after it."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = parties._heading(rng, ctx["language"]) if rng.random() < 0.5 else ""
    head = f'<div class="strong">{_e(heading)}</div>' if heading else ""
    where = f"margin:{rng.choice([8, 12])}mm 0 0 {rng.choice([90, 100])}mm" if rng.random() < 0.6 else "margin-top:8mm"
    return f"""{_header(ctx)}<div style="{where}">{head}{_lines_html(party["lines"])}</div>{_buyer_tail(ctx)}"""


def _layout_cote_a_cote(ctx: dict) -> str:
    """The seller's block and the buyer's side by side at the top of the page, at the same height; the title under."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = parties._heading(rng, ctx["language"]) if rng.random() < 0.6 else ""
    head = f'<div class="strong">{_e(heading)}</div>' if heading else ""
    buyer = f"<div>{head}{_lines_html(party['lines'])}</div>"
    seller = f"{_logo(ctx)}{_seller_block(ctx)}" if rng.random() < 0.5 else _seller_block(ctx)
    cells = [seller, buyer] if rng.random() < 0.75 else [buyer, seller]
    title = f'<h2 class="accent" style="margin-top:8mm">{_e(ctx["title"])}</h2>'
    return f"""<table style="width:100%"><tr><td style="vertical-align:top;width:50%">{cells[0]}</td>
<td style="vertical-align:top">{cells[1]}</td></tr></table>{title}{_buyer_tail(ctx)}"""


def _layout_services(ctx: dict) -> str:
    """A heading over the block whose name is followed by a department's or an office's lines, a floor's line too."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = parties._heading(rng, ctx["language"])
    block = f'<div><div class="strong">{_e(heading)}</div>{_lines_html(party["lines"])}</div>'
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.5 else "margin-top:8mm;width:55%"
    return f"""{_header(ctx)}<div style="{where}">{block}</div>{_buyer_tail(ctx)}"""


RENDER.update({"b3_minuscule": _layout_minuscule, "b3_contact_joint": _layout_contact_joint,
               "b3_cote_a_cote": _layout_cote_a_cote, "b3_services": _layout_services})


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> Invoice:
    """The invoice of ``seed`` (in [BUYER3_FROM, BUYER3_TO)): the blind family's, with a buyer's block of this module."""
    drawn_layout, drawn_language = module_draw("buyer3", seed, LAYOUTS, WEIGHTS)
    layout, language = layout or drawn_layout, language or drawn_language
    draws = random.Random(f"blind-buyer3-{seed}")
    return parties.invoice_with(seed, language, layout, _party(draws, language, layout), draws, _PENDING)
