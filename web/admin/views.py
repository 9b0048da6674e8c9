"""Firm administration: companies, users (roles, invitations, one-time links), plugins, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from guichet.core.access import access, accounts, audit, throttle, two_factor
from guichet.core.connectors import load_connectors
from guichet.core.model.models import Company, Firm, Membership, User, db
from guichet.core.ops import mail
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
    """Users of the firm (staff and clients), the invitation form and the firm's sign-in rules."""
    rows = list(User.select().where(User.firm == current_user.firm_id).order_by(User.email))
    firm = Firm.get_by_id(current_user.firm_id)
    return render_template("admin/users.html", users=rows, firm_roles=access.FIRM_ROLES, firm=firm,
                           invited={u.id for u in rows if accounts.is_invited(u)},
                           mail_ready=mail.configured(current_runtime().settings))


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return f"{text[:1].upper()}{text[1:]}."


def _public_url() -> str:
    configured = current_runtime().settings.get("web.public_url") or ""
    return configured.rstrip("/") if configured else request.url_root.rstrip("/")


def _send_link(target: User, purpose: str) -> bool:
    """Issue a one-time link for ``target`` and mail it; flash the outcome. True when sent."""
    settings = current_runtime().settings
    if not mail.configured(settings):
        flash("Courriel non envoyé : l'envoi de courriels n'est pas configuré (section [mail]).", "error")
        return False
    if purpose == "reset":
        lifetime = dt.timedelta(minutes=float(settings.get("accounts.reset_link_minutes", 60)))
    else:
        lifetime = dt.timedelta(days=float(settings.get("accounts.invite_link_days", 7)))
    try:
        issued = accounts.issue_token(target, purpose, lifetime=lifetime, by_user_id=current_user.id)
    except ValueError as exc:
        flash(_sentence(exc), "error")
        return False
    firm = Firm.get_by_id(current_user.firm_id)
    text = render_template(f"mail/{purpose}.txt", user=target, firm_name=firm.name,
                           sender_name=current_user.name or current_user.email,
                           link=_public_url() + url_for("auth.choose_password", token=issued.token),
                           expires_at=issued.expires_at)
    subject = (f"Invitation à Guichet — {firm.name}" if purpose == "invite"
               else f"Guichet — nouveau mot de passe ({firm.name})")
    try:
        mail.send(settings, mail.new_message(settings, to=target.email, subject=subject, text=text))
    except mail.MailError as exc:
        flash(f"Courriel non envoyé à {target.email} : {exc}.", "error")
        return False
    return True


@bp.route("/utilisateurs/inviter", methods=["POST"])
@firm_admin_required
def invite_user() -> Any:
    """Create a user without a password and mail them an invitation link."""
    if not mail.configured(current_runtime().settings):
        flash("Invitation impossible : l'envoi de courriels n'est pas configuré (section [mail]). "
              "Créez l'utilisateur avec un mot de passe.", "error")
        return redirect(url_for("admin.users"))
    try:
        target = accounts.invite_user(request.form.get("email", ""), name=request.form.get("name", ""),
                                      firm=current_user.firm, firm_role=request.form.get("firm_role", ""),
                                      by_user_id=current_user.id)
    except ValueError as exc:
        flash(_sentence(exc), "error")
        return redirect(url_for("admin.users"))
    if _send_link(target, "invite"):
        flash(f"Invitation envoyée à {target.email}.", "info")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/securite", methods=["POST"])
@firm_admin_required
def security() -> Any:
    """The firm's sign-in rules: require two-factor sign-in of the staff."""
    firm = Firm.get_by_id(current_user.firm_id)
    required = request.form.get("require_totp") == "1"
    if bool(firm.require_totp) != required:
        two_factor.set_required(firm, required, by_user_id=current_user.id)
    flash("Double authentification " + ("exigée du personnel du cabinet." if required else "facultative."), "info")
    return redirect(url_for("admin.users"))


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
    """A user: role, state, sign-in, and rights on each company."""
    target = _firm_user(user_id)
    memberships = {m.company_id: m.role for m in Membership.select().where(Membership.user == target)}
    companies = Company.select().where(Company.firm == current_user.firm_id).order_by(Company.name)
    return render_template("admin/user.html", target=target, memberships=memberships,
                           companies=list(companies), roles=access.ROLES, firm_roles=access.FIRM_ROLES,
                           invited=accounts.is_invited(target), totp=two_factor.is_enabled(target),
                           lock=throttle.account_state(current_runtime().settings, target.email),
                           mail_ready=mail.configured(current_runtime().settings))


@bp.route("/utilisateurs/<int:user_id>/role", methods=["POST"])
@firm_admin_required
def set_role(user_id: int) -> Any:
    """Change a user's role in the firm."""
    target = _firm_user(user_id)
    try:
        accounts.set_firm_role(target, request.form.get("firm_role", ""), by_user_id=current_user.id)
    except ValueError as exc:
        flash(_sentence(exc), "error")
    else:
        flash(f"{target.email} : {access.FIRM_ROLES[target.firm_role]}.", "info")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/utilisateurs/<int:user_id>/activation", methods=["POST"])
@firm_admin_required
def set_active(user_id: int) -> Any:
    """Deactivate (every session ends at once) or reactivate a user."""
    target = _firm_user(user_id)
    active = request.form.get("active") == "1"
    if target.id == current_user.id and not active:
        flash("Vous ne pouvez pas désactiver votre propre compte.", "error")
        return redirect(url_for("admin.user", user_id=target.id))
    try:
        accounts.set_active(target, active, by_user_id=current_user.id)
    except ValueError as exc:
        flash(_sentence(exc), "error")
    else:
        flash(f"Compte {target.email} {'réactivé' if active else 'désactivé'}.", "info")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/utilisateurs/<int:user_id>/lien", methods=["POST"])
@firm_admin_required
def send_link(user_id: int) -> Any:
    """Mail a password-reset link, or the invitation again to a user who has no password yet."""
    target = _firm_user(user_id)
    purpose = "invite" if accounts.is_invited(target) else "reset"
    if _send_link(target, purpose):
        what = "Invitation renvoyée" if purpose == "invite" else "Lien de réinitialisation envoyé"
        flash(f"{what} à {target.email}.", "info")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/utilisateurs/<int:user_id>/double-authentification", methods=["POST"])
@firm_admin_required
def reset_two_factor(user_id: int) -> Any:
    """Turn a user's two-factor sign-in off (lost phone); they enrol again when the firm requires it."""
    target = _firm_user(user_id)
    two_factor.disable(target, by_user_id=current_user.id)
    flash(f"Double authentification de {target.email} réinitialisée.", "info")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/journal")
@firm_admin_required
def journal() -> Any:
    """The audit page: sign-ins and failures, accounts and rights, decisions, configuration."""
    category = request.args.get("categorie", "")
    if category not in audit.CATEGORIES:
        category = ""
    before = request.args.get("avant", type=int)
    page_size = int(current_app.config.get("PAGE_SIZE", 50))
    rows = audit.firm_events(Firm.get_by_id(current_user.firm_id), category=category or None,
                             before_id=before, limit=page_size + 1)
    more = len(rows) > page_size
    rows = rows[:page_size]
    return render_template("admin/journal.html", rows=rows, categories=audit.CATEGORIES, category=category,
                           next_before=rows[-1].event.id if more and rows else None)


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
    from guichet.web.company import proof

    rt = current_runtime()
    from guichet.core.storage.archive import PROGRESS_LABELS, verification_progress

    return render_template("admin/archives.html", run=last_verification(rt.settings), companies=list(rows),
                           running=proof.verification_running(rt), progress=verification_progress(rt.settings),
                           progress_labels=PROGRESS_LABELS, tsa=bool(rt.settings.get("seal.tsa_url")))


@bp.route("/archives/verification/etat")
@firm_admin_required
def verification_state() -> Any:
    """The progress of the verification asked for (JSON, polled by the archives page while it runs)."""
    from guichet.core.storage.archive import PROGRESS_LABELS, verification_progress
    from guichet.web.company import proof

    rt = current_runtime()
    progress = verification_progress(rt.settings) or {}
    return {"running": proof.verification_running(rt), "state": progress.get("state"),
            "label": PROGRESS_LABELS.get(progress.get("state") or "", ""), "steps": progress.get("steps", [])}


@bp.route("/archives/verifier", methods=["POST"])
@firm_admin_required
def verify_now() -> Any:
    """Queue the archive's integrity check now (the page shows its progress, then its result)."""
    from guichet.web.company import proof

    who = current_user.name or current_user.email
    if proof.start_verification(current_runtime(), who):
        flash("Vérification d'intégrité mise en file d'attente : son avancement s'affiche ci-dessous.", "info")
    else:
        flash("Une vérification est déjà demandée ou en cours : elle n'est pas relancée.", "info")
    return redirect(url_for("admin.archives"))



@bp.route("/dossiers/<int:company_id>/extensions", methods=["GET", "POST"])
@firm_admin_required
def company_plugins(company_id: int) -> Any:
    """The plugins at work for one company: the firm admin turns each one off or on for this dossier."""
    from guichet.core.access.company_plugins import set_plugins_off
    from guichet.core.plugins import disabled_for, switchable_plugins

    company = _firm_company(company_id)
    pm = current_runtime().pm
    choices = switchable_plugins(pm)
    if request.method == "POST":
        wanted_on = set(request.form.getlist("on"))
        try:
            set_plugins_off(company, [name for name in choices if name not in wanted_on], choices=choices,
                            user_id=current_user.id)
        except ValueError as exc:
            flash(str(exc), "error")
        else:
            flash(f"Extensions du dossier « {company.name} » enregistrées.", "info")
        return redirect(url_for("admin.company_plugins", company_id=company.id))
    rows = {row["name"]: row for row in describe_plugins(pm)}
    off = disabled_for(company)
    return render_template("admin/company_plugins.html", company=company,
                           plugins=[{**rows.get(name, {"name": name, "hooks": []}), "on": name not in off}
                                    for name in choices])
