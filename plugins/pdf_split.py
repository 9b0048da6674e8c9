"""Split a PDF that holds several invoices: separator sheets with a barcode, and new-invoice pages.

Two hooks: ``split_invoices`` says where the invoices are; ``cut_pdf`` makes the PDF of
each (pypdf), for the extract stage and for an operator's split alike
(:mod:`guichet.core.pipeline.splitting`).

A separator sheet is a page with (almost) no text and a barcode or QR code (read
with zbar through pyzbar; Debian package libzbar0). Without separators, a page
starts a new invoice when it says it is page 1 ("Page 1/2", "Seite 1 von 3",
"1/2") or when it carries an invoice number different from the current invoice's
(asked of the ``page_invoice_number`` hook, which the field-reading plugin answers).
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from guichet.core import hookimpl
from guichet.core.model.states import Format
from guichet.core.parsing.text import Page

log = logging.getLogger(__name__)

#: A page with fewer words may be a separator sheet.
SEPARATOR_MAX_WORDS = 15
_FIRST_PAGE = re.compile(r"(?i)\b(?:page|seite|p\.)\s*1\s*(?:/|sur|of|von)\s*\d+\b|^\s*1\s*/\s*\d+\s*$")


def barcodes(data: bytes, number: int, *, dpi: int = 150) -> list[str]:
    """The decoded barcodes and QR codes of page ``number`` (from 1) of a PDF; [] without zbar."""
    try:
        import pypdfium2 as pdfium
        from pyzbar import pyzbar
    except (ImportError, OSError) as exc:  # libzbar0 missing: no separator sheets, said once in the log
        log.info("barcode reading unavailable: %s", exc)
        return []
    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[number - 1].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    return [code.data.decode("utf-8", "replace") for code in pyzbar.decode(image)]


def page_groups(data: bytes, fmt: str, pages: list[Page], hook: Any) -> list[list[int]]:
    """Groups of page numbers, one per invoice, separator sheets left out.

    :param hook: The plugin manager's hook relay (``page_invoice_number``).
    """
    groups: list[list[int]] = []
    current: list[int] = []
    current_number = None
    for page in pages:
        if len(page.words) < SEPARATOR_MAX_WORDS and fmt in (Format.PDF, Format.FACTURX) and barcodes(data, page.number):
            if current:
                groups.append(current)
            current, current_number = [], None
            continue
        text = page.text
        first = any(_FIRST_PAGE.search(line) for line in text.splitlines())
        number = hook.page_invoice_number(page=page)
        new = bool(current) and (first or (number is not None and current_number is not None
                                           and number != current_number))
        if new:
            groups.append(current)
            current, current_number = [], None
        current.append(page.number)
        current_number = current_number or number
    if current:
        groups.append(current)
    return groups


@hookimpl
def split_invoices(data: bytes, fmt: str, pages: list[Page], hook: Any) -> list[list[int]] | None:
    """Page groups when the document holds more than one invoice, else None."""
    groups = page_groups(data, fmt, pages, hook)
    return groups if len(groups) > 1 else None


@hookimpl
def cut_pdf(data: bytes, pages: list[int]) -> bytes | None:
    """A new PDF holding the pages ``pages`` (from 1) of ``data``, in that order.

    Raises ValueError (French) for a page the PDF does not have.
    """
    from pypdf import PdfReader, PdfWriter  # only when splitting

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for number in pages:
        if not 1 <= number <= len(reader.pages):
            msg = f"page {number} absente (le PDF en a {len(reader.pages)})"
            raise ValueError(msg)
        writer.add_page(reader.pages[number - 1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
