"""Tables of the EBICS connector: each company's bank access and the orders exchanged with the bank.

Created by migration ``m0250_ebics``; ``m0251_ebics_one_live_upload`` adds the index that allows one live upload
per batch.

- :class:`EbicsAccess`: one per company and bank: the bank's URL and host id, the subscriber's
  partner and user ids, the subscriber's three private keys (``keys``: sealed with the connector
  key, :mod:`guichet.core.connector_vault`; never in a file anybody picks), the bank's public keys
  as fetched by HPB (``bank_keys``: certificates, not secret) and whether a person confirmed their
  fingerprints against the bank's letter (``confirmed_at``); nothing is sent before that.
- :class:`EbicsOrder`: every exchange (INI, HIA, HPB, BTU, BTD), with the bank's return code and
  order id. An upload of a batch is recorded ``pending`` before the first byte leaves, so a batch
  is never sent twice, even after a crash in the middle (see connectors/bank_ebics/service.py).
"""

from __future__ import annotations

from peewee import SQL, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from guichet.core.model.models import BaseModel, Company, JSONField, utcnow


class AccessState:
    """Values of :attr:`EbicsAccess.state`, in the order of the key initialisation."""

    NEW = "new"  # keys made, nothing sent
    KEYS_SENT = "keys_sent"  # INI and HIA accepted; the letter goes to the bank, which activates the subscriber
    BANK_KEYS = "bank_keys"  # HPB answered: the bank's keys are here, not yet confirmed by a person
    READY = "ready"  # fingerprints confirmed against the bank's letter: orders may be sent


ACCESS_STATE_LABELS = {
    AccessState.NEW: "Clés créées, rien d'envoyé",
    AccessState.KEYS_SENT: "Clés envoyées (INI, HIA) : lettre d'initialisation à signer et à remettre à la banque",
    AccessState.BANK_KEYS: "Clés de la banque reçues : empreintes à comparer avec la lettre de la banque",
    AccessState.READY: "Accès prêt",
}


class OrderState:
    """Values of :attr:`EbicsOrder.state`."""

    PENDING = "pending"  # started, outcome unknown (an upload interrupted here is never resent automatically)
    DONE = "done"
    EMPTY = "empty"  # download: the bank had nothing (090005)
    FAILED = "failed"  # refused by the bank or unreachable; nothing was taken


class EbicsAccess(BaseModel):
    """A company's EBICS subscriber at one bank (EBICS 3.0, H005)."""

    company = ForeignKeyField(Company, backref="ebics_accesses", on_delete="CASCADE")
    label = CharField(default="")
    url = CharField()
    host_id = CharField(max_length=35)
    partner_id = CharField(max_length=35)
    user_id = CharField(max_length=35)
    version = CharField(default="H005")
    state = CharField(default=AccessState.NEW)
    keys = TextField(null=True)  # sealed JSON of the subscriber's private keys and certificates
    fingerprints = JSONField(default=dict)  # the subscriber's, as printed on the letter
    bank_keys = JSONField(default=dict)  # the bank's certificates (base64 DER), from HPB
    bank_fingerprints = JSONField(default=dict)
    allowed_hosts = JSONField(default=list)  # opened by the instance administrator only (command line)
    confirmed_by = IntegerField(null=True)
    confirmed_at = DateTimeField(null=True)
    created_by = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("company", "host_id", "partner_id", "user_id"), True),)


class EbicsOrder(BaseModel):
    """One exchange with the bank."""

    access = ForeignKeyField(EbicsAccess, backref="orders", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="+", on_delete="CASCADE")
    kind = CharField()  # INI, HIA, HPB, BTU, BTD
    service = CharField(default="")  # e.g. SCT pain.001 / EOP camt.053
    batch_id = IntegerField(null=True, index=True)
    transaction_id = CharField(null=True)
    order_id = CharField(null=True)
    state = CharField(default=OrderState.PENDING)
    return_code = CharField(null=True)
    message = TextField(null=True)
    statement_import = IntegerField(null=True)
    user_id = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)


#: The orders that hold a batch: an upload under way (or whose outcome is unknown) or done. One per batch at most,
#: guaranteed by a partial unique index (migration m0251), so two clicks at once cannot both upload it.
LIVE_UPLOAD = f"kind = 'BTU' AND state IN ('{OrderState.PENDING}', '{OrderState.DONE}')"
EbicsOrder.add_index(EbicsOrder.index(EbicsOrder.batch_id, unique=True, where=SQL(LIVE_UPLOAD),
                                      name="ebics_order_live_upload"))

EBICS_MODELS = (EbicsAccess, EbicsOrder)
