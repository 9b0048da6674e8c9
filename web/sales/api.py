"""The editors' API for the customer book: ``/api/v1/customers`` (bearer token of one company).

``customers:read`` lists and reads the company's customers; ``customers:write`` creates and
edits them (the EDI endpoint excepted: it names a host, firm staff only). Every query is
scoped to the token's company: another company's customer is a 404. ``documents:read`` also
reads where a sales invoice stands with its customer (``/documents/<id>/deliveries``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify
from werkzeug.exceptions import HTTPException

from guichet.core.model.models import Document
from guichet.core.model.sales_models import DELIVERY_LABELS, Customer, Delivery
from guichet.core.sales import channels, customers
from guichet.web.api import views as api

bp = Blueprint("sales_api", __name__)
bp.before_request(api._authenticate)  # noqa: SLF001 - the API's own bearer check, shared on purpose
bp.register_error_handler(HTTPException, api._http_error)  # noqa: SLF001 - JSON errors like the API's


@bp.record_once
def _exempt(state: Any) -> None:
    csrf = state.app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)


def _mine(raw: str) -> Customer | None:
    customer_id = api._path_id(raw)  # noqa: SLF001
    if customer_id is None:
        return None
    return customers.customers_of(g.api_token.company_id).where(Customer.id == customer_id).first()


@bp.get("/customers")
@api.needs("customers:read")
def list_customers() -> Any:
    """The token's company's customers, with what each channel lacks."""
    rt = api._rt()  # noqa: SLF001
    rows = list(customers.customers_of(g.api_token.company_id).limit(1000))
    return jsonify(customers=[customers.as_json(c, missing=channels.missing_by_channel(rt, c)) for c in rows])


@bp.get("/customers/<customer_id>")
@api.needs("customers:read")
def get_customer(customer_id: str) -> Any:
    """One customer of the token's company."""
    customer = _mine(customer_id)
    if customer is None:
        return api.error(404, "client introuvable")
    return jsonify(customers.as_json(customer, missing=channels.missing_by_channel(api._rt(), customer)))  # noqa: SLF001


def _fields() -> dict[str, Any] | tuple[Any, int]:
    body = api._json_body()  # noqa: SLF001
    if isinstance(body, tuple):
        return body
    if not isinstance(body, dict):
        return api.error(400, "un objet JSON est attendu")
    try:
        return customers.clean(body, channels=channels.labels(api._rt().pm), settings=api._rt().settings)  # noqa: SLF001
    except customers.CustomerRefused as exc:
        return api.error(422, str(exc))


@bp.post("/customers")
@api.needs("customers:write")
def post_customer() -> Any:
    """Create a customer of the token's company."""
    fields = _fields()
    if isinstance(fields, tuple):
        return fields
    from guichet.core.model.models import Company

    try:
        customer = customers.create(Company.get_by_id(g.api_token.company_id), fields, source="api")
    except customers.CustomerRefused as exc:
        return api.error(422, str(exc))
    return jsonify(customers.as_json(customer)), 201


@bp.patch("/customers/<customer_id>")
@api.needs("customers:write")
def patch_customer(customer_id: str) -> Any:
    """Change some fields of a customer of the token's company; waiting deliveries are tried again."""
    customer = _mine(customer_id)
    if customer is None:
        return api.error(404, "client introuvable")
    fields = _fields()
    if isinstance(fields, tuple):
        return fields
    customers.update(customer, fields, source="api")
    from guichet.core.sales import deliveries

    deliveries.reopen_for(api._rt(), customer)  # noqa: SLF001
    return jsonify(customers.as_json(customer))


@bp.get("/documents/<document_id>/deliveries")
@api.needs("documents:read")
def get_document_deliveries(document_id: str) -> Any:
    """Where a sales invoice of the token's company stands with its customer: each delivery, oldest first."""
    number = api._path_id(document_id)  # noqa: SLF001
    document = number and Document.get_or_none((Document.id == number) & (Document.company == g.api_token.company_id))
    if not document:
        return api.error(404, "document introuvable")
    labels = channels.labels(api._rt().pm)  # noqa: SLF001
    rows = Delivery.select().where(Delivery.document == document.id).order_by(Delivery.id)
    return jsonify(document_id=document.id, deliveries=[{
        "id": d.id, "customer_id": d.customer_id, "channel": d.channel, "channel_label": labels.get(d.channel),
        "state": d.state, "state_label": DELIVERY_LABELS.get(d.state, d.state), "reason": d.reason,
        "attempts": d.attempts, "sent_at": d.sent_at.isoformat() + "Z" if d.sent_at else None} for d in rows])
