"""Combine phone photos into one PDF (Pillow): upright, reasonably sized, one page per photo."""

from __future__ import annotations

import io

#: Longest side of a page image, in pixels (about 250 dpi on A4: enough for OCR, small to send).
MAX_SIDE = 2600


def combine_photos(photos: list[bytes]) -> bytes:
    """One PDF whose pages are ``photos`` in order; raise ValueError with a French reason."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    pages = []
    for number, data in enumerate(photos, 1):
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except (UnidentifiedImageError, OSError) as exc:
            msg = f"la photo n° {number} n'est pas une image lisible (JPEG, PNG, TIFF)"
            raise ValueError(msg) from exc
        image = ImageOps.exif_transpose(image).convert("RGB")  # phones store the rotation in EXIF
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        pages.append(image)
    if not pages:
        msg = "aucune photo"
        raise ValueError(msg)
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=250.0, quality=85)
    return out.getvalue()
