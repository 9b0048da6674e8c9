"""Backup and restore round trip (SQLite online backup, pg_dump on PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from guichet.core.model import database
from guichet.core.ops import backup, runtime
from guichet.core.pipeline import intake, pipeline
from guichet.core.model.models import Document, Event, Invoice
from guichet.core.settings import load_settings
from guichet.core.model.states import Channel


def _fill(rt, company, corpus) -> dict:
    ids = []
    for name in ("EN16931_Einfach.pdf", "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"):
        document, _ = intake.receive(rt, company, (corpus / name).read_bytes(), name, channel=Channel.UPLOAD)
        pipeline.run_to_rest(rt, document.id)
        ids.append(document.id)
    (rt.settings.data_dir / "archive").mkdir(exist_ok=True)
    (rt.settings.data_dir / "archive" / "note.txt").write_text("archivé")
    return {
        "documents": {d.id: (d.state, d.blob_key) for d in Document.select()},
        "invoices": Invoice.select().count(),
        "events": [e.hash for e in Event.select().order_by(Event.id)],
    }


def _snapshot() -> dict:
    return {
        "documents": {d.id: (d.state, d.blob_key) for d in Document.select()},
        "invoices": Invoice.select().count(),
        "events": [e.hash for e in Event.select().order_by(Event.id)],
    }


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_backup_then_restore_into_a_new_instance(rt, company, corpus, tmp_path, backend):
    before = _fill(rt, company, corpus)
    folder = backup.backup(rt.settings, tmp_path / "backups")
    manifest = json.loads((folder / backup.MANIFEST).read_text())
    assert manifest["database"]["kind"] == ("sqlite" if backend == "sqlite" else "postgresql")
    paths = {entry["path"] for entry in manifest["files"]}
    assert any(path.startswith("blobs/") for path in paths)
    assert "archive/note.txt" in paths
    assert not any(path.startswith("queue.db") or path.startswith("guichet.db") for path in paths)

    # WHEN the backup is restored into an empty instance (a new folder; on PostgreSQL, the
    # same database emptied, as after a server rebuild)
    if backend == "sqlite":
        target = load_settings(tmp_path / "restored", queue={"backend": "memory"})
    else:
        target = rt.settings
        database.drop_all(rt.database)
    backup.restore(target, folder, force=backend != "sqlite")
    restored = runtime.start(target)
    with restored.database.connection_context():
        # THEN the data, the audit chain and every blob are back
        assert _snapshot() == before
        for _state, key in before["documents"].values():
            assert restored.blobs.exists(key)
        from guichet.core.model import events

        assert events.verify_chain()[1] is None
    assert (target.data_dir / "archive" / "note.txt").read_text() == "archivé"
    if restored.database is not rt.database:
        restored.database.close()


def test_restore_refuses_an_altered_backup(rt, company, corpus, tmp_path):
    _fill(rt, company, corpus)
    folder = backup.backup(rt.settings, tmp_path / "backups")
    victim = next(p for p in (folder / "files" / "blobs").rglob("*") if p.is_file())
    victim.chmod(0o644)
    victim.write_bytes(b"tampered")
    target = load_settings(tmp_path / "restored", queue={"backend": "memory"})
    with pytest.raises(backup.BackupError, match="altérée"):
        backup.restore(target, folder)
    assert not (target.data_dir / "guichet.db").exists()


def test_restore_will_not_overwrite_without_force(rt, company, corpus, tmp_path):
    _fill(rt, company, corpus)
    folder = backup.backup(rt.settings, tmp_path / "backups")
    with pytest.raises(backup.BackupError, match="--force"):
        backup.restore(rt.settings, folder)
