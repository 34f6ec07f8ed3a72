#!/bin/sh
# The sanitizer pass: builds tracebox with ASan+UBSan in build-asan/ (cmake -DTB_SANITIZE=ON;
# libbcc/LLVM are not instrumented) and runs the unit tests and integration tests under it, as
# root on this kernel. Any sanitizer report fails the test it happens in; leaks inside
# libbcc/LLVM are suppressed by tests/sanitize/lsan.supp, never ours.
#   sh tests/sanitize/run.sh          CI: unit tests + the integration tests that cover the
#                                     loader's paths (SUBSET below): measured 2-4 min of build
#                                     and 4 s + about 3 min of tests here
#   sh tests/sanitize/run.sh all      every test (a cold compile takes ~3x as long under ASan)
#   sh tests/sanitize/run.sh unit     the unit tests only (4 s after the build)
# TB_SANITIZE_JOBS sets the build's -j (2).
set -e
cd "$(dirname "$0")/../.."

# Loader paths each test adds: perf rings, the decoder and the compile cache (execsnoop), the
# trace pipe (hello), tables, histograms, uprobes and USDT (tbrun), every attach kind and its
# errors (attach_all), histograms on raw tracepoints (runqlat), ordering and accounting
# (event_order). CI runs these; `all` adds the rest (cache, detach, profile, memleak... about
# 3x as long: every cold compile under ASan).
SUBSET='^unit/|^integration/(execsnoop|hello|tbrun|attach_all|runqlat|event_order)$'

start=$(date +%s)
cmake -S . -B build-asan -DTB_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-asan -j"${TB_SANITIZE_JOBS:-2}" >/dev/null
echo "sanitize: built in $(($(date +%s) - start)) s"
start=$(date +%s)
if [ "$1" = all ]; then
	ctest --test-dir build-asan --output-on-failure
elif [ "$1" = unit ]; then
	ctest --test-dir build-asan --output-on-failure -L unit
else
	ctest --test-dir build-asan --output-on-failure -R "$SUBSET"
fi
echo "sanitize: tests ran in $(($(date +%s) - start)) s"
