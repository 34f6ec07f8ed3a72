# bashreadline on this kernel: an interactive bash driven through a pseudo-terminal types
# known commands; each must be printed once with the shell's pid, in text and JSON.
. "$(dirname "$0")/lib.sh"
require_root
[ -x /bin/bash ] || skip "/bin/bash is missing"

out=$WORK/bashreadline.out
type_commands() { "$TB_PROGS/pty_bash" -- "$@" >"$WORK/pty.txt" || fail "the driven bash failed"; }
shell_pid() { awk '/^bash/ { print $2 }' "$WORK/pty.txt"; }

start_tool bashreadline
ids=$(tool_prog_ids "$TOOL_PID")
type_commands "echo tb-readline-one" "" "true tb readline  two" ": 'quoted \$HOME'"
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "bashreadline exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT"
head -1 "$out" | grep -q '^TIME     PID     COMMAND$' || fail "bad header: $(head -1 "$out")"
P=$(shell_pid)
for cmd in "echo tb-readline-one" "true tb readline  two" ": 'quoted \$HOME'" "exit"; do
	n=$(cut -c10- "$out" | grep -cxF "$(printf '%-7s %s' "$P" "$cmd")")
	[ "$n" = 1 ] || fail "'$cmd' printed $n times for bash $P"
done
# the empty line typed between them: an empty COMMAND (read as 0 bytes on some kernels)
n=$(cut -c10- "$out" | grep -cx "$P *")
[ "$n" = 1 ] || fail "the empty line printed $n times for bash $P: $(cat "$out")"
grep -q '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9] ' "$WORK/bashreadline.out" || fail "TIME column is not HH:MM:SS"
pass "typed commands, an empty one too, printed once each with the shell's pid $P"

# JSON, and -s naming the binary explicitly
start_tool bashreadline --json -s /bin/bash
type_commands "echo tb-json \"x\""
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "bashreadline exited with $TOOL_RC after SIGTERM"
P=$(shell_pid)
grep -qF "\"pid\":$P,\"command\":\"echo tb-json \\\"x\\\"\"}" "$out" || fail "JSON line not found: $(cat "$out")"
pass "JSON and -s"

# bad input: one line, non-zero exit
"$TB_BIN/bashreadline" -s /nonexistent/tb-lib >/dev/null 2>"$WORK/bad.err" && fail "a missing -s file was accepted"
[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q "^bashreadline: failed to open '/nonexistent/tb-lib'" "$WORK/bad.err" ||
	fail "missing -s file: $(cat "$WORK/bad.err")"
"$TB_BIN/bashreadline" -s /bin/true >/dev/null 2>"$WORK/bad.err" && fail "a binary without readline was accepted"
grep -q "^bashreadline: failed to find readline() in '/bin/true'" "$WORK/bad.err" || fail "no readline: $(cat "$WORK/bad.err")"
pass "bad -s rejected with one-line errors"
