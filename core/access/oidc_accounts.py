"""Who a person signing in with the firm's OpenID Connect provider is, here.

:func:`resolve` takes the validated claims of an ID token (``sub``, ``email``,
``email_verified``, the role claim) and answers with the user to sign in, or a refusal in
French: a known subject signs in as its user; a first sign-in links to the firm staff
account with the same, provider-verified e-mail; otherwise (when the provider allows it) it
creates an operator account, inactive until the firm admin approves it. A client user's
account (not firm staff) is never linked: the provider is for the firm's staff.
:func:`password_refused` says when a staff member's local password no longer opens a session.
:func:`configure` stores a provider (firm admin only), the client secret encrypted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from guichet.core import connector_vault
from guichet.core.access import access, accounts
from guichet.core.model import events
from guichet.core.model.models import User, db, utcnow
from guichet.core.model.oidc_models import OidcProvider, UserIdentity

if TYPE_CHECKING:
    from guichet.core.model.models import Firm
    from guichet.core.settings import Settings

ROLES = ("admin", "operator")


@dataclass
class Resolution:
    """The user to sign in (active), or why not."""

    user: User | None
    message: str = ""
    created: bool = False


def configure(settings: Settings, firm: Firm, values: dict[str, Any], *, user: User | None,
              provider: OidcProvider | None = None) -> OidcProvider:
    """Create or change a provider of ``firm`` (``user`` None: the instance's administrator)."""
    if user is not None and not (access.is_firm_admin(user) and user.firm_id == firm.id):
        msg = "seul l'administrateur du cabinet configure la connexion par fournisseur d'identité"
        raise PermissionError(msg)
    issuer = str(values.get("issuer") or "").strip().rstrip("/")
    parts = urlsplit(issuer)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username or parts.query:
        msg = f"émetteur (issuer) invalide : « {issuer} » (une adresse https)"
        raise ValueError(msg)
    client_id = str(values.get("client_id") or "").strip()
    label = str(values.get("label") or "").strip()
    if not client_id or not label:
        msg = "libellé et identifiant client (client_id) obligatoires"
        raise ValueError(msg)
    role_map = values.get("role_map") or {}
    if not isinstance(role_map, dict) or any(role not in ROLES for role in role_map.values()):
        msg = "correspondance des rôles : valeur du jeton → « admin » ou « operator »"
        raise ValueError(msg)
    secret = str(values.get("client_secret") or "")
    fields = {"label": label[:255], "issuer": issuer, "client_id": client_id, "role_map": role_map,
              "scopes": str(values.get("scopes") or "openid email profile"),
              "role_claim": str(values.get("role_claim") or ""),
              "create_accounts": bool(values.get("create_accounts", True)),
              "staff_passwords": bool(values.get("staff_passwords", True)),
              "active": bool(values.get("active", True))}
    if "openid" not in fields["scopes"].split():
        msg = "les portées (scopes) doivent contenir « openid »"
        raise ValueError(msg)
    with db.atomic():
        if provider is None:
            provider = OidcProvider.create(firm=firm, client_secret="", **fields)
        else:
            for name, value in fields.items():
                setattr(provider, name, value)
        if secret:
            provider.client_secret = connector_vault.encrypt_text(settings, secret)[connector_vault.ENCRYPTED]
        provider.save()
        events.record("oidc.provider_configured", user_id=user.id if user else None,
                      data={"provider": provider.id, "issuer": issuer, "client_id": client_id,
                            "staff_passwords": fields["staff_passwords"]})
    return provider


def client_secret(settings: Settings, provider: OidcProvider) -> str:
    """The clear client secret ("" for a public client)."""
    if not provider.client_secret:
        return ""
    return connector_vault.decrypt_value(settings, {connector_vault.ENCRYPTED: provider.client_secret})


def _role(provider: OidcProvider, claims: dict[str, Any]) -> str:
    values = claims.get(provider.role_claim) if provider.role_claim else None
    if isinstance(values, str):
        values = [values]
    roles = {provider.role_map.get(str(v)) for v in values or []}
    return "admin" if "admin" in roles else "operator"


def resolve(provider: OidcProvider, claims: dict[str, Any]) -> Resolution:
    """The user ``claims`` (of a validated ID token) sign in as; links or creates on first sign-in."""
    subject = str(claims.get("sub") or "")
    if not subject:
        return Resolution(None, "jeton d'identité sans sujet (sub)")
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified") is True
    with db.atomic():
        identity = UserIdentity.get_or_none((UserIdentity.provider == provider) & (UserIdentity.subject == subject))
        created = False
        if identity is None:
            user = User.get_or_none(User.email == email) if email and verified else None
            if user is not None and (user.firm_id != provider.firm_id or not access.is_firm_staff(user)):
                events.record("oidc.refused", user_id=user.id, data={"provider": provider.id, "reason": "not staff"})
                return Resolution(None, "ce compte n'est pas celui d'un collaborateur du cabinet : "
                                        "connectez-vous avec votre adresse e-mail et votre mot de passe")
            if user is None:
                if not provider.create_accounts or not email or not verified:
                    events.record("oidc.refused", data={"provider": provider.id, "subject": subject,
                                                        "reason": "unknown", "email": email})
                    return Resolution(None, "aucun compte du cabinet pour cette identité ; demandez à "
                                            "l'administrateur du cabinet de vous inviter")
                user = accounts.invite_user(email, name=str(claims.get("name") or ""), firm=provider.firm,
                                            firm_role=_role(provider, claims))
                user.active = False
                user.save(only=[User.active])
                created = True
            identity = UserIdentity.create(provider=provider, user=user, subject=subject, email=email)
            events.record("oidc.linked", user_id=user.id,
                          data={"provider": provider.id, "subject": subject, "created": created})
        user = User.get_by_id(identity.user_id)
        if not user.active:
            return Resolution(None, "votre compte attend la validation de l'administrateur du cabinet", created)
        identity.last_login_at = utcnow()
        identity.save(only=[UserIdentity.last_login_at])
        events.record("user.login", user_id=user.id, data={"email": user.email, "via": f"oidc:{provider.id}"})
    return Resolution(user, "", created)


def password_refused(user: User) -> bool:
    """True when ``user`` is firm staff and an active provider of the firm turned local passwords off."""
    if not access.is_firm_staff(user):
        return False
    return OidcProvider.select().where((OidcProvider.firm == user.firm_id) & OidcProvider.active
                                       & ~OidcProvider.staff_passwords).exists()


def providers_of(firm_id: int | None = None) -> list[OidcProvider]:
    """Active providers (of one firm, or of the instance)."""
    query = OidcProvider.select().where(OidcProvider.active)
    if firm_id is not None:
        query = query.where(OidcProvider.firm == firm_id)
    return list(query.order_by(OidcProvider.id))
