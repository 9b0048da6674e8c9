"""Open the database named by the settings, bind the models, apply migrations.

SQLite (the embedded default) runs in WAL mode with ``BEGIN IMMEDIATE`` transactions,
so that the web process and the worker threads queue for the write lock instead of
failing; PostgreSQL is chosen by ``database.url``.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from peewee import Database, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect as connect_url

from guichet.core.model import migrations
from guichet.core.model.models import MODELS, SchemaVersion, db

if TYPE_CHECKING:
    from guichet.core.settings import Settings

SQLITE_FIELD_TYPES = {"GUICHET_DECIMAL": "TEXT"}
# NUMERIC without precision keeps the scale as written ("529.87" stays "529.87").
POSTGRES_FIELD_TYPES = {"GUICHET_DECIMAL": "NUMERIC"}


def open_database(url: str) -> Database:
    """Create (not connect) the peewee database for ``url`` (sqlite:///path or postgresql://...)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ":memory:"
        return SqliteDatabase(
            path,
            pragmas={
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": 30000,
                "synchronous": "normal",
            },
            lock_type="IMMEDIATE",
            field_types=SQLITE_FIELD_TYPES,
            check_same_thread=False,
        )
    if url.startswith(("postgres://", "postgresql://")):
        url = url.replace("postgres://", "postgresql://", 1)
        return connect_url(url, field_types=POSTGRES_FIELD_TYPES)
    msg = f"base de données non prise en charge : {url}"
    raise ValueError(msg)


def connect(settings: Settings) -> Database:
    """Bind the model proxy to the configured database and migrate it. Returns the database."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = open_database(settings.database_url)
    db.initialize(database)
    migrate(database)
    return database


def bind(settings: Settings) -> Database:
    """Bind the model proxy to the configured database without creating nor migrating anything: for a
    look-up by a command that must not change an instance (:func:`pending_migrations` says whether its
    schema is the one the models expect)."""
    database = open_database(settings.database_url)
    db.initialize(database)
    return database


def pending_migrations(database: Database) -> list[int]:
    """The numbered migrations ``database`` has not applied (every one when it has no schema), read only."""
    numbers = [number for number, _name in _migration_modules()]
    with database.connection_context():
        if not SchemaVersion.table_exists():
            return numbers
        done = {row.version for row in SchemaVersion.select()}
    return [number for number in numbers if number not in done]


def is_postgres(database: Database | None = None) -> bool:
    """True when the bound database is PostgreSQL."""
    target = database or db.obj
    return isinstance(target, PostgresqlDatabase)


def _migration_modules() -> list[tuple[int, str]]:
    found = []
    for info in pkgutil.iter_modules(migrations.__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            found.append((int(info.name[1:5]), f"{migrations.__name__}.{info.name}"))
    return sorted(found)


def migrate(database: Database) -> list[int]:
    """Apply the numbered modules of ``core/model/migrations`` not applied yet; return their numbers.

    Each module defines ``apply(database)``; each runs in its own transaction.
    """
    with database.connection_context():
        database.create_tables([SchemaVersion], safe=True)
        done = {row.version for row in SchemaVersion.select()}
        applied = []
        for number, module_name in _migration_modules():
            if number in done:
                continue
            module = importlib.import_module(module_name)
            with database.atomic():
                module.apply(database)
                SchemaVersion.create(version=number)
            applied.append(number)
    return applied


def drop_all(database: Database) -> None:
    """Drop every table (tests only)."""
    database.drop_tables([*MODELS, SchemaVersion], safe=True, cascade=is_postgres(database))
