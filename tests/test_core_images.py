"""Image bombs (issue 11, finding 4): pixels counted before decoding, originals kept, a reason given.

The 13000 × 13000 PNG of the report (194 KB) used to raise the worker to 1.9 GB;
the 30000 × 30000 one made the phone page answer HTTP 500 and lose the original.
"""

from __future__ import annotations

import io
import resource

import pytest
from intake_samples import bomb_png

from guichet.core.model.states import Channel, State
from guichet.core.parsing import images
from guichet.core.pipeline import intake, pipeline

LIMIT = 100_000_000  # the default [limits] max_image_megapixels


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "JPEG", quality=50)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """The report's bomb: 13000 × 13000 grey pixels in 194 KB."""
    return bomb_png(13000, 13000)


def test_a_bomb_is_refused_from_its_header_without_decoding(bomb):
    before = _peak_mb()
    with pytest.raises(images.ImageTooLarge) as refused:
        images.load_frames(bomb, max_pixels=LIMIT)
    assert str(refused.value) == ("image trop grande : 13000 × 13000 pixels (169 Mpx), au plus 100 Mpx ; "
                                  "envoyez une image de moindre définition")
    assert _peak_mb() - before < 50  # the 169 MB bitmap was never made


def test_far_over_the_limit_pillow_s_own_guard_answers_in_french():
    with pytest.raises(images.ImageTooLarge, match=r"image trop grande \(900 Mpx\), au plus 100 Mpx"):
        images.open_image(bomb_png(30000, 30000, mode="1"), max_pixels=LIMIT)


def test_a_large_jpeg_is_decoded_at_the_size_ocr_needs():
    # 12000 × 9000 (108 Mpx) is over the limit as such, but the decoder scales it down by 2 (DCT
    # scaling: the smallest scale still at least 3508 pixels long): 6000 × 4500, and never bigger.
    (frame,), count = images.load_frames(_jpeg(12000, 9000), max_pixels=LIMIT)
    assert count == 1 and frame.size == (6000, 4500) and frame.mode == "L"


def test_frames_are_reduced_to_what_ocr_needs_before_anything_else():
    (frame,), _count = images.load_frames(bomb_png(8000, 6000), max_pixels=LIMIT)
    assert frame.size == (4000, 3000)  # reduced by 2 at once: longest side about 3508
    with pytest.raises(images.UnreadableInput, match="image illisible"):
        images.load_frames(b"\x89PNG\r\n\x1a\n pas une image", max_pixels=LIMIT)


def test_a_pdf_page_renders_within_the_page_limit():
    scale = images.render_scale(14400, 14400, 300)  # a 200-inch square page
    assert 14400 * 14400 * scale * scale <= images.MAX_PAGE_PIXELS * 1.0001
    assert images.render_scale(595, 842, 300) == 300 / 72  # an A4 page is not touched


def test_the_pipeline_rejects_a_bomb_with_the_reason_and_keeps_it(rt, company, bomb):
    document, _ = intake.receive(rt, company, bomb, "photo.png", channel=Channel.UPLOAD)
    before = _peak_mb()
    final = pipeline.run_to_rest(rt, document.id)
    assert final.state == State.REJECTED
    assert final.reason.startswith("image trop grande : 13000 × 13000 pixels (169 Mpx)")
    assert rt.blobs.get(final.blob_key) == bomb  # the original is kept, unaltered
    assert _peak_mb() - before < 50


def test_the_coding_screen_answers_a_reason_for_a_bomb_page(bomb):
    from werkzeug.exceptions import BadRequest

    from guichet.web.operator import render

    class Doc:
        sha256, format, content_type = "b" * 64, "image", "image/png"

    with pytest.raises(BadRequest) as answer:
        render.page_response(bomb, Doc(), 1, 1200)
    assert "image trop grande" in answer.value.description
