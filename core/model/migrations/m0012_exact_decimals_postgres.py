"""Amounts on PostgreSQL become NUMERIC without precision, which keeps the scale as written.

Instances created before the decimal mapping changed have NUMERIC(24,6), which rounds
beyond six decimals and pads every amount to six. SQLite keeps amounts as TEXT: no change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import PostgresqlDatabase

if TYPE_CHECKING:
    from peewee import Database

#: The amount columns of m0001 (the only migration with amounts until this one).
AMOUNTS = {
    "invoice": ("total_without_tax", "total_tax", "total_with_tax", "amount_due"),
    "line": ("quantity", "net_price", "net_amount", "vat_rate"),
    "vat_breakdown": ("rate", "taxable_amount", "tax_amount"),
}


def apply(database: Database) -> None:
    """Widen the amount columns on PostgreSQL (a no-op where they are NUMERIC already)."""
    if not isinstance(database, PostgresqlDatabase):
        return
    for table, columns in AMOUNTS.items():
        changes = ", ".join(f'ALTER COLUMN "{column}" TYPE NUMERIC' for column in columns)
        database.execute_sql(f'ALTER TABLE "{table}" {changes}')
