"""French labels of every code list the web UI shows (the ``label`` template filter).

One table per list, keyed by the code as stored. ``label(code, "unit")`` gives the
French words, and the code itself when the table does not know it (never ``None``).
The lists: document types (UNTDID 1001), units (UN/ECE Rec 20/21), VAT categories
(UNTDID 5305), payment means (UNTDID 4461), channels, directions, reading sources,
syntaxes, Factur-X profiles, follow-up progress, states, severities, findings
(core/pipeline/controls.py ``CODES``), events (:mod:`guichet.web.history`) and EN 16931
business terms (``term``: BT-n/BG-n, :mod:`guichet.web.terms`).
"""

from __future__ import annotations

from guichet.core.model.states import PROGRESS_LABELS, SEVERITY_LABELS, STATE_LABELS

#: BT-3, UNTDID 1001 (the codes EN 16931 and the French CTC accept).
DOCUMENT_TYPES: dict[str, str] = {
    "71": "Demande de paiement",
    "80": "Note de débit (biens et services)",
    "82": "Facture de services mesurés",
    "84": "Note de débit (ajustements financiers)",
    "102": "Note de débit (ajustements financiers)",
    "130": "Fiche de données de facturation",
    "202": "Évaluation de paiement directe",
    "203": "Évaluation de paiement provisoire",
    "204": "Évaluation de paiement",
    "211": "Demande de paiement intermédiaire",
    "218": "Demande de paiement finale",
    "219": "Demande de paiement (travaux terminés)",
    "261": "Avoir d'autofacturation",
    "262": "Avoir global (remises)",
    "295": "Facture de variation de prix",
    "296": "Avoir pour variation de prix",
    "308": "Avoir de ducroire",
    "325": "Facture proforma",
    "326": "Facture partielle",
    "380": "Facture",
    "381": "Avoir",
    "383": "Note de débit",
    "384": "Facture rectificative",
    "385": "Facture consolidée",
    "386": "Facture d'acompte",
    "387": "Facture de location",
    "388": "Facture de taxe",
    "389": "Autofacture",
    "390": "Facture de ducroire",
    "393": "Facture d'affacturage",
    "394": "Facture de crédit-bail",
    "395": "Facture d'affacturage en consignation",
    "396": "Avoir d'affacturage",
    "420": "Avoir de rectification",
    "456": "Note de débit de rectification",
    "457": "Note de débit d'annulation",
    "458": "Avoir de réversion",
    "500": "Autofacture d'acompte",
    "501": "Autofacture d'affacturage",
    "502": "Autofacture de crédit-bail",
    "503": "Autofacture d'autoliquidation",
    "527": "Autofacture rectificative",
    "532": "Avoir d'expéditeur",
    "553": "Facture de transport",
    "575": "Facture d'assurance",
    "623": "Facture de transitaire",
    "633": "Facture portuaire",
    "751": "Facture (information comptable)",
    "780": "Facture de fret",
    "817": "Facture de réclamation",
    "870": "Facture consulaire",
    "875": "Facture partielle de construction",
    "876": "Facture partielle finale de construction",
    "877": "Facture finale de construction",
    "935": "Facture de douane",
}

#: BT-130 / BT-150, UN/ECE Recommendations 20 and 21: the units invoices use most.
UNITS: dict[str, str] = {
    "C62": "unité", "H87": "pièce", "EA": "unité", "XPP": "pièce", "NAR": "article", "NPR": "paire",
    "SET": "lot", "XBX": "boîte", "XPK": "colis", "XPA": "paquet", "XCT": "carton", "XBO": "bouteille",
    "PR": "paire", "DZN": "douzaine", "HUR": "heure", "MIN": "minute", "SEC": "seconde", "DAY": "jour",
    "WEE": "semaine", "MON": "mois", "ANN": "an", "QAN": "trimestre", "HAN": "semestre",
    "MTR": "mètre", "CMT": "centimètre", "MMT": "millimètre", "KMT": "kilomètre", "MTK": "mètre carré",
    "MTQ": "mètre cube", "LTR": "litre", "CLT": "centilitre", "MLT": "millilitre", "HLT": "hectolitre",
    "KGM": "kilogramme", "GRM": "gramme", "TNE": "tonne", "KWH": "kWh", "MWH": "MWh", "KWT": "kW",
    "P1": "pour cent", "LS": "forfait", "E48": "service", "ZZ": "unité convenue", "A9": "taux",
    "E49": "jour de travail", "LH": "heure de travail", "AS": "assortiment", "KTM": "kilomètre",
}

#: BT-118 / BT-151, UNTDID 5305 as EN 16931 uses it.
VAT_CATEGORIES: dict[str, str] = {
    "S": "Taux normal",
    "Z": "Taux zéro",
    "E": "Exonéré",
    "AE": "Autoliquidation",
    "K": "Livraison intracommunautaire",
    "G": "Exportation hors UE",
    "O": "Hors champ de la TVA",
    "L": "IGIC (Canaries)",
    "M": "IPSI (Ceuta et Melilla)",
    "B": "Transfert (Italie)",
}

#: BT-81, UNTDID 4461: the payment means seen on French invoices.
PAYMENT_MEANS: dict[str, str] = {
    "1": "Non précisé", "10": "Espèces", "20": "Chèque", "30": "Virement", "31": "Virement",
    "42": "Virement sur compte bancaire", "48": "Carte bancaire", "49": "Prélèvement", "57": "Accord permanent",
    "58": "Virement SEPA", "59": "Prélèvement SEPA", "68": "Paiement en ligne", "97": "Compensation",
    "ZZZ": "Convenu entre les parties",
}

#: How a document arrived (core/model/states.py ``Channel`` and the connectors' ids).
CHANNELS: dict[str, str] = {
    "upload": "dépôt sur le site", "cli": "ligne de commande", "api": "API", "email": "courriel",
    "imap": "courriel (IMAP)", "scanner": "scanner", "picking": "collecte", "sftp": "scanner (SFTP)",
    "usb_scanner": "scanner USB", "watched_folder": "dossier surveillé", "mobile": "photo (téléphone)",
    "photo": "photo (téléphone)", "split": "scission d'un document", "supplier_portal": "portail fournisseur",
    "network": "réseau de facturation", "bank": "banque",
}

DIRECTIONS: dict[str, str] = {"purchase": "Achat", "sales": "Vente", "unknown": "Sens inconnu"}

#: Where the invoice data came from (``Invoice.source``) and its syntax.
SOURCES: dict[str, str] = {
    "xml": "données structurées (XML)", "text layer": "texte du PDF", "ocr": "lecture optique (OCR)",
    "coding": "saisie d'un opérateur", "coded": "saisie d'un opérateur",
}
SYNTAXES: dict[str, str] = {
    "cii": "CII (UN/CEFACT)", "ubl": "UBL", "text layer": "texte du PDF", "ocr": "OCR", "coding": "saisie",
}
FORMATS: dict[str, str] = {
    "facturx": "Factur-X", "cii": "XML CII", "ubl": "XML UBL", "pdf": "PDF", "image": "image",
}

#: BT-24 specification identifiers → the profile a person knows.
PROFILES: dict[str, str] = {
    "urn:factur-x.eu:1p0:minimum": "Factur-X MINIMUM",
    "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basicwl": "Factur-X BASIC WL",
    "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic": "Factur-X BASIC",
    "urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:basic": "Factur-X BASIC",
    "urn:cen.eu:en16931:2017": "EN 16931 (Factur-X EN 16931)",
    "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended": "Factur-X EXTENDED",
    "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0": "XRechnung 3.0",
    "urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.3": "XRechnung 2.3",
    "urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.2": "XRechnung 2.2",
    "urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.1": "XRechnung 2.1",
    "urn:ferd:CrossIndustryDocument:invoice:1p0:basic": "ZUGFeRD 1.0 BASIC",
    "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort": "ZUGFeRD 1.0 COMFORT",
    "urn:ferd:CrossIndustryDocument:invoice:1p0:extended": "ZUGFeRD 1.0 EXTENDED",
}

#: Kinds of archived files (``ArchiveRecord.kind``).
ARCHIVE_KINDS: dict[str, str] = {
    "sealed_pdf": "Factur-X scellée (cachet PAdES)", "pdf": "PDF archivé sans cachet", "xml": "XML original horodaté",
}

ROLES: dict[str, str] = {
    "admin": "administrateur du cabinet", "operator": "opérateur du cabinet", "read": "lecture",
    "upload": "dépôt", "manage": "gestion",
}


def _findings() -> dict[str, str]:
    from guichet.core.pipeline.controls import CODES

    return {code: text.replace(" (ajout)", "") for code, text in CODES.items()}


def _events() -> dict[str, str]:
    from guichet.web.history import EVENT_LABELS

    return EVENT_LABELS


_TABLES: dict[str, dict[str, str]] = {
    "doctype": DOCUMENT_TYPES, "unit": UNITS, "vat": VAT_CATEGORIES, "payment_means": PAYMENT_MEANS,
    "channel": CHANNELS, "direction": DIRECTIONS, "source": SOURCES, "syntax": SYNTAXES, "format": FORMATS,
    "profile": PROFILES, "archive_kind": ARCHIVE_KINDS, "role": ROLES,
    "state": {str(k): v for k, v in STATE_LABELS.items()},
    "progress": {str(k): v for k, v in PROGRESS_LABELS.items()},
    "severity": SEVERITY_LABELS,
}
def _terms() -> dict[str, str]:
    from guichet.web.terms import TERMS

    return TERMS


_LAZY = {"finding": _findings, "event": _events, "term": _terms}
LISTS = frozenset(_TABLES) | frozenset(_LAZY)


def label(code: object, kind: str, *, with_code: bool = False) -> str:
    """The French label of ``code`` in the list ``kind`` (see :data:`LISTS`); ``—`` for no code.

    :param with_code: Append the code in parentheses (« Facture (380) ») for the
        screens where people also type codes (coding, review).
    """
    if code is None or code == "":
        return "—"
    text = str(code)
    table = _TABLES.get(kind) or (_LAZY[kind]() if kind in _LAZY else None)
    if table is None:
        msg = f"liste de codes inconnue : {kind}"
        raise KeyError(msg)
    words = table.get(text) or table.get(text.upper()) or table.get(text.lower())
    if kind == "profile" and words is None:
        words = _profile_words(text)
    if words is None:
        return text
    return f"{words} ({text})" if with_code and words != text else words


def _profile_words(identifier: str) -> str | None:
    """A readable name for a specification identifier no table lists (its last part, upper case)."""
    lowered = identifier.lower()
    for marker, words in (("minimum", "Factur-X MINIMUM"), ("basicwl", "Factur-X BASIC WL"),
                          ("basic", "Factur-X BASIC"), ("extended", "Factur-X EXTENDED"),
                          ("xrechnung", "XRechnung"), ("peppol", "Peppol BIS"), ("en16931", "EN 16931")):
        if marker in lowered:
            return words
    return None


def choices(kind: str) -> list[tuple[str, str]]:
    """``(code, "label (code)")`` pairs of a list, for select boxes."""
    table = _TABLES[kind]
    return [(code, f"{words} ({code})") for code, words in table.items()]


#: What each hook does, in a few French words (the extensions page says what a plugin brings).
HOOKS: dict[str, str] = {
    "register_commands": "commandes", "register_connectors": "connecteurs", "register_stages": "étapes du circuit",
    "register_blueprints": "pages web", "instance_initialised": "mise en service", "document_received": "réception",
    "detect_format": "reconnaissance des formats", "extract_xml": "extraction du XML des PDF",
    "parse_invoice": "lecture des factures XML", "extract_words": "lecture du texte (OCR)",
    "propose_fields": "proposition des champs", "registered_name": "nom légal (Sirene)",
    "searchable_pdf": "PDF cherchable", "split_invoices": "découpage des lots", "cut_pdf": "découpage des PDF",
    "check_invoice": "contrôles", "write_invoice": "écriture CII/UBL", "render_facturx": "production Factur-X",
    "seal_pdf": "cachet électronique", "timestamp_digest": "horodatage", "seal_data": "scellement des données",
    "check_sealed_data": "vérification des scellés", "read_bank_statement": "relevés bancaires",
    "write_credit_transfer": "virements SEPA", "payments_recorded": "suivi des paiements",
    "document_state_changed": "suivi des états", "document_stage_changed": "suivi des étapes",
    "pipeline_failed": "alertes d'échec",
}


def hook_roles(hooks: list[str]) -> str:
    """The hooks a plugin implements as French words (« contrôles, horodatage »)."""
    words = [HOOKS.get(h, h.replace("_", " ")) for h in hooks]
    return ", ".join(dict.fromkeys(words)) or "—"
