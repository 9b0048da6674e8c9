"""The editors' API tables on instances that applied m0007 before it created them.

m0007 first created only ``connector_config``; the API tables were added to it later,
so the instances that had already applied it lack them. Where they exist, nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model.migrations.frozen import create_tables
from guichet.core.model.migrations.m0007_connectors import API_TABLES

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Create the API tables that are missing (m0007's frozen copies)."""
    create_tables(database, API_TABLES)
