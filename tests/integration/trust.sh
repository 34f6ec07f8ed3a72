# Trust (docs/security.md): a root tool loads what it finds in its compile cache and compiles
# against its BTF header tree, so both must be root's alone. A forged but consistent entry, an
# entry of another owner or writable by its group, a symlinked objects/ or cache root and a
# swapped header file are each refused with one line (what, why, what to do), and the tool
# compiles afresh and still traces. A --bpf-file or tbrun FILE others can write is refused
# unless --trust-file says otherwise.
. "$(dirname "$0")/lib.sh"
require_root
[ -e /sys/kernel/btf/vmlinux ] || skip "this kernel has no BTF (the header tree cases need it)"
id nobody >/dev/null 2>&1 || skip "no user 'nobody' to own foreign files"

C=$WORK/cache
export TRACEBOX_CACHE_DIR=$C

# works [ARGS]: execsnoop -v ARGS sees exec_args' execs
works() {
	start_tool execsnoop "$@"
	"$TB_PROGS/exec_args" >"$WORK/workload.txt"
	stop_tool
	grep -q " 0 /bin/true alpha  beta gamma$" "$WORK/execsnoop.out" || fail "no events (execsnoop $*)"
}
# refused REGEXP: exactly one line of stderr says it, and it names a remedy
refused() {
	n=$(grep -c "$1" "$WORK/execsnoop.err")
	[ "$n" = 1 ] || fail "want one line matching \"$1\", got $n"
}
compiled() { grep -q "compiled execsnoop.bpf.c" "$WORK/execsnoop.err" || fail "$1: did not compile afresh"; }
entry() { ls "$C"/objects/*.tbo | head -1; }

works
[ -n "$(entry)" ] || fail "the first start saved no cache entry"
works
grep -q "compile cache hit" "$WORK/execsnoop.err" || fail "the second start did not use the cache"

"$TB_PROGS/forge_entry" "$(entry)" || fail "could not forge the entry"
works
refused "ignoring invalid compile cache entry '$C/objects/.*\.tbo': a map-loading instruction has no relocation; compiling instead"
compiled "forged entry"
pass "a forged but consistent entry (a map load without its relocation) is refused"

chown nobody "$(entry)"
works
refused "refusing compile cache entry '$C/objects/.*': '.*' is owned by another user than root (only root may write the cache: remove the entry); compiling instead"
compiled "foreign entry"
[ "$(stat -c %u "$(entry)")" = 0 ] || fail "the foreign entry was not replaced"
pass "an entry of another owner is refused and replaced"

chmod 660 "$(entry)"
works
refused "refusing compile cache entry .*: '.*' is writable by its group"
compiled "group-writable entry"
pass "a group-writable entry is refused"

chmod 770 "$C/objects"
works
refused "refusing compile cache folder '$C/objects': 'objects' is writable by its group (remove it, it is remade); compiling without the cache"
compiled "group-writable objects/"
chmod 700 "$C/objects"
pass "a group-writable objects/ is refused"

mv "$C/objects" "$WORK/elsewhere" && ln -s "$WORK/elsewhere" "$C/objects"
works
refused "refusing compile cache folder '$C/objects': 'objects' is a symbolic link"
compiled "symlinked objects/"
rm "$C/objects" && mv "$WORK/elsewhere" "$C/objects"
pass "a symlinked objects/ is refused"

ln -s "$C" "$WORK/link"
TRACEBOX_CACHE_DIR=$WORK/link works
refused "refusing cache directory '$WORK/link': '$WORK/link' is a symbolic link (.*); working without the cache"
compiled "symlinked cache root"
private=$(sed -n "s/.*building kernel headers from BTF in '\([^']*\)' (removed at exit).*/\1/p" "$WORK/execsnoop.err")
[ -n "$private" ] || fail "no private header tree was built"
[ -e "$private" ] && fail "the private header tree '$private' was left behind"
pass "a symlinked cache root is refused; headers built privately and removed"

tree=$(ls -d "$C"/btf-*/)
cp "$tree/include/tb/vmlinux.h" "$WORK/vmlinux.h" && chown nobody "$WORK/vmlinux.h"
mv "$WORK/vmlinux.h" "$tree/include/tb/vmlinux.h"
works --no-cache
refused "refusing kernel header tree '${tree%/}': './include/tb/vmlinux.h' is owned by another user than root (rebuilding it; .*)"
compiled "swapped header"
[ "$(stat -c %u "$tree/include/tb/vmlinux.h")" = 0 ] || fail "the swapped header was not rebuilt"
ln -sf /etc/hostname "$tree/include/linux/version.h"
works --no-cache
refused "refusing kernel header tree .*'./include/linux/version.h' is a symbolic link"
[ -L "$tree/include/linux/version.h" ] && fail "the symlinked header was not rebuilt"
pass "a swapped or symlinked header tree file is refused and the tree rebuilt"

"$TB_BIN/execsnoop" --dump-bpf >"$WORK/my.bpf.c" && chmod 666 "$WORK/my.bpf.c"
"$TB_BIN/execsnoop" --bpf-file "$WORK/my.bpf.c" >/dev/null 2>"$WORK/bpf.err" && fail "a world-writable --bpf-file was loaded"
[ "$(wc -l <"$WORK/bpf.err")" = 1 ] && grep -q "^execsnoop: refusing BPF file '$WORK/my.bpf.c': writable by others (mode 0666), .*--trust-file)$" "$WORK/bpf.err" ||
	fail "no one-line refusal of a world-writable --bpf-file: $(cat "$WORK/bpf.err")"
works --bpf-file "$WORK/my.bpf.c" --trust-file
refused "warning: loading BPF file '$WORK/my.bpf.c' although it is writable by others (mode 0666) (--trust-file)"
chmod 644 "$WORK/my.bpf.c" && chown nobody "$WORK/my.bpf.c"
"$TB_BIN/tbrun" "$WORK/my.bpf.c" >/dev/null 2>"$WORK/tbrun.err" && fail "tbrun loaded another user's file"
grep -q "^tbrun: refusing program '$WORK/my.bpf.c': owned by uid $(id -u nobody), not root or you" "$WORK/tbrun.err" ||
	fail "no refusal of another user's file by tbrun: $(cat "$WORK/tbrun.err")"
pass "--bpf-file and tbrun FILE refuse files others can write; --trust-file loads with a warning"
