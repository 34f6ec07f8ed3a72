# tcpretrans on this kernel: tcp_retrans makes real retransmits on loopback (its server's
# socket drops every segment through a socket filter until the client has retransmitted N
# times) and reports the kernel's own count (tcpi_total_retrans); every one of them must be
# printed (at least one, at most the kernel's count: see `between` in lib.sh), with the flow's
# addresses and ports and ESTABLISHED, in text and JSON, counted by -c, and filtered by -4/-6.
# -l needs kprobes: here it must refuse in one line.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/tcpretrans.out
. "$(dirname "$0")/tcp_lib.sh"
[ -d /sys/kernel/tracing/events ] || mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
[ -e /sys/kernel/tracing/events/tcp/tcp_retransmit_skb ] ||
	[ -e /sys/kernel/debug/tracing/events/tcp/tcp_retransmit_skb ] ||
	skip "no tcp:tcp_retransmit_skb tracepoint (before 4.15): the kprobe path is the VM tier's"

# retrans NAME ARGS...: runs tcp_retrans; "retrans LPORT PORT TOTAL" in $WORK/rt.NAME
retrans() {
	n=$1; shift
	"$TB_PROGS/tcp_retrans" "$@" >"$WORK/rt.$n" || fail "tcp_retrans $* failed: $(cat "$WORK/rt.$n")"
}
lport() { awk '/^retrans/ { print $2 }' "$WORK/rt.$1"; }
rport() { awk '/^retrans/ { print $3 }' "$WORK/rt.$1"; }
total() { awk '/^retrans/ { print $4 }' "$WORK/rt.$1"; }

# --- the retransmits of an IPv4 and an IPv6 flow, text ---
start_tool tcpretrans
retrans v4 -n 2
retrans v6 -6 -n 3
ids=$(tool_prog_ids "$TOOL_PID")
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcpretrans exited with $TOOL_RC after SIGINT"
grep -q "attach method: tracepoint" "$WORK/tcpretrans.err" || fail "-v did not name the attach method"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after exit: $(progs_left $ids)"
head -2 "$out" | tr '\n' '|' | grep -qx 'Tracing retransmits... Hit Ctrl-C to end.|TIME     PID    IP LADDR:LPORT          T> RADDR:RPORT          STATE|' ||
	fail "bad banner or header: $(head -2 "$out")"
# lines FLOW-ARGS: this flow's lines, columns 1 TIME 2 PID 3 IP 4 LADDR:LPORT 5 T> 6 RADDR:RPORT 7 STATE
lines() { awk -v l="$1" -v r="$2" '$4 == l && $6 == r' "$out"; }
L=$(lport v4); P=$(rport v4); N=$(total v4)
[ "$N" -ge 2 ] || fail "tcp_retrans v4 reported $N retransmits"
got=$(lines "127.0.0.1:$L" "127.0.0.1:$P"); n4=$(echo "$got" | grep -c .)
between "$n4" 1 "$N" || fail "IPv4 flow :$L -> :$P: want 1-$N lines (the kernel's count), got: $got; $(grep 'events:' "$WORK/tcpretrans.err")"
echo "$got" | awk '$1 !~ /^..:..:..$/ || $2 !~ /^[0-9]+$/ || $3 != 4 || $5 != "R>" || $7 != "ESTABLISHED" || NF != 7 { bad = 1 }
	END { exit bad }' || fail "IPv4 lines: $got"
L6=$(lport v6); P6=$(rport v6); N6=$(total v6)
got=$(lines "::1:$L6" "::1:$P6"); n6=$(echo "$got" | grep -c .)
between "$n6" 1 "$N6" || fail "IPv6 flow :$L6 -> :$P6: want 1-$N6 lines, got: $got"
echo "$got" | awk '$3 != 6 || $5 != "R>" || $7 != "ESTABLISHED" { bad = 1 } END { exit bad }' || fail "IPv6 lines: $got"
pass "the retransmits of an IPv4 ($n4 of the kernel's $N) and an IPv6 ($n6 of $N6) flow, with addresses, ports and state"

# --- -c: the count per flow at Ctrl-C, IPv4's first ---
start_tool tcpretrans -c
retrans c6 -6 -n 2
retrans c4 -n 3
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcpretrans -c exited with $TOOL_RC"
head -3 "$out" | tr '\n' '|' | grep -qx 'Tracing retransmits... Hit Ctrl-C to end.||LADDR:LPORT               RADDR:RPORT               RETRANSMITS|' ||
	fail "bad -c header: $(head -3 "$out")"
count() { awk -v l="$1" -v r="$2" '$1 == l && $2 == "<->" && $3 == r { print $4 }' "$out"; }
c4=$(count "[127.0.0.1]#$(lport c4)" "[127.0.0.1]#$(rport c4)")
c6=$(count "[::1]#$(lport c6)" "[::1]#$(rport c6)")
between "$c4" 1 "$(total c4)" && between "$c6" 1 "$(total c6)" ||
	fail "-c counts '$c4' and '$c6', the kernel's $(total c4) and $(total c6): $(cat "$out")"
[ "$(grep -n '^\[127.0.0.1\]#' "$out" | tail -1 | cut -d: -f1)" -lt "$(grep -n '^\[::1\]#' "$out" | head -1 | cut -d: -f1)" ] ||
	fail "-c: IPv4 flows not before IPv6 ones"
pass "-c: $c4 and $c6 retransmits counted per flow (the kernel: $(total c4) and $(total c6))"

# --- -s: BCC's SEQ column, the retransmitted segment's sequence number (the same segment each
# time: the server's filter drops them all until the last) ---
start_tool tcpretrans -4 -s
retrans s4 -n 2
stop_tool INT
sed -n 2p "$out" | grep -qx 'TIME     PID    IP LADDR:LPORT          T> RADDR:RPORT          STATE        SEQ' ||
	fail "-s header: $(sed -n 2p "$out")"
seqs=$(awk -v l="127.0.0.1:$(lport s4)" -v r="127.0.0.1:$(rport s4)" '$4 == l && $6 == r { print $8 }' "$out" | sort -u)
[ -n "$seqs" ] && [ "$(echo "$seqs" | wc -l)" = 1 ] && [ "$seqs" -gt 0 ] ||
	fail "-s: want one nonzero sequence number for the flow's retransmits, got '$seqs': $(cat "$out")"
pass "-s: SEQ $seqs on every retransmit of the flow"

# --- -4 --json, and -6 ---
start_tool tcpretrans -4 --json
retrans j4 -n 2
retrans j6 -6 -n 2
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "tcpretrans exited with $TOOL_RC after SIGTERM"
grep -q '"ip":6' "$out" && fail "-4 showed IPv6: $(cat "$out")"
n=$(grep -c "^{\"time\":\"..:..:..\",\"pid\":[0-9]*,\"ip\":4,\"laddr\":\"127.0.0.1\",\"lport\":$(lport j4),\"type\":\"R\",\"raddr\":\"127.0.0.1\",\"rport\":$(rport j4),\"state\":\"ESTABLISHED\"}$" "$out")
between "$n" 1 "$(total j4)" || fail "--json -4: $n lines for $(total j4) retransmits: $(cat "$out")"
json_check "$out" 'has("time") and has("state")' || fail "--json: not one object per line"
start_tool tcpretrans -6
retrans k4 -n 2
retrans k6 -6 -n 2
stop_tool
grep -q " 4  127.0.0.1:" "$out" && fail "-6 showed IPv4"
between "$(lines "::1:$(lport k6)" "::1:$(rport k6)" | grep -c .)" 1 "$(total k6)" || fail "-6 missed IPv6: $(cat "$out")"
pass "-4 with --json, -6"

# --- -l: tail loss probes need kprobes ---
if [ -e /sys/kernel/tracing/kprobe_events ] || [ -e /sys/bus/event_source/devices/kprobe/type ]; then
	start_tool tcpretrans -l
	retrans l4 -n 3
	stop_tool
	lines "127.0.0.1:$(lport l4)" "127.0.0.1:$(rport l4)" | grep -q ' L> ' ||
		fail "-l showed no tail loss probe: $(cat "$out")"
	pass "-l: tail loss probes (L>) beside retransmits"
else
	"$TB_BIN/tcpretrans" -v -l >/dev/null 2>"$WORK/l.err" && fail "-l ran without kprobes"
	grep -q "compiled" "$WORK/l.err" && fail "-l compiled before refusing"
	[ "$(grep -vc '^tcpretrans: \(attach method\|not using\)' "$WORK/l.err")" = 1 ] &&
		tail -1 "$WORK/l.err" | grep -q "^tcpretrans: failed to attach kprobe 'tcp_send_loss_probe' (-l, tail loss probes): this kernel has no kprobes" ||
		fail "-l without kprobes: $(cat "$WORK/l.err")"
	pass "-l: one line, before compiling, where there are no kprobes"
fi
# a kernel without the tracepoint (4.14) and without kprobes: one line naming both
if ! [ -e /sys/kernel/tracing/kprobe_events ] && ! [ -e /sys/bus/event_source/devices/kprobe/type ]; then
	TRACEBOX_HIDE_TRACEPOINTS=tcp:tcp_retransmit_skb "$TB_BIN/tcpretrans" >/dev/null 2>"$WORK/none.err" && fail "ran with no way to attach"
	[ "$(wc -l <"$WORK/none.err")" = 1 ] && grep -q "^tcpretrans: cannot trace TCP retransmits: tracepoint: .*; kprobe: this kernel has no kprobes" "$WORK/none.err" ||
		fail "no way to attach: $(cat "$WORK/none.err")"
	pass "no tracepoint and no kprobes: one line"
fi
check_forced_kprobe tcpretrans "tcp_retransmit_skb"
