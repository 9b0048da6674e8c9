"""Moving an instance from SQLite to PostgreSQL with ``guichet copy-database``."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from guichet.core.model import database, events
from guichet.core.ops import runtime
from guichet.core.pipeline import intake, pipeline
from guichet.core.ops.dbcopy import CopyError, copy_database
from guichet.core.model.models import Document, Event, Invoice, User
from guichet.core.settings import load_settings
from guichet.core.model.states import Channel



@pytest.mark.postgres
def test_sqlite_instance_moves_to_postgresql(rt, company, make_user, corpus, pg_url, tmp_path):
    make_user("operatrice@cabinet.test", firm_role="operator")
    for name in ("EN16931_Einfach.pdf", "Facture_UE_EN16931.pdf", "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"):
        document, _ = intake.receive(rt, company, (corpus / name).read_bytes(), name, channel=Channel.UPLOAD)
        pipeline.run_to_rest(rt, document.id)
    before = {
        "documents": sorted((d.id, d.state, d.sha256) for d in Document.select()),
        "invoices": sorted((i.document_id, str(i.total_with_tax)) for i in Invoice.select()),
        "events": [e.hash for e in Event.select().order_by(Event.id)],
        "users": sorted((u.email, u.active) for u in User.select()),
    }

    # WHEN the command copies the instance's database into an empty PostgreSQL database
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    env.update(GUICHET_DATA_DIR=str(rt.settings.data_dir), GUICHET_CONFIG=str(tmp_path / "none.toml"))
    done = subprocess.run([sys.executable, "-m", "guichet.core", "copy-database", "--to", pg_url],
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr

    # THEN the instance started on PostgreSQL has the same data and a valid audit chain
    moved = runtime.start(load_settings(rt.settings.data_dir, database={"url": pg_url},
                                        queue={"backend": "memory"}))
    try:
        with moved.database.connection_context():
            assert database.is_postgres(moved.database)
            after = {
                "documents": sorted((d.id, d.state, d.sha256) for d in Document.select()),
                "invoices": sorted((i.document_id, str(i.total_with_tax)) for i in Invoice.select()),
                "events": [e.hash for e in Event.select().order_by(Event.id)],
                "users": sorted((u.email, u.active) for u in User.select()),
            }
            assert after == before
            assert events.verify_chain()[1] is None
            # and new rows get fresh ids (the sequences were moved past the copied ones)
            data = (corpus / "Facture_DOM_EN16931.pdf").read_bytes()
            from guichet.core.model.models import Company

            document, created = intake.receive(moved, Company.get(), data, "new.pdf", channel=Channel.UPLOAD)
            assert created
            assert document.id > max(row[0] for row in before["documents"])
            # a second copy into the now non-empty database is refused
            with pytest.raises(CopyError, match="pas vide"):
                copy_database(rt.database, moved.database)
    finally:
        moved.database.close()
