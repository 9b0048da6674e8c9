"""The example collector against the stand-in portal: login, CSRF, pagination, 2FA by a person."""

from __future__ import annotations

import pytest
from intake_samples import encrypted_pdf, invoice_pdf, other_invoice_pdf
from supplier_portal import portal  # noqa: F401 - fixture

from guichet.connectors.supplier_demo import DemoPortalCollector
from guichet.core.ops import connector_runs
from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
from guichet.core.connectors import load_connectors
from guichet.core.model.models import Document


@pytest.fixture
def conns(rt):
    return load_connectors(rt.pm)


def _configure(rt, company, portal, **extra):
    values = {"base_url": portal.url, "username": "client", "password": "motdepasse", "delay_seconds": 0, **extra}
    return connector_runs.configure(rt, company, DemoPortalCollector(), values)


def test_every_page_is_fetched_into_the_company(rt, company, portal, conns):
    portal.app.config["INVOICES"] = [("F1", "2026-01-31", invoice_pdf()), ("F2", "2026-02-28", other_invoice_pdf()),
                                     ("F3", "2026-03-31", encrypted_pdf())]
    config = _configure(rt, company, portal)

    report = connector_runs.run_config(rt, config.id, conns)

    assert report.status == ConnectorStatus.OK, report.error
    docs = {d.filename: d for d in Document.select().where(Document.company == company)}
    assert set(docs) == {"F1.pdf", "F2.pdf", "F3.pdf"}  # three pages of two: pagination followed
    assert {d.channel for d in docs.values()} == {"picking"}
    assert docs["F3.pdf"].state == "rejected" and "mot de passe" in docs["F3.pdf"].reason


def test_wrong_password_is_a_clear_error(rt, company, portal, conns):
    config = _configure(rt, company, portal, password="faux")
    report = connector_runs.run_config(rt, config.id, conns)
    assert report.status == ConnectorStatus.ERROR
    assert ConnectorConfig.get_by_id(config.id).last_error == "identifiant ou mot de passe refusé par le portail"


def test_a_2fa_code_is_asked_to_a_person_then_the_device_is_trusted(rt, company, portal, conns):
    portal.app.config.update(TWO_FACTOR="424242", INVOICES=[("F1", "2026-01-31", invoice_pdf())])
    config = _configure(rt, company, portal)

    report = connector_runs.run_config(rt, config.id, conns)
    assert report.status == ConnectorStatus.WAITING
    assert "code" in ConnectorConfig.get_by_id(config.id).prompt

    connector_runs.answer_prompt(rt, ConnectorConfig.get_by_id(config.id), "424242")
    report = connector_runs.run_config(rt, config.id, conns)
    assert report.status == ConnectorStatus.OK and len(report.received) == 1

    # Next run: the remembered (encrypted) cookies spare a new code.
    portal.app.config["INVOICES"].append(("F2", "2026-02-28", other_invoice_pdf()))
    ConnectorConfig.update(next_run_at=None).execute()
    report = connector_runs.run_config(rt, config.id, conns)
    assert report.status == ConnectorStatus.OK and len(report.received) == 1
    raw = rt.database.execute_sql("SELECT cursor FROM connector_config").fetchone()[0]
    assert "trusted" not in raw and "session" not in raw  # cookies encrypted at rest
