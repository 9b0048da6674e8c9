"""Follow-up stages: the ``stage_run`` table (one row per document and follow-up stage).

The schema is frozen here (a copy of the model as it was when this migration was
written), so that later changes to ``core/model/stage_models.py`` come with their own
migration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField

if TYPE_CHECKING:
    from peewee import Database


class _Document(Model):
    class Meta:
        table_name = "document"


class _StageRun(Model):
    document = ForeignKeyField(_Document, backref="+", on_delete="CASCADE")
    stage = CharField(max_length=64)
    status = CharField(max_length=16, index=True)
    version = IntegerField(default=0)
    attempts = IntegerField(default=0)
    next_at = DateTimeField(null=True, index=True)
    lease_until = DateTimeField(null=True)
    reason = TextField(null=True)
    data = TextField()  # JSON
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "stage_run"
        # Index names start with the table name, as the model's do (peewee otherwise takes
        # the class name: "_stagerun_..."; m0013 renames those on instances that have them).
        legacy_table_names = False
        indexes = ((("document", "stage"), True),)


def apply(database: Database) -> None:
    """Create the ``stage_run`` table."""
    with database.bind_ctx([_Document, _StageRun]):
        database.create_tables([_StageRun], safe=True)
