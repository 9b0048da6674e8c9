"""The payment page of a sales invoice: its unguessable link, and what the page shows.

:func:`create` makes a link for an invoice (a 256-bit random token, only its SHA-256
stored, valid ``[distribution] link_days`` days); the e-mail carries
``<web.public_url>/payer/<token>``. :func:`resolve` finds the link of a token: an
unknown, tampered, revoked or expired token gives None and the page reveals nothing.

:func:`page` gathers what the page shows: the company, the invoice's number and dates,
the amount still due (the open item), the transfer details with the structured creditor
reference (ISO 11649 RF, made by :func:`guichet.core.model.identifiers.creditor_reference`
and matched back by the reconciliation of bank lines) and the EPC QR code payload
(EPC069-12 version 002) for banking apps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from guichet.core.model.models import Company, Document, Invoice, db, utcnow
from guichet.core.model.payment_models import BankAccount, ItemState, OpenItem
from guichet.core.model.sales_models import DeliveryState, PaymentLink
from guichet.core.sales import deliveries

if TYPE_CHECKING:
    from guichet.core.settings import Settings

#: Days a link stays valid when ``[distribution] link_days`` is not set.
DEFAULT_DAYS = 90
#: The page's path under the instance's public address.
PATH = "/payer/"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def create(settings: Settings, document: Document) -> str:
    """A new link for ``document`` (call in a transaction); returns the clear token (never stored)."""
    days = int(settings.get("distribution.link_days", DEFAULT_DAYS) or DEFAULT_DAYS)
    token = secrets.token_urlsafe(32)
    PaymentLink.create(document=document.id, company=document.company_id, token_hash=_hash(token),
                       expires_at=utcnow() + dt.timedelta(days=days))
    return token


def url(settings: Settings, token: str) -> str | None:
    """The link's full address, or None when ``[web] public_url`` is not set (no link can be given)."""
    base = (settings.get("web.public_url") or "").rstrip("/")
    return f"{base}{PATH}{token}" if base else None


def resolve(token: str) -> PaymentLink | None:
    """The live link of ``token``; None when unknown, tampered, revoked or expired (the page says only that)."""
    if not token or len(token) > 100:
        return None
    link = PaymentLink.get_or_none(PaymentLink.token_hash == _hash(token))
    if link is None or not hmac.compare_digest(link.token_hash, _hash(token)):
        return None
    if link.revoked_at is not None or link.expires_at <= utcnow():
        return None
    return link


def opened(link: PaymentLink) -> None:
    """Record the first opening of the page: the delivery becomes "ouverte"."""
    if link.opened_at is not None:
        return
    with db.atomic():
        changed = (PaymentLink.update(opened_at=utcnow())
                   .where((PaymentLink.id == link.id) & PaymentLink.opened_at.is_null()).execute())
    if changed:
        deliveries.mark_document(link.document_id, DeliveryState.OPENED, reason="page de paiement consultée")


@dataclass(frozen=True)
class Page:
    """What the payment page shows."""

    company: str
    number: str
    issue_date: dt.date | None
    due_date: dt.date | None
    amount: Decimal
    outstanding: Decimal
    currency: str
    paid: bool
    iban: str | None
    bic: str | None
    beneficiary: str
    reference: str | None
    epc_payload: str | None


def epc_payload(*, bic: str | None, name: str, iban: str, amount: Decimal, reference: str | None,
                text: str = "") -> str | None:
    """The EPC069-12 (version 002) QR payload of a SEPA transfer; None when it cannot be made.

    Lines: BCD, 002, 1 (UTF-8), SCT, BIC (optional), name (≤70), IBAN, EUR+amount
    (0.01 to 999999999.99), purpose (empty), RF reference or, without one, the text (≤140).
    At most 331 bytes.
    """
    if not iban or amount <= 0 or amount > Decimal("999999999.99"):
        return None
    lines = ["BCD", "002", "1", "SCT", bic or "", name[:70], iban, f"EUR{amount:.2f}", "",
             reference or "", "" if reference else text[:140]]
    payload = "\n".join(lines).rstrip("\n")
    return payload if len(payload.encode("utf-8")) <= 331 else None


def page(link: PaymentLink) -> Page:
    """The content of the payment page of ``link``'s invoice."""
    document = Document.get_by_id(link.document_id)
    company = Company.get_by_id(link.company_id)
    invoice = Invoice.get_or_none(Invoice.document == document.id)
    item = OpenItem.get_or_none(OpenItem.document == document.id)
    account = (BankAccount.select().where(BankAccount.company == company.id)
               .order_by(BankAccount.is_default.desc(), BankAccount.id).first())
    iban = account.iban if account else (item.iban if item else None)
    bic = account.bic if account else None
    amount = item.amount if item else (invoice.amount_due or invoice.total_with_tax or Decimal(0))
    outstanding = item.outstanding if item else amount
    number = (invoice.number if invoice else None) or str(document.id)
    reference = item.reference if item else None
    paid = item is not None and item.state == ItemState.PAID
    name = (account.holder_name if account and account.holder_name else company.name)
    return Page(company=company.name, number=number, issue_date=invoice.issue_date if invoice else None,
                due_date=item.due_date if item else (invoice.due_date if invoice else None), amount=amount,
                outstanding=outstanding, currency=item.currency if item else (invoice.currency or "EUR"),
                paid=paid, iban=iban, bic=bic, beneficiary=name, reference=reference,
                epc_payload=None if paid else epc_payload(bic=bic, name=name, iban=iban or "",
                                                          amount=outstanding, reference=reference,
                                                          text=f"Facture {number}"))
