"""Shared fixtures: a fresh instance per test (SQLite by default, PostgreSQL on demand).

Fixtures:
- ``settings``: settings of a new instance in a temporary data dir, queue in memory
  (tasks run at once, in-process).
- ``rt``: the started runtime (database migrated, plugins loaded) for ``settings``.
- ``firm``, ``company``, ``other_company``: a firm and two of its companies.
- ``make_user``: creates a user with a firm role or memberships.
- ``corpus``: the folder of real Factur-X/ZUGFeRD samples (shared/corpus/facturx).
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

from guichet.core.access import accounts
from guichet.core.ops import runtime
from guichet.core.model.models import db
from guichet.core.settings import load_settings

from support import COMPANY_SIREN, CORPUS, OTHER_SIREN, PASSWORD, PG_DSN

# Test modules are imported as « tests.test_x » (--import-mode=importlib); a function of theirs run in a
# limited child (core/ops/limited.py, forkserver) is found there by that name only if the project root is on
# the path the forkserver inherits. Appended, so nothing at the root shadows an installed module.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parent.parent))


@pytest.fixture(autouse=True)
def _umask_per_test():
    """Each test starts with the umask the session had.

    ``runtime.start`` masks 027 for its whole process, as it should for the instance
    (core/ops/runtime.py); in the test process that would leak into the files later
    tests write for helper servers running as other users (Dovecot's password file).
    """
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


@pytest.fixture
def corpus() -> Path:
    """The corpus folder; skips when it is missing."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus missing: {CORPUS}")
    return CORPUS


def _postgres_database() -> str:
    import psycopg2

    name = f"guichet_test_{uuid.uuid4().hex[:10]}"
    conn = psycopg2.connect(PG_DSN)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return name


def _drop_postgres_database(name: str) -> None:
    import psycopg2

    conn = psycopg2.connect(PG_DSN)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


@pytest.fixture
def pg_url():
    """URL of a new, empty PostgreSQL database for the test (dropped afterwards)."""
    name = _postgres_database()
    yield f"{PG_DSN.rsplit('/', 1)[0]}/{name}"
    if not db.is_closed():
        db.close()
    _drop_postgres_database(name)


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """Database backend of the test; data-layer tests parametrize it with "postgres"."""
    return request.param


@pytest.fixture
def settings(tmp_path: Path, backend: str):
    """Settings of a new instance in ``tmp_path`` (memory queue: tasks run at once)."""
    # Host folders of connectors are confined to declared roots (core/access/host_paths.py).
    overrides = {"queue": {"backend": "memory"}, "connectors": {"allowed_roots": [str(tmp_path)]}}
    pg_name = None
    if backend == "postgres":
        pg_name = _postgres_database()
        base = PG_DSN.rsplit("/", 1)[0]
        overrides["database"] = {"url": f"{base}/{pg_name}"}
    yield load_settings(tmp_path / "instance", **overrides)
    if pg_name:
        if not db.is_closed():
            db.close()
        _drop_postgres_database(pg_name)


@pytest.fixture
def rt(settings):
    """The runtime of the test instance, with a database connection open."""
    started = runtime.start(settings)
    with started.database.connection_context():
        yield started
    started.database.close()


@pytest.fixture
def firm(rt):
    """The firm of the instance."""
    from guichet.core.model.models import Firm

    return Firm.create(name="Cabinet Test")


@pytest.fixture
def company(firm):
    """A company of the firm (SIREN 552081317)."""
    return accounts.create_company(firm, "Société A", COMPANY_SIREN, vat_id="FR03552081317")


@pytest.fixture
def other_company(firm):
    """A second company of the same firm."""
    return accounts.create_company(firm, "Société B", OTHER_SIREN)


@pytest.fixture
def make_user(firm):
    """``make_user(email, firm_role="", companies={company: role})`` creates a user."""

    def make(email: str, *, firm_role: str = "", companies: dict | None = None):
        user = accounts.create_user(email, PASSWORD, firm=firm, firm_role=firm_role)
        for comp, role in (companies or {}).items():
            accounts.grant(user, comp, role)
        return user

    return make


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (never downloads a browser).

    One per test module, not per session: Playwright's sync API keeps an asyncio
    event loop running in this thread while it is open, and code that calls
    ``asyncio.run`` (pyHanko's seal) fails inside a running loop. Closing it at
    the end of each module keeps later modules' in-process pipelines working.
    """
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium is not installed (make test installs it with apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()


@pytest.fixture
def live_server(settings):
    """The web app served by waitress on an ephemeral loopback port; yields ``(base_url, app)``."""
    import threading

    from waitress.server import create_server

    from guichet.web.app import create_app

    app = create_app(settings, config={"TESTING": True})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    rt = app.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield f"http://127.0.0.1:{server.effective_port}", app
    server.close()
