"""Issue 16's acceptance, end to end: a sales invoice sent by an editor's software through the API reaches its customer by each channel.

Nothing is stored by hand here: the editor's token creates the customer (``POST /api/v1/customers``)
and uploads the invoice (``POST /api/v1/documents``, XP Z12-012's use case 1 in CII); the worker's
loop (``pipeline.run_to_rest``) reads, checks, renders the Factur-X, seals, archives, and the
``distribute`` follow-up hands it to the channel the customer expects, each against a real server
or a stand-in of the remote service on loopback: e-mail (aiosmtpd, STARTTLS + AUTH) then the
payment link paid by transfer (camt.054 with the RF reference), Chorus Pro (PISTE + Chorus Pro
stand-in), print (the day's batch dropped to the mail house's folder), EDI by SFTP (Guichet's own
SFTP server for the buyer company, which takes the invoice in) and by AS2 (pyas2lib's receiving
side, signed MDN), and the e-invoicing network (the AFNOR platform stand-in).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from guichet.connectors import chorus_pro
from guichet.core.connector_vault import encrypt_text
from guichet.core.model.api_models import create_token
from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.models import Document
from guichet.core.model.payment_models import ItemState, OpenItem
from guichet.core.model.sales_models import Customer, Delivery, DeliveryState
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress
from guichet.core.money import statements
from guichet.core.pipeline import followups, pipeline
from guichet.web.app import create_app

from network_samples import BUYER_SIREN, UC1_CII, configure, example_companies
from payments_samples import Entry, camt053
from smtpserver import smtp_server  # noqa: F401 - fixture

PUBLIC = "https://guichet.cabinet.example"
BUYER_SIRET = "20000000800009"  # LE CLIENT's SIREN with a valid Luhn key
NUMBER = "F202500003"


@pytest.fixture
def app(settings, smtp_server, tmp_path):
    """The web app (API, payment page) of an instance with every channel's settings."""
    (tmp_path / "imprimeur").mkdir()
    settings.values["mail"] = smtp_server.settings()
    settings.values.setdefault("web", {})["public_url"] = PUBLIC
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]
    settings.values["distribution"]["print_folder"] = str(tmp_path / "imprimeur")
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


@pytest.fixture
def rt(app):
    return app.config["GUICHET_RUNTIME"]


@pytest.fixture
def companies(firm):
    """The seller (LE VENDEUR) and the buyer (LE CLIENT) of XP Z12-012's use case 1, both of the firm."""
    return example_companies(firm)


@pytest.fixture
def editor(app, companies):
    """The seller's invoicing software: an API client with its token's headers."""
    _row, token = create_token(companies[0], "Logiciel de facturation",
                               ["documents:write", "documents:read", "customers:read", "customers:write"])
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def _customer(editor, **fields) -> dict:
    """The buyer's record created by the editor's software, with its channel."""
    made = editor.post("/api/v1/customers", json={"name": "LE CLIENT", "siren": BUYER_SIREN, **fields})
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def _invoice_through_the_api(rt, editor) -> Document:
    """Upload use case 1 (its placeholder BIC made a real one) and run the worker's loop until it rests."""
    data = UC1_CII.read_bytes().replace(b"BIC_MONCOMPTE", b"BNPAFRPPXXX")
    response = editor.post("/api/v1/documents", data={"file": (io.BytesIO(data), "F202500003.xml")},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    document = pipeline.run_to_rest(rt, response.get_json()["id"])
    assert (document.state, document.direction, document.channel) == ("archived", "sales", "api"), document.reason
    status = editor.get(f"/api/v1/documents/{document.id}").get_json()
    assert status["state"] == "archived" and status["invoice"]["number"] == NUMBER
    return document


def _delivery(document) -> Delivery:
    [delivery] = Delivery.select().where(Delivery.document == document.id)
    return delivery


def _run(rt, document) -> str:
    """The distribute run again, as the worker does once its wait is over."""
    StageRun.update(next_at=dt.datetime(2000, 1, 1)).where(StageRun.document == document.id).execute()
    return followups.run(rt, document.id, "distribute")


def _archived_pdf(rt, document) -> bytes:
    record = ArchiveRecord.get(ArchiveRecord.document == document.id)
    assert record.kind in {"pdf", "sealed_pdf"}  # the Factur-X rendered from the CII, as archived
    return rt.blobs.get(record.file_key)


def test_by_email_then_paid_by_transfer_with_the_rf_reference_of_its_payment_link(rt, app, editor, companies,
                                                                                   smtp_server):
    customer = _customer(editor, channel="email", emails=["compta@le-client.example"])
    document = _invoice_through_the_api(rt, editor)
    delivery = _delivery(document)
    assert (delivery.channel, delivery.state, delivery.customer_id) == ("email", DeliveryState.SENT, customer["id"])
    [message] = smtp_server.messages
    assert message["To"] == "compta@le-client.example" and message["Subject"] == f"Facture {NUMBER} — LE VENDEUR"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content() == _archived_pdf(rt, document)  # the archived Factur-X, byte for byte
    [link] = re.findall(rf"{PUBLIC}/payer/\S+", message.get_body(("plain",)).get_content())
    page = app.test_client().get(link.removeprefix(PUBLIC))
    item = OpenItem.get(OpenItem.document == document.id)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and item.reference in html and "<svg" in html  # RF reference and EPC QR
    assert _delivery(document).state == DeliveryState.OPENED
    statement = camt053(item.iban or "FR7630001007941234567890185", [Entry(
        item.outstanding, dt.date(2025, 7, 20), name="LE CLIENT", remittance="virement", reference=item.reference)],
        kind="054")
    statements.import_file(rt, companies[0], statement, "camt054.xml", source="test")
    assert OpenItem.get_by_id(item.id).state == ItemState.PAID
    assert _delivery(document).state == DeliveryState.PAID
    assert len(smtp_server.messages) == 1  # paid: nothing more goes out
    seen = editor.get(f"/api/v1/documents/{document.id}/deliveries").get_json()  # the editor follows it too
    assert [(d["channel"], d["state"], d["state_label"]) for d in seen["deliveries"]] == [("email", "paid", "Payée")]
    listed = editor.get(f"/api/v1/customers/{customer['id']}").get_json()
    assert listed["invoices"] == 1 and listed["emails"] == ["compta@le-client.example"]


def test_by_email_then_paid_by_card_from_its_payment_link(rt, app, editor, smtp_server):
    from guichet.core.model.sales_models import CardPayment

    from standins.stripe import SECRET_KEY, WEBHOOK_SECRET, StripeStandIn

    with StripeStandIn() as stripe:
        rt.settings.values["distribution"].update(stripe_api_url=stripe.url, stripe_secret_key=SECRET_KEY,
                                                  stripe_webhook_secret=WEBHOOK_SECRET)
        _customer(editor, channel="email", emails=["compta@le-client.example"])
        document = _invoice_through_the_api(rt, editor)
        [message] = smtp_server.messages
        [link] = re.findall(rf"{PUBLIC}/payer/\S+", message.get_body(("plain",)).get_content())
        payer = app.test_client()  # the customer's browser: no login, no token of ours
        started = payer.post(link.removeprefix(PUBLIC) + "/carte")
        assert started.status_code == 303 and started.headers["Location"].startswith("https://checkout.stripe.com/")
        item = OpenItem.get(OpenItem.document == document.id)
        form = stripe.requests[-1]["form"]
        assert form["line_items[0][price_data][unit_amount]"] == str(int(item.outstanding * 100))
        [session_id] = stripe.sessions
        body, headers = stripe.event(session_id)
        answer = payer.post("/payer/notification/stripe", data=body, headers=headers)
        assert answer.status_code == 200 and answer.get_json()["paid"] is True
        assert payer.post("/payer/notification/stripe", data=body, headers=headers).get_json()["paid"] is False
        assert OpenItem.get_by_id(item.id).state == ItemState.PAID and CardPayment.get().state == "paid"
        assert _delivery(document).state == DeliveryState.PAID


@pytest.fixture
def cpro(rt, companies):
    """The PISTE + Chorus Pro stand-in, LE CLIENT a public structure, the seller's technical account set."""
    from standins.chorus_pro import CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD, ChorusStandIn

    chorus_pro._tokens.clear()
    with ChorusStandIn() as standin:
        standin.add_structure(BUYER_SIRET, name="LE CLIENT")
        rt.settings.values["chorus_pro"] = {"oauth_url": f"{standin.url}/api/oauth/token", "api_url": standin.url,
                                            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                                            "poll_seconds": 60, "timeout": 5}
        seller = companies[0]
        seller.settings = {"chorus_pro": {"login": LOGIN, "password": encrypt_text(rt.settings, PASSWORD)}}
        seller.save()
        yield standin


def test_by_chorus_pro_deposited_then_made_available(rt, editor, cpro):
    _customer(editor, siret=BUYER_SIRET, channel="chorus_pro")
    document = _invoice_through_the_api(rt, editor)
    delivery = _delivery(document)
    [flux] = cpro.deposits
    assert (delivery.channel, delivery.state, delivery.external_id) == ("chorus_pro", DeliveryState.SENT, flux)
    assert cpro.deposits[flux]["data"] == _archived_pdf(rt, document)
    assert cpro.deposits[flux]["name"] == f"facture-{NUMBER}.pdf"
    assert _run(rt, document) == Progress.WAITING  # the flux is integrated: the invoice's status next
    assert _run(rt, document) in {Progress.WAITING, Progress.DONE}
    assert _delivery(document).state == DeliveryState.DELIVERED and "MISE_A_DISPOSITION" in _delivery(document).reason
    assert len(cpro.deposits) == 1


def test_a_suspended_chorus_pro_invoice_is_completed_from_the_deliveries_page(rt, app, editor, companies, cpro,
                                                                              make_user):
    from support import PASSWORD

    cpro.outcomes = [["SUSPENDUE"]]
    _customer(editor, siret=BUYER_SIRET, channel="chorus_pro")
    document = _invoice_through_the_api(rt, editor)
    _run(rt, document)
    _run(rt, document)
    delivery = _delivery(document)
    assert delivery.data["chorus_status"] == "SUSPENDUE"
    url = f"/envois/{delivery.id}/completer"
    make_user("lecteur@vendeur.example", companies={companies[0]: "read"})
    make_user("gerant@client.example", companies={companies[1]: "manage"})
    make_user("gerant@vendeur.example", companies={companies[0]: "manage"})
    clients = {}
    for email in ("lecteur@vendeur.example", "gerant@client.example", "gerant@vendeur.example"):
        clients[email] = app.test_client()
        clients[email].post("/login", data={"email": email, "password": PASSWORD})
    for outsider in ("lecteur@vendeur.example", "gerant@client.example"):  # a reader, another company's manager
        assert clients[outsider].get(url).status_code == clients[outsider].get("/envois/999999/completer").status_code
        assert clients[outsider].get(url).status_code in (403, 404)
        assert clients[outsider].post(url, data={"comment": "pirate"}).status_code in (403, 404)
    assert cpro.deposits[delivery.external_id].get("completed") is None
    manager = clients["gerant@vendeur.example"]
    listing = manager.get(f"/dossiers/{companies[0].id}/envois/").get_data(as_text=True)
    assert url in listing and "Compléter la facture suspendue" in listing
    refused = manager.post(url, data={"comment": "voir pièce", "pieces": (io.BytesIO(b"MZ"), "virus.exe")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "type non accepté" in html.unescape(refused.get_data(as_text=True)) and cpro.files == []
    done = manager.post(url, data={"comment": "Bon de commande joint",
                                   "pieces": (io.BytesIO(_archived_pdf(rt, document)), "../../bon-de-commande.pdf")},
                        content_type="multipart/form-data", follow_redirects=True)
    assert "Facture complétée (1 pièce(s) jointe(s)) : Bon de commande joint" in html.unescape(done.get_data(as_text=True))
    entry = cpro.deposits[delivery.external_id]
    assert entry["completed"] == {"comment": "Bon de commande joint", "files": ["bon-de-commande.pdf"]}
    again = manager.post(url, data={"comment": "encore"}, follow_redirects=True)
    assert "n'attend pas de complément" in html.unescape(again.get_data(as_text=True)) and len(cpro.files) == 1


def test_by_print_in_the_day_s_batch_with_its_address_in_the_window(rt, editor, tmp_path):
    from guichet.core.sales import printing

    _customer(editor, channel="print")
    document = _invoice_through_the_api(rt, editor)
    assert (_delivery(document).channel, _delivery(document).state) == ("print", DeliveryState.TO_SEND)
    [batch] = printing.close_batches(rt)
    assert batch.state == "dropped", batch.reason
    stem = tmp_path / "imprimeur" / f"lot-{batch.company.siren}-{batch.id:06d}"
    manifest = json.loads(stem.with_suffix(".json").read_text())
    [item] = manifest["items"]
    assert item["invoice"] == NUMBER and item["address"][0] == "LE CLIENT"
    pages = len(PdfReader(stem.with_suffix(".pdf")).pages)
    assert pages == manifest["pages"] == len(PdfReader(io.BytesIO(_archived_pdf(rt, document))).pages)
    assert _delivery(document).state == DeliveryState.SENT


def test_by_edi_sftp_into_the_buyer_s_own_inbox(rt, editor, companies, tmp_path):
    from guichet.connectors import delivery_edi
    from guichet.connectors.sftp_accounts import SftpServerConnector
    from guichet.connectors.sftp_accounts.server import SftpIntakeServer
    from guichet.core.ops import connector_runs
    from guichet.core.sales import channels, customers

    _seller, buyer = companies
    server = SftpIntakeServer(rt, host="127.0.0.1", port=0, root=tmp_path / "sftp", host_key=tmp_path / "host_key",
                              stable_seconds=0)
    connector_runs.configure(rt, buyer, SftpServerConnector(),
                             {"username": "edi-le-client", "public_keys": delivery_edi.public_key(rt.settings)})
    server.start()
    try:
        made = _customer(editor, channel="email", emails=["compta@le-client.example"])
        # The endpoint names a host: firm staff set it (the API refuses it), as on the customer page.
        record = Customer.get_by_id(made["id"])
        fields = customers.clean({"channel": "edi", "edi": {
            "host": "127.0.0.1", "port": server.port, "user": "edi-le-client", "syntax": "cii",
            "host_key": f"{server.host_key.get_name()} {server.host_key.get_base64()}"}},
            channels=channels.labels(rt.pm), settings=rt.settings, firm_staff=True)
        customers.update(record, fields)
        document = _invoice_through_the_api(rt, editor)
        delivery = _delivery(document)
        assert (delivery.channel, delivery.state) == ("edi", DeliveryState.SENT)
        received = Document.get(Document.company == buyer.id)
        assert received.filename == f"facture-{NUMBER}.xml" and received.format == "cii"
        received = pipeline.run_to_rest(rt, received.id)  # the buyer's side reads it as a purchase invoice
        assert received.direction == "purchase"
    finally:
        server.stop()


def test_by_edi_as2_with_a_signed_mdn(rt, editor, companies):
    from guichet.connectors.delivery_edi import as2 as delivery_as2
    from guichet.core.sales import channels, customers

    from as2partner import As2Partner

    partner = As2Partner().start()
    try:
        ours = delivery_as2.identity(rt.settings, companies[0])
        partner.know(ours["as2_id"], ours["certificate"])
        record = Customer.get_by_id(_customer(editor, channel="print")["id"])
        fields = customers.clean({"channel": "edi", "edi": {
            "transport": "as2", "syntax": "ubl", "as2_url": partner.url, "as2_id": partner.as2_id,
            "as2_certificate": partner.certificate, "as2_mdn": "sync"}},
            channels=channels.labels(rt.pm), settings=rt.settings, firm_staff=True)
        customers.update(record, fields)
        document = _invoice_through_the_api(rt, editor)
        delivery = _delivery(document)
        assert (delivery.channel, delivery.state) == ("edi", DeliveryState.DELIVERED), delivery.reason
        assert "empreinte vérifiée" in delivery.reason
        [(message_id, content)] = partner.received.items()
        assert message_id == delivery.external_id
        assert NUMBER.encode() in content and b"urn:oasis:names:specification:ubl" in content
    finally:
        partner.stop()


def test_by_the_network_when_the_directory_knows_the_buyer(rt, editor, companies):
    from guichet.core.model.network_models import NetworkDocument

    from standins.afnor_pa import PlatformStandIn

    with PlatformStandIn() as pa:
        configure(rt, companies[0], pa)
        pa.add_line(BUYER_SIREN, name="LE CLIENT", identifier=BUYER_SIREN)
        _customer(editor, emails=["compta@le-client.example"])  # no channel chosen: the network comes first
        document = _invoice_through_the_api(rt, editor)
        delivery = _delivery(document)
        place = NetworkDocument.get(NetworkDocument.document == document.id)
        assert (delivery.channel, delivery.state, delivery.external_id) == ("network", DeliveryState.SENT,
                                                                            place.flow_id)
        posts = [r for r in pa.requests if r["method"] == "POST" and r["path"].endswith("/v1/flows")]
        assert len(posts) == 1  # the network's own stage and the distribution: one flow


def test_a_customer_without_a_usable_channel_is_to_complete_then_sent_once_the_api_completes_it(
        rt, editor, smtp_server):
    made = _customer(editor, channel="email", emails=[])
    data = UC1_CII.read_bytes().replace(b"BIC_MONCOMPTE", b"BNPAFRPPXXX").replace(b"contact@acheteur.fr", b"")
    response = editor.post("/api/v1/documents", data={"file": (io.BytesIO(data), "F202500003.xml")},
                           content_type="multipart/form-data")
    document = pipeline.run_to_rest(rt, response.get_json()["id"])
    assert document.state == "archived"
    delivery = _delivery(document)
    assert delivery.state == DeliveryState.TO_COMPLETE and "adresse e-mail" in delivery.reason
    assert smtp_server.messages == []
    changed = editor.patch(f"/api/v1/customers/{made['id']}", json={"emails": ["compta@le-client.example"]})
    assert changed.status_code == 200
    pipeline.run_to_rest(rt, document.id)  # the worker picks up the run the edit reopened
    assert (_delivery(document).channel, _delivery(document).state) == ("email", DeliveryState.SENT)
    assert [m["To"] for m in smtp_server.messages] == ["compta@le-client.example"]
    assert Decimal(OpenItem.get(OpenItem.document == document.id).outstanding) > 0


def test_an_unreachable_relay_is_said_on_the_deliveries_page_then_the_invoice_goes_once(rt, app, editor, companies,
                                                                                       make_user, smtp_server):
    from support import PASSWORD

    _customer(editor, channel="email", emails=["compta@le-client.example"])
    rt.settings.values["mail"]["port"] = 1  # nothing listens there
    document = _invoice_through_the_api(rt, editor)
    run = StageRun.get((StageRun.document == document.id) & (StageRun.stage == "distribute"))
    assert run.status == Progress.RETRY and run.next_at is not None
    make_user("gerant@vendeur.example", companies={companies[0]: "manage"})
    client = app.test_client()
    client.post("/login", data={"email": "gerant@vendeur.example", "password": PASSWORD})
    page = client.get(f"/dossiers/{companies[0].id}/envois/").get_data(as_text=True).split('id="deliveries"')[1]
    assert "En erreur" in page and "nouvel essai prévu" in page and "envoi impossible" in page
    assert "prochain essai automatique le" in page
    rt.settings.values["mail"]["port"] = smtp_server.port
    assert _run(rt, document) == Progress.WAITING  # the back-off is over: sent
    assert _run(rt, document) == Progress.DONE  # no bounce in the window: over, nothing sent again
    assert [m["To"] for m in smtp_server.messages] == ["compta@le-client.example"]
    page = client.get(f"/dossiers/{companies[0].id}/envois/").get_data(as_text=True).split('id="deliveries"')[1]
    assert "Envoyée" in page and "prochain essai" not in page


def test_the_deliveries_of_a_document_through_the_api_are_the_token_s_company_s_only(rt, app, editor, companies,
                                                                                     smtp_server):
    _customer(editor, channel="email", emails=["compta@le-client.example"])
    document = _invoice_through_the_api(rt, editor)
    url = f"/api/v1/documents/{document.id}/deliveries"
    [delivery] = editor.get(url).get_json()["deliveries"]
    assert (delivery["channel"], delivery["state"], delivery["channel_label"]) == ("email", "sent", "Courriel")
    assert delivery["sent_at"].endswith("Z") and delivery["attempts"] == 1
    client = app.test_client()
    _row, other = create_token(companies[1], "Autre logiciel", ["documents:read"])
    assert client.get(url, headers={"Authorization": f"Bearer {other}"}).status_code == 404
    _row, writer = create_token(companies[0], "Dépôt seul", ["documents:write"])
    assert client.get(url, headers={"Authorization": f"Bearer {writer}"}).status_code == 403
    assert client.get(url).status_code == 401
    assert editor.get("/api/v1/documents/999999/deliveries").status_code == 404
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/documents/{document_id}/deliveries" in spec["paths"]
