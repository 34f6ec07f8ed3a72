# mountsnoop on this kernel: a workload in a mount namespace of its own mounts a tmpfs on a
# marker directory with known flags and options and unmounts it, fails a mount (ENOENT) and an
# umount (EINVAL), and goes through the new mount API where the kernel has it; each CALL line,
# the PID, TID and MNT_NS must match, with -P and --json.
. "$(dirname "$0")/lib.sh"
require_root

out=$WORK/mountsnoop.out
DIR=$WORK/marker
mkdir "$DIR"
DIR=$(cd "$DIR" && pwd -P)
"$TB_PROGS/mount_calls" "$WORK" >/dev/null 2>&1 && rm -rf "$WORK/mnt" || skip "this machine cannot mount a tmpfs in a new mount namespace"
run_workload() { "$TB_PROGS/mount_calls" "$DIR" >"$WORK/workload.txt" || fail "mount_calls: $(cat "$WORK/workload.txt")"; }
wpid() { awk '/^pid/ { print $2; exit }' "$WORK/workload.txt"; }
wns() { awk '/^mntns/ { print $2; exit }' "$WORK/workload.txt"; }
result() { awk -v l="$1" '$1 == l { print $2 }' "$WORK/workload.txt"; }

check_help_dump mountsnoop 'TRACEPOINT_PROBE(syscalls, sys_enter_mount)'

# --- text: every call's line ---
start_tool mountsnoop
run_workload
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "mountsnoop exited with $TOOL_RC after SIGINT"
[ "$(head -1 "$out")" = "COMM             PID     TID     MNT_NS      CALL" ] || fail "bad header: $(head -1 "$out")"
# check CALL: a line of the workload with its PID, TID and namespace, and exactly this call
check() {
	awk -v p="$(wpid)" -v ns="$(wns)" -v call="$1" \
		'$1 == "mount_calls" && $2 == p && $3 == p && $4 == ns && substr($0, index($0, $5)) == call { ok = 1 } END { exit !ok }' "$out" ||
		fail "no line '$1' by $(wpid) in mount namespace $(wns): $(grep mount_calls "$out")"
}
check "mount(\"\", \"/\", \"\", MS_REC|MS_PRIVATE, \"\") = 0"
check "mount(\"tb-marker\", \"$DIR/mnt\", \"tmpfs\", MS_NOSUID|MS_NODEV|MS_NOEXEC, \"size=1m,mode=0700\") = 0"
check "umount(\"$DIR/mnt\", MNT_DETACH) = 0"
check "mount(\"tb-marker\", \"$DIR/missing\", \"tmpfs\", MS_RDONLY, \"\") = -ENOENT"
check "umount(\"$DIR\", 0x0) = -EINVAL"
n=5
if [ -n "$(result fsopen)" ] && [ "$(result fsopen)" -ge 0 ]; then
	fs=$(result fsopen) m=$(result fsmount)
	check "fsopen(\"tmpfs\", FSOPEN_CLOEXEC) = $fs"
	check "fsconfig($fs, FSCONFIG_SET_STRING, \"size\", \"1m\", 0) = 0"
	check "fsconfig($fs, FSCONFIG_CMD_CREATE, \"\", \"\", 0) = 0"
	check "fsmount($fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY|MOUNT_ATTR_NOATIME) = $m"
	check "move_mount($m, \"\", AT_FDCWD, \"$DIR/mnt\", MOVE_MOUNT_F_EMPTY_PATH) = 0"
	check "umount(\"$DIR/mnt\", 0x0) = 0"
	n=11
fi
[ "$(grep -c '^mount_calls ' "$out")" = $n ] || fail "$(grep -c '^mount_calls ' "$out") lines of mount_calls, want $n"
[ "$(wns)" != "$(stat -L -c %i /proc/self/ns/mnt)" ] || fail "the workload did not get a mount namespace of its own"
pass "$n calls: flags as MS_* names, options, results and errnos, PID, TID, MNT_NS of the workload's own namespace"

# --- -P: the parent; --json ---
start_tool mountsnoop -P
run_workload
stop_tool TERM
[ "$TOOL_RC" = 0 ] || fail "mountsnoop exited with $TOOL_RC after SIGTERM"
[ "$(head -1 "$out")" = "COMM             PID     TID     PCOMM            PPID    MNT_NS      CALL" ] ||
	fail "bad -P header: $(head -1 "$out")"
awk -v p="$(wpid)" -v pp=$$ -v ns="$(wns)" '$2 == p && $5 == pp && $6 == ns && $4 != "" { n++ } END { exit n != '$n' }' "$out" ||
	fail "-P: not $n lines with PPID $$: $(grep mount_calls "$out")"
pass "-P: PCOMM and PPID"

start_tool mountsnoop --json
run_workload
stop_tool
grep -qF "{\"comm\":\"mount_calls\",\"pid\":$(wpid),\"tid\":$(wpid),\"mnt_ns\":$(wns),\"call\":\"umount(\\\"$DIR\\\", 0x0) = -EINVAL\"}" "$out" ||
	fail "JSON line of the failed umount not found: $(grep EINVAL "$out")"
json_check "$out" '.comm and .call' || fail "not one JSON object per line"
pass "--json"

# --- leaks ---
start_tool mountsnoop
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "mountsnoop running but holding no BPF program"
stop_tool TERM
progs_gone $ids || fail "BPF programs left: $(progs_left $ids)"
pass "nothing left attached ($(echo $ids | wc -w) programs gone)"
for args in "extra" "-p 1" "--mntnsmap /sys/fs/bpf/x"; do
	"$TB_BIN/mountsnoop" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	[ "$(wc -l < "$WORK/bad.err")" -ge 1 ] || fail "'$args': no error"
done
pass "bad input rejected"
