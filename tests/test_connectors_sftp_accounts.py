"""SFTP accounts per company and the ``guichet sftp-server`` command (a real server process)."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import paramiko
from intake_samples import invoice_pdf

from guichet.connectors.sftp_accounts import SftpServerConnector, public_keys
from guichet.core.access import accounts
from guichet.core.ops import connector_runs, runtime
from guichet.core.model.models import Document, Firm
from guichet.core.settings import load_settings

TESTS = Path(__file__).resolve().parent


def test_check_needs_a_password_or_a_key():
    connector = SftpServerConnector()
    assert connector.check({"username": "scan"}) == ["donnez un mot de passe ou une clé publique"]
    assert connector.check({"username": "scan", "public_keys": "ssh-ed25519 AAAAC3Nz scanner"}) == []
    assert public_keys("# commentaire\nssh-ed25519 AAAB x\nssh-rsa AAAC") == {"AAAB", "AAAC"}


def test_the_command_serves_company_accounts(tmp_path):
    data_dir = tmp_path / "instance"
    rt = runtime.start(load_settings(data_dir, queue={"backend": "sqlite"}))
    with rt.database.connection_context():
        company = accounts.create_company(Firm.create(name="C"), "Société A", "552081317")
        connector_runs.configure(rt, company, SftpServerConnector(), {"username": "copieur", "password": "pw"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    env.update(GUICHET_DATA_DIR=str(data_dir), GUICHET_CONFIG=str(tmp_path / "none.toml"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-m", "guichet.core", "sftp-server", "--host", "127.0.0.1",
                             "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        port = int(re.search(r"port (\d+)", line).group(1))
        transport = paramiko.Transport(("127.0.0.1", port))
        transport.connect(username="copieur", password="pw")
        sftp = paramiko.SFTPClient.from_transport(transport)
        sftp.putfo(io.BytesIO(invoice_pdf()), "scan.pdf")
        transport.close()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    with rt.database.connection_context():
        (doc,) = Document.select()
        assert doc.company_id == company.id and doc.filename == "scan.pdf" and doc.channel == "scanner"
    assert (data_dir / "sftp_host_key").stat().st_mode & 0o777 == 0o600
    time.sleep(0)  # nothing left running
