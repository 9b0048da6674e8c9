"""Anchors of the event chain in the write-once archive: signed statements of its head.

The events are hash-chained (:mod:`guichet.core.model.events`), but whoever can
write to the database can edit an event and recompute every hash after it, or
delete the last events: the chain alone still looks whole. So, periodically,
the head of the chain (last event's id and hash, and how many events lead to it)
is written as a small statement into the write-once archive, signed with the
firm's seal key (hook ``seal_data``, a detached CMS signature) and, when a
time-stamping authority is configured, time-stamped as well (hook
``timestamp_digest``, over the head's hash, as the chain stamps always were).
A rewritten or truncated history then contradicts a statement that cannot be
changed, nor forged without the seal key.

Layout in the archive store, beside the companies' folders::

    chain/<year>/<event id, 12 digits>-<first 16 hex of its hash>.json    the statement
    chain/<year>/<...>.json.p7s    detached CMS signature (DER) of the statement's bytes
    chain/<year>/<...>.json.tsr    RFC 3161 TimeStampResp over the event's hash (with a TSA)

An auditor checks them with ``openssl cms -verify -binary -inform DER -in X.json.p7s
-content X.json`` and ``openssl ts -verify``.
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guichet.core.model.archive_models import ChainAnchor, ChainStamp
from guichet.core.model.models import Event, db, utcnow
from guichet.core.storage import archive

if TYPE_CHECKING:
    import datetime as dt

    from guichet.core.ops.runtime import Runtime
    from guichet.core.settings import Settings
    from guichet.core.storage.archive import ArchiveStore

log = logging.getLogger(__name__)

FORMAT = "guichet-chain-head/1"
FOLDER = "chain"
SIGNATURE, TOKEN = ".p7s", ".tsr"


def statement_bytes(event_id: int, event_hash: str, events: int, previous: ChainAnchor | None,
                    at: dt.datetime) -> bytes:
    """The canonical statement of a chain head (what is signed and archived)."""
    body = {
        "format": FORMAT,
        "event_id": event_id,
        "event_hash": event_hash,
        "events": events,  # events of the chain up to and including this one
        "previous": {"event_id": previous.event_id, "event_hash": previous.event_hash} if previous else None,
        "created_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def anchor_path(event_id: int, event_hash: str, year: int) -> str:
    """The archive path of the statement of event ``event_id``."""
    return f"{FOLDER}/{year}/{event_id:012d}-{event_hash[:16]}.json"


def retain_until(settings: Settings) -> dt.date:
    """Keep a statement as long as anything archived today: the retention of today's fiscal year."""
    fy_end = archive.fiscal_year_end(archive.today(), settings.get("archive.fiscal_year_end", "12-31"))
    years = max(archive.LEGAL_RETENTION_YEARS, int(settings.get("archive.retention_years", archive.LEGAL_RETENTION_YEARS)))
    return archive.add_years(fy_end, years)


def anchor_head(rt: Runtime) -> ChainAnchor | None:
    """Sign (and time-stamp) the chain's head into the archive; None when nothing new or no key nor TSA.

    No event is written for it (it would move the head again): the archived
    statement and its :class:`~guichet.core.model.archive_models.ChainAnchor` row are the record.
    """
    head = Event.select().order_by(Event.id.desc()).first()
    if head is None:
        return None
    previous = ChainAnchor.select().order_by(ChainAnchor.id.desc()).first()
    if previous is not None and previous.event_id == head.id and previous.event_hash == head.hash:
        return None
    now = utcnow()
    count = Event.select().where(Event.id <= head.id).count()
    data = statement_bytes(head.id, head.hash, count, previous, now)
    signature = rt.pm.hook.seal_data(data=data, settings=rt.settings)
    token = rt.pm.hook.timestamp_digest(digest=bytes.fromhex(head.hash), settings=rt.settings)
    if signature is None and token is None:
        log.warning("event chain head %s not anchored: no seal certificate and no time-stamping authority", head.id)
        return None
    store = archive.open_archive_store(rt.settings, rt.pm)
    path = anchor_path(head.id, head.hash, now.year)
    until = retain_until(rt.settings)
    store.put(path, data, until)
    if signature is not None:
        store.put(path + SIGNATURE, signature, until)
    if token is not None:
        store.put(path + TOKEN, token, until)
    with db.atomic():
        if token is not None:  # the time-stamped heads, as before anchors existed
            ChainStamp.create(event_id=head.id, event_hash=head.hash, tst=token)
        return ChainAnchor.create(event_id=head.id, event_hash=head.hash, events=count, path=path,
                                  signed=signature is not None, timestamped=token is not None, created_at=now)


@dataclass
class StoredAnchor:
    """One statement read back from the archive, with its proofs."""

    path: str
    data: bytes
    signature: bytes | None
    token: bytes | None

    def body(self) -> dict[str, Any]:
        """The parsed statement; raises ValueError when it is not one."""
        body = json.loads(self.data)
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            msg = "ce n'est pas une tête de chaîne Guichet"
            raise ValueError(msg)
        return body


def stored_anchors(store: ArchiveStore) -> list[StoredAnchor]:
    """Every statement of the archive's ``chain/`` folder, in path order (that is, chain order per year)."""
    paths = set(store.list(FOLDER + "/"))
    anchors = []
    for path in sorted(p for p in paths if p.endswith(".json")):
        proofs = {}
        for suffix in (SIGNATURE, TOKEN):
            proofs[suffix] = None
            if path + suffix in paths:
                with contextlib.suppress(KeyError):
                    proofs[suffix] = store.get(path + suffix)
        anchors.append(StoredAnchor(path, store.get(path), proofs[SIGNATURE], proofs[TOKEN]))
    return anchors
