"""EBICS: each company's bank access (keys sealed) and the orders exchanged with the bank.

Frozen copies of the tables of core/model/ebics_models.py as they were created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Company = table_stub("company")


class EbicsAccess(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    label = CharField()
    url = CharField()
    host_id = CharField(max_length=35)
    partner_id = CharField(max_length=35)
    user_id = CharField(max_length=35)
    version = CharField()
    state = CharField()
    keys = TextField(null=True)
    fingerprints = TextField()
    bank_keys = TextField()
    bank_fingerprints = TextField()
    allowed_hosts = TextField()
    confirmed_by = IntegerField(null=True)
    confirmed_at = DateTimeField(null=True)
    created_by = IntegerField(null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "ebics_access"
        indexes = ((("company", "host_id", "partner_id", "user_id"), True),)


class EbicsOrder(FrozenModel):
    access = ForeignKeyField(EbicsAccess, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    kind = CharField()
    service = CharField()
    batch_id = IntegerField(null=True, index=True)
    transaction_id = CharField(null=True)
    order_id = CharField(null=True)
    state = CharField()
    return_code = CharField(null=True)
    message = TextField(null=True)
    statement_import = IntegerField(null=True)
    user_id = IntegerField(null=True)
    created_at = DateTimeField()
    finished_at = DateTimeField(null=True)

    class Meta:
        table_name = "ebics_order"


def apply(database: Database) -> None:
    """Create the EBICS tables."""
    create_tables(database, [EbicsAccess, EbicsOrder])
