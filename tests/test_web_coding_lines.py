"""The coding screen's lines and VAT categories (issue 13): what the form sends is what the invoice keeps.

The browser side (keyboard only, up to ``archived``) is ``tests/test_web_coding_browser.py``.
"""

from __future__ import annotations

from decimal import Decimal

from guichet.core.model.models import Document
from guichet.core.model.states import State
from guichet.core.storage.records import load_invoice

from test_web_operator import FORM, app, hetzner, login  # noqa: F401 - fixtures used by name


def _form(**changes) -> dict:
    form = {**FORM, "due_date": "18/02/2016", "vat_category": "", "vat_exemption": ""}
    form.update(changes)
    return form


def test_lines_typed_in_french_are_kept_with_their_category(app, company, make_user, hetzner):
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    page = client.get(f"/operateur/documents/{hetzner.id}/coder").get_data(as_text=True)
    assert 'id="lines-table"' in page and 'name="vat_category"' in page and "Une ligne par taux" in page
    assert "K · Livraison intracommunautaire" in page and "VATEX-EU-IC" in page
    data = _form(vat_rate="0", vat_amount="0,00", total_tax="0,00", total_with_tax="10,00",
                 vat_category="AE", vat_exemption="VATEX-EU-AE",
                 line_description=["Serveur dédié", "Sauvegarde"], line_quantity=["1", "2"],
                 line_price=["6,00", "2,00"], line_amount=["6,00", ""], line_rate=["0", "0"])
    response = client.post(f"/operateur/documents/{hetzner.id}/coder", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    with client.session_transaction() as session:
        flashed = " ".join(message for _category, message in session.get("_flashes", []))
    assert "validé. Complété : acheteur complété depuis le dossier" in flashed
    invoice = load_invoice(Document.get_by_id(hetzner.id))
    assert [(ln.name, ln.quantity, ln.net_amount, ln.vat_category) for ln in invoice.lines] == [
        ("Serveur dédié", 1, Decimal("6.00"), "AE"), ("Sauvegarde", 2, Decimal("4.00"), "AE")]
    row = invoice.vat_breakdown[0]
    assert (row.category, row.exemption_code, row.exemption_reason) == ("AE", "VATEX-EU-AE", "Autoliquidation")
    assert invoice.buyer.siren == company.siren  # the dossier's company


def test_summary_asked_for_replaces_the_lines(app, company, make_user, hetzner):
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    data = _form(summary="1", line_description=["illisible"], line_quantity=[""], line_price=[""],
                 line_amount=["3,00"], line_rate=[""])
    assert client.post(f"/operateur/documents/{hetzner.id}/coder", data=data).status_code == 302
    invoice = load_invoice(Document.get_by_id(hetzner.id))
    assert [(ln.net_amount, ln.vat_rate, ln.vat_category) for ln in invoice.lines] == \
        [(Decimal("10.00"), Decimal("19"), "S")]


def test_a_category_without_its_reason_or_an_unreadable_line_is_refused_in_french(app, company, make_user,
                                                                                   hetzner):
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    data = _form(vat_rate="0", vat_amount="0,00", total_tax="0,00", total_with_tax="10,00", vat_category="E",
                 line_description=["Serveur"], line_quantity=["un"], line_price=[""], line_amount=[""],
                 line_rate=[""])
    response = client.post(f"/operateur/documents/{hetzner.id}/coder", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "choisissez le motif d&#39;exonération" in page
    assert "Ligne 1 : quantité illisible ou absent" in page
    assert Document.get_by_id(hetzner.id).state == State.TO_CODE


def test_seller_address_is_proposed_and_kept(app, company, make_user, hetzner):
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    page = client.get(f"/operateur/documents/{hetzner.id}/coder").get_data(as_text=True)
    assert 'name="seller_country" value="DE"' in page  # from the German VAT number read on the page
    assert "l'acheteur est la société du dossier (Société A)" in page
    data = _form(seller_address="Industriestr. 25", seller_postcode="91710", seller_city="Gunzenhausen",
                 seller_country="de", line_description=[""], line_quantity=[""], line_price=[""],
                 line_amount=[""], line_rate=[""])
    assert client.post(f"/operateur/documents/{hetzner.id}/coder", data=data).status_code == 302
    address = load_invoice(Document.get_by_id(hetzner.id)).seller.address
    assert (address.line1, address.postcode, address.city, address.country) == \
        ("Industriestr. 25", "91710", "Gunzenhausen", "DE")


def test_zero_rate_category_is_suggested_on_the_screen(app, company, make_user, hetzner):
    """Hetzner is German and the dossier French with a VAT number: a 0 % rate is proposed as intra-EU (K)."""
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    page = client.get(f"/operateur/documents/{hetzner.id}/coder").get_data(as_text=True)
    assert 'data-zero-category="K" data-zero-reason="VATEX-EU-IC"' in page


def test_payment_terms_stand_for_a_missing_due_date(app, company, make_user, hetzner):
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    assert 'name="payment_terms"' in client.get(f"/operateur/documents/{hetzner.id}/coder").get_data(as_text=True)
    data = _form(due_date="", payment_terms="  Paiement à   réception ", line_description=[""], line_quantity=[""],
                 line_price=[""], line_amount=[""], line_rate=[""])
    assert client.post(f"/operateur/documents/{hetzner.id}/coder", data=data).status_code == 302
    invoice = load_invoice(Document.get_by_id(hetzner.id))
    assert invoice.due_date is None and invoice.payment_terms == "Paiement à réception"
