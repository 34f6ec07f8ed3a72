# The compile cache: a second start of an unchanged tool skips the compiler; --no-cache and a
# changed option compile; a corrupt or loosely-owned entry is ignored, never used.
. "$(dirname "$0")/lib.sh"
require_root

export TRACEBOX_CACHE_DIR=$WORK/cache # its own cache, so that the first start must compile
# the BTF header tree is rebuilt in this fresh cache root (about 0.1 s)
start_tool execsnoop
stop_tool
grep -q "compiled execsnoop.bpf.c" "$WORK/execsnoop.err" || fail "first start did not compile"
start_tool execsnoop
"$TB_PROGS/exec_args" >"$WORK/workload.txt"
stop_tool
grep -q "compile cache hit" "$WORK/execsnoop.err" || fail "second start did not use the cache"
grep -q "compiled execsnoop.bpf.c" "$WORK/execsnoop.err" && fail "second start compiled"
grep -q " 0 /bin/true alpha  beta gamma$" "$WORK/execsnoop.out" || fail "no events from a warm start"
pass "warm start from the cache: $(grep -o 'start-up: [0-9]* ms' "$WORK/execsnoop.err")"

start_tool execsnoop --no-cache
stop_tool
grep -q "compiled execsnoop.bpf.c" "$WORK/execsnoop.err" || fail "--no-cache did not compile"
start_tool execsnoop --max-args 5
stop_tool
grep -q "compiled execsnoop.bpf.c" "$WORK/execsnoop.err" || fail "a changed -D flag reused another program"
pass "--no-cache and changed options compile"

entries=$(ls "$WORK/cache/objects"/*.tbo)
for f in $entries; do printf 'garbage' | dd of="$f" bs=1 seek=40 conv=notrunc 2>/dev/null; done
start_tool execsnoop --max-args 5
"$TB_PROGS/exec_args" >"$WORK/workload.txt"
stop_tool
grep -q "ignoring invalid compile cache entry" "$WORK/execsnoop.err" || fail "corrupt entry not reported"
grep -q "compiled execsnoop.bpf.c" "$WORK/execsnoop.err" || fail "corrupt entry not replaced by a compile"
grep -q "/bin/true a1 a2 a3 a4 ...$" "$WORK/execsnoop.out" || fail "no events after a corrupt entry"
pass "a corrupt entry is ignored and replaced"

for f in $(ls "$WORK/cache/objects"/*.tbo); do chmod 666 "$f"; done
start_tool execsnoop --max-args 5
stop_tool
grep -q "refusing compile cache entry .*writable by others" "$WORK/execsnoop.err" || fail "world-writable entry used"
pass "a world-writable entry is refused"
