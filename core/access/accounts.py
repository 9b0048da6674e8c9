"""Firms, companies, users and their rights: creation and password checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from guichet.core.model import events
from guichet.core.access.access import FIRM_ROLES, ROLES
from guichet.core.model.identifiers import valid_siren
from guichet.core.model.models import Company, Firm, Membership, User, db

# scrypt parameters (RFC 7914): n=2**14, r=8, p=1 costs about 16 MB and 50 ms.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}


def hash_password(password: str) -> str:
    """A salted scrypt hash, as ``scrypt$<salt>$<hash>`` (base64)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return "scrypt${}${}".format(base64.b64encode(salt).decode(), base64.b64encode(digest).decode())


def check_password(stored: str, password: str) -> bool:
    """True when ``password`` matches the ``stored`` hash (constant-time)."""
    try:
        scheme, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt_b64), **_SCRYPT)
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


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
    email = email.strip().lower()
    if "@" not in email:
        msg = f"adresse e-mail invalide : {email}"
        raise ValueError(msg)
    if len(password) < 8:
        msg = "le mot de passe doit faire au moins 8 caractères"
        raise ValueError(msg)
    if firm_role not in FIRM_ROLES:
        msg = f"rôle inconnu : {firm_role}"
        raise ValueError(msg)
    with db.atomic():
        if User.select().where(User.email == email).exists():
            msg = f"un utilisateur existe déjà avec l'adresse {email}"
            raise ValueError(msg)
        user = User.create(email=email, name=name.strip(), password_hash=hash_password(password),
                           firm=firm, firm_role=firm_role)
        events.record("user.created", user_id=user_id, data={"email": email, "firm_role": firm_role})
    return user


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


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    user = User.get_or_none(User.email == email.strip().lower())
    if user is None or not user.active or not check_password(user.password_hash, password):
        return None
    return user


def create_demo(*, firm_name: str, company: tuple[str, str, str], admin_email: str,
                admin_password: str) -> tuple[Firm, Company, User]:
    """The demo firm with one company and its administrator."""
    with db.atomic():
        firm = Firm.create(name=firm_name)
        events.record("firm.created", data={"name": firm_name})
        demo_company = create_company(firm, company[0], company[1], vat_id=company[2])
        admin = create_user(admin_email, admin_password, name="Administrateur démo", firm=firm,
                            firm_role="admin")
    return firm, demo_company, admin
