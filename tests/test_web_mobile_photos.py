"""Combining phone photos into a PDF: order kept, rotation applied, unreadable photos named."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from guichet.web.mobile.photos import MAX_SIDE, combine_photos


def _jpeg(width, height, orientation=None):
    from PIL import Image

    image = Image.new("RGB", (width, height), "white")
    buf = io.BytesIO()
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(buf, "JPEG", exif=exif)
    else:
        image.save(buf, "JPEG")
    return buf.getvalue()


def test_pages_in_order_upright_and_resized():
    pdf = PdfReader(io.BytesIO(combine_photos([_jpeg(400, 300), _jpeg(400, 300, orientation=6), _jpeg(6000, 3000)])))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pdf.pages]
    assert sizes[0][0] > sizes[0][1]  # landscape stays landscape
    assert sizes[1][0] < sizes[1][1]  # EXIF "rotate 90°" applied: the page is portrait
    assert max(sizes[2]) <= MAX_SIDE / 250 * 72 + 1  # big photos are scaled down


def test_an_unreadable_photo_is_named():
    with pytest.raises(ValueError, match="photo n° 2"):
        combine_photos([_jpeg(10, 10), b"pas une image"])
