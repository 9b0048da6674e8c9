"""The table of document leases: which worker is processing a document, until when.

Created by migration ``m0120_document_lease``. A lease is taken by the pipeline
before a stage runs, renewed while the stage works and deleted when it ends
(:mod:`guichet.core.pipeline.leases`); a worker that dies leaves a lease that
simply expires.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, IntegerField

from guichet.core.model.models import BaseModel, utcnow


class DocumentLease(BaseModel):
    """One live claim on a document by one worker thread; at most one per document.

    Plain ids, no foreign keys: a lease is short-lived and must never block the
    deletion of what it names. The primary key on ``document_id`` makes taking a
    lease atomic (an upsert that only replaces an expired row).
    """

    document_id = IntegerField(primary_key=True)
    company_id = IntegerField(index=True)
    token = CharField(max_length=32)  # random, one per acquisition: renew and release check it
    owner = CharField()  # host, process and thread, for people reading the table
    stage = CharField()
    acquired_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField(index=True)


#: The tables of this module, in creation order.
LEASE_MODELS = (DocumentLease,)
