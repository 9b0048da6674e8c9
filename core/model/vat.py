"""VAT categories (UNTDID 5305, EN 16931 subset) and exemption reasons (CEF VATEX) in French.

One place for what the coding screen offers, what the completion of a paper
invoice chooses and what it writes into BT-118/BT-120/BT-121. The category and
exemption rules themselves (BR-S-*, BR-E-10...) are the validator's
(``plugins/validate_en16931/rules.py``); here only their vocabulary.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

#: The categories an operator may pick (BT-118 / BT-151), with their French label.
CATEGORIES: dict[str, str] = {
    "S": "Taux normal ou réduit",
    "Z": "Taux zéro",
    "E": "Exonérée",
    "AE": "Autoliquidation",
    "K": "Livraison intracommunautaire",
    "G": "Exportation hors UE",
    "O": "Hors champ de la TVA",
    "L": "IGIC (Canaries)",
    "M": "IPSI (Ceuta et Melilla)",
}
#: Categories whose VAT is charged at a positive rate.
TAXED = frozenset({"S", "L", "M"})
#: Categories that need an exemption reason (BT-120 text or BT-121 VATEX code).
NEEDS_REASON = frozenset({"E", "AE", "K", "G", "O"})

#: The VATEX codes offered for the categories that need a reason (code → French text, BT-121 → BT-120).
VATEX: dict[str, str] = {
    "VATEX-EU-AE": "Autoliquidation",
    "VATEX-FR-AE": "Autoliquidation (article 283 du CGI)",
    "VATEX-EU-IC": "Livraison intracommunautaire exonérée (article 262 ter I du CGI)",
    "VATEX-EU-G": "Exportation hors de l'Union européenne (article 262 I du CGI)",
    "VATEX-EU-O": "Non soumis à la TVA",
    "VATEX-FR-FRANCHISE": "TVA non applicable, article 293 B du CGI (franchise en base)",
    "VATEX-EU-132": "Exonération de certaines activités d'intérêt général (article 132 de la directive TVA)",
    "VATEX-FR-CGI261-4": "Exonération, article 261-4 du CGI (santé, enseignement...)",
    "VATEX-EU-135-1": "Exonération d'autres activités (article 135 de la directive : assurance, finance, location...)",
    "VATEX-EU-143": "Exonération des importations (article 143 de la directive TVA)",
    "VATEX-EU-148": "Exonération des opérations liées au transport international (article 148)",
    "VATEX-EU-151": "Exonération des opérations assimilées à l'exportation (article 151)",
    "VATEX-FR-CNWVAT": "Facture émise par un non-assujetti (France)",
}
#: The reason proposed first for each category that needs one.
DEFAULT_VATEX: dict[str, str] = {
    "AE": "VATEX-EU-AE",
    "K": "VATEX-EU-IC",
    "G": "VATEX-EU-G",
    "O": "VATEX-EU-O",
}
#: EU member states (ISO 3166-1 alpha-2; VAT numbers of Greece start with EL).
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})

#: The German small business's words (§ 19 UStG, « Kleinunternehmerregelung »): exempt, no VATEX code of its own.
SMALL_BUSINESS = ("19 ustg", "19 abs. 1 ustg", "kleinunternehmer", "kleinunternehmerregelung")
#: The Italian flat-rate small business's words (« regime forfettario », art. 1 commi 54-89 legge 190/2014).
ITALIAN_FLAT_RATE = ("regime forfettario", "190/2014", "franchigia da iva", "franchigia iva")
#: Spain's exempt supplies (art. 20 Ley 37/1992 del IVA) and its small business franchise (« franquicia del IVA »).
SPANISH_EXEMPT = ("articulo 20 de la ley 37/1992", "art. 20 de la ley 37/1992", "art. 20 liva", "articulo 20 liva")
#: Spain's small business franchise (« régimen de franquicia del IVA », art. 284 of the directive, in force 2025).
SPANISH_FRANCHISE = ("franquicia del iva", "franquicia de iva", "regimen de franquicia")
#: Germany's exempt supplies (§ 4 UStG, Nr. 8 onwards: banking, rents, insurance, medical care…; § 14 Abs. 4 Nr. 8 UStG
#: asks the invoice to say the exemption) by their paragraph, in the folded text: « steuerfreie leistungen nach § 4 nr. 14
#: ustg ». The number (group 1) and its letter (group 2): Nr. 1a (export) and 1b (intra-EU supply) are G and K
#: (:data:`WORDING`), Nr. 2 to 7 (seafaring, imports' services, tax warehouses, NATO…) have categories of their own.
GERMAN_EXEMPT = re.compile(r"§\s?4\s*(?:abs\.?\s?1\s*)?nr\.?\s?(\d{1,2})(?:\s?([a-z])(?![a-z]))?\s*(?:des\s+)?ustg(?!\w)")
#: The first number of § 4 UStG whose exemptions are category E.
GERMAN_EXEMPT_FROM = 8
#: Wording printed on invoices that says why no VAT is charged, per category (lower case, no accents, one space
#: between words: :func:`folded`). The legal mentions the invoice must carry (art. 242 nonies A of annex II to the
#: CGI in France, art. 226 of the VAT directive 2006/112/EC and its transpositions), in French first, then English,
#: German, Spanish and Italian: the article of the law (« 293 B », « 283-2 », « 262 ter I », « art. 196 ») or its words;
#: or the VATEX code itself, which invoices made by e-invoicing software print beside the category (« VATEX-EU-O »).
WORDING: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ("E", "VATEX-FR-FRANCHISE", ("293 b", "293b", "franchise en base", "vatex-fr-franchise")),
    # the German small business (§ 19 UStG): exempt, with no VATEX code of its own; its reason is said in words
    ("E", None, SMALL_BUSINESS),
    # the Italian flat-rate small business (« regime forfettario », art. 1 c. 54-89 L. 190/2014) and Spain's exempt
    # supplies (art. 20 Ley 37/1992) and small business franchise (« régimen de franquicia », art. 284 of the directive)
    ("E", None, ITALIAN_FLAT_RATE + SPANISH_EXEMPT + SPANISH_FRANCHISE),
    ("AE", "VATEX-EU-AE", ("vatex-eu-ae", "vatex-fr-ae", "autoliquidation", "auto-liquidation", "auto liquidation", "283-2", "283 2",
                           "due par le preneur", "acquittee par le preneur", "redevable de la tva est le preneur",
                           "reverse charge", "reverse-charge", "customer to account for", "accounted for by the recipient",
                           "article 196", "art. 196", "art 196",
                           "steuerschuldnerschaft des leistungsempfangers", "steuerschuld des leistungsempfangers",
                           "steuerschuldnerschaft des leistungsempfanger", "13b ustg",
                           "inversion del sujeto pasivo", "sujeto pasivo del impuesto el destinatario",
                           "inversione contabile", "17 comma 6", "17, comma 6")),
    ("K", "VATEX-EU-IC", ("vatex-eu-ic", "262 ter", "livraison intracommunautaire", "livraisons intracommunautaires",
                          "intra-community supply", "intra-community supplies", "intra-community delivery",
                          "intra community supply", "intra-eu supply", "article 138", "art. 138", "art 138",
                          "innergemeinschaftliche lieferung", "4 nr. 1b ustg", "4 nr. 1 b ustg",
                          "entrega intracomunitaria", "entregas intracomunitarias", "cessione intracomunitaria",
                          "cessioni intracomunitarie", "art. 41 d.l. 331", "art. 41 dl 331")),
    ("G", "VATEX-EU-G", ("vatex-eu-g", "262 i", "262-i", "exportation", "export outside", "export of goods",
                         "exempt export", "ausfuhrlieferung", "steuerfreie ausfuhr", "4 nr. 1a ustg",
                         "exportacion", "esportazione", "art. 8 d.p.r. 633", "art. 8 dpr 633", "art. 146", "article 146")),
    ("O", "VATEX-EU-O", ("vatex-eu-o", "not registered for vat", "not vat registered", "hors champ d'application de la tva", "hors du champ d'application de la tva",
                         "non soumis a la tva", "outside the scope of vat", "nicht steuerbar", "nicht im inland steuerbar",
                         "no sujeto a iva", "no sujeta a iva", "fuori campo iva", "fuori campo di applicazione")),
)


#: The reason (BT-120) of an exemption that has no VATEX code, from its words in :data:`WORDING`.
REASON_IN_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (SMALL_BUSINESS, "Kleinunternehmer : pas de TVA facturée (§ 19 UStG)"),
    (ITALIAN_FLAT_RATE, "Regime forfettario : pas de TVA facturée (art. 1, c. 54-89, L. 190/2014)"),
    (SPANISH_EXEMPT, "Exonération de TVA (article 20 de la loi espagnole 37/1992)"),
    (SPANISH_FRANCHISE, "Franchise en base espagnole : pas de TVA facturée (régimen de franquicia del IVA)"),
)


def reason_in_words(wording: str) -> str | None:
    """The exemption reason (BT-120) the page's ``wording`` gives for an exemption with no VATEX code, or None."""
    text = folded(wording)
    reason = next((reason for words, reason in REASON_IN_WORDS if any(said(word, text) for word in words)), None)
    paragraph = german_exemption(text) if reason is None else None
    return reason if paragraph is None else f"Exonération de TVA ({paragraph})"


def german_exemption(text: str) -> str | None:
    """The paragraph of § 4 UStG (Nr. 8 onwards: :data:`GERMAN_EXEMPT`) the folded ``text`` gives as its exemption
    (« § 4 Nr. 14 UStG »), or None: tax-free words alone do not say which exemption, an export and an intra-EU supply
    are tax-free too."""
    for match in GERMAN_EXEMPT.finditer(text):
        if int(match[1]) >= GERMAN_EXEMPT_FROM:
            return f"§ 4 Nr. {match[1]}{match[2] or ''} UStG"
    return None


def folded(text: str) -> str:
    """``text`` in lower case without accents (NFD, combining marks left out), its spaces one (the form of
    :data:`WORDING`): « Leistungsempfänger » reads « leistungsempfanger », « Exportación » « exportacion ». What OCR
    misreads in the words that say why no VAT is charged is read back (:func:`_ocr_read_back`)."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
    return _ocr_read_back(" ".join(bare.replace("\u00df", "ss").split()))


#: The VATEX codes (CEF list, EU and France) whose last part is letters only: OCR may read a letter of it as a digit.
_LETTER_VATEX = frozenset({"vatex-eu-ae", "vatex-eu-d", "vatex-eu-f", "vatex-eu-g", "vatex-eu-i", "vatex-eu-ic",
                           "vatex-eu-j", "vatex-eu-o", "vatex-fr-ae", "vatex-fr-franchise", "vatex-fr-cnwvat"})
#: The digits OCR reads for those letters (« VATEX-EU-0 », « VATEX-EU-1C »).
_LETTER_FOR_DIGIT = str.maketrans({"0": "o", "1": "i", "l": "i", "|": "i", "5": "s", "6": "g", "8": "b"})
#: A VATEX code (BT-121) as the CEF code list writes it (« VATEX-EU-IC », « VATEX-EU-79-C », « VATEX-EU-132-1A »,
#: « VATEX-FR-FRANCHISE »), printed beside a VAT row or under the breakdown: its prefix (group 1), then its parts
#: (group 2), where OCR may read « | » for an « I » (:func:`vatex_read` reads it back). The one shape of a code, for
#: the breakdown's rows (totals) as for the wording (:func:`printed_vatex`).
VATEX_CODE = re.compile(r"(?<![\w-])(vatex-[a-z]{2}-)([a-z0-9|]+(?:-[a-z0-9|]+)*)(?![\w-])", re.IGNORECASE)
#: The paragraph sign of a German VAT law reference read as « 5 », « s » or « 8 » glued to the paragraph's number
#: (« Umsatzsteuerbefreit nach 519 UStG » for « § 19 UStG »): the UStG's paragraphs number at most two digits.
_PARAGRAPH_READ = re.compile(r"(?<!\w)[5s8](\d{1,2}[a-z]?) (?=(?:abs\. ?\d+ |nr\. ?\d+ ?[a-z]? )*ustg\b)")


def _ocr_read_back(text: str) -> str:
    """The folded ``text`` with OCR's misreadings of an exemption's words read back: a letter VATEX code with a digit
    for a letter (« vatex-eu-0 » → « vatex-eu-o », only into a code of the list), a paragraph sign read as a digit or
    a letter before a UStG paragraph (« 519 ustg » → « § 19 ustg »). A text layer never prints those misreadings."""
    def code(match: re.Match[str]) -> str:
        read = match.group(1) + match.group(2).translate(_LETTER_FOR_DIGIT)
        return read if read in _LETTER_VATEX else match.group()

    return _PARAGRAPH_READ.sub(r"§ \1 ", VATEX_CODE.sub(code, text))


def vatex_read(code: str) -> str:
    """A VATEX code as printed (upper case), a digit OCR read for a letter of a letter code read back
    (« VATEX-EU-0 » → « VATEX-EU-O »); any other code as it is."""
    return _ocr_read_back(code.lower()).upper() if VATEX_CODE.fullmatch(code) else code


def said(words: str, text: str) -> bool:
    """``words`` (of :data:`WORDING`) in the folded ``text``, as whole words: « art. 138 » is not « art. 1382 »."""
    return _whole_words(words).search(text) is not None


@functools.cache
def _whole_words(words: str) -> re.Pattern[str]:
    """The pattern of ``words`` as whole words, built once per wording (a page with no VAT tries them all)."""
    return re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")


#: VAT numbers' prefixes that are not the country's ISO 3166 code: Greece's « EL », Northern Ireland's « XI » (a
#: United Kingdom number, Windsor Framework: « XI » is no ISO 3166 country).
_PREFIX_COUNTRY = {"EL": "GR", "XI": "GB"}


def vat_country(vat_id: str | None) -> str | None:
    """The ISO country of a VAT number (``EL`` is Greece, ``XI`` Northern Ireland's United Kingdom), or None."""
    prefix = (vat_id or "").strip()[:2].upper()
    if len(prefix) != 2 or not prefix.isalpha():
        return None
    return _PREFIX_COUNTRY.get(prefix, prefix)


def reason_text(code: str | None) -> str | None:
    """The French text of a VATEX code (BT-120 beside BT-121)."""
    return VATEX.get((code or "").upper()) if code else None


#: The category a VATEX code is for when it is not an exemption (category « E »): its last part, per the CEF list's
#: descriptions (reverse charge, intra-community supply, export, not subject to VAT).
_VATEX_CATEGORY = {"ae": "AE", "ic": "K", "g": "G", "o": "O"}


def printed_vatex(wording: str) -> list[tuple[str, str]]:
    """The VATEX codes printed in ``wording`` with the category each is a reason for, in the order printed: « AE »
    for the reverse charge's (``VATEX-EU-AE``, ``VATEX-FR-AE``), « K », « G », « O » for ``…-IC``, ``…-G``, ``…-O``,
    « E » for every other (the exemptions of articles 79 to 309 of the directive, the margin schemes D, F, I, J, the
    French CGI's articles, the franchise)."""
    found = []
    for match in VATEX_CODE.finditer(folded(wording)):
        code = match.group(0).upper()
        category = _VATEX_CATEGORY.get(code.split("-", 2)[2].lower(), "E")
        if (category, code) not in found:
            found.append((category, code))
    return found


def suggest_category(rate: Decimal | None, *, wording: str = "", seller_country: str | None = None,
                     buyer_country: str | None = None, buyer_vat: bool = False) -> tuple[str, str | None]:
    """The category (and VATEX code) proposed for a VAT rate, from the wording and the parties' countries.

    A positive rate is ``S``. A zero rate follows what the invoice says (franchise,
    reverse charge, intra-EU supply, export), then the countries (a supply between two
    EU countries to a buyer with a VAT number is intra-EU, to a buyer outside the EU an
    export). Otherwise ``E`` without a reason: the operator chooses it.
    """
    if rate is not None and rate > 0:
        return "S", None
    text = folded(wording)
    for category, code, words in WORDING:
        if any(said(word, text) for word in words):
            return category, code
    if german_exemption(text):
        return "E", None  # « § 4 Nr. 14 UStG », when no export, intra-EU supply or reverse charge is said
    if seller_country and buyer_country and seller_country != buyer_country:
        if seller_country in EU_COUNTRIES and buyer_country in EU_COUNTRIES and buyer_vat:
            return "K", DEFAULT_VATEX["K"]
        if seller_country in EU_COUNTRIES and buyer_country not in EU_COUNTRIES:
            return "G", DEFAULT_VATEX["G"]
    return "E", None
