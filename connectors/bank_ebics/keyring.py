"""The subscriber's keys (A006, X002, E002) and the bank's (X002, E002), as stored on an access.

The private keys never leave the database unsealed: they are kept as one JSON document encrypted
with the connector key (:mod:`guichet.core.connector_vault`, the company's vault), never in a file a
client could pick. The bank's keys are public certificates, stored as base64 DER.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from guichet.core import connector_vault
from guichet.connectors.bank_ebics.messages import EbicsFailure

if TYPE_CHECKING:
    from painfree.ebics3 import EbicsKey

    from guichet.core.model.ebics_models import EbicsAccess
    from guichet.core.settings import Settings

SIGNATURE, AUTHENTICATION, ENCRYPTION = "A006", "X002", "E002"


@dataclass(frozen=True)
class Keys:
    """The subscriber's three key pairs."""

    signature: EbicsKey
    authentication: EbicsKey
    encryption: EbicsKey


@dataclass(frozen=True)
class BankKeys:
    """The bank's two public keys (from HPB)."""

    authentication: EbicsKey
    encryption: EbicsKey


def generate(common_name: str, organisation: str) -> Keys:
    """Three fresh RSA-2048 keys, each in the self-signed certificate EBICS 3.0 requires."""
    from painfree.ebics3 import EbicsKey, subject_name

    subject = subject_name(common_name[:64], organisation[:64] or None, "FR")
    return Keys(*(EbicsKey.generate(version, subject=subject) for version in (SIGNATURE, AUTHENTICATION,
                                                                               ENCRYPTION)))


def _der(key: EbicsKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding

    return base64.b64encode(key.certificate.public_bytes(Encoding.DER)).decode("ascii")


def seal(settings: Settings, keys: Keys) -> str:
    """The keys as the sealed text kept in :attr:`EbicsAccess.keys`."""
    document = {key.version.value: {"private": key.private_pem().decode("ascii"), "certificate": _der(key)}
                for key in (keys.signature, keys.authentication, keys.encryption)}
    return connector_vault.encrypt_text(settings, json.dumps(document))[connector_vault.ENCRYPTED]


def open_keys(settings: Settings, access: EbicsAccess) -> Keys:
    """The subscriber's keys of ``access`` (decrypted for the exchange only)."""
    from painfree.ebics3 import EbicsKey, load_certificate

    if not access.keys:
        msg = "aucune clé pour cet accès EBICS"
        raise EbicsFailure(msg)
    document = json.loads(connector_vault.decrypt_value(settings, {connector_vault.ENCRYPTED: access.keys}))
    found = []
    for version in (SIGNATURE, AUTHENTICATION, ENCRYPTION):
        entry = document[version]
        certificate = load_certificate(base64.b64decode(entry["certificate"]))
        found.append(EbicsKey.from_private_pem(version, entry["private"].encode("ascii"), certificate=certificate))
    return Keys(*found)


def bank_document(keys: BankKeys) -> dict[str, dict[str, str | None]]:
    """The bank's keys as stored in :attr:`EbicsAccess.bank_keys`: the public key, and its certificate (H005)."""
    return {key.version.value: {"public": key.public_pem().decode("ascii"),
                                "certificate": _der(key) if key.certificate is not None else None}
            for key in (keys.authentication, keys.encryption)}


def bank_keys(access: EbicsAccess) -> BankKeys:
    """The bank's keys of ``access`` (only once a person confirmed them, see :mod:`.service`)."""
    from painfree.ebics3 import EbicsKey

    stored = access.bank_keys or {}
    if AUTHENTICATION not in stored or ENCRYPTION not in stored:
        msg = "les clés de la banque n'ont pas encore été récupérées (HPB)"
        raise EbicsFailure(msg)

    def load(version: str) -> EbicsKey:
        entry = stored[version]
        if entry.get("certificate"):
            return EbicsKey.from_certificate(version, base64.b64decode(entry["certificate"]))
        return EbicsKey.from_public_pem(version, entry["public"].encode("ascii"))

    return BankKeys(load(AUTHENTICATION), load(ENCRYPTION))


def fingerprint(key: EbicsKey, version: str = "H005") -> str:
    """A key's SHA-256 fingerprint as the letters print it (hex pairs).

    EBICS 3.0 (H005): over the key's certificate; EBICS 2.5 (H004): over "exponent modulus" in hex.
    """
    from painfree.ebics3 import LetterDigest, format_fingerprint, ini_letter_hash

    digest = LetterDigest.PUBLIC_KEY if version == "H004" else LetterDigest.CERTIFICATE
    return format_fingerprint(ini_letter_hash(key, digest))
