# trace on this kernel: trace_target calls trace_fn("tb-trace-marker", i) returning 4242 + i
# five times a round, fires the USDT probe tbtrace:mark with the same arguments and opens a
# path that does not exist; each probe kind must print exactly those values, filters must
# keep exactly the matching calls, and bad probes must fail in one line naming the wrong part.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/trace.out
BIN=$TB_PROGS/trace_target
OPENED=$WORK/tb-trace-open-marker            # never created: open() fails, the path is traced
start_driven tgt "$BIN" 5 "$OPENED"
T=$DRIVEN_PID

# msgs FUNC: the messages (the text after FUNC) of FUNC's lines, in order
msgs() { awk -v f="$1" 'NR > 1 && $4 == f { for (i = 0; i < 4; i++) sub(/^[^ ]+ +/, ""); print }' "$out"; }

# --- one run, four probe kinds: uprobe %s, uretprobe %d, tracepoint %s, USDT ---
start_tool trace -p "$T" "p:$BIN:trace_fn \"%s\", arg1" "r:$BIN:trace_fn \"%d\", retval" \
	't:syscalls:sys_enter_openat "%s", args->filename' "u:$BIN:mark \"%s %d\", arg1, arg2" 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
drive_round tgt
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "trace exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -q '^PID  *TID  *COMM  *FUNC  *-$' || fail "bad header: $(head -1 "$out")"
[ "$(msgs trace_fn | grep -c '^tb-trace-marker$')" = 5 ] || fail "uprobe: expected 5 markers"
[ "$(msgs trace_fn | grep -v '^tb-trace-marker$' | sort -n | tr '\n' ' ')" = "4242 4243 4244 4245 4246 " ] ||
	fail "uretprobe: expected 4242..4246"
[ "$(msgs sys_enter_openat)" = "$OPENED" ] || fail "tracepoint: expected the path $OPENED once"
[ "$(msgs mark | tr '\n' ',')" = "tb-trace-marker 0,tb-trace-marker 1,tb-trace-marker 2,tb-trace-marker 3,tb-trace-marker 4," ] ||
	fail "USDT: expected arg1 (string) and arg2 0..4"
awk -v p="$T" 'NR > 1 && ($1 != p || $2 != p || $3 != "trace_target") { bad = 1 } END { exit bad }' "$out" ||
	fail "a line of another process, or wrong PID/TID/COMM"
[ "$(tail -n +2 "$out" | wc -l)" = 16 ] || fail "expected 16 events, not $(tail -n +2 "$out" | wc -l)"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
pass "uprobe, uretprobe, tracepoint and USDT probes in one run print the values"

# --- a predicate; a signature; %c %x %u; c: is libc ---
start_tool trace -p "$T" "p:$BIN:trace_fn (arg2 == 3) \"i=%d\", arg2" \
	"p:$BIN:trace_fn(const char *m, int i) (i == 1) \"%c%c %x %u\", m[0], m[1], i + 10, \$tgid" \
	"c:open \"%s\", arg1" "p:$BIN:trace_fn (STRCMP(\"tb-trace-marke\", arg1)) \"prefix\"" \
	"t:syscalls:sys_enter_openat (STRCMP(\"$OPENED\", args->filename)) \"same %s\", args->filename" 7>&-
drive_round tgt
stop_tool
[ "$(msgs sys_enter_openat)" = "same $OPENED" ] || fail "STRCMP on a tracepoint's string"
[ "$(msgs trace_fn | sort | tr '\n' ',')" = "i=3,tb b $T," ] || fail "predicate or signature: $(msgs trace_fn)"
[ "$(msgs open)" = "$OPENED" ] || fail "c:open: expected the path $OPENED"
pass "predicate, STRCMP, signature, %c %x %u \$tgid, c: shorthand"

# --- -M stops after N events; --json ---
start_tool trace -p "$T" -M 3 --json -U "r:$BIN:trace_fn \"%d\", retval" 7>&-
drive_round tgt
wait_tool_exit 10
[ "$TOOL_RC" = 0 ] || fail "trace -M 3 exited with $TOOL_RC"
[ "$(wc -l <"$out")" = 3 ] || fail "-M 3: expected 3 JSON lines"
json_check "$out" ".pid == $T and .tid == $T and .comm == \"trace_target\" and .func == \"trace_fn\" and (.msg | test(\"^424[234]$\")) and (.ustack | test(\"^main[+]0x[0-9a-f]+ \\\\[trace_target\\\\];\"))" ||
	fail "JSON lines wrong"
pass "-M 3 ends after 3 events; --json, with -U's stack"

# --- -A: identical events counted, BCC's "-->COUNT N", printed at -M; -B: STRCMP on bytes ---
# "tb-" is the marker's first 3 bytes: as bytes they match; as a string only "tb-" would
start_tool trace -A -B -M 10 -p "$T" "p:$BIN:trace_fn (STRCMP(\"{0x74, 0x62, 0x2d}\", arg1)) \"i=%d\", arg2 % 2" \
	"p:$BIN:trace_fn (STRCMP(\"{0x74, 0x62, 0x2e}\", arg1)) \"other bytes\"" \
	"p:$BIN:trace_fn (STRCMP(\"tb-\", arg1)) \"string\"" 7>&-
drive_round tgt
drive_round tgt
wait_tool_exit 10
[ "$TOOL_RC" = 0 ] || fail "trace -A -M 10 exited with $TOOL_RC"
row() { printf '%-7s %-7s %-15s %-16s %s\n' "$T" "$T" trace_target trace_fn "$1"; }
{ printf '%-7s %-7s %-15s %-16s %s\n' PID TID COMM FUNC -; row i=0; printf -- '-->COUNT 6\n\n'
  row i=1; printf -- '-->COUNT 4\n\n'; } >"$WORK/want"
cmp -s "$out" "$WORK/want" || fail "-A -B -M 10: expected
$(cat "$WORK/want")
got:
$(cat "$out")"
# --json, and no -M: the counts come when trace is stopped
start_tool trace -A --json -p "$T" "p:$BIN:trace_fn (arg2 < 3) \"i=%d\", arg2 % 2" 7>&-
drive_round tgt
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "trace -A --json exited with $TOOL_RC after SIGINT"
j="{\"pid\":$T,\"tid\":$T,\"comm\":\"trace_target\",\"func\":\"trace_fn\",\"msg\":\"i="
printf '%s0","count":2}\n%s1","count":1}\n' "$j" "$j" >"$WORK/want"
cmp -s "$out" "$WORK/want" || fail "-A --json: expected $(cat "$WORK/want") got $(cat "$out")"
pass "-A counts identical events (at -M, or at the end; --json); -B compares bytes"

# --- -f message filter, -n name filter, -t and -C columns ---
start_tool trace -t -C -n _targ -f 'i=4' -I linux/fs_struct.h \
	"p:$BIN:trace_fn \"i=%d users=%d pid=%d\", arg2, \$task->fs->users, \$task->tgid" 7>&-
drive_round tgt
stop_tool
head -1 "$out" | grep -q '^TIME(s) *CPU *PID  *TID  *COMM  *FUNC  *-$' || fail "-t -C header: $(head -1 "$out")"
msg=$(tail -n +2 "$out" | awk '{ for (i = 0; i < 6; i++) sub(/^[^ ]+ +/, ""); print }')
[ "$msg" = "i=4 users=1 pid=$T" ] || fail "-f i=4, -I, \$task: '$msg'"
start_tool trace -n nosuchcomm "p:$BIN:trace_fn" 7>&-
drive_round tgt
stop_tool
[ "$(wc -l <"$out")" = 1 ] || fail "-n nosuchcomm let events through"
head -1 "$out" | grep -q '^PID  *TID  *COMM  *FUNC *$' || fail "no format: BCC's header has no '-'"
pass "-f, -n, -t, -C, -I and \$task"

# --- -U: the caller's frames under the event; -L; a USDT probe read from the binary ---
start_tool trace -L "$T" -U "r:$BIN:trace_fn (retval == 4244) \"%d\", retval" \
	"u:$BIN:tbtrace:mark (arg2 == 4)" "p:$BIN:trace_fn (arg2 == 0) \"at %U\", PT_REGS_IP(ctx)" 7>&-
drive_round tgt
stop_tool
[ "$(awk '$4 == "trace_fn" && $5 ~ /^[0-9]+$/ { print $5 }' "$out")" = 4244 ] || fail "-U: no event for 4244"
awk '$4 == "trace_fn" && $5 == 4244 { getline; print; exit }' "$out" | grep -q '^        main+0x[0-9a-f]* \[trace_target\]$' ||
	fail "-U: the first frame is not main in trace_target"
[ "$(awk '$4 == "mark"' "$out" | wc -l)" = 1 ] || fail "USDT from the binary: expected one event (arg2 == 4)"
[ "$(msgs trace_fn | grep '^at ')" = "at trace_fn+0x0 [trace_target]" ] || fail "%U: not trace_fn's symbol"
pass "-U stacks, %U, -L, USDT from the binary"

# --- -s: user frames named by build id from the files given, after the process has gone ---
LIBC=$(ldd "$BIN" | awk '$1 ~ /^libc[.]so/ { print $3 }')
start_tool trace -s "$BIN,$LIBC" -U -M 1 "r:$BIN:trace_fn (retval == 4243) \"%d\", retval" 7>&-
echo go | "$BIN" 3 "$OPENED" >/dev/null 7>&-  # one round, then it exits
wait_tool_exit 10
[ "$TOOL_RC" = 0 ] || fail "trace -s -U -M 1 exited with $TOOL_RC"
[ "$(sed -n 2p "$out" | awk '{ print $3, $4, $5 }')" = "trace_target trace_fn 4243" ] || fail "-s: no event: $(cat "$out")"
sed -n 3p "$out" | grep -q '^        main+0x[0-9a-f]* \[trace_target\]$' || fail "-s: the first frame is not main: $(cat "$out")"
sed -n 4p "$out" | grep -q '^        .*+0x[0-9a-f]* \[libc[.]so[.]6\]$' || fail "-s: the second frame is not libc's: $(cat "$out")"
grep -q 'unknown' "$out" && fail "-s: a frame not named: $(cat "$out")"
pass "-s names -U's frames by build id (the process has exited)"

# --- a tracepoint's __data_loc string: sched_process_exec's filename ---
ln -s /bin/true "$WORK/tb-trace-exec-marker"
start_tool trace -f tb-trace-exec-marker 't:sched:sched_process_exec "%s", args->filename' 7>&-
"$WORK/tb-trace-exec-marker"
stop_tool
[ "$(msgs sched_process_exec)" = "$WORK/tb-trace-exec-marker" ] || fail "__data_loc string not read"
pass "%s of a __data_loc field"

# --- -c: a cgroup v2 holding the target only; -u: UNIX timestamps ---
CG2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -n "$CG2" ] && mkdir "$CG2/tb-trace-$$" 2>/dev/null; then
	CG=$CG2/tb-trace-$$
	echo "$T" >"$CG/cgroup.procs" || fail "cannot move trace_target into $CG"
	start_tool trace -u -c "$CG" 't:syscalls:sys_enter_openat "%s", args->filename' 7>&-
	now=$(date +%s)
	drive_round tgt
	stop_tool
	echo "$T" >"$CG2/cgroup.procs"; rmdir "$CG"
	head -1 "$out" | grep -q '^TIME  *PID  *TID  *COMM  *FUNC  *-$' || fail "-u header: $(head -1 "$out")"
	[ "$(tail -n +2 "$out" | awk '{ print $2, $6 }')" = "$T $OPENED" ] ||
		fail "-c: expected the target's open only"
	tail -n +2 "$out" | awk -v n="$now" '{ d = $1 - n } d < -5 || d > 30 { exit 1 }' ||
		fail "-u: not a UNIX timestamp near $now"
	pass "-c cgroup, -u"
else
	echo "SKIP: -c: no cgroup v2 directory can be made here"
fi

# --- --dump-bpf shows what compiles; an edited copy runs with --bpf-file ---
"$TB_BIN/trace" --dump-bpf "p:$BIN:trace_fn \"%d\", arg2" >"$WORK/dump.bpf.c" || fail "--dump-bpf failed"
grep -q '^int trace_probe_0(struct pt_regs \*ctx)$' "$WORK/dump.bpf.c" || fail "--dump-bpf: no trace_probe_0"
sed 's/(int)(PT_REGS_PARM2(ctx))/(int)(PT_REGS_PARM2(ctx)) * 100/' "$WORK/dump.bpf.c" >"$WORK/edit.bpf.c"
start_tool trace -p "$T" --bpf-file "$WORK/edit.bpf.c" "p:$BIN:trace_fn \"%d\", arg2" 7>&-
drive_round tgt
stop_tool
[ "$(msgs trace_fn | tr '\n' ' ')" = "0 100 200 300 400 " ] || fail "--bpf-file: the edit did not run"
pass "--dump-bpf and --bpf-file"

# --- BCC's ./binary with -p; the traced process exits: trace ends by itself, status 0 ---
cd "$TB_PROGS"
start_tool trace -p "$T" 'p:./trace_target:trace_fn "%d", arg2' 7>&-
cd - >/dev/null
drive_round tgt
end_driven
wait_tool_exit 10
[ "$TOOL_RC" = 0 ] || fail "trace -p exited with $TOOL_RC when the process ended"
[ "$(msgs trace_fn | tr '\n' ' ')" = "0 1 2 3 4 " ] || fail "./trace_target with -p: $(msgs trace_fn)"
pass "./binary with -p, the end of -p's process ends trace"

# --- bad input: one line naming the wrong part, no BPF loaded ---
bad() {
	want=$1; shift
	"$TB_BIN/trace" "$@" >"$WORK/bad.out" 2>"$WORK/bad.err" && fail "trace $* succeeded"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] || fail "trace $*: not one line: $(cat "$WORK/bad.err")"
	grep -qF -- "$want" "$WORK/bad.err" || fail "trace $*: no '$want' in: $(cat "$WORK/bad.err")"
}
bad "bad format: '%q'" "p:$BIN:trace_fn \"%q\", arg1"
bad "bad format: '%5.2f'" "p:$BIN:trace_fn \"%5.2f\", arg1"
bad "no closing '\"'" "p:$BIN:trace_fn \"%d, arg1"
bad "nothing matches 'no_such_fn'" "p:$BIN:no_such_fn"
bad "nothing matches 'no_such_event'" 't:syscalls:no_such_event'
bad "has 2 conversions but 1 argument was given" "p:$BIN:trace_fn \"%s %d\", arg1"
bad "has 1 conversion but 2 arguments were given" "p:$BIN:trace_fn \"%s\", arg1, arg2"
bad "names retval" "p:$BIN:trace_fn \"%d\", retval"
bad "names arg1, which a tracepoint has not" 't:syscalls:sys_enter_openat "%d", arg1'
bad "USDT probe mark has 2 argument(s)" "u:$BIN:mark \"%d\", arg3"
bad "unknown variable '\$foo'" "p:$BIN:trace_fn (\$foo == 1)"
bad "has no closing ')'" "p:$BIN:trace_fn (arg1 == 1"
bad 'expected STRCMP("TEXT", EXPRESSION)' "p:$BIN:trace_fn (STRCMP(arg1, \"x\"))"
printf 'not an ELF file\n' >"$WORK/notelf"
bad "failed to read the build id of '$WORK/notelf'" -s "$WORK/notelf" -U "p:$BIN:trace_fn"
bad 'or bytes {N, N...}' -B "p:$BIN:trace_fn (STRCMP(\"{0x74, 0x162}\", arg1))"
bad "no probe given" -p 1
bad "no such process" -p 4000000 "p:$BIN:trace_fn"
bad "failed to open cgroup '/nonexistent'" -c /nonexistent "p:$BIN:trace_fn"
if [ ! -e /sys/kernel/tracing/kprobe_events ] && [ ! -e /sys/kernel/debug/tracing/kprobe_events ]; then
	bad "this kernel has no kprobes" 'p::do_sys_openat2 "%d", arg1'
	bad "this kernel has no kprobes" 'r::vfs_read "%d", retval'
	pass "bad input, kprobes refused"
else
	pass "bad input (this kernel has kprobes: their refusal is not tested)"
fi
