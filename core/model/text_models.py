"""Tables of the paper reading: the words and proposals of a document, and the supplier memory.

Created by migration ``m0006_reading``. The coding screen reads
:class:`DocumentText` to draw the word boxes and the proposed fields (each with its
confidence and box); :class:`SupplierTemplate` is what an operator's validation
taught about a supplier's layout.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from guichet.core.model.models import BaseModel, Document, Firm, JSONField, utcnow


class DocumentText(BaseModel):
    """What the extract stage read from a document without structured XML.

    ``pages`` is :meth:`guichet.core.parsing.text.TextResult.to_dict` (pages, words with
    boxes as page fractions, confidences); ``proposal`` is
    :meth:`guichet.core.parsing.text.FieldProposal.to_dict` (per field: value, confidence,
    page, box, label, origin). ``searchable_key`` is the blob of the OCRed PDF/A
    copy, beside the untouched original.
    """

    document = ForeignKeyField(Document, backref="+", unique=True, on_delete="CASCADE")
    source = CharField()  # "text layer" | "ocr"
    engine = CharField(default="")
    pages = JSONField(default=dict)
    proposal = JSONField(default=dict)
    searchable_key = CharField(null=True)
    supplier_key = CharField(null=True)  # "vat:FR..." when the supplier memory was used
    created_at = DateTimeField(default=utcnow)


class SupplierTemplate(BaseModel):
    """What validated invoices taught about one supplier, found by one of its identifiers.

    One row per (firm, identifier): a supplier with a SIREN, a VAT number and an
    IBAN has three rows holding the same ``data``: ``{"fields": {name: {"page",
    "box", "label", "kind"}}, "constants": {name: value}}``.
    """

    firm = ForeignKeyField(Firm, backref="+", on_delete="CASCADE")
    kind = CharField()  # siren | vat | iban
    value = CharField()
    name = CharField(default="")
    data = JSONField(default=dict)
    invoices = IntegerField(default=0)  # validated invoices learnt from
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("firm", "kind", "value"), True),)


#: The tables of this module, in creation order.
READING_MODELS = (DocumentText, SupplierTemplate)
