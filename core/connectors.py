"""The connector contract (shared/docs/style.md section D): small on purpose.

A connector talks to one outside system. It is stateless: one instance serves
every company; settings and cursors come in as arguments.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pluggy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SettingField:
    """One field of a connector's configuration form."""

    name: str
    label: str  # French, shown in the admin page
    #: text | password | int | bool | choice; and host paths, checked by the core before every use
    #: (core/access/host_paths.py): "folder" (absolute, under [connectors] allowed_roots), "subfolder"
    #: (a simple name inside the field named by ``within``), "file" (absolute, never an instance file);
    #: and "account": a login name on a server Guichet runs (SFTP), ``[a-z0-9_-]{3,32}`` and unique
    #: across the instance for the connector (core/access/account_names.py), checked when saved.
    kind: str = "text"
    required: bool = False
    default: Any = None
    help: str = ""
    secret: bool = False  # encrypted at rest, never shown back
    within: str = ""  # for kind "subfolder": the name of the "folder" field it lives in
    #: for kind "choice": ``(value, French label)`` pairs; the form shows a list, never free text
    choices: tuple[tuple[str, str], ...] = ()


@dataclass
class IncomingFile:
    """A file fetched by an inbound connector."""

    data: bytes
    filename: str
    content_type: str | None = None
    context: dict[str, Any] = field(default_factory=dict)  # e.g. the mail's sender and subject


@dataclass
class Receipt:
    """What an outbound connector reports after sending."""

    ok: bool
    reference: str | None = None
    message: str = ""


@runtime_checkable
class Connector(Protocol):
    """A connector class.

    Implementations SHALL define ``id`` (stable lowercase snake name), ``label``
    (French), ``version``, ``directions`` (a set of "inbound"/"outbound") and
    ``settings_fields``. Inbound connectors SHALL implement ``fetch``, outbound
    ones ``send``. A connector whose settings can make the server read a host
    path, open a connection or create an account (folders, mounts, IMAP/HTTP
    hosts, SFTP accounts) is configured by firm staff only; that is the default,
    and a connector MAY declare ``reaches_host = False`` when none of its settings
    can. Host paths MUST be declared with the kinds "folder", "subfolder" or
    "file", which the core confines (core/access/host_paths.py) before every
    use. They SHALL NOT keep per-company state on ``self`` and SHALL NOT call
    pipeline stages: what they fetch is handed to the core, which enqueues it.
    A connector MAY define ``test_connection(settings) -> str``: it opens and
    closes a connection with the saved settings and returns a French sentence
    (raising ``ConnectorError`` with a French reason); the admin page's
    « Tester la connexion » button calls it.
    """

    id: str
    label: str
    version: str
    directions: frozenset[str]
    settings_fields: tuple[SettingField, ...]

    def check(self, settings: dict[str, Any]) -> list[str]:
        """Readiness problems in French; empty when the connector is ready."""
        ...


REQUIRED_ATTRIBUTES = ("id", "label", "version", "directions", "settings_fields", "check")


def load_connectors(pm: pluggy.PluginManager) -> dict[str, Connector]:
    """Instantiate every registered connector class that fits the contract, keyed by ``id``."""
    found: dict[str, Connector] = {}
    for classes in pm.hook.register_connectors():
        for cls in _as_list(classes):
            missing = [name for name in REQUIRED_ATTRIBUTES if not hasattr(cls, name)]
            if missing:
                log.error("connector %r skipped: missing %s", cls, ", ".join(missing))
                continue
            try:
                instance = cls()
            except Exception:
                log.exception("connector %r skipped: cannot be instantiated", cls)
                continue
            if instance.id in found:
                log.error("connector id %r declared twice; keeping the first", instance.id)
                continue
            found[instance.id] = instance
    return found


def _as_list(value: Iterable[type] | None) -> list[type]:
    return list(value or [])
