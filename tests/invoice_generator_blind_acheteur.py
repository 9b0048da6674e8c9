"""The buyer's name, address and country on any page (issue 13, branch acheteur-15): blind seeds 123000–123999.

What the other buyer families never drew, taken from the rules real pages follow:

- the block in an envelope's window written to the posts' norms, with no heading: La Poste's NF Z10-011 (at most six
  lines, from the name to the town: the name, a line for whom or which service inside it, a building's line, the
  number and the street, a locality or a post office box, the postcode and the town or the CEDEX office; no
  punctuation from the fourth line on and the last lines in capitals; « La norme AFNOR NF Z10-011 », La Poste's
  service national de l'adresse, laposte.fr/sna article 148), abroad the country's name alone on a last line in
  capitals (UPU S42, as USPS Publication 28 A31 sums it up: « The bottom line of the address should show only the
  COUNTRY name … in capital letters »), DIN 5008's address field (« z. Hd. » or a department under the name), Royal
  Mail's town in capitals over its postcode, Italian « c.a. » and Spanish « A/A » lines;
- the buyer on one line among the references, after a short label (« Doit : », « Sold to: », « Kunde: »), its name,
  street and town between dashes or commas, a customer's code on the line over it;
- a block opening with its attention or department line before the name (« Service comptabilité fournisseurs » /
  « À l'attention de Mme … » / the name), under a heading or none;
- the buyer's block beside the seller's at the top of the page with the very same shape (name in bold, street, town,
  phone, VAT number) and no heading, or only « De » / « Pour » over them: only the rest of the page (the seller's
  legal mentions, its bank) tells which is whose;
- a buyer abroad whose block prints no country line: its country told only by its VAT number's prefix
  (« BE0… », « ATU… », « LU… ») or by its postcode's shape (« 1012 AB », « 1000-001 », « D02 X285 », « LS1 4AB »);
- a public buyer, as public e-invoicing platforms have suppliers print it: French Chorus Pro's « Service exécutant »
  (code service), « N° d'engagement juridique » and the structure's SIRET (communaute.chorus-pro.gouv.fr: « SIRET,
  numéros d'engagement juridique, codes services »), German XRechnung's « Leitweg-ID » (E-RechV § 5, ecosio / efacto
  pages) under « Stadt X / Der Oberbürgermeister / Amt … », Italian FatturaPA's « Codice Univoco Ufficio », CIG and
  the ente's codice fiscale (indicepa.gov.it, comuni's « Fattura elettronica » pages), Spanish FACe's DIR3 codes
  « Oficina contable », « Órgano gestor », « Unidad tramitadora » (Ayuntamiento de Alzira's FACe page), an Irish
  county council's purchase order.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [ACHETEUR_FROM, ACHETEUR_TO) by a lazy import;
the invoice is the blind family's (same seed, same lines and totals), its buyer drawn here (``blind-acheteur-{seed}``),
its truth in ``context["buyer_truth"]``. Seeds 123000–123749 are for tuning, 123750–123999 (HOLDOUT_FROM on) the
hold-out (measured, its misses never read).
"""

from __future__ import annotations

import random
import re

import invoice_generator_blind as blind
import invoice_generator_blind_parties as parties
from invoice_generator import Invoice
from invoice_generator_blind import RENDER, _buyer_tail, _e, _logo, _seller_block, module_draw
from invoice_generator_blind_buyer2 import _header, _lines_html

ACHETEUR_FROM = 123_000
ACHETEUR_TO = 123_999 + 1
HOLDOUT_FROM = 123_750
LAYOUTS = ("ach_norme_postale", "ach_ligne_client", "ach_service_premier", "ach_jumeaux", "ach_etranger", "ach_public")
#: French about half, the others alike.
WEIGHTS = (4, 1, 1, 1, 1)

#: Whom the mail is for inside the company, on the line under the name (or over it): an attention's form per
#: language (NF Z10-011 line 2, DIN 5008 « z. Hd. », Royal Mail « FAO », « c.a. », « A/A »), a department.
ATTENTION = {
    "fr": ["À l'attention de {}", "A l'att. de {}", "Att. {}"],
    "en": ["FAO {}", "For the attention of {}", "Attention: {}"],
    "de": ["z. Hd. {}", "z. H. {}", "zu Händen von {}"],
    "es": ["A/A {}", "A la att. de {}", "Att. {}"],
    "it": ["c.a. {}", "Alla cortese attenzione di {}", "Att.ne {}"],
}
DEPARTMENTS = {
    "fr": ["Service comptabilité fournisseurs", "Service comptabilité", "Direction financière", "Service achats",
           "Pôle administratif"],
    "en": ["Accounts Payable Department", "Accounts Payable", "Purchase Ledger", "Finance Office"],
    "de": ["Abteilung Rechnungsprüfung", "Finanzbuchhaltung", "Abt. Einkauf", "Rechnungswesen"],
    "es": ["Dpto. de Administración", "Departamento Financiero", "Contabilidad de proveedores"],
    "it": ["Ufficio Ragioneria", "Amministrazione e Finanza", "Ufficio Contabilità"],
}
#: A building's line and a locality's or a box's line (NF Z10-011 lines 3 and 5).
BUILDINGS = {
    "fr": ["Bâtiment {b} Résidence les Tilleuls", "Immeuble le Trident", "Entrée {b} Bâtiment {n}", "Parc d'activités du Moulin"],
    "en": ["Unit {n} Riverside Park", "{b} Block, Harbour House"],
    "de": ["Haus {b}", "Gebäude {n}"],
    "es": ["Edificio Luna, portal {n}", "Nave {n}"],
    "it": ["Palazzina {b}", "Centro Direzionale, scala {b}"],
}
LOCALITIES_FR = ["LIEU DIT LA FORGE", "LE BOURG", "HAMEAU DES VIGNES", "BP {n}", "CS {n}"]
#: The short labels before a buyer printed on one line (« Doit » is the old French invoice's word for the debtor).
INLINE_LABELS = {
    "fr": ["Doit", "Client", "Facturé à", "Acheteur"],
    "en": ["Sold to", "Customer", "Bill to"],
    "de": ["Kunde", "Rechnungsempfänger", "Käufer"],
    "es": ["Cliente", "Facturar a", "Comprador"],
    "it": ["Cliente", "Spett.le", "Intestatario"],
}
CUSTOMER_CODE = {"fr": "Code client", "en": "Customer code", "de": "Kundennummer", "es": "Código cliente",
                 "it": "Codice cliente"}
#: The twin blocks' small headings, when any: from, for.
TWIN_HEADS = {"fr": ("De", "Pour"), "en": ("From", "For"), "de": ("Von", "Für"), "es": ("De", "Para"), "it": ("Da", "Per")}
PHONE = {"fr": "Tél.", "en": "Tel.", "de": "Tel.", "es": "Tel.", "it": "Tel."}
VAT_WORD = {"fr": "N° TVA", "en": "VAT No.", "de": "USt-IdNr.", "es": "NIF-IVA", "it": "P. IVA"}
#: A foreign buyer's VAT line inside its block, per language of the page.
FOREIGN_VAT = {"fr": "TVA intracommunautaire : {}", "en": "VAT reg. no. {}", "de": "USt-IdNr. {}", "es": "NIF-IVA: {}",
               "it": "Partita IVA: {}"}
#: The posts whose postcode alone tells the country (Dutch, Portuguese, British, Irish shapes).
SHAPED = ("NL", "PT", "GB", "IE")
#: Public buyers: the institution's names, the lines under it, the platform's identifiers.
PUBLIC = {
    "fr": {"names": ["Commune de {t}", "Centre hospitalier de {t}", "Université de {t}", "Communauté d'agglomération de {t}",
                     "Lycée polyvalent Jean Moulin"],
           "under": ["Direction des finances", "Service de la commande publique"]},
    "en": {"names": ["{t} County Council", "{t} City Council", "Health Service Executive", "University of {t}"],
           "under": ["Accounts Payable", "Finance Department"]},
    "de": {"names": ["Stadt {t}", "Landratsamt {t}", "Universität {t}", "Kreisverwaltung {t}"],
           "under": ["Der Oberbürgermeister", "Amt für Hochbau", "Zentrale Rechnungseingangsstelle"]},
    "es": {"names": ["Ayuntamiento de {t}", "Diputación Provincial de {t}", "Universidad de {t}"],
           "under": ["Intervención General", "Área de Hacienda"]},
    "it": {"names": ["Comune di {t}", "Università degli Studi di {t}", "Provincia di {t}"],
           "under": ["Settore Ragioneria", "Ufficio Economato"]},
}
PUBLIC_STREETS = {
    "fr": ["{n} place de la Mairie", "{n} rue de l'Hôpital", "{n} avenue de l'Université"],
    "en": ["County Buildings, {n} Main Street", "{n} Civic Offices Road"],
    "de": ["Rathausplatz {n}", "Dr.-Külz-Ring {n}", "Am Schloss {n}"],
    "es": ["Plaza Mayor, {n}", "Calle del Ayuntamiento, {n}"],
    "it": ["Piazza del Municipio, {n}", "Via Roma, {n}"],
}


def _who(rng: random.Random, language: str) -> str:
    female = rng.random() < 0.5
    civility = rng.choice(parties.CIVILITY[language][0 if female else 1])
    given = rng.choice(parties.GIVEN[language][0 if female else 1])
    return f"{civility} {given} {rng.choice(parties.SURNAMES[language])}" if rng.random() < 0.5 else \
        f"{civility} {rng.choice(parties.SURNAMES[language])}"


def _base(rng: random.Random, language: str, *, abroad: bool | None = None, company: bool = False) -> dict:
    """The parties family's buyer (name, street, postcode and town), redrawn until it is at home or abroad as asked,
    a company if asked."""
    while True:
        party = parties._party(rng, language)
        home = party["country"] == blind.COUNTRY[language]
        if (abroad is None or abroad != home) and not (company and party["person"]):
            return party


#: The parties family's second address lines and boxes (« Étage {} », « Suite {} », « BP {} »), as patterns.
_NOT_STREET = re.compile("|".join(
    re.escape(form).replace(re.escape("{}"), r".+") for inner in parties.INNER.values()
    for form in (*inner["second"], *inner["box"])))


def _street_of(party: dict) -> str:
    """The party's street (not its building's, floor's or box's line)."""
    return next((line for line in party["address"] if not _NOT_STREET.fullmatch(line)), party["address"][0])


def _town_lines(party: dict) -> list[str]:
    return list(party["pc_lines"])


def _no_punctuation(text: str) -> str:
    """NF Z10-011 lines 4 to 6: letters, digits and spaces only, in capitals."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w ]", " ", text)).strip().upper()


def _norm_block(rng: random.Random, language: str) -> dict:
    """A window's block as the posts want it: name, whom or which service, building, street, locality or box, town,
    country abroad on its own last line in capitals."""
    party = _base(rng, language, company=rng.random() < 0.7)
    name, country = party["name"], party["country"]
    lines = [name]
    if not party["person"] and rng.random() < 0.7:
        lines.append(rng.choice(ATTENTION[language]).format(_who(rng, language)) if rng.random() < 0.5
                     else rng.choice(DEPARTMENTS[language]))
    address: list[str] = []
    if rng.random() < 0.4:
        address.append(rng.choice(BUILDINGS[language]).format(b=rng.choice("ABCD"), n=rng.randint(1, 12)))
    street = _street_of(party)
    french = country == "FR"
    address.append(_no_punctuation(street) if french and rng.random() < 0.8 else street)
    postcode, town = party["truth"]["postcode"], party["truth"]["city"]
    if french and rng.random() < 0.3:
        address.append(rng.choice(LOCALITIES_FR).format(n=rng.randint(10, 99999)))
    lines += address
    if french:
        town = town.upper() + (rng.choice(["", " CEDEX", f" CEDEX {rng.randint(1, 9)}"]) if rng.random() < 0.4 else "")
        lines.append(f"{postcode} {_no_punctuation(town)}")
    elif country == "GB":
        town = town.upper()
        lines += [town, postcode]
    else:
        pc_lines = [line.upper() for line in party["pc_lines"]]
        lines += pc_lines
    printed = country != blind.COUNTRY[language]
    if printed:
        lines.append(parties.COUNTRY_WORDS[country][language].upper())
    truth = {"name": name, "address_lines": address, "postcode": postcode, "city": _no_punctuation(town) if french else town,
             "country": country, "country_printed": printed}
    return {"lines": lines, "name": name, "truth": truth}


def _service_first(rng: random.Random, language: str) -> dict:
    """A company's block opening with its attention's or its department's line (one or both) over the name."""
    party = _base(rng, language, company=True)
    first = [rng.choice(DEPARTMENTS[language])] if rng.random() < 0.6 else []
    if not first or rng.random() < 0.4:
        first.append(rng.choice(ATTENTION[language]).format(_who(rng, language)))
    lines = [line for line in party["lines"] if not re.match(r"(?i)(?:à l'attention|attn|for the attention|z\. hd|zu händen|"
                                                               r"a la atención|att\.|alla c\.a|c\.a\.)", line)]
    at = lines.index(party["name"])
    lines[at:at] = first
    return {"lines": lines, "name": party["name"], "truth": party["truth"]}


def _vat_of(rng: random.Random, country: str) -> str:
    """A VAT number of ``country`` that python-stdnum accepts."""
    from stdnum.at import uid as at_uid
    from stdnum.be import vat as be_vat
    from stdnum.lu import tva as lu_tva

    own = {"FR": "fr", "IE": "en", "DE": "de", "ES": "es", "IT": "it"}
    if country in own:
        return blind.vat_id(own[country], rng)
    if country in ("GB", "NL", "PT", "CH"):
        return blind._foreign_vat(country, rng)
    while True:
        if country == "BE":
            body = f"0{rng.randint(10**8, 10**9 - 1)}"
            candidate, check = f"BE{body[:8]}{97 - int(body[:8]) % 97:02d}", be_vat
        elif country == "AT":
            candidate, check = f"ATU{rng.randint(10**7, 10**8 - 1)}", at_uid
        else:
            candidate, check = f"LU{rng.randint(10**7, 10**8 - 1)}", lu_tva
        if check.is_valid(candidate):
            return candidate


def _abroad(rng: random.Random, language: str) -> dict:
    """A foreign company's block with no country line: its VAT number (its prefix) or its postcode's shape says it."""
    party = _base(rng, language, abroad=True, company=True)
    while party["country"] == "CH":
        party = _base(rng, language, abroad=True, company=True)
    country = party["country"]
    printed = {party["printed"], (party["printed"] or "").upper()}
    keep = {party["name"], *party["address"], *party["pc_lines"]}
    # the name, the lines inside (a contact, a department: no digit), the address and the town; no country, no identifier
    lines = [line for line in party["lines"] if line in keep or (line not in printed and not re.search(r"\d|:", line))]
    if country not in SHAPED or rng.random() < 0.5:
        lines.append(FOREIGN_VAT[language].format(_vat_of(rng, country)))
    truth = {**party["truth"], "country_printed": True}
    return {"lines": lines, "name": party["name"], "truth": truth}


def _siret(rng: random.Random) -> str:
    from stdnum.fr import siret

    while True:
        candidate = "2" + blind.siren(rng)[1:]
        number = candidate + f"{rng.randint(10, 999):05d}"
        if siret.is_valid(number):
            return number


def _public(rng: random.Random, language: str) -> dict:
    """A public buyer at home, its service's line, and the platform's identifiers it asks its suppliers to print."""
    country = blind.COUNTRY[language]
    towns = parties.COUNTRIES[country][2]
    town = rng.choice(towns)
    spec = PUBLIC[language]
    name = rng.choice(spec["names"]).format(t=town)
    street = rng.choice(PUBLIC_STREETS[language]).format(n=rng.randint(1, 40))
    postcode = parties._postcode(rng, country)
    under = [rng.choice(spec["under"])] if rng.random() < 0.7 else []
    ids: list[str] = []
    if language == "fr":
        code = rng.choice(["SE-FIN", "COMPTA", "SERV", "DAF"]) + f"{rng.randint(1, 99):02d}"
        ids = [f"Service exécutant : {code}", f"N° d'engagement juridique : {rng.randint(10**9, 10**10 - 1)}",
               f"SIRET : {_siret(rng)}"]
        town_line = f"{postcode} {town.upper() if rng.random() < 0.5 else town}"
    elif language == "de":
        ids = [f"Leitweg-ID: {rng.randint(1, 16):02d}{rng.randint(100, 999)}000-{rng.choice(['AMT', 'RE', 'FB'])}"
               f"{rng.randint(10, 99)}-{rng.randint(10, 99)}"]
        town_line = f"{postcode} {town}"
    elif language == "it":
        code = "UF" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(4))
        ids = [f"Codice Univoco Ufficio: {code}", f"C.F. 8{rng.randint(10**9, 10**10 - 1)}",
               f"CIG: Z{rng.randint(10**8, 10**9 - 1)}"]
        town_line = f"{postcode} {town} ({parties.PROVINCES[town]})"
    elif language == "es":
        dir3 = f"L01{rng.randint(100000, 999999)}"
        ids = [f"Oficina contable: {dir3}", f"Órgano gestor: {dir3}", f"Unidad tramitadora: {dir3}"]
        town_line = f"{postcode} {town}"
    else:
        ids = [f"Purchase Order: PO{rng.randint(100000, 999999)}"]
        town_line = f"{town} {postcode}"
    lines = [name, *under, street, town_line]
    truth = {"name": name, "address_lines": [street], "postcode": postcode, "city": town, "country": country,
             "country_printed": False}
    return {"lines": lines, "name": name, "truth": truth, "ids": ids}


def _twin(rng: random.Random, language: str) -> dict:
    """A buyer whose block takes the seller's shape: name, street, town, phone, maybe its VAT number."""
    party = _base(rng, language, company=True)
    lines = [party["name"], *party["address"], *party["pc_lines"]]
    if party["printed"]:
        lines.append(party["printed"])
    lines.append(f"{PHONE[language]} 0{rng.randint(1, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
    return {"lines": lines, "name": party["name"], "truth": party["truth"], "country": party["country"]}


def _party(rng: random.Random, language: str, layout: str) -> dict:
    if layout == "ach_norme_postale":
        return _norm_block(rng, language)
    if layout == "ach_service_premier":
        return _service_first(rng, language)
    if layout == "ach_etranger":
        return _abroad(rng, language)
    if layout == "ach_public":
        return _public(rng, language)
    if layout == "ach_jumeaux":
        return _twin(rng, language)
    party = _base(rng, language)
    return {"lines": party["lines"], "name": party["name"], "truth": party["truth"], "party": party}


#: The buyer drawn for the invoice being rendered: set by :func:`make_invoice` around the family's.
_PENDING: dict = {}


def _window(ctx: dict, block: str) -> str:
    rng = _PENDING["rng"]
    where = f"margin:{rng.choice([10, 14, 18])}mm 0 0 {rng.choice([90, 100, 105])}mm;min-height:30mm"
    title = f'<h2 class="accent" style="margin-top:8mm">{_e(ctx["title"])}</h2>'
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx, big=True)}</td>
</tr></table><div style="{where}">{block}</div>{title}{_buyer_tail(ctx)}"""


def _layout_norme_postale(ctx: dict) -> str:
    """The block alone in the envelope's window, no heading, its lines as the posts want them."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    return _window(ctx, f"<div>{_lines_html(party['lines'], bold=party['name'] if rng.random() < 0.3 else '')}</div>")


def _layout_ligne_client(ctx: dict) -> str:
    """A customer's code, then the buyer on one line after a short label, under the letterhead."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    language, whole = ctx["language"], party["party"]
    sep = rng.choice([" – ", " - ", ", ", " · "])
    parts = [whole["name"], *whole["address"], " ".join(whole["pc_lines"])]
    if whole["printed"]:
        parts.append(whole["printed"])
    label = rng.choice(INLINE_LABELS[language])
    colon = " : " if language == "fr" else ": "
    code = (f'<div class="muted">{_e(CUSTOMER_CODE[language])}{colon}{_e(ctx["customer"])}</div>'
            if rng.random() < 0.6 else "")
    line = f'<div>{_e(label)}{colon}{_e(sep.join(parts))}</div>'
    return f"""{_header(ctx)}<div style="margin-top:8mm">{code}{line}</div>{_buyer_tail(ctx)}"""


def _layout_service_premier(ctx: dict) -> str:
    """The block opening with its department's or attention's line, under a heading or none, right or left."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    heading = parties._heading(rng, ctx["language"]) if rng.random() < 0.5 else ""
    head = f'<div class="strong">{_e(heading)}</div>' if heading else ""
    block = f"<div>{head}{_lines_html(party['lines'], bold=party['name'] if rng.random() < 0.4 else '')}</div>"
    if not heading and rng.random() < 0.5:
        return _window(ctx, block)
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.5 else "margin-top:8mm;width:55%"
    return f"""{_header(ctx)}<div style="{where}">{block}</div>{_buyer_tail(ctx)}"""


def _layout_jumeaux(ctx: dict) -> str:
    """The seller's block and the buyer's side by side with the same shape, no heading or « De » / « Pour »."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    language, place = ctx["language"], ctx["place"]
    seller = [ctx["legal_name"], ctx["seller_street"], f"{place[0]} {place[1]}", f"{PHONE[language]} {ctx['phone']}"]
    buyer = list(party["lines"])
    if rng.random() < 0.5:
        if ctx["seller_vat"]:
            seller.append(f"{VAT_WORD[language]} {ctx['seller_vat']}")
        buyer.append(f"{VAT_WORD[language]} {_vat_of(rng, party['country'])}")
    heads = TWIN_HEADS[language] if rng.random() < 0.4 else ("", "")
    cells = [(heads[0], seller, ctx["legal_name"]), (heads[1], buyer, party["name"])]
    if rng.random() < 0.3:
        cells.reverse()
    html = "".join(
        f'<td style="vertical-align:top;width:50%">{f"<div class=muted>{_e(h)}</div>" if h else ""}'
        f'{_lines_html(lines, bold=bold)}</td>' for h, lines, bold in cells)
    title = f'<h2 class="accent" style="margin-top:8mm">{_e(ctx["title"])}</h2>'
    return f"""{_logo(ctx)}<table style="width:100%;margin-top:4mm"><tr>{html}</tr></table>{title}{_buyer_tail(ctx)}"""


def _layout_etranger(ctx: dict) -> str:
    """A foreign buyer's block, no country line, under a heading or in the window."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    if rng.random() < 0.5:
        return _window(ctx, f"<div>{_lines_html(party['lines'])}</div>")
    heading = parties._heading(rng, ctx["language"])
    block = f'<div><div class="strong">{_e(heading)}</div>{_lines_html(party["lines"])}</div>'
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.5 else "margin-top:8mm;width:55%"
    return f"""{_header(ctx)}<div style="{where}">{block}</div>{_buyer_tail(ctx)}"""


def _layout_public(ctx: dict) -> str:
    """A public buyer's block, its platform's identifiers inside it under the town, or apart beside the block."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    lines, ids = party["lines"], party["ids"]
    if rng.random() < 0.5:
        block = f"<div>{_lines_html([*lines, *ids])}</div>"
        return _window(ctx, block) if rng.random() < 0.5 else \
            f"""{_header(ctx)}<div style="margin:8mm 0 0 95mm">{block}</div>{_buyer_tail(ctx)}"""
    heading = parties._heading(rng, ctx["language"]) if rng.random() < 0.6 else ""
    head = f'<div class="strong">{_e(heading)}</div>' if heading else ""
    side = "<br>".join(_e(i) for i in ids)
    return f"""{_header(ctx)}<table style="width:100%;margin-top:8mm"><tr><td style="vertical-align:top;width:50%">
<div class="muted" style="font-size:0.9em">{side}</div></td><td style="vertical-align:top">{head}{_lines_html(lines)}</td>
</tr></table>{_buyer_tail(ctx)}"""


RENDER.update({"ach_norme_postale": _layout_norme_postale, "ach_ligne_client": _layout_ligne_client,
               "ach_service_premier": _layout_service_premier, "ach_jumeaux": _layout_jumeaux,
               "ach_etranger": _layout_etranger, "ach_public": _layout_public})


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> Invoice:
    """The invoice of ``seed`` (in [ACHETEUR_FROM, ACHETEUR_TO)): the blind family's, with a buyer of this module."""
    drawn_layout, drawn_language = module_draw("acheteur", seed, LAYOUTS, WEIGHTS)
    layout, language = layout or drawn_layout, language or drawn_language
    draws = random.Random(f"blind-acheteur-block-{seed}")  # not the stream module_draw drew the layout from
    return parties.invoice_with(seed, language, layout, _party(draws, language, layout), draws, _PENDING)
