"""Card payments by Stripe Checkout (a payment provider of core/sales/cards.py).

Stripe's public HTTP API (docs.stripe.com/api/checkout/sessions):

- ``POST {api}/v1/checkout/sessions`` (form-encoded, ``Authorization: Bearer <secret key>``,
  ``Idempotency-Key``) with ``mode=payment``, ``line_items[0][price_data][currency|unit_amount|
  product_data][name]``, ``line_items[0][quantity]``, ``success_url``, ``cancel_url``,
  ``client_reference_id`` and ``metadata[...]`` → ``{"id": "cs_...", "url": "https://checkout.stripe.com/..."}``;
  errors are 4xx/5xx with ``{"error": {"type", "code", "message"}}``.
- Notifications: Stripe POSTs an event to the webhook endpoint with the header
  ``Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256(webhook secret, "<t>.<raw body>")>``;
  an event older than 5 minutes is refused (replay). ``checkout.session.completed`` with
  ``data.object.payment_status == "paid"`` (and ``checkout.session.async_payment_succeeded``)
  carries ``id``, ``amount_total`` (cents) and ``currency``.

Keys come from the environment (``GUICHET_DISTRIBUTION_STRIPE_SECRET_KEY``,
``GUICHET_DISTRIBUTION_STRIPE_WEBHOOK_SECRET``), never from a file of the repository. The
API address is the instance's (``[distribution] stripe_api_url``): firm configuration, not a client's.
The signature is checked by hand (HMAC from the standard library) rather than with the
``stripe`` package: it is three lines, and the package would pull a large client for them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.sales.cards import Checkout, Notification, NotificationRefused, PaymentProvider, ProviderError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from guichet.core.ops.runtime import Runtime
    from guichet.core.sales.cards import CheckoutRequest
    from guichet.core.settings import Settings

#: Seconds a notification's signature stays acceptable (Stripe's libraries default to 300).
TOLERANCE = 300
PAID_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
#: Currencies whose amounts Stripe counts in the main unit, not in cents (none is used for invoices in euros).
ZERO_DECIMAL = frozenset({"jpy", "krw", "vnd", "clp", "pyg", "xaf", "xof"})


def _cents(amount: Decimal, currency: str) -> int:
    return int(amount if currency.lower() in ZERO_DECIMAL else (amount * 100).to_integral_exact())


def _amount(cents: int, currency: str) -> Decimal:
    return Decimal(cents) if currency.lower() in ZERO_DECIMAL else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``v1`` signature of ``body`` at ``timestamp`` (what Stripe computes)."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


class StripeProvider(PaymentProvider):
    """Stripe Checkout."""

    id = "stripe"
    label = "Carte bancaire (Stripe)"

    def configured(self, settings: Settings) -> bool:
        """True when the secret key and the webhook secret are set."""
        return bool(settings.get("distribution.stripe_secret_key")) and bool(
            settings.get("distribution.stripe_webhook_secret"))

    def create_checkout(self, rt: Runtime, request: CheckoutRequest) -> Checkout:
        """``POST /v1/checkout/sessions``; a refusal or an outage is a :class:`ProviderError`."""
        import requests

        settings = rt.settings
        base = (settings.get("distribution.stripe_api_url") or "https://api.stripe.com").rstrip("/")
        currency = request.currency.lower()
        form = {
            "mode": "payment", "success_url": request.success_url, "cancel_url": request.cancel_url,
            "client_reference_id": request.reference, "payment_method_types[0]": "card",
            "line_items[0][quantity]": "1",
            "line_items[0][price_data][currency]": currency,
            "line_items[0][price_data][unit_amount]": str(_cents(request.amount, currency)),
            "line_items[0][price_data][product_data][name]": request.description,
            "metadata[reference]": request.reference,
        }
        try:
            response = requests.post(f"{base}/v1/checkout/sessions", data=form, timeout=20,
                                     headers={"Authorization": f"Bearer {settings.get('distribution.stripe_secret_key')}",
                                              "Idempotency-Key": request.idempotency_key})
        except requests.RequestException as exc:
            msg = f"le prestataire de paiement ne répond pas : {type(exc).__name__}"
            raise ProviderError(msg) from None
        body = _json(response)
        if response.status_code != 200 or not body.get("id") or not body.get("url"):
            error = body.get("error") or {}
            msg = f"le prestataire de paiement refuse le paiement ({response.status_code}) : {error.get('message') or 'réponse inattendue'}"
            raise ProviderError(msg)
        return Checkout(id=str(body["id"]), url=str(body["url"]))

    def read_notification(self, rt: Runtime, headers: Mapping[str, str], body: bytes) -> Notification | None:
        """Check ``Stripe-Signature`` (any ``v1`` may match; at most :data:`TOLERANCE` seconds old) and read the event."""
        secret = rt.settings.get("distribution.stripe_webhook_secret") or ""
        header = headers.get("Stripe-Signature") or ""
        parts: dict[str, list[str]] = {}
        for item in header.split(","):
            key, _, value = item.strip().partition("=")
            parts.setdefault(key, []).append(value)
        try:
            timestamp = int(parts.get("t", [""])[0])
        except ValueError:
            raise NotificationRefused("signature absente ou illisible") from None
        if not secret or abs(time.time() - timestamp) > TOLERANCE:
            raise NotificationRefused("signature trop ancienne ou secret non configuré")
        expected = signature(secret, timestamp, body)
        if not any(hmac.compare_digest(expected, given) for given in parts.get("v1", [])):
            raise NotificationRefused("signature invalide")
        try:
            event = json.loads(body)
            kind = event["type"]
            session = event["data"]["object"]
        except (ValueError, KeyError, TypeError):
            raise NotificationRefused("notification illisible") from None
        if kind not in PAID_EVENTS:
            return None
        currency = str(session.get("currency") or "eur")
        return Notification(event_id=str(event.get("id") or ""), checkout_id=str(session.get("id") or ""),
                            paid=session.get("payment_status") == "paid",
                            amount=_amount(int(session.get("amount_total") or 0), currency),
                            currency=currency.upper())


def _json(response: Any) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@hookimpl
def register_payment_providers() -> list[PaymentProvider]:
    """Stripe Checkout."""
    return [StripeProvider()]
