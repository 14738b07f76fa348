#!/usr/bin/env bash
# stage_root.sh BUILD_DIR DEST: installs the shell side (components
# "agents" and "ha-scripts": /etc/ha.d, /usr/lib/ocf, /usr/share/heartbeat)
# from a configured build tree under DEST, for tests that run nodes with
# HA_ROOT=DEST. Writes nothing into the build tree.
set -eu
[ $# -eq 2 ] || {
    echo "usage: $0 BUILD_DIR DEST" >&2
    exit 2
}
build=$1
dest=$2
for pair in resource.d:agents ha.d:ha-scripts; do
    DESTDIR=$dest cmake -DCOMPONENT="${pair#*:}" -P "$build/${pair%%:*}/cmake_install.cmake" >/dev/null
done
mkdir -p "$dest/var/lib/heartbeat" "$dest/var/run/heartbeat" "$dest/run/resource-agents" "$dest/var/log"
