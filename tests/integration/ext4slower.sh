# ext4slower on this kernel. Without kprobes (this machine): the one-line refusal before any
# compile, status 1, nothing printed; --attach kprobe compiles the program and fails at its
# first attach in one line; then skipped (the smoke case runs it in the guests). With kprobes
# and an ext4 file system at hand (a folder on one, or SMOKE_DISK made ext2 and mounted by the
# ext4 driver): fs_ops' marker file, its two opens, writes of 1234 and 4321 bytes, fsync and
# reads of 1000, 4555 and 0, with their offsets, in text, CSV (-j, offsets in bytes) and
# --json; a threshold of an hour prints none of them; no program left.
. "$(dirname "$0")/lib.sh"
require_root

# --- no kprobes: refused in one line, before compiling ---
if ! "$TB_BIN/ext4slower" --compile-only 0 >"$WORK/refused.out" 2>"$WORK/refused.err"; then
	want="ext4slower: cannot trace ext4 operations: kprobe: this kernel has no kprobes (CONFIG_KPROBES is off)"
	[ "$(cat "$WORK/refused.err")" = "$want" ] || fail "refusal: $(cat "$WORK/refused.err")"
	[ ! -s "$WORK/refused.out" ] || fail "printed on stdout: $(cat "$WORK/refused.out")"
	"$TB_BIN/ext4slower" -v --attach kprobe -p $$ 0 >/dev/null 2>"$WORK/forced.err" &&
		fail "--attach kprobe started"
	grep -Eq '^ext4slower: (compiled fsslower.bpf.c|compile cache hit)' "$WORK/forced.err" || fail "--attach kprobe did not compile"
	[ "$(tail -1 "$WORK/forced.err")" = "ext4slower: failed to attach kprobe 'ext4_file_read_iter': this kernel has no kprobes (CONFIG_KPROBES is off); use a tracepoint instead" ] ||
		fail "--attach kprobe: $(tail -1 "$WORK/forced.err")"
	skip "no kprobes: refused in one line (checked), --attach kprobe compiled and failed to attach in one"
fi

# --- an ext4 file system ---
dir=
for d in /var/tmp "${TB_SRC:-}" "$PWD"; do
	[ -n "$d" ] && [ "$(stat -f -c %T "$d" 2>/dev/null)" = ext2/ext3 ] && { dir=$d; break; }
done
if [ -z "$dir" ] && [ -b "${SMOKE_DISK:-}" ]; then
	mkdir "$WORK/mnt"
	mke2fs -F "$SMOKE_DISK" >/dev/null 2>&1 && mount -t ext4 "$SMOKE_DISK" "$WORK/mnt" &&
		dir=$WORK/mnt && trap 'umount "$WORK/mnt"; cleanup_test' EXIT
fi
[ -n "$dir" ] || skip "no ext4 file system here (a folder on one, or SMOKE_DISK to make one)"
dir=$(mktemp -d "$dir/tb-ext4slower.XXXXXX") && ln -s "$dir" "$WORK/disk"

# run_fs_ops ARGS...: ext4slower ARGS -p (the workload), the workload run once
run_fs_ops() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/fs_ops' '$dir' >'$WORK/fs_ops.txt'" &
	holder=$!
	start_tool ext4slower -p "$holder" "$@"
	ids=$(tool_prog_ids "$TOOL_PID")
	echo go >"$fifo"; wait "$holder" || fail "fs_ops failed"
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "ext4slower exited with $TOOL_RC after SIGINT"
	[ -z "$(progs_left $ids)" ] || fail "BPF programs left: $(progs_left $ids)"
}
out=$WORK/ext4slower.out

run_fs_ops 0
[ "$(sed -n 1p "$out")" = "Tracing ext4 operations" ] || fail "banner: $(sed -n 1p "$out")"
[ "$(sed -n 2p "$out")" = "TIME     COMM           PID    T BYTES   OFF_KB   LAT(ms) FILENAME" ] ||
	fail "header: $(sed -n 2p "$out")"
tail -n +3 "$out" | awk '{ print $2, $3, $4, $5, $6, $8 }' >"$WORK/got"
m=fs_ops.marker
printf '%s\n' "fs_ops $holder O 0 0 $m" "fs_ops $holder W 1234 0 $m" "fs_ops $holder W 4321 1 $m" \
	"fs_ops $holder S 0 0 $m" "fs_ops $holder O 0 0 $m" "fs_ops $holder R 1000 0 $m" \
	"fs_ops $holder R 4555 0 $m" "fs_ops $holder R 0 5 $m" >"$WORK/want"
cmp -s "$WORK/got" "$WORK/want" || fail "lines: $(cat "$WORK/got")"
grep -q '^ext4slower: ext4 reads: ' "$WORK/ext4slower.err" || fail "-v does not say which read function"
pass "0: the 8 operations of fs_ops in order, with their sizes and offsets ($(sed -n 's/^ext4slower: ext4 reads: //p' "$WORK/ext4slower.err"))"

run_fs_ops -j 0
[ "$(sed -n 1p "$out")" = "ENDTIME_us,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE" ] || fail "CSV header: $(sed -n 1p "$out")"
tail -n +2 "$out" | cut -d, -f2-6,8 >"$WORK/got"
printf '%s\n' "fs_ops,$holder,O,0,0,$m" "fs_ops,$holder,W,1234,0,$m" "fs_ops,$holder,W,4321,1234,$m" \
	"fs_ops,$holder,S,0,0,$m" "fs_ops,$holder,O,0,0,$m" "fs_ops,$holder,R,1000,0,$m" \
	"fs_ops,$holder,R,4555,1000,$m" "fs_ops,$holder,R,0,5555,$m" >"$WORK/want"
cmp -s "$WORK/got" "$WORK/want" || fail "CSV lines: $(cat "$WORK/got")"
pass "-j: the same in BCC's CSV, offsets in bytes"

run_fs_ops --json 0
[ "$(wc -l <"$out")" = 8 ] || fail "--json: $(wc -l <"$out") lines"
grep -Eq "^\{\"time\":\"[0-9:]{8}\",\"comm\":\"fs_ops\",\"pid\":$holder,\"type\":\"R\",\"bytes\":4555,\"off_kb\":0,\"lat_ms\":[0-9]+\.[0-9]{2},\"filename\":\"$m\"\}$" "$out" ||
	fail "--json: no object of the 4555-byte read: $(cat "$out")"
pass "--json: one object per operation"

run_fs_ops 3600000
[ "$(wc -l <"$out")" = 2 ] || fail "an hour's threshold printed: $(tail -n +3 "$out")"
pass "3600000: nothing slower than an hour"
