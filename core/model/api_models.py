"""Editors' API: tokens per company and software, idempotent requests, webhooks and their deliveries.

A token is shown once, at creation; only its SHA-256 is stored. Webhook secrets
(HMAC keys) are encrypted at rest with the connector key
(:mod:`guichet.core.connector_vault`).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core import connector_vault
from guichet.core.model import events
from guichet.core.model.models import BaseModel, Company, Document, JSONField, db, utcnow

if TYPE_CHECKING:
    from guichet.core.settings import Settings

#: What a token may do.
SCOPES = {
    "documents:write": "déposer des factures",
    "documents:read": "lire l'état des factures",
    "webhooks:manage": "gérer les notifications (webhooks)",
    "customers:read": "lire le carnet de clients",
    "customers:write": "créer et modifier les clients",
}
TOKEN_PREFIX = "gch_"  # noqa: S105 - a prefix, not a secret


class ApiToken(BaseModel):
    """A bearer token of one invoicing software for one company."""

    company = ForeignKeyField(Company, backref="api_tokens", on_delete="CASCADE")
    software = CharField()  # the editor's software, e.g. "Logiciel Factu 3.2"
    token_hash = CharField(max_length=64, unique=True)
    hint = CharField(max_length=12)  # first characters, to recognise it in lists
    scopes = JSONField(default=list)
    created_at = DateTimeField(default=utcnow)
    last_used_at = DateTimeField(null=True)
    revoked = BooleanField(default=False)


class IdempotentRequest(BaseModel):
    """The answer given to a request with an ``Idempotency-Key``, replayed for the same key."""

    token = ForeignKeyField(ApiToken, backref="+", on_delete="CASCADE")
    key = CharField(max_length=200)
    request_hash = CharField(max_length=64)
    document = ForeignKeyField(Document, backref="+", null=True, on_delete="CASCADE")
    status = IntegerField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("token", "key"), True),)


class Webhook(BaseModel):
    """An URL told about the state changes of a company's documents, signed with HMAC-SHA256."""

    company = ForeignKeyField(Company, backref="webhooks", on_delete="CASCADE")
    # None: a firm's webhook (/api/v1/firm). An editor token deleted outright takes its webhooks with it
    # (a trigger, migration m0171): they never pass for the firm's.
    token = ForeignKeyField(ApiToken, backref="webhooks", null=True, on_delete="SET NULL")
    url = TextField()
    secret = TextField()  # Fernet token of the HMAC key
    events = JSONField(default=list)  # states to notify; empty: all
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)


class WebhookDelivery(BaseModel):
    """One notification to send (retried with back-off until delivered or given up)."""

    webhook = ForeignKeyField(Webhook, backref="deliveries", on_delete="CASCADE")
    document_id = IntegerField(index=True)
    event = CharField()
    payload = JSONField()
    status = CharField(default="pending")  # pending | delivered | failed
    attempts = IntegerField(default=0)
    last_error = TextField(null=True)
    created_at = DateTimeField(default=utcnow)
    delivered_at = DateTimeField(null=True)


API_TABLES = (ApiToken, IdempotentRequest, Webhook, WebhookDelivery)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(company: Company, software: str, scopes: list[str], *, user_id: int | None = None) -> tuple[ApiToken, str]:
    """Create a token; returns the row and the clear token (shown once, never stored)."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        msg = f"droit(s) inconnu(s) : {', '.join(unknown)} (possibles : {', '.join(SCOPES)})"
        raise ValueError(msg)
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.atomic():
        row = ApiToken.create(company=company, software=software, token_hash=hash_token(clear),
                              hint=clear[:10], scopes=sorted(set(scopes)))
        events.record("api.token_created", company_id=company.id, user_id=user_id,
                      data={"token_id": row.id, "software": software, "scopes": row.scopes})
    return row, clear


def find_token(clear: str) -> ApiToken | None:
    """The active token for a clear value, or None."""
    if not clear or not clear.startswith(TOKEN_PREFIX):
        return None
    return ApiToken.get_or_none((ApiToken.token_hash == hash_token(clear)) & ~ApiToken.revoked)


def webhook_secret(settings: Settings, webhook: Webhook) -> str:
    """The clear HMAC key of a webhook."""
    return connector_vault.decrypt_value(settings, {connector_vault.ENCRYPTED: webhook.secret})


def seal_secret(settings: Settings, secret: str) -> str:
    """The stored form of a webhook secret."""
    return connector_vault.encrypt_text(settings, secret)[connector_vault.ENCRYPTED]
