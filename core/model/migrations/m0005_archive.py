"""The legal archive: archive records and time-stamped chain heads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model.archive_models import ARCHIVE_MODELS

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Create the archive tables."""
    database.create_tables(ARCHIVE_MODELS, safe=True)
