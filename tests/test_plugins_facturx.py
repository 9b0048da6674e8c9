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
