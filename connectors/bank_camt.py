"""ISO 20022 bank-to-customer statements: camt.053 (statement), camt.054 (notification), camt.052 (report).

Read by hand with lxml (through the core's safe parser) rather than with a library: the
structure is small and stable from version 001.02 to 001.13, we need every element's line
for the refusals, and the PyPI readers found were young one-person projects. Every
version's namespace is accepted; the element names read are the same in all of them
(``RltdPties/Dbtr/Nm`` in 001.02, ``RltdPties/Dbtr/Pty/Nm`` from 001.08: both are read).

Only booked entries are kept (``Sts`` BOOK; pending and informational entries are not
movements of the account). An entry whose details list several transactions with their
own amounts adding up to the entry's (a batch booking) gives one line per transaction, so
that each customer payment meets its invoice.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.errors import UnreadableInput
from guichet.core.model.banking import ParsedLine, ParsedStatement

if TYPE_CHECKING:
    from lxml import etree

_NS = re.compile(r"^\{urn:iso:std:iso:20022:tech:xsd:(camt\.05[234])\.001\.\d\d\}Document$")
_CONTAINERS = {"camt.053": ("BkToCstmrStmt", "Stmt"), "camt.054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
               "camt.052": ("BkToCstmrAcctRpt", "Rpt")}
OPENING = ("OPBD", "PRCD")
CLOSING = ("CLBD",)


class _Reader:
    """Namespace-bound helpers over one camt document."""

    def __init__(self, root: etree._Element) -> None:
        self.ns = root.tag[1:].split("}")[0]

    def q(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{part}" for part in path.split("/"))

    def find(self, node: etree._Element, path: str) -> etree._Element | None:
        return node.find(self.q(path))

    def text(self, node: etree._Element | None, *paths: str) -> str | None:
        if node is None:
            return None
        for path in paths:
            found = node.find(self.q(path))
            if found is not None and (found.text or "").strip():
                return found.text.strip()
        return None

    def all_text(self, node: etree._Element, path: str) -> list[str]:
        return [e.text.strip() for e in node.findall(self.q(path)) if (e.text or "").strip()]


def _fail(node: etree._Element | None, reason: str) -> UnreadableInput:
    line = getattr(node, "sourceline", None)
    return UnreadableInput(f"ligne {line} : {reason}" if line else reason)


def _amount(r: _Reader, node: etree._Element, path: str = "Amt") -> tuple[Decimal, str]:
    found = r.find(node, path)
    if found is None or not (found.text or "").strip():
        raise _fail(node, f"montant ({path}) absent")
    try:
        value = Decimal(found.text.strip())
    except InvalidOperation:
        raise _fail(found, f"montant illisible : {found.text.strip()!r}") from None
    if value < 0 or value != value.quantize(Decimal("0.00001")):
        raise _fail(found, f"montant invalide : {found.text.strip()!r}")
    return value, found.get("Ccy") or "EUR"


def _signed(r: _Reader, node: etree._Element, value: Decimal) -> Decimal:
    indicator = r.text(node, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise _fail(node, f"sens (CdtDbtInd) absent ou inconnu : {indicator!r}")
    return value if indicator == "CRDT" else -value


def _date(r: _Reader, node: etree._Element | None, path: str, *, required: bool) -> dt.date | None:
    if node is None:
        if required:
            raise _fail(node, f"date {path} absente")
        return None
    text = r.text(node, f"{path}/Dt", f"{path}/DtTm")
    if text is None:
        if required:
            raise _fail(node, f"date {path} absente")
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise _fail(r.find(node, path), f"date illisible : {text!r}") from None


def _datetime_day(r: _Reader, node: etree._Element, path: str) -> dt.date | None:
    text = r.text(node, path)
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        raise _fail(r.find(node, path), f"date illisible : {text!r}") from None


def _booked(r: _Reader, entry: etree._Element) -> bool:
    status = r.text(entry, "Sts/Cd", "Sts")
    return status in (None, "BOOK")


def _party(r: _Reader, details: etree._Element, credit: bool) -> tuple[str, str | None]:
    role = "Dbtr" if credit else "Cdtr"
    name = r.text(details, f"RltdPties/{role}/Nm", f"RltdPties/{role}/Pty/Nm",
                  f"RltdPties/Ultmt{role}/Nm", f"RltdPties/Ultmt{role}/Pty/Nm") or ""
    iban = r.text(details, f"RltdPties/{role}Acct/Id/IBAN")
    return name, iban


def _details_line(r: _Reader, entry: etree._Element, details: etree._Element | None, amount: Decimal,
                  currency: str, base: dict) -> ParsedLine:
    credit = amount > 0
    texts = []
    name, iban, reference, end_to_end, batch_ref = "", None, None, None, None
    if details is not None:
        name, iban = _party(r, details, credit)
        texts += r.all_text(details, "RmtInf/Ustrd")
        reference = r.text(details, "RmtInf/Strd/CdtrRefInf/Ref")
        end_to_end = r.text(details, "Refs/EndToEndId")
        if end_to_end == "NOTPROVIDED":
            end_to_end = None
        batch_ref = r.text(details, "Refs/PmtInfId", "Refs/MsgId")
        texts += r.all_text(details, "AddtlTxInf")
    texts += r.all_text(entry, "AddtlNtryInf")
    return ParsedLine(amount=amount, currency=currency, counterparty=name, counterparty_iban=iban,
                      remittance=" ".join(texts)[:2000], reference=reference, end_to_end_id=end_to_end,
                      batch_reference=batch_ref or base["batch_reference"], bank_reference=base["bank_reference"],
                      booking_date=base["booking_date"], value_date=base["value_date"],
                      source_line=(details if details is not None else entry).sourceline)


def _entry_lines(r: _Reader, entry: etree._Element) -> list[ParsedLine]:
    value, currency = _amount(r, entry)
    amount = _signed(r, entry, value)
    base = {"booking_date": _date(r, entry, "BookgDt", required=True),
            "value_date": _date(r, entry, "ValDt", required=False),
            "bank_reference": r.text(entry, "AcctSvcrRef"),
            "batch_reference": r.text(entry, "NtryDtls/Btch/PmtInfId", "NtryDtls/Btch/MsgId")}
    details = [d for group in entry.findall(r.q("NtryDtls")) for d in group.findall(r.q("TxDtls"))]
    if len(details) > 1:
        parts = []
        for detail in details:
            found = r.find(detail, "Amt") if r.find(detail, "Amt") is not None else r.find(detail, "AmtDtls/TxAmt/Amt")
            if found is None:
                break
            part, part_currency = _amount(r, detail, "Amt" if r.find(detail, "Amt") is not None else "AmtDtls/TxAmt/Amt")
            parts.append((detail, part if amount > 0 else -part, part_currency))
        else:
            if sum(p[1] for p in parts) == amount and all(p[2] == currency for p in parts):
                return [_details_line(r, entry, detail, part, currency, base) for detail, part, _ in parts]
    return [_details_line(r, entry, details[0] if details else None, amount, currency, base)]


def _balance(r: _Reader, statement: etree._Element, codes: tuple[str, ...]) -> tuple[Decimal | None, dt.date | None]:
    for balance in statement.findall(r.q("Bal")):
        code = r.text(balance, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")
        if code in codes:
            value, _ = _amount(r, balance)
            return _signed(r, balance, value), _date(r, balance, "Dt", required=False)
    return None, None


def read(data: bytes) -> list[ParsedStatement] | None:
    """The statements of a camt file, or None when ``data`` is not a camt document."""
    head = data[:4096]
    if b"urn:iso:std:iso:20022:tech:xsd:camt.05" not in head:
        return None
    from guichet.core.parsing.xmlsafe import parse_xml

    root = parse_xml(data)
    match = _NS.match(root.tag)
    if match is None:
        return None
    kind = match.group(1)
    r = _Reader(root)
    container_name, item_name = _CONTAINERS[kind]
    container = r.find(root, container_name)
    if container is None:
        raise _fail(root, f"élément {container_name} absent")
    out = []
    for statement in container.findall(r.q(item_name)):
        ident = r.text(statement, "Id")
        if not ident:
            raise _fail(statement, f"identifiant du relevé ({item_name}/Id) absent")
        account = r.text(statement, "Acct/Id/IBAN", "Acct/Id/Othr/Id")
        if not account:
            raise _fail(statement, "compte (Acct/Id) absent")
        sequence = r.text(statement, "ElctrncSeqNb") or ""
        opening, opening_date = _balance(r, statement, OPENING)
        closing, closing_date = _balance(r, statement, CLOSING)
        lines = []
        for entry in statement.findall(r.q("Ntry")):
            if _booked(r, entry):
                lines.extend(_entry_lines(r, entry))
        currency = r.text(statement, "Acct/Ccy") or (lines[0].currency if lines else "EUR")
        if opening is not None and closing is not None and kind == "camt.053":
            moved = sum((line.amount for line in lines if line.currency == currency), Decimal("0"))
            if opening + moved != closing:
                raise _fail(statement, f"soldes incohérents : ouverture {opening} + mouvements {moved} "
                                       f"≠ clôture {closing}")
        dates = [line.booking_date for line in lines]
        out.append(ParsedStatement(
            format=kind, identity=f"{kind}:{account}:{ident}:{sequence}", account=account, currency=currency,
            statement_id=ident, opening_balance=opening, closing_balance=closing, lines=lines,
            from_date=_datetime_day(r, statement, "FrToDt/FrDtTm") or opening_date or min(dates, default=None),
            to_date=_datetime_day(r, statement, "FrToDt/ToDtTm") or closing_date or max(dates, default=None)))
    return out


@hookimpl
def read_bank_statement(data: bytes) -> list[ParsedStatement] | None:
    """camt.052/053/054, any version."""
    return read(data)
