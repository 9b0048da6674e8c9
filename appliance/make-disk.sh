#!/usr/bin/env bash
# Turn the appliance root filesystem into bootable disk images for the hypervisors French
# datacentres run: guichet.raw, guichet.qcow2 (KVM, Proxmox, OpenStack) and guichet.ova
# (VMware: a streamOptimized VMDK with its OVF descriptor and manifest).
#
#   appliance/make-disk.sh ROOTFS OUTPUT_DIR        (called by build.sh; root, loop devices)
#
# One GPT disk boots both ways: a BIOS boot partition for GRUB on legacy BIOS, an EFI system
# partition with GRUB's removable-media path (EFI/BOOT/BOOTX64.EFI, no NVRAM entry needed),
# and the ext4 root labelled guichet-root, mounted by label (/etc/fstab), checked by fsck at
# boot and grown to the whole disk at first boot (guichet-growroot.service: growpart, then
# resize2fs). GRUB is installed by the image's own grub-install, and grub-pc's kernel hooks
# keep grub.cfg current on kernel upgrades; both firmwares read that one file.
# Environment: GUICHET_DISK_GB (size of the image, default: what the tree needs + 2 GB).
set -euo pipefail

ROOTFS="$1"
OUT="$2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "make-disk: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "lancez en root (périphériques loop)"
[ -f "$ROOTFS/etc/default/grub" ] || die "$ROOTFS n'est pas un système construit (make appliance)"
for tool in sfdisk losetup partx mkfs.ext4 mkfs.vfat mmd mcopy qemu-img; do
  command -v "$tool" >/dev/null || die "$tool absent (apt-get install fdisk mount util-linux e2fsprogs dosfstools mtools qemu-utils)"
done
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date +%s)}"
mkdir -p "$OUT"
RAW="$OUT/guichet.raw"
USED_MB="$(du -sm "$ROOTFS" | cut -f1)"
SIZE_MB="${GUICHET_DISK_GB:+$(( GUICHET_DISK_GB * 1024 ))}"
SIZE_MB="${SIZE_MB:-$(( (USED_MB * 12 / 10 + 2048 + 1023) / 1024 * 1024 ))}"

# The partitions: BIOS boot (GRUB's core on legacy BIOS), EFI system, root (x86-64 root type).
rm -f "$RAW"
truncate -s "${SIZE_MB}M" "$RAW"
sfdisk --quiet --label gpt "$RAW" <<'PARTS'
size=1MiB,   type=21686148-6449-6E6F-744E-656564454649, name=bios
size=255MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=esp
             type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=guichet-root
PARTS

LOOP=""
MNT="$(mktemp -d)"
cleanup() {
  for m in dev/pts dev proc sys ""; do while mountpoint -q "$MNT/$m"; do umount -l "$MNT/$m"; done; done
  [ -n "$LOOP" ] && losetup -d "$LOOP"
  rmdir "$MNT" 2>/dev/null || true
}
trap cleanup EXIT
LOOP="$(losetup --find --show --partscan "$RAW")"
# In a container the kernel may not scan the table by itself: ask it (partx), and make the
# nodes from sysfs when devtmpfs did not.
partx -a "$LOOP" 2>/dev/null || partx -u "$LOOP" 2>/dev/null || true
for n in 1 2 3; do
  if [ ! -b "${LOOP}p$n" ]; then
    dev="$(cat "/sys/block/$(basename "$LOOP")/$(basename "$LOOP")p$n/dev")"
    mknod "${LOOP}p$n" b "${dev%%:*}" "${dev##*:}"
  fi
done
mkfs.vfat -F 32 -n GUICHET-EFI "${LOOP}p2" >/dev/null
mkfs.ext4 -q -L guichet-root -E "root_owner=0:0" "${LOOP}p3"
mount "${LOOP}p3" "$MNT"
tar -C "$ROOTFS" --numeric-owner --xattrs --acls \
    --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' --exclude='./run/*' -cf - . \
  | tar -C "$MNT" --numeric-owner --xattrs --acls -xf -
for m in dev dev/pts proc sys; do mount --bind "/$m" "$MNT/$m"; done

# BIOS: GRUB's boot sector in the MBR and its core in the BIOS boot partition.
chroot "$MNT" grub-install --target=i386-pc --recheck "$LOOP" >/dev/null
# grub.cfg names the root by UUID; grub-pc's kernel hooks rewrite it on every kernel upgrade.
# grub-mkconfig writes root=UUID=... only when /dev/disk/by-uuid shows it (udev does, a
# container does not): the link for the time of the command.
ROOT_UUID="$(blkid -s UUID -o value "${LOOP}p3")"
mkdir -p /dev/disk/by-uuid
ln -sfn "../../$(basename "$LOOP")p3" "/dev/disk/by-uuid/$ROOT_UUID"
chroot "$MNT" update-grub
rm -f "/dev/disk/by-uuid/$ROOT_UUID"
grep -q "root=UUID=$ROOT_UUID" "$MNT/boot/grub/grub.cfg" \
  || die "grub.cfg ne désigne pas la partition racine par son UUID"
# UEFI: one standalone GRUB on the removable-media path (no NVRAM entry needed) that finds
# the root by its label and reads the same grub.cfg. Written with mtools: the FAT is filled
# without mounting it (no vfat driver needed on the build host).
# The prefix stays the image's own memdisk, which holds every EFI module (the root has only
# the BIOS ones): changing it to the root made GRUB look for configfile.mod there.
cat > "$MNT/tmp/early.cfg" <<'CFG'
search --no-floppy --label guichet-root --set=root
configfile ($root)/boot/grub/grub.cfg
CFG
chroot "$MNT" grub-mkstandalone -O x86_64-efi -o /tmp/BOOTX64.EFI --modules="part_gpt ext2 search configfile normal" \
  "boot/grub/grub.cfg=/tmp/early.cfg"
export MTOOLS_SKIP_CHECK=1
mmd -i "${LOOP}p2" ::/EFI ::/EFI/BOOT
mcopy -i "${LOOP}p2" "$MNT/tmp/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
rm -f "$MNT/tmp/BOOTX64.EFI" "$MNT/tmp/early.cfg"
# The loop device's name must not stay in the debconf answers (the real disk differs): the
# machine names its own boot disk at every boot (guichet-grub-device.service, by id when the
# hypervisor gives the disk one), before any grub-pc upgrade can run. Until then, empty.
echo 'grub-pc grub-pc/install_devices multiselect' | chroot "$MNT" debconf-set-selections
chroot "$MNT" systemctl is-enabled --quiet guichet-grub-device.service \
  || die "guichet-grub-device.service n'est pas activé : grub-pc ne saurait pas où réinstaller GRUB"
cleanup
trap - EXIT

# The formats: qcow2 (compressed) and an OVA for VMware.
qemu-img convert -q -f raw -O qcow2 -c "$RAW" "$OUT/guichet.qcow2"
"$HERE/make-ova.sh" "$RAW" "$OUT/guichet.ova" "$SIZE_MB"
echo "make-disk: $RAW, $OUT/guichet.qcow2, $OUT/guichet.ova (${SIZE_MB} Mo)"
