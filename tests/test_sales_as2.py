"""The EDI channel by AS2: signed, encrypted (and compressed) UBL to a customer's AS2 server on loopback.

The customer's server is tests/as2partner.py: pyas2lib's own receiving side (decrypt, verify,
duplicates, signed MDN) behind an HTTP server. Asynchronous MDNs come back to Guichet's web app
served on loopback (``POST /as2/mdn``).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time

import pytest
import requests
from werkzeug.serving import make_server

from guichet.connectors.delivery_edi import as2 as delivery_as2
from guichet.core.model.models import Event, db
from guichet.core.model.sales_models import Delivery, DeliveryState
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress
from guichet.core.pipeline import followups
from guichet.core.sales import channels, customers
from guichet.core.sales.customers import CustomerRefused
from guichet.core.settings import load_settings
from guichet.core.storage.records import load_invoice
from guichet.web.app import create_app

from as2partner import AS2_ID, As2Partner, key_and_certificate
from sales_samples import sales_invoice
from smtpserver import smtp_server  # noqa: F401 - fixture


@pytest.fixture
def served(tmp_path):
    """Guichet's web app on loopback (it receives asynchronous MDNs), and its runtime."""
    settings = load_settings(tmp_path / "instance", queue={"backend": "memory"},
                             outbound={"allowed_hosts": ["127.0.0.1"]})
    app = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    settings.values.setdefault("web", {})["public_url"] = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rt = app.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield app
    server.shutdown()


@pytest.fixture
def rt(served):
    return served.config["GUICHET_RUNTIME"]


@pytest.fixture
def company(rt):
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm

    return accounts.create_company(Firm.create(name="Cabinet"), "Société A", "552081317")


@pytest.fixture
def partner(rt, company):
    """The customer's AS2 server, which knows the company's AS2 identifier and certificate."""
    server = As2Partner().start()
    ours = delivery_as2.identity(rt.settings, company)
    server.know(ours["as2_id"], ours["certificate"])
    yield server
    server.stop()


def _customer(rt, document, partner, **as2):
    with db.atomic():
        customer = customers.learn(document, load_invoice(document))
    values = {"transport": "as2", "syntax": "ubl", "as2_url": partner.url, "as2_id": partner.as2_id,
              "as2_certificate": partner.certificate, "as2_mdn": "sync", **as2}
    fields = customers.clean({"edi": values, "channel": "edi"}, channels=channels.labels(rt.pm),
                             settings=rt.settings, firm_staff=True)
    customers.update(customer, fields)
    return customer


def _delivery(document):
    return Delivery.get(Delivery.document == document.id)


def _mdn_posted(partner, count=1):
    """Wait for the partner's asynchronous MDN post(s) to be answered."""
    deadline = time.monotonic() + 30
    while len(partner.mdns_posted) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return partner.mdns_posted


def _settled(rt, document):
    """The run's status once the MDN was taken into account (its wake-up may have run it already)."""
    _due(document)
    followups.run(rt, document.id, "distribute")
    return StageRun.get(StageRun.document == document.id).status


def _due(document):
    StageRun.update(next_at=dt.datetime(2000, 1, 1)).where(StageRun.document == document.id).execute()


def test_signed_encrypted_compressed_ubl_is_delivered_with_a_signed_mdn_whose_mic_matches(rt, company, partner):
    document = sales_invoice(rt, company, number="FV-AS2-1", email=None)
    _customer(rt, document, partner, as2_compress=True)
    assert followups.run(rt, document.id, "distribute") == Progress.DONE
    delivery = _delivery(document)
    assert (delivery.channel, delivery.state) == ("edi", DeliveryState.DELIVERED)
    assert "MDN" in delivery.reason and "empreinte vérifiée" in delivery.reason
    kept = delivery.data["as2"]
    assert delivery.external_id == kept["message_id"]
    assert re.fullmatch(rf"guichet-d{delivery.id}-[0-9a-f]{{16}}@127\.0\.0\.1", kept["message_id"])  # unguessable
    assert kept["mic"] and kept["digest"] == "sha256"
    [(message_id, content)] = partner.received.items()
    assert message_id == delivery.external_id
    assert b"FV-AS2-1" in content and b"urn:oasis:names:specification:ubl" in content


def test_a_resend_keeps_its_message_id_and_the_partner_sees_a_duplicate(rt, company, partner):
    document = sales_invoice(rt, company, number="FV-AS2-2", email=None)
    _customer(rt, document, partner)
    assert followups.run(rt, document.id, "distribute") == Progress.DONE
    first = _delivery(document).external_id
    # A crash after the post, before the answer was recorded: the run starts over, the same Message-ID goes.
    Delivery.update(state=DeliveryState.TO_SEND).where(Delivery.document == document.id).execute()
    StageRun.update(status=str(Progress.PENDING)).where(StageRun.document == document.id).execute()
    assert followups.run(rt, document.id, "distribute") == Progress.DONE
    delivery = _delivery(document)
    assert delivery.external_id == first and partner.posts == 2 and len(partner.received) == 1
    assert delivery.state == DeliveryState.DELIVERED and "déjà reçu" in delivery.reason


def test_a_partner_that_cannot_verify_our_signature_answers_a_negative_mdn(rt, company, partner):
    ours = delivery_as2.identity(rt.settings, company)
    partner.know(ours["as2_id"], key_and_certificate("AUTRE")[1])  # it holds another certificate for us
    document = sales_invoice(rt, company, email=None)
    _customer(rt, document, partner)
    assert followups.run(rt, document.id, "distribute") == Progress.FAILED
    delivery = _delivery(document)
    assert delivery.state == DeliveryState.ERROR
    assert "accusé MDN négatif" in delivery.reason and "vérifier notre signature" in delivery.reason
    assert partner.received == {}


def test_an_unknown_as2_id_gets_a_negative_mdn(rt, company, partner):
    document = sales_invoice(rt, company, email=None)
    _customer(rt, document, partner, as2_id="DURAND-ERRONE")
    assert followups.run(rt, document.id, "distribute") == Progress.FAILED
    delivery = _delivery(document)
    assert delivery.state == DeliveryState.ERROR and "ne connaît pas notre identifiant AS2" in delivery.reason


def test_a_partner_down_is_retried_with_back_off_and_the_same_message(rt, company, partner):
    document = sales_invoice(rt, company, email=None)
    _customer(rt, document, partner)
    partner.down = True
    assert followups.run(rt, document.id, "distribute") == Progress.RETRY
    delivery = _delivery(document)
    assert delivery.state == DeliveryState.ERROR and "HTTP 503" in delivery.reason
    first = delivery.external_id
    assert followups.run(rt, document.id, "distribute") is None  # not before its back-off
    partner.down = False
    _due(document)
    assert followups.run(rt, document.id, "distribute") == Progress.DONE
    delivery = _delivery(document)
    assert delivery.state == DeliveryState.DELIVERED and delivery.external_id == first and partner.posts == 2
    assert followups.run(rt, document.id, "distribute") is None and partner.posts == 2  # never sent again


@pytest.fixture
def mailing(rt, smtp_server):
    """E-mail usable too: the customer's fall-back, which must never get an invoice AS2 may have delivered."""
    rt.settings.values["mail"] = smtp_server.settings()
    return smtp_server


def _with_email_fallback(rt, document, partner, **as2):
    customer = _customer(rt, document, partner, **as2)
    customers.update(customer, customers.clean({"fallbacks": ["email"]}, channels=channels.labels(rt.pm),
                                               settings=rt.settings, firm_staff=True))
    assert customer.emails  # e-mail is usable: only the rules below keep the invoice from it
    return customer


@pytest.mark.parametrize("fault", ["tamper", "wrong_mic"])
def test_a_synchronous_mdn_that_does_not_verify_retries_as2_with_the_same_message_never_email(
        rt, company, partner, mailing, fault):
    setattr(partner, fault, True)
    document = sales_invoice(rt, company)
    _with_email_fallback(rt, document, partner)
    assert followups.run(rt, document.id, "distribute") == Progress.RETRY  # HTTP 200: it may well be there
    delivery = _delivery(document)
    assert delivery.state == DeliveryState.ERROR and delivery.data["maybe_handed"] and not delivery.data.get("refused")
    assert ("accusé MDN invalide" if fault == "tamper" else "empreinte (MIC)") in delivery.reason
    assert mailing.messages == [] and len(partner.received) == 1
    first = delivery.external_id
    setattr(partner, fault, False)
    _due(document)
    assert followups.run(rt, document.id, "distribute") == Progress.DONE
    delivery = Delivery.get(Delivery.document == document.id)  # one row: no e-mail delivery was ever made
    assert delivery.state == DeliveryState.DELIVERED and "déjà reçu" in delivery.reason
    assert delivery.external_id == first and partner.posts == 2 and len(partner.received) == 1
    assert mailing.messages == []


def test_a_maybe_delivered_invoice_never_goes_to_another_channel_even_when_the_customer_changes(
        rt, company, partner, mailing):
    partner.tamper = True
    document = sales_invoice(rt, company)
    customer = _with_email_fallback(rt, document, partner)
    assert followups.run(rt, document.id, "distribute") == Progress.RETRY
    customers.update(customer, customers.clean({"channel": "email", "fallbacks": []}, channels=channels.labels(rt.pm),
                                               settings=rt.settings, firm_staff=True))
    _due(document)
    assert followups.run(rt, document.id, "distribute") == Progress.FAILED
    run = StageRun.get(StageRun.document == document.id)
    assert "peut-être déjà remise" in (run.reason or "") and mailing.messages == []


def _forged_mdn(original: str, disposition: str, recipient: str) -> tuple[dict[str, str], bytes]:
    """An unsigned MDN anyone could write, naming one of our messages."""
    body = ("--b\r\nContent-Type: text/plain\r\n\r\nrefus\r\n"
            "--b\r\nContent-Type: message/disposition-notification\r\n\r\n"
            f"Reporting-UA: forge\r\nOriginal-Recipient: rfc822; {recipient}\r\n"
            f"Final-Recipient: rfc822; {recipient}\r\nOriginal-Message-ID: <{original}>\r\n"
            f"Disposition: automatic-action/MDN-sent-automatically; {disposition}\r\n\r\n--b--\r\n").encode()
    headers = {"Content-Type": 'multipart/report; report-type=disposition-notification; boundary="b"',
               "AS2-Version": "1.2", "AS2-From": AS2_ID, "AS2-To": recipient, "Message-ID": "<forge@example.test>"}
    return headers, body


@pytest.mark.parametrize("disposition", ["processed/error: decryption-failed", "processed"])
def test_a_forged_unsigned_asynchronous_mdn_is_answered_400_and_changes_nothing(
        rt, company, partner, mailing, disposition):
    partner.hold = True  # the partner's own MDN has not come yet
    document = sales_invoice(rt, company)
    _with_email_fallback(rt, document, partner, as2_mdn="async")
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    before = _delivery(document)
    assert before.state == DeliveryState.SENT
    ours = delivery_as2.identity(rt.settings, company)["as2_id"]
    headers, body = _forged_mdn(before.external_id, disposition, ours)
    answer = requests.post(rt.settings.get("web.public_url") + "/as2/mdn", data=body, headers=headers, timeout=10)
    assert answer.status_code == 400
    assert Event.select().where(Event.kind == delivery_as2.MDN_EVENT).count() == 0  # nothing recorded
    _due(document)
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    delivery = _delivery(document)
    assert (delivery.state, delivery.reason, delivery.data) == (before.state, before.reason, before.data)
    assert Delivery.select().where(Delivery.document == document.id).count() == 1 and mailing.messages == []
    partner.release()  # the real, signed MDN still completes it
    assert _mdn_posted(partner) == [200]
    assert _settled(rt, document) == Progress.DONE and _delivery(document).state == DeliveryState.DELIVERED


def test_a_tampered_asynchronous_mdn_is_answered_400_and_the_delivery_waits(rt, company, partner, mailing):
    partner.tamper = True
    document = sales_invoice(rt, company)
    _with_email_fallback(rt, document, partner, as2_mdn="async")
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    assert _mdn_posted(partner) == [400], partner.mdn_answers  # read, does not verify, nothing recorded
    assert "accusé MDN invalide" in partner.mdn_answers[0]
    assert _settled(rt, document) == Progress.WAITING
    assert _delivery(document).state == DeliveryState.SENT and mailing.messages == []


def test_an_asynchronous_mdn_that_never_comes_is_an_error_for_a_person_and_a_retry_sends_the_same_message(
        rt, company, partner, mailing):
    partner.hold = True
    document = sales_invoice(rt, company)
    _with_email_fallback(rt, document, partner, as2_mdn="async")
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    _due(document)
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING  # not yet 48 hours
    Delivery.update(sent_at=dt.datetime(2000, 1, 1)).where(Delivery.document == document.id).execute()
    _due(document)
    assert followups.run(rt, document.id, "distribute") == Progress.FAILED
    delivery = _delivery(document)
    assert delivery.state == DeliveryState.ERROR and "non reçu après 48 h" in delivery.reason
    assert delivery.data["maybe_handed"] and mailing.messages == []
    first = delivery.external_id
    # A person sends it again: AS2 again, the same message (the partner sees a duplicate), never e-mail.
    StageRun.update(status=str(Progress.PENDING)).where(StageRun.document == document.id).execute()
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    delivery = _delivery(document)
    assert delivery.external_id == first and partner.posts == 2 and len(partner.received) == 1
    assert Delivery.select().where(Delivery.document == document.id).count() == 1 and mailing.messages == []


def test_a_receipt_awaited_is_still_read_after_the_customer_moves_to_sftp(rt, company, partner):
    partner.hold = True
    document = sales_invoice(rt, company, email=None)
    customer = _customer(rt, document, partner, as2_mdn="async")
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    sftp = {"transport": "sftp", "syntax": "ubl", "host": "127.0.0.1", "user": "durand",
            "host_key": "SHA256:" + "A" * 43}
    customers.update(customer, customers.clean({"edi": sftp}, channels=channels.labels(rt.pm),
                                               settings=rt.settings, firm_staff=True))
    partner.release()
    assert _mdn_posted(partner) == [200]
    assert _settled(rt, document) == Progress.DONE and _delivery(document).state == DeliveryState.DELIVERED


def test_an_oversized_mdn_is_refused_before_it_is_read(rt):
    url = rt.settings.get("web.public_url") + "/as2/mdn"
    big = b"x" * (2_000_000)
    assert requests.post(url, data=big, headers={"Content-Type": "multipart/report"}, timeout=10).status_code == 413

    def chunks():  # no Content-Length: read up to the limit, then refused
        for _ in range(40):
            yield b"y" * 50_000

    assert requests.post(url, data=chunks(), headers={"Content-Type": "multipart/report"}, timeout=10).status_code == 413


def test_the_partner_record_is_checked_and_firm_staff_only(rt, company, partner):
    labels = channels.labels(rt.pm)
    good = {"transport": "as2", "as2_url": partner.url, "as2_id": partner.as2_id, "as2_certificate": partner.certificate}
    with pytest.raises(CustomerRefused, match="seul le cabinet"):
        customers.clean({"edi": good}, channels=labels, settings=rt.settings, firm_staff=False)
    with pytest.raises(CustomerRefused, match="certificat"):
        customers.clean({"edi": {**good, "as2_certificate": "pas un certificat"}}, channels=labels,
                         settings=rt.settings, firm_staff=True)
    with pytest.raises(CustomerRefused, match="identifiant AS2"):
        customers.clean({"edi": {**good, "as2_id": "é" * 3}}, channels=labels, settings=rt.settings, firm_staff=True)
    rt.settings.values["outbound"]["allowed_hosts"] = []
    with pytest.raises(CustomerRefused, match="bouclage"):
        customers.clean({"edi": good}, channels=labels, settings=rt.settings, firm_staff=True)
    edi = customers.clean({"edi": {**good, "as2_url": "https://as2.durand.example/recevoir"}}, channels=labels,
                          settings=rt.settings, firm_staff=True)["edi"]
    assert (edi["as2_sign"], edi["as2_encrypt"], edi["as2_mdn"], edi["as2_encryption"]) == (True, True, "sync", "aes_256_cbc")


def test_the_company_identity_from_the_command_line(rt, company, tmp_path):
    from click.testing import CliRunner

    from guichet.core.ops.cli import cli

    rt.pm.hook.register_commands(cli=cli)

    def run(*args):
        return CliRunner().invoke(cli, ["--data-dir", str(rt.settings.data_dir), "edi", "as2", *args],
                                  obj={"pm": rt.pm}, catch_exceptions=False)

    shown = run("552081317")
    ours = delivery_as2.identity(rt.settings, type(company).get_by_id(company.id), create=False)
    assert shown.exit_code == 0 and "GUICHET-552081317" in shown.output and ours["certificate"].strip() in shown.output
    assert "PRIVATE KEY" not in shown.output
    key, cert = key_and_certificate("CABINET-AS2")
    (tmp_path / "k.pem").write_text(key)
    (tmp_path / "c.pem").write_text(key_and_certificate("AUTRE")[1])
    refused = run("552081317", "--key", str(tmp_path / "k.pem"), "--certificate", str(tmp_path / "c.pem"))
    assert refused.exit_code != 0 and "n'est pas celui de cette clé" in refused.output
    (tmp_path / "c.pem").write_text(cert)
    imported = run("552081317", "--id", "SOCIETE-A", "--key", str(tmp_path / "k.pem"), "--certificate", str(tmp_path / "c.pem"))
    assert imported.exit_code == 0 and "SOCIETE-A" in imported.output and cert.strip() in imported.output
    company = type(company).get_by_id(company.id)
    stored = company.settings["as2"]
    assert "PRIVATE" not in str(stored["key"]) and stored["as2_id"] == "SOCIETE-A"  # the key encrypted at rest
    assert run("000000000").exit_code != 0


def test_firm_staff_set_an_as2_partner_on_the_customer_page_and_see_our_certificate(served, rt, company, partner):
    from guichet.core.access import accounts

    from support import PASSWORD

    document = sales_invoice(rt, company, email=None)
    with db.atomic():
        customer = customers.learn(document, load_invoice(document))
    accounts.create_user("op@cabinet.example", PASSWORD, firm=company.firm, firm_role="operator")
    client = served.test_client()
    client.post("/login", data={"email": "op@cabinet.example", "password": PASSWORD})
    form = {"name": customer.name, "channel": "edi", "edi_transport": "as2", "edi_syntax": "cii",
            "edi_as2_url": partner.url, "edi_as2_id": partner.as2_id, "edi_as2_certificate": partner.certificate,
            "edi_as2_mdn": "async", "edi_as2_sign": "1", "edi_as2_encrypt": "1"}
    assert client.post(f"/clients/{customer.id}", data=form).status_code == 302
    edi = type(customer).get_by_id(customer.id).edi
    assert (edi["transport"], edi["syntax"], edi["as2_mdn"], edi["as2_compress"], edi["as2_sign"]) == (
        "as2", "cii", "async", False, True)
    page = client.get(f"/clients/{customer.id}").get_data(as_text=True)
    ours = delivery_as2.identity(rt.settings, company)
    assert ours["as2_id"] in page and ours["certificate"].strip().splitlines()[1] in page and "PRIVATE" not in page
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING  # async: the MDN comes later
    assert _mdn_posted(partner) == [200]
    assert _settled(rt, document) == Progress.DONE
    assert b"CrossIndustryInvoice" in next(iter(partner.received.values()))


def test_a_plain_profile_gets_an_unsigned_mdn_which_proves_nothing_more_than_it_says(rt, company, partner):
    ours = delivery_as2.identity(rt.settings, company)
    partner.know(ours["as2_id"], ours["certificate"], sign=False, encrypt=False)
    document = sales_invoice(rt, company, number="FV-AS2-P", email=None)
    _customer(rt, document, partner, as2_sign=False, as2_encrypt=False, as2_mdn_signed=False)
    assert followups.run(rt, document.id, "distribute") == Progress.DONE
    delivery = _delivery(document)
    assert delivery.state == DeliveryState.DELIVERED and delivery.reason.endswith("accusé de réception AS2 (MDN)")
    assert delivery.data["as2"]["mic"] is None and b"FV-AS2-P" in next(iter(partner.received.values()))


def test_a_process_that_sent_by_as2_can_still_seal(tmp_path):
    """asn1crypto's OID names are fixed at the first CMS attribute: AS2 first must not break the seal after."""
    import subprocess
    import sys

    script = (
        "from guichet.connectors.delivery_edi.as2 import pyas2lib\n"
        "pyas2lib()\n"
        "from asn1crypto import cms\n"
        "cms.CMSAttributeType('content_type')  # what pyas2lib builds when it signs\n"
        "import pyhanko.sign.signers  # the seal's library, as the seal stage loads it\n"
        "cms.CMSAttributeType('signing_certificate_v2')  # the attribute pyhanko asks by name\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
