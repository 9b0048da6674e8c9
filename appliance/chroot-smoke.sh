#!/usr/bin/env bash
# Check a built root filesystem without booting it: in a chroot, run the first-boot
# setup unattended, start the web exactly as guichet-web.service does (same user,
# environment and command, on another port), and ask /healthz from the host.
# For machines where systemd-nspawn cannot boot (no systemd as PID 1, no KVM).
#   sudo appliance/chroot-smoke.sh [build/appliance/rootfs]
set -euo pipefail
ROOTFS="$(cd "${1:-build/appliance/rootfs}" && pwd)"
PORT="${GUICHET_SMOKE_PORT:-18000}"
UNIT="$ROOTFS/etc/systemd/system/guichet-web.service"
[ -f "$UNIT" ] || { echo "smoke: $UNIT absent (make appliance)" >&2; exit 1; }
WORK="$(mktemp -d)"
cp -a "$ROOTFS/." "$WORK/"   # never change the built tree
cleanup() {
  [ -n "${WEB:-}" ] && kill "$WEB" 2>/dev/null || true
  sleep 1
  for m in dev/pts dev proc sys; do mountpoint -q "$WORK/$m" && umount -l "$WORK/$m"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
for m in proc sys dev dev/pts; do mount --bind "/$m" "$WORK/$m"; done

cat > "$WORK/etc/guichet/firstboot.env" <<ANS
GUICHET_FIRM="Cabinet Essai"
GUICHET_ADMIN_EMAIL=admin@essai.test
GUICHET_ADMIN_PASSWORD=motdepasse-essai
ANS
chroot "$WORK" env GUICHET_NO_SYSTEMCTL=1 GUICHET_SERVER_NAME=guichet.local /usr/local/sbin/guichet-firstboot </dev/null

# The unit's environment and command line, with the port changed.
ENVS=()
while IFS= read -r line; do ENVS+=("${line#Environment=}"); done < <(grep '^Environment=' "$UNIT")
EXEC="$(grep '^ExecStart=' "$UNIT" | sed 's/^ExecStart=//; s/--bind [^ ]*/--bind 127.0.0.1:'"$PORT"'/')"
USER_NAME="$(sed -n 's/^User=//p' "$UNIT")"
for dir in $(sed -n 's/^RuntimeDirectory=//p' "$UNIT"); do   # what systemd would create
  mkdir -p "$WORK/run/$dir" && chroot "$WORK" chown "$USER_NAME" "/run/$dir"
done
chroot "$WORK" runuser -u "$USER_NAME" -- env "${ENVS[@]}" sh -c "cd /var/lib/guichet && exec $EXEC" &
WEB=$!
for _ in $(seq 1 60); do
  if body="$(curl -fsS "http://127.0.0.1:$PORT/healthz" 2>/dev/null)"; then
    echo "smoke: /healthz → $body"
    echo "$body" | grep -q '"status": *"ok"' && exit 0
    exit 1
  fi
  sleep 1
done
echo "smoke: /healthz did not answer" >&2
exit 1
