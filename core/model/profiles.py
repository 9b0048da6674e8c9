"""Factur-X profiles and their guideline identifiers (BT-24): vocabulary shared by the writers and renderers.

shared/docs/domain.md §2.3. The CII writer sets BT-24 from it; the Factur-X renderer
picks the profile of an invoice with it; neither imports the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guichet.core.model.invoice import Invoice

#: Factur-X profiles and their guideline identifiers (BT-24), shared/docs/domain.md §2.3.
GUIDELINES: dict[str, str] = {
    "minimum": "urn:factur-x.eu:1p0:minimum",
    "basicwl": "urn:factur-x.eu:1p0:basicwl",
    "basic": "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
    "en16931": "urn:cen.eu:en16931:2017",
    "extended": "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
}
PROFILE_ALIASES = {"basic-wl": "basicwl", "basic_wl": "basicwl", "comfort": "en16931", "en 16931": "en16931"}


def normalize_profile(profile: str | None) -> str:
    """``"EN16931"``, ``"basic-wl"``... as a key of :data:`GUIDELINES`; raises ValueError if unknown."""
    key = (profile or "en16931").strip().lower()
    key = PROFILE_ALIASES.get(key, key)
    if key not in GUIDELINES:
        raise ValueError(f"profil Factur-X inconnu : {profile} (minimum, basicwl, basic, en16931, extended)")
    return key


def profile_of_guideline(guideline: str | None) -> str | None:
    """The Factur-X profile key of a BT-24 value, or None when it is not a Factur-X one."""
    for key, value in GUIDELINES.items():
        if guideline == value:
            return key
    return None


def effective_profile(invoice: Invoice, profile: str | None) -> str:
    """The Factur-X profile used: the one asked, or BASIC WL / MINIMUM when the invoice has no lines
    (the Factur-X renderer and ``convert --to cii`` alike)."""
    key = normalize_profile(profile)
    if key in ("basic", "en16931", "extended") and not invoice.lines:
        key = "basicwl" if invoice.vat_breakdown else "minimum"
    if key == "basicwl" and not invoice.vat_breakdown:
        key = "minimum"
    return key
