#!/bin/sh
# Builds the initramfs of the guests whose userland is busybox alone, as on the old boxes
# tracebox is for: no glibc, no libbcc, no LLVM, no shell but busybox's. The portable file is
# the only tracebox (the guest unpacks it and makes the command links itself); the workloads
# are the static ones (tests/progs-static); the scripts are busybox sh.
#   mkbusybox.sh OUT.cpio SRC BUILD PORTABLE [EXTRA_DIR...]
# PORTABLE: dist/tracebox, placed at /opt/tracebox/tracebox. EXTRA_DIR: directories copied over
# the root (a kernel header tree laid out as lib/modules/R/build). Prints its size.
set -eu
umask 022
out=$1 src=$(cd "$2" && pwd) build=$(cd "$3" && pwd) portable=$4
shift 4
t0=$(date +%s.%N)
stage=$(mktemp -d "${TMPDIR:-/tmp}/tb-vm-busybox.XXXXXX")
chmod 755 "$stage"
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" "$stage/etc" \
	"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/run" "$stage/var/tmp" \
	"$stage/var/cache" "$stage/mnt" "$stage/root" "$stage/busybox" "$stage/opt/tracebox"
chmod 1777 "$stage/tmp" "$stage/var/tmp"
cp "$(command -v busybox)" "$stage/busybox/busybox" # busybox-static's: no libc needed
for a in $("$stage/busybox/busybox" --list); do
	[ "$a" = busybox ] && continue
	ln -s /busybox/busybox "$stage/busybox/$a"
	ln -s /busybox/busybox "$stage/bin/$a"
done

cp "$portable" "$stage/opt/tracebox/tracebox"
chmod 755 "$stage/opt/tracebox/tracebox"
# the static workloads and the scripts, at the host's paths (the scripts are told them)
mkdir -p "$stage$build/tests" "$stage$src"
cp -a "$build/tests/progs-static" "$stage$build/tests/"
cp -a "$src/tests" "$stage$src/"

for extra in "$@"; do tar -C "$extra" -cf - . | tar -C "$stage" -xf - --keep-directory-symlink; done

cat >"$stage/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$stage/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
cp "$src/tests/vm/init" "$stage/init"
chmod 755 "$stage/init"
find "$stage" -type d -exec chmod go+rx {} +

(cd "$stage" && find . -print0 | busybox cpio -o -0 -H newc 2>/dev/null) >"$out"
t1=$(date +%s.%N)
echo "initramfs: $out (busybox alone + $(du -m "$portable" | cut -f1) MB portable file), $(du -m "$out" | cut -f1) MiB, built in $(echo "$t1 $t0" | awk '{ printf "%.1f", $1 - $2 }') s"
