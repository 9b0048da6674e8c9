"""Each company's platform account: which Plateforme Agréée receives for it, which ones may emit.

A platform account is a :class:`~guichet.core.model.connector_models.ConnectorConfig` of a
connector of kind ``platform`` (:func:`guichet.core.connectors.is_platform`) for the company:
its base URL, its OAuth2 client, its secrets encrypted at rest (:mod:`guichet.core.connector_vault`).
Only firm staff configure it (the connector reaches outside hosts; every URL is checked by
:mod:`guichet.core.access.outbound` when saved and at each connection).

A company has one reception platform (the one named in the directory) and may emit
through several: a configuration's ``reception`` and ``emission`` settings (booleans, true
by default) say which. When several accounts could answer, the oldest enabled one wins, so
that the choice is the same on every call.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guichet.core import connector_vault
from guichet.core.connectors import is_platform, load_connectors
from guichet.core.errors import NetworkNotConfigured
from guichet.core.model.connector_models import ConnectorConfig
from guichet.core.model.models import Company

if TYPE_CHECKING:
    import pluggy

    from guichet.core.connectors import PlatformConnector
    from guichet.core.ops.runtime import Runtime
    from guichet.core.settings import Settings

RECEPTION = "reception"
EMISSION = "emission"
#: A settings key that only ``guichet network configure`` writes (the instance administrator at the command
#: line, logged ``network.hosts_opened``): internal hosts (loopback, LAN) the outbound rules refuse but the
#: administrator opened for this account alone. No form can write it (undeclared names are refused).
ADMIN_HOSTS = "instance_allowed_hosts"

_CACHE: weakref.WeakKeyDictionary[Any, dict[str, PlatformConnector]] = weakref.WeakKeyDictionary()


@dataclass
class PlatformAccount:
    """A company's platform account, ready to use: the configuration, its connector, its clear settings."""

    config: ConnectorConfig
    connector: PlatformConnector
    settings: dict[str, Any]

    @property
    def company_id(self) -> int:
        """The company whose account this is."""
        return self.config.company_id


#: Settings key of the SHA-256 of the account's callback token (XP Z12-013 §5.6 webhook), written by
#: :func:`new_callback_token`; like :data:`ADMIN_HOSTS`, no form can write it.
CALLBACK_KEY = "callback_token_sha256"


def new_callback_token(config_id: int) -> str:
    """A new secret for the platform's webhook to call this account (only its SHA-256 is kept); returns it once."""
    import hashlib
    import secrets

    from guichet.core.model.models import db

    token = secrets.token_urlsafe(32)
    with db.atomic():
        row = ConnectorConfig.get_by_id(config_id)
        ConnectorConfig.update(settings={**(row.settings or {}), CALLBACK_KEY: hashlib.sha256(token.encode()).hexdigest()}
                               ).where(ConnectorConfig.id == config_id).execute()
    return token


def account_for_callback(rt: Runtime, token: str) -> PlatformAccount | None:
    """The enabled platform account whose callback token is ``token`` (compared in constant time), or None."""
    import hashlib
    import hmac

    if not token or len(token) > 200:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    connectors = platform_connectors(rt.pm)
    if not connectors:
        return None
    rows = ConnectorConfig.select().where(ConnectorConfig.enabled & ConnectorConfig.company.is_null(False)
                                          & ConnectorConfig.connector_id.in_(list(connectors)))
    for config in rows:
        stored = str((config.settings or {}).get(CALLBACK_KEY) or "")
        if stored and hmac.compare_digest(stored, digest):
            return PlatformAccount(config, connectors[config.connector_id],
                                   connector_settings(rt.settings, config.settings or {}))
    return None


#: Key of the settings the core hands a platform connector (:func:`accounts_of`, ``connector_runs.clear_settings``)
#: holding the :class:`~guichet.core.settings.Settings` its connections go through: :func:`outbound_settings`
#: of the instance and the account. Passed, never fetched from the running process (issue 12); set by the
#: core at each call, never stored, no form can write it (forms only hold the connector's settings fields).
OUTBOUND = "_outbound"


def connector_settings(instance: Settings, stored: dict[str, Any]) -> dict[str, Any]:
    """A platform account's settings for its connector: clear values (secrets opened) and :data:`OUTBOUND`."""
    return {**connector_vault.open_settings(instance, stored), OUTBOUND: outbound_settings(instance, stored)}


def outbound_settings(instance: Settings, account_settings: dict[str, Any]) -> Settings:
    """The instance's settings for this account's connections: ``[outbound] allowed_hosts`` plus :data:`ADMIN_HOSTS`.

    Platform connectors pass it to :func:`guichet.core.access.outbound.http_session` and ``check_url``.
    """
    from guichet.core.settings import Settings

    extra = [str(host) for host in account_settings.get(ADMIN_HOSTS) or [] if host]
    if not extra:
        return instance
    values = dict(instance.values)
    section = dict(values.get("outbound") or {})
    section["allowed_hosts"] = [*(section.get("allowed_hosts") or []), *extra]
    values["outbound"] = section
    return Settings(values)


def platform_connectors(pm: pluggy.PluginManager) -> dict[str, PlatformConnector]:
    """The platform connectors the plugins register, by id (built once per plugin manager)."""
    found = _CACHE.get(pm)
    if found is None:
        found = {cid: c for cid, c in load_connectors(pm).items() if is_platform(c)}
        _CACHE[pm] = found
    return found


def _configs(pm: pluggy.PluginManager, company: Company | int, purpose: str | None) -> list[ConnectorConfig]:
    """The company's enabled platform account configurations (for ``purpose``), oldest first."""
    company_id = company if isinstance(company, int) else company.id
    connectors = platform_connectors(pm)
    if not connectors:
        return []
    rows = (ConnectorConfig.select()
            .where((ConnectorConfig.company == company_id) & ConnectorConfig.enabled
                   & ConnectorConfig.connector_id.in_(list(connectors)))
            .order_by(ConnectorConfig.id))
    return [config for config in rows
            if not (purpose and (config.settings or {}).get(purpose, True) in (False, "false", "0", 0))]


def has_account(pm: pluggy.PluginManager, company: Company | int, purpose: str | None = None) -> bool:
    """True when the company has an enabled platform account for ``purpose`` (no secret is opened)."""
    return bool(_configs(pm, company, purpose))


def accounts_of(rt: Runtime, company: Company | int, purpose: str | None = None) -> list[PlatformAccount]:
    """The company's enabled platform accounts (for ``purpose``: reception or emission), oldest first."""
    connectors = platform_connectors(rt.pm)
    return [PlatformAccount(config, connectors[config.connector_id],
                            connector_settings(rt.settings, config.settings or {}))
            for config in _configs(rt.pm, company, purpose)]


def account(rt: Runtime, company: Company | int, purpose: str = RECEPTION) -> PlatformAccount:
    """The account to use for ``purpose``.

    :raises NetworkNotConfigured: with a French message when the company has none.
    """
    found = accounts_of(rt, company, purpose)
    if not found:
        what = "de réception" if purpose == RECEPTION else "d'émission"
        name = company.name if isinstance(company, Company) else f"n° {company}"
        msg = (f"aucune plateforme agréée {what} n'est configurée pour la société {name} "
               "(guichet network configure, ou la page d'administration des connecteurs)")
        raise NetworkNotConfigured(msg)
    return found[0]


def account_by_config(rt: Runtime, config_id: int) -> PlatformAccount | None:
    """The account of one configuration (None when it is gone, disabled or not a platform's)."""
    config = ConnectorConfig.get_or_none(ConnectorConfig.id == config_id)
    connectors = platform_connectors(rt.pm)
    if config is None or not config.enabled or config.connector_id not in connectors:
        return None
    return PlatformAccount(config, connectors[config.connector_id], connector_settings(rt.settings, config.settings or {}))


def companies_with_platform(rt: Runtime) -> list[int]:
    """The companies that have at least one enabled platform account (what a poll goes through)."""
    connectors = platform_connectors(rt.pm)
    if not connectors:
        return []
    rows = (ConnectorConfig.select(ConnectorConfig.company).distinct()
            .where(ConnectorConfig.enabled & ConnectorConfig.company.is_null(False)
                   & ConnectorConfig.connector_id.in_(list(connectors))))
    return sorted(row.company_id for row in rows)
