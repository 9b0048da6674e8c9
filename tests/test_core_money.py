"""Money: open items, aging, batches under rights and mandates, statements and reconciliation."""

from __future__ import annotations

import datetime as dt
from guichet.core.model.models import paris_today
from decimal import Decimal

import pytest

from guichet.core.access import payment_rights
from guichet.core.model.events import verify_chain
from guichet.core.model.models import Event, Finding
from guichet.core.model.payment_models import (
    BankLine,
    BankStatement,
    BatchPayment,
    BatchState,
    ImportState,
    ItemState,
    LineState,
    OpenItem,
    PaymentBatch,
    PaymentMandate,
    Settlement,
    StatementImport,
    SupplierAccount,
)
from guichet.core.money import aging, batches, open_items, penalties, reconcile, settlements, statements

from payments_samples import COMPANY_IBAN, IBANS, Entry, archived_invoice, camt053, cfonb120, generated_set

TODAY = dt.date(2026, 12, 1)
D = Decimal


def _rates(rt):
    return penalties.from_settings(rt.settings)


# ---------------------------------------------------------------------------
# Open items
# ---------------------------------------------------------------------------


def test_open_item_states_follow_payments_credit_notes_and_write_offs(rt, company):
    doc = archived_invoice(company, direction="sales", number="FA-1", amount="1200.00", issue=dt.date(2026, 10, 1),
                           party="Client Un SAS")
    note = archived_invoice(company, direction="sales", number="AV-1", amount="200.00", issue=dt.date(2026, 10, 5),
                            party="Client Un SAS", type_code="381")
    item = OpenItem.get(OpenItem.document == doc.id)
    credit = OpenItem.get(OpenItem.document == note.id)
    assert (item.amount, item.state) == (D("1200.00"), ItemState.OPEN)
    assert credit.amount == D("-200.00")
    assert item.due_date == dt.date(2026, 10, 31)  # no BT-9: issue date + 30 days (L441-10)
    from guichet.core.model.models import db

    with db.atomic():
        settlements.settle(item, D("500"), TODAY, settlements.PAYMENT)
    item = OpenItem.get_by_id(item.id)
    assert (item.outstanding, item.state) == (D("700.00"), ItemState.PARTIAL)
    settlements.allocate_credit_note(credit, item, D("200.00"))
    item, credit = OpenItem.get_by_id(item.id), OpenItem.get_by_id(credit.id)
    assert (item.outstanding, credit.outstanding, credit.state) == (D("500.00"), D("0.00"), ItemState.PAID)
    with pytest.raises(settlements.SettlementRefused, match="motif"):
        settlements.write_off(item, D("500.00"), "  ")
    with pytest.raises(settlements.SettlementRefused, match="dépasse"):
        settlements.write_off(item, D("500.01"), "client en liquidation")
    settlements.write_off(item, D("500.00"), "client en liquidation")
    item = OpenItem.get_by_id(item.id)
    assert (item.outstanding, item.state) == (D("0.00"), ItemState.PAID)
    assert Event.select().where(Event.kind == "payment.write_off").count() == 1
    assert verify_chain()[1] is None


def test_settle_refuses_an_amount_finer_than_the_currency_or_not_a_number(rt, company):
    """Review finding 1: a write-off of 0,001 left 999,999 due, which no transfer can pay (bank_sepa refuses
    below the cent); NaN raised instead of refusing. The core refuses both, in French, and nothing is written."""
    doc = archived_invoice(company, direction="sales", number="FA-C", amount="1000.00", issue=dt.date(2026, 10, 1),
                           party="Client Un SAS")
    item = OpenItem.get(OpenItem.document == doc.id)
    for amount in ("0.001", "999.995"):
        with pytest.raises(settlements.SettlementRefused, match="au plus 2 décimales en EUR"):
            settlements.write_off(item, D(amount), "client en liquidation")
    for amount in ("NaN", "Infinity", "sNaN"):
        with pytest.raises(settlements.SettlementRefused, match="montant invalide"):
            settlements.write_off(item, D(amount), "client en liquidation")
    from guichet.core.model.models import db

    with db.atomic(), pytest.raises(settlements.SettlementRefused, match="au plus 2 décimales"):
        settlements.settle_many([settlements.Allocation(item, D("0.005"), TODAY)], settlements.PAYMENT, automatic=True)
    assert OpenItem.get_by_id(item.id).outstanding == D("1000.00")
    assert Settlement.select().where(Settlement.item == item.id).count() == 0
    settlements.write_off(item, D("0.010"), "arrondi")  # a trailing zero is no finer than the cent
    assert OpenItem.get_by_id(item.id).outstanding == D("999.99")
    assert (settlements.minor_units("EUR"), settlements.minor_units("JPY"), settlements.minor_units("BHD"),
            settlements.minor_units("XAU"), settlements.minor_units("ZZZ")) == (2, 0, 3, 2, 2)


def test_a_credit_note_goes_only_on_an_invoice_of_the_same_counterparty(rt, company):
    mine = archived_invoice(company, direction="purchase", number="F-1", amount="300", issue=TODAY, party="Alpha SARL",
                            party_siren="732829320")
    other = archived_invoice(company, direction="purchase", number="F-2", amount="300", issue=TODAY, party="Beta SA")
    note = archived_invoice(company, direction="purchase", number="AV-1", amount="100", issue=TODAY,
                            party="Alpha SARL", party_siren="732829320", type_code="381")
    invoice, stranger, credit = (OpenItem.get(OpenItem.document == d.id) for d in (mine, other, note))
    assert [i.number for i in settlements.counterparts(invoice)] == ["AV-1"]
    assert settlements.counterparts(stranger) == []
    assert [i.number for i in settlements.counterparts(credit)] == ["F-1"]
    with pytest.raises(settlements.SettlementRefused, match="pas du même fournisseur"):
        settlements.allocate_credit_note(credit, stranger, D("100"))
    assert OpenItem.get_by_id(stranger.id).outstanding == D("300")
    settlements.allocate_credit_note(credit, invoice, D("100"))
    assert settlements.counterparts(invoice) == []  # the credit note is used up


def test_sync_makes_missing_items_once_and_ignores_unknown_direction(rt, company):
    archived_invoice(company, direction="purchase", number="F-1", amount="10", issue=TODAY, track=False)
    archived_invoice(company, direction="unknown", number="F-2", amount="10", issue=TODAY, track=False)
    assert open_items.sync(company) == 1
    assert open_items.sync(company) == 0
    assert OpenItem.select().count() == 1


def test_disputed_is_read_in_one_place_and_nothing_is_disputed_by_guess(rt, company):
    doc = archived_invoice(company, direction="purchase", number="F-9", amount="10", issue=TODAY)
    assert open_items.disputed_documents(company.id, [doc.id]) == set()
    assert open_items.state_for(D("10"), D("0"), disputed=True) == ItemState.DISPUTED
    assert open_items.state_for(D("10"), D("10"), disputed=True) == ItemState.PAID


# ---------------------------------------------------------------------------
# Aging
# ---------------------------------------------------------------------------


def test_buckets_sum_to_the_open_items_and_other_currencies_stay_apart(rt, company, other_company):
    dues = [-120, -91, -90, -61, -60, -31, -30, -1, 0, 30, 31, 60, 61, 200]
    for n, days in enumerate(dues):
        archived_invoice(company, direction="sales", number=f"S-{n}", amount=f"{100 + n}.10",
                         issue=TODAY - dt.timedelta(days=150), due=TODAY + dt.timedelta(days=days))
        archived_invoice(company, direction="purchase", number=f"P-{n}", amount=f"{50 + n}.05",
                         issue=TODAY - dt.timedelta(days=150), due=TODAY + dt.timedelta(days=days))
    archived_invoice(company, direction="sales", number="USD-1", amount="999.99", currency="USD",
                     issue=TODAY, due=TODAY - dt.timedelta(days=100))
    archived_invoice(other_company, direction="sales", number="X-1", amount="5000", issue=TODAY, due=TODAY)
    board = aging.dashboard([company.id], today=TODAY, rates=_rates(rt))
    for direction in aging.DIRECTIONS:
        side = board.sides[direction]
        expected = sum((i.outstanding for i in OpenItem.select().where(
            (OpenItem.company == company.id) & (OpenItem.direction == direction) & (OpenItem.currency == "EUR"))), D(0))
        assert sum(side.buckets.values(), D(0)) == side.total == expected
        assert sum(side.counts.values()) == side.count == len(dues)
        for key, _ in aging.BUCKETS:  # every figure lists exactly its invoices
            listed = list(aging.items_query([company.id], direction, bucket=key, today=TODAY))
            assert sum((i.outstanding for i in listed), D(0)) == side.buckets[key]
    sales = board.sides["sales"]
    assert sales.counts == {"overdue_90": 2, "overdue_61_90": 2, "overdue_31_60": 2, "overdue_1_30": 2,
                            "due_0_30": 2, "due_31_60": 2, "due_60": 2}
    assert sales.other_currencies == {"USD": D("999.99")}
    assert sales.indemnities == D("40.00") * 8
    assert sales.penalties > 0
    assert sales.largest[0]["number"] == "S-13"


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_every_figure_sums_its_listed_items_credit_notes_included(rt, company):
    """An overdue credit note is in the « Échu » list, so it is in its figure (and its bucket's); the penalties and
    the 40 € indemnity run on the overdue invoices only."""
    def item(number, amount, due_days, **kw):
        archived_invoice(company, direction="sales", number=number, amount=amount, party="Client Un SAS",
                         issue=TODAY - dt.timedelta(days=200), due=TODAY + dt.timedelta(days=due_days), **kw)

    item("F-1", "1000.00", -100)
    item("F-2", "300.00", -45)
    item("AV-1", "120.00", -45, type_code="381")  # same due date as F-2
    item("AV-2", "80.00", -10, type_code="381")  # alone on its due date: was listed but not counted
    item("F-3", "500.00", 20)
    item("AV-3", "50.00", 40, type_code="381")  # not yet due
    board = aging.dashboard([company.id], today=TODAY, rates=_rates(rt))
    side = board.sides["sales"]
    listed = {}
    for key in [*(k for k, _ in aging.BUCKETS), "overdue", "all_due", "disputed"]:
        query = aging.items_query([company.id], "sales", bucket=key, today=TODAY)
        listed[key] = sum((i.outstanding for i in query), D(0))
        assert aging.listed_totals(query) == ({"EUR": listed[key]} if query.count() else {}), key
    assert {"AV-1", "AV-2"} <= {i.number for i in aging.items_query([company.id], "sales", bucket="overdue",
                                                                     today=TODAY)}
    assert side.overdue == listed["overdue"] == D("1100.00")  # 1000 + 300 - 120 - 80
    assert side.overdue == sum((side.buckets[k] for k in aging.OVERDUE), D(0))
    assert all(side.buckets[k] == listed[k] for k, _ in aging.BUCKETS)
    assert side.total == listed["all_due"] == D("1550.00") and side.disputed == listed["disputed"] == 0
    assert side.indemnities == D("80.00")  # F-1 and F-2: two overdue invoices, not the credit notes
    rates = _rates(rt)
    assert side.penalties == (D("1000.00") * rates.factor(TODAY - dt.timedelta(days=100), TODAY)
                              + D("300.00") * rates.factor(TODAY - dt.timedelta(days=45), TODAY)).quantize(D("0.01"))


def test_penalties_follow_the_half_year_ecb_rate_plus_ten_points(rt):
    rates = _rates(rt)
    assert rates.rate(dt.date(2024, 3, 1)) == D("14.50")
    assert rates.rate(dt.date(2024, 9, 1)) == D("14.25")
    # 1000 € due 2024-06-20, paid 2024-07-10: 10 days at 14.50 % + 10 days at 14.25 %
    expected = (D(1000) * (D("14.50") * 10 + D("14.25") * 10) / D(36500)).quantize(D("0.01"))
    assert rates.interest(D(1000), dt.date(2024, 6, 20), dt.date(2024, 7, 10)) == expected
    assert rates.interest(D(1000), dt.date(2024, 6, 20), dt.date(2024, 6, 20)) == 0


def test_revenue_per_counterparty_comes_from_the_open_items(rt, company):
    archived_invoice(company, direction="sales", number="R-1", amount="100", issue=dt.date(2026, 11, 3), party="Alpha")
    archived_invoice(company, direction="sales", number="R-2", amount="50", issue=dt.date(2026, 11, 4), party="Alpha")
    archived_invoice(company, direction="sales", number="R-3", amount="30", issue=dt.date(2026, 11, 4), party="Alpha",
                     type_code="381")
    archived_invoice(company, direction="sales", number="R-4", amount="70", issue=dt.date(2026, 10, 4), party="Beta")
    rows = aging.revenue([company.id], dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert rows == [{"counterparty": "Alpha", "party_key": "name:alpha", "currency": "EUR", "amount": "120",
                     "invoices": 3}]


# ---------------------------------------------------------------------------
# Batches, rights, mandates, IBAN changes
# ---------------------------------------------------------------------------


@pytest.fixture
def payables(rt, company):
    """Two due purchase invoices of one supplier (known IBAN) and one of another; the company's account."""
    batches.add_account(company, COMPANY_IBAN, address={"street": "1 rue de la Paix", "postcode": "75002",
                                                        "town": "Paris", "country": "FR"})
    docs = [archived_invoice(company, direction="purchase", number=f"ACH-{n}", amount=amount, issue=TODAY,
                             due=TODAY + dt.timedelta(days=n), party=party, party_siren=siren, iban=iban)
            for n, (amount, party, siren, iban) in enumerate([
                ("1500.00", "Fournisseur Alpha SARL", "732829320", IBANS[0]),
                ("250.40", "Fournisseur Alpha SARL", "732829320", IBANS[0]),
                ("99.99", "Beta GmbH", None, IBANS[2])])]
    return docs


def test_batch_needs_prepare_and_validate_rights(rt, company, make_user, payables):
    clerk = make_user("compta@client.fr", companies={company: "manage"})
    items = batches.due_purchases(company, due_before=TODAY + dt.timedelta(days=5))
    assert [i.number for i in items] == ["ACH-0", "ACH-1", "ACH-2"]
    with pytest.raises(payment_rights.PaymentRefused, match="préparer"):
        batches.prepare(company, items, user=clerk)
    payment_rights.grant(clerk, company, payment_rights.PREPARE)
    batch, skipped = batches.prepare(company, items, user=clerk)
    assert skipped == [] and batch.count == 3 and batch.total == D("1850.39")
    with pytest.raises(payment_rights.PaymentRefused, match="valider"):
        batches.validate(rt, batch, user=clerk)
    refused = Event.select().where(Event.kind == "payment.refused")
    assert refused.count() == 2 and {e.data["action"] for e in refused} == {"prepare", "validate"}
    payment_rights.grant(clerk, company, payment_rights.VALIDATE)
    data = batches.validate(rt, batch, user=clerk)
    assert b"pain.001.001.09" in data
    batch = PaymentBatch.get_by_id(batch.id)
    assert batch.state == BatchState.VALIDATED and batches.file_of(rt, batch) == data
    assert all(i.state == ItemState.PAID for i in OpenItem.select().where(OpenItem.direction == "purchase"))
    with pytest.raises(batches.BatchRefused, match="validé"):  # immutable
        batches.remove(batch.payments[0], user=clerk)
    with pytest.raises(batches.BatchRefused, match="validé"):
        batches.cancel(batch, user=clerk)


def test_a_batch_is_never_debited_from_another_companys_account(rt, company, other_company, make_user, payables):
    """Review finding 9a: prepare() took any account it was given; only the web view checked its company."""
    clerk = make_user("compta@client.fr", companies={company: "manage"})
    payment_rights.grant(clerk, company, payment_rights.PREPARE)
    foreign = batches.add_account(other_company, IBANS[1])
    items = batches.due_purchases(company, due_before=TODAY + dt.timedelta(days=5))
    with pytest.raises(batches.BatchRefused, match="pas un compte de ce dossier"):
        batches.prepare(company, items, user=clerk, account=foreign)
    assert PaymentBatch.select().count() == 0
    batch, _ = batches.prepare(company, items, user=clerk, account=batches.default_account(company))
    assert batch.account.company_id == company.id


def test_firm_collaborator_validates_only_under_a_mandate_within_its_limits(rt, company, make_user, payables):
    collaborator = make_user("collab@cabinet.fr", firm_role="operator")
    admin = make_user("admin@cabinet.fr", firm_role="admin")
    with pytest.raises(ValueError, match="mandat"):
        payment_rights.grant(collaborator, company, payment_rights.VALIDATE, by=admin)
    payment_rights.grant(collaborator, company, payment_rights.PREPARE, by=admin)
    batch, _ = batches.prepare(company, batches.due_purchases(company), user=collaborator)
    with pytest.raises(payment_rights.PaymentRefused, match="aucun mandat"):
        batches.validate(rt, batch, user=collaborator)
    expired = payment_rights.record_mandate(company, collaborator, max_per_payment=D("5000"), max_per_batch=D("9000"),
                                            valid_from=TODAY - dt.timedelta(days=60),
                                            valid_until=paris_today() - dt.timedelta(days=1), by=admin)
    assert expired.id
    with pytest.raises(payment_rights.PaymentRefused, match="aucun mandat"):
        batches.validate(rt, batch, user=collaborator)
    payment_rights.record_mandate(company, collaborator, max_per_payment=D("1000"), max_per_batch=D("5000"),
                                  valid_from=paris_today(), valid_until=paris_today() + dt.timedelta(days=365),
                                  reference="MR-2026-01", by=admin)
    with pytest.raises(payment_rights.PaymentRefused, match="par paiement"):
        batches.validate(rt, batch, user=collaborator)
    small = payment_rights.record_mandate(company, collaborator, max_per_payment=D("1500"), max_per_batch=D("1800"),
                                          valid_from=paris_today(), valid_until=paris_today(), by=admin)
    payment_rights.revoke_mandate(PaymentMandate.get(PaymentMandate.reference == "MR-2026-01"), by=admin)
    with pytest.raises(payment_rights.PaymentRefused, match="par lot"):
        batches.validate(rt, batch, user=collaborator)
    small.max_per_batch = D("2000")
    small.save()
    batches.validate(rt, batch, user=collaborator)
    batch = PaymentBatch.get_by_id(batch.id)
    assert batch.mandate_id == small.id and batch.validated_by == collaborator.id
    reasons = [e.data["reason"] for e in Event.select().where(Event.kind == "payment.refused").order_by(Event.id)]
    assert len(reasons) == 4


def test_iban_change_blocks_until_a_person_confirms_with_the_fraud_finding(rt, company, make_user, payables):
    clerk = make_user("compta@client.fr", companies={company: "manage"})
    payment_rights.grant(clerk, company, payment_rights.PREPARE)
    payment_rights.grant(clerk, company, payment_rights.VALIDATE)
    changed = archived_invoice(company, direction="purchase", number="ACH-9", amount="777.00", issue=TODAY,
                               due=TODAY, party="Fournisseur Alpha SARL", party_siren="732829320", iban=IBANS[3])
    Finding.create(document=changed, code="FRAUD-IBAN-CHANGE", severity="fatal",
                   message=f"IBAN {IBANS[3]} différent de celui connu", origin="controls_fraud")
    no_iban = archived_invoice(company, direction="purchase", number="ACH-10", amount="10.00", issue=TODAY,
                               due=TODAY, party="Beta GmbH")
    items = [OpenItem.get(OpenItem.document == d.id) for d in (changed, no_iban)]
    batch, skipped = batches.prepare(company, items, user=clerk)
    assert [s.reason for s in skipped] == ["aucun IBAN : ni sur la facture ni confirmé pour ce fournisseur"]
    (payment,) = batch.payments
    assert "différent de celui connu" in payment.blocked and "FRAUD-IBAN-CHANGE" in payment.finding
    with pytest.raises(batches.BatchRefused, match="bloqué"):
        batches.validate(rt, batch, user=clerk)
    batches.confirm(payment, user=clerk, note="appel au fournisseur le 01/12")
    batches.validate(rt, batch, user=clerk)
    assert OpenItem.get(OpenItem.document == changed.id).state == ItemState.PAID
    # the confirmed IBAN is known now; taken for an invoice that carries none, it still waits for a person
    later = archived_invoice(company, direction="purchase", number="ACH-11", amount="20.00", issue=TODAY,
                             due=TODAY, party="Fournisseur Alpha SARL", party_siren="732829320")
    batch2, _ = batches.prepare(company, [OpenItem.get(OpenItem.document == later.id)], user=clerk)
    (payment2,) = batch2.payments
    assert payment2.creditor_iban == IBANS[3] and "absent de la facture" in payment2.blocked


def _alpha(company, number, iban, amount="100.00"):
    document = archived_invoice(company, direction="purchase", number=number, amount=amount, issue=TODAY, due=TODAY,
                                party="Fournisseur Alpha SARL", party_siren="732829320", iban=iban)
    return OpenItem.get(OpenItem.document == document.id)


def test_a_changed_iban_stays_blocked_on_every_invoice_until_a_person_confirms_it(rt, company):
    batches.add_account(company, COMPANY_IBAN)
    _alpha(company, "ACH-1", IBANS[0], "400.00")
    ach7, ach8 = _alpha(company, "ACH-7", IBANS[1], "9000.00"), _alpha(company, "ACH-8", IBANS[1], "8000.00")
    b7, _ = batches.prepare(company, [ach7])
    b8, _ = batches.prepare(company, [ach8])
    # an IBAN printed on an earlier invoice (ACH-7) is not known for that alone
    assert "différent de celui connu" in b7.payments[0].blocked
    assert "différent de celui connu" in b8.payments[0].blocked
    assert batches.known_ibans(ach8) == {IBANS[0]}
    batches.confirm(b7.payments[0], note="appel au fournisseur")
    batches.cancel(b8)
    b8, _ = batches.prepare(company, [ach8])
    assert b8.payments[0].blocked is None  # confirmed by a person: known now
    assert batches.known_ibans(ach8) == {IBANS[0], IBANS[1]}


def test_the_first_iban_of_a_new_supplier_is_its_baseline(rt, company):
    batches.add_account(company, COMPANY_IBAN)
    first, second = _alpha(company, "ACH-1", IBANS[4]), _alpha(company, "ACH-2", IBANS[4])
    batch, skipped = batches.prepare(company, [first, second])
    assert skipped == [] and [p.blocked for p in batch.payments] == [None, None]
    assert batches.known_ibans(first) == set() and batches.known_ibans(second) == {IBANS[4]}


def test_an_iban_paid_in_a_validated_batch_is_known(rt, company):
    batches.add_account(company, COMPANY_IBAN)
    _alpha(company, "ACH-1", IBANS[0])
    ach7, ach8 = _alpha(company, "ACH-7", IBANS[1]), _alpha(company, "ACH-8", IBANS[1])
    batch, _ = batches.prepare(company, [ach7])
    batches.confirm(batch.payments[0])
    SupplierAccount.delete().execute()  # only the payment speaks for the IBAN now
    assert IBANS[1] not in batches.known_ibans(ach8)  # a draft batch sends nothing
    batches.validate(rt, batch)
    assert batches.known_ibans(ach8) == {IBANS[0], IBANS[1]}
    later, _ = batches.prepare(company, [ach8])
    assert later.payments[0].blocked is None


def test_an_iban_seen_leaving_on_a_matched_bank_line_is_known(rt, company):
    from guichet.core.money import supplier_ibans

    _alpha(company, "ACH-1", IBANS[0])
    ach7 = _alpha(company, "ACH-7", IBANS[1])
    key = ach7.party_key
    assert supplier_ibans.known_ibans(company.id, key, [IBANS[0]]) == {IBANS[0]}
    imp = StatementImport.create(company=company, filename="r.xml", sha256="0" * 64, blob_key="k", source="upload",
                                 state=ImportState.IMPORTED)
    statement = BankStatement.create(company=company, source_file=imp, identity="r-1", format="camt053",
                                     account=COMPANY_IBAN)
    line = BankLine.create(statement=statement, company=company, position=1, booking_date=TODAY,
                           amount=D("-100.00"), counterparty="Alpha", counterparty_iban=IBANS[1],
                           state=LineState.MATCHED, allocated=D("100.00"))
    Settlement.create(company=company, item=ach7, kind="payment", amount=D("100.00"), date=TODAY,
                      bank_line_id=line.id)
    assert supplier_ibans.known_ibans(company.id, key, [IBANS[0]]) == {IBANS[0], IBANS[1]}


def test_an_invoice_is_never_in_two_live_batches(rt, company, payables):
    items = batches.due_purchases(company)
    first, _ = batches.prepare(company, items[:2])
    assert [i.number for i in batches.due_purchases(company)] == ["ACH-2"]
    _, skipped = batches.prepare(company, items)  # stale selection: two are taken already
    assert sorted(s.reason for s in skipped) == ["déjà dans un lot en cours"] * 2
    assert BatchPayment.select().where(BatchPayment.live_document.is_null(False)).count() == 3
    batches.cancel(first)
    assert [i.number for i in batches.due_purchases(company)] == ["ACH-0", "ACH-1"]


def test_grouped_transfers_carry_the_invoice_numbers(rt, company, payables):
    batch, _ = batches.prepare(company, batches.due_purchases(company), grouping="supplier")
    order, _groups = batches.transfer_order(batch)
    assert [(t.amount, t.remittance) for t in order.transfers] == [
        (D("1750.40"), "Factures ACH-0 ACH-1"), (D("99.99"), "Facture ACH-2")]
    assert order.debtor_address.town == "Paris"


# ---------------------------------------------------------------------------
# Statements and reconciliation
# ---------------------------------------------------------------------------


def test_camt053_imports_once_and_settles_by_reference(rt, company):
    doc = archived_invoice(company, direction="sales", number="FA-2026-7", amount="480.00", issue=TODAY, party="Gamma")
    item = OpenItem.get(OpenItem.document == doc.id)
    data = camt053(COMPANY_IBAN, [Entry(D("480.00"), TODAY, name="GAMMA SA", reference=item.reference),
                                  Entry(D("-12.50"), TODAY, name="BANQUE", remittance="FRAIS")])
    report = statements.import_file(rt, company, data, "releve.xml", source="test")
    assert (report.state, report.lines, report.matched, report.left) == (ImportState.IMPORTED, 2, 1, 1)
    assert OpenItem.get_by_id(item.id).state == ItemState.PAID
    again = statements.import_file(rt, company, data, "releve.xml", source="test")
    assert (again.state, again.duplicates, again.lines) == (ImportState.DUPLICATE, 1, 0)
    assert BankLine.select().count() == 2


def test_cfonb120_imports_and_settles_by_number(rt, company):
    doc = archived_invoice(company, direction="sales", number="FA-2026-8", amount="1234.56", issue=TODAY,
                           party="Delta")
    data = cfonb120([Entry(D("1234.56"), TODAY, name="DELTA", remittance="FACTURE FA-2026-8"),
                     Entry(D("-3.00"), TODAY, remittance="FRAIS")])
    report = statements.import_file(rt, company, data, "releve.txt", source="test")
    assert (report.format, report.lines, report.matched) == ("cfonb120", 2, 1)
    assert OpenItem.get(OpenItem.document == doc.id).state == ItemState.PAID


@pytest.mark.parametrize(("mangle", "reason"), [
    (lambda b: b.replace(b"\r\n0430004", b"\r\n0930004", 1), "ligne 2 : code enregistrement inconnu"),
    (lambda b: b.replace(b"\r\n", b"X\r\n", 2), "ligne 1 : enregistrement de 121 caractères"),
    (lambda b: b.rsplit(b"\r\n", 2)[0] + b"\r\n", "relevé sans nouveau solde"),
])
def test_a_malformed_cfonb_file_is_refused_whole_with_its_line(rt, company, mangle, reason):
    data = mangle(cfonb120([Entry(D("10.00"), TODAY, name="X")]))
    report = statements.import_file(rt, company, data, "bad.txt", source="test")
    assert report.state == ImportState.REJECTED and reason in report.reason
    assert BankLine.select().count() == 0


def test_another_accounts_statement_is_refused_once_the_company_has_accounts(rt, company):
    doc = archived_invoice(company, direction="sales", number="FA-2026-9", amount="75.00", issue=TODAY, party="Zeta")
    batches.add_account(company, COMPANY_IBAN)
    elsewhere = camt053(IBANS[6], [Entry(D("75.00"), TODAY, name="ZETA", remittance="FA-2026-9")])
    report = statements.import_file(rt, company, elsewhere, "autre.xml", source="test")
    assert report.state == ImportState.REJECTED and IBANS[6] in report.reason and "pas un compte" in report.reason
    assert BankLine.select().count() == 0
    assert OpenItem.get(OpenItem.document == doc.id).state == ItemState.OPEN
    cfonb = cfonb120([Entry(D("75.00"), TODAY, name="ZETA", remittance="FA-2026-9")])  # RIB 30004 00001 00012345678
    assert statements.import_file(rt, company, cfonb, "r.txt", source="test").state == ImportState.REJECTED
    rib_iban = statements.read(rt, cfonb, "r.txt")[0].account
    batches.add_account(company, rib_iban, default=False)  # the company's second account, registered
    report = statements.import_file(rt, company, cfonb, "r.txt", source="test")
    assert (report.state, report.matched) == (ImportState.IMPORTED, 1)


def test_a_statement_whose_balances_do_not_add_up_is_refused(rt, company):
    data = camt053(COMPANY_IBAN, [Entry(D("10.00"), TODAY)]).replace(b"<Amt Ccy=\"EUR\">1010.00</Amt>",
                                                                     b"<Amt Ccy=\"EUR\">1011.00</Amt>")
    report = statements.import_file(rt, company, data, "x.xml", source="test")
    assert report.state == ImportState.REJECTED and "ligne" in report.reason and "soldes" in report.reason


def _three_decimals(data: bytes, fmt: str) -> bytes:
    """The statement with its second entry (written 123.45) read as 12.345 EUR, balances still adding up."""
    if fmt == "camt":
        return (data.replace(b'<Amt Ccy="EUR">123.45</Amt>', b'<Amt Ccy="EUR">12.345</Amt>')
                .replace(b'<Amt Ccy="EUR">1603.45</Amt>', b'<Amt Ccy="EUR">1492.345</Amt>'))
    records = data.decode("latin-1").split("\r\n")
    bad = next(n for n, r in enumerate(records) if r.startswith("04") and "REF000002" in r)
    records[bad] = records[bad][:19] + "3" + records[bad][20:]  # « nombre de décimales » 3: 12345 is 12.345
    closing = next(n for n, r in enumerate(records) if r.startswith("07"))  # 1000 + 480 + 12.345
    records[closing] = records[closing][:19] + "3" + records[closing][20:90] + "000000014923" + "4E" + records[closing][104:]
    return "\r\n".join(records).encode("latin-1")


@pytest.mark.parametrize("fmt", ["camt", "cfonb"])
def test_a_line_finer_than_the_cent_is_rejected_and_the_others_reconciled(rt, company, fmt):
    """12,345 EUR on one line of a badly written file: that line is kept, refused with its French reason and
    settles nothing; the good line among it still pays its invoice, and a zero line waits for a person."""
    good = archived_invoice(company, direction="sales", number="FA-2026-41", amount="480.00", issue=TODAY,
                            party="Gamma")
    other = archived_invoice(company, direction="sales", number="FA-2026-42", amount="100.00", issue=TODAY,
                             party="Delta")
    archived_invoice(company, direction="purchase", number="ACH-2026-43", amount="60.00", issue=TODAY, party="Eta")
    entries = [Entry(D("480.00"), TODAY, name="GAMMA", remittance="FACTURE FA-2026-41"),
               Entry(D("123.45"), TODAY, name="DELTA", remittance="FACTURE FA-2026-42"),
               Entry(D("0.00"), TODAY, name="ETA", remittance="FACTURE ACH-2026-43")]
    if fmt == "camt":
        data = camt053(COMPANY_IBAN, entries)
    else:
        data = cfonb120(entries, end=TODAY)
    data = _three_decimals(data, fmt)
    report = statements.import_file(rt, company, data, "releve", source="test")
    assert (report.state, report.lines, report.matched, report.left) == (ImportState.IMPORTED, 3, 1, 1)
    (rejected,) = report.rejected
    assert rejected["amount"] == "12.345" and "refusée : montant 12,345 : au plus 2 décimales en EUR" in rejected["reason"]
    assert report.as_dict()["lines_rejected"] == [rejected]
    assert OpenItem.get(OpenItem.document == good.id).state == ItemState.PAID
    assert OpenItem.get(OpenItem.document == other.id).outstanding == D("100.00")
    kept = BankLine.get(BankLine.amount == D("12.345"))
    assert kept.state == LineState.REJECTED and "12,345" in kept.note and Settlement.select().where(
        Settlement.bank_line_id == kept.id).count() == 0
    with pytest.raises(settlements.SettlementRefused, match="refusée à l'import"):
        reconcile.ignore(kept, "frais bancaires", user=None)
    with pytest.raises(settlements.SettlementRefused, match="déjà rapprochée"):
        reconcile.ignore(BankLine.get(BankLine.amount == D("480.00")), "frais bancaires", user=None)
    kept = BankLine.get_by_id(kept.id)
    assert kept.state == LineState.REJECTED and "12,345" in kept.note
    assert [line.amount for line in reconcile.queue(company)] == [D("0.00")]  # the zero line, for a person
    assert "12,345" in StatementImport.get_by_id(report.import_id).reason
    assert Event.select().where(Event.kind == "payment.statement_imported").get().data["rejected"] == 1


def test_generated_set_matches_at_least_95_percent_with_no_wrong_match(rt, company):
    made = generated_set(company, invoices=600, lines=400, bulk=False)
    data = camt053(COMPANY_IBAN, made.entries)
    report = statements.import_file(rt, company, data, "gen.xml", source="test")
    truth_by_line = dict(zip([line.id for line in BankLine.select().order_by(BankLine.position)], made.truth, strict=True))
    wrong, matched_payable = [], 0
    for line in BankLine.select():
        expected = truth_by_line[line.id]
        got = {}
        for s in Settlement.select().where(Settlement.bank_line_id == line.id):
            got[s.item.number] = got.get(s.item.number, D(0)) + s.amount
        if line.state == LineState.MATCHED:
            if got != expected:
                wrong.append((line.remittance, expected, got))
            elif expected:
                matched_payable += 1
    payable = sum(1 for t in made.truth if t)
    assert wrong == []
    assert matched_payable / payable >= 0.95, (matched_payable, payable)
    assert report.matched == matched_payable


def test_doubtful_lines_wait_for_a_person_instead_of_a_wrong_match(rt, company):
    """Same amount twice for one customer, a mistyped RF reference, a text number naming another payer's invoice
    than the one its IBAN is known for: each line goes to the queue, nothing is settled by guess."""
    from guichet.core.model.identifiers import creditor_reference

    for number in ("DT-101", "DT-102"):
        archived_invoice(company, direction="sales", number=number, amount="120.00", issue=TODAY, party="Kappa SARL")
    archived_invoice(company, direction="sales", number="DT-103", amount="55.00", issue=TODAY, party="Lambda SA")
    archived_invoice(company, direction="sales", number="DT-104", amount="77.00", issue=TODAY, party="Mu SAS")
    good = creditor_reference("DT-103")
    typo = good[:-1] + ("1" if good[-1] != "1" else "2")  # checksum broken: not DT-103's reference any more
    first = camt053(COMPANY_IBAN, [Entry(D("77.00"), TODAY, name="MU", iban=IBANS[4], remittance="DT-104")],
                    statement_id="KNOWN")
    assert statements.import_file(rt, company, first, "k.xml", source="test").matched == 1  # IBANS[4] is Mu's now
    data = camt053(COMPANY_IBAN, [
        Entry(D("120.00"), TODAY, name="KAPPA", remittance="VIREMENT"),
        Entry(D("55.00"), TODAY, name="", reference=typo),
        Entry(D("55.00"), TODAY, name="MU", iban=IBANS[4], remittance="FACTURE DT-103"),
    ], statement_id="DOUBT")
    report = statements.import_file(rt, company, data, "d.xml", source="test")
    assert (report.lines, report.matched, report.left) == (3, 0, 3)
    assert {i.number: i.state for i in OpenItem.select().where(OpenItem.number.in_(["DT-101", "DT-102", "DT-103"]))} == {
        "DT-101": ItemState.OPEN, "DT-102": ItemState.OPEN, "DT-103": ItemState.OPEN}


def test_queue_suggests_and_a_person_matches_or_ignores(rt, company, make_user):
    user = make_user("compta@client.fr", companies={company: "manage"})
    one = archived_invoice(company, direction="sales", number="Q-1", amount="100.00", issue=TODAY, party="Epsilon")
    two = archived_invoice(company, direction="sales", number="Q-2", amount="100.00", issue=TODAY, party="Epsilon")
    data = camt053(COMPANY_IBAN, [Entry(D("150.00"), TODAY, name="EPSILON", remittance="VIREMENT"),
                                  Entry(D("-9.90"), TODAY, name="BANQUE", remittance="COMMISSION")])
    statements.import_file(rt, company, data, "q.xml", source="test")
    waiting = list(reconcile.queue(company))
    assert len(waiting) == 2
    proposals = reconcile.suggestions(waiting[0])
    assert {p["item"].number for p in proposals} == {"Q-1", "Q-2"}
    items = [OpenItem.get(OpenItem.document == d.id) for d in (one, two)]
    with pytest.raises(settlements.SettlementRefused, match="dépasse"):
        reconcile.match(rt, waiting[0], [(items[0], D("100")), (items[1], D("100"))], user=user)
    reconcile.match(rt, waiting[0], [(items[0], D("100")), (items[1], D("50"))], user=user)
    assert [OpenItem.get_by_id(i.id).state for i in items] == [ItemState.PAID, ItemState.PARTIAL]
    reconcile.ignore(waiting[1], "frais bancaires", user=user)
    assert list(reconcile.queue(company)) == []


def test_a_validated_batch_is_recognised_on_the_statement(rt, company, payables):
    batch, _ = batches.prepare(company, batches.due_purchases(company))
    batches.validate(rt, batch)
    batch = PaymentBatch.get_by_id(batch.id)
    data = camt053(COMPANY_IBAN, [Entry(-batch.total, TODAY, remittance="REMISE VIREMENTS", batch=batch.reference)])
    report = statements.import_file(rt, company, data, "b.xml", source="test")
    assert report.matched == 1
    assert PaymentBatch.get_by_id(batch.id).state == BatchState.EXECUTED
    assert BatchPayment.select().where(BatchPayment.live_document.is_null(False)).count() == 0


def test_hook_payments_recorded(rt, company, payables):
    """One call per change with all its invoices: a validated batch, then a statement whose two lines pay one
    invoice on two days (one payment per invoice and date)."""
    from guichet.core import hookimpl

    calls = []

    class Listener:
        @hookimpl
        def payments_recorded(self, company, payments):
            calls.append((company.siren, [(p.document.direction, Invoice_number(p.document), p.amount, p.date)
                                          for p in payments]))

    def Invoice_number(document):  # noqa: N802 - a local helper
        from guichet.core.model.models import Invoice

        return Invoice.get(Invoice.document == document.id).number

    rt.pm.register(Listener(), name="listener")
    try:
        batch, _ = batches.prepare(company, batches.due_purchases(company)[:1], execution_date=TODAY)
        batches.validate(rt, batch)
        sale = archived_invoice(company, direction="sales", number="FA-H", amount="80.00", issue=TODAY, party="Eta")
        data = camt053(COMPANY_IBAN, [Entry(D("30.00"), TODAY - dt.timedelta(days=1), name="ETA", remittance="FA-H"),
                                      Entry(D("50.00"), TODAY, name="ETA", remittance="solde FA-H")])
        statements.import_file(rt, company, data, "h.xml", source="test")
    finally:
        rt.pm.unregister(name="listener")
    assert len(calls) == 2  # the batch, the statement: not one call per invoice
    assert calls[0] == (company.siren, [("purchase", "ACH-0", D("1500.00"), TODAY)])
    siren, told = calls[1]
    assert siren == company.siren
    assert sorted(told, key=lambda t: t[3]) == [("sales", "FA-H", D("30.00"), TODAY - dt.timedelta(days=1)),
                                                ("sales", "FA-H", D("50.00"), TODAY)]
    assert OpenItem.get(OpenItem.document == sale.id).state == ItemState.PAID
