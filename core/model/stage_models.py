"""The progress of follow-up stages: one row per document and follow-up stage.

A follow-up stage (see :class:`guichet.core.pipeline.stages.Stage`) does not move the
document's state; its progress lives here, with its own compare-and-set on
``version``, its attempts and the time of its next try. The document's state is
untouched: an archived invoice stays ``archived`` while it is sent, distributed and
handed over.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.models import BaseModel, Document, JSONField, utcnow


class StageRun(BaseModel):
    """Where one follow-up stage stands for one document (status from :class:`~guichet.core.model.states.Progress`)."""

    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    stage = CharField(max_length=64)
    status = CharField(max_length=16, index=True)
    version = IntegerField(default=0)  # compare-and-set: every write checks and bumps it
    attempts = IntegerField(default=0)
    next_at = DateTimeField(null=True, index=True)  # RETRY / WAITING: when to run again
    lease_until = DateTimeField(null=True)  # RUNNING: the worker's hold ends then
    reason = TextField(null=True)
    data = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("document", "stage"), True),)


#: The tables of this module, in creation order.
STAGE_MODELS = (StageRun,)
