#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages), configures and builds xjslink into ./build.
# Used by scripts/demo.sh and scripts/test.sh; safe to run again (it only does what is needed).
#   XJSLINK_BUILD_DIR   build directory (default: build)
#   XJSLINK_EXTRA_PACKAGES  more Debian packages to install (used by test.sh)
#   XJSLINK_CMAKE_ARGS  more options for a new build directory's configure (test-sanitizers.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config libopenmpi-dev openmpi-bin libhdf5-openmpi-dev hdf5-tools
          libboost-program-options-dev nlohmann-json3-dev libutf8proc-dev libhwy-dev
          libxxhash-dev libgtest-dev libbenchmark-dev ${XJSLINK_EXTRA_PACKAGES:-})
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build=${XJSLINK_BUILD_DIR:-build}
if [ ! -f "$build/CMakeCache.txt" ]; then
  # shellcheck disable=SC2086  # XJSLINK_CMAKE_ARGS is a list of options
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release ${XJSLINK_CMAKE_ARGS:-} >/dev/null
fi
echo "setup: building (log: $build/build.log)"
if ! cmake --build "$build" -j"$(nproc)" >"$build/build.log" 2>&1; then
  grep -E "error|Error" "$build/build.log" | head -40 >&2
  echo "setup: build failed; see $build/build.log" >&2
  exit 1
fi
echo "setup: built $build/bin/xjslink"
# Open MPI looks up this machine's own name at every start; where it does not resolve locally
# (no /etc/hosts entry, e.g. a bare chroot) each start waits for DNS timeouts (about 15 s).
if ! getent hosts "$(hostname)" >/dev/null 2>&1; then
  echo "setup: warning: host name '$(hostname)' does not resolve; every xjslink start will wait" \
       "for DNS. Add a line '127.0.1.1 $(hostname)' to /etc/hosts (as the Debian installer does)." >&2
fi
