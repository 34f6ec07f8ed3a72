/* The sched probes of the tools that hang on the scheduler: the run queue tools (runqlat,
 * runqslower: wake-ups and switches) and the context-switch tools (cpudist: switches alone),
 * raw tracepoints or tracepoints as the kernel's facts decide. */
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
/* the context switch alone: the last probe of each list */
#define SWITCH_ONLY(list) (&(list)[2])
/* the wakers' tools (wakeuptime): sched_waking fires in try_to_wake_up in the waker's own
 * context; sched_wakeup can fire later on the woken task's CPU (a queued remote wake-up),
 * where the waker is the idle task or an interrupt */
static const struct tb_probe raw_waking[] = {
	{ TB_RAW_TRACEPOINT, "sched_waking" }, { TB_RAW_TRACEPOINT, "sched_switch" }, { TB_PROBE_END },
};
static const struct tb_probe tps_waking[] = {
	{ TB_TRACEPOINT, "sched:sched_waking" }, { TB_TRACEPOINT, "sched:sched_switch" },
	{ TB_PROBE_END },
};

/* Whether every raw tracepoint of the list loads; -v says which kind is attached. */
static bool choose_raw(const struct tb_probe *raw, const char *raw_names, const char *tp_names)
{
	bool ok = true;

	for (const struct tb_probe *p = raw; p->kind != TB_PROBE_END; p++)
		ok = ok && tb_raw_tracepoint_exists(p->target);
	if (ok)
		tb_info("attaching to %s", raw_names);
	else
		tb_info("attaching to %s (no raw tracepoints here: they need Linux 4.17)", tp_names);
	return ok;
}

bool tb_runq_choose_raw(void)
{
	return choose_raw(raw_tps, "raw tracepoints sched_wakeup, sched_wakeup_new, sched_switch",
			  "tracepoints sched:sched_wakeup, sched_wakeup_new, sched_switch");
}

bool tb_switch_choose_raw(void)
{
	return choose_raw(SWITCH_ONLY(raw_tps), "raw tracepoint sched_switch",
			  "tracepoint sched:sched_switch");
}

bool tb_waking_choose_raw(void)
{
	return choose_raw(raw_waking, "raw tracepoints sched_waking, sched_switch",
			  "tracepoints sched:sched_waking, sched_switch");
}

int tb_runq_by_process(bool raw, bool by_process, const char *needs, const char *instead)
{
	if (raw || !by_process)
		return 0;
	tb_error("failed to trace by process: %s raw tracepoints (Linux 4.17), which this kernel "
		 "lacks (%s works)", needs, instead);
	return -1;
}

int tb_block_time_check(long min_us, long max_us)
{
	if (max_us && max_us < min_us) {
		tb_error("invalid options: -M %ld is below -m %ld", max_us, min_us);
		return -1;
	}
	return 0;
}

int tb_block_time_cflags(struct tb_cflags *cf, long stack_storage, long min_us, long max_us)
{
	if (tb_cflags_add(cf, "-DSTACK_STORAGE_SIZE=%ld", stack_storage) ||
	    tb_cflags_add(cf, "-DMIN_BLOCK_US=%ldULL", min_us) ||
	    (max_us && tb_cflags_add(cf, "-DMAX_BLOCK_US=%ldULL", max_us)))
		return -1;
	return 0;
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

int tb_waking_attach(struct tb_prog *prog, bool raw)
{
	return tb_probes_attach(prog, raw ? raw_waking : tps_waking);
}

int tb_switch_attach(struct tb_prog *prog, bool raw)
{
	return tb_probes_attach(prog, raw ? SWITCH_ONLY(raw_tps) : SWITCH_ONLY(tps));
}
