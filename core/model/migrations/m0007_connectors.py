"""Intake channels: connector configurations per company; the editors' API tokens and webhooks.

Frozen copies of core/model/connector_models.py and core/model/api_models.py. The API
tables were added to this migration after it had first shipped: m0011 creates them on
the instances that applied the earlier version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Company = table_stub("company")
Document = table_stub("document")


class ConnectorConfig(FrozenModel):
    company = ForeignKeyField(Company, backref="+", null=True, on_delete="CASCADE")
    connector_id = CharField(index=True)
    label = CharField()
    enabled = BooleanField()
    settings = TextField()
    cursor = TextField()
    interval_minutes = IntegerField()
    status = CharField()
    last_run_at = DateTimeField(null=True)
    last_success_at = DateTimeField(null=True)
    last_error = TextField(null=True)
    failures = IntegerField()
    next_run_at = DateTimeField(null=True)
    prompt = TextField(null=True)
    answer = TextField(null=True)
    files_received = IntegerField()
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("company", "connector_id"), True),)


class ApiToken(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    software = CharField()
    token_hash = CharField(max_length=64, unique=True)
    hint = CharField(max_length=12)
    scopes = TextField()
    created_at = DateTimeField()
    last_used_at = DateTimeField(null=True)
    revoked = BooleanField()


class IdempotentRequest(FrozenModel):
    token = ForeignKeyField(ApiToken, backref="+", on_delete="CASCADE")
    key = CharField(max_length=200)
    request_hash = CharField(max_length=64)
    document = ForeignKeyField(Document, backref="+", null=True, on_delete="CASCADE")
    status = IntegerField()
    created_at = DateTimeField()

    class Meta:
        indexes = ((("token", "key"), True),)


class Webhook(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    token = ForeignKeyField(ApiToken, backref="+", null=True, on_delete="SET NULL")
    url = TextField()
    secret = TextField()
    events = TextField()
    active = BooleanField()
    created_at = DateTimeField()


class WebhookDelivery(FrozenModel):
    webhook = ForeignKeyField(Webhook, backref="+", on_delete="CASCADE")
    document_id = IntegerField(index=True)
    event = CharField()
    payload = TextField()
    status = CharField()
    attempts = IntegerField()
    last_error = TextField(null=True)
    created_at = DateTimeField()
    delivered_at = DateTimeField(null=True)


API_TABLES = (ApiToken, IdempotentRequest, Webhook, WebhookDelivery)


def apply(database: Database) -> None:
    """Create ``connector_config`` and the API tables."""
    create_tables(database, (ConnectorConfig, *API_TABLES))
