"""The phone photo page of a company: camera capture, preview, one document or one per photo."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from guichet.core.access import access
from guichet.core.ops import tasks
from guichet.core.ops.limited import Limits
from guichet.core.pipeline import intake, pipeline
from guichet.core.model.models import Document, paris_today, utcnow
from guichet.core.model.states import STATE_LABELS, Channel, State
from guichet.web.app import current_runtime
from guichet.web.company.live import upload_answer
from guichet.web.mobile.photos import combine_photos

bp = Blueprint("mobile", __name__, template_folder="templates")


@bp.get("/")
@login_required
def app_home() -> Any:
    """The director's phone app (installable PWA): the company's tiles, or the choice of a company."""
    companies = list(access.visible_companies(current_user))
    chosen = request.args.get("dossier", type=int)
    if chosen is None and len(companies) == 1:
        chosen = companies[0].id
    if chosen is None:
        return render_template("mobile/app.html", companies=companies, company=None)
    company = access.company_for(current_user, chosen)
    from guichet.web.company import home as home_counts

    return render_template("mobile/app.html", companies=companies, company=company,
                           summary=home_counts.waiting([company])[0], counted=home_counts.COUNTED,
                           money=home_counts.money_summary([company.id], current_runtime().settings),
                           can_upload=access.can(current_user, company, "upload"),
                           to_validate=len(_to_validate(company)) if access.can(current_user, company, "manage") else None)


def _to_validate(company: Any) -> list[dict[str, Any]]:
    """Invoices received through the network that still wait for the company's answer (newest first)."""
    from guichet.core.model.models import Invoice, Party
    from guichet.core.model.network_models import NetworkDocument, Route

    places = list(NetworkDocument.select().where(
        (NetworkDocument.company == company.id) & (NetworkDocument.route == Route.RECEIVED)
        & (NetworkDocument.last_code.is_null() | NetworkDocument.last_code.not_in(list(ANSWERED))))
        .order_by(NetworkDocument.id.desc()).limit(100))
    invoices = {i.document_id: i for i in Invoice.select().where(Invoice.document.in_([p.document_id for p in places] or [0]))}
    sellers = {p.invoice_id: p.name for p in Party.select().where(
        Party.invoice.in_([i.id for i in invoices.values()] or [0]) & (Party.role == "seller"))}
    rows = []
    for place in places:
        invoice = invoices.get(place.document_id)
        rows.append({"document_id": place.document_id, "code": place.last_code, "invoice": invoice,
                     "seller": sellers.get(invoice.id) if invoice else None})
    return rows


#: Statuses after which the buyer has answered (approved, refused, payment sent...).
ANSWERED = frozenset({"205", "210", "211", "213"})


@bp.get("/dossiers/<int:company_id>/a-valider")
@login_required
def to_validate(company_id: int) -> Any:
    """The invoices received through the network that wait for the director's answer."""
    from guichet.core.model import lifecycle

    company = access.company_for(current_user, company_id, "manage")
    return render_template("mobile/validate.html", company=company, rows=_to_validate(company),
                           reasons=lifecycle.REASONS, pwa=True)


@bp.post("/documents/<int:document_id>/reponse")
@login_required
def answer(document_id: int) -> Any:
    """Approve (205) or refuse (210, with a reason) an invoice received through the network."""
    from flask import flash, redirect

    from guichet.core.pipeline import decisions

    document = access.document_for(current_user, document_id, "manage")
    refuse = request.form.get("decision") == "refuse"
    try:
        decisions.answer_network_status(current_runtime(), current_user, document.id, "210" if refuse else "205",
                                        reason=request.form.get("reason") if refuse else None,
                                        message=request.form.get("message"))
    except decisions.DecisionError as exc:
        flash(str(exc), "error")
    else:
        flash("Facture refusée : le fournisseur est prévenu par le réseau." if refuse
              else "Facture validée : le fournisseur est prévenu par le réseau.", "info")
    return redirect(url_for("mobile.to_validate", company_id=document.company_id))


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    """The web app manifest: installable on the phone's home screen, opens on the app's page."""
    data = {
        "name": "Guichet — factures", "short_name": "Guichet", "lang": "fr", "dir": "ltr",
        "start_url": url_for("mobile.app_home"), "scope": url_for("mobile.app_home"),
        "display": "standalone", "background_color": "#f6f7f9", "theme_color": "#12284b",
        "description": "Photographier, retrouver et suivre les factures de l'entreprise.",
        "icons": [{"src": url_for("static", filename=f"icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png",
                   "purpose": "any maskable"} for n in (192, 512)],
    }
    return current_app.response_class(current_app.json.dumps(data), mimetype="application/manifest+json")


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker (scope /mobile/): keeps the app's shell for offline opening."""
    response = current_app.send_static_file("sw.js")
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = url_for("mobile.app_home")
    return response


@bp.get("/hors-ligne")
def offline() -> Any:
    """What the app shows when the phone has no network and the page was not kept."""
    return render_template("mobile/offline.html")


@bp.get("/dossiers/<int:company_id>/photos")
@login_required
def photos_page(company_id: int) -> Any:
    """The capture page (needs the upload right on the company)."""
    company = access.company_for(current_user, company_id, "upload")
    return render_template("mobile/photos.html", company=company, pwa=True)


@bp.post("/dossiers/<int:company_id>/photos")
@login_required
def photos_upload(company_id: int) -> Any:
    """Receive the photos: ``mode=one`` makes one PDF of them all, ``mode=each`` one document per photo.

    Every photo is stored (fsynced) before anything else. Each document is read at
    once (its format, and a photo's size from its header), so that the answer
    already says when a photo is refused, and why; the worker does the rest.
    """
    company = access.company_for(current_user, company_id, "upload")
    rt = current_runtime()
    files = [f for f in request.files.getlist("photos") if f and f.filename]
    if not files:
        return jsonify(error="aucune photo reçue"), 400
    items: list[tuple[bytes | IO[bytes], str, str | None, dict[str, Any]]] = []
    if request.form.get("mode", "one") == "one" and len(files) > 1:
        photos = [(f.read(), f.filename, f.mimetype) for f in files]  # made into one PDF: read whole
        originals = [rt.blobs.put(data) for data, _name, _type in photos]  # kept, whatever comes next
        try:
            combined = combine_photos([data for data, _name, _type in photos],
                                      max_pixels=Limits.from_settings(rt.settings).max_image_pixels)
            items.append((combined, f"photos-{utcnow():%Y%m%d-%H%M%S}.pdf", "application/pdf",
                          {"original_photos": originals}))
        except ValueError:
            # A photo unreadable or too large: every original becomes its own document, each with its reason.
            items = [(data, name, mimetype, {}) for data, name, mimetype in photos]
    else:
        items = [(f.stream, f.filename, f.mimetype, {}) for f in files]  # spooled files, copied in chunks
    results = []
    for data, name, mimetype, extra in items:
        document, created = intake.receive(rt, company, data, name, channel=str(Channel.UPLOAD),
                                           user_id=current_user.id, content_type=mimetype,
                                           context={"source": "phone", "photos": len(files), **extra})
        if created:
            pipeline.advance(rt, document.id, "read")
            tasks.submit(document.id, Document.get_by_id(document.id).state)
        document = Document.get_by_id(document.id)
        results.append(upload_answer(document, created))
    return jsonify(documents=results)


# ---------------------------------------------------------------------------
# Revenue and purchases per counterparty, the list behind each figure
# ---------------------------------------------------------------------------


def _period() -> tuple[dt.date, dt.date]:
    """``du``/``au`` of the query string (French or ISO dates); by default this year up to today."""
    from guichet.core.parsing.values import parse_date

    today = paris_today()
    start = parse_date(request.args.get("du") or "") or dt.date(today.year, 1, 1)
    end = parse_date(request.args.get("au") or "") or today
    return (start, end) if start <= end else (end, start)


@bp.get("/dossiers/<int:company_id>/tiers")
@login_required
def parties(company_id: int) -> Any:
    """Revenue per customer and purchases per supplier over a period, optionally for one name."""
    from guichet.core.money import aging, open_items

    company = access.company_for(current_user, company_id)
    start, end = _period()
    wanted = (request.args.get("tiers") or "").strip()
    open_items.sync(company)
    sides = {}
    for direction in ("sales", "purchase"):
        rows = aging.revenue([company.id], start, end, direction)
        if wanted:
            rows = [r for r in rows if wanted.casefold() in (r["counterparty"] or "").casefold()]
        sides[direction] = rows
    return render_template("mobile/parties.html", company=company, sides=sides, start=start, end=end,
                           wanted=wanted, pwa=True)


@bp.get("/dossiers/<int:company_id>/tiers/factures")
@login_required
def party_items(company_id: int) -> Any:
    """The invoices behind one figure of the page above (one counterparty, one direction, one currency).

    Without ``devise`` (a link typed by hand, an old bookmark) every currency is listed, with one total per
    currency: amounts in different currencies are never added together.
    """
    from decimal import Decimal

    from guichet.core.money import aging

    company = access.company_for(current_user, company_id)
    direction = request.args.get("sens", "")
    if direction not in aging.DIRECTIONS:
        abort(404)
    start, end = _period()
    currency = (request.args.get("devise") or "").strip().upper() or None
    items = list(aging.revenue_items([company.id], start, end, direction, request.args.get("cle", ""), currency))
    totals: dict[str, Decimal] = {currency: Decimal("0")} if currency else {}
    for item in items:
        totals[item.currency] = totals.get(item.currency, Decimal("0")) + item.amount
    return render_template("mobile/party_items.html", company=company, items=items,
                           totals=sorted(totals.items(), key=lambda pair: (pair[0] != "EUR", pair[0])),
                           direction=direction, start=start, end=end,
                           name=items[0].counterparty if items else None, pwa=True)


# ---------------------------------------------------------------------------
# The recent invoices kept on the phone for searching without network
# ---------------------------------------------------------------------------

#: How many of the company's latest invoices the phone keeps for searching offline.
RECENT = 300


@bp.get("/dossiers/<int:company_id>/recentes.json")
@login_required
def recent(company_id: int) -> Any:
    """The company's latest invoices, for the app's offline search (IndexedDB; forgotten at sign-out).

    Only what the list shows: number, parties, date, total, state. Never cached by the
    browser's HTTP cache (``no-store``): the phone keeps them in IndexedDB under the
    user and the company, and the sign-out deletes them.
    """
    from guichet.core.model.models import Invoice, Party
    from guichet.web.formatting import date_fr, money

    company = access.company_for(current_user, company_id)
    rows = list(Invoice.select(Invoice, Document).join(Document)
                .where(Document.company == company.id).order_by(Document.id.desc()).limit(RECENT))
    parties: dict[int, dict[str, str]] = {}
    for party in Party.select().where(Party.invoice.in_([i.id for i in rows] or [0])):
        parties.setdefault(party.invoice_id, {})[party.role] = party.name or ""
    out = []
    for invoice in rows:
        names = parties.get(invoice.id, {})
        document = invoice.document
        out.append({
            "id": document.id, "number": invoice.number or "", "seller": names.get("seller", ""),
            "buyer": names.get("buyer", ""), "date": date_fr(invoice.issue_date) if invoice.issue_date else "",
            "total": money(invoice.total_with_tax, invoice.currency) if invoice.total_with_tax is not None else "",
            "raw_total": str(invoice.total_with_tax) if invoice.total_with_tax is not None else "",
            "state": STATE_LABELS[State(document.state)],
            "url": url_for("company.document", document_id=document.id),
        })
    response = jsonify(company=company.id, user=current_user.id, synced_at=utcnow().isoformat() + "Z", invoices=out)
    response.headers["Cache-Control"] = "no-store"
    return response
