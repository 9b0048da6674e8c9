"""The pipeline on real corpus files: intake, read, check, states and events."""

from __future__ import annotations

import pytest

from guichet.core.model import events
from guichet.core.pipeline import intake, pipeline
from guichet.core.model.models import Document, Event, Invoice, Party
from guichet.core.model.states import Channel, State
from support import DONE_STATES

# The data layer runs on both the embedded default and the scale-out database.
pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def test_factur_x_goes_to_checked(rt, company, corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    document, created = intake.receive(rt, company, data, "EN16931_Einfach.pdf", channel=Channel.UPLOAD)
    assert created
    assert rt.blobs.get(document.blob_key) == data
    final = pipeline.run_to_rest(rt, document.id)
    assert final.state in DONE_STATES
    invoice = Invoice.get(Invoice.document == final)
    assert invoice.number == "471102"
    assert str(invoice.total_with_tax) == "529.87"
    seller = Party.get((Party.invoice == invoice) & (Party.role == "seller"))
    assert seller.name == "Lieferant GmbH"
    kinds = [e.data.get("to") for e in Event.select().where(Event.document_id == document.id).order_by(Event.id)]
    assert kinds[:3] == [None, "extracted", "checked"]


def test_same_bytes_twice_make_one_document(rt, company, corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    first, _ = intake.receive(rt, company, data, "a.pdf", channel=Channel.UPLOAD)
    second, created = intake.receive(rt, company, data, "b.pdf", channel=Channel.EMAIL)
    assert not created
    assert second.id == first.id
    assert Document.select().count() == 1
    assert Event.select().where(Event.kind == "document.duplicate_arrival").count() == 1


def test_advance_is_idempotent(rt, company, corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    document, _ = intake.receive(rt, company, data, "x.pdf", channel=Channel.CLI)
    assert pipeline.advance(rt, document.id, "read") == State.EXTRACTED
    assert pipeline.advance(rt, document.id, "read") is None  # already past that stage
    assert Invoice.select().count() == 1


def test_pdf_without_xml_waits_for_extraction(rt, company, corpus):
    data = (corpus / "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf").read_bytes()
    document, _ = intake.receive(rt, company, data, "hetzner.pdf", channel=Channel.UPLOAD)
    final = pipeline.run_to_rest(rt, document.id)
    assert final.state == State.TO_CODE  # read by the extract stage, then waits for an operator


def test_event_chain_detects_a_rewrite(rt, company, corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    document, _ = intake.receive(rt, company, data, "x.pdf", channel=Channel.CLI)
    pipeline.run_to_rest(rt, document.id)
    checked, bad = events.verify_chain()
    assert bad is None
    assert checked >= 3
    victim = Event.select().order_by(Event.id).offset(1).first()
    Event.update(data={"filename": "forged.pdf"}).where(Event.id == victim.id).execute()
    _, bad = events.verify_chain()
    assert bad is not None
    assert bad.id == victim.id
