"""The company space: document and invoice lists, upload, document page."""

from __future__ import annotations

import io
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from peewee import fn

from guichet.core.access import access
from guichet.core.ops import tasks
from guichet.core.pipeline import decisions, intake
from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.models import Document, Event, Finding, Invoice, Line, Party, VatBreakdown
from guichet.core.storage.records import load_invoice
from guichet.core.model.states import STATE_LABELS, Channel, State
from guichet.web.app import current_runtime
from guichet.web.company import bulk_actions, listing, live, proof, saved_filters
from guichet.web.company import home as home_counts
from guichet.web.findings import grouped
from guichet.web.history import describe

bp = Blueprint("company", __name__, template_folder="templates")

#: States a document reaches only after the controls ran ("Aucune remarque" means something there).
CONTROLLED_STATES = frozenset({State.TO_REVIEW, State.CHECKED, State.SEALED, State.ARCHIVED})


@bp.route("/")
@login_required
def home() -> Any:
    """What waits for the person: across companies for the firm, its own for a company user.

    A client with a single company lands on that company's list, which opens with its own summary.
    """
    companies = list(access.visible_companies(current_user))
    if len(companies) == 1 and not access.is_firm_staff(current_user):
        return redirect(url_for("company.documents", company_id=companies[0].id))
    rows = home_counts.waiting(companies)
    return render_template("company/home.html", rows=rows, totals=home_counts.totals(rows),
                           counted=home_counts.COUNTED,
                           money=home_counts.money_summary([c.id for c in companies], current_runtime().settings)
                           if companies else None)


@bp.route("/dossiers/")
@login_required
def companies() -> Any:
    """The companies the user may see, with their document counts per state."""
    visible = list(access.visible_companies(current_user))
    counts: dict[int, dict[str, int]] = {c.id: {} for c in visible}
    if visible:
        rows = (
            Document.select(Document.company, Document.state, fn.COUNT(Document.id).alias("n"))
            .where(Document.company.in_([c.id for c in visible]))
            .group_by(Document.company, Document.state)
        )
        for row in rows:
            counts[row.company_id][row.state] = row.n
    return render_template("company/companies.html", companies=visible, counts=counts)


@bp.route("/dossiers/<int:company_id>/")
@login_required
def documents(company_id: int) -> Any:
    """Documents of a company: search (number, party, SIREN, amount, dates), sortable columns, pages."""
    company = access.company_for(current_user, company_id)
    filters = listing.read_filters(request.args)
    query = listing.documents_query(company, filters)
    page = max(1, request.args.get("page", 1, type=int))
    size = current_app.config["PAGE_SIZE"]
    total = query.count()
    rows = list(query.paginate(page, size))
    pages = max(1, (total + size - 1) // size)
    summary = home_counts.waiting([company])[0]
    return render_template(
        "company/documents.html",
        company=company,
        rows=rows,
        filters=filters,
        page=page,
        pages=pages,
        total=total,
        sorts=listing.SORTS,
        counterparty=listing.counterparty,
        summary=summary,
        counted=home_counts.COUNTED,
        saved=saved_filters.for_page(current_user, request.path),
        can_upload=access.can(current_user, company, "upload"),
        can_manage=access.can(current_user, company, "manage"),
        state_choices=[(str(s), STATE_LABELS[s]) for s in State],
    )


@bp.route("/dossiers/<int:company_id>/etats")
@login_required
def states(company_id: int) -> Any:
    """The states of some documents of a company, for the list's live update (``?ids=1,2,3``)."""
    company = access.company_for(current_user, company_id)
    ids = [int(i) for i in request.args.get("ids", "").split(",")[:200] if i.isdigit()]
    docs = Document.select().where((Document.company == company) & Document.id.in_(ids or [0]))
    return jsonify({str(d.id): live.state_of(d) for d in docs})


@bp.route("/documents/<int:document_id>/etat")
@login_required
def document_state(document_id: int) -> Any:
    """One document's state and follow-up progress, for the document page's live update."""
    return jsonify(live.state_of(access.document_for(current_user, document_id), stages=True))


@bp.route("/dossiers/<int:company_id>/filtres", methods=["POST"])
@login_required
def save_filter(company_id: int) -> Any:
    """Keep the list's current filters under a name (per user), or forget one (``delete``)."""
    company = access.company_for(current_user, company_id)
    page = url_for("company.documents", company_id=company.id)
    if request.form.get("delete"):
        saved_filters.forget(current_user, page, request.form.get("delete", ""))
        flash("Filtre supprimé.", "info")
        return redirect(page)
    filters = listing.read_filters(request.form)
    try:
        saved_filters.save(current_user, page, request.form.get("name", ""), filters.as_args())
    except ValueError as exc:
        flash(str(exc), "error")
    else:
        flash("Filtre enregistré.", "info")
    return redirect(url_for("company.documents", company_id=company.id, **filters.as_args()))


@bp.route("/dossiers/<int:company_id>/selection", methods=["POST"])
@login_required
def bulk(company_id: int) -> Any:
    """Act on the selected documents: accept those to review (with a reason), export the list (CSV), send them."""
    company = access.company_for(current_user, company_id)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()][:500]
    selected = list(Document.select().where((Document.company == company) & Document.id.in_(ids or [0])))
    action = request.form.get("action", "")
    back = redirect(request.form.get("back") if _local(request.form.get("back")) else
                    url_for("company.documents", company_id=company.id))
    if not selected:
        flash("Aucun document sélectionné.", "error")
        return back
    if action == "export":
        return bulk_actions.export_csv(company, selected)
    if action == "accept":
        done, refused = bulk_actions.accept(current_runtime(), current_user, selected, request.form.get("reason", ""))
        if done:
            flash(f"{done} document(s) accepté(s) malgré leurs anomalies.", "info")
        for message in refused[:5]:
            flash(message, "error")
        return back
    if action == "send":
        summary = bulk_actions.send(current_runtime(), current_user, selected)
        for sentence in summary.sentences():  # what was queued, then how many were refused...
            flash(sentence, "error" if "non envoyée" in sentence else "info")
        for message in summary.refused[:8]:  # ...and why, in French
            flash(message, "error")
        if len(summary.refused) > 8:
            flash(f"… et {len(summary.refused) - 8} autre(s) refus.", "error")
        return back
    abort(400, "Action inconnue.")


@bp.route("/documents/<int:document_id>/preuves")
@login_required
def evidence(document_id: int) -> Any:
    """The evidence ZIP of one archived document (sealed file, token, events, openssl README)."""
    doc = access.document_for(current_user, document_id)
    if ArchiveRecord.get_or_none(ArchiveRecord.document == doc) is None:
        abort(404)
    data, _counts = proof.evidence_zip(current_runtime(), document_ids=[doc.id])
    return _download(data, f"preuves-document-{doc.id}.zip", mimetype="application/zip", attachment=True)


@bp.route("/dossiers/<int:company_id>/preuves")
@login_required
def company_evidence(company_id: int) -> Any:
    """Evidence of a company over a period: the form, then the ZIP (``?du=...&au=...``)."""
    from guichet.core.parsing.values import parse_date

    company = access.company_for(current_user, company_id, "manage")
    start, end = parse_date(request.args.get("du", "")), parse_date(request.args.get("au", ""))
    if request.args.get("du") or request.args.get("au"):
        if start is None or end is None or end < start:
            flash("Indiquez une période valable (jj/mm/aaaa), la fin après le début.", "error")
        else:
            data, counts = proof.evidence_zip(current_runtime(), siren=company.siren, start=start, end=end)
            if not counts.get("documents", 1):
                flash("Aucun document archivé sur cette période.", "info")
            else:
                name = f"preuves-{company.siren}-{start.isoformat()}-{end.isoformat()}.zip"
                return _download(data, name, mimetype="application/zip", attachment=True)
    archived = ArchiveRecord.select().where(ArchiveRecord.company == company).count()
    return render_template("company/evidence.html", company=company, archived=archived,
                           du=request.args.get("du", ""), au=request.args.get("au", ""),
                           tsa=bool(current_runtime().settings.get("seal.tsa_url")))


def _local(url: str | None) -> bool:
    """True for a path of this site (never an absolute URL elsewhere)."""
    return bool(url) and url.startswith("/") and not url.startswith("//")


@bp.route("/dossiers/<int:company_id>/upload", methods=["POST"])
@login_required
def upload(company_id: int) -> Any:
    """Receive one or several files; each enters the pipeline. JSON for scripts, redirect for forms."""
    company = access.company_for(current_user, company_id, "upload")
    rt = current_runtime()
    files = request.files.getlist("files")
    results = []
    for storage in files:
        if not storage or not storage.filename:
            continue
        storage.stream.seek(0)
        document, created = intake.receive(  # the spooled file, copied in chunks: never read whole
            rt, company, storage.stream, storage.filename, channel=Channel.UPLOAD,
            user_id=current_user.id, content_type=storage.mimetype,
        )
        if created:
            tasks.submit(document.id, document.state)
            document = Document.get_by_id(document.id)
        results.append(live.upload_answer(document, created))
    if not results:
        if request.accept_mimetypes.best == "application/json":
            return jsonify({"error": "aucun fichier reçu"}), 400
        flash("Aucun fichier reçu.", "error")
    elif request.accept_mimetypes.best != "application/json":
        new = sum(r["created"] for r in results)
        flash(f"{len(results)} fichier(s) reçu(s), dont {new} nouveau(x).", "info")
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"documents": results})
    return redirect(url_for("company.documents", company_id=company.id))


@bp.route("/documents/<int:document_id>")
@login_required
def document(document_id: int) -> Any:
    """One document: the original, the fields read, findings and history."""
    doc = access.document_for(current_user, document_id)
    row = Invoice.get_or_none(Invoice.document == doc)
    invoice = load_invoice(doc) if row else None
    parties = {p.role: p for p in Party.select().where(Party.invoice == row)} if row else {}
    lines = list(Line.select().where(Line.invoice == row).order_by(Line.position)) if row else []
    vat_rows = list(VatBreakdown.select().where(VatBreakdown.invoice == row)) if row else []
    findings = list(Finding.select().where(Finding.document == doc).order_by(Finding.severity, Finding.code))
    history = describe(Event.select().where(Event.document_id == doc.id).order_by(Event.id))
    archived = ArchiveRecord.get_or_none(ArchiveRecord.document == doc)
    return render_template(
        "company/document.html",
        doc=doc,
        company=doc.company,
        row=row,
        invoice=invoice,
        parties=parties,
        lines=lines,
        vat_rows=vat_rows,
        findings=findings,
        finding_groups=grouped(findings),
        history=history,
        can_manage=access.can(current_user, doc.company, "manage"),
        archived=archived,
        can_delete_archive=access.is_firm_admin(current_user),
        page_count=_page_count(doc),
        controls_ran=doc.state in CONTROLLED_STATES,
        live=live.state_of(doc, stages=True),
    )


@bp.route("/documents/<int:document_id>/original")
@login_required
def original(document_id: int) -> Response:
    """The original file, byte for byte, shown inline (PDF and images) or downloaded."""
    doc = access.document_for(current_user, document_id)
    data = current_runtime().blobs.get(doc.blob_key)
    inline = doc.content_type in ("application/pdf", "image/jpeg", "image/png") and request.args.get("download") is None
    response = _download(data, doc.filename, mimetype=doc.content_type if inline else "application/octet-stream",
                         attachment=not inline)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"
    return response


@bp.route("/documents/<int:document_id>/pages/<int:number>.png")
@login_required
def page_image(document_id: int, number: int) -> Response:
    """One page of the original, rendered on the server as PNG (works in every browser, phones too)."""
    from guichet.web.operator.render import page_response

    doc = access.document_for(current_user, document_id)
    width = request.args.get("width", 1000, type=int)
    return page_response(current_runtime().blobs.get(doc.blob_key), doc, number, width)


def _page_count(doc: Document) -> int:
    """Pages to preview (0 when the original cannot be rendered: XML, broken file)."""
    from guichet.core.errors import UnreadableInput
    from guichet.web.operator import render

    if doc.format not in ("facturx", "pdf", "image") or doc.state == State.REJECTED:
        return 0
    try:
        return render.page_count(current_runtime().blobs.get(doc.blob_key),
                                 image=render.is_image(doc.format, doc.content_type))
    except UnreadableInput:
        return 0


@bp.route("/documents/<int:document_id>/archive")
@login_required
def archived_file(document_id: int) -> Response:
    """The archived (sealed) file of a document, for download."""
    doc = access.document_for(current_user, document_id)
    record = ArchiveRecord.get_or_none(ArchiveRecord.document == doc)
    if record is None:
        abort(404)
    data = current_runtime().blobs.get(record.file_key)
    name = f"{doc.filename.rsplit('.', 1)[0]}-archive.{record.extension}"
    return _download(data, name, mimetype="application/octet-stream", attachment=True)


def _download(data: bytes, filename: str, *, mimetype: str, attachment: bool) -> Response:
    """A file response whose name survives any alphabet: an ASCII ``filename`` and the exact
    UTF-8 name in ``filename*`` (RFC 6266 / RFC 5987, built by werkzeug's ``send_file``).

    A name outside Latin-1 (« facture 請求書.pdf ») once made the header fail: HTTP 500.
    """
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=attachment, download_name=filename,
                     conditional=False, etag=False, max_age=0)


@bp.route("/documents/<int:document_id>/archive/delete", methods=["POST"])
@login_required
def delete_archive(document_id: int) -> Any:
    """Ask to delete an archived file: refused (and logged) before the retention end."""
    from guichet.core.storage.archive import RetentionError, delete_archived, open_archive_store

    doc = access.document_for(current_user, document_id, "manage")
    if not access.is_firm_admin(current_user):
        abort(403)
    record = ArchiveRecord.get_or_none(ArchiveRecord.document == doc)
    if record is None:
        abort(404)
    store = open_archive_store(current_runtime().settings, current_runtime().pm)
    try:
        delete_archived(store, record, user_id=current_user.id, origin="admin")
    except RetentionError as exc:
        flash(f"Suppression refusée : {exc}. La tentative est journalisée.", "error")
        return redirect(url_for("company.document", document_id=doc.id))
    flash("Archive supprimée (durée de conservation échue).", "info")
    return redirect(url_for("company.document", document_id=doc.id))


@bp.route("/documents/<int:document_id>/override", methods=["POST"])
@login_required
def override(document_id: int) -> Any:
    """Accept a document in review despite its blocking findings (manage right, reason required)."""
    try:
        doc = decisions.accept(current_runtime(), current_user, document_id, request.form.get("reason", ""))
    except decisions.DecisionError as exc:
        flash(str(exc), "error")
        return redirect(url_for("company.document", document_id=document_id))
    flash("Anomalies acceptées : le document poursuit son circuit.", "info")
    return redirect(url_for("company.document", document_id=doc.id))


@bp.route("/documents/<int:document_id>/retry", methods=["POST"])
@login_required
def retry(document_id: int) -> Any:
    """Put a rejected document back at the start of the pipeline."""
    try:
        doc = decisions.retry(current_runtime(), current_user, document_id)
    except decisions.DecisionError as exc:
        abort(400, str(exc))
    flash("Le document a été relancé.", "info")
    return redirect(url_for("company.document", document_id=doc.id))
