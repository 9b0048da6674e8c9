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
MIRROR="${GUICHET_MIRROR:-http://deb.debian.org/debian}"
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
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
# Services must not start inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$ROOTFS/usr/sbin/policy-rc.d"
chmod 755 "$ROOTFS/usr/sbin/policy-rc.d"

# Debian's security and point-release updates, then the kernel and the build tools.
cat > "$ROOTFS/etc/apt/sources.list" <<SRC
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb http://security.debian.org/debian-security $SUITE-security main
SRC
[ -n "$REUSE" ] || chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive sh -c \
  "apt-get update -qq && apt-get install -y -qq --no-install-recommends linux-image-amd64 udev systemd-boot openssh-server sudo ansible-core python3-apt"

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
install -m 0644 "$HERE/firstboot/guichet-firstboot.service" "$ROOTFS/etc/systemd/system/"
chroot "$ROOTFS" systemctl enable guichet-firstboot.service
echo "guichet" > "$ROOTFS/etc/hostname"
# Network: DHCP on the wired interfaces (systemd-networkd, part of systemd; it needs udev).
install -m 0644 "$HERE/network/80-guichet-dhcp.network" "$ROOTFS/etc/systemd/network/"
chroot "$ROOTFS" systemctl enable systemd-networkd.service
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
: > "$ROOTFS/etc/machine-id"     # regenerated at first boot
rm -f "$ROOTFS"/etc/ssh/ssh_host_*  # regenerated at first boot (ssh's own unit)
cleanup
trap - EXIT

tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --numeric-owner --xattrs \
    -C "$ROOTFS" -czf "$OUT/guichet-rootfs.tar.gz" .
echo "appliance: $OUT/guichet-rootfs.tar.gz"

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
