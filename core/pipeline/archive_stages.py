"""Pipeline stages ``seal`` (checked → sealed) and ``archive`` (sealed → archived).

Seal: a received Factur-X is sealed as a COPY of its bytes (the original blob is
never altered; the sealed file is a new blob). An invoice without a PDF (CII,
UBL, coded scan) is rendered with ``render_facturx`` and, once the validator found
it valid (``judge_rendering``: XSD, EN 16931 and Factur-X schematrons), that PDF is
sealed; a rendering that breaks a rule is never archived as Guichet's own: the
original is, and the event names the rules (``facturx_refusee``).
When nothing renders, the original itself (an XML file) is what is archived,
with a detached RFC 3161 time-stamp token. When ``seal_pdf`` returns None (no
certificate configured) the document moves on unsealed, and the event says so.
Every archived file gets a detached token over its SHA-256 (``timestamp_digest``),
which an auditor checks with ``openssl ts -verify`` alone.

Archive: writes the file, its token and its sidecar manifest to the write-once
store with the retention end (:mod:`guichet.core.storage.archive`).

One of the core's own plugins (:data:`guichet.core.plugins.CORE_PLUGINS`): it
declares both stages. What comes after ``archive`` (the network, distribution, the
firm's accounting) are follow-up stages declared ``after="archive"`` by their plugins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from guichet.core.hookspecs import hookimpl
from guichet.core.model import models
from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.states import XML_FORMATS, Format, Severity, State
from guichet.core.pipeline.stages import Outcome, Stage
from guichet.core.plugins import first_answer, hooks_for
from guichet.core.settings import settings_for
from guichet.core.storage import archive
from guichet.core.storage.records import load_invoice

if TYPE_CHECKING:
    from guichet.core.model.models import Document
    from guichet.core.ops.runtime import Runtime

#: The finding of a document whose rendered Factur-X the validator refused (the original was archived).
FACTURX_REFUSED = "FACTURX-REFUSED"
#: Factur-X profile used to render invoices that arrived without a PDF.
RENDER_PROFILE = "en16931"


def _extension(document: Document) -> str:
    if document.format in {str(f) for f in XML_FORMATS}:
        return "xml"
    suffix = PurePath(document.filename or "").suffix.lower().lstrip(".")
    return suffix if suffix.isalnum() and len(suffix) <= 5 else "bin"


def _judge(hook: Any, pdf: bytes) -> list[str]:
    """The rules a rendered Factur-X breaks (``judge_rendering``), as ``"CODE : message"``; empty when valid."""
    embedded = hook.extract_xml(data=pdf, filename="facture.pdf", fmt=str(Format.FACTURX))
    if embedded is None:
        return ["FX-XML : aucun XML dans le Factur-X produit"]
    problems = hook.judge_rendering(pdf=pdf, xml=embedded.data)
    return [f"{p.code} : {p.message}" for p in problems or []]


def seal_stage(rt: Runtime, document: Document) -> Outcome:
    """Seal a copy of the Factur-X (received or rendered) and time-stamp the file to archive."""

    row = models.Invoice.get_or_none(models.Invoice.document == document)
    hook = hooks_for(rt.pm, document.company)  # not the plugins turned off for the company
    settings = settings_for(rt.settings, document.company)
    original = rt.blobs.get(document.blob_key)
    pdf: bytes | None = None
    source = "original"
    refused: list[str] | None = None
    if document.format == Format.FACTURX and row is not None and row.xml_key:
        pdf = bytes(original)  # a copy: the stored original is never handed out
    else:
        invoice = load_invoice(document)
        if invoice is not None:
            try:
                pdf = hook.render_facturx(invoice=invoice, profile=RENDER_PROFILE, hook=hook)
            except ValueError as exc:  # the renderer invents nothing: a source lacking e.g. BT-3 is refused
                refused = [str(exc)]
            source = "rendu" if pdf is not None else source
    if source == "rendu" and pdf is not None:
        refused = _judge(hook, pdf)
    if refused:
        pdf, source = None, "original"  # never an invalid Factur-X as Guichet's own: the original is archived
    sealed, sealed_by = None, None
    if pdf is not None:
        sealed_by, sealed = first_answer(hook.seal_pdf, pdf=bytes(pdf), company=document.company, settings=settings)
        if sealed is not None and not sealed.startswith(pdf):
            msg = "le cachet n'est pas une mise à jour incrémentale du PDF"
            raise ValueError(msg)
        data, extension = sealed or pdf, "pdf"
        kind = "sealed_pdf" if sealed is not None else "pdf"
    else:
        data, extension, kind = original, _extension(document), "xml" if document.format in {str(f) for f in XML_FORMATS} else "original"
    digest = hashlib.sha256(data).digest()
    token = hook.timestamp_digest(digest=digest, settings=settings)
    file_key = rt.blobs.put(data)  # a new blob for a sealed or rendered file

    def apply() -> None:
        ArchiveRecord.delete().where(ArchiveRecord.document == document).execute()
        ArchiveRecord.create(
            document=document,
            company=document.company_id,
            kind=kind,
            sealed=sealed is not None,
            sealed_by=sealed_by,
            file_key=file_key,
            sha256=digest.hex(),
            size=len(data),
            extension=extension,
            original_sha256=document.sha256,
            original_size=document.size,
            tst=token,
        )
        if refused:  # said where the findings are shown, not only in the event
            models.Finding.create(document=document, code=FACTURX_REFUSED, severity=str(Severity.WARNING),
                                  origin="seal", field=None,
                                  message="Factur-X non produit (il enfreindrait " + " ; ".join(refused)[:900]
                                  + ") : l'original est archivé")

    return Outcome(
        State.SEALED,
        apply=apply,
        data={
            "cachet": "PAdES" if sealed is not None else "aucun (pas de certificat de cachet configuré)",
            "source": source,
            "kind": kind,
            "sha256": digest.hex(),
            "horodatage": token is not None,
            **({"facturx_refusee": refused} if refused else {}),
        },
    )


def _document_day(document: Document) -> dt.date:
    row = models.Invoice.get_or_none(models.Invoice.document == document)
    if row is not None and row.issue_date:
        return row.issue_date if isinstance(row.issue_date, dt.date) else dt.date.fromisoformat(str(row.issue_date))
    created = document.created_at
    return created.date() if isinstance(created, dt.datetime) else dt.date.fromisoformat(str(created)[:10])


def archive_stage(rt: Runtime, document: Document) -> Outcome:
    """Write the sealed file, its token and its manifest to the write-once archive."""

    record = ArchiveRecord.get_or_none(ArchiveRecord.document == document)
    if record is None:
        msg = "aucun fichier scellé à archiver"
        raise ValueError(msg)
    fy_end, until = archive.retention_for(document.company, _document_day(document), rt.settings)
    record.fiscal_year_end, record.retention_end = fy_end, until
    store = archive.open_archive_store(rt.settings, rt.pm)
    sealed_event = (
        models.Event.select()
        .where((models.Event.document_id == document.id) & (models.Event.kind == "document.state"))
        .order_by(models.Event.id.desc())
        .first()
    )  # the document is sealed: its last state event is its sealing
    path = archive.write_archive(store, record, rt.blobs.get(record.file_key), sealed_event=sealed_event)
    now = models.utcnow()

    def apply() -> None:
        ArchiveRecord.update(fiscal_year_end=fy_end, retention_end=until, archive_path=path, archived_at=now).where(
            ArchiveRecord.id == record.id
        ).execute()

    return Outcome(
        State.ARCHIVED,
        apply=apply,
        data={"path": path, "retention_end": until.isoformat()},
    )


@hookimpl
def register_stages() -> list[Stage]:
    """``seal`` (checked → sealed) and ``archive`` (sealed → archived)."""
    return [
        Stage("seal", seal_stage, takes=State.CHECKED, leaves={State.SEALED, State.REJECTED}, after="check"),
        Stage("archive", archive_stage, takes=State.SEALED, leaves={State.ARCHIVED}, after="seal"),
    ]
