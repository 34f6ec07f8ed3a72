# tbrun on this kernel: each program in examples/ runs as-is against a real workload (a kill,
# an exec, reads, a uprobe/USDT target) and its printed events and tables are checked, in text
# and JSON; -c, -p-style TARG_PID, -D, -i/-d and the error paths too.
. "$(dirname "$0")/lib.sh"
require_root

EX=${TB_SRC:?TB_SRC must point at the source tree}/examples
out=$WORK/tbrun.out

# --- killsnoop: a perf output decoded from libbcc's field list, text then JSON with -D ---
# the victim ignores SIGUSR1/2 (kept across exec), so it lives through both runs
sh -c 'trap "" USR1 USR2; exec sleep 60' & victim=$!
sleep 0.2
start_tool tbrun "$EX/killsnoop.bpf.c"
/bin/kill -s USR1 "$victim"
ids=$(tool_prog_ids "$TOOL_PID")
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tbrun exited with $TOOL_RC after SIGINT"
grep -Eq "^pid=[0-9]+ tpid=$victim sig=10 comm=kill$" "$out" || fail "no kill event for $victim"
[ -n "$ids" ] || fail "no BPF programs seen in tbrun's fds"
[ -z "$(progs_left $ids)" ] || fail "programs left after SIGINT: $(progs_left $ids)"
pass "killsnoop example: field=value events, nothing left attached"

start_tool tbrun --json -D MIN_SIG=12 "$EX/killsnoop.bpf.c"
/bin/kill -s USR1 "$victim"
/bin/kill -s USR2 "$victim"
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "tbrun exited with $TOOL_RC after SIGTERM"
grep -Eq "^\{\"pid\":[0-9]+,\"tpid\":$victim,\"sig\":12,\"comm\":\"kill\"\}$" "$out" ||
	fail "no JSON event for SIGUSR2"
grep -q "\"tpid\":$victim,\"sig\":10," "$out" && fail "-D MIN_SIG=12 let SIGUSR1 through"
pass "killsnoop example: JSON, -D reaches the program"
kill "$victim"

# --- execs: an exec seen machine-wide, then only the -c command (TARG_PID) ---
start_tool tbrun "$EX/execs.bpf.c"
/bin/true & child=$!
wait "$child"
stop_tool
grep -Eq "^pid=$child ppid=$$ ts_ns=[0-9]+ comm=true filename=/bin/true$" "$out" ||
	fail "no exec event for /bin/true (pid $child, parent $$)"
pass "execs example: pid, ppid, comm and filename right"

"$TB_BIN/tbrun" -c "/bin/echo tbrun-echo-test" "$EX/execs.bpf.c" >"$out" 2>"$WORK/tbrun.err" ||
	fail "tbrun -c failed: $(cat "$WORK/tbrun.err")"
grep -q '^tbrun-echo-test$' "$out" || fail "the command's own output is missing"
[ "$(grep -c '^pid=' "$out")" = 1 ] || fail "-c should show only the command's exec"
grep -Eq '^pid=[0-9]+ .* comm=echo filename=/bin/echo$' "$out" || fail "-c exec event wrong"
pass "-c runs the command, stops when it exits, TARG_PID is its pid"

# --- hello world: bpf_trace_printk lines from trace_pipe ---
"$TB_BIN/tbrun" -c /bin/true "$EX/hello_world.bpf.c" >"$out" 2>"$WORK/tbrun.err" ||
	fail "tbrun hello_world failed: $(cat "$WORK/tbrun.err")"
# (the kernel names the task from its comm cache when the line is read: tbrun or true)
grep -Eq '^ *(tbrun|true)-[0-9]+ .*bpf_trace_printk: Hello, World!$' "$out" ||
	fail "no Hello, World! line from the command's exec"
pass "hello_world example: trace_pipe lines printed"

# --- readhist: a log2 histogram and a hash printed at each interval and at exit ---
"$TB_BIN/tbrun" -c "head -c 100000 /dev/zero" "$EX/readhist.bpf.c" >"$out" 2>"$WORK/tbrun.err" ||
	fail "tbrun readhist failed: $(cat "$WORK/tbrun.err")"
grep -q '^     value  *: count     distribution$' "$out" || fail "no histogram header"
awk '$1 == 8192 && $2 == "->" && $5 >= 1 { ok = 1 } END { exit !ok }' "$out" ||
	fail "no reads of 8192..16383 bytes counted"
awk '/^  \{comm=head\}: / && $NF >= 12 { ok = 1 } END { exit !ok }' "$out" ||
	fail "reads by head not counted (100000 bytes = at least 12 reads)"
pass "readhist example: log2 histogram and key/value table"

"$TB_BIN/tbrun" -i 1 -d 2.5 "$EX/readhist.bpf.c" >"$out" 2>"$WORK/tbrun.err" ||
	fail "tbrun -i -d failed: $(cat "$WORK/tbrun.err")"
[ "$(grep -c '^bytes:$' "$out")" -ge 3 ] || fail "-i 1 -d 2.5: expected 2 interval prints + exit"
pass "-i prints the tables each interval, -d stops"

# --- uprobe, uretprobe, USDT and perf event given by options ---
T=$TB_PROGS/usdt_target
"$TB_BIN/tbrun" --json -c "$T 5" --uprobe "$T:tb_target_func=on_call" \
	--uretprobe "$T:tb_target_func=on_return" --usdt "$T:tbtest:tick=on_tick" \
	"$EX/probes.bpf.c" >"$out" 2>"$WORK/tbrun.err" || fail "tbrun probes failed: $(cat "$WORK/tbrun.err")"
[ "$(grep -c '"magic":42,' "$out")" = 5 ] || fail "expected 5 USDT ticks with their arguments"
grep -q '^{"i":4,"magic":42,"pid":[0-9]*}$' "$out" || fail "USDT argument i=4 missing"
grep -q '^{"table":"calls","key":1,"value":5}$' "$out" || fail "uprobe not counted 5 times"
grep -q '^{"table":"calls","key":2,"value":5}$' "$out" || fail "uretprobe not counted 5 times"
"$TB_BIN/tbrun" -d 1 --perf-event cpu-clock:99=on_sample "$EX/probes.bpf.c" >"$out" 2>"$WORK/tbrun.err" ||
	fail "tbrun --perf-event failed: $(cat "$WORK/tbrun.err")"
awk '$1 == "3:" && $2 > 0 { ok = 1 } END { exit !ok }' "$out" || fail "no cpu-clock samples"
pass "--uprobe, --uretprobe, --usdt (with arguments) and --perf-event"

# --- errors: one line, non-zero exit ---
"$TB_BIN/tbrun" -e 'int foo(void *ctx) { return 0; }' >"$out" 2>"$WORK/tbrun.err" &&
	fail "a program with nothing to attach succeeded"
grep -q 'nothing to attach' "$WORK/tbrun.err" || fail "no 'nothing to attach' error"
"$TB_BIN/tbrun" -e 'TRACEPOINT_PROBE(syscalls, sys_enter_nonexistent) { return 0; }' \
	>"$out" 2>"$WORK/tbrun.err" && fail "a missing tracepoint succeeded"
grep -q "failed to attach tracepoint 'syscalls:sys_enter_nonexistent'" "$WORK/tbrun.err" ||
	fail "missing tracepoint not named: $(cat "$WORK/tbrun.err")"
"$TB_BIN/tbrun" --uprobe /bin/true "$EX/probes.bpf.c" >"$out" 2>"$WORK/tbrun.err" &&
	fail "a bad --uprobe was accepted"
"$TB_BIN/tbrun" /nonexistent.bpf.c >"$out" 2>"$WORK/tbrun.err" && fail "a missing file was accepted"
grep -q "failed to open program '/nonexistent.bpf.c'" "$WORK/tbrun.err" || fail "missing file not named"
pass "errors: one line, non-zero exit"
