#!/usr/bin/env bash
# heartbeat-ng demo: what an operator can run today, end to end.
#   1. builds the project if needed (installing Debian packages it lacks);
#   2. writes a 3-node ha.cf / authkeys / haresources under a temporary HA_ROOT
#      and checks it with ha_checkconf (then shows a broken line being caught);
#   3. decodes and verifies real heartbeat 3.0.6 packets with hb_wiredump.
# Everything it creates lives in one temporary directory, removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
bin=$top/build/bin

if [ ! -x "$bin/ha_checkconf" ] || [ ! -x "$bin/hb_wiredump" ]; then
  echo "== building heartbeat-ng (first run) =="
  bash packaging/install-deps.sh
  cmake --preset debug >/dev/null
  cmake --build build -j "$(nproc)" --target ha_checkconf hb_wiredump
fi

root=$(mktemp -d /tmp/hb-demo.XXXXXX)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc/ha.d" "$root/var/lib/heartbeat" "$root/var/run/heartbeat"

cat >"$root/etc/ha.d/ha.cf" <<CF
# A three-node cluster on loopback, one ucast line per peer.
logfile $root/var/log/ha-log
keepalive 200ms
warntime 600ms
deadtime 1
initdead 10
udpport 30694
ucast lo 127.0.0.1
ucast lo 127.0.0.2
ucast lo 127.0.0.3
auto_failback on
node node1 node2 node3
crm off
CF
printf 'auth 1\n1 sha1 demo-secret-key\n' >"$root/etc/ha.d/authkeys"
chmod 600 "$root/etc/ha.d/authkeys"
cat >"$root/etc/ha.d/haresources" <<'HR'
node1 192.168.122.200/24/eth0 Dummy::web
node2 Dummy::db
HR

echo
echo "== ha_checkconf on a good 3-node configuration (HA_ROOT=$root, node node1) =="
HA_NODENAME=node1 "$bin/ha_checkconf" --root "$root"

echo
echo "== the same with two mistakes: 'deadtime 2s' and an unknown haresources node =="
sed -i 's/^deadtime 1$/deadtime 2s/' "$root/etc/ha.d/ha.cf"
echo "node9 Dummy::x" >>"$root/etc/ha.d/haresources"
set +e
HA_NODENAME=node1 "$bin/ha_checkconf" --root "$root" | grep -E ': (error|warning): '
echo "(ha_checkconf exit code: ${PIPESTATUS[0]})"
set -e

wire=${HA_SHARED_DIR:-$top/../shared}/compat/heartbeat-wire
echo
if [ -d "$wire/sha1" ]; then
  echo "== hb_wiredump: real heartbeat 3.0.6 packets, verified with their sha1 key =="
  printf 'auth 1\n1 sha1 compat-test-key-sha1\n' >"$root/authkeys.sha1"
  chmod 600 "$root/authkeys.sha1"
  files=$(ls "$wire"/sha1/*.txt | head -4)
  # shellcheck disable=SC2086
  "$bin/hb_wiredump" --authkeys "$root/authkeys.sha1" $files
  echo
  echo "== the same packets under a wrong key =="
  printf 'auth 1\n1 sha1 not-the-key\n' >"$root/authkeys.bad"
  chmod 600 "$root/authkeys.bad"
  set +e
  # shellcheck disable=SC2086
  "$bin/hb_wiredump" --authkeys "$root/authkeys.bad" $files | grep '^auth:'
  echo "(hb_wiredump exit code: ${PIPESTATUS[0]})"
  set -e
else
  echo "== hb_wiredump: ../shared/compat/heartbeat-wire not found; skipping the real-packet part =="
fi
echo
echo "demo done; everything under $root is removed."
