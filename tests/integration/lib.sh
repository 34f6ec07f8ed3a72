# Shared helpers for integration tests (sourced). Tests run as root against this kernel and
# exit 77 with a reason when something they need is missing.
set -u

TB_BIN=${TB_BIN:?TB_BIN must point at the build's bin/ folder}
TB_PROGS=${TB_PROGS:?TB_PROGS must point at the build's tests/progs folder}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tb-test.XXXXXX")
TOOL_PID=
CG=
trap 'cleanup_test' EXIT

cleanup_test() {
	[ -n "$TOOL_PID" ] && kill -TERM "$TOOL_PID" 2>/dev/null && wait "$TOOL_PID" 2>/dev/null
	[ -n "$CG" ] && rmdir "$CG" 2>/dev/null # memcg_make's, empty once its workload is gone
	[ -L "$WORK/disk" ] && rm -rf "$(readlink "$WORK/disk")"
	rm -rf "$WORK"
}

skip() { echo "SKIP: $*"; exit 77; }
fail() {
	echo "FAIL: $*"
	for f in "$WORK"/*.out "$WORK"/*.err; do [ -s "$f" ] && { echo "--- $f"; head -50 "$f"; }; done
	exit 1
}
pass() { echo "PASS: $*"; }

require_root() { [ "$(id -u)" = 0 ] || skip "needs root to load BPF programs"; }

# start_tool NAME ARGS...: runs a tool in the background with -v, output in $WORK/NAME.out and
# .err, and waits until it has attached (under -v the loader then says "tracing with N probes").
# A tool whose -v is BCC's own (capable) sets TB_VERBOSE=--verbose first.
start_tool() {
	name=$1; shift
	rm -f "$WORK/$name.out" "$WORK/$name.err"
	"$TB_BIN/$name" "${TB_VERBOSE:--v}" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
	TOOL_PID=$!
	wait_for_output "$WORK/$name.err" 60 "tracing with" ||
		fail "$name did not start: $(cat "$WORK/$name.err")"
}

# wait_for_output FILE SECONDS [TEXT]: until FILE is non-empty (or contains TEXT).
wait_for_output() {
	i=0
	while [ ! -s "$1" ] || { [ -n "${3:-}" ] && ! grep -q "$3" "$1"; }; do
		kill -0 "$TOOL_PID" 2>/dev/null || return 1
		i=$((i + 1)); [ $i -gt $(($2 * 10)) ] && return 1
		sleep 0.1
	done
}

# stop_tool [SIGNAL]: signals the tool (INT by default) and waits; the exit status is in $TOOL_RC.
stop_tool() {
	sleep 0.3 # let the poll loop drain what the workload just caused
	kill -"${1:-INT}" "$TOOL_PID"
	wait "$TOOL_PID"; TOOL_RC=$?
	TOOL_PID=
}

# tool_prog_ids PID: IDs of the BPF programs process PID holds (from its fds), to check after
# it exits that none of them is left; unlike a machine-wide count, other tracers running at the
# same time do not disturb it.
tool_prog_ids() {
	cat /proc/"$1"/fdinfo/* 2>/dev/null | awk '/^prog_id:/ { print $2 }' | sort -u
}

# progs_left ID...: those of the given BPF program IDs that still exist.
progs_left() {
	for id in "$@"; do
		bpftool prog show id "$id" >/dev/null 2>&1 && echo "$id"
	done
}

# between N LOW HIGH: LOW <= N <= HIGH (N a number). For counts of events a probe sees in a
# softirq (TCP timers, received packets): on this shared machine a run now and then shows fewer
# than the kernel's own count, with nothing lost in the buffers (docs/testing.md).
between() { [ -n "$1" ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }

# bpf_prog_count: BPF programs loaded on the machine.
bpf_prog_count() {
	if command -v bpftool >/dev/null 2>&1; then
		bpftool prog show 2>/dev/null | grep -c '^[0-9]*:'
	else
		cat /proc/[0-9]*/fdinfo/* 2>/dev/null | grep -c '^prog_tag'
	fi
}

# tb_probe_events: uprobe/kprobe tracefs entries the tools created (should be none after exit).
tb_probe_events() {
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		cat "$d/uprobe_events" "$d/kprobe_events" 2>/dev/null
	done | grep -c 'tb_' || true
}

# json_check FILE JQ-FILTER: every line of FILE is a JSON object for which FILTER is true
# (jq comes with scripts/setup.sh).
json_check() {
	command -v jq >/dev/null 2>&1 || fail "jq is needed to check JSON (scripts/setup.sh installs it)"
	# -s and all(): jq -e alone would judge the last line only
	jq -e -s "all(.[]; $2)" "$1" >/dev/null 2>&1 && [ "$(jq -s length "$1")" = "$(wc -l <"$1")" ]
}

# disk_dir: a fresh directory on a real disk (O_DIRECT I/O there reaches the block layer;
# tmpfs would not), removed with $WORK; fails when none is found: dir=$(disk_dir) || skip ...
disk_dir() {
	for d in /var/tmp "${TB_SRC:-}" "$PWD"; do
		[ -n "$d" ] && [ -d "$d" ] || continue
		case $(stat -f -c %T "$d") in tmpfs|ramfs|overlayfs|9p|nfs*|fuse*) continue ;; esac
		dd=$(mktemp -d "$d/tb-disk.XXXXXX") || continue
		ln -s "$dd" "$WORK/disk"
		echo "$dd"
		return 0
	done
	return 1
}

# memcg_make NAME MB: a child memory cgroup NAME-$$ limited to MB MiB without swap (oomkill,
# drsnoop), removed at exit; its folder in $CG, the file to move a process in by $CG_PROCS, the
# way in $CG_KIND: cgroup v2's memory controller where it is enabled, else v1's; skipped
# without either.
memcg_make() {
	v2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	if [ -n "$v2" ] && grep -qw memory "$v2/cgroup.controllers" 2>/dev/null; then
		grep -qw memory "$v2/cgroup.subtree_control" || echo +memory >"$v2/cgroup.subtree_control" ||
			skip "cannot enable cgroup v2's memory controller in $v2"
		CG_KIND=v2
		mkdir "$v2/$1-$$" || skip "cannot make $v2/$1-$$"
		CG=$v2/$1-$$
		echo "$2M" >"$CG/memory.max" || fail "cannot limit $CG"
		[ -e "$CG/memory.swap.max" ] && echo 0 >"$CG/memory.swap.max"
	else
		v1=$(awk '$3 == "cgroup" && $4 ~ /(^|,)memory(,|$)/ { print $2; exit }' /proc/mounts)
		[ -n "$v1" ] || skip "no memory cgroup: neither cgroup v2's memory controller nor v1's is mounted"
		CG_KIND=v1
		mkdir "$v1/$1-$$" || skip "cannot make $v1/$1-$$"
		CG=$v1/$1-$$
		echo "$2M" >"$CG/memory.limit_in_bytes" || fail "cannot limit $CG"
		[ -e "$CG/memory.memsw.limit_in_bytes" ] && echo "$2M" >"$CG/memory.memsw.limit_in_bytes"
	fi
	CG_PROCS=$CG/cgroup.procs
}

# check_help_dump TOOL TEXT: --help has an EXAMPLES section and --dump-bpf prints a source
# containing TEXT, both exiting 0 without loading anything.
check_help_dump() {
	"$TB_BIN/$1" --help >"$WORK/help.txt" 2>&1 || fail "$1 --help failed"
	grep -q '^EXAMPLES:' "$WORK/help.txt" || fail "$1 --help has no EXAMPLES"
	"$TB_BIN/$1" --dump-bpf >"$WORK/dump.bpf.c" 2>&1 || fail "$1 --dump-bpf failed"
	grep -qF "$2" "$WORK/dump.bpf.c" || fail "$1 --dump-bpf: no '$2'"
}

# progs_gone ID...: true once none of the given BPF programs exists, waiting up to 2 s: the
# kernel may free a program after an RCU grace period once its last link is closed.
progs_gone() {
	i=0
	while [ -n "$(progs_left "$@")" ]; do
		i=$((i + 1)); [ $i -gt 20 ] && return 1
		sleep 0.1
	done
}
# A workload driven line by line through a FIFO on its stdin (fd 7 here): start_driven NAME
# CMD... starts it and waits for its "ready PID" line (the pid is then in $DRIVEN_PID; its
# output in $WORK/NAME.txt); drive_round NAME sends one line and waits for one more "done";
# end_driven closes the FIFO, so the workload reads EOF and exits. Start tools with 7>&- so
# they do not hold the FIFO open.
start_driven() {
	dname=$1; shift
	rm -f "$WORK/$dname.fifo"; mkfifo "$WORK/$dname.fifo"
	: >"$WORK/$dname.txt" # emptied now: the child's redirect may come after the first grep
	"$@" <"$WORK/$dname.fifo" >"$WORK/$dname.txt" 2>&1 &
	exec 7>"$WORK/$dname.fifo"
	i=0
	until grep -q '^ready' "$WORK/$dname.txt"; do
		i=$((i + 1)); [ $i -gt 600 ] && fail "$dname did not start: $(cat "$WORK/$dname.txt")"
		sleep 0.1
	done
	DRIVEN_PID=$(awk '/^ready/ { print $2; exit }' "$WORK/$dname.txt")
}
drive_round() {
	before=$(grep -c '^done' "$WORK/$1.txt")
	echo go >&7
	i=0
	while [ "$(grep -c '^done' "$WORK/$1.txt")" -le "$before" ]; do
		i=$((i + 1)); [ $i -gt 600 ] && fail "$1 did not finish a round: $(cat "$WORK/$1.txt")"
		sleep 0.1
	done
}
end_driven() { exec 7>&-; }
# driven_run TOOL WORKLOAD ARGS...: TOOL ARGS while the driven WORKLOAD runs one round; the tool
# must end with status 0 and leave none of its BPF programs behind (drsnoop, wakeuptime)
driven_run() {
	dtool=$1 dwork=$2; shift 2
	start_tool "$dtool" "$@" 7>&-
	ids=$(tool_prog_ids "$TOOL_PID")
	[ -n "$ids" ] || fail "running but holding no BPF program"
	drive_round "$dwork"
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "$dtool $* exited with $TOOL_RC"
	progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
}

# wait_tool_exit SECONDS: waits for the tool to end by itself; its status is in $TOOL_RC.
wait_tool_exit() {
	i=0
	while kill -0 "$TOOL_PID" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt $(($1 * 10)) ] && fail "the tool did not end within $1 s"
		sleep 0.1
	done
	wait "$TOOL_PID"; TOOL_RC=$?
	TOOL_PID=
}

# same_lines A B: the two files hold the same lines in any order. Events from different CPUs
# come through different perf buffers, so their order on output is not the order they happened.
same_lines() {
	[ "$(sort "$1")" = "$(sort "$2")" ]
}

# For a tool that may die before its programs can be listed (a failed start, a kill at any
# moment): max_prog_id before it starts, then unheld_progs_gone with that ID after it ended.
# Programs loaded since that no process holds are what it left behind; other tracers running
# meanwhile hold theirs. Waits up to 2 s for the kernel to free them (see progs_gone); prints
# those left, and fails, if any.
max_prog_id() { bpftool prog show 2>/dev/null | awk -F: '/^[0-9]+:/ { id = $1 } END { print id + 0 }'; }
unheld_progs() {
	new=$(bpftool prog show 2>/dev/null | awk -F: -v m="$1" '/^[0-9]+:/ && $1 > m { print $1 }')
	[ -n "$new" ] || return 0
	held=$(cat /proc/[0-9]*/fdinfo/* 2>/dev/null | awk '/^prog_id:/ { print $2 }' | sort -u)
	for id in $new; do echo "$held" | grep -qx "$id" || echo "$id"; done
}
unheld_progs_gone() {
	i=0
	while left=$(unheld_progs "$1"); [ -n "$left" ]; do
		i=$((i + 1)); [ $i -gt 20 ] && { echo $left; return 1; }
		sleep 0.1
	done
}

# skip_if_refused NAME WORDS ARGS...: for a tool that needs kprobes or fentry, none of which this
# kernel may have: NAME ARGS until it prints its header, or it exits first; then it must have
# said one line, "NAME: WORDS...", and the test is skipped with that line
skip_if_refused() {
	rname=$1 rwords=$2; shift 2
	"$TB_BIN/$rname" "$@" >"$WORK/refused.out" 2>"$WORK/refused.err" &
	rpid=$!
	i=0
	while kill -0 $rpid 2>/dev/null && [ ! -s "$WORK/refused.out" ]; do
		i=$((i + 1)); [ $i -gt 600 ] && break
		sleep 0.1
	done
	if kill -0 $rpid 2>/dev/null; then
		kill -INT $rpid; wait $rpid
		return 0
	fi
	wait $rpid; rrc=$?
	grep -q "^$rname: $rwords" "$WORK/refused.err" || fail "$rname exited $rrc: $(cat "$WORK/refused.err")"
	[ "$(wc -l <"$WORK/refused.err")" = 1 ] || fail "refused with more than one line: $(cat "$WORK/refused.err")"
	skip "no kprobes or fentry here, refused in one line: $(cat "$WORK/refused.err")"
}

# kprobe_or_tracepoint NAME: for a tool that takes kprobes where the kernel has them, else a
# tracepoint: sets METHOD to the one its -v named in $WORK/NAME.err ("kprobe" or
# "tracepoint"); fails when it named none, or took the tracepoint without saying why not
# kprobes. The -v output is kept as $WORK/NAME.auto.err for kprobe_refused.
kprobe_or_tracepoint() {
	cp "$WORK/$1.err" "$WORK/$1.auto.err"
	METHOD=$(sed -n "s/^$1: attach method: \\([a-z]*\\).*/\\1/p" "$WORK/$1.err")
	case $METHOD in
	kprobe) ;;
	tracepoint) grep -q "^$1: not using kprobe: " "$WORK/$1.err" || fail "-v does not say why not kprobe" ;;
	*) fail "-v does not say which attach method was chosen: $(cat "$WORK/$1.err")" ;;
	esac
}

# kprobe_refused NAME 'KIND FUNCTION': where NAME's first run said this kernel has no kprobes,
# --attach kprobe compiles and then fails with the loader's one line naming its first probe
# ("kprobe 'inet_bind'"); elsewhere nothing is checked.
kprobe_refused() {
	grep -q "^$1: not using kprobe: this kernel has no kprobes" "$WORK/$1.auto.err" || return 0
	"$TB_BIN/$1" --attach kprobe >/dev/null 2>"$WORK/kprobe.err" && fail "--attach kprobe started"
	[ "$(wc -l <"$WORK/kprobe.err")" = 1 ] || fail "--attach kprobe: more than one line: $(cat "$WORK/kprobe.err")"
	grep -q "^$1: failed to attach $2: this kernel has no kprobes" "$WORK/kprobe.err" ||
		fail "--attach kprobe: $(cat "$WORK/kprobe.err")"
	pass "--attach kprobe refused in one line: $(cat "$WORK/kprobe.err")"
}

# The file system tools (ext4slower, ext4dist, xfsslower, xfsdist), which have nothing but
# kprobes.
# fs_tool_refused TOOL PROGRAM ARGS...: where this kernel has no kprobes, TOOL --compile-only
# ARGS must refuse in one line before any compile (status 1, nothing on stdout) and --attach
# kprobe ARGS compile PROGRAM (or take it from the cache) and fail at its first attach in one
# line; then the test is skipped. Returns at once where kprobes exist.
fs_tool_refused() {
	tool=$1 program=$2; shift 2
	"$TB_BIN/$tool" --compile-only "$@" >"$WORK/refused.out" 2>"$WORK/refused.err" && return 0
	[ "$(wc -l <"$WORK/refused.err")" = 1 ] &&
		grep -q "^$tool: cannot trace .*: kprobe: this kernel has no kprobes (CONFIG_KPROBES is off)$" "$WORK/refused.err" ||
		fail "refusal: $(cat "$WORK/refused.err")"
	[ ! -s "$WORK/refused.out" ] || fail "printed on stdout: $(cat "$WORK/refused.out")"
	"$TB_BIN/$tool" -v --attach kprobe "$@" >/dev/null 2>"$WORK/forced.err" && fail "--attach kprobe started"
	grep -Eq "^$tool: (compiled $program|compile cache hit)" "$WORK/forced.err" || fail "--attach kprobe did not compile"
	tail -1 "$WORK/forced.err" | grep -q "^$tool: failed to attach kprobe '[a-z0-9_]*': this kernel has no kprobes" ||
		fail "--attach kprobe: $(tail -1 "$WORK/forced.err")"
	skip "no kprobes: refused in one line (checked), --attach kprobe compiled and failed to attach in one"
}
# ext4_dir: FS_DIR, a fresh folder on ext4: below /var/tmp, TB_SRC or . when one is on ext4
# (ext2/ext3 to stat), else on SMOKE_DISK made ext2 and mounted by the ext4 driver (unmounted
# at exit); skips the test without either.
ext4_dir() {
	FS_DIR=
	for d in /var/tmp "${TB_SRC:-}" "$PWD"; do
		[ -n "$d" ] && [ "$(stat -f -c %T "$d" 2>/dev/null)" = ext2/ext3 ] && { FS_DIR=$d; break; }
	done
	if [ -z "$FS_DIR" ] && [ -b "${SMOKE_DISK:-}" ]; then
		mkdir "$WORK/mnt"
		mke2fs -F "$SMOKE_DISK" >/dev/null 2>&1 && mount -t ext4 "$SMOKE_DISK" "$WORK/mnt" &&
			FS_DIR=$WORK/mnt && trap 'umount "$WORK/mnt"; cleanup_test' EXIT
	fi
	[ -n "$FS_DIR" ] || skip "no ext4 file system here (a folder on one, or SMOKE_DISK to make one)"
	FS_DIR=$(mktemp -d "$FS_DIR/tb-fs.XXXXXX") && ln -s "$FS_DIR" "$WORK/disk"
}
# xfs_refused TOOL ARGS...: where this kernel has no XFS (not built, or xfs.ko not loaded),
# TOOL --compile-only ARGS must refuse in one line before any compile: no kprobes, or XFS's
# missing function and the module to load; then the test is skipped. Returns at once where
# XFS is.
xfs_refused() {
	grep -qw xfs /proc/filesystems && return 0
	tool=$1; shift
	"$TB_BIN/$tool" --compile-only "$@" >"$WORK/refused.out" 2>"$WORK/refused.err" && fail "started without XFS"
	[ "$(wc -l <"$WORK/refused.err")" = 1 ] &&
		grep -Eq "^$tool: cannot trace xfs operations: kprobe: (this kernel has no kprobes|'xfs_file_[a-z_]+' cannot be kprobed .*modprobe xfs)" "$WORK/refused.err" ||
		fail "refusal without XFS: $(cat "$WORK/refused.err")"
	skip "no XFS in this kernel: refused in one line: $(cat "$WORK/refused.err")"
}
# xfs_dir: FS_DIR, a fresh folder on XFS: below /var/tmp, TB_SRC or . when one is on XFS, else
# on SMOKE_DISK made an XFS (unmounted at exit); skips the test without either, or where the
# kernel has no XFS. mkfs.xfs (xfsprogs 5.19 on) refuses less than 300 MB outside fstests: its
# test override (TEST_DIR, TEST_DEV, QA_CHECK_FS) lets it make the 16 MiB scratch disk one.
xfs_dir() {
	FS_DIR=
	grep -qw xfs /proc/filesystems || skip "no XFS in this kernel (not built, or xfs.ko not loaded)"
	for d in /var/tmp "${TB_SRC:-}" "$PWD"; do
		[ -n "$d" ] && [ "$(stat -f -c %T "$d" 2>/dev/null)" = xfs ] && { FS_DIR=$d; break; }
	done
	if [ -z "$FS_DIR" ] && [ -b "${SMOKE_DISK:-}" ] && command -v mkfs.xfs >/dev/null; then
		mkdir "$WORK/mnt"
		TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -f -q -K "$SMOKE_DISK" >/dev/null 2>&1 &&
			mount -t xfs "$SMOKE_DISK" "$WORK/mnt" &&
			FS_DIR=$WORK/mnt && trap 'umount "$WORK/mnt"; cleanup_test' EXIT
	fi
	[ -n "$FS_DIR" ] || skip "no XFS here (a folder on one, or SMOKE_DISK and mkfs.xfs to make one)"
	FS_DIR=$(mktemp -d "$FS_DIR/tb-fs.XXXXXX") && ln -s "$FS_DIR" "$WORK/disk"
}
# fs_ops_run TOOL ROUNDS ARGS...: TOOL ARGS -p (fs_ops, in FS_DIR), fs_ops run ROUNDS times
# (its PID in FS_PID; ROUNDS may be "N osync": fs_ops' O_SYNC write too), then Ctrl-C; fails
# on a bad exit or a program left
fs_ops_run() {
	tool=$1 rounds=$2; shift 2
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/fs_ops' '$FS_DIR' $rounds >'$WORK/fs_ops.txt'" &
	FS_PID=$!
	start_tool "$tool" -p "$FS_PID" "$@"
	ids=$(tool_prog_ids "$TOOL_PID")
	echo go >"$fifo"; wait "$FS_PID" || fail "fs_ops failed"
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "$tool exited with $TOOL_RC after SIGINT"
	[ -z "$(progs_left $ids)" ] || fail "BPF programs left: $(progs_left $ids)"
}
