"""Daily use (issue 19): navigation, home page per role, search and sorting, saved filters, bulk actions,
live states, proof in the UI, help pages. Rights are checked with a client of another company as attacker."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from guichet.core.access import accounts
from guichet.core.model.models import Document, Event, Finding
from guichet.core.model.view_models import SavedFilter
from guichet.web.app import create_app

from support import PASSWORD
from web_pages import ADMIN, CLIENT, OPERATOR, html_pages, login, rich_instance, shot_name


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


@pytest.fixture
def instance(app, firm, company, other_company, corpus):
    return rich_instance(app, firm, company, other_company)


@pytest.fixture
def stranger(firm, other_company):
    """A client who manages only the other company: the attacker of these tests."""
    user = accounts.create_user("autre@societe.fr", PASSWORD, firm=firm)
    accounts.grant(user, other_company, "manage")
    return user


def _client(app, email):
    client = app.test_client()
    login(client, email)
    return client


def test_navigation_links(app, instance):
    staff = _client(app, OPERATOR)
    listing = staff.get(f"/dossiers/{instance.company.id}/").get_data(as_text=True)
    assert 'id="nav-connectors"' in listing  # the connectors administration is linked
    assert f"/mobile/dossiers/{instance.company.id}/photos" in listing  # the phone-photo page too
    hetzner = instance.documents["RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"]
    assert f"/operateur/documents/{hetzner.id}/coder" in listing  # "Coder" on a document to code
    review = instance.documents["Facture_DOM_BASIC.pdf"]
    page = staff.get(f"/documents/{review.id}").get_data(as_text=True)
    assert f"/operateur/documents/{review.id}/revue" in page  # "À revoir" links to the review
    code_page = staff.get(f"/documents/{hetzner.id}").get_data(as_text=True)
    assert 'id="code-link"' in code_page
    client = _client(app, CLIENT)
    listing = client.get(f"/dossiers/{instance.company.id}/").get_data(as_text=True)
    assert "nav-connectors" not in listing and "/operateur/" not in listing
    # « Exporter » opens the firm's page of the dossier (staff only): never shown to a client (403 behind it)
    assert 'id="export-link"' not in listing
    assert client.get(f"/dossiers/{instance.company.id}/cabinet").status_code == 403
    staff_listing = staff.get(f"/dossiers/{instance.company.id}/").get_data(as_text=True)
    assert 'id="export-link"' in staff_listing


def test_connectors_index_closed_to_a_client_managing_nothing(app, instance, firm, company):
    reader = accounts.create_user("lecteur@societe.fr", PASSWORD, firm=firm)
    accounts.grant(reader, company, "read")
    assert _client(app, "lecteur@societe.fr").get("/plugins/connectors_admin/").status_code == 404
    assert _client(app, ADMIN).get("/plugins/connectors_admin/").status_code == 200


def test_home_page_per_role(app, instance, stranger):
    page = _client(app, OPERATOR).get("/").get_data(as_text=True)
    assert "Ce qui attend" in page and instance.company.name in page
    assert "À coder : 1" in page and "À revoir : 3" in page
    # a client with one company lands on its list, which opens with its own summary
    client = _client(app, CLIENT)
    response = client.get("/")
    assert response.status_code == 302 and response.location.endswith(f"/dossiers/{instance.company.id}/")
    listing = client.get(response.location).get_data(as_text=True)
    assert 'id="summary"' in listing and "À revoir : 3" in listing
    # the attacker's summary counts nothing of the other company
    other = _client(app, "autre@societe.fr").get(f"/dossiers/{instance.other.id}/").get_data(as_text=True)
    assert 'id="summary"' not in other


def test_firm_home_counts_failed_sendings_answers_due_and_connector_errors(app, instance, stranger):
    """The firm's home (issue 19): what waits outside the coding queue too, and the money summary; a client
    of another company sees none of it."""
    from guichet.core.model.connector_models import ConnectorConfig
    from guichet.core.model.stage_models import StageRun
    from guichet.core.model.states import Progress

    archived = instance.documents["EN16931_Einfach.pdf"]
    StageRun.create(document=archived, stage="distribution", status=str(Progress.FAILED), reason="SMTP refusé")
    StageRun.create(document=instance.documents["fail3.pdf"], stage="network", status=str(Progress.WAITING))
    ConnectorConfig.create(company=instance.company, connector_id="imap", label="Boîte factures",
                           last_error="authentification refusée")
    page = _client(app, OPERATOR).get("/").get_data(as_text=True)
    for sentence in ("Envois en échec : 1", "Réponses attendues (réseau, envois) : 1", "Connecteurs en erreur : 1"):
        assert sentence in page, sentence
    money = page.split('id="money-summary"', 1)[1]
    assert "1\u202f234,50\u202f€" in money  # the overdue sales invoice of the rich instance
    assert "Connecteurs en erreur" not in _client(app, "autre@societe.fr").get(
        f"/dossiers/{instance.other.id}/").get_data(as_text=True)
    attacker_home = _client(app, "autre@societe.fr").get("/", follow_redirects=True).get_data(as_text=True)
    assert "Envois en échec" not in attacker_home and "1\u202f234,50" not in attacker_home


@pytest.mark.parametrize(("query", "expected", "absent"), [
    ({"q": "529,87"}, "471102", "Hetzner"),  # an amount, French style
    ({"q": "529.87"}, "471102", "Hetzner"),  # the same, with a dot
    ({"q": "Kunden AG"}, "471102", "Hetzner"),  # the buyer's name
    ({"q": "Lieferant"}, "471102", "Hetzner"),  # the seller's name
    ({"q": "471102"}, "471102", "Hetzner"),  # the number
    ({"du": "01/03/2018", "au": "31/03/2018"}, "471102", "Facture_UE"),  # invoice date range
])
def test_search(app, instance, query, expected, absent):
    page = _client(app, CLIENT).get(f"/dossiers/{instance.company.id}/", query_string=query).get_data(as_text=True)
    assert expected in page
    assert absent not in page


def test_search_by_siren(app, instance):
    from guichet.core.model.models import Party

    party = Party.select().where(Party.siren.is_null(False)).first()
    page = _client(app, CLIENT).get(f"/dossiers/{instance.company.id}/", query_string={"q": party.siren})
    text = page.get_data(as_text=True)
    document = party.invoice.document
    assert document.filename in text
    assert "vide.pdf" not in text


def test_the_list_names_the_other_party_and_sorts_by_it(app, instance):
    """A sales invoice's line names its customer, not the company itself; « Tiers » sorts on that name."""
    client = _client(app, CLIENT)
    rows = client.get(f"/dossiers/{instance.company.id}/", query_string={"q": "FA-2026-017"}).get_data(as_text=True)
    table = rows.split('id="documents"', 1)[1].split("<tbody>", 1)[1]
    line = next(row for row in table.split("</tr>") if "FA-2026-017" in row)
    assert "Durand et Fils SARL" in line and instance.company.name not in line
    page = client.get(f"/dossiers/{instance.company.id}/", query_string={"tri": "tiers", "ordre": "asc"})
    text = page.get_data(as_text=True).split('id="documents"', 1)[1]
    assert text.index("Bei Spiel GmbH") < text.index("Durand et Fils SARL") < text.index("Fournisseur Alpha SARL")


def test_sorting_by_total(app, instance):
    client = _client(app, CLIENT)
    up = client.get(f"/dossiers/{instance.company.id}/?tri=ttc&ordre=asc").get_data(as_text=True)
    down = client.get(f"/dossiers/{instance.company.id}/?tri=ttc&ordre=desc").get_data(as_text=True)
    names = [n for n in instance.documents if n != "vide.pdf" and n in up]
    order_up = sorted(names, key=up.index)
    order_down = sorted(names, key=down.index)
    assert order_up != order_down
    assert 'aria-sort="ascending"' in up


def test_saved_filters_are_per_user(app, instance, stranger):
    client = _client(app, CLIENT)
    url = f"/dossiers/{instance.company.id}/"
    response = client.post(f"{url}filtres", data={"name": "Rejetés", "state": "rejected"})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert ">Rejetés</a>" in page and f"{url}?state=rejected" in page
    assert SavedFilter.select().count() == 1
    # the attacker cannot save on a company it may not open, nor see the filter
    attacker = _client(app, "autre@societe.fr")
    assert attacker.post(f"{url}filtres", data={"name": "x", "state": "rejected"}).status_code == 404
    assert SavedFilter.select().count() == 1
    client.post(f"{url}filtres", data={"delete": "Rejetés"})
    assert SavedFilter.select().count() == 0


def test_bulk_accept_and_export(app, instance, stranger):
    to_review = [d for d in instance.documents.values() if Document.get_by_id(d.id).state == "to_review"]
    ids = [str(d.id) for d in to_review]
    # the attacker's selection of another company's documents does nothing
    attacker = _client(app, "autre@societe.fr")
    response = attacker.post(f"/dossiers/{instance.company.id}/selection", data={"ids": ids, "action": "accept",
                                                                              "reason": "x"})
    assert response.status_code == 404
    response = attacker.post(f"/dossiers/{instance.other.id}/selection", data={"ids": ids, "action": "accept",
                                                                            "reason": "x"})
    assert all(Document.get_by_id(d.id).state == "to_review" for d in to_review)
    client = _client(app, CLIENT)
    export = client.post(f"/dossiers/{instance.company.id}/selection", data={"ids": ids, "action": "export"})
    text = export.get_data(as_text=True)
    assert export.mimetype == "text/csv" and text.startswith("\ufeffReçu le;État")
    assert all(d.filename in text for d in to_review)
    # an invoice whose IBAN changed is left out of a bulk accept (accepting it confirms the IBAN)
    changed = to_review[0]
    Finding.create(document=changed, code="FRAUD-IBAN-CHANGE", severity="fatal", message="IBAN différent")
    page = client.post(f"/dossiers/{instance.company.id}/selection", follow_redirects=True,
                       data={"ids": ids, "action": "accept", "reason": "vu avec le fournisseur"}).get_data(as_text=True)
    assert "l&#39;IBAN a changé" in page or "l'IBAN a changé" in page
    assert Document.get_by_id(changed.id).state == "to_review"
    assert all(Document.get_by_id(d.id).state != "to_review" for d in to_review[1:])
    overrides = Event.select().where(Event.kind == "document.review_override")
    assert overrides.count() == len(to_review) - 1
    assert {e.data["reason"] for e in overrides} == {"vu avec le fournisseur"}


def test_live_states(app, instance, stranger):
    client = _client(app, CLIENT)
    ids = ",".join(str(d.id) for d in instance.documents.values())
    states = client.get(f"/dossiers/{instance.company.id}/etats?ids={ids}").get_json()
    archived = instance.documents["EN16931_Einfach.pdf"]
    assert states[str(archived.id)]["label"] in ("Archivé", "Scellé", "Contrôlé")
    one = client.get(f"/documents/{archived.id}/etat").get_json()
    assert one["moving"] is False and "stages" in one
    attacker = _client(app, "autre@societe.fr")
    assert attacker.get(f"/dossiers/{instance.other.id}/etats?ids={ids}").get_json() == {}
    assert attacker.get(f"/documents/{archived.id}/etat").status_code == 404


@pytest.fixture
def archived_only(app, firm, company, other_company, corpus):
    """The rich instance without its stored-as-archived money invoices: every archived document went through the archive."""
    return rich_instance(app, firm, company, other_company, money=False)


def test_evidence_export_and_integrity_check(app, archived_only, stranger):
    instance = archived_only
    archived = instance.documents["EN16931_Einfach.pdf"]
    client = _client(app, CLIENT)
    response = client.get(f"/documents/{archived.id}/preuves")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert any(n.startswith("archive/") for n in names) and "journal/evenements.jsonl" in names
    assert _client(app, "autre@societe.fr").get(f"/documents/{archived.id}/preuves").status_code == 404
    page = client.get(f"/dossiers/{instance.company.id}/preuves").get_data(as_text=True)
    assert "Exporter les preuves" in page and "Pas d'horodatage qualifié" in page
    period = client.get(f"/dossiers/{instance.company.id}/preuves?du=01/01/2000&au=31/12/2099")
    assert period.mimetype == "application/zip"
    assert _client(app, "autre@societe.fr").get(f"/dossiers/{instance.company.id}/preuves").status_code == 404
    # the integrity check: firm admin only, queued on the task queue, progress and result on the archives page
    from guichet.core.storage import archive
    from guichet.web.company import proof

    rt = app.config["GUICHET_RUNTIME"]
    assert client.post("/admin/archives/verifier").status_code in (403, 404)  # a client user is refused
    assert client.get("/admin/archives/verification/etat").status_code in (403, 404)
    assert archive.verification_progress(rt.settings) is None  # ...and nothing was queued
    assert not proof.verification_running(rt)
    admin = _client(app, ADMIN)
    assert admin.post("/admin/archives/verifier").status_code == 302  # the test queue runs it at once
    progress = archive.verification_progress(rt.settings)
    assert progress["state"] == "done" and progress["ok"] is True
    assert any(step.startswith("Journal :") for step in progress["steps"])  # its steps, as the worker went
    assert not proof.verification_running(rt)  # the claim is released at the end
    page = admin.get("/admin/archives").get_data(as_text=True)
    assert "Intègre" in page and "Vérifier maintenant" in page and "Terminée" in page
    assert admin.get("/admin/archives/verification/etat").get_json()["state"] == "done"
    # Asked for while one is queued: refused, not queued twice.
    assert archive.claim_verification(rt.settings, "autre administrateur")
    before = archive.last_verification(rt.settings).started_at
    response = admin.post("/admin/archives/verifier", follow_redirects=True)
    assert "déjà demandée ou en cours" in response.get_data(as_text=True)
    assert archive.last_verification(rt.settings).started_at == before
    assert admin.get("/admin/archives/verification/etat").get_json()["running"] is True
    archive.release_verification(rt.settings)


def test_help_pages(app, instance):
    client = _client(app, CLIENT)
    for role in ("cabinet", "operateur", "entreprise", "telephone"):
        assert client.get(f"/aide/{role}").status_code == 200
    response = client.get("/aide/documents")
    assert response.status_code == 302 and response.location.endswith("/aide/entreprise#documents")
    assert client.get("/aide/inconnu").status_code == 404
    listing = client.get(f"/dossiers/{instance.company.id}/").get_data(as_text=True)
    assert "/aide/documents" in listing  # the "?" of the screen


def test_every_screen_has_one_question_mark_opening_its_section(app, instance):
    """Each signed-in screen carries one « ? », and it opens a role page at an anchor that page has."""
    from guichet.web.help_pages.views import ROLES, SECTIONS

    for section, (role, anchor) in SECTIONS.items():
        assert role in ROLES, section
        assert f'id="{anchor}"' in _client(app, CLIENT).get(f"/aide/{role}").get_data(as_text=True), section
    checked, problems = 0, []
    for who in (ADMIN, CLIENT):
        client = _client(app, who)
        for url in html_pages(app, instance):
            response = client.get(url)
            if url.startswith(("/aide/", "/payer/")) or response.status_code != 200 or response.mimetype != "text/html":
                continue  # the help itself, and the payer's public page
            links = re.findall(r'<a class="help-link[^"]*" href="([^"]+)"', response.get_data(as_text=True))
            if len(links) != 1:
                problems.append(f"{who} {url}: {len(links)} « ? »")
                continue
            target = client.get(links[0])
            role_url, _, anchor = (target.location or "").partition("#")
            if target.status_code != 302 or f'id="{anchor}"' not in client.get(role_url).get_data(as_text=True):
                problems.append(f"{who} {url}: « ? » → {target.status_code} {target.location}")
            checked += 1
    assert checked > 60, checked
    assert problems == []


def test_help_captures_are_ones_make_screenshots_takes(app, instance):
    """Each capture a help page names is a page the layout test saves under that name (admin or client, 390 or 1366)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "web" / "help_pages" / "templates" / "help"
    named = {m for path in folder.glob("*.html") for m in re.findall(r'shot="([^"]+)"', path.read_text())}
    assert len(named) >= 12, named
    taken = {shot_name(who, width, url) for who in (ADMIN, CLIENT) for width in (390, 1366)
             for url in html_pages(app, instance)}
    assert sorted(named - taken) == []


def test_report_a_problem_reaches_the_firm_admin(app, instance):
    client = _client(app, CLIENT)
    listing = client.get(f"/dossiers/{instance.company.id}/").get_data(as_text=True)
    assert "/aide/signaler?page=" in listing
    response = client.post("/aide/signaler", data={"page": f"/dossiers/{instance.company.id}/",
                                                   "message": "La facture Hetzner n'apparaît pas"})
    assert response.status_code == 302 and response.location.endswith(f"/dossiers/{instance.company.id}/")
    event = Event.get(Event.kind == "help.problem_reported")
    assert event.data["message"] == "La facture Hetzner n'apparaît pas"
    journal = _client(app, ADMIN).get("/admin/journal?categorie=signalements").get_data(as_text=True)
    assert "Problème signalé" in journal and "Hetzner" in journal
    # a page outside the site is never where the person is sent back
    response = client.post("/aide/signaler", data={"page": "//ailleurs.example", "message": "x"})
    assert response.location.endswith("/")


def test_help_pages_show_the_captures_of_make_screenshots(app, instance, tmp_path, monkeypatch):
    from guichet.web.help_pages import views as help_views

    monkeypatch.setattr(help_views, "SCREENSHOTS", tmp_path)
    client = _client(app, CLIENT)
    assert "/aide/captures/" not in client.get("/aide/entreprise").get_data(as_text=True)  # none made yet
    (tmp_path / "client-1366-dossiers-1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "secret.txt").write_text("x")
    assert "/aide/captures/client-1366-dossiers-1.png" in client.get("/aide/entreprise").get_data(as_text=True)
    assert client.get("/aide/captures/client-1366-dossiers-1.png").data.startswith(b"\x89PNG")
    assert client.get("/aide/captures/secret.txt").status_code == 404
