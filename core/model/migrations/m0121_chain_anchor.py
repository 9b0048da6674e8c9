"""Chain anchors: signed statements of the event chain's head in the archive (issue 11, finding 8).

The table is defined here as it was created (a frozen copy of
:class:`guichet.core.model.archive_models.ChainAnchor`), so that later changes
to the model never change what this migration builds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import AutoField, BooleanField, CharField, DateTimeField, IntegerField, Model

if TYPE_CHECKING:
    from peewee import Database


class ChainAnchor(Model):
    """Frozen: the ``chain_anchor`` table of version 121."""

    id = AutoField()
    event_id = IntegerField(index=True)
    event_hash = CharField(max_length=64)
    events = IntegerField()
    path = CharField()
    signed = BooleanField()
    timestamped = BooleanField()
    created_at = DateTimeField()

    class Meta:
        table_name = "chain_anchor"
        # Index names start with the table name, as the model's do (peewee otherwise takes
        # the class name: "chainanchor_..."; m0013 renames those on instances that have them).
        legacy_table_names = False


def apply(database: Database) -> None:
    """Create ``chain_anchor``."""
    with database.bind_ctx([ChainAnchor]):
        database.create_tables([ChainAnchor], safe=True)
