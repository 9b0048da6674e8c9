"""The state machine's one write: :func:`transition`.

Every change of a document's state goes through :func:`transition`: stages
(:mod:`guichet.core.pipeline.pipeline`) and people's decisions
(:mod:`guichet.core.pipeline.decisions`) alike. It commits the state, its
hash-chained event and the caller's writes together, opens the runs of the
follow-up stages that take the new state, and once the transaction has committed
tells every plugin (``document_state_changed``): webhooks and the network hear of
each change, whoever made it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from guichet.core.model import events
from guichet.core.model.models import Document, db, utcnow
from guichet.core.model.states import Direction, State, can_transition
from guichet.core.pipeline import followups
from guichet.core.plugins import hooks_for

if TYPE_CHECKING:
    from collections.abc import Callable

    import pluggy

    from guichet.core.model.invoice import Invoice
    from guichet.core.model.models import Company


def direction_for(invoice: Invoice, company: Company) -> Direction:
    """Sales when the company is the seller, purchase when it is the buyer."""
    if invoice.seller.siren and invoice.seller.siren == company.siren:
        return Direction.SALES
    if invoice.buyer.siren and invoice.buyer.siren == company.siren:
        return Direction.PURCHASE
    return Direction.UNKNOWN


def transition(
    document: Document,
    new: State,
    *,
    reason: str | None = None,
    user_id: int | None = None,
    kind: str = "document.state",
    updates: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    apply: Callable[[], None] | None = None,
    pm: pluggy.PluginManager | None = None,
) -> bool:
    """Move ``document`` to ``new`` if it is still in its loaded state; log the event.

    Runs in one transaction (a savepoint when the caller has one open: then
    everything commits with the caller's transaction). Returns False, having written
    nothing, when another process changed the state first.

    :param reason: Why (shown to people; stored on the document and in the event).
    :param user_id: The person who decided, None for the pipeline.
    :param kind: The event's kind (``document.state`` for stages; decisions name theirs).
    :param updates: More document fields to set with the state.
    :param data: Added to the event.
    :param apply: More writes, run inside the transaction once the state is set.
    :param pm: The plugin manager: with it, the follow-up stages that take ``new``
        get their runs, and ``document_state_changed`` is called once the outermost
        transaction has committed (never if it rolls back). Only set-up code (tests,
        scripts that must stay silent) leaves it out.
    :raises ValueError: when the state machine forbids ``old`` → ``new``.
    """
    old = State(document.state)
    if not can_transition(old, new):
        msg = f"transition interdite : {old} → {new}"
        raise ValueError(msg)
    fields = {"state": str(new), "reason": reason, "updated_at": utcnow(), **(updates or {})}
    with db.atomic():
        changed = (
            Document.update(**fields)
            .where((Document.id == document.id) & (Document.state == str(old)))
            .execute()
        )
        if changed != 1:
            return False
        for name, value in fields.items():
            setattr(document, name, value)
        event = events.record(
            kind,
            company_id=document.company_id,
            document_id=document.id,
            user_id=user_id,
            data={"from": str(old), "to": str(new), "reason": reason, **(data or {})},
        )
        if apply is not None:
            apply()
        if pm is not None:
            hook = hooks_for(pm, document.company)  # the plugins the firm turned off for it are not told
            events.when_committed(
                event, lambda: hook.document_state_changed(document=document, old=str(old), new=str(new)))
            followups.open_runs(pm, document, State(new))
    return True
