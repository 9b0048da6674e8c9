"""``guichet archive verify`` / ``delete``, chain-head time-stamps, scheduled jobs (plugins/archive.py)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from guichet.core.model import events
from guichet.core.storage import archive
from guichet.core.model.archive_models import ArchiveRecord, ChainStamp
from guichet.core.ops.cli import cli
from guichet.core.model.models import Event
from guichet.core.ops.tasks import huey
from guichet.plugins import archive as archive_plugin

from archive_fixtures import (  # noqa: F401 - fixtures
    PLUGINS,
    SAMPLE,
    SAMPLES,
    arc_company,
    arc_rt,
    arc_settings,
    ingest,
    tsa,
)


@pytest.fixture
def archived(arc_rt, arc_company, corpus):
    """Three corpus Factur-X sealed and archived, and the chain head time-stamped."""
    docs = [ingest(arc_rt, arc_company, (corpus / name).read_bytes(), name) for name in SAMPLES]
    assert all(d.state == "archived" for d in docs), [d.reason for d in docs]
    assert archive_plugin.anchor_chain_head(arc_rt) is not None
    return docs


def run_cli(settings, *args):
    cli.add_command(archive_plugin.archive_group)
    return CliRunner().invoke(cli, ["--data-dir", str(settings.data_dir), "archive", *args])


def test_hook_register_commands_adds_archive():
    group = __import__("click").Group()
    archive_plugin.register_commands(cli=group)
    assert set(group.commands["archive"].commands) == {"verify", "delete", "export"}


def test_verify_a_clean_archive(arc_settings, archived):
    result = run_cli(arc_settings, "verify")
    assert result.exit_code == 0, result.output
    assert "3 ré-empreintés, 3 cachets et 3 jetons" in result.output
    assert "Têtes de chaîne horodatées : 1" in result.output
    last = archive.last_verification(arc_settings)
    assert last.ok and last.files == 3 and last.events == Event.select().count()


def test_verify_names_the_file_with_one_changed_byte(arc_rt, arc_settings, archived):
    record = ArchiveRecord.get(ArchiveRecord.document == archived[1])
    path = archive.open_archive_store(arc_settings).local_path(record.archive_path)
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x20
    path.write_bytes(bytes(data))
    result = run_cli(arc_settings, "verify", "--company", record.company.siren)
    assert result.exit_code == 1
    assert f"ALTÉRÉ : archive/{record.archive_path} : contenu modifié" in result.output
    assert "jeton" in result.output  # the token no longer matches either
    others = ArchiveRecord.select().where(ArchiveRecord.id != record.id)
    assert all(r.archive_path not in result.output for r in others)
    last = archive.last_verification(arc_settings)
    assert not last.ok and record.archive_path in last.problems[0]


def test_verify_names_the_altered_event(arc_settings, archived):
    target = Event.select().order_by(Event.id)[3]
    Event.update(data={**target.data, "reason": "falsifié"}).where(Event.id == target.id).execute()
    result = run_cli(arc_settings, "verify")
    assert result.exit_code == 1
    assert f"ALTÉRÉ : événement {target.id} ({target.kind}" in result.output


def test_a_rewritten_history_is_caught_by_the_chain_stamps(arc_rt, arc_settings, archived):
    # Rewrite one event and re-hash the whole chain after it: verify_chain alone is fooled...
    rows = list(Event.select().order_by(Event.id))
    rows[2].data = {**rows[2].data, "reason": "réécrit"}
    prev = rows[1].hash
    for row in rows[2:]:
        row.prev_hash = prev
        row.hash = events.event_hash(prev, row.created_at, row.kind, row.company_id, row.document_id, row.user_id, row.data)
        Event.update(prev_hash=row.prev_hash, hash=row.hash, data=row.data).where(Event.id == row.id).execute()
        prev = row.hash
    assert events.verify_chain()[1] is None
    # ...but the time-stamped head no longer matches.
    stamp = ChainStamp.get()
    result = run_cli(arc_settings, "verify")
    assert result.exit_code == 1
    assert f"événement {stamp.event_id} : différent de la tête de chaîne horodatée" in result.output


def test_chain_stamp_is_taken_only_when_the_head_moves(arc_rt, archived):
    assert archive_plugin.anchor_chain_head(arc_rt) is None
    with arc_rt.database.atomic():
        events.record("test.event", data={})
    stamp = archive_plugin.anchor_chain_head(arc_rt)
    assert stamp.event_id == Event.select().order_by(Event.id.desc()).first().id
    assert ChainStamp.select().count() == 2


def test_delete_command_refuses_before_retention_and_logs(arc_settings, archived):
    document = archived[0]
    result = run_cli(arc_settings, "delete", "--document", str(document.id))
    assert result.exit_code == 1
    assert "suppression refusée" in result.output and "consignée" in result.output
    record = ArchiveRecord.get(ArchiveRecord.document == document)
    assert archive.open_archive_store(arc_settings).exists(record.archive_path)
    refused = Event.get(Event.kind == "archive.delete_refused")
    assert refused.document_id == document.id and refused.data["origin"] == "cli"
    assert run_cli(arc_settings, "verify").exit_code == 0  # the logged attempt keeps the chain intact


def test_periodic_tasks_have_stable_names(arc_rt, archived):
    names = {task.__name__ for task in huey._registry._periodic_tasks}
    assert {"guichet.timestamp_chain_head", "guichet.archive_verify"} <= names
    with arc_rt.database.atomic():
        events.record("test.event", data={})
    head = archive_plugin.timestamp_chain_head_task.call_local()
    assert head == Event.select().order_by(Event.id.desc()).first().id
    assert archive_plugin.verify_task.call_local() is True


def test_verify_sees_a_deleted_archive_record(arc_settings, archived):
    record = ArchiveRecord.get(ArchiveRecord.document == archived[2])
    ArchiveRecord.delete().where(ArchiveRecord.id == record.id).execute()
    result = run_cli(arc_settings, "verify")
    assert result.exit_code == 1
    assert f"document {archived[2].id} : archivé mais son enregistrement d'archive a disparu" in result.output
    assert f"archive/{record.archive_path} : fichier archivé inconnu de la base" in result.output


# ---------------------------------------------------------------------------
# Without a TSA (the default): the chain heads signed with the seal (issue 11, finding 8)
# ---------------------------------------------------------------------------


@pytest.fixture
def plain_rt(tmp_path):
    """An instance as installed by default: the demo seal certificate, and no time-stamping authority."""
    from guichet.core.ops import runtime
    from guichet.core.plugins import make_plugin_manager
    from guichet.core.settings import load_settings
    from guichet.plugins.seal_pades import write_demo_certificate

    data_dir = tmp_path / "plain"
    data_dir.mkdir()
    (data_dir / "guichet.toml").write_text('[queue]\nbackend = "memory"\n')
    settings = load_settings(data_dir)
    write_demo_certificate(settings)
    started = runtime.start(settings, pm=make_plugin_manager(load_entrypoints=False, extra=PLUGINS))
    with started.database.connection_context():
        yield started
    started.database.close()


@pytest.fixture
def plain_archived(plain_rt, corpus):
    """Two corpus Factur-X archived without a TSA, and the chain head signed into the archive."""
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm

    company = accounts.create_company(Firm.create(name="Cabinet"), "Société A", "552081317")
    docs = [ingest(plain_rt, company, (corpus / name).read_bytes(), name) for name in SAMPLES[:2]]
    assert all(d.state == "archived" for d in docs), [d.reason for d in docs]
    anchor = archive_plugin.anchor_chain_head(plain_rt)
    assert anchor.signed and not anchor.timestamped
    return company, docs, anchor


def _rehash_from(index: int, change) -> None:
    """Rewrite event ``index`` with ``change`` and recompute every hash after it (what an attacker does)."""
    rows = list(Event.select().order_by(Event.id))
    change(rows[index])
    prev = rows[index - 1].hash if index else events.GENESIS
    for row in rows[index:]:
        row.prev_hash = prev
        row.hash = events.event_hash(prev, row.created_at, row.kind, row.company_id, row.document_id, row.user_id,
                                     row.data)
        Event.update(prev_hash=row.prev_hash, hash=row.hash, data=row.data).where(Event.id == row.id).execute()
        prev = row.hash
    assert events.verify_chain()[1] is None  # the chain alone is fooled


def test_without_a_tsa_the_signed_head_is_in_the_archive_and_verifies(plain_rt, plain_archived):
    _company, _docs, anchor = plain_archived
    store = archive.open_archive_store(plain_rt.settings)
    assert store.list("chain/") == [anchor.path, anchor.path + ".p7s"]  # no .tsr without a TSA
    assert anchor.event_id == Event.select().order_by(Event.id.desc()).first().id
    result = run_cli(plain_rt.settings, "verify")
    assert result.exit_code == 0, result.output
    assert "Têtes de chaîne signées dans l'archive : 1 vérifiée(s)." in result.output
    assert "Résultat : intègre." in result.output
    assert archive_plugin.anchor_chain_head(plain_rt) is None  # the head has not moved


def test_without_a_tsa_an_edited_and_rehashed_history_is_caught(plain_rt, plain_archived):
    from guichet.core.model.archive_models import ChainAnchor

    _company, _docs, anchor = plain_archived
    # GIVEN an attacker with the database: one event edited, every hash after it recomputed,
    # and the anchor rows deleted to cover the traces
    _rehash_from(3, lambda row: setattr(row, "data", {**row.data, "reason": "réécrit"}))
    ChainAnchor.delete().execute()
    # WHEN the archive is verified
    result = run_cli(plain_rt.settings, "verify")
    # THEN the signed head in the write-once archive, and the sidecars' events, contradict it
    assert result.exit_code == 1, result.output
    assert f"ALTÉRÉ : événement {anchor.event_id} : différent de la tête de chaîne signée" in result.output
    assert "qu'il référence a changé (historique réécrit)" in result.output
    assert "Résultat : intègre." not in result.output


def test_without_a_tsa_deleting_the_last_events_is_caught(plain_rt, plain_archived, corpus):
    company, _docs, anchor = plain_archived
    # GIVEN one more invoice archived after the head was signed
    later = ingest(plain_rt, company, (corpus / SAMPLES[2]).read_bytes(), SAMPLES[2])
    assert later.state == "archived"
    # WHEN an attacker deletes its last events (the chain that is left is still whole)
    last = list(Event.select().order_by(Event.id.desc()).limit(2))
    Event.delete().where(Event.id.in_([e.id for e in last])).execute()
    assert events.verify_chain()[1] is None
    result = run_cli(plain_rt.settings, "verify")
    # THEN the document's state says more than its events
    assert result.exit_code == 1, result.output
    assert f"ALTÉRÉ : document {later.id} : à l'état « archived », mais son dernier événement le laisse" in result.output
    # AND deleting down into the signed part is caught by the signed head
    Event.delete().where(Event.id >= anchor.event_id).execute()
    result = run_cli(plain_rt.settings, "verify")
    assert result.exit_code == 1
    assert f"ALTÉRÉ : événement {anchor.event_id} : absent du journal, alors que la tête de chaîne signée" in result.output
