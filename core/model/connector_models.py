"""The per-company configuration of a connector, with its cursor and its last run.

One row per (company, connector) pair; ``company`` is NULL for an instance-wide
configuration (a catch-all mailbox that routes each mail to its company).
Secret settings are stored encrypted (:mod:`guichet.core.connector_vault`).
Account names that a server of Guichet accepts (the scanners' SFTP logins) are
unique across the instance: :class:`ConnectorAccount`, checked by
:mod:`guichet.core.access.account_names`.
"""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.models import BaseModel, Company, JSONField, utcnow


class ConnectorStatus:
    """Values of :attr:`ConnectorConfig.status` (French labels in :data:`STATUS_LABELS`)."""

    NEVER = "never"  # configured, never run
    OK = "ok"  # last run succeeded
    ERROR = "error"  # last run failed; see last_error, retried with back-off
    WAITING = "waiting"  # waits for a person (a 2FA code, a captcha): see prompt


STATUS_LABELS = {
    ConnectorStatus.NEVER: "Jamais lancé",
    ConnectorStatus.OK: "En service",
    ConnectorStatus.ERROR: "En erreur",
    ConnectorStatus.WAITING: "En attente d'une personne",
}


class ConnectorConfig(BaseModel):
    """How one company uses one connector; the runner keeps its cursor and status here."""

    company = ForeignKeyField(Company, backref="connector_configs", null=True, on_delete="CASCADE")
    connector_id = CharField(index=True)
    label = CharField(default="")
    enabled = BooleanField(default=True)
    settings = JSONField(default=dict)  # secret fields hold {"$enc": "<Fernet token>"}
    cursor = JSONField(default=dict)  # owned by the connector, persisted by the runner
    interval_minutes = IntegerField(default=5)
    status = CharField(default=ConnectorStatus.NEVER)
    last_run_at = DateTimeField(null=True)
    last_success_at = DateTimeField(null=True)
    last_error = TextField(null=True)
    failures = IntegerField(default=0)  # consecutive failed runs (back-off)
    next_run_at = DateTimeField(null=True)
    prompt = TextField(null=True)  # question asked to a person while WAITING
    answer = TextField(null=True)  # the person's answer, encrypted, used once
    files_received = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "connector_id"), True),)


class ConnectorAccount(BaseModel):
    """The account name a configuration holds on a server Guichet runs (one name, one owner)."""

    connector_id = CharField()
    name = CharField(max_length=32)
    config = ForeignKeyField(ConnectorConfig, unique=True, on_delete="CASCADE")

    class Meta:
        indexes = ((("connector_id", "name"), True),)
