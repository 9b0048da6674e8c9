"""Copy an instance's database to another one: the move from SQLite to PostgreSQL.

The target is created by the same numbered migrations as the source, so both
have the same tables and columns. Rows are copied table by table, parents
before children (foreign keys), in primary-key order, with values converted to
the target column's type where SQLite is loose (booleans stored as 0/1). The
PostgreSQL sequences are then moved past the copied ids. No tool does this for
a peewee schema on both sides (pgloader guesses types from SQLite's declared
types and would diverge from the migrations), hence this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from peewee import PostgresqlDatabase

if TYPE_CHECKING:
    from peewee import Database

BATCH = 500
_SKIPPED = {"schema_version", "sqlite_sequence"}


class CopyError(Exception):
    """The copy cannot be done; the message is French and says why."""


def _ordered_tables(database: Database) -> list[str]:
    tables = [t for t in database.get_tables() if t not in _SKIPPED]
    parents = {t: {fk.dest_table for fk in database.get_foreign_keys(t)} & set(tables) - {t} for t in tables}
    ordered: list[str] = []
    while parents:
        ready = sorted(t for t, deps in parents.items() if not deps - set(ordered))
        if not ready:  # a cycle: copy the rest as is (never the case in Guichet's schema)
            ready = sorted(parents)
        for table in ready:
            ordered.append(table)
            parents.pop(table)
    return ordered


def _converter(data_type: str) -> Any:
    kind = data_type.lower()
    if kind.startswith("bool"):
        return lambda v: None if v is None else bool(int(v)) if isinstance(v, (int, str)) else bool(v)
    return None


def _quote(database: Database, name: str) -> str:
    """Double-quote an identifier read from the catalog (SQLite and PostgreSQL agree)."""
    del database
    return '"' + name.replace('"', '""') + '"'


def copy_database(source: Database, target: Database) -> dict[str, int]:
    """Copy every row of ``source`` into ``target``; return the number of rows per table.

    :param source: The instance's current database (connected, migrated).
    :param target: The new database, migrated to the same schema versions and empty.
    :raises CopyError: when the schemas differ or the target already holds data.
    """
    versions = "SELECT version FROM schema_version ORDER BY version"
    if [r[0] for r in source.execute_sql(versions)] != [r[0] for r in target.execute_sql(versions)]:
        raise CopyError("les deux bases n'ont pas les mêmes migrations : lancez « guichet migrate » sur chacune")
    tables = _ordered_tables(source)
    missing = set(tables) - set(target.get_tables())
    if missing:
        raise CopyError(f"tables absentes de la base cible : {', '.join(sorted(missing))}")
    for table in tables:
        if target.execute_sql(f"SELECT 1 FROM {_quote(target, table)} LIMIT 1").fetchone():  # noqa: S608
            raise CopyError(f"la base cible n'est pas vide (table {table})")
    counts: dict[str, int] = {}
    with target.atomic():
        for table in tables:
            target_columns = {c.name: c for c in target.get_columns(table)}
            columns = [c.name for c in source.get_columns(table) if c.name in target_columns]
            converters = [_converter(target_columns[name].data_type) for name in columns]
            keys = [c.name for c in source.get_columns(table) if c.primary_key] or columns[:1]
            column_sql = ", ".join(_quote(source, c) for c in columns)
            order = ", ".join(_quote(source, k) for k in keys)
            insert = (f"INSERT INTO {_quote(target, table)} ({', '.join(_quote(target, c) for c in columns)}) "  # noqa: S608
                      f"VALUES ({', '.join([target.param] * len(columns))})")
            cursor = source.execute_sql(f"SELECT {column_sql} FROM {_quote(source, table)} ORDER BY {order}")  # noqa: S608
            count = 0
            while rows := cursor.fetchmany(BATCH):
                for row in rows:
                    values = [conv(v) if conv else v for conv, v in zip(converters, row, strict=True)]
                    target.execute_sql(insert, values)
                count += len(rows)
            counts[table] = count
        if isinstance(target, PostgresqlDatabase):
            _reset_sequences(target, tables)
    return counts


def _reset_sequences(target: Database, tables: list[str]) -> None:
    for table in tables:
        for column in target.get_columns(table):
            default = column.default or ""
            if "nextval(" not in str(default):
                continue
            target.execute_sql(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608
                f"COALESCE((SELECT MAX({_quote(target, column.name)}) FROM {_quote(target, table)}), 0) + 1, false)",
                (table, column.name),
            )
