"""End to end in headless Chromium: log in, upload a corpus file, see it listed with its total."""

from __future__ import annotations

import pytest

from support import PASSWORD

pytestmark = pytest.mark.browser


def test_login_upload_and_list(browser, live_server, company, make_user, corpus):
    base, _app = live_server
    make_user("navigateur@example.fr", companies={company: "upload"})
    page = browser.new_page()
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "navigateur@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/dossiers/{company.id}/")
        assert "Déposez vos factures" in page.content()
        page.set_input_files("#file-input", str(corpus / "EN16931_Einfach.pdf"))
        page.wait_for_selector("#upload-progress li.done", timeout=30000)
        page.wait_for_selector("#documents td.total:has-text('529,87')", timeout=30000)
        row = page.inner_text("#documents tbody tr")
        assert "471102" in row
        assert "Lieferant GmbH" in row
        assert any(label in row for label in ("Contrôlé", "Scellé", "Archivé")), row
    finally:
        page.close()
