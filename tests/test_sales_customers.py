"""The customer book: learnt from sales invoices, edited with checks, scoped to who may see it.

Attackers: a client user of another company (pages), a client with the read role only
(edits), an API token of another company or without the scope, scanner-style credentials
and no credentials at all (API).
"""

from __future__ import annotations

import pytest

from guichet.core.errors import PermissionDenied
from guichet.core.model.api_models import create_token
from guichet.core.model.models import Event, db
from guichet.core.model.sales_models import Customer
from guichet.core.sales import customers
from guichet.core.storage.records import load_invoice
from guichet.web.app import create_app

from sales_samples import sales_invoice
from support import PASSWORD

CHANNELS = {"email": "Courriel", "print": "Courrier"}


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


def _learn(document):
    with db.atomic():
        return customers.learn(document, load_invoice(document))


def test_the_book_fills_from_sales_invoices_and_keeps_what_people_set(rt, company):
    first = _learn(sales_invoice(rt, company, number="FV-1", email="compta@durand.example"))
    assert (first.name, first.siren, first.emails) == ("Client Durand SARL", "542107651", ["compta@durand.example"])
    assert first.address == {"line1": "12 rue des Lilas", "postcode": "69002", "city": "Lyon", "country": "FR"}
    second = _learn(sales_invoice(rt, company, number="FV-2", email="Factures@Durand.example"))
    assert second.id == first.id and second.invoices == 2
    assert second.emails == ["compta@durand.example", "factures@durand.example"]
    # A person sets the e-mail addresses: a later invoice does not add to them.
    customers.update(second, customers.clean({"emails": "paie@durand.example"}, channels=CHANNELS))
    third = _learn(sales_invoice(rt, company, number="FV-3", email="autre@durand.example"))
    assert third.emails == ["paie@durand.example"] and "emails" in third.edited
    assert Customer.select().where(Customer.company == company.id).count() == 1
    assert Event.select().where(Event.kind == "customer.learnt").count() >= 2


def test_a_buyer_without_identifier_is_known_by_its_name_and_chorus_code_is_learnt(rt, company):
    plain = _learn(sales_invoice(rt, company, number="FV-9", buyer="  Boulangerie   Martin ", buyer_siren=None))
    assert plain.key == "name:boulangerie martin" and plain.siren is None
    public = _learn(sales_invoice(rt, company, number="FV-10", buyer="Mairie de Lyon", buyer_siren=None,
                                  buyer_siret="21690123100011", buyer_reference="SERV-FIN"))
    assert public.siret == "21690123100011" and public.chorus == {"service_code": "SERV-FIN"}


@pytest.mark.parametrize(("values", "message"), [
    ({"siren": "552081318"}, "SIREN invalide"),
    ({"siret": "55208131700010"}, "SIRET invalide"),
    ({"vat_id": "FR00552081317"}, "TVA intracommunautaire invalide"),
    ({"emails": ["pas-une-adresse"]}, "adresse e-mail invalide"),
    ({"channel": "pigeon"}, "canal inconnu"),
    ({"fallbacks": ["email", "fax"]}, "canaux de repli inconnus"),
    ({"address": {"country": "France"}}, "pays en code ISO"),
    ({"name": ""}, "obligatoire"),
    ({"role": "admin"}, "champ inconnu"),
    ({"edi": {"host": "edi.example.fr", "user": "x"}}, "seul le cabinet"),
])
def test_bad_values_are_refused_with_a_french_reason(values, message):
    with pytest.raises(customers.CustomerRefused, match=message):
        customers.clean(values, channels=CHANNELS)


def test_an_edi_endpoint_inside_the_network_is_refused_even_to_staff(settings):
    for host in ("127.0.0.1", "169.254.169.254", "10.0.0.5"):
        with pytest.raises(customers.CustomerRefused, match="EDI"):
            customers.clean({"edi": {"host": host, "user": "u"}}, channels=CHANNELS, settings=settings,
                            firm_staff=True)
    ok = customers.clean({"edi": {"host": "192.0.2.10", "user": "u"}}, channels=CHANNELS, settings=None,
                         firm_staff=True)
    assert ok["edi"]["port"] == 22


def test_scoped_queries_show_a_client_only_its_companies_customers(rt, company, other_company, make_user):
    mine = _learn(sales_invoice(rt, company, number="A-1", buyer="Client de A"))
    theirs = _learn(sales_invoice(rt, other_company, number="B-1", buyer="Client de B"))
    client = make_user("client@a.example", companies={company: "manage"})
    staff = make_user("staff@cabinet.example", firm_role="operator")
    assert [c.id for c in customers.visible_customers(client)] == [mine.id]
    assert {c.id for c in customers.visible_customers(staff)} == {mine.id, theirs.id}
    with pytest.raises(PermissionDenied):
        customers.customer_for(client, theirs.id)
    reader = make_user("lecteur@a.example", companies={company: "read"})
    assert customers.customer_for(reader, mine.id).id == mine.id
    with pytest.raises(PermissionDenied):
        customers.customer_for(reader, mine.id, "manage")


def _login(client, email):
    return client.post("/login", data={"email": email, "password": PASSWORD})


def test_pages_edit_for_managers_and_refuse_others(app, company, other_company, make_user):
    rt = app.config["GUICHET_RUNTIME"]
    mine = _learn(sales_invoice(rt, company, number="A-1", buyer="Client de A"))
    theirs = _learn(sales_invoice(rt, other_company, number="B-1", buyer="Client Secret de B"))
    make_user("m@a.example", companies={company: "manage"})
    make_user("r@a.example", companies={company: "read"})
    client = app.test_client()
    _login(client, "r@a.example")
    assert "Client de A" in client.get(f"/dossiers/{company.id}/clients/").get_data(as_text=True)
    assert client.post(f"/clients/{mine.id}", data={"name": "Piraté"}).status_code in (403, 404)
    assert client.get(f"/clients/{theirs.id}").status_code in (403, 404)
    assert client.get(f"/dossiers/{other_company.id}/clients/").status_code in (403, 404)
    client = app.test_client()
    _login(client, "m@a.example")
    response = client.post(f"/clients/{mine.id}", data={"name": "Client de A", "emails": "a@client.example",
                                                         "siren": "552081318"})
    assert response.status_code == 200 and "SIREN invalide" in response.get_data(as_text=True)
    assert Customer.get_by_id(mine.id).emails == ["compta@durand.example"]  # refused whole
    client.post(f"/clients/{mine.id}", data={"name": "Client de A", "emails": "a@client.example",
                                              "edi_host": "sftp.client.example", "edi_user": "x"})
    saved = Customer.get_by_id(mine.id)
    assert saved.emails == ["a@client.example"] and saved.edi == {}  # a client never sets the EDI host
    assert Customer.get_by_id(theirs.id).name == "Client Secret de B"


def test_the_api_is_scoped_to_the_token_company(app, company, other_company):
    rt = app.config["GUICHET_RUNTIME"]
    mine = _learn(sales_invoice(rt, company, number="A-1", buyer="Client de A"))
    theirs = _learn(sales_invoice(rt, other_company, number="B-1", buyer="Client Secret de B"))
    _row, token = create_token(company, "Logiciel", ["customers:read", "customers:write"])
    _row, read_only = create_token(company, "Logiciel", ["customers:read"])
    _row, other_scope = create_token(company, "Logiciel", ["documents:read"])
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/customers", headers=auth).get_json()["customers"]
    assert [c["id"] for c in listed] == [mine.id]
    assert client.get(f"/api/v1/customers/{theirs.id}", headers=auth).status_code == 404
    assert client.patch(f"/api/v1/customers/{theirs.id}", headers=auth, json={"name": "x"}).status_code == 404
    for headers in ({}, {"Authorization": "Bearer copieur-a:pw-a"}, {"Authorization": "Basic Y29waWV1cjpwdw=="}):
        assert client.get("/api/v1/customers", headers=headers).status_code == 401
    assert client.get("/api/v1/customers", headers={"Authorization": f"Bearer {other_scope}"}).status_code == 403
    assert client.patch(f"/api/v1/customers/{mine.id}", headers={"Authorization": f"Bearer {read_only}"},
                        json={"name": "x"}).status_code == 403
    refused = client.patch(f"/api/v1/customers/{mine.id}", headers=auth, json={"edi": {"host": "127.0.0.1", "user": "u"}})
    assert refused.status_code == 422 and "cabinet" in refused.get_json()["error"]
    changed = client.patch(f"/api/v1/customers/{mine.id}", headers=auth,
                           json={"emails": ["compta@a-client.example"], "chorus": {"service_code": "S1"}})
    assert changed.status_code == 200 and changed.get_json()["emails"] == ["compta@a-client.example"]
    made = client.post("/api/v1/customers", headers=auth, json={"name": "Nouveau client", "siren": "732829320"})
    assert made.status_code == 201 and made.get_json()["siren"] == "732829320"
    again = client.post("/api/v1/customers", headers=auth, json={"name": "Nouveau client", "siren": "732829320"})
    assert again.status_code == 422
    assert Customer.get_by_id(theirs.id).name == "Client Secret de B"


def test_the_company_page_links_to_the_customer_book_and_deliveries(app, company, make_user):
    rt = app.config["GUICHET_RUNTIME"]
    _learn(sales_invoice(rt, company, number="A-1", buyer="Client de A"))
    make_user("m@a.example", companies={company: "manage"})
    client = app.test_client()
    _login(client, "m@a.example")
    assert f"/dossiers/{company.id}/clients/" in client.get(f"/dossiers/{company.id}/").get_data(as_text=True)
    page = client.get(f"/dossiers/{company.id}/envois/?state=to_complete")
    assert page.status_code == 200 and "Envois des factures de vente" in page.get_data(as_text=True)
    assert client.get(f"/dossiers/{company.id}/envois/?state=pirate").status_code == 400


def test_the_document_page_shows_its_delivery(app, company, make_user):
    from guichet.core.sales import deliveries

    rt = app.config["GUICHET_RUNTIME"]
    document = sales_invoice(rt, company, number="A-9", email=None)
    deliveries.distribute(rt, document)  # no channel usable on this instance: à compléter
    make_user("m@a.example", companies={company: "manage"})
    client = app.test_client()
    _login(client, "m@a.example")
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert 'id="delivery"' in page and "À compléter" in page and "Courriel : adresse e-mail" in page
