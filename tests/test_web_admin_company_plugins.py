"""The firm admin turns plugins off or on per company (page ``/admin/dossiers/<id>/extensions``)."""

from __future__ import annotations

import pytest

from guichet.core.access import accounts
from guichet.core.model.models import Company, Event, Firm
from guichet.core.plugins import ESSENTIAL_PLUGINS, disabled_for
from guichet.core.settings import load_settings
from guichet.web.app import create_app

from support import PASSWORD


@pytest.fixture
def app(tmp_path):
    settings = load_settings(tmp_path / "instance", queue={"backend": "memory"})
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


@pytest.fixture
def firm(app):
    return Firm.create(name="Cabinet Test")


@pytest.fixture
def company(firm):
    return accounts.create_company(firm, "Société A", "552081317")


def login(app, email):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def test_the_firm_admin_turns_a_plugin_off_for_one_company(app, firm, company):
    other = accounts.create_company(firm, "Société B", "732829320")
    accounts.create_user("admin@example.fr", PASSWORD, firm=firm, firm_role="admin")
    admin = login(app, "admin@example.fr")
    url = f"/admin/dossiers/{company.id}/extensions"
    page = admin.get(url).get_data(as_text=True)
    assert 'value="controls_fraud" id=' in page and "checked" in page
    assert not any(f'value="{name}"' in page for name in ESSENTIAL_PLUGINS)  # never switchable
    names = [line.split('value="')[1].split('"')[0] for line in page.splitlines() if 'name="on"' in line]
    response = admin.post(url, data={"on": [n for n in names if n != "controls_fraud"]})
    assert response.status_code == 302
    assert disabled_for(Company.get_by_id(company.id)) == {"controls_fraud"}
    assert disabled_for(Company.get_by_id(other.id)) == frozenset()  # the other dossier keeps it
    event = Event.get(Event.kind == "company.plugins_changed")
    assert event.company_id == company.id and event.data["disabled"] == ["controls_fraud"]
    assert 'value="controls_fraud" id=' in admin.get(url).get_data(as_text=True)
    admin.post(url, data={"on": names})  # on again
    assert disabled_for(Company.get_by_id(company.id)) == frozenset()


def test_only_the_firms_own_admins_choose(app, firm, company):
    accounts.create_user("operateur@example.fr", PASSWORD, firm=firm, firm_role="operator")
    url = f"/admin/dossiers/{company.id}/extensions"
    operator = login(app, "operateur@example.fr")
    assert operator.get(url).status_code == 403
    assert operator.post(url, data={"on": []}).status_code == 403
    intruders = Firm.create(name="Autre Cabinet")
    accounts.create_user("intrus@example.fr", PASSWORD, firm=intruders, firm_role="admin")
    intruder = login(app, "intrus@example.fr")
    assert intruder.get(url).status_code == 404
    assert intruder.post(url, data={"on": []}).status_code == 404
    assert disabled_for(Company.get_by_id(company.id)) == frozenset()
