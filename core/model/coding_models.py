"""Tables of the operator coding screen: who holds a document, and how long coding took."""

from __future__ import annotations

from peewee import CharField, DateTimeField, FloatField, ForeignKeyField, IntegerField

from guichet.core.model.models import BaseModel, Document, User, utcnow


class CodingClaim(BaseModel):
    """An operator's hold on a document being coded; one per document, with an expiry.

    The unique index on ``document`` makes taking a claim atomic: of two operators
    inserting at once, one insert fails.
    """

    document = ForeignKeyField(Document, backref="+", unique=True, on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    claimed_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField(index=True)


class CodingTime(BaseModel):
    """One finished coding (validated or rejected): claim → decision, in seconds.

    Plain ids, no foreign keys: the counters must outlive a deleted document.
    """

    document_id = IntegerField(index=True)
    company_id = IntegerField(index=True)
    user_id = IntegerField(null=True)
    outcome = CharField(default="validated")  # validated | rejected | split
    seconds = FloatField()
    finished_at = DateTimeField(default=utcnow, index=True)


#: The tables of this module, in creation order.
CODING_MODELS = (CodingClaim, CodingTime)
