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

    Optional, for devices a person starts (a scanner on the appliance), used by the
    connector pages without importing the connector's module:

    - ``acquire(rt, company, settings, *, user_id) -> (Document, created)``: take one
      file now (a scan), receive it through intake and queue it;
    - ``devices() -> dict[str, list[dict]]``: the devices this machine sees, by kind
      (``usb``, ``sane``...), for the page that lists them.

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


# ---------------------------------------------------------------------------
# The "platform" kind: a Plateforme Agréée of the e-invoicing network (XP Z12-013)
# ---------------------------------------------------------------------------

#: The ``kind`` of a platform connector (:class:`PlatformConnector`).
PLATFORM = "platform"


@dataclass(frozen=True)
class OutgoingFlow:
    """A file to hand to the platform: an invoice, a lifecycle message (CDAR) or an e-reporting (FRR).

    ``tracking_id`` is Guichet's identifier of the flow, derived from what is sent (the
    document and the status, the e-reporting period and its version): sending the same
    flow twice gives the same ``tracking_id``, which the connector uses to find a flow
    the platform already holds instead of creating a second one (XP Z12-013 ``trackingId``).
    """

    tracking_id: str  # at most 36 characters (XP Z12-013 NotOnlyUuid)
    name: str  # file name, at most 255 characters
    data: bytes
    syntax: str  # XP Z12-013 FlowSyntax: CII | UBL | Factur-X | CDAR | FRR
    processing_rule: str = "B2B"  # ProcessingRule: B2B | B2BInt | B2C | OutOfScope | ArchiveOnly | NotApplicable
    profile: str | None = None  # FlowProfile: Basic | CIUS | Extended-CTC-FR

    @property
    def sha256(self) -> str:
        """The fingerprint the platform checks (FlowInfo ``sha256``)."""
        import hashlib

        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class RemoteFlow:
    """What a platform says of one flow (XP Z12-013 ``Flow``): its metadata, never its file."""

    flow_id: str
    tracking_id: str | None = None
    flow_type: str = ""  # CustomerInvoice, SupplierInvoice, CustomerInvoiceLC, SupplierInvoiceLC, ...
    direction: str = ""  # In (platform → Guichet) | Out (Guichet → platform)
    syntax: str = ""
    profile: str | None = None
    processing_rule: str | None = None
    submitted_at: str | None = None  # ISO 8601, the platform's clock
    updated_at: str | None = None
    ack_status: str = "Pending"  # Pending | Ok | Error
    ack_details: tuple[str, ...] = ()  # "reasonCode: reasonMessage" of each AcknowledgementDetail
    name: str | None = None

    @property
    def is_lifecycle(self) -> bool:
        """True for a lifecycle message (CDAR)."""
        return self.syntax == "CDAR" or self.flow_type.endswith("LC")


@dataclass(frozen=True)
class DirectoryEntry:
    """One line of the directory (annuaire): where invoices to an addressee are received."""

    siren: str
    siret: str | None = None
    routing_code: str | None = None
    addressing_identifier: str | None = None  # the electronic address (BT-49, scheme 0225)
    platform_id: str | None = None  # the receiving platform's registration number (scheme 0238)
    platform_name: str | None = None
    name: str | None = None
    active: bool = True


@runtime_checkable
class PlatformConnector(Protocol):
    """A connector to a Plateforme Agréée (``kind = "platform"``), in addition to :class:`Connector`.

    One instance serves every company: ``settings`` are the company's platform account
    (clear values; secrets decrypted by the core), configured by firm staff only (the
    connector reaches outside hosts: ``reaches_host`` stays true). Every HTTP connection
    goes through :func:`guichet.core.access.outbound.http_session` with the Settings the core
    passes in ``settings[guichet.core.network.accounts.OUTBOUND]`` (the instance's ``[outbound]``
    and the hosts the firm opened for the account; never asked of the running process), so
    that a configured URL cannot lead into the instance's own network. Every method raises
    :class:`~guichet.core.errors.PlatformError` with a French message on failure, with
    ``transient`` telling whether the same call may succeed later; none retries for long
    by itself (the core's queue does, with back-off).

    Lifecycle statuses and e-reporting travel as flows too (syntax ``CDAR`` and ``FRR``),
    exactly as XP Z12-013 defines them: the core generates and parses those files
    (:mod:`guichet.core.network`), the connector only carries them.
    """

    kind: str  # PLATFORM

    def send_flow(self, settings: dict[str, Any], flow: OutgoingFlow) -> RemoteFlow:
        """Hand ``flow`` to the platform and return what it says of it (``flow_id``, ack status).

        Idempotent: when the platform already holds a flow with ``flow.tracking_id``, that
        flow is returned and nothing is sent again.
        """
        ...

    def search_flows(self, settings: dict[str, Any], *, updated_after: str | None = None,
                     direction: str = "In", tracking_id: str | None = None) -> list[RemoteFlow]:
        """Flows updated after ``updated_after`` (ISO 8601; None: from the start), oldest first.

        Pages through the platform's answers until the end; every flow is listed once.
        """
        ...

    def get_flow(self, settings: dict[str, Any], flow_id: str) -> RemoteFlow:
        """The metadata of one flow (its acknowledgement)."""
        ...

    def download_flow(self, settings: dict[str, Any], flow_id: str) -> bytes:
        """The original file of one flow (an invoice, a CDAR message, an e-reporting)."""
        ...

    def lookup(self, settings: dict[str, Any], identifier: str) -> list[DirectoryEntry]:
        """Directory lines of an addressee: a SIREN (9 digits), a SIRET (14 digits), ``SIRET:ROUTING_CODE``
        or an addressing identifier; an empty list when it is not on the network."""
        ...


def is_platform(connector: object) -> bool:
    """True when ``connector`` is a platform connector (declares ``kind = "platform"`` and the methods)."""
    return getattr(connector, "kind", "") == PLATFORM and all(
        callable(getattr(connector, name, None))
        for name in ("send_flow", "search_flows", "get_flow", "download_flow", "lookup"))


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
