"""Card payments from the payment page, through a payment-provider plugin.

A provider is an object returned by a plugin's ``register_payment_providers`` hook (its
contract in :mod:`guichet.core.hookspecs`), subclassing :class:`PaymentProvider`:

- ``id`` (stable, stored in ``CardPayment.provider``), ``label`` (French);
- ``configured(settings)``: True when its keys are set (else the page offers no card);
- ``create_checkout(rt, request)``: create a hosted checkout at the provider for a
  :class:`CheckoutRequest`, return a :class:`Checkout` (its id and the URL to send the
  payer to). Raise :class:`ProviderError` (French) when the provider refuses or cannot
  be reached;
- ``read_notification(rt, headers, body)``: check the signature of a notification the
  provider POSTed and read it: a :class:`Notification`, or None for an event that is not
  about a payment. Raise :class:`NotificationRefused` for a bad or stale signature.

:func:`start` makes the checkout for a payment link; :func:`record` settles the invoice
from a notification, once: a second notification of the same checkout changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from guichet.core.errors import GuichetError
from guichet.core.model import events
from guichet.core.model.models import Invoice, db, paris_today, utcnow
from guichet.core.model.payment_models import OpenItem
from guichet.core.model.sales_models import CardPayment
from guichet.core.money import settlements

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pluggy

    from guichet.core.model.sales_models import PaymentLink
    from guichet.core.ops.runtime import Runtime
    from guichet.core.settings import Settings

log = logging.getLogger(__name__)


class ProviderError(GuichetError):
    """The provider refused the checkout or could not be reached (French message)."""


class NotificationRefused(GuichetError):
    """A notification whose signature is missing, wrong or too old (French message)."""


@dataclass(frozen=True)
class CheckoutRequest:
    """What a checkout is created for."""

    reference: str  # the RF creditor reference (or the document id): the provider's client reference
    amount: Decimal
    currency: str
    description: str  # "Facture FV-1 — Société A"
    success_url: str
    cancel_url: str
    idempotency_key: str  # the same request twice makes one checkout at the provider


@dataclass(frozen=True)
class Checkout:
    """A checkout created at the provider."""

    id: str
    url: str


@dataclass(frozen=True)
class Notification:
    """A signed notification read from the provider."""

    event_id: str
    checkout_id: str
    paid: bool
    amount: Decimal
    currency: str


class PaymentProvider:
    """Base class of a payment provider (see the module's docstring for the contract)."""

    id: str = ""
    label: str = ""

    def configured(self, settings: Settings) -> bool:
        """True when the provider's keys are configured."""
        raise NotImplementedError

    def create_checkout(self, rt: Runtime, request: CheckoutRequest) -> Checkout:
        """Create a hosted checkout at the provider."""
        raise NotImplementedError

    def read_notification(self, rt: Runtime, headers: Mapping[str, str], body: bytes) -> Notification | None:
        """Check and read a notification; None for an event about something else."""
        raise NotImplementedError


def providers(pm: pluggy.PluginManager) -> dict[str, PaymentProvider]:
    """The registered providers by id."""
    found: dict[str, PaymentProvider] = {}
    for result in pm.hook.register_payment_providers():
        for provider in result or []:
            if isinstance(provider, PaymentProvider) and provider.id and provider.id not in found:
                found[provider.id] = provider
    return found


def available(rt: Runtime) -> list[PaymentProvider]:
    """The configured providers (the page offers a card payment through the first one)."""
    return [p for p in providers(rt.pm).values() if p.configured(rt.settings)]


def start(rt: Runtime, link: PaymentLink, provider: PaymentProvider, *, page_url: str) -> str:
    """Create (or find again) the checkout of ``link``'s invoice for what is still due; the URL to go to."""
    item = OpenItem.get_or_none(OpenItem.document == link.document_id)
    if item is None or item.outstanding <= 0:
        msg = "cette facture n'a plus rien à payer"
        raise ProviderError(msg)
    invoice = Invoice.get_or_none(Invoice.document == link.document_id)
    number = (invoice.number if invoice else None) or str(link.document_id)
    request = CheckoutRequest(
        reference=item.reference or f"doc-{link.document_id}", amount=item.outstanding, currency=item.currency,
        description=f"Facture {number} — {item.company.name}"[:200],
        success_url=f"{page_url}?carte=ok", cancel_url=f"{page_url}?carte=abandon",
        idempotency_key=f"guichet-{link.id}-{item.id}-{item.outstanding}")
    checkout = provider.create_checkout(rt, request)
    with db.atomic():
        if not CardPayment.select().where((CardPayment.provider == provider.id)
                                          & (CardPayment.checkout_id == checkout.id)).exists():
            CardPayment.create(document=link.document_id, company=link.company_id, provider=provider.id,
                               checkout_id=checkout.id, amount=item.outstanding, currency=item.currency)
            events.record("payment.card_checkout", company_id=link.company_id, document_id=link.document_id,
                          data={"provider": provider.id, "checkout": checkout.id, "amount": str(item.outstanding)})
    return checkout.url


def record(rt: Runtime, provider_id: str, notification: Notification) -> bool:
    """Settle the invoice of a paid checkout, once; True when this notification paid it.

    An unknown checkout, one already paid, an unpaid status or an amount or currency
    that differs from the checkout's changes nothing (logged; the provider is answered 200
    so that it does not send the same notification again and again).
    """
    if not notification.paid:
        return False
    paid = None
    with db.atomic():
        row = CardPayment.get_or_none((CardPayment.provider == provider_id)
                                      & (CardPayment.checkout_id == notification.checkout_id))
        if row is None or row.state == "paid":
            return False
        if notification.amount != row.amount or notification.currency.upper() != row.currency.upper():
            log.warning("card payment %s: amount %s %s differs from the checkout's %s %s", row.id,
                        notification.amount, notification.currency, row.amount, row.currency)
            return False
        changed = (CardPayment.update(state="paid", event_id=notification.event_id, paid_at=utcnow())
                   .where((CardPayment.id == row.id) & (CardPayment.state == "open")).execute())
        if changed != 1:
            return False
        item = OpenItem.get(OpenItem.document == row.document_id)
        amount = min(row.amount, abs(item.outstanding))
        if amount > 0:
            _settlement, paid = settlements.settle(item, amount, paris_today(), settlements.PAYMENT,
                                                   reason=f"carte ({provider_id} {row.checkout_id})", automatic=True)
        events.record("payment.card", company_id=row.company_id, document_id=row.document_id,
                      data={"provider": provider_id, "checkout": row.checkout_id, "event": notification.event_id,
                            "amount": str(amount)})
    settlements.announce(rt.pm, [paid])
    return True


def as_json(row: CardPayment) -> dict[str, Any]:
    """A card payment for pages."""
    return {"provider": row.provider, "checkout": row.checkout_id, "amount": str(row.amount), "state": row.state}
