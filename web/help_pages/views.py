"""Help pages: a page per role walking through its daily tasks; ``/aide/<section>`` opens a screen's section.

Every screen's "?" links to :func:`page` with the name of its section; :data:`SECTIONS`
says which role page and which anchor answer it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import login_required

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
}


@bp.route("/")
@login_required
def index() -> Any:
    """The list of help pages."""
    return render_template("help/index.html", roles=ROLES)


@bp.route("/<section>")
@login_required
def page(section: str) -> Any:
    """A role's page, or the section of a screen (redirected to its anchor)."""
    if section in ROLES:
        return render_template(f"help/{section}.html", roles=ROLES, role=section)
    if section in SECTIONS:
        role, anchor = SECTIONS[section]
        return redirect(url_for("help.page", section=role, _anchor=anchor))
    abort(404)
