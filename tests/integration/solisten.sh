# solisten on this kernel (the listen syscall's tracepoints; kprobes where the kernel has them):
# listen_ports listens on marker ports 23190 (IPv4) and 23191 (IPv6) with marker backlogs 37
# and 38, then on a socket it never bound (backlog 39: the kernel picks the port, which the
# line must show), then calls listen() on a UDP socket (refused) and a unix one: neither
# reported. Every line exact; --show-netns (this process's network namespace), -n, --json;
# no program left.
. "$(dirname "$0")/lib.sh"
require_root

P=23190 B=37
out=$WORK/solisten.out
start_held_workload() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/listen_ports' $P $B > '$WORK/workload.txt'" &
	holder=$!
}
release_workload() { echo go >"$fifo"; wait "$holder" || fail "listen_ports failed"; }
netns=$(stat -L -c %i /proc/self/ns/net)

# --- auto, --show-netns -p: the three listens, exactly ---
start_held_workload
start_tool solisten --show-netns -p "$holder"
ids=$(tool_prog_ids "$TOOL_PID")
release_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "solisten exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT: $(progs_left $ids)"
kprobe_or_tracepoint solisten
[ "$(head -1 "$out")" = "PID    COMM         NETNS        PROTO  BACKLOG  PORT  ADDR" ] ||
	fail "bad header: '$(head -1 "$out")'"
auto=$(awk '$1 == "autobind" { print $2 }' "$WORK/workload.txt")
[ -n "$auto" ] && [ "$auto" != 0 ] || fail "listen_ports did not say its autobound port"
# BCC: "%-6d %-12.12s %-12s %-6s %-8s %-5s %-39s" (the last column not padded here)
row() { printf '%-6d %-12.12s %-12s %-6s %-8s %-5s %s\n' "$@"; }
{
	row "$holder" listen_ports "$netns" TCPv4 $B $P 127.0.0.1
	grep -q '^no ipv6' "$WORK/workload.txt" || row "$holder" listen_ports "$netns" TCPv6 $((B + 1)) $((P + 1)) ::1
	row "$holder" listen_ports "$netns" TCPv4 $((B + 2)) "$auto" 0.0.0.0
} >"$WORK/want"
tail -n +2 "$out" >"$WORK/got"
same_lines "$WORK/got" "$WORK/want" || fail "listens: got
$(cat "$WORK/got")
want
$(cat "$WORK/want")"
pass "$METHOD: $(wc -l <"$WORK/want") listens exactly (marker ports and backlogs, the kernel's port for the unbound socket, NETNS); UDP and unix not reported"

# --- -n: this namespace keeps them, another drops them; --json ---
start_held_workload
start_tool solisten -n "$netns" --json -p "$holder"
release_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "solisten exited with $TOOL_RC after SIGTERM"
grep -qx "{\"pid\":$holder,\"comm\":\"listen_ports\",\"proto\":\"TCPv4\",\"backlog\":$B,\"port\":$P,\"addr\":\"127.0.0.1\"}" "$out" ||
	fail "-n $netns --json: no line of port $P: $(cat "$out")"
start_held_workload
start_tool solisten -n $((netns + 1)) -p "$holder"
release_workload
stop_tool
[ "$(wc -l <"$out")" = 1 ] || fail "-n $((netns + 1)) let listens through: $(cat "$out")"
pass "-n: this namespace's listens (JSON exact), none for another"

# --- a forced kprobe where the kernel has none: compiled, then refused in one line ---
kprobe_refused solisten "kprobe 'inet_listen'"
