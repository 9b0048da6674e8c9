"""Issue 11, finding 2: SFTP account names and wrong-password lockout.

The attack: a company named its scanner account ``scanb/`` and opened company B's
inbox (list, read, delete), named it ``scanb`` and locked B's scanner out (two
companies held the name), or named it ``/abs/path`` and the server created folders
there. Then: wrong passwords locked a whole source address, so one scanner behind an
office NAT locked every scanner behind it. Each test replays one step against a real
SFTP server on loopback.
"""

from __future__ import annotations

import io
import json
import socket

import paramiko
import pytest
from intake_samples import invoice_pdf
from support import PASSWORD

from guichet.connectors.sftp_accounts import SftpServerConnector
from guichet.connectors.sftp_accounts.server import Lockout, SftpIntakeServer
from guichet.core.errors import AccountNameRefused
from guichet.core.model.connector_models import ConnectorAccount, ConnectorConfig
from guichet.core.model.models import Document, Event
from guichet.core.ops import connector_runs

MALFORMED = ["scanb/", "/abs/path", "../scanb", "scan b", "Scanb", "sc", "s" * 33, "scan.b", "scanb\x00", ""]


@pytest.fixture
def server(rt, tmp_path):
    """The scanners' SFTP server on a free loopback port, with small lockout limits."""
    srv = SftpIntakeServer(rt, host="127.0.0.1", port=0, root=tmp_path / "sftp",
                           host_key=tmp_path / "host_key", stable_seconds=0)
    srv.lockout = Lockout(2, 600, per_account=4, per_address=5)
    srv.start()
    yield srv
    srv.stop()


def _account(rt, company, username, password):
    return connector_runs.configure(rt, company, SftpServerConnector(), {"username": username, "password": password})


def _login(server, username, password, source="127.0.0.1"):
    """An SFTP session from ``source`` (any 127/8 address is loopback on Linux)."""
    sock = socket.create_connection(("127.0.0.1", server.port), source_address=(source, 0))
    transport = paramiko.Transport(sock)
    try:
        transport.connect(username=username, password=password)
    except paramiko.AuthenticationException:
        transport.close()
        raise
    return transport, paramiko.SFTPClient.from_transport(transport)


def _can_login(server, username, password, source="127.0.0.1"):
    try:
        transport, _sftp = _login(server, username, password, source)
    except paramiko.AuthenticationException:
        return False
    transport.close()
    return True


@pytest.mark.parametrize("name", MALFORMED)
def test_the_core_refuses_a_malformed_account_name(rt, company, name):
    with pytest.raises(AccountNameRefused, match=r"refusé|obligatoire"):
        _account(rt, company, name, "pw")
    assert ConnectorConfig.select().count() == 0 and ConnectorAccount.select().count() == 0


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_a_name_held_by_another_company_is_refused_and_its_owner_keeps_it(rt, company, other_company, server):
    _account(rt, other_company, "scanb", "pw-b")
    with pytest.raises(AccountNameRefused, match="déjà utilisé"):
        _account(rt, company, "scanb", "pw-a")
    assert ConnectorConfig.select().where(ConnectorConfig.company == company).count() == 0
    # Changing an existing account to a taken name is refused too, and leaves it as it was.
    _account(rt, company, "scana", "pw-a")
    with pytest.raises(AccountNameRefused):
        _account(rt, company, "scanb", "pw-a")
    assert ConnectorAccount.get(ConnectorAccount.name == "scana").config.company_id == company.id
    assert _can_login(server, "scanb", "pw-b") and _can_login(server, "scana", "pw-a")
    # A renamed account frees its old name.
    _account(rt, company, "scana2", "pw-a")
    assert not _can_login(server, "scana", "pw-a")
    _account(rt, other_company, "scana", "pw-b")
    assert _can_login(server, "scana", "pw-b")


def test_the_firm_admin_page_refuses_a_path_as_account_name(rt, settings, company, make_user):
    from guichet.web.app import create_app

    app = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    make_user("admin@example.fr", firm_role="admin")
    client = app.test_client()
    client.post("/login", data={"email": "admin@example.fr", "password": PASSWORD})
    url = f"/plugins/connectors_admin/dossiers/{company.id}/configurer?connector=sftp_server"
    response = client.post(url, data={"username": "../scanb", "password": "pw", "enabled": "on"},
                           follow_redirects=True)
    assert "Configuration refusée" in response.get_data(as_text=True)
    assert ConnectorConfig.select().count() == 0


def test_a_row_with_a_path_as_name_opens_nothing_and_creates_no_folder(rt, company, other_company, server, tmp_path):
    # GIVEN company B's scanner with a file in its inbox, and rows written before the names were checked
    _account(rt, other_company, "scanb", "pw-b")
    transport, sftp = _login(server, "scanb", "pw-b")
    sftp.putfo(io.BytesIO(b"partial"), "en-cours.pdf.part")  # a temporary name: stays in the inbox
    transport.close()
    outside = tmp_path / "ailleurs"
    config = ConnectorConfig.create(company=company, connector_id="sftp_server", settings={})
    # WHEN the attacker's configuration holds those names (bypassing the core) and logs in with them
    for name in ("scanb/", str(outside), "scanb/../scanb", "scanb"):
        ConnectorConfig.update(settings={"username": name, "password": "x"}).where(
            ConnectorConfig.id == config.id).execute()
        assert not _can_login(server, name, "x")
    # THEN B's inbox stays closed, nothing was created outside the server's root
    assert not outside.exists()
    assert (server.root / "scanb" / "inbox" / "en-cours.pdf.part").exists()
    server.sweep()
    assert sorted(p.name for p in server.root.iterdir()) == ["scanb"]


def test_existing_names_are_claimed_by_the_migration_unless_malformed_or_shared(rt, company, other_company, firm):
    from guichet.core.access import accounts
    from guichet.core.model.migrations import m0110_connector_accounts

    third = accounts.create_company(firm, "Société C", "732829320")
    fourth = accounts.create_company(firm, "Société D", "443061841")
    for comp, name in ((company, "copieur"), (other_company, "scan-x"), (third, "scan-x"), (fourth, "../x")):
        ConnectorConfig.create(company=comp, connector_id="sftp_server", settings={"username": name})
    rt.database.execute_sql("DROP TABLE connector_account")
    m0110_connector_accounts.apply(rt.database)
    claimed = {(a.name, a.config.company_id) for a in ConnectorAccount.select()}
    assert claimed == {("copieur", company.id)}


def test_one_scanner_with_a_wrong_password_does_not_lock_its_neighbours_behind_the_nat(rt, company, other_company, server):
    _account(rt, company, "scan-a", "pw-a")
    _account(rt, other_company, "scan-b", "pw-b")
    for _ in range(server.lockout.per_pair):
        assert not _can_login(server, "scan-a", "faux")
    # scan-a is locked from this address, even with its right password...
    assert not _can_login(server, "scan-a", "pw-a")
    # ...but the other scanner behind the same address works, and scan-a works from elsewhere.
    assert _can_login(server, "scan-b", "pw-b")
    assert _can_login(server, "scan-a", "pw-a", source="127.0.0.2")
    event = Event.get(Event.kind == "sftp.locked")
    assert event.company_id == company.id and event.data["scope"] == "account+address"
    assert Document.select().count() == 0


def test_a_guess_spread_over_addresses_locks_the_account_but_not_where_it_works(rt, company, server):
    _account(rt, company, "scan-a", "pw-a")
    assert _can_login(server, "scan-a", "pw-a")  # the office scanner, from 127.0.0.1
    for n in range(server.lockout.per_account):
        assert not _can_login(server, "scan-a", "faux", source=f"127.0.1.{n + 1}")
    assert not _can_login(server, "scan-a", "pw-a", source="127.0.2.1")  # a new address: refused
    transport, sftp = _login(server, "scan-a", "pw-a")  # the office scanner keeps working
    sftp.putfo(io.BytesIO(invoice_pdf()), "facture.pdf")
    transport.close()
    assert Document.get().company_id == company.id


def test_an_address_trying_many_names_is_locked_except_for_its_working_scanners(rt, company, other_company, server):
    _account(rt, company, "scan-a", "pw-a")
    _account(rt, other_company, "scan-b", "pw-b")
    assert _can_login(server, "scan-a", "pw-a", source="127.0.3.1")
    for n in range(server.lockout.per_address):
        assert not _can_login(server, f"essai-{n}", "x", source="127.0.3.1")
    assert not _can_login(server, "scan-b", "pw-b", source="127.0.3.1")  # never logged in from there
    assert _can_login(server, "scan-a", "pw-a", source="127.0.3.1")
    assert _can_login(server, "scan-b", "pw-b")
    kinds = [json.dumps(e.data) for e in Event.select().where(Event.kind == "sftp.locked")]
    assert any('"address"' in k for k in kinds)
