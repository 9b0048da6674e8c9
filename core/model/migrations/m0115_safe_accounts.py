"""Safe accounts: session versions, two-factor sign-in, sign-in throttling, one-time links.

Frozen: the tables are defined here as they were at this migration, never imported
from today's models.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SQL,
    Model,
    TextField,
)
from playhouse.migrate import SchemaMigrator, migrate

if TYPE_CHECKING:
    from peewee import Database


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class _Frozen(Model):
    class Meta:
        legacy_table_names = False


class User(_Frozen):
    """Only referenced by the foreign keys below (the table exists since m0001)."""


class LoginThrottle(_Frozen):
    scope = CharField(max_length=16)
    key = CharField()
    failures = IntegerField(default=0)
    last_failure_at = DateTimeField(default=_utcnow)
    locked_until = DateTimeField(null=True)

    class Meta:
        indexes = ((("scope", "key"), True),)


class AccountToken(_Frozen):
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    purpose = CharField(max_length=16)
    token_hash = CharField(max_length=64, unique=True)
    created_by = IntegerField(null=True)
    created_at = DateTimeField(default=_utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class RecoveryCode(_Frozen):
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    code_hash = CharField(max_length=64)
    created_at = DateTimeField(default=_utcnow)
    used_at = DateTimeField(null=True)


NEW_COLUMNS = (
    ("user", "session_version", IntegerField(default=0, constraints=[SQL("DEFAULT 0")])),
    ("user", "totp_secret", TextField(null=True)),
    ("user", "totp_enabled_at", DateTimeField(null=True)),
    ("user", "totp_last_step", IntegerField(null=True)),
    ("firm", "require_totp", BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])),
)
TABLES = (LoginThrottle, AccountToken, RecoveryCode)


def apply(database: Database) -> None:
    """Add the account columns to ``user`` and ``firm``; create the three account tables."""
    migrator = SchemaMigrator.from_database(database)
    operations = []
    for table, column, field in NEW_COLUMNS:
        # m0001 of older checkouts built its tables from the live models, which may already
        # carry these columns: add only what is missing.
        if column not in {c.name for c in database.get_columns(table)}:
            # NOT NULL columns carry an SQL DEFAULT: added as they are, in place. Without
            # allow_not_null, peewee rebuilds the SQLite table to set NOT NULL, which fails on
            # a table that other rows refer to (foreign keys on): every instance with a firm.
            operations.append(migrator.add_column(table, column, field, allow_not_null=True))
    migrate(*operations)
    with database.bind_ctx(TABLES + (User,)):
        database.create_tables(TABLES, safe=True)
