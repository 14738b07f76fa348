#!/usr/bin/env bash
# Root test: one cluster of Debian's heartbeat 3.0.6 and ours. Both sides see
# each other active, messages sent through our client API reach the other
# side (its rc.d event script runs), each detects the other's kill -9 within
# deadtime + keepalive; then a 3-node mix.
. "$(dirname "$0")/netns_lib.sh"
require_root
require_debian_heartbeat
trap netns_cleanup EXIT

netns_setup 3
KEEPALIVE=200ms DEADTIME=1 INITDEAD=4

debian_sees() {  # K NODE STATUS
  [ "$(in_debian "$1" cl_status nodestatus "$2" 2>/dev/null)" = "$3" ]
}
ours_sees() {  # K NODE STATUS
  [ "$(cl_ours "$1" nodestatus "$2" 2>/dev/null)" = "$3" ]
}

note "2 nodes: node1 = Debian heartbeat 3.0.6, node2 = heartbeat-ng (bcast)"
write_config 1 "node1 node2" "bcast eth0"
write_config 2 "node1 node2" "bcast eth0"
# The Debian side runs an rc.d event script for our test message type.
cat >"$WORK/node1/etc/ha.d/rc.d/hbng_test" <<'SH'
#!/bin/sh
echo "from=$HA_src info=$HA_info" >>/var/log/hbng_test.out
SH
chmod +x "$WORK/node1/etc/ha.d/rc.d/hbng_test"
start_debian 1
start_ours 2
wait_for 20 debian_sees 1 node2 active || fail "Debian node1 does not see node2 active"
wait_for 20 ours_sees 2 node1 active || fail "our node2 does not see node1 active"
in_debian 1 cl_status listnodes -v
cl_ours 2 listnodes -v

note "a message through our client API reaches the Debian node"
HA_ROOT="$WORK/node2" HA_NODENAME=node2 "$BIN/hb_send" hbng_test info=hello-from-ours ||
  fail "hb_send failed"
wait_for 5 grep -q "from=node2 info=hello-from-ours" "$WORK/node1/var/log/hbng_test.out" ||
  fail "the Debian node never ran its event script for our message"

sleep 10  # past the longer dead time both advertise while starting
note "kill -9 ours: Debian notices"
kill_node 2
t0=$(now_ms)
wait_for 5 debian_sees 1 node2 dead || fail "Debian node1 did not declare node2 dead"
echo "Debian declared our node dead after $(( $(now_ms) - t0 )) ms (deadtime 1000 + keepalive 200)"
[ $(( $(now_ms) - t0 )) -le 1500 ] || fail "too slow"

note "restart ours, then kill -9 Debian: ours notices"
start_ours 2
wait_for 20 ours_sees 2 node1 active || fail "our node2 did not see node1 again"
wait_for 20 debian_sees 1 node2 active || fail "Debian did not see our restarted node2"
sleep 10
kill_node 1
t0=$(now_ms)
wait_for 5 ours_sees 2 node1 dead || fail "our node2 did not declare node1 dead"
echo "ours declared the Debian node dead after $(( $(now_ms) - t0 )) ms"
[ $(( $(now_ms) - t0 )) -le 1500 ] || fail "too slow"
HA_ROOT="$WORK/node2" "$BIN/heartbeat" -k >/dev/null
for p in $(ip netns pids "$(ns_of 1)"); do kill -9 "$p" 2>/dev/null; done
HOLDERS=()
PIDS=()
rm -f "$WORK"/node*/debian.pid "$WORK"/node*/holder.pid

note "3 nodes: node1 = Debian, node2 and node3 = ours (ucast)"
media3=()
for k in 1 2 3; do
  write_config "$k" "node1 node2 node3" "ucast eth0 $(ip_of 1)" "ucast eth0 $(ip_of 2)" "ucast eth0 $(ip_of 3)"
done
start_debian 1
start_ours 2
start_ours 3
for k in 2 3; do for j in 1 2 3; do
  wait_for 20 ours_sees "$k" "node$j" active || fail "node$k does not see node$j active"
done; done
for j in 2 3; do
  wait_for 20 debian_sees 1 "node$j" active || fail "Debian node1 does not see node$j active"
done
kill_node 3
wait_for 5 debian_sees 1 node3 dead || fail "Debian did not notice node3's death"
wait_for 5 ours_sees 2 node3 dead || fail "node2 did not notice node3's death"
echo "PASS: mixed clusters of heartbeat 3.0.6 and heartbeat-ng"
