# cpudist on this kernel: a SCHED_FIFO marker (hist_load runs) sleeps 24 ms then spins 6 ms,
# 10 times, so its 10 runs on the CPU land in 4096-8191 usecs and its 10 spells off it in
# 16384-32767; -p, -P, -L, -O, -I, -e, -m, the fallback tracepoint, intervals, JSON, and nothing
# left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/cpudist.out
ROUNDS=10

# gated LOAD_ARGS...: a workload waiting for "go" on $WORK/go, its pid (kept through exec) in $LOAD
gated() {
	rm -f "$WORK/go"; mkfifo "$WORK/go"
	sh -c "read x < '$WORK/go'; exec '$TB_PROGS/hist_load' $*" >"$WORK/load.txt" 2>&1 &
	LOAD=$!
}
go() { echo go >"$WORK/go"; wait "$LOAD" || fail "hist_load $*: $(cat "$WORK/load.txt")"; }
# from FILE LOW: the counts of the rows from LOW up, summed
from() { awk -v low="$2" '$2 == "->" && $1 >= low { n += $5 } END { print n + 0 }' "$1"; }
# marked FILE LOW HIGH EXTRA [MISSING]: the marker's $ROUNDS runs (or spells) are there from
# bucket LOW up, EXTRA more at most (its start-up run), MISSING fewer at most, and at least all
# but 2 in LOW -> HIGH itself: this machine is a VM whose CPUs the host takes away at times
# (steal), which lengthens a run as the kernel times it (2 of 10 runs of 6 ms went over 8 ms
# under a load average of 3 here)
marked() {
	n=$(from "$1" "$2"); in=$(grep -E "^ +$2 -> $3 +: " "$1" | awk '{ print $5 }')
	[ "$n" -ge $((ROUNDS - ${5:-0})) ] && [ "$n" -le $((ROUNDS + $4)) ] &&
		[ "${in:-0}" -ge $((ROUNDS - 2)) ]
}
rows_nonzero() { grep -cE '^ +[0-9]+ -> [0-9]+ +: [1-9]' "$1"; }

# --- -P -p: the marker's 10 runs of 6 ms, in its own section only ---
gated runs $ROUNDS 6 24
start_tool cpudist -P -p "$LOAD"
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
go
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "cpudist exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
head -1 "$out" | grep -qx 'Tracing on-CPU time... Hit Ctrl-C to end.' || fail "no banner"
grep -q "attaching to raw tracepoint sched_switch" "$WORK/cpudist.err" || fail "-v: not on the raw tracepoint"
grep -qx "pid = $LOAD" "$out" || fail "-P: no section for $LOAD"
[ "$(grep -c '^pid = ' "$out")" = 1 ] || fail "-p $LOAD let other processes through"
grep -qx '     usecs               : count     distribution' "$out" || fail "no BCC header"
# (once under ctest beside other builds, one run of 10 was cut in two by a task of higher
# priority, a 1-2 ms part and a short one: MISSING 1)
marked "$out" 4096 8191 1 1 || fail "-p: expected $ROUNDS runs in 4096 -> 8191 usecs"
pass "-P -p: the marker's $ROUNDS runs of 6 ms in 4096 -> 8191 usecs, its section alone, detached"

# --- -O -e: its 10 spells of 24 ms off the CPU, and the summary line ---
gated runs $ROUNDS 6 24
start_tool cpudist -O -e -p "$LOAD"
go
stop_tool
head -1 "$out" | grep -qx 'Tracing off-CPU time... Hit Ctrl-C to end.' || fail "-O: no banner"
# (one spell of 10 went uncounted once, in a ctest run beside other builds: not understood yet,
# see docs/cpudist.md's CAVEATS; a spell cut in two would do it)
marked "$out" 16384 32767 1 1 || fail "-O: expected $ROUNDS spells in 16384 -> 32767 usecs"
avg=$(sed -n 's/^avg = \([0-9]*\) usecs, total: [0-9]* usecs, count: \([0-9]*\)$/\1 \2/p' "$out")
[ -n "$avg" ] || fail "-e: no avg line"
set -- $avg
[ "$2" -ge $((ROUNDS - 1)) ] && [ "$1" -ge 2000 ] && [ "$1" -le 32767 ] || fail "-e: avg $1 usecs over $2 spells"
pass "-O: $ROUNDS spells of 24 ms in 16384 -> 32767 usecs; -e: avg $1 usecs, count $2"

# --- -L -m: per thread, milliseconds; no idle task without -I ---
gated runs $ROUNDS 6 24
start_tool cpudist -L -m
go
stop_tool
grep -qx '     msecs               : count     distribution' "$out" || fail "-m: no msecs header"
sed -n "/^tid = $LOAD\$/,/^\$/p" "$out" >"$WORK/section.txt"
marked "$WORK/section.txt" 4 7 1 1 || fail "-L -m: expected $ROUNDS runs in 4 -> 7 msecs for tid $LOAD"
grep -q '^tid = 0$' "$out" && fail "without -I: the idle task counted"
# the idle task runs only when a CPU has nothing else: /proc/stat's idle time says whether it did
idle() { awk '/^cpu / { print $5 }' /proc/stat; }
start_tool cpudist -L -I
idle0=$(idle)
"$TB_PROGS/hist_load" runs 3 1 50 >/dev/null
idle1=$(idle)
stop_tool
if [ "$idle1" -gt "$idle0" ]; then
	grep -q '^tid = 0$' "$out" || fail "-I: the CPUs idled, but no section for the idle task (tid 0)"
	pass "-L per thread, -m, idle tasks only with -I"
else
	pass "-L per thread, -m, no idle task without -I (the CPUs never idled: -I not checked)"
fi

# --- the fallback for kernels without raw tracepoints: sched:sched_switch, -L only ---
export TRACEBOX_NO_RAW_TRACEPOINTS=1
gated runs $ROUNDS 6 24
start_tool cpudist -L
go
stop_tool
grep -q "attaching to tracepoint sched:sched_switch" "$WORK/cpudist.err" || fail "fallback: not on sched:sched_switch"
sed -n "/^tid = $LOAD /,/^\$/p; /^tid = $LOAD\$/,/^\$/p" "$out" >"$WORK/section.txt"
marked "$WORK/section.txt" 4096 8191 1 1 || fail "fallback -L: expected $ROUNDS runs of tid $LOAD in 4096 -> 8191"
"$TB_BIN/cpudist" -P >/dev/null 2>"$WORK/bad.err" && fail "fallback accepted -P"
grep -q "^cpudist: failed to trace by process: -p and -P need raw tracepoints" "$WORK/bad.err" ||
	fail "fallback -P: $(cat "$WORK/bad.err")"
unset TRACEBOX_NO_RAW_TRACEPOINTS
pass "fallback to sched:sched_switch (TRACEBOX_NO_RAW_TRACEPOINTS=1): -L works, -P refused"

# --- intervals: 1 s, 2 outputs, -T; then exits by itself ---
"$TB_BIN/cpudist" -T 1 2 >"$out" 2>"$WORK/cpudist.err" &
TOOL_PID=$!
"$TB_PROGS/hist_load" spin 2 2500 >/dev/null
wait "$TOOL_PID"; rc=$?; TOOL_PID=
[ "$rc" = 0 ] || fail "cpudist 1 2 exited with $rc"
[ "$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$out")" = 2 ] || fail "expected 2 timestamped outputs"
[ "$(grep -c 'usecs  *: count' "$out")" = 2 ] || fail "expected 2 histograms"
[ "$(rows_nonzero "$out")" -ge 2 ] || fail "expected non-zero buckets"
pass "interval and count, -T"

# --- JSON: one valid object, the marker's section with its 10 runs ---
gated runs $ROUNDS 6 24
start_tool cpudist --json -P -p "$LOAD"
go
stop_tool
[ "$(wc -l <"$out")" = 1 ] || fail "--json: expected one line"
json_check "$out" ".unit == \"usecs\" and .section == \"pid\" and (.hists | length) == 1 and
	.hists[0].key.pid == $LOAD and
	any(.hists[0].buckets[]; .low == 4096 and .high == 8191 and .count >= $ROUNDS - 2)" ||
	fail "--json: not the expected object: $(head -c 400 "$out")"
pass "JSON output"

# --- a start its map has no room for is counted and said at exit (tb_lost, a tool with no
# perf buffer): the program edited to keep one thread's start at a time ---
"$TB_BIN/cpudist" --dump-bpf | sed '1i #undef MAX_PID\n#define MAX_PID 1' >"$WORK/small.bpf.c"
start_tool cpudist -L --bpf-file "$WORK/small.bpf.c"
"$TB_PROGS/hist_load" spin 2 500 >/dev/null
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "cpudist with a 1-entry map exited with $TOOL_RC: $(cat "$WORK/cpudist.err")"
grep -Eq '^cpudist: warning: [0-9]+ records lost in the kernel \(a map full\): the figures printed miss them$' \
	"$WORK/cpudist.err" || fail "a full map's losses not said at exit: $(tail -3 "$WORK/cpudist.err")"
pass "a full start map's losses said at exit: $(grep -o '[0-9]* records lost' "$WORK/cpudist.err")"

check_help_dump cpudist "RAW_TRACEPOINT_PROBE(sched_switch)"
pass "--help with examples, --dump-bpf"

# --- bad input ---
for args in "-P -L" "-p abc" "0" "1 2 3" "-p 0"; do
	"$TB_BIN/cpudist" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -qE '^cpudist: (invalid|unexpected)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
