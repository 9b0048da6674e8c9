"""The pages of the connectors plugin (:mod:`guichet.connectors.admin_pages`), with Flask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from guichet.core.access import access, host_paths
from guichet.core.ops import connector_runs
from guichet.core.model.connector_models import ConnectorConfig
from guichet.core.connectors import load_connectors
from guichet.core.errors import ConnectorError, PermissionDenied
from guichet.core.model.models import Company


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


def _target(company_id: int | None, *, change: bool = True) -> tuple[Company | None, Any, ConnectorConfig | None]:
    """Check the right first, then find the connector (``?connector=``) and its configuration.

    :param change: The person configures, runs or answers (else: only sees the status).
    """
    company = _check_company(company_id)
    connector = _connectors().get(request.values.get("connector", ""))
    if connector is None:
        abort(404)
    if change:
        connector_runs.require_may_configure(current_user, company, connector)
    config = ConnectorConfig.get_or_none(
        (ConnectorConfig.connector_id == connector.id)
        & (ConnectorConfig.company.is_null() if company is None else ConnectorConfig.company == company))
    return company, connector, config


def config_url(action: str, company_id: int | None, connector_id: str) -> str:
    """The URL of ``action`` (configure, run_now, answer, scan) for a company's connector."""
    if company_id is None:
        return url_for(f"connectors_admin.instance_{action}", connector=connector_id)
    return url_for(f"connectors_admin.{action}", company_id=company_id, connector=connector_id)


def index() -> Any:
    """Every configuration the person may see, with status and errors; the form to add one."""
    if request.args.get("connector"):  # the "add" form: go to the configuration page
        raw = request.args.get("company", "")
        return redirect(config_url("configure", int(raw) if raw.isdigit() else None, request.args["connector"]))
    conns = _connectors()
    companies = _managed_companies()
    if not companies and not access.is_firm_staff(current_user):
        abort(404)  # a client who manages no company has nothing to configure here (issue 19)
    allowed = {c.id for c in companies}
    rows = [r for r in connector_runs.overview(conns)
            if (r["company_id"] in allowed) or (r["company_id"] is None and access.is_firm_admin(current_user))]
    # What the person may add: host-reaching connectors only for firm staff.
    addable = [conns[k] for k in sorted(conns)
               if access.is_firm_staff(current_user) or not host_paths.reaches_host(conns[k])]
    return render_template("connectors_admin/index.html", rows=rows, companies=companies,
                           connectors=addable, config_url=config_url,
                           is_admin=access.is_firm_admin(current_user))


def configure(company_id: int | None = None) -> Any:
    """Show or save the configuration of a connector for a company (or the whole instance).

    Secrets are never shown; left empty, they are kept.
    """
    company, connector, config = _target(company_id, change=request.method == "POST")
    can_edit = connector_runs.may_configure(current_user, company, connector)
    if request.method == "POST":
        return _save(connector, company)
    if config is None and not can_edit:
        abort(404)
    if config is None:
        values, problems = {f.name: f.default for f in connector.settings_fields}, []
    else:
        values = connector_runs.public_settings(config, connector)
        try:
            problems = connector.check(connector_runs.clear_settings(_rt(), config, connector))
        except ConnectorError as exc:
            problems = [str(exc)]
    return render_template("connectors_admin/edit.html", connector=connector, company=company, config=config,
                           values=values if can_edit else {}, problems=problems if can_edit else [],
                           config_url=config_url, can_edit=can_edit)


def _save(connector: Any, company: Company | None) -> Any:
    values: dict[str, Any] = {}
    for field in connector.settings_fields:
        if field.kind == "bool":
            values[field.name] = request.form.get(field.name) == "on"
        elif field.name in request.form:
            values[field.name] = request.form[field.name]
    interval = request.form.get("interval_minutes", "")
    back = config_url("configure", company.id if company else None, connector.id)
    try:
        config = connector_runs.configure(_rt(), company, connector, values,
                                          enabled=request.form.get("enabled") == "on",
                                          interval_minutes=int(interval) if interval.isdigit() else None,
                                          actor=current_user)
        problems = connector.check(connector_runs.clear_settings(_rt(), config, connector))
    except (ValueError, ConnectorError) as exc:
        flash(f"Configuration refusée : {exc}", "error")
        return redirect(back)
    flash("Configuration enregistrée." if not problems else "Enregistrée, mais : " + " ; ".join(problems),
          "info" if not problems else "error")
    return redirect(back)


def run_now(company_id: int | None = None) -> Any:
    """Run the configuration now (in this request) and show what happened."""
    company, connector, config = _target(company_id)
    if config is None:
        abort(404)
    report = connector_runs.run_config(_rt(), config.id, _connectors(), force=True)
    if report.error:
        flash(f"Relevé : {report.error}", "error")
    else:
        flash(f"Relevé : {len(report.received)} document(s) reçu(s), {len(report.duplicates)} déjà reçu(s).", "info")
    return redirect(config_url("configure", company.id if company else None, connector.id))


def test(company_id: int | None = None) -> Any:
    """« Tester la connexion »: open and close a connection with the saved settings, say what happened."""
    company, connector, config = _target(company_id)
    if config is None:
        abort(404)
    settings = connector_runs.clear_settings(_rt(), config, connector)
    try:
        if hasattr(connector, "test_connection"):
            message = connector.test_connection(settings)
        else:
            problems = connector.check(settings)
            if problems:
                raise ConnectorError("; ".join(problems))
            message = "Configuration complète (ce connecteur ne sait pas tester une connexion sans relever)."
    except ConnectorError as exc:
        flash(f"Test échoué : {exc}", "error")
    else:
        flash(message, "info")
    return redirect(config_url("configure", company.id if company else None, connector.id))


def answer(company_id: int | None = None) -> Any:
    """A person answers the connector's question (a 2FA code); it is used at once."""
    company, connector, config = _target(company_id)
    if config is None:
        abort(404)
    code = request.form.get("answer", "").strip()
    if not code:
        flash("Saisissez le code demandé.", "error")
    else:
        connector_runs.answer_prompt(_rt(), config, code, user_id=current_user.id)
        report = connector_runs.run_config(_rt(), config.id, _connectors(), force=True)
        flash(f"Code transmis : {report.error or 'relevé effectué'}", "error" if report.error else "info")
    return redirect(config_url("configure", company.id if company else None, connector.id))


def scan(company_id: int) -> Any:
    """Scan now with the company's USB scanner configuration."""
    company, connector, config = _target(company_id)
    if config is None or not hasattr(connector, "acquire"):
        abort(404)
    try:
        document, created = connector.acquire(_rt(), company, connector_runs.clear_settings(_rt(), config, connector),
                                              user_id=current_user.id)
    except ConnectorError as exc:
        flash(str(exc), "error")
        return redirect(config_url("configure", company.id, connector.id))
    flash(f"Numérisation reçue : {document.filename}{'' if created else ' (déjà reçue)'}.", "info")
    return redirect(url_for("company.document", document_id=document.id))


def scanners() -> Any:
    """Scanners plugged into the appliance (USB) and those SANE can open."""
    if not access.is_firm_staff(current_user):
        raise PermissionDenied
    found: dict[str, list[Any]] = {"usb": [], "sane": []}
    for connector in _connectors().values():
        if hasattr(connector, "devices"):
            for kind, devices in connector.devices().items():
                found.setdefault(kind, []).extend(devices)
    return render_template("connectors_admin/scanners.html", **found)


def make_blueprint() -> Blueprint:
    """A new blueprint with the pages (core wraps each app's blueprint, so one per app).

    Configurations are addressed by company and connector (``?connector=imap``), so
    every URL that names another company is refused by the access check first.
    """
    bp = Blueprint("connectors_admin", __name__, template_folder=Path(__file__).resolve().parents[1] / "templates")
    bp.add_url_rule("/", view_func=index, methods=["GET"])
    bp.add_url_rule("/scanners", view_func=scanners, methods=["GET"])
    for action, view, methods in (("configure", configure, ["GET", "POST"]), ("run_now", run_now, ["POST"]),
                                  ("answer", answer, ["POST"]), ("test", test, ["POST"])):
        path = {"configure": "configurer", "run_now": "relever", "answer": "reponse", "test": "tester"}[action]
        bp.add_url_rule(f"/dossiers/<int:company_id>/{path}", endpoint=action, view_func=view, methods=methods)
        bp.add_url_rule(f"/instance/{path}", endpoint=f"instance_{action}", view_func=view, methods=methods)
    bp.add_url_rule("/dossiers/<int:company_id>/numeriser", endpoint="scan", view_func=scan, methods=["POST"])
    return bp

