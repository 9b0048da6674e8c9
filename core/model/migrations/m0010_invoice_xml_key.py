"""``invoice.xml_key``: the blob key of the structured XML an invoice was read from.

The column was added to the model without a migration. Until this migration, m0001 built
its tables from the models of the day, so instances created after the column appeared
already have it: it is added only where it is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField
from playhouse.migrate import SchemaMigrator, migrate

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Add the nullable column where it is missing."""
    if "xml_key" in {column.name for column in database.get_columns("invoice")}:
        return
    migrate(SchemaMigrator.from_database(database).add_column("invoice", "xml_key", CharField(null=True)))
