#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) in build-fuzz/ with clang, ASan and UBSan,
# and runs each in turn for SECONDS (default 20) over its seed corpus (tests/fuzz/corpus/NAME,
# read only: new inputs go to build-fuzz/corpus/NAME). Fails at the first finding, whose input
# is kept as build-fuzz/artifacts/NAME-crash-... (replay: build-fuzz/bin/fuzz_NAME FILE).
#   sh tests/fuzz/run.sh [SECONDS] [NAME...]   fuzz (CI: 10 s each)
#   sh tests/fuzz/run.sh --smoke [NAME...]     only replay the seeds (a few seconds in all)
# Heavy: run it under nice on a shared machine. TB_FUZZ_JOBS sets the build's -j (2).
set -e
cd "$(dirname "$0")/../.."
src=$PWD
build=$src/build-fuzz

seconds=20
case "$1" in
--smoke) seconds=0; shift ;;
[0-9]*) seconds=$1; shift ;;
esac
names="$*"
[ -n "$names" ] || names=$(ls tests/fuzz/fuzz_*.c | sed 's,.*/fuzz_,,; s,\.c$,,')

# clang and its libFuzzer runtime, installed as root when missing (CI starts from a bare machine)
need=""
for pkg in clang libclang-rt-14-dev; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need="$need $pkg"
done
if [ -n "$need" ] && [ "$(id -u)" = 0 ]; then
	echo "fuzz: installing$need"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $need >/dev/null
fi
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
CC=clang cmake -S . -B "$build" -DTB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=""
for n in $names; do targets="$targets fuzz_$n"; done
cmake --build "$build" -j"${TB_FUZZ_JOBS:-2}" --target $targets >/dev/null

mkdir -p "$build/artifacts"
status=0
printf '%-10s %8s %12s %10s  %s\n' target seconds execs exec/s result
for n in $names; do
	seeds=$src/tests/fuzz/corpus/$n
	work=$build/corpus/$n
	log=$build/fuzz_$n.log
	mkdir -p "$work" "$seeds"
	# -close_fd_mask=3: the parsers' one-line errors would flood the log (reports still show)
	if [ "$seconds" = 0 ]; then
		set -- -runs=0 -artifact_prefix="$build/artifacts/$n-" "$seeds"
	else
		set -- -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
			-artifact_prefix="$build/artifacts/$n-" "$work" "$seeds"
	fi
	start=$(date +%s)
	if "$build/bin/fuzz_$n" -close_fd_mask=3 "$@" >"$log" 2>&1; then
		result=ok
	else
		result="FINDING (see $log)"
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	[ "$seconds" = 0 ] && execs=$(ls "$seeds" | wc -l) && rate=-
	printf '%-10s %8s %12s %10s  %s\n' "$n" $(($(date +%s) - start)) "${execs:-?}" \
		"${rate:-?}" "$result"
	[ $status = 0 ] || { tail -40 "$log" >&2; exit 1; }
done
exit $status
