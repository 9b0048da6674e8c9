"""The firm's pages of a dossier: settings, chart import, export download, held-back list, sync target,
and the keyboard entry editor; client users and other firms' staff are refused."""

from __future__ import annotations

import html
import io

import pytest

from guichet.core.access import accounts
from guichet.core.model.export_models import EntryCorrection, PartyAccount
from guichet.core.model.models import Company, Firm
from guichet.web.app import create_app

import fec_rules
from export_samples import archived
from support import PASSWORD


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


def _client(app, email):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def book(app, company):
    blobs = app.config["GUICHET_RUNTIME"].blobs
    return {"ok": archived(company, direction="purchase", number="FA-1", party="Papeterie Delta", blobs=blobs,
                           data=b"%PDF-1.7 facture FA-1"),
            "bad": archived(company, direction="purchase", number="FA-BAD", total="1.00")}


def test_operator_sees_settings_and_held_back(app, company, make_user, book):
    make_user("op@cabinet.test", firm_role="operator")
    client = _client(app, "op@cabinet.test")
    page = html.unescape(client.get(f"/dossiers/{company.id}/cabinet?from=2026-01-01&to=2026-12-31").get_data(as_text=True))
    assert "Factures retenues sur la période (1)" in page and "FA-BAD" in page and "déséquilibrée" in page
    assert "Seul l'administrateur du cabinet règle la synchronisation" in page
    saved = client.post(f"/dossiers/{company.id}/cabinet/comptes", data={"purchase_account": "606100"})
    assert saved.status_code == 302
    assert Company.get_by_id(company.id).settings["accounting"]["purchase_account"] == "606100"
    client.post(f"/dossiers/{company.id}/cabinet/comptes", data={"purchase_account": "../x"})
    assert Company.get_by_id(company.id).settings["accounting"]["purchase_account"] == "606100"
    upload = client.post(f"/dossiers/{company.id}/cabinet/plan", data={"file": (io.BytesIO(b"606100;Fournitures\n"), "plan.csv")},
                         content_type="multipart/form-data")
    assert upload.status_code == 302
    # The operator cannot set the sync target (it reaches the host).
    assert client.post(f"/dossiers/{company.id}/cabinet/synchro", data={"kind": "folder", "folder": "/tmp"}).status_code == 403


def test_export_download_is_a_valid_fec(app, company, make_user, book):
    make_user("op@cabinet.test", firm_role="operator")
    client = _client(app, "op@cabinet.test")
    response = client.post(f"/dossiers/{company.id}/cabinet/export",
                           data={"from": "2026-01-01", "to": "2026-12-31", "format": "fec"})
    assert response.status_code == 200
    assert "552081317FEC20261231.txt" in response.headers["Content-Disposition"]
    assert response.headers["X-Guichet-Exportees"] == "1"
    assert response.headers["X-Guichet-Retenues"] == str(book["bad"].id)
    assert fec_rules.check(response.data) == []
    csv = client.post(f"/dossiers/{company.id}/cabinet/export", data={"from": "2026-01-01", "to": "2026-12-31", "format": "csv"})
    assert csv.status_code == 200 and b"FA-1" in csv.data


def test_admin_sets_the_sync_target_within_roots(app, company, make_user, tmp_path):
    make_user("admin@cabinet.test", firm_role="admin")
    client = _client(app, "admin@cabinet.test")
    (tmp_path / "cabinet").mkdir()
    client.post(f"/dossiers/{company.id}/cabinet/synchro", data={"kind": "folder", "folder": str(tmp_path / "cabinet")})
    assert Company.get_by_id(company.id).settings["sync"]["folder"] == str(tmp_path / "cabinet")
    refused = client.post(f"/dossiers/{company.id}/cabinet/synchro", data={"kind": "folder", "folder": "/etc"},
                          follow_redirects=True)
    assert "hors des dossiers autorisés" in html.unescape(refused.get_data(as_text=True))


def test_client_users_and_other_firms_are_refused(app, company, make_user, book):
    make_user("client@societe.test", companies={company: "manage"})
    client = _client(app, "client@societe.test")
    for url in (f"/dossiers/{company.id}/cabinet", f"/documents/{book['ok'].id}/ecriture"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/dossiers/{company.id}/cabinet/export", data={"format": "fec"}).status_code == 403
    other_firm = Firm.create(name="Autre cabinet")
    accounts.create_user("op@autre.test", PASSWORD, firm=other_firm, firm_role="admin")
    stranger = _client(app, "op@autre.test")
    for url in (f"/dossiers/{company.id}/cabinet", f"/documents/{book['ok'].id}/ecriture"):
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(f"/dossiers/{company.id}/cabinet/synchro", data={"kind": "folder"}).status_code == 404


def test_entry_editor_corrects_and_learns(app, company, make_user, book):
    make_user("op@cabinet.test", firm_role="operator")
    client = _client(app, "op@cabinet.test")
    assert f'href="/documents/{book["ok"].id}/ecriture"' in client.get(f"/documents/{book['ok'].id}").get_data(as_text=True)
    listing = client.get(f"/dossiers/{company.id}/").get_data(as_text=True)
    assert f'href="/dossiers/{company.id}/cabinet"' in listing
    page = client.get(f"/documents/{book['ok'].id}/ecriture").get_data(as_text=True)
    assert 'value="607000"' in page and 'value="401000"' in page
    form = {"account": ["606400", "4456620", "401000", ""], "aux_account": ["", "", "FDELTA", ""],
            "label": ["Fournitures", "TVA", "Delta", ""], "debit": ["100,00", "20.00", "", ""],
            "credit": ["", "", "120.00", ""]}
    assert client.post(f"/documents/{book['ok'].id}/ecriture", data=form).status_code == 302
    assert EntryCorrection.get().lines[0]["account"] == "606400"
    assert PartyAccount.get().aux_account == "FDELTA"
    bad = dict(form, credit=["", "", "121.00", ""])
    refused = client.post(f"/documents/{book['ok'].id}/ecriture", data=bad)
    assert refused.status_code == 422 and "déséquilibrée" in html.unescape(refused.get_data(as_text=True))
    client.post(f"/documents/{book['ok'].id}/ecriture", data={"action": "reset"})
    assert EntryCorrection.select().count() == 0
    # The "exporté le" mark is shown, and cleared on demand (re-export).
    client.post(f"/dossiers/{company.id}/cabinet/export", data={"from": "2026-01-01", "to": "2026-12-31", "format": "csv"})
    page = client.get(f"/documents/{book['ok'].id}/ecriture").get_data(as_text=True)
    assert "Exportée (csv) le" in page
    client.post(f"/documents/{book['ok'].id}/ecriture", data={"action": "reexport", "target": "csv"})
    assert "Pas encore exportée" in client.get(f"/documents/{book['ok'].id}/ecriture").get_data(as_text=True)


@pytest.mark.browser
def test_entry_corrected_with_the_keyboard(browser, live_server, company, make_user):
    base, _app = live_server
    make_user("op@cabinet.test", firm_role="operator")
    doc = archived(company, direction="purchase", number="KB-1", party="Papeterie Delta")
    page = browser.new_page()
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "op@cabinet.test")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto(f"{base}/documents/{doc.id}/ecriture")
        # The first account is focused: select it, type the new account, Enter saves.
        page.keyboard.press("Control+A")
        page.keyboard.type("606400")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_selector("text=Écriture corrigée")
        assert page.input_value("input[name=account] >> nth=0") == "606400"
    finally:
        page.close()
