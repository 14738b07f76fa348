#!/usr/bin/env bash
# The heartbeat-class scripts of /etc/ha.d/resource.d, installed, as any
# user: IPaddr/IPaddr2 turn the haresources argument form into OCF
# parameters (checked with a stub agent that records what it got), and
# what status prints is classified as heartbeat does - by Debian's own
# ResourceManager when it is installed, and always by the documented rules
# of the v1 ResourceManager and of the LRM's heartbeat class. Delay, Dummy
# and the generic OCF wrapper run for real.
. "$(dirname "$0")/agents_lib.sh"

stage_root
export HA_ROOT=$ROOT OCF_ROOT=$ROOT/usr/lib/ocf HA_RSCTMP=$WORK/rsctmp HA_LOGFILE=$WORK/ha-log
RD=$ROOT/etc/ha.d/resource.d
DEBIAN_RM=/usr/share/heartbeat/ResourceManager

# The v1 ResourceManager's rule: "not ... running" is not owned; else
# "running" or "OK" is owned.
rm_owned() {
    case "$1" in
    *[Nn][Oo][Tt]\ *[Rr]unning*) return 1 ;;
    *[Rr]unning* | *OK*) return 0 ;;
    esac
    return 1
}
# The LRM heartbeat class: 0 running, 7 stopped.
lrm_rc() {
    local low
    low=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')
    case "$low" in
    *stopped* | *not*running*) echo 7 ;;
    *running*) echo 0 ;;
    *) case "$1" in *OK*) echo 0 ;; *) echo 7 ;; esac ;;
    esac
}
# expect_status RUNNING SCRIPT ARGS...: SCRIPT ARGS status is read as
# running (yes) or not (no) by every rule.
expect_status() {
    local want=$1 text
    shift
    text=$("$@" status 2>/dev/null)
    if [ "$want" = yes ]; then
        rm_owned "$text" || fail "ResourceManager rule reads [$text] as not running: $*"
        [ "$(lrm_rc "$text")" = 0 ] || fail "LRM rule reads [$text] as stopped: $*"
    else
        rm_owned "$text" && fail "ResourceManager rule reads [$text] as running: $*"
        [ "$(lrm_rc "$text")" = 7 ] || fail "LRM rule reads [$text] as running: $*"
    fi
    STATUS_TEXT=$text
}
# debian_rm_status WANT_RC RESOURCE: Debian's ResourceManager status.
debian_rm_status() {
    [ -x "$DEBIAN_RM" ] || return 0
    local rc
    # Its own ocf-shellfuncs wants OCF_ROOT=/usr/lib/ocf; ours follow HA_ROOT.
    env -u OCF_ROOT HA_RESOURCEDIR="$RD" "$DEBIAN_RM" status "$2" >/dev/null 2>&1
    rc=$?
    [ "$rc" -eq "$1" ] || fail "Debian's ResourceManager status $2: rc $rc, want $1"
}

# --- IPaddr/IPaddr2 against a stub IPaddr2 agent -------------------------
STUB=$WORK/stubra
mkdir -p "$STUB/heartbeat"
cat >"$STUB/heartbeat/IPaddr2" <<'EOF'
#!/bin/sh
# Records its parameters; runs while its state file exists.
env | grep -E '^OCF_(RESKEY_|RESOURCE_INSTANCE=)' | sort >"$STUB_DIR/params"
state=$STUB_DIR/state-$OCF_RESOURCE_INSTANCE
case "$1" in
start) touch "$state"; exit ${STUB_RC:-0} ;;
stop) rm -f "$state"; exit ${STUB_RC:-0} ;;
monitor) [ -n "$STUB_RC" ] && exit "$STUB_RC"; [ -f "$state" ] && exit 0; exit 7 ;;
meta-data) echo '<resource-agent name="stub"/>'; exit 0 ;;
esac
exit 3
EOF
chmod 755 "$STUB/heartbeat/IPaddr2"
export STUB_DIR=$WORK OCF_RA_DIR=$STUB

# params SCRIPT ARG: the OCF parameters SCRIPT passed for ARG, one a line.
params() {
    expect_rc 7 "$RD/$1" "$2" monitor
    cat "$WORK/params"
}
expect_params() {
    local got
    got=$(params "$1" "$2")
    [ "$got" = "$3" ] || fail "$1 $2 passed:
$got
want:
$3"
}

note "IPaddr2: the argument forms"
expect_params IPaddr2 10.0.0.5 "OCF_RESKEY_ip=10.0.0.5
OCF_RESKEY_lvs_support=true
OCF_RESOURCE_INSTANCE=IPaddr2_10.0.0.5"
expect_params IPaddr2 10.0.0.5/24 "OCF_RESKEY_cidr_netmask=24
OCF_RESKEY_ip=10.0.0.5
OCF_RESKEY_lvs_support=true
OCF_RESOURCE_INSTANCE=IPaddr2_10.0.0.5"
expect_params IPaddr2 10.0.0.5/24/eth0 "OCF_RESKEY_cidr_netmask=24
OCF_RESKEY_ip=10.0.0.5
OCF_RESKEY_lvs_support=true
OCF_RESKEY_nic=eth0
OCF_RESOURCE_INSTANCE=IPaddr2_10.0.0.5"
expect_params IPaddr2 10.0.0.5/24/eth0/10.0.0.255 "OCF_RESKEY_broadcast=10.0.0.255
OCF_RESKEY_cidr_netmask=24
OCF_RESKEY_ip=10.0.0.5
OCF_RESKEY_lvs_support=true
OCF_RESKEY_nic=eth0
OCF_RESOURCE_INSTANCE=IPaddr2_10.0.0.5"
expect_params IPaddr2 10.0.0.5/24/10.0.0.255 "OCF_RESKEY_broadcast=10.0.0.255
OCF_RESKEY_cidr_netmask=24
OCF_RESKEY_ip=10.0.0.5
OCF_RESKEY_lvs_support=true
OCF_RESOURCE_INSTANCE=IPaddr2_10.0.0.5"
expect_params IPaddr2 10.0.0.5/24/eth0:web/10.0.0.255 "OCF_RESKEY_broadcast=10.0.0.255
OCF_RESKEY_cidr_netmask=24
OCF_RESKEY_ip=10.0.0.5
OCF_RESKEY_lvs_support=true
OCF_RESKEY_nic=eth0:web
OCF_RESOURCE_INSTANCE=IPaddr2_10.0.0.5"
note "IPaddr: the same forms, without lvs_support"
expect_params IPaddr 10.0.0.5/16/eth1 "OCF_RESKEY_cidr_netmask=16
OCF_RESKEY_ip=10.0.0.5
OCF_RESKEY_lvs_support=false
OCF_RESKEY_nic=eth1
OCF_RESOURCE_INSTANCE=IPaddr_10.0.0.5"

note "usage errors exit 1"
expect_rc 1 "$RD/IPaddr2" start
expect_rc 1 "$RD/IPaddr2" 10.0.0.5 eth0 start
expect_rc 1 "$RD/IPaddr" 10.0.0.5 reboot

note "status text: stopped, running, failed"
for s in IPaddr2 IPaddr; do
    expect_status no "$RD/$s" 10.0.0.5/24/eth0
    expect_rc 3 "$RD/$s" 10.0.0.5/24/eth0 status
    debian_rm_status 3 "$s::10.0.0.5/24/eth0"
    expect_rc 0 "$RD/$s" 10.0.0.5/24/eth0 start
    [ "$OUT" = "INFO: $s Success" ] || fail "$s start printed [$OUT]"
    expect_status yes "$RD/$s" 10.0.0.5/24/eth0
    [ "$STATUS_TEXT" = "INFO: $s Running OK" ] || fail "$s status printed [$STATUS_TEXT]"
    expect_rc 0 "$RD/$s" 10.0.0.5/24/eth0 status
    expect_rc 0 "$RD/$s" 10.0.0.5/24/eth0 monitor
    debian_rm_status 0 "$s::10.0.0.5/24/eth0"
    STUB_RC=1 expect_status no "$RD/$s" 10.0.0.5/24/eth0
    STUB_RC=1 expect_rc 1 "$RD/$s" 10.0.0.5/24/eth0 status
    STUB_RC=1 debian_rm_status 3 "$s::10.0.0.5/24/eth0"
    expect_rc 0 "$RD/$s" 10.0.0.5/24/eth0 stop
    expect_status no "$RD/$s" 10.0.0.5/24/eth0
    debian_rm_status 3 "$s::10.0.0.5/24/eth0"
done
note "a bare address is IPaddr for Debian's ResourceManager"
expect_rc 0 "$RD/IPaddr" 10.0.0.7/24 start
debian_rm_status 0 10.0.0.7/24
expect_rc 0 "$RD/IPaddr" 10.0.0.7/24 stop
debian_rm_status 3 10.0.0.7/24
note "failures keep the agent's exit code and print an error"
STUB_RC=6 expect_rc 6 "$RD/IPaddr2" 10.0.0.5 start
[ "$OUT" = "ERROR: IPaddr2 Program is not configured" ] || fail "start failure printed [$OUT]"
expect_rc 0 "$RD/IPaddr2" 10.0.0.5 meta-data
[ "$OUT" = '<resource-agent name="stub"/>' ] || fail "meta-data not passed through: [$OUT]"
unset OCF_RA_DIR

# --- Delay ----------------------------------------------------------------
now_ms() { date +%s%3N; }
note "Delay: start sleeps once, status from the state file, stop sleeps"
expect_status no "$RD/Delay" 2 0
expect_rc 3 "$RD/Delay" 2 0 status
t0=$(now_ms)
expect_rc 0 "$RD/Delay" 2 0 start
t1=$(now_ms)
[ $((t1 - t0)) -ge 2000 ] || fail "Delay 2 start took only $((t1 - t0)) ms"
expect_status yes "$RD/Delay" 2 0
expect_rc 0 "$RD/Delay" 2 0 monitor
expect_status no "$RD/Delay" 1 0
t0=$(now_ms)
expect_rc 0 "$RD/Delay" 2 0 start
t1=$(now_ms)
[ $((t1 - t0)) -lt 2000 ] || fail "starting a running Delay slept again ($((t1 - t0)) ms)"
expect_rc 0 "$RD/Delay" 2 0 stop
expect_status no "$RD/Delay" 2 0
expect_rc 7 "$RD/Delay" 2 0 monitor
expect_rc 0 "$RD/Delay" 2 0 stop
expect_rc 0 "$RD/Delay" 0 start
expect_status yes "$RD/Delay" 0
expect_rc 0 "$RD/Delay" 0 stop
expect_rc 2 "$RD/Delay" abc start
expect_rc 2 "$RD/Delay" 1 -1 start
expect_rc 1 "$RD/Delay" 1 2 3 start

# --- Dummy ----------------------------------------------------------------
note "Dummy: named instances are independent"
expect_rc 0 "$RD/Dummy" web start
[ -f "$HA_RSCTMP/Dummy-Dummy_web.state" ] || fail "no state file for Dummy web"
expect_status yes "$RD/Dummy" web
expect_status no "$RD/Dummy" db
expect_status no "$RD/Dummy"
expect_rc 0 "$RD/Dummy" start
expect_status yes "$RD/Dummy"
expect_rc 0 "$RD/Dummy" stop
expect_rc 0 "$RD/Dummy" web stop
expect_status no "$RD/Dummy" web
expect_rc 2 "$RD/Dummy" ../x start

# --- OCF ------------------------------------------------------------------
note "OCF: parameters from conf/OCF/<type>/<instance>"
mkdir -p "$ROOT/etc/ha.d/conf/OCF/Dummy"
cat >"$ROOT/etc/ha.d/conf/OCF/Dummy/inst1" <<EOF
# the state file
  state=$WORK/ocf-inst1.state
OCF_RESKEY_fake="two words"

EOF
expect_status no "$RD/OCF" Dummy inst1
expect_rc 0 "$RD/OCF" Dummy inst1 start
grep -qx 'fake=two words' "$WORK/ocf-inst1.state" 2>/dev/null ||
    fail "parameters not passed: $(cat "$WORK/ocf-inst1.state" 2>&1)"
expect_status yes "$RD/OCF" Dummy inst1
[ "$STATUS_TEXT" = "INFO: OCF::Dummy Running OK" ] || fail "OCF status printed [$STATUS_TEXT]"
expect_status yes "$RD/OCF" heartbeat/Dummy inst1
expect_rc 0 "$RD/OCF" Dummy inst1 stop
[ ! -e "$WORK/ocf-inst1.state" ] || fail "OCF stop left the state"
note "OCF: no parameter file; another provider; errors"
expect_rc 0 "$RD/OCF" Dummy inst2 start
[ -f "$HA_RSCTMP/Dummy-inst2.state" ] || fail "instance name not passed"
expect_rc 0 "$RD/OCF" Dummy inst2 stop
mkdir -p "$OCF_ROOT/resource.d/acme"
sed 's/name="Dummy"/name="Thing"/' "$OCF_ROOT/resource.d/heartbeat/Dummy" >"$OCF_ROOT/resource.d/acme/Thing"
chmod 755 "$OCF_ROOT/resource.d/acme/Thing"
expect_rc 0 "$RD/OCF" Thing t1 start
expect_status yes "$RD/OCF" Thing t1
expect_status yes "$RD/OCF" acme/Thing t1
expect_rc 0 "$RD/OCF" Thing t1 stop
expect_rc 5 "$RD/OCF" NoSuchAgent i start
echo "$OUT" | grep -q '^ERROR: OCF::NoSuchAgent' || fail "no error for a missing agent: $OUT"
echo 'not a parameter' >"$ROOT/etc/ha.d/conf/OCF/Dummy/broken"
expect_rc 6 "$RD/OCF" Dummy broken start
expect_rc 2 "$RD/OCF" ../Dummy i start
expect_rc 2 "$RD/OCF" Dummy a/b start
expect_rc 1 "$RD/OCF" Dummy start

note "the scripts logged to HA_LOGFILE"
grep -q 'IPaddr2(IPaddr2_10.0.0.5)\[[0-9]*\]: .*INFO: IPaddr2 Running OK' "$WORK/ha-log" ||
    fail "no IPaddr2 status line in the log: $(head -5 "$WORK/ha-log")"

echo "PASS: heartbeat-class resource scripts"
