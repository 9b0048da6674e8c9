"""Tables of the e-invoicing network: each document's place on the network, its lifecycle statuses, the flows.

Created by migration ``m0200_network``. Written by :mod:`guichet.core.network` (and by
:func:`guichet.core.pipeline.decisions.answer_network_status` for a person's answer); read
by the pages, the API, the command line and the payments work
(:func:`guichet.core.money.open_items.disputed_documents` reads ``last_code``).

- :class:`NetworkDocument`: one row per document that the network knows: a received
  invoice (``direction = "received"``, with the platform's flow id) or a sales invoice
  sent (``"sent"``) or routed to e-reporting. ``last_code`` is the last lifecycle status,
  received or sent, kept in the same transaction as its :class:`NetworkStatus`.
- :class:`NetworkStatus`: every lifecycle status of a document, received from the platform
  or sent by the company (``origin``); a status to send waits with ``delivery = "pending"``
  until the platform took it (idempotent ``tracking_id``).
- :class:`NetworkFlow`: every flow exchanged with a platform, keyed by the platform's
  ``flow_id``: a received flow is handled once only.
- :class:`EReport`: the e-reporting submissions (flux 10), per period, with their 300/301 status
  (migration ``m0201_ereporting``).
"""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.models import BaseModel, Company, Document, JSONField, User, utcnow


class Route:
    """Values of :attr:`NetworkDocument.route`: where a document goes on the network."""

    RECEIVED = "received"  # an invoice received through the company's platform
    NETWORK = "network"  # a sales invoice sent to a buyer registered in the directory
    EREPORTING = "ereporting"  # a sales invoice whose buyer is not on the network (B2C, abroad)


class Delivery:
    """Values of :attr:`NetworkStatus.delivery`."""

    RECEIVED = "received"  # sent by the platform or the other party, stored here
    PENDING = "pending"  # decided here, waiting to be handed to the platform
    SENT = "sent"  # handed to the platform (``flow_id`` known)
    REFUSED = "refused"  # the platform refused it for good (``error``)


class NetworkDocument(BaseModel):
    """A document's place on the network: its route, its flow, its last lifecycle status."""

    document = ForeignKeyField(Document, unique=True, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    route = CharField()  # Route
    flow_id = CharField(null=True)  # the platform's identifier of the invoice's flow
    tracking_id = CharField(null=True, unique=True)  # Guichet's identifier of the flow it sent
    config_id = IntegerField(null=True)  # the ConnectorConfig (platform account) used
    addressee = CharField(null=True)  # the buyer's electronic address or SIREN looked up
    last_code = CharField(null=True)  # the last lifecycle status (lifecycle.LABELS)
    last_reason = CharField(null=True)
    last_at = DateTimeField(null=True)
    waiting_since = DateTimeField(null=True)  # set while a flow waits for the platform (down, slow)
    last_error = TextField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    # A lease while one process sends the invoice (m0202): the network stage and the distribution's channel
    # may try at the same moment; only the holder sends, the other tries again later and finds the flow.
    sending_until = DateTimeField(null=True)

    class Meta:
        indexes = ((("company", "last_code"), False), (("company", "route"), False))


class NetworkStatus(BaseModel):
    """One lifecycle status of a document, received or sent."""

    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    code = CharField()
    reason = CharField(null=True)  # MDT-113 reason code
    message = TextField(null=True)  # MDT-114 free text
    origin = CharField()  # "platform" (200-203, 213), "buyer", "seller"
    delivery = CharField()  # Delivery
    tracking_id = CharField(null=True, unique=True)  # of a status sent from here
    flow_id = CharField(null=True)  # the platform's flow carrying it
    blob_key = CharField(null=True)  # the CDAR message, stored as received or sent
    issued_at = DateTimeField(null=True)  # MDT-78: when the status was given
    user = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    data = JSONField(default=dict)  # amounts of a 211/212, the origin of a decision
    error = TextField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("document", "created_at"), False), (("company", "delivery"), False))


class NetworkFlow(BaseModel):
    """A flow exchanged with a platform: handled once, whatever the number of polls."""

    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    flow_id = CharField()
    direction = CharField()  # XP Z12-013 FlowDirection: In | Out
    flow_type = CharField(default="")
    syntax = CharField(default="")
    tracking_id = CharField(null=True)
    ack_status = CharField(default="Pending")
    document = ForeignKeyField(Document, null=True, backref="+", on_delete="SET NULL")
    blob_key = CharField(null=True)
    error = TextField(null=True)  # why a received flow was refused (a malformed CDAR...)
    handled_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "flow_id"), True),)


class EReport(BaseModel):
    """One e-reporting submission (flux 10) of a company for one period: initial (IN) or corrective (RE)."""

    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    kind = CharField()  # "transactions" | "payments"
    period_start = DateField()
    period_end = DateField()
    version = IntegerField()  # 1: initial (TypeCode IN); 2, 3...: corrective (RE)
    report_id = CharField(unique=True)  # the report's identifier, also its flow's tracking id
    content = JSONField(default=dict)  # what was reported (amounts as strings)
    blob_key = CharField(null=True)  # the FRR file
    flow_id = CharField(null=True)
    status = CharField(null=True)  # 300 déposé | 301 rejeté, from the platform
    status_reason = TextField(null=True)
    error = TextField(null=True)  # why it could not be handed to the platform
    submitted_at = DateTimeField(null=True)
    user = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "kind", "period_start", "version"), True),)
