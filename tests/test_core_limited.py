"""Heavy work in a limited child process (core/ops/limited.py), and what the pipeline makes of it.

The functions run in the child are defined here, at module level: the child
imports them by name.
"""

from __future__ import annotations

import io
import os
import subprocess
import time
from pathlib import Path

import pytest

from guichet.core.errors import LimitExceeded, StopPipeline, UnreadableInput
from guichet.core.model.models import Document
from guichet.core.model.states import Channel, State
from guichet.core.ops.limited import Limits, run_limited
from guichet.core.pipeline import intake, pipeline

SMALL = Limits(seconds=3, memory_mb=400)


def double(value: int) -> int:
    """Run in the child."""
    return value * 2


def refuse(state: str) -> None:
    """Run in the child: a stage's decision travels back intact."""
    raise StopPipeline(state, "refusé dans l'enfant")


def unreadable() -> None:
    """Run in the child."""
    raise UnreadableInput("fichier illisible")


def allocate(megabytes: int) -> int:
    """Run in the child: take ``megabytes`` of memory."""
    return len(bytearray(megabytes * 1024 * 1024))


def hog_memory() -> int:
    """Run in the child: ask for 2 GB."""
    return len(bytearray(2048 * 1024 * 1024))


def sleep_with_a_grandchild(pid_file: str) -> None:
    """Run in the child: start a program (as ocrmypdf starts tesseract), then hang."""
    grandchild = subprocess.Popen(["sleep", "60"])
    Path(pid_file).write_text(str(grandchild.pid))
    time.sleep(60)


def die() -> None:
    """Run in the child: a crash in a C library, as the kernel's OOM killer would end it."""
    os.kill(os.getpid(), 9)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


def test_the_result_and_the_function_s_own_errors_come_back():
    assert run_limited(double, 21, what="essai", limits=SMALL) == 42
    with pytest.raises(StopPipeline) as stopped:
        run_limited(refuse, "rejected", what="essai", limits=SMALL)
    assert (stopped.value.state, stopped.value.reason) == ("rejected", "refusé dans l'enfant")
    with pytest.raises(UnreadableInput, match="fichier illisible"):
        run_limited(unreadable, what="essai", limits=SMALL)


def test_over_memory_the_child_stops_and_the_caller_goes_on():
    with pytest.raises(LimitExceeded) as exceeded:
        run_limited(hog_memory, what="lecture (OCR)", limits=SMALL)
    assert exceeded.value.limit == "memory"
    assert str(exceeded.value) == "lecture (OCR) : mémoire maximale dépassée (400 Mo), traitement arrêté"
    assert run_limited(double, 2, what="essai", limits=SMALL) == 4


def test_a_child_forked_from_a_big_process_keeps_its_whole_budget():
    # A one-shot command (or a long test process) forks its children directly: they inherit its mappings. Here
    # 1.5 GB of address space reserved and never touched, as a big process's libraries and thread arenas are; the
    # cap counted from zero (400 MB) left the child nothing, not even a library to load.
    import mmap

    from guichet.core.ops import limited

    reserved = mmap.mmap(-1, 1536 * 1024 * 1024)
    limited.one_shot(True)
    try:
        assert run_limited(allocate, 100, what="essai", limits=SMALL) == 100 * 1024 * 1024
        with pytest.raises(LimitExceeded) as exceeded:
            run_limited(hog_memory, what="essai", limits=SMALL)
        assert exceeded.value.limit == "memory"
    finally:
        limited.one_shot(False)
        reserved.close()


def test_over_time_the_child_and_the_programs_it_started_are_killed(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as exceeded:
        run_limited(sleep_with_a_grandchild, str(pid_file), what="rendu", limits=Limits(seconds=1.5))
    assert exceeded.value.limit == "time"
    assert "rendu : durée maximale dépassée (1.5 s)" in str(exceeded.value)
    assert time.monotonic() - started < 10  # not the child's 60 s
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(grandchild)


def test_a_crashed_child_is_a_limit_not_a_dead_worker():
    with pytest.raises(LimitExceeded) as exceeded:
        run_limited(die, what="lecture (OCR)", limits=SMALL)
    assert exceeded.value.limit == "crash" and "code -9" in str(exceeded.value)


# ---------------------------------------------------------------------------
# In the pipeline
# ---------------------------------------------------------------------------


@pytest.fixture
def scan_png(corpus) -> bytes:
    """Page 1 of a corpus invoice as an image-only PNG (read by OCR)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument((corpus / "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf").read_bytes())
    try:
        image = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_an_ocr_over_its_time_limit_waits_for_coding_with_the_reason(rt, company, scan_png):
    # GIVEN a limit of 0.05 s per batch of pages: Tesseract cannot even load its model in that time
    rt.settings.values["limits"]["seconds"] = 0.05
    document, _ = intake.receive(rt, company, scan_png, "scan.png", channel=Channel.UPLOAD)
    # WHEN the pipeline runs (in this process, as the worker does)
    final = pipeline.run_to_rest(rt, document.id)
    # THEN the document waits for an operator, with the reason, and the process is alive to go on
    assert final.state == State.TO_CODE
    assert final.reason == "lecture (OCR) à partir de la page 1 : durée maximale dépassée (0.05 s), traitement arrêté"
    rt.settings.values["limits"]["seconds"] = 120
    again, _ = intake.receive(rt, company, scan_png + b"\0", "scan-2.png", channel=Channel.UPLOAD)
    assert pipeline.run_to_rest(rt, again.id).state == State.TO_CODE
    assert Document.get_by_id(again.id).reason is None  # read this time
