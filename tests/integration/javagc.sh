# javagc on this kernel: BCC's javagc, which is ugc -l java. A JVM (OpenJDK's libjvm.so, USDT
# hotspot:gc__begin/gc__end and the memory pools' mem__pool__gc__begin/end) calls System.gc()
# a known number of times per round; javagc must report at least that many whole collections
# with plausible durations (and the pools' lines, used and max before and after), honour -m,
# -M, libbpf-tools' -p and -t, --json, and end by itself with a message when the JVM exits.
. "$(dirname "$0")/lib.sh"
require_root
command -v java >/dev/null || skip "java is not installed"
N=4
out=$WORK/javagc.out
body() { tail -n +3 "$out"; }
whole() { body | grep -c ' no additional info available$'; }

start_driven jvm java -Xmx64m "$TB_SRC/tests/progs/GcLoop.java" $N
P=$DRIVEN_PID
grep -q libjvm.so "/proc/$P/maps" || skip "this java does not map libjvm.so"

# --- BCC's form: the PID positional; every collection, and its pools ---
start_tool javagc "$P" 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
drive_round jvm
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "javagc exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT"
sed -n 1p "$out" | grep -qx "Tracing garbage collections in java process $P... Ctrl-C to quit." || fail "no banner: $(sed -n 1p "$out")"
sed -n 2p "$out" | grep -qx 'START    TIME (us) DESCRIPTION' || fail "bad header: $(sed -n 2p "$out")"
[ "$(whole)" -ge $N ] || fail "$(whole) collections reported for $N System.gc() calls: $(body)"
# plausible: a full collection of a 64 MB heap takes from 10 us to 10 s
body | awk '$1 !~ /^[0-9]+\.[0-9][0-9][0-9]$/ || $2 < 10 || $2 > 10000000 { bad = 1 } END { exit bad }' ||
	fail "implausible start times or durations: $(body)"
pools=$(body | grep -cE ' used=[0-9]+->[0-9]+ max=[0-9]+->[0-9]+$')
[ "$pools" -ge 1 ] || echo "note: this JVM's memory pool probes fired no event"
pass "$(whole) collections for $N System.gc() calls, $pools memory pool lines"

# --- -M: nothing of 100 s or more; libbpf-tools' -p and -t the same way; -m ---
start_tool javagc -M 100000 "$P" 7>&-
drive_round jvm
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "javagc exited with $TOOL_RC after SIGTERM"
[ "$(body | wc -l)" = 0 ] || fail "-M 100000 let short collections through: $(body)"
start_tool javagc -p "$P" -t 100000000 7>&-
drive_round jvm
stop_tool INT
[ "$(body | wc -l)" = 0 ] || fail "-t 100000000 let short collections through: $(body)"
start_tool javagc -m -p "$P" 7>&-
drive_round jvm
stop_tool INT
sed -n 2p "$out" | grep -qx 'START    TIME (ms) DESCRIPTION' || fail "-m header: $(sed -n 2p "$out")"
[ "$(whole)" -ge $N ] || fail "-m: $(whole) collections for $N"
pass "-M and -t filter short collections; -p as the PID; -m in milliseconds"

# --- JSON; the JVM exits and javagc ends by itself, saying so ---
start_tool javagc "$P" --json 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
drive_round jvm
end_driven
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "javagc exited with $TOOL_RC when the JVM ended"
grep -q "^javagc: process $P exited; stopping$" "$WORK/javagc.err" || fail "no exit message: $(cat "$WORK/javagc.err")"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after the JVM exited"
n=$(grep -c '^{"start":[0-9.]*,"time_us":[0-9.]*,"description":"no additional info available"}$' "$out")
[ "$n" -ge $N ] || fail "$n JSON collections: $(cat "$out")"
pass "JSON; ends cleanly when the JVM exits"

# --- bad input: one line, non-zero exit ---
"$TB_BIN/javagc" >/dev/null 2>"$WORK/bad.err" && fail "javagc without a PID was accepted"
grep -q "^javagc: missing PID" "$WORK/bad.err" || fail "no PID: $(cat "$WORK/bad.err")"
"$TB_BIN/javagc" $$ >/dev/null 2>"$WORK/bad.err" && fail "a non-Java pid was accepted"
[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q "^javagc: failed to find libjvm.so in process $$" "$WORK/bad.err" ||
	fail "non-Java pid: $(cat "$WORK/bad.err")"
"$TB_BIN/javagc" "$P" >/dev/null 2>"$WORK/bad.err" && fail "an exited pid was accepted"
grep -q "^javagc: failed to trace process $P: no such process" "$WORK/bad.err" || fail "gone pid: $(cat "$WORK/bad.err")"
"$TB_BIN/javagc" -t x 12 >/dev/null 2>"$WORK/bad.err" && fail "-t x was accepted"
head -1 "$WORK/bad.err" | grep -q "^javagc: invalid time 'x'" || fail "-t x: $(cat "$WORK/bad.err")"
pass "bad input rejected with one-line errors"
