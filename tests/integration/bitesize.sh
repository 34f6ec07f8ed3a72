# bitesize on this kernel: a workload's 25 O_DIRECT writes of 20 KiB and 25 reads of 12 KiB
# land in its own section ("Process Name = dio_sizes") in the 16 -> 31 and 8 -> 15 Kbytes rows;
# -c keeps its section alone, -d DISK, intervals with -T, JSON; nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/bitesize.out
dir=$(disk_dir) || skip "no disk-backed directory for O_DIRECT I/O"
[ -x "$TB_PROGS/dio_sizes" ] || skip "tests/progs/dio_sizes not built"
N=25
io() {
	"$TB_PROGS/dio_sizes" file "$dir/f" 20480 12288 $N >"$WORK/dio.txt" 2>&1 ||
		fail "disk workload failed: $(cat "$WORK/dio.txt")"
}
dev=$(stat -c %d "$dir")
sysdev=$(readlink -f "/sys/dev/block/$((dev >> 8 & 0xfff)):$((dev & 0xff))")
disk=$(basename "$sysdev")
[ -e "/sys/block/$disk" ] || disk=$(basename "$(dirname "$sysdev")")
# row LOW: the count in the dio_sizes section's row starting at LOW Kbytes
row() { awk -v low="$1" '/^Process Name = / { s = ($0 == "Process Name = dio_sizes") }
	s && $1 == low && $2 == "->" { n += $5 } END { print n + 0 }' "$out"; }
# the requests are counted when issued, under the process then on the CPU: the workload's own
# (it issues its requests as it submits them) unless the disk's queue was busy and a kernel
# worker issued them later; and an I/O crossing two extents of the file is two requests: a
# 20 KiB write cut in two puts its halves in smaller rows (seen: 8 -> 15 with 26 for 25 reads,
# beside 3 in 4 -> 7, in 2 runs of the whole suite of 2026-12-07)
most() { [ "$1" -le $((N + 3)) ] && [ "$1" -ge $((N - 5)) ]; }

# --- sections at Ctrl-C ---
start_tool bitesize
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
io
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "bitesize exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx 'Tracing block I/O... Hit Ctrl-C to end.' || fail "no banner"
grep -qx 'Process Name = dio_sizes' "$out" || fail "no section 'Process Name = dio_sizes'"
grep -qx '     Kbytes              : count     distribution' "$out" || fail "no BCC header"
w=$(row 16); r=$(row 8)
most "$w" || fail "expected about $N writes of 20 KiB in dio_sizes' 16 -> 31 row, saw $w"
most "$r" || fail "expected about $N reads of 12 KiB in dio_sizes' 8 -> 15 row, saw $r"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
pass "dio_sizes' section: $w of $N writes in 16 -> 31, $r of $N reads in 8 -> 15"

# --- -c COMM and -d DISK: the workload's section alone; JSON ---
start_tool bitesize -c dio_siz -d "$disk" --json
io
stop_tool
json_check "$out" '.unit == "Kbytes" and .section == "comm" and ([.hists[].key] == ["dio_sizes"])' ||
	fail "-c -d --json: $(head -c 300 "$out")"
n=$(jq '[.hists[].buckets[] | select(.low == 16) | .count] | add // 0' "$out")
most "$n" || fail "--json: $n writes in the 16 -> 31 bucket"
pass "-c, -d $disk, --json"

# --- interval, count, -T ---
"$TB_BIN/bitesize" -T 1 2 >"$out" 2>"$WORK/bitesize.err" &
TOOL_PID=$!
sleep 1.2; io
wait "$TOOL_PID"; rc=$?; TOOL_PID=
[ "$rc" = 0 ] || fail "bitesize -T 1 2 exited with $rc: $(cat "$WORK/bitesize.err")"
[ "$(grep -cE '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$' "$out")" = 2 ] || fail "expected 2 timestamped outputs"
pass "interval and count, -T"

check_help_dump bitesize "TRACEPOINT_PROBE(block, block_rq_issue)"
pass "--help with examples, --dump-bpf"
