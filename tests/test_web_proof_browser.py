"""Issue 19 acceptance in headless Chromium, with a real seal and a real RFC 3161 TSA (openssl ts on loopback).

An invoice goes the coding → review → archived path through the pages only: coded from its
document page with a typing slip in the total, held for review (BR-CO-15 beside the field),
sent back to coding from the review screen, coded again, archived (sealed and time-stamped).
The company's user then downloads its evidence from the UI (« Exporter les preuves » on the
document page, and the company's period form), and the ZIPs check out with the commands their
LISEZMOI documents: ``sha256sum -c``, ``openssl ts -verify`` for each archived file and the
chain head, ``python3 verifier_journal.py``, ``sh verifier.sh``; a changed byte makes them fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import threading
import time
import zipfile
from zoneinfo import ZoneInfo

import pytest

from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.models import Document, Event
from guichet.core.model.states import State
from guichet.core.settings import load_settings

from archive_fixtures import tsa  # noqa: F401 - fixture
from support import PASSWORD
from test_web_operator import HETZNER, to_code

pytestmark = pytest.mark.browser

OPERATOR = "operateur@cabinet.fr"
MANAGER = "gerante@societe.fr"
#: What the operator types on the coding screen (French formats); the total has a slip (105 for 104).
CODED = {
    "invoice_number": "R0005532486",
    "issue_date": "19/01/2016",
    "seller_name": "Hetzner Online GmbH",
    "seller_vat_id": "DE812871812",
    "buyer_name": "Société A",
    "currency": "EUR",
    "total_without_tax": "87,39",
    "total_tax": "16,61",
    "total_with_tax": "105,00",
}
VAT_ROW = {"vat_rate": "19", "vat_base": "87,39", "vat_amount": "16,61"}


@pytest.fixture
def settings(tmp_path, tsa):
    """The live server's instance, with a seal certificate and the loopback TSA."""
    from guichet.plugins.seal_pades import write_demo_certificate

    made = load_settings(tmp_path / "instance", queue={"backend": "memory"},
                         connectors={"allowed_roots": [str(tmp_path)]},
                         seal={"tsa_url": tsa.url, "tsa_ca_file": str(tsa.ca_file)})
    write_demo_certificate(made)
    return made


def _run(args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


def _off_the_browser_thread(rt, func) -> None:
    """Run ``func()`` in a thread of its own: Playwright's event loop runs in this one (the seal uses asyncio)."""
    failures: list[BaseException] = []

    def body() -> None:
        try:
            with rt.database.connection_context():
                func()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            failures.append(exc)

    thread = threading.Thread(target=body)
    thread.start()
    thread.join(120)
    assert not thread.is_alive() and not failures, failures


def _state(document_id: int, wanted: State, seconds: float = 60) -> Document:
    deadline = time.monotonic() + seconds
    while True:
        document = Document.get_by_id(document_id)
        if document.state == wanted or time.monotonic() > deadline:
            assert document.state == wanted, (document.state, document.reason)
            return document
        time.sleep(0.3)


def _sign_in(context, base: str, email: str):
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _download(page, click: str, folder):
    """Click ``click``, save the ZIP the browser receives and unpack it in ``folder``."""
    with page.expect_download() as info:
        page.click(click)
    download = info.value
    target = folder.with_suffix(".zip")
    download.save_as(target)
    with zipfile.ZipFile(target) as archive:
        archive.extractall(folder)
    return download.suggested_filename


def _code(page, base: str, document_id: int, values: dict[str, str]) -> None:
    """From the document page, « Coder ce document », type ``values`` and validate."""
    page.goto(f"{base}/documents/{document_id}")
    page.click("#code-link")
    page.wait_for_url(f"{base}/operateur/documents/{document_id}/coder")
    for name, value in values.items():
        page.fill(f"#coding-form [name={name}]", value)
    with page.expect_navigation():
        page.click("#validate")


def _imprint(reply_text: str) -> str:
    """The message imprint of ``openssl ts -reply -text`` (« 0000 - 2c 26 b4 ...-f9 9b ... »), as hex."""
    after = reply_text.split("Message data:", 1)[1].splitlines()[1:]
    rows = [line.split(" - ", 1)[1][:47] for line in after if re.match(r"^\s*[0-9a-f]{4} - ", line)]
    return "".join("".join(rows).replace("-", " ").split())


def _documented_checks(folder, archived_files: list[str]) -> None:
    """The LISEZMOI's commands, run as an auditor would, in the unpacked folder."""
    readme = (folder / "LISEZMOI.txt").read_text(encoding="utf-8")
    for command in ("sha256sum -c MANIFEST.sha256", "openssl ts -verify -data", "openssl ts -reply -in",
                    "openssl ts -verify -digest", "python3 verifier_journal.py"):
        assert command in readme, command
    done = _run(["sha256sum", "-c", "MANIFEST.sha256"], folder)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in archived_files:
        path = f"archive/{name}"
        done = _run(["openssl", "ts", "-verify", "-data", path, "-in", f"{path}.tsr",
                     "-CAfile", "certificats/tsa-racine.pem"], folder)
        assert done.returncode == 0 and "Verification: OK" in done.stdout, done.stdout + done.stderr
        reply = _run(["openssl", "ts", "-reply", "-in", f"{path}.tsr", "-text"], folder)
        assert reply.returncode == 0 and "Status: Granted." in reply.stdout, reply.stdout + reply.stderr
        assert _imprint(reply.stdout) == hashlib.sha256((folder / path).read_bytes()).hexdigest()
    heads = (folder / "journal/chaine/horodatages.txt").read_text().split()
    assert len(heads) == 2, heads  # the chain head anchored before the export
    done = _run(["openssl", "ts", "-verify", "-digest", heads[1], "-in", f"journal/chaine/{heads[0]}.tsr",
                 "-CAfile", "certificats/tsa-racine.pem"], folder)
    assert done.returncode == 0 and "Verification: OK" in done.stdout, done.stdout + done.stderr
    done = _run(["python3", "verifier_journal.py"], folder)
    assert done.returncode == 0 and "Journal : OK" in done.stdout, done.stdout + done.stderr
    done = _run(["sh", "verifier.sh"], folder)
    assert done.returncode == 0 and "Dossier de preuves : OK" in done.stdout, done.stdout + done.stderr


def test_coded_reviewed_archived_then_its_evidence_from_the_ui_checks_out_with_openssl(
        browser, live_server, company, make_user, corpus, tmp_path):
    base, app = live_server
    rt = app.config["GUICHET_RUNTIME"]
    document = to_code(app, company, (corpus / HETZNER).read_bytes(), HETZNER)
    make_user(OPERATOR, firm_role="operator")
    make_user(MANAGER, companies={company: "manage"})
    staff = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = _sign_in(staff, base, OPERATOR)
        # Coding, with a slip in the total: held for review.
        _code(page, base, document.id, {**CODED, **VAT_ROW})
        _state(document.id, State.TO_REVIEW)
        page.goto(f"{base}/documents/{document.id}")
        assert "À revoir" in page.inner_text("#reason")
        page.click("#review-link")
        page.wait_for_url(f"{base}/operateur/documents/{document.id}/revue")
        total = page.inner_text("[data-field=total_with_tax]")
        assert "BR-CO-15" in total and "105,00" in total and "105.00" not in total  # beside the field, French
        # Review: back to coding, the slip corrected, archived (sealed, time-stamped) without any override.
        page.click("text=Renvoyer au codage")
        page.wait_for_url(f"{base}/operateur/revue")
        _state(document.id, State.TO_CODE)
        _code(page, base, document.id, {"total_with_tax": "104,00"})
        archived = _state(document.id, State.ARCHIVED)
    finally:
        staff.close()
    record = ArchiveRecord.get(ArchiveRecord.document == archived)
    assert record.kind == "sealed_pdf"
    assert not Event.select().where((Event.document_id == document.id)
                                    & (Event.kind == "document.review_override")).exists()
    from guichet.plugins import archive as archive_plugin

    _off_the_browser_thread(rt, lambda: archive_plugin.anchor_chain_head(rt))  # the hourly task, now

    manager = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    try:
        page = _sign_in(manager, base, MANAGER)
        page.goto(f"{base}/documents/{document.id}")
        text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
        assert "Archivé" in text and "Renvoyé au codage" in text  # the path, in words
        assert page.locator("#no-tsa").count() == 0  # a TSA is configured: no warning panel
        # Per document: « Exporter les preuves ».
        one = tmp_path / "preuves-document"
        assert _download(page, "#evidence-link", one) == f"preuves-document-{document.id}.zip"
        _documented_checks(one, [record.archive_path])
        # Per company and period: the form of the company's evidence page (today, Paris time).
        page.goto(f"{base}/dossiers/{company.id}/preuves")
        today = dt.datetime.now(ZoneInfo("Europe/Paris")).date().strftime("%d/%m/%Y")
        page.fill("#evidence-form [name=du]", today)
        page.fill("#evidence-form [name=au]", today)
        period = tmp_path / "preuves-periode"
        assert _download(page, "#evidence-form button[type=submit]", period).startswith(f"preuves-{company.siren}-")
        _documented_checks(period, [record.archive_path])
    finally:
        manager.close()
    # A changed byte in the archived file: the documented commands say so.
    sealed = period / "archive" / record.archive_path
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 1
    sealed.write_bytes(bytes(data))
    assert _run(["sha256sum", "-c", "MANIFEST.sha256"], period).returncode != 0
    done = _run(["openssl", "ts", "-verify", "-data", f"archive/{record.archive_path}", "-in",
                 f"archive/{record.archive_path}.tsr", "-CAfile", "certificats/tsa-racine.pem"], period)
    assert done.returncode != 0 and "Verification: OK" not in done.stdout
    assert _run(["sh", "verifier.sh"], period).returncode != 0
