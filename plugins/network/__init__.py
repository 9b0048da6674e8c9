"""Plugin: the e-invoicing network's stage, queue tasks, hooks and ``guichet network`` commands.

- Stage ``network`` (follow-up, ``after="archive"``): an archived sales invoice of a
  company with an emission platform is sent to its buyer (directory look-up first) or
  routed to e-reporting (:func:`guichet.core.network.sending.send_invoice`); it waits
  (``waiting``) for the lifecycle statuses, which settle it: 212 Encaissée, 210 Refusée
  → done, 213 Rejetée → failed. The platform down: retried with back-off, never sent twice.
- Task ``guichet.network.poll`` (every minute, once per minute for all workers) enqueues
  ``guichet.network.company`` per company with a platform: fetch its received flows
  (:func:`guichet.core.network.receiving.poll`), then send its pending statuses.
- ``payments_recorded``: 212 Encaissée for a sales invoice sent on the network, 211 Paiement
  transmis for a purchase invoice received from it (idempotent per invoice, amount and date);
  one query per 500 invoices of the list, then the worker sends.
- ``network_status_recorded``: settles the ``network`` stage of a sales invoice.
- ``register_delivery_channels``: the network as the distribution's channel ``network`` (:mod:`.channel`).
- ``guichet network ...``: :mod:`.cli`; web pages under ``/plugins/network/``: :mod:`.views`.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.ops.task_declarations import periodic_task, task

if TYPE_CHECKING:
    import click
    import pluggy

    from guichet.core.model.models import Company, Document
    from guichet.core.money.settlements import RecordedPayment
    from guichet.core.ops.runtime import Runtime
    from guichet.core.pipeline.stages import Stage, Step

log = logging.getLogger(__name__)

STAGE = "network"
#: Statuses after which the seller waits for nothing more.
SETTLING = {"210": "done", "212": "done", "220": "done", "213": "failed"}
#: Seconds between two looks at an invoice that waits for its statuses.
RECHECK = 6 * 3600


def _applies(pm: pluggy.PluginManager, document: Document) -> bool:
    """A sales invoice of a company with an emission platform (the plugin manager knows the platform connectors)."""
    from guichet.core.network import accounts

    return document.direction == "sales" and accounts.has_account(pm, document.company_id, accounts.EMISSION)


def run_network(rt: Runtime, document: Document) -> Step:
    """Send the sales invoice (or route it to e-reporting) and wait for its statuses."""
    from guichet.core.errors import FlowRefused, NetworkNotConfigured, StageRefused
    from guichet.core.model import lifecycle
    from guichet.core.model.network_models import Route
    from guichet.core.model.states import Progress
    from guichet.core.network import sending
    from guichet.core.pipeline.stages import Step

    try:
        result = sending.send_invoice(rt, document)
    except (FlowRefused, NetworkNotConfigured) as exc:
        raise StageRefused(str(exc)) from exc
    if result.route == Route.EREPORTING:
        return Step(Progress.DONE, result.message, data={"route": Route.EREPORTING})
    if SETTLING.get(result.last_code or "") == "done":
        return Step(Progress.DONE, f"{result.last_code} {lifecycle.label(result.last_code)}")
    if result.last_code == "213":
        raise StageRefused(f"213 {lifecycle.label('213')} par la plateforme")
    text = f"{result.last_code} {lifecycle.label(result.last_code)}" if result.last_code else result.message
    return Step(Progress.WAITING, text, data={"flow": result.flow_id}, recheck_after=RECHECK)


@hookimpl
def register_stages() -> list[Stage]:
    """The ``network`` follow-up of archived sales invoices."""
    from guichet.core.model.states import State
    from guichet.core.pipeline.stages import Stage

    return [Stage(STAGE, run_network, takes=State.ARCHIVED, leaves={State.ARCHIVED}, after="archive",
                  applies=_applies, retry_delay=60, max_attempts=12)]


@hookimpl
def network_status_recorded(document: Document, code: str, delivery: str, pm: pluggy.PluginManager | None) -> None:
    """A final status about a sales invoice settles its ``network`` stage."""
    if document.direction != "sales" or code not in SETTLING or delivery == "pending" or pm is None:
        return  # pm is None only for a status recorded through a company's relay: pending, told again once sent
    from guichet.core.model import lifecycle
    from guichet.core.model.states import Progress
    from guichet.core.pipeline import followups

    followups.settle_run(pm, document.id, STAGE, Progress(SETTLING[code]),
                         reason=f"{code} {lifecycle.label(code)}", context={"origin": "network"})


@hookimpl
def payments_recorded(company: Company, payments: list[RecordedPayment], hook: Any) -> None:
    """212 Encaissée (sales sent on the network) or 211 Paiement transmis (purchase received from it)."""
    from guichet.core.model.network_models import Delivery, NetworkDocument, Route
    from guichet.core.network import sending, statuses
    from guichet.core.storage import records

    ids = sorted({payment.document.id for payment in payments})
    places: dict[int, NetworkDocument] = {}
    for start in range(0, len(ids), 500):  # the company's invoices on the network, read for the whole list
        places.update({place.document_id: place for place in NetworkDocument.select().where(
            (NetworkDocument.company == company.id) & NetworkDocument.document.in_(ids[start:start + 500])
            & NetworkDocument.route.in_([Route.NETWORK, Route.RECEIVED]))})
    recorded = 0
    for payment in payments:
        document, amount, date = payment.document, payment.amount, payment.date
        place = places.get(document.id)
        if place is None:
            continue
        if document.direction == "sales" and place.route == Route.NETWORK and place.flow_id:
            code, origin = "212", "seller"
        elif document.direction == "purchase" and place.route == Route.RECEIVED:
            code, origin = "211", "buyer"
        else:
            continue  # sales routed to e-reporting: its payments are reported with the period (ereporting)
        invoice = records.load_invoice(document)
        key = hashlib.sha256(f"{document.id}|{code}|{amount}|{date}".encode()).hexdigest()[:30]
        data: dict[str, Any] = {"paid": str(amount), "date": date.isoformat(), "origin": "payments"}
        if code == "212" and invoice is not None:
            data["amounts"] = sending.collected_amounts(invoice, amount)
        statuses.record(hook, document, code, origin=origin, delivery=Delivery.PENDING, tracking_id=f"gp-{key}",
                        data=data)
        recorded += 1
    if recorded:
        send_pending_task(company.id)  # by the worker: a slow platform never holds the payments page


@task(name="guichet.network.send_pending", runtime=True)
def send_pending_task(rt: Runtime, company_id: int) -> dict[str, int]:
    """Send one company's pending statuses (a 212 after a payment, an answer the platform did not take yet)."""
    from guichet.core.network import sending

    with rt.database.connection_context():
        sent, waiting = sending.send_pending(rt, company_id)
    return {"company": company_id, "sent": sent, "waiting": waiting}


@task(name="guichet.network.company", runtime=True)
def company_task(rt: Runtime, company_id: int) -> dict[str, Any]:
    """Fetch one company's received flows, then send its pending statuses."""
    from guichet.core.network import receiving, sending

    with rt.database.connection_context():
        report = receiving.poll(rt, company_id)
        sent, waiting = sending.send_pending(rt, company_id)
    return {"company": company_id, "invoices": report.invoices, "statuses": len(report.statuses),
            "refused": len(report.refused), "error": report.error, "sent": sent, "waiting": waiting}


@periodic_task(name="guichet.network.poll", minute="*", once_per=60, runtime=True)  # every worker enqueues it; one runs it
def poll_task(rt: Runtime) -> int:
    """Every minute, one ``guichet.network.company`` task per company with a platform; returns how many."""
    from guichet.core.network import accounts

    with rt.database.connection_context():
        companies = accounts.companies_with_platform(rt)
    for company_id in companies:
        company_task(company_id)
    return len(companies)


@hookimpl
def register_delivery_channels() -> list[Any]:
    """The network as the distribution's first channel (:mod:`.channel`)."""
    from guichet.plugins.network.channel import NetworkChannel

    return [NetworkChannel()]


@hookimpl
def register_blueprints() -> list[tuple[str, Any]]:
    """The network pages, under ``/plugins/network/`` (:mod:`.views`, imported only by the web app)."""
    from guichet.plugins.network.views import make_blueprint

    return [("network", make_blueprint())]


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``guichet network ...``."""
    from guichet.plugins.network.cli import network

    cli.add_command(network)
