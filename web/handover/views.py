"""Firm settings of each dossier (``/dossiers/<id>/cabinet``) and the entry of a document (``/documents/<id>/ecriture``).

Firm staff only (admins and operators of the company's firm; a client user gets 403, another
firm's company 404 through :func:`guichet.core.access.access.company_for`). The sync target
reaches the host: the firm admin alone sets it.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from guichet.core.access import access
from guichet.core.model.export_models import ExportBatch
from guichet.core.money import chart, entries, exports
from guichet.web.app import current_runtime
from guichet.core.model.models import paris_today

bp = Blueprint("export", __name__, template_folder="templates")

#: The chart settings shown on the page (key → French label).
CHART_FIELDS = {
    "purchase_journal": "Journal des achats", "sales_journal": "Journal des ventes",
    "supplier_account": "Compte collectif fournisseurs", "customer_account": "Compte collectif clients",
    "purchase_account": "Compte de charges par défaut", "sales_account": "Compte de produits par défaut",
    "vat_deductible_goods": "TVA déductible sur biens (racine)", "vat_deductible_services": "TVA déductible sur services (racine)",
    "vat_collected": "TVA collectée (racine)", "intra_eu_deductible": "TVA intracommunautaire déductible",
    "intra_eu_due": "TVA intracommunautaire due", "reverse_charge_deductible": "Autoliquidation : TVA déductible",
    "reverse_charge_due": "Autoliquidation : TVA due",
}


def _staff_company(company_id: int) -> Any:
    company = access.company_for(current_user, company_id)
    if not access.is_firm_staff(current_user):
        abort(403)
    return company


def _period() -> tuple[dt.date, dt.date]:
    today = paris_today()
    try:
        start = dt.date.fromisoformat(request.values.get("from") or f"{today.year}-01-01")
        end = dt.date.fromisoformat(request.values.get("to") or f"{today.year}-12-31")
    except ValueError:
        abort(400)
    return start, end


@bp.get("/dossiers/<int:company_id>/cabinet")
@login_required
def company(company_id: int) -> Any:
    """The firm's page of the dossier."""
    company = _staff_company(company_id)
    rt = current_runtime()
    start, end = _period()
    values = chart.settings_for(rt.settings, company).values
    sync = dict((company.settings or {}).get("sync") or {})
    sync.pop("private_key", None)
    sync.pop("password", None)
    return render_template(
        "handover/settings.html", company=company, fields=CHART_FIELDS, values=values, start=start, end=end,
        held=exports.held_back_of(company, start, end, rt.settings), formats=exports.formats(rt.pm),
        batches=list(ExportBatch.select().where(ExportBatch.company == company).order_by(ExportBatch.id.desc()).limit(20)),
        chart_size=len(chart.known_accounts(company)), sync=sync, is_admin=access.is_firm_admin(current_user),
        export_settings=(company.settings or {}).get("export") or {})


@bp.post("/dossiers/<int:company_id>/cabinet/comptes")
@login_required
def save_accounts(company_id: int) -> Any:
    """Change the chart settings of the dossier."""
    company = _staff_company(company_id)
    changes = {key: request.form[key].strip().upper() for key in CHART_FIELDS if request.form.get(key, "").strip()}
    try:
        chart.update_company_settings(company, changes)
    except chart.ChartRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("export.company", company_id=company.id)), 302
    flash("Réglages comptables enregistrés.", "info")
    return redirect(url_for("export.company", company_id=company.id))


@bp.post("/dossiers/<int:company_id>/cabinet/plan")
@login_required
def import_chart(company_id: int) -> Any:
    """Import the dossier's chart of accounts (CSV or FEC)."""
    company = _staff_company(company_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Choisissez un fichier (CSV « numéro;libellé » ou FEC).", "error")
        return redirect(url_for("export.company", company_id=company.id))
    try:
        count = chart.import_chart(company, upload.read(10 * 1024 * 1024))
    except chart.ChartRefused as exc:
        flash(f"Plan comptable refusé : {exc}", "error")
    else:
        flash(f"{count} compte(s) importé(s).", "info")
    return redirect(url_for("export.company", company_id=company.id))


def _csv_problem(options: dict[str, str]) -> str | None:
    """A first check of the CSV options (the writer checks the columns again at each export)."""
    import codecs

    separator = options.get("separator", ";")
    if separator not in ("tab", "\\t") and len(separator) != 1:
        return "séparateur : un seul caractère (ou « tab »)"
    if options.get("decimal", ",") not in (",", "."):
        return "signe décimal : « , » ou « . »"
    try:
        codecs.lookup(options.get("encoding", "utf-8"))
    except LookupError:
        return f"encodage inconnu : {options.get('encoding')}"
    return None


@bp.post("/dossiers/<int:company_id>/cabinet/format")
@login_required
def save_export_settings(company_id: int) -> Any:
    """The dossier's export format, its CSV options and its schedule."""
    company = _staff_company(company_id)
    rt = current_runtime()
    fmt = request.form.get("format", "fec")
    if fmt not in exports.formats(rt.pm):
        flash(f"Format inconnu : {fmt}", "error")
        return redirect(url_for("export.company", company_id=company.id))
    csv_options = {k: request.form.get(f"csv_{k}", "").strip() for k in ("columns", "separator", "encoding", "decimal")}
    csv_options = {k: v for k, v in csv_options.items() if v}
    problem = _csv_problem(csv_options)
    if problem:
        flash(problem, "error")
        return redirect(url_for("export.company", company_id=company.id))
    current = dict(company.settings or {})
    current["export"] = {"format": fmt, "schedule": request.form.get("schedule", "monthly"),
                         "options": {"csv": csv_options}}
    company.settings = current
    company.save(only=["settings"])
    flash("Format d'export enregistré.", "info")
    return redirect(url_for("export.company", company_id=company.id))


@bp.post("/dossiers/<int:company_id>/cabinet/export")
@login_required
def run_export(company_id: int) -> Any:
    """Write an export of the period and download it; what was held back is flashed."""
    company = _staff_company(company_id)
    rt = current_runtime()
    start, end = _period()
    fmt_name = request.form.get("format", "fec")
    fmt = exports.formats(rt.pm).get(fmt_name)
    if fmt is None:
        abort(400)
    options = ((company.settings or {}).get("export") or {}).get("options", {}).get(fmt_name, {})
    name = f"{company.siren}FEC{end:%Y%m%d}.txt" if fmt_name == "fec" else \
        f"{company.siren}_{fmt_name}_{start:%Y%m%d}_{end:%Y%m%d}.{fmt.extension}"
    out = io.BytesIO()
    try:
        result = exports.run(rt.pm, rt.settings, company, fmt_name, start, end, out, options=options,
                             again=bool(request.form.get("again")), user_id=current_user.id, filename=name,
                             links=lambda doc: url_for("company.document", document_id=doc, _external=True))
    except (exports.ExportRefused, ValueError) as exc:
        flash(str(exc), "error")
        return redirect(url_for("export.company", company_id=company.id))
    out.seek(0)
    response = send_file(out, mimetype="application/octet-stream", as_attachment=True, download_name=name, max_age=0)
    response.headers["X-Guichet-Exportees"] = str(result.entries)
    response.headers["X-Guichet-Retenues"] = ",".join(str(h.document_id) for h in result.held_back)
    return response


@bp.post("/dossiers/<int:company_id>/cabinet/synchro")
@login_required
def save_sync(company_id: int) -> Any:
    """The folder sync target (the firm admin only: it reaches the host)."""
    company = _staff_company(company_id)
    if not access.is_firm_admin(current_user):
        abort(403)
    from guichet.connectors import firm_sync

    values = {k: request.form.get(k) for k in ("kind", "folder", "host", "port", "username", "root", "host_key",
                                                "private_key", "password", "every_minutes", "format")}
    try:
        firm_sync.configure(current_runtime().settings, company, values, user=current_user)
    except firm_sync.SyncRefused as exc:
        flash(f"Synchronisation refusée : {exc}", "error")
    else:
        flash("Synchronisation enregistrée.", "info")
    return redirect(url_for("export.company", company_id=company.id))


@bp.route("/documents/<int:document_id>/ecriture", methods=["GET", "POST"])
@login_required
def entry(document_id: int) -> Any:
    """The entry of an archived invoice; firm staff correct it with the keyboard (Tab, Entrée)."""
    doc = access.document_for(current_user, document_id)
    if not access.is_firm_staff(current_user):
        abort(403)
    rt = current_runtime()
    if request.method == "POST":
        if request.form.get("action") == "reexport":
            target = request.form.get("target", "")
            if exports.clear_mark(doc, target, user_id=current_user.id):
                flash(f"La facture sera reprise au prochain export {target}.", "info")
            return redirect(url_for("export.entry", document_id=doc.id))
        if request.form.get("action") == "reset":
            entries.forget_correction(doc, user_id=current_user.id)
            flash("Écriture proposée rétablie.", "info")
            return redirect(url_for("export.entry", document_id=doc.id))
        lines = [{"account": a, "aux_account": x, "label": lab, "debit": d, "credit": c}
                 for a, x, lab, d, c in zip(request.form.getlist("account"), request.form.getlist("aux_account"),
                                            request.form.getlist("label"), request.form.getlist("debit"),
                                            request.form.getlist("credit"), strict=False) if a.strip()]
        try:
            entries.correct(doc, lines, user_id=current_user.id, settings=rt.settings)
        except ValueError as exc:
            flash(f"Écriture refusée : {exc}", "error")
            proposed = entries.propose(doc, settings=rt.settings)
            return render_template("handover/entry.html", doc=doc, company=doc.company, entry=proposed,
                                   typed=lines, marks=exports.marks_of([doc.id]).get(doc.id, {})), 422
        flash("Écriture corrigée ; le compte est retenu pour ce tiers.", "info")
        return redirect(url_for("export.entry", document_id=doc.id))
    return render_template("handover/entry.html", doc=doc, company=doc.company,
                           entry=entries.propose(doc, settings=rt.settings), typed=None,
                           marks=exports.marks_of([doc.id]).get(doc.id, {}))
