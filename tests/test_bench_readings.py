"""The readings bench's aggregate rows (tests/bench_readings.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_readings


def _row(number, date, total):
    truth = {"invoice_number": "F-1", "issue_date": "2024-03-05", "total_with_tax": "12.00"}
    return {"got": {"invoice_number": number, "issue_date": date, "total_with_tax": total}, "truth": truth}


def test_misses_are_split_into_wrong_values_and_no_value():
    rows = [_row("F-1", "2024-03-05", "12.00"), _row("C-9", None, "12.00"), _row(None, "2024-03-06", None),
            _row("", "2024-03-05", "13.00")]
    assert bench_readings.wrong_or_absent(rows) == "1/2 · 1/1 · 1/1"
