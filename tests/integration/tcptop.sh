# tcptop on this kernel: loopback connections from tcp_pair carrying known byte counts each way
# are one row per end in the summary printed at Ctrl-C: the client (tcp_client) and the server
# (tcp_pair), their addresses and ports, RX_KB and TX_KB exact (and the bytes in JSON); IPv6
# rows under their own header; -4 and -6, -p, -S, interval and count; no BPF program left; the
# forced kprobe path refused in one line where the kernel has no kprobes.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/tcptop.out
. "$(dirname "$0")/tcp_lib.sh"
[ -e /sys/kernel/tracing/events/sock/sock_send_length ] ||
	[ -e /sys/kernel/tracing/kprobe_events ] || [ -e /sys/bus/event_source/devices/kprobe/type ] ||
	skip "neither the sock:sock_send_length tracepoint nor kprobes here"
TX=1048576 RX=524288 # client -> server 1024 KiB, server -> client 512 KiB
# row NAME END: "RX_KB TX_KB" of pair NAME's client or server end (text), or "none"
row() {
	p=$(port "$1") c=$(client_port "$1")
	if [ "$2" = client ]; then pid=$(client_pid "$1") l=$c r=$p comm=tcp_client
	else pid=$(server_pid "$1") l=$p r=$c comm=tcp_pair; fi
	awk -v pid="$pid" -v comm="$comm" -v l="$l" -v r="$r" '$1 == pid && $2 == comm &&
		$3 ~ ":" l "$" && $4 ~ ":" r "$" && ($3 ~ /^127\.0\.0\.1:/ || $3 ~ /^::1:/) { rx += $5; tx += $6; n++ }
		END { print (n ? rx " " tx : "none") }' "$out"
}

# --- the summary at Ctrl-C: both ends of an IPv4 and an IPv6 connection ---
start_tool tcptop -C 60
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
pair v4 -s $TX -S $RX
pair v6 -6 -s 20480 -S 10240
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcptop exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
method=$(sed -n 's/.*attach method: \([a-z]*\).*/\1/p' "$WORK/tcptop.err" | head -1)
[ -n "$method" ] || fail "-v did not name the attach method"
head -1 "$out" | grep -qx 'Tracing... Output every 60 secs. Hit Ctrl-C to end' || fail "no banner: $(head -1 "$out")"
grep -qE '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$' "$out" ||
	fail "no 'HH:MM:SS loadavg: ...' line"
grep -qx 'PID     COMM         LADDR                 RADDR                  RX_KB  TX_KB' "$out" || fail "not BCC's IPv4 header"
grep -qx 'PID     COMM         LADDR6                           RADDR6                            RX_KB  TX_KB' "$out" ||
	fail "not BCC's IPv6 header"
c=$(row v4 client); s=$(row v4 server)
[ "$c" = "512 1024" ] || fail "IPv4 client row (RX_KB TX_KB): '$c', expected '512 1024'"
[ "$s" = "1024 512" ] || fail "IPv4 server row: '$s', expected '1024 512'"
c6=$(row v6 client); s6=$(row v6 server)
[ "$c6" = "10 20" ] && [ "$s6" = "20 10" ] || fail "IPv6 rows: client '$c6', server '$s6', expected '10 20', '20 10'"
# IPv6 rows after the blank line that opens their header
awk '/^$/ { blank = NR } /RADDR6/ { exit !(blank == NR - 1) }' "$out" || fail "no blank line before the IPv6 header"
pass "both ends of IPv4 ($c, $s) and IPv6 ($c6, $s6) connections, by $method"

# --- -p: one process; -4: no IPv6; -S: no load average line ---
pair_wait p4 -s $TX -S $RX
start_tool tcptop -C -S -4 -p "$(server_pid p4)" 60
release p4
pair p6 -6 -s 4096 -S 4096
stop_tool
s=$(row p4 server); c=$(row p4 client)
[ "$s" = "1024 512" ] && [ "$c" = none ] || fail "-p server: server row '$s' (1024 512), client row '$c' (none)"
grep -q RADDR6 "$out" && fail "-4: an IPv6 header"
grep -q ' loadavg: ' "$out" && fail "-S: a loadavg line"
pass "-p $(server_pid p4) -4 -S: the server's row alone, no IPv6, no loadavg"

# --- -6 and interval, count: two summaries, then it ends itself ---
start_tool tcptop -C -6 1 2
pair c6 -6 -s 8192 -S 8192
wait "$TOOL_PID"; TOOL_RC=$?; TOOL_PID=
[ "$TOOL_RC" = 0 ] || fail "tcptop -6 1 2 exited with $TOOL_RC"
[ "$(grep -c ' loadavg: ' "$out")" = 2 ] || fail "1 2: $(grep -c ' loadavg: ' "$out") summaries, expected 2"
grep -q '^PID .* LADDR  ' "$out" && fail "-6: an IPv4 header"
pass "-6 1 2: two summaries, IPv6 only, then exit 0"

# --- --json: exact bytes ---
pair_wait j -s 307700 -S 102900
start_tool tcptop --json 60
release j
stop_tool
json_check "$out" '(.ts | type) == "string" and (.loadavg | type) == "string" and (.rows | type) == "array"' ||
	fail "--json: $(head -c 300 "$out")"
j=$(jq -r -s --argjson p "$(client_pid j)" --argjson port "$(port j)" '[.[].rows[] |
	select(.pid == $p and .comm == "tcp_client" and .rport == $port and .laddr == "127.0.0.1" and .family == 4)] |
	"\(map(.rx_bytes) | add) \(map(.tx_bytes) | add)"' "$out")
[ "$j" = "102900 307700" ] || fail "--json: client rx_bytes tx_bytes '$j', expected '102900 307700'"
pass "--json: the client's bytes exact ($j)"

check_help_dump tcptop "TRACEPOINT_PROBE(sock, sock_send_length)"
pass "--help with examples, --dump-bpf"
check_forced_kprobe tcptop tcp_sendmsg
