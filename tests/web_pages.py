"""A rich instance for the page-wide web tests, and every HTML page of it.

``rich_instance(app)`` fills the instance with a firm admin, an operator, a client
user and documents in the states people meet (archived, to code, to review, rejected);
``html_pages(app, ids)`` lists the URL of every GET page of the app (the routes of
other areas too, as they are added), with the ids of that instance filled in.
``visible_text(html)`` is what a reader sees: no scripts or styles, no text marked
``lang="en"`` (official texts shown on purpose, beside their French version).
"""

from __future__ import annotations

import datetime as dt
from guichet.core.model.models import paris_today
import re
from dataclasses import dataclass, field
from typing import Any

from guichet.core.access import accounts
from guichet.core.model.models import Document, User
from guichet.core.model.states import Channel
from guichet.core.pipeline import intake, pipeline

from payments_samples import COMPANY_IBAN, IBANS, archived_invoice
from support import CORPUS, PASSWORD

ADMIN = "admin@cabinet.fr"
OPERATOR = "operateur@cabinet.fr"
CLIENT = "client@societe.fr"
#: Corpus files and the states they reach: archived, to code, to review (schematron, identity), rejected.
FILES = ("EN16931_Einfach.pdf", "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf", "Facture_DOM_BASIC.pdf",
         "Facture_UE_EN16931.pdf", "fail3.pdf")
#: Pages met before signing in: the sign-in form, a payer's link and an account link that no longer work.
ANONYMOUS = ("/login", "/payer/lien-inconnu", "/compte/lien/lien-inconnu")
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


def rich_instance(app: Any, firm: Any, company: Any, other_company: Any, *, money: bool = True) -> Instance:
    """Users and documents in every state people meet, in ``company``.

    ``money``: also a customer, a payment link and a transfer batch (:func:`_money_and_sales`), whose
    invoices are stored as archived directly, without pipeline or archive: leave them out where the
    archive's integrity check runs (it rightly reports archived documents without journal or record).
    """
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
    made.ids = {"company_id": company.id, "user_id": User.get(User.email == CLIENT).id, **(_money_and_sales(rt, company) if money else {})}
    return made


def _money_and_sales(rt: Any, company: Any) -> dict[str, Any]:
    """A sales invoice overdue with its customer and payment link, a supplier's due one in a draft
    transfer batch: the pages of a customer, a batch and the public payment page get their ids."""
    from guichet.core.money import batches
    from guichet.core.sales import customers, payment_links

    today = paris_today()
    batches.add_account(company, COMPANY_IBAN)
    sale = archived_invoice(company, direction="sales", number="FA-2026-017", amount="1234.50",
                            issue=today - dt.timedelta(days=40), due=today - dt.timedelta(days=10),
                            party="Durand et Fils SARL")
    archived_invoice(company, direction="purchase", number="ACH-0931", amount="480.00", issue=today, due=today,
                     party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[0])
    batch, _skipped = batches.prepare(company, batches.due_purchases(company))
    customer = customers.create(company, {"name": "Durand et Fils SARL", "emails": ["compta@durand.example"]})
    return {"customer_id": customer.id, "batch_id": batch.id, "token": payment_links.create(rt.settings, sale)}


def html_pages(app: Any, instance: Instance) -> list[str]:
    """Every GET page of the app for this instance (each document page, each help page, each route with known ids)."""
    from guichet.web.help_pages.views import ROLES

    many = {"document_id": [d.id for d in instance.documents.values()], "section": list(ROLES),
            **{name: [value] for name, value in instance.ids.items()}}
    urls: list[str] = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or NOT_PAGES.search(rule.rule):
            continue
        if set(rule.arguments) - set(many):
            continue
        found = [rule.rule]
        for name in rule.arguments:
            found = [url.replace(f"<{converter}{name}>", str(value)) for url in found for value in many[name]
                     for converter in ("", "int:") if f"<{converter}{name}>" in url]
        urls += [url for url in found if "<" not in url]
    return sorted(set(urls))


def shot_name(who: str, width: int, url: str) -> str:
    """The file name ``make screenshots`` gives the capture of ``url`` (the help pages name them)."""
    return f"{who.split('@', maxsplit=1)[0]}-{width}-{re.sub(r'[^a-z0-9]+', '-', url.lower()).strip('-') or 'accueil'}.png"


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
