#!/usr/bin/env bash
# Integration: a resource that will not stop. node1 is asked to stop; its
# group's stop keeps failing, so node1 leaves the cluster at once without a
# shutdone (heartbeat would reboot the box; an HA_ROOT test node leaves the
# marker var/lib/heartbeat/reboot-required) and node2 takes the group after
# the dead time.
. "$(dirname "$0")/int_lib.sh"
PORT=$(( 20000 + $$ % 30000 ))
for k in 1 2; do
  r=$WORK/node$k
  mkdir -p "$r/etc/ha.d/resource.d" "$r/var/log" "$r/state"
  cat >"$r/etc/ha.d/ha.cf" <<CF
logfile $r/var/log/ha-log
keepalive 100ms
warntime 300ms
deadtime 500ms
initdead 2
udpport $PORT
ucast lo 127.0.0.1
ucast lo 127.0.0.2
auto_failback off
node node1 node2
crm off
CF
  printf 'auth 1\n1 sha1 stop-failure\n' >"$r/etc/ha.d/authkeys"
  chmod 600 "$r/etc/ha.d/authkeys"
  echo "node1 Stubborn" >"$r/etc/ha.d/haresources"
  # Starts fine; on node1 it refuses to stop and keeps saying it runs.
  cat >"$r/etc/ha.d/resource.d/Stubborn" <<SH
#!/bin/sh
case "\$1" in
  start) touch "$r/state/running" ;;
  stop) [ "$k" = 1 ] && exit 1; rm -f "$r/state/running" ;;
  status) [ -f "$r/state/running" ] && echo "Stubborn is running" || echo "Stubborn is stopped" ;;
esac
exit 0
SH
  chmod +x "$r/etc/ha.d/resource.d/Stubborn"
done
for k in 1 2; do env HA_STOPRETRYMAX=1 HA_ROOT="$WORK/node$k" HA_NODENAME="node$k" \
  HA_BIND_ADDRESS="127.0.0.$k" "$BIN/heartbeat" 2>/dev/null || fail "node$k did not start"; done
wait_for 20 test -f "$WORK/node1/state/running" || fail "node1 did not start its group"
sleep 5.5
pid=$(cat "$WORK/node1/var/run/heartbeat.pid")
kill -TERM "$pid"
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null || grep -q Z /proc/$pid/stat" || fail "node1 did not leave"
test -f "$WORK/node1/var/lib/heartbeat/reboot-required" || fail "no reboot-required marker on node1"
grep -q "Resource STOP failure" "$WORK/node1/var/log/ha-log" || fail "no STOP failure log line"
wait_for 10 test -f "$WORK/node2/state/running" || fail "node2 did not take the group"
echo "PASS: a stop failure takes node1 out, node2 takes the group after the dead time"
