# ugc on this kernel: Debian's python3.11 (USDT python:gc__start/gc__done, guarded by
# semaphores) runs gc.collect() a known number of times per round; a JVM (hotspot:gc__* and
# mem__pool__gc__*) calls System.gc(). ugc must report each GC with its description, raise the
# semaphores while tracing and restore them after, leave the process working, honour -l, -m,
# -M, -F and --json, detect the language, and end by itself when the process exits.
. "$(dirname "$0")/lib.sh"
require_root
PY=/usr/bin/python3.11
[ -x $PY ] || skip "$PY (Debian's python3.11) is not installed"
readelf -n $PY | grep -q 'Name: gc__start' || skip "$PY has no USDT probes"
N=3
out=$WORK/ugc.out
body() { tail -n +3 "$out"; }

# sem_value PID BINARY PROBE: the 16-bit semaphore of python:PROBE in process PID, read from
# /proc/PID/mem at the address its stapsdt note gives (plus the load base for PIE).
sem_value() {
	sem=$(readelf -n "$2" | awk -v p="$3" '$1 == "Provider:" { prov = $2 } $1 == "Name:" { name = $2 }
		$1 == "Location:" && prov == "python" && name == p { print $NF; exit }')
	addr=$((sem))
	if readelf -h "$2" | grep -q 'DYN'; then
		base=$(awk -v f="$2" '$6 == f && $3 == "00000000" { print $1; exit }' "/proc/$1/maps" | cut -d- -f1)
		addr=$((addr + 0x$base))
	fi
	dd if="/proc/$1/mem" bs=2 count=1 iflag=skip_bytes skip=$addr 2>/dev/null | od -An -tu2 | tr -d ' '
}

start_driven py $PY "$TB_SRC/tests/progs/gc_loop.py" $N
P=$DRIVEN_PID
[ "$(sem_value "$P" $PY gc__start)" = 0 ] || fail "gc__start semaphore not 0 before tracing"

# --- -l python: N collections of generation 2, each collecting the 100 cycles made ---
start_tool ugc -l python "$P" 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
[ "$(sem_value "$P" $PY gc__start)" -ge 1 ] && [ "$(sem_value "$P" $PY gc__done)" -ge 1 ] ||
	fail "semaphores not raised while tracing: $(sem_value "$P" $PY gc__start)"
drive_round py
stop_tool INT
[ "$TOOL_RC" = 0 ] || fail "ugc exited with $TOOL_RC after SIGINT"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after SIGINT"
sed -n 1p "$out" | grep -q "^Tracing garbage collections in python process $P... Ctrl-C to quit.$" || fail "no banner"
sed -n 2p "$out" | grep -q '^START    TIME (us) DESCRIPTION$' || fail "bad header: $(sed -n 2p "$out")"
n=$(body | grep -cE '^[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{2} +gen 2 GC collected ([0-9]{3,}) objects$')
[ "$n" = $N ] || fail "$n generation-2 GCs reported for $N gc.collect() calls: $(cat "$out")"
body | awk '{ if ($6 < 100) bad = 1 } END { exit bad }' || fail "fewer objects collected than made"
[ "$(sem_value "$P" $PY gc__start)" = 0 ] && [ "$(sem_value "$P" $PY gc__done)" = 0 ] ||
	fail "semaphores not restored after exit: $(sem_value "$P" $PY gc__start) $(sem_value "$P" $PY gc__done)"
drive_round py # the process runs on unchanged, with nothing attached
pass "$N Python GCs with objects collected; semaphores raised while tracing, 0 after"

# --- killed with SIGKILL, ugc cannot lower the semaphores itself: where the kernel has the
# uprobe reference counter it holds them, and lowers them when the uprobes go ---
if [ -r /sys/bus/event_source/devices/uprobe/format/ref_ctr_offset ]; then
	start_tool ugc -l python "$P" 7>&-
	grep -q "semaphore of python:gc__start held by the kernel" "$WORK/ugc.err" || fail "semaphore not handed to the kernel: $(cat "$WORK/ugc.err")"
	[ "$(sem_value "$P" $PY gc__start)" -ge 1 ] || fail "semaphore not raised while tracing"
	kill -KILL "$TOOL_PID"; wait "$TOOL_PID"; TOOL_PID=
	i=0
	until [ "$(sem_value "$P" $PY gc__start)" = 0 ] && [ "$(sem_value "$P" $PY gc__done)" = 0 ]; do
		i=$((i + 1)); [ $i -gt 50 ] && fail "semaphores left raised by a killed ugc"
		sleep 0.1
	done
	drive_round py
	pass "semaphores restored even after SIGKILL (kernel reference counter)"
fi

# --- detected language, -m, -F, -M ---
start_tool ugc -m -F "gen 2" "$P" 7>&-
grep -q "process $P is a python process" "$WORK/ugc.err" || fail "language not detected: $(cat "$WORK/ugc.err")"
drive_round py
stop_tool TERM
sed -n 2p "$out" | grep -q '^START    TIME (ms) DESCRIPTION$' || fail "-m header: $(sed -n 2p "$out")"
[ "$(body | grep -c 'gen 2 GC')" = $N ] || fail "-m -F lost GCs: $(cat "$out")"
body | awk '$2 > 1000 { bad = 1 } END { exit bad }' || fail "-m: times not in ms"
start_tool ugc -F "gen 1" "$P" 7>&-
drive_round py
stop_tool
[ -z "$(body)" ] || fail "-F 'gen 1' let gen 2 through"
start_tool ugc -M 100000 "$P" 7>&-
drive_round py
stop_tool
[ -z "$(body)" ] || fail "-M 100000 let short GCs through"
pass "language detected; -m, -F, -M"

# --- JSON; the process exits and ugc ends by itself ---
start_tool ugc --json -l python "$P" 7>&-
ids=$(tool_prog_ids "$TOOL_PID")
drive_round py
end_driven
wait_tool_exit 30
[ "$TOOL_RC" = 0 ] || fail "ugc exited with $TOOL_RC when python ended"
grep -q "^ugc: process $P exited; stopping$" "$WORK/ugc.err" || fail "no exit message: $(cat "$WORK/ugc.err")"
[ -z "$(progs_left $ids)" ] || fail "BPF programs left after python exited"
n=$(grep -cE '^\{"start":[0-9.]+,"time_us":[0-9.]+,"description":"gen 2 GC collected [0-9]+ objects"\}$' "$out")
# python collects again while exiting: at least N
[ "$n" -ge $N ] || fail "$n JSON GCs: $(cat "$out")"
pass "JSON; ends cleanly when python exits"

# --- Java: collections and memory pools ---
if command -v java >/dev/null; then
	start_driven jvm java -Xmx64m "$TB_SRC/tests/progs/GcLoop.java" $N
	J=$DRIVEN_PID
	start_tool ugc -l java "$J" 7>&-
	drive_round jvm
	stop_tool
	[ "$(body | grep -c ' no additional info available$')" -ge $N ] || fail "Java GCs missing: $(cat "$out")"
	body | grep -qE '^[0-9.]+ +[0-9.]+ +.* used=[0-9]+->[0-9]+ max=[0-9]+->[0-9]+$' || fail "no memory pool line: $(cat "$out")"
	pass "Java: $(body | grep -c ' no additional info available$') collections, $(body | grep -c ' used=') pool lines"
	start_tool ugc "$J" -F Eden 7>&-
	drive_round jvm
	stop_tool
	[ "$(body | wc -l)" -ge 1 ] && [ "$(body | grep -vc 'Eden')" = 0 ] || fail "java detection or -F Eden: $(cat "$out")"
	end_driven
	pass "Java detected; -F keeps matching pools only"
fi

# --- bad input: one line, non-zero exit ---
"$TB_BIN/ugc" >/dev/null 2>"$WORK/bad.err" && fail "ugc without a pid was accepted"
grep -q "^ugc: missing PID" "$WORK/bad.err" || fail "no pid: $(cat "$WORK/bad.err")"
"$TB_BIN/ugc" -l cobol 1 >/dev/null 2>"$WORK/bad.err" && fail "-l cobol was accepted"
grep -q "^ugc: invalid language 'cobol'" "$WORK/bad.err" || fail "-l cobol: $(cat "$WORK/bad.err")"
"$TB_BIN/ugc" $$ >/dev/null 2>"$WORK/bad.err" && fail "a shell's pid was accepted"
[ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q "^ugc: failed to detect the language of process $$" "$WORK/bad.err" ||
	fail "undetectable language: $(cat "$WORK/bad.err")"
"$TB_BIN/ugc" -l python "$P" >/dev/null 2>"$WORK/bad.err" && fail "an exited pid was accepted"
grep -q "^ugc: failed to trace process $P: no such process" "$WORK/bad.err" || fail "gone pid: $(cat "$WORK/bad.err")"
"$TB_BIN/ugc" -l ruby $$ >/dev/null 2>"$WORK/bad.err" && fail "ruby probes found in a shell"
grep -q "^ugc: failed to enable USDT probe 'ruby:gc__mark__begin': no such probe in process $$" "$WORK/bad.err" ||
	fail "missing probe: $(cat "$WORK/bad.err")"
pass "bad input rejected with clear errors"
