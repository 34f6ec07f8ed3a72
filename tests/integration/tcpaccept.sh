# tcpaccept on this kernel (accept()'s tracepoints; a kretprobe on inet_csk_accept where the
# kernel has kprobes): tcp_pair's server accepts 3 loopback connections on marker port 23200
# (IPv4) and 2 on 23201 (IPv6); every line exact: the server's PID and COMM (the accepting
# process, not the softirq's), the client's address and port (as the client printed them),
# the local address and marker port. Then -4 -t --json, -p; no program left.
. "$(dirname "$0")/lib.sh"
require_root

P=23200
out=$WORK/tcpaccept.out
# BCC: "%-7d %-12.12s %-2d %-16s %-5d %-16s %-5d" (the last column not padded here)
row() { printf '%-7d %-12.12s %-2d %-16s %-5d %-16s %d\n' "$@"; }
# want FILE IP ADDR PORT: the lines for tcp_pair's output in FILE
want() {
	server=$(awk '$1 == "bound" { print $3 }' "$1")
	[ -n "$server" ] || fail "tcp_pair said no server pid: $(cat "$1")"
	awk '$1 == "client" { print $2 }' "$1" | while read -r rport; do
		row "$server" tcp_pair "$2" "$3" "$rport" "$3" "$4"
	done
}

# --- auto, -P: both families ---
start_tool tcpaccept -P $P,$((P + 1))
ids=$(tool_prog_ids "$TOOL_PID")
"$TB_PROGS/tcp_pair" -p $P -n 3 >"$WORK/v4.txt" 2>&1 || fail "tcp_pair failed: $(cat "$WORK/v4.txt")"
v6=yes
"$TB_PROGS/tcp_pair" -6 -p $((P + 1)) -n 2 >"$WORK/v6.txt" 2>&1 || v6=
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "tcpaccept exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT: $(progs_left $ids)"
kprobe_or_tracepoint tcpaccept
[ "$(head -1 "$out")" = "PID     COMM         IP RADDR            RPORT LADDR            LPORT" ] ||
	fail "bad header: '$(head -1 "$out")'"
{ want "$WORK/v4.txt" 4 127.0.0.1 $P; [ -n "$v6" ] && want "$WORK/v6.txt" 6 ::1 $((P + 1)); } >"$WORK/want"
[ "$(wc -l <"$WORK/want")" = "$([ -n "$v6" ] && echo 5 || echo 3)" ] || fail "tcp_pair made $(wc -l <"$WORK/want") connections"
tail -n +2 "$out" >"$WORK/got"
same_lines "$WORK/got" "$WORK/want" || fail "accepts: got
$(cat "$WORK/got")
want
$(cat "$WORK/want")"
pass "$METHOD: $(wc -l <"$WORK/want") accepts exactly (IPv4${v6:+ and IPv6}): the server's PID and COMM, both ends"

# --- -4 -t --json: the IPv4 ones alone ---
start_tool tcpaccept -4 -t --json -P $P,$((P + 1))
"$TB_PROGS/tcp_pair" -p $P -n 2 >"$WORK/v4.txt" 2>&1 || fail "tcp_pair failed: $(cat "$WORK/v4.txt")"
[ -n "$v6" ] && { "$TB_PROGS/tcp_pair" -6 -p $((P + 1)) -n 1 >/dev/null 2>&1 || fail "tcp_pair -6 failed"; }
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "tcpaccept exited with $TOOL_RC after SIGTERM"
[ "$(wc -l <"$out")" = 2 ] || fail "-4: not two lines: $(cat "$out")"
server=$(awk '$1 == "bound" { print $3 }' "$WORK/v4.txt")
for rport in $(awk '$1 == "client" { print $2 }' "$WORK/v4.txt"); do
	grep -Eq "^\{\"time_s\":[0-9]+\.[0-9]{3},\"pid\":$server,\"comm\":\"tcp_pair\",\"ip\":4,\"raddr\":\"127\.0\.0\.1\",\"rport\":$rport,\"laddr\":\"127\.0\.0\.1\",\"lport\":$P\}$" "$out" ||
		fail "no JSON line for client port $rport: $(cat "$out")"
done
pass "-4 -t --json: the two IPv4 accepts, exact JSON"

# --- -p: another process's accepts are not printed ---
start_tool tcpaccept -p 1 -P $P
"$TB_PROGS/tcp_pair" -p $P -n 1 >/dev/null 2>&1 || fail "tcp_pair failed"
stop_tool
[ "$(wc -l <"$out")" = 1 ] || fail "-p 1 let tcp_pair's accept through: $(cat "$out")"
pass "-p: nothing from another process"

# --- a forced kprobe where the kernel has none: compiled, then refused in one line ---
kprobe_refused tcpaccept "kretprobe 'inet_csk_accept'"
