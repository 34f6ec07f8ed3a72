/* BPF-side run queue bookkeeping shared by runqlat and runqslower: when each runnable thread
 * started waiting, and the wake-up probes that record it. Inlined into each program's embedded
 * source at build time. A task waits from its wake-up (sched_wakeup, sched_wakeup_new) or from
 * being preempted while still runnable (sched_switch's prev) to the sched_switch that runs it.
 *
 * Raw tracepoints hand over the task_structs (tgid, pid, run state); the sched: tracepoints,
 * the fallback before 4.17 (TB_USE_TRACEPOINTS), carry thread IDs only: there tgid is 0, and
 * the frontends refuse filters by process. The including program defines TARG_PID (a tgid) or
 * TARG_TID to filter, and writes its own sched_switch probe with tb_runq_preempted*() and
 * tb_runq_dequeue(). */
#ifndef TB_BPF_RUNQ_H
#define TB_BPF_RUNQ_H

#include "tb_bpf_sched.h"

#ifndef TASK_RUNNING
#define TASK_RUNNING 0
#endif

/* One entry per runnable thread at most: sized from pid_max, allocated on use so that a large
 * pid_max costs nothing up front. */
TB_SCHED_HASH(u32, u64, start);

static __always_inline bool tb_runq_filtered(u32 tgid, u32 pid)
{
#ifdef TARG_PID
	if (tgid != TARG_PID)
		return true;
#endif
#ifdef TARG_TID
	if (pid != TARG_TID)
		return true;
#endif
	return pid == 0; /* the idle task never waits on a run queue */
}

/* pid waits on a run queue from now */
static __always_inline void tb_runq_enqueue(u32 tgid, u32 pid)
{
	u64 ts;

	if (tb_runq_filtered(tgid, pid))
		return;
	ts = bpf_ktime_get_ns();
	tb_count_lost(start.update(&pid, &ts));
}

/* pid runs now: how long it waited, in ns, and its entry removed. False when its enqueue was
 * not seen (before tracing started, or filtered out). */
static __always_inline bool tb_runq_dequeue(u32 tgid, u32 pid, u64 *waited_ns)
{
	u64 *tsp;

	if (tb_runq_filtered(tgid, pid))
		return false;
	tsp = start.lookup(&pid);
	if (!tsp)
		return false;
	*waited_ns = bpf_ktime_get_ns() - *tsp;
	start.delete(&pid);
	return true;
}

#ifndef TB_USE_TRACEPOINTS
/* sched_switch's prev, preempted while runnable, waits on the run queue from now */
static __always_inline void tb_runq_preempted(struct task_struct *prev)
{
	unsigned int state = 1;
	u32 tgid, pid;

	bpf_probe_read_kernel(&state, sizeof(state), TB_TASK_STATE_PTR(prev));
	if (state == TASK_RUNNING) {
		tb_sched_task_ids(prev, &tgid, &pid);
		tb_runq_enqueue(tgid, pid);
	}
}

RAW_TRACEPOINT_PROBE(sched_wakeup)
{
	/* TP_PROTO(struct task_struct *p) */
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	u32 tgid, pid;

	tb_sched_task_ids(p, &tgid, &pid);
	tb_runq_enqueue(tgid, pid);
	return 0;
}

RAW_TRACEPOINT_PROBE(sched_wakeup_new)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	u32 tgid, pid;

	tb_sched_task_ids(p, &tgid, &pid);
	tb_runq_enqueue(tgid, pid);
	return 0;
}

#else /* TB_USE_TRACEPOINTS */

/* sched:sched_switch's prev_state is TASK_RUNNING (0), or has TASK_REPORT_MAX (0x100 or
 * higher) on preemption: the low byte is 0 for a task still runnable either way */
static __always_inline void tb_runq_preempted_tp(long prev_state, u32 prev_pid)
{
	if ((prev_state & 0xff) == TASK_RUNNING)
		tb_runq_enqueue(0, prev_pid);
}

TRACEPOINT_PROBE(sched, sched_wakeup)
{
	tb_runq_enqueue(0, args->pid);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_wakeup_new)
{
	tb_runq_enqueue(0, args->pid);
	return 0;
}
#endif

#endif
