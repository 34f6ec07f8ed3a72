# exitsnoop on this kernel: children exit 0, exit 3 after 1 s, and die of SIGKILL; the printed
# PID, PPID, TID, AGE and EXIT_CODE must match, with -x, -p, --per-thread, --label, -t, --json.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/exitsnoop.out
run_workload() { "$TB_PROGS/exit_codes" >"$WORK/workload.txt"; }
pid_of() { awk -v l="$1" '$3 == l { print $2 }' "$WORK/workload.txt"; }
parent() { awk '/^parent/ { print $2 }' "$WORK/workload.txt"; }
line_of() { awk -v p="$1" '$2 == p' "$out"; }

# --- default text output ---
start_tool exitsnoop
run_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "exitsnoop exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -q '^PCOMM  *PID  *PPID  *TID  *AGE(s)  *EXIT_CODE$' || fail "bad header: $(head -1 "$out")"
P=$(parent)
for label in zero three killed; do
	C=$(pid_of $label)
	line=$(line_of "$C")
	[ -n "$line" ] || fail "no event for child $label ($C)"
	echo "$line" | awk -v c="$C" -v p="$P" '$1 == "exit_codes" && $3 == p && $4 == c { ok = 1 } END { exit !ok }' ||
		fail "wrong PCOMM/PPID/TID for $label: '$line' (parent $P)"
done
line_of "$(pid_of zero)" | grep -q ' 0$' || fail "exit 0 not shown as 0: $(line_of "$(pid_of zero)")"
line_of "$(pid_of three)" | grep -q ' code 3$' || fail "exit 3 not 'code 3': $(line_of "$(pid_of three)")"
line_of "$(pid_of killed)" | grep -q ' signal 9 (KILL)$' || fail "SIGKILL wrong: $(line_of "$(pid_of killed)")"
age=$(line_of "$(pid_of three)" | awk '{ print $5 }')
awk -v a="$age" 'BEGIN { exit !(a >= 0.9 && a < 30) }' || fail "AGE of the 1 s child is $age"
age=$(line_of "$(pid_of zero)" | awk '{ print $5 }')
awk -v a="$age" 'BEGIN { exit !(a >= 0 && a < 0.9) }' || fail "AGE of the quick child is $age"
line_of "$P" | grep -q ' 0$' || fail "the parent's own exit missing"
pass "PID, PPID, TID, AGE and EXIT_CODE right (exit 0, code 3, signal 9)"

# --- -x: failures only; -p: one process; --label, -t --utc ---
start_tool exitsnoop -x --label=
run_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "exitsnoop exited with $TOOL_RC after SIGTERM"
head -1 "$out" | grep -q '^LABEL PCOMM ' || fail "bad header with --label: $(head -1 "$out")"
[ -n "$(line_of "$(pid_of zero)")" ] && fail "-x showed an exit(0)"
awk '$1 != "exit" && NR > 1 { bad = 1 } END { exit bad }' "$out" || fail "--label= lines not labelled 'exit'"
awk '$NF == "0" && NR > 1 { bad = 1 } END { exit bad }' "$out" || fail "-x let a 0 through"
grep -q "^exit  exit_codes *$(pid_of three) .* code 3$" "$out" || fail "-x missed 'code 3'"
pass "-x and --label"

fifo=$WORK/go; mkfifo "$fifo"
sh -c "read x < '$fifo'; exec '$TB_PROGS/exit_codes' > '$WORK/workload.txt'" &
holder=$!
start_tool exitsnoop -p "$holder" -t --utc
echo go > "$fifo"; wait "$holder"
stop_tool
head -1 "$out" | grep -q '^TIME-UTC     PCOMM ' || fail "bad header with --utc: $(head -1 "$out")"
[ "$(tail -n +2 "$out" | wc -l)" = 1 ] || fail "-p $holder: expected one exit: $(cat "$out")"
tail -1 "$out" | grep -Eq "^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} exit_codes  *$holder " || fail "-p/-t line: $(tail -1 "$out")"
pass "-p and -t --utc"

# --- --per-thread: a multi-threaded process's threads; JSON ---
start_tool exitsnoop --per-thread --json
"$TB_PROGS/exit_codes" threads >"$WORK/threads.txt"
stop_tool
T=$(awk '/^parent/ { print $2 }' "$WORK/threads.txt")
n=$(grep -c "\"pid\":$T," "$out")
[ "$n" -ge 3 ] || fail "--per-thread: expected 3 exits of process $T (2 threads + main): $(cat "$out")"
grep "\"pid\":$T," "$out" | grep -v "\"tid\":$T," | grep -q '"pcomm":"' || fail "--per-thread: no thread exit"
grep -q "{\"pcomm\":\"exit_codes\",\"pid\":$T,\"ppid\":[0-9]*,\"tid\":$T,\"age_s\":[0-9.]*,\"exit_code\":\"0\"}" "$out" ||
	fail "JSON line of the main thread not found"
pass "--per-thread and --json"

# --- --dump-bpf / --bpf-file ---
"$TB_BIN/exitsnoop" --dump-bpf >"$WORK/edited.bpf.c" || fail "--dump-bpf failed"
grep -q 'TRACEPOINT_PROBE(sched, sched_process_exit)' "$WORK/edited.bpf.c" || fail "--dump-bpf printed no source"
sed -i 's/e.exit_status = status;/e.exit_status = 42 << 8;/' "$WORK/edited.bpf.c"
start_tool exitsnoop --bpf-file "$WORK/edited.bpf.c"
run_workload
stop_tool
line_of "$(pid_of zero)" | grep -q ' code 42$' || fail "--bpf-file did not change what was printed"
pass "--bpf-file runs the edited program"

# --- leaks and bad input ---
start_tool exitsnoop
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "exitsnoop running but holding no BPF program"
stop_tool TERM
[ -z "$(progs_left $ids)" ] || fail "BPF programs left: $(progs_left $ids)"
pass "nothing left attached"
for args in "-p abc" "-p 0" "extra"; do
	"$TB_BIN/exitsnoop" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -q '^exitsnoop: ' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"

# without privileges: one line that says what to do
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$TB_BIN/exitsnoop" >/dev/null 2>"$WORK/nobody.err" &&
		fail "exitsnoop ran without privileges"
	[ "$(wc -l < "$WORK/nobody.err")" = 1 ] && grep -q "^exitsnoop: permission denied: tracing needs root" "$WORK/nobody.err" ||
		fail "unprivileged error is not one clear line: $(cat "$WORK/nobody.err")"
	pass "unprivileged run: one-line error"
fi
