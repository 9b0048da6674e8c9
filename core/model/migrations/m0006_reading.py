"""Paper reading: words and proposals of documents, and the supplier memory (frozen copies of core/model/text_models.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Document = table_stub("document")
Firm = table_stub("firm")


class DocumentText(FrozenModel):
    document = ForeignKeyField(Document, backref="+", unique=True, on_delete="CASCADE")
    source = CharField()
    engine = CharField()
    pages = TextField()
    proposal = TextField()
    searchable_key = CharField(null=True)
    supplier_key = CharField(null=True)
    created_at = DateTimeField()


class SupplierTemplate(FrozenModel):
    firm = ForeignKeyField(Firm, backref="+", on_delete="CASCADE")
    kind = CharField()
    value = CharField()
    name = CharField()
    data = TextField()
    invoices = IntegerField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("firm", "kind", "value"), True),)


TABLES = (DocumentText, SupplierTemplate)


def apply(database: Database) -> None:
    """Create the reading tables."""
    create_tables(database, TABLES)
