"""The one place that says which IBANs are known for a supplier of a company.

An IBAN is known for a supplier (``party_key``, see :func:`guichet.core.money.open_items.party_key`) when:

- a person confirmed it (a :class:`~guichet.core.model.payment_models.SupplierAccount` row);
- money was sent to it: a payment of one of the supplier's invoices in a validated (or executed)
  batch, or a debit bank line carrying that IBAN settled against one of its invoices;
- it is the baseline: the IBAN of the supplier's first invoice that carries one.

An IBAN printed on later invoices is NOT known for that reason alone: a changed IBAN stays
« changed » until a person confirms it, however many invoices carry it. Both the payment
batches (core/money/batches.py) and the fraud control FRAUD-IBAN-CHANGE
(plugins/controls_fraud.py) use :func:`known_ibans`.

A person confirms an IBAN with :func:`record_confirmation`, the one place that writes the
confirmation: from a payment batch (:func:`guichet.core.money.batches.confirm`, prepare right) or by
accepting in review an invoice flagged :data:`IBAN_CHANGE` (:func:`guichet.core.pipeline.decisions.accept`,
manage right, with the written reason).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model import events
from guichet.core.model.identifiers import compact
from guichet.core.model.payment_models import (
    BankLine,
    BatchPayment,
    BatchState,
    OpenItem,
    PaymentBatch,
    Settlement,
    SupplierAccount,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

#: The fraud control's finding: the invoice's IBAN is not a known one (plugins/controls_fraud.py).
IBAN_CHANGE = "FRAUD-IBAN-CHANGE"

#: Batches whose payments count as money sent.
PAID_BATCH_STATES = (BatchState.VALIDATED, BatchState.EXECUTED)


def confirmed(company_id: int, party_key: str, iban: str) -> bool:
    """True when a person confirmed ``iban`` for the supplier."""
    return SupplierAccount.select().where((SupplierAccount.company == company_id)
                                          & (SupplierAccount.party_key == party_key)
                                          & (SupplierAccount.iban == iban)).exists()


def record_confirmation(company_id: int, party_key: str, iban: str, *, bic: str | None = None,
                        user_id: int | None = None, note: str = "", document_id: int | None = None,
                        data: dict | None = None) -> SupplierAccount:
    """Remember that a person (``user_id``; None: the instance administrator) confirmed ``iban`` for the supplier.

    The first confirmation stays (who, when, note); every one is an event ``payment.iban_confirmed``
    (``data`` says where it was given: the batch, or the document accepted in review).
    The caller checks the person's right and holds the transaction.
    """
    iban = compact(iban)
    row, _ = SupplierAccount.get_or_create(company=company_id, party_key=party_key, iban=iban,
                                           defaults={"bic": bic, "confirmed_by": user_id, "note": note.strip()})
    events.record("payment.iban_confirmed", company_id=company_id, document_id=document_id, user_id=user_id,
                  data={**(data or {}), "iban": iban, "note": note.strip()})
    return row


def known_ibans(company_id: int, party_key: str, earlier_ibans: Iterable[str | None]) -> set[str]:
    """IBANs known for the supplier (see the module's docstring).

    ``earlier_ibans``: the IBANs of the supplier's earlier invoices, oldest first (None when one had
    none); only the first one given is taken, as the baseline.
    """
    known = {row.iban for row in SupplierAccount.select(SupplierAccount.iban).where(
        (SupplierAccount.company == company_id) & (SupplierAccount.party_key == party_key))}
    known |= {row.creditor_iban for row in BatchPayment.select(BatchPayment.creditor_iban)
              .join(PaymentBatch, on=(PaymentBatch.id == BatchPayment.batch))
              .switch(BatchPayment).join(OpenItem, on=(OpenItem.id == BatchPayment.item))
              .where((PaymentBatch.company == company_id) & PaymentBatch.state.in_(PAID_BATCH_STATES)
                     & (OpenItem.party_key == party_key))}
    known |= {compact(row.counterparty_iban) for row in BankLine.select(BankLine.counterparty_iban)
              .join(Settlement, on=(Settlement.bank_line_id == BankLine.id))
              .join(OpenItem, on=(OpenItem.id == Settlement.item))
              .where((BankLine.company == company_id) & BankLine.counterparty_iban.is_null(False)
                     & (BankLine.amount < 0) & (OpenItem.direction == "purchase")
                     & (OpenItem.party_key == party_key))}
    baseline = next((compact(iban) for iban in earlier_ibans if iban), None)
    if baseline:
        known.add(baseline)
    known.discard("")
    return known
