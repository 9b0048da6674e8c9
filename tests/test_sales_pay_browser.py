"""The payment page in a real browser (Debian Chromium through Playwright) on a phone-sized screen."""

from __future__ import annotations

from guichet.core.model.models import db
from guichet.core.model.payment_models import OpenItem
from guichet.core.sales import payment_links

from sales_samples import COMPANY_IBAN, sales_invoice


def test_the_payment_page_reads_on_a_phone(browser, live_server, company):
    base, app = live_server
    rt = app.config["GUICHET_RUNTIME"]
    document = sales_invoice(rt, company, number="FV-MOBILE-1", amount="1234.56")
    with db.atomic():
        token = payment_links.create(rt.settings, document)
    reference = OpenItem.get(OpenItem.document == document.id).reference
    context = browser.new_context(viewport={"width": 375, "height": 667}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="fr-FR")
    page = context.new_page()
    errors = []
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 and not r.url.endswith("favicon.ico") else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    response = page.goto(f"{base}/payer/{token}")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Facture FV-MOBILE-1"
    assert "1 234,56" in page.locator("#outstanding").inner_text().replace("\u202f", " ").replace("\xa0", " ")
    assert page.locator("#reference").inner_text() == reference
    assert COMPANY_IBAN in page.locator("#transfer").inner_text()
    qr = page.locator(".qr-box svg")
    assert qr.is_visible() and qr.bounding_box()["width"] <= 375
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert errors == []  # the security policy blocks nothing the page needs
    bad = page.goto(f"{base}/payer/{token[:-2]}xx")
    assert bad.status == 404 and "invalide ou expiré" in page.content()
    context.close()
