# runqlat on this kernel: 4 spinning threads on 2 CPUs must wait on the run queue; the
# histogram, -p, -P, -L, --pidnss, intervals with -T, JSON, and nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/runqlat.out

# a histogram row with a non-zero count
rows_nonzero() { grep -cE '^ +[0-9]+ -> [0-9]+ +: [1-9]' "$1"; }

# --- default: one histogram at Ctrl-C ---
start_tool runqlat
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
"$TB_PROGS/hist_load" spin 4 1500 >"$WORK/load.txt"
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "runqlat exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx 'Tracing run queue latency... Hit Ctrl-C to end.' || fail "no banner"
grep -qx '     usecs               : count     distribution' "$out" || fail "no BCC header"
[ "$(rows_nonzero "$out")" -ge 2 ] || fail "expected non-zero latency buckets"
# latencies above 1 ms: 4 spinners on 2 CPUs wait whole time slices
grep -qE '^ +(1024|2048|4096|8192|16384) -> [0-9]+ +: [1-9]' "$out" || fail "no millisecond-scale waits with 4 spinners on 2 CPUs"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
pass "histogram with non-zero buckets, ms-scale waits under CPU contention, detached"

# --- -p: only the spinning process, -P sections ---
fifo=$WORK/go; mkfifo "$fifo"
sh -c "read x < '$fifo'; exec '$TB_PROGS/hist_load' spin 4 1500" >"$WORK/load.txt" &
load=$!
start_tool runqlat -P -p "$load"
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
echo go >"$fifo"; wait "$load"
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "runqlat -P -p exited with $TOOL_RC after SIGTERM"
progs_gone $ids || fail "BPF programs left after SIGTERM: $(progs_left $ids)"
grep -q '^pid = ' "$out" || fail "-P printed no section"
others=$(grep '^pid = ' "$out" | grep -v "^pid = $load\b")
[ -z "$others" ] || fail "-p $load let other processes through: $others"
grep -q "^pid = $load hist_load$" "$out" || grep -q "^pid = $load$" "$out" || fail "no section for $load"
[ "$(rows_nonzero "$out")" -ge 1 ] || fail "-p: no latency counted"
pass "-p shows only the process, -P one section per process"

# --- -L: one section per thread; --pidnss; -m; tables read entry by entry (no batches) ---
export TRACEBOX_NO_MAP_BATCH=1
start_tool runqlat -L -m
"$TB_PROGS/hist_load" spin 4 1000 >"$WORK/load.txt"
stop_tool
unset TRACEBOX_NO_MAP_BATCH
grep -q "read and cleared [1-9][0-9]* entries" "$WORK/runqlat.err" || fail "-v: no read/clear cost line"
[ "$(grep -c '^tid = ' "$out")" -ge 4 ] || fail "-L: expected sections for the 4 threads at least"
grep -qx '     msecs               : count     distribution' "$out" || fail "-m: no msecs header"
start_tool runqlat --pidnss
"$TB_PROGS/hist_load" spin 3 500 >/dev/null
stop_tool
grep -q "^pidns = $(stat -L -c %i /proc/self/ns/pid)$" "$out" || fail "--pidnss: no section for our namespace"
pass "-L per thread, --pidnss per namespace, -m"

# --- the fallback for kernels without raw tracepoints: sched: tracepoints, -L only ---
export TRACEBOX_NO_RAW_TRACEPOINTS=1
start_tool runqlat -L
"$TB_PROGS/hist_load" spin 4 1000 >"$WORK/load.txt"
stop_tool
grep -q "attaching to tracepoints sched:sched_wakeup" "$WORK/runqlat.err" || fail "fallback: not on sched: tracepoints"
[ "$(grep -c "^tid = " "$out")" -ge 4 ] || fail "fallback -L: expected sections for the 4 threads"
grep -qE '^ +(1024|2048|4096|8192|16384) -> [0-9]+ +: [1-9]' "$out" || fail "fallback: no ms-scale waits"
"$TB_BIN/runqlat" -P >/dev/null 2>"$WORK/bad.err" && fail "fallback accepted -P"
grep -q "^runqlat: failed to trace by process: -p, -P and --pidnss need raw tracepoints" "$WORK/bad.err" ||
	fail "fallback -P: $(cat "$WORK/bad.err")"
unset TRACEBOX_NO_RAW_TRACEPOINTS
pass "fallback to sched: tracepoints (TRACEBOX_NO_RAW_TRACEPOINTS=1): -L works, -P refused"

# --- intervals: 1 s, 2 outputs, -T; then exits by itself ---
"$TB_BIN/runqlat" -T 1 2 >"$out" 2>"$WORK/runqlat.err" &
TOOL_PID=$!
"$TB_PROGS/hist_load" spin 3 2500 >/dev/null
wait "$TOOL_PID"; rc=$?; TOOL_PID=
[ "$rc" = 0 ] || fail "runqlat 1 2 exited with $rc"
[ "$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$out")" = 2 ] || fail "expected 2 timestamped outputs"
[ "$(grep -c 'usecs  *: count' "$out")" = 2 ] || fail "expected 2 histograms"
pass "interval and count, -T"

# --- JSON: one valid object per interval ---
start_tool runqlat --json -P
"$TB_PROGS/hist_load" spin 4 800 >/dev/null
stop_tool
[ "$(wc -l <"$out")" = 1 ] || fail "--json: expected one line"
json_check "$out" '.unit == "usecs" and .section == "pid" and (.hists | length) > 0 and
	(.hists[0].key.pid | type) == "number" and (.hists[0].buckets[0] | has("low", "high", "count"))' ||
	fail "--json: not the expected object: $(head -c 300 "$out")"
pass "JSON output"

check_help_dump runqlat "RAW_TRACEPOINT_PROBE(sched_switch)"
pass "--help with examples, --dump-bpf"

# --- bad input ---
for args in "-P -L" "-p abc" "0" "1 2 3" "-P --pidnss"; do
	"$TB_BIN/runqlat" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -qE '^runqlat: (invalid|unexpected)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
