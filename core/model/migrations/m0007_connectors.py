"""Intake channels: connector configurations per company; the editors' API tokens and webhooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model.api_models import API_TABLES
from guichet.core.model.connector_models import ConnectorConfig

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Create ``connector_config`` and the API tables."""
    database.create_tables([ConnectorConfig, *API_TABLES], safe=True)
