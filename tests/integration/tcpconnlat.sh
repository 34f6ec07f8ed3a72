# tcpconnlat on this kernel (tracepoint path): real loopback connects from tcp_pair to a
# listener that delays accept() (the latency is the handshake's, so small), over IPv4 and IPv6,
# and to a port where nothing listens (no line); -L, -t, -4/-6, -p, min_ms, JSON; the forced
# kprobe and fentry paths compile and fail with one line here.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/tcpconnlat.out
. "$(dirname "$0")/tcp_lib.sh"

# --- default columns, IPv4 and IPv6, refused connects ---
start_tool tcpconnlat
pair v4 -n 2 -d 300
pair v6 -6
pair refused -r
ids=$(tool_prog_ids "$TOOL_PID")
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcpconnlat exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after exit: $(progs_left $ids)"
path=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/tcpconnlat.err")
echo "attach method: $path"
head -1 "$out" | grep -q '^PID  *COMM  *IP SADDR  *DADDR  *DPORT LAT(ms)$' || fail "bad header: $(head -1 "$out")"
# columns: 1 PID 2 COMM 3 IP 4 SADDR 5 DADDR 6 DPORT 7 LAT(ms)
P=$(port v4)
lines=$(awk -v p="$P" '$6 == p' "$out")
[ "$(echo "$lines" | grep -c .)" = 2 ] || fail "want 2 connects to $P: $(cat "$out")"
echo "$lines" | awk -v c="$(client_pid v4)" '$1 != c || $2 != "tcp_client" || $3 != 4 ||
	$4 != "127.0.0.1" || $5 != "127.0.0.1" || $7 !~ /^[0-9]+\.[0-9][0-9]$/ { bad = 1 }
	END { exit bad }' || fail "wrong IPv4 lines: $lines"
# the handshake completes in the kernel; the 300 ms before accept() are not part of it
echo "$lines" | awk '!($7 >= 0 && $7 < 250) { bad = 1 } END { exit bad }' ||
	fail "latency not the handshake's: $lines"
echo "measured IPv4 handshake latencies (ms): $(echo "$lines" | awk '{ printf "%s ", $7 }')"
line=$(awk -v p="$(port v6)" '$6 == p' "$out")
echo "$line" | awk -v c="$(client_pid v6)" '$1 == c && $3 == 6 && $4 == "::1" && $5 == "::1" &&
	$7 >= 0 { ok = 1 } END { exit !ok }' || fail "wrong IPv6 line: '$line' in $(cat "$out")"
echo "measured IPv6 handshake latency (ms): $(echo "$line" | awk '{ print $7 }')"
grep -q '^refused' "$WORK/pair.refused" || fail "tcp_pair -r was not refused"
awk -v p="$(port refused)" '$6 == p' "$out" | grep -q . && fail "refused connect printed"
pass "IPv4 and IPv6 connects with handshake latency; refused connect not shown"

# --- -L -t -4 -p PID, JSON ---
pair_wait go1 -n 2
start_tool tcpconnlat -L -t -4 -p "$(client_pid go1)"
release go1
pair v6b -6
pair other
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "tcpconnlat exited with $TOOL_RC after SIGTERM"
head -1 "$out" | grep -q '^TIME(s)  PID  *COMM  *IP SADDR  *LPORT  DADDR  *DPORT LAT(ms)$' ||
	fail "bad -L -t header: $(head -1 "$out")"
# columns: 1 TIME(s) 2 PID 3 COMM 4 IP 5 SADDR 6 LPORT 7 DADDR 8 DPORT 9 LAT(ms)
[ "$(tail -n +2 "$out" | wc -l)" = 2 ] || fail "-p/-4 let other connects through: $(cat "$out")"
awk -v l="$(client_port go1)" -v p="$(port go1)" '$6 == l && $8 == p && $1 ~ /^[0-9]+\.[0-9][0-9][0-9]$/' "$out" |
	grep -q . || fail "-L LPORT or -t wrong: $(cat "$out")"
pass "-L, -t, -4 and -p"

pair_wait go2 -6
start_tool tcpconnlat --json -6 -p "$(client_pid go2)" 0
release go2
stop_tool
grep -q "^{\"pid\":$(client_pid go2),\"comm\":\"tcp_client\",\"ip\":6,\"saddr\":\"::1\",\"daddr\":\"::1\",\"dport\":$(port go2),\"lat_ms\":[0-9.]*}$" "$out" ||
	fail "JSON line not found: $(cat "$out")"
start_tool tcpconnlat 1000
pair slow
stop_tool
awk -v p="$(port slow)" '$6 == p' "$out" | grep -q . && fail "min_ms 1000 let a loopback handshake through"
pass "JSON, -6, min_ms"

# --- bad input ---
for args in "-p abc" "-4 -6" "abc" "1 2" "--attach foo" "-- -1"; do
	"$TB_BIN/tcpconnlat" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -q '^tcpconnlat: invalid\|^tcpconnlat: unexpected' ||
		fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"

# --- other attach paths: they compile; here they fail to attach with one line ---
check_forced_kprobe tcpconnlat tcp_v4_connect
check_forced_fentry tcpconnlat tcp_v4_connect "$path"
