"""Issue 13 target: a scan coded with the keyboard only reaches ``archived`` without "accepter malgré les anomalies".

The fixed French invoice of ``tests/paper_samples.py`` (two lines at 20 %) scanned to a
200-dpi image-only PDF, read by OCR in the pipeline, then coded in headless Chromium: the fields by
Tab, the VAT row, a line added and removed with Alt+N / Alt+X, arrows within the
lines table, "Une ligne par taux" (Alt+U), Enter. The pipeline then runs to rest.
"""

from __future__ import annotations

import pytest

from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.models import Document, Event, Finding
from guichet.core.model.states import Severity, State
from guichet.core.pipeline import pipeline
from guichet.core.storage.records import load_invoice

from paper_samples import TRUTH, paper_pdf, scanned
from support import PASSWORD
from test_web_operator import to_code

pytestmark = pytest.mark.browser


def test_a_scan_coded_with_the_keyboard_only_is_archived_without_override(browser, live_server, company, make_user):
    base, app = live_server
    rt = app.config["GUICHET_RUNTIME"]
    document = to_code(app, company, scanned(paper_pdf()), "scan-200dpi.pdf")
    make_user("operateur@example.fr", firm_role="operator")
    typed = {
        "invoice_number": TRUTH["invoice_number"],
        "issue_date": "02/03/2026",
        "due_date": "01/04/2026",
        "document_type_code": "380",
        "currency": "EUR",
        "seller_name": TRUTH["seller_name"],
        "seller_vat_id": TRUTH["seller_vat_id"],
        "seller_siren": TRUTH["seller_siren"],
        "seller_siret": "",
        "buyer_name": None,  # proposed from the dossier: left as it is
        "buyer_vat_id": None,
        "buyer_siren": None,
        "total_without_tax": "620,00",
        "total_tax": "124,00",
        "total_with_tax": "744,00",
        "amount_due": "",
        "iban": TRUTH["iban"],
    }
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "operateur@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.goto(f"{base}/operateur/")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/operateur/documents/{document.id}/coder")
        assert page.input_value("[name=buyer_name]") == company.name  # the dossier's company
        for name, value in typed.items():
            assert page.evaluate("document.activeElement.name") == name
            if value is not None:
                page.keyboard.press("Control+A")
                page.keyboard.press("Delete")
                if value:
                    page.keyboard.type(value)
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == "vat_rate"
        for value in ("20", "620,00", "124,00"):
            page.keyboard.press("Control+A")
            page.keyboard.type(value)
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == "vat_category"  # left to the proposal (S at 20 %)
        # A line added, typed in French format, the arrows within its column, then removed.
        page.keyboard.press("Alt+N")
        assert page.evaluate("document.activeElement.name") == "line_description"
        page.keyboard.type("Frais de port")
        for value in ("1", "12,50", "12,50", "20"):
            page.keyboard.press("Tab")
            page.keyboard.type(value)
        rows = page.locator("#lines-table tbody tr").count()
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.closest('tr').rowIndex") == rows - 1
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.value") == "20"
        page.keyboard.press("Alt+X")
        assert page.locator("#lines-table tbody tr").count() == rows - 1
        # The read lines do not add up (or were not read): one summary line per rate.
        page.keyboard.press("Alt+U")
        assert page.locator("#lines-table tbody tr").count() == 1
        assert page.input_value("[name=line_amount]") == "620,00"
        page.wait_for_selector("#sum-check.ok")
        assert "Lignes ✓" in page.inner_text("#sum-check")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        errors = page.locator(".error, .flash").all_inner_texts()
        assert f"/documents/{document.id}/coder" not in page.url or not errors, errors
    finally:
        page.close()
    final = pipeline.run_to_rest(rt, document.id)
    blocking = [(f.code, f.message) for f in Finding.select().where(
        (Finding.document == final) & (Finding.severity == str(Severity.FATAL)))]
    assert final.state == State.ARCHIVED, (final.state, blocking)
    assert not Event.select().where((Event.document_id == final.id)
                                    & (Event.kind == "document.review_override")).exists()
    invoice = load_invoice(Document.get_by_id(document.id))
    assert invoice.buyer.siren == company.siren and len(invoice.lines) == 1
    assert ArchiveRecord.get(ArchiveRecord.document == final).kind in ("pdf", "sealed_pdf")  # a valid Factur-X
