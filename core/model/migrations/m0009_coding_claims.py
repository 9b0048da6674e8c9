"""Operator coding screen: document claims and coding durations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model.coding_models import CODING_MODELS

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Create the ``coding_claim`` and ``coding_time`` tables."""
    database.create_tables(list(CODING_MODELS), safe=True)
