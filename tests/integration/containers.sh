# BCC's container filters on this kernel: --cgroupmap and --mntnsmap take a hash map the user
# pinned in bpffs (BCC's layout) and keep only the processes whose cgroup v2 id (or mount
# namespace inode number) is one of its keys: execsnoop and opensnoop see a marker run inside
# and not one outside, whatever the map holds when they start (keys added later count);
# wrong maps are refused in one line; nothing is left attached.
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip "no bpftool to make the pinned maps with"
command -v unshare >/dev/null && command -v nsenter >/dev/null || skip "no unshare/nsenter (util-linux)"
bpffs=$(awk '$3 == "bpf" { print $2; exit }' /proc/mounts)
[ -n "$bpffs" ] || { mount -t bpf bpf /sys/fs/bpf 2>/dev/null && bpffs=/sys/fs/bpf; } ||
	skip "no bpffs and cannot mount one at /sys/fs/bpf"
maps=$bpffs/tb-containers-$$
mkdir "$maps" || fail "cannot make $maps"
cg=
cleanup_maps() { rm -rf "$maps"; [ -n "$cg" ] && rmdir "$cg" 2>/dev/null; [ -n "${NS_PID:-}" ] && kill "$NS_PID" 2>/dev/null; cleanup_test; }
trap cleanup_maps EXIT

# key_hex N: N as 8 little-endian bytes, as bpftool takes them
key_hex() { printf '%016x' "$1" | sed 's/../& /g' | awk '{ for (i = 8; i >= 1; i--) printf "%s ", $i }'; }
new_map() { bpftool map create "$maps/$1" type hash key 8 value "$2" entries 64 name "tb_$1" || fail "bpftool cannot create $1"; }

# --- --cgroupmap: execsnoop sees an exec in the cgroup, not one outside ---
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -n "$cg2" ] && cg=$cg2/tb-containers-$$ && mkdir "$cg" 2>/dev/null; then
	new_map cgroups 8
	start_tool execsnoop --cgroupmap "$maps/cgroups"
	ids=$(tool_prog_ids "$TOOL_PID")
	# the key goes in after the start: the program reads the user's map as it is now
	bpftool map update pinned "$maps/cgroups" key hex $(key_hex "$(stat -c %i "$cg")") value hex 01 00 00 00 00 00 00 00 ||
		fail "bpftool cannot add the cgroup's id"
	sh -c "echo \$\$ > '$cg/cgroup.procs' && exec /bin/echo tb-in-cgroup" >/dev/null
	/bin/echo tb-outside-cgroup >/dev/null
	stop_tool INT
	[ "$TOOL_RC" = 0 ] || fail "execsnoop --cgroupmap exited with $TOOL_RC"
	progs_gone $ids || fail "BPF programs left: $(progs_left $ids)"
	grep -q 'tb-in-cgroup' "$WORK/execsnoop.out" || fail "--cgroupmap: the exec in the cgroup is missing"
	grep -q 'tb-outside-cgroup' "$WORK/execsnoop.out" && fail "--cgroupmap: an exec outside the cgroup was printed"
	pass "execsnoop --cgroupmap: the exec in the cgroup alone; detached"
else
	echo "not tested: --cgroupmap (no cgroup2 mount where a directory can be made: ${cg2:-none})"
fi

# --- --mntnsmap: opensnoop sees an open in the namespace, not one outside ---
new_map mntns 4
unshare -m sleep 300 &
NS_PID=$!
i=0
while [ "$(stat -L -c %i /proc/$NS_PID/ns/mnt 2>/dev/null)" = "$(stat -L -c %i /proc/self/ns/mnt)" ]; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "unshare -m made no new mount namespace"
	sleep 0.1
done
ns=$(stat -L -c %i /proc/$NS_PID/ns/mnt)
bpftool map update pinned "$maps/mntns" key hex $(key_hex "$ns") value hex 01 00 00 00 ||
	fail "bpftool cannot add the namespace's inode number"
start_tool opensnoop --mntnsmap "$maps/mntns" -n open_files
ids=$(tool_prog_ids "$TOOL_PID")
mkdir -p "$WORK/tb-in-ns" "$WORK/tb-outside-ns"
nsenter -t "$NS_PID" -m "$TB_PROGS/open_files" "$WORK/tb-in-ns" >/dev/null 2>&1
"$TB_PROGS/open_files" "$WORK/tb-outside-ns" >/dev/null 2>&1
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "opensnoop --mntnsmap exited with $TOOL_RC"
progs_gone $ids || fail "BPF programs left: $(progs_left $ids)"
grep -q 'tb-in-ns' "$WORK/opensnoop.out" || fail "--mntnsmap: the open in namespace $ns is missing"
grep -q 'tb-outside-ns' "$WORK/opensnoop.out" && fail "--mntnsmap: an open outside namespace $ns was printed"
pass "opensnoop --mntnsmap: the open in mount namespace $ns alone; detached"

# --- wrong maps: one line each, before any compile ---
bpftool map create "$maps/array" type array key 4 value 8 entries 4 name tb_array || fail "bpftool cannot create an array"
for args in "--cgroupmap $maps/nonexistent" "--mntnsmap $maps/cgroups" "--cgroupmap $maps/array" "--mntnsmap /etc/passwd"; do
	[ -e "$maps/cgroups" ] || [ "${args#--mntnsmap $maps/cgroups}" = "$args" ] || continue
	"$TB_BIN/execsnoop" $args >/dev/null 2>"$WORK/bad.err" && fail "'$args' was accepted"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] || fail "'$args': $(wc -l <"$WORK/bad.err") lines: $(cat "$WORK/bad.err")"
	grep -qE "^execsnoop: (invalid|failed) .*--(cgroupmap|mntnsmap) '" "$WORK/bad.err" || fail "'$args': $(cat "$WORK/bad.err")"
done
pass "wrong maps refused in one line: $(cat "$WORK/bad.err")"
