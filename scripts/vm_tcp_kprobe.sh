#!/bin/sh
# Manual check of the TCP tools' kprobe paths, which this machine's kernel cannot run: boots
# the no-BTF 6.1 kernel from ../shared/kernels under qemu (software emulation), with this
# machine's root shared read-only over virtio-9p, and runs tcpstates --attach kprobe,
# tcpconnlat (auto: kprobes there) and tcpconnlat --attach tracepoint on tcp_pair's loopback
# connections. Prints the tools' output; takes about 7 minutes (compiling over 9p under TCG).
# With "tcprtt" as second argument it runs tcprtt -e -b (kprobe there) and tcprtt -e -b
# --attach tracepoint on the same kind of connections instead.
#   sh scripts/vm_tcp_kprobe.sh [BUILD_DIR] [tcprtt]  (as root; needs qemu-system-x86 and busybox-static)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
KDIR=$SRC/../shared/kernels/nobtf-6.1
[ -d "$KDIR" ] || KDIR=$SRC/../../shared/kernels/nobtf-6.1
command -v qemu-system-x86_64 >/dev/null && command -v busybox >/dev/null ||
	{ echo "needs: apt-get install qemu-system-x86 busybox-static"; exit 77; }
[ -f "$KDIR/bzImage" ] || { echo "no test kernel at $KDIR"; exit 77; }

# Under /var/tmp, not /tmp: the guest mounts a tmpfs over /tmp.
VM=$(mktemp -d /var/tmp/tb-vm.XXXXXX)
trap 'rm -rf "$VM"' EXIT
mkdir -p "$VM/root/bin" "$VM/k61"
tar -xJf "$KDIR/headers.tar.xz" -C "$VM/k61"
cp "$(command -v busybox)" "$VM/root/bin/"
cat >"$VM/root/init" <<EOF2
#!/bin/busybox sh
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /mnt
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
ifconfig lo 127.0.0.1 up
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000 host /mnt
for d in tmp var/cache; do mount -t tmpfs tmpfs /mnt/\$d; done
mount -t proc proc /mnt/proc; mount -t sysfs sys /mnt/sys; mount -t devtmpfs dev /mnt/dev
mount -t tracefs tracefs /mnt/sys/kernel/tracing
chroot /mnt /bin/sh $VM/run.sh
poweroff -f
EOF2
chmod +x "$VM/root/init"
if [ "${2:-}" = tcprtt ]; then
cat >"$VM/run.sh" <<EOF2
export BCC_KERNEL_SOURCE=$VM/k61 PATH=/usr/sbin:/usr/bin:/sbin:/bin
cd /tmp
$BUILD/bin/tcprtt -v -e -b >rk.out 2>rk.err & RK=\$!
$BUILD/bin/tcprtt -v -e -b --attach tracepoint >rt.out 2>rt.err & RT=\$!
i=0
while [ \$i -lt 900 ] && [ "\$(cat rk.err rt.err | grep -c 'tracing with')" != 2 ]; do
	for p in \$RK \$RT; do kill -0 \$p 2>/dev/null || i=900; done
	sleep 1; i=\$((i + 1))
done
$BUILD/tests/progs/tcp_pair -d 100 -n 3
$BUILD/tests/progs/tcp_pair -6 -n 2
sleep 1
for p in \$RK \$RT; do kill -INT \$p 2>/dev/null; done; wait
for f in rk rt; do echo "=== \$f.err"; grep -v '^[0-9]*: \|^; ' \$f.err; echo "=== \$f.out"; cat \$f.out; done
EOF2
else
cat >"$VM/run.sh" <<EOF2
export BCC_KERNEL_SOURCE=$VM/k61 PATH=/usr/sbin:/usr/bin:/sbin:/bin
cd /tmp
$BUILD/bin/tcpstates -v --attach kprobe -w >ts.out 2>ts.err & TS=\$!
$BUILD/bin/tcpconnlat -v -L >cl.out 2>cl.err & CL=\$!
$BUILD/bin/tcpconnlat -v -L --attach tracepoint >clt.out 2>clt.err & CLT=\$!
i=0
while [ \$i -lt 900 ] && [ "\$(cat ts.err cl.err clt.err | grep -c 'tracing with')" != 3 ]; do
	for p in \$TS \$CL \$CLT; do kill -0 \$p 2>/dev/null || i=900; done
	sleep 1; i=\$((i + 1))
done
$BUILD/tests/progs/tcp_pair -d 100 -n 2
$BUILD/tests/progs/tcp_pair -6
$BUILD/tests/progs/tcp_pair -r
sleep 1
for p in \$TS \$CL \$CLT; do kill -INT \$p 2>/dev/null; done; wait
for f in ts cl clt; do echo "=== \$f.err"; grep -v '^[0-9]*: \|^; ' \$f.err; echo "=== \$f.out"; cat \$f.out; done
EOF2
fi
(cd "$VM/root" && find . | busybox cpio -o -H newc 2>/dev/null | gzip >"$VM/initrd.gz")
timeout 1500 qemu-system-x86_64 -accel tcg -cpu max -m 4096 -smp 2 -nographic -no-reboot \
	-kernel "$KDIR/bzImage" -initrd "$VM/initrd.gz" \
	-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
	-append "console=ttyS0 quiet panic=-1 rdinit=/init" </dev/null | sed -n '/^bound\|^===/,$p'
