"""What a migration needs to freeze the tables it creates, whatever the models become later.

A migration never imports today's models: it declares the tables as they were when it was
written, with peewee's plain field classes and these helpers, then :func:`create_tables`
binds those frozen classes to the database for the time of the creation only. Python-side
defaults are left out (the models supply them when rows are written): a frozen class holds
only what reaches the schema (columns, types, nullability, uniqueness, indexes, foreign keys).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import Field, Model

if TYPE_CHECKING:
    from collections.abc import Iterable

    from peewee import Database


class FrozenModel(Model):
    """Base of the frozen tables: bound to no database until :func:`create_tables`."""

    class Meta:
        legacy_table_names = False


class DecimalColumn(Field):
    """The column of an exact amount (the models' ``MoneyField``).

    Its type is the database's ``GUICHET_DECIMAL`` mapping (:mod:`guichet.core.model.database`):
    TEXT on SQLite, NUMERIC on PostgreSQL. Changing that mapping needs a migration (as m0012 did for NUMERIC(24,6)).
    """

    field_type = "GUICHET_DECIMAL"


def table_stub(table: str) -> type[FrozenModel]:
    """A table referred to by a foreign key and created by an earlier migration (its name and ``id``)."""
    meta = type("Meta", (), {"table_name": table})
    return type(f"Stub_{table}", (FrozenModel,), {"Meta": meta, "__module__": __name__})


def create_tables(database: Database, tables: Iterable[type[FrozenModel]]) -> None:
    """Create ``tables`` (and their indexes) in ``database``, skipping those that exist."""
    tables = list(tables)
    with database.bind_ctx(tables, bind_refs=False, bind_backrefs=False):
        database.create_tables(tables, safe=True)
