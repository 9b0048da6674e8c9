"""``archive_record.sealed_by``: the plugin whose ``seal_pdf`` sealed the archived file.

``guichet archive verify`` asks that plugin's ``verify_seal`` (issue 12: plugins stand
alone, the archive no longer imports the seal plugin). Null for files archived before,
which every ``verify_seal`` implementation may check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField
from playhouse.migrate import SchemaMigrator, migrate

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Add the nullable column."""
    migrate(SchemaMigrator.from_database(database).add_column("archive_record", "sealed_by", CharField(null=True)))
