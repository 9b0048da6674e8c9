"""The buyer's block set apart by type and place (issue 13, branch buyer-13f): blind seeds 106000–106999.

What the buyer's block looks like when only its setting tells its heading from its name: a heading in capitals with
no colon over a name in small letters or in capitals too (« MAÎTRE D'OUVRAGE » / « Dubois Conseil SAS »), a role's
heading the rules were never told of, a heading in a coloured band over the block, a heading in a cell at the left of
the block's first line (a two-column frame), a contact person under the company with no « attention » word, a phone
or e-mail line closing the block, an estate's or a building's line (« ZA des … », « Lieu-dit … », « Résidence … »)
before the street, a « CEDEX » after the town. Headings are composed of parts (a role's noun, maybe a frame of words
before it, capitals or not, colon or none); the block's lines come from the parties family's drawing
(:func:`invoice_generator_blind_parties._party`), then are set apart here.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [BUYER2_FROM, BUYER2_TO) by a lazy import; the
invoice is the blind family's (same seed, same lines and totals), its buyer drawn here (``blind-buyer2-{seed}``).
Seeds 106000–106749 are for tuning, 106750–106999 the hold-out (measured, its misses never read).
"""

from __future__ import annotations

import random

import invoice_generator_blind_parties as parties
from invoice_generator import LANGUAGES, Invoice
from invoice_generator_blind import RENDER, _buyer_tail, _e, _logo, _seller_block

BUYER2_FROM = 106_000
BUYER2_TO = 107_000
LAYOUTS = ("b2_capitales", "b2_bandeau", "b2_colonne", "b2_contact")
WEIGHTS = (4, 1, 1, 1, 1)

#: Roles a buyer is named by on trade documents, by kind of trade (works, rent, care, membership, transport, public
#: services), in each language: nouns the rules' tables may or may not hold.
ROLE_NOUNS = {
    "fr": [
        "Maître d'ouvrage",
        "Propriétaire",
        "Occupant",
        "Souscripteur",
        "Payeur",
        "Débiteur",
        "Assuré",
        "Patient",
        "Expéditeur",
        "Usager",
        "Redevable",
        "Commettant",
        "Acquéreur",
        "Client final",
        "Titulaire",
    ],
    "en": [
        "Payer",
        "Invoicee",
        "Sold-to party",
        "Owner",
        "Ordering party",
        "Policy holder",
        "Patient",
        "Consignor",
        "Subscriber",
        "Licensee",
        "End customer",
        "Debtor",
    ],
    "de": [
        "Rechnungsempfänger",
        "Zahlungspflichtiger",
        "Bauherr",
        "Eigentümer",
        "Auftraggeberin",
        "Versicherter",
        "Patient",
        "Versender",
        "Abonnent",
        "Lizenznehmer",
        "Endkunde",
        "Schuldner",
    ],
    "es": [
        "Pagador",
        "Propietario",
        "Promotor",
        "Asegurado",
        "Paciente",
        "Remitente",
        "Abonado",
        "Licenciatario",
        "Cliente final",
        "Deudor",
        "Ordenante",
    ],
    "it": [
        "Pagatore",
        "Proprietario",
        "Committente dei lavori",
        "Assicurato",
        "Paziente",
        "Mittente",
        "Abbonato",
        "Licenziatario",
        "Cliente finale",
        "Debitore",
        "Ordinante",
    ],
}
#: Words some headings put before the role (« Coordonnées », « Details of », « Angaben zum »): kept short.
FRAME_WORDS = {
    "fr": ["Identité", "Adresse", "Coordonnées"],
    "en": ["Details of", "Address of"],
    "de": ["Angaben", "Anschrift"],
    "es": ["Datos", "Dirección"],
    "it": ["Dati", "Recapito"],
}
#: An estate's, a building's or a place's line before the street, per language.
PLACE_LINES = {
    "fr": [
        "ZA des {}",
        "ZI du {}",
        "Lieu-dit {}",
        "Résidence {}",
        "Parc d'activités {}",
        "Immeuble {}",
    ],
    "en": ["{} Business Park", "{} House", "Unit 4, {} Estate"],
    "de": ["Gewerbepark {}", "Haus {}", "Industriegebiet {}"],
    "es": ["Polígono {}", "Edificio {}", "Parque empresarial {}"],
    "it": ["Zona industriale {}", "Palazzo {}", "Località {}"],
}
PLACE_NAMES = [
    "Pins",
    "Tilleuls",
    "Moulin",
    "Chênes",
    "Nord",
    "Europa",
    "Sole",
    "Aurora",
    "Linden",
    "Oaks",
]
PHONE = {
    "fr": ["Tél. {}", "Tél : {}", "Mobile : {}"],
    "en": ["Tel: {}", "Phone {}"],
    "de": ["Tel. {}", "Telefon: {}"],
    "es": ["Tel. {}", "Teléfono: {}"],
    "it": ["Tel. {}", "Telefono: {}"],
}


def _role_heading(rng: random.Random, language: str) -> str:
    """A heading of parts: a role's noun (the parties family's or one of :data:`ROLE_NOUNS`), maybe after a frame's
    words, in capitals or not, with a colon or none."""
    if rng.random() < 0.5:
        noun = rng.choice(ROLE_NOUNS[language])
    else:
        noun = rng.choice(parties.ROLES[language])[0]
    if rng.random() < 0.25:
        noun = f"{rng.choice(FRAME_WORDS[language])} {noun.lower() if language != 'de' else noun}"
    text = noun.upper() if rng.random() < 0.6 else noun
    return text + (rng.choice([" :", ":"]) if rng.random() < 0.3 else "")


def _party(rng: random.Random, language: str) -> dict:
    """The parties family's buyer, then set apart: its name in capitals or not, a place's line before the street, a
    contact under the name with no attention word, a phone line closing the block."""
    party = parties._party(rng, language)
    lines = list(party["lines"])
    truth = dict(party["truth"])
    at = lines.index(party["name"])
    if (
        not party["person"]
        and rng.random() < 0.3
        and party["name"] != party["name"].upper()
    ):
        upper = party["name"].upper()
        lines[at], party["name"], truth["name"] = upper, upper, upper
    if not party["person"] and rng.random() < 0.3:
        female = rng.random() < 0.5
        civility = rng.choice(parties.CIVILITY[language][0 if female else 1])
        given = rng.choice(parties.GIVEN[language][0 if female else 1])
        lines.insert(
            at + 1, f"{civility} {given} {rng.choice(parties.SURNAMES[language])}"
        )
    street = party["address"][0]
    if rng.random() < 0.25 and street in lines:
        place = rng.choice(PLACE_LINES[language]).format(rng.choice(PLACE_NAMES))
        lines.insert(lines.index(street), place)
        truth["address_lines"] = [place, *truth["address_lines"]]
        party["address"] = [place, *party["address"]]
    if rng.random() < 0.25:
        lines.append(
            rng.choice(PHONE[language]).format(
                f"0{rng.randint(1, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
            )
        )
    party.update(lines=lines, truth=truth)
    return party


#: The buyer drawn for the invoice being rendered: set by :func:`make_invoice` around the family's.
_PENDING: dict = {}


def _header(ctx: dict) -> str:
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt" class="accent strong">{_e(ctx["title"])}</div>
</td></tr></table>"""


def _lines_html(lines: list[str], bold: str = "") -> str:
    return "<br>".join(
        f'<span class="strong">{_e(line)}</span>' if line == bold else _e(line)
        for line in lines
    )


def _layout_capitales(ctx: dict) -> str:
    """A heading of parts over the block, right or left under the letterhead, set tight over the name or a line apart."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = _role_heading(rng, ctx["language"])
    gap = rng.choice(["0", "0", "2mm", "4mm"])
    head = f'<div class="strong" style="margin-bottom:{gap}">{_e(heading)}</div>'
    block = f"<div>{head}{_lines_html(party['lines'], bold=party['name'] if rng.random() < 0.5 else '')}</div>"
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.6 else "margin-top:8mm;width:55%"
    return f"""{_header(ctx)}<div style="{where}">{block}</div>{_buyer_tail(ctx)}"""


def _layout_bandeau(ctx: dict) -> str:
    """The heading in a coloured band as wide as the block, the block under it."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = _role_heading(rng, ctx["language"])
    band = f'<div style="background:{ctx["colour"]};color:white;padding:2pt 4pt" class="strong">{_e(heading)}</div>'
    block = f'<div style="padding:3pt 4pt">{_lines_html(party["lines"])}</div>'
    width = rng.choice(["45%", "50%", "60%"])
    where = (
        f"margin:8mm 0 0 auto;width:{width}"
        if rng.random() < 0.6
        else f"margin-top:8mm;width:{width}"
    )
    return (
        f"""{_header(ctx)}<div style="{where}">{band}{block}</div>{_buyer_tail(ctx)}"""
    )


def _layout_colonne(ctx: dict) -> str:
    """The heading in a cell at the left of the block's first line: a frame of two columns."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = _role_heading(rng, ctx["language"])
    cell = "vertical-align:top;padding:2pt 6pt"
    return f"""{_header(ctx)}<table style="margin-top:8mm;{rng.choice(["", "margin-left:80mm"])}"><tr>
<td style="{cell};font-size:0.85em" class="muted">{_e(heading)}</td><td style="{cell}">{_lines_html(party["lines"])}</td>
</tr></table>{_buyer_tail(ctx)}"""


def _layout_contact(ctx: dict) -> str:
    """A block with no heading in the envelope's window, its company's contact under the name, a phone line under it."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    block = _lines_html(
        party["lines"], bold=party["name"] if rng.random() < 0.5 else ""
    )
    title = f'<h2 class="accent" style="margin-top:8mm">{_e(ctx["title"])}</h2>'
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx, big=True)}</td>
</tr></table><div style="margin:{rng.choice([10, 14])}mm 0 0 {rng.choice([95, 105])}mm;min-height:30mm">{block}</div>{title}{_buyer_tail(ctx)}"""


RENDER.update(
    {
        "b2_capitales": _layout_capitales,
        "b2_bandeau": _layout_bandeau,
        "b2_colonne": _layout_colonne,
        "b2_contact": _layout_contact,
    }
)


def make_invoice(
    seed: int, *, language: str | None = None, layout: str | None = None
) -> Invoice:
    """The invoice of ``seed`` (in [BUYER2_FROM, BUYER2_TO)): the blind family's, with a buyer's block of this module."""
    draws = random.Random(f"blind-buyer2-{seed}")
    layout = layout or draws.choices(LAYOUTS, (3, 1, 1, 1))[0]
    language = language or draws.choices(LANGUAGES, WEIGHTS)[0]
    return parties.invoice_with(
        seed, language, layout, _party(draws, language), draws, _PENDING
    )
