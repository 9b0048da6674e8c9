"""Page images for the coding screen, rendered on the server (pypdfium2 for PDFs, Pillow for images).

The browser never parses the original: it gets one PNG per page, at the width it
asks for (clamped), so the word boxes (fractions of the page) lie over it at any zoom.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from guichet.core.errors import UnreadableInput
from guichet.core.parsing import images

if TYPE_CHECKING:
    from flask import Response

#: Widths in pixels the screen may ask for.
MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 300, 2400, 1200
#: Tallest bitmap rendered from a PDF page, in pixels.
MAX_HEIGHT = 6000
#: Pages rendered at most (the coding screen is for invoices, not books).
MAX_PAGES = 50
_CACHE_SIZE = 48

_cache: OrderedDict[tuple[str, int, int, int], bytes] = OrderedDict()
_lock = threading.Lock()


def is_image(fmt: str | None, content_type: str) -> bool:
    """True when the file is read with Pillow rather than as a PDF."""
    return fmt == "image" or (fmt is None and content_type.startswith("image/"))


def _pdf(data: bytes):  # noqa: ANN202 - pypdfium2 type
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableInput(f"PDF illisible : {exc}") from exc


def _max_pixels() -> int:
    from guichet.core.ops.limited import Limits

    return Limits.from_settings().max_image_pixels


def page_count(data: bytes, *, image: bool) -> int:
    """Number of pages (frames for an image)."""
    if image:
        with images.open_image(data, max_pixels=_max_pixels()) as img:  # the header only
            return min(getattr(img, "n_frames", 1), MAX_PAGES)
    pdf = _pdf(data)
    try:
        return min(len(pdf), MAX_PAGES)
    finally:
        pdf.close()


def _render(data: bytes, number: int, width: int, *, image: bool, rotation: int):  # noqa: ANN202 - PIL image
    from PIL import Image

    if image:
        # Counted before decoding, decoded small (JPEG) or reduced at once: a bomb never becomes a bitmap.
        (img,), _count = images.load_frames(data, max_pixels=_max_pixels(), longest_side=2 * width,
                                            first=number - 1, count=1, mode="RGB")
    else:
        pdf = _pdf(data)
        try:
            page = pdf[number - 1]
            # Bounded both ways: an odd page of 1 × 10,000 points must not make a giant bitmap.
            scale = min(width / max(page.get_width(), 1.0), MAX_HEIGHT / max(page.get_height(), 1.0))
            img = page.render(scale=scale).to_pil().convert("RGB")
        finally:
            pdf.close()
    if rotation % 360:
        # The OCR read the page turned by ``rotation`` degrees clockwise; show it the same way,
        # so that its word boxes fit the picture.
        img = img.rotate(-rotation, expand=True, fillcolor=(255, 255, 255))
    if img.width != width and img.height * width / img.width <= MAX_HEIGHT:
        height = max(1, round(img.height * width / img.width))
        img = img.resize((width, height), Image.Resampling.LANCZOS)
    return img


def page_png(data: bytes, sha256: str, number: int, width: int = DEFAULT_WIDTH, *,
             image: bool, rotation: int = 0) -> bytes:
    """Page ``number`` (from 1) as PNG bytes, ``width`` pixels wide; cached by content.

    Raises :class:`IndexError` for a page that does not exist and
    :class:`~guichet.core.errors.UnreadableInput` for a broken file.
    """
    width = max(MIN_WIDTH, min(MAX_WIDTH, int(width)))
    if number < 1 or number > page_count(data, image=image):
        raise IndexError(number)
    key = (sha256, number, width, rotation % 360)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    img = _render(data, number, width, image=image, rotation=rotation)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False, compress_level=3)
    png = out.getvalue()
    with _lock:
        _cache[key] = png
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return png


def page_response(data: bytes, document: Any, number: int, width: int, *, rotation: int = 0) -> Response:
    """Page ``number`` of ``document`` (whose bytes are ``data``) as a PNG response.

    A page that does not exist answers 404, a file that cannot be rendered 400 with the reason.
    """
    from flask import Response, abort

    try:
        png = page_png(data, document.sha256, number, width,
                       image=is_image(document.format, document.content_type), rotation=rotation)
    except IndexError:
        abort(404)
    except UnreadableInput as exc:
        abort(400, str(exc))
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
