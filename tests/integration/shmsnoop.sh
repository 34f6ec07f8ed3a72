# shmsnoop on this kernel: a workload takes one System V shared memory segment through its life
# (shmget, shmat twice, shmdt twice, shmctl IPC_STAT and IPC_RMID) and makes one call that
# fails (shmat of the removed segment); every line the tool prints for it must be exactly BCC's,
# with -T, -p, -t, -n, -d and --json.
. "$(dirname "$0")/lib.sh"
require_root
[ -e /sys/kernel/tracing/events/syscalls/sys_enter_shmget ] ||
	[ -e /sys/kernel/debug/tracing/events/syscalls/sys_enter_shmget ] ||
	skip "no syscalls:sys_enter_shmget tracepoint (CONFIG_SYSVIPC, CONFIG_FTRACE_SYSCALLS)"

out=$WORK/shmsnoop.out
# hold_workload [FILE]: a shell waiting on a fifo that then execs the workload (its PID is
# $holder before it runs, and stays so); release_workload lets it go and waits for it
hold_workload() {
	report=${1:-$WORK/workload.txt}
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/shm_calls' > '$report'" &
	holder=$!
}
release_workload() { echo go > "$fifo"; wait "$holder" || fail "shm_calls failed: $(cat "$report")"; }
# val KEY [FILE]: what the workload printed after KEY
val() { awk -v k="$1" '$1 == k { print $2; exit }' "${2:-$WORK/workload.txt}"; }

# expected PID [FILE]: the eight lines BCC prints for the workload, TIME(s) aside:
# "%-6d %-16s %6s %16lx " and the call's arguments
expected() {
	p=$1 f=${2:-$WORK/workload.txt}
	id=$(val shmget "$f") rw=$(val shmat "$f") ro=$(val shmat_ro "$f") buf=$(val stat_buf "$f")
	c=shm-$p
	line() { printf '%-6d %-16s %6s %16s %s\n' "$p" "$c" "$1" "$2" "$3"; }
	line SHMGET "$(printf %x "$id")" "key: 0x0, size: 8192, shmflg: 0x380 (IPC_CREAT|0600)"
	line SHMAT "${rw#0x}" "shmid: $(printf 0x%x "$id"), shmaddr: 0x0, shmflg: 0x0"
	line SHMAT "${ro#0x}" "shmid: $(printf 0x%x "$id"), shmaddr: 0x0, shmflg: 0x1000 (SHM_RDONLY)"
	line SHMDT 0 "shmaddr: $ro"
	line SHMDT 0 "shmaddr: $rw"
	line SHMCTL 0 "shmid: $(printf 0x%x "$id"), cmd: 2 (IPC_STAT), buf: $buf"
	line SHMCTL 0 "shmid: $(printf 0x%x "$id"), cmd: 0 (IPC_RMID), buf: 0x0"
	# EINVAL: BCC prints the return register in hex
	line SHMAT ffffffffffffffea "shmid: $(printf 0x%x "$id"), shmaddr: 0x0, shmflg: 0x0"
}

check_help_dump shmsnoop 'TRACEPOINT_PROBE(syscalls, sys_enter_shmget)'

# --- text, -T -p: each call's line exactly, in order ---
hold_workload
start_tool shmsnoop -T -p "$holder"
release_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "shmsnoop exited with $TOOL_RC after SIGINT"
[ "$(val failed)" = 22 ] || fail "the workload's last shmat did not fail with EINVAL: $(cat "$WORK/workload.txt")"
[ "$(head -1 "$out")" = 'TIME(s)       PID    COMM                SYS              RET ARGs' ] ||
	fail "bad header: $(head -1 "$out")"
expected "$holder" >"$WORK/want.txt"
# TIME(s) is "%-14.9f": the rest of the line from column 15
tail -n +2 "$out" | cut -c15- >"$WORK/got.txt"
cmp -s "$WORK/want.txt" "$WORK/got.txt" ||
	fail "lines differ from BCC's: $(diff "$WORK/want.txt" "$WORK/got.txt")"
tail -n +2 "$out" | awk 'NR == 1 && $1 != "0.000000000" { exit 1 }
	$1 !~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]000$/ || $1 + 0 < last { exit 1 } { last = $1 + 0 }' ||
	fail "-T is not microseconds from 0, in order: $(tail -n +2 "$out" | cut -c1-14)"
pass "8 calls (shmget, shmat x2, shmdt x2, shmctl IPC_STAT and IPC_RMID, a failing shmat): BCC's lines exactly (-T -p)"

# --- -t TID -n: two workloads run, one is shown; the TID column ---
hold_workload
first=$holder
start_tool shmsnoop -n "shm-$first"
release_workload
"$TB_PROGS/shm_calls" >"$WORK/other.txt" || fail "the second shm_calls failed"
other=$(val pid "$WORK/other.txt")
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "shmsnoop exited with $TOOL_RC after SIGTERM"
{ echo 'PID    COMM                SYS              RET ARGs'; expected "$first"; } >"$WORK/want.txt"
cmp -s "$WORK/want.txt" "$out" || fail "-n shm-$first: $(diff "$WORK/want.txt" "$out")"
hold_workload
start_tool shmsnoop -t "$holder" -p "$other"
release_workload
stop_tool
{ echo 'TID    COMM                SYS              RET ARGs'; expected "$holder"; } >"$WORK/want.txt"
cmp -s "$WORK/want.txt" "$out" || fail "-t $holder (over -p): $(diff "$WORK/want.txt" "$out")"
pass "-n shows only the named process (not $other's calls); -t wins over -p, with the TID column"

# --- --json ---
hold_workload
start_tool shmsnoop -p "$holder" --json
release_workload
stop_tool
id=$(printf 0x%x "$(val shmget)")
[ "$(wc -l <"$out")" = 8 ] || fail "--json: $(wc -l <"$out") lines, want 8"
grep -qx "{\"pid\":$holder,\"comm\":\"shm-$holder\",\"sys\":\"SHMAT\",\"ret\":-22,\"args\":\"shmid: $id, shmaddr: 0x0, shmflg: 0x0\"}" "$out" ||
	fail "JSON line of the failing shmat not found: $(tail -1 "$out")"
grep -qx "{\"pid\":$holder,\"comm\":\"shm-$holder\",\"sys\":\"SHMGET\",\"ret\":$(val shmget),\"args\":\"key: 0x0, size: 8192, shmflg: 0x380 (IPC_CREAT|0600)\"}" "$out" ||
	fail "JSON line of shmget not found: $(head -1 "$out")"
json_check "$out" ".pid == $holder and (.ret | type) == \"number\"" || fail "not one JSON object per line for PID $holder"
pass "--json: 8 objects, ret a signed number"

# --- -d: ends by itself ---
start_tool shmsnoop -d 1
wait_tool_exit 10 || fail "-d 1 did not end the run within 10 s"
[ "$TOOL_RC" = 0 ] || fail "-d 1: exit status $TOOL_RC"
pass "-d 1 ends the run, status 0"

# --- leaks and bad input ---
start_tool shmsnoop
ids=$(tool_prog_ids "$TOOL_PID")
[ "$(echo $ids | wc -w)" = 8 ] || fail "shmsnoop holds $(echo $ids | wc -w) BPF programs, want 8"
stop_tool TERM
progs_gone $ids || fail "BPF programs left: $(progs_left $ids)"
pass "nothing left attached (8 programs gone)"
for args in "-p abc" "-p 0" "-t -5" "-d 0" "extra"; do
	"$TB_BIN/shmsnoop" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] && head -1 "$WORK/bad.err" | grep -q '^shmsnoop: ' ||
		fail "'$args': $(cat "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
