"""Recording lifecycle statuses: one row per status, the document's last status, one event, one notification.

Every status goes through :func:`record`, whether the platform sent it (200 Déposée, 202
Reçue, 203 Mise à disposition, 213 Rejetée, or the buyer's 204-211 forwarded by the
platform), or a person decided it here (a buyer's answer, 212 Encaissée after a payment):
the :class:`~guichet.core.model.network_models.NetworkStatus` row, the document's
``NetworkDocument.last_code`` (which the payments work reads for "en litige") and the
event ``network.status`` are written in one transaction; once it committed every plugin
hears of it (``network_status_recorded``: webhooks, payments).

A status is recorded once: a second arrival of the same platform flow, or the same
decision sent twice (same ``tracking_id``), changes nothing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from peewee import IntegrityError

from guichet.core.model import events, lifecycle
from guichet.core.model.models import Document, db, utcnow
from guichet.core.model.network_models import Delivery, NetworkDocument, NetworkStatus, Route
from guichet.core.model.states import Direction
from guichet.core.plugins import hooks_for

if TYPE_CHECKING:
    import datetime as dt

    import pluggy

log = logging.getLogger(__name__)

#: The event kind of every recorded status.
STATUS_EVENT = "network.status"


def place_of(document: Document, *, route: str | None = None) -> NetworkDocument:
    """The document's ``NetworkDocument`` row, created when missing. Call inside a transaction."""
    row = NetworkDocument.get_or_none(NetworkDocument.document == document.id)
    if row is None:
        default = Route.NETWORK if document.direction == Direction.SALES else Route.RECEIVED
        try:
            with db.atomic():  # a savepoint: another process may create it at the same moment
                return NetworkDocument.create(document=document.id, company=document.company_id,
                                              route=route or default)
        except IntegrityError:
            row = NetworkDocument.get(NetworkDocument.document == document.id)
    if route and row.route != route:
        row.route = route
        row.save()
    return row


def record(
    pm: pluggy.PluginManager | None,
    document: Document,
    code: str,
    *,
    origin: str,
    delivery: str,
    reason: str | None = None,
    message: str | None = None,
    flow_id: str | None = None,
    tracking_id: str | None = None,
    blob_key: str | None = None,
    issued_at: dt.datetime | None = None,
    user_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> NetworkStatus | None:
    """Record one lifecycle status of ``document``; None when it was recorded before (same flow or tracking id).

    Runs in its own transaction (or the caller's); ``pm`` (None in set-up code) hears of it
    once the outermost transaction committed. ``pm`` may also be a hook relay (a plugin
    passes the ``hook`` it received: it holds no plugin manager).
    """
    with db.atomic():
        if tracking_id and NetworkStatus.select().where(NetworkStatus.tracking_id == tracking_id).exists():
            return None
        if flow_id and delivery == Delivery.RECEIVED and NetworkStatus.select().where(
                (NetworkStatus.document == document.id) & (NetworkStatus.flow_id == flow_id)
                & (NetworkStatus.code == code)).exists():
            return None
        place = place_of(document)
        status = NetworkStatus.create(
            document=document.id, company=document.company_id, code=code, reason=reason or None,
            message=(message or None) and message[:2000], origin=origin, delivery=delivery,
            tracking_id=tracking_id, flow_id=flow_id, blob_key=blob_key, issued_at=issued_at,
            user=user_id, data=data or {})
        _move_last(place, status)
        event = events.record(STATUS_EVENT, company_id=document.company_id, document_id=document.id,
                              user_id=user_id,
                              data={"code": code, "label": lifecycle.label(code), "reason": reason,
                                    "origin": origin, "delivery": delivery, "flow_id": flow_id,
                                    "tracking_id": tracking_id, **(data or {})})
        if pm is not None:
            events.when_committed(event, lambda: notify(pm, document, status))
    return status


def _move_last(place: NetworkDocument, status: NetworkStatus) -> None:
    """The status becomes the document's last one (a platform's 213 or a buyer's answer alike)."""
    place.last_code, place.last_reason = status.code, status.reason
    place.last_at = status.issued_at or status.created_at
    place.updated_at = utcnow()
    place.save()


def set_delivery(pm: pluggy.PluginManager | None, status: NetworkStatus, delivery: str, *,
                 flow_id: str | None = None, error: str | None = None, blob_key: str | None = None) -> None:
    """A status decided here was handed to the platform (``sent``) or refused by it for good (``refused``)."""
    with db.atomic():
        status.delivery = delivery
        status.flow_id = flow_id or status.flow_id
        status.blob_key = blob_key or status.blob_key
        status.error = error
        status.save()
        document = Document.get_by_id(status.document_id)
        event = events.record(f"network.status_{delivery}", company_id=status.company_id, document_id=document.id,
                              data={"code": status.code, "flow_id": status.flow_id, "error": error,
                                    "tracking_id": status.tracking_id})
        if pm is not None:
            events.when_committed(event, lambda: notify(pm, document, status))


def notify(pm: Any, document: Document, status: NetworkStatus) -> None:
    """Call every ``network_status_recorded`` implementation; one that raises is logged, the others still run.

    ``pm``: the plugin manager (the plugins the firm turned off for the company are skipped),
    or a hook relay already made for the company.
    """
    from guichet.core.model.models import Company

    company = Company.get_by_id(document.company_id)
    relay = hooks_for(pm, company) if hasattr(pm, "hook") else pm
    values = {"document": document, "code": status.code, "reason": status.reason, "origin": status.origin,
              "delivery": status.delivery, "company": company, "pm": pm if hasattr(pm, "hook") else None}
    for impl in relay.network_status_recorded.get_hookimpls():
        try:
            impl.function(*[values[name] for name in impl.argnames])
        except Exception:
            log.exception("network_status_recorded: %s failed on document %s", impl.plugin_name, document.id)


def history(document_id: int) -> list[NetworkStatus]:
    """The statuses of a document, oldest first (the caller scoped ``document_id`` to what the person may see)."""
    return list(NetworkStatus.select().where(NetworkStatus.document == document_id)
                .order_by(NetworkStatus.created_at, NetworkStatus.id))


def pending(company_id: int | None = None, limit: int = 200) -> list[NetworkStatus]:
    """Statuses decided here and not yet handed to the platform, oldest first."""
    query = NetworkStatus.select().where(NetworkStatus.delivery == Delivery.PENDING)
    if company_id is not None:
        query = query.where(NetworkStatus.company == company_id)
    return list(query.order_by(NetworkStatus.id).limit(limit))
