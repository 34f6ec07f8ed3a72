# tcplife on this kernel: loopback sessions from tcp_pair carrying known byte counts each way
# (TX_KB/RX_KB, and the exact counts in JSON), with accept() delayed 300 ms (MS); PIDs and
# COMMs of both ends (the client from connect(), the server from its close()), IPv6, a refused
# connect, -p, -L, -D, -4/-6, -w, CSV with -T -t; no BPF program left; the forced kprobe path.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/tcplife.out
. "$(dirname "$0")/tcp_lib.sh"
TX=307700 RX=102900 # client -> server 300.5 KiB, server -> client 100.5 KiB

# --- default columns: both ends of an IPv4 session, IPv6, refused ---
start_tool tcplife
pair v4 -s $TX -S $RX -d 300
pair v6 -6 -s 5000 -S 20000
pair refused -r
ids=$(tool_prog_ids "$TOOL_PID")
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcplife exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
grep -q "attach method: tracepoint" "$WORK/tcplife.err" || fail "-v did not name the attach method"
head -1 "$out" | grep -q '^PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS$' ||
	fail "bad header: $(head -1 "$out")"
# columns: 1 PID 2 COMM 3 LADDR 4 LPORT 5 RADDR 6 RPORT 7 TX_KB 8 RX_KB 9 MS
P=$(port v4); C=$(client_port v4)
cl=$(awk -v l="$C" -v p="$P" '$4 == l && $6 == p' "$out")
sv=$(awk -v l="$C" -v p="$P" '$4 == p && $6 == l' "$out")
echo "$cl" | awk -v c="$(client_pid v4)" '$1 == c && $2 == "tcp_client" && $3 == "127.0.0.1" &&
	$5 == "127.0.0.1" && $7 == 300 && $8 == 100 && $9 ~ /^[0-9]+\.[0-9][0-9]$/ && $9 >= 250 &&
	$9 < 10000 { n++ } END { exit n != 1 }' || fail "client session: '$cl' in $(cat "$out")"
echo "$sv" | awk -v s="$(server_pid v4)" '$1 == s && $2 == "tcp_pair" && $7 == 100 && $8 == 300 &&
	$9 >= 250 && $9 < 10000 { n++ } END { exit n != 1 }' || fail "server session: '$sv' in $(cat "$out")"
awk -v p="$P" '$4 == p && $6 == 0' "$out" | grep -q . && fail "the listener was reported"
echo "measured: client $(echo "$cl" | awk '{ print $9 }') ms, server $(echo "$sv" | awk '{ print $9 }') ms (accept delayed 300 ms)"
P6=$(port v6); C6=$(client_port v6)
awk -v l="$C6" -v p="$P6" -v c="$(client_pid v6)" '$4 == l && $6 == p && $1 == c && $3 == "::1" &&
	$5 == "::1" && $7 == 4 && $8 == 19' "$out" | grep -q . || fail "IPv6 client session: $(cat "$out")"
awk -v l="$C6" -v p="$P6" -v s="$(server_pid v6)" '$4 == p && $6 == l && $1 == s && $7 == 19 &&
	$8 == 4' "$out" | grep -q . || fail "IPv6 server session: $(cat "$out")"
awk -v p="$(port refused)" -v c="$(client_pid refused)" '$6 == p && $1 == c && $7 == 0 && $8 == 0' "$out" |
	grep -q . || fail "refused connect's session not reported: $(cat "$out")"
pass "both ends of IPv4 and IPv6 sessions: PIDs, COMMs, addresses, ports, KB each way, durations"

# --- JSON: exact byte counts (the kernel's counters include SYN and FIN: +0 to +2) ---
pair_wait j1 -s $TX -S $RX
start_tool tcplife --json -p "$(client_pid j1)"
release j1
pair other
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "tcplife exited with $TOOL_RC after SIGTERM"
[ "$(wc -l <"$out")" = 1 ] || fail "-p $(client_pid j1): want the client's session alone: $(cat "$out")"
grep -q "^{\"pid\":$(client_pid j1),\"comm\":\"tcp_client\",\"ip\":4,\"laddr\":\"127.0.0.1\",\"lport\":$(client_port j1),\"raddr\":\"127.0.0.1\",\"rport\":$(port j1),\"tx_kb\":300,\"rx_kb\":100,\"ms\":[0-9.]*,\"tx_bytes\":[0-9]*,\"rx_bytes\":[0-9]*}$" "$out" ||
	fail "JSON line: $(cat "$out")"
tx=$(sed 's/.*"tx_bytes":\([0-9]*\).*/\1/' "$out"); rx=$(sed 's/.*"rx_bytes":\([0-9]*\).*/\1/' "$out")
[ "$tx" -ge $TX ] && [ "$tx" -le $((TX + 2)) ] && [ "$rx" -ge $RX ] && [ "$rx" -le $((RX + 2)) ] ||
	fail "bytes: tx $tx for $TX, rx $rx for $RX"
echo "measured: tx_bytes $tx for $TX sent, rx_bytes $rx for $RX received"
pass "-p, JSON with exact byte counts"

# --- -L (server side only), -D (client side only) ---
pair_wait l1 -n 2
start_tool tcplife -L "1,$(port l1)"
release l1
stop_tool
[ "$(tail -n +2 "$out" | wc -l)" = 2 ] || fail "-L: want the 2 accepted sessions: $(cat "$out")"
tail -n +2 "$out" | awk -v p="$(port l1)" -v s="$(server_pid l1)" '$4 != p || $1 != s { bad = 1 }
	END { exit bad }' || fail "-L lines: $(cat "$out")"
pair_wait d1 -n 2
start_tool tcplife -D "$(port d1)"
release d1
stop_tool
[ "$(tail -n +2 "$out" | wc -l)" = 2 ] || fail "-D: want the 2 client sessions: $(cat "$out")"
tail -n +2 "$out" | awk -v p="$(port d1)" -v c="$(client_pid d1)" '$6 != p || $1 != c ||
	$2 != "tcp_client" { bad = 1 } END { exit bad }' || fail "-D lines: $(cat "$out")"
pass "-L and -D port filters"

# --- -6 -w, -4, CSV with both times ---
start_tool tcplife -6 -w
pair v4b
pair v6b -6
stop_tool
head -1 "$out" | grep -q '^PID   COMM             IP LADDR  *LPORT RADDR  *RPORT  TX_KB  RX_KB MS$' ||
	fail "bad -w header: $(head -1 "$out")"
awk -v p="$(port v4b)" '$5 == p || $7 == p' "$out" | grep -q . && fail "-6 showed IPv4"
awk -v p="$(port v6b)" '$3 == 6 && $4 == "::1" && $7 == p && $2 == "tcp_client"' "$out" | grep -q . ||
	fail "-6 -w: no IPv6 client line: $(cat "$out")"
start_tool tcplife -4 -stT
pair v4c
pair v6c -6
stop_tool
head -1 "$out" | grep -qx 'TIME,TIME(s),PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS' ||
	fail "bad CSV header: $(head -1 "$out")"
[ "$(tail -n +2 "$out" | wc -l)" = 2 ] || fail "-4: want 2 sessions (not IPv6): $(cat "$out")"
tail -n +2 "$out" | awk -F, -v p="$(port v4c)" 'NF != 12 || $1 !~ /^..:..:..$/ ||
	$2 !~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]$/ || $5 != 4 || ($7 != p && $9 != p) ||
	$12 !~ /^[0-9]+\.[0-9][0-9]$/ { bad = 1 } END { exit bad }' || fail "CSV lines: $(cat "$out")"
pass "-6, -4, -w, CSV with -T and -t"

# --- bad input and attach paths ---
for args in "-L 0" "-D abc" "-p x" "-4 -6" "--attach fentry" "extra"; do
	"$TB_BIN/tcplife" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q '^tcplife: invalid\|^tcplife: unexpected' "$WORK/bad.err" ||
		fail "'$args': $(cat "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
check_forced_kprobe tcplife tcp_set_state
