"""Money: open items, settlements, payment rights and mandates, SEPA batches, bank statements.

Frozen copies of the tables of core/model/payment_models.py as they were created: this
migration never imports today's models. Amount columns use the ``GUICHET_DECIMAL`` type
(TEXT on SQLite, NUMERIC on PostgreSQL) like ``MoneyField``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Field,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

if TYPE_CHECKING:
    from peewee import Database


class _Frozen(Model):
    class Meta:
        legacy_table_names = False


class _Decimal(Field):
    field_type = "GUICHET_DECIMAL"


def _stub(table: str) -> type[_Frozen]:
    meta = type("Meta", (), {"table_name": table})
    return type(f"Stub_{table}", (_Frozen,), {"Meta": meta, "__module__": __name__})


Company = _stub("company")
Document = _stub("document")
User = _stub("user")


class BankAccount(_Frozen):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    iban = CharField(max_length=34)
    bic = CharField(null=True)
    label = CharField()
    holder_name = CharField(null=True)
    address = TextField()
    is_default = BooleanField()
    created_at = DateTimeField()

    class Meta:
        indexes = ((("company", "iban"), True),)


class SupplierAccount(_Frozen):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    party_key = CharField()
    iban = CharField(max_length=34)
    bic = CharField(null=True)
    confirmed_by = IntegerField(null=True)
    confirmed_at = DateTimeField()
    note = TextField()

    class Meta:
        indexes = ((("company", "party_key", "iban"), True),)


class OpenItem(_Frozen):
    document = ForeignKeyField(Document, backref="+", unique=True, on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    direction = CharField()
    number = CharField(null=True)
    type_code = CharField(null=True)
    counterparty = CharField()
    party_key = CharField(index=True)
    iban = CharField(null=True)
    issue_date = DateField(null=True)
    due_date = DateField(null=True)
    currency = CharField()
    amount = _Decimal()
    settled = _Decimal()
    outstanding = _Decimal()
    state = CharField()
    disputed = BooleanField()
    reference = CharField(null=True, index=True)
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("company", "direction", "state"), False), (("company", "due_date"), False))


class Settlement(_Frozen):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    item = ForeignKeyField(OpenItem, backref="+", on_delete="CASCADE")
    kind = CharField()
    amount = _Decimal()
    date = DateField()
    bank_line_id = IntegerField(null=True, index=True)
    batch_payment_id = IntegerField(null=True, index=True)
    credit_note_id = IntegerField(null=True)
    reason = TextField()
    automatic = BooleanField()
    user_id = IntegerField(null=True)
    created_at = DateTimeField()


class PaymentRight(_Frozen):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    right = CharField()
    granted_by = IntegerField(null=True)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("company", "user", "right"), True),)


class PaymentMandate(_Frozen):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    reference = CharField()
    max_per_payment = _Decimal()
    max_per_batch = _Decimal()
    valid_from = DateField()
    valid_until = DateField()
    created_by = IntegerField(null=True)
    created_at = DateTimeField()
    revoked_at = DateTimeField(null=True)
    revoked_by = IntegerField(null=True)


class PaymentBatch(_Frozen):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    account = ForeignKeyField(BankAccount, backref="+", on_delete="RESTRICT")
    reference = CharField(unique=True)
    state = CharField()
    grouping = CharField()
    execution_date = DateField()
    currency = CharField()
    total = _Decimal()
    count = IntegerField()
    created_by = IntegerField(null=True)
    created_at = DateTimeField()
    validated_by = IntegerField(null=True)
    validated_at = DateTimeField(null=True)
    mandate = ForeignKeyField(PaymentMandate, null=True, backref="+", on_delete="SET NULL")
    file_key = CharField(null=True)
    file_sha256 = CharField(null=True)


class BatchPayment(_Frozen):
    batch = ForeignKeyField(PaymentBatch, backref="+", on_delete="CASCADE")
    item = ForeignKeyField(OpenItem, backref="+", on_delete="CASCADE")
    amount = _Decimal()
    creditor_name = CharField()
    creditor_iban = CharField(max_length=34)
    creditor_bic = CharField(null=True)
    creditor_address = TextField()
    end_to_end_id = CharField()
    blocked = TextField(null=True)
    finding = TextField(null=True)
    confirmed_by = IntegerField(null=True)
    confirmed_at = DateTimeField(null=True)
    live_document = IntegerField(null=True, unique=True)


class StatementImport(_Frozen):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    filename = CharField()
    sha256 = CharField(max_length=64)
    blob_key = CharField()
    source = CharField()
    format = CharField(null=True)
    state = CharField()
    reason = TextField(null=True)
    statements = IntegerField()
    duplicates = IntegerField()
    lines = IntegerField()
    matched = IntegerField()
    user_id = IntegerField(null=True)
    created_at = DateTimeField()


class BankStatement(_Frozen):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    source_file = ForeignKeyField(StatementImport, backref="+", on_delete="CASCADE")
    identity = CharField()
    format = CharField()
    account = CharField()
    statement_id = CharField(null=True)
    from_date = DateField(null=True)
    to_date = DateField(null=True)
    currency = CharField()
    opening_balance = _Decimal(null=True)
    closing_balance = _Decimal(null=True)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("company", "identity"), True),)


class BankLine(_Frozen):
    statement = ForeignKeyField(BankStatement, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    position = IntegerField()
    booking_date = DateField()
    value_date = DateField(null=True)
    amount = _Decimal()
    currency = CharField()
    counterparty = CharField()
    counterparty_iban = CharField(null=True)
    remittance = TextField()
    reference = CharField(null=True)
    end_to_end_id = CharField(null=True)
    bank_reference = CharField(null=True)
    batch = ForeignKeyField(PaymentBatch, null=True, backref="+", on_delete="SET NULL")
    state = CharField(index=True)
    allocated = _Decimal()
    automatic = BooleanField()
    note = TextField()
    user_id = IntegerField(null=True)


TABLES = (BankAccount, SupplierAccount, OpenItem, Settlement, PaymentRight, PaymentMandate,
          PaymentBatch, BatchPayment, StatementImport, BankStatement, BankLine)


def apply(database: Database) -> None:
    """Create the money tables."""
    with database.bind_ctx(TABLES, bind_refs=False, bind_backrefs=False):
        database.create_tables(TABLES, safe=True)
