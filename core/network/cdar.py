"""Lifecycle messages: CDAR (UN/CEFACT Cross Domain Acknowledgement and Response D22B) as XP Z12-012 profiles them.

The one module that writes and reads them. :func:`write` makes the message of one status
about one invoice (``MultipleReferencesIndicator`` false: one status, one invoice), shaped
like the examples of XP Z12-012 Annex B; :func:`read` parses a message received from a
platform into a :class:`Lifecycle`, refusing (:class:`CdarError`, with a French reason)
anything that is not a well-formed CDAR valid against the D22B schemas
(``cdar_xsd/``, the UN/CEFACT files shipped with the specification) or that lacks what a
status needs: the invoice number (MDT-87), the status code (MDT-105) and, for 206, 207,
208, 210, 213 and 501, its reason code (MDT-113, BR-FR-CDV-15). A refused message is
never applied. XML is parsed by :func:`guichet.core.parsing.xmlsafe.parse_xml` (no
entities, no network).

Written with lxml by hand: no maintained Python library writes or reads CDAR D22B.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from guichet.core.errors import UnreadableInput
from guichet.core.model import lifecycle
from guichet.core.parsing.xmlsafe import parse_xml

RSM = "urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NS = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
XSD = Path(__file__).parent / "cdar_xsd" / "CrossDomainAcknowledgementAndResponse_100pD22B.xsd"
#: MDT-3: the profile of lifecycle messages about invoices.
GUIDELINE = "urn.cpro.gouv.fr:1p0:CDV:invoice"
#: MDT-88 (UNECE 4405 status) of the statuses XP Z12-012's examples show; others are left out (optional).
STATUS_CODES = {"200": "10", "202": "43", "203": "48", "204": "45", "205": "1", "207": "46", "211": "47",
                "212": "47"}
#: MDT-77: 305 for the statuses of the transmission phase (platforms), 23 for the processing phase.
TRANSMISSION = frozenset({"200", "201", "202", "203", "213", "221", "501"})


class CdarError(ValueError):
    """A lifecycle message that cannot be applied (malformed, invalid, incomplete); French reason."""


@dataclass(frozen=True)
class Party:
    """A party of the message: its SIREN (scheme 0002), name and role (SE seller, BY buyer, WK platform)."""

    siren: str | None
    name: str | None = None
    role: str = ""
    address: str | None = None  # MDT-73, electronic address (scheme 0225)


@dataclass(frozen=True)
class Amount:
    """An amount of a 211/212 status (MDT-207 ``MEN``): collected amount for one VAT rate."""

    amount: Decimal
    rate: Decimal | None = None
    currency: str = "EUR"


@dataclass(frozen=True)
class Lifecycle:
    """One lifecycle status about one invoice, as read from or written to a CDAR message."""

    code: str  # MDT-105
    invoice_number: str  # MDT-87 (BT-1)
    invoice_date: dt.date | None = None  # MDT-100 (BT-2)
    invoice_type: str = "380"  # MDT-91 (BT-3)
    seller_siren: str | None = None  # MDT-129: issuer of the referenced invoice
    reason: str | None = None  # MDT-113
    reason_text: str | None = None  # MDT-114
    action: str | None = None  # MDT-121
    message_id: str = ""  # MDT-4
    issued_at: dt.datetime | None = None  # MDT-78: when the status was given
    issuer: Party | None = None  # who gives the status
    recipient: Party | None = None  # who it is for
    amounts: tuple[Amount, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        """The French label of the status."""
        return lifecycle.label(self.code)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _el(parent: etree._Element, ns: str, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{ns}}}{name}", **attrs)
    if text is not None:
        node.text = text
    return node


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def _party(parent: etree._Element, tag: str, party: Party) -> None:
    node = _el(parent, RAM, tag)
    if party.siren:
        _el(node, RAM, "GlobalID", party.siren, schemeID="0002")
    if party.name:
        _el(node, RAM, "Name", party.name)
    _el(node, RAM, "RoleCode", party.role or "WK")
    if party.address:
        _el(_el(node, RAM, "URIUniversalCommunication"), RAM, "URIID", party.address, schemeID="0225")


def write(status: Lifecycle, *, name: str | None = None) -> bytes:
    """The CDAR message of ``status`` (UTF-8 bytes, valid against the D22B schemas).

    :raises CdarError: when the status misses what XP Z12-012 requires (reason of 206/207/208/210...).
    """
    problems = _missing(status)
    if problems:
        raise CdarError("message de cycle de vie incomplet : " + " ; ".join(problems))
    issued = status.issued_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    date = status.invoice_date
    message_id = status.message_id or (
        f"{status.invoice_number}_{status.code}_{_stamp(issued)}#{status.invoice_type}"
        f"{'_' + date.strftime('%Y%m%d') if date else ''}")
    root = etree.Element(f"{{{RSM}}}CrossDomainAcknowledgementAndResponse", nsmap={"rsm": RSM, "ram": RAM,
                                                                                  "udt": UDT, "qdt": QDT})
    context = _el(root, RSM, "ExchangedDocumentContext")
    _el(_el(context, RAM, "BusinessProcessSpecifiedDocumentContextParameter"), RAM, "ID", "REGULATED")
    _el(_el(context, RAM, "GuidelineSpecifiedDocumentContextParameter"), RAM, "ID", GUIDELINE)
    document = _el(root, RSM, "ExchangedDocument")
    _el(document, RAM, "ID", message_id[:200])
    _el(document, RAM, "Name", (name or f"CDV-{status.code}_{lifecycle.condition_name(status.code)}")[:200])
    _el(_el(document, RAM, "IssueDateTime"), UDT, "DateTimeString", _stamp(issued), format="204")
    _el(_el(document, RAM, "SenderTradeParty"), RAM, "RoleCode", "WK")
    _party(document, "IssuerTradeParty", status.issuer or Party(None, role="WK"))
    _party(document, "RecipientTradeParty", status.recipient or Party(None, role="WK"))  # required by D22B
    ack = _el(root, RSM, "AcknowledgementDocument")
    _el(_el(ack, RAM, "MultipleReferencesIndicator"), UDT, "Indicator", "false")
    _el(ack, RAM, "TypeCode", "305" if status.code in TRANSMISSION else "23")
    _el(_el(ack, RAM, "IssueDateTime"), UDT, "DateTimeString", _stamp(issued), format="204")
    ref = _el(ack, RAM, "ReferenceReferencedDocument")
    _el(ref, RAM, "IssuerAssignedID", status.invoice_number)
    if status.code in STATUS_CODES:
        _el(ref, RAM, "StatusCode", STATUS_CODES[status.code])
    _el(ref, RAM, "TypeCode", status.invoice_type or "380")
    if date is not None:
        _el(_el(ref, RAM, "FormattedIssueDateTime"), QDT, "DateTimeString", date.strftime("%Y%m%d"), format="102")
    _el(ref, RAM, "ProcessConditionCode", status.code)
    _el(ref, RAM, "ProcessCondition", lifecycle.condition_name(status.code))
    if status.seller_siren:
        _el(_el(ref, RAM, "IssuerTradeParty"), RAM, "GlobalID", status.seller_siren, schemeID="0002")
    if status.reason or status.reason_text or status.amounts:
        detail = _el(ref, RAM, "SpecifiedDocumentStatus")
        if status.reason:
            _el(detail, RAM, "ReasonCode", status.reason)
        if status.reason_text:
            _el(detail, RAM, "Reason", status.reason_text[:1024])
        if status.action:
            _el(detail, RAM, "RequestedActionCode", status.action)
        for amount in status.amounts:
            characteristic = _el(detail, RAM, "SpecifiedDocumentCharacteristic")
            _el(characteristic, RAM, "TypeCode", "MEN")
            _el(_el(characteristic, RAM, "ValueChangedIndicator"), UDT, "IndicatorString", "false")
            _el(characteristic, RAM, "ValueAmount", f"{amount.amount:.2f}", currencyID=amount.currency)
            if amount.rate is not None:
                _el(characteristic, RAM, "ValuePercent", f"{amount.rate:.2f}")
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    errors = schema_errors(data)
    if errors:  # our own output: a bug here, never sent
        raise CdarError("message de cycle de vie non conforme au schéma D22B : " + errors[0])
    return data


def _missing(status: Lifecycle) -> list[str]:
    problems = []
    if not status.invoice_number:
        problems.append("numéro de facture (MDT-87) absent")
    if not (status.code.isdigit() and len(status.code) == 3):
        problems.append(f"code de statut « {status.code} » invalide")
    if lifecycle.needs_reason(status.code) and not status.reason:
        problems.append(f"le statut {status.code} {lifecycle.label(status.code)} exige un motif (MDT-113)")
    if status.reason and status.reason not in lifecycle.REASONS and not status.reason.startswith("IRR_"):
        problems.append(f"motif « {status.reason} » inconnu")
    return problems


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


@functools.cache
def _schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(XSD), parser))


def schema_errors(data: bytes) -> list[str]:
    """The D22B schema's complaints about ``data`` (empty when valid), each with its line."""
    try:
        tree = parse_xml(data)
    except UnreadableInput as exc:
        return [str(exc)]
    schema = _schema()
    if schema.validate(tree):
        return []
    return [f"ligne {e.line} : {e.message}" for e in schema.error_log][:20]


def read(data: bytes) -> Lifecycle:
    """The status carried by a CDAR message.

    :raises CdarError: with a French reason when the message is malformed, not valid
        against D22B, about several invoices, or incomplete.
    """
    try:
        root = parse_xml(data)
    except UnreadableInput as exc:
        raise CdarError(f"message de cycle de vie illisible : {exc}") from None
    if root.tag != f"{{{RSM}}}CrossDomainAcknowledgementAndResponse":
        raise CdarError(f"ce n'est pas un message CDAR (élément racine {etree.QName(root).localname})")
    errors = schema_errors(data)
    if errors:
        raise CdarError("message CDAR non conforme au schéma D22B : " + errors[0])
    refs = root.findall("rsm:AcknowledgementDocument/ram:ReferenceReferencedDocument", NS)
    if len(refs) != 1:
        raise CdarError(f"le message porte sur {len(refs)} factures ; une seule est attendue")
    ref = refs[0]

    def text(node: etree._Element | None, path: str) -> str | None:
        found = node.find(path, NS) if node is not None else None
        value = (found.text or "").strip() if found is not None else ""
        return value or None

    status = Lifecycle(
        code=text(ref, "ram:ProcessConditionCode") or "",
        invoice_number=text(ref, "ram:IssuerAssignedID") or "",
        invoice_date=_date(text(ref, "ram:FormattedIssueDateTime/qdt:DateTimeString")),
        invoice_type=text(ref, "ram:TypeCode") or "380",
        seller_siren=text(ref, "ram:IssuerTradeParty/ram:GlobalID"),
        reason=text(ref, "ram:SpecifiedDocumentStatus/ram:ReasonCode"),
        reason_text=text(ref, "ram:SpecifiedDocumentStatus/ram:Reason"),
        action=text(ref, "ram:SpecifiedDocumentStatus/ram:RequestedActionCode"),
        message_id=text(root, "rsm:ExchangedDocument/ram:ID") or "",
        issued_at=_moment(text(root, "rsm:AcknowledgementDocument/ram:IssueDateTime/udt:DateTimeString")
                          or text(root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")),
        issuer=_read_party(root.find("rsm:ExchangedDocument/ram:IssuerTradeParty", NS)),
        recipient=_read_party(root.find("rsm:ExchangedDocument/ram:RecipientTradeParty", NS)),
        amounts=tuple(_amounts(ref)),
    )
    problems = [p for p in _missing(status) if "inconnu" not in p]  # an unknown reason is kept, not refused
    if problems:
        raise CdarError("message de cycle de vie refusé : " + " ; ".join(problems))
    return status


def _read_party(node: etree._Element | None) -> Party | None:
    if node is None:
        return None

    def text(path: str) -> str | None:
        found = node.find(path, NS)
        return (found.text or "").strip() or None if found is not None else None

    return Party(siren=text("ram:GlobalID"), name=text("ram:Name"), role=text("ram:RoleCode") or "",
                 address=text("ram:URIUniversalCommunication/ram:URIID"))


def _amounts(ref: etree._Element) -> list[Amount]:
    found = []
    for node in ref.findall("ram:SpecifiedDocumentStatus/ram:SpecifiedDocumentCharacteristic", NS):
        if (node.findtext("ram:TypeCode", "", NS) or "").strip() != "MEN":
            continue
        amount = node.find("ram:ValueAmount", NS)
        try:
            value = Decimal((amount.text or "").strip()) if amount is not None else None
            rate_text = (node.findtext("ram:ValuePercent", "", NS) or "").strip()
            rate = Decimal(rate_text) if rate_text else None
        except InvalidOperation:
            raise CdarError("montant encaissé illisible (MDT-207 MEN)") from None
        if value is not None:
            found.append(Amount(value, rate, amount.get("currencyID") or "EUR"))
    return found


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date() if text else None
    except ValueError:
        raise CdarError(f"date de facture « {text} » illisible (format 102 attendu)") from None


def _moment(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d%H%M%S") if text else None
    except ValueError:
        raise CdarError(f"horodatage « {text} » illisible (format 204 attendu)") from None
