"""A party's country from what a postal address prints: a country prefix, a country name, a postcode.

Shared by the readers (which propose a party's country from its address block) and the
completion (which must not place a party in a country its printed postcode rules out).

- :func:`country_of_prefix`: « D-10115 Berlin », « F-75008 Paris », « CH-1201 Genève »: the
  historical international distinguishing signs used in front of postcodes (D, I, E, B, L, A, CH,
  F, NL, P…), and the ISO 3166 alpha-2 codes the EU's postal guidance uses today (DE-, BE-…);
- :func:`country_of_name`: a country line (« ALLEMAGNE », « Germany », « Deutschland »…) in
  French, English, German, Spanish, Italian or the country's own language;
- :func:`country_of_postcode`: the shapes that belong to one country (an Irish Eircode, a British postcode, a Dutch,
  Portuguese or Polish one);
- :func:`postcode_fits`: the shape of a country's postcodes, only to rule a country OUT (five
  digits fit France, Germany and Italy alike: a shape never chooses a country).

Written by hand: the country-name libraries (pycountry, babel's territory names) give one name per
language without the short forms and capitals invoices print, and no library maps the postal signs.
"""

from __future__ import annotations

import re
import unicodedata

from guichet.core.parsing.regex_store import compiled

#: Country names as invoices print them (French, English, German, Spanish, Italian, native), folded.
COUNTRY_NAMES: dict[str, str] = {
    name.strip(): code
    for code, names in {
        "FR": "france, frankreich, francia",
        "DE": "allemagne, germany, deutschland, alemania, germania, bundesrepublik deutschland",
        "BE": "belgique, belgium, belgien, belgica, belgio, belgie",
        "LU": "luxembourg, luxemburg, luxemburgo, lussemburgo, grand-duche de luxembourg",
        "NL": "pays-bas, pays bas, netherlands, the netherlands, niederlande, paises bajos, paesi bassi, nederland",
        "IT": "italie, italy, italien, italia",
        "ES": "espagne, spain, spanien, espana, spagna",
        "PT": "portugal, portogallo",
        "AT": "autriche, austria, osterreich, oesterreich",
        "CH": "suisse, switzerland, schweiz, suiza, svizzera",
        "GB": "royaume-uni, royaume uni, united kingdom, uk, grossbritannien, reino unido, regno unito, england, "
              "vereinigtes konigreich, grande-bretagne, grande bretagne, great britain, gran bretana, gran bretagna, "
              "scotland, ecosse, schottland, wales, northern ireland, irlande du nord, nordirland",
        "IE": "irlande, ireland, irland, irlanda, republic of ireland, eire",
        "DK": "danemark, denmark, dinamarca, danimarca, danmark",
        "SE": "suede, sweden, schweden, suecia, svezia, sverige",
        "FI": "finlande, finland, finnland, finlandia, suomi",
        "PL": "pologne, poland, polen, polonia, polska",
        "CZ": "republique tcheque, tchequie, czech republic, czechia, tschechien, chequia, repubblica ceca, cechia, cesko",
        "GR": "grece, greece, griechenland, grecia",
        "MC": "monaco, principaute de monaco",
        "RO": "roumanie, romania, rumanien, rumania",
        "HU": "hongrie, hungary, ungarn, hungria, ungheria, magyarorszag",
        "SK": "slovaquie, slovakia, slowakei, eslovaquia, slovacchia, slovensko",
        "SI": "slovenie, slovenia, slowenien, eslovenia, slovenija",
        "HR": "croatie, croatia, kroatien, croacia, croazia, hrvatska",
        "BG": "bulgarie, bulgaria, bulgarien",
        "EE": "estonie, estonia, estland, eesti",
        "LV": "lettonie, latvia, lettland, letonia, lettonia, latvija",
        "LT": "lituanie, lithuania, litauen, lituania, lietuva",
        "MT": "malte, malta",
        "CY": "chypre, cyprus, zypern, chipre, cipro",
        "NO": "norvege, norway, norwegen, noruega, norvegia, norge",
        "IS": "islande, iceland, island, islandia, islanda",
        "LI": "liechtenstein",
        "AD": "andorre, andorra",
        "CA": "canada, kanada",
        "US": "etats-unis, etats unis, united states, usa, vereinigte staaten, estados unidos, stati uniti",
    }.items()
    for name in names.split(",")
}

#: The international distinguishing signs (Vienna convention, 1968) printed before a postcode,
#: where they differ from the ISO 3166 code.
DISTINGUISHING_SIGNS: dict[str, str] = {
    "A": "AT", "B": "BE", "D": "DE", "E": "ES", "F": "FR", "I": "IT", "L": "LU", "P": "PT", "S": "SE",
    "H": "HU", "M": "MT", "N": "NO", "IRL": "IE", "FIN": "FI", "SF": "FI", "EST": "EE", "SLO": "SI",
    "FL": "LI", "AND": "AD", "CS": "CZ",
}
#: ISO 3166 codes used as postal prefixes (« DE-10115 », « BE-1000 »): the European countries.
ISO_PREFIXES = frozenset(
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM".split())

#: The currency of each country whose postcodes are known here (ISO 4217; the euro area as of 2026, Bulgaria in it):
#: an invoice in another currency is no sign of a domestic sale.
NATIONAL_CURRENCY: dict[str, str] = {
    **dict.fromkeys("AT BE BG CY DE EE ES FI FR GR HR IE IT LT LU LV MC MT NL PT SI SK AD".split(), "EUR"),
    "GB": "GBP", "CH": "CHF", "LI": "CHF", "DK": "DKK", "SE": "SEK", "NO": "NOK", "PL": "PLN", "CZ": "CZK",
    "HU": "HUF", "RO": "RON", "IS": "ISK", "US": "USD", "CA": "CAD",
}

#: The shape of each country's postcodes as written after the prefix (only to rule a country out).
POSTCODE_SHAPES: dict[str, re.Pattern[str]] = {
    code: compiled(pattern) for code, pattern in {
        "FR": r"\d{5}", "MC": r"980\d{2}", "DE": r"\d{5}", "IT": r"\d{5}", "ES": r"\d{5}", "FI": r"\d{5}",
        "EE": r"\d{5}", "HR": r"\d{5}", "BE": r"\d{4}", "LU": r"\d{4}", "CH": r"\d{4}", "AT": r"\d{4}",
        "DK": r"\d{4}", "NO": r"\d{4}", "SI": r"\d{4}", "HU": r"\d{4}", "BG": r"\d{4}", "CY": r"\d{4}",
        "LI": r"\d{4}", "NL": r"\d{4}\s?[A-Z]{2}", "PT": r"\d{4}(?:-\d{3})?", "PL": r"\d{2}-?\d{3}",
        "SE": r"\d{3}\s?\d{2}", "CZ": r"\d{3}\s?\d{2}", "SK": r"\d{3}\s?\d{2}", "GR": r"\d{3}\s?\d{2}",
        "GB": r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}", "IE": r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}",
        "US": r"\d{5}(?:-\d{4})?", "CA": r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d",
    }.items()
}


#: The postcodes of another territory inside a country's own numbering: La Poste numbers Monaco (980xx) and the French
#: overseas departments and collectivities (97x: Guadeloupe 971 … Saint-Martin 978; 98x: Wallis-et-Futuna 986, French
#: Polynesia 987, New Caledonia 988), whose ISO 3166 codes are their own (MC, GP, MQ, GF, RE, PM, YT, BL, MF, WF, PF,
#: NC); Poste Italiane numbers San Marino (4789x) and the Vatican (00120); Swiss Post numbers Liechtenstein
#: (9485-9498). Such a postcode fits the country's shape and is no sign of that country.
OTHER_TERRITORY_POSTCODES: dict[str, re.Pattern[str]] = {
    "FR": compiled(r"9[78]\d{3}"), "IT": compiled(r"4789\d|00120"), "CH": compiled(r"94(?:8[5-9]|9[0-8])"),
}


def other_territory(country: str | None, postcode: str | None) -> bool:
    """True when ``postcode`` is one of another territory numbered within ``country``'s postcodes
    (:data:`OTHER_TERRITORY_POSTCODES`: « 98000 » in France is Monaco, « 97110 » Guadeloupe)."""
    shape = OTHER_TERRITORY_POSTCODES.get(country or "")
    return shape is not None and bool(postcode) and shape.fullmatch("".join(postcode.split())) is not None


#: The country codes of the international telephone numbering plan (ITU-T E.164) of the countries whose postcodes are
#: known here: a phone printed in international form (« +49 30 1234567 », « 0049 … ») is one of that country's lines.
DIALLING_CODES: dict[str, str] = {
    "33": "FR", "49": "DE", "39": "IT", "34": "ES", "32": "BE", "31": "NL", "41": "CH", "43": "AT", "44": "GB",
    "45": "DK", "46": "SE", "47": "NO", "48": "PL", "30": "GR", "36": "HU", "352": "LU", "351": "PT", "353": "IE",
    "358": "FI", "372": "EE", "385": "HR", "386": "SI", "420": "CZ", "421": "SK", "357": "CY", "359": "BG",
    "377": "MC", "423": "LI",
}
#: A phone in international form, alone on its line or after a phone's label (« Tél. », « Tel: », « Phone », « Mobile
#: : »): « + » or « 00 », the country code, then the number's digits and separators only.
_INTERNATIONAL_PHONE = compiled(r"(?:(?:t[eé]l(?:[eé]phone|efon|[eé]fono)?|phone|mobile?|portable|handy|cell|tfno|fax)\.?"
                                  r"\s*:?\s*)?(?:\+|00)\s?(\d{2,3})[\d\s./()\-]{6,18}", re.IGNORECASE)

def fold(text: str) -> str:
    """Lower case, accents off, dots and spaces single."""
    text = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
    return " ".join(text.replace(".", " ").split())


def country_of_prefix(prefix: str | None, postcode: str | None = None) -> str | None:
    """The country of a postcode prefix (« D », « CH », « DE », « IRL », « P » in « P-4554-326 »), or None when it is
    none. Given the ``postcode`` after it, also None when that country's postcodes have another shape (« D-1234 »: a
    German postcode has five digits, the sign or the number is misread, and no country is better than a wrong one)."""
    if not prefix:
        return None
    sign = prefix.strip(" -").upper()
    country = DISTINGUISHING_SIGNS.get(sign) or (sign if sign in ISO_PREFIXES else None)
    if country and postcode is not None and not postcode_fits(country, postcode):
        return None
    return country


#: A region's code after a country's name (« Vereinigte Staaten - NY », « United States, CA », « Canada (QC) »).
_REGION_AFTER = compiled(r"\s*(?:[-–,]\s*[A-Z]{2,3}|\([A-Z]{2,3}\))\s*$")


def country_of_name(text: str | None) -> str | None:
    """The country a line names (« ALLEMAGNE », « Germany », « España », « United States - NY »), or None."""
    if not text:
        return None
    return COUNTRY_NAMES.get(fold(text).strip(" ,-")) or COUNTRY_NAMES.get(fold(_REGION_AFTER.sub("", text)).strip(" ,-"))


#: Postcodes whose shape belongs to one country only: the Irish Eircode (a routing key, then four letters or digits)
#: and the British postcode (outward code, then a digit and two letters), but for the Crown dependencies and
#: Gibraltar, which print the same shape and are other countries (JE, GY, IM, GI).
_EIRCODE = compiled(r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}")
_BRITISH = compiled(r"(?!JE|GY|IM|GX)[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}")
#: The other shapes that belong to one country: Dutch (four digits, two letters), Portuguese (four digits, a dash,
#: three), Polish (two digits, a dash, three), Canadian (letter, digit, letter, then digit, letter, digit: Canada Post's
#: « H2X 1Y4 »). (« 114 55 » is Swedish, Czech, Slovak or Greek: no country alone.)
_ONE_COUNTRY_SHAPES = {"NL": compiled(r"[1-9]\d{3}\s?[A-Z]{2}"), "PT": compiled(r"\d{4}-\d{3}"),
                       "PL": compiled(r"\d{2}-\d{3}"), "CA": POSTCODE_SHAPES["CA"]}


def country_of_postcode(postcode: str | None) -> str | None:
    """The one country whose postcodes have the shape of ``postcode`` (« D02 XY45 »: IE, « SW1A 1AA »: GB, « 1015 CJ »:
    NL, « 1100-053 »: PT, « 00-950 »: PL), or None: digits alone never tell a country (« 10115 » fits France, Germany
    and Italy alike)."""
    code = (postcode or "").strip().upper()
    if _EIRCODE.fullmatch(code):
        return "IE"
    if _BRITISH.fullmatch(code):
        return "GB"
    return next((country for country, shape in _ONE_COUNTRY_SHAPES.items() if shape.fullmatch(code)), None)


#: The Italian provinces' signs (sigle automobilistiche), printed after the town of an Italian address with or without
#: brackets (« 20121 Milano MI », « 00184 ROMA RM »): the province (BT-54), no part of the town's name.
IT_PROVINCES = frozenset(
    "AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BT BZ CA CB CE CH CL CN CO CR CS CT CZ EN FC FE FG FI FM FR GE GO "
    "GR IM IS KR LC LE LI LO LT LU MB MC ME MI MN MO MS MT NA NO NU OR PA PC PD PE PG PI PN PO PR PT PU PV PZ RA RC RE RG "
    "RI RM RN RO SA SI SO SP SR SS SU SV TA TE TN TO TP TR TS TV UD VA VB VC VE VI VR VT VV".split())


#: The two-letter codes of the United States' states, district and territories (USPS) and of Canada's provinces and
#: territories (Canada Post): printed after the town behind a comma (« Helena, MT », « Dover, DE », « St. John's, NL »),
#: they are regions, not countries, wherever they also are a country's ISO code.
NORTH_AMERICAN_REGIONS = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA "
    "RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI AB BC MB NB NL NS NT NU ON PE QC SK YT".split())


#: Canada's provinces and territories among :data:`NORTH_AMERICAN_REGIONS` (Canada Post); the others are the United
#: States' states, district and territories (USPS).
_CANADIAN_PROVINCES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())


def country_of_region(region: str | None, postcode: str | None, *, after_comma: bool = True) -> str | None:
    """The country of a North American town line's region and postcode (« Austin, TX 78701 »: US, « Montréal (QC) H2X
    1Y4 »: CA): the region's code in capitals must be one of that country's and the postcode of its shape (a ZIP code,
    maybe ZIP+4; Canada Post's code), else None. Five digits fit Italy and Germany too: a state's code that is also an
    Italian province's or a European country's gives the United States only ``after_comma``, the town printed the
    USPS's way (« Denver, CO 80202 », not « Varese VA 21100 », « Berlin DE 10115 »); Canada Post's code is Canada's
    alone."""
    if not region or region not in NORTH_AMERICAN_REGIONS or not postcode:
        return None
    country = "CA" if region in _CANADIAN_PROVINCES else "US"
    if country == "US" and not after_comma and (region in IT_PROVINCES or region in ISO_PREFIXES):
        return None  # « Varese VA 21100 », « Berlin DE 10115 »: a province's or a country's code, no USPS comma
    return country if POSTCODE_SHAPES[country].fullmatch(postcode.strip()) else None


def country_of_code_after_town(code: str | None, postcode: str | None) -> str | None:
    """The country of a two-letter code printed after the town behind a comma (« 06000 NICE, FR »), or None.

    The UPU's addressing standard (S42) ends a foreign address with its country: a line of its own, or its code after
    the town as some invoicing software prints it. Two capitals after the town are as often a region: a US state's or a
    Canadian province's (« 19801 Wilmington, DE » is Delaware, « 59601 Helena, MT » Montana, « A1C 5M2 St. John's, NL »
    Newfoundland), an Italian province's (« 00184 ROMA RM », printed by Poste Italiane with no comma, which is why the
    comma is asked for), a Brazilian state's (« São Paulo - SP », after a dash: not taken either). So the code is a
    country only when it is the ISO code of a European country whose postcodes are known here (:data:`ISO_PREFIXES`),
    no North American region's code (:data:`NORTH_AMERICAN_REGIONS`), and ``postcode`` has that country's shape
    (« 1000 BRUXELLES, FR » is no French address: nothing). The block's own country line, when it prints one, still has
    the last word (the caller asks this only when the block names no country otherwise)."""
    if not code or len(code) != 2 or not code.isupper() or code not in ISO_PREFIXES or code in NORTH_AMERICAN_REGIONS:
        return None
    shape = POSTCODE_SHAPES.get(code)
    if shape is None or not postcode or shape.fullmatch(postcode.strip().upper()) is None:
        return None
    return code


def province_sign(town: str, postcode: str) -> tuple[str, bool] | None:
    """The Italian province's sign (sigla automobilistica) ending a town's line after a five-digit postcode, and whether
    it is in brackets: « 56127 Pisa (PI) » → (« PI », True), « 73100 LECCE LE » → (« LE », False). Poste Italiane's
    address line; a bare sign is only a shape (a French town's last word may look like one: « 50000 SAINT LO »)."""
    if re.fullmatch(r"\d{5}", postcode.strip()) is None:
        return None
    bracket = re.search(r"\(([A-Z]{2})\)\s*$", town)
    if bracket is not None:
        return (bracket.group(1), True) if bracket.group(1) in IT_PROVINCES else None
    words = town.split()
    return (words[-1], False) if len(words) >= 2 and words[-1] in IT_PROVINCES else None


def town_without_province(town: str, postcode: str, country: str | None) -> str:
    """The town of an Italian address line without the province's sign after it (« 20121 Milano MI » → « Milano »):
    only when the address is known to be in Italy (``country`` « IT »: its prefix, its country line, its Italian
    street), with a five-digit postcode (an Italian CAP's shape) and one of the provinces' signs in capitals. Any other
    town as it is: a French town's last word may look like a sign (« 50000 SAINT LO », « 17410 SAINT MARTIN DE RE »)."""
    sign = province_sign(town, postcode)
    if country == "IT" and sign is not None and not sign[1]:
        return " ".join(town.split()[:-1])
    return town


def postcode_fits(country: str | None, postcode: str | None) -> bool:
    """False only when ``postcode`` cannot be a postcode of ``country`` (« 1000 » is not French)."""
    shape = POSTCODE_SHAPES.get(country or "")
    if shape is None or not postcode:
        return True
    return shape.fullmatch(postcode.strip().upper()) is not None


#: Legal forms that belong to one country's company law (a « GmbH » is German or Austrian, never French):
#: a name ending with one tells the company is not registered in another country.
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "FR": ("sa", "sas", "sasu", "sarl", "eurl", "snc", "sci", "scop", "selarl", "ei", "eirl", "sca", "scs"),
    "DE": ("gmbh", "ag", "kg", "ug", "ohg", "e.k.", "gbr", "kgaa", "gmbh & co. kg"),
    "AT": ("gmbh", "ag", "kg", "og"),
    "ES": ("s.l.", "sl", "s.a.", "s.l.u.", "slu", "s.a.u.", "sau"),
    "IT": ("s.r.l.", "srl", "s.p.a.", "spa", "s.a.s.", "s.n.c.", "srls"),
    "BE": ("sprl", "srl", "bv", "bvba", "nv", "sa", "asbl", "vzw"),
    "LU": ("sa", "sarl", "sarls", "sca", "scs"),
    "CH": ("ag", "gmbh", "sa", "sarl"),
    "NL": ("b.v.", "bv", "n.v.", "nv", "v.o.f."),
    "GB": ("ltd", "limited", "plc", "llp"),
    "IE": ("ltd", "limited", "plc", "dac", "teoranta"),
    "US": ("inc", "inc.", "llc", "corp", "corp."),
}


def _tails(name: str) -> set[str]:
    """The name's last one to four words squeezed (« S.A. », « SA », « S. A. » alike): where its legal form stands."""
    words = fold(name).replace(",", " ").split()
    return {"".join(words[-k:]) for k in range(1, min(4, len(words)) + 1)}


def _squeezed(forms: object) -> set[str]:
    return {fold(form).replace(" ", "") for form in forms}


def country_of_legal_form(name: str | None, postcode: str | None) -> str | None:
    """The one country whose company law has the legal form ``name`` ends with AND whose postcodes have the
    shape of ``postcode``: « Müller GmbH », « 10115 »: Germany (an Austrian or Swiss GmbH has four digits);
    « Rossi S.r.l. », « 20121 »: Italy (a Belgian SRL has four). None without a form or a postcode, or when
    several countries remain (« SA », « 75008 »: France or Spain; « Ltd »: Ireland has no shape here).

    A company is registered under one country's law and its seat is in that country: the form and the
    printed postcode together place it, where neither alone does.
    """
    if not name or not postcode:
        return None
    tails = _tails(name)
    countries = [country for country, forms in LEGAL_FORMS.items()
                 if tails & _squeezed(forms) and postcode_fits(country, postcode)]
    return countries[0] if len(countries) == 1 else None


def legal_form_excludes(country: str, name: str | None) -> bool:
    """True when ``name`` ends with a legal form that no company of ``country`` has (« Müller GmbH », FR).

    Forms are compared without dots or spaces (« S.A. », « SA », « S. A. » alike), on the name's last
    one to four words.
    """
    if not name or country not in LEGAL_FORMS:
        return False
    tails = _tails(name)
    every = _squeezed(f for forms in LEGAL_FORMS.values() for f in forms)
    return bool(tails & every) and not tails & _squeezed(LEGAL_FORMS[country])


#: The words of a street's name in each language (folded): a street's line holding one is written in that language
#: (« Calle Mayor 5 », « Via Roma 1 », « Hauptstraße 5 » — German and Dutch words end a compound).
#: The one list of street words: the readers' street line (:data:`STREET_OPENERS`, ``fields_rules.lines.STREET_LINE``)
#: is drawn from it.
STREET_WORDS: dict[str, tuple[str, ...]] = {
    "fr": ("rue", "avenue", "av", "boulevard", "bd", "chemin", "allee", "impasse", "place", "quai", "route", "cours"),
    "de": ("strasse", "straße", "str", "weg", "platz", "gasse", "allee", "ring", "damm", "ufer"),
    "nl": ("straat", "laan", "weg", "plein", "gracht", "kade"),
    "es": ("calle", "c/", "avenida", "av", "avda", "plaza", "paseo", "carrer", "camino", "ronda", "poligono", "carretera",
           "ctra"),
    "it": ("via", "viale", "piazza", "corso", "vicolo", "largo", "strada", "piazzale"),
    "pt": ("rua", "avenida", "av", "travessa", "largo", "praca", "estrada"),
    "en": ("street", "road", "lane", "avenue", "drive", "close", "way", "square"),
}
#: The street words that open a street's line by themselves, first on it or after its number (« 12 rue des Lilas »,
#: « Via Roma 5 »): the others also open names and phrases (« Square Enix », « Plaza Hotel », « Estrada Consulting »,
#: « Close Brothers », « Largo Consulting », « AV Conseil »), and a German or Dutch one ends a compound (« Lindenweg 3 »).
STREET_OPENERS: tuple[str, ...] = (
    "rue", "avenue", "boulevard", "bd", "chemin", "place", "allee", "impasse", "route", "quai", "cours", "street",
    "road", "lane", "strasse", "weg", "calle", "avenida", "via", "corso", "piazza", "viale", "avda", "poligono", "paseo",
    "carretera", "ctra", "strada", "vicolo")
#: The German street words that end a compound on a line of its own (« Hauptstrasse 5 », « Lindenweg 3 »).
STREET_SUFFIXES: tuple[str, ...] = ("strasse", "straße", "str.", "gasse", "weg", "allee", "platz")
#: The languages a country's street names are written in.
STREET_LANGUAGES: dict[str, tuple[str, ...]] = {
    "FR": ("fr",), "BE": ("fr", "nl"), "LU": ("fr", "de"), "CH": ("fr", "de", "it"), "DE": ("de",), "AT": ("de",),
    "NL": ("nl",), "ES": ("es",), "IT": ("it",), "PT": ("pt",), "GB": ("en",), "IE": ("en",),
}
_COMPOUND = ("de", "nl")


def _street_languages(street: str) -> set[str]:
    """The languages whose street words ``street`` holds (a German or Dutch word may end a compound: « Hauptstraße »)."""
    tokens = fold(street).replace(",", " ").split()
    return {language for language, words in STREET_WORDS.items()
            if any(token in words or (language in _COMPOUND and token.endswith(words)) for token in tokens)}


def street_excludes(country: str, street: str | None) -> bool:
    """True when ``street`` is named in a language and in none of ``country``'s (« Calle Mayor 5 », FR): a street of
    another country. An address line with no street word, or a country not in :data:`STREET_LANGUAGES`, excludes none."""
    if not street or country not in STREET_LANGUAGES:
        return False
    found = _street_languages(street)
    return bool(found) and not found & set(STREET_LANGUAGES[country])


def country_of_phone(line: str, postcode: str | None) -> str | None:
    """The country of a line that is a phone number in international form (« Tel. +49 821 4471 20 »), when ``postcode``
    has that country's shape (a misread code gives no country); None for any other line. Its country code is the first
    of the number's two or three digits a country of :data:`DIALLING_CODES` has (no code there is another's start)."""
    found = _INTERNATIONAL_PHONE.fullmatch(line.strip())
    if found is None:
        return None
    digits = found.group(1)
    country = DIALLING_CODES.get(digits[:2]) or DIALLING_CODES.get(digits[:3])
    return country if country in POSTCODE_SHAPES and postcode and postcode_fits(country, postcode) else None


#: A country's top-level internet domain where it is not its ISO 3166 code (RFC 1591; IANA's root zone: « .uk »).
_TLD_COUNTRIES = {"UK": "GB"}
#: An e-mail address or a website (« compta@linden.de », « www.linden.de », « https://linden.de/kontakt »): its domain's
#: last label.
_DOMAIN = compiled(r"(?:[\w.+-]+@|\bwww\.|https?://)(?:[a-z0-9-]+\.)+([a-z]{2,})\b", re.IGNORECASE)


def country_of_domain(line: str) -> str | None:
    """The country whose top-level domain ends the one e-mail address or website of ``line`` (« info@linden.de »: DE),
    among the European countries of :data:`ISO_PREFIXES`; None for a generic domain (« .com », « .eu », « .net »), a line
    with none, or with several of different countries."""
    found = {(_TLD_COUNTRIES.get(tld.upper()) or tld.upper()) for tld in _DOMAIN.findall(line)}
    if len(found) != 1:
        return None
    country = found.pop()
    return country if country in ISO_PREFIXES else None


def country_of_valid_phone(line: str) -> str | None:
    """The country of a line that is a phone number in international form (« Tel. +49 351 4471 20 », « 0049 … »),
    when the number is a valid one of that country's numbering plan (Google's libphonenumber metadata, through
    ``phonenumbers``: the country code, then a number of the length and area codes the plan allots); None for any other
    line, a national number (« 0351 4471 20 » is German, Austrian or Swiss by its shape alone) or a misread one."""
    found = _INTERNATIONAL_PHONE.fullmatch(line.strip())
    if found is None:
        return None
    import phonenumbers  # here: its import (~40 ms) only for a page that prints such a phone

    start = found.start(1)
    digits = re.sub(r"\D", "", line.strip()[start:])
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.region_code_for_number(number)


def countries_of_street(street: str | None) -> set[str]:
    """The countries whose street names are written in a language ``street``'s words belong to (« Lindenstraße 5 »: DE,
    AT, CH, LU), or none when it holds no street word."""
    found = _street_languages(street) if street else set()
    return {country for country, languages in STREET_LANGUAGES.items() if found & set(languages)}


def countries_of_legal_form(name: str | None) -> set[str]:
    """The countries whose company law has the legal form ``name`` ends with (« Müller GmbH »: DE, AT, CH), or none."""
    if not name:
        return set()
    tails = _tails(name)
    return {country for country, forms in LEGAL_FORMS.items() if tails & _squeezed(forms)}


def agreeing_country(postcode: str | None, pointed: list[str], sets: list[set[str]]) -> str | None:
    """The one country several independent signs of a party's block agree on, or None.

    ``pointed``: countries each sign names alone (a phone's country code, a domain's, a bank account's); ``sets``: the
    countries each other sign allows (its street's language, its legal form). A country is given only when at least one
    sign names it, at least two signs in all were found, every sign allows it, the party's ``postcode`` has its shape
    (:data:`POSTCODE_SHAPES`, a country whose shape is known) and no other country is left: « Lindenstraße 5, 01069
    Dresden, www.linden.de » is German; « 12 rue des Lilas, 75011 Paris » with a German bank account is no one's."""
    if not postcode or not pointed or len(pointed) + len(sets) < 2:
        return None
    left = {country for country, shape in POSTCODE_SHAPES.items() if shape.fullmatch(postcode.strip().upper())}
    for sign in [{country} for country in pointed] + sets:
        left &= sign
    return left.pop() if len(left) == 1 else None
