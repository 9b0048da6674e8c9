"""Models of the legal archive: what was sealed and archived, and the anchored chain heads.

Created by migration ``m0005_archive``. The archive itself (files, sidecar
manifests, time-stamp tokens) does not depend on these rows: it can be checked
from its folder alone. The rows make the verification and the evidence export fast.
"""

from __future__ import annotations

from peewee import BlobField, BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from guichet.core.model.models import BaseModel, Company, Document, utcnow


class ArchiveRecord(BaseModel):
    """One archived file per document: the sealed copy (or the original XML) and its proofs.

    ``kind`` is ``sealed_pdf`` (PAdES seal applied), ``pdf`` (no seal configured)
    or ``xml`` (an XML original kept with a detached RFC 3161 time-stamp).
    """

    document = ForeignKeyField(Document, backref="archive_records", unique=True)
    company = ForeignKeyField(Company, backref="archive_records")
    kind = CharField()
    sealed = BooleanField(default=False)
    sealed_by = CharField(null=True)  # the plugin whose seal_pdf sealed it: its verify_seal checks it
    file_key = CharField()  # blob key of the archived bytes (a NEW blob; the original is untouched)
    sha256 = CharField(max_length=64)
    size = IntegerField()
    extension = CharField(default="pdf")
    original_sha256 = CharField(max_length=64)  # the received file (a byte prefix of a sealed PDF)
    original_size = IntegerField()
    tst = BlobField(null=True)  # RFC 3161 TimeStampResp (DER) over sha256(file), or None without a TSA
    fiscal_year_end = DateField(null=True)
    retention_end = DateField(null=True)  # set when archived
    archive_path = CharField(null=True)  # relative path in the archive store, set when archived
    archived_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)


class ChainStamp(BaseModel):
    """An RFC 3161 time-stamp of the event chain head: a rewrite of history before it shows."""

    event_id = IntegerField(index=True)
    event_hash = CharField(max_length=64)  # the token's message imprint is this hash
    tst = BlobField()  # RFC 3161 TimeStampResp (DER)
    created_at = DateTimeField(default=utcnow)


class ChainAnchor(BaseModel):
    """A signed statement of the event chain's head, kept in the write-once archive.

    Created by migration ``m0121_chain_anchor``. The archived statement and its
    proofs (:mod:`guichet.core.storage.chain_anchors`) are the evidence; this row
    finds the last one quickly and is checked against them.
    """

    event_id = IntegerField(index=True)
    event_hash = CharField(max_length=64)
    events = IntegerField()  # events of the chain up to and including ``event_id``
    path = CharField()  # archive path of the statement; its .p7s and .tsr lie beside it
    signed = BooleanField()  # a detached CMS signature with the firm's seal
    timestamped = BooleanField()  # an RFC 3161 token over ``event_hash``
    created_at = DateTimeField(default=utcnow)


#: Tables of the archive created by m0005, in creation order.
ARCHIVE_MODELS = (ArchiveRecord, ChainStamp)
#: Tables of the chain anchors (m0121).
ANCHOR_MODELS = (ChainAnchor,)
