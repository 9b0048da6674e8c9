"""Optional OCR engine: kraken, behind the same ``extract_words`` hook as Tesseract.

Off unless an installer both installs the extra (``pip install 'guichet[kraken]'``)
and names a recognition model file in ``[ocr] kraken_model``: kraken ships no
French recognition model and needs a multi-GB torch (docs/ocr-notes.md). When on,
it runs before Tesseract (which is ``trylast``); when it fails, it returns None
and Tesseract reads the document.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from guichet.core import hookimpl
from guichet.core.parsing.fields import SOURCE_OCR
from guichet.core.model.states import Format
from guichet.core.parsing.text import Page, TextResult, Word

log = logging.getLogger(__name__)


def model_path(settings: Any) -> Path | None:
    """The configured recognition model, or None when kraken is not configured."""
    if settings is None:
        return None
    value = str(settings.get("ocr.kraken_model", "") or "").strip()
    if not value:
        return None
    path = Path(value)
    if not path.is_file():
        log.warning("kraken model %s not found: kraken stays off", path)
        return None
    return path


def _recognise(images: list[Any], model: Path) -> list[Page]:
    """Segment (baseline model shipped with kraken) and recognise each page; words from line cuts."""
    from kraken import blla, rpred
    from kraken.lib import models

    net = models.load_any(str(model))
    pages = []
    for number, image in enumerate(images, start=1):
        segmentation = blla.segment(image)
        words = []
        for record in rpred.rpred(net, image, segmentation):
            text = record.prediction
            cuts, confs = record.cuts, record.confidences
            start = 0
            for token in text.split(" "):
                end = start + len(token)
                if token and end <= len(cuts):
                    points = [p for cut in cuts[start:end] for p in cut]
                    xs, ys = [p[0] for p in points], [p[1] for p in points]
                    conf = sum(confs[start:end]) / max(1, end - start)
                    words.append(Word(token, (min(xs) / image.width, min(ys) / image.height,
                                              max(xs) / image.width, max(ys) / image.height), conf, number))
                start = end + 1
        pages.append(Page(number, image.width, image.height, words, unit="px"))
    return pages


@hookimpl
def extract_words(data: bytes, fmt: str, settings: Any, hook: Any) -> TextResult | None:
    """kraken OCR when configured; None otherwise (Tesseract then reads the file).

    The pages come cleaned (upright, deskewed) from the ``scan_page_images`` hook, which
    the Tesseract plugin answers: this plugin imports no other.
    """
    if fmt not in (Format.PDF, Format.FACTURX, Format.IMAGE):
        return None
    model = model_path(settings)
    if model is None:
        return None
    try:
        images = hook.scan_page_images(data=data, fmt=str(fmt))
        if not images:
            return None
        return TextResult(pages=_recognise(images, model), source=SOURCE_OCR, engine=f"kraken ({model.name})")
    except ImportError:
        log.warning("kraken_model is set but kraken is not installed (pip install 'guichet[kraken]')")
    except Exception:  # an optional engine must never stop the document: Tesseract takes over
        log.exception("kraken failed; Tesseract reads the document")
    return None
