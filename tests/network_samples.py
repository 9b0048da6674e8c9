"""Shared set-up of the network tests: a stand-in platform, the companies of XP Z12-012's examples, invoices."""

from __future__ import annotations

from pathlib import Path

from guichet.core.access import accounts as people
from guichet.core.model.models import Document, db
from guichet.core.model.states import State
from guichet.core.network import accounts
from guichet.core.ops import connector_runs
from guichet.core.pipeline import followups
from guichet.core.storage.records import store_invoice
from support import ROOT

SPECS = ROOT / ".." / "shared" / "specs" / "afnor-xp-z12"
INVOICES = SPECS / "examples-z12-012" / "Factures"
#: XP Z12-012's use case 1: invoice F202500003 from LE VENDEUR (100000009) to LE CLIENT (200000008).
UC1_CII = INVOICES / "F202500003" / "UC1_F202500003_00-INV_20250701_CII.xml"
SELLER_SIREN, BUYER_SIREN = "100000009", "200000008"


def configure(rt, company, pa, **extra):
    """The company's platform account on the stand-in ``pa``."""
    connector = accounts.platform_connectors(rt.pm)["afnor_flow"]
    values = {"url": pa.url, "token_url": pa.token_url, "client_id": pa.client_id, "client_secret": pa.client_secret,
              "directory_url": pa.directory_url, **extra}
    return connector_runs.configure(rt, company, connector, values)


def example_companies(firm):
    """The seller and the buyer of XP Z12-012's examples."""
    seller = people.create_company(firm, "LE VENDEUR", SELLER_SIREN)
    buyer = people.create_company(firm, "LE CLIENT", BUYER_SIREN)
    return seller, buyer


def archived_sales_invoice(rt, company, path: Path = UC1_CII, *, fmt: str = "cii", open_stage: bool = True) -> Document:
    """The file as an archived sales invoice of ``company`` (read by the real parser), with its follow-ups opened."""
    data = path.read_bytes()
    invoice = rt.pm.hook.parse_invoice(data=data, fmt=fmt)
    assert invoice is not None and invoice.number
    key = rt.blobs.put(data)
    with db.atomic():
        document = Document.create(company=company, sha256=key, blob_key=key, filename=path.name, size=len(data),
                                   channel="test", direction="sales", state=str(State.ARCHIVED), format=fmt)
        store_invoice(document, invoice, source="xml")
        if open_stage:
            followups.open_runs(rt.pm, document, State.ARCHIVED)
    return document
