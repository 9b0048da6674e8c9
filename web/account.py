"""The signed-in person's own account: password and two-factor sign-in (``/compte``).

When the firm requires two-factor sign-in of its staff, a staff member without it is
sent to the enrolment page before anything else (:func:`_require_two_factor`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from guichet.core.access import accounts, passwords, two_factor
from guichet.core.model.models import Firm, User
from guichet.web.app import current_runtime

bp = Blueprint("account", __name__)

# What a staff member who must enrol may still open.
_ALLOWED_BEFORE_ENROLMENT = {"account.enrol", "account.enrol_restart", "auth.logout", "static"}


@bp.before_app_request
def _require_two_factor() -> Any:
    if request.endpoint in _ALLOWED_BEFORE_ENROLMENT or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return None
    if two_factor.is_enabled(current_user) or not two_factor.is_required(current_user):
        return None
    flash("Le cabinet exige la double authentification de son personnel : activez-la pour continuer.", "info")
    return redirect(url_for("account.enrol"))


def _me() -> User:
    return User.get_by_id(current_user.id)


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return f"{text[:1].upper()}{text[1:]}."


@bp.route("/")
@login_required
def index() -> Any:
    """Password change and two-factor status."""
    me = _me()
    return render_template("account/index.html", me=me, enabled=two_factor.is_enabled(me),
                           required=two_factor.is_required(me),
                           codes_left=two_factor.recovery_codes_left(me),
                           min_length=accounts.MIN_PASSWORD_LENGTH)


@bp.route("/mot-de-passe", methods=["POST"])
@login_required
def change_password() -> Any:
    """Change one's own password (the current one is asked); other sessions end."""
    me = _me()
    new = request.form.get("new", "")
    if new != request.form.get("confirm", ""):
        flash("Les deux nouveaux mots de passe ne sont pas identiques.", "error")
        return redirect(url_for("account.index"))
    try:
        accounts.change_own_password(me, request.form.get("current", ""), new)
    except ValueError as exc:
        flash(_sentence(exc), "error")
        return redirect(url_for("account.index"))
    login_user(me)  # this session carries the new session version; the others end
    flash("Mot de passe changé. Vos autres sessions sont fermées.", "info")
    return redirect(url_for("account.index"))


def _issuer(me: User) -> str:
    configured = current_runtime().settings.get("accounts.totp_issuer") or ""
    if configured:
        return configured
    firm = Firm.get_or_none(Firm.id == me.firm_id) if me.firm_id else None
    return f"Guichet {firm.name}" if firm else "Guichet"


@bp.route("/double-authentification", methods=["GET", "POST"])
@login_required
def enrol() -> Any:
    """Enrolment: scan the QR code, type the code shown; the recovery codes are shown once."""
    settings = current_runtime().settings
    me = _me()
    if two_factor.is_enabled(me):
        return redirect(url_for("account.index"))
    status = 200
    if request.method == "POST":
        try:
            codes = two_factor.confirm_enrolment(settings, me, request.form.get("code", ""))
        except two_factor.TwoFactorError as exc:
            flash(_sentence(exc), "error")
            status = 400
        else:
            flash("Double authentification activée.", "info")
            return render_template("account/recovery_codes.html", codes=codes)
    secret = two_factor.pending_secret(settings, me) or two_factor.start_enrolment(settings, me)
    uri = two_factor.provisioning_uri(secret, me, _issuer(me))
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("account/two_factor.html", qr=two_factor.qr_svg(uri), secret=grouped,
                           required=two_factor.is_required(me)), status


@bp.route("/double-authentification/nouveau-secret", methods=["POST"])
@login_required
def enrol_restart() -> Any:
    """Draw a new secret (the previous QR code was not scanned, or by the wrong phone)."""
    me = _me()
    if not two_factor.is_enabled(me):
        two_factor.start_enrolment(current_runtime().settings, me)
    return redirect(url_for("account.enrol"))


def _password_confirmed(me: User) -> bool:
    matches, _ = passwords.verify(me.password_hash, request.form.get("password", ""))
    if not matches:
        flash("Mot de passe incorrect.", "error")
    return matches


@bp.route("/double-authentification/desactiver", methods=["POST"])
@login_required
def disable_two_factor() -> Any:
    """Turn two-factor sign-in off (not when the firm requires it); the password is asked."""
    me = _me()
    if two_factor.is_required(me):
        flash("Le cabinet exige la double authentification : elle ne peut pas être désactivée.", "error")
        return redirect(url_for("account.index"))
    if _password_confirmed(me):
        two_factor.disable(me, by_user_id=me.id)
        flash("Double authentification désactivée.", "info")
    return redirect(url_for("account.index"))


@bp.route("/codes-de-secours", methods=["POST"])
@login_required
def recovery_codes() -> Any:
    """Ten new recovery codes (the old ones stop working); the password is asked."""
    me = _me()
    if not _password_confirmed(me):
        return redirect(url_for("account.index"))
    try:
        codes = two_factor.new_recovery_codes(me)
    except two_factor.TwoFactorError as exc:
        flash(_sentence(exc), "error")
        return redirect(url_for("account.index"))
    return render_template("account/recovery_codes.html", codes=codes)
