#!/bin/sh
# The deep checks of the old-kernel guests (nobtf-5.4, nobtf-4.19, nobtf-4.14; run by
# tests/vm/guest.sh after the smoke pass, in busybox sh): what differs on those kernels.
#   - the kernel facts the loader probes, against what each test kernel is known to have
#   - tbdoctor's per-tool lines: every tool runs but lsm-connect, which says why not
#   - a SIGKILLed kprobe tool: where probes are tracefs entries (no probe PMU, before 4.17) the
#     next start removes what it left; elsewhere nothing is left at all
#   - the 4,096-instruction verifier (before 5.2): execsnoop --max-args 60 and opensnoop -F
#   - runqlat -p, runqslower -p and cpudist -p without raw tracepoints: one line naming the
#     feature and its version
#   - a USDT semaphore raised through /proc/PID/mem (before 4.20) is lowered again at exit
# TB_BIN, TB_PROGS as for smoke.sh. Prints PASS lines, exits 1 at the first failure.
set -u
TB_BIN=$(cd "${TB_BIN:?}" && pwd) TB_PROGS=$(cd "${TB_PROGS:?}" && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/tb-old.XXXXXX")
TPID=
trap 'kill -KILL $TPID 2>/dev/null; rm -rf "$W"' EXIT
fail() { echo "FAIL: $*"; for f in "$W"/*.err; do [ -s "$f" ] && { echo "--- $f"; tail -20 "$f"; }; done; exit 1; }
pass() { echo "PASS: $*"; }
release=$(uname -r)
version=${release%%.*}.$(echo "$release" | cut -d. -f2)

# start NAME ARGS...: until it has attached (stderr in $W/NAME.err)
start() {
	name=$1; shift
	: >"$W/$name.err"
	"$TB_BIN/$name" -v "$@" >"$W/$name.out" 2>"$W/$name.err" &
	TPID=$!
	i=0
	until grep -q 'tracing with' "$W/$name.err"; do
		kill -0 "$TPID" 2>/dev/null || fail "$name $* exited before attaching: $(tail -3 "$W/$name.err")"
		i=$((i + 1)); [ $i -gt 1500 ] && fail "$name $* did not attach in 300 s"
		sleep 0.2
	done
}
stop() { sleep 0.5; kill -"${1:-INT}" "$TPID"; wait "$TPID"; TRC=$?; TPID=; }
# our kprobe/uprobe entries in tracefs (one mount of it: both paths show the same files)
probe_entries() {
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -e "$d/kprobe_events" ] || continue
		cat "$d/kprobe_events" "$d/uprobe_events" 2>/dev/null | grep -c 'tb_'
		return
	done
	echo 0
}

# --- the facts, as each test kernel is known to have them (../shared/kernels/README.md) ---
"$TB_BIN/tbdoctor" --no-compile >"$W/doctor.out" 2>"$W/doctor.err" || fail "tbdoctor exited $?: $(tail -5 "$W/doctor.out")"
fact() { sed -n "s|^[A-Z]* *fact: $1: ||p" "$W/doctor.out"; }
case $version in
4.14) want="no no no no no no no state user audit" ;;
4.19) want="yes yes no no no yes yes state filename opts" ;; # 4.19.222: opts backported
5.4) want="yes yes no yes yes yes yes state filename opts" ;;
*) want="" ;;
esac
if [ -n "$want" ]; then
	set -- $want
	for name in "raw tracepoints" "map values as helper arguments" "bpf_probe_read_user" \
		"program size" "bounded loops" "kprobe perf PMU" "uprobe perf PMU"; do
		got=$(fact "$name")
		case $1:$got in
		yes:yes*|yes:up\ to*|no:no*|no:4,096*) ;;
		*) fail "fact '$name' on $release: '$got', expected $1" ;;
		esac
		shift
	done
	fact "task_struct state member" | grep -q "^$1 " || fail "task_struct's state member: $(fact "task_struct state member"), expected $1"
	case $2:$(fact "do_unlinkat's file name") in
	user:const\ char*|filename:struct\ filename*) ;;
	*) fail "do_unlinkat's argument: $(fact "do_unlinkat's file name"), expected $2" ;;
	esac
	case $3:$(fact "cap_capable's fourth argument") in
	audit:int\ audit*|opts:unsigned\ int\ opts*) ;;
	*) fail "cap_capable's argument: $(fact "cap_capable's fourth argument"), expected $3" ;;
	esac
	# runqlen's stand-in for the private struct cfs_rq: runnable_weight from 4.15 to 5.6
	case $version in 4.14) head="load, then the count" ;; *) head="load, runnable_weight, then the count" ;; esac
	fact "struct cfs_rq's head" | grep -q "^$head (from the kernel headers)" ||
		fail "struct cfs_rq's head: $(fact "struct cfs_rq's head"), expected $head"
	# every one of them before 5.12: filelife's vfs_create/vfs_unlink probes read from the first
	fact "vfs_create/vfs_unlink's first argument" | grep -q '^struct inode \*' ||
		fail "vfs_unlink's first argument: $(fact "vfs_create/vfs_unlink's first argument"), expected struct inode *"
	# the 4.x ones before tty's write_iter (5.11; 5.10.11 by backport): ttysnoop's kprobe
	# watch of tty_write (no header declares it)
	case $version in 4.*)
	fact "tty_write's arguments" | grep -q '^struct file \*, const char __user \*, size_t, loff_t \* (Linux 5.11 has write_iter) (by a program load)' ||
		fail "tty_write's arguments: $(fact "tty_write's arguments"), expected the user buffer's, watched" ;;
	esac
	pass "kernel facts of $release: $(grep -c ' fact: ' "$W/doctor.out") lines, as expected"
fi
# the kernel's own version code (stable kernels cap the sublevel at 255; the vDSO knows)
fact "LINUX_VERSION_CODE" | grep -q "^$version\." || fail "LINUX_VERSION_CODE: $(fact LINUX_VERSION_CODE)"

# --- one line per tool: all run here but lsm-connect (no BTF), xfsslower and xfsdist where
# the kernel has no XFS (these guests' kernels: CONFIG_XFS_FS is off) and, where the kernel
# inlined tcp_drop (these guests' 4.14 and 4.19) and its skb:kfree_skb has no reason, tcpdrop ---
n=$(grep -c '^OK *tool ' "$W/doctor.out")
grep -q '^WARN *tool lsm-connect: cannot run here: no BPF LSM' "$W/doctor.out" ||
	fail "lsm-connect's line: $(grep 'tool lsm-connect' "$W/doctor.out")"
want=55
for t in xfsslower xfsdist; do
	if grep -qw xfs /proc/filesystems; then
		want=$((want + 1))
	else
		grep -q "^WARN *tool $t: cannot run here: no xfs file system" "$W/doctor.out" ||
			fail "$t's line without XFS: $(grep "tool $t:" "$W/doctor.out")"
	fi
done
grep -q '^WARN *tool tcpdrop: cannot run here: .*tcp_drop cannot be kprobed' "$W/doctor.out" && want=$((want - 1))
[ "$n" = $want ] || fail "$n tools run, expected $want: $(grep ' tool ' "$W/doctor.out" | grep -v '^OK')"
grep -q 'kprobe: attached to' "$W/doctor.out" || fail "tbdoctor's kprobe check: $(grep kprobe: "$W/doctor.out")"
grep -q '^OK *uprobe: attached' "$W/doctor.out" || fail "tbdoctor's uprobe check: $(grep uprobe: "$W/doctor.out")"
pass "tbdoctor: $n tools run, lsm-connect (xfsslower and xfsdist without XFS, tcpdrop where tcp_drop is inlined) says why not; its kprobe and uprobe checks attach"

# --- a tool killed with SIGKILL while its kprobes are attached ---
start unlinksnoop
grep -q 'attach method: kprobe' "$W/unlinksnoop.err" || fail "unlinksnoop does not use kprobes here: $(cat "$W/unlinksnoop.err")"
during=$(probe_entries)
kill -KILL "$TPID"; wait "$TPID"; TPID=
after=$(probe_entries)
if grep -q 'NOTE *fact: kprobe perf PMU: no' "$W/doctor.out"; then
	[ "$during" -ge 2 ] && [ "$after" = "$during" ] ||
		fail "kprobe_events entries: $during while attached, $after after SIGKILL (expected them to stay)"
	start unlinksnoop
	grep -q "removed $after kprobe_events entr" "$W/unlinksnoop.err" ||
		fail "the next start did not say it removed the $after entries: $(grep -v '^ ' "$W/unlinksnoop.err" | head -5)"
	stop
	[ "$(probe_entries)" = 0 ] || fail "$(probe_entries) entries left after the second run"
	pass "SIGKILL left $after kprobe_events entries; the next start removed them and said so; none left"
else
	[ "$during" = 0 ] && [ "$after" = 0 ] || fail "tracefs entries with a probe PMU: $during, $after"
	pass "SIGKILL leaves no tracefs entry (the kprobe PMU)"
fi

# --- programs at the verifier's size limit ---
start execsnoop --max-args 60
"$TB_PROGS/exec_args" >"$W/exec.txt"
stop
many=$(awk '$3 == "many" { print $2 }' "$W/exec.txt")
grep -q "^true  *$many .* a1 a2 .* a24 a25\$" "$W/execsnoop.out" || fail "--max-args 60: no exec with its 25 arguments by $many: $(cat "$W/execsnoop.out")"
pass "execsnoop --max-args 60 ($(fact 'program size' | cut -d' ' -f1-3)): 25 arguments"

mkdir -p "$W/dir"; : >"$W/dir/exists"
start opensnoop -F
(cd / && "$TB_PROGS/open_files" "$W/dir" >"$W/open.txt")
stop
grep -q " $W/dir/relative-file\$" "$W/opensnoop.out" || fail "-F: no full path for relative-file: $(grep relative "$W/opensnoop.out")"
pass "opensnoop -F: a relative open shown with its full path"

# --- runqlat -p, runqslower -p and cpudist -p where raw tracepoints are missing: one line each ---
if grep -q 'NOTE *fact: raw tracepoints: no' "$W/doctor.out"; then
	"$TB_BIN/runqlat" -p 1 >/dev/null 2>"$W/runqlat.err" && fail "runqlat -p ran without raw tracepoints"
	[ "$(wc -l <"$W/runqlat.err")" = 1 ] && grep -q 'need raw tracepoints (Linux 4.17)' "$W/runqlat.err" ||
		fail "runqlat -p: $(cat "$W/runqlat.err")"
	pass "runqlat -p: $(cat "$W/runqlat.err")"
	"$TB_BIN/runqslower" -p 1 >/dev/null 2>"$W/runqslower.err" && fail "runqslower -p ran without raw tracepoints"
	[ "$(wc -l <"$W/runqslower.err")" = 1 ] && grep -q 'needs raw tracepoints (Linux 4.17)' "$W/runqslower.err" ||
		fail "runqslower -p: $(cat "$W/runqslower.err")"
	pass "runqslower -p: $(cat "$W/runqslower.err")"
	"$TB_BIN/cpudist" -p 1 >/dev/null 2>"$W/cpudist.err" && fail "cpudist -p ran without raw tracepoints"
	[ "$(wc -l <"$W/cpudist.err")" = 1 ] && grep -q 'need raw tracepoints (Linux 4.17)' "$W/cpudist.err" ||
		fail "cpudist -p: $(cat "$W/cpudist.err")"
	pass "cpudist -p: $(cat "$W/cpudist.err")"
fi

# --- a USDT semaphore: raised while traced, lowered at exit ---
rm -f "$W/fifo"; mkfifo "$W/fifo"
"$TB_PROGS/usdt_sem_target" >"$W/sem.txt" 2>&1 &
SPID=$!
cat >"$W/tock.bpf.c" <<'EOF'
BPF_HASH(counts, u32, u64);
int on_tock(struct pt_regs *ctx) { u32 k = 0; counts.increment(k); return 0; }
EOF
start tbrun --usdt "$TB_PROGS/usdt_sem_target:tbtest:tock=on_tock" -p "$SPID" "$W/tock.bpf.c"
sleep 1
stop
sleep 0.5
kill "$SPID"
grep -q '^enabled' "$W/sem.txt" || fail "the probe never fired: $(cat "$W/sem.txt")"
grep -q '^disabled' "$W/sem.txt" || fail "the semaphore stayed raised after tbrun exited: $(cat "$W/sem.txt")"
pass "USDT semaphore raised while traced ($(grep -o 'semaphore [a-z ]*' "$W/tbrun.err" | head -1)), lowered at exit"
