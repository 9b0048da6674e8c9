"""The EBICS exchanges, driven on the ``painfree.ebics3`` engine: INI, HIA, HPB, BTU, BTD.

Each function takes the keys and a :class:`~.transport.Transport`, sends the requests the engine
builds and feeds it the answers; every refusal comes out as an
:class:`~.messages.EbicsFailure` with the French message of the bank's return code.

BTF services (EBICS 3.0 "Business Transaction Formats", as French banks publish them):

- upload of a SEPA credit transfer: service ``SCT``, message ``pain.001`` version ``09``
  (what EBICS 2.x called FUL/CCT);
- download of end-of-day statements: ``EOP`` ``camt.053`` (C53 / FDL camt), of debit and credit
  notifications: ``REP`` ``camt.054`` (C54). Banks deliver them in a ZIP container, one file per
  account and day: each file goes to the statement import on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guichet.connectors.bank_ebics.messages import NO_DOWNLOAD_DATA, EbicsFailure, failure_from_engine

if TYPE_CHECKING:
    from collections.abc import Callable

    from painfree.ebics3 import RequestContext

    from guichet.connectors.bank_ebics.keyring import BankKeys, Keys
    from guichet.connectors.bank_ebics.transport import Transport

PRODUCT = "Guichet"


@dataclass(frozen=True)
class ServiceSpec:
    """A BTF service, as this connector names it."""

    name: str
    msg_name: str
    msg_version: str | None = None
    scope: str | None = None
    container: str | None = None
    label: str = ""
    h004_order: str = ""  # EBICS 2.5: FUL (upload) or FDL (download)
    h004_format: str = ""  # EBICS 2.5: the FileFormat (overridable per instance: [ebics] h004_formats)

    def engine(self) -> Any:
        """The engine's ``Service``."""
        from painfree.ebics3 import Service

        return Service(name=self.name, msg_name=self.msg_name, msg_version=self.msg_version, scope=self.scope,
                       container=self.container)

    def __str__(self) -> str:
        return f"{self.name} {self.msg_name}" + (f".{self.msg_version}" if self.msg_version else "")


CREDIT_TRANSFER = ServiceSpec("SCT", "pain.001", "09", label="virements SEPA (pain.001.001.09)",
                              h004_order="FUL", h004_format="pain.001.001.09")
STATEMENTS = {
    "camt.053": ServiceSpec("EOP", "camt.053", container="ZIP", label="relevés de fin de journée (camt.053)",
                            h004_order="FDL", h004_format="camt.053.001.08"),
    "camt.054": ServiceSpec("REP", "camt.054", container="ZIP", label="avis de débit et de crédit (camt.054)",
                            h004_order="FDL", h004_format="camt.054.001.08"),
}


def context(host_id: str, partner_id: str, user_id: str) -> RequestContext:
    """Who talks to whom."""
    from painfree.ebics3 import Product, RequestContext, RequestError

    try:
        return RequestContext(host_id=host_id, partner_id=partner_id, user_id=user_id,
                              product=Product(PRODUCT, "fr"))
    except RequestError as exc:  # an identifier out of the schema's bounds
        msg = f"identifiants EBICS invalides : {exc}"
        raise EbicsFailure(msg) from None


def screen(data: bytes) -> bytes:
    """Refuse an answer with a DOCTYPE or that is not XML (project rule), before the engine reads it."""
    from guichet.core.errors import UnreadableInput
    from guichet.core.parsing.xmlsafe import parse_xml

    try:
        parse_xml(data)
    except UnreadableInput as exc:
        msg = f"réponse du serveur EBICS illisible : {exc}"
        raise EbicsFailure(msg) from None
    return data


def engine_call(action: Callable[[], Any]) -> Any:
    """Run ``action``; the engine's exceptions come out as :class:`EbicsFailure` (French, with the bank's code)."""
    from painfree.ebics3 import Ebics3Error

    try:
        return action()
    except EbicsFailure:
        raise
    except Ebics3Error as exc:
        raise failure_from_engine(exc) from None


@dataclass
class Answer:
    """What an exchange gave: the bank's order id, transaction id, return code, and the data downloaded."""

    order_id: str | None = None
    transaction_id: str | None = None
    return_code: str | None = None
    data: bytes | None = None


def send_keys(ctx: RequestContext, keys: Keys, transport: Transport, step: str) -> Answer:
    """INI (the signature key) or HIA (authentication and encryption keys)."""
    from painfree.ebics3 import build_hia_request, build_ini_request, parse_response

    def run() -> Answer:
        if step == "INI":
            request = build_ini_request(ctx, keys.signature)
        else:
            request = build_hia_request(ctx, keys.authentication, keys.encryption)
        response = parse_response(screen(transport.post(request)))
        response.status.raise_for_status(f"{step} refusé")
        return Answer(order_id=response.order_id, return_code=response.body_return_code or "000000")

    return engine_call(run)


def bank_keys_of(response: Any, ctx: RequestContext, keys: Keys) -> BankKeys:
    """The bank's keys out of an HPB answer (H005 or H004: the engine reads both encodings)."""
    from painfree.ebics3 import open_order_data, parse_hpb_order_data

    from guichet.connectors.bank_ebics.keyring import BankKeys

    if response.order_data is None or response.transaction_key_encrypted is None:
        msg = "la réponse HPB ne contient pas les clés de la banque"
        raise EbicsFailure(msg)
    found = parse_hpb_order_data(open_order_data(response.order_data, response.transaction_key_encrypted,
                                                 keys.encryption))
    if found.host_id and found.host_id != ctx.host_id:
        msg = f"les clés reçues sont celles de l'hôte {found.host_id}, pas de {ctx.host_id}"
        raise EbicsFailure(msg)
    return BankKeys(found.authentication, found.encryption)


def fetch_bank_keys(ctx: RequestContext, keys: Keys, transport: Transport) -> BankKeys:
    """HPB: the bank's authentication and encryption keys (not trusted until a person compares the letter)."""
    from painfree.ebics3 import build_hpb_request, parse_response

    def run() -> BankKeys:
        response = parse_response(screen(transport.post(build_hpb_request(ctx, keys.authentication))))
        response.status.raise_for_status("HPB refusé")
        return bank_keys_of(response, ctx, keys)

    return engine_call(run)


def without_line_breaks(data: bytes) -> bytes:
    """An XML file as uploaded: the same document without the line breaks between its elements.

    The A006 signature covers a SHA-256 of the order data, and implementations disagree on whether CR, LF
    and Ctrl-Z are removed before hashing (the EBICS 2.x rule, kept by some EBICS 3.0 servers and clients,
    not by the engine). A file that contains none of them has the same digest either way, so the bank
    accepts the signature whichever rule it follows. The pain.001 files are pretty-printed: their
    whitespace between elements carries nothing (no mixed content in pain.001), and their values never
    contain a line break (sepaxml cleans them); a file whose values do is refused rather than altered.
    """
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        msg = f"fichier à envoyer illisible : {exc}"
        raise EbicsFailure(msg) from None
    compact = etree.tostring(root, xml_declaration=True, encoding="UTF-8").replace(b"?>\n", b"?>", 1)
    if any(char in compact for char in (b"\r", b"\n", b"\x1a")):
        msg = "le fichier à envoyer contient des retours à la ligne dans ses valeurs : envoi refusé"
        raise EbicsFailure(msg)
    return compact


def upload(ctx: RequestContext, keys: Keys, bank: BankKeys, transport: Transport, data: bytes, *,
           service: ServiceSpec = CREDIT_TRANSFER, file_name: str | None = None,
           on_started: Callable[[str], None] | None = None) -> Answer:
    """BTU: sign (A006) and encrypt (E002) ``data``, send it in segments; the bank's order id on success.

    ``on_started`` is called with the transaction id as soon as the bank opened the transaction.
    """
    from painfree.ebics3 import UploadTransaction, secure_order_data

    def run() -> Answer:
        secured = secure_order_data(data, signature_key=keys.signature, bank_encryption_key=bank.encryption,
                                    partner_id=ctx.partner_id, user_id=ctx.user_id)
        tx = UploadTransaction.prepare(data, secured, ctx, authentication_key=keys.authentication)
        tx.bank_authentication_key = bank.authentication
        first = tx.initialisation_request(service.engine(), bank_authentication_key=bank.authentication,
                                          bank_encryption_key=bank.encryption, file_name=file_name)
        tx.feed(screen(transport.post(first)))
        if on_started and tx.transaction_id:
            on_started(tx.transaction_id)
        last = None
        while (request := tx.next_request()) is not None:
            last = tx.feed(screen(transport.post(request)))
        code = (last.body_return_code if last else None) or "000000"
        return Answer(order_id=tx.order_id, transaction_id=tx.transaction_id, return_code=code)

    return engine_call(run)


def download(ctx: RequestContext, keys: Keys, bank: BankKeys, transport: Transport, *,
             service: ServiceSpec, start: dt.date | None = None, end: dt.date | None = None,
             receive: Callable[[bytes], bool]) -> Answer:
    """BTD: fetch the data, hand it to ``receive``, then acknowledge: positively when ``receive`` returned True.

    A negative receipt (``receive`` returned False or raised) leaves the data at the bank, offered again
    next time. "No data" (090005) returns an :class:`Answer` without data, not an error.
    """
    from painfree.ebics3 import DownloadTransaction, Phase

    def run() -> Answer:
        tx = DownloadTransaction(context=ctx, authentication_key=keys.authentication, encryption_key=keys.encryption)
        tx.bank_authentication_key = bank.authentication
        date_range = (start.isoformat(), end.isoformat()) if start and end else None
        first = tx.initialisation_request(service.engine(), bank_authentication_key=bank.authentication,
                                          bank_encryption_key=bank.encryption, date_range=date_range)
        response = tx.feed(screen(transport.post(first)))
        if tx.phase is Phase.DONE:
            code = response.body_return_code or response.header_return_code
            return Answer(transaction_id=tx.transaction_id, return_code=code)
        while tx.phase is Phase.TRANSFER:
            tx.feed(screen(transport.post(tx.next_request())))
        data = tx.order_data
        try:
            tx.acknowledged = bool(receive(data))
        except BaseException:
            tx.acknowledged = False
            tx.feed(screen(transport.post(tx.next_request())))
            raise
        tx.feed(screen(transport.post(tx.next_request())))
        return Answer(transaction_id=tx.transaction_id, return_code="000000", data=data)

    return engine_call(run)


def is_empty(answer: Answer) -> bool:
    """True when the bank had nothing to download (090005)."""
    return answer.return_code == NO_DOWNLOAD_DATA


__all__ = ["CREDIT_TRANSFER", "STATEMENTS", "Answer", "ServiceSpec", "bank_keys_of", "context", "download",
           "engine_call", "fetch_bank_keys", "is_empty", "screen", "send_keys", "upload", "without_line_breaks"]
