"""``make bench``: run every ``tests/bench_<area>.py`` module and print one table.

Each module exposes ``run() -> list[tuple[str, str, str]]``: rows of (metric, value, target).
Speed and memory targets are measured here, never in timed tests.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    """Run the benchmark modules named in ``argv`` (default: all) and print the table."""
    sys.path.insert(0, str(HERE))
    wanted = set(argv)
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    rows: list[tuple[str, str, str, str]] = []
    failed = 0
    for name in modules:
        area = name.removeprefix("bench_")
        if wanted and area not in wanted:
            continue
        started = time.perf_counter()
        print(f"… {area}", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(name)
            for metric, value, target in module.run():
                rows.append((area, metric, value, target))
        except Exception:  # noqa: BLE001 - one broken bench must not hide the others
            failed += 1
            traceback.print_exc()
            rows.append((area, "ERREUR", "voir la trace ci-dessus", ""))
        print(f"  {area}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    headers = ("domaine", "mesure", "valeur", "cible")
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "+".join("-" * (w + 2) for w in widths)
    print(line)
    print("|".join(f" {h:<{w}} " for h, w in zip(headers, widths, strict=True)))
    print(line)
    for row in rows:
        print("|".join(f" {c:<{w}} " for c, w in zip(row, widths, strict=True)))
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
