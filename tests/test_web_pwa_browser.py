"""The director's phone app under mobile emulation (390×844, touch): installable, and photos taken
without network wait on the phone, then leave by themselves when it returns."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from guichet.core.model.models import Document

from support import PASSWORD

pytestmark = pytest.mark.browser


def _photo(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "JPEG")
    return out.getvalue()


def test_app_installable_and_offline_photo_queue(browser, live_server, company, make_user):
    base, _app = live_server
    make_user("dirigeant@example.fr", companies={company: "upload"})
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "dirigeant@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.goto(f"{base}/mobile/")
        assert page.locator("#app-tiles").is_visible()
        manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
        assert manifest["display"] == "standalone" and manifest["start_url"] == "/mobile/"
        assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
        scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope.endswith("/mobile/")

        page.click("text=Photographier des factures")
        page.wait_for_selector("#photo-form")
        context.set_offline(True)
        page.set_input_files("#photo-input", files=[
            {"name": "facture-a.jpg", "mimeType": "image/jpeg", "buffer": _photo("white")},
            {"name": "facture-b.jpg", "mimeType": "image/jpeg", "buffer": _photo("lightgray")},
        ])
        page.check("input[name=mode][value=each]")
        page.tap("#send")
        page.wait_for_selector("#queue-status:has-text('2 photo(s) en attente')")
        assert Document.select().count() == 0  # nothing left the phone

        context.set_offline(False)
        # Each photo is read (OCR) within the upload request: allow for a loaded test machine.
        page.wait_for_selector("#results li >> nth=1", timeout=90000)
        assert page.locator("#queue-status").is_hidden()
        names = sorted(d.filename for d in Document.select())
        assert names == ["facture-a.jpg", "facture-b.jpg"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 391
    finally:
        context.close()


def test_offline_search_over_the_kept_invoices_forgotten_at_sign_out(browser, live_server, company, other_company,
                                                                      make_user):
    """Online, the app keeps the company's latest invoices; offline, the search finds them there (and only the
    company's); signing out deletes them and the pages kept by the service worker."""
    from test_web_pwa import _books

    base, app = live_server
    _books(app.config["GUICHET_RUNTIME"], company, other_company)
    make_user("dirigeant@example.fr", companies={company: "read"})
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "dirigeant@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        app_url = f"{base}/mobile/?dossier={company.id}"
        page.goto(app_url)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now under the service worker: the page is kept for offline opening
        assert page.evaluate("!!navigator.serviceWorker.controller")
        page.wait_for_selector("#search-form[data-kept='5']")
        assert "5 facture(s) récente(s) gardée(s)" in page.inner_text("#offline-state")
        # the sentence goes under the field, which keeps room to type in on a 390 px phone
        assert page.locator("#search-q").bounding_box()["width"] >= 150

        context.set_offline(True)
        page.reload()
        page.wait_for_selector("#offline-state:has-text('Hors ligne')")
        page.fill("#search-q", "durand")
        page.tap("#search-form button[type=submit]")
        page.wait_for_selector("#offline-results li")
        found = page.inner_text("#offline-results")
        assert "V-1" in found and "V-2" in found and "V-0" in found
        assert "X-1" not in found and "V-3" not in found  # another company's invoice never reached the phone
        page.fill("#search-q", "120,00")
        page.tap("#search-form button[type=submit]")
        # the earlier results stay on screen until the (asynchronous) search replaces them: wait for the change
        page.wait_for_selector("#offline-results li:nth-child(2)", state="detached")  # (CSP: no eval'd predicate)
        assert page.locator("#offline-results li").count() == 1
        assert "V-1" in page.inner_text("#offline-results")
        assert page.evaluate("document.documentElement.scrollWidth") <= 391

        context.set_offline(False)
        page.goto(app_url)
        cached = ("caches.keys().then(keys => Promise.all(keys.map(k => caches.open(k)"
                  ".then(c => c.keys())))).then(all => all.flat().map(r => new URL(r.url).pathname"
                  " + new URL(r.url).search))")
        assert [url for url in page.evaluate(cached) if "dossier=" in url]  # kept until the sign-out...
        assert "guichet-recentes" in page.evaluate("indexedDB.databases().then(list => list.map(d => d.name))")
        page.click("form.logout button[type=submit]")
        page.wait_for_url(f"{base}/login")
        page.wait_for_timeout(300)  # the sign-in page forgets too (whatever way the person left)
        databases = page.evaluate("indexedDB.databases().then(list => list.map(d => d.name))")
        assert "guichet-recentes" not in databases
        kept = page.evaluate(cached)
        assert not [url for url in kept if "dossier=" in url], kept
        assert "/static/recent.js" in kept  # the app's shell stays
    finally:
        context.close()
