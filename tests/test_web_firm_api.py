"""The firm's pull API (/api/v1/firm): change feed with a cursor, files, entries, marks; attacked by
another firm's token, a company's editor token, an expired, revoked or narrower token; schemathesis on its spec."""

from __future__ import annotations

import datetime as dt

import pytest

from guichet.core.access import accounts
from guichet.core.model import events
from guichet.core.model.api_models import create_token
from guichet.core.model.export_models import ExportMark, create_firm_token
from guichet.core.model.models import Document, Firm, db, utcnow
from guichet.core.money import entries, exports
from guichet.web.app import create_app

from export_samples import archived

PDF = b"%PDF-1.7 scelle"


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


@pytest.fixture
def rt_app(app):
    return app.config["GUICHET_RUNTIME"]


@pytest.fixture
def data(app, rt_app, firm, company, other_company):
    """Two companies of the firm, one of another firm; archived invoices in each, one not archived."""
    stranger_firm = Firm.create(name="Autre cabinet")
    stranger = accounts.create_company(stranger_firm, "Société Étrangère", "732829320")
    made = {
        "a1": archived(company, direction="purchase", number="A-1", blobs=rt_app.blobs, data=PDF + b" a1"),
        "a2": archived(company, direction="sales", number="A-2", party="Client", blobs=rt_app.blobs, data=PDF + b" a2"),
        "b1": archived(other_company, direction="purchase", number="B-1", blobs=rt_app.blobs, data=PDF + b" b1"),
        "x1": archived(stranger, direction="purchase", number="X-1", blobs=rt_app.blobs, data=PDF + b" x1"),
    }
    pending = archived(company, direction="purchase", number="P-1", blobs=rt_app.blobs, data=PDF + b" p1")
    Document.update(state="to_review").where(Document.id == pending.id).execute()
    made["pending"] = pending
    return {"docs": made, "stranger_firm": stranger_firm, "stranger": stranger}


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _token(firm, scopes=("invoices:read", "invoices:mark"), **kwargs):
    return create_firm_token(firm, "Production Test", list(scopes), **kwargs)[1]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_feed_with_cursor_files_entry_and_mark(app, firm, company, data):
    client = app.test_client()
    token = _token(firm)
    docs = data["docs"]
    first = client.get("/api/v1/firm/invoices?limit=2", headers=_auth(token)).get_json()
    assert [i["number"] for i in first["invoices"]] == ["A-1", "A-2"] and first["more"] is True
    rest = client.get(f"/api/v1/firm/invoices?since={first['cursor']}", headers=_auth(token)).get_json()
    assert [i["number"] for i in rest["invoices"]] == ["B-1"] and rest["more"] is False
    empty = client.get(f"/api/v1/firm/invoices?since={rest['cursor']}", headers=_auth(token)).get_json()
    assert empty["invoices"] == [] and empty["cursor"] == rest["cursor"]
    # A change on A-1 (its entry corrected) brings it back after the cursor; its own mark does not.
    entries.correct(docs["a1"], [{"account": "606400", "debit": "100.00"}, {"account": "4456620", "debit": "20.00"},
                                 {"account": "401000", "aux_account": "FALPHA", "credit": "120.00"}])
    changed = client.get(f"/api/v1/firm/invoices?since={rest['cursor']}", headers=_auth(token)).get_json()
    assert [i["number"] for i in changed["invoices"]] == ["A-1"]
    detail = client.get(f"/api/v1/firm/invoices/{docs['a1'].id}", headers=_auth(token)).get_json()
    assert detail["entry"]["corrected"] is True and detail["entry"]["lines"][0]["account"] == "606400"
    pdf = client.get(f"/api/v1/firm/invoices/{docs['a1'].id}/facturx", headers=_auth(token))
    assert pdf.status_code == 200 and pdf.data == PDF + b" a1" and pdf.mimetype == "application/pdf"
    assert client.get(f"/api/v1/firm/invoices/{docs['a1'].id}/xml", headers=_auth(token)).status_code == 404
    entry = client.get(f"/api/v1/firm/invoices/{docs['a2'].id}/entry", headers=_auth(token)).get_json()
    assert entry["journal"] == "VE" and entry["balanced"] is True
    marked = client.post(f"/api/v1/firm/invoices/{docs['a2'].id}/imported", headers=_auth(token))
    assert marked.status_code == 200
    assert ExportMark.get((ExportMark.document == docs["a2"].id) & (ExportMark.target == "api"))
    after = client.get(f"/api/v1/firm/invoices?since={changed['cursor']}", headers=_auth(token)).get_json()
    assert after["invoices"] == []  # marking is not a change
    listed = client.get("/api/v1/firm/invoices?company=552081317", headers=_auth(token)).get_json()
    assert {i["number"]: i["exported"] for i in listed["invoices"]}["A-2"].keys() == {"api"}
    companies = client.get("/api/v1/firm/companies", headers=_auth(token)).get_json()["companies"]
    assert [c["siren"] for c in companies] == sorted([company.siren, "542107651"])


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_attackers_see_nothing(app, firm, company, other_company, data):
    client = app.test_client()
    docs = data["docs"]
    urls = [f"/api/v1/firm/invoices/{docs[k].id}{suffix}" for k in ("a1", "b1", "x1", "pending")
            for suffix in ("", "/facturx", "/entry")]
    # Another firm's token: its own invoice only; ours are 404.
    stranger = _token(data["stranger_firm"])
    feed = client.get("/api/v1/firm/invoices", headers=_auth(stranger)).get_json()
    assert [i["number"] for i in feed["invoices"]] == ["X-1"]
    for url in urls:
        if f"/{docs['x1'].id}" in url:
            continue
        assert client.get(url, headers=_auth(stranger)).status_code == 404, url
    assert client.post(f"/api/v1/firm/invoices/{docs['a1'].id}/imported", headers=_auth(stranger)).status_code == 404
    assert client.get("/api/v1/firm/invoices?company=552081317", headers=_auth(stranger)).status_code == 400
    # A token limited to one company of the firm.
    narrow = _token(firm, companies=[other_company])
    feed = client.get("/api/v1/firm/invoices", headers=_auth(narrow)).get_json()
    assert [i["number"] for i in feed["invoices"]] == ["B-1"]
    assert client.get(f"/api/v1/firm/invoices/{docs['a1'].id}", headers=_auth(narrow)).status_code == 404
    # Ours: a document not archived is invisible.
    ours = _token(firm)
    assert client.get(f"/api/v1/firm/invoices/{docs['pending'].id}", headers=_auth(ours)).status_code == 404
    assert client.get(f"/api/v1/firm/invoices/{docs['x1'].id}", headers=_auth(ours)).status_code == 404
    # A company's editor token, an expired one, a revoked one, garbage: 401.
    _row, editor = create_token(company, "Logiciel Factu", ["documents:read", "documents:write"])
    expired = _token(firm, expires_at=utcnow() - dt.timedelta(seconds=1))
    revoked_row, revoked = create_firm_token(firm, "Ancien", ["invoices:read"])
    with db.atomic():
        revoked_row.revoked = True
        revoked_row.save()
        events.record("api.firm_token_revoked", data={"token_id": revoked_row.id})
    for bad in (editor, expired, revoked, "gcf_" + "x" * 43, ""):
        response = client.get("/api/v1/firm/invoices", headers=_auth(bad))
        assert response.status_code == 401, bad
        assert "Bearer" in response.headers["WWW-Authenticate"]
    # The firm token does not open the editors' API either.
    assert client.get("/api/v1/documents", headers=_auth(ours)).status_code == 401
    # Wrong scope: read-only cannot mark, mark-only cannot read.
    read_only = _token(firm, scopes=("invoices:read",))
    assert client.post(f"/api/v1/firm/invoices/{docs['a1'].id}/imported", headers=_auth(read_only)).status_code == 403
    mark_only = _token(firm, scopes=("invoices:mark",))
    assert client.get("/api/v1/firm/invoices", headers=_auth(mark_only)).status_code == 403
    # A token cannot be made for another firm's company.
    with pytest.raises(ValueError, match="pas un dossier du cabinet"):
        create_firm_token(firm, "X", ["invoices:read"], companies=[data["stranger"]])


def test_the_firm_api_conforms_to_its_openapi_spec(app, firm, data):
    import hypothesis
    import schemathesis
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    token = _token(firm)
    schema = schemathesis.openapi.from_wsgi("/api/v1/firm/openapi.json", app)
    checks = [status_code_conformance, content_type_conformance, response_schema_conformance]
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(max_examples=15, deadline=None, database=None, derandomize=True,
                             suppress_health_check=list(hypothesis.HealthCheck))
        def run(case):
            response = case.call_and_validate(headers=_auth(token), checks=checks)
            assert response.status_code < 500, response.text

        run()
        tested += 1
    assert tested == 10


@pytest.fixture
def receiver():
    """An HTTP endpoint on loopback that keeps what it receives."""
    import http.server
    import threading

    got = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", got
    server.shutdown()


def test_hook_documents_exported(app, rt_app, firm, company, data, receiver):
    """The firm's « exported » webhook is told of a mark by its software and of an export, signed."""
    import io
    import json

    from connectors_sign import verify

    url, got = receiver
    rt_app.settings.values.setdefault("outbound", {})["allowed_hosts"] = ["127.0.0.1"]
    client = app.test_client()
    token = _token(firm)
    made = client.post("/api/v1/firm/webhooks", headers=_auth(token), json={"url": url, "events": ["exported"]})
    assert made.status_code == 201
    body = made.get_json()
    assert sorted(h["company"] for h in body["webhooks"]) == ["542107651", "552081317"]
    secret = body["secret"]
    docs = data["docs"]
    assert client.post(f"/api/v1/firm/invoices/{docs['a2'].id}/imported", headers=_auth(token)).status_code == 200
    exports.run(rt_app.pm, rt_app.settings, company, "csv", dt.date(2026, 1, 1), dt.date(2026, 12, 31), io.BytesIO())
    payloads = [json.loads(b) for _h, b in got]
    assert [(p["event"], p["target"], p["company_siren"]) for p in payloads] == [
        ("documents.exported", "api", "552081317"), ("documents.exported", "csv", "552081317")]
    assert payloads[0]["document_ids"] == [docs["a2"].id]
    assert sorted(payloads[1]["document_ids"]) == sorted([docs["a1"].id, docs["a2"].id])
    headers, raw = got[0]
    assert verify(secret, headers["X-Guichet-Timestamp"], raw, headers["X-Guichet-Signature"])
    # An editor token of the company neither sees nor deletes the firm's webhook.
    _row, editor = create_token(company, "Logiciel Factu", ["webhooks:manage"])
    assert client.get("/api/v1/webhooks", headers=_auth(editor)).get_json()["webhooks"] == []
    firm_hook = body["webhooks"][0]["id"]
    assert client.delete(f"/api/v1/webhooks/{firm_hook}", headers=_auth(editor)).status_code == 404
    # Another firm's token cannot delete it either; ours can.
    stranger = _token(data["stranger_firm"])
    assert client.delete(f"/api/v1/firm/webhooks/{firm_hook}", headers=_auth(stranger)).status_code == 404
    assert client.delete(f"/api/v1/firm/webhooks/{firm_hook}", headers=_auth(token)).status_code == 204
    assert len(client.get("/api/v1/firm/webhooks", headers=_auth(token)).get_json()["webhooks"]) == 1
    refused = client.post("/api/v1/firm/webhooks", headers=_auth(token), json={"url": "http://169.254.169.254/x"})
    assert refused.status_code == 422
