"""E-reporting (flux 10): periods per VAT regime, B2C aggregates, international invoices, payments, submissions."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from lxml import etree

from guichet.core.model.invoice import Address, Identifier, Invoice, Party, Totals, VatBreakdown
from guichet.core.model.models import Company, Document, db
from guichet.core.model.network_models import EReport, Route
from guichet.core.model.payment_models import Settlement
from guichet.core.money import open_items
from guichet.core.network import ereporting, receiving, statuses
from guichet.core.storage.records import store_invoice
from network_samples import configure
from standins.afnor_pa import PlatformStandIn, cdar_message

D = Decimal


@pytest.fixture
def pa(settings):
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]
    with PlatformStandIn() as standin:
        yield standin


def _sale(company, number, day, vat, *, country="FR", process="B1", route=Route.EREPORTING, type_code="380"):
    """An archived sales invoice to a consumer (or a foreign buyer) with its VAT breakdown."""
    breakdown = [VatBreakdown(category=c, rate=D(r) if r is not None else None, taxable_amount=D(t), tax_amount=D(x),
                              exemption_code=e) for c, r, t, x, e in vat]
    total = sum((b.taxable_amount + b.tax_amount for b in breakdown), D(0))
    buyer = Party(name="Client", address=Address(city="Ville", country=country),
                  vat_id="DE123456789" if country == "DE" else None)
    invoice = Invoice(number=number, issue_date=day, type_code=type_code, currency="EUR", process_id=process,
                      seller=Party(name=company.name, legal_id=Identifier(company.siren, "0002")), buyer=buyer,
                      vat_breakdown=breakdown, totals=Totals(tax_inclusive=total, amount_due=total))
    digest = hashlib.sha256(f"{company.id}{number}".encode()).hexdigest()
    with db.atomic():
        document = Document.create(company=company, sha256=digest, blob_key=digest, filename=f"{number}.xml", size=1,
                                   channel="test", direction="sales", state="archived", format="cii")
        store_invoice(document, invoice, source="xml")
        statuses.place_of(document, route=route)
        open_items.track(document)
    return document


def test_periods_follow_the_vat_regime(company):
    day = dt.date(2026, 9, 15)
    assert ereporting.period_of(company, "transactions", day) == (dt.date(2026, 9, 11), dt.date(2026, 9, 20))
    assert ereporting.period_of(company, "transactions", dt.date(2026, 9, 30)) == (dt.date(2026, 9, 21),
                                                                                   dt.date(2026, 9, 30))
    assert ereporting.period_of(company, "payments", day) == (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    company.settings = {"vat_regime": "franchise"}
    assert ereporting.period_of(company, "transactions", day) == (dt.date(2026, 9, 1), dt.date(2026, 10, 31))
    company.settings = {"vat_regime": "simplifie"}
    assert len(ereporting.periods_between(company, "transactions", dt.date(2026, 9, 1), dt.date(2026, 10, 31))) == 2
    company.settings = {}
    assert len(ereporting.periods_between(company, "transactions", dt.date(2026, 9, 1), dt.date(2026, 9, 30))) == 3


def test_b2c_aggregated_per_day_category_rate_and_international_unitary(rt, company):
    day = dt.date(2026, 9, 2)
    _sale(company, "T1", day, [("S", "20", "100.00", "20.00", None), ("S", "5.5", "10.00", "0.55", None)])
    _sale(company, "T2", day, [("S", "20", "50.00", "10.00", None)])
    _sale(company, "T3", day, [("S", "20", "30.00", "6.00", None)], process="S1")
    _sale(company, "T4", day, [("E", "0", "40.00", "0.00", None)])
    _sale(company, "T5", day, [("S", "20", "60.00", "12.00", "VATEX-EU-J")])
    _sale(company, "A1", day, [("S", "20", "10.00", "2.00", None)], type_code="381")  # a credit note: negative
    _sale(company, "X1", day, [("K", "0", "500.00", "0.00", None)], country="DE")
    _sale(company, "N1", day, [("S", "20", "999.00", "199.80", None)], route=Route.NETWORK)  # on the network
    _sale(company, "L1", dt.date(2026, 9, 12), [("S", "20", "1.00", "0.20", None)])  # next décade
    content = ereporting.build(company, "transactions", dt.date(2026, 9, 1), dt.date(2026, 9, 10))
    rows = {(r["category"], r["rate"]): (r["taxable"], r["tax"], r["count"]) for r in content["b2c"]}
    assert rows == {("TLB1", "20.00"): ("140.00", "28.00", 3), ("TLB1", "5.50"): ("10.00", "0.55", 1),
                    ("TPS1", "20.00"): ("30.00", "6.00", 1), ("TNT1", "0.00"): ("40.00", "0.00", 1),
                    ("TMA1", "20.00"): ("60.00", "12.00", 1)}
    assert [(u["number"], u["buyer_country"]) for u in content["international"]] == [("X1", "DE")]
    assert content["total_taxable"] == "280.00"


def test_submission_corrective_version_and_status(rt, company, pa):
    configure(rt, company, pa)
    day = dt.date(2026, 9, 2)
    _sale(company, "T1", day, [("S", "20", "100.00", "20.00", None)])
    start, end = ereporting.period_of(company, "transactions", day)
    first = ereporting.prepare(company, "transactions", start, end)
    assert first.version == 1 and ereporting.prepare(company, "transactions", start, end).id == first.id
    first = ereporting.submit(rt, first)
    sent = pa.flows[first.flow_id]
    assert sent["flowSyntax"] == "FRR" and sent["processingRule"] == "B2C" and sent["trackingId"] == first.report_id
    xml = etree.fromstring(sent["_data"])
    ns = {"r": ereporting.NAMESPACE}
    assert xml.findtext("r:ReportDocument/r:TypeCode", namespaces=ns) == "IN"
    assert xml.findtext("r:ReportDocument/r:Declarant/r:ID", namespaces=ns) == company.siren
    assert xml.findtext("r:TransactionsReport/r:AggregatedTransaction/r:CategoryCode", namespaces=ns) == "TLB1"
    assert ereporting.submit(rt, first).flow_id == first.flow_id  # idempotent
    # A late invoice of the same décade: a corrective submission.
    _sale(company, "T2", day, [("S", "20", "10.00", "2.00", None)])
    second = ereporting.submit(rt, ereporting.prepare(company, "transactions", start, end))
    assert second.version == 2 and etree.fromstring(pa.flows[second.flow_id]["_data"]).findtext(
        "r:ReportDocument/r:TypeCode", namespaces=ns) == "RE"
    # The platform's 301 comes back as a lifecycle message about the report.
    pa.add_flow(cdar_message(second.report_id, "301", seller_siren=company.siren), name="301.xml", syntax="CDAR",
                direction="In", flow_type="CustomerInvoiceLC")
    report = receiving.poll(rt, company.id)
    assert report.reports == [(second.report_id, "301")]
    assert EReport.get_by_id(second.id).status == "301"


def test_payments_of_b2c_services(rt, company):
    document = _sale(company, "S1", dt.date(2026, 9, 2), [("S", "20", "100.00", "20.00", None),
                                                          ("S", "10", "100.00", "10.00", None)], process="S1")
    goods = _sale(company, "G1", dt.date(2026, 9, 2), [("S", "20", "100.00", "20.00", None)], process="B1")
    from guichet.core.model.payment_models import OpenItem
    for doc, amount in ((document, "115.00"), (goods, "120.00")):
        item = OpenItem.get(OpenItem.document == doc.id)
        Settlement.create(company=company, item=item, kind="payment", amount=D(amount), date=dt.date(2026, 9, 20))
    content = ereporting.build(Company.get_by_id(company.id), "payments", dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert content["total"] == "115.00"
    assert {p["rate"] for p in content["payments"]} == {"20.00", "10.00"}
