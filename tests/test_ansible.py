"""The ansible roles: syntax check, lint, and a real run of the role on this machine.

The real run points every path of the ``guichet`` role into a temporary folder
(``guichet_manage_system=false``: no apt, no user, no systemctl), then starts the
web exactly as the rendered systemd unit does and asks ``/healthz``. Running it
again (an upgrade) runs the migrations and keeps the data.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ANSIBLE = ROOT / "ansible"
BIN = Path(sys.executable).parent
INVENTORIES = ["inventories/single/hosts.yml", "inventories/scaled/hosts.yml"]


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is missing: pip install -e '.[test]' (or '.[ops]')")
    return str(path)


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "ANSIBLE_CONFIG": str(ANSIBLE / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCAL_TEMP": "/tmp/ansible-local", "ANSIBLE_REMOTE_TEMP": "/tmp/ansible-remote"}


@pytest.mark.parametrize("inventory", INVENTORIES)
def test_playbooks_syntax_check(inventory):
    done = subprocess.run([_tool("ansible-playbook"), "--syntax-check", "-i", inventory,
                           "site.yml", "upgrade.yml"], cwd=ANSIBLE, env=_env(),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ansible_lint_passes():
    done = subprocess.run([_tool("ansible-lint"), "--offline", "--nocolor"], cwd=ANSIBLE,
                          env=_env(), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _make_venv(venv: Path) -> None:
    """The appliance's venv, seeing this environment's packages (no download in tests)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = subprocess.run([str(venv / "bin" / "python"), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    import site

    lines = "".join(f"import site; site.addsitedir({p!r})\n" for p in site.getsitepackages())
    Path(purelib, "guichet-dev.pth").write_text(lines)
    (venv / "bin" / "pip").write_text(f"#!/bin/sh\nexec {venv / 'bin' / 'python'} -m pip \"$@\"\n")
    (venv / "bin" / "pip").chmod(0o755)
    (venv / "bin" / "gunicorn").symlink_to(BIN / "gunicorn")  # what the [appliance] extra installs


def _apply(tmp_path: Path, paths: dict[str, str]) -> subprocess.CompletedProcess:
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(json.dumps({"all": {"children": {"guichet": {"children": {
        "guichet_web": {"hosts": {"localhost": None}},
        "guichet_workers": {"hosts": {"localhost": None}},
    }}}}}))
    extra = {
        "ansible_connection": "local",
        "ansible_python_interpreter": sys.executable,
        "guichet_manage_system": False,
        "guichet_package": str(ROOT),
        "guichet_extras": "",
        "guichet_pip_extra_args": "--no-deps --no-build-isolation --no-index",
        "guichet_requirements_lock": "",  # the test's venv has them already; the image build uses the lock
        "guichet_log_format": "json",
        "guichet_worker_instances": 2,
        **paths,
    }
    return subprocess.run([_tool("ansible-playbook"), "-i", str(inventory), "site.yml",
                           "-e", json.dumps(extra)], cwd=ANSIBLE, env=_env(),
                          capture_output=True, text=True, check=False)


def _unit_command(unit: Path) -> tuple[list[str], dict[str, str]]:
    env = {}
    command: list[str] = []
    for line in unit.read_text().splitlines():
        if line.startswith("Environment="):
            key, _, value = line.removeprefix("Environment=").partition("=")
            env[key] = value
        elif line.startswith("ExecStart="):
            command = shlex.split(line.removeprefix("ExecStart="))
    return command, env


@pytest.mark.slow
def test_role_installs_a_working_instance_and_upgrades_keep_data(tmp_path):
    paths = {
        "guichet_home": str(tmp_path / "opt"),
        "guichet_venv": str(tmp_path / "opt" / "venv"),
        "guichet_etc": str(tmp_path / "etc"),
        "guichet_data_dir": str(tmp_path / "data"),
        "guichet_backup_dir": str(tmp_path / "backups"),
        "guichet_systemd_dir": str(tmp_path / "systemd"),
    }
    (tmp_path / "opt").mkdir()
    _make_venv(Path(paths["guichet_venv"]))
    first = _apply(tmp_path, paths)
    assert first.returncode == 0, first.stdout[-6000:] + first.stderr[-3000:]

    units = sorted(p.name for p in (tmp_path / "systemd").iterdir())
    assert units == ["guichet-backup.service", "guichet-backup.timer", "guichet-sftp.service",
                     "guichet-web.service", "guichet-worker@.service"]
    if shutil.which("systemd-analyze"):
        for name in ("guichet-web.service", "guichet-worker@.service", "guichet-backup.service",
                     "guichet-sftp.service", "guichet-backup.timer"):
            done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "systemd" / name)],
                                  capture_output=True, text=True, check=False)
            assert done.returncode == 0, done.stderr
            assert "Unknown" not in done.stderr, done.stderr

    # The web, started as its unit starts it, answers /healthz.
    command, env = _unit_command(tmp_path / "systemd" / "guichet-web.service")
    env["HOME"] = str(tmp_path)  # the unit's runtime folder does not exist outside systemd
    port = _free_port()
    bind = command.index("--bind")
    command[bind + 1] = f"127.0.0.1:{port}"
    workers = command.index("--workers")
    command[workers + 1] = "1"
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    web = subprocess.Popen(command, env={**run_env, **env}, cwd=paths["guichet_data_dir"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    report = json.loads(response.read())
                break
            except OSError:
                if web.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(web.stdout.read().decode(errors="replace")[-4000:] if web.poll() is not None
                                else "web did not answer")
                time.sleep(0.5)
    finally:
        web.terminate()
        web.wait(timeout=30)
    assert report["status"] == "ok", report
    database = Path(paths["guichet_data_dir"]) / "guichet.db"
    assert database.exists()

    # An upgrade (the role again) reinstalls the code, runs the migrations, keeps the data.
    with sqlite3.connect(database) as conn:
        conn.execute("INSERT INTO firm (name, created_at) VALUES ('Cabinet Témoin', '2026-01-01 00:00:00')")
    second = _apply(tmp_path, paths)
    assert second.returncode == 0, second.stdout[-6000:] + second.stderr[-3000:]
    assert "Run the database migrations" in second.stdout
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT name FROM firm").fetchall() == [("Cabinet Témoin",)]
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version")]
    assert len(versions) == len(set(versions)) > 1
