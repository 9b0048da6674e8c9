"""Money pages through Flask's test client (scoping, figures and their links) and in headless Chromium."""

from __future__ import annotations

import datetime as dt
from guichet.core.model.models import paris_today
import re
from decimal import Decimal

import pytest

from guichet.core.access import payment_rights
from guichet.core.model.models import Event, Finding
from guichet.core.model.payment_models import BankLine, BatchState, ItemState, LineState, OpenItem, PaymentBatch
from guichet.core.money import batches

from payments_samples import COMPANY_IBAN, IBANS, Entry, archived_invoice, camt053
from support import PASSWORD

TODAY = paris_today()
D = Decimal


@pytest.fixture
def app(settings):
    from guichet.web.app import create_app

    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


def login(client, email: str):
    return client.post("/login", data={"email": email, "password": PASSWORD})


@pytest.fixture
def books(company, other_company):
    """Open items both ways for the company; one invoice of another company."""
    batches.add_account(company, COMPANY_IBAN)
    archived_invoice(company, direction="sales", number="FA-1", amount="1000.00", issue=TODAY - dt.timedelta(days=80),
                     due=TODAY - dt.timedelta(days=45), party="Client Un")
    archived_invoice(company, direction="sales", number="FA-2", amount="250.00", issue=TODAY, due=TODAY + dt.timedelta(days=10),
                     party="Client Deux")
    archived_invoice(company, direction="purchase", number="ACH-1", amount="400.00", issue=TODAY, due=TODAY,
                     party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[0])
    archived_invoice(other_company, direction="sales", number="SECRET-1", amount="9999.00", issue=TODAY, due=TODAY,
                     party="Autre")


def test_dashboard_figures_link_to_their_invoices(app, company, make_user, books):
    make_user("lecteur@client.fr", companies={company: "read"})
    client = app.test_client()
    login(client, "lecteur@client.fr")
    page = client.get(f"/dossiers/{company.id}/paiements/").get_data(as_text=True)
    assert "<svg" in page and "Échu 31–60 j" in page
    assert "SECRET-1" not in page
    links = re.findall(r'href="(/dossiers/\d+/paiements/echeances\?[^"]+)"', page)
    overdue = [link for link in links if "overdue_31_60" in link and "sales" in link]
    listed = client.get(overdue[0].replace("&amp;", "&")).get_data(as_text=True)
    assert "FA-1" in listed and "FA-2" not in listed
    assert "Payer des fournisseurs" not in page  # no "prepare" right
    revenue = client.get(f"/dossiers/{company.id}/paiements/chiffre-affaires?from={TODAY - dt.timedelta(days=100)}"
                         f"&to={TODAY}").get_json()
    assert {row["counterparty"]: row["amount"] for row in revenue["rows"]} == {"Client Un": "1000.00",
                                                                               "Client Deux": "250.00"}


def test_another_companys_user_sees_nothing(app, company, other_company, make_user, books):
    make_user("intrus@autre.fr", companies={other_company: "manage"})
    batch, _ = batches.prepare(company, batches.due_purchases(company))
    client = app.test_client()
    login(client, "intrus@autre.fr")
    base = f"/dossiers/{company.id}/paiements"
    for url in (f"{base}/", f"{base}/echeances?direction=sales", f"{base}/lots/nouveau", f"{base}/lots/{batch.id}",
                f"{base}/lots/{batch.id}/fichier", f"{base}/rapprochement", f"{base}/droits",
                f"{base}/chiffre-affaires?from=2026-01-01&to=2026-12-31", "/paiements/"):
        assert client.get(url).status_code == 404, url
    for url in (f"{base}/lots/{batch.id}/valider", f"{base}/lots/{batch.id}/abandonner", f"{base}/releves"):
        assert client.post(url).status_code == 404, url
    assert PaymentBatch.get_by_id(batch.id).state == BatchState.DRAFT


def test_firm_dashboard_sums_the_firms_companies(app, company, other_company, make_user, books):
    make_user("collab@cabinet.fr", firm_role="operator")
    client = app.test_client()
    login(client, "collab@cabinet.fr")
    page = client.get("/paiements/").get_data(as_text=True)
    assert "Société A" in page and "Société B" in page
    assert "11 249,00" in page.replace("\u202f", " ")  # 1000 + 250 + 9999 to collect


def test_firm_dashboard_rows_link_to_each_companys_invoices_in_french(app, company, other_company, make_user, books):
    from guichet.core.model.models import db
    from guichet.core.money import settlements

    with db.atomic():  # 1150 still due of 1250 invoiced in the window: DSO 82.8 days
        settlements.settle(OpenItem.get(OpenItem.number == "FA-1"), D("100"), TODAY, settlements.PAYMENT)
    make_user("collab@cabinet.fr", firm_role="operator")
    client = app.test_client()
    login(client, "collab@cabinet.fr")
    table = client.get("/paiements/").get_data(as_text=True).split('id="per-company"')[1].split("</table>")[0]
    row = next(r for r in table.split("<tr>") if "Société A" in r)
    assert "82.8" not in row and "83 j" in row  # a French number, not the raw Decimal
    links = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+echeances[^"]+)"', row)]
    assert len(links) == 4 and all(f"/dossiers/{company.id}/" in link for link in links)
    overdue = next(link for link in links if "sales" in link and "overdue" in link)
    listed = client.get(overdue).get_data(as_text=True)
    assert "FA-1" in listed and "FA-2" not in listed and "SECRET-1" not in listed


def test_collaborator_without_mandate_is_refused_and_logged(app, company, make_user, books):
    collaborator = make_user("collab@cabinet.fr", firm_role="operator")
    payment_rights.grant(collaborator, company, payment_rights.PREPARE)
    batch, _ = batches.prepare(company, batches.due_purchases(company), user=collaborator)
    client = app.test_client()
    login(client, "collab@cabinet.fr")
    page = client.post(f"/dossiers/{company.id}/paiements/lots/{batch.id}/valider", follow_redirects=True)
    assert "aucun mandat de règlement" in page.get_data(as_text=True)
    assert PaymentBatch.get_by_id(batch.id).state == BatchState.DRAFT
    assert Event.select().where(Event.kind == "payment.refused").count() == 1


def test_statement_upload_and_keyboard_queue(app, company, make_user, books):
    make_user("compta@client.fr", companies={company: "manage"})
    client = app.test_client()
    login(client, "compta@client.fr")
    data = camt053(COMPANY_IBAN, [Entry(D("1000.00"), TODAY, name="CLIENT UN", remittance="FA-1"),
                                  Entry(D("100.00"), TODAY, name="INCONNU", remittance="VIREMENT")])
    from io import BytesIO

    page = client.post(f"/dossiers/{company.id}/paiements/releves", data={"file": (BytesIO(data), "r.xml")},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "2 ligne(s) lue(s), 1 rapprochée(s) automatiquement" in page
    line_id = re.search(r'id="current-line" data-line="(\d+)"', page).group(1)
    item = OpenItem.get(OpenItem.number == "FA-2")
    client.post(f"/dossiers/{company.id}/paiements/rapprochement/{line_id}",
                data={"action": "match", "item": str(item.id), f"amount_{item.id}": "100,00"})
    assert OpenItem.get_by_id(item.id).state == ItemState.PARTIAL
    bad = client.post(f"/dossiers/{company.id}/paiements/releves", data={"file": (BytesIO(b"<x/>"), "r.xml")},
                      content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "Relevé refusé" in bad



def test_an_uploaded_statement_with_a_line_finer_than_the_cent_says_which_line_was_refused(app, company, make_user,
                                                                                          books):
    make_user("compta@client.fr", companies={company: "manage"})
    client = app.test_client()
    login(client, "compta@client.fr")
    data = camt053(COMPANY_IBAN, [Entry(D("1000.00"), TODAY, name="CLIENT UN", remittance="FA-1"),
                                  Entry(D("123.45"), TODAY, name="CLIENT DEUX", remittance="FA-2")])
    data = (data.replace(b'<Amt Ccy="EUR">123.45</Amt>', b'<Amt Ccy="EUR">12.345</Amt>')
            .replace(b'<Amt Ccy="EUR">2123.45</Amt>', b'<Amt Ccy="EUR">2012.345</Amt>'))
    from io import BytesIO

    page = client.post(f"/dossiers/{company.id}/paiements/releves", data={"file": (BytesIO(data), "r.xml")},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "2 ligne(s) lue(s), 1 rapprochée(s) automatiquement, 0 à rapprocher" in page
    assert "Ligne refusée : ligne" in page and "montant 12,345 : au plus 2 décimales en EUR" in page
    assert OpenItem.get(OpenItem.number == "FA-1").state == ItemState.PAID
    assert OpenItem.get(OpenItem.number == "FA-2").state == ItemState.OPEN
    again = client.get(f"/dossiers/{company.id}/paiements/rapprochement").get_data(as_text=True)
    assert "12,345" in again.split("r.xml", 1)[1]  # the import's line in the page's list says it too
    rejected = BankLine.get(BankLine.amount == D("12.345"))
    matched = BankLine.get(BankLine.amount == D("1000.00"))
    reason = rejected.note
    for line, said in ((rejected, "cette ligne a été refusée à l&#39;import"),
                       (matched, "cette ligne est déjà rapprochée")):
        shown = client.post(f"/dossiers/{company.id}/paiements/rapprochement/{line.id}",
                            data={"action": "ignore", "note": "frais"}, follow_redirects=True).get_data(as_text=True)
        assert said in shown
    assert (BankLine.get_by_id(rejected.id).state, BankLine.get_by_id(rejected.id).note) == (LineState.REJECTED, reason)
    assert BankLine.get_by_id(matched.id).state == LineState.MATCHED
    assert Event.select().where(Event.kind == "payment.line_ignored").count() == 0


def _form_fields(page: str, form_id: str) -> str:
    return re.search(rf'id="{form_id}".*?</form>', page, re.S).group(0)


def test_a_write_off_is_refused_below_the_cent_or_not_a_number_and_confirmed_in_french(app, company, make_user,
                                                                                         books):
    """Review findings 1 and 9c: 0,001 and NaN (a 500 before) are refused with the core's French reason; the
    confirmation writes the amount the French way, not the raw Decimal « 850.00 EUR »."""
    make_user("compta@client.fr", companies={company: "manage"})
    invoice = OpenItem.get(OpenItem.number == "FA-1")
    url = f"/dossiers/{company.id}/paiements/echeances/{invoice.id}"
    client = app.test_client()
    login(client, "compta@client.fr")
    finer = client.post(url, data={"action": "write_off", "amount": "0,001", "reason": "arrondi"},
                        follow_redirects=True)
    assert finer.status_code == 200 and "au plus 2 décimales en EUR" in finer.get_data(as_text=True)
    nan = client.post(url, data={"action": "write_off", "amount": "NaN", "reason": "arrondi"}, follow_redirects=True)
    assert nan.status_code == 200 and "montant invalide" in nan.get_data(as_text=True)
    assert OpenItem.get_by_id(invoice.id).outstanding == D("1000.00")
    done = client.post(url, data={"action": "write_off", "amount": "850", "reason": "client en liquidation"},
                       follow_redirects=True).get_data(as_text=True)
    assert "850,00\u202f€ passé(s) en perte" in done and "850 EUR" not in done
    assert OpenItem.get_by_id(invoice.id).outstanding == D("150.00")


def test_an_open_item_takes_a_credit_note_or_a_write_off_with_its_reason(app, company, make_user, books):
    make_user("compta@client.fr", companies={company: "manage"})
    make_user("lecteur@client.fr", companies={company: "read"})
    archived_invoice(company, direction="sales", number="AV-1", amount="150.00", issue=TODAY, party="Client Un",
                     type_code="381")
    archived_invoice(company, direction="sales", number="AV-2", amount="90.00", issue=TODAY, party="Client Deux",
                     type_code="381")
    invoice = OpenItem.get(OpenItem.number == "FA-1")
    note = OpenItem.get(OpenItem.number == "AV-1")
    stranger_note = OpenItem.get(OpenItem.number == "AV-2")
    url = f"/dossiers/{company.id}/paiements/echeances/{invoice.id}"
    reader = app.test_client()
    login(reader, "lecteur@client.fr")
    page = reader.get(url).get_data(as_text=True)
    assert "Reste dû" in page and "Passer en perte" not in page  # a reader sees, never settles
    assert reader.post(url, data={"action": "write_off", "amount": "10", "reason": "x"}).status_code == 404
    client = app.test_client()
    login(client, "compta@client.fr")
    page = client.get(url).get_data(as_text=True)
    offered = _form_fields(page, "allocate")
    assert "AV-1" in offered and "AV-2" not in offered  # only the same customer's credit notes
    refused = client.post(url, data={"action": "credit_note", "other": str(stranger_note.id), "amount": "90"},
                          follow_redirects=True).get_data(as_text=True)  # forged: another customer's credit note
    assert "pas du même client" in refused
    client.post(url, data={"action": "credit_note", "other": str(note.id), "amount": "150,00"})
    assert OpenItem.get_by_id(invoice.id).outstanding == D("850.00")
    assert OpenItem.get_by_id(note.id).state == ItemState.PAID
    note_page = client.get(f"/dossiers/{company.id}/paiements/echeances/{note.id}").get_data(as_text=True)
    assert "Avoir" in note_page and "imputé sur FA-1" in note_page and "Reste à imputer" in note_page
    no_reason = client.post(url, data={"action": "write_off", "amount": "50", "reason": " "},
                            follow_redirects=True).get_data(as_text=True)
    assert "motif est obligatoire" in no_reason
    too_much = client.post(url, data={"action": "write_off", "amount": "850,01", "reason": "liquidation"},
                           follow_redirects=True).get_data(as_text=True)
    assert "dépasse le reste dû" in too_much
    client.post(url, data={"action": "write_off", "amount": "850,00", "reason": "client en liquidation"})
    item = OpenItem.get_by_id(invoice.id)
    assert (item.outstanding, item.state) == (D("0.00"), ItemState.PAID)
    page = client.get(url).get_data(as_text=True)
    history = _form_fields(page.replace("</table>", "</form>"), "settlements")
    assert "Avoir imputé" in history and "Passé en perte" in history and "client en liquidation" in history
    assert "compta@client.fr" in history
    assert {e.kind for e in Event.select().where(Event.kind.startswith("payment."))} >= {
        "payment.credit_note", "payment.write_off"}
    # another company's item is not reached through this company's address, nor this one by a stranger
    secret = OpenItem.get(OpenItem.number == "SECRET-1")
    assert client.get(f"/dossiers/{company.id}/paiements/echeances/{secret.id}").status_code == 404
    assert client.post(f"/dossiers/{company.id}/paiements/echeances/{secret.id}",
                       data={"action": "write_off", "amount": "1", "reason": "x"}).status_code == 404
    assert OpenItem.get_by_id(secret.id).outstanding == D("9999.00")


def test_every_figure_of_the_dashboard_lists_its_invoices(app, company, make_user, books):
    from guichet.core.model.network_models import NetworkDocument, Route

    archived_invoice(company, direction="sales", number="USD-1", amount="70.00", currency="USD", issue=TODAY,
                     due=TODAY - dt.timedelta(days=3), party="Client US")
    disputed = OpenItem.get(OpenItem.number == "FA-2")  # the buyer answered 207 on the network
    NetworkDocument.create(document=disputed.document_id, company=company, route=Route.NETWORK, last_code="207")
    make_user("lecteur@client.fr", companies={company: "read"})
    client = app.test_client()
    login(client, "lecteur@client.fr")
    page = client.get(f"/dossiers/{company.id}/paiements/?date={TODAY}").get_data(as_text=True)
    sales = page.split('id="aging-sales"')[1].split('id="largest-sales"')[0]
    by_kind = {kind: href.replace("&amp;", "&")
               for href, kind in re.findall(r'<a href="([^"]+)" class="figure-(\w+)">', sales)}
    assert set(by_kind) == {"overdue", "disputed", "penalties", "other", "ratio"}

    def listed(href):
        return set(re.findall(r'/documents/\d+">([^<]+)</a>', client.get(href).get_data(as_text=True)))

    assert listed(by_kind["overdue"]) == listed(by_kind["penalties"]) == {"FA-1"}
    assert listed(by_kind["disputed"]) == {"FA-2"}
    assert listed(by_kind["other"]) == {"USD-1"}
    assert listed(by_kind["ratio"]) == {"FA-1", "FA-2"}  # DSO: what is still due (in euros) over what was invoiced
    amounts = re.findall(r'class="figure-(\w+)">([^<]+)<', sales)
    assert dict(amounts)["overdue"].replace("\u202f", " ").startswith("1 000,00")
    assert dict(amounts)["disputed"].startswith("250,00")


def test_a_batch_is_paid_from_the_chosen_account_and_totals_show_per_account(app, company, other_company, make_user,
                                                                             books):
    user = make_user("tresorier@client.fr", companies={company: "manage"})
    payment_rights.grant(user, company, payment_rights.PREPARE)
    second = batches.add_account(company, IBANS[6], label="Compte Crédit Agricole", default=False)
    foreign = batches.add_account(other_company, IBANS[8])
    client = app.test_client()
    login(client, "tresorier@client.fr")
    url = f"/dossiers/{company.id}/paiements/lots/nouveau"
    page = client.get(url).get_data(as_text=True)
    assert f'<option value="{second.id}"' in page and IBANS[8] not in page
    item = OpenItem.get(OpenItem.number == "ACH-1")
    refused = client.post(url, data={"item": str(item.id), "account": str(foreign.id)}, follow_redirects=True)
    assert "Compte débité inconnu" in refused.get_data(as_text=True)
    assert PaymentBatch.select().count() == 0
    client.post(url, data={"item": str(item.id), "account": str(second.id), "grouping": "invoice"})
    (made,) = PaymentBatch.select()
    assert made.account_id == second.id and made.total == D("400.00")
    table = client.get(url).get_data(as_text=True).split('id="per-account"')[1].split("</table>")[0]
    rows = dict(re.findall(r'<td class="mono">([A-Z0-9]+).*?<td class="num">([^<]+)</td>', table))
    assert rows[IBANS[6]].startswith("400,00") and rows[COMPANY_IBAN].startswith("0,00")


def test_looking_at_the_payment_pages_registers_no_account_preparing_a_batch_does(app, company, make_user):
    """The default account is proposed from the company's IBAN on the pages (GET) without being registered:
    registered accounts decide which statements are accepted. Preparing a batch (POST) registers it."""
    from guichet.core.model.payment_models import BankAccount, ImportState
    from guichet.core.money import statements

    company.settings = {**(company.settings or {}), "iban": COMPANY_IBAN}
    company.save()
    archived_invoice(company, direction="purchase", number="ACH-9", amount="60.00", issue=TODAY, due=TODAY,
                     party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[0])
    user = make_user("tresorier@client.fr", companies={company: "manage"})
    payment_rights.grant(user, company, payment_rights.PREPARE)
    client = app.test_client()
    login(client, "tresorier@client.fr")
    base = f"/dossiers/{company.id}/paiements"
    for url in (f"{base}/", f"{base}/lots/nouveau", f"{base}/droits", f"{base}/lots/nouveau?due_before=2099-01-01"):
        page = client.get(url)
        assert page.status_code == 200, url
        if "nouveau" in url or "droits" in url:
            assert COMPANY_IBAN in page.get_data(as_text=True) and 'id="proposed-account"' in page.get_data(as_text=True)
    assert BankAccount.select().where(BankAccount.company == company.id).count() == 0
    assert not Event.select().where(Event.kind == "payment.account_saved").exists()
    rt = app.config["GUICHET_RUNTIME"]
    other = statements.import_file(rt, company, camt053(IBANS[6], [Entry(D("5.00"), TODAY, name="X", remittance="Y")]),
                                   "autre.xml", source="test")
    assert other.state == ImportState.IMPORTED  # still no registered account: the GETs decided nothing
    item = OpenItem.get(OpenItem.number == "ACH-9")
    client.post(f"{base}/lots/nouveau", data={"item": str(item.id), "grouping": "invoice"})
    (batch,) = PaymentBatch.select().where(PaymentBatch.company == company.id)
    (account,) = BankAccount.select().where(BankAccount.company == company.id)
    assert (account.iban, batch.account_id, account.is_default) == (COMPANY_IBAN, account.id, True)
    saved = Event.get(Event.kind == "payment.account_saved")
    assert saved.user_id == user.id and saved.company_id == company.id
    assert 'id="proposed-account"' not in client.get(f"{base}/lots/nouveau").get_data(as_text=True)


def test_the_transfer_file_goes_only_to_who_prepares_or_validates(app, company, other_company, make_user, books):
    """A validated batch's pain.001 lists the suppliers' IBANs and is what the bank executes: a reader, a manager
    without payment right, a firm collaborator without mandate, another company's client and an API token of the
    company do not get it; préparer, valider, or a collaborator under a mandate in force do."""
    from guichet.core.model.api_models import create_token

    rt = app.config["GUICHET_RUNTIME"]
    batch, _ = batches.prepare(company, batches.due_purchases(company))
    batches.validate(rt, batch)
    url = f"/dossiers/{company.id}/paiements/lots/{batch.id}/fichier"
    make_user("lecteur@client.fr", companies={company: "read"})
    make_user("gerant@client.fr", companies={company: "manage"})
    make_user("collab@cabinet.fr", firm_role="operator")
    make_user("intrus@autre.fr", companies={other_company: "manage"})
    for email, status in (("lecteur@client.fr", 403), ("gerant@client.fr", 403), ("collab@cabinet.fr", 403),
                          ("intrus@autre.fr", 404)):
        client = app.test_client()
        login(client, email)
        response = client.get(url)
        assert response.status_code == status, email
        assert b"CstmrCdtTrfInitn" not in response.data and IBANS[0] not in response.get_data(as_text=True), email
        if status == 403:
            page = client.get(f"/dossiers/{company.id}/paiements/lots/{batch.id}").get_data(as_text=True)
            assert 'id="download"' not in page and 'id="no-download"' in page, email
    refused = [e.data for e in Event.select().where(Event.kind == "payment.refused")]
    assert [r["action"] for r in refused] == ["download"] * 3 and all(r["batch"] == batch.reference for r in refused)
    _row, token = create_token(company, "Logiciel", ["documents:read", "documents:write"])
    anonymous = app.test_client().get(url, headers={"Authorization": f"Bearer {token}"})
    assert anonymous.status_code in (302, 401) and b"CstmrCdtTrfInitn" not in anonymous.data
    preparer = make_user("prepare@client.fr", companies={company: "read"})
    payment_rights.grant(preparer, company, payment_rights.PREPARE)
    validator = make_user("valide@client.fr", companies={company: "read"})
    payment_rights.grant(validator, company, payment_rights.VALIDATE)
    mandated = make_user("mandat@cabinet.fr", firm_role="operator")
    payment_rights.record_mandate(company, mandated, max_per_payment=D("1000"), max_per_batch=D("5000"),
                                  valid_from=TODAY, valid_until=TODAY + dt.timedelta(days=30))
    for email in ("prepare@client.fr", "valide@client.fr", "mandat@cabinet.fr"):
        client = app.test_client()
        login(client, email)
        response = client.get(url)
        assert response.status_code == 200 and b"CstmrCdtTrfInitn" in response.data, email
        assert 'id="download"' in client.get(f"/dossiers/{company.id}/paiements/lots/{batch.id}").get_data(as_text=True)


def test_the_overdue_figure_is_the_total_of_its_list_credit_notes_included(app, company, make_user, books):
    archived_invoice(company, direction="sales", number="AV-9", amount="80.00", issue=TODAY - dt.timedelta(days=40),
                     due=TODAY - dt.timedelta(days=10), party="Client Un", type_code="381")
    make_user("lecteur@client.fr", companies={company: "read"})
    client = app.test_client()
    login(client, "lecteur@client.fr")
    page = client.get(f"/dossiers/{company.id}/paiements/").get_data(as_text=True).replace("\u202f", " ")
    figure = re.search(r'href="([^"]+)" class="figure-overdue">([^<]+)</a>', page)  # sales come first
    assert figure.group(2) == "920,00 €"  # FA-1 1000 overdue, the credit note AV-9 deducted
    listed = client.get(figure.group(1).replace("&amp;", "&")).get_data(as_text=True).replace("\u202f", " ")
    assert "AV-9" in listed and "FA-1" in listed and "FA-2" not in listed
    assert re.search(r'id="listed-total">[^<]*<strong>920,00 €</strong>', listed)


def test_money_pages_with_their_content_speak_french(app, company, make_user, books):
    from guichet.web import messages

    from web_pages import interface_texts, visible_text

    user = make_user("tresorier@client.fr", companies={company: "manage"})
    payment_rights.grant(user, company, payment_rights.PREPARE)
    changed = archived_invoice(company, direction="purchase", number="ACH-2", amount="123.45", issue=TODAY, due=TODAY,
                               party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[3])
    Finding.create(document=changed, code="FRAUD-IBAN-CHANGE", severity="fatal", origin="controls_fraud",
                   message=f"IBAN {IBANS[3]} différent de celui connu pour Fournisseur Alpha SARL")
    batch, _ = batches.prepare(company, batches.due_purchases(company), user=user)
    from guichet.core.money import statements

    rt = app.config["GUICHET_RUNTIME"]
    statements.import_file(rt, company, camt053(COMPANY_IBAN, [Entry(D("100.00"), TODAY, name="CLIENT UN",
                                                                      remittance="VIREMENT")]), "r.xml", source="test")
    item = OpenItem.get(OpenItem.number == "FA-1")
    client = app.test_client()
    login(client, "tresorier@client.fr")
    base = f"/dossiers/{company.id}/paiements"
    problems = []
    for url in (f"{base}/", f"{base}/echeances?direction=sales", f"{base}/echeances/{item.id}", f"{base}/lots/nouveau",
                f"{base}/lots/{batch.id}", f"{base}/rapprochement", f"{base}/droits"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert not re.search(r"\bNone\b|\bpayment\.[a-z_]+\b", visible_text(html)), url
        problems += [f"{url}: {text}" for text in interface_texts(html) if messages.looks_english(text)]
    assert problems == []




@pytest.mark.browser
def test_browser_dashboard_then_batch_from_selection_to_validation(browser, live_server, company, make_user, books):
    base, _app = live_server
    user = make_user("tresorier@client.fr", companies={company: "manage"})
    payment_rights.grant(user, company, payment_rights.PREPARE)
    payment_rights.grant(user, company, payment_rights.VALIDATE)
    changed = archived_invoice(company, direction="purchase", number="ACH-2", amount="123.45", issue=TODAY, due=TODAY,
                               party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[3])
    Finding.create(document=changed, code="FRAUD-IBAN-CHANGE", severity="fatal", origin="controls_fraud",
                   message=f"IBAN {IBANS[3]} différent de celui connu pour Fournisseur Alpha SARL")
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "tresorier@client.fr")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base}/dossiers/{company.id}/paiements/")
        page.wait_for_selector("svg.chart")
        width = page.eval_on_selector("svg.chart", "e => e.getBoundingClientRect().width")
        assert 0 < width <= 390  # the chart fits the phone's screen
        assert "1 250,00" in page.inner_text("#aging-sales tfoot").replace("\u202f", " ")
        page.click("#new-batch")
        page.wait_for_selector("#candidates")
        assert page.inner_text("#chosen-total").replace("\u202f", " ").replace("\xa0", " ") == "523,45"
        page.click("#prepare")
        page.wait_for_selector("#payments")
        assert "Bloqué" in page.inner_text("#payments tr.blocked") and "FRAUD-IBAN-CHANGE" in page.inner_text(
            "#payments tr.blocked")
        page.click("#validate")
        page.wait_for_selector(".flash.error")
        assert "bloqué" in page.inner_text(".flash.error")
        page.fill("#payments tr.blocked input[name=note]", "IBAN vérifié par téléphone")
        page.click("#payments tr.blocked button.confirm")
        page.wait_for_selector(".flash.info")
        page.click("#validate")
        page.wait_for_selector("#download")
        assert "Validé" in page.inner_text("#batch-state")
        with page.expect_download() as download:
            page.click("#download")
        content = open(download.value.path(), "rb").read()
        assert b"pain.001.001.09" in content and b"ACH-2" in content
    finally:
        page.close()
    assert PaymentBatch.select().where(PaymentBatch.state == BatchState.VALIDATED).count() == 1


def test_double_validation_needs_another_person_above_its_threshold(app, company, other_company, make_user, books):
    """« Double validation des lots de paiement », set on the payments settings page with a threshold: the person who
    prepared a batch above it is refused (French reason, logged), a client of another company cannot validate it,
    another manager does; below the threshold one person still prepares and validates."""
    from guichet.core.model.models import Company

    rt = app.config["GUICHET_RUNTIME"]
    preparer = make_user("gerant@client.fr", companies={company: "manage"})
    second = make_user("second@client.fr", companies={company: "manage"})
    for person in (preparer, second):
        for right in (payment_rights.PREPARE, payment_rights.VALIDATE):
            payment_rights.grant(person, company, right)
    intruder = make_user("intrus@autre.fr", companies={other_company: "manage"})
    base = f"/dossiers/{company.id}/paiements"
    client = app.test_client()
    login(client, "gerant@client.fr")
    page = client.get(f"{base}/droits").get_data(as_text=True)
    assert "Double validation des lots de paiement" in page and "checked" not in page.split('id="four-eyes"')[1][:900]
    bad = client.post(f"{base}/droits", data={"action": "four_eyes", "four_eyes": "on", "four_eyes_above": "mille"},
                      follow_redirects=True).get_data(as_text=True)
    assert "seuil de la double validation invalide" in bad
    assert payment_rights.four_eyes(Company.get_by_id(company.id)) == payment_rights.FourEyes()  # default: off
    done = client.post(f"{base}/droits", data={"action": "four_eyes", "four_eyes": "on", "four_eyes_above": "300,00"},
                       follow_redirects=True).get_data(as_text=True).replace("\u202f", " ")
    assert "Double validation des lots de paiement activée au-delà de 300,00 €" in done
    assert payment_rights.four_eyes(Company.get_by_id(company.id)) == payment_rights.FourEyes(True, D("300.00"))
    saved = Event.get(Event.kind == "payment.four_eyes_set")
    assert (saved.user_id, saved.data["on"], saved.data["above"]) == (preparer.id, True, "300.00")

    item = OpenItem.get(OpenItem.number == "ACH-1")  # 400.00, above the threshold
    client.post(f"{base}/lots/nouveau", data={"item": str(item.id), "grouping": "invoice"})
    (batch,) = PaymentBatch.select().where(PaymentBatch.company == company.id)
    shown = client.get(f"{base}/lots/{batch.id}").get_data(as_text=True)
    assert 'id="four-eyes"' in shown and "gerant@client.fr" in shown.split('id="batch-preparer"')[1][:200]
    refused = client.post(f"{base}/lots/{batch.id}/valider", follow_redirects=True).get_data(as_text=True)
    assert "double validation des lots de paiement au-delà de 300,00" in refused.replace("\u202f", " ")
    assert "vous l&#39;avez préparé" in refused or "vous l'avez préparé" in refused
    assert PaymentBatch.get_by_id(batch.id).state == BatchState.DRAFT
    logged = Event.select().where(Event.kind == "payment.refused").order_by(Event.id.desc()).get()
    assert (logged.user_id, logged.data["action"], logged.data["rule"]) == (preparer.id, "validate", "four_eyes")

    outsider = app.test_client()
    login(outsider, "intrus@autre.fr")
    assert outsider.post(f"{base}/lots/{batch.id}/valider").status_code == 404
    with pytest.raises(payment_rights.PaymentRefused, match="pas d'accès"):  # nor through the core
        batches.validate(rt, batch, user=intruder)
    assert PaymentBatch.get_by_id(batch.id).state == BatchState.DRAFT

    other = app.test_client()
    login(other, "second@client.fr")
    assert "Lot validé" in other.post(f"{base}/lots/{batch.id}/valider", follow_redirects=True).get_data(as_text=True)
    validated = PaymentBatch.get_by_id(batch.id)
    assert (validated.state, validated.validated_by) == (BatchState.VALIDATED, second.id)

    archived_invoice(company, direction="purchase", number="ACH-2", amount="250.00", issue=TODAY, due=TODAY,
                     party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[0])
    small, _ = batches.prepare(company, [OpenItem.get(OpenItem.number == "ACH-2")], user=preparer)
    batches.validate(rt, small, user=preparer)  # 250.00: not above the threshold
    assert PaymentBatch.get_by_id(small.id).state == BatchState.VALIDATED


def test_a_manager_turning_double_validation_off_shows_in_the_firms_journal(app, company, make_user):
    """The rule is the company's managers' to turn off: the firm's administrators see who did it, and when, in
    Administration › Journal (category « Configuration »)."""
    manager = make_user("gerant@client.fr", companies={company: "manage"})
    make_user("admin@cabinet.fr", firm_role="admin")
    payment_rights.set_four_eyes(company, True, "300,00", by=manager)
    client = app.test_client()
    login(client, "gerant@client.fr")
    done = client.post(f"/dossiers/{company.id}/paiements/droits", data={"action": "four_eyes"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Double validation des lots de paiement désactivée" in done
    admin = app.test_client()
    login(admin, "admin@cabinet.fr")
    journal = admin.get("/admin/journal?categorie=configuration").get_data(as_text=True).split('id="journal"')[1]
    rows = re.findall(r"<tr.*?</tr>", journal, re.S)
    turned = [row for row in rows if "Double validation des lots de paiement réglée" in row]
    assert len(turned) == 2 and "gerant@client.fr" in turned[0] and company.name in turned[0]
    assert "active : non" in turned[0] and "active : oui" in turned[1] and "au-delà de (€) : 300.00" in turned[1]


def test_double_validation_refuses_who_confirmed_a_blocked_iban(app, company, make_user, books):
    """Confirming a changed IBAN is part of preparing: the person who did it may not validate that batch either."""
    rt = app.config["GUICHET_RUNTIME"]
    people = [make_user(f"{n}@client.fr", companies={company: "manage"}) for n in ("prepare", "confirme", "valide")]
    for person in people:
        for right in (payment_rights.PREPARE, payment_rights.VALIDATE):
            payment_rights.grant(person, company, right)
    payment_rights.set_four_eyes(company, True)
    archived_invoice(company, direction="purchase", number="ACH-7", amount="90.00", issue=TODAY, due=TODAY,
                     party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[1])  # not the known IBAN
    batch, _ = batches.prepare(company, [OpenItem.get(OpenItem.number == "ACH-7")], user=people[0])
    (payment,) = batch.payments
    assert payment.blocked
    batches.confirm(payment, user=people[1], note="appel au fournisseur")
    with pytest.raises(payment_rights.PaymentRefused, match="avez confirmé l'IBAN"):
        batches.validate(rt, batch, user=people[1])
    with pytest.raises(payment_rights.PaymentRefused, match="vous l'avez préparé"):
        batches.validate(rt, batch, user=people[0])
    batches.validate(rt, batch, user=people[2])
    assert PaymentBatch.get_by_id(batch.id).state == BatchState.VALIDATED


def _three_payers_under_four_eyes(company, make_user):
    """Three managers of the company, each with both payment rights, double validation on."""
    people = [make_user(f"{n}@client.fr", companies={company: "manage"}) for n in ("confirme", "prepare", "valide")]
    for person in people:
        for right in (payment_rights.PREPARE, payment_rights.VALIDATE):
            payment_rights.grant(person, company, right)
    payment_rights.set_four_eyes(company, True)
    return people


def test_double_validation_refuses_who_confirmed_the_iban_in_an_earlier_batch(app, company, make_user, books):
    """Confirming a changed IBAN is remembered for the supplier, so a later batch paying it is not blocked: the person
    who confirmed it, in a batch since cancelled (or emptied), may not validate that later batch alone either, whoever
    prepared it; nor may the instance administrator who confirmed an IBAN on the command line."""
    rt = app.config["GUICHET_RUNTIME"]
    confirmer, preparer, validator = _three_payers_under_four_eyes(company, make_user)
    archived_invoice(company, direction="purchase", number="ACH-7", amount="9000.00", issue=TODAY, due=TODAY,
                     party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[1])  # not the known IBAN
    first, _ = batches.prepare(company, [OpenItem.get(OpenItem.number == "ACH-7")], user=confirmer)
    (payment,) = first.payments
    assert payment.blocked
    batches.confirm(payment, user=confirmer, note="moi")
    batches.cancel(first, user=confirmer)
    second, _ = batches.prepare(company, [OpenItem.get(OpenItem.number == "ACH-7")], user=preparer)
    (again,) = second.payments
    assert not again.blocked and again.confirmed_by is None  # the confirmation is remembered, not redone here
    with pytest.raises(payment_rights.PaymentRefused, match=f"avez confirmé l'IBAN {IBANS[1]}"):
        batches.validate(rt, second, user=confirmer)
    assert PaymentBatch.get_by_id(second.id).state == BatchState.DRAFT
    logged = Event.select().where(Event.kind == "payment.refused").order_by(Event.id.desc()).get()
    assert (logged.user_id, logged.data["action"], logged.data["rule"]) == (confirmer.id, "validate", "four_eyes")
    batches.validate(rt, second, user=validator)
    assert PaymentBatch.get_by_id(second.id).state == BatchState.VALIDATED

    archived_invoice(company, direction="purchase", number="ACH-8", amount="80.00", issue=TODAY, due=TODAY,
                     party="Fournisseur Beta SAS", party_siren="552100554", iban=IBANS[2])
    archived_invoice(company, direction="purchase", number="ACH-9", amount="70.00", issue=TODAY, due=TODAY,
                     party="Fournisseur Beta SAS", party_siren="552100554", iban=IBANS[3])  # changed IBAN
    third, _ = batches.prepare(company, [OpenItem.get(OpenItem.number == "ACH-9")], user=preparer)
    (blocked,) = third.payments
    batches.confirm(blocked, user=None, note="en ligne de commande")
    batches.remove(PaymentBatch.get_by_id(third.id).payments[0], user=preparer)
    fourth, _ = batches.prepare(company, [OpenItem.get(OpenItem.number == "ACH-9")], user=preparer)
    with pytest.raises(payment_rights.PaymentRefused, match=f"a confirmé l'IBAN {IBANS[3]}"):
        batches.validate(rt, fourth, user=None)
    assert PaymentBatch.get_by_id(fourth.id).state == BatchState.DRAFT


def _iban_change_in_review(company, number: str, iban: str):
    """A purchase invoice of Fournisseur Alpha with a changed IBAN, held in review by FRAUD-IBAN-CHANGE."""
    from guichet.core.model.models import Document
    from guichet.core.model.states import Severity, State

    document = archived_invoice(company, direction="purchase", number=number, amount="90.00", issue=TODAY, due=TODAY,
                                party="Fournisseur Alpha SARL", party_siren="732829320", iban=iban, track=False)
    Document.update(state=str(State.TO_REVIEW)).where(Document.id == document.id).execute()
    Finding.create(document=document, code="FRAUD-IBAN-CHANGE", severity=str(Severity.FATAL), message="IBAN changé")
    return Document.get_by_id(document.id)


def test_double_validation_refuses_who_confirmed_the_iban_by_accepting_it_in_review(app, company, make_user, books):
    """Accepting FRAUD-IBAN-CHANGE in review confirms the IBAN: the batch paying it is not blocked, and the person
    who accepted it is its confirmer, so may not validate that batch alone under four eyes."""
    from guichet.core.model.models import Document
    from guichet.core.money import open_items
    from guichet.core.pipeline import decisions

    rt = app.config["GUICHET_RUNTIME"]
    confirmer, preparer, validator = _three_payers_under_four_eyes(company, make_user)
    document = _iban_change_in_review(company, "ACH-7", IBANS[1])
    decisions.accept(rt, confirmer, document.id, "IBAN confirmé par téléphone avec le fournisseur", enqueue=False)
    Document.update(state="archived").where(Document.id == document.id).execute()  # the rest of the circuit
    open_items.track(Document.get_by_id(document.id))
    batch, _ = batches.prepare(company, [OpenItem.get(OpenItem.number == "ACH-7")], user=preparer)
    (payment,) = batch.payments
    assert not payment.blocked  # confirmed in review
    with pytest.raises(payment_rights.PaymentRefused, match=f"avez confirmé l'IBAN {IBANS[1]}"):
        batches.validate(rt, batch, user=confirmer)
    assert PaymentBatch.get_by_id(batch.id).state == BatchState.DRAFT
    batches.validate(rt, batch, user=validator)
    assert PaymentBatch.get_by_id(batch.id).state == BatchState.VALIDATED


def test_a_client_account_or_an_api_token_cannot_confirm_an_iban_through_review(app, company, make_user, books):
    """The override needs the manage right: a client with read or upload access, or an API token, is refused
    and nothing is confirmed."""
    from guichet.core.model.api_models import create_token
    from guichet.core.model.models import Document
    from guichet.core.model.payment_models import SupplierAccount

    document = _iban_change_in_review(company, "ACH-7", IBANS[1])
    urls = [f"/documents/{document.id}/override", f"/operateur/documents/{document.id}/forcer"]
    data = {"reason": "IBAN confirmé par téléphone avec le fournisseur"}
    for role in ("read", "upload"):
        make_user(f"{role}@client.fr", companies={company: role})
        client = app.test_client()
        login(client, f"{role}@client.fr")
        for url in urls:
            client.post(url, data=data)
    _row, token = create_token(company, "Logiciel", ["documents:read", "documents:write"])
    for url in urls:
        answer = app.test_client().post(url, data=data, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code in (302, 401), url
    assert Document.get_by_id(document.id).state == "to_review"
    assert not SupplierAccount.select().where(SupplierAccount.iban == IBANS[1].replace(" ", "")).exists()
    assert not Event.select().where(Event.kind == "payment.iban_confirmed").exists()
    manager = make_user("gerant@client.fr", companies={company: "manage"})
    client = app.test_client()
    login(client, manager.email)
    client.post(urls[0], data=data)  # the same request by a manager does confirm (the test can fail)
    assert Document.get_by_id(document.id).state != "to_review"
    assert SupplierAccount.get(SupplierAccount.iban == IBANS[1].replace(" ", "")).confirmed_by == manager.id
