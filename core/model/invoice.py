"""The invoice as Guichet understands it: the EN 16931 semantic model in dataclasses.

Every syntax (CII, UBL, Factur-X, a coded scan) is read into :class:`Invoice` and
every output is written from it. Field comments give the EN 16931 business term
(BT) or group (BG). Money and quantities are :class:`~decimal.Decimal`, dates are
:class:`datetime.date`; ``None`` means "not given", never zero.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# ICD schemes used in France (shared/docs/domain.md §2.3).
SCHEME_SIREN = "0002"
SCHEME_SIRET = "0009"
SCHEME_ROUTING = "0225"


@dataclass
class Identifier:
    """An identifier with its scheme (ISO 6523 ICD or EAS code), e.g. ``("552081317", "0002")``."""

    value: str
    scheme: str | None = None


@dataclass
class Address:
    """BG-5 / BG-8 / BG-12 / BG-15 postal address."""

    line1: str | None = None  # BT-35
    line2: str | None = None  # BT-36
    line3: str | None = None  # BT-162
    city: str | None = None  # BT-37
    postcode: str | None = None  # BT-38
    subdivision: str | None = None  # BT-39
    country: str | None = None  # BT-40 (ISO 3166-1 alpha-2)


@dataclass
class Contact:
    """BG-6 / BG-9 contact."""

    name: str | None = None  # BT-41
    phone: str | None = None  # BT-42
    email: str | None = None  # BT-43


@dataclass
class Party:
    """Seller (BG-4), buyer (BG-7), payee (BG-10) or tax representative (BG-11)."""

    name: str | None = None  # BT-27 / BT-44 / BT-59 / BT-62
    trading_name: str | None = None  # BT-28 / BT-45
    identifiers: list[Identifier] = field(default_factory=list)  # BT-29 / BT-46 / BT-60
    legal_id: Identifier | None = None  # BT-30 / BT-47 / BT-61 (SIREN with scheme 0002)
    vat_id: str | None = None  # BT-31 / BT-48 / BT-63
    tax_registration_id: str | None = None  # BT-32 (FC)
    legal_info: str | None = None  # BT-33
    electronic_address: Identifier | None = None  # BT-34 / BT-49
    address: Address | None = None
    contact: Contact | None = None

    @property
    def siren(self) -> str | None:
        """The French SIREN, from the legal id, a SIRET or a French VAT number, checksum-valid."""
        from guichet.core.model import identifiers

        return identifiers.party_siren(self)

    @property
    def siret(self) -> str | None:
        """The French SIRET (14 digits, checksum-valid) among the party's identifiers."""
        from guichet.core.model import identifiers

        return identifiers.party_siret(self)


@dataclass
class AllowanceCharge:
    """BG-20/BG-21 (document) or BG-27/BG-28 (line) allowance or charge."""

    is_charge: bool
    amount: Decimal  # BT-92 / BT-99 / BT-136 / BT-141
    base_amount: Decimal | None = None  # BT-93 / BT-100
    percent: Decimal | None = None  # BT-94 / BT-101
    vat_category: str | None = None  # BT-95 / BT-102
    vat_rate: Decimal | None = None  # BT-96 / BT-103
    reason: str | None = None  # BT-97 / BT-104
    reason_code: str | None = None  # BT-98 / BT-105


@dataclass
class VatBreakdown:
    """BG-23 VAT breakdown, one per category and rate."""

    category: str  # BT-118
    rate: Decimal | None  # BT-119
    taxable_amount: Decimal  # BT-116
    tax_amount: Decimal  # BT-117
    exemption_reason: str | None = None  # BT-120
    exemption_code: str | None = None  # BT-121


@dataclass
class Line:
    """BG-25 invoice line."""

    id: str  # BT-126
    quantity: Decimal | None = None  # BT-129
    unit_code: str | None = None  # BT-130
    net_amount: Decimal | None = None  # BT-131
    net_price: Decimal | None = None  # BT-146
    gross_price: Decimal | None = None  # BT-148
    price_discount: Decimal | None = None  # BT-147
    price_base_quantity: Decimal | None = None  # BT-149
    price_base_unit: str | None = None  # BT-150
    vat_category: str | None = None  # BT-151
    vat_rate: Decimal | None = None  # BT-152
    name: str | None = None  # BT-153
    description: str | None = None  # BT-154
    seller_item_id: str | None = None  # BT-155
    buyer_item_id: str | None = None  # BT-156
    standard_item_id: Identifier | None = None  # BT-157
    note: str | None = None  # BT-127
    object_id: Identifier | None = None  # BT-128
    order_line_ref: str | None = None  # BT-132
    accounting_ref: str | None = None  # BT-133
    period_start: dt.date | None = None  # BT-134
    period_end: dt.date | None = None  # BT-135
    allowances_charges: list[AllowanceCharge] = field(default_factory=list)
    origin_country: str | None = None  # BT-159
    classification: list[Identifier] = field(default_factory=list)  # BT-158
    attributes: list[tuple[str, str]] = field(default_factory=list)  # BG-32 (BT-160, BT-161)


@dataclass
class PaymentMeans:
    """BG-16 payment instructions (one per means)."""

    type_code: str | None = None  # BT-81 (UNTDID 4461: 30/58 transfer, 59 direct debit, 48 card...)
    information: str | None = None  # BT-82
    iban: str | None = None  # BT-84 (payee account)
    account_name: str | None = None  # BT-85
    bic: str | None = None  # BT-86
    card_pan: str | None = None  # BT-87
    card_holder: str | None = None  # BT-88
    mandate_id: str | None = None  # BT-89
    creditor_id: str | None = None  # BT-90
    debited_iban: str | None = None  # BT-91


@dataclass
class Note:
    """BG-1 invoice note, with its UNTDID 4451 subject (PMT, PMD, AAB, BAR, TXD...)."""

    text: str  # BT-22
    subject_code: str | None = None  # BT-21


@dataclass
class PrecedingInvoice:
    """BG-3 reference to a preceding invoice."""

    number: str  # BT-25
    issue_date: dt.date | None = None  # BT-26


@dataclass
class Attachment:
    """BG-24 supporting document (the bytes are not kept in the model)."""

    id: str  # BT-122
    description: str | None = None  # BT-123
    uri: str | None = None  # BT-124
    mime_code: str | None = None  # BT-125 (attribute)
    filename: str | None = None  # BT-125 (attribute)
    size: int | None = None


@dataclass
class Delivery:
    """BG-13 delivery information."""

    party_name: str | None = None  # BT-70
    location_id: Identifier | None = None  # BT-71
    date: dt.date | None = None  # BT-72
    address: Address | None = None  # BG-15


@dataclass
class Totals:
    """BG-22 document totals."""

    line_total: Decimal | None = None  # BT-106
    allowance_total: Decimal | None = None  # BT-107
    charge_total: Decimal | None = None  # BT-108
    tax_exclusive: Decimal | None = None  # BT-109
    tax_total: Decimal | None = None  # BT-110
    tax_total_accounting: Decimal | None = None  # BT-111 (in BT-6 currency)
    tax_inclusive: Decimal | None = None  # BT-112
    prepaid: Decimal | None = None  # BT-113
    rounding: Decimal | None = None  # BT-114
    amount_due: Decimal | None = None  # BT-115


@dataclass
class Invoice:
    """One invoice or credit note (EN 16931 semantic model)."""

    number: str | None = None  # BT-1
    issue_date: dt.date | None = None  # BT-2
    type_code: str | None = None  # BT-3 (UNTDID 1001: 380, 381, 384, 389...)
    currency: str | None = None  # BT-5
    tax_currency: str | None = None  # BT-6
    tax_point_date: dt.date | None = None  # BT-7
    vat_point_date_code: str | None = None  # BT-8
    due_date: dt.date | None = None  # BT-9
    buyer_reference: str | None = None  # BT-10
    project_reference: str | None = None  # BT-11
    contract_reference: str | None = None  # BT-12
    order_reference: str | None = None  # BT-13
    sales_order_reference: str | None = None  # BT-14
    receiving_advice_reference: str | None = None  # BT-15
    despatch_advice_reference: str | None = None  # BT-16
    tender_reference: str | None = None  # BT-17
    object_reference: Identifier | None = None  # BT-18
    accounting_reference: str | None = None  # BT-19
    payment_terms: str | None = None  # BT-20
    notes: list[Note] = field(default_factory=list)  # BG-1
    process_id: str | None = None  # BT-23 (French "cadre de facturation": S1, B1, M1...)
    profile: str | None = None  # BT-24 (specification identifier)
    preceding_invoices: list[PrecedingInvoice] = field(default_factory=list)  # BG-3
    seller: Party = field(default_factory=Party)  # BG-4
    buyer: Party = field(default_factory=Party)  # BG-7
    payee: Party | None = None  # BG-10
    tax_representative: Party | None = None  # BG-11
    delivery: Delivery | None = None  # BG-13
    period_start: dt.date | None = None  # BT-73
    period_end: dt.date | None = None  # BT-74
    payment_means: list[PaymentMeans] = field(default_factory=list)  # BG-16
    #: BT-83 remittance information (the reference the payer quotes: BG-16, one per invoice;
    #: CII ram:PaymentReference, UBL cbc:PaymentID repeated on each means, UBL-SR-44).
    remittance_information: str | None = None
    allowances_charges: list[AllowanceCharge] = field(default_factory=list)  # BG-20, BG-21
    totals: Totals = field(default_factory=Totals)  # BG-22
    vat_breakdown: list[VatBreakdown] = field(default_factory=list)  # BG-23
    attachments: list[Attachment] = field(default_factory=list)  # BG-24
    lines: list[Line] = field(default_factory=list)  # BG-25

    # Not EN 16931: where the data came from (syntax and guideline as read).
    syntax: str | None = None  # "cii" | "ubl" | "zugferd1" | "ocr" ...

    @property
    def iban(self) -> str | None:
        """The first payee IBAN (BT-84) of the payment instructions."""
        for means in self.payment_means:
            if means.iban:
                return means.iban
        return None

    @property
    def breakdown_tax_total(self) -> Decimal:
        """The sum of the VAT breakdown's tax amounts (BT-117): the value BR-CO-14 gives BT-110,
        which a syntax that must write BT-110 (UBL) writes when the source left it out."""
        return sum((vat.tax_amount or Decimal(0) for vat in self.vat_breakdown), Decimal(0))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (Decimal and date as strings), for storage in the database."""
        return _jsonable(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Invoice:
        """Rebuild an Invoice from :meth:`to_dict` output."""
        return _build(cls, data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    """The evaluated field types of a dataclass, once per class (evaluating them dominated exports)."""
    import typing

    return typing.get_type_hints(cls)


def _build(cls: type, data: Any) -> Any:
    """Inverse of :func:`_jsonable` guided by the dataclass field types."""
    hints = _type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def _convert(tp: Any, value: Any) -> Any:
    import types
    import typing

    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_convert(item, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if tp is Decimal:
        return Decimal(value)
    if tp is dt.date:
        return dt.date.fromisoformat(value)
    if dataclasses.is_dataclass(tp):
        return _build(tp, value)
    return value
