#!/usr/bin/env bash
# The heartbeat-class IPaddr2 and IPaddr scripts with the real OCF agent,
# in a network namespace (root only): the haresources argument form brings
# the address up with its netmask, interface, label and broadcast, and
# status is read as running, then stopped, by heartbeat's rules - by
# Debian's own ResourceManager when it is installed.
. "$(dirname "$0")/agents_lib.sh"

require_root_netns
stage_root
export HA_ROOT=$ROOT OCF_ROOT=$ROOT/usr/lib/ocf HA_RSCTMP=$WORK/rsctmp HA_LOGFILE=$WORK/ha-log
RD=$ROOT/etc/ha.d/resource.d
DEBIAN_RM=/usr/share/heartbeat/ResourceManager
ns_pair

# status_owned SCRIPT ARG: 0 when heartbeat's rule reads status as running.
status_owned() {
    local text
    text=$(in_a "$RD/$1" "$2" status 2>/dev/null)
    case "$text" in
    *[Nn][Oo][Tt]\ *[Rr]unning*) return 1 ;;
    *[Rr]unning* | *OK*) return 0 ;;
    esac
    return 1
}
debian_rm() {
    [ -x "$DEBIAN_RM" ] || return 0
    in_a env -u OCF_ROOT HA_RESOURCEDIR="$RD" "$DEBIAN_RM" "$@" >/dev/null 2>&1
}

for s in IPaddr2 IPaddr; do
    arg=10.9.0.50/25/v0:ha/10.9.0.127
    note "$s $arg"
    status_owned "$s" "$arg" && fail "$s status says running before start"
    debian_rm status "$s::$arg" && fail "Debian's ResourceManager: running before start"
    expect_rc 0 in_a "$RD/$s" "$arg" start
    ip -n "$NS_A" -o addr show dev v0 | grep -q 'inet 10.9.0.50/25 brd 10.9.0.127 .* v0:ha' ||
        fail "$s $arg start: $(ip -n "$NS_A" -o addr show dev v0)"
    status_owned "$s" "$arg" || fail "$s status does not say running after start"
    debian_rm status "$s::$arg" || fail "Debian's ResourceManager: not running after start"
    expect_rc 0 in_a "$RD/$s" "$arg" start
    expect_rc 0 in_a "$RD/$s" "$arg" stop
    addrs_of "$NS_A" v0 | grep -q '^10.9.0.50/' && fail "$s stop left the address"
    status_owned "$s" "$arg" && fail "$s status says running after stop"
    debian_rm status "$s::$arg" && fail "Debian's ResourceManager: running after stop"
    expect_rc 0 in_a "$RD/$s" "$arg" stop
done

note "a bare address, interface from the routing table"
expect_rc 0 in_a "$RD/IPaddr" 10.9.0.51 start
addrs_of "$NS_A" v0 | grep -qx 10.9.0.51/24 || fail "10.9.0.51/24 not on v0"
debian_rm status 10.9.0.51 || fail "Debian's ResourceManager: bare address not running"
expect_rc 0 in_a "$RD/IPaddr" 10.9.0.51 stop
note "a bad address: start fails with OCF_ERR_CONFIGURED, status says not running"
expect_rc 6 in_a "$RD/IPaddr2" 10.9.0.256/24/v0 start
status_owned IPaddr2 10.9.0.256/24/v0 && fail "status of a bad address says running"

echo "PASS: heartbeat-class IPaddr scripts in a network namespace"
