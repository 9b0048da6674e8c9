"""Fast checks of the appliance recipe (the build itself is ``make appliance``, not in the tests).

Shell syntax, the files the recipe names, the first-boot unit, and a real run of
the first-boot setup (unattended answers) against a temporary instance.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPLIANCE = ROOT / "appliance"
FIRSTBOOT = APPLIANCE / "firstboot" / "guichet-firstboot"
SCRIPTS = [APPLIANCE / "build.sh", APPLIANCE / "make-disk.sh", APPLIANCE / "smoke-test.sh",
           APPLIANCE / "chroot-smoke.sh", APPLIANCE / "qemu-smoke.sh", FIRSTBOOT]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_parse(script):
    assert os.access(script, os.X_OK), f"{script} is not executable"
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_build_recipe_names_existing_files():
    text = (APPLIANCE / "build.sh").read_text()
    for relative in re.findall(r'"\$HERE/([^"$]+)"', text):
        assert (APPLIANCE / relative).exists(), relative
    for relative in re.findall(r'"\$REPO/([^"$]+)"', text):
        assert (ROOT / relative).exists(), relative
    assert "ansible/site.yml" in text  # the image is made by the same roles as a host
    assert (APPLIANCE / "repart.d").is_dir()


def test_firstboot_unit_verifies(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.fail("systemd-analyze is missing (Debian package systemd)")
    unit = tmp_path / "guichet-firstboot.service"
    unit.write_text((APPLIANCE / "firstboot" / "guichet-firstboot.service").read_text()
                    .replace("/usr/local/sbin/guichet-firstboot", str(FIRSTBOOT)))
    done = subprocess.run(["systemd-analyze", "verify", str(unit)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr, done.stderr


def _firstboot(tmp_path: Path, answers: str) -> subprocess.CompletedProcess:
    etc, data = tmp_path / "etc", tmp_path / "data"
    etc.mkdir(exist_ok=True)
    (etc / "guichet.toml").write_text(f'[instance]\ndata_dir = "{data}"\n')
    (etc / "firstboot.env").write_text(answers)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    env.update(GUICHET_ETC=str(etc), GUICHET_DATA=str(data), GUICHET_BIN=str(Path(sys.executable).parent / "guichet"),
               GUICHET_RUN_AS="no-such-user-guichet", GUICHET_NO_SYSTEMCTL="1", GUICHET_SERVER_NAME="guichet.test",
               GUICHET_ROOT_SSH_DIR=str(tmp_path / "ssh"), GUICHET_SSH_PREFIX=str(tmp_path / "sshroot"))
    data.mkdir(exist_ok=True)
    return subprocess.run([str(FIRSTBOOT)], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, check=False)


def test_firstboot_creates_the_firm_admin_and_certificate(tmp_path):
    done = _firstboot(tmp_path, 'GUICHET_FIRM="Cabinet Dupont & Associés"\n'
                                "GUICHET_ADMIN_EMAIL=it@dupont.test\n"
                                "GUICHET_ADMIN_PASSWORD=motdepasse-solide\n"
                                'GUICHET_SSH_KEY="ssh-ed25519 AAAAC3Nza it@dupont"\n')
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Guichet est prêt" in done.stdout
    assert "motdepasse-solide" not in done.stdout + done.stderr
    assert not (tmp_path / "etc" / "firstboot.env").exists()  # the password does not stay on disk
    assert (tmp_path / "data" / ".configured").exists()
    assert (tmp_path / "etc" / "tls" / "fullchain.pem").exists()
    assert oct((tmp_path / "etc" / "tls" / "privkey.pem").stat().st_mode & 0o777) == "0o600"
    assert "it@dupont" in (tmp_path / "ssh" / "authorized_keys").read_text()
    assert (tmp_path / "sshroot" / "etc" / "ssh" / "ssh_host_ed25519_key").exists()
    with sqlite3.connect(tmp_path / "data" / "guichet.db") as conn:
        assert conn.execute("SELECT name FROM firm").fetchall() == [("Cabinet Dupont & Associés",)]
        assert conn.execute("SELECT email, firm_role FROM user").fetchall() == [("it@dupont.test", "admin")]


def test_firstboot_refuses_a_key_that_does_not_match(tmp_path):
    for name in ("a", "b"):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=x", "-keyout", str(tmp_path / f"{name}.key"),
                        "-out", str(tmp_path / f"{name}.pem")], check=True, capture_output=True)
    done = _firstboot(tmp_path, "GUICHET_FIRM=X\nGUICHET_ADMIN_EMAIL=a@b.test\nGUICHET_ADMIN_PASSWORD=12345678\n"
                                f"GUICHET_TLS_CERT={tmp_path / 'a.pem'}\nGUICHET_TLS_KEY={tmp_path / 'b.key'}\n")
    assert done.returncode == 1
    assert "ne correspond pas" in done.stderr
    assert not (tmp_path / "data" / ".configured").exists()


def test_appliance_boots_in_qemu_and_answers_healthz():
    """Boot the built image in qemu (software emulation) and ask /healthz through nginx.

    Minutes long, needs root, qemu-system-x86 and a built image: runs only when
    ``GUICHET_APPLIANCE_IMAGE`` names the root filesystem folder or ``guichet-rootfs.tar.gz``
    (``make appliance``), never in ``make test``.
    """
    image = os.environ.get("GUICHET_APPLIANCE_IMAGE")
    if not image:
        pytest.skip("GUICHET_APPLIANCE_IMAGE not set: boot test of a built appliance image "
                    "(make appliance, then GUICHET_APPLIANCE_IMAGE=build/appliance/rootfs)")
    if not Path(image).exists():
        pytest.fail(f"GUICHET_APPLIANCE_IMAGE={image} does not exist")
    if os.geteuid() != 0:
        pytest.skip("the qemu boot test needs root (mkfs.ext4 -d reads every file of the image)")
    if not shutil.which("qemu-system-x86_64"):
        pytest.fail("qemu-system-x86_64 is missing (Debian package qemu-system-x86)")
    done = subprocess.run([str(APPLIANCE / "qemu-smoke.sh"), image],
                          capture_output=True, text=True, check=False, timeout=1800)
    print(done.stdout)  # the boot's milestones and serial console tail (pytest -rP shows them)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert re.search(r'/healthz → .*"status": *"ok"', done.stdout), done.stdout[-4000:]
