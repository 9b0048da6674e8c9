"""The buyer's whole block, however the page sets it (issue 13, branch buyer-13e): blind seeds 96000–97999.

What ``guichet convert`` without a dossier needs of the buyer (BT-44, BG-8, BT-55) as invoices print it: a block under
a heading composed of parts drawn apart (a role's noun, a frame « Coordonnées du … », « … details », « Daten des … », a
participle with its preposition « Établi pour », « Invoiced to », colon or none, capitals or not), a heading of a role
the rules were never told of (« Commanditaire », « Mieter », « Conduttore »); a block with no heading in an envelope's
window (right, or left under a DIN 5008 sender line); a grid « Client | Adresse » (a header row over the values, or a
label column beside them); one line with separators; a billing block beside a delivery or site block of another name;
the block beside the title and dates while the seller is only in the footer. The block's lines are drawn from parts:
a person (civility or not, on the name's line or its own) or a company (legal form before, after or none), a care-of,
attention or department line, a street of the country's pattern, a second address line, a post office box, the
postcode and town in the country's order (prefix or not, province or not), a country line in the page's language,
the buyer's VAT number or customer number inside the block. ``context["buyer_truth"]`` holds the block's truth.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [PARTIES_FROM, PARTIES_TO) by a lazy import;
the invoice is the blind family's (same seed, same lines and totals), its buyer drawn here (``blind-parties-{seed}``).
Seeds 96000–97499 are for tuning, 97500–97999 the hold-out (``bench_readings.py --part blind --start 97500``).
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator import LANGUAGES, Invoice
from invoice_generator_blind import LABELS, RENDER, _buyer_tail, _e, _logo, _seller_block, _seller_lines

PARTIES_FROM = 96_000
PARTIES_TO = 98_000
LAYOUTS = ("bloc_titre", "fenetre_nue", "grille_adresse", "ligne_seule", "facturation_site", "pres_du_titre")
#: French about half, the others alike.
WEIGHTS = (4, 1, 1, 1, 1)

#: A role's noun with its article, the frames that make a heading of it, and a participle with its prepositions.
ROLES = {
    "fr": [("Client", "du client"), ("Destinataire", "du destinataire"), ("Commanditaire", "du commanditaire"),
           ("Maître d'ouvrage", "du maître d'ouvrage"), ("Preneur", "du preneur"), ("Adhérent", "de l'adhérent"),
           ("Locataire", "du locataire"), ("Mandant", "du mandant"), ("Acheteur", "de l'acheteur"),
           ("Bénéficiaire", "du bénéficiaire")],
    "en": [("Customer", "customer"), ("Client", "client"), ("Recipient", "recipient"), ("Purchaser", "purchaser"),
           ("Account holder", "account holder"), ("Member", "member"), ("Tenant", "tenant"), ("Principal", "principal"),
           ("Buyer", "buyer")],
    "de": [("Kunde", "des Kunden"), ("Empfänger", "des Empfängers"), ("Auftraggeber", "des Auftraggebers"),
           ("Besteller", "des Bestellers"), ("Käufer", "des Käufers"), ("Mieter", "des Mieters"),
           ("Mitglied", "des Mitglieds"), ("Leistungsempfänger", "des Leistungsempfängers")],
    "es": [("Cliente", "del cliente"), ("Destinatario", "del destinatario"), ("Comprador", "del comprador"),
           ("Adquirente", "del adquirente"), ("Receptor", "del receptor"), ("Titular", "del titular"),
           ("Socio", "del socio"), ("Arrendatario", "del arrendatario")],
    "it": [("Cliente", "del cliente"), ("Destinatario", "del destinatario"), ("Committente", "del committente"),
           ("Acquirente", "dell'acquirente"), ("Cessionario", "del cessionario"), ("Intestatario", "dell'intestatario"),
           ("Socio", "del socio"), ("Conduttore", "del conduttore")],
}
FRAMES = {
    "fr": ["Coordonnées {a}", "Adresse {a}", "Identité {a}", "Informations {a}", "Nom et adresse {a}"],
    "en": ["{n} details", "{n} address", "{n} information", "{n} name and address", "Details of {n}"],
    "de": ["Daten {a}", "Anschrift {a}", "Angaben {a}", "Name und Anschrift {a}"],
    "es": ["Datos {a}", "Dirección {a}", "Domicilio {a}", "Nombre y dirección {a}"],
    "it": ["Dati {a}", "Indirizzo {a}", "Recapito {a}", "Nome e indirizzo {a}"],
}
PARTICIPLES = {
    "fr": (["Facturé", "Adressé", "Établi", "Émis", "Destiné", "Envoyé"], ["à", "pour"]),
    "en": (["Billed", "Invoiced", "Charged", "Raised", "Prepared", "Addressed"], ["to", "for"]),
    "de": (["Rechnung", "Ausgestellt", "Erstellt", "Adressiert", "Gerichtet"], ["an", "für"]),
    "es": (["Facturado", "Emitida", "Expedida", "Dirigida", "Preparada"], ["a", "para"]),
    "it": (["Fatturato", "Emessa", "Intestata", "Indirizzata", "Preparata"], ["a", "per"]),
}
#: A delivery's or a site's heading: a frame and a place's noun.
SITES = {
    "fr": (["Adresse de", "Lieu de", "Site de"], ["livraison", "intervention", "pose", "expédition"]),
    "en": (["", "Site of", "Place of"], ["Delivery address", "Shipping point", "Works site", "Installation address"]),
    "de": (["", ""], ["Lieferstelle", "Anlieferort", "Baustelle", "Einsatzort", "Leistungsort"]),
    "es": (["Dirección de", "Lugar de"], ["entrega", "montaje", "instalación", "envío"]),
    "it": (["Indirizzo di", "Luogo di"], ["consegna", "destinazione", "installazione", "posa"]),
}
#: The grid's column labels: the name's, the address's, the town's and the country's.
GRID = {
    "fr": (["Client", "Nom client", "Raison sociale", "Destinataire"], ["Adresse", "Adresse postale", "Rue"],
           ["CP Ville", "Code postal / Ville", "Localité"], ["Pays"]),
    "en": (["Customer", "Customer name", "Company", "Recipient"], ["Address", "Street", "Postal address"],
           ["Postcode / Town", "Town", "City / Postcode"], ["Country"]),
    "de": (["Kunde", "Kundenname", "Firma", "Empfänger"], ["Adresse", "Straße", "Anschrift"],
           ["PLZ Ort", "PLZ / Ort", "Ort"], ["Land"]),
    "es": (["Cliente", "Nombre", "Razón social", "Destinatario"], ["Dirección", "Domicilio", "Calle"],
           ["C.P. / Localidad", "Población", "Código postal"], ["País"]),
    "it": (["Cliente", "Ragione sociale", "Nominativo", "Destinatario"], ["Indirizzo", "Via", "Sede"],
           ["CAP / Comune", "Località", "Città"], ["Paese", "Nazione"]),
}
#: Lines inside the block: a contact, a care-of, a department, a second address line, a post office box.
INNER = {
    "fr": {"attn": ["À l'attention de {}", "Attn. {}"], "co": ["c/o {}", "chez {}"],
           "dept": ["Service", "Direction", "Pôle"], "dept_of": ["comptabilité", "achats", "fournisseurs", "technique"],
           "second": ["Bâtiment {}", "Bât. {}", "Étage {}", "Escalier {}", "Résidence du Parc, apt {}"],
           "box": ["BP {}", "CS {}"], "customer": ["Réf. client : {}", "Compte : {}"], "vat": ["TVA : {}", "N° TVA intracom. : {}"]},
    "en": {"attn": ["Attn: {}", "For the attention of {}"], "co": ["c/o {}"],
           "dept": ["Accounts", "Purchasing", "Finance"], "dept_of": ["Department", "Office", "Team"],
           "second": ["Suite {}", "Floor {}", "Unit {}", "Building {}"],
           "box": ["PO Box {}"], "customer": ["Account ref: {}", "Cust. no: {}"], "vat": ["VAT: {}", "VAT reg.: {}"]},
    "de": {"attn": ["z. Hd. {}", "Zu Händen {}"], "co": ["c/o {}", "bei {}"],
           "dept": ["Abt.", "Abteilung", "Bereich"], "dept_of": ["Buchhaltung", "Einkauf", "Kreditoren", "Verwaltung"],
           "second": ["Gebäude {}", "{}. OG", "Haus {}", "Eingang {}"],
           "box": ["Postfach {}"], "customer": ["Kd.-Nr.: {}", "Kundenkonto: {}"], "vat": ["USt-IdNr.: {}", "UID: {}"]},
    "es": {"attn": ["A la atención de {}", "Att.: {}"], "co": ["c/o {}"],
           "dept": ["Dpto.", "Departamento de", "Área de"], "dept_of": ["Administración", "Compras", "Contabilidad"],
           "second": ["Planta {}", "Local {}", "Nave {}", "Oficina {}"],
           "box": ["Apartado {}"], "customer": ["Ref. cliente: {}", "Cuenta: {}"], "vat": ["C.I.F.: {}", "N.I.F.: {}"]},
    "it": {"attn": ["Alla c.a. di {}", "c.a. {}"], "co": ["c/o {}", "presso {}"],
           "dept": ["Ufficio", "Reparto", "Area"], "dept_of": ["Amministrazione", "Acquisti", "Contabilità"],
           "second": ["Scala {}", "Piano {}", "Interno {}", "Palazzina {}"],
           "box": ["Casella Postale {}"], "customer": ["Rif. cliente: {}", "Conto: {}"], "vat": ["P.IVA: {}", "Partita IVA {}"]},
}
#: Words of a company's name and of a person's, drawn apart and put together.
COMPANY_WORDS = {
    "fr": ["Boulangerie", "Cabinet", "Garage", "Atelier", "Pharmacie", "Menuiserie", "Transports", "Hôtel", "Agence",
           "Studio", "Ferme", "Imprimerie", "Librairie", "Laboratoire", "Charcuterie"],
    "en": ["Bakery", "Dental Care", "Motors", "Joinery", "Pharmacy", "Haulage", "Design", "Consulting", "Farm",
           "Printing", "Books", "Veterinary"],
    "de": ["Bäckerei", "Kanzlei", "Autohaus", "Schreinerei", "Apotheke", "Spedition", "Praxis", "Druckhaus",
           "Hofladen", "Buchhandlung", "Metzgerei"],
    "es": ["Panadería", "Gestoría", "Talleres", "Carpintería", "Farmacia", "Transportes", "Estudio", "Imprenta",
           "Librería", "Clínica", "Bodegas"],
    "it": ["Panificio", "Studio", "Autofficina", "Falegnameria", "Farmacia", "Autotrasporti", "Agenzia", "Tipografia",
           "Libreria", "Ambulatorio", "Cantina"],
}
SURNAMES = {
    "fr": ["Morel", "Guérin", "Faure", "Rolland", "Giraud", "Picard", "Brunet", "Chevalier", "Lemoine", "Masson",
           "Noël", "Collet", "Huet", "Baron"],
    "en": ["Fitzgerald", "Brennan", "Hughes", "Clarke", "Moran", "Carroll", "Dunne", "Lynch", "Nolan", "Shaw"],
    "de": ["Zimmermann", "Hartmann", "Lange", "Schmitt", "Werner", "Krüger", "Meier", "Köhler", "Franke", "Berger"],
    "es": ["Romero", "Sanz", "Herrera", "Ramos", "Iglesias", "Vázquez", "Cano", "Prieto", "Lozano", "Gil"],
    "it": ["Conti", "De Luca", "Mancini", "Lombardi", "Moretti", "Barbieri", "Fontana", "Rinaldi", "Caruso", "Ferri"],
}
GIVEN = {
    "fr": (["Camille", "Élodie", "Sandrine", "Manon", "Inès"], ["Olivier", "Romain", "Yannick", "Bruno", "Karim"]),
    "en": (["Siobhan", "Clodagh", "Emma", "Grace"], ["Eoin", "Padraig", "Liam", "Ronan"]),
    "de": (["Anke", "Birgit", "Petra", "Jana"], ["Dirk", "Holger", "Stefan", "Malte"]),
    "es": (["Carmen", "Rocío", "Pilar", "Nuria"], ["Sergio", "Álvaro", "Raúl", "Iñaki"]),
    "it": (["Federica", "Elena", "Silvia", "Paola"], ["Davide", "Stefano", "Riccardo", "Fabio"]),
}
#: A civility per language (feminine, masculine), as printed before a private buyer's name.
CIVILITY = {"fr": (["Mme", "Madame"], ["M.", "Monsieur"]), "en": (["Ms", "Mrs"], ["Mr"]),
            "de": (["Frau"], ["Herr", "Herrn"]), "es": (["Sra.", "Dña."], ["Sr.", "D."]), "it": (["Sig.ra", "Gent.ma"], ["Sig.", "Egr."])}
FORMS = {"FR": ["SARL", "SAS", "EURL", "SA"], "IE": ["Ltd", "Limited"], "GB": ["Ltd", "Limited", "LLP"],
         "DE": ["GmbH", "KG", "AG"], "AT": ["GmbH", "OG"], "CH": ["AG", "GmbH", "SA"], "ES": ["S.L.", "S.A."],
         "IT": ["S.r.l.", "S.p.A.", "S.n.c."], "BE": ["SRL", "BV", "NV"], "NL": ["B.V."], "LU": ["S.à r.l.", "S.A."],
         "PT": ["Lda.", "S.A."]}
#: Countries: the name's language, a postcode's shape (# a digit, @ a letter), towns (with an Italian province or a
#: Spanish one), the street's pattern, the postal prefix some print, the country's name per language of the page.
COUNTRIES = {
    "FR": ("fr", "#####", ["Lorient", "Rennes", "Grenoble", "Dijon", "Orléans", "Mulhouse", "Brest", "Nancy"], "F"),
    "IE": ("en", "", ["Sligo", "Athlone", "Tralee", "Dundalk", "Ennis"], ""),
    "GB": ("en", "", ["Leeds", "Bristol", "Norwich", "York", "Cardiff", "Exeter"], ""),
    "DE": ("de", "#####", ["Dresden", "Hannover", "Mainz", "Augsburg", "Bremen", "Kiel", "Münster"], "D"),
    "AT": ("de", "####", ["Linz", "Innsbruck", "Klagenfurt", "Villach", "Wels"], "A"),
    "CH": ("de", "####", ["Basel", "Luzern", "St. Gallen", "Winterthur", "Lausanne"], "CH"),
    "ES": ("es", "#####", ["Burgos", "Córdoba", "Gijón", "Santander", "Logroño", "Cáceres"], "E"),
    "IT": ("it", "#####", ["Brescia", "Parma", "Lecce", "Cremona", "Ancona", "Pisa"], "I"),
    "BE": ("fr", "####", ["Namur", "Mons", "Gent", "Leuven", "Charleroi"], "B"),
    "NL": ("en", "#### @@", ["Haarlem", "Zwolle", "Leiden", "Breda", "Arnhem"], "NL"),
    "LU": ("fr", "####", ["Differdange", "Ettelbruck", "Dudelange"], "L"),
    "PT": ("es", "####-###", ["Braga", "Faro", "Aveiro", "Évora"], "P"),
}
PROVINCES = {"Brescia": "BS", "Parma": "PR", "Lecce": "LE", "Cremona": "CR", "Ancona": "AN", "Pisa": "PI"}
#: The country's name per language of the page: the family's, and the United Kingdom's.
COUNTRY_WORDS = {**{code: spec["words"] for code, spec in blind.ABROAD.items()},
                 "GB": {"fr": "Royaume-Uni", "en": "United Kingdom", "de": "Großbritannien", "es": "Reino Unido",
                        "it": "Regno Unito"}}
#: A street's parts per country: patterns ({n} the number, {w} a type, {s} a name) and the types and names.
STREET_PARTS = {
    "FR": (["{n} {w} {s}", "{n}, {w} {s}", "{n} bis {w} {s}"], ["rue", "avenue", "boulevard", "chemin", "allée", "place"],
           ["des Acacias", "Victor Hugo", "du Général Leclerc", "de la Gare", "Pasteur", "des Écoles", "du Moulin"]),
    "BE": (["{w} {s} {n}", "{s}straat {n}"], ["Rue", "Avenue", "Chaussée"], ["de Namur", "Royale", "Louise", "Kerk"]),
    "LU": (["{n}, {w} {s}"], ["rue", "avenue", "route"], ["de la Libération", "Principale", "de Luxembourg"]),
    "IE": (["{n} {s} {w}", "Unit {n}, {s} {w}"], ["Street", "Road", "Avenue", "Quay"], ["Wine", "Castle", "Bridge", "Church"]),
    "GB": (["{n} {s} {w}", "Flat {n}, {s} {w}"], ["Street", "Road", "Lane", "Close", "Terrace"], ["Mill", "Station", "Queen's", "Park"]),
    "DE": (["{s}{w} {n}", "{s}{w} {n}a"], ["straße", "weg", "gasse", "ring", "allee"], ["Linden", "Bahnhof", "Garten", "Markt", "Schiller"]),
    "AT": (["{s}{w} {n}", "{s}{w} {n}/{m}"], ["straße", "gasse", "platz"], ["Land", "Haupt", "Kirchen", "Mozart"]),
    "CH": (["{s}{w} {n}", "{w2} {s2} {n}"], ["strasse", "weg", "gasse"], ["Bahnhof", "See", "Dorf", "Post"]),
    "ES": (["{W} {S}, {n}", "{W} {S} {n}, {m}º"], ["Calle", "Avda.", "Paseo", "Plaza", "Camino"], ["Real", "del Carmen", "de la Paz", "Colón"]),
    "IT": (["{W} {S} {n}", "{W} {S}, {n}"], ["Via", "Viale", "Corso", "Piazza", "Vicolo"], ["Mazzini", "dei Mille", "Dante", "XX Settembre"]),
    "NL": (["{s}{w} {n}"], ["straat", "weg", "laan", "gracht"], ["Kerk", "Molen", "Dorps", "Heren"]),
    "PT": (["Rua {S}, {n}", "Avenida {S}, {n}"], [""], ["do Carmo", "da Liberdade", "Direita", "das Flores"]),
}


def _postcode(rng: random.Random, country: str) -> str:
    if country == "GB":
        return f"{rng.choice(['LS', 'BS', 'NR', 'YO', 'CF', 'EX'])}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice('ABDEFHJLNPRSTUWXY')}{rng.choice('ABDEFHJLNPRSTUWXY')}"
    if country == "IE":
        return f"{rng.choice(['F91', 'N37', 'V92', 'A91', 'V95'])} {rng.choice('ACDEFHKNPRTVWXY')}{rng.randint(100, 999)}"
    shape = COUNTRIES[country][1]
    out = "".join(str(rng.randint(1 if i == 0 else 0, 9)) if c == "#" else rng.choice("ABCEGHJKLMNPRSTV") if c == "@" else c
                  for i, c in enumerate(shape))
    return out


def _street(rng: random.Random, country: str) -> str:
    patterns, types, names = STREET_PARTS[country]
    pattern = rng.choice(patterns)
    word, name = rng.choice(types), rng.choice(names)
    return pattern.format(n=rng.randint(1, 148), m=rng.randint(1, 9), w=word, W=word, s=name, S=name,
                          w2="Rue", s2="du Lac")


def _party(rng: random.Random, language: str) -> dict:
    """The buyer: who it is, the lines of its block as printed, and the block's truth."""
    home = blind.COUNTRY[language]
    country = home if rng.random() < 0.6 else rng.choice([c for c in COUNTRIES if c != home])
    own = COUNTRIES[country][0]
    person = rng.random() < 0.3
    female = rng.random() < 0.5
    surname = rng.choice(SURNAMES[own])
    lines: list[str] = []
    if person:
        given = rng.choice(GIVEN[own][0 if female else 1])
        name = f"{given} {surname.upper() if rng.random() < 0.3 else surname}"
        if rng.random() < 0.3:
            name = f"{surname.upper()} {given}"  # surname first, as forms print it
        civility = rng.choice(CIVILITY[language][0 if female else 1]) if rng.random() < 0.6 else ""
        if civility and rng.random() < 0.3:
            lines.append(civility)  # « Herrn » / « Madame » on its own line over the name
            civility = ""
        name = f"{civility} {name}".strip()
    else:
        base = rng.choice([f"{rng.choice(COMPANY_WORDS[own])} {surname}", f"{surname} {rng.choice(COMPANY_WORDS[own])}",
                           f"{rng.choice(COMPANY_WORDS[own])} {rng.choice(SURNAMES[own])} & {surname}"])
        form = rng.choice(FORMS[country]) if rng.random() < 0.65 else ""
        name = base if not form else (f"{form} {base}" if country == "FR" and rng.random() < 0.3 else f"{base} {form}")
        if rng.random() < 0.2:
            name = name.upper()
    inner = INNER[language]
    contact = rng.random() < 0.25
    contact_first = contact and rng.random() < 0.35
    who = f"{rng.choice(CIVILITY[language][0 if female else 1])} {rng.choice(GIVEN[language][1])[0]}. {rng.choice(SURNAMES[language])}"
    if contact_first and not person:
        lines.append(rng.choice(inner["attn"]).format(who))
    lines.append(name)
    if contact and not contact_first and not person:
        lines.append(rng.choice(inner["attn"]).format(who))
    if not person and rng.random() < 0.2:
        lines.append(f"{rng.choice(inner['dept'])} {rng.choice(inner['dept_of'])}")
    if person and rng.random() < 0.2:
        lines.append(rng.choice(inner["co"]).format(f"{rng.choice(COMPANY_WORDS[own])} {rng.choice(SURNAMES[own])}"))
    ident = None
    if not person and rng.random() < 0.3:
        ident = rng.choice(inner["customer"]).format(f"{rng.choice(['C', 'CL-', ''])}{rng.randint(1000, 99999)}")
    elif not person and rng.random() < 0.3 and country in ("FR", "IE", "DE", "ES", "IT", "GB", "NL", "PT", "CH"):
        vat_lang = {"FR": "fr", "IE": "en", "DE": "de", "ES": "es", "IT": "it"}.get(country)
        number = blind.vat_id(vat_lang, rng) if vat_lang else blind._foreign_vat(country, rng)
        ident = rng.choice(inner["vat"]).format(number)
    if ident and rng.random() < 0.4:
        lines.append(ident)
    street = _street(rng, country)
    address = [street]
    if rng.random() < 0.2:
        second = rng.choice(inner["second"]).format(rng.choice(["A", "B", "2", "3", "12"]))
        address = [second, street] if rng.random() < 0.5 else [street, second]
    if rng.random() < 0.08:
        address.append(rng.choice(inner["box"]).format(rng.randint(10, 9999)))
    lines += address
    postcode, town = _postcode(rng, country), rng.choice(COUNTRIES[country][2])
    prefix = COUNTRIES[country][3]
    if country == "GB":
        pc_lines = [town.upper(), postcode] if rng.random() < 0.5 else [f"{town} {postcode}"]
    elif country == "IE":
        pc_lines = [f"{town} {postcode}"] if rng.random() < 0.6 else [town, postcode]
    elif country == "IT" and rng.random() < 0.6:
        pc_lines = [f"{postcode} {town} ({PROVINCES[town]})" if rng.random() < 0.5 else f"{postcode} {town.upper()} {PROVINCES[town]}"]
    else:
        shown = town.upper() if rng.random() < 0.35 else town
        pc_lines = [f"{prefix}-{postcode} {shown}" if prefix and country != home and rng.random() < 0.3 else f"{postcode} {shown}"]
    lines += pc_lines
    word = COUNTRY_WORDS[country][language]
    printed = rng.random() < (0.85 if country != home else 0.12)
    if printed:
        lines.append(word.upper() if rng.random() < 0.5 else word)
    if ident and ident not in lines:
        lines.append(ident)
    truth = {"name": name, "address_lines": address, "postcode": postcode, "city": town, "country": country,
             "country_printed": printed}
    return {"lines": lines, "name": name, "truth": truth, "pc_lines": pc_lines, "address": address, "country": country,
            "printed": word if printed else None, "person": person}


def _heading(rng: random.Random, language: str) -> str:
    """A buyer's heading drawn from parts: a role's noun, a frame around it, or a participle with its preposition."""
    noun, with_article = rng.choice(ROLES[language])
    shape = rng.random()
    if shape < 0.35:
        text = noun
    elif shape < 0.7:
        text = rng.choice(FRAMES[language]).format(n=noun.lower() if language == "en" else noun, a=with_article)
        text = text[:1].upper() + text[1:]
    else:
        participles, preps = PARTICIPLES[language]
        text = f"{rng.choice(participles)} {rng.choice(preps)}"
    if rng.random() < 0.25:
        text = text.upper()
    return text + (rng.choice([" :", ":"]) if language == "fr" else ":") if rng.random() < 0.5 else text


def _site_heading(rng: random.Random, language: str) -> str:
    frames, nouns = SITES[language]
    text = f"{rng.choice(frames)} {rng.choice(nouns)}".strip()
    return text.upper() if rng.random() < 0.25 else text


def _html_block(lines: list[str], heading: str = "", bold: str = "") -> str:
    head = f'<div class="strong">{_e(heading)}</div>' if heading else ""
    body = "<br>".join(f'<span class="strong">{_e(line)}</span>' if line == bold else _e(line) for line in lines)
    return f"<div>{head}{body}</div>"


def _header(ctx: dict) -> str:
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt" class="accent strong">{_e(ctx['title'])}</div>
</td></tr></table>"""


#: The buyer drawn for the invoice being rendered: set by :func:`make_invoice` around the family's.
_PENDING: dict = {}


def _layout_bloc_titre(ctx: dict) -> str:
    """The block under a composed heading, at the left or the right under the letterhead."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    block = _html_block(party["lines"], _heading(rng, ctx["language"]), bold=party["name"] if rng.random() < 0.5 else "")
    where = "margin:8mm 0 0 95mm" if rng.random() < 0.5 else "margin-top:8mm;width:55%"
    return f"""{_header(ctx)}<div style="{where}">{block}</div>{_buyer_tail(ctx)}"""


def _layout_fenetre_nue(ctx: dict) -> str:
    """No heading: the block in an envelope's window at the right (NF) or at the left under a sender line (DIN 5008),
    maybe the place and date line over it."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    block = _html_block(party["lines"], bold=party["name"] if rng.random() < 0.4 else "")
    title = f'<h2 class="accent" style="margin-top:8mm">{_e(ctx["title"])}</h2>'
    if rng.random() < 0.5:
        return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx, big=True)}</td>
</tr></table><div style="margin:{rng.choice([10, 14, 18])}mm 0 0 {rng.choice([90, 100, 105])}mm;min-height:30mm">{block}</div>{title}{_buyer_tail(ctx)}"""
    place = ctx["place"]
    sep = rng.choice([" · ", " • ", " | ", " - "])
    sender = sep.join([ctx["legal_name"], ctx["seller_street"], f"{place[0]} {place[1]}"])
    side = "<br>".join(_e(line) for line in _seller_lines(ctx))
    return f"""<table style="width:100%"><tr><td style="vertical-align:top;padding-top:{rng.choice([14, 18, 22])}mm;width:60%">
<div style="font-size:6.5pt;text-decoration:underline">{_e(sender)}</div><div style="margin-top:3mm">{block}</div></td>
<td style="vertical-align:top">{_logo(ctx)}<div>{side}</div></td></tr></table>{title}{_buyer_tail(ctx)}"""


def _layout_grille_adresse(ctx: dict) -> str:
    """A grid « Client | Adresse | CP Ville | Pays »: a header row over the values, or a label column beside them."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    names, streets, towns, countries = GRID[ctx["language"]]
    rows = [(rng.choice(names), party["name"]), (rng.choice(streets), ", ".join(party["address"])),
            (rng.choice(towns), " ".join(party["pc_lines"]))]
    if party["printed"]:
        rows.append((rng.choice(countries), party["printed"]))
    cell = "border:0.6pt solid #777;padding:2pt 4pt"
    if rng.random() < 0.5:
        head = "".join(f'<th style="{cell};font-size:0.85em;text-align:left">{_e(k)}</th>' for k, _v in rows)
        vals = "".join(f'<td style="{cell}">{_e(v)}</td>' for _k, v in rows)
        grid = f'<table style="margin-top:6mm;width:100%"><tr>{head}</tr><tr>{vals}</tr></table>'
    else:
        body = "".join(f'<tr><td style="{cell};font-size:0.85em">{_e(k)}</td><td style="{cell}">{_e(v)}</td></tr>' for k, v in rows)
        grid = f'<table style="margin-top:6mm">{body}</table>'
    return f"""{_header(ctx)}{grid}{_buyer_tail(ctx)}"""


def _layout_ligne_seule(ctx: dict) -> str:
    """The buyer on one line: a heading, its name and its address's parts between separators."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    sep = rng.choice([", ", " – ", " · ", " | ", " - "])
    parts = [party["name"], *party["address"], " ".join(party["pc_lines"])]
    if party["printed"]:
        parts.append(party["printed"])
    heading = _heading(rng, ctx["language"]).rstrip(" :")
    colon = " : " if ctx["language"] == "fr" else ": "
    return f"""{_header(ctx)}<div style="margin-top:8mm">{_e(heading)}{colon}{_e(sep.join(parts))}</div>{_buyer_tail(ctx)}"""


def _layout_facturation_site(ctx: dict) -> str:
    """The billing block (its heading or none) beside a delivery or site block of another name and address."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    other = _party(rng, ctx["language"])
    site_lines = other["lines"] if rng.random() < 0.5 else [f"{party['name']}", *other["lines"][-len(other["pc_lines"]) - 1:]]
    heading = _heading(rng, ctx["language"]) if rng.random() < 0.75 else ""
    billing = _html_block(party["lines"], heading)
    site = _html_block(site_lines, _site_heading(rng, ctx["language"]))
    cells = [billing, site] if rng.random() < 0.6 else [site, billing]
    return f"""{_header(ctx)}<table style="width:100%;margin-top:8mm"><tr><td style="vertical-align:top;width:50%">{cells[0]}</td>
<td style="vertical-align:top">{cells[1]}</td></tr></table>{_buyer_tail(ctx)}"""


def _layout_pres_du_titre(ctx: dict) -> str:
    """The title, number and date at the left, the buyer's block with no heading beside them; the seller named at the
    top in large type only, its address in the footer."""
    rng, party = _PENDING["rng"], _PENDING["party"]
    block = _html_block(party["lines"])
    place = ctx["place"]
    top = f'<div class="accent strong" style="font-size:16pt">{_e(ctx["legal_name"])}</div>'
    refs = (f'<div style="font-size:18pt" class="strong">{_e(ctx["title"])}</div>'
            f'<div>{_e(rng.choice(LABELS[ctx["language"]]["number"]))} {_e(ctx["number"])}</div>'
            f'<div>{_e(rng.choice(LABELS[ctx["language"]]["date"]))} {_e(ctx["issue"])}</div>')
    foot = f'<p class="muted">{_e(ctx["legal_name"])} – {_e(ctx["seller_street"])} – {_e(place[0])} {_e(place[1])}</p>'
    return f"""{top}<table style="width:100%;margin-top:10mm"><tr><td style="vertical-align:top;width:50%">{refs}</td>
<td style="vertical-align:top">{block}</td></tr></table>{_buyer_tail(ctx)}{foot}"""


RENDER.update({"bloc_titre": _layout_bloc_titre, "fenetre_nue": _layout_fenetre_nue,
               "grille_adresse": _layout_grille_adresse, "ligne_seule": _layout_ligne_seule,
               "facturation_site": _layout_facturation_site, "pres_du_titre": _layout_pres_du_titre})


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> Invoice:
    """The invoice of ``seed`` (in [PARTIES_FROM, PARTIES_TO)): the blind family's, with a buyer's block of this module."""
    draws = random.Random(f"blind-parties-{seed}")
    layout = layout or draws.choice(LAYOUTS)
    language = language or draws.choices(LANGUAGES, WEIGHTS)[0]
    return invoice_with(seed, language, layout, _party(draws, language), draws, _PENDING)


def invoice_with(seed: int, language: str, layout: str, party: dict, draws: random.Random, pending: dict) -> Invoice:
    """The blind family's invoice of ``seed`` rendered with ``party`` as its buyer (``pending``: the module's dict its
    layouts read the party and the draws from), the buyer's truth kept with it."""
    pending.update(rng=draws, party=party)
    try:
        invoice = blind.make_invoice(seed, language=language, layout=layout)
    finally:
        pending.clear()
    invoice.truth.buyer_name = party["name"]
    invoice.context["buyer_truth"] = party["truth"]
    return invoice
