"""Database models (peewee). ``db`` is bound at start-up by :func:`guichet.core.model.database.connect`.

Money is stored exactly (:class:`MoneyField`), never as a float. Every query made on
behalf of a user goes through :mod:`guichet.core.access.access`, which scopes it to what
that user may see.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from peewee import (
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    Field,
    ForeignKeyField,
    IntegerField,
    Model,
    SQL,
    TextField,
)

db = DatabaseProxy()


def utcnow() -> dt.datetime:
    """Current UTC time without tzinfo (stored as UTC everywhere)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


#: The calendar users count their days in: a period typed as « du 07/12 au 07/12 » is a French day.
PARIS = ZoneInfo("Europe/Paris")


def paris_today() -> dt.date:
    """Today in France: the day due dates, reminders, payment runs and periods count in, whatever the clock of the
    machine (an appliance's clock often runs in UTC: from midnight to one o'clock its date is still yesterday's).
    The archive keeps its own UTC clock (:func:`guichet.core.storage.archive.today`)."""
    return dt.datetime.now(PARIS).date()


def day_start_utc(day: dt.date) -> dt.datetime:
    """The stored (naive UTC) instant at which a French calendar day begins: 07/12 starts at 06/12 23:00 UTC
    in winter, 22:00 in summer. Bounds of a period typed by a user compare with stored timestamps so."""
    return dt.datetime.combine(day, dt.time(), PARIS).astimezone(dt.UTC).replace(tzinfo=None)


class MoneyField(Field):
    """An exact decimal: TEXT on SQLite (whose NUMERIC would turn it into a float), NUMERIC elsewhere."""

    field_type = "GUICHET_DECIMAL"

    def db_value(self, value: Any) -> str | None:
        """Store the canonical string of the Decimal."""
        return None if value is None else str(Decimal(value))

    def python_value(self, value: Any) -> Decimal | None:
        """Read back a Decimal, whatever the driver returned."""
        return None if value is None else Decimal(str(value))


class JSONField(TextField):
    """A JSON document stored as text."""

    def db_value(self, value: Any) -> str | None:
        """Serialise to compact JSON."""
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value: Any) -> Any:
        """Parse the stored JSON."""
        return None if value is None else json.loads(value)


class BaseModel(Model):
    """Common base: bound to the proxy."""

    class Meta:
        database = db
        legacy_table_names = False


class Firm(BaseModel):
    """The accounting firm (cabinet) that runs this instance."""

    name = CharField()
    # The firm administrator requires two-factor sign-in (TOTP) of the firm's staff (m0115).
    # Columns added to existing tables carry an SQL default too, for rows inserted by hand.
    require_totp = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    created_at = DateTimeField(default=utcnow)


class Company(BaseModel):
    """A client company (dossier) of the firm."""

    firm = ForeignKeyField(Firm, backref="companies")
    name = CharField()
    siren = CharField(max_length=9, unique=True)
    vat_id = CharField(null=True)
    settings = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)


class User(BaseModel):
    """A person who logs in: firm staff (``firm_role``) or a client user (memberships only)."""

    email = CharField(unique=True)
    name = CharField(default="")
    password_hash = CharField()
    firm = ForeignKeyField(Firm, backref="users", null=True)
    # "admin": manages the firm's companies and users and sees everything of the firm;
    # "operator": firm staff who sees every company of the firm (coding, review);
    # "": a client user who sees only the companies of their memberships.
    firm_role = CharField(default="")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    # Part of the session identifier (:meth:`get_id`): bumped at logout, password change and
    # deactivation, so that every session cookie issued before stops working (m0115).
    session_version = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])
    # Two-factor sign-in (core/access/two_factor.py): the TOTP secret, encrypted with the
    # instance key; on only once ``totp_enabled_at`` is set; the last time step accepted
    # (a code is never accepted twice).
    totp_secret = TextField(null=True)
    totp_enabled_at = DateTimeField(null=True)
    totp_last_step = IntegerField(null=True)

    # flask-login's user protocol, without importing Flask into the core.
    @property
    def is_authenticated(self) -> bool:
        """Always True for a stored user."""
        return True

    @property
    def is_active(self) -> bool:
        """False for a disabled account."""
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        """Always False for a stored user."""
        return False

    def get_id(self) -> str:
        """The session identifier, ``<id>:<session_version>`` (a bumped version ends old sessions)."""
        return f"{self.id}:{self.session_version}"


class Membership(BaseModel):
    """The rights of a user on one company."""

    user = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="memberships", on_delete="CASCADE")
    role = CharField(default="read")  # see guichet.core.access.access.ROLES

    class Meta:
        indexes = ((("user", "company"), True),)


class Document(BaseModel):
    """A received file: the original bytes live in the blob store under ``blob_key``."""

    company = ForeignKeyField(Company, backref="documents")
    sha256 = CharField(max_length=64)
    blob_key = CharField()
    filename = CharField()
    content_type = CharField(default="application/octet-stream")
    size = IntegerField()
    channel = CharField()
    direction = CharField(default="unknown")
    state = CharField(index=True)
    format = CharField(null=True)
    reason = TextField(null=True)  # why it was rejected or stopped
    created_by = ForeignKeyField(User, null=True, backref="+")
    created_at = DateTimeField(default=utcnow, index=True)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "sha256"), True),)


class Invoice(BaseModel):
    """The invoice read from a document; ``data`` holds the whole EN 16931 model."""

    document = ForeignKeyField(Document, backref="invoices", unique=True, on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="invoices")
    number = CharField(null=True, index=True)
    type_code = CharField(null=True)
    issue_date = DateField(null=True)
    due_date = DateField(null=True)
    currency = CharField(null=True)
    total_without_tax = MoneyField(null=True)
    total_tax = MoneyField(null=True)
    total_with_tax = MoneyField(null=True)
    amount_due = MoneyField(null=True)
    iban = CharField(null=True)
    profile = CharField(null=True)
    syntax = CharField(null=True)
    xml_key = CharField(null=True)  # blob key of the structured XML it was read from
    source = CharField()  # xml | text layer | ocr | coding
    data = JSONField()
    confidence = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)


class Party(BaseModel):
    """Seller, buyer or payee of an invoice (as written on it)."""

    invoice = ForeignKeyField(Invoice, backref="parties", on_delete="CASCADE")
    role = CharField()  # seller | buyer | payee
    name = CharField(null=True)
    siren = CharField(null=True, index=True)
    siret = CharField(null=True)
    vat_id = CharField(null=True)
    country = CharField(null=True)

    class Meta:
        indexes = ((("invoice", "role"), True),)


class Line(BaseModel):
    """An invoice line (BG-25)."""

    invoice = ForeignKeyField(Invoice, backref="lines", on_delete="CASCADE")
    position = IntegerField()
    line_id = CharField(null=True)
    name = TextField(null=True)
    quantity = MoneyField(null=True)
    unit_code = CharField(null=True)
    net_price = MoneyField(null=True)
    net_amount = MoneyField(null=True)
    vat_category = CharField(null=True)
    vat_rate = MoneyField(null=True)


class VatBreakdown(BaseModel):
    """One VAT breakdown row (BG-23)."""

    invoice = ForeignKeyField(Invoice, backref="vat_rows", on_delete="CASCADE")
    category = CharField()
    rate = MoneyField(null=True)
    taxable_amount = MoneyField()
    tax_amount = MoneyField()
    exemption_reason = TextField(null=True)
    exemption_code = CharField(null=True)


class Finding(BaseModel):
    """A finding of a control or validator on a document."""

    document = ForeignKeyField(Document, backref="findings", on_delete="CASCADE")
    code = CharField()
    severity = CharField()  # guichet.core.model.states.Severity
    message = TextField()
    field = TextField(null=True)  # model field, BT or XPath (TEXT since m0008)
    origin = CharField(default="")  # plugin that produced it
    created_at = DateTimeField(default=utcnow)


class Event(BaseModel):
    """Append-only audit log; ``hash`` covers the event and the previous event's hash.

    No foreign keys: the log must outlive anything it mentions.
    """

    created_at = DateTimeField(default=utcnow)
    kind = CharField(index=True)
    company_id = IntegerField(null=True, index=True)
    document_id = IntegerField(null=True, index=True)
    user_id = IntegerField(null=True)
    data = JSONField(default=dict)
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64, unique=True)


class SchemaVersion(BaseModel):
    """Applied migrations (one row per numbered module in core/model/migrations)."""

    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=utcnow)


#: Every table, in creation order.
MODELS: tuple[type[BaseModel], ...] = (
    Firm,
    Company,
    User,
    Membership,
    Document,
    Invoice,
    Party,
    Line,
    VatBreakdown,
    Finding,
    Event,
)
