#!/usr/bin/env bash
# Benchmark (root, on demand, never in CI): haresources failover of a
# virtual IP, ours against Debian's heartbeat 3.0.6, in the same run on the
# same network-namespace hosts.
#   - failover: 2 nodes + a client host on one bridge; haresources
#     `node1 IPaddr2::<vip>/24/eth0`, auto_failback on; at keepalive/deadtime
#     100ms/500ms and 2s/10s, fault = kill -9 of node1 (every process) or a
#     link cut (node1's bridge port down); time from the fault to the first
#     ARP reply for the VIP from node2's MAC, seen by the client probing
#     every 10 ms (vip_probe.py). Also the time from the fault to the
#     address appearing on node2 (`ip -ts monitor address` there).
#   - takeover path: `ResourceManager takegroup` / `givegroup` of the VIP
#     group on one host without a cluster: ours (built-in agent and, for
#     reference, HA_BUILTIN_AGENTS=0) against Debian's ResourceManager and
#     IPaddr2 scripts.
# Implementations: ours (both nodes ours), ours_script (ours with
# HA_BUILTIN_AGENTS=0), debian (both nodes Debian's). Prints medians of
# ours and heartbeat and the ratio ours/heartbeat.
#   HA_BIN_DIR=build/bin tests/bench/v1_failover.sh [TRIALS]
# Environment: IMPLS, TIMINGS ("ka,dt ..."), FAULTS, SETTLE (s after the
# VIP is up before a fault), PATH_REPS (takeover-path repetitions).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../netns/netns_lib.sh"
require_root
require_debian_heartbeat
command -v python3 >/dev/null || skip "needs python3 (the ARP prober)"
[ -x /usr/share/heartbeat/ResourceManager ] || skip "Debian's ResourceManager is not installed"
trap netns_cleanup EXIT
TRIALS=${1:-5}
IMPLS=${IMPLS:-ours ours_script debian}
TIMINGS=${TIMINGS:-100ms,500ms 2,10}
FAULTS=${FAULTS:-kill cut}
SETTLE=${SETTLE:-5}
PATH_REPS=${PATH_REPS:-10}
BUILD=$(cd "$BIN/.." && pwd)
VIP=$SUBNET.100
KEY="IPaddr2::$VIP/24/eth0"
CLIENT=3

netns_setup 3  # host 3 is the client: no heartbeat there
STAGED=$WORK/staged
bash "$here/../agents/stage_root.sh" "$BUILD" "$STAGED" || fail "staging our agents"

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "n/a" || b == "n/a") print "n/a"; else printf "%.2f", a / b }'; }
mac_of() { ip -n "$(ns_of "$1")" -o link show eth0 | sed -n 's|.*link/ether \([0-9a-f:]*\).*|\1|p'; }
has_vip() { ip -n "$(ns_of "$1")" -4 addr show dev eth0 | grep -q " $VIP/"; }
now_ns() { date +%s%N; }

# A fresh node directory: our staged root, or an empty one for Debian.
fresh_node() {  # K IMPL
  local k=$1
  rm -rf "$WORK/node$k"
  if [ "$2" = debian ]; then
    mkdir -p "$WORK/node$k"/{etc/ha.d/rc.d,var/lib/heartbeat,var/run/heartbeat,var/log}
  else
    cp -a "$STAGED" "$WORK/node$k"
  fi
}

stop_all() {
  local k p
  for k in 1 2; do
    for p in $(ip netns pids "$(ns_of "$k")"); do kill -9 "$p" 2>/dev/null; done
    ip -n "$(ns_of "$k")" addr del "$VIP/24" dev eth0 2>/dev/null
  done
  ip -n "${NS}-br" link set "v${NS}n1" up
  PIDS=(); HOLDERS=()
  sleep 0.3
}

# A Debian host without a daemon: its mount + UTS namespace only.
debian_holder() {  # K
  local k=$1 d="$WORK/node$1"
  cp -a /etc/ha.d/harc /etc/ha.d/shellfuncs /etc/ha.d/resource.d "$d/etc/ha.d/" 2>/dev/null
  cp -a /etc/ha.d/rc.d/. "$d/etc/ha.d/rc.d/" 2>/dev/null
  mkdir -p "$d/run"
  setsid ip netns exec "$(ns_of "$k")" unshare --mount --uts --propagation private /bin/sh -c '
      d=$1; hostname "node$2"
      mount --bind "$d/etc/ha.d" /etc/ha.d && mount --bind "$d/var/lib/heartbeat" /var/lib/heartbeat &&
      mount --bind "$d/var/log" /var/log && mount --bind "$d/run" /run || exit 1
      mkdir -p /run/heartbeat /run/resource-agents
      exec sleep 100000' sh "$d" "$k" </dev/null >/dev/null 2>&1 &
  echo $! >"$d/holder.pid"
  disown $!
  HOLDERS+=("$!")
  sleep 0.3
}

start_impl() {  # IMPL KA DT
  local impl=$1 k wt init
  wt=$(awk -v d="$3" 'BEGIN { if (d ~ /ms$/) { sub(/ms$/, "", d); printf "%dms", d * 0.6 } else printf "%d", d * 0.6 }')
  init=$(awk -v d="$3" 'BEGIN { if (d ~ /ms$/) { sub(/ms$/, "", d); v = d * 2 / 1000 } else v = d * 2; printf "%d", (v < 2 ? 2 : v) }')
  for k in 1 2; do
    fresh_node "$k" "$impl"
    KEEPALIVE=$2 DEADTIME=$3 WARNTIME=$wt INITDEAD=$init write_config "$k" "node1 node2" "bcast eth0"
    echo "node1 $KEY" >"$WORK/node$k/etc/ha.d/haresources"
  done
  for k in 1 2; do
    case $impl in
      ours) HA_BUILTIN_AGENTS=1 start_ours "$k" ;;
      ours_script) HA_BUILTIN_AGENTS=0 start_ours "$k" ;;
      debian) start_debian "$k" ;;
    esac
  done
}

peer_active() {  # IMPL: node2 sees node1 active
  if [ "$1" = debian ]; then [ "$(in_debian 2 cl_status nodestatus node1 2>/dev/null)" = active ]
  else [ "$(cl_ours 2 nodestatus node1 2>/dev/null)" = active ]; fi
}

# One failover trial: prints "client_ms addr_ms" (n/a when not seen).
failover_trial() {  # IMPL KA DT FAULT
  local impl=$1 fault=$4 cmd p out ms t0 added
  start_impl "$impl" "$2" "$3"
  wait_for 60 has_vip 1 || { echo "n/a n/a"; stop_all; return; }
  wait_for 30 peer_active "$impl"
  sleep "$SETTLE"
  if has_vip 2; then echo "n/a n/a"; stop_all; return; fi
  if [ "$fault" = kill ]; then
    cmd="kill -9"
    for p in $(ip netns pids "$(ns_of 1)"); do
      [ "$p" = "$(cat "$WORK/node1/holder.pid" 2>/dev/null)" ] || cmd+=" $p"
    done
  else
    cmd="ip -n ${NS}-br link set v${NS}n1 down"
  fi
  ip -n "$(ns_of 2)" -ts monitor address >"$WORK/mon" 2>/dev/null &
  local mon=$!
  sleep 0.2
  out=$(ip netns exec "$(ns_of "$CLIENT")" python3 "$here/vip_probe.py" eth0 "$VIP" "$(mac_of 2)" 40 "$cmd")
  sleep 0.2
  kill "$mon" 2>/dev/null; wait "$mon" 2>/dev/null
  read -r ms t0 <<<"$out"
  [ "$ms" = timeout ] && ms=n/a
  added=$(grep -m1 " inet $VIP/" "$WORK/mon" | grep -v Deleted | sed -n 's/^\[\([^]]*\)\].*/\1/p')
  if [ -n "$added" ] && [ -n "$t0" ]; then
    added=$(( $(date -d "${added/T/ }" +%s%3N) - t0 ))
  else
    added=n/a
  fi
  [ "$impl" = debian ] || cp "$WORK/node2/var/log/ha-log" "$WORK/ha-log-$impl-$fault-$3" 2>/dev/null
  stop_all
  echo "$ms $added"
}

# Takeover path without a cluster: prints "take_ms give_ms" per repetition.
path_trials() {  # IMPL
  local impl=$1 i a b c
  fresh_node 2 "$impl"
  KEEPALIVE=1 DEADTIME=5 write_config 2 "node1 node2" "bcast eth0"
  echo "node1 $KEY" >"$WORK/node2/etc/ha.d/haresources"
  [ "$impl" = debian ] && debian_holder 2
  rm_cmd() {
    case $impl in
      ours) HA_BUILTIN_AGENTS=1 HA_ROOT="$WORK/node2" HA_NODENAME=node2 ip netns exec "$(ns_of 2)" "$BIN/ResourceManager" "$@" ;;
      ours_script) HA_BUILTIN_AGENTS=0 HA_ROOT="$WORK/node2" HA_NODENAME=node2 ip netns exec "$(ns_of 2)" "$BIN/ResourceManager" "$@" ;;
      debian) in_debian 2 /usr/share/heartbeat/ResourceManager "$@" ;;
    esac
  }
  for i in $(seq 1 "$PATH_REPS"); do
    a=$(now_ns); rm_cmd takegroup "$KEY" >/dev/null 2>&1; b=$(now_ns)
    has_vip 2 || { echo "n/a n/a"; continue; }
    rm_cmd givegroup "$KEY" >/dev/null 2>&1; c=$(now_ns)
    has_vip 2 && echo "note: givegroup left the VIP ($impl)" >&2
    echo "$(( (b - a) / 1000000 )) $(( (c - b) / 1000000 ))"
    sleep 1.2  # background ARP senders finish
  done
  stop_all
}

printf '%-44s %10s %10s %10s %7s\n' "figure (median)" "ours" "ours_script" "heartbeat" "ratio"
declare -A RES
for impl in $IMPLS; do path_trials "$impl" >"$WORK/path-$impl"; done
for col in 1 2; do
  for impl in $IMPLS; do RES[$impl]=$(awk -v c=$col '{print $c}' "$WORK/path-$impl" | grep -v n/a | median); done
  name=$([ $col = 1 ] && echo "takegroup (status+start)" || echo "givegroup (stop)")
  printf '%-44s %7s ms %7s ms %7s ms %7s\n' "path: $name" "${RES[ours]:-}" "${RES[ours_script]:-}" \
    "${RES[debian]:-}" "$(ratio "${RES[ours]:-n/a}" "${RES[debian]:-n/a}")"
done
for impl in $IMPLS; do echo "   $impl take/give: $(tr '\n' ' ' <"$WORK/path-$impl")"; done

for timing in $TIMINGS; do
  ka=${timing%,*}; dt=${timing#*,}
  for fault in $FAULTS; do
    for impl in $IMPLS; do
      : >"$WORK/fo-$impl"
      for t in $(seq 1 "$TRIALS"); do failover_trial "$impl" "$ka" "$dt" "$fault" >>"$WORK/fo-$impl"; done
    done
    for col in 1 2; do
      for impl in $IMPLS; do RES[$impl]=$(awk -v c=$col '{print $c}' "$WORK/fo-$impl" | grep -v n/a | median); done
      name=$([ $col = 1 ] && echo "VIP answers" || echo "VIP added")
      printf '%-44s %7s ms %7s ms %7s ms %7s\n' "$fault ka=$ka dt=$dt: $name" "${RES[ours]:-}" \
        "${RES[ours_script]:-}" "${RES[debian]:-}" "$(ratio "${RES[ours]:-n/a}" "${RES[debian]:-n/a}")"
    done
    for impl in $IMPLS; do echo "   $impl answers/added: $(awk '{printf "%s/%s ", $1, $2}' "$WORK/fo-$impl")"; done
  done
done
