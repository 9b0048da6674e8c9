"""``finding.field`` becomes TEXT: schematron locations (XPath) exceed 255 characters.

Found by the scale-out test on PostgreSQL, which enforces ``varchar(255)``;
SQLite does not enforce lengths, so nothing changes there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import PostgresqlDatabase

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Widen the column on PostgreSQL (no-op on SQLite)."""
    if isinstance(database, PostgresqlDatabase):
        database.execute_sql('ALTER TABLE "finding" ALTER COLUMN "field" TYPE TEXT')
