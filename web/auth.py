"""Login and logout (flask-login), and role decorators for views."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from guichet.core.access import access, accounts
from guichet.core.model import events
from guichet.core.model.models import db

if TYPE_CHECKING:
    from collections.abc import Callable

bp = Blueprint("auth", __name__)


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
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The login form."""
    if current_user.is_authenticated:
        return redirect(url_for("company.home"))
    if request.method == "POST":
        email = request.form.get("email", "")
        user = accounts.authenticate(email, request.form.get("password", ""))
        with db.atomic():
            events.record("user.login" if user else "user.login_failed",
                          user_id=user.id if user else None,
                          data={"email": email.strip().lower()[:200], "ip": request.remote_addr})
        if user is None:
            flash("Adresse e-mail ou mot de passe incorrect.", "error")
            return render_template("auth/login.html", email=email), 401
        login_user(user)
        return redirect(_safe_next(request.args.get("next")) or url_for("company.home"))
    return render_template("auth/login.html", email="")


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Any:
    """End the session."""
    logout_user()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))
