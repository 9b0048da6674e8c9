"""Firm administration: companies, users and their per-company rights, plugins."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from guichet.core.access import access, accounts
from guichet.core.connectors import load_connectors
from guichet.core.model.models import Company, Membership, User, db
from guichet.core.plugins import describe_plugins
from guichet.web.app import current_runtime
from guichet.web.auth import firm_admin_required

bp = Blueprint("admin", __name__, template_folder="templates")


def _firm_company(company_id: int) -> Company:
    company = Company.get_or_none((Company.id == company_id) & (Company.firm == current_user.firm_id))
    if company is None:
        abort(404)
    return company


def _firm_user(user_id: int) -> User:
    user = User.get_or_none((User.id == user_id) & (User.firm == current_user.firm_id))
    if user is None:
        abort(404)
    return user


@bp.route("/")
@firm_admin_required
def index() -> Any:
    """Companies of the firm, and the form to add one."""
    companies = Company.select().where(Company.firm == current_user.firm_id).order_by(Company.name)
    return render_template("admin/companies.html", companies=list(companies))


@bp.route("/dossiers", methods=["POST"])
@firm_admin_required
def create_company() -> Any:
    """Create a company (SIREN checked)."""
    try:
        with db.atomic():
            company = accounts.create_company(
                current_user.firm, request.form.get("name", ""), request.form.get("siren", ""),
                vat_id=request.form.get("vat_id") or None, user_id=current_user.id,
            )
    except ValueError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.index"))
    flash(f"Dossier « {company.name} » créé.", "info")
    return redirect(url_for("admin.index"))


@bp.route("/utilisateurs")
@firm_admin_required
def users() -> Any:
    """Users of the firm (staff and clients)."""
    rows = User.select().where(User.firm == current_user.firm_id).order_by(User.email)
    return render_template("admin/users.html", users=list(rows), firm_roles=access.FIRM_ROLES)


@bp.route("/utilisateurs", methods=["POST"])
@firm_admin_required
def create_user() -> Any:
    """Create a user of the firm."""
    try:
        user = accounts.create_user(
            request.form.get("email", ""), request.form.get("password", ""),
            name=request.form.get("name", ""), firm=current_user.firm,
            firm_role=request.form.get("firm_role", ""), user_id=current_user.id,
        )
    except ValueError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.users"))
    flash(f"Utilisateur {user.email} créé.", "info")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.route("/utilisateurs/<int:user_id>")
@firm_admin_required
def user(user_id: int) -> Any:
    """A user's rights on each company."""
    target = _firm_user(user_id)
    memberships = {m.company_id: m.role for m in Membership.select().where(Membership.user == target)}
    companies = Company.select().where(Company.firm == current_user.firm_id).order_by(Company.name)
    return render_template("admin/user.html", target=target, memberships=memberships,
                           companies=list(companies), roles=access.ROLES, firm_roles=access.FIRM_ROLES)


@bp.route("/utilisateurs/<int:user_id>/droits", methods=["POST"])
@firm_admin_required
def set_rights(user_id: int) -> Any:
    """Grant or remove a user's role on one company."""
    target = _firm_user(user_id)
    company = _firm_company(request.form.get("company_id", 0, type=int))
    role = request.form.get("role", "")
    if role == "":
        accounts.revoke(target, company, by_user_id=current_user.id)
        flash(f"Accès de {target.email} à « {company.name} » retiré.", "info")
    else:
        try:
            accounts.grant(target, company, role, by_user_id=current_user.id)
        except ValueError as exc:
            flash(str(exc), "error")
            return redirect(url_for("admin.user", user_id=target.id))
        flash(f"{target.email} : {access.ROLES[role]} sur « {company.name} ».", "info")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/extensions")
@firm_admin_required
def plugins() -> Any:
    """Installed plugins, their hooks, connectors and load failures."""
    pm = current_runtime().pm
    return render_template(
        "admin/plugins.html",
        plugins=describe_plugins(pm),
        connectors=load_connectors(pm),
        report=pm.guichet_load_report,
    )


@bp.route("/archives")
@firm_admin_required
def archives() -> Any:
    """The archive: last integrity verification and counts per company."""
    from peewee import JOIN, fn

    from guichet.core.storage.archive import last_verification
    from guichet.core.model.archive_models import ArchiveRecord

    rows = (
        Company.select(Company, fn.COUNT(ArchiveRecord.id).alias("n_archived"))
        .join(ArchiveRecord, JOIN.LEFT_OUTER, on=(ArchiveRecord.company == Company.id))
        .where(Company.firm == current_user.firm_id)
        .group_by(Company.id)
        .order_by(Company.name)
    )
    return render_template("admin/archives.html", run=last_verification(current_runtime().settings),
                           companies=list(rows))
