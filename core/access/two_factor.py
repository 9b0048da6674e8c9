"""Two-factor sign-in with TOTP (RFC 6238, pyotp) and single-use recovery codes.

Enrolment: :func:`start_enrolment` draws a secret (kept encrypted with the instance key,
core/connector_vault.py, but not yet active); the person scans the QR code
(:func:`qr_svg`, drawn locally by ``qrcode``, nothing leaves the server) and types a
code; :func:`confirm_enrolment` turns it on and returns ten recovery codes, shown once
and stored only as SHA-256 hashes.

A code is accepted within one 30-second step of the server's clock and never twice
(``User.totp_last_step``). A firm administrator may require two-factor sign-in of the
firm's staff (:func:`set_required`); the web then sends staff without it to enrolment.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

import pyotp

from guichet.core import connector_vault
from guichet.core.access import access
from guichet.core.model import events
from guichet.core.model.account_models import RecoveryCode
from guichet.core.model.models import Firm, User, db, utcnow
from guichet.core.settings import Settings

RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_RECOVERY_LENGTH = 16  # 16 symbols of 31: 79 bits, beyond offline guessing even with a fast hash


class TwoFactorError(ValueError):
    """A two-factor operation that cannot be done (French message)."""


def is_enabled(user: User) -> bool:
    """True when ``user`` signs in with a second factor."""
    return user.totp_enabled_at is not None


def is_required(user: User) -> bool:
    """True when the firm requires two-factor sign-in of ``user`` (firm staff only)."""
    if not access.is_firm_staff(user):
        return False
    return bool(Firm.select(Firm.require_totp).where(Firm.id == user.firm_id).scalar())


def set_required(firm: Firm, required: bool, *, by_user_id: int | None = None) -> None:
    """Require (or stop requiring) two-factor sign-in of the firm's staff."""
    with db.atomic():
        Firm.update(require_totp=required).where(Firm.id == firm.id).execute()
        firm.require_totp = required
        events.record("firm.totp_required", user_id=by_user_id,
                      data={"firm_id": firm.id, "required": required})


def start_enrolment(settings: Settings, user: User) -> str:
    """Draw a new secret for ``user`` (inactive until confirmed); returns it in base32."""
    if is_enabled(user):
        msg = "la double authentification est déjà active : désactivez-la d'abord"
        raise TwoFactorError(msg)
    secret = pyotp.random_base32()
    user.totp_secret = _seal(settings, secret)
    User.update(totp_secret=user.totp_secret).where(User.id == user.id).execute()
    return secret


def pending_secret(settings: Settings, user: User) -> str | None:
    """The secret being enrolled (not active yet), or None."""
    if is_enabled(user) or not user.totp_secret:
        return None
    return _open(settings, user.totp_secret)


def provisioning_uri(secret: str, user: User, issuer: str) -> str:
    """The ``otpauth://`` address that authenticator apps read from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(data: str) -> str:
    """``data`` as an inline SVG QR code (drawn locally)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    # Size it with CSS, not millimetres.
    return re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg class="qr" role="img" aria-label="QR code"', svg)


def confirm_enrolment(settings: Settings, user: User, code: str) -> list[str]:
    """Turn two-factor sign-in on when ``code`` matches the pending secret; returns the recovery codes."""
    secret = pending_secret(settings, user)
    if secret is None:
        msg = "aucune activation en cours : recommencez"
        raise TwoFactorError(msg)
    step = _matching_step(secret, code, after=None)
    if step is None:
        msg = "code incorrect : vérifiez l'heure du téléphone et saisissez le code affiché"
        raise TwoFactorError(msg)
    with db.atomic():
        now = utcnow()
        User.update(totp_enabled_at=now, totp_last_step=step).where(User.id == user.id).execute()
        user.totp_enabled_at, user.totp_last_step = now, step
        codes = _replace_recovery_codes(user)
        events.record("user.totp_enabled", data={"user": user.email, "user_id": user.id})
    return codes


def verify(settings: Settings, user: User, code: str) -> str | None:
    """Check a sign-in code: ``"totp"`` or ``"recovery"`` when accepted (and used up), else None."""
    if not is_enabled(user) or not user.totp_secret:
        return None
    cleaned = re.sub(r"\s", "", code or "")
    if cleaned.isdigit():
        secret = _open(settings, user.totp_secret)
        with db.atomic():
            fresh = User.select(User.totp_last_step).where(User.id == user.id).scalar()
            step = _matching_step(secret, cleaned, after=fresh)
            if step is None:
                return None
            # Compare-and-set: of two requests with the same code, one wins.
            taken = (User.update(totp_last_step=step)
                     .where((User.id == user.id) & ((User.totp_last_step.is_null()) | (User.totp_last_step < step)))
                     .execute())
        return "totp" if taken == 1 else None
    with db.atomic():
        used = (RecoveryCode.update(used_at=utcnow())
                .where((RecoveryCode.user == user.id) & (RecoveryCode.code_hash == _code_hash(cleaned))
                       & RecoveryCode.used_at.is_null())
                .execute())
        if used != 1:
            return None
        left = RecoveryCode.select().where((RecoveryCode.user == user.id) & RecoveryCode.used_at.is_null()).count()
        events.record("user.recovery_code_used", user_id=user.id, data={"user": user.email, "left": left})
    return "recovery"


def recovery_codes_left(user: User) -> int:
    """Unused recovery codes of ``user``."""
    return RecoveryCode.select().where((RecoveryCode.user == user.id) & RecoveryCode.used_at.is_null()).count()


def new_recovery_codes(user: User) -> list[str]:
    """Replace ``user``'s recovery codes with ten new ones (shown once)."""
    if not is_enabled(user):
        msg = "la double authentification n'est pas active"
        raise TwoFactorError(msg)
    with db.atomic():
        codes = _replace_recovery_codes(user)
        events.record("user.recovery_codes_renewed", data={"user": user.email, "user_id": user.id})
    return codes


def disable(user: User, *, by_user_id: int | None = None) -> None:
    """Turn two-factor sign-in off for ``user`` (the person, or an administrator after a lost phone)."""
    with db.atomic():
        User.update(totp_secret=None, totp_enabled_at=None, totp_last_step=None).where(User.id == user.id).execute()
        user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
        RecoveryCode.delete().where(RecoveryCode.user == user.id).execute()
        events.record("user.totp_disabled", user_id=by_user_id,
                      data={"user": user.email, "user_id": user.id})


def _matching_step(secret: str, code: str, *, after: int | None) -> int | None:
    """The time step (current, previous or next) whose code is ``code``, if later than ``after``."""
    cleaned = re.sub(r"\s", "", code or "")
    if not (cleaned.isdigit() and len(cleaned) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(int(time.time()))
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), cleaned) and (after is None or step > after):
            return step
    return None


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCode.delete().where(RecoveryCode.user == user.id).execute()
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, _RECOVERY_LENGTH, 4)))
        RecoveryCode.create(user=user.id, code_hash=_code_hash(raw))
    return codes


def _code_hash(code: str) -> str:
    normalised = re.sub(r"[\s-]", "", code).lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _seal(settings: Settings, secret: str) -> str:
    return connector_vault.encrypt_text(settings, secret)[connector_vault.ENCRYPTED]


def _open(settings: Settings, sealed: str) -> str:
    return connector_vault.decrypt_value(settings, {connector_vault.ENCRYPTED: sealed})
