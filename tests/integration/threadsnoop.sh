# threadsnoop on this kernel: a workload starting threads with a known start routine must show
# each one once, with its PID, COMM and the routine's name; through libc for every process, for
# one process (-p, JSON), and in a static program (-b, and -p finding its own pthread_create).
# Nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/threadsnoop.out
T=$TB_PROGS/thread_spawn
STATIC=$(dirname "$TB_PROGS")/progs-static/thread_spawn

check_help_dump threadsnoop "PT_REGS_PARM3(ctx)"

# spawned PID: the lines of $out for PID's thread_spawn_worker threads (text columns)
spawned() { awk -v p="$1" '$2 == p && $3 == "thread_spawn" && $4 == "thread_spawn_worker"' "$out" | wc -l; }

# --- every process, through the system's libc: 2 rounds of 3 threads are 6 lines ---
start_driven wl "$T" 3
WL=$DRIVEN_PID
start_tool threadsnoop 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
grep -q "tracing pthread_create() in .*libc\|tracing pthread_create() in .*libpthread" "$WORK/threadsnoop.err" ||
	fail "-v does not say which library: $(cat "$WORK/threadsnoop.err")"
drive_round wl; drive_round wl
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "threadsnoop exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx 'TIME(ms)   PID     COMM             FUNC' || fail "bad header: $(head -1 "$out")"
[ "$(spawned "$WL")" = 6 ] || fail "$(spawned "$WL") threads of thread_spawn $WL named thread_spawn_worker, for 6"
# TIME(ms): whole milliseconds from the first thread seen
awk 'NR > 1 && $1 !~ /^[0-9]+$/ { bad = 1 } END { exit bad }' "$out" || fail "TIME(ms) is not a whole number"
[ "$(sed -n 2p "$out" | awk '{ print $1 }')" = 0 ] || fail "the first line's TIME(ms) is not 0"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
[ "$(tb_probe_events)" = 0 ] || fail "uprobe entries left in tracefs"
pass "6 threads of pid $WL with COMM thread_spawn and FUNC thread_spawn_worker; detached"

# --- -p and --json: that process alone; the tool ends with it ---
start_tool threadsnoop -p "$WL" --json 7>&-
drive_round wl
end_driven
wait_tool_exit 10
[ "$TOOL_RC" = 0 ] || fail "threadsnoop -p exited with $TOOL_RC when the process ended"
grep -q "process $WL exited" "$WORK/threadsnoop.err" || fail "-p: no word of the process's exit"
[ "$(wc -l <"$out")" = 3 ] || fail "-p: $(wc -l <"$out") lines for 3 threads of $WL"
json_check "$out" ".pid == $WL and .comm == \"thread_spawn\" and .func == \"thread_spawn_worker\" and (.time_ms | type) == \"number\"" ||
	fail "-p --json: not 3 objects of pid $WL with FUNC thread_spawn_worker"
pass "-p $WL --json: its 3 threads alone; ended with the process"

# --- a static program: pthread_create is its own (what the busybox guests run) ---
[ -x "$STATIC" ] || skip "no static workload at $STATIC (build the thread_spawn_static target)"
start_driven st "$STATIC" 2
ST=$DRIVEN_PID
start_tool threadsnoop -b "$STATIC" 7>&-
grep -q "tracing pthread_create() in $STATIC (-b)" "$WORK/threadsnoop.err" ||
	fail "-b: not the static program's own: $(grep tracing "$WORK/threadsnoop.err")"
drive_round st
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "threadsnoop -b exited with $TOOL_RC"
[ "$(spawned "$ST")" = 2 ] || fail "-b: $(spawned "$ST") threads of the static $ST, for 2"
[ "$(awk 'NR > 1' "$out" | wc -l)" = 2 ] || fail "-b: lines of other processes: $(cat "$out")"
start_tool threadsnoop -p "$ST" 7>&-
grep -q "tracing pthread_create() in /proc/$ST/exe" "$WORK/threadsnoop.err" ||
	fail "-p of a static program: not its own: $(grep tracing "$WORK/threadsnoop.err")"
drive_round st; drive_round st
stop_tool INT
[ "$(spawned "$ST")" = 4 ] || fail "-p static: $(spawned "$ST") threads of $ST, for 4"
end_driven
pass "static thread_spawn $ST: -b its file, -p found its own pthread_create"
