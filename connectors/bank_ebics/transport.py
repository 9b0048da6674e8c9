"""Posting EBICS documents to the bank: through the outbound policy, retried on network faults.

Every connection goes through :func:`guichet.core.access.outbound.http_session`, so the bank's URL
may not reach the instance's own network unless the instance administrator opened that host for this
access (``guichet payments ebics configure --allow-host``, kept in :attr:`EbicsAccess.allowed_hosts`;
no page can write it). The URL must be ``https`` (EBICS requires TLS) except towards such an opened
host (a stand-in bank on loopback in the tests).

Retries: a connection that fails or is cut before an answer arrives is tried again, up to
``attempts`` times with a growing pause. Retrying is safe in EBICS: an initialisation that the bank
did receive is answered "message replayed" (the order is then reported, never duplicated), and an
upload whose segments did not all arrive is never executed by the bank.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from guichet.connectors.bank_ebics.messages import EbicsFailure
from guichet.core.access import outbound
from guichet.core.errors import OutboundRefused

if TYPE_CHECKING:
    import requests
    from lxml import etree

    from guichet.core.model.ebics_models import EbicsAccess
    from guichet.core.settings import Settings

CONTENT_TYPE = "text/xml; charset=UTF-8"
MAX_RESPONSE = 64 * 1024 * 1024


def connection_settings(settings: Settings, access: EbicsAccess) -> Settings:
    """The instance's outbound settings plus the hosts the administrator opened for this access."""
    from guichet.core.network.accounts import ADMIN_HOSTS, outbound_settings

    return outbound_settings(settings, {ADMIN_HOSTS: list(access.allowed_hosts or [])})


def check_url(settings: Settings, url: str, allowed_hosts: list[str] | tuple[str, ...] = ()) -> str:
    """The bank's URL, checked: https (unless its host was opened by the administrator), allowed by the policy.

    :raises EbicsFailure: with the French reason.
    """
    url = (url or "").strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        msg = f"adresse du serveur EBICS invalide : {url!r} (https://… attendu)"
        raise EbicsFailure(msg)
    from guichet.core.network.accounts import ADMIN_HOSTS, outbound_settings

    try:
        outbound.check_url(outbound_settings(settings, {ADMIN_HOSTS: list(allowed_hosts)}), url)
    except OutboundRefused as exc:
        raise EbicsFailure(str(exc)) from None
    opened = host in {h.strip().strip("[]").lower() for h in allowed_hosts}
    if parts.scheme != "https" and not opened:
        msg = "le serveur EBICS doit être joint en https"
        raise EbicsFailure(msg)
    return url


class Transport:
    """One bank URL: ``post(document) -> bytes``, with retries; ``sent`` counts the attempts, ``repeats`` the
    requests sent again after an attempt whose answer never came (the bank may have acted on the first copy)."""

    def __init__(self, settings: Settings, access: EbicsAccess, *, attempts: int | None = None,
                 pause: float | None = None, timeout: float | None = None) -> None:
        self.settings = connection_settings(settings, access)
        self.url = check_url(settings, access.url, list(access.allowed_hosts or []))
        self.attempts = attempts or int(settings.get("ebics.attempts", 3))
        self.pause = float(settings.get("ebics.retry_pause", 2.0)) if pause is None else pause
        self.timeout = timeout or float(settings.get("ebics.timeout", 60))
        self.session = outbound.http_session(self.settings)
        self.sent = 0
        self.repeats = 0

    def post(self, document: etree._Element) -> bytes:
        """Send one request, return the bank's answer (bytes of XML).

        :raises EbicsFailure: when the bank stays unreachable, answers with an HTTP error, or the
            policy refuses the host.
        """
        import requests
        from painfree.ebics3 import serialize_request

        body = serialize_request(document)
        last = ""
        for attempt in range(1, self.attempts + 1):
            try:
                self.sent += 1
                self.repeats += attempt > 1
                response = self.session.post(self.url, data=body, headers={"Content-Type": CONTENT_TYPE},
                                             timeout=self.timeout, allow_redirects=False, stream=True)
                with response:
                    status = response.status_code
                    content = read_capped(response) if status == 200 else b""
            except OutboundRefused as exc:
                raise EbicsFailure(str(exc)) from None
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
                last = type(exc).__name__
                if attempt < self.attempts:
                    time.sleep(self.pause * attempt)
                continue
            if status in (502, 503, 504) and attempt < self.attempts:
                last = f"HTTP {status}"
                time.sleep(self.pause * attempt)
                continue
            if status != 200:
                msg = f"le serveur EBICS a répondu HTTP {status}"
                raise EbicsFailure(msg, retryable=status >= 500)
            return content
        msg = f"serveur EBICS injoignable ({last}) après {self.attempts} tentative(s) : réessayez plus tard"
        raise EbicsFailure(msg, retryable=True)


def read_capped(response: requests.Response, limit: int | None = None) -> bytes:
    """The body of a streamed answer, read by chunks and abandoned as soon as it passes ``limit`` bytes.

    The announced ``Content-Length`` is refused first; a body without one (or lying) is cut at the limit, so
    a server cannot make the instance hold more than ``limit`` bytes of one answer.
    """
    limit = MAX_RESPONSE if limit is None else limit
    too_big = f"réponse du serveur EBICS trop volumineuse (plus de {limit // 2**20 or 1} Mo)"
    announced = response.headers.get("Content-Length", "")
    if announced.strip().isdigit() and int(announced) > limit:
        raise EbicsFailure(too_big)
    data = bytearray()
    for chunk in response.iter_content(65536):
        data += chunk
        if len(data) > limit:
            raise EbicsFailure(too_big)
    return bytes(data)
