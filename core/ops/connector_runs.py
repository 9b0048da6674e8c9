"""Run inbound connectors for their companies: settings in, files to intake, cursor and status out.

The contract between the runner and an inbound connector's ``fetch(settings, cursor)``:

- ``settings`` is a dict of clear values (secrets decrypted, defaults filled in);
  ``settings["_answer"]`` holds a person's answer to the last prompt, once.
- ``cursor`` is a dict the connector reads and updates in place (last IMAP UID,
  files already fetched...). The runner saves it after every file and at the end,
  also when the run fails, so progress is never lost.
- ``fetch`` is a generator of :class:`~guichet.core.connectors.IncomingFile`. The
  runner stores each file through :func:`guichet.core.pipeline.intake.receive` (durable,
  deduplicated) *before* resuming the generator, so code after a ``yield`` may
  safely delete, move or flag the remote original.
- ``context`` values that are ``bytes`` (the .eml of a mail) are stored as blobs
  and replaced by their key; ``context["route"]`` (addresses) picks the company
  when the configuration is instance-wide (catch-all mailbox).
- Raise :class:`NeedsPerson` to wait for a person (a 2FA code); raise
  :class:`~guichet.core.errors.ConnectorError` with a French message for a known
  failure. Any exception is recorded on the configuration and retried with
  back-off; it never stops the other connectors or companies.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guichet.core import connector_vault
from guichet.core.access import access, account_names, host_paths
from guichet.core.errors import ConnectorError, HostPathRefused, PermissionDenied
from guichet.core.model import events
from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
from guichet.core.model.models import Company, db, utcnow
from guichet.core.pipeline import intake

if TYPE_CHECKING:
    from guichet.core.connectors import Connector, IncomingFile
    from guichet.core.model.models import User
    from guichet.core.ops.runtime import Runtime
    from guichet.core.settings import Settings

log = logging.getLogger(__name__)

#: Cursor keys whose values are stored encrypted (session cookies of a supplier site).
SECRET_PREFIX = "secret_"  # noqa: S105 - a key prefix, not a secret
#: How long a started run holds its configuration before another poll may start it again.
LEASE = dt.timedelta(minutes=30)


class NeedsPerson(ConnectorError):
    """The connector cannot go on without a person: ``prompt`` says what to enter (French)."""

    def __init__(self, prompt: str) -> None:
        """Keep ``prompt``, shown in the admin page and by ``guichet connectors``."""
        super().__init__(prompt)
        self.prompt = prompt


@dataclass
class RunReport:
    """What one run of one configuration did."""

    config_id: int
    connector_id: str
    received: list[int] = field(default_factory=list)  # new document ids
    duplicates: list[int] = field(default_factory=list)  # documents that arrived again
    unrouted: int = 0
    status: str = ConnectorStatus.OK
    error: str | None = None
    skipped: bool = False  # another run holds the configuration
    statements: list[int] = field(default_factory=list)  # statement imports (connectors delivering statements)
    bounces: list[int] = field(default_factory=list)  # deliveries put in error by a bounce (DSN) read


def is_inbound(connector: Connector) -> bool:
    """True for a connector that the poller runs (inbound, with a ``fetch`` method)."""
    return "inbound" in connector.directions and callable(getattr(connector, "fetch", None))


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


def configure(
    rt: Runtime,
    company: Company | None,
    connector: Connector,
    values: dict[str, Any],
    *,
    enabled: bool = True,
    interval_minutes: int | None = None,
    label: str = "",
    actor: User | None = None,
) -> ConnectorConfig:
    """Create or update the configuration of ``connector`` for ``company``; secrets are encrypted.

    A secret left empty keeps its stored value. Unknown names, host paths outside
    the declared roots and account names that are malformed or held by another
    configuration (core/access/account_names.py) raise ``ValueError`` (French message).

    :param actor: The person configuring (None: the instance administrator at the command
        line). A connector that reaches the host may be configured by firm staff only.
    :raises PermissionDenied: when ``actor`` may not configure this connector here.
    """
    if actor is not None:
        require_may_configure(actor, company, connector)
    fields = {f.name: f for f in connector.settings_fields}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        msg = f"champ(s) inconnu(s) pour {connector.id} : {', '.join(unknown)}"
        raise ValueError(msg)
    config = ConnectorConfig.get_or_none(
        (ConnectorConfig.connector_id == connector.id)
        & (ConnectorConfig.company.is_null() if company is None else ConnectorConfig.company == company)
    )
    stored = dict(config.settings) if config else {}
    for name, value in values.items():
        if fields[name].secret and value in (None, "") and name in stored:
            continue
        stored[name] = _coerce(fields[name].kind, value)
    confine_settings(rt.settings, connector, {f.name: f.default for f in connector.settings_fields} | stored)
    accounts = {}
    for f in connector.settings_fields:
        if f.kind == "account":
            stored[f.name] = accounts[f.name] = account_names.check(stored.get(f.name, f.default))
    stored = connector_vault.seal_settings(rt.settings, connector.settings_fields, stored)
    interval = interval_minutes or int(rt.settings.get("connectors.interval_minutes", 5))
    with db.atomic():
        if config is None:
            config = ConnectorConfig.create(
                company=company, connector_id=connector.id, settings=stored, enabled=enabled,
                interval_minutes=interval, label=label or connector.label,
            )
        else:
            config.settings, config.enabled, config.updated_at = stored, enabled, utcnow()
            config.interval_minutes = interval_minutes or config.interval_minutes
            config.label = label or config.label
            config.next_run_at = None
            config.save()
        for name in accounts.values():
            account_names.claim(connector.id, name, config)
        events.record(
            "connector.configured",
            company_id=company.id if company else None,
            data={"connector": connector.id, "config_id": config.id, "enabled": enabled,
                  "fields": sorted(values)},
        )
    return config


def may_configure(user: User, company: Company | None, connector: Connector) -> bool:
    """True when ``user`` may configure (and run, and answer) ``connector`` for ``company``.

    Instance-wide configurations are for firm administrators; a connector that reaches
    the host (core/access/host_paths.py) is for firm staff; others for people who manage the company.
    """
    if company is None:
        return access.is_firm_admin(user)
    if not access.can(user, company, "manage"):
        return False
    return access.is_firm_staff(user) or not host_paths.reaches_host(connector)


def require_may_configure(user: User, company: Company | None, connector: Connector) -> None:
    """Raise :class:`PermissionDenied` (and log the attempt) unless :func:`may_configure` allows it."""
    if may_configure(user, company, connector):
        return
    with db.atomic():
        events.record("connector.refused", company_id=company.id if company else None, user_id=user.id,
                      data={"connector": connector.id, "reason": "réservé au cabinet"})
    raise PermissionDenied(f"connecteur {connector.id}")


def confine_settings(settings: Settings, connector: Connector, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with every host path resolved and confined (core/access/host_paths.py).

    :raises HostPathRefused: (a ``ValueError``) with a French reason for a refused path.
    """
    out = dict(values)
    for field in connector.settings_fields:  # noqa: F402 - the dataclasses helper is not used here
        if field.kind == "folder":
            out[field.name] = str(host_paths.confine_folder(settings, values.get(field.name)))
        elif field.kind == "file":
            found = host_paths.confine_file(settings, values.get(field.name))
            out[field.name] = str(found) if found else ""
    for field in connector.settings_fields:
        if field.kind == "subfolder":
            root = out.get(field.within)
            if root:
                out[field.name] = str(host_paths.confine_subfolder(
                    Path(root), values.get(field.name), str(field.default or "")))
    return out


def _coerce(kind: str, value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    if kind == "int":
        return int(value) if value.strip() else None
    if kind == "bool":
        return value.strip().lower() in {"1", "true", "yes", "on", "oui"}
    return value


def clear_settings(rt: Runtime, config: ConnectorConfig, connector: Connector) -> dict[str, Any]:
    """The settings to pass to the connector: defaults filled in, secrets decrypted, host paths confined.

    Host paths are resolved again at each call (a folder swapped for a link is refused now).

    :raises ConnectorError: when a host path is refused (recorded on the configuration by a run).
    """
    from guichet.core.connectors import is_platform
    from guichet.core.network.accounts import OUTBOUND, outbound_settings

    values = {f.name: f.default for f in connector.settings_fields}
    values.update(connector_vault.open_settings(rt.settings, config.settings))
    if is_platform(connector):
        # The Settings its connections go through, passed (a connector never asks the process: issue 12).
        values[OUTBOUND] = outbound_settings(rt.settings, config.settings or {})
    try:
        return confine_settings(rt.settings, connector, values)
    except HostPathRefused as exc:
        raise ConnectorError(str(exc)) from exc


def public_settings(config: ConnectorConfig, connector: Connector | None) -> dict[str, Any]:
    """The settings for display: secrets replaced by ``"••••"`` (never decrypted)."""
    secret = {f.name for f in connector.settings_fields if f.secret} if connector else set()
    return {
        name: ("••••" if (name in secret or isinstance(value, dict)) and value else value)
        for name, value in (config.settings or {}).items()
    }


def overview(connectors: dict[str, Connector], company: Company | None = None) -> list[dict[str, Any]]:
    """Every configuration (of ``company``, or all) with its status, for the admin page and the CLI.

    Secrets are masked. The caller scopes ``company`` to what the person may see.
    """
    from guichet.core.model.connector_models import STATUS_LABELS

    query = ConnectorConfig.select().order_by(ConnectorConfig.id)
    if company is not None:
        query = query.where(ConnectorConfig.company == company)
    rows = []
    for config in query:
        connector = connectors.get(config.connector_id)
        rows.append({
            "id": config.id, "connector": config.connector_id,
            "label": connector.label if connector else config.connector_id,
            "company_id": config.company_id,
            "company": config.company.siren if config.company_id else None,
            "enabled": config.enabled, "installed": connector is not None,
            "status": config.status, "status_label": STATUS_LABELS.get(config.status, config.status),
            "last_run_at": config.last_run_at, "last_success_at": config.last_success_at,
            "last_error": config.last_error, "prompt": config.prompt, "next_run_at": config.next_run_at,
            "files_received": config.files_received,
            "settings": public_settings(config, connector),
        })
    return rows


def answer_prompt(rt: Runtime, config: ConnectorConfig, answer: str, *, user_id: int | None = None) -> None:
    """Store a person's answer (a 2FA code) for the next run, encrypted, and make the run due now."""
    with db.atomic():
        config.answer = connector_vault.encrypt_text(rt.settings, answer)[connector_vault.ENCRYPTED]
        config.next_run_at = None
        config.save()
        events.record("connector.answered", company_id=config.company_id, user_id=user_id,
                      data={"config_id": config.id, "connector": config.connector_id})


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------


def due_configs(connectors: dict[str, Connector], now: dt.datetime | None = None) -> list[int]:
    """Ids of the enabled configurations of inbound connectors whose next run has come."""
    now = now or utcnow()
    inbound = [cid for cid, c in connectors.items() if is_inbound(c)]
    if not inbound:
        return []
    query = ConnectorConfig.select(ConnectorConfig.id).where(
        ConnectorConfig.enabled
        & ConnectorConfig.connector_id.in_(inbound)
        & (ConnectorConfig.next_run_at.is_null() | (ConnectorConfig.next_run_at <= now))
    ).order_by(ConnectorConfig.id)
    return [row.id for row in query]


def _claim(config_id: int, now: dt.datetime) -> bool:
    """Take the lease on a due configuration (compare-and-set), so two workers never run it twice."""
    updated = (
        ConnectorConfig.update(next_run_at=now + LEASE)
        .where(
            (ConnectorConfig.id == config_id)
            & (ConnectorConfig.next_run_at.is_null() | (ConnectorConfig.next_run_at <= now))
        )
        .execute()
    )
    return updated == 1


def run_config(rt: Runtime, config_id: int, connectors: dict[str, Connector], *, force: bool = False) -> RunReport:
    """Run one configuration now; never raises for the connector's failures (they are recorded)."""
    config = ConnectorConfig.get_by_id(config_id)
    report = RunReport(config_id=config.id, connector_id=config.connector_id)
    now = utcnow()
    if not force and not _claim(config.id, now):
        report.skipped = True
        return report
    config = ConnectorConfig.get_by_id(config_id)
    connector = connectors.get(config.connector_id)
    cursor = open_cursor(rt, config.cursor)
    try:
        if connector is None or not is_inbound(connector):
            msg = f"connecteur « {config.connector_id} » absent, désactivé ou non relevable"
            raise ConnectorError(msg)
        values = clear_settings(rt, config, connector)
        if config.answer:
            values["_answer"] = connector_vault.decrypt_value(
                rt.settings, {connector_vault.ENCRYPTED: config.answer})
            ConnectorConfig.update(answer=None).where(ConnectorConfig.id == config.id).execute()
        for item in connector.fetch(values, cursor):
            _receive(rt, config, connector, item, report)
            ConnectorConfig.update(cursor=seal_cursor(rt, cursor)).where(ConnectorConfig.id == config.id).execute()
    except NeedsPerson as exc:
        report.status, report.error = ConnectorStatus.WAITING, exc.prompt
    except Exception as exc:  # isolate: recorded on the configuration, never fatal
        log.warning("connector %s (config %s) failed", config.connector_id, config.id, exc_info=True)
        report.status = ConnectorStatus.ERROR
        report.error = str(exc) if isinstance(exc, ConnectorError) else f"{type(exc).__name__}: {exc}"
    _finish(rt, config.id, cursor, report)
    return report


def seal_cursor(rt: Runtime, cursor: dict[str, Any]) -> dict[str, Any]:
    """The cursor to store: values under keys starting with ``secret_`` (session cookies) encrypted."""
    return {key: connector_vault.encrypt_text(rt.settings, json.dumps(value))
            if key.startswith(SECRET_PREFIX) and value is not None else value
            for key, value in cursor.items()}


def open_cursor(rt: Runtime, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The stored cursor with its ``secret_`` values decrypted."""
    out = {}
    for key, value in (stored or {}).items():
        if key.startswith(SECRET_PREFIX) and isinstance(value, dict):
            value = json.loads(connector_vault.decrypt_value(rt.settings, value))
        out[key] = value
    return out


def _receive(rt: Runtime, config: ConnectorConfig, connector: Connector, item: IncomingFile,
             report: RunReport) -> None:
    from guichet.core.ops import tasks

    if item.context.get("delivery_status"):
        from guichet.core.sales import bounces

        delivery = bounces.receive(rt, item.data, company_id=config.company_id)
        if delivery is not None:
            report.bounces.append(delivery.id)
        return
    company = config.company if config.company_id else route_company(item.context.get("route") or [])
    context = {"connector": connector.id, "config_id": config.id}
    for key, value in item.context.items():
        context[key] = rt.blobs.put(value) if isinstance(value, bytes) else value
    if company is not None and getattr(connector, "delivers", "") == "bank_statement":
        from guichet.core.money import statements

        imported = statements.import_file(rt, company, item.data, item.filename, source=connector.id)
        report.statements.append(imported.import_id)
        return
    if company is None:
        report.unrouted += 1
        with db.atomic():
            events.record("connector.unrouted", data={**context, "filename": item.filename})
        return
    channel = str(getattr(connector, "channel", "") or connector.id)
    document, created = intake.receive(rt, company, item.data, item.filename, channel=channel,
                                       content_type=item.content_type, context=context)
    if created:
        report.received.append(document.id)
        tasks.submit(document.id, document.state)
    else:
        report.duplicates.append(document.id)


def _finish(rt: Runtime, config_id: int, cursor: dict[str, Any], report: RunReport) -> None:
    now = utcnow()
    config = ConnectorConfig.get_by_id(config_id)
    config.cursor, config.last_run_at, config.updated_at = seal_cursor(rt, cursor), now, now
    config.status = report.status
    config.files_received += len(report.received)
    if report.status == ConnectorStatus.OK:
        config.failures, config.last_error, config.prompt = 0, None, None
        config.last_success_at = now
        config.next_run_at = now + dt.timedelta(minutes=config.interval_minutes)
    elif report.status == ConnectorStatus.WAITING:
        config.prompt, config.last_error = report.error, None
        config.next_run_at = now + dt.timedelta(days=365)  # until a person answers
    else:
        config.failures += 1
        config.last_error = report.error
        cap = int(rt.settings.get("connectors.backoff_max_minutes", 240))
        delay = min(config.interval_minutes * 2 ** min(config.failures - 1, 16), cap)
        config.next_run_at = now + dt.timedelta(minutes=delay)
    with db.atomic():
        config.save()
        if report.status != ConnectorStatus.OK:
            events.record(f"connector.{report.status}", company_id=config.company_id,
                          data={"config_id": config.id, "connector": config.connector_id,
                                "message": report.error})


def poll_due(rt: Runtime, connectors: dict[str, Connector]) -> list[RunReport]:
    """Run every due configuration, one after the other, each failure isolated."""
    reports = []
    for config_id in due_configs(connectors):
        try:
            reports.append(run_config(rt, config_id, connectors))
        except Exception:  # e.g. the database was busy: the next poll retries
            log.exception("connector configuration %s could not be run", config_id)
    return reports


def route_company(addresses: list[str]) -> Company | None:
    """The company an address belongs to: its ``intake_email`` setting or a ``+SIREN`` tag."""
    wanted = {a.strip().lower() for a in addresses if a}
    if not wanted:
        return None
    for company in Company.select():
        own = str((company.settings or {}).get("intake_email") or "").strip().lower()
        if own and own in wanted:
            return company
    for address in wanted:
        local = address.split("@", 1)[0]
        if "+" in local:
            tag = local.rsplit("+", 1)[1]
            company = Company.get_or_none(Company.siren == tag)
            if company is not None:
                return company
    return None
