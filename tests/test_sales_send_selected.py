"""« Envoyer la sélection » (issue 19): archived sales invoices sent through distribution, never twice."""

from __future__ import annotations

import pytest

from guichet.core import hookimpl
from guichet.core.model.models import Document
from guichet.core.model.sales_models import Delivery, DeliveryState
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress
from guichet.core.pipeline import followups
from guichet.core.sales import channels, deliveries, sending

from sales_samples import sales_invoice


class Flaky(channels.DeliveryChannel):
    """A channel that is down until told otherwise, then hands the invoice over."""

    id, label, order = "essai", "Canal d'essai", 1

    def __init__(self) -> None:
        self.down = True
        self.sent: list[int] = []

    def missing(self, rt, customer):
        return []

    def send(self, rt, job):
        if self.down:
            raise channels.ChannelUnavailable("serveur injoignable")
        self.sent.append(job.document.id)
        return channels.Handed(DeliveryState.SENT, external_id=f"e-{job.delivery.id}")

    def poll(self, rt, job):
        return None


class Plugin:
    def __init__(self, channel):
        self.channel = channel

    @hookimpl
    def register_delivery_channels(self):
        return [self.channel]


@pytest.fixture
def flaky(rt):
    channel = Flaky()
    rt.pm.register(Plugin(channel), name="test-flaky")
    return channel


def _failed(rt, company, number):
    document = sales_invoice(rt, company, number=number)
    assert followups.run(rt, document.id, deliveries.STAGE) == Progress.RETRY  # the channel was down
    return document


def test_send_selected_queues_the_failed_ones_once_and_says_why_not_for_the_others(rt, company, other_company,
                                                                                   make_user, flaky):
    failed = _failed(rt, company, "FV-1")
    also_failed = _failed(rt, company, "FV-2")
    flaky.down = False
    sent = sales_invoice(rt, company, number="FV-3")
    followups.run(rt, sent.id, deliveries.STAGE)
    assert flaky.sent == [sent.id]
    purchase = Document.create(company=company, sha256="p" * 64, blob_key="k", filename="achat.pdf", size=1,
                               channel="test", direction="purchase", state="archived", format="pdf")
    manager = make_user("gerant@societe.fr", companies={company: "manage"})

    summary = sending.send_selected(rt, manager, [failed, also_failed, sent, purchase])
    assert summary.queued == ["FV-1.pdf", "FV-2.pdf"]
    assert summary.refused == ["FV-3.pdf : déjà envoyée, jamais deux fois (envoyée, Canal d'essai).",
                               "achat.pdf : ce n'est pas une facture de vente."]
    assert summary.sentences()[0].startswith("2 facture(s) mise(s) en file d'envoi")
    # Queued, then run by the worker (the tests' queue runs it at once): each handed over once.
    for document in (failed, also_failed):
        run = StageRun.get((StageRun.document == document.id) & (StageRun.stage == deliveries.STAGE))
        if run.status == Progress.PENDING:
            followups.run(rt, document.id, deliveries.STAGE)
    assert sorted(flaky.sent) == sorted([sent.id, failed.id, also_failed.id])
    assert Delivery.get(Delivery.document == failed.id).state == DeliveryState.SENT
    # Asked again (a double click, a second person): nothing goes out twice.
    again = sending.send_selected(rt, manager, [failed, also_failed])
    assert again.queued == [] and len(again.refused) == 2
    assert all("déjà envoyée" in r for r in again.refused)
    assert sorted(flaky.sent) == sorted([sent.id, failed.id, also_failed.id])


def test_send_selected_needs_the_right_to_manage_the_company(rt, company, other_company, make_user, flaky):
    failed = _failed(rt, company, "FV-9")
    reader = make_user("lecteur@societe.fr", companies={company: "read"})
    outsider = make_user("autre@ailleurs.fr", companies={other_company: "manage"})
    for user in (reader, outsider):
        summary = sending.send_selected(rt, user, [failed])
        assert summary.queued == []
        assert summary.refused == ["FV-9.pdf : vous n'avez pas le droit d'envoyer les factures de ce dossier."]
    run = StageRun.get((StageRun.document == failed.id) & (StageRun.stage == deliveries.STAGE))
    assert run.status == Progress.RETRY  # untouched
    flaky.down = False
    staff = make_user("operateur@cabinet.fr", firm_role="operator")
    assert sending.send_selected(rt, staff, [failed]).queued == ["FV-9.pdf"]


def test_the_list_sends_the_selection_and_a_reader_does_not_see_the_button(settings, rt, company, make_user, flaky):
    from guichet.web.app import create_app

    from web_pages import login

    failed = _failed(rt, company, "FV-20")
    make_user("gerant@societe.fr", companies={company: "manage"})
    make_user("lecteur@societe.fr", companies={company: "read"})
    app = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})

    def client_of(email):
        client = app.test_client()
        login(client, email)
        return client

    reader = client_of("lecteur@societe.fr")
    assert "Envoyer la sélection" not in reader.get(f"/dossiers/{company.id}/").get_data(as_text=True)
    page = reader.post(f"/dossiers/{company.id}/selection", data={"ids": [str(failed.id)], "action": "send"},
                       follow_redirects=True).get_data(as_text=True)
    assert "vous n&#39;avez pas le droit d&#39;envoyer" in page
    run = StageRun.get((StageRun.document == failed.id) & (StageRun.stage == deliveries.STAGE))
    assert run.status == Progress.RETRY and run.attempts == 1  # nothing queued
    manager = client_of("gerant@societe.fr")
    assert "Envoyer la sélection" in manager.get(f"/dossiers/{company.id}/").get_data(as_text=True)
    page = manager.post(f"/dossiers/{company.id}/selection", data={"ids": [str(failed.id)], "action": "send"},
                        follow_redirects=True).get_data(as_text=True)
    assert "1 facture(s) mise(s) en file d&#39;envoi : FV-20.pdf." in page
    assert StageRun.get_by_id(run.id).attempts != 1 or StageRun.get_by_id(run.id).status != Progress.RETRY
