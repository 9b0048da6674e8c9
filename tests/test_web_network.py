"""Network pages: a document's statuses and the buyer's answer, a company's list with filters, the waiting view, scoped."""

from __future__ import annotations

import pytest

from guichet.core.model.network_models import NetworkDocument, NetworkStatus
from guichet.core.network import receiving
from network_samples import UC1_CII, configure, example_companies
from standins.afnor_pa import PlatformStandIn
from support import PASSWORD


@pytest.fixture
def app(settings):
    from guichet.web.app import create_app

    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


@pytest.fixture
def received(app, firm):
    """LE CLIENT received F202500003 through its platform; returns (buyer, seller, document id, stand-in)."""
    rt = app.config["GUICHET_RUNTIME"]
    seller, buyer = example_companies(firm)
    with PlatformStandIn() as pa:
        configure(rt, buyer, pa)
        pa.deliver_invoice(UC1_CII.read_bytes())
        report = receiving.poll(rt, buyer.id)
        yield buyer, seller, report.invoices[0], pa


def _login(app, email):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client


def test_the_buyer_sees_the_statuses_and_answers_with_a_reason(app, received, make_user):
    buyer, _, document_id, pa = received
    make_user("compta@client.fr", companies={buyer: "manage"})
    client = _login(app, "compta@client.fr")
    page = client.get(f"/plugins/network/documents/{document_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Facture reçue par la plateforme" in html and 'id="network-answer"' in html
    refused = client.post(f"/plugins/network/documents/{document_id}/reponse", data={"code": "207"},
                          follow_redirects=True)
    assert "exige un motif" in refused.get_data(as_text=True)
    done = client.post(f"/plugins/network/documents/{document_id}/reponse",
                       data={"code": "207", "reason": "CALCUL_ERR", "message": "Total faux"}, follow_redirects=True)
    assert "Statut 207 En litige envoyé." in done.get_data(as_text=True)
    status = NetworkStatus.get(NetworkStatus.code == "207")
    assert status.delivery == "sent" and status.flow_id in pa.flows
    listed = client.get(f"/plugins/network/dossiers/{buyer.id}/?filtre=en_litige").get_data(as_text=True)
    assert 'data-code="207"' in listed
    assert 'data-code="207"' not in client.get(f"/plugins/network/dossiers/{buyer.id}/?filtre=refusee").get_data(
        as_text=True)


def test_a_reader_sees_but_cannot_answer(app, received, make_user):
    buyer, _, document_id, _ = received
    make_user("lecteur@client.fr", companies={buyer: "read"})
    client = _login(app, "lecteur@client.fr")
    html = client.get(f"/plugins/network/documents/{document_id}").get_data(as_text=True)
    assert "Dernier statut" in html and 'id="network-answer"' not in html
    assert client.post(f"/plugins/network/documents/{document_id}/reponse",
                       data={"code": "204"}).status_code == 404
    assert NetworkStatus.select().where(NetworkStatus.origin == "buyer").count() == 0


def test_other_companies_see_nothing(app, received, make_user):
    buyer, seller, document_id, _ = received
    make_user("vendeur@vendeur.fr", companies={seller: "manage"})
    client = _login(app, "vendeur@vendeur.fr")
    assert client.get(f"/plugins/network/documents/{document_id}").status_code == 404
    assert client.get(f"/plugins/network/dossiers/{buyer.id}/").status_code == 404
    assert client.post(f"/plugins/network/documents/{document_id}/reponse", data={"code": "204"}).status_code == 404
    waiting = client.get("/plugins/network/attente").get_data(as_text=True)
    assert "F202500003" not in waiting
    assert client.post(f"/plugins/network/dossiers/{buyer.id}/ereporting", data={"period": "2025-07"}).status_code == 404


def test_the_firm_wide_waiting_view(app, received, make_user):
    _, _, document_id, _ = received
    make_user("op@cabinet.fr", firm_role="operator")
    client = _login(app, "op@cabinet.fr")
    html = client.get("/plugins/network/attente").get_data(as_text=True)
    assert "F202500003" in html and "LE CLIENT" in html
    NetworkDocument.update(last_code="205").where(NetworkDocument.document == document_id).execute()
    assert "F202500003" not in client.get("/plugins/network/attente").get_data(as_text=True)
    assert client.get("/plugins/network/attente", follow_redirects=False).status_code == 200
    anonymous = app.test_client().get("/plugins/network/attente")
    assert anonymous.status_code in (302, 401)


def test_company_page_prepares_ereporting(app, received, make_user):
    buyer, _, _, _ = received
    make_user("compta@client.fr", companies={buyer: "manage"})
    client = _login(app, "compta@client.fr")
    done = client.post(f"/plugins/network/dossiers/{buyer.id}/ereporting", data={"period": "2025-07"},
                       follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "4 période(s) préparée(s)" in html and 'id="network-ereporting"' in html


def test_the_api_answers_for_the_tokens_company_only(app, received):
    from guichet.core.model.api_models import create_token

    buyer, seller, document_id, pa = received
    _, token = create_token(buyer, "Logiciel", ["documents:read", "documents:write"])
    _, other = create_token(seller, "Autre", ["documents:read", "documents:write"])
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    info = client.get(f"/api/v1/documents/{document_id}/network", headers=auth).get_json()
    assert info["route"] == "received" and info["statuses"] == []
    missing = client.post(f"/api/v1/documents/{document_id}/network/answer", headers=auth, json={"code": "210"})
    assert missing.status_code == 409 and "exige un motif" in missing.get_json()["error"]
    done = client.post(f"/api/v1/documents/{document_id}/network/answer", headers=auth,
                       json={"code": "210", "reason": "DOUBLON"})
    assert done.status_code == 200 and done.get_json()["delivery"] == "sent"
    stranger = {"Authorization": f"Bearer {other}"}
    assert client.get(f"/api/v1/documents/{document_id}/network", headers=stranger).status_code == 404
    assert client.post(f"/api/v1/documents/{document_id}/network/answer", headers=stranger,
                       json={"code": "204"}).status_code == 404
    assert len([f for f in pa.flows.values() if f["flowSyntax"] == "CDAR" and f["flowDirection"] == "Out"]) == 1


def test_the_document_page_shows_the_last_status_and_links_to_the_network_page(app, received, make_user):
    from guichet.core.model.network_models import Delivery
    from guichet.core.network import statuses
    from guichet.core.model.models import Document

    buyer, _, document_id, _ = received
    make_user("compta@client.fr", companies={buyer: "manage"})
    client = _login(app, "compta@client.fr")
    html = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert 'id="network"' in html and "Aucun statut pour l'instant" in html
    statuses.record(None, Document.get_by_id(document_id), "203", origin="platform", delivery=Delivery.RECEIVED)
    html = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "203 Mise à disposition" in html and f"/plugins/network/documents/{document_id}" in html


def test_the_platform_account_is_configured_by_firm_staff_in_the_admin_pages(app, firm, make_user):
    from guichet.core.network import accounts

    rt = app.config["GUICHET_RUNTIME"]
    _, buyer = example_companies(firm)
    make_user("client@client.fr", companies={buyer: "manage"})
    make_user("admin@cabinet.fr", firm_role="admin")
    url = f"/plugins/connectors_admin/dossiers/{buyer.id}/configurer?connector=afnor_flow"
    data = {"url": "https://api.flow.pa.example/flow-service", "token_url": "https://auth.pa.example/token",
            "client_id": "guichet", "client_secret": "tres-secret", "reception": "on", "enabled": "on"}
    client = _login(app, "client@client.fr")
    client.post(url, data=data)
    assert accounts.accounts_of(rt, buyer) == []  # a client may not make the server connect anywhere
    admin = _login(app, "admin@cabinet.fr")
    admin.post(url, data=data)
    account = accounts.account(rt, buyer)
    assert account.settings["client_secret"] == "tres-secret" and account.settings["emission"] is False
    assert "tres-secret" not in admin.get(url).get_data(as_text=True)


def test_the_review_queue_links_a_received_invoice_to_its_answer(app, received, make_user):
    from guichet.core.model.models import Document

    _, _, document_id, _ = received
    Document.update(state="to_review").where(Document.id == document_id).execute()
    make_user("op@cabinet.fr", firm_role="operator")
    client = _login(app, "op@cabinet.fr")
    page = client.get(f"/operateur/documents/{document_id}/revue").get_data(as_text=True)
    assert 'id="network-answer-link"' in page and f"/plugins/network/documents/{document_id}" in page


def test_the_network_pages_speak_french(app, received, make_user):
    import datetime as dt
    import re

    from guichet.core.model.models import Document
    from guichet.core.model.network_models import Delivery
    from guichet.core.network import ereporting, statuses
    from guichet.web import messages
    from web_pages import interface_texts, visible_text

    raw = re.compile(r"\bNone\b|\b(document|user|archive|payment|network)\.[a-z_]+\b|\bUTC\b|\bnull\b|\bTrue\b|\bFalse\b")
    buyer, _, document_id, _ = received
    statuses.record(None, Document.get_by_id(document_id), "207", origin="buyer", delivery=Delivery.SENT,
                    reason="CALCUL_ERR", message="Total faux")
    ereporting.prepare(buyer, "transactions", dt.date(2025, 7, 1), dt.date(2025, 7, 10))
    make_user("op@cabinet.fr", firm_role="operator")
    client = _login(app, "op@cabinet.fr")
    problems = []
    for url in (f"/plugins/network/documents/{document_id}", f"/plugins/network/dossiers/{buyer.id}/",
                f"/plugins/network/dossiers/{buyer.id}/?filtre=en_litige", "/plugins/network/attente",
                f"/documents/{document_id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        text = visible_text(html)
        problems += [f"{url}: {m.group(0)!r}" for m in raw.finditer(text)]
        problems += [f"{url}: English: {s[:120]!r}" for s in interface_texts(html) if messages.looks_english(s)]
    assert not problems, "\n".join(problems)


def test_the_platforms_webhook_makes_the_company_poll_now(app, received):
    from guichet.core.model.connector_models import ConnectorConfig
    from guichet.core.network import accounts

    buyer, _, _, pa = received
    config = ConnectorConfig.get(ConnectorConfig.company == buyer.id)
    token = accounts.new_callback_token(config.id)
    assert token not in str(ConnectorConfig.get_by_id(config.id).settings)  # only its digest is kept
    second = pa.deliver_invoice(UC1_CII.read_bytes().replace(b"F202500003", b"F202500099"), name="F99.xml")
    client = app.test_client()
    assert client.post("/api/v1/network/callback/inconnu", json={"flowInfo": {"flowId": second}}).status_code == 404
    assert client.post(f"/api/v1/network/callback/{token}", json={"nope": 1}).status_code == 400
    done = client.post(f"/api/v1/network/callback/{token}", json={"flowInfo": {"flowId": second,
                                                                                "flowDirection": "In"}})
    assert done.status_code == 200
    assert NetworkDocument.get(NetworkDocument.flow_id == second).company_id == buyer.id
