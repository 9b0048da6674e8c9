"""The evidence ZIP checks out with the documented openssl / sha256sum commands alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import zipfile
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.ops.cli import cli
from guichet.plugins import archive as archive_plugin

from archive_fixtures import SAMPLES, arc_company, arc_rt, arc_settings, ingest, tsa  # noqa: F401 - fixtures


def _run(args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def _export(settings, tmp_path, *args):
    cli.add_command(archive_plugin.archive_group)
    out = tmp_path / "preuves.zip"
    result = CliRunner().invoke(cli, ["--data-dir", str(settings.data_dir), "archive", "export", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "preuves"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(folder)
    return folder


def test_evidence_zip_for_a_document(arc_rt, arc_settings, arc_company, corpus, tmp_path):
    docs = [ingest(arc_rt, arc_company, (corpus / name).read_bytes(), name) for name in SAMPLES[:2]]
    archive_plugin.anchor_chain_head(arc_rt)
    folder = _export(arc_settings, tmp_path, "--document", str(docs[0].id))
    record = ArchiveRecord.get(ArchiveRecord.document == docs[0])
    pdf = folder / "archive" / record.archive_path
    assert pdf.is_file() and (folder / "archive" / (record.archive_path + ".tsr")).is_file()
    assert not (folder / "archive" / ArchiveRecord.get(ArchiveRecord.document == docs[1]).archive_path).exists()
    assert list((folder / "xml").glob("*.xml"))
    readme = (folder / "LISEZMOI.txt").read_text()
    assert "openssl ts -verify" in readme and "sha256sum -c MANIFEST.sha256" in readme
    # The commands of the README, run by hand.
    done = _run(["sha256sum", "-c", "MANIFEST.sha256"], folder)
    assert done.returncode == 0, done.stdout + done.stderr
    done = _run(["openssl", "ts", "-verify", "-data", str(pdf), "-in", f"{pdf}.tsr",
                 "-CAfile", "certificats/tsa-racine.pem"], folder)
    assert done.returncode == 0 and "Verification: OK" in done.stdout, done.stderr
    heads = (folder / "journal/chaine/horodatages.txt").read_text().split()
    assert len(heads) == 2
    done = _run(["openssl", "ts", "-verify", "-digest", heads[1], "-in", f"journal/chaine/{heads[0]}.tsr",
                 "-CAfile", "certificats/tsa-racine.pem"], folder)
    assert done.returncode == 0, done.stderr
    # The event lines carry their hashes, and the canonical text they hash.
    lines = [json.loads(line) for line in (folder / "journal/evenements.jsonl").read_text().splitlines()]
    assert lines and all(e["document_id"] == docs[0].id for e in lines)
    assert all(hashlib.sha256(e["canonical"].encode()).hexdigest() == e["hash"] for e in lines)
    done = _run(["python3", "verifier_journal.py"], folder)
    assert done.returncode == 0 and "Journal : OK" in done.stdout, done.stderr
    # And the script does all of it.
    done = _run(["sh", "verifier.sh"], folder)
    assert done.returncode == 0 and "Dossier de preuves : OK" in done.stdout, done.stdout + done.stderr


def test_evidence_zip_for_a_period_and_tampering_shows(arc_rt, arc_settings, arc_company, corpus, tmp_path):
    for name in SAMPLES:
        ingest(arc_rt, arc_company, (corpus / name).read_bytes(), name)
    archive_plugin.anchor_chain_head(arc_rt)
    today = dt.datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()  # a period is typed in French days
    folder = _export(arc_settings, tmp_path, "--company", arc_company.siren, "--from", today, "--to", today)
    pdfs = sorted((folder / "archive").rglob("*.pdf"))
    assert len(pdfs) == 3
    assert _run(["sh", "verifier.sh"], folder).returncode == 0
    # A changed event line is named by the journal check.
    journal = folder / "journal/evenements.jsonl"
    lines = journal.read_text().splitlines()
    event = json.loads(lines[1])
    lines[1] = json.dumps({**event, "kind": event["kind"] + "-modifié"}, ensure_ascii=False, sort_keys=True)
    journal.write_text("\n".join(lines) + "\n")
    done = _run(["python3", "verifier_journal.py"], folder)
    assert done.returncode != 0 and f"événement {json.loads(lines[1])['id']}" in done.stderr
    data = bytearray(pdfs[0].read_bytes())
    data[100] ^= 1
    pdfs[0].write_bytes(bytes(data))
    done = _run(["sha256sum", "-c", "MANIFEST.sha256"], folder)
    assert done.returncode != 0 and f"{pdfs[0].relative_to(folder)}: FAILED" in done.stdout
    done = _run(["openssl", "ts", "-verify", "-data", str(pdfs[0]), "-in", f"{pdfs[0]}.tsr",
                 "-CAfile", "certificats/tsa-racine.pem"], folder)
    assert done.returncode != 0


def test_a_period_counts_french_days_not_utc_days(arc_rt, arc_settings, arc_company, corpus, tmp_path):
    """Archived at 00:30 in Paris on 15/01 (23:30 UTC on the 14th): in the period « du 15/01 au 15/01 », not in the
    14th's. Counting UTC days, the evidence page found nothing archived « today » between midnight and one o'clock."""
    from guichet.plugins.archive.export import _records

    document = ingest(arc_rt, arc_company, (corpus / SAMPLES[0]).read_bytes(), SAMPLES[0])
    ArchiveRecord.update(archived_at=dt.datetime(2026, 1, 14, 23, 30)).where(
        ArchiveRecord.document == document).execute()
    day = dt.date(2026, 1, 15)
    assert [r.document_id for r in _records(None, arc_company.siren, day, day)] == [document.id]
    assert _records(None, arc_company.siren, day - dt.timedelta(days=1), day - dt.timedelta(days=1)) == []
    folder = _export(arc_settings, tmp_path, "--company", arc_company.siren, "--from", "2026-01-15", "--to", "2026-01-15")
    assert len(list((folder / "archive").rglob("*.pdf"))) == 1


def test_export_needs_a_scope(arc_settings, tmp_path):
    cli.add_command(archive_plugin.archive_group)
    result = CliRunner().invoke(cli, ["--data-dir", str(arc_settings.data_dir), "archive", "export", "-o", str(tmp_path / "x.zip")])
    assert result.exit_code == 2 and "--document" in result.output
