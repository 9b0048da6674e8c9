"""Benchmark of the formats: parse and Factur-X generation per corpus invoice (warm, one core).

``run()`` returns rows ``(metric, value, target)`` for ``make bench``. Generation is
measured alone (render + XSD check + embedding); the validation helper measures validation.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

CORPUS = Path(os.environ.get("GUICHET_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus" / "facturx"))


def _stats(samples: list[float]) -> tuple[str, str]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"{statistics.median(ordered):.2f}", f"{p95:.2f}"


def run() -> list[tuple[str, str, str]]:
    """Median and p95 milliseconds per corpus invoice for parse (CII and UBL) and Factur-X generation."""
    from guichet.core.plugins import make_plugin_manager
    from guichet.core.pipeline.reading import read_file
    from guichet.plugins.facturx_render import facturx_pdf
    from guichet.plugins.ubl_writer import write_ubl

    pm = make_plugin_manager()
    sources = []
    for path in sorted(CORPUS.glob("*.pdf")):
        result = read_file(pm, path.read_bytes(), path.name)
        if result.invoice is not None:
            sources.append((result.xml, str(result.xml_format), result.invoice))
    if not sources:
        return [("formats: corpus", "absent", str(CORPUS))]

    def timed(func, *args, **kwargs) -> float:
        start = time.perf_counter()
        func(*args, **kwargs)
        return (time.perf_counter() - start) * 1000

    parse = pm.hook.parse_invoice
    for xml, fmt, _inv in sources:  # warm-up
        parse(data=xml, fmt=fmt)
    parse_ms = [timed(lambda x, f: parse(data=x, fmt=f), xml, fmt) for xml, fmt, _inv in sources]
    ubl = [write_ubl(inv) for _xml, _fmt, inv in sources if inv.lines]
    ubl_ms = [timed(lambda x: parse(data=x, fmt="ubl"), xml) for xml in ubl]
    facturx_pdf(sources[0][2], write_invoice=pm.hook.write_invoice)  # warm-up: fonts, XSD
    gen_ms = [timed(facturx_pdf, inv, write_invoice=pm.hook.write_invoice) for _xml, _fmt, inv in sources]
    rows = []
    for label, samples, target in (("parse CII (corpus)", parse_ms, "-"),
                                   ("parse UBL (corpus, converted)", ubl_ms, "-"),
                                   ("Factur-X generation EN16931", gen_ms, "< 80 with validation")):
        median, p95 = _stats(samples)
        rows.append((f"formats: {label} median ms", median, target))
        rows.append((f"formats: {label} p95 ms", p95, target))
    rows.append(("formats: invoices measured", str(len(sources)), "-"))
    return rows


if __name__ == "__main__":
    for metric, value, target in run():
        print(f"{metric:55} {value:>10}  {target}")
