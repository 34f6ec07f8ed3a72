# Flame graphs without Perl: profile --svg on a process spinning in hot_spin() writes an SVG
# that parses as XML, holds a hot_spin frame with the share the folded output gives it (most of
# the samples), and tbflame draws the same from the folded text. A real browser (headless
# Chromium, installed when missing) renders it (the PNG is kept in the build folder to look at)
# and runs its zoom: opened as FILE#zoom=b, frame b fills the width and a frame off its path
# is hidden.
. "$(dirname "$0")/lib.sh"
require_root
command -v python3 >/dev/null || skip "no python3 to parse the SVG with"
svg=$WORK/cpu.svg

# --- profile --svg: the stacks of a spinning process ---
"$TB_PROGS/stack_work" spin 6 &
W=$!
start_tool profile -p "$W" -F 199 -f --svg "$svg" 3
wait_tool_exit 60
[ "$TOOL_RC" = 0 ] || fail "profile --svg exited with $TOOL_RC"
wait "$W"
[ -s "$svg" ] || fail "no SVG written: $(tail -3 "$WORK/profile.err")"
grep -q "flame graph of [0-9]* stacks written to $svg" "$WORK/profile.err" || fail "no line saying where the SVG went"
# the hot_spin frame: its width (in samples) and the root's, from the XML
read -r hot all <<EOF2
$(python3 - "$svg" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
frames = {}
for g in root.iter('{http://www.w3.org/2000/svg}g'):
    frames.setdefault(g.get('data-n'), []).append(int(g.get('data-w')))
print(sum(frames.get('hot_spin', [0])), frames['all'][0])
PY
)
EOF2
[ -n "$all" ] || fail "the SVG does not parse as XML, or has no root frame"
folded_hot=$(awk '/;hot_spin(;|$| )/ { n += $NF } END { print n + 0 }' "$WORK/profile.out")
folded_all=$(awk '{ n += $NF } END { print n + 0 }' "$WORK/profile.out")
[ "$hot" = "$folded_hot" ] && [ "$all" = "$folded_all" ] ||
	fail "hot_spin has $hot of $all samples in the SVG, $folded_hot of $folded_all in the folded output"
[ $((hot * 100)) -ge $((all * 80)) ] || fail "hot_spin has only $hot of $all samples"
pass "profile --svg: XML with hot_spin at $hot of $all samples, as the folded output says"

# --- tbflame: the same frames from the folded text; bad input in one line ---
"$TB_BIN/tbflame" --title "tbflame test" "$WORK/profile.out" >"$WORK/t.svg" || fail "tbflame failed"
grep -q "<title>hot_spin ($hot samples," "$WORK/t.svg" || fail "tbflame's hot_spin frame differs from profile's"
printf 'a;b;c 3\na;d 4\n' | "$TB_BIN/tbflame" >"$WORK/z.svg" || fail "tbflame on standard input failed"
echo 'not folded' | "$TB_BIN/tbflame" >/dev/null 2>"$WORK/bad.err" && fail "a line without a count was accepted"
[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q "^tbflame: invalid line 1 of standard input" "$WORK/bad.err" ||
	fail "bad line: $(cat "$WORK/bad.err")"
pass "tbflame draws the same frames; a bad line is one error line"

# --- a real browser: it renders, and its script zooms ---
if ! command -v chromium >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >"$WORK/apt.log" 2>&1 ||
		skip "(the SVG checks passed) no chromium, and apt cannot install it: $(tail -1 "$WORK/apt.log")"
fi
chrome() { timeout 120 chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars "$@" 2>>"$WORK/chromium.log"; }
png=${TB_TESTS:-$WORK}/flamegraph.png
rm -f "$png"
chrome --window-size=1200,400 --screenshot="$png" "file://$svg" >/dev/null
[ -s "$png" ] || fail "chromium made no screenshot: $(tail -3 "$WORK/chromium.log")"
# drawn, not blank: a blank 1200x400 page compresses to about 3 KB
[ "$(wc -c <"$png")" -gt 6000 ] || fail "the screenshot looks blank ($(wc -c <"$png") bytes)"
chrome --virtual-time-budget=3000 --dump-dom "file://$WORK/z.svg#zoom=b" >"$WORK/dom.txt"
grep -q 'data-n="d"[^>]*style="display: none;"' "$WORK/dom.txt" || fail "zoomed on b, frame d is not hidden"
grep -A1 'data-n="c"' "$WORK/dom.txt" | grep -q 'width="1180"' || fail "zoomed on b, frame c does not fill the width"
pass "Chromium renders it ($png, $(wc -c <"$png") bytes) and zooms it"
