"""Two-factor enrolment and sign-in in headless Chromium, as a person with a phone would do it."""

from __future__ import annotations

import time

import pyotp
import pytest

from support import PASSWORD

pytestmark = pytest.mark.browser


def test_enrol_with_the_qr_page_then_sign_in_with_a_code(browser, live_server, company, make_user):
    base, _app = live_server
    make_user("op@example.fr", firm_role="operator")
    page = browser.new_page()
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "op@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.click("a.who")  # "Mon compte"
        page.click("text=Activer la double authentification")
        assert page.locator("svg.qr").is_visible()
        box = page.locator("svg.qr").bounding_box()
        assert box["width"] > 100 and box["height"] > 100  # big enough to scan
        secret = page.inner_text("#totp-secret").replace(" ", "")
        totp = pyotp.TOTP(secret)  # the phone
        page.fill("input[name=code]", totp.now())
        page.click("form.row button[type=submit]")
        codes = page.locator("#recovery-codes li").all_inner_texts()
        assert len(codes) == 10
        page.click("text=J'ai noté mes codes")
        assert "Active depuis" in page.inner_text("#double-authentification")
        page.click("text=Se déconnecter")

        page.fill("input[name=email]", "op@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/login/code")
        page.fill("input[name=code]", totp.at(time.time() + 30))  # the current step was used at enrolment
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        assert page.locator("a.who").inner_text() == "op@example.fr"
    finally:
        page.close()
