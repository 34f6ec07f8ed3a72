# biolatency on this kernel: 400 O_DIRECT 4 KiB I/Os on a disk-backed file must be counted, in
# one histogram, per disk (-D, named as in /proc/diskstats), per flags (-F), with -Q and -m,
# intervals with -T, and JSON; nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/biolatency.out
dir=$(disk_dir) || skip "no disk-backed directory for O_DIRECT I/O"
io() { "$TB_PROGS/hist_load" dio "$dir/f" 200 >/dev/null || fail "disk workload failed"; }
# total count over every histogram of a JSON summary
json_count() { jq -s '[.[].hists[].buckets[].count] | add // 0' "$1"; }
# the disk that holds $dir, as /proc/diskstats names it (partitions map to their disk)
dev=$(stat -c %d "$dir")
disk=$(basename "$(readlink -f "/sys/dev/block/$((dev >> 8 & 0xfff)):$((dev & 0xff))")")
[ -e "/sys/block/$disk" ] || disk=$(basename "$(dirname "$(readlink -f "/sys/dev/block/$((dev >> 8 & 0xfff)):$((dev & 0xff))")")")

# --- one histogram at Ctrl-C ---
start_tool biolatency
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
io
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "biolatency exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx 'Tracing block device I/O... Hit Ctrl-C to end.' || fail "no banner"
grep -qx '     usecs               : count     distribution' "$out" || fail "no BCC header"
n=$(awk '/ -> / { s += $5 } END { print s + 0 }' "$out")
[ "$n" -ge 400 ] || fail "expected at least the workload's 400 I/Os, counted $n"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
pass "histogram counts the workload's I/O ($n)"

# --- -D: a section for the disk; -F: Write and Read sections; JSON ---
start_tool biolatency -D
io
stop_tool
grep -qx "disk = $disk" "$out" || fail "-D: no section 'disk = $disk': $(grep '^disk' "$out")"
start_tool biolatency -F --json
io
stop_tool
json_check "$out" '.section == "flags" and (.hists | length) > 0' || fail "-F --json: $(head -c 300 "$out")"
jq -e '[.hists[].key] | map(select(test("(^|-)Write$"))) | length > 0' "$out" >/dev/null || fail "-F: no Write section"
jq -e '[.hists[].key] | map(select(test("(^|-)Read$"))) | length > 0' "$out" >/dev/null || fail "-F: no Read section"
[ "$(json_count "$out")" -ge 400 ] || fail "-F: fewer than 400 I/Os"
pass "-D per disk ($disk), -F per flags, JSON"

# --- -e: BCC's average and total line ---
start_tool biolatency -e
io
stop_tool
n=$(sed -n 's/^avg = [0-9]* usecs, total: [0-9]* usecs, count: \([0-9]*\)$/\1/p' "$out")
[ -n "$n" ] && [ "$n" -ge 400 ] || fail "-e: no 'avg = ... count: N' line with N >= 400: $(tail -3 "$out")"
pass "-e average and total ($n I/Os)"

# --- -Q -m: queued time, milliseconds ---
start_tool biolatency -Q -m -j
io
stop_tool
json_check "$out" '.unit == "msecs"' || fail "-Q -m -j: $(head -c 300 "$out")"
[ "$(json_count "$out")" -ge 400 ] || fail "-Q: fewer than 400 I/Os"
grep -q "timing from block:block_\(io_start\|rq_insert\)" "$WORK/biolatency.err" || fail "-Q: not timed from queueing"
pass "-Q from queueing, -m, -j"

# --- -d DISK, intervals, -T ---
"$TB_BIN/biolatency" -T -d "$disk" 1 2 >"$out" 2>"$WORK/biolatency.err" &
TOOL_PID=$!
sleep 1.5; io
wait "$TOOL_PID"; rc=$?; TOOL_PID=
[ "$rc" = 0 ] || fail "biolatency -T -d $disk 1 2 exited with $rc: $(cat "$WORK/biolatency.err")"
[ "$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$out")" = 2 ] || fail "expected 2 timestamped outputs"
pass "-d DISK, interval and count, -T"

check_help_dump biolatency "TRACEPOINT_PROBE(block, block_rq_issue)"
pass "--help with examples, --dump-bpf"

for args in "-D -F" "-d no-such-disk-tb" "1 x"; do
	"$TB_BIN/biolatency" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -qE '^biolatency: (invalid|unexpected)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
