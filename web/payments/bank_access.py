"""The company's EBICS bank access: set up and key initialisation (firm staff), "Envoyer à la banque" on a
validated batch (the validate right, or a mandate), "Relever les comptes" (whoever may import a statement).

Every decision is the connector's (:mod:`guichet.connectors.bank_ebics.service`), which refuses and logs;
this module only reads forms and shows the outcome. Registered on the payments blueprint.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from guichet.connectors.bank_ebics import service
from guichet.connectors.bank_ebics.messages import EbicsFailure
from guichet.core.access import access
from guichet.core.access.payment_rights import PaymentRefused
from guichet.core.model.ebics_models import ACCESS_STATE_LABELS, AccessState, EbicsOrder
from guichet.web.app import current_runtime
from guichet.web.payments.views import _batch_for, bp

UNTESTED = ("Connecteur EBICS 3.0 et EBICS 2.5 vérifié contre un serveur de test conforme aux spécifications, "
            "pas encore contre une banque réelle : faites un premier envoi de faible montant.")


def _staff_company(company_id: int) -> Any:
    company = access.company_for(current_user, company_id)
    if not access.is_firm_staff(current_user):
        abort(404)
    return company


def _date(name: str) -> dt.date | None:
    try:
        value = request.form.get(name)
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/dossiers/<int:company_id>/paiements/banque", methods=["GET", "POST"])
@login_required
def bank_access(company_id: int) -> Any:
    """The bank access page: parameters, the subscriber's fingerprints, the steps of the initialisation."""
    company = _staff_company(company_id)
    rt = current_runtime()
    if request.method == "POST":
        action = request.form.get("action", "")
        try:
            if action == "configure":
                service.configure(rt, company, url=request.form.get("url", ""),
                                  host_id=request.form.get("host_id", ""),
                                  partner_id=request.form.get("partner_id", ""),
                                  user_id=request.form.get("user_id", ""), label=request.form.get("label", ""),
                                  version=request.form.get("version", "H005"), user=current_user)
                flash("Accès EBICS enregistré ; les clés de l'abonné sont créées.", "info")
            elif action == "init":
                service.send_keys(rt, company, user=current_user)
                flash("Clés envoyées à la banque (INI, HIA). Imprimez les lettres, faites-les signer et "
                      "remettez-les à la banque.", "info")
            elif action == "hpb":
                service.fetch_bank_keys(rt, company, user=current_user)
                flash("Clés de la banque reçues : comparez leurs empreintes avec la lettre de la banque.", "info")
            elif action == "confirm":
                service.confirm(company, authentication=request.form.get("x002", ""),
                                encryption=request.form.get("e002", ""), user=current_user)
                flash("Empreintes conformes : l'accès EBICS est prêt.", "info")
            elif action == "release":
                order = EbicsOrder.get_or_none((EbicsOrder.id == request.form.get("order", type=int))
                                               & (EbicsOrder.company == company.id))
                if order is None:
                    abort(404)
                service.release(order, user=current_user, note=request.form.get("note", ""))
                flash("Envoi libéré : le lot peut être renvoyé.", "info")
        except (EbicsFailure, PaymentRefused) as exc:
            flash(getattr(exc, "reason", None) or str(exc), "error")
        return redirect(url_for("payments.bank_access", company_id=company.id))
    found = service.access_of(company)
    recent = list(EbicsOrder.select().where(EbicsOrder.company == company.id).order_by(EbicsOrder.id.desc())
                  .limit(20)) if found else []
    return render_template("payments/bank_access.html", company=company, access=found, orders=recent,
                           labels=ACCESS_STATE_LABELS, states=AccessState, untested=UNTESTED,
                           versions=service.VERSIONS)


@bp.route("/dossiers/<int:company_id>/paiements/banque/lettres.<fmt>")
@login_required
def bank_letters(company_id: int, fmt: str) -> Any:
    """The INI and HIA letters, as PDF (to print) or HTML."""
    from guichet.connectors.bank_ebics.letter import letter_pdf

    company = _staff_company(company_id)
    if fmt not in ("pdf", "html"):
        abort(404)
    try:
        html = service.letters(current_runtime(), company, user=current_user)
    except EbicsFailure:
        abort(404)
    if fmt == "html":
        return Response(html, mimetype="text/html")
    response = Response(letter_pdf(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="lettres-ebics-{company.siren}.pdf"'
    return response


@bp.route("/dossiers/<int:company_id>/paiements/lots/<int:batch_id>/envoyer", methods=["POST"])
@login_required
def send_batch(company_id: int, batch_id: int) -> Any:
    """Envoyer à la banque: upload the validated batch by EBICS (rights and mandate checked, refusals logged)."""
    company, made = _batch_for(company_id, batch_id)
    try:
        order = service.send_batch(current_runtime(), made, user=current_user)
    except (EbicsFailure, PaymentRefused) as exc:
        flash(f"Envoi refusé : {getattr(exc, 'reason', None) or exc}", "error")
    else:
        flash(f"Lot envoyé à la banque (ordre {order.order_id}).", "info")
    return redirect(url_for("payments.batch", company_id=company.id, batch_id=made.id))


@bp.route("/dossiers/<int:company_id>/paiements/banque/relever", methods=["POST"])
@login_required
def fetch_statements(company_id: int) -> Any:
    """Relever les comptes: download camt.053 (or camt.054), import and reconcile."""
    company = access.company_for(current_user, company_id, "manage")
    kind = request.form.get("kind", "camt.053")
    try:
        report = service.fetch_statements(current_runtime(), company, kind=kind, start=_date("from"),
                                          end=_date("to"), user=current_user)
    except (EbicsFailure, PaymentRefused) as exc:
        flash(f"Relevé impossible : {getattr(exc, 'reason', None) or exc}", "error")
    else:
        if report.empty:
            flash("Aucun nouveau relevé à la banque.", "info")
        else:
            flash(f"{report.files} fichier(s) reçu(s) : {report.lines} ligne(s) lue(s), {report.matched} "
                  f"rapprochée(s) automatiquement ; {report.duplicates} relevé(s) déjà importé(s).", "info")
            for reason in report.rejected:
                flash(f"Relevé refusé : {reason}", "error")
    return redirect(url_for("payments.queue", company_id=company.id))


@bp.app_template_global("ebics_context")
def ebics_context(company: Any, batch: Any = None) -> dict[str, Any]:
    """What the batch and reconciliation pages show of the EBICS access (and of a batch's sending)."""
    found = service.access_of(company)
    sent = None
    if batch is not None:
        sent = (EbicsOrder.select().where((EbicsOrder.batch_id == batch.id) & (EbicsOrder.kind == "BTU"))
                .order_by(EbicsOrder.id.desc()).first())
    return {"ready": bool(found and found.state == AccessState.READY), "untested": UNTESTED, "sent": sent,
            "staff": access.is_firm_staff(current_user)}
