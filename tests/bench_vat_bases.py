"""The split of the HT among VAT amounts printed per rate (``core.parsing.vat_bases``), on long invoices.

The review of 2026-12-05 (issue 13, finding 4) timed 7.4 s and 14.3 s for ONE page of 30 lines with
three rates printed with their VAT only: every base of every split rebuilt the sums of the lines.
Target: under 50 ms per page (the sums are built once per split)::

    python tests/bench_vat_bases.py
"""

from __future__ import annotations

import random
import statistics
import time
from decimal import Decimal as D

from guichet.core.parsing.vat_bases import split_bases

TARGET_MS = 50
CASES = ({D("2.1"): D("10.50"), D("5.5"): D("27.50"), D("10"): D("50.00")},
         {D("5.5"): D("27.50"), D("10"): D("50.00"), D("20"): D("100.00")})


def run(count: int = 20) -> list[tuple[str, str, str]]:
    times = []
    for seed in range(count):
        rng = random.Random(seed)
        lines = [D(rng.randint(100, 50000)) / 100 for _ in range(30)]
        for taxes in CASES:
            started = time.perf_counter()
            split_bases(taxes, D("1500.00"), lines)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return [("ventilation par taux sans base, 30 lignes, 3 taux : ms (médiane / max)",
             f"{statistics.median(times):.1f} / {times[-1]:.1f}", f"≤ {TARGET_MS} ms")]


if __name__ == "__main__":
    for metric, value, target in run():
        print(f"{metric:70} {value:>12} {target}")
