"""The e-invoicing network: a lease on sending a document's invoice (``network_document.sending_until``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import DateTimeField
from playhouse.migrate import SchemaMigrator, migrate

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Add the nullable column ``sending_until``."""
    migrator = SchemaMigrator.from_database(database)
    columns = {column.name for column in database.get_columns("network_document")}
    if "sending_until" not in columns:
        migrate(migrator.add_column("network_document", "sending_until", DateTimeField(null=True)))
