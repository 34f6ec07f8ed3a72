# tcpstates on this kernel: real loopback connections from tcp_pair (IPv4 and IPv6); every
# state change of the client's and the server's sockets must be printed with the right ports,
# tasks and durations, in text, -w, CSV and JSON, with the -L/-D port and -4/-6 filters.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/tcpstates.out
. "$(dirname "$0")/tcp_lib.sh"

# --- all sockets: the full state sequence of one connection, both ends ---
start_tool tcpstates
pair v4 -d 200
pair v6 -6
ids=$(tool_prog_ids "$TOOL_PID")
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcpstates exited with $TOOL_RC after SIGINT"
grep -q "attach method: tracepoint" "$WORK/tcpstates.err" || fail "-v did not name the attach method"
head -1 "$out" | grep -q '^SKADDR  *C-PID C-COMM  *LADDR  *LPORT RADDR  *RPORT OLDSTATE  *-> NEWSTATE  *MS$' ||
	fail "bad header: $(head -1 "$out")"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after exit: $(progs_left $ids)"
P=$(port v4); C=$(client_port v4); CPID=$(client_pid v4); SPID=$(server_pid v4)
# columns: 1 SKADDR 2 C-PID 3 C-COMM 4 LADDR 5 LPORT 6 RADDR 7 RPORT 8 OLD 9 -> 10 NEW 11 MS
transitions() { # LPORT RPORT: "OLD>NEW" of that socket, sorted
	awk -v l="$1" -v r="$2" '$5 == l && $7 == r { print $8 ">" $10 }' "$out" | sort | tr '\n' ' '
}
want="ESTABLISHED>FIN_WAIT1 FIN_WAIT1>FIN_WAIT2 FIN_WAIT2>CLOSE SYN_SENT>ESTABLISHED "
[ "$(transitions "$C" "$P")" = "$want" ] || fail "client socket: '$(transitions "$C" "$P")'"
# connect() runs before the local port is chosen: the first change shows LPORT 0
line=$(awk -v p="$P" '$5 == 0 && $7 == p && $8 == "CLOSE" && $10 == "SYN_SENT"' "$out")
echo "$line" | awk -v c="$CPID" '$2 == c && $3 == "tcp_client" && $4 == "127.0.0.1" &&
	$6 == "127.0.0.1" && $11 == "0.000" { ok = 1 } END { exit !ok }' ||
	fail "CLOSE -> SYN_SENT not from the client task ($CPID): '$line'"
skaddr=$(echo "$line" | awk '{ print $1 }')
# (the socket's own changes, to the server's port: a test running beside may have had a socket
# at the same kernel address just before)
[ "$(awk -v s="$skaddr" -v p="$P" '$1 == s && $7 == p' "$out" | wc -l)" = 5 ] ||
	fail "client socket $skaddr: not 5 changes"
want="CLOSE_WAIT>LAST_ACK ESTABLISHED>CLOSE_WAIT LAST_ACK>CLOSE LISTEN>SYN_RECV SYN_RECV>ESTABLISHED "
[ "$(transitions "$P" "$C")" = "$want" ] || fail "accepted socket: '$(transitions "$P" "$C")'"
[ "$(transitions "$P" 0)" = "CLOSE>LISTEN LISTEN>CLOSE " ] || fail "listener: '$(transitions "$P" 0)'"
awk -v p="$P" -v s="$SPID" '$5 == p && $7 == 0 && $10 == "LISTEN" && $2 == s && $3 == "tcp_pair" &&
	$6 == "0.0.0.0" { ok = 1 } END { exit !ok }' "$out" || fail "listen() not from the server task"
# MS is the time in the old state: the client stays ESTABLISHED until the server, which sleeps
# 200 ms before accept(), answers; the listener lives at least as long
ms=$(awk -v l="$C" -v p="$P" '$5 == l && $7 == p && $8 == "ESTABLISHED" { print $11 }' "$out")
awk -v m="$ms" 'BEGIN { exit !(m >= 100 && m < 10000) }' || fail "ESTABLISHED lasted $ms ms, want ~200"
ms2=$(awk -v p="$P" '$5 == p && $7 == 0 && $8 == "LISTEN" { print $11 }' "$out")
awk -v m="$ms2" 'BEGIN { exit !(m >= 190 && m < 10000) }' || fail "LISTEN lasted $ms2 ms"
awk -v l="$C" -v p="$P" '$5 == l && $7 == p && $11 !~ /^[0-9]+\.[0-9][0-9][0-9]$/ { bad = 1 }
	END { exit bad }' "$out" || fail "MS not a number with 3 decimals"
echo "measured: client ESTABLISHED $ms ms, listener LISTEN $ms2 ms (accept delayed 200 ms)"
P6=$(port v6); C6=$(client_port v6)
[ "$(transitions "$C6" "$P6")" = "ESTABLISHED>FIN_WAIT1 FIN_WAIT1>FIN_WAIT2 FIN_WAIT2>CLOSE SYN_SENT>ESTABLISHED " ] ||
	fail "IPv6 client socket: '$(transitions "$C6" "$P6")'"
awk -v l="$C6" -v p="$P6" '$5 == l && $7 == p && $4 == "::1" && $6 == "::1" { n++ } END { exit n != 4 }' "$out" ||
	fail "IPv6 addresses not ::1"
pass "state sequences of client, accepted and listening sockets, IPv4 and IPv6; durations"

# --- -L: local port (server side only), --json ---
pair_wait go1 -n 1
start_tool tcpstates -L "1,$(port go1)" --json
release go1
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "tcpstates exited with $TOOL_RC after SIGTERM"
P=$(port go1); C=$(client_port go1)
grep -v "\"lport\":$P," "$out" | grep -q . && fail "-L let other local ports through"
grep -c '"oldstate"' "$out" | grep -qx 7 || fail "-L $P: want 7 changes (listener 2, accepted 5): $(cat "$out")"
grep -q "^{\"skaddr\":\"[0-9a-f]*\",\"pid\":$(server_pid go1),\"comm\":\"tcp_pair\",\"ip\":4,\"laddr\":\"127.0.0.1\",\"lport\":$P,\"raddr\":\"0.0.0.0\",\"rport\":0,\"oldstate\":\"CLOSE\",\"newstate\":\"LISTEN\",\"ms\":0.000}$" "$out" ||
	fail "JSON listen line not found"
pass "-L port list, JSON"

# --- -D: remote port (client side only), CSV with both times ---
pair_wait go2 -n 2
start_tool tcpstates -stT -D "$(port go2)"
release go2
stop_tool
P=$(port go2)
head -1 "$out" | grep -qx 'TIME,TIME(s),SKADDR,C-PID,C-COMM,IP,LADDR,LPORT,RADDR,RPORT,OLDSTATE,NEWSTATE,MS' ||
	fail "bad CSV header: $(head -1 "$out")"
[ "$(tail -n +2 "$out" | wc -l)" = 10 ] || fail "-D $P: want 2 x 5 client changes: $(cat "$out")"
tail -n +2 "$out" | awk -F, -v p="$P" '$10 != p || $6 != 4 || NF != 13 || $1 !~ /^..:..:..$/ ||
	$2 !~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]$/ { bad = 1 } END { exit bad }' || fail "CSV lines wrong: $(cat "$out")"
grep -q ",tcp_client,4,127.0.0.1,$(client_port go2),127.0.0.1,$P,SYN_SENT,ESTABLISHED," "$out" ||
	fail "CSV handshake line missing"
pass "-D port filter, CSV with -T and -t"

# --- -4 / -6, and -w with both time columns ---
start_tool tcpstates -6 -w -tT
pair v4b
pair v6b -6
stop_tool
head -1 "$out" | grep -q '^TIME     TIME(s)   SKADDR  *C-PID C-COMM  *IP LADDR  *LPORT RADDR  *RPORT OLDSTATE  *-> NEWSTATE  *MS$' ||
	fail "bad -w -tT header: $(head -1 "$out")"
# columns: 1 TIME 2 TIME(s) 3 SKADDR 4 C-PID 5 C-COMM 6 IP 7 LADDR 8 LPORT 9 RADDR 10 RPORT 11 OLD
awk -v p="$(port v4b)" '$8 == p || $10 == p' "$out" | grep -q . && fail "-6 showed IPv4"
awk -v p="$(port v6b)" '$1 ~ /^..:..:..$/ && $2 ~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]$/ &&
	$6 == 6 && $7 == "::1" && $10 == p && $11 == "SYN_SENT"' "$out" | grep -q . ||
	fail "-6 -w -tT missed the IPv6 handshake"
start_tool tcpstates -4
pair v4c
pair v6c -6
stop_tool
awk -v p="$(port v6c)" '$5 == p || $7 == p' "$out" | grep -q . && fail "-4 showed IPv6"
awk -v p="$(port v4c)" '$7 == p' "$out" | grep -q . || fail "-4 missed IPv4"
pass "-4, -6 and -w"

# --- -Y: each event also sent to the journal (a stand-in socket here: TRACEBOX_JOURNAL_SOCKET) ---
sock=$WORK/journal.sock
"$TB_PROGS/journal_sink" "$sock" 120 >"$WORK/journal.out" 2>&1 &
SINK=$!
i=0; until grep -q '^ready' "$WORK/journal.out"; do i=$((i + 1)); [ $i -gt 50 ] && fail "journal_sink not ready"; sleep 0.1; done
pair_wait jy -n 1
export TRACEBOX_JOURNAL_SOCKET="$sock"
start_tool tcpstates -Y -L "$(port jy)"
release jy
stop_tool INT
unset TRACEBOX_JOURNAL_SOCKET
kill $SINK; wait $SINK 2>/dev/null
[ "$TOOL_RC" = 0 ] || fail "tcpstates -Y exited with $TOOL_RC: $(cat "$WORK/tcpstates.err")"
P=$(port jy); C=$(client_port jy)
# the accepted socket's ESTABLISHED entry, with BCC's fields
awk -v RS='--\n' -v p="$P" -v c="$C" '/OBJECT_TCP_NEW_STATE=ESTABLISHED\n/ &&
	index($0, "OBJECT_TCP_SOURCE_PORT=" p "\n") && index($0, "OBJECT_TCP_DESTINATION_PORT=" c "\n") &&
	/SYSLOG_IDENTIFIER=tcpstates\n/ && /PRIORITY=5\n/ && /OBJECT_IPV4_SOURCE_ADDRESS=127.0.0.1\n/ &&
	/OBJECT_IPV4_DESTINATION_ADDRESS=127.0.0.1\n/ && /OBJECT_TCP_OLD_STATE=SYN_RECV\n/ &&
	/OBJECT_PID=[0-9]+\n/ && /OBJECT_TCP_SPAN_TIME=[0-9]+\n/ { n++ } END { exit n != 1 }' "$WORK/journal.out" ||
	fail "-Y: no journal entry for SYN_RECV -> ESTABLISHED on port $P: $(cat "$WORK/journal.out")"
grep -q "^MESSAGE=.* 127.0.0.1 $P → 127.0.0.1 $C SYN_RECV → ESTABLISHED$" "$WORK/journal.out" ||
	fail "-Y: MESSAGE: $(grep MESSAGE "$WORK/journal.out")"
entries=$(grep -c '^--$' "$WORK/journal.out")
printed=$(awk -v p="$P" '$5 == p' "$out" | wc -l)
[ "$entries" = "$printed" ] && [ "$entries" -ge 3 ] || fail "-Y: $entries journal entries for $printed printed lines"
TRACEBOX_JOURNAL_SOCKET=$WORK/none.sock "$TB_BIN/tcpstates" -Y >/dev/null 2>"$WORK/bad.err" && fail "-Y without a journal ran"
[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q "^tcpstates: failed to open the systemd journal at $WORK/none.sock: No such file or directory (is systemd-journald running?" "$WORK/bad.err" ||
	fail "-Y without a journal: $(cat "$WORK/bad.err")"
pass "-Y: $entries journal entries with BCC's fields, one per printed line; one line without a journal"

# --- bad input and attach paths ---
for args in "-L 0" "-L abc" "-D 1,,2" "-L 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17" "-4 -6" \
	"--attach fentry" "extra"; do
	"$TB_BIN/tcpstates" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -q '^tcpstates: invalid\|^tcpstates: unexpected' ||
		fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"
check_forced_kprobe tcpstates "tcp_set_state"
