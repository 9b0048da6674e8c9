"""The ``distribute`` follow-up stage and the channel hook, with channels written for the test.

The channels here are small plugins following the documented contract
(core/sales/channels.py): they record what they were asked and answer as told, so that
each rule of the stage shows: one channel chosen, fall-backs, retries with back-off,
"à compléter" then re-run on edit, polling, never sent twice, paid from a payment.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from guichet.core import hookimpl
from guichet.core.errors import GuichetError
from guichet.core.model.models import Document, Event, db
from guichet.core.model.payment_models import OpenItem
from guichet.core.model.sales_models import Customer, Delivery, DeliveryState
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress
from guichet.core.money import settlements
from guichet.core.pipeline import followups
from guichet.core.sales import channels, customers, deliveries
from guichet.core.storage.records import load_invoice

from sales_samples import sales_invoice

pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


class Scripted(channels.DeliveryChannel):
    """A channel answering from a script: each item a Handed, an exception to raise, or a callable."""

    def __init__(self, cid: str, order: int, *, needs_email: bool = False) -> None:
        self.id, self.label, self.order, self.needs_email = cid, f"Canal {cid}", order, needs_email
        self.sent: list[int] = []
        self.script: list = []
        self.polls: list = []

    def missing(self, rt, customer):
        return ["adresse e-mail"] if self.needs_email and not customer.emails else []

    def send(self, rt, job):
        assert job.sealed_pdf(rt).startswith(b"%PDF")
        self.sent.append(job.document.id)
        answer = self.script.pop(0) if self.script else channels.Handed(DeliveryState.SENT, external_id=f"x-{job.delivery.id}")
        if isinstance(answer, Exception):
            raise answer
        return answer

    def poll(self, rt, job):
        return self.polls.pop(0) if self.polls else None


class Plugin:
    def __init__(self, *found: channels.DeliveryChannel) -> None:
        self.found = list(found)

    @hookimpl
    def register_delivery_channels(self):
        return self.found


@pytest.fixture
def chans(rt):
    first, second = Scripted("alpha", 20), Scripted("beta", 30)
    rt.pm.register(Plugin(first, second), name="test-channels")
    return first, second


def _run(rt, document):
    return followups.run(rt, document.id, deliveries.STAGE)


def _run_row(document):
    return StageRun.get((StageRun.document == document.id) & (StageRun.stage == deliveries.STAGE))


def test_hook_register_delivery_channels(rt, chans):
    found = channels.registered(rt.pm)
    order = list(found)
    assert order.index("alpha") < order.index("beta") and found["alpha"] is chans[0]
    assert {"email", "chorus_pro"} <= set(order)  # the channels shipped with Guichet
    assert channels.labels(rt.pm)["beta"] == "Canal beta"
    rt.pm.register(Plugin(Scripted("alpha", 1)), name="twice")
    with pytest.raises(GuichetError, match="deux fois"):
        channels.registered(rt.pm)


def test_distribute_is_a_follow_up_after_archive_for_sales_only(rt, company, chans):
    from guichet.core.pipeline.stages import stage_plan

    stage = stage_plan(rt.pm).by_name("distribute")
    assert stage.follow_up and "archive" in stage.after
    assert stage.applies(None, Document(direction="sales")) and not stage.applies(None, Document(direction="purchase"))


def test_an_invoice_goes_out_once_by_the_first_usable_channel(rt, company, chans):
    first, second = chans
    document = sales_invoice(rt, company)
    assert _run(rt, document) == Progress.DONE
    delivery = Delivery.get(Delivery.document == document.id)
    assert (delivery.channel, delivery.state, delivery.attempts) == ("alpha", DeliveryState.SENT, 1)
    assert delivery.external_id == f"x-{delivery.id}" and delivery.sent_at is not None
    assert delivery.customer.name == "Client Durand SARL" and first.sent == [document.id] and second.sent == []
    # Run again (a retried task, a person's retry): nothing is sent twice.
    followups.settle(rt, document.id, deliveries.STAGE, Progress.PENDING)
    _run(rt, document)
    assert first.sent == [document.id] and Delivery.select().count() == 1
    assert Event.select().where(Event.kind == "delivery.state").count() == 1


def test_an_unreachable_channel_is_retried_with_back_off_then_sends(rt, company, chans):
    first, _ = chans
    first.script = [channels.ChannelUnavailable("serveur injoignable"), OSError("connexion refusée")]
    document = sales_invoice(rt, company)
    assert _run(rt, document) == Progress.RETRY
    delivery = Delivery.get(Delivery.document == document.id)
    assert delivery.state == DeliveryState.ERROR and "serveur injoignable" in delivery.reason
    row = _run_row(document)
    assert row.next_at is not None and row.attempts == 1
    StageRun.update(next_at=dt.datetime(2000, 1, 1)).where(StageRun.id == row.id).execute()
    assert _run(rt, document) == Progress.RETRY
    assert _run_row(document).next_at - _run_row(document).updated_at > dt.timedelta(seconds=100)  # doubled
    StageRun.update(next_at=dt.datetime(2000, 1, 1)).where(StageRun.id == row.id).execute()
    assert _run(rt, document) == Progress.DONE
    delivery = Delivery.get_by_id(delivery.id)
    assert (delivery.state, delivery.attempts, delivery.reason) == (DeliveryState.SENT, 3, None)
    assert first.sent == [document.id] * 3


def test_a_refusal_falls_back_to_the_next_channel(rt, company, chans):
    first, second = chans
    first.script = [channels.DeliveryRefused("destinataire inconnu")]
    document = sales_invoice(rt, company)
    with db.atomic():
        customer = customers.learn(document, load_invoice(document))
    customers.update(customer, {"channel": "alpha", "fallbacks": ["beta"]})
    assert _run(rt, document) == Progress.DONE
    rows = {d.channel: d for d in Delivery.select().where(Delivery.document == document.id)}
    assert rows["alpha"].state == DeliveryState.ERROR and "destinataire inconnu" in rows["alpha"].reason
    assert rows["beta"].state == DeliveryState.SENT and second.sent == [document.id]


def test_every_channel_refusing_fails_the_run_with_the_reasons(rt, company, chans):
    for channel in chans:
        channel.script = [channels.DeliveryRefused(f"refus {channel.id}")]
    document = sales_invoice(rt, company)
    with db.atomic():
        customer = customers.learn(document, load_invoice(document))
    customers.update(customer, {"channel": "alpha", "fallbacks": ["beta"]})  # no other channel to wait for
    assert _run(rt, document) == Progress.FAILED
    assert "refus alpha" in _run_row(document).reason and "refus beta" in _run_row(document).reason


def test_a_customer_without_usable_channel_is_to_complete_until_edited(rt, company):
    mail = Scripted("mail", 30, needs_email=True)
    rt.pm.register(Plugin(mail), name="mail-only")
    document = sales_invoice(rt, company, email=None)
    assert _run(rt, document) == Progress.WAITING
    delivery = Delivery.get(Delivery.document == document.id)
    assert delivery.state == DeliveryState.TO_COMPLETE and "adresse e-mail" in delivery.reason
    customer = Customer.get(Customer.company == company.id)
    customers.update(customer, {"emails": ["compta@durand.example"]})
    assert deliveries.reopen_for(rt, customer) == 1  # the memory queue runs it at once
    delivery = Delivery.get_by_id(delivery.id)
    assert (delivery.channel, delivery.state) == ("mail", DeliveryState.SENT) and mail.sent == [document.id]
    assert _run_row(document).status == Progress.DONE


def test_a_channel_with_an_answer_later_is_polled_until_delivered(rt, company, chans):
    first, _ = chans
    first.script = [channels.Handed(DeliveryState.SENT, external_id="flux-1", recheck_after=600)]
    first.polls = [None, channels.Handed(DeliveryState.DELIVERED, reason="MISE_A_DISPOSITION", recheck_after=None)]
    document = sales_invoice(rt, company)
    assert _run(rt, document) == Progress.WAITING
    row = _run_row(document)
    for expected in (Progress.WAITING, Progress.DONE):
        StageRun.update(next_at=dt.datetime(2000, 1, 1)).where(StageRun.id == row.id).execute()
        assert _run(rt, document) == expected
    delivery = Delivery.get(Delivery.document == document.id)
    assert (delivery.state, delivery.reason) == (DeliveryState.DELIVERED, "MISE_A_DISPOSITION")
    assert first.sent == [document.id]


def test_a_refusal_seen_when_polling_fails_the_run(rt, company, chans):
    first, _ = chans
    first.script = [channels.Handed(DeliveryState.SENT, recheck_after=60)]
    first.polls = [channels.Handed(DeliveryState.ERROR, reason="REJETEE : SIRET inconnu")]
    document = sales_invoice(rt, company)
    _run(rt, document)
    StageRun.update(next_at=dt.datetime(2000, 1, 1)).where(StageRun.document == document.id).execute()
    assert _run(rt, document) == Progress.FAILED
    assert "SIRET inconnu" in _run_row(document).reason


def test_a_full_payment_marks_the_delivery_paid_and_states_never_go_back(rt, company, chans):
    document = sales_invoice(rt, company, amount="100.00")
    _run(rt, document)
    item = OpenItem.get(OpenItem.document == document.id)
    with db.atomic():
        _row, paid = settlements.settle(item, Decimal("100.00"), dt.date(2026, 12, 1), settlements.PAYMENT)
    settlements.announce(rt.pm, [paid])
    delivery = Delivery.get(Delivery.document == document.id)
    assert delivery.state == DeliveryState.PAID
    with db.atomic():
        assert not deliveries.set_state(delivery, DeliveryState.SENT)  # a late, lesser news
    assert Delivery.get_by_id(delivery.id).state == DeliveryState.PAID
