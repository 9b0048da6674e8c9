"""A real Dovecot (IMAP + LMTP) on loopback for the mail connector tests.

Started from Debian's ``dovecot`` binary with its own configuration, passwd-file
and free ports chosen at run time (shared/docs/dependencies.md §2). Mail is
delivered through LMTP, as a real MTA would, or appended over IMAP.
"""

from __future__ import annotations

import os
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

CONF = """\
protocols = imap lmtp
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = 100
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
  unix_listener lmtp {{
    mode = 0600
  }}
}}
protocol lmtp {{
  postmaster_address = postmaster@example.test
}}
"""


#: Accounts created per prefix at start-up.
USERS = 60


def free_port() -> int:
    """A loopback port free right now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class MailServer:
    """A running Dovecot: add accounts, deliver mail, and read the log."""

    root: Path
    imap_port: int
    lmtp_port: int
    imaps_port: int = 0
    used: int = 0

    @property
    def ca_file(self) -> str:
        """The self-signed certificate of the server (its own CA)."""
        return str(self.root / "cert.pem")

    def add_user(self, prefix: str = "boite") -> str:
        """A fresh mailbox account (password ``secret``), taken from those created at start.

        Dovecot re-reads its passwd-file only when the mtime changes (1 s resolution),
        so accounts are written once at start-up.
        """
        self.used += 1
        return f"{prefix}{self.used}@example.test"

    def deliver(self, recipient: str, message: bytes) -> None:
        """Deliver ``message`` to ``recipient`` over LMTP."""
        with smtplib.LMTP("127.0.0.1", self.lmtp_port) as lmtp:
            lmtp.sendmail("expediteur@example.test", [recipient], message)

    def client(self, user: str, password: str = "secret"):
        """A logged-in IMAPClient for ``user``."""
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=self.imap_port, ssl=False)
        client.login(user, password)
        return client

    def settings_for(self, user: str, **extra: object) -> dict[str, object]:
        """Connector settings for ``user`` on this server."""
        return {"host": "127.0.0.1", "port": self.imap_port, "security": "none",
                "username": user, "password": "secret", **extra}


def _self_signed(root: Path) -> None:
    """A certificate for 127.0.0.1 (cryptography), written as cert.pem and key.pem."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    (root / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (root / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()))
    (root / "key.pem").chmod(0o600)


@pytest.fixture(scope="module")
def mailserver():
    """A Dovecot for the module; skipped when Dovecot is not installed or we are not root."""
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(binary).exists() or os.geteuid() != 0:
        pytest.skip("dovecot (Debian dovecot-imapd, dovecot-lmtpd) needs to run as root")
    root = Path(tempfile.mkdtemp(prefix="guichet-dovecot-"))
    root.chmod(0o755)
    (root / "mail").mkdir()
    os.chown(root / "mail", 65534, 65534)
    (root / "passwd").write_text("".join(
        f"{prefix}{n}@example.test:{{PLAIN}}secret\n"
        for prefix in ("boite", "factures", "twice", "html", "rules", "catchall", "bad", "good")
        for n in range(1, USERS + 1)))
    server = MailServer(root, free_port(), free_port(), free_port())
    _self_signed(root)
    conf = root / "dovecot.conf"
    conf.write_text(CONF.format(root=root, imap_port=server.imap_port, lmtp_port=server.lmtp_port,
                                imaps_port=server.imaps_port))
    subprocess.run([binary, "-c", str(conf)], check=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", server.imap_port), timeout=1).close()
                socket.create_connection(("127.0.0.1", server.lmtp_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail(f"dovecot did not start: {(root / 'dovecot.log').read_text(errors='replace')}")
        yield server
    finally:
        subprocess.run([binary, "-c", str(conf), "stop"], check=False)
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)
