"""A PDF's pages as PDFium loaded them, handed from one reader of the file to the next in the same thread.

Reading a text PDF, the look-up of an embedded XML (``plugins/facturx.py``: does a page hold a file-attachment
annotation?) and then the text layer (``plugins/pdf_text.py``) each opened the document and loaded every page:
PDFium parses a page's content stream when it loads it, and this second loading was a tenth of the text
reading's time outside the field rules. The look-up that finds no XML hands its open document and loaded pages
over (:func:`hand_over`); the text reading of the same bytes in the same thread takes them (:func:`take`) and
closes them when done. A thread keeps one document at most: handing over another, or taking for other bytes,
closes the one kept. Only a short document's pages stay loaded (:data:`PAGES_HANDED_OVER`): a page's loaded content
may take hundreds of MB (one content stream shared by fifty pages), and this runs outside the reading's limited
child. Where no text reading follows in the same thread (the pipeline's read stage, whose text is read in a later
stage), the caller drops what was kept (:func:`drop`). Plugins never import each other: both ask this module.
"""

from __future__ import annotations

import threading
from typing import Any

#: The most pages a document may have for its loaded pages to be handed over (an invoice's one or two pages, where
#: loading twice cost most); a longer one is handed over as its open document only, each page loaded once more.
PAGES_HANDED_OVER = 2

_kept = threading.local()


def hand_over(data: bytes, pdf: Any, pages: list[Any]) -> None:
    """Keep ``pdf`` (a ``pypdfium2.PdfDocument`` of ``data``) and its loaded ``pages`` (in order, from the first)
    for the next :func:`take` of the same bytes in this thread; the document kept before is closed."""
    drop()
    _kept.document = (data, pdf, pages)


def take(data: bytes) -> tuple[Any, list[Any]] | None:
    """The document of ``data`` and its loaded pages handed over in this thread (the caller closes them), or None:
    nothing kept, or another file's (closed)."""
    kept = getattr(_kept, "document", None)
    if kept is None:
        return None
    _kept.document = None
    if kept[0] is data or kept[0] == data:
        return kept[1], kept[2]
    _close(kept[1], kept[2])
    return None


def drop() -> None:
    """Close the document kept in this thread, if any."""
    kept = getattr(_kept, "document", None)
    _kept.document = None
    if kept is not None:
        _close(kept[1], kept[2])


def _close(pdf: Any, pages: list[Any]) -> None:
    for page in pages:
        page.close()
    pdf.close()
