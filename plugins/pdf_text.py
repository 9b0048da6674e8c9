"""Words with their boxes from PDFs that carry a text layer (pdfplumber), no OCR.

Runs first among the ``extract_words`` implementations; returns None when the
PDF has (almost) no text layer, so that an OCR engine reads it instead.
"""

from __future__ import annotations

import io
import logging

from guichet.core import hookimpl
from guichet.core.errors import UnreadableInput
from guichet.core.parsing.fields import SOURCE_TEXT
from guichet.core.model.states import Format
from guichet.core.parsing.text import Page, TextResult, Word

log = logging.getLogger(__name__)

#: Below this many characters per page on average, the PDF is treated as a scan.
MIN_CHARS_PER_PAGE = 40
#: Pages read at most (a 300-page PDF is not an invoice).
MAX_PAGES = 50


def read_pdf_words(data: bytes, *, max_pages: int = MAX_PAGES) -> list[Page]:
    """Every page's words with normalised boxes (fractions of the page, top-left origin)."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[Page] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise UnreadableInput(f"PDF illisible : {exc}") from exc
    with pdf:
        for number, page in enumerate(pdf.pages[:max_pages], start=1):
            width, height = float(page.width), float(page.height)
            words = []
            raw = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
            for w in _join_touching(raw):
                text = w["text"].strip()
                if not text:
                    continue
                box = (
                    max(0.0, float(w["x0"]) / width),
                    max(0.0, float(w["top"]) / height),
                    min(1.0, float(w["x1"]) / width),
                    min(1.0, float(w["bottom"]) / height),
                )
                words.append(Word(text=text, box=box, confidence=1.0, page=number))
            pages.append(Page(number=number, width=width, height=height, words=words, unit="pt"))
    return pages


def _join_touching(words: list[dict]) -> list[dict]:
    """Join a lone first character to the word it touches ("4 71102": a generator's zero-width space).

    Only single characters: two touching words ("MUSTERLIEFERANT GMBH") keep their space.
    """
    out: list[dict] = []
    for w in words:
        prev = out[-1] if out else None
        if (prev is not None and len(prev["text"]) == 1 and abs(prev["top"] - w["top"]) < 1
                and abs(prev["bottom"] - w["bottom"]) < 1 and -0.5 <= w["x0"] - prev["x1"] <= 0.3):
            out[-1] = {**prev, "text": prev["text"] + w["text"], "x1": w["x1"]}
            continue
        out.append(dict(w))
    return out


def has_text_layer(pages: list[Page]) -> bool:
    """True when the pages carry enough text to be read without OCR."""
    if not pages:
        return False
    chars = sum(len(w.text) for p in pages for w in p.words)
    return chars / len(pages) >= MIN_CHARS_PER_PAGE


@hookimpl(tryfirst=True)
def extract_words(data: bytes, fmt: str) -> TextResult | None:
    """The text layer of a PDF, or None for images and scanned PDFs."""
    if fmt not in (Format.PDF, Format.FACTURX):
        return None
    try:
        pages = read_pdf_words(data)
    except UnreadableInput:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on broken files; OCR may still read it
        log.info("no text layer read: %s", exc)
        return None
    if not has_text_layer(pages):
        return None
    return TextResult(pages=pages, source=SOURCE_TEXT, engine="pdfplumber")
