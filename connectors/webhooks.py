"""Webhooks of the editors' API: tell an invoicing software when its documents change state.

Each state change of a document creates one delivery per matching webhook of its
company, sent by the queue task ``guichet.webhooks.deliver``: a JSON POST signed
with HMAC-SHA256 (``X-Guichet-Signature: sha256=<hex>`` over
``<X-Guichet-Timestamp>.<body>``), retried with back-off (30 s, 1 min, 2 min... up
to :data:`MAX_ATTEMPTS`) until the endpoint answers 2xx.

Targets are public addresses only (:mod:`guichet.core.access.outbound`): checked when
the webhook is created and again at each delivery, on the address actually connected to.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.access import outbound
from guichet.core.errors import OutboundRefused
from guichet.core.model.states import STATE_LABELS, State
from guichet.core.ops.task_declarations import task

if TYPE_CHECKING:
    from guichet.core.model.models import Document
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_DELAY = 30  # seconds, doubled after each failure
TIMEOUT = 10
EVENT = "document.state_changed"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def payload_for(document: Document, old: str, new: str) -> dict[str, Any]:
    """What a webhook receives about a state change."""
    return {
        "event": EVENT, "document_id": document.id, "company_siren": document.company.siren,
        "previous_state": old, "state": new, "state_label": STATE_LABELS.get(State(new), new),
        "reason": document.reason, "filename": document.filename,
    }


@hookimpl
def document_state_changed(document: Document, old: str, new: str) -> None:
    """Queue one delivery per active webhook of the company that wants this state."""
    from guichet.core.model.api_models import Webhook, WebhookDelivery
    from guichet.core.model.models import db

    hooks = list(Webhook.select().where((Webhook.company == document.company_id) & Webhook.active))
    for hook in hooks:
        if hook.events and new not in hook.events:
            continue
        with db.atomic():
            delivery = WebhookDelivery.create(webhook=hook, document_id=document.id, event=EVENT,
                                              payload=payload_for(document, old, new))
        deliver_task(delivery.id)


#: The event of a lifecycle status of the e-invoicing network (received, sent or refused).
NETWORK_EVENT = "document.network_status"


@hookimpl
def network_status_recorded(document: Document, code: str, reason: str | None, origin: str, delivery: str) -> None:
    """Queue one delivery per active webhook of the company that wants network statuses.

    A webhook wants them when its ``events`` list is empty, holds ``"network"`` or the code
    (``"network.207"``). A status decided here is told once, when sent (not while pending).
    """
    if delivery == "pending":
        return
    from guichet.core.model import lifecycle
    from guichet.core.model.api_models import Webhook, WebhookDelivery
    from guichet.core.model.models import db

    payload = {"event": NETWORK_EVENT, "document_id": document.id, "company_siren": document.company.siren,
               "code": code, "label": lifecycle.label(code), "reason": reason, "origin": origin,
               "delivery": delivery, "filename": document.filename}
    for hook in Webhook.select().where((Webhook.company == document.company_id) & Webhook.active):
        if hook.events and not {"network", f"network.{code}"} & set(hook.events):
            continue
        with db.atomic():
            row = WebhookDelivery.create(webhook=hook, document_id=document.id, event=NETWORK_EVENT, payload=payload)
        deliver_task(row.id)


#: The event of invoices handed over to the firm (export, folder sync, marked imported by its software).
EXPORTED_EVENT = "documents.exported"


@hookimpl
def documents_exported(company: Any, document_ids: list[int], target: str) -> None:
    """Queue one delivery per active webhook of the company that asked for « exported » explicitly."""
    from guichet.core.model.api_models import Webhook, WebhookDelivery
    from guichet.core.model.models import db

    payload = {"event": EXPORTED_EVENT, "company_siren": company.siren, "document_ids": list(document_ids),
               "target": target}
    for hook in Webhook.select().where((Webhook.company == company.id) & Webhook.active):
        if "exported" not in (hook.events or []):
            continue
        with db.atomic():
            row = WebhookDelivery.create(webhook=hook, document_id=document_ids[0], event=EXPORTED_EVENT, payload=payload)
        deliver_task(row.id)


def deliver(rt: Runtime, delivery_id: int) -> str:
    """Send one delivery now; returns its status (``delivered``, ``pending`` for a retry, ``failed``)."""
    from guichet.core.model.api_models import WebhookDelivery, webhook_secret
    from guichet.core.model.models import utcnow

    import requests  # here, not at import: loading the plugins must stay light (command-line start-up)

    delivery = WebhookDelivery.get_by_id(delivery_id)
    if delivery.status != "pending":
        return delivery.status
    hook = delivery.webhook
    body = json.dumps({**delivery.payload, "delivery_id": delivery.id}, ensure_ascii=False).encode("utf-8")
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": "Guichet-Webhook/1",
               "X-Guichet-Event": delivery.event, "X-Guichet-Delivery": str(delivery.id),
               "X-Guichet-Timestamp": timestamp,
               "X-Guichet-Signature": sign(webhook_secret(rt.settings, hook), timestamp, body)}
    delivery.attempts += 1
    try:
        with outbound.http_session(rt.settings) as session:
            response = session.post(hook.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False)
        ok = 200 <= response.status_code < 300
        error = None if ok else f"réponse {response.status_code}"
    except OutboundRefused as exc:
        ok, error = False, str(exc)[:500]
        log.warning("webhook %s: %s", hook.id, exc)
    except requests.RequestException as exc:
        ok, error = False, f"{type(exc).__name__}: {exc}"[:500]
    if ok:
        delivery.status, delivery.delivered_at, delivery.last_error = "delivered", utcnow(), None
    else:
        delivery.last_error = error
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = "failed"
    delivery.save()
    if delivery.status == "pending":
        deliver_task.schedule((delivery.id,), delay=FIRST_DELAY * 2 ** (delivery.attempts - 1))
    return delivery.status


@task(name="guichet.webhooks.deliver", runtime=True)
def deliver_task(rt: Runtime, delivery_id: int) -> str:
    """Queue task: send one webhook delivery (re-queued with back-off on failure)."""
    with rt.database.connection_context():
        return deliver(rt, delivery_id)
