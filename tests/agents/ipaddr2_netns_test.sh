#!/usr/bin/env bash
# The OCF IPaddr2 agent, installed, adding real addresses in a network
# namespace (root only): start/monitor/stop and idempotency, the interface
# and netmask found from the routing table, labels, lvs_support, the
# configuration checks (OCF_ERR_CONFIGURED and friends), and the gratuitous
# ARP packets (captured on the veth peer in a second namespace) from both
# senders, in the foreground and in the background.
. "$(dirname "$0")/agents_lib.sh"

require_root_netns
command -v python3 >/dev/null || skip "needs python3"
stage_root
export HA_ROOT=$ROOT OCF_ROOT=$ROOT/usr/lib/ocf HA_RSCTMP=$WORK/rsctmp
export OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=0 OCF_RESOURCE_INSTANCE=vip
AGENT=$OCF_ROOT/resource.d/heartbeat/IPaddr2
ns_pair

# ra [VAR=value...] ACTION: the agent in namespace A, quick foreground ARP.
ra() { in_a env OCF_RESKEY_arp_bg=false OCF_RESKEY_arp_count=1 "$@"; }
on_v0() { addrs_of "$NS_A" v0 | grep -qx "$1"; }

note "meta-data is valid"
expect_rc 0 "$AGENT" meta-data
printf '%s\n' "$OUT" >"$WORK/meta.xml"
xml_check "$WORK/meta.xml"

note "start/monitor/stop with ip, cidr_netmask and nic"
P=(OCF_RESKEY_ip=10.9.0.5 OCF_RESKEY_cidr_netmask=24 OCF_RESKEY_nic=v0)
expect_rc 7 ra "${P[@]}" "$AGENT" monitor
expect_rc 0 ra "${P[@]}" "$AGENT" validate-all
expect_rc 0 ra "${P[@]}" "$AGENT" start
on_v0 10.9.0.5/24 || fail "10.9.0.5/24 not on v0 after start: $(addrs_of "$NS_A" v0)"
ip -n "$NS_A" -o addr show dev v0 | grep -q 'inet 10.9.0.5/24 brd 10.9.0.255 ' ||
    fail "no broadcast computed: $(ip -n "$NS_A" -o addr show dev v0)"
expect_rc 0 ra "${P[@]}" "$AGENT" monitor
expect_rc 0 ra "${P[@]}" "$AGENT" start
[ "$(addrs_of "$NS_A" v0 | grep -c '^10.9.0.5/')" -eq 1 ] || fail "second start added the address again"
expect_rc 0 ra "${P[@]}" "$AGENT" status
[ "$OUT" = running ] || fail "status printed [$OUT]"
expect_rc 0 ra "${P[@]}" "$AGENT" stop
on_v0 10.9.0.5/24 && fail "10.9.0.5 still on v0 after stop"
on_v0 10.9.0.1/24 || fail "stop removed the interface's own address"
expect_rc 7 ra "${P[@]}" "$AGENT" monitor
expect_rc 0 ra "${P[@]}" "$AGENT" stop
expect_rc 7 ra "${P[@]}" "$AGENT" status
[ "$OUT" = stopped ] || fail "status printed [$OUT]"

note "the address removed behind the agent's back: monitor 7"
expect_rc 0 ra "${P[@]}" "$AGENT" start
ip -n "$NS_A" addr del 10.9.0.5/24 dev v0
expect_rc 7 ra "${P[@]}" "$AGENT" monitor
expect_rc 0 ra "${P[@]}" "$AGENT" stop

note "nic and netmask from the routing table; a dotted netmask; a label"
expect_rc 0 ra OCF_RESKEY_ip=10.9.0.6 "$AGENT" validate-all
expect_rc 0 ra OCF_RESKEY_ip=10.9.0.6 OCF_RESKEY_iflabel=web "$AGENT" start
on_v0 10.9.0.6/24 || fail "10.9.0.6/24 not found on v0: $(addrs_of "$NS_A" v0)"
ip -n "$NS_A" -o addr show dev v0 | grep -q 'inet 10.9.0.6/24 .* v0:web' ||
    fail "label v0:web missing: $(ip -n "$NS_A" -o addr show dev v0)"
expect_rc 0 ra OCF_RESKEY_ip=10.9.0.6 "$AGENT" monitor
expect_rc 0 ra OCF_RESKEY_ip=10.9.0.6 "$AGENT" stop
on_v0 10.9.0.6/24 && fail "10.9.0.6 still on v0"
expect_rc 0 ra OCF_RESKEY_ip=10.9.0.7 OCF_RESKEY_cidr_netmask=255.255.255.128 \
    OCF_RESKEY_nic=v0:x "$AGENT" start
on_v0 10.9.0.7/25 || fail "dotted netmask not converted: $(addrs_of "$NS_A" v0)"
ip -n "$NS_A" -o addr show dev v0 | grep -q 'inet 10.9.0.7/25 .* v0:x' || fail "nic:label form"
expect_rc 0 ra OCF_RESKEY_ip=10.9.0.7 OCF_RESKEY_nic=v0 "$AGENT" stop
on_v0 10.9.0.7/25 && fail "10.9.0.7 still on v0"

note "configuration errors: OCF_ERR_CONFIGURED for start and validate-all"
for bad in 10.9.0.300 10.9.0 abc 0.1.2.3 10.9.0.5.6 "10.9.0.5 "; do
    expect_rc 6 ra OCF_RESKEY_ip="$bad" "$AGENT" validate-all
    echo "$OUT" | grep -q '^ocf-exit-reason:.*not valid' || fail "no exit reason for [$bad]: $OUT"
    expect_rc 6 ra OCF_RESKEY_ip="$bad" "$AGENT" start
    # ... but a probe says "not running" and stop has nothing to do.
    expect_rc 7 ra OCF_RESKEY_ip="$bad" "$AGENT" monitor
    expect_rc 0 ra OCF_RESKEY_ip="$bad" "$AGENT" stop
done
expect_rc 6 ra "$AGENT" start
expect_rc 6 ra "$AGENT" validate-all
expect_rc 0 ra "$AGENT" stop
expect_rc 6 ra OCF_RESKEY_ip=10.9.0.8 OCF_RESKEY_cidr_netmask=33 "$AGENT" start
expect_rc 6 ra OCF_RESKEY_ip=10.9.0.8 OCF_RESKEY_cidr_netmask=255.0.255.0 "$AGENT" start
expect_rc 6 ra OCF_RESKEY_ip=10.9.0.8 OCF_RESKEY_broadcast=10.9.0.999 "$AGENT" start
expect_rc 6 ra OCF_RESKEY_ip=10.9.0.8 OCF_RESKEY_nic=nope0 "$AGENT" start
expect_rc 7 ra OCF_RESKEY_ip=10.9.0.8 OCF_RESKEY_nic=nope0 "$AGENT" monitor
expect_rc 6 ra OCF_RESKEY_ip=10.9.0.8 OCF_RESKEY_iflabel=muchtoolonglabel "$AGENT" start
expect_rc 6 in_a env OCF_RESKEY_ip=10.9.0.8 OCF_RESKEY_arp_count=0 "$AGENT" validate-all
expect_rc 6 in_a env OCF_RESKEY_ip=10.9.0.8 OCF_RESKEY_arp_interval=x "$AGENT" validate-all
expect_rc 6 in_a env OCF_RESKEY_ip=10.9.0.8 OCF_RESKEY_arp_sender=carrier-pigeon "$AGENT" start
on_v0 10.9.0.8/24 && fail "a refused start added the address"

note "no route to the address: start fails (1), probe 7, stop 0"
expect_rc 1 ra OCF_RESKEY_ip=10.77.0.5 "$AGENT" start
expect_rc 7 ra OCF_RESKEY_ip=10.77.0.5 "$AGENT" monitor
expect_rc 0 ra OCF_RESKEY_ip=10.77.0.5 "$AGENT" stop

note "start and stop need root (OCF_ERR_PERM); monitor does not"
expect_rc 4 in_a su nobody -s /bin/sh -c "OCF_RESKEY_ip=10.9.0.9 $AGENT start"
expect_rc 7 in_a su nobody -s /bin/sh -c "OCF_RESKEY_ip=10.9.0.9 $AGENT monitor"

note "lvs_support moves a copy of the address on lo aside while running"
ip -n "$NS_A" addr add 10.9.0.20/32 dev lo
L=(OCF_RESKEY_ip=10.9.0.20 OCF_RESKEY_cidr_netmask=24 OCF_RESKEY_nic=v0 OCF_RESKEY_lvs_support=true)
expect_rc 0 ra "${L[@]}" "$AGENT" start
addrs_of "$NS_A" lo | grep -qx 10.9.0.20/32 && fail "lvs_support left 10.9.0.20 on lo"
on_v0 10.9.0.20/24 || fail "10.9.0.20/24 not on v0"
expect_rc 0 ra "${L[@]}" "$AGENT" stop
addrs_of "$NS_A" lo | grep -qx 10.9.0.20/32 || fail "lvs_support did not restore 10.9.0.20 on lo"
on_v0 10.9.0.20/24 && fail "10.9.0.20 still on v0"

# --- gratuitous ARP, captured in namespace B -----------------------------
cat >"$WORK/arplisten.py" <<'PY'
import socket, struct, sys, time
dev, ip, want, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
s.bind((dev, 0))
s.settimeout(0.2)
print("ready", flush=True)
n, end = 0, time.time() + timeout
while time.time() < end and n < want:
    try:
        f = s.recv(2048)
    except socket.timeout:
        continue
    if len(f) < 42 or f[12:14] != b"\x08\x06":
        continue
    spa, tpa = socket.inet_ntoa(f[28:32]), socket.inet_ntoa(f[38:42])
    if spa == ip and tpa == ip:
        n += 1
        print("garp op=%d" % struct.unpack("!H", f[20:22])[0], flush=True)
print("count %d" % n, flush=True)
PY
# arp_capture IP COUNT SENDER: starts the agent with that sender and checks
# that COUNT gratuitous ARP packets for IP arrive on the peer.
arp_capture() {
    local ip=$1 count=$2 sender=$3 log=$WORK/arp-$1.log
    ip netns exec "$NS_B" python3 "$WORK/arplisten.py" v1 "$ip" "$count" 15 >"$log" 2>&1 &
    local lpid=$!
    for _ in $(seq 50); do
        grep -q ready "$log" && break
        sleep 0.1
    done
    grep -q ready "$log" || fail "ARP listener did not start: $(cat "$log")"
    expect_rc 0 in_a env OCF_RESKEY_ip="$ip" OCF_RESKEY_arp_bg=false OCF_RESKEY_arp_count="$count" \
        OCF_RESKEY_arp_interval=100 OCF_RESKEY_arp_sender="$sender" "$AGENT" start
    wait "$lpid"
    grep -q "^count $count\$" "$log" || fail "$sender: expected $count gratuitous ARPs: $(cat "$log")"
    expect_rc 0 in_a env OCF_RESKEY_ip="$ip" "$AGENT" stop
}

note "gratuitous ARP: builtin sender (python3 raw socket)"
arp_capture 10.9.0.30 3 builtin
if arping -V 2>&1 | grep -q iputils; then
    note "gratuitous ARP: iputils arping"
    arp_capture 10.9.0.31 2 iputils_arping
else
    note "iputils arping not installed; its sender is not tested"
fi

note "a background ARP sender runs after start and is stopped by stop"
B=(OCF_RESKEY_ip=10.9.0.40 OCF_RESKEY_arp_count=60 OCF_RESKEY_arp_interval=1000 OCF_RESKEY_arp_bg=true)
expect_rc 0 in_a env "${B[@]}" "$AGENT" start
pidfile=$HA_RSCTMP/send_arp-10.9.0.40
[ -f "$pidfile" ] || fail "no ARP sender pid file"
pid=$(cat "$pidfile")
kill -0 "$pid" 2>/dev/null || fail "background ARP sender $pid not running"
expect_rc 0 in_a env "${B[@]}" "$AGENT" stop
for _ in $(seq 50); do
    [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null || break
    sleep 0.1
done
if [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
    fail "stop left the ARP sender $pid running"
fi
[ ! -f "$pidfile" ] || fail "stop left the pid file"

echo "PASS: IPaddr2 agent in a network namespace"
