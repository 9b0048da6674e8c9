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
    groups = pm.hook.split_invoices(data=data, fmt="pdf", pages=read_pdf_words(data))
    assert groups == [[1], [2]]


def test_separator_sheet_splits_and_is_left_out(corpus):
    pytest.importorskip("pyzbar.pyzbar")
    data = merged((corpus / HETZNER).read_bytes(), separator_sheet(), (corpus / HETZNER).read_bytes())
    from guichet.plugins.pdf_split import barcodes, page_groups

    assert barcodes(data, 2) == ["SEPARATEUR"]
    assert page_groups(data, "pdf", read_pdf_words(data)) == [[1], [3]]


def test_one_invoice_is_not_split(corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()  # two pages, one invoice
    pm = make_plugin_manager()
    assert pm.hook.split_invoices(data=data, fmt="pdf", pages=read_pdf_words(data)) is None


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
