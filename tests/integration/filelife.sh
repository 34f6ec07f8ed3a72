# filelife on this kernel: short_lived makes a file with open(O_CREAT) and one with mknod(),
# deletes the first after 0.3 s and the second 0.3 s later; each is a line with the workload's
# PID and COMM, its name, and an AGE(s) between the sleeps and what the workload measured
# around the file's life; BCC's header; -p of another process shows none of them; --json; no
# BPF program left. Where the kernel has neither kprobes nor fentry (the development host),
# the one-line refusal is checked and the test skipped: the VM tier runs it.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/filelife.out

skip_if_refused filelife "cannot trace file creations and deletions: "

dir=$WORK/files; mkdir "$dir"
# ages FILE: one check per file of the workload's, from its "age NAME SECONDS" lines
ages() {
	pid=$(awk '$1 == "pid" { print $2 }' "$WORK/work.txt")
	for f in open:0.3 mknod:0.6; do
		name=filelife-$pid.${f%:*} low=${f#*:}
		high=$(awk -v n="$name" '$1 == "age" && $2 == n { print $3 }' "$WORK/work.txt")
		awk -v p="$pid" -v n="$name" -v lo="$low" -v hi="$high" '$2 == p && $3 == "short_lived" &&
			$5 == n && $4 >= lo && $4 <= hi + 0.005 { ok = 1 } END { exit !ok }' "$1" ||
			fail "no line of $name aged $low to $high s: $(cat "$1")"
	done
}

# --- every process: the workload's two files ---
start_tool filelife
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
"$TB_PROGS/short_lived" "$dir" 300 >"$WORK/work.txt" || fail "short_lived failed: $(cat "$WORK/work.txt")"
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "filelife exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
[ "$(head -1 "$out")" = "TIME     PID     COMM             AGE(s)  FILE" ] || fail "not BCC's header: $(head -1 "$out")"
ages "$out"
method=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/filelife.err" | head -1)
[ -n "$method" ] || fail "-v did not name the attach method"
pass "the open(O_CREAT) and mknod files of short_lived with their ages, by $method"

# --- -p of another process: none of the workload's ---
sleep 30 & other=$!
start_tool filelife -p $other
"$TB_PROGS/short_lived" "$dir" 50 >"$WORK/work.txt" || fail "short_lived failed"
stop_tool INT
kill $other
pid=$(awk '$1 == "pid" { print $2 }' "$WORK/work.txt")
grep -q "filelife-$pid" "$out" && fail "-p $other: a file of short_lived $pid: $(cat "$out")"
pass "-p $other: none of short_lived's files"

# --- --json ---
start_tool filelife --json
"$TB_PROGS/short_lived" "$dir" 300 >"$WORK/work.txt" || fail "short_lived failed"
stop_tool INT
pid=$(awk '$1 == "pid" { print $2 }' "$WORK/work.txt")
grep "filelife-$pid" "$out" >"$WORK/mine.json"
json_check "$WORK/mine.json" '(keys == ["age_s", "comm", "file", "pid", "time"]) and .pid == '"$pid"' and .comm == "short_lived" and .age_s >= 0.3' ||
	fail "--json: $(cat "$out")"
[ "$(wc -l <"$WORK/mine.json")" = 2 ] || fail "--json: not two objects of short_lived's: $(cat "$out")"
pass "--json: two objects of short_lived's with their ages"
