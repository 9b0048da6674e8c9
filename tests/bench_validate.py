"""Validation speed on the corpus, warm: model rules (target < 2 ms) and full validation (< 30 ms)."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

CORPUS = Path(os.environ.get("GUICHET_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus" / "facturx"))


def _stats(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return f"médiane {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms"


def run() -> list[tuple[str, str, str]]:
    """Rows (metric, value, target)."""
    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.validate_en16931 import rules, rules_fr, run_layers
    from guichet.plugins.validate_en16931 import engine as official

    pm = make_plugin_manager()
    items = []
    for path in sorted(CORPUS.glob("*.pdf")):
        data = path.read_bytes()
        embedded = pm.hook.extract_xml(data=data, filename=path.name, fmt="facturx")
        if embedded is None:
            continue
        try:
            invoice = pm.hook.parse_invoice(data=embedded.data, fmt="cii")
        except Exception:  # noqa: BLE001 - unreadable samples are not benchmarked
            continue
        if invoice is not None and invoice.syntax == "cii":
            items.append((embedded.data, invoice))
    model, full = [], []
    for _ in range(3):
        for _xml, invoice in items:
            start = time.perf_counter()
            rules.check(invoice)
            if rules_fr.is_french(invoice):
                rules_fr.check(invoice)
            model.append((time.perf_counter() - start) * 1000)
    try:
        start = time.perf_counter()
        run_layers(*items[0][:2], "cii")  # cold: child start + EN 16931 stylesheet compilation
        cold = (time.perf_counter() - start) * 1000
        for xml, invoice in items:  # warm-up: compile every stylesheet once (process-wide engines)
            run_layers(xml, invoice, "cii")
        for xml, invoice in items:
            start = time.perf_counter()
            run_layers(xml, invoice, "cii")
            full.append((time.perf_counter() - start) * 1000)
    finally:
        official.engine().stop()
    return [
        (f"règles sur le modèle ({len(items)} factures CII)", _stats(model), "< 2 ms"),
        ("validation complète XSD + schematron officiel + modèle", _stats(full), "< 30 ms"),
        ("première validation (démarrage du processus Saxon + compilation)", f"{cold:.0f} ms", "une fois par worker"),
    ]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
