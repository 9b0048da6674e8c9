"""Intake: the one door every file comes through (upload, CLI, mail, scanner, API).

:func:`receive` stores the original bytes durably *before* anything else, then
records the document and its event in one transaction. The same bytes received
twice for a company make one document; the second arrival is logged on it.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from guichet.core.model import events
from guichet.core.storage.blobs import sha256_hex
from guichet.core.model.models import Document, db
from guichet.core.model.states import State

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
    data: bytes,
    filename: str,
    *,
    channel: str,
    user_id: int | None = None,
    content_type: str | None = None,
    context: dict[str, Any] | None = None,
) -> tuple[Document, bool]:
    """Store ``data`` for ``company`` and return ``(document, created)``.

    The caller enqueues the pipeline (``tasks.submit``) or runs it
    (``pipeline.run_to_rest``) once this returns.
    """
    key = rt.blobs.put(data)  # durable before the document exists
    name = clean_filename(filename)
    digest = sha256_hex(data)
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
            blob_key=key,
            filename=name,
            content_type=content_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=len(data),
            channel=channel,
            state=str(State.RECEIVED),
            created_by=user_id,
        )
        events.record(
            "document.received",
            company_id=company.id,
            document_id=document.id,
            user_id=user_id,
            data={"filename": name, "channel": channel, "sha256": digest, "size": len(data),
                  **(context or {})},
        )
    rt.pm.hook.document_received(document=document)
    return document, True
