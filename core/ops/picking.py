"""Picking: fetch invoices from supplier websites, one collector plugin per site.

A collector says how to log in, list the invoices and download one; this module
does the rest the same way for every site: an HTTP session, what was already
fetched (in the cursor), a person asked for a 2FA code when the site wants one
(:class:`~guichet.core.ops.connector_runs.NeedsPerson`: the configuration waits,
the answer comes back as ``settings["_answer"]``), clear errors, and back-off
(the runner spaces out runs after failures). Session cookies are kept in the
cursor under ``secret_cookies``, which the runner stores encrypted, so a
"trusted device" cookie spares the person a code at every run.

A collector plugin subclasses :class:`Collector` and registers it with
``register_connectors`` like any connector (see ``supplier_demo.py``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from guichet.core.connectors import IncomingFile, SettingField
from guichet.core.errors import ConnectorError
from guichet.core.model.states import Channel

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import requests

#: Identifiers of fetched invoices kept in the cursor (the most recent ones).
REMEMBER = 10_000
USER_AGENT = "Guichet/0.1 (collecte de factures ; +https://guichet.invalid)"

COMMON_FIELDS = (
    SettingField("username", "Identifiant sur le site", required=True),
    SettingField("password", "Mot de passe sur le site", kind="password", required=True, secret=True),
    SettingField("delay_seconds", "Pause entre deux téléchargements (secondes)", kind="int", default=1),
    SettingField("max_per_run", "Factures au plus par relevé", kind="int", default=200),
)


@dataclass
class RemoteInvoice:
    """An invoice listed on a supplier's site."""

    id: str  # stable on the site: never fetched twice
    filename: str
    url: str
    date: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Collector:
    """Base class of a supplier-site collector (stateless; a session is passed in).

    Subclasses SHALL set ``id``, ``label``, ``version`` and ``settings_fields``
    (start from :data:`COMMON_FIELDS`) and implement :meth:`login` and
    :meth:`list_invoices`; they MAY override :meth:`download`. They SHALL raise
    :class:`~guichet.core.errors.ConnectorError` with a French message for what
    a person can fix (wrong password, site changed) and
    :class:`~guichet.core.ops.connector_runs.NeedsPerson` to ask for a code.
    """

    id = "collector"
    label = "Collecte"
    version = "0"
    channel = Channel.PICKING
    directions = frozenset({"inbound"})
    settings_fields: tuple[SettingField, ...] = COMMON_FIELDS
    timeout = 60

    def check(self, settings: dict[str, Any]) -> list[str]:
        """Required fields present."""
        return [f"« {f.label} » est obligatoire" for f in self.settings_fields
                if f.required and not settings.get(f.name)]

    # -- to implement -------------------------------------------------------

    def login(self, session: requests.Session, settings: dict[str, Any], answer: str | None) -> None:
        """Log in (``answer``: the code a person typed, when one was asked)."""
        raise NotImplementedError

    def list_invoices(self, session: requests.Session, settings: dict[str, Any]) -> Iterable[RemoteInvoice]:
        """The invoices offered by the site, newest first or in any order."""
        raise NotImplementedError

    def download(self, session: requests.Session, settings: dict[str, Any], invoice: RemoteInvoice) -> bytes:
        """The bytes of one invoice (default: GET its URL)."""
        return self.get(session, invoice.url).content

    # -- helpers --------------------------------------------------------------

    def get(self, session: requests.Session, url: str, **kwargs: Any) -> requests.Response:
        """GET with a timeout and readable errors."""
        return self._checked(session.get(url, timeout=self.timeout, **kwargs), url)

    def post(self, session: requests.Session, url: str, **kwargs: Any) -> requests.Response:
        """POST with a timeout and readable errors."""
        return self._checked(session.post(url, timeout=self.timeout, **kwargs), url)

    @staticmethod
    def _checked(response: requests.Response, url: str) -> requests.Response:
        if response.status_code in (429, 503):
            msg = f"le site limite les accès ({response.status_code}) : nouvel essai plus tard"
            raise ConnectorError(msg)
        if response.status_code >= 400:
            msg = f"le site a répondu {response.status_code} pour {url}"
            raise ConnectorError(msg)
        return response

    # -- the connector --------------------------------------------------------

    def fetch(self, settings: dict[str, Any], cursor: dict[str, Any]) -> Iterator[IncomingFile]:
        """Log in, list, download what is new; remember it in the cursor."""
        problems = self.check(settings)
        if problems:
            raise ConnectorError("; ".join(problems))
        import requests  # here, not at import: loading the plugins must stay light (command-line start-up)

        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        for cookie in cursor.get("secret_cookies") or []:
            session.cookies.set(cookie["name"], cookie["value"], domain=cookie.get("domain", ""),
                                path=cookie.get("path", "/"))
        try:
            self.login(session, settings, settings.get("_answer"))
            cursor["secret_cookies"] = _cookies(session)
            fetched: list[str] = list(cursor.get("fetched", []))
            known = set(fetched)
            limit = int(settings.get("max_per_run") or 200)
            delay = float(settings.get("delay_seconds") or 0)
            count = 0
            for invoice in self.list_invoices(session, settings):
                if invoice.id in known:
                    continue
                if count >= limit:
                    break
                if count and delay:
                    time.sleep(delay)
                data = self.download(session, settings, invoice)
                yield IncomingFile(data, invoice.filename, None, {
                    "portal": self.id, "remote_id": invoice.id, "remote_date": invoice.date, **invoice.extra})
                known.add(invoice.id)
                fetched.append(invoice.id)
                cursor["fetched"] = fetched[-REMEMBER:]
                count += 1
            cursor["secret_cookies"] = _cookies(session)
        except requests.RequestException as exc:
            msg = f"site injoignable : {type(exc).__name__}"
            raise ConnectorError(msg) from exc


def _cookies(session: requests.Session) -> list[dict[str, Any]]:
    return [{"name": c.name, "value": c.value, "domain": c.domain, "path": c.path}
            for c in session.cookies if not c.is_expired()]
