"""Stand-in of the EU VIES REST API (``/taxation_customs/vies/rest-api``), as published.

``POST /check-vat-number`` with ``{"countryCode", "vatNumber", "requesterMemberStateCode",
"requesterNumber"}`` → 200 ``{"countryCode", "vatNumber", "requestDate", "valid", "requestIdentifier",
"name", "address", "userError": "VALID"|"INVALID"}``; the identifier is given only with a requester.
A member state listed in ``unavailable`` answers 200 with ``userError`` ``MS_UNAVAILABLE`` and
``valid: false`` (the trap: that is not "invalid"); ``overloaded`` gives 500 with
``errorWrappers`` ``GLOBAL_MAX_CONCURRENT_REQ``; a malformed request gives 400 ``INVALID_INPUT``.
"""

from __future__ import annotations

import datetime as dt
import json
from http.server import BaseHTTPRequestHandler

from standins.base import StandIn, send_json

PREFIX = "/taxation_customs/vies/rest-api"


class ViesHandler(BaseHTTPRequestHandler):
    standin: ViesStandIn

    def do_POST(self) -> None:
        s = self.standin
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            body = None
        s.requests.append({"path": self.path, "body": body})
        if self.path != f"{PREFIX}/check-vat-number":
            send_json(self, 404, {"actionSucceed": False, "errorWrappers": [{"error": "NOT_FOUND"}]})
            return
        if not isinstance(body, dict) or not body.get("countryCode") or not body.get("vatNumber"):
            send_json(self, 400, {"actionSucceed": False,
                                  "errorWrappers": [{"error": "INVALID_INPUT", "message": "Invalid input"}]})
            return
        if s.overloaded:
            send_json(self, 500, {"actionSucceed": False, "errorWrappers": [
                {"error": "GLOBAL_MAX_CONCURRENT_REQ", "message": "Maximum number of concurrent requests"}]})
            return
        country, number = body["countryCode"], body["vatNumber"]
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        if country in s.unavailable:
            send_json(self, 200, {"countryCode": country, "vatNumber": number, "requestDate": now,
                                  "valid": False, "requestIdentifier": "", "name": "---", "address": "---",
                                  "userError": "MS_UNAVAILABLE"})
            return
        valid = f"{country}{number}" in s.valid
        identifier = ""
        if body.get("requesterNumber"):
            s.counter += 1
            identifier = f"WAPIAAAAZ{s.counter:08d}"
        send_json(self, 200, {
            "countryCode": country, "vatNumber": number, "requestDate": now, "valid": valid,
            "requestIdentifier": identifier, "name": s.valid.get(f"{country}{number}", "---"),
            "address": "1 RUE DU TEST\n75008 PARIS" if valid else "---",
            "userError": "VALID" if valid else "INVALID",
        })


class ViesStandIn(StandIn):
    """The stand-in server; ``valid`` maps VAT numbers (with country code) to names."""

    handler = ViesHandler

    def __init__(self) -> None:
        super().__init__()
        self.valid: dict[str, str] = {}
        self.unavailable: set[str] = set()
        self.overloaded = False
        self.counter = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"
