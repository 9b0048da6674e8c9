"""AS2 (RFC 4130) transport of the EDI channel: the invoice's XML posted to the customer's AS2 server.

Built on pyas2lib (``Message.build`` / ``Mdn.parse``); crypto through oscrypto, made to load on
current OpenSSL by :mod:`guichet.connectors.delivery_edi.as2_oscrypto`.

**The partner** (``Customer.edi`` with ``transport = "as2"``, set by firm staff: it names a
server): ``as2_url`` (its receiving address, through the outbound policy), ``as2_id`` (its AS2
identifier), ``as2_certificate`` (its certificate, PEM: encrypts what we send and verifies its
MDNs), and its profile: ``as2_sign`` (sign, default yes), ``as2_encrypt`` (encrypt, default yes),
``as2_encryption`` (``aes_256_cbc`` by default, any of pyas2lib's), ``as2_compress`` (default
no), ``as2_digest`` (``sha256``), ``as2_mdn`` (``sync`` or ``async``) and ``as2_mdn_signed``
(a signed MDN required, default yes).

**Us**: each company has its own AS2 identity in its settings (``Company.settings["as2"]``):
``as2_id`` (``GUICHET-<SIREN>`` by default), ``certificate`` (PEM) and ``key`` (PEM, encrypted with
the connector key, :mod:`guichet.core.connector_vault`). It is created on first use (RSA 3072,
self-signed, 3 years) or imported (:func:`set_identity`); :func:`identity` gives it.

**The MDN** (the partner's signed receipt) is the proof of delivery: a positive MDN whose
signature verifies with the partner's certificate and whose ``Received-Content-MIC`` equals the
MIC of what we signed makes the delivery "remise". A negative MDN (the partner could not
decrypt, verify, or does not know us) is a refusal with its reason in French (the next
channel). An MDN that does not verify (tampered, unsigned when a signed one was asked, another
MIC) proves nothing either way: the partner took the post (HTTP 200) and probably has the
invoice, so it is :class:`~guichet.core.sales.channels.MaybeHanded`: retried on AS2 with the
same Message-ID, never sent by another channel. A synchronous MDN is the HTTP answer; an
asynchronous one is posted later to ``<web.public_url>/as2/mdn`` (:mod:`guichet.web.sales.as2`),
recorded only when it proves itself (signed, verified, ours: :func:`receive_async_mdn`) and
picked up by the delivery's next look (:func:`poll`), which gives up after
``distribution.as2_mdn_hours`` (an error for a person, not another channel).

**Never twice**: the Message-ID is derived from the delivery (``guichet-d<id>-<random>@<domain>``,
the random part so that nobody can name it before seeing it) and kept on it before the first
post; a retry after a lost answer posts the same Message-ID, which an AS2 server recognises as
a duplicate (``duplicate-document``: the partner has it already).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import socket
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from guichet.core.access import outbound
from guichet.core.connector_vault import decrypt_value, encrypt_text
from guichet.core.errors import OutboundRefused
from guichet.core.model import events
from guichet.core.model.models import db
from guichet.core.model.sales_models import DeliveryState
from guichet.core.sales.as2_partner import check_as2_id
from guichet.core.sales.as2_partner import missing  # noqa: F401 - the channel's check, with the transport
from guichet.core.sales.channels import ChannelUnavailable, DeliveryRefused, Handed, MaybeHanded

if TYPE_CHECKING:
    from types import ModuleType

    from guichet.core.model.models import Company
    from guichet.core.model.sales_models import Delivery
    from guichet.core.ops.runtime import Runtime
    from guichet.core.sales.channels import DeliveryJob
    from guichet.core.settings import Settings

log = logging.getLogger(__name__)

#: Where asynchronous MDNs are posted, under ``web.public_url``.
MDN_PATH = "/as2/mdn"
#: The event that records an asynchronous MDN received (the proof of delivery, in the audit trail).
MDN_EVENT = "delivery.as2_mdn"
#: Seconds between two looks at a delivery waiting for its asynchronous MDN.
ASYNC_RECHECK = 600

#: The partners' negative dispositions (RFC 4130 §7.4.3, RFC 3798), in French.
REFUSALS = {
    "authentication-failed": "le partenaire n'a pas pu vérifier notre signature (certificat du cabinet à lui transmettre)",
    "decryption-failed": "le partenaire n'a pas pu déchiffrer le message (son certificat enregistré n'est plus le bon)",
    "decompression-failed": "le partenaire n'a pas pu décompresser le message",
    "integrity-check-failed": "le partenaire a trouvé le message altéré (contrôle d'intégrité)",
    "insufficient-message-security": "le partenaire exige un message signé et chiffré (profil AS2 à revoir)",
    "unknown-trading-partner": "le partenaire ne connaît pas notre identifiant AS2 ou le sien est erroné",
    "unknown-trading-relationship": "le partenaire ne connaît pas notre identifiant AS2 ou le sien est erroné",
    "unexpected-processing-error": "erreur de traitement chez le partenaire",
    "invalid-certificate": "le partenaire refuse notre certificat",
}


def pyas2lib() -> ModuleType:
    """``pyas2lib.as2``, its crypto backend loaded (see :mod:`guichet.connectors.delivery_edi.as2_oscrypto`)."""
    # asn1crypto builds an OID name map's reverse once, at the first object of that type; the
    # names asn1crypto.tsp and asn1crypto.pdf add later (signing_certificate_v2…, which the PAdES
    # seal asks by name) would then be unknown for the whole process. pyas2lib builds CMS
    # attributes first in a worker that sends by AS2 before it seals: load those names before it.
    import asn1crypto.pdf
    import asn1crypto.tsp  # noqa: F401

    from guichet.connectors.delivery_edi import as2_oscrypto

    as2_oscrypto.ensure()
    from pyas2lib import as2

    return as2


# ---------------------------------------------------------------------------
# The company's AS2 identity
# ---------------------------------------------------------------------------


def new_identity(as2_id: str) -> tuple[str, str]:
    """A new RSA 3072 key (PEM) and its self-signed certificate for ``as2_id`` (PEM), valid 3 years."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, as2_id[:64])])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def default_id(company: Company) -> str:
    """Our AS2 identifier when none was set: ``GUICHET-<SIREN>`` (else the company id)."""
    return f"GUICHET-{company.siren or company.id}"


def identity(settings: Settings, company: Company, *, create: bool = True) -> dict[str, str] | None:
    """The company's AS2 identity ``{"as2_id", "certificate", "key"}`` (key in clear; never shown).

    Created (and stored, the key encrypted) on first use when ``create``; None otherwise.
    """
    stored = dict((company.settings or {}).get("as2") or {})
    if not (stored.get("key") and stored.get("certificate")):
        if not create:
            return None
        as2_id = str(stored.get("as2_id") or default_id(company))
        key_pem, cert_pem = new_identity(as2_id)
        _store(settings, company, as2_id, key_pem, cert_pem)
        return {"as2_id": as2_id, "certificate": cert_pem, "key": key_pem}
    return {"as2_id": str(stored.get("as2_id") or default_id(company)), "certificate": str(stored["certificate"]),
            "key": str(decrypt_value(settings, stored["key"]))}


def _store(settings: Settings, company: Company, as2_id: str, key_pem: str, cert_pem: str) -> None:
    with db.atomic():
        company_settings = dict(company.settings or {})
        company_settings["as2"] = {"as2_id": as2_id, "certificate": cert_pem, "key": encrypt_text(settings, key_pem)}
        company.settings = company_settings
        company.save()


def set_identity(settings: Settings, company: Company, *, as2_id: str | None = None, key_pem: str | None = None,
                 certificate_pem: str | None = None) -> dict[str, str]:
    """Set our AS2 identifier and/or import a key with its certificate (they must match); the identity."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    current = identity(settings, company, create=False) or {}
    as2_id = (as2_id or current.get("as2_id") or default_id(company)).strip()
    check_as2_id(as2_id)
    if key_pem or certificate_pem:
        if not (key_pem and certificate_pem):
            msg = "AS2 : la clé privée et son certificat vont ensemble"
            raise ValueError(msg)
        try:
            key = serialization.load_pem_private_key(key_pem.encode(), password=None)
            cert = x509.load_pem_x509_certificate(certificate_pem.encode())
        except ValueError as exc:
            raise ValueError(f"AS2 : clé ou certificat illisible ({exc})") from None
        if key.public_key().public_numbers() != cert.public_key().public_numbers():
            msg = "AS2 : le certificat n'est pas celui de cette clé"
            raise ValueError(msg)
        _store(settings, company, as2_id, key_pem, certificate_pem)
    elif current:
        _store(settings, company, as2_id, current["key"], current["certificate"])
    else:
        company.settings = {**(company.settings or {}), "as2": {"as2_id": as2_id}}
        company.save()
    return identity(settings, company) or {}


# ---------------------------------------------------------------------------
# Sending and the MDN
# ---------------------------------------------------------------------------


def _domain(settings: Settings) -> str:
    public = settings.get("web.public_url") or ""
    return urlsplit(public).hostname or socket.getfqdn() or "guichet.local"


def mdn_url(settings: Settings) -> str:
    """Where partners post asynchronous MDNs."""
    public = (settings.get("web.public_url") or "").rstrip("/")
    if not public:
        msg = "MDN asynchrone : l'adresse publique de Guichet (web.public_url) n'est pas configurée"
        raise DeliveryRefused(msg)
    return public + MDN_PATH


def _parties(settings: Settings, company: Company, edi: dict[str, Any], *,
             with_mdn_url: bool) -> tuple[ModuleType, Any, Any]:
    as2 = pyas2lib()
    me = identity(settings, company)
    pem = (me["key"] + "\n" + me["certificate"]).encode()
    org = as2.Organization(as2_name=me["as2_id"], sign_key=pem, decrypt_key=pem, domain=_domain(settings),
                           mdn_url=mdn_url(settings) if with_mdn_url else None)
    cert = str(edi["as2_certificate"]).encode()
    partner = as2.Partner(
        as2_name=str(edi["as2_id"]), verify_cert=cert, encrypt_cert=cert,
        sign=bool(edi.get("as2_sign", True)), digest_alg=edi.get("as2_digest") or "sha256",
        encrypt=bool(edi.get("as2_encrypt", True)), enc_alg=edi.get("as2_encryption") or "aes_256_cbc",
        compress=bool(edi.get("as2_compress", False)), mdn_mode=(edi.get("as2_mdn") or "sync").upper(),
        mdn_digest_alg=(edi.get("as2_digest") or "sha256") if edi.get("as2_mdn_signed", True) else None)
    return as2, org, partner


def message_id(delivery: Delivery) -> str:
    """The left side of the delivery's Message-ID: the kept one on a resend, else a new one.

    ``guichet-d<delivery id>-<random>``: the random part makes it unguessable, so nobody can
    post a receipt for a message before seeing it (the MDN's signature is the real check).
    """
    kept = str(((delivery.data or {}).get("as2") or {}).get("message_id") or "")
    if kept.startswith(f"guichet-d{delivery.id}-"):
        return kept.split("@", 1)[0]
    return f"guichet-d{delivery.id}-{secrets.token_hex(8)}"


def _sent_message(as2: ModuleType, org: Any, partner: Any, kept: dict[str, Any]) -> Any:
    """The original message as ``Mdn.parse`` needs it (id, MIC, the partner's profile)."""
    message = as2.Message(sender=org, receiver=partner)
    message.message_id = kept.get("message_id")
    message.mic = kept["mic"].encode() if kept.get("mic") else None
    message.digest_alg = kept.get("digest")
    return message


#: Verdicts of :func:`check_mdn`.
DELIVERED, REFUSED, UNPROVEN = "delivered", "refused", "unproven"


def check_mdn(as2: ModuleType, raw: bytes, message: Any) -> tuple[str, str]:
    """Read an MDN for ``message``: (verdict, French reason). Signature and MIC checked.

    The verdict is :data:`DELIVERED` (a positive MDN that verifies, MIC equal to ours, or the
    partner's ``duplicate-document``), :data:`REFUSED` (an explicit negative disposition: the
    partner did not take the message) or :data:`UNPROVEN` (the MDN does not verify: tampered,
    another MIC, unsigned when a signed one was asked, another message). An unproven MDN
    proves nothing either way: the partner may well have the invoice, so it is never a
    refusal (that would send the invoice again by another channel).
    """
    mdn = as2.Mdn()
    status, detail = mdn.parse(raw, find_message_cb=lambda mid, _recipient: message if mid == message.message_id else None)
    status, detail = (status or "").strip(), (detail or "").strip()
    if status == "processed":
        if message.mic:
            received = _received_mic(mdn)
            if not received:
                return UNPROVEN, "accusé MDN sans empreinte (MIC) : la remise n'est pas prouvée"
            if received != message.mic.decode():
                return UNPROVEN, "l'empreinte (MIC) de l'accusé MDN n'est pas celle du message envoyé"
        signed = " signé" if message.receiver is not None and message.receiver.mdn_digest_alg else ""
        return DELIVERED, f"accusé de réception AS2 (MDN){signed}" + (", empreinte vérifiée" if message.mic else "")
    if status.lower() == "processed/warning" and detail.lower() == "duplicate-document":
        return DELIVERED, "le partenaire avait déjà reçu ce message (renvoi après une coupure)"
    if status.lower() == "processed/warning" and "integrity" in detail.lower():
        return UNPROVEN, "l'empreinte (MIC) de l'accusé MDN n'est pas celle du message envoyé"
    if status == "failed/Failure" or not status:
        if "original-message-not-found" in detail:
            return UNPROVEN, "accusé MDN d'un autre message"
        if "unsigned" in detail.lower():
            return _unsigned(as2, raw, message)
        return UNPROVEN, f"accusé MDN invalide (signature non vérifiée ou altéré) : {detail[:200]}"
    key = detail.lower().split()[0] if detail else ""
    return REFUSED, f"accusé MDN négatif : {REFUSALS.get(key, detail or status)}"


def _unsigned(as2: ModuleType, raw: bytes, message: Any) -> tuple[str, str]:
    """An unsigned MDN where a signed one was asked: never a proof of delivery; a refusal only when negative.

    (A partner that cannot decrypt or does not know us often answers unsigned; in the HTTP
    answer to our own post that is its word. An asynchronous one is not trusted: see
    :func:`receive_async_mdn`.)
    """
    import copy

    relaxed = copy.copy(message)
    relaxed.receiver = copy.copy(message.receiver)
    relaxed.receiver.mdn_digest_alg = None
    status, detail = as2.Mdn().parse(raw, find_message_cb=lambda _mid, _recipient: relaxed)
    status, detail = (status or "").strip(), (detail or "").strip()
    if status and status.lower() not in ("processed", "processed/warning") and not status.startswith("failed/Failure"):
        key = detail.lower().split()[0] if detail else ""
        return REFUSED, f"accusé MDN négatif (non signé) : {REFUSALS.get(key, detail or status)}"
    return UNPROVEN, "accusé MDN non signé alors qu'un accusé signé est exigé : la remise n'est pas prouvée"


def _received_mic(mdn: Any) -> str:
    for part in mdn.payload.walk() if mdn.payload is not None else []:
        if part.get_content_type() == "message/disposition-notification":
            for block in part.get_payload():
                value = block.get("Received-Content-MIC")
                if value:
                    return value.split(",")[0].strip()
    return ""


def _raw(headers: Any, body: bytes) -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return head.encode("latin-1", "replace") + b"\r\n" + body


def send(rt: Runtime, job: DeliveryJob, edi: dict[str, Any], data: bytes, filename: str, syntax: str) -> Handed:
    """Post the invoice's XML to the partner; the delivery's news (see the module's docstring)."""
    settings = rt.settings
    url = str(edi.get("as2_url") or "")
    try:
        outbound.check_url(settings, url)
    except OutboundRefused as exc:
        raise DeliveryRefused(str(exc)) from None
    asynchronous = (edi.get("as2_mdn") or "sync") == "async"
    pyas2lib()
    from pyas2lib.exceptions import AS2Exception, ImproperlyConfigured

    try:
        as2, org, partner = _parties(settings, job.company, edi, with_mdn_url=asynchronous)
        message = as2.Message(sender=org, receiver=partner)
        message.build(data, filename=filename, subject=f"Facture {job.invoice.number or ''}".strip(),
                      content_type="application/xml", message_id=message_id(job.delivery),
                      disposition_notification_to=f"as2@{_domain(settings)}")
    except (ValueError, TypeError, OSError) as exc:
        raise DeliveryRefused(f"message AS2 impossible à construire : {exc}") from None
    except (AS2Exception, ImproperlyConfigured) as exc:  # a certificate refused, a profile pyas2lib rejects
        raise DeliveryRefused(f"profil AS2 du partenaire inutilisable : {exc}") from None
    kept = {"message_id": message.message_id, "mic": message.mic.decode() if message.mic else None,
            "digest": message.digest_alg, "mdn": "async" if asynchronous else "sync", "syntax": syntax,
            # The partner as it was (public certificate and profile): its receipt is checked against it, even
            # if the customer's record changes meanwhile (another certificate, another transport).
            "partner": {k: v for k, v in edi.items() if k.startswith("as2_")}}
    with db.atomic():  # kept before the post: an asynchronous MDN may come back at once
        job.delivery.external_id = message.message_id
        job.delivery.data = {**(job.delivery.data or {}), "as2": kept}
        job.delivery.save()
    timeout = float(settings.get("distribution.edi_timeout", 30))
    try:
        answer = outbound.http_session(settings).post(url, data=message.content, headers=message.headers,
                                                       timeout=timeout)
    except OutboundRefused as exc:
        raise DeliveryRefused(str(exc)) from None
    except OSError as exc:  # requests' errors are OSErrors
        raise ChannelUnavailable(f"serveur AS2 {urlsplit(url).hostname} injoignable : {exc}") from None
    if answer.status_code >= 500 or answer.status_code in (408, 429):
        raise ChannelUnavailable(f"serveur AS2 indisponible (HTTP {answer.status_code})")
    if answer.status_code >= 300:
        raise DeliveryRefused(f"le serveur AS2 refuse le message (HTTP {answer.status_code})")
    if asynchronous:
        return Handed(DeliveryState.SENT, external_id=message.message_id,
                      reason=f"{syntax.upper()} envoyé par AS2, accusé MDN attendu", recheck_after=ASYNC_RECHECK)
    verdict, reason = check_mdn(as2, _raw(answer.headers, answer.content), _sent_message(as2, org, partner, kept))
    if verdict == REFUSED:
        raise DeliveryRefused(reason)
    if verdict == UNPROVEN:  # HTTP 200: the partner probably has it; the same message again, never another channel
        raise MaybeHanded(f"{reason} ; nouvel envoi du même message prévu")
    return Handed(DeliveryState.DELIVERED, external_id=message.message_id, reason=f"{syntax.upper()} par AS2 : {reason}",
                  data={"as2": {**kept, "mdn_received": True}})


def receive_async_mdn(rt: Runtime, headers: Any, body: bytes) -> tuple[Delivery | None, bool, str]:
    """An asynchronous MDN posted to us: (its delivery, delivered, reason); recorded as an event.

    Anyone can post here, so only a receipt that proves itself counts: found by its
    Original-Message-ID, **signed** and verified with that delivery's partner certificate (and
    its MIC equal to ours), positive or explicitly negative. Anything else (not an MDN, an
    unknown message, a bad or missing signature, another MIC) is logged and changes nothing:
    (None, False, reason), answered 400.
    """
    from guichet.core.model.sales_models import Customer, Delivery

    as2 = pyas2lib()
    from email import message_from_bytes

    probe = as2.Mdn()
    try:
        probe.payload = message_from_bytes(_raw(headers, body))
        original, _recipient = probe.detect_mdn()
    except Exception as exc:  # noqa: BLE001 - not an MDN at all
        log.info("AS2: a post to the MDN address is not an MDN (%s)", exc)
        return None, False, "ce n'est pas un accusé MDN"
    delivery = Delivery.get_or_none((Delivery.external_id == original) & (Delivery.channel == "edi"))
    kept = ((delivery.data or {}).get("as2") or {}) if delivery is not None else {}
    if delivery is None or kept.get("message_id") != original or kept.get("mdn") != "async":
        log.warning("AS2: an MDN for an unknown message %r was refused", str(original)[:200])
        return None, False, "accusé MDN d'un message inconnu"
    edi = dict(kept.get("partner") or Customer.get_by_id(delivery.customer_id).edi or {})
    try:
        _as2, org, partner = _parties(rt.settings, delivery.company, edi, with_mdn_url=False)
        verdict, reason = check_mdn(as2, _raw(headers, body), _sent_message(as2, org, partner, kept))
    except Exception as exc:  # noqa: BLE001 - the partner's record changed since (no certificate...)
        verdict, reason = UNPROVEN, f"accusé MDN illisible avec la fiche du partenaire : {exc}"
    signed = probe.payload.get_content_type() == "multipart/signed"
    if verdict == REFUSED and not signed:
        verdict = UNPROVEN  # an unsigned refusal posted by anyone would send the invoice by another channel
    if verdict == DELIVERED and not signed and not kept.get("mic"):
        verdict = UNPROVEN  # nothing in it that only the partner could know
    if verdict == UNPROVEN:
        log.warning("AS2: MDN for delivery %s refused, nothing recorded: %s", delivery.id, reason)
        return None, False, f"accusé MDN refusé : {reason}"
    # An event, not a write to the delivery: the run that sent it may be saving the row right now.
    with db.atomic():
        events.record(MDN_EVENT, company_id=delivery.company_id, document_id=delivery.document_id,
                      data={"delivery": delivery.id, "message_id": original, "ok": verdict == DELIVERED,
                            "verified": True, "reason": reason})
    return delivery, verdict == DELIVERED, reason


def poll(settings: Settings, job: DeliveryJob) -> Handed | None:
    """A delivery waiting for its asynchronous MDN: the MDN's verdict once it came, else nothing new.

    No verified MDN after ``distribution.as2_mdn_hours`` (48): "en erreur" for a person (the
    partner may have the invoice: never another channel; a retry posts the same message).
    """
    from guichet.core.model.models import Event, utcnow

    kept = (job.delivery.data or {}).get("as2") or {}
    received = next((e.data for e in Event.select().where(
        (Event.kind == MDN_EVENT) & (Event.document_id == job.delivery.document_id)).order_by(Event.id.desc())
        if e.data.get("delivery") == job.delivery.id and e.data.get("message_id") == kept.get("message_id")
        and e.data.get("verified")), None)
    syntax = str(kept.get("syntax") or "xml").upper()
    if received is None:
        hours = float(settings.get("distribution.as2_mdn_hours", 48))
        since = job.delivery.sent_at or job.delivery.updated_at
        if since is not None and utcnow() - since > dt.timedelta(hours=hours):
            return Handed(DeliveryState.ERROR, data={"maybe_handed": True},
                          reason=f"accusé MDN asynchrone non reçu après {hours:g} h : vérifier auprès du partenaire "
                                 "(l'envoyer à nouveau renvoie le même message)")
        return None
    mdn = {"as2": {**kept, "mdn_received": True}}
    if received.get("ok"):
        return Handed(DeliveryState.DELIVERED, reason=f"{syntax} par AS2 : {received.get('reason')}", data=mdn)
    return Handed(DeliveryState.ERROR, reason=f"refusée : {received.get('reason')}", data={**mdn, "refused": True})
