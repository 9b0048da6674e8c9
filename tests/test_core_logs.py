"""Structured logs: one JSON object per line, secrets masked."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

from guichet.core.ops.logs import JsonFormatter, configure_logging, redact, wanted_format


def _emit(record_logger: logging.Logger, stream: io.StringIO, *args, **kwargs) -> dict:
    record_logger.info(*args, **kwargs)
    lines = stream.getvalue().splitlines()
    return json.loads(lines[-1])


def test_json_line_has_fields_and_extras():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("guichet.test.logs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        event = _emit(logger, stream, "document %s lu\nsur deux lignes", 42, extra={"document_id": 42})
    finally:
        logger.removeHandler(handler)
    assert event["level"] == "info"
    assert event["logger"] == "guichet.test.logs"
    assert event["message"] == "document 42 lu\nsur deux lignes"
    assert event["document_id"] == 42
    assert len(stream.getvalue().strip().splitlines()) == 1  # one event, one line


def test_secrets_never_written():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("guichet.test.secrets")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("connexion à postgresql://guichet:hunter2@db:5432/guichet password=hunter2",
                    extra={"password": "hunter2", "settings": {"api_key": "hunter2", "host": "db"}})
        try:
            raise ValueError("token=hunter2")
        except ValueError:
            logger.exception("échec")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "hunter2" not in text
    first = json.loads(text.splitlines()[0])
    assert first["settings"] == {"api_key": "***", "host": "db"}
    assert "postgresql://guichet:***@db:5432/guichet" in first["message"]


def test_redact_leaves_plain_text():
    assert redact("facture FA-2026-001 du 2026-01-05") == "facture FA-2026-001 du 2026-01-05"


def test_format_choice_env_then_settings(monkeypatch, settings):
    monkeypatch.delenv("GUICHET_LOG_FORMAT", raising=False)
    assert wanted_format(settings) == "text"
    settings.values.setdefault("logging", {})["format"] = "json"
    assert wanted_format(settings) == "json"
    monkeypatch.setenv("GUICHET_LOG_FORMAT", "text")
    assert wanted_format(settings) == "text"


def test_configure_logging_installs_one_handler():
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    try:
        os.environ["GUICHET_LOG_FORMAT"] = "json"
        assert configure_logging(stream=stream) == "json"
        logging.getLogger("guichet.x").info("bonjour")
        assert json.loads(stream.getvalue())["message"] == "bonjour"
    finally:
        os.environ.pop("GUICHET_LOG_FORMAT")
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])


def test_cli_writes_json_lines(tmp_path):
    env = {**os.environ, "GUICHET_LOG_FORMAT": "json", "GUICHET_LOGGING_LEVEL": "DEBUG",
           "GUICHET_DATA_DIR": str(tmp_path / "i"), "GUICHET_PLUGINS_EXTRA": "no_such_plugin_module"}
    done = subprocess.run([sys.executable, "-m", "guichet.core", "plugins", "--json"], env=env,
                          capture_output=True, text=True, check=True)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines, done.stderr
    events = [json.loads(line) for line in lines]  # every stderr line is a JSON event
    assert any("no_such_plugin_module" in event["message"] for event in events)
