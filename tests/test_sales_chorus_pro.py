"""The Chorus Pro channel against a stand-in of PISTE and Chorus Pro (tests/standins/chorus_pro.py).

The client is connectors/chorus_pro.py as used in production: OAuth2 client credentials,
the technical account header, the structure look-up, the deposit of the Factur-X, the
report and the invoice's statuses, errors included.
"""

from __future__ import annotations

import base64
import datetime as dt
import threading

import pytest

from guichet.connectors import chorus_pro
from guichet.core.connector_vault import encrypt_text
from guichet.core.model.models import db
from guichet.core.model.sales_models import Customer, Delivery, DeliveryState
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress
from guichet.core.ops import runtime
from guichet.core.pipeline import followups
from guichet.core.sales import channels, customers
from guichet.core.settings import load_settings
from guichet.core.storage.records import load_invoice

from sales_samples import PDF, sales_invoice
from standins.chorus_pro import CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD, ChorusStandIn

SIRET = "21690123100011"


@pytest.fixture
def cpro():
    chorus_pro._tokens.clear()
    with ChorusStandIn() as standin:
        standin.add_structure(SIRET)
        yield standin


@pytest.fixture
def rt(tmp_path, cpro, backend, request):
    database = {"url": request.getfixturevalue("pg_url")} if backend == "postgres" else {}
    settings = load_settings(tmp_path / "instance", queue={"backend": "memory"}, chorus_pro={
        "oauth_url": f"{cpro.url}/api/oauth/token", "api_url": cpro.url, "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET, "poll_seconds": 60, "timeout": 5}, **({"database": database} if database else {}))
    started = runtime.start(settings)
    with started.database.connection_context():
        yield started
    started.database.close()


@pytest.fixture
def company(rt):
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm

    made = accounts.create_company(Firm.create(name="Cabinet"), "Société A", "552081317")
    made.settings = {"chorus_pro": {"login": LOGIN, "password": encrypt_text(rt.settings, PASSWORD)}}
    made.save()
    return made


def _public_invoice(rt, company, **kwargs):
    document = sales_invoice(rt, company, buyer="Mairie de Lyon", buyer_siren=None, buyer_siret=SIRET,
                             email=None, **kwargs)
    with db.atomic():
        customer = customers.learn(document, load_invoice(document))
    customers.update(customer, {"channel": "chorus_pro"})
    return document


def _run(rt, document, *, later: bool = False):
    if later:
        StageRun.update(next_at=dt.datetime(2000, 1, 1)).where(StageRun.document == document.id).execute()
    return followups.run(rt, document.id, "distribute")


def _suspended(rt, company, cpro, number):
    """A public invoice deposited, then suspended by the buyer (seen at the second status check)."""
    cpro.outcomes = [["SUSPENDUE"]]
    document = _public_invoice(rt, company, number=number)
    assert _run(rt, document) == Progress.WAITING
    assert _run(rt, document, later=True) == Progress.WAITING
    return document


def _delivery(document):
    return Delivery.get(Delivery.document == document.id)


def test_deposit_then_statuses_until_paid(rt, company, cpro):
    cpro.outcomes = [["IN_RECU", "MISE_A_DISPOSITION", "MISE_EN_PAIEMENT"]]
    document = _public_invoice(rt, company, number="FV-PUB-1")
    assert _run(rt, document) == Progress.WAITING
    [flux] = cpro.deposits
    assert cpro.deposits[flux]["data"] == PDF.read_bytes() and cpro.deposits[flux]["name"] == "facture-FV-PUB-1.pdf"
    deposit = next(r for r in cpro.requests if r["path"].endswith("deposer/flux"))
    assert deposit["body"]["syntaxeFlux"] == "IN_DP_E2_CII_FACTURX" and deposit["body"]["avecSignature"] is False
    assert deposit["headers"]["cpro-account"] == base64.b64encode(f"{LOGIN}:{PASSWORD}".encode()).decode()
    assert deposit["headers"]["Authorization"].startswith("Bearer ")
    delivery = _delivery(document)
    assert (delivery.state, delivery.external_id) == (DeliveryState.SENT, flux)
    assert Customer.get(Customer.siret == SIRET).chorus["structure_id"] == "25000"
    assert _run(rt, document, later=True) == Progress.WAITING
    assert "en traitement" in _delivery(document).reason
    assert _run(rt, document, later=True) == Progress.WAITING
    assert _delivery(document).state == DeliveryState.DELIVERED and "MISE_A_DISPOSITION" in _delivery(document).reason
    assert _run(rt, document, later=True) == Progress.DONE
    assert "MISE_EN_PAIEMENT" in _delivery(document).reason
    assert len(cpro.deposits) == 1  # polled, never deposited twice
    assert sum(r["path"] == "/api/oauth/token" for r in cpro.requests) == 1  # the token is reused


def test_a_rejected_flux_and_a_rejected_invoice_fail_with_the_reason(rt, company, cpro):
    cpro.outcomes = [["IN_REJETE"], ["REJETEE"]]
    first = _public_invoice(rt, company, number="FV-R1")
    _run(rt, first)
    assert _run(rt, first, later=True) == Progress.FAILED
    assert "SIRET du destinataire est inconnu" in _delivery(first).reason
    assert _delivery(first).state == DeliveryState.ERROR
    second = _public_invoice(rt, company, number="FV-R2")
    _run(rt, second)
    assert _run(rt, second, later=True) == Progress.FAILED
    assert "rejetée par l'acheteur" in _delivery(second).reason


def test_a_structure_requiring_a_service_code_refuses_an_invoice_without_bt10(rt, company, cpro):
    cpro.structures.clear()
    cpro.add_structure(SIRET, service=True)
    document = _public_invoice(rt, company)
    assert _run(rt, document) == Progress.FAILED
    assert "code service" in _delivery(document).reason and cpro.deposits == {}
    customer = Customer.get(Customer.siret == SIRET)
    assert customer.chorus["service_required"] is True
    assert "code service" in channels.missing_by_channel(rt, customer)["chorus_pro"]
    with_code = _public_invoice(rt, company, number="FV-S", buyer_reference="SERV-FIN")
    customers.update(Customer.get_by_id(customer.id), {"chorus": {**customer.chorus, "service_code": "SERV-FIN"}})
    assert _run(rt, with_code) == Progress.WAITING and len(cpro.deposits) == 1


def test_an_unknown_siret_is_refused_and_faults_are_retried(rt, company, cpro):
    cpro.structures.clear()
    document = _public_invoice(rt, company)
    assert _run(rt, document) == Progress.FAILED
    assert "n'est pas une structure Chorus Pro" in _delivery(document).reason
    cpro.add_structure(SIRET)
    cpro.down = True
    other = _public_invoice(rt, company, number="FV-D")
    assert _run(rt, other) == Progress.RETRY
    assert "indisponible (503)" in _delivery(other).reason
    cpro.down = False
    assert _run(rt, other, later=True) == Progress.WAITING


def test_an_expired_token_is_renewed_and_bad_credentials_wait(rt, company, cpro):
    document = _public_invoice(rt, company)
    _run(rt, document)
    cpro.expire_tokens()
    assert _run(rt, document, later=True) in (Progress.WAITING, Progress.DONE)
    assert sum(r["path"] == "/api/oauth/token" for r in cpro.requests) == 2
    company.settings = {"chorus_pro": {"login": LOGIN, "password": "faux"}}
    company.save()
    other = _public_invoice(rt, company, number="FV-X")
    assert _run(rt, other) == Progress.RETRY
    assert "403" in _delivery(other).reason


def test_missing_access_leaves_the_customer_to_complete(rt, company, cpro):
    company.settings = {}
    company.save()
    document = _public_invoice(rt, company)
    assert _run(rt, document) == Progress.WAITING
    assert "compte technique Chorus Pro" in _delivery(document).reason


def test_a_suspended_invoice_is_completed_with_a_comment_and_attachments(rt, company, cpro, tmp_path):
    from click.testing import CliRunner

    from guichet.core.ops.cli import cli
    from guichet.core.sales.channels import DeliveryRefused

    document = _suspended(rt, company, cpro, "FV-PUB-S")
    delivery = _delivery(document)
    assert delivery.data["chorus_status"] == "SUSPENDUE" and "suspendue par l'acheteur" in delivery.reason
    with pytest.raises(DeliveryRefused, match="type non accepté"):
        chorus_pro.complete(rt, delivery, "voir bon", [("virus.exe", b"MZ")])
    assert cpro.files == []  # nothing uploaded
    # The command line, as the firm would run it (the instance's file names Chorus Pro).
    (rt.settings.data_dir / "guichet.toml").write_text(
        f'[queue]\nbackend = "memory"\n[chorus_pro]\noauth_url = "{cpro.url}/api/oauth/token"\napi_url = "{cpro.url}"\n'
        f'client_id = "{CLIENT_ID}"\nclient_secret = "{CLIENT_SECRET}"\npoll_seconds = 60\n', "utf-8")
    (tmp_path / "bon-de-commande.pdf").write_bytes(PDF.read_bytes())
    rt.pm.hook.register_commands(cli=cli)
    cpro.deposits[delivery.external_id]["script"] = ["MISE_EN_PAIEMENT"]  # after completion the buyer pays
    result = CliRunner().invoke(cli, ["--data-dir", str(rt.settings.data_dir), "chorus-pro", "completer", str(delivery.id),
                                      "--commentaire", "Bon de commande joint", "--piece", str(tmp_path / "bon-de-commande.pdf")],
                                obj={"pm": rt.pm}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "complétée (1 pièce(s) jointe(s)) : Bon de commande joint" in result.output
    entry = cpro.deposits[delivery.external_id]
    assert entry["completed"] == {"comment": "Bon de commande joint", "files": ["bon-de-commande.pdf"]}
    assert cpro.files[0]["data"] == PDF.read_bytes() and cpro.files[0]["mime"] == "application/pdf"
    from guichet.core.model.models import Event

    done = Event.get(Event.kind == "delivery.chorus_completed")
    assert done.document_id == document.id and done.data["files"] == ["bon-de-commande.pdf"]
    _run(rt, document, later=True)  # (the completion already woke the run up when the queue ran it)
    assert _delivery(document).data["chorus_status"] in ("COMPLETEE", "MISE_EN_PAIEMENT")
    assert _delivery(document).state == DeliveryState.DELIVERED
    with pytest.raises(DeliveryRefused, match="suspendue"):
        chorus_pro.complete(rt, _delivery(document), "encore", [])


def test_a_suspended_invoice_is_completed_once_before_the_next_status_check(rt, company, cpro, monkeypatch):
    from guichet.core.sales.channels import DeliveryRefused

    document = _suspended(rt, company, cpro, "FV-PUB-S2")
    stale = _delivery(document)
    woken = []
    monkeypatch.setattr(rt, "enqueue", lambda *args: woken.append(args))  # the worker has not looked yet
    chorus_pro.complete(rt, stale, "Bon de commande joint", [("bon.pdf", PDF.read_bytes())])
    assert len(cpro.files) == 1 and woken
    for delivery in (stale, _delivery(document)):  # a second click, from the old page or a fresh one
        with pytest.raises(DeliveryRefused, match="déjà complétée"):
            chorus_pro.complete(rt, delivery, "Bon de commande joint", [("bon.pdf", PDF.read_bytes())])
    assert len(cpro.files) == 1  # nothing uploaded again, ``completer`` not called again
    assert _run(rt, document, later=True) == Progress.WAITING
    delivery = _delivery(document)
    assert delivery.data["chorus_status"] == "COMPLETEE" and delivery.data["chorus_completed"] is False


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_two_completions_at_once_complete_the_invoice_once(rt, company, cpro, monkeypatch):
    from guichet.core.model.models import Event
    from guichet.core.sales.channels import DeliveryRefused

    document = _suspended(rt, company, cpro, "FV-PUB-S3")
    delivery = _delivery(document)
    monkeypatch.setattr(rt, "enqueue", lambda *args: None)  # the worker is not the subject here
    # Both attempts have read the delivery before either uploads: each waits (2 s at most) at the upload for
    # the other. Before the lease both passed and uploaded; with it, the second never reaches the upload.
    both_uploading = threading.Barrier(2, timeout=2)
    upload = chorus_pro.ChorusClient.add_file

    def add_file_when_both_are_there(self, *args):
        try:
            both_uploading.wait()
        except threading.BrokenBarrierError:
            pass
        return upload(self, *args)

    monkeypatch.setattr(chorus_pro.ChorusClient, "add_file", add_file_when_both_are_there)
    outcomes = []

    def attempt():
        with db.connection_context():
            try:
                outcomes.append(chorus_pro.complete(rt, delivery, "Bon de commande joint", [("bon.pdf", PDF.read_bytes())]))
            except DeliveryRefused as exc:
                outcomes.append(exc)

    workers = [threading.Thread(target=attempt) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    done = [o for o in outcomes if isinstance(o, str)]
    refused = [str(o) for o in outcomes if isinstance(o, DeliveryRefused)]
    assert len(done) == 1 and done[0].startswith("complétée (1 pièce(s) jointe(s))"), outcomes
    assert len(refused) == 1 and ("en cours de traitement" in refused[0] or "déjà complétée" in refused[0]), outcomes
    assert len(cpro.files) == 1  # one upload, one ``completer``
    assert cpro.deposits[delivery.external_id]["completed"]["files"] == ["bon.pdf"]
    assert Event.select().where(Event.kind == "delivery.chorus_completed").count() == 1
    assert _delivery(document).data["chorus_completed"] is True
