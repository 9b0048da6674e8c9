"""E-mail delivery through a real SMTP server (STARTTLS + AUTH), the payment page, transfer and card.

The relay is tests/smtpserver.py (aiosmtpd on loopback); the card provider is the Stripe
stand-in (tests/standins/stripe.py) answering as Stripe's published API does, with
notifications signed as Stripe signs them; the transfer is a camt.054 notification read by
the payments work, matched by the RF reference.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal

import pytest

from guichet.core.model.identifiers import valid_creditor_reference
from guichet.core.model.payment_models import ItemState, OpenItem, Settlement
from guichet.core.model.sales_models import CardPayment, Delivery, DeliveryState, PaymentLink
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress
from guichet.core.money import statements
from guichet.core.pipeline import followups
from guichet.core.sales import payment_links
from guichet.core.settings import load_settings
from guichet.web.app import create_app

from payments_samples import Entry, camt053
from sales_samples import COMPANY_IBAN, PDF, sales_invoice
from mailserver import mailserver  # noqa: F401 - fixture
from smtpserver import smtp_server  # noqa: F401 - fixture
from standins.stripe import SECRET_KEY, WEBHOOK_SECRET, StripeStandIn

PUBLIC = "https://guichet.cabinet.example"


@pytest.fixture
def stripe():
    with StripeStandIn() as standin:
        yield standin


@pytest.fixture
def app(tmp_path, smtp_server, stripe):
    settings = load_settings(tmp_path / "instance", queue={"backend": "memory"}, mail=smtp_server.settings(),
                             web={"public_url": PUBLIC},
                             distribution={"stripe_api_url": stripe.url, "stripe_secret_key": SECRET_KEY,
                                           "stripe_webhook_secret": WEBHOOK_SECRET})
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


@pytest.fixture
def company(app):
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm

    firm = Firm.create(name="Cabinet Test")
    made = accounts.create_company(firm, "Société A", "552081317", vat_id="FR03552081317")
    made.settings = {"distribution": {"sender_name": "Société A — facturation", "reply_to": "compta@societe-a.example"}}
    made.save()
    return made


def _rt(app):
    return app.config["GUICHET_RUNTIME"]


def _send(app, company, **kwargs):
    rt = _rt(app)
    document = sales_invoice(rt, company, **kwargs)
    return document, followups.run(rt, document.id, "distribute")


def _token(smtp, to="compta@durand.example"):
    [link] = smtp.links(to)[-1:]
    assert link.startswith(f"{PUBLIC}/payer/")
    return link.rsplit("/", 1)[1]


def test_the_invoice_is_mailed_in_french_with_the_sealed_pdf_and_a_link(app, company, smtp_server):
    document, progress = _send(app, company, number="FV-2026-042", amount="1200.00")
    assert progress == Progress.WAITING  # open for a bounce during [distribution] bounce_window
    [message] = smtp_server.messages
    assert smtp_server.logins == ["guichet@example.test"]  # authenticated after STARTTLS
    assert message["To"] == "compta@durand.example" and message["Reply-To"] == "compta@societe-a.example"
    assert "Société A — facturation" in message["From"] and "guichet@example.test" in message["From"]
    assert message["Subject"] == "Facture FV-2026-042 — Société A"
    text = message.get_body(("plain",)).get_content()
    assert "1\u202f200,00\u202f€" in text and "02/12/2026" in text and "Cordialement" in text
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "facture-FV-2026-042.pdf"
    assert attachment.get_content() == PDF.read_bytes()
    delivery = Delivery.get(Delivery.document == document.id)
    assert (delivery.channel, delivery.state) == ("email", DeliveryState.SENT)
    assert delivery.external_id == message["Message-ID"] and f"facture.{delivery.id}." in delivery.external_id
    token = _token(smtp_server)
    assert len(token) >= 43 and PaymentLink.select().where(PaymentLink.token_hash.contains(token)).count() == 0


def test_an_unreachable_relay_waits_and_retries_then_sends_once(tmp_path, app, company, smtp_server):
    rt = _rt(app)
    rt.settings.values["mail"]["port"] = 1  # nothing listens there
    document, progress = _send(app, company)
    assert progress == Progress.RETRY
    delivery = Delivery.get(Delivery.document == document.id)
    assert delivery.state == DeliveryState.ERROR and "envoi impossible" in delivery.reason
    rt.settings.values["mail"]["port"] = smtp_server.port
    followups.settle(rt, document.id, "distribute", Progress.PENDING)
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    assert len(smtp_server.messages) == 1 and Delivery.get_by_id(delivery.id).state == DeliveryState.SENT
    StageRun.update(next_at=dt.datetime(2000, 1, 1)).where(StageRun.document == document.id).execute()
    assert followups.run(rt, document.id, "distribute") == Progress.DONE  # no bounce came: over
    assert len(smtp_server.messages) == 1 and Delivery.get_by_id(delivery.id).state == DeliveryState.SENT


def test_a_customer_without_address_is_to_complete(app, company, smtp_server):
    document, progress = _send(app, company, email=None)
    assert progress == Progress.WAITING and smtp_server.messages == []
    delivery = Delivery.get(Delivery.document == document.id)
    assert delivery.state == DeliveryState.TO_COMPLETE and "Courriel : adresse e-mail" in delivery.reason


def test_the_payment_page_shows_the_transfer_with_its_rf_reference_and_qr_code(app, company, smtp_server):
    document, _ = _send(app, company, number="FV-7", amount="480.00")
    client = app.test_client()
    page = client.get(f"/payer/{_token(smtp_server)}")
    html = page.get_data(as_text=True)
    item = OpenItem.get(OpenItem.document == document.id)
    assert page.status_code == 200 and "Facture FV-7" in html and "480,00" in html
    assert valid_creditor_reference(item.reference) and item.reference in html and COMPANY_IBAN in html
    assert "<svg" in html and "Payer 480,00" in html
    assert Delivery.get(Delivery.document == document.id).state == DeliveryState.OPENED
    payload = payment_links.page(PaymentLink.get(PaymentLink.document == document.id)).epc_payload
    assert payload.split("\n")[:4] == ["BCD", "002", "1", "SCT"]
    assert payload.split("\n")[6:10] == [COMPANY_IBAN, "EUR480.00", "", item.reference]


def test_tampered_or_expired_links_get_one_french_page_revealing_nothing(app, company, smtp_server):
    document, _ = _send(app, company)
    token = _token(smtp_server)
    client = app.test_client()
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 200, "inconnu"):
        response = client.get(f"/payer/{bad}")
        html = response.get_data(as_text=True)
        assert response.status_code == 404 and "invalide ou expiré" in html
        assert "Société A" not in html and "Durand" not in html
    PaymentLink.update(expires_at=dt.datetime(2000, 1, 1)).where(PaymentLink.document == document.id).execute()
    response = client.get(f"/payer/{token}")
    assert response.status_code == 404 and "Société A" not in response.get_data(as_text=True)
    assert client.post(f"/payer/{token}/carte").status_code == 404


def test_a_transfer_with_the_rf_reference_is_reconciled_and_the_delivery_paid(app, company, smtp_server):
    rt = _rt(app)
    document, _ = _send(app, company, number="FV-8", amount="250.00")
    item = OpenItem.get(OpenItem.document == document.id)
    statement = camt053(COMPANY_IBAN, [Entry(Decimal("250.00"), dt.date(2026, 11, 20), name="DURAND",
                                             remittance="virement", reference=item.reference)], kind="054")
    statements.import_file(rt, company, statement, "camt054.xml", source="test")
    assert OpenItem.get_by_id(item.id).state == ItemState.PAID
    assert Delivery.get(Delivery.document == document.id).state == DeliveryState.PAID
    assert "réglée" in app.test_client().get(f"/payer/{_token(smtp_server)}").get_data(as_text=True)


def test_a_card_payment_goes_through_the_provider_and_its_signed_notification(app, company, smtp_server, stripe):
    document, _ = _send(app, company, number="FV-9", amount="1200.00")
    token = _token(smtp_server)
    client = app.test_client()
    started = client.post(f"/payer/{token}/carte")
    assert started.status_code == 303 and started.headers["Location"].startswith("https://checkout.stripe.com/c/pay/cs_test_")
    form = stripe.requests[-1]["form"]
    assert form["line_items[0][price_data][unit_amount]"] == "120000"
    assert form["line_items[0][price_data][currency]"] == "eur" and form["mode"] == "payment"
    assert form["success_url"] == f"{PUBLIC}/payer/{token}?carte=ok"
    assert stripe.requests[-1]["headers"]["Idempotency-Key"]
    client.post(f"/payer/{token}/carte")  # clicked twice: the same session (Idempotency-Key)
    assert CardPayment.select().count() == 1
    [session_id] = stripe.sessions
    # Forged, stale and wrong-secret notifications change nothing.
    body, headers = stripe.event(session_id, secret="whsec_faux")
    assert client.post("/payer/notification/stripe", data=body, headers=headers).status_code == 400
    body, headers = stripe.event(session_id, at=int(time.time()) - 3600)
    assert client.post("/payer/notification/stripe", data=body, headers=headers).status_code == 400
    body, headers = stripe.event(session_id, amount=100)
    assert client.post("/payer/notification/stripe", data=body, headers=headers).get_json()["paid"] is False
    assert OpenItem.get(OpenItem.document == document.id).state == ItemState.OPEN
    body, headers = stripe.event(session_id)
    answer = client.post("/payer/notification/stripe", data=body, headers=headers)
    assert answer.status_code == 200 and answer.get_json()["paid"] is True
    again = client.post("/payer/notification/stripe", data=body, headers=headers)  # Stripe retries
    assert again.get_json()["paid"] is False
    item = OpenItem.get(OpenItem.document == document.id)
    assert item.state == ItemState.PAID and Settlement.select().where(Settlement.item == item.id).count() == 1
    assert Delivery.get(Delivery.document == document.id).state == DeliveryState.PAID
    assert CardPayment.get().state == "paid"


def test_a_provider_refusal_is_a_clear_page(app, company, smtp_server, stripe):
    _rt(app).settings.values["distribution"]["stripe_secret_key"] = "sk_test_faux"
    _send(app, company)
    response = app.test_client().post(f"/payer/{_token(smtp_server)}/carte")
    assert response.status_code == 503 and "refuse le paiement (401)" in response.get_data(as_text=True)


def test_epc_payload_limits():
    long_name = "N" * 100
    payload = payment_links.epc_payload(bic="BNPAFRPP", name=long_name, iban=COMPANY_IBAN,
                                        amount=Decimal("12.5"), reference=None, text="Facture 1")
    lines = payload.split("\n")
    assert len(lines[5]) == 70 and lines[7] == "EUR12.50" and lines[10] == "Facture 1"
    assert payment_links.epc_payload(bic=None, name="x", iban=COMPANY_IBAN, amount=Decimal(0), reference=None) is None
    assert re.fullmatch(r"[^\n]*", lines[0])


def test_hook_register_payment_providers(app):
    from guichet.core.sales import cards

    rt = _rt(app)
    found = cards.providers(rt.pm)
    assert found["stripe"].label.startswith("Carte") and [p.id for p in cards.available(rt)] == ["stripe"]
    rt.settings.values["distribution"]["stripe_webhook_secret"] = ""
    assert cards.available(rt) == []  # half-configured: no card offered


def _dsn(message_id: str, action: str = "failed") -> bytes:
    """A delivery status notification as RFC 3464 writes it (Postfix's layout)."""
    return (
        "From: MAILER-DAEMON@mx.durand.example\r\nTo: guichet@example.test\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B0"\r\n\r\n'
        "--B0\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B0\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.durand.example\r\nArrival-Date: Sat, 5 Dec 2026 08:00:00 +0100\r\n\r\n"
        f"Final-Recipient: rfc822; compta@durand.example\r\nAction: {action}\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <compta@durand.example>: Recipient address\r\n rejected: User unknown\r\n\r\n"
        f"--B0\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {message_id}\r\nSubject: Facture\r\n\r\n--B0--\r\n"
    ).encode()


def test_a_bounce_puts_the_delivery_in_error_and_distribution_goes_on(app, company, smtp_server):
    from guichet.core.sales import bounces

    rt = _rt(app)
    document, _ = _send(app, company)
    delivery = Delivery.get(Delivery.document == document.id)
    assert bounces.read(_dsn(delivery.external_id, action="delayed")) is None
    forged = delivery.external_id.replace(document.sha256[:16], "0" * 16)
    assert bounces.record(rt, bounces.read(_dsn(forged))) is None  # fingerprint does not match
    found = bounces.read(_dsn(delivery.external_id))
    assert (found.delivery_id, found.recipient, found.status) == (delivery.id, "compta@durand.example", "5.1.1")
    assert "User unknown" in found.diagnostic
    bounces.record(rt, found)
    delivery = Delivery.get_by_id(delivery.id)
    assert delivery.state == DeliveryState.ERROR and "courriel refusé pour compta@durand.example (5.1.1)" in delivery.reason
    # The stage ran again: e-mail refused for this invoice, nothing else usable → à compléter, not mailed twice.
    assert len(smtp_server.messages) == 1
    waiting = Delivery.get((Delivery.document == document.id) & (Delivery.state == DeliveryState.TO_COMPLETE))
    assert "Courriel : a refusé la facture" in waiting.reason


def test_invoice_mail_is_dkim_signed_when_a_key_is_configured(tmp_path, app, company, smtp_server):
    import base64

    import dkim
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = tmp_path / "dkim.pem"
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    public = base64.b64encode(key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
    record = {b"guichet._domainkey.example.test.": b"v=DKIM1; k=rsa; p=" + public}
    _rt(app).settings.values["mail"].update(dkim_domain="example.test", dkim_selector="guichet", dkim_key_file=str(pem))
    _send(app, company, number="FV-DKIM")
    [raw] = smtp_server.raw
    assert raw.startswith(b"DKIM-Signature:") and b"d=example.test" in raw[:400]
    assert dkim.verify(raw, dnsfunc=lambda name, timeout=5: record.get(name))
    tampered = raw.replace(b"Facture FV-DKIM", b"Facture FV-PIRATE", 1)
    assert not dkim.verify(tampered, dnsfunc=lambda name, timeout=5: record.get(name))
    [attachment] = list(smtp_server.messages[0].iter_attachments())
    assert attachment.get_content() == PDF.read_bytes()


def test_a_bounce_read_from_the_company_mailbox_puts_the_delivery_in_error(app, company, smtp_server, mailserver):
    from guichet.connectors.imap import ImapConnector
    from guichet.core.connectors import load_connectors
    from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
    from guichet.core.model.models import Document
    from guichet.core.ops import connector_runs

    rt = _rt(app)
    document, _ = _send(app, company)
    delivery = Delivery.get(Delivery.document == document.id)
    box = mailserver.add_user("boite")
    mailserver.deliver(box, _dsn(delivery.external_id, action="delayed"))  # a delay: nothing changes
    mailserver.deliver(box, _dsn(delivery.external_id))
    connector_runs.configure(rt, company, ImapConnector(), mailserver.settings_for(box))
    ConnectorConfig.update(next_run_at=None).execute()
    (report,) = connector_runs.poll_due(rt, load_connectors(rt.pm))
    assert report.status == ConnectorStatus.OK, report.error
    assert report.bounces == [delivery.id] and report.received == []
    delivery = Delivery.get_by_id(delivery.id)
    assert delivery.state == DeliveryState.ERROR and "courriel refusé pour compta@durand.example (5.1.1)" in delivery.reason
    assert "User unknown" in delivery.reason
    assert Document.select().count() == 1  # the notices are not taken in as documents
    client = mailserver.client(box)
    assert client.select_folder("INBOX")[b"EXISTS"] == 0 and client.select_folder("Guichet-Traités")[b"EXISTS"] == 2
    assert len(smtp_server.messages) == 1  # and the invoice is not mailed again


def test_a_mailbox_never_changes_another_company_s_deliveries(app, company, smtp_server, mailserver):
    from guichet.connectors.imap import ImapConnector
    from guichet.core.access import accounts
    from guichet.core.connectors import load_connectors
    from guichet.core.model.connector_models import ConnectorConfig
    from guichet.core.ops import connector_runs

    rt = _rt(app)
    document, _ = _send(app, company)
    delivery = Delivery.get(Delivery.document == document.id)
    other = accounts.create_company(company.firm, "Société B", "542107651")
    box = mailserver.add_user("boite")
    mailserver.deliver(box, _dsn(delivery.external_id))
    connector_runs.configure(rt, other, ImapConnector(), mailserver.settings_for(box))
    ConnectorConfig.update(next_run_at=None).execute()
    (report,) = connector_runs.poll_due(rt, load_connectors(rt.pm))
    assert report.bounces == [] and Delivery.get_by_id(delivery.id).state == DeliveryState.SENT


def _image(kind: str, size: tuple[int, int] = (1200, 400)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (20, 60, 140)).save(out, format=kind)
    return out.getvalue()


def test_the_company_logo_is_inline_in_the_html_part_and_a_run_of_invoices_shares_one_connection(
        app, company, smtp_server):
    from guichet.core.sales import company_logo

    rt = _rt(app)
    stored = company_logo.set_logo(rt, company, _image("JPEG"))
    assert (stored["width"], stored["height"]) == (600, 200)  # made small
    _send(app, company, number="FV-LOGO-1")
    _send(app, company, number="FV-LOGO-2")
    assert len(smtp_server.messages) == 2 and smtp_server.logins == ["guichet@example.test"]  # one STARTTLS + login
    message = smtp_server.messages[0]
    html = message.get_body(("html",))
    assert html is not None and "FV-LOGO-1" in html.get_content()
    [cid] = re.findall(r'src="cid:([^"]+)"', html.get_content())
    [image] = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert image["Content-ID"] == f"<{cid}>" and image.get_content_disposition() == "inline"
    assert image.get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"{PUBLIC}/payer/" in message.get_body(("plain",)).get_content()  # the text part is unchanged
    assert [p.get_filename() for p in message.iter_attachments()] == ["facture-FV-LOGO-1.pdf"]


def test_a_logo_is_type_and_size_checked(app, company):
    from guichet.core.sales import company_logo

    rt = _rt(app)
    with pytest.raises(company_logo.LogoRefused, match="PNG ou JPEG"):
        company_logo.set_logo(rt, company, _image("GIF"))
    with pytest.raises(company_logo.LogoRefused, match="illisible"):
        company_logo.set_logo(rt, company, b"<svg onload=alert(1)></svg>")
    with pytest.raises(company_logo.LogoRefused, match="trop lourd"):
        company_logo.set_logo(rt, company, b"\x89PNG" + b"0" * (3 * 1024 * 1024))
    assert company_logo.logo(rt, company) is None
    company_logo.set_logo(rt, company, _image("PNG", (300, 100)))
    assert company_logo.logo(rt, company)[1:] == (300, 100)
    company_logo.set_logo(rt, company, None)
    assert company_logo.logo(rt, company) is None


def test_the_logo_from_the_command_line(app, company, tmp_path):
    from click.testing import CliRunner

    from guichet.core.model.models import Company
    from guichet.core.ops.cli import cli
    from guichet.core.sales import company_logo

    rt = _rt(app)
    rt.pm.hook.register_commands(cli=cli)

    def run(*args):
        return CliRunner().invoke(cli, ["--data-dir", str(rt.settings.data_dir), "distribution", "logo", *args],
                                  obj={"pm": rt.pm}, catch_exceptions=False)

    (tmp_path / "logo.png").write_bytes(_image("PNG", (900, 150)))
    (tmp_path / "logo.gif").write_bytes(_image("GIF"))
    done = run("552081317", str(tmp_path / "logo.png"))
    assert done.exit_code == 0 and "600 × 100 px" in done.output
    assert company_logo.logo(rt, Company.get_by_id(company.id))[1:] == (600, 100)
    refused = run("552081317", str(tmp_path / "logo.gif"))
    assert refused.exit_code != 0 and "PNG ou JPEG" in refused.output
    assert run("552081317", "--retirer").exit_code == 0 and company_logo.logo(rt, Company.get_by_id(company.id)) is None
