"""Words with their boxes from PDFs that carry a text layer (pypdfium2, the PDFium engine), no OCR.

Runs first among the ``extract_words`` implementations; returns None when the
PDF has (almost) no text layer, so that an OCR engine reads it instead.

PDFium reads a page's characters and their boxes in C, some twenty times faster than
pdfminer (pdfplumber) on the same pages; words are the runs of characters between
spaces, line breaks and wide gaps (written here: PDFium gives characters, not words).
Text a reader never sees because its clip path cuts it away (a footer line whose clip rectangle
lies under it) is left out; invisible text (render mode 3, the OCR layer of searchable scans) is kept.
"""

from __future__ import annotations

import logging
import math
import unicodedata

from guichet.core import hookimpl
from guichet.core.errors import UnreadableInput
from guichet.core.model.states import Format
from guichet.core.parsing import pdf_pages
from guichet.core.parsing.fields import SOURCE_TEXT
from guichet.core.parsing.text import MAX_PDF_PAGES, Page, TextResult, Word, text_lines

log = logging.getLogger(__name__)

#: Below this many characters per page on average, the PDF is treated as a scan.
MIN_CHARS_PER_PAGE = 40
#: Pages read at most (a 300-page PDF is not an invoice).
MAX_PAGES = MAX_PDF_PAGES
#: A gap wider than this share of the type size between two characters separates two words
#: (1.5 pt at 10 pt, pdfminer's usual tolerance).
WORD_GAP = 0.15
#: A text object whose bounds overlap its clip path's box by less than this share of its height (or not at
#: all across) is clipped away: nobody sees it on the page.
CLIPPED_OVERLAP = 1 / 3
#: Characters that join rather than separate (zero-width spaces and joiners, soft hyphen).
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def read_pdf_words(data: bytes, *, max_pages: int = MAX_PAGES) -> list[Page]:
    """Every page's words with normalised boxes (fractions of the page, top-left origin)."""
    import pypdfium2 as pdfium

    kept = pdf_pages.take(data)  # the document and pages the embedded-XML look-up loaded, when it found none
    if kept is not None:
        pdf, loaded = kept
    else:
        try:
            pdf = pdfium.PdfDocument(data)
        except (pdfium.PdfiumError, ValueError, TypeError) as exc:
            raise UnreadableInput(f"PDF illisible : {exc}") from exc
        loaded = []
    pages: list[Page] = []
    try:
        for index in range(min(len(pdf), max_pages)):
            page = loaded[index] if index < len(loaded) else pdf[index]
            width, height = (float(v) for v in page.get_size())
            textpage = page.get_textpage()
            try:
                words = _words(textpage, width, height, index + 1, _clipped_away(page.raw))
            finally:
                textpage.close()
                page.close()
            page_words = Page(number=index + 1, width=width, height=height, words=words, unit="pt")
            page_words.words = [w for line in text_lines(page_words) for w in line]  # reading order, as displayed
            pages.append(page_words)
    finally:
        for page in loaded:  # those past max_pages, or left by an error (closing twice is harmless)
            page.close()
        pdf.close()
    return pages


def _clipped_away(page) -> set[int]:  # noqa: ANN001 - a pypdfium2 FPDF_PAGE, imported lazily
    """The addresses of the page's text objects that their clip path hides (see ``_is_clipped_away``).

    Page objects and clip paths only, no rendering; form XObjects are walked into (an object and its
    clip are both in the form's space). Text in render mode 3 (invisible: a searchable scan's OCR
    layer) and modes 4-7 (text that clips) are kept whatever their clip.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    hidden: set[int] = set()

    def walk(count: int, get) -> None:  # noqa: ANN001 - a pdfium getter
        for k in range(count):
            obj = get(k)
            if not obj:
                continue
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                walk(pdfium_c.FPDFFormObj_CountObjects(obj), lambda n, form=obj: pdfium_c.FPDFFormObj_GetObject(form, n))
            elif (kind == pdfium_c.FPDF_PAGEOBJ_TEXT and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) in (0, 1, 2)
                  and _is_clipped_away(obj, pdfium_c)):
                hidden.add(ctypes.cast(obj, ctypes.c_void_p).value)

    walk(pdfium_c.FPDFPage_CountObjects(page), lambda n: pdfium_c.FPDFPage_GetObject(page, n))
    return hidden


def _is_clipped_away(obj, pdfium_c) -> bool:  # noqa: ANN001 - pypdfium2's
    """True when the text object lies (almost) wholly outside its clip path.

    The clip is the intersection of its paths: the intersection of their bounding boxes (control points
    included, so a curve's box only grows: the test errs towards keeping text) stands for it. The object
    is clipped away when it overlaps that box by less than ``CLIPPED_OVERLAP`` of its height, or not at
    all across.
    """
    import ctypes

    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return False
    x0 = y0 = -math.inf
    x1 = y1 = math.inf
    px, py = ctypes.c_float(), ctypes.c_float()
    paths = 0
    for n in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs: list[float] = []
        ys: list[float] = []
        for m in range(max(0, pdfium_c.FPDFClipPath_CountPathSegments(clip, n))):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, n, m)
            if segment and pdfium_c.FPDFPathSegment_GetPoint(segment, px, py):
                xs.append(px.value)
                ys.append(py.value)
        if not xs:
            continue  # a path without points (text clips keep none here): no box to take
        paths += 1
        x0, y0, x1, y1 = max(x0, min(xs)), max(y0, min(ys)), min(x1, max(xs)), min(y1, max(ys))
    if not paths:
        return False
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return False
    height = top.value - bottom.value
    across = min(right.value, x1) - max(left.value, x0)
    upward = min(top.value, y1) - max(bottom.value, y0)
    return across <= 0 or upward < CLIPPED_OVERLAP * height


def _words(textpage, width: float, height: float, number: int,  # noqa: ANN001 - pypdfium2's, imported lazily
           hidden: set[int] | frozenset[int] = frozenset()) -> list[Word]:
    """The page's upright characters grouped into words, each with the box around its characters.

    A character's height comes from its origin and its type size (scaled by the text matrix:
    PDFium's own boxes are empty for some fonts), its width from its box. Turned text (a
    copyright along the margin) is left out, and so is the text of the objects in ``hidden``
    (addresses of text objects their clip path hides).
    """
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    raw = textpage.raw
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    loose = pdfium_c.FS_RECTF()  # one box reused: pypdfium2's get_charbox makes one per character
    get_unicode, is_generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    get_size, get_matrix = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetMatrix
    atan2, hypot, tau = math.atan2, math.hypot, math.tau
    get_origin, get_box = pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetLooseCharBox
    # The text object of a character as a plain address (pypdfium2's own returns a pointer to cast: slower).
    get_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
        ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)
    # A text object's characters share its matrix and type size: whether it is turned, and its size, read once.
    objects: dict[int | None, tuple[bool, float]] = {}
    words: list[Word] = []
    chars: list[str] = []
    # The box of the word being read (left, bottom, right, top in PDF points), meaningful while ``chars`` holds some.
    b0 = b1 = b2 = b3 = 0.0

    def flush(left: float, bottom: float, right: float, top: float) -> None:
        word = unicodedata.normalize("NFC", "".join(chars)).strip()
        if word:
            words.append(Word(text=word, confidence=1.0, page=number, box=(
                max(0.0, left / width), max(0.0, 1 - top / height), min(1.0, right / width),
                min(1.0, 1 - bottom / height))))
        chars.clear()

    low_half = False
    for index in range(count):
        if low_half:
            low_half = False
            continue
        # One character at a time: the text of get_text_range is not aligned with character indexes
        # when the page holds characters outside the BMP (two UTF-16 halves) or generated ones.
        code = get_unicode(raw, index)
        if 0xD800 <= code < 0xDC00 and index + 1 < count:
            low = get_unicode(raw, index + 1)
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) if 0xDC00 <= low < 0xE000 else 0x20
            low_half = True
        char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else " "
        if char in _INVISIBLE:
            continue
        if char.isspace():
            # A space PDFium guessed (the only characters it makes: spaces and line breaks) is skipped: the gap
            # itself decides, as for every other character.
            if chars and is_generated(raw, index) != 1:
                flush(b0, b1, b2, b3)
            continue
        obj = get_object(raw, index)
        if hidden and obj in hidden:
            if chars:
                flush(b0, b1, b2, b3)
            continue
        shape = objects.get(obj) if obj is not None else None
        if shape is None:
            # The character's angle is its matrix's (as FPDFText_GetCharAngle reckons it, one call fewer a character).
            upright = get_matrix(raw, index, matrix)
            turned = False
            if upright:
                angle = atan2(matrix.c, matrix.a)
                turned = 0.05 < (angle + tau if angle < 0 else angle) < 6.23
            size = get_size(raw, index) or 1.0
            if upright:
                size *= hypot(matrix.c, matrix.d) or 1.0  # "1 Tf" scaled by the text matrix
            shape = (turned, size)
            if obj is not None:
                objects[obj] = shape
        turned, size = shape
        if turned:
            if chars:
                flush(b0, b1, b2, b3)
            continue
        get_origin(raw, index, origin_x, origin_y)
        if not get_box(raw, index, loose):
            raise pdfium.PdfiumError("Failed to get charbox.")
        left, right = loose.left, loose.right
        bottom, top = origin_y.value - 0.22 * size, origin_y.value + 0.8 * size
        if chars and (not abs((top + bottom) - (b3 + b1)) < 0.5 * size or left - b2 > WORD_GAP * size
                      or left < b0 - 0.5 * size):
            flush(b0, b1, b2, b3)  # another line, a gap, or back to the left: another word
        if chars:  # min() and max() as they pick, without their calls (four a character)
            b0, b1 = left if left < b0 else b0, bottom if bottom < b1 else b1
            b2, b3 = right if right > b2 else b2, top if top > b3 else b3
        else:
            b0, b1, b2, b3 = left, bottom, right, top
        chars.append(char)
    if chars:
        flush(b0, b1, b2, b3)
    return words


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
    return TextResult(pages=pages, source=SOURCE_TEXT, engine="pdfium")
