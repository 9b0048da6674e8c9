"""The editors' REST API (/api/v1): tokens, uploads, idempotency, status, webhooks; schemathesis on its spec."""

from __future__ import annotations

import io

import pytest
from intake_samples import invoice_pdf, zip_file

from guichet.core.model.api_models import ApiToken, Webhook, create_token
from guichet.core.model.models import Document, Event
from guichet.web.api import bp as api_bp
from guichet.web.app import create_app


@pytest.fixture
def app(settings):
    """The web app with the API blueprint mounted at /api/v1 (session CSRF on, as in production)."""
    application = create_app(settings, config={"TESTING": True})
    if "api" not in application.blueprints:
        application.register_blueprint(api_bp, url_prefix="/api/v1")
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


@pytest.fixture
def token(app, company):
    """A token of the company with every scope."""
    _row, clear = create_token(company, "Logiciel Test", ["documents:write", "documents:read", "webhooks:manage",
                                                            "customers:read", "customers:write"])
    return clear


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _upload(client, token, data, name="facture.pdf", **headers):
    return client.post("/api/v1/documents", headers={**_auth(token), **headers},
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_spec_is_public_and_everything_else_needs_a_token(app):
    client = app.test_client()
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/documents" in spec["paths"]
    assert {"get", "post"} <= set(spec["paths"]["/customers"]) and {"get", "patch"} <= set(spec["paths"]["/customers/{customer_id}"])
    response = client.get("/api/v1/documents")
    assert response.status_code == 401 and "jeton" in response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/documents", headers=_auth("gch_faux")).status_code == 401


def test_upload_then_status_in_the_right_company(app, company, other_company, token):
    client = app.test_client()
    response = _upload(client, token, invoice_pdf())
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    doc = Document.get_by_id(body["id"])
    assert doc.company_id == company.id and doc.channel == "api"
    status = client.get(f"/api/v1/documents/{doc.id}", headers=_auth(token)).get_json()
    assert status["state"] == doc.state and status["invoice"]["number"]
    listed = client.get("/api/v1/documents?limit=10", headers=_auth(token)).get_json()
    assert [d["id"] for d in listed["documents"]] == [doc.id]
    # A token of another company sees nothing of it.
    _row, other = create_token(other_company, "Autre", ["documents:read"])
    assert client.get(f"/api/v1/documents/{doc.id}", headers=_auth(other)).status_code == 404


def test_same_bytes_twice_and_idempotency_key(app, token):
    client = app.test_client()
    first = _upload(client, token, invoice_pdf(), **{"Idempotency-Key": "k-1"})
    replay = _upload(client, token, invoice_pdf(), **{"Idempotency-Key": "k-1"})
    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.get_json()["id"] == first.get_json()["id"]
    again = _upload(client, token, invoice_pdf(), name="copie.pdf")
    assert again.status_code == 200 and again.get_json()["duplicate"] is True
    assert Event.select().where(Event.kind == "document.duplicate_arrival").count() == 1
    conflict = _upload(client, token, zip_file(), name="autre.zip", **{"Idempotency-Key": "k-1"})
    assert conflict.status_code == 422
    assert Document.select().count() == 1


def test_json_model_is_written_as_cii_and_read_back(app, company, token):
    from guichet.core.pipeline.reading import read_file

    rt = app.config["GUICHET_RUNTIME"]
    model = read_file(rt.pm, invoice_pdf(), "f.pdf").invoice.to_dict()
    response = app.test_client().post("/api/v1/documents", headers=_auth(token), json=model)
    assert response.status_code == 201, response.get_data(as_text=True)
    doc = Document.get_by_id(response.get_json()["id"])
    assert doc.filename == f"{model['number']}.xml"
    assert response.get_json()["invoice"]["number"] == model["number"]
    bad = app.test_client().post("/api/v1/documents", headers=_auth(token), json={"issue_date": "hier"})
    assert bad.status_code == 422 and "number" in bad.get_json()["error"]


def test_bad_files_are_kept_and_rejected_with_a_reason(app, token):
    response = _upload(app.test_client(), token, zip_file(), name="lot.zip")
    assert response.status_code == 201
    assert response.get_json()["state"] == "rejected" and response.get_json()["reason"]


def test_a_rejected_document_is_retried_through_the_decisions(app, company, other_company, token):
    client = app.test_client()
    rejected = _upload(client, token, zip_file(), name="lot.zip").get_json()
    assert rejected["state"] == "rejected"
    again = client.post(f"/api/v1/documents/{rejected['id']}/retry", headers=_auth(token))
    assert again.status_code == 200 and again.get_json()["state"] == "rejected"  # same bytes, same reason
    event = Event.get((Event.document_id == rejected["id"]) & (Event.kind == "document.retry"))
    assert event.data["origin"] == "api" and event.data["software"] == "Logiciel Test"
    assert client.post(f"/api/v1/documents/{rejected['id']}/retry", headers=_auth(token)).status_code == 200
    accepted = _upload(client, token, invoice_pdf()).get_json()
    assert client.post(f"/api/v1/documents/{accepted['id']}/retry", headers=_auth(token)).status_code == 409
    _row, other = create_token(other_company, "Autre", ["documents:write"])
    assert client.post(f"/api/v1/documents/{rejected['id']}/retry", headers=_auth(other)).status_code == 404
    _row, reader = create_token(company, "Lecture", ["documents:read"])
    assert client.post(f"/api/v1/documents/{rejected['id']}/retry", headers=_auth(reader)).status_code == 403


def test_scopes_are_enforced_and_tokens_can_be_revoked(app, company):
    row, clear = create_token(company, "Lecture seule", ["documents:read"])
    client = app.test_client()
    assert _upload(client, clear, invoice_pdf()).status_code == 403
    assert client.get("/api/v1/webhooks", headers=_auth(clear)).status_code == 403
    ApiToken.update(revoked=True).where(ApiToken.id == row.id).execute()
    assert client.get("/api/v1/documents", headers=_auth(clear)).status_code == 401
    with pytest.raises(ValueError, match="inconnu"):
        create_token(company, "x", ["admin"])


def test_webhooks_are_created_listed_and_deleted(app, company, token):
    client = app.test_client()
    created = client.post("/api/v1/webhooks", headers=_auth(token),
                          json={"url": "https://logiciel.test/hook", "events": ["checked", "rejected"]})
    assert created.status_code == 201
    secret = created.get_json()["secret"]
    assert secret not in Webhook.get().secret  # stored encrypted
    listed = client.get("/api/v1/webhooks", headers=_auth(token)).get_json()["webhooks"]
    assert listed == [{"id": created.get_json()["id"], "url": "https://logiciel.test/hook",
                       "events": ["checked", "rejected"]}]
    assert client.post("/api/v1/webhooks", headers=_auth(token), json={"url": "file:///etc/passwd"}).status_code == 422
    assert client.delete(f"/api/v1/webhooks/{listed[0]['id']}", headers=_auth(token)).status_code == 204
    assert client.get("/api/v1/webhooks", headers=_auth(token)).get_json()["webhooks"] == []


def test_the_api_conforms_to_its_openapi_spec(app, token):
    """schemathesis generates requests from the spec; every answer must match it and never be a 5xx."""
    import hypothesis
    import schemathesis
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
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
    # the six operations of issue 8, POST /documents/{id}/retry (issue 12), the network's two (issue 15), the customers' four,
    # GET /documents/{id}/deliveries (issue 16)
    assert tested == 14
