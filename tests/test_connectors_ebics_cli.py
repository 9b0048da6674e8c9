"""``guichet payments ebics ...`` from outside (a subprocess on an instance), against the stand-in bank."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from payments_samples import COMPANY_IBAN, Entry, camt053
from standins.ebics_bank import EbicsBankStandIn

DEMO_SIREN = "552081317"


def _guichet(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GUICHET_DATA_DIR": str(data_dir), "GUICHET_QUEUE_BACKEND": "memory"}
    return subprocess.run([sys.executable, "-m", "guichet.core", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def test_the_command_line_initialises_the_access_and_fetches_statements(tmp_path):
    data_dir = tmp_path / "instance"
    assert _guichet(data_dir, "init").returncode == 0
    with EbicsBankStandIn() as bank:
        common = ("--company", DEMO_SIREN)
        refused = _guichet(data_dir, "payments", "ebics", "configure", *common, "--url", bank.url,
                           "--host-id", bank.host_id, "--partner-id", "PARTNER1", "--user-id", "USER1")
        assert refused.returncode == 1 and "destination refusée" in refused.stderr
        made = _guichet(data_dir, "payments", "ebics", "configure", *common, "--url", bank.url, "--host-id",
                        bank.host_id, "--partner-id", "PARTNER1", "--user-id", "USER1", "--allow-host", "127.0.0.1")
        assert made.returncode == 0, made.stderr
        assert "A006 :" in made.stdout
        assert _guichet(data_dir, "payments", "ebics", "init", *common).returncode == 0
        letters = tmp_path / "lettres.pdf"
        assert _guichet(data_dir, "payments", "ebics", "letters", *common, "-o", str(letters)).returncode == 0
        assert letters.read_bytes().startswith(b"%PDF")
        early = _guichet(data_dir, "payments", "ebics", "hpb", *common)
        assert early.returncode == 1 and "091002" in early.stderr
        bank.activate()
        keys = _guichet(data_dir, "payments", "ebics", "hpb", *common)
        assert keys.returncode == 0, keys.stderr
        printed = {line.split(" : ")[0]: line.split(" : ")[1].replace(" ", "")
                   for line in keys.stdout.splitlines() if " : " in line and line[:4] in ("X002", "E002")}
        assert printed == bank.letter()
        wrong = _guichet(data_dir, "payments", "ebics", "confirm", *common, "--x002", "0" * 64,
                         "--e002", bank.letter()["E002"])
        assert wrong.returncode == 1 and "ne correspond pas" in wrong.stderr
        ok = _guichet(data_dir, "payments", "ebics", "confirm", *common, "--x002", bank.letter()["X002"],
                      "--e002", bank.letter()["E002"])
        assert ok.returncode == 0, ok.stderr
        bank.queue("camt.053", "s.xml", camt053(COMPANY_IBAN, [Entry(Decimal("80.00"), dt.date(2026, 11, 4), "Y")]))
        fetched = _guichet(data_dir, "payments", "ebics", "fetch", *common, "--json")
        assert fetched.returncode == 0, fetched.stderr
        report = json.loads(fetched.stdout)
        assert report["files"] == 1 and report["imports"][0]["lines_read"] == 1
        empty = _guichet(data_dir, "payments", "ebics", "fetch", *common)
        assert empty.returncode == 0 and "aucun nouveau relevé" in empty.stdout
        unknown = _guichet(data_dir, "payments", "ebics", "send", *common, "--batch", "LOT-INCONNU")
        assert unknown.returncode == 1 and "aucun lot LOT-INCONNU" in unknown.stderr
        assert bank.schema_errors == []
