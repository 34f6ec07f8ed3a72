# runqlen on this kernel: spin_pinned puts 4 busy processes on one CPU for 2 s, so that CPU's
# queue holds 3 waiting behind the running one: -C shows samples at length 3 or more on that
# CPU (and a histogram for every CPU), the flat histogram too, -O -C its occupancy; intervals
# with -T, JSON, and nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/runqlen.out
N=4
MS=2000
# At 99 Hz the pinned CPU takes about 200 samples in 2 s. A sample reads the queue of the task
# it interrupts: a task of another cgroup (this machine's other work) has a queue of its own,
# usually short, so a fifth of them is the bound, not all.
MIN=40

# spin: the workload, its CPU in $CPU
spin() {
	"$TB_PROGS/spin_pinned" $N $MS >"$WORK/load.txt" || fail "spin_pinned: $(cat "$WORK/load.txt")"
	CPU=$(awk '$1 == "cpu" { print $2 }' "$WORK/load.txt")
}
# at_least FILE LEN: samples of the histogram rows in FILE at length LEN or more
at_least() { awk -v n="$2" '$2 == ":" && $1 ~ /^[0-9]+$/ && $1 >= n { s += $3 } END { print s + 0 }' "$1"; }

# --- -C: the pinned CPU's histogram reaches N-1; every CPU has one; detached at the end ---
start_tool runqlen -C
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
spin
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "runqlen -C exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
head -1 "$out" | grep -qx 'Sampling run queue length... Hit Ctrl-C to end.' || fail "no banner"
grep -q "sampling on the cpu-clock software event at 99 Hz on every CPU" "$WORK/runqlen.err" ||
	fail "-v: the perf event not named"
grep -q "reading cfs_rq's nr_" "$WORK/runqlen.err" || fail "-v: where the count is read not said"
grep -qx '     runqlen       : count     distribution' "$out" || fail "no BCC header"
[ "$(grep -c '^cpu = ' "$out")" = "$(nproc)" ] || fail "-C: expected $(nproc) CPUs' histograms"
sed -n "/^cpu = $CPU\$/,/^\$/p" "$out" >"$WORK/section.txt"
n=$(at_least "$WORK/section.txt" $((N - 1)))
[ "$n" -ge $MIN ] || fail "-C: CPU $CPU has $n samples at length $((N - 1)) or more, expected $MIN"
pass "-C: CPU $CPU had $n samples at length $((N - 1)) or more under $N spinners; detached"

# --- the flat histogram: its rows from 0 reach N-1 ---
start_tool runqlen
spin
stop_tool INT
grep -q '^cpu = ' "$out" && fail "without -C: per-CPU sections"
sed -n '/ : count /,$p' "$out" >"$WORK/hist.txt"
awk '$2 == ":" && $1 ~ /^[0-9]+$/ { if ($1 != i++) bad = 1 } END { exit bad }' "$WORK/hist.txt" || fail "rows not 0, 1, 2... in order"
n=$(at_least "$WORK/hist.txt" $((N - 1)))
[ "$n" -ge $MIN ] || fail "$n samples at length $((N - 1)) or more, expected $MIN"
pass "one histogram: $n samples at length $((N - 1)) or more"

# --- -O -C: BCC's occupancy lines, CPU 0 to the highest; the pinned one mostly queued ---
start_tool runqlen -O -C
spin
stop_tool INT
[ "$(grep -cE '^runqocc, CPU [0-9 ]{3} +[0-9]+\.[0-9]{2}%$' "$out")" = "$(nproc)" ] ||
	fail "-O -C: expected $(nproc) lines 'runqocc, CPU N   P%'"
occ=$(sed -n "s/^runqocc, CPU $CPU *\([0-9]*\)\.[0-9]*%\$/\1/p" "$out")
[ "${occ:-0}" -ge 25 ] || fail "-O -C: CPU $CPU occupied ${occ:-?}% of the time, expected 25% or more"
pass "-O -C: CPU $CPU had a task waiting in $occ% of its samples"

# --- intervals: 1 s, 2 outputs, -T and -O; then exits by itself ---
"$TB_BIN/runqlen" -OT 1 2 >"$out" 2>"$WORK/runqlen.err" &
TOOL_PID=$!
wait_tool_exit 60
[ "$TOOL_RC" = 0 ] || fail "runqlen -OT 1 2 exited with $TOOL_RC"
[ "$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$out")" = 2 ] || fail "expected 2 timestamps"
[ "$(grep -cE '^runqocc: [0-9]+\.[0-9]{2}%$' "$out")" = 2 ] || fail "expected 2 'runqocc: P%' lines"
pass "interval and count, -T, -O"

# --- JSON: one object; the pinned CPU's buckets; -O's counts agree with its percentage ---
start_tool runqlen -C --json
spin
stop_tool INT
[ "$(wc -l <"$out")" = 1 ] || fail "--json: expected one line"
json_check "$out" ".unit == \"runqlen\" and .section == \"cpu\" and (.hists | length) == $(nproc) and
	([.hists[] | select(.key == $CPU) | .buckets[] | select(.low >= $((N - 1))) | .count] | add) >= $MIN" ||
	fail "--json: not the expected object: $(head -c 600 "$out")"
"$TB_BIN/runqlen" -O --json 1 1 >"$out" 2>"$WORK/runqlen.err" || fail "runqlen -O --json 1 1 failed"
json_check "$out" ".samples > 0 and .queued <= .samples and
	((.runqocc - 100 * .queued / .samples) | fabs) < 0.01" || fail "-O --json: $(cat "$out")"
pass "JSON output, -C and -O"

check_help_dump runqlen "do_perf_event"
pass "--help with examples, --dump-bpf"
