#!/usr/bin/env bash
# ocf-tester (resource-agents' compliance checker) on our Dummy agent,
# installed. As root it also runs meta-data as nobody.
. "$(dirname "$0")/agents_lib.sh"

command -v ocf-tester >/dev/null || skip "ocf-tester not installed (apt-get install resource-agents)"
stage_root
export HA_ROOT=$ROOT OCF_ROOT=$ROOT/usr/lib/ocf HA_RSCTMP=$WORK/rsctmp
AGENT=$OCF_ROOT/resource.d/heartbeat/Dummy

out=$(ocf-tester -n dummy1 "$AGENT" 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "ocf-tester failed (rc=$rc)"
echo "$out" | grep -q "$AGENT passed all tests" || fail "no 'passed all tests' line"

# With a parameter, and the state it names.
out=$(ocf-tester -n dummy2 -o state="$WORK/other.state" -o fake=x "$AGENT" 2>&1) ||
    fail "ocf-tester with parameters failed: $out"

# The tester must catch a broken agent: one whose stop leaves it running.
sed 's/^stop) dummy_stop ;;$/stop) true ;;/' "$AGENT" >"$WORK/BrokenDummy"
chmod 755 "$WORK/BrokenDummy"
grep -q '^stop) true ;;$' "$WORK/BrokenDummy" || fail "could not break the agent for the control run"
if ocf-tester -n broken "$WORK/BrokenDummy" >/dev/null 2>&1; then
    fail "ocf-tester passed an agent whose stop does nothing"
fi
echo "PASS: ocf-tester on Dummy"
