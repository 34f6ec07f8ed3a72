#!/bin/sh
# Installs what tracebox needs on Debian 12 (as root), then configures and builds it in build/.
# (python3.11 is only a test target: tblist.sh lists its USDT probes. clang-14 precompiles
# classic kernel headers at run time: loader/kernel/pch.c. xfsprogs: mkfs.xfs, which the VM
# tier's stock guest makes the XFS tools' scratch file system with.)
# Idempotent: a second run only rebuilds what changed.
set -e
cd "$(dirname "$0")/.."

need=""
for pkg in build-essential cmake pkg-config libbpfcc-dev libbpf-dev zlib1g-dev bpftool \
	   systemtap-sdt-dev python3.11 jq clang-14 xfsprogs; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		need="$need $pkg"
done
if [ -n "$need" ]; then
	echo "setup: installing$need"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
