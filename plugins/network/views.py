"""Network pages (``/plugins/network/...``): a document's statuses and the buyer's answer, a company's
documents on the network with filters and its e-reporting periods, and the firm-wide "waiting" view.

Every query is scoped by :mod:`guichet.core.access.access` (a document or a company the person may
not see is a 404); every answer is decided in the core
(:func:`guichet.core.pipeline.decisions.answer_network_status`, right "manage").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from peewee import JOIN

from guichet.core.access import access
from guichet.core.model import lifecycle
from guichet.core.model.models import Company, Document, Finding, Invoice
from guichet.core.model.network_models import Delivery, EReport, NetworkDocument, NetworkStatus, Route
from guichet.core.network import ereporting, statuses

#: The filters of a company's list: name → (French label, condition).
FILTERS: dict[str, tuple[str, Any]] = {
    "en_litige": ("En litige", lambda: NetworkDocument.last_code == "207"),
    "refusee": ("Refusée", lambda: NetworkDocument.last_code == "210"),
    "rejetee": ("Rejetée", lambda: NetworkDocument.last_code == "213"),
    "suspendue": ("Suspendue", lambda: NetworkDocument.last_code == "208"),
    "en_attente": ("En attente de la plateforme", lambda: NetworkDocument.waiting_since.is_null(False)),
    "recues": ("Reçues", lambda: NetworkDocument.route == Route.RECEIVED),
    "envoyees": ("Envoyées", lambda: NetworkDocument.route == Route.NETWORK),
    "ereporting": ("E-reporting", lambda: NetworkDocument.route == Route.EREPORTING),
}
#: Received invoices still waiting for the buyer's answer: nothing after these statuses.
UNANSWERED = (None, "202", "203")
LIMIT = 300


def _runtime() -> Any:
    """The runtime of the web app serving the request (the core's app factory keeps it in its config)."""
    from flask import current_app

    return current_app.config["GUICHET_RUNTIME"]


def document(document_id: int) -> Any:
    """A document's place on the network, its statuses and, for a received invoice, the answer form."""
    doc = access.document_for(current_user, document_id)
    place = NetworkDocument.get_or_none(NetworkDocument.document == doc.id)
    invoice = Invoice.get_or_none(Invoice.document == doc.id)
    findings = list(Finding.select(Finding.code, Finding.severity).where(Finding.document == doc.id))
    codes = [f.code for f in sorted(findings, key=lambda f: f.severity != "fatal")]  # blocking ones first
    suggested = lifecycle.suggestion(codes)
    can_answer = (place is not None and place.route == Route.RECEIVED
                  and access.can(current_user, doc.company, "manage"))
    return render_template("network/document.html", doc=doc, company=doc.company, place=place, invoice=invoice,
                           history=statuses.history(doc.id) if place else [], can_answer=can_answer,
                           suggested=suggested, answers=[(c, lifecycle.label(c)) for c in lifecycle.BUYER_ANSWERS],
                           reasons=sorted(lifecycle.REASONS.items()), needs_reason=sorted(lifecycle.REASON_REQUIRED),
                           label=lifecycle.label)


def answer(document_id: int) -> Any:
    """The buyer's answer from the document page (or the review queue): recorded, then sent."""
    from guichet.core.network import sending
    from guichet.core.pipeline.decisions import DecisionError, answer_network_status

    doc = access.document_for(current_user, document_id, "manage")
    rt = _runtime()
    try:
        recorded = answer_network_status(rt, current_user, doc.id, request.form.get("code", ""),
                                         reason=request.form.get("reason") or None,
                                         message=request.form.get("message") or None,
                                         context={"origin": "web"})
    except DecisionError as exc:
        flash(str(exc), "error")
        return redirect(url_for("network.document", document_id=doc.id))
    try:
        sent = sending.send_status(rt, recorded)
    except Exception:  # noqa: BLE001 - the status is kept; the poll sends it
        sent = False
    recorded = NetworkStatus.get_by_id(recorded.id)
    label = f"{recorded.code} {lifecycle.label(recorded.code)}"
    if recorded.delivery == Delivery.REFUSED:
        flash(f"Statut {label} refusé : {recorded.error}", "error")
    elif sent:
        flash(f"Statut {label} envoyé.", "info")
    else:
        flash(f"Statut {label} enregistré ; la plateforme ne répond pas, il partira à la prochaine relève.", "info")
    return redirect(url_for("network.document", document_id=doc.id))


def company(company_id: int) -> Any:
    """A company's documents on the network (filters: en litige, refusée, rejetée…) and its e-reporting."""
    comp = access.company_for(current_user, company_id)
    chosen = request.args.get("filtre", "")
    query = (NetworkDocument.select(NetworkDocument, Document, Invoice)
             .join(Document, on=(Document.id == NetworkDocument.document), attr="doc")
             .join(Invoice, on=(Invoice.document == Document.id), join_type=JOIN.LEFT_OUTER, attr="inv")
             .where(NetworkDocument.company == comp.id))
    if chosen in FILTERS:
        query = query.where(FILTERS[chosen][1]())
    rows = list(query.order_by(NetworkDocument.updated_at.desc()).limit(LIMIT))
    reports = ereporting.reports_of(comp.id)
    return render_template("network/company.html", company=comp, rows=rows, filters=FILTERS, chosen=chosen,
                           reports=reports, label=lifecycle.label, regime=ereporting.regime(comp),
                           can_manage=access.can(current_user, comp, "manage"))


def prepare_period(company_id: int) -> Any:
    """Prepare (and, when asked, submit) the e-reporting periods of one month."""
    import calendar

    from guichet.core.errors import GuichetError

    comp = access.company_for(current_user, company_id, "manage")
    try:
        year, month = (int(part) for part in request.form.get("period", "").split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        flash("Période illisible (AAAA-MM attendu).", "error")
        return redirect(url_for("network.company", company_id=comp.id))
    last = first.replace(day=calendar.monthrange(year, month)[1])
    made = 0
    for kind in ereporting.KINDS:
        for start, end in ereporting.periods_between(comp, kind, first, last):
            report = ereporting.prepare(comp, kind, start, end, user_id=current_user.id)
            made += 1
            if request.form.get("submit") and not ereporting.is_empty(report.content):
                try:
                    ereporting.submit(_runtime(), report, user_id=current_user.id)
                except (GuichetError, ValueError) as exc:
                    flash(f"{report.report_id} non déposé : {exc}", "error")
    flash(f"{made} période(s) préparée(s).", "info")
    return redirect(url_for("network.company", company_id=comp.id))


def waiting() -> Any:
    """Firm-wide: what waits for an answer (received invoices, statuses asking the seller, the platform)."""
    visible = [c.id for c in access.visible_companies(current_user)]
    names = {c.id: c.name for c in Company.select(Company.id, Company.name).where(Company.id.in_(visible))}

    def rows(condition: Any) -> list[NetworkDocument]:
        return list(NetworkDocument.select(NetworkDocument, Invoice)
                    .join(Invoice, on=(Invoice.document == NetworkDocument.document), join_type=JOIN.LEFT_OUTER,
                          attr="inv")
                    .where(NetworkDocument.company.in_(visible) & condition)
                    .order_by(NetworkDocument.updated_at).limit(LIMIT))

    unanswered = rows((NetworkDocument.route == Route.RECEIVED)
                      & (NetworkDocument.last_code.is_null() | NetworkDocument.last_code.in_(["202", "203"])))
    asked = rows((NetworkDocument.route == Route.NETWORK)
                 & NetworkDocument.last_code.in_(sorted(lifecycle.ASKS_SELLER)))
    stuck = rows(NetworkDocument.waiting_since.is_null(False))
    pending = list(NetworkStatus.select().where(NetworkStatus.company.in_(visible)
                                                & (NetworkStatus.delivery == Delivery.PENDING))
                   .order_by(NetworkStatus.created_at).limit(LIMIT))
    unsubmitted = list(EReport.select().where(EReport.company.in_(visible) & EReport.flow_id.is_null())
                       .order_by(EReport.period_start).limit(LIMIT))
    return render_template("network/waiting.html", unanswered=unanswered, asked=asked, stuck=stuck, pending=pending,
                           unsubmitted=unsubmitted, names=names, label=lifecycle.label)


def make_blueprint() -> Blueprint:
    """The network pages (one blueprint per app: the core wraps each with its login check)."""
    bp = Blueprint("network", __name__, template_folder=Path(__file__).resolve().parent / "templates")
    bp.add_url_rule("/documents/<int:document_id>", view_func=document, methods=["GET"])
    bp.add_url_rule("/documents/<int:document_id>/reponse", view_func=answer, methods=["POST"])
    bp.add_url_rule("/dossiers/<int:company_id>/", view_func=company, methods=["GET"])
    bp.add_url_rule("/dossiers/<int:company_id>/ereporting", view_func=prepare_period, methods=["POST"])
    bp.add_url_rule("/attente", view_func=waiting, methods=["GET"])
    return bp
