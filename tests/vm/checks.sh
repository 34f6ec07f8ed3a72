# VM-only checks (run by tests/vm/guest.sh inside a guest, not by ctest on the host): what the
# host's kernel cannot show. The tools' normal path with the guest's classic header tree:
# execsnoop's PPID of a process whose parent is known; unlinksnoop forced onto kprobes (no
# BTF) or fentry (BTF); and the one-line error when no headers can be found at all.
. "$TB_SRC/tests/integration/lib.sh"
require_root

btf=no; [ -e /sys/kernel/btf/vmlinux ] && btf=yes
kprobes=no; [ -e /sys/bus/event_source/devices/kprobe/type ] && kprobes=yes
build=/lib/modules/$(uname -r)/build

# --- execsnoop: the exec of a held workload has this shell as its parent ---
fifo=$WORK/go; mkfifo "$fifo"
sh -c "read x < '$fifo'; exec '$TB_PROGS/exec_args' > '$WORK/workload.txt'" &
holder=$!
start_tool execsnoop
echo go >"$fifo"; wait "$holder"
stop_tool
line=$(awk -v p="$holder" '$2 == p' "$WORK/execsnoop.out")
echo "$line" | awk -v pp="$$" '$1 == "exec_args" && $3 == pp && $4 == 0 { ok = 1 } END { exit !ok }' ||
	fail "exec of the workload (pid $holder, parent $$): '$line'"
child=$(awk '$3 == "simple" { print $2 }' "$WORK/workload.txt")
awk -v p="$child" -v pp="$holder" '$2 == p && $3 == pp { ok = 1 } END { exit !ok }' "$WORK/execsnoop.out" ||
	fail "the workload's child $child does not have PPID $holder: $(cat "$WORK/execsnoop.out")"
pass "execsnoop: PPID of the workload ($$) and of its child ($holder) right"

# --- unlinksnoop forced onto kprobe, or onto fentry where the kernel has BTF (the stock guest:
# the same 6.1 as nobtf-6.1, whose kprobe path that guest runs; a cold compile saved) ---
methods=""
[ $kprobes = yes ] && [ $btf = no ] && methods=kprobe
[ $btf = yes ] && methods="$methods fentry"
[ -n "$methods" ] || echo "no kprobes, no BTF in this guest: unlinksnoop --attach not tested"
for m in $methods; do
	dir=$WORK/victims-$m; mkdir "$dir"
	rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/unlink_files' '$dir' > '$WORK/unlink.txt'" &
	holder=$!
	start_tool unlinksnoop --attach $m -p "$holder"
	ids=$(tool_prog_ids "$TOOL_PID")
	echo go >"$fifo"; wait "$holder" || fail "unlink_files failed"
	stop_tool
	[ "$TOOL_RC" = 0 ] || fail "unlinksnoop --attach $m exited with $TOOL_RC"
	grep -q "^unlinksnoop: attach method: $m (forced with --attach)$" "$WORK/unlinksnoop.err" ||
		fail "-v does not say $m was forced: $(cat "$WORK/unlinksnoop.err")"
	tail -n +2 "$WORK/unlinksnoop.out" | awk '{ print $2, $3, $4, $5 }' >"$WORK/got"
	printf '%s\n' "$holder unlink_files 0 $dir/a" "$holder unlink_files 0 b" \
		"$holder unlink_files -2 $dir/missing" >"$WORK/want"
	same_lines "$WORK/got" "$WORK/want" || fail "$m unlinks: got '$(cat "$WORK/got")'"
	progs_gone $ids || fail "BPF programs left: $(progs_left $ids)"
	[ "$(tb_probe_events)" = 0 ] || fail "kprobe entries left in tracefs"
	pass "unlinksnoop --attach $m: unlink, unlinkat, a missing file; nothing left"
done

# --- no headers anywhere: one line saying what to install, no crash ---
if [ $btf = no ] && [ -d "$build" ]; then
	mv "$build" "$build.away"
	"$TB_BIN/execsnoop" --no-cache >/dev/null 2>"$WORK/nohdr.err"; rc=$?
	mv "$build.away" "$build"
	[ $rc = 1 ] || fail "execsnoop without headers exited with $rc: $(cat "$WORK/nohdr.err")"
	[ "$(wc -l <"$WORK/nohdr.err")" = 1 ] || fail "more than one line: $(cat "$WORK/nohdr.err")"
	grep -q "^execsnoop: no kernel headers for $(uname -r): install linux-headers-$(uname -r) " "$WORK/nohdr.err" ||
		fail "no install advice: $(cat "$WORK/nohdr.err")"
	pass "no headers: $(cat "$WORK/nohdr.err")"

	BCC_KERNEL_SOURCE=/nonexistent "$TB_BIN/execsnoop" --no-cache >/dev/null 2>"$WORK/badenv.err"; rc=$?
	[ $rc -ge 1 ] && [ $rc -lt 128 ] || fail "BCC_KERNEL_SOURCE=/nonexistent: exit $rc: $(cat "$WORK/badenv.err")"
	grep -q "BCC_KERNEL_SOURCE '/nonexistent': no include/linux/kconfig.h" "$WORK/badenv.err" ||
		fail "BCC_KERNEL_SOURCE=/nonexistent not explained: $(cat "$WORK/badenv.err")"
	pass "BCC_KERNEL_SOURCE=/nonexistent: exit $rc, $(wc -l <"$WORK/badenv.err") lines, first: $(head -1 "$WORK/badenv.err")"
fi
