# Nothing left behind, ever (issue 19, part 5): TB_KILL_RUNS runs (default 50:
# each CI run draws a new seed, so the sequences add up across runs; 100 took 99 s) of a mix of
# tools, each ended by SIGINT, SIGTERM or SIGKILL after a random delay (during the compile,
# the attach or the tracing); after each, no BPF program it loaded is left, no process of its
# session (none holding a perf event fd), no uprobe/kprobe entry in tracefs, and the USDT
# semaphore of the traced process is back to 0 (also after SIGKILL: the kernel's uprobe
# reference counter holds it, Linux 4.20+). TB_KILL_SEED replays a failed sequence.
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip "bpftool is needed to find BPF programs left behind"
command -v setsid >/dev/null || skip "setsid is needed to find what a tool's run left running"
env --default-signal=INT true 2>/dev/null || skip "env --default-signal (coreutils 8.31+) is needed"
[ -r /sys/bus/event_source/devices/uprobe/format/ref_ctr_offset ] ||
	skip "no uprobe reference counter (Linux < 4.20): a SIGKILL leaves USDT semaphores raised"

RUNS=${TB_KILL_RUNS:-50}
SEED=${TB_KILL_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}

# the traced process: its USDT probe tbtest:tock has a semaphore; it prints "enabled" and
# "disabled" as the semaphore goes up and down (checked every 10 ms)
: >"$WORK/target.txt"
"$TB_PROGS/usdt_sem_target" >"$WORK/target.txt" 2>&1 &
TARGET=$!
trap 'kill $TARGET 2>/dev/null; cleanup_test' EXIT
i=0; until grep -q '^ready' "$WORK/target.txt"; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "usdt_sem_target did not start"; sleep 0.1
done
echo 'int fn(struct pt_regs *ctx) { return 0; }' >"$WORK/usdt.bpf.c"
sem_raised() { [ "$(grep -E '^(enabled|disabled)$' "$WORK/target.txt" | tail -1)" = enabled ]; }

# one tool per attach kind: a tracepoint, a raw tracepoint, a perf event, USDT with a
# semaphore, uprobes in libc
tool() {
	case $1 in
	0) echo "execsnoop" ;;
	1) echo "runqlat" ;;
	2) echo "profile -F 99" ;;
	3) echo "tbrun --usdt $TARGET:tbtest:tock=fn $WORK/usdt.bpf.c" ;;
	4) echo "memleak -p $TARGET" ;;
	esac
}

# the plan: tool, signal, delay in ms, cold (--no-cache: killed while compiling, mostly)
# for each run; a third of the delays fall in the first 50 ms (the start-up from the cache)
awk -v seed="$SEED" -v runs="$RUNS" 'BEGIN {
	srand(seed)
	split("INT TERM KILL", sig, " ")
	for (i = 1; i <= runs; i++)
		printf "%d %s %d %d\n", int(rand() * 5), sig[1 + int(rand() * 3)],
			rand() < 0.33 ? int(rand() * 50) : int(rand() * 1500), i % 10 == 0
}' >"$WORK/plan"

start=$(date +%s) n=0 loaded=0 traced=0
events_before=$(tb_probe_events)
while read -r t sig ms cold; do
	n=$((n + 1))
	set -- $(tool "$t")
	[ "$cold" = 1 ] && set -- "$@" --no-cache
	what="run $n (seed $SEED): $* killed by SIG$sig after $ms ms"
	before=$(max_prog_id)
	# its own session: whatever it starts stays in it, to be found afterwards. A background
	# job starts with SIGINT ignored (the shell's doing, before the tool has a say): env sets
	# it back, and the delay counts from the tool's exec, so no SIGINT falls in that window
	tb=$1; shift
	setsid env --default-signal=INT,TERM "$TB_BIN/$tb" -v "$@" >/dev/null 2>"$WORK/run.err" </dev/null &
	pid=$!
	i=0; until [ "$(readlink "/proc/$pid/exe")" = "$TB_BIN/$tb" ] || ! kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 1000 ] && fail "$what: $tb was not exec'ed within 10 s"
		sleep 0.01
	done
	sleep "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -"$sig" "$pid" 2>/dev/null
	# SIGINT and SIGTERM detach and exit within a second or so (a compile under way ends
	# first); a tool still there after 30 s is stuck
	i=0; while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 300 ] && { kill -KILL "$pid"; fail "$what: still running after 30 s"; }
		sleep 0.1
	done
	wait "$pid"; rc=$?
	case $rc in 132|134|135|136|139) fail "$what: crashed (status $rc): $(cat "$WORK/run.err")" ;; esac
	# how far it got (-v says): killed while compiling, attaching or tracing
	grep -q "compile cache hit\|compiled " "$WORK/run.err" && loaded=$((loaded + 1))
	grep -q "tracing with" "$WORK/run.err" && traced=$((traced + 1))

	# a child it started (a command, a helper) would still be in its session
	left=$(ps -e -o sid=,pid=,comm= | awk -v s="$pid" '$1 == s')
	[ -z "$left" ] || fail "$what: processes of its session left: $left"
	left=$(unheld_progs_gone "$before") || fail "$what: BPF programs left: $left"
	[ "$(tb_probe_events)" = "$events_before" ] || fail "$what: uprobe/kprobe entries left in tracefs"
	i=0; while sem_raised; do
		i=$((i + 1)); [ $i -gt 20 ] && fail "$what: the USDT semaphore of $TARGET stayed raised"
		sleep 0.05
	done
	kill -0 "$TARGET" 2>/dev/null || fail "$what: the traced process died"
done <"$WORK/plan"
enabled=$(grep -c '^enabled$' "$WORK/target.txt")
pass "$n runs killed at random moments (seed $SEED; $loaded got their program, $traced were tracing; the semaphore went up $enabled times): nothing left ($(($(date +%s) - start)) s)"
