"""Periodic tasks run once per period, whatever the number of workers."""

from __future__ import annotations

import multiprocessing

from huey import SqliteHuey

from guichet.core.ops.scheduling import claim_slot, once_per_period, slot_key


def _claim(path: str, now: float) -> bool:
    return claim_slot(SqliteHuey("sched", filename=path), "job", 300, now=now)


def test_first_claim_wins_across_processes(tmp_path):
    path = str(tmp_path / "q.db")
    SqliteHuey("sched", filename=path)  # create the tables once
    now = 1_800_000_000.0
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        wins = pool.starmap(_claim, [(path, now)] * 8)
    assert wins.count(True) == 1
    assert _claim(path, now + 300)  # the next period is free again


def test_old_slots_are_removed(tmp_path):
    huey = SqliteHuey("sched", filename=str(tmp_path / "q.db"))
    start = 1_800_000_000.0
    for period in range(10):
        assert claim_slot(huey, "job", 300, now=start + period * 300)
    slot = int((start + 9 * 300) // 300)
    assert huey.storage.has_data_for_key(slot_key("job", slot))
    assert not huey.storage.has_data_for_key(slot_key("job", slot - 6))


def test_decorated_function_runs_once_per_period(tmp_path):
    huey = SqliteHuey("sched", filename=str(tmp_path / "q.db"))
    calls = []

    @once_per_period(huey, "count", 3600)
    def job() -> int:
        calls.append(1)
        return len(calls)

    assert [job(), job(), job()] == [1, None, None]
