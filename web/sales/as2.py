"""Asynchronous AS2 MDNs (``POST /as2/mdn``): the receipts our customers' AS2 servers post back.

No session and no CSRF: an MDN is accepted only when it names a message we sent and its
signature verifies with that partner's certificate, its MIC equal to ours; anything else is
answered 400 and changes nothing. A body over ``MAX_MDN`` is refused (413) before it is read whole
(:func:`guichet.connectors.delivery_edi.as2.receive_async_mdn`). The delivery's run is then
woken up to record the verdict (its state changes in one place: the ``distribute`` stage).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, request

from guichet.connectors.delivery_edi import as2 as delivery_as2
from guichet.core.model.states import Progress, State
from guichet.core.pipeline import followups
from guichet.core.sales.deliveries import STAGE
from guichet.web.app import current_runtime

bp = Blueprint("as2", __name__)
log = logging.getLogger(__name__)
MAX_MDN = 1_000_000


@bp.record_once
def _exempt(state: Any) -> None:
    """No session here: the MDN's signature is the check."""
    csrf = state.app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)


@bp.post(delivery_as2.MDN_PATH)
def mdn() -> Any:
    """Receive an asynchronous MDN (HTTP 200 once verified and recorded; 400 when it does not prove itself; 413 too big)."""
    rt = current_runtime()
    if request.content_length is not None and request.content_length > MAX_MDN:
        return "accusé MDN trop volumineux", 413, {"Content-Type": "text/plain; charset=utf-8"}
    body = request.stream.read(MAX_MDN + 1)  # never more than the limit in memory, whatever the headers say
    if len(body) > MAX_MDN:
        return "accusé MDN trop volumineux", 413, {"Content-Type": "text/plain; charset=utf-8"}
    delivery, ok, reason = delivery_as2.receive_async_mdn(rt, request.headers, body)
    if delivery is None:
        return reason, 400, {"Content-Type": "text/plain; charset=utf-8"}
    if followups.settle(rt, delivery.document_id, STAGE, Progress.PENDING, reason="accusé MDN reçu"):
        try:
            rt.enqueue(delivery.document_id, State.ARCHIVED)
        except Exception:  # noqa: BLE001 - committed: the worker's periodic resume picks it up
            log.warning("document %s: MDN recorded, distribution not queued", delivery.document_id)
    return ("accusé reçu" if ok else f"accusé reçu (négatif) : {reason}"), 200, {"Content-Type": "text/plain; charset=utf-8"}
