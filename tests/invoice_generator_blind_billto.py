"""The buyer's block among the blocks of a billing page (issue 13, branch buyer-14): blind seeds 116000–116999.

What the other buyer families never draw: three blocks in a row at the top of the page (the seller's, the billing
address's and the shipping address's, the shipping one at the left of the billing one or at its right), their
headings the ones invoicing software prints (« Facturer à » / « Expédier à », « Bill to » / « Delivery address »,
« Rechnungsempfänger » / « Versand an », « Cobrar a » / « Enviar a », « Fattura a » / « Invia a »: Invoice Ninja's and
InvoiceShelf's translation files); an institution's block reached by a post office box (« BP », « CS », « TSA »,
« Postfach », « Apartado de Correos ») and a French « CEDEX » with its office number after the town; a buyer of a
country far from the seller's (United States, Canada, Poland, Sweden, Denmark, Czechia, Norway, Monaco) whose postcode
has its own shape (« Austin, TX 78701 », « H2X 1Y4 », « 00-950 », « 114 55 ») and whose block always ends with the
country's name in the page's language; a company's long name cut over two lines by the block's width.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [BILLTO_FROM, BILLTO_TO) by a lazy import; the
invoice is the blind family's (same seed, same lines and totals), its buyer drawn here (``blind-billto-block-{seed}``).
Seeds 116000–116749 are for tuning, 116750–116999 the hold-out (measured, its misses never read).
"""

from __future__ import annotations

import random

import invoice_generator_blind_parties as parties
from invoice_generator import Invoice
from invoice_generator_blind import RENDER, _buyer_tail, _e, _logo, _seller_block, module_draw
from invoice_generator_blind_buyer2 import _header, _lines_html

BILLTO_FROM = 116_000
BILLTO_TO = 116_999 + 1
LAYOUTS = ("bt_trois_blocs", "bt_boite_postale", "bt_lointain", "bt_nom_long")
#: French about half, the others alike.
WEIGHTS = (4, 1, 1, 1, 1)

#: The billing block's and the shipping block's headings (Invoice Ninja's lang/*/texts.php « invoice_to »,
#: « billing_address », « ship_to »; InvoiceShelf's lang/*.json « bill_to », « ship_to », « shipping_address »), but
#: those the never-tuned family prints (an English delivery heading of another software's).
BILL = {
    "fr": ["Facturer à", "Facture pour"],
    "en": ["Bill to", "Invoice to"],
    "de": ["Rechnungsempfänger", "Rechnung an"],
    "es": ["Cobrar a", "Factura para"],
    "it": ["Fattura a", "Indirizzo di Fatturazione"],
}
SHIP = {
    "fr": ["Expédier à", "Envoyez à"],
    "en": ["Delivery address"],
    "de": ["Versand an", "Liefern an", "Versand-Adresse"],
    "es": ["Enviar a", "Envie a"],
    "it": ["Invia a", "Spedire a", "Indirizzo di Spedizione"],
}
#: A post office box per country's post, with the postcode of the box's office and its town.
BOXES = {
    "fr": (["BP {n}", "B.P. {n}", "CS {n}", "TSA {n}"], "FR"),
    "en": (["PO Box {n}", "P.O. Box {n}"], "IE"),
    "de": (["Postfach {n}"], "DE"),
    "es": (["Apartado de Correos {n}", "Apdo. {n}"], "ES"),
    "it": (["Casella Postale {n}", "C.P. {n}"], "IT"),
}
#: Countries far from the page's: postcode and town lines as their posts print them, a street, the country's name
#: per language of the page (CLDR's names).
FAR = {
    "US": ([("Austin", "TX", "78701"), ("Denver", "CO", "80202"), ("Portland", "OR", "97204")],
           ["{n} Congress Avenue", "{n} Market Street, Suite 400", "{n} Main St."],
           {"fr": "États-Unis", "en": "United States", "de": "Vereinigte Staaten", "es": "Estados Unidos",
            "it": "Stati Uniti"}),
    "CA": ([("Montréal", "QC", "H2X 1Y4"), ("Toronto", "ON", "M5H 2N2"), ("Québec", "QC", "G1R 4P5")],
           ["{n}, rue Sainte-Catherine Ouest", "{n} King Street West", "{n}, boulevard René-Lévesque"],
           {"fr": "Canada", "en": "Canada", "de": "Kanada", "es": "Canadá", "it": "Canada"}),
    "PL": ([("Warszawa", "", "00-950"), ("Kraków", "", "31-042"), ("Gdańsk", "", "80-831")],
           ["ul. Marszałkowska {n}", "ul. Długa {n}", "al. Jerozolimskie {n}"],
           {"fr": "Pologne", "en": "Poland", "de": "Polen", "es": "Polonia", "it": "Polonia"}),
    "SE": ([("Stockholm", "", "114 55"), ("Göteborg", "", "411 04"), ("Malmö", "", "211 20")],
           ["Storgatan {n}", "Drottninggatan {n}"],
           {"fr": "Suède", "en": "Sweden", "de": "Schweden", "es": "Suecia", "it": "Svezia"}),
    "DK": ([("Odense", "", "5000"), ("Aalborg", "", "9000"), ("Vejle", "", "7100")],
           ["Vestergade {n}", "Nørregade {n}"],
           {"fr": "Danemark", "en": "Denmark", "de": "Dänemark", "es": "Dinamarca", "it": "Danimarca"}),
    "CZ": ([("Brno", "", "602 00"), ("Plzeň", "", "301 00"), ("Olomouc", "", "779 00")],
           ["Masarykova {n}", "Náměstí Svobody {n}"],
           {"fr": "Tchéquie", "en": "Czechia", "de": "Tschechien", "es": "Chequia", "it": "Cechia"}),
    "NO": ([("Bergen", "", "5003"), ("Trondheim", "", "7011"), ("Stavanger", "", "4006")],
           ["Strandgaten {n}", "Kongens gate {n}"],
           {"fr": "Norvège", "en": "Norway", "de": "Norwegen", "es": "Noruega", "it": "Norvegia"}),
    "MC": ([("Monaco", "", "98000")], ["{n} boulevard des Moulins", "{n}, avenue de la Costa"],
           {"fr": "Monaco", "en": "Monaco", "de": "Monaco", "es": "Mónaco", "it": "Monaco"}),
}
FAR_FORMS = {"US": ["Inc.", "LLC", "Corp."], "CA": ["Inc.", "Ltée", "Ltd"], "PL": ["Sp. z o.o.", "S.A."],
             "SE": ["AB"], "DK": ["ApS", "A/S"], "CZ": ["s.r.o.", "a.s."], "NO": ["AS", "ASA"], "MC": ["SAM", "SARL"]}
FAR_NAMES = ["Northwind", "Bluefield", "Aurora", "Cedar", "Kestrel", "Polaris", "Harbor", "Summit", "Lumen", "Vistula"]
#: A long name's parts, cut where the block's width cuts it (the first line, then the rest).
LONG_NAMES = {
    "fr": [("Société Coopérative Agricole", "du Val de {s}"), ("Association Départementale pour", "la Formation des Artisans"),
           ("Groupement d'Intérêt Économique", "des Pharmacies {s}"), ("Syndicat Intercommunal", "des Eaux de la Vallée")],
    "en": [("Northern Regional Health", "and Social Care Partnership"), ("{s} Brothers Engineering", "and Fabrication Services")],
    "de": [("Genossenschaftliche Einkaufsgesellschaft", "der Bäcker {s} eG"), ("Zweckverband Abwasserbeseitigung",
                                                                                "und Gewässerschutz {s}tal")],
    "es": [("Sociedad Cooperativa Agraria", "Virgen del {s}"), ("Asociación Provincial de", "Empresarios de Hostelería")],
    "it": [("Consorzio di Bonifica", "della Pianura {s}"), ("Cooperativa Sociale di", "Servizi alla Persona {s}")],
}


def _far_party(rng: random.Random, language: str) -> dict:
    """A company of a country far from the page's, its block closed by the country's name."""
    country = rng.choice(sorted(FAR))
    towns, streets, words = FAR[country]
    town, region, postcode = rng.choice(towns)
    street = rng.choice(streets).format(n=rng.randint(2, 980))
    name = f"{rng.choice(FAR_NAMES)} {rng.choice(['Systems', 'Trading', 'Labs', 'Logistics', 'Foods'])} {rng.choice(FAR_FORMS[country])}"
    if country == "US":
        town_line = f"{town}, {region} {postcode}"
    elif country == "CA":
        town_line = f"{town} ({region}) {postcode}" if rng.random() < 0.5 else f"{town} {region} {postcode}"
    else:
        town_line = f"{postcode} {town}"
    word = words[language]
    lines = [name, street, town_line, word.upper() if rng.random() < 0.5 else word]
    truth = {"name": name, "address_lines": [street], "postcode": postcode, "city": town, "country": country,
             "country_printed": True}
    return {"lines": lines, "name": name, "truth": truth}


def _box_party(rng: random.Random, language: str) -> dict:
    """An institution reached by a post office box: the box's line, maybe a street over it, the box office's town (a
    French « CEDEX » and its office number after it)."""
    party = parties._party(rng, language)
    forms, country = BOXES[language]
    if party["country"] != country:
        return party
    box = rng.choice(forms).format(n=rng.choice([rng.randint(10, 9999), f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"])
                                   if language == "de" else rng.randint(10, 99999))
    truth = dict(party["truth"])
    address = [box] if rng.random() < 0.5 else [party["address"][0], box]
    town, town_lines = truth["city"], list(party["pc_lines"])
    if language == "fr" and rng.random() < 0.7:
        town = f"{town.upper() if rng.random() < 0.6 else town} Cedex{rng.choice(['', f' {rng.randint(1, 20):02d}', f' {rng.randint(1, 9)}'])}"
        town_lines = [f"{truth['postcode']} {town}"]
    lines = list(party["lines"])
    first = lines.index(party["address"][0])
    after = lines.index(party["pc_lines"][0])
    lines[first:after + len(party["pc_lines"])] = [*address, *town_lines]
    truth.update(address_lines=address, city=town)
    return {**party, "lines": lines, "truth": truth, "address": address}


def _long_party(rng: random.Random, language: str) -> dict:
    """A company whose long name the block's width cuts over two lines."""
    party = parties._party(rng, language)
    while party["person"]:
        party = parties._party(rng, language)
    first, rest = rng.choice(LONG_NAMES[language])
    surname = rng.choice(parties.SURNAMES[language])
    first, rest = first.format(s=surname), rest.format(s=surname)
    name = f"{first} {rest}"
    lines = list(party["lines"])
    at = lines.index(party["name"])
    lines[at:at + 1] = [first, rest]
    return {**party, "lines": lines, "name": name, "truth": {**party["truth"], "name": name}, "person": False}


def _party(rng: random.Random, language: str, layout: str) -> dict:
    if layout == "bt_lointain":
        return _far_party(rng, language)
    if layout == "bt_boite_postale":
        return _box_party(rng, language)
    if layout == "bt_nom_long":
        return _long_party(rng, language)
    return parties._party(rng, language)


#: The buyer drawn for the invoice being rendered: set by :func:`make_invoice` around the family's.
_PENDING: dict = {}


def _headed(heading: str, lines: list[str], bold: str = "") -> str:
    return f'<div><div class="strong">{_e(heading)}</div>{_lines_html(lines, bold)}</div>'


def _layout_trois_blocs(ctx: dict) -> str:
    """The seller's block, the billing block and the shipping block in a row at the top; the title under them."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    language = ctx["language"]
    other = parties._party(rng, language)
    ship_lines = other["lines"] if rng.random() < 0.5 else [party["name"], *other["lines"][-len(other["pc_lines"]) - 1:]]
    bill = _headed(rng.choice(BILL[language]), party["lines"], bold=party["name"] if rng.random() < 0.5 else "")
    ship = _headed(rng.choice(SHIP[language]), ship_lines)
    pair = [bill, ship] if rng.random() < 0.6 else [ship, bill]
    seller = f"{_logo(ctx)}{_seller_block(ctx)}" if rng.random() < 0.5 else _seller_block(ctx)
    cell = 'style="vertical-align:top;width:33%;padding-right:3mm"'
    title = f'<h2 class="accent" style="margin-top:8mm">{_e(ctx["title"])}</h2>'
    return f"""<table style="width:100%;font-size:0.92em"><tr><td {cell}>{seller}</td><td {cell}>{pair[0]}</td>
<td {cell}>{pair[1]}</td></tr></table>{title}{_buyer_tail(ctx)}"""


def _layout_window_or_headed(ctx: dict) -> str:
    """The block in an envelope's window with no heading, or under a billing heading, at the right or the left."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    lines = party["lines"]
    if rng.random() < 0.5:
        block = _headed(rng.choice(BILL[ctx["language"]]), lines)
    else:
        block = f"<div>{_lines_html(lines, bold=party['name'] if rng.random() < 0.4 else '')}</div>"
    where = f"margin:{rng.choice([8, 12])}mm 0 0 {rng.choice([90, 100])}mm" if rng.random() < 0.6 else "margin-top:8mm;width:55%"
    return f"""{_header(ctx)}<div style="{where}">{block}</div>{_buyer_tail(ctx)}"""


RENDER.update({"bt_trois_blocs": _layout_trois_blocs, "bt_boite_postale": _layout_window_or_headed,
               "bt_lointain": _layout_window_or_headed, "bt_nom_long": _layout_window_or_headed})


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> Invoice:
    """The invoice of ``seed`` (in [BILLTO_FROM, BILLTO_TO)): the blind family's, with a buyer's block of this module."""
    drawn_layout, drawn_language = module_draw("billto", seed, LAYOUTS, WEIGHTS)
    layout, language = layout or drawn_layout, language or drawn_language
    draws = random.Random(f"blind-billto-block-{seed}")  # not the stream module_draw drew the layout from
    return parties.invoice_with(seed, language, layout, _party(draws, language, layout), draws, _PENDING)
