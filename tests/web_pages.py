"""A rich instance for the page-wide web tests, and every HTML page of it.

``rich_instance(app)`` fills the instance with a firm admin, an operator, a client
user and documents in the states people meet (archived, to code, to review, rejected);
``html_pages(app, ids)`` lists the URL of every GET page of the app (the routes of
other areas too, as they are added), with the ids of that instance filled in.
``visible_text(html)`` is what a reader sees: no scripts or styles, no text marked
``lang="en"`` (official texts shown on purpose, beside their French version).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from guichet.core.access import accounts
from guichet.core.model.models import Document, User
from guichet.core.model.states import Channel
from guichet.core.pipeline import intake, pipeline

from support import CORPUS, PASSWORD

ADMIN = "admin@cabinet.fr"
OPERATOR = "operateur@cabinet.fr"
CLIENT = "client@societe.fr"
#: Corpus files and the states they reach: archived, to code, to review (schematron, identity), rejected.
FILES = ("EN16931_Einfach.pdf", "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf", "Facture_DOM_BASIC.pdf",
         "Facture_UE_EN16931.pdf", "fail3.pdf")
#: Paths never rendered as pages: files, images, the API, probes, the login pages themselves.
NOT_PAGES = re.compile(r"^/(api/|static/|healthz|metrics|login|logout|compte/lien)|\.png$|/(original|archive|fichier)$"
                       r"|/evenements$|/etat$|/etats$|\.json$|/manifest\.webmanifest$|/sw\.js$|^/documents/<int:document_id>/preuves$")


@dataclass
class Instance:
    """What :func:`rich_instance` made."""

    company: Any
    other: Any
    documents: dict[str, Document] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


def rich_instance(app: Any, firm: Any, company: Any, other_company: Any) -> Instance:
    """Users and documents in every state people meet, in ``company``."""
    rt = app.config["GUICHET_RUNTIME"]
    accounts.create_user(ADMIN, PASSWORD, firm=firm, firm_role="admin")
    accounts.create_user(OPERATOR, PASSWORD, firm=firm, firm_role="operator")
    client = accounts.create_user(CLIENT, PASSWORD, firm=firm)
    accounts.grant(client, company, "manage")
    made = Instance(company, other_company)
    for name in FILES:
        document, _ = intake.receive(rt, company, (CORPUS / name).read_bytes(), name, channel=Channel.UPLOAD)
        made.documents[name] = pipeline.run_to_rest(rt, document.id)
    empty, _ = intake.receive(rt, company, b"", "vide.pdf", channel=Channel.UPLOAD)
    made.documents["vide.pdf"] = pipeline.run_to_rest(rt, empty.id)
    made.ids = {"company_id": company.id, "user_id": User.get(User.email == CLIENT).id}
    return made


def html_pages(app: Any, instance: Instance) -> list[str]:
    """Every GET page of the app for this instance (each document page, each route with known ids)."""
    urls: list[str] = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or NOT_PAGES.search(rule.rule):
            continue
        args = set(rule.arguments)
        if args - {"company_id", "user_id", "document_id"}:
            continue
        url = rule.rule
        for name, value in instance.ids.items():
            url = url.replace(f"<int:{name}>", str(value))
        if "document_id" in args:
            for document in instance.documents.values():
                urls.append(url.replace("<int:document_id>", str(document.id)))
        elif "<" not in url:
            urls.append(url)
    return sorted(set(urls))


def _tree(html: str) -> Any:
    import lxml.html

    tree = lxml.html.fromstring(html)
    for element in tree.xpath("//script|//style|//*[@lang='en']|//template"):
        element.drop_tree()
    return tree


def visible_text(html: str) -> str:
    """The text a reader sees on a page (scripts, styles and ``lang="en"`` passages left out)."""
    return re.sub(r"\s+", " ", _tree(html).text_content())


def interface_texts(html: str) -> list[str]:
    """The page's own words, piece by piece: without what the documents say (``translate="no"``:
    names, designations, exemption texts of the invoices) nor ``lang="en"`` official texts."""
    tree = _tree(html)
    for element in tree.xpath("//*[@translate='no']"):
        element.drop_tree()
    return [re.sub(r"\s+", " ", t).strip() for t in tree.itertext() if t.strip()]


def login(client: Any, email: str) -> None:
    """Sign ``email`` in on a Flask test client."""
    client.post("/login", data={"email": email, "password": PASSWORD})
