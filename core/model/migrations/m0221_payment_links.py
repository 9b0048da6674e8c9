"""The payment page of sales invoices: ``payment_link`` and ``card_payment`` (core/model/sales_models.py).

Frozen copies of the tables as they were created: this migration never imports today's models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, ForeignKeyField

from guichet.core.model.migrations.frozen import DecimalColumn, FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Company = table_stub("company")
Document = table_stub("document")


class PaymentLink(FrozenModel):
    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField()
    expires_at = DateTimeField()
    opened_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)

    class Meta:
        table_name = "payment_link"


class CardPayment(FrozenModel):
    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    provider = CharField(max_length=32)
    checkout_id = CharField()
    amount = DecimalColumn()
    currency = CharField()
    state = CharField(max_length=16)
    event_id = CharField(null=True)
    created_at = DateTimeField()
    paid_at = DateTimeField(null=True)

    class Meta:
        table_name = "card_payment"
        indexes = ((("provider", "checkout_id"), True),)


def apply(database: Database) -> None:
    """Create ``payment_link`` and ``card_payment``."""
    create_tables(database, [PaymentLink, CardPayment])
