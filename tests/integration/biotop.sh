# biotop on this kernel: a workload's 25 O_DIRECT writes of 20 KiB and 25 reads of 12 KiB are
# its two rows (W and R) of the summary printed at Ctrl-C, with the disk's name and numbers,
# I/O and Kbytes exact; -p keeps one process's rows and no other's, -r MAXROWS, interval and
# count end the run by themselves, --json, block_getrq as kernels before 6.5 have it; nothing
# left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/biotop.out
dir=$(disk_dir) || skip "no disk-backed directory for O_DIRECT I/O"
[ -x "$TB_PROGS/dio_sizes" ] || skip "tests/progs/dio_sizes not built"
N=25
# rewrite: over a file made beforehand, so that the workload makes no I/O but its own (no
# block allocation, no fsync's metadata, no discard when the file is removed)
io() {
	"$TB_PROGS/dio_sizes" rewrite "$dir/f${1:-}" 20480 12288 $N >"$WORK/dio${1:-}.txt" 2>&1 ||
		fail "disk workload failed: $(cat "$WORK/dio${1:-}.txt")"
	pid=$(awk '/^pid/ { print $2 }' "$WORK/dio${1:-}.txt")
}
io; io 2; "$TB_PROGS/dio_sizes" rewrite "$dir/held" 20480 12288 $N >/dev/null; sync
# An I/O that crosses from one extent of a file to another is two requests: with each file in
# one extent (fallocated; filefrag says), I/O counts are exact, else a few more are allowed.
# Kbytes are exact either way.
extents() { filefrag "$1" 2>/dev/null | sed -n 's/.*: \([0-9]*\) extents\{0,1\} found$/\1/p'; }
slack=3
[ "$(extents "$dir/f")" = 1 ] && [ "$(extents "$dir/held")" = 1 ] && slack=0
# the disk that holds $dir, as /proc/diskstats names it (partitions map to their disk)
dev=$(stat -c %d "$dir")
sysdev=$(readlink -f "/sys/dev/block/$((dev >> 8 & 0xfff)):$((dev & 0xff))")
disk=$(basename "$sysdev")
[ -e "/sys/block/$disk" ] || disk=$(basename "$(dirname "$sysdev")")
majmin=$(cat "/sys/block/$disk/dev")
# row PID D: "I/O Kbytes" of that process's row in that direction (text; all rows summed)
row() { awk -v p="$1" -v d="$2" -v dk="$disk" -v mm="$majmin" \
	'$1 == p && $2 == "dio_sizes" && $3 == d && $4 ":" $5 == mm && $6 == dk { io += $7; kb += $8; n++ }
	 END { print (n ? io " " kb : "none") }' "$out"; }
rows_ok() {
	set -- $1 "$2"
	[ "$1" -ge $N ] && [ "$1" -le $((N + slack)) ] && [ "$2" = "$3" ]
}

# --- the summary at Ctrl-C: BCC's head, header and the workload's two rows ---
start_tool biotop -C 60
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
io
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "biotop exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx 'Tracing... Output every 60 secs. Hit Ctrl-C to end' || fail "no banner: $(head -1 "$out")"
grep -qE '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$' "$out" ||
	fail "no 'HH:MM:SS loadavg: ...' line"
grep -qx 'PID     COMM             D MAJ MIN DISK       I/O  Kbytes  AVGms' "$out" || fail "not BCC's header"
tail -1 "$out" | grep -qx 'Detaching...' || fail "no 'Detaching...' at the end"
w=$(row "$pid" W); r=$(row "$pid" R)
rows_ok "$w" $((N * 20)) || fail "expected dio_sizes $pid's W row on $disk ($majmin): $N I/O, $((N * 20)) Kbytes; saw '$w'"
rows_ok "$r" $((N * 12)) || fail "expected dio_sizes $pid's R row on $disk ($majmin): $N I/O, $((N * 12)) Kbytes; saw '$r'"
awk -v p="$pid" '$1 == p && $2 == "dio_sizes" && $9 !~ /^[0-9]+\.[0-9][0-9]$/ { bad = 1 } END { exit bad }' "$out" ||
	fail "AVGms not %.2f"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
grep -q "processes from block:block_\(io_start\|getrq\)" "$WORK/biotop.err" || fail "-v does not say where processes come from"
pass "dio_sizes $pid: W '$w', R '$r' (I/O Kbytes) on $disk $majmin, $(grep -o 'block_io_start\|block_getrq' "$WORK/biotop.err" | head -1), $([ $slack = 0 ] && echo "I/O counts exact" || echo "up to $slack more I/O allowed: the files are in several extents")"

# --- -p: one process's rows, not those of another one running after it ---
mkfifo "$WORK/go"
sh -c 'echo $$ >"$1/held.pid"; read x <"$1/go"; exec "$2/dio_sizes" rewrite "$3/held" 20480 12288 '$N' >"$1/held.txt"' \
	sh "$WORK" "$TB_PROGS" "$dir" &
held=$!
i=0; while [ ! -s "$WORK/held.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
start_tool biotop -C -p "$held" 60
echo go >"$WORK/go"
wait "$held" || fail "the held workload failed: $(cat "$WORK/held.txt")"
# after it, not beside it: a completion interrupting our own program on that CPU is skipped
# by the kernel (bpf_prog_active), which two workloads at once made happen
io 2
stop_tool
[ "$(awk '/^pid/ { print $2 }' "$WORK/held.txt")" = "$held" ] || fail "the held workload is not pid $held"
w=$(row "$held" W); r=$(row "$held" R)
rows_ok "$w" $((N * 20)) && rows_ok "$r" $((N * 12)) || fail "-p $held: its rows W '$w', R '$r'"
others=$(awk -v p="$held" '/^[0-9]+ / && $1 != p && $3 ~ /^[RW]$/' "$out" | wc -l)
[ "$others" = 0 ] || fail "-p $held: $others rows of other processes (dio_sizes $pid after it)"
pass "-p $held: its rows only (W '$w', R '$r'), none of dio_sizes $pid after it"

# --- -r 1 and [interval [count]]: one row a summary, two summaries, then it ends itself ---
start_tool biotop -C -r 1 1 2
io
wait "$TOOL_PID"; TOOL_RC=$?; TOOL_PID=
[ "$TOOL_RC" = 0 ] || fail "biotop 1 2 exited with $TOOL_RC"
[ "$(grep -c ' loadavg: ' "$out")" = 2 ] || fail "biotop 1 2: $(grep -c ' loadavg: ' "$out") summaries, expected 2"
most=$(awk '/^PID / { if (n > m) m = n; n = 0; next } /^[0-9]+ / { n++ } END { if (n > m) m = n; print m + 0 }' "$out")
[ "$most" -le 1 ] || fail "-r 1: $most rows in a summary"
pass "-r 1: at most one row; 1 2: two summaries, then exit 0"

# --- --json: one object a summary, the workload's rows exact ---
start_tool biotop --json 60
io
stop_tool
json_check "$out" '(.ts | type) == "string" and (.loadavg | type) == "string" and (.rows | type) == "array"' ||
	fail "--json: $(head -c 300 "$out")"
j=$(jq -s --argjson p "$pid" --arg d "$disk" '[.[].rows[] | select(.pid == $p and .comm == "dio_sizes" and .disk == $d)] |
	[(map(select(.d == "W")) | [(map(.io) | add), (map(.bytes) | add)]),
	 (map(select(.d == "R")) | [(map(.io) | add), (map(.bytes) | add)])] | flatten | map(tostring) | join(" ")' -r "$out")
set -- $j
[ "$#" = 4 ] && rows_ok "$1 $2" $((N * 20480)) && rows_ok "$3 $4" $((N * 12288)) ||
	fail "--json: dio_sizes $pid's W and R: '$j', expected $N I/O and $((N * 20480)), $((N * 12288)) bytes"
pass "--json: W $1 I/O $2 bytes, R $3 I/O $4 bytes"

# --- block_getrq, as kernels before 6.5 have it: the same rows ---
export TRACEBOX_HIDE_TRACEPOINTS=block:block_io_start
start_tool biotop -C 60
io
stop_tool
unset TRACEBOX_HIDE_TRACEPOINTS
grep -q "processes from block:block_getrq" "$WORK/biotop.err" || fail "block_io_start hidden: not from block_getrq"
w=$(row "$pid" W); r=$(row "$pid" R)
rows_ok "$w" $((N * 20)) && rows_ok "$r" $((N * 12)) || fail "from block_getrq: W '$w', R '$r' of dio_sizes $pid"
pass "from block_getrq (kernels before 6.5): W '$w', R '$r'"

check_help_dump biotop "TRACEPOINT_PROBE(block, block_rq_complete)"
pass "--help with examples, --dump-bpf"
