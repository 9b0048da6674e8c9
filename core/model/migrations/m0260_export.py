"""Hand-over to the firm: chart accounts, learnt party accounts, entry corrections, exports, sync files, firm
tokens, and the firm staff's OpenID Connect providers and linked identities.

Frozen copies of the tables of core/model/export_models.py as they were created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables, table_stub

if TYPE_CHECKING:
    from peewee import Database

Company = table_stub("company")
Firm = table_stub("firm")
Document = table_stub("document")
User = table_stub("user")


class ChartAccount(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    number = CharField(max_length=40)
    label = CharField()
    source = CharField()

    class Meta:
        table_name = "chart_account"
        indexes = ((("company", "number"), True),)


class PartyAccount(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    direction = CharField()
    party_key = CharField()
    party_name = CharField()
    aux_account = CharField(max_length=40)
    account = CharField(max_length=40, null=True)
    learnt_from = IntegerField(null=True)
    updated_at = DateTimeField()

    class Meta:
        table_name = "party_account"
        indexes = ((("company", "direction", "party_key"), True),)


class EntryCorrection(FrozenModel):
    document = ForeignKeyField(Document, backref="+", unique=True, on_delete="CASCADE")
    lines = TextField()
    user = ForeignKeyField(User, backref="+", null=True, on_delete="SET NULL")
    updated_at = DateTimeField()

    class Meta:
        table_name = "entry_correction"


class ExportBatch(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    format = CharField()
    period_start = DateField()
    period_end = DateField()
    filename = CharField()
    sha256 = CharField(max_length=64)
    entries = IntegerField()
    held_back = TextField()
    user_id = IntegerField(null=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "export_batch"


class ExportMark(FrozenModel):
    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    target = CharField()
    batch = ForeignKeyField(ExportBatch, backref="+", null=True, on_delete="SET NULL")
    exported_at = DateTimeField()

    class Meta:
        table_name = "export_mark"
        indexes = ((("document", "target"), True),)


class SyncFile(FrozenModel):
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    path = TextField()
    sha256 = CharField(max_length=64)
    size = IntegerField()
    sent_at = DateTimeField()

    class Meta:
        table_name = "sync_file"
        indexes = ((("company", "path"), True),)


class FirmToken(FrozenModel):
    firm = ForeignKeyField(Firm, backref="+", on_delete="CASCADE")
    software = CharField()
    token_hash = CharField(max_length=64, unique=True)
    hint = CharField(max_length=12)
    scopes = TextField()
    companies = TextField()
    expires_at = DateTimeField(null=True)
    created_at = DateTimeField()
    last_used_at = DateTimeField(null=True)
    revoked = BooleanField()

    class Meta:
        table_name = "firm_token"


class OidcProvider(FrozenModel):
    firm = ForeignKeyField(Firm, backref="+", on_delete="CASCADE")
    label = CharField()
    issuer = CharField()
    client_id = CharField()
    client_secret = TextField()
    scopes = CharField()
    role_claim = CharField()
    role_map = TextField()
    create_accounts = BooleanField()
    staff_passwords = BooleanField()
    active = BooleanField()
    created_at = DateTimeField()

    class Meta:
        table_name = "oidc_provider"


class UserIdentity(FrozenModel):
    provider = ForeignKeyField(OidcProvider, backref="+", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    subject = CharField()
    email = CharField()
    created_at = DateTimeField()
    last_login_at = DateTimeField(null=True)

    class Meta:
        table_name = "user_identity"
        indexes = ((("provider", "subject"), True),)


def apply(database: Database) -> None:
    """Create the hand-over tables and those of the firm staff's OpenID Connect sign-in."""
    create_tables(database, [ChartAccount, PartyAccount, EntryCorrection, ExportBatch, ExportMark, SyncFile, FirmToken,
                             OidcProvider, UserIdentity])
