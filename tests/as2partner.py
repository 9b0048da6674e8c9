"""A customer's AS2 server on loopback, for the AS2 tests of the EDI channel.

Built on pyas2lib's own server side, the code AS2 servers are made of (django-pyas2 is
pyas2lib behind Django views): ``Message.parse`` decrypts, verifies the signature,
decompresses, detects duplicates by Message-ID and builds the (signed) MDN; the MDN goes
back in the HTTP answer (synchronous) or is posted to the sender's
``Receipt-Delivery-Option`` address afterwards (asynchronous), as RFC 4130 says.
django-pyas2 itself is not run: its last release pins pyas2lib 1.4.3, while Guichet needs
1.4.4 (a Message-ID chosen by the sender, so that a resend is recognised as a duplicate).

Faults on demand: ``down`` (HTTP 503), ``tamper`` (the MDN's bytes altered after signing),
``wrong_mic`` (a correctly signed MDN with another MIC), ``hold`` (asynchronous MDNs kept in
``held`` until :meth:`release`).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from guichet.connectors.delivery_edi import as2 as delivery_as2

AS2_ID = "DURAND-AS2"


@functools.cache
def key_and_certificate(name: str) -> tuple[str, str]:
    """A fresh RSA key (PEM) and its self-signed certificate (PEM)."""
    return delivery_as2.new_identity(name)


@dataclass
class As2Partner:
    """The running server: its identity, whom it knows, what it received."""

    port: int = 0
    as2_id: str = AS2_ID
    key: str = ""
    certificate: str = ""
    partners: dict[str, dict[str, Any]] = field(default_factory=dict)  # their AS2 id -> {"certificate", ...}
    received: dict[str, bytes] = field(default_factory=dict)  # Message-ID -> payload
    posts: int = 0
    mdns_posted: list[int] = field(default_factory=list)  # HTTP statuses of our async MDN posts
    mdn_answers: list[str] = field(default_factory=list)
    down: bool = False
    tamper: bool = False
    wrong_mic: bool = False
    hold: bool = False
    held: list[Any] = field(default_factory=list)
    _httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Its receiving address."""
        return f"http://127.0.0.1:{self.port}/as2/receive"

    def know(self, as2_id: str, certificate: str, **profile: Any) -> None:
        """Enter a trading partner (its AS2 id and certificate; sign/encrypt required by default)."""
        self.partners[as2_id] = {"certificate": certificate, **profile}

    # -- pyas2lib's server side -------------------------------------------------------

    def _org(self, as2: Any, as2_id: str) -> Any:
        if as2_id != self.as2_id:
            return None
        pem = (self.key + "\n" + self.certificate).encode()
        return as2.Organization(as2_name=self.as2_id, sign_key=pem, decrypt_key=pem, domain="durand.test")

    def _partner(self, as2: Any, as2_id: str) -> Any:
        known = self.partners.get(as2_id)
        if known is None:
            return None
        cert = known["certificate"].encode()
        return as2.Partner(as2_name=as2_id, verify_cert=cert, encrypt_cert=cert, sign=known.get("sign", True),
                           encrypt=known.get("encrypt", True))

    def handle(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes, Any]:
        """One AS2 POST: (HTTP status, answer headers, answer body, the MDN to post later or None)."""
        self.posts += 1
        if self.down:
            return 503, {"Content-Type": "text/plain"}, b"maintenance", None
        as2 = delivery_as2.pyas2lib()
        raw = "".join(f"{k}: {v}\r\n" for k, v in headers.items()).encode() + b"\r\n" + body
        message = as2.Message()
        status, _exception, mdn = message.parse(
            raw, find_org_cb=lambda i: self._org(as2, i), find_partner_cb=lambda i: self._partner(as2, i),
            find_message_cb=lambda mid, _partner: mid in self.received)
        if status == "processed":
            self.received[message.message_id] = message.content
        if mdn is None:
            return 200, {}, b"", None
        if self.wrong_mic and message.mic:
            message.mic = b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
            mdn.build(message=message, status=status)
        if mdn.mdn_mode == "ASYNC":
            return 200, {"Content-Type": "text/plain"}, b"", mdn
        content = mdn.content
        if self.tamper:
            content = content.replace(b"processed", b"processed ", 1)
        return 200, dict(mdn.headers), content, None

    def release(self) -> None:
        """Post the held asynchronous MDNs."""
        held, self.held = self.held, []
        for mdn in held:
            self.post_mdn(mdn, holding=False)

    def post_mdn(self, mdn: Any, *, holding: bool | None = None) -> None:
        """Send an asynchronous MDN where the sender asked (or keep it, when holding)."""
        if self.hold if holding is None else holding:
            self.held.append(mdn)
            return
        content = mdn.content
        if self.tamper:
            content = content.replace(b"processed", b"processed ", 1)
        answer = requests.post(mdn.mdn_url, data=content, headers=dict(mdn.headers), timeout=30)
        self.mdns_posted.append(answer.status_code)
        self.mdn_answers.append(answer.text[:3000])

    # -- HTTP ----------------------------------------------------------------------------

    def start(self) -> As2Partner:
        """Listen on loopback in a thread."""
        partner = self
        if not self.key:
            self.key, self.certificate = key_and_certificate(self.as2_id)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                code, headers, answer, later = partner.handle(dict(self.headers.items()), body)
                if later is not None and partner.hold:
                    # Held BEFORE the answer goes out: a release() the sender's test calls next finds it.
                    partner.held.append(later)
                    later = None
                self.send_response(code)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                self.wfile.flush()
                if later is not None:
                    partner.post_mdn(later)

            def log_message(self, *_args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
