"""The AS2 partner's record of a customer (``Customer.edi`` with ``transport = "as2"``): its fields and their checks.

The AS2 transport itself is :mod:`guichet.connectors.delivery_edi.as2`; this module only judges
what firm staff typed (the address also goes through the outbound policy, in
:func:`guichet.core.sales.customers.clean`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

#: The partner's fields in ``Customer.edi`` (transport "as2").
FIELDS = ("as2_url", "as2_id", "as2_certificate", "as2_sign", "as2_encrypt", "as2_encryption", "as2_compress",
          "as2_digest", "as2_mdn", "as2_mdn_signed")
BOOLEANS = {"as2_sign": True, "as2_encrypt": True, "as2_compress": False, "as2_mdn_signed": True}
DIGESTS = ("sha256", "sha384", "sha512", "sha1")
ENCRYPTIONS = ("aes_256_cbc", "aes_192_cbc", "aes_128_cbc", "tripledes_192_cbc")
MDN_MODES = ("sync", "async")


def check_as2_id(value: str) -> str:
    """An AS2 identifier: 1 to 128 printable ASCII characters (RFC 4130 §6.2); raises ValueError."""
    if not value or len(value) > 128 or any(not 32 < ord(c) < 127 for c in value.replace(" ", "!")):
        msg = "identifiant AS2 invalide (1 à 128 caractères ASCII imprimables)"
        raise ValueError(msg)
    return value


def clean_partner(edi: dict[str, Any]) -> dict[str, Any]:
    """Check the AS2 fields of a customer's EDI record (in place); raises ValueError (French)."""
    from cryptography import x509

    for name, default in BOOLEANS.items():
        value = edi.get(name, default)
        edi[name] = value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "oui", "on", "yes")
    if not edi.get("as2_url") or not edi.get("as2_id") or not edi.get("as2_certificate"):
        msg = "AS2 : adresse, identifiant AS2 et certificat du partenaire requis"
        raise ValueError(msg)
    parts = urlsplit(str(edi["as2_url"]))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        msg = "AS2 : adresse http(s):// du serveur du partenaire attendue"
        raise ValueError(msg)
    edi["as2_id"] = check_as2_id(str(edi["as2_id"]).strip())
    try:
        cert = x509.load_pem_x509_certificate(str(edi["as2_certificate"]).strip().encode())
    except ValueError:
        msg = "AS2 : certificat du partenaire illisible (PEM attendu)"
        raise ValueError(msg) from None
    if cert.not_valid_after_utc < dt.datetime.now(dt.UTC):
        msg = "AS2 : le certificat du partenaire a expiré"
        raise ValueError(msg)
    edi["as2_certificate"] = str(edi["as2_certificate"]).strip()
    for name, allowed, default in (("as2_digest", DIGESTS, "sha256"), ("as2_encryption", ENCRYPTIONS, "aes_256_cbc"),
                                   ("as2_mdn", MDN_MODES, "sync")):
        edi[name] = str(edi.get(name) or default).lower()
        if edi[name] not in allowed:
            msg = f"AS2 : {name[4:]} parmi {', '.join(allowed)}"
            raise ValueError(msg)
    return edi


def missing(edi: dict[str, Any]) -> list[str]:
    """What the partner's record lacks (French)."""
    lacks = []
    if not (edi.get("as2_url") and edi.get("as2_id")):
        lacks.append("point d'échange AS2 (adresse, identifiant AS2 du partenaire)")
    if not edi.get("as2_certificate"):
        lacks.append("certificat AS2 du partenaire")
    return lacks
