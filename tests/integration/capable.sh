# capable on this kernel: a workload makes known capability checks (per round: CAP_CHOWN twice,
# CAP_SETUID, CAP_SETGID, CAP_SYS_NICE; then one non-audit CAP_SYS_ADMIN from a private
# writable mapping). Every line's PID, TID, COMM, CAP and NAME must match, with the counts per
# capability; AUDIT and INSETID as the attach path can see them (the tracepoint here: N/A);
# --unique, --json, -K/-U stacks, -v's non-audit checks where the path tells them apart; the
# kprobe variant compiles, and forcing it here fails with one line.
. "$(dirname "$0")/lib.sh"
require_root
TB_VERBOSE=--verbose # capable's -v is BCC's: non-audit checks too

out=$WORK/capable.out
file=$WORK/owned
: >"$file"
# the workload started by a shell that waits on a fifo, so its PID is known before it runs
start_held_workload() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/cap_checks' '$file' $*" >"$WORK/workload.txt" &
	holder=$!
}
release_workload() { echo go >"$fifo"; }
# lines of the workload's process (the held shell had the same PID, named sh)
# (-x: TIME UID PID TID COMM CAP NAME AUDIT INSETID; without: no TID and INSETID)
mine() { awk -v p="$holder" '$3 == p && / cap_checks /' "$out"; }
count_cap() { mine | grep -Ec " cap_checks +$1 +$2 "; }

# --- auto, -x -p: each check, with TID and INSETID ---
start_held_workload 3
start_tool capable -x -p "$holder"
ids=$(tool_prog_ids "$TOOL_PID")
release_workload
wait "$holder" || fail "cap_checks failed"
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "capable exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT: $(progs_left $ids)"
cp "$WORK/capable.err" "$WORK/auto.err"
method=$(sed -n 's/^capable: attach method: \([a-z]*\).*/\1/p' "$WORK/auto.err")
case $method in
kprobe) na=1 ;;
tracepoint) grep -q '^capable: not using kprobe: ' "$WORK/auto.err" || fail "--verbose does not say why not kprobe"
	na=N/A ;;
*) fail "--verbose does not say which attach method was chosen: $(cat "$WORK/auto.err")" ;;
esac
[ "$(head -1 "$out")" = "TIME     UID    PID    TID    COMM             CAP  NAME                 AUDIT  INSETID" ] ||
	fail "bad header: '$(head -1 "$out")'"
# -p: the workload's lines only (the shell it was, then itself)
tail -n +2 "$out" | awk -v p="$holder" '$3 != p || $4 != p { bad = 1 } END { exit bad }' ||
	fail "-p let other processes (or threads) through: $(tail -n +2 "$out" | awk -v p="$holder" '$3 != p' | head -3)"
for want in "0 CAP_CHOWN 6" "7 CAP_SETUID 3" "6 CAP_SETGID 3" "23 CAP_SYS_NICE 3"; do
	set -- $want
	[ "$(count_cap "$1" "$2")" = "$3" ] || fail "$2: $(count_cap "$1" "$2") lines, want $3: $(cat "$out")"
done
# AUDIT: audited (1) by the kprobe, N/A by the tracepoint; INSETID: setuid's 1 where the kernel
# passes opts, else N/A
mine | awk -v a="$na" '$6 != 21 && $8 != a { bad = 1 } END { exit bad }' ||
	fail "AUDIT not $na: $(mine | head -3)"
case $method in
tracepoint) mine | awk '$9 != "N/A" { bad = 1 } END { exit bad }' || fail "INSETID not N/A: $(mine | head -3)"
	# the tracepoint cannot tell: the non-audit CAP_SYS_ADMIN is there without -v
	[ "$(count_cap 21 CAP_SYS_ADMIN)" -ge 1 ] || fail "no CAP_SYS_ADMIN check from the mapping: $(mine)" ;;
kprobe) [ "$(count_cap 21 CAP_SYS_ADMIN)" = 0 ] || fail "non-audit CAP_SYS_ADMIN shown without -v: $(mine)"
	# setuid() says CAP_OPT_INSETID where cap_capable takes opts (N/A where it takes audit)
	mine | awk '($7 == "CAP_SETUID" && $9 != 1 && $9 != "N/A") ||
		($7 == "CAP_CHOWN" && $9 != 0 && $9 != "N/A") { bad = 1 } END { exit bad }' ||
		fail "INSETID of setuid (1) or chown (0) wrong: $(mine)" ;;
esac
tail -n +2 "$out" | grep -qv '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9] ' && fail "TIME not HH:MM:SS"
pass "$method: CAP_CHOWN x6, CAP_SETUID, CAP_SETGID, CAP_SYS_NICE x3 of PID $holder; AUDIT $na"

# --- --unique -v --json: each capability once; the non-audit check with AUDIT 0 (kprobe) ---
start_held_workload 3
start_tool capable --unique -v --json -p "$holder"
release_workload
wait "$holder" || fail "cap_checks failed"
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "capable exited with $TOOL_RC after SIGTERM"
json_check "$out" '.pid == '"$holder"' and (.cap | type) == "number"' || fail "not JSON: $(head -3 "$out")"
[ "$na" = 1 ] && a=1 || a=null
for c in "0,\"name\":\"CAP_CHOWN\",\"audit\":$a" "7,\"name\":\"CAP_SETUID\",\"audit\":$a" \
	"6,\"name\":\"CAP_SETGID\",\"audit\":$a" "23,\"name\":\"CAP_SYS_NICE\",\"audit\":$a"; do
	n=$(grep -c "^{\"time\":\"[0-9:]*\",\"uid\":0,\"pid\":$holder,\"comm\":\"cap_checks\",\"cap\":$c}\$" "$out")
	[ "$n" = 1 ] || fail "--unique: $n lines of cap $c: $(cat "$out")"
done
[ "$na" = 1 ] && a=0
# one per process and capability: the held shell's exec (the same PID) may be the one shown
[ "$(grep -c "\"pid\":$holder,\"comm\":\"[a-z_]*\",\"cap\":21,\"name\":\"CAP_SYS_ADMIN\",\"audit\":$a}" "$out")" = 1 ] ||
	fail "-v: not one non-audit CAP_SYS_ADMIN (audit $a): $(cat "$out")"
pass "--unique -v --json: one line per capability, the non-audit check included"

# --- -K -U: the stacks under each line, while the workload still runs (its symbols) ---
start_held_workload 1 wait
start_tool capable -K -U -p "$holder"
release_workload
wait_for_output "$out" 30 "cap_checks *23 *CAP_SYS_NICE" || fail "no CAP_SYS_NICE line: $(cat "$out")"
stop_tool INT
kill "$holder"; { wait "$holder"; } 2>/dev/null # its "Terminated"
[ "$TOOL_RC" = 0 ] || fail "capable -K -U exited with $TOOL_RC"
# the frames under the first CAP_CHOWN line, up to the next event line
awk '/ CAP_CHOWN /{ p = 1; next } /^[0-9][0-9]:/{ if (p) exit } p' "$out" >"$WORK/stack.txt"
grep -q '^        cap_capable' "$WORK/stack.txt" || fail "no cap_capable frame: $(cat "$WORK/stack.txt")"
grep -q '^        [a-z_]*chown[a-z_]*+0x' "$WORK/stack.txt" || fail "no kernel chown frame: $(cat "$WORK/stack.txt")"
grep -q '^        [_a-zA-Z]*chown[_a-z0-9]*+0x[0-9a-f]* \[libc' "$WORK/stack.txt" ||
	fail "no user frame in libc's chown: $(cat "$WORK/stack.txt")"
pass "-K -U: cap_capable and a chown function in the kernel, libc's chown in user space"

# --- forced kprobe: one line where there are no kprobes; the variant compiles anyway ---
if [ ! -e /sys/bus/event_source/devices/kprobe/type ]; then
	"$TB_BIN/capable" --attach kprobe >"$WORK/kp.out" 2>"$WORK/kp.err" && fail "--attach kprobe started"
	[ "$(wc -l <"$WORK/kp.err")" = 1 ] || fail "--attach kprobe: more than one line: $(cat "$WORK/kp.err")"
	grep -q "^capable: failed to attach kprobe 'cap_capable': this kernel has no kprobes" "$WORK/kp.err" ||
		fail "--attach kprobe: $(cat "$WORK/kp.err")"
	pass "--attach kprobe fails cleanly: $(cat "$WORK/kp.err")"
fi
{ echo "#define TB_USE_KPROBE 1"; "$TB_BIN/capable" --dump-bpf; } >"$WORK/kprobe.bpf.c"
"$TB_BIN/capable" --attach tracepoint --bpf-file "$WORK/kprobe.bpf.c" >/dev/null 2>"$WORK/variant.err" &&
	fail "the kprobe variant attached the tracepoint"
grep -q "failed to find BPF function 'tracepoint__capability__cap_capable'" "$WORK/variant.err" ||
	fail "kprobe variant: $(cat "$WORK/variant.err")"
pass "the kprobe variant compiles (cap_capable's fourth argument from this kernel's facts)"

# --- bad input: one line, non-zero exit ---
for args in "--attach fentry" "-p 0" "-p x" "extra"; do
	"$TB_BIN/capable" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -Eq '^capable: (invalid|unexpected)' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
