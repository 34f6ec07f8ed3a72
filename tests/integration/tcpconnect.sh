# tcpconnect on this kernel: real loopback connects from tcp_pair over IPv4 and IPv6, and a
# refused one (an attempt: printed, as BCC); -p, -P, -4/-6, -u, -U, -L (the local port), -t,
# -c counts, JSON; -d (DNS replies from dns_reply: recvmsg and recvfrom, A and AAAA, the
# QUERY column and JSON's query) where this kernel has a way to read them, else its one-line
# refusal; no BPF program left; the forced kprobe path compiles and fails with one line.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/tcpconnect.out
. "$(dirname "$0")/tcp_lib.sh"

# --- default columns: IPv4 (2 connects), IPv6, refused ---
start_tool tcpconnect
pair v4 -n 2
pair v6 -6
pair refused -r
ids=$(tool_prog_ids "$TOOL_PID")
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcpconnect exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
path=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/tcpconnect.err")
echo "attach method: $path"
head -1 "$out" | grep -q '^PID  *COMM  *IP SADDR  *DADDR  *DPORT$' || fail "bad header: $(head -1 "$out")"
# columns: 1 PID 2 COMM 3 IP 4 SADDR 5 DADDR 6 DPORT
P=$(port v4)
lines=$(awk -v p="$P" '$6 == p' "$out")
[ "$(echo "$lines" | grep -c .)" = 2 ] || fail "want 2 connects to $P: $(cat "$out")"
echo "$lines" | awk -v c="$(client_pid v4)" '$1 != c || $2 != "tcp_client" || $3 != 4 ||
	$4 != "127.0.0.1" || $5 != "127.0.0.1" || NF != 6 { bad = 1 } END { exit bad }' ||
	fail "wrong IPv4 lines: $lines"
line=$(awk -v p="$(port v6)" '$6 == p' "$out")
echo "$line" | awk -v c="$(client_pid v6)" '$1 == c && $2 == "tcp_client" && $3 == 6 &&
	$4 == "::1" && $5 == "::1" { ok = 1 } END { exit !ok }' || fail "wrong IPv6 line: '$line'"
grep -q '^refused' "$WORK/pair.refused" || fail "tcp_pair -r was not refused"
awk -v p="$(port refused)" -v c="$(client_pid refused)" '$6 == p && $1 == c' "$out" | grep -q . ||
	fail "refused connect (an attempt) not printed"
# no accept()ed or listening socket is a connect
awk -v s="$(server_pid v4)" '$1 == s' "$out" | grep -q . && fail "the server's sockets printed"
pass "IPv4, IPv6 and refused connects: PID, COMM, addresses and ports"

# --- -p PID, -P port, -L, -U, -t ---
pair_wait go1 -n 2
start_tool tcpconnect -p "$(client_pid go1)" -P "1,$(port go1)" -L -U -t
release go1
pair other -n 1
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "tcpconnect exited with $TOOL_RC after SIGTERM"
head -1 "$out" | grep -q '^TIME(s)  UID   PID  *COMM  *IP SADDR  *LPORT  DADDR  *DPORT$' ||
	fail "bad -L -U -t header: $(head -1 "$out")"
# columns: 1 TIME(s) 2 UID 3 PID 4 COMM 5 IP 6 SADDR 7 LPORT 8 DADDR 9 DPORT
[ "$(tail -n +2 "$out" | wc -l)" = 2 ] || fail "-p/-P let other connects through: $(cat "$out")"
awk -v l="$(client_port go1)" -v p="$(port go1)" -v c="$(client_pid go1)" '$7 == l && $9 == p &&
	$3 == c && $2 == 0 && $1 ~ /^[0-9]+\.[0-9][0-9][0-9]$/' "$out" | grep -q . ||
	fail "-L LPORT, -U or -t wrong: $(cat "$out") (client port $(client_port go1))"
awk -v f="$(awk '/^client/ { print $2 }' "$WORK/pair.go1" | sort -n | tr '\n' ' ')" 'NR > 1 { p = p $7 " " }
	END { split(p, a, " "); split(f, b, " "); exit !((a[1] == b[1] && a[2] == b[2]) || (a[1] == b[2] && a[2] == b[1])) }' "$out" ||
	fail "LPORTs are not the client's ports: $(cat "$out") vs $(cat "$WORK/pair.go1")"
pass "-p, -P, -L (local ports), -U and -t"

# --- -4 / -6, -u, JSON ---
start_tool tcpconnect -6 --json -U
pair v4b
pair v6b -6
stop_tool
awk -v p="$(port v4b)" 'index($0, "\"dport\":" p "}")' "$out" | grep -q . && fail "-6 showed IPv4"
grep -q "^{\"uid\":0,\"pid\":$(client_pid v6b),\"comm\":\"tcp_client\",\"ip\":6,\"saddr\":\"::1\",\"daddr\":\"::1\",\"dport\":$(port v6b)}$" "$out" ||
	fail "JSON -6 line not found: $(cat "$out")"
start_tool tcpconnect -4 -u 4242
pair v4c
stop_tool
[ "$(wc -l <"$out")" = 1 ] || fail "-u 4242 let root's connects through: $(cat "$out")"
start_tool tcpconnect -4
pair v4d
pair v6d -6
stop_tool
awk -v p="$(port v6d)" '$6 == p' "$out" | grep -q . && fail "-4 showed IPv6"
awk -v p="$(port v4d)" '$6 == p' "$out" | grep -q . || fail "-4 missed IPv4"
pass "-4, -6, -u, JSON"

# --- -c: counts per source, destination, port, at the end ---
start_tool tcpconnect -c -P "$(port v4)"
pair_wait c1 -n 3 -p "$(port v4)"
release c1
pair_wait c2 -6 -n 2 -p "$(port v4)"
release c2
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcpconnect -c exited with $TOOL_RC"
grep -q '^Tracing TCP connects... Hit Ctrl-C to end.$' "$out" || fail "-c: no banner: $(cat "$out")"
grep -q '^LADDR  *RADDR  *RPORT  *CONNECTS$' "$out" || fail "-c: no count header: $(cat "$out")"
grep -q "^127\.0\.0\.1  *127\.0\.0\.1  *$(port v4)  *3$" "$out" || fail "-c: IPv4 count not 3: $(cat "$out")"
grep -q "^::1  *::1  *$(port v4)  *2$" "$out" || fail "-c: IPv6 count not 2: $(cat "$out")"
[ "$(awk '/^LADDR/ { on = 1; next } on && NF' "$out" | wc -l)" = 2 ] || fail "-c: other rows: $(cat "$out")"
awk '/^LADDR/ { on = 1; next } on && NF { print $4 }' "$out" | head -1 | grep -qx 3 || fail "-c: not sorted"
start_tool tcpconnect -c --json -P "$(port v4)"
pair_wait c3 -n 2 -p "$(port v4)"
release c3
stop_tool
grep -qx "{\"laddr\":\"127.0.0.1\",\"raddr\":\"127.0.0.1\",\"rport\":$(port v4),\"connects\":2}" "$out" ||
	fail "-c --json: $(cat "$out")"
pass "-c counts (IPv4 3, IPv6 2), text and JSON"

# --- -d: a reply received on a UDP socket connected to port 53 names the address connected to ---
DP=$((20000 + $$ % 20000))
if "$TB_BIN/tcpconnect" -d --compile-only >/dev/null 2>"$WORK/dns.err"; then
	start_tool tcpconnect -d
	ids=$(tool_prog_ids "$TOOL_PID")
	"$TB_PROGS/dns_reply" tb-marker.example 127.0.0.77 "$DP" >"$WORK/dns1.txt" 2>&1 ||
		fail "dns_reply: $(cat "$WORK/dns1.txt")"
	"$TB_PROGS/dns_reply" -r tb-marker6.example ::1 "$((DP + 1))" >"$WORK/dns2.txt" 2>&1 ||
		fail "dns_reply -r: $(cat "$WORK/dns2.txt")"
	pair nodns
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "tcpconnect -d exited with $TOOL_RC"
	progs_gone $ids || fail "BPF programs left after -d: $(progs_left $ids)"
	grep 'DNS replies' "$WORK/tcpconnect.err"
	head -1 "$out" | grep -q '^PID  *COMM  *IP SADDR  *DADDR  *DPORT  QUERY$' || fail "-d header: $(head -1 "$out")"
	# columns: 1 PID 2 COMM 3 IP 4 SADDR 5 DADDR 6 DPORT 7 QUERY
	awk -v p="$DP" -v c="$(awk '/^pid/ { print $2 }' "$WORK/dns1.txt")" '$6 == p && $1 == c &&
		$5 == "127.0.0.77" && $7 == "tb-marker.example" && NF == 7' "$out" | grep -q . ||
		fail "-d: no tb-marker.example line (recvmsg, A): $(cat "$out")"
	awk -v p="$((DP + 1))" '$6 == p && $5 == "::1" && $7 == "tb-marker6.example"' "$out" | grep -q . ||
		fail "-d: no tb-marker6.example line (recvfrom, AAAA): $(cat "$out")"
	awk -v p="$(port nodns)" '$6 == p && $7 == "localhost"' "$out" | grep -q . ||
		fail "-d: 127.0.0.1 with no reply is not localhost: $(cat "$out")"
	grep -q '0 lost' "$WORK/tcpconnect.err" || fail "-d: events lost: $(tail -3 "$WORK/tcpconnect.err")"
	start_tool tcpconnect -d --json -P "$((DP + 2))"
	"$TB_PROGS/dns_reply" tb-json.example 127.0.0.77 "$((DP + 2))" >/dev/null 2>&1 || fail "dns_reply (JSON)"
	stop_tool
	grep -q "\"daddr\":\"127.0.0.77\",\"dport\":$((DP + 2)),\"query\":\"tb-json.example\",\"query_ms\":[0-9.]*}$" "$out" ||
		fail "-d --json: $(cat "$out")"
	pass "-d: QUERY names from replies received by recvmsg (A) and recvfrom (AAAA), localhost, JSON"
else
	[ "$(wc -l <"$WORK/dns.err")" = 1 ] && grep -q '^tcpconnect: failed to trace DNS replies (-d): no kprobe on udp_recvmsg' "$WORK/dns.err" ||
		fail "-d: not the one-line refusal: $(cat "$WORK/dns.err")"
	pass "-d refused with one line here: $(cat "$WORK/dns.err")"
fi

# --- bad input and attach paths ---
for args in "-p abc" "-4 -6" "-P 0" "-P 1,,2" "-u nosuchuser_tb" "-c -d" "--attach fentry" "extra"; do
	"$TB_BIN/tcpconnect" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q '^tcpconnect: invalid\|^tcpconnect: unexpected' "$WORK/bad.err" ||
		fail "'$args': $(cat "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors (-c with -d, as BCC)"
check_forced_kprobe tcpconnect tcp_v4_connect
check_forced_kprobe tcpconnect tcp_v4_connect -d
