# Cold start (docs/architecture.md, "Cold start"): against the header tree made from BTF, each
# tool compiles with only the kernel types its program reaches (loader/kernel/btf_prune.c).
# Checked here: every tool's default program compiles that way (no fall back to the whole
# tree), and the result is byte for byte what the whole tree gives: the same instructions
# (every field offset the program reads is in them), the same map and event layouts. The
# whole-tree side is filled by tbdoctor --warm --wait, which is checked on the way.
. "$(dirname "$0")/lib.sh"
require_root
[ -r /sys/kernel/btf/vmlinux ] || skip "no BTF here: tools compile against classic headers, unpruned"
[ -z "${BCC_KERNEL_SOURCE:-}" ] || skip "BCC_KERNEL_SOURCE is set: the BTF-made tree is not used"

# one cache folder for both (the header tree's path is part of each program's key), its
# objects moved aside in between
cache=$WORK/cache whole=$WORK/whole
mkdir -m 700 "$cache"

# --- the whole tree, through tbdoctor --warm --wait ---
TRACEBOX_PRUNE=0 TRACEBOX_CACHE_DIR=$cache "$TB_BIN/tbdoctor" --warm --wait >"$WORK/warm.out" 2>"$WORK/warm.err" ||
	fail "tbdoctor --warm --wait failed: $(tail -3 "$WORK/warm.err")"
grep -q "programs in the cache, 0 not compiled" "$WORK/warm.out" ||
	fail "tbdoctor --warm left tools uncompiled: $(grep -v '^OK' "$WORK/warm.out")"
tools=$(awk '$1 == "OK" && $2 == "tool" { sub(":", "", $3); print $3 }' "$WORK/warm.out")
n=$(echo "$tools" | wc -w)
[ "$n" -ge 30 ] || fail "tbdoctor --warm compiled only $n tools"
pass "tbdoctor --warm --wait: $n tools' programs compiled into the cache"
mv "$cache/objects" "$whole"

# --- each tool pruned, into a cache of its own ---
for t in $tools; do
	TRACEBOX_CACHE_DIR=$cache "$TB_BIN/$t" --verbose --compile-only >"$WORK/$t.out" 2>"$WORK/$t.err" ||
		fail "$t --compile-only failed: $(tail -1 "$WORK/$t.err")"
	grep -q "kernel types for this program:" "$WORK/$t.err" || fail "$t: no pruned types made"
	! grep -q "pruned kernel types did not compile" "$WORK/$t.err" ||
		fail "$t fell back to the whole tree: rerun it with -vv to see what the pruned one lacks"
	rm -f "$WORK/$t.out" "$WORK/$t.err"
	echo "$t $(ls -t "$cache/objects" | head -1)" >>"$WORK/names"
done
pass "$n tools compiled with only the kernel types their programs reach"

# --- the same objects ---
# hello's program carries its process id (-DHELLO_ID, its trace_pipe marker): its two objects
# have keys of their own, one in each cache; every other program has the same key in both
a=$(ls "$cache/objects" | sort) b=$(ls "$whole" | sort)
same=$(printf '%s\n%s\n' "$a" "$b" | sort | uniq -d)
[ "$(echo "$same" | wc -l)" = $((n - 1)) ] ||
	fail "expected $((n - 1)) programs in both caches (all but hello's), found $(echo "$same" | wc -l)"
for o in $same; do
	cmp -s "$cache/objects/$o" "$whole/$o" ||
		fail "$(awk -v o="$o" '$2 == o { print $1 }' "$WORK/names")'s compiled program ($o) differs between the pruned and the whole tree"
done
pass "$(echo "$same" | wc -l) compiled programs identical with pruned and whole kernel types"
ls "$cache"/btf-*/pruned-* >/dev/null 2>&1 && fail "pruned headers left behind: $(ls "$cache"/btf-*/pruned-*)"
pass "no pruned header left in the tree"
