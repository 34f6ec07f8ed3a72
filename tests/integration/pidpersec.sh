# pidpersec on this kernel: a workload forks 2,000 children in a burst while pidpersec prints a
# line a second. Other processes fork too and pidpersec has no filter (BCC's has none), so the
# lines from the one before the burst to the two after it must sum to at least 2,000, and to at
# most the forks the kernel counted over the whole run (/proc/stat's "processes"); BCC's banner
# and line format, no blank lines, --json, no program left, bad input.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/pidpersec.out
N=2000
forks() { awk '$1 == "processes" { print $2 }' /proc/stat; }
lines() { grep -c 'PIDs/sec\|pids_per_sec' "$out"; }

# run ARGS: pidpersec until two lines have followed the burst (the burst starts after the
# first line, so the count holds all of it); the forks the kernel counted meanwhile in $total
run() {
	before=$(forks)
	start_tool pidpersec "$@"
	ids=$(tool_prog_ids "$TOOL_PID")
	wait_for_output "$out" 30 'PIDs/sec\|pids_per_sec' || fail "no first line: $(cat "$out")"
	"$TB_PROGS/fork_burst" $N >"$WORK/burst.txt" || fail "fork_burst failed: $(cat "$WORK/burst.txt")"
	want=$(($(lines) + 2))
	i=0
	while [ "$(lines)" -lt $want ]; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "no two lines after the burst: $(cat "$out")"
		sleep 0.1
	done
	stop_tool INT
	total=$(($(forks) - before))
	[ "$TOOL_RC" = 0 ] || fail "pidpersec exited with $TOOL_RC after SIGINT"
	[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT: $(progs_left $ids)"
}

run
[ "$(head -1 "$out")" = "Tracing... Ctrl-C to end." ] || fail "bad banner: '$(head -1 "$out")'"
tail -n +2 "$out" | grep -Evq '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]: PIDs/sec: [0-9]+$' &&
	fail "a line not 'HH:MM:SS: PIDs/sec: N': $(cat "$out")"
sum=$(awk '/PIDs\/sec/ { s += $3 } END { print s + 0 }' "$out")
[ "$sum" -ge $N ] || fail "$sum forks counted, the burst alone made $N: $(cat "$out")"
[ "$sum" -le "$total" ] || fail "$sum forks counted, more than the kernel's $total"
grep -q 'attached tracepoint sched:sched_process_fork' "$WORK/pidpersec.err" || fail "-v: no tracepoint attached"
pass "$(($(lines))) lines summing to $sum: at least the burst's $N, at most the kernel's $total"

run --json
json_check "$out" '(keys == ["pids_per_sec", "time"]) and (.pids_per_sec | type) == "number"' ||
	fail "not JSON lines of time and pids_per_sec: $(cat "$out")"
sum=$(jq -s 'map(.pids_per_sec) | add' "$out")
[ "$sum" -ge $N ] && [ "$sum" -le "$total" ] || fail "--json: $sum forks, want $N to $total"
pass "--json: one object a second, $sum forks"

for args in "1" "-p 1" "--bogus"; do
	"$TB_BIN/pidpersec" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -Eq 'pidpersec: (invalid|unexpected|unrecognized)' || fail "'$args': $(cat "$WORK/bad.err")"
done
pass "bad input rejected (BCC's pidpersec takes no arguments)"
