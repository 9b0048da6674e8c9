"""Views of the editors' API. Every query is scoped to the company of the bearer token.

A token belongs to one company and one software (``guichet api-token create``);
it is the API's equivalent of :mod:`guichet.core.access.access` for a person.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from typing import IO, TYPE_CHECKING, Any

import peewee
from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from guichet.core.access import outbound
from guichet.core.errors import OutboundRefused
from guichet.core.ops import tasks
from guichet.core.pipeline import decisions, intake
from guichet.core.model.api_models import ApiToken, IdempotentRequest, Webhook, find_token, seal_secret
from guichet.core.model.models import Document, Finding, Invoice, db, utcnow
from guichet.core.model.states import STATE_LABELS, Channel, State
from guichet.web.api.openapi import spec

if TYPE_CHECKING:
    from collections.abc import Callable

    from flask import Response

    from guichet.core.ops.runtime import Runtime

bp = Blueprint("api", __name__)
log = logging.getLogger(__name__)
PUBLIC_ENDPOINTS = {"api.openapi", "api.post_network_callback"}
#: Largest JSON body (an invoice model, a webhook): bigger ones are refused with HTTP 413.
MAX_JSON_BYTES = 10 * 1024 * 1024


@bp.record_once
def _exempt_from_session_csrf(state: Any) -> None:
    """Bearer-token requests carry no session cookie: the form CSRF check does not apply."""
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
    from guichet.web.app import too_large_message

    messages = {413: too_large_message(), 404: "introuvable", 405: "méthode non permise", 400: "requête invalide"}
    return error(exc.code or 500, messages.get(exc.code or 0, exc.description or "erreur"))


@bp.before_request
def _authenticate() -> tuple[Response, int] | None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    token = find_token(value.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        response, status = error(401, "jeton d'accès absent, invalide ou révoqué (Authorization: Bearer …)")
        response.headers["WWW-Authenticate"] = 'Bearer realm="guichet"'
        return response, status
    ApiToken.update(last_used_at=utcnow()).where(ApiToken.id == token.id).execute()
    g.api_token = token
    return None


def needs(scope: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse (403) a token without ``scope``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if scope not in (g.api_token.scopes or []):
                return error(403, f"ce jeton n'a pas le droit « {scope} »")
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _int_arg(name: str, default: int, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if low <= value <= high else None


def _path_id(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 0 < int(raw) < 2**62 else None


def document_json(document: Document, *, duplicate: bool = False) -> dict[str, Any]:
    """The API view of a document: state, reason, invoice summary, findings."""
    invoice = Invoice.get_or_none(Invoice.document == document)
    return {
        "id": document.id, "state": document.state,
        "state_label": STATE_LABELS.get(State(document.state), document.state),
        "reason": document.reason, "filename": document.filename, "format": document.format,
        "sha256": document.sha256, "received_at": document.created_at.isoformat() + "Z",
        "duplicate": duplicate,
        "invoice": None if invoice is None else {
            "number": invoice.number, "issue_date": invoice.issue_date and invoice.issue_date.isoformat(),
            "currency": invoice.currency,
            "total_with_tax": None if invoice.total_with_tax is None else str(invoice.total_with_tax)},
        "findings": [{"code": f.code, "severity": f.severity, "message": f.message}
                     for f in Finding.select().where(Finding.document == document).order_by(Finding.id)],
    }


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI description (public)."""
    return jsonify(spec(request.script_root + (bp.url_prefix or "/api/v1")))


@bp.post("/documents")
@needs("documents:write")
def post_document() -> Any:
    """Receive a file (multipart ``file``) or an EN 16931 model (JSON); idempotent with a key.

    An uploaded file is spooled to disk by the request and copied in chunks into the
    blob store: never held whole in memory.
    """
    body = _payload()
    if isinstance(body, tuple) and len(body) == 2 and isinstance(body[1], int):
        return body
    data, filename = body
    token: ApiToken = g.api_token
    key = request.headers.get("Idempotency-Key", "").strip()[:200]
    digest = _request_hash(filename, data)
    if key:
        previous = IdempotentRequest.get_or_none((IdempotentRequest.token == token) & (IdempotentRequest.key == key))
        if previous is not None:
            if previous.request_hash != digest:
                return error(422, "clé d'idempotence déjà utilisée pour une autre requête")
            return jsonify(document_json(previous.document, duplicate=previous.status == 200)), previous.status
    rt = _rt()
    document, created = intake.receive(
        rt, token.company, data, filename, channel=str(Channel.API),
        context={"api_token_id": token.id, "software": token.software, "idempotency_key": key or None})
    status = 201 if created else 200
    if key:
        try:
            with db.atomic():
                IdempotentRequest.create(token=token, key=key, request_hash=digest, document=document, status=status)
        except peewee.IntegrityError:
            pass  # the same key raced us: the document is the same (same bytes)
    if created:
        tasks.submit(document.id, document.state)
    return jsonify(document_json(Document.get_by_id(document.id), duplicate=not created)), status


def _request_hash(filename: str, data: bytes | IO[bytes]) -> str:
    """SHA-256 of the file name and the content (a spooled file is read in chunks, then rewound)."""
    digest = hashlib.sha256(filename.encode() + b"\0")
    if isinstance(data, bytes):
        digest.update(data)
        return digest.hexdigest()
    start = data.tell()
    while chunk := data.read(1024 * 1024):
        digest.update(chunk)
    data.seek(start)
    return digest.hexdigest()


def _payload() -> tuple[bytes | IO[bytes], str] | tuple[Response, int]:
    """The file and its name, from a multipart upload or a JSON invoice model."""
    ctype = (request.mimetype or "").lower()
    if ctype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            return error(400, "champ « file » manquant")
        upload.stream.seek(0)
        return upload.stream, upload.filename
    if ctype == "application/json":
        model = _json_body()
        if isinstance(model, tuple):
            return model
        return _render_model(model)
    return error(400, "envoyez un fichier (multipart/form-data, champ « file ») ou un modèle JSON")


def _json_body() -> Any:
    """The parsed JSON body (never a tuple), or an error ``(response, status)``.

    At most :data:`MAX_JSON_BYTES`, nested at most :data:`~guichet.web.app.MAX_JSON_DEPTH` deep.
    """
    if (request.content_length or 0) > MAX_JSON_BYTES:
        return error(413, f"corps JSON trop volumineux : {MAX_JSON_BYTES // (1024 * 1024)} Mo au plus")
    raw = request.stream.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        return error(413, f"corps JSON trop volumineux : {MAX_JSON_BYTES // (1024 * 1024)} Mo au plus")
    try:
        return current_app.json.loads(raw or b"null")
    except ValueError as exc:
        reason = str(exc) if "imbriqué" in str(exc) else "JSON illisible"
        return error(400, reason)


def _render_model(model: Any) -> tuple[bytes, str] | tuple[Response, int]:
    from guichet.core.model.invoice import Invoice as InvoiceModel

    if not isinstance(model, dict) or not isinstance(model.get("number"), str) or not model["number"].strip():
        return error(422, "modèle de facture invalide : « number » (BT-1) est obligatoire")
    try:
        invoice = InvoiceModel.from_dict(model)
    except Exception as exc:  # noqa: BLE001 - any malformed field is the client's error
        return error(422, f"modèle de facture invalide : {type(exc).__name__}: {exc}"[:300])
    try:
        xml = _rt().pm.hook.write_invoice(invoice=invoice, syntax="cii", profile=None)
    except Exception as exc:  # noqa: BLE001
        return error(422, f"facture impossible à écrire en CII : {exc}"[:300])
    if not xml:
        return error(422, "aucune extension n'écrit le CII sur cette instance")
    return xml, f"{invoice.number.strip()}.xml"


@bp.get("/documents")
@needs("documents:read")
def get_documents() -> Any:
    """The company's documents, newest first, optionally in one state."""
    limit, offset = _int_arg("limit", 50, 1, 200), _int_arg("offset", 0, 0, 2**31)
    if limit is None or offset is None:
        return error(400, "limit (1 à 200) et offset (≥ 0) doivent être des entiers")
    query = Document.select().where(Document.company == g.api_token.company_id)
    state = request.args.get("state")
    if state is not None:
        if state not in {str(s) for s in State}:
            return error(400, f"état inconnu : {state}")
        query = query.where(Document.state == state)
    total = query.count()
    rows = query.order_by(Document.id.desc()).limit(limit).offset(offset)
    return jsonify(documents=[document_json(d) for d in rows], total=total)


@bp.get("/documents/<document_id>")
@needs("documents:read")
def get_document(document_id: str) -> Any:
    """One document of the company (404 for any other)."""
    number = _path_id(document_id)
    document = number and Document.get_or_none((Document.id == number) & (Document.company == g.api_token.company_id))
    if not document:
        return error(404, "document introuvable")
    return jsonify(document_json(document))


@bp.post("/documents/<document_id>/retry")
@needs("documents:write")
def post_document_retry(document_id: str) -> Any:
    """Run a rejected document of the company through the pipeline again (409 when it is not rejected)."""
    number = _path_id(document_id)
    document = number and Document.get_or_none((Document.id == number) & (Document.company == g.api_token.company_id))
    if not document:
        return error(404, "document introuvable")
    token: ApiToken = g.api_token
    try:
        decisions.retry(_rt(), None, document.id,
                        context={"origin": "api", "api_token_id": token.id, "software": token.software})
    except decisions.DecisionError as exc:
        return error(409, str(exc))
    return jsonify(document_json(Document.get_by_id(document.id)))


def _network_json(document: Document) -> dict[str, Any]:
    from guichet.core.model import lifecycle
    from guichet.core.model.network_models import NetworkDocument
    from guichet.core.network import statuses

    place = NetworkDocument.get_or_none(NetworkDocument.document == document.id)
    return {"document_id": document.id, "route": place.route if place else None,
            "flow_id": place.flow_id if place else None, "last_code": place.last_code if place else None,
            "statuses": [_status_json(s, lifecycle.label(s.code)) for s in statuses.history(document.id)]}


def _status_json(status: Any, label: str) -> dict[str, Any]:
    return {"code": status.code, "label": label, "reason": status.reason, "message": status.message,
            "origin": status.origin, "delivery": status.delivery,
            "at": (status.issued_at or status.created_at).isoformat()}


@bp.get("/documents/<document_id>/network")
@needs("documents:read")
def get_document_network(document_id: str) -> Any:
    """The e-invoicing network's statuses of a document of the company."""
    number = _path_id(document_id)
    document = number and Document.get_or_none((Document.id == number) & (Document.company == g.api_token.company_id))
    if not document:
        return error(404, "document introuvable")
    return jsonify(_network_json(document))


@bp.post("/documents/<document_id>/network/answer")
@needs("documents:write")
def post_document_network_answer(document_id: str) -> Any:
    """The company's answer, as buyer, to an invoice received through the network (decisions.answer_network_status)."""
    from guichet.core.model import lifecycle
    from guichet.core.model.network_models import NetworkStatus
    from guichet.core.network import sending

    number = _path_id(document_id)
    document = number and Document.get_or_none((Document.id == number) & (Document.company == g.api_token.company_id))
    if not document:
        return error(404, "document introuvable")
    body = _json_body()
    if isinstance(body, tuple):
        return body
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        return error(400, "corps JSON attendu : {\"code\": \"204\", \"reason\": ..., \"message\": ...}")
    reason, message = body.get("reason"), body.get("message")
    if not isinstance(reason, (str, type(None))) or not isinstance(message, (str, type(None))):
        return error(400, "« reason » et « message » sont des textes")
    token: ApiToken = g.api_token
    try:
        recorded = decisions.answer_network_status(
            _rt(), None, document.id, body["code"], reason=reason, message=message,
            context={"origin": "api", "api_token_id": token.id, "software": token.software})
    except decisions.DecisionError as exc:
        return error(409, str(exc))
    try:
        sending.send_status(_rt(), recorded)
    except Exception:  # the status is kept pending; the poll sends it
        log.warning("network status %s of document %s not sent yet", recorded.code, document.id, exc_info=True)
    return jsonify(_status_json(NetworkStatus.get_by_id(recorded.id), lifecycle.label(recorded.code)))


@bp.post("/network/callback/<token>")
def post_network_callback(token: str) -> Any:
    """A platform's webhook (XP Z12-013 §5.6, ``WebhookCallbackContent``): a flow arrived or changed.

    Not part of the editors' API: the platform calls it with the secret ``guichet network configure``
    printed. The body is never trusted: it only makes the company's flows be fetched now (the
    ``guichet.network.company`` task), through the authenticated API, as the minute poll would.
    """
    from guichet.core.network import accounts
    from guichet.core.ops import task_declarations

    account = accounts.account_for_callback(_rt(), token)
    if account is None:
        return error(404, "introuvable")
    body = _json_body()
    if isinstance(body, tuple):
        return body
    info = body.get("flowInfo") if isinstance(body, dict) else None
    if not isinstance(info, dict) or not isinstance(info.get("flowId"), str) or len(info["flowId"]) > 36:
        return error(400, "WebhookCallbackContent attendu : {\"flowInfo\": {\"flowId\": ...}}")
    poll = next((t for t in task_declarations.DECLARED if t.declared_name == "guichet.network.company"), None)
    if poll is None:
        return error(503, "le relevé du réseau n'est pas installé")
    poll(account.company_id)
    return "", 200


def _webhook_json(hook: Webhook, secret: str | None = None) -> dict[str, Any]:
    out = {"id": hook.id, "url": hook.url, "events": hook.events or []}
    if secret:
        out["secret"] = secret
    return out


@bp.get("/webhooks")
@needs("webhooks:manage")
def get_webhooks() -> Any:
    """The company's active webhooks made through this API (secrets are never shown again).

    Webhooks without a token are the firm's (``/api/v1/firm/webhooks``): never shown to an editor.
    """
    hooks = Webhook.select().where((Webhook.company == g.api_token.company_id) & Webhook.active
                                   & Webhook.token.is_null(False)).order_by(Webhook.id)
    return jsonify(webhooks=[_webhook_json(h) for h in hooks])


@bp.post("/webhooks")
@needs("webhooks:manage")
def post_webhook() -> Any:
    """Create a webhook; the HMAC secret is returned this once."""
    body = _json_body()
    if isinstance(body, tuple):
        return body
    if not isinstance(body, dict):
        return error(400, "corps JSON attendu : {\"url\": …, \"events\": […]}")
    url, wanted = body.get("url"), body.get("events") or []
    if not isinstance(url, str) or len(url) > 2000:
        return error(422, "url doit être une adresse http(s) complète")
    try:
        outbound.check_url(_rt().settings, url)  # internal addresses refused (checked again at delivery)
    except OutboundRefused as exc:
        return error(422, f"url : {exc}")
    states = {str(s) for s in State}
    if not isinstance(wanted, list) or not all(isinstance(e, str) and e in states for e in wanted):
        return error(422, f"events : liste d'états parmi {', '.join(sorted(states))}")
    secret = secrets.token_urlsafe(32)
    with db.atomic():
        hook = Webhook.create(company=g.api_token.company_id, token=g.api_token, url=url, events=sorted(set(wanted)),
                              secret=seal_secret(_rt().settings, secret))
    return jsonify(_webhook_json(hook, secret)), 201


@bp.delete("/webhooks/<webhook_id>")
@needs("webhooks:manage")
def delete_webhook(webhook_id: str) -> Any:
    """Deactivate a webhook of the company."""
    number = _path_id(webhook_id)
    hook = number and Webhook.get_or_none((Webhook.id == number) & (Webhook.company == g.api_token.company_id)
                                          & Webhook.active & Webhook.token.is_null(False))
    if not hook:
        return error(404, "webhook introuvable")
    hook.active = False
    hook.save()
    return "", 204
