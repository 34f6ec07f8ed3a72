# bootstrap on this kernel: a known program is exec'd, lives a known time and exits with a
# known code; its EXEC line (file name, PID, PPID) and EXIT line ([code] (ms)) must match,
# with -d hiding short lives and every EXEC, and in JSON.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/bootstrap.out
PROG=$TB_PROGS/exit_codes
# run_held MS CODE: execs PROG in a process whose PID is known ($held) before it runs
run_held() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$PROG' exit $1 $2" &
	held=$!
	echo go > "$fifo"; wait "$held"
}
line_of() { awk -v e="$1" -v p="$2" '$2 == e && $4 == p' "$out"; }

# --- EXEC and EXIT lines ---
start_tool bootstrap
run_held 500 7
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "bootstrap exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -q '^TIME     EVENT COMM             PID     PPID    FILENAME/EXIT CODE$' ||
	fail "bad header: $(head -1 "$out")"
line=$(line_of EXEC "$held")
echo "$line" | grep -Eq "^[0-9]{2}:[0-9]{2}:[0-9]{2} EXEC  exit_codes  *$held  *$$  *$PROG$" ||
	fail "EXEC line wrong: '$line' (pid $held, parent $$)"
line=$(line_of EXIT "$held")
echo "$line" | grep -Eq "^[0-9:]{8} EXIT  exit_codes  *$held  *$$  *\[7\] \([0-9]+ms\)$" ||
	fail "EXIT line wrong: '$line'"
ms=$(echo "$line" | sed 's/.*(\([0-9]*\)ms)$/\1/')
[ "$ms" -ge 450 ] && [ "$ms" -lt 30000 ] || fail "lifetime of a 500 ms process: $ms ms"
pass "EXEC (file name, PID, PPID) and EXIT ([7] after ${ms} ms)"

# --- -d: exits of long-lived processes only, no EXEC lines ---
start_tool bootstrap -d 300
run_held 0 1; short=$held
run_held 600 2; long=$held
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "bootstrap exited with $TOOL_RC after SIGTERM"
grep -q ' EXEC ' "$out" && fail "-d printed EXEC lines"
[ -z "$(line_of EXIT "$short")" ] || fail "-d 300 showed a short-lived process"
line_of EXIT "$long" | grep -Eq ' \[2\] \([0-9]+ms\)$' || fail "-d 300 missed the 600 ms process: $(cat "$out")"
ms=$(line_of EXIT "$long" | sed 's/.*(\([0-9]*\)ms)$/\1/')
[ "$ms" -ge 550 ] || fail "-d: lifetime $ms ms"
tail -n +2 "$out" | sed 's/.*(\([0-9]*\)ms)$/\1/' | while read -r d; do
	[ "$d" -ge 300 ] || fail "-d 300 let a $d ms process through"
done || exit 1
pass "-d 300 keeps only exits of processes that lived 300 ms or more"

# --- JSON ---
start_tool bootstrap --json
run_held 100 5
stop_tool
grep -Eq "^\{\"time\":\"[0-9:]{8}\",\"event\":\"EXEC\",\"comm\":\"exit_codes\",\"pid\":$held,\"ppid\":$$,\"filename\":\"$PROG\"\}$" "$out" ||
	fail "JSON EXEC line not found: $(grep "\"pid\":$held," "$out")"
grep -Eq "^\{\"time\":\"[0-9:]{8}\",\"event\":\"EXIT\",\"comm\":\"exit_codes\",\"pid\":$held,\"ppid\":$$,\"exit_code\":5,\"duration_ms\":[0-9]+\}$" "$out" ||
	fail "JSON EXIT line not found: $(grep "\"pid\":$held," "$out")"
pass "--json"

# --- --dump-bpf / --bpf-file ---
"$TB_BIN/bootstrap" --dump-bpf >"$WORK/edited.bpf.c" || fail "--dump-bpf failed"
grep -q 'TRACEPOINT_PROBE(sched, sched_process_exec)' "$WORK/edited.bpf.c" || fail "--dump-bpf printed no source"
sed -i 's/e.exit_code = (task->exit_code >> 8) \& 0xff;/e.exit_code = 99;/' "$WORK/edited.bpf.c"
grep -q 'e.exit_code = 99;' "$WORK/edited.bpf.c" || fail "could not edit the program"
start_tool bootstrap --bpf-file "$WORK/edited.bpf.c"
run_held 0 0
stop_tool
line_of EXIT "$held" | grep -q ' \[99\]' || fail "--bpf-file did not change what was printed"
pass "--bpf-file runs the edited program"

# --- leaks and bad input ---
start_tool bootstrap
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "bootstrap running but holding no BPF program"
stop_tool TERM
[ -z "$(progs_left $ids)" ] || fail "BPF programs left: $(progs_left $ids)"
pass "nothing left attached"
for args in "-d 0" "-d abc" "-d -5" "extra"; do
	"$TB_BIN/bootstrap" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -q '^bootstrap: ' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"

# without privileges: one line that says what to do
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$TB_BIN/bootstrap" >/dev/null 2>"$WORK/nobody.err" &&
		fail "bootstrap ran without privileges"
	[ "$(wc -l < "$WORK/nobody.err")" = 1 ] && grep -q "^bootstrap: permission denied: tracing needs root" "$WORK/nobody.err" ||
		fail "unprivileged error is not one clear line: $(cat "$WORK/nobody.err")"
	pass "unprivileged run: one-line error"
fi
