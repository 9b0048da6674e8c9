"""The phone photo page of a company: camera capture, preview, one document or one per photo."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from guichet.core.access import access
from guichet.core.ops import tasks
from guichet.core.pipeline import intake
from guichet.core.model.models import Document, utcnow
from guichet.core.model.states import STATE_LABELS, Channel, State
from guichet.web.app import current_runtime
from guichet.web.mobile.photos import combine_photos

bp = Blueprint("mobile", __name__, template_folder="templates")


@bp.get("/dossiers/<int:company_id>/photos")
@login_required
def photos_page(company_id: int) -> Any:
    """The capture page (needs the upload right on the company)."""
    company = access.company_for(current_user, company_id, "upload")
    return render_template("mobile/photos.html", company=company)


@bp.post("/dossiers/<int:company_id>/photos")
@login_required
def photos_upload(company_id: int) -> Any:
    """Receive the photos: ``mode=one`` makes one PDF of them all, ``mode=each`` one document per photo."""
    company = access.company_for(current_user, company_id, "upload")
    rt = current_runtime()
    files = [f for f in request.files.getlist("photos") if f and f.filename]
    if not files:
        return jsonify(error="aucune photo reçue"), 400
    items: list[tuple[bytes, str, str | None]] = []
    if request.form.get("mode", "one") == "one" and len(files) > 1:
        datas = [f.read() for f in files]
        try:
            items.append((combine_photos(datas), f"photos-{utcnow():%Y%m%d-%H%M%S}.pdf", "application/pdf"))
        except ValueError:
            # An unreadable photo: keep every original as its own document, each gets its reason.
            items = [(d, f.filename, f.mimetype) for d, f in zip(datas, files, strict=True)]
    else:
        items = [(f.read(), f.filename, f.mimetype) for f in files]
    results = []
    for data, name, mimetype in items:
        document, created = intake.receive(rt, company, data, name, channel=str(Channel.UPLOAD),
                                           user_id=current_user.id, content_type=mimetype,
                                           context={"source": "phone", "photos": len(files)})
        if created:
            tasks.submit(document.id, document.state)
        document = Document.get_by_id(document.id)
        results.append({"id": document.id, "filename": document.filename, "created": created,
                        "state": document.state, "state_label": STATE_LABELS[State(document.state)],
                        "reason": document.reason, "url": url_for("company.document", document_id=document.id)})
    return jsonify(documents=results)
