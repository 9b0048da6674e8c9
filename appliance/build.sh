#!/usr/bin/env bash
# Build the Guichet appliance: a Debian 12 root filesystem with Guichet installed by
# the very same ansible roles as an existing host (ansible/site.yml), then a tarball
# and, when systemd-repart is present, a bootable raw disk image.
#
#   sudo appliance/build.sh [OUTPUT_DIR]        (make appliance)
#
# Needs, on a Debian build host, as root: debootstrap (or mmdebstrap), python3 with
# the build module or pip, and network access to the Debian mirror and the package
# index. Reproducible: a fixed suite and snapshot date (SOURCE_DATE_EPOCH), pinned
# Guichet wheel built from this checkout, no host state copied in.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
OUT="${1:-$REPO/build/appliance}"
SUITE="${GUICHET_SUITE:-bookworm}"
# GUICHET_SNAPSHOT=20261201T000000Z builds from snapshot.debian.org at that date: two builds
# of one commit with one snapshot hold the same packages (build/appliance/packages.txt).
SNAPSHOT="${GUICHET_SNAPSHOT:-}"
if [ -n "$SNAPSHOT" ]; then
  MIRROR="${GUICHET_MIRROR:-http://snapshot.debian.org/archive/debian/$SNAPSHOT}"
  SECURITY="${GUICHET_SECURITY_MIRROR:-http://snapshot.debian.org/archive/debian-security/$SNAPSHOT}"
else
  MIRROR="${GUICHET_MIRROR:-http://deb.debian.org/debian}"
  SECURITY="${GUICHET_SECURITY_MIRROR:-http://security.debian.org/debian-security}"
fi
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH
ROOTFS="$OUT/rootfs"

die() { echo "appliance: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "lancez en root (debootstrap et chroot)"
command -v debootstrap >/dev/null || command -v mmdebstrap >/dev/null \
  || die "installez debootstrap : apt-get install debootstrap"

mkdir -p "$OUT"
# GUICHET_REUSE_ROOTFS=1 keeps a base system from an earlier run (faster iterations on the roles).
REUSE=""
if [ -n "${GUICHET_REUSE_ROOTFS:-}" ] && [ -x "$ROOTFS/usr/bin/ansible-playbook" ]; then REUSE=1; else rm -rf "$ROOTFS"; fi

# 1. The base system, from Debian's packages only.
# debootstrap does not resolve virtual packages: only simple ones here, the rest with apt below.
BASE_PACKAGES="systemd-sysv,dbus,ca-certificates,locales,python3,python3-venv,curl"
if [ -z "$REUSE" ]; then
  if command -v mmdebstrap >/dev/null; then
    mmdebstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$ROOTFS" "$MIRROR"
  else
    debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$ROOTFS" "$MIRROR"
  fi
fi

cleanup() {
  for m in dev/pts dev proc sys; do mountpoint -q "$ROOTFS/$m" && umount -l "$ROOTFS/$m"; done
  return 0
}
trap cleanup EXIT
for m in proc sys dev dev/pts; do mount --bind "/$m" "$ROOTFS/$m"; done
# The build host's resolver, for the build only (removed below: the machine uses the DNS its
# DHCP server gives, through systemd-resolved). rm first: it may be a symlink into /run.
rm -f "$ROOTFS/etc/resolv.conf"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
# Services must not start inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$ROOTFS/usr/sbin/policy-rc.d"
chmod 755 "$ROOTFS/usr/sbin/policy-rc.d"

# Debian's security and point-release updates, then the kernel and the build tools.
cat > "$ROOTFS/etc/apt/sources.list" <<SRC
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY $SUITE-security main
SRC
# snapshot.debian.org serves old Release files: their validity dates have passed.
[ -z "$SNAPSHOT" ] || echo 'Acquire::Check-Valid-Until "false";' > "$ROOTFS/etc/apt/apt.conf.d/99snapshot"
[ -n "$REUSE" ] || chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive sh -c \
  "apt-get update -qq && apt-get install -y -qq --no-install-recommends linux-image-amd64 udev systemd-boot openssh-server sudo ansible-core python3-apt"
# Name resolution from DHCP (systemd-resolved; its package points /etc/resolv.conf at its
# stub, which is put back after the build), the clock (systemd-timesyncd, configured by the
# hardening role), fsck and growing of the root filesystem (e2fsprogs), the serial console.
chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive sh -c \
  "apt-get install -y -qq --no-install-recommends systemd-resolved systemd-timesyncd e2fsprogs dosfstools"
rm -f "$ROOTFS/etc/resolv.conf"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"

# 2. Guichet and every Python dependency as wheels, resolved by the image's own Python
#    (its exact version decides the environment markers), then installed offline
#    (--no-index) by the role. build/appliance/wheels records what the image holds.
#    The build host's CA bundle is used, so that a TLS-inspecting proxy works too.
rm -rf "$OUT/wheels" && mkdir -p "$OUT/wheels"
python3 -m pip wheel --no-deps --wheel-dir "$OUT/wheels" "$REPO"
WHEEL="$(ls "$OUT"/wheels/guichet-*.whl | head -n1)"
rm -rf "$ROOTFS/opt/guichet-build" && mkdir -p "$ROOTFS/opt/guichet-build/wheels"
cp "$WHEEL" "$ROOTFS/opt/guichet-build/wheels/"
CA="$ROOTFS/etc/ssl/certs/ca-certificates.crt"
cp "$CA" "$OUT/image-ca.crt"
cp /etc/ssl/certs/ca-certificates.crt "$CA"   # the image's own bundle is put back below
chroot "$ROOTFS" sh -c "python3 -m venv /opt/guichet-build/dl && \
  /opt/guichet-build/dl/bin/pip wheel -q \
  --wheel-dir /opt/guichet-build/wheels '/opt/guichet-build/wheels/$(basename "$WHEEL")[appliance]'"
cp "$OUT/image-ca.crt" "$CA" && rm "$OUT/image-ca.crt"
cp "$ROOTFS"/opt/guichet-build/wheels/*.whl "$OUT/wheels/"

# 3. Guichet, configured by the same roles as ansible/site.yml (single machine).
cp -r "$REPO/ansible" "$ROOTFS/opt/guichet-build/ansible"
cat > "$ROOTFS/opt/guichet-build/inventory.yml" <<'INV'
all:
  children:
    guichet:
      children:
        guichet_web: {hosts: {localhost: {}}}
        guichet_workers: {hosts: {localhost: {}}}
INV
chroot "$ROOTFS" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  ANSIBLE_CONFIG=/opt/guichet-build/ansible/ansible.cfg \
  ansible-playbook -i /opt/guichet-build/inventory.yml /opt/guichet-build/ansible/site.yml \
    -e ansible_connection=local -e guichet_image_build=true -e guichet_manage_system=true \
    -e "guichet_package=/opt/guichet-build/wheels/$(basename "$WHEEL")" -e guichet_extras=appliance \
    -e "guichet_pip_extra_args='--no-index --find-links /opt/guichet-build/wheels'" \
    -e guichet_server_name=guichet.local

# 4. Appliance-only pieces: first-boot setup, console banner.
install -m 0755 "$HERE/firstboot/guichet-firstboot" "$ROOTFS/usr/local/sbin/guichet-firstboot"
install -m 0644 "$HERE/firstboot/guichet-firstboot@.service" "$ROOTFS/etc/systemd/system/"
chroot "$ROOTFS" systemctl enable guichet-firstboot@tty1.service guichet-firstboot@ttyS0.service
# Until the first boot is done, the console says what is happening (getty shows /etc/issue).
cat > "$ROOTFS/etc/issue" <<'ISSUE'
Debian GNU/Linux \n \l

Guichet : la première mise en service attend ses réponses sur l'écran ou la console série.

ISSUE
echo "guichet" > "$ROOTFS/etc/hostname"
# Network: DHCP on the wired interfaces (systemd-networkd, part of systemd; it needs udev).
install -m 0644 "$HERE/network/80-guichet-dhcp.network" "$ROOTFS/etc/systemd/network/"
chroot "$ROOTFS" systemctl enable systemd-networkd.service systemd-resolved.service systemd-timesyncd.service
# The virtio disk and network drivers (qemu, KVM, most clouds) in the initramfs, whatever
# its MODULES policy; the boot smoke test (qemu-smoke.sh) boots root=/dev/vda with it.
grep -qx virtio_blk "$ROOTFS/etc/initramfs-tools/modules" \
  || printf '%s\n' virtio_pci virtio_blk virtio_net virtio_scsi >> "$ROOTFS/etc/initramfs-tools/modules"
chroot "$ROOTFS" update-initramfs -u -k all
# The root account has no password: the administrator logs in with an SSH key
# (set at first boot) or on the console through the first-boot setup.
chroot "$ROOTFS" passwd -l root

# 5. Leave nothing of the build behind; same bytes for the same inputs.
chroot "$ROOTFS" apt-get purge -y ansible-core >/dev/null
chroot "$ROOTFS" apt-get autoremove -y --purge >/dev/null
chroot "$ROOTFS" apt-get clean
rm -rf "$ROOTFS/opt/guichet-build" "$ROOTFS/usr/sbin/policy-rc.d" "$ROOTFS"/var/lib/apt/lists/* \
       "$ROOTFS"/var/log/*.log "$ROOTFS"/root/.ansible "$ROOTFS"/tmp/*
# Machine-specific files: each copy makes its own at first boot.
: > "$ROOTFS/etc/machine-id"     # empty: systemd generates it (and runs its first-boot units)
rm -f "$ROOTFS/var/lib/dbus/machine-id"
ln -s /etc/machine-id "$ROOTFS/var/lib/dbus/machine-id"
rm -f "$ROOTFS"/etc/ssh/ssh_host_*  # made by guichet-firstboot
rm -f "$ROOTFS"/etc/ssl/private/ssl-cert-snakeoil.key "$ROOTFS"/etc/ssl/certs/ssl-cert-snakeoil.pem
rm -f "$ROOTFS"/etc/guichet/tls/*.pem  # the build's certificate: guichet-firstboot makes the machine's
rm -f "$ROOTFS"/var/lib/systemd/random-seed "$ROOTFS"/var/lib/systemd/credential.secret
# DNS from the network the machine boots on (DHCP, through systemd-resolved), not the builder's.
rm -f "$ROOTFS/etc/resolv.conf"
ln -s ../run/systemd/resolve/stub-resolv.conf "$ROOTFS/etc/resolv.conf"
chroot "$ROOTFS" dpkg-query -W -f '${Package} ${Version}\n' | sort > "$OUT/packages.txt"
cleanup
trap - EXIT

tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --numeric-owner --xattrs \
    -C "$ROOTFS" -czf "$OUT/guichet-rootfs.tar.gz" .
echo "appliance: $OUT/guichet-rootfs.tar.gz"
# Nothing secret or machine-specific may ship: the build fails if the tarball holds any.
python3 "$HERE/lint-tarball.py" "$OUT/guichet-rootfs.tar.gz"

# The disk image is a first cut (see README.md): never fail the build for it.
if command -v systemd-repart >/dev/null && command -v mkfs.vfat >/dev/null; then
  if "$HERE/make-disk.sh" "$ROOTFS" "$OUT/guichet.raw"; then
    echo "appliance: $OUT/guichet.raw (qemu-img convert -O qcow2 for most hypervisors)"
  else
    echo "appliance: image disque non produite (voir appliance/README.md)" >&2
  fi
else
  echo "appliance: pas d'image disque (apt-get install systemd-repart dosfstools)"
fi
