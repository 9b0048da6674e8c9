"""Structured logs: one JSON object per line, secrets masked.

Chosen by ``GUICHET_LOG_FORMAT=json`` or ``[logging] format = "json"`` in the
configuration. journald (the appliance) and any log shipper read one event per
line. The standard library has all that is needed (a Formatter subclass), so no
logging library is added.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from typing import Any

#: Attributes every LogRecord has; anything else was passed with ``extra=``.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

#: Keys whose values are never written (``extra={"password": ...}`` by mistake).
SECRET_KEYS = re.compile(r"pass(word|wd)?|secret|token|api[_-]?key|authorization|cookie|private", re.IGNORECASE)

#: Credentials inside URLs and ``key=value`` pairs in free text.
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]*):(?P<secret>[^@/\s]+)@", re.IGNORECASE)
_KEY_VALUE = re.compile(
    r"(?P<key>\b(?:password|passwd|secret|token|api[_-]?key)\b\s*[=:]\s*)(?P<value>[^\s,;&]+)", re.IGNORECASE,
)
MASK = "***"


def redact(text: str) -> str:
    """Mask passwords in URLs (``postgresql://u:pw@h``) and ``password=...`` pairs."""
    text = _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    return _KEY_VALUE.sub(lambda m: f"{m['key']}{MASK}", text)


def _clean(key: str, value: Any) -> Any:
    if SECRET_KEYS.search(key):
        return MASK
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {str(k): _clean(str(k), v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(key, v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return redact(str(value))


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the JSON line for ``record`` (never contains a newline)."""
        event: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                event[key] = _clean(key, value)
        if record.exc_info:
            event["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(event, ensure_ascii=False, default=str)


def wanted_format(settings: Any = None) -> str:
    """``json`` or ``text``: ``GUICHET_LOG_FORMAT`` first, then ``logging.format`` in the settings."""
    env = os.environ.get("GUICHET_LOG_FORMAT")
    if env:
        return env.strip().lower()
    if settings is not None:
        return str(settings.get("logging.format", "text") or "text").lower()
    return "text"


def configure_logging(settings: Any = None, *, level: int | str | None = None, stream: Any = None) -> str:
    """Install the root handler for this process; return the format chosen (``json`` or ``text``).

    :param settings: Settings to read ``logging.format`` and ``logging.level`` from (optional).
    :param level: Log level; default ``logging.level`` from the settings, else INFO for JSON, WARNING for text.
    :param stream: Where to write (default: standard error, which systemd sends to the journal).
    """
    fmt = wanted_format(settings)
    if level is None:
        configured = settings.get("logging.level", "") if settings is not None else ""
        level = (configured or ("INFO" if fmt == "json" else "WARNING")).upper()
    handler = logging.StreamHandler(stream)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return fmt
