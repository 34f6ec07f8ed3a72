# Every option BCC's namesake of a tool lists (tests/data/bcc-options.txt, from Debian's
# bpfcc-tools 0.26) exists in the tool's --help with the same kind of argument (none, required,
# optional), unless it is one of the differences declared below with the reason. A declared
# difference that is gone fails too, so the list stays true. Needs no root.
. "$(dirname "$0")/lib.sh"
TABLE=${TB_SRC:-$(dirname "$0")/../..}/tests/data/bcc-options.txt
[ -r "$TABLE" ] || fail "no table of BCC's options at $TABLE"

# TOOL OPTION: what tracebox has instead, and why (docs/TOOL.md's CAVEATS say the same)
DIFFERENCES="
"

# argp's --help: "  -p, --pid=PID   text", "      --json", "  -s, --shared[=PATH]"
"$TB_BIN/execsnoop" --help >/dev/null 2>&1 || fail "cannot run $TB_BIN/execsnoop --help"
ours() {
	"$TB_BIN/$1" --help 2>&1 | awk '
		/^ +-/ {
			line = $0; sub(/^ +/, "", line)
			n = index(line, "  "); if (n) line = substr(line, 1, n - 1)
			kind = "none"
			if (line ~ /\[=/) kind = "optional"; else if (line ~ /=/) kind = "required"
			m = split(line, parts, ", ")
			for (i = 1; i <= m; i++) { p = parts[i]; sub(/[=[ ].*/, "", p); print p, kind }
		}'
}

checked=0 missing="" stale=""
tools=$(awk '!/^#/ { print $1 }' "$TABLE" | uniq)
for t in $tools; do
	[ -x "$TB_BIN/$t" ] || { missing="$missing
$t: no such command in $TB_BIN"; continue; }
	ours "$t" >"$WORK/ours"
	awk -v t="$t" '$1 == t && $2 != "-" { print $2, $3 }' "$TABLE" >"$WORK/bcc"
	while read -r opt kind; do
		checked=$((checked + 1))
		have=$(awk -v o="$opt" '$1 == o { print $2; exit }' "$WORK/ours")
		declared=$(printf '%s\n' "$DIFFERENCES" | awk -F'\t' -v k="$t $opt" '$1 == k { print $2 }')
		if [ "$have" = "$kind" ]; then
			[ -n "$declared" ] && stale="$stale
$t $opt: declared different ($declared) but now matches BCC: drop it from DIFFERENCES"
		elif [ -z "$declared" ]; then
			missing="$missing
$t $opt: BCC's takes ${kind} argument, ours ${have:-does not exist}"
		fi
	done <"$WORK/bcc"
done
[ -z "$missing$stale" ] || fail "options differ from BCC's:$missing$stale"
[ "$checked" -ge 300 ] || fail "only $checked options checked: is $TABLE complete?"
pass "$checked BCC options of $(echo $tools | wc -w) tools: each present in ours with the same kind of argument (or declared)"
