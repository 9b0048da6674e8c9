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
- :class:`FirmToken`: a bearer token of the firm's production software for the pull API
  (``/api/v1/firm``): all companies of the firm or a list of them, read and/or mark, an expiry.
  Shown once; only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model import events
from guichet.core.model.models import BaseModel, Company, Document, Firm, JSONField, User, db, utcnow


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


#: What a firm token may do.
FIRM_SCOPES = {
    "invoices:read": "lister les factures archivées, lire leur Factur-X, leur XML et leurs écritures",
    "invoices:mark": "marquer des factures comme importées",
}
FIRM_TOKEN_PREFIX = "gcf_"  # noqa: S105 - a prefix, not a secret


class FirmToken(BaseModel):
    """A bearer token of the firm's production software (pull API)."""

    firm = ForeignKeyField(Firm, backref="+", on_delete="CASCADE")
    software = CharField()
    token_hash = CharField(max_length=64, unique=True)
    hint = CharField(max_length=12)
    scopes = JSONField(default=list)
    companies = JSONField(default=list)  # company ids; empty: every company of the firm
    expires_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    last_used_at = DateTimeField(null=True)
    revoked = BooleanField(default=False)

    def company_ids(self) -> list[int]:
        """The ids of the companies this token reads (checked against the firm at each request)."""
        query = Company.select(Company.id).where(Company.firm == self.firm_id)
        if self.companies:
            query = query.where(Company.id.in_([int(c) for c in self.companies]))
        return [row.id for row in query]


def _hash(clear: str) -> str:
    return hashlib.sha256(clear.encode("utf-8")).hexdigest()


def create_firm_token(firm: Firm, software: str, scopes: list[str], *, companies: list[Company] | None = None,
                      expires_at: object = None, user_id: int | None = None) -> tuple[FirmToken, str]:
    """Create a firm token; returns the row and the clear token (shown once, never stored)."""
    unknown = sorted(set(scopes) - set(FIRM_SCOPES))
    if unknown or not scopes:
        msg = f"droit(s) inconnu(s) ou absent(s) : {', '.join(unknown) or '—'} (possibles : {', '.join(FIRM_SCOPES)})"
        raise ValueError(msg)
    for company in companies or []:
        if company.firm_id != firm.id:
            msg = f"le dossier {company.siren} n'est pas un dossier du cabinet"
            raise ValueError(msg)
    clear = FIRM_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.atomic():
        row = FirmToken.create(firm=firm, software=software, token_hash=_hash(clear), hint=clear[:10],
                               scopes=sorted(set(scopes)), companies=sorted(c.id for c in companies or []),
                               expires_at=expires_at)
        events.record("api.firm_token_created", user_id=user_id,
                      data={"token_id": row.id, "firm": firm.id, "software": software, "scopes": row.scopes,
                            "companies": row.companies})
    return row, clear


def find_firm_token(clear: str) -> FirmToken | None:
    """The active, unexpired firm token for a clear value, or None."""
    if not clear or not clear.startswith(FIRM_TOKEN_PREFIX):
        return None
    row = FirmToken.get_or_none((FirmToken.token_hash == _hash(clear)) & ~FirmToken.revoked)
    if row is None or (row.expires_at is not None and row.expires_at <= utcnow()):
        return None
    return row


EXPORT_MODELS = (ChartAccount, PartyAccount, EntryCorrection, ExportBatch, ExportMark, SyncFile, FirmToken)
