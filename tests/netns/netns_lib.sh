# netns_lib.sh: hosts for heartbeat-ng's root tests, built from network
# namespaces on one machine. Sourced by the tests in this directory.
#
# Host k = netns ${NS}-n$k with eth0 = 10.250.0.(10+k)/24 on a bridge in
# ${NS}-br. Our daemon runs there with HA_ROOT=$WORK/node$k. A Debian
# heartbeat 3.0.6 node additionally gets its own mount + UTS namespace
# (hostname node$k, /etc/ha.d and friends bind-mounted from its HA_ROOT),
# held open by a holder process. Everything is torn down by PID and name in
# netns_cleanup, which the tests run on EXIT.
set -u

BIN=${HA_BIN_DIR:?HA_BIN_DIR must point at build/bin}
DEBIAN_HB=/usr/libexec/heartbeat/heartbeat
NS=hbng$$
WORK=$(mktemp -d /tmp/hbng-netns.XXXXXX)
SUBNET=10.250.0
PIDS=()
HOLDERS=()

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; netns_dump_logs; exit 1; }
note() { echo "--- $*"; }

require_root() {
  [ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
  command -v ip >/dev/null || skip "needs iproute2"
  ip netns add "${NS}-probe" 2>/dev/null || skip "cannot create network namespaces here"
  ip netns del "${NS}-probe"
}

require_debian_heartbeat() {
  [ -x "$DEBIAN_HB" ] || skip "Debian's heartbeat 3.0.6 is not installed (apt-get install heartbeat)"
  command -v unshare >/dev/null && command -v nsenter >/dev/null || skip "needs util-linux"
}

ip_of() { echo "$SUBNET.$((10 + $1))"; }
ns_of() { echo "${NS}-n$1"; }

netns_setup() {  # N
  local n=$1 k
  ip netns add "${NS}-br"
  ip -n "${NS}-br" link add br0 type bridge
  ip -n "${NS}-br" link set br0 up
  for k in $(seq 1 "$n"); do
    ip netns add "$(ns_of "$k")"
    ip link add "v${NS}n$k" type veth peer name eth0 netns "$(ns_of "$k")"
    ip link set "v${NS}n$k" netns "${NS}-br"
    ip -n "${NS}-br" link set "v${NS}n$k" master br0 up
    ip -n "$(ns_of "$k")" addr add "$(ip_of "$k")/24" brd "$SUBNET.255" dev eth0
    ip -n "$(ns_of "$k")" link set eth0 up
    ip -n "$(ns_of "$k")" link set lo up
    mkdir -p "$WORK/node$k"/{etc/ha.d/rc.d,var/lib/heartbeat,var/run/heartbeat,var/log}
  done
}

netns_cleanup() {
  local p
  for p in "${PIDS[@]}" "${HOLDERS[@]}"; do
    [ -n "$p" ] && kill -9 "$p" 2>/dev/null
  done
  # Our daemons daemonize: their pid files name them.
  for p in "$WORK"/node*/var/run/heartbeat.pid; do
    [ -f "$p" ] && kill -9 "$(cat "$p")" 2>/dev/null
  done
  sleep 0.2
  for p in $(ip netns list | awk '{print $1}' | grep "^${NS}-"); do
    ip netns pids "$p" 2>/dev/null | xargs -r kill -9 2>/dev/null
    ip netns del "$p"
  done
  rm -rf "$WORK"
}

# write_config K NODES MEDIA [EXTRA...]: ha.cf, authkeys, haresources for node K.
write_config() {
  local k=$1 nodes=$2 media=$3; shift 3
  local d="$WORK/node$k/etc/ha.d"
  {
    echo "logfile /var/log/ha-log"
    echo "debugfile /var/log/ha-debug"
    echo "keepalive ${KEEPALIVE:-200ms}"
    echo "warntime ${WARNTIME:-600ms}"
    echo "deadtime ${DEADTIME:-1}"
    echo "initdead ${INITDEAD:-3}"
    echo "auto_failback on"
    for x in "$@"; do echo "$x"; done
    echo "$media"
    echo "node $nodes"
    echo "crm off"
  } >"$d/ha.cf"
  printf 'auth 1\n1 sha1 netns-test-key\n' >"$d/authkeys"
  chmod 600 "$d/authkeys"
  echo "# no resources" >"$d/haresources"
}

# Our daemon logs to $HA_ROOT/var/log: resolve the logfile path.
start_ours() {  # K
  local k=$1
  sed -i "s|^logfile /var/log|logfile $WORK/node$k/var/log|; s|^debugfile /var/log|debugfile $WORK/node$k/var/log|" \
    "$WORK/node$k/etc/ha.d/ha.cf"
  HA_ROOT="$WORK/node$k" HA_NODENAME="node$k" ip netns exec "$(ns_of "$k")" "$BIN/heartbeat" -l \
    >>"$WORK/node$k/var/log/daemon.out" 2>&1 || fail "our heartbeat on node$k did not start"
  PIDS+=("$(cat "$WORK/node$k/var/run/heartbeat.pid")")
}

ours_pid() { cat "$WORK/node$1/var/run/heartbeat.pid" 2>/dev/null; }

# A Debian heartbeat 3.0.6 in its own mount + UTS namespace.
start_debian() {  # K
  local k=$1
  local d="$WORK/node$k"
  cp -a /etc/ha.d/harc /etc/ha.d/shellfuncs /etc/ha.d/resource.d "$d/etc/ha.d/" 2>/dev/null
  cp -a /etc/ha.d/rc.d/. "$d/etc/ha.d/rc.d/" 2>/dev/null
  mkdir -p "$d/run"
  setsid ip netns exec "$(ns_of "$k")" unshare --mount --uts --propagation private /bin/sh -c '
      d=$1; hostname "node$2"
      mount --bind "$d/etc/ha.d" /etc/ha.d && mount --bind "$d/var/lib/heartbeat" /var/lib/heartbeat &&
      mount --bind "$d/var/log" /var/log && mount --bind "$d/run" /run || exit 1
      mkdir -p /run/heartbeat/ccm /run/heartbeat/dopd
      exec sleep 100000' sh "$d" "$k" </dev/null >/dev/null 2>&1 &
  local holder=$!
  disown "$holder"  # no "Killed" notices when cleanup ends it
  HOLDERS+=("$holder")
  sleep 0.3
  # The holder is the sleep (sh exec'd it); enter its namespaces to start heartbeat.
  echo "$holder" >"$d/holder.pid"
  setsid nsenter -t "$holder" -n -m -u --wd=/ -- "$DEBIAN_HB" -f </dev/null >>"$d/var/log/daemon.out" 2>&1 &
  disown "$!"
  PIDS+=("$!")
  echo "$!" >"$d/debian.pid"
}

in_debian() {  # K CMD...: run CMD in a Debian node's namespaces
  local k=$1; shift
  nsenter -t "$(cat "$WORK/node$k/holder.pid")" -n -m -u --wd=/ -- "$@"
}

# Our cl_status for node K.
cl_ours() { local k=$1; shift; HA_ROOT="$WORK/node$k" HA_NODENAME="node$k" "$BIN/cl_status" "$@"; }

# wait_for SECONDS CMD...: retry CMD until it succeeds.
wait_for() {
  local t=$1; shift
  local end=$(( $(date +%s%N) / 1000000 + t * 1000 ))
  while [ $(( $(date +%s%N) / 1000000 )) -lt $end ]; do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  return 1
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# kill -9 a node: ours by its pid file, Debian's whole process tree.
kill_node() {  # K
  local k=$1 p
  if [ -f "$WORK/node$k/debian.pid" ]; then
    for p in $(ip netns pids "$(ns_of "$k")"); do
      [ "$p" = "$(cat "$WORK/node$k/holder.pid")" ] || kill -9 "$p" 2>/dev/null
    done
  else
    kill -9 "$(ours_pid "$k")" 2>/dev/null
  fi
}

netns_dump_logs() {
  local f
  for f in "$WORK"/node*/var/log/ha-log "$WORK"/node*/var/log/daemon.out; do
    [ -f "$f" ] || continue
    echo "===== $f (last 25 lines)"
    tail -25 "$f"
  done
}
