"""Plugin: web pages to configure the intake connectors of each company and see their status.

Mounted by the web app under ``/plugins/connectors_admin/`` (``register_blueprints``;
core requires a logged-in user). A person configures the connectors of the
companies they manage (membership role ``manage``, or firm staff); instance-wide
configurations (a catch-all mailbox) are for firm administrators only. Status,
last run, last error and the question of a waiting connector are shown; a 2FA
code is answered here. USB scanners plugged into the appliance are listed.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from guichet.core import access, connector_runs, hookimpl
from guichet.core.connector_models import ConnectorConfig
from guichet.core.connectors import load_connectors
from guichet.core.errors import ConnectorError, PermissionDenied
from guichet.core.models import Company



def _rt() -> Any:
    return current_app.config["GUICHET_RUNTIME"]


def _connectors() -> dict[str, Any]:
    cache = current_app.extensions.setdefault("guichet_connectors", {})
    if "all" not in cache:
        cache["all"] = load_connectors(_rt().pm)
    return cache["all"]


def _managed_companies() -> list[Company]:
    return [c for c in access.visible_companies(current_user) if access.can(current_user, c, "manage")]


def _check_company(company_id: int | None) -> Company | None:
    """The company the person may configure (None: instance-wide, firm admins only)."""
    if company_id is None:
        if not access.is_firm_admin(current_user):
            raise PermissionDenied
        return None
    return access.company_for(current_user, company_id, "manage")


def _config_for(config_id: int) -> ConnectorConfig:
    """A configuration the person may change (404 otherwise)."""
    config = ConnectorConfig.get_or_none(ConnectorConfig.id == config_id)
    if config is None:
        abort(404)
    _check_company(config.company_id)
    return config


def index() -> Any:
    """Every configuration the person may see, with status and errors; the form to add one."""
    conns = _connectors()
    companies = _managed_companies()
    allowed = {c.id for c in companies}
    rows = [r for r in connector_runs.overview(conns)
            if (r["company_id"] in allowed) or (r["company_id"] is None and access.is_firm_admin(current_user))]
    return render_template("connectors_admin/index.html", rows=rows, companies=companies,
                           connectors=[conns[k] for k in sorted(conns)],
                           is_admin=access.is_firm_admin(current_user))


def _parse_company() -> int | None:
    raw = request.values.get("company", "")
    return int(raw) if raw.isdigit() else None


def new() -> Any:
    """Configure a connector for a company (or the whole instance)."""
    conns = _connectors()
    connector = conns.get(request.values.get("connector", ""))
    if connector is None:
        abort(404)
    company = _check_company(_parse_company())
    existing = ConnectorConfig.get_or_none(
        (ConnectorConfig.connector_id == connector.id)
        & (ConnectorConfig.company.is_null() if company is None else ConnectorConfig.company == company))
    if existing is not None:
        return redirect(url_for(".edit", config_id=existing.id))
    if request.method == "POST":
        return _save(connector, company)
    return render_template("connectors_admin/edit.html", connector=connector, company=company, config=None,
                           values={f.name: f.default for f in connector.settings_fields}, problems=[])


def edit(config_id: int) -> Any:
    """Change a configuration; secrets are never shown (left empty, they are kept)."""
    config = _config_for(config_id)
    connector = _connectors().get(config.connector_id)
    if connector is None:
        flash("Ce connecteur n'est plus installé.", "error")
        return redirect(url_for(".index"))
    company = config.company if config.company_id else None
    if request.method == "POST":
        return _save(connector, company)
    values = connector_runs.public_settings(config, connector)
    problems = connector.check(connector_runs.clear_settings(_rt(), config, connector))
    return render_template("connectors_admin/edit.html", connector=connector, company=company, config=config,
                           values=values, problems=problems)


def _save(connector: Any, company: Company | None) -> Any:
    values: dict[str, Any] = {}
    for field in connector.settings_fields:
        if field.kind == "bool":
            values[field.name] = request.form.get(field.name) == "on"
        elif field.name in request.form:
            values[field.name] = request.form[field.name]
    interval = request.form.get("interval_minutes", "")
    try:
        config = connector_runs.configure(_rt(), company, connector, values,
                                          enabled=request.form.get("enabled") == "on",
                                          interval_minutes=int(interval) if interval.isdigit() else None)
    except ValueError as exc:
        flash(f"Configuration refusée : {exc}", "error")
        return redirect(request.url)
    problems = connector.check(connector_runs.clear_settings(_rt(), config, connector))
    flash("Configuration enregistrée." if not problems else "Enregistrée, mais : " + " ; ".join(problems),
          "info" if not problems else "error")
    return redirect(url_for(".edit", config_id=config.id))


def run_now(config_id: int) -> Any:
    """Run the configuration now (in this request) and show what happened."""
    config = _config_for(config_id)
    report = connector_runs.run_config(_rt(), config.id, _connectors(), force=True)
    if report.error:
        flash(f"Relevé : {report.error}", "error")
    else:
        flash(f"Relevé : {len(report.received)} document(s) reçu(s), {len(report.duplicates)} déjà reçu(s).", "info")
    return redirect(url_for(".edit", config_id=config.id))


def answer(config_id: int) -> Any:
    """A person answers the connector's question (a 2FA code); the next run uses it."""
    config = _config_for(config_id)
    code = request.form.get("answer", "").strip()
    if not code:
        flash("Saisissez le code demandé.", "error")
    else:
        connector_runs.answer_prompt(_rt(), config, code, user_id=current_user.id)
        report = connector_runs.run_config(_rt(), config.id, _connectors(), force=True)
        flash(f"Code transmis : {report.error or 'relevé effectué'}", "error" if report.error else "info")
    return redirect(url_for(".edit", config_id=config.id))


def scan(config_id: int) -> Any:
    """Scan now with a USB scanner configuration, into its company."""
    from guichet.connectors.usb_scanner import UsbScannerConnector, scan_to_intake

    config = _config_for(config_id)
    if config.connector_id != UsbScannerConnector.id or not config.company_id:
        abort(404)
    try:
        document, created = scan_to_intake(_rt(), config.company,
                                           connector_runs.clear_settings(_rt(), config, UsbScannerConnector()),
                                           user_id=current_user.id)
    except ConnectorError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".edit", config_id=config.id))
    flash(f"Numérisation reçue : {document.filename}{'' if created else ' (déjà reçue)'}.", "info")
    return redirect(url_for("company.document", document_id=document.id))


def scanners() -> Any:
    """Scanners plugged into the appliance (USB) and those SANE can open."""
    from guichet.connectors.usb_scanner import sane_devices, usb_scanners

    if not access.is_firm_staff(current_user):
        raise PermissionDenied
    return render_template("connectors_admin/scanners.html", usb=usb_scanners(), sane=sane_devices(timeout=30))


def make_blueprint() -> Blueprint:
    """A new blueprint with the pages (core wraps each app's blueprint, so one per app)."""
    bp = Blueprint("connectors_admin", __name__, template_folder="templates")
    bp.add_url_rule("/", view_func=index, methods=["GET"])
    bp.add_url_rule("/nouveau", view_func=new, methods=["GET", "POST"])
    bp.add_url_rule("/<int:config_id>", view_func=edit, methods=["GET", "POST"])
    bp.add_url_rule("/<int:config_id>/relever", view_func=run_now, methods=["POST"])
    bp.add_url_rule("/<int:config_id>/reponse", view_func=answer, methods=["POST"])
    bp.add_url_rule("/<int:config_id>/numeriser", view_func=scan, methods=["POST"])
    bp.add_url_rule("/scanners", view_func=scanners, methods=["GET"])
    return bp


@hookimpl
def register_blueprints() -> list[tuple[str, Any]]:
    """The connector administration pages."""
    return [("connectors_admin", make_blueprint())]
