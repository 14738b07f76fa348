#!/usr/bin/env bash
# Installs what heartbeat-ng needs to build and test, from Debian's packages
# only (apt-get, non-interactive). Idempotent: installs only what is missing.
# Runs apt-get through sudo when not root.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libglib2.0-dev libssl-dev libxml2-dev zlib1g-dev libltdl-dev libboost-dev
  libgtest-dev libgmock-dev googletest
  clang libclang-rt-14-dev
  python3 socat iproute2 procps util-linux resource-agents iputils-arping libxml2-utils
  pacemaker-cli-utils libbz2-dev
  # Debian's heartbeat 3.0.6: the real peer of the mixed-cluster tests (its
  # service does not start by itself here and needs an ha.cf to run at all).
  heartbeat
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-deps: missing packages (${missing[*]}) and not root, no sudo" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
