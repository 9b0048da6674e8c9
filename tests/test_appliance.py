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
SCRIPTS = [APPLIANCE / "build.sh", APPLIANCE / "make-disk.sh", APPLIANCE / "make-ova.sh", APPLIANCE / "smoke-test.sh",
           APPLIANCE / "chroot-smoke.sh", FIRSTBOOT, APPLIANCE / "firstboot" / "guichet-growroot",
           APPLIANCE / "firstboot" / "guichet-grub-device"]


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
    assert '"$HERE/make-disk.sh"' in text  # the bootable disk images come with every build


def test_firstboot_unit_verifies(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.fail("systemd-analyze is missing (Debian package systemd)")
    unit = tmp_path / "guichet-firstboot@.service"
    unit.write_text((APPLIANCE / "firstboot" / "guichet-firstboot@.service").read_text()
                    .replace("/usr/local/sbin/guichet-firstboot", str(FIRSTBOOT)))
    done = subprocess.run(["systemd-analyze", "verify", f"{unit.parent}/guichet-firstboot@tty1.service"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr, done.stderr


def test_grub_device_unit_verifies_and_is_installed(tmp_path):
    """grub-pc's install device is named at every boot, before unattended upgrades can run."""
    unit = tmp_path / "guichet-grub-device.service"
    unit.write_text((APPLIANCE / "firstboot" / "guichet-grub-device.service").read_text()
                    .replace("/usr/local/sbin/guichet-grub-device", str(APPLIANCE / "firstboot" / "guichet-grub-device")))
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Before=apt-daily-upgrade.service unattended-upgrades.service" in unit.read_text()
    build = (APPLIANCE / "build.sh").read_text()
    assert "systemctl enable guichet-grub-device.service" in build


def _environment(tmp_path: Path, answers: str | None) -> dict[str, str]:
    etc, data = tmp_path / "etc", tmp_path / "data"
    etc.mkdir(exist_ok=True)
    (etc / "guichet.toml").write_text(f'[instance]\ndata_dir = "{data}"\n')
    if answers is not None:
        (etc / "firstboot.env").write_text(answers)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    env.update(GUICHET_ETC=str(etc), GUICHET_DATA=str(data), GUICHET_BIN=str(Path(sys.executable).parent / "guichet"),
               GUICHET_RUN_AS="no-such-user-guichet", GUICHET_NO_SYSTEMCTL="1", GUICHET_SERVER_NAME="guichet.test",
               GUICHET_ROOT_SSH_DIR=str(tmp_path / "ssh"), GUICHET_SSH_PREFIX=str(tmp_path / "sshroot"),
               GUICHET_RUN_DIR=str(tmp_path / "run"), GUICHET_ISSUE=str(tmp_path / "issue"))
    data.mkdir(exist_ok=True)
    return env


def _firstboot(tmp_path: Path, answers: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(FIRSTBOOT)], env=_environment(tmp_path, answers), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, check=False)


def _password_matches(tmp_path: Path, email: str, password: str) -> bool:
    from guichet.core.access import passwords

    with sqlite3.connect(tmp_path / "data" / "guichet.db") as conn:
        (stored,) = conn.execute("SELECT password_hash FROM user WHERE email = ?", (email,)).fetchone()
    return passwords.verify(stored, password)[0]


def _public_key(tmp_path: Path, comment: str) -> str:
    """A real public key line, as IT pastes the content of its ``.pub`` file."""
    key = tmp_path / f"key-{comment}"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(key)],
                   check=True, capture_output=True)
    return key.with_suffix(".pub").read_text().strip()


def test_firstboot_creates_the_firm_admin_and_certificate(tmp_path):
    done = _firstboot(tmp_path, 'GUICHET_FIRM="Cabinet Dupont & Associés"\n'
                                "GUICHET_ADMIN_EMAIL=it@dupont.test\n"
                                "GUICHET_ADMIN_PASSWORD=motdepasse-solide\n"
                                f'GUICHET_SSH_KEY="{_public_key(tmp_path, "it@dupont")}"\n')
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


def test_firstboot_reads_answers_literally(tmp_path):
    """A `$` or a backquote in the password stays as typed (the file was sourced by the shell before)."""
    password = "pa$HOME`id`'x\"$(true)"
    done = _firstboot(tmp_path, f"GUICHET_FIRM='Cabinet $USER'\nGUICHET_ADMIN_EMAIL=it@dupont.test\n"
                                f"GUICHET_ADMIN_PASSWORD={password}\nGUICHET_PUBLIC_URL=https://guichet.dupont.test:8443\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _password_matches(tmp_path, "it@dupont.test", password)
    with sqlite3.connect(tmp_path / "data" / "guichet.db") as conn:
        assert conn.execute("SELECT name FROM firm").fetchall() == [("Cabinet $USER",)]
    assert 'public_url = "https://guichet.dupont.test:8443"' in (tmp_path / "data" / "guichet.toml").read_text()
    issue = (tmp_path / "issue").read_text()
    assert "Guichet est prêt : ouvrez https://guichet.dupont.test:8443/" in issue
    assert re.search(r"Empreinte SHA-256 du certificat : ([0-9A-F]{2}:){31}[0-9A-F]{2}", issue), issue


def test_firstboot_unattended_refusal_stops_with_the_reason_and_can_be_run_again(tmp_path):
    done = _firstboot(tmp_path, "GUICHET_FIRM=X\nGUICHET_ADMIN_EMAIL=a@b.test\nGUICHET_ADMIN_PASSWORD=court\n")
    assert done.returncode == 1
    assert "au moins 8 caractères" in done.stdout + done.stderr
    assert not (tmp_path / "data" / ".configured").exists()
    assert not (tmp_path / "data" / "guichet.db").exists()  # refused before anything is written
    assert (tmp_path / "sshroot" / "etc" / "ssh" / "ssh_host_ed25519_key").exists()  # SSH still works
    assert "a échoué" in (tmp_path / "issue").read_text()
    again = _firstboot(tmp_path, "GUICHET_FIRM=X\nGUICHET_ADMIN_EMAIL=a@b.test\nGUICHET_ADMIN_PASSWORD=assez-long\n")
    assert again.returncode == 0, again.stdout + again.stderr
    assert (tmp_path / "data" / ".configured").exists()


@pytest.mark.parametrize("key", ["ssh-ed25519 AAAAC3Nza it@dupont", "AAAAC3NzaC1lZDI1NTE5AAAAI it@dupont",
                                 "ssh-ed25519 it@dupont.fr"])
def test_firstboot_unattended_refuses_an_unreadable_ssh_key_before_writing_anything(tmp_path, key):
    """A truncated or mangled key would be written to authorized_keys and lock IT out, silently."""
    done = _firstboot(tmp_path, "GUICHET_FIRM=X\nGUICHET_ADMIN_EMAIL=a@b.test\nGUICHET_ADMIN_PASSWORD=assez-long\n"
                                f"GUICHET_SSH_KEY={key}\n")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "clé SSH publique illisible" in done.stdout + done.stderr
    assert not (tmp_path / "data" / "guichet.db").exists()
    assert not (tmp_path / "ssh" / "authorized_keys").exists()
    assert "a échoué" in (tmp_path / "issue").read_text()


def test_firstboot_reads_the_answers_of_a_nocloud_seed_disk(tmp_path):
    """Datacentres deploying by template attach a small disk labelled CIDATA (cloud-init's NoCloud).

    The seed is found by its label and mounted whatever its filesystem (vfat or ISO 9660 in
    the hypervisors' tools); ext4 here, the one the test machines' kernels all mount.
    """
    if os.geteuid() != 0 or not all(shutil.which(tool) for tool in ("mkfs.ext4", "losetup", "blkid")):
        pytest.skip("needs root (a loop device), e2fsprogs and util-linux")
    password = "pa$HOME`id`-seed"
    seed, content = tmp_path / "seed.img", tmp_path / "seed"
    content.mkdir()
    (content / "guichet-firstboot.env").write_text(
        f"GUICHET_FIRM=Cabinet Graine\r\nGUICHET_ADMIN_EMAIL=it@graine.test\r\n"
        f"GUICHET_ADMIN_PASSWORD={password}\r\n")  # written on Windows: CRLF
    subprocess.run(["mkfs.ext4", "-q", "-L", "CIDATA", "-d", str(content), str(seed), "8M"], check=True)
    loop = subprocess.run(["losetup", "--find", "--show", "--read-only", str(seed)], check=True,
                          capture_output=True, text=True).stdout.strip()
    try:
        done = subprocess.run([str(FIRSTBOOT)], env=_environment(tmp_path, None), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, check=False)
    finally:
        subprocess.run(["losetup", "-d", loop], check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _password_matches(tmp_path, "it@graine.test", password)
    assert not (tmp_path / "run" / "nocloud.env").exists()  # the copy holding the password is gone


def _converse(tmp_path: Path, dialogue: list[tuple[str, str]]) -> str:
    """Run the first boot on a terminal (a pty), answering each expected question in turn."""
    import pty
    import select
    import time

    master, slave = pty.openpty()
    process = subprocess.Popen([str(FIRSTBOOT)], env=_environment(tmp_path, None),
                               stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    screen, seen = "", 0

    def read_for(seconds: float) -> None:
        nonlocal screen
        ready, _, _ = select.select([master], [], [], seconds)
        if ready:
            try:
                screen += os.read(master, 4096).decode("utf-8", "replace")
            except OSError:  # the process ended and closed the terminal
                time.sleep(0.1)

    try:
        for expected, answer in dialogue:
            deadline = time.monotonic() + 60
            while expected not in screen[seen:]:
                assert time.monotonic() < deadline, f"« {expected} » jamais affiché :\n{screen}"
                read_for(1)
            seen = screen.index(expected, seen) + len(expected)
            os.write(master, answer.encode() + b"\n")
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            read_for(1)
        read_for(0.5)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    assert process.returncode == 0, screen
    return screen


def test_firstboot_on_the_console_checks_each_answer_and_asks_again(tmp_path):
    screen = _converse(tmp_path, [
        ("Appuyez sur Entrée", ""),
        ("Nom du cabinet", "Cabinet Martin"),
        ("Adresse e-mail", "pas-une-adresse"),  # refused at once, asked again
        ("Adresse e-mail", "admin@martin.test"),
        ("Mot de passe", "court"), ("Confirmez", "court"),  # the policy, before going on
        ("Mot de passe", "un-bon-mot-de-passe"), ("Confirmez", "un-bon-mot-de-passe"),
        ("Adresse publique", ""),
        ("certificat TLS", ""),
        ("Clé SSH", "ssh-ed25519 AAAAC3Nza tronquée"),  # refused at once, asked again
        ("Clé SSH", _public_key(tmp_path, "it@martin")),
    ])
    assert "clé SSH publique illisible" in screen
    assert (tmp_path / "ssh" / "authorized_keys").read_text().count("\n") == 1
    assert "it@martin" in (tmp_path / "ssh" / "authorized_keys").read_text()
    assert "adresse e-mail invalide" in screen
    assert "au moins 8 caractères" in screen
    assert "Guichet est prêt" in screen
    assert "un-bon-mot-de-passe" not in screen  # never echoed
    assert _password_matches(tmp_path, "admin@martin.test", "un-bon-mot-de-passe")


def test_firstboot_the_other_console_steps_aside(tmp_path):
    """Screen and serial console both ask; answering on one releases the other (no deadlock)."""
    import pty
    import time

    master, slave = pty.openpty()
    idle = subprocess.Popen([str(FIRSTBOOT)], env=_environment(tmp_path, None), stdin=slave, stdout=slave,
                            stderr=slave, close_fds=True)
    os.close(slave)
    try:
        _converse(tmp_path, [
            ("Appuyez sur Entrée", ""), ("Nom du cabinet", "Cabinet Martin"), ("Adresse e-mail", "a@martin.test"),
            ("Mot de passe", "un-bon-mot-de-passe"), ("Confirmez", "un-bon-mot-de-passe"),
            ("Adresse publique", ""), ("certificat TLS", ""), ("Clé SSH", ""),
        ])
        deadline = time.monotonic() + 30
        while idle.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        screen = os.read(master, 65536).decode("utf-8", "replace")
    finally:
        if idle.poll() is None:
            idle.kill()
        os.close(master)
    assert idle.returncode == 0
    assert "se fait sur une autre console" in screen


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


def test_appliance_disk_image_boots_and_installs():
    """Boot the built disk image (BIOS and UEFI) and check a real installation (appliance/boot-test.py).

    Minutes long, needs root, qemu, dnsmasq, chrony and a built image: runs only when
    ``GUICHET_APPLIANCE_IMAGE`` names ``build/appliance/guichet.qcow2`` (``make appliance``),
    never in ``make test``.
    """
    image = os.environ.get("GUICHET_APPLIANCE_IMAGE")
    if not image:
        pytest.skip("GUICHET_APPLIANCE_IMAGE not set: boot test of a built appliance image "
                    "(make appliance, then GUICHET_APPLIANCE_IMAGE=build/appliance/guichet.qcow2)")
    if not Path(image).exists():
        pytest.fail(f"GUICHET_APPLIANCE_IMAGE={image} does not exist")
    if os.geteuid() != 0:
        pytest.skip("the boot test needs root (test network, qemu)")
    done = subprocess.run([sys.executable, str(APPLIANCE / "boot-test.py"), image],
                          capture_output=True, text=True, check=False, timeout=3600)
    print(done.stdout)  # one line per check (pytest -rP shows them)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "machine-id différent sur chaque copie" in done.stdout


def _tarball(tmp_path: Path, files: dict[str, bytes], links: dict[str, str]) -> Path:
    import io
    import tarfile

    path = tmp_path / "rootfs.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(f"./{name}")
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name, target in links.items():
            info = tarfile.TarInfo(f"./{name}")
            info.type, info.linkname = tarfile.SYMTYPE, target
            archive.addfile(info)
    return path


#: A key body as PEM writes it (64 base64 characters a line).
BODY = b"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n"
#: What a library holds: the marker as a constant, no key (cryptography's ssh.py, libssh2).
MARKER_ONLY = b'_SK_START = b"-----BEGIN OPENSSH PRIVATE KEY-----"\n_SK_END = b"-----END OPENSSH PRIVATE KEY-----"\n'
CLEAN = {"etc/machine-id": b"", "etc/hostname": b"guichet\n", "usr/bin/tool": b"\x7fELF...",
         "opt/venv/cryptography/ssh.py": MARKER_ONLY}
CLEAN_LINKS = {"etc/resolv.conf": "../run/systemd/resolve/stub-resolv.conf", "var/lib/dbus/machine-id": "/etc/machine-id"}


def _lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(APPLIANCE / "lint-tarball.py"), str(path)],
                          capture_output=True, text=True, check=False)


def test_tarball_lint_passes_a_clean_image(tmp_path):
    done = _lint(_tarball(tmp_path, CLEAN, CLEAN_LINKS))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("files", "links", "expected"), [
    ({"etc/ssh/ssh_host_ed25519_key": b"x"}, {}, "clé d'hôte SSH"),
    ({"etc/ssl/private/ssl-cert-snakeoil.key": b"-----BEGIN PRIVATE KEY-----\n" + BODY}, {}, "clé privée"),
    ({"etc/guichet/tls/privkey.pem": b"-----BEGIN RSA PRIVATE KEY-----\n" + BODY}, {}, "clé privée"),
    ({"root/.ssh/id_ed25519": b"-----BEGIN OPENSSH PRIVATE KEY-----\n" + BODY}, {}, "clé privée"),
    ({"etc/machine-id": b"0123456789abcdef0123456789abcdef\n"}, {}, "/etc/machine-id n'est pas vide"),
    ({"var/lib/systemd/random-seed": b"\x01" * 512}, {}, "graine aléatoire"),
    ({"etc/resolv.conf": b"nameserver 10.0.0.1\n"}, {"etc/resolv.conf": None}, "DNS du constructeur"),
    ({"var/lib/guichet/secret_key": b"Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy\n"}, {}, "clé des sessions web"),
    ({"var/lib/guichet/guichet.db": b"SQLite format 3\x00"}, {}, "base d'une instance"),
    ({"var/lib/guichet/.configured": b""}, {}, "premier démarrage serait sauté"),
    ({"etc/guichet/firstboot.env": b"GUICHET_ADMIN_PASSWORD=x\n"}, {}, "réponses du premier démarrage"),
    ({"root/.ssh/authorized_keys": b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 builder@ci\n"}, {}, "entrerait sur chaque copie"),
    ({"home/admin/.ssh/authorized_keys": b"ssh-rsa AAAAB3NzaC1yc2E builder@ci\n"}, {}, "entrerait sur chaque copie"),
], ids=["ssh-host-key", "snakeoil", "build-tls-key", "openssh-key", "machine-id", "random-seed", "resolv.conf",
        "session-key", "instance-db", "configured", "answers", "root-authorized-keys", "user-authorized-keys"])
def test_tarball_lint_refuses_what_must_not_ship(tmp_path, files, links, expected):
    all_links = {k: v for k, v in {**CLEAN_LINKS, **links}.items() if v is not None}
    done = _lint(_tarball(tmp_path, {**CLEAN, **files}, all_links))
    assert done.returncode == 1
    assert expected in done.stderr, done.stderr


# ---- compare-builds.py: two builds of one commit and one snapshot must be alike ----

def _build_dir(root: Path, files: dict[str, bytes], modes: dict[str, int] | None = None,
               packages: str = "bash 5.2.15-2+b7\nzlib1g 1:1.2.13.dfsg-1\n",
               python: str = "lxml==6.2.0\npip==25.1\n") -> Path:
    import io
    import tarfile

    root.mkdir()
    (root / "packages.txt").write_text(packages)
    (root / "python-packages.txt").write_text(python)
    with tarfile.open(root / "guichet-rootfs.tar.gz", "w:gz") as archive:
        for name, content in sorted(files.items()):
            info = tarfile.TarInfo(f"./{name}")
            info.size, info.mode = len(content), (modes or {}).get(name, 0o644)
            archive.addfile(info, io.BytesIO(content))
    return root


def _compare(a: Path, b: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(APPLIANCE / "compare-builds.py"), str(a), str(b)],
                          capture_output=True, text=True, check=False)


FILES = {"etc/hostname": b"guichet\n", "usr/bin/tool": b"\x7fELF...",
         "var/lib/postgresql/15/main/global/pg_control": b"id 7312"}


def test_compare_builds_passes_alike_builds_and_shows_the_allowed_differences(tmp_path, capsys):
    import importlib.util

    a = _build_dir(tmp_path / "a", FILES)
    assert _compare(a, _build_dir(tmp_path / "same", FILES)).returncode == 0
    b = _build_dir(tmp_path / "b", {**FILES, "var/lib/postgresql/15/main/global/pg_control": b"id 9041"})
    spec = importlib.util.spec_from_file_location("compare_builds", APPLIANCE / "compare-builds.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["compare_builds"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    assert module.compare(a, b) == 1  # not allowed: a difference
    module.ALLOWED_CONTENT = {r"^\./var/lib/postgresql/": "grappe créée à l'installation"}
    assert module.compare(a, b) == 0
    out = capsys.readouterr().out
    assert "var/lib/postgresql/15/main/global/pg_control (grappe créée à l'installation)" in out


@pytest.mark.parametrize(("b_files", "b_modes", "b_packages", "b_python", "expected"), [
    ({**FILES, "usr/bin/tool": b"\x7fELF..2"}, None, None, None, "/usr/bin/tool : contenu différent"),
    (FILES, {"usr/bin/tool": 0o755}, None, None, "/usr/bin/tool : mode 0644 dans A, 0755 dans B"),
    ({**FILES, "var/log/apt/history.log": b"Start-Date"}, None, None, None, "/var/log/apt/history.log seulement dans B"),
    (FILES, None, "bash 5.2.15-2+b8\nzlib1g 1:1.2.13.dfsg-1\n", None,
     "paquets Debian : bash 5.2.15-2+b7 dans A, 5.2.15-2+b8 dans B"),
    (FILES, None, None, "lxml==6.2.0\n", "paquets Python : pip seulement dans A (25.1)"),
], ids=["content", "mode", "extra-file", "debian-version", "python-package"])
def test_compare_builds_fails_on_each_kind_of_difference(tmp_path, b_files, b_modes, b_packages, b_python, expected):
    a = _build_dir(tmp_path / "a", FILES)
    extra = {k: v for k, v in {"packages": b_packages, "python": b_python}.items() if v is not None}
    b = _build_dir(tmp_path / "b", b_files, b_modes, **extra)
    done = _compare(a, b)
    assert done.returncode == 1
    assert expected in done.stdout, done.stdout


# ---- check-ova.py: the OVA as VMware reads it (DMTF schema, manifest, streamOptimized VMDK) ----

OVF_SCHEMAS = ROOT.parent / "shared" / "specs" / "ovf-1.1"


def _ova(tmp_path: Path) -> Path:
    raw = tmp_path / "disk.raw"
    with raw.open("wb") as disk:
        disk.truncate(16 * 1024 * 1024)
        disk.write(b"\x55\xaa" * 256)  # some data: a streamOptimized VMDK compresses what is there
    done = subprocess.run([str(APPLIANCE / "make-ova.sh"), str(raw), str(tmp_path / "guichet.ova"), "16"],
                          capture_output=True, text=True, check=False, env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
    assert done.returncode == 0, done.stderr
    return tmp_path / "guichet.ova"


def _check_ova(ova: Path, *, schema: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(APPLIANCE / "check-ova.py"), str(ova),
                           *(["--schemas", str(OVF_SCHEMAS)] if schema else ["--without-schema"])],
                          capture_output=True, text=True, check=False)


def _rewritten(ova: Path, target: Path, changes: dict[str, tuple[bytes, bytes]]) -> Path:
    """A copy of ``ova`` whose members get ``old -> new`` byte replacements (the manifest kept as it was)."""
    import io
    import tarfile

    with tarfile.open(ova) as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive.getmembers()}
    for name, (old, new) in changes.items():
        members[name] = members[name].replace(old, new)
    with tarfile.open(target, "w", format=tarfile.USTAR_FORMAT) as archive:
        for name in ("guichet.ovf", "guichet-disk1.vmdk", "guichet.mf"):
            info = tarfile.TarInfo(name)
            info.size = len(members[name])
            archive.addfile(info, io.BytesIO(members[name]))
    return target


def test_the_ova_is_a_ustar_with_its_manifest_and_a_stream_optimized_disk(tmp_path):
    done = _check_ova(_ova(tmp_path), schema=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ manifeste SHA-256 conforme" in done.stdout
    assert "sous-format streamOptimized" in done.stdout
    assert "NON vérifié contre le schéma DMTF" in done.stdout


def test_check_ova_refuses_a_manifest_that_does_not_match(tmp_path):
    broken = _rewritten(_ova(tmp_path), tmp_path / "broken.ova", {"guichet.ovf": (b"<VirtualSystem ", b"<VirtualSystem  ")})
    done = _check_ova(broken, schema=False)
    assert done.returncode == 1
    assert "✗ manifeste SHA-256 conforme" in done.stdout, done.stdout


def test_check_ova_without_the_dmtf_schemas_says_so_and_stops(tmp_path):
    done = subprocess.run([sys.executable, str(APPLIANCE / "check-ova.py"), str(tmp_path / "any.ova"),
                           "--schemas", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "dsp8023_1.1.1.xsd absent" in done.stderr


@pytest.mark.skipif(not (OVF_SCHEMAS / "dsp8023_1.1.1.xsd").exists(),
                    reason="DMTF OVF schemas absent (shared/specs/ovf-1.1, see appliance/check-ova.py)")
def test_the_descriptor_is_valid_ovf_and_a_renamed_element_is_refused(tmp_path):
    ova = _ova(tmp_path)
    done = _check_ova(ova)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ descripteur valide selon le schéma DMTF OVF" in done.stdout
    broken = _rewritten(ova, tmp_path / "broken.ova", {"guichet.ovf": (b"VirtualSystem", b"VirtualMachine")})
    done = _check_ova(broken)
    assert done.returncode == 1
    assert "✗ descripteur valide selon le schéma DMTF OVF" in done.stdout, done.stdout


def test_compare_builds_compares_the_root_trees_before_they_are_archived(tmp_path):
    for side in ("a", "b"):
        root = tmp_path / side / "rootfs"
        (root / "etc").mkdir(parents=True)
        (root / "etc" / "hostname").write_text("guichet\n")
        (root / "etc" / "resolv.conf").symlink_to("../run/systemd/resolve/stub-resolv.conf")
        (root / "proc").mkdir()
        (root / "proc" / "cpuinfo").write_text(side)  # left out, as build.sh's tar does
        (tmp_path / side / "packages.txt").write_text("bash 5.2\n")
        (tmp_path / side / "python-packages.txt").write_text("lxml==6.2.0\n")
    command = [sys.executable, str(APPLIANCE / "compare-builds.py"), "--trees", str(tmp_path / "a"), str(tmp_path / "b")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "b" / "rootfs" / "etc" / "hostname").chmod(0o600)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "/etc/hostname : mode 0644 dans A, 0600 dans B" in done.stdout, done.stdout
