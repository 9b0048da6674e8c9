"""The operations commands: migrate, health, backup/restore, plugins install; broken plugins."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import site
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from guichet.core.plugins import make_plugin_manager

TESTS = Path(__file__).resolve().parent
CORPUS_FILE = "EN16931_Einfach.pdf"


def _guichet(args: list[str], data_dir: Path, *, python: str = sys.executable, check: bool = True,
             **env: str) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    full_env.update(GUICHET_DATA_DIR=str(data_dir), GUICHET_CONFIG=str(data_dir / "none.toml"), **env)
    done = subprocess.run([python, "-m", "guichet.core", *args], env=full_env,
                          capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        pytest.fail(f"guichet {' '.join(args)} → {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def test_migrate_health_backup_restore_from_the_command_line(tmp_path, corpus):
    instance = tmp_path / "instance"
    assert "Migrations appliquées" in _guichet(["migrate"], instance).stdout
    _guichet(["init"], instance)
    _guichet(["import", str(corpus / CORPUS_FILE)], instance, check=False)
    report = json.loads(_guichet(["health", "--json"], instance).stdout)
    assert report["status"] == "ok"
    out = _guichet(["backup", "--to", str(tmp_path / "backups")], instance).stdout
    folder = Path(out.split("Sauvegarde :", 1)[1].strip())
    assert (folder / "MANIFEST.json").is_file()

    restored = tmp_path / "restored"
    assert "Restauré" in _guichet(["restore", str(folder)], restored).stdout
    again = _guichet(["restore", str(folder)], restored, check=False)
    assert again.returncode == 1
    assert "--force" in again.stderr
    with sqlite3.connect(restored / "guichet.db") as conn:
        assert conn.execute("SELECT filename FROM document").fetchall() == [(CORPUS_FILE,)]


def test_health_exit_code_when_the_database_is_unreachable(tmp_path):
    done = _guichet(["health"], tmp_path / "i", check=False,
                    GUICHET_DATABASE_URL="postgresql://u:pw@127.0.0.1:1/x")
    assert done.returncode == 1
    assert "database   ÉCHEC" in done.stdout


# ---------------------------------------------------------------------------
# Plugins: install with pip into the running environment; a broken one is skipped
# ---------------------------------------------------------------------------


def _wheel(folder: Path, name: str, module_source: str) -> Path:
    """Write a minimal wheel for a Guichet plugin (module ``guichet_<name>``)."""
    dist = f"guichet_{name}"
    info = f"{dist}-0.1.dist-info"
    files = {
        f"{dist}.py": module_source,
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: guichet-{name}\nVersion: 0.1\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{info}/entry_points.txt": f"[guichet]\n{name} = {dist}\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = "\n".join(record) + "\n"
    wheel = folder / f"{dist}-0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


@pytest.fixture
def appliance_python(tmp_path) -> str:
    """A throw-away venv that sees Guichet's environment, standing for /opt/guichet/venv.

    pip installs into it, never into the development environment.
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    outer = [p for p in site.getsitepackages() if Path(p).is_dir()]
    lines = "".join(f"import site; site.addsitedir({p!r})\n" for p in outer)
    Path(purelib, "guichet-dev.pth").write_text(lines)
    return str(python)


@pytest.mark.slow
def test_plugins_install_then_listed_and_broken_one_skipped(tmp_path, appliance_python):
    good = _wheel(tmp_path, "acme", '"""Acme connector."""\nfrom guichet.core import hookimpl\n\n'
                  "@hookimpl\ndef register_connectors():\n    return []\n")
    broken = _wheel(tmp_path, "cassee", '"""Broken."""\nraise RuntimeError("dépendance absente")\n')
    instance = tmp_path / "instance"

    dry = _guichet(["plugins", "install", "--dry-run", str(good)], instance, python=appliance_python)
    assert "Would install guichet-acme-0.1" in dry.stdout
    before = json.loads(_guichet(["plugins", "--json"], instance, python=appliance_python).stdout)
    assert "acme" not in {row["name"] for row in before["plugins"]}

    done = _guichet(["plugins", "install", str(good), str(broken)], instance, python=appliance_python)
    assert "acme" in done.stdout.split("Extensions chargées :", 1)[1]
    assert "cassee ne se charge pas" in done.stderr
    after = json.loads(_guichet(["plugins", "--json"], instance, python=appliance_python).stdout)
    assert "acme" in {row["name"] for row in after["plugins"]}
    assert "cassee" in after["failed"]
    # the appliance still works with the broken plugin installed
    assert _guichet(["migrate"], instance, python=appliance_python).returncode == 0
    # and the development environment was not touched
    assert "acme" not in {row["name"] for row in json.loads(_guichet(["plugins", "--json"], instance).stdout)["plugins"]}


def test_broken_plugin_modules_are_logged_and_skipped(monkeypatch, caplog):
    monkeypatch.syspath_prepend(str(TESTS))
    pm = make_plugin_manager(extra=["tests_helpers.broken_plugin", "tests_helpers.typo_plugin"])
    report = pm.guichet_load_report
    assert "ModuleNotFoundError" in report.failed["tests_helpers.broken_plugin"]
    assert "parse_invoce" in report.failed["tests_helpers.typo_plugin"]
    assert pm.get_plugin("tests_helpers.typo_plugin") is None
    assert pm.get_plugin("facturx") is not None  # the others still load
    assert "tests_helpers.broken_plugin" in caplog.text
    pm.check_pending()


def test_hook_register_commands():
    import click

    from guichet.plugins import ops

    group = click.Group("guichet")

    @group.group("plugins", invoke_without_command=True)  # as core/ops/cli.py declares it
    @click.option("--json", "as_json", is_flag=True)
    @click.pass_context
    def listing(ctx: click.Context, as_json: bool) -> None:
        if ctx.invoked_subcommand is None:
            click.echo(f"listing json={as_json}")

    ops.register_commands(cli=group)
    assert {"migrate", "health", "backup", "restore"} <= set(group.commands)
    from click.testing import CliRunner

    result = CliRunner().invoke(group, ["plugins", "--json"])
    assert result.output == "listing json=True\n"
    assert "install" in group.commands["plugins"].commands
