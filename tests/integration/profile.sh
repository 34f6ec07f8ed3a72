# profile on this kernel: cpu-clock sampling of a process spending its time in hot_spin()
# (user stacks, folded), kernel stacks of a getppid() loop, the default format, JSON, the
# unknown-frame summary, nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/profile.out

# --- -p PID -U -f: the hottest folded line is the spinning function ---
"$TB_PROGS/stack_work" spin 120 >/dev/null &
work=$!
"$TB_BIN/profile" -v -p "$work" -U -f 3 >"$out" 2>"$WORK/profile.err" || fail "profile -p -U -f exited with $?"
kill "$work" 2>/dev/null; wait "$work" 2>/dev/null
[ -s "$out" ] || fail "no folded output"
grep -qv '^stack_work;' "$out" && fail "-p $work: lines of other processes: $(grep -v '^stack_work;' "$out" | head -3)"
hot=$(sort -k2 -n -t' ' "$out" | tail -1)
echo "$hot" | grep -qE '^stack_work;(.*;)?main;hot_spin [0-9]+$' || fail "hottest stack is not main;hot_spin: $hot"
[ "$(grep -c ';main;hot_spin ' "$out")" = 1 ] || fail "-f: equal folded stacks not merged into one line"
grep -q "sampling on the cpu-clock software event\|sampling on hardware cycles" "$WORK/profile.err" || fail "-v: event not named"
grep -q "entry_SYSCALL\|_\[k\]" "$out" && fail "-U printed kernel frames"
pass "-p -U -f: hottest folded stack ends in main;hot_spin ($hot)"

# --- -K: kernel stacks of a syscall loop are symbolized; the default multi-line format ---
"$TB_PROGS/stack_work" syscalls 120 >/dev/null &
work=$!
start_tool profile -p "$work" -K
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
sleep 2
stop_tool INT
kill "$work" 2>/dev/null; wait "$work" 2>/dev/null
[ "$TOOL_RC" = 0 ] || fail "profile -K exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx "Sampling at 49 Hertz of PID $work by kernel stack... Hit Ctrl-C to end." || fail "header: $(head -1 "$out")"
grep -qE '^    (__x64_sys_getppid|entry_SYSCALL_64[a-z_]*|do_syscall_64)$' "$out" || fail "-K: no syscall symbol"
grep -qE "^    -                stack_work \($work\)$" "$out" || fail "no '- comm (pid)' line"
grep -qE '^        [0-9]+$' "$out" || fail "no count line"
progs_gone $ids || fail "BPF programs left after SIGINT: $(progs_left $ids)"
# ascending order: counts never decrease
awk '/^        [0-9]+$/ { if ($1 < last) bad = 1; last = $1 } END { exit bad }' "$out" || fail "stacks not sorted by count ascending"
pass "-K: kernel frames symbolized (syscall entry), BCC's format, ascending order, detached"

# --- whole system, -a -d, folded, a short duration: annotations and the delimiter ---
"$TB_PROGS/stack_work" syscalls 120 >/dev/null &
work=$!
"$TB_BIN/profile" -a -d -f 2 >"$out" 2>"$WORK/profile.err" || fail "profile -adf exited with $?"
kill "$work"; wait "$work" 2>/dev/null
grep -q '_\[k\]' "$out" || fail "-a: no _[k] annotation"
grep -qE '^stack_work;.*;-;.*_\[k\] [0-9]+$' "$out" || fail "-d: no '-' between user and kernel frames"
pass "-a annotations and -d delimiter in folded output"

# --- JSON; a process that exits before the end: its frames named from the snapshot taken at
# start (libbcc's cache of a live process), nothing counted as "process gone" ---
# the workload ends 1 s after the tool attached; the tool samples 2 s more
"$TB_PROGS/stack_work" spin 120 >/dev/null &
work=$!
start_tool profile --json -p "$work" -U 3
sleep 1; kill "$work"; wait "$work" 2>/dev/null
wait_tool_exit 60
[ "$TOOL_RC" = 0 ] || fail "profile --json exited with $TOOL_RC"
json_check "$out" '(.stacks | length) > 0 and (.stacks[0] | has("pid", "comm", "count", "user")) and
	([.stacks[].user[] | select(test("^hot_spin"))] | length) > 0 and
	(.frames.unknown.process_gone // 0) == 0' || fail "--json: $(head -c 600 "$out")"
grep -q "process gone" "$WORK/profile.err" && fail "frames counted as 'process gone': $(cat "$WORK/profile.err")"
pass "JSON output; frames of a process that exited still named (hot_spin)"

check_help_dump profile "BPF_STACK_TRACE(stack_traces"
pass "--help with examples, --dump-bpf"

for args in "-U -K" "-p abc" "-F 9 -c 9" "1 2" "-p 1 -L 1"; do
	"$TB_BIN/profile" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -qE '^profile: (invalid|unexpected)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
