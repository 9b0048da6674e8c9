"""Stand-in of Stripe's Checkout Sessions API and its signed webhooks, as published (docs.stripe.com).

``POST /v1/checkout/sessions`` (form-encoded, ``Authorization: Bearer sk_test_...``) → 200
``{"id": "cs_test_...", "object": "checkout.session", "url": "https://checkout.stripe.com/c/pay/cs_test_...",
"amount_total", "currency", "client_reference_id", "payment_status": "unpaid", "status": "open"}``.
A wrong key → 401 ``{"error": {"type": "invalid_request_error", "message": "Invalid API Key provided..."}}``;
a missing parameter → 400 ``{"error": {"type": "invalid_request_error", "code": "parameter_missing", "param"}}``;
the same ``Idempotency-Key`` → the same session. :meth:`StripeStandIn.event` builds the
``checkout.session.completed`` event and its ``Stripe-Signature`` header as Stripe signs them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from standins.base import StandIn, send_json

SECRET_KEY = "sk_test_guichet"
WEBHOOK_SECRET = "whsec_guichet_test"


class StripeHandler(BaseHTTPRequestHandler):
    standin: StripeStandIn

    def do_POST(self) -> None:
        s = self.standin
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        s.requests.append({"path": self.path, "form": form, "headers": dict(self.headers)})
        if self.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
            send_json(self, 401, {"error": {"type": "invalid_request_error",
                                            "message": "Invalid API Key provided: sk_***"}})
            return
        if self.path != "/v1/checkout/sessions":
            send_json(self, 404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})
            return
        for needed in ("mode", "success_url", "line_items[0][price_data][unit_amount]"):
            if needed not in form:
                send_json(self, 400, {"error": {"type": "invalid_request_error", "code": "parameter_missing",
                                                "param": needed, "message": f"Missing required param: {needed}."}})
                return
        key = self.headers.get("Idempotency-Key")
        if key and key in s.by_key:
            send_json(self, 200, s.sessions[s.by_key[key]])
            return
        session_id = "cs_test_" + secrets.token_hex(12)
        session = {"id": session_id, "object": "checkout.session", "mode": "payment",
                   "url": f"https://checkout.stripe.com/c/pay/{session_id}",
                   "amount_total": int(form["line_items[0][price_data][unit_amount]"]) * int(form.get("line_items[0][quantity]", "1")),
                   "currency": form.get("line_items[0][price_data][currency]", "eur"),
                   "client_reference_id": form.get("client_reference_id"), "payment_status": "unpaid",
                   "status": "open", "success_url": form["success_url"], "cancel_url": form.get("cancel_url")}
        s.sessions[session_id] = session
        if key:
            s.by_key[key] = session_id
        send_json(self, 200, session)


class StripeStandIn(StandIn):
    handler = StripeHandler

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[str, dict] = {}
        self.by_key: dict[str, str] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def event(self, session_id: str, *, kind: str = "checkout.session.completed", secret: str = WEBHOOK_SECRET,
              at: int | None = None, amount: int | None = None) -> tuple[bytes, dict[str, str]]:
        """The session paid: the event body and its ``Stripe-Signature`` header, signed as Stripe does."""
        session = {**self.sessions[session_id], "payment_status": "paid", "status": "complete"}
        if amount is not None:
            session["amount_total"] = amount
        body = json.dumps({"id": "evt_" + secrets.token_hex(8), "object": "event", "type": kind,
                           "data": {"object": session}}).encode()
        stamp = at if at is not None else int(time.time())
        signed = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
        return body, {"Stripe-Signature": f"t={stamp},v1={signed}", "Content-Type": "application/json"}
