"""Live states in headless Chromium: the list and the document page follow a document without reload."""

from __future__ import annotations

import pytest

from guichet.core.model.states import Channel
from guichet.core.pipeline import intake, pipeline

from support import PASSWORD

pytestmark = pytest.mark.browser


def test_list_and_document_page_follow_the_pipeline(browser, live_server, company, make_user, corpus):
    base, app = live_server
    rt = app.config["GUICHET_RUNTIME"]
    make_user("suivi@example.fr", companies={company: "read"})
    name = "EN16931_Einfach.pdf"
    document, _ = intake.receive(rt, company, (corpus / name).read_bytes(), name, channel=Channel.UPLOAD)
    context = browser.new_context()
    page = context.new_page()
    other = context.new_page()
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "suivi@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/dossiers/{company.id}/")
        badge = page.locator(f"#documents tr[data-id='{document.id}'] .live-state")
        assert badge.inner_text() == "Reçu"
        other.goto(f"{base}/documents/{document.id}")
        assert other.locator("#live .live-status").inner_text().startswith("Reçu")
        page.evaluate("window.__marker = 1")  # gone if the page reloads
        pipeline.run_to_rest(rt, document.id)
        for _ in range(120):  # intermediate states (Lu...) show on the way; the page's CSP forbids eval
            if badge.inner_text() in ("Contrôlé", "Scellé", "Archivé"):
                break
            page.wait_for_timeout(500)
        assert badge.inner_text() in ("Contrôlé", "Scellé", "Archivé")
        assert page.evaluate("window.__marker") == 1  # updated in place, not reloaded
        other.wait_for_selector("#fields, .fields >> text=Total TTC", timeout=20000)  # the page reloaded at rest
    finally:
        context.close()
