"""The ``distribute`` follow-up stage: each archived sales invoice goes to its customer by its channel.

Declared here, run by :func:`guichet.core.sales.deliveries.distribute`; the channels are
other plugins (hook ``register_delivery_channels``: e-mail, Chorus Pro, print, EDI, and
the e-invoicing network when its plugin is installed). Also:

- ``payments_recorded``: a sales invoice paid in full makes its deliveries "payée";
- the periodic task ``guichet.distribution.reminders`` (every morning): reminders due that day;
- ``guichet distribution print`` (close the print batches) and ``guichet distribution bounces``
  (delivery status notifications read from .eml files onto the deliveries).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.model.states import Direction, State
from guichet.core.ops.task_declarations import periodic_task
from guichet.core.pipeline.stages import Stage

if TYPE_CHECKING:
    import datetime as dt

    import click

    from guichet.core.money.settlements import RecordedPayment
    from guichet.core.ops.runtime import Runtime


def _distribute(rt, document):  # noqa: ANN001, ANN202 - the Stage.run signature
    from guichet.core.sales import deliveries

    return deliveries.distribute(rt, document)


@hookimpl
def register_stages() -> list[Stage]:
    """``distribute``: after ``archive``, sales invoices only; retried from 1 minute up to 6 hours."""
    return [Stage("distribute", _distribute, takes=State.ARCHIVED, leaves={State.ARCHIVED}, after="archive",
                  applies=lambda _pm, d: d.direction == Direction.SALES, retry_delay=60, max_attempts=12)]


@hookimpl
def payments_recorded(payments: list[RecordedPayment]) -> None:
    """The sales invoices paid in full: their deliveries become "payée" (idempotent); one query per 500 invoices."""
    from guichet.core.model.payment_models import ItemState, OpenItem
    from guichet.core.model.sales_models import DeliveryState
    from guichet.core.sales import deliveries

    last: dict[int, dt.date] = {}  # the day each sales invoice was (last) paid
    for payment in payments:
        if payment.document.direction == Direction.SALES:
            last[payment.document.id] = max(payment.date, last.get(payment.document.id, payment.date))
    ids = sorted(last)
    reasons: dict[int, str | None] = {}
    for start in range(0, len(ids), 500):
        for (document_id,) in (OpenItem.select(OpenItem.document).where(
                OpenItem.document.in_(ids[start:start + 500]) & (OpenItem.state == ItemState.PAID)).tuples()):
            reasons[document_id] = f"payée le {last[document_id].isoformat()}"
    if reasons:
        deliveries.mark_documents(reasons, DeliveryState.PAID)


@periodic_task(name="guichet.distribution.reminders", minute="15", hour="8", runtime=True)
def send_reminders_task(rt: Runtime) -> int:
    """Every morning, the reminders of unpaid sales invoices due that day; how many were sent."""
    from guichet.core.sales import reminders

    with rt.database.connection_context():
        return reminders.send_due(rt)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``guichet distribution print [--company SIREN]``, ``bounces FILE.eml...`` and ``logo SIREN IMAGE``."""
    import click

    @cli.group("distribution")
    def distribution() -> None:
        """Distribution des factures de vente."""

    @distribution.command("bounces")
    @click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
    @click.pass_context
    def bounces_command(ctx: click.Context, files: tuple[str, ...]) -> None:
        """Lit des avis de non-remise (DSN, fichiers .eml) et les reporte sur les envois."""
        from pathlib import Path

        from guichet.core.ops.cli_instance import command_runtime
        from guichet.core.sales import bounces

        rt = command_runtime(ctx)
        with rt.database.connection_context():
            for name in files:
                found = bounces.read(Path(name).read_bytes())
                delivery = bounces.record(rt, found) if found else None
                click.echo(f"{name} : " + (f"envoi {delivery.id} en erreur ({found.status})" if delivery
                                          else "pas un avis de non-remise d'une facture envoyée"))

    @distribution.command("logo")
    @click.argument("siren")
    @click.argument("image", required=False, type=click.Path(exists=True, dir_okay=False))
    @click.option("--retirer", "remove", is_flag=True, help="retire le logo")
    @click.pass_context
    def logo_command(ctx: click.Context, siren: str, image: str | None, remove: bool) -> None:
        """Logo du dossier en tête de ses courriels de factures (PNG ou JPEG, réduit à 600 × 200)."""
        from pathlib import Path

        from guichet.core.ops.cli_instance import command_runtime, company_or_fail
        from guichet.core.sales import company_logo

        if not image and not remove:
            raise click.UsageError("une image PNG ou JPEG, ou --retirer")
        rt = command_runtime(ctx)
        with rt.database.connection_context():
            company = company_or_fail(siren, click_error=True)
            try:
                stored = company_logo.set_logo(rt, company, None if remove else Path(image).read_bytes())
            except company_logo.LogoRefused as exc:
                raise click.ClickException(str(exc)) from None
            click.echo(f"logo de {company.name} : " + (f"{stored['width']} × {stored['height']} px" if stored
                                                       else "retiré"))

    @distribution.command("print")
    @click.option("--company", "siren", default=None, help="SIREN du dossier (tous par défaut)")
    @click.pass_context
    def print_command(ctx: click.Context, siren: str | None) -> None:
        """Ferme et dépose les lots d'impression ouverts."""
        from guichet.core.ops.cli_instance import command_runtime, company_or_fail
        from guichet.core.sales import printing

        rt = command_runtime(ctx)
        with rt.database.connection_context():
            ids = None
            if siren:
                ids = [company_or_fail(siren, click_error=True).id]
            for batch in printing.close_batches(rt, ids):
                click.echo(f"lot {batch.id} : {batch.state}, {len(printing.delivery_ids(batch))} factures, "
                           f"{(batch.manifest or {}).get('reminders', 0)} relances, {batch.pages} pages"
                           + (f" — {batch.reason}" if batch.reason else ""))
