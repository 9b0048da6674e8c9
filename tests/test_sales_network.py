"""The e-invoicing network as a distribution channel (plugins/network/channel.py), against the network's stand-in platform.

The network plugin's own stage and the ``distribute`` stage both call the idempotent
``send_invoice``: one flow whichever runs first; a buyer the network does not reach falls
through to the other channels.
"""

from __future__ import annotations

import pytest

from guichet.core.model.network_models import NetworkDocument, Route
from guichet.core.model.sales_models import Delivery, DeliveryState
from guichet.core.model.states import Progress
from guichet.core.network import receiving
from guichet.core.pipeline import followups

from network_samples import archived_sales_invoice, configure, example_companies
from standins.afnor_pa import PlatformStandIn


@pytest.fixture
def pa(settings):
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]
    with PlatformStandIn() as standin:
        yield standin


@pytest.fixture
def seller(rt, firm, pa):
    seller, buyer = example_companies(firm)
    configure(rt, seller, pa)
    configure(rt, buyer, pa)
    return seller


def _posts(pa):
    return [r for r in pa.requests if r["method"] == "POST" and r["path"].endswith("/v1/flows")]


def test_a_registered_buyer_gets_one_flow_followed_to_payment(rt, pa, seller):
    pa.add_line("200000008", name="LE CLIENT", identifier="200000008")
    document = archived_sales_invoice(rt, seller)
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    delivery = Delivery.get(Delivery.document == document.id)
    place = NetworkDocument.get(NetworkDocument.document == document.id)
    assert (delivery.channel, delivery.state, delivery.external_id) == ("network", DeliveryState.SENT, place.flow_id)
    assert followups.run(rt, document.id, "network") == Progress.WAITING  # the network's own stage: same flow
    assert len(_posts(pa)) == 1
    pa.deliver_status(place.flow_id, "203")
    receiving.poll(rt, seller.id)
    followups.settle(rt, document.id, "distribute", Progress.PENDING)
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    assert Delivery.get_by_id(delivery.id).state == DeliveryState.DELIVERED
    pa.deliver_status(place.flow_id, "212")
    receiving.poll(rt, seller.id)
    followups.settle(rt, document.id, "distribute", Progress.PENDING)
    assert followups.run(rt, document.id, "distribute") == Progress.DONE
    assert Delivery.get_by_id(delivery.id).state == DeliveryState.PAID and len(_posts(pa)) == 1


def test_a_buyer_off_the_network_falls_through_to_the_other_channels(rt, pa, seller):
    document = archived_sales_invoice(rt, seller)  # LE CLIENT is not in the directory
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    assert NetworkDocument.get(NetworkDocument.document == document.id).route == Route.EREPORTING
    rows = {d.channel: d for d in Delivery.select().where(Delivery.document == document.id)}
    assert rows["network"].state == DeliveryState.ERROR and rows["network"].data.get("refused") is True
    waiting = [d for d in rows.values() if d.state == DeliveryState.TO_COMPLETE]
    assert waiting and "Réseau de facturation électronique : a refusé la facture" in waiting[0].reason
    assert _posts(pa) == []


def test_a_company_without_platform_does_not_use_the_network(rt, firm, pa):
    seller, _buyer = example_companies(firm)
    document = archived_sales_invoice(rt, seller)
    followups.run(rt, document.id, "distribute")
    delivery = Delivery.get(Delivery.document == document.id)
    assert delivery.state == DeliveryState.TO_COMPLETE and "plateforme agréée d'émission" in delivery.reason
