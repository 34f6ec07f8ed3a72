# drsnoop on this kernel: reclaim_read, moved into a memory cgroup of 8 MiB (no swap), reads a
# 32 MiB file of its own after dropping its cached pages, so the kernel reclaims the cgroup's
# page cache in that process. That is a memory cgroup's reclaim (mm_vmscan_memcg_reclaim_*),
# which BCC's tracepoints (the page allocator's direct reclaim) never see: --memcg must print
# its lines (comm, PID, pages at least what the limit made it give back), the default none.
# Filters (-p, -t, -u, -n), -T -U, --json, and -v's free memory or its one-line refusal where
# /proc/kallsyms lists no data symbols. Nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/drsnoop.out
TB_VERBOSE=--verbose # -v is BCC's: free memory
LIMIT_MB=8
FILE_MB=32

check_help_dump drsnoop "TRACEPOINT_PROBE(vmscan, mm_vmscan_direct_reclaim_begin)"
tb_tracepoint_exists() { [ -d "/sys/kernel/tracing/events/$1" ] || [ -d "/sys/kernel/debug/tracing/events/$1" ]; }
tb_tracepoint_exists vmscan/mm_vmscan_memcg_reclaim_begin ||
	skip "no vmscan:mm_vmscan_memcg_reclaim_begin tracepoint (CONFIG_MEMCG off): no reclaim to cause"
dir=$(disk_dir) || skip "no disk-backed folder: page cache on tmpfs is not reclaimed without swap"
memcg_make tb-drsnoop $LIMIT_MB
start_driven reader "$TB_PROGS/reclaim_read" "$dir/file" $FILE_MB
RPID=$DRIVEN_PID
echo "$RPID" >"$CG_PROCS" || fail "cannot move $RPID into $CG"
# the least the cgroup must give back in one round: all it read beyond its limit
min_pages=$(((FILE_MB - LIMIT_MB) * 1048576 / $(getconf PAGESIZE)))

# one_run ARGS...: drsnoop ARGS while reclaim_read reads its file once; nothing lost
one_run() {
	driven_run drsnoop reader "$@"
	grep -q "events:.* 0 lost" "$WORK/drsnoop.err" || fail "events lost: $(grep 'events:' "$WORK/drsnoop.err")"
}

# --- --memcg -p: the reader's reclaims, with every page it had to give back ---
one_run --memcg -p "$RPID"
[ "$(head -1 "$out")" = "COMM           PID     LAT(ms) PAGES RECLAIM" ] || fail "not BCC's header: $(head -1 "$out")"
n=$(tail -n +2 "$out" | wc -l)
[ "$n" -gt 0 ] || fail "no reclaim of reclaim_read $RPID in $CG ($CG_KIND)"
tail -n +2 "$out" | awk -v p="$RPID" '!($1 == "reclaim_read" && $2 == p && $3 ~ /^[0-9]+\.[0-9][0-9]$/ &&
	$4 ~ /^[0-9]+$/ && $5 == "memcg" && NF == 5) { bad = 1 } END { exit bad }' ||
	fail "a line not of reclaim_read $RPID, memcg: $(tail -3 "$out")"
pages=$(tail -n +2 "$out" | awk '{ s += $4 } END { print s + 0 }')
[ "$pages" -ge "$min_pages" ] || fail "$pages pages reclaimed in $n reclaims, fewer than the $min_pages read beyond the limit"
grep -q "attached tracepoint vmscan:mm_vmscan_memcg_reclaim_end" "$WORK/drsnoop.err" || fail "-v: no memcg tracepoint named"
pass "--memcg -p $RPID: $n reclaims of reclaim_read in a cgroup $CG_KIND memory cgroup, $pages pages (>= $min_pages)"

# --- BCC's tracepoints alone (-T -U): the page allocator's direct reclaim, not a cgroup's ---
one_run -T -U
[ "$(head -1 "$out")" = "TIME(s)       UID   COMM           PID     LAT(ms) PAGES" ] || fail "-T -U: not BCC's header: $(head -1 "$out")"
awk -v p="$RPID" '$4 == p' "$out" | grep -q . && fail "memory cgroup reclaim printed without --memcg: $(awk -v p="$RPID" '$4 == p' "$out" | head -3)"
tail -n +2 "$out" | awk '!($1 ~ /^[0-9]+\.[0-9]{9}$/ && $2 ~ /^[0-9]+$/ && $(NF-1) ~ /^[0-9]+\.[0-9][0-9]$/) { bad = 1 } END { exit bad }' ||
	fail "-T -U: a line not in BCC's form: $(tail -2 "$out")"
pass "BCC's direct reclaim tracepoints: nothing for the cgroup's reclaim ($(($(wc -l <"$out") - 1)) lines of other processes)"

# --- --json -t -n ---
one_run --json --memcg -t "$RPID" -n laim_re
json_check "$out" ".comm == \"reclaim_read\" and .tid == $RPID and .reclaim == \"memcg\" and .lat_ms >= 0 and .pages >= 0" ||
	fail "--json: not objects of reclaim_read's thread $RPID: $(head -2 "$out")"
n=$(wc -l <"$out")
[ "$n" -gt 0 ] || fail "--json -n laim_re: no reclaim of reclaim_read"
pass "--json -t $RPID -n laim_re: $n objects"

# --- filters that exclude the reader: -u 1, -n ---
one_run --memcg -u 1 -n reclaim
[ "$(wc -l <"$out")" = 1 ] || fail "-u 1: reclaims of other users printed: $(tail -2 "$out")"
one_run --memcg -p "$RPID" -n nosuchname
[ "$(wc -l <"$out")" = 1 ] || fail "-n nosuchname: lines printed: $(tail -2 "$out")"
pass "-u 1 and -n nosuchname: only the header"

# --- -v: free memory where kallsyms lists vm_zone_stat, else one line saying why not ---
if grep -qw -e vm_zone_stat -e vm_stat /proc/kallsyms; then
	one_run -v --memcg -p "$RPID"
	[ "$(head -1 "$out")" = "COMM           PID     LAT(ms) PAGES  FREE(KB) RECLAIM" ] || fail "-v: not BCC's header: $(head -1 "$out")"
	tail -n +2 "$out" | awk '!($5 > 0) { bad = 1 } END { exit bad || NR == 0 }' || fail "-v: no free memory: $(tail -2 "$out")"
	pass "-v: free memory at each reclaim"
else
	"$TB_BIN/drsnoop" -v >"$WORK/v.out" 2>"$WORK/v.err" && fail "-v ran without vm_zone_stat in /proc/kallsyms"
	[ "$(wc -l <"$WORK/v.err")" = 1 ] && grep -q "CONFIG_KALLSYMS_ALL" "$WORK/v.err" || fail "-v: not one line: $(cat "$WORK/v.err")"
	pass "-v refused in one line: $(cat "$WORK/v.err")"
fi
end_driven
wait "$RPID"
