"""The migrations build the schema of the models, on SQLite and PostgreSQL, and upgrade old instances.

The schema built by applying every numbered migration to an empty database is compared
with the schema that the models (every table of ``guichet.core``) create directly: tables,
columns, types, nullability, primary keys, indexes and foreign keys. A model changed
without its migration fails here. Old instances (``tests/data/instances``: databases
created by the code of earlier commits, see the README there) are migrated the same way
and must end with the same schema and their rows intact.
"""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
import uuid
from pathlib import Path

import pytest

import guichet.core
from guichet.core.model import database as database_module
from guichet.core.model.models import BaseModel, Company, Firm, SchemaVersion, db

from support import PG_DSN

INSTANCES = Path(__file__).parent / "data" / "instances"
#: Commits whose code created the instances kept in tests/data/instances.
OLD_INSTANCES = ("6505bee", "9eb166d", "231a53e", "52f3bfc")


def _all_models() -> list[type[BaseModel]]:
    """Every table model of the core: the subclasses of BaseModel once every core module is imported."""
    for info in pkgutil.walk_packages(guichet.core.__path__, "guichet.core."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    found, stack = [], [BaseModel]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                stack.append(sub)
    return found


# --- schema introspection ---------------------------------------------------------------

def _sqlite_affinity(declared: str) -> str:
    """The column affinity SQLite gives a declared type (sqlite.org/datatype3.html, 3.1)."""
    declared = declared.upper()
    if "INT" in declared:
        return "INTEGER"
    if any(word in declared for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if not declared or "BLOB" in declared:
        return "BLOB"
    if any(word in declared for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _sqlite_schema(database) -> dict:
    tables = {}
    names = [row[0] for row in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in names:
        columns = {name: (_sqlite_affinity(kind), bool(notnull), pk)
                   for _, name, kind, notnull, _, pk in database.execute_sql(f'PRAGMA table_info("{table}")')}
        indexes = set()
        for _, name, unique, _origin, _partial in database.execute_sql(f'PRAGMA index_list("{table}")'):
            cols = tuple(row[2] for row in database.execute_sql(f'PRAGMA index_info("{name}")'))
            indexes.add((name, bool(unique), cols))
        foreign_keys = {(row[3], row[2], row[4], row[6])
                        for row in database.execute_sql(f'PRAGMA foreign_key_list("{table}")')}
        tables[table] = {"columns": columns, "indexes": indexes, "foreign_keys": foreign_keys}
    return tables


def _postgres_schema(database) -> dict:
    tables = {}
    for (table,) in database.execute_sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"):
        columns = {}
        for name, kind, length, precision, scale, nullable, default in database.execute_sql(
                "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,"
                " is_nullable, column_default FROM information_schema.columns"
                " WHERE table_schema = 'public' AND table_name = %s", (table,)):
            numeric = (precision, scale) if kind == "numeric" else None
            columns[name] = (kind, length, numeric, nullable == "NO", default)
        indexes = set(database.execute_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s", (table,)))
        foreign_keys = {row[0] for row in database.execute_sql(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = %s::regclass", (f'public."{table}"',))}
        tables[table] = {"columns": columns, "indexes": indexes, "foreign_keys": foreign_keys}
    return tables


def schema(database) -> dict:
    """Tables, columns, types, nullability, indexes and foreign keys of ``database``."""
    with database.connection_context():
        if database_module.is_postgres(database):
            return _postgres_schema(database)
        return _sqlite_schema(database)


def differences(built: dict, expected: dict) -> list[str]:
    """What ``built`` (from the migrations) lacks or has more than ``expected`` (from the models)."""
    found = []
    for table in sorted(set(built) | set(expected)):
        if table not in built:
            found.append(f"table {table}: missing")
            continue
        if table not in expected:
            found.append(f"table {table}: not in the models")
            continue
        for part in ("columns", "indexes", "foreign_keys"):
            mine, theirs = built[table][part], expected[table][part]
            if isinstance(mine, dict):
                for column in sorted(set(mine) | set(theirs)):
                    if mine.get(column) != theirs.get(column):
                        found.append(f"{table}.{column}: {mine.get(column)} instead of {theirs.get(column)}")
            else:
                found.extend(f"{table} {part}: missing {item}" for item in sorted(theirs - mine, key=str))
                found.extend(f"{table} {part}: extra {item}{_hint(table, item)}" for item in sorted(mine - theirs, key=str))
    return found


def _hint(table: str, item: tuple) -> str:
    """Why an index may be named differently: peewee names it after the class of a plain Model."""
    name = str(item[0])
    if name.startswith((f"{table}_", "sqlite_autoindex")) or name.endswith("_pkey"):
        return ""
    return " (a frozen class without legacy_table_names = False? derive it from frozen.FrozenModel)"


# --- empty databases of either kind ------------------------------------------------------

class Databases:
    """Makes empty databases of one backend and removes them afterwards."""

    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend = backend
        self.tmp_path = tmp_path
        self.made: list[tuple[object, str]] = []

    def new(self, dump: Path | None = None):
        """A new empty database (loaded from ``dump`` when given), not bound to the models."""
        name = f"guichet_test_{uuid.uuid4().hex[:10]}"
        if self.backend == "sqlite":
            path = self.tmp_path / f"{name}.db"
            if dump is not None:
                with sqlite3.connect(path) as conn:
                    conn.executescript(dump.read_text(encoding="utf-8"))
                conn.close()
            url = f"sqlite:///{path}"
        else:
            import psycopg2

            admin = psycopg2.connect(PG_DSN)
            admin.autocommit = True
            with admin.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')
            admin.close()
            url = f"{PG_DSN.rsplit('/', 1)[0]}/{name}"
            if dump is not None:
                conn = psycopg2.connect(url)
                with conn, conn.cursor() as cur:
                    cur.execute(dump.read_text(encoding="utf-8"))
                conn.close()
        database = database_module.open_database(url)
        self.made.append((database, name))
        return database

    def close(self) -> None:
        """Close every database; drop the PostgreSQL ones."""
        for database, name in self.made:
            database.close()
            if self.backend == "postgres":
                import psycopg2

                admin = psycopg2.connect(PG_DSN)
                admin.autocommit = True
                with admin.cursor() as cur:
                    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def databases(request, tmp_path):
    """``databases.new()`` gives an empty database of the backend (SQLite, then PostgreSQL)."""
    made = Databases(request.param, tmp_path)
    yield made
    made.close()


def _migrated(database):
    db.initialize(database)
    database_module.migrate(database)
    return database


def _from_models(database):
    models = _all_models()  # SchemaVersion included, once (bind_ctx restores each model's binding in order)
    assert SchemaVersion in models
    with database.bind_ctx(models):
        database.create_tables(models)
    return database


# --- the tests -----------------------------------------------------------------------------

def test_every_migration_is_found_and_numbered_once():
    numbers = [number for number, _ in database_module._migration_modules()]
    assert numbers == sorted(set(numbers))
    assert 10 in numbers  # invoice.xml_key


def test_migrations_build_the_schema_of_the_models(databases):
    built = schema(_migrated(databases.new()))
    expected = schema(_from_models(databases.new()))
    assert "invoice" in expected and "xml_key" in expected["invoice"]["columns"]
    assert differences(built, expected) == []


def test_a_model_change_without_its_migration_is_caught(databases):
    """Without m0010, ``invoice.xml_key`` (in the model) is reported missing."""
    database = databases.new()
    db.initialize(database)
    with database.connection_context():
        database.create_tables([SchemaVersion])
        SchemaVersion.create(version=10)  # as if applied: skipped
    database_module.migrate(database)
    found = differences(schema(database), schema(_from_models(databases.new())))
    assert len(found) == 1
    assert found[0].startswith("invoice.xml_key: None instead of")


@pytest.mark.parametrize("commit", OLD_INSTANCES)
def test_old_instances_upgrade_to_the_schema_of_the_models(databases, commit):
    dump = INSTANCES / f"{commit}.{'postgresql' if databases.backend == 'postgres' else 'sqlite'}.sql"
    old = databases.new(dump)
    with old.connection_context():
        before = {row[0] for row in old.execute_sql("SELECT version FROM schema_version")}
    db.initialize(old)
    applied = database_module.migrate(old)
    assert set(applied) == {number for number, _ in database_module._migration_modules()} - before
    assert differences(schema(old), schema(_from_models(databases.new()))) == []
    with old.connection_context():  # the rows written by the old code are still there
        assert Firm.get().name == "Cabinet créé avant la mise à jour"
        assert Company.get().siren == "552081317"
        assert database_module.migrate(old) == []
