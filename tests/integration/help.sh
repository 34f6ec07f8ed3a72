# Every command answers -h, as BCC's tools do, with the text --help prints (argp's own short
# option is -?): status 0, the usage line, an EXAMPLES section, nothing on stderr, nothing
# loaded. Needs no root.
. "$(dirname "$0")/lib.sh"

n=0
for cmd in "$TB_BIN"/*; do
	[ -x "$cmd" ] && [ -f "$cmd" ] || continue
	name=${cmd##*/}
	"$cmd" -h >"$WORK/h.out" 2>"$WORK/h.err" || fail "$name -h: exit status $?: $(head -3 "$WORK/h.err")"
	[ -s "$WORK/h.err" ] && fail "$name -h wrote to stderr: $(head -3 "$WORK/h.err")"
	"$cmd" --help >"$WORK/help.out" 2>&1 || fail "$name --help: exit status $?"
	cmp -s "$WORK/h.out" "$WORK/help.out" || fail "$name: -h and --help differ: $(diff "$WORK/h.out" "$WORK/help.out" | head -5)"
	grep -q "^Usage: $name " "$WORK/h.out" || fail "$name -h: no usage line: $(head -2 "$WORK/h.out")"
	grep -q '^EXAMPLES:' "$WORK/h.out" || fail "$name -h: no EXAMPLES section"
	grep -q '^ *-h *Give this help list' "$WORK/h.out" || fail "$name -h: -h is not listed"
	n=$((n + 1))
done
[ "$n" -ge 27 ] || fail "only $n commands in $TB_BIN"
pass "-h on all $n commands: --help's text, status 0"
