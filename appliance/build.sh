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

cleanup() {  # every layer: a mount left by an interrupted run may sit under this run's
  for m in dev/pts dev proc sys; do while mountpoint -q "$ROOTFS/$m"; do umount -l "$ROOTFS/$m"; done; done
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
  "apt-get update -qq && apt-get install -y -qq --no-install-recommends linux-image-amd64 udev openssh-server sudo ansible-core python3-apt"
# Name resolution from DHCP (systemd-resolved; its package points /etc/resolv.conf at its
# stub, which is put back after the build), the clock (systemd-timesyncd, configured by the
# hardening role), fsck and growing of the root filesystem (e2fsprogs, growpart), GRUB for
# BIOS and UEFI (grub-pc keeps grub.cfg current on kernel upgrades; its EFI twin reads the
# same file; installed on the disk by make-disk.sh, not here: the chroot has no disk), and the
# hypervisors' guest agents (clean shutdown and the address shown in vSphere and Proxmox; each
# starts only on its own hypervisor: open-vm-tools on VMware, qemu-guest-agent when Proxmox
# gives the VM its agent port).
printf '%s\n' 'grub-pc grub-pc/install_devices multiselect' 'grub-pc grub-pc/install_devices_empty boolean true' \
  | chroot "$ROOTFS" debconf-set-selections
chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive sh -c \
  "apt-get install -y -qq --no-install-recommends systemd-resolved systemd-timesyncd e2fsprogs dosfstools \
   grub-pc grub-efi-amd64-bin cloud-guest-utils fdisk open-vm-tools qemu-guest-agent"
rm -f "$ROOTFS/etc/resolv.conf"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"

# 2. Guichet's wheel from this checkout; its dependencies are those of requirements.lock
#    (exact versions, every file's hash checked by pip), installed by the role from the
#    package index as on any host. The build host's CA bundle is used meanwhile, so that a
#    TLS-inspecting proxy works too; the image's own is put back in step 5.
rm -rf "$OUT/wheels" && mkdir -p "$OUT/wheels"
python3 -m pip wheel -q --no-deps --wheel-dir "$OUT/wheels" "$REPO"
WHEEL="$(ls "$OUT"/wheels/guichet-*.whl | head -n1)"
rm -rf "$ROOTFS/opt/guichet-build" && mkdir -p "$ROOTFS/opt/guichet-build/wheels"
cp "$WHEEL" "$ROOTFS/opt/guichet-build/wheels/"
cp "$REPO/requirements.lock" "$ROOTFS/opt/guichet-build/requirements.lock"
CA="$ROOTFS/etc/ssl/certs/ca-certificates.crt"
cp "$CA" "$OUT/image-ca.crt"
cp /etc/ssl/certs/ca-certificates.crt "$CA"

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
# SOURCE_DATE_EPOCH goes in too: pip then writes hash-based .pyc files (py_compile's rule),
# useradd dates the accounts with it, not with the day of the build.
chroot "$ROOTFS" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH" \
  ANSIBLE_CONFIG=/opt/guichet-build/ansible/ansible.cfg \
  ansible-playbook -i /opt/guichet-build/inventory.yml /opt/guichet-build/ansible/site.yml \
    -e ansible_connection=local -e guichet_image_build=true -e guichet_manage_system=true \
    -e "guichet_package=/opt/guichet-build/wheels/$(basename "$WHEEL")" -e guichet_extras=appliance \
    -e "guichet_pip_extra_args='--find-links /opt/guichet-build/wheels'" \
    -e guichet_server_name=guichet.local

cp "$OUT/image-ca.crt" "$CA" && rm "$OUT/image-ca.crt"
# What the image holds, for the record (two builds of one commit and snapshot compare equal).
chroot "$ROOTFS" /opt/guichet/venv/bin/pip freeze --all | sort > "$OUT/python-packages.txt"

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
# The disk (make-disk.sh): mounts by label, console on the screen and the serial port,
# the root partition grown to the disk at first boot.
cat > "$ROOTFS/etc/fstab" <<'FSTAB'
# The appliance's disk (appliance/make-disk.sh): by label, whatever the controller names it.
LABEL=guichet-root  /          ext4  errors=remount-ro  0  1
LABEL=GUICHET-EFI   /boot/efi  vfat  umask=0077,nofail  0  2
FSTAB
mkdir -p "$ROOTFS/boot/efi"
cat > "$ROOTFS/etc/default/grub" <<'GRUB'
# The appliance: menu hidden, the screen and the first serial port both get the console.
GRUB_DEFAULT=0
GRUB_TIMEOUT=1
GRUB_DISTRIBUTOR="Guichet (Debian)"
GRUB_CMDLINE_LINUX_DEFAULT=""
GRUB_CMDLINE_LINUX="console=tty1 console=ttyS0,115200n8"
GRUB_TERMINAL="console serial"
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_DISABLE_OS_PROBER=true
GRUB_DISABLE_RECOVERY=true
GRUB
install -m 0755 "$HERE/firstboot/guichet-growroot" "$ROOTFS/usr/local/sbin/guichet-growroot"
install -m 0644 "$HERE/firstboot/guichet-growroot.service" "$ROOTFS/etc/systemd/system/"
chroot "$ROOTFS" systemctl enable guichet-growroot.service
# grub-pc's install device: the disk the machine boots from, named at every boot (make-disk.sh
# sees only a loop device; the disk's stable name depends on the hypervisor).
install -m 0755 "$HERE/firstboot/guichet-grub-device" "$ROOTFS/usr/local/sbin/guichet-grub-device"
install -m 0644 "$HERE/firstboot/guichet-grub-device.service" "$ROOTFS/etc/systemd/system/"
chroot "$ROOTFS" systemctl enable guichet-grub-device.service
# Network: DHCP on the wired interfaces (systemd-networkd, part of systemd; it needs udev).
install -m 0644 "$HERE/network/80-guichet-dhcp.network" "$ROOTFS/etc/systemd/network/"
chroot "$ROOTFS" systemctl enable systemd-networkd.service systemd-resolved.service systemd-timesyncd.service
# The disk drivers of the hypervisors (virtio for KVM/Proxmox, LSI and PVSCSI for VMware,
# AHCI, NVMe, Hyper-V) in the initramfs, whatever its MODULES policy.
grep -qx virtio_blk "$ROOTFS/etc/initramfs-tools/modules" \
  || printf '%s\n' virtio_pci virtio_blk virtio_net virtio_scsi ahci nvme mptspi vmw_pvscsi hv_storvsc \
       >> "$ROOTFS/etc/initramfs-tools/modules"
chroot "$ROOTFS" update-initramfs -u -k all
# The root account has no password: the administrator logs in with an SSH key
# (set at first boot) or on the console through the first-boot setup.
chroot "$ROOTFS" passwd -l root

# 5. Leave nothing of the build behind; same bytes for the same inputs.
chroot "$ROOTFS" apt-get purge -y ansible-core >/dev/null
chroot "$ROOTFS" apt-get autoremove -y --purge >/dev/null
chroot "$ROOTFS" apt-get clean
rm -rf "$ROOTFS/opt/guichet-build" "$ROOTFS/usr/sbin/policy-rc.d" "$ROOTFS"/var/lib/apt/lists/* \
       "$ROOTFS"/root/.ansible "$ROOTFS"/root/.cache "$ROOTFS"/tmp/* "$ROOTFS"/var/tmp/*
# Logs of the build (apt, dpkg, alternatives): emptied, not removed (their owners and modes
# are what the services expect); rotated ones removed. Caches rebuilt on the machine (they
# hold the build's inode numbers and times): ldconfig's, man-db's, fontconfig's (made again
# at first boot, guichet-growroot.service), and apt-listchanges' record of changelogs seen.
find "$ROOTFS/var/log" -type f \( -name '*.gz' -o -name '*.xz' -o -name '*.[0-9]' \) -delete
find "$ROOTFS/var/log" -type f -exec truncate -s 0 {} +
rm -rf "$ROOTFS"/var/cache/ldconfig/aux-cache "$ROOTFS"/var/cache/man/* "$ROOTFS"/var/cache/fontconfig/* \
       "$ROOTFS"/var/lib/apt/listchanges.db
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
    --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' --exclude='./run/*' \
    -C "$ROOTFS" -czf "$OUT/guichet-rootfs.tar.gz" .
echo "appliance: $OUT/guichet-rootfs.tar.gz"
# Nothing secret or machine-specific may ship: the build fails if the tarball holds any.
python3 "$HERE/lint-tarball.py" "$OUT/guichet-rootfs.tar.gz"

# 6. The bootable disk: raw, qcow2 and an OVA (GRUB for BIOS and UEFI, root grown at first boot).
# GUICHET_NO_DISK=1 stops at the tarball (compare-builds.py: the disks are made from it).
[ -n "${GUICHET_NO_DISK:-}" ] || "$HERE/make-disk.sh" "$ROOTFS" "$OUT"
