# tbdoctor on this machine: every check prints a line, tracepoints work, and what the kernel
# lacks (kprobes here) is a WARN with a fix, not a failure.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/tbdoctor.out
"$TB_BIN/tbdoctor" >"$out" 2>"$WORK/tbdoctor.err"; rc=$?
[ "$rc" = 0 ] || fail "tbdoctor exited with $rc on a machine that can trace"
for check in privileges 'bpf()' tracefs 'kernel headers' compile tracepoint 'raw tracepoint' \
	kprobe fentry uprobe 'perf event' LSM lockdown kptr_restrict perf_event_paranoid memlock; do
	grep -Eq "^(OK|WARN|FAIL) +$(printf '%s' "$check" | sed 's/[()]/\\&/g'): " "$out" ||
		fail "no line for check '$check'"
done
grep -q '^OK    tracepoint: attached to syscalls:sys_enter_getpid$' "$out" || fail "tracepoints not OK"
grep -q '^OK    uprobe: ' "$out" || fail "uprobes not OK"
grep -q '^OK    perf event: ' "$out" || fail "perf events not OK"
if [ -e /sys/bus/event_source/devices/kprobe ] || [ -e /sys/kernel/tracing/kprobe_events ]; then
	grep -q '^OK    kprobe: ' "$out" || fail "kprobes exist here but were not OK"
else
	grep -q '^WARN  kprobe: unavailable' "$out" || fail "kprobes should be reported unavailable"
	grep -A1 '^WARN  kprobe:' "$out" | grep -q '^      fix: ' || fail "kprobe WARN without a fix"
fi
grep -Eq "^OK    kernel headers: .*matches uname -r" "$out" || fail "headers should match uname -r"
tail -1 "$out" | grep -Eq '^[0-9]+ OK, [0-9]+ NOTE, [0-9]+ WARN, 0 FAIL$' || fail "bad summary: $(tail -1 "$out")"
pass "report: tracepoints OK, kprobes reported as on this kernel, summary"

# the kernel facts the programs are compiled with, as this kernel has them (BTF: 6.18)
for f in "raw tracepoints: yes" "map values as helper arguments: yes" "bpf_probe_read_user: yes" \
	"program size: up to 1 million" "bounded loops: yes" "task_struct state member: __state (from BTF)" \
	"do_unlinkat's file name: struct filename \* (from BTF)" "cap_capable's fourth argument: unsigned int opts (from BTF)" \
	"struct sock's protocol: a u16 member (from BTF)" "struct inet_sock's IP options: bits of inet_flags (from BTF)" \
	"struct cfs_rq's head: load, then the count (nr_queued) (from BTF)" \
	"vfs_create/vfs_unlink's first argument: an idmapping (Linux 5.12 has it) (from BTF)" \
	"tty_write's arguments: struct kiocb \*, struct iov_iter \* (write_iter) (from BTF)"; do
	grep -q "^OK    fact: $f" "$out" || fail "no fact line '$f': $(grep ' fact: ' "$out")"
done
# one line per tool (frontends/tbdoctor_tools.c): each runs here but lsm-connect (BPF LSM
# refused), cachestat, ext4slower, ext4dist, xfsslower and xfsdist (kprobes; XFS), vfsstat,
# filetop, fileslower, filelife, dcsnoop and ttysnoop (neither kprobes nor fentry), by the path
# it takes
[ "$(grep -c '^OK    tool ' "$out")" = 46 ] || fail "tools: $(grep ' tool ' "$out")"
[ "$(grep -Ec '^(OK|WARN)  +tool ' "$out")" = 58 ] || fail "not a line for each of 58 tools: $(grep ' tool ' "$out")"
grep -q '^OK    tool runqlat: runs: raw tracepoints' "$out" || fail "runqlat's path: $(grep 'tool runqlat' "$out")"
grep -q '^OK    tool runqslower: runs: raw tracepoints' "$out" || fail "runqslower's path: $(grep 'tool runqslower' "$out")"
grep -q '^OK    tool cpudist: runs: raw tracepoint sched_switch' "$out" || fail "cpudist's path: $(grep 'tool cpudist' "$out")"
grep -q '^OK    tool runqlen: runs: perf event cpu-clock at 99 Hz on every CPU' "$out" || fail "runqlen's path: $(grep 'tool runqlen' "$out")"
grep -q '^OK    tool offcputime: runs: raw tracepoint sched_switch' "$out" || fail "offcputime's path: $(grep 'tool offcputime' "$out")"
grep -q '^OK    tool tcpstates: runs: tracepoint sock:inet_sock_set_state' "$out" || fail "tcpstates' path"
grep -q '^OK    tool oomkill: runs: tracepoint oom:mark_victim' "$out" || fail "oomkill's path: $(grep 'tool oomkill' "$out")"
grep -q '^OK    tool tcpretrans: runs: tracepoint tcp:tcp_retransmit_skb' "$out" || fail "tcpretrans' path: $(grep 'tool tcpretrans' "$out")"
grep -q '^OK    tool tcpdrop: runs: tracepoint skb:kfree_skb with its reason' "$out" || fail "tcpdrop's path: $(grep 'tool tcpdrop' "$out")"
grep -q '^WARN  tool lsm-connect: cannot run here: ' "$out" || fail "lsm-connect: $(grep 'tool lsm' "$out")"
grep -q '^WARN  tool cachestat: cannot run here: ' "$out" || fail "cachestat (kprobes): $(grep 'tool cachestat' "$out")"
if ! grep -q '^OK    kprobe' "$out"; then
	grep -q '^WARN  tool ext4slower: cannot run here: no kprobes (CONFIG_KPROBES)$' "$out" ||
		fail "ext4slower: $(grep 'tool ext4slower' "$out")"
	grep -q '^WARN  tool ext4dist: cannot run here: no kprobes (CONFIG_KPROBES)$' "$out" ||
		fail "ext4dist: $(grep 'tool ext4dist' "$out")"
fi
# XFS first (a kernel without it, or its module not loaded, says that), then kprobes
for t in xfsslower xfsdist; do
	if grep -qw xfs /proc/filesystems; then
		grep -q '^OK    kprobe' "$out" ||
			grep -q "^WARN  tool $t: cannot run here: no kprobes (CONFIG_KPROBES)$" "$out" ||
			fail "$t: $(grep "tool $t:" "$out")"
	else
		grep -q "^WARN  tool $t: cannot run here: no xfs file system (not built, or its module not loaded)$" "$out" ||
			fail "$t without XFS: $(grep "tool $t:" "$out")"
	fi
done
grep -q '^OK    tool syncsnoop: runs: tracepoints syscalls:sys_enter_{sync,' "$out" || fail "syncsnoop: $(grep 'tool sync' "$out")"
grep -q '^OK    tool biosnoop: runs: tracepoints block:block_io_start, ' "$out" || fail "biosnoop: $(grep 'tool biosnoop' "$out")"
grep -q '^OK    tool bindsnoop: runs: tracepoints syscalls:sys_{enter,exit}_bind; ' "$out" || fail "bindsnoop: $(grep 'tool bindsnoop' "$out")"
grep -q '^OK    tool solisten: runs: tracepoints syscalls:sys_{enter,exit}_listen; ' "$out" || fail "solisten: $(grep 'tool solisten' "$out")"
grep -q '^OK    tool tcpaccept: runs: tracepoints syscalls:sys_exit_accept{4,}; ' "$out" || fail "tcpaccept: $(grep 'tool tcpaccept' "$out")"
grep -q '^OK    tool drsnoop: runs: tracepoints vmscan:mm_vmscan_direct_reclaim_' "$out" || fail "drsnoop: $(grep 'tool drsnoop' "$out")"
grep -q '^OK    tool wakeuptime: runs: raw tracepoints sched_waking, sched_switch' "$out" || fail "wakeuptime: $(grep 'tool wakeuptime' "$out")"
grep -q '^OK    tool biotop: runs: tracepoints block:block_io_start, ' "$out" || fail "biotop: $(grep 'tool biotop' "$out")"
grep -q '^OK    tool tcptop: runs: tracepoints sock:sock_send_length, sock_recv_length' "$out" || fail "tcptop: $(grep 'tool tcptop' "$out")"
# no kprobes, fentry refused: vfsstat, filetop, fileslower, filelife and dcsnoop have no other way
for t in vfsstat filetop fileslower filelife dcsnoop; do
	grep -q "^WARN  tool $t: cannot run here: " "$out" || fail "$t: $(grep "tool $t" "$out")"
done
pass "facts and one line per tool: 46 run, lsm-connect, cachestat, vfsstat, filetop, fileslower, filelife and dcsnoop say why not"

"$TB_BIN/tbdoctor" --json --no-compile >"$out" 2>"$WORK/tbdoctor.err" || fail "--json failed"
grep -v -q '^{"check":"[^"]*","status":"\(OK\|NOTE\|WARN\|FAIL\)","essential":\(true\|false\),"message":".*"\(,"fix":".*"\)\?}$' "$out" &&
	fail "a line is not a check object: $(grep -v '^{"check"' "$out" | head -2)"
grep -q '"check":"compile"' "$out" && fail "--no-compile still compiled"
grep -q '^{"check":"tracepoint","status":"OK","essential":true' "$out" || fail "JSON tracepoint not OK"
pass "--json: one object per check"

if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all \
		"$TB_BIN/tbdoctor" --no-compile >"$out" 2>&1; rc=$?
	[ "$rc" = 1 ] || fail "unprivileged tbdoctor should exit 1, got $rc"
	grep -q '^FAIL  privileges: ' "$out" || fail "unprivileged run did not FAIL privileges"
	pass "unprivileged: essential FAIL, exit 1"
fi
