"""Supplier payment batches: select due purchase invoices, check every payment, validate, write the SEPA file.

A batch is prepared (``draft``) by a person with the ``prepare`` right, then validated by a
person with the ``validate`` right, or by a firm collaborator under a payment mandate within
its limits (core/access/payment_rights.py); when the company turned on the double validation
(above an amount, or always), not by the person who prepared it or confirmed one of its IBANs
(:func:`~guichet.core.access.payment_rights.check_four_eyes`). Validation writes the pain.001.001.09 file through
the ``write_credit_transfer`` hook, records each invoice as paid by transfer and makes the
batch immutable. An invoice is never in two live batches (a unique column holds while the
batch is a draft or validated).

Safety: each payment's IBAN and BIC are checked with schwifty; a payment is BLOCKED until a
person confirms it (:func:`confirm`) when its IBAN differs from the ones known for the supplier
(:mod:`guichet.core.money.supplier_ibans`: confirmed by a person, paid in a validated batch or
seen leaving on a matched bank line, or on the supplier's first invoice; an IBAN printed on
later invoices is not known for that alone), when the invoice did not carry it, or when the
fraud control flagged an IBAN change on the invoice (its finding is shown with the block).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from peewee import IntegrityError

from guichet.core.access import payment_rights
from guichet.core.model import events
from guichet.core.model.banking import PostalAddress, Transfer, TransferOrder
from guichet.core.model.identifiers import compact
from guichet.core.model.models import Company, Finding, Invoice, db, paris_today, utcnow
from guichet.core.model.payment_models import (
    LIVE_BATCH_STATES,
    BankAccount,
    BatchPayment,
    BatchState,
    ItemState,
    OpenItem,
    PaymentBatch,
    SupplierAccount,
)
from guichet.core.money import open_items, settlements, supplier_ibans

if TYPE_CHECKING:
    from guichet.core.model.models import User
    from guichet.core.ops.runtime import Runtime

ZERO = Decimal("0")
#: Unstructured remittance information holds 140 characters (pain.001 RmtInf/Ustrd).
REMITTANCE_MAX = 140
IBAN_FINDING = supplier_ibans.IBAN_CHANGE


class BatchRefused(ValueError):  # a refusal with a French reason
    """What a batch operation cannot do, in French."""


@dataclass
class Skipped:
    """An invoice that could not be put in a batch, and why."""

    item: OpenItem
    reason: str


# ---------------------------------------------------------------------------
# Selection
# ---------------------------------------------------------------------------


def due_purchases(company: Company, *, due_before: dt.date | None = None, supplier_siren: str | None = None,
                  min_amount: Decimal | None = None, max_amount: Decimal | None = None) -> list[OpenItem]:
    """Purchase invoices of ``company`` still to pay in euros, due on or before ``due_before``, not in a live batch."""
    open_items.sync(company)
    live = BatchPayment.select(BatchPayment.live_document).where(BatchPayment.live_document.is_null(False))
    query = OpenItem.select().where(
        (OpenItem.company == company.id) & (OpenItem.direction == "purchase")
        & OpenItem.state.in_([ItemState.OPEN, ItemState.PARTIAL]) & (OpenItem.currency == "EUR")
        & OpenItem.document.not_in(live))
    if due_before is not None:
        query = query.where(OpenItem.due_date <= due_before)
    if supplier_siren:
        query = query.where(OpenItem.party_key == open_items.party_key(compact(supplier_siren), None, None))
    rows = [item for item in query.order_by(OpenItem.due_date, OpenItem.id) if item.outstanding > 0]
    if min_amount is not None:
        rows = [item for item in rows if item.outstanding >= min_amount]
    if max_amount is not None:
        rows = [item for item in rows if item.outstanding <= max_amount]
    return rows


# ---------------------------------------------------------------------------
# Checks of one payment
# ---------------------------------------------------------------------------


def checked_iban(value: str | None) -> str | None:
    """The IBAN if schwifty accepts it (country format and check digits), else None."""
    from schwifty import IBAN

    try:
        return str(IBAN(compact(value))) if value else None
    except ValueError:
        return None


def checked_bic(value: str | None, iban: str | None) -> str | None:
    """The BIC given (if schwifty accepts it), else the one schwifty derives from the IBAN, else None."""
    from schwifty import BIC, IBAN

    if value:
        try:
            return str(BIC(compact(value)))
        except ValueError:
            return None
    try:
        bic = IBAN(iban).bic if iban else None
    except ValueError:
        return None
    return str(bic) if bic else None


def known_ibans(item: OpenItem) -> set[str]:
    """IBANs known for ``item``'s supplier (:func:`guichet.core.money.supplier_ibans.known_ibans`).

    The baseline is the IBAN of the supplier's first invoice that carries one, before ``item``.
    """
    earlier = (row.iban for row in OpenItem.select(OpenItem.iban).where(
        (OpenItem.company == item.company_id) & (OpenItem.party_key == item.party_key)
        & (OpenItem.direction == "purchase") & (OpenItem.document < item.document_id) & OpenItem.iban.is_null(False))
        .order_by(OpenItem.document))
    return supplier_ibans.known_ibans(item.company_id, item.party_key, earlier)


def iban_block(item: OpenItem, iban: str, *, from_invoice: bool) -> tuple[str | None, str | None]:
    """Why a payment of ``item`` to ``iban`` must wait for a person (None when it may go), and the fraud finding."""
    finding = (Finding.select(Finding.message).where((Finding.document == item.document_id)
                                                     & (Finding.code == IBAN_FINDING)).first())
    finding_text = f"{IBAN_FINDING} : {finding.message}" if finding else None
    if not from_invoice:
        return ("IBAN absent de la facture (repris des coordonnées connues du fournisseur) : "
                "à confirmer par une personne", finding_text)
    known = known_ibans(item)
    if known and iban not in known:
        return (f"IBAN {iban} différent de celui connu pour {item.counterparty or 'ce fournisseur'} "
                f"({', '.join(sorted(known))}) : à confirmer par une personne (appel au fournisseur)", finding_text)
    if finding is not None and not supplier_ibans.confirmed(item.company_id, item.party_key, iban):
        return ("le contrôle anti-fraude a signalé un changement d'IBAN sur cette facture : "
                "à confirmer par une personne", finding_text)
    return None, finding_text


def _invoice_data(item: OpenItem) -> dict:
    row = Invoice.get_or_none(Invoice.document == item.document_id)
    return row.data if row else {}


def creditor_address(data: dict) -> PostalAddress | None:
    """The seller's postal address (BG-5) as a structured address, or None when town or country is missing."""
    address = (data.get("seller") or {}).get("address") or {}
    found = PostalAddress(street=(address.get("line1") or "")[:70] or None, postcode=address.get("postcode"),
                          town=(address.get("city") or "")[:35] or None,
                          country=(address.get("country") or "").upper() or None)
    return found if found.usable() else None


def _invoice_bic(data: dict, iban: str) -> str | None:
    for means in data.get("payment_means") or []:
        if compact(means.get("iban")) == iban and means.get("bic"):
            return means.get("bic")
    return None


# ---------------------------------------------------------------------------
# Preparing
# ---------------------------------------------------------------------------


def default_account(company: Company, *, register: bool = False, user_id: int | None = None) -> BankAccount | None:
    """The company's default bank account (or its only one); nothing is written unless ``register``.

    When none is registered, the account the company gives its customers is proposed: its
    ``iban`` setting, else the IBAN (BT-84) of its latest archived sales invoice. The proposal is
    an unsaved row (``id`` None) shown by the pages; it is registered only by an explicit action
    (``register=True``: preparing a batch debited from it). Registered accounts decide which
    statements the company accepts (:func:`guichet.core.money.statements.foreign_account`), so a
    page that is only looked at must never register one.
    """
    accounts = list(BankAccount.select().where(BankAccount.company == company.id)
                    .order_by(BankAccount.is_default.desc(), BankAccount.id))
    if accounts:
        return accounts[0]
    iban = checked_iban((company.settings or {}).get("iban"))
    label = "paramètre iban du dossier"
    if iban is None:
        latest = (OpenItem.select(OpenItem.iban).where((OpenItem.company == company.id)
                                                       & (OpenItem.direction == "sales") & OpenItem.iban.is_null(False))
                  .order_by(OpenItem.issue_date.desc(), OpenItem.id.desc()).first())
        iban = checked_iban(latest.iban) if latest else None
        label = "IBAN des factures de vente du dossier"
    if iban is None:
        return None
    if register:
        return add_account(company, iban, label=label, user_id=user_id)
    return BankAccount(company=company.id, iban=iban, bic=checked_bic(None, iban), label=label, is_default=True)


def add_account(company: Company, iban: str, *, bic: str | None = None, label: str = "",
                holder_name: str | None = None, address: dict | None = None, default: bool = True,
                user_id: int | None = None) -> BankAccount:
    """Register a bank account of the company (its IBAN and BIC checked by schwifty)."""
    clean = checked_iban(iban)
    if clean is None:
        msg = f"IBAN invalide : {iban}"
        raise BatchRefused(msg)
    bic_clean = checked_bic(bic, clean)
    if bic and bic_clean is None:
        msg = f"BIC invalide : {bic}"
        raise BatchRefused(msg)
    with db.atomic():
        if default:
            BankAccount.update(is_default=False).where(BankAccount.company == company.id).execute()
        account, _ = BankAccount.get_or_create(company=company, iban=clean, defaults={"bic": bic_clean})
        account.bic, account.label, account.holder_name = bic_clean, label, holder_name
        account.address, account.is_default = address or {}, default
        account.save()
        events.record("payment.account_saved", company_id=company.id, user_id=user_id,
                      data={"iban": clean, "bic": bic_clean, "default": default})
    return account


def _reference(company: Company) -> str:
    return f"G{company.siren}{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}{secrets.token_hex(3).upper()}"


def prepare(company: Company, items: list[OpenItem], *, user: User | None = None,
            account: BankAccount | None = None, grouping: str = "invoice",
            execution_date: dt.date | None = None) -> tuple[PaymentBatch, list[Skipped]]:
    """Make a draft batch paying ``items`` (their outstanding amounts). Blocked payments stay in, blocked.

    :raises PaymentRefused: (logged) without the ``prepare`` right.
    :raises BatchRefused: without a bank account, with another company's account, or when no invoice could be
        put in.
    """
    payment_rights.check_prepare(user, company)
    if account is None or account.id is None:  # the proposed account is registered by this explicit action
        account = default_account(company, register=True, user_id=user.id if user else None)
    if account is None:
        msg = "aucun compte bancaire n'est enregistré pour ce dossier (compte débité des virements)"
        raise BatchRefused(msg)
    if account.company_id != company.id:  # the core holds to it, whoever calls (the web view checks too)
        msg = "ce compte bancaire n'est pas un compte de ce dossier (compte débité des virements)"
        raise BatchRefused(msg)
    if grouping not in ("invoice", "supplier"):
        msg = f"regroupement inconnu : {grouping}"
        raise BatchRefused(msg)
    execution_date = execution_date or paris_today() + dt.timedelta(days=1)
    skipped: list[Skipped] = []
    with db.atomic():
        batch = PaymentBatch.create(company=company, account=account, reference=_reference(company),
                                    grouping=grouping, execution_date=execution_date, total=ZERO,
                                    created_by=user.id if user else None)
        total, count = ZERO, 0
        for item in items:
            reason = _add(batch, item)
            if reason:
                skipped.append(Skipped(item, reason))
            else:
                total += item.outstanding
                count += 1
        if count == 0:
            raise BatchRefused("aucune facture payable : " + "; ".join(
                f"{s.item.number or s.item.document_id} ({s.reason})" for s in skipped) if skipped else
                "aucune facture à payer")
        batch.total, batch.count = total, count
        batch.save()
        events.record("payment.batch_prepared", company_id=company.id, user_id=user.id if user else None,
                      data={"batch": batch.reference, "count": count, "total": str(total),
                            "skipped": [s.item.document_id for s in skipped]})
    return batch, skipped


def _add(batch: PaymentBatch, item: OpenItem) -> str | None:
    """Put ``item`` in ``batch``; the reason it cannot go in, or None."""
    if item.company_id != batch.company_id or item.direction != "purchase" or item.currency != "EUR":
        return "pas une facture d'achat en euros de ce dossier"
    item = OpenItem.get_by_id(item.id)
    if item.outstanding <= 0 or item.state not in (ItemState.OPEN, ItemState.PARTIAL):
        return "rien à payer" if item.state != ItemState.DISPUTED else "facture en litige"
    data = _invoice_data(item)
    from_invoice = bool(item.iban)
    iban = item.iban
    if not iban:
        confirmed = list(SupplierAccount.select().where((SupplierAccount.company == item.company_id)
                                                        & (SupplierAccount.party_key == item.party_key))
                         .order_by(SupplierAccount.confirmed_at.desc()))
        iban = confirmed[0].iban if confirmed else None
    if not iban:
        return "aucun IBAN : ni sur la facture ni confirmé pour ce fournisseur"
    clean = checked_iban(iban)
    if clean is None:
        return f"IBAN invalide : {iban}"
    given_bic = _invoice_bic(data, clean)
    bic = checked_bic(given_bic, clean)
    if given_bic and bic is None:
        return f"BIC invalide : {given_bic}"
    blocked, finding = iban_block(item, clean, from_invoice=from_invoice)
    address = creditor_address(data)
    try:
        with db.atomic():
            BatchPayment.create(
                batch=batch, item=item, amount=item.outstanding, creditor_name=(item.counterparty or "?")[:70],
                creditor_iban=clean, creditor_bic=bic, creditor_address=address.__dict__ if address else {},
                end_to_end_id="", blocked=blocked, finding=finding, live_document=item.document_id)
    except IntegrityError:
        return "déjà dans un lot en cours"
    return None


def _editable(batch: PaymentBatch) -> PaymentBatch:
    batch = PaymentBatch.get_by_id(batch.id)
    if batch.state != BatchState.DRAFT:
        msg = "ce lot est validé : il ne peut plus être modifié"
        raise BatchRefused(msg)
    return batch


def remove(payment: BatchPayment, *, user: User | None = None) -> None:
    """Take a payment out of a draft batch."""
    batch = _editable(payment.batch)
    payment_rights.check_prepare(user, batch.company)
    with db.atomic():
        payment.delete_instance()
        _recount(batch)
        events.record("payment.batch_removed", company_id=batch.company_id, document_id=payment.item.document_id,
                      user_id=user.id if user else None, data={"batch": batch.reference})


def _recount(batch: PaymentBatch) -> None:
    amounts = [p.amount for p in batch.payments]
    batch.total, batch.count = sum(amounts, ZERO), len(amounts)
    batch.save()


def confirm(payment: BatchPayment, *, user: User | None = None, note: str = "") -> None:
    """A person confirms a blocked payment's IBAN (e.g. after calling the supplier); it is remembered."""
    batch = _editable(payment.batch)
    payment_rights.check_prepare(user, batch.company)
    item = payment.item
    with db.atomic():
        supplier_ibans.record_confirmation(batch.company_id, item.party_key, payment.creditor_iban,
                                           bic=payment.creditor_bic, user_id=user.id if user else None, note=note,
                                           document_id=item.document_id, data={"batch": batch.reference})
        payment.blocked, payment.confirmed_by, payment.confirmed_at = None, user.id if user else None, utcnow()
        payment.save()


def cancel(batch: PaymentBatch, *, user: User | None = None) -> None:
    """Give up a draft batch: its invoices are free again."""
    batch = _editable(batch)
    payment_rights.check_prepare(user, batch.company)
    with db.atomic():
        BatchPayment.update(live_document=None).where(BatchPayment.batch == batch.id).execute()
        batch.state = BatchState.CANCELLED
        batch.save()
        events.record("payment.batch_cancelled", company_id=batch.company_id, user_id=user.id if user else None,
                      data={"batch": batch.reference})


# ---------------------------------------------------------------------------
# Validating
# ---------------------------------------------------------------------------


def transfers(batch: PaymentBatch) -> list[tuple[Transfer, list[BatchPayment]]]:
    """The transfers of the batch: one per invoice, or one per supplier account (invoice numbers in the remittance)."""
    payments = list(batch.payments.order_by(BatchPayment.id))
    groups: list[list[BatchPayment]] = []
    if batch.grouping == "supplier":
        by_key: dict[tuple[str, str], list[list[BatchPayment]]] = {}
        for payment in payments:
            chunks = by_key.setdefault((payment.item.party_key, payment.creditor_iban), [[]])
            numbers = " ".join(p.item.number or str(p.item.document_id) for p in [*chunks[-1], payment])
            if chunks[-1] and len(f"Factures {numbers}") > REMITTANCE_MAX:
                chunks.append([])
            chunks[-1].append(payment)
        groups = [chunk for chunks in by_key.values() for chunk in chunks]
    else:
        groups = [[payment] for payment in payments]
    out = []
    for n, group in enumerate(groups, start=1):
        first = group[0]
        numbers = " ".join(p.item.number or str(p.item.document_id) for p in group)
        words = "Facture" if len(group) == 1 else "Factures"
        address = PostalAddress(**first.creditor_address) if first.creditor_address else None
        out.append((Transfer(end_to_end_id=f"{batch.reference[-24:]}-{n}"[:35],
                             amount=sum((p.amount for p in group), ZERO), creditor_name=first.creditor_name,
                             creditor_iban=first.creditor_iban, creditor_bic=first.creditor_bic,
                             creditor_address=address, remittance=f"{words} {numbers}"[:REMITTANCE_MAX]), group))
    return out


def transfer_order(batch: PaymentBatch) -> tuple[TransferOrder, list[tuple[Transfer, list[BatchPayment]]]]:
    """The order the SEPA writer receives for ``batch``."""
    account = batch.account
    company = batch.company
    address = PostalAddress(**{k: v for k, v in (account.address or {}).items()
                               if k in PostalAddress.__dataclass_fields__})
    groups = transfers(batch)
    order = TransferOrder(message_id=batch.reference, created_at=utcnow(), execution_date=batch.execution_date,
                          debtor_name=(account.holder_name or company.name)[:70], debtor_iban=account.iban,
                          debtor_bic=account.bic, debtor_address=address if address.usable() else None,
                          currency=batch.currency, transfers=[t for t, _ in groups])
    return order, groups


def validate(rt: Runtime, batch: PaymentBatch, *, user: User | None = None) -> bytes:
    """Validate a draft batch: rights and mandate, no blocked payment, the SEPA file written and kept.

    :returns: The pain.001.001.09 bytes (also kept as a blob, see :func:`file_of`).
    :raises PaymentRefused: (logged) when the person may not validate, over the mandate's limits, or prepared
        the batch while the company's double validation applies to it.
    :raises BatchRefused: when a payment is still blocked, or no SEPA writer is installed.
    """
    batch = _editable(batch)
    company = batch.company
    blocked = [p for p in batch.payments if p.blocked]
    if blocked:
        msg = "paiement(s) bloqué(s) : " + "; ".join(
            f"{p.item.number or p.item.document_id} — {p.blocked}" for p in blocked)
        raise BatchRefused(msg)
    order, groups = transfer_order(batch)
    if not order.transfers:
        msg = "lot vide"
        raise BatchRefused(msg)
    mandate = payment_rights.check_validate(user, company, batch_total=order.total,
                                            largest_payment=max(t.amount for t in order.transfers))
    payment_rights.check_four_eyes(user, company, batch, batch_total=order.total)
    data = rt.pm.hook.write_credit_transfer(order=order)
    if data is None:
        msg = "aucun module n'écrit les fichiers de virement SEPA (pain.001) : lot non validé"
        raise BatchRefused(msg)
    key = rt.blobs.put(data)
    paid = []
    with db.atomic():
        batch = _editable(batch)
        for transfer, group in groups:
            for payment in group:
                payment.end_to_end_id = transfer.end_to_end_id
                payment.save()
                try:
                    _, announced = settlements.settle(payment.item, payment.amount, batch.execution_date,
                                                      settlements.TRANSFER, batch_payment_id=payment.id,
                                                      user_id=user.id if user else None,
                                                      reason=f"lot {batch.reference}")
                except settlements.SettlementRefused as exc:  # paid meanwhile (a bank line, a credit note)
                    raise BatchRefused(f"{exc} : retirez cette facture du lot") from None
                paid.append(announced)
        batch.state, batch.validated_by, batch.validated_at = BatchState.VALIDATED, user.id if user else None, utcnow()
        batch.mandate, batch.file_key = mandate, key
        from guichet.core.storage.blobs import sha256_hex

        batch.file_sha256 = sha256_hex(data)
        batch.save()
        events.record("payment.batch_validated", company_id=company.id, user_id=user.id if user else None,
                      data={"batch": batch.reference, "count": batch.count, "total": str(batch.total),
                            "transfers": len(groups), "mandate": mandate.id if mandate else None,
                            "by": "administrateur de l'instance" if user is None else user.email,
                            "sha256": batch.file_sha256})
    settlements.announce(rt.pm, paid)
    return data


def file_of(rt: Runtime, batch: PaymentBatch) -> bytes:
    """The SEPA file of a validated batch, as it was written at validation."""
    if batch.state not in (BatchState.VALIDATED, BatchState.EXECUTED) or not batch.file_key:
        msg = "le fichier n'existe qu'une fois le lot validé"
        raise BatchRefused(msg)
    return bytes(rt.blobs.get(batch.file_key))


def live_batches(company: Company):  # noqa: ANN201 - a peewee query
    """Draft and validated batches of ``company``, newest first."""
    return (PaymentBatch.select().where((PaymentBatch.company == company.id)
                                        & PaymentBatch.state.in_(LIVE_BATCH_STATES))
            .order_by(PaymentBatch.created_at.desc()))


def mark_executed(batch: PaymentBatch) -> None:
    """The bank debited the batch (seen on a statement): its invoices leave the live batch. Call in a transaction."""
    BatchPayment.update(live_document=None).where(BatchPayment.batch == batch.id).execute()
    PaymentBatch.update(state=BatchState.EXECUTED).where(PaymentBatch.id == batch.id).execute()
