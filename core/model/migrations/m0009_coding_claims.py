"""Operator coding screen: document claims and coding durations (frozen copies of core/model/coding_models.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, FloatField, ForeignKeyField, IntegerField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Document = table_stub("document")
User = table_stub("user")


class CodingClaim(FrozenModel):
    document = ForeignKeyField(Document, backref="+", unique=True, on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    claimed_at = DateTimeField()
    expires_at = DateTimeField(index=True)


class CodingTime(FrozenModel):
    document_id = IntegerField(index=True)
    company_id = IntegerField(index=True)
    user_id = IntegerField(null=True)
    outcome = CharField()
    seconds = FloatField()
    finished_at = DateTimeField(index=True)


TABLES = (CodingClaim, CodingTime)


def apply(database: Database) -> None:
    """Create the ``coding_claim`` and ``coding_time`` tables."""
    create_tables(database, TABLES)
