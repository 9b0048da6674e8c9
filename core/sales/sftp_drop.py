"""Files dropped on someone's SFTP server (paramiko client): EDI to customers, print batches to the mail house.

Guichet never connects to a server it cannot recognise: the endpoint names the server's
public key (``ssh-ed25519 AAAA...``) or its fingerprint (``SHA256:...``). It signs in with the
firm's key, ``[distribution] edi_key_file`` (an Ed25519 key created on first use, mode 0600,
in the data dir by default); the other side authorises its public key (:func:`public_key`).

Every connection goes through the outbound policy (core/access/outbound.py): the host is
resolved once and a private address is refused unless the firm admin allowed it. A file is
written under a temporary name (``.<name>.part``) then renamed, so the other side never picks
a half-written file; callers derive names from what they send, so a resend after a crash
replaces the same file rather than adding another. Errors are the channels' own:
:class:`~guichet.core.sales.channels.ChannelUnavailable` (retry later) and
:class:`~guichet.core.sales.channels.DeliveryRefused` (configuration to fix).
"""

from __future__ import annotations

import base64
import hashlib
import os
import posixpath
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from guichet.core.access import outbound
from guichet.core.errors import OutboundRefused
from guichet.core.sales.channels import ChannelUnavailable, DeliveryRefused

if TYPE_CHECKING:
    import paramiko

    from guichet.core.settings import Settings


def key_path(settings: Settings) -> Path:
    """Where the firm's EDI key lives."""
    configured = settings.get("distribution.edi_key_file") or ""
    return Path(configured).expanduser() if configured else settings.data_dir / "edi_key"


def load_key(settings: Settings) -> paramiko.PKey:
    """The firm's EDI key (Ed25519), created (mode 0600) on first use."""
    import paramiko

    path = key_path(settings)
    if not path.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption())
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it meanwhile
            return paramiko.Ed25519Key(filename=str(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
    return paramiko.Ed25519Key(filename=str(path))


def public_key(settings: Settings) -> str:
    """The EDI key's public line, for the customer's ``authorized_keys``."""
    key = load_key(settings)
    return f"{key.get_name()} {key.get_base64()} guichet-edi"


def _matches(key: paramiko.PKey, expected: str) -> bool:
    expected = expected.strip()
    if expected.startswith("SHA256:"):
        digest = base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode().rstrip("=")
        return expected[7:].rstrip("=") == digest
    parts = expected.split()
    return len(parts) >= 2 and parts[0] == key.get_name() and parts[1] == key.get_base64()


def upload(settings: Settings, edi: dict, name: str, data: bytes | list[tuple[str, bytes | Path]]) -> str:
    """Put ``data`` as ``name`` in the endpoint's folder (``host``, ``port``, ``user``, ``folder``, ``host_key``).

    ``data`` may be a list of ``(name, bytes or a file's path)`` sent on the one connection (``name``
    then unused); a file is copied in blocks, never read whole.
    The remote path of the last file. Raises the channel's errors.
    """
    import paramiko

    host, port = str(edi["host"]), int(edi.get("port") or 22)
    try:
        address = outbound.connect_address(settings, host, port)
    except OutboundRefused as exc:
        raise DeliveryRefused(str(exc)) from None
    except OSError as exc:
        raise ChannelUnavailable(f"{host} ne se résout pas : {exc}") from None
    timeout = float(settings.get("distribution.edi_timeout", 30))
    try:
        sock = socket.create_connection((address, port), timeout=timeout)
    except OSError as exc:
        raise ChannelUnavailable(f"serveur SFTP {host}:{port} injoignable : {exc}") from None
    transport = paramiko.Transport(sock)
    try:
        transport.banner_timeout = transport.auth_timeout = timeout
        transport.start_client(timeout=timeout)
        if not _matches(transport.get_remote_server_key(), str(edi.get("host_key") or "")):
            msg = f"la clé du serveur {host} n'est pas celle enregistrée : connexion refusée"
            raise DeliveryRefused(msg)
        try:
            transport.auth_publickey(str(edi["user"]), load_key(settings))
        except paramiko.AuthenticationException:
            msg = f"le serveur {host} refuse la clé EDI du cabinet pour {edi['user']} (clé publique à installer sur ce serveur)"
            raise ChannelUnavailable(msg) from None
        sftp = paramiko.SFTPClient.from_transport(transport)
        folder = str(edi.get("folder") or ".")
        final = ""
        for file_name, content in data if isinstance(data, list) else [(name, data)]:
            final = posixpath.join(folder, file_name)
            partial = posixpath.join(folder, f".{file_name}.part")
            with sftp.open(partial, "wb") as handle:
                if isinstance(content, bytes):
                    handle.write(content)
                else:
                    with open(content, "rb") as source:
                        while block := source.read(1 << 20):
                            handle.write(block)
            try:
                sftp.posix_rename(partial, final)
            except OSError:
                sftp.rename(partial, final)
        return final
    except (paramiko.SSHException, OSError, EOFError) as exc:
        raise ChannelUnavailable(f"échange SFTP avec {host} interrompu : {exc}") from None
    finally:
        transport.close()
