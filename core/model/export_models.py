"""Hand-over to the firm: chart of accounts, learnt accounts, corrected entries, exports, folder sync.

- :class:`ChartAccount`: the accounts of a company's chart (plan comptable), imported from a
  CSV or a FEC; when a company has one, an entry using an account outside it is held back.
- :class:`PartyAccount`: per company and counterparty (supplier or customer), the auxiliary
  account and the expense/revenue account learnt from the firm's corrections.
- :class:`EntryCorrection`: an entry corrected by a person; it replaces the proposal.
- :class:`ExportBatch` / :class:`ExportMark`: what was exported, in which format, when; the
  "exporté le" mark of each invoice (nothing sent twice unless asked again).
- :class:`SyncFile`: the files of the folder sync already on the firm's target (incremental,
  resumable).
"""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.models import BaseModel, Company, Document, JSONField, User, utcnow


class ChartAccount(BaseModel):
    """One account of a company's chart of accounts (plan comptable)."""

    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    number = CharField(max_length=40)
    label = CharField(default="")
    source = CharField(default="csv")  # csv | fec | manual

    class Meta:
        indexes = ((("company", "number"), True),)


class PartyAccount(BaseModel):
    """The accounts of one supplier or customer of a company, learnt from corrections."""

    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    direction = CharField()  # purchase | sales
    party_key = CharField()  # open_items.party_key: siren:..., vat:..., name:...
    party_name = CharField(default="")
    aux_account = CharField(max_length=40)  # CompAuxNum (compte auxiliaire)
    account = CharField(max_length=40, null=True)  # expense (6...) or revenue (7...) account
    learnt_from = IntegerField(null=True)  # user id of the correction
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "direction", "party_key"), True),)


class EntryCorrection(BaseModel):
    """A person's correction of a proposed entry; ``lines`` replace the proposal's lines."""

    document = ForeignKeyField(Document, backref="+", unique=True, on_delete="CASCADE")
    lines = JSONField()  # [{"account", "aux_account", "label", "debit", "credit"}]
    user = ForeignKeyField(User, backref="+", null=True, on_delete="SET NULL")
    updated_at = DateTimeField(default=utcnow)


class ExportBatch(BaseModel):
    """One export run: a file of entries in one format for one company and period."""

    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    format = CharField()
    period_start = DateField()
    period_end = DateField()
    filename = CharField()
    sha256 = CharField(max_length=64)
    entries = IntegerField(default=0)
    held_back = JSONField(default=list)  # [{"document", "number", "reasons"}]
    user_id = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)


class ExportMark(BaseModel):
    """The "exporté le" mark of one invoice in one format (or target)."""

    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    target = CharField()  # an export format name, "sync" or "api"
    batch = ForeignKeyField(ExportBatch, backref="marks", null=True, on_delete="SET NULL")
    exported_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("document", "target"), True),)


class SyncFile(BaseModel):
    """A file of the folder sync already written on the firm's target (path relative to its root)."""

    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    path = TextField()
    sha256 = CharField(max_length=64)
    size = IntegerField()
    sent_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "path"), True),)


EXPORT_MODELS = (ChartAccount, PartyAccount, EntryCorrection, ExportBatch, ExportMark, SyncFile)
