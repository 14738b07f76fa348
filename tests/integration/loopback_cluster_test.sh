#!/usr/bin/env bash
# Integration: three real heartbeat-ng daemons on loopback as an ordinary
# user (ucast on 127.0.0.x, one HA_ROOT each). Start, cl_status, kill -9 one,
# see the others notice within deadtime + keepalive, restart it, stop
# gracefully. Every process started is ended by PID on exit.
. "$(dirname "$0")/int_lib.sh"
PORT=$(( 20000 + $$ % 30000 ))
N=3

for k in $(seq 1 $N); do
  r=$WORK/node$k
  mkdir -p "$r/etc/ha.d" "$r/var/log"
  cat >"$r/etc/ha.d/ha.cf" <<CF
logfile $r/var/log/ha-log
keepalive 100ms
warntime 300ms
deadtime 500ms
initdead 2
udpport $PORT
ucast lo 127.0.0.1
ucast lo 127.0.0.2
ucast lo 127.0.0.3
node node1 node2 node3
apiauth hbng_test uid=$(id -un)
crm off
CF
  printf 'auth 1\n1 sha1 integration-key\n' >"$r/etc/ha.d/authkeys"
  chmod 600 "$r/etc/ha.d/authkeys"
  echo "# none" >"$r/etc/ha.d/haresources"
done

for k in $(seq 1 $N); do hb "$k" 2>/dev/null || fail "node$k did not start"; done
for k in $(seq 1 $N); do
  for j in $(seq 1 $N); do wait_for 10 sees "$k" "node$j" active || fail "node$k does not see node$j active"; done
done
cl 1 hbstatus || fail "cl_status hbstatus"
cl 1 listnodes | sort | tr '\n' ' ' | grep -q "node1 node2 node3" || fail "listnodes"
[ "$(cl 2 hblinkstatus node3 lo)" = up ] || fail "hblinkstatus"
hb 1 -s | grep -q "heartbeat OK" || fail "heartbeat -s"

echo "--- a script's message through node1's FIFO reaches node2"
printf '>>>\nt=setweight\nnode=node1\nweight=42\n<<<\n' >"$WORK/node1/var/lib/heartbeat/fifo"
wait_for 3 sh -c "[ \"\$(HA_ROOT=$WORK/node2 HA_NODENAME=node2 $BIN/cl_status nodeweight node1)\" = 42 ]" ||
  fail "setweight from node1's FIFO did not reach node2"

# Heartbeat advertises a longer dead time for 5 s after start-up; measure
# detection after that.
sleep 5.5
echo "--- a client message runs node2's rc.d event script"
mkdir -p "$WORK/node2/etc/ha.d/rc.d"
printf '#!/bin/sh\necho "$HA_src says $HA_info" >>"%s"\n' "$WORK/event.out" >"$WORK/node2/etc/ha.d/rc.d/hbng_test"
chmod +x "$WORK/node2/etc/ha.d/rc.d/hbng_test"
env HA_ROOT="$WORK/node1" HA_NODENAME=node1 "$BIN/hb_send" -c hbng_test hbng_test info=hello ||
  fail "hb_send"
wait_for 3 grep -q "node1 says hello" "$WORK/event.out" || fail "node2 did not run rc.d/hbng_test"

echo "--- hb_addnode / hb_delnode through node1's FIFO"
SCRIPTS=$(cd "$(dirname "$0")/../../heartbeat/tools/scripts" && pwd)
HA_ROOT="$WORK/node1" "$SCRIPTS/hb_addnode" node4 || fail "hb_addnode"
wait_for 3 sh -c "HA_ROOT=$WORK/node2 $BIN/cl_status listnodes | grep -qx node4" || fail "node4 not added on node2"
wait_for 3 sees 1 node4 dead || fail "node4 (never started) is not dead on node1"
HA_ROOT="$WORK/node1" "$SCRIPTS/hb_delnode" node4 || fail "hb_delnode"
wait_for 3 sh -c "! HA_ROOT=$WORK/node2 $BIN/cl_status listnodes | grep -qx node4" || fail "node4 not deleted on node2"
HA_ROOT="$WORK/node3" "$SCRIPTS/hb_setsite" node3 rack7 || fail "hb_setsite"
wait_for 3 sh -c "[ \"\$(HA_ROOT=$WORK/node1 $BIN/cl_status nodesite node3)\" = rack7 ]" || fail "site not set"

echo "--- kill -9 node3"
kill -9 "$(cat "$WORK/node3/var/run/heartbeat.pid")"
t0=$(now_ms)
wait_for 3 sees 1 node3 dead || fail "node1 did not see node3 die"
d1=$(( $(now_ms) - t0 ))
wait_for 3 sees 2 node3 dead || fail "node2 did not see node3 die"
echo "node1 declared node3 dead after ${d1} ms (deadtime 500 + keepalive 100)"
[ "$d1" -le 800 ] || fail "detection took ${d1} ms"

echo "--- restart node3"
hb 3 2>/dev/null || fail "node3 did not restart"
wait_for 10 sees 1 node3 active || fail "node1 does not see node3 back"
wait_for 10 sees 3 node1 active || fail "node3 does not see node1"

echo "--- graceful stop of node2"
hb 2 -k || fail "heartbeat -k"
wait_for 2 sees 1 node2 dead || fail "node1 did not see node2 leave"
hb 2 -s >/dev/null && fail "node2 still running after -k"
for k in 1 3; do hb "$k" -k || fail "heartbeat -k node$k"; done
echo "PASS: 3-node loopback cluster: start, status, kill -9, restart, graceful stop"
