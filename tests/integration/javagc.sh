# javagc on this kernel: a JVM (OpenJDK's libjvm.so, USDT hotspot:gc__begin/gc__end) calls
# System.gc() a known number of times per round; javagc must report at least that many
# collections of the JVM's pid with plausible durations, honour -t, and end by itself with a
# message when the JVM exits.
. "$(dirname "$0")/lib.sh"
require_root
command -v java >/dev/null || skip "java is not installed"
N=4
out=$WORK/javagc.out
gc_lines() { tail -n +3 "$out" | awk -v p="$1" '$3 == p' ; }

start_driven jvm java -Xmx64m "$TB_SRC/tests/progs/GcLoop.java" $N
P=$DRIVEN_PID
grep -q libjvm.so "/proc/$P/maps" || skip "this java does not map libjvm.so"

# --- every collection (-t 0): at least N, with the JVM's pid ---
start_tool javagc -p "$P" -t 0 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
drive_round jvm
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "javagc exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT"
sed -n 1p "$out" | grep -q '^Tracing javagc time... Hit Ctrl-C to end.$' || fail "no banner"
sed -n 2p "$out" | grep -q '^TIME     CPU     PID     GC TIME$' || fail "bad header: $(sed -n 2p "$out")"
n=$(gc_lines "$P" | wc -l)
[ "$n" -ge $N ] || fail "$n collections reported for $N System.gc() calls"
# plausible: a full collection of a 64 MB heap takes from 10 us to 10 s
gc_lines "$P" | awk '$4 < 10 || $4 > 10000000 { bad = 1 } $1 !~ /^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$/ { bad = 1 } END { exit bad }' ||
	fail "implausible durations or times: $(gc_lines "$P")"
pass "$n collections for $N System.gc() calls, $(gc_lines "$P" | awk '{ printf "%s ", $4 }')us"

# --- -t: nothing shorter than 100 s ---
start_tool javagc -p "$P" -t 100000000 7>&-
drive_round jvm
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "javagc exited with $TOOL_RC after SIGTERM"
[ "$(gc_lines "$P" | wc -l)" = 0 ] || fail "-t 100000000 let short collections through"
pass "-t filters short collections"

# --- JSON; the JVM exits and javagc ends by itself, saying so ---
start_tool javagc -p "$P" -t 0 --json 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
drive_round jvm
end_driven
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "javagc exited with $TOOL_RC when the JVM ended"
grep -q "^javagc: process $P exited; stopping$" "$WORK/javagc.err" || fail "no exit message: $(cat "$WORK/javagc.err")"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after the JVM exited"
n=$(grep -c "^{\"time\":\"[0-9:]*\",\"cpu\":[0-9]*,\"pid\":$P,\"gc_time_us\":[0-9]*}$" "$out")
[ "$n" -ge $N ] || fail "$n JSON collections: $(cat "$out")"
pass "JSON; ends cleanly when the JVM exits"

# --- bad input: one line, non-zero exit ---
"$TB_BIN/javagc" >/dev/null 2>"$WORK/bad.err" && fail "javagc without -p was accepted"
grep -q "^javagc: missing -p PID" "$WORK/bad.err" || fail "no -p: $(cat "$WORK/bad.err")"
"$TB_BIN/javagc" -p $$ >/dev/null 2>"$WORK/bad.err" && fail "a non-Java pid was accepted"
[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q "^javagc: failed to find libjvm.so in process $$" "$WORK/bad.err" ||
	fail "non-Java pid: $(cat "$WORK/bad.err")"
"$TB_BIN/javagc" -p "$P" >/dev/null 2>"$WORK/bad.err" && fail "an exited pid was accepted"
grep -q "^javagc: failed to trace process $P: no such process" "$WORK/bad.err" || fail "gone pid: $(cat "$WORK/bad.err")"
"$TB_BIN/javagc" -p 12 -t x >/dev/null 2>"$WORK/bad.err" && fail "-t x was accepted"
head -1 "$WORK/bad.err" | grep -q "^javagc: invalid time 'x'" || fail "-t x: $(cat "$WORK/bad.err")"
pass "bad input rejected with one-line errors"
