# hardirqs on this kernel: O_DIRECT disk I/O must show the disk's interrupt handler (virtio
# here; whatever /proc/interrupts names) with a non-zero total, in sums, counts (-C),
# histograms (-d), intervals with -T, and JSON; nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/hardirqs.out
dir=$(disk_dir) || skip "no disk-backed directory for O_DIRECT I/O"
io() { "$TB_PROGS/hist_load" dio "$dir/f" 200 >/dev/null || fail "disk workload failed"; }

# --- sums at Ctrl-C ---
start_tool hardirqs
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
io
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "hardirqs exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx 'Tracing hard irq event time... Hit Ctrl-C to end.' || fail "no banner"
grep -qx 'HARDIRQ                    TOTAL_usecs' "$out" || fail "no BCC header"
# some handler named in /proc/interrupts has a non-zero total (usecs may round to 0: -N below)
known=$(awk 'NR > 1 { print $NF }' /proc/interrupts | sort -u)
rows=$(awk 'f { print } /^HARDIRQ/ { f = 1 }' "$out")
[ -n "$rows" ] || fail "no interrupt handler seen during disk I/O"
echo "$rows" | awk '{ print $1 }' | grep -qxF "$known" || fail "handlers not in /proc/interrupts: $rows"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
pass "sums per handler: $(echo "$rows" | head -1)"

# --- -N and -C: non-zero ---
start_tool hardirqs -N
io
stop_tool
awk 'f && $2 > 0 { ok = 1 } /^HARDIRQ/ { f = 1 } END { exit !ok }' "$out" || fail "-N: no non-zero total"
grep -q 'TOTAL_nsecs$' "$out" || fail "-N: header"
start_tool hardirqs -C
io
stop_tool
awk 'f && $2 > 0 { ok = 1 } /^HARDIRQ/ { f = 1 } END { exit !ok }' "$out" || fail "-C: no non-zero count"
head -1 "$out" | grep -qx 'Tracing hard irq events... Hit Ctrl-C to end.' || fail "-C: banner"
grep -q 'TOTAL_count$' "$out" || fail "-C: header"
pass "-N nanoseconds, -C counts"

# --- -d histograms per handler ---
start_tool hardirqs -d -N
io
stop_tool
grep -q '^hardirq = ' "$out" || fail "-d: no section"
grep -qx '     nsecs               : count     distribution' "$out" || fail "-d: header"
grep -qE '^ +[0-9]+ -> [0-9]+ +: [1-9]' "$out" || fail "-d: no non-zero bucket"
pass "-d histograms per handler"

# --- intervals, -T, JSON ---
"$TB_BIN/hardirqs" -T --json 1 2 >"$out" 2>"$WORK/hardirqs.err" &
TOOL_PID=$!
io; sleep 1; io
wait "$TOOL_PID"; rc=$?; TOOL_PID=
[ "$rc" = 0 ] || fail "hardirqs --json 1 2 exited with $rc"
[ "$(wc -l <"$out")" = 2 ] || fail "expected 2 JSON lines: $(cat "$out")"
json_check "$out" '.unit == "usecs" and (.totals | type) == "array"' || fail "bad JSON: $(cat "$out")"
jq -se 'map(.totals[]) | map(select(.total >= 0 and (.hardirq | type) == "string")) | length > 0' "$out" >/dev/null ||
	fail "JSON: no handler with a total"
"$TB_BIN/hardirqs" -T 1 1 >"$out" 2>/dev/null || fail "hardirqs -T 1 1 failed"
grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$out" || fail "-T: no timestamp line"
pass "intervals, -T, JSON"

check_help_dump hardirqs "TRACEPOINT_PROBE(irq, irq_handler_entry)"
pass "--help with examples, --dump-bpf"

# --- bad input ---
for args in "-C -d" "-N -C" "-c 9999" "-c x" "1 2 3"; do
	"$TB_BIN/hardirqs" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -qE '^hardirqs: (invalid|unexpected)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
