#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time (seconds, default 60 each),
# seeded from its regression inputs and, where present, the shared compat
# material (read in place, never copied into the repository). A crash fails
# the run and leaves the input under build-fuzz/artifacts/ to be added to
# tests/fuzz/regressions/<target>/ once fixed.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shared=${HA_SHARED_DIR:-$(cd .. && pwd)/shared}

if ! command -v clang++ >/dev/null; then
  echo "run_fuzzers: clang++ not installed (packaging/install-deps.sh installs it)" >&2
  exit 1
fi
cmake --preset fuzz -DHA_WERROR="${HA_WERROR:-OFF}" >/dev/null || exit 1
cmake --build build-fuzz -j "$(nproc)" || exit 1

mkdir -p build-fuzz/artifacts
rc=0
ran=0
for fuzzer in build-fuzz/bin/fuzz/*; do
  [ -x "$fuzzer" ] || continue
  name=$(basename "$fuzzer")
  corpus=$(mktemp -d)
  seeds=("tests/fuzz/regressions/$name")
  case "$name" in
    hamsg_decode_fuzz) [ -d "$shared/compat/heartbeat-wire" ] && seeds+=("$shared/compat/heartbeat-wire/sha1" "$shared/compat/heartbeat-wire/crc") ;;
    hacf_parse_fuzz) seeds+=("ha.d") ;;
  esac
  existing=()
  for s in "${seeds[@]}"; do [ -d "$s" ] && existing+=("$s"); done
  log=build-fuzz/artifacts/$name.log
  "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/artifacts/$name-" "$corpus" "${existing[@]}" >"$log" 2>&1
  status=$?
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  if [ $status -eq 0 ]; then
    echo "fuzz $name: ${execs:-?} executions in ${seconds}s, no crash"
  else
    echo "fuzz $name: FAILED (exit $status) after ${execs:-?} executions"
    tail -40 "$log"
    rc=1
  fi
  ran=$((ran + 1))
  rm -rf "$corpus"
done
[ $ran -gt 0 ] || { echo "run_fuzzers: no fuzz targets built" >&2; exit 1; }
exit $rc
