#!/usr/bin/env bash
# Root test: three of our daemons in network namespaces over bcast, then
# mcast; a cut link is noticed within deadtime + keepalive and heals.
. "$(dirname "$0")/netns_lib.sh"
require_root
trap netns_cleanup EXIT

N=3
netns_setup $N
KEEPALIVE=200ms DEADTIME=1

all_active() {
  local i j
  for i in $(seq 1 $N); do for j in $(seq 1 $N); do
    [ "$(cl_ours "$i" nodestatus "node$j" 2>/dev/null)" = active ] || return 1
  done; done
}

for media in "bcast eth0" "mcast eth0 239.0.0.94 30695 1 0"; do
  note "media: $media"
  for k in $(seq 1 $N); do
    write_config "$k" "node1 node2 node3" "$media" "udpport 30694"
    start_ours "$k"
  done
  wait_for 10 all_active || fail "$media: not every node sees every node active"
  cl_ours 1 listnodes -v
  [ "$(cl_ours 1 hblinkstatus node2 eth0)" = up ] || fail "$media: link node2 eth0 not up"

  if [ "${media%% *}" = bcast ]; then
    sleep 5.5  # past the longer dead time advertised while starting
    note "cut node2's link"
    ip -n "${NS}-br" link set "v${NS}n2" down
    t0=$(now_ms)
    wait_for 5 sh -c "[ \"\$(HA_ROOT=$WORK/node1 $BIN/cl_status nodestatus node2)\" = dead ]" ||
      fail "node1 did not declare node2 dead after the link cut"
    dt=$(( $(now_ms) - t0 ))
    echo "node1 declared node2 dead ${dt} ms after the cut (deadtime 1000 + keepalive 200)"
    [ "$dt" -le 1400 ] || fail "detection took ${dt} ms"
    [ "$(cl_ours 3 hblinkstatus node2 eth0)" = dead ] || fail "node3 still sees node2's link up"
    ip -n "${NS}-br" link set "v${NS}n2" up
    wait_for 10 all_active || fail "the cluster did not heal after the link came back"
    note "healed"
  fi
  for k in $(seq 1 $N); do
    HA_ROOT="$WORK/node$k" "$BIN/heartbeat" -k >/dev/null || fail "heartbeat -k on node$k"
  done
  PIDS=()
done
note "ping nodes: node3's host answers ICMP for nodes 1 and 2"
for k in 1 2; do
  write_config "$k" "node1 node2" "bcast eth0" "udpport 30694" "deadping 1" \
    "ping $(ip_of 3)" "ping_group routers $(ip_of 3) $SUBNET.99"
  start_ours "$k"
done
ping_is() { [ "$(cl_ours 1 nodestatus "$1" 2>/dev/null)" = "$2" ]; }
wait_for 10 ping_is "$(ip_of 3)" ping || fail "ping node $(ip_of 3) is not 'ping'"
wait_for 10 ping_is routers ping || fail "ping_group routers is not 'ping'"
[ "$(cl_ours 1 nodetype routers)" = ping ] || fail "routers is not of type ping"
cl_ours 1 listnodes -v
ip -n "$(ns_of 3)" link set eth0 down
wait_for 5 ping_is routers dead || fail "routers not declared dead when its host went away"
wait_for 5 ping_is "$(ip_of 3)" dead || fail "ping node not declared dead"
[ "$(cl_ours 1 nodestatus node2)" = active ] || fail "node2 must stay active"
echo "PASS: bcast and mcast clusters, link cut detected and healed, ping nodes"
