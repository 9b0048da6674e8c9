"""The picking framework: fetched once, errors and back-off, unreachable sites."""

from __future__ import annotations

import pytest
from intake_samples import invoice_pdf, other_invoice_pdf
from supplier_portal import portal  # noqa: F401 - fixture

from guichet.core.ops.picking import Collector, RemoteInvoice
from guichet.connectors.supplier_demo import DemoPortalCollector
from guichet.core.ops import connector_runs
from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
from guichet.core.connectors import load_connectors
from guichet.core.model.models import Document


@pytest.fixture
def conns(rt):
    return load_connectors(rt.pm)


def _configure(rt, company, url, **extra):
    values = {"base_url": url, "username": "client", "password": "motdepasse", "delay_seconds": 0, **extra}
    return connector_runs.configure(rt, company, DemoPortalCollector(), values)


def test_invoices_are_downloaded_once(rt, company, portal, conns):
    portal.app.config["INVOICES"] = [("F1", "2026-01-31", invoice_pdf())]
    config = _configure(rt, company, portal.url)
    connector_runs.run_config(rt, config.id, conns)
    portal.app.config["INVOICES"].append(("F2", "2026-02-28", other_invoice_pdf()))
    connector_runs.run_config(rt, config.id, conns, force=True)

    assert portal.app.config["DOWNLOADS"] == ["F1", "F2"]
    assert Document.select().where(Document.company == company).count() == 2
    assert connector_runs.open_cursor(rt, ConnectorConfig.get_by_id(config.id).cursor)["fetched"] == ["F1", "F2"]


def test_max_per_run_limits_a_run_and_the_rest_comes_next_time(rt, company, portal, conns):
    portal.app.config["INVOICES"] = [("F1", "d", invoice_pdf()), ("F2", "d", other_invoice_pdf())]
    config = _configure(rt, company, portal.url, max_per_run=1)
    assert len(connector_runs.run_config(rt, config.id, conns).received) == 1
    assert len(connector_runs.run_config(rt, config.id, conns, force=True).received) == 1


def test_a_busy_site_backs_off_and_an_unreachable_one_is_reported(rt, company, other_company, portal, conns):
    portal.app.config["FAIL"] = 503
    busy = _configure(rt, company, portal.url)
    down = connector_runs.configure(rt, other_company, DemoPortalCollector(), {
        "base_url": "http://127.0.0.1:9/", "username": "u", "password": "p"})
    connector_runs.poll_due(rt, conns)
    busy, down = ConnectorConfig.get_by_id(busy.id), ConnectorConfig.get_by_id(down.id)
    assert busy.status == ConnectorStatus.ERROR and "limite les accès (503)" in busy.last_error
    assert down.status == ConnectorStatus.ERROR and "injoignable" in down.last_error
    assert busy.next_run_at > busy.last_run_at


def test_a_collector_only_lists_and_the_framework_does_the_rest(rt, company, portal, conns):
    class Minimal(Collector):
        id = "minimal_test"

        def login(self, session, settings, answer):
            return None

        def list_invoices(self, session, settings):
            yield RemoteInvoice("X1", "x1.pdf", portal.url + "invoices/X1.pdf")

        def download(self, session, settings, invoice):
            return invoice_pdf()

    files = list(Minimal().fetch({"username": "u", "password": "p"}, cursor := {}))
    assert [f.filename for f in files] == ["x1.pdf"]
    assert files[0].context["remote_id"] == "X1"
    assert cursor["fetched"] == ["X1"]


def test_the_same_invoice_under_two_references_is_ingested_once(rt, company, portal, conns):
    portal.app.config["INVOICES"] = [("F1", "d", invoice_pdf()), ("F1-copie", "d", invoice_pdf())]
    config = _configure(rt, company, portal.url)
    report = connector_runs.run_config(rt, config.id, conns)
    assert len(report.received) == 1 and report.duplicates == report.received
    assert Document.select().where(Document.company == company).count() == 1
