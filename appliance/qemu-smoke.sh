#!/usr/bin/env bash
# Boot the built appliance in a real virtual machine and check that /healthz answers.
#   sudo appliance/qemu-smoke.sh [ROOTFS_DIR | guichet-rootfs.tar.gz]   (make appliance-boot-smoke)
#
# No bootloader: the root filesystem becomes a raw ext4 disk (mkfs.ext4 -d), qemu boots
# the image's own Debian kernel and initramfs directly (-kernel/-initrd, root=/dev/vda).
# The first boot is answered unattended (/etc/guichet/firstboot.env written into the
# disk with debugfs), then /healthz is asked through nginx on port 80 (forwarded to an
# ephemeral port on 127.0.0.1). The guest has no outside network (user-mode networking
# with restrict=on: only the port forward). The source tree or tarball is never changed.
#
# Needs, as root: qemu-system-x86 (qemu-system-x86_64), e2fsprogs (mkfs.ext4, debugfs),
# curl, python3. Software emulation (TCG) by default: a first boot takes minutes.
# Environment:
#   GUICHET_QEMU_ACCEL    tcg (default) or kvm
#   GUICHET_QEMU_TIMEOUT  seconds to wait for /healthz (default 900)
#   GUICHET_QEMU_LOG      where to keep the serial console log (default: in the work dir, printed)
#   GUICHET_QEMU_WORKDIR  where to put the disk image (default: a new folder in /var/tmp)
#   GUICHET_QEMU_APPEND   more kernel arguments
set -euo pipefail

SRC="${1:-build/appliance/rootfs}"
ACCEL="${GUICHET_QEMU_ACCEL:-tcg}"
TIMEOUT="${GUICHET_QEMU_TIMEOUT:-900}"
die() { echo "qemu-smoke: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "lancez en root (mkfs.ext4 -d doit lire tous les fichiers de l'image)"
for tool in qemu-system-x86_64 mkfs.ext4 debugfs curl python3; do
  command -v "$tool" >/dev/null || die "$tool absent (apt-get install qemu-system-x86 e2fsprogs curl)"
done
[ -e "$SRC" ] || die "$SRC absent (make appliance)"

WORK="$(mktemp -d "${GUICHET_QEMU_WORKDIR:-/var/tmp}/guichet-qemu.XXXXXX")"
LOG="${GUICHET_QEMU_LOG:-$WORK/serial.log}"
QEMU_PID=""
cleanup() {
  if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then kill "$QEMU_PID" 2>/dev/null || true; fi
  case "$LOG" in "$WORK"/*) cp "$LOG" "/var/tmp/guichet-qemu-last-serial.log" 2>/dev/null || true ;; esac
  rm -rf "$WORK"
}
trap cleanup EXIT

# 1. The root filesystem: a folder as is, or the tarball unpacked in the work dir.
if [ -d "$SRC" ]; then
  ROOTFS="$(cd "$SRC" && pwd)"
else
  ROOTFS="$WORK/rootfs"
  mkdir "$ROOTFS"
  tar --numeric-owner --xattrs -xzf "$SRC" -C "$ROOTFS"
fi
KERNEL="$(ls "$ROOTFS"/boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1)"
INITRD="$(ls "$ROOTFS"/boot/initrd.img-* 2>/dev/null | sort -V | tail -n1)"
[ -n "$KERNEL" ] && [ -n "$INITRD" ] || die "pas de noyau ou d'initramfs dans $ROOTFS/boot (linux-image-amd64)"
cp "$KERNEL" "$INITRD" "$WORK/"
KERNEL="$WORK/$(basename "$KERNEL")"
INITRD="$WORK/$(basename "$INITRD")"

# 2. The disk: ext4 made from the tree (owners, modes and xattrs kept), with room for the data.
IMAGE="$WORK/disk.raw"
USED_MB="$(du -sm --apparent-size "$ROOTFS" | cut -f1)"
SIZE_MB=$(( USED_MB * 13 / 10 + 2048 ))
started=$(date +%s)
mkfs.ext4 -q -F -L guichet-root -d "$ROOTFS" "$IMAGE" "${SIZE_MB}M" >/dev/null
[ "$ROOTFS" = "$WORK/rootfs" ] && rm -rf "$ROOTFS"
cat > "$WORK/firstboot.env" <<ANS
GUICHET_FIRM="Cabinet Essai"
GUICHET_ADMIN_EMAIL=admin@essai.test
GUICHET_ADMIN_PASSWORD=motdepasse-essai
ANS
debugfs -w -R "write $WORK/firstboot.env /etc/guichet/firstboot.env" "$IMAGE" >/dev/null 2>&1
debugfs -R "stat /etc/guichet/firstboot.env" "$IMAGE" 2>/dev/null | grep -q "Size: [1-9]" \
  || die "impossible d'écrire /etc/guichet/firstboot.env dans l'image"
echo "qemu-smoke: disque ${SIZE_MB} Mo prêt en $(( $(date +%s) - started )) s"

# 3. Boot. An ephemeral port on loopback for nginx's port 80 (it serves /healthz there).
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
: > "$LOG"
APPEND="root=/dev/vda rw console=ttyS0 systemd.unit=multi-user.target ${GUICHET_QEMU_APPEND:-}"
booted=$(date +%s)
qemu-system-x86_64 -accel "$ACCEL" -m 2048 -smp 2 \
  -kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND" \
  -drive "file=$IMAGE,format=raw,if=virtio" \
  -nic "user,model=virtio-net-pci,restrict=on,hostfwd=tcp:127.0.0.1:$PORT-:80" \
  -display none -serial "file:$LOG" -monitor "unix:$WORK/monitor,server,nowait" -no-reboot &
QEMU_PID=$!
echo "qemu-smoke: qemu ($ACCEL) pid $QEMU_PID, console série : $LOG, /healthz sur 127.0.0.1:$PORT"

milestone() {  # milestone NAME PATTERN: print once when the serial log first shows PATTERN
  local var="seen_$1"
  if [ -z "${!var:-}" ] && grep -aqE "$2" "$LOG"; then
    printf -v "$var" '%s' 1
    echo "qemu-smoke: +$(( $(date +%s) - booted )) s $1"
  fi
}
result=1
while [ $(( $(date +%s) - booted )) -lt "$TIMEOUT" ]; do
  milestone noyau 'Linux version'
  milestone racine 'Run /sbin/init|Run /init as init'
  milestone systemd 'Welcome to .*Debian|systemd\[1\]|Reached target'
  milestone premier_demarrage 'Guichet first-boot'
  milestone login 'login:'
  if ! kill -0 "$QEMU_PID" 2>/dev/null; then
    echo "qemu-smoke: qemu s'est arrêté avant la réponse de /healthz" >&2; break
  fi
  if body="$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT/healthz" 2>/dev/null)"; then
    echo "qemu-smoke: +$(( $(date +%s) - booted )) s /healthz → $body"
    if echo "$body" | grep -q '"status": *"ok"'; then result=0; fi
    break
  fi
  sleep 5
done
[ "$result" = 0 ] || echo "qemu-smoke: pas de /healthz ok après $(( $(date +%s) - booted )) s" >&2
grep -aE 'FAILED|Failed to start' "$LOG" | sed 's/^/qemu-smoke: échec : /' >&2 || true

# 4. Power off cleanly (ACPI), then stop qemu if the guest does not.
if kill -0 "$QEMU_PID" 2>/dev/null; then
  python3 - "$WORK/monitor" <<'PY' || true
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"system_powerdown\n")
time.sleep(1)
PY
  for _ in $(seq 1 60); do kill -0 "$QEMU_PID" 2>/dev/null || break; sleep 2; done
  if kill -0 "$QEMU_PID" 2>/dev/null; then
    echo "qemu-smoke: arrêt ACPI trop long, qemu arrêté" >&2; kill "$QEMU_PID"
  else
    echo "qemu-smoke: machine éteinte +$(( $(date +%s) - booted )) s"
  fi
fi
wait "$QEMU_PID" 2>/dev/null || true
QEMU_PID=""
echo "qemu-smoke: dernières lignes de la console série :"
tail -n 25 "$LOG" | tr -d '\r' | sed 's/\x1b\[[0-9;]*[A-Za-z]//g'
exit "$result"
