# cachestat: BCC's counts need kprobes (mark_page_accessed, add_to_page_cache_lru and
# mark_buffer_dirty, or their folio versions). Without kprobes (this machine) it refuses in one
# line before compiling, and the test ends there (77). With them: cache_rw reads a marker file
# of 256 pages twice (the first pass misses each page, the second hits), then writes it back and
# syncs (a dirtied buffer per page at least), each under its own run; intervals with -T, JSON,
# and nothing left attached.
. "$(dirname "$0")/lib.sh"
require_root
out=$WORK/cachestat.out
PAGES=256

"$TB_BIN/cachestat" 1 1 >"$out" 2>"$WORK/refused.err"; rc=$?
if grep -q "this kernel has no kprobes" "$WORK/refused.err"; then
	[ "$rc" = 1 ] && [ "$(wc -l <"$WORK/refused.err")" = 1 ] && [ ! -s "$out" ] ||
		fail "without kprobes: expected one line and status 1, got $rc: $(cat "$WORK/refused.err")"
	grep -q '^cachestat: failed to trace the page cache: this kernel has no kprobes' "$WORK/refused.err" ||
		fail "refusal: $(cat "$WORK/refused.err")"
	check_help_dump cachestat "on_accessed"
	skip "no kprobes here: refused in one line ($(cat "$WORK/refused.err")); --help and --dump-bpf checked"
fi
[ "$rc" = 0 ] || fail "cachestat 1 1 exited with $rc: $(cat "$WORK/refused.err")"
# a guest's root is tmpfs (whose pages are not the page cache cachestat counts): there the
# scratch disk is made a file system (ext4_dir skips without one)
if ! dir=$(disk_dir); then
	ext4_dir
	dir=$FS_DIR
fi
file=$dir/cachestat-marker
"$TB_PROGS/cache_rw" make "$file" $PAGES >/dev/null || fail "cache_rw make failed"
# col NAME: the column's value on the last line (the summary printed at Ctrl-C)
col() { awk -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) n = i; next } { v = $n } END { print v + 0 }' "$out"; }

# --- reads: one interval over both passes ---
start_tool cachestat 3600
ids=$(tool_prog_ids "$TOOL_PID")
[ -n "$ids" ] || fail "running but holding no BPF program"
"$TB_PROGS/cache_rw" read "$file" $PAGES >/dev/null || fail "cache_rw read failed"
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "cachestat exited with $TOOL_RC after SIGINT"
progs_gone $ids || fail "BPF programs left after exit: $(progs_left $ids)"
head -1 "$out" | grep -qE '^ +HITS +MISSES +DIRTIES +HITRATIO +BUFFERS_MB +CACHED_MB$' || fail "no BCC header"
grep -q "counting page cache accesses at kprobe \(folio_mark_accessed\|mark_page_accessed\)" "$WORK/cachestat.err" ||
	fail "-v: the accesses' function not named"
hits=$(col HITS) misses=$(col MISSES)
[ "$hits" -ge $PAGES ] && [ "$misses" -ge $PAGES ] ||
	fail "two reads of $PAGES pages: $hits hits and $misses misses, expected $PAGES each at least"
pass "two reads of $PAGES pages: $hits hits, $misses misses; detached"

# --- writes: each page written back and synced ---
start_tool cachestat 3600
"$TB_PROGS/cache_rw" write "$file" $PAGES >/dev/null || fail "cache_rw write failed"
stop_tool INT
dirties=$(col DIRTIES)
[ "$dirties" -ge $PAGES ] || fail "$PAGES pages written: $dirties buffers dirtied, expected $PAGES at least"
pass "$PAGES pages written back: $dirties buffers dirtied"

# --- intervals with -T, then exits by itself; JSON ---
"$TB_BIN/cachestat" -T 1 2 >"$out" 2>"$WORK/cachestat.err" || fail "cachestat -T 1 2 failed"
[ "$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2} +[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+% +[0-9]+ +[0-9]+$' "$out")" = 2 ] ||
	fail "-T 1 2: expected 2 lines with a time"
"$TB_BIN/cachestat" --json 1 1 >"$out" 2>"$WORK/cachestat.err" || fail "cachestat --json 1 1 failed"
json_check "$out" '(.hits >= 0) and (.misses >= 0) and (.hitratio <= 1) and (.cached_mb > 0) and has("accessed")' ||
	fail "--json: $(cat "$out")"
pass "interval and count, -T, JSON"
