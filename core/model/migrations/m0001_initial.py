"""The first schema: firms, companies, users, documents, invoices, findings, events.

Frozen as it was first written: ``invoice`` without ``xml_key`` (added by m0010) and
``finding.field`` as VARCHAR(255) (TEXT on PostgreSQL since m0008).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.migrations.frozen import DecimalColumn, FrozenModel, create_tables

if TYPE_CHECKING:
    from peewee import Database


class Firm(FrozenModel):
    name = CharField()
    created_at = DateTimeField()


class Company(FrozenModel):
    firm = ForeignKeyField(Firm, backref="+")
    name = CharField()
    siren = CharField(max_length=9, unique=True)
    vat_id = CharField(null=True)
    settings = TextField()
    created_at = DateTimeField()


class User(FrozenModel):
    email = CharField(unique=True)
    name = CharField()
    password_hash = CharField()
    firm = ForeignKeyField(Firm, backref="+", null=True)
    firm_role = CharField()
    active = BooleanField()
    created_at = DateTimeField()


class Membership(FrozenModel):
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    role = CharField()

    class Meta:
        indexes = ((("user", "company"), True),)


class Document(FrozenModel):
    company = ForeignKeyField(Company, backref="+")
    sha256 = CharField(max_length=64)
    blob_key = CharField()
    filename = CharField()
    content_type = CharField()
    size = IntegerField()
    channel = CharField()
    direction = CharField()
    state = CharField(index=True)
    format = CharField(null=True)
    reason = TextField(null=True)
    created_by = ForeignKeyField(User, null=True, backref="+")
    created_at = DateTimeField(index=True)
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("company", "sha256"), True),)


class Invoice(FrozenModel):
    document = ForeignKeyField(Document, backref="+", unique=True, on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+")
    number = CharField(null=True, index=True)
    type_code = CharField(null=True)
    issue_date = DateField(null=True)
    due_date = DateField(null=True)
    currency = CharField(null=True)
    total_without_tax = DecimalColumn(null=True)
    total_tax = DecimalColumn(null=True)
    total_with_tax = DecimalColumn(null=True)
    amount_due = DecimalColumn(null=True)
    iban = CharField(null=True)
    profile = CharField(null=True)
    syntax = CharField(null=True)
    source = CharField()
    data = TextField()
    confidence = TextField()
    created_at = DateTimeField()


class Party(FrozenModel):
    invoice = ForeignKeyField(Invoice, backref="+", on_delete="CASCADE")
    role = CharField()
    name = CharField(null=True)
    siren = CharField(null=True, index=True)
    siret = CharField(null=True)
    vat_id = CharField(null=True)
    country = CharField(null=True)

    class Meta:
        indexes = ((("invoice", "role"), True),)


class Line(FrozenModel):
    invoice = ForeignKeyField(Invoice, backref="+", on_delete="CASCADE")
    position = IntegerField()
    line_id = CharField(null=True)
    name = TextField(null=True)
    quantity = DecimalColumn(null=True)
    unit_code = CharField(null=True)
    net_price = DecimalColumn(null=True)
    net_amount = DecimalColumn(null=True)
    vat_category = CharField(null=True)
    vat_rate = DecimalColumn(null=True)


class VatBreakdown(FrozenModel):
    invoice = ForeignKeyField(Invoice, backref="+", on_delete="CASCADE")
    category = CharField()
    rate = DecimalColumn(null=True)
    taxable_amount = DecimalColumn()
    tax_amount = DecimalColumn()
    exemption_reason = TextField(null=True)
    exemption_code = CharField(null=True)


class Finding(FrozenModel):
    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    code = CharField()
    severity = CharField()
    message = TextField()
    field = CharField(null=True)
    origin = CharField()
    created_at = DateTimeField()


class Event(FrozenModel):
    created_at = DateTimeField()
    kind = CharField(index=True)
    company_id = IntegerField(null=True, index=True)
    document_id = IntegerField(null=True, index=True)
    user_id = IntegerField(null=True)
    data = TextField()
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64, unique=True)


TABLES = (Firm, Company, User, Membership, Document, Invoice, Party, Line, VatBreakdown, Finding, Event)


def apply(database: Database) -> None:
    """Create the tables of version 1."""
    create_tables(database, TABLES)
