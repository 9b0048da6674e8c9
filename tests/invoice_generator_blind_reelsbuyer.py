"""The buyer's block as invoicing software prints it (issue 13, branch reelsbuyer-13g): blind seeds 109000–109499.

What real sample files (Factur-X and ZUGFeRD examples) print for the buyer, with no dossier to fall back on: a contact's
line first in the block (« Julie Martin, Service achats »), the legal name then a trade name under it, the street and
extra lines, the town followed by a country's two-letter code (« 06000 NICE, FR ») or its name, a mail and a contact's
line closing the block; the buyer's identifiers (SIREN, VAT number, a customer number) printed apart, in a box under a
second-person heading (« Vos identifiants », « Your details », « Ihre Angaben », « Sus datos », « I vostri dati »),
beside the seller's own box (« Nos références »); a French buyer may print only its SIREN there, no VAT number and no
country line. The block's lines start from the parties family's drawing (:func:`invoice_generator_blind_parties._party`).

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [REELSBUYER_FROM, REELSBUYER_TO) by a lazy
import; the invoice is the blind family's (same seed, same lines and totals), its buyer drawn here
(``blind-reelsbuyer-{seed}``). Seeds 109000–109374 are for tuning, 109375–109499 the hold-out (measured, its misses
never read).
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
import invoice_generator_blind_parties as parties
from invoice_generator_blind_buyer2 import _header, _lines_html
from invoice_generator import Invoice
from invoice_generator_blind import RENDER, _buyer_tail, _e, module_draw

REELSBUYER_FROM = 109_000
REELSBUYER_TO = 109_499 + 1
LAYOUTS = ("rb_contact_premier", "rb_identifiants", "rb_code_ville", "rb_siren_seul")
#: French about half, the others alike.
WEIGHTS = (4, 1, 1, 1, 1)

#: A block's heading over the buyer's postal lines (the role's noun in a frame, as the software prints it).
HEADINGS = {
    "fr": ["Adresse du Client", "CLIENT :", "Adresse de facturation", "Facturé à", "Client"],
    "en": ["Customer address", "BILL TO:", "Billing address", "Invoice to", "Customer"],
    "de": ["Rechnungsadresse", "KUNDE:", "Rechnungsempfänger", "Kundenanschrift", "Kunde"],
    "es": ["Dirección del cliente", "CLIENTE:", "Dirección de facturación", "Facturar a", "Cliente"],
    "it": ["Indirizzo cliente", "CLIENTE:", "Indirizzo di fatturazione", "Fatturare a", "Cliente"],
}
#: The second-person heading of the buyer's identifiers' box, and the first-person one of the seller's beside it.
YOURS = {
    "fr": (["Vos identifiants", "Vos coordonnées", "Votre identification"], ["Nos références", "Nos coordonnées"]),
    "en": (["Your details", "Your identifiers", "Your company details"], ["Our details", "Our references"]),
    "de": (["Ihre Angaben", "Ihre Daten", "Ihre Kennungen"], ["Unsere Angaben", "Unsere Daten"]),
    "es": (["Sus datos", "Sus identificadores", "Sus datos fiscales"], ["Nuestros datos", "Nuestras referencias"]),
    "it": (["I vostri dati", "I vostri identificativi", "Vostri dati fiscali"], ["I nostri dati", "Nostri riferimenti"]),
}
#: The identifiers' labels: the VAT number's, the SIREN's (France), a customer number's.
ID_LABELS = {
    "fr": (["N° TVA", "N° TVA intracom.", "TVA intracommunautaire"], ["SIREN", "N° SIREN"], ["N° client", "Code client"]),
    "en": (["VAT No", "VAT number", "VAT reg."], ["SIREN", "Company no. (SIREN)"], ["Customer no", "Account no"]),
    "de": (["USt-IdNr.", "USt-ID", "UID-Nr."], ["SIREN", "SIREN-Nr."], ["Kunden-Nr.", "Kundennummer"]),
    "es": (["NIF-IVA", "N.º IVA", "NIF intracomunitario"], ["SIREN", "N.º SIREN"], ["N.º cliente", "Código cliente"]),
    "it": (["Partita IVA", "P. IVA", "N. IVA"], ["SIREN", "N. SIREN"], ["Codice cliente", "N. cliente"]),
}
#: A contact's department, printed after the contact's name on the block's first line.
DEPARTMENTS = {
    "fr": ["Service achats", "Comptabilité fournisseurs", "Direction financière", "Service facturation"],
    "en": ["Purchasing", "Accounts payable", "Finance dept", "Procurement"],
    "de": ["Einkauf", "Kreditorenbuchhaltung", "Buchhaltung", "Rechnungsprüfung"],
    "es": ["Compras", "Contabilidad", "Dpto. financiero", "Administración"],
    "it": ["Ufficio acquisti", "Contabilità", "Amministrazione", "Ufficio fatture"],
}
#: A trade name's shapes under the legal name (BT-45): the software prints it on its own line.
TRADE = ["{w} {s}", "{s} {w}", "{W}", "Les {w}s {s}"]
CONTACT_WORD = {"fr": "Contact", "en": "Contact", "de": "Kontakt", "es": "Contacto", "it": "Contatto"}
MAIL_WORD = {"fr": "Courriel", "en": "Email", "de": "E-Mail", "es": "Correo", "it": "E-mail"}
#: The VAT drawing's language per country (the family's own countries); others are drawn by ``_foreign_vat``.
VAT_LANGUAGE = {"FR": "fr", "IE": "en", "DE": "de", "ES": "es", "IT": "it"}
FOREIGN_VAT = ("GB", "NL", "PT", "CH")


def _who(rng: random.Random, language: str) -> str:
    female = rng.random() < 0.5
    return f"{rng.choice(parties.GIVEN[language][0 if female else 1])} {rng.choice(parties.SURNAMES[language])}"


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isascii() and c.isalnum())[:14] or "client"


def _vat(rng: random.Random, country: str, siren: str | None) -> str | None:
    if country in VAT_LANGUAGE:
        return blind.vat_id(VAT_LANGUAGE[country], rng, siren if country == "FR" else None)
    return blind._foreign_vat(country, rng) if country in FOREIGN_VAT else None


def _spaced(vat: str) -> str:
    """A French VAT number as the software prints it: « FR 05 987 654 321 »."""
    if vat.startswith("FR") and len(vat) == 13:
        return f"FR {vat[2:4]} {vat[4:7]} {vat[7:10]} {vat[10:]}"
    return vat


def _party(rng: random.Random, language: str, layout: str) -> dict:
    """The parties family's buyer, reprinted as invoicing software prints it."""
    base = parties._party(rng, language)
    truth = dict(base["truth"])
    country, name = base["country"], base["name"]
    if layout == "rb_siren_seul":  # a French buyer, its SIREN alone in the box, no country line
        country = "FR"
        while base["country"] != "FR":
            base = parties._party(rng, language)
        truth, name = dict(base["truth"]), base["name"]
    lines = [name]
    if not base["person"] and rng.random() < 0.6:  # a trade name under the legal name
        own = parties.COUNTRIES[country][0]
        word = rng.choice(parties.COMPANY_WORDS[own])
        trade = rng.choice(TRADE).format(w=word, W=word.upper(), s=rng.choice(parties.SURNAMES[own]))
        lines.append(trade.upper() if rng.random() < 0.4 else trade)
    if layout in ("rb_contact_premier", "rb_identifiants") or rng.random() < 0.4:  # a contact's line first
        lines.insert(0, f"{_who(rng, language)}, {rng.choice(DEPARTMENTS[language])}")
    address = list(base["address"])
    if rng.random() < 0.4:
        extra = rng.choice(parties.INNER[language]["second"]).format(rng.choice(["A", "B", "2", "3", "12"]))
        address.append(extra)
    lines += address
    postcode, town = truth["postcode"], truth["city"]
    shown = town.upper() if rng.random() < 0.5 else town
    code_after = layout == "rb_code_ville" or (layout != "rb_siren_seul" and rng.random() < 0.35)
    printed = True
    if code_after and country not in ("GB", "IE"):
        lines.append(f"{postcode} {shown}, {country}")  # the ISO code after the town, as the software prints it
    elif code_after and country in ("GB", "IE"):
        lines += [f"{shown} {postcode}", country]
    else:
        lines += base["pc_lines"]
        printed = base["printed"] is not None and layout != "rb_siren_seul"
        if printed:
            lines.append(base["printed"])
    slug = _slug(name)
    if rng.random() < 0.6:
        lines.append(f"{MAIL_WORD[language]} : factures@{slug}.example" if rng.random() < 0.5 else f"compta@{slug}.example")
    if rng.random() < 0.5:
        lines.append(f"{CONTACT_WORD[language]}: 0{rng.randint(1, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                     f"{rng.randint(10, 99)} {rng.randint(10, 99)}, {_slug(_who(rng, language))}@{slug}.example")
    siren = blind.siren(rng) if country == "FR" else None
    vat = None if layout == "rb_siren_seul" else _vat(rng, country, siren)
    labels = ID_LABELS[language]
    ids = []
    if rng.random() < 0.4:
        ids.append(f"{rng.choice(labels[2])} : {rng.choice(['C', 'CL', ''])}{rng.randint(1000, 99999)}")
    if siren:
        ids.append(f"{rng.choice(labels[1])} : {siren[:3]} {siren[3:6]} {siren[6:]}")
    if vat:
        ids.append(f"{rng.choice(labels[0])} : {_spaced(vat)}")
    truth.update(address_lines=address, country=country, country_printed=printed, name=name)
    return {"lines": lines, "name": name, "truth": truth, "ids": ids, "vat": vat, "siren": siren}


#: The buyer drawn for the invoice being rendered: set by :func:`make_invoice` around the family's.
_PENDING: dict = {}


def _id_boxes(ctx: dict, rng: random.Random, party: dict) -> str:
    """The seller's box and the buyer's box of identifiers side by side, each under its heading."""
    yours, ours = YOURS[ctx["language"]]
    theirs = "<br>".join(_e(line) for line in party["ids"])
    mine = f"{_e(blind._pick(ctx, 'seller_vat'))} : {_e(ctx['seller_vat'])}" if ctx.get("seller_vat") else ""
    left = f'<div class="strong">{_e(rng.choice(ours))}</div>{mine}'
    right = f'<div class="strong">{_e(rng.choice(yours))}</div>{theirs}'
    return f"""<table style="width:100%;margin-top:4mm"><tr><td style="vertical-align:top;width:50%">{left}</td>
<td style="vertical-align:top">{right}</td></tr></table>"""


def _block(ctx: dict, rng: random.Random, party: dict) -> str:
    heading = rng.choice(HEADINGS[ctx["language"]])
    return f'<div><div class="strong">{_e(heading)}</div>{_lines_html(party["lines"])}</div>'


def _layout_contact_premier(ctx: dict) -> str:
    """The block at the right under its heading, a contact's line first; the identifiers' boxes under it."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    boxes = _id_boxes(ctx, rng, party) if party["ids"] else ""
    return f"""{_header(ctx)}<div style="margin:8mm 0 0 95mm">{_block(ctx, rng, party)}</div>{boxes}{_buyer_tail(ctx)}"""


def _layout_identifiants(ctx: dict) -> str:
    """The block, then the two identifiers' boxes set apart lower down, the buyer's at the right."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.6 else "margin-top:8mm;width:55%"
    return (f"""{_header(ctx)}<div style="{where}">{_block(ctx, rng, party)}</div>"""
            f"""<div style="margin-top:6mm">{_id_boxes(ctx, rng, party)}</div>{_buyer_tail(ctx)}""")


def _layout_code_ville(ctx: dict) -> str:
    """The block with the country's code after the town; the buyer's identifiers under it, boxed or not."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    boxes = _id_boxes(ctx, rng, party) if party["ids"] and rng.random() < 0.7 else ""
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.5 else "margin-top:8mm;width:55%"
    return f"""{_header(ctx)}<div style="{where}">{_block(ctx, rng, party)}</div>{boxes}{_buyer_tail(ctx)}"""


def _layout_siren_seul(ctx: dict) -> str:
    """A French buyer with no country line, its SIREN alone in the identifiers' box."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    return (f"""{_header(ctx)}<div style="margin:8mm 0 0 95mm">{_block(ctx, rng, party)}</div>"""
            f"""{_id_boxes(ctx, rng, party)}{_buyer_tail(ctx)}""")


RENDER.update({"rb_contact_premier": _layout_contact_premier, "rb_identifiants": _layout_identifiants,
               "rb_code_ville": _layout_code_ville, "rb_siren_seul": _layout_siren_seul})


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> Invoice:
    """The invoice of ``seed`` (in [REELSBUYER_FROM, REELSBUYER_TO)): the blind family's, with a buyer of this module."""
    drawn_layout, drawn_language = module_draw("reelsbuyer", seed, LAYOUTS, WEIGHTS)
    layout, language = layout or drawn_layout, language or drawn_language
    draws = random.Random(f"blind-reelsbuyer-{seed}")
    party = _party(draws, language, layout)
    return parties.invoice_with(seed, language, layout, party, draws, _PENDING)
