"""The connector administration pages (plugin blueprint): configure, see status and errors, answer, scan."""

from __future__ import annotations

import pytest
from support import PASSWORD
from test_connectors_usb_scanner import sane_test_backend  # noqa: F401 - fixture

from guichet.core.connector_models import ConnectorConfig
from guichet.core.models import Document
from guichet.web.app import create_app

BASE = "/plugins/connectors_admin"


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


def _client(app, email):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def test_configure_run_and_see_the_error(app, company, make_user, tmp_path):
    make_user("admin@example.fr", firm_role="admin")
    client = _client(app, "admin@example.fr")
    assert client.get(f"{BASE}/").status_code == 200
    response = client.post(f"{BASE}/nouveau", data={
        "connector": "watched_folder", "company": str(company.id), "path": str(tmp_path / "absent"),
        "stable_seconds": "5", "enabled": "on", "interval_minutes": "10"})
    assert response.status_code == 302
    config = ConnectorConfig.get()
    assert config.company_id == company.id and config.settings["stable_seconds"] == 5
    assert config.interval_minutes == 10
    client.post(f"{BASE}/{config.id}/relever")
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "En erreur" in page and "n&#39;existe pas" in page


def test_secrets_are_never_shown_back(app, company, make_user):
    make_user("admin@example.fr", firm_role="admin")
    client = _client(app, "admin@example.fr")
    client.post(f"{BASE}/nouveau", data={"connector": "imap", "company": str(company.id), "host": "imap.test",
                                         "username": "f@x.test", "password": "tres-secret", "enabled": "on"})
    config = ConnectorConfig.get()
    page = client.get(f"{BASE}/{config.id}").get_data(as_text=True)
    assert "tres-secret" not in page and "imap.test" in page
    # Saving again with an empty password keeps the stored one.
    client.post(f"{BASE}/{config.id}", data={"connector": "imap", "company": str(company.id), "host": "imap2.test",
                                             "username": "f@x.test", "password": "", "enabled": "on"})
    from guichet.core.connector_runs import clear_settings
    from guichet.connectors.imap import ImapConnector

    values = clear_settings(app.config["GUICHET_RUNTIME"], ConnectorConfig.get(), ImapConnector())
    assert values["password"] == "tres-secret" and values["host"] == "imap2.test"


def test_people_only_reach_the_companies_they_manage(app, company, other_company, make_user, tmp_path):
    make_user("admin@example.fr", firm_role="admin")
    admin = _client(app, "admin@example.fr")
    admin.post(f"{BASE}/nouveau", data={"connector": "watched_folder", "company": str(other_company.id),
                                        "path": str(tmp_path), "enabled": "on"})
    config = ConnectorConfig.get()
    make_user("client@example.fr", companies={company: "manage", other_company: "read"})
    client = _client(app, "client@example.fr")
    assert client.get(f"{BASE}/{config.id}").status_code == 404
    assert client.post(f"{BASE}/{config.id}/relever").status_code == 404
    assert client.get(f"{BASE}/nouveau?connector=imap&company={other_company.id}").status_code == 404
    assert client.get(f"{BASE}/nouveau?connector=imap").status_code == 404  # instance-wide: firm admins only
    assert client.get(f"{BASE}/nouveau?connector=imap&company={company.id}").status_code == 200
    assert str(other_company.siren) not in client.get(f"{BASE}/").get_data(as_text=True)


def test_scanners_are_listed_and_a_scan_lands_in_the_company(app, company, make_user, sane_test_backend):
    make_user("admin@example.fr", firm_role="admin")
    client = _client(app, "admin@example.fr")
    assert "test:0" in client.get(f"{BASE}/scanners").get_data(as_text=True)
    client.post(f"{BASE}/nouveau", data={"connector": "usb_scanner", "company": str(company.id),
                                         "device": sane_test_backend, "resolution": "50", "mode": "Gray",
                                         "enabled": "on"})
    response = client.post(f"{BASE}/{ConnectorConfig.get().id}/numeriser")
    assert response.status_code == 302
    assert Document.get().company_id == company.id
