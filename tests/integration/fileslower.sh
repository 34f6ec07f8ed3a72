# fileslower on this kernel: a driven workload (vfs_calls) writes one byte twice and reads it
# back three times in its marker file in one round; with -p and min_ms 0 its lines for that
# file (COMM, TID, D, BYTES, FILENAME) are exactly those calls; BCC's first line and header;
# no BPF program left. Where the kernel has neither kprobes nor fentry (the development host),
# the one-line refusal is checked and the test skipped: the VM tier runs it.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/fileslower.out

"$TB_BIN/fileslower" 0 >"$WORK/probe.out" 2>"$WORK/probe.err" &
ppid=$!
i=0
while kill -0 $ppid 2>/dev/null && ! grep -q '^TIME(s)' "$WORK/probe.out"; do
	i=$((i + 1)); [ $i -gt 300 ] && break
	sleep 0.1
done
if kill -0 $ppid 2>/dev/null; then
	kill -INT $ppid
fi
wait $ppid; rc=$?
if [ $rc != 0 ] && grep -q '^fileslower: cannot trace file reads and writes: ' "$WORK/probe.err"; then
	[ "$(wc -l <"$WORK/probe.err")" = 1 ] || fail "refused with more than one line: $(cat "$WORK/probe.err")"
	skip "no kprobes or fentry here, refused in one line: $(cat "$WORK/probe.err")"
fi
[ $rc = 0 ] || fail "fileslower 0 exited $rc: $(cat "$WORK/probe.err")"
[ "$(head -1 "$WORK/probe.out")" = "Tracing sync read/writes slower than 0 ms" ] ||
	fail "not BCC's first line: $(head -1 "$WORK/probe.out")"
[ "$(sed -n 2p "$WORK/probe.out")" = "TIME(s)  COMM           TID    D BYTES   LAT(ms) FILENAME" ] ||
	fail "not BCC's header: $(sed -n 2p "$WORK/probe.out")"
pass "fileslower 0: BCC's first line and header, exit 0 on SIGINT"

dir=$WORK/files; mkdir "$dir"
start_driven vfs_calls "$TB_PROGS/vfs_calls" "$dir" 3 2 0 1 1
i=0
until [ "$(awk '{ print $3 }' /proc/"$DRIVEN_PID"/stat)" = S ]; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "vfs_calls $DRIVEN_PID never waits for its line"
	sleep 0.1
done
start_tool fileslower -p "$DRIVEN_PID" 0 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
drive_round vfs_calls
end_driven
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "fileslower exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
f=vfs_calls.$DRIVEN_PID.0
got=$(awk -v t="$DRIVEN_PID" -v f="$f" '$2 == "vfs_calls" && $3 == t && $5 == 1 && $7 == f { n[$4]++ }
	END { print n["R"] + 0, n["W"] + 0 }' "$out")
[ "$got" = "3 2" ] || fail "reads writes of 1 byte of $f: '$got', want '3 2': $(cat "$out")"
pass "-p $DRIVEN_PID 0: $f read 3 and written 2 times, a byte each"
