"""The ``guichet export`` contract, exercised from outside: invoices imported through the pipeline, then exported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from guichet.core.plugins import make_plugin_manager

import fec_rules
from export_samples import cii_invoice

DEMO = ("Société Démo SAS", "552081317")
PERIOD = ("--from", "2026-01-01", "--to", "2026-12-31")


def _guichet(data_dir: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "GUICHET_DATA_DIR": str(data_dir), "GUICHET_QUEUE_BACKEND": "memory"}
    result = subprocess.run([sys.executable, "-m", "guichet.core", *args], env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """The demo instance with one purchase and one sales invoice imported through the whole pipeline."""
    data_dir = tmp_path_factory.mktemp("export") / "instance"
    _guichet(data_dir, "init", check=True)
    files = tmp_path_factory.mktemp("invoices")
    pm = make_plugin_manager()
    (files / "ach.xml").write_bytes(cii_invoice(pm, "ACH-77", seller=("Fournisseur Alpha SARL", "732829320"),
                                                buyer=DEMO, base="1000.00"))
    (files / "ven.xml").write_bytes(cii_invoice(pm, "FA-2026-9", seller=DEMO, buyer=("Client Gamma SA", "542107651"),
                                                base="250.00", rate="10"))
    result = _guichet(data_dir, "import", str(files / "ach.xml"), str(files / "ven.xml"), "--company", DEMO[1], check=True)
    assert result.stdout.count("archived") == 2, result.stdout
    return data_dir


def test_formats_are_listed(instance):
    out = _guichet(instance, "export", "formats", check=True).stdout
    names = [line.split("\t")[0] for line in out.splitlines()]
    assert names == ["csv", "ebp", "fec", "quadra"]


def test_fec_into_a_folder_is_named_as_the_law_says(instance, tmp_path):
    result = _guichet(instance, "export", "fec", "--company", DEMO[1], *PERIOD, "-o", str(tmp_path), check=True)
    target = tmp_path / "552081317FEC20261231.txt"
    assert target.is_file(), result.stdout
    assert "2 écriture(s) exportée(s)" in result.stdout
    data = target.read_bytes()
    assert fec_rules.check(data, filename=target.name) == []
    text = data.decode("iso-8859-15")
    assert "\t401000\tFournisseurs\tFFOURNISSEU\tFournisseur Alpha SARL\tACH-77\t" in text
    assert "\t1200,00\t" in text and "\t275,00\t" in text
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_csv_with_options_and_bad_option(instance, tmp_path):
    out = tmp_path / "e.csv"
    _guichet(instance, "export", "csv", "--company", DEMO[1], *PERIOD, "-o", str(out), "--separator", "tab",
             "--decimal", ".", "--columns", "piece,account,debit,credit", check=True)
    rows = out.read_text("utf-8").splitlines()
    assert rows[0] == "Pièce\tCompte\tDébit\tCrédit"
    assert "ACH-77\t401000\t0.00\t1200.00" in rows
    again = _guichet(instance, "export", "csv", "--company", DEMO[1], *PERIOD, "-o", str(out))
    assert again.returncode == 0 and "déjà exportée" in again.stdout
    bad = tmp_path / "bad.csv"
    refused = _guichet(instance, "export", "csv", "--company", DEMO[1], *PERIOD, "-o", str(bad), "--columns", "x", "--again")
    assert refused.returncode == 2 and "colonne(s) inconnue(s)" in refused.stderr
    assert not bad.exists() and list(tmp_path.iterdir()) == [out]


def test_held_back_invoice_is_named_and_exit_1(instance, tmp_path):
    chart = tmp_path / "plan.csv"
    chart.write_text("Compte;Libellé\n411000;Clients\n706000;Prestations\n4457110;TVA collectée 10 %\n", "utf-8")
    _guichet(instance, "export", "chart", str(chart), "--company", DEMO[1], check=True)
    result = _guichet(instance, "export", "fec", "--company", DEMO[1], *PERIOD, "-o", str(tmp_path / "f.txt"))
    assert result.returncode == 1
    assert "retenue : facture ACH-77" in result.stderr and "plan comptable" in result.stderr
    assert "1 écriture(s) exportée(s)" in result.stdout
    assert fec_rules.check((tmp_path / "f.txt").read_bytes()) == []


def test_usage_errors_exit_2(instance, tmp_path):
    assert _guichet(instance, "export", "fec", "--company", "123456789", *PERIOD, "-o", str(tmp_path)).returncode == 2
    assert _guichet(instance, "export", "fec", "--company", "542107651", *PERIOD, "-o", str(tmp_path)).returncode == 2
    wrong = _guichet(instance, "export", "fec", "--company", DEMO[1], "--from", "2026-13-01", "--to", "2026-12-31",
                     "-o", str(tmp_path))
    assert wrong.returncode == 2
    assert _guichet(instance, "export", "sage", "--company", DEMO[1], *PERIOD, "-o", str(tmp_path)).returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_export_with_the_sealed_files(instance, tmp_path):
    import hashlib
    import zipfile

    result = _guichet(instance, "export", "csv", "--company", DEMO[1], *PERIOD, "-o", str(tmp_path), "--again",
                      "--with-files")
    assert result.returncode in (0, 1), result.stderr
    bundle = tmp_path / "552081317_csv_20260101_20261231.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert "552081317_csv_20260101_20261231.csv" in names and "SHA256SUMS" in names
        pdfs = [n for n in names if n.startswith("factures/2026/")]
        assert pdfs and all(archive.read(n).startswith(b"%PDF") for n in pdfs)
        for line in archive.read("SHA256SUMS").decode().splitlines():
            digest, name = line.split("  ")
            assert hashlib.sha256(archive.read(name)).hexdigest() == digest


def test_sync_run_prints_what_it_sent(instance, tmp_path):
    import os as _os

    target = tmp_path / "cabinet"
    target.mkdir()
    env = {"GUICHET_CONNECTORS_ALLOWED_ROOTS": str(tmp_path)}
    _os.environ.update(env)
    try:
        _guichet(instance, "sync", "set", "--company", DEMO[1], "--kind", "folder", "--folder", str(target), check=True)
        first = _guichet(instance, "sync", "run", "--company", DEMO[1], check=True)
        again = _guichet(instance, "sync", "run", "--company", DEMO[1], check=True)
        refused = _guichet(instance, "sync", "set", "--company", DEMO[1], "--kind", "folder", "--folder", "/etc")
    finally:
        _os.environ.pop("GUICHET_CONNECTORS_ALLOWED_ROOTS")
    assert "envoyé : 552081317/2026/achats/ACH-77.pdf" in first.stdout
    assert "envoyé : 552081317/SHA256SUMS" in first.stdout and "4 fichier(s) envoyé(s)" in first.stdout
    assert "0 fichier(s) envoyé(s), 3 déjà à jour" in again.stdout
    assert refused.returncode == 2 and "hors des dossiers autorisés" in refused.stderr
    assert (target / "552081317/2026/552081317FEC20261231.txt").is_file()
