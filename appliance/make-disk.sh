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
for tool in sfdisk losetup mkfs.ext4 mkfs.vfat qemu-img; do
  command -v "$tool" >/dev/null || die "$tool absent (apt-get install fdisk mount e2fsprogs dosfstools qemu-utils)"
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
  for m in boot/efi dev/pts dev proc sys ""; do mountpoint -q "$MNT/$m" && umount -l "$MNT/$m"; done
  [ -n "$LOOP" ] && losetup -d "$LOOP"
  rmdir "$MNT" 2>/dev/null || true
}
trap cleanup EXIT
LOOP="$(losetup --find --show --partscan "$RAW")"
# Some containers do not create the partition nodes: make them from sysfs.
for n in 1 2 3; do
  if [ ! -b "${LOOP}p$n" ]; then
    dev="$(cat "/sys/block/$(basename "$LOOP")/$(basename "$LOOP")p$n/dev")"
    mknod "${LOOP}p$n" b "${dev%%:*}" "${dev##*:}"
  fi
done
mkfs.vfat -F 32 -n GUICHET-EFI "${LOOP}p2" >/dev/null
mkfs.ext4 -q -L guichet-root -E "root_owner=0:0" "${LOOP}p3"
mount "${LOOP}p3" "$MNT"
tar -C "$ROOTFS" --numeric-owner --xattrs --acls -cf - . | tar -C "$MNT" --numeric-owner --xattrs --acls -xf -
mount "${LOOP}p2" "$MNT/boot/efi"
for m in dev dev/pts proc sys; do mount --bind "/$m" "$MNT/$m"; done

# GRUB both ways, from the image's own packages; grub.cfg names the root by UUID.
chroot "$MNT" grub-install --target=i386-pc --recheck "$LOOP" >/dev/null
chroot "$MNT" grub-install --target=x86_64-efi --efi-directory=/boot/efi --removable --no-nvram >/dev/null
chroot "$MNT" env GRUB_DEVICE="${LOOP}p3" update-grub 2>/dev/null
grep -q "root=UUID=$(blkid -s UUID -o value "${LOOP}p3")" "$MNT/boot/grub/grub.cfg" \
  || die "grub.cfg ne désigne pas la partition racine par son UUID"
# The loop device's name must not stay in the debconf answers (the real disk differs).
echo 'grub-pc grub-pc/install_devices multiselect' | chroot "$MNT" debconf-set-selections
cleanup
trap - EXIT

# The formats: qcow2 (compressed) and an OVA for VMware.
qemu-img convert -q -f raw -O qcow2 -c "$RAW" "$OUT/guichet.qcow2"
"$HERE/make-ova.sh" "$RAW" "$OUT/guichet.ova" "$SIZE_MB"
echo "make-disk: $RAW, $OUT/guichet.qcow2, $OUT/guichet.ova (${SIZE_MB} Mo)"
