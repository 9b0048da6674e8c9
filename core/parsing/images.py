"""Opening images and rendering PDF pages safely: pixels are counted before any is decoded.

An image bomb is a small file that decodes into a huge bitmap (a 194 KB PNG of
13000 × 13000 pixels takes 500 MB as RGB, and the clean-up steps multiply that).
:func:`open_image` reads the header only, refuses more than ``max_pixels`` with
:class:`ImageTooLarge` (a French reason), and for a JPEG asks the decoder for a
reduced size directly (``Image.draft``: DCT scaling, the full bitmap never
exists). :func:`load_frames` then brings every frame down to what OCR needs
(``Image.reduce``) before any other step. Pillow's own guard
(``Image.MAX_IMAGE_PIXELS``) is set to the same limit, as a second lock.

:func:`render_scale` bounds the bitmap of a PDF page the same way.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from typing import TYPE_CHECKING, Any

from guichet.core.errors import UnreadableInput

if TYPE_CHECKING:
    from PIL import Image

#: Longest side OCR needs, in pixels: an A4 page at 300 dpi.
OCR_LONGEST_SIDE = 3508
#: Largest bitmap rendered from one PDF page for reading (an A3 page at 300 dpi is 17.4 Mpx).
MAX_PAGE_PIXELS = 25_000_000
#: Default of ``[limits] max_image_megapixels``: the largest image decoded.
DEFAULT_MAX_MEGAPIXELS = 100.0


def max_pixels_of(settings: Any) -> int:
    """``[limits] max_image_megapixels`` of ``settings``, in pixels."""
    return int(float(settings.get("limits.max_image_megapixels", DEFAULT_MAX_MEGAPIXELS)) * 1_000_000)


class ImageTooLarge(UnreadableInput):
    """The image has more pixels than allowed; refused before decoding."""


def _megapixels(pixels: float) -> str:
    return f"{pixels / 1_000_000:.0f}".replace(".", ",")


def check_pixels(width: int, height: int, max_pixels: int) -> None:
    """Raise :class:`ImageTooLarge` when ``width`` × ``height`` is over ``max_pixels``."""
    if width * height > max_pixels:
        msg = (f"image trop grande : {width} × {height} pixels ({_megapixels(width * height)} Mpx), "
               f"au plus {_megapixels(max_pixels)} Mpx ; envoyez une image de moindre définition")
        raise ImageTooLarge(msg)


def open_image(data: bytes, *, max_pixels: int, longest_side: int | None = None) -> Image.Image:
    """Open ``data`` (header only), check its pixel count, and prepare a reduced decode.

    :param max_pixels: Largest bitmap allowed (after the JPEG reduction).
    :param longest_side: The size needed; a JPEG is then decoded at the smallest
        scale (1/2, 1/4, 1/8) whose longest side is still at least this.
    :raises ImageTooLarge: too many pixels (nothing was decoded).
    :raises UnreadableInput: not an image Pillow can read.
    """
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = max_pixels  # Pillow's guard: it warns above, raises above twice this
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own check follows
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f" ({_megapixels(int(found.group(1)))} Mpx)" if found else ""
        msg = f"image trop grande{size}, au plus {_megapixels(max_pixels)} Mpx ; envoyez une image de moindre définition"
        raise ImageTooLarge(msg) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise UnreadableInput(f"image illisible : {exc}") from exc
    if longest_side and image.format == "JPEG" and max(image.size) > longest_side:
        ratio = longest_side / max(image.size)
        image.draft(image.mode, (math.ceil(image.width * ratio), math.ceil(image.height * ratio)))
    check_pixels(*image.size, max_pixels)
    return image


def shrink(image: Image.Image, longest_side: int) -> Image.Image:
    """``image`` reduced by a whole factor so that its longest side is at most about ``longest_side``."""
    factor = max(image.size) // longest_side
    return image.reduce(factor) if factor >= 2 else image  # 1 means no reduction


def load_frames(
    data: bytes,
    *,
    max_pixels: int,
    longest_side: int = OCR_LONGEST_SIDE,
    first: int = 0,
    count: int | None = None,
    mode: str = "L",
) -> tuple[list[Image.Image], int]:
    """Frames ``first`` to ``first + count`` of an image, upright, reduced and in ``mode``; and the frame count.

    Each frame is decoded alone, reduced to about ``longest_side`` at once, then
    turned upright (EXIF) and converted, so that at most one full frame exists.
    """
    from PIL import ImageOps

    image = open_image(data, max_pixels=max_pixels, longest_side=longest_side)
    total = getattr(image, "n_frames", 1)
    last = total if count is None else min(total, first + count)
    frames = []
    try:
        for index in range(first, last):
            image.seek(index)
            check_pixels(*image.size, max_pixels)  # each frame of a TIFF has its own size
            image.load()
            frame = ImageOps.exif_transpose(shrink(image, longest_side))  # a new image either way
            frames.append(frame.convert(mode))
    except ImageTooLarge:
        raise
    except (OSError, EOFError, ValueError) as exc:
        raise UnreadableInput(f"image illisible : {exc}") from exc
    return frames, total


def render_scale(width_pt: float, height_pt: float, dpi: float, max_pixels: int = MAX_PAGE_PIXELS) -> float:
    """The scale to render a PDF page of ``width_pt`` × ``height_pt`` points at ``dpi``, bounded to ``max_pixels``."""
    scale = dpi / 72
    area = max(width_pt, 1.0) * max(height_pt, 1.0) * scale * scale
    if area > max_pixels:
        scale *= math.sqrt(max_pixels / area)
    return scale
