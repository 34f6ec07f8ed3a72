# oomkill on this kernel: a marker process in a memory cgroup of its own (32 MiB, no swap)
# touches memory until the OOM killer ends it; oomkill must print one line naming it as both
# trigger and victim (PID and comm), with pages and the load averages, in BCC's words and in
# JSON. cgroup v2's memory controller where it is enabled, else v1's; skipped without either.
# The kprobe route is refused in one line where kprobes are missing. Nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/oomkill.out
V=$TB_PROGS/oom_victim
LIMIT_MB=32

check_help_dump oomkill "TRACEPOINT_PROBE(oom, mark_victim)"

# one_kill ARGS...: oomkill ARGS while a fresh oom_victim is OOM killed in the cgroup; its pid
# in $VPID
one_kill() {
	start_driven victim "$V"
	VPID=$DRIVEN_PID
	echo "$VPID" >"$CG_PROCS" || fail "cannot move $VPID into $CG"
	start_tool oomkill "$@" 7>&-
	ids=$(tool_prog_ids "$TOOL_PID")
	[ -n "$ids" ] || fail "running but holding no BPF program"
	echo go >&7
	end_driven
	i=0
	while kill -0 "$VPID" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 600 ] && fail "oom_victim $VPID still alive after 60 s: $(tail -1 "$WORK/victim.txt")"
		sleep 0.1
	done
	grep -q "malloc failed" "$WORK/victim.txt" && fail "oom_victim's malloc failed instead of an OOM kill"
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "oomkill $* exited with $TOOL_RC"
	progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
}

memcg_make tb-oom $LIMIT_MB
one_kill
line="Triggered by PID $VPID (\"oom_victim\"), OOM kill of PID $VPID (\"oom_victim\")"
[ "$(head -1 "$out")" = "Tracing OOM kills... Hit Ctrl-C to end." ] || fail "no banner: $(head -1 "$out")"
[ "$(grep -c 'OOM kill of' "$out")" = 1 ] || fail "$(grep -c 'OOM kill of' "$out") kill lines for 1"
grep -qF "$line" "$out" || fail "no line '$line': $(cat "$out")"
method=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/oomkill.err")
# pages: the memcg's limit (kprobe: oc->totalpages) or the victim's resident pages at the
# kill (tracepoint): between half the limit and twice it either way
ps=$(getconf PAGESIZE)
awk -v lo=$((LIMIT_MB * 1048576 / ps / 2)) -v hi=$((LIMIT_MB * 1048576 / ps * 2)) '
	/OOM kill of/ { n = $0; sub(/.*\), /, "", n); sub(/ pages.*/, "", n); if (n + 0 < lo || n + 0 > hi) bad = 1 }
	END { exit bad }' "$out" || fail "pages outside [half, twice] the limit of $LIMIT_MB MiB: $(cat "$out")"
grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2} Triggered .* pages, loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$' "$out" ||
	fail "not BCC's line (time, loadavg): $(grep 'OOM kill' "$out")"
[ "$(tb_probe_events)" = 0 ] || fail "kprobe entries left in tracefs"
pass "one OOM kill of oom_victim $VPID in a cgroup $CG_KIND memory cgroup ($LIMIT_MB MiB), by $method, with pages and loadavg"

# --- JSON ---
one_kill --json
json_check "$out" ".fpid == $VPID and .tpid == $VPID and .fcomm == \"oom_victim\" and .tcomm == \"oom_victim\" and ((.pages // .rss_pages) > 0) and (.loadavg | test(\"/\")) and (.time | test(\"^[0-9]{2}:\"))" ||
	fail "--json: not one object for the kill of $VPID: $(cat "$out")"
[ "$(wc -l <"$out")" = 1 ] || fail "--json: $(wc -l <"$out") lines (no banner in JSON)"
pass "--json: the kill of $VPID"

# --- kprobes: BCC's route where they exist, else its one-line refusal ---
if grep -q "not using kprobe" "$WORK/oomkill.err"; then
	"$TB_BIN/oomkill" --attach kprobe >"$WORK/kp.out" 2>"$WORK/kp.err" && fail "--attach kprobe ran without kprobes"
	[ "$(wc -l <"$WORK/kp.err")" = 1 ] && grep -q "kprobe" "$WORK/kp.err" ||
		fail "--attach kprobe without kprobes: not one line: $(cat "$WORK/kp.err")"
	pass "--attach kprobe refused in one line: $(cat "$WORK/kp.err")"
fi
