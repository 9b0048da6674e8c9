"""A real SMTP server on loopback (aiosmtpd) for the outgoing mail tests.

It speaks SMTP like a submission relay: STARTTLS required (a self-signed certificate
for 127.0.0.1, given to the client as its CA file), then AUTH PLAIN/LOGIN with one
account, then MAIL/RCPT/DATA. Accepted messages are kept, parsed, in ``messages``.
"""

from __future__ import annotations

import email
import email.policy
import re
import tempfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest

from mailserver import _self_signed, free_port

USER = "guichet@example.test"
PASSWORD = "relais-secret"


@dataclass
class SmtpServer:
    """The running server: where it listens, its CA file, and what it received."""

    port: int
    ca_file: str
    messages: list[EmailMessage] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)  # the bytes as received (DKIM checks)
    logins: list[str] = field(default_factory=list)

    def settings(self, **extra: object) -> dict[str, object]:
        """A ``[mail]`` section for this server (STARTTLS, login, sender)."""
        return {"host": "127.0.0.1", "port": self.port, "starttls": True, "ssl": False, "user": USER,
                "password": PASSWORD, "sender": "Cabinet Test <guichet@example.test>",
                "ca_file": self.ca_file, "timeout": 10, **extra}

    def links(self, to: str) -> list[str]:
        """The http(s) links in the text of the messages sent to ``to``."""
        found = []
        for message in self.messages:
            if to in message["To"]:
                found += re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())
        return found


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.server.raw.append(envelope.content)
        self.server.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """An SMTP server requiring STARTTLS and AUTH on a free loopback port (stopped after the test)."""
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    root = Path(tempfile.mkdtemp(prefix="guichet-smtp-"))
    _self_signed(root)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(root / "cert.pem", root / "key.pem")
    server = SmtpServer(free_port(), str(root / "cert.pem"))

    def authenticate(_server, _session, _envelope, _mechanism, auth_data) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER
              and auth_data.password.decode() == PASSWORD)
        if ok:
            server.logins.append(USER)
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself

    controller = Controller(_Handler(server), hostname="127.0.0.1", port=server.port, tls_context=context,
                            require_starttls=True, authenticator=authenticate, auth_require_tls=True)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
