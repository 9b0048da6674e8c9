"""Mending a source's defects that have one meaning-preserving fix, before a conversion.

``guichet convert`` never carries a source's defect into its output silently: a
defect is either mended here (and said) or the conversion is refused. Mended:

- a line without identifier (BT-126, BR-21): the lines are numbered in their order;
- an identifier whose scheme says it is the party's own (``supplier_specific``,
  ``proprietary``...), which is no ISO 6523 scheme: written without scheme (BT-29,
  BT-46 and BT-71 take an identifier without scheme for exactly that);
- a payee (BG-10) that is the seller again (same name or identifier): EN 16931
  gives BG-10 only for another payee (BR-17), so it is left out;
- document allowances (charges) whose amounts have the opposite sign of their base
  (ZUGFeRD 1.0 corrections: +0.10 off a -5.00 base) when the allowance total BT-107
  (BT-108) is their sum with the base's sign: the amounts take that sign (BR-CO-11/12);
- a comment line without quantity, price nor amount (ZUGFeRD 1.0 "free text"
  lines): not an invoice line in EN 16931; its text becomes an invoice note (BT-22);
- a VAT accounting currency (BT-6) equal to the invoice currency (BT-5), which UBL allows
  and CII forbids (BR-53): left out, it says nothing more;
- a tax registration (FC) of the buyer or tax representative, which EN 16931 gives to the
  seller only (BT-32): left out, and said;
- a code list value written with a known equivalent (EN 16931 code lists, as the
  official codedb has them): letter case (``eur``, ``fr``, ``s``), ISO 6523 codes
  without their leading zeros (``88`` for ``0088``), well-known scheme names for
  their ISO 6523 / EAS code (``GLN`` → 0088, ``DUNS`` → 0060, ``SIREN`` → 0002,
  ``SIRET`` → 0009, ``EMAIL`` → EM), a withdrawn EAS code for its successor (9958 → 0204,
  the German Leitweg-ID), ``UK`` → ``GB`` and ``EL`` → ``GR`` as countries;
- a line without VAT category (BT-151) at a rate the source's VAT breakdown gives to one
  category only: that category (the breakdown says it; no category is guessed from a rate);
- no VAT breakdown (BG-23, BR-CO-18) while every line (and document allowance or charge)
  has its net amount, VAT category and rate: one breakdown per category and rate, its base
  the sum of those amounts (BR-S-08...) and its VAT the base times the rate, rounded to the
  cent (BR-CO-17), said with the values computed. Exemption reasons (BT-120/BT-121) are
  not derived: a category that needs one is still refused when the source lacks it.

Anything else (a value without equivalent, a wrong total, a missing party) has no
single meaning-preserving fix: the conversion is refused with the rule broken.
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from . import codes

CENT = Decimal("0.01")
#: VAT categories whose rate is always 0 (BR-Z-05, BR-E-05, BR-AE-05, BR-K-05, BR-G-05) or absent (BR-O-05).
ZERO_RATE_CATEGORIES = frozenset({"Z", "E", "AE", "K", "G", "O"})

if TYPE_CHECKING:
    from guichet.core.model.invoice import Identifier, Invoice

#: Scheme names met in the wild for codes of the ISO 6523 ICD list (BR-CL-10, BR-CL-11...).
ICD_NAMES = {"GLN": "0088", "EAN": "0088", "GTIN": "0160", "DUNS": "0060", "D-U-N-S": "0060",
             "SIREN": "0002", "SIRENE": "0002", "SIRET": "0009", "ODETTE": "0177", "LEI": "0199"}
#: The same for electronic address schemes (BR-CL-25), plus the e-mail scheme, and the EAS codes the
#: list withdrew for a successor meaning the same: 9958 (German Leitweg-ID) became 0204 (Leitweg-ID,
#: KoSIT) in the EAS list of 2023.
WITHDRAWN = {"9958": "0204"}
EAS_NAMES = {**ICD_NAMES, "EMAIL": "EM", "E-MAIL": "EM", "MAIL": "EM", **WITHDRAWN}
COUNTRY_NAMES = {"UK": "GB", "EL": "GR"}
#: Scheme names that mean "the party's own identifier" (written without scheme in EN 16931).
OWN_SCHEMES = {"SUPPLIER_SPECIFIC", "SUPPLIERSPECIFIC", "PROPRIETARY", "SELLER", "BUYER", "INTERNAL", "ZZZ"}


def _code(value: str | None, allowed: frozenset[str], names: dict[str, str] | None = None) -> str | None:
    """The equivalent of ``value`` in ``allowed`` (None when it has none or needs none)."""
    if value is None or value in allowed:
        return None
    text = value.strip()
    for candidate in (text, text.upper(), (names or {}).get(text.upper().replace(" ", "")),
                      text.zfill(4) if text.isdigit() else None):
        if candidate and candidate in allowed:
            return candidate
    return None


def mend(invoice: Invoice) -> tuple[Invoice, list[str]]:
    """A mended copy of ``invoice`` and what was mended, in French (empty when nothing was)."""
    inv = copy.deepcopy(invoice)
    said: list[str] = []

    def code(owner: object, attr: str, allowed: frozenset[str], what: str,
             names: dict[str, str] | None = None) -> None:
        value = getattr(owner, attr)
        better = _code(value, allowed, names)
        if better is not None:
            setattr(owner, attr, better)
            why = "code retiré de la liste, remplacé par son successeur" if value in WITHDRAWN else "même code"
            said.append(f"{what} « {value} » écrit « {better} » ({why}, liste EN 16931)")

    def scheme(ident: Identifier | None, allowed: frozenset[str], names: dict[str, str], what: str) -> None:
        if ident is not None and ident.scheme:
            code(ident, "scheme", allowed, what, names)

    _comment_lines(inv, said)
    _payee_is_seller(inv, said)
    _allowance_signs(inv, said)
    for label, party in (("du vendeur", inv.seller), ("de l'acheteur", inv.buyer), ("du bénéficiaire", inv.payee)):
        for ident in party.identifiers if party is not None else []:
            if ident.scheme and ident.scheme not in codes.ICD and ident.scheme.upper().replace("-", "_") in OWN_SCHEMES:
                said.append(f"identifiant {label} « {ident.value} » : schéma « {ident.scheme} » (identifiant propre, "
                            "hors ISO 6523) écrit sans schéma")
                ident.scheme = None
    location = inv.delivery.location_id if inv.delivery is not None else None
    if location is not None and location.scheme and location.scheme.upper().replace("-", "_") in OWN_SCHEMES:
        said.append(f"lieu de livraison « {location.value} » : schéma « {location.scheme} » écrit sans schéma")
        location.scheme = None
    if any(not (line.id or "").strip() for line in inv.lines):
        taken = {line.id for line in inv.lines if (line.id or "").strip()}
        number = 0
        for line in inv.lines:
            if not (line.id or "").strip():
                number += 1
                while str(number) in taken:
                    number += 1
                line.id = str(number)
                taken.add(line.id)
        said.append("lignes sans identifiant (BT-126) numérotées dans leur ordre")
    code(inv, "currency", codes.CURRENCIES, "devise (BT-5)")
    code(inv, "tax_currency", codes.CURRENCIES, "devise de TVA (BT-6)")
    if inv.tax_currency and inv.tax_currency == inv.currency and inv.totals.tax_total_accounting is None:
        # UBL lets BT-6 repeat BT-5; CII does not (BR-53): the same currency twice says nothing more.
        said.append(f"devise de TVA (BT-6) « {inv.tax_currency} » identique à la devise de la facture : omise")
        inv.tax_currency = None
    for label, party in (("de l'acheteur", inv.buyer), ("du représentant fiscal", inv.tax_representative)):
        if party is not None and party.tax_registration_id:
            # EN 16931 gives a tax registration (FC, BT-32) to the seller only; CII files may carry
            # one for the buyer, which EN 16931 (and the Factur-X profiles) cannot hold.
            said.append(f"numéro fiscal (FC) {label} « {party.tax_registration_id} » : hors EN 16931 "
                        "(seul le vendeur en a un, BT-32), non repris")
            party.tax_registration_id = None
    parties = [("du vendeur", inv.seller), ("de l'acheteur", inv.buyer), ("du bénéficiaire", inv.payee),
               ("du représentant fiscal", inv.tax_representative)]
    for label, party in parties:
        if party is None:
            continue
        if party.address is not None:
            code(party.address, "country", codes.COUNTRIES, f"pays {label}", COUNTRY_NAMES)
        for ident in party.identifiers:
            scheme(ident, codes.ICD, ICD_NAMES, f"schéma d'identifiant {label}")
        scheme(party.legal_id, codes.ICD, ICD_NAMES, f"schéma d'identifiant légal {label}")
        scheme(party.electronic_address, codes.EAS, EAS_NAMES, f"schéma d'adresse électronique {label}")
    if inv.delivery is not None and inv.delivery.address is not None:
        code(inv.delivery.address, "country", codes.COUNTRIES, "pays de livraison", COUNTRY_NAMES)
    for line in inv.lines:
        code(line, "unit_code", codes.UNITS, f"unité de la ligne {line.id}")
        code(line, "vat_category", codes.VAT_CATEGORIES, f"catégorie de TVA de la ligne {line.id}")
        scheme(line.standard_item_id, codes.ICD, ICD_NAMES, f"schéma d'identifiant d'article de la ligne {line.id}")
    for vb in inv.vat_breakdown:
        code(vb, "category", codes.VAT_CATEGORIES, "catégorie de TVA (BT-118)")
    for ac in inv.allowances_charges:
        code(ac, "vat_category", codes.VAT_CATEGORIES, "catégorie de TVA d'une remise ou de frais")
    _line_categories(inv, said)
    _vat_breakdown(inv, said)
    return inv, said


def _line_categories(inv: Invoice, said: list[str]) -> None:
    """BT-151 of a line that lacks it, when the source's own breakdown has one category at the line's rate."""
    by_rate: dict[Decimal | None, set[str]] = {}
    for vb in inv.vat_breakdown:
        if vb.category:
            by_rate.setdefault(vb.rate if vb.rate is not None else Decimal(0), set()).add(vb.category)
    for line in inv.lines:
        if line.vat_category or line.vat_rate is None or len(by_rate.get(line.vat_rate, ())) != 1:
            continue
        (line.vat_category,) = by_rate[line.vat_rate]
        said.append(f"catégorie de TVA de la ligne {line.id} (BT-151) absente : « {line.vat_category} », "
                    f"seule catégorie de la ventilation de la source au taux {line.vat_rate} %")


def _vat_breakdown(inv: Invoice, said: list[str]) -> None:
    """BG-23 computed from the lines and document allowances/charges when the source gives none (see above)."""
    from guichet.core.model.invoice import VatBreakdown

    if inv.vat_breakdown or not inv.lines:
        return
    items = [(line.net_amount, line.vat_category, line.vat_rate) for line in inv.lines]
    items += [(ac.amount if ac.is_charge else -ac.amount, ac.vat_category, ac.vat_rate) for ac in inv.allowances_charges]
    if any(amount is None or not category or (rate is None and category != "O") for amount, category, rate in items):
        return  # a line without amount, category or rate: no single breakdown, refused (BR-CO-18)
    bases: dict[tuple[str, Decimal | None], Decimal] = {}
    for amount, category, rate in items:
        bases[(category, rate)] = bases.get((category, rate), Decimal(0)) + amount
    for (category, rate), base in bases.items():
        tax = Decimal(0) if category in ZERO_RATE_CATEGORIES else (base * rate / 100).quantize(CENT, ROUND_HALF_UP)
        inv.vat_breakdown.append(VatBreakdown(category=category, rate=rate, taxable_amount=base, tax_amount=tax))
    parts = "; ".join(f"{vb.category} {vb.rate if vb.rate is not None else '-'} % : base {vb.taxable_amount}, "
                      f"TVA {vb.tax_amount}" for vb in inv.vat_breakdown)
    said.append(f"ventilation de TVA (BG-23) absente de la source : calculée à partir des lignes par catégorie "
                f"et taux (BR-S-08, BR-CO-17) : {parts}")


def _allowance_signs(inv: Invoice, said: list[str]) -> None:
    for charge, total in ((False, inv.totals.allowance_total), (True, inv.totals.charge_total)):
        items = [ac for ac in inv.allowances_charges if ac.is_charge is charge]
        flip = [ac for ac in items if ac.base_amount is not None and ac.base_amount < 0 < (ac.amount or 0)]
        if not flip or total is None or total >= 0:
            continue
        if sum((-ac.amount if ac in flip else ac.amount) for ac in items) != total:
            continue
        for ac in flip:
            ac.amount = -ac.amount
            if ac.percent is not None and ac.percent < 0:
                ac.percent = -ac.percent
        said.append(f"{'frais' if charge else 'remises'} du document : montants de signe opposé à leur base "
                    f"(convention ZUGFeRD 1.0) écrits avec le signe de leur base, comme leur total "
                    f"{'BT-108' if charge else 'BT-107'} ({total})")


def _payee_is_seller(inv: Invoice, said: list[str]) -> None:
    payee, seller = inv.payee, inv.seller
    if payee is None:
        return
    same_name = bool(payee.name) and payee.name == seller.name
    same_id = bool({i.value for i in payee.identifiers} & {i.value for i in seller.identifiers})
    same_legal = (payee.legal_id is not None and seller.legal_id is not None
                  and payee.legal_id.value == seller.legal_id.value)
    if same_name or same_id or same_legal:
        inv.payee = None
        said.append("bénéficiaire (BG-10) identique au vendeur retiré : EN 16931 ne le donne que s'il est un autre")


def _comment_lines(inv: Invoice, said: list[str]) -> None:
    """ZUGFeRD 1.0 comment lines (text only) become invoice notes."""
    from guichet.core.model.invoice import Note

    kept = []
    for line in inv.lines:
        empty = (line.quantity is None and line.net_price is None
                 and line.net_amount in (None, Decimal(0)) and not line.allowances_charges)
        text = " ".join(t for t in (line.name, line.description, line.note) if t)
        if empty:
            if text:
                inv.notes.append(Note(text=text))
            said.append("ligne de commentaire sans quantité ni montant reprise en note (BT-22)"
                        if text else "ligne vide sans quantité ni montant retirée")
            continue
        kept.append(line)
    inv.lines = kept
