# softirqs on this kernel: loopback TCP and disk I/O must show net_rx, timer and block with
# non-zero totals, in sums, counts (-C), histograms (-d), -c CPU, and JSON; nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/softirqs.out
dir=$(disk_dir) || skip "no disk-backed directory for O_DIRECT I/O"
load() {
	"$TB_PROGS/hist_load" tcp 3000 >/dev/null || fail "tcp workload failed"
	"$TB_PROGS/hist_load" dio "$dir/f" 100 >/dev/null || fail "disk workload failed"
	sleep 0.3 # a few timer ticks
}
total_of() { awk -v n="$1" 'f && $1 == n { print $2 } /^SOFTIRQ/ { f = 1 }' "$out"; }

# --- sums at Ctrl-C, in nanoseconds so short handlers do not round to 0 ---
start_tool softirqs -N
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
load
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "softirqs exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx 'Tracing soft irq event time... Hit Ctrl-C to end.' || fail "no banner"
grep -qx 'SOFTIRQ          TOTAL_nsecs' "$out" || fail "no BCC header"
for v in net_rx timer block; do
	t=$(total_of $v)
	[ -n "$t" ] && [ "$t" -gt 0 ] || fail "no non-zero total for $v"
done
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
pass "net_rx, timer and block with non-zero totals"

# --- default usecs, -C counts, -c CPU ---
start_tool softirqs
load
stop_tool
grep -qx 'SOFTIRQ          TOTAL_usecs' "$out" || fail "usecs header"
start_tool softirqs -C
load
stop_tool TERM
t=$(total_of net_rx); [ -n "$t" ] && [ "$t" -gt 0 ] || fail "-C: no net_rx count"
start_tool softirqs -C -c 0
load
stop_tool
[ -n "$(total_of timer)" ] || fail "-c 0: no timer softirqs on CPU 0"
pass "usecs, -C counts, -c CPU"

# --- -d histograms per vector ---
start_tool softirqs -d
load
stop_tool
grep -qx 'softirq = net_rx' "$out" || fail "-d: no net_rx section"
grep -qx '     usecs               : count     distribution' "$out" || fail "-d: header"
pass "-d histograms per vector"

# --- JSON, 1 s intervals ---
"$TB_BIN/softirqs" --json -d 1 2 >"$out" 2>"$WORK/softirqs.err" &
TOOL_PID=$!
load
wait "$TOOL_PID"; rc=$?; TOOL_PID=
[ "$rc" = 0 ] || fail "softirqs --json -d 1 2 exited with $rc"
[ "$(wc -l <"$out")" = 2 ] || fail "expected 2 JSON lines"
json_check "$out" '.unit == "usecs" and .section == "softirq" and (.hists | type) == "array"' ||
	fail "bad JSON: $(head -c 300 "$out")"
jq -se 'map(.hists[].key) | index("timer") != null' "$out" >/dev/null || fail "JSON: no timer histogram"
pass "JSON per interval"

# --- edit and rerun: every vector's time charged to "sched" (7) ---
check_help_dump softirqs "TRACEPOINT_PROBE(irq, softirq_exit)"
sed 's/skey.vec = valp->vec;/skey.vec = 7;/' "$WORK/dump.bpf.c" >"$WORK/edited.bpf.c"
grep -q 'skey.vec = 7;' "$WORK/edited.bpf.c" || fail "could not edit the dumped source"
start_tool softirqs --bpf-file "$WORK/edited.bpf.c"
load
stop_tool
[ "$(awk 'f { print $1 } /^SOFTIRQ/ { f = 1 }' "$out" | sort -u)" = sched ] || fail "--bpf-file: other vectors shown: $(cat "$out")"
pass "--help, --dump-bpf, --bpf-file runs the edited program"

for args in "-C -d" "-c -1" "x"; do
	"$TB_BIN/softirqs" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -qE '^softirqs: (invalid|unexpected)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
