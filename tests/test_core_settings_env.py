"""The settings' layers: an environment variable per key wins over the defaults (core/settings.py)."""

from __future__ import annotations

from guichet.core.settings import _defaults, load_settings


def test_an_environment_variable_sets_its_key_in_the_defaults_type(monkeypatch, tmp_path):
    monkeypatch.setenv("GUICHET_LIMITS_SECONDS", "7")
    monkeypatch.setenv("GUICHET_INTAKE_NOT_A_KEY", "1")
    monkeypatch.setenv("GUICHET_INSTANCE_DATA_DIR", "/nowhere")  # the instance folder comes from its own variable
    settings = load_settings(tmp_path)
    assert settings.get("limits.seconds") == 7
    assert settings.get("limits.memory_mb") == _defaults()["limits"]["memory_mb"]
    assert settings.get("intake.not_a_key") is None
    assert settings.data_dir == tmp_path.resolve()


def test_each_load_gets_its_own_tables(tmp_path):
    first = load_settings(tmp_path)
    first.values["limits"]["seconds"] = -1
    assert load_settings(tmp_path).get("limits.seconds") == _defaults()["limits"]["seconds"] != -1
