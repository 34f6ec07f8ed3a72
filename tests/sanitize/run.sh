#!/bin/sh
# The sanitizer pass: builds tracebox with ASan+UBSan in build-asan/ (cmake -DTB_SANITIZE=ON;
# libbcc/LLVM are not instrumented) and runs the unit tests and integration tests under it, as
# root on this kernel. Any sanitizer report fails the test it happens in; leaks inside
# libbcc/LLVM are suppressed by tests/sanitize/lsan.supp, never ours.
#   sh tests/sanitize/run.sh          CI: unit tests + the integration tests that cover the
#                                     loader's core paths (SUBSET below): measured 1.5-4 min of build
#                                     and about 20 s of tests here
#   sh tests/sanitize/run.sh all      every test (a cold compile takes ~3x as long under ASan)
#   sh tests/sanitize/run.sh unit     the unit tests only (4 s after the build)
# TB_SANITIZE_JOBS sets the build's -j (2).
set -e
cd "$(dirname "$0")/../.."

# Loader paths each test adds: perf rings, ordering and accounting (event_order), the trace
# pipe (hello), every attach kind with its errors, USDT and tables (attach_all). CI runs these
# (CI has an hour and the VM tier takes most of it); `all` adds the rest (execsnoop, tbrun,
# cache, detach, profile, memleak...: every cold compile is about 3x as long under ASan).
SUBSET='^unit/|^integration/(hello|attach_all|event_order)$'

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
