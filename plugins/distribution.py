"""The ``distribute`` follow-up stage: each archived sales invoice goes to its customer by its channel.

Declared here, run by :func:`guichet.core.sales.deliveries.distribute`; the channels are
other plugins (hook ``register_delivery_channels``: e-mail, Chorus Pro, print, EDI, and
the e-invoicing network when its plugin is installed). Also:

- ``payment_recorded``: a sales invoice paid in full makes its deliveries "payée";
- the periodic task ``guichet.distribution.reminders`` (every morning): reminders due that day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.model.states import Direction, State
from guichet.core.ops.task_declarations import periodic_task
from guichet.core.pipeline.stages import Stage

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    from guichet.core.model.models import Company, Document
    from guichet.core.ops.runtime import Runtime


def _distribute(rt, document):  # noqa: ANN001, ANN202 - the Stage.run signature
    from guichet.core.sales import deliveries

    return deliveries.distribute(rt, document)


@hookimpl
def register_stages() -> list[Stage]:
    """``distribute``: after ``archive``, sales invoices only; retried from 1 minute up to 6 hours."""
    return [Stage("distribute", _distribute, takes=State.ARCHIVED, leaves={State.ARCHIVED}, after="archive",
                  applies=lambda d: d.direction == Direction.SALES, retry_delay=60, max_attempts=12)]


@hookimpl
def payment_recorded(document: Document, amount: Decimal, date: dt.date, company: Company) -> None:  # noqa: ARG001
    """A sales invoice fully paid: its deliveries become "payée" (idempotent)."""
    if document.direction != Direction.SALES:
        return
    from guichet.core.model.payment_models import ItemState, OpenItem
    from guichet.core.model.sales_models import DeliveryState
    from guichet.core.sales import deliveries

    item = OpenItem.get_or_none(OpenItem.document == document.id)
    if item is not None and item.state == ItemState.PAID:
        deliveries.mark_document(document.id, DeliveryState.PAID, reason=f"payée le {date.isoformat()}")


@periodic_task(name="guichet.distribution.reminders", minute="15", hour="8", runtime=True)
def send_reminders_task(rt: Runtime) -> int:
    """Every morning, the reminders of unpaid sales invoices due that day; how many were sent."""
    from guichet.core.sales import reminders

    with rt.database.connection_context():
        return reminders.send_due(rt)
