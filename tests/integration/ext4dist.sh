# ext4dist on this kernel. Without kprobes (this machine): the one-line refusal before any
# compile, status 1; --attach kprobe compiles the program and fails at its first attach in one
# line; then skipped (the smoke case runs it in the guests). With kprobes and an ext4 file
# system at hand (a folder on one, or SMOKE_DISK made ext2 and mounted by the ext4 driver):
# fs_ops' 5 rounds, whose 15 reads, 10 writes, 10 opens and 5 fsyncs the histograms must count
# exactly, in text and in --json -m; no program left.
. "$(dirname "$0")/lib.sh"
require_root

fs_tool_refused ext4dist fsdist.bpf.c -m
ext4_dir
out=$WORK/ext4dist.out

fs_ops_run ext4dist 5
[ "$(sed -n 1p "$out")" = "Tracing ext4 operation latency... Hit Ctrl-C to end." ] || fail "banner: $(sed -n 1p "$out")"
awk '/^operation = / { op = $3; order = order " " op }
     / -> / { split($0, a, ":"); split(a[2], b, " "); n[op] += b[1] }
     END { print "order" order; print "read", n["read"]; print "write", n["write"];
	   print "open", n["open"]; print "fsync", n["fsync"] }' "$out" >"$WORK/got"
printf '%s\n' "order read write open fsync" "read 15" "write 10" "open 10" "fsync 5" >"$WORK/want"
cmp -s "$WORK/got" "$WORK/want" || fail "counts: $(tr '\n' ' ' <"$WORK/got")"
grep -q '^     usecs               : count     distribution$' "$out" || fail "no usecs header"
pass "fs_ops x5: 15 reads, 10 writes, 10 opens, 5 fsyncs in their histograms"

fs_ops_run ext4dist 5 --json -m
[ "$(wc -l <"$out")" = 1 ] || fail "--json: $(wc -l <"$out") lines"
for want in '"key":"read","total":15' '"key":"write","total":10' '"key":"open","total":10' '"key":"fsync","total":5' '"unit":"msecs","section":"operation"'; do
	grep -qF "$want" "$out" || fail "--json -m: no $want in $(cat "$out")"
done
pass "--json -m: one object, the same totals, in msecs"
