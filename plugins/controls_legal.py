"""Legal mentions of French invoices (CGI annexe II art. 242 nonies A, C. com. L441-9).

Scope (decision): French law governs the invoices of sellers established in
France, so these controls apply only when the seller is French (French address,
SIREN or FR VAT number, see :func:`guichet.core.pipeline.controls.is_french_party`).
German or other foreign invoices in the corpus get none of these findings.
Buyer-side mentions (buyer SIREN, the L441-9 notes) apply to domestic B2B
invoices: French seller and French business buyer.

The four mentions of the 2026 reform (buyer SIREN, delivery address, nature of the
operation BT-23, VAT-on-debits option BT-8) and the BR-FR-05 notes (PMT, PMD, AAB)
are required for invoices issued from ``reform_date`` (company option, default
2026-09-01, the GE/ETI date): missing then, they block. Before that date the
notes were still required by L441-9 but were usually printed on the PDF only, so
their absence from the XML is a warning; the 2026 mentions are not checked.

Codes: LEG-NUMBER, LEG-DATES, LEG-DOCTYPE, LEG-SIREN-SELLER, LEG-SIREN-BUYER,
LEG-VATID, LEG-NATURE, LEG-DELIVERY-ADDR, LEG-VAT-DEBITS, LEG-NOTES-PMT-PMD-AAB,
LEG-EXEMPTION.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.pipeline.controls import Report, control_option, is_french_party, reform_date

if TYPE_CHECKING:
    from guichet.core.model.invoice import Invoice
    from guichet.core.model.models import Company

ORIGIN = "controls_legal"

NUMBER_RE = re.compile(r"^[A-Za-z0-9+\-_/]{1,35}$")  # BR-FR-01/02
FRENCH_TYPES = frozenset(
    {"380", "389", "393", "501", "386", "500", "384", "471", "472", "473", "381", "261", "262", "396", "502", "503"}
)
CREDIT_TYPES = frozenset({"381", "261", "262", "396", "502", "503"})
CORRECTIVE_TYPES = frozenset({"384", "471", "472", "473"})
DOWN_PAYMENT_TYPES = frozenset({"386", "500", "503"})
NATURE_CODES = frozenset(
    {"B1", "S1", "M1", "B2", "S2", "M2", "S3", "B4", "S4", "M4", "S5", "S6", "B7", "S7",
     "B8", "S8", "M8", "B9", "S9", "M9"}
)
ALREADY_PAID = frozenset({"B2", "S2", "M2"})
VAT_DEBIT_CODES = frozenset({"3", "5"})  # UNTDID 2005 (UBL) / 2475 (CII)
INTRA_EU = frozenset({"K", "AE"})

# Wording that stands for a note when the subject code is missing (accents removed, lower case).
NOTE_WORDING = {
    "PMT": ("40", "indemnite forfaitaire", "frais de recouvrement"),
    "PMD": ("penalite", "interet de retard", "taux d'interet"),
    "AAB": ("escompte",),
}
NOTE_LABELS = {
    "PMT": "l'indemnité forfaitaire de 40 € pour frais de recouvrement (note PMT)",
    "PMD": "le taux des pénalités de retard (note PMD)",
    "AAB": "les conditions d'escompte ou l'absence d'escompte (note AAB)",
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _has_note(invoice: Invoice, subject: str) -> bool:
    """A note with this subject code, or wording that says the same in the notes or terms."""
    if any((note.subject_code or "").upper() == subject for note in invoice.notes):
        return True
    texts = [_plain(note.text) for note in invoice.notes if note.text]
    if invoice.payment_terms:
        texts.append(_plain(invoice.payment_terms))
    words = NOTE_WORDING[subject]
    if subject == "PMT":  # "40" alone is too common: need "40" and a recovery word
        return any("40" in t and any(w in t for w in words[1:]) for t in texts)
    return any(w in t for t in texts for w in words)


def _claims_siren(party: object) -> bool:
    """True when the party gives a SIREN/SIRET-looking id (an invalid one is ID-SIREN-CHECKSUM's job)."""
    ids = [getattr(party, "legal_id", None), *getattr(party, "identifiers", [])]
    return any(i is not None and (i.scheme or "") in ("0002", "0009", "") and i.value.replace(" ", "").isdigit()
               for i in ids)


def _is_business(party: object) -> bool:
    return bool(getattr(party, "siren", None) or getattr(party, "vat_id", None))


def _check_number_and_dates(report: Report, invoice: Invoice, reformed: bool) -> None:
    if not invoice.number:
        report.block("LEG-NUMBER", "numéro de facture absent", "BT-1")
    elif not NUMBER_RE.match(invoice.number):
        message = f"numéro « {invoice.number} » : 35 caractères au plus, lettres, chiffres, + - _ / (BR-FR-01/02)"
        (report.block if reformed else report.warn)("LEG-NUMBER", message, "BT-1")
    if invoice.issue_date is None:
        report.block("LEG-DATES", "date de facture absente", "BT-2")
        return
    if not 2000 <= invoice.issue_date.year <= 2099:
        report.block("LEG-DATES", f"date de facture invraisemblable : {invoice.issue_date.isoformat()}", "BT-2")
    if invoice.issue_date > dt.date.today() + dt.timedelta(days=1):
        report.warn("LEG-DATES", f"date de facture dans le futur : {invoice.issue_date.isoformat()}", "BT-2")
    exempt = (invoice.type_code or "") in DOWN_PAYMENT_TYPES or (invoice.process_id or "") in ALREADY_PAID
    if invoice.due_date and invoice.due_date < invoice.issue_date and not exempt:
        report.block("LEG-DATES", f"échéance ({invoice.due_date.isoformat()}) avant la date de facture "
                     f"({invoice.issue_date.isoformat()})", "BT-9")


def _check_doctype(report: Report, invoice: Invoice, reformed: bool) -> None:
    code = invoice.type_code or ""
    if code and code not in FRENCH_TYPES:
        (report.block if reformed else report.warn)(
            "LEG-DOCTYPE", f"type de document {code} hors de la liste française (BR-FR-04)", "BT-3")
    if code in CORRECTIVE_TYPES and len(invoice.preceding_invoices) != 1:
        report.block("LEG-DOCTYPE", "facture rectificative sans référence unique à la facture d'origine", "BT-25")
    if code in CREDIT_TYPES and not invoice.preceding_invoices:
        report.warn("LEG-DOCTYPE", "avoir sans référence à la facture d'origine", "BT-25")


def _check_parties(report: Report, invoice: Invoice, reformed: bool) -> None:
    seller, buyer = invoice.seller, invoice.buyer
    if not _claims_siren(seller):
        report.block("LEG-SIREN-SELLER", "SIREN du vendeur absent (mention obligatoire, BT-30)", "BT-30")
    domestic_b2b = is_french_party(buyer) and _is_business(buyer)  # consumers: no L441-9 notes
    b2c = any((n.subject_code or "").upper() == "BAR" and "B2C" in n.text.upper() for n in invoice.notes)
    if reformed and is_french_party(buyer) and not b2c and not _claims_siren(buyer):
        report.block("LEG-SIREN-BUYER", "SIREN de l'acheteur absent (mention obligatoire depuis la réforme)", "BT-47")
    categories = {(r.category or "").upper() for r in invoice.vat_breakdown}
    categories |= {(line.vat_category or "").upper() for line in invoice.lines}
    intra = categories & INTRA_EU
    if intra:
        if not buyer.vat_id:
            report.block("LEG-VATID", f"opération {'/'.join(sorted(intra))} sans numéro de TVA de l'acheteur", "BT-48")
        if not seller.vat_id and not (invoice.tax_representative and invoice.tax_representative.vat_id):
            report.block("LEG-VATID", f"opération {'/'.join(sorted(intra))} sans numéro de TVA du vendeur", "BT-31")
    if not domestic_b2b:
        return
    missing = [s for s in ("PMT", "PMD", "AAB") if not _has_note(invoice, s)]
    if missing:
        labels = ", ".join(NOTE_LABELS[s] for s in missing)
        if reformed:
            report.block("LEG-NOTES-PMT-PMD-AAB", f"mention absente : {labels}", "BT-21")
        else:
            report.warn("LEG-NOTES-PMT-PMD-AAB", f"mention absente des données structurées : {labels}", "BT-21")


def _check_reform(report: Report, invoice: Invoice, company: Company | None) -> None:
    nature = (invoice.process_id or "").upper()
    if not nature:
        report.block("LEG-NATURE", "nature de l'opération absente : biens, services ou mixte (cadre BT-23)", "BT-23")
    elif nature not in NATURE_CODES:
        report.block("LEG-NATURE", f"cadre de facturation {nature} hors de la liste BR-FR-08", "BT-23")
    goods = nature[:1] in ("B", "M")
    delivery = invoice.delivery
    if goods and delivery is not None and (delivery.party_name or delivery.location_id) and delivery.address is None:
        report.warn("LEG-DELIVERY-ADDR", "livraison de biens indiquée sans adresse de livraison", "BG-15")
    seller_is_company = company is not None and invoice.seller.siren == company.siren
    if seller_is_company and control_option(company, "vat_on_debits"):
        if (invoice.vat_point_date_code or "") not in VAT_DEBIT_CODES:
            report.warn("LEG-VAT-DEBITS", "le dossier a opté pour la TVA sur les débits : mention (BT-8) absente", "BT-8")


EXEMPTION_WORDS = ("293 b", "exoner", "non applicable", "autoliquidation", "article 2", "art. 2", "262", "283",
                   "vatex")


def _check_exemption(report: Report, invoice: Invoice) -> None:
    totals = invoice.totals
    if (not invoice.vat_breakdown and totals.tax_total == 0 and totals.tax_exclusive
            and totals.tax_exclusive > 0):
        texts = [_plain(n.text) for n in invoice.notes if n.text]
        if not any(word in text for text in texts for word in EXEMPTION_WORDS):
            report.block("LEG-EXEMPTION", "facture sans TVA sans mention d'exonération (ex. « TVA non applicable, "
                         "art. 293 B du CGI »)", "BT-120")
    for row in invoice.vat_breakdown:
        category = (row.category or "").upper()
        if category and category != "S" and not (row.exemption_reason or row.exemption_code):
            report.block("LEG-EXEMPTION",
                         f"TVA {category} à 0 % sans mention d'exonération (article du CGI ou code VATEX)", "BT-120")


def check_legal(invoice: Invoice, company: Company | None = None) -> Report:
    """Run the legal-mention controls on ``invoice`` (no database, no network)."""
    report = Report(ORIGIN)
    if not is_french_party(invoice.seller):
        return report
    reformed = invoice.issue_date is not None and invoice.issue_date >= reform_date(company)
    _check_number_and_dates(report, invoice, reformed)
    _check_doctype(report, invoice, reformed)
    _check_parties(report, invoice, reformed)
    if reformed:
        _check_reform(report, invoice, company)
    _check_exemption(report, invoice)
    return report


@hookimpl
def check_invoice(invoice: Invoice, company: Company | None) -> list:
    """Mandatory mentions of French invoices."""
    return check_legal(invoice, company).result(company)
