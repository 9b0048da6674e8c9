"""Reminders (relances) of unpaid sales invoices: steps per company, penalties and the 40 € indemnity, stopped by payment.

Sent by e-mail through the real SMTP relay of tests/smtpserver.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from guichet.core.model.models import db
from guichet.core.model.payment_models import OpenItem
from guichet.core.model.sales_models import Reminder
from guichet.core.money import settlements
from guichet.core.money.penalties import from_settings
from guichet.core.ops import runtime
from guichet.core.pipeline import followups
from guichet.core.sales import reminders
from guichet.core.settings import load_settings

from sales_samples import sales_invoice
from smtpserver import smtp_server  # noqa: F401 - fixture

ISSUE = dt.date(2026, 11, 2)
DUE = dt.date(2026, 12, 2)


@pytest.fixture
def rt(tmp_path, smtp_server):
    settings = load_settings(tmp_path / "instance", queue={"backend": "memory"}, mail=smtp_server.settings(),
                             web={"public_url": "https://guichet.example"})
    started = runtime.start(settings)
    with started.database.connection_context():
        yield started
    started.database.close()


@pytest.fixture
def company(rt):
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm

    return accounts.create_company(Firm.create(name="Cabinet"), "Société A", "552081317")


def _sent_invoice(rt, company, **kwargs):
    document = sales_invoice(rt, company, issue=ISSUE, due=DUE, **kwargs)
    followups.run(rt, document.id, "distribute")
    return document


def _bodies(smtp, subject_word):
    return [m.get_body(("plain",)).get_content() for m in smtp.messages if subject_word in m["Subject"]]


def test_before_then_after_the_due_date_with_penalties_and_indemnity(rt, company, smtp_server):
    document = _sent_invoice(rt, company, number="FV-1", amount="1200.00")
    assert reminders.send_due(rt, DUE - dt.timedelta(days=4)) == 0
    assert reminders.send_due(rt, DUE - dt.timedelta(days=3)) == 1
    assert reminders.send_due(rt, DUE - dt.timedelta(days=3)) == 0  # once per step
    [before] = _bodies(smtp_server, "Rappel")
    assert "arrive à échéance le 02/12/2026" in before and "https://guichet.example/payer/" in before
    today = DUE + dt.timedelta(days=7)
    assert reminders.send_due(rt, today) == 1
    expected = from_settings(rt.settings).interest(Decimal("1200.00"), DUE, today)
    assert expected == Decimal("2.80")
    [late] = _bodies(smtp_server, "Relance")
    assert "pénalités de retard de 2,80\u202f€" in late and "40,00\u202f€" in late and "D441-5" in late
    assert "Total dû à ce jour : 1\u202f242,80\u202f€" in late
    row = Reminder.get((Reminder.document == document.id) & (Reminder.step == 7))
    assert (row.state, row.penalties, row.indemnity, row.channel) == ("sent", Decimal("2.80"), Decimal("40.00"), "email")


def test_missed_steps_are_skipped_not_sent_in_a_burst_and_payment_stops_them(rt, company, smtp_server):
    document = _sent_invoice(rt, company, number="FV-2", amount="300.00")
    assert reminders.send_due(rt, DUE + dt.timedelta(days=20)) == 1
    steps = {r.step: r.state for r in Reminder.select().where(Reminder.document == document.id)}
    assert steps == {-3: "skipped", 7: "skipped", 15: "sent"}
    item = OpenItem.get(OpenItem.document == document.id)
    with db.atomic():
        _row, paid = settlements.settle(item, Decimal("300.00"), DUE + dt.timedelta(days=25), settlements.PAYMENT)
    settlements.announce(rt.pm, [paid])
    assert reminders.send_due(rt, DUE + dt.timedelta(days=31)) == 0
    assert 30 not in {r.step for r in Reminder.select().where(Reminder.document == document.id)}


def test_company_steps_and_a_private_customer_without_indemnity(rt, company, smtp_server):
    company.settings = {"distribution": {"reminders": [10]}}
    company.save()
    _sent_invoice(rt, company, number="FV-3", buyer="M. Martin", buyer_siren=None, email="martin@example.fr")
    assert reminders.send_due(rt, DUE + dt.timedelta(days=7)) == 0  # the default J+7 is not this company's
    assert reminders.send_due(rt, DUE + dt.timedelta(days=10)) == 1
    [late] = _bodies(smtp_server, "Relance")
    assert "pénalités de retard" in late and "indemnité forfaitaire" not in late


def test_an_invoice_that_never_went_out_gets_no_reminder(rt, company, smtp_server):
    sales_invoice(rt, company, issue=ISSUE, due=DUE, email=None)  # à compléter: never sent
    assert reminders.send_due(rt, DUE + dt.timedelta(days=7)) == 0 and smtp_server.messages == []
