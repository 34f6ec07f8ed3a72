# The portable file, dist/tracebox (scripts/build-portable.sh), where bookworm's userland is not:
# in an empty root (the file, /proc, /sys, /dev/null, /dev/zero, /dev/urandom, /tmp and static
# workload programs) and in a Debian 11 bullseye root (glibc 2.31; made once with debootstrap
# and kept under the build folder). In each, the first start unpacks the bundle; execsnoop,
# opensnoop (through a link named after it), runqlat, tcpstates and `tracebox killsnoop` see
# their workload's events; a second start comes from the compile cache; tbdoctor's uprobe
# check finds its own binary; the tools map no library from outside the bundle and have no
# LD_ variable in their environment.
#   TB_PORTABLE=FILE tests that file instead of building dist/tracebox.
. "$(dirname "$0")/lib.sh"
require_root
SRC=${TB_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=$(cd "$TB_BIN/.." && pwd)
for c in unshare chroot gcc; do
	command -v "$c" >/dev/null 2>&1 || skip "needs $c"
done

# --- the file: TB_PORTABLE, or dist/tracebox, rebuilt when the build or its sources are newer ---
TBX=${TB_PORTABLE:-$SRC/dist/tracebox}
if [ -z "${TB_PORTABLE:-}" ] && { [ ! -f "$TBX" ] || [ -n "$(find "$TB_BIN" "$SRC/portable" \
	"$SRC/scripts/build-portable.sh" -newer "$TBX" 2>/dev/null | head -1)" ]; }; then
	TB_BUILD=$BUILD TB_PORTABLE_OUT=$TBX sh "$SRC/scripts/build-portable.sh" >"$WORK/build.log" 2>&1 ||
		fail "scripts/build-portable.sh failed: $(tail -20 "$WORK/build.log")"
	grep "^build-portable: $TBX" "$WORK/build.log"
fi
[ -x "$TBX" ] || fail "no portable file at $TBX"

# --- the cache, on this machine: damaged files are refused, untrusted directories replaced ---
C=$WORK/cache
size=$(stat -c %s "$TBX")
head -c $((size - 100)) "$TBX" >"$WORK/short"
chmod +x "$WORK/short"
TRACEBOX_CACHE_DIR=$C "$WORK/short" --extract >/dev/null 2>"$WORK/short.err" && fail "a truncated file ran"
grep -q "carries no bundle" "$WORK/short.err" || fail "truncated file: $(cat "$WORK/short.err")"
cp "$TBX" "$WORK/bad"
at=$((size / 2))
byte=$(od -An -tu1 -j "$at" -N1 "$WORK/bad" | tr -d ' ')
printf "\\$(printf %o $((255 - byte)))" | dd of="$WORK/bad" bs=1 seek="$at" conv=notrunc 2>/dev/null
TRACEBOX_CACHE_DIR=$C "$WORK/bad" --extract >/dev/null 2>"$WORK/bad.err" && fail "a damaged payload was unpacked"
grep -q "failed to unpack the bundle" "$WORK/bad.err" || fail "damaged file: $(cat "$WORK/bad.err")"
[ -z "$(ls -A "$C")" ] || fail "a damaged payload left files in the cache: $(ls -A "$C")"
dir=$(TRACEBOX_CACHE_DIR=$C "$TBX" --extract 2>/dev/null) || fail "--extract failed"
chmod 0777 "$dir"
[ "$(TRACEBOX_CACHE_DIR=$C "$TBX" --extract 2>"$WORK/re.err")" = "$dir" ] &&
	grep -q "replacing '$dir'" "$WORK/re.err" && [ "$(stat -c %a "$dir")" = 700 ] ||
	fail "a world-writable bundle directory was not replaced: $(cat "$WORK/re.err")"
chmod 0755 "$C"
TRACEBOX_CACHE_DIR=$C "$TBX" --extract >/dev/null 2>"$WORK/root.err" && fail "a cache root of mode 0755 was used"
grep -q "refusing cache directory" "$WORK/root.err" || fail "cache root 0755: $(cat "$WORK/root.err")"
rm -rf "$C"
pass "truncated and damaged files refused, a writable bundle directory replaced, a 0755 cache root refused"

# --- static workload programs: the empty root has no libc ---
progs=$WORK/progs
mkdir -p "$progs"
printf 'int main(void) { return 0; }\n' >"$WORK/true.c"
gcc -static -O1 -o "$progs/true" "$WORK/true.c" 2>"$WORK/gcc.err" ||
	skip "cannot link static programs: $(head -1 "$WORK/gcc.err") (apt-get install libc6-dev)"
for p in exec_args open_files tcp_pair hist_load signal_send; do
	gcc -static -O1 -pthread -D_GNU_SOURCE -o "$progs/$p" "$SRC/tests/progs/$p.c" 2>"$WORK/gcc.err" ||
		fail "gcc -static $p.c: $(cat "$WORK/gcc.err")"
done

# in_root ROOT CMD...: CMD chrooted into ROOT, with a clean environment (and TRACEBOX_CACHE_DIR
# if $CACHE is set), in a mount namespace of its own where ROOT has /proc, /sys (tracefs and
# debugfs with it) and three devices; the namespace ends with its last process, so nothing is
# left mounted whatever happens. in_root_exec is the same in place of the calling shell, so that
# a tool started in the background keeps its PID through env, unshare, sh, chroot, the launcher
# and ld.so.
in_root_exec() {
	exec env -i PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin ${CACHE:+TRACEBOX_CACHE_DIR=$CACHE} \
		unshare -m --propagation private sh -c '
		r=$1; shift
		mount -t proc proc "$r/proc" && mount --rbind /sys "$r/sys" || exit 125
		for d in null zero urandom; do
			[ -e "$r/dev/$d" ] || : >"$r/dev/$d"
			mount --bind "/dev/$d" "$r/dev/$d" || exit 125
		done
		exec chroot "$r" "$@"' in_root "$@"
}
in_root() { (in_root_exec "$@"); }

# start_in ROOT LABEL CMD...: a tool in ROOT in the background, output in $WORK/LABEL.out and
# .err, until it has attached.
start_in() {
	r=$1 label=$2; shift 2
	rm -f "$WORK/$label.out" "$WORK/$label.err"
	in_root_exec "$r" "$@" -v >"$WORK/$label.out" 2>"$WORK/$label.err" &
	TOOL_PID=$!
	wait_for_output "$WORK/$label.err" 120 "tracing with" ||
		fail "$label did not start in $r: $(cat "$WORK/$label.err")"
}

# isolated NAME: the running tool is called NAME, maps only the bundle's libraries and has no LD_
# variable that its children (tbrun -c, memleak -c) would inherit.
isolated() {
	[ "$(cat "/proc/$TOOL_PID/comm")" = "$1" ] || fail "process named '$(cat "/proc/$TOOL_PID/comm")', not $1"
	other=$(awk '$6 ~ /\.so/ && $6 !~ /\/portable-[0-9a-f]+\/lib\// { print $6 }' "/proc/$TOOL_PID/maps" | sort -u)
	[ -z "$other" ] || fail "$1 maps libraries from outside the bundle: $other"
	grep -q '/portable-[0-9a-f]*/lib/libc\.so\.6$' "/proc/$TOOL_PID/maps" || fail "$1 does not map the bundle's libc"
	tr '\0' '\n' <"/proc/$TOOL_PID/environ" | grep '^LD_' && fail "$1 has LD_ variables in its environment"
	return 0
}

startup_ms() { sed -n 's/.*start-up: \([0-9.]*\) ms.*/\1/p' "$WORK/$1.err"; }
rows_nonzero() { grep -cE '^ +[0-9]+ -> [0-9]+ +: [1-9]' "$1"; }

# check_root ROOT LABEL: everything above, in ROOT, with a new cache.
check_root() {
	R=$1 L=$2
	cp "$TBX" "$R/tracebox"
	mkdir -p "$R/tbp" "$R/tmp/tbp" "$R/usr/local/sbin"
	cp "$progs"/* "$R/tbp/"
	rm -rf "$R/var/cache/tracebox" "$R/tmp/tbcache"

	in_root "$R" /tracebox --help >"$WORK/help.txt" || fail "$L: tracebox --help failed"
	for t in execsnoop killsnoop tbrun tblist tbdoctor tcpstates; do
		grep -q "^  $t " "$WORK/help.txt" || fail "$L: --help does not list $t"
	done

	# execsnoop: the first start unpacks; then exec_args' execs of /bin/true
	start_in "$R" execsnoop /tracebox execsnoop -x
	grep -q "unpacked .* files" "$WORK/execsnoop.err" || fail "$L: the first start did not unpack"
	unpack=$(sed -n 's/.* in \([0-9.]*\) s: later.*/\1/p' "$WORK/execsnoop.err")
	cold=$(startup_ms execsnoop)
	isolated execsnoop
	in_root "$R" /tbp/exec_args >"$WORK/exec.txt"
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "$L: execsnoop exited with $TOOL_RC"
	child=$(awk '$3 == "simple" { print $2 }' "$WORK/exec.txt")
	awk -v p="$child" '$2 == p && $1 == "true"' "$WORK/execsnoop.out" | grep -q ' 0 /bin/true alpha  beta gamma$' ||
		fail "$L: no exec of '/bin/true alpha \"\" \"beta gamma\"' (child $child): $(cat "$WORK/execsnoop.out")"

	# warm: from the compile cache, the bundle already there
	start_in "$R" warm /tracebox execsnoop -x
	grep -q "compile cache hit" "$WORK/warm.err" || fail "$L: the second start compiled again"
	grep -q "unpacked" "$WORK/warm.err" && fail "$L: the second start unpacked again"
	stop_tool INT
	warm=$(startup_ms warm)
	pass "$L: execsnoop saw the marker exec; unpacked in $unpack s; start-up $cold ms cold, $warm ms warm"

	# --dump-bpf, then that text edited and given to --bpf-file: compiled in the program's place
	in_root "$R" /tracebox execsnoop --dump-bpf >"$R/tmp/my.bpf.c" || fail "$L: --dump-bpf failed"
	grep -q sched_process_exec "$R/tmp/my.bpf.c" || fail "$L: --dump-bpf printed no program"
	echo '/* edited */' >>"$R/tmp/my.bpf.c"
	start_in "$R" bpffile /tracebox execsnoop --bpf-file /tmp/my.bpf.c
	stop_tool INT
	grep -q "compiled /tmp/my.bpf.c in" "$WORK/bpffile.err" || fail "$L: --bpf-file: $(cat "$WORK/bpffile.err")"
	pass "$L: --dump-bpf and --bpf-file"

	# opensnoop through a link named after it
	in_root "$R" /tracebox --install-links /usr/local/sbin >/dev/null || fail "$L: --install-links failed"
	[ "$(readlink "$R/usr/local/sbin/opensnoop")" = /tracebox ] || fail "$L: no opensnoop link"
	: >"$R/tmp/tbp/exists"
	start_in "$R" opensnoop /usr/local/sbin/opensnoop
	isolated opensnoop
	in_root "$R" /tbp/open_files /tmp/tbp >"$WORK/open.txt"
	stop_tool INT
	awk '$2 == "open_files" && $3 >= 0 && $5 == "/tmp/tbp/exists"' "$WORK/opensnoop.out" | grep -q . ||
		fail "$L: no open of /tmp/tbp/exists: $(cat "$WORK/opensnoop.out")"
	pass "$L: opensnoop (started through its link) saw the marker open"

	start_in "$R" runqlat /tracebox runqlat
	in_root "$R" /tbp/hist_load spin 4 1000 >/dev/null
	stop_tool INT
	grep -qx '     usecs               : count     distribution' "$WORK/runqlat.out" &&
		[ "$(rows_nonzero "$WORK/runqlat.out")" -ge 1 ] || fail "$L: no runqlat histogram: $(cat "$WORK/runqlat.out")"
	pass "$L: runqlat histogram with $(rows_nonzero "$WORK/runqlat.out") non-zero buckets"

	start_in "$R" tcpstates /tracebox tcpstates
	in_root "$R" /tbp/tcp_pair -n 1 >"$WORK/tcp.txt"
	stop_tool INT
	port=$(awk '/^bound/ { print $2 }' "$WORK/tcp.txt")
	# columns: 1 SKADDR 2 C-PID 3 C-COMM 4 LADDR 5 LPORT 6 RADDR 7 RPORT 8 OLD 9 -> 10 NEW 11 MS
	seen=$(awk -v p="$port" '($7 == p || $5 == p) { print $8 ">" $10 }' "$WORK/tcpstates.out" | sort -u | tr '\n' ' ')
	for want in CLOSE\>LISTEN SYN_SENT\>ESTABLISHED SYN_RECV\>ESTABLISHED FIN_WAIT2\>CLOSE LAST_ACK\>CLOSE; do
		case " $seen" in *" $want "*) ;; *) fail "$L: tcpstates missed $want on port $port: '$seen'" ;; esac
	done
	pass "$L: tcpstates saw the loopback connection's state changes"

	start_in "$R" killsnoop /tracebox killsnoop
	in_root "$R" /tbp/signal_send >"$WORK/sig.txt"
	stop_tool INT
	child=$(awk '/^child/ { print $2 }' "$WORK/sig.txt")
	head -1 "$WORK/killsnoop.out" | grep -q '^TIME .* TPID *RESULT$' || fail "$L: not killsnoop's header"
	awk -v c="$child" '$3 == "signal_send" && $4 == 15 && $5 == c && $6 == 0' "$WORK/killsnoop.out" | grep -q . ||
		fail "$L: killsnoop missed kill($child, SIGTERM): $(cat "$WORK/killsnoop.out")"
	pass "$L: tracebox killsnoop is sigsnoop with killsnoop's columns"

	in_root "$R" /tracebox tbdoctor >"$WORK/doctor.txt" 2>&1
	grep -q '^OK *uprobe: attached to a function of /.*/portable-[0-9a-f]*/bin/tbdoctor$' "$WORK/doctor.txt" ||
		fail "$L: tbdoctor's uprobe check: $(grep uprobe "$WORK/doctor.txt")"
	pass "$L: tbdoctor's uprobe check found its own binary"
}

# --- an empty root, its cache moved by TRACEBOX_CACHE_DIR ---
E=$WORK/empty
mkdir -p "$E/proc" "$E/sys" "$E/dev" "$E/tmp" "$E/bin"
cp "$progs/true" "$E/bin/true" # what exec_args execs
CACHE=/tmp/tbcache
check_root "$E" "empty root"

# --- Debian 11 bullseye (glibc 2.31), debootstrapped once; the default cache directory ---
B=$BUILD/portable-test/bullseye
if [ ! -f "$B/.tb-complete" ]; then
	command -v debootstrap >/dev/null 2>&1 || {
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
	} >/dev/null 2>&1 || skip "the empty root passed; no bullseye root: debootstrap cannot be installed"
	# the mirror this machine's apt uses (debootstrap's default when none is configured)
	mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p; s/^deb  *\(http[^ ]*\/debian\) .*/\1/p' \
		/etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -1)
	rm -rf "$B.tmp"
	mkdir -p "$B.tmp"
	start=$(date +%s)
	# its own mount namespace: debootstrap mounts /proc in the root while installing
	unshare -m --propagation private debootstrap --variant=minbase bullseye "$B.tmp" $mirror \
		>"$WORK/debootstrap.log" 2>&1 ||
		skip "the empty root passed; no bullseye root: debootstrap failed: $(tail -3 "$WORK/debootstrap.log")"
	touch "$B.tmp/.tb-complete"
	rm -rf "$B"
	mv "$B.tmp" "$B"
	echo "made the bullseye root in $(($(date +%s) - start)) s (kept in $B)"
fi
# the root is old: a program of this build, linked with bookworm's libc only, does not run there
cp "$TB_PROGS/exec_args" "$B/tmp/exec_args.bookworm"
in_root "$B" /tmp/exec_args.bookworm >/dev/null 2>"$WORK/old.err" &&
	fail "a bookworm program runs in the bullseye root: not an old userland"
grep -q 'GLIBC_2\.3[4-6]' "$WORK/old.err" || fail "a bookworm program failed otherwise: $(cat "$WORK/old.err")"
echo "bullseye root: $(in_root "$B" /usr/bin/ldd --version | head -1); a bookworm program there: $(grep -o "GLIBC_2\.3[0-9]' not found" "$WORK/old.err" | head -1)"
CACHE=
check_root "$B" "bullseye root"
