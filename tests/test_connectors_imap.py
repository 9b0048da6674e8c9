"""Mail intake against a real Dovecot on loopback: arrival to documents in the right company."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage

import pytest
from intake_samples import encrypted_pdf, invoice_pdf, other_invoice_pdf, png_image, zip_file
from mailserver import mailserver  # noqa: F401 - fixture

from guichet.connectors.imap import KEYWORD, ImapConnector
from guichet.core.ops import connector_runs
from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
from guichet.core.connectors import load_connectors
from guichet.core.model.models import Document, Event

_counter = iter(range(1, 10_000))


def _mail(*, to: str, subject: str = "Votre facture", sender: str = "compta@fournisseur.test",
          attachments: list[tuple[str, bytes, str]] = (), html: str | None = None,
          inline_pdf: bytes | None = None, message_id: str | None = None) -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Message-ID"] = message_id or f"<m{next(_counter)}@fournisseur.test>"
    msg["Date"] = "Fri, 27 Nov 2026 10:00:00 +0100"
    msg.set_content("Bonjour, veuillez trouver notre facture.")
    if html:
        msg.add_alternative(html, subtype="html")
    for name, data, ctype in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if inline_pdf is not None:
        msg.add_attachment(inline_pdf, maintype="application", subtype="pdf", disposition="inline")
    return msg.as_bytes()


@pytest.fixture
def poll(rt):
    """``poll()`` runs every due configuration now (and makes them all due first)."""

    def run():
        ConnectorConfig.update(next_run_at=None).execute()
        return connector_runs.poll_due(rt, load_connectors(rt.pm))

    return run


def _user(server, name: str) -> str:
    return server.add_user(name)


def test_attachments_become_documents_and_the_mail_is_kept(rt, company, mailserver, poll):
    user = _user(mailserver, "factures")
    logo_html = '<p>Facture jointe</p><img src="cid:logo@x">'
    raw = _mail(to=user, attachments=[("facture.pdf", invoice_pdf(), "application/pdf"),
                                      ("photo.png", png_image(), "image/png")],
                inline_pdf=other_invoice_pdf(), html=logo_html)
    mailserver.deliver(user, raw)
    connector_runs.configure(rt, company, ImapConnector(), mailserver.settings_for(user))

    (report,) = poll()

    assert report.status == ConnectorStatus.OK, report.error
    docs = list(Document.select().where(Document.company == company).order_by(Document.id))
    assert sorted(d.filename for d in docs) == ["facture.pdf", "photo.png", "piece-jointe.pdf"]
    assert {d.channel for d in docs} == {"email"}
    facture = next(d for d in docs if d.filename == "facture.pdf")
    assert facture.state in {"checked", "sealed", "archived", "to_review"}
    received = Event.get((Event.kind == "document.received") & (Event.document_id == facture.id))
    assert received.data["subject"] == "Votre facture"
    assert b"From: compta@fournisseur.test" in rt.blobs.get(received.data["mail_blob"])
    client = mailserver.client(user)
    assert client.select_folder("INBOX")[b"EXISTS"] == 0  # moved away once stored
    assert client.select_folder("Guichet-Traités")[b"EXISTS"] == 1
    assert poll()[0].received == []  # processed once


def test_same_mail_twice_is_ingested_once_and_the_second_arrival_recorded(rt, company, mailserver, poll):
    user = _user(mailserver, "twice")
    raw = _mail(to=user, attachments=[("f.pdf", invoice_pdf(), "application/pdf")], message_id="<same@x>")
    connector_runs.configure(rt, company, ImapConnector(), mailserver.settings_for(user))
    mailserver.deliver(user, raw)
    first = poll()[0]
    mailserver.deliver(user, raw)
    second = poll()[0]

    assert len(first.received) == 1 and second.received == []
    assert second.duplicates == first.received
    assert Document.select().where(Document.company == company).count() == 1
    dup = Event.get((Event.kind == "document.duplicate_arrival") & (Event.document_id == first.received[0]))
    assert dup.data["message_id"] == "<same@x>" and dup.data["mail_seen_before"] is True


def test_html_body_without_attachment_becomes_a_pdf(rt, company, mailserver, poll):
    user = _user(mailserver, "html")
    html = ("<html><body><h1>Facture FA-2026-001</h1><p>Total TTC : 120,00 €</p>"
            '<img src="http://tracker.invalid/pixel.gif"></body></html>')
    mailserver.deliver(user, _mail(to=user, subject="Facture FA-2026-001", html=html))
    connector_runs.configure(rt, company, ImapConnector(), mailserver.settings_for(user))

    report = poll()[0]

    (doc,) = Document.select().where(Document.company == company)
    assert report.received == [doc.id]
    assert doc.filename == "Facture FA-2026-001.pdf"
    data = rt.blobs.get(doc.blob_key)
    assert data.startswith(b"%PDF-")
    event = Event.get((Event.kind == "document.received") & (Event.document_id == doc.id))
    assert event.data["converted_from"] == "html_body"


def test_rules_and_flag_post_action(rt, company, mailserver, poll):
    user = _user(mailserver, "rules")
    pdf = [("f.pdf", invoice_pdf(), "application/pdf")]
    mailserver.deliver(user, _mail(to=user, sender="promo@pub.test", subject="Promo", attachments=pdf))
    mailserver.deliver(user, _mail(to=user, subject="Facture mars", attachments=pdf))
    mailserver.deliver(user, _mail(to=user, subject="Bonjour", attachments=[
        ("o.pdf", other_invoice_pdf(), "application/pdf")]))
    rules = "ignorer de:*@pub.test\naccepter objet:facture\n"
    connector_runs.configure(rt, company, ImapConnector(), mailserver.settings_for(
        user, rules=rules, default_action="ignore", post_action="flag"))

    report = poll()[0]

    assert len(report.received) == 1
    client = mailserver.client(user)
    client.select_folder("INBOX")
    assert len(client.search("ALL")) == 3  # flag: mails stay in place
    assert len(client.search(["KEYWORD", KEYWORD])) == 1  # ignored mails are left untouched
    assert poll()[0].received == []


def test_catch_all_routes_by_recipient(rt, company, other_company, mailserver, poll):
    user = _user(mailserver, "catchall")
    company.settings = {"intake_email": "factures-a@cabinet.test"}
    company.save()
    pdf_a, pdf_b = invoice_pdf(), other_invoice_pdf()
    mailserver.deliver(user, _mail(to="factures-a@cabinet.test", attachments=[("a.pdf", pdf_a, "application/pdf")]))
    mailserver.deliver(user, _mail(to=f"factures+{other_company.siren}@cabinet.test",
                                   attachments=[("b.pdf", pdf_b, "application/pdf")]))
    mailserver.deliver(user, _mail(to="inconnu@cabinet.test", attachments=[("c.pdf", png_image(), "image/png")]))
    connector_runs.configure(rt, None, ImapConnector(), mailserver.settings_for(user))

    report = poll()[0]

    assert [d.filename for d in Document.select().where(Document.company == company)] == ["a.pdf"]
    assert [d.filename for d in Document.select().where(Document.company == other_company)] == ["b.pdf"]
    assert report.unrouted == 1
    unrouted = Event.get(Event.kind == "connector.unrouted")
    assert rt.blobs.exists(unrouted.data["mail_blob"])  # the mail is kept for a person


def test_bad_attachments_are_received_and_rejected_with_a_reason(rt, company, mailserver, poll):
    user = _user(mailserver, "bad")
    mailserver.deliver(user, _mail(to=user, attachments=[
        ("protege.pdf", encrypted_pdf(), "application/pdf"),
        ("factures.zip", zip_file(), "application/zip"),
        ("notes.docx", b"PK\x03\x04 not a docx", "application/octet-stream"),
    ]))
    connector_runs.configure(rt, company, ImapConnector(), mailserver.settings_for(user))

    poll()

    docs = {d.filename: d for d in Document.select().where(Document.company == company)}
    assert set(docs) == {"protege.pdf", "factures.zip", "notes.docx"}
    assert all(d.state == "rejected" and d.reason for d in docs.values())
    assert "mot de passe" in docs["protege.pdf"].reason
    assert all(rt.blobs.exists(d.blob_key) for d in docs.values())  # originals kept


def test_wrong_password_is_recorded_and_does_not_stop_others(rt, company, other_company, mailserver, poll):
    good, bad = _user(mailserver, "good"), _user(mailserver, "bad")
    mailserver.deliver(good, _mail(to=good, attachments=[("f.pdf", invoice_pdf(), "application/pdf")]))
    broken = connector_runs.configure(rt, company, ImapConnector(),
                                      {**mailserver.settings_for(bad), "password": "faux"})
    connector_runs.configure(rt, other_company, ImapConnector(), mailserver.settings_for(good))

    reports = {r.config_id: r for r in poll()}

    broken = ConnectorConfig.get_by_id(broken.id)
    assert broken.status == ConnectorStatus.ERROR
    assert "refusé" in broken.last_error
    assert broken.failures == 1 and broken.next_run_at > broken.last_run_at
    ok = [r for cid, r in reports.items() if cid != broken.id]
    assert ok[0].status == ConnectorStatus.OK and len(ok[0].received) == 1
    assert Document.select().where(Document.company == other_company).count() == 1


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_tls_with_certificate_check(rt, company, mailserver, poll, security):
    user = _user(mailserver, "good")
    mailserver.deliver(user, _mail(to=user, attachments=[("f.pdf", invoice_pdf(), "application/pdf")]))
    port = mailserver.imaps_port if security == "ssl" else mailserver.imap_port
    config = connector_runs.configure(rt, company, ImapConnector(), mailserver.settings_for(
        user, security=security, port=port, ca_file=mailserver.ca_file))
    report = poll()[0]
    assert report.status == ConnectorStatus.OK, report.error
    assert len(report.received) == 1
    # Without the server's certificate as CA, the connection is refused, with a clear reason.
    connector_runs.configure(rt, company, ImapConnector(), {"ca_file": ""})
    report = poll()[0]
    assert report.status == ConnectorStatus.ERROR and "connexion IMAP impossible" in report.error
    assert ConnectorConfig.get_by_id(config.id).failures == 1
