"""The connector administration pages (plugin blueprint): configure, see status and errors, answer, scan."""

from __future__ import annotations

import pytest
from mailserver import mailserver  # noqa: F401 - fixture
from support import PASSWORD
from test_connectors_usb_scanner import sane_test_backend  # noqa: F401 - fixture

from guichet.core.model.connector_models import ConnectorConfig
from guichet.core.model.models import Document
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
    form = client.get(f"{BASE}/?connector=watched_folder&company={company.id}")
    assert form.status_code == 302 and form.location.endswith(
        f"/dossiers/{company.id}/configurer?connector=watched_folder")
    response = client.post(form.location, data={
        "path": str(tmp_path / "absent"), "stable_seconds": "5", "enabled": "on", "interval_minutes": "10"})
    assert response.status_code == 302
    config = ConnectorConfig.get()
    assert config.company_id == company.id and config.settings["stable_seconds"] == 5
    assert config.interval_minutes == 10
    client.post(f"{BASE}/dossiers/{company.id}/relever?connector=watched_folder")
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "En erreur" in page and "n&#39;existe pas" in page


def test_secrets_are_never_shown_back(app, company, make_user):
    make_user("admin@example.fr", firm_role="admin")
    client = _client(app, "admin@example.fr")
    url = f"{BASE}/dossiers/{company.id}/configurer?connector=imap"
    client.post(url, data={"host": "imap.test", "username": "f@x.test", "password": "tres-secret", "enabled": "on"})
    page = client.get(url).get_data(as_text=True)
    assert "tres-secret" not in page and "imap.test" in page
    # Saving again with an empty password keeps the stored one.
    client.post(url, data={"host": "imap2.test", "username": "f@x.test", "password": "", "enabled": "on"})
    from guichet.core.ops.connector_runs import clear_settings
    from guichet.connectors.imap import ImapConnector

    values = clear_settings(app.config["GUICHET_RUNTIME"], ConnectorConfig.get(), ImapConnector())
    assert values["password"] == "tres-secret" and values["host"] == "imap2.test"


def test_people_only_reach_the_companies_they_manage(app, company, other_company, make_user, tmp_path):
    make_user("admin@example.fr", firm_role="admin")
    admin = _client(app, "admin@example.fr")
    other_url = f"{BASE}/dossiers/{other_company.id}/configurer?connector=watched_folder"
    admin.post(other_url, data={"path": str(tmp_path / "depot"), "enabled": "on"})
    assert ConnectorConfig.get().company_id == other_company.id
    make_user("client@example.fr", companies={company: "manage", other_company: "read"})
    client = _client(app, "client@example.fr")
    assert client.get(other_url).status_code == 404
    assert client.post(other_url, data={"path": "/etc"}).status_code == 404
    assert client.post(f"{BASE}/dossiers/{other_company.id}/relever?connector=watched_folder").status_code == 404
    assert client.get(f"{BASE}/instance/configurer?connector=imap").status_code == 404  # firm admins only
    # Connectors that reach the host are the firm's: a client may not even open the form.
    assert client.get(f"{BASE}/dossiers/{company.id}/configurer?connector=imap").status_code == 404
    assert ConnectorConfig.get().settings["path"] == str(tmp_path / "depot")
    assert str(other_company.siren) not in client.get(f"{BASE}/").get_data(as_text=True)


def test_scanners_are_listed_and_a_scan_lands_in_the_company(app, company, make_user, sane_test_backend):
    make_user("admin@example.fr", firm_role="admin")
    client = _client(app, "admin@example.fr")
    assert "test:0" in client.get(f"{BASE}/scanners").get_data(as_text=True)
    client.post(f"{BASE}/dossiers/{company.id}/configurer?connector=usb_scanner",
                data={"device": sane_test_backend, "resolution": "50", "mode": "Gray", "enabled": "on"})
    response = client.post(f"{BASE}/dossiers/{company.id}/numeriser?connector=usb_scanner")
    assert response.status_code == 302
    assert Document.get().company_id == company.id


def test_a_waiting_connector_shows_its_question_and_takes_the_code(app, company, make_user):
    from intake_samples import invoice_pdf
    from supplier_portal import create_portal
    from werkzeug.serving import make_server
    import threading

    portal = create_portal()
    portal.config.update(TWO_FACTOR="777", INVOICES=[("F1", "2026-01-31", invoice_pdf())])
    server = make_server("127.0.0.1", 0, portal, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        make_user("admin@example.fr", firm_role="admin")
        client = _client(app, "admin@example.fr")
        url = f"{BASE}/dossiers/{company.id}/configurer?connector=supplier_demo"
        client.post(url, data={"base_url": f"http://127.0.0.1:{server.server_port}/", "username": "client",
                               "password": "motdepasse", "delay_seconds": "0", "enabled": "on"})
        client.post(f"{BASE}/dossiers/{company.id}/relever?connector=supplier_demo")
        page = client.get(url).get_data(as_text=True)
        assert "Le portail demande le code" in page and 'name="answer"' in page
        client.post(f"{BASE}/dossiers/{company.id}/reponse?connector=supplier_demo", data={"answer": "777"})
        assert Document.get().company_id == company.id
        assert "En service" in client.get(url).get_data(as_text=True)
    finally:
        server.shutdown()


def test_choices_are_lists_and_the_connection_can_be_tested(app, company, make_user, mailserver):
    make_user("admin@example.fr", firm_role="admin")
    client = _client(app, "admin@example.fr")
    url = f"{BASE}/dossiers/{company.id}/configurer?connector=imap"
    form = client.get(url).get_data(as_text=True)
    assert '<select name="security">' in form and "STARTTLS (port 143)" in form  # no free English text
    assert '<select name="post_action">' in form and "Marquer lu et étiqueter" in form
    user = mailserver.add_user()
    settings = mailserver.settings_for(user, folder="INBOX")
    client.post(url, data={**{k: str(v) for k, v in settings.items()}, "enabled": "on"})
    test_url = f"{BASE}/dossiers/{company.id}/tester?connector=imap"
    page = client.post(test_url, follow_redirects=True).get_data(as_text=True)
    assert "Connexion réussie" in page and "Tester la connexion" in page
    client.post(url, data={**{k: str(v) for k, v in settings.items()}, "password": "faux", "enabled": "on"})
    page = client.post(test_url, follow_redirects=True).get_data(as_text=True)
    assert "Test échoué" in page and "refusé" in page
    assert ConnectorConfig.get().files_received == 0  # a test fetches nothing


def test_connection_test_needs_the_right_to_configure(app, company, other_company, make_user):
    make_user("client@example.fr", companies={other_company: "manage"})
    client = _client(app, "client@example.fr")
    response = client.post(f"{BASE}/dossiers/{company.id}/tester?connector=imap")
    assert response.status_code in (403, 404)
