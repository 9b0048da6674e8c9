"""The network end to end against the stand-in platform: receive, answer, send, statuses, the platform going down."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from guichet.core.errors import FlowRefused, PlatformError
from guichet.core.model.models import Document, Event, Invoice
from guichet.core.model.network_models import Delivery, NetworkDocument, NetworkFlow, NetworkStatus, Route
from guichet.core.model.stage_models import StageRun
from guichet.core.money import open_items
from guichet.core.money.settlements import RecordedPayment
from guichet.core.network import cdar, receiving, sending
from guichet.core.pipeline import followups
from guichet.core.pipeline.decisions import DecisionError, answer_network_status
from network_samples import UC1_CII, archived_sales_invoice, configure, example_companies
from standins.afnor_pa import PlatformStandIn, cdar_message

pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def pa(settings):
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]
    with PlatformStandIn() as standin:
        yield standin


@pytest.fixture
def companies(rt, firm, pa):
    seller, buyer = example_companies(firm)
    configure(rt, seller, pa)
    configure(rt, buyer, pa)
    return seller, buyer


def _received(rt, pa, buyer):
    flow_id = pa.deliver_invoice(UC1_CII.read_bytes(), name="F202500003.xml")
    report = receiving.poll(rt, buyer.id)
    assert report.error is None
    return flow_id, report


# --- receiving ----------------------------------------------------------------------------


def test_a_received_invoice_enters_intake_once_as_reseau_with_its_flow_id(rt, pa, companies):
    _, buyer = companies
    flow_id, report = _received(rt, pa, buyer)
    assert len(report.invoices) == 1
    document = Document.get_by_id(report.invoices[0])
    assert document.channel == "réseau" and document.company_id == buyer.id
    place = NetworkDocument.get(NetworkDocument.document == document.id)
    assert (place.route, place.flow_id) == (Route.RECEIVED, flow_id)
    # The pipeline read it (memory queue): the buyer's purchase invoice F202500003.
    assert Invoice.get(Invoice.document == document.id).number == "F202500003"
    assert Document.get_by_id(document.id).direction == "purchase"
    # Polled again, and the cursor forgotten: nothing new.
    again = receiving.poll(rt, buyer.id)
    assert again.invoices == [] and again.known == 0
    from guichet.core.model.connector_models import ConnectorConfig
    ConnectorConfig.update(cursor={}).execute()
    forgot = receiving.poll(rt, buyer.id)
    assert forgot.invoices == [] and forgot.known >= 1
    assert Document.select().where(Document.company == buyer.id).count() == 1


def test_statuses_about_a_received_invoice_are_recorded_and_malformed_ones_refused(rt, pa, companies):
    _, buyer = companies
    flow_id, report = _received(rt, pa, buyer)
    document_id = report.invoices[0]
    pa.deliver_status(flow_id, "203")
    pa.add_flow(b"<not-cdar/>", name="bad.xml", syntax="CDAR", direction="In", flow_type="SupplierInvoiceLC")
    broken = cdar_message("F202500003", "207")  # 207 without its reason: refused, never applied
    pa.add_flow(broken, name="207.xml", syntax="CDAR", direction="In", flow_type="SupplierInvoiceLC")
    second = receiving.poll(rt, buyer.id)
    assert second.statuses == [(document_id, "203")]
    assert len(second.refused) == 2
    assert any("exige un motif" in reason for _, reason in second.refused)
    assert NetworkDocument.get(NetworkDocument.document == document_id).last_code == "203"
    assert Event.select().where(Event.kind == "network.flow_refused").count() == 2


def test_the_buyer_answers_with_reasons_through_the_decisions(rt, pa, companies, make_user):
    _, buyer = companies
    _, report = _received(rt, pa, buyer)
    document_id = report.invoices[0]
    with pytest.raises(DecisionError, match="exige un motif"):
        answer_network_status(rt, None, document_id, "207")
    with pytest.raises(DecisionError, match="l'acheteur répond par"):
        answer_network_status(rt, None, document_id, "212")
    with pytest.raises(DecisionError, match="inconnu"):
        answer_network_status(rt, None, document_id, "210", reason="PAS_UN_MOTIF")
    # A client user of another company may not answer; one who manages the buyer may.
    from guichet.core.errors import PermissionDenied
    stranger = make_user("x@example.org")
    with pytest.raises(PermissionDenied):
        answer_network_status(rt, stranger, document_id, "204")
    manager = make_user("m@client.fr", companies={buyer: "manage"})
    taken = answer_network_status(rt, manager, document_id, "204")
    assert taken.delivery == Delivery.PENDING and taken.user_id == manager.id
    disputed = answer_network_status(rt, manager, document_id, "207", reason="CALCUL_ERR", message="Total faux")
    assert sending.send_pending(rt, buyer.id) == (2, 0)
    sent = NetworkStatus.get_by_id(disputed.id)
    assert sent.delivery == Delivery.SENT and sent.flow_id in pa.flows
    # What the platform got is a valid CDAR 207 with the reason, about F202500003, from the buyer.
    message = cdar.read(pa.flows[sent.flow_id]["_data"])
    assert (message.code, message.reason, message.invoice_number, message.issuer.siren, message.issuer.role) == (
        "207", "CALCUL_ERR", "F202500003", buyer.siren, "BY")
    assert pa.flows[sent.flow_id]["flowSyntax"] == "CDAR"
    # The payments work sees it "en litige"; 205 lifts it, then nothing but 211.
    assert open_items.disputed_documents(buyer.id) == {document_id}
    answer_network_status(rt, None, document_id, "205")
    assert open_items.disputed_documents(buyer.id) == set()
    with pytest.raises(DecisionError, match="plus de réponse possible"):
        answer_network_status(rt, None, document_id, "210", reason="DOUBLON")


def test_only_received_invoices_get_a_buyers_answer(rt, pa, companies):
    seller, _ = companies
    document = archived_sales_invoice(rt, seller, open_stage=False)
    with pytest.raises(DecisionError, match="reçue par le réseau"):
        answer_network_status(rt, None, document.id, "204")


# --- sending --------------------------------------------------------------------------------


def test_a_sales_invoice_to_a_registered_buyer_is_sent_once_and_followed(rt, pa, companies):
    seller, _ = companies
    pa.add_line("200000008", name="LE CLIENT", identifier="200000008")
    document = archived_sales_invoice(rt, seller)
    assert followups.run(rt, document.id, "network") == "waiting"
    place = NetworkDocument.get(NetworkDocument.document == document.id)
    assert place.route == Route.NETWORK and place.flow_id in pa.flows and place.addressee == "200000008"
    assert pa.flows[place.flow_id]["_data"] == UC1_CII.read_bytes()
    assert pa.flows[place.flow_id]["trackingId"] == sending.tracking_id(document)
    # Sent again (a retried task, the command line): the same flow, nothing posted twice.
    assert sending.send_invoice(rt, document).flow_id == place.flow_id
    posts = [r for r in pa.requests if r["method"] == "POST" and r["path"].endswith("/v1/flows")]
    assert len(posts) == 1
    # The platform's 200 Déposée comes back by the poll; then 212 settles the stage.
    receiving.poll(rt, seller.id)
    assert NetworkDocument.get(NetworkDocument.document == document.id).last_code == "200"
    pa.deliver_status(place.flow_id, "212")
    receiving.poll(rt, seller.id)
    run = StageRun.get((StageRun.document == document.id) & (StageRun.stage == "network"))
    assert run.status == "done" and "212" in run.reason


def test_an_unregistered_buyer_goes_to_ereporting(rt, pa, companies):
    seller, _ = companies
    document = archived_sales_invoice(rt, seller)
    assert followups.run(rt, document.id, "network") == "done"
    place = NetworkDocument.get(NetworkDocument.document == document.id)
    assert place.route == Route.EREPORTING and place.flow_id is None
    assert not [r for r in pa.requests if r["path"].endswith("/v1/flows") and r["method"] == "POST"]


def test_the_platform_down_mid_batch_loses_nothing_and_sends_nothing_twice(rt, pa, companies):
    seller, _ = companies
    pa.add_line("200000008")
    first = archived_sales_invoice(rt, seller)
    assert followups.run(rt, first.id, "network") == "waiting"
    pa.down = True
    second = archived_sales_invoice(rt, seller, path=UC1_CII.with_name("UC1_F202500003_00-INV_20250701_UBL.xml"),
                                    fmt="ubl")
    assert followups.run(rt, second.id, "network") == "retry"
    place = NetworkDocument.get(NetworkDocument.document == second.id)
    assert place.waiting_since is not None and "indisponible" in place.last_error
    with pytest.raises(PlatformError):
        sending.send_invoice(rt, second)
    pa.down = False
    StageRun.update(next_at=None).where(StageRun.document == second.id).execute()
    followups.settle(rt, second.id, "network", "pending", reason="relancé")
    assert followups.run(rt, second.id, "network") == "waiting"
    posted = [f for f in pa.flows.values() if f["flowDirection"] == "Out"]
    assert sorted(f["trackingId"] for f in posted) == sorted([sending.tracking_id(first), sending.tracking_id(second)])
    assert NetworkDocument.get(NetworkDocument.document == second.id).waiting_since is None


def test_a_refused_flow_fails_the_stage_at_once(rt, pa, companies):
    seller, _ = companies
    pa.add_line("200000008")
    pa.max_size = 10
    document = archived_sales_invoice(rt, seller)
    assert followups.run(rt, document.id, "network") == "failed"
    run = StageRun.get((StageRun.document == document.id) & (StageRun.stage == "network"))
    assert "trop volumineux" in run.reason
    with pytest.raises(FlowRefused):
        sending.send_invoice(rt, Document.get_by_id(document.id))


def test_payments_recorded_sends_212_with_its_amounts_once(rt, pa, companies):
    seller, _ = companies
    pa.add_line("200000008")
    document = archived_sales_invoice(rt, seller)
    followups.run(rt, document.id, "network")
    company = seller
    paid = RecordedPayment(document, Decimal("100.00"), dt.date(2026, 10, 1))
    for _ in range(2):  # told twice: one status
        rt.pm.hook.payments_recorded(company=company, payments=[paid], hook=rt.pm.hook)
    paid = [s for s in NetworkStatus.select().where(NetworkStatus.document == document.id) if s.code == "212"]
    assert len(paid) == 1 and paid[0].delivery == Delivery.SENT
    message = cdar.read(pa.flows[paid[0].flow_id]["_data"])
    assert message.code == "212" and sum(a.amount for a in message.amounts) == Decimal("100.00")
    assert message.issuer.role == "SE"
    assert NetworkFlow.select().where(NetworkFlow.flow_id == paid[0].flow_id).count() == 0  # ours, not received


class Strict:
    """A validator that refuses every flow (as the French reform rules refuse a bad file)."""

    def __init__(self):
        self.seen = []

    from guichet.core import hookimpl

    @hookimpl
    def check_network_flow(self, data, syntax, invoice):
        self.seen.append((syntax, invoice.number, len(data)))
        return ["BR-FR-12 : adresse électronique de l'acheteur absente"]


def test_hook_check_network_flow(rt, pa, companies):
    seller, _ = companies
    pa.add_line("200000008")
    strict = Strict()
    rt.pm.register(strict)
    document = archived_sales_invoice(rt, seller)
    assert followups.run(rt, document.id, "network") == "failed"
    assert strict.seen == [("CII", "F202500003", len(UC1_CII.read_bytes()))]
    assert not [f for f in pa.flows.values() if f["flowDirection"] == "Out"]
    place = NetworkDocument.get(NetworkDocument.document == document.id)
    assert "jamais envoyée" in place.last_error and "BR-FR-12" in place.last_error


def test_the_validator_keeps_a_flow_against_the_french_rules_home(rt, pa, companies, tmp_path):
    """The validator plugin's check_network_flow (BR-FR, forced): no buyer electronic address, no sending."""
    import re

    seller, _ = companies
    pa.add_line("200000008")
    bad = re.sub(rb'<ram:URIUniversalCommunication>\s*<ram:URIID schemeID="0225">200000008</ram:URIID>.*?'
                 rb"</ram:URIUniversalCommunication>", b"", UC1_CII.read_bytes(), flags=re.S)
    path = tmp_path / "sans-adresse.xml"
    path.write_bytes(bad)
    document = archived_sales_invoice(rt, seller, path)
    assert followups.run(rt, document.id, "network") == "failed"
    assert "BR-FR-12" in NetworkDocument.get(NetworkDocument.document == document.id).last_error
    assert not [f for f in pa.flows.values() if f["flowDirection"] == "Out"]


def test_the_platform_down_mid_poll_loses_nothing(rt, pa, companies):
    _, buyer = companies
    template = UC1_CII.read_bytes()
    for n in range(5):
        pa.deliver_invoice(template.replace(b"F202500003", f"M{n}".encode()), name=f"M{n}.xml")
    pa.downloads_left = 2
    first = receiving.poll(rt, buyer.id)
    assert len(first.invoices) == 2 and "indisponible" in first.error
    from guichet.core.model.connector_models import ConnectorConfig
    config = ConnectorConfig.get(ConnectorConfig.company == buyer.id)
    assert config.status == "error" and config.last_error == first.error
    pa.downloads_left = None
    second = receiving.poll(rt, buyer.id)
    assert len(second.invoices) == 3 and second.error is None
    numbers = sorted(i.number for i in Invoice.select().where(Invoice.company == buyer.id))
    assert numbers == [f"M{n}" for n in range(5)]


# --- the network as the distribution's channel ----------------------------------------------


def test_the_distribution_delivers_through_the_network_channel_once(rt, pa, companies):
    from guichet.core.model.sales_models import Delivery
    from guichet.core.sales import channels, deliveries

    seller, _ = companies
    pa.add_line("200000008")
    assert list(channels.registered(rt.pm))[0] == "network"
    document = archived_sales_invoice(rt, seller, open_stage=False)
    step = deliveries.distribute(rt, document)
    delivery = Delivery.get(Delivery.document == document.id)
    assert (step.status, delivery.channel, delivery.state) == ("waiting", "network", "sent")
    flow_id = NetworkDocument.get(NetworkDocument.document == document.id).flow_id
    assert delivery.external_id == flow_id
    # The network stage sending too makes no second flow.
    sending.send_invoice(rt, document)
    assert len([f for f in pa.flows.values() if f["flowDirection"] == "Out"]) == 1
    pa.deliver_status(flow_id, "203")
    receiving.poll(rt, seller.id)
    deliveries.distribute(rt, document)
    assert Delivery.get_by_id(delivery.id).state == "delivered"


def test_a_buyer_off_the_network_is_refused_by_the_channel(rt, pa, companies):
    from guichet.core.model.sales_models import Delivery
    from guichet.core.sales import deliveries

    seller, _ = companies
    document = archived_sales_invoice(rt, seller, open_stage=False)
    try:
        deliveries.distribute(rt, document)
    except Exception:  # noqa: BLE001, S110 - every other channel may refuse too: the network's row is what we check
        pass
    network = Delivery.get((Delivery.document == document.id) & (Delivery.channel == "network"))
    assert network.state == "error" and "absent de l'annuaire" in network.reason


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_two_senders_at_once_make_one_flow(rt, pa, companies):
    """The network stage and the distribution's channel may try together: one holds the lease, one flow leaves."""
    import threading

    seller, _ = companies
    pa.add_line("200000008")
    document = archived_sales_invoice(rt, seller, open_stage=False)
    results, errors = [], []

    def send():
        with rt.database.connection_context():
            try:
                results.append(sending.send_invoice(rt, Document.get_by_id(document.id)).flow_id)
            except PlatformError as exc:
                errors.append(str(exc))

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([f for f in pa.flows.values() if f["flowDirection"] == "Out"]) == 1
    assert all("déjà en cours" in e for e in errors)
    assert sending.send_invoice(rt, document).flow_id == NetworkDocument.get(
        NetworkDocument.document == document.id).flow_id


def test_a_received_invoice_with_fatal_findings_is_archived_with_them_and_suggests_an_answer(rt, pa, companies):
    from guichet.core.model import lifecycle
    from guichet.core.model.models import Finding

    _, buyer = companies
    wrong = UC1_CII.read_bytes().replace(b"<ram:GrandTotalAmount>12000.00<", b"<ram:GrandTotalAmount>12500.00<")
    pa.deliver_invoice(wrong, name="faux.xml")
    document_id = receiving.poll(rt, buyer.id).invoices[0]
    document = Document.get_by_id(document_id)
    fatal = [f.code for f in Finding.select().where((Finding.document == document_id) & (Finding.severity == "fatal"))]
    assert document.state == "archived" and "BR-CO-15" in fatal  # the legal original is kept, findings on it
    assert lifecycle.suggestion(fatal) == ("207", "CALCUL_ERR")


def test_payments_reconciled_from_statements_send_211_and_212_through_the_network(rt, pa, companies):
    """The payments work and the network end to end: bank lines settle a received and a sent invoice, and the
    platform gets the buyer's 211 "Paiement transmis" and the seller's 212 "Encaissée", once each. Each statement
    also pays an invoice that is not on the network: the plugins are told of both at once, only one status."""
    from guichet.core.model.payment_models import ItemState, OpenItem
    from guichet.core.money import statements

    from payments_samples import Entry, archived_invoice, camt053

    seller, buyer = companies
    pa.add_line("200000008")
    sent = archived_sales_invoice(rt, seller)
    followups.run(rt, sent.id, "network")
    _, report = _received(rt, pa, buyer)
    received = Document.get_by_id(report.invoices[0])
    assert received.state == "archived"
    day = dt.date(2026, 11, 20)
    for company, document, sign, code, role in ((buyer, received, -1, "211", "BY"), (seller, sent, 1, "212", "SE")):
        open_items.sync(company)  # the sales invoice was stored archived directly, without the state hook
        item = OpenItem.get(OpenItem.document == document.id)
        assert item.outstanding > 0
        plain = archived_invoice(company, direction=document.direction, number=f"HORS-{code}", amount="42.00",
                                 issue=day - dt.timedelta(days=30), party="Tiers Papier SARL")
        statement = camt053("FR7630001007941234567890185", [
            Entry(sign * item.outstanding, day, name="LE CLIENT" if sign > 0 else "LE VENDEUR",
                  remittance=f"FACTURE {item.number}"),
            Entry(sign * Decimal("42.00"), day, name="TIERS PAPIER", remittance=f"FACTURE HORS-{code}")],
            statement_id=f"S-{code}")
        for _ in range(2):  # the same statement imported twice: one payment, one status
            statements.import_file(rt, company, statement, f"{code}.xml", source="test")
        assert OpenItem.get_by_id(item.id).state == ItemState.PAID
        assert OpenItem.get(OpenItem.document == plain.id).state == ItemState.PAID
        assert not NetworkStatus.select().where(NetworkStatus.document == plain.id).exists()
        (status,) = [s for s in NetworkStatus.select().where(NetworkStatus.document == document.id) if s.code == code]
        told = [f for f in pa.flows.values() if (f["trackingId"] or "").startswith("gp-")  # statuses of payments
                and cdar.read(f["_data"]).code == code]
        assert len(told) == 1 and told[0]["flowId"] == status.flow_id  # the platform got it once
        assert status.delivery == Delivery.SENT
        message = cdar.read(pa.flows[status.flow_id]["_data"])
        assert (message.code, message.invoice_number, message.issuer.role) == (code, item.number, role)
