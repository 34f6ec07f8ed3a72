# vfsstat on this kernel: a driven workload (vfs_calls) makes 3001 reads, 2002 writes, 103
# fsyncs, 504 opens and 25 creates (mknod) in one round; with -p its lines sum to exactly those
# (plus the one write and one read the workload makes between rounds), BCC's header and line
# format, the process's exit ending the tool; interval and count ending it by themselves;
# --json; no BPF program left. Where the kernel has neither kprobes nor fentry (the
# development host), the one-line refusal is checked and the test skipped: the VM tier runs it.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/vfsstat.out
R=3001 W=2002 F=103 O=504 C=25

"$TB_BIN/vfsstat" 1 1 >"$WORK/probe.out" 2>"$WORK/probe.err"; rc=$?
if [ $rc != 0 ] && grep -q '^vfsstat: cannot trace VFS calls: ' "$WORK/probe.err"; then
	[ "$(wc -l <"$WORK/probe.err")" = 1 ] || fail "refused with more than one line: $(cat "$WORK/probe.err")"
	skip "no kprobes or fentry here, refused in one line: $(cat "$WORK/probe.err")"
fi
[ $rc = 0 ] || fail "vfsstat 1 1 exited $rc: $(cat "$WORK/probe.err")"
# one header and one line, then the end by itself
[ "$(wc -l <"$WORK/probe.out")" = 2 ] || fail "vfsstat 1 1: not a header and one line: $(cat "$WORK/probe.out")"
pass "vfsstat 1 1: a header and one line, then exit 0"

# a directory on no overlay: overlayfs opens and creates its upper files through vfs_open and
# vfs_create again, which would count twice
dir=$WORK/files; mkdir "$dir"
[ "$(stat -f -c %T "$dir")" = overlayfs ] && { dir=$(disk_dir) || skip "only overlayfs here"; }
# sums FILE: the five columns summed over the lines ("HH:MM:SS:" and five numbers)
sums() {
	awk '$1 ~ /^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]:$/ && NF == 6 { for (i = 2; i <= 6; i++) s[i] += $i; n++ }
		END { if (n) print s[2], s[3], s[4], s[5], s[6] }' "$1"
}

# blocked: until the driven workload sleeps in its read of the next line, so that read was
# entered (and missed by the tool) before the tool attaches
blocked() {
	i=0
	until [ "$(awk '{ print $3 }' /proc/"$DRIVEN_PID"/stat)" = S ]; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "vfs_calls $DRIVEN_PID never waits for its line"
		sleep 0.1
	done
}

# --- -p: exactly the workload's calls, and the end with the process ---
start_driven vfs_calls "$TB_PROGS/vfs_calls" "$dir" $R $W $F $O $C
blocked
start_tool vfsstat -p "$DRIVEN_PID" 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
drive_round vfs_calls
end_driven
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "vfsstat -p exited with $TOOL_RC when the process ended"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
grep -q "process $DRIVEN_PID exited; stopping" "$WORK/vfsstat.err" || fail "-p: no word of the process's exit"
method=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/vfsstat.err" | head -1)
[ -n "$method" ] || fail "-v did not name the attach method"
[ "$(head -1 "$out")" = "TIME         READ/s  WRITE/s  FSYNC/s   OPEN/s CREATE/s" ] ||
	fail "not BCC's header: '$(head -1 "$out")'"
tail -n +2 "$out" | grep -Evq '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]:( +[0-9]+){5}$' &&
	fail "a line not 'HH:MM:SS:' and five numbers: $(cat "$out")"
# the round, plus "done" written and the next line's read (entered before it blocks); the read
# blocked when the tool attached had entered vfs_read before
got=$(sums "$out") want="$((R + 1)) $((W + 1)) $F $O $C"
[ "$got" = "$want" ] || fail "-p $DRIVEN_PID: READ WRITE FSYNC OPEN CREATE summed '$got', want '$want'"
pass "-p $DRIVEN_PID: $got exactly over $(($(wc -l <"$out") - 1)) lines, by $method; ended with the process"

# --- every process: at least the workload's; interval and count end it by itself ---
start_driven vfs_calls "$TB_PROGS/vfs_calls" "$dir" $R $W $F $O $C
start_tool vfsstat 1 30 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
drive_round vfs_calls
end_driven
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "vfsstat exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after SIGINT: $(progs_left $ids)"
set -- $(sums "$out")
[ $# = 5 ] && [ "$1" -ge $R ] && [ "$2" -ge $W ] && [ "$3" -ge $F ] && [ "$4" -ge $O ] && [ "$5" -ge $C ] ||
	fail "all processes: summed '$*', want at least $R $W $F $O $C"
pass "all processes: $* (at least the workload's), the partial second printed at Ctrl-C"

start_tool vfsstat 2 2
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "vfsstat 2 2 exited with $TOOL_RC"
[ "$(tail -n +2 "$out" | wc -l)" = 2 ] || fail "vfsstat 2 2: not two lines: $(cat "$out")"
pass "vfsstat 2 2: two lines, then exit 0"

# --- --json: one object per interval, the per-second counts ---
start_driven vfs_calls "$TB_PROGS/vfs_calls" "$dir" $R $W $F $O $C
blocked
start_tool vfsstat --json -p "$DRIVEN_PID" 7>&-
drive_round vfs_calls
end_driven
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "vfsstat --json exited with $TOOL_RC"
json_check "$out" '(keys == ["create", "fsync", "open", "read", "time", "write"]) and (.time | test("^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$"))' ||
	fail "not JSON lines of time and the five counts: $(cat "$out")"
got=$(jq -s -r '[(map(.read) | add), (map(.write) | add), (map(.fsync) | add), (map(.open) | add), (map(.create) | add)] | map(tostring) | join(" ")' "$out")
[ "$got" = "$want" ] || fail "--json: summed '$got', want '$want'"
pass "--json: $(wc -l <"$out") objects summing to $got"
