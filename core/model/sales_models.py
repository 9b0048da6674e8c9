"""Tables of sales invoices going out: the customer book and the deliveries to customers.

Created by migrations ``m0220_customers``, ``m0221_payment_links`` and ``m0222_reminders_print``.

- :class:`Customer`: one per customer of a company, learnt from its sales invoices
  (:mod:`guichet.core.sales.customers`) and edited by people (company space, API):
  identifiers, e-mail addresses, postal address, Chorus Pro identifiers, and the
  delivery channel with its fall-backs.
- :class:`Delivery`: one sales invoice sent by one channel, with its own states
  (:class:`DeliveryState`, French labels in :data:`DELIVERY_LABELS`).
- :class:`PaymentLink`: the unguessable link of an invoice's payment page (only its hash).
- :class:`CardPayment`: one card checkout at a payment provider, paid once from its notification.
- :class:`Reminder`: one reminder (relance) of an unpaid sales invoice, per step of the company's rules.
- :class:`PrintBatch`: the day's paper deliveries of a company, one PDF for the mail house.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.models import BaseModel, Company, Document, JSONField, MoneyField, utcnow


class Customer(BaseModel):
    """A customer of a company, as its sales invoices name it and people complete it.

    ``key`` recognises it across invoices (SIREN, else VAT number, else name: the
    open items' ``party_key``). ``channel`` is the preferred delivery channel (a
    registered channel id, "" = chosen automatically), ``fallbacks`` the next ones,
    in order. ``chorus`` holds the Chorus Pro identifiers (``service_code``,
    ``engagement``, ``structure_id``, ``service_required``, ``engagement_required``);
    ``edi`` the EDI endpoint (set by firm staff only: it names a host).
    ``edited``: fields a person set, which learning from invoices never overwrites.
    """

    company = ForeignKeyField(Company, backref="customers", on_delete="CASCADE")
    key = CharField()
    name = CharField(default="")
    siren = CharField(max_length=9, null=True, index=True)
    siret = CharField(max_length=14, null=True)
    vat_id = CharField(null=True)
    electronic_address = CharField(null=True)  # BT-49 "scheme:value", the network's routing address
    emails = JSONField(default=list)
    address = JSONField(default=dict)  # line1, line2, line3, postcode, city, country
    chorus = JSONField(default=dict)
    edi = JSONField(default=dict)
    channel = CharField(default="")
    fallbacks = JSONField(default=list)
    edited = JSONField(default=list)
    invoices = IntegerField(default=0)  # sales invoices seen
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "key"), True),)


class DeliveryState:
    """Values of :attr:`Delivery.state`."""

    TO_COMPLETE = "to_complete"  # no usable channel: the customer's record lacks something
    TO_SEND = "to_send"  # waits for its channel (first try, or a retry after an error)
    SENT = "sent"  # handed over (SMTP accepted, flux deposited, file dropped)
    DELIVERED = "delivered"  # the customer's side has it (platform status, MDN, integrated)
    OPENED = "opened"  # the customer opened it (payment page seen)
    ERROR = "error"  # the last try failed, or the customer's side refused it
    PAID = "paid"


DELIVERY_LABELS = {
    DeliveryState.TO_COMPLETE: "À compléter",
    DeliveryState.TO_SEND: "À envoyer",
    DeliveryState.SENT: "Envoyée",
    DeliveryState.DELIVERED: "Remise",
    DeliveryState.OPENED: "Ouverte",
    DeliveryState.ERROR: "En erreur",
    DeliveryState.PAID: "Payée",
}
#: States a delivery never leaves by a later, lesser news (a late "sent" after "paid").
DELIVERY_RANK = {DeliveryState.TO_COMPLETE: 0, DeliveryState.TO_SEND: 1, DeliveryState.ERROR: 1,
                 DeliveryState.SENT: 2, DeliveryState.DELIVERED: 3, DeliveryState.OPENED: 4,
                 DeliveryState.PAID: 5}


class Delivery(BaseModel):
    """One sales invoice sent to its customer by one channel (one row per document and channel)."""

    document = ForeignKeyField(Document, backref="deliveries", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="deliveries", on_delete="CASCADE")
    customer = ForeignKeyField(Customer, null=True, backref="deliveries", on_delete="SET NULL")
    channel = CharField(max_length=32)
    state = CharField(max_length=16, index=True)
    attempts = IntegerField(default=0)
    reason = TextField(null=True)  # why it is in error or to complete (French)
    external_id = CharField(null=True)  # Message-ID, Chorus Pro flux number, file name...
    data = JSONField(default=dict)
    sent_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("document", "channel"), True), (("company", "state"), False))


class PaymentLink(BaseModel):
    """The payment page of one sales invoice: reached without login by an unguessable token.

    Only the SHA-256 of the token is stored (the e-mail carries the token); the page
    refuses it after ``expires_at`` or once ``revoked_at`` is set.
    """

    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    opened_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)


class CardPayment(BaseModel):
    """A card checkout created at a payment provider for an invoice, and its outcome.

    ``checkout_id`` is the provider's session id (unique per provider); ``settled`` is set
    once, with the settlement, when the provider's signed notification says it is paid.
    """

    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    provider = CharField(max_length=32)
    checkout_id = CharField()
    amount = MoneyField()
    currency = CharField(default="EUR")
    state = CharField(max_length=16, default="open")  # open | paid | expired
    event_id = CharField(null=True)  # the notification that paid it
    created_at = DateTimeField(default=utcnow)
    paid_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("provider", "checkout_id"), True),)


class Reminder(BaseModel):
    """One reminder of an unpaid sales invoice: ``step`` is days from the due date (-3 before, 7, 15, 30 after)."""

    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    step = IntegerField()
    channel = CharField(max_length=32, default="")
    state = CharField(max_length=16)  # sent | skipped | error
    outstanding = MoneyField()
    penalties = MoneyField()  # late-payment interest at that date (L441-10)
    indemnity = MoneyField()  # the 40 € recovery indemnity (D441-5), 0 before the due date
    reason = TextField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("document", "step"), True),)


class PrintBatch(BaseModel):
    """A company's paper deliveries gathered in one PDF for the mail house (éditique)."""

    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    state = CharField(max_length=16, index=True)  # open | dropped | error
    deliveries = JSONField(default=list)  # delivery ids, in print order
    file_key = CharField(null=True)  # blob of the batch PDF
    manifest = JSONField(default=dict)
    pages = IntegerField(default=0)
    reason = TextField(null=True)
    created_at = DateTimeField(default=utcnow)
    closed_at = DateTimeField(null=True)


#: Tables of the customer book (m0220).
CUSTOMER_MODELS = (Customer,)
#: Tables of the deliveries (m0220).
DELIVERY_MODELS = (Delivery,)
#: Tables of the payment page (m0221).
PAYMENT_LINK_MODELS = (PaymentLink, CardPayment)
#: Tables of reminders and print batches (m0222).
REMINDER_PRINT_MODELS = (Reminder, PrintBatch)
