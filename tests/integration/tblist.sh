# tblist on this machine: tracepoints with their fields, kernel functions with the source
# named, uprobe symbols of /bin/bash, USDT probes of Debian's python3.11 with semaphores, and
# perf events as this machine supports them; -v's kernel types: prototypes and struct layouts
# from BTF (checked against bpftool's dump), from the headers made from BTF (checked against
# BTF), and from 6.1's real header tree (../shared/kernels; skipped without it).
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

# --- -v: kernel types ---
[ -r /sys/kernel/btf/vmlinux ] || skip "no /sys/kernel/btf/vmlinux: the BTF cases need it"
tblist -v kprobe:do_unlinkat || fail "tblist -v kprobe:do_unlinkat failed: $(cat "$err")"
[ "$(sed -n 1p "$out")" = 'kprobe:do_unlinkat' ] || fail "-v kprobe: title line"
grep -qx '    int dfd' "$out" || fail "-v kprobe: dfd missing"
grep -qx '    struct filename \* name' "$out" || fail "-v kprobe: name missing"
grep -qx '    int retval' "$out" || fail "-v kprobe: return type missing"
tblist -v 'kprobe:vfs_read*' 2>/dev/null || fail "tblist -v with a wildcard failed"
grep -qx '    struct file \* file' "$out" || fail "-v kprobe wildcard: vfs_read's file missing"
tblist -v 'kprobe:*' || fail "tblist -v kprobe:* failed"
grep -q "details of the first 100 matches of 'kprobe:\*' shown" "$err" || fail "-v: no cap said"
[ "$(grep -c '^kprobe:' "$out")" -gt 1000 ] || fail "-v kprobe:*: names past the cap missing"
[ "$(grep -c '^    ' "$out")" -lt 1500 ] || fail "-v kprobe:*: details past the cap"
pass "-v kprobe: prototypes from BTF, wildcards capped"

# struct filename and list_head against bpftool's raw dump: each member's bits_offset
tblist -v struct:filename struct:list_head || fail "tblist -v struct failed: $(cat "$err")"
cp "$out" "$WORK/btf.txt"
grep -qx '         0      8  const char \* name' "$out" || fail "-v struct: filename's name row"
grep -qx '         8      8  struct list_head \* prev' "$out" || fail "-v struct: list_head's prev row"
grep -qx '    size 16, from BTF (/sys/kernel/btf/vmlinux)' "$out" || fail "-v struct: size line"
if command -v bpftool >/dev/null; then
	bpftool btf dump file /sys/kernel/btf/vmlinux format raw >"$WORK/raw" 2>/dev/null
	for s in filename list_head; do
		want=$(awk -v s="STRUCT '$s'" 'index($0, s) == 1 + index($0, "]") + 1 && /vlen=/ {
			n = $0; sub(/.*vlen=/, "", n); on = n + 0; next }
			on > 0 { name = $1; gsub(/\047/, "", name); off = $0; sub(/.*bits_offset=/, "", off)
				print off / 8, name; on-- }' "$WORK/raw")
		got=$(awk -v s="struct:$s" '$0 == s { on = 1; next } /^[a-z]+:/ { on = 0 }
			on && $1 ~ /^[0-9]+$/ { print $1, $NF }' "$WORK/btf.txt")
		[ -n "$want" ] && [ "$want" = "$got" ] ||
			fail "struct $s: offsets differ from bpftool's: want [$want] got [$got]"
	done
	pass "-v struct: offsets as bpftool's dump of BTF says"
fi
tblist -v struct:tb_no_such_struct && fail "a missing struct should exit 1"
[ "$(wc -l <"$err")" = 1 ] && grep -q "struct tb_no_such_struct: not in the kernel's BTF" "$err" ||
	fail "missing struct: not one line: $(cat "$err")"
[ -s "$out" ] && fail "missing struct: something printed"
tblist -v 'struct:a;b' && fail "a struct name that is no identifier should exit 1"
grep -q "invalid struct name 'a;b'" "$err" || fail "bad struct name: no line"
tblist 'struct:list_h*' || fail "struct wildcard failed"
grep -qx 'struct:list_head' "$out" || fail "struct wildcard: list_head missing"
"$TB_BIN/tblist" --types=bogus struct:x 2>"$err"; [ $? = 64 ] || fail "--types=bogus: not usage"
grep -q "invalid --types 'bogus'" "$err" || fail "--types=bogus: no line"
pass "-v struct: missing struct, wildcards, bad --types"

# the headers made from BTF give the offsets BTF gives: every row of task_struct (types aside)
tblist -v struct:task_struct || fail "-v struct:task_struct failed"
awk '/^ +[0-9:]+ +[0-9:?]+  / { print $1, $2, $NF }' "$out" >"$WORK/btf.rows"
tblist --types=headers -v struct:task_struct || fail "--types=headers failed: $(cat "$err")"
awk '/^ +[0-9:]+ +[0-9:?]+  / { print $1, $2, $NF }' "$out" >"$WORK/hdr.rows"
grep -q '^    size [0-9]*, from the kernel headers' "$out" || fail "--types=headers: source not said"
[ "$(wc -l <"$WORK/btf.rows")" -gt 100 ] || fail "task_struct: too few rows"
cmp -s "$WORK/btf.rows" "$WORK/hdr.rows" ||
	fail "task_struct: headers and BTF differ: $(diff "$WORK/btf.rows" "$WORK/hdr.rows" | head -5)"
pass "-v struct from the headers: task_struct's $(wc -l <"$WORK/hdr.rows") rows as BTF has them"

# 6.1's real header tree (BCC_KERNEL_SOURCE, as header_trees.sh): known offsets
shared=${TB_SHARED:-$TB_SRC/../shared}
[ -d "$shared/kernels" ] || shared=$TB_SRC/../../shared
tar=$shared/kernels/nobtf-6.1/headers.tar.xz
[ -e "$tar" ] || skip "no 6.1 header tree ($tar; set TB_SHARED): the header path is untested"
tree=$(dirname "$TB_BIN")/header-trees/6.1
if [ ! -e "$tree/.complete" ]; then
	rm -rf "$tree"; mkdir -p "$tree"
	tar -xJf "$tar" -C "$tree" && touch "$tree/.complete" || fail "cannot unpack $tar"
fi
export TRACEBOX_CACHE_DIR=$WORK/cache # facts and objects of that tree stay out of the real cache
BCC_KERNEL_SOURCE=$tree tblist -v struct:filename struct:list_head struct:task_struct ||
	fail "-v struct against 6.1's headers failed: $(cat "$err")"
cat >"$WORK/want" <<EOT
struct:filename
    OFFSET   SIZE  TYPE NAME
         0      8  const char * name
         8      8  const char * uptr
        16      4  atomic_t refcnt
        24      8  struct audit_names * aname
        32      0  const char[] iname
    size 32, from the kernel headers at $tree
struct:list_head
    OFFSET   SIZE  TYPE NAME
         0      8  struct list_head * next
         8      8  struct list_head * prev
    size 16, from the kernel headers at $tree
EOT
head -13 "$out" | cmp -s - "$WORK/want" || fail "6.1's filename and list_head: $(head -13 "$out" | diff "$WORK/want" - )"
grep -qx '        24      4  unsigned int __state' "$out" || fail "6.1's task_struct: __state not at 24"
grep -qx '         0     24  struct thread_info thread_info' "$out" || fail "6.1: thread_info"
grep -q 'are for 6.1.*not the running' "$err" || fail "6.1: the headers' other kernel not said"
BCC_KERNEL_SOURCE=$tree tblist -v kprobe:vfs_read 2>/dev/null || fail "kprobe with BCC_KERNEL_SOURCE"
grep -qx '    struct file \* file' "$out" || fail "kprobe: BTF still gives prototypes"
BCC_KERNEL_SOURCE=$tree tblist --types=headers -v kprobe:vfs_read kprobe:do_unlinkat 2>/dev/null ||
	fail "--types=headers kprobe failed"
grep -q '^    (no prototype: --types=headers reads the kernel headers' "$out" || fail "no reason said"
grep -q '^    (declared in include/linux/fs.h, a best effort.*ssize_t vfs_read(struct file \*' "$out" ||
	fail "vfs_read's declaration not found in 6.1's headers: $(cat "$out")"
pass "-v struct from 6.1's real headers: filename, list_head, task_struct as known; kprobe reasons"
