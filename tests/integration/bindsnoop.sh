# bindsnoop on this kernel (the bind syscall's tracepoints; kprobes where the kernel has them):
# bind_ports binds TCP and UDP sockets, IPv4 and IPv6, on marker ports below the ephemeral range
# (no connect of another test can hold them), each with one socket option, then fails a bind
# and binds a unix socket. Every line must be exactly BCC's, values included: address, port,
# protocol, OPTS letters, IF index, RC. Then -P, -U, -t, --json, -w, --count, --cgroupmap; no
# program left.
. "$(dirname "$0")/lib.sh"
require_root

P=23170
out=$WORK/bindsnoop.out
# the workload started by a shell that waits on a fifo, so its PID is known before it runs
start_held_workload() {
	fifo=$WORK/go; rm -f "$fifo"; mkfifo "$fifo"
	sh -c "read x < '$fifo'; exec '$TB_PROGS/bind_ports' $P > '$WORK/workload.txt'" &
	holder=$!
}
release_workload() { echo go >"$fifo"; wait "$holder" || fail "bind_ports failed"; }
# BCC's row: "%8d %-12.12s %-4.4s %-15.15s %5d %-5s %2d", after "%3s " RC with -E (rc_row)
row() { printf '%8d %-12.12s %-4.4s %-15.15s %5d %-5s %2d\n' "$@"; }
rc_row() { printf '%3s ' "$1"; shift; row "$@"; }

# --- auto, -E: every bind of the workload, the failed one too ---
start_held_workload
start_tool bindsnoop -E -p "$holder"
ids=$(tool_prog_ids "$TOOL_PID")
release_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "bindsnoop exited with $TOOL_RC after SIGINT"
kprobe_or_tracepoint bindsnoop
[ "$(sed -n 1p "$out")" = "Tracing binds... Hit Ctrl-C to end." ] || fail "no banner: $(sed -n 1p "$out")"
[ "$(sed -n 2p "$out")" = " RC      PID COMM         PROT ADDR             PORT OPTS  IF" ] ||
	fail "bad header: '$(sed -n 2p "$out")'"
v6=yes; grep -q '^no ipv6' "$WORK/workload.txt" && v6=
{
	h=$holder c=bind_ports
	rc_row 0 $h $c TCP 127.0.0.1 $P ...R. 0
	[ -n "$v6" ] && rc_row 0 $h $c UDP ::1 $((P + 1)) ....r 0
	rc_row 0 $h $c TCP 192.0.2.1 $((P + 2)) F.... 0
	rc_row 0 $h $c UDP 0.0.0.0 $((P + 3)) ..... 1
	[ -n "$v6" ] && rc_row 0 $h $c TCP :: $((P + 4)) .T... 0
	rc_row 0 $h $c TCP 127.0.0.1 0 ..N.. 0
	rc_row -98 $h $c TCP 0.0.0.0 0 ..... 0
} >"$WORK/want"
tail -n +3 "$out" >"$WORK/got"
same_lines "$WORK/got" "$WORK/want" || fail "binds: got
$(cat "$WORK/got")
want
$(cat "$WORK/want")"
pass "$METHOD: $(wc -l <"$WORK/want") binds exactly (v4${v6:+ and v6}, TCP and UDP, FTNRr and IF), the failed one with -98; the unix bind not reported"

# --- -P -U -t --json: two marker ports, no errors ---
start_held_workload
start_tool bindsnoop -P $P,$((P + 3)) -U -t --json -p "$holder"
release_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "bindsnoop exited with $TOOL_RC after SIGTERM"
[ "$(wc -l <"$out")" = 2 ] || fail "-P $P,$((P + 3)): not two lines: $(cat "$out")"
k='"uid":0,'
grep -Eq "^\{\"time_s\":0\.000000,${k}\"pid\":$holder,\"comm\":\"bind_ports\",\"prot\":\"TCP\",\"addr\":\"127\.0\.0\.1\",\"port\":$P,\"opts\":\"\.\.\.R\.\",\"if\":0\}$" "$out" ||
	fail "JSON line of port $P not found: $(cat "$out")"
grep -Eq "^\{\"time_s\":0\.[0-9]{6},${k}\"pid\":$holder,\"comm\":\"bind_ports\",\"prot\":\"UDP\",\"addr\":\"0\.0\.0\.0\",\"port\":$((P + 3)),\"opts\":\"\.\.\.\.\.\",\"if\":1\}$" "$out" ||
	fail "JSON line of port $((P + 3)) not found: $(cat "$out")"
pass "-P two ports -U -t --json: those two binds, exact JSON"

# --- -w -E: BCC's wide columns, the error by name ---
start_held_workload
start_tool bindsnoop -w -E -p "$holder"
release_workload
stop_tool
[ "$(sed -n 2p "$out")" = "RC                               PID COMM         PROT ADDR                                     PORT OPTS  IF" ] ||
	fail "bad -w header: '$(sed -n 2p "$out")'"
printf '%-25s %10d %-12.12s %-4s %-39s %5d %-5s %2d\n' "Address already in use" "$holder" bind_ports \
	TCP 0.0.0.0 0 ..... 0 >"$WORK/want"
grep -qxF "$(cat "$WORK/want")" "$out" || fail "-w: no line '$(cat "$WORK/want")': $(cat "$out")"
pass "-w -E: wide columns, the failed bind's error by name"

# --- --count: two runs of the workload, counted per address and port: IPv4 first, then most
# binds first, then by address; -P keeps the marker ports, which no other test binds ---
start_tool bindsnoop --count -P $P,$((P + 1)),$((P + 3))
"$TB_PROGS/bind_ports" $P >/dev/null && "$TB_PROGS/bind_ports" $P >/dev/null || fail "bind_ports failed"
stop_tool
{
	echo "Tracing binds... Hit Ctrl-C to end."
	echo
	printf '%-32s %20s     %-10s\n' LADDR LPORT BINDS
	printf '%-32s %20s     %-10d\n' 0.0.0.0 $((P + 3)) 2 127.0.0.1 $P 2
	[ -n "$v6" ] && printf '%-32s %20s     %-10d\n' ::1 $((P + 1)) 2
} >"$WORK/want"
cmp -s "$out" "$WORK/want" || fail "--count: got
$(cat "$out")
want
$(cat "$WORK/want")"
pass "--count -P: two binds per marker address and port, BCC's table in order"

# --- a forced kprobe where the kernel has none: compiled (header_trees.sh compiles it against
# the old kernels' headers), then refused in one line ---
kprobe_refused bindsnoop "kprobe 'inet_bind'"

# --- --cgroupmap: nothing while the workload's cgroup is not in the map, its binds once it is
# (the map is read at each bind) ---
bpffs=$(awk '$3 == "bpf" { print $2; exit }' /proc/mounts)
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if ! command -v bpftool >/dev/null || [ -z "$bpffs" ] || [ -z "$cg2" ]; then
	echo "no bpftool, bpffs or cgroup v2: --cgroupmap not tested here"
	exit 0
fi
map=$bpffs/tb-bindsnoop-$$
bpftool map create "$map" type hash key 8 value 8 entries 8 name tb_bindsnoop || fail "bpftool cannot create $map"
trap 'rm -f "$map"; cleanup_test' EXIT
start_tool bindsnoop --cgroupmap "$map" -P $P
"$TB_PROGS/bind_ports" $P >/dev/null || fail "bind_ports failed"
id=$(stat -c %i "$cg2$(sed -n 's/^0:://p' /proc/self/cgroup)")
bpftool map update pinned "$map" key hex $(printf '%016x' "$id" | sed 's/../& /g' |
	awk '{ for (i = 8; i >= 1; i--) printf "%s ", $i }') value hex 0 0 0 0 0 0 0 0 ||
	fail "cannot add cgroup $id to $map"
"$TB_PROGS/bind_ports" $P >"$WORK/workload.txt" || fail "bind_ports failed"
stop_tool
pid=$(awk '$1 == "pid" { print $2 }' "$WORK/workload.txt")
tail -n +3 "$out" >"$WORK/got"
row "$pid" bind_ports TCP 127.0.0.1 $P ...R. 0 >"$WORK/want"
cmp -s "$WORK/got" "$WORK/want" || fail "--cgroupmap: got '$(cat "$WORK/got")', want the second run's bind alone: '$(cat "$WORK/want")'"
pass "--cgroupmap: the bind of the cgroup's run alone, once its id is in the map"
