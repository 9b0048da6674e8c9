"""E-reporting (flux 10): what the company's sales outside the network say to the tax administration.

Scope (``../shared/docs/domain.md`` §2.6): the sales invoices that did not go on the network
(``NetworkDocument.route = "ereporting"``, decided by :mod:`.sending`):

- **B2C** (a buyer without SIREN, in France): aggregated per day × category × VAT rate, the
  categories of XP Z12-012 / Annexe 7: ``TLB1`` goods, ``TPS1`` services, ``TNT1`` not subject
  to VAT (VAT categories E, O, AE, K, G), ``TMA1`` margin scheme (exemption codes VATEX-EU-F,
  -I, -J, -D). Goods or services from the invoice's "cadre de facturation" (BT-23: S… services,
  else goods);
- **B2B international** (a buyer established abroad): one entry per invoice;
- **payments** of B2C services (VAT due on receipt): the amounts collected per day × rate,
  from the settlements the payments work recorded.

Periods follow the company's VAT regime (``Company.settings["vat_regime"]``): ``reel_mensuel``
(the default) reports transactions per décade and payments per month; ``reel_trimestriel``
and ``simplifie`` per month; ``franchise`` per two months.

A period is prepared (:func:`prepare`) then submitted (:func:`submit`) as a flow of syntax
``FRR`` through the company's emission platform; the platform answers 300 Déposé or 301
Rejeté (:func:`record_status`, called by :mod:`.receiving`). Preparing a period already
submitted whose content changed makes a corrective submission (``RE``, version + 1).

The XML written (:func:`write_report`) follows the structure Annexe 7 describes
(``ReportDocument`` with ``TypeCode`` IN/RE, sender scheme 0238 role WK, declarant SIREN
scheme 0002, one ``TransactionsReport`` or ``PaymentsReport``); the element names inside the
reports are ours where the published material gives no schema (none is in the specification
folder): a platform's own e-reporting format is the connector's business.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lxml import etree

from guichet.core.connectors import OutgoingFlow
from guichet.core.errors import FlowRefused, PlatformError
from guichet.core.model import events, models
from guichet.core.model.models import Company, Document, db, utcnow
from guichet.core.model.network_models import EReport, NetworkDocument, Route
from guichet.core.model.states import State
from guichet.core.network import accounts
from guichet.core.storage import records

if TYPE_CHECKING:
    from guichet.core.model.invoice import Invoice
    from guichet.core.network.cdar import Lifecycle
    from guichet.core.ops.runtime import Runtime

TRANSACTIONS, PAYMENTS = "transactions", "payments"
KINDS = (TRANSACTIONS, PAYMENTS)
#: VAT regime → (transactions period, payments period).
REGIMES = {"reel_mensuel": ("decade", "month"), "reel_trimestriel": ("month", "month"),
           "simplifie": ("month", "month"), "franchise": ("bimonth", "bimonth")}
NOT_TAXED = frozenset({"E", "O", "AE", "K", "G"})
MARGIN_EXEMPTIONS = frozenset({"VATEX-EU-F", "VATEX-EU-I", "VATEX-EU-J", "VATEX-EU-D"})
NAMESPACE = "urn.cpro.gouv.fr:1p0:ereporting"
ZERO = Decimal(0)


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------


def regime(company: Company) -> str:
    """The company's VAT regime for e-reporting (``reel_mensuel`` unless the firm set another)."""
    value = (company.settings or {}).get("vat_regime") or "reel_mensuel"
    return value if value in REGIMES else "reel_mensuel"


def period_of(company: Company, kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The reporting period of ``kind`` that contains ``day``."""
    unit = REGIMES[regime(company)][0 if kind == TRANSACTIONS else 1]
    last = calendar.monthrange(day.year, day.month)[1]
    if unit == "decade":
        start = 1 if day.day <= 10 else 11 if day.day <= 20 else 21
        end = 10 if start == 1 else 20 if start == 11 else last
        return day.replace(day=start), day.replace(day=end)
    if unit == "month":
        return day.replace(day=1), day.replace(day=last)
    first_month = day.month - (day.month - 1) % 2
    end_month = first_month + 1
    return dt.date(day.year, first_month, 1), dt.date(day.year, end_month, calendar.monthrange(day.year, end_month)[1])


def periods_between(company: Company, kind: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Every period of ``kind`` from the one containing ``start`` to the one containing ``end``."""
    found, day = [], start
    while day <= end:
        period = period_of(company, kind, day)
        found.append(period)
        day = period[1] + dt.timedelta(days=1)
    return found


# ---------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------


def category(invoice: Invoice, vat_category: str, exemption_code: str | None) -> str:
    """TLB1 / TPS1 / TNT1 / TMA1 for one VAT breakdown line of a B2C invoice."""
    if (exemption_code or "").upper() in MARGIN_EXEMPTIONS:
        return "TMA1"
    if vat_category in NOT_TAXED:
        return "TNT1"
    return "TPS1" if (invoice.process_id or "").upper().startswith("S") else "TLB1"


def _foreign(invoice: Invoice) -> str | None:
    country = (invoice.buyer.address.country if invoice.buyer.address else None) or ""
    return country.upper() if country and country.upper() != "FR" else None


def _documents(company_id: int) -> list[Document]:
    return list(Document.select(Document).join(NetworkDocument, on=(NetworkDocument.document == Document.id))
                .where((Document.company == company_id) & (NetworkDocument.route == Route.EREPORTING)
                       & (Document.state == str(State.ARCHIVED))))


def build(company: Company, kind: str, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the period reports (amounts as strings, sorted): B2C aggregates and international invoices, or payments."""
    if kind == PAYMENTS:
        return _payments(company, start, end)
    aggregates: dict[tuple[str, str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    unitary = []
    for document in _documents(company.id):
        invoice = records.load_invoice(document)
        if invoice is None or invoice.issue_date is None or not start <= invoice.issue_date <= end:
            continue
        sign = -1 if (invoice.type_code or "") in {"381", "261", "262", "396", "502", "503"} else 1
        country = _foreign(invoice)
        if country:
            unitary.append({"document": document.id, "number": invoice.number, "date": invoice.issue_date.isoformat(),
                            "type": invoice.type_code or "380", "buyer_country": country,
                            "buyer_vat": invoice.buyer.vat_id, "currency": invoice.currency or "EUR",
                            "vat": [{"category": v.category, "rate": _s(v.rate), "taxable": _s(sign * v.taxable_amount),
                                     "tax": _s(sign * v.tax_amount)} for v in invoice.vat_breakdown]})
            continue
        for vat in invoice.vat_breakdown:
            key = (invoice.issue_date.isoformat(), category(invoice, vat.category, vat.exemption_code),
                   _s(vat.rate if vat.rate is not None else ZERO))
            row = aggregates[key]
            row[0] += sign * vat.taxable_amount
            row[1] += sign * vat.tax_amount
            row[2] += 1
    b2c = [{"date": d, "category": c, "rate": r, "taxable": _s(v[0]), "tax": _s(v[1]), "count": int(v[2])}
           for (d, c, r), v in sorted(aggregates.items())]
    return {"kind": kind, "start": start.isoformat(), "end": end.isoformat(), "b2c": b2c,
            "international": sorted(unitary, key=lambda u: (u["date"], u["number"] or "")),
            "total_taxable": _s(sum((Decimal(r["taxable"]) for r in b2c), ZERO)),
            "total_tax": _s(sum((Decimal(r["tax"]) for r in b2c), ZERO))}


def _payments(company: Company, start: dt.date, end: dt.date) -> dict[str, Any]:
    from guichet.core.model.payment_models import OpenItem, Settlement
    from guichet.core.network.sending import collected_amounts

    documents = {d.id: d for d in _documents(company.id)}
    rows: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    if documents:
        query = (Settlement.select(Settlement, OpenItem.document).join(OpenItem)
                 .where((Settlement.company == company.id) & OpenItem.document.in_(list(documents))
                        & (Settlement.date >= start) & (Settlement.date <= end)
                        & Settlement.kind.in_(["payment", "transfer"])))
        for settlement in query:
            document = documents[settlement.item.document_id]
            invoice = records.load_invoice(document)
            if invoice is None or _foreign(invoice) or not (invoice.process_id or "").upper().startswith("S"):
                continue  # payments are reported for services only
            for amount, rate, _currency in collected_amounts(invoice, settlement.amount):
                rows[(settlement.date.isoformat(), _s(Decimal(rate or 0)))] += Decimal(amount)
    payments = [{"date": d, "rate": r, "amount": _s(v)} for (d, r), v in sorted(rows.items())]
    return {"kind": PAYMENTS, "start": start.isoformat(), "end": end.isoformat(), "payments": payments,
            "total": _s(sum((Decimal(p["amount"]) for p in payments), ZERO))}


def _s(value: Decimal | None) -> str:
    return f"{Decimal(value or 0):.2f}"


def is_empty(content: dict[str, Any]) -> bool:
    """True when the period has nothing to report."""
    return not (content.get("b2c") or content.get("international") or content.get("payments"))


# ---------------------------------------------------------------------------
# Submissions
# ---------------------------------------------------------------------------


def prepare(company: Company, kind: str, start: dt.date, end: dt.date, *, user_id: int | None = None) -> EReport:
    """The submission to make for a period: the last one when nothing changed, else a new version.

    A version never handed to the platform is updated in place; once submitted, a change
    makes a corrective version (``RE``).
    """
    if kind not in KINDS:
        msg = f"type d'e-reporting « {kind} » inconnu (transactions ou payments)"
        raise ValueError(msg)
    content = build(company, kind, start, end)
    last = (EReport.select().where((EReport.company == company.id) & (EReport.kind == kind)
                                   & (EReport.period_start == start))
            .order_by(EReport.version.desc()).first())
    with db.atomic():
        if last is not None and (last.content == content or not last.flow_id):
            if not last.flow_id and last.content != content:
                last.content = content
                last.save()
            return last
        version = (last.version + 1) if last else 1
        report = EReport.create(company=company.id, kind=kind, period_start=start, period_end=end, version=version,
                                report_id=f"er-{company.siren}-{kind[0]}-{start:%Y%m%d}-v{version}",
                                content=content, user=user_id)
        events.record("network.ereporting_prepared", company_id=company.id, user_id=user_id,
                      data={"report_id": report.report_id, "kind": kind, "start": start.isoformat(),
                            "end": end.isoformat(), "version": version})
    return report


def write_report(company: Company, report: EReport, *, platform_id: str = "") -> bytes:
    """The FRR file of a submission (see the module's docstring for its structure)."""
    root = etree.Element(f"{{{NAMESPACE}}}Report", nsmap={None: NAMESPACE})

    def sub(parent: etree._Element, name: str, text: Any = None, **attrs: str) -> etree._Element:
        node = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}", **attrs)
        if text is not None:
            node.text = str(text)
        return node

    head = sub(root, "ReportDocument")
    sub(head, "ID", report.report_id)
    sub(head, "TypeCode", "IN" if report.version == 1 else "RE")
    sub(head, "IssueDateTime", utcnow().strftime("%Y%m%d%H%M%S"))
    sender = sub(head, "Sender")
    sub(sender, "ID", platform_id or "0000", schemeID="0238")
    sub(sender, "RoleCode", "WK")
    declarant = sub(head, "Declarant")
    sub(declarant, "ID", company.siren, schemeID="0002")
    sub(declarant, "Name", company.name)
    sub(declarant, "RoleCode", "SE")
    period = sub(head, "Period")
    sub(period, "StartDate", report.period_start.strftime("%Y%m%d"))
    sub(period, "EndDate", report.period_end.strftime("%Y%m%d"))
    content = report.content
    if report.kind == PAYMENTS:
        body = sub(root, "PaymentsReport")
        for row in content.get("payments", []):
            item = sub(body, "AggregatedPayment")
            sub(item, "Date", row["date"].replace("-", ""))
            sub(item, "TaxRate", row["rate"])
            sub(item, "Amount", row["amount"], currencyID="EUR")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    body = sub(root, "TransactionsReport")
    for row in content.get("b2c", []):
        item = sub(body, "AggregatedTransaction")
        sub(item, "Date", row["date"].replace("-", ""))
        sub(item, "CategoryCode", row["category"])
        sub(item, "TaxRate", row["rate"])
        sub(item, "TaxableAmount", row["taxable"], currencyID="EUR")
        sub(item, "TaxAmount", row["tax"], currencyID="EUR")
        sub(item, "TransactionsCount", row["count"])
    for row in content.get("international", []):
        item = sub(body, "Invoice")
        sub(item, "ID", row["number"])
        sub(item, "IssueDate", row["date"].replace("-", ""))
        sub(item, "TypeCode", row["type"])
        sub(item, "BuyerCountryID", row["buyer_country"])
        if row.get("buyer_vat"):
            sub(item, "BuyerVATID", row["buyer_vat"])
        for vat in row["vat"]:
            line = sub(item, "TaxSubtotal")
            sub(line, "CategoryCode", vat["category"])
            sub(line, "TaxRate", vat["rate"])
            sub(line, "TaxableAmount", vat["taxable"], currencyID=row["currency"])
            sub(line, "TaxAmount", vat["tax"], currencyID=row["currency"])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def submit(rt: Runtime, report: EReport, *, user_id: int | None = None) -> EReport:
    """Hand a submission to the company's emission platform (idempotent: its report id is the tracking id).

    :raises FlowRefused: the platform refused it for good (kept on ``error``).
    :raises PlatformError: the platform is unavailable (``transient``): submit again later.
    :raises NetworkNotConfigured: no emission platform.
    """
    if report.flow_id:
        return report
    company = Company.get_by_id(report.company_id)
    acct = accounts.account(rt, company, accounts.EMISSION)
    data = write_report(company, report)
    content = report.content or {}
    rule = "B2BInt" if content.get("international") and not content.get("b2c") else "B2C"
    flow = OutgoingFlow(tracking_id=report.report_id[:36], name=f"{report.report_id}.xml", data=data, syntax="FRR",
                        processing_rule=rule)
    try:
        remote = acct.connector.send_flow(acct.settings, flow)
    except PlatformError as exc:
        EReport.update(error=str(exc)[:2000]).where(EReport.id == report.id).execute()
        if not exc.transient:
            raise FlowRefused(f"e-reporting refusé par la plateforme : {exc}") from exc
        raise
    with db.atomic():
        report.flow_id, report.blob_key, report.submitted_at, report.error = remote.flow_id, rt.blobs.put(data), \
            utcnow(), None
        if remote.ack_status == "Error":
            report.status, report.status_reason = "301", "; ".join(remote.ack_details) or "refusé"
        report.save()
        events.record("network.ereporting_submitted", company_id=company.id, user_id=user_id,
                      data={"report_id": report.report_id, "flow_id": remote.flow_id, "version": report.version})
    return report


def record_status(company_id: int, message: Lifecycle) -> EReport | None:
    """A 300 Déposé / 301 Rejeté about a submission (its report id in MDT-87); None when unknown."""
    report = EReport.get_or_none((EReport.company == company_id) & (EReport.report_id == message.invoice_number))
    if report is None:
        return None
    with db.atomic():
        report.status, report.status_reason = message.code, message.reason_text or message.reason
        report.save()
        events.record("network.ereporting_status", company_id=company_id,
                      data={"report_id": report.report_id, "code": message.code, "reason": message.reason})
    return report


def reports_of(company_id: int) -> list[EReport]:
    """Every submission of a company, latest period first (the caller scoped ``company_id``)."""
    return list(EReport.select().where(EReport.company == company_id)
                .order_by(EReport.period_start.desc(), EReport.kind, EReport.version.desc()))


def invoice_rows(company_id: int, start: dt.date, end: dt.date) -> int:
    """How many e-reported invoices were issued in a period (for the page)."""
    inv = models.Invoice
    return (inv.select().join(NetworkDocument, on=(NetworkDocument.document == inv.document))
            .where((inv.company == company_id) & (NetworkDocument.route == Route.EREPORTING)
                   & (inv.issue_date >= start) & (inv.issue_date <= end)).count())
