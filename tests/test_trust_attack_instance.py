"""The attacks of issue 11 replayed from outside against a running instance (tests/attack_instance.py).

The instance is served on loopback (waitress, ``live_server``) with the scanners' SFTP
server beside it; the script gets only what an attacker has: the URL, a client user
who manages a company, an API token and a scanner account. Every line must say « bloqué ».
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import PASSWORD

from guichet.connectors.sftp_accounts import SftpServerConnector
from guichet.connectors.sftp_accounts.server import SftpIntakeServer
from guichet.core.model.api_models import create_token
from guichet.core.ops import connector_runs

SCRIPT = Path(__file__).resolve().parent / "attack_instance.py"


@pytest.fixture
def instance(settings):
    """Uploads of 1 MB at most, so that the oversized upload stays small."""
    settings.values["web"]["max_request_mb"] = 1
    return settings


@pytest.fixture
def sftp(live_server, tmp_path):
    _base, app = live_server
    server = SftpIntakeServer(app.config["GUICHET_RUNTIME"], host="127.0.0.1", port=0, root=tmp_path / "sftp",
                              host_key=tmp_path / "host_key", stable_seconds=0)
    server.start()
    yield server
    server.stop()


def test_every_attack_of_issue_11_is_blocked_from_outside(instance, live_server, sftp, company, other_company,
                                                         make_user):
    base, app = live_server
    rt = app.config["GUICHET_RUNTIME"]
    make_user("client@example.fr", companies={company: "manage"})
    _row, token = create_token(company, "Logiciel", ["documents:write", "documents:read", "webhooks:manage"])
    connector_runs.configure(rt, company, SftpServerConnector(), {"username": "copieur-a", "password": "pw-a"})
    connector_runs.configure(rt, other_company, SftpServerConnector(), {"username": "copieur-b", "password": "pw-b"})
    args = [sys.executable, str(SCRIPT), base, "--client", f"client@example.fr:{PASSWORD}", "--token", token,
            "--scanner", "copieur-a:pw-a", "--sftp", f"127.0.0.1:{sftp.port}",
            "--data-dir", str(instance.data_dir), "--max-mb", "1"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    print(done.stdout, done.stderr)
    lines = [line for line in done.stdout.splitlines() if line.startswith(" ") and "résultat" not in line]
    assert len(lines) >= 7, done.stdout + done.stderr
    assert all("| bloqué " in line for line in lines), done.stdout
    assert done.returncode == 0
