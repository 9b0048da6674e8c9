"""Sign-in of the firm's staff with an OpenID Connect provider (the profession's identity first).

- :class:`OidcProvider`: one provider configured for the firm (issuer, client id, secret
  encrypted with the connector key, scopes, how claims map to firm roles, whether first
  sign-ins may create accounts, whether staff may still use local passwords).
- :class:`UserIdentity`: the provider's subject (``sub``) linked to a user.
"""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from guichet.core.model.models import BaseModel, Firm, JSONField, User, utcnow


class OidcProvider(BaseModel):
    """An OpenID Connect provider of the firm."""

    firm = ForeignKeyField(Firm, backref="+", on_delete="CASCADE")
    label = CharField()  # shown on the sign-in button, e.g. « Authentification ComptExpert »
    issuer = CharField()
    client_id = CharField()
    client_secret = TextField(default="")  # Fernet token (connector key), empty for a public client
    scopes = CharField(default="openid email profile")
    role_claim = CharField(default="")  # claim holding groups/roles, e.g. « groups »; empty: every newcomer is an operator
    role_map = JSONField(default=dict)  # claim value → firm role (« admin » or « operator »)
    create_accounts = BooleanField(default=True)  # a first sign-in creates an operator waiting for approval
    staff_passwords = BooleanField(default=True)  # False: firm staff may no longer sign in with a local password
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)


class UserIdentity(BaseModel):
    """A provider's subject linked to a user."""

    provider = ForeignKeyField(OidcProvider, backref="identities", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    subject = CharField()
    email = CharField(default="")
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("provider", "subject"), True),)


OIDC_MODELS = (OidcProvider, UserIdentity)
