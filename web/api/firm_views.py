"""The firm's pull API (``/api/v1/firm``): its production software fetches what Guichet archived.

Authenticated by a firm token (``guichet firm-token create``): every query is scoped to the
companies of the token's firm that the token names (all of them when it names none), and
to archived invoices. A company's editor token, an expired or revoked token, another firm's
token: 401 or 404, never another firm's data. Spec: ``/api/v1/firm/openapi.json``.

The change feed: every event about a document (state, follow-up stage, correction of its
entry, payment...) has a growing id; ``GET /invoices?since=N`` lists the archived invoices
whose latest event is after N, in that order, and gives the cursor to pass next time. Marks
left by exports (``export.*`` events) are not changes.
"""

from __future__ import annotations

import functools
import secrets
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from peewee import fn
from werkzeug.exceptions import HTTPException

from guichet.core.access import outbound
from guichet.core.errors import OutboundRefused
from guichet.core.model import events
from guichet.core.model.api_models import Webhook, seal_secret
from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.export_models import ExportMark, FirmToken, find_firm_token
from guichet.core.model.models import Company, Document, Event, Invoice, Party, db, utcnow
from guichet.core.model.states import State
from guichet.core.money import entries, exports
from guichet.web.api.firm_openapi import spec

if TYPE_CHECKING:
    from collections.abc import Callable

    from guichet.core.ops.runtime import Runtime

bp = Blueprint("firm_api", __name__)
PUBLIC_ENDPOINTS = {"firm_api.openapi"}
MARK_TARGET = "api"


@bp.record_once
def _exempt_from_session_csrf(state: Any) -> None:
    csrf = state.app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)


def _rt() -> Runtime:
    return current_app.config["GUICHET_RUNTIME"]


def error(status: int, message: str) -> tuple[Response, int]:
    """A JSON error ``{"error": message}``."""
    return jsonify(error=message), status


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[Response, int]:
    messages = {404: "introuvable", 405: "méthode non permise", 400: "requête invalide"}
    return error(exc.code or 500, messages.get(exc.code or 0, exc.description or "erreur"))


@bp.before_request
def _authenticate() -> tuple[Response, int] | None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    token = find_firm_token(value.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        response, status = error(401, "jeton du cabinet absent, invalide, expiré ou révoqué (Authorization: Bearer gcf_…)")
        response.headers["WWW-Authenticate"] = 'Bearer realm="guichet-cabinet"'
        return response, status
    FirmToken.update(last_used_at=utcnow()).where(FirmToken.id == token.id).execute()
    g.firm_token = token
    g.company_ids = token.company_ids()
    return None


def needs(scope: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse (403) a token without ``scope``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if scope not in (g.firm_token.scopes or []):
                return error(403, f"ce jeton n'a pas le droit « {scope} »")
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _archived(invoice_id: int) -> Document | None:
    """The archived invoice ``invoice_id`` if it belongs to a company of the token, else None."""
    if not 0 < invoice_id < 2**62:
        return None
    return (Document.select().join(Invoice, on=(Invoice.document == Document.id))
            .where((Document.id == invoice_id) & (Document.company.in_(g.company_ids))
                   & (Document.state == str(State.ARCHIVED))).first())


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


def _counterparties(rows: list[Invoice]) -> dict[tuple[int, str], str | None]:
    """(invoice id, role) → the party's name, for every invoice of the page in one query."""
    names: dict[tuple[int, str], str | None] = {}
    if not rows:
        return names
    for party in Party.select(Party.invoice, Party.role, Party.name).where(Party.invoice.in_([r.id for r in rows])):
        names[(party.invoice_id, party.role)] = party.name
    return names


def _invoice_json(document: Document, row: Invoice, changed: int, marks: dict[str, Any], siren: str,
                  names: dict | None = None) -> dict[str, Any]:
    role = "seller" if document.direction == "purchase" else "buyer"
    if names is None:
        party = Party.get_or_none((Party.invoice == row) & (Party.role == role))
        counterparty = party.name if party else None
    else:
        counterparty = names.get((row.id, role))
    return {"id": document.id, "company": siren, "direction": document.direction, "number": row.number,
            "issue_date": row.issue_date.isoformat() if row.issue_date else None, "currency": row.currency,
            "total_with_tax": _money(row.total_with_tax), "total_without_tax": _money(row.total_without_tax),
            "total_tax": _money(row.total_tax), "counterparty": counterparty, "changed": changed,
            "exported": {target: when.isoformat() + "Z" for target, when in marks.items()}}


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI description (public)."""
    return jsonify(spec(request.script_root + (bp.url_prefix or "/api/v1/firm")))


@bp.get("/companies")
@needs("invoices:read")
def companies() -> Any:
    """The companies this token reads."""
    rows = Company.select().where(Company.id.in_(g.company_ids)).order_by(Company.siren)
    return jsonify(companies=[{"id": c.id, "siren": c.siren, "name": c.name} for c in rows])


@bp.get("/invoices")
@needs("invoices:read")
def invoices() -> Any:
    """Archived invoices changed since the cursor, oldest change first."""
    try:
        since = int(request.args.get("since", "0"))
        limit = int(request.args.get("limit", "100"))
    except ValueError:
        return error(400, "« since » et « limit » sont des entiers")
    if since < 0 or not 1 <= limit <= 500:
        return error(400, "« since » ≥ 0 et 1 ≤ « limit » ≤ 500")
    scope = list(g.company_ids)
    siren = request.args.get("company")
    if siren is not None:
        wanted = Company.get_or_none((Company.siren == siren) & (Company.id.in_(scope))) if siren.isdigit() else None
        if wanted is None:
            return error(400, f"dossier {siren} inconnu de ce jeton")
        scope = [wanted.id]
    latest = fn.MAX(Event.id).alias("changed")
    rows = list(Event.select(Event.document_id, latest)
                .join(Document, on=(Document.id == Event.document_id))
                .where((Event.id > since) & Event.company_id.in_(scope) & Event.document_id.is_null(False)
                       & ~Event.kind.startswith("export.") & (Document.state == str(State.ARCHIVED))
                       & Document.direction.in_(["purchase", "sales"]))
                .group_by(Event.document_id).order_by(latest).limit(limit + 1).dicts())
    more = len(rows) > limit
    rows = rows[:limit]
    ids = [r["document_id"] for r in rows]
    documents = {d.id: d for d in Document.select().where(Document.id.in_(ids))}
    invoice_rows = {i.document_id: i for i in Invoice.select().where(Invoice.document.in_(ids))}
    sirens = {c.id: c.siren for c in Company.select(Company.id, Company.siren).where(Company.id.in_(scope))}
    marks = exports.marks_of(ids)
    names = _counterparties(list(invoice_rows.values()))
    found = [_invoice_json(documents[r["document_id"]], invoice_rows[r["document_id"]], r["changed"],
                           marks.get(r["document_id"], {}), sirens[documents[r["document_id"]].company_id], names)
             for r in rows if r["document_id"] in invoice_rows]
    cursor = rows[-1]["changed"] if rows else since
    return jsonify(invoices=found, cursor=cursor, more=more)


@bp.get("/invoices/<int:invoice_id>")
@needs("invoices:read")
def invoice(invoice_id: int) -> Any:
    """One invoice and its entry."""
    document = _archived(invoice_id)
    if document is None:
        return error(404, "facture introuvable")
    row = Invoice.get(Invoice.document == document)
    changed = Event.select(fn.MAX(Event.id)).where(Event.document_id == document.id).scalar() or 0
    body = _invoice_json(document, row, changed, exports.marks_of([document.id]).get(document.id, {}),
                         document.company.siren)
    body["entry"] = entries.propose(document, settings=_rt().settings, row=row).as_dict()
    return jsonify(body)


@bp.get("/invoices/<int:invoice_id>/entry")
@needs("invoices:read")
def invoice_entry(invoice_id: int) -> Any:
    """The proposed (or corrected) entry."""
    document = _archived(invoice_id)
    if document is None:
        return error(404, "facture introuvable")
    return jsonify(entries.propose(document, settings=_rt().settings).as_dict())


@bp.get("/invoices/<int:invoice_id>/facturx")
@needs("invoices:read")
def invoice_facturx(invoice_id: int) -> Any:
    """The archived file (the sealed Factur-X, or the received PDF when none was sealed)."""
    document = _archived(invoice_id)
    if document is None:
        return error(404, "facture introuvable")
    record = ArchiveRecord.get_or_none(ArchiveRecord.document == document)
    if record is not None and record.extension != "pdf":
        return error(404, "pas de PDF archivé pour cette facture (original XML : voir /xml)")
    data = _rt().blobs.get(record.file_key if record else document.blob_key)
    if not data.startswith(b"%PDF"):
        return error(404, "pas de PDF archivé pour cette facture (original XML : voir /xml)")
    name = f"{document.company.siren}-{document.id}.pdf"
    return Response(data, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/invoices/<int:invoice_id>/xml")
@needs("invoices:read")
def invoice_xml(invoice_id: int) -> Any:
    """The structured XML the invoice was read from."""
    document = _archived(invoice_id)
    if document is None:
        return error(404, "facture introuvable")
    row = Invoice.get(Invoice.document == document)
    if not row.xml_key:
        return error(404, "cette facture n'a pas de XML structuré (lue sur papier)")
    return Response(_rt().blobs.get(row.xml_key), mimetype="application/xml")


@bp.post("/invoices/<int:invoice_id>/imported")
@needs("invoices:mark")
def invoice_imported(invoice_id: int) -> Any:
    """Mark the invoice as imported by the firm's software (its "exporté le" mark, target « api »)."""
    document = _archived(invoice_id)
    if document is None:
        return error(404, "facture introuvable")
    now = utcnow()
    with db.atomic():
        ExportMark.insert(document=document, target=MARK_TARGET, exported_at=now).on_conflict(
            conflict_target=[ExportMark.document, ExportMark.target], update={ExportMark.exported_at: now}).execute()
        events.record("export.imported", company_id=document.company_id, document_id=document.id,
                      data={"firm_token": g.firm_token.id, "software": g.firm_token.software})
    _rt().pm.hook.documents_exported(company=document.company, document_ids=[document.id], target=MARK_TARGET)
    return jsonify(id=document.id, imported_at=now.isoformat() + "Z")


#: What the firm's webhooks may ask for.
WEBHOOK_EVENTS = ("archived", "exported")


def _webhook_json(hook: Webhook, sirens: dict[int, str]) -> dict[str, Any]:
    return {"id": hook.id, "company": sirens.get(hook.company_id, ""), "url": hook.url, "events": hook.events}


def _firm_hooks() -> Any:
    return Webhook.select().where(Webhook.company.in_(g.company_ids) & Webhook.token.is_null() & Webhook.active)


@bp.get("/webhooks")
@needs("invoices:read")
def get_webhooks() -> Any:
    """The firm's webhooks on the token's companies."""
    sirens = {c.id: c.siren for c in Company.select(Company.id, Company.siren).where(Company.id.in_(g.company_ids))}
    return jsonify(webhooks=[_webhook_json(h, sirens) for h in _firm_hooks().order_by(Webhook.id)])


@bp.post("/webhooks")
@needs("invoices:read")
def post_webhook() -> Any:
    """Be told when invoices of the token's companies are archived or exported (one webhook per company, one secret)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, 'corps JSON attendu : {"url": …, "events": ["archived", "exported"]}')
    url, wanted = body.get("url"), body.get("events") or list(WEBHOOK_EVENTS)
    if not isinstance(url, str) or len(url) > 2000:
        return error(422, "url doit être une adresse http(s) complète")
    if not isinstance(wanted, list) or not wanted or not all(e in WEBHOOK_EVENTS for e in wanted):
        return error(422, f"events : liste parmi {', '.join(WEBHOOK_EVENTS)}")
    try:
        outbound.check_url(_rt().settings, url)
    except OutboundRefused as exc:
        return error(422, f"url : {exc}")
    secret = secrets.token_urlsafe(32)
    sealed = seal_secret(_rt().settings, secret)
    sirens = {c.id: c.siren for c in Company.select(Company.id, Company.siren).where(Company.id.in_(g.company_ids))}
    with db.atomic():
        made = [Webhook.create(company=company_id, token=None, url=url, events=sorted(set(wanted)), secret=sealed)
                for company_id in sorted(g.company_ids)]
        events.record("api.firm_webhook_created", data={"firm_token": g.firm_token.id, "url": url,
                                                         "webhooks": [h.id for h in made]})
    return jsonify(webhooks=[_webhook_json(h, sirens) for h in made], secret=secret), 201


@bp.delete("/webhooks/<int:webhook_id>")
@needs("invoices:read")
def delete_webhook(webhook_id: int) -> Any:
    """Deactivate one of the firm's webhooks."""
    hook = _firm_hooks().where(Webhook.id == webhook_id).first() if 0 < webhook_id < 2**62 else None
    if hook is None:
        return error(404, "webhook introuvable")
    hook.active = False
    hook.save()
    return "", 204
