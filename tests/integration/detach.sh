# Nothing stays attached: after SIGINT or SIGTERM, the BPF programs a tool loaded are gone and
# no uprobe/kprobe entries are left in tracefs; the same after a failed start.
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip "bpftool is needed to count loaded BPF programs"

base=$(bpf_prog_count)
for sig in INT TERM; do
	start_tool execsnoop
	[ "$(bpf_prog_count)" -gt "$base" ] || fail "execsnoop running but no BPF program loaded"
	stop_tool $sig
	[ "$TOOL_RC" = 0 ] || fail "execsnoop exited with $TOOL_RC after SIG$sig"
	[ "$(bpf_prog_count)" = "$base" ] || fail "BPF programs left after SIG$sig: $(bpftool prog show)"
	pass "execsnoop leaves nothing after SIG$sig"
done

# uprobes, uretprobes, USDT (with a semaphore), tracepoints and perf events, held by the loader test
events_before=$(tb_probe_events)
for sig in INT TERM; do
	"$TB_TESTS/attach_all" hold >"$WORK/hold.out" 2>"$WORK/hold.err" &
	TOOL_PID=$!
	wait_for_output "$WORK/hold.out" 60 ready || fail "attach_all hold did not start: $(cat "$WORK/hold.err")"
	grep -q '^ready' "$WORK/hold.out" || fail "attach_all hold: $(cat "$WORK/hold.out")"
	stop_tool $sig
	[ "$(bpf_prog_count)" = "$base" ] || fail "BPF programs left after SIG$sig of attach_all"
	[ "$(tb_probe_events)" = "$events_before" ] || fail "uprobe/kprobe entries left in tracefs"
	grep -q 'USDT semaphore still set' "$WORK/hold.out" && fail "USDT semaphore not restored"
	pass "loader attachments (uprobe, USDT, perf events...) undone after SIG$sig"
done

# a start that fails after compiling (bad --bpf-file function) must not leak either
"$TB_BIN/execsnoop" --dump-bpf | sed 's/TRACEPOINT_PROBE(syscalls, sys_exit_execveat)/int renamed_tb(struct tracepoint__syscalls__sys_exit_execveat *args)/' >"$WORK/bad.bpf.c"
"$TB_BIN/execsnoop" --bpf-file "$WORK/bad.bpf.c" >/dev/null 2>"$WORK/bad.err" && fail "a program missing a function started"
[ "$(bpf_prog_count)" = "$base" ] || fail "BPF programs left after a failed start"
pass "failed start leaves nothing"

# without privileges: one line that says what to do
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$TB_BIN/execsnoop" >/dev/null 2>"$WORK/nobody.err" &&
		fail "execsnoop ran without privileges"
	[ "$(wc -l < "$WORK/nobody.err")" = 1 ] && grep -q "^execsnoop: permission denied: tracing needs root" "$WORK/nobody.err" ||
		fail "unprivileged error is not one clear line: $(cat "$WORK/nobody.err")"
	pass "unprivileged run: one-line error"
fi
