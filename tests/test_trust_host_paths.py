"""Issue 11, finding 1: a client must not read or move server files through a connector.

The attack: a client user who manages its company configures the watched folder
(or USB drop) connector with a server path (the data dir, holding ``secret_key``
and the seal) and clicks "Relever maintenant"; the files became the company's
documents and were moved away. Each test replays one step of it.
"""

from __future__ import annotations

import os
import time

import pytest
from support import PASSWORD

from guichet.connectors.watched_folder import UsbDropFolderConnector, WatchedFolderConnector
from guichet.core.connectors import load_connectors
from guichet.core.errors import PermissionDenied
from guichet.core.model.connector_models import ConnectorConfig
from guichet.core.model.models import Document, Event
from guichet.core.ops import connector_runs
from guichet.web.app import create_app

BASE = "/plugins/connectors_admin"


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


def _login(app, email):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def _secrets(settings):
    """Files of the data dir an attacker wants, created as the instance has them."""
    data_dir = settings.data_dir
    (data_dir / "seal").mkdir(parents=True, exist_ok=True)
    (data_dir / "secret_key").write_text("the-instance-key")
    (data_dir / "seal" / "cachet.pass").write_text("seal-password")
    old = time.time() - 3600
    for path in (data_dir / "secret_key", data_dir / "seal" / "cachet.pass"):
        os.utime(path, (old, old))
    return data_dir


def test_a_client_cannot_configure_a_folder_connector_on_the_data_dir(app, settings, company, make_user):
    data_dir = _secrets(settings)
    make_user("client@example.fr", companies={company: "manage"})
    client = _login(app, "client@example.fr")
    for connector in ("watched_folder", "usb_drop"):
        url = f"{BASE}/dossiers/{company.id}/configurer?connector={connector}"
        response = client.post(url, data={"path": str(data_dir), "stable_seconds": "0", "enabled": "on"})
        assert response.status_code == 404
        assert client.get(url).status_code == 404  # not even the form
    assert ConnectorConfig.select().count() == 0
    assert Event.select().where(Event.kind == "connector.refused").count() == 2
    # Nothing of the data dir became a document, nothing moved.
    assert Document.select().count() == 0
    assert (data_dir / "secret_key").read_text() == "the-instance-key"


def test_a_client_cannot_point_imap_at_an_internal_port(app, company, make_user):
    make_user("client@example.fr", companies={company: "manage"})
    client = _login(app, "client@example.fr")
    url = f"{BASE}/dossiers/{company.id}/configurer?connector=imap"
    response = client.post(url, data={"host": "127.0.0.1", "port": "5432", "username": "x", "password": "y",
                                      "security": "none", "enabled": "on"})
    assert response.status_code == 404
    assert ConnectorConfig.select().count() == 0
    # The add form offers no connector that reaches the host.
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert 'value="imap"' not in page and 'value="watched_folder"' not in page


def test_a_client_sees_the_status_of_the_firms_folder_connector_but_cannot_run_it(
        app, settings, company, make_user, tmp_path):
    folder = tmp_path / "depot"
    folder.mkdir()
    make_user("admin@example.fr", firm_role="admin")
    admin = _login(app, "admin@example.fr")
    url = f"{BASE}/dossiers/{company.id}/configurer?connector=watched_folder"
    admin.post(url, data={"path": str(folder), "enabled": "on"})
    assert ConnectorConfig.get().settings["path"] == str(folder)
    make_user("client@example.fr", companies={company: "manage"})
    client = _login(app, "client@example.fr")
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "seul le cabinet" in text and str(folder) not in text and 'id="connector-form"' not in text
    assert client.post(f"{BASE}/dossiers/{company.id}/relever?connector=watched_folder").status_code == 404
    assert client.post(f"{BASE}/dossiers/{company.id}/reponse?connector=watched_folder",
                       data={"answer": "1"}).status_code == 404


def test_the_core_refuses_a_client_even_without_the_web(rt, company, make_user):
    client = make_user("client@example.fr", companies={company: "manage"})
    with pytest.raises(PermissionDenied):
        connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": "/tmp"}, actor=client)
    staff = make_user("op@example.fr", firm_role="operator")
    assert connector_runs.may_configure(staff, company, WatchedFolderConnector())


def test_firm_staff_are_confined_to_the_declared_roots(rt, settings, company, tmp_path):
    data_dir = _secrets(settings)
    connector = WatchedFolderConnector()
    refused = [
        {"path": str(data_dir)},  # the instance itself
        {"path": str(data_dir / "seal")},  # inside it
        {"path": str(tmp_path)},  # a folder that contains the data dir
        {"path": "/etc"},  # outside the declared roots
        {"path": "relatif/depot"},  # not absolute
        {"path": str(tmp_path / "depot"), "processed_folder": "../instance"},  # processed leaves the folder
        {"path": str(tmp_path / "depot"), "processed_folder": str(data_dir)},  # absolute processed folder
    ]
    for values in refused:
        with pytest.raises(ValueError, match=r"refusé|hors des dossiers|absolu|sous-dossier|sort du"):
            connector_runs.configure(rt, company, connector, values)
    assert ConnectorConfig.select().count() == 0
    with pytest.raises(ValueError, match="touche aux fichiers"):
        connector_runs.configure(rt, company, UsbDropFolderConnector(), {"path": str(data_dir)})


def test_no_root_declared_means_no_folder(rt, settings, company, tmp_path):
    settings.values["connectors"]["allowed_roots"] = []
    with pytest.raises(ValueError, match="allowed_roots"):
        connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": str(tmp_path / "depot")})


def test_a_folder_swapped_for_a_link_to_the_data_dir_is_refused_at_the_next_run(rt, settings, company, tmp_path):
    data_dir = _secrets(settings)
    folder = tmp_path / "depot"
    folder.mkdir()
    config = connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": str(folder)})
    folder.rmdir()
    folder.symlink_to(data_dir, target_is_directory=True)
    report = connector_runs.run_config(rt, config.id, load_connectors(rt.pm), force=True)
    assert report.status == "error" and "fichiers de l'instance" in report.error
    assert Document.select().count() == 0
    assert (data_dir / "secret_key").exists()


def test_links_inside_a_watched_folder_are_never_followed(rt, settings, company, tmp_path):
    data_dir = _secrets(settings)
    folder = tmp_path / "depot"
    folder.mkdir()
    (folder / "cle.pdf").symlink_to(data_dir / "secret_key")
    (folder / "sous").symlink_to(data_dir / "seal", target_is_directory=True)
    config = connector_runs.configure(rt, company, WatchedFolderConnector(),
                                      {"path": str(folder), "recursive": True, "stable_seconds": 0})
    report = connector_runs.run_config(rt, config.id, load_connectors(rt.pm), force=True)
    assert report.status == "ok" and report.received == []
    assert (data_dir / "secret_key").read_text() == "the-instance-key"
    assert (data_dir / "seal" / "cachet.pass").exists()
    assert (folder / "cle.pdf").is_symlink()  # not moved either
