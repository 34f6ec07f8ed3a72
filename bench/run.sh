#!/bin/sh
# Benchmarks, side by side with BCC's Python tools where they run on this kernel.
#   sh bench/run.sh [REPEATS]    as root, after scripts/setup.sh; default 3 repeats;
#                                TB_BUILD=DIR for another build folder; TB_PORTABLE=FILE
#                                for another portable file than dist/tracebox
# Prints medians. Start-up: from exec to the tool's first output line (printed once its
# probes are attached), its CPU and peak RSS from the kernel, and anonymous RSS just after
# attaching. Storms: a bounded workload alone, then under each tracer: rate, events, lost,
# and the tracer's CPU. See docs/benchmarks.md.
set -u
cd "$(dirname "$0")/.."
R=${1:-3}
BUILD=${TB_BUILD:-build}
B=$BUILD/bin
TB=$BUILD/bench/tbbench
[ -x "$TB" ] || { echo "bench: build first: sh scripts/setup.sh" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "bench: run as root" >&2; exit 1; }
# BCC's tools compile against kernel headers too: give them the tree tracebox made. Only them:
# given BCC_KERNEL_SOURCE, tracebox would take that tree as a classic one (precompiled, not
# pruned) and the figures would not be its own
BTF_TREE=$(ls -d /var/cache/tracebox/btf-"$(uname -r)"-* 2>/dev/null | head -1)
BCC_TREE=${BCC_KERNEL_SOURCE:-$BTF_TREE}
unset BCC_KERNEL_SOURCE

# median KEY LINES...: the median of KEY=value over the lines on stdin
median() {
	grep -o "$1=[0-9.]*" | cut -d= -f2 | sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

repeat() { i=0; while [ $i -lt "$R" ]; do "$@"; i=$((i + 1)); done; }

startup_row() { # LABEL CMD...
	label=$1; shift
	out=$(repeat "$TB" start "$@" 2>/dev/null)
	if [ -z "$out" ]; then printf '%-28s %s\n' "$label" "(does not run here)"; return; fi
	printf '%-28s %9s %8s %10s %9s\n' "$label" "$(echo "$out" | median ready_ms)" \
		"$(echo "$out" | median cpu_ms)" "$(echo "$out" | median maxrss_kb)" \
		"$(echo "$out" | median anon_kb)"
}

storm_row() { # LABEL KIND N [CMD...]
	label=$1 kind=$2 n=$3; shift 3
	if [ $# = 0 ]; then out=$(repeat "$TB" storm "$kind" "$n"); else out=$(repeat "$TB" traced "$kind" "$n" "$@" 2>/dev/null); fi
	if [ -z "$out" ]; then printf '%-28s %s\n' "$label" "(does not run here)"; return; fi
	printf '%-28s %10s %9s %7s %8s\n' "$label" "$(echo "$out" | median rate)" \
		"$(echo "$out" | median events)" "$(echo "$out" | median lost)" "$(echo "$out" | median cpu_ms)"
}

bcc() { [ -x "/usr/sbin/$1-bpfcc" ] && [ -n "$BCC_TREE" ] && echo "env BCC_KERNEL_SOURCE=$BCC_TREE /usr/sbin/$1-bpfcc"; }

echo "tracebox benchmarks: $(uname -r), $(nproc) CPUs, $R repeats, medians"
echo
printf '%-28s %9s %8s %10s %9s\n' "start-up" "ready_ms" "cpu_ms" "maxrss_kB" "anon_kB"
for tool in execsnoop exitsnoop opensnoop runqlat hardirqs softirqs tcpstates biolatency; do
	[ -x "$B/$tool" ] || continue
	"$B/$tool" --help >/dev/null 2>&1 || continue
	startup_row "$tool (tracebox, cold)" "$B/$tool" --no-cache
	"$TB" start "$B/$tool" >/dev/null 2>&1 # fills the compile cache
	startup_row "$tool (tracebox, warm)" "$B/$tool"
	b=$(bcc "$tool") && startup_row "$tool (BCC python)" $b
done

# cold start, every tool that runs here: exec to attached with nothing cached (--no-cache),
# the parse of the kernel headers cut (the default) or not (TRACEBOX_PRUNE=0, TRACEBOX_PCH=0:
# every type, as before). On the BTF-made tree, then on a classic tree (the 6.1 test kernel's
# headers from ../shared, as on a machine without BTF) with each program's precompiled headers
# made first. BCC's Python tool beside each, on the same headers. COLD_REPEATS (default 1) runs each.
cold_row() { # LABEL CMD...: ready_ms and maxrss_kB medians
	label=$1; shift
	out=$(i=0; while [ $i -lt "${COLD_REPEATS:-1}" ]; do "$TB" start "$@" 2>/dev/null; i=$((i + 1)); done)
	printf ' %8s %8s' "$(echo "$out" | median ready_ms)" "$(echo "$out" | median maxrss_kb)"
}
cold_table() { # HEADERS-LABEL OFF-SWITCH
	echo
	echo "cold start on $1: ms to attached and peak RSS kB (whole headers | cut | BCC python)"
	printf '%-15s %8s %8s %8s %8s %8s %8s\n' tool whole_ms rss_kB cut_ms rss_kB bcc_ms rss_kB
	for tool in $COLD_TOOLS; do
		printf '%-15s' "$tool"
		# untimed first: the headers read once, the program's precompiled headers made
		env "$2=0" "$TB" start "$B/$tool" --no-cache >/dev/null 2>&1
		"$TB" start "$B/$tool" --no-cache >/dev/null 2>&1
		cold_row whole env "$2=0" "$B/$tool" --no-cache
		cold_row cut "$B/$tool" --no-cache
		if b=$(bcc "$tool"); then cold_row bcc $b; else printf ' %8s %8s' - -; fi
		echo
	done
}
COLD_TOOLS=$("$B/tbdoctor" --no-compile 2>/dev/null | awk '$1 == "OK" && $2 == "tool" && $4 == "runs:" { sub(":", "", $3); print $3 }' |
	grep -v -x -e ugc -e javagc)
cold_table "the BTF-made tree" TRACEBOX_PRUNE
SHARED=${TB_SHARED:-../shared}
if [ -e "$SHARED/kernels/nobtf-6.1/headers.tar.xz" ] && [ -x /usr/lib/llvm-14/bin/clang ]; then
	H61=$(mktemp -d)
	tar -xJf "$SHARED/kernels/nobtf-6.1/headers.tar.xz" -C "$H61"
	export BCC_KERNEL_SOURCE=$H61 BCC_TREE=$H61
	out=$("$TB" start "$B/runqlat" --no-cache 2>/dev/null)
	echo
	echo "runqlat's precompiled headers for the 6.1 tree, made by its first start: $(echo "$out" | median ready_ms) ms to attached"
	cold_table "classic 6.1 headers" TRACEBOX_PCH
	unset BCC_KERNEL_SOURCE; BCC_TREE=$BTF_TREE
	rm -rf "$H61"
fi

# the portable file (scripts/build-portable.sh), when built: the same tools through its static
# launcher and bundled loader, next to the dynamic build; its unpacking into a fresh cache
PORT=${TB_PORTABLE:-dist/tracebox}
if [ -x "$PORT" ]; then
	echo
	printf '%-28s %9s %8s %10s %9s\n' "portable start-up" "ready_ms" "cpu_ms" "maxrss_kB" "anon_kB"
	out=$(repeat sh -c 'd=$(mktemp -d); TRACEBOX_CACHE_DIR=$d/c "$1" start "$2" --extract; rm -rf "$d"' sh "$TB" "$PORT" 2>/dev/null)
	printf '%-28s %9s %8s %10s\n' "unpack (first run)" "$(echo "$out" | median ready_ms)" \
		"$(echo "$out" | median cpu_ms)" "$(echo "$out" | median maxrss_kb)"
	"$PORT" --extract >/dev/null
	startup_row "tracebox --help" "$PORT" --help
	startup_row "execsnoop --help (dynamic)" "$B/execsnoop" --help
	startup_row "execsnoop --help (portable)" "$PORT" execsnoop --help
	for tool in execsnoop runqlat tcpstates; do
		startup_row "$tool (dynamic, cold)" "$B/$tool" --no-cache
		startup_row "$tool (portable, cold)" "$PORT" "$tool" --no-cache
		"$TB" start "$B/$tool" >/dev/null 2>&1 # fills the compile cache
		startup_row "$tool (dynamic, warm)" "$B/$tool"
		startup_row "$tool (portable, warm)" "$PORT" "$tool"
	done
fi

echo
printf '%-28s %10s %9s %7s %8s\n' "storm" "rate/s" "events" "lost" "cpu_ms"
storm_row "exec x2000 (no tracer)" exec 2000
storm_row "exec x2000 execsnoop" exec 2000 "$B/execsnoop"
b=$(bcc execsnoop) && storm_row "exec x2000 BCC execsnoop" exec 2000 $b
if [ -x "$B/exitsnoop" ]; then
	storm_row "fork x5000 (no tracer)" fork 5000
	storm_row "fork x5000 exitsnoop" fork 5000 "$B/exitsnoop"
	b=$(bcc exitsnoop) && storm_row "fork x5000 BCC exitsnoop" fork 5000 $b
fi
if [ -x "$B/opensnoop" ]; then
	storm_row "open x100000 (no tracer)" open 100000
	storm_row "open x100000 opensnoop" open 100000 "$B/opensnoop"
fi

echo
echo "event path: 1,000,000 getppid() calls, one perf event each, counted without printing;"
echo "merged in time order unless 'unordered' (TRACEBOX_UNORDERED=1: each CPU's buffer in turn);"
echo "'hop': the storm moves to the other CPU every 1000 calls (out_of_order counts late events)"
for w in 64 16 1; do
	printf '%-24s ' "wakeup $w"
	"$BUILD/bench/evstorm" 1000000 --wakeup "$w" 2>/dev/null
done
printf '%-24s ' "wakeup 64 unordered"; TRACEBOX_UNORDERED=1 "$BUILD/bench/evstorm" 1000000 2>/dev/null
printf '%-24s ' "wakeup 64 hop"; "$BUILD/bench/evstorm" 1000000 --hop 1000 2>/dev/null
printf '%-24s ' "wakeup 64 hop unordered"; TRACEBOX_UNORDERED=1 "$BUILD/bench/evstorm" 1000000 --hop 1000 2>/dev/null
printf '%-24s ' "no tracer"; "$TB" storm getppid 1000000

# order, as a user sees it: 100 loopback connections with client and server on different CPUs,
# each socket's state changes checked to chain (one starts where the last ended)
PAIR=$BUILD/tests/progs/tcp_pair
if [ -x "$PAIR" ] && [ "$(nproc)" -ge 2 ]; then
	echo
	printf '%-34s %8s %14s\n' "tcpstates, 100 cross-CPU connections" "changes" "out_of_order"
	order_row() { # LABEL CMD...
		label=$1; shift
		"$@" >"$TMPD/ts.out" 2>/dev/null &
		tp=$!
		sleep "${WARM:-2}"
		"$PAIR" -x -n 100 >/dev/null 2>&1
		sleep 0.5; kill -TERM $tp; wait $tp 2>/dev/null
		awk -v l="$label" 'NR > 1 && NF >= 10 { sk = $1; n++
			if ((sk in last) && last[sk] != "CLOSE" && last[sk] != $(NF - 3)) bad++
			last[sk] = $(NF - 1) } END { printf "%-34s %8d %14d\n", l, n, bad }' "$TMPD/ts.out"
	}
	TMPD=$(mktemp -d)
	"$B/tcpstates" >/dev/null 2>&1 & sleep 3; kill -INT $! 2>/dev/null; wait $! 2>/dev/null # warm the cache
	order_row "tracebox (merged)" "$B/tcpstates" -4
	export TRACEBOX_UNORDERED=1
	order_row "tracebox unordered" "$B/tcpstates" -4
	unset TRACEBOX_UNORDERED
	WARM=4
	b=$(bcc tcpstates) && order_row "BCC tcpstates" $b -4
	rm -rf "$TMPD"
fi
