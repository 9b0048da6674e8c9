"""The queue with real ``guichet worker`` processes: crash and resume, scale-out, periodic tasks.

GIVEN an instance and documents waiting, WHEN workers run (one killed mid-stage,
or two at once on PostgreSQL + Redis), THEN every document is processed exactly
once: one Invoice per document, one state event per transition.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from guichet.core.access import accounts
from guichet.core.ops import runtime, scheduling, tasks
from guichet.core.pipeline import intake, leases, pipeline
from guichet.core.model.models import Document, Event, Firm, Invoice
from guichet.core.settings import load_settings
from guichet.core.model.states import Channel, State

TESTS = Path(__file__).resolve().parent
REDIS_URL = os.environ.get("GUICHET_TEST_REDIS", "redis://127.0.0.1:6379/0")
SIREN = "552081317"


def _env(settings, **extra: str) -> dict[str, str]:
    """Environment of a worker subprocess for the instance of ``settings``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUICHET_")}
    env.update(
        GUICHET_DATA_DIR=str(settings.data_dir),
        GUICHET_DATABASE_URL=settings.get("database.url") or "",
        GUICHET_QUEUE_BACKEND=settings.get("queue.backend"),
        GUICHET_QUEUE_NAME=settings.get("queue.name"),
        GUICHET_QUEUE_REDIS_URL=settings.get("queue.redis_url"),
        GUICHET_CONFIG=str(settings.data_dir / "no-system-config.toml"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])),
    )
    env.update(extra)
    return env


def _start_worker(settings, log: Path, *, threads: int = 2, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "guichet.core", "worker", "--workers", str(threads)],
        env=_env(settings, **extra),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # huey's consumer stops gracefully on SIGINT
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def _company():
    firm = Firm.create(name="Cabinet Test")
    return accounts.create_company(firm, "Société A", SIREN, vat_id="FR03552081317")


def _state_transitions(document_id: int) -> list[str]:
    events = Event.select().where((Event.document_id == document_id) & (Event.kind == "document.state"))
    return [event.data["to"] for event in events.order_by(Event.id)]


# ---------------------------------------------------------------------------
# Crash in the middle of a stage (issue 2, invariant 3)
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_worker_killed_mid_stage_resumes_exactly_once(tmp_path, corpus):
    settings = load_settings(tmp_path / "instance", queue={"backend": "sqlite", "name": "crash"})
    rt = runtime.start(settings)
    with rt.database.connection_context():
        company = _company()
        data = (corpus / "EN16931_Einfach.pdf").read_bytes()
        document, _ = intake.receive(rt, company, data, "EN16931_Einfach.pdf", channel=Channel.UPLOAD)
        tasks.submit(document.id, document.state)
    rt.database.close()
    marker = tmp_path / "in-stage.marker"
    log = tmp_path / "worker.log"

    # GIVEN a worker that stalls inside the read stage (a plugin sleeping in parse_invoice),
    # holding the document's lease (short here, so that the test does not wait 30 s for it to expire)
    slow = _start_worker(settings, log, threads=1, GUICHET_PLUGINS_EXTRA="tests_helpers.slow_plugin",
                         GUICHET_TEST_MARKER=str(marker), GUICHET_LIMITS_LEASE_SECONDS="4")
    try:
        _wait(marker.exists, 60, f"the slow plugin to start (log: {log.read_text(errors='replace')[-2000:]})")
        # WHEN it is killed there, without any chance to clean up
        slow.send_signal(signal.SIGKILL)
        slow.wait(timeout=10)
    finally:
        if slow.poll() is None:
            slow.kill()
    with rt.database.connection_context():
        assert Document.get_by_id(document.id).state == State.RECEIVED
        assert Invoice.select().count() == 0
        assert document.id in leases.live_leases()  # the dead worker's lease is left behind, still alive

    # THEN a fresh worker (without the slow plugin) finishes the document, once
    worker = _start_worker(settings, log)
    try:
        def done() -> bool:
            with rt.database.connection_context():
                return document.id not in pipeline.pending_documents()

        _wait(done, 60, f"the document to pass the automatic stages (log: {log.read_text(errors='replace')[-2000:]})")
    finally:
        _stop(worker)
    with rt.database.connection_context():
        assert Invoice.select().where(Invoice.document == document.id).count() == 1
        transitions = _state_transitions(document.id)
        assert transitions[0] == "extracted"
        assert len(transitions) == len(set(transitions)) >= 2, transitions  # no transition twice
    assert marker.read_text().count("\n") == 1  # the killed worker got into the stage once


# ---------------------------------------------------------------------------
# Fairness: one company's big documents do not hold every worker (issue 11, finding 3)
# ---------------------------------------------------------------------------


def _blank_pdf(seed: int) -> bytes:
    """A one-page image-only PDF (no text, no XML: it goes to the extract stage)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (200 + seed, 280), 255).save(out, "PDF", resolution=72.0)
    return out.getvalue()


def _finished_at(document_id: int, state: str):
    event = (Event.select().where((Event.document_id == document_id) & (Event.kind == "document.state"))
             .order_by(Event.id.desc()).first())
    return event.created_at if event is not None and event.data["to"] == state else None


@pytest.mark.slow
def test_a_big_document_of_one_company_does_not_delay_another_company(tmp_path, corpus):
    settings = load_settings(tmp_path / "instance", queue={"backend": "sqlite", "name": "fair"})
    rt = runtime.start(settings)
    with rt.database.connection_context():
        firm = Firm.create(name="Cabinet Test")
        company_a = accounts.create_company(firm, "Société A", SIREN)
        company_b = accounts.create_company(firm, "Société B", "542107651")
        # GIVEN two big scans of A first in the queue, each queued twice (as the periodic resume
        # queued a running document again), then four small Factur-X of B
        big = []
        for index in (1, 2):
            document, _ = intake.receive(rt, company_a, _blank_pdf(index), f"gros-{index}.pdf", channel=Channel.UPLOAD)
            tasks.submit(document.id, document.state)
            tasks.submit(document.id, document.state)
            big.append(document.id)
        small = []
        for path in sorted(corpus.glob("EN16931_*.pdf"))[:4]:
            document, _ = intake.receive(rt, company_b, path.read_bytes(), path.name, channel=Channel.UPLOAD)
            tasks.submit(document.id, document.state)
            small.append(document.id)
    rt.database.close()
    marker = tmp_path / "slow.marker"
    log = tmp_path / "worker.log"

    # WHEN one worker with two threads runs them
    worker = _start_worker(settings, log, threads=2, GUICHET_PLUGINS_EXTRA="tests_helpers.slow_ocr_plugin",
                           GUICHET_TEST_MARKER=str(marker), GUICHET_TEST_SLOW_SECONDS="8")
    try:
        def settled() -> bool:
            with rt.database.connection_context():
                return all(Document.get_by_id(i).state == State.TO_CODE for i in big) and not (
                    set(small) & set(pipeline.pending_documents()))

        _wait(settled, 90, f"every document to settle (log: {log.read_text(errors='replace')[-2000:]})")
    finally:
        _stop(worker)

    # THEN every document of B finished before the first big scan of A
    with rt.database.connection_context():
        small_done = [_finished_at(i, Document.get_by_id(i).state) for i in small]
        big_done = [_finished_at(i, State.TO_CODE) for i in big]
    assert all(small_done) and all(big_done)
    assert max(small_done) < min(big_done), (small_done, big_done)
    # and each big scan was read once, by one thread (never twice at the same time)
    lines = marker.read_text().splitlines()
    assert sorted(line.split()[0] for line in lines) == ["gros-1.pdf", "gros-2.pdf"], lines


# ---------------------------------------------------------------------------
# Scale-out: PostgreSQL + Redis + two worker processes
# ---------------------------------------------------------------------------


@pytest.fixture
def queue_name():
    """A unique Redis queue name; its keys are deleted afterwards."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not answering on {REDIS_URL}")
    name = f"guichet-test-{uuid.uuid4().hex[:10]}"
    yield name
    for key in client.scan_iter(f"huey.*{name}*"):
        client.delete(key)


def _scaled_settings(tmp_path: Path, pg_url: str, queue_name: str):
    return load_settings(
        tmp_path / "instance",
        database={"url": pg_url},
        queue={"backend": "redis", "redis_url": REDIS_URL, "name": queue_name},
    )


@pytest.mark.postgres
@pytest.mark.slow
def test_two_workers_process_every_document_exactly_once(tmp_path, corpus, pg_url, queue_name):
    settings = _scaled_settings(tmp_path, pg_url, queue_name)
    rt = runtime.start(settings)  # migrates once, before the workers start
    rt.database.close()
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [_start_worker(settings, log, GUICHET_LOG_FORMAT="json", GUICHET_LOGGING_LEVEL="INFO")
               for log in logs]
    try:
        _wait(lambda: all("Worker" in log.read_text(errors="replace") for log in logs if log.exists())
              and all(log.exists() for log in logs), 60, "both workers to start")
        files = sorted(p for p in corpus.glob("*.pdf"))[:30]
        assert len(files) == 30
        with rt.database.connection_context():
            company = _company()
            ids = []
            for path in files:
                document, created = intake.receive(rt, company, path.read_bytes(), path.name, channel=Channel.API)
                if created:
                    ids.append(document.id)
                    # Each document is enqueued twice, as a retried delivery would.
                    tasks.submit(document.id, document.state)
                    tasks.submit(document.id, document.state)

        def settled() -> bool:
            with rt.database.connection_context():
                waiting = set(pipeline.pending_documents()) & set(ids)
            return not waiting and tasks.huey.pending_count() == 0

        _wait(settled, 120, "every document to leave the automatic stages")
        time.sleep(1.0)  # let in-flight duplicate tasks finish (they must commit nothing)
    finally:
        for proc in workers:
            _stop(proc)

    with rt.database.connection_context():
        states = collections.Counter(d.state for d in Document.select().where(Document.id.in_(ids)))
        assert sum(states.values()) == len(ids)
        read = 0
        for document_id in ids:
            transitions = _state_transitions(document_id)
            assert len(transitions) == len(set(transitions)), (document_id, transitions)
            invoices = Invoice.select().where(Invoice.document == document_id).count()
            assert invoices == transitions.count("extracted") <= 1, (document_id, transitions)
            read += invoices
        assert read > 20, states  # the corpus is mostly readable Factur-X/ZUGFeRD
    executed = [log.read_text(errors="replace").count("Executing guichet.core.tasks.guichet.stage.") for log in logs]
    assert all(count > 0 for count in executed), executed  # both processes did part of the work


@pytest.mark.postgres
@pytest.mark.slow
def test_periodic_task_runs_once_with_two_workers(tmp_path, pg_url, queue_name):
    settings = _scaled_settings(tmp_path, pg_url, queue_name)
    rt = runtime.start(settings)
    rt.database.close()
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [_start_worker(settings, log, GUICHET_LOG_FORMAT="json", GUICHET_LOGGING_LEVEL="INFO")
               for log in logs]

    def log_count(text: str) -> int:
        return sum(log.read_text(errors="replace").count(text) for log in logs if log.exists())

    try:
        _wait(lambda: log_count("Worker :") == 2, 60, "both workers to start")
        if time.time() % 300 > 290:  # do not straddle two 5-minute periods
            time.sleep(300 - time.time() % 300 + 1)
        # WHEN each worker's scheduler enqueues the periodic task for the same period
        # (huey enqueues periodic tasks from every consumer started with periodic=True)
        for _ in range(4):
            tasks.resume_pending_task()
        _wait(lambda: log_count("resume_pending: ") >= 8, 30, "four runs to finish")
        time.sleep(0.5)
    finally:
        for proc in workers:
            _stop(proc)
    # THEN the four copies executed, three were skipped: the task body ran once
    # (the workers' own schedulers may add copies when started on a multiple of 5 minutes)
    executed = log_count("Executing guichet.core.tasks.guichet.resume_pending")
    assert executed >= 4
    assert log_count("guichet.resume_pending already ran in this period") == executed - 1
    slot = int(time.time() // 300)
    claimed = [tasks.huey.storage.has_data_for_key(scheduling.slot_key("guichet.resume_pending", s))
               for s in (slot - 1, slot)]
    assert any(claimed)
