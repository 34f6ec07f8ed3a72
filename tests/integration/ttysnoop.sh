# ttysnoop on this kernel. Without kprobes or fentry (this machine): the one-line refusal
# before any compile, status 1, nothing printed; --attach kprobe compiles the program and fails
# at its first attach in one line; then skipped (the smoke case runs it in the guests). With
# them: pty_write writes 3 marker lines and a 600-byte line to its pty's slave side; ttysnoop
# on that pty prints them as written (no screen clearing into a file), the long line joined
# from 3 pieces of 256; -c 2 cuts it at 512 bytes; the pts number form; --json's pieces and
# their counts; -v names the method; --attach kprobe where fentry was taken; no program left.
. "$(dirname "$0")/lib.sh"
require_root

if ! "$TB_BIN/ttysnoop" --compile-only /dev/null >"$WORK/refused.out" 2>"$WORK/refused.err"; then
	[ "$(wc -l <"$WORK/refused.err")" = 1 ] &&
		grep -q "^ttysnoop: cannot trace tty writes: fentry: .*; kprobe: this kernel has no kprobes (CONFIG_KPROBES is off)$" "$WORK/refused.err" ||
		fail "refusal: $(cat "$WORK/refused.err")"
	[ ! -s "$WORK/refused.out" ] || fail "printed on stdout: $(cat "$WORK/refused.out")"
	"$TB_BIN/ttysnoop" -v --attach kprobe /dev/null >/dev/null 2>"$WORK/forced.err" && fail "--attach kprobe started"
	grep -Eq "^ttysnoop: (compiled ttysnoop.bpf.c|compile cache hit)" "$WORK/forced.err" || fail "--attach kprobe did not compile"
	tail -1 "$WORK/forced.err" | grep -q "^ttysnoop: failed to attach kprobe 'tty_write': this kernel has no kprobes" ||
		fail "--attach kprobe: $(tail -1 "$WORK/forced.err")"
	skip "no kprobes or fentry: refused in one line (checked), --attach kprobe compiled and failed to attach in one"
fi
out=$WORK/ttysnoop.out

# run DEVICE-FORM ARGS: pty_write on a new pty, ttysnoop ARGS on it (its path, or with "number"
# its pts number); the workload's pid in $wpid
run() {
	form=$1; shift
	rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
	"$TB_PROGS/pty_write" 3 600 <"$WORK/fifo" >"$WORK/work.txt" 2>&1 &
	wpid=$!
	exec 3>"$WORK/fifo"
	i=0
	until grep -q '^pid ' "$WORK/work.txt"; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "pty_write did not say its pty: $(cat "$WORK/work.txt")"
		sleep 0.1
	done
	pts=$(sed -n 's/^pts //p' "$WORK/work.txt")
	dev=$pts; [ "$form" = number ] && dev=${pts#/dev/pts/}
	start_tool ttysnoop "$@" "$dev"
	ids=$(tool_prog_ids "$TOOL_PID")
	[ -n "$ids" ] || fail "running but holding no BPF program"
	echo go >&3; exec 3>&-
	wait "$wpid" || fail "pty_write failed: $(cat "$WORK/work.txt")"
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "ttysnoop $* exited with $TOOL_RC after SIGINT"
	progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
}

long=$(printf '%595s' '' | tr ' ' x)-end
# want: what the last run's workload wrote ($WORK/want), its 3 markers alone ($WORK/want3)
want() {
	printf 'ttysnoop-marker-%s-%s\n' "$wpid" 1 "$wpid" 2 "$wpid" 3 >"$WORK/want3"
	{ cat "$WORK/want3"; echo "$long"; } >"$WORK/want"
}
run path
want
cmp -s "$out" "$WORK/want" || fail "not the bytes written (3 markers, 600 bytes): $(head -c 400 "$out" | od -c | head)"
method=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/ttysnoop.err" | head -1)
[ -n "$method" ] || fail "-v did not name the attach method"
pass "$pts: the 3 marker lines and the 600-byte line as written, by $method, no clearing into a file"

run number -C -c 2
want
head -3 "$out" | cmp -s - "$WORK/want3" || fail "-c 2: markers: $(head -3 "$out")"
[ "$(tail -n +4 "$out")" = "$(printf '%512s' '' | tr ' ' x)" ] || fail "-c 2: not 512 bytes of the long line: $(tail -n +4 "$out" | head -c 600)"
pass "${pts#/dev/pts/} (a pts number), -c 2: the long line cut at 512 bytes"

run path -C --json
want
json_check "$out" '(keys == ["count", "data"])' || fail "--json: $(head -3 "$out")"
jq -r '.count' "$out" | tr '\n' ' ' | grep -q " 256 256 88 $" || fail "--json: the long line's pieces: $(jq -r .count "$out" | tr '\n' ' ')"
[ "$(jq -r -j '.data[0:.count]' "$out")" = "$(cat "$WORK/want")" ] || fail "--json: the data joined is not what was written"
pass "--json: a piece an object, the long line's counts 256 256 88"

# the other method where the kernel has both: the same bytes by a kprobe as by fentry
if [ "$method" = fentry ] && grep -q ' tty_write$' /proc/kallsyms && [ -e /sys/bus/event_source/devices/kprobe/type ]; then
	run path -C --attach kprobe
	want
	cmp -s "$out" "$WORK/want" || fail "--attach kprobe: not the bytes written: $(head -c 400 "$out")"
	pass "--attach kprobe: the same bytes"
fi
