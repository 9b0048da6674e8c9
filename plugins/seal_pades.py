"""The firm's electronic seal: PAdES B-T with pyHanko, RFC 3161 time-stamps, their validation.

Why pyHanko and not endesive (the design card's choice): endesive fails to import
on OpenSSL 3 (its oscrypto dependency), breaks with pypdf 7 and signs with
``adbe.pkcs7.detached``, not PAdES (shared/docs/dependencies.md §5).

Configuration (``[seal]`` in config/defaults.toml): the PKCS#12 of the seal
certificate, the file holding its password, the TSA URL. ``guichet init`` writes
a self-signed DEMO certificate through the ``instance_initialised`` hook.

The password file holds the password encrypted with the instance key, like the
connectors' secrets (:mod:`guichet.core.connector_vault`): ``fernet:<token>``. A
file in clear (older instances, or written by hand) is read, then rewritten
encrypted (:func:`read_password`), so the seal folder alone never gives the key away.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guichet.core import hookimpl

if TYPE_CHECKING:
    from guichet.core.model.models import Company
    from guichet.core.settings import Settings

log = logging.getLogger(__name__)

#: Name of the signature field added to sealed PDFs.
FIELD_NAME = "Cachet"
_cache_lock = threading.Lock()
_signer_cache: dict[tuple[str, float, float], Any] = {}


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


class SealConfigurationError(OSError):
    """The seal certificate cannot be used (unreadable file, wrong password).

    An :class:`OSError`, so that the pipeline keeps the document waiting and the
    task is retried once the configuration is fixed, instead of rejecting invoices.
    """


@dataclass(frozen=True)
class SealConfig:
    """Where the seal certificate and the TSA are, for one firm."""

    pkcs12: Path | None
    password_file: Path | None
    tsa_url: str
    tsa_ca_file: Path | None
    trust_roots: tuple[Path, ...]
    #: The settings it was made from: the instance key in them decrypts the password file.
    settings: Settings = field(compare=False, repr=False)


def _resolve(settings: Settings, value: str) -> Path | None:
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else settings.data_dir / path


def seal_config(settings: Settings, company: Company | None = None) -> SealConfig:  # noqa: ARG001 - per-firm overrides later
    """The seal configuration for ``company``'s firm (today: the instance's ``[seal]`` section)."""
    return SealConfig(
        pkcs12=_resolve(settings, settings.get("seal.pkcs12", "")),
        password_file=_resolve(settings, settings.get("seal.password_file", "")),
        tsa_url=settings.get("seal.tsa_url", "") or "",
        tsa_ca_file=_resolve(settings, settings.get("seal.tsa_ca_file", "")),
        trust_roots=tuple(p for p in (_resolve(settings, v) for v in settings.get("seal.trust_roots", [])) if p),
        settings=settings,
    )


def load_signer(config: SealConfig) -> Any | None:
    """The pyHanko signer of the configured PKCS#12, or None when there is none (cached by mtime)."""
    from pyhanko.sign import signers

    if config.pkcs12 is None or not config.pkcs12.is_file():
        return None
    has_password = config.password_file is not None and config.password_file.is_file()
    key = (str(config.pkcs12), config.pkcs12.stat().st_mtime,
           config.password_file.stat().st_mtime if has_password else 0.0)
    with _cache_lock:
        if key not in _signer_cache:
            password = read_password(config.settings, config.password_file) if has_password else None
            try:
                signer = signers.SimpleSigner.load_pkcs12(str(config.pkcs12), passphrase=password)
            except Exception as exc:  # pyHanko/cryptography raise several kinds
                msg = f"certificat de cachet illisible (mot de passe ?) : {config.pkcs12} ({exc})"
                raise SealConfigurationError(msg) from exc
            if signer is None:
                msg = f"certificat de cachet illisible (mot de passe ?) : {config.pkcs12}"
                raise SealConfigurationError(msg)
            _signer_cache.clear()
            _signer_cache[key] = signer
        return _signer_cache[key]


#: Start of a password file encrypted with the instance key.
ENCRYPTED_PREFIX = "fernet:"


def read_password(settings: Settings, path: Path) -> bytes:
    """The seal password in ``path``; a file still in clear is rewritten encrypted (best effort).

    :raises SealConfigurationError: when the instance key cannot decrypt it.
    """
    from guichet.core import connector_vault
    from guichet.core.errors import ConnectorError

    text = path.read_text("utf-8").strip()
    if text.startswith(ENCRYPTED_PREFIX):
        try:
            clear = connector_vault.decrypt_value(settings, {connector_vault.ENCRYPTED: text[len(ENCRYPTED_PREFIX):]})
        except ConnectorError as exc:
            msg = f"mot de passe du cachet illisible ({path}) : {exc}"
            raise SealConfigurationError(msg) from None
        return clear.encode("utf-8")
    try:
        write_password(settings, path, text)
        log.info("seal password in %s encrypted with the instance key", path)
    except OSError as exc:  # a read-only file (/etc): keep using it, say so
        log.warning("seal password in %s stays in clear: %s", path, exc)
    return text.encode("utf-8")


def write_password(settings: Settings, path: Path, password: str) -> None:
    """Write ``password`` to ``path`` encrypted with the instance key (mode 0600, atomic replace)."""
    import os
    import tempfile

    from guichet.core import connector_vault

    token = connector_vault.encrypt_text(settings, password)[connector_vault.ENCRYPTED]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(ENCRYPTED_PREFIX + token + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------
# Sealing and time-stamping
# ---------------------------------------------------------------------------


def seal(pdf: bytes, config: SealConfig) -> bytes | None:
    """Seal ``pdf`` (PAdES, B-T when a TSA is configured) as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper

    signer = load_signer(config)
    if signer is None:
        return None
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="Cachet électronique Guichet",
    )
    timestamper = HTTPTimeStamper(config.tsa_url, timeout=10) if config.tsa_url else None
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    try:
        out = signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(writer)
    except Exception as exc:
        if isinstance(exc, OSError) or _is_network_error(exc):
            msg = f"autorité d'horodatage injoignable ({config.tsa_url}) : {exc}"
            raise OSError(msg) from exc
        raise
    return out.getvalue()


def _is_network_error(exc: BaseException) -> bool:
    import asyncio

    import aiohttp
    from pyhanko.sign.timestamps import TimestampRequestError

    while exc is not None:
        if isinstance(exc, (aiohttp.ClientError, TimestampRequestError, TimeoutError, asyncio.TimeoutError)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def request_token(digest: bytes, tsa_url: str) -> bytes:
    """Ask ``tsa_url`` for a time-stamp over ``digest`` (SHA-256); return a DER ``TimeStampResp``."""
    import asyncio

    from asn1crypto import tsp
    from pyhanko.sign.timestamps import HTTPTimeStamper

    try:
        token = asyncio.run(HTTPTimeStamper(tsa_url, timeout=10).async_timestamp(digest, "sha256"))
    except Exception as exc:
        if isinstance(exc, OSError) or _is_network_error(exc):
            msg = f"autorité d'horodatage injoignable ({tsa_url}) : {exc}"
            raise OSError(msg) from exc
        raise
    response = tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token})
    return response.dump()


@hookimpl
def seal_pdf(pdf: bytes, company: Company | None, settings: Settings) -> bytes | None:
    """Seal with the firm's certificate; None when no certificate is configured."""
    config = seal_config(settings, company)
    return seal(pdf, config)


@hookimpl
def timestamp_digest(digest: bytes, settings: Settings) -> bytes | None:
    """A TimeStampResp from the configured TSA, or None without one."""
    url = seal_config(settings).tsa_url
    return request_token(digest, url) if url else None


def sign_data(data: bytes, config: SealConfig) -> bytes | None:
    """A detached CMS signature of ``data`` with the seal key (DER ContentInfo); None without a key."""
    import asyncio

    signer = load_signer(config)
    if signer is None:
        return None
    return asyncio.run(signer.async_sign_general_data(data, "sha256", detached=True)).dump()


@hookimpl
def seal_data(data: bytes, settings: Settings) -> bytes | None:
    """Sign ``data`` with the firm's seal certificate; None when none is configured."""
    return sign_data(data, seal_config(settings))


# ---------------------------------------------------------------------------
# Validation (used by `guichet archive verify`)
# ---------------------------------------------------------------------------


def _load_certs(paths: tuple[Path, ...]) -> list[Any]:
    from asn1crypto import pem, x509

    certs = []
    for path in paths:
        if path is None or not path.is_file():
            continue
        data = path.read_bytes()
        if pem.detect(data):
            certs.extend(x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True))
        else:
            certs.append(x509.Certificate.load(data))
    return certs


def seal_roots(config: SealConfig) -> list[Any]:
    """Trusted roots for seals: the configured PKCS#12's chain and ``seal.trust_roots``."""
    roots = _load_certs(config.trust_roots)
    signer = load_signer(config)
    if signer is not None:
        roots.append(signer.signing_cert)
        roots.extend(signer.cert_registry)
    return roots


def check_seal(data: bytes, config: SealConfig) -> list[str]:
    """Problems of the PAdES seal(s) of ``data`` (empty: intact, valid, covering the whole file)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001 - a damaged file is a finding
        return [f"PDF illisible : {exc}"]
    if not signatures:
        return ["aucun cachet dans le PDF"]
    roots = seal_roots(config)
    tsa_roots = _load_certs((config.tsa_ca_file,)) if config.tsa_ca_file else []
    problems = []
    for index, sig in enumerate(signatures):
        try:
            status = validate_pdf_signature(
                sig,
                signer_validation_context=ValidationContext(trust_roots=roots, allow_fetching=False),
                ts_validation_context=ValidationContext(trust_roots=tsa_roots or roots, allow_fetching=False),
            )
        except Exception as exc:  # noqa: BLE001
            problems.append(f"cachet {sig.field_name} : validation impossible ({exc})")
            continue
        if not (status.intact and status.valid):
            problems.append(f"cachet {sig.field_name} : signature invalide (contenu modifié)")
        last = index == len(signatures) - 1
        if last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            problems.append(f"cachet {sig.field_name} : le fichier a été modifié après le cachet ({status.coverage.name})")
        ts = status.timestamp_validity
        if ts is not None and not (ts.intact and ts.valid):
            problems.append(f"cachet {sig.field_name} : horodatage invalide")
    return problems


def check_data_signature(data: bytes, signature: bytes, config: SealConfig) -> list[str]:
    """Problems of a detached CMS signature over ``data`` (empty: intact, valid, by a trusted seal)."""
    import asyncio

    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko_certvalidator import ValidationContext

    try:
        signed_data = cms.ContentInfo.load(signature)["content"]
        _ = signed_data.native  # parse fully: a damaged signature fails here
    except Exception as exc:  # noqa: BLE001 - asn1crypto raises several kinds
        return [f"signature illisible : {exc}"]
    context = ValidationContext(trust_roots=seal_roots(config), allow_fetching=False)
    try:
        status = asyncio.run(async_validate_detached_cms(data, signed_data, signer_validation_context=context))
    except Exception as exc:  # noqa: BLE001
        return [f"signature invalide : {exc}"]
    if not status.intact:
        return ["signature : le contenu signé a été modifié"]
    if not status.valid:
        return ["signature invalide"]
    if not status.trusted:
        return ["signature d'un certificat que l'instance ne reconnaît pas comme cachet du cabinet"]
    return []


@hookimpl
def check_sealed_data(data: bytes, signature: bytes, settings: Settings) -> list[str] | None:
    """Check a signature made by :func:`seal_data` against the instance's seal roots."""
    return check_data_signature(data, signature, seal_config(settings))


def check_token(tsr: bytes, digest: bytes, config: SealConfig) -> list[str]:
    """Problems of a TimeStampResp over ``digest`` (imprint, TSA signature, trust when a CA is set)."""
    import asyncio

    from asn1crypto import tsp
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    try:
        response = tsp.TimeStampResp.load(tsr)
        token = response["time_stamp_token"]
        signed_data = token["content"]
        _ = signed_data.native  # parse fully: a damaged token fails here
    except Exception as exc:  # noqa: BLE001
        return [f"jeton d'horodatage illisible : {exc}"]
    roots = _load_certs((config.tsa_ca_file,)) if config.tsa_ca_file else []
    if not roots:  # no TSA root configured: check integrity against the token's own certificates
        roots = [c.chosen for c in signed_data["certificates"]]
    try:
        kwargs = asyncio.run(
            validate_tst_signed_data(
                signed_data,
                ValidationContext(trust_roots=roots, allow_fetching=False),
                lambda _algo: digest,
            )
        )
    except Exception as exc:  # noqa: BLE001
        return [f"jeton d'horodatage invalide : {exc}"]
    problems = []
    if not kwargs.get("intact"):
        problems.append("jeton d'horodatage : l'empreinte ne correspond pas au fichier")
    if not kwargs.get("valid"):
        problems.append("jeton d'horodatage : signature de l'autorité invalide")
    if config.tsa_ca_file and kwargs.get("trust_problem_indic") is not None:
        problems.append("jeton d'horodatage : autorité non reconnue par le certificat racine configuré")
    return problems


@hookimpl
def verify_seal(data: bytes, settings: Settings) -> list[str] | None:
    """The problems of the PAdES seal(s) of ``data`` against ``settings``' seal roots."""
    return check_seal(data, seal_config(settings))


@hookimpl
def verify_timestamp(token: bytes, digest: bytes, settings: Settings) -> list[str] | None:
    """The problems of a TimeStampResp over ``digest`` (``[seal] tsa_ca_file`` as the trusted root)."""
    return check_token(token, digest, seal_config(settings))


@hookimpl
def timestamp_evidence(tokens: list[bytes], settings: Settings) -> dict[str, bytes] | None:
    """``tsa-racine.pem`` (``[seal] tsa_ca_file``) and ``tsa-chaine.pem`` (the certificates inside the tokens)."""
    import base64

    config = seal_config(settings)
    chain = dict.fromkeys(der for token in tokens for der in token_signer_certs(token))
    files: dict[str, bytes] = {}
    if config.tsa_ca_file and config.tsa_ca_file.is_file():
        files["tsa-racine.pem"] = config.tsa_ca_file.read_bytes()
    if chain:
        files["tsa-chaine.pem"] = "".join(
            "-----BEGIN CERTIFICATE-----\n"
            + "\n".join(base64.b64encode(der).decode()[i : i + 64] for i in range(0, len(base64.b64encode(der)), 64))
            + "\n-----END CERTIFICATE-----\n"
            for der in chain
        ).encode()
    return files


def token_time(tsr: bytes) -> dt.datetime | None:
    """The time stated in a TimeStampResp (genTime), or None if unreadable."""
    from asn1crypto import tsp

    try:
        tst_info = tsp.TimeStampResp.load(tsr)["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
        return tst_info["gen_time"].native
    except Exception:  # noqa: BLE001
        return None


def token_signer_certs(tsr: bytes) -> list[bytes]:
    """DER of the certificates inside a TimeStampResp (the TSA's chain, as it sent it)."""
    from asn1crypto import tsp

    signed_data = tsp.TimeStampResp.load(tsr)["time_stamp_token"]["content"]
    return [c.chosen.dump() for c in signed_data["certificates"]]


# ---------------------------------------------------------------------------
# The demo certificate
# ---------------------------------------------------------------------------


def make_self_signed_pkcs12(common_name: str, organisation: str, password: bytes, *, years: int = 10) -> bytes:
    """A self-signed seal certificate and its RSA key as a PKCS#12 (for demonstrations and tests)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(b"cachet", key, cert, None, BestAvailableEncryption(password))


def write_demo_certificate(settings: Settings) -> Path | None:
    """Write a self-signed demo PKCS#12 and its password file where ``[seal]`` points; None if present."""
    config = seal_config(settings)
    if config.pkcs12 is None or config.pkcs12.exists():
        return None
    config.pkcs12.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(18)
    if config.password_file is not None and not config.password_file.exists():
        write_password(settings, config.password_file, password)
    elif config.password_file is not None:
        password = read_password(settings, config.password_file).decode("utf-8")
    data = make_self_signed_pkcs12(
        "Cachet de démonstration Guichet (AUTO-SIGNÉ)", "Cabinet Démo", password.encode()
    )
    config.pkcs12.write_bytes(data)
    config.pkcs12.chmod(0o600)
    return config.pkcs12


@hookimpl
def instance_initialised(settings: Settings) -> None:
    """Make the demo seal certificate (self-signed) and say so."""
    path = write_demo_certificate(settings)
    if path is None:
        return
    click.echo(f"Cachet : certificat AUTO-SIGNÉ de démonstration créé ({path}).")
    click.echo("  Il ne vaut pas cachet électronique : remplacez-le par le certificat du cabinet ([seal] pkcs12).")
