"""The e-invoicing network: documents on the network, lifecycle statuses, flows.

Frozen copies of the tables of core/model/network_models.py as they were created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Company = table_stub("company")
Document = table_stub("document")
User = table_stub("user")


class NetworkDocument(FrozenModel):
    document = ForeignKeyField(Document, unique=True, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    route = CharField()
    flow_id = CharField(null=True)
    tracking_id = CharField(null=True, unique=True)
    config_id = IntegerField(null=True)
    addressee = CharField(null=True)
    last_code = CharField(null=True)
    last_reason = CharField(null=True)
    last_at = DateTimeField(null=True)
    waiting_since = DateTimeField(null=True)
    last_error = TextField(null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "network_document"
        indexes = ((("company", "last_code"), False), (("company", "route"), False))


class NetworkStatus(FrozenModel):
    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    code = CharField()
    reason = CharField(null=True)
    message = TextField(null=True)
    origin = CharField()
    delivery = CharField()
    tracking_id = CharField(null=True, unique=True)
    flow_id = CharField(null=True)
    blob_key = CharField(null=True)
    issued_at = DateTimeField(null=True)
    user = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    data = TextField()
    error = TextField(null=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "network_status"
        indexes = ((("document", "created_at"), False), (("company", "delivery"), False))


class NetworkFlow(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    flow_id = CharField()
    direction = CharField()
    flow_type = CharField()
    syntax = CharField()
    tracking_id = CharField(null=True)
    ack_status = CharField()
    document = ForeignKeyField(Document, null=True, backref="+", on_delete="SET NULL")
    blob_key = CharField(null=True)
    error = TextField(null=True)
    handled_at = DateTimeField(null=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "network_flow"
        indexes = ((("company", "flow_id"), True),)


def apply(database: Database) -> None:
    """Create the network tables."""
    create_tables(database, (NetworkDocument, NetworkStatus, NetworkFlow))
