"""Benchmarks of the controls and of the local Sirene table (``make bench``).

Rows: (metric, value, target).

- controls per invoice: median over the business controls (legal, arithmetic,
  identity, fraud with a 300-invoice history, Sirene on the local table), no network;
- Sirene import: rows per second for StockUniteLegale files generated in the real
  INSEE layout, then the median latency of a look-up by SIREN in that table.

The table size is ``GUICHET_BENCH_SIRENE_ROWS`` (default 200 000 legal units, a
few seconds). ``GUICHET_BENCH_FULL=1`` uses 30 000 000 rows, the size of the real
file: about 4.5 GB of CSV written to the temporary folder and some minutes of import.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

FULL_ROWS = 30_000_000
DEFAULT_ROWS = 200_000
CONTROL_PLUGINS = [
    "guichet.plugins.controls_legal", "guichet.plugins.controls_arithmetic",
    "guichet.plugins.controls_identity", "guichet.plugins.controls_fraud",
    "guichet.connectors.sirene", "guichet.connectors.vies",
]


def sirene_rows() -> int:
    """Number of generated legal units for the import benchmark."""
    if os.environ.get("GUICHET_BENCH_FULL") == "1":
        return FULL_ROWS
    return int(os.environ.get("GUICHET_BENCH_SIRENE_ROWS", DEFAULT_ROWS))


def write_units(path: Path, rows: int) -> None:
    """A StockUniteLegale file of ``rows`` units (fast: one template row, four fields set)."""
    from controls_samples import UNIT_HEADER, unit_record

    template = unit_record("000000000", "X")
    i_siren = UNIT_HEADER.index("siren")
    i_state = UNIT_HEADER.index("etatAdministratifUniteLegale")
    i_name = UNIT_HEADER.index("denominationUniteLegale")
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(UNIT_HEADER)
        chunk = []
        for n in range(rows):
            row = template.copy()
            row[i_siren] = f"{100000000 + n:09d}"
            row[i_state] = "C" if n % 5 == 0 else "A"
            row[i_name] = f"ENTREPRISE {n}"
            chunk.append(row)
            if len(chunk) == 10000:
                writer.writerows(chunk)
                chunk.clear()
        writer.writerows(chunk)


def _controls(rt, company) -> float:
    """Median milliseconds of the business controls on one invoice."""
    import datetime as dt

    from controls_samples import french_invoice
    from guichet.core.model.models import Document
    from guichet.core.plugins import make_plugin_manager
    from guichet.core.storage.records import store_invoice

    pm = make_plugin_manager(load_entrypoints=False, extra=CONTROL_PLUGINS)
    for n in range(300):  # history of the supplier (fraud controls query it)
        document = Document.create(company=company, sha256=f"{n:064d}", blob_key=f"k{n}", filename="f",
                                   size=1, channel="upload", state="checked")
        store_invoice(document, french_invoice(number=f"H-{n}", issue=dt.date(2026, 1, 1) + dt.timedelta(days=n % 250)),
                      source="xml")
    invoice = french_invoice()
    timings = []
    for _ in range(200):
        start = time.perf_counter()
        pm.hook.check_invoice(invoice=invoice, company=company, xml=None, settings=rt.settings)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run() -> list[tuple[str, str, str]]:
    """Run the benchmarks; return (metric, value, target) rows."""
    from guichet.connectors.sirene import import_stock, lookup
    from guichet.core.access import accounts
    from guichet.core.ops import runtime
    from guichet.core.model.models import Firm
    from guichet.core.settings import load_settings

    rows_out: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="guichet-bench-controls-") as tmp:
        folder = Path(tmp)
        rt = runtime.start(load_settings(folder / "instance", queue={"backend": "memory"}))
        with rt.database.connection_context():
            rows = sirene_rows()
            units = folder / "StockUniteLegale_utf8.csv"
            write_units(units, rows)
            result = import_stock(units, batch_size=50000)
            rows_out.append((f"Sirene import ({rows:,} unités légales)", f"{result.rows / result.seconds:,.0f} lignes/s",
                             ">= 50 000 lignes/s"))
            units.unlink()
            rng = random.Random(4)
            settings = load_settings(folder / "instance")
            timings = []
            for _ in range(2000):
                siren = f"{100000000 + rng.randrange(rows):09d}"
                start = time.perf_counter()
                lookup(siren, settings=settings)
                timings.append((time.perf_counter() - start) * 1000)
            rows_out.append((f"Sirene look-up par SIREN ({rows:,} lignes)", f"{statistics.median(timings):.3f} ms",
                             "< 5 ms"))
            company = accounts.create_company(Firm.create(name="Bench"), "Société A", "552081317")
            rows_out.append(("contrôles par facture (médiane, sans réseau)", f"{_controls(rt, company):.2f} ms",
                             "< 50 ms"))
        rt.database.close()
    return rows_out


if __name__ == "__main__":
    for metric, value, target in run():
        print(f"{metric:50} {value:>22}   {target}")
