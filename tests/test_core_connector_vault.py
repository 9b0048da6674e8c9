"""Connector secrets are encrypted with a key kept outside the database."""

from __future__ import annotations

import stat

import pytest

from guichet.core import connector_vault
from guichet.core.connectors import SettingField
from guichet.core.errors import ConnectorError

FIELDS = (SettingField("host", "Serveur"), SettingField("password", "Mot de passe", secret=True))


def test_key_is_created_once_outside_the_database_with_mode_0600(settings):
    key = connector_vault.load_key(settings)
    path = connector_vault.key_path(settings)
    assert path == settings.data_dir / "connector.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert connector_vault.load_key(settings) == key  # not regenerated


def test_only_secret_fields_are_encrypted_and_round_trip(settings):
    sealed = connector_vault.seal_settings(settings, FIELDS, {"host": "imap.test", "password": "s3cret"})
    assert sealed["host"] == "imap.test"
    assert set(sealed["password"]) == {connector_vault.ENCRYPTED}
    assert "s3cret" not in str(sealed)
    assert connector_vault.open_settings(settings, sealed) == {"host": "imap.test", "password": "s3cret"}


def test_a_wrong_key_gives_a_clear_error(settings, tmp_path):
    sealed = connector_vault.seal_settings(settings, FIELDS, {"password": "s3cret"})
    connector_vault.key_path(settings).unlink()
    with pytest.raises(ConnectorError, match="clé"):
        connector_vault.open_settings(settings, sealed)
