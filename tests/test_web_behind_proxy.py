"""Issue 20, item 7: signing in over https behind NAT on another port, or behind the firm's proxy.

nginx passes the Host the browser sent (port included) and Guichet trusts one proxy
(``web.proxies = 1``, as in the appliance). A form posted over https is accepted when it
comes from that address or from ``web.public_url``, and refused from anywhere else.
"""

from __future__ import annotations

import re

import pytest
from support import PASSWORD

from guichet.web.app import create_app


@pytest.fixture
def app(settings, company, make_user):
    settings.values["web"].update(proxies=1, public_url="https://guichet.cabinet.example")
    application = create_app(settings, config={"TESTING": True})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        make_user("client@example.fr", companies={company: "read"})
        yield application


def _sign_in(app, host: str, referer: str | None):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": host, "X-Forwarded-For": "198.51.100.4"}
    client = app.test_client()
    page = client.get("/login", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    if referer:
        headers["Referer"] = referer
    return client.post("/login", data={"email": "client@example.fr", "password": PASSWORD, "csrf_token": token},
                       headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})


def test_sign_in_through_nat_on_port_8443(app):
    answer = _sign_in(app, "203.0.113.5:8443", "https://203.0.113.5:8443/login")
    assert answer.status_code == 302, answer.get_data(as_text=True)


def test_sign_in_through_the_public_url_of_a_firm_proxy(app):
    answer = _sign_in(app, "10.1.2.3", "https://guichet.cabinet.example/login")
    assert answer.status_code == 302, answer.get_data(as_text=True)


@pytest.mark.parametrize("referer", ["https://evil.example/login", "https://203.0.113.5/login", None])
def test_a_form_from_elsewhere_is_refused_in_french(app, referer):
    answer = _sign_in(app, "203.0.113.5:8443", referer)
    assert answer.status_code == 400
    assert "Requête refusée" in answer.get_data(as_text=True)
