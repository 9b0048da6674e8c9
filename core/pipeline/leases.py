"""Document leases: a document is processed by one worker at a time, and no company holds them all.

Before a stage runs, :func:`hold` takes the document's lease, a row of
``document_lease`` with an expiry; a thread renews it while the stage works and
the lease is deleted when the stage ends. Whoever finds a live lease leaves the
document alone (a second copy of the task, a resume run, ``guichet import``):
the holder queues the next stage itself. A worker that dies leaves its lease
behind; it expires after ``limits.lease_seconds`` and the document is resumed
(:func:`guichet.core.ops.tasks.resume_pending`).

Fairness: with ``company_limit``, a company that already holds that many leases
gets no more while documents of another company under its own limit wait
(:class:`CompanyBusy`), so one company's large batch cannot occupy every worker;
when nobody else waits it may use them all, so no worker idles for fairness' sake.

Expiry times come from the workers' clocks (UTC): with several machines, keep
their clocks synchronised (NTP), as for any lease.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
import socket
import threading
from typing import TYPE_CHECKING

from peewee import JOIN, fn

from guichet.core.model.database import is_postgres
from guichet.core.model.lease_models import DocumentLease
from guichet.core.model.models import Document, db, utcnow

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

log = logging.getLogger(__name__)

#: Key of the PostgreSQL advisory lock that serialises lease taking per company.
_LEASE_LOCK = 0x6C656173  # "leas"


class DocumentBusy(Exception):  # a state, not an error
    """Another worker holds the document's lease until ``expires_at``."""

    def __init__(self, document_id: int, owner: str, expires_at: dt.datetime) -> None:
        super().__init__(f"document {document_id} en cours de traitement par {owner} jusqu'à {expires_at}")
        self.document_id, self.owner, self.expires_at = document_id, owner, expires_at


class CompanyBusy(Exception):  # a state, not an error
    """The company holds its share of workers while other companies' documents wait."""

    def __init__(self, company_id: int, held: int) -> None:
        super().__init__(f"dossier {company_id} : {held} document(s) déjà en cours, d'autres dossiers attendent")
        self.company_id, self.held = company_id, held


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


def _others_waiting(company_id: int, limit: int, waiting_states: Iterable[str], now: dt.datetime) -> bool:
    """True when a document of another company waits, nobody holds it, and its company is under ``limit``.

    Companies at their own limit do not count: when every company is at its
    share, the spare workers go to whoever asks (nothing stays idle).
    """
    full = (
        DocumentLease.select(DocumentLease.company_id)
        .where(DocumentLease.expires_at > now)
        .group_by(DocumentLease.company_id)
        .having(fn.COUNT(DocumentLease.document_id) >= limit)
    )
    live = (DocumentLease.document_id == Document.id) & (DocumentLease.expires_at > now)
    query = (
        Document.select(Document.id)
        .join(DocumentLease, JOIN.LEFT_OUTER, on=live)
        .where(
            Document.state.in_(list(waiting_states))
            & (Document.company != company_id)
            & Document.company.not_in(full)
            & DocumentLease.document_id.is_null()
        )
    )
    return query.exists()


def acquire(
    document_id: int,
    company_id: int,
    stage: str,
    *,
    seconds: float,
    company_limit: int | None = None,
    waiting_states: Iterable[str] = (),
) -> str:
    """Take the lease of a document for ``seconds``; return its token.

    :param company_limit: Leases the company may hold while documents of other
        companies (in ``waiting_states``) wait; None for no limit.
    :raises DocumentBusy: another worker holds a live lease on the document.
    :raises CompanyBusy: the company is at its limit and others wait.
    """
    token = secrets.token_hex(16)
    now = utcnow()
    expires = now + dt.timedelta(seconds=seconds)
    with db.atomic():
        if is_postgres():  # SQLite transactions are already serialised (BEGIN IMMEDIATE)
            db.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)", (_LEASE_LOCK, company_id))
        if company_limit is not None:
            held = (
                DocumentLease.select()
                .where((DocumentLease.company_id == company_id) & (DocumentLease.expires_at > now)
                       & (DocumentLease.document_id != document_id))
                .count()
            )
            if held >= company_limit and _others_waiting(company_id, company_limit, waiting_states, now):
                raise CompanyBusy(company_id, held)
        fields = {"company_id": company_id, "token": token, "owner": _owner(), "stage": stage,
                  "acquired_at": now, "expires_at": expires}
        (
            DocumentLease.insert(document_id=document_id, **fields)
            .on_conflict(
                conflict_target=[DocumentLease.document_id],
                update=fields,
                where=(DocumentLease.expires_at <= now),  # only an expired lease is taken over
            )
            .execute()
        )
        row = DocumentLease.get(DocumentLease.document_id == document_id)
    if row.token != token:
        raise DocumentBusy(document_id, row.owner, row.expires_at)
    return token


def renew(document_id: int, token: str, *, seconds: float) -> bool:
    """Push the lease's expiry ``seconds`` ahead; False when it is no longer ours."""
    with db.atomic():
        changed = (
            DocumentLease.update(expires_at=utcnow() + dt.timedelta(seconds=seconds))
            .where((DocumentLease.document_id == document_id) & (DocumentLease.token == token))
            .execute()
        )
    return changed == 1


def release(document_id: int, token: str) -> None:
    """Delete the lease if it is still ours."""
    with db.atomic():
        DocumentLease.delete().where(
            (DocumentLease.document_id == document_id) & (DocumentLease.token == token)
        ).execute()


def live_leases(document_ids: Iterable[int] | None = None) -> dict[int, dt.datetime]:
    """Expiry of every live lease (of ``document_ids`` when given), by document id."""
    query = DocumentLease.select(DocumentLease.document_id, DocumentLease.expires_at).where(
        DocumentLease.expires_at > utcnow()
    )
    if document_ids is not None:
        query = query.where(DocumentLease.document_id.in_(list(document_ids)))
    return {row.document_id: row.expires_at for row in query}


def _renew_until(stop: threading.Event, document_id: int, token: str, seconds: float) -> None:
    """Renew every third of the lease until ``stop`` is set (runs in its own thread and connection)."""
    while not stop.wait(seconds / 3):
        try:
            with db.connection_context():
                if not renew(document_id, token, seconds=seconds):
                    log.warning("lease of document %s lost (taken over after expiry)", document_id)
                    return
        except Exception:  # a failed renewal is retried at the next beat
            log.exception("lease of document %s not renewed", document_id)


@contextlib.contextmanager
def hold(
    document_id: int,
    company_id: int,
    stage: str,
    *,
    seconds: float,
    company_limit: int | None = None,
    waiting_states: Iterable[str] = (),
) -> Iterator[str]:
    """Hold the document's lease for the duration of the ``with`` block, renewed while it runs.

    Raises :class:`DocumentBusy` or :class:`CompanyBusy` (see :func:`acquire`)
    before the block runs.
    """
    token = acquire(document_id, company_id, stage, seconds=seconds, company_limit=company_limit,
                    waiting_states=waiting_states)
    stop = threading.Event()
    beat = threading.Thread(target=_renew_until, args=(stop, document_id, token, seconds),
                            name=f"lease-{document_id}", daemon=True)
    beat.start()
    try:
        yield token
    finally:
        stop.set()
        beat.join()
        release(document_id, token)
