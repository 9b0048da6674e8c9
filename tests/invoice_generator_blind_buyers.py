"""More buyers' blocks of the blind family (issue 13, branch buyer-13d), from seed BUYER2_FROM on.

How invoices of the five languages print the buyer, beyond the layouts of seeds 30000-31999: the whole address on
the name's line (« Client : Dupont SARL, 12 rue X, 75001 Paris »), the town before the postcode (British « LONDON » /
« SW1A 1AA », Irish « Cork T12 K8AF ») or the province after the town (« 20121 Milano (MI) », « 28001 Madrid
(Madrid) »), headings in capitals with accents or ending in « à / a / an / to » (« FACTURÉ À », « FATTURARE A »,
« RECHNUNG AN »), the seller's staff named near the buyer (« Votre contact : … », « Kundenbetreuer: … »: not the buyer),
a buyer that is a person, a billing block beside a delivery block of another name and address, the buyer's VAT number
or SIREN inside its block, a country line in capitals. ``context["buyer_truth"]`` holds the block's truth.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [BUYER2_FROM, BUYER2_TO) by a lazy import; the
invoice is the blind family's (same seed, same lines and totals), its buyer's block drawn here with draws of its own
(``blind-buyer2-{seed}``). ``bench_readings.py --part blind --start 80000 --buyer-misses`` reads them.
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator import LANGUAGES, Invoice
from invoice_generator_blind import (ABROAD, BUYERS, CIVILITY, COUNTRY, FORMS, GIVEN_BY, LABELS, PLACES, RENDER, STREETS,
                                     SURNAMES, _buyer_tail, _e, _logo, _seller_block, _seller_lines)

BUYER2_FROM = 80_000
BUYER2_TO = 85_000
LAYOUTS = ("ligne_unique", "entete_majuscules", "contact_vendeur", "facturation_livraison", "particulier")
#: Two more from seed CODES_FROM on (the seeds before keep their layouts): the customer's code before its name on the
#: heading's line (« Client : C0042 – Dupont SARL », « Customer: 10234 Harbour View Hotel »), and the buyer's name in
#: the references' grid (« N° facture | Date | Client »), its block without a heading under the grid.
CODES_FROM = 82_000
LAYOUTS2 = ("code_client", "grille_client")
#: The layouts' languages: fewer French than the family's (the other languages' buyers read worst).
WEIGHTS = (2, 1, 1, 1, 1)

B2_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {"b2_caps": ["FACTURÉ À", "ADRESSÉ À", "FACTURER À", "CLIENT"], "b2_client": ["Client", "Facturé à"],
           "b2_staff": ["Votre contact", "Contact client", "Votre interlocuteur", "Chargé de clientèle", "Commercial"],
           "b2_billing": ["Adresse de facturation", "ADRESSE DE FACTURATION"],
           "b2_delivery": ["Adresse de livraison", "ADRESSE DE LIVRAISON", "Livraison sur site"],
           "b2_vat": ["TVA intracommunautaire : {}", "N° TVA : {}"], "b2_siren": ["SIREN : {}", "SIRET : {}"],
           "b2_tel": ["Tél. {}", "Ligne directe : {}"], "b2_name_col": ["Client", "Raison sociale client", "Facturé à"]},
    "en": {"b2_caps": ["BILL TO", "INVOICE TO", "SOLD TO", "CUSTOMER"], "b2_client": ["Customer", "Bill to"],
           "b2_staff": ["Your contact", "Account manager", "Customer contact", "Sales representative"],
           "b2_billing": ["Billing address", "BILLING ADDRESS", "Invoice address"],
           "b2_delivery": ["Delivery address", "GOODS TO", "Goods delivered to"],
           "b2_vat": ["VAT Reg. No.: {}", "VAT ID: {}"], "b2_siren": ["Company reg. no.: {}"],
           "b2_tel": ["Direct line: {}", "Tel. {}"], "b2_name_col": ["Customer", "Client name", "Bill to"]},
    "de": {"b2_caps": ["RECHNUNG AN", "RECHNUNGSEMPFÄNGER", "KUNDE"], "b2_client": ["Kunde", "Rechnung an"],
           "b2_staff": ["Ihr Ansprechpartner", "Kundenbetreuer", "Ihre Ansprechpartnerin", "Sachbearbeitung"],
           "b2_billing": ["Rechnungsadresse", "RECHNUNGSANSCHRIFT"],
           "b2_delivery": ["Warenempfänger", "LIEFERUNG AN", "Versand an"],
           "b2_vat": ["USt-IdNr.: {}", "UID-Nr.: {}"], "b2_siren": ["HRB {}"], "b2_tel": ["Durchwahl: {}", "Tel. {}"],
           "b2_name_col": ["Kunde", "Kundenname", "Rechnung an"]},
    "es": {"b2_caps": ["FACTURAR A", "FACTURADO A", "CLIENTE"], "b2_client": ["Cliente", "Facturar a"],
           "b2_staff": ["Su contacto", "Gestor de cuenta", "Atendido por", "Comercial"],
           "b2_billing": ["Dirección de facturación", "DIRECCIÓN DE FACTURACIÓN"],
           "b2_delivery": ["Dirección de entrega", "ENVIAR A", "Lugar de descarga"],
           "b2_vat": ["NIF/IVA: {}", "CIF: {}"], "b2_siren": ["CIF: {}"], "b2_tel": ["Tel. {}", "Teléfono directo: {}"],
           "b2_name_col": ["Cliente", "Nombre cliente", "Facturar a"]},
    "it": {"b2_caps": ["FATTURARE A", "INTESTATARIO", "SPETT.LE", "CLIENTE"], "b2_client": ["Cliente", "Spett.le"],
           "b2_staff": ["Vostro referente", "Referente commerciale", "Agente", "Il vostro contatto"],
           "b2_billing": ["Indirizzo di fatturazione", "INDIRIZZO DI FATTURAZIONE"],
           "b2_delivery": ["Indirizzo di spedizione", "MERCE DA CONSEGNARE A", "Recapito merce"],
           "b2_vat": ["P.IVA {}", "Partita IVA: {}"], "b2_siren": ["Codice fiscale n. {}"], "b2_tel": ["Tel. {}", "Cell. {}"],
           "b2_name_col": ["Cliente", "Ragione sociale cliente", "Fatturare a"]},
}
blind.add_labels(B2_LABELS)

#: Places of the countries whose postcode lines are printed in their own order: (postcode, town, province or "").
PLACES2 = {
    "GB": [("SW1A 1AA", "London", ""), ("M2 5DB", "Manchester", ""), ("EH2 2BY", "Edinburgh", ""),
           ("BS1 4DJ", "Bristol", "")],
    "IT": [("20121", "Milano", "MI"), ("00184", "Roma", "RM"), ("40121", "Bologna", "BO"), ("50123", "Firenze", "FI")],
    "ES": [("28001", "Madrid", "Madrid"), ("08002", "Barcelona", "Barcelona"), ("46002", "Valencia", "Valencia"),
           ("41001", "Sevilla", "Sevilla")],
}
STREETS2 = {"GB": ["{} Baker Street", "{} King's Road", "Unit {}, Riverside Park"]}
NAMES2 = {"GB": ["Harrison Joinery Ltd", "Patel & Sons Limited", "Northgate Supplies Ltd"]}
COUNTRY_WORDS = {**{code: spec["words"] for code, spec in ABROAD.items()},
                 "GB": {"fr": "Royaume-Uni", "en": "United Kingdom", "de": "Vereinigtes Königreich", "es": "Reino Unido",
                        "it": "Regno Unito"}}
#: The seller's staff (not the buyer), per language.
STAFF = {"fr": ["Sophie Marchand", "Karim Benali"], "en": ["Sinéad Walsh", "Conor Byrne"],
         "de": ["Anja Richter", "Tobias Keller"], "es": ["Lucía Romero", "Pablo Iglesias"],
         "it": ["Francesca Conti", "Marco Galli"]}


#: The buyer drawn for the invoice being rendered (its layout reads it): set by :func:`make_invoice` around the family's.
_PENDING: dict = {}


def _place(rng: random.Random, country: str) -> tuple[str, str, str, str]:
    """(postcode, town, the postcode line(s) as printed joined by a newline, street) of a place in ``country``."""
    lang = next((lang for lang, code in COUNTRY.items() if code == country), None)
    if country in PLACES2:
        postcode, town, province = rng.choice(PLACES2[country])
    elif lang is not None:
        (postcode, town), province = rng.choice(PLACES[lang]), ""
    else:
        postcode, town, province = rng.choice(ABROAD[country]["places"])
    street = rng.choice(STREETS2.get(country) or (STREETS[lang] if lang else ABROAD[country]["streets"]))
    street = street.format(rng.randint(2, 140))
    shape = rng.random()
    if country == "GB":  # the town on its line in capitals over the postcode, or before it on one line
        line = f"{town.upper()}\n{postcode}" if shape < 0.5 else f"{town} {postcode}"
    elif country == "IE":
        line = f"{town} {postcode}" if shape < 0.5 else f"{town}\n{postcode}"
    elif country == "IT":
        line = f"{postcode} {town} ({province})" if shape < 0.5 else f"{postcode} {town.upper()} {province}"
    elif country == "ES":
        line = f"{postcode} {town} ({province})" if shape < 0.6 else f"{postcode} {town.upper()}"
    else:
        line = f"{postcode} {town.upper() if shape < 0.3 else town}"
    return postcode, town, line, street


def _party(rng: random.Random, language: str, *, person: bool = False) -> dict:
    """The buyer: its name (a company, or a person), address, postcode line(s), country (printed or not)."""
    home = COUNTRY[language]
    country = home if rng.random() < 0.55 else rng.choice(["FR", "GB", "IT", "ES", "DE", "BE", "CH", "NL", "IE"])
    own = next((lang for lang, code in COUNTRY.items() if code == country), None)
    postcode, town, pc_line, street = _place(rng, country)
    if person:
        female = rng.random() < 0.5
        name = f"{rng.choice(GIVEN_BY[language][0 if female else 1])} {rng.choice(SURNAMES[own or language])}"
        civility = CIVILITY[language][0 if female else 1] if rng.random() < 0.5 else ""
    else:
        civility = ""
        if country in NAMES2 or own is None:
            name = rng.choice(NAMES2.get(country) or ABROAD[country]["names"])
        else:
            name = rng.choice(BUYERS[own]) + (f" {rng.choice(FORMS[own])}" if rng.random() < 0.5 else "")
    word = COUNTRY_WORDS.get(country, {}).get(language)
    shown = word if word and (country != home or rng.random() < 0.15) else None
    if shown and rng.random() < 0.6:
        shown = shown.upper()
    return {"name": name, "civility": civility, "person": person, "street": street, "postcode": postcode, "city": town,
            "pc_line": pc_line, "country": country, "country_line": shown}


def _lines_of(party: dict, ctx: dict, rng: random.Random) -> list[str]:
    """The block's lines under its heading: name, maybe an identifier, street, postcode line(s), country."""
    name = f"{party['civility']} {party['name']}".strip()
    lines = [name, party["street"], *party["pc_line"].split("\n")]
    if party["country_line"]:
        lines.append(party["country_line"])
    ident = None
    if party["civility"] or party.get("person"):
        pass  # a private person has no VAT number nor company number
    elif ctx["buyer_vat"] and ctx["buyer_vat"].startswith(party["country"].replace("GR", "EL")):
        ident = rng.choice(LABELS[ctx["language"]]["b2_vat"]).format(ctx["buyer_vat"])
    elif ctx["language"] == "fr" and party["country"] == "FR" and rng.random() < 0.3:
        ident = rng.choice(LABELS["fr"]["b2_siren"]).format(blind.siren(rng))
    if ident:
        lines.insert(1 if rng.random() < 0.4 else len(lines), ident)
    return lines


def _block(lines: list[str], heading: str = "", *, bold: str = "") -> str:
    head = f'<div class="strong">{_e(heading)}</div>' if heading else ""
    body = "<br>".join(f'<span class="strong">{_e(line)}</span>' if bold and line.endswith(bold) else _e(line)
                       for line in lines)
    return f"<div>{head}{body}</div>"


def _header(ctx: dict, right: str = "") -> str:
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt" class="accent strong">{_e(ctx['title'])}</div>
{right}</td></tr></table>"""


def _staff(ctx: dict, rng: random.Random) -> str:
    """The seller's staff member who follows the customer: a label, a person's name, a direct line."""
    labels = LABELS[ctx["language"]]
    who = rng.choice(STAFF[ctx["language"]])
    phone = rng.choice(labels["b2_tel"]).format(ctx["phone"])
    if rng.random() < 0.5:
        return f'<div class="muted">{_e(rng.choice(labels["b2_staff"]))}</div><div>{_e(who)}</div><div>{_e(phone)}</div>'
    return f"<div>{_e(rng.choice(labels['b2_staff']))} : {_e(who)}</div><div>{_e(phone)}</div>"


def _layout_ligne_unique(ctx: dict) -> str:
    """The buyer on one line: its name, street, postcode and town after commas, after its heading or under it."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    parts = [party["name"], party["street"], party["pc_line"].replace("\n", " ")]
    if party["country_line"]:
        parts.append(party["country_line"])
    one = ", ".join(parts)
    heading = rng.choice(LABELS[ctx["language"]]["b2_client" if rng.random() < 0.6 else "b2_caps"])
    sep = " : " if ctx["language"] == "fr" else ": "
    buyer = f"<div>{_e(heading)}{sep}{_e(one)}</div>" if rng.random() < 0.6 else \
        f'<div class="strong">{_e(heading)}</div><div>{_e(one)}</div>'
    return f"""{_header(ctx)}<div style="margin-top:8mm">{buyer}</div>{_buyer_tail(ctx)}"""


def _layout_entete_majuscules(ctx: dict) -> str:
    """The buyer's block under a heading in capitals (« FACTURÉ À », « RECHNUNG AN »), at the right or the left."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    block = _block(_lines_of(party, ctx, rng), rng.choice(LABELS[ctx["language"]]["b2_caps"]), bold=party["name"])
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.5 else "margin-top:8mm;width:50%"
    return f"""{_header(ctx)}<div style="{where}">{block}</div>{_buyer_tail(ctx)}"""


def _layout_contact_vendeur(ctx: dict) -> str:
    """The seller's staff member named beside or above the buyer (« Votre contact », « Kundenbetreuer »), the buyer's
    block with a « Client » heading or none (in the envelope's window)."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = rng.choice(LABELS[ctx["language"]]["b2_client"]) if rng.random() < 0.6 else ""
    block = _block(_lines_of(party, ctx, rng), heading, bold=party["name"])
    staff = _staff(ctx, rng)
    if rng.random() < 0.5:  # the staff over the buyer's block, in its column
        cells = f'<td style="width:50%"></td><td style="vertical-align:top">{staff}<div style="margin-top:5mm">{block}</div></td>'
    else:  # side by side: the staff at the left, the buyer at the right
        cells = f'<td style="vertical-align:top;width:50%">{staff}</td><td style="vertical-align:top">{block}</td>'
    return f"""{_header(ctx)}<table style="width:100%;margin-top:8mm"><tr>{cells}</tr></table>{_buyer_tail(ctx)}"""


def _layout_facturation_livraison(ctx: dict) -> str:
    """A billing block and a delivery block of another name and address side by side, either first."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    labels = LABELS[ctx["language"]]
    billing = _block(_lines_of(party, ctx, rng), rng.choice(labels["b2_billing"]), bold=party["name"])
    site = _party(rng, ctx["language"])
    site_name = site["name"] if rng.random() < 0.5 else f"{party['name']} – {site['city']}"
    delivery = _block([site_name, site["street"], *site["pc_line"].split("\n")], rng.choice(labels["b2_delivery"]))
    cells = [billing, delivery] if rng.random() < 0.6 else [delivery, billing]
    return f"""{_header(ctx)}<table style="width:100%;margin-top:8mm"><tr><td style="vertical-align:top;width:50%">{cells[0]}</td>
<td style="vertical-align:top">{cells[1]}</td></tr></table>{_buyer_tail(ctx)}"""


def _layout_particulier(ctx: dict) -> str:
    """A private buyer: a person's name (maybe a civility) over the address, under a heading or in the window."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = rng.choice(LABELS[ctx["language"]]["b2_client" if rng.random() < 0.5 else "b2_caps"]) \
        if rng.random() < 0.6 else ""
    block = _block(_lines_of(party, ctx, rng), heading)
    if rng.random() < 0.5:
        return f"""{_header(ctx)}<div style="margin:10mm 0 0 100mm">{block}</div>{_buyer_tail(ctx)}"""
    side = "<br>".join(_e(line) for line in _seller_lines(ctx))
    return f"""<table style="width:100%"><tr><td style="vertical-align:top;padding-top:16mm;width:60%">{block}</td>
<td style="vertical-align:top">{_logo(ctx)}<div>{side}</div></td></tr></table>
<h2 class="accent" style="margin-top:6mm">{_e(ctx['title'])}</h2>{_buyer_tail(ctx)}"""


def _layout_code_client(ctx: dict) -> str:
    """The customer's code before its name on the heading's line (« Client : C0042 – Dupont SARL », « Customer: 10234
    Harbour View Hotel », « Kunde: 4711 / Bäckerei Korn GmbH »), the address under it."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = rng.choice(LABELS[ctx["language"]]["b2_client"])
    sep = rng.choice([" – ", " - ", " / ", " "])
    sep = " " if sep == " " and not ctx["customer"][:1].isdigit() else sep  # a code of letters and digits, then the name
    colon = " : " if ctx["language"] == "fr" else ": "
    lines = _lines_of(party, ctx, rng)
    lines[0] = f"{heading}{colon}{ctx['customer']}{sep}{lines[0]}"
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.5 else "margin-top:8mm"
    return f"""{_header(ctx)}<div style="{where}">{_block(lines)}</div>{_buyer_tail(ctx)}"""


def _layout_grille_client(ctx: dict) -> str:
    """The buyer's name in the references' grid (a row of labels over a row of values), its address block under the
    grid with no heading."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    labels = LABELS[ctx["language"]]
    pairs = [(rng.choice(labels["number"]), ctx["number"]), (rng.choice(labels["date"]), ctx["issue"]),
             (rng.choice(labels["b2_name_col"]), f"{party['civility']} {party['name']}".strip()),
             (rng.choice(labels["customer"]), ctx["customer"])]
    cell = "border:0.6pt solid #777;padding:2pt 4pt"
    head = "".join(f'<th style="{cell};font-size:0.85em;text-align:left">{_e(k)}</th>' for k, _v in pairs)
    vals = "".join(f'<td style="{cell}">{_e(v)}</td>' for _k, v in pairs)
    lines = _lines_of(party, ctx, rng)
    return f"""{_header(ctx)}<table style="margin-top:6mm;width:100%"><tr>{head}</tr><tr>{vals}</tr></table>
<div style="margin:6mm 0 0 95mm">{_block(lines)}</div>{_buyer_tail(ctx)}"""


RENDER.update({"code_client": _layout_code_client, "grille_client": _layout_grille_client})
RENDER.update({"ligne_unique": _layout_ligne_unique, "entete_majuscules": _layout_entete_majuscules,
               "contact_vendeur": _layout_contact_vendeur, "facturation_livraison": _layout_facturation_livraison,
               "particulier": _layout_particulier})


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> Invoice:
    """The invoice of ``seed`` (in [BUYER2_FROM, BUYER2_TO)): the blind family's, with a buyer's block of this module."""
    draws = random.Random(f"blind-buyer2-{seed}")
    layout = layout or draws.choice(LAYOUTS2 if seed >= CODES_FROM else LAYOUTS)
    language = language or draws.choices(LANGUAGES, WEIGHTS)[0]
    party = _party(draws, language, person=layout == "particulier")
    _PENDING.update(rng=draws, party=party)
    try:
        invoice = blind.make_invoice(seed, language=language, layout=layout)
    finally:
        _PENDING.clear()
    name = f"{party['civility']} {party['name']}".strip()  # as printed: the project reads a civility with the name
    invoice.truth.buyer_name = name
    invoice.context["buyer_truth"] = {"name": name, "address_lines": [party["street"]],
                                      "postcode": party["postcode"], "city": party["city"], "country": party["country"],
                                      "country_printed": party["country_line"] is not None}
    return invoice
