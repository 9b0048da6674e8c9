#!/usr/bin/env bash
# Boot the built root filesystem in a container and check that /healthz answers.
#   sudo appliance/smoke-test.sh [build/appliance/rootfs]
# Needs systemd-nspawn (apt-get install systemd-container) on a host whose PID 1 is
# systemd (nspawn registers the machine with systemd-machined) and curl.
set -euo pipefail
ROOTFS="${1:-build/appliance/rootfs}"
NAME="guichet-smoke-$$"
[ -d "$ROOTFS" ] || { echo "smoke: $ROOTFS absent (make appliance)" >&2; exit 1; }
command -v systemd-nspawn >/dev/null || { echo "smoke: systemd-nspawn absent" >&2; exit 1; }
OVERLAY="$(mktemp -d)"
trap 'machinectl poweroff "$NAME" 2>/dev/null || true; rm -rf "$OVERLAY"' EXIT
cat > "$OVERLAY/firstboot.env" <<ANS
GUICHET_FIRM="Cabinet Essai"
GUICHET_ADMIN_EMAIL=admin@essai.test
GUICHET_ADMIN_PASSWORD=motdepasse-essai
ANS
systemd-nspawn --quiet --boot --ephemeral --network-veth --directory="$ROOTFS" --machine="$NAME" \
  --bind-ro="$OVERLAY/firstboot.env:/etc/guichet/firstboot.env" --port=tcp:18443:443 &
for _ in $(seq 1 120); do
  if curl -fsSk https://127.0.0.1:18443/healthz | grep -q '"status": *"ok"'; then
    echo "smoke: /healthz ok"; exit 0
  fi
  sleep 2
done
echo "smoke: /healthz did not answer in 240 s" >&2
exit 1
