# statsnoop on this kernel: a workload calls each stat syscall N times on a path that exists
# and N times on one that does not; the printed PID, COMM, FD, ERR, SYSCALL and PATH and the
# counts must match, with -t, -s, -x, -p, --json.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/statsnoop.out
N=3
DIR=$WORK/files
mkdir "$DIR" && touch "$DIR/exists"
DIR=$(cd "$DIR" && pwd -P)
run_workload() { "$TB_PROGS/stat_calls" "$DIR" $N >"$WORK/workload.txt"; }
wpid() { awk '/^pid/ { print $2; exit }' "$WORK/workload.txt"; }
# lets a test know the PID before the workload starts
hold_workload() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/stat_calls' '$DIR' $N > '$WORK/workload.txt'" &
	holder=$!
}
release_workload() { echo go > "$fifo"; wait "$holder"; }

check_help_dump statsnoop 'TRACEPOINT_PROBE(syscalls, sys_enter_statfs)'

# --- text: -t, -s; every call's count, result and path ---
start_tool statsnoop -t -s
run_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "statsnoop exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -q '^TIME(s)       PID     COMM               FD ERR SYSCALL      PATH$' ||
	fail "bad header: $(head -1 "$out")"
# count SYSCALL PATH FD ERR: lines of the workload's PID with these values
count() {
	awk -v p="$(wpid)" -v sc="$1" -v path="$2" -v fd="$3" -v err="$4" \
		'$2 == p && $3 == "stat_calls" && $6 == sc && $7 == path && $4 == fd && $5 == err { n++ } END { print n + 0 }' "$out"
}
checked=0
for label in statfs stat lstat newfstatat statx; do
	grep -q "^$label-exists " "$WORK/workload.txt" || continue
	case $label in stat) sc=newstat ;; lstat) sc=newlstat ;; *) sc=$label ;; esac
	[ "$(count $sc "$DIR/exists" 0 0)" = $N ] ||
		fail "$sc on the existing path: $(count $sc "$DIR/exists" 0 0) lines, want $N"
	[ "$(count $sc "$DIR/missing" -1 2)" = $N ] ||
		fail "$sc on the missing path: $(count $sc "$DIR/missing" -1 2) lines (FD -1 ERR 2), want $N"
	checked=$((checked + 1))
done
[ $checked -ge 4 ] || fail "only $checked stat calls checked: $(cat "$WORK/workload.txt")"
# (the workload's libc stats stdout too: only its calls on DIR are counted)
mine() { awk -v p="$(wpid)" -v d="$DIR/" '$2 == p && index($7, d) == 1' "$out"; }
[ "$(mine | wc -l)" = $((checked * N * 2)) ] ||
	fail "the workload has $(mine | wc -l) lines on $DIR, want $((checked * N * 2))"
awk -v p="$(wpid)" '$2 == p' "$out" | head -1 | grep -Eq '^[0-9]+\.[0-9]{9} ' ||
	fail "-t column is not seconds with 9 decimals: $(awk -v p="$(wpid)" '$2 == p' "$out" | head -1)"
pass "$checked stat calls, $N times each on an existing and a missing path: FD, ERR, SYSCALL, PATH right (-t -s)"

# --- -x failed only, -p PID ---
hold_workload
start_tool statsnoop -x -p "$holder"
release_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "statsnoop exited with $TOOL_RC after SIGTERM"
head -1 "$out" | grep -q '^PID     COMM               FD ERR PATH$' || fail "bad header: $(head -1 "$out")"
[ "$(tail -n +2 "$out" | awk -v p="$holder" '$1 != p' | wc -l)" = 0 ] || fail "-p let other processes through"
[ "$(tail -n +2 "$out" | awk '$3 != -1 || $4 != 2 || $5 != path' path="$DIR/missing" | wc -l)" = 0 ] ||
	fail "-x showed other than the failed stats: $(cat "$out")"
[ "$(tail -n +2 "$out" | wc -l)" = $((checked * N)) ] ||
	fail "-x -p: $(tail -n +2 "$out" | wc -l) lines, want $((checked * N))"
pass "-x and -p"

# --- --json ---
hold_workload
start_tool statsnoop -p "$holder" --json -s
release_workload
stop_tool
grep -q "^{\"pid\":$holder,\"comm\":\"stat_calls\",\"fd\":-1,\"err\":2,\"syscall\":\"statfs\",\"path\":\"$DIR/missing\"}$" "$out" ||
	fail "JSON line for the missing file not found: $(grep missing "$out" | head -3)"
json_check "$out" ".pid == $holder" || fail "not one JSON object per line for PID $holder"
pass "--json"

# --- leaks and bad input ---
start_tool statsnoop
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "statsnoop running but holding no BPF program"
stop_tool TERM
progs_gone $ids || fail "BPF programs left: $(progs_left $ids)"
pass "nothing left attached ($(echo $ids | wc -w) programs gone)"
for args in "-p abc" "-p 0" "-p -5" "extra"; do
	"$TB_BIN/statsnoop" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -q '^statsnoop: ' || fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
