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
import uuid
from pathlib import Path

import pytest

from guichet.core import accounts, runtime
from guichet.core.models import db
from guichet.core.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
CORPUS = Path(os.environ.get("GUICHET_CORPUS", ROOT.parent / "shared" / "corpus" / "facturx"))
PG_DSN = os.environ.get("GUICHET_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

COMPANY_SIREN = "552081317"  # EDF: a real, checksum-valid SIREN
OTHER_SIREN = "542107651"  # Engie
PASSWORD = "motdepasse-test"


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


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """Database backend of the test; data-layer tests parametrize it with "postgres"."""
    return request.param


@pytest.fixture
def settings(tmp_path: Path, backend: str):
    """Settings of a new instance in ``tmp_path`` (memory queue: tasks run at once)."""
    overrides = {"queue": {"backend": "memory"}}
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
    from guichet.core.models import Firm

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
