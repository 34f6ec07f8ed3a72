# tcprtt on this kernel (tcp:tcp_probe here): loopback connections from tcp_pair, each sending
# a byte each way and closing, give RTT samples on both ends; filters by local/remote port
# (every run is filtered on tcp_pair's port, so other tests' traffic does not count), address
# and family; -b/-B sections; -e averages; JSON; -i/-d; bad input; nothing left attached; the
# forced kprobe and fentry paths compile and fail with one line here.
. "$(dirname "$0")/lib.sh"
require_root
. "$(dirname "$0")/tcp_lib.sh"

out=$WORK/tcprtt.out
check_help_dump tcprtt "tcp_probe"

# hist_total: the counts of a text histogram's rows, summed
hist_total() { awk -F: '/->/ { split($2, a, " "); n += a[1] } END { print n + 0 }' "$out"; }

# --- local port filter (server side), -e, nothing left attached ---
pair_wait a -n 5
P=$(port a)
start_tool tcprtt -p "$P" -e
release a
ids=$(tool_prog_ids "$TOOL_PID")
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcprtt exited with $TOOL_RC after SIGINT: $(cat "$WORK/tcprtt.err")"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
path=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/tcprtt.err")
echo "attach method: $path; $(grep 'start-up:' "$WORK/tcprtt.err")"
head -1 "$out" | grep -qx 'Tracing TCP RTT... Hit Ctrl-C to end.' || fail "bad first line: $(head -1 "$out")"
grep -q '^     usecs               : count     distribution$' "$out" || fail "no usecs histogram: $(cat "$out")"
n=$(hist_total)
# the server receives at least the client's byte on each of its 5 sockets
[ "$n" -ge 5 ] || fail "want >= 5 samples on local port $P, got $n: $(cat "$out")"
avg=$(sed -n 's/^avg = \([0-9]*\) usecs, total: [0-9]* usecs, count: \([0-9]*\)$/\1 \2/p' "$out")
[ -n "$avg" ] || fail "no -e line: $(cat "$out")"
set -- $avg
[ "$2" = "$n" ] || fail "-e count $2 is not the histogram's $n"
# a loopback RTT: more than nothing, well under 100 ms
[ "$1" -ge 1 ] && [ "$1" -lt 100000 ] || fail "implausible loopback RTT average: $1 us"
echo "measured loopback RTTs (server side, $n samples): average $1 us; rows:"; grep -- '->' "$out" | awk -F'|' '{ print "  " $1 }'
pass "local port filter, samples, -e average, detached after SIGINT"

# --- remote port filter (client side), -B sections, -m; a port nobody uses gives nothing ---
pair_wait b -n 3
start_tool tcprtt -P "$(port b)" -B -m
release b
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "tcprtt exited with $TOOL_RC after SIGTERM"
grep -qx 'Remote Address = 127.0.0.1' "$out" || fail "no remote address section: $(cat "$out")"
grep -q '^     msecs ' "$out" || fail "-m: no msecs histogram"
[ "$(hist_total)" -ge 3 ] || fail "want >= 3 client-side samples: $(cat "$out")"
pair_wait c -n 2
start_tool tcprtt -P 1 -p 1
release c
stop_tool
grep -q -- '->' "$out" && fail "-p 1 -P 1 counted samples: $(cat "$out")"
pass "remote port filter, -B section, -m; other ports count nothing"

# --- -b with IPv4 and IPv6, -a, -4 (fixed ports: one tcp_pair -w at a time) ---
P4=$((20000 + $$ % 20000)); P6=$((P4 + 1))
start_tool tcprtt -b -p "$P4,$P6"
pair d4 -p "$P4" -n 2
pair d6 -6 -p "$P6" -n 2
stop_tool
grep -qx 'Local Address = 127.0.0.1' "$out" && grep -qx 'Local Address = ::1' "$out" ||
	fail "want sections for 127.0.0.1 and ::1: $(cat "$out")"
start_tool tcprtt -b -4 -a 127.0.0.1 -p "$P4,$P6"
pair e4 -p "$P4" -n 2
pair e6 -6 -p "$P6" -n 2
stop_tool
grep -qx 'Local Address = 127.0.0.1' "$out" || fail "-4 -a: no IPv4 section: $(cat "$out")"
grep -q '^Local Address = ::1' "$out" && fail "-4 let IPv6 through: $(cat "$out")"
pair_wait f -n 2
start_tool tcprtt -a 127.0.0.2 -p "$(port f)"
release f
stop_tool
grep -q -- '->' "$out" && fail "-a 127.0.0.2 counted loopback samples: $(cat "$out")"
pass "-b sections per family, -4, -a"

# --- JSON ---
pair_wait g -6 -n 2
start_tool tcprtt --json -B -e -P "$(port g)"
release g
stop_tool
json_check "$out" '.unit == "usecs" and .section == "Remote Address" and
	.hists[0].key.addr == "::1" and .hists[0].key.count == .hists[0].total and
	.hists[0].total >= 2 and .hists[0].key.avg >= 1' || fail "bad JSON: $(cat "$out")"
pair_wait h -n 2
start_tool tcprtt --json -e -p "$(port h)"
release h
stop_tool
json_check "$out" '.unit == "usecs" and (.hists | length) == 1 and .count == .hists[0].total and
	.hists[0].total >= 2 and .avg >= 1 and .total >= .avg' || fail "bad -e JSON: $(cat "$out")"
pass "JSON with sections and -e; -e without sections"

# --- -i/-d: summaries every second, ends by itself after the duration ---
"$TB_BIN/tcprtt" -T -i 1 -d 2 -p 1 >"$out" 2>"$WORK/tcprtt.err" || fail "-i 1 -d 2 failed: $(cat "$WORK/tcprtt.err")"
[ "$(grep -c '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$' "$out")" = 2 ] || fail "want 2 timestamped summaries: $(cat "$out")"
pass "-T -i 1 -d 2: two summaries, then exit"

# --- bad input ---
for args in "-p 0" "-P abc" "-a 1.2.3" "-A x" "-b -B" "-4 -6" "-i 0" "-d x" "extra" \
	"--attach foo" "-6 -a 127.0.0.1"; do
	"$TB_BIN/tcprtt" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -q '^tcprtt: invalid\|^tcprtt: unexpected' ||
		fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"

# --- other attach paths: they compile; here they fail to attach with one line ---
check_forced_kprobe tcprtt tcp_rcv_established
check_forced_fentry tcprtt tcp_rcv_established "$path"
