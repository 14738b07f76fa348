#!/usr/bin/env bash
# Part of packaging/demo.sh when run as root: two heartbeat-ng nodes in
# network namespaces share a virtual IP (haresources `node1 IPaddr2::...`);
# node1 is killed with SIGKILL and the time until node2 holds the address is
# printed. Every namespace and process it made is removed at exit.
top=$(cd "$(dirname "$0")/.." && pwd)
export HA_BIN_DIR=${HA_BIN_DIR:-$top/build/bin}
. "$top/tests/netns/netns_lib.sh"
require_root
trap netns_cleanup EXIT
VIP=$SUBNET.100
netns_setup 2
KEEPALIVE=100ms WARNTIME=300ms DEADTIME=500ms INITDEAD=5
has_vip() { ip -n "$(ns_of "$1")" -4 addr show dev eth0 | grep -q " $VIP/"; }
for k in 1 2; do
  bash "$top/tests/agents/stage_root.sh" "$top/build" "$WORK/node$k" || exit 1
  write_config "$k" "node1 node2" "bcast eth0"
  echo "node1 IPaddr2::$VIP/24/eth0" >"$WORK/node$k/etc/ha.d/haresources"
  start_ours "$k"
done
wait_for 30 has_vip 1 || { echo "the VIP did not come up on node1"; exit 1; }
echo "VIP $VIP is on node1 (namespace $(ns_of 1)); node2 has it: $(has_vip 2 && echo yes || echo no)"
sleep 6  # past the longer dead time advertised while starting
kill -9 "$(ours_pid 1)"
ip -n "$(ns_of 1)" addr del "$VIP/24" dev eth0  # the dead box goes down with its address
t0=$(now_ms)
for i in $(seq 1 500); do has_vip 2 && break; sleep 0.005; done
echo "kill -9 node1: the VIP is on node2 $(( $(now_ms) - t0 )) ms later (deadtime 500 ms)"
