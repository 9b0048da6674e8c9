"""Firms, companies, users and their rights: creation, roles, passwords, one-time links.

Signing in is :mod:`guichet.core.access.sign_in`; hashes are :mod:`guichet.core.access.passwords`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from guichet.core.access import passwords, throttle
from guichet.core.access.access import FIRM_ROLES, ROLES
from guichet.core.model import events
from guichet.core.model.account_models import AccountToken
from guichet.core.model.identifiers import valid_siren
from guichet.core.model.models import Company, Firm, Membership, User, db, utcnow

MIN_PASSWORD_LENGTH = 8
#: Purposes of one-time links, with how long each stays valid by default.
TOKEN_PURPOSES = {"reset": dt.timedelta(hours=1), "invite": dt.timedelta(days=7)}


def create_company(firm: Firm, name: str, siren: str, *, vat_id: str | None = None,
                   user_id: int | None = None) -> Company:
    """Create a company; the SIREN must pass its check digit and be new."""
    clean = valid_siren(siren)
    if clean is None or len(clean) != 9:
        msg = f"SIREN invalide : {siren}"
        raise ValueError(msg)
    if not name.strip():
        msg = "le nom du dossier est obligatoire"
        raise ValueError(msg)
    with db.atomic():
        if Company.select().where(Company.siren == clean).exists():
            msg = f"un dossier existe déjà avec le SIREN {clean}"
            raise ValueError(msg)
        company = Company.create(firm=firm, name=name.strip(), siren=clean, vat_id=vat_id or None)
        events.record("company.created", company_id=company.id, user_id=user_id,
                      data={"name": company.name, "siren": clean})
    return company


def create_user(email: str, password: str, *, name: str = "", firm: Firm | None = None,
                firm_role: str = "", user_id: int | None = None) -> User:
    """Create a user; the email must be new and the password at least 8 characters."""
    check_new_password(password)
    return _new_user(email, passwords.hash_password(password), "user.created", name=name, firm=firm,
                     firm_role=firm_role, by_user_id=user_id)


def invite_user(email: str, *, name: str = "", firm: Firm, firm_role: str = "",
                by_user_id: int | None = None) -> User:
    """Create a user without a password; they choose it through an invitation link (:func:`issue_token`)."""
    return _new_user(email, passwords.UNUSABLE, "user.invited", name=name, firm=firm,
                     firm_role=firm_role, by_user_id=by_user_id)


def _new_user(email: str, password_hash: str, event: str, *, name: str, firm: Firm | None,
              firm_role: str, by_user_id: int | None) -> User:
    email = check_email(email)
    if firm_role not in FIRM_ROLES:
        msg = f"rôle inconnu : {firm_role}"
        raise ValueError(msg)
    with db.atomic():
        if User.select().where(User.email == email).exists():
            msg = f"un utilisateur existe déjà avec l'adresse {email}"
            raise ValueError(msg)
        user = User.create(email=email, name=name.strip(), password_hash=password_hash,
                           firm=firm, firm_role=firm_role)
        events.record(event, user_id=by_user_id,
                      data={"email": email, "firm_role": firm_role, "user_id": user.id})
    return user


def check_email(email: str) -> str:
    """The address normalised (trimmed, lower case); ValueError (French) when it cannot be one."""
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or len(email) > 254:
        msg = f"adresse e-mail invalide : {email}"
        raise ValueError(msg)
    return email


def check_new_password(password: str) -> None:
    """Raise ValueError (French) when ``password`` may not be chosen."""
    if len(password) < MIN_PASSWORD_LENGTH:
        msg = f"le mot de passe doit faire au moins {MIN_PASSWORD_LENGTH} caractères"
        raise ValueError(msg)
    if len(password) > 1024:
        msg = "le mot de passe doit faire au plus 1024 caractères"
        raise ValueError(msg)


def is_invited(user: User) -> bool:
    """True while an invited user has not chosen a password yet."""
    return user.password_hash == passwords.UNUSABLE


def end_sessions(user: User) -> None:
    """Bump ``user``'s session version: every session cookie issued before stops working."""
    User.update(session_version=User.session_version + 1).where(User.id == user.id).execute()
    user.session_version = User.select(User.session_version).where(User.id == user.id).scalar()


def set_password(user: User, password: str, *, how: str, by_user_id: int | None = None) -> None:
    """Store a new password for ``user`` and end their other sessions.

    :param how: ``own`` (changed by the person), ``reset`` or ``invite`` (one-time link), ``cli``.
    """
    check_new_password(password)
    digest = passwords.hash_password(password)
    with db.atomic():
        User.update(password_hash=digest).where(User.id == user.id).execute()
        user.password_hash = digest
        end_sessions(user)
        events.record("user.password_changed", user_id=by_user_id,
                      data={"user": user.email, "user_id": user.id, "how": how})
    throttle.clear_account(user.email)


def change_own_password(user: User, current: str, new: str) -> None:
    """The person changes their password; the current one must be given."""
    matches, _ = passwords.verify(user.password_hash, current)
    if not matches:
        msg = "mot de passe actuel incorrect"
        raise ValueError(msg)
    set_password(user, new, how="own", by_user_id=user.id)


def _other_active_admins(user: User) -> int:
    return (User.select()
            .where((User.firm == user.firm_id) & (User.firm_role == "admin") & User.active & (User.id != user.id))
            .count())


def set_firm_role(user: User, firm_role: str, *, by_user_id: int | None = None) -> None:
    """Change ``user``'s role in the firm; a firm keeps at least one active administrator."""
    if firm_role not in FIRM_ROLES:
        msg = f"rôle inconnu : {firm_role}"
        raise ValueError(msg)
    if user.firm_role == firm_role:
        return
    with db.atomic():
        if user.firm_role == "admin" and user.active and _other_active_admins(user) == 0:
            msg = "le cabinet doit garder au moins un administrateur actif"
            raise ValueError(msg)
        previous = user.firm_role
        User.update(firm_role=firm_role).where(User.id == user.id).execute()
        user.firm_role = firm_role
        events.record("user.role_changed", user_id=by_user_id,
                      data={"user": user.email, "user_id": user.id, "from": previous, "to": firm_role})


def set_active(user: User, active: bool, *, by_user_id: int | None = None) -> None:
    """Deactivate (ending every session at once) or reactivate ``user``."""
    if bool(user.active) == active:
        return
    with db.atomic():
        if not active and user.firm_role == "admin" and _other_active_admins(user) == 0:
            msg = "le cabinet doit garder au moins un administrateur actif"
            raise ValueError(msg)
        User.update(active=active).where(User.id == user.id).execute()
        user.active = active
        end_sessions(user)
        events.record("user.reactivated" if active else "user.deactivated", user_id=by_user_id,
                      data={"user": user.email, "user_id": user.id})


@dataclass(frozen=True)
class IssuedToken:
    """A one-time link's token (to put in the link, never stored) and its expiry."""

    token: str
    purpose: str
    expires_at: dt.datetime


def issue_token(user: User, purpose: str, *, lifetime: dt.timedelta | None = None,
                by_user_id: int | None = None) -> IssuedToken:
    """A new one-time link token for ``user`` (``reset`` or ``invite``); older unused ones stop working."""
    if purpose not in TOKEN_PURPOSES:
        msg = f"usage de lien inconnu : {purpose}"
        raise ValueError(msg)
    if not user.active:
        msg = f"le compte {user.email} est désactivé"
        raise ValueError(msg)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    expires_at = now + (lifetime or TOKEN_PURPOSES[purpose])
    with db.atomic():
        (AccountToken.update(used_at=now)
         .where((AccountToken.user == user.id) & (AccountToken.purpose == purpose) & AccountToken.used_at.is_null())
         .execute())
        AccountToken.create(user=user.id, purpose=purpose, token_hash=_token_hash(token), created_by=by_user_id,
                            created_at=now, expires_at=expires_at)
        events.record("user.link_created", user_id=by_user_id,
                      data={"user": user.email, "user_id": user.id, "purpose": purpose,
                            "expires_at": expires_at.isoformat(timespec="seconds")})
    return IssuedToken(token, purpose, expires_at)


def token_account(token: str) -> AccountToken | None:
    """The valid (unused, unexpired, active user) one-time link of ``token``, or None."""
    if not token or len(token) > 128:
        return None
    row = AccountToken.get_or_none(AccountToken.token_hash == _token_hash(token))
    if row is None or row.used_at is not None or row.expires_at <= utcnow() or not row.user.active:
        return None
    return row


def use_token(token: str, password: str) -> User:
    """Choose a password through a one-time link; the link is used up (once, even when two requests race)."""
    check_new_password(password)
    row = token_account(token)
    if row is None:
        msg = "ce lien n'est plus valable (déjà utilisé ou expiré)"
        raise ValueError(msg)
    now = utcnow()
    with db.atomic():
        taken = (AccountToken.update(used_at=now)
                 .where((AccountToken.id == row.id) & AccountToken.used_at.is_null() & (AccountToken.expires_at > now))
                 .execute())
        if taken != 1:
            msg = "ce lien n'est plus valable (déjà utilisé ou expiré)"
            raise ValueError(msg)
        user = User.get_by_id(row.user_id)
        set_password(user, password, how=row.purpose, by_user_id=user.id)
    return user


def _token_hash(token: str) -> str:
    # 256 random bits: a fast hash is enough, the token cannot be guessed from its digest.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def grant(user: User, company: Company, role: str, *, by_user_id: int | None = None) -> Membership:
    """Give ``user`` the ``role`` on ``company`` (replacing a previous role)."""
    if role not in ROLES:
        msg = f"rôle inconnu : {role}"
        raise ValueError(msg)
    with db.atomic():
        membership, created = Membership.get_or_create(user=user, company=company, defaults={"role": role})
        if not created:
            membership.role = role
            membership.save()
        events.record("membership.granted", company_id=company.id, user_id=by_user_id,
                      data={"user": user.email, "role": role})
    return membership


def revoke(user: User, company: Company, *, by_user_id: int | None = None) -> None:
    """Remove ``user``'s access to ``company``."""
    with db.atomic():
        Membership.delete().where((Membership.user == user) & (Membership.company == company)).execute()
        events.record("membership.revoked", company_id=company.id, user_id=by_user_id,
                      data={"user": user.email})


def create_demo(*, firm_name: str, company: tuple[str, str, str], admin_email: str,
                admin_password: str) -> tuple[Firm, Company, User]:
    """The demo firm with one company and its administrator."""
    with db.atomic():
        firm = Firm.create(name=firm_name)
        events.record("firm.created", data={"name": firm_name, "firm_id": firm.id})
        demo_company = create_company(firm, company[0], company[1], vat_id=company[2])
        admin = create_user(admin_email, admin_password, name="Administrateur démo", firm=firm,
                            firm_role="admin")
    return firm, demo_company, admin
