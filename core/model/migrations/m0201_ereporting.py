"""E-reporting (flux 10): one row per submission of a company's period (frozen copy of network_models.EReport)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Company = table_stub("company")
User = table_stub("user")


class EReport(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    kind = CharField()
    period_start = DateField()
    period_end = DateField()
    version = IntegerField()
    report_id = CharField(unique=True)
    content = TextField()
    blob_key = CharField(null=True)
    flow_id = CharField(null=True)
    status = CharField(null=True)
    status_reason = TextField(null=True)
    error = TextField(null=True)
    submitted_at = DateTimeField(null=True)
    user = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    created_at = DateTimeField()

    class Meta:
        table_name = "e_report"
        indexes = ((("company", "kind", "period_start", "version"), True),)


def apply(database: Database) -> None:
    """Create the e-reporting table."""
    create_tables(database, (EReport,))
