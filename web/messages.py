"""French for the English messages that libraries and official artefacts write.

The CEN and Factur-X schematrons, the XSD validator, python-stdnum and schwifty
speak English; Guichet's own controls already speak French. :func:`french`
rewrites one message: known shapes (« X should not be present », « marked as not
used in the given context », « Invalid length '13' »...) become French sentences;
an official rule text gets its French text from the validator's table
(plugins/validate_en16931/rules_fr_text.py), an unknown one « Règle BR-xx de la norme
EN 16931 non respectée » (the page keeps the official text, marked ``lang="en"``,
for the reader who wants it). :func:`reason_parts` splits a stored reason
(« a; b; a ») into its distinct French parts.

Written by hand (a table of patterns): no library translates these messages.
"""

from __future__ import annotations

import re

#: (pattern, French) pairs tried in order; groups are reused in the French text.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Attribute @?'?([\w:]+)'? marked as not used in the given context\.?$"),
     "l'attribut {0} n'est pas prévu dans ce profil Factur-X"),
    (re.compile(r"^Element '?([\w:]+)'? is marked as not used in the given context\.?$"),
     "l'élément {0} n'est pas prévu dans ce profil Factur-X"),
    (re.compile(r"^Value of '?([\w:@]+)'? is not allowed\.?$"), "valeur de {0} non admise dans ce profil Factur-X"),
    (re.compile(r"^([\w:@]+) should not be present\.?$"), "{0} ne devrait pas figurer ici"),
    (re.compile(r"^([\w:@]+) should exist maximum once\.?$"), "{0} ne doit figurer qu'une fois"),
    (re.compile(r"^([\w:@]+) must be present\.?$"), "{0} doit figurer"),
    (re.compile(r"^Invalid length '(\d+)'$"), "longueur invalide ({0} caractères)"),
    (re.compile(r"^Invalid IBAN length$"), "longueur d'IBAN invalide"),
    (re.compile(r"^Invalid checksum digits$"), "clé de contrôle fausse"),
    (re.compile(r"^Invalid national checksum$"), "clé nationale (RIB) fausse"),
    (re.compile(r"^Invalid characters in IBAN (.*)$"), "caractères non admis dans l'IBAN {0}"),
    (re.compile(r"^Invalid structure '(.*)'$"), "structure invalide ({0})"),
    (re.compile(r"^Invalid country code '(.*)'$"), "code pays invalide ({0})"),
    (re.compile(r"^Unknown country-code '(.*)'$"), "code pays inconnu ({0})"),
    (re.compile(r"^Invalid bank code.*$"), "code banque invalide"),
    (re.compile(r"^Invalid branch code.*$"), "code guichet invalide"),
    (re.compile(r"^Invalid account code.*$"), "numéro de compte invalide"),
    (re.compile(r"^Invalid BIC length.*$"), "longueur de BIC invalide"),
    (re.compile(r"^The number has an invalid format\.$"), "format invalide"),
    (re.compile(r"^The number's checksum or check digit is invalid\.$"), "clé de contrôle fausse"),
    (re.compile(r"^The number has an invalid length\.$"), "longueur invalide"),
    (re.compile(r"^One of the parts of the number are invalid or unknown\.$"), "une partie du numéro est invalide"),
    (re.compile(r"^Document is empty.*$"), "document vide"),
    (re.compile(r"^Start tag expected.*$"), "XML mal formé (balise de début attendue)"),
    (re.compile(r"^Premature end of data.*$"), "XML tronqué (fin de données prématurée)"),
]
#: « [BR-CO-10]-Sum of ... » or « [CII-DT-031] - currencyID should ... »: an official rule and its text.
_RULE = re.compile(r"^\[(?P<rule>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\]\s*-?\s*(?P<text>.*)$", re.S)
_NONE = re.compile(r"\bNone\b")
#: An amount written with a dot in a message (``12.00``): shown with a decimal comma.
_DOT_AMOUNT = re.compile(r"(?<![\w.,])(-?\d+)\.(\d{2})(?![\w.,]|\.\d)")
#: Words that mark an English sentence (the page-wide test uses :func:`looks_english` too).
ENGLISH_MARKERS = re.compile(
    r"\b(shall|should|must|the|is not|are not|invalid|marked as|not used|not allowed|given context|missing|"
    r"must be|has to|cannot|does not)\b", re.I,
)
#: Words that mark a French sentence (an official text already in French, such as the BR-FR rules).
FRENCH_MARKERS = re.compile(r"\b(le|la|les|du|des|est|doit|être|une|un|et|absente?|obligatoire|valeur|pour|au|aux)\b", re.I)


def looks_english(text: str) -> bool:
    """True when ``text`` reads as an English sentence (two marker words or more)."""
    return len(ENGLISH_MARKERS.findall(text)) >= 2


def _pattern(text: str) -> str | None:
    for pattern, french in _PATTERNS:
        found = pattern.match(text.strip())
        if found:
            return french.format(*found.groups())
    return None


def _official_fr(code: str | None, message: str) -> str | None:
    """The French text of an official rule (the validator's table: one place for web and CLI)."""
    from guichet.plugins.validate_en16931.rules_fr_text import text_fr

    return text_fr(code, message)


def _shape_fr(text: str) -> str | None:
    from guichet.plugins.validate_en16931.rules_fr_text import shape_fr

    return shape_fr(text)


def french(message: str | None, code: str | None = None) -> str:
    """The French version of one finding or error message (``—`` when there is none).

    :param code: The rule or control code, when known (a finding's ``code``).
    """
    if not message:
        return "—"
    text = _NONE.sub("absent", message.strip())  # « BT-106 (None) » written by a rule: never shown as None
    text = _DOT_AMOUNT.sub(r"\1,\2", text)
    rule = _RULE.match(text)
    prefix = ""
    if rule:
        text = rule.group("text").strip()
        if not code:  # a reason names no code elsewhere: keep the rule's in front
            prefix = f"{rule.group('rule')} : "
        code = code or rule.group("rule")
    translated = _pattern(text)
    if translated is not None:
        return prefix + translated
    official = _official_fr(code, message)
    english = looks_english(text) or (rule and len(FRENCH_MARKERS.findall(text)) < 2)
    if official is not None and (english or _shape_fr(text) is not None):
        return prefix + official
    if english:
        from guichet.web.terms import mentioned

        terms = mentioned(text)
        about = f" — termes concernés : {', '.join(terms)}" if terms else ""
        if code:
            return f"Règle {code} de la norme EN 16931 non respectée{about}"
        return f"Message technique en anglais (texte d'origine ci-dessous){about}"
    # Library messages quoted inside a French sentence: « IBAN invalide : X (Invalid length '13') ».
    return re.sub(r"\(([^()]+)\)", lambda m: f"({_pattern(m.group(1)) or m.group(1)})", text)


def is_translated(message: str | None, code: str | None = None) -> bool:
    """True when :func:`french` had to replace an English text (show the original beside it)."""
    plain = _DOT_AMOUNT.sub(r"\1,\2", _NONE.sub("absent", (message or "").strip()))
    return bool(message) and french(message, code) != plain


def reason_parts(reason: str | None) -> list[str]:
    """A stored reason (« a; b; a ») as its distinct parts, each in French, in order."""
    if not reason:
        return []
    seen: dict[str, None] = {}
    for part in reason.split("; "):
        seen.setdefault(french(part), None)
    return list(seen)


def reason_fr(reason: str | None, limit: int = 6) -> str:
    """A stored reason as one French sentence: distinct parts, the first ``limit`` of them."""
    parts = reason_parts(reason)
    if not parts:
        return ""
    more = len(parts) - limit
    text = " ; ".join(parts[:limit])
    return f"{text} (et {more} autre{'s' if more > 1 else ''})" if more > 0 else text
