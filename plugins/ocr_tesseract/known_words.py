"""An ocrmypdf OCR engine that reads nothing: it hands back the words Guichet's OCR already read.

The searchable PDF/A copy is made by ocrmypdf (image kept as it came, invisible text layer,
PDF/A conversion), but running Tesseract a second time through it cost 3-5 s a page for words
the extract stage already had. :func:`guichet.plugins.ocr_tesseract.make_searchable_pdf` writes
those words (boxes as fractions of each page as it came) to a JSON file named by
:data:`ENV`, and loads this module as an ocrmypdf plugin with ``ocr_engine="guichet"``.

Uses ocrmypdf's ``generate_ocr`` engine API (ocrmypdf ≥ 17): the page element holds lines
holding words, in the pixels of the page image ocrmypdf rasterised.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf.hocrtransform import BoundingBox, OcrClass, OcrElement
from ocrmypdf.pluginspec import OcrEngine, OrientationConfidence

#: Environment variable naming the JSON file of the words: ``{"0": [[[text, [x0, y0, x1, y1]], ...], ...]}``
#: per page index (from 0), lines of words, boxes as fractions of the page.
ENV = "GUICHET_OCR_KNOWN_WORDS"
NAME = "guichet"


def _layers() -> dict[str, Any]:
    path = os.environ.get(ENV)
    if not path:
        return {}
    return json.loads(Path(path).read_text(encoding="utf-8"))


class KnownWordsEngine(OcrEngine):
    """Gives ocrmypdf the words already read (no OCR of its own)."""

    @staticmethod
    def version() -> str:
        return "1"

    @staticmethod
    def creator_tag(options: Any) -> str:  # noqa: ARG004 - ocrmypdf's signature
        return "Guichet (Tesseract, one reading)"

    def __str__(self) -> str:
        return "Guichet words already read"

    @staticmethod
    def languages(options: Any) -> set[str]:
        return set(getattr(options, "languages", None) or [])

    @staticmethod
    def get_orientation(input_file: Path, options: Any) -> OrientationConfidence:  # noqa: ARG004
        return OrientationConfidence(angle=0, confidence=0.0)

    @staticmethod
    def get_deskew(input_file: Path, options: Any) -> float:  # noqa: ARG004
        return 0.0

    @staticmethod
    def supports_generate_ocr() -> bool:
        return True

    @staticmethod
    def generate_ocr(input_file: Path, options: Any, page_number: int = 0) -> tuple[OcrElement, str]:  # noqa: ARG004
        from PIL import Image

        with Image.open(input_file) as image:  # the header only: its size and resolution
            width, height = image.size
            dpi = image.info.get("dpi", (300, 300))
        dpi_x = float(dpi[0] if isinstance(dpi, tuple) else dpi) or 300.0
        lines = []
        texts = []
        for line in _layers().get(str(page_number), []):
            words = [OcrElement(ocr_class=OcrClass.WORD, text=text,
                                bbox=BoundingBox(left=box[0] * width, top=box[1] * height,
                                                 right=box[2] * width, bottom=box[3] * height))
                     for text, box in line if text and box[2] > box[0] and box[3] > box[1]]
            if not words:
                continue
            lines.append(OcrElement(
                ocr_class=OcrClass.LINE, children=words,
                bbox=BoundingBox(left=min(w.bbox.left for w in words), top=min(w.bbox.top for w in words),
                                 right=max(w.bbox.right for w in words), bottom=max(w.bbox.bottom for w in words))))
            texts.append(" ".join(w.text for w in words))
        page = OcrElement(ocr_class=OcrClass.PAGE, bbox=BoundingBox(left=0, top=0, right=width, bottom=height),
                          dpi=dpi_x, page_number=page_number, children=lines)
        return page, "\n".join(texts)

    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options: Any) -> None:
        raise NotImplementedError("generate_ocr only")

    @staticmethod
    def generate_pdf(input_file: Path, output_pdf: Path, output_text: Path, options: Any) -> None:
        raise NotImplementedError("generate_ocr only (pdf_renderer fpdf2)")


@hookimpl(tryfirst=True)
def rasterize_pdf_page(input_file: Path, output_file: Path, raster_dpi: Any, pageno: int, page_dpi: Any,
                       rotation: int | None, options: Any) -> Path | None:
    """A blank image of the page's size in place of its rendering, for this engine only.

    ocrmypdf renders each page for its OCR engine, but this one reads only the image's size and resolution
    (:meth:`KnownWordsEngine.generate_ocr`); the page kept in the copy is the original, not this image. Writing
    the rendering as PNG took about half of the copy's CPU (0.5 s of a 200-dpi page). The size is reckoned as
    ocrmypdf's own pypdfium2 rasteriser does, the resolution written as it writes it. (pluggy hands a hook only
    the arguments it names: the raster device, the vector filter and the soft-error flag concern a rendering.)
    """
    if options is None or getattr(options, "ocr_engine", None) != NAME:
        return None
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(str(input_file))
    try:
        page = document[pageno - 1]
        try:
            width_pt, height_pt = page.get_size()
        finally:
            page.close()
    finally:
        document.close()
    dpi = raster_dpi.round(6)
    width, height = round(width_pt * dpi.x / 72.0), round(height_pt * dpi.y / 72.0)
    if rotation and rotation % 180 == 90:
        width, height = height, width
    shown = page_dpi or raster_dpi
    Image.new("1", (width, height), 1).save(output_file, format="PNG", dpi=(float(shown.x), float(shown.y)))
    return output_file


@hookimpl
def get_ocr_engine(options: Any) -> OcrEngine | None:
    """This engine when ``ocr_engine="guichet"`` is asked for."""
    if options is not None and getattr(options, "ocr_engine", None) != NAME:
        return None
    return KnownWordsEngine()
