"""Outgoing mail (core/ops/mail.py) through a real SMTP server on loopback: STARTTLS, AUTH, refusals."""

from __future__ import annotations

import socket

import pytest

from guichet.core.ops import mail
from guichet.core.settings import load_settings

from mailserver import free_port
from smtpserver import PASSWORD, smtp_server  # noqa: F401 - fixture


def _settings(tmp_path, **section):
    return load_settings(tmp_path / "instance", mail=section)


def test_message_goes_through_starttls_and_login(tmp_path, smtp_server):
    settings = _settings(tmp_path, **smtp_server.settings())
    message = mail.new_message(settings, to="client@example.fr", subject="Essai é", text="Bonjour,\nun lien.\n")
    mail.send(settings, message)
    assert smtp_server.logins == ["guichet@example.test"]
    [received] = smtp_server.messages
    assert received["To"] == "client@example.fr"
    assert received["Subject"] == "Essai é"
    assert received["From"] == "Cabinet Test <guichet@example.test>"
    assert received["Message-ID"].endswith("@example.test>")
    assert "un lien." in received.get_body(("plain",)).get_content()


def test_password_may_come_from_a_file(tmp_path, smtp_server):
    secret = tmp_path / "smtp.pass"
    secret.write_text(PASSWORD + "\n")
    conf = smtp_server.settings(password="", password_file=str(secret))
    settings = _settings(tmp_path, **conf)
    mail.send(settings, mail.new_message(settings, to="a@example.fr", subject="s", text="t"))
    assert len(smtp_server.messages) == 1


def test_wrong_password_is_a_french_error(tmp_path, smtp_server):
    settings = _settings(tmp_path, **smtp_server.settings(password="faux"))
    with pytest.raises(mail.MailError, match="refuse l'identifiant"):
        mail.send(settings, mail.new_message(settings, to="a@example.fr", subject="s", text="t"))
    assert smtp_server.messages == []


def test_unknown_certificate_is_refused(tmp_path, smtp_server):
    settings = _settings(tmp_path, **smtp_server.settings(ca_file=""))
    with pytest.raises(mail.MailError, match="TLS"):
        mail.send(settings, mail.new_message(settings, to="a@example.fr", subject="s", text="t"))
    assert smtp_server.messages == []


def test_relay_without_starttls_is_never_used_in_clear(tmp_path):
    """A relay that does not offer STARTTLS (or a man in the middle that strips it) gets nothing."""
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 - aiosmtpd's hook name
            received.append(envelope)
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = _settings(tmp_path, host="127.0.0.1", port=port, starttls=True, user="u", password="p",
                             sender="guichet@example.test")
        with pytest.raises(mail.MailError, match="ne propose pas STARTTLS"):
            mail.send(settings, mail.new_message(settings, to="a@example.fr", subject="s", text="t"))
    finally:
        controller.stop()
    assert received == []


def test_not_configured(tmp_path):
    settings = _settings(tmp_path, host="")
    assert not mail.configured(settings)
    with pytest.raises(mail.MailError, match="pas configuré"):
        mail.send(settings, mail.new_message(settings, to="a@example.fr", subject="s", text="t"))


def test_a_run_of_messages_shares_one_connection_and_survives_a_relay_that_closed_it(tmp_path, smtp_server):
    settings = _settings(tmp_path, **smtp_server.settings())
    mail.close_kept()
    for n in range(3):
        mail.send(settings, mail.new_message(settings, to="a@example.fr", subject=f"n°{n}", text="t"))
    assert len(smtp_server.messages) == 3 and smtp_server.logins == ["guichet@example.test"]  # one STARTTLS + login
    mail._kept.client.sock.shutdown(socket.SHUT_RDWR)  # the relay dropped the idle connection
    mail.send(settings, mail.new_message(settings, to="a@example.fr", subject="après", text="t"))
    assert [m["Subject"] for m in smtp_server.messages] == ["n°0", "n°1", "n°2", "après"]  # each once
    assert len(smtp_server.logins) == 2
    settings.values["mail"]["keep_alive"] = 0  # one connection per message
    mail.send(settings, mail.new_message(settings, to="a@example.fr", subject="seul", text="t"))
    mail.send(settings, mail.new_message(settings, to="a@example.fr", subject="seul", text="t"))
    assert len(smtp_server.logins) == 4 and mail._kept.client is None
