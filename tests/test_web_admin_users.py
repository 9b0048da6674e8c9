"""User management in the admin pages, with mail through a real SMTP server on loopback; the audit page."""

from __future__ import annotations

import re

import pytest

from guichet.core.access import accounts
from guichet.core.model.models import Event, Firm, User
from guichet.core.settings import load_settings
from guichet.web.app import create_app

from smtpserver import smtp_server  # noqa: F401 - fixture
from support import PASSWORD

PUBLIC = "https://guichet.cabinet.test"


@pytest.fixture
def app(tmp_path, smtp_server):
    """The app, its [mail] section pointing at the loopback SMTP server (STARTTLS + login)."""
    settings = load_settings(tmp_path / "instance", queue={"backend": "memory"}, mail=smtp_server.settings(),
                             web={"public_url": PUBLIC}, connectors={"allowed_roots": [str(tmp_path)]})
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


@pytest.fixture
def firm(app):
    return Firm.create(name="Cabinet Test")


@pytest.fixture
def company(firm):
    return accounts.create_company(firm, "Société A", "552081317")


def make_user(firm, email, **kwargs):
    return accounts.create_user(email, PASSWORD, firm=firm, **kwargs)


def login(app, email, password=PASSWORD, address="127.0.0.1"):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _path(link: str) -> str:
    assert link.startswith(PUBLIC + "/compte/lien/")
    return link.removeprefix(PUBLIC)


def test_invitation_by_mail_then_first_password(app, firm, company, smtp_server):
    make_user(firm, "admin@example.fr", firm_role="admin")
    admin = login(app, "admin@example.fr")
    response = admin.post("/admin/utilisateurs/inviter",
                          data={"email": "Nouvelle@Example.fr", "name": "Nina", "firm_role": "operator"})
    assert response.status_code == 302
    invited = User.get(User.email == "nouvelle@example.fr")
    assert accounts.is_invited(invited)
    [message] = smtp_server.messages
    assert message["Subject"] == "Invitation à Guichet — Cabinet Test"
    [link] = smtp_server.links("nouvelle@example.fr")
    stranger = app.test_client()
    page = stranger.get(_path(link))
    assert page.status_code == 200 and "Bienvenue" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    mismatch = stranger.post(_path(link), data={"password": "premier-mot-1", "confirm": "autre"})
    assert mismatch.status_code == 400
    done = stranger.post(_path(link), data={"password": "premier-mot-1", "confirm": "premier-mot-1"})
    assert done.status_code == 302
    assert login(app, "nouvelle@example.fr", "premier-mot-1").get("/operateur/").status_code in (200, 302)
    # The link served once.
    assert stranger.get(_path(link)).status_code == 404
    assert stranger.post(_path(link), data={"password": "vol-du-lien", "confirm": "vol-du-lien"}).status_code == 404
    kinds = [e.kind for e in Event.select().order_by(Event.id)]
    assert {"user.invited", "user.link_created", "user.password_changed"} <= set(kinds)


def test_reset_link_replaces_the_password_and_ends_sessions(app, firm, company, smtp_server):
    make_user(firm, "admin@example.fr", firm_role="admin")
    target = make_user(firm, "client@example.fr")
    accounts.grant(target, company, "read")
    session = login(app, "client@example.fr")
    admin = login(app, "admin@example.fr")
    assert admin.post(f"/admin/utilisateurs/{target.id}/lien").status_code == 302
    [link] = smtp_server.links("client@example.fr")
    assert smtp_server.messages[0]["Subject"].startswith("Guichet — nouveau mot de passe")
    anyone = app.test_client()
    assert anyone.post(_path(link), data={"password": "reinitialise-1", "confirm": "reinitialise-1"}).status_code == 302
    assert session.get("/dossiers/").status_code == 302  # the old session ended
    refused = app.test_client().post("/login", data={"email": "client@example.fr", "password": PASSWORD})
    assert refused.status_code == 401
    login(app, "client@example.fr", "reinitialise-1")
    assert anyone.get(_path(link)).status_code == 404  # single use


def test_a_second_reset_link_voids_the_first(app, firm, smtp_server):
    make_user(firm, "admin@example.fr", firm_role="admin")
    target = make_user(firm, "client@example.fr")
    admin = login(app, "admin@example.fr")
    admin.post(f"/admin/utilisateurs/{target.id}/lien")
    admin.post(f"/admin/utilisateurs/{target.id}/lien")
    first, second = smtp_server.links("client@example.fr")
    assert app.test_client().get(_path(first)).status_code == 404
    assert app.test_client().get(_path(second)).status_code == 200


def test_mail_failure_is_reported_not_hidden(app, firm, smtp_server):
    make_user(firm, "admin@example.fr", firm_role="admin")
    target = make_user(firm, "client@example.fr")
    app.config["GUICHET_RUNTIME"].settings.values["mail"]["password"] = "faux"
    admin = login(app, "admin@example.fr")
    page = admin.post(f"/admin/utilisateurs/{target.id}/lien", follow_redirects=True).get_data(as_text=True)
    assert "Courriel non envoyé à client@example.fr" in page
    assert smtp_server.messages == []


def test_role_change_and_deactivation_from_the_admin_pages(app, firm, company):
    me = make_user(firm, "admin@example.fr", firm_role="admin")
    target = make_user(firm, "client@example.fr")
    accounts.grant(target, company, "read")
    session = login(app, "client@example.fr")
    admin = login(app, "admin@example.fr")
    admin.post(f"/admin/utilisateurs/{target.id}/role", data={"firm_role": "operator"})
    assert User.get_by_id(target.id).firm_role == "operator"
    assert session.get("/operateur/").status_code == 200  # roles are read at each request
    admin.post(f"/admin/utilisateurs/{target.id}/activation", data={"active": "0"})
    assert not User.get_by_id(target.id).active
    assert session.get("/dossiers/").status_code == 302
    page = admin.post(f"/admin/utilisateurs/{me.id}/activation", data={"active": "0"},
                      follow_redirects=True).get_data(as_text=True)
    assert "propre compte" in page and User.get_by_id(me.id).active
    page = admin.post(f"/admin/utilisateurs/{me.id}/role", data={"firm_role": ""},
                      follow_redirects=True).get_data(as_text=True)
    assert "au moins un administrateur actif" in page
    users = admin.get("/admin/utilisateurs").get_data(as_text=True)
    assert "désactivé" in users


def test_another_firm_admin_sees_and_touches_nothing(app, firm, company):
    make_user(firm, "admin@example.fr", firm_role="admin")
    target = make_user(firm, "client@example.fr")
    login(app, "admin@example.fr", address="192.0.2.10")  # a sign-in of firm A
    other = Firm.create(name="Autre Cabinet")
    make_user(other, "intrus@example.fr", firm_role="admin")
    intruder = login(app, "intrus@example.fr")
    for url, data in ((f"/admin/utilisateurs/{target.id}", None),
                      (f"/admin/utilisateurs/{target.id}/role", {"firm_role": "admin"}),
                      (f"/admin/utilisateurs/{target.id}/activation", {"active": "0"}),
                      (f"/admin/utilisateurs/{target.id}/lien", {}),
                      (f"/admin/utilisateurs/{target.id}/double-authentification", {})):
        response = intruder.post(url, data=data) if data is not None else intruder.get(url)
        assert response.status_code == 404, url
    assert User.get_by_id(target.id).firm_role == "" and User.get_by_id(target.id).active
    journal = intruder.get("/admin/journal").get_data(as_text=True)
    assert "admin@example.fr" not in journal and "192.0.2.10" not in journal
    assert "Société A" not in journal


def test_audit_page_shows_who_when_and_from_where(app, firm, company):
    """Configuration changes and refusals carry the person and the client address of the request."""
    make_user(firm, "admin@example.fr", firm_role="admin")
    client_user = make_user(firm, "client@example.fr")
    accounts.grant(client_user, company, "manage")
    client = login(app, "client@example.fr", address="203.0.113.50")
    url = f"/plugins/connectors_admin/dossiers/{company.id}/configurer?connector=watched_folder"
    assert client.post(url, data={"path": "/etc", "enabled": "on"},
                       environ_base={"REMOTE_ADDR": "203.0.113.50"}).status_code == 404
    refused = Event.get(Event.kind == "connector.refused")
    assert refused.user_id == client_user.id and refused.data["ip"] == "203.0.113.50"
    admin = login(app, "admin@example.fr", address="198.51.100.20")
    admin.post("/admin/dossiers", data={"name": "Nouvelle SARL", "siren": "732829320"},
               environ_base={"REMOTE_ADDR": "198.51.100.20"})
    page = admin.get("/admin/journal?categorie=configuration").get_data(as_text=True)
    assert "Configuration de connecteur refusée" in page
    assert "client@example.fr" in page and "203.0.113.50" in page and "Société A" in page
    assert "Dossier créé" in page and "Nouvelle SARL" in page and "198.51.100.20" in page
    assert "Connexion" not in page.split('id="journal"')[1]  # the category filter holds
    everything = admin.get("/admin/journal").get_data(as_text=True)
    assert "Connexion" in everything


def test_audit_page_pages_back(app, firm):
    make_user(firm, "admin@example.fr", firm_role="admin")
    app.config["PAGE_SIZE"] = 3
    admin = login(app, "admin@example.fr")
    for n in range(4):
        app.test_client().post("/login", data={"email": f"x{n}@example.fr", "password": "mauvais"},
                               environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"})
    first = admin.get("/admin/journal").get_data(as_text=True)
    assert "192.0.2.4" in first and "192.0.2.1" not in first
    pages_back = [href for href in re.findall(r'href="([^"]+)"', first) if "avant=" in href]
    assert pages_back, "no link to older entries"
    older = pages_back[-1].replace("&amp;", "&")
    assert "192.0.2.1" in admin.get(older).get_data(as_text=True)
