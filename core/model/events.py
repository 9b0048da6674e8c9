"""The audit trail: append-only events, each hash covering the previous one.

:func:`record` MUST be called inside the transaction that makes the change it
describes, so that a change and its event are committed together or not at all.
:func:`verify_chain` walks the chain and names the first event that does not fit;
:func:`last_states` says which state each document's events lead to.

Who and from where: the web sets the person and the client address of the current
request (:func:`set_actor`, after ProxyFix, so behind a proxy it is the real client);
:func:`record` then adds ``ip`` to the event's data and, when the caller names no
user, the person as ``user_id``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guichet.core.model.database import is_postgres
from guichet.core.model.models import Event, db, utcnow

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)

GENESIS = "0" * 64
# Key of the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK = 0x6775696368
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"


@dataclass(frozen=True)
class Actor:
    """The person (if signed in) and the client address behind the current request."""

    user_id: int | None
    address: str | None


_ACTOR: ContextVar[Actor | None] = ContextVar("guichet_event_actor", default=None)


def set_actor(user_id: int | None, address: str | None) -> Token[Actor | None]:
    """Name who acts, and from where, for the events of the current request; returns the reset token."""
    return _ACTOR.set(Actor(user_id, address))


def reset_actor(token: Token[Actor | None]) -> None:
    """Forget the actor set by :func:`set_actor` (end of the request)."""
    _ACTOR.reset(token)


def event_hash(
    prev_hash: str,
    created_at: Any,
    kind: str,
    company_id: int | None,
    document_id: int | None,
    user_id: int | None,
    data: Any,
) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the event's content."""
    when = created_at if isinstance(created_at, str) else created_at.strftime(_TIME_FORMAT)
    body = json.dumps(
        [prev_hash, when, kind, company_id, document_id, user_id, data],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    kind: str,
    *,
    company_id: int | None = None,
    document_id: int | None = None,
    user_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Append one event to the chain. Call it inside the caller's transaction."""
    if not db.in_transaction():
        msg = "events.record() must run inside the transaction of the change it logs"
        raise RuntimeError(msg)
    if is_postgres():
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_CHAIN_LOCK,))
    last = Event.select(Event.hash).order_by(Event.id.desc()).first()
    prev = last.hash if last else GENESIS
    created_at = utcnow()
    payload = dict(data or {})
    actor = _ACTOR.get()
    if actor is not None:
        if user_id is None:
            user_id = actor.user_id
        if actor.address and "ip" not in payload:
            payload["ip"] = actor.address
    digest = event_hash(prev, created_at, kind, company_id, document_id, user_id, payload)
    return Event.create(
        created_at=created_at,
        kind=kind,
        company_id=company_id,
        document_id=document_id,
        user_id=user_id,
        data=payload,
        prev_hash=prev,
        hash=digest,
    )


def when_committed(event: Event, callback: Callable[[], None]) -> None:
    """Call ``callback`` once the transaction that wrote ``event`` has committed.

    Uses peewee's ``after_commit`` (callbacks of the outermost transaction), and calls
    nothing when ``event`` is not in the database by then (a savepoint rolled back
    after it was written). A failing callback is logged: the change is committed and
    the other callbacks still run.
    """

    def run() -> None:
        if not Event.select().where((Event.id == event.id) & (Event.hash == event.hash)).exists():
            return
        try:
            callback()
        except Exception:  # a listener's bug must not hide a committed change
            log.exception("notification after event %s (%s) failed", event.id, event.kind)

    db.after_commit(run)


def verify_chain(batch: int = 5000) -> tuple[int, Event | None]:
    """Re-hash every event in order. Returns (events checked, first bad event or None)."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = list(Event.select().where(Event.id > last_id).order_by(Event.id).limit(batch))
        if not rows:
            return checked, None
        for event in rows:
            expected = event_hash(
                prev,
                event.created_at,
                event.kind,
                event.company_id,
                event.document_id,
                event.user_id,
                event.data,
            )
            if event.prev_hash != prev or event.hash != expected:
                return checked, event
            prev = event.hash
            checked += 1
            last_id = event.id


def last_states(batch: int = 5000) -> dict[int, str]:
    """The state each document's events lead to, by document id.

    That is the ``to`` of its last state change, or ``received`` when it has only
    its intake event. A document whose row says otherwise lost its last events.
    """
    states: dict[int, str] = {}
    last_id = 0
    while True:
        rows = list(
            Event.select(Event.id, Event.kind, Event.document_id, Event.data)
            .where((Event.id > last_id) & Event.document_id.is_null(False))
            .order_by(Event.id)
            .limit(batch)
        )
        if not rows:
            return states
        for event in rows:
            if isinstance(event.data, dict) and event.data.get("to"):
                states[event.document_id] = event.data["to"]
            elif event.kind == "document.received":
                states[event.document_id] = "received"
            last_id = event.id
