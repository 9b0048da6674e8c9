"""The connector configuration table (migration m0007): one configuration per company and connector."""

from __future__ import annotations

import peewee
import pytest

from guichet.core.model.connector_models import STATUS_LABELS, ConnectorConfig, ConnectorStatus
from guichet.core.model.models import SchemaVersion


def test_migration_creates_the_table_with_safe_defaults(rt, company):
    assert SchemaVersion.get_or_none(SchemaVersion.version == 7) is not None
    config = ConnectorConfig.create(company=company, connector_id="imap")
    assert config.status == ConnectorStatus.NEVER and config.enabled and config.cursor == {}
    assert set(STATUS_LABELS) == {"never", "ok", "error", "waiting"}


def test_one_configuration_per_company_and_connector(rt, company):
    ConnectorConfig.create(company=company, connector_id="imap")
    with pytest.raises(peewee.IntegrityError), rt.database.atomic():
        ConnectorConfig.create(company=company, connector_id="imap")
    ConnectorConfig.create(company=None, connector_id="imap")  # the instance-wide catch-all


def test_deleting_a_company_deletes_its_configurations(rt, company):
    ConnectorConfig.create(company=company, connector_id="imap")
    company.delete_instance()
    assert ConnectorConfig.select().count() == 0
