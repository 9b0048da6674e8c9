"""Sending on the network: a sales invoice (directory look-up first), and the statuses decided here.

:func:`send_invoice` is THE way to send an archived sales invoice: the ``network``
follow-up stage calls it, so does ``guichet network send``, and so may the distribution
work (one channel among others). It is idempotent: the flow's tracking id is derived
from the document, and a document already deposited is not sent again.

1. The buyer is looked up in the directory (its electronic address BT-49 when it has one
   with scheme 0225, else its SIREN). A buyer without SIREN (a consumer), abroad, or
   absent from the directory is not on the network: the invoice goes to e-reporting
   (``NetworkDocument.route = "ereporting"``) and to the other distribution channels.
2. The file sent is the document's original when it is a CII, UBL or Factur-X; a coded
   scan is written as CII (hook ``write_invoice``). It is judged first (hook
   ``check_network_flow``): a file with problems is never sent (:class:`FlowRefused`).
3. The flow is handed to the company's emission platform. The platform down or slow
   (:class:`~guichet.core.errors.PlatformError` with ``transient``) leaves the document
   waiting, with ``waiting_since`` and the reason shown; the stage retries with back-off.
   The platform's answers (200 Déposée, 201, 213 Rejetée…) arrive by :mod:`.receiving`.

:func:`send_status` sends one status decided here (a buyer's answer, 212 Encaissée) as a
CDAR message (:mod:`.cdar`); :func:`send_pending` sends every one still waiting.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from guichet.core.connectors import OutgoingFlow
from guichet.core.errors import FlowRefused, PlatformError
from guichet.core.model import events, lifecycle
from guichet.core.model.models import Company, Document, db, utcnow
from guichet.core.model.network_models import Delivery, NetworkDocument, NetworkFlow, NetworkStatus, Route
from guichet.core.model.states import Direction, Format, State
from guichet.core.plugins import hooks_for
from guichet.core.network import accounts, cdar, statuses
from guichet.core.storage import records

if TYPE_CHECKING:
    from guichet.core.connectors import DirectoryEntry
    from guichet.core.model.invoice import Invoice
    from guichet.core.network.accounts import PlatformAccount
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

SYNTAX = {Format.CII: "CII", Format.UBL: "UBL", Format.FACTURX: "Factur-X"}
#: Seconds one sender holds a document (directory look-up, validation, upload: well under).
SENDING_LEASE = 300
CENT = Decimal("0.01")


@dataclass(frozen=True)
class SendResult:
    """What :func:`send_invoice` did: the route, the flow (when sent), a French sentence."""

    route: str  # Route.NETWORK | Route.EREPORTING
    flow_id: str | None
    message: str
    last_code: str | None = None


def tracking_id(document: Document) -> str:
    """The flow's tracking id: derived from the document (its id and fingerprint), at most 36 characters."""
    return f"gi-{document.id}-{document.sha256[:20]}"[:36]


def _addressee(invoice: Invoice) -> tuple[str | None, str]:
    """What to look up for the buyer, or (None, why it is not on the network)."""
    buyer = invoice.buyer
    country = (buyer.address.country if buyer.address else None) or None
    if country and country.upper() != "FR":
        return None, f"acheteur établi hors de France ({country}) : e-reporting"
    address = buyer.electronic_address
    if address is not None and address.scheme == "0225" and address.value:
        return address.value, ""
    if buyer.siren:
        return buyer.siren, ""
    return None, "acheteur sans SIREN (particulier ou non identifié) : e-reporting"


def look_up(acct: PlatformAccount, identifier: str) -> list[DirectoryEntry]:
    """Active directory lines of ``identifier`` (a SIREN, a SIRET, an addressing identifier)."""
    entries = acct.connector.lookup(acct.settings, identifier)
    if not entries and not identifier.isdigit():  # an electronic address unknown: try its SIREN
        siren = identifier[:9]
        if siren.isdigit():
            entries = acct.connector.lookup(acct.settings, siren)
    return [entry for entry in entries if entry.active]


def flow_file(rt: Runtime, document: Document, invoice: Invoice) -> tuple[bytes, str, str | None]:
    """The file to send, its ``flowSyntax`` and ``flowProfile``."""
    profile = invoice.profile or ""
    flow_profile = ("Extended-CTC-FR" if "extended-ctc-fr" in profile
                    else "Basic" if profile.endswith((":basic", ":basicwl", ":minimum")) else "CIUS")
    syntax = SYNTAX.get(Format(document.format)) if document.format in set(Format) else None
    if syntax:
        return rt.blobs.get(document.blob_key), syntax, flow_profile
    written = hooks_for(rt.pm, document.company).write_invoice(invoice=invoice, syntax="cii", profile=None)
    if not written:
        msg = "aucune extension ne sait écrire cette facture en CII : elle ne peut pas partir sur le réseau"
        raise FlowRefused(msg)
    return written, "CII", "CIUS"


def send_invoice(rt: Runtime, document: Document | int, *, user_id: int | None = None) -> SendResult:
    """Send an archived sales invoice to its buyer through the company's platform (or route it to e-reporting).

    :raises FlowRefused: (French) the document cannot or must not be sent: not an archived
        sales invoice, not read, refused by our checks or by the platform.
    :raises NetworkNotConfigured: the company has no emission platform.
    :raises PlatformError: the platform is down or slow (``transient``): try again later.
    """
    if isinstance(document, int):
        document = Document.get_by_id(document)
    place = NetworkDocument.get_or_none(NetworkDocument.document == document.id)
    if place is not None and (place.flow_id or place.route == Route.EREPORTING):
        text = "déjà déposée sur le réseau" if place.flow_id else "déjà orientée vers l'e-reporting"
        return SendResult(place.route, place.flow_id, text, place.last_code)
    if document.direction != Direction.SALES or document.state != State.ARCHIVED:
        msg = f"document {document.id} : seule une facture de vente archivée part sur le réseau"
        raise FlowRefused(msg)
    invoice = records.load_invoice(document)
    if invoice is None or not invoice.number:
        msg = f"document {document.id} : facture non lue, rien à envoyer"
        raise FlowRefused(msg)
    acct = accounts.account(rt, document.company_id, accounts.EMISSION)
    if not _claim(document):
        place = NetworkDocument.get(NetworkDocument.document == document.id)
        if place.flow_id or place.route == Route.EREPORTING:  # the other sender finished meanwhile
            return SendResult(place.route, place.flow_id, "déjà traitée par un autre envoi", place.last_code)
        msg = "envoi déjà en cours pour cette facture (une autre tâche) : nouvel essai plus tard"
        raise PlatformError(msg, transient=True)
    try:
        return _send(rt, acct, document, invoice, user_id)
    except PlatformError as exc:  # the directory or the flow service down, slow, or refusing
        _note(document, str(exc), waiting=exc.transient)
        if not exc.transient:
            raise FlowRefused(f"refusée par la plateforme : {exc}") from exc
        raise
    finally:
        NetworkDocument.update(sending_until=None).where(NetworkDocument.document == document.id).execute()


def _claim(document: Document) -> bool:
    """Take the sending lease of the document (one sender at a time; an expired lease is taken over)."""
    now = utcnow()
    with db.atomic():
        statuses.place_of(document, route=None)
    taken = (NetworkDocument.update(sending_until=now + dt.timedelta(seconds=SENDING_LEASE))
             .where((NetworkDocument.document == document.id) & NetworkDocument.flow_id.is_null()
                    & (NetworkDocument.route != Route.EREPORTING)
                    & (NetworkDocument.sending_until.is_null() | (NetworkDocument.sending_until < now)))
             .execute())
    return taken == 1


def _send(rt: Runtime, acct: PlatformAccount, document: Document, invoice: Invoice,
          user_id: int | None) -> SendResult:
    identifier, why = _addressee(invoice)
    entries = look_up(acct, identifier) if identifier else []
    if identifier and not entries:
        why = f"acheteur {identifier} absent de l'annuaire : e-reporting"
    if not entries:
        return _to_ereporting(document, why, user_id)
    data, syntax, profile = flow_file(rt, document, invoice)
    hook = hooks_for(rt.pm, document.company)
    problems = [p for found in hook.check_network_flow(data=data, syntax=syntax, invoice=invoice, hook=hook)
                for p in (found or [])]
    if problems:
        _note(document, f"jamais envoyée : {'; '.join(problems)[:1500]}", waiting=False)
        msg = f"facture non conforme, jamais envoyée : {'; '.join(problems)[:800]}"
        raise FlowRefused(msg)
    flow = OutgoingFlow(tracking_id=tracking_id(document), name=document.filename[:255], data=data, syntax=syntax,
                        processing_rule="B2B", profile=profile)
    remote = acct.connector.send_flow(acct.settings, flow)
    if remote.ack_status == "Error":
        detail = "; ".join(remote.ack_details) or "sans détail"
        _note(document, f"refusée par la plateforme : {detail}", waiting=False)
        msg = f"refusée par la plateforme : {detail}"
        raise FlowRefused(msg)
    addressee = entries[0].addressing_identifier or identifier
    with db.atomic():
        place = statuses.place_of(document, route=Route.NETWORK)
        place.flow_id, place.tracking_id, place.config_id = remote.flow_id, flow.tracking_id, acct.config.id
        place.addressee, place.waiting_since, place.last_error, place.updated_at = addressee, None, None, utcnow()
        place.save()
        NetworkFlow.get_or_create(company=document.company_id, flow_id=remote.flow_id,
                                  defaults={"direction": "Out", "flow_type": "CustomerInvoice", "syntax": syntax,
                                            "tracking_id": flow.tracking_id, "ack_status": remote.ack_status,
                                            "document": document.id, "handled_at": utcnow()})
        events.record("network.sent", company_id=document.company_id, document_id=document.id, user_id=user_id,
                      data={"flow_id": remote.flow_id, "tracking_id": flow.tracking_id, "syntax": syntax,
                            "addressee": addressee, "platform": acct.config.connector_id})
    return SendResult(Route.NETWORK, remote.flow_id, f"déposée auprès de la plateforme (flux {remote.flow_id})",
                      place.last_code)


def _to_ereporting(document: Document, why: str, user_id: int | None) -> SendResult:
    with db.atomic():
        place = statuses.place_of(document, route=Route.EREPORTING)
        place.last_error, place.waiting_since, place.updated_at = None, None, utcnow()
        place.save()
        events.record("network.ereporting_routed", company_id=document.company_id, document_id=document.id,
                      user_id=user_id, data={"reason": why})
    return SendResult(Route.EREPORTING, None, why)


def _note(document: Document, error: str, *, waiting: bool) -> None:
    """Keep why a document did not leave (and since when it waits, when it will be tried again)."""
    with db.atomic():
        place = statuses.place_of(document, route=Route.NETWORK)
        place.last_error = error[:2000]
        place.waiting_since = (place.waiting_since or utcnow()) if waiting else None
        place.updated_at = utcnow()
        place.save()
        events.record("network.send_failed", company_id=document.company_id, document_id=document.id,
                      data={"error": error[:500], "waiting": waiting})


# ---------------------------------------------------------------------------
# Statuses decided here
# ---------------------------------------------------------------------------


def status_message(status: NetworkStatus) -> bytes:
    """The CDAR message of a status decided here, about the document's invoice."""
    document = Document.get_by_id(status.document_id)
    invoice = records.load_invoice(document)
    if invoice is None or not invoice.number:
        msg = f"document {document.id} : facture non lue, pas de statut possible"
        raise FlowRefused(msg)
    company = Company.get_by_id(document.company_id)
    sales = document.direction == Direction.SALES
    other = invoice.buyer if sales else invoice.seller
    me = cdar.Party(company.siren, company.name, "SE" if sales else "BY")
    them = cdar.Party(other.siren, other.name, "BY" if sales else "SE")
    amounts = tuple(cdar.Amount(Decimal(a), Decimal(r) if r is not None else None, c)
                    for a, r, c in (status.data or {}).get("amounts") or [])
    message = cdar.Lifecycle(
        code=status.code, invoice_number=invoice.number, invoice_date=invoice.issue_date,
        invoice_type=invoice.type_code or "380", seller_siren=company.siren if sales else invoice.seller.siren,
        reason=status.reason, reason_text=status.message, issued_at=status.created_at, issuer=me, recipient=them,
        amounts=amounts)
    return cdar.write(message, name=f"CDV-{status.code}_{invoice.number}")


def send_status(rt: Runtime, status: NetworkStatus) -> bool:
    """Hand one pending status to the platform; True when sent (or refused for good), False to try later."""
    if status.delivery != Delivery.PENDING:
        return True
    document = Document.get_by_id(status.document_id)
    place = NetworkDocument.get_or_none(NetworkDocument.document == document.id)
    purpose = accounts.RECEPTION if document.direction == Direction.PURCHASE else accounts.EMISSION
    acct = (accounts.account_by_config(rt, place.config_id) if place and place.config_id else None) or \
        accounts.account(rt, document.company_id, purpose)
    try:
        data = status_message(status)
    except (cdar.CdarError, FlowRefused) as exc:
        statuses.set_delivery(rt.pm, status, Delivery.REFUSED, error=str(exc))
        return True
    flow = OutgoingFlow(tracking_id=status.tracking_id or f"gs-{status.id}", name=f"CDV-{status.code}-{document.id}.xml",
                        data=data, syntax="CDAR", processing_rule="B2B")
    try:
        remote = acct.connector.send_flow(acct.settings, flow)
    except PlatformError as exc:
        if exc.transient:
            log.info("status %s of document %s waits: %s", status.code, document.id, exc)
            return False
        statuses.set_delivery(rt.pm, status, Delivery.REFUSED, error=str(exc))
        return True
    if remote.ack_status == "Error":
        statuses.set_delivery(rt.pm, status, Delivery.REFUSED, error="; ".join(remote.ack_details) or "refusé")
        return True
    statuses.set_delivery(rt.pm, status, Delivery.SENT, flow_id=remote.flow_id, blob_key=rt.blobs.put(data))
    return True


def send_pending(rt: Runtime, company_id: int | None = None) -> tuple[int, int]:
    """Send every pending status (of one company, or all); returns (handled, still waiting)."""
    handled = waiting = 0
    for status in statuses.pending(company_id):
        try:
            done = send_status(rt, status)
        except Exception:  # one company's trouble (no platform...) must not stop the others
            log.warning("status %s of document %s not sent", status.code, status.document_id, exc_info=True)
            done = False
        handled += done
        waiting += not done
    return handled, waiting


def collected_amounts(invoice: Invoice, paid: Decimal) -> list[list[str | None]]:
    """The amounts of a 212 Encaissée per VAT rate (MDT-207 ``MEN``): ``paid`` spread over the invoice's rates.

    A partial payment is spread in proportion of each rate's total with VAT; the last rate
    takes the rounding rest, so the amounts add up to ``paid`` exactly.
    """
    rates = [(v.rate, v.taxable_amount + v.tax_amount) for v in invoice.vat_breakdown]
    total = sum((gross for _, gross in rates), Decimal(0))
    if not rates or total == 0:
        return [[str(paid.quantize(CENT)), None, invoice.currency or "EUR"]]
    out, given = [], Decimal(0)
    for index, (rate, gross) in enumerate(rates):
        share = paid - given if index == len(rates) - 1 else (paid * gross / total).quantize(CENT, ROUND_HALF_UP)
        given += share
        out.append([str(share.quantize(CENT)), str(rate) if rate is not None else None, "EUR"])
    return out


def label_of(code: str | None) -> str:
    """The French label of a status (for the pages and the command line)."""
    return lifecycle.label(code)
