# Helpers for the TCP tools' tests (sourced after lib.sh): tcp_pair runs on loopback only.

# pair NAME ARGS...: runs tcp_pair to the end; its output in $WORK/pair.NAME
pair() {
	n=$1; shift
	"$TB_PROGS/tcp_pair" "$@" >"$WORK/pair.$n" || fail "tcp_pair $* failed: $(cat "$WORK/pair.$n")"
}
# pair_wait NAME ARGS...: starts tcp_pair -w (bound, client forked, waiting); release NAME lets
# it listen and connect, and waits for it
pair_wait() {
	n=$1; shift
	rm -f "$WORK/fifo.$n"; mkfifo "$WORK/fifo.$n"
	"$TB_PROGS/tcp_pair" -w "$@" <"$WORK/fifo.$n" >"$WORK/pair.$n" &
	eval "PAIR_$n=$!"
	exec 8>"$WORK/fifo.$n" # opening the fifo lets tcp_pair's open return
	i=0
	while ! grep -q '^bound' "$WORK/pair.$n"; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "tcp_pair did not bind"
		sleep 0.1
	done
}
release() {
	echo go >&8; exec 8>&-
	eval "wait \$PAIR_$1" || fail "tcp_pair $1 failed: $(cat "$WORK/pair.$1")"
}
port() { awk '/^bound/ { print $2 }' "$WORK/pair.$1"; }
server_pid() { awk '/^bound/ { print $3 }' "$WORK/pair.$1"; }
client_pid() { awk '/^bound/ { print $4 }' "$WORK/pair.$1"; }
client_port() { awk '/^client/ { print $2 }' "$WORK/pair.$1" | head -1; }

# check_forced_kprobe TOOL FUNCTION [FLAGS...]: --attach kprobe (with FLAGS) compiles the kprobe variant (with the BTF
# tree, and with the 6.1 header tree when ../shared/kernels has it; --no-cache, so a cached
# object from an earlier run does not stand in for the compile); on a kernel without
# kprobes attaching must then fail with one line.
check_forced_kprobe() {
	tool=$1; fn=$2; shift 2
	if [ -e /sys/kernel/tracing/kprobe_events ] || [ -e /sys/bus/event_source/devices/kprobe/type ]; then
		echo "kprobes exist here: forced kprobe path not checked for failure"
		return 0
	fi
	"$TB_BIN/$tool" -v --no-cache --attach kprobe "$@" >/dev/null 2>"$WORK/kp.err" && fail "kprobe path attached?"
	grep -q "^$tool: compiled $tool.bpf.c" "$WORK/kp.err" || fail "kprobe variant did not compile: $(cat "$WORK/kp.err")"
	tail -1 "$WORK/kp.err" | grep -q "^$tool: failed to attach kprobe '$fn': this kernel has no kprobes" ||
		fail "no one-line kprobe error: $(tail -3 "$WORK/kp.err")"
	pass "--attach kprobe $*: compiles (BTF tree), one-line error on attach"
	# ../shared next to the checkout (as kheaders.sh), or two levels up from a worktree
	tarball=${TB_SRC:-.}/../shared/kernels/nobtf-6.1/headers.tar.xz
	[ -f "$tarball" ] || tarball=${TB_SRC:-.}/../../shared/kernels/nobtf-6.1/headers.tar.xz
	if [ -f "$tarball" ]; then
		mkdir -p "$WORK/k61" && tar -xJf "$tarball" -C "$WORK/k61" || fail "could not unpack $tarball"
		BCC_KERNEL_SOURCE=$WORK/k61 "$TB_BIN/$tool" -v --no-cache --attach kprobe "$@" >/dev/null 2>"$WORK/kp61.err" &&
			fail "kprobe path attached?"
		grep -q "^$tool: compiled $tool.bpf.c" "$WORK/kp61.err" ||
			fail "kprobe variant did not compile with 6.1 headers: $(cat "$WORK/kp61.err")"
		pass "--attach kprobe $*: compiles with the 6.1 header tree"
	else
		echo "no 6.1 header tree: kprobe variant not compiled against it"
	fi
}

# check_forced_fentry TOOL FUNCTION PATH: unless auto picked fentry (PATH), --attach fentry
# compiles the fentry variant and fails with the loader's one line (refused at load, or no BTF).
check_forced_fentry() {
	tool=$1; fn=$2
	[ "$3" = fentry ] && return 0
	"$TB_BIN/$tool" --attach fentry >/dev/null 2>"$WORK/fentry.err" && fail "fentry attached?"
	tail -1 "$WORK/fentry.err" | grep -Eq "^$tool: failed to (load tracing \\(fentry/fexit\\) program 'kfunc__$fn'( of '[^']*')?: |attach fentry 'kfunc__$fn': it needs kernel BTF)" ||
		fail "no one-line fentry error: $(cat "$WORK/fentry.err")"
	pass "--attach fentry: compiles, one-line error on load"
}
