#!/bin/sh
# Builds the VM tier's initramfs: an uncompressed cpio holding everything the guest tests need
# at the same paths as on the host (the tracebox build, the test programs and scripts, libbcc
# with clang/LLVM and every library ldd names, the shell tools the tests use, busybox for the
# rest), so nothing is read over 9p under emulation.
#   mkinitramfs.sh OUT.cpio SRC BUILD [EXTRA_DIR...]
# EXTRA_DIR: directories whose contents are copied over the root (e.g. a kernel header tree
# laid out as lib/modules/R/build). Prints its size and how long it took.
set -eu
umask 022
out=$1 src=$(cd "$2" && pwd) build=$(cd "$3" && pwd)
shift 3
t0=$(date +%s.%N)
stage=$(mktemp -d "${TMPDIR:-/tmp}/tb-vm-root.XXXXXX")
chmod 755 "$stage" # the root of the guest: unprivileged tests (setpriv) must traverse it
trap 'rm -rf "$stage"' EXIT

# Debian 12 has merged /usr: keep the same links so host paths resolve the same way
mkdir -p "$stage/usr/bin" "$stage/usr/sbin" "$stage/usr/lib" "$stage/usr/lib64" \
	"$stage/etc" "$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/run" \
	"$stage/var/tmp" "$stage/mnt" "$stage/root" "$stage/busybox"
for d in bin sbin lib lib64; do ln -s "usr/$d" "$stage/$d"; done
chmod 1777 "$stage/tmp" "$stage/var/tmp"

seen=$stage/.seen
: >"$seen"
# add PATH: copies PATH (following symlink chains, each link kept as a link) into the stage
add() {
	p=$1
	while :; do
		grep -qxF "$p" "$seen" && return 0
		echo "$p" >>"$seen"
		[ -e "$p" ] || [ -L "$p" ] || { echo "mkinitramfs: missing $p" >&2; return 1; }
		cp -a --parents "$p" "$stage" 2>/dev/null || {
			# a parent is a symlink on the host (e.g. /lib): copy to the resolved path
			r=$(readlink -f "$(dirname "$p")")/$(basename "$p")
			mkdir -p "$stage$(dirname "$r")"
			cp -a "$p" "$stage$r"
		}
		[ -L "$p" ] || return 0
		t=$(readlink "$p")
		case $t in /*) p=$t ;; *) p=$(dirname "$p")/$t ;; esac
	done
}
# add_elf FILE...: the files and every library ldd says they load
add_elf() {
	for f in "$@"; do
		add "$f"
		ldd "$f" 2>/dev/null | awk '/=>/ && $3 ~ /^\// { print $3 } /^\t\// { print $1 }'
	done | sort -u | while read -r lib; do add "$lib"; done
}
add_pkg_bins() {
	for pkg in "$@"; do
		dpkg -L "$pkg" | grep -E '^(/usr)?/s?bin/[^/]+$'
	done | while read -r f; do [ -f "$f" ] && add_elf "$f"; done
}

# shell tools the integration scripts use (ldd closure included); busybox fills the rest
add_pkg_bins dash bash coreutils grep sed mawk tar xz-utils jq bpftool findutils procps \
	diffutils gzip util-linux
add /usr/bin/awk
add /bin/sh
# mkfs.xfs alone of xfsprogs (scripts/setup.sh installs it): the XFS tools' smoke cases
[ -x /usr/sbin/mkfs.xfs ] && add_elf /usr/sbin/mkfs.xfs
cp "$(command -v busybox)" "$stage/busybox/busybox"
for a in $("$stage/busybox/busybox" --list); do [ "$a" = busybox ] || ln -s busybox "$stage/busybox/$a"; done

# the compiler half of libbcc is dlopen'ed: ldd of the tools does not name it
add_elf "$(readlink -f /usr/lib/x86_64-linux-gnu/libbcc.so.0)"
add /usr/lib/x86_64-linux-gnu/libbcc.so.0

# the build: tools, loader tests, workloads (ELF files only; same paths as on the host)
for f in "$build"/bin/* "$build"/tests/* $(find "$build/tests/progs" -type f); do
	[ -f "$f" ] && [ -x "$f" ] && add_elf "$f"
done
# the sources the tests read: scripts, examples, test programs
for d in tests examples; do
	mkdir -p "$stage$src"
	cp -a "$src/$d" "$stage$src/"
done

for extra in "$@"; do tar -C "$extra" -cf - . | tar -C "$stage" -xf - --keep-directory-symlink; done

cat >"$stage/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$stage/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
cp "$src/tests/vm/init" "$stage/init"
chmod 755 "$stage/init"
rm -f "$seen"
# every directory traversable (a 0700 umask or host folder would lock out unprivileged tests)
find "$stage" -type d -exec chmod go+rx {} +

(cd "$stage" && find . -print0 | busybox cpio -o -0 -H newc 2>/dev/null) >"$out"
t1=$(date +%s.%N)
echo "initramfs: $out, $(du -m "$out" | cut -f1) MiB, $(find "$stage" | wc -l) files, built in $(echo "$t1 $t0" | awk '{ printf "%.1f", $1 - $2 }') s"
