# Prometheus for fleets: syscount -P --prometheus and runqlat --prometheus serve /metrics; a
# real Prometheus server (Debian's package, installed when missing) scrapes both every second
# on loopback; after two scrapes its HTTP API must hold the workload's exact count
# (tracebox_syscount_calls_total of its pid: 1234 + 321 getppid calls a round) and answer the
# documented histogram_quantile query over runqlat's buckets. The tools end on SIGINT, status
# 0, nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
command -v jq >/dev/null || skip "no jq to read Prometheus' answers"
if ! command -v prometheus >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >"$WORK/apt.log" 2>&1 ||
		skip "no prometheus, and apt cannot install it: $(tail -1 "$WORK/apt.log")"
fi
base=$((20000 + $$ % 20000))
P_SYS=$base P_RQ=$((base + 1)) P_PROM=$((base + 2))
PROM_PID= RQ_PID=
trap 'kill $PROM_PID $RQ_PID 2>/dev/null; wait $PROM_PID $RQ_PID 2>/dev/null; cleanup_test' EXIT

start_driven w "$TB_PROGS/syscount_target"
W=$DRIVEN_PID
start_tool syscount -P --syscall getppid --prometheus 127.0.0.1:$P_SYS 7>&-
SYS_PID=$TOOL_PID
ids=$(tool_prog_ids "$SYS_PID")
"$TB_BIN/runqlat" --prometheus 127.0.0.1:$P_RQ >"$WORK/runqlat.out" 2>"$WORK/runqlat.err" 7>&- &
RQ_PID=$!
wait_for_output "$WORK/runqlat.out" 60 "Serving metrics" || fail "runqlat did not start: $(cat "$WORK/runqlat.err")"
grep -qx "Serving metrics at http://127.0.0.1:$P_SYS/metrics for Prometheus... Hit Ctrl-C to end." "$WORK/syscount.out" ||
	fail "no serving line: $(cat "$WORK/syscount.out")"
drive_round w

cat >"$WORK/prom.yml" <<EOF2
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: tracebox
    static_configs:
      - targets: ['127.0.0.1:$P_SYS', '127.0.0.1:$P_RQ']
EOF2
prometheus --config.file="$WORK/prom.yml" --storage.tsdb.path="$WORK/tsdb" \
	--web.listen-address=127.0.0.1:$P_PROM --log.level=warn >"$WORK/prom.log" 2>&1 &
PROM_PID=$!
# query EXPR: the first result's value, or empty
query() {
	curl -s --max-time 5 "http://127.0.0.1:$P_PROM/api/v1/query" --data-urlencode "query=$1" |
		jq -r 'if .status == "success" and (.data.result | length) > 0 then .data.result[0].value[1] else empty end' 2>/dev/null
}
i=0
until [ "$(query "count_over_time(up{instance=\"127.0.0.1:$P_SYS\"}[5m]) >= 2")" ] &&
	[ "$(query "count_over_time(up{instance=\"127.0.0.1:$P_RQ\"}[5m]) >= 2")" ]; do
	i=$((i + 1)); [ $i -gt 90 ] && fail "Prometheus did not scrape both tools twice in 90 s: $(tail -5 "$WORK/prom.log")"
	kill -0 $PROM_PID 2>/dev/null || fail "prometheus exited: $(tail -5 "$WORK/prom.log")"
	sleep 1
done
[ "$(query "up{instance=\"127.0.0.1:$P_SYS\"}")" = 1 ] || fail "Prometheus sees the syscount target down"
n=$(query "tracebox_syscount_calls_total{pid=\"$W\",comm=\"syscount_target\"}")
[ "$n" = 1555 ] || fail "tracebox_syscount_calls_total of pid $W in Prometheus: '$n', want 1555"
pass "Prometheus scraped both tools twice; the workload's 1555 getppid calls are there exactly"

# the doc's query: a latency quantile from the buckets
p99=$(query 'histogram_quantile(0.99, sum by (le) (tracebox_runqlat_seconds_bucket))')
case $p99 in
'' | NaN | +Inf) fail "histogram_quantile over runqlat's buckets: '$p99'" ;;
esac
awk -v v="$p99" 'BEGIN { exit !(v > 0 && v < 10) }' || fail "runqlat p99 of $p99 s is not a latency"
pass "histogram_quantile(0.99, ...) over runqlat's buckets: $p99 s"

# --- the tools end cleanly; no program left ---
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "syscount --prometheus exited with $TOOL_RC"
progs_gone $ids || fail "BPF programs left: $(progs_left $ids)"
kill -INT $RQ_PID; wait $RQ_PID; rc=$?; RQ_PID=
[ "$rc" = 0 ] || fail "runqlat --prometheus exited with $rc"
end_driven
# bad input: one line each
for args in "--prometheus nowhere" "--prometheus 127.0.0.1:0" "--prometheus 1.2.3.4.5:80"; do
	"$TB_BIN/runqlat" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q "^runqlat: invalid --prometheus" "$WORK/bad.err" ||
		fail "'$args': $(cat "$WORK/bad.err")"
done
pass "tools end on SIGINT with status 0, detached; bad addresses refused in one line"
