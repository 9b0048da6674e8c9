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
        page.wait_for_selector("#results li >> nth=1", timeout=30000)
        assert page.locator("#queue-status").is_hidden()
        names = sorted(d.filename for d in Document.select())
        assert names == ["facture-a.jpg", "facture-b.jpg"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 391
    finally:
        context.close()
