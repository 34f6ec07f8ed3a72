/* The sched probes of the run queue tools (runqlat, runqslower), chosen by the kernel's facts. */
#include "tracebox.h"
#include "tb_runq.h"

static const struct tb_probe raw_tps[] = {
	{ TB_RAW_TRACEPOINT, "sched_wakeup" }, { TB_RAW_TRACEPOINT, "sched_wakeup_new" },
	{ TB_RAW_TRACEPOINT, "sched_switch" }, { TB_PROBE_END },
};
static const struct tb_probe tps[] = {
	{ TB_TRACEPOINT, "sched:sched_wakeup" }, { TB_TRACEPOINT, "sched:sched_wakeup_new" },
	{ TB_TRACEPOINT, "sched:sched_switch" }, { TB_PROBE_END },
};

bool tb_runq_choose_raw(void)
{
	bool raw = true;

	for (const struct tb_probe *p = raw_tps; p->kind != TB_PROBE_END; p++)
		raw = raw && tb_raw_tracepoint_exists(p->target);
	tb_info("attaching to %s", raw ? "raw tracepoints sched_wakeup, sched_wakeup_new, "
		"sched_switch" : "tracepoints sched:sched_wakeup, sched_wakeup_new, sched_switch "
		"(no raw tracepoints here: they need Linux 4.17)");
	return raw;
}

int tb_runq_cflags(struct tb_cflags *cf, bool raw)
{
	long pid_max = tb_proc_read_long("/proc/sys/kernel/pid_max", 32768);

	if (tb_cflags_add(cf, "-DMAX_PID=%ld", pid_max) ||
	    (!raw && tb_cflags_add(cf, "-DTB_USE_TRACEPOINTS=1")))
		return -1;
	return 0;
}

int tb_runq_attach(struct tb_prog *prog, bool raw)
{
	return tb_probes_attach(prog, raw ? raw_tps : tps);
}
