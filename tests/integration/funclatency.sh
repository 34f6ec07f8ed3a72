# funclatency on this kernel: a function that sleeps 10 ms lands in the 8-15 msecs bucket (-m)
# and 8192-16383 usecs (-u), with BCC's avg/total/count line; a histogram per function and
# process by default, one for all with -p, -F separates two functions; -i/-d/-T, JSON,
# --dump-bpf; bad patterns refused in one line; nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/funclatency.out
T=$TB_PROGS/funcs_target

# the rows of $out with a non-zero count: "LOW HIGH COUNT", one a line
nonzero_rows() { awk '$2 == "->" && $3 ~ /^[0-9]+$/ && $5 > 0 { print $1, $3, $5 }' "$out"; }

# the workload: per round, funcs_target_sleep10 (10 ms) and funcs_target_quick 3 times each;
# ahead of other work on the CPUs, so that a busy machine does not delay its wake-ups past the
# 16 ms the buckets allow; and funcs_target_nest (20 ms) calling itself once (10 ms)
start_driven wl nice -n -10 "$T" 0 0 3 0 2
WL=$DRIVEN_PID

# --- -m -p: one histogram, three calls between 8 and 15 ms ---
start_tool funclatency -m -p "$WL" "$T:funcs_target_sleep10" 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
drive_round wl
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "funclatency exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qxF "Tracing 1 functions for \"$T:funcs_target_sleep10\"... Hit Ctrl-C to end." ||
	fail "banner: $(head -1 "$out")"
grep -qx '     msecs               : count     distribution' "$out" || fail "no BCC msecs header"
[ "$(nonzero_rows)" = "8 15 3" ] || fail "-m: expected 3 calls in 8 -> 15, got: $(nonzero_rows)"
grep -q '^Function = ' "$out" && fail "-p without -F: expected one histogram, not sections"
grep -qE '^avg = 1[0-4] msecs, total: (3[0-9]|4[0-4]) msecs, count: 3$' "$out" ||
	fail "no avg/total/count line as BCC's: $(grep '^avg' "$out")"
tail -1 "$out" | grep -qx 'Detaching...' || fail "no Detaching... at the end"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
[ "$(tb_probe_events)" = 0 ] || fail "uprobe entries left in tracefs"
pass "-m: 10 ms calls in the 8 -> 15 msecs bucket, BCC's avg line; detached"

# --- -u, no -p: a histogram per function and process, as BCC ---
start_tool funclatency -u "$T:funcs_target_sleep10" 7>&-
drive_round wl
stop_tool INT
grep -qx "Function = funcs_target_sleep10 \[$WL\]" "$out" || fail "-u: no section for the process"
grep -qx '     usecs               : count     distribution' "$out" || fail "no BCC usecs header"
[ "$(nonzero_rows)" = "8192 16383 3" ] || fail "-u: expected 3 calls in 8192 -> 16383, got: $(nonzero_rows)"
pass "-u: 10 ms calls in 8192 -> 16383 usecs, one section per function and process"

# --- -F: two functions, two histograms ---
start_tool funclatency -m -F -p "$WL" "$T:funcs_target_[sq]*" 7>&-
drive_round wl
stop_tool INT
head -1 "$out" | grep -q '^Tracing 2 functions for' || fail "-F: expected 2 functions: $(head -1 "$out")"
awk -v q="Function = funcs_target_quick [$WL]" -v s="Function = funcs_target_sleep10 [$WL]" '
	$0 == q { sec = "q"; next } $0 == s { sec = "s"; next }
	$2 == "->" && $5 > 0 { got = got sec ":" $1 "-" $3 "=" $5 " " }
	END { exit got != "q:0-1=3 s:8-15=3 " }' "$out" ||
	fail "-F: expected quick 3 in 0 -> 1 and sleep10 3 in 8 -> 15: $(cat "$out")"
grep -qE '^avg = [0-9]+ msecs, total: [0-9]+ msecs, count: 6$' "$out" || fail "-F: count over both should be 6"
pass "-F: one histogram per function"

# --- -r and intervals: -i 1 -T, each interval afresh; -d ends by itself ---
start_tool funclatency -m -T -i 1 -p "$WL" -r "$T:^funcs_target_sl" 7>&-
drive_round wl
sleep 1.3
drive_round wl
sleep 1.3
stop_tool INT
[ "$(grep -c 'msecs  *: count' "$out")" -ge 2 ] || fail "-i 1: expected 2 histograms or more"
[ "$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$out")" -ge 3 ] || fail "-T: expected a timestamp each interval"
# 3 calls a round, a round in each interval (a round of 30 ms may straddle two of them)
[ "$(awk '/^avg/ { n += $NF; if ($NF > 3) bad = 1 } END { print bad ? "carried" : n }' "$out")" = 6 ] ||
	fail "-i: the intervals should hold 6 calls, each counted once: $(grep '^avg' "$out")"
"$TB_BIN/funclatency" -d 1 "$T:funcs_target_quick" >"$out" 2>"$WORK/funclatency.err" 7>&- &
TOOL_PID=$!
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "-d 1 exited with $TOOL_RC"
tail -1 "$out" | grep -qx 'Detaching...' || fail "-d: no Detaching..."
pass "-r, -i with -T (intervals afresh), -d ends by itself"

# --- -l: nested calls; without it (BCC's default) the innermost alone ---
start_tool funclatency -m -l 2 -F -p "$WL" "$T:funcs_target_nest" 7>&-
drive_round wl
stop_tool INT
grep -qx "Function = funcs_target_nest \[$WL\]" "$out" || fail "-l 2 -F: no section for the function"
[ "$(nonzero_rows | tr '\n' ,)" = "8 15 1,16 31 1," ] ||
	fail "-l 2: expected the inner call in 8 -> 15 and the outer in 16 -> 31: $(nonzero_rows)"
grep -qE '^avg = [0-9]+ msecs, total: [0-9]+ msecs, count: 2$' "$out" || fail "-l 2: count should be 2"
start_tool funclatency -m -p "$WL" "$T:funcs_target_nest" 7>&-
drive_round wl
stop_tool INT
[ "$(nonzero_rows | tr '\n' ,)" = "8 15 1," ] || fail "no -l: expected the inner call only: $(nonzero_rows)"
pass "-l 2 (with -F) times a recursive call and its caller; without -l the innermost only"

# --- JSON ---
start_tool funclatency --json -m -F -p "$WL" "$T:funcs_target_[sq]*" 7>&-
drive_round wl
stop_tool INT
[ "$(wc -l <"$out")" = 1 ] || fail "--json: expected one line"
json_check "$out" '.unit == "msecs" and .section == "Function" and .count == 6 and
	(.avg | type) == "number" and (.total | type) == "number" and
	([.hists[] | {f: .key.func, n: .total}] == [{f:"funcs_target_quick",n:3},{f:"funcs_target_sleep10",n:3}]) and
	(.hists[1].buckets[-1] == {"low":8,"high":15,"count":3})' ||
	fail "--json: not the expected object: $(head -c 600 "$out")"
pass "JSON output"
end_driven

# --- --dump-bpf ---
"$TB_BIN/funclatency" --dump-bpf "$T:funcs_target_[sq]*" >"$WORK/dump.bpf.c" || fail "--dump-bpf failed"
grep -q '^int trace_func_entry_1(struct pt_regs \*ctx)' "$WORK/dump.bpf.c" || fail "--dump-bpf: no entry 1"
grep -q '^int trace_func_return(struct pt_regs \*ctx)' "$WORK/dump.bpf.c" || fail "--dump-bpf: no return"
"$TB_BIN/funclatency" --help | grep -q '^EXAMPLES:' || fail "--help has no EXAMPLES"
pass "--dump-bpf, --help"

# --- bad input: one line each, non-zero status ---
bad() {
	want=$1; shift
	"$TB_BIN/funclatency" "$@" >/dev/null 2>"$WORK/bad.err" && fail "'$*' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] || fail "'$*': not one line: $(cat "$WORK/bad.err")"
	grep -qF -- "$want" "$WORK/bad.err" || fail "'$*': $(cat "$WORK/bad.err")"
}
if [ -e /sys/bus/event_source/devices/kprobe/type ] || [ -e /sys/kernel/tracing/kprobe_events ]; then
	echo "kprobes here: their refusal not tested"
else
	bad "probe 'do_nanosleep': this kernel has no kprobes" do_nanosleep
fi
bad "USDT probes (u:) are not supported here" u:c:foo
bad "tracepoints (t:) are not supported here" t:sched:sched_switch
bad "return probes (r:) are not supported here" r:c:read
bad "nothing matches 'nosuch*' in $T" "$T:nosuch*"
bad "bad regular expression" -r "$T:funcs_target_("
bad "at most 500 can be timed" 'c:*'
bad "no pattern given" -m
bad "invalid level '0'" -l 0 c:read
bad "invalid duration" -d x c:read
true & wait $!
bad "failed to trace process $!: no such process" -p $! c:read
pass "bad input refused with one line"
