"""Example collector: a supplier portal with a login form, CSRF token, 2FA code and paged list.

Written for the stand-in portal of the tests, and a template for real sites: the
page shapes (form fields, table rows with ``data-invoice-id``, a ``rel=next``
link) are what most supplier extranets look like. HTML is read with lxml.html.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import lxml.html

from guichet.core.ops.picking import COMMON_FIELDS, Collector, RemoteInvoice
from guichet.core import hookimpl
from guichet.core.connectors import SettingField
from guichet.core.errors import ConnectorError

if TYPE_CHECKING:
    from collections.abc import Iterator

    import requests

MAX_PAGES = 100


class DemoPortalCollector(Collector):
    """Invoices from a portal shaped like ``tests/supplier_portal.py``."""

    id = "supplier_demo"
    label = "Portail fournisseur (exemple)"
    version = "1.0"
    settings_fields = (SettingField("base_url", "Adresse du portail", required=True), *COMMON_FIELDS)

    def login(self, session: requests.Session, settings: dict[str, Any], answer: str | None) -> None:
        """Reuse the session if still valid; otherwise post the login form (then the code)."""
        from guichet.core.ops.connector_runs import NeedsPerson

        base = settings["base_url"].rstrip("/") + "/"
        page = self.get(session, urljoin(base, "invoices"), allow_redirects=True)
        if "/login" not in page.url and "/2fa" not in page.url:
            return  # the remembered session still works
        if "/login" in page.url:
            form = _form(page, "password")
            form.update(username=settings["username"], password=settings["password"])
            page = self.post(session, urljoin(page.url, _action(page, "password")), data=form)
            if "/login" in page.url:
                raise ConnectorError("identifiant ou mot de passe refusé par le portail")
        if "/2fa" in page.url:
            if not answer:
                raise NeedsPerson("Le portail demande le code reçu par SMS ou courriel : saisissez-le")
            form = _form(page, "code")
            form["code"] = answer.strip()
            form["remember"] = "1"
            page = self.post(session, urljoin(page.url, _action(page, "code")), data=form)
            if "/2fa" in page.url:
                raise NeedsPerson("Code refusé par le portail : saisissez le nouveau code reçu")

    def list_invoices(self, session: requests.Session, settings: dict[str, Any]) -> Iterator[RemoteInvoice]:
        """Walk the paged list through its ``rel=next`` links."""
        url = urljoin(settings["base_url"].rstrip("/") + "/", "invoices")
        for _ in range(MAX_PAGES):
            response = self.get(session, url)
            tree = lxml.html.fromstring(response.content, base_url=response.url)
            rows = tree.xpath("//tr[@data-invoice-id]")
            if not rows and not tree.xpath("//table[@id='invoices']"):
                raise ConnectorError("la page des factures du portail a changé (tableau introuvable)")
            for row in rows:
                link = row.xpath(".//a[@download or contains(@href, '.pdf')]/@href")
                if not link:
                    continue
                date = (row.xpath("string(.//td[@class='date'])") or "").strip() or None
                yield RemoteInvoice(id=row.get("data-invoice-id"), filename=link[0].rsplit("/", 1)[-1],
                                    url=urljoin(response.url, link[0]), date=date)
            nxt = tree.xpath("//a[@rel='next']/@href")
            if not nxt:
                return
            url = urljoin(response.url, nxt[0])


def _form(page: requests.Response, field: str) -> dict[str, str]:
    """The hidden inputs (CSRF token...) of the form that has an input named ``field``."""
    tree = lxml.html.fromstring(page.content)
    forms = [f for f in tree.forms if f.xpath(f".//input[@name='{field}']")]
    if not forms:
        msg = f"formulaire « {field} » introuvable sur {page.url} : le portail a changé"
        raise ConnectorError(msg)
    return {i.get("name"): i.get("value") or "" for i in forms[0].xpath(".//input[@type='hidden'][@name]")}


def _action(page: requests.Response, field: str) -> str:
    tree = lxml.html.fromstring(page.content)
    forms = [f for f in tree.forms if f.xpath(f".//input[@name='{field}']")]
    return forms[0].get("action") or page.url


@hookimpl
def register_connectors() -> list[type]:
    """The example supplier-portal collector."""
    return [DemoPortalCollector]
