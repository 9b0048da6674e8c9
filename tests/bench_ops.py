"""Operations: queue throughput with real worker processes (embedded vs scaled-out), backup, health.

Rows feed docs/scaling.md. The scaled-out rows need PostgreSQL on 127.0.0.1:5432
and Redis on 127.0.0.1:6379 (as in the tests); they are reported as absent otherwise.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from support import CORPUS

PG_DSN = os.environ.get("GUICHET_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("GUICHET_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _env(settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    env.update(GUICHET_DATA_DIR=str(settings.data_dir), GUICHET_DATABASE_URL=settings.get("database.url") or "",
               GUICHET_QUEUE_BACKEND=settings.get("queue.backend"), GUICHET_QUEUE_NAME=settings.get("queue.name"),
               GUICHET_QUEUE_REDIS_URL=settings.get("queue.redis_url"),
               GUICHET_CONFIG=str(settings.data_dir / "none.toml"))
    return env


def _throughput(settings, processes: int, threads: int) -> tuple[int, float]:
    """Documents and seconds from enqueueing the corpus to the last automatic stage."""
    from guichet.core.access import accounts
    from guichet.core.ops import runtime, tasks
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.model.models import Firm
    from guichet.core.model.states import Channel

    rt = runtime.start(settings)
    with rt.database.connection_context():
        firm = Firm.create(name="Bench")
        company = accounts.create_company(firm, "Bench SAS", "552081317")
        ids = []
        for path in sorted(CORPUS.glob("*.pdf")):
            document, created = intake.receive(rt, company, path.read_bytes(), path.name, channel=Channel.API)
            if created:
                ids.append(document.id)
    workers = [subprocess.Popen([sys.executable, "-m", "guichet.core", "worker", "--workers", str(threads)],
                                env=_env(settings), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(processes)]
    try:
        time.sleep(3)  # start-up (imports, plugins) is not throughput
        started = time.perf_counter()
        with rt.database.connection_context():
            for document_id in ids:
                tasks.submit(document_id, "received")
        while True:
            with rt.database.connection_context():
                if not set(pipeline.pending_documents()) & set(ids):
                    break
            if time.perf_counter() - started > 600:
                break
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
    finally:
        for proc in workers:
            proc.send_signal(signal.SIGINT)
        for proc in workers:
            proc.wait(timeout=60)
        rt.database.close()
    return len(ids), elapsed


def _postgres_url() -> str | None:
    try:
        import psycopg2
        import redis

        redis.Redis.from_url(REDIS_URL).ping()
        conn = psycopg2.connect(PG_DSN)
    except Exception:  # noqa: BLE001 - servers absent: rows say so
        return None
    conn.autocommit = True
    name = f"guichet_bench_{uuid.uuid4().hex[:8]}"
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return f"{PG_DSN.rsplit('/', 1)[0]}/{name}"


def _drop(url: str) -> None:
    import psycopg2

    from guichet.core.model.models import db

    if not db.is_closed():
        db.close()
    conn = psycopg2.connect(PG_DSN)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    conn.close()


def run() -> list[tuple[str, str, str]]:
    """Throughput of 1 embedded worker vs 2 scaled-out workers, backup time, health latency."""
    from guichet.core.ops import backup, health, runtime
    from guichet.core.settings import load_settings

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(Path(tmp) / "sqlite", queue={"backend": "sqlite", "name": "bench"})
        count, seconds = _throughput(settings, processes=1, threads=2)
        rows.append((f"SQLite + huey SQLite, 1 worker × 2 fils ({count} docs)", f"{count / seconds:.1f} docs/s", ""))
        started = time.perf_counter()
        report = health.health(settings)
        rows.append(("/healthz (base, file, stockage)", f"{(time.perf_counter() - started) * 1000:.1f} ms",
                     "< 100 ms" if report["status"] == "ok" else "ÉCHEC"))
        runtime.start(settings)
        started = time.perf_counter()
        folder = backup.backup(settings, Path(tmp) / "backups")
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024 / 1024
        rows.append((f"guichet backup ({count} docs, {size:.0f} Mo)", f"{time.perf_counter() - started:.2f} s", ""))

        url = _postgres_url()
        if url is None:
            rows.append(("PostgreSQL + Redis, 2 workers", "serveurs absents", ""))
            return rows
        try:
            for processes in (1, 2):
                scaled = load_settings(Path(tmp) / f"pg{processes}", database={"url": url},
                                       queue={"backend": "redis", "redis_url": REDIS_URL,
                                              "name": f"bench-{uuid.uuid4().hex[:8]}"})
                if processes == 2:  # a fresh schema for the second run
                    _drop(url)
                    url = _postgres_url() or url
                    scaled.values["database"]["url"] = url
                count, seconds = _throughput(scaled, processes=processes, threads=2)
                rows.append((f"PostgreSQL + Redis, {processes} worker(s) × 2 fils ({count} docs)",
                             f"{count / seconds:.1f} docs/s", ""))
        finally:
            _drop(url)
    return rows
