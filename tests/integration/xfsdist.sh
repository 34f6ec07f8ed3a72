# xfsdist on this kernel. Without kprobes (this machine): the one-line refusal before any
# compile, status 1; --attach kprobe compiles the program and fails at its first attach in one
# line; then skipped (the stock guest's smoke case runs it). With kprobes and an XFS at hand (a
# folder on one, or SMOKE_DISK made one): fs_ops' 5 rounds with their O_SYNC writes, whose 15
# reads, 15 writes, 15 opens and 10 fsyncs (5 inside the O_SYNC writes) the histograms must
# count exactly, in text and in --json -m; no program left.
# Without XFS: the one-line refusal naming its missing function, then skipped.
. "$(dirname "$0")/lib.sh"
require_root

xfs_refused xfsdist -m
fs_tool_refused xfsdist fsdist.bpf.c -m
xfs_dir
out=$WORK/xfsdist.out

fs_ops_run xfsdist "5 osync"
[ "$(sed -n 1p "$out")" = "Tracing XFS operation latency... Hit Ctrl-C to end." ] || fail "banner: $(sed -n 1p "$out")"
awk '/^operation = / { op = $3; order = order " " op }
     / -> / { split($0, a, ":"); split(a[2], b, " "); n[op] += b[1] }
     END { print "order" order; print "read", n["read"]; print "write", n["write"];
	   print "open", n["open"]; print "fsync", n["fsync"] }' "$out" >"$WORK/got"
printf '%s\n' "order read write open fsync" "read 15" "write 15" "open 15" "fsync 10" >"$WORK/want"
cmp -s "$WORK/got" "$WORK/want" || fail "counts: $(tr '\n' ' ' <"$WORK/got")"
grep -q '^     usecs               : count     distribution$' "$out" || fail "no usecs header"
pass "fs_ops x5 with O_SYNC writes: 15 reads, 15 writes, 15 opens, 10 fsyncs in their histograms"

fs_ops_run xfsdist 5 --json -m
[ "$(wc -l <"$out")" = 1 ] || fail "--json: $(wc -l <"$out") lines"
for want in '"key":"read","total":15' '"key":"write","total":10' '"key":"open","total":10' '"key":"fsync","total":5' '"unit":"msecs","section":"operation"'; do
	grep -qF "$want" "$out" || fail "--json -m: no $want in $(cat "$out")"
done
pass "--json -m: one object, the totals of 5 plain rounds, in msecs"
