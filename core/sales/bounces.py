"""Bounces: a delivery status notification (DSN, RFC 3464) about an invoice's e-mail, shown on its delivery.

A DSN is a ``multipart/report; report-type=delivery-status`` message: a human part, a
``message/delivery-status`` part (per recipient: ``Final-Recipient``, ``Action``, ``Status``,
``Diagnostic-Code``) and the original message or its headers (``message/rfc822`` or
``text/rfc822-headers``), whose Message-ID names the delivery
(``<facture.<delivery id>.<document fingerprint>@...>``, connectors/delivery_email.py).
:func:`read` finds that; :func:`record` makes the delivery "en erreur" with the reason, marks
the e-mail channel refused for this invoice and runs the ``distribute`` stage again, so that
the next usable channel (or "à compléter") takes over. Delays (``Action: delayed``) and
successes change nothing. Read with the standard library's ``email`` package.

DSNs reach :func:`record` from a mailbox (the IMAP connector hands every delivery report it
finds, :func:`is_report`, to the connector runner, which calls :func:`receive`) or from the
command ``guichet distribution bounces FILE.eml``.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from guichet.core.model.models import Document, db
from guichet.core.model.sales_models import Delivery, DeliveryState
from guichet.core.model.states import Progress
from guichet.core.pipeline import followups
from guichet.core.sales import deliveries

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

_OUR_ID = re.compile(r"<facture\.(\d+)\.([0-9a-f]{16})@[^>]+>")


@dataclass(frozen=True)
class Bounce:
    """A failed delivery reported by a DSN."""

    delivery_id: int
    fingerprint: str
    recipient: str
    status: str
    diagnostic: str


def _fields(text: str) -> list[dict[str, str]]:
    """The per-message and per-recipient field groups of a delivery-status body."""
    groups, current = [], {}
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            if current:
                groups.append(current)
                current = {}
            continue
        if line[:1] in " \t" and current:
            last = next(reversed(current))
            current[last] += " " + line.strip()
            continue
        name, _, value = line.partition(":")
        current[name.strip().lower()] = value.strip()
    if current:
        groups.append(current)
    return groups


def is_report(data: bytes) -> bool:
    """True for a delivery status notification (``multipart/report; report-type=delivery-status``)."""
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    message = email.message_from_bytes(head + b"\r\n\r\n", policy=email.policy.compat32)
    return (message.get_content_type() == "multipart/report"
            and str(message.get_param("report-type") or "").lower() == "delivery-status")


def read(data: bytes) -> Bounce | None:
    """The failure a DSN reports about one of our invoice e-mails; None for anything else."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report":
        return None
    status_text, original_id = "", None
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            payload = part.get_payload()
            if isinstance(payload, list):  # compat32 parses the groups as messages
                status_text = "\n\n".join(str(p).strip() for p in payload)
            else:
                status_text = payload or ""
        elif kind in ("message/rfc822", "message/rfc822-headers", "text/rfc822-headers") and original_id is None:
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            headers = inner.get("Message-ID", "") if inner is not None else str(payload)
            found = _OUR_ID.search(headers or "")
            original_id = found
    if original_id is None:
        return None
    for group in _fields(status_text):
        if group.get("action", "").lower() == "failed":
            recipient = group.get("final-recipient", group.get("original-recipient", "")).partition(";")[2].strip()
            return Bounce(int(original_id.group(1)), original_id.group(2), recipient,
                          group.get("status", ""), group.get("diagnostic-code", "").partition(";")[2].strip())
    return None


def receive(rt: Runtime, data: bytes, *, company_id: int | None = None) -> Delivery | None:
    """A DSN read from a mailbox: recorded when it reports a failure of one of our invoice e-mails.

    ``company_id``: the mailbox's company, when it has one; a DSN about another company's
    delivery is then ignored (one company's mailbox never changes another's deliveries).
    """
    found = read(data)
    return record(rt, found, company_id=company_id) if found is not None else None


def record(rt: Runtime, bounce: Bounce, *, company_id: int | None = None) -> Delivery | None:
    """Put the failure on its delivery and run the distribution again; the delivery, or None when unknown."""
    delivery = Delivery.get_or_none((Delivery.id == bounce.delivery_id) & (Delivery.channel == "email"))
    if delivery is None or (company_id is not None and delivery.company_id != company_id):
        return None
    document = Document.get_by_id(delivery.document_id)
    if document.sha256[:16] != bounce.fingerprint:
        return None  # a forged or foreign notification: the fingerprint does not match
    reason = f"courriel refusé pour {bounce.recipient} ({bounce.status}) : {bounce.diagnostic or 'sans détail'}"
    with db.atomic():
        if not deliveries.set_state(delivery, DeliveryState.ERROR, reason=reason,
                                    data={"refused": True, "bounce": bounce.status}, force=delivery.state != DeliveryState.PAID):
            return delivery
    if followups.settle(rt, document.id, deliveries.STAGE, Progress.PENDING, reason="courriel refusé, autre canal"):
        try:
            rt.enqueue(document.id, document.state)
        except Exception:  # noqa: BLE001 - committed: the worker's periodic resume picks it up
            deliveries.log.warning("document %s: distribution not queued after a bounce", document.id)
    return delivery
