# Cold start (docs/architecture.md, "Cold start"): what shortens a compile must not change what
# it makes. Against the header tree made from BTF each tool compiles with only the kernel types
# its program reaches (loader/kernel/btf_prune.c); against a classic tree (the 4.14 and 6.1
# test kernels' headers, as on a machine without BTF) with the headers each program includes
# precompiled once (loader/kernel/pch.c). For each: every tool's default program compiles that way (no fall
# back), and the result is byte for byte what the whole headers give: the same instructions
# (every field offset the program reads is in them), the same map and event layouts. The
# whole-headers side is filled by tbdoctor --warm --wait (frontends/tbdoctor_warm.c), which is
# checked on the way.
#   sh cold_start.sh [pruned|4.14|6.1]: one part (ctest runs each as a test of its own, each a
#   few minutes of compiles), or all three
. "$(dirname "$0")/lib.sh"
require_root
part=${1:-all}
case $part in all|pruned|4.14|6.1) ;; *) fail "unknown part '$part' (pruned, 4.14 or 6.1)" ;; esac
[ -z "${BCC_KERNEL_SOURCE:-}" ] || skip "BCC_KERNEL_SOURCE is set: the test chooses the headers"

# same_objects KIND SWITCH USED FELL_BACK: SWITCH=0 turns the aid off; USED is what -v says
# when the aid was used, FELL_BACK when it did not compile
same_objects() {
	kind=$1 switch=$2 used=$3 fell_back=$4
	# one cache folder for both sides (the headers' path is part of each program's key),
	# the whole side's objects moved aside in between
	cache=$WORK/$kind whole=$WORK/$kind-whole
	mkdir -m 700 "$cache"
	env "$switch=0" TRACEBOX_CACHE_DIR="$cache" "$TB_BIN/tbdoctor" --warm --wait \
		>"$WORK/warm.out" 2>"$WORK/warm.err" ||
		fail "tbdoctor --warm --wait failed: $(tail -3 "$WORK/warm.err")"
	# against an old tree a tool may not compile at all: tcpdrop's tracepoint variant reads
	# this kernel's skb:kfree_skb, whose enum 4.14 lacks (header_trees.sh says so); the aid is
	# checked on the others
	grep '^WARN' "$WORK/warm.out" | sed "s/^/$kind: whole headers: /"
	tools=$(awk '$1 == "OK" && $2 == "tool" { sub(":", "", $3); print $3 }' "$WORK/warm.out")
	n=$(echo "$tools" | wc -w)
	[ "$n" -ge 30 ] || fail "$kind: tbdoctor --warm compiled only $n tools"
	pass "$kind: tbdoctor --warm --wait compiled $n tools' programs into the cache"
	mv "$cache/objects" "$whole"
	: >"$WORK/names"
	for t in $tools; do
		TRACEBOX_CACHE_DIR=$cache "$TB_BIN/$t" --verbose --compile-only >/dev/null 2>"$WORK/$t.err" ||
			fail "$kind: $t --compile-only failed: $(tail -1 "$WORK/$t.err")"
		# (a program with no kernel header to precompile, as hello's, needs no aid)
		grep -q -e "$used" -e "includes no kernel header" "$WORK/$t.err" ||
			fail "$kind: $t compiled without it"
		! grep -q "$fell_back" "$WORK/$t.err" ||
			fail "$kind: $t fell back to the whole headers (rerun it with -vv to see why)"
		rm -f "$WORK/$t.err"
		echo "$t $(ls -t "$cache/objects" | head -1)" >>"$WORK/names"
	done
	pass "$kind: $n tools compiled with it"
	# hello's program carries its process id (-DHELLO_ID, its trace_pipe marker): its two
	# objects have keys of their own; every other program has the same key on both sides
	a=$(ls "$cache/objects" | sort) b=$(ls "$whole" | sort)
	same=$(printf '%s\n%s\n' "$a" "$b" | sort | uniq -d)
	[ "$(echo "$same" | wc -l)" = $((n - 1)) ] ||
		fail "$kind: expected $((n - 1)) programs on both sides (all but hello's), found $(echo "$same" | wc -l)"
	for o in $same; do
		cmp -s "$cache/objects/$o" "$whole/$o" ||
			fail "$kind: $(awk -v o="$o" '$2 == o { print $1 }' "$WORK/names")'s program ($o) differs from the whole headers' one"
	done
	pass "$kind: $(echo "$same" | wc -l) compiled programs identical to the whole headers' ones"
}

# --- the BTF-made tree, pruned ---
if [ "$part" = pruned ] && [ ! -r /sys/kernel/btf/vmlinux ]; then
	skip "no BTF here: no header tree made from it to prune"
elif [ "$part" = all ] || [ "$part" = pruned ]; then
	same_objects pruned TRACEBOX_PRUNE "kernel types for this program:" "pruned kernel types did not compile"
	ls "$WORK"/pruned/btf-*/pruned-* >/dev/null 2>&1 &&
		fail "pruned headers left behind: $(ls "$WORK"/pruned/btf-*/pruned-*)"
	pass "pruned: no pruned header left in the tree"
fi
[ "$part" = pruned ] && exit 0

# --- classic trees, precompiled: the oldest and the newest test kernel's ---
shared=${TB_SHARED:-$TB_SRC/../shared}
[ -d "$shared/kernels" ] || shared=$TB_SRC/../../shared
[ -x /usr/lib/llvm-14/bin/clang ] || [ -n "${TRACEBOX_CLANG:-}" ] ||
	skip "no clang-14 program to precompile headers with (apt-get install clang-14)"
for k in 4.14 6.1; do
	[ "$part" = all ] || [ "$part" = "$k" ] || continue
	tar=$shared/kernels/nobtf-$k/headers.tar.xz
	[ -e "$tar" ] || skip "no $k header tree ($tar; set TB_SHARED): the precompiled headers are not tested"
	mkdir "$WORK/$k" && tar -xJf "$tar" -C "$WORK/$k" || fail "cannot unpack $tar"
	export BCC_KERNEL_SOURCE=$WORK/$k
	same_objects "pch-$k" TRACEBOX_PCH "(precompiled kernel headers)" \
		"precompiled kernel headers did not compile"
	unset BCC_KERNEL_SOURCE
done
