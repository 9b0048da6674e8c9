"""Issue 11, finding 10 (the web part): cookies, headers, file names, deep JSON, split.

Each test replays one of the low findings: no ``Secure`` cookie behind TLS, no
CSP / X-Frame-Options / nosniff, HTTP 500 on a non-Latin-1 file name, HTTP 500 on
JSON nested 1000 deep, an orphan document left by a refused split. The response
headers and the file name go through a real server (waitress on loopback).
"""

from __future__ import annotations

import io
import re
import urllib.parse

import pytest
import requests
from intake_samples import invoice_pdf
from support import PASSWORD

from guichet.core.model.api_models import create_token
from guichet.core.model.models import Document, db
from guichet.core.model.states import State
from guichet.core.pipeline import intake, pipeline
from guichet.web.app import create_app

DEEP = b"[" * 1000 + b"]" * 1000


def _session(base, email="client@example.fr"):
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=10)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = session.post(f"{base}/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf},
                          timeout=10, allow_redirects=False)
    assert answer.status_code == 302
    return session, answer


def test_html_pages_carry_the_security_headers(live_server, company, make_user):
    base, _app = live_server
    make_user("client@example.fr", companies={company: "upload"})
    session, _ = _session(base)
    for path in ("/login", f"/dossiers/{company.id}/", f"/mobile/dossiers/{company.id}/photos"):
        headers = session.get(f"{base}{path}", timeout=10).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp, path
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff", path
    # The pages keep no inline script or style that the policy would block.
    for path in (f"/dossiers/{company.id}/", f"/mobile/dossiers/{company.id}/photos"):
        html = session.get(f"{base}{path}", timeout=10).text
        assert "<style" not in html and not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", html)
        assert not re.search(r"\son[a-z]+=", html) and " style=" not in html


def test_a_file_name_outside_latin1_downloads(live_server, company, make_user):
    base, app = live_server
    make_user("client@example.fr", companies={company: "read"})
    name = "facture 請求書 «été».pdf"
    document, _ = intake.receive(app.config["GUICHET_RUNTIME"], company, invoice_pdf(), name, channel="upload")
    session, _ = _session(base)
    for query in ("", "?download=1"):
        answer = session.get(f"{base}/documents/{document.id}/original{query}", timeout=10)
        assert answer.status_code == 200 and answer.content == invoice_pdf()
        disposition = answer.headers["Content-Disposition"]
        exact = re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1)
        assert urllib.parse.unquote(exact) == name
        assert re.search(r'filename="[ -~]+"', disposition)  # an ASCII fallback for old clients


def test_json_nested_1000_deep_is_a_clear_400(live_server, company):
    base, _app = live_server
    _row, token = create_token(company, "Logiciel", ["documents:write", "webhooks:manage"])
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for path in ("/api/v1/documents", "/api/v1/webhooks"):
        answer = requests.post(f"{base}{path}", data=DEEP, headers=headers, timeout=10)
        assert answer.status_code == 400, path
        assert "imbriqué" in answer.json()["error"], path
    deep_object = b'{"a":' * 200 + b"1" + b"}" * 200
    answer = requests.post(f"{base}/api/v1/documents", data=deep_object, headers=headers, timeout=10)
    assert answer.status_code == 400 and "imbriqué" in answer.json()["error"]


@pytest.mark.parametrize(("https", "proxies"), [(True, 1), (False, 0)])
def test_cookies_are_secure_behind_tls_and_forwarded_headers_trusted_only_from_the_proxy(
        settings, company, make_user, https, proxies):
    settings.values["web"].update(https=https, proxies=proxies)
    app = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    seen = {}

    @app.get("/_test/who")
    def who():
        from flask import request

        seen.update(addr=request.remote_addr, secure=request.is_secure)
        return ""

    with app.config["GUICHET_RUNTIME"].database.connection_context():
        make_user("client@example.fr", companies={company: "read"})
        client = app.test_client()
        answer = client.post("/login", data={"email": "client@example.fr", "password": PASSWORD},
                             environ_base={"REMOTE_ADDR": "127.0.0.1"},
                             headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
        cookie = answer.headers["Set-Cookie"]
        assert ("; Secure" in cookie) is https and "HttpOnly" in cookie
        client.get("/_test/who", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                   headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto": "https"})
    if proxies:
        assert seen == {"addr": "203.0.113.7", "secure": True}  # the one hop nginx added
    else:
        assert seen == {"addr": "127.0.0.1", "secure": False}  # forged headers ignored


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


def _two_invoices(corpus) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for name in ("EN16931_Einfach.pdf", "EN16931_Elektron.pdf"):
        for page in PdfReader(corpus / name).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("refusal", ["already handled", "claimed by another operator", "decided while cutting"])
def test_a_refused_split_leaves_no_orphan_document(app, company, make_user, corpus, refusal, monkeypatch):
    from guichet.core.pipeline import claims, decisions

    rt = app.config["GUICHET_RUNTIME"]
    document, _ = intake.receive(rt, company, _two_invoices(corpus), "deux.pdf", channel="upload")
    with db.atomic():
        assert pipeline.transition(document, State.TO_EXTRACT)
        assert pipeline.transition(document, State.TO_CODE)
    operator = make_user("op@example.fr", firm_role="operator")
    other = make_user("autre@example.fr", firm_role="operator")
    client = app.test_client()
    client.post("/login", data={"email": "op@example.fr", "password": PASSWORD})
    client.get(f"/operateur/documents/{document.id}/coder")  # the operator opens it (claims it)
    if refusal == "already handled":  # meanwhile, the document was rejected from the review screen
        with db.atomic():
            assert pipeline.transition(Document.get_by_id(document.id), State.REJECTED, reason="doublon")
    elif refusal == "claimed by another operator":  # the claim expired and another operator took it
        claims.release(Document.get_by_id(document.id), operator)
        assert claims.claim(Document.get_by_id(document.id), other)
    else:  # another person decides while the pages are being cut: the split's last step is refused
        real = decisions.cut_parts

        def cut_while_someone_decides(*args, **kwargs):
            parts = real(*args, **kwargs)
            with db.atomic():
                assert pipeline.transition(Document.get_by_id(document.id), State.REJECTED, reason="doublon")
            return parts

        monkeypatch.setattr(decisions, "cut_parts", cut_while_someone_decides)
    before = Document.select().count()
    answer = client.post(f"/operateur/documents/{document.id}/scinder", data={"groups": "1, 2"})
    assert answer.status_code == 302
    assert Document.select().count() == before  # no part without its split
    assert Document.get_by_id(document.id).state != State.SPLIT


@pytest.mark.browser
def test_the_pages_work_under_the_policy_in_a_browser(browser, live_server, company, make_user, tmp_path):
    """Chromium reports no blocked script or style, and the phone page (its script moved out) still sends."""
    from intake_samples import png_image

    base, app = live_server
    make_user("staff@example.fr", firm_role="admin", companies={company: "manage"})
    document, _ = intake.receive(app.config["GUICHET_RUNTIME"], company, invoice_pdf(), "f.pdf", channel="upload")
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_image())
    page = browser.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "staff@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        for path in (f"/dossiers/{company.id}/", f"/documents/{document.id}", "/operateur/", "/admin/",
                     f"/plugins/connectors_admin/dossiers/{company.id}/configurer?connector=watched_folder"):
            page.goto(f"{base}{path}")
        page.goto(f"{base}/mobile/dossiers/{company.id}/photos")
        page.set_input_files("#photo-input", str(photo))
        page.wait_for_selector("#photo-list img")
        page.click("#send")
        page.wait_for_selector("#send-status:has-text('Reçu')", timeout=30000)
    finally:
        page.close()
    assert blocked == []
