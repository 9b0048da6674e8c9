"""Splitting a PDF that holds several invoices."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from guichet.core.plugins import make_plugin_manager
from guichet.plugins.pdf_text import read_pdf_words

HETZNER = "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"
MOULIN = "Facture_DOM_EN16931.pdf"


def separator_sheet() -> bytes:
    """A blank A4 page holding only a Code 39 barcode."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.code39("*SEPARATEUR*", x=30, y=100, w=1.2, h=25)
    return bytes(pdf.output())


def merged(*parts: bytes) -> bytes:
    writer = PdfWriter()
    for part in parts:
        for page in PdfReader(io.BytesIO(part)).pages[:1]:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_hook_split_invoices(corpus):
    data = merged((corpus / HETZNER).read_bytes(), (corpus / MOULIN).read_bytes())
    pm = make_plugin_manager()
    groups = pm.hook.split_invoices(data=data, fmt="pdf", pages=read_pdf_words(data), hook=pm.hook)
    assert groups == [[1], [2]]


def test_separator_sheet_splits_and_is_left_out(corpus):
    pytest.importorskip("pyzbar.pyzbar")
    data = merged((corpus / HETZNER).read_bytes(), separator_sheet(), (corpus / HETZNER).read_bytes())
    from guichet.plugins.pdf_split import barcodes, page_groups

    assert barcodes(data, 2) == ["SEPARATEUR"]
    assert page_groups(data, "pdf", read_pdf_words(data), make_plugin_manager().hook) == [[1], [3]]


def test_one_invoice_is_not_split(corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()  # two pages, one invoice
    pm = make_plugin_manager()
    assert pm.hook.split_invoices(data=data, fmt="pdf", pages=read_pdf_words(data), hook=pm.hook) is None


def test_extract_stage_creates_one_document_per_invoice(rt, company, corpus):
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.model.models import Document
    from guichet.core.model.states import Channel, State

    data = merged((corpus / HETZNER).read_bytes(), (corpus / MOULIN).read_bytes())
    document, _ = intake.receive(rt, company, data, "lot.pdf", channel=Channel.SCANNER)
    parent = pipeline.run_to_rest(rt, document.id)
    assert parent.state == State.SPLIT and "scindé en 2" in parent.reason
    children = Document.select().where(Document.id != parent.id).order_by(Document.id)
    assert [c.filename for c in children] == ["lot-1.pdf", "lot-2.pdf"]
    assert all(c.state == State.TO_CODE for c in children)


def test_hook_cut_pdf(corpus):
    data = merged((corpus / HETZNER).read_bytes(), (corpus / MOULIN).read_bytes())
    pm = make_plugin_manager()
    second = pm.hook.cut_pdf(data=data, pages=[2])
    assert read_pdf_words(second)[0].text == read_pdf_words(data)[1].text
    both = PdfReader(io.BytesIO(pm.hook.cut_pdf(data=data, pages=[2, 1]))).pages
    assert len(both) == 2
    for missing in (0, 3):  # never wraps around to another page
        with pytest.raises(ValueError, match=f"page {missing} absente"):
            pm.hook.cut_pdf(data=data, pages=[missing])


def test_automatic_and_operator_splits_take_the_same_path(rt, company, corpus):
    """The extract stage's split and an operator's split: same cut, same intake, same reason."""
    from guichet.core.model.models import Document, Event
    from guichet.core.model.states import Channel, State
    from guichet.core.pipeline import decisions, intake, pipeline

    data = merged((corpus / HETZNER).read_bytes(), (corpus / MOULIN).read_bytes())
    auto, _ = intake.receive(rt, company, data, "auto.pdf", channel=Channel.SCANNER)
    pipeline.run_to_rest(rt, auto.id)
    other = merged((corpus / "EN16931_Einfach.pdf").read_bytes(), (corpus / "EN16931_Elektron.pdf").read_bytes())
    manual, _ = intake.receive(rt, company, other, "main.pdf", channel=Channel.SCANNER)
    with rt.database.atomic():  # waiting for an operator, as a split the rules missed would
        pipeline.transition(manual, State.TO_EXTRACT, updates={"format": "pdf"})
        pipeline.transition(manual, State.TO_CODE)
    parts = decisions.split(rt, None, manual.id, [[1], [2]], enqueue=False)
    for parent, prefix in ((auto, "auto-"), (manual, "main-partie")):
        children = [e for e in Event.select().where(Event.kind == "document.received").order_by(Event.id)
                    if e.data.get("split_from") == parent.id]
        assert [e.data["pages"] for e in children] == [[1], [2]]
        assert [e.data["filename"] for e in children] == [f"{prefix}1.pdf", f"{prefix}2.pdf"]
        ids = [e.document_id for e in children]
        stored = Document.get_by_id(parent.id)
        assert stored.state == State.SPLIT
        assert stored.reason == f"scindé en 2 documents (n° {ids[0]}, n° {ids[1]})"
    assert [p.id for p in parts] == ids
