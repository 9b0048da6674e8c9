"""Retention, the write-once stores (local and S3 with object lock), refused deletions (core/storage/archive.py)."""

from __future__ import annotations

import datetime as dt
import stat

import pytest

from guichet.core.plugins import make_plugin_manager
from guichet.core.storage import archive
from guichet.connectors import archive_s3
from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.models import Event

from archive_fixtures import SAMPLE, arc_company, arc_rt, arc_settings, ingest, tsa  # noqa: F401 - fixtures

D = dt.date


def test_fiscal_year_end():
    assert archive.fiscal_year_end(D(2026, 3, 5)) == D(2026, 12, 31)
    assert archive.fiscal_year_end(D(2026, 12, 31)) == D(2026, 12, 31)
    assert archive.fiscal_year_end(D(2026, 7, 1), "06-30") == D(2027, 6, 30)
    assert archive.fiscal_year_end(D(2026, 6, 30), "06-30") == D(2026, 6, 30)
    assert archive.fiscal_year_end(D(2027, 1, 1), "02-29") == D(2027, 2, 28)


def test_retention_is_the_later_of_ten_years_and_the_firm_setting(arc_rt, arc_company):
    settings = arc_rt.settings
    assert archive.retention_for(arc_company, D(2026, 3, 5), settings) == (D(2026, 12, 31), D(2036, 12, 31))
    arc_company.settings = {"fiscal_year_end": "03-31"}
    assert archive.retention_for(arc_company, D(2026, 4, 2), settings) == (D(2027, 3, 31), D(2037, 3, 31))
    settings.values["archive"]["retention_years"] = 12
    assert archive.retention_for(arc_company, D(2026, 4, 2), settings)[1] == D(2039, 3, 31)
    settings.values["archive"]["retention_years"] = 3  # never below the legal ten years
    assert archive.retention_for(arc_company, D(2026, 4, 2), settings)[1] == D(2037, 3, 31)


def test_local_store_is_write_once_and_read_only(tmp_path):
    store = archive.LocalArchiveStore(tmp_path / "archive")
    store.put("552081317/2026/a.pdf", b"%PDF-1", D(2036, 12, 31))
    store.put("552081317/2026/a.pdf", b"%PDF-1", D(2036, 12, 31))  # same bytes: fine
    assert store.get("552081317/2026/a.pdf") == b"%PDF-1"
    mode = store.local_path("552081317/2026/a.pdf").stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    with pytest.raises(archive.ArchiveConflictError):
        store.put("552081317/2026/a.pdf", b"%PDF-2", D(2036, 12, 31))
    with pytest.raises(ValueError, match="invalide"):
        store.put("../evil", b"x", D(2036, 12, 31))
    with pytest.raises(archive.RetentionError):
        store.delete("552081317/2026/a.pdf", D(2036, 12, 31), D(2030, 1, 1))
    assert store.exists("552081317/2026/a.pdf")
    store.put("chain/2026/000000000001-ab.json", b"{}", D(2036, 12, 31))
    assert store.list("552081317/") == ["552081317/2026/a.pdf"]
    assert store.list("chain") == ["chain/2026/000000000001-ab.json"] and store.list("absent/") == []
    store.delete("552081317/2026/a.pdf", D(2036, 12, 31), D(2037, 1, 1))
    assert not store.exists("552081317/2026/a.pdf")


def test_local_store_trusts_the_sidecar_date_over_the_caller(tmp_path):
    store = archive.LocalArchiveStore(tmp_path / "archive")
    store.put("s/2026/a.pdf", b"x", D(2036, 12, 31))
    store.put("s/2026/a.pdf.json", b'{"retention_end": "2036-12-31"}', D(2036, 12, 31))
    with pytest.raises(archive.RetentionError, match="2036-12-31"):
        store.delete("s/2026/a.pdf", D(2000, 1, 1), D(2030, 1, 1))  # a caller lying about the date


def test_deletion_before_retention_is_refused_and_logged(arc_rt, arc_company, corpus):
    document = ingest(arc_rt, arc_company, (corpus / SAMPLE).read_bytes(), SAMPLE)
    record = ArchiveRecord.get(ArchiveRecord.document == document)
    store = archive.open_archive_store(arc_rt.settings)
    with pytest.raises(archive.RetentionError, match="conservé jusqu'au"):
        archive.delete_archived(store, record, user_id=None, origin="api")
    assert store.exists(record.archive_path)
    logged = Event.select().where(Event.kind == "archive.delete_refused").get()
    assert logged.document_id == document.id and logged.data["origin"] == "api"
    # After the retention end the deletion goes through, and is logged too.
    archive.delete_archived(store, record, on=record.retention_end + dt.timedelta(days=1))
    assert not store.exists(record.archive_path)
    assert Event.select().where(Event.kind == "archive.deleted").count() == 1


def test_last_verification_roundtrip(arc_settings):
    assert archive.last_verification(arc_settings) is None
    run = archive.VerificationRun("a", "b", True, 1, 1, 1, 5, 0, [], {})
    archive.save_verification(arc_settings, run)
    assert archive.last_verification(arc_settings) == run


@pytest.fixture(scope="module")
def s3_server():
    """A local S3 server (moto) on an ephemeral loopback port."""
    server_mod = pytest.importorskip("moto.server")
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def test_s3_store_with_object_lock(s3_server, monkeypatch):
    boto3 = pytest.importorskip("boto3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket="archive", ObjectLockEnabledForBucket=True)
    store = archive_s3.S3ArchiveStore(client, "archive")
    until = D.today() + dt.timedelta(days=3650)
    store.put("552081317/2026/a.pdf", b"%PDF-1", until)
    store.put("552081317/2026/a.pdf", b"%PDF-1", until)
    assert store.get("552081317/2026/a.pdf") == b"%PDF-1"
    assert store.exists("552081317/2026/a.pdf") and not store.exists("552081317/2026/b.pdf")
    store.put("5520813170/2026/c.pdf", b"%PDF-3", until)  # a longer name with the same start
    assert store.list("552081317/") == ["552081317/2026/a.pdf"] and store.list("chain/") == []
    with pytest.raises(KeyError):
        store.get("552081317/2026/b.pdf")
    with pytest.raises(archive.ArchiveConflictError):
        store.put("552081317/2026/a.pdf", b"%PDF-2", until)
    head = client.head_object(Bucket="archive", Key="552081317/2026/a.pdf")
    assert head["ObjectLockMode"] == "COMPLIANCE" and head["ObjectLockRetainUntilDate"].date() == until
    # Our layer refuses, even when the caller passes an earlier date...
    with pytest.raises(archive.RetentionError):
        store.delete("552081317/2026/a.pdf", D(2000, 1, 1), D.today())
    # ...and the bucket itself refuses to delete the locked version.
    version = client.list_object_versions(Bucket="archive")["Versions"][0]["VersionId"]
    with pytest.raises(client.exceptions.ClientError, match=r"AccessDenied|locked|retention"):
        client.delete_object(Bucket="archive", Key="552081317/2026/a.pdf", VersionId=version)
    assert store.get("552081317/2026/a.pdf") == b"%PDF-1"


def test_open_archive_store_s3(arc_settings, s3_server, monkeypatch):
    pytest.importorskip("boto3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    arc_settings.values["archive"].update(backend="s3", s3_endpoint=s3_server, s3_bucket="guichet-archive-2")
    store = archive.open_archive_store(arc_settings, make_plugin_manager(load_entrypoints=False, extra=["guichet.connectors.archive_s3"]))
    assert isinstance(store, archive_s3.S3ArchiveStore) and isinstance(store, archive.ArchiveStore)
    store.client.create_bucket(Bucket="guichet-archive-2", ObjectLockEnabledForBucket=True)
    store.put("x/2026/f.xml", b"<a/>", D.today() + dt.timedelta(days=10))
    assert store.get("x/2026/f.xml") == b"<a/>"


def test_hook_archive_store(arc_settings, monkeypatch):
    """The S3 store comes from its plugin; without the plugin, an S3 backend is a clear error."""
    pytest.importorskip("boto3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    pm = make_plugin_manager(load_entrypoints=False, extra=["guichet.connectors.archive_s3"])
    assert pm.hook.archive_store(settings=arc_settings) is None  # backend "local": not the plugin's
    arc_settings.values["archive"].update(backend="s3", s3_endpoint="http://127.0.0.1:9", s3_bucket="b")
    store = pm.hook.archive_store(settings=arc_settings)
    assert isinstance(store, archive_s3.S3ArchiveStore) and store.bucket == "b"
    with pytest.raises(ValueError, match="stockage d'archive inconnu : s3"):
        archive.open_archive_store(arc_settings, make_plugin_manager(load_entrypoints=False))
