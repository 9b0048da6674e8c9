"""The poller in a real ``guichet worker`` process, and the ``guichet connectors`` command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from intake_samples import invoice_pdf
from support import allow_host_root

from guichet.connectors.watched_folder import WatchedFolderConnector
from guichet.core.access import accounts
from guichet.core.ops import connector_runs, runtime, tasks
from guichet.core.ops.cli import cli
from guichet.core.model.connector_models import ConnectorConfig
from guichet.core.model.models import Document, Firm
from guichet.core.plugins import make_plugin_manager
from guichet.core.settings import load_settings

TESTS = Path(__file__).resolve().parent


def test_tasks_are_registered_under_their_stable_names():
    import guichet.connectors.scheduler  # noqa: F401 - what the plugin manager does in the worker

    names = set(tasks.huey._registry._registry)
    assert any(n.endswith(".guichet.connectors.poll") for n in names)
    assert any(n.endswith(".guichet.connectors.run") for n in names)


@pytest.mark.slow
def test_a_worker_process_polls_the_connectors(tmp_path):
    # GIVEN an instance with a SQLite queue, a company and a watched folder holding an invoice
    allow_host_root(tmp_path / "instance", tmp_path)
    settings = load_settings(tmp_path / "instance", queue={"backend": "sqlite", "name": "poll-test"})
    rt = runtime.start(settings)
    folder = tmp_path / "partage"
    folder.mkdir()
    (folder / "facture.pdf").write_bytes(invoice_pdf())
    old = time.time() - 3600
    os.utime(folder / "facture.pdf", (old, old))
    with rt.database.connection_context():
        company = accounts.create_company(Firm.create(name="C"), "Société A", "552081317")
        connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": str(folder)})
    rt.database.close()
    from guichet.connectors.scheduler import poll_connectors_task

    # WHEN the periodic task is enqueued and a worker runs
    poll_connectors_task()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    env.update(GUICHET_DATA_DIR=str(settings.data_dir), GUICHET_QUEUE_BACKEND="sqlite",
               GUICHET_QUEUE_NAME="poll-test", GUICHET_CONFIG=str(tmp_path / "none.toml"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])))
    log = tmp_path / "worker.log"
    worker = subprocess.Popen([sys.executable, "-m", "guichet.core", "worker", "--workers", "1"],
                              env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        found = False
        while time.monotonic() < deadline and not found:
            with rt.database.connection_context():
                found = Document.select().where(Document.company == company).exists()
            time.sleep(0.3)
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    # THEN the file became a document of the company and the run is recorded
    assert found, log.read_text(errors="replace")[-3000:]
    with rt.database.connection_context():
        config = ConnectorConfig.get()
        assert config.status == "ok" and config.files_received == 1
    assert not (folder / "facture.pdf").exists()


def _invoke(args, data_dir):
    pm = make_plugin_manager()
    pm.hook.register_commands(cli=cli)
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)


def test_connectors_command_lists_every_connector_with_its_fields(tmp_path):
    result = _invoke(["connectors", "--json"], tmp_path)
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert {"imap", "sftp_server", "watched_folder", "usb_drop", "usb_scanner", "supplier_demo"} <= set(rows)
    imap_fields = {f["name"]: f for f in rows["imap"]["fields"]}
    assert imap_fields["password"]["secret"] and imap_fields["host"]["required"]
    text = _invoke(["connectors"], tmp_path).output
    assert "imap — Courriel (IMAP)" in text and "password" in text


def test_set_status_poll_and_answer_from_the_command_line(tmp_path):
    data_dir = tmp_path / "instance"
    settings = load_settings(data_dir)
    rt = runtime.start(settings)
    with rt.database.connection_context():
        accounts.create_company(Firm.create(name="C"), "Société A", "552081317")
    rt.database.close()
    allow_host_root(data_dir, tmp_path)
    folder = tmp_path / "partage"

    out = _invoke(["connectors", "set", "watched_folder", f"path={folder}", "--company", "552081317"], data_dir)
    assert "Configuration n° 1" in out.output and "n'existe pas" in out.output
    out = _invoke(["connectors", "poll"], data_dir)
    assert "error" in out.output
    status = json.loads(_invoke(["connectors", "status", "--json"], data_dir).output)
    assert status[0]["status"] == "error" and "n'existe pas" in status[0]["last_error"]
    out = _invoke(["connectors", "answer", "1", "123456"], data_dir)
    assert "Réponse enregistrée" in out.output
