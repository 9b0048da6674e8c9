"""French CTC rules (BR-FR-*, shared/docs/domain.md §1-2) over the internal model.

They apply to French invoices only (seller country FR, see :func:`is_french`):
a German invoice legitimately has no SIREN, no PMT/PMD/AAB notes and no BT-23.
Rule ids are the official ones without the BT suffix of the DGFiP schematron
(``BR-FR-05_BT-22_PMT`` → ``BR-FR-05``), so both layers compare.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from guichet.core.model.invoice import SCHEME_SIREN, SCHEME_SIRET, Invoice, Party

from .report import FATAL, Finding

DOCUMENT_TYPES = {"380", "389", "393", "501", "386", "500", "384", "471", "472", "473",
                  "261", "262", "381", "396", "502", "503"}
SELF_BILLED = {"389", "501", "500", "471", "473", "261", "502"}
CORRECTIVE = {"384", "471", "472", "473"}
CREDIT_NOTES = {"261", "381", "396", "502", "503"}
DOWN_PAYMENT = {"386", "500", "503"}
BILLING_MODES = {"B1", "S1", "M1", "B2", "S2", "M2", "S3", "B4", "S4", "M4", "S5", "S6", "B7", "S7",
                 "B8", "S8", "M8", "B9", "S9", "M9"}
BAR_VALUES = {"B2B", "B2BINT", "B2C", "B2CINT", "OUTOFSCOPE", "ARCHIVEONLY"}
VAT_CATEGORIES = {"S", "E", "AE", "K", "G", "O", "Z"}
#: BR-FR-16 compares the rate as written: "20", "20.0" and "20.00" pass, "20.000" does not.
VAT_RATES = {"0", "0.0", "0.00", "10", "10.0", "10.00", "13", "13.0", "13.00", "20", "20.0", "20.00",
             "8.5", "8.50", "19.6", "19.60", "2.1", "2.10", "5.5", "5.50", "7", "7.0", "7.00",
             "20.6", "20.60", "1.05", "0.9", "0.90", "1.75", "9.2", "9.20", "9.6", "9.60"}
_DEC_19_2 = re.compile(r"^-?\d{1,19}(\.\d{1,2})?$")
_DEC_19_4 = re.compile(r"^-?\d{1,19}(\.\d{1,4})?$")
_DEC_19_6 = re.compile(r"^-?\d{1,19}(\.\d{1,6})?$")
_DEC_19_6_POSITIVE = re.compile(r"^\d{1,19}(\.\d{1,6})?$")
_PERCENT_4_2 = re.compile(r"^\d{1,4}(\.\d{1,2})?$")


def _written(value: Decimal) -> str:
    """The number as it was written (Decimal keeps the trailing zeros)."""
    return format(value, "f")


def _fits(pattern: re.Pattern[str], value: Decimal, max_digits: int = 19) -> bool:
    text = _written(value)
    return bool(pattern.match(text)) and len(text.replace(".", "").lstrip("-")) <= max_digits
ATTACHMENT_CODES = {"RIB", "LISIBLE", "FEUILLE_DE_STYLE", "PJA", "BORDEREAU_SUIVI", "DOCUMENT_ANNEXE",
                    "BON_LIVRAISON", "BON_COMMANDE", "BORDEREAU_SUIVI_VALIDATION", "ETAT_ACOMPTE",
                    "FACTURE_PAIEMENT_DIRECT", "RECAPITULATIF_COTRAITANCE"}
_ID_CHARS = re.compile(r"^[A-Za-z0-9+\-_/]+$")
_ADDRESS_CHARS = re.compile(r"^[A-Za-z0-9+\-_.]+$")
_SIREN = re.compile(r"^\d{9}$")


def is_french(invoice: Invoice) -> bool:
    """A French invoice: the seller's country (BT-40) is FR (or, without address, a FR VAT number)."""
    address = invoice.seller.address
    if address is not None and address.country:
        return address.country.upper() == "FR"
    return (invoice.seller.vat_id or "").upper().startswith("FR")


def _f(rule_id: str, message: str, location: str | None = None) -> Finding:
    return Finding(rule_id, FATAL, message, location, "model")


def _legal_siren(party: Party) -> str | None:
    ident = party.legal_id
    if ident is not None and ident.scheme == SCHEME_SIREN:
        return ident.value.strip()
    return None


def _bar(invoice: Invoice) -> list[str]:
    return [n.text.strip() for n in invoice.notes if (n.subject_code or "").upper() == "BAR"]


def check(invoice: Invoice) -> list[Finding]:
    """Run the BR-FR rules on a French invoice (the caller decides it is French)."""
    return list(_check(invoice))


def _check(inv: Invoice) -> Iterator[Finding]:  # one flat list of rules reads best
    for value, bt in [(inv.number, "BT-1")] + [(p.number, "BT-25") for p in inv.preceding_invoices]:
        if value is None:
            continue
        if len(value) > 35:
            yield _f("BR-FR-01", f"{bt} : identifiant de plus de 35 caractères ({value!r})", bt)
        if not _ID_CHARS.match(value):
            yield _f("BR-FR-02", f"{bt} : caractères non autorisés dans {value!r} (A-Z a-z 0-9 + - _ /)", bt)
    dates = [(inv.issue_date, "BT-2"), (inv.tax_point_date, "BT-7"), (inv.due_date, "BT-9"),
             (inv.period_start, "BT-73"), (inv.period_end, "BT-74"),
             (inv.delivery.date if inv.delivery else None, "BT-72")]
    dates += [(p.issue_date, "BT-26") for p in inv.preceding_invoices]
    for value, bt in dates:
        if value is not None and not 2000 <= value.year <= 2099:
            yield _f("BR-FR-03", f"{bt} : l'année doit être comprise entre 2000 et 2099 ({value})", bt)
    if inv.type_code and inv.type_code not in DOCUMENT_TYPES:
        yield _f("BR-FR-04", f"type de document (BT-3) {inv.type_code} non autorisé en France", "BT-3")
    subjects = Counter((n.subject_code or "").upper() for n in inv.notes)
    for code, label in (("PMT", "indemnité forfaitaire de recouvrement"), ("PMD", "pénalités de retard"),
                        ("AAB", "escompte ou absence d'escompte")):
        if not subjects[code]:
            yield _f("BR-FR-05", f"la mention « {label} » (note {code}) est absente", "BT-22")
    for code in ("PMT", "PMD", "AAB", "TXD"):
        if subjects[code] > 1:
            yield _f("BR-FR-06", f"la note {code} ne doit apparaître qu'une fois", "BT-21")
    if inv.process_id not in BILLING_MODES:
        yield _f("BR-FR-08", f"cadre de facturation (BT-23) absent ou non autorisé : {inv.process_id!r}", "BT-23")
    seller_siren = _legal_siren(inv.seller)
    for party, bt in ((inv.seller, "BT-29"), (inv.buyer, "BT-46"), (inv.payee, "BT-60")):
        if party is None:
            continue
        siren = _legal_siren(party)
        for ident in party.identifiers:
            if ident.scheme == SCHEME_SIRET:
                value = ident.value.strip()
                if not (len(value) == 14 and value.isdigit() and siren and value.startswith(siren)):
                    yield _f("BR-FR-09", f"{bt} : le SIRET {value} doit avoir 14 chiffres et commencer par le SIREN", bt)
            if ident.scheme in (SCHEME_SIREN, "0231") and not _SIREN.match(ident.value.strip()):
                yield _f("BR-FR-32", f"{bt} : identifiant {ident.value!r} (schéma {ident.scheme}) : 9 chiffres attendus", bt)
            if ident.scheme == "0224":
                if not _ADDRESS_CHARS.match(ident.value):
                    yield _f("BR-FR-24", f"{bt} : identifiant privé {ident.value!r} : caractères non autorisés", bt)
                if len(ident.value) > 100:
                    yield _f("BR-FR-26", f"{bt} : identifiant privé de plus de 100 caractères", bt)
        if party.legal_id is not None and party.legal_id.scheme == SCHEME_SIREN and not _SIREN.match(party.legal_id.value.strip()):
            yield _f("BR-FR-32", f"identifiant légal {party.legal_id.value!r} (schéma 0002) : 9 chiffres attendus", bt)
    if not (seller_siren and _SIREN.match(seller_siren)):
        yield _f("BR-FR-10", "le SIREN du vendeur (BT-30, schéma 0002) est obligatoire (9 chiffres)", "BT-30")
    bar = _bar(inv)
    b2b = "B2B" in bar
    if b2b:
        buyer_siren = _legal_siren(inv.buyer)
        if not (buyer_siren and _SIREN.match(buyer_siren)):
            yield _f("BR-FR-11", "facture B2B : le SIREN de l'acheteur (BT-47) est obligatoire", "BT-47")
    if inv.buyer.electronic_address is None or not inv.buyer.electronic_address.value:
        yield _f("BR-FR-12", "l'adresse électronique de l'acheteur (BT-49) est obligatoire", "BT-49")
    if inv.seller.electronic_address is None or not inv.seller.electronic_address.value:
        yield _f("BR-FR-13", "l'adresse électronique du vendeur (BT-34) est obligatoire", "BT-34")
    for party, bt in ((inv.seller, "BT-34"), (inv.buyer, "BT-49")):
        ea = party.electronic_address
        if ea is None or not ea.value or ea.scheme != "0225":  # the DGFiP schematron checks 0225 only
            continue
        if not _ADDRESS_CHARS.match(ea.value):
            yield _f("BR-FR-23", f"{bt} : adresse électronique {ea.value!r} : caractères non autorisés", bt)
        if len(ea.value) > 125:
            yield _f("BR-FR-25", f"{bt} : adresse électronique de plus de 125 caractères", bt)
    if b2b:
        self_billed = inv.type_code in SELF_BILLED
        party, rule_id, bt = (inv.seller, "BR-FR-22", "BT-34") if self_billed else (inv.buyer, "BR-FR-21", "BT-49")
        ea, siren = party.electronic_address, _legal_siren(party)
        if ea is None or ea.scheme != "0225" or not siren or not ea.value.startswith(siren):
            yield _f(rule_id, f"facture B2B : {bt} doit commencer par le SIREN, schéma 0225", bt)
    cats = [(ln.vat_category, "BT-151") for ln in inv.lines] + [(vb.category, "BT-118") for vb in inv.vat_breakdown]
    for cat, bt in cats:  # a missing category is as invalid as a wrong one
        if cat not in VAT_CATEGORIES:
            yield _f("BR-FR-15", f"{bt} : catégorie de TVA {cat!r} absente ou non pertinente en France", bt)
    for ac in inv.allowances_charges:
        if ac.vat_category and ac.vat_category not in VAT_CATEGORIES:
            yield _f("BR-FR-15", f"BT-95 : catégorie de TVA {ac.vat_category} non pertinente en France", "BT-95")
    rates = [(ln.vat_rate, "BT-152") for ln in inv.lines] + [(vb.rate, "BT-119") for vb in inv.vat_breakdown]
    for rate, bt in rates:
        if rate is not None and _written(rate) not in VAT_RATES:
            yield _f("BR-FR-16", f"{bt} : taux de TVA {rate} non autorisé en France", bt)
    rates += [(ac.vat_rate, "BT-96") for ac in inv.allowances_charges]
    for rate, bt in rates:
        if rate is not None and not _fits(_PERCENT_4_2, rate, 4):
            yield _f("BR-FR-DEC-04", f"{bt} : taux de TVA {rate} mal formé (positif, 4 chiffres, 2 décimales)", bt)
    for line in inv.lines:
        for name, _value in line.attributes:
            if not (name or "").strip():
                yield _f("BR-FR-27", f"BG-25[{line.id}] : attribut d'article sans nom (BT-160)", "BT-160")
    lisible = 0
    for att in inv.attachments:
        code = (att.description or "").strip()
        if code and code not in ATTACHMENT_CODES:
            yield _f("BR-FR-17", f"BT-123 : code de pièce jointe {code!r} non autorisé", "BT-123")
        lisible += code == "LISIBLE"
    if lisible > 1:
        yield _f("BR-FR-18", "une seule pièce jointe LISIBLE est permise", "BT-123")
    for value in bar:
        if value not in BAR_VALUES:
            yield _f("BR-FR-20", f"note BAR : valeur {value!r} non autorisée", "BT-22")
    if len(set(bar)) > 1:
        yield _f("BR-FR-31", "note BAR : une seule valeur est permise", "BT-22")
    yield from _coherence(inv)
    yield from _decimals(inv)


def _coherence(inv: Invoice) -> Iterator[Finding]:
    """BR-FR-CO-*: document-level coherence."""
    if inv.type_code == "262" and (not inv.contract_reference or not (inv.period_start and inv.period_end)):
        yield _f("BR-FR-CO-03", "avoir remise globale (262) : contrat (BT-12) et période (BG-14) requis", "BT-12")
    refs = [p for p in inv.preceding_invoices if p.number and p.issue_date]
    if inv.type_code in CORRECTIVE and len(refs) != 1:
        yield _f("BR-FR-CO-04", "facture rectificative : une et une seule référence antérieure (BT-25 + BT-26)", "BT-25")
    if inv.type_code in CREDIT_NOTES and not refs:
        yield _f("BR-FR-CO-05", "avoir : au moins une référence à une facture antérieure (BT-25 + BT-26)", "BT-25")
    mode = inv.process_id or ""
    if (inv.due_date and (inv.issue_date is None or inv.due_date < inv.issue_date)
            and inv.type_code not in DOWN_PAYMENT and mode not in ("B2", "S2", "M2")):
        yield _f("BR-FR-CO-07", "la date d'échéance (BT-9) précède la date de facture (BT-2)", "BT-9")
    if mode in ("B4", "S4", "M4") and inv.type_code in DOWN_PAYMENT:
        yield _f("BR-FR-CO-08", "cadre B4/S4/M4 incompatible avec un type d'acompte", "BT-23")
    if mode in ("B2", "S2", "M2"):
        t = inv.totals
        if t.prepaid != t.tax_inclusive:
            yield _f("BR-FR-CO-09", "facture déjà payée : BT-113 doit égaler BT-112", "BT-113")
        if t.amount_due is None or t.amount_due != 0:
            yield _f("BR-FR-CO-09", "facture déjà payée : le net à payer (BT-115) doit être 0", "BT-115")
        if inv.due_date is None:
            yield _f("BR-FR-CO-09", "facture déjà payée : la date d'échéance (BT-9) est requise", "BT-9")
    for party, bt in ((inv.seller, "BT-29"), (inv.buyer, "BT-46"), (inv.payee, "BT-60")):
        if party is None:
            continue
        schemes = Counter(i.scheme for i in party.identifiers if i.scheme)
        if any(n > 1 for n in schemes.values()):
            yield _f("BR-FR-CO-10", f"{bt} : chaque schéma d'identifiant ne peut apparaître qu'une fois", bt)
    if inv.currency and inv.currency != "EUR":
        if inv.tax_currency != "EUR" or inv.totals.tax_total_accounting is None:
            yield _f("BR-FR-CO-12", "devise ≠ EUR : BT-6 = EUR et la TVA en euros (BT-111) sont requis", "BT-6")
    if any(i.scheme == "0231" for i in inv.seller.identifiers):
        if not any((n.subject_code or "").upper() == "TXD" for n in inv.notes):
            yield _f("BR-FR-CO-14", "membre d'un assujetti unique : note TXD requise", "BT-21")
        if inv.tax_representative is None or not inv.tax_representative.vat_id:
            yield _f("BR-FR-CO-15", "membre d'un assujetti unique : représentant fiscal (BG-11) avec n° de TVA requis", "BG-11")


def _decimals(inv: Invoice) -> Iterator[Finding]:
    """BR-FR-DEC-01..03: amounts, quantities and prices."""
    t = inv.totals
    amounts = [(getattr(t, n), bt) for n, bt in (
        ("line_total", "BT-106"), ("allowance_total", "BT-107"), ("charge_total", "BT-108"),
        ("tax_exclusive", "BT-109"), ("tax_total", "BT-110"), ("tax_total_accounting", "BT-111"),
        ("tax_inclusive", "BT-112"), ("prepaid", "BT-113"), ("rounding", "BT-114"), ("amount_due", "BT-115"))]
    amounts += [(vb.taxable_amount, "BT-116") for vb in inv.vat_breakdown] + [(vb.tax_amount, "BT-117") for vb in inv.vat_breakdown]
    amounts += [(ac.amount, "BT-92") for ac in inv.allowances_charges] + [(ac.base_amount, "BT-93") for ac in inv.allowances_charges]
    bidirectional = (inv.process_id or "") in ("B9", "S9", "M9")
    for line in inv.lines:
        amounts.append((line.net_amount, "BT-131"))
        amounts += [(ac.amount, "BT-136") for ac in line.allowances_charges]
        amounts += [(ac.base_amount, "BT-137") for ac in line.allowances_charges]
        for qty, bt in ((line.quantity, "BT-129"), (line.price_base_quantity, "BT-149")):
            if qty is not None and not _fits(_DEC_19_4, qty):
                yield _f("BR-FR-DEC-02", f"{bt} : quantité {qty} (4 décimales au plus)", bt)
        for price, bt in ((line.net_price, "BT-146"), (line.price_discount, "BT-147"), (line.gross_price, "BT-148")):
            if price is not None and not _fits(_DEC_19_6 if bidirectional else _DEC_19_6_POSITIVE, price):
                yield _f("BR-FR-DEC-03", f"{bt} : prix {price} (positif, 6 décimales au plus)", bt)
    for value, bt in amounts:
        if value is not None and not _fits(_DEC_19_2, value):
            yield _f("BR-FR-DEC-01", f"{bt} : montant {value} (2 décimales au plus, 19 chiffres)", bt)
