"""``guichet check FILE``: findings printed, exit 1 when blocking, 2 when unreadable."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from controls_samples import unit_record, write_stock_files


def check(*args, data_dir):
    env = {**os.environ, "GUICHET_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "guichet.core", "check", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_check_exit_codes(corpus, tmp_path):
    ok = check(corpus / "EN16931_Einfach.pdf", data_dir=tmp_path / "none")
    assert ok.returncode == 0, ok.stderr
    assert "facture 471102" in ok.stdout
    blocked = check(corpus / "Facture_DOM_EN16931.pdf", "--json", data_dir=tmp_path / "none")
    assert blocked.returncode == 1
    report = json.loads(blocked.stdout)
    assert report["blocking"] is True
    assert "ID-SIREN-CHECKSUM" in {f["code"] for f in report["findings"]}  # the sample's placeholder SIRETs
    assert not (tmp_path / "none").exists()  # stateless: no instance created
    garbage = tmp_path / "x.pdf"
    garbage.write_bytes(b"not an invoice")
    assert check(garbage, data_dir=tmp_path / "none").returncode == 2
    assert check(tmp_path / "missing.pdf", data_dir=tmp_path / "none").returncode == 2


def test_check_uses_the_local_sirene_table_and_the_company(corpus, tmp_path):
    from guichet.connectors.sirene import import_stock
    from guichet.core.access import accounts
    from guichet.core.ops import runtime
    from guichet.core.model.models import Firm
    from guichet.core.settings import load_settings

    data_dir = tmp_path / "instance"
    rt = runtime.start(load_settings(data_dir, queue={"backend": "memory"}))
    with rt.database.connection_context():
        units, _ = write_stock_files(tmp_path / "stock", 10, extra_units=[
            unit_record("999999998", "AU BON MOULIN", state="C", since="2020-01-31")])
        import_stock(units)
        accounts.create_company(Firm.create(name="Cabinet"), "Hôtel Saint Denis", "343434346")
    rt.database.close()
    result = check(corpus / "Facture_DOM_EN16931.pdf", "--json", "--company", "343434346", data_dir=data_dir)
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "ID-SIREN-ACTIVE" in codes  # the seller is ceased in the local table
    assert "FRAUD-NEW-SUPPLIER" in codes  # a stored company: its history is consulted
    other = check(corpus / "Facture_DOM_EN16931.pdf", "--json", "--company", "552081317", data_dir=data_dir)
    assert "FRAUD-BUYER-NOT-COMPANY" in {f["code"] for f in json.loads(other.stdout)["findings"]}


@pytest.mark.parametrize("siren", ["123"])
def test_check_refuses_a_bad_company_siren(corpus, tmp_path, siren):
    assert check(corpus / "EN16931_Einfach.pdf", "--company", siren, data_dir=tmp_path).returncode == 2


def test_check_speaks_french_for_official_rules(corpus, tmp_path):
    """Official English rule texts: French in the text output, ``message_fr`` beside ``message`` in the JSON."""
    text = check(corpus / "Facture_UE_EN16931.pdf", data_dir=tmp_path / "none")
    assert text.returncode == 1
    assert "BR-IC-11 : Une facture avec une ventilation de TVA de catégorie « livraison intracommunautaire »" in text.stdout
    assert "should not be present" not in text.stdout and "shall" not in text.stdout
    report = json.loads(check(corpus / "Facture_UE_EN16931.pdf", "--json", data_dir=tmp_path / "none").stdout)
    found = next(f for f in report["findings"] if f["code"] == "BR-IC-11")
    assert found["message"].startswith("[BR-IC-11]-In an Invoice") and "(BT-72)" in found["message_fr"]
    own = next(f for f in report["findings"] if not f["code"].startswith(("BR-", "CII-", "FX-")))
    assert own["message_fr"] == own["message"]  # Guichet's own controls are French already
