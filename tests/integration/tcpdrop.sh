# tcpdrop on this kernel (skb:kfree_skb with its reason): real TCP drops on loopback from
# tcp_retrans (its server's socket filter drops the client's segments: SOCKET_FILTER; with -a
# the client's filter drops the ACKs, so the server gets each retransmit as old data:
# TCP_OLD_DATA) and from tcp_pair -r (a SYN to a closed port: NO_SOCKET). The drops must be
# printed (at least one, at most the kernel's count: `between` in lib.sh) with the segment's addresses, ports, flags, the socket's state, the reason and the
# kernel stack, in text and JSON, filtered by -4 and the network namespace.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/tcpdrop.out
. "$(dirname "$0")/tcp_lib.sh"
[ -d /sys/kernel/tracing/events ] || mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
grep -q 'field:enum skb_drop_reason reason;' /sys/kernel/tracing/events/skb/kfree_skb/format 2>/dev/null ||
	skip "skb:kfree_skb has no reason field (before 5.17): the kprobe path is the VM tier's"

# retrans NAME ARGS...: runs tcp_retrans; "retrans LPORT PORT TOTAL" in $WORK/rt.NAME
retrans() {
	n=$1; shift
	"$TB_PROGS/tcp_retrans" "$@" >"$WORK/rt.$n" || fail "tcp_retrans $* failed: $(cat "$WORK/rt.$n")"
}
lport() { awk '/^retrans/ { print $2 }' "$WORK/rt.$1"; }
rport() { awk '/^retrans/ { print $3 }' "$WORK/rt.$1"; }
total() { awk '/^retrans/ { print $4 }' "$WORK/rt.$1"; }
# lines SRC DST: the event lines of segments from SRC to DST; columns 1 TIME 2 PID 3 IP
# 4 SADDR:SPORT 5 > 6 DADDR:DPORT 7 STATE 8 (FLAGS) 9 REASON
lines() { awk -v s="$1" -v d="$2" '$4 == s && $6 == d' "$out"; }
# stack_of SRC DST: the first such event's stack frames, one per line
stack_of() {
	awk -v s="$1" -v d="$2" 'in_ && /^\t/ { print; next } { in_ = 0 } $4 == s && $6 == d && !done { in_ = 1; done = 1 }' "$out"
}

# --- the three kinds of drop, text ---
start_tool tcpdrop
retrans sf -n 2
retrans od -6 -a -n 2
pair refused -r
ids=$(tool_prog_ids "$TOOL_PID")
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcpdrop exited with $TOOL_RC after SIGINT"
grep -q "attach method: tracepoint" "$WORK/tcpdrop.err" || fail "-v did not name the attach method"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after exit: $(progs_left $ids)"
head -1 "$out" | grep -qx 'TIME     PID     IP SADDR:SPORT          > DADDR:DPORT          STATE (FLAGS) REASON' ||
	fail "bad header: $(head -1 "$out")"
# the server's filter dropped the original segment and every retransmit but the last
C=$(lport sf); P=$(rport sf); N=$(total sf)
got=$(lines "127.0.0.1:$C" "127.0.0.1:$P")
nf=$(echo "$got" | grep -c 'ESTABLISHED (PSH|ACK) SOCKET_FILTER$')
between "$nf" 1 "$N" || fail "SOCKET_FILTER: want 1-$N drops of the byte to :$P, got: $got; $(grep 'events:' "$WORK/tcpdrop.err")"
echo "$got" | awk '$1 !~ /^..:..:..$/ || $2 !~ /^[0-9]+$/ || $3 != 4 || $5 != ">" { bad = 1 } END { exit bad }' ||
	fail "SOCKET_FILTER lines: $got"
stack_of "127.0.0.1:$C" "127.0.0.1:$P" | grep -q '^	tcp_v4_rcv+0x[0-9a-f]*$' ||
	fail "no tcp_v4_rcv frame under the SOCKET_FILTER drop: $(stack_of "127.0.0.1:$C" "127.0.0.1:$P")"
# -a: the server got the byte; each retransmit is old data there
C6=$(lport od); P6=$(rport od); N6=$(total od)
got=$(lines "::1:$C6" "::1:$P6")
no=$(echo "$got" | grep -c '^.* 6  .*ESTABLISHED (PSH|ACK) TCP_OLD_DATA$')
between "$no" 1 "$N6" || fail "TCP_OLD_DATA: want 1-$N6 drops of the retransmitted byte to :$P6, got: $got"
stack_of "::1:$C6" "::1:$P6" | grep -q '^	tcp_v6_rcv+0x' || fail "no tcp_v6_rcv frame under TCP_OLD_DATA"
# the client's filter dropped the server's ACKs
lines "::1:$P6" "::1:$C6" | grep -q 'ESTABLISHED (ACK) SOCKET_FILTER$' || fail "the dropped ACKs to :$C6 are missing"
# a SYN to a closed port: no socket, so no state
R=$(port refused)
[ "$(awk -v d="127.0.0.1:$R" '$6 == d && $7 == "-" && $8 == "(SYN)" && $9 == "NO_SOCKET"' "$out" | wc -l)" -le 1 ] &&
	awk -v d="127.0.0.1:$R" '$6 == d && $7 == "-" && $8 == "(SYN)" && $9 == "NO_SOCKET"' "$out" | grep -q . ||
	fail "no NO_SOCKET drop of the SYN to closed port $R: $(awk -v d="127.0.0.1:$R" '$6 == d' "$out")"
pass "SOCKET_FILTER ($nf of the kernel's $N), TCP_OLD_DATA ($no of $N6) and NO_SOCKET drops, with flags, state, reason and stack"

# --- -4 --json ---
start_tool tcpdrop -4 --json
retrans j4 -n 2
retrans j6 -6 -n 2
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "tcpdrop exited with $TOOL_RC after SIGTERM"
grep -q '"ip":6' "$out" && fail "-4 showed IPv6"
n=$(grep -c "^{\"time\":\"..:..:..\",\"pid\":[0-9]*,\"ip\":4,\"saddr\":\"127.0.0.1\",\"sport\":$(lport j4),\"daddr\":\"127.0.0.1\",\"dport\":$(rport j4),\"state\":\"ESTABLISHED\",\"flags\":\"PSH|ACK\",\"reason\":\"SOCKET_FILTER\",\"stack\":\"[^\"]*;tcp_v4_rcv+0x[0-9a-f]*;sk_skb_reason_drop+0x[0-9a-f]*\"}$" "$out")
between "$n" 1 "$(total j4)" || fail "--json -4: $n lines for $(total j4) drops: $(head -3 "$out")"
json_check "$out" 'has("stack") and has("reason")' || fail "--json: not one object per line"
pass "-4 with --json, the stack folded"

# --- the network namespace filters: ours, and one that does not exist ---
start_tool tcpdrop --pid-netns $$
retrans ns1 -n 2
stop_tool
between "$(lines "127.0.0.1:$(lport ns1)" "127.0.0.1:$(rport ns1)" | wc -l)" 1 "$(total ns1)" ||
	fail "--pid-netns $$: the drops in this namespace are missing"
start_tool tcpdrop --netns-id 1
retrans ns2 -n 2
stop_tool
[ "$(grep -c '^..:..:..' "$out")" = 0 ] || fail "--netns-id 1 showed drops: $(head -3 "$out")"
"$TB_BIN/tcpdrop" --pid-netns 999999999 >/dev/null 2>"$WORK/ns.err" && fail "--pid-netns of no process ran"
[ "$(wc -l <"$WORK/ns.err")" = 1 ] || fail "--pid-netns of no process: $(cat "$WORK/ns.err")"
pass "--pid-netns and --netns-id"
# a kernel without the tracepoint's reason and without kprobes: one line naming both
if ! [ -e /sys/kernel/tracing/kprobe_events ] && ! [ -e /sys/bus/event_source/devices/kprobe/type ]; then
	TRACEBOX_HIDE_TRACEPOINTS=skb:kfree_skb "$TB_BIN/tcpdrop" >/dev/null 2>"$WORK/none.err" && fail "ran with no way to attach"
	[ "$(wc -l <"$WORK/none.err")" = 1 ] && grep -q "^tcpdrop: cannot trace TCP drops: tracepoint: .*; kprobe: this kernel has no kprobes" "$WORK/none.err" ||
		fail "no way to attach: $(cat "$WORK/none.err")"
	pass "no tracepoint and no kprobes: one line"
fi
check_forced_kprobe tcpdrop "tcp_drop"
