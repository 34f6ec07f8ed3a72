# Kernel header resolution on this kernel (BTF, no headers installed): -v names the BTF-made
# tree; a cache directory with loose permissions is refused (the tool works without it); BCC_KERNEL_SOURCE pointing at
# another kernel's headers (the 6.1 tree of ../shared/kernels) is honoured with a mismatch
# warning, and the tools' BPF sources compile against those classic headers too.
. "$(dirname "$0")/lib.sh"
require_root
[ -e /sys/kernel/btf/vmlinux ] || skip "this kernel has no BTF"

start_tool execsnoop --no-cache
stop_tool
grep -q "kernel headers: BTF-made headers at .* (for $(uname -r))" "$WORK/execsnoop.err" ||
	fail "-v does not say the BTF-made tree was used: $(head -3 "$WORK/execsnoop.err")"
pass "BTF-made headers chosen and reported"

mkdir -m 755 "$WORK/loose"
TRACEBOX_CACHE_DIR=$WORK/loose start_tool execsnoop
stop_tool
grep -q "^execsnoop: warning: refusing cache directory '$WORK/loose': its mode is 0755, not 0700 (.*); working without the cache" "$WORK/execsnoop.err" ||
	fail "no clear warning for a loose cache dir: $(cat "$WORK/execsnoop.err")"
[ -z "$(ls "$WORK/loose")" ] || fail "something was written into the loose cache dir"
pass "cache directory with mode 0755 refused; the tool works without it"

tarball=${TB_SRC:-.}/../shared/kernels/nobtf-6.1/headers.tar.xz
[ -e "$tarball" ] || skip "no classic header tree to test with ($tarball)"
mkdir "$WORK/h61" && tar -xJf "$tarball" -C "$WORK/h61" || fail "cannot unpack $tarball"
BCC_KERNEL_SOURCE=$WORK/h61 start_tool execsnoop --no-cache
stop_tool
grep -q "warning: kernel headers at '$WORK/h61' are for 6.1.192, not the running $(uname -r)" "$WORK/execsnoop.err" ||
	fail "no mismatch warning: $(head -3 "$WORK/execsnoop.err")"
pass "classic 6.1 headers: execsnoop compiles and loads, with the mismatch warning"
