# syncsnoop on this kernel: a workload calls sync() once, fsync() twice, fdatasync() 3 times,
# msync() 4, sync_file_range() 5 and syncfs() 6 times; exactly those lines, under its COMM
# ("syncs-PID": BCC's columns have no PID), in text and --json, with -v and --bpf-file.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/syncsnoop.out
run_workload() { "$TB_PROGS/sync_calls" "$WORK" >"$WORK/workload.txt" || fail "sync_calls failed: $(cat "$WORK/workload.txt")"; }
comm() { awk '$1 == "comm" { print $2 }' "$WORK/workload.txt"; }
calls="sync fsync fdatasync msync sync_file_range syncfs"
want_n() { awk -v c="$1" '$1 == c { print $2 }' "$WORK/workload.txt"; }

# --- text: the header, each call's count, the time column ---
start_tool syncsnoop
run_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "syncsnoop exited with $TOOL_RC after SIGINT"
C=$(comm)
[ -n "$C" ] || fail "the workload printed no comm"
head -1 "$out" | grep -q '^TIME(s)            COMM             CALL$' || fail "bad header: $(head -1 "$out")"
for c in $calls; do
	n=$(awk -v p="$C" -v c="$c" '$2 == p && $3 == c' "$out" | wc -l)
	[ "$n" = "$(want_n "$c")" ] || fail "$c: $n lines of $C, want $(want_n "$c")"
done
[ "$(awk -v p="$C" '$2 == p' "$out" | wc -l)" = 21 ] || fail "lines of $C other than its 21 calls"
# BCC's "%-18.9f" of whole microseconds, then COMM in 16 columns
awk -v p="$C" '$2 == p' "$out" | grep -Evq '^[0-9]+\.[0-9]{6}000 +syncs-[0-9]+ +[a-z_]+$' &&
	fail "a line is not TIME(s) with 9 decimals: $(awk -v p="$C" '$2 == p' "$out" | head -3)"
awk -v p="$C" '$2 == p { printf "%-18s %-16s %s\n", $1, $2, $3 }' "$out" >"$WORK/bcc.txt"
awk -v p="$C" '$2 == p' "$out" | cmp -s - "$WORK/bcc.txt" || fail "columns not BCC's widths"
# one process, one CPU at a time: its calls come in the order it made them
awk -v p="$C" '$2 == p { print $3 }' "$out" | uniq -c | awk '{ printf "%s %s ", $2, $1 }' >"$WORK/order"
[ "$(cat "$WORK/order")" = "sync 1 fsync 2 fdatasync 3 msync 4 sync_file_range 5 syncfs 6 " ] ||
	fail "calls out of order: $(cat "$WORK/order")"
awk -v p="$C" '$2 == p { if ($1 < last) bad = 1; last = $1 } END { exit bad }' "$out" ||
	fail "TIME(s) goes backwards"
pass "$C: sync 1, fsync 2, fdatasync 3, msync 4, sync_file_range 5, syncfs 6, in order, BCC's columns"

# --- -v: each probe said, the optional ones attached or skipped as this kernel has them ---
grep -q 'tracing with [0-9]* probes attached' "$WORK/syncsnoop.err" || fail "-v: no 'tracing with'"
for c in sync fsync fdatasync msync syncfs sync_file_range sync_file_range2 arm_sync_file_range; do
	tp=syscalls:sys_enter_$c
	if [ -d "/sys/kernel/tracing/events/syscalls/sys_enter_$c" ] ||
		[ -d "/sys/kernel/debug/tracing/events/syscalls/sys_enter_$c" ]; then
		grep -q "attached tracepoint $tp\$" "$WORK/syncsnoop.err" || fail "-v: $tp not attached"
	else
		grep -q "skipping $tp: not on this kernel" "$WORK/syncsnoop.err" || fail "-v: $tp not said skipped"
	fi
done
pass "-v: the probes attached, those this kernel lacks skipped"

# --- --json ---
start_tool syncsnoop --json
run_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "syncsnoop exited with $TOOL_RC after SIGTERM"
C=$(comm)
json_check "$out" '(.time_s | type) == "number" and (.comm | type) == "string" and (.call | type) == "string" and length == 3' ||
	fail "not one {time_s, comm, call} object a line: $(head -3 "$out")"
for c in $calls; do
	n=$(grep -c "^{\"time_s\":[0-9]*\.[0-9]\{6\}000,\"comm\":\"$C\",\"call\":\"$c\"}\$" "$out")
	[ "$n" = "$(want_n "$c")" ] || fail "--json $c: $n objects of $C, want $(want_n "$c")"
done
pass "--json: one object per call, the same counts"

# --- --dump-bpf / --bpf-file: an edited program's call numbers, unknown to the frontend ---
check_help_dump syncsnoop 'TRACEPOINT_PROBE(syscalls, sys_enter_sync)'
sed 's/e.call = call;/e.call = call + 100;/' "$WORK/dump.bpf.c" >"$WORK/edited.bpf.c"
cmp -s "$WORK/dump.bpf.c" "$WORK/edited.bpf.c" && fail "the edit did not apply"
start_tool syncsnoop --bpf-file "$WORK/edited.bpf.c"
run_workload
stop_tool
C=$(comm)
[ "$(awk -v p="$C" '$2 == p && $3 == "N/A"' "$out" | wc -l)" = 21 ] ||
	fail "--bpf-file: want 21 N/A calls of $C: $(awk -v p="$C" '$2 == p' "$out" | head -3)"
pass "--help, --dump-bpf, --bpf-file (unknown calls shown as N/A, as libbpf-tools does)"

# --- leaks and bad input ---
start_tool syncsnoop
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "syncsnoop running but holding no BPF program"
stop_tool TERM
progs_gone $ids || fail "BPF programs left: $(progs_left $ids)"
pass "nothing left attached ($(echo $ids | wc -w) programs gone)"
# by name, as argp names the program in its own errors as it was called
for args in "extra" "-p 1" "--bogus"; do
	PATH="$TB_BIN:$PATH" syncsnoop $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -q '^syncsnoop: ' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"

# without privileges: one line that says what to do
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$TB_BIN/syncsnoop" >/dev/null 2>"$WORK/nobody.err" &&
		fail "syncsnoop ran without privileges"
	[ "$(wc -l < "$WORK/nobody.err")" = 1 ] && grep -q "^syncsnoop: permission denied: tracing needs root" "$WORK/nobody.err" ||
		fail "unprivileged error is not one clear line: $(cat "$WORK/nobody.err")"
	pass "unprivileged run: one-line error"
fi
