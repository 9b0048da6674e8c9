"""Signing in and out (flask-login), the second factor, one-time links, and role decorators.

The logic lives in the core (core/access/sign_in.py, accounts.py, two_factor.py); these
views only carry it over HTTP. The session identifier is ``<user id>:<session version>``
(``User.get_id``); logging out bumps the version, so a copied cookie stops working.
"""

from __future__ import annotations

import functools
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from guichet.core.access import access, accounts, oidc_accounts, sign_in
from guichet.core.model import events
from guichet.core.model.models import User, db

if TYPE_CHECKING:
    from collections.abc import Callable

    from guichet.core.access.throttle import Refusal

bp = Blueprint("auth", __name__)

#: Seconds a person has to type the second-factor code after the right password.
SECOND_FACTOR_SECONDS = 300
_PENDING = "pending_second_factor"


def firm_admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Allow only the firm's administrators."""

    @functools.wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not access.is_firm_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    # "//host" and "/\host" (a backslash) are other sites to a browser.
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _settings() -> Any:
    from guichet.web.app import current_runtime

    return current_runtime().settings


def _throttled(template: str, refusal: Refusal, **context: Any) -> Any:
    flash(refusal.message, "error")
    response = make_response(render_template(template, **context), 429)
    response.headers["Retry-After"] = str(refusal.retry_after)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The sign-in form: e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("company.home"))
    if request.method == "POST":
        email = request.form.get("email", "")
        outcome = sign_in.with_password(_settings(), email, request.form.get("password", ""), request.remote_addr)
        if outcome.refusal is not None:
            return _throttled("auth/login.html", outcome.refusal, email=email)
        if outcome.user is None:
            flash("Adresse e-mail ou mot de passe incorrect.", "error")
            return render_template("auth/login.html", email=email), 401
        if oidc_accounts.password_refused(outcome.user):
            flash("Les collaborateurs du cabinet se connectent avec le fournisseur d'identité du cabinet.", "error")
            return render_template("auth/login.html", email=email), 403
        target = _safe_next(request.args.get("next"))
        if outcome.second_factor:
            session[_PENDING] = {"id": outcome.user.get_id(), "at": time.time(), "next": target}
            return redirect(url_for("auth.second_factor"))
        session.pop(_PENDING, None)
        login_user(outcome.user)
        return redirect(target or url_for("company.home"))
    return render_template("auth/login.html", email="")


def _pending_user() -> User | None:
    pending = session.get(_PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > SECOND_FACTOR_SECONDS:
        return None
    user_id, _, version = str(pending.get("id", "")).partition(":")
    user = User.get_or_none(User.id == int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor() -> Any:
    """The second step: the code of the authenticator app, or a recovery code."""
    user = _pending_user()
    if user is None:
        session.pop(_PENDING, None)
        flash("Saisissez de nouveau votre adresse e-mail et votre mot de passe.", "info")
        return redirect(url_for("auth.login"))
    if request.method == "POST":
        outcome = sign_in.with_code(_settings(), user, request.form.get("code", ""), request.remote_addr)
        if outcome.refusal is not None:
            return _throttled("auth/second_factor.html", outcome.refusal)
        if not outcome.ok:
            flash("Code incorrect.", "error")
            return render_template("auth/second_factor.html"), 401
        target = session.pop(_PENDING, {}).get("next")
        login_user(user)
        return redirect(_safe_next(target) or url_for("company.home"))
    return render_template("auth/second_factor.html")


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Any:
    """End the session, and every other session of this person (the session version is bumped)."""
    from guichet.web import oidc

    kept = oidc.pop_id_token()
    user = User.get_by_id(current_user.id)
    with db.atomic():
        accounts.end_sessions(user)
        events.record("user.logout", user_id=user.id, data={"email": user.email})
    logout_user()
    flash("Vous êtes déconnecté.", "info")
    return redirect(oidc.after_logout(kept) or url_for("auth.login"))


@bp.route("/compte/lien/<token>", methods=["GET", "POST"])
def choose_password(token: str) -> Any:
    """The page of a one-time link: choose a password (invitation) or a new one (reset)."""
    row = accounts.token_account(token)
    if row is None:
        response = make_response(render_template(
            "error.html", code=404,
            message="Ce lien n'est pas ou plus valable : il a déjà servi ou il a expiré. "
                    "Demandez-en un nouveau à l'administrateur du cabinet."), 404)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    status = 200
    if request.method == "POST":
        password = request.form.get("password", "")
        if password != request.form.get("confirm", ""):
            flash("Les deux mots de passe ne sont pas identiques.", "error")
            status = 400
        else:
            try:
                accounts.use_token(token, password)
            except ValueError as exc:
                flash(f"{str(exc)[0].upper()}{str(exc)[1:]}.", "error")
                status = 400
            else:
                if current_user.is_authenticated:
                    logout_user()
                flash("Mot de passe enregistré : vous pouvez vous connecter.", "info")
                return redirect(url_for("auth.login"))
    response = make_response(render_template("auth/choose_password.html", row=row,
                                              min_length=accounts.MIN_PASSWORD_LENGTH), status)
    # The token is in the address: never send it to another site.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
