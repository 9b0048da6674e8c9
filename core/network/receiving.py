"""Fetching what the platform holds for a company: received invoices and lifecycle statuses, each once.

:func:`poll` asks the company's reception platform for the flows updated since the last
poll (the cursor ``updated_after`` kept on the platform account's configuration), oldest
first, and handles each one (:func:`handle`):

- an invoice (CII, UBL, Factur-X) enters intake like any other file, channel "réseau",
  with the platform's flow id kept (``NetworkDocument.flow_id``, and in the event); the
  pipeline then reads, checks, seals and archives it. The same bytes received twice make
  one document (intake), the same flow id is handled once (``NetworkFlow``, unique per
  company);
- a lifecycle message (CDAR) is read by :mod:`.cdar`, matched to the invoice it is about
  (number, date, seller) and recorded (:mod:`.statuses`). A malformed message is refused
  with its reason (kept on the flow, event ``network.flow_refused``), never applied; a
  message about an invoice not known yet (still being read) is tried again at the next polls.

The platform's failures (:class:`~guichet.core.errors.PlatformError`) stop the poll where
it is: the cursor only moves past flows that were handled, so nothing is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peewee import IntegrityError

from guichet.core.model import events, models
from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
from guichet.core.model.models import Company, Document, db, utcnow
from guichet.core.model.network_models import Delivery, NetworkDocument, NetworkFlow, Route
from guichet.core.model.states import Channel, Direction
from guichet.core.network import accounts, cdar, statuses
from guichet.core.pipeline import intake
from guichet.core.plugins import hooks_for

if TYPE_CHECKING:
    from guichet.core.connectors import RemoteFlow
    from guichet.core.network.accounts import PlatformAccount
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

#: Statuses given by platforms (the others come from the buyer or the seller).
PLATFORM_CODES = frozenset({"200", "201", "202", "203", "213", "221", "501", "601"})
#: How many polls a status about an unknown invoice is tried again before it is set aside.
UNMATCHED_TRIES = 50


@dataclass
class PollReport:
    """What one poll brought in."""

    company_id: int
    invoices: list[int] = field(default_factory=list)  # documents created
    statuses: list[tuple[int, str]] = field(default_factory=list)  # (document, code) recorded
    refused: list[tuple[str, str]] = field(default_factory=list)  # (flow id, reason)
    waiting: list[str] = field(default_factory=list)  # flow ids about an invoice not known yet
    reports: list[tuple[str, str]] = field(default_factory=list)  # (e-reporting id, 300/301)
    known: int = 0  # flows handled before
    error: str | None = None  # the platform failed: the poll stopped there


def poll(rt: Runtime, company: Company | int, *, account: PlatformAccount | None = None) -> PollReport:
    """Fetch and handle the company's new flows from each of its platforms (or ``account`` only).

    Every enabled platform account is asked: the reception platform brings the invoices
    received and their statuses, an emission platform the statuses of the invoices sent
    through it. Never raises for a platform's failure (see ``error``; the other accounts
    are still polled).

    :raises NetworkNotConfigured: the company has no platform account at all.
    """
    company_id = company if isinstance(company, int) else company.id
    report = PollReport(company_id)
    found = [account] if account is not None else accounts.accounts_of(rt, company_id)
    if not found:
        found = [accounts.account(rt, company_id, accounts.RECEPTION)]  # raises with the French message
    for acct in found:
        _poll_account(rt, acct, report)
    return report


def _poll_account(rt: Runtime, acct: PlatformAccount, report: PollReport) -> None:
    from guichet.core.errors import OutboundRefused, PlatformError

    error = None
    try:
        _retry_unhandled(rt, acct, report)
        cursor = dict(acct.config.cursor or {})
        for flow in acct.connector.search_flows(acct.settings, updated_after=cursor.get("updated_after"),
                                                direction="In"):
            if flow.direction in ("In", ""):  # a platform that ignores the filter must not hand us our own flows
                handle(rt, acct, flow, report)
            if flow.updated_at:
                cursor["updated_after"] = flow.updated_at
                ConnectorConfig.update(cursor=cursor).where(ConnectorConfig.id == acct.config.id).execute()
    except (PlatformError, OutboundRefused) as exc:
        error = str(exc)
        report.error = "; ".join(part for part in (report.error, error) if part)
    _finish(acct.config.id, report, error)


def _finish(config_id: int, report: PollReport, error: str | None) -> None:
    now = utcnow()
    values = {ConnectorConfig.last_run_at: now, ConnectorConfig.updated_at: now,
              ConnectorConfig.status: ConnectorStatus.ERROR if error else ConnectorStatus.OK,
              ConnectorConfig.last_error: error}
    if not error:
        values[ConnectorConfig.last_success_at] = now
        values[ConnectorConfig.failures] = 0
    ConnectorConfig.update(values).where(ConnectorConfig.id == config_id).execute()
    if error:
        with db.atomic():
            events.record("network.poll_failed", company_id=report.company_id,
                          data={"config_id": config_id, "message": error})


def handle(rt: Runtime, acct: PlatformAccount, flow: RemoteFlow, report: PollReport) -> None:
    """Handle one received flow once (an invoice to intake, a status to record)."""
    company_id = acct.company_id
    seen = NetworkFlow.get_or_none((NetworkFlow.company == company_id) & (NetworkFlow.flow_id == flow.flow_id))
    if seen is not None:
        report.known += 1
        return
    data = acct.connector.download_flow(acct.settings, flow.flow_id)
    blob_key = rt.blobs.put(data)
    try:
        with db.atomic():
            row = NetworkFlow.create(company=company_id, flow_id=flow.flow_id, direction=flow.direction or "In",
                                     flow_type=flow.flow_type, syntax=flow.syntax, tracking_id=flow.tracking_id,
                                     ack_status=flow.ack_status, blob_key=blob_key)
    except IntegrityError:  # another poll took it meanwhile
        report.known += 1
        return
    if flow.is_lifecycle:
        _status_flow(rt, row, data, report)
    else:
        _invoice_flow(rt, acct, row, data, flow, report)


def _invoice_flow(rt: Runtime, acct: PlatformAccount, row: NetworkFlow, data: bytes, flow: RemoteFlow,
                  report: PollReport) -> None:
    company = Company.get_by_id(acct.company_id)
    name = flow.name or f"{flow.flow_id}.{'pdf' if data[:5] == b'%PDF-' else 'xml'}"
    context = {"flow_id": flow.flow_id, "platform": acct.config.connector_id, "config_id": acct.config.id,
               "flow_type": flow.flow_type, "syntax": flow.syntax}
    stored = intake.store(rt, data)
    with db.atomic():
        document, created = intake.record(company, stored, name, channel=str(Channel.NETWORK), context=context)
        place = statuses.place_of(document, route=Route.RECEIVED)
        place.flow_id = place.flow_id or flow.flow_id
        place.config_id = acct.config.id
        place.save()
        NetworkFlow.update(document=document.id, handled_at=utcnow()).where(NetworkFlow.id == row.id).execute()
    if created:
        ConnectorConfig.update(files_received=ConnectorConfig.files_received + 1).where(
            ConnectorConfig.id == acct.config.id).execute()
        hooks_for(rt.pm, document.company).document_received(document=document)
        report.invoices.append(document.id)
        rt.enqueue(document.id, document.state)
    else:
        report.known += 1


def _status_flow(rt: Runtime, row: NetworkFlow, data: bytes, report: PollReport) -> None:
    try:
        message = cdar.read(data)
    except cdar.CdarError as exc:
        _refuse(row, str(exc), report)
        return
    if message.code in ("300", "301"):  # about an e-reporting submission, not an invoice
        from guichet.core.network import ereporting

        if ereporting.record_status(row.company_id, message) is None:
            _refuse(row, f"e-reporting {message.invoice_number} inconnu de Guichet", report)
            return
        NetworkFlow.update(handled_at=utcnow(), error=None).where(NetworkFlow.id == row.id).execute()
        report.reports.append((message.invoice_number, message.code))
        return
    document = match(row.company_id, message, row.flow_type)
    if document is None:
        tries = int((row.error or "0").split(":", 1)[0] if (row.error or "")[:1].isdigit() else 0) + 1
        if tries >= UNMATCHED_TRIES:
            _refuse(row, f"facture {message.invoice_number} inconnue de Guichet", report)
            return
        NetworkFlow.update(error=f"{tries}: facture {message.invoice_number} pas encore connue").where(
            NetworkFlow.id == row.id).execute()
        report.waiting.append(row.flow_id)
        return
    origin = "platform" if message.code in PLATFORM_CODES else (
        "seller" if document.direction == Direction.PURCHASE else "buyer")
    with db.atomic():
        recorded = statuses.record(
            rt.pm, document, message.code, origin=origin, delivery=Delivery.RECEIVED, reason=message.reason,
            message=message.reason_text, flow_id=row.flow_id, blob_key=row.blob_key, issued_at=message.issued_at,
            data={"amounts": [[str(a.amount), str(a.rate) if a.rate is not None else None, a.currency]
                              for a in message.amounts]} if message.amounts else None)
        NetworkFlow.update(document=document.id, handled_at=utcnow(), error=None).where(
            NetworkFlow.id == row.id).execute()
    if recorded is not None:
        report.statuses.append((document.id, message.code))


def _refuse(row: NetworkFlow, reason: str, report: PollReport) -> None:
    log.warning("network flow %s refused: %s", row.flow_id, reason)
    with db.atomic():
        NetworkFlow.update(error=reason[:2000], handled_at=utcnow()).where(NetworkFlow.id == row.id).execute()
        events.record("network.flow_refused", company_id=row.company_id,
                      data={"flow_id": row.flow_id, "reason": reason[:500]})
    report.refused.append((row.flow_id, reason))


def _retry_unhandled(rt: Runtime, acct: PlatformAccount, report: PollReport) -> None:
    """Flows stored but not handled yet: statuses about an invoice not known then, an intake interrupted."""
    from guichet.core.connectors import RemoteFlow

    rows = (NetworkFlow.select().where((NetworkFlow.company == acct.company_id) & NetworkFlow.handled_at.is_null()
                                       & NetworkFlow.blob_key.is_null(False) & (NetworkFlow.direction == "In"))
            .order_by(NetworkFlow.id).limit(500))
    for row in rows:
        data = rt.blobs.get(row.blob_key)
        if row.syntax == "CDAR" or row.flow_type.endswith("LC"):
            _status_flow(rt, row, data, report)
        else:
            _invoice_flow(rt, acct, row, data, RemoteFlow(flow_id=row.flow_id, flow_type=row.flow_type,
                                                          syntax=row.syntax), report)


def match(company_id: int, message: cdar.Lifecycle, flow_type: str = "") -> Document | None:
    """The company's document a lifecycle message is about: same invoice number (and date, seller when given).

    A status about the company's own sales invoice (``CustomerInvoiceLC``, or its SIREN as
    seller) matches a sales document; otherwise a purchase document. The most recent
    document on the network wins when several match.
    """
    company = Company.get_by_id(company_id)
    if flow_type.startswith("Customer"):
        direction = Direction.SALES
    elif flow_type.startswith("Supplier"):
        direction = Direction.PURCHASE
    else:
        direction = Direction.SALES if message.seller_siren == company.siren else Direction.PURCHASE
    inv, doc = models.Invoice, models.Document
    query = (Document.select(doc).join(inv, on=(inv.document == doc.id))
             .where((doc.company == company_id) & (inv.number == message.invoice_number)
                    & (doc.direction == str(direction))))
    if message.invoice_date is not None:
        query = query.where(inv.issue_date.is_null() | (inv.issue_date == message.invoice_date))
    found = list(query.order_by(doc.id.desc()))
    if len(found) > 1:
        on_network = {r.document_id for r in NetworkDocument.select(NetworkDocument.document)
                      .where(NetworkDocument.document.in_([d.id for d in found]))}
        found.sort(key=lambda d: d.id in on_network, reverse=True)
    return found[0] if found else None
