"""SEPA Credit Transfer files: pain.001.001.09 with structured addresses (``write_credit_transfer`` hook).

The XML is produced by ``sepaxml`` (python-sepaxml, MIT), which writes pain.001.001.09 with
``BICFI``, ``ReqdExctnDt/Dt`` and structured postal addresses (``StrtNm``, ``BldgNb``,
``PstCd``, ``TwnNm``, ``Ctry``). Guichet then sets the message and payment-information
identifiers to the batch's reference (sepaxml draws random ones: the bank statement's debit
must lead back to the batch) and validates the result against the ISO 20022 XSD and the
EPC's SEPA implementation-guidelines XSD vendored in ``xsd/``. A file that fails either is
never handed out: :class:`~guichet.core.errors.UnreadableInput` names the line and the reason.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.errors import UnreadableInput

if TYPE_CHECKING:
    from guichet.core.model.banking import PostalAddress, TransferOrder

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
XSD_DIR = Path(__file__).parent / "xsd"
SCHEMAS = ("pain.001.001.09.xsd", "EPC132-08_2023_V1.0_pain.001.001.09.xsd")


@cache
def _schema(name: str):  # noqa: ANN202 - an lxml XMLSchema
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(XSD_DIR / name), parser))


def validate(data: bytes) -> None:
    """Raise :class:`UnreadableInput` ("ligne N : ...") unless ``data`` is valid against both schemas."""
    from guichet.core.parsing.xmlsafe import parse_xml

    tree = parse_xml(data)
    for name in SCHEMAS:
        schema = _schema(name)
        if not schema.validate(tree):
            error = schema.error_log[0]
            msg = f"pain.001 non conforme au schéma {name} : ligne {error.line} : {error.message}"
            raise UnreadableInput(msg)


def _address(address: PostalAddress | None) -> dict[str, str]:
    if address is None or not address.usable():
        return {}
    pairs = {"street_name": address.street, "building_number": address.building, "postcode": address.postcode,
             "town": address.town, "country": address.country}
    return {key: value for key, value in pairs.items() if value}


def _cents(amount: Decimal) -> int:
    cents = amount * 100
    if cents != cents.to_integral_value():
        msg = f"montant au-delà du centime : {amount}"
        raise UnreadableInput(msg)
    return int(cents)


def write(order: TransferOrder) -> bytes:
    """The pain.001.001.09 file of ``order``, validated."""
    from lxml import etree
    from sepaxml import SepaTransfer

    from guichet.core.parsing.xmlsafe import parse_xml

    config = {"name": order.debtor_name, "IBAN": order.debtor_iban, "batch": True, "currency": order.currency}
    if order.debtor_bic:
        config["BIC"] = order.debtor_bic
    debtor_address = _address(order.debtor_address)
    if debtor_address:
        config["address"] = debtor_address
    sepa = SepaTransfer(config, schema="pain.001.001.09", clean=True)
    for transfer in order.transfers:
        payment = {"name": transfer.creditor_name, "IBAN": transfer.creditor_iban, "amount": _cents(transfer.amount),
                   "execution_date": order.execution_date, "description": transfer.remittance or "Facture",
                   "endtoend_id": transfer.end_to_end_id}
        if transfer.creditor_bic:
            payment["BIC"] = transfer.creditor_bic
        address = _address(transfer.creditor_address)
        if address:
            payment["address"] = address
        sepa.add_payment(payment)
    tree = parse_xml(sepa.export(validate=False))
    ns = {"p": NAMESPACE}
    tree.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId", ns).text = order.message_id
    tree.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CreDtTm", ns).text = order.created_at.strftime("%Y-%m-%dT%H:%M:%S")
    for number, info in enumerate(tree.findall("p:CstmrCdtTrfInitn/p:PmtInf/p:PmtInfId", ns), start=1):
        info.text = order.message_id if number == 1 else f"{order.message_id[:31]}-{number}"
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate(data)
    return data


@hookimpl
def write_credit_transfer(order: TransferOrder) -> bytes:
    """pain.001.001.09 through sepaxml, checked against the ISO and EPC schemas."""
    return write(order)
