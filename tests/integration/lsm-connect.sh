# lsm-connect: connects to the rules' destinations fail with EPERM and are reported DENY,
# others succeed and are reported ALLOW; --audit denies nothing; -m prints matches only; the
# rules are gone with the tool. Needs BPF LSM (the stock-kernel VM guest has it, booted with
# lsm=...,bpf); elsewhere the one-line refusal is checked and the test skips.
. "$(dirname "$0")/lib.sh"
require_root

check_help_dump lsm-connect "LSM_PROBE(socket_connect"

# --- bad input: one line, non-zero exit ---
for args in "" "-a 10.0.0.0/33" "-a ::/129" "-a host.example" "-a 10.0.0.1,," "-P 0" "-P 70000" "extra -P 1"; do
	"$TB_BIN/lsm-connect" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	head -1 "$WORK/bad.err" | grep -Eq '^lsm-connect: (invalid|unexpected|no rule)' ||
		fail "'$args': $(head -1 "$WORK/bad.err")"
done
pass "bad input rejected with one-line errors"

# --- where BPF LSM is unusable: one line saying why; the program must still compile ---
"$TB_BIN/lsm-connect" -P 1 >"$WORK/probe.out" 2>"$WORK/probe.err" &
TOOL_PID=$!
if ! wait_for_output "$WORK/probe.out" 120; then
	wait $TOOL_PID; rc=$?; TOOL_PID=
	[ $rc = 1 ] || fail "lsm-connect exited with $rc: $(cat "$WORK/probe.err")"
	[ "$(wc -l <"$WORK/probe.err")" = 1 ] || fail "refusal is not one line: $(cat "$WORK/probe.err")"
	grep -q "^lsm-connect: BPF LSM hook socket_connect unavailable: " "$WORK/probe.err" ||
		fail "refusal not explained: $(cat "$WORK/probe.err")"
	pass "refused in one line: $(cat "$WORK/probe.err")"
	# tbrun compiles the dumped program, then fails to load it: a compile error would show
	"$TB_BIN/tbrun" -v --no-cache "$WORK/dump.bpf.c" >/dev/null 2>"$WORK/compile.err" </dev/null &&
		fail "tbrun loaded the LSM program where lsm-connect could not"
	# refused at load with BTF; without BTF before loading, but after compiling
	grep -Eq "failed to (load LSM program 'lsm__socket_connect'( of '[^']*')?: |attach LSM program 'lsm__socket_connect': it needs kernel BTF)" "$WORK/compile.err" ||
		fail "does not compile here: $(cat "$WORK/compile.err")"
	grep -q "^tbrun: compiled " "$WORK/compile.err" || fail "tbrun did not compile: $(cat "$WORK/compile.err")"
	pass "the BPF program compiles here: $(grep '^tbrun: compiled' "$WORK/compile.err")"
	skip "BPF LSM unusable on this kernel: enforcement not tested"
fi
stop_tool
[ "$TOOL_RC" = 0 ] || fail "lsm-connect -P 1 exited with $TOOL_RC after SIGINT"

L1=40401 L2=40402
# run_case NAME TOOL-ARGS -- TARGETS...: the tool attached, connect_to run once, the tool
# stopped; the workload's results in $WORK/NAME.res ("TARGET RESULT"), the tool's lines for
# the workload's pid in $WORK/NAME.got ("IP TYPE DADDR DPORT VERDICT")
run_case() {
	case_name=$1; shift # not "name": start_tool sets that
	args=""
	while [ "$1" != "--" ]; do args="$args $1"; shift; done
	shift
	start_tool lsm-connect $args
	ids=$(tool_prog_ids "$TOOL_PID")
	"$TB_PROGS/connect_to" -L $L1 -L $L2 "$@" >"$WORK/$case_name.res" || fail "connect_to failed"
	stop_tool
	[ "$TOOL_RC" = 0 ] || fail "lsm-connect$args exited with $TOOL_RC"
	mv "$WORK/lsm-connect.out" "$WORK/$case_name.out"
	mv "$WORK/lsm-connect.err" "$WORK/$case_name.err"
	wpid=$(awk '/^pid/ { print $2 }' "$WORK/$case_name.res")
	awk -v p="$wpid" '$2 == p { print $4, $5, $6, $7, $8 }' "$WORK/$case_name.out" >"$WORK/$case_name.got"
	progs_gone $ids || fail "BPF programs left after$args: $(progs_left $ids)"
}
# expect NAME FILE LINE...: FILE of case NAME holds exactly these lines (in any order)
expect() {
	n=$1 f=$2; shift 2
	printf '%s\n' "$@" >"$WORK/want"
	same_lines "$WORK/$n.$f" "$WORK/want" || fail "$n: $f: got '$(cat "$WORK/$n.$f")', want '$(cat "$WORK/want")'"
}

# --- addresses: IPv4, IPv6, v4-mapped IPv6, a datagram socket ---
run_case addr -a 127.0.0.2 -a ::1/128 -- 127.0.0.1:$L1 127.0.0.2:$L1 "[::1]:$L1" \
	"[::ffff:127.0.0.2]:$L1" "[::ffff:127.0.0.1]:$L1" udp:127.0.0.2:$L1
expect addr res "pid $wpid" "127.0.0.1:$L1 ok" "127.0.0.2:$L1 EPERM" "[::1]:$L1 EPERM" \
	"[::ffff:127.0.0.2]:$L1 EPERM" "[::ffff:127.0.0.1]:$L1 ok" "udp:127.0.0.2:$L1 EPERM"
expect addr got "4 STREAM 127.0.0.1 $L1 ALLOW" "4 STREAM 127.0.0.2 $L1 DENY" \
	"6 STREAM ::1 $L1 DENY" "6 STREAM ::ffff:127.0.0.2 $L1 DENY" \
	"6 STREAM ::ffff:127.0.0.1 $L1 ALLOW" "4 DGRAM 127.0.0.2 $L1 DENY"
grep -Eq "^lsm-connect: [0-9]+ connects: [0-9]+ allowed, 4 denied, 0 audited$" "$WORK/addr.err" ||
	fail "no totals line with 4 denied: $(cat "$WORK/addr.err")"
pass "-a 127.0.0.2 -a ::1/128: denied with EPERM and reported, others allowed; $(grep " connects: " "$WORK/addr.err")"

# --- ports, and a prefix with a port: both must match ---
run_case port -P $L2 -- 127.0.0.1:$L1 127.0.0.1:$L2 "[::1]:$L2"
expect port res "pid $wpid" "127.0.0.1:$L1 ok" "127.0.0.1:$L2 EPERM" "[::1]:$L2 EPERM"
run_case both -a 127.0.0.0/8 -P $L2 -- 127.0.0.1:$L1 127.0.0.3:$L2 "[::1]:$L2"
expect both res "pid $wpid" "127.0.0.1:$L1 ok" "127.0.0.3:$L2 EPERM" "[::1]:$L2 ok"
expect both got "4 STREAM 127.0.0.1 $L1 ALLOW" "4 STREAM 127.0.0.3 $L2 DENY" "6 STREAM ::1 $L2 ALLOW"
pass "-P, and -a PREFIX -P (both must match)"

# --- --audit denies nothing; -m prints only matches; --json ---
run_case audit --audit -m -P $L2 -- 127.0.0.1:$L1 127.0.0.1:$L2
expect audit res "pid $wpid" "127.0.0.1:$L1 ok" "127.0.0.1:$L2 ok"
expect audit got "4 STREAM 127.0.0.1 $L2 AUDIT"
run_case json --json -a 127.0.0.2 -- 127.0.0.2:$L1
json_check "$WORK/json.out" "if .pid == $wpid then .ip == 4 and .type == \"STREAM\" and .daddr == \"127.0.0.2\" and .dport == $L1 and .verdict == \"DENY\" and .comm == \"connect_to\" else true end" ||
	fail "JSON: $(cat "$WORK/json.out")"
grep -q "\"pid\":$wpid," "$WORK/json.out" || fail "JSON: no line for the workload: $(cat "$WORK/json.out")"
pass "--audit -m: allowed and reported AUDIT, ALLOW lines hidden; --json"

# --- the rules end with the tool ---
"$TB_PROGS/connect_to" -L $L1 127.0.0.2:$L1 >"$WORK/after.res"
grep -q "127.0.0.2:$L1 ok" "$WORK/after.res" || fail "still denied after the tool ended: $(cat "$WORK/after.res")"
pass "nothing denied and no BPF program left after SIGINT"
