"""The platform connector contract (core/connectors.py), platform accounts per company, the lifecycle vocabulary."""

from __future__ import annotations

import pickle

import pytest

from guichet.core import hookimpl
from guichet.core.connectors import (
    PLATFORM,
    DirectoryEntry,
    OutgoingFlow,
    RemoteFlow,
    SettingField,
    is_platform,
)
from guichet.core.errors import NetworkNotConfigured, PlatformError
from guichet.core.model import lifecycle
from guichet.core.model.connector_models import ConnectorConfig
from guichet.core.network import accounts
from guichet.core.ops import connector_runs


class FakePlatform:
    """The smallest platform connector: the contract's methods, answering from memory."""

    id = "fake_platform"
    label = "Plateforme de test"
    version = "1"
    kind = PLATFORM
    directions = frozenset({"inbound", "outbound"})
    settings_fields = (SettingField("url", "Adresse"), SettingField("client_secret", "Secret", secret=True),
                       SettingField("reception", "Réception", kind="bool", default=True),
                       SettingField("emission", "Émission", kind="bool", default=True))

    def check(self, settings):
        return []

    def send_flow(self, settings, flow):
        return RemoteFlow(flow_id="F1", tracking_id=flow.tracking_id, ack_status="Ok")

    def search_flows(self, settings, *, updated_after=None, direction="In", tracking_id=None):
        return []

    def get_flow(self, settings, flow_id):
        return RemoteFlow(flow_id=flow_id)

    def download_flow(self, settings, flow_id):
        return b""

    def lookup(self, settings, identifier):
        return [DirectoryEntry(siren=identifier[:9])]


class NotAPlatform(FakePlatform):
    id = "not_platform"
    kind = "other"


class Plugin:
    @hookimpl
    def register_connectors(self):
        return [FakePlatform, NotAPlatform]


@pytest.fixture
def platform(rt):
    rt.pm.register(Plugin())
    return accounts.platform_connectors(rt.pm)["fake_platform"]


def test_is_platform_needs_the_kind_and_every_method():
    assert is_platform(FakePlatform())
    assert not is_platform(NotAPlatform())

    class Half(FakePlatform):
        lookup = None

    assert not is_platform(Half())


def test_outgoing_flow_fingerprint_is_the_sha256_of_its_bytes():
    flow = OutgoingFlow(tracking_id="t-1", name="f.xml", data=b"abc", syntax="CII")
    assert flow.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert RemoteFlow(flow_id="x", syntax="CDAR").is_lifecycle
    assert RemoteFlow(flow_id="x", flow_type="SupplierInvoiceLC").is_lifecycle
    assert not RemoteFlow(flow_id="x", syntax="CII", flow_type="SupplierInvoice").is_lifecycle


def test_platform_error_says_whether_to_retry_and_survives_pickling():
    assert PlatformError("x", status=429, retry_after=3).transient
    assert PlatformError("x", status=503).transient
    assert PlatformError("x").transient  # unreachable
    assert not PlatformError("x", status=400, code="MISSING_REQUIRED_FIELD").transient
    assert not PlatformError("x", status=413).transient
    copy = pickle.loads(pickle.dumps(PlatformError("trop", status=429, code="TOO_MANY_REQUESTS", retry_after=2.0)))  # noqa: S301 - our own bytes, made on the line above
    assert (str(copy), copy.status, copy.code, copy.retry_after, copy.transient) == (
        "trop", 429, "TOO_MANY_REQUESTS", 2.0, True)


def test_a_company_without_platform_gets_a_french_error(rt, company, platform):
    with pytest.raises(NetworkNotConfigured, match="aucune plateforme agréée de réception"):
        accounts.account(rt, company)
    assert accounts.companies_with_platform(rt) == []


def test_accounts_for_reception_and_emission_with_secrets_decrypted(rt, company, other_company, platform):
    receiving = connector_runs.configure(rt, company, platform, {"url": "https://pa.example", "client_secret": "s3"})
    raw = ConnectorConfig.select(ConnectorConfig.settings.cast("text")).where(ConnectorConfig.id == receiving.id).scalar()
    assert "s3" not in raw
    found = accounts.account(rt, company)
    assert found.config.id == receiving.id
    assert found.settings["client_secret"] == "s3"
    assert found.connector is platform
    assert accounts.account(rt, company, accounts.EMISSION).config.id == receiving.id
    # Emission switched off: no emission account, reception still there; other companies see nothing.
    connector_runs.configure(rt, company, platform, {"emission": False})
    with pytest.raises(NetworkNotConfigured, match="d'émission"):
        accounts.account(rt, company, accounts.EMISSION)
    assert accounts.account(rt, company).config.id == receiving.id
    assert accounts.accounts_of(rt, other_company) == []
    assert accounts.companies_with_platform(rt) == [company.id]
    assert accounts.account_by_config(rt, receiving.id).settings["url"] == "https://pa.example"
    ConnectorConfig.update(enabled=False).where(ConnectorConfig.id == receiving.id).execute()
    assert accounts.account_by_config(rt, receiving.id) is None
    assert accounts.companies_with_platform(rt) == []


def test_lifecycle_vocabulary():
    assert lifecycle.label("207") == "En litige"
    assert lifecycle.condition_name("203") == "Mise_à_disposition"
    assert lifecycle.condition_name("207") == "En_litige"
    assert all(lifecycle.needs_reason(code) for code in ("206", "207", "208", "210", "213"))
    assert not lifecycle.needs_reason("205")
    assert set(lifecycle.BUYER_ANSWERS) == {"204", "205", "206", "207", "208", "210", "211"}
    assert lifecycle.suggestion(["LEG-DUPLICATE"]) == ("210", "DOUBLON")
    assert lifecycle.suggestion(["ARI-VAT"]) == ("207", "CALCUL_ERR")
    assert lifecycle.suggestion(["FRAUD-NEW-SUPPLIER"]) is None
    assert lifecycle.suggestion(["BR-CO-15"]) == ("207", "CALCUL_ERR")
    assert lifecycle.suggestion(["BR-FR-12"]) == ("207", "NON_CONFORME")
    assert set(lifecycle.REASONS) >= {"DOUBLON", "CALCUL_ERR", "TX_TVA_ERR", "JUSTIF_ABS"}
