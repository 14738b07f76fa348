#!/usr/bin/env bash
# Benchmark (root, on demand): failure detection and idle cost of our
# heartbeat against Debian's heartbeat 3.0.6, in the same run, on the same
# network-namespace hosts.
#   - detection: kill -9 node2 of a 2-node cluster, time until node1's
#     cl_status says node2 is dead (polled every 5 ms, the same way for both),
#     at keepalive/deadtime 100ms/500ms and 1s/5s;
#   - idle CPU per node (all of its processes) over 20 s at keepalive 1 s and
#     100 ms, and resident memory.
# Prints ours, theirs and the ratio ours/theirs for every figure.
#   HA_BIN_DIR=build/bin tests/bench/hb_detect.sh [TRIALS]
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../netns/netns_lib.sh"
require_root
require_debian_heartbeat
trap netns_cleanup EXIT
TRIALS=${1:-5}
IDLE_S=${IDLE_S:-20}

netns_setup 2

stop_all() {
  local k p
  for k in 1 2; do
    for p in $(ip netns pids "$(ns_of "$k")"); do kill -9 "$p" 2>/dev/null; done
    rm -f "$WORK/node$k/var/run/heartbeat.pid" "$WORK/node$k/debian.pid" "$WORK/node$k/holder.pid"
    rm -rf "$WORK/node$k/var/lib/heartbeat"/* "$WORK/node$k/run"/*
  done
  PIDS=(); HOLDERS=()
  sleep 0.3
}

start_impl() {  # IMPL KEEPALIVE DEADTIME
  local impl=$1 k
  for k in 1 2; do
    KEEPALIVE=$2 DEADTIME=$3 WARNTIME=$3 INITDEAD=10 write_config "$k" "node1 node2" "bcast eth0"
    if [ "$impl" = ours ]; then start_ours "$k"; else start_debian "$k"; fi
  done
}

status_on() {  # IMPL K NODE
  if [ "$1" = ours ]; then cl_ours "$2" nodestatus "$3" 2>/dev/null
  else in_debian "$2" cl_status nodestatus "$3" 2>/dev/null; fi
}

node_pids() {  # K: every process of the node but the namespace holder
  local p holder
  holder=$(cat "$WORK/node$1/holder.pid" 2>/dev/null)
  for p in $(ip netns pids "$(ns_of "$1")"); do [ "$p" = "$holder" ] || echo "$p"; done
}

cpu_ticks() {  # PIDS...: utime + stime
  local p t=0
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo $t
}

rss_kb() {
  local p t=0
  for p in "$@"; do
    t=$(( t + $(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0) ))
  done
  echo $t
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

detect_trial() {  # IMPL KA DT -> prints ms
  local impl=$1
  start_impl "$impl" "$2" "$3"
  local i
  for i in $(seq 1 300); do
    [ "$(status_on "$impl" 1 node2)" = active ] && [ "$(status_on "$impl" 2 node1)" = active ] && break
    sleep 0.1
  done
  sleep "${SETTLE:-12}"  # past the longer dead time both advertise while starting
  local t0 t1
  for p in $(node_pids 2); do kill -9 "$p"; done
  t0=$(now_ms)
  for i in $(seq 1 4000); do
    [ "$(status_on "$impl" 1 node2)" = dead ] && break
    sleep 0.005
  done
  t1=$(now_ms)
  stop_all
  echo $(( t1 - t0 ))
}

idle_trial() {  # IMPL KA -> "cpu_percent rss_kb" for node1
  local impl=$1
  start_impl "$impl" "$2" 5 >/dev/null 2>&1
  sleep 3
  local pids c0 c1 hz rss
  pids=$(node_pids 1)
  hz=$(getconf CLK_TCK)
  c0=$(cpu_ticks $pids)
  sleep "$IDLE_S"
  c1=$(cpu_ticks $pids)
  rss=$(rss_kb $pids)
  stop_all
  awk -v d=$(( c1 - c0 )) -v hz="$hz" -v s="$IDLE_S" -v r="$rss" 'BEGIN {printf "%.3f %d\n", 100.0 * d / hz / s, r}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }

printf '%-34s %10s %10s %8s\n' "figure" "ours" "heartbeat" "ratio"
for timing in "100ms 500ms" "1 5"; do
  set -- $timing
  for impl in ours debian; do
    : >"$WORK/det-$impl"
    for t in $(seq 1 "$TRIALS"); do detect_trial "$impl" "$1" "$2" >>"$WORK/det-$impl"; done
  done
  o=$(median <"$WORK/det-ours"); d=$(median <"$WORK/det-debian")
  printf '%-34s %8s ms %8s ms %8s\n' "detection median ka=$1 dt=$2" "$o" "$d" "$(ratio "$o" "$d")"
  echo "   ours: $(tr '\n' ' ' <"$WORK/det-ours")  heartbeat: $(tr '\n' ' ' <"$WORK/det-debian")"
done
for ka in 1 100ms; do
  read -r oc orss < <(idle_trial ours "$ka")
  read -r dc drss < <(idle_trial debian "$ka")
  printf '%-34s %8s %% %8s %% %8s\n' "idle CPU per node ka=$ka" "$oc" "$dc" "$(ratio "$oc" "$dc")"
  printf '%-34s %7s kB %7s kB %8s\n' "RSS per node ka=$ka" "$orss" "$drss" "$(ratio "$orss" "$drss")"
done
