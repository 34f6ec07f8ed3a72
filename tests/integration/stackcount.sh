# stackcount on this kernel: a workload calling target() 100 times from caller_a() and 7 times
# from caller_b(), getppid() 50 times from ppid_caller() and the USDT probe sctest:hit 7 times
# (tests/progs/stackcount_calls.c), counted exactly with the caller in each stack: a uprobe
# (-p, -P, -f, -s -v, --json), a tracepoint with user stacks (-U, -d), a USDT probe, -c, -i/-T/-D;
# bad input refused in one line; nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/stackcount.out
err=$WORK/stackcount.err
W=$TB_PROGS/stackcount_calls

# start_sc ARGS...: stackcount in the background until attached. Its -v is BCC's (addresses):
# the loader's account, which says "tracing with", is --verbose.
start_sc() {
	rm -f "$out" "$err"
	"$TB_BIN/stackcount" --verbose "$@" >"$out" 2>"$err" 7>&- &
	TOOL_PID=$!
	wait_for_output "$err" 60 "tracing with" || fail "stackcount $* did not start: $(cat "$err")"
}

# start_calls [WRAPPER...]: the workload, under a fresh name each time (start_driven would read
# the previous run's "ready PID" from a file of the same name before the new one truncates it);
# rounds and the end through round and end_driven
runs=0
start_calls() { runs=$((runs + 1)); start_driven calls$runs "$@" "$W"; }
round() { drive_round calls$runs; }

# block FRAME: the output's stack block (blank-line separated) holding the frame line FRAME
block() { awk -v f="  $1" 'BEGIN { RS = "" } { n = split($0, l, "\n"); for (i = 1; i <= n; i++) if (l[i] == f) { print; print "" } }' "$out"; }
# count_of FRAME: the count ending the block that holds FRAME
count_of() { block "$1" | awk 'NF { last = $0 } END { sub(/^ +/, "", last); print last }'; }
nblocks() { awk 'BEGIN { RS = "" } /\n    [0-9]+$|^    [0-9]+$/ { n++ } END { print n + 0 }' "$out"; }

# --- -p PID ./prog:target: both callers named, counted exactly; ends when the process does ---
start_calls
start_sc -p "$DRIVEN_PID" "$W:target"
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
round
end_driven
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "stackcount -p exited with $TOOL_RC"
head -1 "$out" | grep -qx "Tracing 1 functions for \"$W:target\"... Hit Ctrl-C to end." || fail "banner: $(head -1 "$out")"
[ "$(nblocks)" = 2 ] || fail "expected 2 stacks: $(cat "$out")"
block caller_a | head -2 | tr '\n' ' ' | grep -qx '  target   caller_a ' || fail "caller_a's stack: $(block caller_a)"
block caller_a | grep -qx '  main' || fail "main not in caller_a's stack: $(block caller_a)"
[ "$(count_of caller_a)" = 100 ] || fail "caller_a: count $(count_of caller_a), not 100"
[ "$(count_of caller_b)" = 7 ] || fail "caller_b: count $(count_of caller_b), not 7"
# ascending, as BCC: the 7 before the 100; -p: no process line (BCC prints none for one process)
[ "$(grep -E '^    [0-9]+$' "$out" | tr -d ' ' | tr '\n' ' ')" = "7 100 " ] || fail "counts not in ascending order"
grep -q '^    stackcount_call \[' "$out" && fail "-p printed the process line"
[ "$(tail -1 "$out")" = "Detaching..." ] || fail "no 'Detaching...' at the end"
grep -q "process gone" "$err" && fail "frames counted 'process gone' (the snapshot should name them): $(cat "$err")"
progs_gone $ids || fail "BPF programs left: $(progs_left $ids)"
[ "$(tb_probe_events)" = 0 ] || fail "uprobe events left behind"
pass "-p PID ./prog:target: target<-caller_a 100, target<-caller_b 7, ascending; ended with the process, detached"

# --- -f: folded lines, process name first (-p keeps it), outermost frame first ---
start_calls
start_sc -f -p "$DRIVEN_PID" "$W:target"
round
end_driven
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "stackcount -f exited with $TOOL_RC"
[ "$(wc -l <"$out")" = 2 ] || fail "-f: expected 2 lines (no banner): $(cat "$out")"
sed -n 1p "$out" | grep -qE '^stackcount_call;(.*;)?main;caller_b;target 7$' || fail "-f line 1: $(sed -n 1p "$out")"
sed -n 2p "$out" | grep -qE '^stackcount_call;(.*;)?main;caller_a;target 100$' || fail "-f line 2: $(sed -n 2p "$out")"
pass "-f: 'stackcount_call;...;main;caller_a;target 100' and caller_b's 7"

# --- -P, every process: the process line; -s -v: offsets and addresses ---
start_calls
start_sc -P -s -v "$W:target"
round
stop_tool INT
end_driven
[ "$TOOL_RC" = 0 ] || fail "stackcount -P exited with $TOOL_RC"
grep -qE "^    stackcount_call \[$DRIVEN_PID\]$" "$out" || fail "-P: no 'comm [pid]' line: $(cat "$out")"
awk 'BEGIN { RS = "" } /caller_a\+0x/ { print }' "$out" | grep -qE '^  [0-9a-f]+ +target\+0x0$' || fail "-s -v: no 'ADDR target+0x0' frame: $(cat "$out")"
awk 'BEGIN { RS = "" } /caller_a\+0x/ { print }' "$out" | tail -2 | tr '\n' ' ' | grep -qx "    stackcount_call \[$DRIVEN_PID\]     100 " || fail "-P: caller_a's stack not 100 for the process: $(cat "$out")"
pass "-P: 'stackcount_call [PID]' before the count; -s -v: 'ADDR target+0x0'"

# --- a tracepoint with user stacks: the syscall's caller, counted exactly ---
start_calls
start_sc -U -p "$DRIVEN_PID" t:syscalls:sys_enter_getppid
round
end_driven
wait_tool_exit 30
[ "$(count_of ppid_caller)" = 50 ] || fail "-U: ppid_caller's count is '$(count_of ppid_caller)', not 50: $(cat "$out")"
block ppid_caller | head -2 | tr '\n' ' ' | grep -qx '  ppid_caller   main ' || fail "-U: $(block ppid_caller)"
grep -qE '^  (entry_SYSCALL|do_syscall_64)' "$out" && fail "-U printed kernel frames"
pass "t:syscalls:sys_enter_getppid -U: ppid_caller<-main 50"

# --- both stacks, -d: kernel frames, the delimiter, then the user frames ---
start_calls
start_sc -d -p "$DRIVEN_PID" t:syscalls:sys_enter_getppid
round
end_driven
wait_tool_exit 30
block ppid_caller | grep -qE '^  (do_syscall_64|entry_SYSCALL_64[a-z_]*)$' || fail "no kernel frame: $(cat "$out")"
block ppid_caller | grep -A1 -x '    --' | tail -1 | grep -qx '  ppid_caller' || fail "-d: no '--' before the user frames: $(block ppid_caller)"
[ "$(count_of ppid_caller)" = 50 ] || fail "-d: count $(count_of ppid_caller)"
pass "-d: kernel frames, '    --', then ppid_caller (50)"

# --- --json ---
start_calls
start_sc --json -p "$DRIVEN_PID" "$W:target"
round
end_driven
wait_tool_exit 30
json_check "$out" '(.stacks | length) == 2 and .stacks[0].count == 7 and .stacks[0].user[1] == "caller_b" and
	.stacks[1].count == 100 and .stacks[1].user[0:2] == ["target", "caller_a"] and .stacks[1].pid > 0 and
	.stacks[1].comm == "stackcount_call" and .frames.stacks_lost == 0' || fail "--json: $(cat "$out")"
pass "--json: one object, the two stacks with their counts, the frame summary"

# --- a USDT probe of the process ---
start_calls
start_sc -p "$DRIVEN_PID" "u:$W:hit"
round
end_driven
wait_tool_exit 30
[ "$(count_of caller_b)" = 7 ] || fail "u:...:hit: caller_b's count '$(count_of caller_b)', not 7: $(cat "$out")"
block caller_b | head -1 | grep -qx '  caller_b' || fail "USDT: caller_b is not the first frame: $(block caller_b)"
pass "USDT u:prog:hit: caller_b 7"

# --- -c CPU: the workload on CPU 0 only; counted on CPU 0, nothing on another ---
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
	for cpu in 1 0; do
		start_calls taskset -c 0
		start_sc -c $cpu -K -p "$DRIVEN_PID" t:syscalls:sys_enter_getppid
		round
		end_driven
		wait_tool_exit 30
		n=$(grep -E '^    [0-9]+$' "$out" | tr -d ' ' | tr '\n' ' ')
		want=$([ $cpu = 0 ] && echo "50 " || echo "")
		[ "$n" = "$want" ] || fail "-c $cpu: counts '$n', expected '$want': $(cat "$out")"
	done
	pass "-c: 50 on the workload's CPU, nothing on another"
else
	echo "one CPU or no taskset: -c not tested"
fi

# --- -i -T -D: two timed outputs, then the end by itself ---
"$TB_BIN/stackcount" -T -i 1 -D 2 -K t:syscalls:sys_enter_getppid >"$out" 2>"$err" ||
	fail "-i -D exited with $?: $(cat "$err")"
[ "$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$out")" = 2 ] || fail "-T -i 1 -D 2: expected 2 timestamps: $(cat "$out")"
[ "$(tail -1 "$out")" = "Detaching..." ] || fail "-D: no 'Detaching...'"
pass "-T -i 1 -D 2: two timestamped outputs, then detached"

# --- the program written, and bad input in one line ---
"$TB_BIN/stackcount" --help >"$WORK/help.txt" 2>&1 && grep -q '^EXAMPLES:' "$WORK/help.txt" || fail "--help"
"$TB_BIN/stackcount" --dump-bpf t:syscalls:sys_enter_getppid >"$WORK/dump.c" || fail "--dump-bpf failed"
grep -q 'BPF_STACK_TRACE(stack_traces' "$WORK/dump.c" && grep -q '^int trace_count(void \*ctx)$' "$WORK/dump.c" ||
	fail "--dump-bpf: $(tail -5 "$WORK/dump.c")"
"$TB_BIN/stackcount" --dump-bpf "u:$W:*" | grep -q '^int trace_count_0(struct pt_regs \*ctx)$' || fail "--dump-bpf: no USDT function"
pass "--help, --dump-bpf (one function for a tracepoint, one per USDT probe)"

bad() { # bad WANT ARGS...: refused, one line on stderr matching WANT
	want=$1; shift
	"$TB_BIN/stackcount" "$@" >"$WORK/bad.out" 2>"$WORK/bad.err" && fail "'$*' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] || fail "'$*': not one line: $(cat "$WORK/bad.err")"
	grep -Eq "^stackcount: $want" "$WORK/bad.err" || fail "'$*': $(cat "$WORK/bad.err")"
}
if [ -e /sys/bus/event_source/devices/kprobe/type ]; then
	echo "kprobes here: their refusal not tested"
else
	bad "probe 'vfs_read': this kernel has no kprobes" vfs_read
	bad "probe 'p::vfs_\\*': this kernel has no kprobes" 'p::vfs_*'
fi
bad "probe 't:syscalls:nosuch_\\*': nothing matches 'nosuch_\\*'" 't:syscalls:nosuch_*'
bad "probe '$W:nosuch': nothing matches 'nosuch' in $W" "$W:nosuch"
bad "bad regular expression 'tar\\['" -r "$W:tar["
bad "invalid options: -K and -U are mutually exclusive" -K -U t:sched:sched_switch
bad "missing pattern"
bad "unexpected argument 'b'" a b
bad "invalid PID 'abc'" -p abc "$W:target"
bad "invalid interval '0'" -i 0 "$W:target"
bad "probe 'x:y:z:w': expected " x:y:z:w
pass "bad input refused in one line (kprobes, nothing matching, bad regex, options)"
