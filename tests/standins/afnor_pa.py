"""Stand-in of a Plateforme Agréée speaking AFNOR XP Z12-013 (Annex A Flow Service, Annex B Directory Service).

Follows ``../shared/specs/afnor-xp-z12/api/flow-service-1.1.0.swagger.json`` and
``directory-service-1.1.0.swagger.json`` (checked against them by tests/test_connectors_afnor_flow.py):

- ``POST /oauth/token`` (OAuth2 client credentials, RFC 6749 §4.4: form ``grant_type=client_credentials``,
  client authenticated by HTTP Basic or ``client_id``/``client_secret`` in the form) →
  ``{"access_token", "token_type": "Bearer", "expires_in"}``; wrong client → 401 ``invalid_client``.
- ``POST /flow-service/v1/flows``: multipart ``flowInfo`` (JSON ``FlowInfo``) + ``file`` → 202 ``FullFlowInfo``.
  Missing part or ``flowSyntax`` → 400 ``MISSING_REQUIRED_FIELD``; ``sha256`` not the file's → 422;
  file over ``max_size`` → 413 ``FILE_SIZE_EXCEEDED``; a ``trackingId`` already used → the new flow's
  acknowledgement is ``Error`` with ``AlreadyExistingFlow`` (the spec's reason code).
  An invoice flow (CII, UBL, Factur-X) gets a lifecycle flow 200 Déposée (CDAR, direction In) at once.
- ``POST /flow-service/v1/flows/search`` (``SearchFlowParams``: ``where`` with at least one criterion,
  ``limit`` ≤ 100) → ``SearchFlowContent``, oldest ``updatedAt`` first, paginated by ``updatedAfter``.
- ``GET /flow-service/v1/flows/{flowId}?docType=Metadata|Original`` → ``Flow`` JSON, or the file
  (``application/octet-stream``, ``Content-Disposition: attachment;filename=...``); unknown → 404.
- ``GET /flow-service/v1/healthcheck`` → 200.
- Directory Service: ``GET /directory-service/v1/siren/code-insee:{siren}``,
  ``GET /directory-service/v1/directory-line/code:{addressing-identifier}``,
  ``POST /directory-service/v1/directory-line/search`` (filters siren / siret / routingIdentifier /
  addressingIdentifier, ``limit`` + ``ignore``; 206 when the page is not the whole answer).
- Every API call needs ``Authorization: Bearer <token>`` (missing → 401 ``MISSING_TOKEN``, expired → 401
  ``INVALID_TOKEN``); more than ``limit`` calls in ``window`` seconds → 429 ``TOO_MANY_REQUESTS`` with
  ``Retry-After``; ``fail_next`` > 0 → that many 503 ``RESOURCE_ERROR``; ``down`` → 503 on every call.

Test helpers: :meth:`PlatformStandIn.deliver_invoice` puts a received invoice (direction In) on the
platform, :meth:`PlatformStandIn.deliver_status` a lifecycle message about a flow sent earlier.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.parser
import email.policy
import hashlib
import json
import re
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from standins.base import StandIn, send_json

SPECS = Path(__file__).resolve().parents[2] / ".." / "shared" / "specs" / "afnor-xp-z12"
CDAR_TEMPLATE = SPECS / "examples-z12-012" / "Cycle de Vie - CDAR" / "_Cas Nominal" / "UC1_F202500003_01-CDV-200_Deposee.xml"
FLOW = "/flow-service"
DIRECTORY = "/directory-service"
INVOICE_SYNTAXES = {"CII", "UBL", "Factur-X"}
ENUMS = {
    "flowSyntax": {"CII", "UBL", "Factur-X", "CDAR", "FRR"},
    "processingRule": {"B2B", "B2BInt", "B2C", "OutOfScope", "ArchiveOnly", "NotApplicable"},
    "flowProfile": {"Basic", "CIUS", "Extended-CTC-FR"},
}


def _error(handler: BaseHTTPRequestHandler, status: int, code: str, message: str | None = None,
           headers: dict[str, str] | None = None) -> None:
    body = {"errorCode": code} if message is None else {"errorCode": code, "errorMessage": message}
    send_json(handler, status, body, headers)  # errorMessage is a string, never null (the schema)


def cdar_message(invoice_number: str, code: str, *, reason: str | None = None, seller_siren: str = "100000009",
                 invoice_date: str = "20250701", at: dt.datetime | None = None) -> bytes:
    """A lifecycle message made from XP Z12-012's own example (200 Déposée), with another status and invoice."""
    at = at or dt.datetime.now(dt.UTC)
    stamp = at.strftime("%Y%m%d%H%M%S")
    text = CDAR_TEMPLATE.read_bytes().decode("utf-8-sig")
    text = re.sub(r"<!--.*?-->", "", text)
    text = text.replace("F202500003_200_20250701151000#380_20250701", f"{invoice_number}_{code}_{stamp}#380_{invoice_date}")
    text = text.replace("<ram:IssuerAssignedID>F202500003<", f"<ram:IssuerAssignedID>{invoice_number}<")
    text = text.replace(">20250701151000<", f">{stamp}<").replace(">20250701<", f">{invoice_date}<")
    text = text.replace("100000009", seller_siren)
    text = text.replace("<ram:ProcessConditionCode>200<", f"<ram:ProcessConditionCode>{code}<")
    text = text.replace("<ram:ProcessCondition>Déposée<", f"<ram:ProcessCondition>S{code}<")
    if reason:
        text = text.replace("</ram:IssuerTradeParty>\n          </ram:ReferenceReferencedDocument>",
                            "</ram:IssuerTradeParty>\n<ram:SpecifiedDocumentStatus><ram:ReasonCode>"
                            f"{reason}</ram:ReasonCode></ram:SpecifiedDocumentStatus>"
                            "\n          </ram:ReferenceReferencedDocument>")
    return text.encode("utf-8")


class PlatformHandler(BaseHTTPRequestHandler):
    standin: PlatformStandIn
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        """No Nagle delay: headers and body are separate writes (else 40 ms per answer with delayed ACKs)."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # --- plumbing -----------------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _gate(self, body_size: int = 0) -> bool:
        """Authentication, outages and the rate limit, in the order a real gateway applies them."""
        s = self.standin
        with s._lock:
            s.requests.append({"method": self.command, "path": self.path, "size": body_size, "at": time.monotonic()})
            if s.down:
                _error(self, 503, "RESOURCE_ERROR", "maintenance")
                return False
            if s.fail_next > 0:
                s.fail_next -= 1
                _error(self, 503, "RESOURCE_ERROR", None)
                return False
        auth = self.headers.get("Authorization") or ""
        if not auth.startswith("Bearer "):
            _error(self, 401, "MISSING_TOKEN")
            return False
        expiry = s.tokens.get(auth[7:])
        if expiry is None or expiry < time.monotonic():
            _error(self, 401, "INVALID_TOKEN", "token expired or unknown")
            return False
        now = time.monotonic()
        with s._lock:
            s.calls = [t for t in s.calls if now - t < s.window]
            if len(s.calls) >= s.limit:
                s.refused += 1
                _error(self, 429, "TOO_MANY_REQUESTS", "The client emitted too many requests",
                       {"Retry-After": str(s.retry_after)})
                return False
            s.calls.append(now)
        return True

    # --- routes -------------------------------------------------------------------------

    def do_POST(self) -> None:  # http.server naming
        path = urlsplit(self.path).path
        body = self._body()
        if path == "/oauth/token":
            self._token(body)
            return
        if not self._gate(len(body)):
            return
        if path == f"{FLOW}/v1/flows":
            self._create(body)
        elif path == f"{FLOW}/v1/flows/search":
            self._search(body)
        elif path == f"{DIRECTORY}/v1/directory-line/search":
            self._directory_search(body)
        else:
            _error(self, 404, "MISSING_RESOURCE", "Requested resource is Not Found")

    def do_GET(self) -> None:  # http.server naming
        parts = urlsplit(self.path)
        if parts.path == f"{FLOW}/v1/healthcheck":
            self.send_response(503 if self.standin.down else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not self._gate():
            return
        query = parse_qs(parts.query)
        flow = re.fullmatch(rf"{FLOW}/v1/flows/([^/]+)", parts.path)
        siren = re.fullmatch(rf"{DIRECTORY}/v1/siren/code-insee:(\d+)", parts.path)
        line = re.fullmatch(rf"{DIRECTORY}/v1/directory-line/code:(.+)", parts.path)
        if flow:
            self._get_flow(flow.group(1), (query.get("docType") or ["Metadata"])[0])
        elif siren:
            self._siren(siren.group(1))
        elif line:
            self._line(line.group(1))
        else:
            _error(self, 404, "MISSING_RESOURCE", "Requested resource is Not Found")

    def _token(self, body: bytes) -> None:
        s = self.standin
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        client_id, secret = form.get("client_id"), form.get("client_secret")
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Basic ") and s.basic_auth:
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        s.token_requests += 1
        if form.get("grant_type") != "client_credentials":
            send_json(self, 400, {"error": "unsupported_grant_type"})
            return
        if (client_id, secret) != (s.client_id, s.client_secret):
            send_json(self, 401, {"error": "invalid_client"})
            return
        token = uuid.uuid4().hex
        s.tokens[token] = time.monotonic() + s.token_lifetime
        send_json(self, 200, {"access_token": token, "token_type": "Bearer", "expires_in": int(s.token_lifetime)})

    def _create(self, body: bytes) -> None:
        s = self.standin
        ctype = self.headers.get("Content-Type") or ""
        if not ctype.startswith("multipart/form-data"):
            _error(self, 400, "MISSING_REQUIRED_FIELD", "multipart/form-data expected")
            return
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {ctype}\r\n\r\n".encode() + body)
        parts = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        if "flowInfo" not in parts or "file" not in parts:
            _error(self, 400, "MISSING_REQUIRED_FIELD", "flowInfo and file are required")
            return
        try:
            info = json.loads(parts["flowInfo"].get_payload(decode=True))
        except ValueError:
            _error(self, 400, "INVALID_FORMAT", "flowInfo is not JSON")
            return
        data = parts["file"].get_payload(decode=True) or b""
        if not info.get("flowSyntax"):
            _error(self, 400, "MISSING_REQUIRED_FIELD", "flowSyntax is required")
            return
        for name, allowed in ENUMS.items():
            if name in info and info[name] not in allowed:
                _error(self, 400, "INVALID_VALUE", f"{name}: {info[name]}")
                return
        if len(str(info.get("trackingId") or "")) > 36:
            _error(self, 400, "INVALID_VALUE", "trackingId: maxLength 36")
            return
        if len(data) > s.max_size:
            _error(self, 413, "FILE_SIZE_EXCEEDED", "Provided file is too big")
            return
        digest = hashlib.sha256(data).hexdigest()
        if info.get("sha256") and info["sha256"] != digest:
            _error(self, 422, "UNPROCESSABLE_ENTITY", "ChecksumMismatch")
            return
        tracking = info.get("trackingId")
        duplicate = bool(tracking) and any(f["trackingId"] == tracking for f in s.flows.values())
        syntax = info["flowSyntax"]
        flow_type = {"CDAR": "SupplierInvoiceLC", "FRR": "AggregatedCustomerTransactionReport"}.get(
            syntax, "CustomerInvoice")
        ack = {"status": "Ok"}
        if duplicate:
            ack = {"status": "Error", "details": [{"level": "Error", "item": "trackingId",
                                                   "reasonCode": "AlreadyExistingFlow",
                                                   "reasonMessage": "The flow has already been sent and received"}]}
        flow = s.add_flow(data, name=info.get("name") or "flow", syntax=syntax, direction="Out",
                          flow_type=flow_type, tracking_id=tracking, processing_rule=info.get("processingRule"),
                          profile=info.get("flowProfile"), ack=ack)
        if syntax in INVOICE_SYNTAXES and not duplicate:
            number = s.invoice_number(data) or flow["flowId"]
            s.sent_invoices[flow["flowId"]] = number
            if s.auto_deposit:
                s.deliver_status(flow["flowId"], "200")
        send_json(self, 202, {"flowId": flow["flowId"], "submittedAt": flow["submittedAt"],
                              **{k: v for k, v in info.items() if k in
                                 ("trackingId", "name", "processingRule", "flowSyntax", "flowProfile")},
                              "sha256": digest})

    def _search(self, body: bytes) -> None:
        s = self.standin
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            _error(self, 400, "INVALID_FORMAT", "JSON expected")
            return
        where = params.get("where")
        if not isinstance(where, dict) or not where:
            _error(self, 400, "MISSING_REQUIRED_FIELD", "where: at least one criterion")
            return
        limit = params.get("limit", 25)
        if not isinstance(limit, int) or limit < 1 or limit > 100:
            _error(self, 400, "INVALID_VALUE", "limit: 1..100")
            return
        found = sorted(s.flows.values(), key=lambda f: f["updatedAt"])
        if where.get("updatedAfter"):
            found = [f for f in found if f["updatedAt"] > where["updatedAfter"]]
        if where.get("updatedBefore"):
            found = [f for f in found if f["updatedAt"] < where["updatedBefore"]]
        for key in ("flowDirection", "flowType", "processingRule"):
            if where.get(key):
                found = [f for f in found if f.get(key) in where[key]]
        if where.get("trackingId"):
            found = [f for f in found if f["trackingId"] == where["trackingId"]]
        if where.get("ackStatus"):
            found = [f for f in found if f["acknowledgement"]["status"] == where["ackStatus"]]
        results = [_public(f) for f in found[: min(limit, s.page_size)]]
        send_json(self, 200, {"limit": limit, "filters": where, "results": results})

    def _get_flow(self, flow_id: str, doc_type: str) -> None:
        flow = self.standin.flows.get(flow_id)
        if flow is None:
            _error(self, 404, "MISSING_RESOURCE", "Requested resource is Not Found")
            return
        if doc_type == "Metadata":
            send_json(self, 200, _public(flow))
            return
        if doc_type != "Original":
            _error(self, 404, "MISSING_RESOURCE", f"no {doc_type} document")
            return
        with self.standin._lock:
            if self.standin.downloads_left is not None:
                if self.standin.downloads_left <= 0:
                    _error(self, 503, "RESOURCE_ERROR", "down mid-batch")
                    return
                self.standin.downloads_left -= 1
        data = flow["_data"]
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Disposition", f"attachment;filename={flow['_name']}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _siren(self, siren: str) -> None:
        lines = [line for line in self.standin.directory if line["siren"] == siren]
        if not lines:
            send_json(self, 404, {"type": "about:blank", "status": 404, "message": "Not found"})
            return
        send_json(self, 200, {"siren": siren, "businessName": lines[0].get("name"), "entityType": "PrivateVatRegistered",
                              "administrativeStatus": "A"})

    def _line(self, identifier: str) -> None:
        for line in self.standin.directory:
            if line["addressingIdentifier"] == identifier:
                send_json(self, 200, _line_payload(line))
                return
        send_json(self, 404, {"type": "about:blank", "status": 404, "message": "Not found"})

    def _directory_search(self, body: bytes) -> None:
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            send_json(self, 400, {"type": "about:blank", "status": 400, "message": "JSON expected"})
            return
        filters = params.get("filters") or {}
        if not filters:
            send_json(self, 400, {"type": "about:blank", "status": 400, "message": "filters required"})
            return
        found = list(self.standin.directory)
        for key, field in (("siren", "siren"), ("siret", "siret"), ("routingIdentifier", "routingIdentifier"),
                           ("addressingIdentifier", "addressingIdentifier")):
            if key in filters:
                value = str((filters[key] or {}).get("value") or "")
                found = [line for line in found if value and value in str(line.get(field) or "")]
        ignore, limit = int(params.get("ignore") or 0), int(params.get("limit") or 50)
        page = found[ignore:ignore + min(limit, self.standin.page_size)]
        status = 206 if ignore + len(page) < len(found) else 200
        send_json(self, status, {"search": params, "totalNumberOfResults": len(found),
                                 "results": [_line_payload(line) for line in page]})


def _public(flow: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in flow.items() if not k.startswith("_") and v is not None}


def _line_payload(line: dict[str, Any]) -> dict[str, Any]:
    payload = {"addressingIdentifier": line["addressingIdentifier"], "siren": line["siren"],
               "platform": {"platformType": "WK", "platformStatus": "Enabled" if line.get("active", True) else "Disabled"},
               "legalUnit": {"businessName": line.get("name"), "entityType": "PrivateVatRegistered", "administrativeStatus": "A"}}
    if line.get("siret"):
        payload["siret"] = line["siret"]
    if line.get("routingIdentifier"):
        payload["routingCode"] = {"routingIdentifier": line["routingIdentifier"], "administrativeStatus": "A"}
    return payload


class PlatformStandIn(StandIn):
    """The stand-in platform; its state is public for the tests."""

    handler = PlatformHandler

    def __init__(self, client_id: str = "guichet", client_secret: str = "s3cret", *, limit: int = 1000,
                 basic_auth: bool = True,
                 window: float = 1.0, retry_after: int = 1, token_lifetime: float = 300.0,
                 max_size: int = 100 * 1024 * 1024, page_size: int = 100) -> None:
        super().__init__()
        self.client_id, self.client_secret = client_id, client_secret
        self.basic_auth = basic_auth  # False: a server accepting the credentials in the form only
        self.limit, self.window, self.retry_after = limit, window, retry_after
        self.token_lifetime = token_lifetime
        self.max_size = max_size
        self.page_size = page_size
        self.tokens: dict[str, float] = {}
        self.token_requests = 0
        self.calls: list[float] = []
        self.refused = 0
        self.fail_next = 0
        self.down = False
        self.downloads_left: int | None = None  # that many downloads succeed, then 503 (down mid-batch)
        self.auto_deposit = True
        self.flows: dict[str, dict[str, Any]] = {}
        self.sent_invoices: dict[str, str] = {}  # flowId of an invoice sent → its number
        self.received_invoices: dict[str, str] = {}  # flowId of an invoice delivered → its number
        self.directory: list[dict[str, Any]] = []
        self._clock = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
        self._tick = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{FLOW}"

    @property
    def directory_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{DIRECTORY}"

    @property
    def token_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/oauth/token"

    def _now(self) -> str:
        """A strictly increasing timestamp (pagination by ``updatedAfter`` needs distinct values)."""
        with self._tick:
            self._clock = max(self._clock + dt.timedelta(milliseconds=1), dt.datetime.now(dt.UTC))
            return self._clock.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def add_flow(self, data: bytes, *, name: str, syntax: str, direction: str, flow_type: str,
                 tracking_id: str | None = None, processing_rule: str | None = "B2B", profile: str | None = None,
                 ack: dict[str, Any] | None = None) -> dict[str, Any]:
        now = self._now()
        flow = {"flowId": uuid.uuid4().hex[:24], "trackingId": tracking_id, "submittedAt": now, "updatedAt": now,
                "flowType": flow_type, "processingRule": processing_rule, "processingRuleSource": "Input",
                "flowDirection": direction, "flowSyntax": syntax, "flowProfile": profile,
                "acknowledgement": ack or {"status": "Ok"}, "_data": data, "_name": name}
        with self._lock:
            self.flows[flow["flowId"]] = flow
        return flow

    def deliver_invoice(self, data: bytes, name: str = "facture.xml", syntax: str = "CII") -> str:
        """A supplier's invoice arrives for the company (direction In); returns its flow id."""
        flow_id = self.add_flow(data, name=name, syntax=syntax, direction="In", flow_type="SupplierInvoice")["flowId"]
        self.received_invoices[flow_id] = self.invoice_number(data) or flow_id
        return flow_id

    def deliver_status(self, invoice_flow_id: str, code: str, reason: str | None = None,
                       data: bytes | None = None) -> str:
        """A lifecycle message about an invoice (sent or received) arrives (direction In); returns its flow id."""
        number = (self.sent_invoices.get(invoice_flow_id) or self.received_invoices.get(invoice_flow_id)
                  or invoice_flow_id)
        body = data if data is not None else cdar_message(number, code, reason=reason)
        flow_type = "CustomerInvoiceLC" if invoice_flow_id in self.sent_invoices else "SupplierInvoiceLC"
        return self.add_flow(body, name=f"CDV-{code}.xml", syntax="CDAR", direction="In",
                             flow_type=flow_type)["flowId"]

    def add_line(self, siren: str, *, siret: str | None = None, routing: str | None = None,
                 name: str = "ACHETEUR", active: bool = True, identifier: str | None = None) -> None:
        """A directory line: the addressee receives through some platform."""
        self.directory.append({"siren": siren, "siret": siret, "routingIdentifier": routing, "name": name,
                               "active": active, "addressingIdentifier": identifier or f"{siren}_{routing or 'FACTURES'}"})

    @staticmethod
    def invoice_number(data: bytes) -> str | None:
        """The invoice number (BT-1) of a CII or UBL file, read with a pattern (the stand-in needs no more)."""
        text = data.decode("utf-8", "replace")
        found = re.search(r"<rsm:ExchangedDocument>\s*<ram:ID>([^<]+)</ram:ID>", text) or re.search(
            r"<cbc:ID>([^<]+)</cbc:ID>", text)
        return found.group(1).strip() if found else None
