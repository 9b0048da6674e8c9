"""The Factur-X container reader: the pdfium pre-check (no file → no pypdf) and its page cap."""

from __future__ import annotations

import io

import pypdf
import pytest
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from guichet.plugins import facturx
from guichet.plugins.pdf_text import MAX_PAGES

XML = b'<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:x"/>'


def _pdf(pages: int, annotated_page: int | None = None) -> bytes:
    """Blank pages; with ``annotated_page``, a file-attachment annotation holding factur-x.xml on it."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if annotated_page is not None:
        stream = DecodedStreamObject()
        stream.set_data(XML)
        stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
        spec = DictionaryObject({NameObject("/Type"): NameObject("/Filespec"),
                                 NameObject("/F"): TextStringObject("factur-x.xml"),
                                 NameObject("/UF"): TextStringObject("factur-x.xml"),
                                 NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(stream)})})
        annot = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                                  NameObject("/Subtype"): NameObject("/FileAttachment"),
                                  NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 30, 30)]),
                                  NameObject("/FS"): writer._add_object(spec)})
        writer.pages[annotated_page][NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("pages", [1, MAX_PAGES])
def test_pdfium_says_no_file_up_to_the_cap(pages):
    assert facturx._holds_no_file(_pdf(pages)) is True
    assert facturx.extract_xml(data=_pdf(pages), fmt="facturx") is None


def test_pdfium_sees_an_attachment_annotation():
    data = _pdf(3, annotated_page=2)
    assert facturx._holds_no_file(data) is False
    assert facturx.extract_xml(data=data, fmt="facturx").data == XML


def test_past_the_cap_pypdf_answers():
    # Past the text reading's page cap pdfium does not walk the pages in this process: pypdf answers,
    # and still finds an annotation on a page the cap would not have reached.
    assert facturx._holds_no_file(_pdf(MAX_PAGES + 1)) is False
    assert facturx.extract_xml(data=_pdf(MAX_PAGES + 1), fmt="facturx") is None
    found = facturx.extract_xml(data=_pdf(MAX_PAGES + 1, annotated_page=MAX_PAGES), fmt="facturx")
    assert found.filename == "factur-x.xml" and found.data == XML


def test_only_a_short_document_s_pages_stay_loaded_for_the_text_reading():
    """Loaded pages may take hundreds of MB (one content stream shared by many pages) outside the reading's limited
    child: a longer document is handed over as its open document only, each page closed once looked at."""
    from guichet.core.parsing import pdf_pages

    short, long = _pdf(pdf_pages.PAGES_HANDED_OVER), _pdf(pdf_pages.PAGES_HANDED_OVER + 3)
    assert facturx._holds_no_file(short) is True
    assert len(pdf_pages.take(short)[1]) == pdf_pages.PAGES_HANDED_OVER
    assert facturx._holds_no_file(long) is True
    pdf, loaded = pdf_pages.take(long)
    assert loaded == [] and len(pdf) == pdf_pages.PAGES_HANDED_OVER + 3
    pdf.close()


def test_the_read_stage_keeps_no_document_open_in_its_thread(rt, company):
    """The pipeline reads the text in a later stage: what the look-up handed over is dropped with the read stage."""
    from guichet.core.parsing import pdf_pages
    from guichet.core.pipeline import intake, reading

    document, _ = intake.receive(rt, company, _pdf(1), "scan.pdf", channel="upload")
    outcome = reading.read_stage(rt, document)
    assert outcome.state == "to_extract" or str(outcome.state).endswith("extract")
    assert getattr(pdf_pages._kept, "document", None) is None
