"""The legal archive: archive records and time-stamped chain heads (frozen copies of core/model/archive_models.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import BlobField, BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Company = table_stub("company")
Document = table_stub("document")


class ArchiveRecord(FrozenModel):
    document = ForeignKeyField(Document, backref="+", unique=True)
    company = ForeignKeyField(Company, backref="+")
    kind = CharField()
    sealed = BooleanField()
    file_key = CharField()
    sha256 = CharField(max_length=64)
    size = IntegerField()
    extension = CharField()
    original_sha256 = CharField(max_length=64)
    original_size = IntegerField()
    tst = BlobField(null=True)
    fiscal_year_end = DateField(null=True)
    retention_end = DateField(null=True)
    archive_path = CharField(null=True)
    archived_at = DateTimeField(null=True)
    created_at = DateTimeField()


class ChainStamp(FrozenModel):
    event_id = IntegerField(index=True)
    event_hash = CharField(max_length=64)
    tst = BlobField()
    created_at = DateTimeField()


TABLES = (ArchiveRecord, ChainStamp)


def apply(database: Database) -> None:
    """Create the archive tables."""
    create_tables(database, TABLES)
