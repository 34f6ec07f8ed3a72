# memleak's other BCC flags on this kernel, each against a workload whose allocations are known:
# -t (a line per call), --combined-only with --sort count, -O naming the libc explicitly and
# an object without an allocator, --percpu (a BPF per-CPU map of 16 x 64 bytes),
# --wa-missing-free; invalid combinations rejected with one line.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/memleak.out
work="$TB_PROGS/stack_work leaksleep"

# --- -t: alloc_and_free() reallocates to 4096 bytes and frees, 2 x 100 times ---
# the trace buffer is machine-wide: lines other tests left unread are cleared first, so they
# cannot make it overrun; lines the kernel still drops are reported by the tool and allowed for
tracefs=/sys/kernel/tracing; [ -d $tracefs/events ] || tracefs=/sys/kernel/debug/tracing
: >"$tracefs/trace" 2>/dev/null || true
"$TB_BIN/memleak" -t -c "$work 1" -z 4096 -Z 4096 1 3 >"$out" 2>"$WORK/memleak.err" </dev/null ||
	fail "memleak -t exited with $?: $(cat "$WORK/memleak.err")"
sed -n 3p "$out" | grep -qE '^TIME\(s\) +COMM +TID +CALL$' || fail "-t header: $(sed -n 3p "$out")"
# the command's calls, by its pid (TID column): the kernel may not know its name ("<...>")
P=$(sed -n 's/^Attaching to pid \([0-9]*\),.*/\1/p' "$out")
calls() { awk -v p="$P" '$3 == p' "$out" | grep -c "$1"; }
entered=$(calls ' alloc entered, size = 4096$')
exited=$(calls ' alloc exited, size = 4096, result = [0-9a-f]*$')
freed=$(calls ' free entered, address = [0-9a-f]*, size = 4096$')
lost=$(sed -n 's/.*: \([0-9]*\) trace lines lost in all.*/\1/p' "$WORK/memleak.err")
want=$((200 - ${lost:-0}))
[ "$entered" -ge "$want" ] && [ "$exited" -ge "$want" ] && [ "$freed" -ge "$want" ] ||
	fail "-t: want >= $want each of entered/exited/freed 4096-byte calls (${lost:-0} lines lost), got $entered/$exited/$freed"
[ -n "$lost" ] && echo "the kernel dropped $lost trace lines (reported by memleak)"
# every address freed was one an allocation returned
sed -n 's/.*alloc exited, size = 4096, result = \([0-9a-f]*\)$/\1/p' "$out" | sort -u >"$WORK/results"
sed -n 's/.*free entered, address = \([0-9a-f]*\), size = 4096$/\1/p' "$out" | sort -u >"$WORK/freed"
[ -z "$(comm -13 "$WORK/results" "$WORK/freed")" ] || fail "-t: freed addresses no allocation returned"
grep -q 'size = 1000' "$out" && fail "-t: -z/-Z let 1000-byte calls through"
pass "-t: $entered allocations of 4096 bytes entered and returned, $freed freed (interval x count ended it)"

# --- --combined-only, --sort count: the kernel's per-stack totals give the exact leak ---
"$TB_BIN/memleak" --combined-only --sort count -c "$work 4" -z 1000 -Z 1000 2 1 >"$out" 2>"$WORK/memleak.err" </dev/null ||
	fail "memleak --combined-only exited with $?: $(cat "$WORK/memleak.err")"
grep -q '^	10000 bytes in 10 allocations from stack$' "$out" || fail "--combined-only: $(cat "$out")"
grep -A1 '^	10000 bytes in 10' "$out" | tail -1 | grep -q '	leak_here+0x[0-9a-f]* \[stack_work\]$' ||
	fail "--combined-only: leak_here not on top: $(cat "$out")"
pass "--combined-only --sort count: 10000 bytes in 10 allocations from leak_here"

# --- -O: the libc named explicitly; an object with no allocator; a prefix that matches none ---
libc=$(ldd "$TB_PROGS/stack_work" | awk '/libc\.so/ { print $3 }')
[ -f "$libc" ] || fail "cannot find stack_work's libc: $(ldd "$TB_PROGS/stack_work")"
"$TB_BIN/memleak" -v -O "$libc" -c "$work 4" -z 1000 -Z 1000 -o 0 2 1 >"$out" 2>"$WORK/memleak.err" </dev/null ||
	fail "memleak -O exited with $?: $(cat "$WORK/memleak.err")"
grep -q "attached to 1[01] allocator functions of $libc" "$WORK/memleak.err" || fail "-O: $(grep attached "$WORK/memleak.err")"
grep -q '^	10000 bytes in 10 allocations from stack$' "$out" || fail "-O $libc: $(cat "$out")"
"$TB_BIN/memleak" -O "$TB_PROGS/connect_to" -c "$work 0" >/dev/null 2>"$WORK/bad.err" && fail "-O without allocator accepted"
[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q "^memleak: failed to find malloc, free or any other allocator function in '$TB_PROGS/connect_to': name the allocator's library with -O" "$WORK/bad.err" ||
	fail "-O without allocator: $(cat "$WORK/bad.err")"
"$TB_BIN/memleak" --symbols-prefix tbx_ -c "$work 0" >/dev/null 2>"$WORK/bad.err" && fail "an unknown prefix was accepted"
grep -q "^memleak: failed to find tbx_malloc, tbx_free" "$WORK/bad.err" || fail "--symbols-prefix: $(cat "$WORK/bad.err")"
pass "-O names the allocator's object; one line when it has none; --symbols-prefix applied"

# --- invalid combinations: one line each ---
for args in "--percpu -p 1" "--wa-missing-free -c true" "--percpu --wa-missing-free" "-O c" \
	"--symbols-prefix je_" "--combined-only -a -p 1" "-t --json" "-t -a -p 1" "--sort time"; do
	"$TB_BIN/memleak" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -qE '^memleak: invalid' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "invalid combinations rejected with one-line errors"

# --- --percpu: a BPF per-CPU array of 16 entries x 64 bytes, created and held meanwhile ---
[ -d $tracefs/events/percpu/percpu_alloc_percpu ] || skip "no percpu:percpu_alloc_percpu tracepoint"
command -v bpftool >/dev/null || skip "bpftool is needed to create a per-CPU map"
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || skip "cannot mount bpffs"
pin=/sys/fs/bpf/tb_memleak_pcpu_$$
start_tool memleak --percpu -o 0 -T 50 1
ids=$(tool_prog_ids "$TOOL_PID")
bpftool map create "$pin" type percpu_array key 4 value 64 entries 16 name tb_pcpu ||
	fail "bpftool could not create a per-CPU map"
# until an interval shows it (a loaded machine printed none in 2.5 s), 30 s at most
leaked() { grep -A4 '^	1024 bytes in 16 allocations from stack$' "$out" | grep -q '	array_map_alloc+0x'; }
i=0
until leaked || [ $i -ge 60 ]; do sleep 0.5; i=$((i + 1)); done
stop_tool INT
rm -f "$pin"
[ "$TOOL_RC" = 0 ] || fail "memleak --percpu exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after SIGINT: $(progs_left $ids)"
leaked ||
	fail "--percpu: no 1024 bytes in 16 allocations from array_map_alloc: $(cat "$out")"
pass "--percpu: the map's 16 x 64 bytes from array_map_alloc, detached after SIGINT"

# --- --wa-missing-free: kernel mode still reports (its effect needs a lost free to show) ---
"$TB_BIN/memleak" --wa-missing-free -o 0 -T 1 1 1 >"$out" 2>"$WORK/memleak.err" ||
	fail "memleak --wa-missing-free exited with $?: $(cat "$WORK/memleak.err")"
grep -qE '^	[0-9]+ bytes in [0-9]+ allocations from stack$' "$out" || fail "--wa-missing-free: no report: $(cat "$out")"
pass "--wa-missing-free: kernel mode compiles, attaches and reports"
