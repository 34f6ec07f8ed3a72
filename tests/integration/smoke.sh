# The VM tier's smoke pass (tests/vm/smoke.sh: every command once on a known workload) on this
# kernel too, with the static workloads the busybox guests use: a change that breaks it shows
# here before the hour-long tier.
. "$TB_SRC/tests/integration/lib.sh"
require_root
TB_PROGS=$(dirname "$TB_PROGS")/progs-static sh "$TB_SRC/tests/vm/smoke.sh" || fail "the smoke pass failed"
