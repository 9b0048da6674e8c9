"""The whole path of reading a scan, in CPU seconds of every process involved (``make bench BENCH=ocr_path``).

CPU time, not wall clock: the machine may be loaded by other work, which stretches the wall
clock but not the CPU a reading costs. Two measures, on generated held-out scans at 200 dpi
(``tests/invoice_generator.py``: layouts and seeds the rules were never tuned on):

- ``guichet extract FILE --json`` run as a new process per file, from interpreter start to
  result: the CPU of the whole process tree (the command, its OCR children), per page;
- the pipeline's extract stage in a warm worker (instance on SQLite, forkserver already
  started by a first document): read + OCR + field rules + the searchable PDF/A copy, per
  page, for one-page and two-page scans; the forkserver's own time and its children's
  (each OCR child) are read from ``/proc``, as they are not this process's children;
- the words OCR reads against the generated PDF's text layer (independent of the field rules),
  and the CPU of the OCR alone per page. To compare OCR settings, on the tuning part::

      python tests/bench_ocr_path.py --words --part tuning --count 24
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import invoice_generator as gen
from bench_readings import p95, process_times

#: (scans for the process measure, one-page documents, two-page documents in the pipeline). The sample
#: keeps this bench to a few minutes on a loaded machine; ``GUICHET_BENCH_FULL=1`` measures more.
COUNTS = {"sample": (6, 3, 2), "full": (20, 8, 4)}
#: Seeds looked at for documents of a page count: the held-out part has no invoice of three pages or
#: more and about one of two pages in seven (each look renders a PDF: ~0.7 s).
SEARCH = 120


def scans(pages: int, count: int, part: str = "heldout") -> list[bytes]:
    """``count`` 200-dpi scans of ``pages`` pages from ``part`` (the first seeds that have that many)."""
    out = []
    for seed in range(SEARCH):
        invoice = gen.make_invoice(seed, part)
        pdf = invoice.pdf()  # the page count is known once rendered
        if invoice.truth.pages != pages:
            continue
        out.append(gen.degrade(pdf, "scan200", seed)[0])
        if len(out) == count:
            return out
    msg = f"{part}: {len(out)} invoice(s) of {pages} page(s) among the first {SEARCH} seeds, {count} wanted"
    raise RuntimeError(msg)


#: Punctuation a word may carry at its ends in one reading and not in the other (a colon after a label).
_EDGES = ".,:;()[]«»\"'…"


def word_counts(words: list[str]) -> Counter[str]:
    """The words of a page as a multiset, without the punctuation at their ends."""
    return Counter(w for w in (word.strip(_EDGES) for word in words) if w)


def word_rows(part: str = "heldout", count: int = 6, kind: str = "scan200") -> dict[str, float]:
    """What OCR reads of ``count`` scans of ``part``, word by word, against their PDF's text layer.

    Independent of the field rules: ``found`` is the share of the text layer's words read exactly
    (``digits``: those holding a digit: amounts, dates, numbers), ``right`` the share of the words
    read that are on the page. Plus the CPU seconds per page of the OCR alone (clean-up, reading,
    second pass), in this process, the model loaded beforehand.
    """
    from guichet.plugins import ocr_tesseract
    from guichet.plugins.pdf_text import read_pdf_words

    ocr_tesseract.warm()
    total: Counter[str] = Counter()
    cpu = []
    for seed in range(count):
        pdf = gen.make_invoice(seed, part).pdf()
        truth_pages = read_pdf_words(pdf)
        data = gen.degrade(pdf, kind, seed)[0]
        started = time.process_time()
        pages = ocr_tesseract.ocr(data, "pdf")
        cpu.append((time.process_time() - started) / len(pages))
        for truth_page, page in zip(truth_pages, pages, strict=False):
            truth = word_counts([w.text for w in truth_page.words])
            got = word_counts([w.text for w in page.words])
            hit = truth & got
            total["truth"] += truth.total()
            total["got"] += got.total()
            total["hit"] += hit.total()
            total["digits"] += sum(n for w, n in truth.items() if any(c.isdigit() for c in w))
            total["digits_hit"] += sum(n for w, n in hit.items() if any(c.isdigit() for c in w))
    return {"found": total["hit"] / max(1, total["truth"]), "digits": total["digits_hit"] / max(1, total["digits"]),
            "right": total["hit"] / max(1, total["got"]), "cpu": statistics.median(cpu), "count": count}


def word_table(measure: dict[str, float], part: str) -> list[tuple[str, str, str]]:
    return [(f"mots lus par l'OCR, {part} ({measure['count']} scans 200 dpi) : trouvés / dont à chiffres / "
             "justes parmi les lus", f"{measure['found']:.1%} / {measure['digits']:.1%} / {measure['right']:.1%}", ""),
            (f"OCR seule (nettoyage, lecture, relecture), {part} : s CPU par page (médiane)",
             f"{measure['cpu']:.2f}", "")]


def _forkserver_cpu() -> float:
    """CPU seconds of the forkserver and of the children it reaped (0 when none runs)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks  # utime stime cutime cstime


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system + _forkserver_cpu()


def pipeline_times(files: dict[int, list[bytes]]) -> dict[int, list[tuple[float, float]]]:
    """Per page count: (CPU s per page of the extract stage, of which the searchable copy) per document."""
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm
    from guichet.core.model.states import Channel
    from guichet.core.ops import runtime
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.settings import load_settings
    from guichet.plugins import ocr_tesseract

    copy_cpu = [0.0]
    original = ocr_tesseract.run_limited

    def timed(func, *args, **kwargs):  # the searchable copy's share of the stage
        if func is not ocr_tesseract.make_searchable_pdf:
            return original(func, *args, **kwargs)
        started = _cpu()
        try:
            return original(func, *args, **kwargs)
        finally:
            copy_cpu[0] += _cpu() - started

    ocr_tesseract.run_limited = timed
    out: dict[int, list[tuple[float, float]]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="guichet-bench-") as tmp:
            rt = runtime.start(load_settings(tmp, queue={"backend": "memory"}))
            with rt.database.connection_context():
                firm = Firm.create(name="Bench")
                company = accounts.create_company(firm, "Bench SAS", "552081317")
                warm = scans(1, 1, "tuning")[0]  # starts the forkserver, as a running worker has
                for number, (pages, datas) in enumerate([(0, [warm]), *files.items()]):
                    for index, data in enumerate(datas):
                        document, _ = intake.receive(rt, company, data, f"scan-{number}-{index}.pdf",
                                                     channel=Channel.UPLOAD)
                        pipeline.advance(rt, document.id)  # read: no XML
                        copy_cpu[0] = 0.0
                        started = _cpu()
                        pipeline.advance(rt, document.id)  # extract
                        if pages:
                            out.setdefault(pages, []).append(((_cpu() - started) / pages, copy_cpu[0] / pages))
    finally:
        ocr_tesseract.run_limited = original
    return out


def run() -> list[tuple[str, str, str]]:
    """``make bench``: the rows."""
    full = os.environ.get("GUICHET_BENCH_FULL") == "1"
    count, one_page, two_pages = COUNTS["full" if full else "sample"]
    rows = []
    started = time.perf_counter()
    one = process_times("scan200", count)
    cpu = [r["cpu"] for r in one]
    wall = [r["wall"] for r in one]
    rows.append((f"`guichet extract` scan 200 dpi en processus ({len(one)}) : s CPU par page, tout l'arbre "
                 "(médiane / p95)", f"{statistics.median(cpu):.2f} / {p95(cpu):.2f}", "≤ 2 s"))
    rows.append(("`guichet extract` scan 200 dpi : s par page, horloge (machine chargée) (médiane / p95)",
                 f"{statistics.median(wall):.2f} / {p95(wall):.2f}", ""))
    measured = pipeline_times({1: scans(1, one_page), 2: scans(2, two_pages)})
    for pages, values in sorted(measured.items()):
        stage = [v[0] for v in values]
        copy = [v[1] for v in values]
        rows.append((f"circuit, étape extract, scan {pages} page{'s' if pages > 1 else ''} ({len(values)}) : "
                     "s CPU par page, copie PDF/A comprise (médiane / p95)",
                     f"{statistics.median(stage):.2f} / {p95(stage):.2f}", "≤ 2 s"))
        rows.append((f"circuit, scan {pages} page{'s' if pages > 1 else ''} : dont copie PDF/A interrogeable, "
                     "s CPU par page (médiane)", f"{statistics.median(copy):.2f}", ""))
    rows.extend(word_table(word_rows("heldout", count), "held-out"))
    rows.append(("durée de cette mesure (s)", f"{time.perf_counter() - started:.0f}", ""))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", action="store_true", help="only the words OCR reads, against the text layer")
    parser.add_argument("--part", choices=gen.PARTS, default="tuning")
    parser.add_argument("--count", type=int, default=24)
    args = parser.parse_args()
    for metric, value, target in (word_table(word_rows(args.part, args.count), args.part) if args.words else run()):
        print(f"{metric:90} {value:>14} {target}")
