"""Help pages: a page per role walking through its daily tasks; ``/aide/<section>`` opens a screen's section.

Every screen's "?" links to :func:`page` with the name of its section; :data:`SECTIONS`
says which role page and which anchor answer it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

bp = Blueprint("help", __name__, template_folder="templates")

#: Role pages: URL name → title.
ROLES: dict[str, str] = {
    "cabinet": "Administrateur du cabinet",
    "operateur": "Opérateur (codage et revue)",
    "entreprise": "Utilisateur d'une entreprise",
    "telephone": "Dirigeant, sur le téléphone",
}
#: A screen's section → (role page, anchor).
SECTIONS: dict[str, tuple[str, str]] = {
    "accueil": ("cabinet", "accueil"),
    "documents": ("entreprise", "documents"),
    "document": ("entreprise", "document"),
    "preuves": ("cabinet", "preuves"),
    "codage": ("operateur", "codage"),
    "revue": ("operateur", "revue"),
    "connecteurs": ("cabinet", "connecteurs"),
    "photos": ("telephone", "photos"),
    "recherche-mobile": ("telephone", "recherche"),
    "tiers": ("telephone", "tiers"),
    "mobile": ("telephone", "application"),
    "valider": ("telephone", "valider"),
    "utilisateurs": ("cabinet", "utilisateurs"),
    "journal": ("cabinet", "journal"),
    "extensions": ("cabinet", "extensions"),
    "remise": ("cabinet", "remise"),
    "echeancier": ("cabinet", "echeancier"),
    "reseau": ("operateur", "reseau"),
    "paiements": ("entreprise", "paiements"),
    "clients": ("entreprise", "clients"),
    "compte": ("entreprise", "compte"),
}
#: A screen → the section its « ? » opens: its endpoint, else its blueprint (the layout draws the « ? »;
#: a page that places its own overrides the layout's ``help`` block). Help pages and the public
#: payment page have none.
SCREENS: dict[str, str] = {
    "company.home": "accueil", "company.companies": "documents", "company.documents": "documents",
    "company.document": "document", "company.company_evidence": "preuves",
    "operator": "codage", "operator.reviews": "revue", "operator.review": "revue",
    "admin": "utilisateurs", "admin.journal": "journal", "admin.plugins": "extensions",
    "admin.company_plugins": "extensions", "admin.archives": "preuves", "oidc": "utilisateurs",
    "account": "compte", "export": "remise", "connectors_admin": "connecteurs", "network": "reseau",
    "payments": "paiements", "payments.firm_dashboard": "echeancier", "payments.firm_items": "echeancier",
    "sales": "clients",
    "mobile": "mobile", "mobile.photos_page": "photos", "mobile.to_validate": "valider", "mobile.parties": "tiers",
    "mobile.party_items": "tiers", "mobile.offline": "recherche-mobile",
}


def section_for(endpoint: str | None) -> str | None:
    """The help section of a screen (its endpoint), or None (help pages, public pages, files)."""
    if not endpoint:
        return None
    return SCREENS.get(endpoint) or SCREENS.get(endpoint.split(".", 1)[0])


@bp.app_context_processor
def _page_help() -> dict[str, Any]:
    """``page_help``: the URL of the current screen's help section, for the layout's « ? »."""
    section = section_for(request.endpoint) if current_user.is_authenticated else None
    return {"page_help": url_for("help.page", section=section) if section else None}


#: Where ``make screenshots`` writes the captures the help pages show (a development checkout).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
_SHOT_NAME = re.compile(r"[a-z0-9-]{1,120}\.png")


def screenshot(name: str) -> str | None:
    """The URL of a capture made by ``make screenshots``, or None when it was not made here."""
    return url_for("help.capture", name=name) if (SCREENSHOTS / name).is_file() else None


@bp.route("/captures/<name>")
@login_required
def capture(name: str) -> Any:
    """One capture of ``make screenshots`` (PNG files of that folder only)."""
    from flask import send_from_directory

    if not _SHOT_NAME.fullmatch(name):
        abort(404)
    return send_from_directory(SCREENSHOTS, name, mimetype="image/png")


@bp.route("/")
@login_required
def index() -> Any:
    """The list of help pages."""
    return render_template("help/index.html", roles=ROLES)


#: The event of a reported problem (shown in the firm admin's journal, core/access/audit.py).
PROBLEM_EVENT = "help.problem_reported"


@bp.route("/signaler", methods=["GET", "POST"])
@login_required
def report() -> Any:
    """« Signaler un problème »: the page, the time and the person's message go to the firm's administrators.

    Kept as an audit event (the journal shows it) and mailed to each active firm admin
    when the instance can send mail; a mail failure does not lose the report.
    """
    page = request.values.get("page", "")[:500]
    if not page.startswith("/") or page.startswith("//"):
        page = "/"
    if request.method == "GET":
        return render_template("help/report.html", roles=ROLES, role=None, page=page)
    text = request.form.get("message", "").strip()[:4000]
    if not text:
        flash("Décrivez le problème en quelques mots.", "error")
        return render_template("help/report.html", roles=ROLES, role=None, page=page), 400
    _record_and_mail(page, text)
    flash("Merci : votre message a été transmis à l'administrateur du cabinet.", "info")
    return redirect(page)


def _record_and_mail(page: str, text: str) -> None:
    from guichet.core.model import events
    from guichet.core.model.models import User, db, utcnow
    from guichet.core.ops import mail
    from guichet.web.app import current_runtime
    from guichet.web.formatting import datetime_fr

    when = utcnow()
    with db.atomic():
        events.record(PROBLEM_EVENT, user_id=current_user.id, data={"page": page, "message": text})
    settings = current_runtime().settings
    if not mail.configured(settings) or current_user.firm_id is None:
        return
    admins = User.select().where((User.firm == current_user.firm_id) & (User.firm_role == "admin") & User.active)
    body = (f"{current_user.name or current_user.email} signale un problème le {datetime_fr(when)} (heure de Paris)\n"
            f"Page : {request.host_url.rstrip('/')}{page}\n\n{text}\n")
    for admin in admins:
        try:
            mail.send(settings, mail.new_message(settings, to=admin.email, subject="Guichet : problème signalé",
                                                 text=body, reply_to=current_user.email))
        except mail.MailError:
            continue  # kept in the journal all the same


@bp.route("/<section>")
@login_required
def page(section: str) -> Any:
    """A role's page, or the section of a screen (redirected to its anchor)."""
    if section in ROLES:
        return render_template(f"help/{section}.html", roles=ROLES, role=section, screenshot=screenshot)
    if section in SECTIONS:
        role, anchor = SECTIONS[section]
        return redirect(url_for("help.page", section=role, _anchor=anchor))
    abort(404)
