"""The state machine's writes: what a stage decides (:class:`Outcome`) and :func:`transition`.

Every change of a document's state goes through :func:`transition`, inside the
caller's transaction, so that the state and its hash-chained event are committed
together; stages (:mod:`guichet.core.pipeline.pipeline`) and people's decisions (coding,
review, retry) use the same function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from guichet.core.model import events
from guichet.core.model.models import Document, utcnow
from guichet.core.model.states import Direction, State, can_transition

if TYPE_CHECKING:
    from guichet.core.model.invoice import Invoice
    from guichet.core.model.models import Company
    from guichet.core.ops.runtime import Runtime


@dataclass
class Outcome:
    """What a stage decided: the next state, why, and the writes to commit with it."""

    state: State
    reason: str | None = None
    updates: dict[str, Any] = field(default_factory=dict)  # Document fields to set
    apply: Callable[[], None] | None = None  # more writes, run inside the transaction
    data: dict[str, Any] = field(default_factory=dict)  # added to the state event


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline."""

    name: str
    from_state: State
    run: Callable[[Runtime, Document], Outcome]


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
) -> bool:
    """Move ``document`` to ``new`` if it is still in its loaded state; log the event.

    Call inside a transaction. Returns False (and writes nothing) when another
    process changed the state first.
    """
    old = State(document.state)
    if not can_transition(old, new):
        msg = f"transition interdite : {old} → {new}"
        raise ValueError(msg)
    fields = {"state": str(new), "reason": reason, "updated_at": utcnow(), **(updates or {})}
    changed = (
        Document.update(**fields)
        .where((Document.id == document.id) & (Document.state == str(old)))
        .execute()
    )
    if changed != 1:
        return False
    for name, value in fields.items():
        setattr(document, name, value)
    events.record(
        kind,
        company_id=document.company_id,
        document_id=document.id,
        user_id=user_id,
        data={"from": str(old), "to": str(new), "reason": reason, **(data or {})},
    )
    return True
