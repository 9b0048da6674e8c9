"""Sirene: stock-file import into the local table, the API client against a stand-in, the control."""

from __future__ import annotations

import zipfile

import pytest

from controls_samples import establishment_record, french_invoice, siret_of, unit_record, write_stock_files
from guichet.connectors import sirene
from guichet.core.errors import ConnectorError, UnreadableInput
from guichet.core.model.registry_models import SireneApiCache, SireneEstablishment, SireneImport, SireneUnit
from guichet.core.settings import load_settings
from standins.insee import InseeStandIn

SIREN = "732829320"


@pytest.fixture
def insee():
    """The INSEE stand-in on an ephemeral loopback port (quota 30 per minute, as published)."""
    with InseeStandIn(api_key="k-test") as server:
        server.add_unit(SIREN, "FOURNISSEUR EXEMPLE")
        server.add_unit("542107651", "ENTREPRISE CESSEE", state="C", since="2024-06-30")
        server.add_establishment(siret_of(SIREN))
        server.add_establishment(siret_of(SIREN, 20), state="F")
        yield server


def api_settings(server, **extra):
    return load_settings(sirene={"api_url": server.base_url, "api_key": "k-test", "rate_per_minute": 6000,
                                 "cache_days": 7, **extra})


# ---------------------------------------------------------------------------
# Stock files
# ---------------------------------------------------------------------------


def test_import_stock_files_streams_into_indexed_tables(rt, tmp_path):
    units, establishments = write_stock_files(tmp_path, 1000, extra_units=[unit_record(SIREN, "FOURNISSEUR")])
    seen = []
    result = sirene.import_stock(units, batch_size=300, progress=seen.append)
    assert (result.kind, result.rows) == ("unite_legale", 1001)
    assert seen == [300, 600, 900, 1001]
    assert sirene.import_stock(establishments).kind == "etablissement"
    assert SireneUnit.select().count() == 1001
    assert SireneEstablishment.select().count() == 1000
    assert SireneUnit.get_by_id(SIREN).name == "FOURNISSEUR"
    indexes = {ix.name for ix in rt.database.get_indexes("sirene_establishment")}
    assert any("siren" in name for name in indexes)
    assert SireneImport.select().where(SireneImport.finished_at.is_null(False)).count() == 2


def test_import_is_idempotent_and_refreshes(rt, tmp_path):
    units, _ = write_stock_files(tmp_path / "m1", 100, extra_units=[unit_record(SIREN, "AVANT")])
    sirene.import_stock(units)
    sirene.import_stock(units)
    assert SireneUnit.select().count() == 101
    later, _ = write_stock_files(tmp_path / "m2", 50, extra_units=[unit_record(SIREN, "APRES", state="C")])
    result = sirene.import_stock(later, prune=True)
    assert result.pruned == 50  # units absent from the newer complete file
    assert SireneUnit.select().count() == 51
    unit = SireneUnit.get_by_id(SIREN)
    assert (unit.name, unit.state) == ("APRES", "C")


def test_import_reads_the_zip_as_published(rt, tmp_path):
    units, _ = write_stock_files(tmp_path, 20)
    archive = tmp_path / "StockUniteLegale_utf8.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(units, "StockUniteLegale_utf8.csv")
    assert sirene.import_stock(archive).rows == 20


def test_import_refuses_a_file_that_is_not_sirene(rt, tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(UnreadableInput, match="colonnes Sirene absentes"):
        sirene.import_stock(bad)


def test_local_lookup(rt, tmp_path):
    units, establishments = write_stock_files(
        tmp_path, 5, extra_units=[unit_record(SIREN, "FOURNISSEUR"), unit_record("542107651", "X", state="C")],
        extra_establishments=[establishment_record(siret_of(SIREN, 20), state="F")])
    sirene.import_stock(units)
    sirene.import_stock(establishments)
    settings = load_settings()
    assert sirene.lookup(SIREN, settings=settings).active is True
    assert sirene.lookup("542107651", settings=settings).active is False
    status = sirene.lookup(SIREN, siret_of(SIREN, 20), settings=settings)
    assert (status.siret_found, status.siret_active) == (True, False)
    assert sirene.lookup("732829304", settings=settings).found is False


def test_no_source_says_nothing(rt):
    assert sirene.lookup(SIREN, settings=load_settings()) is None
    assert sirene.check_parties(french_invoice(), load_settings()).problems == []


def test_the_local_copy_of_a_bound_database_names_the_unit(rt, tmp_path):
    units, _establishments = write_stock_files(tmp_path, 2, extra_units=[unit_record(SIREN, "FOURNISSEUR EXEMPLE")])
    sirene.import_stock(units)
    assert sirene.local_available() and sirene.registered_name(SIREN) == "FOURNISSEUR EXEMPLE"


def test_a_reading_with_no_database_does_not_import_the_models():
    import subprocess
    import sys

    # A new interpreter, as ``guichet extract``: no database bound, the models never imported.
    code = ("import sys; from guichet.connectors import sirene; "
            "print(sirene.registered_name('732829320'), sirene.registered_address('732829320', None), "
            "'peewee' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["None", "None", "False"]


# ---------------------------------------------------------------------------
# The API client, against the stand-in
# ---------------------------------------------------------------------------


def test_client_sends_the_key_and_reads_the_published_shapes(insee):
    client = sirene.SireneClient(insee.base_url, "k-test", rate_per_minute=6000)
    status, body = client.unite_legale(SIREN)
    assert status == 200
    assert body["uniteLegale"]["periodesUniteLegale"][0]["etatAdministratifUniteLegale"] == "A"
    assert insee.requests[-1]["key"] == "k-test"
    assert client.unite_legale("732829304")[0] == 404
    assert client.etablissement(siret_of(SIREN, 20))[1]["etablissement"]["periodesEtablissement"][0][
        "etatAdministratifEtablissement"] == "F"


def test_client_refuses_a_wrong_key(insee):
    with pytest.raises(ConnectorError, match="clé refusée"):
        sirene.SireneClient(insee.base_url, "wrong", rate_per_minute=6000).unite_legale(SIREN)


def test_client_backs_off_on_429(insee):
    insee.limit, insee.window = 2, 0.3  # a tiny quota to hit it quickly
    waits = []

    def sleep(seconds):
        import time

        waits.append(seconds)
        time.sleep(seconds)

    client = sirene.SireneClient(insee.base_url, "k-test", rate_per_minute=0, backoff=0.1, max_wait=0.35,
                                 sleep=sleep)
    statuses = [client.unite_legale(SIREN)[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 200]
    assert insee.refused >= 1  # the stand-in answered 429 at least once...
    assert 0.35 in waits  # ...and the client waited (Retry-After capped by max_wait) before retrying


def test_client_spaces_calls_to_the_rate(insee):
    waits = []
    client = sirene.SireneClient(insee.base_url, "k-test", rate_per_minute=30, sleep=waits.append)
    for _ in range(3):
        client.unite_legale(SIREN)
    assert len(waits) == 2
    # 60 s / 30 calls = one call every 2 s; the fake sleep does not move the clock, so the waits add up
    assert 1.9 < waits[0] <= 2.0
    assert 3.9 < waits[1] <= 4.0


def test_client_retries_503_then_gives_up(insee):
    insee.fail_next = 1
    client = sirene.SireneClient(insee.base_url, "k-test", rate_per_minute=0, backoff=0.01)
    assert client.unite_legale(SIREN)[0] == 200
    insee.fail_next = 10
    with pytest.raises(sirene.SireneUnavailable):
        sirene.SireneClient(insee.base_url, "k-test", rate_per_minute=0, backoff=0.01, max_retries=2).unite_legale(SIREN)


def test_unreachable_api_is_unavailable_not_ceased():
    client = sirene.SireneClient("http://127.0.0.1:9/api", "k", rate_per_minute=0, max_retries=1, backoff=0.01,
                                 timeout=1)
    with pytest.raises(sirene.SireneUnavailable):
        client.unite_legale(SIREN)


def test_lookup_through_the_api_uses_the_cache(rt, insee):
    settings = api_settings(insee)
    sirene._clients.clear()
    status = sirene.lookup("542107651", settings=settings)
    assert (status.found, status.active, status.source, status.since) == (True, False, "api", "2024-06-30")
    before = len(insee.requests)
    assert sirene.lookup("542107651", settings=settings).active is False
    assert len(insee.requests) == before  # answered from the cache table
    assert SireneApiCache.get_by_id("siren:542107651").status == 200
    assert sirene.lookup("732829304", settings=settings).found is False


# ---------------------------------------------------------------------------
# The control
# ---------------------------------------------------------------------------


def test_control_ceased_closed_unknown_through_the_api(rt, insee):
    settings = api_settings(insee)
    sirene._clients.clear()
    invoice = french_invoice()
    assert sirene.check_parties(invoice, settings).problems == [
        # the buyer (552081317) is unknown to this stand-in
        p for p in sirene.check_parties(invoice, settings).problems if p.code == "ID-SIREN-UNKNOWN"
    ]
    invoice.seller.identifiers[0].value = siret_of(SIREN, 20)
    found = {(p.code, str(p.severity)) for p in sirene.check_parties(invoice, settings).problems}
    assert ("ID-SIREN-ACTIVE", "fatal") in found
    invoice.seller.legal_id.value = "542107651"
    invoice.seller.identifiers = []
    messages = [p.message for p in sirene.check_parties(invoice, settings).problems if p.code == "ID-SIREN-ACTIVE"]
    assert messages == ["entreprise du vendeur cessée depuis le 2024-06-30 (Sirene, SIREN 542107651)"]


def test_control_is_silent_when_the_api_is_down(rt, insee):
    insee.fail_next = 100
    settings = api_settings(insee)
    sirene._clients.clear()
    client = sirene.client_for(settings)
    client.backoff, client.max_retries = 0.01, 1
    assert sirene.check_parties(french_invoice(), settings).problems == []


def test_command_line_import_and_lookup(tmp_path):
    import json
    import os
    import subprocess
    import sys

    units, _ = write_stock_files(tmp_path / "stock", 10, extra_units=[unit_record(SIREN, "FOURNISSEUR", state="C")])
    env = {**os.environ, "GUICHET_DATA_DIR": str(tmp_path / "instance")}

    def guichet(*args):
        return subprocess.run([sys.executable, "-m", "guichet.core", "sirene", *args], capture_output=True,
                              text=True, env=env, timeout=120, check=False)

    imported = guichet("import", str(units))
    assert imported.returncode == 0, imported.stderr
    assert "11 lignes (unite_legale)" in imported.stdout
    looked = guichet("lookup", SIREN)
    assert json.loads(looked.stdout)["active"] is False
