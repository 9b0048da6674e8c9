"""Fraud and business signals, from the company's own invoice history.

Every query is scoped to the company the document was received for (its
``Invoice`` and ``Party`` rows only). With ``company`` None (``guichet check``
without an instance) the history-based controls are skipped; the two controls
that need no history (buyer is not the company, seller not VAT-registered while
charging VAT) still run when they can.

Codes:
- FRAUD-IBAN-CHANGE (blocking): the IBAN is not one of the supplier's known IBANs
  (:mod:`guichet.core.money.supplier_ibans`, the same rule as the payment batches):
  confirmed by a person for the supplier (payment confirmation), paid in a validated
  batch or seen leaving on a matched bank line, or the baseline: the IBAN of the
  supplier's first invoice that went through the controls (state checked or later).
  An IBAN printed on later invoices stays « changed » until a person confirms it (in a
  payment batch, or by accepting in review the invoice flagged FRAUD-IBAN-CHANGE); the
  confirmation is remembered.
- LEG-DUPLICATE (blocking): same supplier, same number, same year.
- FRAUD-DUPLICATE-AMOUNT (warning): same supplier, same total, same date, another number.
- FRAUD-BUYER-NOT-COMPANY: blocking when the buyer's SIREN or VAT number is
  another company's; warning when only its name differs.
- FRAUD-SELLER-NOT-VAT (blocking): VAT charged by a seller without a VAT number
  (or under the VAT franchise, art. 293 B).
- FRAUD-NEW-SUPPLIER (warning): first invoice of this supplier for the company.
- FRAUD-AMOUNT-ANOMALY (warning): total above ``amount_factor`` × the median of
  the supplier's earlier totals (needs ``amount_history_min`` earlier invoices).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.pipeline.controls import Report, control_option
from guichet.core.model.identifiers import compact
from guichet.core.model.states import State

if TYPE_CHECKING:
    from guichet.core.model.invoice import Invoice, Party
    from guichet.core.model.models import Company

ORIGIN = "controls_fraud"
#: Documents in these states have not (yet) passed the controls: their data is not trusted.
UNCONFIRMED = frozenset({State.RECEIVED, State.TO_EXTRACT, State.TO_CODE, State.EXTRACTED, State.TO_REVIEW,
                         State.REJECTED})


@dataclass
class Past:
    """One earlier invoice of the same supplier for the company."""

    number: str | None
    issue_date: object
    total: Decimal | None
    iban: str | None
    state: str


def _number(value: str | None) -> str:
    return compact(value)


def supplier_history(company: Company, invoice: Invoice) -> list[Past]:
    """Earlier invoices of ``invoice``'s seller for ``company`` (rejected ones and this one left out)."""
    from guichet.core.model import models

    seller = invoice.seller
    party = models.Party
    if seller.siren:
        match = party.siren == seller.siren
    elif seller.vat_id:
        match = party.vat_id.in_({seller.vat_id, compact(seller.vat_id)})
    elif seller.name:
        match = party.name == seller.name
    else:
        return []
    inv = models.Invoice
    query = (
        inv.select(inv.id, inv.number, inv.issue_date, inv.total_with_tax, inv.iban, models.Document.state)
        .join(party, on=(party.invoice == inv.id))
        .switch(inv)
        .join(models.Document, on=(models.Document.id == inv.document))
        .where(
            (inv.company == company.id)
            & (party.role == "seller")
            & match
            & (models.Document.state != str(State.REJECTED))
        )
        .order_by(inv.id)
        .dicts()
    )
    current = None
    out = []
    for row in query:
        if row["state"] == State.EXTRACTED:  # the document being checked right now is stored already
            current = current or invoice.to_dict()
            if inv.get_by_id(row["id"]).data == current:
                continue
        out.append(Past(row["number"], row["issue_date"], row["total_with_tax"], compact(row["iban"]) or None,
                        row["state"]))
    return out


def _is_company(party: Party, company: Company) -> bool | None:
    """True/False when identifiers decide, None when they say nothing."""
    if party.siren:
        return party.siren == company.siren
    if party.vat_id and company.vat_id:
        return compact(party.vat_id) == compact(company.vat_id)
    if party.vat_id:
        return False
    return None


def _check_buyer(report: Report, invoice: Invoice, company: Company) -> bool:
    """FRAUD-BUYER-NOT-COMPANY; returns True when the invoice is a purchase of the company."""
    if _is_company(invoice.seller, company):
        return False  # a sales invoice of the company
    same = _is_company(invoice.buyer, company)
    if same is False:
        ident = invoice.buyer.siren or invoice.buyer.vat_id
        report.block("FRAUD-BUYER-NOT-COMPANY",
                     f"facture adressée à une autre société ({invoice.buyer.name or '?'}, {ident}) "
                     f"que le dossier {company.name} ({company.siren})", "BT-47")
    elif same is None:
        name = (invoice.buyer.name or "").strip().lower()
        if name and company.name and name != company.name.strip().lower():
            report.warn("FRAUD-BUYER-NOT-COMPANY",
                        f"acheteur « {invoice.buyer.name} » sans SIREN ni numéro de TVA : "
                        f"impossible de vérifier qu'il s'agit du dossier {company.name}", "BT-44")
    return True


def _check_seller_vat(report: Report, invoice: Invoice) -> None:
    tax = invoice.totals.tax_total
    if tax is None or tax <= 0:
        return
    representative = invoice.tax_representative
    if not invoice.seller.vat_id and not (representative and representative.vat_id):
        report.block("FRAUD-SELLER-NOT-VAT",
                     f"le vendeur facture {tax} de TVA sans numéro de TVA intracommunautaire", "BT-31")
        return
    texts = " ".join([*(n.text for n in invoice.notes), *(r.exemption_reason or "" for r in invoice.vat_breakdown)])
    codes = {r.exemption_code or "" for r in invoice.vat_breakdown}
    if "VATEX-FR-FRANCHISE" in codes or "293 B" in texts.upper():
        report.block("FRAUD-SELLER-NOT-VAT", "le vendeur se déclare en franchise de TVA (art. 293 B) et facture de la TVA",
                     "BT-110")


def _known_ibans(invoice: Invoice, company: Company, history: list[Past]) -> set[str]:
    """The supplier's known IBANs (one rule with the payment batches: core/money/supplier_ibans.py).

    The baseline is the first IBAN on the supplier's earlier invoices that passed the controls.
    """
    from guichet.core.money import open_items, supplier_ibans

    seller = invoice.seller
    key = open_items.party_key(seller.siren, seller.vat_id, seller.name)
    return supplier_ibans.known_ibans(company.id, key, (p.iban for p in history if p.state not in UNCONFIRMED))


def _check_history(report: Report, invoice: Invoice, company: Company) -> None:
    history = supplier_history(company, invoice)
    seller = invoice.seller.name or invoice.seller.siren or "?"
    if not history:
        report.warn("FRAUD-NEW-SUPPLIER", f"premier document de ce fournisseur ({seller}) pour le dossier", "BT-27")
        return
    number = _number(invoice.number)
    year = invoice.issue_date.year if invoice.issue_date else None
    total = invoice.totals.tax_inclusive
    for past in history:
        past_year = past.issue_date.year if past.issue_date else None
        if number and _number(past.number) == number and past_year == year:
            report.block("LEG-DUPLICATE", f"facture {invoice.number} de {seller} déjà reçue", "BT-1")
            break
    else:
        for past in history:
            if (total is not None and past.total == total and past.issue_date == invoice.issue_date
                    and _number(past.number) != number):
                report.warn("FRAUD-DUPLICATE-AMOUNT",
                            f"une autre facture de {seller} du même jour porte le même montant ({total}) : "
                            f"n° {past.number}", "BT-112")
                break
    iban = compact(invoice.iban) or None
    known = _known_ibans(invoice, company, history) if iban else set()
    if iban and known and iban not in known:
        report.block("FRAUD-IBAN-CHANGE",
                     f"IBAN {iban} différent de celui connu pour {seller} ({', '.join(sorted(known))}) : "
                     "paiement bloqué jusqu'à confirmation par une personne (appel au fournisseur)", "BT-84")
    amounts = [p.total for p in history if p.total is not None and p.total > 0]
    factor = Decimal(str(control_option(company, "amount_factor")))
    if total is not None and len(amounts) >= int(control_option(company, "amount_history_min")):
        median = Decimal(str(statistics.median(amounts)))
        if median > 0 and total > factor * median:
            report.warn("FRAUD-AMOUNT-ANOMALY",
                        f"montant {total} plus de {factor} fois supérieur à l'habitude de {seller} "
                        f"(médiane {median})", "BT-112")


def check_fraud(invoice: Invoice, company: Company | None) -> Report:
    """Run the fraud controls (history ones only when ``company`` is a stored company)."""
    report = Report(ORIGIN)
    _check_seller_vat(report, invoice)
    if company is None:
        return report
    purchase = _check_buyer(report, invoice, company)
    if purchase and company.id is not None:
        _check_history(report, invoice, company)
    return report


@hookimpl
def check_invoice(invoice: Invoice, company: Company | None) -> list:
    """Fraud and business signals (history scoped to ``company``)."""
    return check_fraud(invoice, company).result(company)
