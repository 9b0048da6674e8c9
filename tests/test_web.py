"""The web app through Flask's test client: login, lists, upload, document page, rights."""

from __future__ import annotations

import io
from decimal import Decimal
import re

import pytest

from guichet.core.pipeline import intake, pipeline
from guichet.core.model.models import Document, Event
from guichet.core.model.payment_models import ItemState, OpenItem
from guichet.core.model.states import Channel, State
from guichet.web.app import create_app

from support import DONE_STATES, PASSWORD


@pytest.fixture
def app(settings):
    """The app on the test instance; CSRF checks off except where a test turns them on."""
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


def login(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def import_file(app, company, path):
    rt = app.config["GUICHET_RUNTIME"]
    document, _ = intake.receive(rt, company, path.read_bytes(), path.name, channel=Channel.CLI)
    return pipeline.run_to_rest(rt, document.id)


def test_login_required_and_wrong_password(app, company, make_user):
    make_user("a@example.fr", companies={company: "read"})
    client = app.test_client()
    assert client.get("/dossiers/").status_code == 302
    response = login(client, "a@example.fr", "wrong-password")
    assert response.status_code == 401
    assert "incorrect" in response.get_data(as_text=True)
    assert Event.select().where(Event.kind == "user.login_failed").count() == 1


def test_csrf_is_enforced(settings, company, make_user):
    application = create_app(settings, config={"TESTING": True})
    make_user("a@example.fr", companies={company: "upload"})
    client = application.test_client()
    response = client.post("/login", data={"email": "a@example.fr", "password": PASSWORD})
    assert response.status_code == 400  # no CSRF token
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": "a@example.fr", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_upload_lists_invoice_with_total(app, company, make_user, corpus):
    make_user("a@example.fr", companies={company: "upload"})
    client = app.test_client()
    login(client, "a@example.fr")
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    response = client.post(
        f"/dossiers/{company.id}/upload",
        data={"files": [(io.BytesIO(data), "EN16931_Einfach.pdf"), (io.BytesIO(b""), "vide.pdf")]},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    docs = response.get_json()["documents"]
    assert docs[0]["state"] in DONE_STATES
    assert docs[1]["state"] == "rejected"
    assert docs[1]["reason"] == "fichier vide"
    listing = client.get(f"/dossiers/{company.id}/").get_data(as_text=True)
    assert "471102" in listing
    assert "529,87" in listing
    assert "Lieferant GmbH" in listing
    assert "fichier vide" in listing  # the rejected file shows its reason
    page = client.get(docs[0]["url"]).get_data(as_text=True)
    assert "Kunden AG Mitte" in page and "Document reçu" in page
    assert client.get(docs[0]["url"] + "/pages/1.png").data.startswith(b"\x89PNG")
    original = client.get(docs[0]["url"] + "/original")
    assert original.data == data


def test_read_only_member_cannot_upload(app, company, make_user):
    make_user("r@example.fr", companies={company: "read"})
    client = app.test_client()
    login(client, "r@example.fr")
    response = client.post(f"/dossiers/{company.id}/upload", data={"files": [(io.BytesIO(b"x"), "x.pdf")]})
    assert response.status_code == 404
    assert Document.select().count() == 0


def test_filters_and_search(app, company, make_user, corpus):
    import_file(app, company, corpus / "EN16931_Einfach.pdf")
    import_file(app, company, corpus / "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf")
    make_user("a@example.fr", companies={company: "read"})
    client = app.test_client()
    login(client, "a@example.fr")
    page = client.get(f"/dossiers/{company.id}/?state=to_code").get_data(as_text=True)
    assert "Hetzner" in page and "471102" not in page
    page = client.get(f"/dossiers/{company.id}/?q=Lieferant").get_data(as_text=True)
    assert "471102" in page and "Hetzner" not in page


def _fill(rule, ids: dict[str, int]) -> str | None:
    url = rule.rule
    for arg in rule.arguments:
        if arg not in ids:
            return None
        url = url.replace(f"<int:{arg}>", str(ids[arg])).replace(f"<{arg}>", str(ids[arg]))
    return url


def test_tenant_isolation_on_every_route(app, company, other_company, make_user, corpus):
    """A user of company A gets 403/404 on every URL that names company B or its documents."""
    doc_b = import_file(app, other_company, corpus / "EN16931_Einfach.pdf")
    user_b = make_user("b@example.fr", companies={other_company: "manage"})
    make_user("a@example.fr", companies={company: "manage"})
    item_b = OpenItem.create(document=doc_b, company=other_company, direction="purchase", number="B-1",
                             counterparty="Engie", amount=Decimal("100.00"), settled=Decimal("0.00"),
                             outstanding=Decimal("100.00"), state=ItemState.OPEN)
    client = app.test_client()
    login(client, "a@example.fr")
    ids = {"item_id": item_b.id, "company_id": other_company.id, "document_id": doc_b.id, "user_id": user_b.id,
           "webhook_id": 1, "config_id": 1, "page": 1, "number": 1, "token": "inconnu",
           "batch_id": 1, "payment_id": 1, "line_id": 1, "customer_id": 1, "delivery_id": 1, "provider": "inconnu",
           "provider_id": 1, "invoice_id": doc_b.id, "section": "inconnu", "name": "inconnu.png",
           "fmt": "html"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments:
            continue
        url = _fill(rule, ids)
        assert url is not None, f"route {rule.rule} has an argument the test does not know"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method, data={"company_id": other_company.id, "role": "manage"})
            # The API answers 401 to a session without a bearer token (tokens: tests/test_web_api_*.py).
            allowed = (401, 403, 404) if url.startswith("/api/") else (403, 404)
            assert response.status_code in allowed, f"{method} {url} -> {response.status_code}"
            assert "Engie" not in response.get_data(as_text=True)
            checked += 1
    assert checked >= 7
    # Routes without ids show nothing of company B.
    for url in ("/dossiers/", "/"):
        body = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert other_company.name not in body
    assert Document.get_by_id(doc_b.id).state in DONE_STATES


def test_firm_admin_creates_company_user_and_rights(app, firm, company, make_user):
    make_user("admin@example.fr", firm_role="admin")
    client = app.test_client()
    login(client, "admin@example.fr")
    response = client.post("/admin/dossiers", data={"name": "Nouvelle SARL", "siren": "732 829 320"})
    assert response.status_code == 302
    bad = client.post("/admin/dossiers", data={"name": "Mauvaise", "siren": "123456789"}, follow_redirects=True)
    assert "SIREN invalide" in bad.get_data(as_text=True)
    client.post("/admin/utilisateurs", data={"email": "client@example.fr", "password": "12345678x", "firm_role": ""})
    from guichet.core.model.models import Company, User

    new_company = Company.get(Company.siren == "732829320")
    client_user = User.get(User.email == "client@example.fr")
    client.post(f"/admin/utilisateurs/{client_user.id}/droits", data={"company_id": new_company.id, "role": "read"})
    other = app.test_client()
    login(other, "client@example.fr", "12345678x")
    body = other.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Nouvelle SARL" in body
    assert other.get(f"/dossiers/{company.id}/").status_code == 404
    assert other.get("/admin/").status_code == 403


def test_bad_inputs_are_rejected_and_the_worker_goes_on(app, company, make_user, corpus):
    """Empty, truncated PDF, billion laughs, external entity: each rejected with a reason."""
    make_user("a@example.fr", companies={company: "upload"})
    client = app.test_client()
    login(client, "a@example.fr")
    good = (corpus / "EN16931_Einfach.pdf").read_bytes()
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">'
              b'&lol3;</rsm:CrossIndustryInvoice>')
    xxe = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>')
    files = [
        (io.BytesIO(b""), "empty.pdf"),
        (io.BytesIO(good[: len(good) // 2]), "truncated.pdf"),
        (io.BytesIO(laughs), "laughs.xml"),
        (io.BytesIO(xxe), "xxe.xml"),
        (io.BytesIO(b"just some text"), "notes.txt"),
        (io.BytesIO(good), "good.pdf"),
    ]
    response = client.post(f"/dossiers/{company.id}/upload", data={"files": files},
                           headers={"Accept": "application/json"})
    docs = {d["filename"]: d for d in response.get_json()["documents"]}
    for name in ("empty.pdf", "truncated.pdf", "laughs.xml", "xxe.xml", "notes.txt"):
        assert docs[name]["state"] == "rejected", name
        assert docs[name]["reason"], name
    assert "DOCTYPE" in docs["laughs.xml"]["reason"]
    assert "DOCTYPE" in docs["xxe.xml"]["reason"]
    assert "tronqué" in docs["truncated.pdf"]["reason"]
    assert "root:" not in str(docs)
    assert docs["good.pdf"]["state"] in DONE_STATES
    rt = app.config["GUICHET_RUNTIME"]
    for doc in Document.select():
        assert rt.blobs.exists(doc.blob_key)  # every original is kept


def test_manager_overrides_a_review_with_a_reason(app, company, make_user, corpus):
    from guichet.core.model.models import Event
    from guichet.core.pipeline.pipeline import transition
    from guichet.core.model.models import db

    doc = import_file(app, company, corpus / "EN16931_Einfach.pdf")
    # Put the document in review as a blocking control would.
    Document.update(state="extracted").where(Document.id == doc.id).execute()
    doc = Document.get_by_id(doc.id)
    with db.atomic():
        transition(doc, State.TO_REVIEW, reason="test")
    make_user("lecteur@example.fr", companies={company: "read"})
    make_user("gerant@example.fr", companies={company: "manage"})
    reader = app.test_client()
    login(reader, "lecteur@example.fr")
    assert reader.post(f"/documents/{doc.id}/override", data={"reason": "vu"}).status_code == 404
    manager = app.test_client()
    login(manager, "gerant@example.fr")
    page = manager.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "Accepter malgré les anomalies" in page
    empty = manager.post(f"/documents/{doc.id}/override", data={"reason": " "}, follow_redirects=True)
    assert "raison" in empty.get_data(as_text=True)
    assert Document.get_by_id(doc.id).state == State.TO_REVIEW
    manager.post(f"/documents/{doc.id}/override", data={"reason": "Fournisseur connu, vérifié"})
    assert Document.get_by_id(doc.id).state in DONE_STATES
    event = Event.get(Event.kind == "document.review_override")
    assert event.data["reason"] == "Fournisseur connu, vérifié"


def test_archive_panel_deletion_refused_and_last_verification(app, company, make_user, corpus):
    from guichet.core.model.archive_models import ArchiveRecord
    from guichet.core.model.models import Event

    doc = import_file(app, company, corpus / "EN16931_Einfach.pdf")
    assert doc.state == State.ARCHIVED
    record = ArchiveRecord.get(ArchiveRecord.document == doc)
    make_user("admin@example.fr", firm_role="admin")
    client = app.test_client()
    login(client, "admin@example.fr")
    page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "conservé jusqu" in page and record.sha256 in page
    archived = client.get(f"/documents/{doc.id}/archive")
    assert archived.data == app.config["GUICHET_RUNTIME"].blobs.get(record.file_key)
    refused = client.post(f"/documents/{doc.id}/archive/delete", follow_redirects=True)
    assert "Suppression refusée" in refused.get_data(as_text=True)
    assert ArchiveRecord.select().where(ArchiveRecord.document == doc).exists()
    assert Event.get(Event.kind == "archive.delete_refused").data["origin"] == "admin"
    listing = client.get("/admin/archives").get_data(as_text=True)
    assert "Aucune vérification" in listing or "Intègre" in listing
