"""OCR of rasterised corpus pages (each page costs about a second: keep these few)."""

from __future__ import annotations

import io

import pytest

from guichet.core.parsing.fields import SOURCE_OCR
from guichet.core.plugins import make_plugin_manager
from guichet.core.settings import load_settings
from guichet.plugins import ocr_tesseract
from guichet.plugins.fields_rules import propose


def rasterise(pdf: bytes, dpi: int = 200):
    """Page 1 of ``pdf`` as a greyscale PIL image (an image-only scan)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def scan() -> bytes:
    from pathlib import Path

    from conftest import CORPUS

    path = Path(CORPUS) / "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"
    if not path.is_file():
        pytest.skip("corpus missing")
    return png(rasterise(path.read_bytes()))


def test_ocr_of_a_scan_gives_number_and_total(scan):
    pages = ocr_tesseract.ocr(scan, "image")
    assert pages[0].unit == "px" and pages[0].words
    assert all(0 <= w.confidence <= 1 for w in pages[0].words)
    values = propose(pages, None, SOURCE_OCR).values()
    assert values["invoice_number"] == "R0005532486"
    assert values["total_with_tax"] == "104.00"


def test_a_turned_phone_photo_is_straightened(scan):
    from PIL import Image, ImageFilter

    page = Image.open(io.BytesIO(scan)).convert("L")
    background = Image.new("L", (page.width + 300, page.height + 300), 60)
    background.paste(page, (150, 150))
    photo = background.rotate(90, expand=True).rotate(2, expand=True, fillcolor=60, resample=Image.Resampling.BICUBIC)
    photo = photo.filter(ImageFilter.GaussianBlur(0.6))
    cleaned, turn = ocr_tesseract.clean_image(photo)
    assert turn in (90, 270)
    assert cleaned.width < cleaned.height  # portrait again
    values = propose([ocr_tesseract.ocr_image(cleaned, 1)], None, SOURCE_OCR).values()
    assert values["invoice_number"] == "R0005532486"


def test_broken_image_is_unreadable():
    from guichet.core.errors import UnreadableInput

    with pytest.raises(UnreadableInput):
        ocr_tesseract.load_images(b"\x89PNG\r\n\x1a\nbroken", "image")


def test_a_blank_page_gives_no_words():
    from PIL import Image

    pages = ocr_tesseract.ocr(png(Image.new("L", (1700, 2200), 255)), "image")
    assert len(pages) == 1 and pages[0].words == []


def test_skew_is_measured(scan):
    from PIL import Image

    page = Image.open(io.BytesIO(scan)).convert("L").rotate(-2.0, expand=True, fillcolor=255)
    assert abs(ocr_tesseract.skew_angle(page) - 2.0) < 0.4


def test_hook_searchable_pdf(scan, tmp_path):
    pm = make_plugin_manager()
    settings = load_settings(tmp_path)
    pdf = pm.hook.searchable_pdf(data=scan, fmt="image", settings=settings)
    assert pdf is not None and pdf.startswith(b"%PDF")
    assert b"pdfaid" in pdf or b"PDF/A" in pdf or b"GTS_PDFA" in pdf
    from guichet.plugins.pdf_text import read_pdf_words

    assert "Gunzenhausen" in " ".join(w.text for w in read_pdf_words(pdf)[0].words)


def test_a_wrong_turn_from_osd_is_undone(scan, monkeypatch):
    # OSD is sometimes sure of a wrong half-turn; the low confidence of that reading triggers
    # a second reading the other way up, which is kept.
    monkeypatch.setattr(ocr_tesseract, "orientation", lambda image: 180)
    pages = ocr_tesseract.ocr(scan, "image")
    assert pages[0].rotation == 0
    assert ocr_tesseract.mean_confidence(pages[0]) > ocr_tesseract.LOW_CONFIDENCE
    assert propose(pages, None, SOURCE_OCR).values()["invoice_number"] == "R0005532486"
