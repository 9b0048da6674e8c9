"""Factur-X / ZUGFeRD / XRechnung-in-PDF containers: find the embedded invoice XML.

Looks in the document's embedded files (the catalog's EmbeddedFiles name tree
and the /AF array) and in file-attachment annotations, under the usual names.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.errors import UnreadableInput
from guichet.core.parsing import pdf_pages
from guichet.core.parsing.pdfsafe import open_pdf
from guichet.core.pipeline.reading import EmbeddedXml
from guichet.core.model.states import Format

if TYPE_CHECKING:
    import pypdf

log = logging.getLogger(__name__)

#: Attachment names of structured invoices, in order of preference (lower-cased).
KNOWN_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml")
MAX_XML_BYTES = 50 * 1024 * 1024


def _embedded_files(reader: pypdf.PdfReader) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    try:
        for name, contents in reader.attachments.items():
            for content in contents:
                found.append((name, content))
    except Exception:  # a broken name tree must not hide annotations
        log.warning("PDF embedded-file tree unreadable", exc_info=True)
    if found:
        return found
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            try:
                obj = annot.get_object()
                if obj.get("/Subtype") != "/FileAttachment":
                    continue
                spec = obj["/FS"].get_object()
                name = str(spec.get("/UF") or spec.get("/F") or "")
                stream = spec["/EF"].get_object().get("/F").get_object()
                found.append((name, stream.get_data()))
            except Exception:
                log.warning("unreadable file attachment annotation", exc_info=True)
    return found


def choose_xml(files: list[tuple[str, bytes]]) -> tuple[str, bytes] | None:
    """The invoice XML among the attachments: a known name first, else any XML file."""
    by_name = {name.lower(): (name, data) for name, data in files}
    for known in KNOWN_NAMES:
        if known in by_name:
            return by_name[known]
    for name, data in files:
        if name.lower().endswith(".xml") and b"CrossIndustry" in data[:2048] + data[-512:]:
            return name, data
    for name, data in files:
        if name.lower().endswith(".xml") and (b"<Invoice" in data[:4096] or b":Invoice" in data[:4096]):
            return name, data
    return None


def _holds_no_file(data: bytes) -> bool:
    """True when pdfium sees neither an embedded file nor a file-attachment annotation (a scan, most PDFs).

    Asked before pypdf, whose import alone costs ~0.1 s CPU for each ``guichet extract`` of a scan;
    pdfium (which renders the pages for OCR anyway) reads the same name tree and annotations. Any
    doubt (a file pdfium cannot open, a password) is False: pypdf then reads it and says why. This
    runs in this process, not in the limited child: it looks at no more pages than the text
    reading does (``core.parsing.text.MAX_PDF_PAGES``), one at a time; a longer PDF is left to pypdf. When it finds no
    file, the open document (and, for a document of :data:`~guichet.core.parsing.pdf_pages.PAGES_HANDED_OVER` pages at
    most, its loaded pages) is handed to the text reading of the same bytes (:mod:`guichet.core.parsing.pdf_pages`).
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from guichet.core.parsing.text import MAX_PDF_PAGES as MAX_PAGES

    if b"%%EOF" not in data[-4096:]:
        return False  # truncated: open_pdf names it
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False
    pages: list[Any] = []
    try:
        if pdf.count_attachments() or len(pdf) > MAX_PAGES:
            return False
        keep = len(pdf) <= pdf_pages.PAGES_HANDED_OVER
        for index in range(len(pdf)):
            page = pdf[index]
            pages.append(page)
            if _has_file_annotation(page, pdfium_c):
                return False
            if not keep:  # a longer document: one loaded page at a time, as its text reading will do
                pages.pop().close()
        # No file: the text layer is read next, from the same pages (loading a page parses its content).
        pdf_pages.hand_over(data, pdf, pages)
        pdf = None
        return True
    finally:
        if pdf is not None:
            for page in pages:
                page.close()
            pdf.close()


def _has_file_annotation(page: Any, pdfium_c: Any) -> bool:
    """True when the pdfium page holds a file-attachment annotation."""
    for number in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, number)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_FILEATTACHMENT:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


@hookimpl
def extract_xml(data: bytes, fmt: str) -> EmbeddedXml | None:
    """The embedded invoice XML of a PDF, or None when the PDF carries none."""
    if fmt != Format.FACTURX or _holds_no_file(data):
        return None
    reader = open_pdf(data)
    chosen = choose_xml(_embedded_files(reader))
    if chosen is None:
        return None
    name, xml = chosen
    if len(xml) > MAX_XML_BYTES:
        raise UnreadableInput("XML joint trop volumineux")
    return EmbeddedXml(data=xml, filename=name)
