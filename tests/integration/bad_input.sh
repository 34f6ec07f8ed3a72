# Bad input across the tools (issue 19, part 4): each row of the table below runs one command
# line under a timeout and checks that it ends with a non-zero status that is not a signal, one
# line on stderr naming the bad input, no BPF program left that no process holds and no
# uprobe/kprobe entry left in tracefs. Two other kinds of rows: a process that exits while
# traced, and a truncated compile cache entry (both end normally, see the table).
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip "bpftool is needed to find BPF programs left behind"

# what the rows refer to (exported: each row runs in its own sh -c)
export PATH="$TB_BIN:$PATH" WORK P=$TB_PROGS EX="${TB_SRC:-$(dirname "$0")/../..}/examples"
true & wait $!; export GONE=$!                 # a process that existed and exited
kill -0 "$GONE" 2>/dev/null && skip "pid $GONE was reused at once"
printf 'not an ELF file\n' >"$WORK/notelf"; chmod 755 "$WORK/notelf"
: >"$WORK/empty"; chmod 755 "$WORK/empty"
strip -s -o "$WORK/stripped" "$P/usdt_target"  # no .symtab: tb_target_func is not exported
mkdir "$WORK/nohdr"                             # a kernel header tree with no headers in it
execsnoop --dump-bpf >"$WORK/good.bpf.c"
line=$(grep -n '^BPF_PERF_OUTPUT(events);' "$WORK/good.bpf.c" | cut -d: -f1)
sed "${line}s/^/this is not C;/" "$WORK/good.bpf.c" >"$WORK/syntax.bpf.c"
sed 's/if (!state)/if (0)/' "$WORK/good.bpf.c" >"$WORK/unsafe.bpf.c"
sed 's/TRACEPOINT_PROBE(syscalls, sys_exit_execveat)/int renamed_tb(struct tracepoint__syscalls__sys_exit_execveat *args)/' \
	"$WORK/good.bpf.c" >"$WORK/nofunc.bpf.c"
printf 'TRACEPOINT_PROBE(nosuch, event) { return 0; }\n' >"$WORK/notp.bpf.c"
cp "$WORK/good.bpf.c" "$WORK/loose.bpf.c" && chmod 666 "$WORK/loose.bpf.c"

# One row per case: KIND WORD COMMAND. KIND is
#   err    the command fails: status 1-127, one line on stderr containing WORD
#   ends   the traced process exits mid-run: the tool ends by itself, status 0 (the trace it
#          was asked for is complete; scripts follow `tool -p $pid` to its end), one line
#          containing WORD
#   cache  COMMAND runs twice with a cache of its own, its entry cut to WORD bytes in between
#          ("half": half its size): the second run says so in one line, compiles afresh and
#          succeeds (the entry is replaced)
# Commands run with sh -c; $WORK, $P (workloads), $EX (examples), $GONE (a pid that exited)
# and the files made above are there. Compiling rows cost about a second each.
rows=$(cat <<'EOF'
# --- flags and numbers ---
err  --bogus           execsnoop --bogus
err  extra             execsnoop extra
err  0                 execsnoop --max-args 0
err  no-such-user-tb   execsnoop -u no-such-user-tb
err  abc               execsnoop -P abc
err  (                 execsnoop -n '('
err  3                 execsnoop --perf-pages 3
err  -1                execsnoop --wakeup -1
err  99999999999       opensnoop -p 99999999999
err  -5                opensnoop -d -5
err  O_BOGUS           opensnoop -f O_BOGUS
err  3                 opensnoop -b 3
err  x1                exitsnoop -p x1
err  --utc            exitsnoop --utc=3
err  SIGBOGUS          sigsnoop -s SIGBOGUS
err  99                sigsnoop -s 99
err  -7                killsnoop -p -7
err  0                 runqlat 0
err  abc               runqlat 1 abc
err  -L                runqlat -P -L
err  1                 runqlat 1 1 1
err  -t                runqslower -p 1 -t 2
err  abc               runqslower abc
err  2                 runqslower 1 2
err  0                 runqslower -t 0
err  3600000001        runqslower 3600000001
err  -L                cpudist -P -L
err  abc               cpudist -p abc
err  0                 cpudist 1 0
err  3                 runqlen 1 2 3
err  abc               runqlen -C abc
err  option            runqlen -p 1
err  3                 cachestat 1 2 3
err  0                 cachestat 0
err  option            cachestat -C
err  -t                offcputime -p 1 -t 2
err  -U                offcputime -k -U
err  0                 offcputime -m 0
err  x                 offcputime --state x
err  nosuchdisk        biolatency -d nosuchdisk
err  -1                biolatency -- -1
err  -F                biolatency -D -F
err  nosuchdisk        biosnoop -d nosuchdisk
err  extra             biosnoop extra
err  MAXROWS           biotop -r 0
err  PID               biotop -p -5
err  count             biotop 1 abc
err  extra             biotop 1 2 extra
err  nosuchdisk        bitesize -d nosuchdisk
err  0123456789abcdefg bitesize -c 0123456789abcdefg
err  abc               bitesize 1 abc
err  99999             hardirqs -c 99999
err  0.0.1             hardirqs 0.0.1
err  -N                softirqs -C -N
err  x                 softirqs -c x
err  70000             tcpstates -L 70000
err  bogus             tcpstates --attach bogus
err  1,,2              tcpstates -D 1,,2
err  fentry            tcpstates --attach fentry
err  -4                tcpconnlat -4 -6
err  abc               tcpconnlat abc
err  1,,2              tcpconnect -P 1,,2
err  '-c'              tcpconnect -c -d
err  fentry            tcpconnect --attach fentry
err  nosuchuser_tb     tcpconnect -u nosuchuser_tb
err  1,,2              bindsnoop -P 1,,2
err  'x'               bindsnoop -x
err  fentry            bindsnoop --attach fentry
err  nosuchuser_tb     bindsnoop -u nosuchuser_tb
err  /nonexistent      bindsnoop --cgroupmap /nonexistent
err  0                 solisten -n 0
err  x                 solisten --netns x
err  't'               solisten -t
err  fentry            solisten --attach fentry
err  -4                tcpaccept -4 -6
err  1,,2              tcpaccept -P 1,,2
err  'L'               tcpaccept -L 80
err  /nonexistent      tcpaccept --mntnsmap /nonexistent
err  70000             tcplife -L 70000
err  abc               tcplife -D abc
err  -4                tcplife -4 -6
err  fentry            tcplife --attach fentry
err  -4                tcpretrans -4 -6
err  fentry            tcpretrans --attach fentry
err  extra             tcpretrans extra
err  -4                tcptop -4 -6
err  fentry            tcptop --attach fentry
err  PID               tcptop -p 0
err  interval          tcptop 0
err  -4                tcpdrop -4 -6
err  fentry            tcpdrop --attach fentry
err  0                 tcpdrop --netns-id 0
err  --pid-netns       tcpdrop --pid-netns 1 --netns-id 5
err  999.1.1.1         tcprtt -a 999.1.1.1
err  0                 tcprtt -i 0
err  0                 profile -F 0
err  abc               profile -c abc
err  -U                profile -U -K
err  0                 profile --stack-storage-size 0
err  0                 memleak -s 0
err  -Z                memleak -z 100 -Z 10
err  size              memleak --sort size,count
err  0                 bootstrap -d -3
err  abc               hello -p abc
err  nosuch            syscount --syscall nosuch
err  EBOGUS            syscount -e EBOGUS
err  0                 syscount -T 0
err  /nonexistent      syscount --cgroup /nonexistent
err  /nonexistent      profile --svg /nonexistent/cpu.svg 1
err  /nonexistent      offcputime --svg /nonexistent/offcpu.svg 1
err  /nonexistent      tbflame /nonexistent.folded
err  /nonexistent      execsnoop --cgroupmap /nonexistent
err  nowhere           runqlat --prometheus nowhere
err  abc               unlinksnoop --attach abc
err  extra             syncsnoop extra
err  abc               statsnoop -p abc
err  0                 statsnoop -x -p 0
err  extra             statsnoop -t extra
err  extra             mountsnoop -P extra
err  abc               threadsnoop -p abc
err  extra             threadsnoop extra
err  abc               gethostlatency -p abc
err  extra             gethostlatency extra
err  extra             oomkill extra
err  fentry            oomkill --attach fentry
err  abc               ext4slower abc
err  extra             ext4slower 1 extra
err  0                 ext4slower -j -p 0
err  3600001           ext4slower 3600001
err  fentry            ext4slower --attach fentry
err  0                 ext4dist 0
err  3                 ext4dist 1 2 3
err  abc               ext4dist -m -p abc
err  abc               xfsslower abc
err  extra             xfsslower 1 extra
err  0                 xfsslower -j -p 0
err  3600001           xfsslower 3600001
err  fentry            xfsslower --attach fentry
err  0                 xfsdist 0
err  3                 xfsdist 1 2 3
err  abc               xfsdist -m -p abc
err  tracepoint        xfsdist --attach tracepoint
err  0                 drsnoop -p 0
err  soon              drsnoop -T -d soon
err  no-such-user-tb   drsnoop -u no-such-user-tb
err  extra             drsnoop -n srv extra
err  -u                wakeuptime -p 1 -u
err  0                 wakeuptime -m 0
err  abc               wakeuptime abc
err  2                 wakeuptime 1 2
err  --mntnsmap        mountsnoop --mntnsmap /sys/fs/bpf/mnt_ns_set
err  abc               shmsnoop -p abc
err  abc               capable -p abc
err  fentry            capable --attach fentry
err  extra             capable -x extra
err  1                 pidpersec 1
err  0                 vfsstat 0
err  abc               vfsstat 1 abc
err  3                 vfsstat 1 2 3
err  PID               vfsstat -p 0
err  tracepoint        vfsstat --attach tracepoint
err  bytes             filetop -s bytes
err  0                 filetop -r 0
err  PID               filetop -p 0
err  3                 filetop 1 2 3
err  PID               fileslower -p 0
err  min_ms            fileslower 3600001
err  abc               fileslower abc
err  extra             fileslower 1 extra
err  tracepoint        fileslower --attach tracepoint
err  PID               filelife -p 0
err  extra             filelife extra
err  tracepoint        filelife --attach tracepoint
err  tracepoint        dcsnoop --attach tracepoint
err  extra             dcsnoop -a extra
err  device            ttysnoop
err  abc               ttysnoop abc
err  /dev/pts/99999    ttysnoop 99999
err  character         ttysnoop /etc/passwd
err  0                 ttysnoop -s 0 /dev/null
err  16385             ttysnoop -s 16385 /dev/null
err  257               ttysnoop -c 257 /dev/null
err  x                 ttysnoop -c x /dev/null
err  extra             ttysnoop /dev/null extra
err  tracepoint        ttysnoop --attach tracepoint /dev/null
err  0                 shmsnoop -T -t 0
err  soon              shmsnoop -d soon
err  extra             shmsnoop -n srv extra
err  /33               lsm-connect -a 10.0.0.1/33
err  70000             lsm-connect -P 70000
err  rule              lsm-connect
err  cobol             ugc -l cobol 1
err  PID               ugc
err  PID               javagc
err  abc               javagc -p 1 -t abc
err  --bogus           tbdoctor --bogus
err  --warm            tbdoctor --wait
err  --bogus           tblist --bogus
err  tb_no_such_tp     tblist 'tracepoint:syscalls:tb_no_such_tp'
err  bogus-event       tbrun --perf-event bogus-event=fn -e 'int fn(void *c) { return 0; }'
err  0                 tbrun -i 0 -e 'int fn(void *c) { return 0; }'
err  signature         argdist -C 'p:c:malloc'
err  float             argdist -C 'p:c:malloc(size_t size):float:size'
err  expression        argdist -C 'p:c:malloc(size_t size):size_t'
err  retval            argdist -C 'p:c:malloc(size_t size):int:$retval'
err  histogram         argdist -H 'p:c:malloc(size_t size)'
err  specifier         argdist -i 1
err  nosuchvar         argdist -n 1 -C 'p:c:malloc(size_t size):int:nosuchvar'
err  kprobes           argdist -H 'p::__kmalloc(u64 size):u64:size'
err  STRCMP            argdist -C 'p:c:malloc(size_t size):size_t:size:STRCMP(size, "x")'
err  level             funclatency -l 0 c:read
err  bytes             trace -B 'p:c:malloc (STRCMP("{0x100}", arg1))'
err  notelf            trace -s $WORK/notelf -U 'p:c:malloc'
# --- processes that do not exist, or exit while traced ---
err  $GONE             memleak -p $GONE
err  $GONE             profile -p $GONE
err  $GONE             javagc -p $GONE
err  $GONE             ugc -l python $GONE
err  $GONE             tbrun --usdt $GONE:tbtest:tick=fn -e 'int fn(void *c) { return 0; }'
err  $GONE             hello -p $GONE
err  $GONE             syscount -p $GONE
err  $GONE             threadsnoop -p $GONE
err  $GONE             gethostlatency -p $GONE
ends $PID              memleak -p $PID
ends $PID              javagc -p $PID
ends $PID              ugc -l python $PID
ends $PID              syscount -p $PID
ends $PID              threadsnoop -p $PID
ends $PID              gethostlatency -p $PID
# --- binaries: not ELF, empty, no symbols, missing; probes that do not exist ---
err  notelf            bashreadline -s $WORK/notelf
err  empty             bashreadline -s $WORK/empty
err  stripped          bashreadline -s $WORK/stripped
err  nonexistent       bashreadline -s /nonexistent/libreadline.so
err  notelf            threadsnoop -b $WORK/notelf
err  empty             threadsnoop -b $WORK/empty
err  nonexistent       threadsnoop -b /nonexistent/libc.so.6
err  getaddrinfo       $P/../progs-static/thread_spawn 1 3000 </dev/null | { read r pid; gethostlatency -p $pid; }
err  notelf            memleak -p 1 -O $WORK/notelf
err  notelf            tbrun --uprobe $WORK/notelf:main=fn -e 'int fn(void *c) { return 0; }'
err  tb_target_func    tbrun --uprobe $WORK/stripped:tb_target_func=fn -e 'int fn(void *c) { return 0; }'
err  nosuch_probe      tbrun --usdt $P/usdt_target:tbtest:nosuch_probe=fn -e 'int fn(void *c) { return 0; }'
err  notelf            tblist usdt:$WORK/notelf
err  nosuch            tbrun -e 'TRACEPOINT_PROBE(syscalls, sys_enter_nosuch) { return 0; }'
err  kprobe            unlinksnoop --attach kprobe
err  kprobe            capable --attach kprobe
err  kprobe            oomkill --attach kprobe
err  kprobe            bindsnoop --attach kprobe
err  kprobe            solisten --attach kprobe
err  kprobe            tcpaccept --attach kprobe
err  kprobes           ext4slower 0
err  kprobe            ext4slower --attach kprobe -p 1
err  kprobes           ext4dist
err  kprobe            ext4dist --attach kprobe -m 1
err  kprobes           xfsslower 0
err  kprobe            xfsslower --attach kprobe -p 1
err  kprobes           xfsdist
err  kprobe            xfsdist --attach kprobe -m 1
err  fentry            tcpconnlat --attach fentry
err  VFS               vfsstat
err  kprobe            vfsstat --attach kprobe
err  reads             filetop
err  kprobe            filetop --attach kprobe
err  reads             fileslower
err  kprobe            fileslower --attach kprobe
err  deletions         filelife
err  kprobe            filelife --attach kprobe
err  dcache            dcsnoop
err  kprobe            dcsnoop --attach kprobe
err  tty               ttysnoop /dev/null
err  kprobe            ttysnoop --attach kprobe /dev/null
# --- edited BPF files ---
err  missing.bpf.c     execsnoop --bpf-file $WORK/missing.bpf.c
err  syntax.bpf.c      execsnoop --bpf-file $WORK/syntax.bpf.c
err  unsafe.bpf.c      execsnoop --bpf-file $WORK/unsafe.bpf.c
err  sys_exit_execveat execsnoop --bpf-file $WORK/nofunc.bpf.c
err  loose.bpf.c       execsnoop --bpf-file $WORK/loose.bpf.c
err  syntax.bpf.c      opensnoop --bpf-file $WORK/syntax.bpf.c
err  syntax.bpf.c      tbrun $WORK/syntax.bpf.c
err  nosuch:event      tbrun $WORK/notp.bpf.c
err  notelf            tbrun $WORK/notelf
err  tb-test           tbrun $WORK
# --- kernel headers that cannot be used ---
err  nohdr             BCC_KERNEL_SOURCE=$WORK/nohdr execsnoop --no-cache
err  nonexistent       BCC_KERNEL_SOURCE=/nonexistent/headers execsnoop --no-cache
err  /nonexistent      tblist uprobe:/nonexistent:x
# --- compile cache entries cut short ---
cache 0                runqlat 1 1
cache 20               softirqs 1 1
cache half             tcprtt -d 1
EOF
)

n=0 failed=0 start=$(date +%s)
events_before=$(tb_probe_events)
printf "%s\n" "$rows" >"$WORK/rows"
while read -r kind word cmd; do
	case $kind in ''|'#'*) continue ;; esac
	# TB_ROWS=REGEX runs only the rows whose command matches (when mending one)
	[ -n "${TB_ROWS:-}" ] && ! echo "$cmd" | grep -qE -- "$TB_ROWS" && continue
	n=$((n + 1))
	row="row $n ($cmd)"
	before=$(max_prog_id)
	rc=0
	case $kind in
	err)
		timeout -k 5 60 sh -c "$cmd" >"$WORK/row.out" 2>"$WORK/row.err" </dev/null || rc=$?
		;;
	ends)
		# it lives 4 s, then reads EOF (it has USDT probes for javagc and ugc, and mallocs)
		sleep 4 | "$P/jvm/libjvm.so" hotspot >/dev/null 2>&1 &
		export PID=$!
		timeout -k 5 20 sh -c "$cmd" >"$WORK/row.out" 2>"$WORK/row.err" </dev/null || rc=$?
		wait
		;;
	cache)
		export TRACEBOX_CACHE_DIR=$WORK/cache-$n
		timeout -k 5 60 sh -c "$cmd" >/dev/null 2>"$WORK/row.err" </dev/null || fail "$row: first run failed: $(cat "$WORK/row.err")"
		entry=$(ls "$TRACEBOX_CACHE_DIR"/objects/*.tbo) || fail "$row: no cache entry"
		size=$(stat -c %s "$entry")
		[ "$word" = half ] && word=$((size / 2))
		truncate -s "$word" "$entry"
		timeout -k 5 60 sh -c "$cmd" >"$WORK/row.out" 2>"$WORK/row.err" </dev/null || rc=$?
		unset TRACEBOX_CACHE_DIR
		;;
	esac
	# the check
	lines=$(wc -l <"$WORK/row.err")
	why=
	case $kind in
	err)
		[ "$rc" = 124 ] && why="hung (killed after 60 s)"
		[ "$rc" -gt 128 ] && why="died of signal $((rc - 128))"
		[ "$rc" = 0 ] && why="succeeded"
		;;
	ends|cache) [ "$rc" = 0 ] || why="exit status $rc" ;;
	esac
	w=$(eval "printf '%s' \"$word\"")
	if [ -z "$why" ]; then
		if [ "$lines" != 1 ]; then why="$lines lines on stderr"
		elif [ "$kind" = cache ]; then
			grep -q "compile cache entry" "$WORK/row.err" || why="the cut entry was not reported"
			[ "$(stat -c %s "$entry")" -gt "$word" ] || why="the cut entry was not replaced"
		elif ! grep -qF -- "$w" "$WORK/row.err"; then why="the line does not name '$w'"
		fi
	fi
	left=$(unheld_progs_gone "$before") || why="${why:+$why; }BPF programs left: $left"
	[ "$(tb_probe_events)" = "$events_before" ] || why="${why:+$why; }tracefs probe entries left"
	if [ -n "$why" ]; then
		echo "FAIL $row: $why"
		sed 's/^/    /' "$WORK/row.err" | head -8
		echo fail >>"$WORK/failures"
	else
		echo "ok   $row: $(cat "$WORK/row.err")"
	fi
done <"$WORK/rows"
[ -s "$WORK/failures" ] && fail "$(wc -l <"$WORK/failures") of $n bad-input rows failed"
[ -n "${TB_ROWS:-}" ] || [ "$n" -ge 60 ] || fail "only $n rows"
pass "$n bad inputs: one line each, non-zero exit, nothing left ($(($(date +%s) - start)) s)"
