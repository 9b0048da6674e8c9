"""Tables of safe accounts: sign-in throttling, one-time links, two-factor recovery codes."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from guichet.core.model.models import BaseModel, User, utcnow


class LoginThrottle(BaseModel):
    """Recent sign-in failures of one account or one client address (core/access/throttle.py).

    ``scope`` is ``account`` (``key`` = the e-mail as typed, lower case, whether or not
    such a user exists, so that a lock tells nothing about existence) or ``address``
    (``key`` = the client's IPv4 address or IPv6 /64 network).
    """

    scope = CharField(max_length=16)
    key = CharField()
    failures = IntegerField(default=0)
    last_failure_at = DateTimeField(default=utcnow)
    locked_until = DateTimeField(null=True)

    class Meta:
        indexes = ((("scope", "key"), True),)


class AccountToken(BaseModel):
    """A one-time link sent by e-mail: a password reset or an invitation.

    Only the SHA-256 of the token is stored; the link carries the token itself. A link
    is used once (``used_at``, set by compare-and-set) and expires at ``expires_at``.
    """

    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    purpose = CharField(max_length=16)  # reset | invite
    token_hash = CharField(max_length=64, unique=True)
    created_by = IntegerField(null=True)  # user id of the administrator who sent it
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class RecoveryCode(BaseModel):
    """A two-factor recovery code (SHA-256 of the code; each one works once)."""

    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    code_hash = CharField(max_length=64)
    created_at = DateTimeField(default=utcnow)
    used_at = DateTimeField(null=True)


#: The tables of this module, in creation order.
ACCOUNT_MODELS = (LoginThrottle, AccountToken, RecoveryCode)
