"""Combine phone photos into one PDF (Pillow): upright, reasonably sized, one page per photo.

Each photo is opened through :mod:`guichet.core.parsing.images`: its pixels are
counted from the header before anything is decoded, and a JPEG is decoded
directly at about the page size (``Image.draft``), so a huge photo never becomes
a huge bitmap.
"""

from __future__ import annotations

import io

from guichet.core.errors import UnreadableInput
from guichet.core.ops.limited import Limits
from guichet.core.parsing.images import ImageTooLarge, load_frames

#: Longest side of a page image, in pixels (about 250 dpi on A4: enough for OCR, small to send).
MAX_SIDE = 2600


def combine_photos(photos: list[bytes], *, max_pixels: int | None = None) -> bytes:
    """One PDF whose pages are ``photos`` in order; raise ValueError with a French reason.

    :param max_pixels: Largest photo accepted (default ``[limits] max_image_megapixels``).
    """
    max_pixels = max_pixels or Limits().max_image_pixels
    pages = []
    for number, data in enumerate(photos, 1):
        try:
            # Phones store the rotation in EXIF: load_frames turns the photo upright.
            (image,), _count = load_frames(data, max_pixels=max_pixels, longest_side=MAX_SIDE, count=1, mode="RGB")
        except ImageTooLarge as exc:
            msg = f"la photo n° {number} : {exc}"
            raise ValueError(msg) from exc
        except (UnreadableInput, ValueError) as exc:
            msg = f"la photo n° {number} n'est pas une image lisible (JPEG, PNG, TIFF)"
            raise ValueError(msg) from exc
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        pages.append(image)
    if not pages:
        msg = "aucune photo"
        raise ValueError(msg)
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=250.0, quality=85)
    return out.getvalue()
