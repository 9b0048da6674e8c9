"""The company space's customer book and deliveries (``/dossiers/<id>/clients/...``).

Reading needs the ``read`` role on the company; editing a customer needs ``manage``;
the EDI endpoint (a host) is set by firm staff only (core/sales/customers.py).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from peewee import JOIN

from guichet.core.access import access
from guichet.core.errors import PermissionDenied
from guichet.core.model.sales_models import DELIVERY_LABELS, Customer, Delivery, DeliveryState
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress
from guichet.core.sales import as2_partner, channels, company_logo, company_settings, customers
from guichet.web.app import current_runtime

bp = Blueprint("sales", __name__, template_folder="templates")
PAGE = 100


@bp.app_context_processor
def _delivery_words() -> dict[str, Any]:
    """The deliveries' French words for every page (the document page shows its deliveries)."""
    from guichet.core.sales.deliveries import deliveries_of

    return {"delivery_labels": DELIVERY_LABELS, "channel_labels": lambda: channels.labels(current_runtime().pm),
            "document_deliveries": deliveries_of}


def _form_values() -> dict[str, Any]:
    """The edit form as customer fields (only those the form carries)."""
    form = request.form
    values: dict[str, Any] = {}
    for name in ("name", "siren", "siret", "vat_id", "electronic_address", "channel"):
        if name in form:
            values[name] = form[name]
    if "emails" in form:
        values["emails"] = form["emails"]
    if "fallbacks" in form:
        values["fallbacks"] = form.getlist("fallbacks")
    if any(f"address_{n}" in form for n in customers.ADDRESS_FIELDS):
        values["address"] = {n: form.get(f"address_{n}", "") for n in customers.ADDRESS_FIELDS}
    if any(f"chorus_{n}" in form for n in customers.CHORUS_FIELDS):
        values["chorus"] = {n: form.get(f"chorus_{n}", "") for n in customers.CHORUS_FIELDS
                            if n not in ("service_required", "engagement_required")}
        for flag in ("service_required", "engagement_required"):
            values["chorus"][flag] = form.get(f"chorus_{flag}") == "1"
    if access.is_firm_staff(current_user) and any(f"edi_{n}" in form for n in customers.EDI_FIELDS):
        values["edi"] = {n: form.get(f"edi_{n}", "") for n in customers.EDI_FIELDS}
        if values["edi"].get("transport") == "as2":
            for flag in as2_partner.BOOLEANS:  # an unticked box is absent from the form: no
                values["edi"][flag] = form.get(f"edi_{flag}") == "1"
        elif not values["edi"].get("host"):
            values["edi"] = {}
    return values


@bp.route("/dossiers/<int:company_id>/clients/")
@login_required
def customer_list(company_id: int) -> Any:
    """The customers of a company with their channel and what is missing."""
    company = access.company_for(current_user, company_id)
    rt = current_runtime()
    rows = list(customers.customers_of(company.id).limit(PAGE * 10))
    missing = {c.id: channels.candidates(rt, c) for c in rows}
    return render_template("sales/customers.html", company=company, rows=rows, missing=missing,
                           labels=channels.labels(rt.pm), can_edit=access.can(current_user, company, "manage"))


@bp.route("/clients/<int:customer_id>", methods=["GET", "POST"])
@login_required
def customer_page(customer_id: int) -> Any:
    """One customer: its record (edited by ``manage``), what each channel lacks, its deliveries."""
    customer = customers.customer_for(current_user, customer_id)
    rt = current_runtime()
    labels = channels.labels(rt.pm)
    can_edit = access.can(current_user, customer.company, "manage")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(f"client {customer_id}")
        try:
            fields = customers.clean(_form_values(), channels=labels, settings=rt.settings,
                                     firm_staff=access.is_firm_staff(current_user))
            customers.update(customer, fields, user_id=current_user.id)
        except customers.CustomerRefused as exc:
            flash(str(exc), "error")
        else:
            from guichet.core.sales import deliveries

            reopened = deliveries.reopen_for(rt, customer)
            flash("Fiche client enregistrée." + (f" {reopened} envoi(s) relancé(s)." if reopened else ""), "ok")
            return redirect(url_for("sales.customer_page", customer_id=customer.id))
    rows = list(Delivery.select().where(Delivery.customer == customer.id).order_by(Delivery.id.desc()).limit(PAGE))
    return render_template("sales/customer.html", customer=customer, company=customer.company, labels=labels,
                           missing=channels.missing_by_channel(rt, customer), deliveries=rows,
                           delivery_labels=DELIVERY_LABELS, can_edit=can_edit,
                           staff=access.is_firm_staff(current_user), as2_identity=_as2_identity(rt, customer))


def _as2_identity(rt: Any, customer: Customer) -> dict[str, str] | None:
    """For firm staff on an AS2 customer: our AS2 id and certificate (to give the partner), created if new."""
    if not access.is_firm_staff(current_user) or (customer.edi or {}).get("transport") != "as2":
        return None
    from guichet.connectors.delivery_edi import as2 as delivery_as2

    found = delivery_as2.identity(rt.settings, customer.company)
    return {"as2_id": found["as2_id"], "certificate": found["certificate"]}


@bp.route("/dossiers/<int:company_id>/envois/")
@login_required
def delivery_list(company_id: int) -> Any:
    """The deliveries of a company, newest first, with their state; filter by state."""
    company = access.company_for(current_user, company_id)
    query = (Delivery.select(Delivery, Customer)
             .join(Customer, JOIN.LEFT_OUTER, on=(Delivery.customer == Customer.id))
             .where(Delivery.company == company.id))
    state = request.args.get("state", "")
    if state:
        if state not in DELIVERY_LABELS:
            abort(400)
        query = query.where(Delivery.state == state)
    rows = list(query.order_by(Delivery.id.desc()).limit(PAGE * 5))
    return render_template("sales/deliveries.html", company=company, rows=rows, state=state,
                           delivery_labels=DELIVERY_LABELS, labels=channels.labels(current_runtime().pm),
                           runs=_runs_of(rows))


def _runs_of(rows: list[Delivery]) -> dict[int, StageRun]:
    """The ``distribute`` run of each document of ``rows`` that waits for a retry or gave up (the page says when)."""
    from guichet.core.sales.deliveries import STAGE

    wanted = {d.document_id for d in rows if d.state == DeliveryState.ERROR}
    if not wanted:
        return {}
    return {run.document_id: run for run in StageRun.select().where(
        (StageRun.stage == STAGE) & StageRun.document.in_(sorted(wanted))
        & StageRun.status.in_([Progress.RETRY, Progress.FAILED]))}


@bp.route("/dossiers/<int:company_id>/distribution/", methods=["GET", "POST"])
@login_required
def settings_page(company_id: int) -> Any:
    """The company's invoice e-mail (sender, answers, subject, text, logo) and reminder steps (``manage``)."""
    company = access.company_for(current_user, company_id, "manage")
    rt = current_runtime()
    if request.method == "POST":
        form = request.form
        try:
            fields = company_settings.clean({
                **{name: form.get(name, "") for name in ("sender_name", "reply_to", "email_subject", "email_text")},
                "reminders": [] if form.get("no_reminders") == "1" else (form.get("reminders", "").strip() or None)})
            upload = request.files.get("logo")
            logo = upload.read(company_logo.MAX_UPLOAD + 1) if upload is not None and upload.filename else None
            if logo is not None:
                company_logo.clean(logo)  # refused before anything is saved
        except (company_settings.SettingsRefused, company_logo.LogoRefused) as exc:
            flash(str(exc), "error")
        else:
            company_settings.save(company, fields, user_id=current_user.id)
            if logo is not None or form.get("remove_logo") == "1":
                company_logo.set_logo(rt, company, logo, user_id=current_user.id)
            flash("Réglages de distribution enregistrés.", "ok")
            return redirect(url_for("sales.settings_page", company_id=company.id))
    values = company_settings.current(company)
    from guichet.connectors.delivery_email import SUBJECT, TEXT
    from guichet.core.sales.reminders import DEFAULT_STEPS

    return render_template("sales/settings.html", company=company, values=values, default_subject=SUBJECT,
                           default_text=TEXT, default_steps=DEFAULT_STEPS, placeholders=company_settings.PLACEHOLDERS,
                           logo=company_logo.logo(rt, company))


@bp.get("/dossiers/<int:company_id>/distribution/logo.png")
@login_required
def logo_image(company_id: int) -> Any:
    """The company's e-mail logo (the redrawn PNG), shown on its settings page."""
    from flask import Response

    company = access.company_for(current_user, company_id, "manage")
    found = company_logo.logo(current_runtime(), company)
    if found is None:
        abort(404)
    return Response(found[0], mimetype="image/png", headers={"Cache-Control": "private, no-store"})


@bp.route("/envois/<int:delivery_id>/completer", methods=["GET", "POST"])
@login_required
def complete_page(delivery_id: int) -> Any:
    """Complete a Chorus Pro invoice the public buyer suspended: a comment and attachments (``manage``)."""
    from guichet.connectors import chorus_pro
    from guichet.core.sales.channels import ChannelUnavailable, DeliveryRefused

    delivery = Delivery.get_or_none(Delivery.id == delivery_id)
    if delivery is None:  # the same answer as another company's delivery: ids are not probed
        raise PermissionDenied(f"envoi {delivery_id}")
    company = access.company_for(current_user, delivery.company_id, "manage")
    data = delivery.data or {}
    suspended = (delivery.channel == chorus_pro.ChorusProChannel.id and data.get("chorus_status") == "SUSPENDUE"
                 and not data.get("chorus_completed"))
    if request.method == "POST":
        files = [(upload.filename.replace("\\", "/").rsplit("/", 1)[-1], upload.read(chorus_pro.MAX_ATTACHMENT + 1))
                 for upload in request.files.getlist("pieces") if upload and upload.filename]
        try:
            summary = chorus_pro.complete(current_runtime(), delivery, request.form.get("comment", ""), files,
                                          user_id=current_user.id)
        except (DeliveryRefused, ChannelUnavailable) as exc:
            flash(str(exc), "error")
        else:
            flash(f"Facture {summary}.", "ok")
            return redirect(url_for("sales.delivery_list", company_id=company.id))
    return render_template("sales/complete.html", company=company, delivery=delivery, suspended=suspended,
                           types=sorted(chorus_pro.ATTACHMENT_TYPES), delivery_labels=DELIVERY_LABELS)


#: A reminder's state in French (core/sales/reminders.py writes sent, skipped or error; sending while it goes out).
REMINDER_LABELS = {"sent": "envoyée", "skipped": "étape dépassée", "error": "en erreur", "sending": "en cours"}


@bp.get("/dossiers/<int:company_id>/relances/")
@login_required
def reminder_list(company_id: int) -> Any:
    """The company's reminders, newest first: invoice, step, channel, amounts stated, state and reason."""
    from guichet.core.model.models import Invoice
    from guichet.core.model.payment_models import OpenItem
    from guichet.core.model.sales_models import Reminder

    company = access.company_for(current_user, company_id)
    state = request.args.get("state", "")
    query = Reminder.select().where(Reminder.company == company.id)
    if state:
        if state not in REMINDER_LABELS:
            abort(400)
        query = query.where(Reminder.state == state)
    rows = list(query.order_by(Reminder.id.desc()).limit(PAGE * 5))
    numbers = {i.document_id: i.number for i in Invoice.select(Invoice.document, Invoice.number).where(
        Invoice.document.in_([r.document_id for r in rows]))} if rows else {}
    # the amounts are in the invoice's currency, as the reminder stated them (core/sales/reminders.notice_for)
    currencies = {o.document_id: o.currency for o in OpenItem.select(OpenItem.document, OpenItem.currency).where(
        (OpenItem.company == company.id) & OpenItem.document.in_([r.document_id for r in rows]))} if rows else {}
    return render_template("sales/reminders.html", company=company, rows=rows, numbers=numbers, state=state,
                           currencies=currencies,
                           reminder_labels=REMINDER_LABELS, labels=channels.labels(current_runtime().pm))
