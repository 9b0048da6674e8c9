"""Core throughput: intake + read + check per document on the corpus (SQLite, in-process)."""

from __future__ import annotations

import statistics
import tempfile
import time

from support import CORPUS


def run() -> list[tuple[str, str, str]]:
    """Median and p95 of intake + pipeline per corpus document, and documents per second."""
    from guichet.core.access import accounts
    from guichet.core.ops import runtime
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.model.models import Firm
    from guichet.core.settings import load_settings
    from guichet.core.model.states import Channel

    files = sorted(CORPUS.glob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        rt = runtime.start(load_settings(tmp, queue={"backend": "memory"}))
        with rt.database.connection_context():
            firm = Firm.create(name="Bench")
            company = accounts.create_company(firm, "Bench SAS", "552081317")
            timings = []
            for path in files:
                data = path.read_bytes()
                started = time.perf_counter()
                document, _ = intake.receive(rt, company, data, path.name, channel=Channel.CLI)
                pipeline.run_to_rest(rt, document.id)
                timings.append((time.perf_counter() - started) * 1000)
        rt.database.close()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    total_s = sum(timings) / 1000
    return [
        ("pipeline par document (médiane)", f"{statistics.median(timings):.1f} ms", ""),
        ("pipeline par document (p95)", f"{p95:.1f} ms", ""),
        ("documents par seconde (1 fil)", f"{len(timings) / total_s:.1f}", ""),
    ]
