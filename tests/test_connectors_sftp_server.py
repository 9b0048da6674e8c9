"""The scanners' SFTP server on loopback: arrival to documents in the right company."""

from __future__ import annotations

import io
import shutil
import subprocess
import time

import paramiko
import pytest
from intake_samples import encrypted_pdf, invoice_pdf, other_invoice_pdf, zip_file

from guichet.connectors.sftp_accounts import SftpServerConnector
from guichet.connectors.sftp_accounts.server import SftpIntakeServer
from guichet.core.ops import connector_runs
from guichet.core.model.connector_models import ConnectorConfig
from guichet.core.model.models import Document, Event


@pytest.fixture
def server(rt, tmp_path):
    """A running SFTP intake server on a free loopback port."""
    srv = SftpIntakeServer(rt, host="127.0.0.1", port=0, root=tmp_path / "sftp",
                           host_key=tmp_path / "host_key", stable_seconds=0)
    srv.start()
    yield srv
    srv.stop()


def _account(rt, company, username, **values):
    return connector_runs.configure(rt, company, SftpServerConnector(), {"username": username, **values})


def _client(server, username, *, password=None, pkey=None):
    transport = paramiko.Transport(("127.0.0.1", server.port))
    transport.connect(username=username, password=password, pkey=pkey)
    return transport, paramiko.SFTPClient.from_transport(transport)


def test_upload_with_password_lands_in_the_company_and_moves_to_processed(rt, company, other_company, server):
    _account(rt, company, "scan-a", password="pw-a")
    _account(rt, other_company, "scan-b", password="pw-b")
    transport, sftp = _client(server, "scan-a", password="pw-a")
    sftp.putfo(io.BytesIO(invoice_pdf()), "facture.pdf")
    transport.close()

    (doc,) = Document.select().where(Document.company == company)
    assert doc.filename == "facture.pdf" and doc.channel == "scanner"
    assert Document.select().where(Document.company == other_company).count() == 0
    assert not (server.root / "scan-a" / "inbox" / "facture.pdf").exists()
    assert list((server.root / "scan-a" / "processed").rglob("facture.pdf"))
    assert ConnectorConfig.get(ConnectorConfig.company == company).files_received == 1


def test_temporary_name_is_taken_only_after_the_rename(rt, company, server):
    _account(rt, company, "scan-r", password="pw")
    transport, sftp = _client(server, "scan-r", password="pw")
    sftp.putfo(io.BytesIO(invoice_pdf()), "scan.pdf.part")
    assert Document.select().count() == 0
    sftp.rename("scan.pdf.part", "scan.pdf")
    transport.close()
    assert [d.filename for d in Document.select()] == ["scan.pdf"]


def test_account_is_jailed_and_wrong_credentials_are_refused(rt, company, server):
    _account(rt, company, "scan-j", password="pw")
    with pytest.raises(paramiko.AuthenticationException):
        _client(server, "scan-j", password="faux")
    with pytest.raises(paramiko.AuthenticationException):
        _client(server, "personne", password="pw")
    transport, sftp = _client(server, "scan-j", password="pw")
    assert sftp.normalize("../../..") == "/"
    assert sftp.listdir("/../..") == []  # only the (empty) inbox is visible
    with pytest.raises(IOError):
        sftp.open("../../host_key").read()
    with pytest.raises(IOError):
        sftp.symlink("/etc/passwd", "lien")
    transport.close()


def test_same_file_twice_is_ingested_once_and_the_second_arrival_recorded(rt, company, server):
    _account(rt, company, "scan-d", password="pw")
    transport, sftp = _client(server, "scan-d", password="pw")
    sftp.putfo(io.BytesIO(other_invoice_pdf()), "a.pdf")
    sftp.putfo(io.BytesIO(other_invoice_pdf()), "a.pdf")
    transport.close()
    (doc,) = Document.select()
    assert Event.select().where((Event.kind == "document.duplicate_arrival") & (Event.document_id == doc.id)).count() == 1
    assert len(list((server.root / "scan-d" / "processed").rglob("a*.pdf"))) == 2


def test_bad_files_are_received_rejected_with_a_reason_and_kept(rt, company, server):
    _account(rt, company, "scan-x", password="pw")
    transport, sftp = _client(server, "scan-x", password="pw")
    sftp.putfo(io.BytesIO(zip_file()), "lot.zip")
    sftp.putfo(io.BytesIO(encrypted_pdf()), "protege.pdf")
    sftp.putfo(io.BytesIO(b"just text"), "note.txt")
    transport.close()
    docs = list(Document.select())
    assert len(docs) == 3
    assert all(d.state == "rejected" and d.reason and rt.blobs.exists(d.blob_key) for d in docs)


def test_left_over_files_are_taken_once_their_size_is_stable(rt, company, server):
    _account(rt, company, "scan-s", password="pw")
    inbox = server.root / "scan-s" / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / "oublie.pdf").write_bytes(invoice_pdf())
    now = time.time()
    assert server.sweep(now) == 0  # first sight: size noted
    assert server.sweep(now + 1) == 1  # unchanged since: taken
    assert Document.get().filename == "oublie.pdf"


def test_a_cut_off_upload_is_set_aside_not_taken(rt, company, server):
    _account(rt, company, "scan-c", password="pw")
    transport, sftp = _client(server, "scan-c", password="pw")
    handle = sftp.open("moitie.pdf", "wb")
    handle.write(invoice_pdf()[:1000])
    handle.flush()
    transport.close()  # no CLOSE sent for the file
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not (server.root / "scan-c" / "interrupted" / "moitie.pdf").exists():
        time.sleep(0.05)
    assert (server.root / "scan-c" / "interrupted" / "moitie.pdf").exists()
    assert Document.select().count() == 0


@pytest.mark.skipif(shutil.which("sftp") is None, reason="OpenSSH sftp client not installed")
def test_openssh_client_with_a_key(rt, company, server, tmp_path):
    key_file = tmp_path / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key_file)], check=True)
    _account(rt, company, "scan-k", public_keys=(tmp_path / "id_ed25519.pub").read_text())
    pdf = tmp_path / "depuis-scanner.pdf"
    pdf.write_bytes(invoice_pdf())
    batch = tmp_path / "batch"
    batch.write_text(f"put {pdf} depuis-scanner.pdf.tmp\nrename depuis-scanner.pdf.tmp depuis-scanner.pdf\n")
    result = subprocess.run(
        ["sftp", "-b", str(batch), "-P", str(server.port), "-i", str(key_file),
         "-o", "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={tmp_path / 'known'}",
         "-o", "BatchMode=yes", "scan-k@127.0.0.1"],
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert [d.filename for d in Document.select().where(Document.company == company)] == ["depuis-scanner.pdf"]


def test_oversized_uploads_are_refused_and_set_aside(rt, company, tmp_path):
    srv = SftpIntakeServer(rt, host="127.0.0.1", port=0, root=tmp_path / "sftp", host_key=tmp_path / "k",
                           stable_seconds=0, max_mb=1)
    srv.start()
    try:
        _account(rt, company, "scan-g", password="pw")
        transport, sftp = _client(srv, "scan-g", password="pw")
        with pytest.raises(IOError):
            sftp.putfo(io.BytesIO(b"%PDF-1.7\n" + bytes(2 * 1024 * 1024)), "gros.pdf")
        transport.close()
    finally:
        srv.stop()
    assert Document.select().count() == 0
    assert (srv.root / "scan-g" / "interrupted" / "gros.pdf").exists()


def test_repeated_wrong_passwords_lock_the_account_out_from_that_address(rt, company, server):
    _account(rt, company, "scan-b", password="pw")
    for _ in range(server.lockout.per_pair):
        with pytest.raises(paramiko.AuthenticationException):
            _client(server, "scan-b", password="faux")
    with pytest.raises(paramiko.AuthenticationException):
        _client(server, "scan-b", password="pw")  # even the right password, for a while
