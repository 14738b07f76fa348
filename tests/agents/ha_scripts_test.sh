#!/usr/bin/env bash
# The scripts of /etc/ha.d and /usr/share/heartbeat, installed, as any
# user: harc and the rc.d scripts with the environment heartbeat gives
# them, hb_standby, hb_takeover, mach_down and req_resource. A fake
# ResourceManager records what it is asked; a reader on the FIFO collects
# the messages the scripts hand to heartbeat.
. "$(dirname "$0")/agents_lib.sh"

stage_root
export HA_ROOT=$ROOT HA_LOGFILE=$WORK/ha-log HA_CURHOST=node1
unset HA_NICEFAILBACK HA_DONTASK HA_FUNCS HA_DIR HA_DEBUGLOG OCF_ROOT
HARC=$ROOT/etc/ha.d/harc
SHARE=$ROOT/usr/share/heartbeat
FIFO=$ROOT/var/lib/heartbeat/fifo

# --- a fake ResourceManager ----------------------------------------------
mkdir -p "$WORK/owned"
cat >"$SHARE/ResourceManager" <<EOF
#!/bin/sh
echo "\$*" >>"$WORK/rm.log"
case "\$1" in
listkeys)
    case "\$2" in
    node1) echo "Dummy::a" ;;
    node2) printf '%s\n' IPaddr::10.0.0.2 Dummy::b ;;
    esac ;;
status) [ -e "$WORK/owned/\$(echo "\$2" | tr '/:' '__')" ] ;;
esac
EOF
chmod 755 "$SHARE/ResourceManager"
own() { touch "$WORK/owned/$(echo "$1" | tr '/:' '__')"; }
disown_all() { rm -f "$WORK/owned"/*; }
rm_log() { cat "$WORK/rm.log" 2>/dev/null; }
rm_reset() { rm -f "$WORK/rm.log"; }
expect_rm() {
    [ "$(rm_log)" = "$1" ] || fail "ResourceManager was asked:
$(rm_log)
want:
$1"
    rm_reset
}

# --- the FIFO and its reader ----------------------------------------------
mkfifo -m 600 "$FIFO"
exec {fifo_fd}<>"$FIFO"
cat <&"$fifo_fd" >>"$WORK/fifo.out" &
READER=$!
trap 'kill $READER 2>/dev/null; agents_cleanup' EXIT
# fifo_next: the next message (waits up to 5 s), removed from the queue.
fifo_next() {
    for _ in $(seq 50); do
        grep -q '^<<<$' "$WORK/fifo.out" 2>/dev/null && break
        sleep 0.1
    done
    cat "$WORK/fifo.out"
    : >"$WORK/fifo.out"
}
expect_msg() {
    local got
    got=$(fifo_next)
    [ "$got" = "$(printf '>>>\n%s\n<<<' "$1")" ] || fail "FIFO got:
$got
want the fields:
$1"
}
# expect_no_msg: nothing was written to the FIFO (checked after a pause).
expect_no_msg() {
    sleep 0.2
    [ ! -s "$WORK/fifo.out" ] || fail "unexpected FIFO message: $(cat "$WORK/fifo.out")"
}

# --- hb_standby and hb_takeover ------------------------------------------
note "hb_standby writes ask_resources into the FIFO"
expect_rc 0 "$SHARE/hb_standby"
expect_msg "t=ask_resources
rsc_hold=all
info=me"
for w in all local foreign; do
    expect_rc 0 "$SHARE/hb_standby" "$w"
    expect_msg "t=ask_resources
rsc_hold=$w
info=me"
done
expect_rc 0 "$SHARE/hb_standby" failback
expect_msg "t=ask_resources
rsc_hold=foreign
info=me"
expect_rc 1 "$SHARE/hb_standby" everything
expect_rc 1 "$SHARE/hb_standby" all local
expect_no_msg
grep -q 'hb_standby\[[0-9]*\]: .*Going standby \[foreign\]\.' "$HA_LOGFILE" ||
    fail "hb_standby did not log: $(cat "$HA_LOGFILE")"

note "hb_takeover writes hb_takeover; failback is sent as local"
expect_rc 0 "$SHARE/hb_takeover"
expect_msg "t=hb_takeover
rsc_hold=all"
expect_rc 0 "$SHARE/hb_takeover" foreign
expect_msg "t=hb_takeover
rsc_hold=foreign"
expect_rc 0 "$SHARE/hb_takeover" failback
expect_msg "t=hb_takeover
rsc_hold=local"
expect_rc 1 "$SHARE/hb_takeover" nothing
expect_no_msg

note "concurrent writers never interleave"
for _ in $(seq 20); do "$SHARE/hb_standby" local & done
# shellcheck disable=SC2046  # one word per writer pid
wait $(jobs -p | grep -v "^$READER\$") 2>/dev/null
sleep 0.5
awk 'BEGIN { n = 0; bad = 0 }
    /^>>>$/ { if (state) bad = 1; state = 1; lines = 0; next }
    /^<<<$/ { if (!state || lines != 3) bad = 1; state = 0; n++; next }
    { lines++ }
    END { if (state) bad = 1; exit (bad || n != 20) }' "$WORK/fifo.out" ||
    fail "messages interleaved or lost: $(cat "$WORK/fifo.out")"
: >"$WORK/fifo.out"

note "no heartbeat: no FIFO, or nobody reading it, is an error (not a hang)"
expect_rc 1 env HA_FIFO="$WORK/nofifo" "$SHARE/hb_standby"
mkfifo "$WORK/deadfifo"
t0=$(date +%s)
expect_rc 1 env HA_FIFO="$WORK/deadfifo" HA_FIFO_TIMEOUT=1 "$SHARE/hb_standby"
[ $(($(date +%s) - t0)) -lt 5 ] || fail "writing to an unread FIFO did not time out"

# --- harc ------------------------------------------------------------------
note "harc runs rc.d/<type> and logs it; refuses what is not there"
expect_rc 0 env HA_t=status HA_st=active HA_src=node2 "$HARC" status
grep -q "harc\[[0-9]*\]: .*info: Running $ROOT/etc/ha.d/rc.d/status status" "$HA_LOGFILE" ||
    fail "harc did not log the run: $(tail -3 "$HA_LOGFILE")"
expect_rc 1 "$HARC" no-such-type
grep -q "ERROR: .*rc.d/no-such-type: not executable" "$HA_LOGFILE" || fail "no error logged"
expect_rc 1 "$HARC" ../harc
expect_rc 1 "$HARC"
cat >"$ROOT/etc/ha.d/rc.d/echoer" <<'EOF'
#!/bin/sh
echo "echoer $* t=$HA_t x=$HA_x"
EOF
chmod 755 "$ROOT/etc/ha.d/rc.d/echoer"
expect_rc 0 env HA_t=echoer HA_x=1 "$HARC" echoer
[ "$OUT" = "echoer echoer t=echoer x=1" ] || fail "rc.d script output/arguments: [$OUT]"
expect_rc 0 env HA_t=echoer HA_x=2 HA_DEBUGLOG="$WORK/debug-log" "$HARC" echoer
[ -z "$OUT" ] || fail "with HA_DEBUGLOG set the output should go there: [$OUT]"
grep -q '^echoer echoer t=echoer x=2$' "$WORK/debug-log" || fail "output not in HA_DEBUGLOG"
expect_rc 0 env HA_FUNCS="$ROOT/etc/ha.d/shellfuncs" HA_ROOT= HA_DIR="$ROOT/etc/ha.d" \
    OCF_ROOT="$ROOT/usr/lib/ocf" HA_t=echoer "$HARC" echoer

# --- rc.d/status and mach_down ---------------------------------------------
note "status dead: mach_down takes the dead node's groups"
rm_reset
expect_rc 0 env HA_t=status HA_st=dead HA_src=node2 "$HARC" status
expect_rm "listkeys node2
takegroup IPaddr::10.0.0.2
takegroup Dummy::b"
expect_no_msg
grep -q 'mach_down takeover complete for node node2' "$HA_LOGFILE" || fail "mach_down did not log"
note "... with nice failback it reports the foreign resources as ours"
expect_rc 0 env HA_t=status HA_st=dead HA_src=NODE2 HA_NICEFAILBACK=yes "$HARC" status
expect_rm "listkeys node2
takegroup IPaddr::10.0.0.2
takegroup Dummy::b"
expect_msg "t=resource
rsc_hold=foreign
info=mach_down"
note "... but not for ourselves, ping nodes, or other statuses"
expect_rc 0 env HA_t=status HA_st=dead HA_src=node1 "$HARC" status
expect_rc 0 env HA_t=status HA_st=dead HA_src=router HA_info=ping "$HARC" status
expect_rc 0 env HA_t=status HA_st=active HA_src=node2 "$HARC" status
expect_rc 0 env HA_t=status HA_st=up HA_src=node2 "$HARC" status
expect_rm ""
expect_no_msg
expect_rc 1 "$SHARE/mach_down"

# --- rc.d/ask_resources ----------------------------------------------------
note "ask_resources: take the standby node's groups"
expect_rc 0 env HA_t=ask_resources HA_src=node2 HA_rsc_hold=all HA_info=me "$HARC" ask_resources
expect_rm "listkeys node2
takegroup IPaddr::10.0.0.2
takegroup Dummy::b"
expect_no_msg
expect_rc 0 env HA_t=ask_resources HA_src=node2 HA_NICEFAILBACK=yes "$HARC" ask_resources
rm_reset
expect_msg "t=resource
rsc_hold=foreign
info=standby"
expect_rc 0 env HA_t=ask_resources HA_src=node1 "$HARC" ask_resources
expect_rm ""
expect_no_msg

# --- rc.d/hb_takeover --------------------------------------------------------
note "hb_takeover from the other node: we go standby for the mirror set"
for pair in all:all local:foreign foreign:local failback:foreign; do
    expect_rc 0 env HA_t=hb_takeover HA_src=node2 HA_rsc_hold="${pair%%:*}" "$HARC" hb_takeover
    expect_msg "t=ask_resources
rsc_hold=${pair#*:}
info=me"
done
expect_rc 0 env HA_t=hb_takeover HA_src=node1 HA_rsc_hold=all "$HARC" hb_takeover
expect_rc 1 env HA_t=hb_takeover HA_src=node2 HA_rsc_hold=bogus "$HARC" hb_takeover
expect_no_msg

# --- rc.d/ip-request and ip-request-resp -------------------------------------
note "ip-request for a group we run: give it up and say so"
own IPaddr::10.0.0.1
cat >"$ROOT/etc/ha.d/rc.d/local_giveip" <<EOF
#!/bin/sh
echo "local_giveip \$*" >>"$WORK/rm.log"
EOF
chmod 755 "$ROOT/etc/ha.d/rc.d/local_giveip"
expect_rc 0 env HA_t=ip-request HA_src=node2 HA_ipaddr=IPaddr::10.0.0.1 "$HARC" ip-request
expect_rm "status IPaddr::10.0.0.1
local_giveip ip-request
givegroup IPaddr::10.0.0.1"
expect_msg "t=ip-request-resp
dest=node2
ipaddr=IPaddr::10.0.0.1
weown=yes
ok=OK"
rm -f "$ROOT/etc/ha.d/rc.d/local_giveip"
note "ip-request for a group we do not run: weown=no"
disown_all
expect_rc 0 env HA_t=ip-request HA_src=node2 HA_ipaddr=Dummy::a "$HARC" ip-request
expect_rm "status Dummy::a"
expect_msg "t=ip-request-resp
dest=node2
ipaddr=Dummy::a
weown=no
ok=OK"
expect_rc 0 env HA_t=ip-request HA_src=node1 HA_ipaddr=Dummy::a "$HARC" ip-request
expect_rc 1 env HA_t=ip-request HA_src=node2 "$HARC" ip-request
expect_rm ""
expect_no_msg

note "ip-request-resp addressed to us with ok=OK: take the group"
expect_rc 0 env HA_t=ip-request-resp HA_src=node2 HA_dest=node1 HA_ipaddr=Dummy::a HA_weown=yes \
    HA_ok=OK "$HARC" ip-request-resp
expect_rm "takegroup Dummy::a"
expect_rc 0 env HA_t=ip-request-resp HA_src=node1 HA_dest=node2 HA_ipaddr=Dummy::a HA_ok=OK \
    "$HARC" ip-request-resp
expect_rc 0 env HA_t=ip-request-resp HA_src=node2 HA_dest=node1 HA_ipaddr=Dummy::a HA_ok=NO \
    "$HARC" ip-request-resp
expect_rc 1 env HA_t=ip-request-resp HA_dest=node1 HA_ok=OK "$HARC" ip-request-resp
expect_rm ""

# --- req_resource ------------------------------------------------------------
note "req_resource: nothing when we run it, else ask (or answer ourselves)"
own Dummy::a
expect_rc 0 "$SHARE/req_resource" Dummy::a
expect_rm "status Dummy::a"
expect_no_msg
disown_all
expect_rc 0 "$SHARE/req_resource" Dummy::a
rm_reset
expect_msg "t=ip-request
ipaddr=Dummy::a"
for v in HA_DONTASK HA_NICEFAILBACK; do
    expect_rc 0 env "$v=yes" "$SHARE/req_resource" Dummy::a
    rm_reset
    expect_msg "t=ip-request-resp
dest=node1
ipaddr=Dummy::a
weown=yes
ok=OK"
done
expect_rc 1 "$SHARE/req_resource"

# --- shellfuncs ---------------------------------------------------------------
note "ha_parameter reads ha.cf"
cat >"$ROOT/etc/ha.d/ha.cf" <<'EOF'
# comment
Keepalive 3   # seconds
node node1
node  node2
logfacility	local0
EOF
got=$(sh -c '. "$HA_ROOT/etc/ha.d/shellfuncs"; for p in keepalive deadtime node logfacility warntime; do echo "$p=[$(ha_parameter $p)]"; done')
[ "$got" = "keepalive=[3]
deadtime=[7]
node=[node1 node2]
logfacility=[local0]
warntime=[]" ] || fail "ha_parameter: $got"
rm "$ROOT/etc/ha.d/ha.cf"
got=$(sh -c '. "$HA_ROOT/etc/ha.d/shellfuncs"; echo "$(ha_parameter keepalive) $(ha_parameter deadtime)"')
[ "$got" = "2 5" ] || fail "ha_parameter defaults: $got"
note "shellfuncs defaults follow HA_ROOT"
got=$(sh -c '. "$HA_ROOT/etc/ha.d/shellfuncs"; echo "$HA_DIR $HA_FIFO $HA_NOARCHBIN $OCF_ROOT $HA_RSCTMP"')
[ "$got" = "$ROOT/etc/ha.d $FIFO $SHARE $ROOT/usr/lib/ocf $ROOT/run/resource-agents" ] ||
    fail "directory defaults: $got"

echo "PASS: harc, rc.d and the heartbeat helper scripts"
