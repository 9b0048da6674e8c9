"""What bank files say, whatever their format: the contract between the core and the bank connectors.

A statement reader (``read_bank_statement`` hook: camt.053/054, CFONB 120) returns
:class:`ParsedStatement` objects; a transfer writer (``write_credit_transfer`` hook:
pain.001.001.09) receives a :class:`TransferOrder`. Amounts are ``Decimal``; a line's
amount is positive for a credit to the account and negative for a debit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class ParsedLine:
    """One booked entry of a statement."""

    booking_date: dt.date
    amount: Decimal  # signed: + credit, - debit
    currency: str = "EUR"
    value_date: dt.date | None = None
    counterparty: str = ""
    counterparty_iban: str | None = None
    remittance: str = ""  # unstructured remittance and labels, joined with spaces
    reference: str | None = None  # structured creditor reference (CdtrRefInf/Ref)
    end_to_end_id: str | None = None
    bank_reference: str | None = None
    batch_reference: str | None = None  # PmtInfId or MsgId of a batch booking
    source_line: int | None = None  # line of the file where the entry starts


@dataclass
class ParsedStatement:
    """One statement of one account (a camt Stmt or Ntfctn, a CFONB 01…07 block)."""

    format: str  # camt.053 | camt.054 | cfonb120
    identity: str  # stable and unique per account: the import skips a statement seen before
    account: str  # IBAN, or "bank branch account" for CFONB
    currency: str = "EUR"
    statement_id: str | None = None
    from_date: dt.date | None = None
    to_date: dt.date | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    lines: list[ParsedLine] = field(default_factory=list)


@dataclass
class PostalAddress:
    """A structured postal address (ISO 20022 PostalAddress24): banks refuse unstructured ones from Nov 2026."""

    street: str | None = None  # StrtNm
    building: str | None = None  # BldgNb
    postcode: str | None = None  # PstCd
    town: str | None = None  # TwnNm (required with the country)
    country: str | None = None  # Ctry (ISO 3166-1 alpha-2)

    def usable(self) -> bool:
        """True when the address is at least "hybrid-compliant": town and country given."""
        return bool(self.town and self.country and len(self.country) == 2)


@dataclass
class Transfer:
    """One credit transfer of an order (one invoice, or one supplier's invoices grouped)."""

    end_to_end_id: str  # 35 characters at most
    amount: Decimal
    creditor_name: str
    creditor_iban: str
    creditor_bic: str | None = None
    creditor_address: PostalAddress | None = None
    remittance: str = ""  # unstructured, 140 characters at most: the invoice numbers


@dataclass
class TransferOrder:
    """A SEPA credit transfer order for one debtor account (one pain.001 message, one payment information)."""

    message_id: str  # MsgId and PmtInfId, 35 characters at most
    created_at: dt.datetime
    execution_date: dt.date
    debtor_name: str
    debtor_iban: str
    debtor_bic: str | None = None
    debtor_address: PostalAddress | None = None
    currency: str = "EUR"
    transfers: list[Transfer] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        """Sum of the transfers."""
        return sum((t.amount for t in self.transfers), Decimal("0"))
