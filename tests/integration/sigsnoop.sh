# sigsnoop and killsnoop on this kernel: a workload sends its child SIGUSR1 (kill, handled),
# SIGUSR2 (tgkill, ignored) and SIGTERM (kill), then SIGUSR1 to a PID that cannot exist; the
# printed sender, target, signal and result must match, in both modes, in text and JSON, with
# filters, and with an edited BPF file.
. "$(dirname "$0")/lib.sh"
require_root

run_workload() { "$TB_PROGS/signal_send" >"$WORK/workload.txt" || fail "signal_send failed"; }
get() { awk -v k="$1" '$1 == k { print $2 }' "$WORK/workload.txt"; }
# lines of FILE whose field F1 is V1 and field F2 is V2
rows() { awk -v a="$2" -v b="$3" -v c="$4" -v d="$5" '$a == b && $c == d' "$1"; }

# the workload started by a shell that waits on a fifo, so its PID is known before it runs
start_held_workload() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/signal_send' > '$WORK/workload.txt'" &
	holder=$!
}
release_workload() { echo go >"$fifo"; wait "$holder" || fail "signal_send failed"; }

# --- sigsnoop: signal:signal_generate ---
out=$WORK/sigsnoop.out
start_tool sigsnoop
grep -q 'tracing every generated signal (signal:signal_generate)' "$WORK/sigsnoop.err" ||
	fail "-v does not say which probe: $(cat "$WORK/sigsnoop.err")"
ids=$(tool_prog_ids "$TOOL_PID")
run_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "sigsnoop exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT: $(progs_left $ids)"
[ "$(head -1 "$out")" = "TIME     PID     COMM             SIG          TPID    TCOMM            RESULT" ] ||
	fail "bad header: '$(head -1 "$out")'"
P=$(get parent) C=$(get child) M=$(get missing)
mine=$(rows "$out" 2 "$P" 5 "$C")
echo "$mine" | awk '{ print $3, $4, $6, $7 }' >"$WORK/got"
printf '%s\n' "signal_send 10 signal_send 0" "signal_send 12 signal_send 1" \
	"signal_send 15 signal_send 0" >"$WORK/want"
same_lines "$WORK/got" "$WORK/want" || fail "parent->child signals: got '$(cat "$WORK/got")'"
echo "$mine" | grep -q '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9] ' || fail "TIME not HH:MM:SS: $mine"
rows "$out" 2 "$C" 5 "$P" | awk '$4 == 17 { ok = 1 } END { exit !ok }' ||
	fail "the child's SIGCHLD to its parent is missing"
awk -v m="$M" '$5 == m' "$out" | grep -q . && fail "a signal to a missing PID was generated"
pass "sigsnoop: sender, target, signal, target comm and result (1 = ignored) right"

# --- filters in the kernel: -p sender, -s names and numbers; -x = not delivered; JSON ---
start_held_workload
start_tool sigsnoop -p "$holder" -s USR1,15,SIGUSR2 --json
release_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "sigsnoop exited with $TOOL_RC after SIGTERM"
C=$(get child)
[ "$(wc -l <"$out")" = 3 ] || fail "-p/-s let other signals through: $(cat "$out")"
grep -Eq "^\{\"time\":\"[0-9:]{8}\",\"pid\":$holder,\"comm\":\"signal_send\",\"sig\":10,\"tpid\":$C,\"tcomm\":\"signal_send\",\"result\":0\}$" "$out" ||
	fail "JSON line for SIGUSR1 not found: $(head -1 "$out")"
pass "sigsnoop -p -s (names and numbers) --json"

start_held_workload
start_tool sigsnoop -x -p "$holder" -n -U
release_workload
stop_tool
[ "$(head -1 "$out")" = "TIME     UID    PID     COMM             SIG          TPID    TCOMM            RESULT" ] ||
	fail "bad -U header: '$(head -1 "$out")'"
C=$(get child) # the parent's own exit may send an ignored SIGCHLD to this shell: not counted
tail -n +2 "$out" | awk -v c="$C" '$6 == c { print $2, $3, $5, $8 }' >"$WORK/got"
[ "$(cat "$WORK/got")" = "0 $holder SIGUSR2 1" ] || fail "-x: expected only the ignored SIGUSR2: $(cat "$out")"
pass "sigsnoop -x -n -U: only the undelivered signal, by name, with UID"

# --- sigsnoop -k: the syscalls, with results and the target's comm ---
start_tool sigsnoop -k -n
grep -q 'tracing the kill(), tkill() and tgkill() syscalls' "$WORK/sigsnoop.err" || fail "-v does not say -k"
run_workload
stop_tool
P=$(get parent) C=$(get child) M=$(get missing)
rows "$out" 2 "$P" 3 signal_send | awk '{ print $4, $5, $6, $7 }' >"$WORK/got"
printf '%s\n' "SIGUSR1 $C signal_send 0" "SIGUSR2 $C signal_send 0" "SIGTERM $C signal_send 0" \
	"SIGUSR1 $M N/A -3" >"$WORK/want"
same_lines "$WORK/got" "$WORK/want" || fail "sigsnoop -k: got '$(cat "$WORK/got")'"
grep -q " SIGCHLD " "$out" && fail "-k showed a kernel-generated SIGCHLD"
pass "sigsnoop -k: kill and tgkill with results (-3 = ESRCH) and target comm"

# --- killsnoop: BCC's columns, the kill syscalls by default ---
out=$WORK/killsnoop.out
start_tool killsnoop
ids=$(tool_prog_ids "$TOOL_PID")
run_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "killsnoop exited with $TOOL_RC after SIGTERM"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGTERM: $(progs_left $ids)"
w=$(wc -c </proc/sys/kernel/pid_max) # digits of pid_max plus one (the newline), as BCC does
want=$(printf '%-9s %-*s %-16s %-4s %-*s %s' TIME "$w" PID COMM SIG "$w" TPID RESULT)
[ "$(head -1 "$out")" = "$want" ] || fail "bad header: '$(head -1 "$out")', want '$want'"
P=$(get parent) C=$(get child) M=$(get missing)
line=$(rows "$out" 2 "$P" 6 -3)
[ "$line" = "$(printf '%-9s %-*d %-16s %-4d %-*d %d' "${line%% *}" "$w" "$P" signal_send 10 "$w" "$M" -3)" ] ||
	fail "failed kill not printed as BCC does: '$line'"
rows "$out" 2 "$P" 3 signal_send | awk '{ print $4, $5, $6 }' >"$WORK/got"
printf '%s\n' "10 $C 0" "12 $C 0" "15 $C 0" "10 $M -3" >"$WORK/got.want"
same_lines "$WORK/got" "$WORK/got.want" || fail "killsnoop: got '$(cat "$WORK/got")'"
pass "killsnoop: BCC's header and line format, sender, target, signal and result"

start_held_workload
start_tool killsnoop -x -p "$holder"
release_workload
stop_tool
[ "$(tail -n +2 "$out" | awk '{ print $2, $4, $5, $6 }')" = "$holder 10 $(get missing) -3" ] ||
	fail "killsnoop -x -p: expected only the failed kill: $(cat "$out")"
start_tool killsnoop -T 4194304 -s 10 --comm nal_se
run_workload
stop_tool
# another test's signal_send (portable.sh) may run beside this one: every row must be a
# SIGUSR1 to the missing PID from a signal_send, and one of them ours
[ -z "$(tail -n +2 "$out" | awk '$3 != "signal_send" || $4 != 10 || $5 != 4194304')" ] &&
	[ -n "$(rows "$out" 2 "$(get parent)" 5 4194304)" ] ||
	fail "killsnoop -T: expected only the kill of the missing PID: $(cat "$out")"
start_tool killsnoop -T 4194304 --comm not-signal-send
run_workload
stop_tool
[ "$(wc -l <"$out")" = 1 ] || fail "killsnoop --comm let another sender through: $(cat "$out")"
pass "killsnoop -x, -p, -T and --comm filters"

# --- edit and rerun ---
"$TB_BIN/killsnoop" --dump-bpf >"$WORK/edited.bpf.c" || fail "--dump-bpf failed"
grep -q 'TRACEPOINT_PROBE(syscalls, sys_enter_kill)' "$WORK/edited.bpf.c" || fail "--dump-bpf printed no source"
sed -i 's/e->ret = ret;/e->ret = ret + 1000;/' "$WORK/edited.bpf.c"
start_held_workload
start_tool killsnoop --bpf-file "$WORK/edited.bpf.c" -p "$holder"
release_workload
stop_tool
awk '$6 == 997 { ok = 1 } END { exit !ok }' "$out" || fail "--bpf-file did not change the result: $(cat "$out")"
pass "--bpf-file runs the edited program"

# --- bad input: one line, non-zero exit ---
for tool in sigsnoop killsnoop; do
	for args in "-s FOO" "-s 65" "-s 9," "-p 0" "-T abc" "-p 4194305"; do
		"$TB_BIN/$tool" $args >/dev/null 2>"$WORK/bad.err" && fail "$tool '$args' was accepted"
		head -1 "$WORK/bad.err" | grep -q "^$tool: invalid" || fail "$tool '$args': $(head -1 "$WORK/bad.err")"
	done
done
pass "bad input rejected with one-line errors"
