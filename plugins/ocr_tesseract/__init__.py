"""OCR with Tesseract (Debian's fra model; ``ocr.languages``) through tesserocr, after image clean-up.

Clean-up, in order: EXIF orientation, perspective correction of phone photos (the
page quadrilateral found against a darker background), upscaling of small
images, quarter-turn rotation (Tesseract OSD), deskew (projection profile), uneven
light evened out (photos), contrast stretch, dark bands inverted, table rules taken off
and a median de-noise. Then Tesseract gives words with boxes and confidences; a page in
German, Spanish or Italian is read again with that language's model, words whose ink the
reading dropped are read again from it, unsure stretches are read again enlarged; number signs and
capital I read as digits are told by their ink, and so are a letter O read twice over a 0 and a reference's
full stop the reading dropped. A word is given its text line's baseline only when it can stand on it.
``searchable_pdf`` keeps an OCRed PDF/A copy (ocrmypdf) for the archive.

Thread limits: OpenMP inside Tesseract would start one thread per core in each
worker thread; on a 2-core machine with two workers that oversubscribes, so the
limit is set to 1 before Tesseract is loaded (an installer may override it).
"""

from __future__ import annotations

import glob
import logging
import math
import os
import re
import threading
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.errors import LimitExceeded, UnreadableInput
from guichet.core.ops.limited import Limits, preload, report, run_limited
from guichet.core.parsing import images as images_
from guichet.core.pipeline import progress
from guichet.core.parsing.fields import SOURCE_OCR
from guichet.core.model.states import Format
from guichet.core.parsing.text import Page, TextResult, Word, text_lines

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from PIL import Image

for _var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

log = logging.getLogger(__name__)
# The limited child processes that read pages start with these already imported. ocrmypdf too:
# imported by each child that makes a searchable copy, it cost 0.45 s CPU of the 1.5 s of a copy.
preload(__name__, "numpy", "PIL.Image", "PIL.ImageOps", "PIL.ImageFilter", "pypdfium2", "tesserocr",
        "guichet.plugins.ocr_tesseract.warm", "ocrmypdf", "guichet.plugins.ocr_tesseract.known_words")

#: French alone: Tesseract's ``eng`` model adds 0.11 s of loading to each process that reads and
#: ~0.05 s a page, for no word more on the tuning part's English, German, Spanish and Italian
#: scans (88.5 % of the words found either way, ``bench_ocr_path --words``): the ``fra`` model
#: reads English letters too (``ocr.languages`` adds others, e.g. ``"fra+eng"``).
DEFAULT_LANGUAGES = "fra"
#: Models a page is read again with when its first reading's words are of their language
#: (:func:`page_language`; ``ocr.page_languages``, "" = never): German, Spanish and Italian pages
#: read by ``fra`` lose the letters it lacks (ñ, í, ó, ú, ä, ö, ß) and words of their own.
DEFAULT_PAGE_LANGUAGES = "deu spa ita"
#: Resolution PDFs are rasterised at for OCR.
RASTER_DPI = 300
#: Resolutions a scanned PDF page is rendered at (its own, within these bounds).
MIN_DPI, MAX_DPI = 150, 300
#: Images narrower than this (pixels) are upscaled before OCR (an A4 at ~200 dpi)...
MIN_WIDTH = 1650
#: ... and wider ones scaled down to it: from ~200 dpi on, Tesseract reads invoice type as well
#: and more pixels only cost time (measured in tests/bench_readings.py).
MAX_WIDTH = 2100
#: Mean word confidence from which a first reading (no orientation detection) is kept.
GOOD_CONFIDENCE = 0.72
MAX_PAGES = 30
#: Tesseract page segmentation: 11 (sparse text: every piece of text, in no particular order) keeps
#: the text of shaded boxes and table cells that 3 (automatic layout) drops as images, and does not
#: merge the short lines of a totals box (dot leaders) with the text beside them as 6 (one uniform
#: block) did; word boxes make reading order irrelevant. Measured on the tuning part's 200-dpi scans
#: against their text layer (tests/bench_ocr_path.py, ``--words``): words found 87.1 % (6), 88.4 % (3),
#: 89.5 % (11); words read that are on the page 90.3 % (6), 92.1 % (11); 8 % less CPU than 6.
PAGE_SEGMENTATION = int(os.environ.get("GUICHET_OCR_PSM") or 11)  # env: to compare modes (bench_ocr_path, bench_readings)
#: The resolution Tesseract is told (it bounds the text sizes it looks for): pages reach it 1650 to
#: 2100 pixels wide (:data:`MIN_WIDTH`, :data:`MAX_WIDTH`), 200 to 250 dpi for an A4. Words found
#: on the tuning scans (``bench_ocr_path --words``): 90.0 % told 200, 89.5 % told 300.
SOURCE_RESOLUTION = int(os.environ.get("GUICHET_OCR_DPI") or 200)  # env: to compare; 0 = no hint (Tesseract's own guess)
_local = threading.local()


def tessdata_dir() -> str:
    """The folder of Debian's traineddata files."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env and os.path.isdir(env):
        return env.rstrip("/") + "/"
    found = sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"))
    if not found:
        msg = "modèles Tesseract introuvables (paquets tesseract-ocr-fra et tesseract-ocr-eng)"
        raise RuntimeError(msg)
    return found[-1] + "/"


#: Leptonica's ``L_SEVERITY_NONE``: none of its messages printed.
_LEPTONICA_SILENT = 6


def _quiet_leptonica() -> None:
    """Keep Leptonica's own error lines off stderr (``guichet extract`` prints them otherwise).

    Reading sparse text, Tesseract asks Leptonica about boxes at the edge of a photographed page;
    Leptonica prints "Error in boxClipToRectangle" and Tesseract goes on with the answer. The
    library is the one tesserocr loaded (its wheel bundles one; a source build uses Debian's).
    """
    import ctypes
    import ctypes.util
    import itertools
    from pathlib import Path

    import tesserocr

    bundled = sorted((Path(tesserocr.__file__).resolve().parent.parent / "tesserocr.libs").glob("libleptonica*.so*"))
    # The system's library looked for only when the wheel's is not there: find_library runs ldconfig (0.1 s).
    system = (ctypes.util.find_library(short) for short in ("leptonica", "lept"))
    for name in itertools.chain(map(str, bundled), system):
        if not name:
            continue
        try:
            ctypes.CDLL(name).setMsgSeverity(_LEPTONICA_SILENT)
        except (OSError, AttributeError):
            continue
        return


def _api(languages: str) -> Any:
    """One Tesseract instance per thread and language set (loading a model costs ~0.1 s a language)."""
    from tesserocr import PyTessBaseAPI

    cache = getattr(_local, "apis", None)
    if cache is None:
        cache = _local.apis = {}
        _quiet_leptonica()
    if languages not in cache:
        psm = PAGE_SEGMENTATION
        cache[languages] = PyTessBaseAPI(path=tessdata_dir(), lang=languages, psm=psm)
    return cache[languages]


def warm(languages: str = DEFAULT_LANGUAGES) -> None:
    """Load the models of ``languages`` in this thread now (the forkserver does, for its children)."""
    try:
        _api(languages)
    except Exception as exc:  # noqa: BLE001 - no models here: each child reports it when it reads
        log.debug("Tesseract not warmed: %s", exc)


# ---------------------------------------------------------------------------
# Image clean-up
# ---------------------------------------------------------------------------


def load_images(data: bytes, fmt: str, *, dpi: int = RASTER_DPI, first: int = 0, count: int = MAX_PAGES,
                max_pixels: int | None = None) -> list[Image.Image]:
    """Pages ``first`` to ``first + count`` of ``data`` as greyscale images (a PDF is rendered, a TIFF may hold several)."""
    return _load(data, fmt, dpi=dpi, first=first, count=count, max_pixels=max_pixels)[0]


def _load(data: bytes, fmt: str, *, dpi: int, first: int, count: int,
          max_pixels: int | None) -> tuple[list[Image.Image], int]:
    """The greyscale images of pages ``first`` to ``first + count`` and the number of pages of ``data``.

    Images are checked against ``max_pixels`` before decoding and reduced to what
    OCR needs (:mod:`guichet.core.parsing.images`); PDF pages are rendered at
    ``dpi`` within :data:`~guichet.core.parsing.images.MAX_PAGE_PIXELS`.
    """
    max_pixels = max_pixels or Limits().max_image_pixels
    if fmt in (Format.PDF, Format.FACTURX):
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise UnreadableInput(f"PDF illisible : {exc}") from exc
        try:
            total = len(pdf)
            images = []
            for index in range(first, min(total, first + count, MAX_PAGES)):
                page = pdf[index]
                scale = images_.render_scale(page.get_width(), page.get_height(), page_dpi(page, dpi))
                images.append(page.render(scale=scale, grayscale=True).to_pil().convert("L"))
            return images, total
        finally:
            pdf.close()
    frames, total = images_.load_frames(data, max_pixels=max_pixels, first=first,
                                        count=max(0, min(count, MAX_PAGES - first)))
    return frames, total


def page_dpi(page: Any, default: int = RASTER_DPI) -> int:
    """The resolution to render a PDF page at: a scanned page's own (never upsampled), within 150-300 dpi.

    A page made of one full-page image (a scanner's PDF) is rendered at that image's resolution:
    more pixels would only cost time. Other pages (vector text) at ``default``.
    """
    import pypdfium2.raw as pdfium_c

    try:
        width_pt = float(page.get_width())
        best = 0.0
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
            left, _bottom, right, _top = obj.get_bounds()
            px_width, _px_height = obj.get_px_size()
            if right - left > 0.6 * width_pt and px_width:
                best = max(best, px_width / ((right - left) / 72))
    except Exception:  # noqa: BLE001 - odd image objects: render at the default resolution
        return default
    if not best:
        return default
    return int(min(MAX_DPI, max(MIN_DPI, round(best))))


def correct_perspective(image: Image.Image) -> Image.Image:
    """Straighten a photographed page (see :func:`_perspective`); ``image`` unchanged when flat."""
    return _perspective(image)[0]


def _perspective(image: Image.Image) -> tuple[Image.Image, tuple[float, ...] | None]:
    """Straighten a photographed page: map the bright page quadrilateral onto a rectangle.

    Hand-written with numpy (no OpenCV): the page is the large bright area; its
    corners are the extreme points of x+y and x−y. Returns ``image`` unchanged when
    no clear page border is seen (a flat scan). Also returns the source quadrilateral
    (top-left, bottom-left, bottom-right, top-right corners, fractions of ``image``), or None.
    """
    import numpy as np
    from PIL import Image

    small = image.copy()
    small.thumbnail((400, 400))
    arr = np.asarray(small, dtype=np.float32)
    threshold = _otsu(arr)
    mask = arr > threshold
    fraction = mask.mean()
    border = np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]]).mean()
    if not 0.25 < fraction < 0.93 or border > 0.6:
        return image, None
    ys, xs = np.nonzero(mask)
    s, d = xs + ys, xs - ys
    corners = [(xs[s.argmin()], ys[s.argmin()]), (xs[d.argmin()], ys[d.argmin()]),
               (xs[s.argmax()], ys[s.argmax()]), (xs[d.argmax()], ys[d.argmax()])]
    scale = image.width / small.width
    tl, bl, br, tr = [(x * scale, y * scale) for x, y in corners]
    width = int(max(_dist(tl, tr), _dist(bl, br)))
    height = int(max(_dist(tl, bl), _dist(tr, br)))
    if width < image.width * 0.4 or height < image.height * 0.4:
        return image, None
    quad = (*tl, *bl, *br, *tr)
    fractions = tuple(float(v / (image.width if i % 2 == 0 else image.height)) for i, v in enumerate(quad))
    return image.transform((width, height), Image.Transform.QUAD, quad, resample=Image.Resampling.BICUBIC), fractions


def _dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


def _otsu(arr: Any) -> float:
    import numpy as np

    hist, edges = np.histogram(arr, bins=64, range=(0, 255))
    total = hist.sum()
    cum, cum_mean = np.cumsum(hist), np.cumsum(hist * edges[:-1])
    best, best_t = -1.0, 128.0
    for i in range(1, 63):
        w0, w1 = cum[i], total - cum[i]
        if w0 == 0 or w1 == 0:
            continue
        m0, m1 = cum_mean[i] / w0, (cum_mean[-1] - cum_mean[i]) / w1
        between = w0 * w1 * (m0 - m1) ** 2
        if between > best:
            best, best_t = between, edges[i]
    return float(best_t)


def skew_angle(image: Image.Image, *, limit: float = 6.0) -> float:
    """The small rotation (degrees) that makes text lines horizontal (projection profile).

    The ink pixels of a thumbnail are projected onto rows at each trial angle (numpy
    ``bincount`` of their rotated ordinates): the same profile as rotating the ink picture
    (PIL, counter-clockwise) and summing its rows, at a third of the cost.
    """
    import numpy as np

    small = image.copy()
    small.thumbnail((900, 900))
    arr = np.asarray(small, dtype=np.float32)
    ys, xs = np.nonzero(arr < _otsu(arr))
    if not len(xs):
        return 0.0
    height, width = arr.shape
    dx, dy = xs - width / 2, ys - height / 2

    def score(angle: float) -> float:
        rad = math.radians(angle)
        rows = np.rint(dy * math.cos(rad) - dx * math.sin(rad) + height / 2).astype(np.int64)
        rows = rows[(rows >= 0) & (rows < height)]
        return float(np.square(np.diff(np.bincount(rows, minlength=height).astype(np.float64))).sum())

    best = max((a / 2 for a in range(int(-limit * 2), int(limit * 2) + 1)), key=score)
    fine = max((best + a / 10 for a in range(-5, 6)), key=score)
    return fine if abs(fine) >= 0.15 else 0.0


def clean_image(image: Image.Image, languages: str = DEFAULT_LANGUAGES,  # noqa: ARG001 - the callers' signature
                turn: int | None = None) -> tuple[Image.Image, int]:
    """The clean-up chain; returns the image ready for OCR and the quarter-turn applied.

    ``turn`` forces the quarter-turn (degrees counter-clockwise) instead of asking Tesseract OSD.
    """
    cleaned, turn, _steps = _clean(image, turn)
    return cleaned, turn


def _clean(image: Image.Image, turn: int | None) -> tuple[Image.Image, int, list[tuple]]:
    """:func:`clean_image`, plus the geometric steps taken (for :func:`to_source`)."""
    from PIL import Image

    steps: list[tuple] = []
    image, quad = _perspective(image)
    if quad is not None:
        steps.append(("quad", quad))
    if image.width < MIN_WIDTH:  # small photos: upscaled before orientation detection too
        image = image.resize((MIN_WIDTH, int(image.height * MIN_WIDTH / image.width)), Image.Resampling.LANCZOS)
    if turn is None:
        turn = orientation(image)
    if turn:
        image = image.rotate(turn, expand=True, fillcolor=255)  # OSD orient_deg: turn that much counter-clockwise
        steps.append(("turn", turn % 360))
    if image.width < MIN_WIDTH or image.width > MAX_WIDTH:  # the page's width once upright
        target = MIN_WIDTH if image.width < MIN_WIDTH else MAX_WIDTH
        image = image.resize((target, int(image.height * target / image.width)), Image.Resampling.LANCZOS)
    angle = skew_angle(image)
    if angle:
        before = image.size
        # Bicubic: bilinear saves 0.05 s a page but loses words (tuning scans: 89.3 % found, against 90.2 %); so does a
        # rotation by three shears of whole pixels (~10 ms a page, no resampling: 88.8 % found against 90.9 %, and
        # 91.1 % of the words read right against 94.4 %).
        image = image.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=255)
        steps.append(("rotate", angle, before, image.size))
    if FLATTEN:
        image = flatten_lighting(image)
    image = stretch_contrast(image)
    image = whiten_shading(invert_dark_bands(image))
    if REMOVE_RULES:
        image = remove_rules(image)
    if noise_level(image) > NOISY:
        image = median3(image)  # only on noisy scans
    if REMOVE_LEADERS:
        image = remove_leaders(image)
    return image, turn, steps


def to_source(x: float, y: float, steps: list[tuple]) -> tuple[float, float]:
    """A point of the cleaned page (fractions) on the page as it came (fractions), undoing ``steps``.

    Resizing keeps fractions; a quarter turn swaps them; a deskew is undone around the centre
    (PIL's ``rotate(expand=True)``); a photo's perspective maps bilinearly to its quadrilateral.
    """
    for step in reversed(steps):
        if step[0] == "rotate":
            _kind, angle, (w0, h0), (w1, h1) = step
            rad = math.radians(angle)
            dx, dy = x * w1 - w1 / 2, y * h1 - h1 / 2
            # PIL turns the picture counter-clockwise by ``angle`` (y pointing down): undo it.
            sx = dx * math.cos(rad) - dy * math.sin(rad)
            sy = dx * math.sin(rad) + dy * math.cos(rad)
            x, y = (sx + w0 / 2) / w0, (sy + h0 / 2) / h0
        elif step[0] == "turn":
            x, y = {90: (1 - y, x), 180: (1 - x, 1 - y), 270: (y, 1 - x)}.get(step[1], (x, y))
        elif step[0] == "quad":
            tlx, tly, blx, bly, brx, bry, trx, try_ = step[1]
            top = (tlx + (trx - tlx) * x, tly + (try_ - tly) * x)
            bottom = (blx + (brx - blx) * x, bly + (bry - bly) * x)
            x, y = top[0] + (bottom[0] - top[0]) * y, top[1] + (bottom[1] - top[1]) * y
    return x, y


def source_box(box: tuple[float, float, float, float], steps: list[tuple]) -> tuple[float, float, float, float]:
    """The box (fractions of the cleaned page) on the page as it came: the bounds of its corners."""
    corners = [to_source(x, y, steps) for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]),
                                                    (box[2], box[3]))]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return (max(0.0, min(xs)), max(0.0, min(ys)), min(1.0, max(xs)), min(1.0, max(ys)))


#: Uneven lighting is evened out before reading (env ``GUICHET_OCR_FLATTEN=0``: left, to compare).
FLATTEN = os.environ.get("GUICHET_OCR_FLATTEN", "1") != "0"
#: Side (pixels of the page) of the blocks whose light paper measures the lighting.
LIGHT_BLOCK = 32
#: The lighting is evened out only when the paper's fitted brightness varies by this share or more.
LIGHT_SPREAD = 0.06


def flatten_lighting(image: Image.Image) -> Image.Image:
    """The page under even light: each pixel divided by the paper's brightness there (a phone photo's shadow).

    The paper's brightness is the light end (90th percentile) of each block of :data:`LIGHT_BLOCK`
    pixels, fitted by a smooth surface (a quadratic of x and y, least squares; blocks far under the
    fit, shaded cells and dark bands, left out of a second fit): light falls smoothly across a page,
    shading and bands do not, so they keep their grey. A page lit evenly (a scan) is left as it is.
    """
    import numpy as np
    from PIL import Image

    arr = np.asarray(image)
    rows, cols = arr.shape[0] // LIGHT_BLOCK, arr.shape[1] // LIGHT_BLOCK
    if rows < 4 or cols < 4:
        return image
    blocks = arr[:rows * LIGHT_BLOCK, :cols * LIGHT_BLOCK].reshape(rows, LIGHT_BLOCK, cols, LIGHT_BLOCK)
    light = np.percentile(blocks.transpose(0, 2, 1, 3).reshape(rows, cols, -1)[:, :, ::7], 90, axis=2)
    y, x = np.mgrid[0:rows, 0:cols]
    y, x = y.ravel() / rows - 0.5, x.ravel() / cols - 0.5
    terms = np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=1)
    values = light.ravel().astype(np.float64)
    keep = values > 0.5 * values.max()
    for _ in range(2):
        coef, *_ = np.linalg.lstsq(terms[keep], values[keep], rcond=None)
        fit = terms @ coef
        keep = values > fit - 20
    fit = fit.reshape(rows, cols)
    top = float(np.percentile(fit, 99))
    if top <= 0 or (top - float(fit.min())) / top < LIGHT_SPREAD:
        return image
    # The surface at full size, from its formula (no blocky upscaling), then each pixel scaled up to paper white.
    fy = (np.arange(arr.shape[0]) + 0.5) / (rows * LIGHT_BLOCK) - 0.5
    fx = (np.arange(arr.shape[1]) + 0.5) / (cols * LIGHT_BLOCK) - 0.5
    c0, cx, cy, cxx, cxy, cyy = coef
    surface = (c0 + cx * fx[None, :] + cy * fy[:, None] + cxx * fx[None, :] ** 2 + cxy * fx[None, :] * fy[:, None]
               + cyy * fy[:, None] ** 2)
    gain = top / np.clip(surface, top * 0.5, None)
    return Image.fromarray(np.clip(arr * gain, 0, 255).astype(np.uint8))


def stretch_contrast(image: Image.Image) -> Image.Image:
    """Grey ink to black, grey paper to white; a page with (almost) no ink is left alone.

    PIL's autocontrast cuts a fixed 1 % of the darkest pixels: on a page holding a few lines
    that 1 % is the paper's own noise, stretched into noise OCR then reads as words.
    """
    import numpy as np

    arr = np.asarray(image)
    low, high = (float(v) for v in np.percentile(arr[::4, ::4], (0.2, 99.5)))
    if high - low < 80 or low > 128:
        return image
    scale = 255.0 / (high - low)
    return image.point([min(255, max(0, round((v - low) * scale))) for v in range(256)])


#: Grey level under which the page's own background (the median around a point) is a dark band.
DARK_BACKGROUND = 160
#: Grey level under which it is a band of grey shading (a table's header cells) whose dark type is put on white
#: (:func:`whiten_shading`; env ``GUICHET_OCR_SHADES=0``: left grey, to compare)...
SHADED_BACKGROUND = 200
#: ... when it is this many grey levels darker than the page's paper, at least (a scan's paper is grey too).
SHADE_STEP = 40
#: ... and when this share of its pixels lie within :data:`SHADE_FLAT` grey levels of its grey: a band of shading is
#: flat (0.7-0.8 of it on scans), the grey median of dense small type (a footer) is not (0.0-0.15).
SHADE_SHARE = 0.5
SHADE_FLAT = 15
SHADES = os.environ.get("GUICHET_OCR_SHADES", "1") != "0"
#: Grey levels between a band's type and its background for a pixel to count as type.
INK_CONTRAST = 50
#: Share of a dark background's own pixels that must be of its grey for it to be a band.
BAND_SHARE_GREY = 0.5
#: Share of a row's (a column's) pixels of the band's grey for it to be inside the band.
BAND_SHARE = 0.3
#: Side (pixels of the cleaned page) of the neighbourhood whose median is the background: a line of
#: body text or more, so that a black letter's strokes never make their own background dark.
BACKGROUND_WINDOW = 36


def whiten_shading(image: Image.Image) -> Image.Image:
    """Dark type on bands of grey shading (a table's header cells) put on white paper, the type scaled with it.

    Left grey, a scan's shaded header rows were read as a picture: their labels lost or mixed with rows of
    noise capitals (« ES CRE RE CR ») from the bands' edges, which the rules' removal frayed (modeles 37,
    « Invoice Number » read « Invoice > Num N »). Bands are found as :func:`invert_dark_bands` finds them,
    under :data:`SHADED_BACKGROUND`; near-black ones (marks, logos) and greys close to the paper's stay.
    """
    return _bands(image, SHADED_BACKGROUND, shades=True) if SHADES else image


def invert_dark_bands(image: Image.Image) -> Image.Image:
    """Light type on dark bands (a grand total in a coloured band, white on navy) turned dark on light.

    Read as sparse text (psm 11), Tesseract takes a dark band for a picture and returns none of its
    words: the grand total printed there was lost, while one uniform block (psm 6) inverts the line
    and reads it. The background is the median of a neighbourhood wider than a letter's stroke
    (:data:`BACKGROUND_WINDOW`, on a quarter-size copy, only around its dark rows: ~10 ms a page). Each band of
    rows holding a darkish background is inverted there when its type is lighter than that
    background (white on grey or navy); dark type on grey is :func:`whiten_shading`'s.
    """
    return _bands(image, DARK_BACKGROUND, shades=False)


def _bands(image: Image.Image, limit: int, *, shades: bool) -> Image.Image:
    """:func:`invert_dark_bands` (``shades`` False) or :func:`whiten_shading` (True), bands under ``limit``."""
    import numpy as np
    from PIL import Image, ImageFilter

    factor = 4
    small = image.resize((max(1, image.width // factor), max(1, image.height // factor)), Image.Resampling.BOX)
    # PIL's median filter over a whole quarter-size page costs 0.18 s: it runs only on the rows (with a
    # window's margin) where the quarter-size copy, itself a mean, is dark along a window: none on most pages.
    size = BACKGROUND_WINDOW // factor | 1  # odd, as PIL's median filter wants
    shrunk = np.asarray(small)
    runs = np.cumsum(shrunk < limit, axis=1)
    # A band holds dark runs as long as the window (letters at quarter size do not): rows holding one.
    full = (runs[:, size:] - runs[:, :-size]) == size
    candidate = np.flatnonzero(full.any(axis=1))
    if not len(candidate):
        return image
    background = np.full(shrunk.shape, 255, dtype=np.int16)
    for rows in np.split(candidate, np.flatnonzero(np.diff(candidate) > size) + 1):
        top, bottom = max(0, rows[0] - size), min(shrunk.shape[0], rows[-1] + size + 1)
        # Only the columns around those runs too (a logo or a band, not the whole width: 0.1 s a page less).
        cols = np.flatnonzero(full[rows].any(axis=0))
        left, right = max(0, cols[0] - size), min(shrunk.shape[1], cols[-1] + 2 * size + 1)
        part = small.crop((left, top, right, bottom)).filter(ImageFilter.MedianFilter(size))
        background[top:bottom, left:right] = np.asarray(part)
    dark = background < limit
    if not dark.any():
        return image
    pixels = np.asarray(image.resize(small.size, Image.Resampling.NEAREST)).astype(np.int16)  # sharp, not averaged
    paper = float(np.percentile(shrunk, 90))
    arr = np.asarray(image)
    out = None
    rows = np.flatnonzero(dark.any(axis=1))
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        columns = np.flatnonzero(dark[band[0]:band[-1] + 1].any(axis=0))
        # Each stretch of dark background apart from the others is weighed alone: a dark logo beside large bold
        # type on grey shading made one "band" of both, of the logo's grey, and the shaded box was inverted.
        for run in np.split(columns, np.flatnonzero(np.diff(columns) > BAND_GAP) + 1):
            if len(run) >= BAND_WIDTH * size:  # narrower: the grey median of a few bold letters, no band
                out = _invert_band(arr, out, (dark, background, pixels), factor, band, run, shades=shades, paper=paper)
    return image if out is None else Image.fromarray(out)


#: Columns (quarter-size pixels, ~80 px at 200 dpi) of paper between two stretches of dark background for them to be
#: weighed apart: more than a large white letter makes in a band's median, a hole that split a band.
BAND_GAP = 20
#: A stretch of dark background narrower than this many median windows is no band (~70 px at 200 dpi).
BAND_WIDTH = 2


def _invert_band(arr: Any, out: Any, maps: tuple[Any, Any, Any], factor: int, band: Any, run: Any, *,
                 shades: bool, paper: float) -> Any:
    """:func:`invert_dark_bands` for the dark background of rows ``band`` and columns ``run`` (quarter size):
    ``out`` (a copy of ``arr``, or None while nothing is inverted) with that band inverted when it is one.
    ``shades``: :func:`whiten_shading`'s instead, the band put on white when its type is dark; ``maps``: the
    dark background's mask, the background and the pixels (quarter size); ``paper``: the page's paper grey."""
    import numpy as np

    dark, background, pixels = maps

    left_q, right_q = int(run[0]), int(run[-1]) + 1
    area = dark[band[0]:band[-1] + 1, left_q:right_q]
    px = pixels[band[0]:band[-1] + 1, left_q:right_q][area]
    bg = background[band[0]:band[-1] + 1, left_q:right_q][area]
    level = float(np.median(bg))
    core = np.abs(bg - level) < INK_CONTRAST / 2  # the band itself, not its edges where the median is half paper
    if not core.any():
        return out  # a ramp of greys (a photo's shadow), no band of one grey
    if (np.abs(px[core] - level) < INK_CONTRAST).mean() < BAND_SHARE_GREY:
        return out  # no band of grey: black type and paper whose median is grey (large bold figures)
    dark_type = (px[core] > level + INK_CONTRAST).sum() <= (px[core] < level - INK_CONTRAST).sum()
    if dark_type != shades:
        return out  # dark type on grey is whiten_shading's, light type invert_dark_bands'
    if shades and (not 2 * INK_CONTRAST <= level <= paper - SHADE_STEP
                   or (np.abs(px[core] - level) < SHADE_FLAT).mean() < SHADE_SHARE):
        return out  # a black mark or logo, a grey as light as the paper, or the median grey of type (no flat band)
    # The band as a rectangle at full size: the rows and columns around it mostly of its own grey.
    y0, y1 = max(0, (band[0] - 2) * factor), min(arr.shape[0], (band[-1] + 3) * factor)
    x0, x1 = max(0, (left_q - 2) * factor), min(arr.shape[1], (right_q + 2) * factor)
    tolerance = INK_CONTRAST / 2 if shades else INK_CONTRAST  # a light band's grey is near the paper's
    grey = np.abs(arr[y0:y1, x0:x1].astype(np.int16) - level) < tolerance
    inside_rows = np.flatnonzero(grey.mean(axis=1) > BAND_SHARE)
    inside_cols = np.flatnonzero(grey.mean(axis=0) > BAND_SHARE)
    if not len(inside_rows) or not len(inside_cols):
        return out
    top, bottom = y0 + inside_rows[0], y0 + inside_rows[-1] + 1
    left, right = x0 + inside_cols[0], x0 + inside_cols[-1] + 1
    if out is None:
        out = arr.copy()
    # Inside, the greys turned over on a ramp: the band's grey and its noise white, type lighter than the
    # band by the ink contrast or more black, the edges of letters in between. A band's labels are often
    # printed grey ("Fact. n°" over the white number): a threshold half-way to white erased them, a hard
    # one just over the band's grey broke their small letters, a plain inversion left them too faint.
    region = arr[top:bottom, left:right].astype(np.float32)
    if shades:  # the grey to paper white, the type scaled with it
        out[top:bottom, left:right] = np.clip(region * (255.0 / level), 0, 255).astype(np.uint8)
        return out
    ramp = (region - (level + INK_CONTRAST / 2)) * (255.0 / INK_CONTRAST)
    out[top:bottom, left:right] = np.clip(255.0 - ramp, 0, 255).astype(np.uint8)
    return out


#: Table and frame rules are taken off the page before reading (env ``GUICHET_OCR_RULES=0``: kept, to compare).
REMOVE_RULES = os.environ.get("GUICHET_OCR_RULES", "1") != "0"
#: A rule: a run of ink this long (pixels of the cleaned page, ~1 cm at 200 dpi)...
RULE_LENGTH = 80
#: ... with paper this many pixels away on one side or the other across it (thin: not a logo, a bar, a stem).
RULE_REACH = 3
#: Grey level under which a pixel is ink for finding rules (light grey frames included).
RULE_INK = 200


def _along(axis: int, start: int | None, stop: int | None) -> tuple[slice, ...]:
    return (slice(start, stop),) if axis == 0 else (slice(None), slice(start, stop))


def _long_runs(ink: Any, length: int, axis: int = 1) -> Any:
    """The pixels of ``ink`` (bool, rows x columns) lying in a run of at least ``length`` along ``axis``.

    An erosion then a dilation by ``length`` along the axis, each in log2(length) shifted ANDs / ORs
    of the whole page (~10 ms for an A4 at 200 dpi, a sixth of running sums).
    """
    import numpy as np

    size = ink.shape[axis]
    if size < length:
        return np.zeros_like(ink)
    run = ink.copy()
    span = 1
    while span * 2 <= length:  # run[i]: ink from i over 2 * span pixels
        run[_along(axis, None, -span)] &= run[_along(axis, span, None)]
        span *= 2
    rest = length - span
    if rest:
        run[_along(axis, None, -rest)] &= run[_along(axis, rest, None)]
    run[_along(axis, size - length + 1, None)] = False  # no room there for a whole run
    span = 1
    while span * 2 <= length:  # back over the run's length
        run[_along(axis, span, None)] |= run[_along(axis, None, -span)]
        span *= 2
    if rest:
        run[_along(axis, rest, None)] |= run[_along(axis, None, -rest)]
    return run


def remove_rules(image: Image.Image) -> Image.Image:
    """The page without its table rules and frames: thin runs of ink longer than :data:`RULE_LENGTH`.

    Read as sparse text, a frame's edge touching a cell's letters becomes part of them: the word's
    box and baseline reach down to the rule (a value row then stands on the frame, apart from its
    line), and small labels in framed cells lose letters ("2022-03-19" read "-03-19"). Letters are
    never that long and thin; logos, bars and thick strokes (ink on both sides within
    :data:`RULE_REACH`) stay.
    """
    import numpy as np
    from PIL import Image

    arr = np.asarray(image)
    ink = arr < RULE_INK
    across = _long_runs(ink, RULE_LENGTH, axis=1)
    down = _long_runs(ink, RULE_LENGTH, axis=0)
    if not across.any() and not down.any():
        return image
    reach = RULE_REACH
    above, below = np.zeros_like(ink), np.zeros_like(ink)
    above[reach:], below[:-reach] = ink[:-reach], ink[reach:]
    left, right = np.zeros_like(ink), np.zeros_like(ink)
    left[:, reach:], right[:, :-reach] = ink[:, :-reach], ink[:, reach:]
    rule = (across & ~(above & below)) | (down & ~(left & right))
    out = arr.copy()
    out[rule] = 255
    return Image.fromarray(out)


#: Dot leaders are taken off the page before reading (env ``GUICHET_OCR_LEADERS=0``: kept, to compare).
REMOVE_LEADERS = os.environ.get("GUICHET_OCR_LEADERS", "1") != "0"
#: A leader's piece (a dot, a short dash): a whole piece of ink at most this tall and this wide (pixels), and at
#: least this much both ways (not a speck) ...
LEADER_HEIGHT = 6
LEADER_WIDTH = 12
LEADER_LEAST = 2
#: ... in a row of at least this many pieces standing on one line (bottoms this close) ...
LEADER_COUNT = 5
LEADER_LINE = 2
#: ... each at most this far from the one before, the steps from one to the next alike within this many pixels.
LEADER_GAP = 10
LEADER_EVEN = 3


def remove_leaders(image: Image.Image) -> Image.Image:
    """The page without its leaders: rows of small, evenly spaced dots or dashes (« Total TTC ...... 957,77 € »).

    Read with the label and the amount, the dots run into them (« HTC. 777€ »). Ink in runs longer than a
    leader's piece (letters' stems and bars, rules) is set aside first with what touches it (:func:`_long_runs`,
    :func:`_grown`), so only the page's small pieces are joined into regions (:func:`_regions`); a piece is kept
    only when nothing else touches it (punctuation, specks, a letter's dot), and erased only in a row of
    :data:`LEADER_COUNT` or more, on one line and evenly spaced. A page without leaders comes back as it was.
    """
    import numpy as np
    from PIL import Image

    arr = np.asarray(image)
    ink = arr < LOST_INK
    small = ink & ~_grown(_long_runs(ink, LEADER_HEIGHT + 1, axis=0) | _long_runs(ink, LEADER_WIDTH + 1, axis=1))
    pieces = [box for _size, box in _regions(small & ~_beside(ink & ~small))
              if LEADER_LEAST <= box[3] - box[1] <= LEADER_HEIGHT and LEADER_LEAST <= box[2] - box[0] <= LEADER_WIDTH
              and _alone(ink, small, box)]
    rows = _leader_rows(pieces)
    if not rows:
        return image
    out = arr.copy()
    for x0, y0, x1, y1 in (box for row in rows for box in row):
        out[y0:y1, x0:x1][small[y0:y1, x0:x1]] = 255
    return Image.fromarray(out)


def _beside(mask: Any) -> Any:
    """``mask`` and the pixels beside it by a side or a corner.

    In :func:`remove_leaders`, the pixels of ``small`` beside the ink set aside (the bits of letters by their
    stems, most of a page of text) are left out before joining regions: a piece with one of them is not
    :func:`_alone`, and a piece without is a whole region of what is left. The same pieces, fewer to join
    (a 200-dpi scan: 1,600 regions -> 900).
    """
    out = _grown(mask)
    out[1:] |= out[:-1].copy()
    out[:-1] |= out[1:].copy()
    return out


def _grown(mask: Any) -> Any:
    """``mask`` and the pixels beside it (by a side): the bits of letters touching their stems go with them, and
    fewer regions are left to join (a piece touching a stem is not :func:`_alone` anyway)."""
    out = mask.copy()
    out[1:] |= mask[:-1]
    out[:-1] |= mask[1:]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    return out


def _alone(ink: Any, small: Any, box: tuple[int, int, int, int]) -> bool:
    """Whether the piece of ``small`` in ``box`` is a whole piece of ``ink``: no ink of another piece touches it."""
    x0, y0, x1, y1 = box
    h, w = ink.shape
    a0, b0, a1, b1 = max(x0 - 1, 0), max(y0 - 1, 0), min(x1 + 1, w), min(y1 + 1, h)
    return int(ink[b0:b1, a0:a1].sum()) == int(small[y0:y1, x0:x1].sum())


def _leader_rows(pieces: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """The rows of leader pieces among ``pieces`` (boxes): on one line, close and evenly spaced, enough of them."""
    rows: list[list[tuple[int, int, int, int]]] = []
    line: list[tuple[int, int, int, int]] = []
    for box in [*sorted(pieces, key=lambda b: (b[3], b[0])), None]:
        if box is not None and line and box[3] - line[0][3] <= LEADER_LINE:
            line.append(box)
            continue
        rows += _even_runs(sorted(line))
        line = [box] if box is not None else []
    return rows


def _even_runs(line: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """The runs of one line's pieces (left to right) close and evenly spaced, of :data:`LEADER_COUNT` or more."""
    runs: list[list[tuple[int, int, int, int]]] = []
    run: list[tuple[int, int, int, int]] = []
    for box in [*line, None]:
        if box is not None and run and box[0] - run[-1][2] <= LEADER_GAP and (
                len(run) < 2 or abs((box[0] - run[-1][0]) - (run[1][0] - run[0][0])) <= LEADER_EVEN):
            run.append(box)
            continue
        if len(run) >= LEADER_COUNT:
            runs.append(run)
        run = [box] if box is not None else []
    return runs


#: Paeth's network of compare-exchanges leaving the median of nine values in the middle one.
_MEDIAN9 = ((1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3), (5, 8), (4, 7),
            (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2))


def median3(image: Image.Image) -> Image.Image:
    """The 3 x 3 median of a greyscale page (edges repeated): PIL's ``MedianFilter(3)`` in a tenth of its time.

    PIL sorts each neighbourhood (0.3-0.45 s for a 200-dpi A4 here); nineteen element-wise
    minima and maxima of the nine shifted copies (numpy) give the same pixels in ~0.04 s.
    """
    import numpy as np
    from PIL import Image

    arr = np.asarray(image)
    padded = np.pad(arr, 1, mode="edge")
    rows, cols = arr.shape
    values = [padded[dy:dy + rows, dx:dx + cols] for dy in range(3) for dx in range(3)]
    for i, j in _MEDIAN9:
        values[i], values[j] = np.minimum(values[i], values[j]), np.maximum(values[i], values[j])
    return Image.fromarray(values[4])


#: Paper-white standard deviation (grey levels) from which a page is de-noised.
NOISY = 5.0


def noise_level(image: Image.Image) -> float:
    """The spread of the paper's white in the middle of the page (0 on a clean page, ~9 on a noisy scan)."""
    import numpy as np

    w, h = image.size
    crop = np.asarray(image.crop((w // 4, h // 3, w // 4 + min(600, w // 2), h // 3 + min(600, h // 3))),
                      dtype=np.float32)
    paper = crop[crop > np.percentile(crop, 40)]
    return float(paper.std()) if paper.size else 0.0


def orientation(image: Image.Image) -> int:
    """Clockwise quarter-turn of the text (0, 90, 180, 270) by Tesseract OSD; 0 when unsure."""
    from tesserocr import PSM, PyTessBaseAPI

    api = getattr(_local, "osd", None)
    if api is None:
        api = _local.osd = PyTessBaseAPI(path=tessdata_dir(), lang="osd", psm=PSM.OSD_ONLY)
    small = image.copy()
    small.thumbnail((1800, 1800))
    api.SetImage(small)
    try:
        result = api.DetectOrientationScript()
    except RuntimeError:
        return 0
    if not result or result.get("orient_conf", 0) < 1.5:
        return 0
    return int(result.get("orient_deg", 0)) % 360


# ---------------------------------------------------------------------------
# OCR
# ---------------------------------------------------------------------------


def ocr_image(image: Image.Image, number: int, languages: str = DEFAULT_LANGUAGES) -> Page:
    """Words with boxes (fractions of the cleaned page) and confidences (0–1), frame lines read as words left out."""
    words = without_rules_read_as_words(_recognise(_api(languages), image, number), image.size)
    return Page(number=number, width=image.width, height=image.height, words=words, unit="px")


#: A "word" whose box is flatter than this share of the page's median word height is a rule or a
#: frame's edge that Tesseract read as letters ("et", "mere" 2 px high along a framed totals box).
FLAT_WORD = 0.3


#: Marks OCR gives for a lone dot: above the baseline it is a middle dot, a separator ("Name · street · town").
_DOTS = frozenset(".:·•'`,")


def without_rules_read_as_words(words: list[Word], size: tuple[int, int] = (1, 1)) -> list[Word]:
    """``words`` without the flat ones (:data:`FLAT_WORD`): read as sparse text (psm 11), the edges of framed
    cells become words of no height, and a line grouped by height then chains a cell's label row to its
    value row (a totals row of boxes read as one line of noise). Thin vertical rules ("|") stay: the
    field rules read them as column breaks.

    A mark as small across as it is high is no frame's edge but a dot: it stays, and a dot standing
    above its line's baseline is a middle dot, "·" (Tesseract reads the separators of a sender line or
    a legal footer as ":" or "."); read as a letter, a digit or a bar it is the stub of a table's rule
    (« 1 » 3 px wide and 2 px high under a header's cell, taken for its value): it goes.
    ``size``: the page in pixels (boxes are fractions of it).
    """
    import statistics

    width, height = size
    heights = [(w.box[3] - w.box[1]) * height for w in words if any(c.isalnum() for c in w.text)]
    if len(heights) < 5:
        return words
    usual = statistics.median(heights)
    floor = FLAT_WORD * usual
    kept = []
    for word in words:
        word_height, word_width = (word.box[3] - word.box[1]) * height, (word.box[2] - word.box[0]) * width
        if word_height >= floor:
            kept.append(word)
        elif word_width < 0.5 * usual and not any(c.isalnum() or c in "|¦" for c in word.text):  # a dot, not an edge
            if ((word.text in _DOTS or (word.text in "-~" and word_width <= 1.5 * word_height)) and word.baseline is not None
                    and (word.baseline - word.box[3]) * height >= MIDDLE_DOT_RISE * usual):
                word.text = "·"
            kept.append(word)
    return kept


#: A dot whose bottom stands this share of the usual word height above its baseline is a middle dot.
MIDDLE_DOT_RISE = 0.15


def _read_items(api: Any, image: Image.Image, level: Any) -> Iterator[tuple[str, tuple[int, int, int, int], Any]]:
    """What ``api`` reads on ``image`` (its page segmentation as set) at ``level`` (words, characters): each item's
    text, box (pixels) and the result iterator standing on it (one iterator moved along: ask it before the next)."""
    from tesserocr import iterate_level

    api.SetImage(image)
    if SOURCE_RESOLUTION:
        api.SetSourceResolution(SOURCE_RESOLUTION)
    api.Recognize()
    iterator = api.GetIterator()
    for item in iterate_level(iterator, level) if iterator is not None else ():
        try:
            text = (item.GetUTF8Text(level) or "").strip()
        except RuntimeError:  # tesserocr raises "No text returned" for an empty word
            continue
        bbox = item.BoundingBox(level)
        if text and bbox is not None:
            yield text, bbox, item


def _recognise(api: Any, image: Image.Image, number: int) -> list[Word]:
    """The words ``api`` reads on ``image`` (its page segmentation as set), boxes as fractions of ``image``."""
    from tesserocr import RIL

    words = []
    for text, (x0, y0, x1, y1), item in _read_items(api, image, RIL.WORD):
        words.append(Word(
            text=text,
            box=(x0 / image.width, y0 / image.height, x1 / image.width, y1 / image.height),
            confidence=round(max(0.0, item.Confidence(RIL.WORD)) / 100, 3),
            page=number,
            baseline=_baseline(item, (x0 + x1) / 2, image.height, (y0, y1), text),
        ))
    api.Clear()
    return words


#: Words carry their line's baseline (env ``GUICHET_OCR_BASELINES=0``: none, lines grouped by centres, to compare).
BASELINES = os.environ.get("GUICHET_OCR_BASELINES", "1") != "0"
#: A line's baseline a word cannot stand on is not given to it (env ``GUICHET_OCR_BASELINES_CHECKED=0``: given, to compare).
BASELINES_CHECKED = os.environ.get("GUICHET_OCR_BASELINES_CHECKED", "1") != "0"


def _baseline(item: Any, x: float, height: int, box: tuple[float, float] | None = None,
              text: str = "") -> float | None:
    """The height (fraction of the image) of the baseline under the word at ``x``, or None when unknown.

    Tesseract gives the baseline of the word's text line as two points (a slope on a page not quite
    level); boxes hug letters, baselines do not move with descenders or small letters. The line's
    baseline, not the word's own fit: the words of one line Tesseract found ("37000 Tours") stay
    within a pixel of each other, where their own fits differed by one or two.

    A line's baseline that cannot be the word's is none (the caller's grouping then takes the foot of the
    word's box, ``box``: its top and foot, pixels): letters stand on their baseline, only descenders go
    under it, so it never lies above the box's middle, nor under the foot of a word of letters or digits
    by half its height (a lone mark, a dash or a quote, stands above its line). Reading sparse text,
    Tesseract makes one text line of a label and the value printed under it (« Pièce comptable n° » over
    « FAC/2026/08339 »: the label's box 18 px high, its « baseline » the value's, 26 px under it) or gives
    a lone day « 8 » whose box took in some noise a line 37 px over its foot: grouped by those, the label
    joined its value's row and the day left its date's.
    """
    from tesserocr import RIL

    if not BASELINES:
        return None
    try:
        found = item.Baseline(RIL.TEXTLINE)
    except RuntimeError:
        return None
    if not found:
        return None
    (bx0, by0), (bx1, by1) = found
    y = by0 if bx1 == bx0 else by0 + (by1 - by0) * (x - bx0) / (bx1 - bx0)
    if box is not None and not _stands_on(y, box[0], box[1], text):
        return None
    return round(y / height, 6)


def _stands_on(line: float, top: float, foot: float, text: str) -> bool:
    """Whether a word (``text``, its box from ``top`` to ``foot``) can stand on the baseline at height ``line``
    (all in one unit): not above the box's middle, nor under the foot of a word of letters or digits by half its
    height (see :func:`_baseline`)."""
    if not BASELINES_CHECKED:
        return True
    return (top + foot) / 2 <= line and not (any(c.isalnum() for c in text) and line > foot + 0.5 * (foot - top))


def read_page(image: Image.Image, number: int, languages: str = DEFAULT_LANGUAGES) -> Page:
    """One page cleaned and read: upright first, in one pass when Tesseract is confident (see :func:`_read_page`)."""
    return _read_page(image, number, languages)[0]


def _read_page(image: Image.Image, number: int, languages: str = DEFAULT_LANGUAGES,
               page_languages: str = "") -> tuple[Page, list[tuple]]:
    """One page cleaned and read, and the geometric steps of its clean-up (:func:`to_source`).

    Orientation detection (OSD) costs about as much as a reading: it runs only when the
    upright reading is unsure, and then a page OSD turns is read again; a page still read
    with low confidence is also read the other way up, and the likelier reading is kept.
    A page whose words are of a language of ``page_languages`` (:func:`page_language`) is read
    again with that language's model first. Then the unsure stretches of its lines are read
    again, enlarged (:func:`reread_weak`).
    """
    cleaned, turn, steps = _clean(image, turn=0)
    page = ocr_image(cleaned, number, languages)
    if page.words and mean_confidence(page) >= GOOD_CONFIDENCE:
        page, languages = _in_page_language(cleaned, page, languages, page_languages)
        return _reread_all(cleaned, page, languages), steps
    turn = orientation(cleaned)
    candidates = [(page, steps, cleaned)]
    if turn:
        turned, turn, turned_steps = _clean(image, turn=turn)
        other = ocr_image(turned, number, languages)
        other.rotation = turn
        candidates.append((other, turned_steps, turned))
    best, best_steps, best_image = max(candidates, key=lambda item: mean_confidence(item[0]))
    if best.words and mean_confidence(best) < LOW_CONFIDENCE:
        # OSD is sometimes sure of a wrong turn (sparse or stylised pages): read it the other way up too.
        other_turn = 0 if best.rotation else 180
        turned, other_turn, turned_steps = _clean(image, turn=other_turn)
        other = ocr_image(turned, number, languages)
        other.rotation = other_turn
        if mean_confidence(other) > mean_confidence(best) + 0.1:
            best, best_steps, best_image = other, turned_steps, turned
    best, languages = _in_page_language(best_image, best, languages, page_languages)
    return _reread_all(best_image, best, languages), best_steps


def _reread_all(image: Image.Image, page: Page, languages: str) -> Page:
    """The second readings of a page's doubtful parts: lost ink, unsure stretches, amounts in too tall boxes;
    then number signs read as a digit (:func:`number_signs`) and capital I read as a 1 (:func:`letters_i`), a
    cell's border read as a word's first or last character (:func:`glued_rules`, :func:`underscored_rules`), a
    hyphen read as « = » inside a code of digits (:func:`hyphens_read_as_equals`)."""
    return hyphens_read_as_equals(underscored_rules(image, glued_rules(image, dropped_dots(image, ghost_letters_o(image, letters_i(
        image, number_signs(image, reread_tall(image, reread_weak(image, reread_lost_ink(image, page, languages),
                                                                  languages), languages))), languages)))))


#: A word OCR read with a vertical bar first or last (« |RE2024-2020 », « 2024-08-06| »).
_BAR_END = re.compile(r"^[|¦](?=\w)|(?<=\w)[|¦]$")
#: A bar is a cell's border, not a letter, when its ink reaches this share of the other glyphs' height above their
#: top or under their foot (a capital I, an l, a 1 stand within the letters' height).
RULE_OVERHANG = 0.2
#: ... or a stub of a border (what :func:`remove_rules` left of it) under this share of their height: no letter.
RULE_STUB = 0.5


def _ink_pieces(arr: Any, word: Word, page: Page) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """The pieces of ink in ``word``'s box on the page ``arr``: the box's left and top (pixels), and each piece's box
    within it (x0, y0, x1, y1), in the order of their first pixel."""
    x0, y0 = int(word.box[0] * page.width), int(word.box[1] * page.height)
    x1, y1 = int(word.box[2] * page.width + 0.999), int(word.box[3] * page.height + 0.999)
    return x0, y0, [box for _size, box in _regions(arr[y0:y1, x0:x1] < LOST_INK)]


def glued_rules(image: Image.Image, page: Page) -> Page:
    """Words OCR read with a table's border glued to them (« |RE2024-2020 »: a short rule of a one-row cell, shorter
    than :func:`remove_rules` takes off) split: the word as printed, its box the ink of its glyphs, and the rule apart
    as a « | » word, which the field rules read as a column break.

    The bar must be a piece of ink of its own, thin, and reach past the other glyphs' top or foot by
    :data:`RULE_OVERHANG` of their height; or a stub under :data:`RULE_STUB` of it (the end of a border that
    :func:`remove_rules` took off: dropped, no rule word). Its height made the word taller than its line, and a
    line's column break is measured against its words' height (the border's cell ran on into the next one:
    « |RE2024-2020 77444958 » read as one reference). A bar within the letters' height may be an I or an l: left as
    read.
    """
    import numpy as np

    candidates = [w for w in page.words if _BAR_END.search(w.text) and len(w.text) > 1]
    if not candidates:
        return page
    arr = np.asarray(image)
    for word in candidates:
        x0, y0, pieces = _ink_pieces(arr, word, page)
        pieces.sort(key=lambda b: b[0])
        first = word.text[0] in "|¦"
        if len(pieces) < 2:
            continue
        bar = pieces[0] if first else pieces[-1]
        glyphs = [b for b in pieces if b is not bar]
        top, foot = min(b[1] for b in glyphs), max(b[3] for b in glyphs)
        overhang = RULE_OVERHANG * (foot - top)
        apart = all(b[0] >= bar[2] for b in glyphs) if first else all(b[2] <= bar[0] for b in glyphs)
        rule = bar[2] - bar[0] <= 0.25 * (bar[3] - bar[1]) and (bar[1] <= top - overhang or bar[3] >= foot + overhang)
        if not apart or not (rule or bar[3] - bar[1] < RULE_STUB * (foot - top)):
            continue  # no stroke of its own reaching past the letters, nor a stub: maybe an I, an l
        left, right = min(b[0] for b in glyphs), max(b[2] for b in glyphs)
        word.text = _BAR_END.sub("", word.text, count=1) if first else word.text[:-1]
        word.box = ((x0 + left) / page.width, (y0 + top) / page.height, (x0 + right) / page.width,
                    (y0 + foot) / page.height)
        if rule:
            page.words.insert(page.words.index(word) + (0 if first else 1), Word(
                "|", ((x0 + bar[0]) / page.width, (y0 + bar[1]) / page.height, (x0 + bar[2]) / page.width,
                      (y0 + bar[3]) / page.height), word.confidence, word.page, word.baseline))
    return page


#: Underscores that are a cell's border are taken off words (env ``GUICHET_OCR_UNDERSCORES=0``: kept, to compare).
UNDERSCORES = os.environ.get("GUICHET_OCR_UNDERSCORES", "1") != "0"
#: A word OCR read with an underscore first or last (« _R202511255 »).
_UNDERSCORE_END = re.compile(r"^_+(?=\w)|(?<=[^\W_])_+$")
#: Flat ink this share of the glyphs' height or more under their foot is a border's piece, not a printed « _ »
#: (a printed underscore lies at the descenders, just under the foot of capitals and digits).
UNDERSCORE_DROP = 0.35


def underscored_rules(image: Image.Image, page: Page) -> Page:
    """Words OCR read with an underscore glued first or last that is a cell's bottom border (« _R202511255 »: the
    rest of a rule :func:`remove_rules` took off, under a number in a header grid): the underscore dropped and
    the word's box brought back to its glyphs. Only when flat ink lies in the word's box well under its glyphs'
    foot (:data:`UNDERSCORE_DROP`) and no other ink is there to be that underscore: a printed one stays.

    A leading underscore kept the number from being read as one (an invoice number starts with a letter or a
    digit), and the border's ink made the word taller than its line.
    """
    import numpy as np

    candidates = [w for w in page.words if UNDERSCORES and _UNDERSCORE_END.search(w.text) and w.text.strip("_")]
    if not candidates:
        return page
    arr = np.asarray(image)
    for word in candidates:
        x0, y0, pieces = _ink_pieces(arr, word, page)
        flat = [b for b in pieces if b[2] - b[0] >= 3 * (b[3] - b[1])]
        glyphs = [b for b in pieces if b not in flat]
        if not glyphs:
            continue
        top, foot = min(b[1] for b in glyphs), max(b[3] for b in glyphs)
        under = [b for b in flat if b[1] >= foot + UNDERSCORE_DROP * (foot - top)]
        if not under or len(under) != len(flat):
            continue  # flat ink at the letters' foot: maybe the underscore printed
        word.text = _UNDERSCORE_END.sub("", word.text)
        left, right = min(b[0] for b in glyphs), max(b[2] for b in glyphs)
        word.box = ((x0 + left) / page.width, (y0 + top) / page.height, (x0 + right) / page.width,
                    (y0 + foot) / page.height)
    return page


#: A hyphen OCR read as an equals sign inside a code of digits (« 2022=7257 », « FA-2024=017 »): a bold hyphen, or
#: one a speck or a leader's dot doubled. No reference, date or amount prints « = » between its digits.
_EQUALS_FOR_HYPHEN = re.compile(r"^([A-Za-z]{0,5}[-/.]?\d[\d\-/.]*)=(\d[\d\-/.]*)$")


def hyphens_read_as_equals(page: Page) -> Page:
    """Codes of digits OCR read with « = » for their hyphen (:data:`_EQUALS_FOR_HYPHEN`) given their hyphen back:
    tuning scan 51's invoice number « 2022=7257 » was no number's shape, and the page's « 1/2 » was taken instead."""
    for word in page.words:
        if "=" in word.text:
            word.text = _EQUALS_FOR_HYPHEN.sub(r"\1-\2", word.text)
    return page


#: A number label whose raised sign OCR read as a digit, a letter or a symbol: « N.º » read « N.2 », « nº » read
#: « n£2 », « Nº » read « N? », « N° » read « Ne ».
_NUMBER_SIGN = re.compile(r"^([Nn])(\.?)([2£9oº°*?e]{1,2})([.:]?)$")
#: The sign's ink must end this share of the letter's height above the letter's foot to be a raised sign.
SIGN_RISE = 0.25


def _glyph_runs(arr: Any, word: Word, page: Page) -> tuple[Any, list[Any]] | None:
    """The ink of ``word`` and its runs of ink columns (one a glyph when no two touch), or None when too small."""
    import numpy as np

    x0, y0 = int(word.box[0] * page.width), int(word.box[1] * page.height)
    x1, y1 = int(word.box[2] * page.width + 0.999), int(word.box[3] * page.height + 0.999)
    ink = arr[y0:y1, x0:x1] < LOST_INK
    columns = np.flatnonzero(ink.any(axis=0))
    if len(columns) < 3:
        return None
    return ink, np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)


def number_signs(image: Image.Image, page: Page) -> Page:
    """Words « N.2 », « n£2 », « N9 »... whose last mark is raised above the N's foot read « N.° », « n° »...

    The ordinal sign of « N.º » / « nº » (a raised o, often underlined) is read by Tesseract as a 2 or a
    pound sign: the number's label was lost. A 2 printed on the line (« N2 », a product code) ends on
    the N's foot, a raised sign well above it (:data:`SIGN_RISE`): the word's ink is cut into columns of
    ink, the first is the N, dots (small marks) are left out, and the rest must end above the N's foot.
    A sign read as a question mark or an e (« N? », « Ne ») is weighed the same way: the e of « ne » stands
    on the line and stays.
    """
    import numpy as np

    arr = None
    for word in page.words:
        match = _NUMBER_SIGN.match(word.text)
        if match is None or match.group(3) in ("°", "º"):
            continue
        if arr is None:
            arr = np.asarray(image)
        found = _glyph_runs(arr, word, page)
        if found is None:
            continue
        ink, runs = found
        rows_of = [np.flatnonzero(ink[:, run[0]:run[-1] + 1].any(axis=1)) for run in runs]
        letter = rows_of[0]
        height = letter[-1] - letter[0] + 1
        marks = [rows for run, rows in zip(runs[1:], rows_of[1:], strict=True)
                 if rows[-1] - rows[0] + 1 >= 0.3 * height or len(run) >= 0.3 * height]  # no dot
        if len(runs) < 2 or not marks or height < 6:
            continue
        if letter[-1] - max(rows[-1] for rows in marks) >= SIGN_RISE * height:
            word.text = f"{match.group(1)}{match.group(2)}°{match.group(4)}"
    return page


#: A reference whose letter I OCR read as the digit 1 (« I/00002 » read « 1/00002 »): a 1 first or among capitals,
#: then a separator.
_ONE_FOR_I = re.compile(r"^[A-Z]{0,3}1[A-Z]{0,3}[/_.-]")
#: Words whose 1s show how the page's type prints a digit 1: digits and separators only.
_DIGITS_ONLY = re.compile(r"^[\d.,/:-]*1[\d.,/:-]*$")


#: Rows a glyph must span for its shape to tell a capital I from a digit 1 (~9 pt at 200 dpi): in smaller type a
#: 1's flag and foot are a pixel each, no more than the scan's noise.
GLYPH_ROWS = 16


def _plain_bar(ink: Any, run: Any, rows_needed: int = GLYPH_ROWS) -> bool | None:
    """Whether the glyph of columns ``run`` is a plain upright bar (a sans-serif I: every row as wide within a
    pixel, its ends aside), False when it has a flag or a foot (a digit 1: a row two pixels wider than its stem
    or more), None when it is neither, no glyph of the word's height, or a bar of fewer than ``rows_needed`` rows."""
    import numpy as np

    glyph = ink[:, run[0]:run[-1] + 1]
    rows = np.flatnonzero(glyph.any(axis=1))
    if not len(rows) or rows[-1] - rows[0] + 1 < 0.7 * ink.shape[0]:
        return None
    widths = glyph[rows[0]:rows[-1] + 1].sum(axis=1)
    stem = float(np.median(widths))
    if stem > 0.3 * len(widths):
        return None
    if widths.max() >= stem + 2:
        return False
    inner = widths[1:-1]  # the bar's ends are rounded by the scan's blur
    return True if len(widths) >= rows_needed and inner.max() - inner.min() <= 1 else None


def letters_i(image: Image.Image, page: Page) -> Page:
    """References whose capital I OCR read as a 1 (« 1/00002 » for « I/00002 »), told by the glyph's ink.

    In most sans-serif type a capital I is a plain bar and a digit 1 has a flag (and often a foot). A 1
    standing first or among capitals before a separator is read I when its glyph is a plain bar while
    the page's own digit 1s (words of digits only) have a flag: the page's type prints its 1s so, this
    glyph is none of them. Glyphs that touch (runs of ink fewer than the letters) are left as read.
    """
    import numpy as np

    candidates = [w for w in page.words if _ONE_FOR_I.match(w.text)]
    if not candidates:
        return page
    arr = np.asarray(image)
    flags = 0
    for word in page.words:
        if not _DIGITS_ONLY.match(word.text) or _ONE_FOR_I.match(word.text) or word.confidence < REREAD_CONFIDENCE:
            continue
        found = _glyph_runs(arr, word, page)
        if found is None or len(found[1]) != len(word.text):
            continue
        ink, runs = found
        ones = [runs[i] for i, c in enumerate(word.text) if c == "1"]
        if any(_plain_bar(ink, run) is True for run in ones):
            return page  # the page's 1s are bars too: nothing tells an I from them
        flags += sum(_plain_bar(ink, run, 0) is False for run in ones)  # a flag shows in small type too
    if not flags:
        return page
    for word in candidates:
        found = _glyph_runs(arr, word, page)
        if found is None or len(found[1]) != len(word.text):
            continue
        at = word.text.index("1")
        if _plain_bar(found[0], found[1][at]) is True:
            word.text = word.text[:at] + "I" + word.text[at + 1:]
    return page


#: Characters OCR added or dropped are mended by the word's ink (:func:`ghost_letters_o`, :func:`dropped_dots`; env
#: ``GUICHET_OCR_GLYPH_MENDS=0``: not, to compare).
GLYPH_MENDS = os.environ.get("GUICHET_OCR_GLYPH_MENDS", "1") != "0"
#: A letter O read beside a digit 0 in a reference or an amount (« INVO019241 »): maybe one glyph read twice.
_O_BY_ZERO = re.compile(r"O(?=0)|(?<=0)O")


def _regions(mask: Any) -> list[tuple[int, tuple[int, int, int, int]]]:
    """The regions of ``mask`` (a boolean array; pixels joined by a side): each one's size and box (x0, y0, x1, y1),
    in the order of their first pixel (row by row).

    Written by hand: no library here labels regions (scipy is not a dependency). The mask's runs of pixels along
    its rows are joined when they share a column in two rows running one after the other; each run takes the
    least index among the runs it is joined to, again until none changes (numpy over all the runs at once: a
    Python loop over a page's runs cost 0.03-0.07 s, PIL's flood fill pixel by pixel up to 0.4 s).
    """
    import numpy as np

    mask = np.asarray(mask, dtype=bool)
    if mask.ndim != 2 or not mask.size:
        return []
    width = mask.shape[1] + 2
    flat = np.pad(mask, ((0, 0), (1, 1))).ravel()  # a row's runs end in its paper column
    change = np.flatnonzero(flat[1:] != flat[:-1]) + 1  # a run's first pixel, then the pixel past its end
    rows, starts = np.divmod(change[0::2], width)
    starts, ends = starts - 1, change[1::2] % width - 1
    if not len(rows):
        return []
    # the runs of the next row sharing a column with each run: from the first ending past its start to the
    # last starting before its end (runs sorted row by row, then along the row)
    first = np.searchsorted(rows * width + ends, (rows + 1) * width + starts, side="right")
    past = np.searchsorted(rows * width + starts, (rows + 1) * width + ends, side="left")
    count = np.maximum(past - first, 0)
    a = np.repeat(np.arange(len(rows)), count)
    b = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count) + np.repeat(first, count)
    source, target = np.concatenate((a, b)), np.concatenate((b, a))
    order = np.argsort(target, kind="stable")
    source, target = source[order], target[order]
    heads = np.flatnonzero(np.diff(target, prepend=-1)) if len(target) else target
    joined = target[heads]
    label = np.arange(len(rows))
    while len(joined):  # each run takes the least label among its joined runs, then its label's label
        low = label.copy()
        low[joined] = np.minimum(low[joined], np.minimum.reduceat(label[source], heads))
        low = low[low]
        if (low == label).all():
            break
        label = low
    roots, first_run, index = np.unique(label, return_index=True, return_inverse=True)
    n = len(roots)
    size = np.zeros(n, dtype=np.int64)
    np.add.at(size, index, ends - starts)
    x0 = np.full(n, width)
    np.minimum.at(x0, index, starts)
    x1 = np.zeros(n, dtype=np.int64)
    np.maximum.at(x1, index, ends)
    y0 = rows[first_run]
    y1 = np.zeros(n, dtype=np.int64)
    np.maximum.at(y1, index, rows + 1)
    boxes = zip(x0.tolist(), y0.tolist(), x1.tolist(), y1.tolist(), strict=True)
    return list(zip(size.tolist(), boxes, strict=True))


def _loops(ink: Any) -> int:
    """The loops of ``ink`` (a boolean array): stretches of paper it closes all round (an O's or a 0's hole).

    Paper regions (:func:`_regions`) of the array framed by a row of paper: those off the frame are inside a
    loop; specks of a pixel or two (the scan's noise inside a stroke) are no loop.
    """
    import numpy as np

    paper = np.pad(~ink, 1, constant_values=True)
    height, width = paper.shape
    return sum(1 for size, (x0, y0, x1, y1) in _regions(paper)
               if size > 2 and x0 > 0 and y0 > 0 and x1 < width and y1 < height)


def _symbols(api: Any, image: Image.Image) -> list[tuple[str, int, int]]:
    """The characters ``api`` reads on ``image`` (its page segmentation as set), with their left and right edges."""
    from tesserocr import RIL

    out = [(text, box[0], box[2]) for text, box, _item in _read_items(api, image, RIL.SYMBOL)]
    api.Clear()
    return out


def ghost_letters_o(image: Image.Image, page: Page, languages: str = DEFAULT_LANGUAGES) -> Page:
    """A letter O read beside a digit 0 that the ink holds no loop for is taken out (« INVO019241 » → « INV019241 »).

    In serif type Tesseract sometimes reads a 0 after a slanted capital (the V of « INV019241 ») twice, as
    « O0 »: the O's box lies over the V's right arm and the 0's left side. A word holding a letter O beside
    a 0 and three digits or more is read again alone (the same reading comes back, now with each character's
    box); the O is dropped when the ink across the O's and the 0's boxes closes one loop, not two, and the
    O's box lies over its neighbours' for half its width or more (a real O is a glyph of its own). Blurred
    type whose 0 closes no loop is left as read.
    """
    import numpy as np
    from tesserocr import PSM

    candidates = [w for w in page.words if _O_BY_ZERO.search(w.text) and sum(c.isdigit() for c in w.text) >= 3]
    if not candidates or not GLYPH_MENDS:
        return page
    api = _api(languages)
    arr = np.asarray(image)
    try:
        api.SetPageSegMode(PSM.SINGLE_LINE)
        for word in candidates[:REREAD_MAX]:
            x0, y0 = int(word.box[0] * page.width), int(word.box[1] * page.height)
            x1, y1 = int(word.box[2] * page.width + 0.999), int(word.box[3] * page.height + 0.999)
            pad = max(2, int(0.35 * (y1 - y0)))
            left, top = max(0, x0 - pad), max(0, y0 - pad)
            crop = image.crop((left, top, min(image.width, x1 + pad), min(image.height, y1 + pad)))
            symbols = _symbols(api, crop)
            if "".join(c for c, _l, _r in symbols) != word.text:
                continue
            for at, (char, o_left, o_right) in enumerate(symbols):
                if char != "O":
                    continue
                zeros = [i for i in (at - 1, at + 1) if 0 <= i < len(symbols) and symbols[i][0] == "0"]
                if not zeros:
                    continue
                _c, z_left, z_right = symbols[zeros[0]]
                covered = sum(max(0, min(o_right, r) - max(o_left, lft))
                              for i, (_c, lft, r) in enumerate(symbols) if i in (at - 1, at + 1))
                if covered < 0.5 * (o_right - o_left):
                    continue
                span = arr[y0:y1, left + min(o_left, z_left):left + max(o_right, z_right)] < LOST_INK
                if span.size and _loops(span) == 1:
                    word.text = word.text[:at] + word.text[at + 1:]
                break
    finally:
        api.SetPageSegMode(PAGE_SEGMENTATION)
    return page


#: A piece of ink no taller nor wider than this share of its word's ink height, and no smaller than the second
#: share (a pixel or two of the scan's noise), is a dot...
DOT_SIZE = (0.3, 0.12)
#: ... when its foot is within this share of that height of the foot of the word's glyphs (a full stop, not a
#: middle dot, and not a comma, which goes down under it).
DOT_FOOT = 0.1


def dropped_dots(image: Image.Image, page: Page) -> Page:
    """A reference whose dot OCR dropped (« F.70232 » read « F70232 ») gets it back, told by the word's ink.

    In serif type a full stop set tight between a capital and a digit is read as nothing. A word holding a
    letter and three digits or more, and neither a dot nor a comma, is cut into its pieces of ink
    (:func:`_regions`): when its other pieces are as many as its characters (each glyph is one: none touch,
    none is broken), a piece of a dot's size standing on their foot between two of them is that dot, put
    back between the characters of the pieces on either side, only where a capital meets a digit (a speck of
    dust inside the digits, « INV2.0240042 », would change a number). A dot ending the word (a sentence's full
    stop) is left out.
    """
    import numpy as np

    candidates = [w for w in page.words if sum(c.isdigit() for c in w.text) >= 3 and any(c.isalpha() for c in w.text)
                  and not any(c in ".," for c in w.text)]
    if not candidates or not GLYPH_MENDS:
        return page
    arr = np.asarray(image)
    for word in candidates:
        x0, y0 = int(word.box[0] * page.width), int(word.box[1] * page.height)
        x1, y1 = int(word.box[2] * page.width + 0.999), int(word.box[3] * page.height + 0.999)
        pieces = [box for _size, box in _regions(arr[y0:y1, x0:x1] < LOST_INK)]
        if not pieces:
            continue
        height = max(b[3] for b in pieces) - min(b[1] for b in pieces)
        dots = [b for b in pieces if DOT_SIZE[1] * height <= min(b[2] - b[0], b[3] - b[1])
                and max(b[2] - b[0], b[3] - b[1]) <= DOT_SIZE[0] * height]
        glyphs = [b for b in pieces if b not in dots]
        if len(dots) != 1 or len(glyphs) != len(word.text):
            continue
        dot = dots[0]
        foot = max(b[3] for b in glyphs)
        middle = (dot[0] + dot[2]) / 2
        at = sum((b[0] + b[2]) / 2 < middle for b in glyphs)
        if (abs(dot[3] - foot) <= DOT_FOOT * height and 0 < at < len(word.text) and word.text[at - 1].isupper()
                and word.text[at].isdigit()):  # only where the letters end and the digits begin, as in « F.70232 »
            word.text = f"{word.text[:at]}.{word.text[at:]}"
    return page


#: Tesseract's model of each language :func:`page_language` tells apart (Debian ``tesseract-ocr-<model>``).
MODELS = {"fr": "fra", "en": "eng", "de": "deu", "es": "spa", "it": "ita"}
#: Words that say a page's language: short function words (articles, prepositions, conjunctions) any text
#: of that language uses, and the common nouns every invoice of it prints whatever its layout (invoice,
#: date, amount, quantity, price, payment, days, page...), as a dictionary gives them. Words two of these
#: languages share ("de", "la", "en", "con", "total", "client", "cliente", "iva", "description"; "le", "il",
#: "y", "es", "su", "nos", "alle", "bis", "due", "netto", "capital", "registro", "sociale") are left out: each
#: word here speaks for one language only.
LANGUAGE_WORDS = {
    "fr": "les du et pour au aux avec sur par dans est nous vous votre vos notre cette sans à "
          "facture montant quantité prix désignation tva paiement règlement jours échéance numéro remise "
          "livraison merci siret siren rcs avoir acompte émission unitaire",
    "en": "the and of for to with by your our is are this that from at please within will be "
          "invoice amount quantity price payment days customer number tax bill thank delivery "
          "balance unit issued",
    "de": "der die das den dem und oder mit von für bei auf aus zur zum im ist sind wir sie ihr ihre "
          "unser unsere nicht nach innerhalb ohne über vom zzgl "
          "rechnung datum betrag menge preis summe gesamt gesamtbetrag brutto mwst ust steuer "
          "kunde kundennummer rechnungsnummer rechnungsdatum lieferung zahlung zahlbar tage tagen seite "
          "bezeichnung beschreibung einzelpreis stück geschäftsführer amtsgericht fällig bitte "
          "überweisung endbetrag zwischensumme leistungsdatum rabatt skonto",
    "es": "el los las para por sus según sin hasta desde nuestro nuestra este esta "
          "factura fecha importe cantidad precio descripción concepto pago forma transferencia días "
          "vencimiento página número teléfono impuesto gracias mercantil cuota emisión pendiente",
    "it": "di della delle dello degli dei alla ai che entro dalla dal nostro nostra questo questa "
          "sono gli è ed "
          "fattura importo quantità prezzo totale imponibile imposta aliquota descrizione pagamento "
          "bonifico giorni scadenza pagina codice ordine partita numero sconto consegna grazie",
}
_LANGUAGE_WORDS = {word: language for language, words in LANGUAGE_WORDS.items() for word in words.split()}
#: Words of a language (:data:`LANGUAGE_WORDS`) a page must hold to be of it, and twice those of any other.
LANGUAGE_EVIDENCE = 3


def page_language(words: list[Word]) -> str | None:
    """The language (``fr``, ``en``, ``de``, ``es``, ``it``) most of the page's words are of, or None.

    A cheap count over the first reading's words (:data:`LANGUAGE_WORDS`): the language with at
    least :data:`LANGUAGE_EVIDENCE` of them and twice as many as any other.
    """
    import string

    counts: dict[str, int] = {}
    for word in words:
        language = _LANGUAGE_WORDS.get(word.text.strip(string.punctuation + "«»").lower())
        if language is not None:
            counts[language] = counts.get(language, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < LANGUAGE_EVIDENCE:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


def installed_models() -> frozenset[str]:
    """The Tesseract models installed (``fra``, ``deu``...)."""
    try:
        folder = tessdata_dir()
    except RuntimeError:
        return frozenset()
    return frozenset(os.path.basename(path)[: -len(".traineddata")] for path in glob.glob(folder + "*.traineddata"))


def _in_page_language(image: Image.Image, page: Page, languages: str,
                      page_languages: str) -> tuple[Page, str]:
    """``page`` read again with its own language's model first when that language is one of ``page_languages``
    (models, e.g. ``"deu spa ita"``) and not already read with; the reading with the better mean confidence
    and the languages it was read with (the language's on a tie).

    The ``fra`` model has no ñ, í, ó, ú, ß, ä, ö: Spanish and German words holding them were misread.
    """
    if not page_languages or not page.words:
        return page, languages
    model = MODELS.get(page_language(page.words) or "")
    if model is None or model in languages.split("+") or model not in page_languages.replace(",", " ").split():
        return page, languages
    if model not in installed_models():
        return page, languages
    both = f"{model}+{languages}"
    if LANGUAGE_WORDS_ONLY:
        return _words_in_language(image, page, both), both
    again = ocr_image(image, page.number, both)
    again.rotation = page.rotation
    if mean_confidence(again) < mean_confidence(page):
        return page, languages  # the language's model read the page worse: its words may be few, or names
    return again, both


#: Only the words of letters are read again in the page's language (env ``GUICHET_OCR_LANGUAGE_WORDS=0``: the
#: whole page, to compare).
LANGUAGE_WORDS_ONLY = os.environ.get("GUICHET_OCR_LANGUAGE_WORDS", "1") != "0"
#: Margin (pixels) kept around each word read again: wider, a neighbour's edge came in (« 61499 Köln » read « "Köln »).
LANGUAGE_WORD_MARGIN = 1
#: A word read again replaces the first reading's unless its confidence is lower by this much or more.
LANGUAGE_WORD_LOSS = 0.15


def _words_in_language(image: Image.Image, page: Page, languages: str) -> Page:
    """``page`` whose words of letters are read again with ``languages`` (the page's language's model and the
    first's), on the page made white everywhere else and its blank stretches cut (:func:`_rows_kept`); digits,
    amounts and codes keep the first reading.

    What a language's model changes are letters (ñ, í, ß, ò and words of its own): a word holding a digit
    reads the same with either model, and leaving those out (a third to a half of an invoice's words) makes the
    second reading that much cheaper. A first word takes the text of the one word read again within its box when
    only the language's letters changed (:func:`_letters_of_language`; its punctuation kept: « Bilbao, » read
    alone came back « Bilbao », and a place-and-date line lost its comma) and its confidence is not lower by
    :data:`LANGUAGE_WORD_LOSS` (a word the language's model reads worse); its box and baseline stay the first
    reading's. Plain letters the first reading got wrong are left to :func:`reread_weak`, which reads unsure
    stretches again with the page's languages.
    """
    import numpy as np
    from PIL import Image as PILImage

    chosen = [w for w in page.words if any(c.isalpha() for c in w.text) and not any(c.isdigit() for c in w.text)]
    if not chosen:
        return page
    arr = np.asarray(image.convert("L"))
    keep = np.zeros(arr.shape, dtype=bool)
    height, width = arr.shape
    pixels = []
    for word in chosen:
        x0 = max(0, int(word.box[0] * width) - LANGUAGE_WORD_MARGIN)
        y0 = max(0, int(word.box[1] * height) - LANGUAGE_WORD_MARGIN)
        x1 = min(width, int(word.box[2] * width + 0.999) + LANGUAGE_WORD_MARGIN)
        y1 = min(height, int(word.box[3] * height + 0.999) + LANGUAGE_WORD_MARGIN)
        keep[y0:y1, x0:x1] = True
        pixels.append((x0, y0, x1, y1))
    rows = _rows_kept(keep.any(axis=1))
    again = ocr_image(PILImage.fromarray(np.where(keep, arr, 255)[rows].astype(np.uint8)), page.number, languages)
    kept = len(rows)
    boxes = [(x0 / width, np.searchsorted(rows, y0) / kept, x1 / width, np.searchsorted(rows, y1) / kept)
             for x0, y0, x1, y1 in pixels]
    replaced: dict[int, list[Word]] = {}
    for new in again.words:
        cx, cy = (new.box[0] + new.box[2]) / 2, (new.box[1] + new.box[3]) / 2
        for i, (x0, y0, x1, y1) in enumerate(boxes):
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                replaced.setdefault(i, []).append(new)
                break
    out = {id(word): word for word in page.words}
    for i, word in enumerate(chosen):
        news = replaced.get(i, [])
        if (len(news) == 1 and _inside(news[0].box, boxes[i]) and _letters_of_language(word.text, news[0].text)
                and news[0].confidence > word.confidence - LANGUAGE_WORD_LOSS):
            out[id(word)] = Word(news[0].text, word.box, news[0].confidence, word.page, word.baseline)
    return Page(number=page.number, width=page.width, height=page.height,
                words=[out[id(word)] for word in page.words], unit=page.unit, rotation=page.rotation)


#: Blank rows kept between two rows of words read again in the page's language (pixels at the page's dpi).
LANGUAGE_ROW_GAP = 12


def _rows_kept(inked: Any) -> Any:
    """Indices of the rows kept of a page whose rows ``inked`` hold words read again: the blank stretches
    between them cut to :data:`LANGUAGE_ROW_GAP` rows. Tesseract's layout analysis costs by the image's area
    (a third of that reading on a whole page left white but for its words); the words' pixels are the same."""
    import numpy as np

    blank_run = np.zeros(len(inked), dtype=int)
    run = 0
    for i, ink in enumerate(inked):
        run = 0 if ink else run + 1
        blank_run[i] = run
    return np.flatnonzero(inked | (blank_run <= LANGUAGE_ROW_GAP))


def _inside(box: tuple[float, float, float, float], bounds: tuple[float, float, float, float]) -> bool:
    """Whether ``box`` lies within ``bounds`` (fractions of one page)."""
    return bounds[0] <= box[0] and bounds[1] <= box[1] and box[2] <= bounds[2] and box[3] <= bounds[3]


def _letters_of_language(first: str, again: str) -> bool:
    """Whether ``again`` differs from ``first`` only by letters a language's model adds to the ``fra`` one (each
    change holds a letter out of ASCII on either side: « Garcia » → « García », « Bahnhofstrake » → « Bahnhofstraße »,
    « Küln » → « Köln »), what it prints besides letters the same (punctuation, signs).

    Read alone, a word loses its neighbours' help: « Madrid » came back « Maarid », sure of it, and « DEL SUR »
    one word « DELSUR »; a change of plain letters is no language's.
    """
    import difflib

    if "".join(c for c in first if not c.isalpha()) != "".join(c for c in again if not c.isalpha()):
        return False
    changes = difflib.SequenceMatcher(None, first, again, autojunk=False).get_opcodes()
    return all(tag == "equal" or any(ord(c) > 127 for c in first[i0:i1] + again[j0:j1])
               for tag, i0, i1, j0, j1 in changes)


#: A word under this confidence makes its stretch of line read again, enlarged.
REREAD_CONFIDENCE = 0.6
#: Enlargement of a stretch read again (small or faint type reads better bigger: ~300 dpi effective).
REREAD_SCALE = 1.6
#: At most this many crops read again a page, stretches and words (the cost stays bounded on a page of noise).
REREAD_MAX = 40
#: A new reading replaces the first when its mean confidence is higher by this much.
REREAD_GAIN = 0.05
REREAD = True


def _stretches(line: list[Word], page: Page) -> list[list[Word]]:
    """A line cut where the gap between two words is wider than twice the line's height (columns)."""
    height = max(w.box[3] - w.box[1] for w in line) * page.height
    out = [[line[0]]]
    for word in line[1:]:
        gap = (word.box[0] - out[-1][-1].box[2]) * page.width
        if gap > 2 * height:
            out.append([word])
        else:
            out[-1].append(word)
    return out


def reread_weak(image: Image.Image, page: Page, languages: str = DEFAULT_LANGUAGES) -> Page:
    """The stretches of line holding an unsure word read again alone, enlarged, as one line.

    The first pass reads the page as sparse text: a line of a band of columns, a word in a
    shaded cell or a small label is then sometimes misread ("Rechnungs-Ne"). Alone and bigger,
    Tesseract reads it with its line model only; the new words replace the old ones when
    they are surer. When the stretch read as one line is no surer, each unsure word of it is
    read alone as a block: a table cell of two lines ("Rechnung / Nr.") beside cells of one is
    taken by the first pass for one tall word. Pages read with good confidence have few such
    stretches: the cost stays low.
    """
    if not REREAD or not page.words:
        return page
    from tesserocr import PSM

    # A frame's vertical rule read as "|" spans a framed cell's label and value rows: kept out of the
    # stretches, it would stretch the crop over both rows, read then as one line of noise.
    text = Page(number=page.number, width=page.width, height=page.height, unit=page.unit,
                words=[w for w in page.words if not _is_rule(w, page)])
    weak = [stretch for line in text_lines(text) for stretch in _stretches(line, page)
            if any(w.confidence < REREAD_CONFIDENCE for w in stretch)]
    if not weak:
        return page
    api = _api(languages)
    replaced: dict[int, list[Word]] = {}
    crops = 0
    try:
        for stretch in weak:
            if crops >= REREAD_MAX:
                break
            crops += 1
            api.SetPageSegMode(PSM.SINGLE_LINE)
            again = _reread(api, image, page, stretch)
            if again is not None:
                replaced[id(stretch[0])] = again
                replaced.update((id(word), []) for word in stretch[1:])
                continue
            api.SetPageSegMode(PSM.SINGLE_BLOCK)
            for word in stretch:
                if word.confidence < REREAD_CONFIDENCE and crops < REREAD_MAX:
                    crops += 1
                    alone = _reread(api, image, page, [word])
                    if alone is not None:
                        replaced[id(word)] = alone
    finally:
        api.SetPageSegMode(PAGE_SEGMENTATION)
    if not replaced:
        return page
    words: list[Word] = []
    for word in page.words:
        words.extend(replaced.get(id(word), [word]))
    page.words = words
    return page


#: A word holding a digit whose box is this many times the usual word height is read again alone (:func:`reread_tall`).
TALL_WORD = 2.2


def reread_tall(image: Image.Image, page: Page, languages: str = DEFAULT_LANGUAGES) -> Page:
    """Words holding a digit whose box is much taller than the page's words, read again alone as a block.

    Read as sparse text, an amount in a shaded cell sometimes gets a box reaching up to the shading's
    edge, and loses its first characters though sure of the rest: « -100,00 » in a grey totals cell
    came back « 00,00 », its box 2.7 times the usual height. Read alone, the crop gives the whole
    amount; the new reading replaces the word only as :func:`_tall_reading_better` allows. A large
    title holds no digit.
    """
    import statistics

    if not REREAD or not page.words:
        return page
    heights = [w.box[3] - w.box[1] for w in page.words if any(c.isalnum() for c in w.text)]
    if len(heights) < 5:
        return page
    usual = statistics.median(heights)
    tall = [w for w in page.words if any(c.isdigit() for c in w.text) and w.box[3] - w.box[1] > TALL_WORD * usual]
    if not tall:
        return page
    from tesserocr import PSM

    api = _api(languages)
    replaced: dict[int, list[Word]] = {}
    try:
        api.SetPageSegMode(PSM.SINGLE_BLOCK)
        for word in tall[:REREAD_MAX]:
            box = (word.box[0] * page.width, word.box[1] * page.height, word.box[2] * page.width,
                   word.box[3] * page.height)
            again = _read_crop(api, image, page, box)
            if _tall_reading_better(word, again):
                replaced[id(word)] = _on_line_of(again, word)
    finally:
        api.SetPageSegMode(PAGE_SEGMENTATION)
    if replaced:
        page.words = [new for word in page.words for new in replaced.get(id(word), [word])]
    return page


#: Signs an amount's reading may gain before its old text (« 00,00 » → « -100,00 » gains « -1 » in its box).
_AMOUNT_SIGNS = "-−+"


def _tall_reading_better(word: Word, again: list[Word]) -> bool:
    """Whether ``again`` (a tall word's crop read alone) replaces ``word`` (:func:`reread_tall`).

    The crop is padded sideways, so a neighbour's digit may come in (« 100,00 » → « 1100,00 »), and
    a surer reading may hold fewer digits (« 1 234,56 » → « 234,56 »). Every new word must be sure,
    the old text must end the new one, and what comes before it is a sign only, or characters
    standing inside the old word's box (what the first reading lost of it). A new reading with the
    very same digits (separators mended) replaces it when surer by :data:`REREAD_GAIN`.
    """
    text = "".join(w.text for w in again)
    if not again or text == word.text or min(w.confidence for w in again) < REREAD_CONFIDENCE:
        return False
    added = text[: len(text) - len(word.text)] if text.endswith(word.text) else None
    if added is not None and all(c in _AMOUNT_SIGNS for c in added):
        return True
    if [c for c in text if c.isdigit()] == [c for c in word.text if c.isdigit()]:
        return sum(w.confidence for w in again) / len(again) >= word.confidence + REREAD_GAIN
    if added is None:
        return False
    # Added digits: the new words must stand within the old box, save half a character's width.
    x0, x1 = min(w.box[0] for w in again), max(w.box[2] for w in again)
    slack = 0.5 * (x1 - x0) / len(text)
    return x0 >= word.box[0] - slack and x1 <= word.box[2] + slack


def _is_rule(word: Word, page: Page) -> bool:
    """A table or frame rule read as a word: no letter or digit, much taller than wide ("|", "||", "[")."""
    width, height = (word.box[2] - word.box[0]) * page.width, (word.box[3] - word.box[1]) * page.height
    return not any(c.isalnum() for c in word.text) and width < 0.5 * height


def _unsure(words: list[Word]) -> int:
    return sum(w.confidence < REREAD_CONFIDENCE for w in words)


def _reread(api: Any, image: Image.Image, page: Page, words: list[Word]) -> list[Word] | None:
    """``words`` read again from their enlarged crop (``api``'s segmentation as set), placed on the page;
    None when that reading is not surer by :data:`REREAD_GAIN` or leaves as many unsure words.

    The crop spans the rows of the stretch's words save an unsure one much taller than the others
    (:func:`_crop_words`): read as sparse text, a speck of noise between two lines becomes a "word" as tall
    as both, and a crop stretched over it read the line above too, as one line of noise.
    """
    bounds = _crop_words(words)
    x0, y0 = min(w.box[0] for w in words) * page.width, min(w.box[1] for w in bounds) * page.height
    x1, y1 = max(w.box[2] for w in words) * page.width, max(w.box[3] for w in bounds) * page.height
    again = _read_crop(api, image, page, (x0, y0, x1, y1))
    old = sum(w.confidence for w in words) / len(words)
    if not again or sum(w.confidence for w in again) / len(again) < old + REREAD_GAIN:
        return None
    if len(words) > 1 and _unsure(again) >= _unsure(words):
        return None  # surer on average by a word read better, but another now read worse
    return again


#: An unsure word this many times taller than the sure words of its stretch spans other lines: noise.
TALL_NOISE = 1.5


def _crop_words(words: list[Word]) -> list[Word]:
    """The words of a stretch whose rows its crop spans: all, save unsure ones taller than :data:`TALL_NOISE`
    times the median height of its sure words (none sure: the median of all)."""
    import statistics

    sure = [w for w in words if w.confidence >= REREAD_CONFIDENCE] or words
    usual = statistics.median(w.box[3] - w.box[1] for w in sure)
    kept = [w for w in words if w.confidence >= REREAD_CONFIDENCE or w.box[3] - w.box[1] <= TALL_NOISE * usual]
    return kept or words


def _read_crop(api: Any, image: Image.Image, page: Page, box: tuple[float, float, float, float]) -> list[Word]:
    """The words read in ``box`` (pixels of ``image``), padded and enlarged, placed on the page (fractions)."""
    from PIL import Image

    x0, y0, x1, y1 = box
    pad = 0.35 * (y1 - y0)
    left, top = max(0, int(x0 - pad)), max(0, int(y0 - pad))
    right, bottom = min(image.width, int(x1 + pad) + 1), min(image.height, int(y1 + pad) + 1)
    if right - left < 4 or bottom - top < 4:
        return []
    crop = image.crop((left, top, right, bottom))
    crop = crop.resize((int(crop.width * REREAD_SCALE), int(crop.height * REREAD_SCALE)), Image.Resampling.LANCZOS)
    # Only words standing within the first reading's rows: the padding may take in a neighbouring
    # line's letters, which would come back twice (a tall unsure word's crop read the line under it).
    again = [w for w in _recognise(api, crop, page.number)
             if y0 <= top + (w.box[1] + w.box[3]) / 2 * crop.height / REREAD_SCALE <= y1]
    for word in again:  # back to fractions of the page
        bx0, by0, bx1, by1 = word.box
        word.box = ((left + bx0 * crop.width / REREAD_SCALE) / page.width,
                    (top + by0 * crop.height / REREAD_SCALE) / page.height,
                    (left + bx1 * crop.width / REREAD_SCALE) / page.width,
                    (top + by1 * crop.height / REREAD_SCALE) / page.height)
        if word.baseline is not None:
            word.baseline = (top + word.baseline * crop.height / REREAD_SCALE) / page.height
    return again


#: Ink within this share of a word's height beside it, in no word's box, is a piece of it the reading lost.
LOST_INK_GAP = 0.35
#: Grey level under which a pixel is ink for finding letters no word holds.
LOST_INK = 170
#: Marks that make a word a number label ("N°", "n.º", "#"): worth a word's lost end as a letter is.
_NUMBER_SIGNS = frozenset("°º#")


def _ink_after(free: Any, box: tuple[int, int, int, int], height: int) -> int:
    """How far (pixels) ink in no word's box runs on from ``box``'s right side within its rows (``height``:
    the line's letter height), pieces apart by at most :data:`LOST_INK_GAP` of it; 0 when none touches it."""
    import numpy as np

    _x0, y0, x1, y1 = box
    gap = max(2, int(LOST_INK_GAP * height))
    columns = free[y0:y1, x1:min(free.shape[1], x1 + 3 * height)].any(axis=0)
    found = np.flatnonzero(columns)
    if not len(found) or found[0] > gap:
        return 0
    end = int(np.split(found, np.flatnonzero(np.diff(found) > gap) + 1)[0][-1]) + 1
    return end if int(free[y0:y1, x1:x1 + end].sum()) >= 0.02 * height * height else 0  # a "°" is small


def reread_lost_ink(image: Image.Image, page: Page, languages: str = DEFAULT_LANGUAGES) -> Page:
    """Words beside which letters stand that no word holds, read again with them as one line.

    Read as sparse text, Tesseract sometimes keeps the first letter of a short word and drops the
    rest as noise: a wrapped header "Rechnung / Nr." came back "Rechnung / N", sure of it (nothing
    for :func:`reread_weak`). Ink right after a word (within :data:`LOST_INK_GAP` of its line's
    letter height) that lies in no word's box is such a lost piece: the word and that ink are read
    again, enlarged, as one line, and the new reading replaces the word when it begins with the
    word's text and adds letters or digits. Only after a word: ink before one may be the lost end of
    the word before it (an IBAN's groups).
    """
    if not REREAD or not page.words:
        return page
    import numpy as np
    from tesserocr import PSM

    arr = np.asarray(image)
    free = arr < LOST_INK
    boxes = [(max(0, int(w.box[0] * page.width) - 1), max(0, int(w.box[1] * page.height) - 1),
              int(w.box[2] * page.width + 0.999) + 1, int(w.box[3] * page.height + 0.999) + 1) for w in page.words]
    for x0, y0, x1, y1 in boxes:
        free[y0:y1, x0:x1] = False
    if not free.any():
        return page
    import statistics

    heights = [y1 - y0 for (x0, y0, x1, y1), w in zip(boxes, page.words, strict=True) if any(c.isalnum() for c in w.text)]
    if not heights:
        return page  # no word holds a letter or a digit (a rule read "|"): no line's letters to measure ink by
    usual = statistics.median(heights)
    found = []
    for word, (x0, y0, x1, y1) in zip(page.words, boxes, strict=True):
        if not any(c.isalnum() for c in word.text) or y1 - y0 < 6:
            continue
        # A word of small letters ("n", "ue") has a box an x-height tall: its line's letters reach higher.
        height = max(y1 - y0, int(usual)) if y1 - y0 < usual else y1 - y0
        top = min(y0, y1 - height)
        right = _ink_after(free, (x0, top, x1, y1), height)
        reach = x1 + right + LOST_INK_GAP * height
        if right and not any(b[1] < y1 and b[3] > top and x1 < b[0] <= reach for b in boxes):
            found.append((word, (x0, top, x1 + right, y1)))  # ink reaching the next word is that word's
    alone = _lone_pieces(free, boxes, found, usual) if ORPHANS else []
    if not found and not alone:
        return page
    api = _api(languages)
    replaced: dict[int, list[Word]] = {}
    added: list[Word] = []
    try:
        api.SetPageSegMode(PSM.SINGLE_LINE)
        for word, box in found[:REREAD_MAX]:
            again = _read_crop(api, image, page, box)
            text = "".join(w.text for w in again)
            if (len(text) > len(word.text) and text.startswith(word.text)
                    and any(c.isalnum() or c in _NUMBER_SIGNS for c in text[len(word.text):])
                    and min(w.confidence for w in again) >= REREAD_CONFIDENCE):
                replaced[id(word)] = _on_line_of(again, word)
        for box, before in alone[:REREAD_MAX]:
            if before is None:
                added.extend(w for w in _read_crop(api, image, page, box)
                             if w.confidence >= ORPHAN_CONFIDENCE and sum(c.isalnum() for c in w.text) >= 2)
                continue
            word = page.words[before]  # the piece stands right before this word: its lost beginning
            if id(word) in replaced:
                continue
            x0, y0, x1, y1 = boxes[before]
            again = _read_crop(api, image, page, (box[0], min(box[1], y0), x1, max(box[3], y1)))
            text = "".join(w.text for w in again)
            if (len(text) > len(word.text) and text.endswith(word.text)
                    and any(c.isalnum() for c in text[:-len(word.text)])
                    and min(w.confidence for w in again) >= REREAD_CONFIDENCE):
                replaced[id(word)] = _on_line_of(again, word)
    finally:
        api.SetPageSegMode(PAGE_SEGMENTATION)
    if not replaced and not added:
        return page
    words: list[Word] = []
    for word in page.words:
        words.extend(replaced.get(id(word), [word]))
    page.words = words + added
    return page


def _on_line_of(words: list[Word], word: Word) -> list[Word]:
    """``words`` (a crop's reading of ``word`` and its lost piece) given ``word``'s baseline: the page's fit
    of its line, where a crop of a word and a raised mark ("n°") is fitted on its own and may stand apart.

    Only the words that can stand on it (:func:`_stands_on`): a word as tall as two rows read again alone may
    come back as the label printed over its value and the value (« Pièce comptable n° » / « FAC/2026/08339 »);
    the label keeps its crop's own line.
    """
    if word.baseline is not None:
        for new in words:
            if _stands_on(word.baseline, new.box[1], new.box[3], new.text):
                new.baseline = word.baseline
    return words


#: Pieces of ink no word holds are read alone too (env ``GUICHET_OCR_ORPHANS=0``: not, to compare).
ORPHANS = os.environ.get("GUICHET_OCR_ORPHANS", "1") != "0"
#: A word read from a lone piece of ink is kept from this confidence on (a logo's strokes read as letters are not).
ORPHAN_CONFIDENCE = 0.75


def _lone_pieces(free: Any, boxes: list[tuple[int, int, int, int]], found: list[tuple[Word, tuple]],
                 usual: float) -> list[tuple[tuple[int, int, int, int], int | None]]:
    """Pieces of ink in no word's box, of a line's height: words, or a word's beginning, the reading lost.

    Read as sparse text, small labels in framed cells ("Échéance au") or the first part of a date
    ("2022-" of "2022-03-19") were dropped as noise. ``free``: ink outside the words' boxes. Pieces
    are runs of ink columns within a band of rows, apart by more than :data:`LOST_INK_GAP` of the
    usual word height ``usual``, cut again at blank rows; a piece from half to twice that height
    holding a letter's ink is kept, with the index of the word it stands right before (None when it
    touches none). A piece right after a word is that word's (``found``); one between two words is left.
    """
    import numpy as np

    gap = max(2, int(LOST_INK_GAP * usual))
    rows = np.flatnonzero(free.any(axis=1))
    pieces: list[tuple[tuple[int, int, int, int], int | None]] = []
    taken = [box for _word, box in found]
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1) if len(rows) else []:
        top, bottom = int(band[0]), int(band[-1]) + 1
        if bottom - top < 0.5 * usual:
            continue
        sub = free[top:bottom]
        columns = np.flatnonzero(sub.any(axis=0))
        for run in np.split(columns, np.flatnonzero(np.diff(columns) > gap) + 1):
            x0, x1 = int(run[0]), int(run[-1]) + 1
            inside = np.flatnonzero(sub[:, x0:x1].any(axis=1))
            for part in np.split(inside, np.flatnonzero(np.diff(inside) > 1) + 1):
                y0, y1 = top + int(part[0]), top + int(part[-1]) + 1
                own = np.flatnonzero(free[y0:y1, run[0]:run[-1] + 1].any(axis=0))
                x0, x1 = int(run[0] + own[0]), int(run[0] + own[-1]) + 1  # this part's own columns
                if not 0.5 * usual <= y1 - y0 <= 2 * usual or x1 - x0 < 0.3 * usual:
                    continue
                if free[y0:y1, x0:x1].sum() < 0.05 * usual * usual:
                    continue
                level = [b for b in [*boxes, *taken] if b[1] < y1 and b[3] > y0]
                if any(b[2] + gap >= x0 and b[0] <= x0 for b in level):
                    continue  # touches a word on its left: that word's lost end, or between two words
                after = [i for i, b in enumerate(boxes) if b[1] < y1 and b[3] > y0 and x1 <= b[0] <= x1 + gap]
                if any(b[0] < x1 and b[2] > x0 for b in level):
                    continue  # within a word's box's columns: a stroke of it
                pieces.append(((x0, y0, x1, y1), after[0] if len(after) == 1 else None if not after else -1))
    return [(box, before) for box, before in pieces if before != -1]


#: A page's words as lines, placed on the page as it came: ``[[(text, (x0, y0, x1, y1)), ...], ...]``.
TextLayer = list[list[tuple[str, tuple[float, float, float, float]]]]


def text_layer(page: Page, steps: list[tuple]) -> TextLayer:
    """The words of ``page`` by lines, their boxes on the page as it came (for the searchable copy)."""
    return [[(word.text, source_box(word.box, steps)) for word in line] for line in text_lines(page)]


def _read_all(images: list[Image.Image], first_number: int, languages: str, threads: int,
              page_done: Callable[[], None] | None = None,
              page_languages: str = "") -> list[tuple[Page, list[tuple]]]:
    """``images`` read ``threads`` at a time (Tesseract releases the GIL), numbered from ``first_number``.

    ``page_done`` is called each time a page has been read (from the reading thread).
    """
    numbered = list(enumerate(images, start=first_number))

    def read(item: tuple[int, Image.Image]) -> tuple[Page, list[tuple]]:
        result = _read_page(item[1], item[0], languages, page_languages)
        if page_done is not None:
            page_done()
        return result

    if threads <= 1 or len(images) <= 1:
        return [read(item) for item in numbered]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(threads, len(images)), thread_name_prefix="ocr-page") as pool:
        return list(pool.map(read, numbered))


def ocr(data: bytes, fmt: str, languages: str = DEFAULT_LANGUAGES, *, threads: int = 1,
        page_languages: str = DEFAULT_PAGE_LANGUAGES) -> list[Page]:
    """Every page of ``data`` cleaned and read, in this process (the hook uses :func:`read_pages`)."""
    return [page for page, _steps in _read_all(load_images(data, fmt), 1, languages, threads,
                                               page_languages=page_languages)]


def read_pages(data: bytes, fmt: str, first: int, count: int, languages: str,
               max_pixels: int, threads: int = 1, page_languages: str = "") -> tuple[list[Page], int, str]:
    """Pages ``first`` to ``first + count`` read, ``threads`` at a time; the number of pages; the engine's name.

    ``page_languages``: models a page is read again with when its words are of that language (:func:`_read_page`).
    """
    return read_batch(data, fmt, first, count, languages, max_pixels, threads, page_languages)[:3]


def read_batch(data: bytes, fmt: str, first: int, count: int, languages: str,
               max_pixels: int, threads: int = 1,
               page_languages: str = "") -> tuple[list[Page], int, str, list[TextLayer]]:
    """:func:`read_pages`, plus each page's :func:`text_layer` (the searchable copy reuses this reading).

    Runs in a limited child process (:func:`guichet.core.ops.limited.run_limited`): the
    threads share its memory and time limits. Tells the caller ``(pages read, pages to read)``
    before the first page and after each (:func:`guichet.core.ops.limited.report`).
    """
    import itertools

    import tesserocr

    images, total = _load(data, fmt, dpi=RASTER_DPI, first=first, count=count, max_pixels=max_pixels)
    last = min(total, MAX_PAGES)
    report(("ocr", first, last))
    counter = itertools.count(first + 1)  # next() is atomic: the reading threads share it
    read = _read_all(images, first + 1, languages, threads, lambda: report(("ocr", next(counter), last)),
                     page_languages)
    version = tesserocr.tesseract_version().split()[1] if tesserocr.tesseract_version() else ""
    return ([page for page, _ in read], total, f"tesseract {version}".strip(),
            [text_layer(page, steps) for page, steps in read])


LOW_CONFIDENCE = 0.6  # mean word confidence under which a page may have been read upside down


def mean_confidence(page: Page) -> float:
    """Mean word confidence of an OCRed page (0 when it has no words)."""
    return sum(w.confidence for w in page.words) / len(page.words) if page.words else 0.0


def page_threads(settings: Any) -> int:
    """Pages of one document read at once (``ocr.page_threads``; 0 = one per core, at most 4)."""
    value = int(settings.get("ocr.page_threads", 0) or 0) if settings is not None else 0
    return value if value > 0 else max(1, min(4, os.cpu_count() or 1))


def _languages(settings: Any) -> str:
    if settings is None:
        return DEFAULT_LANGUAGES
    return str(settings.get("ocr.languages", DEFAULT_LANGUAGES) or DEFAULT_LANGUAGES)


def _page_languages(settings: Any) -> str:
    """``ocr.page_languages``: the models a page is read again with when it is of their language ("" = none)."""
    if settings is None:
        return DEFAULT_PAGE_LANGUAGES
    value = settings.get("ocr.page_languages", DEFAULT_PAGE_LANGUAGES)
    return DEFAULT_PAGE_LANGUAGES if value is None else str(value)


@hookimpl
def scan_page_images(data: bytes, fmt: str) -> list[Image.Image] | None:
    """The pages of a scan (PDF or image) cleaned for OCR: upright, deskewed, contrasted."""
    if fmt not in (Format.PDF, Format.FACTURX, Format.IMAGE):
        return None
    return [clean_image(image)[0] for image in load_images(data, fmt)]


@hookimpl(trylast=True)
def extract_words(data: bytes, fmt: str, settings: Any) -> TextResult | None:
    """OCR of images and of PDFs without a text layer (the text-layer reader runs first).

    Pages are read by batches of ``limits.pages_per_batch``, each in a child
    process under ``[limits]``; over a limit, :class:`~guichet.core.errors.LimitExceeded`.
    The words' places on the pages as they came are kept a while for :func:`searchable_pdf`.
    """
    if fmt not in (Format.PDF, Format.FACTURX, Format.IMAGE):
        return None
    limits = Limits.from_settings(settings)
    languages = _languages(settings)
    pages: list[Page] = []
    layers: list[TextLayer] = []
    first, total, engine = 0, 1, "tesseract"
    while first < min(total, MAX_PAGES):
        batch, total, engine, batch_layers = run_limited(
            read_batch, data, str(fmt), first, limits.pages_per_batch, languages, limits.max_image_pixels,
            page_threads(settings), _page_languages(settings),
            what=f"lecture (OCR) à partir de la page {first + 1}", limits=limits,
            on_progress=lambda said: progress.report(*said),  # "page 2/5" for the pages that follow the document
        )
        pages.extend(batch)
        layers.extend(batch_layers)
        first += limits.pages_per_batch
    _remember_layers(data, layers)
    return TextResult(pages=pages, source=SOURCE_OCR, engine=engine)


#: Text layers of the last documents read, by the digest of their bytes (the extract stage asks
#: for the searchable copy right after reading: the copy reuses that reading).
_recent_layers: dict[str, list[TextLayer]] = {}
_RECENT = 4
_recent_lock = threading.Lock()


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _remember_layers(data: bytes, layers: list[TextLayer]) -> None:
    with _recent_lock:
        _recent_layers[_digest(data)] = layers
        while len(_recent_layers) > _RECENT:
            _recent_layers.pop(next(iter(_recent_layers)))


def known_layers(data: bytes) -> list[TextLayer] | None:
    """The text layers :func:`extract_words` read from ``data`` lately, or None."""
    with _recent_lock:
        return _recent_layers.get(_digest(data))


def make_searchable_pdf(data: bytes, fmt: str, languages: list[str],
                        layers: list[TextLayer] | None = None) -> bytes | None:
    """A searchable PDF/A-2b copy made by ocrmypdf, or None if it fails (runs in a limited child).

    With ``layers`` (the words already read, :func:`read_batch`), ocrmypdf runs no OCR of its
    own (:mod:`guichet.plugins.ocr_tesseract.known_words`): no page turned or deskewed, the
    image kept as it came, the text layer placed from those words.
    """
    import json
    import tempfile
    from pathlib import Path

    import ocrmypdf

    with tempfile.TemporaryDirectory(prefix="guichet-ocr-") as tmp:
        source, target = Path(tmp) / "in", Path(tmp) / "out.pdf"
        source.write_bytes(data)
        options: dict[str, Any] = {"language": languages, "output_type": "pdfa", "jobs": 1,
                                   "progress_bar": False, "rotate_pages": True, "deskew": True,
                                   "pages": f"1-{MAX_PAGES}"}
        if layers is not None:
            from guichet.plugins.ocr_tesseract import known_words

            words = Path(tmp) / "words.json"
            words.write_text(json.dumps({str(i): layer for i, layer in enumerate(layers)}), encoding="utf-8")
            os.environ[known_words.ENV] = str(words)  # this child process only
            options.update(ocr_engine=known_words.NAME, plugins=[known_words.__name__], pdf_renderer="fpdf2",
                           rotate_pages=False, deskew=False, pages=f"1-{len(layers)}")
        if fmt == Format.IMAGE:
            options["image_dpi"] = 200
        try:
            ocrmypdf.ocr(source, target, **options)
        except Exception as exc:  # noqa: BLE001 - the copy is a convenience: its failure must not stop the document
            log.warning("searchable PDF not made: %s", exc)
            return None
        return target.read_bytes()


@hookimpl(trylast=True)
def searchable_pdf(data: bytes, fmt: str, settings: Any) -> bytes | None:
    """A searchable PDF/A-2b copy made by ocrmypdf (original untouched); None if it fails or overruns.

    When :func:`extract_words` has just read ``data``, its words make the text layer (no
    second OCR); otherwise ocrmypdf reads the pages with Tesseract. Runs in a child process
    under ``[limits]``, with ``limits.seconds`` per batch of pages for the pages OCR reads.
    """
    if fmt not in (Format.PDF, Format.FACTURX, Format.IMAGE):
        return None
    if settings is not None and not settings.get("ocr.searchable_pdf", True):
        return None
    limits = Limits.from_settings(settings)
    batches = math.ceil(MAX_PAGES / limits.pages_per_batch) if fmt != Format.IMAGE else 1
    try:
        return run_limited(make_searchable_pdf, data, str(fmt), _languages(settings).split("+"), known_layers(data),
                           what="copie PDF interrogeable", limits=limits, seconds=limits.seconds * batches)
    except LimitExceeded as exc:
        log.warning("searchable PDF not made: %s", exc)
        return None
