"""Uploads: peak memory of the web server while it receives a 200 MB file (issue 11, finding 9).

A real ``guichet run`` (waitress) on loopback receives a 200 MB file through the
API and through the company page's upload; the server's peak resident memory
(``VmHWM``) is read from /proc before and after. Before streaming, 200 MB cost
640 MB of RSS; the file now goes from the request's spool file to the blob store
in 1 MB chunks.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

SIZE_MB = 200
PASSWORD = "motdepasse-bench"
SIREN = "552081317"  # the demo company of `guichet init`


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _body(folder: Path, field: str) -> tuple[Path, str]:
    """A multipart body on disk holding one ``SIZE_MB`` file (so the client streams it too)."""
    boundary = "guichet-bench-boundary"
    path = folder / f"body-{field}.bin"
    with path.open("wb") as out:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="gros.pdf"\r\n'
                  "Content-Type: application/pdf\r\n\r\n".encode())
        out.write(b"%PDF-1.7\n")
        block = os.urandom(1024 * 1024)
        for _ in range(SIZE_MB):
            out.write(block)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return path, f"multipart/form-data; boundary={boundary}"


def _cli(env: dict[str, str], *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "guichet.core", *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def run() -> list[tuple[str, str, str]]:
    """Rows: peak RSS at rest, after a 200 MB API upload, after a 200 MB page upload."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
        env.update(GUICHET_DATA_DIR=str(folder / "instance"), GUICHET_CONFIG=str(folder / "none.toml"))
        _cli(env, "init", "--password", PASSWORD)
        token = _cli(env, "api-token", "create", "--company", SIREN, "--software", "bench").strip().splitlines()[-1]
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "guichet.core", "run", "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    requests.get(f"{base}/healthz", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.2)
            rest = _peak_mb(server.pid)
            rows = [("RSS pic du serveur web au repos", f"{rest:.0f} Mo", "")]

            api_body, ctype = _body(folder, "file")
            with api_body.open("rb") as data:
                answer = requests.post(f"{base}/api/v1/documents", data=data, timeout=300,
                                       headers={"Authorization": f"Bearer {token}", "Content-Type": ctype})
            assert answer.status_code == 201, answer.text
            after_api = _peak_mb(server.pid)
            rows.append((f"RSS pic, envoi de {SIZE_MB} Mo par l'API", f"{after_api:.0f} Mo (+{after_api - rest:.0f})",
                         "< +100 Mo (avant : 640 Mo)"))
            api_body.unlink()

            page_body, ctype = _body(folder, "files")
            session = requests.Session()
            login = session.get(f"{base}/login", timeout=10).text
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
            session.post(f"{base}/login", data={"email": "admin@demo.guichet.local", "password": PASSWORD,
                                                "csrf_token": csrf}, timeout=10)
            page = session.get(f"{base}/dossiers/", timeout=10).text
            company_id = re.search(r"/dossiers/(\d+)/", page).group(1)
            csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
            with page_body.open("rb") as data:
                answer = session.post(f"{base}/dossiers/{company_id}/upload", data=data, timeout=300,
                                      headers={"Content-Type": ctype, "X-CSRFToken": csrf,
                                               "Accept": "application/json"})
            assert answer.status_code == 200 and answer.json()["documents"], answer.text
            after_page = _peak_mb(server.pid)
            rows.append((f"RSS pic, puis envoi de {SIZE_MB} Mo par la page du dossier",
                         f"{after_page:.0f} Mo (+{after_page - rest:.0f})", "< +100 Mo"))
            return rows
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
