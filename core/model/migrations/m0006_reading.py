"""Paper reading: words and proposals of documents, and the supplier memory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model.text_models import READING_MODELS

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Create the reading tables."""
    database.create_tables(READING_MODELS, safe=True)
