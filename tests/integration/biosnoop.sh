# biosnoop on this kernel: a workload's 25 O_DIRECT writes of 20 KiB and 25 reads of 12 KiB
# are each one line with its COMM and PID, the disk's name, T and BYTES; -Q and -P add their
# columns (the workload's I/O sequential), -d DISK and --json; nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/biosnoop.out
dir=$(disk_dir) || skip "no disk-backed directory for O_DIRECT I/O"
[ -x "$TB_PROGS/dio_sizes" ] || skip "tests/progs/dio_sizes not built"
N=25
io() {
	"$TB_PROGS/dio_sizes" file "$dir/f" 20480 12288 $N >"$WORK/dio.txt" 2>&1 ||
		fail "disk workload failed: $(cat "$WORK/dio.txt")"
	pid=$(awk '/^pid/ { print $2 }' "$WORK/dio.txt")
}
# the disk that holds $dir, as /proc/diskstats names it (partitions map to their disk)
dev=$(stat -c %d "$dir")
sysdev=$(readlink -f "/sys/dev/block/$((dev >> 8 & 0xfff)):$((dev & 0xff))")
disk=$(basename "$sysdev")
[ -e "/sys/block/$disk" ] || disk=$(basename "$(dirname "$sysdev")")
# count T BYTES [COLUMNS]: the workload's lines with that direction and size (text output)
count() { awk -v p="$pid" -v d="$disk" -v t="$1" -v b="$2" -v nf="${3:-8}" \
	'$2 == "dio_sizes" && $3 == p && $4 == d && $5 == t && $7 == b && NF == nf { n++ } END { print n + 0 }' "$out"; }
# total T: the workload's bytes in that direction
total() { awk -v p="$pid" -v t="$1" '$3 == p && $5 == t { s += $7 } END { print s + 0 }' "$out"; }
# an I/O that crosses from one extent of the file to another is two requests (a fragmented
# file system): the sizes are asked of all but a few, the bytes of all
whole() { [ "$1" -le $N ] && [ "$1" -ge $((N - 3)) ]; }

# --- BCC's columns, one line per I/O ---
start_tool biosnoop
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
io
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "biosnoop exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx 'TIME(s)     COMM           PID     DISK      T SECTOR     BYTES  LAT(ms)' ||
	fail "not BCC's header: $(head -1 "$out")"
w=$(count W 20480); r=$(count R 12288)
whole "$w" || fail "expected $N writes of 20480 bytes by dio_sizes $pid on $disk, saw $w"
whole "$r" || fail "expected $N reads of 12288 bytes by dio_sizes $pid on $disk, saw $r"
[ "$(total W)" -ge $((N * 20480)) ] || fail "writes of the workload: $(total W) bytes for $((N * 20480))"
[ "$(total R)" -ge $((N * 12288)) ] || fail "reads of the workload: $(total R) bytes for $((N * 12288))"
awk -v p="$pid" '$3 == p && !($1 ~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]$/ && $6 ~ /^[0-9]+$/ && $8 ~ /^[0-9]+\.[0-9][0-9]$/) { bad = $0 } END { exit bad != "" }' "$out" ||
	fail "a line not TIME(s) %.6f, SECTOR, LAT(ms) %.2f"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
grep -q "processes from block:block_\(io_start\|getrq\)" "$WORK/biosnoop.err" || fail "-v does not say where processes come from"
pass "$w of $N writes and $r of $N reads whole, all bytes, of the workload, its COMM and PID, disk $disk ($(grep -o 'block_io_start\|block_getrq' "$WORK/biosnoop.err" | head -1))"

# --- -Q -P: QUE(ms) and the pattern; the workload's I/O is mostly sequential ---
start_tool biosnoop -Q -P
io
stop_tool
head -1 "$out" | grep -qx 'TIME(s)     COMM           PID     DISK      T SECTOR     BYTES  P QUE(ms) LAT(ms)' ||
	fail "-Q -P: not BCC's header: $(head -1 "$out")"
whole "$(count W 20480 10)" || fail "-Q -P: expected $N writes with 10 columns"
s=$(awk -v p="$pid" '$3 == p && $7 == 20480 && $8 == "S" && $9 ~ /^[0-9]+\.[0-9][0-9]$/ { n++ } END { print n + 0 }' "$out")
[ "$s" -ge $((N / 2)) ] || fail "-P: only $s of $N sequential writes marked S"
pass "-Q and -P columns ($s of $N writes sequential)"

# --- -d DISK and --json ---
start_tool biosnoop -d "$disk" --json
io
stop_tool
json_check "$out" '.disk == "'"$disk"'" and (.lat_ms | type) == "number"' || fail "--json -d: $(head -c 300 "$out")"
n=$(jq -s --argjson p "$pid" '[.[] | select(.pid == $p and .comm == "dio_sizes" and .bytes == 12288 and .t == "R")] | length' "$out")
whole "$n" || fail "--json: $n reads of 12288 bytes, expected $N"
pass "-d $disk, --json"

# --- block_getrq, as kernels before 6.5 have it: the same lines ---
export TRACEBOX_HIDE_TRACEPOINTS=block:block_io_start
start_tool biosnoop
io
stop_tool
unset TRACEBOX_HIDE_TRACEPOINTS
grep -q "processes from block:block_getrq" "$WORK/biosnoop.err" || fail "block_io_start hidden: not from block_getrq"
w=$(count W 20480); r=$(count R 12288)
whole "$w" && whole "$r" || fail "from block_getrq: $w writes, $r reads of dio_sizes $pid, expected $N each"
pass "from block_getrq (kernels before 6.5): $w writes and $r reads with the workload's COMM and PID"

check_help_dump biosnoop "TRACEPOINT_PROBE(block, block_rq_issue)"
pass "--help with examples, --dump-bpf"
