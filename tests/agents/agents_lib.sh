# shellcheck shell=bash disable=SC2034  # variables for the sourcing tests
# agents_lib.sh: shared by the tests of the resource agents and heartbeat
# scripts (tests/agents). Sourced; bash.
#
# Each test installs the "agents" and "ha-scripts" components of the build
# tree into a fresh root ($ROOT, as `cmake --install` would lay them out on
# a Debian system) and runs the scripts there with HA_ROOT=$ROOT, so the
# install rules are exercised too. Root-only tests build network namespaces
# named hbngag<pid>-*, removed on exit.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${HA_BUILD_DIR:-}
WORK=$(mktemp -d /tmp/hbng-agents.XXXXXX)
# ocf-tester runs meta-data as nobody: the tree must be readable.
chmod 755 "$WORK"
ROOT=$WORK/root
NSPFX=hbngag$$
NAMESPACES=()

note() { echo "--- $*"; }
skip() {
    echo "SKIP: $*"
    exit 77
}
fail() {
    echo "FAIL: $*"
    exit 1
}

agents_cleanup() {
    local ns
    for ns in "${NAMESPACES[@]}"; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
        ip netns del "$ns" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap agents_cleanup EXIT

# Installs our scripts under DEST (default $ROOT) as `cmake --install
# --component` would, through the two directories' own install scripts:
# unlike the top-level one they write no manifest into the build tree, so
# tests can run in parallel and as a user who cannot write there.
stage_root() {
    local dest=${1:-$ROOT} pair
    [ -n "$BUILD" ] && [ -f "$BUILD/cmake_install.cmake" ] ||
        fail "HA_BUILD_DIR must name a configured build tree (got '${BUILD}')"
    for pair in resource.d:agents ha.d:ha-scripts; do
        DESTDIR=$dest cmake -DCOMPONENT="${pair#*:}" -P "$BUILD/${pair%%:*}/cmake_install.cmake" \
            >/dev/null || fail "installing component ${pair#*:} failed"
    done
    mkdir -p "$dest/var/lib/heartbeat" "$dest/run" "$dest/var/log"
}

# expect_rc WANT COMMAND...: runs COMMAND, fails the test unless it exits WANT.
# The output is kept in $OUT.
expect_rc() {
    local want=$1 rc
    shift
    OUT=$("$@" 2>&1)
    rc=$?
    [ "$rc" -eq "$want" ] || fail "expected rc $want, got $rc from: $* -- output: $OUT"
}

# Checks that FILE is well-formed XML and, with xmllint and the OCF DTD,
# valid against ra-api-1.dtd.
xml_check() {
    local file=$1 dtd=/usr/share/resource-agents/ra-api-1.dtd
    if command -v xmllint >/dev/null; then
        xmllint --noout "$file" || fail "$file: not well-formed XML"
        if [ -f "$dtd" ]; then
            (cd "$(dirname "$dtd")" && xmllint --noout --valid - <"$file") ||
                fail "$file: not valid against ra-api-1.dtd"
        fi
    else
        python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$file" ||
            fail "$file: not well-formed XML"
    fi
}

require_root_netns() {
    [ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
    command -v ip >/dev/null || skip "needs iproute2"
    ip netns add "$NSPFX-probe" 2>/dev/null || skip "cannot create network namespaces here"
    ip netns del "$NSPFX-probe"
}

# ns_pair: namespace $NS_A with v0 = 10.9.0.1/24 and namespace $NS_B with
# its veth peer v1 = 10.9.0.2/24, both up, lo up.
ns_pair() {
    NS_A=$NSPFX-a
    NS_B=$NSPFX-b
    ip netns add "$NS_A" && NAMESPACES+=("$NS_A")
    ip netns add "$NS_B" && NAMESPACES+=("$NS_B")
    ip -n "$NS_A" link add v0 type veth peer name v1 netns "$NS_B" || fail "veth pair"
    ip -n "$NS_A" addr add 10.9.0.1/24 dev v0
    ip -n "$NS_B" addr add 10.9.0.2/24 dev v1
    local ns
    for ns in "$NS_A" "$NS_B"; do
        ip -n "$ns" link set lo up
    done
    ip -n "$NS_A" link set v0 up
    ip -n "$NS_B" link set v1 up
}

# in_a COMMAND...: runs COMMAND in namespace A.
in_a() { ip netns exec "$NS_A" "$@"; }

# The addresses (address/prefix) on interface DEV of namespace NS.
addrs_of() { ip -n "$1" -o -f inet addr show dev "$2" | awk '{print $4}'; }
