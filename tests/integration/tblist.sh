# tblist on this machine: tracepoints with their fields, kernel functions with the source
# named, uprobe symbols of /bin/bash, USDT probes of Debian's python3.11 with semaphores, and
# perf events as this machine supports them.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/tblist.out
err=$WORK/tblist.err
tblist() { "$TB_BIN/tblist" "$@" >"$out" 2>"$err"; }

tblist 'tracepoint:syscalls:*execve*' || fail "tblist tracepoints failed: $(cat "$err")"
grep -qx 'tracepoint:syscalls:sys_enter_execve' "$out" || fail "sys_enter_execve not listed"
grep -qx 'tracepoint:syscalls:sys_exit_execveat' "$out" || fail "sys_exit_execveat not listed"
grep -v -q 'execve' "$out" && fail "the wildcard let other tracepoints through"
tblist -v 'tracepoint:syscalls:sys_enter_execve' || fail "tblist -v failed"
grep -qx '    const char \* filename;' "$out" || fail "-v: filename field missing: $(cat "$out")"
grep -q 'common_pid' "$out" && fail "-v: common fields should be left out"
tblist 'sched:sched_process_e*' || fail "a pattern without provider failed"
grep -qx 'tracepoint:sched:sched_process_exec' "$out" || fail "bare pattern not taken as tracepoint"
pass "tracepoints: wildcards, -v fields"

tblist 'kprobe:vfs_read' || fail "tblist kprobe failed: $(cat "$err")"
grep -qx 'kprobe:vfs_read' "$out" || fail "vfs_read not listed"
grep -Eq 'kernel functions from (/proc/kallsyms|.*available_filter_functions)' "$err" ||
	[ -r /sys/kernel/tracing/available_filter_functions ] ||
	fail "the source of kernel functions is not named: $(cat "$err")"
pass "kernel functions, source named"

tblist 'uprobe:/bin/bash:read*' || fail "tblist uprobe failed: $(cat "$err")"
grep -qx 'uprobe:/bin/bash:readline' "$out" || fail "readline not listed in /bin/bash"
grep -v -q '^uprobe:/bin/bash:read' "$out" && fail "wildcard let other symbols through"
tblist 'uprobe:c:malloc' || fail "library name lookup failed: $(cat "$err")"
grep -Eq '^uprobe:/.*libc\.so\.6:malloc$' "$out" || fail "malloc not found in libc"
pass "uprobe symbols of a binary and of a library by name"

if [ -x /usr/bin/python3.11 ] && readelf -n /usr/bin/python3.11 2>/dev/null | grep -q stapsdt; then
	tblist usdt:/usr/bin/python3.11 || fail "tblist usdt failed: $(cat "$err")"
	grep -qx 'usdt:/usr/bin/python3.11:python:function__entry args=3 semaphore=yes' "$out" ||
		fail "function__entry missing or without semaphore: $(cat "$out")"
	grep -q 'python:gc__start args=1 semaphore=yes' "$out" || fail "gc__start missing"
	tblist -v 'usdt:/usr/bin/python3.11:python:function__entry' || fail "usdt -v failed"
	[ "$(grep -c '^usdt:' "$out")" = 1 ] || fail "probe pattern not applied"
	grep -q '^    semaphore: 0x' "$out" || fail "-v: semaphore address missing"
	grep -Eq '^    arg3: 4-byte signed' "$out" || fail "-v: arg3 (line number) missing: $(cat "$out")"
	pass "USDT probes of python3.11 with semaphores and arguments"
else
	echo "note: /usr/bin/python3.11 with USDT probes missing (apt-get install python3.11)"
fi
tblist -v "usdt:$TB_PROGS/usdt_target" || fail "tblist usdt of test target failed"
grep -q ':tbtest:tick args=2 semaphore=no$' "$out" || fail "tbtest:tick missing"
grep -q '^    arg2: 4-byte signed constant 42$' "$out" || fail "constant argument not described"
"$TB_PROGS/usdt_target" 300 >/dev/null & target=$!
sleep 0.3
tblist "usdt:$target" || fail "tblist usdt of a pid failed: $(cat "$err")"
grep -q ':tbtest:tick args=2 semaphore=no$' "$out" || fail "tbtest:tick not found through pid $target"
kill "$target"; wait "$target" 2>/dev/null
pass "USDT probes of a binary and of a pid"

tblist 'software:*' 'hardware:*' || fail "tblist perf events failed"
grep -qx 'software:cpu-clock' "$out" || fail "cpu-clock should be supported: $(cat "$out")"
if [ ! -e /sys/bus/event_source/devices/cpu ]; then
	grep -q '^hardware:cycles  (not supported here' "$out" || fail "cycles should be unsupported here"
fi
pass "perf events, tried for real"

tblist 'tracepoint:nonexistent:*' && fail "no match should exit 1"
grep -q "nothing matches" "$err" || fail "no 'nothing matches' message"
tblist 'uprobe:/nonexistent:x' && fail "a missing binary should fail"
grep -q "no binary or library '/nonexistent'" "$err" || fail "missing binary not named"
pass "no match and bad input: non-zero exit with one line"
