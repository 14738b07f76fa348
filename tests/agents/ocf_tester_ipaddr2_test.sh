#!/usr/bin/env bash
# ocf-tester (resource-agents' compliance checker) on our IPaddr2 agent,
# installed, inside a network namespace (root only): with every address
# parameter given, and with the interface and netmask left to the agent.
. "$(dirname "$0")/agents_lib.sh"

require_root_netns
command -v ocf-tester >/dev/null || skip "ocf-tester not installed (apt-get install resource-agents)"
stage_root
export HA_ROOT=$ROOT OCF_ROOT=$ROOT/usr/lib/ocf HA_RSCTMP=$WORK/rsctmp
AGENT=$OCF_ROOT/resource.d/heartbeat/IPaddr2
ns_pair

run_tester() {
    local out rc
    out=$(in_a ocf-tester "$@" "$AGENT" 2>&1)
    rc=$?
    echo "$out"
    [ $rc -eq 0 ] || fail "ocf-tester $* failed (rc=$rc)"
    echo "$out" | grep -q "$AGENT passed all tests" || fail "no 'passed all tests' line"
    [ -z "$(addrs_of "$NS_A" v0 | grep -v '^10.9.0.1/24$')" ] ||
        fail "ocf-tester left addresses on v0: $(addrs_of "$NS_A" v0)"
}

note "ip, cidr_netmask, nic"
run_tester -n vip1 -o ip=10.9.0.5 -o cidr_netmask=24 -o nic=v0
note "ip only (nic and netmask from the routing table), background ARP"
run_tester -n vip2 -o ip=10.9.0.6 -o arp_count=2
note "with a label and the builtin ARP sender"
run_tester -n vip3 -o ip=10.9.0.7 -o iflabel=t -o arp_sender=builtin -o arp_bg=false -o arp_count=1

# Control: an address outside every connected subnet cannot start, and the
# tester says so.
if in_a ocf-tester -n bad -o ip=10.77.0.5 "$AGENT" >/dev/null 2>&1; then
    fail "ocf-tester passed IPaddr2 with an address it cannot place"
fi
echo "PASS: ocf-tester on IPaddr2"
