#!/usr/bin/env bash
# The shell side, statically: every script parses as POSIX sh (dash) and
# passes shellcheck; the install rules put each file where Debian has it,
# with its mode; the sample ha.cf/haresources/authkeys pass ha_checkconf
# once their examples are enabled.
. "$(dirname "$0")/agents_lib.sh"

cd "$SRC" || fail "no source tree"
SCRIPTS=(ha.d/harc ha.d/shellfuncs ha.d/rc.d/* ha.d/share/*
    resource.d/heartbeat/* resource.d/ocf/heartbeat/* resource.d/ocf/lib/heartbeat/*)
[ ${#SCRIPTS[@]} -ge 22 ] || fail "only ${#SCRIPTS[@]} scripts found: ${SCRIPTS[*]}"

note "POSIX sh syntax"
sh_parser=$(command -v dash || command -v sh)
for f in "${SCRIPTS[@]}"; do
    "$sh_parser" -n "$f" || fail "$f does not parse with $sh_parser"
done

if command -v shellcheck >/dev/null; then
    note "shellcheck -s sh (environment-provided variables excepted)"
    shellcheck -s sh -S warning -e SC2154,SC2034,SC1090,SC1091 "${SCRIPTS[@]}" ||
        fail "shellcheck found problems"
else
    note "shellcheck not installed; skipped"
fi

note "install layout and modes"
stage_root
check() { # MODE PATH
    [ -f "$ROOT$2" ] || fail "$2 not installed"
    local m
    m=$(stat -c %a "$ROOT$2")
    [ "$m" = "$1" ] || fail "$2 installed with mode $m, want $1"
}
for f in Dummy IPaddr2; do check 755 "/usr/lib/ocf/resource.d/heartbeat/$f"; done
for f in ocf-shellfuncs ocf-returncodes ipaddr-funcs; do check 644 "/usr/lib/ocf/lib/heartbeat/$f"; done
for f in IPaddr IPaddr2 Delay Dummy OCF hto-mapfuncs; do check 755 "/etc/ha.d/resource.d/$f"; done
check 755 /etc/ha.d/harc
check 644 /etc/ha.d/shellfuncs
for f in status ask_resources hb_takeover ip-request ip-request-resp; do check 755 "/etc/ha.d/rc.d/$f"; done
for f in hb_standby hb_takeover mach_down req_resource; do check 755 "/usr/share/heartbeat/$f"; done
for f in ha.cf haresources authkeys; do check 644 "/usr/share/doc/heartbeat/$f"; done
# Installed copies are the sources.
cmp -s "$ROOT/etc/ha.d/harc" ha.d/harc || fail "installed harc differs from ha.d/harc"

CHECKCONF=${HA_BIN_DIR:-}/ha_checkconf
if [ -x "$CHECKCONF" ]; then
    note "the sample configuration, examples enabled, passes ha_checkconf"
    conf=$WORK/conf
    mkdir -p "$conf/etc/ha.d"
    cp ha.d/ha.cf "$conf/etc/ha.d/ha.cf"
    sed -e 's/^#auth 1$/auth 1/' -e 's/^#1 sha1 /1 sha1 /' ha.d/authkeys >"$conf/etc/ha.d/authkeys"
    chmod 600 "$conf/etc/ha.d/authkeys"
    sed -e 's/^#node1 10.0.0.5/node1 10.0.0.5/' -e 's/^#node1 Dummy::web/node1 Dummy::web/' \
        ha.d/haresources >"$conf/etc/ha.d/haresources"
    grep -q '^auth 1$' "$conf/etc/ha.d/authkeys" || fail "sample authkeys has no '#auth 1' example"
    grep -q '^node1 Dummy::web' "$conf/etc/ha.d/haresources" || fail "sample haresources changed"
    out=$(HA_NODENAME=node1 "$CHECKCONF" --root "$conf" --quiet --no-host-checks 2>&1) ||
        fail "ha_checkconf rejects the samples: $out"
    echo "$out" | grep -q ': error:' && fail "ha_checkconf reports errors: $out"
    # ... and notices a broken one (the check can fail).
    echo "keepalive 40" >>"$conf/etc/ha.d/ha.cf"
    HA_NODENAME=node1 "$CHECKCONF" --root "$conf" --quiet --no-host-checks >/dev/null 2>&1 &&
        fail "ha_checkconf accepted deadtime 30 with keepalive 40"
else
    note "ha_checkconf not built; the samples are not checked"
fi
echo "PASS: lint and layout"
