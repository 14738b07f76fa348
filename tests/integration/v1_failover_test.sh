#!/usr/bin/env bash
# Integration: haresources (v1) mode with two of our daemons on loopback and
# heartbeat-class Dummy resources (our own agents, staged under each node's
# HA_ROOT). Both take their own group; a kill -9 of node1 moves its group to
# node2; node1's return takes it back (auto_failback on); a graceful stop of
# node2 hands its group to node1. Never on both nodes at once.
. "$(dirname "$0")/int_lib.sh"
BUILD=$(cd "$BIN/.." && pwd)
STAGE=$(cd "$(dirname "$0")/../agents" && pwd)/stage_root.sh
PORT=$(( 20000 + $$ % 30000 ))

runs() {  # NODE RESOURCE: is the Dummy resource running on that node?
  env HA_ROOT="$WORK/node$1" "$WORK/node$1/etc/ha.d/resource.d/Dummy" "$2" status 2>/dev/null |
    grep -q "Running OK"
}
where() { for k in 1 2; do for r in web db; do runs "$k" "$r" && printf 'node%s:%s ' "$k" "$r"; done; done; echo; }

for k in 1 2; do
  r=$WORK/node$k
  bash "$STAGE" "$BUILD" "$r" || fail "staging the agents under $r"
  cat >"$r/etc/ha.d/ha.cf" <<CF
logfile $r/var/log/ha-log
keepalive 100ms
warntime 300ms
deadtime 500ms
initdead 2
udpport $PORT
ucast lo 127.0.0.1
ucast lo 127.0.0.2
auto_failback on
node node1 node2
crm off
CF
  printf 'auth 1\n1 sha1 v1-integration\n' >"$r/etc/ha.d/authkeys"
  chmod 600 "$r/etc/ha.d/authkeys"
  printf 'node1 Dummy::web\nnode2 Dummy::db\n' >"$r/etc/ha.d/haresources"
done

for k in 1 2; do hb "$k" 2>/dev/null || fail "node$k did not start"; done
wait_for 20 runs 1 web || fail "node1 did not start web: $(where)"
wait_for 20 runs 2 db || fail "node2 did not start db: $(where)"
runs 2 web && fail "web runs on node2 too"
wait_for 20 sh -c "[ \"\$(HA_ROOT=$WORK/node1 $BIN/cl_status rscstatus)\" = local ]" ||
  fail "node1's rscstatus is not local: $(cl 1 rscstatus)"
echo "after start: $(where)"

sleep 5.5  # past the longer dead time advertised while starting
echo "--- kill -9 node1"
kill -9 "$(cat "$WORK/node1/var/run/heartbeat.pid")"
t0=$(now_ms)
wait_for 5 runs 2 web || fail "node2 did not take web over: $(where)"
echo "web runs on node2 $(( $(now_ms) - t0 )) ms after the kill (deadtime 500 ms): $(where)"

echo "--- node1 returns (its resources went down with it), auto_failback on"
rm -f "$WORK/node1/run/resource-agents/"*Dummy* 2>/dev/null
find "$WORK/node1" -name '*Dummy*web*.state' -delete 2>/dev/null
hb 1 2>/dev/null || fail "node1 did not restart"
wait_for 30 runs 1 web || fail "web did not come back to node1: $(where)"
wait_for 10 sh -c "! env HA_ROOT=$WORK/node2 $WORK/node2/etc/ha.d/resource.d/Dummy web status | grep -q 'Running OK'" ||
  fail "node2 kept web after failback: $(where)"
echo "after failback: $(where)"

echo "--- graceful stop of node2"
hb 2 -k || fail "heartbeat -k on node2"
runs 2 db && fail "node2 left db running after a graceful stop"
wait_for 10 runs 1 db || fail "node1 did not take db: $(where)"
echo "after node2 stopped: $(where)"
hb 1 -k || fail "heartbeat -k on node1"
runs 1 web && fail "node1 left web running after a graceful stop"
echo "PASS: v1 resource groups: start, kill -9 failover, auto_failback, graceful stop"
