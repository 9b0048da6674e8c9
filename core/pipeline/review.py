"""A person's decision on a document the controls sent to review.

:func:`override` moves a document from ``to_review`` to ``checked`` with a reason,
for a user with the "manage" right on its company, and records the decision as an
event in the same transaction. The web page that calls it lives in ``web/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.access import access
from guichet.core.pipeline import pipeline
from guichet.core.errors import PermissionDenied
from guichet.core.model.models import Document, Finding, db
from guichet.core.model.states import Severity, State

if TYPE_CHECKING:
    from guichet.core.model.models import User

OVERRIDE_EVENT = "document.review_override"


class ReviewError(ValueError):
    """The override is not possible (wrong state, no reason, changed meanwhile)."""


def override(user: User, document_id: int, reason: str) -> Document:
    """Accept a document despite its blocking findings: ``to_review`` → ``checked``.

    :param user: The acting person; needs the "manage" right on the document's company.
    :param document_id: The document, which must be in state ``to_review``.
    :param reason: Why the findings are accepted (required; stored in the event).
    :raises PermissionDenied: When ``user`` may not manage the document's company.
    :raises ReviewError: When the reason is empty or the document is not (or no longer) to review.
    :returns: The document, now ``checked``.
    """
    document = access.document_for(user, document_id, needed="manage")
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("indiquez la raison pour laquelle les anomalies sont acceptées")
    if document.state != State.TO_REVIEW:
        raise ReviewError(f"le document n'est pas à revoir (état : {document.state})")
    blocking = [
        f.code for f in Finding.select(Finding.code)
        .where((Finding.document == document) & (Finding.severity == str(Severity.FATAL)))
        .order_by(Finding.id)
    ]
    with db.atomic() as txn:
        done = pipeline.transition(
            document, State.CHECKED, reason=reason, user_id=user.id, kind=OVERRIDE_EVENT,
            data={"overridden": blocking},
        )
        if not done:
            txn.rollback()
            raise ReviewError("le document a changé entre-temps ; rechargez la page")
    return document


def can_override(user: User, document: Document) -> bool:
    """True when ``user`` may override the review of ``document`` (UI helper)."""
    try:
        return document.state == State.TO_REVIEW and access.can(user, document.company, "manage")
    except PermissionDenied:
        return False
