"""The print channel (courrier): paper deliveries gathered into the day's batch (core/sales/printing.py).

- ``register_delivery_channels``: the channel; a delivery waits in the company's open batch
  ("à envoyer", looked at again every hour) until the batch is dropped to the mail house;
  reminders of an invoice sent by post are letters in the next batch (``remind``).
- the periodic task ``guichet.distribution.print_batches`` (every day at 17:30): close and
  drop the batches; ``guichet distribution print [--company SIREN]`` (plugins/distribution.py)
  does it by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.model.sales_models import DeliveryState
from guichet.core.ops.task_declarations import periodic_task
from guichet.core.sales.channels import DeliveryChannel, DeliveryJob, Handed

if TYPE_CHECKING:
    from guichet.core.model.sales_models import Customer
    from guichet.core.ops.runtime import Runtime
    from guichet.core.sales.reminders import Notice


class PrintChannel(DeliveryChannel):
    """Courrier postal par un prestataire d'impression."""

    id = "print"
    label = "Courrier"
    order = 90

    def missing(self, rt: Runtime, customer: Customer) -> list[str]:
        """A full postal address, and the mail house's drop folder on the instance."""
        address = customer.address or {}
        lacks = []
        if not (address.get("line1") and address.get("postcode") and address.get("city")):
            lacks.append("adresse postale (rue, code postal, ville)")
        from guichet.core.sales import printing

        if not printing.configured(rt.settings):
            lacks.append("dépôt du prestataire d'impression ([distribution] print_folder ou print_sftp_host)")
        return lacks

    def send(self, rt: Runtime, job: DeliveryJob) -> Handed:
        """Into the open batch (once); sent when its batch was dropped."""
        from guichet.core.sales import printing

        batch = printing.add(job.delivery)
        if batch.state == "dropped":
            return Handed(DeliveryState.SENT, external_id=f"lot-{batch.id}", reason="remise à l'imprimeur")
        return Handed(DeliveryState.TO_SEND, reason=f"dans le lot d'impression n° {batch.id}", recheck_after=3600)

    def can_remind(self, rt: Runtime, customer: Customer | None) -> bool:
        """A customer with a full postal address, on an instance with a mail house."""
        return customer is not None and not self.missing(rt, customer)

    def remind(self, rt: Runtime, job: DeliveryJob, notice: Notice) -> None:
        """A reminder letter (penalties and indemnity after the due date) in the company's next print batch."""
        from guichet.core.model.payment_models import OpenItem
        from guichet.core.sales import printing, reminders

        item = OpenItem.get_or_none(OpenItem.document == job.document.id)
        subject, lines = reminders.wording(notice, job.invoice.number or str(job.document.id), job.company.name,
                                           reference=item.reference if item else None)
        letter = printing.reminder_letter(job.company, job.customer, subject, lines, notice.today)
        printing.add_reminder(rt, job.delivery, notice.step, letter)


@hookimpl
def register_delivery_channels() -> list[DeliveryChannel]:
    """The print channel."""
    return [PrintChannel()]


@periodic_task(name="guichet.distribution.print_batches", minute="30", hour="17", runtime=True)
def print_batches_task(rt: Runtime) -> int:
    """Every evening, the day's print batches to the mail house; how many."""
    from guichet.core.sales import printing

    with rt.database.connection_context():
        return len(printing.close_batches(rt))
