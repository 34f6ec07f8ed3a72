# argdist on this kernel: argdist_target calls functions with arguments of a known distribution
# (tests/progs/argdist_target.c); -H puts them in the right log2 buckets, -C counts each value
# exactly (one or several expressions, strings, return values, $entry and $latency), filters,
# labels, a tracepoint's fields, c:malloc with -p, USDT arguments, $COMM, -n/-d/-T, --json, the end of the traced
# process, and bad specifiers refused in one line naming the wrong part.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/argdist.out
T=$TB_PROGS/argdist_target

# section FILE TITLE [N]: the lines under the Nth (1st) title TITLE, up to the next title
section() {
	awk -v t="$2" -v n="${3:-1}" '$0 == t { on = ++k == n; next } on && /^[^ \t]/ { on = 0 } on' "$1"
}
# bucket FILE TITLE LOW [N]: the count in a histogram row "LOW -> HIGH : COUNT", 0 if none
bucket() {
	section "$1" "$2" "${4:-1}" |
		awk -v lo="$3" '$1 == lo && $2 == "->" { print $5; f = 1 } END { if (!f) print 0 }'
}
hist_total() { section "$1" "$2" "${3:-1}" | awk '$2 == "->" { n += $5 } END { print n + 0 }'; }

# --- help, --dump-bpf of a generated program ---
"$TB_BIN/argdist" --help >"$WORK/help.txt" 2>&1 || fail "--help failed"
grep -q '^EXAMPLES:' "$WORK/help.txt" || fail "--help has no EXAMPLES"
"$TB_BIN/argdist" --dump-bpf -H "p:$T:argdist_alloc(int size):int:size" \
	-C "r:$T:argdist_slow(int ms):int:\$entry(ms)" >"$WORK/dump.bpf.c" 2>&1 || fail "--dump-bpf failed"
grep -q '^BPF_HISTOGRAM(argdist_alloc_hash1, int, 65);$' "$WORK/dump.bpf.c" &&
	grep -q '^int argdist_alloc_probe1(struct pt_regs \*ctx, int size)$' "$WORK/dump.bpf.c" &&
	grep -q '^int argdist_slow_probe0_entry(struct pt_regs \*ctx, int ms)$' "$WORK/dump.bpf.c" ||
	fail "--dump-bpf: not one map and function per specifier: $(cat "$WORK/dump.bpf.c")"
pass "--help, --dump-bpf prints the generated program"

# --- bad specifiers: one line naming the wrong part, before anything is compiled ---
bad() {
	word=$1; shift
	"$TB_BIN/argdist" "$@" >/dev/null 2>"$WORK/bad.err" && fail "accepted: $*"
	[ "$(wc -l <"$WORK/bad.err")" = 1 ] || fail "$*: not one line: $(cat "$WORK/bad.err")"
	grep -qF -- "$word" "$WORK/bad.err" || fail "$*: no '$word' in: $(cat "$WORK/bad.err")"
}
bad "expected the signature in parentheses after 'p:c:malloc'" -C 'p:c:malloc'
bad "probe 'x:c:malloc': expected" -C 'x:c:malloc(int a):int:a'
bad "unknown type 'float'" -C 'p:c:malloc(size_t size):float:size'
bad 'expected STRCMP("TEXT", EXPRESSION)' -C 'p:c:malloc(size_t size):size_t:size:STRCMP(size, "x")'
bad "type 'size_t' but no expression" -C 'p:c:malloc(size_t size):size_t'
bad "no expression after type 'size_t'" -C 'p:c:malloc(size_t size):size_t:'
bad "2 types for 1 expression" -C 'p:c:malloc(size_t size):u64,u64:size'
bad "a histogram needs an expression" -H 'p:c:malloc(size_t size)'
bad "a histogram (-H) takes one expression, not 2" -H 'p:c:malloc(size_t size):u64,u64:size,size'
bad "'\$retval' is only known in return probes (r:)" -C 'p:c:malloc(size_t size):int:$retval'
bad "\$entry(sz): no parameter 'sz'" -H 'r:c:malloc(size_t size):u64:$entry(sz)'
bad "nothing matches 'argdist_nosuch'" -C "p:$T:argdist_nosuch(int a):int:a"
bad "no specifier" -i 1
if [ -e /sys/kernel/tracing/kprobe_events ] || [ -e /sys/kernel/debug/tracing/kprobe_events ]; then
	echo "(this kernel has kprobes: their refusal is not tested)"
else
	bad "probe 'p::__kmalloc': this kernel has no kprobes" -H 'p::__kmalloc(u64 size):u64:size'
fi
pass "bad specifiers refused in one line each"

# --- everything at once on one round of calls: exact counts ---
start_driven target "$T"
pid=$DRIVEN_PID
start_tool argdist -p "$pid" -i 100 7>&- \
	-H "p:$T:argdist_alloc(int size):int:size" \
	-C "p:$T:argdist_alloc(int size):int:size" \
	-C "p:$T:argdist_alloc(int size):int:size:size > 50#sizes over 50" \
	-C "p:$T:argdist_pair(int fd, long len):int,long:fd,len" \
	-C "p:$T:argdist_name(const char *s):char*:s" \
	-C "r:$T:argdist_slow(int ms):int,int:\$entry(ms),\$retval" \
	-C "r:$T:argdist_slow(int ms):int:\$entry(ms):\$latency >= 15000000#slow calls" \
	-H "r:$T:argdist_slow()" \
	-H 't:syscalls:sys_enter_write():u64:args->count:args->fd == 42' \
	-C 'p:c:malloc(size_t size):size_t:size:size == 8 || size == 100 || size == 5000' \
	-C "u:$T:alloc():int:arg1:arg1 > 50#usdt sizes" \
	-C "p:$T:argdist_pair():char*:\$COMM" \
	-C "p:$T:argdist_name(const char *s):char*:s:STRCMP(\"alpha\", s)#alpha only" \
	-C "p:$T:argdist_name(const char *s):char*:s:STRCMP(\"alph\", s)#no prefix" \
	-C "r:$T:argdist_name(const char *s):int:\$retval:STRCMP(\"beta\", \$entry(s))#beta returns"
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
drive_round target
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "argdist exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
[ "$(grep -cE '^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]$' "$out")" = 1 ] || fail "expected one [HH:MM:SS] header"

title="p:$T:argdist_alloc(int size):int:size"
# the -C of the same specifier is printed first (counts before histograms, as BCC)
[ "$(section "$out" "$title" 2 | head -1)" = '     size                : count     distribution' ] ||
	fail "-H: no BCC histogram header titled 'size'"
[ "$(bucket "$out" "$title" 8 2)" = 10 ] && [ "$(bucket "$out" "$title" 64 2)" = 20 ] &&
	[ "$(bucket "$out" "$title" 4096 2)" = 5 ] && [ "$(hist_total "$out" "$title" 2)" = 35 ] ||
	fail "-H: expected 10 in 8 -> 15, 20 in 64 -> 127, 5 in 4096 -> 8191, 35 in all"
pass "-H: 10 x 8, 20 x 100, 5 x 5000 in their log2 buckets"

printf '\t%-10s %s\n' COUNT EVENT 5 'size = 5000' 10 'size = 8' 20 'size = 100' >"$WORK/want"
section "$out" "$title" 1 >"$WORK/got"
cmp -s "$WORK/want" "$WORK/got" || fail "-C: expected, sorted by count:
$(cat "$WORK/want")
got:
$(cat "$WORK/got")"
pass "-C: the exact count of each value, ascending"

section "$out" "sizes over 50" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 5 'size = 5000' 20 'size = 100' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "filter and label: got $(cat "$WORK/got")"
grep -qF "size > 50#" "$out" && fail "the label did not replace the specifier as title"
pass "a filter keeps only matching calls; a label replaces the title"

section "$out" "p:$T:argdist_pair(int fd, long len):int,long:fd,len" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 4 'fd = 1, len = 10' 6 'fd = 2, len = 20' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "two expressions: got $(cat "$WORK/got")"
section "$out" "p:$T:argdist_name(const char *s):char*:s" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 2 's = beta' 3 's = alpha' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "strings: got $(cat "$WORK/got")"
pass "-C with two expressions (a struct key), char* strings"

section "$out" "r:$T:argdist_slow(int ms):int,int:\$entry(ms),\$retval" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 2 'ms = 1, $retval = 2' 3 'ms = 20, $retval = 40' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "\$entry, \$retval: got $(cat "$WORK/got")"
section "$out" "slow calls" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 3 'ms = 20' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "\$latency filter: got $(cat "$WORK/got")"
t="r:$T:argdist_slow()"
[ "$(section "$out" "$t" | head -1)" = '     retval              : count     distribution' ] &&
	[ "$(bucket "$out" "$t" 2)" = 2 ] && [ "$(bucket "$out" "$t" 32)" = 3 ] &&
	[ "$(hist_total "$out" "$t")" = 5 ] || fail "-H of a return probe's \$retval: $(section "$out" "$t")"
pass "return probes: \$retval, \$entry(param), \$latency in a filter, the default retval histogram"

t='t:syscalls:sys_enter_write():u64:args->count:args->fd == 42'
[ "$(section "$out" "$t" | head -1)" = '     args->count         : count     distribution' ] &&
	[ "$(bucket "$out" "$t" 64)" = 3 ] && [ "$(bucket "$out" "$t" 2048)" = 2 ] &&
	[ "$(hist_total "$out" "$t")" = 5 ] || fail "tracepoint -H: $(section "$out" "$t")"
pass "tracepoint -H on args->count, filtered by args->fd, -p in the program"

section "$out" 'p:c:malloc(size_t size):size_t:size:size == 8 || size == 100 || size == 5000' >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 5 'size = 5000' 10 'size = 8' 20 'size = 100' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "c:malloc -p: got $(cat "$WORK/got")"
pass "c:malloc with -p: libc's malloc in that process alone"

section "$out" "usdt sizes" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 5 'arg1 = 5000' 20 'arg1 = 100' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "USDT: got $(cat "$WORK/got")"
section "$out" "p:$T:argdist_pair():char*:\$COMM" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 10 '$COMM = argdist_target' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "\$COMM: got $(cat "$WORK/got")"
pass "USDT probe arguments (arg1, typed as the probe's), \$COMM"

section "$out" "alpha only" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 3 's = alpha' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "STRCMP filter: got $(cat "$WORK/got")"
section "$out" "no prefix" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "STRCMP matched a prefix: got $(cat "$WORK/got")"
section "$out" "beta returns" >"$WORK/got"
printf '\t%-10s %s\n' COUNT EVENT 2 '$retval = 0' >"$WORK/want"
cmp -s "$WORK/want" "$WORK/got" || fail "STRCMP of \$entry(s): got $(cat "$WORK/got")"
pass "STRCMP filters: the whole string, \$entry(param) in a return probe"

# --- --json; the traced process exits: the last report, then the end ---
start_tool argdist --json -p "$pid" -i 100 7>&- -H "p:$T:argdist_alloc(int size):int:size" \
	-C "p:$T:argdist_alloc(int size):int:size#alloc"
drive_round target
end_driven
wait_tool_exit 20
[ "$TOOL_RC" = 0 ] || fail "argdist exited with $TOOL_RC when the traced process ended"
grep -q "process $pid exited" "$WORK/argdist.err" || fail "no word of the process's end"
[ "$(wc -l <"$out")" = 2 ] || fail "--json: expected 2 lines"
json_check "$out" '.ts != null and (.probe | type) == "string"' || fail "--json: not JSON objects"
json_check "$out" 'select(.type == "hist") | .expr == "size" and .total == 35 and
	([.buckets[] | select(.low == 8 and .count == 10)] | length) == 1' ||
	fail "--json: histogram"
json_check "$out" 'select(.type == "count") | .probe == "alloc" and
	.counts == [{"count":5,"values":{"size":5000}},{"count":10,"values":{"size":8}},
		    {"count":20,"values":{"size":100}}]' || fail "--json: counts"
pass "--json: one object per specifier; the traced process's end ends the trace"

# --- intervals: -i 1 -n 3 -T 1 -c; -d 2 ends after 2 outputs ---
start_driven target2 "$T"
start_tool argdist -p "$DRIVEN_PID" -i 1 -n 3 -T 1 -c 7>&- -C "p:$T:argdist_alloc(int size):int:size"
drive_round target2
wait_tool_exit 10
[ "$TOOL_RC" = 0 ] || fail "-n 3 exited with $TOOL_RC"
[ "$(grep -cE '^\[[0-9:]{8}\]$' "$out")" = 3 ] || fail "-n 3: expected 3 outputs"
# -c: the round's counts stay in every later output (the round comes before the third)
[ "$(awk '/^\[/ { n++ } n == 3' "$out" | grep -cP '^\t20 +size = 100$')" = 1 ] ||
	fail "-c: the last output lost the counts"
grep -q '^$' "$out" && fail "a blank line in the output (BCC prints [HH:MM:SS] right after the last table)"
[ "$(head -1 "$out" | grep -cE '^\[[0-9:]{8}\]$')" = 1 ] || fail "the output does not start with [HH:MM:SS]"
grep -qP '^\t5 ' "$out" && fail "-T 1 printed more than the busiest value"
grep -qP '^\t20 +size = 100$' "$out" || fail "-T 1: the busiest value (100) not shown"
"$TB_BIN/argdist" -d 2 -C "p:$T:argdist_alloc(int size):int:size" >"$out" 2>&1 7>&- ||
	fail "-d 2 failed"
[ "$(grep -cE '^\[[0-9:]{8}\]$' "$out")" = 2 ] || fail "-d 2 -i 1: expected 2 outputs"
end_driven
pass "-i -n -T -c, -d"
