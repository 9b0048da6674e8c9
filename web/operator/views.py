"""Views of the operator space: queue, coding screen, page images, review queue and overrides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from guichet.core.access import access
from guichet.core.pipeline import claims, decisions, splitting
from guichet.core.errors import UnreadableInput
from guichet.core.model.models import Company, Document, Event, Finding, Party, User, utcnow
from guichet.core.model.models import Invoice as InvoiceRow
from guichet.core.model import vat
from guichet.core.model.states import STATE_LABELS, Severity, State
from guichet.web.app import current_runtime
from guichet.web.operator import coding, render

bp = Blueprint("operator", __name__, template_folder="templates")

#: Age filters of the queue: value → (label, minimum age in days).
AGES: dict[str, tuple[str, int]] = {
    "1": ("Plus d'un jour", 1),
    "3": ("Plus de 3 jours", 3),
    "7": ("Plus d'une semaine", 7),
}
QUEUE_LIMIT = 200
#: Values the form starts with when nothing was read (a French invoice in euros).
DEFAULTS = {"document_type_code": "380", "currency": "EUR"}
SKIP_KEY, FILTERS_KEY = "operator_skip", "operator_filters"
CHANNEL_LABELS = {"upload": "Dépôt web", "cli": "Import", "api": "API", "email": "Courriel",
                  "scanner": "Scanner", "picking": "Portail fournisseur"}


@bp.before_request
@login_required
def _staff_only() -> None:
    """Only the firm's staff enter the operator space (a client user gets 403)."""
    if not access.is_firm_staff(current_user):
        abort(403)


def _claim_minutes() -> int:
    return int(current_runtime().settings.get("operator.claim_minutes", claims.DEFAULT_MINUTES))


def _document(document_id: int) -> Document:
    """The document, if it belongs to a company of the operator's firm; else 404."""
    return access.document_for(current_user, document_id, "manage")


def _filters() -> dict[str, str]:
    if request.endpoint == "operator.queue":
        filters = {k: request.args.get(k, "").strip() for k in ("company", "age", "channel")}
        session[FILTERS_KEY] = filters
        return filters
    return dict(session.get(FILTERS_KEY) or {"company": "", "age": "", "channel": ""})


def _queue_query(states: list[str], filters: dict[str, str]) -> Any:
    query = access.visible_documents(current_user).where(Document.state.in_(states))
    if filters.get("company", "").isdigit():
        query = query.where(Document.company == int(filters["company"]))
    if filters.get("age") in AGES:
        cutoff = utcnow() - dt.timedelta(days=AGES[filters["age"]][1])
        query = query.where(Document.created_at <= cutoff)
    if filters.get("channel"):
        query = query.where(Document.channel == filters["channel"])
    return query.order_by(Document.created_at, Document.id)


def _company_ids() -> list[int]:
    return [c.id for c in access.visible_companies(current_user)]


@bp.route("/")
def queue() -> Any:
    """Documents to code (and those still being read), oldest first, with the counters."""
    filters = _filters()
    rows = list(_queue_query([str(State.TO_CODE), str(State.TO_EXTRACT)], filters)
                .select(Document, Company).join(Company).switch(Document).limit(QUEUE_LIMIT))
    held = claims.live_claims(d.id for d in rows)
    holders = {u.id: u for u in User.select().where(User.id.in_([c.user_id for c in held.values()] or [0]))}
    channels = sorted({row.channel for row in access.visible_documents(current_user)
                       .select(Document.channel).distinct()})
    return render_template(
        "operator/queue.html",
        rows=rows,
        held=held,
        holders=holders,
        filters=filters,
        companies=list(access.visible_companies(current_user)),
        channels=channels,
        channel_labels=CHANNEL_LABELS,
        ages=AGES,
        stats=claims.counters(_company_ids()),
        now=utcnow(),
    )


@bp.route("/suivant")
def next_document() -> Any:
    """Claim the oldest document nobody holds (with the queue's filters) and open it."""
    candidates = _queue_query([str(State.TO_CODE)], _filters()).limit(QUEUE_LIMIT)
    document = claims.claim_next(current_user, candidates, minutes=_claim_minutes(),
                                 skip=session.get(SKIP_KEY, []))
    if document is None:
        flash("Plus aucun document à coder pour le moment.", "info")
        return redirect(url_for("operator.queue"))
    return redirect(url_for("operator.code", document_id=document.id))


@bp.route("/documents/<int:document_id>/prendre", methods=["POST"])
def take(document_id: int) -> Any:
    """Claim one document from the queue and open it."""
    document = _document(document_id)
    if document.state != State.TO_CODE:
        flash("Ce document n'est pas à coder.", "error")
        return redirect(url_for("operator.queue"))
    if not claims.claim(document, current_user, minutes=_claim_minutes()):
        flash("Un autre opérateur code déjà ce document.", "error")
        return redirect(url_for("operator.queue"))
    return redirect(url_for("operator.code", document_id=document.id))


@bp.route("/documents/<int:document_id>/liberer", methods=["POST"])
def release(document_id: int) -> Any:
    """Give a document back to the queue."""
    document = _document(document_id)
    claims.release(document, current_user)
    flash("Document remis dans la file.", "info")
    return redirect(url_for("operator.queue"))


@bp.route("/documents/<int:document_id>/passer", methods=["POST"])
def skip(document_id: int) -> Any:
    """Leave this document for later (for this session) and open the next one."""
    document = _document(document_id)
    claims.release(document, current_user)
    skipped = [i for i in session.get(SKIP_KEY, []) if i != document.id][-199:]
    session[SKIP_KEY] = [*skipped, document.id]
    return redirect(url_for("operator.next_document"))


def _screen(document: Document, *, coded: coding.Coded | None = None, status: int = 200) -> Any:
    rt = current_runtime()
    text = coding.text_of(rt, document)
    proposal = coding.proposal_of(rt, document, text)
    data = rt.blobs.get(document.blob_key)
    image = render.is_image(document.format, document.content_type)
    try:
        pages = render.page_count(data, image=image)
    except UnreadableInput:
        pages = 0
    values = coded.values if coded else {**DEFAULTS, **{k: v for k, v in proposal.values.items() if v},
                                         **proposal.address}
    vat_rows = coded.vat_rows if coded else proposal.vat_rows
    lines = coded.lines if coded else proposal.lines
    findings = list(Finding.select().where(Finding.document == document).order_by(Finding.severity))
    by_field: dict[str, list[Finding]] = {}
    for finding in findings:
        by_field.setdefault(coding.field_of(finding.field) or "_", []).append(finding)
    zero_category = coding.zero_rate_category(text, values, document.company)
    held = claims.holder(document)
    waiting = _queue_query([str(State.TO_CODE)], _filters()).count()
    return render_template(
        "operator/code.html",
        doc=document,
        company=document.company,
        pages=pages,
        words=coding.words_json(text),
        text_source=text.source if text else None,
        engine=text.engine if text else None,
        labels=coding.FIELD_LABELS,
        amounts=coding.AMOUNTS,
        dates=coding.DATES,
        required=coding.REQUIRED,
        values=values,
        confidence=proposal.confidence,
        boxes=proposal.boxes,
        low=coding.LOW_CONFIDENCE,
        vat_rows=vat_rows or [{"rate": "", "taxable_amount": "", "tax_amount": "", "category": "", "exemption_code": ""}],
        lines=lines or [{"description": "", "quantity": "", "unit_price": "", "amount": "", "vat_rate": ""}],
        summary=bool(coded and coded.summary),
        vat_categories=vat.CATEGORIES,
        vat_needs_reason=vat.NEEDS_REASON,
        vatex=vat.VATEX,
        default_vatex=vat.DEFAULT_VATEX,
        zero_category=zero_category,
        address_labels=coding.ADDRESS_LABELS,
        terms_label=coding.TERMS_LABEL,
        errors=coded.errors if coded else {},
        sum_problems=coding.sum_problems(coded) if coded else [],
        by_field=by_field,
        expires_at=held.expires_at if held else None,
        waiting=waiting,
    ), status


@bp.route("/documents/<int:document_id>/coder", methods=["GET"])
def code(document_id: int) -> Any:
    """The coding screen: page image with word boxes, fields form beside it."""
    document = _document(document_id)
    if document.state != State.TO_CODE:
        flash(f"Ce document n'est plus à coder ({STATE_LABELS[State(document.state)]}).", "info")
        return redirect(url_for("operator.queue"))
    if not claims.claim(document, current_user, minutes=_claim_minutes()):
        flash("Un autre opérateur code déjà ce document.", "error")
        return redirect(url_for("operator.queue"))
    return _screen(document)


@bp.route("/documents/<int:document_id>/coder", methods=["POST"])
def validate(document_id: int) -> Any:
    """Validate the coding: store it, feed the supplier memory, move on; open the next document."""
    document = _document(document_id)
    coded = coding.parse_form(request.form)
    if coded.errors:
        flash("Corrigez les champs signalés.", "error")
        return _screen(document, coded=coded, status=422)
    try:
        decisions.validate_coding(current_runtime(), current_user, document.id, dict(coded.values),
                                  vat_breakdown=coded.vat_rows, lines=coded.lines,
                                  summary=True if coded.summary else None)
    except decisions.DecisionError as exc:
        flash(str(exc), "error")
        return redirect(url_for("operator.queue"))
    coded_event = (Event.select().where((Event.document_id == document.id) & (Event.kind == decisions.CODED_EVENT))
                   .order_by(Event.id.desc()).first())
    completed = (coded_event.data or {}).get("completed") if coded_event is not None else None
    flash(f"Document « {document.filename} » validé." + (f" Complété : {' ; '.join(completed)}." if completed else ""),
          "info")
    return redirect(url_for("operator.next_document"))


def _reason() -> str:
    reason = " ".join(request.form.get("reason", "").split())[:500]
    if not reason:
        abort(400, "Indiquez un motif.")
    return reason


@bp.route("/documents/<int:document_id>/rejeter", methods=["POST"])
def reject(document_id: int) -> Any:
    """Refuse the document with a reason (from the coding or the review screen)."""
    document = _document(document_id)
    from_review = document.state == State.TO_REVIEW
    try:
        decisions.reject(current_runtime(), current_user, document.id, _reason())
    except decisions.DecisionError as exc:
        flash(str(exc), "error")
        return redirect(url_for("operator.queue"))
    flash(f"Document « {document.filename} » rejeté.", "info")
    return redirect(url_for("operator.reviews" if from_review else "operator.next_document"))


@bp.route("/documents/<int:document_id>/scinder", methods=["POST"])
def split(document_id: int) -> Any:
    """Cut a PDF holding several invoices into one document per invoice."""
    document = _document(document_id)
    if render.is_image(document.format, document.content_type):
        abort(400, "Seul un PDF peut être scindé.")
    rt = current_runtime()
    pages = render.page_count(rt.blobs.get(document.blob_key), image=False)
    groups = splitting.parse_groups(request.form.get("groups", ""), pages)
    if groups is None:
        abort(400, f"Découpage invalide : indiquez au moins deux groupes de pages entre 1 et {pages} (ex. 1-2, 3).")
    try:
        parts = decisions.split(rt, current_user, document.id, groups)
    except decisions.DecisionError as exc:
        flash(str(exc), "error")
        return redirect(url_for("operator.queue"))
    flash(f"Document scindé en {len(parts)} documents.", "info")
    return redirect(url_for("operator.next_document"))


@bp.route("/documents/<int:document_id>/page.png")
def page_image(document_id: int) -> Response:
    """One page of the document as PNG (``?page=1&width=1200``)."""
    document = _document(document_id)
    rt = current_runtime()
    number = request.args.get("page", 1, type=int)
    width = request.args.get("width", render.DEFAULT_WIDTH, type=int)
    text = coding.text_of(rt, document) if request.args.get("ocr") else None
    rotation = next((p.rotation for p in text.pages if p.number == number), 0) if text else 0
    return render.page_response(rt.blobs.get(document.blob_key), document, number, width, rotation=rotation)


# ---------------------------------------------------------------------------
# Review queue (blocking findings)
# ---------------------------------------------------------------------------


@bp.route("/revue")
def reviews() -> Any:
    """Documents with blocking findings, oldest first."""
    company = request.args.get("company", "")
    query = access.visible_documents(current_user).where(Document.state == str(State.TO_REVIEW))
    if company.isdigit():
        query = query.where(Document.company == int(company))
    rows = list(query.select(Document, Company).join(Company).switch(Document)
                .order_by(Document.updated_at, Document.id).limit(QUEUE_LIMIT))
    ids = [d.id for d in rows] or [0]
    codes: dict[int, list[str]] = {}
    for f in Finding.select(Finding.document, Finding.code).where(
            Finding.document.in_(ids) & (Finding.severity == str(Severity.FATAL))):
        codes.setdefault(f.document_id, []).append(f.code)
    invoices = {i.document_id: i for i in InvoiceRow.select().where(InvoiceRow.document.in_(ids))}
    sellers = {p.invoice_id: p for p in Party.select().where(
        Party.invoice.in_([i.id for i in invoices.values()] or [0]) & (Party.role == "seller"))}
    return render_template("operator/reviews.html", rows=rows, codes=codes, invoices=invoices, sellers=sellers,
                           companies=list(access.visible_companies(current_user)), company=company)


@bp.route("/documents/<int:document_id>/revue")
def review(document_id: int) -> Any:
    """One document to review: its page, its fields with the findings beside them, the decisions."""
    document = _document(document_id)
    rt = current_runtime()
    text = coding.text_of(rt, document)
    proposal = coding.proposal_of(rt, document, text)
    findings = list(Finding.select().where(Finding.document == document).order_by(Finding.severity, Finding.code))
    by_field: dict[str, list[Finding]] = {}
    for finding in findings:
        by_field.setdefault(coding.field_of(finding.field) or "_", []).append(finding)
    try:
        pages = render.page_count(rt.blobs.get(document.blob_key),
                                  image=render.is_image(document.format, document.content_type))
    except UnreadableInput:
        pages = 0
    return render_template(
        "operator/review.html",
        doc=document,
        company=document.company,
        pages=pages,
        words=coding.words_json(text),
        labels=coding.FIELD_LABELS,
        amounts=coding.AMOUNTS,
        dates=coding.DATES,
        values=proposal.values,
        vat_rows=proposal.vat_rows,
        by_field=by_field,
        blocking=[f for f in findings if f.severity == str(Severity.FATAL)],
        can_override=access.can(current_user, document.company, "manage"),
    )


@bp.route("/documents/<int:document_id>/forcer", methods=["POST"])
def override(document_id: int) -> Any:
    """Accept a document despite its blocking findings (the "manage" right), with a reason."""
    document = _document(document_id)
    if not access.can(current_user, document.company, "manage"):
        abort(403)
    try:
        decisions.accept(current_runtime(), current_user, document.id, _reason())
    except decisions.DecisionError as exc:
        flash(str(exc), "error")
        return redirect(url_for("operator.reviews"))
    flash(f"Document « {document.filename} » accepté malgré les anomalies.", "info")
    return redirect(url_for("operator.reviews"))


@bp.route("/documents/<int:document_id>/recoder", methods=["POST"])
def recode(document_id: int) -> Any:
    """Send a document under review back to the coding queue."""
    document = _document(document_id)
    try:
        decisions.send_back(current_runtime(), current_user, document.id, request.form.get("reason", ""))
    except decisions.DecisionError as exc:
        flash(str(exc), "error")
    else:
        flash("Document renvoyé au codage.", "info")
    return redirect(url_for("operator.reviews"))
