# wakeuptime on this kernel: wake_pair's thread wt_sleeper blocks reading a pipe 20 times per
# round, each time woken by thread wt_waker's write after a 10 ms sleep. wakeuptime -p must sum
# that blocked time under (wt_waker, its kernel stack through the pipe write down to
# try_to_wake_up, wt_sleeper): 200 ms, allowed half to five times that (the sleeps run late
# on a loaded machine). BCC's multi-line form, folded (-f), --json, -u (no kernel thread
# woken), -m beyond the sleeps (none of them); raw tracepoints and the sched: ones (the
# fallback before 4.17), each named; nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/wakeuptime.out
ROUNDS=20
SLEEP_MS=10
want=$((ROUNDS * SLEEP_MS * 1000))

check_help_dump wakeuptime "sched_waking"
start_driven pair "$TB_PROGS/wake_pair" $ROUNDS $SLEEP_MS
WPID=$DRIVEN_PID

# one_run ARGS...: wakeuptime ARGS while wake_pair runs one round
one_run() { driven_run wakeuptime pair "$@"; }
# in_bounds N: the blocked time summed is about the round's sleeps
in_bounds() { between "$1" $((want / 2)) $((want * 5)); }

# --- folded: "waker;outer;...;inner;target count" ---
one_run -f -p "$WPID"
path=$(sed -n 's/.*attaching to \(.*\)/\1/p' "$WORK/wakeuptime.err")
grep -q "^Tracing" "$out" && fail "-f: a header in folded output"
sum=$(awk '/^wt_waker;.*pipe_write.*;try_to_wake_up;wt_sleeper [0-9]+$/ { s += $NF } END { print s + 0 }' "$out")
in_bounds "$sum" || fail "-f: wt_waker's pipe writes woke wt_sleeper after $sum us, not about $want: $(grep wt_sleeper "$out" | head -3)"
awk '!/^[^;]+(;[^;]+)+ [0-9]+$/ { bad = 1 } END { exit bad }' "$out" || fail "-f: a line not folded: $(grep -v ';' "$out" | head -2)"
pass "-f -p $WPID: wt_waker;...pipe_write...;try_to_wake_up;wt_sleeper $sum us (about $want), by $path"

# --- the sched: tracepoints, where raw tracepoints are missing (before 4.17): the same ---
export TRACEBOX_NO_RAW_TRACEPOINTS=1
one_run -f -p "$WPID"
unset TRACEBOX_NO_RAW_TRACEPOINTS
grep -q "attaching to tracepoints sched:sched_waking, sched_switch" "$WORK/wakeuptime.err" || fail "not the sched: tracepoints: $(grep attaching "$WORK/wakeuptime.err")"
sum=$(awk '/^wt_waker;.*pipe_write.*;try_to_wake_up;wt_sleeper [0-9]+$/ { s += $NF } END { print s + 0 }' "$out")
in_bounds "$sum" || fail "sched: tracepoints: $sum us, not about $want: $(grep wt_sleeper "$out" | head -3)"
pass "the sched: tracepoints (TRACEBOX_NO_RAW_TRACEPOINTS=1): $sum us"

# --- BCC's multi-line form: target, frames innermost first with addresses, waker, total ---
one_run -p "$WPID"
[ "$(head -1 "$out")" = "Tracing blocked time (us) by kernel stack... Hit Ctrl-C to end." ] || fail "not BCC's header: $(head -1 "$out")"
[ "$(tail -1 "$out")" = "Detaching..." ] || fail "no Detaching... last: $(tail -1 "$out")"
sum=$(awk '
	/^    target: +/ { t = $2; n = 0; pipe = 0; first = ""; next }
	/^    [0-9a-f]+ [^ ]+$/ { if (!n++) first = $2; if ($2 ~ /pipe_write/) pipe = 1; next }
	/^    waker: +/ { w = $2; next }
	/^        [0-9]+$/ { if (t == "wt_sleeper" && w == "wt_waker" && pipe && first == "try_to_wake_up") s += $1 }
	END { print s + 0 }' "$out")
in_bounds "$sum" || fail "multi-line: wt_sleeper woken by wt_waker for $sum us, not about $want: $(grep -A3 'target: *wt_sleeper' "$out" | head -8)"
awk '/^    [0-9a-f]+ / { if (NF != 2 || length($1) != 16) bad = 1 } END { exit bad }' "$out" ||
	fail "a frame not as BCC's '%-16x %s': $(grep -E '^    [0-9a-f]+ ' "$out" | head -2)"
pass "BCC's form: target wt_sleeper, try_to_wake_up first, waker wt_waker, $sum us"

# --- --json ---
one_run --json -p "$WPID"
command -v jq >/dev/null 2>&1 || fail "jq is needed to check JSON (scripts/setup.sh installs it)"
sum=$(jq '[.stacks[] | select(.waker == "wt_waker" and .target == "wt_sleeper" and (.kernel | any(test("pipe_write")))) | .count] | add // 0' "$out") ||
	fail "--json: not one JSON object: $(head -c 300 "$out")"
in_bounds "$sum" || fail "--json: $sum us for wt_sleeper woken by wt_waker"
pass "--json: $sum us"

# --- -m above the sleeps: none of them; -u: no kernel thread among the woken ---
one_run -f -p "$WPID" -m 1000000
grep -q ';wt_sleeper ' "$out" && fail "-m 1000000: blocks of $SLEEP_MS ms counted: $(grep ';wt_sleeper ' "$out" | head -2)"
one_run -f -u
awk '/^wt_waker;.*;wt_sleeper [0-9]+$/ { ok = 1 } END { exit !ok }' "$out" || fail "-u: wt_sleeper not seen"
grep -Eq ';(kworker/|ksoftirqd/|rcu_|migration/)[^;]* [0-9]+$' "$out" &&
	fail "-u: kernel threads woken: $(grep -E ';(kworker/|ksoftirqd/|rcu_|migration/)[^;]* [0-9]+$' "$out" | head -2)"
pass "-m 1000000 leaves the 10 ms blocks out; -u keeps wt_sleeper and no kernel thread"
end_driven
wait "$WPID"
