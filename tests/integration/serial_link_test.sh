#!/usr/bin/env bash
# Integration: two of our daemons whose only medium is a serial line — a pty
# pair made by socat — come up active, and a kill -9 is noticed over it.
command -v socat >/dev/null || { echo "SKIP: socat is not installed"; exit 77; }
SOCAT_PID=
EXTRA_CLEANUP='[ -n "$SOCAT_PID" ] && kill "$SOCAT_PID" 2>/dev/null'
. "$(dirname "$0")/int_lib.sh"

socat pty,raw,echo=0,link="$WORK/tty1" pty,raw,echo=0,link="$WORK/tty2" &
SOCAT_PID=$!
wait_for 5 test -e "$WORK/tty2" || fail "socat made no pty pair"

for k in 1 2; do
  r=$WORK/node$k
  mkdir -p "$r/etc/ha.d" "$r/var/log"
  cat >"$r/etc/ha.d/ha.cf" <<CF
logfile $r/var/log/ha-log
keepalive 200ms
warntime 600ms
deadtime 1
initdead 3
baud 115200
serial $WORK/tty$k
node node1 node2
crm off
CF
  printf 'auth 1\n1 md5 serial-test-key\n' >"$r/etc/ha.d/authkeys"
  chmod 600 "$r/etc/ha.d/authkeys"
  echo "# none" >"$r/etc/ha.d/haresources"
done
for k in 1 2; do hb "$k" 2>/dev/null || fail "node$k did not start"; done
wait_for 10 sees 1 node2 active || fail "node1 does not see node2 over the serial line"
wait_for 10 sees 2 node1 active || fail "node2 does not see node1 over the serial line"
[ "$(cl 1 hblinkstatus node2 "$WORK/tty1")" = up ] ||
  fail "link node2:$WORK/tty1 is not up"
sleep 5.5
kill -9 "$(cat "$WORK/node2/var/run/heartbeat.pid")"
t0=$(now_ms)
wait_for 3 sees 1 node2 dead || fail "node1 did not notice node2's death"
echo "node1 declared node2 dead $(( $(now_ms) - t0 )) ms after the kill, over serial"
hb 1 -k || fail "heartbeat -k"
echo "PASS: two nodes over a serial pty pair"
