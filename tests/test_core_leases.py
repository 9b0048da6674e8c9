"""Document leases (core/pipeline/leases.py): one worker per document, expiry, renewal, fairness.

The worker-level behaviour (a SIGKILLed worker's document resumed after its
lease expires; a big document of one company does not delay another company's)
is tested with real ``guichet worker`` processes in test_core_tasks.py.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from guichet.core.model.lease_models import DocumentLease
from guichet.core.model.models import Document, utcnow
from guichet.core.model.states import Channel, State
from guichet.core.ops import tasks
from guichet.core.pipeline import intake, leases, pipeline

pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
WAITING = [str(state) for state in pipeline.core_plan().automatic_states]


def _document(rt, company, name: str = "a.xml"):
    data = f"<not-an-invoice name='{name}'/>".encode()
    document, _ = intake.receive(rt, company, data, name, channel=Channel.CLI)
    return document


def test_a_document_has_one_holder_at_a_time(rt, company):
    document = _document(rt, company)
    token = leases.acquire(document.id, company.id, "read", seconds=30)
    with pytest.raises(leases.DocumentBusy):
        leases.acquire(document.id, company.id, "read", seconds=30)
    leases.release(document.id, token)
    assert DocumentLease.select().count() == 0
    leases.release(document.id, leases.acquire(document.id, company.id, "read", seconds=30))


def test_an_expired_lease_is_taken_over_and_the_old_holder_loses_it(rt, company):
    document = _document(rt, company)
    old = leases.acquire(document.id, company.id, "read", seconds=30)
    # The holder died: its lease ran out.
    DocumentLease.update(expires_at=utcnow() - dt.timedelta(seconds=1)).execute()
    assert document.id not in leases.live_leases()
    new = leases.acquire(document.id, company.id, "read", seconds=30)
    assert new != old
    assert leases.renew(document.id, old, seconds=30) is False  # the old holder cannot renew it
    leases.release(document.id, old)  # nor release it
    assert DocumentLease.get().token == new


def test_a_lease_is_renewed_while_long_work_runs_and_released_at_the_end(rt, company):
    document = _document(rt, company)
    refused = []
    with leases.hold(document.id, company.id, "extract", seconds=1):
        # WHEN the work lasts three times the lease
        for _ in range(6):
            time.sleep(0.5)
            try:
                leases.acquire(document.id, company.id, "extract", seconds=1)
                refused.append(False)
            except leases.DocumentBusy:
                refused.append(True)
        assert DocumentLease.get().expires_at > utcnow()
    # THEN nobody else got it meanwhile, and it is gone afterwards
    assert all(refused), refused
    assert DocumentLease.select().count() == 0


def test_advance_and_resume_leave_a_held_document_alone(rt, company, corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    document, _ = intake.receive(rt, company, data, "x.pdf", channel=Channel.CLI)
    # GIVEN another worker in the middle of the read stage
    token = leases.acquire(document.id, company.id, "read", seconds=30)
    # WHEN a second copy of its task runs, or the periodic resume (tasks run inline here)
    assert pipeline.advance(rt, document.id, "read") is None
    assert tasks.resume_pending() == 0
    # THEN nothing ran twice
    assert Document.get_by_id(document.id).state == State.RECEIVED
    leases.release(document.id, token)
    assert tasks.resume_pending() == 1
    assert Document.get_by_id(document.id).state not in {State.RECEIVED, State.REJECTED}


def test_a_company_at_its_share_waits_only_while_others_wait(rt, company, other_company):
    a1, a2 = _document(rt, company, "a1.xml"), _document(rt, company, "a2.xml")
    leases.acquire(a1.id, company.id, "read", seconds=30)
    # No other company waits: A may take a second worker.
    leases.release(a2.id, leases.acquire(a2.id, company.id, "read", seconds=30, company_limit=1,
                                         waiting_states=WAITING))
    # A document of B waits: A, at its share of one, gets no second worker.
    b1 = _document(rt, other_company, "b1.xml")
    with pytest.raises(leases.CompanyBusy):
        leases.acquire(a2.id, company.id, "read", seconds=30, company_limit=1, waiting_states=WAITING)
    # B takes a worker; B is now at its share too, so nobody is idle for fairness' sake.
    leases.acquire(b1.id, other_company.id, "read", seconds=30, company_limit=1, waiting_states=WAITING)
    _document(rt, other_company, "b2.xml")
    leases.acquire(a2.id, company.id, "read", seconds=30, company_limit=1, waiting_states=WAITING)


def test_two_threads_racing_for_a_document_get_it_once(rt, company):
    document = _document(rt, company)
    won: list[str] = []
    start = threading.Barrier(4)

    def race() -> None:
        start.wait()
        with rt.database.connection_context():
            try:
                won.append(leases.acquire(document.id, company.id, "read", seconds=30))
            except leases.DocumentBusy:
                pass

    threads = [threading.Thread(target=race) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert DocumentLease.get().token == won[0]
