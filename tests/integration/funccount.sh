# funccount on this kernel: exact counts of a workload's functions (wildcard and -r), of a libc
# function and a tracepoint for one process (-p), of a USDT probe; -c, -i/-d/-T, JSON, --dump-bpf
# and -D; bad patterns refused in one line; nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/funccount.out
T=$TB_PROGS/funcs_target

# count FUNC: the COUNT column of FUNC's row in the last table of $out (empty when no row)
count() { awk -v f="$1" '$1 == "FUNC" { c = "" } $1 == f { c = $2 } END { print c }' "$out"; }

# the workload: per round, count_a 5 times, count_b 7 times, a 10 ms sleep and 3 getppid()
start_driven wl "$T" 5 7 1 3
WL=$DRIVEN_PID

# --- a wildcard over a binary's functions: N calls are N ---
start_tool funccount "$T:funcs_target_count_*" 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
drive_round wl; drive_round wl
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "funccount exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qxF "Tracing 2 functions for \"$T:funcs_target_count_*\"... Hit Ctrl-C to end." ||
	fail "banner: $(head -1 "$out")"
grep -qx 'FUNC                                    COUNT' "$out" || fail "no BCC header"
[ "$(count funcs_target_count_a)" = 10 ] || fail "count_a: expected 10, got '$(count funcs_target_count_a)'"
[ "$(count funcs_target_count_b)" = 14 ] || fail "count_b: expected 14, got '$(count funcs_target_count_b)'"
# BCC's order: smallest count first
grep -A2 '^FUNC' "$out" | tail -2 | awk '{ print $1 }' | tr '\n' ' ' | grep -qx 'funcs_target_count_a funcs_target_count_b ' ||
	fail "rows not sorted by count"
tail -1 "$out" | grep -qx 'Detaching...' || fail "no Detaching... at the end"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
[ "$(tb_probe_events)" = 0 ] || fail "uprobe entries left in tracefs"
pass "wildcard: 10 and 14 calls counted exactly, BCC's banner, header, order; detached"

# --- -r: an extended regex (one function), and -c CPU ---
start_tool funccount -r "$T:^funcs_target_count_(a|q)" 7>&-
drive_round wl
stop_tool INT
head -1 "$out" | grep -q '^Tracing 1 functions for' || fail "-r: expected 1 function: $(head -1 "$out")"
[ "$(count funcs_target_count_a)" = 5 ] || fail "-r: count_a: expected 5, got '$(count funcs_target_count_a)'"
[ -z "$(count funcs_target_count_b)" ] || fail "-r: count_b matched"
pass "-r: a regex, 5 calls counted"

# --- c:getppid and the tracepoint for -p only: 3 calls a round ---
start_tool funccount -p "$WL" c:getppid 7>&-
drive_round wl; drive_round wl
stop_tool INT
[ "$(count getppid)" = 6 ] || fail "c:getppid -p: expected 6, got '$(count getppid)'"
# a binary named relative to the current directory, for one process
cd "$TB_PROGS"
start_tool funccount -p "$WL" ./funcs_target:funcs_target_count_a 7>&-
cd - >/dev/null
drive_round wl
stop_tool INT
[ "$(count funcs_target_count_a)" = 5 ] || fail "./funcs_target -p: expected 5, got '$(count funcs_target_count_a)'"
start_tool funccount -p "$WL" t:syscalls:sys_enter_getppid 7>&-
drive_round wl; drive_round wl; drive_round wl
stop_tool INT
[ "$(count syscalls:sys_enter_getppid)" = 9 ] ||
	fail "tracepoint -p: expected 9, got '$(count syscalls:sys_enter_getppid)'"
pass "c:getppid (6), ./funcs_target (5) and t:syscalls:sys_enter_getppid (9) counted exactly for one process"

# --- -c: the workload pinned to CPU 1 is counted on CPU 1, not on CPU 0 ---
if [ "$(nproc)" -ge 2 ]; then
	taskset -p -c 1 "$WL" >/dev/null || fail "taskset failed"
	start_tool funccount -c 0 "$T:funcs_target_count_a" 7>&-
	drive_round wl
	stop_tool INT
	[ -z "$(count funcs_target_count_a)" ] || fail "-c 0 counted calls made on CPU 1"
	start_tool funccount -c 1 "$T:funcs_target_count_a" 7>&-
	drive_round wl
	stop_tool INT
	[ "$(count funcs_target_count_a)" = 5 ] || fail "-c 1: expected 5, got '$(count funcs_target_count_a)'"
	taskset -p -c 0-$(($(nproc) - 1)) "$WL" >/dev/null
	pass "-c: only the calls made on that CPU"
fi

# --- intervals: -i 1 -T, each interval counted afresh; -d ends by itself ---
start_tool funccount -T -i 1 "$T:funcs_target_count_b" 7>&-
drive_round wl
sleep 1.3
drive_round wl
sleep 1.3
stop_tool INT
[ "$(grep -c '^FUNC' "$out")" -ge 3 ] || fail "-i 1: expected 3 tables or more"
[ "$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$out")" = "$(grep -c '^FUNC' "$out")" ] ||
	fail "-T: a timestamp before each table"
[ "$(awk '$1 == "funcs_target_count_b" { s += $2 } END { print s }' "$out")" = 14 ] ||
	fail "-i: the intervals should add up to 14"
awk '$1 == "funcs_target_count_b" && $2 > 7 { bad = 1 } END { exit bad }' "$out" ||
	fail "-i: an interval not counted afresh"
"$TB_BIN/funccount" -i 1 -d 2 "$T:funcs_target_count_b" >"$out" 2>"$WORK/funccount.err" 7>&- &
TOOL_PID=$!
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "-i 1 -d 2 exited with $TOOL_RC"
[ "$(grep -c '^FUNC' "$out")" = 2 ] || fail "-i 1 -d 2: expected 2 tables"
tail -1 "$out" | grep -qx 'Detaching...' || fail "-d: no Detaching..."
pass "-i with -T, intervals counted afresh; -i 1 -d 2 prints 2 tables and ends"

# --- JSON ---
start_tool funccount --json "$T:funcs_target_count_*" 7>&-
drive_round wl
stop_tool INT
[ "$(wc -l <"$out")" = 1 ] || fail "--json: expected one line"
json_check "$out" '(.ts | type) == "string" and (.counts | length) == 2 and
	.counts[0] == {"func":"funcs_target_count_a","count":5} and
	.counts[1] == {"func":"funcs_target_count_b","count":7}' ||
	fail "--json: not the expected object: $(head -c 300 "$out")"
pass "JSON output"

# --- -p: the traced process ends, so does the trace (its last table printed) ---
start_tool funccount -p "$WL" t:syscalls:sys_enter_getppid 7>&-
drive_round wl
end_driven
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "-p: exited with $TOOL_RC when the process ended"
[ "$(count syscalls:sys_enter_getppid)" = 3 ] || fail "-p: the last table should count 3"
grep -q "process $WL exited; stopping" "$WORK/funccount.err" || fail "-p: no line saying the process ended"
pass "-p: ends with the traced process, its counts printed"

# --- USDT: 20 ticks are 20 ---
start_tool funccount "u:$TB_PROGS/usdt_target:tick"
"$TB_PROGS/usdt_target" 20 >/dev/null
stop_tool INT
[ "$(count tick)" = 20 ] || fail "USDT: expected 20, got '$(count tick)'"
pass "u:usdt_target:tick counted exactly"

# --- --dump-bpf and BCC's -D print the program written from the pattern ---
"$TB_BIN/funccount" -D "$T:funcs_target_count_*" >"$WORK/dump.bpf.c" || fail "-D failed"
grep -q '^int trace_count_1(void \*ctx)' "$WORK/dump.bpf.c" || fail "-D: no trace_count_1"
grep -q '^BPF_ARRAY(counts, u64, NPROBES);' "$WORK/dump.bpf.c" || fail "-D: no counts array"
"$TB_BIN/funccount" --dump-bpf t:syscalls:sys_enter_getppid | grep -q '^int trace_count_0' ||
	fail "--dump-bpf failed"
"$TB_BIN/funccount" --help | grep -q '^EXAMPLES:' || fail "--help has no EXAMPLES"
pass "--dump-bpf, -D, --help"

# --- bad input: one line each, non-zero status ---
bad() {
	want=$1; shift
	"$TB_BIN/funccount" "$@" >/dev/null 2>"$WORK/bad.err" && fail "'$*' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] || fail "'$*': not one line: $(cat "$WORK/bad.err")"
	grep -qF -- "$want" "$WORK/bad.err" || fail "'$*': $(cat "$WORK/bad.err")"
}
bad "bad regular expression 'funcs_target_(': " -r "$T:funcs_target_("
bad "nothing matches 'nosuch*' in $T" "$T:nosuch*"
bad "return probes (r:) are not supported here" "r:c:malloc"
# kernel functions: refused here, where kprobes are missing, pointing at what reaches them
if [ -e /sys/bus/event_source/devices/kprobe/type ] || [ -e /sys/kernel/tracing/kprobe_events ]; then
	echo "kprobes here: their refusal not tested"
else
	bad "the tracepoint t:syscalls:sys_enter_getppid reaches the same syscall" __x64_sys_getppid
	bad "this kernel has no kprobes" 'vfs_*'
fi
bad "at most 1000 can be traced" 'c:*'
bad "no pattern given" -i 1
bad "invalid CPU" -c 99999 c:malloc
bad "invalid interval" -i 0 c:malloc
bad "no binary or library 'nosuchlib-tb'" nosuchlib-tb:foo
bad "nothing matches" t:nosuchcat:nosuchevent
true & wait $!
bad "failed to trace process $!: no such process" -p $! c:malloc
pass "bad input refused with one line"
