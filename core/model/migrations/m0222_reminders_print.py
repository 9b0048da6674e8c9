"""Reminders of unpaid sales invoices and print batches: ``reminder`` and ``print_batch`` (core/model/sales_models.py).

Frozen copies of the tables as they were created: this migration never imports today's models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.migrations.frozen import DecimalColumn, FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Company = table_stub("company")
Document = table_stub("document")


class Reminder(FrozenModel):
    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    step = IntegerField()
    channel = CharField(max_length=32)
    state = CharField(max_length=16)
    outstanding = DecimalColumn()
    penalties = DecimalColumn()
    indemnity = DecimalColumn()
    reason = TextField(null=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "reminder"
        indexes = ((("document", "step"), True),)


class PrintBatch(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    state = CharField(max_length=16, index=True)
    deliveries = TextField()
    file_key = CharField(null=True)
    manifest = TextField()
    pages = IntegerField()
    reason = TextField(null=True)
    created_at = DateTimeField()
    closed_at = DateTimeField(null=True)

    class Meta:
        table_name = "print_batch"


def apply(database: Database) -> None:
    """Create ``reminder`` and ``print_batch``."""
    create_tables(database, [Reminder, PrintBatch])
