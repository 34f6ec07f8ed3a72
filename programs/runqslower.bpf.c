/* runqslower: each task whose wait on a run queue, from its wake-up (or its preemption while
 * runnable) to its next run, exceeded MIN_US microseconds, with the task it took the CPU from.
 * The start times and wake-up probes are tb_bpf_runq.h's (runqlat's too); raw tracepoints
 * read the task_structs, the sched: tracepoints (before 4.17) carry thread IDs and names but
 * no tgid: -p needs the raw ones. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "runqslower.h"

/* Options from the frontend: MIN_US (0: every wait), TARG_PID (a tgid), TARG_TID, MAX_PID
 * (from /proc/sys/kernel/pid_max), TB_USE_TRACEPOINTS (the fallback). */
#ifndef MIN_US
#define MIN_US TB_RUNQSLOWER_DEFAULT_US
#endif

#include "tb_bpf_runq.h"

BPF_PERF_OUTPUT(events);

/* Whether pid, about to run, waited long enough to be printed: BCC's "delta_us <= min_us"
 * skips, and min_us 0 prints every wait. */
static __always_inline bool slow_wait(u32 tgid, u32 pid, u64 *us)
{
	u64 ns;

	if (!tb_runq_dequeue(tgid, pid, &ns))
		return false; /* enqueued before we started, or filtered out */
	*us = ns / 1000;
#if MIN_US > 0
	if (*us <= MIN_US)
		return false;
#endif
	return true;
}

#ifndef TB_USE_TRACEPOINTS
RAW_TRACEPOINT_PROBE(sched_switch)
{
	/* TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next[, ...]) */
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	struct runqslower_event e;
	u32 tgid, pid;
	u64 us;

	tb_runq_preempted(prev);
	tb_sched_task_ids(next, &tgid, &pid);
	if (!slow_wait(tgid, pid, &us))
		return 0;
	__builtin_memset(&e, 0, sizeof(e));
	e.delta_us = us;
	e.pid = pid;
	bpf_probe_read_kernel(&e.prev_pid, sizeof(e.prev_pid), &prev->pid);
	bpf_probe_read_kernel(&e.task, sizeof(e.task), &next->comm);
	bpf_probe_read_kernel(&e.prev_task, sizeof(e.prev_task), &prev->comm);
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

#else /* TB_USE_TRACEPOINTS: thread IDs only; the frontend refuses -p here */

TRACEPOINT_PROBE(sched, sched_switch)
{
	struct runqslower_event e;
	u64 us;

	tb_runq_preempted_tp(args->prev_state, args->prev_pid);
	if (!slow_wait(0, args->next_pid, &us))
		return 0;
	__builtin_memset(&e, 0, sizeof(e));
	e.delta_us = us;
	e.pid = args->next_pid;
	e.prev_pid = args->prev_pid;
	bpf_probe_read_kernel(&e.task, sizeof(e.task), args->next_comm);
	bpf_probe_read_kernel(&e.prev_task, sizeof(e.prev_task), args->prev_comm);
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
#endif
