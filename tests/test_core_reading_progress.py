"""Per-page progress of a reading (issue 19): from the OCR child to the record the web pages show."""

from __future__ import annotations

import io


from guichet.core.model.states import Channel, State
from guichet.core.ops import limited
from guichet.core.pipeline import intake, progress


def counted(pages: int) -> str:
    """Run in the child: reports each page as it goes (module level: the child imports it by name)."""
    for page in range(pages):
        limited.report(("ocr", page + 1, pages))
    return "fini"


def test_what_the_child_reports_reaches_the_caller_before_its_answer():
    said = []
    answer = limited.run_limited(counted, 3, what="essai", limits=limited.Limits(seconds=30, memory_mb=400),
                                 on_progress=said.append)
    assert answer == "fini"
    assert said == [("ocr", 1, 3), ("ocr", 2, 3), ("ocr", 3, 3)]


def test_report_outside_a_child_or_a_sink_does_nothing():
    limited.report(("ocr", 1, 1))
    progress.report("ocr", 1, 1)
    seen = []
    with progress.reporting(lambda *args: seen.append(args)):
        progress.report("ocr", 1, 2)
    progress.report("ocr", 2, 2)
    assert seen == [("ocr", 1, 2)]


def _two_page_scan() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    pages = []
    for number in (1, 2):
        page = Image.new("L", (1654, 2339), 255)
        font = ImageFont.load_default(size=40)
        ImageDraw.Draw(page).text((150, 200), f"Facture FA-001 page {number}/2", fill=0, font=font)
        pages.append(page)
    out = io.BytesIO()
    pages[0].save(out, format="PDF", resolution=200, save_all=True, append_images=pages[1:])
    return out.getvalue()


def test_the_ocr_reports_each_page(tmp_path):
    from guichet.core.settings import load_settings
    from guichet.plugins import ocr_tesseract

    seen = []
    with progress.reporting(lambda *args: seen.append(args)):
        result = ocr_tesseract.extract_words(_two_page_scan(), "pdf", load_settings(tmp_path))
    assert len(result.pages) == 2
    assert seen[0] == ("ocr", 0, 2)
    assert sorted(seen[1:]) == [("ocr", 1, 2), ("ocr", 2, 2)]


def test_the_extract_stage_records_the_pages_while_it_reads(rt, company, monkeypatch):
    from guichet.core.model.models import Document
    from guichet.core.model.progress_models import ReadingProgress
    from guichet.core.pipeline import pipeline
    from guichet.web.company import live

    seen_live = []
    record = progress._record

    def record_and_look(document_id, step, done, total):  # what the web page shows at that moment
        record(document_id, step, done, total)
        seen_live.append(live.state_of(Document.get_by_id(document_id))["progress"])

    monkeypatch.setattr(progress, "_record", record_and_look)
    document, _ = intake.receive(rt, company, _two_page_scan(), "scan.pdf", channel=Channel.UPLOAD)
    pipeline.advance(rt, document.id)  # read: no XML
    assert Document.get_by_id(document.id).state == State.TO_EXTRACT
    pipeline.advance(rt, document.id)  # extract: OCR page by page
    assert seen_live[0] == "lecture (OCR) : page 1/2"
    assert "lecture (OCR) : page 2/2" in seen_live
    assert seen_live[-1] == "lecture (OCR) : 2/2 pages lues, champs en cours"
    assert ReadingProgress.get_or_none(ReadingProgress.document_id == document.id) is None  # gone at the end
    assert Document.get_by_id(document.id).state == State.TO_CODE


def test_the_label_is_french():
    from guichet.web.company.live import reading_label

    assert reading_label("ocr", 1, 5) == "lecture (OCR) : page 2/5"
    assert reading_label("ocr", 1, 1) == "lecture (OCR) : 1/1 page lue, champs en cours"
    assert reading_label("ocr", 0, 0) == "lecture (OCR) en cours"
