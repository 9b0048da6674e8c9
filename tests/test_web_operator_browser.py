"""The coding screen in headless Chromium: an invoice coded with the keyboard only, then the next one opens."""

from __future__ import annotations

import os

import pytest

from guichet.core.model.models import Document, Invoice
from guichet.core.model.states import State

from support import PASSWORD
from test_web_operator import HETZNER, plain_pdf, to_code

pytestmark = pytest.mark.browser

#: What the operator types, field by field in Tab order ("" clears a proposed value).
TYPED = {
    "invoice_number": "R0005532486",
    "issue_date": "19/01/2016",
    "due_date": "",
    "document_type_code": "380",
    "currency": "EUR",
    "seller_name": "Hetzner Online GmbH",
    "seller_vat_id": "DE812871812",
    "seller_siren": "",
    "seller_siret": "",
    "buyer_name": "Société A",
    "buyer_vat_id": "",
    "buyer_siren": "",
    "total_without_tax": "87,39",
    "total_tax": "16,61",
    "total_with_tax": "104,00",
    "amount_due": "",
    "iban": "",
}


def test_code_an_invoice_with_the_keyboard_only(browser, live_server, company, make_user, corpus, tmp_path):
    base, app = live_server
    first = to_code(app, company, (corpus / HETZNER).read_bytes(), HETZNER)
    second = to_code(app, company, plain_pdf(corpus / "EN16931_Einfach.pdf"), "einfach.pdf", run=False)
    make_user("operateur@example.fr", firm_role="operator")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "operateur@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.goto(f"{base}/operateur/")
        assert page.inner_text("#count-waiting") == "2"
        if os.environ.get("GUICHET_SCREENSHOTS"):
            page.screenshot(path=os.path.join(os.environ["GUICHET_SCREENSHOTS"], "file.png"))
        page.keyboard.press("Enter")  # starts coding: the oldest document opens, claimed
        page.wait_for_url(f"{base}/operateur/documents/{first.id}/coder")
        page.wait_for_function("document.querySelectorAll('#words .word').length > 20")
        assert page.evaluate("document.activeElement.name") == "invoice_number"
        for name, value in TYPED.items():
            assert page.evaluate("document.activeElement.name") == name
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            if value:
                page.keyboard.type(value)
            page.keyboard.press("Tab")
        # The VAT row: rate, base, amount.
        assert page.evaluate("document.activeElement.name") == "vat_rate"
        for value in ("19", "87,39", "16,61"):
            page.keyboard.press("Control+A")
            page.keyboard.type(value)
            page.keyboard.press("Tab")
        page.wait_for_selector("#sum-check.ok")
        assert "HT + TVA = TTC" in page.inner_text("#sum-check")
        if os.environ.get("GUICHET_SCREENSHOTS"):
            page.screenshot(path=os.path.join(os.environ["GUICHET_SCREENSHOTS"], "codage.png"))
        page.keyboard.press("Shift+Tab")  # back into the last VAT cell, then validate with Enter
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/operateur/documents/{second.id}/coder")  # the next one opens at once
        doc = Document.get_by_id(first.id)
        assert doc.state not in (State.TO_CODE, State.TO_EXTRACT, State.REJECTED), doc.reason
        assert Invoice.get(Invoice.document == doc).number == "R0005532486"
        # Reject the second one with its shortcut and a reason, keyboard only.
        page.keyboard.press("Alt+r")
        page.wait_for_selector("#reject-dialog[open]")
        page.keyboard.type("Ce n'est pas une facture")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/operateur/")
        assert "Plus aucun document à coder" in page.content()
        assert Document.get_by_id(second.id).state == State.REJECTED
        assert page.inner_text("#count-today") == "1"
    finally:
        page.close()


def test_word_click_and_box_fill_the_focused_field(browser, live_server, company, make_user, corpus):
    base, app = live_server
    doc = to_code(app, company, (corpus / HETZNER).read_bytes(), HETZNER)
    make_user("operateur@example.fr", firm_role="operator")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "operateur@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.goto(f"{base}/operateur/documents/{doc.id}/coder")
        page.wait_for_function("document.querySelectorAll('#words .word').length > 20")
        page.wait_for_function("document.getElementById('page-img').complete"
                               " && document.getElementById('page-img').naturalWidth > 0")
        page.fill("#f-invoice_number", "")
        page.focus("#f-invoice_number")
        page.click("#words .word[data-text='R0005532486'] >> nth=0")
        assert page.input_value("#f-invoice_number") == "R0005532486"
        assert page.evaluate("document.activeElement.id") == "f-invoice_number"
        # Drawing a box around "Hetzner Online GmbH" in the footer fills the seller's name.
        page.fill("#f-seller_name", "")
        page.focus("#f-seller_name")
        words = page.locator("#words .word[data-text='Hetzner']")
        first = next(words.nth(i).bounding_box() for i in range(words.count())
                     if page.evaluate("(el) => el.nextElementSibling && el.nextElementSibling.dataset.text",
                                      words.nth(i).element_handle()) == "Online")
        page.mouse.move(first["x"] - 2, first["y"] - 2)
        page.mouse.down()
        page.mouse.move(first["x"] + first["width"] * 3.2, first["y"] + first["height"] + 1, steps=5)
        page.mouse.up()
        assert page.input_value("#f-seller_name").startswith("Hetzner Online GmbH")
        # An amount picked on the page is written as a decimal.
        page.fill("#f-total_with_tax", "")
        page.focus("#f-total_with_tax")
        page.click("#words .word[data-text='104,00'] >> nth=0")
        assert page.input_value("#f-total_with_tax") == "104,00"
    finally:
        page.close()
