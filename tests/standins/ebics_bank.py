"""Stand-in of a bank's EBICS 3.0 (H005) or 2.5 (H004) server, as the specifications publish them, with real crypto.

Written from the EBICS 3.0 specification (key management, transaction phases, annex "return codes")
with ``cryptography`` and ``lxml`` only: nothing is shared with the client's engine, so a test that
passes proves the two agree on the wire, not that one library agrees with itself.

What it does, on one URL (``POST /ebicsweb``):

- ``ebicsUnsecuredRequest`` INI (``SignaturePubKeyOrderData``, S002) and HIA (``HIARequestOrderData``):
  the subscriber's certificates, order data base64 of zlib; a subscriber not in the contract gets
  091003, a second INI/HIA 091004. The subscriber is active only once the bank "read the letter":
  :meth:`EbicsBankStandIn.activate` (before that every signed request gets 091002).
- ``ebicsNoPubKeyDigestsRequest`` HPB: X002 signature checked (061001 when wrong), the bank's
  X002/E002 certificates returned encrypted (E002) to the subscriber's encryption key.
- ``ebicsRequest``, three phases:
  Initialisation (X002 signature, nonce replay 091103, ``BankPubKeyDigests`` 091008, HostID 091011),
  Transfer (segments, ``lastSegment``), Receipt (``ReceiptCode`` 0 → 011000 and the data is
  delivered, 1 → 011001 and it is offered again). BTU decrypts the order data (AES-128-CBC, zero IV,
  X9.23 padding, key under RSA PKCS#1 v1.5), checks ``DataDigest`` (SHA-256 of the order data without CR,
  LF and Ctrl-Z, the EBICS 2.x rule that servers still apply) and
  the A006 signature (RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32, over the digest as the message, as
  the reference clients sign), 091301 when it fails. BTD answers 090005 when nothing waits, otherwise
  a ZIP of the waiting files in segments of ``segment_size`` base64 characters.
- Every ``ebicsResponse`` is signed with the bank's X002 key (authenticate="true" nodes, inclusive C14N).
- Faults: ``drop_connections = n`` closes the next n connections without an answer (the request is not
  read by the bank); ``drop_answers = n`` processes the next n requests, then closes without answering (the
  bank acted on them, the client never learns it).
- Schemas: when the official XSDs are in ``shared/specs/ebics-h005`` (never committed, see its README),
  every request, every order data and every answer is validated against them; what fails is listed in
  ``schema_errors`` (the tests expect it empty).
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import functools
import hashlib
import io
import secrets
import zipfile
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.x509.oid import NameOID
from lxml import etree

from standins.base import StandIn

H005 = "urn:org:ebics:H005"
S002 = "http://www.ebics.org/S002"
H004 = "urn:org:ebics:H004"
S001 = "http://www.ebics.org/S001"
DS = "http://www.w3.org/2000/09/xmldsig#"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
NS = {"e": H005, "ds": DS, "s": S002}
SPECS = Path(__file__).resolve().parents[2] / ".." / "shared" / "specs"
SCHEMA_FILES = {"H005": ("ebics-h005", "ebics_H005.xsd", "ebics_signature_S002.xsd"),
                "H004": ("ebics-h004", "ebics_H004.xsd", "ebics_signatures.xsd")}


@functools.cache
def schemas(version: str = "H005") -> tuple[etree.XMLSchema, etree.XMLSchema] | None:
    """The protocol schema and the signature schema of ``version`` (S002 / S001), when they are there."""
    folder, protocol, signature = SCHEMA_FILES[version]
    if not (SPECS / folder / protocol).exists():
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return tuple(etree.XMLSchema(etree.parse(str(SPECS / folder / name), parser)) for name in (protocol, signature))


def key_fingerprint(key: rsa.RSAPublicKey) -> str:
    """EBICS 2.5: the SHA-256 of "exponent modulus" in lower-case hex without leading zeros, hex."""
    numbers = key.public_numbers()
    return hashlib.sha256(f"{numbers.e:x} {numbers.n:x}".encode()).hexdigest()


def _rsa_value(parent: etree._Element, key: rsa.RSAPublicKey) -> None:
    numbers = key.public_numbers()
    value = etree.SubElement(parent, f"{{{DS}}}RSAKeyValue")
    for name, number in (("Modulus", numbers.n), ("Exponent", numbers.e)):
        etree.SubElement(value, f"{{{DS}}}{name}").text = base64.b64encode(
            number.to_bytes((number.bit_length() + 7) // 8, "big")).decode()


def _read_rsa_value(element: etree._Element) -> rsa.RSAPublicKey:
    modulus, exponent = (int.from_bytes(base64.b64decode(element.findtext(f"{{{DS}}}{name}") or ""), "big")
                         for name in ("Modulus", "Exponent"))
    return rsa.RSAPublicNumbers(exponent, modulus).public_key()
TEXTS = {"000000": "[EBICS_OK] OK", "011000": "[EBICS_DOWNLOAD_POSTPROCESS_DONE] Positive acknowledgement received",
         "011001": "[EBICS_DOWNLOAD_POSTPROCESS_SKIPPED] Negative acknowledgement received",
         "061001": "[EBICS_AUTHENTICATION_FAILED] Authentication signature error",
         "090005": "[EBICS_NO_DOWNLOAD_DATA_AVAILABLE] No data are available at present for the selected download order type",
         "091002": "[EBICS_INVALID_USER_OR_USER_STATE] Subscriber unknown or subscriber state inadmissible",
         "091003": "[EBICS_USER_UNKNOWN] Subscriber unknown",
         "091004": "[EBICS_INVALID_USER_STATE] Subscriber state inadmissible",
         "091006": "[EBICS_UNSUPPORTED_ORDER_TYPE] Order type not supported",
         "091008": "[EBICS_BANK_PUBKEY_UPDATE_REQUIRED] Bank key update required",
         "091010": "[EBICS_INVALID_XML] XML invalid according to schema",
         "091011": "[EBICS_INVALID_HOST_ID] Invalid host ID",
         "091101": "[EBICS_TX_UNKNOWN_TXID] Transaction ID unknown",
         "091103": "[EBICS_TX_MESSAGE_REPLAY] Message replay",
         "091301": "[EBICS_SIGNATURE_VERIFICATION_FAILED] Verification of the electronic signature failed"}


def _certificate(key: rsa.RSAPrivateKey, name: str, usage: str) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    flags = dict.fromkeys(("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                           "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"), False)
    flags[usage] = True
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365)).add_extension(x509.KeyUsage(**flags), critical=True)
            .sign(key, hashes.SHA256()))


@functools.cache
def _bank_keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    """The bank's X002 and E002 private keys, made once per test process (RSA 2048 is slow to generate)."""
    return tuple(rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def fingerprint(certificate: x509.Certificate) -> str:
    """The SHA-256 of the certificate (DER), hex: what an EBICS 3.0 letter prints."""
    return hashlib.sha256(_der(certificate)).hexdigest()


def _aes(key: bytes, data: bytes, *, decrypt: bool = False) -> bytes:
    cipher = Cipher(algorithms.AES(key), modes.CBC(bytes(16)))
    if decrypt:
        engine = cipher.decryptor()
        plain = engine.update(data) + engine.finalize()
        return plain[:-plain[-1]]  # ANSI X9.23: the last byte counts the padding
    pad = 16 - len(data) % 16
    engine = cipher.encryptor()
    return engine.update(data + bytes(pad - 1) + bytes([pad])) + engine.finalize()


def _c14n(element: etree._Element) -> bytes:
    """Inclusive C14N of one element as in its document: every in-scope namespace declared on the apex.

    Serialised from a copy whose apex declares the element's whole ``nsmap`` (inclusive C14N keeps the unused
    declarations too): lxml's C14N of a sub-element in place writes a spurious ``xmlns=""`` on its
    default-namespace descendants.
    """
    apex = etree.Element(element.tag, attrib=dict(element.attrib), nsmap=element.nsmap)
    apex.text = element.text
    for child in element:
        apex.append(copy.deepcopy(child))
    return etree.tostring(apex, method="c14n", exclusive=False, with_comments=False)


def _authenticated_digest(root: etree._Element) -> bytes:
    nodes = root.xpath("//*[@authenticate='true']")
    return hashlib.sha256(b"".join(_c14n(node) for node in nodes)).digest()


def verify_auth_signature(root: etree._Element, key: rsa.RSAPublicKey) -> bool:
    """X002: the digest of the authenticated nodes, and the RSA PKCS#1 v1.5 signature of SignedInfo."""
    digest = root.xpath("//ds:SignedInfo/ds:Reference/ds:DigestValue/text()", namespaces=NS)
    value = root.xpath("//ds:SignatureValue/text()", namespaces=NS)
    info = root.xpath("//ds:SignedInfo", namespaces=NS)
    if not digest or not value or not info:
        return False
    if base64.b64decode(digest[0]) != _authenticated_digest(root):
        return False
    try:
        key.verify(base64.b64decode("".join(value[0].split())), _c14n(info[0]),
                                        padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def _sign(root: etree._Element, key: rsa.RSAPrivateKey) -> None:
    header = root.find("{*}header")
    auth = etree.Element(etree.QName(etree.QName(root).namespace, "AuthSignature"))
    header.addnext(auth)
    info = etree.SubElement(auth, f"{{{DS}}}SignedInfo")
    etree.SubElement(info, f"{{{DS}}}CanonicalizationMethod", Algorithm=C14N)
    etree.SubElement(info, f"{{{DS}}}SignatureMethod", Algorithm=RSA_SHA256)
    reference = etree.SubElement(info, f"{{{DS}}}Reference", URI="#xpointer(//*[@authenticate='true'])")
    transforms = etree.SubElement(reference, f"{{{DS}}}Transforms")
    etree.SubElement(transforms, f"{{{DS}}}Transform", Algorithm=C14N)
    etree.SubElement(reference, f"{{{DS}}}DigestMethod", Algorithm=SHA256)
    etree.SubElement(reference, f"{{{DS}}}DigestValue").text = base64.b64encode(
        _authenticated_digest(root)).decode()
    signature = key.sign(_c14n(info), padding.PKCS1v15(), hashes.SHA256())
    etree.SubElement(auth, f"{{{DS}}}SignatureValue").text = base64.b64encode(signature).decode()


def _sub(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, etree.QName(etree.QName(parent).namespace, name), **attributes)
    if text is not None:
        element.text = text
    return element


def _text(root: etree._Element, path: str, namespaces: dict[str, str] | None = None) -> str | None:
    found = root.xpath(path, namespaces=namespaces or NS)
    if not found:
        return None
    value = found[0] if isinstance(found[0], str) else found[0].text
    return (value or "").strip() or None


@dataclass
class Subscriber:
    partner_id: str
    user_id: str
    signature: x509.Certificate | None = None  # H005: the certificates; H004: None
    authentication: x509.Certificate | None = None
    encryption: x509.Certificate | None = None
    signature_key: rsa.RSAPublicKey | None = None
    authentication_key: rsa.RSAPublicKey | None = None
    encryption_key: rsa.RSAPublicKey | None = None
    active: bool = False


@dataclass
class Transaction:
    subscriber: Subscriber
    kind: str
    order_id: str
    msg_name: str = ""
    num_segments: int = 1
    segments: list[str] = field(default_factory=list)
    transaction_key: bytes = b""
    signature_data: str = ""
    digest: bytes = b""
    file_name: str | None = None
    files: list[tuple[str, bytes]] = field(default_factory=list)
    done: bool = False


class EbicsHandler(BaseHTTPRequestHandler):
    standin: EbicsBankStandIn

    def do_POST(self) -> None:
        s = self.standin
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with s.lock:
            if s.drop_connections > 0:
                s.drop_connections -= 1
                s.dropped += 1
                self.close_connection = True
                return  # no answer at all: the client sees the connection cut
            try:
                answer = s.answer(body)
            except etree.XMLSyntaxError:
                answer = s.key_management_response("091010")
            s.check(answer, f"réponse {etree.QName(answer).localname}")
            if s.drop_answers > 0:  # the request was processed, its answer is lost on the way back
                s.drop_answers -= 1
                s.dropped += 1
                self.close_connection = True
                return
        data = etree.tostring(answer, xml_declaration=True, encoding="UTF-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class EbicsBankStandIn(StandIn):
    """The bank. ``contract``: the (partner, user) pairs the bank knows; ``statements``: files waiting by message."""

    handler = EbicsHandler

    def __init__(self, host_id: str = "GUICHETBK", contract: tuple[tuple[str, str], ...] = (("PARTNER1", "USER1"),),
                 segment_size: int = 1_048_576, version: str = "H005") -> None:
        super().__init__()
        import threading

        self.lock = threading.RLock()
        self.version = version
        self.h004 = version == "H004"
        self.ns = H004 if self.h004 else H005
        self.nsmap = {"e": self.ns, "ds": DS, "s": S001 if self.h004 else S002}
        self.host_id = host_id
        self.segment_size = segment_size
        self.auth_key, self.enc_key = _bank_keys()
        self.auth_cert = _certificate(self.auth_key, f"{host_id} X002", "digital_signature")
        self.enc_cert = _certificate(self.enc_key, f"{host_id} E002", "key_encipherment")
        self.subscribers = {(p, u): Subscriber(p, u) for p, u in contract}
        self.transactions: dict[str, Transaction] = {}
        self.nonces: set[str] = set()
        self.uploads: list[dict] = []
        self.statements: dict[str, list[tuple[str, bytes]]] = {}
        self.drop_connections = 0
        self.drop_answers = 0
        self.dropped = 0
        self.handled = 0
        self.orders = 0
        self.schema_errors: list[str] = []
        self.validated = 0

    def check(self, element: etree._Element, what: str) -> None:
        """Validate ``element`` against the official schema of its namespace (when the XSDs are there)."""
        found = schemas(self.version)
        if found is None:
            return
        schema = found[1] if etree.QName(element).namespace in (S001, S002) else found[0]
        document = etree.fromstring(etree.tostring(element))
        self.validated += 1
        if not schema.validate(document):
            self.schema_errors.append(f"{what}: {schema.error_log[0].message}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ebicsweb"

    def activate(self, partner_id: str = "PARTNER1", user_id: str = "USER1") -> None:
        """The bank received the signed letters and compared them: the subscriber may work."""
        self.subscribers[(partner_id, user_id)].active = True

    def letter(self) -> dict[str, str]:
        """The bank's own letter: the fingerprints of its X002 and E002 keys (certificates; H004: the keys)."""
        if self.h004:
            return {"X002": key_fingerprint(self.auth_key.public_key()),
                    "E002": key_fingerprint(self.enc_key.public_key())}
        return {"X002": fingerprint(self.auth_cert), "E002": fingerprint(self.enc_cert)}

    def subscriber_fingerprints(self, partner_id: str = "PARTNER1", user_id: str = "USER1") -> dict[str, str]:
        """What the subscriber's letter must print for the keys the bank received by INI and HIA."""
        found = self.subscribers[(partner_id, user_id)]
        if self.h004:
            return {"A006": key_fingerprint(found.signature_key), "X002": key_fingerprint(found.authentication_key),
                    "E002": key_fingerprint(found.encryption_key)}
        return {"A006": fingerprint(found.signature), "X002": fingerprint(found.authentication),
                "E002": fingerprint(found.encryption)}

    def _t(self, root: etree._Element, path: str) -> str | None:
        return _text(root, path, self.nsmap)

    def _key_digest(self, key: rsa.RSAPublicKey, certificate: x509.Certificate | None) -> str:
        """A key's digest in ``BankPubKeyDigests``/``EncryptionPubKeyDigest``: over the certificate (H005) or
        over "exponent modulus" (H004)."""
        raw = bytes.fromhex(key_fingerprint(key)) if self.h004 else hashlib.sha256(_der(certificate)).digest()
        return base64.b64encode(raw).decode()

    def queue(self, msg_name: str, name: str, data: bytes) -> None:
        """A file waiting for download (``camt.053``, ``camt.054``)."""
        self.statements.setdefault(msg_name, []).append((name, data))

    # --- envelopes ------------------------------------------------------------------------

    def _order_id(self) -> str:
        self.orders += 1
        return f"A{self.orders:03d}"

    def key_management_response(self, code: str, *, order_id: str | None = None,
                                data_transfer: etree._Element | None = None) -> etree._Element:
        root = etree.Element(f"{{{self.ns}}}ebicsKeyManagementResponse", nsmap={None: self.ns, "ds": DS},
                             Version=self.version, Revision="1")
        header = _sub(root, "header", authenticate="true")
        _sub(header, "static")
        mutable = _sub(header, "mutable")
        if order_id:
            _sub(mutable, "OrderID", order_id)
        _sub(mutable, "ReturnCode", "000000" if code.startswith("09000") or code.startswith("0913") else code)
        _sub(mutable, "ReportText", TEXTS.get(code, code))
        body = _sub(root, "body")
        if data_transfer is not None:
            body.append(data_transfer)
        _sub(body, "ReturnCode", code, authenticate="true")
        return root

    def response(self, *, technical: str = "000000", business: str = "000000", transaction_id: str | None = None,
                 phase: str = "Initialisation", num_segments: int | None = None, segment: int | None = None,
                 last: bool = False, order_id: str | None = None,
                 data_transfer: etree._Element | None = None) -> etree._Element:
        root = etree.Element(f"{{{self.ns}}}ebicsResponse", nsmap={None: self.ns, "ds": DS}, Version=self.version,
                             Revision="1")
        header = _sub(root, "header", authenticate="true")
        static = _sub(header, "static")
        if transaction_id:
            _sub(static, "TransactionID", transaction_id)
        if num_segments is not None:
            _sub(static, "NumSegments", str(num_segments))
        mutable = _sub(header, "mutable")
        _sub(mutable, "TransactionPhase", phase)
        if segment is not None:
            _sub(mutable, "SegmentNumber", str(segment), lastSegment="true" if last else "false")
        if order_id:
            _sub(mutable, "OrderID", order_id)
        _sub(mutable, "ReturnCode", technical)
        _sub(mutable, "ReportText", TEXTS.get(technical, technical))
        body = _sub(root, "body")
        if data_transfer is not None:
            body.append(data_transfer)
        _sub(body, "ReturnCode", business, authenticate="true")
        _sign(root, self.auth_key)
        return root

    def _data_transfer(self, subscriber: Subscriber, transaction_key: bytes | None, order_data: str) -> etree._Element:
        transfer = etree.Element(f"{{{self.ns}}}DataTransfer")
        if transaction_key is not None:
            info = _sub(transfer, "DataEncryptionInfo", authenticate="true")
            _sub(info, "EncryptionPubKeyDigest", self._key_digest(subscriber.encryption_key, subscriber.encryption),
                 Version="E002", Algorithm=SHA256)
            wrapped = subscriber.encryption_key.encrypt(transaction_key, padding.PKCS1v15())
            _sub(info, "TransactionKey", base64.b64encode(wrapped).decode())
        _sub(transfer, "OrderData", order_data)
        return transfer

    # --- dispatch -------------------------------------------------------------------------

    def answer(self, body: bytes) -> etree._Element:
        self.handled += 1
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
        kind = etree.QName(root).localname
        self.check(root, f"requête {kind}")
        host = self._t(root, "/*/e:header/e:static/e:HostID")
        if kind == "ebicsUnsecuredRequest":
            return self._unsecured(root) if host == self.host_id else self.key_management_response("091011")
        if kind == "ebicsNoPubKeyDigestsRequest":
            return self._hpb(root) if host == self.host_id else self.key_management_response("091011")
        if kind == "ebicsRequest":
            if host != self.host_id:
                return self.response(technical="091011")
            return self._request(root)
        return self.key_management_response("091010")

    def _subscriber(self, root: etree._Element) -> Subscriber | None:
        return self.subscribers.get((self._t(root, "/*/e:header/e:static/e:PartnerID") or "",
                                     self._t(root, "/*/e:header/e:static/e:UserID") or ""))

    def _unsecured(self, root: etree._Element) -> etree._Element:
        subscriber = self._subscriber(root)
        if subscriber is None:
            return self.key_management_response("091003")
        order_type = self._order_type(root)
        payload = etree.fromstring(zlib.decompress(base64.b64decode(
            self._t(root, "/*/e:body/e:DataTransfer/e:OrderData") or "")))
        self.check(payload, f"données {order_type}")

        def key(info: str) -> tuple[rsa.RSAPublicKey, x509.Certificate | None]:
            """H005: the certificate; H004: ``PubKeyValue/ds:RSAKeyValue``."""
            if self.h004:
                return _read_rsa_value(payload.xpath(f"{info}/*[local-name()='PubKeyValue']/ds:RSAKeyValue",
                                                     namespaces=self.nsmap)[0]), None
            certificate = x509.load_der_x509_certificate(base64.b64decode(
                _text(payload, f"{info}/ds:X509Data/ds:X509Certificate", self.nsmap) or ""))
            return certificate.public_key(), certificate

        if order_type == "INI":
            if subscriber.signature_key is not None:
                return self.key_management_response("091004")
            if self._t(payload, "/s:SignaturePubKeyOrderData/s:SignaturePubKeyInfo/s:SignatureVersion") != "A006":
                return self.key_management_response("091201")
            subscriber.signature_key, subscriber.signature = key("/s:SignaturePubKeyOrderData/s:SignaturePubKeyInfo")
        elif order_type == "HIA":
            if subscriber.authentication_key is not None:
                return self.key_management_response("091004")
            subscriber.authentication_key, subscriber.authentication = key(
                "/e:HIARequestOrderData/e:AuthenticationPubKeyInfo")
            subscriber.encryption_key, subscriber.encryption = key("/e:HIARequestOrderData/e:EncryptionPubKeyInfo")
        else:
            return self.key_management_response("091006")
        return self.key_management_response("000000", order_id=self._order_id())

    def _hpb(self, root: etree._Element) -> etree._Element:
        subscriber = self._subscriber(root)
        if subscriber is None or not subscriber.active or subscriber.authentication_key is None:
            return self.key_management_response("091002")
        if not verify_auth_signature(root, subscriber.authentication_key):
            return self.key_management_response("061001")
        order = etree.Element(f"{{{self.ns}}}HPBResponseOrderData", nsmap={None: self.ns, "ds": DS})
        for role, version, certificate in (("Authentication", "X002", self.auth_cert),
                                           ("Encryption", "E002", self.enc_cert)):
            info = _sub(order, f"{role}PubKeyInfo")
            if self.h004:
                _rsa_value(_sub(info, "PubKeyValue"), certificate.public_key())
            else:
                x509_data = etree.SubElement(info, f"{{{DS}}}X509Data")
                etree.SubElement(x509_data, f"{{{DS}}}X509Certificate").text = base64.b64encode(
                    _der(certificate)).decode()
            _sub(info, f"{role}Version", version)
        _sub(order, "HostID", self.host_id)
        self.check(order, "données HPB")
        key = secrets.token_bytes(16)
        data = base64.b64encode(_aes(key, zlib.compress(etree.tostring(order, xml_declaration=True,
                                                                       encoding="UTF-8")))).decode()
        return self.key_management_response("000000", data_transfer=self._data_transfer(subscriber, key, data))

    def _request(self, root: etree._Element) -> etree._Element:
        phase = self._t(root, "/*/e:header/e:mutable/e:TransactionPhase")
        if phase == "Initialisation":
            subscriber = self._subscriber(root)
            if subscriber is None or not subscriber.active or subscriber.authentication_key is None:
                return self.response(technical="091002")
            if not verify_auth_signature(root, subscriber.authentication_key):
                return self.response(technical="061001")
            nonce = self._t(root, "/*/e:header/e:static/e:Nonce") or ""
            if nonce in self.nonces:
                return self.response(technical="091103")
            self.nonces.add(nonce)
            digests = {node.get("Version"): node.text for node in
                       root.xpath("/*/e:header/e:static/e:BankPubKeyDigests/*", namespaces=self.nsmap)}
            expected = {"X002": self._key_digest(self.auth_key.public_key(), self.auth_cert),
                        "E002": self._key_digest(self.enc_key.public_key(), self.enc_cert)}
            if digests != expected:
                return self.response(technical="091008")
            order_type = self._order_type(root)
            if order_type in ("BTU", "FUL"):
                return self._upload_init(root, subscriber)
            if order_type in ("BTD", "FDL"):
                return self._download_init(root, subscriber)
            return self.response(technical="091006")
        transaction_id = self._t(root, "/*/e:header/e:static/e:TransactionID") or ""
        tx = self.transactions.get(transaction_id)
        if tx is None or tx.done:
            return self.response(technical="091101", phase=phase or "Transfer")
        if not verify_auth_signature(root, tx.subscriber.authentication_key):
            return self.response(technical="061001", phase=phase or "Transfer")
        if phase == "Transfer" and tx.kind == "BTU":
            return self._upload_segment(root, transaction_id, tx)
        if phase == "Transfer":
            number = int(self._t(root, "/*/e:header/e:mutable/e:SegmentNumber") or 0)
            return self._download_segment(transaction_id, tx, number)
        if phase == "Receipt" and tx.kind == "BTD":
            tx.done = True
            if self._t(root, "/*/e:body/e:TransferReceipt/e:ReceiptCode") == "0":
                waiting = self.statements.get(tx.msg_name, [])
                self.statements[tx.msg_name] = [f for f in waiting if f not in tx.files]
                return self.response(technical="011000", phase="Receipt", transaction_id=transaction_id)
            return self.response(technical="011001", phase="Receipt", transaction_id=transaction_id)
        return self.response(technical="091010", phase=phase or "Transfer")

    def _order_type(self, root: etree._Element) -> str | None:
        return self._t(root, "/*/e:header/e:static/e:OrderDetails/e:" + ("OrderType" if self.h004 else "AdminOrderType"))

    def _msg_name(self, root: etree._Element, h005: str, h004: str) -> str:
        """The message asked for: H005 ``Service/MsgName``; H004 the ``FileFormat`` (``camt.053.001.08`` → camt.053)."""
        if self.h004:
            return (self._t(root, f"//e:{h004}/e:FileFormat") or "")[:8]
        return self._t(root, f"//e:{h005}/e:Service/e:MsgName") or ""

    # --- upload ---------------------------------------------------------------------------

    def _upload_init(self, root: etree._Element, subscriber: Subscriber) -> etree._Element:
        wrapped = base64.b64decode(self._t(root, "//e:DataTransfer/e:DataEncryptionInfo/e:TransactionKey") or "")
        key = self.enc_key.decrypt(wrapped, padding.PKCS1v15())
        tx = Transaction(subscriber=subscriber, kind="BTU", order_id=self._order_id(),
                         msg_name=self._msg_name(root, "BTUOrderParams", "FULOrderParams"),
                         num_segments=int(self._t(root, "/*/e:header/e:static/e:NumSegments") or 1),
                         transaction_key=key, signature_data=self._t(root, "//e:DataTransfer/e:SignatureData") or "",
                         digest=base64.b64decode(self._t(root, "//e:DataTransfer/e:DataDigest") or ""),
                         file_name=root.xpath("string(//e:BTUOrderParams/@fileName)", namespaces=self.nsmap) or None)
        transaction_id = secrets.token_hex(16).upper()
        self.transactions[transaction_id] = tx
        return self.response(transaction_id=transaction_id, order_id=tx.order_id)

    def _upload_segment(self, root: etree._Element, transaction_id: str, tx: Transaction) -> etree._Element:
        segment = root.xpath("/*/e:header/e:mutable/e:SegmentNumber", namespaces=self.nsmap)[0]
        tx.segments.append(self._t(root, "/*/e:body/e:DataTransfer/e:OrderData") or "")
        if segment.get("lastSegment") != "true":
            return self.response(transaction_id=transaction_id, phase="Transfer", segment=int(segment.text),
                                 order_id=tx.order_id)
        tx.done = True
        data = zlib.decompress(_aes(tx.transaction_key, base64.b64decode("".join(tx.segments)), decrypt=True))
        signature_document = etree.fromstring(zlib.decompress(_aes(tx.transaction_key, base64.b64decode(
            tx.signature_data), decrypt=True)))
        self.check(signature_document, "signature A006 (UserSignatureData)")
        value = base64.b64decode(self._t(signature_document, "//s:OrderSignatureData/s:SignatureValue") or "")
        # The EBICS 2.x rule, which servers still apply: CR, LF and Ctrl-Z are left out of the hash. H004 has no
        # DataDigest: the digest is the bank's own.
        digest = hashlib.sha256(data.translate(None, b"\r\n\x1a")).digest()
        verified = self.h004 or digest == tx.digest
        tx.digest = digest
        try:
            tx.subscriber.signature_key.verify(
                value, tx.digest, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
        except InvalidSignature:
            verified = False
        if not verified:
            return self.response(business="091301", transaction_id=transaction_id, phase="Transfer",
                                 segment=int(segment.text), last=True, order_id=tx.order_id)
        self.uploads.append({"order_id": tx.order_id, "msg_name": tx.msg_name, "file_name": tx.file_name,
                             "data": data, "segments": len(tx.segments), "partner_id": tx.subscriber.partner_id})
        return self.response(transaction_id=transaction_id, phase="Transfer", segment=int(segment.text), last=True,
                             order_id=tx.order_id)

    # --- download -------------------------------------------------------------------------

    def _download_init(self, root: etree._Element, subscriber: Subscriber) -> etree._Element:
        msg_name = self._msg_name(root, "BTDOrderParams", "FDLOrderParams")
        files = list(self.statements.get(msg_name, []))
        if not files:
            return self.response(business="090005")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files:
                archive.writestr(name, data)
        key = secrets.token_bytes(16)
        encoded = base64.b64encode(_aes(key, zlib.compress(buffer.getvalue()))).decode()
        segments = [encoded[i:i + self.segment_size] for i in range(0, len(encoded), self.segment_size)]
        tx = Transaction(subscriber=subscriber, kind="BTD", order_id=self._order_id(), msg_name=msg_name,
                         num_segments=len(segments), segments=segments, transaction_key=key, files=files)
        transaction_id = secrets.token_hex(16).upper()
        self.transactions[transaction_id] = tx
        return self.response(transaction_id=transaction_id, num_segments=len(segments), segment=1,
                             last=len(segments) == 1, order_id=tx.order_id,
                             data_transfer=self._data_transfer(subscriber, key, segments[0]))

    def _download_segment(self, transaction_id: str, tx: Transaction, number: int) -> etree._Element:
        if not 1 <= number <= tx.num_segments:
            return self.response(technical="091104", phase="Transfer", transaction_id=transaction_id)
        return self.response(transaction_id=transaction_id, phase="Transfer", segment=number,
                             last=number == tx.num_segments,
                             data_transfer=self._data_transfer(tx.subscriber, None, tx.segments[number - 1]))
