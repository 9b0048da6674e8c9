"""The progress of a document's reading (issue 19): the ``reading_progress`` table.

A frozen copy of :class:`guichet.core.model.progress_models.ReadingProgress` as created here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, IntegerField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables

if TYPE_CHECKING:
    from peewee import Database


class ReadingProgress(FrozenModel):
    document_id = IntegerField(primary_key=True)
    step = CharField(max_length=32)
    done = IntegerField()
    total = IntegerField()
    updated_at = DateTimeField()


def apply(database: Database) -> None:
    """Create ``reading_progress``."""
    create_tables(database, (ReadingProgress,))
