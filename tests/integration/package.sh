# The Debian package: cpack builds tracebox_VERSION_ARCH.deb from this build; it installs
# beside bpfcc-tools, bpftrace and perf-tools-unstable (dpkg refuses a file another package
# owns, and no path of ours is one of theirs), a tool runs from PATH as X-tb and traces a
# marker exec, its man page reads, the completion offers its options, and removing the
# package leaves none of its files. Prints the package's size and file count.
. "$(dirname "$0")/lib.sh"
require_root
build=$(cd "$TB_BIN/.." && pwd)
for cmd in cpack dpkg man; do command -v $cmd >/dev/null || skip "no $cmd"; done
[ -f "$build/CPackConfig.cmake" ] || skip "no CPackConfig.cmake in $build"
if dpkg -s tracebox >/dev/null 2>&1; then
	fail "tracebox is installed already (dpkg -r tracebox first): the test installs and removes it"
fi
installed=
warm=
trap '[ -n "$warm" ] && kill -- "-$warm" 2>/dev/null; [ -n "$installed" ] && dpkg -r tracebox >/dev/null 2>&1; cleanup_test' EXIT

# --- the neighbours: what a BCC user has next to us ---
neighbours="bpfcc-tools bpftrace perf-tools-unstable"
missing=$(for p in $neighbours; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >"$WORK/apt.log" 2>&1 ||
		echo "note: could not install$(echo $missing | sed 's/^/ /') (apt: $(tail -1 "$WORK/apt.log")): checked against the others"
fi

# --- build and install ---
(cd "$WORK" && cpack -G DEB --config "$build/CPackConfig.cmake" >"$WORK/cpack.log" 2>&1) ||
	fail "cpack failed: $(tail -5 "$WORK/cpack.log")"
deb=$(ls "$WORK"/tracebox_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack made no .deb: $(tail -5 "$WORK/cpack.log")"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' | sort >"$WORK/ours"
for p in $neighbours; do
	dpkg -s "$p" >/dev/null 2>&1 || continue
	dpkg -L "$p" | sort >"$WORK/theirs"
	clash=$(comm -12 "$WORK/ours" "$WORK/theirs" | head -3)
	[ -z "$clash" ] || fail "files of $p in our package: $clash"
done
# a cache of the test's own (the postinst's warm-up writes into it)
cache=$WORK/cache
mkdir -m 700 "$cache"
export TRACEBOX_CACHE_DIR=$cache
dpkg -i "$deb" >"$WORK/dpkg.log" 2>&1 || fail "dpkg -i failed: $(tail -3 "$WORK/dpkg.log")"
installed=1
pass "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB, $(wc -l <"$WORK/ours") files, installed beside: $(for p in $neighbours; do dpkg -s "$p" >/dev/null 2>&1 && printf '%s ' "$p"; done)"

# --- the postinst's warm-up: tbdoctor --warm left running in the background at idle priority
# (what it compiles is checked by cold_start.sh; here it is stopped at once: on a busy machine
# an idle-class process may wait minutes for a CPU) ---
i=0
until warm=$(pgrep -f '^/usr/sbin/tbdoctor --warm$' | head -1) && [ -n "$warm" ]; do
	i=$((i + 1)); [ $i -le 50 ] || fail "dpkg -i left no tbdoctor --warm running (postinst)"
	sleep 0.1
done
chrt -p "$warm" | grep -q SCHED_IDLE || fail "the warm-up is not at idle priority: $(chrt -p "$warm")"
[ "$(ps -o sid= -p "$warm" | tr -d ' ')" = "$warm" ] || fail "the warm-up is not in a session of its own"
kill -- "-$warm" 2>/dev/null
warm=
pass "dpkg -i started tbdoctor --warm in the background, at idle priority, in its own session"

# --- a tool from PATH: execsnoop-tb sees a marker exec ---
tool=$(PATH=/usr/sbin:/usr/bin command -v execsnoop-tb) || fail "execsnoop-tb is not on PATH"
[ "$tool" = /usr/sbin/execsnoop-tb ] || fail "execsnoop-tb is $tool"
"$tool" -v >"$WORK/x.out" 2>"$WORK/x.err" &
TOOL_PID=$!
wait_for_output "$WORK/x.err" 120 "tracing with" || fail "execsnoop-tb did not start: $(cat "$WORK/x.err")"
/bin/echo tb-package-marker >/dev/null
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "execsnoop-tb exited with $TOOL_RC"
grep -q 'tb-package-marker' "$WORK/x.out" || fail "execsnoop-tb missed the marker exec: $(cat "$WORK/x.out")"
/usr/sbin/killsnoop-tb --help | head -1 | grep -q '^Usage: killsnoop-tb ' || fail "killsnoop-tb is not killsnoop"
[ -x /usr/lib/tracebox/bin/execsnoop ] || fail "no plain-named tools in /usr/lib/tracebox/bin"
pass "execsnoop-tb from PATH traced the marker exec; killsnoop-tb is killsnoop"

# --- man pages and completion ---
MANPAGER=cat man execsnoop-tb 2>/dev/null | grep -q '^NAME' || fail "man execsnoop-tb: $(man execsnoop-tb 2>&1 | head -3)"
MANPAGER=cat man execsnoop-tb 2>/dev/null | grep -q -- '--cgroupmap' || fail "man execsnoop-tb lacks its options"
man -w tbdoctor >/dev/null 2>&1 || fail "no man page for tbdoctor"
words=$(bash -c '. /usr/share/bash-completion/completions/execsnoop-tb execsnoop-tb
	COMP_WORDS=(execsnoop-tb --js); COMP_CWORD=1; _tracebox; echo "${COMPREPLY[*]}"')
[ "$words" = "--json" ] || fail "completion of 'execsnoop-tb --js': '$words'"
pass "man execsnoop-tb and man tbdoctor read; completion offers --json"

# --- removal leaves nothing ---
dpkg -r tracebox >"$WORK/dpkg.log" 2>&1 || fail "dpkg -r failed: $(tail -3 "$WORK/dpkg.log")"
installed=
left=$(while read -r f; do [ -e "$f" ] || [ -L "$f" ] && echo "$f"; done <"$WORK/ours" | head -3)
[ -z "$left" ] || fail "left after dpkg -r: $left"
[ ! -e /usr/lib/tracebox ] || fail "/usr/lib/tracebox left after dpkg -r"
pass "dpkg -r removed every file"
