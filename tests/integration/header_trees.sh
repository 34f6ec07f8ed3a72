# Every tool compiles against the header trees of the old test kernels (4.14, 4.19, 5.4, 6.1
# from ../shared/kernels), on this machine, in seconds: what the VM tier would find in minutes
# (4.19's container_of broke opensnoop -F there). The programs then load into this kernel too
# (their layouts are the old kernel's, so nothing is traced for real: the guests do that), which
# catches what the verifier refuses before any guest boots. The kernel facts come from the tree
# (task_struct's state member, do_unlinkat's argument), as they would on that kernel.
. "$TB_SRC/tests/integration/lib.sh"
require_root
shared=${TB_SHARED:-$TB_SRC/../shared}
[ -d "$shared/kernels" ] || shared=$TB_SRC/../../shared
[ -d "$shared/kernels" ] || skip "no test kernels' header trees (../shared/kernels; set TB_SHARED)"
trees=$(dirname "$TB_BIN")/header-trees
export TRACEBOX_CACHE_DIR=$WORK/cache # facts and objects of these trees stay out of the real cache

# tool and flags: the variants whose compiled code differs in what old kernels refuse
# (threadsnoop's and gethostlatency's -p add one compare; -p must name a process whose maps this
# host can read, which pid 1 in a sandbox may not be: their integration tests run it; tcpdrop's
# tracepoint variant reads this host's skb:kfree_skb format, whose enum skb_drop_reason kernels
# before 5.17 lack, and such a kernel takes its kprobe variant: that one is compiled here, the
# other by tcpdrop.sh)
variants="execsnoop|--max-args=60 opensnoop|-F exitsnoop| bootstrap| sigsnoop| killsnoop|
unlinksnoop|--attach=kprobe unlinksnoop|--attach=tracepoint hello| runqlat|-P runqlat|-L
hardirqs| softirqs| biolatency| biosnoop| bitesize| biotop| biotop|-p=1 bashreadline| tcpstates|--attach=kprobe tcpconnlat|--attach=kprobe
tcprtt|--attach=kprobe tcptop|--attach=kprobe tcptop|--attach=kprobe=-6=-p=1 tcpconnect| tcpconnect|-L tcpconnect|--attach=kprobe=-c=-U
tcpconnect|-d tcpconnect|--attach=kprobe=-d tcpconnect|--attach=kprobe=-d=-L=-6=-p=1
tcplife| tcplife|--attach=kprobe tcpretrans| tcpretrans|-c=-6 tcpretrans|-s tcpretrans|--attach=kprobe=-c tcpretrans|--attach=kprobe=-s
tcpdrop|--attach=kprobe tcpdrop|--attach=kprobe=-4=--netns-id=5 profile| memleak| syscount| syscount|-L funccount|c:malloc
funclatency|c:malloc funclatency|-l=4=-F=c:malloc stackcount|c:malloc argdist|-C=r:c:malloc():u64:\$retval
argdist|-C=p:c:puts(char*s):u64:1:STRCMP(\"ab\",s) syncsnoop|
statsnoop|-x statsnoop|-p=1 mountsnoop| mountsnoop|-P shmsnoop| shmsnoop|-t=1 threadsnoop|
runqslower|-P runqslower|-t=1 capable|--attach=kprobe capable|--attach=kprobe=-K=-U=--unique=-v=-p=1
capable|--attach=tracepoint=-K=-U=--unique pidpersec| gethostlatency| oomkill|--attach=kprobe
oomkill|--attach=tracepoint cpudist| cpudist|-P=-e cpudist|-O=-L=-I=-m
offcputime| offcputime|-K=-u=--state=2 offcputime|-U=-t=1=-m=10=-M=100
bindsnoop|--attach=tracepoint bindsnoop|--attach=tracepoint=-E=-P=80,81=--count
bindsnoop|--attach=kprobe bindsnoop|--attach=kprobe=-E=-u=0=-P=80=-p=1
solisten|--attach=tracepoint=-n=4026531840=-p=1 solisten|--attach=kprobe=-n=4026531840=-p=1
tcpaccept|--attach=tracepoint tcpaccept|--attach=tracepoint=-6=-P=80,81=-p=1
tcpaccept|--attach=kprobe=-4=-P=80=-p=1
drsnoop| drsnoop|--memcg=-t=1=-u=0 wakeuptime| wakeuptime|-p=1=-m=10=-M=100 wakeuptime|-u=-f
runqlen| runqlen|-C=-O cachestat|--compile-only
vfsstat|--attach=kprobe vfsstat|--attach=kprobe=-p=1 filetop|--attach=kprobe filetop|--attach=kprobe=-a=-p=1
filelife|--attach=kprobe filelife|--attach=kprobe=-p=1 dcsnoop|--attach=kprobe
ext4slower|--attach=kprobe ext4slower|--attach=kprobe=-j=-p=1=1 ext4dist|--attach=kprobe ext4dist|--attach=kprobe=-m=-p=1=1
xfsslower|--attach=kprobe=-p=1=0 xfsdist|--attach=kprobe=-p=1=1
fileslower|--attach=kprobe fileslower|--attach=kprobe=-a=-p=1=0
ttysnoop|--attach=kprobe=/dev/null ttysnoop|--attach=kprobe=-C=-s=1024=-c=64=/dev/null"
# one_tree VERSION: every variant against that tree; prints one line per variant compiled,
# or FAIL and the reason
one_tree() {
	k=$1
	tar=$shared/kernels/nobtf-$k/headers.tar.xz
	[ -e "$tar" ] || { echo "no $tar: skipped"; return; }
	if [ ! -e "$trees/$k/.complete" ]; then
		rm -rf "$trees/$k"; mkdir -p "$trees/$k"
		tar -xJf "$tar" -C "$trees/$k" && touch "$trees/$k/.complete" || { echo "FAIL cannot unpack $tar"; return; }
	fi
	for v in $variants; do
		tool=${v%%|*} flags=$(echo "${v#*|}" | tr = ' ')
		err=$WORK/err-$k
		rm -f "$err"
		# shellcheck disable=SC2086
		BCC_KERNEL_SOURCE=$trees/$k "$TB_BIN/$tool" --verbose --no-cache $flags >/dev/null 2>"$err" &
		pid=$!
		i=0
		until grep -q 'tracing with' "$err" 2>/dev/null; do
			kill -0 $pid 2>/dev/null || break
			i=$((i + 1)); [ $i -gt 600 ] && break
			sleep 0.1
		done
		if grep -q 'did not compile' "$err"; then
			# the precompiled headers (with clang-14 here) must serve every variant
			kill -KILL $pid 2>/dev/null; wait $pid
			echo "FAIL $tool $flags against $k's headers: $(grep 'did not compile' "$err")"
		elif grep -q 'tracing with' "$err"; then
			kill -INT $pid; wait $pid
			echo "ok $k $tool $flags"
		# a tool that needs kprobes refuses to start without them (cachestat): --compile-only
		# compiles it all the same
		elif case "$flags" in *--compile-only*) true ;; *) false ;; esac &&
			grep -q "compiled $tool.bpf.c" "$err" && wait $pid; then
			echo "ok $k $tool $flags (compiled only)"
		# kprobes and fentry are missing here: the variant compiled if only its attach failed (a
		# kretprobe first where a tool has no kprobe: tcpaccept; a program several tools share
		# has its own name: ext4slower's fsslower.bpf.c)
		elif grep -Eq "compiled [a-z0-9_-]+\.bpf\.c" "$err" && grep -Eq "failed to attach k(ret)?probe" "$err"; then
			wait $pid
			echo "ok $k $tool $flags (compiled; no kprobes here)"
		else
			kill -KILL $pid 2>/dev/null; wait $pid
			echo "FAIL $tool $flags against $k's headers: $(grep -E 'error|failed' "$err" | head -3)"
		fi
	done
}
# two trees at a time: a compile is one thread
(one_tree 4.14 >"$WORK/4.14"; one_tree 5.4 >"$WORK/5.4") &
one_tree 4.19 >"$WORK/4.19"; one_tree 6.1 >"$WORK/6.1"
wait
cat "$WORK/4.14" "$WORK/4.19" "$WORK/5.4" "$WORK/6.1" | grep -v '^ok' && fail "see above"
n=$(cat "$WORK/4.14" "$WORK/4.19" "$WORK/5.4" "$WORK/6.1" | grep -c '^ok')
[ "$n" -gt 0 ] || skip "no header tree found"
pass "$n compiles against the old kernels' header trees, each loaded here"
