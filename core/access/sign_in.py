"""Signing in: throttling, the password, the upgrade of old hashes, the second factor, the events.

The same work is done whether the e-mail is unknown, the password wrong or the account
deactivated: one attempt counted, one password hash verified (a dummy one when there
is no account), one ``user.login_failed`` event, and the same answer. Only firm
administrators see the difference, in the audit page (the event's ``reason``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from guichet.core.access import passwords, throttle, two_factor
from guichet.core.model import events
from guichet.core.model.models import User, db

if TYPE_CHECKING:
    from guichet.core.settings import Settings


@dataclass(frozen=True)
class Outcome:
    """The result of one attempt.

    ``user`` is set when the password (or code) was right; ``second_factor`` when the
    person must still give a TOTP or recovery code; ``refusal`` when the attempt was
    refused by the throttle without checking anything.
    """

    user: User | None = None
    second_factor: bool = False
    refusal: throttle.Refusal | None = None

    @property
    def ok(self) -> bool:
        """True when the person may be signed in now."""
        return self.user is not None and not self.second_factor


def with_password(settings: Settings, email: str, password: str, address: str | None) -> Outcome:
    """First step: the e-mail and the password."""
    typed = throttle.account_key(email)
    refusal = throttle.begin_attempt(settings, typed, address)
    if refusal is not None:
        return Outcome(refusal=refusal)
    user = User.get_or_none(User.email == typed)
    if user is None:
        passwords.verify_dummy(password)
        matches = needs_rehash = False
        reason = "compte inconnu"
    else:
        matches, needs_rehash = passwords.verify(user.password_hash, password)
        reason = "mot de passe incorrect" if not matches else ("compte désactivé" if not user.active else "")
        matches = matches and bool(user.active)
    if not matches:
        with db.atomic():
            events.record("user.login_failed", user_id=user.id if user else None,
                          data={"email": typed[:200], "ip": address, "reason": reason})
        return Outcome()
    throttle.succeeded(typed, address)
    with db.atomic():
        if needs_rehash:
            user.password_hash = passwords.hash_password(password)
            User.update(password_hash=user.password_hash).where(User.id == user.id).execute()
        if two_factor.is_enabled(user):
            return Outcome(user=user, second_factor=True)
        events.record("user.login", user_id=user.id,
                      data={"email": typed, "ip": address, "rehashed": needs_rehash})
    return Outcome(user=user)


def with_code(settings: Settings, user: User, code: str, address: str | None) -> Outcome:
    """Second step: a TOTP code or a recovery code, for the ``user`` whose password was right."""
    refusal = throttle.begin_attempt(settings, user.email, address)
    if refusal is not None:
        return Outcome(user=user, second_factor=True, refusal=refusal)
    method = two_factor.verify(settings, user, code) if user.active else None
    if method is None:
        with db.atomic():
            events.record("user.login_failed", user_id=user.id,
                          data={"email": user.email, "ip": address, "reason": "code à deux facteurs incorrect"})
        return Outcome(user=user, second_factor=True)
    throttle.succeeded(user.email, address)
    with db.atomic():
        events.record("user.login", user_id=user.id,
                      data={"email": user.email, "ip": address, "second_factor": method})
    return Outcome(user=user)
