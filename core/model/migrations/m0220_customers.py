"""Sales invoices going out: the ``customer`` book and the ``delivery`` rows (core/model/sales_models.py).

Frozen copies of the tables as they were created: this migration never imports today's models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Company = table_stub("company")
Document = table_stub("document")


class Customer(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    key = CharField()
    name = CharField()
    siren = CharField(max_length=9, null=True, index=True)
    siret = CharField(max_length=14, null=True)
    vat_id = CharField(null=True)
    electronic_address = CharField(null=True)
    emails = TextField()
    address = TextField()
    chorus = TextField()
    edi = TextField()
    channel = CharField()
    fallbacks = TextField()
    edited = TextField()
    invoices = IntegerField()
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "customer"
        indexes = ((("company", "key"), True),)


class Delivery(FrozenModel):
    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    customer = ForeignKeyField(Customer, null=True, backref="+", on_delete="SET NULL")
    channel = CharField(max_length=32)
    state = CharField(max_length=16, index=True)
    attempts = IntegerField()
    reason = TextField(null=True)
    external_id = CharField(null=True)
    data = TextField()
    sent_at = DateTimeField(null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "delivery"
        indexes = ((("document", "channel"), True), (("company", "state"), False))


def apply(database: Database) -> None:
    """Create ``customer`` and ``delivery``."""
    create_tables(database, [Customer, Delivery])
