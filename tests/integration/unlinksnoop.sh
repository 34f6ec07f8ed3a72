# unlinksnoop on this kernel: only the tracepoint method can attach here. A workload deletes two
# files (unlink, unlinkat), a missing one (-2) and a directory (an rmdir: not reported); PID,
# COMM, RET and FILENAME must match. Forced kprobe and fentry must fail with one clear line; the
# fentry and kprobe variants of the program must still compile (here, and against the 6.1
# header tree of ../shared/kernels when it is there).
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/unlinksnoop.out
dir=$WORK/victims
# the workload started by a shell that waits on a fifo, so its PID is known before it runs
start_held_workload() {
	mkdir -p "$dir"
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/unlink_files' '$dir' > '$WORK/workload.txt'" &
	holder=$!
}
release_workload() { echo go >"$fifo"; wait "$holder" || fail "unlink_files failed"; }

# --- auto: the tracepoints here, said under -v ---
start_held_workload
start_tool unlinksnoop -p "$holder"
ids=$(tool_prog_ids "$TOOL_PID")
release_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "unlinksnoop exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT: $(progs_left $ids)"
cp "$WORK/unlinksnoop.err" "$WORK/auto.err"
method=$(sed -n 's/^unlinksnoop: attach method: //p' "$WORK/auto.err")
case $method in
fentry|kprobe) ;;
tracepoint) grep -q '^unlinksnoop: not using kprobe: ' "$WORK/auto.err" || fail "-v does not say why not kprobe" ;;
*) fail "-v does not say which attach method was chosen: $(cat "$WORK/auto.err")" ;;
esac
[ "$(head -1 "$out")" = "TIME     PID     COMM              RET FILENAME" ] || fail "bad header: '$(head -1 "$out")'"
tail -n +2 "$out" | awk '{ print $2, $3, $4, $5 }' >"$WORK/got"
printf '%s\n' "$holder unlink_files 0 $dir/a" "$holder unlink_files 0 b" \
	"$holder unlink_files -2 $dir/missing" >"$WORK/want"
same_lines "$WORK/got" "$WORK/want" || fail "unlinks: got '$(cat "$WORK/got")'"
tail -n +2 "$out" | grep -q '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9] ' || fail "TIME not HH:MM:SS"
pass "$method method: unlink, unlinkat, a missing file (-2); the rmdir not reported"

# --- forced methods ---
start_held_workload
start_tool unlinksnoop --attach tracepoint -x -t -U --json -p "$holder"
release_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "unlinksnoop exited with $TOOL_RC after SIGTERM"
grep -q '^unlinksnoop: attach method: tracepoint (forced with --attach)$' "$WORK/unlinksnoop.err" ||
	fail "-v does not say the method was forced"
[ "$(wc -l <"$out")" = 1 ] || fail "-x let successful unlinks through: $(cat "$out")"
grep -Eq "^\{\"time_s\":[0-9]+\.[0-9]{3},\"uid\":0,\"pid\":$holder,\"comm\":\"unlink_files\",\"ret\":-2,\"filename\":\"$dir/missing\"\}$" "$out" ||
	fail "JSON line of the failed unlink not found: $(cat "$out")"
pass "--attach tracepoint -x -t -U --json: only the failed unlink"

# --- edit and rerun ---
"$TB_BIN/unlinksnoop" --dump-bpf | sed 's/e->ret = ret;/e->ret = ret + 1000;/' >"$WORK/edited.bpf.c"
grep -q 'ret + 1000' "$WORK/edited.bpf.c" || fail "could not edit the dumped source"
start_held_workload
start_tool unlinksnoop --attach tracepoint --bpf-file "$WORK/edited.bpf.c" -p "$holder"
release_workload
stop_tool
[ "$(tail -n +2 "$out" | awk '{ print $4 }' | tr '\n' ' ')" = "1000 1000 998 " ] ||
	fail "--bpf-file did not change RET: $(cat "$out")"
pass "--bpf-file runs the edited program"

# a forced method is not second-guessed: its variant compiles, and where the kernel lacks it
# (as here) attaching fails with the loader's one line; elsewhere it would start
for m in kprobe fentry; do
	if [ $m = kprobe ]; then
		want="failed to attach kprobe 'do_unlinkat': this kernel has no kprobes"
		[ -e /sys/bus/event_source/devices/kprobe/type ] && { echo "kprobes here: refusal not tested"; continue; }
	else
		# refused at load with BTF, before loading without it
		want="failed to (load tracing \\(fentry/fexit\\) program 'kfunc__do_unlinkat'( of '[^']*')?: |attach fentry 'kfunc__do_unlinkat': it needs kernel BTF)"
		grep -q '^unlinksnoop: not using fentry: ' "$WORK/auto.err" || { echo "fentry here: refusal not tested"; continue; }
	fi
	"$TB_BIN/unlinksnoop" --attach $m >"$WORK/$m.out" 2>"$WORK/$m.err" && fail "--attach $m started"
	[ "$(wc -l <"$WORK/$m.err")" = 1 ] || fail "--attach $m: more than one line: $(cat "$WORK/$m.err")"
	grep -Eq "^unlinksnoop: $want" "$WORK/$m.err" ||
		fail "--attach $m: unexpected message: $(cat "$WORK/$m.err")"
	pass "--attach $m fails cleanly: $(cat "$WORK/$m.err")"
done

# --- the other two variants compile (they cannot load here): the frontend adds the -D flag;
# a --bpf-file with the #define does the same, and then finds no tracepoint function ---
check_variants() {
	for v in FENTRY KPROBE; do
		{ echo "#define TB_USE_$v 1"; "$TB_BIN/unlinksnoop" --dump-bpf; } >"$WORK/$v.bpf.c"
		"$TB_BIN/unlinksnoop" --attach tracepoint --bpf-file "$WORK/$v.bpf.c" >/dev/null 2>"$WORK/$v.err" &&
			fail "the $v variant attached tracepoints"
		grep -q "failed to compile" "$WORK/$v.err" && fail "the $v variant does not compile ($1): $(cat "$WORK/$v.err")"
		grep -q "failed to find BPF function 'tracepoint__syscalls__sys_enter_unlinkat'" "$WORK/$v.err" ||
			fail "$v variant ($1): $(cat "$WORK/$v.err")"
	done
	pass "fentry and kprobe variants compile ($1)"
}
check_variants "this kernel's headers"

# --- bad input: one line, non-zero exit ---
for args in "--attach uprobe" "-p 0" "-p x" "extra"; do
	"$TB_BIN/unlinksnoop" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -Eq '^unlinksnoop: (invalid|unexpected)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"

tarball=${TB_SRC:-.}/../shared/kernels/nobtf-6.1/headers.tar.xz
# from a worktree one level further down, the shared folder is one more level up
[ -e "$tarball" ] || tarball=${TB_SRC:-.}/../../shared/kernels/nobtf-6.1/headers.tar.xz
[ -e "$tarball" ] || skip "no 6.1 header tree to compile the variants against"
mkdir "$WORK/h61" && tar -xJf "$tarball" -C "$WORK/h61" || fail "cannot unpack $tarball"
BCC_KERNEL_SOURCE=$WORK/h61 check_variants "6.1 headers"
