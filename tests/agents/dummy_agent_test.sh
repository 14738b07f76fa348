#!/usr/bin/env bash
# The OCF Dummy agent, installed: start/monitor/stop and their idempotency,
# the state file, reload and migration, validate-all, unknown actions, and
# well-formed, DTD-valid meta-data. Runs as any user.
. "$(dirname "$0")/agents_lib.sh"

stage_root
export HA_ROOT=$ROOT OCF_ROOT=$ROOT/usr/lib/ocf HA_RSCTMP=$WORK/rsctmp
export OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=0 OCF_RESOURCE_INSTANCE=d1
AGENT=$OCF_ROOT/resource.d/heartbeat/Dummy
[ -x "$AGENT" ] || fail "$AGENT not installed executable"
STATE=$HA_RSCTMP/Dummy-d1.state

note "meta-data"
expect_rc 0 "$AGENT" meta-data
printf '%s\n' "$OUT" >"$WORK/meta.xml"
xml_check "$WORK/meta.xml"
grep -q '<resource-agent name="Dummy"' "$WORK/meta.xml" || fail "meta-data names another agent"
for a in start stop monitor reload migrate_to migrate_from validate-all meta-data; do
    grep -q "<action name=\"$a\"" "$WORK/meta.xml" || fail "meta-data lacks action $a"
done
# meta-data needs no environment at all.
env -i PATH=/usr/bin:/bin OCF_ROOT="$OCF_ROOT" "$AGENT" meta-data >/dev/null ||
    fail "meta-data fails without OCF_RESOURCE_INSTANCE"

note "stopped: monitor 7, probe 7, stop 0"
expect_rc 7 "$AGENT" monitor
expect_rc 7 env OCF_RESKEY_CRM_meta_interval=0 "$AGENT" monitor
expect_rc 0 "$AGENT" stop
[ ! -e "$STATE" ] || fail "stop created the state file"

note "start creates the state file under HA_RSCTMP; monitor 0; start again 0"
expect_rc 0 "$AGENT" validate-all
expect_rc 0 "$AGENT" start
[ -f "$STATE" ] || fail "no state file $STATE after start"
expect_rc 0 "$AGENT" monitor
expect_rc 0 "$AGENT" status
expect_rc 0 "$AGENT" start
grep -q '^fake=dummy$' "$STATE" || fail "state file content: $(cat "$STATE")"

note "reload writes the new fake value; a second instance is independent"
expect_rc 0 env OCF_RESKEY_fake=changed "$AGENT" reload
grep -q '^fake=changed$' "$STATE" || fail "reload did not apply fake: $(cat "$STATE")"
expect_rc 7 env OCF_RESOURCE_INSTANCE=d2 "$AGENT" monitor

note "stop removes the state; stop again 0; monitor 7"
expect_rc 0 "$AGENT" stop
[ ! -e "$STATE" ] || fail "state file survived stop"
expect_rc 0 "$AGENT" stop
expect_rc 7 "$AGENT" monitor

note "migrate_from starts, migrate_to stops"
expect_rc 0 env OCF_RESKEY_CRM_meta_migrate_source=n1 "$AGENT" migrate_from
expect_rc 0 "$AGENT" monitor
expect_rc 0 env OCF_RESKEY_CRM_meta_migrate_target=n2 "$AGENT" migrate_to
expect_rc 7 "$AGENT" monitor

note "explicit state parameter"
expect_rc 0 env OCF_RESKEY_state="$WORK/deep/dir/s" "$AGENT" start
[ -f "$WORK/deep/dir/s" ] || fail "state parameter ignored"
expect_rc 0 env OCF_RESKEY_state="$WORK/deep/dir/s" "$AGENT" stop

note "validate-all: a state file that cannot be created is OCF_ERR_ARGS"
touch "$WORK/plainfile"
expect_rc 2 env OCF_RESKEY_state="$WORK/plainfile/x" "$AGENT" validate-all
echo "$OUT" | grep -q '^ocf-exit-reason:' || fail "no ocf-exit-reason line: $OUT"
expect_rc 2 env OCF_RESKEY_state="$WORK/plainfile/x" "$AGENT" start
expect_rc 6 env OCF_RESKEY_state="$WORK/dir/" "$AGENT" validate-all

note "a state path that is a directory: monitor fails (1), not 'stopped'"
mkdir -p "$WORK/isdir"
expect_rc 1 env OCF_RESKEY_state="$WORK/isdir" "$AGENT" monitor

note "unknown action: 3 with the usage; usage: 0"
expect_rc 3 "$AGENT" frobnicate
echo "$OUT" | grep -q '^usage:' || fail "no usage for an unknown action: $OUT"
expect_rc 0 "$AGENT" usage

note "logging goes to HA_LOGFILE when set"
expect_rc 0 env HA_LOGFILE="$WORK/ha-log" OCF_RESKEY_fake=x "$AGENT" reload
grep -q 'Dummy(d1)\[[0-9]*\]: .*INFO: Reloading d1' "$WORK/ha-log" ||
    fail "no log line in HA_LOGFILE: $(cat "$WORK/ha-log" 2>&1)"

note "debug lines go to HA_DEBUGLOG only when HA_debug or HA_DEBUG is set"
expect_rc 7 env HA_LOGFILE="$WORK/ha-log" HA_DEBUGLOG="$WORK/debug-log" "$AGENT" monitor
[ ! -s "$WORK/debug-log" ] || fail "debug output without HA_debug: $(cat "$WORK/debug-log")"
for v in HA_debug HA_DEBUG; do
    : >"$WORK/debug-log"
    expect_rc 7 env "$v=1" HA_LOGFILE="$WORK/ha-log" HA_DEBUGLOG="$WORK/debug-log" "$AGENT" monitor
    grep -q 'DEBUG: d1 monitor: rc=7' "$WORK/debug-log" || fail "$v=1: no debug line"
done
grep -q 'DEBUG:' "$WORK/ha-log" && fail "debug lines leaked into HA_LOGFILE"

echo "PASS: Dummy agent"
