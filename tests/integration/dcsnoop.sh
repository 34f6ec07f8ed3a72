# dcsnoop on this kernel: open_files opens a missing name of a fresh directory (a d_lookup()
# miss: an M line with its PID, COMM and the name) and an existing file; with -a the existing
# one's lookups are R lines too; BCC's header; --json; no BPF program left. Where the kernel
# has neither kprobes nor fentry (the development host), the one-line refusal is checked and
# the test skipped: the VM tier runs it.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/dcsnoop.out

skip_if_refused dcsnoop "cannot trace dcache lookups: "

# run ARGS: dcsnoop ARGS while open_files works in a fresh directory; its pid in $pid
run() {
	d=$WORK/dir$#${1:-}; mkdir -p "$d"; : >"$d/exists"
	start_tool dcsnoop "$@"
	ids=$(tool_prog_ids "$TOOL_PID")
	[ -n "$ids" ] || fail "running but holding no BPF program"
	"$TB_PROGS/open_files" "$d" >"$WORK/work.txt" 2>&1
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "dcsnoop $* exited with $TOOL_RC after SIGINT"
	progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
	pid=$(awk '$1 == "pid" { print $2 }' "$WORK/work.txt")
}

run
[ "$(head -1 "$out")" = "TIME(s)     PID     COMM             T FILE" ] || fail "not BCC's header: $(head -1 "$out")"
awk -v p="$pid" '$2 == p && $3 == "open_files" && $4 == "M" && $5 == "missing" { ok = 1 } END { exit !ok }' "$out" ||
	fail "no miss of 'missing' by open_files $pid: $(grep open_files "$out")"
awk '$4 == "R"' "$out" | grep -q . && fail "without -a: an R line"
method=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/dcsnoop.err" | head -1)
[ -n "$method" ] || fail "-v did not name the attach method"
pass "the miss of 'missing' by open_files $pid, by $method"

# -a: lookup_fast, where the compiler kept it a function of its own (else one line says so)
if grep -Eq ' lookup_fast(\.constprop\.[0-9]+)?$' /proc/kallsyms; then
	run -a
	awk -v p="$pid" '$2 == p && $3 == "open_files" && $4 == "R" && $5 == "exists" { ok = 1 } END { exit !ok }' "$out" ||
		fail "-a: no reference to 'exists' by open_files $pid: $(grep open_files "$out" | head)"
	awk -v p="$pid" '$2 == p && $4 == "M" && $5 == "missing" { ok = 1 } END { exit !ok }' "$out" ||
		fail "-a: no miss of 'missing'"
	pass "-a: references (exists) and the miss"
else
	"$TB_BIN/dcsnoop" -a >/dev/null 2>"$WORK/all.err" && fail "-a ran without lookup_fast"
	[ "$(wc -l <"$WORK/all.err")" = 1 ] && grep -q 'lookup_fast' "$WORK/all.err" ||
		fail "-a without lookup_fast: $(cat "$WORK/all.err")"
	pass "-a refused in one line (lookup_fast inlined here): $(cat "$WORK/all.err")"
fi

run --json
grep "\"pid\":$pid," "$out" >"$WORK/mine.json"
json_check "$WORK/mine.json" '(keys == ["comm", "file", "pid", "t", "time_s"]) and .comm == "open_files"' ||
	fail "--json: $(cat "$out" | head)"
jq -e -s 'any(.[]; .t == "M" and .file == "missing")' "$WORK/mine.json" >/dev/null || fail "--json: no miss of 'missing'"
pass "--json: the miss of 'missing'"
