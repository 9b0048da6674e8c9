"""Registry tables (migration m0004) on both databases, and the Sirene upsert on each."""

from __future__ import annotations

import pytest

from controls_samples import unit_record, write_stock_files
from guichet.core.model.database import migrate
from guichet.core.model.registry_models import REGISTRY_MODELS, SireneUnit

pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def test_tables_exist_and_migration_is_idempotent(rt):
    assert all(model.table_exists() for model in REGISTRY_MODELS)
    assert 4 not in migrate(rt.database)  # already applied


def test_upsert_works_on_this_backend(rt, tmp_path):
    from guichet.connectors.sirene import import_stock

    first, _ = write_stock_files(tmp_path / "a", 30, extra_units=[unit_record("732829320", "A")])
    import_stock(first, batch_size=7)
    second, _ = write_stock_files(tmp_path / "b", 30, extra_units=[unit_record("732829320", "B", state="C")])
    import_stock(second, batch_size=7)
    assert SireneUnit.select().count() == 31
    assert SireneUnit.get_by_id("732829320").state == "C"
