# Nothing stays attached: after SIGINT or SIGTERM, the BPF programs a tool loaded are gone and
# no uprobe/kprobe entries are left in tracefs; the same after a failed start.
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip "bpftool is needed to count loaded BPF programs"

for sig in INT TERM; do
	start_tool execsnoop
	ids=$(tool_prog_ids "$TOOL_PID")
	[ -n "$ids" ] || fail "execsnoop running but holding no BPF program"
	stop_tool $sig
	[ "$TOOL_RC" = 0 ] || fail "execsnoop exited with $TOOL_RC after SIG$sig"
	progs_gone $ids || fail "BPF programs left after SIG$sig: $(progs_left $ids)"
	pass "execsnoop leaves nothing after SIG$sig ($(echo $ids | wc -w) programs gone)"
done

# uprobes, uretprobes, USDT (with a semaphore), tracepoints and perf events, held by the loader test
events_before=$(tb_probe_events)
for sig in INT TERM; do
	"$TB_TESTS/attach_all" hold >"$WORK/hold.out" 2>"$WORK/hold.err" &
	TOOL_PID=$!
	wait_for_output "$WORK/hold.out" 60 ready || fail "attach_all hold did not start: $(cat "$WORK/hold.err")"
	grep -q '^ready' "$WORK/hold.out" || fail "attach_all hold: $(cat "$WORK/hold.out")"
	ids=$(tool_prog_ids "$TOOL_PID")
	stop_tool $sig
	progs_gone $ids || fail "BPF programs left after SIG$sig of attach_all"
	[ "$(tb_probe_events)" = "$events_before" ] || fail "uprobe/kprobe entries left in tracefs"
	grep -q 'USDT semaphore still set' "$WORK/hold.out" && fail "USDT semaphore not restored"
	pass "loader attachments (uprobe, USDT, perf events...) undone after SIG$sig"
done

# a start that fails after attaching some probes (a function missing from an edited file) must
# not leak either: the programs it loaded are named after execsnoop's functions
"$TB_BIN/execsnoop" --dump-bpf | sed 's/TRACEPOINT_PROBE(syscalls, sys_exit_execveat)/int renamed_tb(struct tracepoint__syscalls__sys_exit_execveat *args)/' >"$WORK/bad.bpf.c"
before=$(bpftool prog show | grep -c 'name sched_process_e\|name syscalls__sys_e')
"$TB_BIN/execsnoop" --bpf-file "$WORK/bad.bpf.c" >/dev/null 2>"$WORK/bad.err" && fail "a program missing a function started"
grep -q "failed to find BPF function 'tracepoint__syscalls__sys_exit_execveat'" "$WORK/bad.err" || fail "unexpected error: $(cat "$WORK/bad.err")"
after=$(bpftool prog show | grep -c 'name sched_process_e\|name syscalls__sys_e')
[ "$after" -le "$before" ] || fail "BPF programs left after a failed start"
pass "failed start leaves nothing"

# without privileges: one line that says what to do
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$TB_BIN/execsnoop" >/dev/null 2>"$WORK/nobody.err" &&
		fail "execsnoop ran without privileges"
	[ "$(wc -l < "$WORK/nobody.err")" = 1 ] && grep -q "^execsnoop: permission denied: tracing needs root" "$WORK/nobody.err" ||
		fail "unprivileged error is not one clear line: $(cat "$WORK/nobody.err")"
	pass "unprivileged run: one-line error"
fi
