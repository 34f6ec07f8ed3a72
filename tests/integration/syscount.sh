# syscount on this kernel: a workload whose round makes 1234 getppid calls (and 321 more in a
# second thread), 56 opens failing with ENOENT, 7 closes failing with EBADF and 5 sleeps of
# 20 ms is counted exactly with -p, -t, -x, -e, --syscall and -P; -L times the sleeps; JSON,
# intervals, -l, -c (BCC's --ppid), a cgroup (--cgroup), the end with the process, bad input, nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/syscount.out
T=$TB_PROGS/syscount_target
hms='^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]$'

# col NAME N: column N of the row whose first column is NAME (0 when there is none)
col() { awk -v n="$1" -v c="$2" '$1 == n { v = $c } END { print v + 0 }' "$out"; }
# row NAME COUNT: a row as BCC prints it ("%-22s %8d")
row() { printf '%-22s %8s' "$1" "$2"; }
# rows: the summary's rows (between the header and "Detaching...")
rows() { awk '/^(SYSCALL|PID) / { on = 1; next } /^Detaching/ { on = 0 } on && NF' "$out"; }

start_driven w "$T"
W=$DRIVEN_PID
TID=$(awk '/^ready/ { print $3; exit }' "$WORK/w.txt")

# --- -p: every marker syscall counted exactly, one summary at Ctrl-C, detached ---
start_tool syscount -p "$W" -T 50 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
drive_round w
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "syscount exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after SIGINT: $(progs_left $ids)"
head -1 "$out" | grep -qx 'Tracing syscalls, printing top 50... Ctrl+C to quit.' || fail "banner: $(head -1 "$out")"
grep -qE "$hms" "$out" || fail "no [HH:MM:SS] line"
grep -qx 'SYSCALL                   COUNT' "$out" || fail "no BCC header"
tail -1 "$out" | grep -qx 'Detaching...' || fail "no 'Detaching...' at the end"
[ "$(col getppid 2)" = 1555 ] || fail "-p: getppid counted $(col getppid 2) times, want 1234 + 321"
[ "$(col openat 2)" = 56 ] || fail "-p: openat counted $(col openat 2) times, want 56"
[ "$(col close 2)" = 7 ] || fail "-p: close counted $(col close 2) times, want 7"
[ "$(col clock_nanosleep 2)" = 5 ] || fail "-p: clock_nanosleep counted $(col clock_nanosleep 2) times, want 5"
grep -qE '^getppid +1555$' "$out" || fail "getppid row not in BCC's format"
pass "-p: getppid 1555, openat 56, close 7, clock_nanosleep 5 exactly; BCC's banner, header and rows; detached"

# --- -x: the failed ones only; -e: one errno only, by name or number ---
start_tool syscount -x -p "$W" 7>&-
drive_round w
stop_tool INT
head -1 "$out" | grep -qx 'Tracing failed syscalls, printing top 10... Ctrl+C to quit.' || fail "-x banner: $(head -1 "$out")"
[ "$(rows | sort)" = "$(row close 7; echo; row openat 56)" ] ||
	fail "-x: want openat 56 and close 7 alone, got: $(rows)"
start_tool syscount -e ENOENT -p "$W" 7>&-
drive_round w
stop_tool INT
[ "$(rows)" = "$(row openat 56)" ] || fail "-e ENOENT: want openat 56 alone, got: $(rows)"
start_tool syscount -e 9 -x -p "$W" 7>&-
drive_round w
stop_tool INT
[ "$(rows)" = "$(row close 7)" ] || fail "-e 9 (EBADF): want close 7 alone, got: $(rows)"
pass "-x: openat 56 and close 7 alone; -e ENOENT: openat 56; -e 9: close 7"

# --- -t: one thread; -P with --syscall: the process, its name, the calls of both threads ---
start_tool syscount -t "$TID" 7>&-
drive_round w
stop_tool INT
[ "$(col getppid 2)" = 321 ] || fail "-t $TID: getppid counted $(col getppid 2) times, want 321"
[ "$(col openat 2)" = 0 ] || fail "-t $TID: the main thread's openat calls were counted"
start_tool syscount -P --syscall getppid -p "$W" 7>&-
drive_round w
stop_tool INT
head -1 "$out" | grep -qx "Tracing syscall 'getppid'... Ctrl+C to quit." || fail "--syscall banner: $(head -1 "$out")"
grep -qx 'PID    COMM               COUNT' "$out" || fail "-P: no 'PID    COMM' header"
[ "$(rows)" = "$(row "$(printf '%-6s %-15s' "$W" syscount_target)" 1555)" ] || fail "-P: want '$W syscount_target 1555', got: $(rows)"
pass "-t: the thread's 321 getppid calls alone; -P --syscall getppid: '$W syscount_target 1555'"

# --- -L: the sleeps' time; -m ---
start_tool syscount -L -p "$W" 7>&-
drive_round w
stop_tool INT
grep -qx 'SYSCALL                   COUNT        TIME (us)' "$out" || fail "-L: no TIME (us) column"
[ "$(col clock_nanosleep 2)" = 5 ] || fail "-L: clock_nanosleep counted $(col clock_nanosleep 2) times"
us=$(col clock_nanosleep 3)
awk -v t="$us" 'BEGIN { exit !(t >= 100000 && t < 2000000) }' || fail "-L: 5 sleeps of 20 ms took $us us"
rows | head -1 | grep -q '^clock_nanosleep ' || fail "-L: the sleeps are not first by time: $(rows | head -1)"
grep -qE '^clock_nanosleep +5 +[0-9]+\.[0-9]{3}$' "$out" || fail "-L: row not in BCC's %16.3f format"
start_tool syscount -Lm --syscall clock_nanosleep -p "$W" 7>&-
drive_round w
stop_tool INT
grep -qx 'SYSCALL                   COUNT        TIME (ms)' "$out" || fail "-Lm: no TIME (ms) column"
ms=$(col clock_nanosleep 3)
awk -v t="$ms" 'BEGIN { exit !(t >= 100 && t < 2000) }' || fail "-Lm: 5 sleeps of 20 ms took $ms ms"
pass "-L: clock_nanosleep 5 calls, $us us, first by time; -Lm: $ms ms"

# --- JSON ---
start_tool syscount --json -L -p "$W" 7>&-
drive_round w
stop_tool INT
[ "$(wc -l <"$out")" = 1 ] || fail "--json: expected one line, got $(wc -l <"$out")"
json_check "$out" '.unit == "usecs" and (.ts | type) == "string" and
	(.syscalls | map(select(.syscall == "getppid"))[0] | .count == 1555 and .nr == 110 and .time > 0) and
	(.syscalls | map(select(.syscall == "clock_nanosleep"))[0].time >= 100000)' ||
	fail "--json -L: $(head -c 400 "$out")"
start_tool syscount --json -P -x -p "$W" 7>&-
drive_round w
stop_tool INT
json_check "$out" ".processes == [{\"pid\": $W, \"comm\": \"syscount_target\", \"count\": 63}]" ||
	fail "--json -P -x: $(head -c 400 "$out")"
pass "JSON: getppid 1555 with its time, the process with its 63 failures"

# --- intervals: -i 1 -d 3 is three summaries, then the end ---
"$TB_BIN/syscount" -i 1 -d 3 >"$out" 2>"$WORK/syscount.err" &
TOOL_PID=$!
wait_tool_exit 60
[ "$TOOL_RC" = 0 ] || fail "-i 1 -d 3 exited with $TOOL_RC: $(cat "$WORK/syscount.err")"
[ "$(grep -cE "$hms" "$out")" = 3 ] || fail "-i 1 -d 3: expected 3 timestamped summaries, got $(grep -cE "$hms" "$out")"
[ "$(grep -c '^SYSCALL ' "$out")" = 3 ] || fail "-i 1 -d 3: expected 3 headers"
pass "-i 1 -d 3: three [HH:MM:SS] summaries, then the end"

# --- -l ---
"$TB_BIN/syscount" -l >"$out" 2>&1 || fail "-l failed"
grep -qE '(^|   )getppid +' "$out" && grep -qE '(^|   )openat +' "$out" || fail "-l: getppid or openat missing"
[ "$(tr -s ' ' '\n' <"$out" | grep -c .)" -gt 300 ] || fail "-l: fewer than 300 names"
"$TB_BIN/syscount" -l --json >"$out" 2>&1 || fail "-l --json failed"
json_check "$out" '(.syscalls | map(select(.name == "getppid"))[0].nr) == 110' || fail "-l --json: $(head -c 200 "$out")"
pass "-l lists the names ($(jq '.syscalls | length' "$out")), --json too"

# --- -p: the summary ends with the process ---
start_tool syscount -p "$W" --syscall getppid 7>&-
drive_round w
end_driven
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "-p: exited with $TOOL_RC when the process ended"
grep -q "process $W exited; stopping" "$WORK/syscount.err" || fail "-p: no 'exited; stopping' line: $(tail -2 "$WORK/syscount.err")"
[ "$(col getppid 2)" = 1555 ] || fail "-p: the last summary has getppid $(col getppid 2)"
pass "-p: ends when the process exits, with its summary"

# --- -c: BCC's --ppid, the children of one process; a round by another's child is not counted ---
start_driven c "$T"
ppid=$(awk '{ print $4 }' /proc/"$DRIVEN_PID"/stat)
start_tool syscount -c "$ppid" --syscall getppid -P 7>&-
drive_round c
sh -c "echo go | '$T' >/dev/null" # one round by a child of another process
stop_tool INT
# (the sh is a child of $ppid too: dash calls getppid once as it starts)
[ "$(rows | grep syscount_target)" = "$(row "$(printf '%-6s %-15s' "$DRIVEN_PID" syscount_target)" 1555)" ] ||
	fail "-c $ppid: want the child of $ppid alone of the workloads, with 1555 getppid calls, got: $(rows)"
end_driven
wait "$DRIVEN_PID" 2>/dev/null
pass "-c $ppid: only its child's calls"

# --- --cgroup: a cgroup v2 directory; the workload outside it is not counted ---
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
cg=
if [ -n "$cg2" ] && cg=$cg2/tb-syscount-$$ && mkdir "$cg" 2>/dev/null; then
	start_driven c sh -c "echo \$\$ > '$cg/cgroup.procs' && exec '$T'"
	start_tool syscount --cgroup "$cg" --syscall getppid -P 7>&-
	drive_round c
	echo go | "$T" >/dev/null # one round outside the cgroup
	stop_tool INT
	[ "$(rows)" = "$(row "$(printf '%-6s %-15s' "$DRIVEN_PID" syscount_target)" 1555)" ] ||
		fail "--cgroup: want the process in the cgroup alone with 1555 getppid calls, got: $(rows)"
	end_driven
	wait "$DRIVEN_PID" 2>/dev/null
	rmdir "$cg" || fail "could not remove cgroup $cg"
	pass "--cgroup $cg: only the process in it"
else
	echo "not tested: --cgroup (no cgroup2 mount where a directory can be made: ${cg2:-none})"
fi

check_help_dump syscount "TRACEPOINT_PROBE(raw_syscalls, sys_exit)"
pass "--help with examples, --dump-bpf"

# --- bad input: one line each ---
for args in "--syscall nosuch" "-e EBOGUS" "-T 0" "-T abc" "--cgroup /nonexistent" "--cgroup /proc" "-c abc" "-i 0"; do
	"$TB_BIN/syscount" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] || fail "'$args': $(wc -l <"$WORK/bad.err") lines: $(cat "$WORK/bad.err")"
	word=${args#* }
	grep -qE "^syscount: (invalid|failed).*'$word'" "$WORK/bad.err" || fail "'$args': $(cat "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
