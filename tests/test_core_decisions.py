"""Every human decision goes through core/pipeline/decisions.py, and every one is notified once committed.

GIVEN a document waiting for a person, WHEN someone decides (accept, send back, reject,
split, retry, validate coding, answer a follow-up stage), THEN the state and its event
are committed together, and every plugin hears of it through ``document_state_changed``
(or ``document_stage_changed``) after the commit, never for a decision rolled back.
"""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from guichet.core import hookimpl
from guichet.core.model.api_models import Webhook, WebhookDelivery
from guichet.core.model.coding_models import CodingTime
from guichet.core.model.models import Document, Event, Finding, Invoice, db
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Channel, Progress, State
from guichet.core.ops.cli import cli
from guichet.core.pipeline import claims, decisions, intake, pipeline

#: From the state a document is put in, the decision, its new state and its event kind.
FIELDS = {"invoice_number": "F-1", "issue_date": "2026-01-15", "currency": "EUR", "seller_name": "Fournisseur",
          "total_without_tax": "100.00", "total_tax": "20.00", "total_with_tax": "120.00"}
CASES = {
    "accept": (State.TO_REVIEW, lambda rt, u, d: decisions.accept(rt, u, d, "vérifié", enqueue=False),
               State.CHECKED, decisions.OVERRIDE_EVENT),
    "send_back": (State.TO_REVIEW, lambda rt, u, d: decisions.send_back(rt, u, d, "IBAN à relire", enqueue=False),
                  State.TO_CODE, decisions.RECODE_EVENT),
    "reject_review": (State.TO_REVIEW, lambda rt, u, d: decisions.reject(rt, u, d, "doublon", enqueue=False),
                      State.REJECTED, decisions.REJECT_EVENT),
    "reject_coding": (State.TO_CODE, lambda rt, u, d: decisions.reject(rt, u, d, "illisible", enqueue=False),
                      State.REJECTED, decisions.REJECT_EVENT),
    "retry": (State.REJECTED, lambda rt, u, d: decisions.retry(rt, u, d, enqueue=False),
              State.RECEIVED, decisions.RETRY_EVENT),
    "validate_coding": (State.TO_CODE, lambda rt, u, d: decisions.validate_coding(rt, u, d, FIELDS, enqueue=False),
                        State.EXTRACTED, decisions.CODED_EVENT),
    "split": (State.TO_CODE, lambda rt, u, d: decisions.split(rt, u, d, [[1], [2]], enqueue=False),
              State.SPLIT, decisions.SPLIT_EVENT),
}
PATHS = {
    State.TO_REVIEW: [State.TO_EXTRACT, State.TO_CODE, State.EXTRACTED, State.TO_REVIEW],
    State.TO_CODE: [State.TO_EXTRACT, State.TO_CODE],
    State.REJECTED: [State.REJECTED],
}


class Listener:
    """Records what plugins are told, with whether a transaction was still open."""

    def __init__(self) -> None:
        self.states: list[tuple[int, str, str, bool, str]] = []
        self.stages: list[tuple[int, str, str, str]] = []

    @hookimpl
    def document_state_changed(self, document, old, new):
        stored = Document.get_by_id(document.id).state
        self.states.append((document.id, old, new, db.in_transaction(), stored))

    @hookimpl
    def document_stage_changed(self, document, stage, old, new):
        self.stages.append((document.id, stage, old, new))


@pytest.fixture
def listener(rt):
    """A listener registered on the runtime's plugin manager."""
    recorder = Listener()
    rt.pm.register(recorder)
    return recorder


def two_page_pdf(corpus) -> bytes:
    writer = PdfWriter()
    for name in ("EN16931_Einfach.pdf", "EN16931_Elektron.pdf"):
        writer.add_page(PdfReader(corpus / name).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def waiting(rt, company, corpus, state: State, name: str = "lot.pdf") -> Document:
    """A document of two PDF pages put in ``state`` by hand (silently: no plugin is told)."""
    document, _ = intake.receive(rt, company, two_page_pdf(corpus), name, channel=Channel.UPLOAD)
    with db.atomic():
        for step in PATHS[state]:
            assert pipeline.transition(document, step, updates={"format": "pdf"})
    if state == State.TO_REVIEW:
        Finding.create(document=document, code="FRAUD-IBAN-CHANGE", severity="fatal", message="IBAN", field="BT-84")
    return Document.get_by_id(document.id)


@pytest.mark.parametrize("case", list(CASES))
def test_each_decision_is_notified_after_its_commit(rt, company, corpus, make_user, listener, case):
    start, decide, new, kind = CASES[case]
    operator = make_user("op@example.test", firm_role="operator")
    document = waiting(rt, company, corpus, start)
    decide(rt, operator, document.id)
    assert Document.get_by_id(document.id).state == new
    told = [(old, to, open_txn, stored) for doc, old, to, open_txn, stored in listener.states if doc == document.id]
    assert told == [(str(start), str(new), False, str(new))]  # once, after the commit, with the state stored
    event = Event.get((Event.document_id == document.id) & (Event.kind == kind))
    assert (event.data["from"], event.data["to"], event.user_id) == (str(start), str(new), operator.id)


def test_a_split_notifies_the_parts_arrival_and_the_parent(rt, company, corpus, make_user, listener):
    operator = make_user("op@example.test", firm_role="operator")
    document = waiting(rt, company, corpus, State.TO_CODE, "deux.pdf")
    claims.claim(document, operator)
    parts = decisions.split(rt, operator, document.id, [[1], [2]], enqueue=False)
    assert [p.filename for p in parts] == ["deux-partie1.pdf", "deux-partie2.pdf"]
    assert [len(PdfReader(io.BytesIO(rt.blobs.get(p.blob_key))).pages) for p in parts] == [1, 1]
    parent = Document.get_by_id(document.id)
    assert parent.reason == f"scindé en 2 documents (n° {parts[0].id}, n° {parts[1].id})"
    received = Event.select().where((Event.kind == "document.received") & Event.document_id.in_([p.id for p in parts]))
    assert [e.data["split_from"] for e in received] == [document.id, document.id]
    assert CodingTime.get(CodingTime.document_id == document.id).outcome == "split"  # the claim ended with it


def test_a_split_naming_a_missing_page_receives_nothing(rt, company, corpus, make_user):
    operator = make_user("op@example.test", firm_role="operator")
    document = waiting(rt, company, corpus, State.TO_CODE)
    before = Document.select().count()
    with pytest.raises(decisions.DecisionError, match="page 3 absente"):
        decisions.split(rt, operator, document.id, [[1], [3]])
    assert Document.select().count() == before
    assert Document.get_by_id(document.id).state == State.TO_CODE


def test_a_decision_rolled_back_is_never_notified(rt, company, corpus, make_user, listener):
    operator = make_user("op@example.test", firm_role="operator")
    document = waiting(rt, company, corpus, State.TO_REVIEW)
    with db.atomic() as txn:
        decisions.accept(rt, operator, document.id, "vu", enqueue=False)
        txn.rollback()
    with db.atomic(), db.atomic() as savepoint:
        decisions.reject(rt, operator, document.id, "non", enqueue=False)
        savepoint.rollback()
    assert Document.get_by_id(document.id).state == State.TO_REVIEW
    assert [s for s in listener.states if s[0] == document.id] == []


def test_decisions_inside_a_transaction_are_told_when_it_commits(rt, company, corpus, make_user, listener):
    operator = make_user("op@example.test", firm_role="operator")
    document = waiting(rt, company, corpus, State.TO_REVIEW)
    with db.atomic():
        decisions.send_back(rt, operator, document.id, enqueue=False)
        decisions.reject(rt, operator, document.id, "pas une facture", enqueue=False)
        assert listener.states == []  # not before the commit
    assert [(old, new) for _, old, new, _, _ in listener.states] == [("to_review", "to_code"), ("to_code", "rejected")]


def test_the_second_person_to_decide_is_told_and_nothing_changes(rt, company, corpus, make_user):
    first = make_user("a@example.test", firm_role="operator")
    second = make_user("b@example.test", firm_role="operator")
    document = waiting(rt, company, corpus, State.TO_CODE)
    claims.claim(document, first)
    with pytest.raises(decisions.DecisionError, match="Un autre opérateur"):
        decisions.reject(rt, second, document.id, "non")
    decisions.reject(rt, first, document.id, "illisible", enqueue=False)
    with pytest.raises(decisions.DecisionError, match="déjà été traité"):
        decisions.reject(rt, second, document.id, "non")
    assert Event.select().where(Event.kind == decisions.REJECT_EVENT).count() == 1


def test_a_decision_needs_the_manage_right_and_a_reason(rt, company, other_company, corpus, make_user):
    from guichet.core.errors import PermissionDenied

    document = waiting(rt, company, corpus, State.TO_REVIEW)
    for user in (make_user("r@example.test", companies={company: "upload"}),
                 make_user("s@example.test", companies={other_company: "manage"})):
        with pytest.raises(PermissionDenied):
            decisions.reject(rt, user, document.id, "non")
    manager = make_user("m@example.test", companies={company: "manage"})
    with pytest.raises(decisions.DecisionError, match="motif"):
        decisions.reject(rt, manager, document.id, "  ")
    assert Document.get_by_id(document.id).state == State.TO_REVIEW


def test_webhooks_hear_of_a_decision(rt, company, corpus, make_user):
    Webhook.create(company=company, url="http://127.0.0.1:9/hook", events=["rejected"], secret="x")
    document = waiting(rt, company, corpus, State.TO_REVIEW)
    decisions.reject(rt, make_user("op@example.test", firm_role="operator"), document.id, "doublon", enqueue=False)
    delivery = WebhookDelivery.get(WebhookDelivery.document_id == document.id)
    assert (delivery.payload["previous_state"], delivery.payload["state"]) == ("to_review", "rejected")
    assert delivery.payload["reason"] == "doublon"


def test_validate_coding_then_the_pipeline_goes_on(rt, company, corpus, make_user, listener):
    operator = make_user("op@example.test", firm_role="operator")
    document = waiting(rt, company, corpus, State.TO_CODE)
    row = decisions.validate_coding(rt, operator, document.id, FIELDS)  # queued: the memory queue runs it now
    assert Invoice.get_by_id(row.id).number == "F-1"
    told = [(old, new) for doc, old, new, _, _ in listener.states if doc == document.id]
    assert told[0] == ("to_code", "extracted") and told[1][0] == "extracted"  # the controls ran next


# ---------------------------------------------------------------------------
# Follow-up stages: a person retries or answers
# ---------------------------------------------------------------------------


def test_a_person_retries_a_failed_follow_up_and_answers_a_waiting_one(settings, corpus, make_user):
    from tests_helpers import stage_plugin

    from guichet.core.access import accounts
    from guichet.core.model.models import Firm
    from guichet.core.ops import runtime
    from guichet.core.plugins import make_plugin_manager

    stage_plugin.BEHAVIOUR.clear()
    stage_plugin.BEHAVIOUR.update(to_firm="refuse", to_network="wait")
    pm = make_plugin_manager(load_entrypoints=False, extra=["guichet.plugins.detect_format", "guichet.plugins.facturx",
                                                            "guichet.plugins.cii", "tests_helpers.stage_plugin"])
    rt = runtime.start(settings, pm=pm)
    listener = Listener()
    pm.register(listener)
    with rt.database.connection_context():
        company = accounts.create_company(Firm.create(name="Cabinet"), "Vendeur", "999999998")
        manager = make_user("m@example.test", companies={company: "manage"})
        document, _ = intake.receive(rt, company, (corpus / "Facture_DOM_EN16931.pdf").read_bytes(), "f.pdf",
                                     channel=Channel.CLI)
        document = pipeline.run_to_rest(rt, document.id)
        runs = {r.stage: r.status for r in StageRun.select().where(StageRun.document == document.id)}
        assert runs == {"to_firm": "failed", "to_network": "waiting", "tell_customer": "pending"}
        stage_plugin.BEHAVIOUR["to_firm"] = "done"
        decisions.retry(rt, manager, document.id, stage="to_firm")  # queued: runs at once in memory
        assert StageRun.get(StageRun.stage == "to_firm").status == Progress.DONE
        assert (document.id, "to_firm", "failed", "pending") in listener.stages
        decisions.answer_stage(rt, manager, document.id, "to_network", Progress.DONE, "accusé reçu par courrier")
        assert StageRun.get(StageRun.stage == "tell_customer").status == Progress.DONE
        answers = [e.data for e in Event.select().where((Event.kind == "document.stage")
                                                        & (Event.user_id == manager.id)).order_by(Event.id)]
        assert [(a["stage"], a["from"], a["to"]) for a in answers] == [("to_firm", "failed", "pending"),
                                                                       ("to_network", "waiting", "done")]
        assert answers[1]["reason"] == "accusé reçu par courrier"
        assert Document.get_by_id(document.id).state == State.ARCHIVED
        with pytest.raises(decisions.DecisionError, match="n'attend pas de nouvel essai"):
            decisions.retry(rt, manager, document.id, stage="to_network")


# ---------------------------------------------------------------------------
# The command line takes the same decisions
# ---------------------------------------------------------------------------


def test_guichet_document_commands(rt, settings, company, corpus, make_user):
    document = waiting(rt, company, corpus, State.TO_REVIEW)
    make_user("gerant@example.test", companies={company: "manage"})
    make_user("lecteur@example.test", companies={company: "read"})
    base = ["--data-dir", str(settings.data_dir), "document"]
    runner = CliRunner()
    refused = runner.invoke(cli, [*base, "reject", str(document.id), "--reason", "x", "--as", "lecteur@example.test"])
    assert refused.exit_code == 1 and "n'a pas le droit" in refused.output
    done = runner.invoke(cli, [*base, "reject", str(document.id), "--reason", "doublon", "--as", "gerant@example.test"])
    assert done.exit_code == 0, done.output
    assert "rejeté" in done.output
    event = Event.get(Event.kind == decisions.REJECT_EVENT)
    assert event.data["origin"] == "cli" and event.user_id is not None
    again = runner.invoke(cli, [*base, "reject", str(document.id), "--reason", "doublon"])
    assert again.exit_code == 1 and "déjà été traité" in again.output
    shown = runner.invoke(cli, [*base, "show", str(document.id)])
    assert "rejected (Rejeté) : doublon" in shown.output
    retried = runner.invoke(cli, [*base, "retry", str(document.id)])
    assert retried.exit_code == 0, retried.output
    assert Document.get_by_id(document.id).state == State.RECEIVED  # queued for the worker


def test_guichet_document_split_and_its_page_groups(rt, settings, company, corpus):
    from guichet.core.pipeline.splitting import parse_groups

    assert parse_groups("1-2, 3") == [[1, 2], [3]]
    assert parse_groups("1-2; 3", pages=2) is None  # page 3 is missing
    assert parse_groups("1") is None and parse_groups("0, 1") is None and parse_groups("a, b") is None
    document = waiting(rt, company, corpus, State.TO_CODE, "deux.pdf")
    base = ["--data-dir", str(settings.data_dir), "document", "split", str(document.id)]
    assert CliRunner().invoke(cli, [*base, "--pages", "1"]).exit_code == 1
    done = CliRunner().invoke(cli, [*base, "--pages", "1, 2"])
    assert done.exit_code == 0, done.output
    assert Document.get_by_id(document.id).state == State.SPLIT
    assert {d.filename for d in Document.select().where(Document.id != document.id)} == {"deux-partie1.pdf",
                                                                                       "deux-partie2.pdf"}
