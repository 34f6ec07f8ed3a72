# hello on this kernel: a workload makes five 5-byte write()s; hello -p prints exactly those, from
# the trace pipe, and none of the other lines in it (another program's, a fake marker's).
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/hello.out
# the workload started by a shell that waits on a fifo, so its PID is known before it runs
start_held_workload() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/write_lines' 5 > /dev/null" &
	holder=$!
}
release_workload() { echo go >"$fifo"; wait "$holder" || fail "write_lines failed"; }
# foreign lines in the shared trace pipe: hello must not print them
trace_marker() { echo "$1" >"$(tracefs)/trace_marker" 2>/dev/null || true; }
tracefs() { [ -e /sys/kernel/tracing/trace_marker ] && echo /sys/kernel/tracing || echo /sys/kernel/debug/tracing; }

# --- -p PID: exactly the workload's writes ---
start_held_workload
start_tool hello -p "$holder"
ids=$(tool_prog_ids "$TOOL_PID")
trace_marker "tbhello-1: write() by pid $holder, 5 bytes (another hello's line)"
trace_marker "tbhello-$TOOL_PID: a marker line from user space"
release_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "hello exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT: $(progs_left $ids)"
[ "$(head -1 "$out")" = "TIME(s)            COMM             PID    MESSAGE" ] || fail "bad header: '$(head -1 "$out")'"
[ "$(tail -n +2 "$out" | wc -l)" = 5 ] || fail "expected the 5 writes of $holder: $(cat "$out")"
tail -n +2 "$out" | awk -v p="$holder" '$2 != "write_lines" || $3 != p { bad = 1 }
	$0 !~ ("write\\(\\) by pid " p ", 5 bytes$") { bad = 1 } END { exit bad }' ||
	fail "lines not all from $holder's writes: $(cat "$out")"
pass "hello -p: the workload's 5 writes, nothing else from the trace pipe"

# --- every process, JSON: the workload is among them, hello's own writes are not ---
start_held_workload
start_tool hello --json
release_workload
sleep 0.5 # hello prints other processes' writes meanwhile: its own writes must stay untraced
hello_pid=$TOOL_PID
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "hello exited with $TOOL_RC after SIGTERM"
[ "$(grep -c "^{\"time_s\":[0-9.]*,\"comm\":\"write_lines\",\"pid\":$holder,\"message\":\"write() by pid $holder, 5 bytes\"}\$" "$out")" = 5 ] ||
	fail "JSON lines of the workload's 5 writes not found: $(grep -c . "$out") lines"
grep -q "\"pid\":$hello_pid," "$out" && fail "hello traced its own writes"
pass "hello --json without -p: the workload's writes, not hello's own"

# --- edit and rerun ---
"$TB_BIN/hello" --dump-bpf >"$WORK/edited.bpf.c" || fail "--dump-bpf failed"
grep -q 'TRACEPOINT_PROBE(syscalls, sys_enter_write)' "$WORK/edited.bpf.c" || fail "--dump-bpf printed no source"
grep -q '#define TB_HELLO_TAG' "$WORK/edited.bpf.c" || fail "hello.h not inlined in the dumped source"
sed -i 's/write() by pid %d/edited: pid %d wrote/' "$WORK/edited.bpf.c"
start_held_workload
start_tool hello --bpf-file "$WORK/edited.bpf.c" -p "$holder"
release_workload
stop_tool
[ "$(grep -c "edited: pid $holder wrote, 5 bytes\$" "$out")" = 5 ] || fail "--bpf-file did not change the lines: $(cat "$out")"
pass "--bpf-file runs the edited program"

# --- bad input: one line, non-zero exit ---
for args in "-p 0" "-p abc" "-p 99999999" "extra"; do
	"$TB_BIN/hello" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -Eq '^hello: (invalid|unexpected)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
