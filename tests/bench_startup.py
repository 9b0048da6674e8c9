"""Start-up of the command line, as whole processes: ``guichet --help``, ``extract``, ``validate``.

Each command runs as a new process, once to warm up (which also writes the bytecode cache,
as an installed package has it), then ``RUNS`` times; the table gives the median wall time
and the median processor time (user + system, children included: ``validate`` runs Saxon in
a child process). The text PDF is the first page of a corpus Factur-X, without its XML, so
``extract`` goes through the text layer.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from support import CORPUS

RUNS = 5
SAMPLE = "Facture_DOM_EN16931.pdf"


def _text_pdf(folder: Path) -> Path:
    """The sample's first page without its embedded XML: a one-page PDF with a text layer."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(CORPUS / SAMPLE).pages[0])
    path = folder / "text-layer.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, processor) seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False, timeout=120)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # validate exits 1 on a fatal finding
        raise RuntimeError(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run() -> list[tuple[str, str, str]]:
    """Median wall and processor seconds of each command over RUNS runs."""
    if not (CORPUS / SAMPLE).is_file():
        return [("start-up: corpus", "absent", str(CORPUS))]
    guichet = str(Path(sys.executable).with_name("guichet"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env["GUICHET_DATA_DIR"] = tmp
        commands = (
            ("guichet --help", [guichet, "--help"], "< 0.3 s"),
            ("guichet extract (one-page text PDF) --json", [guichet, "extract", str(_text_pdf(Path(tmp))), "--json"],
             "< 0.5 s"),
            ("guichet validate (Factur-X EN16931) --json", [guichet, "validate", str(CORPUS / SAMPLE), "--json"], "-"),
        )
        for label, command, target in commands:
            _timed(command, env)  # warm-up: bytecode cache, file system cache
            samples = [_timed(command, env) for _ in range(RUNS)]
            wall = statistics.median(s[0] for s in samples)
            cpu = statistics.median(s[1] for s in samples)
            rows.append((f"start-up: {label}, wall (median of {RUNS})", f"{wall:.2f} s", target))
            rows.append((f"start-up: {label}, processor", f"{cpu:.2f} s", "-"))
    return rows
