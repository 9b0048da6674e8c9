"""Connector configurations per company (settings, cursor, status, last run, last error)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.connector_models import ConnectorConfig

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Create the ``connector_config`` table."""
    database.create_tables([ConnectorConfig], safe=True)
