"""Lifecycle statuses: recorded once, the last one kept for the payments work, every plugin told after commit."""

from __future__ import annotations

import pytest

from guichet.core import hookimpl
from guichet.core.model.models import Document, Event, db
from guichet.core.model.network_models import Delivery, NetworkDocument, NetworkStatus, Route
from guichet.core.model.states import Direction
from guichet.core.money import open_items
from guichet.core.network import statuses
from guichet.core.pipeline import intake

pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


class Listener:
    def __init__(self):
        self.calls = []

    @hookimpl
    def network_status_recorded(self, document, code, reason, delivery):
        self.calls.append((document.id, code, reason, delivery))


class Broken:
    @hookimpl
    def network_status_recorded(self, code):
        raise RuntimeError("listener bug")


def _document(rt, company, direction=Direction.PURCHASE, data=b"<invoice/>"):
    document, _ = intake.receive(rt, company, data, "f.xml", channel="réseau")
    Document.update(direction=str(direction)).where(Document.id == document.id).execute()
    return Document.get_by_id(document.id)


def test_hook_network_status_recorded(rt, company):
    listener = Listener()
    rt.pm.register(Broken())
    rt.pm.register(listener)
    document = _document(rt, company)
    with db.atomic():
        statuses.record(rt.pm, document, "202", origin="platform", delivery=Delivery.RECEIVED, flow_id="F-1")
        assert listener.calls == []  # not before the commit
    assert listener.calls == [(document.id, "202", None, "received")]
    # Rolled back: recorded nowhere, nobody told.
    with pytest.raises(RuntimeError), db.atomic():
        statuses.record(rt.pm, document, "207", origin="buyer", delivery=Delivery.PENDING, reason="CALCUL_ERR")
        raise RuntimeError("boom")
    assert listener.calls == [(document.id, "202", None, "received")]
    assert NetworkDocument.get(NetworkDocument.document == document.id).last_code == "202"


def test_a_status_is_recorded_once_and_moves_the_last_code(rt, company):
    document = _document(rt, company)
    first = statuses.record(rt.pm, document, "203", origin="platform", delivery=Delivery.RECEIVED, flow_id="F-9")
    assert first is not None
    assert statuses.record(rt.pm, document, "203", origin="platform", delivery=Delivery.RECEIVED,
                           flow_id="F-9") is None
    answer = statuses.record(rt.pm, document, "207", origin="buyer", delivery=Delivery.PENDING,
                             reason="CALCUL_ERR", tracking_id="t-207", user_id=None)
    assert statuses.record(rt.pm, document, "207", origin="buyer", delivery=Delivery.PENDING,
                           reason="CALCUL_ERR", tracking_id="t-207") is None
    place = NetworkDocument.get(NetworkDocument.document == document.id)
    assert (place.route, place.last_code, place.last_reason) == (Route.RECEIVED, "207", "CALCUL_ERR")
    assert [s.code for s in statuses.history(document.id)] == ["203", "207"]
    assert [s.id for s in statuses.pending(company.id)] == [answer.id]
    statuses.set_delivery(rt.pm, answer, Delivery.SENT, flow_id="F-10")
    assert NetworkStatus.get_by_id(answer.id).flow_id == "F-10"
    assert statuses.pending(company.id) == []
    kinds = [e.kind for e in Event.select().where(Event.document_id == document.id).order_by(Event.id)]
    assert kinds.count("network.status") == 2 and "network.status_sent" in kinds


def test_payments_read_en_litige_from_the_last_status(rt, company, other_company):
    disputed = _document(rt, company, data=b"a")
    settled = _document(rt, company, data=b"b")
    elsewhere = _document(rt, other_company, data=b"c")
    statuses.record(rt.pm, disputed, "207", origin="buyer", delivery=Delivery.SENT, reason="TX_TVA_ERR")
    statuses.record(rt.pm, settled, "207", origin="buyer", delivery=Delivery.SENT, reason="CALCUL_ERR")
    statuses.record(rt.pm, settled, "205", origin="buyer", delivery=Delivery.SENT)
    statuses.record(rt.pm, elsewhere, "207", origin="buyer", delivery=Delivery.SENT, reason="CALCUL_ERR")
    assert open_items.disputed_documents(company.id) == {disputed.id}
    assert open_items.disputed_documents(other_company.id) == {elsewhere.id}
