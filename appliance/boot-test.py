#!/usr/bin/env python3
"""Boot the appliance's disk image as a firm's IT would, and check what a real installation needs.

    sudo appliance/boot-test.py build/appliance/guichet.qcow2 [--firmware bios uefi] [--screens DIR]

(``make appliance-boot-smoke``.) For each firmware, a fresh copy of the image (a qcow2
overlay on an 8 GB disk) boots in qemu (software emulation, or KVM with
``GUICHET_QEMU_ACCEL=kvm``) on a test network the harness builds on the host: a bridge with dnsmasq
(DHCP, DNS with a test name, the NTP server announced by DHCP) and chronyd (NTP). The
first boot is answered **on the serial console**, as a person would (a refused password
first); then the harness signs in over SSH with the key it gave and checks:

- the questions and the final screen with the machine's address are on the console
  (a screenshot of the screen, tty1, is kept when ``--screens`` is given);
- the root filesystem grew to the disk; fstab mounts by label;
- names resolve through the DNS the DHCP server gave (systemd-resolved), not the builder's;
- the clock is synchronised (systemd-timesyncd, NTP server from DHCP);
- the machine id and the TLS certificate are new: different on each copy;
- the administrator signs in over https with the Host a browser behind NAT on port 8443 sends
  (the CSRF referrer check through the real nginx), and a form from elsewhere is refused;
- ``/healthz`` is a bare "ok" from outside and detailed on loopback; nginx hides its version;
- SFTP started after the first boot's migrations; no failed unit.

Prints one line per check and exits 1 when any fails. Needs root, qemu-system-x86,
qemu-utils, dnsmasq-base, chrony, openssh-client, iproute2, ovmf (for uefi).
Written by hand (no library drives a serial-console dialogue with qemu and a test
network): the standard library only, so that it runs with the system's Python.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OVMF_CODE = Path("/usr/share/OVMF/OVMF_CODE_4M.fd")
OVMF_VARS = Path("/usr/share/OVMF/OVMF_VARS_4M.fd")
TEST_NAME = "pa.guichet-test.lan"
GOOD_PASSWORD = "Essai-premier-demarrage-2026"
ADMIN_EMAIL = "admin@essai.test"


#: The virtual hardware of each hypervisor, as qemu emulates it: disk controller and NIC.
#: "proxmox" is a VM's default there (VirtIO SCSI, VirtIO network); "vmware" what the OVA
#: declares, a VMXNET3 card, with VMware's paravirtual SCSI standing in for its LSI Logic
#: (qemu has no LSI53C1030).
HARDWARE = {
    "virtio": lambda disk: ["-drive", f"file={disk},if=virtio,format=qcow2",
                            "-device", "virtio-net-pci,netdev=net0"],
    "proxmox": lambda disk: ["-device", "virtio-scsi-pci,id=scsi0",
                             "-drive", f"file={disk},if=none,id=disk0,format=qcow2",
                             "-device", "scsi-hd,drive=disk0,bus=scsi0.0", "-device", "virtio-net-pci,netdev=net0"],
    "vmware": lambda disk: ["-device", "pvscsi,id=scsi0", "-drive", f"file={disk},if=none,id=disk0,format=qcow2",
                            "-device", "scsi-hd,drive=disk0,bus=scsi0.0", "-device", "vmxnet3,netdev=net0"],
}


def image_format(image: Path) -> str:
    """qcow2, raw or vmdk, as qemu-img reads it (never guessed from the name)."""
    import json

    return json.loads(run("qemu-img", "info", "--output=json", str(image)).stdout)["format"]


class Failed(Exception):
    """A check that did not hold; its message says what was seen."""


def run(*command: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, capture_output=True, text=True, **kwargs)


class TestNetwork:
    """A bridge on the host with DHCP + DNS (dnsmasq) and NTP (chronyd) for the guest."""

    def __init__(self, work: Path, index: int) -> None:
        self.work = work
        self.subnet = f"10.77.{100 + index}"
        self.host = f"{self.subnet}.1"
        suffix = f"{os.getpid() % 10000}{index}"
        self.bridge, self.tap = f"gbr{suffix}", f"gtap{suffix}"
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> TestNetwork:
        run("ip", "link", "add", self.bridge, "type", "bridge")
        run("ip", "addr", "add", f"{self.host}/24", "dev", self.bridge)
        run("ip", "link", "set", self.bridge, "up")
        run("ip", "tuntap", "add", "dev", self.tap, "mode", "tap")
        run("ip", "link", "set", self.tap, "master", self.bridge, "up")
        self.processes.append(subprocess.Popen([
            "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", f"--interface={self.bridge}",
            "--bind-interfaces", "--except-interface=lo", "--no-resolv", "--no-hosts", f"--address=/{TEST_NAME}/{self.host}",
            f"--dhcp-range={self.subnet}.50,{self.subnet}.99,12h", f"--dhcp-option=option:ntp-server,{self.host}",
            f"--dhcp-option=option:dns-server,{self.host}", f"--dhcp-leasefile={self.work}/leases",
            f"--pid-file={self.work}/dnsmasq.pid", f"--log-facility={self.work}/dnsmasq.log", "--log-dhcp",
        ]))
        conf = self.work / "chrony.conf"
        conf.write_text(f"allow {self.subnet}.0/24\nlocal stratum 8\nbindaddress {self.host}\n"
                        f"cmdport 0\npidfile {self.work}/chronyd.pid\ndriftfile {self.work}/chrony.drift\n")
        self.processes.append(subprocess.Popen(["chronyd", "-x", "-d", "-f", str(conf)],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return self

    def __exit__(self, *_exc: object) -> None:
        for process in self.processes:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(5)
        run("ip", "link", "del", self.tap, check=False)
        run("ip", "link", "del", self.bridge, check=False)


class Machine:
    """One qemu guest: its serial console as a socket, its screen through the monitor."""

    def __init__(self, image: Path, work: Path, network: TestNetwork, firmware: str,
                 hardware: str = "virtio") -> None:
        self.work, self.firmware, self.hardware = work, firmware, hardware
        self.disk = work / "disk.qcow2"
        # A copy-on-write overlay over the image as it is (qcow2, raw, or the VMDK of the OVA).
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", str(image.resolve()), "-F", image_format(image),
            str(self.disk), "8G")
        self.serial_path, self.monitor_path = work / "serial.sock", work / "monitor.sock"
        self.network = network
        self.log = (work / "serial.log").open("wb")
        self.start()

    def start(self) -> None:
        """Power on (again: the same disk, as after a reboot)."""
        work, firmware, network = self.work, self.firmware, self.network
        for path in (self.serial_path, self.monitor_path):
            path.unlink(missing_ok=True)
        # Software emulation by default: nested KVM was seen to hang in GRUB's real mode on the
        # development machine; GUICHET_QEMU_ACCEL=kvm where KVM is sound.
        accel = os.environ.get("GUICHET_QEMU_ACCEL", "tcg")
        command = ["qemu-system-x86_64", "-accel", accel, "-m", "2048", "-smp", "2",
                   *HARDWARE[self.hardware](self.disk),
                   "-netdev", f"tap,id=net0,ifname={network.tap},script=no,downscript=no",
                   "-serial", f"unix:{self.serial_path},server=on,wait=off",
                   "-monitor", f"unix:{self.monitor_path},server=on,wait=off",
                   "-display", "none", "-vga", "std", "-no-reboot"]
        if firmware == "uefi":
            variables = work / "OVMF_VARS.fd"
            if not variables.exists():  # kept across a restart, as a machine's NVRAM is
                shutil.copy(OVMF_VARS, variables)
            command += ["-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
                        "-drive", f"if=pflash,format=raw,file={variables}"]
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        self.console = self._connect(self.serial_path)
        self.screen = b""
        self.seen = 0

    def _connect(self, path: Path) -> socket.socket:
        for _ in range(100):
            with contextlib.suppress(OSError):
                sock = socket.socket(socket.AF_UNIX)
                sock.connect(str(path))
                return sock
            time.sleep(0.1)
        raise Failed(f"qemu n'a pas ouvert {path}")

    def expect(self, pattern: str, timeout: float) -> re.Match[bytes]:
        """Wait until the console shows ``pattern`` (a regex) after what was already matched."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern.encode())
        while True:
            clean = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", self.screen)
            found = regex.search(clean, self.seen)
            if found:
                self.seen = found.end()
                return found
            if time.monotonic() > deadline or self.process.poll() is not None:
                tail = clean[-1500:].decode("utf-8", "replace")
                raise Failed(f"« {pattern} » jamais affiché sur la console série ; fin :\n{tail}")
            self.console.settimeout(1)
            with contextlib.suppress(TimeoutError, socket.timeout):
                chunk = self.console.recv(65536)
                self.screen += chunk
                self.log.write(chunk)
                self.log.flush()

    def type(self, text: str) -> None:
        self.console.sendall(text.encode() + b"\r")

    def screenshot(self, target: Path) -> None:
        ppm = self.work / "screen.ppm"
        monitor = self._connect(self.monitor_path)
        monitor.sendall(f"screendump {ppm}\n".encode())
        time.sleep(2)
        monitor.close()
        try:
            from PIL import Image
        except ImportError:
            shutil.copy(ppm, target.with_suffix(".ppm"))
        else:
            Image.open(ppm).save(target)

    def power_off(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(20)
        if self.process.poll() is None:
            self.process.kill()
        self.console.close()

    def stop(self) -> None:
        self.power_off()
        self.log.close()


def ssh(key: Path, address: str, command: str, timeout: int = 120) -> str:
    done = run("ssh", "-i", str(key), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
               "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", f"root@{address}", command,
               check=False, timeout=timeout)
    if done.returncode != 0:
        raise Failed(f"ssh {command!r} : {done.returncode} {done.stderr.strip()}")
    return done.stdout.strip()


def first_boot_on_the_console(machine: Machine, public_key: str) -> tuple[str, str]:
    """Answer the first boot on ttyS0 as a person; return (address shown, fingerprint shown)."""
    machine.expect(r"Appuyez sur Entrée", 1500)
    machine.type("")
    machine.expect(r"Nom du cabinet", 300)
    machine.type("Cabinet Essai & Associés")
    machine.expect(r"Adresse e-mail", 300)
    machine.type(ADMIN_EMAIL)
    machine.expect(r"Mot de passe", 300)
    machine.type("court")
    machine.expect(r"Confirmez", 300)
    machine.type("court")
    machine.expect(r"au moins 8 caractères", 300)  # refused at once, asked again, no reboot
    machine.expect(r"Mot de passe", 300)
    machine.type(GOOD_PASSWORD)
    machine.expect(r"Confirmez", 300)
    machine.type(GOOD_PASSWORD)
    machine.expect(r"Adresse publique", 300)
    machine.type("")
    machine.expect(r"certificat TLS", 300)
    machine.type("")
    machine.expect(r"Clé SSH", 300)
    machine.type(public_key)
    ready = machine.expect(r"Guichet est prêt : ouvrez https://(\d+\.\d+\.\d+\.\d+)/", 300)
    fingerprint = machine.expect(r"Empreinte SHA-256 du certificat : ([0-9A-F:]{95})", 300)
    machine.expect(r"login:", 300)  # the login prompt came after, and the message stays above it
    return ready.group(1).decode(), fingerprint.group(1).decode()


def sign_in_through_nat(address: str, public: str, referer: str, work: Path) -> str:
    """Sign in as the administrator through the machine's real nginx, as a browser behind NAT does:
    the Host it sends is the public one (``public``, e.g. ``203.0.113.5:8443``), the TCP
    connection reaches the machine's port 443. Returns the HTTP status of the POST."""
    jar, base = work / "cookies.txt", ["curl", "-s", "-k", "--max-time", "60", "-H", f"Host: {public}"]
    jar.unlink(missing_ok=True)
    page = run(*base, "-c", str(jar), f"https://{address}/login", check=False).stdout
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if token is None:
        return f"(pas de formulaire : {page[:80]!r})"
    return run(*base, "-b", str(jar), "-c", str(jar), "-H", f"Referer: {referer}", "-o", "/dev/null",
               "-w", "%{http_code}", "--data-urlencode", f"csrf_token={token.group(1)}",
               "--data-urlencode", f"email={ADMIN_EMAIL}", "--data-urlencode", f"password={GOOD_PASSWORD}",
               f"https://{address}/login", check=False).stdout.strip()


def check_machine(key: Path, address: str, fingerprint: str, network: TestNetwork,
                  work: Path) -> dict[str, str]:
    """The checks inside the booted machine; returns what tells copies apart."""
    def wait_for(command: str, expected: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            out = ssh(key, address, command)
            if expected in out or time.monotonic() > deadline:
                return out
            time.sleep(3)

    deadline = time.monotonic() + 300  # sshd starts once the first boot released it
    while True:
        try:
            ssh(key, address, "true")
            break
        except (Failed, subprocess.TimeoutExpired):
            if time.monotonic() > deadline:
                raise
            time.sleep(5)
    ssh(key, address, "systemctl is-system-running --wait >/dev/null || true")
    checks: list[tuple[str, bool, str]] = []
    size = int(ssh(key, address, "findmnt -n -b -o SIZE /"))
    checks.append(("système de fichiers racine agrandi au disque (8 Go)", size > 7 * 1024**3, f"{size} octets"))
    fstab = ssh(key, address, "findmnt -n -o SOURCE,FSROOT / ; grep -c '^LABEL=' /etc/fstab")
    root_source, labels = fstab.splitlines()[0], fstab.splitlines()[-1]
    checks.append(("fstab par étiquette", labels == "2", f"{root_source} ; {labels} lignes LABEL="))
    resolv = ssh(key, address, "readlink /etc/resolv.conf")
    resolved = wait_for(f"getent hosts {TEST_NAME} || true", network.host, 60)
    checks.append(("DNS donné par DHCP (systemd-resolved)", network.host in resolved and "stub-resolv" in resolv,
                   f"{resolved} ; resolv.conf → {resolv}"))
    synced = wait_for("timedatectl show -p NTPSynchronized --value", "yes", 180)
    server = ssh(key, address, "timedatectl show-timesync -p ServerAddress --value || true")
    checks.append(("horloge synchronisée (NTP annoncé par DHCP)", synced == "yes", f"{synced} via {server}"))
    machine_id = ssh(key, address, "cat /etc/machine-id")
    checks.append(("machine-id créé au premier démarrage", re.fullmatch(r"[0-9a-f]{32}", machine_id) is not None,
                   machine_id))
    served = run("sh", "-c", f"echo | openssl s_client -connect {address}:443 2>/dev/null "
                             "| openssl x509 -noout -fingerprint -sha256", check=False).stdout
    checks.append(("certificat servi = empreinte affichée", fingerprint in served, served.strip()))
    # gunicorn loads the application after the first boot: slow under software emulation.
    up = wait_for("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/healthz", "200", 600)
    checks.append(("le web répond (nginx → gunicorn)", up == "200", f"HTTP {up}"))
    outside = run("curl", "-s", "-i", f"http://{address}/healthz", check=False).stdout
    checks.append(("/healthz nu de l'extérieur", outside.rstrip().endswith('{"status":"ok"}')
                   and "checks" not in outside, outside.splitlines()[-1] if outside else "(rien)"))
    # An outsider claiming to be the machine itself (a forged X-Forwarded-For), on 80 and on 443.
    forged = [run("curl", "-s", "-k", "--max-time", "30", "-H", "X-Forwarded-For: 127.0.0.1", url, check=False).stdout
              for url in (f"http://{address}/healthz", f"https://{address}/healthz")]
    checks.append(("/healthz nu malgré un X-Forwarded-For: 127.0.0.1 forgé (ports 80 et 443)",
                   all(answer.strip() == '{"status":"ok"}' for answer in forged), " ; ".join(a.strip()[:60] for a in forged)))
    version = re.search(r"(?im)^server: (.*)$", outside)
    checks.append(("nginx sans numéro de version", version is not None and version.group(1).strip() == "nginx",
                   version.group(1).strip() if version else "(pas d'en-tête Server)"))
    # Item 7: behind NAT on another port than 443 the browser's Host is the public address with
    # its port; the sign-in (CSRF referrer check) goes through, a form from elsewhere does not.
    nat = sign_in_through_nat(address, "203.0.113.5:8443", "https://203.0.113.5:8443/login", work)
    checks.append(("connexion https derrière NAT sur le port 8443 (nginx → Guichet)", nat == "302", f"HTTP {nat}"))
    forged = sign_in_through_nat(address, "203.0.113.5:8443", "https://ailleurs.example/login", work)
    checks.append(("formulaire venu d'ailleurs refusé", forged == "400", f"HTTP {forged}"))
    inside = ssh(key, address, "curl -s http://127.0.0.1/healthz")
    checks.append(("/healthz détaillé en local", '"checks"' in inside, inside[:80]))
    order = ssh(key, address, "systemctl show -p ExecMainExitTimestampMonotonic --value guichet-firstboot@ttyS0; "
                              "systemctl show -p ActiveEnterTimestampMonotonic --value guichet-sftp")
    firstboot_done, sftp_started = (int(x or 0) for x in order.splitlines())
    checks.append(("SFTP démarré après le premier démarrage", 0 < firstboot_done <= sftp_started,
                   f"premier démarrage {firstboot_done} µs, SFTP {sftp_started} µs"))
    failed = ssh(key, address, "systemctl --failed --no-legend --plain | awk '{print $1}'")
    checks.append(("aucune unité en échec", not failed, failed.replace("\n", " ") or "aucune"))
    for name, ok, detail in checks:
        print(f"  {'✓' if ok else '✗'} {name} — {detail}")
    if not all(ok for _, ok, _ in checks):
        raise Failed("au moins une vérification a échoué")
    return {"machine-id": machine_id, "certificat": fingerprint}


def grub_upgrade_then_reboot(machine: Machine, key: Path, address: str) -> None:
    """grub-pc knows the boot disk (debconf); its postinst, as an upgrade runs it, rewrites the
    boot code there; the machine then boots again from it."""
    disk = "/dev/" + ssh(key, address, "lsblk -n -o PKNAME \"$(findmnt -n -o SOURCE /)\" | head -n1")
    named = ssh(key, address, "debconf-show grub-pc | sed -n 's|^[* ] grub-pc/install_devices: *||p'")
    resolved = ssh(key, address, f"readlink -f '{named}'") if named else ""
    checks = [("debconf grub-pc/install_devices = disque de démarrage", resolved == disk,
               f"{named or '(vide)'} → {resolved or '?'} ; racine sur {disk}")]
    # dpkg-reconfigure runs grub-pc's postinst "configure", the very code an upgrade runs.
    # grub-install and update-grub take minutes under software emulation (more than the usual 120 s).
    out = ssh(key, address, "DEBIAN_FRONTEND=noninteractive dpkg-reconfigure grub-pc 2>&1", timeout=1200)
    checks.append(("grub-pc réinstalle GRUB sur ce disque (postinst d'une mise à jour)",
                   f"grub-install success for {disk}" in out,
                   next((line for line in out.splitlines() if "grub-install" in line), out[-200:])))
    before = ssh(key, address, "cat /proc/sys/kernel/random/boot_id")
    with contextlib.suppress(Failed, subprocess.TimeoutExpired):
        ssh(key, address, "systemctl poweroff")
    with contextlib.suppress(subprocess.TimeoutExpired):
        machine.process.wait(300)
    machine.power_off()
    machine.start()  # the same disk, the same firmware (and UEFI variables)
    machine.expect(r"login:", 1500)
    deadline, after = time.monotonic() + 300, ""
    while time.monotonic() < deadline and not after:
        with contextlib.suppress(Failed, subprocess.TimeoutExpired):
            after = ssh(key, address, "cat /proc/sys/kernel/random/boot_id")
        time.sleep(5)
    checks.append(("redémarre après la réinstallation de GRUB", bool(after) and after != before,
                   f"boot_id {before[:8]} → {after[:8] or '(pas de réponse SSH)'}"))
    for name, ok, detail in checks:
        print(f"  {'✓' if ok else '✗'} {name} — {detail}")
    if not all(ok for _, ok, _ in checks):
        raise Failed("GRUB : au moins une vérification a échoué")


def boot(image: Path, firmware: str, index: int, screens: Path | None, key: Path,
         hardware: str = "virtio") -> dict[str, str]:
    work = Path(tempfile.mkdtemp(prefix=f"guichet-boot-{firmware}-", dir="/var/tmp"))
    machine = None
    started = time.monotonic()
    try:
        with TestNetwork(work, index) as network:
            machine = Machine(image, work, network, firmware, hardware)
            print(f"{firmware} : qemu démarré ({image.name}, {image_format(image)}, matériel {hardware}), "
                  f"console série {work / 'serial.log'}")
            address, fingerprint = first_boot_on_the_console(machine, (key.with_suffix(".pub")).read_text().strip())
            print(f"{firmware} : premier démarrage fait en {time.monotonic() - started:.0f} s, "
                  f"la console affiche https://{address}/")
            if screens:
                screens.mkdir(parents=True, exist_ok=True)
                machine.screenshot(screens / f"console-{firmware}.png")
            found = check_machine(key, address, fingerprint, network, work)
            grub_upgrade_then_reboot(machine, key, address)
            with contextlib.suppress(Failed, subprocess.TimeoutExpired):
                ssh(key, address, "systemctl poweroff")
            return found
    finally:
        if machine:
            machine.stop()
            shutil.copy(work / "serial.log", f"/var/tmp/guichet-boot-{firmware}-serial.log")
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("image", type=Path)
    parser.add_argument("--firmware", nargs="+", choices=["bios", "uefi"], default=["bios", "uefi"])
    parser.add_argument("--screens", type=Path, help="dossier où garder les captures de la console")
    parser.add_argument("--hardware", choices=sorted(HARDWARE), default="virtio",
                        help="contrôleur disque et carte réseau émulés (vmware : PVSCSI + VMXNET3)")
    parser.add_argument("--network", type=int, default=0,
                        help="numéro du premier réseau de test (10.77.100+N.0/24) : deux tests à la fois")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("boot-test : lancez en root (réseau de test, qemu)", file=sys.stderr)
        return 2
    for tool in ("qemu-system-x86_64", "qemu-img", "dnsmasq", "chronyd", "ssh", "ip", "curl", "openssl"):
        if shutil.which(tool) is None:
            print(f"boot-test : {tool} absent (apt-get install qemu-system-x86 qemu-utils dnsmasq-base chrony "
                  "openssh-client iproute2 curl ovmf)", file=sys.stderr)
            return 2
    key_dir = Path(tempfile.mkdtemp(prefix="guichet-boot-key-"))
    if args.image.suffix == ".ova":  # the disk a VMware import uses: the OVA's own VMDK, as it is
        import tarfile

        with tarfile.open(args.image) as ova:
            vmdk = next(member for member in ova.getmembers() if member.name.endswith(".vmdk"))
            ova.extract(vmdk, key_dir, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
        args.image = key_dir / vmdk.name
    key = key_dir / "id_ed25519"
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key))
    copies: dict[str, dict[str, str]] = {}
    try:
        for index, firmware in enumerate(args.firmware):
            try:
                copies[firmware] = boot(args.image, firmware, args.network + index, args.screens, key, args.hardware)
            except Failed as problem:
                print(f"boot-test : {firmware} : {problem}", file=sys.stderr)
                return 1
    finally:
        shutil.rmtree(key_dir, ignore_errors=True)
    if len(copies) > 1:
        for what in ("machine-id", "certificat"):
            values = {found[what] for found in copies.values()}
            ok = len(values) == len(copies)
            print(f"  {'✓' if ok else '✗'} {what} différent sur chaque copie")
            if not ok:
                return 1
    print("boot-test : l'image démarre et s'installe comme attendu")
    return 0


if __name__ == "__main__":
    sys.exit(main())
