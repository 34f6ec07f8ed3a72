#!/bin/sh
# Runs inside a VM tier guest (started by tests/vm/init): the timing probe, then the tests
# chosen for this guest, each bounded. Prints one marker line per test for the host:
#   TB-VM-TEST <name> <exit status> <seconds>
# and exits non-zero when any test failed (77 = skipped counts as passed, as in ctest).
export TB_BIN=$TB_BUILD/bin TB_PROGS=$TB_BUILD/tests/progs TB_TESTS=$TB_BUILD/tests
export TB_SRC HOME=/root TMPDIR=/tmp
cd /tmp
now() { cut -d' ' -f1 /proc/uptime; }
failed=0
# The busybox-only guests (tests/vm/mkbusybox.sh): the portable file is the only tracebox, and
# the workloads are the static ones. Its links are made here, as a user would.
if [ -x /opt/tracebox/tracebox ]; then
	t0=$(now)
	/opt/tracebox/tracebox --extract >/tmp/links.log 2>&1 &&
		mkdir -p /opt/tracebox/bin && /opt/tracebox/tracebox --install-links /opt/tracebox/bin >>/tmp/links.log 2>&1
	rc=$?
	sed 's/^/    /' /tmp/links.log
	echo "TB-VM-TEST vm/portable-unpack-and-links $rc $(echo "$(now) $t0" | awk '{ printf "%.1f", $1 - $2 }')"
	[ $rc = 0 ] || failed=1
	export TB_BIN=/opt/tracebox/bin TB_PROGS=$TB_BUILD/tests/progs-static
fi
# lists come over the kernel command line comma-separated
TB_VM_EXTRA=$(echo "${TB_VM_EXTRA:-}" | tr , ' ') TB_VM_ONLY=$(echo "${TB_VM_ONLY:-}" | tr , ' ')
TB_VM_SMOKE=$(echo "${TB_VM_SMOKE:-}" | tr , ' ')

# run_test NAME CMD...: runs one test with a time limit, its output indented on the console
run_test() {
	name=$1; shift
	t0=$(now)
	timeout -s KILL "${TB_VM_TEST_TIMEOUT:-1500}" "$@" >/tmp/test.log 2>&1
	rc=$?
	sed 's/^/    /' /tmp/test.log
	echo "TB-VM-TEST $name $rc $(echo "$(now) $t0" | awk '{ printf "%.1f", $1 - $2 }')"
	case $rc in 0|77) ;; *) failed=$((failed + 1)) ;; esac
}

# Start-up of one tool inside the guest: cold (clang compiles) and warm (the compile cache).
startup() {
	rm -f /tmp/startup.err
	"$TB_BIN/execsnoop" -v "$@" >/dev/null 2>/tmp/startup.err &
	pid=$!
	i=0
	until grep -q 'tracing with' /tmp/startup.err; do
		i=$((i + 1))
		if [ $i -gt 3000 ] || ! kill -0 $pid 2>/dev/null; then
			cat /tmp/startup.err; kill -KILL $pid 2>/dev/null; return 1
		fi
		sleep 0.1
	done
	kill -INT $pid; wait $pid
	echo "    exit status $? after SIGINT" >>/tmp/startup.log
	grep -E 'kernel headers|compiled|cache hit|start-up:' /tmp/startup.err | sed 's/^/    /' >>/tmp/startup.log
	sed -n 's/.*start-up: \([0-9]*\) ms.*/\1/p' /tmp/startup.err
}
tests_dir=$TB_SRC/tests/integration
if [ -n "$TB_VM_SMOKE" ]; then
	[ -b /dev/vda ] && export SMOKE_DISK=/dev/vda
	run_test vm/smoke sh "$TB_SRC/tests/vm/smoke.sh" $TB_VM_SMOKE
	exit $((failed > 0))
fi
if [ -n "$TB_VM_ONLY" ]; then
	[ -b /dev/vda ] && export SMOKE_DISK=/dev/vda # the file system tools' tests make it ext2
	for t in $TB_VM_ONLY; do run_test integration/$t sh "$tests_dir/$t.sh"; done
	exit $((failed > 0))
fi
echo "TB-VM-INFO guest=$TB_GUEST kernel=$(uname -r) btf=$([ -e /sys/kernel/btf/vmlinux ] && echo yes || echo no) kprobes=$([ -e /sys/bus/event_source/devices/kprobe/type ] && echo yes || echo no) cpus=$(nproc) mem_mb=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)"
# the cache is empty after boot: the first start compiles and stores, the second hits
: >/tmp/startup.log
cold=$(startup)
warm=$(startup)
cat /tmp/startup.log
echo "TB-VM-TIMING execsnoop_startup_cold_ms=$cold execsnoop_startup_warm_ms=$warm"
if [ -d "/lib/modules/$(uname -r)/build" ]; then
	# installed headers win (over BTF too): libbcc finds the guest's header tree (Debian
	# splits it: build/ has the generated files, source/ the rest; the message names source/)
	grep -Eq "kernel headers: installed headers at /lib/modules/$(uname -r)/(build|source) " /tmp/startup.log
	rc=$?; echo "TB-VM-TEST vm/installed-headers $rc 0"; [ $rc = 0 ] || failed=1
fi

# Every guest runs the smoke pass (every command once on a known workload, its output checked:
# each tool on the attach path this kernel gives it), then the deep tests of what only that
# kernel shows. The stock kernel is the same 6.1 as nobtf-6.1 to the tracepoint tools, so it
# runs the cases whose path BTF, fentry, LSM or Debian's split headers change (the others
# cost 7 of its 11 minutes and showed nothing nobtf-6.1's did not). The whole integration
# tests of the TCP tools ran here before (13 minutes for their dozen cold compiles a guest);
# the smoke's checks of their kprobe and fentry paths replaced them to keep CI within its
# hour (docs/testing.md). nobtf-6.1 runs the cases whose BPF reads kernel structs through 6.1's
# headers (their values checked at run time), less the TCP kprobe ones the stock guest's
# fentry variants read the same fields of; the others read only tracepoint arguments, user
# memory or perf samples: the same program on every kernel, run by the older guests and the
# host (6.18), and compiled against the 6.1 tree on the host (header_trees.sh). That cut
# 6 of its 11 minutes.
# 5.4 runs the same cases as nobtf-6.1 (the struct readers, with its kprobe TCP tools): the
# others' programs are 4.19's and 4.14's, which pass on those kernels' smaller verifier and on
# 6.18's, and compile against 5.4's tree on the host (header_trees.sh): 5.4's guest, which
# runs on one emulated CPU beside the other old guests (tests/vm/run.sh), took 5 of its 9 minutes on them.
# 4.14 leaves tcpconnlat and tcprtt, the same kprobe programs on 4.19 and 5.4, to those
# guests: under one emulated CPU their two compiles of the network headers took 3 minutes. It
# leaves to 4.19 too (which runs beside it, and ends before 5.4 does) the tools whose program
# is the same there: pidpersec (sched_process_fork), gethostlatency (uprobes), oomkill and
# tcpdrop (both SKIP in the guests: no memory cgroup, tcp_drop inlined) and tcpretrans
# (whose smoke case takes 4.14's kprobe variant wherever kprobes are: 100 s of compiling on
# 4.14), bindsnoop, solisten and tcpaccept (kprobes reading the same pre-5.6 struct sock on
# 4.19), drsnoop (vmscan's tracepoints), biotop (block_getrq) and tcptop (kprobes); capable
# (cap_capable's int audit, 4.14's alone), cpudist, offcputime and wakeuptime (the classic
# sched_switch and sched_waking tracepoints, 4.14's alone) stay. (drsnoop once hung 4.14's
# smoke pass: its --memcg, refused without memory cgroups, ran there, since 4.14 has the memcg
# tracepoints without them; it checks /proc/cgroups now.)
[ -b /dev/vda ] && export SMOKE_DISK=/dev/vda # the scratch disk qemu gives every guest
# (ext4slower: kiocb, file and dentry, by kprobes on ext4, which every guest has built in but
# the stock one, whose ext4.ko run.sh loads). The stock guest (BTF, fentry) runs the file
# system tools' fentry paths; 4.14 leaves ext4dist, vfsstat, filetop, filelife, dcsnoop, fileslower and
# cachestat to 4.19, where their kprobe programs are the same (no idmapping, page functions),
# and tcpconnect_dns to 4.19 and the stock guest (udp_recvmsg's kprobes reading a msghdr whose
# iov_iter is 4.14's on 4.19: int type, iov; 6.1's on the stock guest: u8 iter_type,
# ITER_UBUF). (Before 4.15 a tracepoint takes one program: 4.14's exclusions must leave no two
# cases on one tracepoint side by side in smoke.sh's pairs, as biosnoop and bitesize would be
# without mountsnoop between them.) 4.19, the longest of the three
# (1,094 s against 4.14's 647 and 5.4's 355 after it), leaves to 4.14 the cases whose program
# reads only perf samples, user memory, USDT arguments or the tracepoints' fields both kernels
# share, with no fact that differs between them: profile, sigsnoop, killsnoop, shmsnoop,
# hello, threadsnoop, bashreadline, ugc, javagc, funccount, hardirqs, softirqs and bitesize
# (337 s of its cases), and ttysnoop (tty_write by a kprobe in its old form on both).
# xfsslower and xfsdist run on the stock guest alone (xfs.ko, loaded at boot, and mkfs.xfs):
# the old kernels are built without XFS, where their cases (in ALL) skip saying so. The stock
# list puts each beside a case that does not use the scratch disk (they and ext4slower take
# turns on it).
struct_cases="tcpstates runqlat unlinksnoop bootstrap exitsnoop opensnoop tbdoctor execsnoop lsm_connect
	ext4slower"
case $TB_GUEST in
stock) run_test vm/smoke sh "$TB_SRC/tests/vm/smoke.sh" execsnoop unlinksnoop tcpconnlat \
	tcprtt lsm_connect tbdoctor ext4slower vfsstat xfsslower filetop xfsdist filelife dcsnoop \
	fileslower tcpconnect_dns ttysnoop ;;
nobtf-6.1) run_test vm/smoke sh "$TB_SRC/tests/vm/smoke.sh" $struct_cases ;;
nobtf-5.4) run_test vm/smoke sh "$TB_SRC/tests/vm/smoke.sh" $struct_cases tcpconnlat tcprtt mountsnoop ;;
nobtf-4.14) run_test vm/smoke env SMOKE_EXCLUDE="tcpconnlat tcprtt pidpersec gethostlatency oomkill \
	tcpdrop tcpretrans bindsnoop solisten tcpaccept drsnoop biotop tcptop ext4dist vfsstat filetop \
	filelife dcsnoop fileslower cachestat tcpconnect_dns" sh "$TB_SRC/tests/vm/smoke.sh" ;;
nobtf-4.19) run_test vm/smoke env SMOKE_EXCLUDE="profile sigsnoop killsnoop shmsnoop hello ttysnoop \
	threadsnoop bashreadline ugc javagc funccount hardirqs softirqs bitesize" \
	sh "$TB_SRC/tests/vm/smoke.sh" ;;
*) run_test vm/smoke sh "$TB_SRC/tests/vm/smoke.sh" ;;
esac
case $TB_GUEST in
nobtf-6.1)
	# classic headers with the host's userland: PPID, unlinksnoop forced onto kprobes, the
	# one-line error without headers (checks.sh); bashreadline: 6.1 reads an empty line as 0
	# bytes (the test types one). lsm-connect's refusal without BTF is the smoke pass's case.
	# The loader's every attach kind runs on the stock guest, the same 6.1 with kprobes too
	# (attach_all); detaching after SIGINT/SIGTERM on the host (detach.sh) and, for kprobes,
	# in every guest's smoke pass (no tracefs entry left) and oldkernel.sh (SIGKILL): 2.3
	# minutes here, cut to keep CI within its hour.
	run_test vm/checks sh "$TB_SRC/tests/vm/checks.sh"
	for t in bashreadline ${TB_VM_EXTRA:-}; do
		run_test integration/$t sh "$tests_dir/$t.sh"
	done
	;;
stock)
	# BTF, kprobes, fentry and BPF LSM with classic headers: the smoke ran the fentry paths;
	# lsm-connect enforcing for real; every attach kind of the loader
	run_test vm/checks sh "$TB_SRC/tests/vm/checks.sh"
	run_test integration/attach_all "$TB_TESTS/attach_all"
	for t in lsm-connect ${TB_VM_EXTRA:-}; do
		run_test integration/$t sh "$tests_dir/$t.sh"
	done
	;;
nobtf-*)
	# the old kernels, busybox alone: what differs there
	run_test vm/oldkernel sh "$TB_SRC/tests/vm/oldkernel.sh"
	# the multi-tools' programs, written from the command line, on kprobes and an old
	# verifier: 4.19 alone (each case a cold compile; the host has no kprobes)
	[ "$TB_GUEST" = nobtf-4.19 ] && run_test vm/smoke-kprobes sh "$TB_SRC/tests/vm/smoke.sh" \
		funccount_kprobe funclatency_kprobe stackcount_kprobe argdist_kprobe trace_kprobe
	# tcpconnect and tcplife where sock:inet_sock_set_state is missing (before 4.16): their
	# kprobe programs, the path the host cannot run; 4.19 and 5.4 take the tracepoint path
	# the host tests (and header_trees.sh compiles against their trees)
	[ "$TB_GUEST" = nobtf-4.14 ] && run_test vm/smoke-tcp-kprobes sh "$TB_SRC/tests/vm/smoke.sh" \
		tcpconnect tcplife
	;;
*)
	echo "guest.sh: unknown guest '$TB_GUEST'"; exit 2 ;;
esac
exit $((failed > 0))
