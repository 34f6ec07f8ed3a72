# Every event in order and accounted for. Each CPU has its own perf buffer; the loader merges
# them by the kernel's sample time, so what one process or socket does on two CPUs prints in
# the order it happened. TRACEBOX_UNORDERED=1 (each CPU's buffer in turn, the path before the
# merge) shows each check failing without it. Then a storm into a pipe nobody reads, stopped
# with SIGTERM: the tool ends within a second or two, and what it printed plus what it says it
# lost or dropped covers every event.
. "$TB_SRC/tests/integration/lib.sh"
require_root
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs (events must cross between CPUs' buffers)"

# --- 200 processes exec'd on one CPU and exiting on the other: EXEC before EXIT, each ---
exits_before_execs() { # OUT KIDS: bootstrap's EXIT lines of the kids printed before their EXEC
	awk 'FNR == NR { kid[$2] = 1; next } ($4 in kid) {
		if ($2 == "EXIT") { exits++; if (!($4 in ex)) bad++ }
		if ($2 == "EXEC") ex[$4] = 1
	} END { print exits + 0, bad + 0 }' "$2" "$1"
}
for mode in unordered ordered; do
	[ $mode = unordered ] && export TRACEBOX_UNORDERED=1
	start_tool bootstrap
	"$TB_PROGS/hop_exec" 200 >"$WORK/kids.txt" || fail "hop_exec failed"
	stop_tool
	unset TRACEBOX_UNORDERED
	set -- $(exits_before_execs "$WORK/bootstrap.out" "$WORK/kids.txt")
	[ "$1" = 200 ] || fail "$mode: $1 exits of the 200 children printed"
	eval "bootstrap_$mode=$2"
done
[ "$bootstrap_ordered" = 0 ] || fail "$bootstrap_ordered of 200 EXITs printed before their EXEC"
[ "$bootstrap_unordered" -gt 0 ] || echo "note: the unordered path happened to be in order this time"
pass "bootstrap: 200 processes hopping CPUs, every EXEC before its EXIT ($bootstrap_unordered out of order without the merge)"

# --- 100 loopback connections, client and server on different CPUs: each socket's changes
# chain (each one starts in the state the last one ended in) ---
chain_breaks() { # tcpstates output: changes that do not start where the socket's last ended
	awk 'NR > 1 { sk = $1
		if ((sk in last) && last[sk] != "CLOSE" && last[sk] != $(NF - 3)) bad++
		last[sk] = $(NF - 1); n++ } END { print n + 0, bad + 0 }' "$1"
}
for mode in unordered ordered; do
	[ $mode = unordered ] && export TRACEBOX_UNORDERED=1
	start_tool tcpstates -4
	"$TB_PROGS/tcp_pair" -x -n 100 >"$WORK/pair.txt" 2>&1 || fail "tcp_pair failed: $(cat "$WORK/pair.txt")"
	stop_tool
	unset TRACEBOX_UNORDERED
	set -- $(chain_breaks "$WORK/tcpstates.out")
	[ "$1" -ge 800 ] || fail "$mode: only $1 state changes for 100 connections"
	eval "tcp_$mode=$2"
done
[ "$tcp_ordered" = 0 ] || fail "$tcp_ordered state changes out of order for their socket"
pass "tcpstates: 100 connections across CPUs, every socket's changes in order ($tcp_unordered out of order without the merge)"

# --- a storm into a pipe nobody reads, stopped with SIGTERM ---
n=100000
mkdir -p "$WORK/dir"; : >"$WORK/dir/exists"
mkfifo "$WORK/go" "$WORK/out"
sh -c 'read x <"$0"; exec "$@"' "$WORK/go" "$TB_PROGS/open_files" storm $n "$WORK/dir" >"$WORK/storm.txt" &
storm=$!
"$TB_BIN/opensnoop" -v -p "$storm" >"$WORK/out" 2>"$WORK/opensnoop.err" &
TOOL_PID=$!
exec 3<"$WORK/out" # opened, never read until the tool is gone: the pipe fills
wait_for_output "$WORK/opensnoop.err" 60 "tracing with" || fail "opensnoop did not start"
echo go >"$WORK/go"
wait "$storm" || fail "the storm failed"
t0=$(date +%s%N)
kill -TERM "$TOOL_PID"
wait_tool_exit 10
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
printed=$(grep -c " $WORK/dir/exists\$" <&3); exec 3<&-
[ "$TOOL_RC" = 0 ] || fail "opensnoop exited $TOOL_RC"
[ "$ms" -le 2500 ] || fail "opensnoop took $ms ms to stop with its output stalled"
summary=$(grep 'events printed' "$WORK/opensnoop.err" | tail -1)
[ -n "$summary" ] || fail "no account of lost or dropped events: $(tail -3 "$WORK/opensnoop.err")"
lost=$(echo "$summary" | sed -n 's/.* printed, \([0-9]*\) lost.*/\1/p')
dropped=$(echo "$summary" | sed -n 's/.* \([0-9]*\) dropped at exit.*/\1/p')
[ -n "$lost" ] && [ -n "$dropped" ] || fail "cannot read the account: $summary"
[ $((printed + lost + dropped)) -ge $n ] ||
	fail "$printed printed + $lost lost + $dropped dropped < $n opens: $summary"
pass "storm of $n opens into a stalled pipe, SIGTERM: stopped in $ms ms; $printed printed + $lost lost + $dropped dropped >= $n"
