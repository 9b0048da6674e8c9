"""Webhook deliveries to a real HTTP receiver on loopback: signed, retried with back-off."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from intake_samples import invoice_pdf

from guichet.connectors.webhooks import MAX_ATTEMPTS, deliver, sign
from guichet.core.pipeline import intake, pipeline
from guichet.core.model.api_models import Webhook, WebhookDelivery, seal_secret


@pytest.fixture
def receiver(settings):
    """An HTTP endpoint recording what it receives; ``receiver.fail`` answers 500 that many times.

    It listens on loopback, which the admin must allow explicitly (core/access/outbound.py).
    """
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if server.fail > 0:
                server.fail -= 1
                self.send_response(500)
            else:
                server.received.append((dict(self.headers), body))
                self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.received, server.fail = [], 0
    server.url = f"http://127.0.0.1:{server.server_port}/hook"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def _hook(rt, company, url, events=()):
    return Webhook.create(company=company, url=url, events=list(events), secret=seal_secret(rt.settings, "cle-hmac"))


def test_state_changes_are_posted_signed(rt, company, receiver):
    _hook(rt, company, receiver.url)
    document, _ = intake.receive(rt, company, invoice_pdf(), "f.pdf", channel="api")
    pipeline.run_to_rest(rt, document.id)

    assert receiver.received, "no delivery"
    states = [json.loads(body)["state"] for _headers, body in receiver.received]
    assert states[0] in {"extracted", "to_extract", "rejected"}
    headers, body = receiver.received[-1]
    expected = "sha256=" + hmac.new(b"cle-hmac", headers["X-Guichet-Timestamp"].encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
    assert headers["X-Guichet-Signature"] == expected
    assert json.loads(body)["document_id"] == document.id
    assert WebhookDelivery.select().where(WebhookDelivery.status != "delivered").count() == 0


def test_only_the_wanted_states_and_only_the_company(rt, company, other_company, receiver):
    _hook(rt, other_company, receiver.url)  # another company's hook hears nothing
    _hook(rt, company, receiver.url, events=["archived"])
    document, _ = intake.receive(rt, company, invoice_pdf(), "f.pdf", channel="api")
    final = pipeline.run_to_rest(rt, document.id)
    states = [json.loads(body)["state"] for _h, body in receiver.received]
    assert states == (["archived"] if final.state == "archived" else [])


def test_failures_are_retried_then_given_up(rt, company, receiver):
    hook = _hook(rt, company, receiver.url)
    delivery = WebhookDelivery.create(webhook=hook, document_id=1, event="document.state_changed",
                                      payload={"state": "checked"})
    receiver.fail = 1
    assert deliver(rt, delivery.id) == "pending"
    assert WebhookDelivery.get_by_id(delivery.id).last_error == "réponse 500"
    assert deliver(rt, delivery.id) == "delivered"
    assert WebhookDelivery.get_by_id(delivery.id).attempts == 2

    dead = WebhookDelivery.create(webhook=_hook(rt, company, "http://127.0.0.1:9/ferme"), document_id=1,
                                  event="document.state_changed", payload={})
    statuses = [deliver(rt, dead.id) for _ in range(MAX_ATTEMPTS)]
    assert statuses[-1] == "failed" and statuses[0] == "pending"


def test_signature_covers_timestamp_and_body():
    assert sign("k", "1", b"a") != sign("k", "2", b"a") != sign("k", "1", b"b")


def test_network_statuses_are_posted_once_each(rt, company, receiver):
    from guichet.core.model.network_models import Delivery
    from guichet.core.network import statuses

    _hook(rt, company, receiver.url, events=["network"])
    _hook(rt, company, receiver.url, events=["archived"])  # wants states only: told nothing here
    document, _ = intake.receive(rt, company, b"<x/>", "f.xml", channel="réseau")
    statuses.record(rt.pm, document, "203", origin="platform", delivery=Delivery.RECEIVED, flow_id="F1")
    answer = statuses.record(rt.pm, document, "207", origin="buyer", delivery=Delivery.PENDING, reason="CALCUL_ERR",
                             tracking_id="t-1")
    statuses.set_delivery(rt.pm, answer, Delivery.SENT, flow_id="F2")
    bodies = [json.loads(body) for _headers, body in receiver.received if b"network_status" in body]
    assert [(b["code"], b["delivery"]) for b in bodies] == [("203", "received"), ("207", "sent")]
    assert bodies[1]["label"] == "En litige" and bodies[1]["reason"] == "CALCUL_ERR"


def test_a_webhook_on_archived_hears_the_archiving_once(rt, company, receiver, corpus):
    """A firm's webhook asking for « archived » (its pull API's event) is told when an invoice is archived, signed."""
    from guichet.core.model.models import Document

    wants = Webhook.create(company=company, token=None, url=receiver.url, events=["archived"],
                           secret=seal_secret(rt.settings, "cle-hmac"))
    Webhook.create(company=company, token=None, url=receiver.url + "/exporte", events=["exported"],
                   secret=seal_secret(rt.settings, "autre"))  # asked for « exported » only: hears nothing here
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    document, _ = intake.receive(rt, company, data, "EN16931_Einfach.pdf", channel="api")
    pipeline.run_to_rest(rt, document.id)
    assert Document.get_by_id(document.id).state == "archived"
    assert len(receiver.received) == 1, [json.loads(b)["state"] for _h, b in receiver.received]
    headers, body = receiver.received[0]
    payload = json.loads(body)
    assert (payload["event"], payload["state"], payload["document_id"]) == ("document.state_changed", "archived",
                                                                              document.id)
    assert payload["company_siren"] == company.siren and payload["state_label"] == "Archivé"
    assert headers["X-Guichet-Signature"] == sign("cle-hmac", headers["X-Guichet-Timestamp"], body)
    assert headers["Host"].startswith("127.0.0.1")
    assert WebhookDelivery.get(WebhookDelivery.webhook == wants).status == "delivered"


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
@pytest.mark.parametrize("how", ["instance", "query"])
def test_an_editor_token_deleted_outright_takes_its_webhooks(rt, company, receiver, how):
    """Deleted (not revoked), an editor's token must not leave webhooks that would pass for the firm's."""
    from guichet.core.model.api_models import ApiToken, create_token

    token, _clear = create_token(company, "Logiciel Factu", ["webhooks:manage"])
    editor_hook = Webhook.create(company=company, token=token, url=receiver.url, events=[],
                                 secret=seal_secret(rt.settings, "cle"))
    WebhookDelivery.create(webhook=editor_hook, document_id=1, event="document.state_changed", payload={})
    firm_hook = Webhook.create(company=company, token=None, url=receiver.url, events=["archived"],
                               secret=seal_secret(rt.settings, "cle"))
    if how == "instance":
        token.delete_instance()
    else:
        ApiToken.delete().where(ApiToken.id == token.id).execute()
    assert [h.id for h in Webhook.select().where(Webhook.token.is_null())] == [firm_hook.id]  # the firm's only
    assert Webhook.get_or_none(Webhook.id == editor_hook.id) is None
    assert WebhookDelivery.select().where(WebhookDelivery.webhook == editor_hook.id).count() == 0
