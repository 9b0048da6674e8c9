"""Limits of heavy work (``make bench``): image bombs, and one company's big scan against the others.

- Peak memory of the worker on the report's image bomb (a 194 KB PNG of 13000 × 13000
  pixels), measured in a fresh process that runs the pipeline as the worker does; and
  the peak of the limited child process that reads (OCR) a large but legitimate PNG.
- How long another company's small documents take behind a 100-page scan of 14 MB
  (queued twice, as the periodic resume once did), against the same documents alone,
  with one real ``guichet worker`` of two threads.

Run alone with ``python tests/bench.py limits``.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from support import CORPUS, OTHER_SIREN

HERE = Path(__file__).resolve().parent
SCAN_PAGES = 100
SMALL_DOCUMENTS = 6

_MEASURE_BOMB = """
import json, resource, sys
sys.path.insert(0, {tests!r})
from intake_samples import bomb_png
from guichet.core.access import accounts
from guichet.core.model.models import Firm
from guichet.core.ops import runtime
from guichet.core.pipeline import intake, pipeline
from guichet.core.settings import load_settings

rt = runtime.start(load_settings({data_dir!r}, queue={{"backend": "memory"}}))
with rt.database.connection_context():
    company = accounts.create_company(Firm.create(name="Bench"), "Bench SAS", "552081317")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    document, _ = intake.receive(rt, company, bomb_png(13000, 13000), "bombe.png", channel="upload")
    final = pipeline.run_to_rest(rt, document.id)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"before": before, "peak": peak, "state": final.state, "reason": final.reason}}))
"""


def _bomb_row() -> tuple[str, str, str]:
    """Peak RSS of a process running the pipeline (all plugins loaded) over the 13000 × 13000 PNG."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        code = _MEASURE_BOMB.format(tests=str(HERE), data_dir=str(Path(tmp) / "instance"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
        env["GUICHET_CONFIG"] = str(Path(tmp) / "none.toml")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    peak = result["peak"] / 1024
    outcome = "rejeté, motif donné" if result["state"] == "rejected" and result["reason"] else result["state"]
    return (f"pic mémoire du worker, PNG 13000×13000 de 194 Ko ({outcome})", f"{peak:.0f} Mo", "< 400 Mo")


def read_and_measure(data: bytes) -> tuple[int, float]:
    """Run in the limited child: OCR of ``data`` (an image); (words read, peak RSS in MB)."""
    from guichet.plugins.ocr_tesseract import read_pages

    pages, _total, _engine = read_pages(data, "image", 0, 1, "fra+eng", 100_000_000)
    return sum(len(p.words) for p in pages), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _large_image_row() -> tuple[str, str, str]:
    """Peak RSS of the OCR child on a legitimate 8000 × 6000 PNG (48 Mpx, reduced to OCR size first)."""
    from intake_samples import bomb_png

    from guichet.core.ops.limited import Limits, run_limited

    _words, peak = run_limited(read_and_measure, bomb_png(8000, 6000, mode="RGB"), what="mesure", limits=Limits())
    return ("pic mémoire du processus d'OCR, PNG 8000×6000 RVB (48 Mpx)", f"{peak:.0f} Mo", "< 1024 Mo ([limits])")


# ---------------------------------------------------------------------------
# Another company's documents behind a 100-page scan
# ---------------------------------------------------------------------------


def scan_pdf(pages: int = SCAN_PAGES) -> bytes:
    """A scanned PDF of ``pages`` image-only pages (corpus pages rasterised at 200 dpi, JPEG), about 14 MB."""
    import pypdfium2 as pdfium

    sources = sorted(CORPUS.glob("*.pdf"))[:10]
    images = []
    for path in sources:
        pdf = pdfium.PdfDocument(path.read_bytes())
        try:
            images.append(pdf[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L"))
        finally:
            pdf.close()
    out = io.BytesIO()
    pages_list = [images[i % len(images)] for i in range(pages)]
    pages_list[0].save(out, "PDF", save_all=True, append_images=pages_list[1:], resolution=200.0, quality=60)
    return out.getvalue()


def _small_documents() -> list[Path]:
    return sorted(CORPUS.glob("EN16931_*.pdf"))[:SMALL_DOCUMENTS]


def _others_seconds(tmp: Path, *, with_scan: bytes | None) -> float:
    """Seconds from the worker's start until every small document of company B has passed its automatic stages."""
    from test_core_tasks import _start_worker, _stop

    from guichet.core.access import accounts
    from guichet.core.model.models import Firm
    from guichet.core.model.states import Channel
    from guichet.core.ops import runtime, tasks
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.settings import load_settings

    settings = load_settings(tmp / ("scan" if with_scan else "alone"), queue={"backend": "sqlite", "name": "bench"})
    rt = runtime.start(settings)
    with rt.database.connection_context():
        firm = Firm.create(name="Bench")
        if with_scan is not None:
            company_a = accounts.create_company(firm, "Société A", "552081317")
            scan, _ = intake.receive(rt, company_a, with_scan, "scan-100-pages.pdf", channel=Channel.SCANNER)
            tasks.submit(scan.id, scan.state)
            tasks.submit(scan.id, scan.state)  # queued again, as the periodic resume did
        company_b = accounts.create_company(firm, "Société B", OTHER_SIREN)
        small = []
        for path in _small_documents():
            document, _ = intake.receive(rt, company_b, path.read_bytes(), path.name, channel=Channel.UPLOAD)
            tasks.submit(document.id, document.state)
            small.append(document.id)
    rt.database.close()
    worker = _start_worker(settings, tmp / "worker.log", threads=2)
    started = time.perf_counter()
    try:
        while True:
            with rt.database.connection_context():
                if not set(small) & set(pipeline.pending_documents()):
                    return time.perf_counter() - started
            if time.perf_counter() - started > 900:
                return float("inf")
            time.sleep(0.2)
    finally:
        _stop(worker)


def _fairness_rows() -> list[tuple[str, str, str]]:
    scan = scan_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        alone = _others_seconds(Path(tmp), with_scan=None)
        behind = _others_seconds(Path(tmp), with_scan=scan)
    label = f"{SMALL_DOCUMENTS} documents du dossier B, 1 worker × 2 fils"
    return [
        (f"{label}, seuls", f"{alone:.1f} s", ""),
        (f"{label}, derrière un scan de {SCAN_PAGES} pages ({len(scan) / 1e6:.0f} Mo) du dossier A",
         f"{behind:.1f} s (+{behind - alone:.1f} s)", "comme seuls"),
    ]


def run() -> list[tuple[str, str, str]]:
    """The rows of this bench."""
    return [_bomb_row(), _large_image_row(), *_fairness_rows()]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
