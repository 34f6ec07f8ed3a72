# memleak on this kernel: a process that leaks 10 x 1000 bytes from leak_here() and frees
# everything else (malloc, calloc, realloc, posix_memalign) is reported exactly, with
# leak_here on top of the stack; -a, -z/-Z, -c, JSON, kernel mode, nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/memleak.out
leak_line='^	10000 bytes in 10 allocations from stack$'

# --- -p PID: the exact leak, leak_here on top, nothing else outstanding ---
start_driven leak "$TB_PROGS/stack_work" leak
start_tool memleak -p "$DRIVEN_PID" -o 0 1 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
grep -q "attached to 1[01] allocator functions" "$WORK/memleak.err" || fail "-v: allocator functions not attached"
drive_round leak
sleep 2.5
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "memleak exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after SIGINT: $(progs_left $ids)"
[ "$(tb_probe_events)" = 0 ] || fail "uprobe events left behind"
head -1 "$out" | grep -qx "Attaching to pid $DRIVEN_PID, Ctrl+C to quit." || fail "banner: $(head -1 "$out")"
grep -qE '^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\] Top 10 stacks with outstanding allocations:$' "$out" || fail "no report header"
# the last report: its lines after the last header
last=$WORK/last.txt
awk '/Top 10 stacks/ { n++; buf = "" } { buf = buf $0 "\n" } END { printf "%s", buf }' "$out" >"$last"
grep -q "$leak_line" "$last" || fail "no '10000 bytes in 10 allocations' in the last report: $(cat "$last")"
grep -A1 "$leak_line" "$last" | tail -1 | grep -qE '^		0x[0-9a-f]{16}	leak_here\+0x[0-9a-f]+ \[stack_work\]$' ||
	fail "leak_here is not the top frame: $(grep -A3 "$leak_line" "$last")"
grep -A3 "$leak_line" "$last" | grep -qE '	main\+0x[0-9a-f]+ \[stack_work\]$' || fail "main not in the leak's stack"
# the freed allocations (alloc_and_free) are not outstanding
grep -q 'alloc_and_free' "$last" && fail "freed allocations reported: $(cat "$last")"
pass "-p: 10000 bytes in 10 allocations from leak_here, freed allocations not reported, detached"

# --- -a (each allocation), -z/-Z bounds: 1000-byte allocations only ---
start_tool memleak -p "$DRIVEN_PID" -a -o 0 -z 1000 -Z 1000 1 1 7>&-
wait_tool_exit 30
end_driven
[ "$TOOL_RC" = 0 ] || fail "memleak -a exited with $TOOL_RC"
# the leak happened before this run attached: nothing of it was seen
grep -q "bytes in" "$out" && fail "allocations made before attaching were reported: $(cat "$out")"
pass "-a -z -Z: allocations before attaching are not reported (interval 1, count 1 ended by itself)"

# --- -c: the command starts held until attached; its leak is seen from the first malloc ---
"$TB_BIN/memleak" -v -c "$TB_PROGS/stack_work leaksleep 4" -a -z 1000 -Z 1000 -o 0 2 1 >"$out" 2>"$WORK/memleak.err" </dev/null ||
	fail "memleak -c exited with $?"
grep -q "^Executing '$TB_PROGS/stack_work leaksleep 4' and tracing the resulting process.$" "$out" || fail "-c banner"
grep -q "$leak_line" "$out" || fail "-c: leak not reported"
[ "$(grep -c '^	addr = [0-9a-f]* size = 1000$' "$out")" = 10 ] || fail "-a: expected 10 'addr = ... size = 1000' lines"
grep -A1 "$leak_line" "$out" | grep -q 'leak_here+0x' || fail "-c: leak_here not on top"
pass "-c COMMAND held until attached; -a lists the 10 allocations; -z/-Z keep only them"

# --- JSON, and a process gone before its report: counted as such ---
"$TB_BIN/memleak" --json -c "$TB_PROGS/stack_work leaksleep 0" -z 1000 -Z 1000 -o 0 3 1 >"$out" 2>"$WORK/memleak.err" </dev/null ||
	fail "memleak --json exited with $?"
json_check "$out" '(.stacks | length) == 1 and .stacks[0].bytes == 10000 and .stacks[0].allocations == 10 and
	.frames.unknown.process_gone > 0' || fail "--json: $(head -c 400 "$out")"
grep -q "unknown frames: .*process gone" "$WORK/memleak.err" || fail "no 'process gone' summary: $(cat "$WORK/memleak.err")"
pass "JSON report; frames of an exited process counted as 'process gone'"

# --- a process that exits between reports: the later reports still name its frames ---
"$TB_BIN/memleak" -c "$TB_PROGS/stack_work leaksleep 2" -z 1000 -Z 1000 -o 0 1 4 >"$out" 2>"$WORK/memleak.err" </dev/null ||
	fail "memleak exited with $?"
awk '/Top 10 stacks/ { n++; buf = "" } { buf = buf $0 "\n" } END { printf "%s", buf }' "$out" >"$last"
grep -A1 "$leak_line" "$last" | tail -1 | grep -q 'leak_here+0x' ||
	fail "the last report (after the exit) did not name leak_here: $(cat "$last")"
grep -q "process gone" "$WORK/memleak.err" && fail "frames counted as 'process gone': $(cat "$WORK/memleak.err")"
pass "reports after the process exited name its frames (symbols kept from the report before)"

# --- kernel mode: kmem tracepoints, kernel stacks symbolized ---
for tp in kmalloc kfree kmem_cache_alloc kmem_cache_free mm_page_alloc mm_page_free; do
	[ -e /sys/kernel/tracing/events/kmem/$tp ] || [ -e /sys/kernel/debug/tracing/events/kmem/$tp ] || skip "no kmem:$tp tracepoint"
done
start_tool memleak -T 3 -o 0 1
ids=$(tool_prog_ids "$TOOL_PID")
"$TB_PROGS/stack_work" syscalls 1 >/dev/null
sleep 1.5
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "kernel memleak exited with $TOOL_RC after SIGTERM"
progs_gone $ids || fail "BPF programs left after SIGTERM: $(progs_left $ids)"
grep -q "^Attaching to kernel allocators, Ctrl+C to quit.$" "$out" || fail "kernel banner"
grep -qE '^		0xffff[0-9a-f]{12}	[a-z_][a-zA-Z0-9_.]*\+0x[0-9a-f]+ \[kernel\]$' "$out" || fail "no symbolized kernel frame"
pass "kernel allocations through kmem tracepoints, frames symbolized"

check_help_dump memleak "TRACEPOINT_PROBE(kmem, kmalloc)"
pass "--help with examples, --dump-bpf"

for args in "-p abc" "-p 1 -c ls" "-z 10 -Z 5" "-s 0" "1 2 3" "-p 999999999"; do
	"$TB_BIN/memleak" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -qE '^memleak: (invalid|unexpected|failed)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
