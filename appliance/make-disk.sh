#!/usr/bin/env bash
# Turn the appliance root filesystem into a bootable GPT disk image (UEFI, systemd-boot).
#   appliance/make-disk.sh ROOTFS OUTPUT.raw
set -euo pipefail
ROOTFS="$1"
IMAGE="$2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -d "$ROOTFS" ] || { echo "make-disk: $ROOTFS absent" >&2; exit 1; }
rm -f "$IMAGE"
systemd-repart --empty=create --size=auto --definitions="$HERE/repart.d" \
  --dry-run=no --root="$ROOTFS" "$IMAGE"
