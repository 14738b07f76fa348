#!/usr/bin/env bash
# heartbeat-ng demo: what an operator can run today, end to end, as any user.
#   1. builds the project if needed (installing Debian packages it lacks);
#   2. writes a 3-node cluster (ha.cf / authkeys / haresources, ucast on
#      127.0.0.1-3) under temporary HA_ROOTs and checks it with ha_checkconf;
#   3. starts the three heartbeat daemons, shows cl_status's view, kills one
#      with SIGKILL and times how long the others take to declare it dead,
#      restarts it, then stops everything gracefully;
#   4. runs two nodes in haresources mode with a Dummy group, kills the
#      group's node and times how fast the other node runs the group;
#   5. decodes a few real heartbeat 3.0.6 packets with hb_wiredump.
# Everything it starts is stopped by PID; its files are removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
bin=$top/build/bin

need=(heartbeat cl_status ha_checkconf hb_wiredump)
missing=0
for b in "${need[@]}"; do [ -x "$bin/$b" ] || missing=1; done
[ -f build/resource.d/cmake_install.cmake ] || missing=1
if [ $missing -eq 1 ]; then
  echo "== building heartbeat-ng (first run) =="
  bash packaging/install-deps.sh
  cmake --preset debug >/dev/null
  cmake --build build -j "$(nproc)" --target "${need[@]}"
fi

work=$(mktemp -d /tmp/hb-demo.XXXXXX)
port=$(( 20000 + $$ % 30000 ))
cleanup() {
  for p in "$work"/node*/var/run/heartbeat.pid "$work"/v1node*/var/run/heartbeat.pid; do
    [ -f "$p" ] && kill -9 "$(cat "$p")" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

node_env() { echo "HA_ROOT=$work/node$1 HA_NODENAME=node$1 HA_BIND_ADDRESS=127.0.0.$1"; }
hb() { local k=$1; shift; env $(node_env "$k") "$bin/heartbeat" "$@"; }
cl() { local k=$1; shift; env $(node_env "$k") "$bin/cl_status" "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

for k in 1 2 3; do
  r=$work/node$k
  mkdir -p "$r/etc/ha.d" "$r/var/log"
  cat >"$r/etc/ha.d/ha.cf" <<CF
# Three nodes on this machine's loopback, one ucast line per node.
logfile $r/var/log/ha-log
keepalive 200ms
warntime 600ms
deadtime 1
initdead 10
udpport $port
ucast lo 127.0.0.1
ucast lo 127.0.0.2
ucast lo 127.0.0.3
auto_failback on
node node1 node2 node3
crm off
CF
  printf 'auth 1\n1 sha1 demo-secret-key\n' >"$r/etc/ha.d/authkeys"
  chmod 600 "$r/etc/ha.d/authkeys"
  echo "# resources come with the v1 resource manager" >"$r/etc/ha.d/haresources"
done

echo "== ha_checkconf: node1's configuration, defaults filled in =="
env $(node_env 1) "$bin/ha_checkconf" | sed -n '1,12p'
echo "   ..."

echo
echo "== starting heartbeat on node1, node2, node3 (udp port $port) =="
for k in 1 2 3; do hb "$k" 2>/dev/null && echo "node$k: started, pid $(cat "$work/node$k/var/run/heartbeat.pid")"; done
for i in $(seq 1 100); do
  [ "$(cl 1 nodestatus node3 2>/dev/null)" = active ] && [ "$(cl 3 nodestatus node1 2>/dev/null)" = active ] && break
  sleep 0.1
done
echo
echo "\$ cl_status listnodes -v        (on node1)"
cl 1 listnodes -v
echo "\$ cl_status hbstatus           (on node2)"
cl 2 hbstatus
sleep 1
{ grep -h "Membership instance" "$work/node1/var/log/ha-log" || true; } | tail -1 | sed "s/^.*notice: /node1: /"

sleep 6  # heartbeat advertises a longer dead time for its first seconds
echo
echo "== kill -9 node3 =="
kill -9 "$(cat "$work/node3/var/run/heartbeat.pid")"
t0=$(now_ms)
for i in $(seq 1 300); do
  [ "$(cl 1 nodestatus node3 2>/dev/null)" = dead ] && break
  sleep 0.01
done
t1=$(now_ms)
echo "node1 declared node3 dead $(( t1 - t0 )) ms after the kill (deadtime 1000 ms, keepalive 200 ms)"
echo "\$ cl_status nodestatus node3   (on node2): $(cl 2 nodestatus node3)"
sleep 1
{ grep -h "Membership instance" "$work/node1/var/log/ha-log" || true; } | tail -1 | sed "s/^.*notice: /node1: /"

echo
echo "== restart node3 =="
hb 3 2>/dev/null
for i in $(seq 1 100); do [ "$(cl 1 nodestatus node3 2>/dev/null)" = active ] && break; sleep 0.1; done
echo "\$ cl_status nodestatus node3   (on node1): $(cl 1 nodestatus node3)"

echo
echo "== graceful stop (heartbeat -k) of every node =="
for k in 1 2 3; do hb "$k" -k && echo "node$k stopped"; done

echo
echo "== a resource failover: two nodes in haresources mode, group 'Dummy::web' prefers node1 =="
for k in 1 2; do
  r=$work/v1node$k
  bash tests/agents/stage_root.sh "$top/build" "$r"
  mkdir -p "$r/etc/ha.d" "$r/var/log"
  cat >"$r/etc/ha.d/ha.cf" <<CF
logfile $r/var/log/ha-log
keepalive 100ms
warntime 300ms
deadtime 500ms
initdead 5
udpport $((port + 1))
ucast lo 127.0.0.1
ucast lo 127.0.0.2
auto_failback on
node node1 node2
crm off
CF
  printf 'auth 1\n1 sha1 demo-secret-key\n' >"$r/etc/ha.d/authkeys"
  chmod 600 "$r/etc/ha.d/authkeys"
  echo "node1 Dummy::web" >"$r/etc/ha.d/haresources"
done
v1() { local k=$1; shift; env HA_ROOT="$work/v1node$k" HA_NODENAME="node$k" HA_BIND_ADDRESS="127.0.0.$k" "$@"; }
web_on() { v1 "$1" "$work/v1node$1/etc/ha.d/resource.d/Dummy" web status 2>/dev/null | grep -q "Running OK"; }
for k in 1 2; do v1 "$k" "$bin/heartbeat" 2>/dev/null; done
for i in $(seq 1 300); do web_on 1 && break; sleep 0.1; done
echo "web is running on node1: $(web_on 1 && echo yes || echo no); on node2: $(web_on 2 && echo yes || echo no)"
echo "\$ cl_status rscstatus (node1): $(v1 1 "$bin/cl_status" rscstatus)"
sleep 6  # past the longer dead time advertised while starting
kill -9 "$(cat "$work/v1node1/var/run/heartbeat.pid")"
t0=$(now_ms)
for i in $(seq 1 500); do web_on 2 && break; sleep 0.01; done
echo "kill -9 node1: web runs on node2 $(( $(now_ms) - t0 )) ms later (deadtime 500 ms)"
v1 2 "$bin/heartbeat" -k >/dev/null && echo "node2 stopped (it released web first)"
echo "web is running on node2 after the stop: $(web_on 2 && echo yes || echo no)"

if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null; then
  echo
  echo "== as root: a real virtual IP moving between two network namespaces =="
  bash packaging/demo_vip.sh || echo "(the namespace part could not run here)"
fi

wire=${HA_SHARED_DIR:-$top/../shared}/compat/heartbeat-wire
echo
if [ -d "$wire/sha1" ]; then
  echo "== hb_wiredump: two real heartbeat 3.0.6 packets, verified with their sha1 key =="
  printf 'auth 1\n1 sha1 compat-test-key-sha1\n' >"$work/authkeys.sha1"
  chmod 600 "$work/authkeys.sha1"
  # shellcheck disable=SC2046
  "$bin/hb_wiredump" --authkeys "$work/authkeys.sha1" $(ls "$wire"/sha1/*.txt | head -2)
else
  echo "(../shared/compat/heartbeat-wire not found: skipping the real-packet part)"
fi
echo
echo "demo done; everything it started is stopped and $work is removed."
