"""The seal and archive stages of the pipeline (core/pipeline/archive_stages.py)."""

from __future__ import annotations

import hashlib
import json
import stat
import subprocess

from guichet.core.storage import archive
from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.models import Event
from guichet.core.pipeline.reading import read_file
from guichet.core.model.states import State
from guichet.core.ops.tasks import STAGE_TASKS
from guichet.plugins import seal_pades

from archive_fixtures import SAMPLE, arc_company, arc_rt, arc_settings, ingest, tsa  # noqa: F401 - fixtures


def test_stages_and_tasks_exist():
    assert {"seal", "archive"} <= set(STAGE_TASKS)
    assert STAGE_TASKS["seal"].name == "guichet.stage.seal"


def test_a_facturx_is_sealed_as_a_copy_and_archived(arc_rt, arc_company, corpus, tsa, tmp_path):
    original = (corpus / SAMPLE).read_bytes()
    document = ingest(arc_rt, arc_company, original, SAMPLE)
    assert document.state == State.ARCHIVED, document.reason
    # The original blob is untouched; the sealed file is a new blob that starts with it.
    assert arc_rt.blobs.get(document.blob_key) == original
    record = ArchiveRecord.get(ArchiveRecord.document == document)
    assert record.kind == "sealed_pdf" and record.sealed
    assert record.file_key != document.blob_key
    sealed = arc_rt.blobs.get(record.file_key)
    assert sealed.startswith(original) and hashlib.sha256(sealed).hexdigest() == record.sha256
    assert record.original_sha256 == document.sha256
    # The archive: <siren>/<fiscal year>/<sha256>.pdf, read-only, with its token and sidecar.
    year = record.fiscal_year_end.year
    assert record.archive_path == f"{arc_company.siren}/{year}/{record.sha256}.pdf"
    store = archive.open_archive_store(arc_rt.settings)
    path = store.local_path(record.archive_path)
    assert path.read_bytes() == sealed
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    manifest = json.loads(store.get(record.archive_path + ".json"))
    assert manifest["sha256"] == record.sha256 and manifest["sealed"] is True
    assert manifest["retention_end"] == record.retention_end.isoformat()
    assert record.retention_end.year == year + 10
    assert manifest["original_is_prefix"] and sealed[: manifest["original_size"]] == original
    assert seal_pades.check_seal(sealed, seal_pades.seal_config(arc_rt.settings)) == []
    done = subprocess.run(
        ["openssl", "ts", "-verify", "-data", str(path), "-in", str(path) + ".tsr", "-CAfile", str(tsa.ca_file)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    # The sealed Factur-X reads exactly like the original.
    assert read_file(arc_rt.pm, sealed, SAMPLE).invoice == read_file(arc_rt.pm, original, SAMPLE).invoice
    seal_event = Event.select().where(Event.document_id == document.id, Event.kind == "document.state").order_by(Event.id)[-2]
    assert seal_event.data["stage"] == "seal" and seal_event.data["cachet"] == "PAdES" and seal_event.data["horodatage"]


def test_without_a_certificate_the_document_moves_on_unsealed(arc_rt, arc_company, corpus):
    seal_pades.seal_config(arc_rt.settings).pkcs12.unlink()
    document = ingest(arc_rt, arc_company, (corpus / SAMPLE).read_bytes(), SAMPLE)
    assert document.state == State.ARCHIVED
    record = ArchiveRecord.get(ArchiveRecord.document == document)
    assert record.kind == "pdf" and not record.sealed and record.tst is not None
    assert record.sha256 == document.sha256  # the very bytes received, not altered
    seal_event = Event.select().where(Event.document_id == document.id, Event.kind == "document.state").order_by(Event.id)[-2]
    assert seal_event.data["cachet"].startswith("aucun")


def test_an_xml_original_is_archived_with_a_detached_timestamp(arc_rt, arc_company, corpus, tsa, tmp_path):
    xml = read_file(arc_rt.pm, (corpus / SAMPLE).read_bytes(), SAMPLE).xml
    document = ingest(arc_rt, arc_company, xml, "facture.xml")
    assert document.state == State.ARCHIVED, document.reason
    record = ArchiveRecord.get(ArchiveRecord.document == document)
    # No render_facturx implementation is loaded here: the XML itself is archived.
    assert record.kind == "xml" and record.extension == "xml" and not record.sealed
    path = archive.open_archive_store(arc_rt.settings).local_path(record.archive_path)
    assert path.read_bytes() == xml and path.name.endswith(".xml")
    done = subprocess.run(
        ["openssl", "ts", "-verify", "-data", str(path), "-in", str(path) + ".tsr", "-CAfile", str(tsa.ca_file)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr


def test_an_xml_original_with_a_renderer_is_sealed_as_a_rendered_facturx(arc_rt, arc_company, corpus):
    from guichet.core import hookimpl

    rendered = (corpus / SAMPLE).read_bytes()

    class Renderer:
        """Stands for the Factur-X renderer: returns a ready PDF/A-3 for any invoice."""

        @hookimpl
        def render_facturx(self, invoice, profile):
            assert profile == "en16931" and invoice.number
            return rendered

    arc_rt.pm.register(Renderer(), name="test_renderer")
    try:
        xml = read_file(arc_rt.pm, rendered, SAMPLE).xml
        document = ingest(arc_rt, arc_company, xml, "facture.xml")
    finally:
        arc_rt.pm.unregister(name="test_renderer")
    assert document.state == State.ARCHIVED, document.reason
    record = ArchiveRecord.get(ArchiveRecord.document == document)
    assert record.kind == "sealed_pdf" and record.extension == "pdf" and record.sealed
    assert arc_rt.blobs.get(record.file_key).startswith(rendered)
    assert arc_rt.blobs.get(document.blob_key) == xml  # the XML original is kept as received
    seal_event = Event.select().where(Event.document_id == document.id, Event.kind == "document.state").order_by(Event.id)[-2]
    assert seal_event.data["source"] == "rendu"
    manifest = json.loads(archive.open_archive_store(arc_rt.settings).get(record.archive_path + ".json"))
    assert manifest["original_is_prefix"] is False and manifest["original_sha256"] == document.sha256


def test_an_invoice_the_renderer_refuses_is_archived_as_its_original_with_the_reason(arc_rt, arc_company, corpus):
    """A renderer that refuses (it invents no document type, no breakdown) does not stop the pipeline."""
    from guichet.core import hookimpl
    from guichet.core.model.models import Finding
    from guichet.core.pipeline.archive_stages import FACTURX_REFUSED

    class Refusing:
        @hookimpl
        def render_facturx(self, invoice, profile):
            raise ValueError("XML Factur-X EN16931 non conforme au schéma : ligne 3 : TypeCode manquant")

    arc_rt.pm.register(Refusing(), name="test_refusing_renderer")
    try:
        xml = read_file(arc_rt.pm, (corpus / SAMPLE).read_bytes(), SAMPLE).xml
        document = ingest(arc_rt, arc_company, xml, "facture.xml")
    finally:
        arc_rt.pm.unregister(name="test_refusing_renderer")
    assert document.state == State.ARCHIVED, document.reason
    record = ArchiveRecord.get(ArchiveRecord.document == document)
    assert record.kind == "xml" and arc_rt.blobs.get(record.file_key) == xml
    finding = Finding.get(Finding.document == document, Finding.code == FACTURX_REFUSED)
    assert "TypeCode manquant" in finding.message and "l'original est archivé" in finding.message
