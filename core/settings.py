"""Layered configuration: shipped defaults, system file, instance file, environment.

Read once per process with :func:`load_settings`; values are plain Python objects.
Per-company and per-plugin settings live in the database (``Company.settings``).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

SYSTEM_CONFIG = Path("/etc/guichet/guichet.toml")


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _coerce(text: str, like: Any) -> Any:
    """Convert an environment string to the type of the default value ``like``."""
    if isinstance(like, bool):
        return text.strip().lower() in {"1", "true", "yes", "on", "oui"}
    if isinstance(like, int):
        return int(text)
    if isinstance(like, list):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


@dataclass
class Settings:
    """The merged configuration of one process."""

    values: dict[str, Any] = field(default_factory=dict)

    def get(self, dotted: str, default: Any = None) -> Any:
        """Return the value at ``section.key``, or ``default``."""
        node: Any = self.values
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    @property
    def data_dir(self) -> Path:
        """The instance folder (absolute)."""
        configured = self.get("instance.data_dir") or ""
        if configured:
            return Path(configured).expanduser().resolve()
        return (Path.home() / ".local" / "share" / "guichet").resolve()

    @property
    def database_url(self) -> str:
        """Database URL; SQLite inside the data dir unless configured."""
        return self.get("database.url") or f"sqlite:///{self.data_dir / 'guichet.db'}"


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    import tomllib  # its import compiles patterns (~5 ms): only where an instance or system file is read

    return tomllib.loads(path.read_text("utf-8"))


@functools.cache
def _defaults() -> dict[str, Any]:
    """The shipped defaults, parsed once per process (a package file: it does not change while running)."""
    from guichet.core import toml_store  # kept parsed between processes (tomllib: ~15 ms a process)

    return toml_store.parsed("defaults", (resources.files("guichet.config").joinpath("defaults.toml").read_text("utf-8"),))[0]


def _fresh(value: Any) -> Any:
    """A copy of a parsed TOML ``value`` that shares no table nor array with it (TOML's other values never change):
    :func:`copy.deepcopy`'s result, some ten times faster (every reading of a page loads the settings)."""
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value


def load_settings(data_dir: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Read every layer and return the merged :class:`Settings`.

    :param data_dir: Instance folder; wins over ``GUICHET_DATA_DIR`` and the files.
    :param overrides: ``section={"key": value}`` mappings applied last (tests, CLI flags).
    """
    defaults = _fresh(_defaults())
    values = _merge(defaults, _read_toml(Path(os.environ.get("GUICHET_CONFIG", SYSTEM_CONFIG))))
    # The instance folder must be known before its own file can be read.
    if data_dir is not None:
        values["instance"]["data_dir"] = str(data_dir)
    elif os.environ.get("GUICHET_DATA_DIR"):
        values["instance"]["data_dir"] = os.environ["GUICHET_DATA_DIR"]
    instance = _read_toml(Settings(values).data_dir / "guichet.toml")
    instance.get("instance", {}).pop("data_dir", None)
    values = _merge(values, instance)
    named = {name for name in os.environ if name.startswith("GUICHET_")}  # (one pass, not a miss a key)
    for section, keys in defaults.items():
        for key, default in keys.items():
            env = f"GUICHET_{section}_{key}".upper()
            if env in named and not (section == "instance" and key == "data_dir"):
                values[section][key] = _coerce(os.environ[env], default)
    for section, keys in overrides.items():
        values.setdefault(section, {}).update(keys)
    return Settings(values)


#: Sections that belong to the process (where it runs, what it listens on, its queue and
#: stores): a company never overrides them.
PROCESS_SECTIONS = frozenset({"instance", "database", "queue", "blobs", "web", "connectors", "outbound",
                              "limits", "logging", "ops", "plugins", "mail"})


def settings_for(settings: Settings, company: Any) -> Settings:
    """The settings a hook receives for ``company``: the company's merged over the instance's.

    The company's own values live in ``Company.settings["settings"]`` (``{section: {key:
    value}}``), written by firm staff only; sections of :data:`PROCESS_SECTIONS` are ignored.
    Without a company (a stateless command) or without values, ``settings`` itself.
    """
    raw = getattr(company, "settings", None)
    own = raw.get("settings") if isinstance(raw, dict) else None
    if not isinstance(own, dict):
        return settings
    overrides = {section: values for section, values in own.items()
                 if isinstance(values, dict) and section not in PROCESS_SECTIONS}
    return Settings(_merge(settings.values, overrides)) if overrides else settings
