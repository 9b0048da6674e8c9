"""Issue 11, finding 6: server-side request forgery through webhooks.

The attack: an API client registered webhooks to ``http://127.0.0.1``, ``localhost``,
``[::1]`` and ``169.254.169.254`` and the server delivered there. Now the target is
checked when the webhook is created and again at every delivery, on the very address
connected to (core/access/outbound.py). Deliveries go to real HTTP servers on loopback.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from guichet.connectors.webhooks import deliver
from guichet.core.access import outbound
from guichet.core.errors import OutboundRefused
from guichet.core.model.api_models import Webhook, WebhookDelivery, create_token, seal_secret
from guichet.web.app import create_app

INTERNAL_URLS = [
    "http://127.0.0.1:5432/", "http://localhost/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/", "http://192.168.1.1/", "http://172.16.0.1/", "http://100.64.0.1/", "http://224.0.0.1/",
    "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://127.1/", "http://[fe80::1]/",
    "http://[fd00::1]/", "https://localhost./",
]


def _listener(host):
    """An HTTP server on ``host`` that records the paths it receives; answers 302 to ``server.redirect``."""

    class Handler(BaseHTTPRequestHandler):
        def _any(self):
            server.hits.append(self.path)
            if server.redirect:
                self.send_response(302)
                self.send_header("Location", server.redirect)
            else:
                self.send_response(204)
            self.end_headers()

        do_GET = do_POST = _any  # noqa: N815 - http.server's naming

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.hits, server.redirect = [], None
    server.url = f"http://{host}:{server.server_port}/hook"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def internal():
    """A service of the server's own loopback, which no webhook may reach."""
    server = _listener("127.0.0.1")
    yield server
    server.shutdown()


@pytest.fixture
def api(settings, company):
    app = create_app(settings, config={"TESTING": True})
    _row, clear = create_token(company, "Logiciel", ["webhooks:manage"])
    return app.test_client(), {"Authorization": f"Bearer {clear}"}


def _delivery(rt, company, url):
    hook = Webhook.create(company=company, url=url, events=[], secret=seal_secret(rt.settings, "k"))
    return WebhookDelivery.create(webhook=hook, document_id=1, event="document.state_changed", payload={})


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "169.254.169.254", "10.1.2.3", "172.31.0.1", "192.168.0.1",
                                     "100.64.0.1", "239.1.1.1", "ff02::1", "0.0.0.0", "::", "fe80::1", "fc00::1",
                                     "::ffff:10.0.0.1", "2002:7f00:1::1", "192.0.2.1", "240.0.0.1"])
def test_internal_addresses_are_refused(address):
    assert outbound.refused_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888", "93.184.216.34"])
def test_public_addresses_pass(address):
    assert outbound.refused_reason(ipaddress.ip_address(address)) is None


def test_the_api_refuses_webhooks_to_internal_targets(api, rt):
    client, headers = api
    for url in INTERNAL_URLS:
        response = client.post("/api/v1/webhooks", headers=headers, json={"url": url})
        assert response.status_code == 422, url
        assert "destination refusée" in response.get_json()["error"], url
    assert client.post("/api/v1/webhooks", headers=headers, json={"url": "http://u:p@exemple.fr/"}).status_code == 422
    assert Webhook.select().count() == 0
    # A name that does not resolve today is accepted: it is checked at each delivery.
    assert client.post("/api/v1/webhooks", headers=headers, json={"url": "https://logiciel.test/h"}).status_code == 201


def test_a_delivery_to_loopback_is_refused_and_nothing_arrives(rt, company, internal):
    # A webhook stored before the check (or by a bug elsewhere) is still refused at delivery.
    delivery = _delivery(rt, company, internal.url)
    assert deliver(rt, delivery.id) == "pending"
    assert "destination refusée" in WebhookDelivery.get_by_id(delivery.id).last_error
    assert internal.hits == []


def test_the_admin_can_allow_a_host_explicitly(rt, settings, company, internal, api):
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]
    client, headers = api
    assert client.post("/api/v1/webhooks", headers=headers, json={"url": internal.url}).status_code == 201
    delivery = _delivery(rt, company, internal.url)
    assert deliver(rt, delivery.id) == "delivered"
    assert internal.hits == ["/hook"]
    settings.values["outbound"]["allowed_hosts"] = ["10.0.0.0/8"]  # a network that does not cover loopback
    assert deliver(rt, _delivery(rt, company, internal.url).id) == "pending"
    assert len(internal.hits) == 1


def test_dns_rebinding_cannot_lead_inside(rt, settings, company, internal, monkeypatch):
    """The name resolves to an allowed address when checked, then to loopback: the connection
    goes to the address that was checked, and a later answer pointing inside is refused."""
    allowed = _listener("127.0.0.2")
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.2/32"]
    answers = ["127.0.0.2", "127.0.0.1"]
    real = socket.getaddrinfo

    def dns(host, port, *args, **kwargs):  # a stand-in DNS whose answer changes (the attacker's server)
        if host == "rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers.pop(0), port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", dns)
    try:
        first = _delivery(rt, company, f"http://rebind.test:{allowed.server_port}/hook")
        assert deliver(rt, first.id) == "delivered"
        assert allowed.hits == ["/hook"] and answers == ["127.0.0.1"]  # resolved once, by the check
        second = _delivery(rt, company, f"http://rebind.test:{internal.server_port}/hook")
        assert deliver(rt, second.id) == "pending"
        assert "127.0.0.1" in WebhookDelivery.get_by_id(second.id).last_error
        assert internal.hits == []
    finally:
        allowed.shutdown()


def test_redirects_are_checked_like_the_first_request(settings, internal):
    allowed = _listener("127.0.0.2")
    allowed.redirect = internal.url
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.2"]
    try:
        with outbound.http_session(settings) as session, pytest.raises(OutboundRefused):
            session.get(allowed.url, timeout=5)
        assert allowed.hits == ["/hook"] and internal.hits == []
    finally:
        allowed.shutdown()


def test_the_helper_serves_other_protocols_too(settings, internal):
    with pytest.raises(OutboundRefused):
        outbound.check_host(settings, "localhost", 25)
    with pytest.raises(OutboundRefused):
        outbound.connect_address(settings, "127.0.0.1", internal.server_port)
    settings.values["outbound"]["allowed_hosts"] = ["localhost"]
    assert outbound.connect_address(settings, "localhost", 25) in {"127.0.0.1", "::1"}
