"""Claims on documents being coded, so that two operators never code the same document.

A claim is one row per document (unique index) with an expiry: an operator who
walks away loses it after ``operator.claim_minutes`` (15 by default). Taking a
claim is atomic: a compare-and-set ``UPDATE`` for an expired claim or a claim
one already holds, else an ``INSERT`` that the unique index refuses to the
second of two operators. The durations claim → decision feed the counters of
the queue (median seconds per document).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peewee import IntegrityError

from guichet.core.model.coding_models import CodingClaim, CodingTime
from guichet.core.model.models import Document, day_start_utc, db, paris_today, utcnow
from guichet.core.model.states import State

if TYPE_CHECKING:
    from collections.abc import Iterable

    from guichet.core.model.models import User

#: Default lifetime of a claim, in minutes.
DEFAULT_MINUTES = 15
#: States an operator codes.
CODABLE_STATES = (State.TO_CODE,)


def _expiry(minutes: int) -> tuple[dt.datetime, dt.datetime]:
    now = utcnow()
    return now, now + dt.timedelta(minutes=minutes)


def claim(document: Document, user: User, *, minutes: int = DEFAULT_MINUTES) -> bool:
    """Take (or extend) ``user``'s claim on ``document``; False when someone else holds it.

    Opens its own transaction (a savepoint when called inside one).
    """
    now, expires = _expiry(minutes)
    with db.atomic():
        mine = (
            CodingClaim.update(expires_at=expires)
            .where((CodingClaim.document == document.id) & (CodingClaim.user == user.id))
            .execute()
        )
        if mine:
            return True
        taken_over = (
            CodingClaim.update(user=user.id, claimed_at=now, expires_at=expires)
            .where((CodingClaim.document == document.id) & (CodingClaim.expires_at < now))
            .execute()
        )
        if taken_over:
            return True
        try:
            with db.atomic():  # savepoint: a refused insert leaves the outer transaction usable
                CodingClaim.create(document=document.id, user=user.id, claimed_at=now, expires_at=expires)
        except IntegrityError:
            return False
    return True


def release(document: Document | int, user: User | None = None) -> bool:
    """Drop the claim on ``document`` (only ``user``'s, when given). True when one was dropped."""
    document_id = document if isinstance(document, int) else document.id
    query = CodingClaim.delete().where(CodingClaim.document == document_id)
    if user is not None:
        query = query.where(CodingClaim.user == user.id)
    return query.execute() > 0


def holder(document: Document | int) -> CodingClaim | None:
    """The live (not expired) claim on ``document``, or None."""
    document_id = document if isinstance(document, int) else document.id
    return CodingClaim.get_or_none((CodingClaim.document == document_id) & (CodingClaim.expires_at >= utcnow()))


def live_claims(document_ids: Iterable[int]) -> dict[int, CodingClaim]:
    """Live claims on the given documents, by document id."""
    ids = list(document_ids)
    if not ids:
        return {}
    query = CodingClaim.select().where(CodingClaim.document.in_(ids) & (CodingClaim.expires_at >= utcnow()))
    return {row.document_id: row for row in query}


def claim_next(
    user: User,
    candidates: Iterable[Document],
    *,
    minutes: int = DEFAULT_MINUTES,
    skip: Iterable[int] = (),
) -> Document | None:
    """Claim the first document of ``candidates`` (in order) that nobody else holds.

    ``candidates`` comes from the caller, already scoped to what ``user`` may see.
    """
    skipped = set(skip)
    for document in list(candidates):  # read them all before writing claims
        if document.id in skipped or document.state not in CODABLE_STATES:
            continue
        if claim(document, user, minutes=minutes):
            return document
    return None


def finish(document: Document, user: User | None, outcome: str = "validated") -> float | None:
    """Record the time from claim to decision and drop the claim. Call inside the decision's transaction.

    Returns the seconds recorded, or None when the document was not claimed.
    """
    row = CodingClaim.get_or_none(CodingClaim.document == document.id)
    seconds = None
    if row is not None:
        seconds = max(0.0, (utcnow() - row.claimed_at).total_seconds())
        CodingTime.create(document_id=document.id, company_id=document.company_id,
                          user_id=user.id if user else None, outcome=outcome, seconds=round(seconds, 2))
        row.delete_instance()
    return seconds


@dataclass(frozen=True)
class Counters:
    """The queue's counters."""

    waiting: int  # documents to code
    reading: int  # documents still being read (OCR)
    coded_today: int  # documents validated since midnight (UTC)
    median_seconds: float | None  # median claim → validation over the last 30 days


def counters(company_ids: list[int], *, today: dt.date | None = None) -> Counters:
    """Counters over the given companies (already scoped by the caller)."""
    if not company_ids:
        return Counters(0, 0, 0, None)
    in_scope = Document.company.in_(company_ids)
    waiting = Document.select().where(in_scope & (Document.state == str(State.TO_CODE))).count()
    reading = Document.select().where(in_scope & (Document.state == str(State.TO_EXTRACT))).count()
    day = today or paris_today()
    midnight = day_start_utc(day)  # « today » on the operator's clock
    times = CodingTime.company_id.in_(company_ids)
    validated = times & (CodingTime.outcome == "validated")
    coded_today = CodingTime.select().where(validated & (CodingTime.finished_at >= midnight)).count()
    recent = (
        CodingTime.select(CodingTime.seconds)
        .where(validated & (CodingTime.finished_at >= midnight - dt.timedelta(days=30)))
        .order_by(CodingTime.id.desc())
        .limit(2000)
    )
    durations = [row.seconds for row in recent]
    median = round(statistics.median(durations), 1) if durations else None
    return Counters(waiting, reading, coded_today, median)
