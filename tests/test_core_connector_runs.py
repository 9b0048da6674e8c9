"""The connector runner: settings in, files to intake, cursor and status out, failures isolated."""

from __future__ import annotations

import datetime as dt

import pytest

from guichet.core import hookimpl
from guichet.core.ops import connector_runs
from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
from guichet.core.connectors import IncomingFile, SettingField, load_connectors
from guichet.core.model.models import Document, Event, utcnow

pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


class Counter:
    """Yields one new file per run, remembering in the cursor how many it gave."""

    id = "counter_test"
    label = "Compteur"
    version = "1"
    directions = frozenset({"inbound"})
    settings_fields = (SettingField("prefix", "Préfixe", default="n"),
                       SettingField("token", "Jeton", secret=True))

    def check(self, settings):
        return []

    def fetch(self, settings, cursor):
        n = cursor.get("n", 0) + 1
        yield IncomingFile(f"{settings['prefix']}{n}".encode(), f"f{n}.txt", context={"raw": b"context bytes"})
        cursor["n"] = n


class Broken:
    """Fails after giving one file: the file and the cursor must survive."""

    id = "broken_test"
    label = "Cassé"
    version = "1"
    directions = frozenset({"inbound"})
    settings_fields = ()

    def check(self, settings):
        return []

    def fetch(self, settings, cursor):
        yield IncomingFile(b"given before the failure", "before.txt")
        cursor["got"] = 1
        raise RuntimeError("le portail ne répond plus")


class TwoFactor:
    """Asks a person for a code, then works with it."""

    id = "twofactor_test"
    label = "Double authentification"
    version = "1"
    directions = frozenset({"inbound"})
    settings_fields = ()

    def check(self, settings):
        return []

    def fetch(self, settings, cursor):
        if settings.get("_answer") != "123456":
            raise connector_runs.NeedsPerson("Entrez le code reçu par SMS")
        yield IncomingFile(b"after 2fa", "after.txt")


class Plugin:
    @hookimpl
    def register_connectors(self):
        return [Counter, Broken, TwoFactor]


@pytest.fixture
def conns(rt):
    rt.pm.register(Plugin())
    return load_connectors(rt.pm)


def test_secrets_are_encrypted_in_the_database_and_clear_for_the_connector(rt, company, conns):
    config = connector_runs.configure(rt, company, conns["counter_test"], {"token": "tok-123"})
    raw = ConnectorConfig.select(ConnectorConfig.settings.cast("text")).where(ConnectorConfig.id == config.id).scalar()
    assert "tok-123" not in raw
    assert connector_runs.clear_settings(rt, config, conns["counter_test"]) == {"prefix": "n", "token": "tok-123"}
    assert connector_runs.public_settings(config, conns["counter_test"])["token"] == "••••"
    # An empty secret keeps the stored one.
    connector_runs.configure(rt, company, conns["counter_test"], {"token": "", "prefix": "x"})
    again = ConnectorConfig.get_by_id(config.id)
    assert connector_runs.clear_settings(rt, again, conns["counter_test"])["token"] == "tok-123"
    with pytest.raises(ValueError, match="inconnu"):
        connector_runs.configure(rt, company, conns["counter_test"], {"nope": 1})


def test_run_stores_files_persists_cursor_and_schedules_next(rt, company, conns):
    config = connector_runs.configure(rt, company, conns["counter_test"], {})
    report = connector_runs.run_config(rt, config.id, conns)
    config = ConnectorConfig.get_by_id(config.id)
    assert report.status == ConnectorStatus.OK
    (doc,) = Document.select().where(Document.company == company)
    assert doc.channel == "counter_test" and report.received == [doc.id]
    assert config.cursor == {"n": 1} and config.status == "ok" and config.files_received == 1
    assert config.next_run_at == config.last_run_at + dt.timedelta(minutes=5)
    event = Event.get((Event.kind == "document.received") & (Event.document_id == doc.id))
    assert rt.blobs.get(event.data["raw"]) == b"context bytes"  # bytes in context become blobs
    assert connector_runs.due_configs(conns) == []  # not due again yet
    assert connector_runs.run_config(rt, config.id, conns).skipped  # the lease protects it


def test_one_failing_connector_never_stops_the_others(rt, company, other_company, conns):
    broken = connector_runs.configure(rt, company, conns["broken_test"], {})
    fine = connector_runs.configure(rt, other_company, conns["counter_test"], {})
    missing = ConnectorConfig.create(company=company, connector_id="uninstalled_test")

    reports = {r.config_id: r for r in connector_runs.poll_due(rt, {**conns})}

    assert reports[fine.id].status == ConnectorStatus.OK
    broken = ConnectorConfig.get_by_id(broken.id)
    assert broken.status == ConnectorStatus.ERROR
    assert broken.last_error == "RuntimeError: le portail ne répond plus"
    assert broken.cursor == {"got": 1}  # progress kept
    assert Document.get(Document.filename == "before.txt").company_id == company.id
    assert Event.select().where(Event.kind == "connector.error").count() == 1
    assert missing.id not in reports  # uninstalled connectors are not polled
    # Back-off: the next try waits longer after each failure.
    first_delay = broken.next_run_at - broken.last_run_at
    ConnectorConfig.update(next_run_at=None).where(ConnectorConfig.id == broken.id).execute()
    connector_runs.run_config(rt, broken.id, conns)
    broken = ConnectorConfig.get_by_id(broken.id)
    assert broken.failures == 2
    assert broken.next_run_at - broken.last_run_at == 2 * first_delay


def test_unknown_connector_is_an_error_on_its_configuration(rt, company, conns):
    config = ConnectorConfig.create(company=company, connector_id="gone_test")
    report = connector_runs.run_config(rt, config.id, conns, force=True)
    assert report.status == ConnectorStatus.ERROR
    assert "gone_test" in ConnectorConfig.get_by_id(config.id).last_error


def test_a_prompt_waits_for_a_person_then_uses_the_answer_once(rt, company, conns):
    config = connector_runs.configure(rt, company, conns["twofactor_test"], {})
    report = connector_runs.run_config(rt, config.id, conns)
    config = ConnectorConfig.get_by_id(config.id)
    assert report.status == ConnectorStatus.WAITING
    assert config.prompt == "Entrez le code reçu par SMS"
    assert connector_runs.due_configs(conns) == []  # no hammering while waiting

    connector_runs.answer_prompt(rt, config, "123456")
    assert "123456" not in (ConnectorConfig.get_by_id(config.id).answer or "")
    assert connector_runs.due_configs(conns) == [config.id]
    report = connector_runs.run_config(rt, config.id, conns)
    config = ConnectorConfig.get_by_id(config.id)
    assert report.status == ConnectorStatus.OK and len(report.received) == 1
    assert config.prompt is None and config.answer is None


def test_route_company_by_setting_or_siren_tag(company, other_company):
    company.settings = {"intake_email": "Factures@Client-A.test"}
    company.save()
    assert connector_runs.route_company(["factures@client-a.test"]).id == company.id
    assert connector_runs.route_company([f"f+{other_company.siren}@x.test"]).id == other_company.id
    assert connector_runs.route_company(["nobody@x.test"]) is None
    assert connector_runs.route_company([]) is None


def test_disabled_configurations_are_not_polled(rt, company, conns):
    connector_runs.configure(rt, company, conns["counter_test"], {}, enabled=False)
    assert connector_runs.due_configs(conns, utcnow()) == []


def test_overview_masks_secrets_and_scopes_to_a_company(rt, company, other_company, conns):
    connector_runs.configure(rt, company, conns["counter_test"], {"token": "tok-123"})
    connector_runs.configure(rt, other_company, conns["counter_test"], {})
    rows = connector_runs.overview(conns, company)
    assert len(rows) == 1 and rows[0]["company_id"] == company.id
    assert rows[0]["settings"]["token"] == "••••" and "tok-123" not in str(rows)
    assert rows[0]["status_label"] == "Jamais lancé" and rows[0]["installed"]
    assert len(connector_runs.overview(conns)) == 2
