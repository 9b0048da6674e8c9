"""Saved list filters per user (issue 19, web UI).

The table is defined here as it was created (a frozen copy of
:class:`guichet.core.model.view_models.SavedFilter`): later changes to the model never
change what this migration builds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, Model, TextField

if TYPE_CHECKING:
    from peewee import Database


class _User(Model):
    class Meta:
        table_name = "user"
        legacy_table_names = False


class SavedFilter(Model):
    """Frozen: the ``saved_filter`` table of version 170."""

    id = AutoField()
    user = ForeignKeyField(_User, backref="+", on_delete="CASCADE")
    page = CharField(max_length=200)
    name = CharField(max_length=80)
    query = TextField()
    created_at = DateTimeField()

    class Meta:
        table_name = "saved_filter"
        legacy_table_names = False
        indexes = ((("user", "page", "name"), True),)


def apply(database: Database) -> None:
    """Create ``saved_filter``."""
    with database.bind_ctx([SavedFilter, _User]):
        database.create_tables([SavedFilter], safe=True)
