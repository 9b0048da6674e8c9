"""EBICS connector end to end against the stand-in bank (tests/standins/ebics_bank.py): real RSA and AES.

Key initialisation (INI, HIA, letters, HPB, fingerprints), upload of a validated pain.001.001.09 batch
(BTU), statements downloaded (BTD, ZIP in several segments) into the statement import with duplicates
recognised, return codes in French, retries on network faults, rights and the outbound policy.
"""

from __future__ import annotations

import datetime as dt
from guichet.core.model.models import paris_today
import functools
import re
from decimal import Decimal

import pytest
from lxml import etree

from guichet.connectors.bank_ebics import keyring, service
from guichet.connectors.bank_ebics.messages import EbicsFailure
from guichet.connectors.bank_sepa import validate as validate_pain001
from guichet.core.access import payment_rights
from guichet.core.access.payment_rights import PaymentRefused
from guichet.core.model.ebics_models import AccessState, EbicsAccess, EbicsOrder, OrderState
from guichet.core.model.models import Event, db
from guichet.core.model.payment_models import BankStatement, ItemState, OpenItem
from guichet.core.money import batches

from payments_samples import COMPANY_IBAN, IBANS, Entry, archived_invoice, camt053
from support import PASSWORD
from standins.ebics_bank import EbicsBankStandIn, fingerprint, schemas

TODAY = paris_today()


def _hex(value: str) -> str:
    return re.sub(r"[^0-9a-f]", "", value.lower())


@pytest.fixture
def bank():
    """The stand-in bank; every request and answer of the test must follow the official H005 schemas."""
    with EbicsBankStandIn(segment_size=2048) as running:
        yield running
    assert running.schema_errors == []


_GENERATE = keyring.generate


@functools.cache
def _subscriber_keys():
    return _GENERATE("PARTNER1-USER1", "Société de test")


@pytest.fixture
def fast(rt, monkeypatch):
    """No pause between retries, and the subscriber's keys made once per process (RSA 2048 is slow)."""
    rt.settings.values.setdefault("ebics", {})["retry_pause"] = 0
    monkeypatch.setattr(keyring, "generate", lambda *_args: _subscriber_keys())
    return rt


def _configure(rt, company, bank, **extra):
    return service.configure(rt, company, url=bank.url, host_id=bank.host_id, partner_id="PARTNER1",
                             user_id="USER1", label="Banque de test", allowed_hosts=["127.0.0.1"], **extra)


def _ready(rt, company, bank):
    _configure(rt, company, bank)
    service.send_keys(rt, company)
    bank.activate()
    service.fetch_bank_keys(rt, company)
    letter = bank.letter()
    return service.confirm(company, authentication=letter["X002"], encryption=letter["E002"])


def test_key_initialisation_follows_the_letters(fast, company, bank):
    rt = fast
    made = _configure(rt, company, bank)
    assert made.state == AccessState.NEW and "PRIVATE" not in (made.keys or "")  # sealed, not PEM
    service.send_keys(rt, company)
    subscriber = bank.subscribers[("PARTNER1", "USER1")]
    made = service.require_access(company)
    assert made.state == AccessState.KEYS_SENT
    # What the letter prints is what the bank received by INI and HIA.
    assert {k: _hex(v) for k, v in made.fingerprints.items()} == {
        "A006": fingerprint(subscriber.signature), "X002": fingerprint(subscriber.authentication),
        "E002": fingerprint(subscriber.encryption)}
    html = service.letters(rt, company)
    assert "Lettre INI" in html and "Lettre HIA" in html and made.fingerprints["A006"].upper() in html
    # Not activated yet: the bank's answer in French.
    with pytest.raises(EbicsFailure) as refused:
        service.fetch_bank_keys(rt, company)
    assert refused.value.code == "091002" and "pas encore activé" in str(refused.value)
    bank.activate()
    made = service.fetch_bank_keys(rt, company)
    assert made.state == AccessState.BANK_KEYS
    assert {k: _hex(v) for k, v in made.bank_fingerprints.items()} == bank.letter()
    with pytest.raises(EbicsFailure, match="ne correspond pas"):
        service.confirm(company, authentication="00" * 32, encryption=bank.letter()["E002"])
    assert service.require_access(company).state == AccessState.BANK_KEYS
    with pytest.raises(EbicsFailure, match="n'est pas prêt"):
        service.fetch_statements(rt, company)
    letter = bank.letter()
    spaced = " ".join(letter["X002"][i:i + 2].upper() for i in range(0, 64, 2))
    assert service.confirm(company, authentication=spaced, encryption=letter["E002"]).state == AccessState.READY
    kinds = [e.kind for e in Event.select().where(Event.kind.startswith("ebics.")).order_by(Event.id)]
    assert kinds[:3] == ["ebics.configured", "ebics.keys_sent", "ebics.bank_keys_received"]
    assert "ebics.bank_keys_mismatch" in kinds and kinds[-1] == "ebics.bank_keys_confirmed"


def test_letters_print_as_pdf(fast, company, bank):
    from guichet.connectors.bank_ebics.letter import letter_pdf

    _configure(fast, company, bank)
    assert letter_pdf(service.letters(fast, company)).startswith(b"%PDF")


def test_the_bank_url_obeys_the_outbound_policy(rt, company, bank):
    with pytest.raises(EbicsFailure, match="destination refusée"):
        service.configure(rt, company, url=bank.url.replace("http:", "https:"), host_id="H", partner_id="P",
                          user_id="U")
    with pytest.raises(EbicsFailure, match="https"):
        service.configure(rt, company, url="http://ebics.banque.example/ebicsweb", host_id="H", partner_id="P",
                          user_id="U")
    with pytest.raises(EbicsFailure, match="identifiants EBICS invalides"):
        service.configure(rt, company, url="https://ebics.banque.example/ebicsweb", host_id="H" * 40,
                          partner_id="P", user_id="U")


def _validated_batch(rt, company):
    batches.add_account(company, COMPANY_IBAN, address={"street": "1 rue de la Paix", "postcode": "75002",
                                                         "town": "Paris", "country": "FR"})
    archived_invoice(company, direction="purchase", number="ACH-1", amount="400.00", issue=TODAY, due=TODAY,
                     party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[0])
    archived_invoice(company, direction="purchase", number="ACH-2", amount="125.50", issue=TODAY, due=TODAY,
                     party="Fournisseur Beta SAS", party_siren="552100554", iban=IBANS[1])
    batch, skipped = batches.prepare(company, batches.due_purchases(company, due_before=TODAY))
    assert not skipped
    batches.validate(rt, batch)
    return type(batch).get_by_id(batch.id)


def test_a_validated_batch_is_sent_once(fast, company, bank):
    rt = fast
    _ready(rt, company, bank)
    batch = _validated_batch(rt, company)
    order = service.send_batch(rt, batch)
    assert order.state == OrderState.DONE and order.order_id
    [upload] = bank.uploads
    # The bank decrypted the order data and checked the A006 signature: it holds the validated file, the same
    # document without the line breaks between elements (its digest is the same whether a bank drops CR/LF).
    kept = batches.file_of(rt, batch)
    assert b"\n" in kept and b"\n" not in upload["data"] and upload["msg_name"] == "pain.001"
    parser = etree.XMLParser(remove_blank_text=True)
    assert etree.tostring(etree.fromstring(upload["data"], parser), method="c14n") == etree.tostring(
        etree.fromstring(kept, parser), method="c14n")
    assert upload["file_name"] == f"{batch.reference}.xml" and upload["order_id"] == order.order_id
    validate_pain001(upload["data"])
    with pytest.raises(EbicsFailure, match="déjà envoyé"):
        service.send_batch(rt, batch)
    assert len(bank.uploads) == 1
    sent = Event.select().where(Event.kind == "ebics.batch_sent").get()
    assert sent.data["batch"] == batch.reference and sent.data["total"] == "525.50"
    assert sent.data["sha256"] == batch.file_sha256 and sent.data["sha256_sent"] != batch.file_sha256


def test_a_draft_batch_is_not_sent(fast, company, bank):
    _ready(fast, company, bank)
    batches.add_account(company, COMPANY_IBAN)
    archived_invoice(company, direction="purchase", number="ACH-9", amount="10.00", issue=TODAY, due=TODAY,
                     party_siren="732829320", iban=IBANS[0])
    draft, _ = batches.prepare(company, batches.due_purchases(company, due_before=TODAY))
    with pytest.raises(EbicsFailure, match="lot validé"):
        service.send_batch(fast, draft)
    assert bank.uploads == []


def test_sending_needs_the_validate_right_or_a_mandate(fast, company, bank, make_user):
    rt = fast
    _ready(rt, company, bank)
    batch = _validated_batch(rt, company)
    staff = make_user("collab@cabinet.fr", firm_role="operator")
    with pytest.raises(PaymentRefused, match="mandat"):
        service.send_batch(rt, batch, user=staff)
    assert bank.uploads == []
    refused = Event.select().where(Event.kind == "payment.refused").order_by(Event.id.desc()).get()
    assert refused.user_id == staff.id
    payment_rights.record_mandate(company, staff, max_per_payment=Decimal("1000"), max_per_batch=Decimal("5000"),
                                  valid_from=TODAY, valid_until=TODAY + dt.timedelta(days=30), reference="M-1")
    assert service.send_batch(rt, batch, user=staff).state == OrderState.DONE
    client = make_user("gerant@client.fr", companies={company: "manage"})
    with pytest.raises(PaymentRefused):
        service.fetch_bank_keys(rt, company, user=client)  # key management: the firm's staff only


def test_a_refused_signature_fails_cleanly_and_may_be_sent_again(fast, company, bank):
    rt = fast
    _ready(rt, company, bank)
    batch = _validated_batch(rt, company)
    subscriber = bank.subscribers[("PARTNER1", "USER1")]
    genuine, subscriber.signature_key = subscriber.signature_key, bank.auth_key.public_key()  # another A006 key
    with pytest.raises(EbicsFailure) as refused:
        service.send_batch(rt, batch)
    assert refused.value.code == "091301" and "signature électronique (A006) refusée" in str(refused.value)
    failed = EbicsOrder.get(EbicsOrder.batch_id == batch.id)
    assert failed.state == OrderState.FAILED and failed.return_code == "091301"
    subscriber.signature_key = genuine
    assert service.send_batch(rt, batch).state == OrderState.DONE
    assert len(bank.uploads) == 1


def test_statements_are_fetched_imported_and_acknowledged(fast, company, bank):
    rt = fast
    _ready(rt, company, bank)
    sale = archived_invoice(company, direction="sales", number="FA-77", amount="1200.00", issue=TODAY,
                            due=TODAY, party="Client Gamma")
    day = dt.date(2026, 11, 30)
    first = camt053(COMPANY_IBAN, [Entry(Decimal("1200.00"), day, "Client Gamma", IBANS[3], "Facture FA-77")],
                    statement_id="STMT-A")
    second = camt053(COMPANY_IBAN, [Entry(Decimal("-35.00"), day, "Frais", None, "Commission")],
                     statement_id="STMT-B", opening=Decimal("2200.00"))
    bank.queue("camt.053", "stmt-a.xml", first)
    bank.queue("camt.053", "stmt-b.xml", second + b"<!-- " + b"x" * 6000 + b" -->")  # several segments
    report = service.fetch_statements(rt, company, start=day, end=day)
    assert (report.files, report.lines, report.matched, report.duplicates) == (2, 2, 1, 0)
    assert OpenItem.get(OpenItem.document == sale.id).state == ItemState.PAID
    assert bank.statements["camt.053"] == []  # positive receipt: delivered
    assert BankStatement.select().where(BankStatement.company == company.id).count() == 2
    # Nothing new: 090005 is not an error.
    empty = service.fetch_statements(rt, company)
    assert empty.empty and empty.files == 0
    assert EbicsOrder.select().where(EbicsOrder.kind == "BTD").order_by(EbicsOrder.id.desc()).get().state == "empty"
    # The bank sends the same statement again: recognised, not imported twice.
    bank.queue("camt.053", "stmt-a.xml", first)
    again = service.fetch_statements(rt, company)
    assert (again.files, again.lines, again.duplicates) == (1, 0, 1)
    assert BankStatement.select().where(BankStatement.company == company.id).count() == 2


def test_network_faults_are_retried_then_reported(fast, company, bank):
    rt = fast
    _ready(rt, company, bank)
    bank.queue("camt.054", "ntf.xml", camt053(COMPANY_IBAN, [Entry(Decimal("50.00"), dt.date(2026, 11, 3), "X")],
                                             statement_id="NTF-1", kind="054"))
    bank.drop_connections = 2
    report = service.fetch_statements(rt, company, kind="camt.054")
    assert bank.dropped == 2 and report.files == 1 and report.lines == 1
    bank.drop_connections = 10
    with pytest.raises(EbicsFailure, match="injoignable") as failed:
        service.fetch_statements(rt, company, kind="camt.054")
    assert failed.value.retryable and bank.dropped == 5  # three attempts


def test_an_interrupted_upload_stays_pending_until_released(fast, company, bank):
    rt = fast
    _ready(rt, company, bank)
    batch = _validated_batch(rt, company)
    original = bank.answer

    def cut_after_opening(body):
        if b"Transfer" in body:
            bank.drop_connections = 5  # the line goes down once the transaction is open
        return original(body)

    bank.answer = cut_after_opening
    with pytest.raises(EbicsFailure, match="injoignable"):
        service.send_batch(rt, batch)
    bank.answer = original
    order = EbicsOrder.get(EbicsOrder.batch_id == batch.id)
    assert order.state == OrderState.PENDING and order.transaction_id
    with pytest.raises(EbicsFailure, match="vérifiez sur le portail"):
        service.send_batch(rt, batch)
    bank.drop_connections = 0
    service.release(order, note="absent du portail")
    assert service.send_batch(rt, batch).state == OrderState.DONE
    assert len(bank.uploads) == 1


@pytest.mark.parametrize("lost", ["dropped", "unsigned"])
def test_an_upload_whose_last_answer_is_lost_stays_pending(fast, company, bank, lost):
    """The bank took the last segment (it will execute the batch) but its answer never reads right.

    Dropped: the transport sends the same request again and the bank answers with a code (091101, the
    transaction is closed); unsigned: the answer fails the check of the bank's X002 signature. Either way the
    outcome is unknown: the order stays pending and « Envoyer » is refused until a person released it.
    """
    from cryptography.hazmat.primitives.asymmetric import rsa

    rt = fast
    _ready(rt, company, bank)
    batch = _validated_batch(rt, company)
    original, genuine = bank.answer, bank.auth_key
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048) if lost == "unsigned" else None
    state = {"cut": False}

    def lose_the_last_answer(body):
        last = b'lastSegment="true"' in body and not state["cut"]
        if last and stranger is not None:
            bank.auth_key = stranger
        try:
            answer = original(body)
        finally:
            bank.auth_key = genuine
        if last:
            state["cut"] = True
            if stranger is None:
                bank.drop_answers = 1
        return answer

    bank.answer = lose_the_last_answer
    with pytest.raises(EbicsFailure) as failed:
        service.send_batch(rt, batch)
    bank.answer = original
    assert len(bank.uploads) == 1  # the bank has the batch
    if lost == "dropped":
        assert failed.value.code == "091101"
    order = EbicsOrder.get(EbicsOrder.batch_id == batch.id)
    assert order.state == OrderState.PENDING and order.transaction_id
    event = Event.select().where(Event.kind == "ebics.batch_send_failed").get()
    assert event.data["outcome_unknown"] is True
    with pytest.raises(EbicsFailure, match="vérifiez sur le portail"):
        service.send_batch(rt, batch)
    assert len(bank.uploads) == 1


def test_a_refusal_at_initialisation_may_be_sent_again(fast, company, bank):
    """The bank refused the opening (here: it no longer knows the subscriber's state): nothing was sent."""
    rt = fast
    _ready(rt, company, bank)
    batch = _validated_batch(rt, company)
    bank.subscribers[("PARTNER1", "USER1")].active = False
    with pytest.raises(EbicsFailure) as refused:
        service.send_batch(rt, batch)
    assert refused.value.code == "091002"
    assert EbicsOrder.get(EbicsOrder.batch_id == batch.id).state == OrderState.FAILED
    bank.subscribers[("PARTNER1", "USER1")].active = True
    assert service.send_batch(rt, batch).state == OrderState.DONE
    assert len(bank.uploads) == 1


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_the_database_holds_one_live_upload_per_batch(fast, company, bank):
    from peewee import IntegrityError

    access = _configure(fast, company, bank)
    live = {"access": access, "company": company.id, "kind": "BTU", "batch_id": 7}
    EbicsOrder.create(**live, state=OrderState.FAILED)
    EbicsOrder.create(**live, state=OrderState.PENDING)
    with pytest.raises(IntegrityError), db.atomic():
        EbicsOrder.create(**live, state=OrderState.DONE)
    with pytest.raises(IntegrityError), db.atomic():
        EbicsOrder.create(**live, state=OrderState.PENDING)
    EbicsOrder.create(**live, state=OrderState.FAILED)  # failed sends do not count
    EbicsOrder.create(**{**live, "batch_id": 8}, state=OrderState.PENDING)  # another batch
    for _ in range(2):  # downloads carry no batch
        EbicsOrder.create(access=access, company=company.id, kind="BTD", state=OrderState.PENDING)
    assert EbicsOrder.select().where(EbicsOrder.batch_id == 7).count() == 3


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_two_clicks_at_once_upload_the_batch_once(fast, company, bank, monkeypatch):
    """Both clicks passed the read check before either wrote its order: the index refuses the second."""
    rt = fast
    _ready(rt, company, bank)
    batch = _validated_batch(rt, company)
    access = service.require_access(company)
    first = EbicsOrder.create(access=access, company=company.id, kind="BTU", batch_id=batch.id)  # the other click
    monkeypatch.setattr(service, "_live_upload", lambda _batch_id: None, raising=False)  # its check saw nothing
    with pytest.raises(EbicsFailure, match="déjà en cours"):
        service.send_batch(rt, batch)
    assert bank.uploads == []
    assert [o.id for o in EbicsOrder.select().where(EbicsOrder.batch_id == batch.id)] == [first.id]


def test_a_download_is_bounded_in_total_once_decompressed(monkeypatch):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):
            archive.writestr(f"s{number}.xml", b"<a/>" + b" " * 996)  # 1,000 bytes each, a few once compressed
    monkeypatch.setattr(service, "MAX_TOTAL_BYTES", 2500, raising=False)
    with pytest.raises(EbicsFailure, match="trop volumineux"):
        service.unpack(buffer.getvalue())
    monkeypatch.setattr(service, "MAX_TOTAL_BYTES", 3000, raising=False)
    assert [len(content) for _name, content in service.unpack(buffer.getvalue())] == [1000] * 3


class _EndlessAnswer:
    """A server that answers 200 with a body of ``size`` bytes and no Content-Length (it ends with the connection)."""

    def __init__(self, size: int) -> None:
        from http.server import BaseHTTPRequestHandler

        from standins.base import StandIn

        outer = self
        self.written = 0

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.end_headers()
                chunk = b"<!--" + b"x" * (65536 - 7) + b"-->"
                try:
                    while outer.written < size:
                        self.wfile.write(chunk)
                        outer.written += len(chunk)
                except OSError:  # the client hung up
                    pass
                self.close_connection = True

        class Server(StandIn):
            handler = Handler

        self.server = Server()

    def __enter__(self):
        self.server.start()
        return self

    def __exit__(self, *exc):
        self.server.stop()


def test_an_oversized_answer_is_abandoned_while_it_streams(rt, monkeypatch):
    """The transport stops reading at the limit: the bank cannot make the instance hold its whole answer."""
    from types import SimpleNamespace

    from guichet.connectors.bank_ebics import transport as transport_module

    monkeypatch.setattr(transport_module, "MAX_RESPONSE", 256 * 1024)
    size = 32 * 1024 * 1024
    with _EndlessAnswer(size) as server:
        access = SimpleNamespace(url=f"http://127.0.0.1:{server.server.port}/ebicsweb", allowed_hosts=["127.0.0.1"])
        link = transport_module.Transport(rt.settings, access, attempts=1, pause=0)
        with pytest.raises(EbicsFailure, match="trop volumineuse"):
            link.post(etree.Element("ebicsRequest"))
    assert server.written < size // 4  # what the socket buffers took before the client hung up, not the whole body


def test_a_download_period_needs_both_dates(fast, company, bank):
    """One date alone would be dropped silently (the bank would send what it chooses): refused, in French."""
    _ready(fast, company, bank)
    day = dt.date(2026, 11, 30)
    for start, end in ((day, None), (None, day)):
        with pytest.raises(EbicsFailure, match="les deux dates"):
            service.fetch_statements(fast, company, start=start, end=end)
    with pytest.raises(EbicsFailure, match="période inversée"):
        service.fetch_statements(fast, company, start=day, end=day - dt.timedelta(days=1))
    assert EbicsOrder.select().where(EbicsOrder.kind == "BTD").count() == 0


@pytest.mark.skipif(schemas() is None, reason="XSD EBICS H005 absents (shared/specs/ebics-h005)")
def test_requests_and_answers_follow_the_official_schemas(fast, company, bank):
    """INI, HIA, HPB, BTU and BTD requests, their order data and the A006 signature validate against the XSDs."""
    rt = fast
    _ready(rt, company, bank)
    service.send_batch(rt, _validated_batch(rt, company))
    bank.queue("camt.053", "s.xml", camt053(COMPANY_IBAN, [Entry(Decimal("1.00"), dt.date(2026, 11, 3), "X")]))
    service.fetch_statements(rt, company)
    assert bank.validated >= 15 and bank.schema_errors == []
    # The check itself can fail: a request without its mandatory order details is refused by the schema.
    from lxml import etree

    broken = etree.fromstring(b'<ebicsRequest xmlns="urn:org:ebics:H005" Version="H005" Revision="1">'
                              b'<header authenticate="true"><static/><mutable/></header><body/></ebicsRequest>')
    bank.check(broken, "essai")
    assert len(bank.schema_errors) == 1
    bank.schema_errors.clear()


def test_a_failed_import_leaves_the_statements_at_the_bank(fast, company, bank, monkeypatch):
    from guichet.core.money import statements

    rt = fast
    _ready(rt, company, bank)
    bank.queue("camt.053", "s.xml", camt053(COMPANY_IBAN, [Entry(Decimal("9.00"), dt.date(2026, 11, 5), "Z")],
                                            statement_id="STMT-Z"))
    real = statements.import_file

    def broken(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr(statements, "import_file", broken)
    with pytest.raises(OSError):
        service.fetch_statements(rt, company)
    assert len(bank.statements["camt.053"]) == 1  # negative receipt: still offered
    failed = EbicsOrder.select().where(EbicsOrder.kind == "BTD").order_by(EbicsOrder.id.desc()).get()
    assert failed.state == OrderState.FAILED and "laissés à la banque" in failed.message
    monkeypatch.setattr(statements, "import_file", real)
    assert service.fetch_statements(rt, company).lines == 1
    assert bank.statements["camt.053"] == []


def test_an_answer_not_signed_by_the_confirmed_bank_key_is_rejected(fast, company, bank):
    from cryptography.hazmat.primitives.asymmetric import rsa

    _ready(fast, company, bank)
    bank.queue("camt.053", "s.xml", camt053(COMPANY_IBAN, [Entry(Decimal("9.00"), dt.date(2026, 11, 5), "Z")]))
    bank.auth_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # someone else answers
    with pytest.raises(EbicsFailure, match="ne porte pas la signature de la banque"):
        service.fetch_statements(fast, company)
    assert BankStatement.select().count() == 0 and len(bank.statements["camt.053"]) == 1


def test_another_companys_people_reach_nothing(fast, company, other_company, bank, make_user):
    from guichet.web.app import create_app

    _ready(fast, company, bank)
    batch = _validated_batch(fast, company)
    make_user("intrus@autre.fr", companies={other_company: "manage"})
    make_user("staff@cabinet.fr", firm_role="operator")
    app = create_app(fast.settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/login", data={"email": "intrus@autre.fr", "password": PASSWORD})
    base = f"/dossiers/{company.id}/paiements"
    for url in (f"{base}/banque", f"{base}/banque/lettres.pdf", f"{base}/banque/lettres.html"):
        assert client.get(url).status_code == 404, url
    for url in (f"{base}/banque", f"{base}/banque/relever", f"{base}/lots/{batch.id}/envoyer"):
        assert client.post(url, data={"action": "hpb"}).status_code == 404, url
    assert bank.uploads == []


def test_the_daily_task_fetches_every_ready_access_and_goes_on_after_a_failure(fast, company, other_company, bank):
    rt = fast
    _ready(rt, company, bank)
    service.configure(rt, other_company, url=bank.url, host_id=bank.host_id, partner_id="PARTNER2",
                      user_id="USER2", allowed_hosts=["127.0.0.1"])
    with db.atomic():  # as if initialised, but the bank does not know this subscriber
        EbicsAccess.update(state=AccessState.READY, bank_keys=service.require_access(company).bank_keys).where(
            EbicsAccess.company == other_company.id).execute()
    bank.queue("camt.053", "s.xml", camt053(COMPANY_IBAN, [Entry(Decimal("9.00"), dt.date(2026, 11, 5), "Z")]))
    outcome = service.fetch_all(rt)
    assert outcome[company.id] == "ok" and "091002" in outcome[other_company.id]
    assert BankStatement.select().where(BankStatement.company == company.id).count() == 1
    assert service.fetch_all(rt)[company.id] == "vide"


def test_a_file_with_line_breaks_in_its_values_is_not_sent():
    from guichet.connectors.bank_ebics.orders import without_line_breaks

    assert without_line_breaks(b"<?xml version='1.0'?>\n<a>\n  <b>x</b>\n</a>\n").count(b"\n") == 0
    with pytest.raises(EbicsFailure, match="retours à la ligne"):
        without_line_breaks(b"<a>\n  <b>deux\nlignes</b>\n</a>")


@pytest.fixture
def bank_h004():
    with EbicsBankStandIn(version="H004", segment_size=2048) as running:
        yield running
    assert running.schema_errors == []


def test_ebics_25_end_to_end(fast, company, bank_h004):
    """EBICS 2.5 (H004): INI/HIA with PubKeyValue, letters over exponent and modulus, HPB, FUL, FDL."""
    rt, bank = fast, bank_h004
    service.configure(rt, company, url=bank.url, host_id=bank.host_id, partner_id="PARTNER1", user_id="USER1",
                      allowed_hosts=["127.0.0.1"], version="H004")
    service.send_keys(rt, company)
    made = service.require_access(company)
    assert {k: _hex(v) for k, v in made.fingerprints.items()} == bank.subscriber_fingerprints()
    assert "2.5 (H004)" in service.letters(rt, company)
    with pytest.raises(EbicsFailure, match="pas encore activé"):
        service.fetch_bank_keys(rt, company)
    bank.activate()
    made = service.fetch_bank_keys(rt, company)
    assert {k: _hex(v) for k, v in made.bank_fingerprints.items()} == bank.letter()
    service.confirm(company, authentication=bank.letter()["X002"], encryption=bank.letter()["E002"])
    batch = _validated_batch(rt, company)
    order = service.send_batch(rt, batch)
    assert order.state == OrderState.DONE and order.service == "FUL pain.001.001.09"
    [upload] = bank.uploads
    assert upload["msg_name"] == "pain.001" and b"<MsgId>" + batch.reference.encode() in upload["data"]
    day = dt.date(2026, 11, 30)
    bank.queue("camt.053", "a.xml", camt053(COMPANY_IBAN, [Entry(Decimal("5.00"), day, "A")], statement_id="H4-A"))
    bank.queue("camt.053", "b.xml", camt053(COMPANY_IBAN, [Entry(Decimal("6.00"), day, "B")], statement_id="H4-B")
               + b"<!-- " + b"y" * 5000 + b" -->")
    report = service.fetch_statements(rt, company, start=day, end=day)
    assert (report.files, report.lines) == (2, 2) and bank.statements["camt.053"] == []
    assert service.fetch_statements(rt, company).empty
    if schemas("H004") is not None:
        assert bank.validated >= 10


def test_ebics_25_an_upload_whose_last_answer_is_lost_stays_pending(fast, company, bank_h004):
    """FUL (H004): the bank took the last segment, its answer was lost, the resent segment got 091101."""
    rt, bank = fast, bank_h004
    service.configure(rt, company, url=bank.url, host_id=bank.host_id, partner_id="PARTNER1", user_id="USER1",
                      allowed_hosts=["127.0.0.1"], version="H004")
    service.send_keys(rt, company)
    bank.activate()
    service.fetch_bank_keys(rt, company)
    service.confirm(company, authentication=bank.letter()["X002"], encryption=bank.letter()["E002"])
    batch = _validated_batch(rt, company)
    original, state = bank.answer, {"cut": False}

    def lose_the_last_answer(body):
        answer = original(body)
        if b'lastSegment="true"' in body and not state["cut"]:
            state["cut"] = True
            bank.drop_answers = 1
        return answer

    bank.answer = lose_the_last_answer
    with pytest.raises(EbicsFailure) as failed:
        service.send_batch(rt, batch)
    bank.answer = original
    assert failed.value.code == "091101" and len(bank.uploads) == 1
    assert EbicsOrder.get(EbicsOrder.batch_id == batch.id).state == OrderState.PENDING
    with pytest.raises(EbicsFailure, match="vérifiez sur le portail"):
        service.send_batch(rt, batch)
    assert len(bank.uploads) == 1
