"""Outgoing mail: the one place that speaks SMTP (account links today, invoices tomorrow).

The relay is the instance's ``[mail]`` configuration (config/defaults.toml): host, port,
STARTTLS (or implicit TLS on port 465), an optional login whose password comes from
the environment (``GUICHET_MAIL_PASSWORD``) or a file, never from a configuration
file in the repository, and the sender. TLS certificates are always verified (the
system's authorities, plus ``ca_file`` for a relay with its own); a relay that does
not offer STARTTLS when it is required is refused, never used in clear.

Callers build an :class:`email.message.EmailMessage` with :func:`new_message` (it sets
From, Date, Message-ID) and hand it to :func:`send`, which raises :class:`MailError`
with a French message on any failure. Each thread keeps its connection to the relay open
``[mail] keep_alive`` seconds after a message, so a run of messages pays TLS and login once.

With ``[mail] dkim_domain``, ``dkim_selector`` and ``dkim_key_file`` (a PEM RSA key, mode
0600, outside the repository), every message is DKIM-signed (dkimpy, RFC 6376, relaxed/simple)
over its exact bytes, which are then sent as they are.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guichet.core.settings import Settings


class MailError(RuntimeError):
    """The message could not be handed to the relay (French message)."""


@dataclass(frozen=True)
class MailSettings:
    """The ``[mail]`` section, resolved."""

    host: str
    port: int
    starttls: bool
    ssl: bool
    user: str
    password: str
    sender: str
    ca_file: str
    timeout: float

    @classmethod
    def from_settings(cls, settings: Settings) -> MailSettings:
        """Read ``[mail]``; the password from ``mail.password`` (environment) or ``mail.password_file``."""
        password = settings.get("mail.password") or ""
        password_file = settings.get("mail.password_file") or ""
        if not password and password_file:
            path = Path(password_file).expanduser()
            if not path.is_absolute():
                path = settings.data_dir / path
            try:
                password = path.read_text("utf-8").strip()
            except OSError as exc:
                msg = f"mot de passe SMTP illisible ({path}) : {exc.strerror}"
                raise MailError(msg) from None
        return cls(
            host=settings.get("mail.host") or "",
            port=int(settings.get("mail.port", 587)),
            starttls=bool(settings.get("mail.starttls", True)),
            ssl=bool(settings.get("mail.ssl", False)),
            user=settings.get("mail.user") or "",
            password=password,
            sender=settings.get("mail.sender") or "",
            ca_file=settings.get("mail.ca_file") or "",
            timeout=float(settings.get("mail.timeout", 30)),
        )


def configured(settings: Settings) -> bool:
    """True when a relay and a sender are configured."""
    return bool(settings.get("mail.host")) and bool(settings.get("mail.sender"))


def new_message(settings: Settings, *, to: str, subject: str, text: str, reply_to: str | None = None,
                sender: str | None = None) -> EmailMessage:
    """A plain-text message from the configured sender (or ``sender``), with Date and Message-ID."""
    message = EmailMessage()
    from_ = sender or settings.get("mail.sender") or ""
    domain = parseaddr(from_)[1].rpartition("@")[2] or "guichet.invalid"
    message["From"] = from_
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_content(text)
    return message


DKIM_HEADERS = (b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"reply-to", b"mime-version",
                b"content-type")


def dkim_signed(settings: Settings, message: EmailMessage) -> bytes | None:
    """The message's bytes with a DKIM-Signature header first; None when no DKIM key is configured."""
    domain, selector = settings.get("mail.dkim_domain") or "", settings.get("mail.dkim_selector") or ""
    key_file = settings.get("mail.dkim_key_file") or ""
    if not (domain and selector and key_file):
        return None
    import email.policy

    import dkim

    path = Path(key_file).expanduser()
    if not path.is_absolute():
        path = settings.data_dir / path
    try:
        key = path.read_bytes()
    except OSError as exc:
        msg = f"clé DKIM illisible ({path}) : {exc.strerror}"
        raise MailError(msg) from None
    raw = message.as_bytes(policy=email.policy.SMTP)
    try:
        signature = dkim.sign(raw, selector.encode(), domain.encode(), key, include_headers=list(DKIM_HEADERS))
    except dkim.DKIMException as exc:
        msg = f"signature DKIM impossible : {exc}"
        raise MailError(msg) from None
    return signature + raw


class _Kept(threading.local):
    """This thread's open connection to the relay, reused by the next message (see :func:`send`)."""

    key: tuple | None = None
    client: smtplib.SMTP | None = None
    last: float = 0.0
    sent: int = 0


_kept = _Kept()


def _open(conf: MailSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    """A connection ready to send: TLS (implicit or STARTTLS, required) and login done."""
    if conf.ssl:
        client: smtplib.SMTP = smtplib.SMTP_SSL(conf.host, conf.port, timeout=conf.timeout, context=context)
    else:
        client = smtplib.SMTP(conf.host, conf.port, timeout=conf.timeout)
    try:
        client.ehlo()
        if conf.starttls and not conf.ssl:
            if not client.has_extn("starttls"):
                msg = f"le serveur {conf.host}:{conf.port} ne propose pas STARTTLS"
                raise MailError(msg)
            client.starttls(context=context)
            client.ehlo()
        if conf.user:
            client.login(conf.user, conf.password)
    except BaseException:
        _close(client)
        raise
    return client


def _close(client: smtplib.SMTP | None) -> None:
    if client is None:
        return
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        with contextlib.suppress(OSError):
            client.close()


def close_kept() -> None:
    """Close this thread's kept connection (tests; a worker going idle)."""
    client, _kept.client, _kept.key = _kept.client, None, None
    _close(client)


def _connection(settings: Settings, conf: MailSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    """This thread's kept connection when it is still good for this relay, else a new one.

    Kept for ``[mail] keep_alive`` seconds after a message and at most ``keep_alive_messages``
    messages; checked with NOOP before reuse (a relay that closed it meanwhile: a new one).
    """
    key = (conf.host, conf.port, conf.ssl, conf.starttls, conf.user, conf.password, conf.ca_file)
    keep = float(settings.get("mail.keep_alive", 30) or 0)
    limit = int(settings.get("mail.keep_alive_messages", 100) or 1)
    client = _kept.client
    if client is not None:
        fresh = _kept.key == key and time.monotonic() - _kept.last < keep and _kept.sent < limit
        if fresh:
            try:
                fresh = client.noop()[0] == 250
            except (smtplib.SMTPException, OSError):
                fresh = False
        if fresh:
            return client
        close_kept()
    client = _open(conf, context)
    _kept.client, _kept.key, _kept.sent = client, key, 0
    return client


def send(settings: Settings, message: EmailMessage) -> None:
    """Hand ``message`` to the configured relay; raise :class:`MailError` when it is not accepted.

    A run of messages (a worker mailing one invoice after another) shares one connection: TLS
    and login once, then MAIL/RCPT/DATA per message (:func:`_connection`). A message is never
    retried on another connection here: a failure is raised, and the caller's retry sends the
    same Message-ID.
    """
    conf = MailSettings.from_settings(settings)
    if not conf.host:
        msg = "l'envoi de courriels n'est pas configuré (section [mail], host)"
        raise MailError(msg)
    if not message["From"]:
        msg = "aucun expéditeur configuré (section [mail], sender)"
        raise MailError(msg)
    signed = dkim_signed(settings, message)
    context = ssl.create_default_context(cafile=conf.ca_file or None)
    keep = float(settings.get("mail.keep_alive", 30) or 0) > 0
    try:
        client = _connection(settings, conf, context)
        try:
            if signed is None:
                refused = client.send_message(message)
            else:  # the exact bytes that were signed
                recipients = [address for _name, address in getaddresses(message.get_all("To", [])
                                                                             + message.get_all("Cc", []))]
                refused = client.sendmail(parseaddr(message["From"])[1], recipients, signed)
        except smtplib.SMTPRecipientsRefused:
            _kept.last = time.monotonic()  # the session is fine (smtplib sent RSET): keep it
            raise
        except BaseException:
            close_kept()
            raise
        _kept.sent += 1
        _kept.last = time.monotonic()
        if not keep:
            close_kept()
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError:
        msg = f"le serveur {conf.host}:{conf.port} refuse l'identifiant ou le mot de passe SMTP"
        raise MailError(msg) from None
    except smtplib.SMTPRecipientsRefused as exc:
        msg = f"destinataire refusé par le serveur : {', '.join(exc.recipients)}"
        raise MailError(msg) from None
    except ssl.SSLError as exc:
        msg = f"échec TLS avec {conf.host}:{conf.port} : {exc.reason or exc}"
        raise MailError(msg) from None
    except (smtplib.SMTPException, OSError) as exc:
        msg = f"envoi impossible par {conf.host}:{conf.port} : {exc}"
        raise MailError(msg) from None
    if refused:
        msg = f"destinataire refusé par le serveur : {', '.join(refused)}"
        raise MailError(msg)
