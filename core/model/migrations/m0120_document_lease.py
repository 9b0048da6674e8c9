"""Document leases: one worker at a time per document, with an expiry (issue 11, finding 3).

The table is defined here as it was created (a frozen copy of
:class:`guichet.core.model.lease_models.DocumentLease`), so that later changes
to the model never change what this migration builds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, IntegerField, Model

if TYPE_CHECKING:
    from peewee import Database


class DocumentLease(Model):
    """Frozen: the ``document_lease`` table of version 120."""

    document_id = IntegerField(primary_key=True)
    company_id = IntegerField(index=True)
    token = CharField(max_length=32)
    owner = CharField()
    stage = CharField()
    acquired_at = DateTimeField()
    expires_at = DateTimeField(index=True)

    class Meta:
        table_name = "document_lease"
        # Index names start with the table name, as the model's do (peewee otherwise takes
        # the class name: "documentlease_..."; m0013 renames those on instances that have them).
        legacy_table_names = False


def apply(database: Database) -> None:
    """Create ``document_lease``."""
    with database.bind_ctx([DocumentLease]):
        database.create_tables([DocumentLease], safe=True)
