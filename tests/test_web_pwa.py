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
