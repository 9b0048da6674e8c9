"""EBICS 2.5 (H004): INI, HIA, HPB, FUL (upload) and FDL (download), as French banks still run them.

Written by hand, on the engine's primitives: no maintained EBICS client under a licence a firm's appliance
can use speaks H004 without doing its own HTTP (see the package docstring). Only the XML of the envelopes is
here, following the H004 schemas (ebics_request_H004.xsd, ebics_keymgmt_request_H004.xsd, S001); the
cryptography is ``painfree.ebics3``'s, which is the same in both versions: X002 authentication signature
(RSA PKCS#1 v1.5 SHA-256 over the canonical ``authenticate="true"`` nodes), E002 (AES-128-CBC, zero IV, X9.23
padding; key under RSA PKCS#1 v1.5), A006 (RSASSA-PSS over the SHA-256 of the order data, CR/LF/Ctrl-Z left
out), zlib and base64. The answers are read with the engine's ``parse_response`` (by local name, so the same
for H004) and its ``parse_hpb_order_data`` (which reads the H004 ``PubKeyValue``).

Differences from H005 handled here: keys travel as ``PubKeyValue`` (modulus, exponent), not certificates;
``BankPubKeyDigests`` and the letters use the SHA-256 of "exponent modulus" in hex; order types and
attributes (``FUL``/``OZHNN`` with ``FULOrderParams/FileFormat``, ``FDL``/``DZHNN``); S001 signatures; no
``DataDigest``.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING, Any

from lxml import etree

from guichet.connectors.bank_ebics.messages import EbicsFailure

if TYPE_CHECKING:
    from collections.abc import Callable

    from painfree.ebics3 import EbicsKey, RequestContext

    from guichet.connectors.bank_ebics.keyring import BankKeys, Keys
    from guichet.connectors.bank_ebics.orders import Answer
    from guichet.connectors.bank_ebics.transport import Transport

H004 = "urn:org:ebics:H004"
S001 = "http://www.ebics.org/S001"
DS = "http://www.w3.org/2000/09/xmldsig#"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
COUNTRY = "FR"


def _root(name: str) -> etree._Element:
    root = etree.Element(etree.QName(H004, name), nsmap={None: H004, "ds": DS})
    root.set("Version", "H004")
    root.set("Revision", "1")
    return root


def _sub(parent: etree._Element, name: str, text: str | None = None, namespace: str = H004,
         **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, etree.QName(namespace, name))
    if text is not None:
        element.text = text
    for key, value in attributes.items():
        element.set(key, value)
    return element


def _static(root: etree._Element, ctx: RequestContext, order_type: str, attribute: str, *, signed: bool,
            params: Callable[[etree._Element], Any] | None = None) -> etree._Element:
    from painfree.ebics3 import generate_nonce, utc_timestamp

    header = _sub(root, "header", authenticate="true")
    static = _sub(header, "static")
    _sub(static, "HostID", ctx.host_id)
    if signed:
        _sub(static, "Nonce", generate_nonce())
        _sub(static, "Timestamp", utc_timestamp())
    _sub(static, "PartnerID", ctx.partner_id)
    _sub(static, "UserID", ctx.user_id)
    if ctx.product is not None:
        _sub(static, "Product", ctx.product.name, Language=ctx.product.language)
    details = _sub(static, "OrderDetails")
    _sub(details, "OrderType", order_type)
    _sub(details, "OrderAttribute", attribute)
    if params is not None:
        params(details)
    return static


def _pub_key_value(parent: etree._Element, key: EbicsKey, namespace: str) -> None:
    from painfree.ebics3 import crypto_binary

    numbers = key.public_key.public_numbers()
    value = _sub(parent, "PubKeyValue", namespace=namespace)
    rsa_value = _sub(value, "RSAKeyValue", namespace=DS)
    _sub(rsa_value, "Modulus", crypto_binary(numbers.n), namespace=DS)
    _sub(rsa_value, "Exponent", crypto_binary(numbers.e), namespace=DS)


def _encode(document: etree._Element) -> str:
    import zlib

    return base64.b64encode(zlib.compress(etree.tostring(document, xml_declaration=True,
                                                         encoding="UTF-8"))).decode("ascii")


def ini_request(ctx: RequestContext, keys: Keys) -> etree._Element:
    """INI: the A006 key in ``SignaturePubKeyOrderData`` (S001)."""
    order = etree.Element(etree.QName(S001, "SignaturePubKeyOrderData"), nsmap={None: S001, "ds": DS})
    info = _sub(order, "SignaturePubKeyInfo", namespace=S001)
    _pub_key_value(info, keys.signature, S001)
    _sub(info, "SignatureVersion", keys.signature.version.value, namespace=S001)
    _sub(order, "PartnerID", ctx.partner_id, namespace=S001)
    _sub(order, "UserID", ctx.user_id, namespace=S001)
    return _unsecured(ctx, "INI", order)


def hia_request(ctx: RequestContext, keys: Keys) -> etree._Element:
    """HIA: the X002 and E002 keys in ``HIARequestOrderData``."""
    order = etree.Element(etree.QName(H004, "HIARequestOrderData"), nsmap={None: H004, "ds": DS})
    for role, key in (("Authentication", keys.authentication), ("Encryption", keys.encryption)):
        info = _sub(order, f"{role}PubKeyInfo")
        _pub_key_value(info, key, H004)
        _sub(info, f"{role}Version", key.version.value)
    _sub(order, "PartnerID", ctx.partner_id)
    _sub(order, "UserID", ctx.user_id)
    return _unsecured(ctx, "HIA", order)


def _unsecured(ctx: RequestContext, order_type: str, order: etree._Element) -> etree._Element:
    root = _root("ebicsUnsecuredRequest")
    static = _static(root, ctx, order_type, "DZNNN", signed=False)
    _sub(static, "SecurityMedium", ctx.security_medium)
    _sub(root.find(f"{{{H004}}}header"), "mutable")
    _sub(_sub(_sub(root, "body"), "DataTransfer"), "OrderData", _encode(order))
    return root


def _sign(root: etree._Element, keys: Keys) -> etree._Element:
    from painfree.ebics3 import build_auth_signature

    return build_auth_signature(root, keys.authentication.private_key, "X002")


def hpb_request(ctx: RequestContext, keys: Keys) -> etree._Element:
    """HPB: the bank's keys; signed with X002."""
    root = _root("ebicsNoPubKeyDigestsRequest")
    static = _static(root, ctx, "HPB", "DZHNN", signed=True)
    _sub(static, "SecurityMedium", ctx.security_medium)
    _sub(root.find(f"{{{H004}}}header"), "mutable")
    _sub(root, "body")
    return _sign(root, keys)


def key_digest(key: EbicsKey) -> str:
    """``BankPubKeyDigests``/``EncryptionPubKeyDigest`` in H004: SHA-256 of "exponent modulus" (hex), base64."""
    from painfree.ebics3 import public_key_digest

    return base64.b64encode(public_key_digest(key.public_key)).decode("ascii")


def _initialisation(ctx: RequestContext, keys: Keys, bank: BankKeys, order_type: str, attribute: str,
                    params: Callable[[etree._Element], Any], *, num_segments: int | None = None,
                    body: Callable[[etree._Element], Any] | None = None) -> etree._Element:
    root = _root("ebicsRequest")
    static = _static(root, ctx, order_type, attribute, signed=True, params=params)
    digests = _sub(static, "BankPubKeyDigests")
    _sub(digests, "Authentication", key_digest(bank.authentication), Version="X002", Algorithm=SHA256)
    _sub(digests, "Encryption", key_digest(bank.encryption), Version="E002", Algorithm=SHA256)
    _sub(static, "SecurityMedium", ctx.security_medium)
    if num_segments is not None:
        _sub(static, "NumSegments", str(num_segments))
    _sub(_sub(root.find(f"{{{H004}}}header"), "mutable"), "TransactionPhase", "Initialisation")
    element = _sub(root, "body")
    if body is not None:
        body(element)
    return _sign(root, keys)


def _phase(ctx: RequestContext, keys: Keys, transaction_id: str, phase: str, *, segment: int | None = None,
           last: bool = False, order_data: str | None = None, receipt: bool | None = None) -> etree._Element:
    root = _root("ebicsRequest")
    header = _sub(root, "header", authenticate="true")
    static = _sub(header, "static")
    _sub(static, "HostID", ctx.host_id)
    _sub(static, "TransactionID", transaction_id)
    mutable = _sub(header, "mutable")
    _sub(mutable, "TransactionPhase", phase)
    if segment is not None:
        _sub(mutable, "SegmentNumber", str(segment), lastSegment="true" if last else "false")
    body = _sub(root, "body")
    if order_data is not None:
        _sub(_sub(body, "DataTransfer"), "OrderData", order_data)
    if receipt is not None:
        _sub(_sub(body, "TransferReceipt", authenticate="true"), "ReceiptCode", "0" if receipt else "1")
    return _sign(root, keys)


# --- exchanges ---------------------------------------------------------------------------------------


def _answer(transport: Transport, request: etree._Element, bank: BankKeys | None, what: str) -> Any:
    """Post, check the bank's signature (once its keys are known), refuse what the bank refused."""
    from painfree.ebics3 import parse_response, verify_auth_signature

    from guichet.connectors.bank_ebics.orders import screen

    data = screen(transport.post(request))
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    if bank is not None and not verify_auth_signature(root, bank.authentication.public_key, "X002").ok:
        msg = "the bank's signature does not check out"
        raise _transaction_error(msg)
    response = parse_response(root)
    if not response.status.needs_recovery:
        response.status.raise_for_status(f"{what} refusé")
    return response


def _transaction_error(message: str) -> Exception:
    from painfree.ebics3 import TransactionError

    return TransactionError(message)


def send_keys(ctx: RequestContext, keys: Keys, transport: Transport, step: str) -> Answer:
    """INI or HIA."""
    from guichet.connectors.bank_ebics.orders import Answer, engine_call

    def run() -> Answer:
        request = ini_request(ctx, keys) if step == "INI" else hia_request(ctx, keys)
        response = _answer(transport, request, None, step)
        return Answer(order_id=response.order_id, return_code=response.body_return_code or "000000")

    return engine_call(run)


def fetch_bank_keys(ctx: RequestContext, keys: Keys, transport: Transport) -> BankKeys:
    """HPB: the bank's keys (``PubKeyValue``), not trusted before a person compares the bank's letter."""
    from guichet.connectors.bank_ebics.orders import bank_keys_of, engine_call

    return engine_call(lambda: bank_keys_of(_answer(transport, hpb_request(ctx, keys), None, "HPB"), ctx, keys))


def _file_format(details: etree._Element, name: str, file_format: str, date_range: tuple[str, str] | None = None,
                 ) -> None:
    params = _sub(details, name)
    if date_range is not None:
        period = _sub(params, "DateRange")
        _sub(period, "Start", date_range[0])
        _sub(period, "End", date_range[1])
    _sub(params, "FileFormat", file_format, CountryCode=COUNTRY)


def upload(ctx: RequestContext, keys: Keys, bank: BankKeys, transport: Transport, data: bytes, *,
           file_format: str, on_started: Callable[[str], None] | None = None) -> Answer:
    """FUL: the order data signed (A006, S001), encrypted (E002), sent in segments."""
    import hashlib

    from painfree.ebics3 import (
        encrypt_payload,
        generate_transaction_key,
        sign_digest,
        split_segments,
        wrap_transaction_key,
    )

    from guichet.connectors.bank_ebics.orders import Answer, engine_call

    def run() -> Answer:
        digest = hashlib.sha256(data.translate(None, b"\r\n\x1a")).digest()
        signature = etree.Element(etree.QName(S001, "UserSignatureData"), nsmap={None: S001})
        order = _sub(signature, "OrderSignatureData", namespace=S001)
        _sub(order, "SignatureVersion", "A006", namespace=S001)
        _sub(order, "SignatureValue", base64.b64encode(sign_digest(digest, keys.signature.private_key, "A006"))
             .decode("ascii"), namespace=S001)
        _sub(order, "PartnerID", ctx.partner_id, namespace=S001)
        _sub(order, "UserID", ctx.user_id, namespace=S001)
        key = generate_transaction_key()
        segments = split_segments(encrypt_payload(data, key))

        def body(element: etree._Element) -> None:
            transfer = _sub(element, "DataTransfer")
            info = _sub(transfer, "DataEncryptionInfo", authenticate="true")
            _sub(info, "EncryptionPubKeyDigest", key_digest(bank.encryption), Version="E002", Algorithm=SHA256)
            _sub(info, "TransactionKey", base64.b64encode(wrap_transaction_key(key, bank.encryption)).decode())
            _sub(transfer, "SignatureData", encrypt_payload(etree.tostring(
                signature, xml_declaration=True, encoding="UTF-8"), key), authenticate="true")

        first = _answer(transport, _initialisation(
            ctx, keys, bank, "FUL", "OZHNN", lambda d: _file_format(d, "FULOrderParams", file_format),
            num_segments=len(segments), body=body), bank, "FUL")
        transaction_id = first.transaction_id
        if not transaction_id:
            msg = "la banque n'a pas ouvert de transaction"
            raise EbicsFailure(msg)
        if on_started:
            on_started(transaction_id)
        order_id, code = first.order_id, "000000"
        for number, segment in enumerate(segments, start=1):
            response = _answer(transport, _phase(ctx, keys, transaction_id, "Transfer", segment=number,
                                                 last=number == len(segments), order_data=segment), bank, "FUL")
            order_id = response.order_id or order_id
            code = response.body_return_code or code
        return Answer(order_id=order_id, transaction_id=transaction_id, return_code=code)

    return engine_call(run)


def download(ctx: RequestContext, keys: Keys, bank: BankKeys, transport: Transport, *, file_format: str,
             start: dt.date | None = None, end: dt.date | None = None,
             receive: Callable[[bytes], bool]) -> Answer:
    """FDL: fetch, hand to ``receive``, acknowledge (positively only when ``receive`` returned True)."""
    from painfree.ebics3 import open_order_data

    from guichet.connectors.bank_ebics.orders import Answer, engine_call

    def run() -> Answer:
        period = (start.isoformat(), end.isoformat()) if start and end else None
        first = _answer(transport, _initialisation(
            ctx, keys, bank, "FDL", "DZHNN", lambda d: _file_format(d, "FDLOrderParams", file_format, period)),
            bank, "FDL")
        if first.status.ends_transaction:
            return Answer(transaction_id=first.transaction_id,
                          return_code=first.body_return_code or first.header_return_code)
        transaction_id, segments, response = first.transaction_id, [first.order_data or ""], first
        while not response.last_segment:
            response = _answer(transport, _phase(ctx, keys, transaction_id, "Transfer", segment=len(segments) + 1),
                               bank, "FDL")
            segments.append(response.order_data or "")
        data = open_order_data("".join(segments), first.transaction_key_encrypted, keys.encryption)
        try:
            accepted = bool(receive(data))
        except BaseException:
            _answer(transport, _phase(ctx, keys, transaction_id, "Receipt", receipt=False), bank, "FDL")
            raise
        _answer(transport, _phase(ctx, keys, transaction_id, "Receipt", receipt=accepted), bank, "FDL")
        return Answer(transaction_id=transaction_id, return_code="000000", data=data)

    return engine_call(run)
