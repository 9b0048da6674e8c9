"""Stages from plugins: their order, a third-party plugin's follow-up stages, retries and answers.

The third-party plugin is ``tests/tests_helpers/stage_plugin.py``: three follow-up stages
after ``archive`` (to the network for sales invoices, to the firm for every invoice, and
telling the customer after the network), declared with ``register_stages`` only.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re

import pytest
from click.testing import CliRunner

from guichet.core import hookimpl
from guichet.core.access import accounts
from guichet.core.model.models import Document, Event, Firm, utcnow
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Channel, Progress, State
from guichet.core.ops import runtime, tasks
from guichet.core.ops.cli import cli
from guichet.core.pipeline import followups, intake, pipeline
from guichet.core.pipeline.stages import Outcome, Stage, StageError, Step, order_stages, stage_plan
from guichet.core.plugins import make_plugin_manager
from tests_helpers import stage_plugin

READERS = ["guichet.plugins.detect_format", "guichet.plugins.facturx", "guichet.plugins.cii"]
THIRD_PARTY = "tests_helpers.stage_plugin"
#: A Factur-X whose seller is SIREN 999999998 and buyer 343434346 (FNFE-MPE samples).
SAMPLE = "Facture_DOM_EN16931.pdf"
SELLER, BUYER = "999999998", "343434346"
BUILT_IN = ["read", "extract", "check", "seal", "archive"]


def _noop(rt, document):
    return Outcome(State.REJECTED)


def _stage(name, takes=State.ARCHIVED, leaves=None, **kwargs):
    return Stage(name, _noop, takes=takes, leaves=leaves or {takes}, **kwargs)


# ---------------------------------------------------------------------------
# Ordering (no database)
# ---------------------------------------------------------------------------


def test_built_in_stages_are_declared_by_core_plugins_in_order():
    plan = stage_plan(make_plugin_manager(load_entrypoints=False))
    assert [s.name for s in plan.stages] == BUILT_IN
    assert {s.plugin for s in plan.stages} == {"core.reading", "core.extraction", "core.checking",
                                               "core.archive_stages"}
    assert plan.for_state(State.CHECKED).name == "seal"
    assert plan.for_state(State.TO_CODE) is None  # a person codes it
    assert plan.follow_ups() == []


def test_order_is_topological_and_the_same_whatever_the_declaration_order():
    core = list(stage_plan(make_plugin_manager(load_entrypoints=False)).stages)
    extra = [_stage("b", after="archive"), _stage("a", after="b"), _stage("c", after="archive", before="a"),
             _stage("z")]
    expected = None
    for seed in range(5):
        stages = core + extra
        random.Random(seed).shuffle(stages)
        names = [s.name for s in order_stages(stages)]
        expected = expected or names
        assert names == expected
    # archive leaves "archived", which z takes: the states order it even without "after"
    assert expected == [*BUILT_IN, "b", "c", "a", "z"]


def test_a_stage_on_a_loop_of_the_state_machine_is_ordered_not_refused():
    """rejected → received is allowed (a retry): an automatic retry stage closes no impossible circle."""
    core = list(stage_plan(make_plugin_manager(load_entrypoints=False)).stages)
    retry = _stage("auto_retry", State.REJECTED, {State.RECEIVED})
    assert [s.name for s in order_stages([*core, retry])] == [*BUILT_IN, "auto_retry"]


def test_a_cycle_is_refused_naming_its_stages():
    with pytest.raises(StageError, match="x, y") as caught:
        order_stages([_stage("x", after="y"), _stage("y", after="x"), _stage("free")])
    assert "cercle" in str(caught.value)


def test_unknown_names_duplicates_and_forbidden_states_are_refused():
    with pytest.raises(StageError, match="« nowhere », étape inconnue"):
        order_stages([_stage("lost", after="nowhere")])
    with pytest.raises(StageError, match="deux étapes s'appellent « twice »"):
        order_stages([_stage("twice"), _stage("twice")])
    with pytest.raises(StageError, match="deux étapes prennent l'état « received »"):
        order_stages([_stage("r1", State.RECEIVED, {State.EXTRACTED}), _stage("r2", State.RECEIVED, {State.REJECTED})])
    with pytest.raises(StageError, match="n'admet pas"):
        order_stages([_stage("jump", State.RECEIVED, {State.ARCHIVED})])
    with pytest.raises(StageError, match="tous les documents"):
        order_stages([_stage("picky", State.RECEIVED, {State.EXTRACTED}, applies=lambda _pm, d: True)])


def test_hook_register_stages():
    pm = make_plugin_manager(load_entrypoints=False, extra=[THIRD_PARTY])
    plan = stage_plan(pm)
    assert [s.name for s in plan.stages] == [*BUILT_IN, "to_firm", "to_network", "tell_customer"]
    assert [s.name for s in plan.follow_ups(State.ARCHIVED)] == ["to_firm", "to_network", "tell_customer"]
    assert plan.by_name("to_network").plugin == THIRD_PARTY
    assert [s.name for s in plan.predecessors(plan.by_name("tell_customer"))] == ["to_network"]


def test_guichet_plugins_shows_the_order():
    pm = make_plugin_manager(load_entrypoints=False, extra=[THIRD_PARTY])
    result = CliRunner().invoke(cli, ["plugins"], obj={"pm": pm})
    assert result.exit_code == 0, result.output
    lines = [m.group(1) for m in re.finditer(r"^ *\d+\. (\w+)", result.output, re.MULTILINE)]
    assert lines == [*BUILT_IN, "to_firm", "to_network", "tell_customer"]
    as_json = CliRunner().invoke(cli, ["plugins", "--json"], obj={"pm": pm})
    stages = json.loads(as_json.output)["stages"]
    assert stages[5] == {"name": "to_firm", "takes": "archived", "leaves": ["archived"], "follow_up": True,
                         "after": ["archive"], "before": [], "plugin": THIRD_PARTY}


def test_a_misdeclared_stage_stops_the_start_with_its_reason(settings):
    class Looping:
        @hookimpl
        def register_stages(self):
            return [_stage("ping", after="pong"), _stage("pong", after="ping")]

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Looping())
    with pytest.raises(StageError, match="ping, pong"):
        runtime.start(settings, pm=pm)


# ---------------------------------------------------------------------------
# Follow-up stages at work
# ---------------------------------------------------------------------------


@pytest.fixture
def third_party(settings):
    """A runtime with the readers and the third-party stage plugin (no controls: invoices go to the archive)."""
    stage_plugin.BEHAVIOUR.clear()
    stage_plugin.CALLS.clear()
    rt = runtime.start(settings, pm=make_plugin_manager(load_entrypoints=False, extra=[*READERS, THIRD_PARTY]))
    with rt.database.connection_context():
        yield rt
    rt.database.close()


def _archive(rt, corpus, siren: str):
    """Import the sample for a company of SIREN ``siren``; return the document, at rest."""
    firm = Firm.create(name="Cabinet")
    company = accounts.create_company(firm, "Société", siren)
    document, _ = intake.receive(rt, company, (corpus / SAMPLE).read_bytes(), SAMPLE, channel=Channel.CLI)
    return pipeline.run_to_rest(rt, document.id)


def _runs(document) -> dict[str, str]:
    return {row.stage: row.status for row in followups.runs_of(document.id)}


def test_a_third_party_stage_runs_after_archive_on_the_documents_it_applies_to(third_party, corpus):
    sale = _archive(third_party, corpus, SELLER)
    assert sale.state == State.ARCHIVED and sale.direction == "sales"
    assert _runs(sale) == {"to_firm": "done", "to_network": "done", "tell_customer": "done"}
    assert [name for name, _ in stage_plugin.CALLS] == ["to_firm", "to_network", "tell_customer"]
    events = [(e.data["stage"], e.data["from"], e.data["to"]) for e in Event.select().where(
        (Event.document_id == sale.id) & (Event.kind == followups.EVENT)).order_by(Event.id)]
    assert ("to_network", "", "pending") in events and ("to_network", "pending", "done") in events
    purchase = _archive(third_party, corpus, BUYER)
    assert purchase.direction == "purchase"
    assert _runs(purchase) == {"to_firm": "done"}  # the network and the customer are for sales only


def test_a_failing_stage_is_retried_with_back_off_without_blocking_the_others(third_party, corpus):
    stage_plugin.BEHAVIOUR["to_network"] = "fail"
    before = utcnow()
    sale = _archive(third_party, corpus, SELLER)
    assert sale.state == State.ARCHIVED  # the legal state does not move
    assert _runs(sale) == {"to_firm": "done", "to_network": "retry", "tell_customer": "pending"}
    run = StageRun.get((StageRun.document == sale.id) & (StageRun.stage == "to_network"))
    assert run.attempts == 1 and "plateforme injoignable" in run.reason
    assert before + dt.timedelta(seconds=29) <= run.next_at <= utcnow() + dt.timedelta(seconds=31)
    assert followups.runnable(stage_plan(third_party.pm), sale.id) == []  # not before its time
    assert sale.id not in pipeline.pending_documents(third_party.pm)
    # WHEN the time comes again (second failure: twice the delay)
    StageRun.update(next_at=utcnow() - dt.timedelta(seconds=1)).where(StageRun.id == run.id).execute()
    assert sale.id in pipeline.pending_documents(third_party.pm)
    assert followups.run(third_party, sale.id, "to_network") == Progress.RETRY
    run = StageRun.get_by_id(run.id)
    assert run.attempts == 2 and run.next_at >= utcnow() + dt.timedelta(seconds=55)
    # THEN once the platform answers, the stage after it runs too
    stage_plugin.BEHAVIOUR["to_network"] = "done"
    StageRun.update(next_at=utcnow()).where(StageRun.id == run.id).execute()
    assert pipeline.run_to_rest(third_party, sale.id).state == State.ARCHIVED
    assert _runs(sale) == {"to_firm": "done", "to_network": "done", "tell_customer": "done"}


def test_metrics_show_follow_up_runs_and_their_durations(third_party, corpus):
    from guichet.core.ops.health import metrics_text

    stage_plugin.BEHAVIOUR["to_network"] = "refuse"
    _archive(third_party, corpus, SELLER)
    text = metrics_text(third_party.settings)
    assert 'guichet_stage_runs{stage="to_network",status="failed"} 1' in text
    assert 'guichet_stage_runs{stage="to_firm",status="done"} 1' in text
    assert 'guichet_stage_duration_seconds_count{stage="to_firm"} 1' in text


def test_a_stage_gives_up_after_its_attempts_or_when_refused(third_party, corpus):
    stage_plugin.BEHAVIOUR.update(to_network="fail", to_firm="refuse")
    sale = _archive(third_party, corpus, SELLER)
    assert _runs(sale)["to_firm"] == "failed"
    assert StageRun.get((StageRun.document == sale.id) & (StageRun.stage == "to_firm")).reason == \
        "facture refusée par la plateforme"
    for _ in range(2):
        StageRun.update(next_at=utcnow()).where(StageRun.stage == "to_network").execute()
        followups.run(third_party, sale.id, "to_network")
    run = StageRun.get((StageRun.document == sale.id) & (StageRun.stage == "to_network"))
    assert run.status == Progress.FAILED and run.attempts == 3 and run.reason.startswith("abandon après 3 essais")
    assert followups.run(third_party, sale.id, "to_network") is None  # failed: only a person restarts it
    assert followups.settle(third_party, sale.id, "to_network", Progress.PENDING, reason="relancé")
    assert run.get_by_id(run.id).attempts == 0


def test_a_waiting_stage_is_settled_by_an_answer_from_outside(third_party, corpus):
    stage_plugin.BEHAVIOUR["to_network"] = "wait"
    sale = _archive(third_party, corpus, SELLER)
    assert _runs(sale) == {"to_firm": "done", "to_network": "waiting", "tell_customer": "pending"}
    run = StageRun.get((StageRun.document == sale.id) & (StageRun.stage == "to_network"))
    assert run.data == {"flow": f"F-{sale.id}"} and run.next_at is None
    assert followups.settle(third_party, sale.id, "to_network", Progress.DONE, reason="statut : déposée",
                            data={"status": "200"})
    assert StageRun.get_by_id(run.id).data == {"flow": f"F-{sale.id}", "status": "200"}
    assert not followups.settle(third_party, sale.id, "to_network", Progress.FAILED)  # done is final
    assert followups.runnable(stage_plan(third_party.pm), sale.id) == ["tell_customer"]


def test_the_worker_runs_follow_ups_through_their_own_tasks(third_party, corpus):
    stage_plugin.BEHAVIOUR["to_network"] = "fail"
    firm = Firm.create(name="Cabinet")
    company = accounts.create_company(firm, "Société", SELLER)
    document, _ = intake.receive(third_party, company, (corpus / SAMPLE).read_bytes(), SAMPLE, channel=Channel.API)
    scheduled_before = len(tasks.huey.scheduled())
    assert tasks.submit(document.id, document.state)  # memory queue: the tasks run at once
    assert Document.get_by_id(document.id).state == State.ARCHIVED
    assert _runs(document) == {"to_firm": "done", "to_network": "retry", "tell_customer": "pending"}
    assert {"to_firm", "to_network", "tell_customer"} <= set(tasks.STAGE_TASKS)
    assert tasks.STAGE_TASKS["to_network"].name == "guichet.stage.to_network"
    retries = tasks.huey.scheduled()[scheduled_before:]
    assert [t.name for t in retries] == ["guichet.stage.to_network"]  # the back-off is a scheduled task
    assert retries[0].args == (document.id,)


def test_hook_document_stage_changed(third_party, corpus):
    seen = []

    class Listener:
        @hookimpl
        def document_stage_changed(self, document, stage, old, new):
            seen.append((stage, old, new, Document.get_by_id(document.id).state))

    third_party.pm.register(Listener())
    stage_plugin.BEHAVIOUR["to_network"] = "fail"
    _archive(third_party, corpus, SELLER)
    assert ("to_firm", "", "pending", "archived") in seen
    assert ("to_firm", "pending", "done", "archived") in seen
    assert ("to_network", "pending", "retry", "archived") in seen
    assert not any(stage == "tell_customer" and new == "done" for stage, _, new, _ in seen)


def test_a_state_stage_from_a_plugin_may_take_a_state_people_wait_in(third_party, corpus):
    """An automatic coder: a third-party state stage on ``to_code`` (no core change)."""

    class AutoCoder:
        @hookimpl
        def register_stages(self):
            return [Stage("auto_code", lambda rt, doc: Outcome(State.REJECTED, "illisible"), takes=State.TO_CODE,
                          leaves={State.EXTRACTED, State.REJECTED}, after="extract")]

    third_party.pm.register(AutoCoder())
    assert stage_plan(third_party.pm).for_state(State.TO_CODE).name == "auto_code"
    firm = Firm.create(name="Cabinet")
    company = accounts.create_company(firm, "Société", SELLER)
    document, _ = intake.receive(third_party, company, b"%PDF-1.4 not really", "scan.pdf", channel=Channel.CLI)
    with third_party.database.atomic():
        pipeline.transition(document, State.TO_EXTRACT)
        pipeline.transition(document, State.TO_CODE)
    assert pipeline.advance(third_party, document.id) == State.REJECTED
    assert Document.get_by_id(document.id).reason == "illisible"


def test_step_accepts_only_the_decisions_of_a_stage():
    assert Step().status == Progress.DONE
    with pytest.raises(ValueError, match="done"):
        Step(Progress.FAILED)
