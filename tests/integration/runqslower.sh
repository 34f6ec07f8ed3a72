# runqslower on this kernel: a marker thread pinned to one CPU with 3 spinning threads must wait
# there milliseconds at each wake-up and preemption; its lines (TID, COMM, LAT above the
# threshold), -P's previous task, -p, -t, the sched: tracepoint fallback, JSON, bad input and
# nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/runqslower.out
MIN=1000 # us: the marker waits a few ms behind the busy threads (a slice each)

# runs the workload once: 3 busy threads, 20 rounds of 1 ms sleep + 3 ms spin
run_workload() {
	"$TB_PROGS/runq_wait" 3 20 >"$WORK/wl.txt" || fail "runq_wait failed: $(cat "$WORK/wl.txt")"
	MARKER=$(awk '$1 == "ready" { print $2 }' "$WORK/wl.txt")
	BUSY=$(awk '$1 == "busy" { print $2 }' "$WORK/wl.txt" | tr '\n' ' ')
}
# the event lines from "TID" on (TIME and COMM are 8+1 and 16+1 columns: a COMM may hold spaces)
rows() { tail -n +3 "$out" | cut -c27-; }
# TID LAT of the lines whose COMM is $1
rows_of() { tail -n +3 "$out" | awk -v c="$1" 'substr($0, 10, 16) == sprintf("%-16s", c)' | cut -c27-; }
# -P lines as "COMM TID LAT PREV_COMM PREV_TID" (spaces in names as _; a TID may pass 6 columns)
prev_rows() {
	tail -n +3 "$out" | awk '{
		c = substr($0, 10, 16); r = substr($0, 27); match(r, /^[0-9]+ +[0-9]+ /)
		p = substr(r, RLENGTH + 1, 16); split(r, f, " ")
		sub(/ +$/, "", c); sub(/ +$/, "", p); gsub(/ /, "_", c); gsub(/ /, "_", p)
		print c, f[1], f[2], p, $NF }'
}
# check_prev WHAT: the lines of a -P run. Every PREV rq_busy is one of the busy threads' TIDs,
# every PREV rq_marker the marker's, the marker never follows itself; a line after a busy
# thread at least, 3 after the marker. Other tasks of the machine run on that CPU too (this
# workload is niced under the tests, they may not be): the marker often follows one of them,
# so how many of its own lines follow a busy thread is only counted ($MB).
check_prev() {
	prev_rows >"$WORK/prev.txt"
	NB=0 NM=0 MB=0
	while read -r c tid lat pc pt; do
		[ "$lat" -gt $MIN ] || fail "$1: latency $lat not above $MIN"
		if [ "$c" = rq_marker ]; then
			[ "$tid" = "$MARKER" ] || fail "$1: rq_marker with TID $tid"
			[ "$pt" != "$MARKER" ] || fail "$1: the marker took the CPU from itself"
		fi
		case $pc in
		rq_busy)
			is_busy "$pt" || fail "$1: PREV rq_busy with TID $pt, not one of $BUSY"
			NB=$((NB + 1))
			[ "$c" = rq_marker ] && MB=$((MB + 1)) ;;
		rq_marker)
			[ "$pt" = "$MARKER" ] || fail "$1: PREV rq_marker with TID $pt, not $MARKER"
			NM=$((NM + 1)) ;;
		esac
	done <"$WORK/prev.txt"
	[ "$NB" -ge 1 ] || fail "$1: no line after a busy thread ($BUSY)"
	[ "$NM" -ge 3 ] || fail "$1: $NM lines after the marker, want 3 at least"
}
is_busy() { case " $BUSY " in *" $1 "*) return 0 ;; esac; return 1; }

# --- default columns: the marker's lines, every latency above the threshold ---
start_tool runqslower $MIN
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
run_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "runqslower exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
[ "$(sed -n 1p "$out")" = "Tracing run queue latency higher than $MIN us" ] || fail "no BCC banner: $(sed -n 1p "$out")"
[ "$(sed -n 2p "$out")" = "TIME     COMM             TID           LAT(us)" ] || fail "not BCC's header: $(sed -n 2p "$out")"
tail -n +3 "$out" | grep -Evq '^[0-9]{2}:[0-9]{2}:[0-9]{2} .{16} [0-9]+ +[0-9]+$' &&
	fail "a line is not TIME COMM TID LAT: $(tail -n +3 "$out" | grep -Ev '^[0-9]{2}:[0-9]{2}:[0-9]{2} .{16} [0-9]+ +[0-9]+$' | head -3)"
rows | awk -v m=$MIN '$2 <= m { bad = 1 } END { exit bad }' || fail "a latency not above $MIN us"
n=$(rows_of rq_marker | awk -v t="$MARKER" '$1 == t' | wc -l)
[ "$n" -ge 5 ] || fail "$n lines of the marker (TID $MARKER) in 20 rounds, want 5 at least"
[ -z "$(rows_of rq_marker | awk -v t="$MARKER" '$1 != t')" ] || fail "rq_marker under another TID"
for t in $(rows_of rq_busy | awk '{ print $1 }'); do is_busy "$t" || fail "rq_busy with TID $t, not one of $BUSY"; done
# BCC's "%-8s %-16s %-6s %14s" (our last column is the same: right-aligned)
tail -n +3 "$out" | grep ' rq_marker ' | awk '{ printf "%-8s %-16s %-6s %14s\n", $1, $2, $3, $4 }' >"$WORK/bcc.txt"
tail -n +3 "$out" | grep ' rq_marker ' | cmp -s - "$WORK/bcc.txt" || fail "columns not BCC's widths"
pass "$n lines of rq_marker (TID $MARKER) waiting over $MIN us, BCC's columns, detached"

# --- -P: the task each one took the CPU from ---
start_tool runqslower -P $MIN
run_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "runqslower -P exited with $TOOL_RC after SIGTERM"
[ "$(sed -n 2p "$out")" = "TIME     COMM             TID           LAT(us) PREV COMM        PREV TID" ] ||
	fail "-P: not BCC's header: $(sed -n 2p "$out")"
check_prev "-P"
pass "-P: $NB lines after a busy thread ($MB of them the marker's), $NM after the marker, PREV TIDs theirs"

# --- -p and -t: driven, so that the IDs are known before tracing ---
start_driven rqw "$TB_PROGS/runq_wait" -d 3 20
start_tool runqslower -p "$DRIVEN_PID" $MIN 7>&-
drive_round rqw
stop_tool
BUSY=$(awk '$1 == "busy" { print $2 }' "$WORK/rqw.txt" | tr '\n' ' ')
[ "$(rows_of rq_marker | wc -l)" -ge 1 ] || fail "-p: no marker line"
for t in $(rows | awk '{ print $1 }'); do
	[ "$t" = "$DRIVEN_PID" ] || is_busy "$t" || fail "-p $DRIVEN_PID: a line of TID $t"
done
start_tool runqslower -t "$DRIVEN_PID" -P $MIN 7>&-
drive_round rqw
stop_tool
[ "$(rows | wc -l)" -ge 1 ] || fail "-t: no line"
[ -z "$(rows | awk -v t="$DRIVEN_PID" '$1 != t')" ] || fail "-t $DRIVEN_PID: other threads: $(rows | head -3)"
[ "$(rows_of rq_marker | wc -l)" = "$(rows | wc -l)" ] || fail "-t: a line not named rq_marker"
pass "-p: the process's threads only; -t: the marker thread only"

# --- the fallback for kernels without raw tracepoints: sched: tracepoints, -t works, -p refused ---
export TRACEBOX_NO_RAW_TRACEPOINTS=1
MARKER=$DRIVEN_PID
start_tool runqslower -P $MIN 7>&-
drive_round rqw
stop_tool
grep -q "attaching to tracepoints sched:sched_wakeup" "$WORK/runqslower.err" || fail "fallback: not on sched: tracepoints"
check_prev "fallback -P"
start_tool runqslower -t "$MARKER" $MIN 7>&-
drive_round rqw
stop_tool
[ "$(rows | wc -l)" -ge 1 ] || fail "fallback -t: no line"
[ -z "$(rows | awk -v t="$MARKER" -v m=$MIN '$1 != t || $2 <= m')" ] || fail "fallback -t: $(rows | head -3)"
[ "$(rows_of rq_marker | wc -l)" = "$(rows | wc -l)" ] || fail "fallback -t: a line not named rq_marker"
"$TB_BIN/runqslower" -p 1 >/dev/null 2>"$WORK/bad.err" && fail "fallback accepted -p"
[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q "^runqslower: failed to trace by process: -p needs raw tracepoints" "$WORK/bad.err" ||
	fail "fallback -p: $(cat "$WORK/bad.err")"
unset TRACEBOX_NO_RAW_TRACEPOINTS
pass "fallback to sched: tracepoints (TRACEBOX_NO_RAW_TRACEPOINTS=1): -t and -P work, -p refused"

# --- JSON: one object per slow wait ---
start_tool runqslower --json -P -t "$DRIVEN_PID" $MIN 7>&-
drive_round rqw
stop_tool
end_driven
[ -s "$out" ] || fail "--json: nothing printed"
json_check "$out" "length == 6 and (.time | test(\"^[0-9]{2}:[0-9]{2}:[0-9]{2}\$\")) and .comm == \"rq_marker\" and
	.tid == $DRIVEN_PID and .lat_us > $MIN and (.prev_comm | type) == \"string\" and (.prev_tid | type) == \"number\"" ||
	fail "--json: not the expected objects: $(head -3 "$out")"
pass "JSON output"

check_help_dump runqslower "RAW_TRACEPOINT_PROBE(sched_switch)"
pass "--help with examples, --dump-bpf"

# --- bad input ---
for args in "-p 1 -t 2" "-p abc" "-t 0" "abc" "1 2" "-- -5" "3600000001"; do
	"$TB_BIN/runqslower" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] && head -1 "$WORK/bad.err" | grep -qE '^runqslower: (invalid|unexpected)' ||
		fail "'$args': $(cat "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
