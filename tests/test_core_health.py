"""Health checks and Prometheus metrics."""

from __future__ import annotations

import re

from guichet.core.pipeline import intake, pipeline
from guichet.core.ops.health import health, metrics_text
from guichet.core.settings import load_settings
from guichet.core.model.states import Channel

_SAMPLE = re.compile(r'^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? (NaN|-?[0-9.e+-]+)$')


def test_health_ok_on_a_working_instance(rt):
    report = health(rt.settings)
    assert report["status"] == "ok", report
    assert set(report["checks"]) == {"database", "queue", "blobs"}
    assert all(item["ok"] for item in report["checks"].values())


def test_health_names_the_failing_dependency_without_its_password(tmp_path):
    from guichet.core.model.models import db

    settings = load_settings(tmp_path / "i", database={"url": "postgresql://guichet:s3cret@127.0.0.1:1/guichet"},
                             queue={"backend": "memory"})
    saved = db.obj
    db.initialize(None)  # as in a process whose database never connected
    try:
        report = health(settings)
    finally:
        db.initialize(saved)
    assert report["status"] == "error"
    assert report["checks"]["database"]["ok"] is False
    assert report["checks"]["blobs"]["ok"] is True
    assert "s3cret" not in str(report)


def test_metrics_text_counts_documents_and_stage_durations(rt, company, corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    document, _ = intake.receive(rt, company, data, "x.pdf", channel=Channel.UPLOAD)
    pipeline.run_to_rest(rt, document.id)
    final_state = pipeline.Document.get_by_id(document.id).state
    text = metrics_text(rt.settings)
    assert text.endswith("\n")
    for line in text.splitlines():
        assert line.startswith("# ") or _SAMPLE.match(line), line
    assert f'guichet_documents{{state="{final_state}"}} 1' in text
    assert 'guichet_documents{state="received"} 0' in text
    assert 'guichet_stage_duration_seconds_count{stage="read"} 1' in text
    assert "# TYPE guichet_queue_depth gauge" in text
    assert "# TYPE guichet_connector_errors_total counter" in text


def test_metrics_counts_connector_errors(rt):
    from guichet.core.model import events
    from guichet.core.model.models import db

    with db.atomic():
        events.record("connector.imap.error", data={"error": "timeout"})
        events.record("connector.imap.error", data={"error": "timeout"})
        events.record("connector.sftp.fetched", data={})
    assert 'guichet_connector_errors_total{connector="imap"} 2' in metrics_text()
