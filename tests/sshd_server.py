"""A real OpenSSH server on loopback (``sshd -D -f own_config``): the firm's SFTP server in the sync tests.

Root login with one authorised key only, ``internal-sftp``, its own host key, port and pid
file (shared/docs/dependencies.md §2). ``start(tmp)`` returns the server; ``stop()`` ends it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Sshd:
    """A running sshd and what a client needs."""

    process: subprocess.Popen
    port: int
    host_key: str  # « ssh-ed25519 AAAA... »
    client_key: str  # the client's private key (OpenSSH PEM)
    root: Path  # a folder the client writes into

    def stop(self) -> None:
        """Stop the server."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(tmp: Path) -> Sshd:
    """Start sshd on a free loopback port, serving ``tmp / "remote"``."""
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # privilege separation dir
    tmp.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp / "host_key")], check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp / "client_key")], check=True)
    (tmp / "authorized_keys").write_text((tmp / "client_key.pub").read_text())
    port = _free_port()
    (tmp / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {tmp / 'host_key'}\nPidFile {tmp / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {tmp / 'authorized_keys'}\nPermitRootLogin prohibit-password\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
        "Subsystem sftp internal-sftp\nLogLevel ERROR\n")
    process = subprocess.Popen([sshd, "-D", "-e", "-f", str(tmp / "sshd_config")], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.1)
    root = tmp / "remote"
    root.mkdir()
    host_key = " ".join((tmp / "host_key.pub").read_text().split()[:2])
    return Sshd(process, port, host_key, (tmp / "client_key").read_text(), root)
