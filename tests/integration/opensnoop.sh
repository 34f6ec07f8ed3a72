# opensnoop on this kernel: a workload opens an existing file, a missing one (ENOENT), one
# with O_CREAT, the same through open() and openat2(), and a relative path; the printed PID,
# FD, ERR, FLAGS, MODE and PATH must match, with -x, -p, -t, -n, -f, -F, -T, -U, -d, --json.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/opensnoop.out
DIR=$WORK/files
mkdir "$DIR" && touch "$DIR/exists"
DIR=$(cd "$DIR" && pwd -P)
run_workload() { "$TB_PROGS/open_files" "$DIR" >"$WORK/workload.txt"; }
wpid() { awk '/^pid/ { print $2 }' "$WORK/workload.txt"; }
ret_of() { awk -v l="$1" '$1 == l { print $2 }' "$WORK/workload.txt"; }
# the workload's line for PATH: the PID column is the Nth (after TIME and UID when shown)
line_for() { awk -v p="$(wpid)" -v f="$1" -v path="$2" '$f == p && $NF == path' "$out"; }
# lets a test know the PID (and TID) before the workload starts
hold_workload() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/open_files' '$DIR' > '$WORK/workload.txt'" &
	holder=$!
}
release_workload() { echo go > "$fifo"; wait "$holder"; }

# --- text: -e (FLAGS, MODE), -U, -T ---
start_tool opensnoop -e -U -T
run_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "opensnoop exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -q '^TIME(s)       UID   PID    COMM               FD ERR FLAGS    MODE PATH$' ||
	fail "bad header: $(head -1 "$out")"
check() { # LABEL PATH FD ERR FLAGS MODE
	line=$(line_for 3 "$2")
	[ -n "$line" ] || fail "no event for $1 ($2)"
	echo "$line" | awk -v fd="$3" -v err="$4" -v fl="$5" -v mode="$6" \
		'$2 == 0 && $4 == "open_files" && $5 == fd && $6 == err && $7 == fl && $8 == mode { ok = 1 } END { exit !ok }' ||
		fail "$1: got '$line', want FD $3 ERR $4 FLAGS $5 MODE $6"
}
check exists "$DIR/exists" "$(ret_of exists)" 0 00000000 n/a
check missing "$DIR/missing" -1 2 00000000 n/a
check created "$DIR/created" "$(ret_of created)" 0 00001101 0640
check relative relative-file "$(ret_of relative)" 0 00002101 0600
if grep -q '^open ' "$WORK/workload.txt"; then
	check "open()" "$DIR/exists" "$(ret_of open)" 0 00000002 n/a
fi
if grep -q '^openat2 [0-9]' "$WORK/workload.txt"; then
	check openat2 "$DIR/exists" "$(ret_of openat2)" 0 02000000 n/a
fi
line_for 3 "$DIR/exists" | head -1 | grep -Eq '^[0-9]+\.[0-9]{9} ' ||
	fail "-T column is not seconds with 9 decimals: $(line_for 3 "$DIR/exists")"
pass "FD, ERR, FLAGS, MODE, PATH right for openat, open, openat2, O_CREAT and ENOENT; -U -T"

# --- -x failed only, -n name filter ---
start_tool opensnoop -x -n open_fi
run_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "opensnoop exited with $TOOL_RC after SIGTERM"
[ -n "$(line_for 1 "$DIR/missing")" ] || fail "-x missed the ENOENT"
[ -z "$(line_for 1 "$DIR/exists")" ] || fail "-x showed a successful open"
tail -n +2 "$out" | awk '$4 == 0 || $2 !~ /open_fi/ { bad = 1 } END { exit bad }' ||
	fail "-x/-n let other lines through: $(cat "$out")"
pass "-x and -n"

# --- -p PID with -F full paths; -t TID ---
hold_workload
start_tool opensnoop -p "$holder" -F
release_workload
stop_tool
[ "$(tail -n +2 "$out" | awk -v p="$holder" '$1 != p' | wc -l)" = 0 ] || fail "-p let other processes through"
[ -n "$(line_for 1 "$DIR/missing")" ] || fail "-p $holder: missing its opens: $(cat "$out")"
[ -n "$(line_for 1 "$DIR/relative-file")" ] || fail "-F did not make '$DIR/relative-file': $(grep relative "$out")"
[ -n "$(line_for 1 "$DIR/sub/in-sub")" ] || fail "-F did not resolve openat()'s dfd: $(grep in-sub "$out")"
pass "-p and -F (relative paths resolved from the working directory and from openat()'s dfd)"

hold_workload
start_tool opensnoop -t "$holder" --json
release_workload
stop_tool
grep -q "^{\"tid\":$holder,\"comm\":\"open_files\",\"fd\":-1,\"err\":2,\"path\":\"$DIR/missing\"}$" "$out" ||
	fail "JSON line for the missing file not found: $(grep missing "$out")"
grep -v "\"tid\":$holder," "$out" && fail "-t let other threads through"
pass "-t and --json"

# --- -f flag filter ---
start_tool opensnoop -f O_CREAT -e
run_workload
stop_tool
[ -n "$(line_for 1 "$DIR/created")" ] || fail "-f O_CREAT missed the O_CREAT open"
[ -z "$(line_for 1 "$DIR/exists")" ] || fail "-f O_CREAT showed an open without O_CREAT"
tail -n +2 "$out" | while read -r pid comm fd err flags rest; do
	[ $(( 0$flags & 0100 )) != 0 ] || fail "-f O_CREAT let flags $flags through"
done || exit 1
pass "-f O_CREAT"

# --- -d: ends by itself ---
start=$(date +%s)
"$TB_BIN/opensnoop" -d 1 >"$WORK/d.out" 2>"$WORK/d.err" || fail "-d 1 exited with $?: $(cat "$WORK/d.err")"
[ $(( $(date +%s) - start )) -lt 60 ] || fail "-d 1 did not stop"
pass "-d ends tracing"

# --- --dump-bpf / --bpf-file ---
"$TB_BIN/opensnoop" --dump-bpf >"$WORK/edited.bpf.c" || fail "--dump-bpf failed"
grep -q 'TRACEPOINT_PROBE(syscalls, sys_enter_openat)' "$WORK/edited.bpf.c" || fail "--dump-bpf printed no source"
sed -i 's/f->e.ret = ret;/f->e.ret = ret >= 0 ? ret + 1000 : ret;/' "$WORK/edited.bpf.c"
start_tool opensnoop --bpf-file "$WORK/edited.bpf.c"
run_workload
stop_tool
line_for 1 "$DIR/exists" | awk -v fd="$(($(ret_of exists) + 1000))" '$3 == fd { ok = 1 } END { exit !ok }' ||
	fail "--bpf-file did not change what was printed: $(line_for 1 "$DIR/exists")"
pass "--bpf-file runs the edited program"

# --- leaks and bad input ---
start_tool opensnoop -F
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "opensnoop running but holding no BPF program"
stop_tool TERM
[ -z "$(progs_left $ids)" ] || fail "BPF programs left: $(progs_left $ids)"
pass "nothing left attached ($(echo $ids | wc -w) programs gone)"
for args in "-f O_BOGUS" "-f WRONLY" "-p abc" "-d 0" "-b 3" "-u no-such-user-tb" "extra"; do
	"$TB_BIN/opensnoop" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -q '^opensnoop: ' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"

# without privileges: one line that says what to do
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$TB_BIN/opensnoop" >/dev/null 2>"$WORK/nobody.err" &&
		fail "opensnoop ran without privileges"
	[ "$(wc -l < "$WORK/nobody.err")" = 1 ] && grep -q "^opensnoop: permission denied: tracing needs root" "$WORK/nobody.err" ||
		fail "unprivileged error is not one clear line: $(cat "$WORK/nobody.err")"
	pass "unprivileged run: one-line error"
fi
