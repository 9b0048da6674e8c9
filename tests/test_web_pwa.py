"""The phone app's validation of invoices received through the network (205 approved, 210 refused with a reason)."""

from __future__ import annotations

import pytest

from guichet.core.access import accounts
from guichet.core.model.network_models import NetworkDocument, NetworkStatus, Route
from guichet.web.app import create_app

from support import PASSWORD
from web_pages import CLIENT, login, rich_instance


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


def test_director_validates_and_refuses_received_invoices(app, firm, company, other_company, corpus):
    instance = rich_instance(app, firm, company, other_company)
    received = [instance.documents["EN16931_Einfach.pdf"], instance.documents["fail3.pdf"]]
    for document in received:
        NetworkDocument.create(document=document.id, company=company.id, route=Route.RECEIVED, flow_id=f"f{document.id}")
    client = app.test_client()
    login(client, CLIENT)
    home = client.get(f"/mobile/?dossier={company.id}").get_data(as_text=True)
    assert "Factures reçues à valider : 2" in home
    page = client.get(f"/mobile/dossiers/{company.id}/a-valider").get_data(as_text=True)
    assert "Lieferant GmbH" in page and "Erreur de calcul" in page  # the reasons in French

    # an attacker managing another company can neither see nor answer
    stranger = accounts.create_user("autre@societe.fr", PASSWORD, firm=firm)
    accounts.grant(stranger, other_company, "manage")
    attacker = app.test_client()
    login(attacker, "autre@societe.fr")
    assert attacker.get(f"/mobile/dossiers/{company.id}/a-valider").status_code == 404
    assert attacker.post(f"/mobile/documents/{received[0].id}/reponse", data={"decision": "approve"}).status_code == 404
    assert NetworkStatus.select().count() == 0

    client.post(f"/mobile/documents/{received[0].id}/reponse", data={"decision": "approve"})
    client.post(f"/mobile/documents/{received[1].id}/reponse",
                data={"decision": "refuse", "reason": "DEST_ERR", "message": "Pas pour nous"})
    statuses = {s.document_id: s for s in NetworkStatus.select()}
    assert statuses[received[0].id].code == "205" and statuses[received[0].id].origin == "buyer"
    assert statuses[received[1].id].code == "210" and statuses[received[1].id].reason == "DEST_ERR"
    page = client.get(f"/mobile/dossiers/{company.id}/a-valider").get_data(as_text=True)
    assert "Aucune facture en attente de validation" in page


def _books(rt, company, other_company):
    """Sales to two customers and purchases from a supplier in 2026; one of 2025; another company's invoice."""
    import datetime as dt

    from export_samples import archived

    made = {
        "s1": archived(company, direction="sales", number="V-1", party="Client Durand SARL", blobs=rt.blobs,
                       rows=(("S", "20", "100.00"),), issue=dt.date(2026, 2, 1)),
        "s2": archived(company, direction="sales", number="V-2", party="Client Durand SARL", blobs=rt.blobs,
                       rows=(("S", "20", "50.00"),), issue=dt.date(2026, 3, 1)),
        "s3": archived(company, direction="sales", number="V-3", party="Boulangerie Martin", blobs=rt.blobs,
                       rows=(("S", "20", "10.00"),), issue=dt.date(2026, 3, 2)),
        "old": archived(company, direction="sales", number="V-0", party="Client Durand SARL", blobs=rt.blobs,
                        rows=(("S", "20", "999.00"),), issue=dt.date(2025, 6, 1)),
        "p1": archived(company, direction="purchase", number="A-1", party="Fournisseur Alpha SARL", blobs=rt.blobs,
                       rows=(("S", "20", "40.00"),), issue=dt.date(2026, 4, 1)),
        "x1": archived(other_company, direction="sales", number="X-1", party="Client Durand SARL", blobs=rt.blobs,
                       rows=(("S", "20", "7000.00"),), issue=dt.date(2026, 4, 1)),
    }
    return made


def test_revenue_and_purchases_per_party_with_the_invoices_behind_each_figure(app, firm, company, other_company):
    import re

    rt = app.config["GUICHET_RUNTIME"]
    books = _books(rt, company, other_company)
    director = accounts.create_user("dirigeant@societe.fr", PASSWORD, firm=firm)
    accounts.grant(director, company, "read")
    client = app.test_client()
    login(client, "dirigeant@societe.fr")
    home = client.get(f"/mobile/?dossier={company.id}").get_data(as_text=True)
    assert f"/mobile/dossiers/{company.id}/tiers" in home  # a page, no longer the JSON endpoint
    page = client.get(f"/mobile/dossiers/{company.id}/tiers?du=01/01/2026&au=31/12/2026").get_data(as_text=True)
    nbsp = "\u202f"
    assert f"180,00{nbsp}€" in page  # Durand: 120 + 60 TTC in 2026 (the 2025 invoice is outside)
    assert f"12,00{nbsp}€" in page and f"48,00{nbsp}€" in page  # Martin; the supplier Alpha
    assert "8\u202f400" not in page and "Client Durand SARL" in page  # nothing of the other company
    only = client.get(f"/mobile/dossiers/{company.id}/tiers?du=01/01/2026&au=31/12/2026&tiers=martin").get_data(as_text=True)
    assert "Boulangerie Martin" in only and "Client Durand" not in only
    # The list behind the figure: the invoices that make it, adding up to it.
    link = re.search(r'href="([^"]+sens=sales[^"]+)"[^>]*>180,00', page).group(1).replace("&amp;", "&")
    behind = client.get(link).get_data(as_text=True)
    assert "V-1" in behind and "V-2" in behind and "V-0" not in behind and "V-3" not in behind
    assert f'<strong id="items-total">180,00{nbsp}€</strong>' in behind
    assert f"/documents/{books['s1'].id}" in behind
    # Another company's user sees neither the page nor its list.
    stranger = accounts.create_user("autre@ailleurs.fr", PASSWORD, firm=firm)
    accounts.grant(stranger, other_company, "manage")
    attacker = app.test_client()
    login(attacker, "autre@ailleurs.fr")
    assert attacker.get(f"/mobile/dossiers/{company.id}/tiers").status_code == 404
    assert attacker.get(link).status_code == 404
    assert attacker.get(f"/mobile/dossiers/{company.id}/recentes.json").status_code == 404


def test_recent_invoices_for_the_offline_search_are_the_company_s_only(app, firm, company, other_company):
    rt = app.config["GUICHET_RUNTIME"]
    _books(rt, company, other_company)
    director = accounts.create_user("dirigeant@societe.fr", PASSWORD, firm=firm)
    accounts.grant(director, company, "read")
    client = app.test_client()
    login(client, "dirigeant@societe.fr")
    response = client.get(f"/mobile/dossiers/{company.id}/recentes.json")
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert (data["company"], data["user"]) == (company.id, director.id)
    numbers = sorted(i["number"] for i in data["invoices"])
    assert numbers == ["A-1", "V-0", "V-1", "V-2", "V-3"]  # never X-1, the other company's
    v1 = next(i for i in data["invoices"] if i["number"] == "V-1")
    assert v1["buyer"] == "Client Durand SARL" and v1["date"] == "01/02/2026" and v1["raw_total"] == "120.00"


def test_the_invoices_behind_a_figure_never_add_two_currencies(app, firm, company, other_company):
    """Without ``devise`` (a link typed by hand) the list shows one total per currency, each labelled."""
    import datetime as dt

    from export_samples import archived
    from guichet.core.money import open_items
    from guichet.core.model.payment_models import OpenItem

    rt = app.config["GUICHET_RUNTIME"]
    for number, currency, amount in (("V-E", "EUR", "100.00"), ("V-U", "USD", "50.00")):
        archived(company, direction="sales", number=number, party="Client Export Ltd", blobs=rt.blobs,
                 rows=(("S", "20", amount),), issue=dt.date(2026, 3, 1), currency=currency)
    open_items.sync(company)
    director = accounts.create_user("dirigeant@societe.fr", PASSWORD, firm=firm)
    accounts.grant(director, company, "read")
    client = app.test_client()
    login(client, "dirigeant@societe.fr")
    key = OpenItem.get(OpenItem.number == "V-U").party_key
    base = f"/mobile/dossiers/{company.id}/tiers/factures?sens=sales&cle={key}&du=01/01/2026&au=31/12/2026"
    nbsp = "\u202f"
    both = client.get(base).get_data(as_text=True)
    assert "V-E" in both and "V-U" in both
    assert f'<strong id="items-total">120,00{nbsp}€</strong> et <strong>60,00 USD</strong>' in both
    assert "un total par devise" in both
    assert f"180,00{nbsp}€" not in both and "180,00" not in both
    dollars = client.get(base + "&devise=USD").get_data(as_text=True)
    assert "V-U" in dollars and "V-E" not in dollars
    assert '<strong id="items-total">60,00 USD</strong>' in dollars and "un total par devise" not in dollars
