# filetop on this kernel: a driven workload (vfs_calls) reads one byte 3001 times and writes one
# byte 2002 times to its marker file in one round; with -p its rows for that file (TID, COMM,
# T R, FILE) sum to exactly those calls and bytes; -a adds its FIFO (T O) with the one read it
# makes between rounds; -r 1 -s writes keeps the marker's row; BCC's banner, head, header and
# "Detaching..."; interval and count; --json; no BPF program left. Where the kernel has neither
# kprobes nor fentry (the development host), the one-line refusal is checked and the test
# skipped: the VM tier runs it.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/filetop.out
R=3001 W=2002

"$TB_BIN/filetop" -C 1 1 >"$WORK/probe.out" 2>"$WORK/probe.err"; rc=$?
if [ $rc != 0 ] && grep -q '^filetop: cannot trace file reads and writes: ' "$WORK/probe.err"; then
	[ "$(wc -l <"$WORK/probe.err")" = 1 ] || fail "refused with more than one line: $(cat "$WORK/probe.err")"
	skip "no kprobes or fentry here, refused in one line: $(cat "$WORK/probe.err")"
fi
[ $rc = 0 ] || fail "filetop -C 1 1 exited $rc: $(cat "$WORK/probe.err")"
[ "$(head -1 "$WORK/probe.out")" = "Tracing... Output every 1 secs. Hit Ctrl-C to end" ] ||
	fail "not BCC's banner: $(head -1 "$WORK/probe.out")"
grep -qx 'TID     COMM             READS  WRITES R_Kb    W_Kb    T FILE' "$WORK/probe.out" ||
	fail "not BCC's header: $(cat "$WORK/probe.out")"
[ "$(tail -1 "$WORK/probe.out")" = Detaching... ] || fail "no Detaching... at the end"
pass "filetop -C 1 1: BCC's banner, header, one summary and Detaching..., exit 0"

dir=$WORK/files; mkdir "$dir"
# blocked: until the driven workload sleeps in its read of the next line, so that read was
# entered (and missed by the tool) before the tool attaches
blocked() {
	i=0
	until [ "$(awk '{ print $3 }' /proc/"$DRIVEN_PID"/stat)" = S ]; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "vfs_calls $DRIVEN_PID never waits for its line"
		sleep 0.1
	done
}
# sums FILE NAME TYPE: "READS WRITES" summed over the rows of the workload's thread for file
# NAME of type TYPE
sums() {
	awk -v t="$DRIVEN_PID" -v f="$2" -v ty="$3" '$1 == t && $2 == "vfs_calls" && $7 == ty && $8 == f {
		r += $3; w += $4; n++ } END { print (n ? r " " w : "none") }' "$1"
}
# one round of the workload under filetop ARGS (its -p filled in), stopped with Ctrl-C after
run_round() {
	start_driven vfs_calls "$TB_PROGS/vfs_calls" "$dir" $R $W 0 1 1
	blocked
	start_tool filetop -C "$@" -p "$DRIVEN_PID" 7>&-
	ids=$(tool_prog_ids "$TOOL_PID")
	[ -n "$ids" ] || fail "running but holding no BPF program"
	drive_round vfs_calls
	end_driven
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "filetop $* exited with $TOOL_RC after SIGINT"
	progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
}

# --- -p: the marker file's calls exactly; regular files only ---
run_round
marker=vfs_calls.$DRIVEN_PID.0
got=$(sums "$out" "$marker" R)
[ "$got" = "$R $W" ] || fail "-p: READS WRITES of $marker summed '$got', want '$R $W'"
# "done" written to its output file, a regular one, once
got=$(sums "$out" vfs_calls.txt R)
[ "$got" = "0 1" ] || fail "-p: READS WRITES of vfs_calls.txt summed '$got', want '0 1'"
awk '$7 == "O" || $7 == "S"' "$out" | grep -q . && fail "without -a: a row not of a regular file"
method=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/filetop.err" | head -1)
[ -n "$method" ] || fail "-v did not name the attach method"
grep -Eq '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9] loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$' "$out" ||
	fail "no 'HH:MM:SS loadavg: ...' line"
pass "-p $DRIVEN_PID: $marker read $R and written $W times exactly, vfs_calls.txt written once, by $method"

# --- -a: the FIFO it reads its lines from, once (the read after the round) ---
run_round -a
got=$(sums "$out" vfs_calls.fifo O)
[ "$got" = "1 0" ] || fail "-a: READS WRITES of the FIFO summed '$got', want '1 0'"
[ "$(sums "$out" "vfs_calls.$DRIVEN_PID.0" R)" = "$R $W" ] || fail "-a: the marker's row changed"
pass "-a: the FIFO vfs_calls.fifo (T O) read once, the marker as before"

# --- -r 1 -s writes: one row a summary; the marker's (over 1,000 writes in one summary at
# least) beats vfs_calls.txt's one ---
run_round -r 1 -s writes
awk '/loadavg:/ { if (n > 1) bad = 1; n = 0 } $1 ~ /^[0-9]+$/ && NF == 8 { n++ } END { if (n > 1) bad = 1; exit bad }' "$out" ||
	fail "-r 1: more than one row in a summary: $(cat "$out")"
awk -v f="vfs_calls.$DRIVEN_PID.0" '$8 == f && $4 > 1000 { ok = 1 } END { exit !ok }' "$out" ||
	fail "-r 1 -s writes: no row of the marker with its writes: $(cat "$out")"
pass "-r 1 -s writes: one row a summary, the marker's with its writes"

# --- --json: bytes whole ---
run_round --json
json_check "$out" '(keys == ["loadavg", "rows", "ts"])' || fail "not JSON objects of ts, loadavg, rows: $(cat "$out")"
got=$(jq -s -r --arg f "vfs_calls.$DRIVEN_PID.0" '[.[].rows[] | select(.file == $f and .type == "R")] |
	"\(map(.reads) | add) \(map(.writes) | add) \(map(.rbytes) | add) \(map(.wbytes) | add)"' "$out")
[ "$got" = "$R $W $R $W" ] || fail "--json: reads writes rbytes wbytes '$got', want '$R $W $R $W'"
pass "--json: reads, writes and their bytes exact: $got"
