# int_lib.sh: shared helpers of the loopback integration tests (sourced).
# Node k lives under $WORK/node$k (its HA_ROOT), named node$k, bound to
# 127.0.0.$k; every daemon started is ended by PID at exit.
set -u
BIN=${HA_BIN_DIR:?HA_BIN_DIR must point at build/bin}
WORK=$(mktemp -d /tmp/hbng-int.XXXXXX)
EXTRA_CLEANUP=${EXTRA_CLEANUP:-}

fail() {
  echo "FAIL: $*"
  for f in "$WORK"/node*/var/log/ha-log; do [ -f "$f" ] && { echo "== $f"; tail -20 "$f"; }; done
  exit 1
}
cleanup() {
  local p
  for p in "$WORK"/node*/var/run/heartbeat.pid; do [ -f "$p" ] && kill -9 "$(cat "$p")" 2>/dev/null; done
  [ -n "$EXTRA_CLEANUP" ] && eval "$EXTRA_CLEANUP"
  rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_for() {  # SECONDS CMD...: retry CMD until it succeeds
  local t=$1; shift
  local end=$(( $(now_ms) + t * 1000 ))
  while [ "$(now_ms)" -lt $end ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.05; done
  return 1
}
hb() { local k=$1; shift; env HA_ROOT="$WORK/node$k" HA_NODENAME="node$k" HA_BIND_ADDRESS="127.0.0.$k" "$BIN/heartbeat" "$@"; }
cl() { local k=$1; shift; env HA_ROOT="$WORK/node$k" HA_NODENAME="node$k" "$BIN/cl_status" "$@"; }
sees() { [ "$(cl "$1" nodestatus "$2" 2>/dev/null)" = "$3" ]; }
