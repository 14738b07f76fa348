#!/usr/bin/env bash
# Installs what is missing, configures, builds and runs every test suite
# through CTest. Prints one summary line per suite and exits non-zero on any
# failure.
#   tests/run.sh            debug build in build/
#   HA_PRESET=asan tests/run.sh   the sanitizer build in build-asan/
#   HA_LABELS="unit fuzz" tests/run.sh   only these suites
set -uo pipefail
cd "$(dirname "$0")/.."

preset=${HA_PRESET:-debug}
labels=${HA_LABELS:-"unit fuzz cli golden sim agents integration netns"}
jobs=${HA_JOBS:-$(nproc)}

bash packaging/install-deps.sh || { echo "tests/run.sh: dependency install failed" >&2; exit 1; }

# -Werror in CI; locally warnings stay warnings unless HA_WERROR=ON is set.
werror=${HA_WERROR:-$([ "${CI:-}" = "true" ] && echo ON || echo OFF)}
builddir=$(python3 - "$preset" <<'PY'
import json, sys
p = {c["name"]: c for c in json.load(open("CMakePresets.json"))["configurePresets"]}
print(p[sys.argv[1]]["binaryDir"].replace("${sourceDir}/", ""))
PY
)

cmake --preset "$preset" -DHA_WERROR="$werror" >/dev/null || { echo "tests/run.sh: configure failed" >&2; exit 1; }
cmake --build "$builddir" -j "$jobs" || { echo "tests/run.sh: build failed" >&2; exit 1; }

total_pass=0
total_fail=0
summary=()
for label in $labels; do
  if ! ctest --test-dir "$builddir" -N -L "^${label}\$" | grep -q "Total Tests: [1-9]"; then
    continue
  fi
  log="$builddir/ctest-${label}.log"
  ctest --test-dir "$builddir" -L "^${label}\$" -j "$jobs" --output-on-failure >"$log" 2>&1
  line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
  failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
  count=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$line")
  [ -n "$count" ] || { count=0; failed=1; }
  passed=$((count - failed))
  total_pass=$((total_pass + passed))
  total_fail=$((total_fail + failed))
  skipped=$(grep -cE "^\s*[0-9]+ - .*\(Skipped\)" "$log" || true)
  note=""
  [ "$skipped" -gt 0 ] && note=", $skipped skipped (compat material absent?)"
  summary+=("$(printf '%-12s %d passed, %d failed%s' "$label:" "$passed" "$failed" "$note")")
  if [ "$failed" -ne 0 ]; then
    cat "$log"
  fi
done

echo "== test suites ($preset) =="
for s in "${summary[@]}"; do echo "$s"; done
echo "tests: ${total_pass} passed, ${total_fail} failed"
echo "${total_pass} ${total_fail}" >"$builddir/test-totals"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
