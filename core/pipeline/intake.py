"""Intake: the one door every file comes through (upload, CLI, mail, scanner, API).

:func:`receive` stores the original bytes durably *before* anything else, then
records the document and its event in one transaction. The same bytes received
twice for a company make one document; the second arrival is logged on it.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, BinaryIO

from guichet.core.model import events
from guichet.core.model.models import Document, db
from guichet.core.model.states import State
from guichet.core.plugins import hooks_for

if TYPE_CHECKING:
    from guichet.core.model.models import Company
    from guichet.core.ops.runtime import Runtime

MAX_FILENAME = 200


def clean_filename(name: str | None) -> str:
    """A display file name: the last path component, printable, at most 200 characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "document"
    return base[-MAX_FILENAME:]


def receive(
    rt: Runtime,
    company: Company,
    data: bytes | BinaryIO,
    filename: str,
    *,
    channel: str,
    user_id: int | None = None,
    content_type: str | None = None,
    context: dict[str, Any] | None = None,
) -> tuple[Document, bool]:
    """Store ``data`` for ``company`` and return ``(document, created)``.

    ``data`` is the bytes, or a binary file object read from its position to its end
    in chunks (an upload spooled to disk is never held whole in memory).
    The caller enqueues the pipeline (``tasks.submit``) or runs it
    (``pipeline.run_to_rest``) once this returns.
    """
    document, created = record(company, store(rt, data), filename, channel=channel, user_id=user_id,
                               content_type=content_type, context=context)
    if created:
        hooks_for(rt.pm, company).document_received(document=document)
    return document, created


@dataclass(frozen=True)
class Stored:
    """An original stored durably: its blob key (the SHA-256) and its size."""

    key: str
    size: int


def store(rt: Runtime, data: bytes | BinaryIO) -> Stored:
    """Store ``data`` (bytes or a binary file object) durably, before any document refers to it."""
    if isinstance(data, bytes):
        return Stored(rt.blobs.put(data), len(data))
    key, size = rt.blobs.put_stream(data)
    return Stored(key, size)


def record(
    company: Company,
    stored: Stored,
    filename: str,
    *,
    channel: str,
    user_id: int | None = None,
    content_type: str | None = None,
    context: dict[str, Any] | None = None,
) -> tuple[Document, bool]:
    """Create the document of a stored original (or log its second arrival), in one transaction.

    Runs inside the caller's transaction when there is one (a split records its parts
    and the original's new state together). The caller calls the ``document_received``
    hook after its transaction committed (:func:`receive` does).
    """
    name = clean_filename(filename)
    digest = stored.key  # a blob's key is the SHA-256 of its bytes
    with db.atomic():
        existing = Document.get_or_none((Document.company == company) & (Document.sha256 == digest))
        if existing is not None:
            events.record(
                "document.duplicate_arrival",
                company_id=company.id,
                document_id=existing.id,
                user_id=user_id,
                data={"filename": name, "channel": channel, **(context or {})},
            )
            return existing, False
        document = Document.create(
            company=company,
            sha256=digest,
            blob_key=stored.key,
            filename=name,
            content_type=content_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=stored.size,
            channel=channel,
            state=str(State.RECEIVED),
            created_by=user_id,
        )
        events.record(
            "document.received",
            company_id=company.id,
            document_id=document.id,
            user_id=user_id,
            data={"filename": name, "channel": channel, "sha256": digest, "size": stored.size,
                  **(context or {})},
        )
    return document, True
