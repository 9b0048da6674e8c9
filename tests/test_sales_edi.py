"""The EDI channel: UBL by SFTP (paramiko client) to a real SFTP server on loopback.

The customer's server is Guichet's own SFTP intake server (connectors/sftp_accounts/server.py) run
for a second company: what company A sends, company B receives as a document of its own.
"""

from __future__ import annotations

import pytest

from guichet.connectors import delivery_edi
from guichet.connectors.sftp_accounts import SftpServerConnector
from guichet.connectors.sftp_accounts.server import SftpIntakeServer
from guichet.core.model.models import Document, db
from guichet.core.model.sales_models import Customer, Delivery, DeliveryState
from guichet.core.model.states import Progress
from guichet.core.ops import connector_runs, runtime
from guichet.core.pipeline import followups
from guichet.core.sales import channels, customers
from guichet.core.settings import load_settings
from guichet.core.storage.records import load_invoice

from sales_samples import sales_invoice


@pytest.fixture
def rt(tmp_path):
    settings = load_settings(tmp_path / "instance", queue={"backend": "memory"},
                             connectors={"allowed_roots": [str(tmp_path)]},
                             outbound={"allowed_hosts": ["127.0.0.1"]})
    started = runtime.start(settings)
    with started.database.connection_context():
        yield started
    started.database.close()


@pytest.fixture
def companies(rt):
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm

    firm = Firm.create(name="Cabinet")
    return accounts.create_company(firm, "Société A", "552081317"), accounts.create_company(firm, "Client Durand", "542107651")


@pytest.fixture
def server(rt, tmp_path, companies):
    srv = SftpIntakeServer(rt, host="127.0.0.1", port=0, root=tmp_path / "sftp", host_key=tmp_path / "host_key",
                           stable_seconds=0)
    connector_runs.configure(rt, companies[1], SftpServerConnector(),
                             {"username": "edi-durand", "public_keys": delivery_edi.public_key(rt.settings)})
    srv.start()
    yield srv
    srv.stop()


def _customer(rt, document, server, **edi):
    with db.atomic():
        customer = customers.learn(document, load_invoice(document))
    values = {"host": "127.0.0.1", "port": server.port, "user": "edi-durand", "syntax": "ubl",
              "host_key": f"{server.host_key.get_name()} {server.host_key.get_base64()}", **edi}
    fields = customers.clean({"edi": values, "channel": "edi"}, channels=channels.labels(rt.pm),
                             settings=rt.settings, firm_staff=True)
    customers.update(customer, fields)
    return customer


def test_ubl_reaches_the_customer_sftp_server_and_lands_in_its_inbox(rt, companies, server):
    seller, buyer = companies
    document = sales_invoice(rt, seller, number="FV-EDI-1", email=None)
    _customer(rt, document, server)
    assert followups.run(rt, document.id, "distribute") == Progress.DONE
    delivery = Delivery.get(Delivery.document == document.id)
    assert (delivery.channel, delivery.state) == ("edi", DeliveryState.SENT)
    assert delivery.external_id.endswith("facture-FV-EDI-1.xml") and "UBL" in delivery.reason
    received = Document.get(Document.company == buyer.id)
    assert received.filename == "facture-FV-EDI-1.xml" and received.format == "ubl"
    assert not list((server.root).rglob(".*.part"))


def test_a_server_with_another_key_is_never_sent_to(rt, companies, server):
    document = sales_invoice(rt, companies[0], email=None)
    _customer(rt, document, server, host_key="SHA256:" + "A" * 43)
    assert followups.run(rt, document.id, "distribute") == Progress.FAILED
    assert "n'est pas celle enregistrée" in Delivery.get(Delivery.document == document.id).reason
    assert Document.select().where(Document.company == companies[1].id).count() == 0


def test_an_unauthorised_key_waits_and_a_refused_host_is_refused(rt, companies, server):
    document = sales_invoice(rt, companies[0], email=None)
    _customer(rt, document, server, user="inconnu")
    assert followups.run(rt, document.id, "distribute") == Progress.RETRY
    assert "refuse la clé EDI" in Delivery.get(Delivery.document == document.id).reason
    rt.settings.values["outbound"]["allowed_hosts"] = []
    other = sales_invoice(rt, companies[0], number="FV-X", email=None)
    assert followups.run(rt, other.id, "distribute") == Progress.FAILED
    assert "refusée" in Delivery.get(Delivery.document == other.id).reason
    assert Customer.select().count() == 1
