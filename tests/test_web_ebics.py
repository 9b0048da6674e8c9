"""The EBICS pages through Flask's test client, against the stand-in bank: bank access (firm staff only),
"Envoyer à la banque" on a validated batch, "Relever les comptes" on the reconciliation page."""

from __future__ import annotations

import datetime as dt
from guichet.core.model.models import paris_today
import re
from decimal import Decimal

import pytest

from guichet.connectors.bank_ebics import service
from guichet.core.access import payment_rights
from guichet.core.model.ebics_models import AccessState
from guichet.core.money import batches

from payments_samples import COMPANY_IBAN, IBANS, Entry, archived_invoice, camt053
from standins.ebics_bank import EbicsBankStandIn
from support import PASSWORD

TODAY = paris_today()


@pytest.fixture
def app(settings):
    from guichet.web.app import create_app

    settings.values.setdefault("ebics", {})["retry_pause"] = 0
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


@pytest.fixture
def bank():
    with EbicsBankStandIn() as running:
        yield running
    assert running.schema_errors == []


def login(client, email: str):
    return client.post("/login", data={"email": email, "password": PASSWORD})


def _flashes(page: str) -> str:
    return " ".join(re.findall(r'class="flash[^"]*"[^>]*>(.*?)<', page, re.S))


def test_bank_access_page_runs_the_key_initialisation(app, company, make_user, bank):
    rt = app.config["GUICHET_RUNTIME"]
    make_user("staff@cabinet.fr", firm_role="operator")
    make_user("gerant@client.fr", companies={company: "manage"})
    base = f"/dossiers/{company.id}/paiements/banque"
    client = app.test_client()
    login(client, "gerant@client.fr")
    assert client.get(base).status_code == 404  # the firm's staff only
    assert client.post(base, data={"action": "init"}).status_code == 404
    staff = app.test_client()
    login(staff, "staff@cabinet.fr")
    page = staff.post(base, data={"action": "configure", "url": bank.url, "host_id": bank.host_id,
                                  "partner_id": "PARTNER1", "user_id": "USER1"}, follow_redirects=True)
    assert "destination refusée" in page.get_data(as_text=True)  # loopback: only the administrator opens it
    service.configure(rt, company, url=bank.url, host_id=bank.host_id, partner_id="PARTNER1", user_id="USER1",
                      allowed_hosts=["127.0.0.1"])  # as `guichet payments ebics configure --allow-host`
    text = staff.get(base).get_data(as_text=True)
    assert "pas encore contre une banque réelle" in text and "EBICS 2.5 (H004)" in text
    text = staff.post(base, data={"action": "init"}, follow_redirects=True).get_data(as_text=True)
    assert "Clés envoyées" in text
    letters = staff.get(f"{base}/lettres.pdf")
    assert letters.status_code == 200 and letters.data.startswith(b"%PDF")
    text = staff.post(base, data={"action": "hpb"}, follow_redirects=True).get_data(as_text=True)
    assert "pas encore activé" in text  # 091002 in French
    bank.activate()
    staff.post(base, data={"action": "hpb"})
    letter = bank.letter()
    text = staff.post(base, data={"action": "confirm", "x002": letter["X002"], "e002": "ab" * 32},
                      follow_redirects=True).get_data(as_text=True)
    assert "ne correspond pas" in text
    staff.post(base, data={"action": "confirm", "x002": letter["X002"], "e002": letter["E002"]})
    assert service.require_access(company).state == AccessState.READY


def test_send_a_validated_batch_and_fetch_statements_from_the_pages(app, company, make_user, bank):
    rt = app.config["GUICHET_RUNTIME"]
    service.configure(rt, company, url=bank.url, host_id=bank.host_id, partner_id="PARTNER1", user_id="USER1",
                      allowed_hosts=["127.0.0.1"])
    service.send_keys(rt, company)
    bank.activate()
    service.fetch_bank_keys(rt, company)
    service.confirm(company, authentication=bank.letter()["X002"], encryption=bank.letter()["E002"])
    batches.add_account(company, COMPANY_IBAN)
    archived_invoice(company, direction="purchase", number="ACH-1", amount="400.00", issue=TODAY, due=TODAY,
                     party_siren="732829320", iban=IBANS[0])
    batch, _ = batches.prepare(company, batches.due_purchases(company, due_before=TODAY))
    batches.validate(rt, batch)
    preparer = make_user("prepa@client.fr", companies={company: "manage"})
    payment_rights.grant(preparer, company, payment_rights.PREPARE)
    payer = make_user("payeur@client.fr", companies={company: "manage"})
    payment_rights.grant(payer, company, payment_rights.VALIDATE)
    page = f"/dossiers/{company.id}/paiements/lots/{batch.id}"
    client = app.test_client()
    login(client, "prepa@client.fr")
    assert "Envoyer à la banque" in client.get(page).get_data(as_text=True)
    text = client.post(f"{page}/envoyer", follow_redirects=True).get_data(as_text=True)
    assert "Envoi refusé" in text and bank.uploads == []  # preparing is not validating
    payer_client = app.test_client()
    login(payer_client, "payeur@client.fr")
    text = payer_client.post(f"{page}/envoyer", follow_redirects=True).get_data(as_text=True)
    assert "Lot envoyé à la banque" in text and len(bank.uploads) == 1
    assert "reçu par la banque" in text and 'id="send-bank"' not in text
    # Statements.
    bank.queue("camt.053", "s.xml", camt053(COMPANY_IBAN, [Entry(Decimal("12.00"), dt.date(2026, 11, 3), "X")]))
    queue = f"/dossiers/{company.id}/paiements/rapprochement"
    assert "Relever les comptes" in payer_client.get(queue).get_data(as_text=True)
    text = payer_client.post(f"/dossiers/{company.id}/paiements/banque/relever", data={"kind": "camt.053"},
                             follow_redirects=True).get_data(as_text=True)
    assert "1 fichier(s) reçu(s) : 1 ligne(s) lue(s)" in text
    text = payer_client.post(f"/dossiers/{company.id}/paiements/banque/relever", data={"kind": "camt.053"},
                             follow_redirects=True).get_data(as_text=True)
    assert "Aucun nouveau relevé" in text
    reader = make_user("lecteur@client.fr", companies={company: "read"})
    assert reader
    reader_client = app.test_client()
    login(reader_client, "lecteur@client.fr")
    assert reader_client.post(f"/dossiers/{company.id}/paiements/banque/relever").status_code == 404
