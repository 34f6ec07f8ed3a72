# xfsslower on this kernel. Without kprobes (this machine): the one-line refusal before any
# compile, status 1, nothing printed; --attach kprobe compiles the program and fails at its
# first attach in one line; then skipped (the stock guest's smoke case runs it). With kprobes
# and an XFS at hand (a folder on one, or SMOKE_DISK made one): fs_ops' marker file, its two
# opens, writes of 1234 and 4321 bytes, fsync and reads of 1000, 4555 and 0 with their offsets,
# then its O_SYNC write of 2048 bytes with the fsync XFS does inside it, in text, CSV (-j,
# offsets in bytes) and --json; a threshold of an hour prints none of them; no program left.
# Without XFS: the one-line refusal naming its missing function, then skipped.
. "$(dirname "$0")/lib.sh"
require_root

xfs_refused xfsslower -p $$ 0
fs_tool_refused xfsslower fsslower.bpf.c -p $$ 0
xfs_dir
out=$WORK/xfsslower.out

fs_ops_run xfsslower "1 osync" 0
[ "$(sed -n 1p "$out")" = "Tracing XFS operations" ] || fail "banner: $(sed -n 1p "$out")"
[ "$(sed -n 2p "$out")" = "TIME     COMM           PID    T BYTES   OFF_KB   LAT(ms) FILENAME" ] ||
	fail "header: $(sed -n 2p "$out")"
tail -n +3 "$out" | awk '{ print $2, $3, $4, $5, $6, $8 }' >"$WORK/got"
m=fs_ops.marker o=fs_ops.osync
# the O_SYNC write's fsync returns first, inside the write: S before W
printf '%s\n' "fs_ops $FS_PID O 0 0 $m" "fs_ops $FS_PID W 1234 0 $m" "fs_ops $FS_PID W 4321 1 $m" \
	"fs_ops $FS_PID S 0 0 $m" "fs_ops $FS_PID O 0 0 $m" "fs_ops $FS_PID R 1000 0 $m" \
	"fs_ops $FS_PID R 4555 0 $m" "fs_ops $FS_PID R 0 5 $m" "fs_ops $FS_PID O 0 0 $o" \
	"fs_ops $FS_PID S 0 0 $o" "fs_ops $FS_PID W 2048 0 $o" >"$WORK/want"
cmp -s "$WORK/got" "$WORK/want" || fail "lines: $(cat "$WORK/got")"
pass "0: the 8 operations of fs_ops in order with their sizes and offsets, and the O_SYNC write with its nested fsync"

fs_ops_run xfsslower 1 -j 0
[ "$(sed -n 1p "$out")" = "ENDTIME_us,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE" ] || fail "CSV header: $(sed -n 1p "$out")"
tail -n +2 "$out" | cut -d, -f2-6,8 >"$WORK/got"
printf '%s\n' "fs_ops,$FS_PID,O,0,0,$m" "fs_ops,$FS_PID,W,1234,0,$m" "fs_ops,$FS_PID,W,4321,1234,$m" \
	"fs_ops,$FS_PID,S,0,0,$m" "fs_ops,$FS_PID,O,0,0,$m" "fs_ops,$FS_PID,R,1000,0,$m" \
	"fs_ops,$FS_PID,R,4555,1000,$m" "fs_ops,$FS_PID,R,0,5555,$m" >"$WORK/want"
cmp -s "$WORK/got" "$WORK/want" || fail "CSV lines: $(cat "$WORK/got")"
pass "-j: the same in BCC's CSV, offsets in bytes"

fs_ops_run xfsslower 1 --json 0
[ "$(wc -l <"$out")" = 8 ] || fail "--json: $(wc -l <"$out") lines"
grep -Eq "^\{\"time\":\"[0-9:]{8}\",\"comm\":\"fs_ops\",\"pid\":$FS_PID,\"type\":\"R\",\"bytes\":4555,\"off_kb\":0,\"lat_ms\":[0-9]+\.[0-9]{2},\"filename\":\"$m\"\}$" "$out" ||
	fail "--json: no object of the 4555-byte read: $(cat "$out")"
pass "--json: one object per operation"

fs_ops_run xfsslower 1 3600000
[ "$(wc -l <"$out")" = 2 ] || fail "an hour's threshold printed: $(tail -n +3 "$out")"
pass "3600000: nothing slower than an hour"
