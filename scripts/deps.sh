#!/usr/bin/env bash
# Installs the Debian packages samflyt needs for a purpose, if missing.
# Usage: scripts/deps.sh build|check|bench|fuzz
# As root it runs apt-get; otherwise it prints the exact command to run.
set -euo pipefail
build="cmake make gcc pkg-config libfyaml-dev libgsl-dev librandom123-dev zlib1g-dev tzdata libmicrohttpd-dev libgraphviz-dev"
case "${1:-build}" in
  build) want="$build" ;;
  # libopenmpi-dev, openmpi-bin: the MPI plugin of samflyt sweep and its tests
  check) want="$build libcmocka-dev python3-scipy python3-pandas python3-yaml chromium nodejs libopenmpi-dev openmpi-bin"
         # npm ships with nodejs from some sources and apart from it in Debian
         command -v npm >/dev/null || want="$want npm" ;;
  bench) want="$build libcmocka-dev python3-simpy3 python3-pandas time" ;;
  fuzz)  want="$build libcmocka-dev clang libclang-rt-14-dev" ;;
  *) echo "usage: $0 build|check|bench|fuzz" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "samflyt: installing Debian packages:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >&2
else
  echo "samflyt: missing Debian packages. Run:" >&2
  echo "  sudo apt-get install -y$missing" >&2
  exit 1
fi
