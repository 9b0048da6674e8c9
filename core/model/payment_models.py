"""Tables of the money side: open items, settlements, payment rights and mandates, batches, statements.

Created by migration ``m0240_payments``. Amounts are exact (:class:`MoneyField`), in the
currency of the row (``currency``); euro totals never add another currency.

- :class:`OpenItem`: one per archived invoice (purchase or sales): what is still due.
  Credit notes are open items with a negative amount. ``settled`` is the sum of its
  :class:`Settlement` rows, kept in the same transaction as each settlement.
- :class:`Settlement`: what reduced an open item: a bank line, a validated batch, a credit
  note allocated to it, a write-off with a reason.
- :class:`PaymentRight` and :class:`PaymentMandate`: who may prepare and validate supplier
  payments of a company (core/access/payment_rights.py).
- :class:`PaymentBatch` and :class:`BatchPayment`: a SEPA credit transfer order and its payments.
- :class:`StatementImport`, :class:`BankStatement`, :class:`BankLine`: bank statements read from
  camt.053/054 or CFONB 120 files, one line per booked entry.
"""

from __future__ import annotations

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.models import BaseModel, Company, Document, JSONField, MoneyField, User, utcnow


class ItemState:
    """Values of :attr:`OpenItem.state` (French labels depend on the direction: :func:`item_state_label`)."""

    OPEN = "open"  # à payer / à encaisser
    PARTIAL = "partial"  # partiellement réglée
    PAID = "paid"  # réglée
    DISPUTED = "disputed"  # en litige (network status 207)


def item_state_label(state: str, direction: str) -> str:
    """The French word for an open item's state, as the dashboard shows it."""
    if state == ItemState.OPEN:
        return "À encaisser" if direction == "sales" else "À payer"
    return {ItemState.PARTIAL: "Partiellement réglée", ItemState.PAID: "Réglée",
            ItemState.DISPUTED: "En litige"}.get(state, state)


class BankAccount(BaseModel):
    """A bank account of the company (the debtor account of its transfers, the account of its statements)."""

    company = ForeignKeyField(Company, backref="bank_accounts", on_delete="CASCADE")
    iban = CharField(max_length=34)
    bic = CharField(null=True)
    label = CharField(default="")
    holder_name = CharField(null=True)  # Dbtr/Nm; the company's name when empty
    address = JSONField(default=dict)  # structured: street, building, postcode, town, country
    is_default = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "iban"), True),)


class SupplierAccount(BaseModel):
    """An IBAN a person confirmed for a supplier of the company (after an IBAN change or an IBAN not on the invoice)."""

    company = ForeignKeyField(Company, backref="supplier_accounts", on_delete="CASCADE")
    party_key = CharField()  # the supplier's SIREN, else VAT number, else name (open_items.party_key)
    iban = CharField(max_length=34)
    bic = CharField(null=True)
    confirmed_by = IntegerField(null=True)  # user id; None = instance administrator (command line)
    confirmed_at = DateTimeField(default=utcnow)
    note = TextField(default="")

    class Meta:
        indexes = ((("company", "party_key", "iban"), True),)


class OpenItem(BaseModel):
    """The amount still due on one archived invoice (negative for a credit note)."""

    document = ForeignKeyField(Document, backref="open_item", unique=True, on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="open_items", on_delete="CASCADE")
    direction = CharField()  # purchase | sales
    number = CharField(null=True)
    type_code = CharField(null=True)
    counterparty = CharField(default="")  # supplier (purchase) or customer (sales) name
    party_key = CharField(default="", index=True)
    iban = CharField(null=True)  # the IBAN the invoice carries (BT-84)
    issue_date = DateField(null=True)
    due_date = DateField(null=True)
    currency = CharField(default="EUR")
    amount = MoneyField()  # BT-115 (else BT-112), negative for a credit note
    settled = MoneyField()  # sum of the settlements
    outstanding = MoneyField()  # amount - settled
    state = CharField()
    disputed = BooleanField(default=False)
    reference = CharField(null=True, index=True)  # RF creditor reference (ISO 11649) of a sales invoice
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "direction", "state"), False), (("company", "due_date"), False))


class Settlement(BaseModel):
    """One reduction of an open item: a payment, a credit note allocated, a write-off."""

    company = ForeignKeyField(Company, backref="settlements", on_delete="CASCADE")
    item = ForeignKeyField(OpenItem, backref="settlements", on_delete="CASCADE")
    kind = CharField()  # payment | transfer | credit_note | write_off
    amount = MoneyField()  # in the item's currency, same sign as the item's amount
    date = DateField()
    bank_line_id = IntegerField(null=True, index=True)
    batch_payment_id = IntegerField(null=True, index=True)
    credit_note_id = IntegerField(null=True)  # the credit note's open item, for a credit note allocation
    reason = TextField(default="")
    automatic = BooleanField(default=False)
    user_id = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)


class PaymentRight(BaseModel):
    """A per-company payment right of a user: ``prepare`` (préparer) or ``validate`` (valider)."""

    company = ForeignKeyField(Company, backref="payment_rights", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="payment_rights", on_delete="CASCADE")
    right = CharField()
    granted_by = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "user", "right"), True),)


class PaymentMandate(BaseModel):
    """A payment mandate: the company lets a firm collaborator validate its payments, within limits."""

    company = ForeignKeyField(Company, backref="payment_mandates", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="payment_mandates", on_delete="CASCADE")
    reference = CharField(default="")  # the signed mandate's reference
    max_per_payment = MoneyField()
    max_per_batch = MoneyField()
    valid_from = DateField()
    valid_until = DateField()
    created_by = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)
    revoked_at = DateTimeField(null=True)
    revoked_by = IntegerField(null=True)


class BatchState:
    """Values of :attr:`PaymentBatch.state`."""

    DRAFT = "draft"  # prepared: payments may still be added, removed, confirmed
    VALIDATED = "validated"  # immutable; its file may be downloaded
    CANCELLED = "cancelled"  # a draft given up
    EXECUTED = "executed"  # the bank debit was seen on a statement


BATCH_STATE_LABELS = {BatchState.DRAFT: "En préparation", BatchState.VALIDATED: "Validé",
                      BatchState.CANCELLED: "Abandonné", BatchState.EXECUTED: "Exécuté"}
#: Batches an invoice may be in only once.
LIVE_BATCH_STATES = (BatchState.DRAFT, BatchState.VALIDATED)


class PaymentBatch(BaseModel):
    """A SEPA credit transfer order (pain.001.001.09) for one debtor account."""

    company = ForeignKeyField(Company, backref="payment_batches", on_delete="CASCADE")
    account = ForeignKeyField(BankAccount, backref="batches", on_delete="RESTRICT")
    reference = CharField(unique=True)  # MsgId and PmtInfId (35 characters at most)
    state = CharField(default=BatchState.DRAFT)
    grouping = CharField(default="invoice")  # invoice: one transfer per invoice | supplier: one per supplier
    execution_date = DateField()
    currency = CharField(default="EUR")
    total = MoneyField()
    count = IntegerField(default=0)
    created_by = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)
    validated_by = IntegerField(null=True)
    validated_at = DateTimeField(null=True)
    mandate = ForeignKeyField(PaymentMandate, null=True, backref="+", on_delete="SET NULL")
    file_key = CharField(null=True)  # blob of the pain.001 file
    file_sha256 = CharField(null=True)


class BatchPayment(BaseModel):
    """One invoice paid by a batch (grouped transfers share ``end_to_end_id``)."""

    batch = ForeignKeyField(PaymentBatch, backref="payments", on_delete="CASCADE")
    item = ForeignKeyField(OpenItem, backref="batch_payments", on_delete="CASCADE")
    amount = MoneyField()
    creditor_name = CharField()
    creditor_iban = CharField(max_length=34)
    creditor_bic = CharField(null=True)
    creditor_address = JSONField(default=dict)
    end_to_end_id = CharField()
    blocked = TextField(null=True)  # why it may not be paid until a person confirms (IBAN change...)
    finding = TextField(null=True)  # the fraud control's finding on the invoice, shown with the block
    confirmed_by = IntegerField(null=True)
    confirmed_at = DateTimeField(null=True)
    live_document = IntegerField(null=True, unique=True)  # the invoice's document while the batch is live


class ImportState:
    """Values of :attr:`StatementImport.state`."""

    IMPORTED = "imported"
    DUPLICATE = "duplicate"  # every statement of the file was imported before
    REJECTED = "rejected"  # malformed: nothing imported, ``reason`` says the line and why


class StatementImport(BaseModel):
    """One statement file received (upload, watched folder, EBICS, command line); the original is a blob."""

    company = ForeignKeyField(Company, backref="statement_imports", on_delete="CASCADE")
    filename = CharField()
    sha256 = CharField(max_length=64)
    blob_key = CharField()
    source = CharField()
    format = CharField(null=True)
    state = CharField()
    reason = TextField(null=True)
    statements = IntegerField(default=0)
    duplicates = IntegerField(default=0)
    lines = IntegerField(default=0)
    matched = IntegerField(default=0)
    user_id = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)


class BankStatement(BaseModel):
    """One statement (or notification) of one account, imported once: ``identity`` is unique per company."""

    company = ForeignKeyField(Company, backref="bank_statements", on_delete="CASCADE")
    source_file = ForeignKeyField(StatementImport, backref="bank_statements", on_delete="CASCADE")
    identity = CharField()
    format = CharField()
    account = CharField()  # IBAN, or bank/branch/account for CFONB
    statement_id = CharField(null=True)
    from_date = DateField(null=True)
    to_date = DateField(null=True)
    currency = CharField(default="EUR")
    opening_balance = MoneyField(null=True)
    closing_balance = MoneyField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "identity"), True),)


class LineState:
    """Values of :attr:`BankLine.state`."""

    OPEN = "open"  # waits for a person in the reconciliation queue
    MATCHED = "matched"  # settled invoices (or a batch) for its whole amount
    IGNORED = "ignored"  # not an invoice payment (bank fees, salaries...), with a note
    REJECTED = "rejected"  # kept as read but unusable (an amount finer than its currency's unit): the note says why


class BankLine(BaseModel):
    """One booked entry of a statement: positive for a credit, negative for a debit."""

    statement = ForeignKeyField(BankStatement, backref="lines", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="bank_lines", on_delete="CASCADE")
    position = IntegerField()
    booking_date = DateField()
    value_date = DateField(null=True)
    amount = MoneyField()
    currency = CharField(default="EUR")
    counterparty = CharField(default="")
    counterparty_iban = CharField(null=True)
    remittance = TextField(default="")
    reference = CharField(null=True)  # structured creditor reference (RF...) when given
    end_to_end_id = CharField(null=True)
    bank_reference = CharField(null=True)
    batch = ForeignKeyField(PaymentBatch, null=True, backref="bank_lines", on_delete="SET NULL")
    state = CharField(default=LineState.OPEN, index=True)
    allocated = MoneyField()  # sum of the settlements made from this line (absolute value)
    automatic = BooleanField(default=False)
    note = TextField(default="")
    user_id = IntegerField(null=True)


#: Tables of the money side, in creation order.
PAYMENT_MODELS = (BankAccount, SupplierAccount, OpenItem, Settlement, PaymentRight, PaymentMandate,
                  PaymentBatch, BatchPayment, StatementImport, BankStatement, BankLine)
