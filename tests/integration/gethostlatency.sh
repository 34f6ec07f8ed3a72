# gethostlatency on this kernel: a workload looking up marker names (offline: one refused at
# once as non-numeric, three numeric ones) through getaddrinfo, gethostbyname and
# gethostbyname2 must show each lookup once with its PID, COMM, host and a latency; through the
# system's libc for every process, for one process (-p, JSON, ending with it), and in a static
# program (-p finds its own copy). Nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/gethostlatency.out
T=$TB_PROGS/host_lookup
STATIC=$(dirname "$TB_PROGS")/progs-static/host_lookup
MARK=tb-gh-$$.invalid

check_help_dump gethostlatency "PT_REGS_PARM1(ctx)"

# looked PID HOST: the text lines of $out for PID's lookups of HOST
looked() { awk -v p="$1" -v h="$2" '$2 == p && $3 == "host_lookup" && $5 == h' "$out" | wc -l; }
# hosts PID ROUNDS: each of the workload's four names looked up ROUNDS times by PID, nothing else
hosts() {
	for h in "$MARK" 127.0.0.41 127.0.0.42 127.0.0.43; do
		[ "$(looked "$1" "$h")" = "$2" ] || fail "$(looked "$1" "$h") lookups of $h by $1, for $2"
	done
	[ "$(awk -v p="$1" '$2 == p' "$out" | wc -l)" = $((4 * $2)) ] || fail "other lookups by $1: $(cat "$out")"
}

# --- every process, through the system's libc: 2 rounds of 4 lookups ---
start_driven wl "$T" "$MARK"
WL=$DRIVEN_PID
start_tool gethostlatency 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
grep -q "tracing getaddrinfo() in .*libc.* (the system's)" "$WORK/gethostlatency.err" ||
	fail "-v does not say which libc: $(cat "$WORK/gethostlatency.err")"
[ "$(grep -c 'attached uretprobe .*:gethostbyname' "$WORK/gethostlatency.err")" = 2 ] ||
	fail "gethostbyname and gethostbyname2 not both probed"
drive_round wl; drive_round wl
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "gethostlatency exited with $TOOL_RC after SIGINT"
head -1 "$out" | grep -qx 'TIME      PID     COMM                  LATms HOST' || fail "bad header: $(head -1 "$out")"
hosts "$WL" 2
# TIME HH:MM:SS; LATms BCC's %10.2f, right-aligned after COMM's 16 columns
awk -v p="$WL" '$2 == p && ($1 !~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/ || $4 !~ /^[0-9]+\.[0-9][0-9]$/ ||
	substr($0, 36, 10) !~ /^ *[0-9]+\.[0-9][0-9]$/) { bad = 1 } END { exit bad }' "$out" ||
	fail "TIME or LATms not as BCC prints them: $(grep " $WL " "$out" | head -2)"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
[ "$(tb_probe_events)" = 0 ] || fail "uprobe entries left in tracefs"
pass "8 lookups of pid $WL ($MARK, 127.0.0.41-43, twice) with COMM host_lookup; detached"

# --- -p and --json: that process alone; the tool ends with it ---
start_tool gethostlatency -p "$WL" --json 7>&-
grep -q "tracing getaddrinfo() in .*libc.* (mapped by the process)" "$WORK/gethostlatency.err" ||
	fail "-p: not the libc the process maps: $(grep tracing "$WORK/gethostlatency.err")"
drive_round wl
end_driven
wait_tool_exit 10
[ "$TOOL_RC" = 0 ] || fail "gethostlatency -p exited with $TOOL_RC when the process ended"
grep -q "process $WL exited" "$WORK/gethostlatency.err" || fail "-p: no word of the process's exit"
[ "$(wc -l <"$out")" = 4 ] || fail "-p: $(wc -l <"$out") lines for 4 lookups of $WL"
json_check "$out" ".pid == $WL and .comm == \"host_lookup\" and (.lat_ms | type) == \"number\" and .lat_ms >= 0 and (.time | test(\"^[0-9]{2}:[0-9]{2}:[0-9]{2}\$\"))" ||
	fail "-p --json: not 4 objects of pid $WL"
[ "$(jq -r .host "$out" | sort | tr '\n' ' ')" = "127.0.0.41 127.0.0.42 127.0.0.43 $MARK " ] ||
	fail "-p --json: hosts $(jq -r .host "$out" | tr '\n' ' ')"
pass "-p $WL --json: its 4 lookups alone; ended with the process"

# --- a static program (what the busybox guests run): -p finds its own getaddrinfo ---
[ -x "$STATIC" ] || skip "no static workload at $STATIC (build the host_lookup_static target)"
start_driven st "$STATIC" "$MARK"
ST=$DRIVEN_PID
start_tool gethostlatency -p "$ST" 7>&-
grep -q "tracing getaddrinfo() in /proc/$ST/exe (the process's own program)" "$WORK/gethostlatency.err" ||
	fail "-p of a static program: not its own: $(grep tracing "$WORK/gethostlatency.err")"
drive_round st; drive_round st
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "gethostlatency -p (static) exited with $TOOL_RC"
hosts "$ST" 2
[ "$(awk 'NR > 1' "$out" | wc -l)" = 8 ] || fail "-p static: lines of other processes: $(cat "$out")"
end_driven
pass "static host_lookup $ST: -p found its own getaddrinfo, 8 lookups"
