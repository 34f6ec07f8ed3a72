# ext4dist on this kernel. Without kprobes (this machine): the one-line refusal before any
# compile, status 1; --attach kprobe compiles the program and fails at its first attach in one
# line; then skipped (the smoke case runs it in the guests). With kprobes and an ext4 file
# system at hand (a folder on one, or SMOKE_DISK made ext2 and mounted by the ext4 driver):
# fs_ops' 5 rounds, whose 15 reads, 10 writes, 10 opens and 5 fsyncs the histograms must count
# exactly, in text and in --json -m; no program left.
. "$(dirname "$0")/lib.sh"
require_root

# --- no kprobes: refused in one line, before compiling ---
if ! "$TB_BIN/ext4dist" --compile-only >"$WORK/refused.out" 2>"$WORK/refused.err"; then
	want="ext4dist: cannot trace ext4 operations: kprobe: this kernel has no kprobes (CONFIG_KPROBES is off)"
	[ "$(cat "$WORK/refused.err")" = "$want" ] || fail "refusal: $(cat "$WORK/refused.err")"
	[ ! -s "$WORK/refused.out" ] || fail "printed on stdout: $(cat "$WORK/refused.out")"
	"$TB_BIN/ext4dist" -v --attach kprobe -m >/dev/null 2>"$WORK/forced.err" &&
		fail "--attach kprobe started"
	grep -Eq '^ext4dist: (compiled fsdist.bpf.c|compile cache hit)' "$WORK/forced.err" || fail "--attach kprobe did not compile"
	tail -1 "$WORK/forced.err" | grep -q "^ext4dist: failed to attach kprobe 'ext4_file_read_iter': this kernel has no kprobes" ||
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
dir=$(mktemp -d "$dir/tb-ext4dist.XXXXXX") && ln -s "$dir" "$WORK/disk"

# run_fs_ops ARGS...: ext4dist ARGS -p (the workload), 5 rounds of it, then Ctrl-C
run_fs_ops() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/fs_ops' '$dir' 5 >'$WORK/fs_ops.txt'" &
	holder=$!
	start_tool ext4dist -p "$holder" "$@"
	ids=$(tool_prog_ids "$TOOL_PID")
	echo go >"$fifo"; wait "$holder" || fail "fs_ops failed"
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "ext4dist exited with $TOOL_RC after SIGINT"
	[ -z "$(progs_left $ids)" ] || fail "BPF programs left: $(progs_left $ids)"
}
out=$WORK/ext4dist.out

run_fs_ops
[ "$(sed -n 1p "$out")" = "Tracing ext4 operation latency... Hit Ctrl-C to end." ] || fail "banner: $(sed -n 1p "$out")"
awk '/^operation = / { op = $3; order = order " " op }
     / -> / { split($0, a, ":"); split(a[2], b, " "); n[op] += b[1] }
     END { print "order" order; print "read", n["read"]; print "write", n["write"];
	   print "open", n["open"]; print "fsync", n["fsync"] }' "$out" >"$WORK/got"
printf '%s\n' "order read write open fsync" "read 15" "write 10" "open 10" "fsync 5" >"$WORK/want"
cmp -s "$WORK/got" "$WORK/want" || fail "counts: $(tr '\n' ' ' <"$WORK/got")"
grep -q '^     usecs               : count     distribution$' "$out" || fail "no usecs header"
pass "fs_ops x5: 15 reads, 10 writes, 10 opens, 5 fsyncs in their histograms"

run_fs_ops --json -m
[ "$(wc -l <"$out")" = 1 ] || fail "--json: $(wc -l <"$out") lines"
for want in '"key":"read","total":15' '"key":"write","total":10' '"key":"open","total":10' '"key":"fsync","total":5' '"unit":"msecs","section":"operation"'; do
	grep -qF "$want" "$out" || fail "--json -m: no $want in $(cat "$out")"
done
pass "--json -m: one object, the same totals, in msecs"
