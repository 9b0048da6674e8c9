"""The public payment page of a sales invoice (no login): ``/payer/<token>``.

The token is the only key: an unknown, tampered, revoked or expired one gets the same
French page (HTTP 404) that reveals nothing else. A valid one shows the invoice, the
amount still due, the transfer details with the RF reference and the EPC QR code, and a
card payment when a provider is configured. ``/payer/notification/<provider>`` receives
the provider's signed notifications (no session, no CSRF: the signature is the check).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, redirect, render_template, request

from guichet.core.sales import cards, payment_links
from guichet.web.app import current_runtime

bp = Blueprint("pay", __name__, template_folder="templates")


@bp.record_once
def _exempt(state: Any) -> None:
    """No session here: the token (page) or the provider's signature (notification) is the check."""
    csrf = state.app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)


def _invalid() -> tuple[str, int]:
    return render_template("sales/pay_invalid.html"), 404


@bp.get("/payer/<token>")
def page(token: str) -> Any:
    """The payment page."""
    link = payment_links.resolve(token)
    if link is None:
        return _invalid()
    payment_links.opened(link)
    content = payment_links.page(link)
    qr = None
    if content.epc_payload:
        from guichet.core.access.two_factor import qr_svg

        qr = qr_svg(content.epc_payload)
    providers = [] if content.paid else cards.available(current_runtime())
    return render_template("sales/pay.html", page=content, qr=qr, token=token, providers=providers,
                           card=request.args.get("carte", ""))


@bp.post("/payer/<token>/carte")
def card(token: str) -> Any:
    """Start a card payment: a checkout at the provider, then the payer goes there."""
    link = payment_links.resolve(token)
    if link is None:
        return _invalid()
    rt = current_runtime()
    available = cards.available(rt)
    if not available:
        abort(404)
    page_url = payment_links.url(rt.settings, token) or request.base_url.rsplit("/carte", 1)[0]
    try:
        target = cards.start(rt, link, available[0], page_url=page_url)
    except cards.ProviderError as exc:
        content = payment_links.page(link)
        return render_template("sales/pay.html", page=content, qr=None, token=token, providers=[],
                               card="", error=str(exc)), 503
    return redirect(target, code=303)


@bp.post("/payer/notification/<provider>")
def notification(provider: str) -> Any:
    """A provider's signed notification: settles the invoice once."""
    rt = current_runtime()
    found = cards.providers(rt.pm).get(provider)
    if found is None or not found.configured(rt.settings):
        return jsonify(error="prestataire inconnu"), 404
    body = request.get_data(cache=False)[:1_000_000]
    try:
        note = found.read_notification(rt, request.headers, body)
    except cards.NotificationRefused as exc:
        return jsonify(error=str(exc)), 400
    paid = cards.record(rt, provider, note) if note is not None else False
    return jsonify(received=True, paid=paid)
