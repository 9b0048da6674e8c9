"""The ``guichet`` command line, run as a real process (the contract checked from outside)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import DONE_STATES

GUICHET = str(Path(sys.executable).parent / "guichet")


def run(*args: str, env_dir: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ}
    if env_dir is not None:
        env["GUICHET_DATA_DIR"] = str(env_dir)
    return subprocess.run([GUICHET, *args], capture_output=True, text=True, env=env, timeout=300,
                          check=False, **kwargs)


def test_extract_json_on_factur_x(corpus):
    result = run("extract", str(corpus / "zugferd_2p1_EN16931_Einfach.pdf"), "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["invoice_number"] == "471102"
    assert record["issue_date"] == "2018-03-05"
    assert record["total_with_tax"] == "529.87"
    assert record["total_without_tax"] == "473.00"
    assert record["currency"] == "EUR"
    assert record["source"] == "xml"
    assert record["confidence"]["invoice_number"] == 1.0
    assert record["due_date"] is None and record["confidence"]["due_date"] is None


def test_extract_french_identifiers(corpus):
    record = json.loads(run("extract", str(corpus / "Facture_DOM_EN16931.pdf"), "--json").stdout)
    for key in ("seller_siren", "buyer_siren"):
        if record[key] is not None:
            assert len(record[key]) == 9 and record[key].isdigit()
    assert record["seller_name"]


def test_extract_unreadable_input_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage without end")
    result = run("extract", str(bad), "--json")
    assert result.returncode == 2
    reason = [line for line in result.stderr.splitlines() if line.startswith("guichet: ") and "WARNING" not in line]
    assert len(reason) == 1 and "bad.pdf" in reason[0]
    assert result.stdout == ""
    missing = run("extract", str(tmp_path / "absent.pdf"), "--json")
    assert missing.returncode == 2


def test_init_import_and_user_add(tmp_path, corpus):
    data_dir = tmp_path / "instance"
    init = run("init", env_dir=data_dir)
    assert init.returncode == 0, init.stderr
    assert "admin@demo.guichet.local" in init.stdout
    assert (data_dir / "guichet.db").exists()
    imported = run("import", str(corpus / "EN16931_Einfach.pdf"), str(corpus / "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"),
                   env_dir=data_dir)
    assert imported.returncode == 0, imported.stderr
    lines = imported.stdout.strip().splitlines()
    assert any(state in lines[0] for state in DONE_STATES) and "471102" in lines[0]
    assert "to_extract" in lines[1] or "to_code" in lines[1]
    again = run("import", str(corpus / "EN16931_Einfach.pdf"), env_dir=data_dir)
    assert "déjà reçu" in again.stdout
    added = run("user", "add", "compta@example.fr", "--password", "secret-123456", "--company", "552081317",
                "--role", "read", env_dir=data_dir)
    assert added.returncode == 0, added.stderr
    dup = run("user", "add", "compta@example.fr", "--password", "secret-123456", env_dir=data_dir)
    assert dup.returncode == 1 and "existe déjà" in dup.stderr


def test_import_rejected_file_exits_1(tmp_path):
    data_dir = tmp_path / "instance"
    run("init", env_dir=data_dir)
    empty = tmp_path / "vide.pdf"
    empty.write_bytes(b"")
    result = run("import", str(empty), env_dir=data_dir)
    assert result.returncode == 1
    assert "rejected" in result.stdout and "fichier vide" in result.stdout


@pytest.mark.parametrize("command", ["plugins", "--help"])
def test_listing_commands(command):
    result = run(command)
    assert result.returncode == 0, result.stderr
    if command == "plugins":
        assert "detect_format" in result.stdout and "parse_invoice" in result.stdout
