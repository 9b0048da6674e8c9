"""Claims on documents being coded: exclusive, renewable, expiring; durations and counters."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from guichet.core.pipeline import claims, intake, pipeline
from guichet.core.model.coding_models import CodingClaim, CodingTime
from guichet.core.model.models import db
from guichet.core.model.states import Channel, State

pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def _waiting(rt, company, name: str = "a.pdf"):
    document, _ = intake.receive(rt, company, f"%PDF-1.4 {name}".encode(), name, channel=Channel.CLI)
    with db.atomic():
        pipeline.transition(document, State.TO_EXTRACT)
        pipeline.transition(document, State.TO_CODE)
    return document


def test_claim_is_exclusive_renewable_and_expires(rt, company, make_user):
    doc = _waiting(rt, company)
    one, two = make_user("un@example.fr", firm_role="operator"), make_user("deux@example.fr", firm_role="operator")
    assert claims.claim(doc, one, minutes=15)
    assert not claims.claim(doc, two)
    assert claims.claim(doc, one, minutes=30)  # renewed, still one row
    assert CodingClaim.select().count() == 1
    assert claims.holder(doc).user_id == one.id
    assert not claims.release(doc, two)  # only the holder releases their own claim
    CodingClaim.update(expires_at=dt.datetime(2000, 1, 1)).execute()
    assert claims.holder(doc) is None
    assert claims.claim(doc, two)
    assert claims.holder(doc).user_id == two.id
    assert claims.release(doc, two)
    assert CodingClaim.select().count() == 0


def test_concurrent_claims_have_one_winner(rt, company, make_user):
    doc = _waiting(rt, company)
    users = [make_user(f"op{i}@example.fr", firm_role="operator") for i in range(6)]
    barrier = threading.Barrier(len(users))
    results: list[bool] = []

    def attempt(user):
        with rt.database.connection_context():
            barrier.wait()
            results.append(claims.claim(doc, user))

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 5 + [True]
    assert CodingClaim.select().count() == 1


def test_claim_next_skips_held_and_skipped_documents(rt, company, make_user):
    first, second, third = (_waiting(rt, company, f"{n}.pdf") for n in ("a", "b", "c"))
    one, two = make_user("un@example.fr", firm_role="operator"), make_user("deux@example.fr", firm_role="operator")
    assert claims.claim(first, one)
    got = claims.claim_next(two, [first, second, third], skip=[second.id])
    assert got.id == third.id
    assert claims.claim_next(two, [first, second], skip=[second.id]) is None


def test_finish_records_the_duration_and_feeds_the_counters(rt, company, make_user):
    docs = [_waiting(rt, company, f"{n}.pdf") for n in ("a", "b", "c")]
    user = make_user("un@example.fr", firm_role="operator")
    for doc, seconds in zip(docs, (30, 10, 20), strict=True):
        claims.claim(doc, user)
        row = CodingClaim.get(CodingClaim.document == doc.id)
        row.claimed_at -= dt.timedelta(seconds=seconds)
        row.save()
    with db.atomic():
        assert claims.finish(docs[0], user) == pytest.approx(30, abs=2)
        claims.finish(docs[1], user)
        claims.finish(docs[2], user, "rejected")
    assert CodingClaim.select().count() == 0
    assert CodingTime.select().count() == 3
    stats = claims.counters([company.id])
    assert stats.waiting == 3  # finish() records time only; the states did not move here
    assert stats.coded_today == 2  # the rejection is not a coding
    assert stats.median_seconds == pytest.approx(20, abs=2)
    assert claims.counters([]).waiting == 0
