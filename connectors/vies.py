"""VIES: intra-EU VAT numbers checked with the European Commission's REST service.

``POST {api_url}/check-vat-number`` with ``countryCode``, ``vatNumber`` and, when we
have one, the requester's number (``requesterMemberStateCode``/``requesterNumber``):
VIES then returns a ``requestIdentifier``, the consultation number that proves
the check was made. Every answer is kept in ``ViesCheck`` as evidence.

An unreachable service, an unavailable member state (``MS_UNAVAILABLE``), a
timeout or a rate refusal (``*_MAX_CONCURRENT_REQ``) gives the status
``unverified``, never ``invalid``: only an answer ``valid: false`` (or
``INVALID_INPUT``) makes a number invalid.

The ``check_invoice`` hook (only when ``vies.enabled``): ID-VIES (warning; blocking
for the buyer of an intra-community supply, category K), ID-VIES-UNVERIFIED (info),
ID-VIES-VALID (info, with the consultation number).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stdnum.eu import vat as eu_vat

from guichet.core import hookimpl
from guichet.core.pipeline.controls import Report
from guichet.core.model.identifiers import compact

if TYPE_CHECKING:
    from collections.abc import Callable

    from guichet.core.model.invoice import Invoice
    from guichet.core.model.models import Company
    from guichet.core.settings import Settings

log = logging.getLogger(__name__)
ORIGIN = "vies"
VALID, INVALID, UNVERIFIED = "valid", "invalid", "unverified"
#: VIES error codes that mean "could not check now".
TRANSIENT = frozenset({"MS_UNAVAILABLE", "MS_MAX_CONCURRENT_REQ", "GLOBAL_MAX_CONCURRENT_REQ",
                       "SERVICE_UNAVAILABLE", "TIMEOUT", "SERVER_BUSY", "IP_BLOCKED"})


@dataclass
class ViesResult:
    """The outcome of one VIES consultation."""

    vat_id: str
    status: str  # valid | invalid | unverified
    request_identifier: str | None = None
    request_date: str | None = None
    name: str | None = None
    address: str | None = None
    error: str | None = None
    response: dict[str, Any] | None = None


def split_vat(vat_id: str) -> tuple[str, str]:
    """``("DE", "123456789")`` from ``"DE 123 456 789"`` (Greece is ``EL``)."""
    number = compact(vat_id)
    return number[:2], number[2:]


class ViesClient:
    """Client of the VIES REST API (``check-vat-number``)."""

    def __init__(self, base_url: str, *, timeout: float = 10, retries: int = 2, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        """Configure the client (no network access here)."""
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep

    def _post(self, body: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        data = json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - URL from configuration
            f"{self.base_url}/check-vat-number", data=data, method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            try:
                return exc.code, json.loads(exc.read() or b"null")
            except ValueError:
                return exc.code, None

    def check(self, vat_id: str, requester_vat: str | None = None) -> ViesResult:
        """Check ``vat_id``; never raises for network trouble (status ``unverified``)."""
        country, number = split_vat(vat_id)
        body: dict[str, Any] = {"countryCode": country, "vatNumber": number}
        if requester_vat:
            req_country, req_number = split_vat(requester_vat)
            body.update(requesterMemberStateCode=req_country, requesterNumber=req_number)
        error = "?"
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * (2 ** (attempt - 1)))
            try:
                status, payload = self._post(body)
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                error = f"service injoignable : {getattr(exc, 'reason', exc)}"
                continue
            payload = payload if isinstance(payload, dict) else {}
            codes = [w.get("error", "") for w in payload.get("errorWrappers") or [] if isinstance(w, dict)]
            user_error = payload.get("userError") or ""
            if status == 200 and "valid" in payload and user_error in ("", "VALID", "INVALID"):
                valid = bool(payload["valid"])
                return ViesResult(
                    f"{country}{number}", VALID if valid else INVALID,
                    request_identifier=payload.get("requestIdentifier") or None,
                    request_date=payload.get("requestDate"), name=payload.get("name"),
                    address=payload.get("address"), response=payload,
                )
            if "INVALID_INPUT" in codes or user_error == "INVALID_INPUT":
                return ViesResult(f"{country}{number}", INVALID, error="INVALID_INPUT", response=payload)
            error = ", ".join(codes) or user_error or f"HTTP {status}"
            if not (set(codes) & TRANSIENT or user_error in TRANSIENT or status == 429 or status >= 500):
                break
        return ViesResult(f"{country}{number}", UNVERIFIED, error=error)


def _record(result: ViesResult) -> None:
    from guichet.core.model.models import db
    from guichet.core.model.registry_models import ViesCheck

    if db.obj is None or not ViesCheck.table_exists():
        return
    with db.atomic():
        ViesCheck.create(vat_id=result.vat_id, status=result.status, request_identifier=result.request_identifier,
                         request_date=result.request_date, name=result.name, address=result.address,
                         error=result.error, response=result.response)


def check_vat(vat_id: str, *, settings: Settings, requester_vat: str | None = None,
              client: ViesClient | None = None) -> ViesResult:
    """Check ``vat_id`` (reusing a recent definite answer), and keep the evidence."""
    from guichet.core.model.models import db, utcnow
    from guichet.core.model.registry_models import ViesCheck

    country, number = split_vat(vat_id)
    if db.obj is not None and ViesCheck.table_exists():
        since = utcnow() - dt.timedelta(days=int(settings.get("vies.cache_days", 1)))
        row = (ViesCheck.select()
               .where((ViesCheck.vat_id == f"{country}{number}") & (ViesCheck.status != UNVERIFIED)
                      & (ViesCheck.checked_at > since))
               .order_by(ViesCheck.id.desc()).first())
        if row is not None:
            return ViesResult(row.vat_id, row.status, row.request_identifier, row.request_date, row.name,
                              row.address, row.error, row.response)
    client = client or ViesClient(settings.get("vies.api_url"), timeout=float(settings.get("vies.timeout", 10)),
                                  retries=int(settings.get("vies.retries", 2)))
    result = client.check(vat_id, requester_vat or settings.get("vies.requester_vat") or None)
    _record(result)
    return result


def check_parties(invoice: Invoice, company: Company | None, settings: Settings) -> Report:
    """ID-VIES* findings for the seller's and the buyer's VAT numbers."""
    report = Report(ORIGIN)
    intra = any((r.category or "").upper() == "K" for r in invoice.vat_breakdown)
    requester = (company.vat_id if company is not None else None) or None
    for party, label, bt in ((invoice.seller, "du vendeur", "BT-31"), (invoice.buyer, "de l'acheteur", "BT-48")):
        if not party.vat_id or not eu_vat.is_valid(compact(party.vat_id)):
            continue  # absent or malformed: the identity controls report it
        result = check_vat(party.vat_id, settings=settings, requester_vat=requester)
        if result.status == VALID:
            ref = f", consultation n° {result.request_identifier}" if result.request_identifier else ""
            report.info("ID-VIES-VALID", f"numéro de TVA {label} {result.vat_id} valide selon VIES{ref}", bt)
        elif result.status == INVALID:
            message = f"numéro de TVA {label} {result.vat_id} invalide selon VIES"
            if intra and label.endswith("acheteur"):
                report.block("ID-VIES", message + " : l'exonération intracommunautaire (K) ne peut s'appliquer", bt)
            else:
                report.warn("ID-VIES", message, bt)
        else:
            report.info("ID-VIES-UNVERIFIED", f"numéro de TVA {label} {result.vat_id} non vérifié : VIES "
                        f"indisponible ({result.error}) ; à refaire plus tard", bt)
    return report


@hookimpl
def check_invoice(invoice: Invoice, company: Company | None, settings: Settings) -> list:
    """VAT numbers of the seller and the buyer in VIES (when ``vies.enabled``)."""
    if not settings.get("vies.enabled", False):
        return []
    return check_parties(invoice, company, settings).result(company)
