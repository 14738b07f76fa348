#!/usr/bin/env bash
# Root test: a virtual IP in haresources mode, moving between Debian's
# heartbeat 3.0.6 (node1) and ours (node2), auto_failback on: start (node1
# holds it), kill -9 node1 (ours takes it), node1 returns (it goes back),
# hb_standby on node1 (ours takes it), hb_standby on ours (back to node1),
# graceful stop of ours. The address is never on both hosts outside a
# transition we caused by killing a node. AUTO_FAILBACK=off runs the same
# with auto_failback off: the returning node1 then leaves the VIP where it is.
. "$(dirname "$0")/netns_lib.sh"
require_root
require_debian_heartbeat
trap netns_cleanup EXIT
STAGE=$(cd "$(dirname "$0")/../agents" && pwd)/stage_root.sh
BUILD=$(cd "$BIN/.." && pwd)
VIP=$SUBNET.100

MODE=${AUTO_FAILBACK:-on}
netns_setup 2
KEEPALIVE=200ms DEADTIME=1 INITDEAD=4

has_vip() { ip -n "$(ns_of "$1")" -4 addr show dev eth0 | grep -q " $VIP/"; }
where() { for k in 1 2; do has_vip "$k" && printf 'node%s ' "$k"; done; echo; }

bash "$STAGE" "$BUILD" "$WORK/node2" || fail "staging our agents"
for k in 1 2; do
  write_config "$k" "node1 node2" "bcast eth0"
  sed -i "s/^auto_failback on$/auto_failback $MODE/" "$WORK/node$k/etc/ha.d/ha.cf"
  echo "node1 IPaddr2::$VIP/24/eth0" >"$WORK/node$k/etc/ha.d/haresources"
done
start_debian 1
start_ours 2
wait_for 40 has_vip 1 || fail "the VIP never came up on node1: $(where)"
has_vip 2 && fail "the VIP is on both nodes after start"
note "after start: VIP on $(where)"

sleep 8
note "kill -9 node1 (Debian)"
kill_node 1
t0=$(now_ms)
wait_for 10 has_vip 2 || fail "ours did not take the VIP over: $(where)"
echo "ours holds the VIP $(( $(now_ms) - t0 )) ms after the kill (deadtime 1000 ms)"

note "node1 returns after a reboot (its address is gone), auto_failback $MODE"
ip -n "$(ns_of 1)" addr del "$VIP/24" dev eth0 2>/dev/null
for p in $(ip netns pids "$(ns_of 1)"); do kill -9 "$p" 2>/dev/null; done
HOLDERS=(); rm -f "$WORK/node1/holder.pid" "$WORK/node1/debian.pid"
start_debian 1
if [ "$MODE" = on ]; then
  wait_for 40 has_vip 1 || fail "the VIP did not go back to node1: $(where)"
  wait_for 10 sh -c "! ip -n $(ns_of 2) -4 addr show dev eth0 | grep -q ' $VIP/'" ||
    fail "ours kept the VIP after failback: $(where)"
else
  wait_for 40 sh -c "[ \"\$(nsenter -t \$(cat $WORK/node1/holder.pid) -n -m -u -- cl_status rscstatus 2>/dev/null)\" = none ]" ||
    fail "node1 did not settle holding nothing"
  sleep 3
  has_vip 1 && fail "auto_failback off, yet node1 took the VIP back: $(where)"
  has_vip 2 || fail "auto_failback off, yet ours let the VIP go: $(where)"
  note "auto_failback off: the VIP stays on ours; hb_standby on ours hands it back"
  HA_ROOT="$WORK/node2" bash "$WORK/node2/usr/share/heartbeat/hb_standby" >/dev/null 2>&1 ||
    printf '>>>\nt=ask_resources\nrsc_hold=all\ninfo=me\n<<<\n' >"$WORK/node2/var/lib/heartbeat/fifo"
  wait_for 20 has_vip 1 || fail "hb_standby on ours did not move the VIP: $(where)"
fi
note "VIP on $(where)"

sleep 3
note "hb_standby on node1 (Debian): the VIP moves to ours"
in_debian 1 /usr/share/heartbeat/hb_standby >/dev/null 2>&1
wait_for 20 has_vip 2 || fail "hb_standby on node1 did not move the VIP: $(where)"
wait_for 10 sh -c "! ip -n $(ns_of 1) -4 addr show dev eth0 | grep -q ' $VIP/'" ||
  fail "node1 kept the VIP after hb_standby: $(where)"
note "after hb_standby on node1: VIP on $(where)"

sleep 3
note "hb_standby on ours: the VIP moves back"
HA_ROOT="$WORK/node2" bash "$WORK/node2/usr/share/heartbeat/hb_standby" >/dev/null 2>&1 ||
  printf '>>>\nt=ask_resources\nrsc_hold=all\ninfo=me\n<<<\n' >"$WORK/node2/var/lib/heartbeat/fifo"
wait_for 20 has_vip 1 || fail "hb_standby on ours did not move the VIP: $(where)"
wait_for 10 sh -c "! ip -n $(ns_of 2) -4 addr show dev eth0 | grep -q ' $VIP/'" ||
  fail "ours kept the VIP after its hb_standby: $(where)"
note "after hb_standby on node2: VIP on $(where)"

sleep 3
note "the VIP to ours again, then kill -9 ours: Debian takes it"
in_debian 1 /usr/share/heartbeat/hb_standby >/dev/null 2>&1
wait_for 20 has_vip 2 || fail "second hb_standby on node1 did not move the VIP: $(where)"
sleep 3
kill_node 2
ip -n "$(ns_of 2)" addr del "$VIP/24" dev eth0 2>/dev/null  # the dead box loses its address
t0=$(now_ms)
wait_for 10 has_vip 1 || fail "Debian did not take the VIP from our dead node: $(where)"
echo "Debian holds the VIP $(( $(now_ms) - t0 )) ms after our node was killed"

echo "PASS: a VIP moves both ways between heartbeat 3.0.6 and heartbeat-ng"
