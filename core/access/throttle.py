"""Sign-in throttling per account and per client address: a growing delay, then a temporary lock.

Two counters are kept for every attempt (``[accounts]`` in config/defaults.toml):

- per account, keyed by the e-mail as typed (lower case), whether or not such a user
  exists, so that a delay or a lock reveals nothing about existence;
- per client address (an IPv4 address, or the /64 network of an IPv6 address), with
  higher thresholds, so that one office behind a NAT is not locked out by one person.

After ``free_failures`` failures, each new attempt must wait a delay that doubles from
``delay_seconds`` up to ``max_delay_seconds``; after ``lock_after`` failures the key is
locked for ``lock_minutes``. Failures older than ``window_minutes`` are forgotten, and
so is a lock once it has expired.

An attempt is counted as a failure *before* the password is checked, in one
transaction (:func:`begin_attempt`), so that parallel attempts cannot slip through
between the check and the count; a success then clears the account's counter and
gives the address its attempt back (:func:`succeeded`). A refused attempt is not
counted and checks no password.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from guichet.core.model import events
from guichet.core.model.account_models import LoginThrottle
from guichet.core.model.database import is_postgres
from guichet.core.model.models import User, db, utcnow

if TYPE_CHECKING:
    from guichet.core.settings import Settings

ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True)
class Limits:
    """Thresholds of one scope (account or address)."""

    free_failures: int
    lock_after: int
    delay_seconds: float
    max_delay_seconds: float
    lock_minutes: float
    window_minutes: float

    @classmethod
    def from_settings(cls, settings: Settings, scope: str) -> Limits:
        """The ``[accounts]`` thresholds of ``scope``."""
        return cls(
            free_failures=int(settings.get(f"accounts.{scope}_free_failures", 3)),
            lock_after=int(settings.get(f"accounts.{scope}_lock_after", 10)),
            delay_seconds=float(settings.get("accounts.delay_seconds", 1)),
            max_delay_seconds=float(settings.get("accounts.max_delay_seconds", 60)),
            lock_minutes=float(settings.get("accounts.lock_minutes", 15)),
            window_minutes=float(settings.get("accounts.window_minutes", 60)),
        )

    def delay_after(self, failures: int) -> float:
        """Seconds an attempt must wait after ``failures`` recent failures."""
        if failures < self.free_failures:
            return 0.0
        return min(self.delay_seconds * 2 ** (failures - self.free_failures), self.max_delay_seconds)


@dataclass(frozen=True)
class Refusal:
    """An attempt refused without checking the password."""

    scope: str
    locked: bool
    retry_after: int  # seconds

    @property
    def message(self) -> str:
        """What the sign-in page says (the same for a known and an unknown account)."""
        if self.locked:
            minutes = max(1, math.ceil(self.retry_after / 60))
            return (f"Trop d'échecs de connexion : connexion bloquée pendant {minutes} minute"
                    f"{'s' if minutes > 1 else ''}. Réessayez plus tard ou demandez à l'administrateur "
                    "du cabinet un lien de réinitialisation.")
        plural = "s" if self.retry_after > 1 else ""
        return f"Trop de tentatives rapprochées : réessayez dans {self.retry_after} seconde{plural}."


def account_key(email: str) -> str:
    """The account counter's key: the e-mail as typed, trimmed and in lower case."""
    return email.strip().lower()[:254]


def address_key(address: str | None) -> str:
    """The address counter's key: the IPv4 address, or the /64 network of an IPv6 address."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "inconnue")[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def begin_attempt(settings: Settings, email: str, address: str | None, *,
                  now: dt.datetime | None = None) -> Refusal | None:
    """Refuse the attempt (a :class:`Refusal`), or count it as a failure on both keys and return None."""
    now = now or utcnow()
    keys = ((ACCOUNT, account_key(email)), (ADDRESS, address_key(address)))
    with db.atomic():
        rows = [(scope, _locked_row(scope, key, now), Limits.from_settings(settings, scope))
                for scope, key in keys]
        for scope, row, limits in rows:
            refusal = _refusal(scope, row, limits, now)
            if refusal is not None:
                return refusal
        for scope, row, limits in rows:
            row.failures += 1
            row.last_failure_at = now
            if row.failures >= limits.lock_after:
                row.locked_until = now + dt.timedelta(minutes=limits.lock_minutes)
                events.record("user.login_locked", user_id=_account_user_id(scope, row.key),
                              data={"scope": scope, "key": row.key, "failures": row.failures,
                                    "until": row.locked_until.isoformat(timespec="seconds")})
            row.save()
    return None


def succeeded(email: str, address: str | None) -> None:
    """The attempt begun by :func:`begin_attempt` succeeded: clear the account, give the address its try back."""
    with db.atomic():
        LoginThrottle.delete().where((LoginThrottle.scope == ACCOUNT)
                                     & (LoginThrottle.key == account_key(email))).execute()
        (LoginThrottle.update(failures=LoginThrottle.failures - 1)
         .where((LoginThrottle.scope == ADDRESS) & (LoginThrottle.key == address_key(address))
                & (LoginThrottle.failures > 0))
         .execute())


def clear_account(email: str) -> None:
    """Forget the failures of an account (its password was just reset)."""
    with db.atomic():
        LoginThrottle.delete().where((LoginThrottle.scope == ACCOUNT)
                                     & (LoginThrottle.key == account_key(email))).execute()


def account_state(settings: Settings, email: str, *, now: dt.datetime | None = None) -> Refusal | None:
    """What a sign-in to this account would meet now (admin pages), without counting anything."""
    now = now or utcnow()
    row = LoginThrottle.get_or_none((LoginThrottle.scope == ACCOUNT) & (LoginThrottle.key == account_key(email)))
    if row is None:
        return None
    _forget_old(row, Limits.from_settings(settings, ACCOUNT), now)
    return _refusal(ACCOUNT, row, Limits.from_settings(settings, ACCOUNT), now)


def _locked_row(scope: str, key: str, now: dt.datetime) -> LoginThrottle:
    """The counter of ``key``, created if needed, locked for this transaction on PostgreSQL."""
    LoginThrottle.insert(scope=scope, key=key, failures=0, last_failure_at=now).on_conflict_ignore().execute()
    query = LoginThrottle.select().where((LoginThrottle.scope == scope) & (LoginThrottle.key == key))
    if is_postgres():
        query = query.for_update()  # SQLite: the transaction already holds the write lock (BEGIN IMMEDIATE)
    return query.get()


def _account_user_id(scope: str, key: str) -> int | None:
    if scope != ACCOUNT:
        return None
    user = User.get_or_none(User.email == key)
    return user.id if user else None


def _forget_old(row: LoginThrottle, limits: Limits, now: dt.datetime) -> None:
    """Reset a counter whose lock expired or whose failures are older than the window."""
    lock_over = row.locked_until is not None and now >= row.locked_until
    stale = now - row.last_failure_at > dt.timedelta(minutes=limits.window_minutes)
    if lock_over or stale:
        row.failures, row.locked_until = 0, None


def _refusal(scope: str, row: LoginThrottle, limits: Limits, now: dt.datetime) -> Refusal | None:
    _forget_old(row, limits, now)
    if row.locked_until is not None and now < row.locked_until:
        return Refusal(scope, locked=True, retry_after=math.ceil((row.locked_until - now).total_seconds()))
    wait_until = row.last_failure_at + dt.timedelta(seconds=limits.delay_after(row.failures))
    if now < wait_until:
        return Refusal(scope, locked=False, retry_after=max(1, math.ceil((wait_until - now).total_seconds())))
    return None
