"""The reference platform connector: a Plateforme Agréée speaking AFNOR XP Z12-013.

Implements :class:`guichet.core.connectors.PlatformConnector` against the OpenAPI files of
XP Z12-013 (``../shared/specs/afnor-xp-z12/api``): Annex A, the Flow Service
(``POST /v1/flows`` multipart ``flowInfo`` + ``file``, ``POST /v1/flows/search``,
``GET /v1/flows/{flowId}``) and Annex B, the Directory Service (``GET
/v1/siren/code-insee:{siren}``, ``GET /v1/directory-line/code:{id}``, ``POST
/v1/directory-line/search``). Authentication: OAuth2 client credentials (RFC 6749 §4.4)
at the platform's token URL, then ``Authorization: Bearer``.

Written on ``requests`` through :func:`guichet.core.access.outbound.http_session` (every
connection to a checked address) rather than a generated client: the two OpenAPI files are
small, and a generated client would bypass the outbound rules. Waiting and retrying for
long is the queue's job (core/network); here a request is retried only when it is cheap
and certain to help: once after a 401 with a fresh token, and after a 429 whose
``Retry-After`` is short. Every failure is a :class:`~guichet.core.errors.PlatformError`
with a French message and ``transient`` set.

The access token is cached per process and per (token URL, client id) until shortly before
it expires: it is a credential of the firm's account at the platform, not per-company state.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.access import outbound
from guichet.core.connectors import PLATFORM, DirectoryEntry, RemoteFlow, SettingField
from guichet.core.errors import OutboundRefused, PlatformError

if TYPE_CHECKING:
    import requests

    from guichet.core.connectors import OutgoingFlow
    from guichet.core.settings import Settings

log = logging.getLogger(__name__)

TIMEOUT = 30.0
#: Largest file downloaded from a platform (XP Z12-013 allows flows up to 100 MB).
MAX_DOWNLOAD = 100 * 1024 * 1024
#: A 429 asking to wait at most this long is waited for here; longer, the queue waits.
SHORT_WAIT = 5.0
#: Search pages (XP Z12-013 ``limit`` maximum) and a bound on the pages of one search.
PAGE = 100
MAX_PAGES = 1000
MIME = {"CII": "application/xml", "UBL": "application/xml", "CDAR": "application/xml", "FRR": "application/xml",
        "Factur-X": "application/pdf"}

_tokens: dict[tuple[str, str], tuple[str, float]] = {}
_tokens_lock = threading.Lock()


def _outbound(settings: dict[str, Any]) -> Settings:
    """The Settings this account's connections go through, as the core passes them (``accounts.OUTBOUND``:
    the instance's ``[outbound]`` with the hosts the firm opened for the account). Without them (a caller
    outside the core) the strictest: no host opened, so a private address is refused, never let through."""
    from guichet.core.network.accounts import OUTBOUND
    from guichet.core.settings import Settings

    return settings.get(OUTBOUND) or Settings()


class AfnorFlowPlatform:
    """A Plateforme Agréée through the XP Z12-013 Flow and Directory services."""

    id = "afnor_flow"
    label = "Plateforme agréée (API AFNOR XP Z12-013)"
    version = "1.1.0"
    kind = PLATFORM
    channel = "réseau"
    directions = frozenset({"inbound", "outbound"})
    settings_fields = (
        SettingField("url", "Adresse du service Flow (ex. https://api.flow.pa.fr/flow-service)", required=True),
        SettingField("token_url", "Adresse du jeton OAuth2", required=True),
        SettingField("client_id", "Identifiant client OAuth2", required=True),
        SettingField("client_secret", "Secret client OAuth2", required=True, secret=True),
        SettingField("directory_url", "Adresse du service Annuaire (vide : déduite du service Flow)"),
        SettingField("scope", "Portée OAuth2 (si la plateforme en demande une)"),
        SettingField("reception", "Plateforme de réception de la société", kind="bool", default=True),
        SettingField("emission", "Plateforme d'émission", kind="bool", default=True),
    )

    def check(self, settings: dict[str, Any]) -> list[str]:
        """Missing settings and refused addresses (core/access/outbound.py), in French."""
        problems = [f"« {f.label} » manquant" for f in self.settings_fields if f.required and not settings.get(f.name)]
        for name in ("url", "token_url", "directory_url"):
            if settings.get(name):
                try:
                    outbound.check_url(_outbound(settings), str(settings[name]))
                except OutboundRefused as exc:
                    problems.append(f"{name} : {exc}")
        return problems

    # --- HTTP --------------------------------------------------------------------------

    def _token(self, settings: dict[str, Any], session: requests.Session, *, fresh: bool = False) -> str:
        key = (settings["token_url"], settings["client_id"])
        with _tokens_lock:
            cached = _tokens.get(key)
            if cached and not fresh and cached[1] > time.monotonic():
                return cached[0]
        form = {"grant_type": "client_credentials"}
        if settings.get("scope"):
            form["scope"] = settings["scope"]
        credentials = (settings["client_id"], settings.get("client_secret") or "")
        try:
            # RFC 6749 §2.3.1: HTTP Basic first (which servers must support), then the credentials in the form.
            response = session.post(settings["token_url"], data=form, timeout=TIMEOUT, allow_redirects=False,
                                    auth=credentials)
            if response.status_code in (400, 401):
                response = session.post(settings["token_url"], timeout=TIMEOUT, allow_redirects=False,
                                        data={**form, "client_id": credentials[0], "client_secret": credentials[1]})
        except OutboundRefused:
            raise
        except Exception as exc:
            raise PlatformError(f"plateforme injoignable (jeton) : {_short(exc)}") from exc
        if response.status_code in (400, 401):
            raise PlatformError("identifiants OAuth2 refusés par la plateforme (client_id / client_secret)",
                                status=response.status_code, code=_json(response).get("error", ""), transient=False)
        if response.status_code != 200:
            raise PlatformError(f"jeton refusé par la plateforme (HTTP {response.status_code})",
                                status=response.status_code)
        body = _json(response)
        token = body.get("access_token")
        if not token:
            raise PlatformError("la plateforme n'a pas donné de jeton d'accès", status=200, transient=False)
        lifetime = float(body.get("expires_in") or 300)
        with _tokens_lock:
            _tokens[key] = (token, time.monotonic() + max(lifetime - 30, lifetime / 2))
        return token

    def _call(self, settings: dict[str, Any], method: str, url: str, **kwargs: Any) -> requests.Response:
        """One API call with the bearer token; raises :class:`PlatformError` for anything but 2xx."""
        attempts = 0
        with outbound.http_session(_outbound(settings)) as session:
            fresh = False
            while True:
                attempts += 1
                headers = {"Authorization": f"Bearer {self._token(settings, session, fresh=fresh)}",
                           "Accept": "application/json, application/octet-stream", **kwargs.pop("headers", {})}
                try:
                    response = session.request(method, url, headers=headers, timeout=TIMEOUT,
                                               allow_redirects=False, **kwargs)
                except OutboundRefused:
                    raise
                except Exception as exc:
                    raise PlatformError(f"plateforme injoignable : {_short(exc)}") from exc
                if 200 <= response.status_code < 300:
                    return response
                if response.status_code == 401 and not fresh:
                    fresh = True  # the token expired or was revoked: one new token, one new try
                    continue
                wait = _seconds(response.headers.get("Retry-After"))
                if response.status_code == 429 and wait is not None and wait <= SHORT_WAIT and attempts < 3:
                    time.sleep(wait)
                    continue
                raise _error(response, wait)

    # --- Flow Service ------------------------------------------------------------------

    def send_flow(self, settings: dict[str, Any], flow: OutgoingFlow) -> RemoteFlow:
        """``POST /v1/flows``, unless the platform already holds a flow with this ``trackingId``."""
        for known in self.search_flows(settings, direction="Out", tracking_id=flow.tracking_id):
            if known.ack_status != "Error":
                return known
        info = {"trackingId": flow.tracking_id, "name": flow.name[:255], "processingRule": flow.processing_rule,
                "flowSyntax": flow.syntax, "sha256": flow.sha256}
        if flow.profile:
            info["flowProfile"] = flow.profile
        files = {"flowInfo": (None, json.dumps(info), "application/json"),
                 "file": (flow.name[:255], flow.data, MIME.get(flow.syntax, "application/octet-stream"))}
        body = _json(self._call(settings, "POST", _url(settings["url"], "v1/flows"), files=files))
        return RemoteFlow(flow_id=str(body.get("flowId") or ""), tracking_id=body.get("trackingId") or flow.tracking_id,
                          direction="Out", syntax=flow.syntax, profile=flow.profile,
                          processing_rule=flow.processing_rule, submitted_at=body.get("submittedAt"),
                          updated_at=body.get("submittedAt"), ack_status="Pending", name=flow.name)

    def search_flows(self, settings: dict[str, Any], *, updated_after: str | None = None, direction: str = "In",
                     tracking_id: str | None = None) -> list[RemoteFlow]:
        """``POST /v1/flows/search``, page after page (``updatedAfter`` moves to the last flow seen)."""
        found: dict[str, RemoteFlow] = {}
        after = updated_after
        for _ in range(MAX_PAGES):
            where: dict[str, Any] = {"flowDirection": [direction]}
            if after:
                where["updatedAfter"] = after
            if tracking_id:
                where["trackingId"] = tracking_id
            body = _json(self._call(settings, "POST", _url(settings["url"], "v1/flows/search"),
                                    json={"limit": PAGE, "where": where}))
            results = [_flow(item) for item in body.get("results") or [] if isinstance(item, dict)]
            fresh = [flow for flow in results if flow.flow_id and flow.flow_id not in found]
            for flow in fresh:
                found[flow.flow_id] = flow
            last = max((flow.updated_at or "" for flow in results), default="")
            if not fresh or not last or last == after:
                break
            after = last
        return sorted(found.values(), key=lambda flow: flow.updated_at or "")

    def get_flow(self, settings: dict[str, Any], flow_id: str) -> RemoteFlow:
        """``GET /v1/flows/{flowId}`` (metadata)."""
        return _flow(_json(self._call(settings, "GET", _url(settings["url"], f"v1/flows/{_segment(flow_id)}"),
                                      params={"docType": "Metadata"})))

    def download_flow(self, settings: dict[str, Any], flow_id: str) -> bytes:
        """``GET /v1/flows/{flowId}?docType=Original`` (the file as the emitter sent it)."""
        response = self._call(settings, "GET", _url(settings["url"], f"v1/flows/{_segment(flow_id)}"),
                              params={"docType": "Original"}, stream=True)
        data = bytearray()
        for chunk in response.iter_content(65536):
            data += chunk
            if len(data) > MAX_DOWNLOAD:
                raise PlatformError(f"flux {flow_id} : fichier de plus de {MAX_DOWNLOAD // 2**20} Mo refusé",
                                    transient=False)
        return bytes(data)

    # --- Directory Service -------------------------------------------------------------

    def lookup(self, settings: dict[str, Any], identifier: str) -> list[DirectoryEntry]:
        """Directory lines of a SIREN, a SIRET, ``SIRET:ROUTING_CODE`` or an addressing identifier."""
        base = settings.get("directory_url") or str(settings["url"]).replace("flow-service", "directory-service")
        text = identifier.strip()
        if text.isdigit() and len(text) in (9, 14):
            filters = {"siren" if len(text) == 9 else "siret": {"op": "contains", "value": text}}
            return self._search_lines(settings, base, filters, text)
        siret, _, routing = text.partition(":")
        if routing and siret.isdigit() and len(siret) == 14:
            filters = {"siret": {"op": "contains", "value": siret},
                       "routingIdentifier": {"op": "contains", "value": routing}}
            return self._search_lines(settings, base, filters, siret, routing)
        try:
            response = self._call(settings, "GET", _url(base, f"v1/directory-line/code:{_segment(text)}"))
        except PlatformError as exc:
            if exc.status == 404:
                return []
            raise
        return [entry for entry in [_entry(_json(response))] if entry.siren]

    def _search_lines(self, settings: dict[str, Any], base: str, filters: dict[str, Any], number: str,
                      routing: str | None = None) -> list[DirectoryEntry]:
        entries: list[DirectoryEntry] = []
        ignore = 0
        for _ in range(MAX_PAGES):
            try:
                response = self._call(settings, "POST", _url(base, "v1/directory-line/search"),
                                      json={"filters": filters, "limit": PAGE, "ignore": ignore})
            except PlatformError as exc:
                if exc.status == 404:
                    break
                raise
            body = _json(response)
            page = [_entry(item) for item in body.get("results") or [] if isinstance(item, dict)]
            entries += page
            ignore += len(page)
            if response.status_code != 206 or not page:
                break
        # "contains" filters: keep the exact matches only.
        exact = [e for e in entries if number in (e.siren, e.siret)]
        if routing:
            exact = [e for e in exact if e.routing_code == routing]
        return exact


def _url(base: str, path: str) -> str:
    return f"{str(base).rstrip('/')}/{path}"


def _segment(value: str) -> str:
    from urllib.parse import quote

    return quote(str(value), safe=":")


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


MESSAGES = {
    400: "requête refusée par la plateforme",
    401: "accès refusé par la plateforme (jeton)",
    403: "accès interdit par la plateforme",
    404: "inconnu de la plateforme",
    413: "fichier trop volumineux pour la plateforme",
    422: "flux incohérent selon la plateforme",
    429: "trop de requêtes vers la plateforme",
}


def _error(response: requests.Response, wait: float | None) -> PlatformError:
    body = _json(response)
    code = str(body.get("errorCode") or "")
    detail = body.get("errorMessage") or body.get("message") or ""
    status = response.status_code
    text = MESSAGES.get(status) or f"plateforme indisponible (HTTP {status})"
    if status >= 500:
        text = f"plateforme indisponible (HTTP {status})"
    if status == 429 and wait is not None:
        text += f", nouvel essai dans {wait:g} s"
    extra = " — ".join(part for part in (code, str(detail)[:200]) if part)
    return PlatformError(f"{text}{f' ({extra})' if extra else ''}", status=status, code=code, retry_after=wait)


def _flow(item: dict[str, Any]) -> RemoteFlow:
    ack = item.get("acknowledgement") or {}
    details = tuple(f"{d.get('reasonCode')}: {d.get('reasonMessage')}" for d in ack.get("details") or []
                    if isinstance(d, dict))
    return RemoteFlow(flow_id=str(item.get("flowId") or ""), tracking_id=item.get("trackingId"),
                      flow_type=str(item.get("flowType") or ""), direction=str(item.get("flowDirection") or ""),
                      syntax=str(item.get("flowSyntax") or ""), profile=item.get("flowProfile"),
                      processing_rule=item.get("processingRule"), submitted_at=item.get("submittedAt"),
                      updated_at=item.get("updatedAt") or item.get("submittedAt"),
                      ack_status=str(ack.get("status") or "Pending"), ack_details=details, name=item.get("name"))


def _entry(item: dict[str, Any]) -> DirectoryEntry:
    platform = item.get("platform") or {}
    routing = item.get("routingCode") or {}
    unit = item.get("legalUnit") or {}
    return DirectoryEntry(siren=str(item.get("siren") or ""), siret=item.get("siret"),
                          routing_code=routing.get("routingIdentifier"),
                          addressing_identifier=item.get("addressingIdentifier"),
                          platform_id=platform.get("platformType"), name=unit.get("businessName"),
                          active=platform.get("platformStatus", "Enabled") == "Enabled")


@hookimpl
def register_connectors() -> list[type]:
    """The reference platform connector."""
    return [AfnorFlowPlatform]
